import type { Runtime } from '../../features/runtime.js';
import { loadFeatureSplit } from './load-features.js';
import { probeFeaturesFromModel, type ModelFeatureRequest } from './model-features.js';
import { linearProbeMetrics, type LinearProbeMetrics, type ProbeProvenance } from './outputs.js';
import { probeCacheKey, readCachedProbe, writeCachedProbe } from './result-cache.js';
import { runLinearProbe, type LinearProbeOptions, type LinearProbeResult } from './run.js';
import type { LabelledSplit, NamedSplit } from './validate.js';

/** A probe's features in memory with where they came from: what several probes on the same features share. */
export interface LoadedProbeFeatures {
  readonly train: LabelledSplit;
  readonly tests: readonly NamedSplit[];
  readonly provenance: ProbeProvenance;
}

/**
 * Where the probe's features come from: .npy files made elsewhere, an opened model over a dataset (cached), or
 * features already loaded by `loadProbeFeatures` (several probes on one set of features load it once).
 */
export type ProbeSource =
  | { readonly kind: 'files'; readonly dir: string }
  | { readonly kind: 'model'; readonly runtime: Runtime; readonly request: ModelFeatureRequest }
  | { readonly kind: 'loaded'; readonly features: LoadedProbeFeatures };

/** Reads or computes a source's features (a loaded source is returned as it is). */
export async function loadProbeFeatures(source: ProbeSource): Promise<LoadedProbeFeatures> {
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
    case 'loaded':
      return source.features;
    default: {
      const never: never = source;
      throw new Error(`unknown probe source ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Loads or streams the features and fits the probe: the result and its metrics.json, nothing written but the
 * result cache: with `cacheDir`, a probe already fitted on the same feature bytes with the same settings is read
 * from it instead of fitted again (metrics.json says `result_cache: "hit"`).
 */
export async function probeFromSource(source: ProbeSource, options: LinearProbeOptions, cacheDir?: string): Promise<{ readonly result: LinearProbeResult; readonly metrics: LinearProbeMetrics }> {
  const { train, tests, provenance } = await loadProbeFeatures(source);
  if (cacheDir === undefined) {
    const result = await runLinearProbe(train, tests, options);
    return { result, metrics: linearProbeMetrics(result, options, provenance) };
  }
  const key = probeCacheKey(train, tests, options);
  const cached = await readCachedProbe(cacheDir, key);
  if (cached !== undefined) return { result: cached, metrics: linearProbeMetrics(cached, options, { ...provenance, resultCache: 'hit' }) };
  const result = await runLinearProbe(train, tests, options);
  await writeCachedProbe(cacheDir, key, result);
  return { result, metrics: linearProbeMetrics(result, options, { ...provenance, resultCache: 'miss' }) };
}
