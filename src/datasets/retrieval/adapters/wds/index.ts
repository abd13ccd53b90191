import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ClipEvalError } from '../../../../core/errors.js';
import type { Sample, Skip } from '../../../../core/sample.js';
import { groupMembers, readMember, resolveShards, tooLarge } from '../../../adapters/wds/index.js';
import { readTarMembers } from '../../../formats/tar.js';
import { checkSplit, firstExisting } from '../../../layouts/checks.js';
import { readAhead } from '../../../layouts/read-ahead.js';
import { checkLanguage } from '../../listed.js';
import type { Caption, CaptionedDataset, CaptionedDatasetAdapter } from '../../types.js';

const NAME = 'wds';
const SPLITS = ['test', 'train'] as const;
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'] as const;
const TYPE_FILE = 'dataset_type.txt';
const SHARDS_AHEAD = 4;
const SAMPLES_BUFFERED = 32;

type Item = { readonly image: Sample; readonly captions: readonly string[] } | { readonly skip: Skip };

/** `dataset_type.txt` beside the shards or one folder up must say `retrieval` (CLIP_benchmark's marker). */
async function checkDatasetType(shardDir: string): Promise<void> {
  const candidates = [join(shardDir, TYPE_FILE), join(dirname(shardDir), TYPE_FILE)];
  const found = await firstExisting(candidates, 'file');
  if (found === undefined) throw new ClipEvalError('DATASET', `${NAME}: no ${TYPE_FILE} in ${candidates.map(dirname).join(' or ')} (a WebDataset retrieval set holds one saying 'retrieval')`);
  const type = (await readFile(found, 'utf8')).trim();
  if (type !== 'retrieval') throw new ClipEvalError('DATASET', `${NAME}: ${found} says '${type.slice(0, 40)}', not 'retrieval' (use 'clip-eval zeroshot --dataset wds' for classification shards)`);
}

/** The captions of a `.txt` member: one per line, blank lines dropped. */
export function captionLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

async function* shardItems(path: string): AsyncGenerator<Item> {
  const shard = basename(path);
  for await (const group of groupMembers(readTarMembers(path, NAME, readMember), shard)) {
    if ('skip' in group) {
      yield group;
      continue;
    }
    const id = `${shard}#${group.key}`;
    const image = IMAGE_EXTENSIONS.map((e) => group.files.get(e)).find((m) => m !== undefined);
    const txt = group.files.get('txt');
    const captions = txt?.data === undefined ? [] : captionLines(txt.data.toString('utf8'));
    if (image === undefined) yield { skip: { path: id, reason: `no image member (.${IMAGE_EXTENSIONS.join(', .')})` } };
    else if (image.data === undefined) yield { skip: { path: id, reason: tooLarge(image) } };
    else if (txt === undefined) yield { skip: { path: id, reason: 'no .txt captions member' } };
    else if (txt.data === undefined) yield { skip: { path: id, reason: tooLarge(txt) } };
    else if (captions.length === 0) yield { skip: { path: id, reason: '.txt holds no caption' } };
    else yield { image: { id, source: { kind: 'encoded', bytes: image.data, name: `${shard}/${image.name}` }, label: 0 }, captions };
  }
}

/** WebDataset retrieval shards: each sample an image and a `.txt` with one caption per line. */
export const wdsCaptions: CaptionedDatasetAdapter = {
  name: NAME,
  title: 'WebDataset retrieval shards',
  layout: `<root>/[<split>/]*.tar, a single .tar, or a brace pattern; members <key>.{${IMAGE_EXTENSIONS.join(',')}} + <key>.txt (one caption per line); ${TYPE_FILE} saying 'retrieval' beside the shards or one folder up`,
  splits: SPLITS,
  defaultSplit: 'test',
  languages: ['en'],
  async open(root, { split, language }): Promise<CaptionedDataset> {
    checkSplit(NAME, SPLITS, split);
    checkLanguage(NAME, ['en'], language);
    const shards = await resolveShards(root, split);
    await checkDatasetType(dirname(shards[0]!));
    let captions: Caption[] = [];
    let skipped: Skip[] = [];
    return {
      name: NAME,
      split,
      language,
      root,
      images: {
        name: NAME,
        split,
        root,
        classnames: [],
        size: undefined,
        async *samples(): AsyncGenerator<Sample> {
          captions = [];
          skipped = [];
          let index = 0;
          for await (const item of readAhead(shards.map((s) => () => shardItems(s)), SHARDS_AHEAD, SAMPLES_BUFFERED)) {
            if ('skip' in item) {
              skipped.push(item.skip);
              continue;
            }
            for (const text of item.captions) captions.push({ text, image: index });
            yield { ...item.image, label: index++ };
          }
        },
        skipped: () => [],
      },
      captions: () => captions,
      skipped: () => skipped,
    };
  },
};
