"""Zero-shot evaluation as the harness does it: per class, encode every template, L2-normalise, average,
normalise again; predict the class of largest cosine similarity."""
import collections
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from data import load_images, to_tensor

TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "..", "src", "prompts", "templates")


def templates(name):
    with open(os.path.join(TEMPLATES, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


@torch.no_grad()
def image_features(model, images, batch=512):
    out = [F.normalize(model.encode_image(to_tensor(images[i:i + batch])), dim=-1) for i in range(0, len(images), batch)]
    return torch.cat(out)


@torch.no_grad()
def prompt_embeddings(model, tokenizer, classnames, template_list, batch=1024):
    """[templates, classes, D] L2-normalised text embeddings, encoded in large batches."""
    ids = torch.tensor([tokenizer.encode(t.replace("{}", name)) for t in template_list for name in classnames])
    emb = torch.cat([F.normalize(model.encode_text(ids[i:i + batch]), dim=-1) for i in range(0, len(ids), batch)])
    return emb.view(len(template_list), len(classnames), -1)


def classifier(embeddings):
    """The zero-shot weights of a set of templates: mean of normalised embeddings, normalised again."""
    return F.normalize(embeddings.mean(dim=0), dim=-1)


def accuracy(pred, labels, mask=None):
    hit = pred == labels
    if mask is not None:
        hit = hit[mask]
    return float(hit.float().mean()) if len(hit) else float("nan")


def evaluate_split(model, tokenizer, root, name, split, cache_dir):
    """top-1 with the first template and with the ensemble; per-template on request; attribute breakdowns."""
    model.eval()
    images = load_images(root, split, cache_dir)
    labels = torch.tensor([i["label"] for i in split["items"]])
    feats = image_features(model, images)
    tpl = templates(split["templates"])
    result = {"n": len(labels), "classes": len(split["classnames"]), "chance": 1 / len(split["classnames"])}
    emb = prompt_embeddings(model, tokenizer, split["classnames"], tpl)
    pred = (feats @ classifier(emb).t()).argmax(dim=1)
    result["top1_ensemble"] = accuracy(pred, labels)
    per_template = [accuracy((feats @ classifier(emb[i:i + 1]).t()).argmax(dim=1), labels) for i in range(len(tpl))]
    result["top1_single"] = per_template[0]
    result["single_template"] = tpl[0]
    result["top1_per_template"] = dict(zip(tpl, per_template))
    attrs = [i["attrs"] for i in split["items"]]
    for key in ("vendor", "font_seen", "subset", "tone", "gender"):
        values = sorted({a[key] for a in attrs if key in a})
        if values:
            result[f"by_{key}"] = {v: accuracy(pred, labels, torch.tensor([a.get(key) == v for a in attrs])) for v in values}
    if "categories" in split:
        cats = np.array(split["categories"])[pred.numpy()]
        result["predicted_category"] = {}
        for key in ("tone", "gender"):
            for v in sorted({a[key] for a in attrs}):
                mask = np.array([a[key] == v for a in attrs])
                counts = collections.Counter(cats[mask])
                result["predicted_category"][f"{key}={v}"] = {c: counts[c] / mask.sum() for c in ("human", "non-human", "crime")}
    return result
