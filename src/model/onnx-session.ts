/**
 * The only module that imports onnxruntime-node (CONVENTIONS 5). Everything else sees `Session`, which
 * takes and returns the project's own Tensor type.
 */
import * as ort from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';
import { DEFAULTS } from '../config/defaults.js';

export type ElementType = 'float32' | 'float64' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool' | 'string' | 'other';

export interface ValueInfo {
  readonly name: string;
  readonly type: ElementType;
  /** Static dims as numbers; symbolic or unknown dims as their name (or '?'). */
  readonly shape: readonly (number | string)[];
}

export interface SessionOptions {
  /** Intra-op threads; 0 lets onnxruntime use one per core. */
  readonly threads: number;
  readonly interOpThreads?: number;
  readonly device: string;
  readonly graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  readonly memoryArena?: boolean;
  /**
   * Whether idle intra-op threads spin waiting for work. Spinning shaves latency off each operator but
   * burns the cores the preprocessing workers need between batches (bench/tuning.mjs measures both).
   */
  readonly spinning?: boolean;
  /**
   * Whether onnxruntime repacks the weights of matrix products at load for its GEMM kernels. The packed copy
   * sits beside the original for the session's life (a ViT-B/32 image tower: 616 MB resident after load
   * against 445 MB without), and loading takes longer.
   */
  readonly prepacking?: boolean;
}

/** Feeds and results use the project's tensors; float16 crosses the boundary as raw Uint16 bits. */
export type SessionTensor = Tensor<Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array> | { readonly data: Uint16Array; readonly dims: readonly number[]; readonly float16: true };

export interface Session {
  readonly path: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  run(feeds: Readonly<Record<string, SessionTensor>>, outputNames?: readonly string[]): Promise<Record<string, SessionTensor>>;
  release(): Promise<void>;
}

/** Execution providers this build of onnxruntime-node offers, and whether their binaries are present. */
export function availableDevices(): { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

function providerFor(device: string): string {
  const backends = ort.listSupportedBackends();
  const backend = backends.find((b) => b.name === device);
  if (!backend) {
    throw new ClipEvalError('PROVIDER', `execution provider '${device}' is not offered by onnxruntime-node on ${process.platform}-${process.arch} (available: ${backends.map((b) => b.name).join(', ')})`);
  }
  if (!backend.bundled && device === 'cuda' && !cudaBinariesInstalled()) {
    throw new ClipEvalError('PROVIDER', "CUDA provider binaries are not installed: on a machine with internet access run 'npm install onnxruntime-node --onnxruntime-node-install=cuda12' (CUDA 12 and cuDNN 9 required), then retry with --device cuda");
  }
  return device;
}

function cudaBinariesInstalled(): boolean {
  const dir = new URL(`../../node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}/`, import.meta.url);
  return existsSync(new URL('libonnxruntime_providers_cuda.so', dir));
}

function toElementType(type: string): ElementType {
  switch (type) {
    case 'float32': case 'float64': case 'float16': case 'int64': case 'int32': case 'uint8': case 'int8': case 'bool': case 'string':
      return type;
    default:
      return 'other';
  }
}

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return meta.map((m) =>
    m.isTensor
      ? { name: m.name, type: toElementType(m.type), shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' ? d : '?')) }
      : { name: m.name, type: 'other', shape: [] },
  );
}

function toOrt(value: SessionTensor): ort.Tensor {
  if ('float16' in value) return new ort.Tensor('float16', value.data, value.dims);
  return new ort.Tensor(value.data as Float32Array, value.dims);
}

function fromOrt(name: string, value: ort.Tensor): SessionTensor {
  const dims = value.dims;
  switch (value.type) {
    case 'float32':
      return tensor(value.data as Float32Array, dims);
    case 'float64':
      return tensor(value.data as Float64Array, dims);
    case 'int64':
      return tensor(value.data as BigInt64Array, dims);
    case 'int32':
      return tensor(value.data as Int32Array, dims);
    case 'uint8':
      return tensor(value.data as Uint8Array, dims);
    case 'float16':
      return { data: value.data as Uint16Array, dims, float16: true };
    default:
      throw new ClipEvalError('MODEL', `output '${name}' has element type ${value.type}, which clip-eval does not read (expected float32 or float16)`);
  }
}

export async function openSession(path: string, options: SessionOptions): Promise<Session> {
  if (!existsSync(path)) throw new ClipEvalError('MODEL', `model file ${path} not found`);
  return createSession(path, path, options);
}

/** A session over a serialised model held in memory (graphs the harness builds itself); `name` labels its errors. */
export async function openSessionFromBytes(model: Uint8Array, name: string, options: SessionOptions): Promise<Session> {
  return createSession(model, name, options);
}

async function createSession(source: string | Uint8Array, path: string, options: SessionOptions): Promise<Session> {
  const provider = providerFor(options.device);
  let session: ort.InferenceSession;
  try {
    const settings = sessionOptions(provider, options);
    // Two calls because create() is overloaded on the source type.
    session = await (typeof source === 'string' ? ort.InferenceSession.create(source, settings) : ort.InferenceSession.create(source, settings));
  } catch (error) {
    throw new ClipEvalError('MODEL', `${path}: onnxruntime cannot load it: ${errorMessage(error)}`);
  }
  return wrapSession(session, path);
}

function sessionOptions(provider: string, options: SessionOptions): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    intraOpNumThreads: options.threads,
    interOpNumThreads: options.interOpThreads ?? 1,
    graphOptimizationLevel: options.graphOptimization ?? DEFAULTS.graphOptimization,
    enableCpuMemArena: options.memoryArena ?? DEFAULTS.memoryArena,
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: options.spinning === false ? '0' : '1' }, disable_prepacking: (options.prepacking ?? DEFAULTS.prepacking) ? '0' : '1' } },
  };
}

function wrapSession(session: ort.InferenceSession, path: string): Session {
  return {
    path,
    inputs: describe(session.inputMetadata),
    outputs: describe(session.outputMetadata),
    async run(feeds, outputNames) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, value] of Object.entries(feeds)) ortFeeds[name] = toOrt(value);
      let results: ort.InferenceSession.OnnxValueMapType;
      try {
        results = outputNames ? await session.run(ortFeeds, [...outputNames]) : await session.run(ortFeeds);
      } catch (error) {
        throw new ClipEvalError('MODEL', `${path}: inference failed: ${errorMessage(error)}`);
      }
      const out: Record<string, SessionTensor> = {};
      for (const [name, value] of Object.entries(results)) out[name] = fromOrt(name, value as ort.Tensor);
      return out;
    },
    release: () => session.release(),
  };
}
