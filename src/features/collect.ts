import { concatRows, type Matrix } from '../core/tensor.js';
import type { OpenedDataset } from '../datasets/types.js';
import type { FailedSample } from './embed-dataset.js';
import { streamImageFeatures, type ImageStreamOptions } from './image-stream.js';
import type { Runtime } from './runtime.js';

/** How a split is embedded into memory: one output (default: the image embeddings) and the stream's options. */
export interface FeatureOptions extends Omit<ImageStreamOptions, 'outputs'> {
  /** Name of the model output to use as features (e.g. a pre-projection output); default: the image embeddings. */
  readonly featureOutput?: string;
}

export interface LabelledFeatures {
  /** [N, D] raw (not normalised) features of the images that decoded, in dataset order. */
  readonly features: Matrix;
  readonly labels: Int32Array;
  readonly ids: readonly string[];
  /** Dataset order index of each row. */
  readonly indices: Int32Array;
  readonly classnames: readonly string[];
  readonly attrs: readonly (Readonly<Record<string, string>> | undefined)[];
  /** The model output the features came from. */
  readonly featureOutput: string;
  readonly nFailed: number;
  /** The images that could not be read, decoded or preprocessed, with why. */
  readonly failures: readonly FailedSample[];
  readonly cacheHits: number;
}

/** A whole split's features in memory (for tasks that need every row at once: probes, template comparison). */
export async function collectFeatures(runtime: Runtime, dataset: OpenedDataset, options: FeatureOptions = {}): Promise<LabelledFeatures> {
  const { featureOutput, ...streamOptions } = options;
  const stream = streamImageFeatures(runtime, dataset, { ...streamOptions, ...(featureOutput !== undefined ? { outputs: [featureOutput] } : {}) });
  const output = stream.outputs[0]!;
  const parts: Matrix[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  const indices: number[] = [];
  const attrs: (Readonly<Record<string, string>> | undefined)[] = [];
  for await (const batch of stream) {
    parts.push(batch.features[output]!);
    for (const { index, sample } of batch.items) {
      labels.push(sample.label);
      ids.push(sample.id);
      indices.push(index);
      attrs.push(sample.attrs);
    }
  }
  const width = parts.find((p) => p.rows > 0)?.cols ?? 0;
  return {
    features: concatRows(parts.filter((p) => p.rows > 0), width),
    labels: Int32Array.from(labels),
    ids,
    indices: Int32Array.from(indices),
    classnames: dataset.labels?.names ?? dataset.classnames,
    attrs,
    featureOutput: output,
    nFailed: stream.stats.failures.length,
    failures: stream.stats.failures,
    cacheHits: stream.stats.hits,
  };
}
