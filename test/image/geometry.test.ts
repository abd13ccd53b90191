import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { centerCropOffset, planResize, roundHalfEven } from '../../src/image/geometry.js';

describe('roundHalfEven (Python round)', () => {
  it.each([
    [55.5, 56],
    [24.5, 24],
    [38.5, 38],
    [0.5, 0],
    [1.5, 2],
    [-1.5, -2],
    [-0.5, 0],
    [2.4, 2],
    [2.6, 3],
    [7, 7],
  ])('round(%s) = %s', (value, expected) => expect(roundHalfEven(value)).toBe(expected));
});

describe('planResize', () => {
  it('truncates the long side and rounds the crop offset half to even (fixtures/images.json notes)', () => {
    expect(planResize(798, 533, DEFAULT_PREPROCESS)).toEqual({ resizeWidth: 335, resizeHeight: 224, cropLeft: 56, cropTop: 0, cropSize: 224 });
    expect(planResize(300, 404, DEFAULT_PREPROCESS)).toMatchObject({ resizeWidth: 224, resizeHeight: 301, cropTop: 38 });
    expect(planResize(270, 330, DEFAULT_PREPROCESS)).toMatchObject({ resizeHeight: 273, cropTop: 24 });
    expect(planResize(640, 427, DEFAULT_PREPROCESS)).toMatchObject({ resizeWidth: 335, cropLeft: 56 });
    expect(planResize(100, 80, DEFAULT_PREPROCESS)).toMatchObject({ resizeWidth: 280, resizeHeight: 224, cropLeft: 28 });
  });

  it('squashes both sides to the crop size', () => {
    expect(planResize(30, 200, { ...DEFAULT_PREPROCESS, resizeMode: 'squash' })).toEqual({ resizeWidth: 224, resizeHeight: 224, cropLeft: 0, cropTop: 0, cropSize: 224 });
  });

  it('pads like torchvision when the crop is larger than the resized image', () => {
    expect(centerCropOffset(24, 40)).toBe(-8);
    expect(centerCropOffset(37, 40)).toBe(-1);
    expect(planResize(40, 30, { ...DEFAULT_PREPROCESS, cropSize: 40, resizeSize: 24 })).toEqual({ resizeWidth: 32, resizeHeight: 24, cropLeft: -4, cropTop: -8, cropSize: 40 });
  });
});
