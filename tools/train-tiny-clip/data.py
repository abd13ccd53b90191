"""Reads the rendered emoji-shift suite (manifest.json + PNGs written by src/datasets/emoji) into arrays."""
import hashlib
import json
import os

import numpy as np
from PIL import Image

# Each family's normalisation (OpenAI CLIP's; SigLIP's 0.5): the harness applies the same from preprocessor_config.json.
NORMALIZATION = {
    "clip": ((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711)),
    "siglip": ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
}


def load_manifest(root):
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def load_images(root, split, cache_dir):
    """uint8 [N, S, S, 3] in manifest order, cached by the split's item hashes (a rebuilt split reloads)."""
    items = split["items"]
    key = hashlib.sha1("".join(i["sha1"] for i in items).encode()).hexdigest()[:16]
    path = os.path.join(cache_dir, f"images-{key}.npy")
    if os.path.exists(path):
        return np.load(path)
    # The images are already the model's input size: the harness' resize is then the identity, as here.
    arr = np.stack([np.asarray(Image.open(os.path.join(root, i["file"])).convert("RGB")) for i in items])
    os.makedirs(cache_dir, exist_ok=True)
    np.save(path, arr)
    return arr


def to_tensor(batch_uint8, family="clip"):
    import torch

    x = torch.from_numpy(batch_uint8).permute(0, 3, 1, 2).float().div_(255)
    mean, std = (torch.tensor(v).view(1, 3, 1, 1) for v in NORMALIZATION[family])
    return (x - mean) / std
