import { ClipEvalError } from '../../core/errors.js';
import { tensor, type Matrix } from '../../core/tensor.js';
import { openSessionFromBytes, type Session, type SessionTensor } from '../../model/onnx-session.js';
import { lossGradientGraph, PREDICT_GRAPH } from './kernel-graphs.js';
import { encodeModel } from './onnx-proto.js';

export type Precision = 'float32' | 'float64';
type FloatArray<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array;

/**
 * Labelled features bound to the kernel. The float32 features are shared, never copied; the one-hot targets
 * are built once, and the float64 copy of the features only when a float64 evaluation first needs it (once per
 * data set, however many fits use it).
 */
export interface BoundData {
  readonly features: Matrix;
  readonly labels: Int32Array;
  readonly numClasses: number;
  /** Per precision: the features and one-hot targets in that precision. */
  readonly arrays: { float32?: { features: Float32Array; targets: Float32Array }; float64?: { features: Float64Array; targets: Float64Array } };
}

export interface LossGradient<P extends Precision> {
  /** log p(y_i | x_i) for each row. */
  readonly loglik: FloatArray<P>;
  /** [k, d]: the gradient of the summed negative log-likelihood (no penalty). */
  readonly gradWeights: FloatArray<P>;
  readonly gradBias: FloatArray<P>;
}

export interface ProbeKernel {
  lossGradient<P extends Precision>(data: BoundData, precision: P, weights: FloatArray<P>, bias: FloatArray<P>): Promise<LossGradient<P>>;
  /** The arg-max class of each row (float32). */
  predict(features: Matrix, weights: Float32Array, bias: Float32Array): Promise<Int32Array>;
  release(): Promise<void>;
}

export interface KernelOptions {
  /** onnxruntime intra-op threads; 0 = one per core. */
  readonly threads: number;
}

export function bindData(features: Matrix, labels: Int32Array, numClasses: number): BoundData {
  return { features, labels, numClasses, arrays: {} };
}

function arraysFor<P extends Precision>(data: BoundData, precision: P): { features: FloatArray<P>; targets: FloatArray<P> } {
  const cached = data.arrays[precision];
  if (cached) return cached as { features: FloatArray<P>; targets: FloatArray<P> };
  const { features, labels, numClasses } = data;
  const made = precision === 'float32'
    ? { features: features.data, targets: new Float32Array(features.rows * numClasses) }
    : { features: Float64Array.from(features.data), targets: new Float64Array(features.rows * numClasses) };
  for (let i = 0; i < labels.length; i++) made.targets[i * numClasses + labels[i]!] = 1;
  (data.arrays as Record<Precision, unknown>)[precision] = made;
  return made as { features: FloatArray<P>; targets: FloatArray<P> };
}

function output<P extends Precision>(out: Record<string, SessionTensor>, name: string, precision: P): FloatArray<P> {
  const data = out[name]?.data;
  if (!(data instanceof (precision === 'float32' ? Float32Array : Float64Array))) {
    throw new ClipEvalError('MODEL', `linear-probe kernel: output '${name}' is missing or not ${precision}`);
  }
  return data as FloatArray<P>;
}

export async function openProbeKernel(options: KernelOptions): Promise<ProbeKernel> {
  // No spinning: between the solver's evaluations the intra-op threads would spin on the cores the main thread
  // needs; with 2 threads on this 2-core machine the fit's CPU time fell from 1.3-1.4 s to 0.8 s (8,000 x 256,
  // 50 classes), with no measurable latency cost (bench/linear-probe.mjs).
  const sessionOptions = { threads: options.threads, device: 'cpu', spinning: false };
  const sessions: Session[] = [];
  try {
    for (const [name, graph] of [['float32 loss', lossGradientGraph('float32')], ['float64 loss', lossGradientGraph('float64')], ['predict', PREDICT_GRAPH]] as const) {
      sessions.push(await openSessionFromBytes(encodeModel(graph), `linear-probe ${name} graph`, sessionOptions));
    }
  } catch (error) {
    await Promise.all(sessions.map((s) => s.release()));
    throw error;
  }
  const [loss32, loss64, predictSession] = sessions as [Session, Session, Session];
  return {
    async lossGradient(data, precision, weights, bias) {
      const { rows, cols } = data.features;
      const k = data.numClasses;
      const arrays = arraysFor(data, precision);
      const out = await (precision === 'float32' ? loss32 : loss64).run({
        features: tensor(arrays.features, [rows, cols]),
        targets: tensor(arrays.targets, [rows, k]),
        weights: tensor(weights, [k, cols]),
        bias: tensor(bias, [k]),
      });
      return { loglik: output(out, 'loglik', precision), gradWeights: output(out, 'grad_weights', precision), gradBias: output(out, 'grad_bias', precision) };
    },
    async predict(features, weights, bias) {
      const out = await predictSession.run({
        features: tensor(features.data, [features.rows, features.cols]),
        weights: tensor(weights, [bias.length, features.cols]),
        bias: tensor(bias, [bias.length]),
      });
      const predicted = out.predicted?.data;
      if (!(predicted instanceof BigInt64Array)) throw new ClipEvalError('MODEL', "linear-probe kernel: output 'predicted' is missing or not int64");
      return Int32Array.from(predicted, Number);
    },
    async release() {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}
