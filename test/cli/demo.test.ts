import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmojiSuite } from '../../src/datasets/emoji/build.js';
import { runCli, type CliResult } from '../helpers/cli.js';

/**
 * `clip-eval demo` end to end on a small emoji-shift suite rendered from the real npm art sets, with two
 * models side by side — the embedded tiny-clip and the random-weight SigLIP fixture (same layout as the
 * embedded tiny-siglip, 32 px: the loader squashes the 48 px images) — and a reduced demo config (fewer
 * classes, splits and probes): every task runs for both and lands in one report.
 */
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-demo-'));
const suite = join(dir, 'suite');
const out = join(dir, 'out');
let result: CliResult;

const MODELS = ['tiny-clip', 'siglip-tiny'] as const;
const config = {
  title: 'demo test',
  // The first named as the folder is (it must agree with the probe rows' names), the second by its folder.
  models: [{ name: 'tiny-clip', path: 'models/tiny-clip' }, { path: 'test/fixtures/models/siglip-tiny' }],
  dataset: 'emoji-shift',
  zeroShot: { splits: ['id', 'rendition', 'fairness'], singleTemplate: 1 },
  templateComparison: { split: 'id', templates: 'emoji-candidates', subsets: ['selected ensemble=emoji'] },
  linearProbe: { trainSplit: 'train', testSplits: ['id', 'rendition'], shots: [1, 2, 4], shotDraws: 2 },
  robustness: { inDistribution: 'id', inDistributionName: 'emoji', shifts: { Rendition: 'rendition' } },
  fairness: { split: 'fairness', groups: ['tone', 'gender'], by: 'tone' },
  retrieval: { split: 'retrieval', recallK: [1, 5] },
  compositionality: { split: 'compositionality' },
};

interface Summary {
  models: { name: string; path: string; zero_shot: { split: string; chance: number; single: { top1: number }; ensemble: { top1: number } }[]; linear_probe: { probe: string; split: string; top1: number }[] }[];
}

beforeAll(async () => {
  await buildEmojiSuite({ root: suite, size: 48, classes: 24, ocrWords: 4, splits: ['train', 'id', 'rendition', 'fairness'], copies: { train: 3, id: 1 }, progress: false });
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(config));
  result = await runCli(['demo', '--config', join(dir, 'demo.json'), '--data', suite, '--out', out, '--cache-dir', join(dir, 'cache'), '--threads', '1']);
}, 600_000);

describe('clip-eval demo', () => {
  it('runs every task for each model, one after the other, and prints the per-split table side by side', () => {
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    // Each model is opened for its own tasks, in the config's order.
    const starts = MODELS.map((m) => result.stderr.indexOf(`demo: ${m}: zero-shot on 3 splits`));
    expect(starts[0]).toBeGreaterThan(-1);
    expect(starts[1]).toBeGreaterThan(starts[0]!);
    expect(result.stderr).toMatch(/^demo: model 2 of 2: siglip-tiny /m);
    // The probe sweeps, the longest phase, report every fit (for both models).
    expect(result.stderr.match(/^ {2}probe \(all of train\) sweep C=[\d.e+-]+: \d+ iterations/gm)?.length).toBeGreaterThan(2);
    expect(result.stderr.slice(starts[1])).toMatch(/^ {2}probe \(1-shot\) draw 1 sweep C=/m);
    expect(result.stdout).toMatch(/^ {40}tiny-clip {9}siglip-tiny$/m);
    expect(result.stdout).toMatch(/^split +classes +images +chance +single +ensemble +single +ensemble$/m);
    for (const split of ['id', 'rendition']) expect(result.stdout).toMatch(new RegExp(`^${split} +24 +\\d+ +[\\d.]+% +[\\d.]+% +[\\d.]+% +[\\d.]+% +[\\d.]+%$`, 'm'));
    // The fairness split has its own label set: the people roles plus non-human and crime-related classes.
    expect(result.stdout).toMatch(/^fairness +\d+ +1296 /m);
  });

  it('lists each model\'s zero-shot and probe results in demo.json', () => {
    const summary = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as Summary;
    expect(summary.models.map((m) => m.name)).toEqual([...MODELS]);
    for (const model of summary.models) {
      expect(model.zero_shot.map((z) => z.split), model.name).toEqual(config.zeroShot.splits);
      expect(model.linear_probe.map((p) => `${p.probe}@${p.split}`), model.name).toEqual(['all of train', '1-shot', '2-shot', '4-shot'].flatMap((p) => [`${p}@id`, `${p}@rendition`]));
    }
    const [clip, siglip] = summary.models;
    const id = clip!.zero_shot[0]!;
    // The trained model is far above chance in distribution, with one template and with the ensemble; the
    // random-weight fixture is not, so the two columns are really two models' figures.
    expect(id.single.top1).toBeGreaterThan(10 * id.chance);
    expect(id.ensemble.top1).toBeGreaterThan(10 * id.chance);
    expect(siglip!.zero_shot[0]!.ensemble.top1).toBeLessThan(id.ensemble.top1 / 2);
    expect(siglip!.path).toMatch(/test\/fixtures\/models\/siglip-tiny$/);
  });

  it('keeps every probe it fitted in the probe result cache, for the next run to read back', () => {
    expect(readdirSync(join(dir, 'cache', 'linear-probe'))).toHaveLength(MODELS.length * 4); // all of train + 3 few-shot sizes
    const metrics = JSON.parse(readFileSync(join(out, MODELS[0], 'linear-probe', 'full', 'metrics.json'), 'utf8')) as { result_cache: string };
    expect(metrics.result_cache).toBe('miss');
  });

  it('writes each model\'s runs into its own folder and the analyses beside them', () => {
    for (const model of MODELS) {
      for (const file of ['zeroshot/id/single/predictions.csv', 'zeroshot/fairness/ensemble/metrics.json', 'templates/template_comparison.csv', 'linear-probe/full/metrics.json', 'linear-probe/4-shot/metrics.json']) {
        expect(existsSync(join(out, model, file)), `${model}/${file}`).toBe(true);
      }
    }
    for (const file of ['robustness/effective_robustness.csv', 'report.md', 'report.html']) expect(existsSync(join(out, file)), file).toBe(true);
  });

  it('puts both models side by side in one report', () => {
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['Zero-shot top-1 of tiny-clip and siglip-tiny on every split', '## Template comparison: tiny-clip', '## Template comparison: siglip-tiny', '## Linear probes', 'Linear-probe top-1 per split', '## Effective robustness', '## Fairness', '## Credits', 'OpenMoji']) {
      expect(report).toContain(heading);
    }
    // The zero-shot table: single, ensemble and top-5 columns per model, in the config's order.
    const header = report.split('\n').find((l) => l.startsWith('| split |'));
    expect(header).toBe('| split | what | classes | images | chance | tiny-clip single | tiny-clip ensemble | tiny-clip top-5 ensemble | siglip-tiny single | siglip-tiny ensemble | siglip-tiny top-5 ensemble |');
    const idRow = report.split('\n').find((l) => l.startsWith('| id |'))!;
    expect(idRow.split('|').filter((c) => /^ [\d.]+% $/.test(c))).toHaveLength(7); // chance + 3 per model
    for (const model of MODELS) {
      expect(report).toMatch(new RegExp(`^\\| ${model} \\| all of train \\|`, 'm'));
      expect(report).toMatch(new RegExp(`^\\| ${model} \\| 4-shot \\|`, 'm'));
      expect(report).toContain(`${model}: linear probe on all of train`);
      expect(report).toContain(`${model} ensemble: accuracy by tone`);
      // The fairness split's runs keep their logits, so the audit reports each family's own probabilities.
      expect(report).toContain(`**${model} ensemble: mean probability the model puts on harmful categories, by tone**`);
    }
    expect(report).toContain('The model\'s own softmax probabilities');
    expect(report).toContain('sigmoid');
    expect(report).toMatch(/non-human/);
  });

  it('runs retrieval and compositionality for each model, into the report and demo.json', () => {
    const summary = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as {
      models: {
        name: string;
        retrieval: { split: string; n_images: number; n_captions: number; recall: Record<string, number>; by_style: { held: string; images: number; captions: number }[] };
        compositionality: { n: number; accuracy: number; subsets: Record<string, number>; changes: { change: string; subset: string; n: number; accuracy: number }[] };
      }[];
    };
    expect(summary.models.map((m) => m.name)).toEqual([...MODELS]);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const [i, model] of summary.models.entries()) {
      const r = model.retrieval;
      // The demo's suite has 24 object classes: 24 images, five captions each, half of them in held-out styles.
      expect([r.split, r.n_images, r.n_captions], model.name).toEqual(['retrieval', 24, 120]);
      expect(r.by_style.map((s) => [s.held, s.images, s.captions])).toEqual([['in', 12, 60], ['out', 12, 60]]);
      expect(Object.keys(r.recall).sort()).toEqual(['image_retrieval_recall@1', 'image_retrieval_recall@5', 'mean_recall@1', 'text_retrieval_recall@1', 'text_retrieval_recall@5']);
      const c = model.compositionality;
      expect(Object.keys(c.subsets).sort()).toEqual(['replace_att', 'replace_obj', 'swap_att']);
      expect(c.changes.map((x) => `${x.subset}/${x.change}`).sort()).toEqual(['replace_att/colour', 'replace_att/tone', 'replace_obj/gender', 'replace_obj/role', 'swap_att/tones']);
      expect(c.changes.reduce((n, x) => n + x.n, 0)).toBe(c.n);
      if (i === 0) {
        // The trained model: far above chance (1 in 24) in both directions, and above chance on the pairs.
        expect(r.recall['image_retrieval_recall@1']).toBeGreaterThan(4 / 24);
        expect(r.recall['text_retrieval_recall@1']).toBeGreaterThan(4 / 24);
        expect(c.accuracy).toBeGreaterThan(0.6);
      }
      for (const file of ['retrieval/metrics.json', 'retrieval/ranks.csv', 'compositionality/metrics.json', 'compositionality/predictions.csv']) expect(existsSync(join(out, model.name, file)), `${model.name}/${file}`).toBe(true);
      // Each model's own section, named by the suite's split (not the csv adapter's '.'), its figure by the model.
      const own = report.indexOf(`## Retrieval and compositionality: ${model.name}`);
      expect(own, model.name).toBeGreaterThan(-1);
      expect(own).toBeLessThan(report.indexOf('## Credits'));
      expect(existsSync(join(out, 'figures', `retrieval-${model.name}-recall.png`))).toBe(true);
    }
    for (const heading of ['### Zero-shot retrieval', 'Recall@1 by style', '### Compositionality (emoji-shift `compositionality`, SugarCrepe format)', 'Accuracy by attribute changed', 'replace_obj', 'swap_att']) expect(report).toContain(heading);
    expect(report).toContain('emoji-shift/retrieval (en): 24 images, 120 captions.');
  });

  it('evaluates both zero-shot models against one trend of both models\' probes', () => {
    const csv = readFileSync(join(out, 'robustness/effective_robustness.csv'), 'utf8');
    for (const model of MODELS) {
      expect(csv).toMatch(new RegExp(`^"${model} zero-shot, ensemble",evaluated,emoji-shift/rendition,`, 'm'));
      for (const probe of [`${model} (linear-probe)`, `"${model} (linear-probe, 1-shot)"`, `"${model} (linear-probe, 4-shot)"`]) {
        expect(csv).toContain(`\n${probe},baseline,emoji-shift/rendition,`);
      }
    }
    expect(csv).not.toContain('zero-shot, 1 template');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    // The effective-robustness table has a row per zero-shot model.
    for (const model of MODELS) expect(report).toMatch(new RegExp(`^\\| ${model} zero-shot, ensemble \\| (?:[+-]?[\\d.]+ pp|—) \\|`, 'm'));
  });
});
