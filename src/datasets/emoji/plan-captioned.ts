import type { Skip } from '../../core/sample.js';
import { TONES, type EmojiConcept, type Tone } from './emojibase.js';
import { classnameFromLabel, slug } from './names.js';
import type { Gender, Planner, Role, Selection, SplitBuilder, SplitPlan } from './plan.js';
import { rngFor, shuffled, type Rng } from './prng.js';
import suite from './suite.json' with { type: 'json' };
import { EMOJI_VENDORS, type VendorName } from './vendors.js';

/**
 * The plans of the two captioned splits, whose annotation files (annotations.ts) are written beside the images:
 *
 * - `retrieval`: object concepts of the classification splits, each drawn once — half in a held-in (training)
 *   style, half in a held-out one — so that no two images share a concept and a caption has one right image;
 * - `compositionality`: people (role x gender x skin tone) and coloured objects (the CLDR families that differ
 *   only by colour: hearts, circles, squares, books, apples, ...), each drawn once in a colour style (monochrome
 *   styles show neither tone nor colour), with the wrong value of each attribute the art distinguishes chosen
 *   here, seeded, and recorded in the item's attrs (`tone_negative`, `gender_negative`, `role_negative`,
 *   `colour_negative`); and two-person emoji with two tones (couples), whose negative swaps the tones.
 */

function held(vendor: VendorName): 'in' | 'out' {
  return EMOJI_VENDORS[vendor].role === 'train' ? 'in' : 'out';
}

function drawnBy(planner: Planner, vendors: readonly VendorName[], concept: EmojiConcept): VendorName[] {
  return vendors.filter((v) => planner.has(v, concept));
}

export function planRetrieval(b: SplitBuilder, planner: Planner, sel: Selection): SplitPlan {
  b.missingPackages(['train', 'rendition', 'sketch']);
  const heldIn = planner.train;
  const heldOut = [...planner.available('rendition'), ...planner.available('sketch')];
  const rng = rngFor(planner.options.seed, 'retrieval');
  const chosen = shuffled(sel.objects, rng).slice(0, suite.retrieval.concepts);
  // The first half of the draw goes to the held-in styles, the rest to the held-out ones; labels in CLDR order.
  const side = new Map(chosen.map((c, i) => [c.hex, i < chosen.length / 2 ? heldIn : heldOut]));
  for (const concept of [...chosen].sort((x, y) => x.order - y.order)) {
    const vendors = drawnBy(planner, side.get(concept.hex)!, concept);
    const name = classnameFromLabel(concept.label);
    if (vendors.length === 0) {
      b.skipped.push({ path: `retrieval/${slug(name)}`, reason: `no installed ${side.get(concept.hex) === heldIn ? 'held-in' : 'held-out'} style draws '${concept.label}'` });
      continue;
    }
    const vendor = rng.pick(vendors);
    b.icons(b.addClass(name), concept, [vendor], 1, { held: held(vendor) });
  }
  return b.done();
}

/** Tones far enough apart on the Fitzpatrick scale to tell apart at the suite's image size. */
function distantTones(tone: Tone): Tone[] {
  const scale: Tone[] = TONES.filter((t) => t !== 'default');
  const at = scale.indexOf(tone);
  return scale.filter((_, i) => Math.abs(i - at) >= suite.compositionality.minToneDistance);
}

function people(b: SplitBuilder, planner: Planner, sel: Selection, vendors: readonly VendorName[], rng: Rng): void {
  const cfg = suite.compositionality;
  const picked = new Set(shuffled(sel.roles, rng).slice(0, cfg.roles));
  const roles = sel.roles.filter((r) => picked.has(r));
  // Captions name people as CLDR does: "woman farmer", "man in tuxedo" (the role "person in tuxedo").
  const who = (role: Role, gender: Gender) => classnameFromLabel(role.variants.get(gender)?.get('default')?.label ?? `${gender} ${role.classname}`);
  for (const role of roles) {
    for (const gender of cfg.genders as Gender[]) {
      const name = who(role, gender);
      const label = b.addClass(name);
      const tones = shuffled(TONES.filter((t) => t !== 'default'), rng).slice(0, cfg.tonesPerPerson).sort((x, y) => TONES.indexOf(x) - TONES.indexOf(y));
      const others = roles.filter((r) => r !== role);
      for (const tone of tones) {
        const concept = role.variants.get(gender)?.get(tone);
        const drawing = concept === undefined ? [] : drawnBy(planner, vendors, concept);
        if (concept === undefined || drawing.length === 0) {
          b.skipped.push({ path: `compositionality/${slug(name)}/${tone}`, reason: `no installed colour style draws '${name}: ${tone} skin tone'` });
          continue;
        }
        const vendor = rng.pick(drawing);
        b.icons(label, concept, [vendor], 1, {
          kind: 'person', role: role.classname, gender, who: name, tone, held: held(vendor),
          tone_negative: rng.pick(distantTones(tone)),
          gender_negative: who(role, gender === 'man' ? 'woman' : 'man'),
          ...(others.length > 0 ? { role_negative: who(rng.pick(others), gender) } : {}),
        }, `-${tone}`);
      }
    }
  }
}

/** CLDR concepts named "<colour> <object>" grouped by object, where an object comes in two colours or more. */
function colourFamilies(planner: Planner): [string, { colour: string; concept: EmojiConcept }[]][] {
  const pattern = new RegExp(`^(${suite.compositionality.colours.join('|')}) (.+)$`);
  const families = new Map<string, { colour: string; concept: EmojiConcept }[]>();
  for (const concept of [...planner.catalog.concepts.values()].sort((x, y) => x.order - y.order)) {
    const match = concept.tone === 'default' ? pattern.exec(classnameFromLabel(concept.label)) : null;
    if (match === null) continue;
    const object = match[2]!;
    families.set(object, [...(families.get(object) ?? []), { colour: match[1]!, concept }]);
  }
  return [...families].filter(([, members]) => members.length >= 2);
}

function colours(b: SplitBuilder, planner: Planner, vendors: readonly VendorName[], rng: Rng): void {
  for (const [object, members] of colourFamilies(planner)) {
    for (const { colour, concept } of members) {
      const drawing = drawnBy(planner, vendors, concept);
      if (drawing.length === 0) {
        b.skipped.push({ path: `compositionality/${slug(concept.label)}`, reason: `no installed colour style draws '${concept.label}'` });
        continue;
      }
      const vendor = rng.pick(drawing);
      b.icons(b.addClass(classnameFromLabel(concept.label)), concept, [vendor], 1, {
        kind: 'colour', object, colour, held: held(vendor),
        colour_negative: rng.pick(members.map((m) => m.colour).filter((c) => c !== colour)),
      });
    }
  }
}

/**
 * Two-person emoji whose people have different tones, far apart ("woman and man holding hands: dark skin tone,
 * light skin tone": the first tone is the woman's): swapping the tones between the two people is the negative.
 */
function couples(b: SplitBuilder, planner: Planner, vendors: readonly VendorName[], rng: Rng): void {
  const cfg = suite.compositionality;
  const all = [...planner.catalog.twoTone.values()].sort((x, y) => x.order - y.order);
  const scale: Tone[] = TONES.filter((t) => t !== 'default');
  for (const swap of cfg.swaps) {
    const variants = all.filter((c) => c.baseLabel === swap.label && Math.abs(scale.indexOf(c.tones[0]) - scale.indexOf(c.tones[1])) >= cfg.minToneDistance);
    if (variants.length === 0) {
      b.skipped.push({ path: `compositionality/${slug(swap.label)}`, reason: `emojibase has no '${swap.label}' with two tones` });
      continue;
    }
    const picked = new Set(shuffled(variants, rng).slice(0, cfg.swapsPerEmoji));
    const label = b.addClass(classnameFromLabel(swap.label));
    for (const c of variants.filter((v) => picked.has(v))) {
      const drawing = vendors.filter((v) => planner.catalog.vendors.get(v)?.twoTone.has(c.hex));
      const [first, second] = c.tones;
      if (drawing.length === 0) {
        b.skipped.push({ path: `compositionality/${slug(swap.label)}/${first}-${second}`, reason: `no installed colour style draws '${c.label}'` });
        continue;
      }
      const vendor = rng.pick(drawing);
      b.addIcon(label, vendor, planner.catalog.vendors.get(vendor)!.twoTone.get(c.hex)!, c.hex, 1, {
        kind: 'couple', first: swap.first, second: swap.second, action: swap.action, first_tone: first, second_tone: second, held: held(vendor),
      }, `-${first}-and-${second}`);
    }
  }
}

export function planCompositionality(b: SplitBuilder, planner: Planner, sel: Selection): SplitPlan {
  // Monochrome styles (the sketch role) show neither skin tone nor colour: colour styles only.
  b.missingPackages(['train', 'rendition']);
  const vendors = [...planner.train, ...planner.available('rendition')];
  const rng = rngFor(planner.options.seed, 'compositionality');
  if (sel.roles.length < 2) b.skipped.push({ path: 'compositionality/people', reason: `${sel.roles.length} role(s) drawn in every tone and gender; role swaps need two` } satisfies Skip);
  people(b, planner, sel, vendors, rng);
  colours(b, planner, vendors, rng);
  couples(b, planner, vendors, rng);
  return b.done();
}
