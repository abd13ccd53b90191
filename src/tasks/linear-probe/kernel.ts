import { ClipEvalError } from '../../core/errors.js';
import { tensor, type Matrix } from '../../core/tensor.js';
import { openSessionFromBytes, type Session, type SessionTensor } from '../../model/onnx-session.js';
import { LOSS_GRADIENT_GRAPH, PREDICT_GRAPH } from './kernel-graphs.js';
import { encodeModel } from './onnx-proto.js';

/** Labelled features bound to the kernel: the feature matrix is shared, never copied; the one-hot targets are built once. */
export interface BoundData {
  readonly features: Matrix;
  readonly labels: Int32Array;
  readonly numClasses: number;
  readonly targets: Float32Array;
}

export interface LossGradient {
  /** log p(y_i | x_i) for each row. */
  readonly loglik: Float32Array;
  /** [k, d]: the gradient of the summed negative log-likelihood (no penalty). */
  readonly gradWeights: Float32Array;
  readonly gradBias: Float32Array;
}

export interface ProbeKernel {
  lossGradient(data: BoundData, weights: Float32Array, bias: Float32Array): Promise<LossGradient>;
  predict(features: Matrix, weights: Float32Array, bias: Float32Array): Promise<Int32Array>;
  release(): Promise<void>;
}

export interface KernelOptions {
  /** onnxruntime intra-op threads; 0 = one per core. */
  readonly threads: number;
}

export function bindData(features: Matrix, labels: Int32Array, numClasses: number): BoundData {
  const targets = new Float32Array(features.rows * numClasses);
  for (let i = 0; i < labels.length; i++) targets[i * numClasses + labels[i]!] = 1;
  return { features, labels, numClasses, targets };
}

function float32(output: SessionTensor | undefined, name: string): Float32Array {
  if (output === undefined || !(output.data instanceof Float32Array)) {
    throw new ClipEvalError('MODEL', `linear-probe kernel: output '${name}' is missing or not float32`);
  }
  return output.data;
}

export async function openProbeKernel(options: KernelOptions): Promise<ProbeKernel> {
  const sessionOptions = { threads: options.threads, device: 'cpu' };
  const lossSession = await openSessionFromBytes(encodeModel(LOSS_GRADIENT_GRAPH), 'linear-probe loss graph', sessionOptions);
  let predictSession: Session;
  try {
    predictSession = await openSessionFromBytes(encodeModel(PREDICT_GRAPH), 'linear-probe predict graph', sessionOptions);
  } catch (error) {
    await lossSession.release();
    throw error;
  }
  const params = (rows: number, cols: number, weights: Float32Array, bias: Float32Array) => ({
    weights: tensor(weights, [rows, cols]),
    bias: tensor(bias, [rows]),
  });
  return {
    async lossGradient(data, weights, bias) {
      const { features, numClasses } = data;
      const out = await lossSession.run({
        features: tensor(features.data, [features.rows, features.cols]),
        targets: tensor(data.targets, [features.rows, numClasses]),
        ...params(numClasses, features.cols, weights, bias),
      });
      return {
        loglik: float32(out.loglik, 'loglik'),
        gradWeights: float32(out.grad_weights, 'grad_weights'),
        gradBias: float32(out.grad_bias, 'grad_bias'),
      };
    },
    async predict(features, weights, bias) {
      const out = await predictSession.run({
        features: tensor(features.data, [features.rows, features.cols]),
        ...params(bias.length, features.cols, weights, bias),
      });
      const predicted = out.predicted?.data;
      if (!(predicted instanceof BigInt64Array)) throw new ClipEvalError('MODEL', "linear-probe kernel: output 'predicted' is missing or not int64");
      return Int32Array.from(predicted, Number);
    },
    async release() {
      await Promise.all([lossSession.release(), predictSession.release()]);
    },
  };
}
