#!/usr/bin/python3
"""Tiny random-weight SigLIP, SigLIP 2, Chinese-CLIP and XLM-R CLIP models in the layouts of the public exports, with PyTorch goldens.

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

test/fixtures/models/siglip2-tiny/: SigLIP 2 at fixed resolution, as google's FixRes checkpoints and the
onnx-community exports of them are laid out: config.json model_type siglip (SiglipModel: only NaFlex is
Siglip2Model), the Gemma tokenizer fixture of test/text (tokenizer.json, tokenizer.model, tokenizer_config.json of
a GemmaTokenizer: no BOS, <eos> appended, <pad> to 64), SiglipImageProcessor with resample 2 (bilinear: the
second Pillow filter the HF processors name; not checked against a shipped SigLIP 2 preprocessor_config.json),
the towers and combined graph of siglip-tiny. Its golden ids are open_clip's cleaning (canonicalize_text(basic_clean))
then the tokenizer, which the shipped config does not do by itself.

test/fixtures/models/xlmr-clip-tiny/: open_clip's xlm-roberta-base-ViT-B-32 style with a clip-eval.json manifest
(open_clip has no standard ONNX layout): CLIP's ViT with OpenAI's transform (resize in the file's mode, centre
crop), an XLM-R-like text tower (RoBERTa positions from the non-pad ids, a block that reads the mask, open_clip's
MeanPooler over attention_mask, its "mlp" projection: the mask is required), the XLM-R tokenizer.json fixture
(fairseq offset, <s> ... </s>, <pad> = 1), a softmax head with CLIP's initial logit_scale in the manifest.

Each maker is seeded; name some to remake only those (chinese-clip, siglip, siglip2, xlmr), e.g.
  /usr/bin/python3 tools/make-family-models.py siglip2 xlmr
Reruns give byte-identical files.

The towers are plain torch (transformers is not installable here): a ViT patch embedding, one pre-norm block
and SigLIP's multihead-attention pooling head; a token + position embedding, one block, the final norm, the
last position and a linear head. Seeded: reruns give the same weights.

Run with Debian's python3-torch, python3-torchvision, python3-onnx, python3-numpy, python3-pil:
  /usr/bin/python3 tools/make-family-models.py
"""
import json
import os
import shutil
import sys

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
SIGLIP2_OUT = os.path.join(ROOT, 'test', 'fixtures', 'models', 'siglip2-tiny')
GEMMA_TOKENIZER = os.path.join(ROOT, 'test', 'text', 'fixtures', 'tokenizers', 'gemma')
XLMR_OUT = os.path.join(ROOT, 'test', 'fixtures', 'models', 'xlmr-clip-tiny')
XLMR_TOKENIZER = os.path.join(ROOT, 'test', 'text', 'fixtures', 'tokenizers', 'xlmr')


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


def hf_pixels(path, mean, std, resample=Image.BICUBIC):
    """transformers' processors (do_convert_rgb, resize to size with PIL's `resample`, rescale 1/255, normalise)."""
    img = Image.open(path).convert('RGB').resize((SIZE, SIZE), resample=resample)
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


def write_siglip_configs(out, vocab, resample, processor=None):
    """config.json of a SiglipModel (as SigLIP and google's fixed-resolution SigLIP 2 checkpoints both say) and
    preprocessor_config.json of a SiglipImageProcessor (squash to SIZE, `resample` as Pillow's code, mean/std 0.5)."""
    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump({
            'architectures': ['SiglipModel'], 'model_type': 'siglip',
            'text_config': {'model_type': 'siglip_text_model', 'hidden_size': WIDTH, 'max_position_embeddings': CONTEXT, 'vocab_size': vocab, 'num_hidden_layers': 1, 'num_attention_heads': HEADS},
            'vision_config': {'model_type': 'siglip_vision_model', 'hidden_size': WIDTH, 'image_size': SIZE, 'patch_size': PATCH, 'num_hidden_layers': 1, 'num_attention_heads': HEADS},
        }, f, indent=2)
    with open(os.path.join(out, 'preprocessor_config.json'), 'w') as f:
        json.dump({
            'image_processor_type': 'SiglipImageProcessor', **(processor or {}), 'do_resize': True, 'size': {'height': SIZE, 'width': SIZE}, 'resample': resample,
            'do_rescale': True, 'rescale_factor': 1 / 255, 'do_normalize': True, 'image_mean': [0.5, 0.5, 0.5], 'image_std': [0.5, 0.5, 0.5],
        }, f, indent=2)


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


def make_siglip():
    torch.manual_seed(13)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, 'onnx'))
    vocab = vocab_size()
    vision, text = Vision().eval(), Text(vocab).eval()
    combined = Combined(vision, text).eval()

    for name in ['spiece.model', 'tokenizer_config.json']:
        shutil.copy(os.path.join(TOKENIZER, name), os.path.join(OUT, name))
    write_siglip_configs(OUT, vocab, resample=3)

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


class XlmrText(nn.Module):
    """open_clip's HFTextEncoder over XLM-R (xlm-roberta-base-ViT-B-32): RoBERTa embeddings (positions counted
    from padding_idx + 1 over the non-pad ids), one encoder block that reads the attention mask, open_clip's
    MeanPooler over the mask ((x * mask).sum(1) / mask.sum(1)), and its "mlp" projection (two bias-free linears
    around a GELU)."""

    def __init__(self, vocab, context, pad_id):
        super().__init__()
        self.pad_id = pad_id
        self.tok = nn.Embedding(vocab, WIDTH, padding_idx=pad_id)
        self.pos = nn.Embedding(context + pad_id + 1, WIDTH, padding_idx=pad_id)
        self.ln = nn.LayerNorm(WIDTH, eps=1e-5)
        self.block = Block()
        hidden = (WIDTH + WIDTH) // 2
        self.proj1 = nn.Linear(WIDTH, hidden, bias=False)
        self.proj2 = nn.Linear(hidden, WIDTH, bias=False)

    def forward(self, input_ids, attention_mask):
        # transformers' create_position_ids_from_input_ids: cumsum over ids != padding_idx, offset by padding_idx.
        not_pad = input_ids.ne(self.pad_id).to(torch.int64)
        positions = torch.cumsum(not_pad, dim=1) * not_pad + self.pad_id
        x = self.block(self.ln(self.tok(input_ids) + self.pos(positions)), attention_mask)
        mask = attention_mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * mask).sum(dim=1) / mask.sum(dim=1)
        return self.proj2(nn.functional.gelu(self.proj1(pooled)))


def openai_pixels(path):
    """OpenAI CLIP's transform, as open_clip's ViT-B-32 uses it: Resize(shorter side, bicubic) and CenterCrop in
    the file's own mode (torchvision on PIL), then convert('RGB'), ToTensor, Normalize with OpenAI's mean/std."""
    from torchvision import transforms as T
    from torchvision.transforms import InterpolationMode

    img = T.CenterCrop(SIZE)(T.Resize(SIZE, interpolation=InterpolationMode.BICUBIC)(Image.open(path)))
    x = np.asarray(img.convert('RGB'), dtype=np.float32) * np.float32(1 / 255)
    x = (x - np.asarray(CLIP_MEAN, dtype=np.float32)) / np.asarray(CLIP_STD, dtype=np.float32)
    return x.transpose(2, 0, 1)


def tokenizer_json_vocab(path):
    tok = json.load(open(path))
    vocab = tok['model']['vocab']
    ids = list(vocab.values()) if isinstance(vocab, dict) else list(range(len(vocab)))
    return max(ids + [t['id'] for t in tok.get('added_tokens', [])]) + 1


def make_siglip2():
    """SigLIP 2 at fixed resolution as google's FixRes checkpoints and their onnx-community exports are laid out:
    config.json model_type siglip (SiglipModel; only NaFlex is Siglip2Model), the Gemma tokenizer
    (tokenizer.json, tokenizer.model, tokenizer_config.json of a GemmaTokenizer: no BOS, EOS appended, padded
    with <pad> to 64), SiglipImageProcessor with resample 2 (bilinear), text pooled at the last position, scale and
    bias in onnx/model.onnx. The golden ids are the Gemma fixture's: open_clip's canonicalize_text(basic_clean())
    first, which the shipped config does not do."""
    torch.manual_seed(2)
    out = SIGLIP2_OUT
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, 'onnx'))
    vocab = tokenizer_json_vocab(os.path.join(GEMMA_TOKENIZER, 'tokenizer.json'))
    vision, text = Vision().eval(), Text(vocab).eval()
    combined = Combined(vision, text).eval()
    for name in ['tokenizer.json', 'tokenizer.model', 'tokenizer_config.json']:
        shutil.copy(os.path.join(GEMMA_TOKENIZER, name), os.path.join(out, name))
    write_siglip_configs(out, vocab, resample=2, processor={'processor_class': 'SiglipProcessor'})
    golden_tok = json.load(open(os.path.join(GEMMA_TOKENIZER, 'golden.json')))
    assert golden_tok['canonicalize'] and golden_tok['contextLength'] == CONTEXT
    cases = [c for c in golden_tok['cases'] if c['input'].strip()][:GOLDEN_TEXTS]
    ids = torch.tensor([c['ids'] for c in cases], dtype=torch.int64)
    pixels = np.stack([hf_pixels(os.path.join(IMAGES, name), [0.5] * 3, [0.5] * 3, Image.BILINEAR) for name in GOLDEN_IMAGES])
    pix = torch.from_numpy(pixels)
    with torch.no_grad():
        export(vision, (pix[:1],), os.path.join(out, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['last_hidden_state', 'pooler_output'])
        export(text, (ids[:1],), os.path.join(out, 'onnx', 'text_model.onnx'), ['input_ids'], ['last_hidden_state', 'pooler_output'])
        export(combined, (ids[:2], pix[:1]), os.path.join(out, 'onnx', 'model.onnx'), ['input_ids', 'pixel_values'], ['logits_per_image', 'logits_per_text', 'text_embeds', 'image_embeds'])
        image_pooled = vision(pix)[1]
        text_pooled = text(ids)[1]
        logits_per_image = combined(ids, pix)[0]
    write_golden(out, 'SigLIP 2', GEMMA_TOKENIZER, golden_tok, cases, pixels, {
        'inputs': [c['input'] for c in cases],
        'logit_scale': float(np.exp(np.float32(LOGIT_SCALE))),
        'logit_bias': LOGIT_BIAS,
        'image_pooler_output': rounded(image_pooled.numpy()),
        'text_pooler_output': rounded(text_pooled.numpy()),
        'logits_per_image': rounded(logits_per_image.numpy(), 6),
    })


def make_xlmr_clip():
    """open_clip's xlm-roberta-base-ViT-B-32 style, with the clip-eval.json manifest (open_clip has no standard
    ONNX layout): onnx/vision_model.onnx (CLIP's ViT, OpenAI's transform) and onnx/text_model.onnx (input_ids,
    attention_mask -> text_embeds: the mask is required, the tower mean-pools over it), the XLM-R tokenizer.json
    fixture (fairseq offset, <s> ... </s>, padded with <pad> = 1), a softmax head with CLIP's logit_scale."""
    torch.manual_seed(77)
    out = XLMR_OUT
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, 'onnx'))
    golden_tok = json.load(open(os.path.join(XLMR_TOKENIZER, 'golden.json')))
    context, pad_id = golden_tok['contextLength'], golden_tok['padId']
    vocab = tokenizer_json_vocab(os.path.join(XLMR_TOKENIZER, 'tokenizer.json'))
    vision, text = ClipVision().eval(), XlmrText(vocab, context, pad_id).eval()
    for name in ['tokenizer.json', 'tokenizer_config.json']:
        shutil.copy(os.path.join(XLMR_TOKENIZER, name), os.path.join(out, name))
    scale = float(np.exp(np.float32(CLIP_LOGIT_SCALE)))
    with open(os.path.join(out, 'clip-eval.json'), 'w') as f:
        json.dump({
            'family': 'clip',
            'vision': {'file': 'onnx/vision_model.onnx', 'input': 'pixel_values', 'output': 'image_embeds'},
            'text': {'file': 'onnx/text_model.onnx', 'input': 'input_ids', 'attention_mask': 'attention_mask', 'output': 'text_embeds'},
            'preprocess': {'size': SIZE, 'resize_size': SIZE, 'resize_mode': 'shortest', 'interpolation': 'bicubic', 'mean': CLIP_MEAN, 'std': CLIP_STD},
            'tokenizer': {'tokenizer_json': 'tokenizer.json', 'kind': 'tokenizer-json', 'config': 'tokenizer_config.json'},
            'context_length': context,
            'scoring': {'logit_scale': scale},
        }, f, indent=2)
    # Texts open_clip's HFTokenizer cleaning (whitespace_clean(basic_clean(text))) leaves as they are: the
    # fixture's ids are those of the raw text (PreTrainedTokenizerFast), which clip-eval feeds.
    cases = [c for c in golden_tok['cases'] if c['text'] and c['text'] == ' '.join(c['text'].split()) and '&' not in c['text']][:GOLDEN_TEXTS]
    ids = torch.tensor([c['ids'] for c in cases], dtype=torch.int64)
    mask = torch.tensor([c['attention_mask'] for c in cases], dtype=torch.int64)
    pixels = np.stack([openai_pixels(os.path.join(IMAGES, name)) for name in GOLDEN_IMAGES])
    pix = torch.from_numpy(pixels)
    with torch.no_grad():
        export(vision, (pix[:1],), os.path.join(out, 'onnx', 'vision_model.onnx'), ['pixel_values'], ['image_embeds'])
        export(text, (ids[:2], mask[:2]), os.path.join(out, 'onnx', 'text_model.onnx'), ['input_ids', 'attention_mask'], ['text_embeds'])
        image_embeds = vision(pix)
        text_embeds = text(ids, mask)
        unmasked = text(ids, torch.ones_like(mask))
        image = image_embeds / image_embeds.norm(dim=-1, keepdim=True)
        texts = text_embeds / text_embeds.norm(dim=-1, keepdim=True)
        logits_per_image = image @ texts.t() * scale
    write_golden(out, 'XLM-R CLIP', XLMR_TOKENIZER, golden_tok, cases, pixels, {
        'attention_mask': [c['attention_mask'] for c in cases],
        'logit_scale': scale,
        'image_embeds': rounded(image_embeds.numpy()),
        'text_embeds': rounded(text_embeds.numpy()),
        'text_embeds_unmasked': rounded(unmasked.numpy()),
        'logits_per_image': rounded(logits_per_image.numpy(), 6),
    })


MAKERS = {'chinese-clip': make_chinese_clip, 'siglip': make_siglip, 'siglip2': make_siglip2, 'xlmr': make_xlmr_clip}


def main(argv):
    """All fixture folders, or the ones named (chinese-clip, siglip, siglip2, xlmr)."""
    unknown = [name for name in argv if name not in MAKERS]
    if unknown:
        raise SystemExit('unknown fixture %s; expected some of %s' % (', '.join(unknown), ', '.join(MAKERS)))
    for name in argv or MAKERS:
        MAKERS[name]()


if __name__ == '__main__':
    main(sys.argv[1:])
