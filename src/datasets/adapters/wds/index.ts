import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import braces from 'braces';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample, Skip } from '../../../core/sample.js';
import { readTarMembers, type TarMember } from '../../formats/tar.js';
import { compareStrings } from '../../layouts/image-files.js';
import { checkSplit, describeFolder, isFile } from '../../layouts/checks.js';
import { readAhead } from '../../layouts/read-ahead.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/**
 * WebDataset tar shards (CLIP_benchmark's `wds_*` layout): members sharing a key (the path up to the first dot
 * of the file name) form one sample — an image (.jpg/.jpeg/.png/.webp) and a label: .cls (class index), .json
 * ({"label": index or class name}) or .txt (class name). Shards are streamed, never extracted; several are
 * read ahead concurrently, but samples come out in shard order, then member order.
 */
const SPLITS = ['test', 'train'] as const;
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'] as const;
const CLASSNAMES_FILE = 'classnames.txt';
/**
 * Shards read at once, and samples buffered per shard: at most 32 and at most 64 MiB of encoded images per
 * shard (one larger image passes alone), so read-ahead holds at most 4 x 64 MiB plus one image per shard.
 */
const SHARDS_AHEAD = 4;
const SAMPLES_BUFFERED = 32;
const BYTES_BUFFERED = 64 * 2 ** 20;
const itemBytes = (item: Item): number => ('sample' in item && item.sample.source.kind === 'encoded' ? item.sample.source.bytes.length : 0);
const LABEL_EXTENSIONS = ['cls', 'json', 'txt'] as const;
/**
 * The largest members read into memory: an encoded image above 256 MiB is far beyond any photo (a JPEG of
 * the 179-megapixel --max-pixels default is a few tens of MiB) and a label above 1 MiB is not a label. Larger
 * ones, and members of extensions no sample uses, are streamed past without being held, and an oversized
 * image or label is reported as the sample's skip reason.
 */
const MAX_IMAGE_MEMBER_BYTES = 256 * 2 ** 20;
const MAX_LABEL_MEMBER_BYTES = 2 ** 20;

function memberLimit(name: string): number {
  const extension = splitKey(name)?.[1];
  if ((IMAGE_EXTENSIONS as readonly string[]).includes(extension ?? '')) return MAX_IMAGE_MEMBER_BYTES;
  if ((LABEL_EXTENSIONS as readonly string[]).includes(extension ?? '')) return MAX_LABEL_MEMBER_BYTES;
  return -1; // not used by any sample
}

/** Which tar members a WebDataset sample reads: its image and label members up to their size limits. */
export const readMember = ({ name, type, size }: { name: string; type: string; size: number }): boolean => type === 'file' && size <= memberLimit(name);

/** Why a member was not read: its size against the limit of its kind. */
export function tooLarge(member: TarMember): string {
  const limit = memberLimit(member.name);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 0)} MiB`;
  return `member ${member.name} is ${member.size} bytes (${mib(member.size)}), over the ${mib(limit)} a ${limit === MAX_IMAGE_MEMBER_BYTES ? 'WebDataset image' : 'label member'} may take; not read`;
}

type Item = { readonly sample: Sample } | { readonly skip: Skip };

/** The shard files: a brace pattern (`shard-{000000..000009}.tar`), one .tar file, or the .tar files of a folder. */
export async function resolveShards(root: string, split: string): Promise<string[]> {
  if (root.includes('{')) {
    const shards = braces.expand(root);
    for (const shard of shards) {
      if (!(await isFile(shard))) throw new ClipEvalError('DATASET', `wds: shard ${shard} of the pattern ${root} does not exist`);
    }
    return shards;
  }
  if (await isFile(root)) return [root];
  for (const dir of [join(root, split), root]) {
    const tars = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.tar')).sort(compareStrings);
    if (tars.length > 0) return tars.map((n) => join(dir, n));
  }
  throw new ClipEvalError('DATASET', `wds: no .tar shards in ${join(root, split)} or ${root} (expected WebDataset shards <root>/[${split}/]*.tar or a pattern like <dir>/shard-{000000..000009}.tar; ${await describeFolder(root)})`);
}

/** classnames.txt next to the shards or one folder up (CLIP_benchmark keeps it beside the split folders). */
async function readClassnames(shardDir: string): Promise<string[]> {
  const candidates = [join(shardDir, CLASSNAMES_FILE), join(dirname(shardDir), CLASSNAMES_FILE)];
  for (const path of candidates) {
    if (!(await isFile(path))) continue;
    const names = (await readFile(path, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (names.length === 0) throw new ClipEvalError('DATASET', `wds: ${path} lists no class names (expected one per line)`);
    return names;
  }
  throw new ClipEvalError('DATASET', `wds: no ${CLASSNAMES_FILE} in ${candidates.map(dirname).join(' or ')} (expected one class name per line, line i naming class i)`);
}

/** Splits a member name into its sample key and extension: `a/b.seg.png` -> [`a/b`, `seg.png`]. */
export function splitKey(name: string): [string, string] | undefined {
  const slash = name.lastIndexOf('/') + 1;
  const dot = name.indexOf('.', slash);
  return dot <= slash ? undefined : [name.slice(0, dot), name.slice(dot + 1).toLowerCase()];
}

/** Groups consecutive members with the same key, as WebDataset does; other members become skips. */
export async function* groupMembers(members: AsyncIterable<TarMember>, shard: string): AsyncGenerator<{ key: string; files: Map<string, TarMember> } | { skip: Skip }> {
  let group: { key: string; files: Map<string, TarMember> } | undefined;
  for await (const member of members) {
    if (member.type === 'directory') continue;
    const split = member.type === 'file' ? splitKey(member.name) : undefined;
    if (split === undefined) {
      yield { skip: { path: `${shard}/${member.name}`, reason: member.type === 'file' ? 'member name has no extension' : `tar entry of type ${member.type}` } };
      continue;
    }
    const [key, extension] = split;
    if (group !== undefined && group.key !== key) yield group;
    if (group?.key !== key) group = { key, files: new Map() };
    group.files.set(extension, member);
  }
  if (group !== undefined) yield group;
}

/** Class-name lookup for .txt and .json labels: exact, then case-insensitive. */
function nameLookup(classnames: readonly string[]): (name: string) => number | undefined {
  const exact = new Map(classnames.map((c, i) => [c, i]));
  const folded = new Map(classnames.map((c, i) => [c.toLowerCase(), i]).reverse() as [string, number][]);
  return (name) => exact.get(name) ?? folded.get(name.toLowerCase());
}

/** The class index a sample's label member names, or why it names none. */
function labelOf(files: ReadonlyMap<string, TarMember>, classes: number, byName: (name: string) => number | undefined): number | string {
  const oversized = LABEL_EXTENSIONS.map((e) => files.get(e)).find((m) => m !== undefined && m.data === undefined);
  if (oversized !== undefined) return tooLarge(oversized);
  const text = (ext: string): string | undefined => files.get(ext)?.data?.toString('utf8').trim();
  let label: number | undefined;
  const cls = text('cls');
  const json = text('json');
  const txt = text('txt');
  if (cls !== undefined) {
    if (!/^\d+$/.test(cls)) return `.cls holds ${JSON.stringify(cls.slice(0, 40))}, not a class index`;
    label = Number(cls);
  } else if (json !== undefined) {
    let value: unknown;
    try {
      value = (JSON.parse(json) as { label?: unknown } | null)?.label;
    } catch {
      return '.json is not valid JSON';
    }
    if (typeof value === 'string') label = byName(value.trim());
    else if (typeof value === 'number' && Number.isInteger(value)) label = value;
    else return '.json has no integer or class-name "label" field';
    if (label === undefined) return `.json label ${JSON.stringify(value)} is not a class name of ${CLASSNAMES_FILE}`;
  } else if (txt !== undefined) {
    label = byName(txt);
    if (label === undefined) return `.txt ${JSON.stringify(txt.slice(0, 60))} is not a class name of ${CLASSNAMES_FILE}`;
  } else {
    return 'no label member (.cls, .json or .txt)';
  }
  return label >= 0 && label < classes ? label : `label ${label} is outside the ${classes} classes of ${CLASSNAMES_FILE}`;
}

async function* shardItems(path: string, classnames: readonly string[]): AsyncGenerator<Item> {
  const shard = basename(path);
  const byName = nameLookup(classnames);
  for await (const group of groupMembers(readTarMembers(path, 'wds', readMember), shard)) {
    if ('skip' in group) {
      yield group;
      continue;
    }
    const id = `${shard}#${group.key}`;
    const image = IMAGE_EXTENSIONS.map((e) => group.files.get(e)).find((m) => m !== undefined);
    const label = labelOf(group.files, classnames.length, byName);
    if (image === undefined) yield { skip: { path: id, reason: `no image member (.${IMAGE_EXTENSIONS.join(', .')})` } };
    else if (image.data === undefined) yield { skip: { path: id, reason: tooLarge(image) } };
    else if (typeof label === 'string') yield { skip: { path: id, reason: label } };
    else yield { sample: { id, source: { kind: 'encoded', bytes: image.data, name: `${shard}/${image.name}` }, label } };
  }
}

export const wds: DatasetAdapter = {
  name: 'wds',
  title: 'WebDataset tar shards',
  layout: `<root>/[<split>/]*.tar, a single .tar, or a brace pattern <dir>/shard-{000000..000009}.tar; members <key>.{${IMAGE_EXTENSIONS.join(',')}} + <key>.{cls,json,txt}; ${CLASSNAMES_FILE} beside the shards or one folder up (a zeroshot_classification_templates.txt there can be passed as --templates)`,
  splits: SPLITS,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: null,
  templates: 'single',
  source: `class names from ${CLASSNAMES_FILE} (or --classnames)`,
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('wds', SPLITS, split);
    const shards = await resolveShards(root, split);
    const classnames = await readClassnames(dirname(shards[0]!));
    let skipped: Skip[] = [];
    return {
      name: 'wds',
      split,
      root,
      classnames,
      size: undefined,
      async *samples(): AsyncGenerator<Sample> {
        skipped = [];
        const sources = shards.map((shard) => () => shardItems(shard, classnames));
        for await (const item of readAhead(sources, SHARDS_AHEAD, SAMPLES_BUFFERED, { bytes: itemBytes, maxBytes: BYTES_BUFFERED })) {
          if ('skip' in item) skipped.push(item.skip);
          else yield item.sample;
        }
      },
      skipped: () => skipped,
    };
  },
};
