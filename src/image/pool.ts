/**
 * A pool of worker threads that run the preprocessing, so decoding and resampling never block the thread
 * that drives the model. Requests wait in a queue until a worker holds fewer than QUEUED_PER_WORKER.
 * Workers write each image straight into the caller's batch memory (a SharedArrayBuffer from `allocate`):
 * no per-image buffer reaches the main thread, where such buffers outlived young-generation collections and
 * held tens of MiB until a full collection (the peak RSS of long runs crept up by as much).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClipEvalError } from '../core/errors.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { ImageSource } from '../core/sample.js';
import { DEFAULTS } from '../config/defaults.js';
import { validateMaxPixels, validatePreprocessConfig, type PreprocessOptions } from './preprocess-options.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './preprocess-worker.js';

export interface PreprocessPool {
  /** Float32 room for `images` preprocessed images, which the workers can write (shared when there are workers). */
  allocate(images: number): Float32Array;
  /** Writes the image's CHW tensor into `target` (3 x cropSize x cropSize values, from `allocate`). */
  preprocess(source: ImageSource, target: Float32Array, options?: PreprocessOptions): Promise<void>;
  /** Number of worker threads (0: preprocessing runs in the calling thread). */
  readonly size: number;
  /**
   * Requests the pool holds at once (QUEUED_PER_WORKER per worker; 2 in-process): callers keep about this many
   * in flight, so that encoded images read ahead stay bounded. Decoded pixels are bounded apart from
   * this: each thread holds at most `maxPixels` of them (src/image/pixel-budget.ts).
   */
  readonly capacity: number;
  /** Stops the workers; requests still in flight reject. */
  close(): Promise<void>;
}

/**
 * The worker script must be JavaScript. Compiled, this module sits beside preprocess-worker.js in
 * dist/image/; run from source (vitest loads src/image/pool.ts), it maps to the compiled dist/image/ copy,
 * which `npm test` builds first.
 */
export function workerScriptUrl(moduleUrl: string): URL {
  const url = new URL('./preprocess-worker.js', moduleUrl);
  return moduleUrl.endsWith('.ts') ? new URL(url.href.replace(/\/src\/image\/preprocess-worker\.js$/, '/dist/image/preprocess-worker.js')) : url;
}

/**
 * Requests posted to a worker ahead of its work (it runs two at a time, see preprocess-worker.ts). onnxruntime's
 * session.run holds the main thread for a whole batch: a worker given only the two it runs drains them and
 * idles until the batch ends, and the model then waits for the next batch to be preprocessed. Sixteen each
 * keep two workers busy through a 32-image batch; a request waiting there holds only its source, not pixels.
 */
const QUEUED_PER_WORKER = 16;

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Queued extends Pending {
  readonly source: ImageSource;
  readonly target: Float32Array;
  readonly borderCrop: number | undefined;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Whether this slot's worker has answered at least once (so it starts fine). */
  replied: boolean;
}

function replyError(error: Extract<WorkerReply, { error: unknown }>['error']): Error {
  if (error.code !== undefined) return new ClipEvalError(error.code, error.message);
  const bug = new Error(error.message);
  if (error.stack !== undefined) bug.stack = error.stack;
  return bug;
}

function imageValues(config: PreprocessConfig): number {
  return 3 * config.cropSize * config.cropSize;
}

function checkTarget(target: Float32Array, config: PreprocessConfig): void {
  if (target.length !== imageValues(config)) {
    throw new ClipEvalError('INPUT', `preprocess: the target holds ${target.length} values, one ${config.cropSize}x${config.cropSize} image needs ${imageValues(config)}`);
  }
}

/** In-process requests at once: one decoding (on libuv's threads) while the main thread resamples another. */
const IN_PROCESS_IN_FLIGHT = 2;

function inProcessPool(config: PreprocessConfig, maxPixels: number): PreprocessPool {
  let closed = false;
  let preprocessing: Promise<typeof import('./preprocess.js')> | undefined;
  return {
    size: 0,
    capacity: IN_PROCESS_IN_FLIGHT,
    allocate: (images) => new Float32Array(images * imageValues(config)),
    async preprocess(source, target, options) {
      if (closed) throw new ClipEvalError('IMAGE', 'preprocess pool is closed; create a new one');
      checkTarget(target, config);
      const { preprocessImageInto } = await (preprocessing ??= import('./preprocess.js'));
      await preprocessImageInto(source, config, target, { ...options, maxPixels });
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * `maxPixels` (DEFAULTS.maxPixels when absent) is the largest image decoded and each thread's budget of
 * decoded pixels: memory for decoded images stays under max(workers, 1) x maxPixels x bands x bytes per sample.
 */
export function createPreprocessPool(config: PreprocessConfig, options: { workers: number; maxPixels?: number }): PreprocessPool {
  const { workers } = options;
  const maxPixels = options.maxPixels ?? DEFAULTS.maxPixels;
  validateMaxPixels(maxPixels);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new ClipEvalError('CONFIG', `createPreprocessPool: workers must be a non-negative integer, got ${workers}`);
  }
  validatePreprocessConfig(config);
  if (workers === 0) return inProcessPool(config, maxPixels);

  const script = workerScriptUrl(import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    throw new ClipEvalError('CONFIG', `preprocess worker ${fileURLToPath(script)} not found; run \`npm run build\` first`);
  }
  let closed = false;
  let nextId = 0;
  /** Set when a worker dies before its first reply (a broken build): retrying would only loop. */
  let broken: Error | undefined;
  const slots: Slot[] = [];
  const queue: Queued[] = [];

  function dispatch(): void {
    while (queue.length > 0) {
      const slot = slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
      if (slot.pending.size >= QUEUED_PER_WORKER) return;
      const { source, target, borderCrop, resolve, reject } = queue.shift()!;
      const id = nextId++;
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, source, target, borderCrop } satisfies WorkerRequest);
    }
  }

  function rejectAll(error: Error): void {
    for (const request of queue.splice(0)) request.reject(error);
    for (const slot of slots) {
      for (const request of slot.pending.values()) request.reject(error);
      slot.pending.clear();
    }
  }

  /**
   * A worker that dies takes its requests with it: they reject, and a fresh worker takes its place. Idle
   * workers are unref'd so that a forgotten close() does not keep the process alive.
   */
  function start(slot?: Slot): Slot {
    const worker = new Worker(script, { workerData: { config, maxPixels } satisfies WorkerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.unref();
    const current: Slot = slot ?? { worker, pending: new Map(), replied: false };
    current.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      current.replied = true;
      const request = current.pending.get(reply.id);
      if (request === undefined) return;
      current.pending.delete(reply.id);
      if (current.pending.size === 0) worker.unref();
      if ('error' in reply) request.reject(replyError(reply.error));
      else request.resolve();
      dispatch();
    });
    const fail = (error: Error) => {
      for (const request of current.pending.values()) request.reject(error);
      current.pending.clear();
      if (closed) return;
      if (current.replied) {
        start(current);
        dispatch();
      } else {
        broken = error;
        rejectAll(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!closed && current.worker === worker && broken === undefined) fail(new Error(`preprocess worker exited with code ${code}`));
    });
    return current;
  }
  for (let i = 0; i < workers; i++) slots.push(start());

  return {
    size: workers,
    capacity: workers * QUEUED_PER_WORKER,
    allocate: (images) => new Float32Array(new SharedArrayBuffer(images * imageValues(config) * Float32Array.BYTES_PER_ELEMENT)),
    async preprocess(source, target, requestOptions) {
      if (closed) throw new ClipEvalError('IMAGE', 'preprocess pool is closed; create a new one');
      if (broken !== undefined) throw broken;
      if (!(target.buffer instanceof SharedArrayBuffer)) throw new ClipEvalError('INPUT', 'preprocess: the target must come from pool.allocate (shared memory the workers can write)');
      checkTarget(target, config);
      return new Promise<void>((resolve, reject) => {
        queue.push({ source, target, borderCrop: requestOptions?.borderCrop, resolve, reject });
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      rejectAll(new ClipEvalError('IMAGE', 'preprocess pool closed while the image was in flight'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
