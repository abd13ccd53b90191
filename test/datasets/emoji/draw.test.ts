import { describe, expect, it } from 'vitest';
import { PROFILES, sampleParams, type AugmentParams } from '../../../src/datasets/emoji/augment.js';
import { compose } from '../../../src/datasets/emoji/draw.js';
import { mulberry32, rngFor, shuffled } from '../../../src/datasets/emoji/prng.js';
import { rawImage } from '../../../src/image/raw-image.js';

/** Opaque red art in the left half of a transparent square. */
function halfRed(side: number) {
  const data = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) for (let x = 0; x < side / 2; x++) data.set([255, 0, 0, 255], (y * side + x) * 4);
  return rawImage(data, side, side, 4);
}

const pixel = (img: { data: Uint8Array; width: number }, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

const plain: AugmentParams = {
  scale: 1, cx: 0.5, cy: 0.5, angle: 0, background: { kind: 'solid', color: [255, 255, 255] }, clutter: [], occluders: [], ink: [0, 0, 0],
};

describe('compose', () => {
  it('places art over the background', () => {
    const img = compose(halfRed(32), 16, plain);
    expect([img.width, img.height, img.channels]).toEqual([16, 16, 3]);
    expect(pixel(img, 2, 8)).toEqual([255, 0, 0]);
    expect(pixel(img, 13, 8)).toEqual([255, 255, 255]);
  });

  it('turns the art by its angle (counter-clockwise in image coordinates, y down)', () => {
    const img = compose(halfRed(32), 16, { ...plain, angle: Math.PI / 2 });
    expect(pixel(img, 8, 13)).toEqual([255, 0, 0]);
    expect(pixel(img, 8, 2)).toEqual([255, 255, 255]);
  });

  it('paints alpha-only art in the ink colour', () => {
    const img = compose(halfRed(32), 16, { ...plain, ink: [0, 0, 200] }, true);
    expect(pixel(img, 2, 8)).toEqual([0, 0, 200]);
  });

  it('draws occluders over the art', () => {
    const img = compose(halfRed(32), 16, { ...plain, occluders: [{ kind: 'disc', cx: 0.25, cy: 0.5, r: 0.1, color: [0, 255, 0] }] });
    expect(pixel(img, 4, 8)).toEqual([0, 255, 0]);
  });
});

describe('seeded randomness', () => {
  it('repeats a sequence from the same seed and differs across keys', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(rngFor(0, 'objects').next()).not.toBe(rngFor(0, 'words').next());
    expect(shuffled([1, 2, 3, 4, 5], mulberry32(1)).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('samples parameters inside each profile', () => {
    const rng = mulberry32(7);
    const profile = PROFILES.objectnet;
    for (let i = 0; i < 200; i++) {
      const p = sampleParams(profile, rng);
      expect(p.scale).toBeGreaterThanOrEqual(profile.scale[0]);
      expect(p.scale).toBeLessThanOrEqual(profile.scale[1]);
      expect(Math.abs(p.angle)).toBeGreaterThanOrEqual((profile.degrees[0] * Math.PI) / 180 - 1e-9);
      expect(Math.abs(p.cx - 0.5)).toBeLessThanOrEqual((1 - p.scale) / 2 + 1e-9);
      expect(p.clutter.length).toBeGreaterThanOrEqual(profile.clutter[0]);
      expect(p.occluders.length).toBeGreaterThanOrEqual(profile.occluders[0]);
    }
    expect(sampleParams(PROFILES.clean, rng)).toMatchObject({ scale: 1, cx: 0.5, cy: 0.5, background: { kind: 'solid', color: [255, 255, 255] } });
  });
});
