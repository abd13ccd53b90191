import { getDataset } from '../datasets/registry.js';
import type { DatasetAdapter, OpenedDataset } from '../datasets/types.js';
import { ClipEvalError } from '../core/errors.js';

/** Looks the adapter up and opens the split (its default when none is given). */
export async function openDataset(name: string, root: string, split: string | undefined): Promise<{ adapter: DatasetAdapter; dataset: OpenedDataset }> {
  const adapter = getDataset(name);
  const chosen = split ?? adapter.defaultSplit;
  const dataset = await adapter.open(root, { split: chosen });
  if (dataset.size === 0) {
    throw new ClipEvalError('DATASET', `${name}: split '${chosen}' under ${root} holds no samples`);
  }
  return { adapter, dataset };
}
