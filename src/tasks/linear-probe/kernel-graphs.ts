import type { ElemType, GraphSpec } from './onnx-proto.js';

/**
 * The probe's kernels as ONNX graphs, run by onnxruntime so that the heavy products use its multithreaded
 * MLAS GEMM (measured against blocked typed-array loops in bench/linear-probe-kernel.mjs). Dims are symbolic:
 * n samples, d features, k classes. `targets` is the one-hot [n, k] label matrix, built once per data set.
 */
const OPSET = 17;

const features = (type: ElemType) => ({ name: 'features', type, dims: ['n', 'd'] }) as const;
const weights = (type: ElemType) => ({ name: 'weights', type, dims: ['k', 'd'] }) as const;
const bias = (type: ElemType) => ({ name: 'bias', type, dims: ['k'] }) as const;

/**
 * Per-sample log-likelihoods and the gradient of the summed negative log-likelihood:
 * grad_weights = (softmax(XW^T + b) - Y)^T X, grad_bias = column sums of the same residual.
 * The penalty and the float64 sum of the log-likelihoods are added by the caller. In float32 (twice the GEMM
 * speed) or float64 (scikit-learn's precision).
 */
export const lossGradientGraph = (type: 'float32' | 'float64'): GraphSpec => ({
  name: `linear_probe_loss_gradient_${type}`,
  opset: OPSET,
  inputs: [features(type), { name: 'targets', type, dims: ['n', 'k'] }, weights(type), bias(type)],
  outputs: [
    { name: 'loglik', type, dims: ['n'] },
    { name: 'grad_weights', type, dims: ['k', 'd'] },
    { name: 'grad_bias', type, dims: ['k'] },
  ],
  int64Constants: { axis0: [0], axis1: [1] },
  nodes: [
    { op: 'Gemm', inputs: ['features', 'weights', 'bias'], outputs: ['logits'], attributes: { transB: 1 } },
    { op: 'LogSoftmax', inputs: ['logits'], outputs: ['logp'], attributes: { axis: 1 } },
    { op: 'Mul', inputs: ['targets', 'logp'], outputs: ['picked'] },
    { op: 'ReduceSum', inputs: ['picked', 'axis1'], outputs: ['loglik'], attributes: { keepdims: 0 } },
    { op: 'Exp', inputs: ['logp'], outputs: ['prob'] },
    { op: 'Sub', inputs: ['prob', 'targets'], outputs: ['residual'] },
    { op: 'Gemm', inputs: ['residual', 'features'], outputs: ['grad_weights'], attributes: { transA: 1 } },
    { op: 'ReduceSum', inputs: ['residual', 'axis0'], outputs: ['grad_bias'], attributes: { keepdims: 0 } },
  ],
});

/** The arg-max class of XW^T + b for each row (ties go to the lower class, like numpy's argmax). */
export const PREDICT_GRAPH: GraphSpec = {
  name: 'linear_probe_predict',
  opset: OPSET,
  inputs: [features('float32'), weights('float32'), bias('float32')],
  outputs: [{ name: 'predicted', type: 'int64', dims: ['n'] }],
  nodes: [
    { op: 'Gemm', inputs: ['features', 'weights', 'bias'], outputs: ['logits'], attributes: { transB: 1 } },
    { op: 'ArgMax', inputs: ['logits'], outputs: ['predicted'], attributes: { axis: 1, keepdims: 0 } },
  ],
};
