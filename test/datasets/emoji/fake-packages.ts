import { nodeModulesReader, type PackageReader } from '../../../src/datasets/emoji/packages.js';
import { EMOJI_VENDORS, type VendorName } from '../../../src/datasets/emoji/vendors.js';

/**
 * A miniature of the npm packages the emoji suite reads: emojibase-data with a dozen concepts and the eight
 * Iconify sets drawing some of them under each vendor's own naming habits (code points or not, "-dark" or
 * "-dark-skin-tone" suffixes, "flag-for-" prefixes, squashed names). Fonts come from the real package.
 */
const TONE_HEX = ['1F3FB', '1F3FC', '1F3FD', '1F3FE', '1F3FF'];
const TONE_NAME = ['light', 'medium-light', 'medium', 'medium-dark', 'dark'];

interface Concept {
  label: string; hexcode: string; group: number; subgroup: number; tags: string[]; skins?: boolean;
  /** A two-person emoji: its people's code points, which take one tone each in the two-tone variants. */
  twoTone?: readonly [string, string, string];
}

const CONCEPTS: Concept[] = [
  { label: 'dog', hexcode: '1F415', group: 3, subgroup: 34, tags: ['dog', 'pet'] },
  { label: 'cat', hexcode: '1F408', group: 3, subgroup: 34, tags: ['cat', 'pet'] },
  { label: 'gorilla', hexcode: '1F98D', group: 3, subgroup: 34, tags: ['animal'] },
  { label: 'orangutan', hexcode: '1F9A7', group: 3, subgroup: 34, tags: ['ape'] },
  { label: 'monkey', hexcode: '1F412', group: 3, subgroup: 34, tags: ['monkey'] },
  { label: 'monkey face', hexcode: '1F435', group: 3, subgroup: 34, tags: ['face', 'monkey'] },
  { label: 'red apple', hexcode: '1F34E', group: 4, subgroup: 42, tags: ['apple', 'fruit', 'red'] },
  { label: 'banana', hexcode: '1F34C', group: 4, subgroup: 42, tags: ['fruit'] },
  { label: 'one o’clock', hexcode: '1F550', group: 5, subgroup: 58, tags: ['1:00', 'clock'] },
  { label: 'one-thirty', hexcode: '1F55C', group: 5, subgroup: 58, tags: ['1:30', 'clock'] },
  { label: 'flag: Japan', hexcode: '1F1EF-1F1F5', group: 9, subgroup: 98, tags: ['JP', 'flag'] },
  { label: 'flag: France', hexcode: '1F1EB-1F1F7', group: 9, subgroup: 98, tags: ['FR', 'flag'] },
  { label: 'health worker', hexcode: '1F9D1-200D-2695-FE0F', group: 1, subgroup: 25, tags: ['doctor', 'nurse'], skins: true },
  { label: 'man health worker', hexcode: '1F468-200D-2695-FE0F', group: 1, subgroup: 25, tags: ['doctor', 'man'], skins: true },
  { label: 'woman health worker', hexcode: '1F469-200D-2695-FE0F', group: 1, subgroup: 25, tags: ['doctor', 'woman'], skins: true },
];

/** More concepts for the captioned splits: a second role (role swaps) and colour families (colour swaps). */
const CAPTIONED: Concept[] = [
  { label: 'green apple', hexcode: '1F34F', group: 4, subgroup: 42, tags: ['apple', 'fruit', 'green'] },
  { label: 'red heart', hexcode: '2764-FE0F', group: 0, subgroup: 13, tags: ['heart'] },
  { label: 'blue heart', hexcode: '1F499', group: 0, subgroup: 13, tags: ['blue', 'heart'] },
  { label: 'farmer', hexcode: '1F9D1-200D-1F33E', group: 1, subgroup: 25, tags: ['farmer', 'gardener'], skins: true },
  { label: 'man farmer', hexcode: '1F468-200D-1F33E', group: 1, subgroup: 25, tags: ['farmer', 'man'], skins: true },
  { label: 'woman farmer', hexcode: '1F469-200D-1F33E', group: 1, subgroup: 25, tags: ['farmer', 'woman'], skins: true },
  { label: 'woman and man holding hands', hexcode: '1F46B', group: 1, subgroup: 26, tags: ['couple'], twoTone: ['1F469', '200D-1F91D-200D', '1F468'] },
];

/** Every (first, second) pair of different tones of a two-person emoji, as [tone indices, hexcode]. */
function twoTones(c: Concept): { i: number; j: number; hexcode: string }[] {
  if (c.twoTone === undefined) return [];
  const [first, joiner, second] = c.twoTone;
  return TONE_HEX.flatMap((a, i) => TONE_HEX.flatMap((b, j) => (i === j ? [] : [{ i, j, hexcode: `${first}-${a}-${joiner}-${second}-${b}` }])));
}

/** Skin-tone variants put the modifier after the first code point, as Unicode does. */
function toned(hexcode: string, tone: number): string {
  const [first, ...rest] = hexcode.split('-');
  return [first, TONE_HEX[tone], ...rest].join('-');
}

function emojibaseData(concepts: readonly Concept[]): unknown {
  return concepts.map((c, order) => ({
    label: c.label, hexcode: c.hexcode, tags: c.tags, group: c.group, subgroup: c.subgroup, order: order * 10,
    ...(c.skins ? { skins: TONE_NAME.map((t, i) => ({ label: `${c.label}: ${t} skin tone`, hexcode: toned(c.hexcode, i), group: c.group, subgroup: c.subgroup, order: order * 10 + i + 1, tone: i + 1 })) } : {}),
    ...(c.twoTone ? { skins: twoTones(c).map(({ i, j, hexcode }, n) => ({ label: `${c.label}: ${TONE_NAME[i]} skin tone, ${TONE_NAME[j]} skin tone`, hexcode, group: c.group, subgroup: c.subgroup, order: order * 10 + n + 1, tone: [i + 1, j + 1] })) } : {}),
  }));
}

/** Every concept and tone variant as [hexcode without FE0F, kebab name, tone suffix]. */
function variants(concepts: readonly Concept[]): { hex: string; name: string; tone: string }[] {
  const out: { hex: string; name: string; tone: string }[] = [];
  for (const c of concepts) {
    const hex = c.hexcode.replace(/-FE0F/g, '').toLowerCase();
    const name = c.label.replace(/’/g, '').replace(/: /g, '-').replace(/ /g, '-').toLowerCase();
    out.push({ hex, name, tone: '' });
    if (c.skins) TONE_NAME.forEach((t, i) => out.push({ hex: toned(c.hexcode, i).replace(/-FE0F/g, '').toLowerCase(), name, tone: t }));
    for (const { i, j, hexcode } of twoTones(c)) out.push({ hex: hexcode.toLowerCase(), name, tone: `${TONE_NAME[i]}-${TONE_NAME[j]}` });
  }
  return out;
}

/** A distinct flat drawing per icon. `broken` icons hold malformed SVG that fails to render. */
function body(name: string, broken: boolean): string {
  if (broken) return '<g><rect width="8" height="8"></g>';
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const color = `#${(h & 0xffffff).toString(16).padStart(6, '0')}`;
  return `<rect x="2" y="2" width="12" height="12" rx="${h % 5}" fill="${color}"/><circle cx="8" cy="8" r="${2 + (h % 4)}" fill="#fff"/>`;
}

interface VendorStyle {
  /** Whether chars.json maps code points to names. */
  codePoints: boolean;
  /** Icon name of a variant, or undefined when the vendor lacks it. */
  name(v: { hex: string; name: string; tone: string }): string | undefined;
}

const STYLES: Record<VendorName, VendorStyle> = {
  noto: { codePoints: true, name: (v) => (v.name.startsWith('flag-') ? undefined : v.tone ? `${v.name}-${v.tone}-skin-tone` : v.name) },
  twemoji: { codePoints: true, name: (v) => (v.tone ? `${v.name}-${v.tone}-skin-tone` : v.name) },
  openmoji: { codePoints: true, name: (v) => (v.tone ? `${v.name}-${v.tone}-skin-tone` : v.name) },
  'fluent-emoji-flat': { codePoints: true, name: (v) => (v.name === 'cat' || v.name.startsWith('flag-') ? undefined : v.tone ? `${v.name}-${v.tone}` : v.name) },
  'fluent-emoji': { codePoints: false, name: (v) => (v.name === 'cat' || v.name.startsWith('flag-') ? undefined : v.tone ? `${v.name}-${v.tone}` : v.name) },
  fxemoji: { codePoints: false, name: (v) => (v.tone || v.name.includes('health') ? undefined : v.name.replace(/-/g, '')) },
  'fluent-emoji-high-contrast': { codePoints: true, name: (v) => (v.tone || v.name.startsWith('flag-') ? undefined : v.name) },
  'emojione-monotone': { codePoints: false, name: (v) => (v.tone ? undefined : v.name.replace(/^flag-/, 'flag-for-')) },
};

export interface FakeOptions {
  /** Vendors whose package is absent. */
  readonly missing?: readonly VendorName[];
  /** `vendor:icon` names whose SVG is malformed. */
  readonly broken?: readonly string[];
  /** Add a second role and two colour families (the captioned splits' tests). */
  readonly captioned?: boolean;
}

export function fakeReader(options: FakeOptions = {}): PackageReader {
  const concepts = options.captioned ? [...CONCEPTS, ...CAPTIONED] : CONCEPTS;
  const files = new Map<string, unknown>();
  const put = (pkg: string, file: string, value: unknown) => files.set(`${pkg}/${file}`, value);
  put('emojibase-data', 'package.json', { version: '0.0.0-test' });
  put('emojibase-data', 'en/data.json', emojibaseData(concepts));
  put('emojibase-data', 'meta/groups.json', {
    groups: { 0: 'smileys-emotion', 1: 'people-body', 3: 'animals-nature', 4: 'food-drink', 5: 'travel-places', 9: 'flags' },
    subgroups: { 13: 'heart', 25: 'person-role', 26: 'family', 34: 'animal-mammal', 42: 'food-fruit', 58: 'time', 98: 'country-flag' },
  });
  put('emojibase-data', 'meta/unicode-names.json', { '1F34E': 'RED APPLE', '1F415': 'DOG' });
  for (const set of ['cldr', 'emojibase', 'github', 'iamcal', 'joypixels']) put('emojibase-data', `en/shortcodes/${set}.json`, {});
  for (const [vendor, style] of Object.entries(STYLES) as [VendorName, VendorStyle][]) {
    if (options.missing?.includes(vendor)) continue;
    const pkg = EMOJI_VENDORS[vendor].package;
    const icons: Record<string, { body: string }> = {};
    const chars: Record<string, string> = {};
    for (const v of variants(concepts)) {
      const name = style.name(v);
      if (name === undefined) continue;
      icons[name] = { body: body(`${vendor}:${name}`, options.broken?.includes(`${vendor}:${name}`) ?? false) };
      if (style.codePoints) chars[v.hex] = name;
    }
    icons['keycap-ten'] = { body: body('keycap', false) }; // a concept outside the catalogue: reported unmatched
    put(pkg, 'package.json', { version: '1.0.0-test' });
    put(pkg, 'icons.json', { prefix: vendor, icons, width: 16, height: 16 });
    put(pkg, 'info.json', { name: `Test ${vendor}`, author: { name: 'tester', url: 'https://example.test' }, license: { title: 'MIT', spdx: 'MIT' } });
    put(pkg, 'chars.json', chars);
  }
  return async (pkg, file) => {
    if (pkg === 'dejavu-fonts-ttf') return nodeModulesReader(pkg, file);
    const value = files.get(`${pkg}/${file}`);
    return value === undefined ? undefined : Buffer.from(JSON.stringify(value));
  };
}
