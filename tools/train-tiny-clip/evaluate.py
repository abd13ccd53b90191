"""Zero-shot evaluation as the harness does it: per class, encode every template, L2-normalise, average,
normalise again; predict the class of largest cosine similarity. Also the selection of the ensemble's templates
by greedy forward selection on held-out images, as `clip-eval templates` does it (tasks/template-compare)."""
import collections
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from data import load_images, to_tensor

TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "..", "src", "prompts", "templates")
# The ensemble set zero-shot uses and the candidates its templates were selected from (select-templates.py).
SELECTED, CANDIDATES, SELECTION_SPLIT = "emoji", "emoji-candidates", "train"


def templates(name):
    with open(os.path.join(TEMPLATES, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def write_templates(name, template_list):
    with open(os.path.join(TEMPLATES, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump(template_list, f, indent=2, ensure_ascii=False)
        f.write("\n")


def candidates_of(name):
    """The candidate list a set was selected from (`emoji` -> `emoji-candidates`), or the set itself."""
    return CANDIDATES if name == SELECTED else name


@torch.no_grad()
def image_features(model, images, batch=512):
    out = [F.normalize(model.encode_image(to_tensor(images[i:i + batch], model.family)), dim=-1) for i in range(0, len(images), batch)]
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


def greedy_select(feats, labels, emb, template_list):
    """Greedy forward selection, as the harness' template comparison does it: start from the best single template,
    add the one that most raises accuracy, stop when none raises it; ties go to the earlier candidate."""
    feats, emb = feats.double(), emb.double()
    scores = torch.einsum("nd,tcd->tnc", feats, emb)
    sum_scores = torch.zeros_like(scores[0])
    sum_weights = torch.zeros_like(emb[0])
    chosen, steps, current = [], [], -1.0
    while True:
        best_t, best_acc = -1, -1.0
        for t in range(len(template_list)):
            if t in chosen:
                continue
            norms = (sum_weights + emb[t]).norm(dim=-1)
            norms[norms == 0] = 1
            acc = accuracy(((sum_scores + scores[t]) / norms).argmax(dim=1), labels)
            if acc > best_acc:
                best_t, best_acc = t, acc
        if best_t < 0 or best_acc <= current:
            return steps
        chosen.append(best_t)
        current = best_acc
        steps.append({"template": template_list[best_t], "top1": best_acc})
        sum_weights += emb[best_t]
        sum_scores += scores[best_t]


def select_templates(model, tokenizer, root, name, split, cache_dir, candidates=CANDIDATES):
    """The ensemble chosen from `candidates` on split `name` (held-out images, not a test split), with its trace."""
    model.eval()
    feats = image_features(model, load_images(root, split, cache_dir))
    labels = torch.tensor([i["label"] for i in split["items"]])
    cands = templates(candidates)
    emb = prompt_embeddings(model, tokenizer, split["classnames"], cands)
    steps = greedy_select(feats, labels, emb, cands)
    per_template = [accuracy((feats @ classifier(emb[i:i + 1]).t()).argmax(dim=1), labels) for i in range(len(cands))]
    return {
        "tool": "tools/train-tiny-clip/select-templates.py (greedy forward selection, as clip-eval templates)",
        "split": name, "n": len(labels), "candidates": candidates, "candidate_count": len(cands),
        "selected": [s["template"] for s in steps], "steps": steps, "top1_per_candidate": dict(zip(cands, per_template)),
    }


def evaluate_split(model, tokenizer, root, name, split, cache_dir):
    """top-1 with the set's first template (the demo's single-template figure) and with the ensemble; every
    candidate template alone; attribute breakdowns (of the ensemble's predictions)."""
    model.eval()
    images = load_images(root, split, cache_dir)
    labels = torch.tensor([i["label"] for i in split["items"]])
    feats = image_features(model, images)
    tpl = templates(split["templates"])
    cands = templates(candidates_of(split["templates"]))
    every = cands + [t for t in tpl if t not in cands]
    result = {"n": len(labels), "classes": len(split["classnames"]), "chance": 1 / len(split["classnames"])}
    emb = prompt_embeddings(model, tokenizer, split["classnames"], every)
    pred = (feats @ classifier(emb[[every.index(t) for t in tpl]]).t()).argmax(dim=1)
    result["templates"] = split["templates"]
    result["template_count"] = len(tpl)
    result["top1_ensemble"] = accuracy(pred, labels)
    per_template = [accuracy((feats @ classifier(emb[i:i + 1]).t()).argmax(dim=1), labels) for i in range(len(every))]
    result["top1_single"] = per_template[every.index(tpl[0])]
    result["single_template"] = tpl[0]
    result["top1_per_template"] = dict(zip(every, per_template))
    if every != tpl:
        result["top1_all_candidates"] = accuracy((feats @ classifier(emb[:len(cands)]).t()).argmax(dim=1), labels)
    best = max(range(len(every)), key=lambda i: per_template[i])
    result["best_single_template"] = every[best]
    result["top1_best_single"] = per_template[best]
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
