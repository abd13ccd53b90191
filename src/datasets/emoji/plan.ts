import type { Skip } from '../../core/sample.js';
import type { Catalog } from './catalog.js';
import { TONES, type EmojiConcept, type Tone } from './emojibase.js';
import { FONT_NAMES, OCR_FONTS, type FontName } from './fonts.js';
import { classnameFromLabel, slug } from './names.js';
import { planCompositionality, planRetrieval } from './plan-captioned.js';
import { hashString, rngFor, shuffled } from './prng.js';
import type { RenderSpec } from './render.js';
import { EMOJI_SPLITS, type SplitName } from './splits.js';
import suite from './suite.json' with { type: 'json' };
import { EMOJI_VENDORS, vendorsWithRole, type VendorName, type VendorRole } from './vendors.js';

/**
 * The suite's plan: which concepts each split holds and every image's render spec, as a pure function of the
 * catalog and the options. Rendering and caching follow the plan; nothing here touches the disk.
 */
export interface SuiteOptions {
  /** Side of the rendered square images, pixels. */
  readonly size: number;
  readonly seed: number;
  /** Object classes of train/id/clean/v2/rendition/sketch/objectnet. */
  readonly classes: number;
  readonly ocrWords: number;
  /** Images per (concept, style) pair, per split. */
  readonly copies: Readonly<Record<SplitName, number>>;
  readonly splits: readonly SplitName[];
}

export const DEFAULT_SUITE_OPTIONS: SuiteOptions = Object.freeze({
  size: 48,
  seed: 0,
  classes: 250,
  ocrWords: 100,
  copies: Object.fromEntries(Object.entries(EMOJI_SPLITS).map(([name, info]) => [name, info.copies])) as Record<SplitName, number>,
  splits: (Object.keys(EMOJI_SPLITS) as SplitName[]).filter((s) => EMOJI_SPLITS[s].byDefault),
});

/** The paper's harmful-misclassification analysis groups the fairness classes so. */
export type ClassCategory = 'human' | 'non-human' | 'crime';

export const GENDERS = ['person', 'man', 'woman'] as const;
export type Gender = (typeof GENDERS)[number];

export interface PlannedItem {
  /** Path under the suite root, POSIX separators. */
  readonly file: string;
  readonly label: number;
  readonly attrs: Readonly<Record<string, string>>;
  readonly spec: RenderSpec;
}

export interface SplitPlan {
  readonly name: SplitName;
  readonly classnames: readonly string[];
  /** Fairness only: the category of each class. */
  readonly categories?: readonly ClassCategory[];
  readonly items: readonly PlannedItem[];
  /** Images the split would hold but cannot: a style lacks the concept, a package is missing. */
  readonly skipped: readonly Skip[];
}

/** What the training tool needs to caption a concept. */
export interface ConceptInfo {
  readonly label: string;
  readonly tags: readonly string[];
  readonly group: string;
  readonly subgroup: string;
  readonly tone: Tone;
}

export interface Role {
  readonly classname: string;
  /** Gender -> tone -> concept. */
  readonly variants: ReadonlyMap<Gender, ReadonlyMap<Tone, EmojiConcept>>;
}

export interface Selection {
  readonly objects: readonly EmojiConcept[];
  readonly fine: readonly { readonly concept: EmojiConcept; readonly subset: string }[];
  readonly roles: readonly Role[];
  readonly words: readonly string[];
  /** Roles and non-human classes the fairness split cannot hold. */
  readonly fairnessSkipped: readonly Skip[];
}

export class Planner {
  readonly train: VendorName[];
  readonly variants = new Map<string, Map<Tone, EmojiConcept>>();
  readonly byLabel = new Map<string, EmojiConcept>();

  constructor(readonly catalog: Catalog, readonly options: SuiteOptions) {
    this.train = this.available('train');
    for (const c of catalog.concepts.values()) {
      const tones = this.variants.get(c.baseHex) ?? new Map<Tone, EmojiConcept>();
      tones.set(c.tone, c);
      this.variants.set(c.baseHex, tones);
      if (c.tone === 'default') this.byLabel.set(c.label, c);
    }
  }

  available(role: VendorRole): VendorName[] {
    return vendorsWithRole(role).filter((v) => this.catalog.vendors.has(v));
  }

  has(vendor: VendorName, concept: EmojiConcept): boolean {
    return this.catalog.vendors.get(vendor)?.icons.has(concept.hex) ?? false;
  }

  inAll(vendors: readonly VendorName[], concept: EmojiConcept): boolean {
    return vendors.every((v) => this.has(v, concept));
  }

  inSome(vendors: readonly VendorName[], concept: EmojiConcept): boolean {
    return vendors.length === 0 || vendors.some((v) => this.has(v, concept));
  }

  isFine(concept: EmojiConcept): string | undefined {
    return suite.fineGrained.find((f) => f.subgroup === concept.subgroup && new RegExp(f.labelPattern).test(concept.label))?.subset;
  }

  select(): Selection {
    const { options } = this;
    const skipped: Skip[] = [];
    const rendition = this.available('rendition');
    const sketch = this.available('sketch');
    const seen = new Set<string>();
    const eligible = [...this.catalog.concepts.values()].filter((c) => {
      const name = classnameFromLabel(c.label);
      const ok = c.tone === 'default' && suite.objectGroups.includes(c.group) && this.isFine(c) === undefined
        && this.inAll(this.train, c) && this.inSome(rendition, c) && this.inSome(sketch, c) && !seen.has(name);
      if (ok) seen.add(name);
      return ok;
    });
    // The fairness split's non-human classes must be concepts the model can tell apart, so they are always in.
    const forced = eligible.filter((c) => suite.fairness.nonHumanConcepts.includes(c.label));
    for (const label of suite.fairness.nonHumanConcepts) {
      if (!forced.some((c) => c.label === label)) skipped.push({ path: `fairness/${slug(label)}`, reason: `'${label}' is not drawn by every training style; left out of the fairness labels` });
    }
    const rest = shuffled(eligible.filter((c) => !forced.includes(c)), rngFor(options.seed, 'objects'));
    const objects = [...forced, ...rest.slice(0, Math.max(0, options.classes - forced.length))].sort((a, b) => a.order - b.order);

    const fine = [...this.catalog.concepts.values()]
      .filter((c) => c.tone === 'default' && this.isFine(c) !== undefined && this.train.some((v) => this.has(v, c)))
      .map((concept) => ({ concept, subset: this.isFine(concept)! }));

    const roles: Role[] = [];
    for (const person of this.catalog.concepts.values()) {
      if (person.tone !== 'default' || !suite.fairness.roleSubgroups.includes(person.subgroup)) continue;
      const stem = person.label.startsWith('person ') ? person.label.slice('person '.length) : person.label;
      const bases: Record<Gender, EmojiConcept | undefined> = { person, man: this.byLabel.get(`man ${stem}`), woman: this.byLabel.get(`woman ${stem}`) };
      if (bases.man === undefined || bases.woman === undefined) continue;
      const variants = new Map<Gender, Map<Tone, EmojiConcept>>();
      const missing: string[] = [];
      for (const gender of GENDERS) {
        const tones = this.variants.get(bases[gender]!.hex)!;
        variants.set(gender, tones);
        for (const tone of TONES) {
          const c = tones.get(tone);
          if (c === undefined || !this.inAll(this.train, c)) missing.push(`${gender}/${tone}`);
        }
      }
      if (missing.length > 0) {
        skipped.push({ path: `fairness/${slug(person.label)}`, reason: `not every training style draws ${missing.join(', ')}; role left out so that tones and genders stay balanced` });
      } else {
        roles.push({ classname: classnameFromLabel(person.label), variants });
      }
    }

    const pattern = new RegExp(`^[a-z]{${suite.ocr.minLength},${suite.ocr.maxLength}}$`);
    const names = objects.map((c) => classnameFromLabel(c.label)).filter((w) => pattern.test(w));
    const tags = objects.flatMap((c) => c.tags).filter((w) => pattern.test(w) && !names.includes(w));
    const rng = rngFor(options.seed, 'words');
    // Class names first, so that the same words appear as emoji and as text (typographic probes).
    const words = [...new Set([...shuffled(names, rng), ...shuffled([...new Set(tags)].sort(), rng)])].slice(0, options.ocrWords).sort();
    return { objects, fine, roles, words, fairnessSkipped: skipped };
  }
}

function pad(label: number): string {
  return String(label).padStart(4, '0');
}

function itemSeed(seed: number, file: string): number {
  return hashString(file, hashString(`emoji-shift:${seed}`));
}

export class SplitBuilder {
  readonly items: PlannedItem[] = [];
  readonly skipped: Skip[] = [];
  readonly classnames: string[] = [];

  constructor(readonly name: SplitName, readonly planner: Planner) {}

  addClass(name: string): number {
    this.classnames.push(name);
    return this.classnames.length - 1;
  }

  icons(label: number, concept: EmojiConcept, vendors: readonly VendorName[], copies: number, attrs: Record<string, string> = {}, variant = ''): void {
    const { catalog } = this.planner;
    for (const vendor of vendors) {
      const icon = catalog.vendors.get(vendor)?.icons.get(concept.hex);
      const folder = `${this.name}/${pad(label)}-${slug(this.classnames[label]!)}`;
      if (icon === undefined) {
        this.skipped.push({ path: `${folder}/${vendor}${variant}`, reason: `${vendor} has no icon for '${concept.label}'` });
        continue;
      }
      this.addIcon(label, vendor, icon, concept.hex, copies, attrs, variant);
    }
  }

  /** Copies of one vendor's icon in the class's folder, `<vendor><variant>-<copy>.png`. */
  addIcon(label: number, vendor: VendorName, icon: string, hex: string, copies: number, attrs: Record<string, string> = {}, variant = ''): void {
    const folder = `${this.name}/${pad(label)}-${slug(this.classnames[label]!)}`;
    for (let copy = 0; copy < copies; copy++) {
      const file = `${folder}/${vendor}${variant}-${copy}.png`;
      this.items.push({
        file, label,
        attrs: { vendor, family: EMOJI_VENDORS[vendor].family, hex, ...attrs },
        spec: { art: { kind: 'icon', vendor, icon }, profile: EMOJI_SPLITS[this.name].profile, seed: itemSeed(this.planner.options.seed, file) },
      });
    }
  }

  words(label: number, word: string, fonts: readonly FontName[], copies: number, attrs: Record<string, string> = {}): void {
    for (const font of fonts) {
      for (let copy = 0; copy < copies; copy++) {
        const file = `${this.name}/${pad(label)}-${slug(word)}/${font}-${copy}.png`;
        this.items.push({
          file, label,
          attrs: { font, font_seen: OCR_FONTS[font].seen ? 'yes' : 'no', ...attrs },
          spec: { art: { kind: 'word', font, word }, profile: 'text', seed: itemSeed(this.planner.options.seed, file) },
        });
      }
    }
  }

  missingPackages(roles: readonly VendorRole[]): void {
    for (const { vendor, package: pkg } of this.planner.catalog.report.missingPackages) {
      if (roles.includes(EMOJI_VENDORS[vendor].role)) this.skipped.push({ path: `${this.name}/${vendor}`, reason: `package ${pkg} is not installed (run npm ci); its style is left out` });
    }
  }

  done(categories?: ClassCategory[]): SplitPlan {
    return { name: this.name, classnames: this.classnames, ...(categories ? { categories } : {}), items: this.items, skipped: this.skipped };
  }
}

const SEEN_FONTS = FONT_NAMES.filter((f) => OCR_FONTS[f].seen);

function corpusCopies(copies: number, tone: Tone): number {
  return Math.max(1, Math.round(copies * suite.corpusToneWeights[tone]));
}

function planSplit(name: SplitName, planner: Planner, sel: Selection, hasWords: boolean): SplitPlan {
  const b = new SplitBuilder(name, planner);
  const copies = planner.options.copies[name];
  const objectSplit = (vendors: readonly VendorName[], roles: VendorRole[]): SplitPlan => {
    b.missingPackages(roles);
    for (const c of sel.objects) b.icons(b.addClass(classnameFromLabel(c.label)), c, vendors, copies);
    return b.done();
  };
  const noWords = (): void => {
    if (!hasWords) b.skipped.push({ path: name, reason: 'the OCR font package dejavu-fonts-ttf is not installed (run npm ci); no words rendered' });
  };
  switch (name) {
    case 'train':
    case 'id':
    case 'clean':
    case 'v2':
    case 'objectnet':
      return objectSplit(planner.train, ['train']);
    case 'rendition':
      return objectSplit(planner.available('rendition'), ['rendition']);
    case 'sketch':
      return objectSplit(planner.available('sketch'), ['sketch']);
    case 'ocr':
      noWords();
      for (const w of sel.words) {
        const label = b.addClass(w);
        if (hasWords) b.words(label, w, FONT_NAMES, copies);
      }
      return b.done();
    case 'fine-grained':
      b.missingPackages(['train']);
      for (const { concept, subset } of sel.fine) b.icons(b.addClass(classnameFromLabel(concept.label)), concept, planner.train, copies, { subset });
      return b.done();
    case 'fairness': {
      b.missingPackages(['train']);
      b.skipped.push(...sel.fairnessSkipped);
      const categories: ClassCategory[] = [];
      for (const role of sel.roles) {
        const label = b.addClass(role.classname);
        categories.push('human');
        for (const [gender, tones] of role.variants) {
          for (const [tone, c] of tones) b.icons(label, c, planner.train, copies, { tone, gender }, `-${gender}-${tone}`);
        }
      }
      const nonHuman = [...sel.objects.filter((c) => suite.fairness.nonHumanConcepts.includes(c.label)).map((c) => classnameFromLabel(c.label)), ...suite.fairness.nonHumanText];
      for (const n of nonHuman) { b.addClass(n); categories.push('non-human'); }
      for (const n of suite.fairness.crimeText) { b.addClass(n); categories.push('crime'); }
      return b.done(categories);
    }
    case 'retrieval':
      return planRetrieval(b, planner, sel);
    case 'compositionality':
      return planCompositionality(b, planner, sel);
    case 'corpus': {
      b.missingPackages(['train']);
      for (const c of sel.objects) b.icons(b.addClass(classnameFromLabel(c.label)), c, planner.train, copies, { task: 'objects' });
      for (const { concept } of sel.fine) b.icons(b.addClass(classnameFromLabel(concept.label)), concept, planner.train, copies, { task: 'fine-grained' });
      for (const role of sel.roles) {
        for (const [gender, tones] of role.variants) {
          for (const [tone, c] of tones) {
            b.icons(b.addClass(classnameFromLabel(c.label)), c, planner.train, corpusCopies(copies, tone), { task: 'fairness', tone, gender, role: role.classname });
          }
        }
      }
      noWords();
      if (hasWords) for (const w of sel.words) b.words(b.addClass(`word: ${w}`), w, SEEN_FONTS, copies, { task: 'ocr', word: w });
      return b.done();
    }
    default: {
      const never: never = name;
      throw new Error(`unknown split ${String(never)}`);
    }
  }
}

export interface SuitePlan {
  readonly splits: readonly SplitPlan[];
  /** Every concept an icon of the plan shows, by hex: what captions and reports need. */
  readonly concepts: Readonly<Record<string, ConceptInfo>>;
}

export function planSuite(catalog: Catalog, hasWords: boolean, options: SuiteOptions): SuitePlan {
  const planner = new Planner(catalog, options);
  const selection = planner.select();
  const splits = options.splits.map((name) => planSplit(name, planner, selection, hasWords));
  const concepts: Record<string, ConceptInfo> = {};
  for (const split of splits) {
    for (const item of split.items) {
      const hex = item.attrs['hex'];
      const c = hex === undefined ? undefined : catalog.concepts.get(hex);
      if (c !== undefined) concepts[c.hex] = { label: c.label, tags: c.tags, group: c.group, subgroup: c.subgroup, tone: c.tone };
    }
  }
  return { splits, concepts };
}
