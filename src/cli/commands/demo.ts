import { DEMO_CONFIG_FILE, loadDemoConfig } from '../../config/demo-config.js';
import { runDemo } from '../../jobs/demo/run.js';
import { defineCommand } from '../command.js';
import { withCompute, withOptionalModel, withOut } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const demo = defineCommand({
  command: 'demo',
  describe: 'the embedded model on the embedded emoji-shift benchmark, end to end: zero-shot on every split, template comparison, linear probes, effective robustness, fairness, image-text retrieval, compositionality, one report',
  builder: (y) =>
    withOut(withCompute(withOptionalModel(y)), 'demo', 'report.md, report.html, one folder per task')
      .option('config', { type: 'string', default: DEMO_CONFIG_FILE, describe: 'demo suite definition (model, splits, templates, task settings)' })
      .option('data', { type: 'string', describe: 'emoji-shift suite folder (default: <cache>/emoji-shift/<size>; built on first use)' }),
  async run(args) {
    const config = await loadDemoConfig(args.config);
    const result = await runDemo({
      config: args.model !== undefined ? { ...config, model: args.model } : config,
      out: args.out,
      ...(args.data !== undefined ? { data: args.data } : {}),
      runtime: runtimeOptions({ ...args, model: config.model }),
      batchSize: args.batchSize,
    });
    // The headline figures on stdout (the same table opens the report); progress went to stderr.
    const lines = ['split          classes  images  chance  single  ensemble'];
    for (const f of result.zeroShot) {
      lines.push(`${f.split.padEnd(14)} ${String(f.classes).padStart(7)} ${String(f.images).padStart(7)} ${pct(f.chance).padStart(7)} ${pct(f.single.top1).padStart(7)} ${pct(f.ensemble.top1).padStart(9)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\nreport: ${result.report.markdown} and ${result.report.html} (${result.seconds.toFixed(0)} s)\n`);
  },
});
