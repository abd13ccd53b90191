/** One group's value of a higher-is-better rate (accuracy), or null when the group has no samples. */
export interface GroupValue {
  readonly group: string;
  readonly value: number | null;
}

export interface Disparity {
  readonly best: string | null;
  readonly worst: string | null;
  /** Best minus worst value; null with fewer than two groups that have values. */
  readonly maxMinGap: number | null;
  /** Worst value divided by the best (1 = parity); null when the best is 0 or undefined. */
  readonly minMaxRatio: number | null;
  /** Each group's value divided by the best group's value (null for groups without a value). */
  readonly ratioToBest: ReadonlyMap<string, number | null>;
}

/** Gap and ratios between groups; groups without a value are left out of best and worst. */
export function disparity(values: readonly GroupValue[]): Disparity {
  const present = values.filter((v): v is { group: string; value: number } => v.value !== null && Number.isFinite(v.value));
  let best: { group: string; value: number } | undefined;
  let worst: { group: string; value: number } | undefined;
  for (const v of present) {
    if (best === undefined || v.value > best.value) best = v;
    if (worst === undefined || v.value < worst.value) worst = v;
  }
  const bestValue = best?.value;
  const ratioToBest = new Map(
    values.map((v) => [v.group, v.value !== null && bestValue !== undefined && bestValue > 0 ? v.value / bestValue : null] as const),
  );
  return {
    best: best?.group ?? null,
    worst: worst?.group ?? null,
    maxMinGap: present.length >= 2 && best && worst ? best.value - worst.value : null,
    minMaxRatio: present.length >= 2 && best && worst && best.value > 0 ? worst.value / best.value : null,
    ratioToBest,
  };
}
