import type { Sample, Skip } from '../../core/sample.js';
import type { OpenedDataset } from '../types.js';

export type { Sample, Skip };

/** One caption of a captioned dataset: its text and the dataset-order index of the image it describes. */
export interface Caption {
  readonly text: string;
  readonly image: number;
}

/** Static description of a captioned-dataset adapter (what `clip-eval datasets` and the README list). */
export interface CaptionedDatasetInfo {
  readonly name: string;
  readonly title: string;
  /** The files the adapter reads under --data ROOT, as the dataset is distributed. */
  readonly layout: string;
  readonly splits: readonly string[];
  readonly defaultSplit: string;
  /** Caption languages the adapter can read (`en` first). */
  readonly languages: readonly string[];
}

export interface CaptionedOpenOptions {
  readonly split: string;
  readonly language: string;
}

/**
 * An opened captioned dataset. `images` is an ordinary opened dataset whose samples carry the image's own
 * index as their label, so the feature stream encodes (and caches) its images as it does any other split.
 */
export interface CaptionedDataset {
  readonly name: string;
  readonly split: string;
  readonly language: string;
  readonly root: string;
  readonly images: OpenedDataset;
  /**
   * Every caption with its image index, in file order. Known when opened for annotation files; for shards,
   * complete once `images.samples()` has been iterated (captions travel with the images).
   */
  captions(): readonly Caption[];
  /** Images, captions and records seen but left out, with why (complete once the images are iterated). */
  skipped(): readonly Skip[];
}

export interface CaptionedDatasetAdapter extends CaptionedDatasetInfo {
  open(root: string, options: CaptionedOpenOptions): Promise<CaptionedDataset>;
}
