/**
 * Words as SVG paths, from font files shipped in an npm package, so that the OCR split renders identically on
 * every machine (SVG <text> would depend on the system's fonts). The only module that imports opentype.js.
 */
import opentype from 'opentype.js';
import { ClipEvalError, errorMessage } from '../../core/errors.js';
import type { Credit } from './catalog.js';
import { readPackageJson, type PackageReader } from './packages.js';

export const FONT_PACKAGE = 'dejavu-fonts-ttf';

/** Fonts of the OCR split; `seen` fonts also render the training words, the others are held out. */
export const OCR_FONTS = {
  sans: { file: 'ttf/DejaVuSans.ttf', seen: true },
  serif: { file: 'ttf/DejaVuSerif.ttf', seen: true },
  mono: { file: 'ttf/DejaVuSansMono.ttf', seen: true },
  'sans-bold-oblique': { file: 'ttf/DejaVuSans-BoldOblique.ttf', seen: false },
  'serif-italic': { file: 'ttf/DejaVuSerif-Italic.ttf', seen: false },
  'condensed-bold': { file: 'ttf/DejaVuSansCondensed-Bold.ttf', seen: false },
} as const satisfies Record<string, { file: string; seen: boolean }>;

export type FontName = keyof typeof OCR_FONTS;

export const FONT_NAMES = Object.keys(OCR_FONTS) as FontName[];

export interface WordRenderer {
  readonly credit: Credit;
  /** The word's outline in black as an SVG document `pixels` on its longer side, its viewBox tight around the ink plus a margin. */
  svg(font: FontName, word: string, pixels: number): string;
}

const UNITS = 100;

/**
 * Lay a word out glyph by glyph with kerning. opentype.js's own text shaping stops at a GSUB lookup type
 * that DejaVu uses (contextual substitution format 2); plain Latin words need no shaping.
 */
function wordPath(font: opentype.Font, word: string): { d: string; box: opentype.BoundingBox } {
  const scale = UNITS / font.unitsPerEm;
  const path = new opentype.Path();
  let x = 0;
  let previous: opentype.Glyph | undefined;
  for (const ch of word) {
    const glyph = font.charToGlyph(ch);
    if (previous !== undefined) x += font.getKerningValue(previous, glyph) * scale;
    path.extend(glyph.getPath(x, 0, UNITS));
    x += (glyph.advanceWidth ?? font.unitsPerEm / 2) * scale;
    previous = glyph;
  }
  return { d: path.toPathData(3), box: path.getBoundingBox() };
}

export async function loadWordRenderer(reader: PackageReader): Promise<WordRenderer | undefined> {
  const meta = await readPackageJson<{ version: string }>(reader, FONT_PACKAGE, 'package.json');
  if (meta === undefined) return undefined;
  const fonts = new Map<FontName, opentype.Font>();
  for (const name of FONT_NAMES) {
    const bytes = await reader(FONT_PACKAGE, OCR_FONTS[name].file);
    if (bytes === undefined) return undefined;
    try {
      fonts.set(name, opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
    } catch (error) {
      throw new ClipEvalError('DATASET', `emoji-shift: ${FONT_PACKAGE}/${OCR_FONTS[name].file} cannot be read as a font: ${errorMessage(error)} (reinstall with npm ci)`);
    }
  }
  return {
    credit: {
      source: FONT_PACKAGE, title: 'DejaVu fonts', author: 'DejaVu fonts team (based on Bitstream Vera)', url: 'https://dejavu-fonts.github.io/',
      license: 'Bitstream Vera Fonts licence (DejaVu changes public domain)', spdx: 'Bitstream-Vera', version: meta.version,
    },
    svg(font, word, pixels) {
      const { d, box } = wordPath(fonts.get(font)!, word);
      const margin = UNITS * 0.1;
      const x = box.x1 - margin;
      const y = box.y1 - margin;
      const w = box.x2 - box.x1 + 2 * margin;
      const h = box.y2 - box.y1 + 2 * margin;
      const k = pixels / Math.max(w, h);
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${(w * k).toFixed(2)}" height="${(h * k).toFixed(2)}" viewBox="${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)}"><path fill="#000" d="${d}"/></svg>`;
    },
  };
}
