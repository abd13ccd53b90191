import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Every default in one place (CONVENTIONS 11). Throughput defaults were measured on a 2-core machine with
 * a ViT-B/32-shaped model (bench/throughput): see the README's tuning section.
 */
export const DEFAULTS = {
  batchSize: 32,
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
   * Off: no measurable speed difference on CPU (README tuning table), and each batch's intermediate tensors
   * are then given back instead of kept in an arena that grows in power-of-two steps and never shrinks.
   */
  memoryArena: false,
  spinning: true,
  /** How many images are decoded ahead of the model (in batches). */
  prefetchBatches: 2,
  contextLength: 77,
  truncate: true,
  ensemble: 'mean-of-normalized',
  outDir: 'reports',
  templates: 'default',
  device: 'cpu',
  dtype: 'fp32',
  progressIntervalMs: 5000,
} as const;

/** The per-user feature cache: $CLIP_EVAL_CACHE, else $XDG_CACHE_HOME/clip-eval, else ~/.cache/clip-eval. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLIP_EVAL_CACHE) return env.CLIP_EVAL_CACHE;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'clip-eval');
}
