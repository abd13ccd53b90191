import type { RuntimeOptions } from '../features/runtime.js';

/** The runtime flags of withModel/withCompute, as the library takes them. */
export function runtimeOptions(args: {
  model: string;
  dtype: string;
  device: string;
  threads: number;
  decodeWorkers?: number;
  exifRotate?: boolean;
  maxPixels?: number;
  cacheDir?: string | undefined;
  /** false with --no-cache. */
  cache?: boolean;
}): RuntimeOptions {
  return {
    model: args.model,
    dtype: args.dtype,
    device: args.device,
    threads: args.threads,
    ...(args.decodeWorkers !== undefined ? { decodeWorkers: args.decodeWorkers } : {}),
    exifRotate: args.exifRotate ?? false,
    ...(args.maxPixels !== undefined ? { maxPixels: args.maxPixels } : {}),
    cacheDir: args.cache === false ? null : args.cacheDir,
  };
}
