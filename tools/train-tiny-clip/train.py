"""Train the embedded tiny CLIP on the emoji-shift corpus, select its prompt ensemble on the `train` split,
evaluate it zero-shot on every test split, export it.

    npm run build && node tools/train-tiny-clip/build-suite.mjs
    /usr/bin/python3 tools/train-tiny-clip/train.py                   # train, select, evaluate, export
    /usr/bin/python3 tools/train-tiny-clip/train.py --evaluate-only   # the same from the saved checkpoint
    /usr/bin/python3 tools/train-tiny-clip/train.py --family siglip   # the second model, models/tiny-siglip

--family siglip trains the same towers with SigLIP's sigmoid loss and its own SentencePiece tokenizer and
exports them in the SigLIP layout; it reports the `emoji` selection but leaves emoji.json (tiny-clip's) alone.

Seeded; on 2 CPU cores the default run takes about 20-40 minutes. See README.md beside this file.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch

import bpe
import spiece
from captions import Captioner
from data import load_images, load_manifest, to_tensor
from evaluate import CANDIDATES, SELECTED, SELECTION_SPLIT, evaluate_split, select_templates, templates, write_templates
from model import TinyClip

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
TONES = ["default", "light", "medium-light", "medium", "medium-dark", "dark"]
FAMILIES = {"clip": {"context": 24}, "siglip": {"context": 32}}
EVAL_SPLITS = ["id", "clean", "v2", "rendition", "sketch", "objectnet", "ocr", "fine-grained", "fairness"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--family", choices=sorted(FAMILIES), default="clip")
    p.add_argument("--suite", default=os.path.join(REPO, ".cache", "train-tiny-clip", "suite"))
    p.add_argument("--work", help="checkpoint folder (default .cache/train-tiny-<family>)")
    p.add_argument("--out", help="model folder (default models/tiny-<family>)")
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=0.05)
    p.add_argument("--warmup", type=int, default=150)
    p.add_argument("--vocab", type=int, default=4096, help="largest vocabulary the tokenizer may learn")
    p.add_argument("--context", type=int, help="context length (default 24 for clip, 32 for siglip)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-export", action="store_true")
    p.add_argument("--evaluate-only", action="store_true",
                   help="skip training: load WORK/checkpoint.pt (its training settings), select templates, evaluate, "
                        "export; the training time is kept from WORK/metrics.json")
    args = p.parse_args()
    family = FAMILIES[args.family]
    args.work = args.work or os.path.join(REPO, ".cache", f"train-tiny-{args.family}")
    args.out = args.out or os.path.join(REPO, "models", f"tiny-{args.family}")
    args.context = args.context or family["context"]
    return args


def arrays_dir(args):
    """The suite's images as arrays, shared by both families (they train on the same corpus)."""
    return os.path.join(os.path.dirname(os.path.abspath(args.suite)), "arrays")


def learn_tokenizer(family, captions, args):
    """The family's tokenizer learned from the captions: (encoder, what the checkpoint keeps to rebuild it)."""
    if family == "siglip":
        state = {"spiece": spiece.learn(captions, args.vocab)}
    else:
        vocab, merges = bpe.learn(captions, args.vocab)
        state = {"vocab": vocab, "merges": merges}
    return tokenizer_from(family, state, args.context), state


def tokenizer_from(family, state, context):
    if family == "siglip":
        return spiece.Tokenizer(state["spiece"], context)
    return bpe.Tokenizer(state["vocab"], state["merges"], context)


def vocab_size(tokenizer):
    return tokenizer.vocab_size if isinstance(tokenizer, spiece.Tokenizer) else len(tokenizer.vocab)


def group_key(attrs):
    """Items of one group never share a batch: their captions can coincide (a role's keywords, a concept's name)."""
    if attrs.get("task") == "ocr":
        return "word:" + attrs["word"]
    if attrs.get("task") == "fairness":
        return "role:" + attrs["role"]
    return "hex:" + attrs["hex"]


def lr_at(step, args):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    t = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.lr * 0.5 * (1 + math.cos(math.pi * t))


def load_checkpoint(work):
    """The model, tokenizer (and its saved state) and training settings saved by a training run."""
    ckpt = torch.load(os.path.join(work, "checkpoint.pt"), map_location="cpu", weights_only=False)
    settings = ckpt["args"]
    tokenizer = tokenizer_from(settings["family"], ckpt["tokenizer"], settings["context"])
    model = TinyClip(vocab_size(tokenizer), settings["context"], family=settings["family"])
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, tokenizer, ckpt["tokenizer"], settings


def select_ensemble(model, tokenizer, args, manifest, write=True):
    """Greedy forward selection of the `emoji` ensemble from `emoji-candidates` on the `train` split (held-out
    images of the training distribution; never a test split); writes src/prompts/templates/emoji.json."""
    selection = select_templates(model, tokenizer, args.suite, SELECTION_SPLIT, manifest["splits"][SELECTION_SPLIT],
                                 arrays_dir(args), CANDIDATES)
    for i, step in enumerate(selection["steps"]):
        print(f"selection step {i + 1}: + {step['template']!r} -> {SELECTION_SPLIT} top-1 {step['top1']:.4f}", flush=True)
    if templates(SELECTED) != selection["selected"]:
        if write:
            write_templates(SELECTED, selection["selected"])
            print(f"wrote src/prompts/templates/{SELECTED}.json ({len(selection['selected'])} templates)", flush=True)
        else:
            print(f"src/prompts/templates/{SELECTED}.json differs from this selection (not written)", flush=True)
    return selection


def train(args, manifest):
    """Contrastive (or sigmoid) training on the corpus split; returns the model, tokenizer, its state and minutes taken."""
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    corpus = manifest["splits"]["corpus"]
    items = corpus["items"]
    role_of = {i["attrs"]["hex"]: i["attrs"]["role"] for i in items if i["attrs"].get("task") == "fairness"}
    captioner = Captioner(manifest["concepts"], role_of)

    # The vocabulary: learned from a fixed sample of training captions, 40 per concept or word.
    first = {}
    for item in items:
        first.setdefault(group_key(item["attrs"]) + item["attrs"].get("hex", ""), item)
    tokenizer, tokenizer_state = learn_tokenizer(args.family, captioner.corpus(list(first.values()), 40, args.seed), args)
    print(f"vocabulary: {vocab_size(tokenizer)} symbols ({args.family} tokenizer)", flush=True)

    images = load_images(args.suite, corpus, arrays_dir(args))
    groups = corpus_groups(items)
    keys = sorted(groups)
    print(f"corpus: {len(items)} images, {len(keys)} groups", flush=True)

    model = TinyClip(vocab_size(tokenizer), args.context, family=args.family)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": rest, "weight_decay": 0}], lr=args.lr)
    rng = random.Random(args.seed)
    start = time.time()
    model.train()
    for step in range(args.steps):
        for group in opt.param_groups:
            group["lr"] = lr_at(step, args)
        chosen = [rng.choice(groups[k]) for k in rng.sample(keys, min(args.batch, len(keys)))]
        pixels = to_tensor(images[chosen], args.family)
        ids = torch.tensor([tokenizer.encode(captioner.caption(rng, items[i]["attrs"])) for i in chosen])
        loss = model(pixels, ids)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == args.steps - 1:
            elapsed = time.time() - start
            bias = f" bias {model.logit_bias.item():.2f}" if model.logit_bias is not None else ""
            print(f"step {step}/{args.steps} loss {loss.item():.3f} scale {model.logit_scale.exp().item():.1f}{bias} "
                  f"{(step + 1) * len(chosen) / elapsed:.0f} img/s {elapsed / 60:.1f} min", flush=True)
    train_minutes = (time.time() - start) / 60
    os.makedirs(args.work, exist_ok=True)
    torch.save({"model": model.state_dict(), "tokenizer": tokenizer_state, "args": vars(args)}, os.path.join(args.work, "checkpoint.pt"))
    return model, tokenizer, tokenizer_state, train_minutes


def corpus_groups(items):
    groups = {}
    for index, item in enumerate(items):
        groups.setdefault(group_key(item["attrs"]), []).append(index)
    return groups


def evaluate_and_export(model, tokenizer, tokenizer_state, args, manifest, train_minutes):
    """Select the ensemble, evaluate every test split, write metrics.json and (unless --no-export) the model folder."""
    # emoji.json is tiny-clip's ensemble: the second family reports its own selection without rewriting it.
    selection = select_ensemble(model, tokenizer, args, manifest, write=not args.no_export and args.family == "clip")
    results = {}
    for name in EVAL_SPLITS:
        split = manifest["splits"].get(name)
        if split is None:
            continue
        results[name] = evaluate_split(model, tokenizer, args.suite, name, split, arrays_dir(args))
        r = results[name]
        print(f"{name}: top-1 ensemble {r['top1_ensemble']:.3f}, single {r['top1_single']:.3f}, best single "
              f"{r['top1_best_single']:.3f} ({r['classes']} classes, chance {r['chance']:.4f}, n={r['n']})", flush=True)
    items = manifest["splits"]["corpus"]["items"]
    summary = {
        "settings": {k: v for k, v in vars(args).items() if k not in ("suite", "work", "out", "evaluate_only")},
        "train_minutes": round(train_minutes, 1),
        "vocab_size": vocab_size(tokenizer),
        "parameters": sum(p.numel() for p in model.parameters()),
        "corpus_images": len(items),
        "corpus_groups": len(corpus_groups(items)),
        "corpus_tones": {t: sum(1 for i in items if i["attrs"].get("tone") == t) for t in TONES},
        "logit_scale": model.logit_scale.exp().item(),
        **({"logit_bias": model.logit_bias.item()} if model.logit_bias is not None else {}),
        "suite_options": manifest["options"],
        "sources": manifest["sources"],
        "template_selection": selection,
        "results": results,
    }
    os.makedirs(args.work, exist_ok=True)
    with open(os.path.join(args.work, "metrics.json"), "w") as f:
        json.dump(summary, f, indent=2)
    if not args.no_export:
        from export import export

        export(model, tokenizer, tokenizer_state, args, summary, manifest)


def main():
    args = parse_args()
    manifest = load_manifest(args.suite)
    if args.evaluate_only:
        torch.set_num_threads(args.threads)
        model, tokenizer, tokenizer_state, settings = load_checkpoint(args.work)
        # The run's training settings (context length, seed, steps, threads...) come from the checkpoint.
        args = argparse.Namespace(**{**settings, "suite": args.suite, "work": args.work, "out": args.out,
                                     "no_export": args.no_export, "evaluate_only": True})
        with open(os.path.join(args.work, "metrics.json"), encoding="utf-8") as f:  # written by every run
            train_minutes = json.load(f)["train_minutes"]
    else:
        model, tokenizer, tokenizer_state, train_minutes = train(args, manifest)
    evaluate_and_export(model, tokenizer, tokenizer_state, args, manifest, train_minutes)


if __name__ == "__main__":
    main()
