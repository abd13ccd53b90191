import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/tensor.js';
import { openModel, type ClipModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { buildClassifier, zeroShotLogits } from '../../src/prompts/ensemble.js';

import { FIXTURES, hasShared, maxAbsDiff, readNpy, TINY_CLIP } from '../helpers/shared.js';

// Tolerances of ../shared/fixtures/README.md.
const EMBED_ATOL = 1e-4;
const CLASSIFIER_ATOL = 1e-5;
const LOGIT_ATOL = 1e-3;

interface TokenRow { text: string; ids: number[] }
interface ZeroShotFixture { classnames: string[]; templates: string[]; prompts: { text: string }[] | string[]; per_image: { path: string; top1_index: number; logits: number[] }[] }

describe.skipIf(!hasShared)('tiny-random-clip parity with the PyTorch reference', () => {
  let model: ClipModel;
  beforeAll(async () => {
    model = await openModel(await resolveBundle(TINY_CLIP), { threads: 1, device: 'cpu' });
  });
  afterAll(() => model?.release());

  it('encodes the reference pixels into the reference image embeddings', async () => {
    const pixels = readNpy(`${FIXTURES}/pixels.npy`);
    const expected = readNpy(`${FIXTURES}/image_embeds.npy`);
    const out = await model.encodeImages(tensor(pixels.data as Float32Array, pixels.shape));
    const got = out.image_embeds!;
    expect(got.rows).toBe(12);
    expect(maxAbsDiff(got.data, expected.data as Float32Array)).toBeLessThanOrEqual(EMBED_ATOL);
  });

  it.each([0, 49407])('encodes the reference token ids (padded with %i) into the reference text embeddings', async (pad) => {
    const rows = JSON.parse(readFileSync(`${FIXTURES}/tokens.json`, 'utf8')) as TokenRow[];
    const ids = new BigInt64Array(rows.length * 77);
    rows.forEach((r, i) => {
      const end = r.ids.indexOf(49407);
      r.ids.forEach((id, j) => (ids[i * 77 + j] = BigInt(j > end ? pad : id)));
    });
    const got = await model.encodeTokens(tensor(ids, [rows.length, 77]));
    expect(maxAbsDiff(got.data, readNpy(`${FIXTURES}/text_embeds.npy`).data as Float32Array)).toBeLessThanOrEqual(EMBED_ATOL);
  });

  it('tokenizes, encodes and ensembles the prompts into the reference classifier and logits', async () => {
    const fixture = JSON.parse(readFileSync(`${FIXTURES}/zeroshot.json`, 'utf8')) as ZeroShotFixture;
    const prompts = fixture.prompts.map((p) => (typeof p === 'string' ? p : p.text));
    const embeddings = await model.encodeTexts(prompts);
    expect(maxAbsDiff(embeddings.data, readNpy(`${FIXTURES}/prompt_text_embeds.npy`).data as Float32Array)).toBeLessThanOrEqual(EMBED_ATOL);
    const classifier = buildClassifier(embeddings, fixture.templates.length, 'mean-of-normalized');
    expect(maxAbsDiff(classifier.data, readNpy(`${FIXTURES}/classifier.npy`).data as Float32Array)).toBeLessThanOrEqual(CLASSIFIER_ATOL);

    const pixels = readNpy(`${FIXTURES}/pixels.npy`);
    const images = (await model.encodeImages(tensor(pixels.data as Float32Array, pixels.shape))).image_embeds!;
    const logits = zeroShotLogits(images, classifier);
    fixture.per_image.forEach((row, i) => {
      const got = Array.from(logits.data.subarray(i * 4, i * 4 + 4));
      expect(maxAbsDiff(got, row.logits)).toBeLessThanOrEqual(LOGIT_ATOL);
      expect(got.indexOf(Math.max(...got))).toBe(row.top1_index);
    });
  });
});
