import { describe, expect, it } from 'vitest';
import { loadDemoConfig } from '../../../src/config/demo-config.js';
import { captionedSplits } from '../../../src/jobs/demo/captioned.js';

describe('captionedSplits', () => {
  it('gives the splits the config names for retrieval and compositionality', async () => {
    const config = await loadDemoConfig();
    expect(captionedSplits(config)).toEqual(['retrieval', 'compositionality']);
    const { retrieval: _r, compositionality: _c, ...without } = config;
    expect(captionedSplits(without)).toEqual([]);
  });

  it('refuses a split made for another task, listing the ones that fit', async () => {
    const config = await loadDemoConfig();
    expect(() => captionedSplits({ ...config, retrieval: { split: 'id', recallK: [1] } })).toThrow("demo config: 'retrieval.split' is 'id', not a retrieval split of emoji-shift (retrieval splits: retrieval)");
    expect(() => captionedSplits({ ...config, compositionality: { split: 'retrieval' } })).toThrow(/'compositionality\.split' is 'retrieval', not a compositionality split of emoji-shift \(compositionality splits: compositionality\)/);
  });
});
