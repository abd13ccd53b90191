/**
 * What a dataset adapter yields: one image with its label and group attributes. Adapters yield samples
 * lazily (datasets are streamed), in a deterministic order that defines the row order of every output.
 */

/** Where the pixels of a sample come from. */
export type ImageSource =
  /** An encoded image file on disk (JPEG, PNG, WebP, ...). */
  | { readonly kind: 'file'; readonly path: string }
  /** An encoded image held in memory, e.g. a member of a tar shard. `name` is for messages. */
  | { readonly kind: 'encoded'; readonly bytes: Uint8Array; readonly name: string }
  /**
   * Raw 8-bit pixels, row-major, interleaved (IDX, CIFAR/STL batches, SVHN .mat). 1 channel is Pillow
   * mode 'L', 3 is 'RGB', 4 is 'RGBA' — the mode the reference's `Image.fromarray` would give.
   */
  | {
      readonly kind: 'pixels';
      readonly width: number;
      readonly height: number;
      readonly channels: 1 | 3 | 4;
      readonly data: Uint8Array;
    };

export interface Sample {
  /** Stable identity inside the dataset: the path relative to the root, or `<file>#<index>` for packed formats. */
  readonly id: string;
  readonly source: ImageSource;
  /** Index into the dataset's evaluation labels (`OpenedDataset.labels` or its class names). */
  readonly label: number;
  /** Group attributes (FairFace race/gender/age, emoji tone/gender, ...). */
  readonly attrs?: Readonly<Record<string, string>>;
  /** Pixels cut from every border before preprocessing (ObjectNet's 2-pixel border in imagenet-testbed). */
  readonly borderCrop?: number;
}

/** A file or record the adapter saw but did not yield, with why. Reported in the run's output, never dropped silently. */
export interface Skip {
  readonly path: string;
  readonly reason: string;
}
