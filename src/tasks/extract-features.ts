import type { Matrix } from '../core/tensor.js';
import { ClipEvalError } from '../core/errors.js';

/** What to embed: a model, a dataset split, and how to run it. (The lead is implementing this module.) */
export interface FeatureRequest {
  readonly model: string;
  readonly dataset: string;
  readonly data: string;
  readonly split?: string;
  readonly limit?: number;
  readonly batchSize?: number;
  readonly threads?: number;
  readonly decodeWorkers?: number;
  readonly cacheDir?: string;
  readonly noCache?: boolean;
  readonly dtype?: string;
  readonly device?: string;
  /** Name of the model output to use as features (e.g. a pre-projection output); default: the image embeddings. */
  readonly featureOutput?: string;
}

export interface LabelledFeatures {
  /** [N, D] raw (not normalised) features of the images that decoded, in dataset order. */
  readonly features: Matrix;
  readonly labels: Int32Array;
  readonly ids: readonly string[];
  readonly classnames: readonly string[];
  /** The model output the features came from. */
  readonly featureOutput: string;
  readonly nFailed: number;
}

export async function extractFeatures(request: FeatureRequest): Promise<LabelledFeatures> {
  throw new ClipEvalError('CONFIG', `feature extraction for ${request.dataset} is not implemented yet`);
}
