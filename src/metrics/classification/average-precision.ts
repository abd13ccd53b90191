import { countBelow, forEachPositiveGroup, oneVsRestMetric, type LabelColumn } from './one-vs-rest.js';

/**
 * Precision and recall at each distinct score of a positive, highest score first: the points where recall
 * steps up. Tied samples enter together (scikit-learn's `precision_recall_curve`), so neither value depends
 * on the order of ties; thresholds without a positive only lower precision at an unchanged recall, so
 * neither AP below needs them.
 */
function recallSteps({ all, positives }: LabelColumn): { recall: number; precision: number; gained: number }[] {
  const p = positives.length;
  const steps: { recall: number; precision: number; gained: number }[] = [];
  forEachPositiveGroup(positives, (score, below, equal) => {
    const truePositives = p - below;
    const retrieved = all.length - countBelow(all, score);
    steps.push({ recall: truePositives / p, precision: truePositives / retrieved, gained: equal / p });
  });
  return steps;
}

/** Non-interpolated AP, scikit-learn's `average_precision_score`: sum over recall steps of step x precision. */
export const averagePrecision = oneVsRestMetric(
  { name: 'map', title: 'mAP', clipBenchmark: 'mean_average_precision' },
  'mean over labels with samples of one-vs-rest non-interpolated average precision (scikit-learn average_precision_score, macro); ' +
    'with a many-to-one map a label scores as the max over its classes',
  (column) => recallSteps(column).reduce((sum, s) => sum + s.gained * s.precision, 0),
);

/**
 * VOC2007's 11-point interpolated AP (the devkit's `voc_ap` with use_07_metric=True): the mean over
 * t = 0, 0.1, ..., 1 of the best precision at recall >= t (0 where none). t is i * 0.1, as `np.arange(0.,
 * 1.1, 0.1)` computes it, so that e.g. a recall of exactly 3/10 falls below t = 0.30000000000000004 there too.
 */
export const averagePrecision11 = oneVsRestMetric(
  { name: 'map11', title: '11-point mAP', clipBenchmark: null },
  'mean over labels with samples of one-vs-rest VOC2007 11-point interpolated average precision (tied scores grouped); ' +
    'with a many-to-one map a label scores as the max over its classes',
  (column) => {
    const steps = recallSteps(column);
    let sum = 0;
    for (let i = 0; i <= 10; i++) {
      const t = i * 0.1;
      let best = 0;
      for (const s of steps) if (s.recall >= t && s.precision > best) best = s.precision;
      sum += best;
    }
    return sum / 11;
  },
);
