import { join } from 'node:path';
import { csvLine } from '../../core/csv.js';
import { writeFileAtomic } from '../../core/fs.js';
import { encodeNpy } from '../../core/npy.js';
import { writeMatrixNpy } from '../../core/npy-writer.js';
import type { LabelledFeatures } from '../../features/collect.js';

export const EMBED_FILES = { features: 'features.npy', labels: 'labels.npy', samples: 'samples.csv' } as const;

/** `embed`'s files: features.npy [N, D] float32, labels.npy [N] int64 and samples.csv, rows in dataset order. */
export async function writeEmbeddings(out: string, result: LabelledFeatures): Promise<void> {
  await writeMatrixNpy(join(out, EMBED_FILES.features), result.features);
  await writeFileAtomic(join(out, EMBED_FILES.labels), encodeNpy({ dtype: 'int64', shape: [result.labels.length], data: BigInt64Array.from(result.labels, BigInt) }));
  await writeFileAtomic(join(out, EMBED_FILES.samples), csvLine(['index', 'path', 'label']) + result.ids.map((id, i) => csvLine([result.indices[i], id, result.classnames[result.labels[i]!]])).join(''));
}
