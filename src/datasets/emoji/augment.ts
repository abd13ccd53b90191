import type { Rng } from './prng.js';

/**
 * Augmentation profiles: how a split places art on its canvas. Each split samples fresh parameters per image;
 * the profiles differ the way the paper's shifted test sets differ from ImageNet.
 */
export type Rgb = readonly [number, number, number];

export type Background =
  | { readonly kind: 'solid'; readonly color: Rgb }
  /** Linear gradient along `angle` (radians) across the canvas. */
  | { readonly kind: 'gradient'; readonly from: Rgb; readonly to: Rgb; readonly angle: number };

/** Shapes in canvas units (0..1 across). */
export type Shape =
  | { readonly kind: 'disc'; readonly cx: number; readonly cy: number; readonly r: number; readonly color: Rgb }
  /** A rectangle of half-sides (hw, hh) around (cx, cy), turned by `angle` radians. */
  | { readonly kind: 'box'; readonly cx: number; readonly cy: number; readonly hw: number; readonly hh: number; readonly angle: number; readonly color: Rgb };

export interface AugmentParams {
  /** Side of the art's square box over the canvas side. */
  readonly scale: number;
  /** Centre of the art's box, canvas units. */
  readonly cx: number;
  readonly cy: number;
  /** Rotation of the art, radians, counter-clockwise. */
  readonly angle: number;
  readonly background: Background;
  /** Drawn behind the art. */
  readonly clutter: readonly Shape[];
  /** Drawn over the art. */
  readonly occluders: readonly Shape[];
  /** For alpha-only art (rendered words): the colour it is painted in. */
  readonly ink: Rgb;
}

type Range = readonly [number, number];

export interface Profile {
  readonly scale: Range;
  /** Largest offset of the art's centre from the canvas centre, canvas units (clamped to keep the box inside). */
  readonly shift: number;
  /** Rotation magnitude in degrees; the sign is random. */
  readonly degrees: Range;
  /** Probability of a gradient rather than a solid background. */
  readonly gradient: number;
  /** Background colours: channel values drawn from this range. */
  readonly palette: Range;
  readonly clutter: Range;
  readonly occluders: Range;
  /** Occluder side over the art box side. */
  readonly occluderSize: Range;
  /** Ink channel values for alpha-only art. */
  readonly ink: Range;
}

const NONE: Range = [0, 0];

export const PROFILES = {
  /** Art filling the canvas on white: the figure the model card calls "clean". */
  clean: { scale: [1, 1], shift: 0, degrees: NONE, gradient: 0, palette: [255, 255], clutter: NONE, occluders: NONE, occluderSize: NONE, ink: [0, 0] },
  /** Training and in-distribution test: moderate scale, position, tilt and light backgrounds. */
  train: { scale: [0.6, 1], shift: 0.1, degrees: [0, 15], gradient: 0.5, palette: [150, 255], clutter: NONE, occluders: NONE, occluderSize: NONE, ink: [0, 90] },
  /**
   * ImageNetV2-like: the same recipe re-sampled with shifted settings — a little smaller, more tilted, somewhat darker
   * backgrounds — for a drop of some points, not a collapse (the embedded model loses about 10; darker backgrounds
   * cost it most: palette [100, 255] cost 28).
   */
  v2: { scale: [0.5, 0.9], shift: 0.12, degrees: [0, 22], gradient: 0.7, palette: [130, 255], clutter: NONE, occluders: NONE, occluderSize: NONE, ink: [0, 110] },
  /** Rendered words: nearly the full width, slight tilt, light backgrounds, dark ink. */
  text: { scale: [0.85, 1], shift: 0.05, degrees: [0, 6], gradient: 0.5, palette: [170, 255], clutter: NONE, occluders: NONE, occluderSize: NONE, ink: [0, 90] },
  /**
   * ObjectNet-like: every factor at once — smaller, off-centre, tilted past the training range, on clutter, one
   * occluder — for a large drop that stays far above chance (the embedded model keeps about a third of its
   * in-distribution accuracy; scale [0.4, 0.6], 30-150 degrees and 4-8 clutter shapes left it at chance).
   */
  objectnet: { scale: [0.6, 0.9], shift: 0.2, degrees: [15, 45], gradient: 0.5, palette: [140, 255], clutter: [1, 3], occluders: [1, 1], occluderSize: [0.15, 0.25], ink: [0, 90] },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;

function color(rng: Rng, [lo, hi]: Range): Rgb {
  return [Math.round(rng.uniform(lo, hi)), Math.round(rng.uniform(lo, hi)), Math.round(rng.uniform(lo, hi))];
}

function shape(rng: Rng, cx: number, cy: number, size: number): Shape {
  const c = color(rng, [0, 255]);
  return rng.next() < 0.5
    ? { kind: 'disc', cx, cy, r: size / 2, color: c }
    : { kind: 'box', cx, cy, hw: size / 2, hh: (size / 2) * rng.uniform(0.2, 1), angle: rng.uniform(0, Math.PI), color: c };
}

function count(rng: Rng, [lo, hi]: Range): number {
  return lo + rng.int(hi - lo + 1);
}

/** Draw one image's parameters from a profile. */
export function sampleParams(profile: Profile, rng: Rng): AugmentParams {
  const scale = rng.uniform(...profile.scale);
  const room = Math.max(0, (1 - scale) / 2);
  const reach = Math.min(profile.shift, room);
  const cx = 0.5 + rng.uniform(-reach, reach);
  const cy = 0.5 + rng.uniform(-reach, reach);
  const angle = (rng.uniform(...profile.degrees) * Math.PI) / 180 * (rng.next() < 0.5 ? -1 : 1);
  const background: Background = rng.next() < profile.gradient
    ? { kind: 'gradient', from: color(rng, profile.palette), to: color(rng, profile.palette), angle: rng.uniform(0, 2 * Math.PI) }
    : { kind: 'solid', color: color(rng, profile.palette) };
  const clutter = Array.from({ length: count(rng, profile.clutter) }, () => shape(rng, rng.next(), rng.next(), rng.uniform(0.1, 0.35)));
  const occluders = Array.from({ length: count(rng, profile.occluders) }, () =>
    shape(rng, cx + rng.uniform(-0.3, 0.3) * scale, cy + rng.uniform(-0.3, 0.3) * scale, scale * rng.uniform(...profile.occluderSize)));
  return { scale, cx, cy, angle, background, clutter, occluders, ink: color(rng, profile.ink) };
}
