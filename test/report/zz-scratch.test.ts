import { it } from 'vitest';
import { runRobustness } from '../../src/tasks/robustness/run.js';

it('scratch', async () => {
  const t = Date.now();
  const r = await runRobustness({ baseline: '/work/shared/data/robustness_top1s.csv', baselineTypes: '/work/shared/data/testbed_model_types.csv', models: ['instagram-resnext101_32x48d', 'BiT-M-R101x3-ILSVRC2012', 'resnet50', 'vit_b_32_clip_zeroshot'], out: '/tmp/scratch/rob' });
  console.log('total', Date.now() - t);
});
