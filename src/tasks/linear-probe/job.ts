import { loadFeatureSplit } from './load-features.js';
import { probeFeaturesFromModel, type ModelFeatureRequest } from './model-features.js';
import { linearProbeMetrics, linearProbeResultRows, writeLinearProbeOutputs, type LinearProbeMetrics, type ProbeProvenance } from './outputs.js';
import { runLinearProbe, type LinearProbeOptions } from './run.js';
import type { LabelledSplit, NamedSplit } from './validate.js';
import { recordResult } from '../results/store.js';
import { openRuntime, type RuntimeOptions } from '../runtime.js';

/** Where the probe's features come from: .npy files made elsewhere, or a model run over a dataset (cached). */
export type ProbeSource =
  | { readonly kind: 'files'; readonly dir: string }
  | { readonly kind: 'model'; readonly runtime: RuntimeOptions; readonly request: ModelFeatureRequest };

async function loadSource(source: ProbeSource): Promise<{ train: LabelledSplit; tests: readonly NamedSplit[]; provenance: ProbeProvenance }> {
  const start = performance.now();
  switch (source.kind) {
    case 'files': {
      const [train, test] = await Promise.all([loadFeatureSplit(source.dir, 'train'), loadFeatureSplit(source.dir, 'test')]);
      return { train, tests: [{ name: 'test', ...test }], provenance: { source: 'files', features: source.dir, featureOutput: null, featureSeconds: (performance.now() - start) / 1000 } };
    }
    case 'model': {
      const runtime = await openRuntime(source.runtime);
      try {
        const loaded = await probeFeaturesFromModel(runtime, source.request);
        return {
          train: loaded.train,
          tests: loaded.tests,
          provenance: {
            source: 'model',
            model: source.runtime.model,
            dataset: source.request.dataset,
            splits: loaded.splits,
            featureOutput: loaded.featureOutput,
            classnames: loaded.classnames,
            nFailed: loaded.nFailed,
            featureSeconds: (performance.now() - start) / 1000,
          },
        };
      } finally {
        await runtime.close();
      }
    }
    default: {
      const never: never = source;
      throw new Error(`unknown probe source ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Loads or computes the features, runs the probe, writes metrics.json, weights.npy, bias.npy and the sweep
 * plot (drawn by `sweepPlot`) into `out`, and records one row per test split in the results store there.
 */
export async function linearProbeJob(source: ProbeSource, options: LinearProbeOptions, out: string, sweepPlot?: (metrics: LinearProbeMetrics) => unknown): Promise<LinearProbeMetrics> {
  const { train, tests, provenance } = await loadSource(source);
  const result = await runLinearProbe(train, tests, options);
  const metrics = linearProbeMetrics(result, options, provenance);
  await writeLinearProbeOutputs(out, result, metrics, sweepPlot);
  for (const row of linearProbeResultRows(metrics)) await recordResult(out, row);
  return metrics;
}
