import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmojiSuite } from '../../src/datasets/emoji/build.js';
import { runCli, type CliResult } from '../helpers/cli.js';

/**
 * `clip-eval demo` end to end on a small emoji-shift suite rendered from the real npm art sets, with the
 * embedded model and a reduced demo config (fewer classes, splits and probes): every task runs and lands in
 * one report.
 */
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-demo-'));
const suite = join(dir, 'suite');
const out = join(dir, 'out');
let result: CliResult;

const config = {
  title: 'demo test',
  model: 'models/tiny-clip',
  dataset: 'emoji-shift',
  zeroShot: { splits: ['id', 'rendition', 'fairness'], singleTemplate: 1 },
  templateComparison: { split: 'id', templates: 'emoji-candidates', subsets: ['selected ensemble=emoji'] },
  linearProbe: { trainSplit: 'train', testSplits: ['id', 'rendition'], shots: [1, 2, 4], shotDraws: 2 },
  robustness: { inDistribution: 'id', inDistributionName: 'emoji', shifts: { Rendition: 'rendition' } },
  fairness: { split: 'fairness', groups: ['tone', 'gender'], by: 'tone' },
  retrieval: { split: 'retrieval', recallK: [1, 5] },
  compositionality: { split: 'compositionality' },
};

beforeAll(async () => {
  await buildEmojiSuite({ root: suite, size: 48, classes: 24, ocrWords: 4, splits: ['train', 'id', 'rendition', 'fairness'], copies: { train: 3, id: 1 }, progress: false });
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(config));
  result = await runCli(['demo', '--config', join(dir, 'demo.json'), '--data', suite, '--out', out, '--cache-dir', join(dir, 'cache'), '--threads', '1']);
}, 300_000);

describe('clip-eval demo', () => {
  it('runs every task and prints the per-split table', () => {
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    // The probe sweeps, the longest phase, report every fit.
    expect(result.stderr).toMatch(/^ {2}probe \(all of train\) sweep C=[\d.e+-]+: \d+ iterations/m);
    expect(result.stderr).toMatch(/^ {2}probe \(1-shot\) draw 1 sweep C=/m);
    expect(result.stdout).toMatch(/^split +classes +images +chance +single +ensemble/m);
    for (const split of ['id', 'rendition']) expect(result.stdout).toMatch(new RegExp(`^${split} +24 `, 'm'));
    // The fairness split has its own label set: the people roles plus non-human and crime-related classes.
    expect(result.stdout).toMatch(/^fairness +\d+ +1296 /m);
  });

  it('writes zero-shot runs, template comparison, probes, robustness and fairness into one report', () => {
    const summary = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as { zero_shot: { split: string; chance: number; single: { top1: number }; ensemble: { top1: number } }[] };
    expect(summary.zero_shot.map((z) => z.split)).toEqual(config.zeroShot.splits);
    const id = summary.zero_shot[0]!;
    // The trained model is far above chance in distribution, with one template and with the ensemble.
    expect(id.single.top1).toBeGreaterThan(10 * id.chance);
    expect(id.ensemble.top1).toBeGreaterThan(10 * id.chance);
    for (const file of ['zeroshot/id/single/predictions.csv', 'zeroshot/id/ensemble/metrics.json', 'templates/template_comparison.csv', 'robustness/effective_robustness.csv', 'report.md', 'report.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['Zero-shot top-1', '## Template comparison', '## Linear probes', 'Linear-probe top-1 per split', '## Effective robustness', '## Fairness', '## Credits', 'OpenMoji']) expect(report).toContain(heading);
    expect(report).toMatch(/tone/);
    expect(report).toMatch(/non-human/);
  });

  it('runs retrieval and compositionality on the captioned splits, into the report and demo.json', () => {
    const summary = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as {
      retrieval: { split: string; n_images: number; n_captions: number; recall: Record<string, number>; by_style: { held: string; images: number; captions: number }[] };
      compositionality: { n: number; accuracy: number; subsets: Record<string, number>; changes: { change: string; subset: string; n: number; accuracy: number }[] };
    };
    const r = summary.retrieval;
    // The demo's suite has 24 object classes: 24 images, five captions each, half of them in held-out styles.
    expect([r.split, r.n_images, r.n_captions]).toEqual(['retrieval', 24, 120]);
    expect(r.by_style.map((s) => [s.held, s.images, s.captions])).toEqual([['in', 12, 60], ['out', 12, 60]]);
    expect(Object.keys(r.recall).sort()).toEqual(['image_retrieval_recall@1', 'image_retrieval_recall@5', 'mean_recall@1', 'text_retrieval_recall@1', 'text_retrieval_recall@5']);
    // Far above chance (1 in 24) in both directions.
    expect(r.recall['image_retrieval_recall@1']).toBeGreaterThan(4 / 24);
    expect(r.recall['text_retrieval_recall@1']).toBeGreaterThan(4 / 24);
    const c = summary.compositionality;
    expect(Object.keys(c.subsets).sort()).toEqual(['replace_att', 'replace_obj', 'swap_att']);
    expect(c.changes.map((x) => `${x.subset}/${x.change}`).sort()).toEqual(['replace_att/colour', 'replace_att/tone', 'replace_obj/gender', 'replace_obj/role', 'swap_att/tones']);
    expect(c.changes.reduce((n, x) => n + x.n, 0)).toBe(c.n);
    expect(c.accuracy).toBeGreaterThan(0.6);
    for (const file of ['retrieval/metrics.json', 'retrieval/ranks.csv', 'compositionality/metrics.json', 'compositionality/predictions.csv']) expect(existsSync(join(out, file)), file).toBe(true);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['## Retrieval and compositionality', '### Zero-shot retrieval', 'Recall@1 by style', '### Compositionality (emoji-shift `compositionality`, SugarCrepe format)', 'Accuracy by attribute changed', 'replace_obj', 'swap_att']) expect(report).toContain(heading);
    expect(report.indexOf('## Retrieval and compositionality')).toBeLessThan(report.indexOf('## Credits'));
    // Named by the suite's split, not the csv adapter's '.'; the figure by the model.
    expect(report).toContain('emoji-shift/retrieval (en): 24 images, 120 captions.');
    expect(existsSync(join(out, 'figures', 'retrieval-tiny-clip-recall.png'))).toBe(true);
  });

  it('evaluates the zero-shot model against the probes, each probe a point of the trend', () => {
    const csv = readFileSync(join(out, 'robustness/effective_robustness.csv'), 'utf8');
    expect(csv).toMatch(/^"tiny-clip zero-shot, ensemble",evaluated,emoji-shift\/rendition,/m);
    expect(csv).not.toContain('zero-shot, 1 template');
    for (const probe of ['tiny-clip (linear-probe)', '"tiny-clip (linear-probe, 1-shot)"', '"tiny-clip (linear-probe, 4-shot)"']) {
      expect(csv).toContain(`\n${probe},baseline,emoji-shift/rendition,`);
    }
  });
});
