/**
 * Serialises a small ONNX model (protobuf wire format, field numbers from onnx/onnx.proto) so that the probe's
 * kernels ship as TypeScript rather than as a binary file the build would have to copy next to dist/.
 * Only what those graphs need: float/int64 tensors with named (dynamic) or fixed dims, int and int-list
 * attributes, and int64 initialisers.
 */

export type ElemType = 'float32' | 'float64' | 'int64';

export interface ValueSpec {
  readonly name: string;
  readonly type: ElemType;
  /** A number for a fixed dim, a string for a symbolic one. */
  readonly dims: readonly (number | string)[];
}

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, number | readonly number[]>>;
}

export interface GraphSpec {
  readonly name: string;
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly nodes: readonly NodeSpec[];
  readonly int64Constants?: Readonly<Record<string, readonly number[]>>;
  readonly opset: number;
}

const ELEM_TYPE: Record<ElemType, number> = { float32: 1, float64: 11, int64: 7 };
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
// IR version 8 reads opsets up to 18; every onnxruntime since 1.14 loads it.
const IR_VERSION = 8;

/** Protobuf writer: varints, length-delimited fields and nested messages. */
class Writer {
  private readonly bytes: number[] = [];

  varint(value: number | bigint): this {
    // Negative int64 values are ten-byte two's complement varints.
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  int(field: number, value: number): this {
    return this.varint(field << 3).varint(value);
  }

  bytesField(field: number, value: Uint8Array): this {
    this.varint((field << 3) | 2).varint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function valueInfo(w: Writer, value: ValueSpec): void {
  w.string(1, value.name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, ELEM_TYPE[value.type]).message(2, (shape) => {
        for (const d of value.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

function node(w: Writer, spec: NodeSpec, index: number): void {
  for (const i of spec.inputs) w.string(1, i);
  for (const o of spec.outputs) w.string(2, o);
  w.string(3, `${spec.op}_${index}`).string(4, spec.op);
  for (const [name, value] of Object.entries(spec.attributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      if (typeof value === 'number') a.int(3, value).int(20, ATTRIBUTE_INT);
      else {
        for (const v of value) a.int(8, v);
        a.int(20, ATTRIBUTE_INTS);
      }
    });
  }
}

export function encodeModel(graph: GraphSpec): Uint8Array {
  return new Writer()
    .int(1, IR_VERSION)
    .string(2, 'clip-eval')
    .message(7, (g) => {
      graph.nodes.forEach((n, i) => g.message(1, (w) => node(w, n, i)));
      g.string(2, graph.name);
      for (const [name, values] of Object.entries(graph.int64Constants ?? {})) {
        g.message(5, (t) => {
          t.int(1, values.length).int(2, ELEM_TYPE.int64);
          for (const v of values) t.int(7, v);
          t.string(8, name);
        });
      }
      for (const input of graph.inputs) g.message(11, (w) => valueInfo(w, input));
      for (const output of graph.outputs) g.message(12, (w) => valueInfo(w, output));
    })
    .message(8, (o) => o.string(1, '').int(2, graph.opset))
    .finish();
}
