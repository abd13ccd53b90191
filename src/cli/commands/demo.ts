import { DEFAULTS } from '../../config/defaults.js';
import { DEMO_CONFIG_FILE, loadDemoConfig } from '../../config/demo-config.js';
import { runDemo } from '../../jobs/demo/run.js';
import { defineCommand } from '../command.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const demo = defineCommand({
  command: 'demo',
  describe: 'the embedded model on the embedded emoji-shift benchmark, end to end: zero-shot on every split, template comparison, linear probes, effective robustness, fairness, one report',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'reports/demo', describe: 'output folder (report.md, report.html, one folder per task)' })
      .option('config', { type: 'string', default: DEMO_CONFIG_FILE, describe: 'demo suite definition (model, splits, templates, task settings)' })
      .option('model', { type: 'string', describe: "model folder instead of the config's (the embedded tiny-clip)" })
      .option('dtype', { type: 'string', default: DEFAULTS.dtype, describe: 'model file variant: fp32, fp16, int8, ...' })
      .option('data', { type: 'string', describe: 'emoji-shift suite folder (default: <cache>/emoji-shift/<size>; built on first use)' })
      .option('threads', { type: 'number', default: DEFAULTS.threads, describe: 'onnxruntime intra-op threads (0 = one per core)' })
      .option('batch-size', { type: 'number', default: DEFAULTS.batchSize, describe: 'images per model call' })
      .option('cache-dir', { type: 'string', describe: 'feature cache folder (default $CLIP_EVAL_CACHE or ~/.cache/clip-eval)' }),
  async run(args) {
    const config = await loadDemoConfig(args.config);
    const result = await runDemo({
      config: args.model !== undefined ? { ...config, model: args.model } : config,
      out: args.out,
      ...(args.data !== undefined ? { data: args.data } : {}),
      runtime: { dtype: args.dtype, threads: args.threads, ...(args.cacheDir !== undefined ? { cacheDir: args.cacheDir } : {}) },
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
