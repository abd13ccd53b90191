import { rawImage, type RawImage } from '../../image/raw-image.js';
import type { AugmentParams, Background, Rgb, Shape } from './augment.js';

/**
 * Pure raster composition of one suite image: background, clutter, the art (scaled, turned, moved) and
 * occluders, supersampled so that small and rotated art is antialiased. Float maths in a fixed order, so the
 * same parameters give the same bytes everywhere.
 */

/** Subsamples per axis for shapes and art. */
const SUPERSAMPLE = 4;

function fillBackground(out: Float32Array, size: number, bg: Background): void {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let c: Rgb;
      if (bg.kind === 'solid') {
        c = bg.color;
      } else {
        // Position along the gradient direction, 0..1 across the canvas.
        const u = ((x + 0.5) / size - 0.5) * Math.cos(bg.angle) + ((y + 0.5) / size - 0.5) * Math.sin(bg.angle);
        const t = Math.min(1, Math.max(0, u / Math.SQRT2 + 0.5));
        c = [bg.from[0] + (bg.to[0] - bg.from[0]) * t, bg.from[1] + (bg.to[1] - bg.from[1]) * t, bg.from[2] + (bg.to[2] - bg.from[2]) * t];
      }
      out.set(c, (y * size + x) * 3);
    }
  }
}

function inside(shape: Shape, u: number, v: number): boolean {
  const dx = u - shape.cx;
  const dy = v - shape.cy;
  if (shape.kind === 'disc') return dx * dx + dy * dy <= shape.r * shape.r;
  const c = Math.cos(shape.angle);
  const s = Math.sin(shape.angle);
  return Math.abs(dx * c + dy * s) <= shape.hw && Math.abs(-dx * s + dy * c) <= shape.hh;
}

function drawShape(out: Float32Array, size: number, shape: Shape): void {
  const n = SUPERSAMPLE;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) if (inside(shape, (x + (i + 0.5) / n) / size, (y + (j + 0.5) / n) / size)) hits++;
      }
      if (hits === 0) continue;
      const a = hits / (n * n);
      const o = (y * size + x) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = out[o + k]! * (1 - a) + shape.color[k]! * a;
    }
  }
}

/** Bilinear sample of premultiplied RGBA art at (ax, ay) in art pixels; outside the art is transparent. */
function sample(art: RawImage, ax: number, ay: number, acc: Float64Array): void {
  const x0 = Math.floor(ax - 0.5);
  const y0 = Math.floor(ay - 0.5);
  const fx = ax - 0.5 - x0;
  const fy = ay - 0.5 - y0;
  for (let dy = 0; dy < 2; dy++) {
    const yy = y0 + dy;
    if (yy < 0 || yy >= art.height) continue;
    const wy = dy === 0 ? 1 - fy : fy;
    for (let dx = 0; dx < 2; dx++) {
      const xx = x0 + dx;
      if (xx < 0 || xx >= art.width) continue;
      const w = wy * (dx === 0 ? 1 - fx : fx);
      const o = (yy * art.width + xx) * 4;
      const alpha = art.data[o + 3]! / 255;
      acc[0]! += w * art.data[o]! * alpha;
      acc[1]! += w * art.data[o + 1]! * alpha;
      acc[2]! += w * art.data[o + 2]! * alpha;
      acc[3]! += w * alpha;
    }
  }
}

function drawArt(out: Float32Array, size: number, art: RawImage, p: AugmentParams, inkOnly: boolean): void {
  const n = SUPERSAMPLE;
  const box = p.scale * size;
  const k = art.width / box; // art pixels per canvas pixel
  const c = Math.cos(p.angle);
  const s = Math.sin(p.angle);
  const acc = new Float64Array(4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      acc.fill(0);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          // Canvas point relative to the art's centre, turned back by the art's angle, into art pixels.
          const u = x + (i + 0.5) / n - p.cx * size;
          const v = y + (j + 0.5) / n - p.cy * size;
          sample(art, (c * u - s * v) * k + art.width / 2, (s * u + c * v) * k + art.height / 2, acc);
        }
      }
      const a = acc[3]! / (n * n);
      if (a === 0) continue;
      const o = (y * size + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const src = inkOnly ? p.ink[ch]! * a : acc[ch]! / (n * n);
        out[o + ch] = src + out[o + ch]! * (1 - a);
      }
    }
  }
}

/**
 * Compose a size x size RGB image. `art` is square RGBA; with `inkOnly` its alpha is painted in `p.ink`
 * (rendered words), otherwise its own colours are used.
 */
export function compose(art: RawImage, size: number, p: AugmentParams, inkOnly = false): RawImage {
  if (art.channels !== 4) throw new RangeError(`compose needs RGBA art, got ${art.channels} channels`);
  const out = new Float32Array(size * size * 3);
  fillBackground(out, size, p.background);
  for (const shape of p.clutter) drawShape(out, size, shape);
  drawArt(out, size, art, p, inkOnly);
  for (const shape of p.occluders) drawShape(out, size, shape);
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(out[i]!)));
  return rawImage(bytes, size, size, 3);
}
