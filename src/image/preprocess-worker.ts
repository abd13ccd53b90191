/**
 * Worker-thread entry of the preprocessing pool: decodes and resamples off the main thread and writes the
 * tensor into the request's target, a view of the caller's shared batch memory. `workerData` is the
 * PreprocessConfig and the pixel limit (WorkerData).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, isClipEvalError, type ErrorCode } from '../core/errors.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { ImageSource } from '../core/sample.js';
import { preprocessImageInto } from './preprocess.js';

export interface WorkerRequest {
  readonly id: number;
  readonly source: ImageSource;
  /** Where the CHW tensor goes: a Float32Array over a SharedArrayBuffer (shared, not copied, by postMessage). */
  readonly target: Float32Array;
  readonly borderCrop?: number;
}

export interface WorkerData {
  readonly config: PreprocessConfig;
  readonly maxPixels: number;
}

/** Errors cross the thread boundary as plain data; the pool rebuilds ClipEvalErrors from `code`. */
export type WorkerReply =
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: { readonly code?: ErrorCode; readonly message: string; readonly stack?: string } };

if (parentPort === null) throw new Error('preprocess-worker.js must be started as a worker thread (see src/image/pool.ts)');
const port = parentPort;
const { config, maxPixels } = workerData as WorkerData;

async function handle(request: WorkerRequest): Promise<void> {
  try {
    await preprocessImageInto(request.source, config, request.target, { borderCrop: request.borderCrop, maxPixels });
    port.postMessage({ id: request.id, done: true } satisfies WorkerReply);
  } catch (error) {
    const reply: WorkerReply = isClipEvalError(error)
      ? { id: request.id, error: { code: error.code, message: error.message } }
      : { id: request.id, error: { message: errorMessage(error), stack: error instanceof Error ? error.stack : undefined } };
    port.postMessage(reply);
  }
}

/**
 * The pool posts requests well ahead (a batch or so), so that this thread keeps working while the main thread
 * is held by session.run and cannot hand out more; they run two at a time here (one decoding on libuv's
 * threads while the other resamples), the rest wait in order.
 */
const RUNNING_AT_ONCE = 2;
const waiting: WorkerRequest[] = [];
let running = 0;

function pump(): void {
  while (running < RUNNING_AT_ONCE && waiting.length > 0) {
    running++;
    void handle(waiting.shift()!).finally(() => {
      running--;
      pump();
    });
  }
}

port.on('message', (request: WorkerRequest) => {
  waiting.push(request);
  pump();
});
