import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample } from '../../../core/sample.js';
import { buildEmojiSuite, suiteOptionsFor } from '../../emoji/build.js';
import { nodeModulesReader, type PackageReader } from '../../emoji/packages.js';
import { EMOJI_SPLITS, SPLIT_NAMES, isSplitName } from '../../emoji/splits.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** The adapter over a given package source (tests inject a partial one); `emojiShift` reads node_modules. */
export function createEmojiShift(reader: PackageReader): DatasetAdapter {
  return {
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
      // Builds the split on first use, and re-renders any image that went missing or corrupt since.
      const manifest = await buildEmojiSuite({ ...(await suiteOptionsFor(root)), root, reader, splits: [split] });
      const entry = manifest.splits[split];
      if (entry === undefined) throw new ClipEvalError('DATASET', `emoji-shift: split '${split}' was not built under ${root}`);
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
}

export const emojiShift = createEmojiShift(nodeModulesReader);
