import { DEFAULTS } from '../../config/defaults.js';
import { bootstrapMeanInterval, type BootstrapOptions } from '../../metrics/bootstrap.js';
import { clopperPearson, type Interval } from '../../metrics/binomial.js';
import { disparity, type Disparity } from '../../metrics/disparity.js';
import type { HarmfulCategories } from './harmful.js';
import type { Prediction } from './predictions.js';

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
}

export interface AttributeAudit {
  readonly attribute: string;
  readonly groups: readonly GroupAccuracy[];
  readonly disparity: Disparity;
  readonly predictions: readonly GroupPrediction[];
  readonly harmful: readonly HarmfulRate[];
}

export interface AuditOptions {
  readonly attributes: readonly string[];
  readonly harmful: HarmfulCategories;
  /** Groups expected for an attribute even if no image has them (shown as marked cells). */
  readonly expectedGroups?: Readonly<Record<string, readonly string[]>>;
  /** Unset fields take DEFAULTS.bootstrap's. */
  readonly bootstrap?: Partial<BootstrapOptions>;
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
    const harmful = harmfulSets.flatMap(([category, names]) =>
      groups.map((group): HarmfulRate => {
        const members = byGroup.get(group)!;
        const count = members.filter((p) => names.has(p.pred)).length;
        // Harmful labels are rare: a bootstrap of a zero count collapses to [0, 0], the exact interval does not.
        const n = members.length;
        return { group, category, n, count, rate: n > 0 ? count / n : null, interval: n > 0 ? clopperPearson(count, n) : null };
      }),
    );
    return {
      attribute,
      groups: accuracies,
      disparity: disparity(accuracies.map((x) => ({ group: x.group, value: x.accuracy }))),
      predictions: predictionCounts,
      harmful,
    };
  });
}
