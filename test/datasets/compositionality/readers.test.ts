import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPOSITION_BENCHMARKS, getCompositionBenchmark } from '../../../src/datasets/compositionality/registry.js';
import type { CompositionItem } from '../../../src/datasets/compositionality/types.js';
import { benchmarkImages, itemImages } from '../../../src/tasks/compositionality/images.js';
import { LOCAL_FIXTURES } from '../../helpers/shared.js';

const DATA = join(LOCAL_FIXTURES, 'datasets');
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-compo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a fixture to break. */
function copy(name: string): string {
  const dir = join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(DATA, name), dir, { recursive: true });
  return dir;
}

describe('compositionality benchmark readers', () => {
  it('reads SugarCrepe subsets as [negative, positive] choices on COCO val2017 images', async () => {
    const b = await COMPOSITION_BENCHMARKS.sugar_crepe.open(join(DATA, 'sugar-crepe'));
    expect(b.files).toHaveLength(7);
    expect(b.items).toHaveLength(12);
    const first = b.items[0] as Extract<CompositionItem, { kind: 'choice' }>;
    const json = JSON.parse(readFileSync(join(DATA, 'sugar-crepe', 'data', 'add_att.json'), 'utf8'))['0'];
    expect(first).toMatchObject({ kind: 'choice', id: 'add_att/0', answer: 1, captions: [json.negative_caption, json.caption], groups: { subset: ['add_att'], family: ['add'] } });
    expect(first.image.id).toBe(`val2017/${json.filename}`);
    // Images shared by several subsets are embedded once.
    const { ids } = benchmarkImages(b);
    expect(ids.length).toBe(new Set(b.items.flatMap((i) => itemImages(i).map((x) => x.id))).size);
    expect(ids.length).toBeLessThan(b.items.length);
  });

  it('reads Winoground examples with their tags (a comma-separated secondary tag counts under each part)', async () => {
    const b = await COMPOSITION_BENCHMARKS.winoground.open(join(DATA, 'winoground'));
    expect(b.items).toHaveLength(5);
    const ex2 = b.items[2]!;
    expect(ex2.kind).toBe('group');
    expect(ex2.groups).toEqual({ collapsed_tag: ['Both'], tag: ['Scope, Preposition'], secondary_tag: ['Pragmatics', 'Series'], num_main_preds: ['2'] });
    expect(itemImages(ex2).map((i) => i.id)).toEqual(['data/images/ex_2_img_0.png', 'data/images/ex_2_img_1.png']);
  });

  it('crops ARO VG images to the box exactly as Pillow does (black past the border)', async () => {
    const b = await COMPOSITION_BENCHMARKS.aro_vg_relation.open(join(DATA, 'aro'));
    expect(b.items).toHaveLength(8);
    expect(b.macro?.exclude).toContain('next to');
    const goldens = JSON.parse(readFileSync(join(DATA, 'aro', 'crops.json'), 'utf8')) as { item: number; width: number; height: number; sha256: string }[];
    const samples = new Map<string, { width: number; height: number; data: Uint8Array }>();
    for await (const s of benchmarkImages(b).dataset.samples()) if (s.source.kind === 'pixels') samples.set(s.id, s.source);
    for (const g of goldens) {
      const got = samples.get(itemImages(b.items[g.item]!)[0]!.id)!;
      expect([got.width, got.height]).toEqual([g.width, g.height]);
      expect(createHash('sha256').update(got.data).digest('hex')).toBe(g.sha256);
    }
    const att = await COMPOSITION_BENCHMARKS.aro_vg_attribution.open(join(DATA, 'aro'));
    expect(att.items[0]!.groups).toEqual({ attributes: ['red_wooden'] });
  });

  it('names the file (and line or item) of a truncated or malformed annotation, or an item without its caption', async () => {
    const sc = copy('sugar-crepe');
    const addAtt = join(sc, 'data', 'add_att.json');
    writeFileSync(addAtt, readFileSync(addAtt, 'utf8').slice(0, 40));
    await expect(COMPOSITION_BENCHMARKS.sugar_crepe.open(sc)).rejects.toThrow(new RegExp(`^${addAtt}: not valid JSON, truncated or malformed`));
    writeFileSync(addAtt, JSON.stringify({ 0: { filename: 'a.jpg', caption: 'x', negative_caption: 'y' }, 17: { filename: 'a.jpg', negative_caption: 'y' } }));
    await expect(COMPOSITION_BENCHMARKS.sugar_crepe.open(sc)).rejects.toThrow(`${addAtt}: item 17: has no "caption"`);

    const wg = copy('winoground');
    const jsonl = join(wg, 'data', 'examples.jsonl');
    const lines = readFileSync(jsonl, 'utf8').split('\n');
    writeFileSync(jsonl, [lines[0], lines[1]!.slice(0, 30), ...lines.slice(2)].join('\n'));
    await expect(COMPOSITION_BENCHMARKS.winoground.open(wg)).rejects.toThrow(new RegExp(`^${jsonl}:2: not a JSON object, truncated or malformed`));
    const noCaption = JSON.parse(lines[2]!);
    delete noCaption.caption_1;
    writeFileSync(jsonl, [lines[0], lines[1], JSON.stringify(noCaption)].join('\n'));
    await expect(COMPOSITION_BENCHMARKS.winoground.open(wg)).rejects.toThrow(`${jsonl}:3 (id 2): has no "caption_1"`);

    const aro = copy('aro');
    const rel = join(aro, 'visual_genome_relation.json');
    const items = JSON.parse(readFileSync(rel, 'utf8'));
    delete items[3].true_caption;
    writeFileSync(rel, JSON.stringify(items));
    await expect(COMPOSITION_BENCHMARKS.aro_vg_relation.open(aro)).rejects.toThrow(`${rel}: item 3: has no "true_caption"`);
    await expect(COMPOSITION_BENCHMARKS.winoground.open(join(tmp, 'nowhere'))).rejects.toThrow(/examples\.jsonl: cannot read Winoground's examples/);
    expect(() => getCompositionBenchmark('crepe')).toThrow(/known: sugar_crepe, winoground/);
  });
});
