import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Every default in one place (CONVENTIONS 11): the CLI's flag defaults, each task's settings and the
 * reference protocols' constants. Throughput defaults were measured on a 2-core machine with a
 * ViT-B/32-shaped model (bench/throughput): see the README's tuning section.
 */
export const DEFAULTS = {
  batchSize: 32,
  /**
   * Prompts per text-tower batch. 64, not 256: the same bytes (rows do not depend on their batch), and on 1,000
   * prompts through the bench's ViT-B/32 text tower peak RSS 1.27 GB instead of 2.8 GB and a quarter of the
   * system time (the activations, 4x smaller, fit the arena without it growing).
   */
  textBatchSize: 64,
  /** The largest --batch-size accepted (a batch holds its images' pixels and features in memory). */
  maxBatchSize: 4096,
  /** onnxruntime intra-op threads; 0 = one per core. */
  threads: 0,
  /**
   * Preprocessing worker threads; 0 = run in the main thread. Two beat one by about 10% end to end on 2 cores
   * (the workers win a larger share of the CPU from the model's threads and keep the prefetch full).
   */
  decodeWorkers: 2,
  /** onnxruntime session settings (see the README's tuning table). */
  graphOptimization: 'all',
  /**
   * onnxruntime's CPU memory arena, both towers. On: without it each batch's intermediates (tens of MB) went
   * through malloc, whose freed memory stayed with the process in a different amount each run (zero-shot on
   * 200 photos peaked at 1.04-1.66 GB against 1.06-1.12 GB with it, same speed, same bytes), and text batches
   * were mapped and unmapped at every operator (sys time 1.4 s -> 20 s on 1,000 prompts).
   */
  memoryArena: true,
  /**
   * Off: the preprocessing workers now decode beside each batch (src/image/pool.ts), and onnxruntime's
   * threads spinning between operators took the cores they needed (zero-shot on 300 photos, 2 cores: CPU
   * 0.88-0.94x and wall 0.80-0.84x of spinning on, in alternating pairs).
   */
  spinning: false,
  /** See SessionOptions.prepacking (src/model/onnx-session.ts) and the README's tuning table. */
  prepacking: true,
  /**
   * Largest image decoded (width x height; --max-pixels): Pillow's decompression-bomb limit, 2 x
   * Image.MAX_IMAGE_PIXELS (89,478,485, above which Pillow only warns) — the size above which the reference's
   * Image.open raises DecompressionBombError, so every image the reference evaluates is evaluated here. Larger
   * images fail from their header before any pixel is decoded. Each preprocessing thread holds at most this
   * many decoded pixels at once (src/image/pixel-budget.ts): at the default, about 0.5 GB of 8-bit RGB.
   */
  maxPixels: 178_956_970,
  /**
   * How many batches are decoded ahead of the model. Two: a batch's requests reach the workers only after its
   * samples' identities (a stat each) come back to the main thread, which session.run holds; with one batch
   * ahead, every other batch was still undispatched when the model finished the previous one (gaps of
   * 160-230 ms between batches against 5-23 ms, zero-shot on 320 photos), for 19 MB less peak RSS.
   */
  prefetchBatches: 2,
  /** Text-tower context when neither the model config nor the manifest gives one (OpenAI's CLIP). */
  contextLength: 77,
  ensemble: 'mean-of-normalized',
  templates: 'default',
  dataset: 'imagefolder',
  device: 'cpu',
  dtype: 'fp32',
  /** How often progress is printed when stderr is not a terminal (a terminal gets a live bar). */
  progressIntervalMs: 5000,
  /** Each command's output folder. */
  out: {
    demo: 'reports/demo',
    zeroshot: 'reports/zeroshot',
    embed: 'reports/embed',
    templates: 'reports/templates',
    'linear-probe': 'reports/linear-probe',
    robustness: 'reports/robustness',
    fairness: 'reports/fairness',
    compositionality: 'reports/compositionality',
    retrieval: 'reports/retrieval',
  },
  templateCompare: {
    /** Share of each class held out to choose the greedy ensemble. */
    validationFraction: 0.5,
    seed: 0,
    baseline: 'a photo of a {}.',
    /** Validation score cache budget (floats): validation images x classes x templates. */
    maxCachedScores: 150_000_000,
  },
  /**
   * The linear probe: the CLIP paper's protocol (appendix A.3: L-BFGS with at most 1,000 iterations, C chosen
   * by a coarse-to-fine sweep over 1e-6..1e6 on a held-out part of train) with scikit-learn's tolerance.
   */
  linearProbe: {
    grid: { minLog10C: -6, maxLog10C: 6, stepsPerDecade: 8, coarseSteps: 16 },
    valFraction: 0.2,
    tol: 1e-4,
    maxIterations: 1000,
    seed: 0,
    threads: 0,
    shotSeeds: 5,
    trainSplit: 'train',
  },
  /** scipy.optimize.minimize(method='L-BFGS-B') defaults; scikit-learn passes only gtol and maxiter. */
  lbfgs: { ftol: 2.220446049250313e-9, memory: 10, maxLineSearch: 20, maxEvaluations: 15000 },
  /** Percentile bootstrap intervals (fairness groups, robustness trends). */
  bootstrap: { resamples: 1000, confidence: 0.95, seed: 0 },
  /** Effective robustness as imagenet-testbed fits it. */
  robustness: { resamples: 1000, seed: 0, confidence: 0.95, intervalAlpha: 0.005, gridSize: 120, minBaselines: 3 },
  /** imagenet-testbed's trend models: STANDARD ones, leaving out its variants of the same networks. */
  testbedBaselines: { include: ['STANDARD'], exclude: ['aws', 'batch64', 'subsample'] },
} as const;

/** The commands that write into an output folder. */
export type OutputCommand = keyof typeof DEFAULTS.out;

/** The per-user feature cache: $CLIP_EVAL_CACHE, else $XDG_CACHE_HOME/clip-eval, else ~/.cache/clip-eval. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLIP_EVAL_CACHE) return env.CLIP_EVAL_CACHE;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'clip-eval');
}
