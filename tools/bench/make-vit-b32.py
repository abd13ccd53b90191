#!/usr/bin/env python3
"""Writes a ViT-B/32-shaped CLIP with random weights in the HF ONNX layout, for throughput benchmarks.

Image tower: OpenAI's ViT-B/32 shape (224 px, patch 32, width 768, 12 layers, 12 heads, 512-d projection),
~88M parameters, ~350 MB. Text tower: CLIP's shape with 2 layers instead of 12 (the benchmark measures
images; the text side only builds the classifier). Random weights, seed 0: for speed, not accuracy.
Usage: /usr/bin/python3 tools/bench/make-vit-b32.py OUT_DIR [--shared-vocab DIR]
"""
import json
import os
import shutil
import sys

import torch
from torch import nn


class Attention(nn.Module):
    """Plain multi-head attention (torch's fused eval path does not export to ONNX)."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)

    def forward(self, x, mask):
        b, n, w = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / (w // self.heads) ** 0.5
        if mask is not None:
            scores = scores + mask
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))


class Block(nn.Module):
    def __init__(self, width, heads, causal_len=None):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, width * 4), nn.GELU(), nn.Linear(width * 4, width))
        self.mask = None if causal_len is None else torch.full((causal_len, causal_len), float('-inf')).triu(1)

    def forward(self, x):
        h = self.ln_1(x)
        x = x + self.attn(h, self.mask)
        return x + self.mlp(self.ln_2(x))


class Vision(nn.Module):
    def __init__(self, size=224, patch=32, width=768, layers=12, heads=12, out=512):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(width) * width ** -0.5)
        self.positional_embedding = nn.Parameter(torch.randn((size // patch) ** 2 + 1, width) * width ** -0.5)
        self.ln_pre = nn.LayerNorm(width)
        self.blocks = nn.Sequential(*[Block(width, heads) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(torch.randn(width, out) * width ** -0.5)

    def forward(self, pixel_values):
        x = self.conv1(pixel_values).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.blocks(self.ln_pre(x))
        return self.ln_post(x[:, 0]) @ self.proj


class Text(nn.Module):
    def __init__(self, vocab=49408, context=77, width=512, layers=2, heads=8, out=512):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context, width) * 0.01)
        self.blocks = nn.Sequential(*[Block(width, heads, context) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.randn(width, out) * width ** -0.5)

    def forward(self, input_ids, attention_mask):
        x = self.blocks(self.token_embedding(input_ids) + self.positional_embedding)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), input_ids.argmax(dim=-1)] @ self.text_projection


def main():
    out = sys.argv[1]
    vocab_dir = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == '--shared-vocab' else None
    torch.manual_seed(0)
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    batch = {0: 'batch_size'}
    with torch.no_grad():
        torch.onnx.export(Vision().eval(), (torch.randn(1, 3, 224, 224),), os.path.join(out, 'onnx', 'vision_model.onnx'),
                          input_names=['pixel_values'], output_names=['image_embeds'],
                          dynamic_axes={'pixel_values': batch, 'image_embeds': batch}, opset_version=17)
        ids = torch.zeros(1, 77, dtype=torch.long)
        ids[0, 0], ids[0, 1] = 49406, 49407
        torch.onnx.export(Text().eval(), (ids, torch.ones_like(ids)), os.path.join(out, 'onnx', 'text_model.onnx'),
                          input_names=['input_ids', 'attention_mask'], output_names=['text_embeds'],
                          dynamic_axes={'input_ids': batch, 'attention_mask': batch, 'text_embeds': batch}, opset_version=17)
    if vocab_dir:
        for f in ('vocab.json', 'merges.txt'):
            shutil.copy(os.path.join(vocab_dir, f), os.path.join(out, f))
    with open(os.path.join(out, 'preprocessor_config.json'), 'w') as f:
        json.dump({'size': {'shortest_edge': 224}, 'crop_size': {'height': 224, 'width': 224}, 'do_center_crop': True, 'resample': 3,
                   'image_mean': [0.48145466, 0.4578275, 0.40821073], 'image_std': [0.26862954, 0.26130258, 0.27577711]}, f, indent=1)


if __name__ == '__main__':
    main()
