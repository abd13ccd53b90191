import type { PlotSpec } from '../document.js';
import { COLORS, topLevel } from './theme.js';

/** The part of a linear probe's metrics.json the plot reads: the sweep fits and the chosen C. */
export interface SweepCurve {
  readonly C: number;
  readonly sweep: readonly {
    readonly C: number;
    readonly train_accuracy: number;
    readonly validation_accuracy: number;
    readonly converged: boolean;
  }[];
}

const SPLITS = { validation: 'Validation (held out of train)', train: 'Train part (fitted)' } as const;

/**
 * Accuracy against C on a log axis for every fit of the regularisation sweep, validation and train, with the
 * chosen C marked; fits that stopped without converging are drawn as crosses.
 */
export function linearProbeSweepSpec(curve: SweepCurve, title = 'Linear probe: regularisation sweep'): PlotSpec {
  const points = [...curve.sweep].sort((a, b) => a.C - b.C);
  const values = points.flatMap((p) =>
    (['validation', 'train'] as const).map((split) => ({
      C: p.C,
      accuracy: split === 'validation' ? p.validation_accuracy : p.train_accuracy,
      split: SPLITS[split],
      fit: p.converged ? 'converged' : 'not converged',
    })),
  );
  const x = { field: 'C', type: 'quantitative', scale: { type: 'log' }, axis: { format: '.0e', title: 'C (inverse L2 strength, log scale)' } } as const;
  return topLevel({
    title: { text: title, subtitle: `chosen C = ${curve.C.toPrecision(3)} (best validation accuracy)` },
    width: 480,
    height: 280,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: false },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', axis: { format: '.0%', title: 'Accuracy' }, scale: { zero: false } },
          color: { field: 'split', type: 'nominal', title: null, scale: { domain: [SPLITS.validation, SPLITS.train], range: [COLORS.evaluated, COLORS.neutral] } },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative' },
          color: { field: 'split', type: 'nominal', title: null },
          shape: { field: 'fit', type: 'nominal', title: null, scale: { domain: ['converged', 'not converged'], range: ['circle', 'cross'] } },
          tooltip: [
            { field: 'C', type: 'quantitative', format: '.3g' },
            { field: 'split', type: 'nominal' },
            { field: 'accuracy', type: 'quantitative', format: '.2%' },
            { field: 'fit', type: 'nominal' },
          ],
        },
      },
      {
        data: { values: [{ C: curve.C }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.fit },
        encoding: { x },
      },
    ],
  });
}
