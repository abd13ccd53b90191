import type { ClassificationMetric } from './context.js';
import { PerClassCounts } from './per-class.js';

const name = 'mean_per_class_recall';

/** The mean over labels that have samples of per-label top-1 recall: scikit-learn's `balanced_accuracy_score`. */
export const meanPerClassRecall: ClassificationMetric = {
  name,
  title: 'mean per-class recall',
  clipBenchmark: 'mean_per_class_recall',
  description: 'mean over labels with samples of per-label top-1 recall (balanced accuracy); labels without samples are left out',
  fraction: true,
  create(context) {
    const counts = new PerClassCounts(context, name);
    return {
      add: (labels, scores) => counts.add(labels, scores),
      result() {
        let sum = 0;
        let present = 0;
        for (let c = 0; c < counts.support.length; c++) {
          const recall = counts.recall(c);
          if (recall === null) continue;
          sum += recall;
          present++;
        }
        return present > 0 ? sum / present : NaN;
      },
    };
  },
};
