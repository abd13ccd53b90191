import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matmulTransposed, normalizeRows } from '../../src/core/linalg.js';
import { tensor } from '../../src/core/tensor.js';
import { hashJson } from '../../src/features/file-hash.js';
import { textFeatureKey } from '../../src/features/cache-keys.js';
import { tokenizerHints } from '../../src/model/bundle.js';
import { openModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { headLogits, headProbabilities } from '../../src/model/scoring-head.js';
import { openTextTokenizer } from '../../src/text/load-text-tokenizer.js';
import { maxAbsDiff, readNpy } from '../helpers/shared.js';
import { EMBED_ATOL, expectCliIds, expectInspect, expectSigmoidHead, FAMILY_MODELS, LOGIT_ATOL, PIXEL_ATOL, pixelsOf, readGolden, SESSION, withModel, type MaskedGolden, type SiglipGolden } from './family-fixtures.js';

/**
 * SigLIP 2 (fixed resolution) and an XLM-R text tower under a CLIP head, made by tools/make-family-models.py
 * (plain-torch towers, seeded) with goldens from PyTorch; ids from the tokenizer goldens of test/text.
 */
const SIGLIP2 = join(FAMILY_MODELS, 'siglip2-tiny');
const XLMR = join(FAMILY_MODELS, 'xlmr-clip-tiny');
/** How far an embedding must move (a wrong pad id, a dropped mask) to count as changed. */
const CHANGED = 1e-2;

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-families2-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rows(ids: BigInt64Array, width: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < ids.length / width; r++) out.push(Array.from(ids.subarray(r * width, (r + 1) * width), Number));
  return out;
}

describe('SigLIP 2 (fixed resolution) in the onnx-community layout', () => {
  const g = readGolden<SiglipGolden & { inputs: string[] }>(SIGLIP2);

  it("is told from SigLIP by its Gemma tokenizer (config.json says siglip, as google's FixRes checkpoints do)", async () => {
    expect(JSON.parse(readFileSync(join(SIGLIP2, 'config.json'), 'utf8')).model_type).toBe('siglip');
    const bundle = await resolveBundle(SIGLIP2);
    expect(bundle).toMatchObject({ layout: 'hf', family: 'siglip2', contextLength: 64, padId: undefined, canonicalize: true });
    expect(bundle.tokenizer.kind).toBe('tokenizer-json');
    expect(bundle.preprocess).toMatchObject({ cropSize: 32, resizeMode: 'squash', interpolation: 'bilinear', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], convertFirst: true });
    expect(bundle.head.fromGraph).toMatch(/onnx\/model\.onnx$/);
  });

  it('is siglip2 from model_type siglip2 too, with the same cleaning', async () => {
    const dir = join(tmp, 'model-type-siglip2');
    cpSync(SIGLIP2, dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(SIGLIP2, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, architectures: ['Siglip2Model'], model_type: 'siglip2' }));
    const bundle = await resolveBundle(dir);
    expect(bundle).toMatchObject({ family: 'siglip2', canonicalize: true });
    const tokenizer = await openTextTokenizer(bundle.tokenizer, tokenizerHints(bundle));
    expect(rows((await tokenizer.tokenize(g.texts)).ids.data, 64)).toEqual(g.ids);
  });

  it('cleans from a manifest too: by default for family siglip2, as "canonicalize" says otherwise', async () => {
    const manifest = (extra: Record<string, unknown>) => ({
      family: 'siglip2',
      vision: { file: 'onnx/vision_model.onnx', output: 'pooler_output' },
      text: { file: 'onnx/text_model.onnx', attention_mask: null, output: 'pooler_output' },
      preprocess: { size: 32, resize_mode: 'squash', interpolation: 'bilinear', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], convert: 'before-resize' },
      tokenizer: { tokenizer_json: 'tokenizer.json', kind: 'tokenizer-json', config: 'tokenizer_config.json', ...extra },
      context_length: 64,
    });
    const dir = join(tmp, 'siglip2-manifest');
    cpSync(SIGLIP2, dir, { recursive: true });
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify(manifest({})));
    const bundle = await resolveBundle(dir);
    expect(bundle).toMatchObject({ layout: 'manifest', family: 'siglip2', canonicalize: true, padId: undefined });
    expect(rows((await (await openTextTokenizer(bundle.tokenizer, tokenizerHints(bundle))).tokenize(g.texts)).ids.data, 64)).toEqual(g.ids);
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify(manifest({ canonicalize: false })));
    expect((await resolveBundle(dir)).canonicalize).toBeUndefined();
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify(manifest({ canonicalize: 'yes' })));
    await expect(resolveBundle(dir)).rejects.toThrow(/clip-eval\.json tokenizer: field 'canonicalize' must be true or false, found "yes"/);
  });

  it('keys cached text features by the cleaning, so embeddings of uncleaned ids are not reused', async () => {
    const bundle = await resolveBundle(SIGLIP2);
    const { canonicalize: _, ...uncleaned } = bundle;
    const cleanedKey = await textFeatureKey('t', bundle, undefined);
    expect(cleanedKey).toMatchObject({ canonicalize: true });
    expect(hashJson(cleanedKey)).not.toBe(hashJson(await textFeatureKey('t', uncleaned, undefined)));
  });

  it("tokenizes as open_clip cleans and Gemma's tokenizer.json encodes: no BOS, <eos>, <pad> to 64", async () => {
    await withModel(SIGLIP2, async (model) => {
      expect([model.tokenizer.kind, model.tokenizer.padId, model.tokenizer.eosId, model.tokenizer.contextLength]).toEqual(['tokenizer-json', 0, 1, 64]);
      const { ids } = await model.tokenizer.tokenize(g.texts);
      expect(rows(ids.data, 64)).toEqual(g.ids);
      // The cleaned inputs alone give the same ids: the loader, not the tokenizer file, does the cleaning.
      const plain = await openTextTokenizer(model.bundle.tokenizer, { contextLength: 64 });
      expect(rows((await plain.tokenize(g.inputs)).ids.data, 64)).toEqual(g.ids);
      // Without it (what the shipped config does by itself), upper case and punctuation give other ids.
      const raw = rows((await plain.tokenize(g.texts)).ids.data, 64);
      expect(raw[1]).not.toEqual(g.ids[1]);
      expect(raw[0]).not.toEqual(g.ids[0]);
    });
  });

  it('preprocesses, embeds (pooled at the last position) and scores with the sigmoid head as PyTorch does', async () => {
    await withModel(SIGLIP2, async (model) => {
      expect([model.bundle.vision.output, model.bundle.text.output]).toEqual(['pooler_output', 'pooler_output']);
      expect(model.io.text.inputs.map((i) => i.name)).toEqual(['input_ids']);
      const pixels = await pixelsOf(g.images, model);
      expect(maxAbsDiff(pixels, readNpy(join(SIGLIP2, 'pixels.npy')).data as Float32Array)).toBeLessThanOrEqual(PIXEL_ATOL * 4);
      const image = (await model.encodeImages(tensor(pixels, [g.images.length, 3, 32, 32])))['pooler_output']!;
      expect(maxAbsDiff(image.data, g.image_pooler_output.flat())).toBeLessThan(EMBED_ATOL);
      const text = await model.encodeTexts(g.texts);
      expect(maxAbsDiff(text.data, g.text_pooler_output.flat())).toBeLessThan(EMBED_ATOL);

      // The tower reads the last position, a pad: padding with another id (<eos>) changes the embedding.
      const eosPadded = new BigInt64Array(g.ids[0]!.map((id) => BigInt(id === 0 ? 1 : id)));
      const wrong = await model.encodeTokens(tensor(eosPadded, [1, 64]));
      expect(maxAbsDiff(wrong.data, g.text_pooler_output[0]!)).toBeGreaterThan(CHANGED);

      expectSigmoidHead(model, g, image, text);
    });
  });

  it('tokenize prints the cleaned ids; inspect shows family, tokenizer, pad/eos, pooling, cleaning and head', async () => {
    await expectCliIds(SIGLIP2, g.texts.slice(0, 3), g.ids.slice(0, 3));
    await expectInspect(SIGLIP2, [
      'family         siglip2 (SigLIP 2, fixed resolution',
      'tokenizer      tokenizer-json: tokenizer.json',
      'pad 0, eos 1',
      'context        64 tokens, padded with 0',
      "text cleaning  open_clip's canonicalize_text",
      "pooling        image 'pooler_output', text 'pooler_output', attention mask not fed",
      'scoring head   logit_scale x cosine + logit_bias, sigmoid; scale 10.0000, bias -10.0000',
      'squash to 32x32, no crop, bilinear, RGB before resize',
    ]);
  });
});

describe("an XLM-R text tower under a CLIP head (open_clip's xlm-roberta-base-ViT-B-32 style), from a manifest", () => {
  const g = readGolden<MaskedGolden>(XLMR);

  it('pads with XLM-R\'s <pad> (1), not clip.tokenize\'s 0, though it scores as CLIP', async () => {
    const bundle = await resolveBundle(XLMR);
    expect(bundle).toMatchObject({ layout: 'manifest', family: 'clip', contextLength: 40, padId: undefined });
    expect(bundle.canonicalize).toBeUndefined();
    expect(bundle.tokenizer.kind).toBe('tokenizer-json');
    expect(bundle.preprocess).toMatchObject({ cropSize: 32, resizeMode: 'shortest', interpolation: 'bicubic' });
    expect(bundle.preprocess.convertFirst).toBeUndefined();
  });

  it('tokenizes with the fairseq offset, <s> ... </s>, and feeds the mask the tower mean-pools over', async () => {
    await withModel(XLMR, async (model) => {
      expect([model.tokenizer.kind, model.tokenizer.padId, model.tokenizer.eosId]).toEqual(['tokenizer-json', 1, 2]);
      const { ids, attentionMask } = await model.tokenizer.tokenize(g.texts);
      expect(rows(ids.data, 40)).toEqual(g.ids);
      expect(rows(attentionMask.data, 40)).toEqual(g.attention_mask);
      expect(g.ids.every((row) => row[0] === 0 && row.includes(2))).toBe(true);

      expect(model.io.text.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask']);
      const text = await model.encodeTexts(g.texts);
      expect(maxAbsDiff(text.data, g.text_embeds.flat())).toBeLessThan(EMBED_ATOL);
      // The mask matters: PyTorch with an all-ones mask is far off, and onnxruntime fed one agrees with it.
      expect(maxAbsDiff(g.text_embeds.flat(), g.text_embeds_unmasked.flat())).toBeGreaterThan(CHANGED);
      const ones = tensor(new BigInt64Array(ids.data.length).fill(1n), ids.dims);
      expect(maxAbsDiff((await model.encodeTokens(ids, ones)).data, g.text_embeds_unmasked.flat())).toBeLessThan(EMBED_ATOL);
      // Without a mask given, encodeTokens derives it from the ids (1 through </s>): the tokenizer's own.
      expect(maxAbsDiff((await model.encodeTokens(ids)).data, g.text_embeds.flat())).toBeLessThan(EMBED_ATOL);
    });
  });

  it("preprocesses with OpenAI's transform (resize in the file's mode, crop), embeds and scores with softmax", async () => {
    await withModel(XLMR, async (model) => {
      const pixels = await pixelsOf(g.images, model);
      expect(maxAbsDiff(pixels, readNpy(join(XLMR, 'pixels.npy')).data as Float32Array)).toBeLessThanOrEqual(PIXEL_ATOL * 4);
      const image = (await model.encodeImages(tensor(pixels, [g.images.length, 3, 32, 32])))['image_embeds']!;
      expect(maxAbsDiff(image.data, g.image_embeds.flat())).toBeLessThan(EMBED_ATOL);
      const text = await model.encodeTexts(g.texts);
      expect(model.head).toMatchObject({ kind: 'softmax', bias: undefined, scale: g.logit_scale });
      const logits = headLogits(model.head, matmulTransposed(normalizeRows(image), normalizeRows(text), 1), 'test');
      expect(maxAbsDiff(logits.data, g.logits_per_image.flat())).toBeLessThan(LOGIT_ATOL);
      const probs = headProbabilities(model.head, logits, 'test');
      expect(probs.data.subarray(0, g.texts.length).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    });
  });

  it('refuses a manifest that feeds no mask to a graph that takes one, naming the graph and the field', async () => {
    const dir = join(tmp, 'no-mask');
    cpSync(XLMR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(XLMR, 'clip-eval.json'), 'utf8'));
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify({ ...manifest, text: { ...manifest.text, attention_mask: null } }));
    await expect(openModel(await resolveBundle(dir), SESSION)).rejects.toThrow(/no-mask\/onnx\/text_model\.onnx: the text graph takes 'attention_mask', but no attention mask is fed; expected "attention_mask": "attention_mask" in the clip-eval\.json manifest/);
  });

  it('opens in the HF layout too (config.json model_type xlm-roberta), padded with <pad>', async () => {
    const dir = join(tmp, 'hf-xlmr');
    cpSync(XLMR, dir, { recursive: true });
    rmSync(join(dir, 'clip-eval.json'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'xlm-roberta', pad_token_id: 1, max_position_embeddings: 42 }));
    const tokConfig = JSON.parse(readFileSync(join(XLMR, 'tokenizer_config.json'), 'utf8'));
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...tokConfig, model_max_length: 40 }));
    writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ image_processor_type: 'CLIPImageProcessor', size: { shortest_edge: 32 }, crop_size: { height: 32, width: 32 }, resample: 3 }));
    const bundle = await resolveBundle(dir);
    expect(bundle).toMatchObject({ layout: 'hf', family: 'clip', padId: undefined, contextLength: 40 });
    await withModel(dir, async (model) => {
      expect(model.tokenizer.padId).toBe(1);
      expect(maxAbsDiff((await model.encodeTexts(g.texts)).data, g.text_embeds.flat())).toBeLessThan(EMBED_ATOL);
    });
  });

  it('tokenize prints ids padded with 1; inspect shows family, tokenizer, pad/eos, the fed mask and the head', async () => {
    await expectCliIds(XLMR, g.texts.slice(0, 2), g.ids.slice(0, 2));
    await expectInspect(XLMR, [
      'family         clip',
      'tokenizer      tokenizer-json: tokenizer.json',
      'pad 1, eos 2',
      'context        40 tokens, padded with 1',
      "text cleaning  the tokenizer's own",
      "pooling        image 'image_embeds', text 'text_embeds', attention mask fed ('attention_mask')",
      'scoring head   logit_scale x cosine, softmax; scale 14.2857',
      'resize shortest to 32, centre crop, bicubic',
    ]);
  });
});
