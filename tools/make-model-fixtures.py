#!/usr/bin/env python3
"""Builds the tiny ONNX model folders the loader tests use (test/fixtures/models/), deterministically.

Each is a toy CLIP-shaped dual encoder (not a real CLIP; only the IO contracts matter here):
  combined/        one model.onnx: input_ids, pixel_values, attention_mask -> text_embeds, image_embeds
  hf-fp16/         onnx/{vision,text}_model.onnx plus *_fp16.onnx variants whose IO is float16
  manifest/        open_clip-style names (image -> image_features, text int32 -> text_features) + clip-eval.json
  width-mismatch/  image embeddings 16-d, text embeddings 12-d (must be refused)
  wrong-io/        vision graph whose input is named 'image' in an HF layout (must be refused)
All share a 300-token byte-level BPE vocabulary (vocab.json + merges.txt) made here.
Run: /usr/bin/python3 tools/make-model-fixtures.py   (torch, onnx from Debian)
"""
import json
import os
import shutil

import torch
import onnx
from onnx import numpy_helper

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'models')
SIZE = 32
CONTEXT = 16
torch.manual_seed(0)


def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def vocabulary():
    chars = bytes_to_unicode()
    tokens = chars + [c + '</w>' for c in chars]
    merges = [('a', 'b'), ('c', 'a'), ('ca', 't</w>'), ('d', 'o'), ('do', 'g</w>')]
    tokens += [a + b for a, b in merges]
    tokens += ['<|startoftext|>', '<|endoftext|>']
    return {t: i for i, t in enumerate(tokens)}, merges


class Vision(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 4, stride=4)
        self.proj = torch.nn.Linear(8, width)

    def forward(self, pixel_values):
        return self.proj(self.conv(pixel_values).mean(dim=(2, 3)))


class Text(torch.nn.Module):
    def __init__(self, vocab_size, width):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab_size, 8)
        self.proj = torch.nn.Linear(8, width)

    def forward(self, input_ids):
        # CLIP pools at the end token, which has the largest id: argmax finds it.
        x = torch.cumsum(self.embed(input_ids), dim=1)
        pooled = x[torch.arange(x.shape[0]), input_ids.argmax(dim=-1)]
        return self.proj(pooled)


class Combined(torch.nn.Module):
    def __init__(self, vision, text):
        super().__init__()
        self.vision = vision
        self.text = text

    def forward(self, input_ids, pixel_values, attention_mask):
        return self.text(input_ids), self.vision(pixel_values)


def export(module, args, path, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic, opset_version=17)


def write_common(folder, vocab, merges, size=SIZE):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'vocab.json'), 'w') as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, 'merges.txt'), 'w') as f:
        f.write('#version: 0.2\n' + ''.join(f'{a} {b}\n' for a, b in merges))
    with open(os.path.join(folder, 'preprocessor_config.json'), 'w') as f:
        json.dump({'size': {'shortest_edge': size}, 'crop_size': {'height': size, 'width': size}, 'do_center_crop': True,
                   'resample': 3, 'image_mean': [0.5, 0.5, 0.5], 'image_std': [0.25, 0.25, 0.25]}, f, indent=1)
    with open(os.path.join(folder, 'tokenizer_config.json'), 'w') as f:
        json.dump({'model_max_length': CONTEXT}, f)


def to_fp16_io(src, dst):
    """Casts every float initializer and float graph input/output to float16 (a plain fp16 export)."""
    model = onnx.load(src)
    for init in model.graph.initializer:
        if init.data_type == onnx.TensorProto.FLOAT:
            init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init).astype('float16'), init.name))
    for value in list(model.graph.input) + list(model.graph.output) + list(model.graph.value_info):
        if value.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
            value.type.tensor_type.elem_type = onnx.TensorProto.FLOAT16
    for node in model.graph.node:
        for attr in node.attribute:
            if attr.name == 'value' and attr.t.data_type == onnx.TensorProto.FLOAT:
                attr.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(attr.t).astype('float16'), attr.t.name))
    onnx.save(model, dst)


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    vocab, merges = vocabulary()
    ids = torch.randint(0, 200, (2, CONTEXT))
    ids[:, -1] = len(vocab) - 1
    px = torch.randn(2, 3, SIZE, SIZE)
    batch = {0: 'batch'}

    vision, text = Vision(16), Text(len(vocab), 16)
    folder = os.path.join(OUT, 'combined')
    write_common(folder, vocab, merges)
    export(Combined(vision, text), (ids, px, torch.ones_like(ids)), os.path.join(folder, 'onnx', 'model.onnx'),
           ['input_ids', 'pixel_values', 'attention_mask'], ['text_embeds', 'image_embeds'],
           {'input_ids': {0: 'text_batch'}, 'pixel_values': {0: 'image_batch'}, 'attention_mask': {0: 'text_batch'},
            'text_embeds': {0: 'text_batch'}, 'image_embeds': {0: 'image_batch'}})

    folder = os.path.join(OUT, 'hf-fp16')
    write_common(folder, vocab, merges)
    export(vision, (px,), os.path.join(folder, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['image_embeds'], {'pixel_values': batch, 'image_embeds': batch})
    export(text, (ids,), os.path.join(folder, 'onnx', 'text_model.onnx'), ['input_ids'], ['text_embeds'], {'input_ids': batch, 'text_embeds': batch})
    for name in ('vision_model', 'text_model'):
        to_fp16_io(os.path.join(folder, 'onnx', f'{name}.onnx'), os.path.join(folder, 'onnx', f'{name}_fp16.onnx'))

    folder = os.path.join(OUT, 'manifest')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'vocab.json'), 'w') as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, 'merges.txt'), 'w') as f:
        f.write('#version: 0.2\n' + ''.join(f'{a} {b}\n' for a, b in merges))

    class Int32Text(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, text):
            return self.inner(text.long())

    export(vision, (px,), os.path.join(folder, 'visual.onnx'), ['image'], ['image_features'], {'image': batch, 'image_features': batch})
    export(Int32Text(text), (ids.int(),), os.path.join(folder, 'textual.onnx'), ['text'], ['text_features'], {'text': batch, 'text_features': batch})
    with open(os.path.join(folder, 'clip-eval.json'), 'w') as f:
        json.dump({'vision': {'file': 'visual.onnx', 'input': 'image', 'output': 'image_features'},
                   'text': {'file': 'textual.onnx', 'input': 'text', 'attention_mask': None, 'output': 'text_features'},
                   'preprocess': {'size': SIZE, 'resize_size': SIZE, 'resize_mode': 'squash', 'interpolation': 'bilinear',
                                  'mean': [0.5, 0.5, 0.5], 'std': [0.5, 0.5, 0.5]},
                   'tokenizer': {'vocab': 'vocab.json', 'merges': 'merges.txt'}, 'context_length': CONTEXT, 'pad_id': 0}, f, indent=1)

    folder = os.path.join(OUT, 'width-mismatch')
    write_common(folder, vocab, merges)
    export(Vision(16), (px,), os.path.join(folder, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['image_embeds'], {'pixel_values': batch, 'image_embeds': batch})
    export(Text(len(vocab), 12), (ids,), os.path.join(folder, 'onnx', 'text_model.onnx'), ['input_ids'], ['text_embeds'], {'input_ids': batch, 'text_embeds': batch})

    folder = os.path.join(OUT, 'wrong-io')
    write_common(folder, vocab, merges)
    export(vision, (px,), os.path.join(folder, 'onnx', 'vision_model.onnx'), ['image'], ['image_embeds'], {'image': batch, 'image_embeds': batch})
    export(text, (ids,), os.path.join(folder, 'onnx', 'text_model.onnx'), ['input_ids'], ['text_embeds'], {'input_ids': batch, 'text_embeds': batch})


if __name__ == '__main__':
    main()
