import { join } from 'node:path';
import { expect } from 'vitest';
import { buildEmojiSuite } from '../../emoji/build.js';
import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';
import { fakeReader } from '../../../../test/datasets/emoji/fake-packages.js';

/** A tiny suite rendered into the test's folder from test/datasets/emoji's miniature packages (its `id` split only). */
export const contract: AdapterContract = {
  async fixture(tmp) {
    const root = join(tmp, 'suite');
    await buildEmojiSuite({ root, size: 24, classes: 8, ocrWords: 3, splits: ['id'], copies: { id: 1 }, progress: false, reader: fakeReader({ broken: ['openmoji:banana'] }) });
    return root;
  },
  classes: 8,
  size: 23,
  samples: 23,
  first: { id: 'id/0000-dog/noto-0.png', label: 0 },
  // The miniature openmoji banana is broken on purpose: the builder records the skip, the adapter reports it.
  skipped: [{ path: 'id/0007-banana/openmoji-0.png', reason: expect.stringMatching(/^failed to render: icon:openmoji:banana: SVG failed to render/) }],
  wrongRoot: { fixture: 'mnist', error: /^emoji-shift: no emoji-shift suite under .*\/mnist \(expected .*\/mnist\/manifest\.json\); build it first with 'clip-eval demo --data .*\/mnist'/ },
};
