import type { Sample } from '../../core/sample.js';

/**
 * A compositionality benchmark item: the image(s), the captions and the item's structure. Images are
 * `Sample`s so that the feature stream embeds (and caches) them like any dataset's; an image shared by many
 * items (a COCO photo in several SugarCrepe subsets) has one `id` and is embedded once.
 */
export type CompositionItem =
  /**
   * One image, several captions, one of them right (SugarCrepe, ARO): the item is right when the answer's
   * image-text score is the largest. Captions keep the reference's order and a tie goes to the lower index,
   * as numpy's argmax does, so the answer's position decides ties exactly as the paper's code does.
   */
  | {
      readonly kind: 'choice';
      readonly id: string;
      readonly image: Sample;
      readonly captions: readonly string[];
      readonly answer: number;
      /** The region the image is cut to before preprocessing (ARO's VG items: the relation's box, Pillow's `crop`). */
      readonly crop?: CropBox;
      readonly groups: Readonly<Record<string, readonly string[]>>;
    }
  /** Winoground: two images, two captions, caption i belongs to image i. */
  | {
      readonly kind: 'group';
      readonly id: string;
      readonly images: readonly [Sample, Sample];
      readonly captions: readonly [string, string];
      readonly groups: Readonly<Record<string, readonly string[]>>;
    };

/** A box in pixels, `Image.crop((x, y, x + w, y + h))`. */
export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type CompositionKind = CompositionItem['kind'];

/** A breakdown of the scores by one group key (a table in the report). */
export interface Grouping {
  readonly key: string;
  readonly title: string;
  /**
   * Also report, per value, the mean of the accuracies of the values of this other key inside it
   * (SugarCrepe's families: the mean of their subsets' accuracies).
   */
  readonly macroOver?: string;
}

/** The benchmark's headline macro accuracy: the mean over one key's values of their accuracies, filtered as the paper does. */
export interface MacroSpec {
  readonly key: string;
  /** Values left out (ARO's VG-Relation drops the relations its authors call symmetric). */
  readonly exclude?: readonly string[];
  /** Values with fewer items are left out (ARO's VG-Attribution keeps attribute pairs with at least 25). */
  readonly minCount?: number;
  readonly description: string;
}

export interface OpenedBenchmark {
  readonly name: string;
  readonly root: string;
  readonly kind: CompositionKind;
  readonly items: readonly CompositionItem[];
  readonly groupings: readonly Grouping[];
  readonly macro?: MacroSpec;
  /** The annotation files read, relative to the root (recorded in metrics.json). */
  readonly files: readonly string[];
}

export interface CompositionBenchmark {
  readonly name: string;
  readonly title: string;
  /** The on-disk layout under --data ROOT, as the benchmark is distributed. */
  readonly layout: string;
  /** What the paper reports. */
  readonly metric: string;
  readonly source: string;
  open(root: string): Promise<OpenedBenchmark>;
}
