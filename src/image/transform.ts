/**
 * The reference transform up to ToTensor, as a pure function: border cut, Resize and CenterCrop in the
 * image's own Pillow mode, then convert('RGB'). Mirrors torchvision 0.14 on Pillow 9.4 (DESIGN.md section 5).
 */
import type { Interpolation, PreprocessConfig } from '../core/preprocess-config.js';
import { premultiply, toRgb, unpremultiply } from './convert.js';
import { planResize } from './geometry.js';
import { nearestResize } from './nearest.js';
import { cropImage, cutBorder, type PilImage } from './pil-image.js';
import type { RawImage } from './raw-image.js';
import { convolutionResize, type Window } from './resample.js';

/** Pillow's Image.resize, limited to `window` of the result. */
export function resizeWindow(image: PilImage, width: number, height: number, interpolation: Interpolation, window: Window): PilImage {
  // Same size: Pillow returns a copy, so alpha is not premultiplied (transparent pixels keep their colour).
  if (width === image.width && height === image.height) return cropImage(image, window.left, window.top, window.width, window.height);
  // Palette and bilevel images are always resized with NEAREST.
  if (interpolation === 'nearest' || image.mode === 'P' || image.mode === '1') return nearestResize(image, width, height, window);
  if (image.mode === 'LA' || image.mode === 'RGBA') {
    return unpremultiply(convolutionResize(premultiply(image), width, height, interpolation, window));
  }
  return convolutionResize(image, width, height, interpolation, window);
}

/** RGB pixels after Resize + CenterCrop + convert('RGB'), before ToTensor. */
export function referenceTransform(image: PilImage, config: PreprocessConfig, borderCrop: number, name: string): RawImage {
  const bordered = cutBorder(image, borderCrop, name);
  // Hugging Face's processors convert to RGB first; OpenAI's transform resizes in the file's own mode.
  const cut: PilImage = config.convertFirst ? { mode: 'RGB', ...toRgb(bordered), channels: 3 } : bordered;
  const plan = planResize(cut.width, cut.height, config);
  // Resample only the part of the crop that lies inside the resized image; the rest is padding.
  const left = Math.max(0, plan.cropLeft);
  const top = Math.max(0, plan.cropTop);
  const inside: Window = {
    left,
    top,
    width: Math.min(plan.resizeWidth, plan.cropLeft + plan.cropSize) - left,
    height: Math.min(plan.resizeHeight, plan.cropTop + plan.cropSize) - top,
  };
  const resized = resizeWindow(cut, plan.resizeWidth, plan.resizeHeight, config.interpolation, inside);
  const cropped = cropImage(resized, plan.cropLeft - left, plan.cropTop - top, plan.cropSize, plan.cropSize);
  return toRgb(cropped);
}
