/** Tick steps (in percent) within each decade: 1-2-5, whose multiples need no more digits than the step. */
const STEPS = [1, 2, 5] as const;

/** A vega-lite axis for rates in [0, 1] printed as percents. */
export interface PercentAxis {
  /** Tick positions, fractions inside the domain. */
  readonly values: number[];
  /** A d3 format with as many decimals as the step needs, e.g. '.1%' for half-percent steps. */
  readonly format: string;
}

/**
 * Ticks for a percent axis over [lo, hi] (fractions): the smallest 1-2-5 step that gives at most `maxTicks`
 * ticks, and a format precise enough that no two ticks print the same (a '.0%' axis over 0-2.5% reads
 * "0% 0% 1% 1% 2% 2%").
 */
export function percentAxis(lo: number, hi: number, maxTicks = 7): PercentAxis {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`percentAxis: need lo < hi, got [${lo}, ${hi}]`);
  if (!(Number.isInteger(maxTicks) && maxTicks >= 2)) throw new RangeError(`percentAxis: maxTicks must be an integer >= 2, got ${maxTicks}`);
  const span = (hi - lo) * 100;
  let step = 0;
  for (let decade = Math.floor(Math.log10(span / maxTicks)) - 1; step === 0; decade++) {
    for (const s of STEPS) {
      const candidate = s * 10 ** decade;
      if (span / candidate <= maxTicks) {
        step = candidate;
        break;
      }
    }
  }
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const values: number[] = [];
  // Integer multiples of the step, rounded so that 0.1 + 0.2 prints as 0.3%, not 0.30000000000000004%.
  for (let k = Math.ceil((lo * 100) / step - 1e-9); k * step <= hi * 100 + 1e-9; k++) values.push(Number(((k * step) / 100).toFixed(decimals + 2)));
  return { values, format: `.${decimals}%` };
}
