import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample } from '../../../core/sample.js';
import { MANIFEST_FILE, readManifest, type SuiteManifest } from '../../emoji/manifest.js';
import { EMOJI_SPLITS, SPLIT_NAMES, isSplitName, type SplitName } from '../../emoji/splits.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/**
 * What to run when a split is not rendered under `root`: the demo renders the splits it uses (every split a plain
 * build makes); the training corpus only the training tool's build renders.
 */
function howToBuild(root: string, split: SplitName): string {
  return EMOJI_SPLITS[split].byDefault
    ? `build it first with 'clip-eval demo --data ${root}' (renders the suite into that folder, then runs the demo)`
    : `build it first with 'node tools/train-tiny-clip/build-suite.mjs ${root}' (renders every split, ${split} included)`;
}

function notBuilt(root: string, split: SplitName, manifest: SuiteManifest | undefined): string {
  const built = manifest === undefined ? [] : SPLIT_NAMES.filter((s) => manifest.splits[s] !== undefined);
  const where = manifest === undefined ? `no emoji-shift suite under ${root} (expected ${join(root, MANIFEST_FILE)})` : `split '${split}' is not built under ${root} (its ${MANIFEST_FILE} lists ${built.join(', ') || 'no split'})`;
  return `emoji-shift: ${where}; ${howToBuild(root, split)}`;
}

/**
 * The emoji-shift suite as the builder (src/datasets/emoji/) rendered it: `open()` reads the manifest and lists
 * its images, and renders nothing. An unbuilt folder or split is an error that says how to build it.
 */
export const emojiShift: DatasetAdapter = {
  name: 'emoji-shift',
  title: 'Emoji distribution-shift suite (embedded, rendered from npm icon sets)',
  layout: '<root>/manifest.json + <root>/<split>/<class>/<style>-<n>.png, built from node_modules on first use (default root <cache>/emoji-shift/<size>)',
  splits: SPLIT_NAMES,
  defaultSplit: 'id',
  metric: 'top1',
  classCount: null,
  templates: 'emoji',
  source: 'class names from CLDR emoji names (emojibase-data); art from 8 Iconify emoji sets; words in DejaVu fonts',
  async open(root, { split }): Promise<OpenedDataset> {
    if (!isSplitName(split)) {
      throw new ClipEvalError('USAGE', `emoji-shift: unknown split '${split}' (known: ${SPLIT_NAMES.join(', ')})`);
    }
    const manifest = await readManifest(root);
    const entry = manifest?.splits[split];
    if (entry === undefined) throw new ClipEvalError('DATASET', notBuilt(root, split, manifest));
    return {
      name: 'emoji-shift',
      split,
      root,
      classnames: entry.classnames,
      attributes: entry.attributes,
      templates: EMOJI_SPLITS[split].templates,
      protocol: `emoji-shift ${split}: ${EMOJI_SPLITS[split].title}`,
      size: entry.items.length,
      async *samples(): AsyncGenerator<Sample> {
        for (const item of entry.items) yield { id: item.file, source: { kind: 'file', path: join(root, item.file) }, label: item.label, attrs: item.attrs };
      },
      skipped: () => entry.skipped,
    };
  },
};
