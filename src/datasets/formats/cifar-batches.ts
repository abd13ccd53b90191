import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import type { Sample } from '../../core/sample.js';
import { pyDescribe, pyField, pyInts, pyTexts, readPickleFile } from './pickle.js';
import { interleavePlanes, pixelSource } from './pixels.js';
import { checkSplit, isDirectory, isFile, layoutError } from '../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset, TemplateSetName } from '../types.js';

/**
 * CIFAR-10 and CIFAR-100 as distributed: python pickles (cifar-10-batches-py, cifar-100-python) or binary
 * batches (cifar-10-batches-bin, cifar-100-binary). Each image is 3072 bytes, the red, green and blue 32x32
 * planes row by row; binary records put the label byte(s) first (CIFAR-100: coarse, then fine).
 */

const SIDE = 32;
const IMAGE_BYTES = SIDE * SIDE * 3;

interface Batch {
  /** Path relative to the root, for sample ids. */
  readonly id: string;
  readonly pixels: Uint8Array;
  readonly labels: readonly number[];
  readonly coarse?: readonly number[];
}

interface CifarFiles {
  readonly folder: string;
  readonly batches: Readonly<Record<'train' | 'test', readonly string[]>>;
  /** The file naming the classes (CIFAR-10) or the coarse superclasses (CIFAR-100). */
  readonly meta: string;
}

export interface CifarSpec {
  readonly name: string;
  readonly title: string;
  readonly classnames: readonly string[];
  readonly templates: TemplateSetName;
  readonly source: string;
  readonly python: CifarFiles;
  readonly binary: CifarFiles;
  /** CIFAR-100: fine labels are the classes; the superclass names (from `coarseNames`) become the `coarse` attribute. */
  readonly coarse: boolean;
}

async function readPickledBatch(path: string, root: string, coarse: boolean): Promise<Batch> {
  const batch = await readPickleFile(path);
  const data = pyField(batch, 'data', path);
  if (typeof data !== 'object' || data === null || !('kind' in data) || data.dtype !== '|u1' || data.shape.length !== 2 || data.shape[1] !== IMAGE_BYTES || data.fortran) {
    throw new ClipEvalError('DATASET', `${path}: 'data' should be a uint8 array of N x ${IMAGE_BYTES}, found ${pyDescribe(data)}`);
  }
  const labels = pyInts(pyField(batch, coarse ? 'fine_labels' : 'labels', path), `${path}: labels`);
  if (labels.length !== data.shape[0]) throw new ClipEvalError('DATASET', `${path}: ${data.shape[0]} images but ${labels.length} labels`);
  const id = relative(root, path);
  return coarse ? { id, pixels: data.data, labels, coarse: pyInts(pyField(batch, 'coarse_labels', path), `${path}: coarse_labels`) } : { id, pixels: data.data, labels };
}

async function readBinaryBatch(path: string, root: string, coarse: boolean): Promise<Batch> {
  const bytes: Uint8Array = await readFile(path);
  const labelBytes = coarse ? 2 : 1;
  const record = labelBytes + IMAGE_BYTES;
  if (bytes.length % record !== 0) {
    throw new ClipEvalError('DATASET', `${path}: truncated or not a CIFAR binary batch: ${bytes.length} bytes is not a whole number of ${record}-byte records (${Math.floor(bytes.length / record)} records and ${bytes.length % record} bytes over); re-download it`);
  }
  const count = bytes.length / record;
  const pixels = new Uint8Array(count * IMAGE_BYTES);
  const labels: number[] = [];
  const coarseLabels: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * record;
    if (coarse) coarseLabels.push(bytes[at]!);
    labels.push(bytes[at + labelBytes - 1]!);
    pixels.set(bytes.subarray(at + labelBytes, at + record), i * IMAGE_BYTES);
  }
  const id = relative(root, path);
  return coarse ? { id, pixels, labels, coarse: coarseLabels } : { id, pixels, labels };
}

/** CIFAR-100's superclass names from its own meta file (the classes' names come from our JSON). */
async function readCoarseNames(format: 'python' | 'binary', path: string): Promise<string[]> {
  if (format === 'binary') return (await readFile(path, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return pyTexts(pyField(await readPickleFile(path), 'coarse_label_names', path), `${path}: coarse_label_names`);
}

export function cifarDataset(spec: CifarSpec): DatasetAdapter {
  const splits = ['test', 'train'] as const;
  const files = (format: 'python' | 'binary', split: 'train' | 'test'): string => `<root>/${spec[format].folder}/{${spec[format].batches[split].join(',')}}`;
  return {
    name: spec.name,
    title: spec.title,
    layout: `${files('python', 'test')} (python pickles, with ${spec.python.meta}) or ${files('binary', 'test')} (binary, with ${spec.binary.meta}); train: ${spec.python.batches.train.join(', ')}`,
    splits,
    defaultSplit: 'test',
    metric: 'top1',
    classCount: spec.classnames.length,
    templates: spec.templates,
    source: spec.source,
    async open(root, { split }): Promise<OpenedDataset> {
      checkSplit(spec.name, splits, split);
      const which = split as 'train' | 'test';
      const format = (await isDirectory(join(root, spec.python.folder))) ? 'python' : (await isDirectory(join(root, spec.binary.folder))) ? 'binary' : undefined;
      if (format === undefined) {
        throw await layoutError(spec.name, `${spec.python.folder}/ or ${spec.binary.folder}/`, root, `${files('python', which)} or ${files('binary', which)}`);
      }
      const layout = spec[format];
      const paths = layout.batches[which].map((b) => join(root, layout.folder, b));
      for (const [i, path] of paths.entries()) {
        if (!(await isFile(path))) throw await layoutError(spec.name, `${layout.folder}/${layout.batches[which][i]}`, root, files(format, which));
      }
      const read = format === 'python' ? readPickledBatch : readBinaryBatch;
      const batches = await Promise.all(paths.map((p) => read(p, root, spec.coarse)));
      const metaPath = join(root, layout.folder, layout.meta);
      const coarseNames = spec.coarse ? await readCoarseNames(format, metaPath) : [];
      for (const batch of batches) {
        const bad = batch.labels.findIndex((l) => l >= spec.classnames.length);
        if (bad !== -1) throw new ClipEvalError('DATASET', `${spec.name}: ${batch.id} label ${batch.labels[bad]} of image ${bad} is outside the ${spec.classnames.length} classes`);
        const badCoarse = batch.coarse?.findIndex((l) => l >= coarseNames.length) ?? -1;
        if (badCoarse !== -1) throw new ClipEvalError('DATASET', `${spec.name}: ${batch.id} coarse label ${batch.coarse![badCoarse]} is not in ${metaPath} (${coarseNames.length} names)`);
      }
      return {
        name: spec.name,
        split,
        root,
        classnames: spec.classnames,
        ...(spec.coarse ? { attributes: ['coarse'] } : {}),
        size: batches.reduce((n, b) => n + b.labels.length, 0),
        async *samples(): AsyncGenerator<Sample> {
          for (const batch of batches) {
            for (let i = 0; i < batch.labels.length; i++) {
              const data = interleavePlanes(batch.pixels, i * IMAGE_BYTES, SIDE, SIDE, 3, 'row-major');
              const attrs = batch.coarse ? { attrs: { coarse: coarseNames[batch.coarse[i]!]! } } : {};
              yield { id: `${batch.id}#${i}`, source: pixelSource(data, SIDE, SIDE, 3), label: batch.labels[i]!, ...attrs };
            }
          }
        },
        skipped: () => [],
      };
    },
  };
}
