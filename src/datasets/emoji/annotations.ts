import { formatCsv } from '../../core/csv.js';
import { classnameFromLabel } from './names.js';
import type { ConceptInfo, PlannedItem } from './plan.js';
import { hashString, mulberry32, shuffled, type Rng } from './prng.js';
import suite from './suite.json' with { type: 'json' };
import type { SplitName } from './splits.js';

/**
 * The annotation files of the captioned splits, written beside their images in formats the harness's own
 * adapters read as distributed, so that `clip-eval retrieval` and `clip-eval compositionality` run on them as
 * on any user's data:
 *
 * - `retrieval/captions.csv`: the `csv` caption manifest (`image,caption`, one row per caption, paths relative to
 *   the file), `suite.retrieval.captionsPerImage` captions per image;
 * - `compositionality/data/<subset>.json`: SugarCrepe's subset files (`{id: {filename, caption,
 *   negative_caption}}`, filenames relative to `compositionality/`), under SugarCrepe's names for what changed:
 *   `replace_att` (skin tone, colour), `replace_obj` (gender, role) and `swap_att` (the tones of two people
 *   swapped); ids say which (`tone-0003`, `role-0011`, `tones-0002`).
 *
 * Pure: the text follows from the manifest's items, concepts and seed alone, so the builder can check the files on
 * every run and write them again when they differ, without reading the icon packages.
 */
export interface AnnotationFile {
  /** Path under the suite root, POSIX separators. */
  readonly file: string;
  readonly text: string;
}

export const RETRIEVAL_CAPTIONS_FILE = 'retrieval/captions.csv';
export const COMPOSITION_SUBSETS = { tone: 'replace_att', colour: 'replace_att', gender: 'replace_obj', role: 'replace_obj', tones: 'swap_att' } as const;
export type CompositionChange = keyof typeof COMPOSITION_SUBSETS;

/*
 * Caption phrasings. The training captions (tools/train-tiny-clip/captions.py) use "{a} {name}", "an emoji of
 * {a} {name}", "a picture of {a} {name}", "{name}, {tags}", "{tags}" and a dozen more; of the phrasings here only
 * the first two name phrasings are shared with them, the rest are new to the model, so retrieval measures more
 * than recall of training strings. Each image gets three different name phrasings, one name-and-keywords and one
 * keywords-only caption (CLDR keywords are shared between concepts, as a web caption's words are), drawn with its
 * own seed.
 */
const NAME_PHRASES = [
  '{a} {name}', 'an emoji of {a} {name}',
  'a small picture showing {a} {name}', 'this is {a} {name}', 'an illustration of {a} {name}',
  'a simple graphic of {a} {name}', '{a} {name}, drawn as an emoji',
];
const NAME_TAG_PHRASES = ['{a} {name}; keywords: {tags}', '{a} {name}, associated with {tags}', '{a} {name} that stands for {tags}'];
const TAG_PHRASES = ['an emoji about {tags}', 'something to do with {tags}', 'a symbol for {tags}'];

/** The positive and negative captions of a pair share one phrasing; only the attribute's word differs. */
const PERSON_PHRASES = ['{a} {who} with {tone} skin', '{a} {who}, {tone} skin tone', 'an emoji of {a} {who} with {tone} skin'];
const COUPLE_PHRASES = ['a {first} with {first_tone} skin and a {second} with {second_tone} skin {action}', '{action}: a {first} with {first_tone} skin and a {second} with {second_tone} skin'];
const COLOUR_PHRASES = ['{a} {colour} {object}', 'an emoji of {a} {colour} {object}', '{a} {object} in {colour}'];

export function article(word: string): 'a' | 'an' {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function fill(phrase: string, values: Readonly<Record<string, string>>): string {
  const text = phrase.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'a') return '\u0000a';
    const value = values[key];
    if (value === undefined) throw new Error(`caption phrase '${phrase}' needs {${key}}`);
    return value;
  });
  // The article agrees with the word after it: "an orange heart", "a red heart".
  return text.replace(/\u0000a (\S+)/g, (_, next: string) => `${article(next)} ${next}`);
}

function itemRng(seed: number, key: string): Rng {
  return mulberry32(hashString(key, hashString(`emoji-shift-captions:${seed}`)));
}

/** The five captions of one retrieval image, from its CLDR name and keywords. */
export function retrievalCaptions(concept: ConceptInfo, rng: Rng, count: number = suite.retrieval.captionsPerImage): string[] {
  const name = classnameFromLabel(concept.label);
  const tags = [...new Set(concept.tags.map((t) => t.toLowerCase()))].filter((t) => t !== name.toLowerCase());
  const tagList = () => shuffled(tags, rng).slice(0, Math.min(tags.length, 2 + rng.int(2))).join(', ');
  const names = shuffled(NAME_PHRASES, rng).map((phrase) => fill(phrase, { name }));
  const withTags = tags.length > 0 ? [fill(rng.pick(NAME_TAG_PHRASES), { name, tags: tagList() }), fill(rng.pick(TAG_PHRASES), { tags: tagList() })] : [];
  return [...names.slice(0, Math.max(0, count - withTags.length)), ...withTags].slice(0, count);
}

/** One pair of a compositionality image: the caption it is right for, and one with `change` set to the wrong value. */
export interface CompositionPair {
  readonly change: CompositionChange;
  readonly caption: string;
  readonly negative: string;
}

export function compositionPairs(attrs: Readonly<Record<string, string>>, rng: Rng): CompositionPair[] {
  const pairs: CompositionPair[] = [];
  // `field` is the placeholder the wrong value goes into: a gender or role swap changes the person's CLDR name.
  const add = (change: CompositionChange, field: string, phrases: readonly string[], values: Record<string, string>) => {
    const wrong = attrs[`${change}_negative`];
    if (wrong === undefined || wrong === values[field]) return;
    const phrase = rng.pick(phrases);
    pairs.push({ change, caption: fill(phrase, values), negative: fill(phrase, { ...values, [field]: wrong }) });
  };
  if (attrs['kind'] === 'person') {
    const values = { who: attrs['who']!, tone: attrs['tone']! };
    add('tone', 'tone', PERSON_PHRASES, values);
    add('gender', 'who', PERSON_PHRASES, values);
    add('role', 'who', PERSON_PHRASES, values);
  } else if (attrs['kind'] === 'colour') {
    add('colour', 'colour', COLOUR_PHRASES, { colour: attrs['colour']!, object: attrs['object']! });
  } else if (attrs['kind'] === 'couple') {
    const values = { first: attrs['first']!, second: attrs['second']!, action: attrs['action']!, first_tone: attrs['first_tone']!, second_tone: attrs['second_tone']! };
    if (values.first_tone !== values.second_tone) {
      const phrase = rng.pick(COUPLE_PHRASES);
      pairs.push({ change: 'tones', caption: fill(phrase, values), negative: fill(phrase, { ...values, first_tone: values.second_tone, second_tone: values.first_tone }) });
    }
  }
  return pairs;
}

function under(folder: string, file: string): string {
  return file.startsWith(`${folder}/`) ? file.slice(folder.length + 1) : file;
}

function retrievalFiles(items: readonly PlannedItem[], concepts: Readonly<Record<string, ConceptInfo>>, seed: number): AnnotationFile[] {
  const rows: { image: string; caption: string }[] = [];
  for (const item of items) {
    const concept = concepts[item.attrs['hex'] ?? ''];
    if (concept === undefined) continue;
    for (const caption of retrievalCaptions(concept, itemRng(seed, item.file))) rows.push({ image: under('retrieval', item.file), caption });
  }
  return [{ file: RETRIEVAL_CAPTIONS_FILE, text: formatCsv(['image', 'caption'], rows) }];
}

function compositionFiles(items: readonly PlannedItem[], seed: number): AnnotationFile[] {
  const subsets = new Map<string, Record<string, { filename: string; caption: string; negative_caption: string }>>();
  const counts = new Map<CompositionChange, number>();
  for (const item of items) {
    for (const pair of compositionPairs(item.attrs, itemRng(seed, item.file))) {
      const n = counts.get(pair.change) ?? 0;
      counts.set(pair.change, n + 1);
      const subset = COMPOSITION_SUBSETS[pair.change];
      const entries = subsets.get(subset) ?? {};
      entries[`${pair.change}-${String(n).padStart(4, '0')}`] = { filename: under('compositionality', item.file), caption: pair.caption, negative_caption: pair.negative };
      subsets.set(subset, entries);
    }
  }
  return [...subsets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([subset, entries]) => ({ file: `compositionality/data/${subset}.json`, text: JSON.stringify(entries, null, 1) + '\n' }));
}

/** The annotation files of a split (none for the classification splits). */
export function splitAnnotations(split: SplitName, items: readonly PlannedItem[], concepts: Readonly<Record<string, ConceptInfo>>, seed: number): AnnotationFile[] {
  switch (split) {
    case 'retrieval':
      return retrievalFiles(items, concepts, seed);
    case 'compositionality':
      return compositionFiles(items, seed);
    default:
      return [];
  }
}
