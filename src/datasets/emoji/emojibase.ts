import { ClipEvalError } from '../../core/errors.js';
import { normalizeHex } from './names.js';
import { readPackageJson, type PackageReader } from './packages.js';

/** Skin tone of a concept: the five Fitzpatrick modifiers, or none (the default yellow). */
export const TONES = ['default', 'light', 'medium-light', 'medium', 'medium-dark', 'dark'] as const;
export type Tone = (typeof TONES)[number];

/** One emoji as emojibase describes it: the unit the vendors' icons are joined on. */
export interface EmojiConcept {
  /** Code points, lower-case hex joined by '-', variation selectors removed. */
  readonly hex: string;
  /** CLDR short name, e.g. "woman health worker: dark skin tone". */
  readonly label: string;
  /** CLDR keywords of the default-tone entry. */
  readonly tags: readonly string[];
  readonly group: string;
  readonly subgroup: string;
  /** Emojibase's sort order. */
  readonly order: number;
  readonly tone: Tone;
  /** Hex of the default-tone entry (itself when tone is 'default'). */
  readonly baseHex: string;
}

/**
 * A two-person emoji with one tone per person ("woman and man holding hands: dark skin tone, light skin tone"):
 * kept apart from the concepts, so that names still join as before; the first tone is the first person's.
 */
export interface TwoToneConcept {
  readonly hex: string;
  readonly label: string;
  /** Label of the default-tone entry ("woman and man holding hands"). */
  readonly baseLabel: string;
  readonly tones: readonly [Tone, Tone];
  readonly order: number;
}

export const EMOJIBASE_PACKAGE = 'emojibase-data';

interface EmojibaseEntry {
  readonly label: string;
  readonly hexcode: string;
  readonly tags?: readonly string[];
  readonly group?: number;
  readonly subgroup?: number;
  readonly order?: number;
  readonly tone?: number | readonly number[];
  readonly skins?: readonly EmojibaseEntry[];
}

interface EmojibaseGroups {
  readonly groups: Readonly<Record<string, string>>;
  readonly subgroups: Readonly<Record<string, string>>;
}

type ShortcodeFile = Readonly<Record<string, string | readonly string[]>>;

/** Shortcode sets whose names some vendors use for icon names (JoyPixels was EmojiOne). */
const SHORTCODE_SETS = ['cldr', 'emojibase', 'github', 'iamcal', 'joypixels'] as const;

export interface Emojibase {
  readonly version: string;
  /** Every emoji with a single skin tone or none, in emojibase order, keyed by hex. */
  readonly concepts: ReadonlyMap<string, EmojiConcept>;
  /** Further names per hex, weakest last: Unicode character names, then shortcodes. */
  readonly unicodeNames: ReadonlyMap<string, string>;
  readonly shortcodes: ReadonlyMap<string, readonly string[]>;
  /** Two-person emoji with two different tones, by hex. */
  readonly twoTone: ReadonlyMap<string, TwoToneConcept>;
}

async function required<T>(reader: PackageReader, file: string): Promise<T> {
  const value = await readPackageJson<T>(reader, EMOJIBASE_PACKAGE, file);
  if (value === undefined) {
    throw new ClipEvalError('DATASET', `emoji-shift: ${EMOJIBASE_PACKAGE}/${file} is not installed; it carries the emoji names the suite joins on (run npm ci in the clip-eval folder)`);
  }
  return value;
}

export async function loadEmojibase(reader: PackageReader): Promise<Emojibase> {
  const [pkg, data, groups, unicode] = await Promise.all([
    required<{ version: string }>(reader, 'package.json'),
    required<readonly EmojibaseEntry[]>(reader, 'en/data.json'),
    required<EmojibaseGroups>(reader, 'meta/groups.json'),
    required<Readonly<Record<string, string>>>(reader, 'meta/unicode-names.json'),
  ]);
  const concepts = new Map<string, EmojiConcept>();
  const twoTone = new Map<string, TwoToneConcept>();
  for (const entry of data) {
    const group = groups.groups[String(entry.group)] ?? 'none';
    if (group === 'component') continue; // skin-tone swatches and hair pieces are not concepts
    const subgroup = groups.subgroups[String(entry.subgroup)] ?? 'none';
    const base: EmojiConcept = {
      hex: normalizeHex(entry.hexcode), label: entry.label, tags: entry.tags ?? [], group, subgroup,
      order: entry.order ?? Number.MAX_SAFE_INTEGER, tone: 'default', baseHex: normalizeHex(entry.hexcode),
    };
    concepts.set(base.hex, base);
    for (const skin of entry.skins ?? []) {
      // Two-person emoji carry one tone per person: kept apart (the compositionality split's tone swaps).
      if (typeof skin.tone !== 'number') {
        const [first, second] = [TONES[skin.tone?.[0] ?? -1], TONES[skin.tone?.[1] ?? -1]];
        if (skin.tone?.length === 2 && first !== undefined && second !== undefined && first !== second) {
          const hex = normalizeHex(skin.hexcode);
          twoTone.set(hex, { hex, label: skin.label, baseLabel: entry.label, tones: [first, second], order: skin.order ?? base.order });
        }
        continue;
      }
      const tone = TONES[skin.tone];
      if (tone === undefined || tone === 'default') continue;
      const hex = normalizeHex(skin.hexcode);
      concepts.set(hex, { ...base, hex, label: skin.label, order: skin.order ?? base.order, tone });
    }
  }
  const shortcodes = new Map<string, string[]>();
  for (const set of SHORTCODE_SETS) {
    const file = await required<ShortcodeFile>(reader, `en/shortcodes/${set}.json`);
    for (const [hexcode, codes] of Object.entries(file)) {
      const hex = normalizeHex(hexcode);
      shortcodes.set(hex, [...(shortcodes.get(hex) ?? []), ...[codes].flat()]);
    }
  }
  const unicodeNames = new Map(Object.entries(unicode).map(([hexcode, name]) => [normalizeHex(hexcode), name]));
  return { version: pkg.version, concepts, unicodeNames, shortcodes, twoTone };
}
