import type { Runtime } from '../../features/runtime.js';
import { loadFeatureSplit } from './load-features.js';
import { probeFeaturesFromModel, type ModelFeatureRequest } from './model-features.js';
import { linearProbeMetrics, type LinearProbeMetrics, type ProbeProvenance } from './outputs.js';
import { runLinearProbe, type LinearProbeOptions, type LinearProbeResult } from './run.js';
import type { LabelledSplit, NamedSplit } from './validate.js';

/** Where the probe's features come from: .npy files made elsewhere, or an opened model over a dataset (cached). */
export type ProbeSource =
  | { readonly kind: 'files'; readonly dir: string }
  | { readonly kind: 'model'; readonly runtime: Runtime; readonly request: ModelFeatureRequest };

async function loadSource(source: ProbeSource): Promise<{ train: LabelledSplit; tests: readonly NamedSplit[]; provenance: ProbeProvenance }> {
  const start = performance.now();
  switch (source.kind) {
    case 'files': {
      const [train, test] = await Promise.all([loadFeatureSplit(source.dir, 'train'), loadFeatureSplit(source.dir, 'test')]);
      return { train, tests: [{ name: 'test', ...test }], provenance: { source: 'files', features: source.dir, featureOutput: null, featureSeconds: (performance.now() - start) / 1000 } };
    }
    case 'model': {
      const loaded = await probeFeaturesFromModel(source.runtime, source.request);
      return {
        train: loaded.train,
        tests: loaded.tests,
        provenance: {
          source: 'model',
          model: source.runtime.model.bundle.dir,
          dataset: source.request.dataset,
          splits: loaded.splits,
          featureOutput: loaded.featureOutput,
          classnames: loaded.classnames,
          nFailed: loaded.nFailed,
          featureSeconds: (performance.now() - start) / 1000,
        },
      };
    }
    default: {
      const never: never = source;
      throw new Error(`unknown probe source ${JSON.stringify(never)}`);
    }
  }
}

/** Loads or streams the features and fits the probe: the result and its metrics.json, nothing written. */
export async function probeFromSource(source: ProbeSource, options: LinearProbeOptions): Promise<{ readonly result: LinearProbeResult; readonly metrics: LinearProbeMetrics }> {
  const { train, tests, provenance } = await loadSource(source);
  const result = await runLinearProbe(train, tests, options);
  return { result, metrics: linearProbeMetrics(result, options, provenance) };
}
