import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/tensor.js';
import { openModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { parseDtype, variantFileNames } from '../../src/model/dtype-variants.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const HF = join(LOCAL_FIXTURES, 'models', 'hf-fp16');
const TOOL = new URL('../../tools/quantize-model.py', import.meta.url).pathname;
const SESSION = { threads: 1, device: 'cpu' } as const;
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-dtype-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import onnx, numpy'], { stdio: 'ignore' }).status === 0);

function cosines(a: Float32Array, b: Float32Array, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r * cols < a.length; r++) {
    let dot = 0, na = 0, nb = 0;
    for (let c = r * cols; c < (r + 1) * cols; c++) {
      dot += a[c]! * b[c]!;
      na += a[c]! * a[c]!;
      nb += b[c]! * b[c]!;
    }
    out.push(dot / Math.sqrt(na * nb));
  }
  return out;
}

describe('--dtype file variants', () => {
  it('names the transformers.js variants, int8 falling back to _quantized', () => {
    expect(variantFileNames('vision_model', 'fp32')).toEqual(['vision_model.onnx']);
    expect(variantFileNames('vision_model', 'fp16')).toEqual(['vision_model_fp16.onnx']);
    expect(variantFileNames('text_model', 'int8')).toEqual(['text_model_int8.onnx', 'text_model_quantized.onnx']);
    expect(variantFileNames('model', 'q4')).toEqual(['model_q4.onnx']);
    expect(() => parseDtype('int4')).toThrow(/--dtype int4 is not known/);
  });

  it('resolves --dtype int8 to _quantized files, and to _int8 ones once they exist', async () => {
    const dir = join(tmp, 'fallback');
    cpSync(HF, dir, { recursive: true });
    for (const base of ['vision_model', 'text_model']) copyFileSync(join(dir, 'onnx', `${base}.onnx`), join(dir, 'onnx', `${base}_quantized.onnx`));
    const viaQuantized = await resolveBundle(dir, { dtype: 'int8' });
    expect(viaQuantized.vision.file).toMatch(/vision_model_quantized\.onnx$/);
    expect(viaQuantized.text.file).toMatch(/text_model_quantized\.onnx$/);
    for (const base of ['vision_model', 'text_model']) copyFileSync(join(dir, 'onnx', `${base}.onnx`), join(dir, 'onnx', `${base}_int8.onnx`));
    expect((await resolveBundle(dir, { dtype: 'int8' })).vision.file).toMatch(/vision_model_int8\.onnx$/);
    expect((await resolveBundle(dir, { dtype: 'quantized' })).vision.file).toMatch(/vision_model_quantized\.onnx$/);
    await expect(resolveBundle(dir, { dtype: 'uint8' })).rejects.toThrow(/for --dtype uint8 .*vision_model_uint8\.onnx/);
  });

  // The fixture's graphs hold Conv, Gemm, Gather, CumSum and Range: every path of the tool but MatMul.
  it.skipIf(PYTHON === undefined)('opens the variants tools/quantize-model.py writes, with embeddings close to fp32', async () => {
    const out = join(tmp, 'variants');
    const run = spawnSync(PYTHON!, [TOOL, HF, out, '--variants', 'fp16,quantized,int8,uint8,q4'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const data = new Float32Array(4 * 3 * 32 * 32).map((_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011));
    const px = tensor(data, [4, 3, 32, 32]);
    const texts = ['a photo of a cat', 'a dog', 'hello world', 'an emoji of a red apple'];
    const ref = await openModel(await resolveBundle(out), SESSION);
    const refImages = (await ref.encodeImages(px)).image_embeds!;
    const refTexts = await ref.encodeTexts(texts);
    await ref.release();
    for (const dtype of ['fp16', 'quantized', 'int8', 'uint8'] as const) {
      const model = await openModel(await resolveBundle(out, { dtype }), SESSION);
      try {
        expect(model.bundle.vision.file).toMatch(new RegExp(`vision_model_${dtype}\\.onnx$`));
        expect(model.io.vision.inputs[0]!.type).toBe('float32');
        const images = (await model.encodeImages(px)).image_embeds!;
        const textEmb = await model.encodeTexts(texts);
        for (const c of cosines(refImages.data, images.data, refImages.cols)) expect(c, dtype).toBeGreaterThan(0.99);
        for (const c of cosines(refTexts.data, textEmb.data, refTexts.cols)) expect(c, dtype).toBeGreaterThan(0.99);
      } finally {
        await model.release();
      }
    }
    // transformers.js' QI8 form: ConvInteger with int8 weights, which onnxruntime-node runs
    const qi8 = join(tmp, 'variants-qi8');
    expect(spawnSync(PYTHON!, [TOOL, HF, qi8, '--variants', 'int8', '--int8-conv'], { encoding: 'utf8' }).status).toBe(0);
    const int8 = await openModel(await resolveBundle(qi8, { dtype: 'int8' }), SESSION);
    const images = (await int8.encodeImages(px)).image_embeds!;
    await int8.release();
    for (const c of cosines(refImages.data, images.data, refImages.cols)) expect(c).toBeGreaterThan(0.99);
    // no MatMul in these graphs: the q4 files are the fp32 ones under another name, and still open
    const q4 = await openModel(await resolveBundle(out, { dtype: 'q4' }), SESSION);
    await q4.release();
  });
});
