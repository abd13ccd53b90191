#!/usr/bin/python3
"""Tiny random-weight SigLIP and Chinese-CLIP models in the layouts of the public exports, with PyTorch goldens.

Writes test/fixtures/models/siglip-tiny/ as the onnx-community / transformers.js SigLIP exports are laid out:
  config.json                 model_type siglip (text_config / vision_config as transformers writes them)
  preprocessor_config.json    SiglipImageProcessor: squash to size.height x size.width, bicubic, mean/std 0.5
  tokenizer_config.json, spiece.model
                              the SentencePiece fixture of test/text/fixtures/tokenizers/siglip (SiglipTokenizer)
  onnx/vision_model.onnx      pixel_values -> last_hidden_state, pooler_output (attention-pooling head)
  onnx/text_model.onnx (+ text_model.onnx_data, external weights)
                              input_ids -> last_hidden_state, pooler_output (no attention mask; pooled at the
                              last position, as SiglipTextTransformer does)
  onnx/model.onnx             input_ids, pixel_values -> logits_per_image, logits_per_text, text_embeds, image_embeds
                              (logits = exp(logit_scale) x cosine + logit_bias, the trained parameters as initialisers)
  golden.json                 texts and their ids (the text fixture's SiglipTokenizer goldens), images and the
                              text/image pooler_output, the logits, logit_scale (exp'd) and logit_bias from PyTorch
  pixels.npy                  [N, 3, 32, 32] float32: SiglipImageProcessor's steps (convert('RGB'), PIL resize
                              to 32x32 bicubic, x / 255, (x - 0.5) / 0.5) on the golden images

test/fixtures/models/chinese-clip-tiny/ likewise, in the HF layout of a CLIP-style export: config.json
model_type chinese_clip, ChineseCLIPImageProcessor (squash, RGB first, OpenAI's mean/std), the BERT WordPiece
tokenizer.json fixture of test/text, onnx/text_model.onnx (input_ids, attention_mask -> text_embeds: the mask
matters, [CLS] pooling), onnx/vision_model.onnx (-> image_embeds), onnx/model.onnx (logit_scale, no bias).

The towers are plain torch (transformers is not installable here): a ViT patch embedding, one pre-norm block
and SigLIP's multihead-attention pooling head; a token + position embedding, one block, the final norm, the
last position and a linear head. Seeded: reruns give the same weights.

Run with Debian's python3-torch, python3-onnx, python3-numpy, python3-pil:
  /usr/bin/python3 tools/make-family-models.py
"""
import json
import os
import shutil

import numpy as np
import onnx
import torch
from PIL import Image
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'models', 'siglip-tiny')
TOKENIZER = os.path.join(ROOT, 'test', 'text', 'fixtures', 'tokenizers', 'siglip')
IMAGES = os.path.join(ROOT, 'test', 'fixtures', 'image', 'images')
GOLDEN_IMAGES = ['photo_640x427.jpg', 'palette_trns_70x50.png', 'rgba_onepass_48x100.png', 'cmyk_40x30.jpg', 'la_alpha_60x60.png']
GOLDEN_TEXTS = 8

SIZE = 32
PATCH = 8
WIDTH = 32
HEADS = 2
CONTEXT = 64
LOGIT_SCALE = np.log(10.0)  # SigLIP's init: log 10
LOGIT_BIAS = -10.0
CLIP_LOGIT_SCALE = np.log(1 / 0.07)  # CLIP's init
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
CHINESE_CLIP_OUT = os.path.join(ROOT, 'test', 'fixtures', 'models', 'chinese-clip-tiny')
BERT_TOKENIZER = os.path.join(ROOT, 'test', 'text', 'fixtures', 'tokenizers', 'bert')


def attend(q, k, v, mask=None):
    """Scaled dot-product attention over [batch, heads, tokens, head width]; `mask` [batch, tokens] 0 = padding."""
    scores = q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5
    if mask is not None:
        # As BERT's extended attention mask: (1 - mask) x the float's minimum added to the scores.
        scores = scores + (1.0 - mask[:, None, None, :].to(scores.dtype)) * torch.finfo(scores.dtype).min
    return torch.softmax(scores, dim=-1) @ v


def add_mlp(module):
    """The norm and MLP both blocks end with (module.ln, fc1, fc2)."""
    module.ln = nn.LayerNorm(WIDTH, eps=1e-6)
    module.fc1 = nn.Linear(WIDTH, 4 * WIDTH)
    module.fc2 = nn.Linear(4 * WIDTH, WIDTH)


def mlp_residual(module, y, ln):
    return y + module.fc2(nn.functional.gelu(module.fc1(ln(y)), approximate='tanh'))


class Block(nn.Module):
    """Pre-norm transformer block (SiglipEncoderLayer): attention and MLP, each with a residual."""

    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(WIDTH, eps=1e-6)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.proj = nn.Linear(WIDTH, WIDTH)
        add_mlp(self)

    def forward(self, x, mask=None):
        b, n, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).reshape(b, n, 3, HEADS, d // HEADS).permute(2, 0, 3, 1, 4)
        x = x + self.proj(attend(q, k, v, mask).transpose(1, 2).reshape(b, n, d))
        return mlp_residual(self, x, self.ln)


class PoolingHead(nn.Module):
    """SiglipMultiheadAttentionPoolingHead: a learned probe attends over the tokens, then norm + MLP residual."""

    def __init__(self):
        super().__init__()
        self.probe = nn.Parameter(torch.randn(1, 1, WIDTH))
        self.q = nn.Linear(WIDTH, WIDTH)
        self.kv = nn.Linear(WIDTH, 2 * WIDTH)
        self.proj = nn.Linear(WIDTH, WIDTH)
        add_mlp(self)

    def forward(self, x):
        b, n, d = x.shape
        h = HEADS
        q = self.q(self.probe.expand(b, 1, d)).reshape(b, 1, h, d // h).transpose(1, 2)
        k, v = self.kv(x).reshape(b, n, 2, h, d // h).permute(2, 0, 3, 1, 4)
        y = self.proj(attend(q, k, v).transpose(1, 2).reshape(b, 1, d))
        return mlp_residual(self, y, self.ln)[:, 0]


class Vision(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, WIDTH, PATCH, PATCH)
        self.pos = nn.Parameter(torch.randn(1, (SIZE // PATCH) ** 2, WIDTH) * 0.1)
        self.block = Block()
        self.post_ln = nn.LayerNorm(WIDTH, eps=1e-6)
        self.head = PoolingHead()

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2) + self.pos
        x = self.post_ln(self.block(x))
        return x, self.head(x)


class Text(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.tok = nn.Embedding(vocab, WIDTH)
        self.pos = nn.Parameter(torch.randn(1, CONTEXT, WIDTH) * 0.1)
        self.block = Block()
        self.final_ln = nn.LayerNorm(WIDTH, eps=1e-6)
        self.head = nn.Linear(WIDTH, WIDTH)

    def forward(self, input_ids):
        x = self.final_ln(self.block(self.tok(input_ids) + self.pos))
        # SiglipTextTransformer: pooled_output = last_hidden_state[:, -1, :], then the head.
        return x, self.head(x[:, -1, :])


class Combined(nn.Module):
    def __init__(self, vision, text):
        super().__init__()
        self.vision = vision
        self.text = text
        self.logit_scale = nn.Parameter(torch.tensor([LOGIT_SCALE], dtype=torch.float32))
        self.logit_bias = nn.Parameter(torch.tensor([LOGIT_BIAS], dtype=torch.float32))

    def forward(self, input_ids, pixel_values):
        image = self.vision(pixel_values)[1]
        text = self.text(input_ids)[1]
        image = image / image.norm(p=2, dim=-1, keepdim=True)
        text = text / text.norm(p=2, dim=-1, keepdim=True)
        logits_per_text = text @ image.t() * self.logit_scale.exp() + self.logit_bias
        return logits_per_text.t(), logits_per_text, text, image


class ClipVision(nn.Module):
    """CLIP's vision tower (ChineseCLIPVisionTransformer): class token, pre-norm, a block, post-norm, projection."""

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, WIDTH, PATCH, PATCH, bias=False)
        self.cls = nn.Parameter(torch.randn(1, 1, WIDTH))
        self.pos = nn.Parameter(torch.randn(1, (SIZE // PATCH) ** 2 + 1, WIDTH) * 0.1)
        self.pre_ln = nn.LayerNorm(WIDTH)
        self.block = Block()
        self.post_ln = nn.LayerNorm(WIDTH)
        self.projection = nn.Linear(WIDTH, WIDTH, bias=False)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, WIDTH), x], dim=1) + self.pos
        x = self.block(self.pre_ln(x))
        return self.projection(self.post_ln(x[:, 0]))


class BertText(nn.Module):
    """Chinese-CLIP's text tower: a BERT-like encoder that reads the attention mask, pooled at [CLS], projected."""

    def __init__(self, vocab, context):
        super().__init__()
        self.tok = nn.Embedding(vocab, WIDTH)
        self.pos = nn.Parameter(torch.randn(1, context, WIDTH) * 0.1)
        self.ln = nn.LayerNorm(WIDTH, eps=1e-12)
        self.block = Block()
        self.projection = nn.Linear(WIDTH, WIDTH, bias=False)

    def forward(self, input_ids, attention_mask):
        x = self.block(self.ln(self.tok(input_ids) + self.pos), attention_mask)
        return self.projection(x[:, 0, :])


class ClipCombined(nn.Module):
    def __init__(self, vision, text):
        super().__init__()
        self.vision = vision
        self.text = text
        self.logit_scale = nn.Parameter(torch.tensor([CLIP_LOGIT_SCALE], dtype=torch.float32))

    def forward(self, input_ids, pixel_values, attention_mask):
        image = self.vision(pixel_values)
        text = self.text(input_ids, attention_mask)
        image = image / image.norm(p=2, dim=-1, keepdim=True)
        text = text / text.norm(p=2, dim=-1, keepdim=True)
        logits_per_text = text @ image.t() * self.logit_scale.exp()
        return logits_per_text.t(), logits_per_text, text, image


def hf_pixels(path, mean, std):
    """transformers' processors (do_convert_rgb, resize to size with PIL bicubic, rescale 1/255, normalise)."""
    img = Image.open(path).convert('RGB').resize((SIZE, SIZE), resample=Image.BICUBIC)
    x = np.asarray(img, dtype=np.float32) * np.float32(1 / 255)
    x = (x - np.asarray(mean, dtype=np.float32)) / np.asarray(std, dtype=np.float32)
    return x.transpose(2, 0, 1)


def siglip_pixels(path):
    """SiglipImageProcessor.preprocess: convert_rgb, resize (PIL, bicubic) to size, rescale 1/255, normalise 0.5."""
    return hf_pixels(path, [0.5] * 3, [0.5] * 3)


def vocab_size():
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor()
    sp.Load(os.path.join(TOKENIZER, 'spiece.model'))
    return sp.GetPieceSize()


def export(module, args, path, inputs, outputs, external=False):
    dynamic = {name: {0: 'batch_size'} for name in inputs + outputs}
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic, opset_version=14, do_constant_folding=True)
    if external:
        model = onnx.load(path)
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=os.path.basename(path) + '_data', size_threshold=0)


def rounded(rows, digits=7):
    return [[round(float(v), digits) for v in row] for row in rows]


def write_golden(out, family, tokenizer_dir, golden_tok, cases, pixels, outputs):
    """pixels.npy and golden.json (texts, ids, images, then the model's outputs) of one fixture folder."""
    np.save(os.path.join(out, 'pixels.npy'), pixels.astype('<f4'))
    golden = {
        'reference': 'PyTorch %s (plain-torch %s-like towers, tools/make-family-models.py); ids from %s/golden.json (%s)' % (torch.__version__, family, os.path.relpath(tokenizer_dir, ROOT), golden_tok['reference']),
        'images': GOLDEN_IMAGES,
        'texts': [c['text'] for c in cases],
        'ids': [c['ids'] for c in cases],
        **outputs,
    }
    with open(os.path.join(out, 'golden.json'), 'w') as f:
        json.dump(golden, f, indent=1)
        f.write('\n')
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, files in os.walk(out) for n in files)
    print('wrote', out, total, 'bytes')


def make_chinese_clip():
    """Chinese-CLIP in the HF layout: the text graph takes attention_mask, the towers give *_embeds."""
    torch.manual_seed(52)
    out = CHINESE_CLIP_OUT
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, 'onnx'))
    tok = json.load(open(os.path.join(BERT_TOKENIZER, 'tokenizer.json')))
    vocab = max(list(tok['model']['vocab'].values()) + [t['id'] for t in tok.get('added_tokens', [])]) + 1
    golden_tok = json.load(open(os.path.join(BERT_TOKENIZER, 'golden.json')))
    context = golden_tok['contextLength']
    vision, text = ClipVision().eval(), BertText(vocab, context).eval()
    combined = ClipCombined(vision, text).eval()
    for name in ['tokenizer.json', 'tokenizer_config.json']:
        shutil.copy(os.path.join(BERT_TOKENIZER, name), os.path.join(out, name))
    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump({
            'architectures': ['ChineseCLIPModel'], 'model_type': 'chinese_clip', 'projection_dim': WIDTH,
            'text_config': {'model_type': 'chinese_clip_text_model', 'hidden_size': WIDTH, 'max_position_embeddings': context, 'vocab_size': vocab},
            'vision_config': {'model_type': 'chinese_clip_vision_model', 'hidden_size': WIDTH, 'image_size': SIZE, 'patch_size': PATCH},
        }, f, indent=2)
    with open(os.path.join(out, 'preprocessor_config.json'), 'w') as f:
        # Chinese-CLIP squashes to the square (its own transform: Resize((224, 224))), no crop.
        json.dump({
            'image_processor_type': 'ChineseCLIPImageProcessor', 'do_resize': True, 'size': {'height': SIZE, 'width': SIZE}, 'resample': 3,
            'do_center_crop': False, 'crop_size': {'height': SIZE, 'width': SIZE}, 'do_rescale': True, 'rescale_factor': 1 / 255,
            'do_normalize': True, 'image_mean': CLIP_MEAN, 'image_std': CLIP_STD, 'do_convert_rgb': True,
        }, f, indent=2)
    cases = [c for c in golden_tok['cases'] if c['text'].strip()][:GOLDEN_TEXTS]
    ids = torch.tensor([c['ids'] for c in cases], dtype=torch.int64)
    mask = torch.tensor([c['attention_mask'] for c in cases], dtype=torch.int64)
    pixels = np.stack([hf_pixels(os.path.join(IMAGES, name), CLIP_MEAN, CLIP_STD) for name in GOLDEN_IMAGES])
    pix = torch.from_numpy(pixels)
    with torch.no_grad():
        export(vision, (pix[:1],), os.path.join(out, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['image_embeds'])
        export(text, (ids[:2], mask[:2]), os.path.join(out, 'onnx', 'text_model.onnx'), ['input_ids', 'attention_mask'], ['text_embeds'])
        export(combined, (ids[:2], pix[:1], mask[:2]), os.path.join(out, 'onnx', 'model.onnx'), ['input_ids', 'pixel_values', 'attention_mask'], ['logits_per_image', 'logits_per_text', 'text_embeds', 'image_embeds'])
        image_embeds = vision(pix)
        text_embeds = text(ids, mask)
        unmasked = text(ids, torch.ones_like(mask))
        logits_per_image = combined(ids, pix, mask)[0]
    write_golden(out, 'Chinese-CLIP', BERT_TOKENIZER, golden_tok, cases, pixels, {
        'attention_mask': [c['attention_mask'] for c in cases],
        'logit_scale': float(np.exp(np.float32(CLIP_LOGIT_SCALE))),
        'image_embeds': rounded(image_embeds.numpy()),
        'text_embeds': rounded(text_embeds.numpy()),
        'text_embeds_unmasked': rounded(unmasked.numpy()),
        'logits_per_image': rounded(logits_per_image.numpy(), 6),
    })


def main():
    make_chinese_clip()
    torch.manual_seed(13)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, 'onnx'))
    vocab = vocab_size()
    vision, text = Vision().eval(), Text(vocab).eval()
    combined = Combined(vision, text).eval()

    for name in ['spiece.model', 'tokenizer_config.json']:
        shutil.copy(os.path.join(TOKENIZER, name), os.path.join(OUT, name))
    with open(os.path.join(OUT, 'config.json'), 'w') as f:
        json.dump({
            'architectures': ['SiglipModel'], 'model_type': 'siglip',
            'text_config': {'model_type': 'siglip_text_model', 'hidden_size': WIDTH, 'max_position_embeddings': CONTEXT, 'vocab_size': vocab, 'num_hidden_layers': 1, 'num_attention_heads': HEADS},
            'vision_config': {'model_type': 'siglip_vision_model', 'hidden_size': WIDTH, 'image_size': SIZE, 'patch_size': PATCH, 'num_hidden_layers': 1, 'num_attention_heads': HEADS},
        }, f, indent=2)
    with open(os.path.join(OUT, 'preprocessor_config.json'), 'w') as f:
        json.dump({
            'image_processor_type': 'SiglipImageProcessor', 'do_resize': True, 'size': {'height': SIZE, 'width': SIZE}, 'resample': 3,
            'do_rescale': True, 'rescale_factor': 1 / 255, 'do_normalize': True, 'image_mean': [0.5, 0.5, 0.5], 'image_std': [0.5, 0.5, 0.5],
        }, f, indent=2)

    golden_tok = json.load(open(os.path.join(TOKENIZER, 'golden.json')))
    cases = [c for c in golden_tok['cases'] if c['text'].strip()][:GOLDEN_TEXTS]
    ids = torch.tensor([c['ids'] for c in cases], dtype=torch.int64)
    pixels = np.stack([siglip_pixels(os.path.join(IMAGES, name)) for name in GOLDEN_IMAGES])
    pix = torch.from_numpy(pixels)

    with torch.no_grad():
        export(vision, (pix[:1],), os.path.join(OUT, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['last_hidden_state', 'pooler_output'])
        export(text, (ids[:1],), os.path.join(OUT, 'onnx', 'text_model.onnx'), ['input_ids'], ['last_hidden_state', 'pooler_output'], external=True)
        export(combined, (ids[:2], pix[:1]), os.path.join(OUT, 'onnx', 'model.onnx'), ['input_ids', 'pixel_values'], ['logits_per_image', 'logits_per_text', 'text_embeds', 'image_embeds'])
        image_pooled = vision(pix)[1]
        text_pooled = text(ids)[1]
        logits_per_image = combined(ids, pix)[0]

    write_golden(OUT, 'SigLIP', TOKENIZER, golden_tok, cases, pixels, {
        'logit_scale': float(np.exp(np.float32(LOGIT_SCALE))),
        'logit_bias': LOGIT_BIAS,
        'image_pooler_output': rounded(image_pooled.numpy()),
        'text_pooler_output': rounded(text_pooled.numpy()),
        'logits_per_image': rounded(logits_per_image.numpy(), 6),
    })


if __name__ == '__main__':
    main()
