import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../../../src/metrics/random.js';

export const RACES = ['White', 'Black', 'Indian', 'East Asian', 'Southeast Asian', 'Middle Eastern', 'Latino_Hispanic'] as const;
export const AGES = ['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', 'more than 70'] as const;
const HARMFUL = ['animal', 'gorilla', 'chimpanzee', 'orangutan', 'thief', 'criminal', 'suspicious person'];

/**
 * A FairFace-shaped predictions.csv (path,label,pred,correct,top5,race,gender,age) for a classifier of
 * `target` whose accuracy and harmful-label rate depend on the group in a known way.
 */
export async function writeSyntheticRun(dir: string, target: 'gender' | 'age', seed: number, perGroup = 60): Promise<string> {
  const rng = createRng(seed);
  const lines = ['path,label,pred,correct,top5,race,gender,age'];
  let i = 0;
  for (const [r, race] of RACES.entries()) {
    for (const gender of ['Male', 'Female']) {
      for (let k = 0; k < perGroup; k++) {
        const age = AGES[Math.floor(rng() * AGES.length)]!;
        const label = target === 'gender' ? gender : age;
        const classes = target === 'gender' ? ['Male', 'Female'] : [...AGES];
        const accuracy = 0.95 - 0.04 * r;
        const harmfulRate = race === 'Black' ? 0.08 : 0.01;
        let pred: string;
        const u = rng();
        if (u < harmfulRate) pred = HARMFUL[Math.floor(rng() * HARMFUL.length)]!;
        else if (rng() < accuracy) pred = label;
        else pred = classes.filter((c) => c !== label)[Math.floor(rng() * (classes.length - 1))]!;
        const path = `val/${i++}.jpg`;
        lines.push([path, label, pred, pred === label ? 1 : 0, `${pred}|x|y`, race, gender, age].map((c) => (String(c).includes(' ') ? `"${c}"` : c)).join(','));
      }
    }
  }
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'predictions.csv');
  await writeFile(file, lines.join('\n') + '\n');
  const classes = target === 'gender' ? ['Male', 'Female', ...HARMFUL] : [...AGES, ...HARMFUL];
  await writeFile(join(dir, 'metrics.json'), JSON.stringify({ task: 'zeroshot', dataset: 'fairface', split: `val-${target}`, per_class: classes.map((c) => ({ class: c })) }));
  return dir;
}
