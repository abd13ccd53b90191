import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import type { PlotSpec } from '../../src/report/document.js';

// vega-lite's package exports do not include its schema file, so it is read by path.
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url)), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** Fails unless the spec is valid against the vega-lite schema, naming the first errors. */
export function checkSpec(spec: PlotSpec): void {
  const ok = validate(spec);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 3), null, 1)).toBe(true);
}

/** The tick labels vega drew on the axes of a rendered SVG, axis by axis in drawing order. */
export function axisLabels(svg: string): string[][] {
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map(([, body]) =>
    [...body!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, text]) => text!),
  );
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The boxes of the data-mark texts of a rendered single-view SVG, in plot coordinates. Widths are estimated
 * (0.65 em a character, about DejaVu Sans's digits), heights are one em above the baseline.
 */
export function textMarkBoxes(svg: string): (Box & { readonly text: string })[] {
  return [...svg.matchAll(/<text [^>]*aria-roledescription="text mark"[^>]*>([^<]*)<\/text>/g)].map(([tag, text]) => {
    const [, x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(tag)!;
    const size = Number(/font-size="([\d.]+)px"/.exec(tag)?.[1] ?? 11);
    const anchor = /text-anchor="(\w+)"/.exec(tag)?.[1] ?? 'start';
    const width = 0.65 * size * text!.length;
    const left = Number(x) - (anchor === 'end' ? width : anchor === 'middle' ? width / 2 : 0);
    return { text: text!, x: left, y: Number(y) - size, width, height: size };
  });
}

/** The boxes of the legends of a rendered single-view SVG, in plot coordinates. */
export function legendBoxes(svg: string): Box[] {
  return [...svg.matchAll(/aria-roledescription="legend"[^>]*><g transform="translate\(([-\d.]+),([-\d.]+)\)"><path class="background"[^>]*d="M0,0h([\d.]+)v([\d.]+)/g)].map(([, x, y, w, h]) => ({
    x: Number(x),
    y: Number(y),
    width: Number(w),
    height: Number(h),
  }));
}

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
