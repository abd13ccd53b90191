import type { PaperMetric } from '../../src/datasets/types.js';

/**
 * What one adapter declares for the contract test (test/datasets/contract.test.ts), in
 * src/datasets/adapters/<name>/contract.ts: its fixture and what opening it must give. Every adapter of the
 * registry has one; the test runs the same checks over all of them.
 */
export interface AdapterContract {
  /**
   * The fixture: a folder name under test/fixtures/datasets/ (made by tools/make-dataset-fixtures/), or a
   * function that makes one inside `tmp` (a fresh folder the test removes afterwards) and returns its root.
   */
  readonly fixture: string | ((tmp: string) => Promise<string>);
  /** The split opened; the adapter's default split when absent. */
  readonly split?: string;
  /**
   * Evaluation classes of the opened split (`labels.names`, else `classnames`): required when the adapter's
   * `classCount` is null (classes come from the data), or when the fixture is a cut-down copy whose label space
   * is smaller than the real dataset's.
   */
  readonly classes?: number;
  /** `size` as announced when the split is opened (undefined when not known before iterating). */
  readonly size: number | undefined;
  /** How many samples a full pass yields. */
  readonly samples: number;
  readonly first: { readonly id: string; readonly label: number };
  /** `skipped()` after a full pass, in order (vitest asymmetric matchers allowed). */
  readonly skipped: readonly unknown[];
  /**
   * A root holding some other dataset (a fixture folder name): opening it must fail with a one-line
   * ClipEvalError whose message matches `error` (it names what was expected where).
   */
  readonly wrongRoot: { readonly fixture: string; readonly error: RegExp };
  /** For the CLIP paper's datasets: the metric and class count of the paper's table of datasets. */
  readonly paper?: { readonly metric: PaperMetric; readonly classes: number };
}
