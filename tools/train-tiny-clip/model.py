"""A small dual encoder as in CLIP: a CNN image tower, a causal Transformer text tower pooled at the end token,
linear projections into a shared space, and a learned temperature.

family="siglip" gives the second embedded model the shape SigLIP was trained with: a bidirectional text tower
pooled at the last position (SiglipTextTransformer; the tokenizer pads every text to the context length), a
learned bias beside the temperature, and the pairwise sigmoid loss (Zhai et al. 2023) instead of InfoNCE."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ImageTower(nn.Module):
    """Four stages of two 3x3 convolutions, each stage halving the resolution; global average pooling."""

    def __init__(self, widths=(32, 64, 128, 256)):
        super().__init__()
        layers, cin = [], 3
        for w in widths:
            layers += [conv_bn(cin, w, stride=2), conv_bn(w, w)]
            cin = w
        self.body = nn.Sequential(*layers)
        self.width = cin

    def forward(self, x):
        return self.body(x).mean(dim=(2, 3))


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask):
        b, n, w = x.shape
        q, k, v = self.qkv(self.ln_1(x)).reshape(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(w // self.heads) + mask
        y = (att.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, w)
        x = x + self.out(y)
        return x + self.mlp(self.ln_2(x))


class TextTower(nn.Module):
    def __init__(self, vocab_size, context_length, width=128, layers=3, heads=4, causal=True):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, width)
        self.positional_embedding = nn.Parameter(torch.randn(context_length, width) * 0.01)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width)
        mask = torch.full((context_length, context_length), float("-inf")).triu(1) if causal else torch.zeros(context_length, context_length)
        self.register_buffer("mask", mask, persistent=False)
        self.causal = causal
        self.width = width
        nn.init.normal_(self.token_embedding.weight, std=0.02)

    def hidden(self, ids):
        x = self.token_embedding(ids) + self.positional_embedding
        for block in self.blocks:
            x = block(x, self.mask)
        return self.ln_final(x)

    def forward(self, ids, attention_mask=None):
        x = self.hidden(ids)
        if not self.causal:
            # SigLIP: every text is padded to the context length, and the last position attends to all of it.
            return x[:, -1]
        if attention_mask is not None:
            # Zeroes the padding; the end token (mask 1) and, through the causal mask, its features are unchanged.
            x = x * attention_mask.unsqueeze(-1).to(x.dtype)
        # The end token has the largest id, so argmax finds it whatever the padding (0 or the end token).
        return x[torch.arange(x.shape[0]), ids.argmax(dim=-1)]


class TinyClip(nn.Module):
    def __init__(self, vocab_size, context_length, embed_dim=128, widths=(32, 64, 128, 256), text_width=128, text_layers=3, text_heads=4, family="clip"):
        super().__init__()
        self.family = family
        siglip = family == "siglip"
        self.visual = ImageTower(widths)
        self.text = TextTower(vocab_size, context_length, text_width, text_layers, text_heads, causal=not siglip)
        self.visual_projection = nn.Linear(self.visual.width, embed_dim, bias=False)
        self.text_projection = nn.Linear(text_width, embed_dim, bias=False)
        # SigLIP's initialisation: temperature 10 and bias -10, so that the many negative pairs start near 0.
        self.logit_scale = nn.Parameter(torch.tensor(math.log(10.0) if siglip else math.log(1 / 0.07)))
        self.logit_bias = nn.Parameter(torch.tensor(-10.0)) if siglip else None

    def encode_image(self, pixels):
        return self.visual_projection(self.visual(pixels))

    def encode_text(self, ids, attention_mask=None):
        return self.text_projection(self.text(ids, attention_mask))

    def forward(self, pixels, ids):
        img = F.normalize(self.encode_image(pixels), dim=-1)
        txt = F.normalize(self.encode_text(ids), dim=-1)
        scale = self.logit_scale.exp().clamp(max=100)
        logits = scale * img @ txt.t()
        if self.family == "siglip":
            # +1 on the diagonal (matching pairs), -1 elsewhere; summed over pairs, averaged over images.
            signs = 2 * torch.eye(len(logits)) - 1
            return -F.logsigmoid(signs * (logits + self.logit_bias)).sum() / len(logits)
        target = torch.arange(len(logits))
        return (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2
