import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';

/** Flags shared by the commands that open a model. */
export function withModel<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', demandOption: true, describe: 'model folder (HF/transformers.js layout, combined model.onnx, or clip-eval.json manifest)' })
    .option('dtype', { type: 'string', default: DEFAULTS.dtype, describe: 'model file variant: fp32, fp16, int8, uint8, q4, q4f16, bnb4, quantized' })
    .option('device', { type: 'string', default: DEFAULTS.device, describe: 'execution provider: cpu, cuda, ...' })
    .option('threads', { type: 'number', default: DEFAULTS.threads, describe: 'onnxruntime intra-op threads (0 = one per core)' });
}

/** Flags shared by the commands that read a dataset. */
export function withDataset<T>(y: Argv<T>) {
  return y
    .option('dataset', { type: 'string', default: 'imagefolder', describe: "dataset adapter (see 'clip-eval datasets')" })
    .option('data', { type: 'string', demandOption: true, describe: 'dataset root on disk' })
    .option('split', { type: 'string', describe: "split (default: the adapter's own)" })
    .option('limit', { type: 'number', describe: 'only the first N samples (for quick checks)' })
    .option('shard', { type: 'string', describe: "I/N: process only shard I of N (0-based); 'auto': I and N from a Slurm job array or a Kubernetes Indexed Job (CLIP_EVAL_SHARD_COUNT)" })
    .option('exif-rotate', { type: 'boolean', default: false, describe: 'apply EXIF orientation (the reference does not)' });
}

/** Flags shared by the commands that compute image features. */
export function withCompute<T>(y: Argv<T>) {
  return y
    .option('batch-size', { type: 'number', default: DEFAULTS.batchSize, describe: 'images per model call' })
    .option('decode-workers', { type: 'number', default: DEFAULTS.decodeWorkers, describe: 'preprocessing worker threads (0 = main thread)' })
    .option('cache-dir', { type: 'string', describe: 'feature cache folder (default $CLIP_EVAL_CACHE or ~/.cache/clip-eval)' })
    .option('cache', { type: 'boolean', default: true, describe: 'read and write the feature cache (--no-cache: neither)' });
}
