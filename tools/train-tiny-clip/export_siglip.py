"""Export the SigLIP-family model in the layout of the onnx-community / transformers.js SigLIP exports:
onnx/vision_model.onnx and onnx/text_model.onnx (-> last_hidden_state, pooler_output; the text graph takes no
attention mask), the combined onnx/model.onnx (-> logits_per_image, logits_per_text, text_embeds, image_embeds)
from which the harness reads the scale and bias, config.json (model_type siglip), a SiglipImageProcessor
preprocessor_config.json, spiece.model and the tokenizer_config.json of a SiglipTokenizer."""
import os

import torch
import torch.nn.functional as F

import spiece
from data import NORMALIZATION
from export import GOLDEN_TEXTS, OPSET, golden_folder, golden_pixels, write_card_and_metrics, write_json


def effective_scale(model):
    """The multiplier training used (its clamp included), so that the export scores exactly as trained."""
    return model.logit_scale.exp().clamp(max=100)


class Vision(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        features = self.model.visual.body(pixel_values)
        pooled = self.model.visual_projection(features.mean(dim=(2, 3)))
        return features.flatten(2).transpose(1, 2), pooled


class Text(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        hidden = self.model.text.hidden(input_ids)
        return hidden, self.model.text_projection(hidden[:, -1])


class Combined(torch.nn.Module):
    """SiglipModel.forward: logits_per_text = exp(logit_scale) x cosine + logit_bias."""

    def __init__(self, model):
        super().__init__()
        self.vision, self.text = Vision(model), Text(model)
        self.register_buffer("scale", effective_scale(model).detach().reshape(1))
        self.register_buffer("bias", model.logit_bias.detach().reshape(1))

    def forward(self, input_ids, pixel_values):
        image = F.normalize(self.vision(pixel_values)[1], dim=-1)
        text = F.normalize(self.text(input_ids)[1], dim=-1)
        logits_per_text = text @ image.t() * self.scale + self.bias
        return logits_per_text.t(), logits_per_text, text, image


def onnx_export(module, args, path, inputs, outputs, axes=None):
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=inputs, output_names=outputs,
                      dynamic_axes=axes or {name: {0: "batch_size"} for name in inputs + outputs})


# The combined graph takes as many texts as it likes beside the images: each side has its own batch axis.
COMBINED_AXES = {"input_ids": {0: "text_batch"}, "pixel_values": {0: "image_batch"}, "text_embeds": {0: "text_batch"},
                 "image_embeds": {0: "image_batch"}, "logits_per_image": {0: "image_batch", 1: "text_batch"},
                 "logits_per_text": {0: "text_batch", 1: "image_batch"}}


@torch.no_grad()
def write_golden(model, tokenizer, size):
    """PyTorch reference values for test/datasets/emoji/tiny-siglip.test.ts: ids, both pooler_outputs, logits."""
    model.eval()  # batch norm with its running statistics, as exported (the exports leave their wrappers' mode behind)
    ids = torch.tensor([tokenizer.encode(t) for t in GOLDEN_TEXTS])
    pixels = golden_pixels(size)
    rounded = lambda m, digits=6: [[round(v, digits) for v in row] for row in m.tolist()]
    write_json(os.path.join(golden_folder("tiny-siglip"), "golden.json"), {
        "made_by": "tools/train-tiny-clip/export_siglip.py", "texts": GOLDEN_TEXTS, "ids": ids.tolist(),
        "pixels": "sin(0.01 * i) over the flattened [2, 3, S, S] float32 tensor",
        "text_pooler_output": rounded(Text(model)(ids)[1]),
        "image_pooler_output": rounded(Vision(model)(pixels)[1]),
        "logit_scale": float(effective_scale(model)), "logit_bias": float(model.logit_bias),
        "logits_per_image": rounded(Combined(model)(ids, pixels)[0], 5),
    })


def export_siglip(model, tokenizer, tokenizer_state, args, summary, manifest):
    out = args.out
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    model.eval()
    size = manifest["options"]["size"]
    pixels = torch.zeros(2, 3, size, size)
    ids = torch.tensor([tokenizer.encode("a"), tokenizer.encode("b")])
    onnx_export(Vision(model), (pixels,), os.path.join(out, "onnx", "vision_model.onnx"), ["pixel_values"], ["last_hidden_state", "pooler_output"])
    onnx_export(Text(model), (ids,), os.path.join(out, "onnx", "text_model.onnx"), ["input_ids"], ["last_hidden_state", "pooler_output"])
    three = torch.tensor([tokenizer.encode(t) for t in "abc"])  # unequal batches, so the trace keeps the two axes apart
    onnx_export(Combined(model), (three, pixels), os.path.join(out, "onnx", "model.onnx"), ["input_ids", "pixel_values"],
                ["logits_per_image", "logits_per_text", "text_embeds", "image_embeds"], COMBINED_AXES)
    with open(os.path.join(out, "spiece.model"), "wb") as f:
        f.write(tokenizer_state["spiece"])
    text, embed_dim = model.text, model.visual_projection.out_features
    write_json(os.path.join(out, "config.json"), {
        "_name_or_path": "tiny-siglip",
        "architectures": ["SiglipModel"],
        "model_type": "siglip",
        "torch_dtype": "float32",
        "text_config": {
            "model_type": "siglip_text_model", "vocab_size": tokenizer.vocab_size, "max_position_embeddings": args.context,
            "pad_token_id": spiece.EOS_ID, "eos_token_id": spiece.EOS_ID, "hidden_size": text.width,
            "intermediate_size": 4 * text.width, "num_hidden_layers": len(text.blocks),
            "num_attention_heads": text.blocks[0].heads, "hidden_act": "gelu", "projection_size": embed_dim,
        },
        "vision_config": {
            "model_type": "tiny_clip_cnn", "image_size": size, "num_channels": 3,
            "stage_widths": [s[0].out_channels for s in list(model.visual.body)[::2]],
            "hidden_size": model.visual.width, "projection_size": embed_dim,
        },
        "generation": {
            "source": "tools/train-tiny-clip --family siglip (this repository)", "seed": args.seed, "onnx_opset": OPSET,
            "embeddings": "pooler_output, NOT L2-normalised", "scoring": "read from onnx/model.onnx (logit_scale, logit_bias)",
        },
    })
    mean, std = NORMALIZATION["siglip"]
    write_json(os.path.join(out, "preprocessor_config.json"), {
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": list(mean),
        "image_processor_type": "SiglipImageProcessor", "image_std": list(std), "processor_class": "SiglipProcessor",
        "resample": 3, "rescale_factor": 1 / 255, "size": {"height": size, "width": size},
    })
    write_json(os.path.join(out, "special_tokens_map.json"), {"eos_token": "</s>", "pad_token": "</s>", "unk_token": "<unk>"})
    write_json(os.path.join(out, "tokenizer_config.json"), spiece.tokenizer_config(args.context))
    write_golden(model, tokenizer, size)
    write_card_and_metrics(out, summary, manifest)
