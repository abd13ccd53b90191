import { ClipEvalError } from '../../core/errors.js';
import type { Matrix } from '../../core/tensor.js';

/** Features [N, D] with one class index per row. */
export interface LabelledSplit {
  readonly features: Matrix;
  readonly labels: Int32Array;
}

/** A test split with the name it is reported under (the dataset split, or 'test' for --features files). */
export interface NamedSplit extends LabelledSplit {
  readonly name: string;
}

function checkSplit(split: LabelledSplit, name: string): void {
  const { features, labels } = split;
  if (features.rows === 0) throw new ClipEvalError('INPUT', `the ${name} split is empty: a linear probe needs labelled ${name} features`);
  if (labels.length !== features.rows) {
    throw new ClipEvalError('INPUT', `the ${name} split has ${features.rows} feature rows but ${labels.length} labels: they must come from the same samples, in the same order`);
  }
  const { data, cols } = features;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new ClipEvalError('INPUT', `the ${name} features hold ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}: recompute them (a NaN usually means a failed image or an fp16 overflow)`);
    }
  }
  const bad = labels.findIndex((l) => l < 0);
  if (bad >= 0) throw new ClipEvalError('INPUT', `the ${name} label at row ${bad} is ${labels[bad]}: labels must be class indices 0, 1, 2, ...`);
}

/**
 * Checks train and returns its classes, sorted (scikit-learn's classes_): the probe has one row of weights per
 * class seen in train, so a class index missing from train costs nothing.
 */
export function checkTrainSplit(train: LabelledSplit): Int32Array {
  checkSplit(train, 'train');
  const classes = Int32Array.from(new Set(train.labels)).sort();
  if (classes.length < 2) throw new ClipEvalError('INPUT', `the train split has a single class (${classes[0]}): a classifier needs at least two`);
  return classes;
}

/** Checks a test split against train's width and classes; `name` says which split in messages ('test', or "'shift' test"). */
export function checkTestSplit(test: LabelledSplit, classes: Int32Array, trainCols: number, name = 'test'): void {
  checkSplit(test, name);
  if (trainCols !== test.features.cols) {
    throw new ClipEvalError('INPUT', `train features have ${trainCols} dimensions but ${name} features have ${test.features.cols}: use the same model and feature output for both`);
  }
  const known = new Set(classes);
  const unseen = [...new Set(test.labels)].filter((l) => !known.has(l)).sort((a, b) => a - b);
  if (unseen.length > 0) {
    const many = unseen.length > 1;
    throw new ClipEvalError('INPUT', `${name} class${many ? 'es' : ''} ${unseen.slice(0, 10).join(', ')}${unseen.length > 10 ? ', ...' : ''} never appear${many ? '' : 's'} in train: the probe cannot predict ${many ? 'them' : 'it'}; use a train split that covers every class`);
  }
}

/** Checks both splits and returns train's classes, sorted. */
export function checkProbeInputs(train: LabelledSplit, test: LabelledSplit): Int32Array {
  const classes = checkTrainSplit(train);
  checkTestSplit(test, classes, train.features.cols);
  return classes;
}

/** Maps labels to positions in `classes` (sorted, containing every label). */
export function encodeLabels(labels: Int32Array, classes: Int32Array): Int32Array {
  const index = new Map<number, number>();
  classes.forEach((c, i) => index.set(c, i));
  return labels.map((l) => index.get(l)!);
}
