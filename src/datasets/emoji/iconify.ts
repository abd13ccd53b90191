import { ClipEvalError } from '../../core/errors.js';

/**
 * The Iconify JSON format (the `icons.json` of an `@iconify-json/*` package): SVG bodies keyed by icon name,
 * sizes defaulting to the set's, and aliases that point at a parent icon.
 */
export interface IconifyIcon {
  readonly body: string;
  readonly left?: number;
  readonly top?: number;
  readonly width?: number;
  readonly height?: number;
  readonly rotate?: number;
  readonly hFlip?: boolean;
  readonly vFlip?: boolean;
  readonly hidden?: boolean;
}

export interface IconifyAlias extends Omit<IconifyIcon, 'body'> {
  readonly parent: string;
}

export interface IconifySet {
  readonly prefix: string;
  readonly icons: Readonly<Record<string, IconifyIcon>>;
  readonly aliases?: Readonly<Record<string, IconifyAlias>>;
  readonly left?: number;
  readonly top?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Iconify's default when neither the icon nor the set gives a size. */
const DEFAULT_SIZE = 16;

/**
 * Icon names that render one icon as drawn: the icons themselves and aliases that only rename (an alias that
 * rotates, flips or resizes its parent draws something else and is left out). Maps name -> icon name.
 */
export function plainNames(set: IconifySet): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of Object.keys(set.icons)) names.set(name, name);
  for (const [name, alias] of Object.entries(set.aliases ?? {})) {
    const transforms = Object.keys(alias).filter((k) => k !== 'parent' && k !== 'hidden');
    if (transforms.length === 0 && Object.hasOwn(set.icons, alias.parent)) names.set(name, alias.parent);
  }
  return names;
}

/**
 * A standalone SVG document for one icon, `pixels` wide on its longer side. Monochrome sets paint with
 * `currentColor`, which is set to black. Rotation and flips of the Iconify format are not needed by the emoji
 * sets and are refused.
 */
export function iconSvg(set: IconifySet, name: string, pixels: number): string {
  const icon = set.icons[name];
  if (icon === undefined) throw new ClipEvalError('DATASET', `icon '${name}' is not in the Iconify set '${set.prefix}' (reinstall its package with npm ci)`);
  if (icon.rotate || icon.hFlip || icon.vFlip) {
    throw new ClipEvalError('DATASET', `icon '${set.prefix}:${name}' is rotated or flipped, which the emoji renderer does not implement`);
  }
  const left = icon.left ?? set.left ?? 0;
  const top = icon.top ?? set.top ?? 0;
  const width = icon.width ?? set.width ?? DEFAULT_SIZE;
  const height = icon.height ?? set.height ?? DEFAULT_SIZE;
  const k = pixels / Math.max(width, height);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" color="#000" `
    + `width="${width * k}" height="${height * k}" viewBox="${left} ${top} ${width} ${height}">${icon.body}</svg>`;
}
