import { join } from 'node:path';
import type { DemoConfig } from '../../config/demo-config.js';
import { ClipEvalError } from '../../core/errors.js';
import { RETRIEVAL_CAPTIONS_FILE } from '../../datasets/emoji/annotations.js';
import type { SuiteManifest } from '../../datasets/emoji/manifest.js';
import { EMOJI_SPLITS, isSplitName, type SplitName } from '../../datasets/emoji/splits.js';
import type { Runtime } from '../../features/runtime.js';
import type { ReportSection } from '../../report/document.js';
import { compositionalitySections } from '../../report/sections/compositionality.js';
import { retrievalSections } from '../../report/sections/retrieval.js';
import { imageRetrievalKey, textRetrievalKey } from '../../tasks/retrieval/result.js';
import { compositionalityJob } from '../compositionality.js';
import { retrievalJob } from '../retrieval.js';

/** The demo's retrieval figures (demo.json `retrieval`): CLIP_benchmark's keys, overall and by style side. */
export interface DemoRetrievalFigures {
  readonly split: string;
  readonly n_images: number;
  readonly n_captions: number;
  readonly recall: Readonly<Record<string, number>>;
  /** recall@1 both ways for images of held-in (training) styles and of held-out ones. */
  readonly by_style: readonly { readonly held: string; readonly images: number; readonly captions: number; readonly 'image_retrieval_recall@1': number; readonly 'text_retrieval_recall@1': number }[];
}

/** The demo's compositionality figures (demo.json `compositionality`): accuracy overall, per subset, per attribute changed. */
export interface DemoCompositionalityFigures {
  readonly split: string;
  readonly n: number;
  readonly accuracy: number;
  readonly subsets: Readonly<Record<string, number>>;
  readonly changes: readonly { readonly change: string; readonly subset: string; readonly n: number; readonly accuracy: number }[];
}

export interface CaptionedFigures {
  readonly retrieval?: DemoRetrievalFigures;
  readonly compositionality?: DemoCompositionalityFigures;
  readonly sections: ReportSection[];
  /** Images the two splits would hold but cannot (a style lacks the art): counted in the report's intro. */
  readonly skipped: number;
}

/** The split names the demo config gives the captioned tasks, checked against what the suite's splits are for. */
export function captionedSplits(config: DemoConfig): SplitName[] {
  const check = (field: string, split: string | undefined, use: 'retrieval' | 'compositionality'): SplitName[] => {
    if (split === undefined) return [];
    const fits = (Object.keys(EMOJI_SPLITS) as SplitName[]).filter((s) => EMOJI_SPLITS[s].use === use);
    if (!isSplitName(split) || EMOJI_SPLITS[split].use !== use) {
      throw new ClipEvalError('CONFIG', `demo config: '${field}' is '${split}', not a ${use} split of emoji-shift (${use} splits: ${fits.join(', ')})`);
    }
    return [split];
  };
  return [...check('retrieval.split', config.retrieval?.split, 'retrieval'), ...check('compositionality.split', config.compositionality?.split, 'compositionality')];
}

/** The tasks' own report sections one heading level down, under the demo's heading. */
function demote(sections: readonly ReportSection[]): ReportSection[] {
  return sections.map((s) => (s.kind === 'markdown' ? { ...s, markdown: s.markdown.replace(/^## /gm, '### ') } : s));
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Retrieval and compositionality on the suite's captioned splits, through the same jobs (and feature cache) as
 * `clip-eval retrieval --dataset csv` and `clip-eval compositionality --dataset sugar_crepe` on their files.
 */
export async function demoCaptioned(runtime: Runtime, context: {
  readonly config: DemoConfig;
  readonly root: string;
  readonly manifest: SuiteManifest;
  readonly modelName: string;
  readonly batchSize: number;
  readonly out: string;
  readonly log: (line: string) => void;
}): Promise<CaptionedFigures> {
  const { config, root, manifest, modelName, batchSize, out, log } = context;
  const sections: ReportSection[] = [];
  let skipped = 0;
  const held = (split: string) => {
    const items = manifest.splits[split as SplitName]?.items ?? [];
    return new Map(items.map((i) => [i.file.slice(split.length + 1), i.attrs['held'] ?? '?']));
  };

  let retrieval: DemoRetrievalFigures | undefined;
  if (config.retrieval !== undefined) {
    const { split, recallK } = config.retrieval;
    skipped += manifest.splits[split as SplitName]?.skipped.length ?? 0;
    log(`retrieval on '${split}' (${RETRIEVAL_CAPTIONS_FILE}: images of held-in and held-out styles, captions from CLDR names and keywords)`);
    const run = await retrievalJob(runtime, { dataset: 'csv', data: join(root, split, 'captions.csv'), ks: recallK, batchSize, threads: 1, quiet: true, label: modelName, out: join(out, 'retrieval') });
    const m = run.metrics;
    const side = held(split);
    const rowHeld = run.images.ids.map((id) => side.get(id) ?? '?');
    const by_style = ['in', 'out'].map((h) => {
      const rows = rowHeld.flatMap((v, row) => (v === h ? [row] : []));
      const captions = run.captions.flatMap((c, q) => (rowHeld[c.row] === h ? [q] : []));
      return {
        held: h, images: rows.length, captions: captions.length,
        'image_retrieval_recall@1': mean(captions.map((q) => (run.scores.textToImage.ranks[q]! < 1 ? 1 : 0))),
        'text_retrieval_recall@1': mean(rows.map((row) => (run.scores.imageToText.ranks[row]! < 1 ? 1 : 0))),
      };
    });
    const recall: Record<string, number> = { 'mean_recall@1': m['mean_recall@1'] };
    for (const k of m.recall_k) {
      recall[imageRetrievalKey(k)] = m[imageRetrievalKey(k)]!;
      recall[textRetrievalKey(k)] = m[textRetrievalKey(k)]!;
    }
    retrieval = { split, n_images: m.n_images, n_captions: m.n_captions, recall, by_style };
    sections.push(
      { kind: 'markdown', markdown: `## Retrieval and compositionality\n\nThe suite's \`${split}\` split: one image per object concept, half in a training style and half in a held-out one, with ${m.n_captions} captions made from the concepts' CLDR names and keywords (several phrasings, most of them unseen in training), written as a \`csv\` caption manifest (\`clip-eval retrieval --dataset csv --data <suite>/${RETRIEVAL_CAPTIONS_FILE}\` reads it).` },
      // Named by the suite's split (the csv adapter calls it csv/.), the figure by the model (a report may hold several).
      ...demote(retrievalSections([{ label: modelName, metrics: { ...m, dataset: 'emoji-shift', split }, textRanks: run.scores.textToImage.ranks, imageRanks: run.scores.imageToText.ranks }], { id: `retrieval-${modelName.replace(/[^A-Za-z0-9_-]+/g, '-')}` })),
      {
        kind: 'table',
        title: 'Recall@1 by style',
        caption: 'Text → image: captions of the side\'s images find their image first; image → text: the side\'s images find one of their captions first (the gallery is the whole split).',
        table: {
          columns: [
            { key: 'held', title: 'styles', format: 'text' }, { key: 'images', title: 'images', format: 'integer' }, { key: 'captions', title: 'captions', format: 'integer' },
            { key: 'image_retrieval_recall@1', title: 'text → image R@1', format: 'percent' }, { key: 'text_retrieval_recall@1', title: 'image → text R@1', format: 'percent' },
          ],
          rows: by_style.map((r) => ({ ...r, held: r.held === 'in' ? 'held-in (Noto, Twemoji, OpenMoji)' : 'held-out (Fluent, Firefox OS, EmojiOne)' })),
        },
      },
    );
  }

  let compositionality: DemoCompositionalityFigures | undefined;
  if (config.compositionality !== undefined) {
    const { split } = config.compositionality;
    skipped += manifest.splits[split as SplitName]?.skipped.length ?? 0;
    log(`compositionality on '${split}' (SugarCrepe files: true and false captions differing in skin tone, colour, gender or role, or with two people's tones swapped)`);
    const run = await compositionalityJob(runtime, { dataset: 'sugar_crepe', data: join(root, split), batchSize, quiet: true, out: join(out, 'compositionality') });
    const subsets = Object.fromEntries((run.metrics.groups.find((g) => g.key === 'subset')?.rows ?? []).map((r) => [r.value, r.scores.accuracy ?? 0]));
    // Item ids are `<subset>/<change>-<n>`: the attribute that was changed.
    const changeOf = (id: string) => /^([^/]+)\/([a-z_]+)-\d+$/.exec(id);
    const byChange = new Map<string, { subset: string; hits: number[] }>();
    for (const s of run.scored) {
      const match = changeOf(s.item.id);
      if (match === null || s.kind !== 'choice') continue;
      const entry = byChange.get(match[2]!) ?? { subset: match[1]!, hits: [] };
      entry.hits.push(s.outcome.accuracy ? 1 : 0);
      byChange.set(match[2]!, entry);
    }
    const changes = [...byChange].map(([change, e]) => ({ change, subset: e.subset, n: e.hits.length, accuracy: mean(e.hits) }));
    compositionality = { split, n: run.metrics.n, accuracy: run.metrics.scores.accuracy ?? 0, subsets, changes };
    sections.push(
      ...(retrieval === undefined ? [{ kind: 'markdown', markdown: '## Retrieval and compositionality' } as const] : []),
      ...demote(compositionalitySections(run.metrics, { title: `Compositionality (emoji-shift \`${split}\`, SugarCrepe format)`, runName: modelName })),
      {
        kind: 'table',
        title: 'Accuracy by attribute changed',
        caption: 'Each image is paired with its true caption and one that differs in a single attribute the art shows (tones at least two steps apart; colours of the same CLDR object family; tones: the two people\'s tones swapped); chance is 50%.',
        table: {
          columns: [{ key: 'change', title: 'attribute', format: 'text' }, { key: 'subset', title: 'SugarCrepe subset', format: 'text' }, { key: 'n', title: 'pairs', format: 'integer' }, { key: 'accuracy', title: 'accuracy', format: 'percent' }],
          rows: changes,
        },
      },
    );
  }
  return { ...(retrieval ? { retrieval } : {}), ...(compositionality ? { compositionality } : {}), sections, skipped };
}
