import { matrix } from '../../../src/core/tensor.js';
import { createRng } from '../../../src/metrics/random.js';
import type { LabelledSplit } from '../../../src/tasks/linear-probe/validate.js';

/** Seeded Gaussian classes around random means, labelled with the given class values (which may have gaps). */
export function gaussianClasses(seed: number, rows: number, dims: number, classes: readonly number[], spread = 1.5): { train: LabelledSplit; test: LabelledSplit } {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const means = classes.map(() => Array.from({ length: dims }, normal));
  const draw = (n: number): LabelledSplit => {
    const labels = Int32Array.from({ length: n }, (_, i) => classes[i % classes.length]!);
    const data = new Float32Array(n * dims);
    labels.forEach((label, i) => {
      const mean = means[classes.indexOf(label)]!;
      for (let j = 0; j < dims; j++) data[i * dims + j] = mean[j]! + spread * normal();
    });
    return { features: matrix(data, n, dims), labels };
  };
  return { train: draw(rows), test: draw(Math.ceil(rows / 2)) };
}
