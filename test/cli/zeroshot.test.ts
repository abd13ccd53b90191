import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/core/npy.js';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { FIXTURES, hasShared, LOCAL_FIXTURES, TINY_CLIP } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-zs-'));
const cache = join(tmp, 'cache');
const TOY = join(LOCAL_FIXTURES, 'models', 'combined');
const images = join(tmp, 'images');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  for (const [c, cls] of ['cat', 'dog', 'bird'].entries()) {
    for (let i = 0; i < 3; i++) await writeTestImage(join(images, cls, `${i}.${i === 2 ? 'png' : 'jpg'}`), 40 + 7 * i, 30 + 5 * c, c * 3 + i);
  }
  await writeTestImage(join(images, 'dog', 'nested', 'deep.jpg'), 50, 50, 9);
  writeFileSync(join(images, 'bird', 'truncated.jpg'), readFileSync(join(images, 'cat', '0.jpg')).subarray(0, 300));
  writeFileSync(join(images, 'bird', 'README.txt'), 'not an image');
});

function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('clip-eval zeroshot', () => {
  it.skipIf(!hasShared)('matches the reference top-1 on the shared fixtures with tiny-random-clip', async () => {
    const out = join(tmp, 'tiny');
    const missing = await runCli(['zeroshot', '--model', TINY_CLIP, '--data', join(FIXTURES, 'images'), '--templates', join(tmp, 'missing.json'), '--cache-dir', cache]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/template file .*missing\.json: ENOENT/);
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'zeroshot.json'), 'utf8')) as { templates: string[]; per_image: { path: string; top1: string }[] };
    writeFileSync(join(tmp, 'templates.json'), JSON.stringify(fixture.templates));
    const ok = await runCli(['zeroshot', '--model', TINY_CLIP, '--data', join(FIXTURES, 'images'), '--out', out, '--templates', join(tmp, 'templates.json'), '--save-embeddings', '--cache-dir', cache]);
    expect(ok.stderr).toContain('top-1');
    expect(ok.code).toBe(0);
    const rows = readCsv(join(out, 'predictions.csv'));
    // Our preprocessing is exact, so the reference's per-image top-1 is reproduced from the image files.
    expect(rows.map((r) => `${r.path}:${r.pred}`)).toEqual(fixture.per_image.map((p) => `${p.path}:${p.top1}`));
    const emb = decodeNpy(readFileSync(join(out, 'image_embeddings.npy')));
    expect(emb.shape).toEqual([12, 32]);
    const classifier = decodeNpy(readFileSync(join(out, 'classifier.npy')));
    expect(classifier.shape).toEqual([4, 32]);
    // logits.npy: the model's own scores; tiny-random-clip gives no scale, so CLIP's 100 x cosine.
    const logits = decodeNpy(readFileSync(join(out, 'logits.npy')));
    expect(logits.shape).toEqual([12, 4]);
    const e = emb.data as Float32Array;
    const w = classifier.data as Float32Array;
    for (let r = 0; r < 12; r++) {
      const row = e.subarray(r * 32, (r + 1) * 32);
      const norm = Math.hypot(...row);
      for (let c = 0; c < 4; c++) {
        let dot = 0;
        for (let d = 0; d < 32; d++) dot += row[d]! * w[c * 32 + d]!;
        expect((logits.data as Float32Array)[r * 4 + c]).toBeCloseTo((100 * dot) / norm, 3);
      }
    }
  });

  it('writes metrics and predictions, reports bad images, and re-encodes nothing on a second run', async () => {
    const out1 = join(tmp, 'run1');
    const first = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', out1, '--cache-dir', cache, '--batch-size', '4']);
    expect(first.code, first.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out1, 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ task: 'zeroshot', dataset: 'imagefolder', n: 10, n_failed: 1, n_skipped: 1, feature_cache: { hits: 0, computed: 10 } });
    for (const key of ['top1', 'top5', 'mean_per_class_recall']) expect(metrics[key]).toBeGreaterThanOrEqual(0);
    expect(metrics.per_class.map((p: { class: string }) => p.class)).toEqual(['bird', 'cat', 'dog']);
    const rows = readCsv(join(out1, 'predictions.csv'));
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.path === 'dog/nested/deep.jpg')?.label).toBe('dog');
    expect(readFileSync(join(out1, 'failures.csv'), 'utf8')).toMatch(/bird\/truncated\.jpg,.*truncated\.jpg/);
    expect(readFileSync(join(out1, 'skipped.csv'), 'utf8')).toContain('bird/README.txt');

    const out2 = join(tmp, 'run2');
    const second = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', out2, '--cache-dir', cache, '--templates', 'identity']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/10 from cache, 0 encoded/);
    expect(JSON.parse(readFileSync(join(out2, 'metrics.json'), 'utf8')).feature_cache).toMatchObject({ hits: 10, computed: 0 });
  });

  it('resumes a run from the features the cache already holds', async () => {
    const resumeCache = join(tmp, 'resume-cache');
    const partial = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', join(tmp, 'r1'), '--cache-dir', resumeCache, '--limit', '4']);
    expect(partial.code, partial.stderr).toBe(0);
    const full = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', join(tmp, 'r2'), '--cache-dir', resumeCache]);
    expect(full.stderr).toMatch(/3 from cache, 7 encoded, 1 failed/); // the 4 first samples hold the truncated image
  });

  it.each([
    ['a template without {}', ['--templates', 'TEMPLATE_FILE'], /template "a photo" has 0 '\{\}' placeholders/],
    ['a class-name file of the wrong length', ['--classnames', 'NAMES_FILE'], /has 2 names but the dataset has 3 classes/],
    ['a missing model', ['--model', '/nonexistent/model'], /model folder \/nonexistent\/model not found/],
    ['an empty dataset', ['--data', 'EMPTY_DIR'], /no class folders in/],
    ['an unknown dataset', ['--dataset', 'nope'], /unknown dataset 'nope' \(known: .*imagefolder/],
  ])('fails in one line on %s', async (_name, extra, message) => {
    const templateFile = join(tmp, 'bad-templates.txt');
    const namesFile = join(tmp, 'names.txt');
    const emptyDir = join(tmp, 'empty');
    writeFileSync(templateFile, 'a photo\n');
    writeFileSync(namesFile, 'one\ntwo\n');
    mkdirSync(emptyDir, { recursive: true });
    const substituted = extra.map((a) => (a === 'TEMPLATE_FILE' ? templateFile : a === 'NAMES_FILE' ? namesFile : a === 'EMPTY_DIR' ? emptyDir : a));
    const base = ['zeroshot', '--model', TOY, '--data', images, '--out', join(tmp, 'bad'), '--cache-dir', cache];
    for (let i = 0; i < substituted.length; i += 2) {
      const at = base.indexOf(substituted[i]!);
      if (at >= 0) base.splice(at, 2);
    }
    const run = await runCli([...base, ...substituted]);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the stack of a known error only with --debug', async () => {
    const run = await runCli(['zeroshot', '--model', '/nonexistent', '--data', images, '--debug']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 on usage errors', async () => {
    const run = await runCli(['zeroshot', '--data', images]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Missing required argument: model/);
    expect(existsSync(join(tmp, 'nothing'))).toBe(false);
  });
});

describe.skipIf(!hasShared)('tokenize, preprocess, embed-text, inspect', () => {
  it('tokenize prints padded id arrays identical to clip.tokenize', async () => {
    const rows = JSON.parse(readFileSync(join(FIXTURES, 'tokens.json'), 'utf8')) as { text: string; ids: number[]; truncated: boolean }[];
    const sample = rows.filter((r) => !r.truncated).slice(0, 10);
    const run = await runCli(['tokenize', '--model', TINY_CLIP, ...sample.map((r) => r.text)]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(sample.map((r) => r.ids));
    const long = rows.find((r) => r.truncated)!;
    const refused = await runCli(['tokenize', '--model', TINY_CLIP, long.text]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/over the context length 77/);
    const cut = await runCli(['tokenize', '--model', TINY_CLIP, '--truncate', long.text]);
    expect(JSON.parse(cut.stdout)).toEqual([long.ids]);
  });

  it('preprocess writes the tensors the image tower sees, in argument order', async () => {
    const paths = readFileSync(join(FIXTURES, 'paths.txt'), 'utf8').trim().split('\n').slice(0, 3);
    const out = join(tmp, 'pixels.npy');
    const run = await runCli(['preprocess', '--model', TINY_CLIP, '--out', out, ...paths.map((p) => join(FIXTURES, 'images', p))]);
    expect(run.code, run.stderr).toBe(0);
    const got = decodeNpy(readFileSync(out));
    const ref = decodeNpy(readFileSync(join(FIXTURES, 'pixels.npy')));
    expect(got.shape).toEqual([3, 3, 224, 224]);
    const n = 3 * 3 * 224 * 224;
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs((got.data as Float32Array)[i]! - (ref.data as Float32Array)[i]!));
    expect(max * 0.27 * 255).toBeLessThanOrEqual(1); // within one level in 0..255 units
  });

  it('embed-text writes the raw text embeddings in order', async () => {
    const out = join(tmp, 'text.npy');
    const file = join(tmp, 'texts.txt');
    writeFileSync(file, 'a photo of a dog.\n');
    const run = await runCli(['embed-text', '--model', TINY_CLIP, '--out', out, '--file', file, 'a photo of a cat.']);
    expect(run.code, run.stderr).toBe(0);
    expect(decodeNpy(readFileSync(out)).shape).toEqual([2, 32]);
  });

  it('inspect prints what it detected', async () => {
    const run = await runCli(['inspect', '--model', TINY_CLIP]);
    expect(run.code, run.stderr).toBe(0);
    for (const text of ['hf layout', 'pixel_values float32[batch_size, 3, 224, 224]', 'embedding      32-d', 'bicubic', 'vocabulary 49408', 'context        77 tokens']) {
      expect(run.stdout).toContain(text);
    }
    const json = JSON.parse((await runCli(['inspect', '--model', TINY_CLIP, '--json'])).stdout);
    expect(json).toMatchObject({ layout: 'hf', contextLength: 77, embeddingWidth: 32 });
  });
});

describe('clip-eval imagefolder with a copied tree', () => {
  it('reads class folders with spaces from underscores', async () => {
    const dir = join(tmp, 'underscored');
    cpSync(join(images, 'cat'), join(dir, 'golden_retriever'), { recursive: true });
    const out = join(tmp, 'underscored-out');
    const run = await runCli(['zeroshot', '--model', TOY, '--data', dir, '--out', out, '--cache-dir', cache]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'predictions.csv'), 'utf8')).toContain('golden retriever');
  });

  it('a split where no image can be read is one line and exit 1, with every image and its reason in failures.csv', async () => {
    const out = join(tmp, 'none-read');
    const run = await runCli(['zeroshot', '--model', TOY, '--data', join(LOCAL_FIXTURES, 'datasets', 'imagefolder'), '--max-pixels', '10', '--out', out, '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^clip-eval: imagefolder\/\.: none of the 3 images could be read \(see .*failures\.csv\)$/);
    const failures = readFileSync(join(out, 'failures.csv'), 'utf8').trim().split('\n');
    expect(failures).toHaveLength(4);
    expect(failures[1]).toMatch(/over the pixel limit of 10/);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
  });
});

/** Rows of `emb` L2-normalised, averaged in groups of `counts`, L2-normalised again (the mean-of-normalized ensemble). */
function ensembleRows(emb: Float32Array, dim: number, counts: number[]): number[][] {
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  let r = 0;
  return counts.map((count) => {
    const sum = new Array<number>(dim).fill(0);
    for (let k = 0; k < count; k++, r++) unit([...emb.subarray(r * dim, (r + 1) * dim)]).forEach((x, j) => (sum[j]! += x));
    return unit(sum.map((x) => x / count));
  });
}

const ATOL = 1e-5;
function expectRowsClose(got: Float32Array, want: number[][]): void {
  const dim = want[0]!.length;
  expect(got.length).toBe(want.length * dim);
  want.forEach((row, c) => row.forEach((x, j) => expect(Math.abs(got[c * dim + j]! - x)).toBeLessThanOrEqual(ATOL)));
}

describe('clip-eval zeroshot with class-prompt files and --language', () => {
  const cupl = { bird: ['a photo of a bird.', 'a small bird on a branch.'], cat: ['a cat.'], dog: ['a dog.', 'a dog playing fetch.', 'a puppy.'] };

  it('a CuPL file gives each class the mean of its own normalised prompt embeddings', async () => {
    const file = join(tmp, 'cupl.json');
    writeFileSync(file, JSON.stringify(cupl));
    const out = join(tmp, 'cupl-out');
    const run = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', out, '--templates', file, '--save-embeddings', '--cache-dir', cache]);
    expect(run.code, run.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.templates).toEqual({ name: file, count: 6, per_class: true });
    expect(metrics).not.toHaveProperty('language');
    const texts = join(tmp, 'cupl-texts.txt');
    writeFileSync(texts, [...cupl.bird, ...cupl.cat, ...cupl.dog].join('\n') + '\n');
    const embOut = join(tmp, 'cupl-texts.npy');
    const embedded = await runCli(['embed-text', '--model', TOY, '--out', embOut, '--file', texts]);
    expect(embedded.code, embedded.stderr).toBe(0);
    const emb = decodeNpy(readFileSync(embOut));
    const dim = emb.shape[1]!;
    const classifier = decodeNpy(readFileSync(join(out, 'classifier.npy')));
    expect(classifier.shape).toEqual([3, dim]);
    expectRowsClose(classifier.data as Float32Array, ensembleRows(emb.data as Float32Array, dim, [2, 1, 3]));
  });

  it('a CuPL file that does not name exactly the classes, or holds a bad list, is one line naming the file', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['missing.json', { bird: ['a bird.'], cat: ['a cat.'] }, /cupl-missing\.json: no prompts for 1 of the dataset's 3 classes: "dog"$/],
      ['extra.json', { ...cupl, dgo: ['a dog.'] }, /cupl-extra\.json: 1 names are not classes of the dataset \(a typo\?\): "dgo"$/],
      ['empty.json', { ...cupl, cat: [] }, /cupl-empty\.json: class "cat": empty list of prompts/],
      ['number.json', { ...cupl, cat: ['a cat.', 7] }, /cupl-number\.json: class "cat": prompt 2 is 7, not a string$/],
    ];
    for (const [name, value, message] of cases) {
      const file = join(tmp, `cupl-${name}`);
      writeFileSync(file, JSON.stringify(value));
      const run = await runCli(['zeroshot', '--model', TOY, '--data', images, '--out', join(tmp, `bad-${name}`), '--templates', file, '--cache-dir', cache]);
      expect(run.code, run.stderr).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^clip-eval: class-prompt file /);
      expect(lines.at(-1)).toMatch(message);
    }
  });

  it('--language ja prompts ImageNet with the Japanese names while labels stay the dataset\'s names', async () => {
    const data = join(LOCAL_FIXTURES, 'datasets', 'imagenet');
    const tpl = join(tmp, 'identity.txt');
    writeFileSync(tpl, '{}\n');
    const out = join(tmp, 'ja');
    const run = await runCli(['zeroshot', '--model', TOY, '--dataset', 'imagenet', '--data', data, '--language', 'ja', '--templates', tpl, '--out', out, '--save-embeddings', '--cache-dir', cache]);
    expect(run.code, run.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.language).toBe('ja');
    const en = join(tmp, 'en');
    expect((await runCli(['zeroshot', '--model', TOY, '--dataset', 'imagenet', '--data', data, '--templates', tpl, '--out', en, '--cache-dir', cache])).code).toBe(0);
    const enMetrics = JSON.parse(readFileSync(join(en, 'metrics.json'), 'utf8'));
    expect(enMetrics).not.toHaveProperty('language');
    expect(enMetrics.config_hash).not.toBe(metrics.config_hash);
    // Labels: the dataset's (English) names in both runs.
    expect(readCsv(join(out, 'predictions.csv')).map((r) => r.label)).toEqual(readCsv(join(en, 'predictions.csv')).map((r) => r.label));
    expect(readCsv(join(out, 'predictions.csv')).map((r) => r.label)).toContain('tench');
    // Prompts: class 0 is テンチ, class 1 金魚, class 999 トイレットペーパー.
    const embOut = join(tmp, 'ja-names.npy');
    expect((await runCli(['embed-text', '--model', TOY, '--out', embOut, 'テンチ', '金魚', 'トイレットペーパー'])).code).toBe(0);
    const emb = decodeNpy(readFileSync(embOut));
    const dim = emb.shape[1]!;
    const want = ensembleRows(emb.data as Float32Array, dim, [1, 1, 1]);
    const classifier = decodeNpy(readFileSync(join(out, 'classifier.npy')));
    expect(classifier.shape).toEqual([1000, dim]);
    const rows = classifier.data as Float32Array;
    const pick = new Float32Array([...rows.subarray(0, 2 * dim), ...rows.subarray(999 * dim, 1000 * dim)]);
    expectRowsClose(pick, want);
  });

  it('a language the dataset has no source for is a usage error listing the ones it has', async () => {
    const data = join(LOCAL_FIXTURES, 'datasets', 'imagenet');
    const fr = await runCli(['zeroshot', '--model', TOY, '--dataset', 'imagenet', '--data', data, '--language', 'fr', '--out', join(tmp, 'fr'), '--cache-dir', cache]);
    expect(fr.code).toBe(2);
    expect(fr.stderr.trim().split('\n').at(-1)).toBe("clip-eval: --language fr: dataset 'imagenet' has class names and templates in en, ja");
    const folder = await runCli(['zeroshot', '--model', TOY, '--data', images, '--language', 'ja', '--out', join(tmp, 'ja-folder'), '--cache-dir', cache]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("--language ja: dataset 'imagefolder' has class names and templates in en");
    const both = await runCli(['zeroshot', '--model', TOY, '--dataset', 'imagenet', '--data', data, '--language', 'ja', '--classnames', join(tmp, 'x.txt'), '--out', join(tmp, 'ja-both'), '--cache-dir', cache]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--language ja and --classnames both name the classes: give one');
  });
});
