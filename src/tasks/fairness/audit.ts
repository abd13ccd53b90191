import { DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError } from '../../core/errors.js';
import { bootstrapMeanInterval, type BootstrapOptions } from '../../metrics/bootstrap.js';
import { clopperPearson, type Interval } from '../../metrics/binomial.js';
import { disparity, type Disparity } from '../../metrics/disparity.js';
import type { ScoringKind } from '../../model/family.js';
import { classSetProbability } from '../zeroshot/probabilities.js';
import type { HarmfulCategories } from './harmful.js';
import type { Prediction, RunProbabilities } from './predictions.js';

/** A group's accuracy with its bootstrap interval; accuracy and interval are null for a group with no images. */
export interface GroupAccuracy {
  readonly group: string;
  readonly n: number;
  readonly correct: number;
  readonly accuracy: number | null;
  readonly interval: Interval | null;
}

/** How often a group's images were predicted as a label. */
export interface GroupPrediction {
  readonly group: string;
  readonly pred: string;
  readonly count: number;
  /** count / the group's images. */
  readonly share: number;
}

/** How often a group's images landed in a harmful category (any of its classes), with a 95% Clopper-Pearson interval. */
export interface HarmfulRate {
  readonly group: string;
  readonly category: string;
  readonly n: number;
  readonly count: number;
  readonly rate: number | null;
  readonly interval: Interval | null;
  /**
   * The mean over the group's images of the probability the model puts on the category, with a 95%
   * bootstrap interval: see harmfulProbability. Null without the run's probabilities or without images.
   */
  readonly meanProbability: number | null;
  readonly probabilityInterval: Interval | null;
}

export interface AttributeAudit {
  readonly attribute: string;
  readonly groups: readonly GroupAccuracy[];
  readonly disparity: Disparity;
  readonly predictions: readonly GroupPrediction[];
  readonly harmful: readonly HarmfulRate[];
  /** The head behind the harmful categories' mean probabilities; null when the run has none. */
  readonly probabilities: ScoringKind | null;
}

export interface AuditOptions {
  readonly attributes: readonly string[];
  readonly harmful: HarmfulCategories;
  /** Groups expected for an attribute even if no image has them (shown as marked cells). */
  readonly expectedGroups?: Readonly<Record<string, readonly string[]>>;
  /** Unset fields take DEFAULTS.bootstrap's. */
  readonly bootstrap?: Partial<BootstrapOptions>;
  /** The family's probabilities of every class, row i for predictions[i] (from the run's logits.npy). */
  readonly probabilities?: RunProbabilities | null;
}

/**
 * The probability a model puts on a harmful category for one image, the family's own way. Softmax (CLIP):
 * the sum over the category's classes, its mass in the one distribution over the label set. Sigmoid
 * (SigLIP): the largest of the category's per-class sigmoids. Each pair is its own yes/no there and a row
 * does not sum to 1, so there is no mass to add up; the largest is the probability of the category's best
 * match, stays in [0, 1], does not shrink when a category lists more names (a mean would, making
 * categories of 3 and 4 names incomparable and "any harmful" smaller than its parts), and is the
 * sigmoid a threshold on the category would test. Names outside the label set have no probability (0).
 */
export function harmfulProbabilities(probabilities: RunProbabilities, names: ReadonlySet<string>): Float64Array {
  const columns = Int32Array.from(probabilities.classes.flatMap((c, i) => (names.has(c) ? [i] : [])));
  const { rows } = probabilities;
  const out = new Float64Array(rows.rows);
  for (let r = 0; r < rows.rows; r++) out[r] = classSetProbability(probabilities.kind, rows.data.subarray(r * rows.cols, (r + 1) * rows.cols), columns);
  return out;
}

/** The category that counts a prediction in any harmful class. */
export const ANY_HARMFUL = 'any harmful';

function proportion(flags: readonly number[], bootstrap: BootstrapOptions, seed: number): { value: number | null; interval: Interval | null } {
  if (flags.length === 0) return { value: null, interval: null };
  const value = flags.reduce((s, f) => s + f, 0) / flags.length;
  return { value, interval: bootstrapMeanInterval(flags, { ...bootstrap, seed }) };
}

/** Groups in order of first appearance, then expected groups that never appeared. */
function groupsOf(predictions: readonly Prediction[], attribute: string, expected: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (const p of predictions) seen.add(p.attrs[attribute] ?? '');
  for (const g of expected) seen.add(g);
  return [...seen].sort((a, b) => a.localeCompare(b));
}

/**
 * Per group of each attribute: accuracy with a bootstrap interval, the gap and ratios between groups,
 * what the group's images were predicted as, and the rate of predictions in harmful classes.
 */
export function auditFairness(predictions: readonly Prediction[], options: AuditOptions): AttributeAudit[] {
  const categories = Object.entries(options.harmful);
  const harmfulSets: [string, Set<string>][] = categories.map(([c, names]) => [c, new Set(names)]);
  if (categories.length > 1) harmfulSets.push([ANY_HARMFUL, new Set(categories.flatMap(([, names]) => names))]);
  const bootstrap: BootstrapOptions = {
    resamples: options.bootstrap?.resamples ?? DEFAULTS.bootstrap.resamples,
    confidence: options.bootstrap?.confidence ?? DEFAULTS.bootstrap.confidence,
    seed: options.bootstrap?.seed ?? DEFAULTS.bootstrap.seed,
  };
  const baseSeed = bootstrap.seed;
  const probabilities = options.probabilities ?? null;
  if (probabilities && probabilities.rows.rows !== predictions.length) throw new ClipEvalError('INPUT', `fairness audit: ${probabilities.rows.rows} rows of probabilities for ${predictions.length} predictions`);
  const rowOf = new Map(predictions.map((p, i) => [p, i]));
  const masses = new Map(harmfulSets.map(([category, names]) => [category, probabilities ? harmfulProbabilities(probabilities, names) : null]));
  return options.attributes.map((attribute, a) => {
    const groups = groupsOf(predictions, attribute, options.expectedGroups?.[attribute]);
    const byGroup = new Map(groups.map((g) => [g, predictions.filter((p) => p.attrs[attribute] === g)]));
    const accuracies = groups.map((group, g): GroupAccuracy => {
      const members = byGroup.get(group)!;
      const { value, interval } = proportion(members.map((p) => (p.correct ? 1 : 0)), bootstrap, baseSeed + 1000 * a + g);
      return { group, n: members.length, correct: members.filter((p) => p.correct).length, accuracy: value, interval };
    });
    const predictionCounts = groups.flatMap((group) => {
      const members = byGroup.get(group)!;
      const counts = new Map<string, number>();
      for (const p of members) counts.set(p.pred, (counts.get(p.pred) ?? 0) + 1);
      return [...counts].map(([pred, count]) => ({ group, pred, count, share: count / members.length }));
    });
    const harmful = harmfulSets.flatMap(([category, names], h) =>
      groups.map((group, g): HarmfulRate => {
        const members = byGroup.get(group)!;
        const count = members.filter((p) => names.has(p.pred)).length;
        // Harmful labels are rare: a bootstrap of a zero count collapses to [0, 0], the exact interval does not.
        const n = members.length;
        const mass = masses.get(category);
        const { value, interval } = mass ? proportion(members.map((p) => mass[rowOf.get(p)!]!), bootstrap, baseSeed + 1_000_000 + 1000 * (100 * a + h) + g) : { value: null, interval: null };
        return { group, category, n, count, rate: n > 0 ? count / n : null, interval: n > 0 ? clopperPearson(count, n) : null, meanProbability: value, probabilityInterval: interval };
      }),
    );
    return {
      attribute,
      groups: accuracies,
      disparity: disparity(accuracies.map((x) => ({ group: x.group, value: x.accuracy }))),
      predictions: predictionCounts,
      harmful,
      probabilities: probabilities ? probabilities.kind : null,
    };
  });
}
