import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONES } from '../../../src/datasets/emoji/emojibase.js';
import { buildEmojiSuite, type BuildOptions } from '../../../src/datasets/emoji/build.js';
import { sha1 } from '../../../src/datasets/emoji/fingerprint.js';
import type { SuiteManifest } from '../../../src/datasets/emoji/manifest.js';
import { GENDERS } from '../../../src/datasets/emoji/plan.js';
import { SPLIT_NAMES } from '../../../src/datasets/emoji/splits.js';
import { vendorsWithRole } from '../../../src/datasets/emoji/vendors.js';
import { fakeReader } from './fake-packages.js';

const TINY: BuildOptions = {
  size: 24, classes: 8, ocrWords: 3, splits: SPLIT_NAMES, progress: false,
  copies: { train: 1, id: 1, clean: 1, v2: 1, rendition: 1, sketch: 1, objectnet: 1, ocr: 1, 'fine-grained': 1, fairness: 1, corpus: 2 },
};

let dir: string;
let manifest: SuiteManifest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emoji-suite-'));
  manifest = await buildEmojiSuite({ ...TINY, root: join(dir, 'suite'), reader: fakeReader({ broken: ['openmoji:banana'] }) });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function split(name: keyof SuiteManifest['splits']) {
  const s = manifest.splits[name];
  if (s === undefined) throw new Error(`split ${name} missing`);
  return s;
}

describe('buildEmojiSuite', () => {
  it('keeps held-out styles out of the training and in-distribution splits', () => {
    const train = new Set<string>(vendorsWithRole('train'));
    for (const name of ['train', 'id', 'clean', 'v2', 'objectnet', 'fine-grained', 'fairness', 'corpus'] as const) {
      for (const item of split(name).items) if (item.attrs['vendor'] !== undefined) expect(train.has(item.attrs['vendor'])).toBe(true);
    }
    for (const [name, role] of [['rendition', 'rendition'], ['sketch', 'sketch']] as const) {
      const allowed = new Set<string>(vendorsWithRole(role));
      expect(split(name).items.length).toBeGreaterThan(0);
      for (const item of split(name).items) expect(allowed.has(item.attrs['vendor']!)).toBe(true);
    }
  });

  it('gives every object split the same classes, the train split included', () => {
    const id = split('id').classnames;
    expect(id).toContain('red apple');
    expect(id).toContain('gorilla');
    for (const name of ['train', 'clean', 'v2', 'rendition', 'sketch', 'objectnet'] as const) expect(split(name).classnames).toEqual(id);
    expect(split('fine-grained').classnames).toEqual(["one o'clock", 'one-thirty', 'flag of Japan', 'flag of France']);
  });

  it('labels fairness images with tone and gender, in a label set with non-human and crime classes', () => {
    const fairness = split('fairness');
    const seen = new Set(fairness.items.map((i) => `${i.attrs['gender']}/${i.attrs['tone']}`));
    expect(seen.size).toBe(GENDERS.length * TONES.length);
    expect(fairness.items.every((i) => fairness.classnames[i.label] === 'health worker')).toBe(true);
    expect(fairness.categories).toHaveLength(fairness.classnames.length);
    const byCategory = (c: string) => fairness.classnames.filter((_, i) => fairness.categories![i] === c);
    expect(byCategory('non-human')).toEqual(expect.arrayContaining(['gorilla', 'monkey', 'chimpanzee']));
    expect(byCategory('crime')).toEqual(['thief', 'criminal', 'suspicious person']);
    expect(fairness.attributes).toEqual(expect.arrayContaining(['gender', 'tone', 'vendor']));
  });

  it('skews skin tones in the training corpus only', () => {
    const count = (name: 'corpus' | 'fairness', tone: string) => split(name).items.filter((i) => i.attrs['tone'] === tone).length;
    expect(count('corpus', 'default')).toBeGreaterThan(count('corpus', 'dark'));
    expect(count('fairness', 'default')).toBe(count('fairness', 'dark'));
  });

  it('renders words in every font for OCR, marking the fonts unseen in training', () => {
    const ocr = split('ocr');
    expect(ocr.classnames).toHaveLength(3);
    expect(new Set(ocr.items.map((i) => i.attrs['font_seen']))).toEqual(new Set(['yes', 'no']));
    expect(split('corpus').items.filter((i) => i.attrs['task'] === 'ocr').every((i) => i.attrs['font_seen'] === 'yes')).toBe(true);
  });

  it('reports what a style lacks and what failed to render, without crashing', () => {
    const reasons = split('rendition').skipped.map((s) => s.reason);
    expect(reasons).toContain("fluent-emoji has no icon for 'cat'");
    const failed = split('id').skipped.filter((s) => s.reason.startsWith('failed to render'));
    expect(failed.map((s) => s.path)).toEqual([expect.stringMatching(/banana\/openmoji-0\.png$/)]);
    expect(split('id').items.some((i) => i.file.endsWith('banana/openmoji-0.png'))).toBe(false);
  });

  it('records a SHA-1 per image that matches the file', async () => {
    for (const item of split('id').items.slice(0, 10)) expect(sha1(await readFile(join(dir, 'suite', item.file)))).toBe(item.sha1);
  });

  it('renders the same bytes from the same seed', async () => {
    const again = await buildEmojiSuite({ ...TINY, splits: ['id', 'objectnet'], root: join(dir, 'again'), reader: fakeReader({ broken: ['openmoji:banana'] }) });
    expect(again.splits.id!.items.map((i) => i.sha1)).toEqual(split('id').items.map((i) => i.sha1));
    expect(again.splits.objectnet!.items.map((i) => i.sha1)).toEqual(split('objectnet').items.map((i) => i.sha1));
    const other = await buildEmojiSuite({ ...TINY, seed: 1, splits: ['id'], root: join(dir, 'seed1'), reader: fakeReader() });
    expect(other.splits.id!.items[0]!.sha1).not.toBe(split('id').items[0]!.sha1);
  }, 60_000);

  it('rebuilds a corrupt or missing cache entry', async () => {
    const root = join(dir, 'suite');
    const [corrupt, missing] = split('v2').items;
    await writeFile(join(root, corrupt!.file), 'not a png');
    await unlink(join(root, missing!.file));
    const repaired = await buildEmojiSuite({ ...TINY, splits: ['v2'], root, reader: fakeReader({ broken: ['openmoji:banana'] }) });
    expect(sha1(await readFile(join(root, corrupt!.file)))).toBe(corrupt!.sha1);
    expect(sha1(await readFile(join(root, missing!.file)))).toBe(missing!.sha1);
    expect(repaired.splits.v2!.items).toEqual(split('v2').items);
  }, 30_000);

  it('reports a missing vendor package and builds without it', async () => {
    const m = await buildEmojiSuite({ ...TINY, splits: ['rendition', 'id'], root: join(dir, 'missing'), reader: fakeReader({ missing: ['fxemoji'] }) });
    expect(m.catalog?.missingPackages).toEqual([{ vendor: 'fxemoji', package: '@iconify-json/fxemoji' }]);
    expect(m.splits.rendition!.skipped).toContainEqual({ path: 'rendition/fxemoji', reason: 'package @iconify-json/fxemoji is not installed (run npm ci); its style is left out' });
    expect(m.splits.rendition!.items.some((i) => i.attrs['vendor'] === 'fxemoji')).toBe(false);
    expect(m.splits.id!.items.length).toBeGreaterThan(0);
  }, 30_000);

  it('refuses a folder that holds something else', async () => {
    const root = join(dir, 'other');
    await mkdir(root);
    await writeFile(join(root, 'notes.txt'), 'mine');
    await expect(buildEmojiSuite({ ...TINY, splits: ['id'], root, reader: fakeReader() })).rejects.toThrow(/not an emoji-shift suite/);
  });
});
