import { ClipEvalError } from '../../core/errors.js';
import type { ShardSpec } from '../../core/shard.js';
import type { DatasetAdapter, OpenedDataset } from '../../datasets/types.js';
import { collectFeatures, type FeatureOptions, type LabelledFeatures } from '../../features/collect.js';
import { openDataset } from '../open-dataset.js';
import type { Runtime } from '../../features/runtime.js';
import type { LabelledSplit, NamedSplit } from './validate.js';

/**
 * Image-graph outputs that hold the features before the projection (HF's pooler_output: the final layer norm
 * of the class token). The paper probes these for ViTs; an export that has one is probed on it by default.
 */
export const PRE_PROJECTION_OUTPUTS = ['pooler_output'] as const;

/** The requested output, else a pre-projection output when the graph has one, else the embeddings. */
export function chooseFeatureOutput(available: readonly string[], embeddings: string, requested: string | undefined): string {
  if (requested !== undefined) return requested;
  return PRE_PROJECTION_OUTPUTS.find((name) => available.includes(name)) ?? embeddings;
}

export interface ModelFeatureRequest {
  readonly dataset: string;
  readonly data: string;
  readonly trainSplit: string;
  /** One split the probe is scored on (default: the adapter's default split); `testSplits` takes precedence. */
  readonly testSplit?: string;
  /** Several splits one fit is scored on, each its own results row. */
  readonly testSplits?: readonly string[];
  readonly featureOutput?: string;
  readonly batchSize?: number;
  readonly limit?: number;
  readonly quiet?: boolean;
}

export interface ModelFeatures {
  readonly train: LabelledSplit;
  /** In the requested order; the first is the one metrics.json's top-level test figures describe. */
  readonly tests: readonly NamedSplit[];
  readonly splits: { readonly train: string; readonly tests: readonly string[] };
  readonly classnames: readonly string[];
  readonly featureOutput: string;
  readonly nFailed: number;
}

const classList = (dataset: OpenedDataset) => dataset.labels?.names ?? dataset.classnames;

/** The requested test splits: given, else the adapter's default; each once, none the train split. */
export function resolveTestSplits(adapter: DatasetAdapter, request: Pick<ModelFeatureRequest, 'dataset' | 'trainSplit' | 'testSplit' | 'testSplits'>): string[] {
  const requested = request.testSplits ?? (request.testSplit !== undefined ? [request.testSplit] : [adapter.defaultSplit]);
  if (requested.length === 0) throw new ClipEvalError('USAGE', '--test-split names no split');
  const twice = requested.find((s, i) => requested.indexOf(s) !== i);
  if (twice !== undefined) throw new ClipEvalError('USAGE', `--test-split names '${twice}' twice`);
  if (requested.includes(request.trainSplit)) {
    throw new ClipEvalError('USAGE', `--train-split and --test-split are both '${request.trainSplit}': the probe must be scored on data it was not fitted on (${request.dataset} has splits ${adapter.splits.join(', ')})`);
  }
  return [...requested];
}

/** Opens the train split and every test split, checking that they share one class list (so labels match). */
export async function openProbeSplits(request: ModelFeatureRequest): Promise<{ train: OpenedDataset; tests: readonly OpenedDataset[] }> {
  const { adapter, dataset: train } = await openDataset(request.dataset, request.data, request.trainSplit);
  const tests: OpenedDataset[] = [];
  for (const split of resolveTestSplits(adapter, request)) {
    const { dataset } = await openDataset(request.dataset, request.data, split);
    if (classList(dataset).join('\n') !== classList(train).join('\n')) {
      throw new ClipEvalError('DATASET', `${request.dataset}: splits '${request.trainSplit}' and '${split}' have different class lists (${classList(train).length} vs ${classList(dataset).length} classes), so their labels do not match; check --train-split and --test-split`);
    }
    tests.push(dataset);
  }
  return { train, tests };
}

export function collectOptions(runtime: Runtime, request: ModelFeatureRequest, shard?: ShardSpec): FeatureOptions & { featureOutput: string } {
  return {
    featureOutput: chooseFeatureOutput(runtime.model.imageOutputs, runtime.model.bundle.vision.output, request.featureOutput),
    ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.quiet !== undefined ? { quiet: request.quiet } : {}),
    ...(shard !== undefined ? { shard } : {}),
  };
}

/** Train and test features of a dataset, from the feature cache where present, else computed (and cached). */
export async function probeFeaturesFromModel(runtime: Runtime, request: ModelFeatureRequest): Promise<ModelFeatures> {
  const opened = await openProbeSplits(request);
  const options = collectOptions(runtime, request);
  const train = await collectFeatures(runtime, opened.train, options);
  const tests: LabelledFeatures[] = [];
  for (const dataset of opened.tests) tests.push(await collectFeatures(runtime, dataset, options));
  return {
    train: { features: train.features, labels: train.labels },
    tests: tests.map((t, i) => ({ name: opened.tests[i]!.split, features: t.features, labels: t.labels })),
    splits: { train: request.trainSplit, tests: opened.tests.map((d) => d.split) },
    classnames: train.classnames,
    featureOutput: options.featureOutput,
    nFailed: tests.reduce((n, t) => n + t.nFailed, train.nFailed),
  };
}
