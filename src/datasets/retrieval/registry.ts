import { ClipEvalError } from '../../core/errors.js';
import { captionCsv } from './adapters/csv/index.js';
import { flickr30k, flickr8k } from './adapters/flickr/index.js';
import { karpathy } from './adapters/karpathy/index.js';
import { mscocoCaptions } from './adapters/mscoco-captions/index.js';
import { wdsCaptions } from './adapters/wds/index.js';
import type { CaptionedDatasetAdapter } from './types.js';

/**
 * Every captioned-dataset adapter (image-text retrieval), keyed by the name users pass to
 * `clip-eval retrieval --dataset`. One folder each under src/datasets/retrieval/adapters/.
 */
export const RETRIEVAL_DATASETS = {
  flickr30k,
  flickr8k,
  mscoco_captions: mscocoCaptions,
  karpathy,
  wds: wdsCaptions,
  csv: captionCsv,
} as const satisfies Record<string, CaptionedDatasetAdapter>;

export type RetrievalDatasetName = keyof typeof RETRIEVAL_DATASETS;

export function retrievalDatasetNames(): RetrievalDatasetName[] {
  return Object.keys(RETRIEVAL_DATASETS) as RetrievalDatasetName[];
}

export function getRetrievalDataset(name: string): CaptionedDatasetAdapter {
  if (!Object.hasOwn(RETRIEVAL_DATASETS, name)) {
    throw new ClipEvalError('USAGE', `unknown retrieval dataset '${name}' (known: ${retrievalDatasetNames().join(', ')})`);
  }
  return RETRIEVAL_DATASETS[name as RetrievalDatasetName];
}

/** Looks the adapter up and opens the split (its default when none is given). */
export async function openCaptionedDataset(name: string, root: string, split: string | undefined, language = 'en') {
  const adapter = getRetrievalDataset(name);
  return adapter.open(root, { split: split ?? adapter.defaultSplit, language });
}
