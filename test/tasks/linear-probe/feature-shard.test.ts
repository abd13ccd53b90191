import { describe, expect, it } from 'vitest';
import { linearProbeFeatureShard } from '../../../src/tasks/linear-probe/feature-shard.js';
import { LOCAL_FIXTURES } from '../../helpers/shared.js';

describe('the sharded feature step', () => {
  it('refuses to run without a feature cache (a shard keeps nothing else), before opening the model', async () => {
    const request = { dataset: 'imagefolder', data: '/nowhere', trainSplit: 'train' };
    await expect(linearProbeFeatureShard({ model: `${LOCAL_FIXTURES}models/combined`, cacheDir: null }, request, { index: 0, count: 2 })).rejects.toThrow(/cannot be combined with --no-cache/);
  });
});
