import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../../core/errors.js';
import { buildEmojiSuite, type BuildOptions } from '../../emoji/build.js';
import type { ManifestSplit } from '../../emoji/manifest.js';
import { emojiShift } from './index.js';
import { collect } from '../../../../test/helpers/datasets.js';
import { fakeReader } from '../../../../test/datasets/emoji/fake-packages.js';

/** A tiny suite built from test/datasets/emoji's miniature packages, as the demo builds the real one before opening it. */
const TINY: BuildOptions = { size: 24, classes: 8, ocrWords: 3, splits: ['fairness', 'ocr'], progress: false, copies: { fairness: 1, ocr: 1 } };

const dir = await mkdtemp(join(tmpdir(), 'emoji-shift-'));
const root = join(dir, 'suite');
afterAll(() => rm(dir, { recursive: true, force: true }));
let fairness: ManifestSplit;
beforeAll(async () => {
  fairness = (await buildEmojiSuite({ ...TINY, root, reader: fakeReader() })).splits.fairness!;
}, 60_000);

describe('emoji-shift adapter', () => {
  it('opens a split as samples with their attributes', async () => {
    const dataset = await emojiShift.open(root, { split: 'fairness' });
    const samples = await collect(dataset);
    expect(samples).toHaveLength(fairness.items.length);
    expect(samples[0]!.source).toEqual({ kind: 'file', path: join(root, fairness.items[0]!.file) });
    expect(samples[0]!.attrs).toMatchObject({ tone: expect.any(String), gender: expect.any(String), vendor: expect.any(String) });
    expect(dataset.classnames).toEqual(fairness.classnames);
  }, 30_000);

  it("gives each split its own template set (words are prompted as text, not as emoji)", async () => {
    expect((await emojiShift.open(root, { split: 'ocr' })).templates).toBe('emoji-text');
    expect((await emojiShift.open(root, { split: 'fairness' })).templates).toBe('emoji');
  }, 30_000);

  it('renders nothing: an unbuilt folder or split is a one-line error saying how to build it', async () => {
    const unbuilt = join(dir, 'unbuilt');
    const error = await emojiShift.open(unbuilt, { split: 'id' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as Error).message).toMatch(/^emoji-shift: no emoji-shift suite under .*unbuilt \(expected .*unbuilt\/manifest\.json\); build it first with 'clip-eval demo --data .*unbuilt'/);
    expect((error as Error).message).not.toContain('\n');
    await expect(stat(unbuilt)).rejects.toThrow(/ENOENT/);
    const partial = join(dir, 'partial');
    await buildEmojiSuite({ ...TINY, splits: ['id'], root: partial, reader: fakeReader() });
    await expect(emojiShift.open(partial, { split: 'ocr' })).rejects.toThrow(/split 'ocr' is not built under .*partial \(its manifest\.json lists id\); build it first with 'clip-eval demo --data/);
    await expect(emojiShift.open(partial, { split: 'corpus' })).rejects.toThrow(/split 'corpus' is not built .*'node tools\/train-tiny-clip\/build-suite\.mjs .*partial'/);
    expect((await readdir(partial)).sort()).toEqual(['id', 'manifest.json']);
  }, 30_000);

  it('names the known splits when given another', async () => {
    await expect(emojiShift.open(root, { split: 'test' })).rejects.toThrow(/unknown split 'test' \(known: train, id/);
  });
});
