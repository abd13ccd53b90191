import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matmulTransposed, normalizeRows } from '../../src/core/linalg.js';
import { matrix, tensor } from '../../src/core/tensor.js';
import { preprocessImage } from '../../src/image/preprocess.js';
import { resolveBundle } from '../../src/model/detect.js';
import { headIsComplete, headLogits, headProbabilities } from '../../src/model/scoring-head.js';
import { maxAbsDiff, readNpy } from '../helpers/shared.js';
import { EMBED_ATOL, expectCliIds, expectInspect, expectSigmoidHead, FAMILY_MODELS, IMAGES, LOGIT_ATOL, PIXEL_ATOL, pixelsOf, readGolden, withModel, type MaskedGolden, type SiglipGolden } from './family-fixtures.js';

/** Made by tools/make-family-models.py: the transformers.js SigLIP layout, goldens from PyTorch. */
const SIGLIP = join(FAMILY_MODELS, 'siglip-tiny');
const golden = readGolden<SiglipGolden>(SIGLIP);
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-families-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHINESE_CLIP = join(FAMILY_MODELS, 'chinese-clip-tiny');

describe('Chinese-CLIP in the HF layout', () => {
  const g = readGolden<MaskedGolden>(CHINESE_CLIP);

  it('feeds the tokenizer\'s attention mask to a text graph that takes one, and scores with softmax', async () => {
    const bundle = await resolveBundle(CHINESE_CLIP);
    expect(bundle).toMatchObject({ family: 'chinese_clip', contextLength: 52 });
    expect(bundle.preprocess).toMatchObject({ resizeMode: 'squash', cropSize: 32, convertFirst: true });
    await withModel(CHINESE_CLIP, async (model) => {
      expect([model.tokenizer.kind, model.tokenizer.padId, model.tokenizer.eosId]).toEqual(['tokenizer-json', 0, 102]);
      const { ids, attentionMask } = await model.tokenizer.tokenize(g.texts);
      expect(Array.from(ids.data, Number)).toEqual(g.ids.flat());
      expect(Array.from(attentionMask.data, Number)).toEqual(g.attention_mask.flat());
      // The mask changes this tower's output, so matching PyTorch proves it is fed.
      expect(maxAbsDiff(g.text_embeds.flat(), g.text_embeds_unmasked.flat())).toBeGreaterThan(1e-2);
      const text = await model.encodeTexts(g.texts);
      expect(maxAbsDiff(text.data, g.text_embeds.flat())).toBeLessThan(EMBED_ATOL);

      const pixels = await pixelsOf(g.images, model);
      expect(maxAbsDiff(pixels, readNpy(join(CHINESE_CLIP, 'pixels.npy')).data as Float32Array)).toBeLessThanOrEqual(PIXEL_ATOL * 4);
      const image = (await model.encodeImages(tensor(pixels, [g.images.length, 3, 32, 32])))['image_embeds']!;
      expect(maxAbsDiff(image.data, g.image_embeds.flat())).toBeLessThan(EMBED_ATOL);

      expect(model.head).toMatchObject({ kind: 'softmax', bias: undefined });
      expect(model.head.scale).toBeCloseTo(g.logit_scale, 3);
      const logits = headLogits(model.head, matmulTransposed(normalizeRows(image), normalizeRows(text), 1), 'test');
      expect(maxAbsDiff(logits.data, g.logits_per_image.flat())).toBeLessThan(LOGIT_ATOL);
      const probs = headProbabilities(model.head, logits, 'test');
      const row = probs.data.subarray(0, g.texts.length);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    });
    await expectInspect(CHINESE_CLIP, ['family         chinese_clip', 'tokenizer      tokenizer-json: tokenizer.json', 'pad 0, eos 102', "attention mask fed ('attention_mask')", 'logit_scale x cosine, softmax; scale 14.28']);
  });
});

describe('SigLIP in the transformers.js layout', () => {
  it('is detected from config.json, with its tokenizer, squash preprocessing and RGB-first order', async () => {
    const bundle = await resolveBundle(SIGLIP);
    expect(bundle).toMatchObject({ layout: 'hf', family: 'siglip', contextLength: 64, padId: undefined });
    expect(bundle.tokenizer.kind).toBe('siglip-spm');
    expect(bundle.preprocess).toMatchObject({ cropSize: 32, resizeSize: 32, resizeMode: 'squash', interpolation: 'bicubic', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], convertFirst: true });
    expect(bundle.head.fromGraph).toMatch(/onnx\/model\.onnx$/);
    // The text tower's weights are external (text_model.onnx_data), opened by onnxruntime beside the graph.
    expect(bundle.files.map((f) => f.slice(SIGLIP.length + 1))).toEqual(['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'onnx/text_model.onnx_data']);
  });

  it('tokenizes, preprocesses, embeds and scores as PyTorch does', async () => {
    await withModel(SIGLIP, async (model) => {
      // pooler_output is all the towers give; the text graph takes no attention mask.
      expect([model.bundle.vision.output, model.bundle.text.output]).toEqual(['pooler_output', 'pooler_output']);
      expect(model.io.text.inputs.map((i) => i.name)).toEqual(['input_ids']);
      expect([model.tokenizer.kind, model.tokenizer.padId, model.tokenizer.eosId]).toEqual(['siglip-spm', 1, 1]);

      const { ids } = await model.tokenizer.tokenize(golden.texts);
      expect(Array.from(ids.data, Number)).toEqual(golden.ids.flat());

      const expected = readNpy(join(SIGLIP, 'pixels.npy'));
      const pixels = await pixelsOf(golden.images, model);
      expect(maxAbsDiff(pixels, expected.data as Float32Array)).toBeLessThanOrEqual(PIXEL_ATOL);

      const image = (await model.encodeImages(tensor(pixels, [golden.images.length, 3, 32, 32])))['pooler_output']!;
      expect(maxAbsDiff(image.data, golden.image_pooler_output.flat())).toBeLessThan(EMBED_ATOL);
      const text = await model.encodeTexts(golden.texts);
      expect(maxAbsDiff(text.data, golden.text_pooler_output.flat())).toBeLessThan(EMBED_ATOL);

      expectSigmoidHead(model, golden, image, text);
    });
  });

  it("differs from OpenAI's resize-first order on palette and alpha images, and not on RGB photos", async () => {
    const bundle = await resolveBundle(SIGLIP);
    const openaiOrder = { ...bundle.preprocess, convertFirst: false };
    const diffs: Record<string, number> = {};
    for (const name of golden.images) {
      const source = { kind: 'file', path: join(IMAGES, name) } as const;
      diffs[name] = maxAbsDiff(await preprocessImage(source, bundle.preprocess), await preprocessImage(source, openaiOrder));
    }
    expect(diffs['photo_640x427.jpg']).toBe(0);
    expect(Math.max(diffs['palette_trns_70x50.png']!, diffs['rgba_onepass_48x100.png']!, diffs['la_alpha_60x60.png']!)).toBeGreaterThan(0);
  });

  it('without the combined graph ranks but refuses probabilities, naming the folder and what it needs', async () => {
    const dir = join(tmp, 'towers-only');
    cpSync(SIGLIP, dir, { recursive: true });
    rmSync(join(dir, 'onnx', 'model.onnx'));
    await withModel(dir, async (model) => {
      expect(headIsComplete(model.head)).toBe(false);
      const cos = matrix(new Float32Array([0.1, 0.2]), 1, 2);
      expect(() => headProbabilities(model.head, cos, dir)).toThrow(/towers-only: probabilities need the model's logit_scale and logit_bias, .*expected a combined onnx\/model\.onnx with logits_per_image, or "scoring"/);
    });
  });

  it('takes scale and bias from a manifest', async () => {
    const dir = join(tmp, 'manifest');
    cpSync(SIGLIP, dir, { recursive: true });
    writeFileSync(
      join(dir, 'clip-eval.json'),
      JSON.stringify({
        family: 'siglip',
        vision: { file: 'onnx/vision_model.onnx', output: 'pooler_output' },
        text: { file: 'onnx/text_model.onnx', attention_mask: null, output: 'pooler_output' },
        preprocess: { size: 32, resize_mode: 'squash', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], convert: 'before-resize' },
        tokenizer: { spiece: 'spiece.model', config: 'tokenizer_config.json' },
        context_length: 64,
        scoring: { logit_scale: golden.logit_scale, logit_bias: golden.logit_bias },
      }),
    );
    await withModel(dir, async (model) => {
      expect(model.bundle.layout).toBe('manifest');
      expect(model.head).toMatchObject({ kind: 'sigmoid', scale: golden.logit_scale, bias: golden.logit_bias });
      expect(model.tokenizer.padId).toBe(1);
      const text = await model.encodeTexts(golden.texts);
      expect(maxAbsDiff(text.data, golden.text_pooler_output.flat())).toBeLessThan(EMBED_ATOL);
    });
  });

  it('names config.json and the family when the tokenizer files are missing', async () => {
    const dir = join(tmp, 'no-tokenizer');
    cpSync(SIGLIP, dir, { recursive: true });
    rmSync(join(dir, 'spiece.model'));
    await expect(resolveBundle(dir)).rejects.toThrow(/no-tokenizer\/config\.json names model_type siglip \(siglip\), but its tokenizer cannot be read: .*no spiece\.model/);
  });

  it("refuses SigLIP 2's NaFlex processor, naming the file and what is expected", async () => {
    const dir = join(tmp, 'naflex');
    cpSync(SIGLIP, dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'siglip2' }));
    writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ image_processor_type: 'Siglip2ImageProcessor', max_num_patches: 256, patch_size: 16 }));
    await expect(resolveBundle(dir)).rejects.toThrow(/naflex\/preprocessor_config\.json: Siglip2ImageProcessor is SigLIP 2's NaFlex .*expected a fixed-resolution export/);
  });

  it('refuses a model_type it does not know, listing the known ones', async () => {
    const dir = join(tmp, 'unknown-family');
    cpSync(SIGLIP, dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'blip' }));
    await expect(resolveBundle(dir)).rejects.toThrow(/config\.json: model_type "blip" is not a family clip-eval runs; expected one of clip, .*siglip/);
  });

  it('tokenize prints the SiglipTokenizer ids, padded with </s> to 64', async () => {
    await expectCliIds(SIGLIP, golden.texts.slice(0, 3), golden.ids.slice(0, 3));
  });

  it('inspect shows the family, tokenizer, pooling and scoring head', async () => {
    await expectInspect(SIGLIP, ['family         siglip', 'tokenizer      siglip-spm: spiece.model', 'pad 1, eos 1', "pooling        image 'pooler_output', text 'pooler_output', attention mask not fed", 'scoring head   logit_scale x cosine + logit_bias, sigmoid; scale 10.0000', 'squash to 32x32, no crop', 'RGB before resize', "text cleaning  the tokenizer's own"]);
  });
});
