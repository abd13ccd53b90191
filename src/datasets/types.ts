import type { Sample, Skip } from '../core/sample.js';
// Type only: the template registry (prompts, one layer up) imports the adapters' own sets; names are checked here.
import type { TemplateSetName } from '../prompts/registry.js';
// Type only: the metric a dataset's paper figure is reported in is a name of the metric registry.
import type { PaperMetric } from '../metrics/registry.js';

export type { PaperMetric, TemplateSetName };

/** Static description of an adapter: what `clip-eval datasets` lists and the README table shows. */
export interface DatasetInfo {
  readonly name: string;
  readonly title: string;
  /** The on-disk layout the adapter expects under --data ROOT, as the dataset is distributed. */
  readonly layout: string;
  readonly splits: readonly string[];
  readonly defaultSplit: string;
  readonly metric: PaperMetric;
  /** Number of classes, when fixed by the dataset. */
  readonly classCount: number | null;
  /** The template set `--templates default` picks: a key of the template registry, so a typo fails to compile. */
  readonly templates: TemplateSetName;
  /** Where the class names and templates come from. */
  readonly source: string;
}

export interface OpenOptions {
  readonly split: string;
}

/**
 * Evaluation labels that differ from the classifier's classes: ObjectNet's imagenet-testbed protocol builds
 * the classifier over ImageNet classes and scores a hit when the predicted class maps to the image's label.
 */
export interface LabelMapping {
  readonly names: readonly string[];
  /** For each classifier class, the label index it counts as. */
  readonly classToLabel: Int32Array;
}

export interface OpenedDataset {
  readonly name: string;
  readonly split: string;
  readonly root: string;
  /** Class names the zero-shot classifier is built over, in label-id order. */
  readonly classnames: readonly string[];
  /**
   * Several names per class, when the paper prompts a class with each (FER2013: `happy`, `smiling`): the
   * classifier averages every template x name. `classnames` holds the first name of each.
   */
  readonly synonyms?: readonly (readonly string[])[];
  /** The split's own template set when it differs from the adapter's (`--templates default` picks it). */
  readonly templates?: TemplateSetName;
  readonly labels?: LabelMapping;
  /** Name of the evaluation protocol when a dataset has several (recorded in metrics.json). */
  readonly protocol?: string;
  /** Attribute names carried on samples (e.g. race, gender, age). */
  readonly attributes?: readonly string[];
  /** Number of samples when known before iterating (for progress and ETA). */
  readonly size: number | undefined;
  /** Yields samples lazily, in a deterministic order. May be iterated more than once. */
  samples(): AsyncIterable<Sample>;
  /** What was seen but not yielded, with why; complete once `samples()` has been fully iterated. */
  skipped(): readonly Skip[];
}

export interface DatasetAdapter extends DatasetInfo {
  /** Reads the dataset's own files under root; a wrong root is an error naming what was expected where. */
  open(root: string, options: OpenOptions): Promise<OpenedDataset>;
}
