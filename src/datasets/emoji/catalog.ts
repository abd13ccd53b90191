import { loadEmojibase, type Emojibase, type EmojiConcept, type TwoToneConcept } from './emojibase.js';
import { iconSvg, plainNames, type IconifySet } from './iconify.js';
import { nameKey, normalizeHex } from './names.js';
import { readPackageJson, type PackageReader } from './packages.js';
import { EMOJI_VENDORS, VENDOR_NAMES, type VendorName } from './vendors.js';

/** Who drew a set and under which licence: what the README and every report credit. */
export interface Credit {
  readonly source: string;
  readonly title: string;
  readonly author: string;
  readonly url: string;
  readonly license: string;
  readonly spdx: string;
  readonly version: string;
}

/** One vendor's icons, joined to concepts. */
export interface VendorSet {
  readonly vendor: VendorName;
  readonly credit: Credit;
  /** Concept hex -> icon name. */
  readonly icons: ReadonlyMap<string, string>;
  /** Two-tone hex -> icon name, joined through code points only (chars.json). */
  readonly twoTone: ReadonlyMap<string, string>;
  /** The icon as an SVG document `pixels` wide on its longer side. */
  svg(icon: string, pixels: number): string;
}

/** How the join went for one vendor: what the user sees under "what could not be matched". */
export interface VendorJoin {
  readonly icons: number;
  readonly viaCodePoints: number;
  readonly viaNames: number;
  /** Icon names that matched no concept (keycaps, non-standard icons, names too far from CLDR's). */
  readonly unmatched: readonly string[];
  /** Icon names whose name fits several concepts; left out rather than guessed. */
  readonly ambiguous: readonly string[];
}

export interface CatalogReport {
  readonly emojibase: string;
  readonly missingPackages: readonly { readonly vendor: VendorName; readonly package: string }[];
  readonly vendors: Partial<Record<VendorName, VendorJoin>>;
}

export interface Catalog {
  readonly concepts: ReadonlyMap<string, EmojiConcept>;
  readonly twoTone: ReadonlyMap<string, TwoToneConcept>;
  readonly vendors: ReadonlyMap<VendorName, VendorSet>;
  readonly report: CatalogReport;
}

interface IconifyInfo {
  readonly name: string;
  readonly author?: { readonly name?: string; readonly url?: string };
  readonly license?: { readonly title?: string; readonly spdx?: string; readonly url?: string };
}

interface LoadedSet {
  readonly vendor: VendorName;
  readonly set: IconifySet;
  readonly chars: Readonly<Record<string, string>>;
  readonly credit: Credit;
}

async function loadSet(reader: PackageReader, vendor: VendorName): Promise<LoadedSet | undefined> {
  const pkg = EMOJI_VENDORS[vendor].package;
  const [set, info, meta, chars] = await Promise.all([
    readPackageJson<IconifySet>(reader, pkg, 'icons.json'),
    readPackageJson<IconifyInfo>(reader, pkg, 'info.json'),
    readPackageJson<{ version: string }>(reader, pkg, 'package.json'),
    readPackageJson<Record<string, string>>(reader, pkg, 'chars.json'),
  ]);
  if (set === undefined || info === undefined || meta === undefined) return undefined;
  const credit: Credit = {
    source: pkg, title: info.name, author: info.author?.name ?? 'unknown', url: info.author?.url ?? '',
    license: info.license?.title ?? 'unknown', spdx: info.license?.spdx ?? 'unknown', version: meta.version,
  };
  return { vendor, set, chars: chars ?? {}, credit };
}

/** Name keys -> hexes, in tiers tried strongest first; a key that names several hexes is ambiguous. */
type NameIndex = Map<string, Set<string>>;

function addName(index: NameIndex, key: string, hex: string): void {
  if (key === '') return;
  const hexes = index.get(key) ?? new Set<string>();
  hexes.add(hex);
  index.set(key, hexes);
}

function buildTiers(emojibase: Emojibase, sets: readonly LoadedSet[], loose: boolean): NameIndex[] {
  const known = (hex: string) => emojibase.concepts.has(hex);
  // CLDR labels and every vendor's code-point-keyed names are one tier: the Fluent colour set has no
  // code points but shares icon names with Fluent flat, which has them.
  const primary: NameIndex = new Map();
  for (const c of emojibase.concepts.values()) addName(primary, nameKey(c.label, loose), c.hex);
  for (const s of sets) {
    for (const [hexcode, name] of Object.entries(s.chars)) {
      const hex = normalizeHex(hexcode);
      if (known(hex)) addName(primary, nameKey(name, loose), hex);
    }
  }
  const unicode: NameIndex = new Map();
  for (const [hex, name] of emojibase.unicodeNames) if (known(hex)) addName(unicode, nameKey(name, loose), hex);
  const shortcodes: NameIndex = new Map();
  for (const [hex, codes] of emojibase.shortcodes) {
    if (known(hex)) for (const code of codes) addName(shortcodes, nameKey(code, loose), hex);
  }
  return [primary, unicode, shortcodes];
}

type Lookup = { readonly kind: 'hit'; readonly hex: string } | { readonly kind: 'ambiguous' } | { readonly kind: 'none' };

function lookup(name: string, strict: readonly NameIndex[], loose: readonly NameIndex[]): Lookup {
  for (const [tiers, isLoose] of [[strict, false], [loose, true]] as const) {
    const key = nameKey(name, isLoose);
    for (const tier of tiers) {
      const hexes = tier.get(key);
      if (hexes === undefined) continue;
      if (hexes.size > 1) return { kind: 'ambiguous' };
      return { kind: 'hit', hex: [...hexes][0]! };
    }
  }
  return { kind: 'none' };
}

/** Join one vendor's icons to concepts: through code points where the set gives them, else through names. */
function joinSet(loaded: LoadedSet, concepts: ReadonlyMap<string, EmojiConcept>, strict: readonly NameIndex[], loose: readonly NameIndex[]): {
  icons: Map<string, string>;
  join: VendorJoin;
} {
  const names = plainNames(loaded.set);
  const icons = new Map<string, string>();
  const used = new Set<string>();
  let viaCodePoints = 0;
  for (const [hexcode, name] of Object.entries(loaded.chars).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const hex = normalizeHex(hexcode);
    const icon = names.get(name);
    if (icon === undefined || !concepts.has(hex) || icons.has(hex)) continue;
    icons.set(hex, icon);
    used.add(icon);
    viaCodePoints++;
  }
  let viaNames = 0;
  const unmatched: string[] = [];
  const ambiguous: string[] = [];
  for (const name of [...names.keys()].sort()) {
    const icon = names.get(name)!;
    if (used.has(icon) || loaded.set.icons[icon]?.hidden) continue;
    const found = lookup(name, strict, loose);
    if (found.kind === 'hit') {
      used.add(icon);
      if (icons.has(found.hex)) continue; // a second drawing or an alias of a concept already joined
      icons.set(found.hex, icon);
      viaNames++;
    } else if (names.get(name) === name) {
      (found.kind === 'ambiguous' ? ambiguous : unmatched).push(name);
    }
  }
  // An alias that matched later makes its icon matched after all.
  const stillUnmatched = unmatched.filter((n) => !used.has(n));
  const stillAmbiguous = ambiguous.filter((n) => !used.has(n));
  return {
    icons,
    join: { icons: Object.keys(loaded.set.icons).length, viaCodePoints, viaNames, unmatched: stillUnmatched, ambiguous: stillAmbiguous },
  };
}

/** A set's two-tone icons, through its code points: their names are long and the name join would guess. */
function joinTwoTone(loaded: LoadedSet, twoTone: ReadonlyMap<string, TwoToneConcept>): Map<string, string> {
  const names = plainNames(loaded.set);
  const icons = new Map<string, string>();
  for (const [hexcode, name] of Object.entries(loaded.chars)) {
    const hex = normalizeHex(hexcode);
    const icon = names.get(name);
    if (icon !== undefined && twoTone.has(hex) && !loaded.set.icons[icon]?.hidden) icons.set(hex, icon);
  }
  return icons;
}

/**
 * Load emojibase and every installed vendor set and join them by concept. A vendor whose package is missing
 * is reported and left out; a missing emojibase is an error (nothing can be joined without it).
 */
export async function loadCatalog(reader: PackageReader, vendors: readonly VendorName[] = VENDOR_NAMES): Promise<Catalog> {
  const emojibase = await loadEmojibase(reader);
  const loaded: LoadedSet[] = [];
  const missingPackages: { vendor: VendorName; package: string }[] = [];
  for (const vendor of vendors) {
    const set = await loadSet(reader, vendor);
    if (set === undefined) missingPackages.push({ vendor, package: EMOJI_VENDORS[vendor].package });
    else loaded.push(set);
  }
  const strict = buildTiers(emojibase, loaded, false);
  const loose = buildTiers(emojibase, loaded, true);
  const sets = new Map<VendorName, VendorSet>();
  const joins: Partial<Record<VendorName, VendorJoin>> = {};
  for (const l of loaded) {
    const { icons, join } = joinSet(l, emojibase.concepts, strict, loose);
    sets.set(l.vendor, { vendor: l.vendor, credit: l.credit, icons, twoTone: joinTwoTone(l, emojibase.twoTone), svg: (icon, pixels) => iconSvg(l.set, icon, pixels) });
    joins[l.vendor] = join;
  }
  return { concepts: emojibase.concepts, twoTone: emojibase.twoTone, vendors: sets, report: { emojibase: emojibase.version, missingPackages, vendors: joins } };
}
