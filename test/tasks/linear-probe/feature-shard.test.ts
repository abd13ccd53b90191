import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../../src/features/runtime.js';
import { cacheProbeFeatureShard } from '../../../src/tasks/linear-probe/feature-shard.js';
import { LOCAL_FIXTURES } from '../../helpers/shared.js';

describe('the sharded feature step', () => {
  it('refuses to run without a feature cache (a shard keeps nothing else), before opening the dataset', async () => {
    const request = { dataset: 'imagefolder', data: '/nowhere', trainSplit: 'train' };
    const runtime = await openRuntime({ model: `${LOCAL_FIXTURES}models/combined`, cacheDir: null, decodeWorkers: 0 });
    try {
      await expect(cacheProbeFeatureShard(runtime, request, { index: 0, count: 2 })).rejects.toThrow(/cannot be combined with --no-cache/);
    } finally {
      await runtime.close();
    }
  });
});
