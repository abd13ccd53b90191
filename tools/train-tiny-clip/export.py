"""Export the trained model in the Hugging Face / transformers.js folder layout, with its model card
(the CLIP layout here; the SigLIP layout in export_siglip.py)."""
import json
import os

import torch

import bpe
from data import NORMALIZATION

OPSET = 17


class Vision(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        pooled = self.model.visual(pixel_values)
        return self.model.visual_projection(pooled), pooled


class Text(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode_text(input_ids, attention_mask)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")


def special(content):
    return {"content": content, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True}


GOLDEN_TEXTS = [
    "an emoji of a dog.", "a photo of a red apple.", "the word \"banana\".", "a sticker of a flag of Côte d'Ivoire.",
    "five o'clock", "woman health worker: medium-dark skin tone", "a rendering of the suspicious person.",
    "Clip art of a HOT DOG!!", "x", "a very long caption that goes on and on well past the context length of this model "
    "so that truncation keeps the start and end tokens",
]


def golden_pixels(size):
    """A deterministic input both languages can build: sin(0.01 i) over the flattened [2, 3, S, S] tensor."""
    import numpy as np

    return torch.from_numpy(np.sin(np.arange(2 * 3 * size * size) * 0.01).astype(np.float32).reshape(2, 3, size, size))


def golden_folder(name):
    folder = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", name)
    os.makedirs(folder, exist_ok=True)
    return folder


def write_card_and_metrics(out, summary, manifest):
    write_json(os.path.join(out, "training_metrics.json"), summary)
    from card import model_card

    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(model_card(summary, manifest, out))


@torch.no_grad()
def write_golden(model, tokenizer, size):
    """Reference values from PyTorch for test/datasets/emoji/tiny-clip.test.ts (ONNX parity, tokenizer parity)."""
    model.eval()  # batch norm with its running statistics, as exported (torch.onnx.export restores the mode it found)
    ids = torch.tensor([tokenizer.encode(t) for t in GOLDEN_TEXTS])
    pooled = model.visual(golden_pixels(size))
    write_json(os.path.join(golden_folder("tiny-clip"), "golden.json"), {
        "made_by": "tools/train-tiny-clip/export.py", "texts": GOLDEN_TEXTS, "ids": ids.tolist(),
        "text_embeds": [[round(v, 6) for v in row] for row in model.encode_text(ids).tolist()],
        "pixels": "sin(0.01 * i) over the flattened [2, 3, S, S] float32 tensor",
        "image_embeds": [[round(v, 6) for v in row] for row in model.visual_projection(pooled).tolist()],
        "pooler_output": [[round(v, 6) for v in row] for row in pooled.tolist()],
    })


def export(model, tokenizer, tokenizer_state, args, summary, manifest):
    """Writes the model folder of the model's family (args.out), its goldens and its card."""
    if model.family == "siglip":
        from export_siglip import export_siglip

        export_siglip(model, tokenizer, tokenizer_state, args, summary, manifest)
    else:
        export_clip(model, tokenizer, tokenizer_state, args, summary, manifest)


def export_clip(model, tokenizer, tokenizer_state, args, summary, manifest):
    out = args.out
    vocab, merges = tokenizer_state["vocab"], tokenizer_state["merges"]
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    model.eval()
    size = manifest["options"]["size"]
    pixels = torch.zeros(2, 3, size, size)
    ids = torch.zeros(2, args.context, dtype=torch.long)
    ids[:, 0], ids[:, 1] = vocab[bpe.START], vocab[bpe.END]
    torch.onnx.export(Vision(model), (pixels,), os.path.join(out, "onnx", "vision_model.onnx"), opset_version=OPSET,
                      input_names=["pixel_values"], output_names=["image_embeds", "pooler_output"],
                      dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}, "pooler_output": {0: "batch_size"}})
    torch.onnx.export(Text(model), (ids, torch.ones_like(ids)), os.path.join(out, "onnx", "text_model.onnx"), opset_version=OPSET,
                      input_names=["input_ids", "attention_mask"], output_names=["text_embeds"],
                      dynamic_axes={"input_ids": {0: "batch_size"}, "attention_mask": {0: "batch_size"}, "text_embeds": {0: "batch_size"}})
    bpe.save(vocab, merges, out)
    start, end = vocab[bpe.START], vocab[bpe.END]
    text = model.text
    embed_dim = model.visual_projection.out_features
    write_json(os.path.join(out, "config.json"), {
        "_name_or_path": "tiny-clip",
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": embed_dim,
        "logit_scale_init_value": 2.6592,
        "logit_scale": round(float(model.logit_scale.detach()), 6),
        "torch_dtype": "float32",
        "text_config": {
            "model_type": "clip_text_model", "vocab_size": len(vocab), "max_position_embeddings": args.context,
            "bos_token_id": start, "eos_token_id": end, "pad_token_id": end, "hidden_size": text.width,
            "intermediate_size": 4 * text.width, "num_hidden_layers": len(text.blocks),
            "num_attention_heads": text.blocks[0].heads, "hidden_act": "gelu", "projection_dim": embed_dim,
        },
        "vision_config": {
            "model_type": "tiny_clip_cnn", "image_size": size, "num_channels": 3,
            "stage_widths": [s[0].out_channels for s in list(model.visual.body)[::2]],
            "hidden_size": model.visual.width, "projection_dim": embed_dim,
        },
        "generation": {
            "source": "tools/train-tiny-clip (this repository)", "seed": args.seed, "onnx_opset": OPSET,
            "embeddings": "projected, NOT L2-normalised", "pooler_output": "image tower features before the projection",
        },
    })
    write_json(os.path.join(out, "preprocessor_config.json"), {
        "crop_size": {"height": size, "width": size}, "do_center_crop": True, "do_convert_rgb": True, "do_normalize": True,
        "do_rescale": True, "do_resize": True, "image_mean": list(NORMALIZATION["clip"][0]), "image_processor_type": "CLIPImageProcessor",
        "image_std": list(NORMALIZATION["clip"][1]), "resample": 3, "rescale_factor": 1 / 255, "size": {"shortest_edge": size},
    })
    write_json(os.path.join(out, "special_tokens_map.json"), {
        "bos_token": special(bpe.START), "eos_token": special(bpe.END), "unk_token": special(bpe.END), "pad_token": bpe.END,
    })
    write_json(os.path.join(out, "tokenizer_config.json"), {
        "add_prefix_space": False, "bos_token": {**special(bpe.START), "__type": "AddedToken"},
        "eos_token": {**special(bpe.END), "__type": "AddedToken"}, "unk_token": {**special(bpe.END), "__type": "AddedToken"},
        "pad_token": bpe.END, "do_lower_case": True, "errors": "replace", "model_max_length": args.context,
        "tokenizer_class": "CLIPTokenizer",
    })
    write_golden(model, tokenizer, size)
    write_card_and_metrics(out, summary, manifest)
