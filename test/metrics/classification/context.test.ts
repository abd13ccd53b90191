import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../../src/core/errors.js';
import { matrix, type Matrix } from '../../../src/core/tensor.js';
import { CLASSIFICATION_METRICS, type ClassificationContext } from '../../../src/metrics/registry.js';

const scores = matrix(Float32Array.from([0.1, 0.5, 0.2, 0.9, 0.3, 0.0]), 2, 3);

/** The ClipEvalError each registered metric throws when created for `context` (and fed one batch, if given). */
function errors(context: ClassificationContext, batch?: { labels: number[]; scores: Matrix }): ClipEvalError[] {
  return Object.values(CLASSIFICATION_METRICS).map((metric) => {
    try {
      const accumulator = metric.create(context);
      if (batch) accumulator.add(Int32Array.from(batch.labels), batch.scores);
    } catch (error) {
      expect(error).toBeInstanceOf(ClipEvalError);
      return error as ClipEvalError;
    }
    throw new Error(`${metric.name} accepted the input`);
  });
}

describe('classification metrics check their input', () => {
  it('a label outside the labels, naming the label and the row', () => {
    for (const e of errors({ classes: 3 }, { labels: [0, 3], scores })) expect(e.message).toMatch(/: label 3 of row 1 is outside the 3 labels$/);
    for (const e of errors({ classes: 3 }, { labels: [-1, 0], scores })) expect(e.message).toMatch(/label -1 of row 0/);
  });

  it('scores whose width is not the classifier\'s', () => {
    for (const e of errors({ classes: 4 }, { labels: [0, 1], scores })) {
      expect(e.code).toBe('INPUT');
      expect(e.message).toMatch(/scores have 3 columns but the classifier has 4 classes/);
    }
  });

  it('a label count that is not the number of rows', () => {
    for (const e of errors({ classes: 3 }, { labels: [0], scores })) expect(e.message).toMatch(/1 labels for 2 rows of scores/);
  });

  it('a NaN score, naming where it is', () => {
    const withNaN = matrix(Float32Array.from([0.1, 0.5, 0.2, 0.9, NaN, 0.0]), 2, 3);
    for (const e of errors({ classes: 3 }, { labels: [0, 1], scores: withNaN })) expect(e.message).toMatch(/score at row 1, column 1 is NaN/);
  });

  it('a class map that does not fit the classes or the labels', () => {
    const wrongLength = { classes: 3, labels: 2, classToLabel: Int32Array.from([0, 1]) };
    for (const e of errors(wrongLength)) expect(e.message).toMatch(/classToLabel has 2 entries for 3 classes/);
    const outOfRange = { classes: 3, labels: 2, classToLabel: Int32Array.from([0, 1, 2]) };
    for (const e of errors(outOfRange)) expect(e.message).toMatch(/classToLabel maps class 2 to 2, outside the 2 labels/);
    for (const e of errors({ classes: 3, labels: 2 })) expect(e.message).toMatch(/2 labels but 3 classes and no classToLabel/);
  });

  it('names the metric that refused', () => {
    const names = errors({ classes: 0 }).map((e) => e.message.split(':')[0]);
    expect(names).toEqual(Object.keys(CLASSIFICATION_METRICS));
  });
});
