/**
 * imagenet-testbed's evaluation settings that the CLIP paper's robustness figures use: the column name
 * in robustness_top1s.csv, the number of images (for per-point intervals; from the testbed's
 * src/eval_settings/*.py), and the (dataset, split) names a clip-eval run of that setting records.
 */
export const TESTBED_SETTINGS = {
  val: { size: 50_000, runs: [['imagenet', 'val']] },
  'imagenetv2-matched-frequency-format-val': { size: 10_000, runs: [['imagenet-v2', 'matched-frequency'], ['imagenetv2', 'matched-frequency']] },
  'imagenet-r': { size: 30_000, runs: [['imagenet-r', '*']] },
  'imagenet-sketch': { size: 50_000, runs: [['imagenet-sketch', '*']] },
  'imagenet-a': { size: 7_500, runs: [['imagenet-a', '*']] },
  'objectnet-1.0-beta': { size: 18_514, runs: [['objectnet', '*']] },
  'imagenet-vid-robust_pm0': { size: 1_109, runs: [['imagenet-vid-robust', '*']] },
  'ytbb-robust_pm0': { size: 2_530, runs: [['ytbb-robust', '*']] },
  'val-on-imagenet-r-classes': { size: 10_000, runs: [['imagenet', 'val-on-imagenet-r-classes']] },
  'val-on-imagenet-a-classes': { size: 10_000, runs: [['imagenet', 'val-on-imagenet-a-classes']] },
  'val-on-objectnet-classes': { size: 6_250, runs: [['imagenet', 'val-on-objectnet-classes']] },
  'val-on-vid-robust-classes': { size: 14_400, runs: [['imagenet', 'val-on-vid-robust-classes']] },
  'val-on-ytbb-robust-classes': { size: 11_550, runs: [['imagenet', 'val-on-ytbb-robust-classes']] },
} as const satisfies Record<string, { size: number; runs: readonly (readonly [string, string])[] }>;

export type TestbedColumn = keyof typeof TESTBED_SETTINGS;

/** Number of images behind a testbed column, or undefined for columns not listed here. */
export function testbedSize(column: string): number | undefined {
  return Object.hasOwn(TESTBED_SETTINGS, column) ? TESTBED_SETTINGS[column as TestbedColumn].size : undefined;
}

/**
 * The accuracy-table column a run's (dataset, split) fills: the testbed column when one is listed,
 * else `dataset/split` (the generic pairing, e.g. the emoji suite's `emoji/id` and `emoji/sketch`).
 */
export function columnForRun(dataset: string, split: string): string {
  for (const [column, setting] of Object.entries(TESTBED_SETTINGS)) {
    if (setting.runs.some(([d, s]) => d === dataset && (s === '*' || s === split))) return column;
  }
  return `${dataset}/${split}`;
}

/**
 * The CLIP paper's natural distribution shifts (its robustness figures, after Taori et al. 2020): each
 * shifted set against ImageNet val restricted to the same classes where the shifted set has fewer.
 */
export const IMAGENET_SHIFTS = {
  'imagenet-v2': { label: 'ImageNetV2', x: 'val', y: 'imagenetv2-matched-frequency-format-val' },
  'imagenet-r': { label: 'ImageNet-R', x: 'val-on-imagenet-r-classes', y: 'imagenet-r' },
  objectnet: { label: 'ObjectNet', x: 'val-on-objectnet-classes', y: 'objectnet-1.0-beta' },
  'imagenet-sketch': { label: 'ImageNet Sketch', x: 'val', y: 'imagenet-sketch' },
  'imagenet-a': { label: 'ImageNet-A', x: 'val-on-imagenet-a-classes', y: 'imagenet-a' },
  'imagenet-vid-robust': { label: 'ImageNet-Vid-Robust (pm-0)', x: 'val-on-vid-robust-classes', y: 'imagenet-vid-robust_pm0' },
  'youtube-bb': { label: 'YTBB-Robust (pm-0)', x: 'val-on-ytbb-robust-classes', y: 'ytbb-robust_pm0' },
} as const satisfies Record<string, { label: string; x: TestbedColumn; y: TestbedColumn }>;

export type ImagenetShiftName = keyof typeof IMAGENET_SHIFTS;

/** The in-distribution column of the ImageNet suite (the average panel's x axis). */
export const IMAGENET_IN_DISTRIBUTION = 'val';
