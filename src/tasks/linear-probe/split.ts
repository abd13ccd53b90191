import { createRng, permutation } from '../../metrics/random.js';

/** Row indices of a split, in dataset order. */
export interface Partition {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

function rowsByClass(labels: Int32Array, numClasses: number): number[][] {
  const rows: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => rows[label]!.push(i));
  return rows;
}

function shuffled(rows: readonly number[], seed: number): number[] {
  const order = permutation(createRng(seed), rows.length);
  return Array.from(order, (i) => rows[i]!);
}

const sorted = (rows: number[]) => Int32Array.from(rows).sort();

/**
 * A stratified, seeded hold-out: round(fraction · count) rows of each class go to validation, but every class
 * keeps at least one training row (so a class with one example is never validated on).
 * `labels` are encoded class positions 0..numClasses-1.
 */
export function holdOut(labels: Int32Array, numClasses: number, fraction: number, seed: number): Partition {
  const train: number[] = [];
  const validation: number[] = [];
  rowsByClass(labels, numClasses).forEach((rows, c) => {
    const order = shuffled(rows, seed * 7919 + c);
    const held = Math.min(Math.round(fraction * rows.length), rows.length - 1);
    validation.push(...order.slice(0, held));
    train.push(...order.slice(held));
  });
  return { train: sorted(train), validation: sorted(validation) };
}

/** K rows of each class drawn (seeded) from `pool` (row indices into `labels`); all of a class's rows when it has fewer. */
export function drawShots(labels: Int32Array, numClasses: number, pool: Int32Array, shots: number, seed: number): Int32Array {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (const i of pool) byClass[labels[i]!]!.push(i);
  return sorted(byClass.flatMap((rows, c) => shuffled(rows, seed * 7919 + c).slice(0, shots)));
}
