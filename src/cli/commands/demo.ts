import { basename, resolve } from 'node:path';
import { DEMO_CONFIG_FILE, loadDemoConfig } from '../../config/demo-config.js';
import { runDemo, type DemoResult } from '../../jobs/demo/run.js';
import { defineCommand } from '../command.js';
import { withCompute, withOptionalModel, withOut } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The headline figures: per split, each model's single-template and ensemble top-1 side by side. */
export function demoTable(result: Pick<DemoResult, 'models'>): string {
  // Each model's name over its two columns, starting where 'single' does.
  const lines = [
    `${' '.repeat(38)}${result.models.map((m) => `  ${m.model.name.padEnd(16)}`).join('')}`.trimEnd(),
    `split          classes  images  chance${result.models.map(() => '  single  ensemble').join('')}`,
  ];
  for (const f of result.models[0]?.zeroShot ?? []) {
    const cells = result.models.map((m) => {
      const own = m.zeroShot.find((o) => o.split === f.split);
      return `${(own ? pct(own.single.top1) : '—').padStart(8)}${(own ? pct(own.ensemble.top1) : '—').padStart(10)}`;
    });
    lines.push(`${f.split.padEnd(14)} ${String(f.classes).padStart(7)} ${String(f.images).padStart(7)} ${pct(f.chance).padStart(7)}${cells.join('')}`);
  }
  return lines.join('\n');
}

export const demo = defineCommand({
  command: 'demo',
  describe: 'the embedded models on the embedded emoji-shift benchmark, end to end and side by side: zero-shot on every split, template comparison, linear probes, image-text retrieval, compositionality, effective robustness, fairness, one report',
  builder: (y) =>
    withOut(withCompute(withOptionalModel(y)), 'demo', 'report.md, report.html, one folder per model and per analysis')
      .option('config', { type: 'string', default: DEMO_CONFIG_FILE, describe: 'demo suite definition (models, splits, templates, task settings)' })
      .option('data', { type: 'string', describe: 'emoji-shift suite folder (default: <cache>/emoji-shift/<size>; built on first use)' }),
  async run(args) {
    const config = await loadDemoConfig(args.config);
    // --model evaluates that one model instead of the config's.
    const models = args.model !== undefined ? [{ name: basename(resolve(args.model)), path: resolve(args.model) }] : config.models;
    const { model: _first, ...runtime } = runtimeOptions({ ...args, model: models[0]!.path });
    const result = await runDemo({
      config: { ...config, models },
      out: args.out,
      ...(args.data !== undefined ? { data: args.data } : {}),
      runtime,
      batchSize: args.batchSize,
    });
    // The headline figures on stdout (the same table opens the report); progress went to stderr.
    process.stdout.write(`${demoTable(result)}\n\nreport: ${result.report.markdown} and ${result.report.html} (${result.seconds.toFixed(0)} s)\n`);
  },
});
