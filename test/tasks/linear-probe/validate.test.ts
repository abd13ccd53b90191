import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../../src/core/errors.js';
import { matrix } from '../../../src/core/tensor.js';
import { checkProbeInputs, encodeLabels, type LabelledSplit } from '../../../src/tasks/linear-probe/validate.js';

const split = (values: number[], labels: number[], cols = 2): LabelledSplit => ({ features: matrix(Float32Array.from(values), values.length / cols, cols), labels: Int32Array.from(labels) });
const train = split([0, 1, 1, 0, 2, 2], [4, 7, 4]);
const test = split([1, 1], [7]);

function fails(t: LabelledSplit, s: LabelledSplit, pattern: RegExp): void {
  try {
    checkProbeInputs(t, s);
  } catch (error) {
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as ClipEvalError).code).toBe('INPUT');
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected an error matching ${pattern}`);
}

describe('probe inputs', () => {
  it("returns train's classes sorted (scikit-learn's classes_) and encodes labels as their positions", () => {
    const classes = checkProbeInputs(train, test);
    expect(Array.from(classes)).toEqual([4, 7]);
    expect(Array.from(encodeLabels(train.labels, classes))).toEqual([0, 1, 0]);
  });

  it('rejects what a probe cannot be fitted or scored on, saying where', () => {
    fails(split([0, NaN, 1, 1, 2, 2], [4, 7, 4]), test, /train features hold NaN at row 0, column 1/);
    fails(train, split([Infinity, 1], [7]), /test features hold Infinity at row 0, column 0/);
    fails(split([0, 1, 1, 0, 2, 2], [4, 7]), test, /train split has 3 feature rows but 2 labels/);
    fails(split([], []), test, /train split is empty/);
    fails(train, split([], []), /test split is empty/);
    fails(split([0, 1, 1, 0], [4, 4]), test, /single class \(4\)/);
    fails(train, split([1, 1, 2, 2], [7, 9]), /test class 9 never appears in train/);
    fails(train, split([1, 1, 2], [7], 3), /2 dimensions but test features have 3/);
    fails(split([0, 1, 1, 0, 2, 2], [4, -1, 4]), test, /label at row 1 is -1/);
  });
});
