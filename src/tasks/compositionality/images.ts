import { isClipEvalError } from '../../core/errors.js';
import type { Sample } from '../../core/sample.js';
import type { CompositionItem, CropBox, OpenedBenchmark } from '../../datasets/compositionality/types.js';
import type { OpenedDataset } from '../../datasets/types.js';
import { toRgb } from '../../image/convert.js';
import { loadPilImage } from '../../image/load.js';
import { cropImage } from '../../image/pil-image.js';
import { pixelsToPilImage } from '../../image/pil-mode.js';

/** Python's round(): half to even (Pillow's `crop` rounds its box this way). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The id a cropped image is embedded (and cached) under: the file and the box. */
function cropId(sample: Sample, box: CropBox): string {
  return `${sample.id}#crop=${box.x},${box.y},${box.w},${box.h}`;
}

/** The image(s) of an item, each with the id it is embedded under. */
export function itemImages(item: CompositionItem): readonly { readonly id: string; readonly sample: Sample; readonly crop?: CropBox }[] {
  switch (item.kind) {
    case 'choice':
      return [item.crop ? { id: cropId(item.image, item.crop), sample: item.image, crop: item.crop } : { id: item.image.id, sample: item.image }];
    case 'group':
      return item.images.map((sample) => ({ id: sample.id, sample }));
    default: {
      const never: never = item;
      throw new Error(`unknown item kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * ARO's VG crop: `Image.open(path).convert('RGB').crop((x, y, x + w, y + h))`, then the model's own
 * preprocessing; outside the image Pillow pads with black. The crop is read when the stream reaches it.
 */
async function croppedSample(id: string, sample: Sample, box: CropBox): Promise<Sample> {
  const rgb = toRgb(await loadPilImage(sample.source, { exifRotate: false }));
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.w, box.y + box.h].map(roundHalfEven) as [number, number, number, number];
  const cut = cropImage(pixelsToPilImage(rgb.width, rgb.height, 3, rgb.data), x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  return { id, source: { kind: 'pixels', width: cut.width, height: cut.height, channels: 3, data: cut.data as Uint8Array }, label: 0 };
}

/** How many crops are decoded ahead of the stream. */
const CROP_READ_AHEAD = 8;

/** The cropped image, or (when the file cannot be read) the file itself, which the stream then counts as a failure. */
async function croppedOrMissing(id: string, sample: Sample, crop: CropBox): Promise<Sample> {
  try {
    return await croppedSample(id, sample, crop);
  } catch (error) {
    if (!isClipEvalError(error) || error.code !== 'IMAGE') throw error;
    return { ...sample, id };
  }
}

/**
 * Every distinct image of a benchmark as one dataset for the feature stream, in first-use order (an image
 * several items share is embedded once). A cropped image that cannot be read yields a sample whose source is
 * the missing file, so the stream counts it as a failure with its path.
 */
export function benchmarkImages(benchmark: OpenedBenchmark): { readonly dataset: OpenedDataset; readonly ids: readonly string[] } {
  const unique = new Map<string, { sample: Sample; crop?: CropBox }>();
  for (const item of benchmark.items) for (const { id, sample, crop } of itemImages(item)) if (!unique.has(id)) unique.set(id, crop ? { sample, crop } : { sample });
  const dataset: OpenedDataset = {
    name: benchmark.name,
    split: 'test',
    root: benchmark.root,
    classnames: [],
    size: unique.size,
    async *samples() {
      // Crops are decoded a few ahead, in order, so that reading them overlaps the model's work.
      const entries = [...unique];
      const window: Promise<Sample>[] = [];
      let next = 0;
      const start = () => {
        const [id, { sample, crop }] = entries[next++]!;
        const pending = crop ? croppedOrMissing(id, sample, crop) : Promise.resolve(sample);
        pending.catch(() => undefined); // raised when the consumer reaches it
        window.push(pending);
      };
      while (next < entries.length && window.length < CROP_READ_AHEAD) start();
      while (window.length > 0) {
        const sample = await window.shift()!;
        if (next < entries.length) start();
        yield sample;
      }
    },
    skipped: () => [],
  };
  return { dataset, ids: [...unique.keys()] };
}
