import { countBelow, forEachPositiveGroup, oneVsRestMetric } from './one-vs-rest.js';

/**
 * Macro one-vs-rest ROC AUC, scikit-learn's `roc_auc_score(y_onehot, scores, average='macro')` over the
 * labels that have positives and negatives: per label, the probability that a positive outscores a negative,
 * a tie counting one half (the Mann-Whitney statistic, equal to the trapezoidal area under the ROC curve).
 */
export const rocAuc = oneVsRestMetric(
  { name: 'roc_auc', title: 'ROC AUC', clipBenchmark: null },
  'mean over labels with samples of one-vs-rest ROC AUC (ties count one half); labels without samples, or whose ' +
    'samples are all the samples, are left out; with a many-to-one map a label scores as the max over its classes',
  ({ all, positives }) => {
    const negatives = all.length - positives.length;
    if (negatives === 0) return undefined;
    let wins = 0;
    forEachPositiveGroup(positives, (score, below, equal) => {
      const allBelow = countBelow(all, score);
      const allEqual = countBelow(all, score, true) - allBelow;
      wins += equal * (allBelow - below + 0.5 * (allEqual - equal));
    });
    return wins / (positives.length * negatives);
  },
);
