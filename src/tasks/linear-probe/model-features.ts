import { ClipEvalError } from '../../core/errors.js';
import { collectFeatures } from '../extract-features.js';
import { openDataset } from '../open-dataset.js';
import type { Runtime } from '../runtime.js';
import type { LabelledSplit } from './validate.js';

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
  /** Default: the adapter's default split. */
  readonly testSplit?: string;
  readonly featureOutput?: string;
  readonly batchSize?: number;
  readonly limit?: number;
  readonly quiet?: boolean;
}

export interface ModelFeatures {
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  readonly splits: { readonly train: string; readonly test: string };
  readonly classnames: readonly string[];
  readonly featureOutput: string;
  readonly nFailed: number;
}

/** Train and test features of a dataset, from the feature cache where present, else computed (and cached). */
export async function probeFeaturesFromModel(runtime: Runtime, request: ModelFeatureRequest): Promise<ModelFeatures> {
  const { adapter, dataset: trainSet } = await openDataset(request.dataset, request.data, request.trainSplit);
  const testSplit = request.testSplit ?? adapter.defaultSplit;
  if (testSplit === request.trainSplit) {
    throw new ClipEvalError('USAGE', `--train-split and --test-split are both '${testSplit}': the probe must be scored on data it was not fitted on (${request.dataset} has splits ${adapter.splits.join(', ')})`);
  }
  const { dataset: testSet } = await openDataset(request.dataset, request.data, testSplit);
  const featureOutput = chooseFeatureOutput(runtime.model.imageOutputs, runtime.model.bundle.vision.output, request.featureOutput);
  const options = {
    featureOutput,
    ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.quiet !== undefined ? { quiet: request.quiet } : {}),
  };
  const train = await collectFeatures(runtime, trainSet, options);
  const test = await collectFeatures(runtime, testSet, options);
  if (train.classnames.join('\n') !== test.classnames.join('\n')) {
    throw new ClipEvalError('DATASET', `${request.dataset}: splits '${request.trainSplit}' and '${testSplit}' have different class lists (${train.classnames.length} vs ${test.classnames.length} classes), so their labels do not match; check --train-split and --test-split`);
  }
  return {
    train: { features: train.features, labels: train.labels },
    test: { features: test.features, labels: test.labels },
    splits: { train: request.trainSplit, test: testSplit },
    classnames: train.classnames,
    featureOutput,
    nFailed: train.nFailed + test.nFailed,
  };
}
