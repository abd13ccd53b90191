#!/usr/bin/env python3
"""Write precision variants of an HF / transformers.js-layout CLIP model, named the way transformers.js names them,
so that `clip-eval ... --dtype fp16|int8|uint8|quantized|q4` finds them.

    /usr/bin/python3 tools/quantize-model.py SRC OUT [--variants fp16,quantized] [--graphs vision_model,text_model]

SRC is a model folder (onnx/vision_model.onnx + onnx/text_model.onnx, or onnx/model.onnx, next to config.json,
preprocessor_config.json and tokenizer files). OUT receives a copy of SRC (every file, fp32 graphs included) plus
one file per graph and variant in OUT/onnx/:

  fp16       <graph>_fp16.onnx       weights and arithmetic in float16. As transformers.js' exports (onnxconverter-
                                     common's convert_float_to_float16 with keep_io_types=True), graph inputs and
                                     outputs stay float32 behind Cast nodes; --fp16-io makes them float16 instead.
  quantized  <graph>_quantized.onnx  dynamic 8-bit quantisation as onnxruntime's quantize_dynamic does it, with
                                     transformers.js' choice of weight type: uint8 weights when the graph has a Conv
                                     (onnxruntime-web's ConvInteger takes uint8 weights only), int8 otherwise.
  int8       <graph>_int8.onnx       the same with int8 (symmetric) weights; Conv stays float32 unless --int8-conv
                                     (transformers.js' QI8 mode: ConvInteger with int8 weights, which onnxruntime-node
                                     runs, onnxruntime-web does not, and which measured ~4x slower than float Conv).
  uint8      <graph>_uint8.onnx      the same with uint8 (asymmetric) weights everywhere.
  On x86 CPUs int8 weights are the fast ones for MatMul (u8s8 products); --no-conv leaves Conv in float32.
  q4         <graph>_q4.onnx         4-bit block-wise weights (com.microsoft MatMulNBits, block 32, symmetric) for
                                     MatMul with a constant 2-D weight; everything else float32.

The 8-bit scheme (onnxruntime's "IntegerOps" mode, MatMulConstBOnly): every MatMul / Gemm whose weight is a constant
(initializer, Constant, or either behind Identity) becomes
    DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp, W_zp) -> Cast(float) -> Mul(x_scale * W_scale)
(Gemm: weight pre-transposed for transB, alpha folded into the scale, beta*C added after), and every Conv with a
constant weight becomes DynamicQuantizeLinear -> ConvInteger -> Cast -> Mul -> Add(bias), and
every Gather from a constant table (token / position embeddings) reads an 8-bit table -> DequantizeLinear.
onnxruntime fuses these chains into MatMulIntegerToFloat / DynamicQuantizeMatMul at session creation. Weights are
per tensor (--per-channel: per output column / channel); int8 weights are symmetric in [-127, 127] (zero point 0),
uint8 weights asymmetric in [0, 255] with a range that includes 0; --reduce-range uses 7 bits. Conv weights stay
per tensor (onnxruntime's CPU ConvInteger takes no per-channel zero point).

Only the `onnx` and `numpy` packages are used (not onnxruntime.quantization); every written graph passes
onnx.checker.check_model. Subgraphs (If / Loop bodies) are left in float32.
"""
import argparse
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

VARIANTS = {'fp16': '_fp16', 'quantized': '_quantized', 'int8': '_int8', 'uint8': '_uint8', 'q4': '_q4'}
GRAPH_BASES = ('vision_model', 'text_model', 'model')
MS_DOMAIN = 'com.microsoft'
# Ops that keep float32 in the fp16 graph (no float16 form in onnxruntime's CPU kernels, or float-only inputs),
# following onnxconverter-common's default block list.
FP16_BLOCK = {'Range', 'Resize', 'Upsample', 'TopK', 'NonMaxSuppression', 'RoiAlign', 'CumSum', 'RandomNormal',
              'RandomNormalLike', 'RandomUniform', 'RandomUniformLike', 'Multinomial', 'Bernoulli', 'STFT', 'DFT'}
FP16_MAX = float(np.finfo(np.float16).max)


class Graph:
    """Name bookkeeping over one onnx.GraphProto."""

    def __init__(self, model: onnx.ModelProto):
        self.model = model
        self.g = model.graph
        self.inits = {t.name: t for t in self.g.initializer}
        self.producer = {o: n for n in self.g.node for o in n.output}
        self.used = set(self.inits) | set(self.producer) | {i.name for i in self.g.input}
        self.counter = 0

    def fresh(self, base: str) -> str:
        base = base.replace('/', '_').strip('_') or 't'
        name = base
        while name in self.used:
            self.counter += 1
            name = f'{base}_{self.counter}'
        self.used.add(name)
        return name

    def constant(self, name: str):
        """The numpy value of a constant tensor (initializer or Constant node, possibly behind Identity), or None."""
        seen = 0
        while name not in self.inits and name in self.producer and self.producer[name].op_type == 'Identity' and seen < 64:
            name = self.producer[name].input[0]
            seen += 1
        if name in self.inits:
            return numpy_helper.to_array(self.inits[name], base_dir=self.base_dir)
        node = self.producer.get(name)
        if node is not None and node.op_type == 'Constant' and node.domain in ('', 'ai.onnx'):
            for a in node.attribute:
                if a.name == 'value':
                    return numpy_helper.to_array(a.t)
        return None

    def add_init(self, base: str, array: np.ndarray) -> str:
        name = self.fresh(base)
        self.g.initializer.append(numpy_helper.from_array(array, name))
        return name

    base_dir = ''


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def opset(model, domain=''):
    for o in model.opset_import:
        if o.domain in (domain, 'ai.onnx' if domain == '' else domain):
            return o.version
    return None


def ensure_opset(model, domain, version):
    for o in model.opset_import:
        if o.domain == domain:
            o.version = max(o.version, version)
            return
    model.opset_import.append(helper.make_opsetid(domain, version))


def drop_unused_initializers(g: onnx.GraphProto):
    needed = {i for n in g.node for i in n.input} | {o.name for o in g.output}
    for n in g.node:  # names used inside subgraphs
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                needed |= {i for sn in a.g.node for i in sn.input}
            elif a.type == onnx.AttributeProto.GRAPHS:
                needed |= {i for sg in a.graphs for sn in sg.node for i in sn.input}
    keep = [t for t in g.initializer if t.name in needed]
    del g.initializer[:]
    g.initializer.extend(keep)


# ----------------------------------------------------------------------------------------------- 8-bit weights

def quantize_weight(w: np.ndarray, qtype: str, axis, reduce_range: bool):
    """Per-tensor (axis None) or per-slice-along-axis weight quantisation -> (q, scale float32, zero point)."""
    w = w.astype(np.float32)
    red = tuple(i for i in range(w.ndim) if i != axis) if axis is not None else None
    keep = axis is not None
    if qtype == 'int8':
        qmax = 63 if reduce_range else 127
        amax = np.max(np.abs(w), axis=red, keepdims=keep)
        scale = np.where(amax > 0, amax / qmax, 1.0).astype(np.float32)
        q = np.clip(np.rint(w / scale), -qmax, qmax).astype(np.int8)
        zp = np.zeros_like(scale, dtype=np.int8)
    else:
        qmax = 127 if reduce_range else 255
        rmin = np.minimum(np.min(w, axis=red, keepdims=keep), 0.0)
        rmax = np.maximum(np.max(w, axis=red, keepdims=keep), 0.0)
        span = rmax - rmin
        scale = np.where(span > 0, span / qmax, 1.0).astype(np.float32)
        zp = np.clip(np.rint(-rmin / scale), 0, qmax).astype(np.uint8)
        q = np.clip(np.rint(w / scale) + zp, 0, qmax).astype(np.uint8)
    if axis is None:
        return q, np.float32(scale), zp.reshape(()).astype(zp.dtype)
    return q, scale.reshape(-1), zp.reshape(-1)


def quantize_8bit(model: onnx.ModelProto, weight_type: str, conv: bool, gather: bool, per_channel: bool, reduce_range: bool, base_dir: str):
    if (opset(model) or 0) < 11:
        raise SystemExit(f'opset {opset(model)} < 11: DynamicQuantizeLinear needs opset 11')
    G = Graph(model)
    G.base_dir = base_dir
    g = G.g
    cache = {}  # (weight tensor, transposed, per-channel axis) -> (q name, scale name or array, zp name)
    dq = {}  # activation name -> (x_q, x_scale, x_zp)
    new_nodes = []
    counts = {'MatMul': 0, 'Gemm': 0, 'Conv': 0, 'Gather': 0}

    def quantized_weight(name, w, axis, qtype):
        key = (name, w.shape, axis, qtype)
        if key not in cache:
            q, scale, zp = quantize_weight(w, qtype, axis, reduce_range)
            base = name + '_quantized'
            cache[key] = (G.add_init(base, q), scale, G.add_init(base + '_zero_point', np.asarray(zp)))
        return cache[key]

    def dynamic_quantize(x, out):
        if x not in dq:
            names = (G.fresh(x + '_quantized'), G.fresh(x + '_scale'), G.fresh(x + '_zero_point'))
            out.append(helper.make_node('DynamicQuantizeLinear', [x], list(names), name=G.fresh(x + '_QuantizeLinear')))
            dq[x] = names
        return dq[x]

    def scale_chain(out, name, int_out, x_scale, w_scale, result, factor=1.0):
        """Cast(int32 -> float) * (x_scale * w_scale * factor) -> result."""
        as_float = G.fresh(int_out + '_cast_output')
        out.append(helper.make_node('Cast', [int_out], [as_float], to=TensorProto.FLOAT, name=G.fresh(name + '_cast')))
        w_scale = np.asarray(w_scale, dtype=np.float32) * np.float32(factor)
        ws = G.add_init(name + '_weight_scale', w_scale.astype(np.float32))
        scale = G.fresh(name + '_scale')
        out.append(helper.make_node('Mul', [x_scale, ws], [scale], name=G.fresh(name + '_scales_mul')))
        out.append(helper.make_node('Mul', [as_float, scale], [result], name=G.fresh(name + '_output_scale_mul')))

    for node in g.node:
        out = new_nodes
        name = node.name or node.output[0]
        if node.domain not in ('', 'ai.onnx'):
            out.append(node)
            continue
        if node.op_type == 'MatMul':
            w = G.constant(node.input[1])
            if w is None or w.ndim != 2 or w.dtype != np.float32:
                out.append(node)
                continue
            axis = 1 if per_channel else None
            wq, ws, wzp = quantized_weight(node.input[1], w, axis, weight_type)
            xq, xs, xzp = dynamic_quantize(node.input[0], out)
            int_out = G.fresh(node.output[0] + '_output_quantized')
            out.append(helper.make_node('MatMulInteger', [xq, wq, xzp, wzp], [int_out], name=G.fresh(name + '_quant')))
            scale_chain(out, name, int_out, xs, ws, node.output[0])
            counts['MatMul'] += 1
        elif node.op_type == 'Gemm':
            w = G.constant(node.input[1])
            if w is None or w.ndim != 2 or attr(node, 'transA', 0) or w.dtype != np.float32:
                out.append(node)
                continue
            if attr(node, 'transB', 0):
                w = w.T.copy()
            alpha, beta = attr(node, 'alpha', 1.0), attr(node, 'beta', 1.0)
            axis = 1 if per_channel else None
            wq, ws, wzp = quantized_weight(node.input[1] + ('_T' if attr(node, 'transB', 0) else ''), w, axis, weight_type)
            xq, xs, xzp = dynamic_quantize(node.input[0], out)
            int_out = G.fresh(node.output[0] + '_output_quantized')
            out.append(helper.make_node('MatMulInteger', [xq, wq, xzp, wzp], [int_out], name=G.fresh(name + '_quant')))
            has_c = len(node.input) > 2 and node.input[2] != ''
            product = G.fresh(node.output[0] + '_matmul') if has_c else node.output[0]
            scale_chain(out, name, int_out, xs, ws, product, factor=alpha)
            if has_c:
                c = G.constant(node.input[2])
                if c is not None:
                    c_name = G.add_init(node.input[2] + '_scaled', (c * np.float32(beta)).astype(np.float32)) if beta != 1.0 else node.input[2]
                else:
                    c_name = node.input[2]
                    if beta != 1.0:
                        c_name = G.fresh(node.input[2] + '_scaled')
                        out.append(helper.make_node('Mul', [node.input[2], G.add_init(name + '_beta', np.float32(beta))], [c_name]))
                out.append(helper.make_node('Add', [product, c_name], [node.output[0]], name=G.fresh(name + '_bias_add')))
            counts['Gemm'] += 1
        elif node.op_type == 'Gather' and gather:
            data = G.constant(node.input[0])
            if data is None or data.ndim < 2 or data.dtype != np.float32:
                out.append(node)
                continue
            # embedding tables: stored 8-bit, rows dequantised after the lookup
            dq_, ds, dzp = quantized_weight(node.input[0], data, None, weight_type)
            gathered = G.fresh(node.output[0] + '_quantized')
            out.append(helper.make_node('Gather', [dq_, node.input[1]], [gathered], name=G.fresh(name + '_quant'), axis=attr(node, 'axis', 0)))
            out.append(helper.make_node('DequantizeLinear', [gathered, G.add_init(node.input[0] + '_scale', np.float32(ds)), dzp], [node.output[0]], name=G.fresh(name + '_dequantize')))
            counts['Gather'] += 1
        elif node.op_type == 'Conv' and conv:
            w = G.constant(node.input[1])
            if w is None or w.dtype != np.float32:
                out.append(node)
                continue
            # per tensor always: onnxruntime's CPU ConvInteger rejects a per-channel weight zero point
            wq, ws, wzp = quantized_weight(node.input[1], w, None, weight_type)
            xq, xs, xzp = dynamic_quantize(node.input[0], out)
            int_out = G.fresh(node.output[0] + '_output_quantized')
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            out.append(helper.make_node('ConvInteger', [xq, wq, xzp, wzp], [int_out], name=G.fresh(name + '_quant'), **attrs))
            has_b = len(node.input) > 2 and node.input[2] != ''
            product = G.fresh(node.output[0] + '_conv') if has_b else node.output[0]
            scale_chain(out, name, int_out, xs, ws, product)
            if has_b:
                b = G.constant(node.input[2])
                shape = (-1,) + (1,) * (w.ndim - 2)
                if b is not None:
                    b_name = G.add_init(node.input[2] + '_reshaped', b.astype(np.float32).reshape(shape))
                else:
                    b_name = G.fresh(node.input[2] + '_reshaped')
                    out.append(helper.make_node('Reshape', [node.input[2], G.add_init(name + '_bias_shape', np.asarray(shape, dtype=np.int64))], [b_name]))
                out.append(helper.make_node('Add', [product, b_name], [node.output[0]], name=G.fresh(name + '_bias_add')))
            counts['Conv'] += 1
        else:
            out.append(node)
    del g.node[:]
    g.node.extend(new_nodes)
    drop_unused_initializers(g)
    return counts


# ----------------------------------------------------------------------------------------------- 4-bit weights

def quantize_q4(model: onnx.ModelProto, block_size: int, base_dir: str):
    G = Graph(model)
    G.base_dir = base_dir
    g = G.g
    cache = {}
    new_nodes = []
    count = 0
    for node in g.node:
        w = G.constant(node.input[1]) if node.op_type == 'MatMul' and node.domain in ('', 'ai.onnx') else None
        if w is None or w.ndim != 2 or w.dtype != np.float32:
            new_nodes.append(node)
            continue
        K, N = w.shape
        if node.input[1] not in cache:
            blocks = -(-K // block_size)
            padded = np.zeros((blocks * block_size, N), dtype=np.float32)
            padded[:K] = w
            wb = padded.T.reshape(N, blocks, block_size)  # [N, blocks, block]
            # symmetric: the value of largest magnitude maps to -8, zero point 8 (implicit)
            idx = np.argmax(np.abs(wb), axis=2)[..., None]
            vmax = np.take_along_axis(wb, idx, axis=2)
            scale = (vmax / -8.0).astype(np.float32)
            scale[scale == 0] = 1.0
            q = np.clip(np.rint(wb / scale) + 8, 0, 15).astype(np.uint8)
            packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)  # [N, blocks, block/2], low nibble first
            cache[node.input[1]] = (G.add_init(node.input[1] + '_Q4', packed), G.add_init(node.input[1] + '_scales', scale.reshape(N * blocks)))
        qb, sc = cache[node.input[1]]
        new_nodes.append(helper.make_node('MatMulNBits', [node.input[0], qb, sc], list(node.output), name=G.fresh((node.name or node.output[0]) + '_Q4'),
                                          domain=MS_DOMAIN, K=K, N=N, bits=4, block_size=block_size))
        count += 1
    del g.node[:]
    g.node.extend(new_nodes)
    drop_unused_initializers(g)
    if count:
        ensure_opset(model, MS_DOMAIN, 1)
    return {'MatMul': count}


# ----------------------------------------------------------------------------------------------- float16

def to_fp16_array(a: np.ndarray) -> np.ndarray:
    return np.clip(a, -FP16_MAX, FP16_MAX).astype(np.float16)


def convert_fp16(model: onnx.ModelProto, keep_io_types: bool):
    # Element types of every tensor of the float32 graph, for the ops that stay float32.
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        types[vi.name] = vi.type.tensor_type.elem_type
    for t in model.graph.initializer:
        types[t.name] = t.data_type
    G = Graph(model)
    g = G.g
    FLOAT, HALF = TensorProto.FLOAT, TensorProto.FLOAT16

    for t in g.initializer:
        if t.data_type == FLOAT:
            t.CopyFrom(numpy_helper.from_array(to_fp16_array(numpy_helper.to_array(t)), t.name))

    new_nodes = []
    io_in, io_out = {}, {}
    if keep_io_types:
        for i in g.input:
            if i.type.tensor_type.elem_type == FLOAT and i.name not in G.inits:
                io_in[i.name] = G.fresh(i.name + '_fp16')
                new_nodes.append(helper.make_node('Cast', [i.name], [io_in[i.name]], to=HALF, name=G.fresh('graph_input_cast_' + i.name)))
        for o in g.output:
            if o.type.tensor_type.elem_type == FLOAT:
                io_out[o.name] = G.fresh(o.name + '_fp16')
    else:
        for v in list(g.input) + list(g.output):
            if v.type.tensor_type.elem_type == FLOAT:
                v.type.tensor_type.elem_type = HALF

    def rename(name, mapping):
        return mapping.get(name, name)

    blocked = 0
    for node in g.node:
        node_inputs = [rename(rename(i, io_in), io_out) for i in node.input]  # an output may feed other nodes too
        node_outputs = [rename(o, io_out) for o in node.output]
        del node.input[:]
        node.input.extend(node_inputs)
        del node.output[:]
        node.output.extend(node_outputs)
        if node.domain in ('', 'ai.onnx'):
            for a in node.attribute:
                if node.op_type in ('Cast', 'EyeLike') and a.name in ('to', 'dtype') and a.i == FLOAT:
                    a.i = HALF
                if node.op_type in ('Constant', 'ConstantOfShape') and a.name == 'value' and a.t.data_type == FLOAT:
                    a.t.CopyFrom(numpy_helper.from_array(to_fp16_array(numpy_helper.to_array(a.t)), a.t.name))
                if node.op_type == 'Constant' and a.name in ('value_float', 'value_floats'):
                    raise SystemExit(f'fp16: Constant {node.name} with {a.name} is not handled')
        if node.op_type in FP16_BLOCK or node.domain not in ('', 'ai.onnx'):
            # float32 island: cast float16 inputs up and float32 outputs down
            blocked += 1

            def was_float(name, renamed):
                """Whether `name` (possibly renamed from a graph input or output) held float32 before the conversion."""
                return types.get(next((k for k, v in renamed if v == name), name)) == FLOAT

            ins = []
            for i in node.input:
                if was_float(i, list(io_in.items()) + list(io_out.items())):
                    up = G.fresh(i + '_fp32')
                    new_nodes.append(helper.make_node('Cast', [i], [up], to=FLOAT, name=G.fresh(i + '_cast_fp32')))
                    ins.append(up)
                else:
                    ins.append(i)
            del node.input[:]
            node.input.extend(ins)
            outs, casts = [], []
            for o in node.output:
                if was_float(o, io_out.items()):
                    raw = G.fresh(o + '_fp32')
                    casts.append(helper.make_node('Cast', [raw], [o], to=HALF, name=G.fresh(o + '_cast_fp16')))
                    outs.append(raw)
                else:
                    outs.append(o)
            del node.output[:]
            node.output.extend(outs)
            new_nodes.append(node)
            new_nodes.extend(casts)
            continue
        new_nodes.append(node)
    for name, half in io_out.items():
        new_nodes.append(helper.make_node('Cast', [half], [name], to=FLOAT, name=G.fresh('graph_output_cast_' + name)))
    del g.node[:]
    g.node.extend(new_nodes)
    # intermediate types are re-inferred by the runtime; stale float32 annotations would contradict the graph
    del g.value_info[:]
    for n in g.node:
        if any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for a in n.attribute):
            print(f'warning: fp16: the subgraph of {n.op_type} {n.name} is left in float32', file=sys.stderr)
    return {'blocked': blocked}


# ----------------------------------------------------------------------------------------------- driver

def save(model: onnx.ModelProto, path: str):
    model.producer_name = 'clip-eval tools/quantize-model.py'
    large = model.ByteSize() > 1_800_000_000
    if os.path.exists(path):
        os.remove(path)
    if large:
        data = os.path.basename(path) + '_data'
        if os.path.exists(os.path.join(os.path.dirname(path), data)):
            os.remove(os.path.join(os.path.dirname(path), data))
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=data)
        onnx.checker.check_model(path)
    else:
        onnx.save_model(model, path)
        onnx.checker.check_model(model)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split('\n\n', 1)[1])
    p.add_argument('src', help='model folder (HF / transformers.js layout)')
    p.add_argument('out', help='output folder (a copy of src plus the variants); may be src itself')
    p.add_argument('--variants', default='fp16,quantized', help=f'comma-separated, from {",".join(VARIANTS)} (default fp16,quantized)')
    p.add_argument('--graphs', default=','.join(GRAPH_BASES), help='graph base names under onnx/ (default: those present of vision_model,text_model,model)')
    p.add_argument('--fp16-io', action='store_true', help='fp16: float16 graph inputs and outputs instead of float32 ones behind Cast nodes')
    p.add_argument('--per-channel', action='store_true', help='8-bit: one scale (and zero point) per output column of MatMul / Gemm weights (Conv and embedding tables stay per tensor)')
    p.add_argument('--reduce-range', action='store_true', help='8-bit: 7-bit weights (for CPUs without VNNI where u8s8 products saturate)')
    p.add_argument('--int8-conv', action='store_true', help='int8: quantise Conv too (ConvInteger with int8 weights)')
    p.add_argument('--no-conv', action='store_true', help='8-bit: leave Conv in float32 (ConvInteger is often slower than a float Conv)')
    p.add_argument('--no-gather', action='store_true', help='8-bit: leave embedding tables (Gather on a constant) in float32')
    p.add_argument('--block-size', type=int, default=32, help='q4: weights per scale (a power of two >= 16; default 32)')
    args = p.parse_args()

    variants = [v for v in args.variants.split(',') if v]
    for v in variants:
        if v not in VARIANTS:
            p.error(f'unknown variant {v} (known: {", ".join(VARIANTS)})')
    src_onnx = os.path.join(args.src, 'onnx')
    graphs = [b for b in args.graphs.split(',') if b and os.path.isfile(os.path.join(src_onnx, b + '.onnx'))]
    if not graphs:
        p.error(f'no {"/".join(b + ".onnx" for b in GRAPH_BASES)} under {src_onnx}')
    if os.path.abspath(args.src) != os.path.abspath(args.out):
        shutil.copytree(args.src, args.out, dirs_exist_ok=True, ignore=shutil.ignore_patterns('.git'))
        for root, dirs, files in os.walk(args.out):  # copies of read-only files must stay writable for reruns
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)
    out_onnx = os.path.join(args.out, 'onnx')
    os.makedirs(out_onnx, exist_ok=True)

    for base in graphs:
        path = os.path.join(src_onnx, base + '.onnx')
        for v in variants:
            model = onnx.load(path)  # fresh copy, external data included
            has_conv = any(n.op_type == 'Conv' for n in model.graph.node)
            if v == 'fp16':
                info = convert_fp16(model, keep_io_types=not args.fp16_io)
            elif v == 'q4':
                info = quantize_q4(model, args.block_size, os.path.dirname(path))
            else:
                wtype = {'int8': 'int8', 'uint8': 'uint8', 'quantized': 'uint8' if has_conv else 'int8'}[v]
                conv = not args.no_conv and (wtype == 'uint8' or args.int8_conv)
                info = quantize_8bit(model, wtype, conv, not args.no_gather, args.per_channel, args.reduce_range, os.path.dirname(path))
                info = {'weights': wtype, **info}
            target = os.path.join(out_onnx, f'{base}{VARIANTS[v]}.onnx')
            save(model, target)
            print(f'{target}: {os.path.getsize(target) / 1e6:.2f} MB ({os.path.getsize(path) / 1e6:.2f} MB fp32) {info}')


if __name__ == '__main__':
    main()
