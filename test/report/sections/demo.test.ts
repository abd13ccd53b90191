import { describe, expect, it } from 'vitest';
import type { SplitFigures } from '../../../src/jobs/demo/zeroshot-grid.js';
import type { ReportSection } from '../../../src/report/document.js';
import { modelSections, probeTableSection, zeroShotGridSection } from '../../../src/report/sections/demo.js';

const figures = (split: string, single: number, ensemble: number): SplitFigures => ({
  split, title: `${split} title`, classes: 4, images: 8, failed: 0, chance: 0.25,
  single: { template: 'a {}.', top1: single },
  ensemble: { templates: 'default', count: 2, top1: ensemble, top5: 1 },
  dirs: { single: `/x/${split}/single`, ensemble: `/x/${split}/ensemble` },
});

describe('demo report sections for several models', () => {
  it('shows each split once with every model\'s single, ensemble and top-5 columns, a split a model lacks as missing', () => {
    const section = zeroShotGridSection([
      { model: 'clip', figures: [figures('id', 0.5, 0.75), figures('v2', 0.25, 0.5)] },
      { model: 'siglip', figures: [figures('id', 0.125, 0.375)] },
    ]);
    if (section.kind !== 'table') throw new Error('expected a table');
    expect(section.title).toBe('Zero-shot top-1 of clip and siglip on every split');
    expect(section.table.columns.map((c) => c.title).slice(5)).toEqual(['clip single', 'clip ensemble', 'clip top-5 ensemble', 'siglip single', 'siglip ensemble', 'siglip top-5 ensemble']);
    const values = section.table.rows.map((r) => section.table.columns.slice(5).map((c) => r[c.key]));
    expect(values).toEqual([[0.5, 0.75, 1, 0.125, 0.375, 1], [0.25, 0.5, 1, null, null, null]]);
  });

  it('lists probes per model, one row per model and probe', () => {
    const rows = (top1: number) => [{ probe: 'all of train', split: 'id', top1, C: 1 }, { probe: 'all of train', split: 'v2', top1: top1 / 2, C: 1 }, { probe: '1-shot', split: 'id', top1: top1 / 4, C: 1 }];
    const section = probeTableSection([{ model: 'clip', rows: rows(0.8) }, { model: 'siglip', rows: rows(0.4) }], ['id', 'v2']);
    if (section.kind !== 'table') throw new Error('expected a table');
    expect(section.table.rows).toEqual([
      { model: 'clip', probe: 'all of train', id: 0.8, v2: 0.4 },
      { model: 'clip', probe: '1-shot', id: 0.2 },
      { model: 'siglip', probe: 'all of train', id: 0.4, v2: 0.2 },
      { model: 'siglip', probe: '1-shot', id: 0.1 },
    ]);
  });

  it('puts a model\'s name on its sections\' level-2 headings and before figure ids that lack it', () => {
    const sections: ReportSection[] = [
      { kind: 'markdown', markdown: '## Template comparison\n\ntext\n\n### Detail' },
      { kind: 'figure', id: 'templates-accuracy', title: 't', spec: {} },
      { kind: 'table', title: 'x', table: { columns: [], rows: [] } },
      { kind: 'figure', id: 'retrieval-tiny_v2-recall', title: 'r', spec: {} },
    ];
    expect(modelSections('tiny.v2', sections)).toEqual([
      { kind: 'markdown', markdown: '## Template comparison: tiny.v2\n\ntext\n\n### Detail' },
      { kind: 'figure', id: 'tiny_v2-templates-accuracy', title: 't', spec: {} },
      sections[2],
      sections[3], // already names the model
    ]);
  });
});
