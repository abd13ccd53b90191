"""The model card (models/tiny-clip/README.md), written from the training run's figures."""
import os

from captions import OBJECT_PHRASES, WORD_PHRASES

SPLIT_NOTES = {
    "id": "training styles, fresh augmentation (in-distribution)",
    "clean": "training styles, centred on white, no augmentation",
    "v2": "training styles, shifted augmentation settings (ImageNetV2-like)",
    "rendition": "held-out colour styles (ImageNet-R-like)",
    "sketch": "held-out monochrome styles (ImageNet-Sketch-like)",
    "objectnet": "small, rotated, off-centre, clutter, occlusion (ObjectNet-like)",
    "ocr": "rendered words, 6 fonts (3 unseen)",
    "fine-grained": "country flags and clock faces",
    "fairness": "people roles; labels include non-human and crime classes",
}


def pct(x):
    return f"{100 * x:.1f}"


def size_mb(folder):
    total = 0
    for dirpath, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total / 1e6


def model_card(summary, manifest, out):
    r = summary["results"]
    s = summary["settings"]
    lines = [
        "# tiny-clip",
        "",
        "A small CLIP-style dual encoder trained from scratch on the **emoji-shift** suite's training styles, so that",
        "`clip-eval demo` can show every capability of the harness offline, on real art and a real trained model. It is",
        "a teaching and testing model: its figures say nothing about CLIP models trained on web data.",
        "",
        "## Model",
        "",
        f"- Image tower: a CNN of four stages (widths 32, 64, 128, 256; each two 3x3 conv + batch norm + ReLU, the first",
        f"  of stride 2), global average pooling -> `pooler_output` [N, 256] -> linear projection -> `image_embeds` [N, 128].",
        f"  Input {manifest['options']['size']}x{manifest['options']['size']} RGB, OpenAI CLIP mean/std.",
        f"- Text tower: token + position embeddings, 3 pre-norm Transformer blocks (width 128, 4 heads, causal mask, GELU),",
        f"  final layer norm, pooled at the end token (argmax of the ids: `<|endoftext|>` has the largest id) -> projection",
        f"  -> `text_embeds` [N, 128]. Context length {s['context']}.",
        f"- A learned temperature: logit scale {summary['logit_scale']:.1f} after training.",
        f"- {summary['parameters']:,} parameters; this folder is {size_mb(out):.1f} MB.",
        f"- Tokenizer: CLIP's byte-level BPE (`vocab.json` + `merges.txt`, {summary['vocab_size']} symbols) learned from the",
        "  training captions by `tools/train-tiny-clip/bpe.py`; loaded by the same code as OpenAI's vocabulary.",
        "- Files: `onnx/vision_model.onnx` (`pixel_values` -> `image_embeds`, `pooler_output`), `onnx/text_model.onnx`",
        "  (`input_ids`, `attention_mask` -> `text_embeds`), opset 17, dynamic batch axis; embeddings are projected and",
        "  NOT L2-normalised. `training_metrics.json` holds every figure below.",
        "",
        "## Training data",
        "",
        f"{summary['corpus_images']:,} images ({summary['corpus_groups']} concepts and words) rendered by `src/datasets/emoji` from the",
        "**training styles only**: Noto Emoji, Twemoji and OpenMoji, with the training augmentation (scale 0.6-1, shift,",
        "tilt up to 15 degrees, light solid or gradient backgrounds), plus words in three DejaVu fonts (Sans, Serif, Mono).",
        "Every image is seen with a freshly drawn caption built from its CLDR name and keywords in varied phrasings",
        f"({len(OBJECT_PHRASES)} for emoji, e.g. \"{OBJECT_PHRASES[2]}\", \"{OBJECT_PHRASES[13]}\"; {len(WORD_PHRASES)} for words, e.g.",
        f"'{WORD_PHRASES[0]}'), so prompt wording matters at test time. Concepts: the suite's object classes, country flags,",
        "clock faces, the people roles of the fairness split in three genders and six skin tones, and the OCR words.",
        "",
        "**Skin tones are skewed on purpose**, as web data are, so that the fairness audit has something to find: the",
        "people images of the corpus are, per tone, " + ", ".join(f"{k} {v:,}" for k, v in summary["corpus_tones"].items()) + ".",
        "Genders are balanced.",
        "",
        "**Held out** (never seen in training): Fluent Emoji colour, flat and high-contrast, Firefox OS Emoji (fxemoji),",
        "EmojiOne monotone, and the DejaVu Sans Bold Oblique, Serif Italic and Sans Condensed Bold fonts. The Fluent sets are",
        "one design family and are all held out: testing on a sibling of a training style would measure little.",
        "",
        "## Training settings",
        "",
        f"Contrastive (symmetric InfoNCE) from scratch; AdamW, lr {s['lr']} with {s['warmup']} warm-up steps and cosine decay,",
        f"weight decay {s['weight_decay']}, batch {s['batch']} (one image per concept or role per batch), {s['steps']} steps,",
        f"seed {s['seed']}, PyTorch on {s['threads']} CPU threads: {summary['train_minutes']} minutes of training.",
        "",
        "## Zero-shot figures",
        "",
        "Top-1 accuracy measured by `tools/train-tiny-clip/evaluate.py` on the suite's default splits (seed 0, 48 px),",
        "with the harness' protocol: per class, each template's text embedding L2-normalised, averaged, normalised again.",
        "*Single* = the first template of the split's set (`an emoji of a {}.`, or `the word \"{}\".` for OCR); *ensemble* =",
        "all templates of `src/prompts/templates/emoji.json` (14) or `emoji-text.json` (6). All figures except `clean`",
        "are on augmented images.",
        "",
        "| split | what | classes | images | chance | top-1 single | top-1 ensemble |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, note in SPLIT_NOTES.items():
        if name in r:
            x = r[name]
            lines.append(f"| {name} | {note} | {x['classes']} | {x['n']} | {pct(x['chance'])}% | {pct(x['top1_single'])}% | {pct(x['top1_ensemble'])}% |")
    if "id" in r:
        per = r["id"]["top1_per_template"]
        best = max(per, key=per.get)
        lines += [
            "",
            f"Templates on `id`: the ensemble scores {pct(r['id']['top1_ensemble'])}%, the best single template",
            f"(`{best}`) {pct(per[best])}%, the worst (`{min(per, key=per.get)}`) {pct(min(per.values()))}%.",
        ]
    for name, key, title in (("rendition", "by_vendor", "Per style"), ("sketch", "by_vendor", "Per style"), ("ocr", "by_font_seen", "Font seen in training"), ("fine-grained", "by_subset", "Per subset")):
        if name in r and key in r[name]:
            parts = ", ".join(f"{k} {pct(v)}%" for k, v in r[name][key].items())
            lines.append(f"- {name}: {title.lower()}: {parts}")
    if "fairness" in r:
        f = r["fairness"]
        lines += ["", "## Fairness audit (fairness split, ensemble)", "",
                  "| group | top-1 | predicted human | predicted non-human | predicted crime-related |", "|---|---|---|---|---|"]
        for key in ("tone", "gender"):
            for v, acc in f[f"by_{key}"].items():
                c = f["predicted_category"][f"{key}={v}"]
                lines.append(f"| {key} = {v} | {pct(acc)}% | {pct(c['human'])}% | {pct(c['non-human'])}% | {pct(c['crime'])}% |")
        lines += ["", "The label set holds the people roles plus 'gorilla', 'orangutan', 'monkey', 'monkey face', 'animal',",
                  "'chimpanzee' (non-human) and 'thief', 'criminal', 'suspicious person' (crime-related), as in the CLIP paper's",
                  "FairFace analysis."]
    lines += [
        "",
        "## Intended use and limits",
        "",
        "Demonstrating and testing the harness (`clip-eval demo`, unit tests). Not for any decision about people: it was",
        "trained on a few hundred cartoon concepts with a deliberate skin-tone skew, and its fairness figures exist to be audited.",
        "",
        "## Reproduce",
        "",
        "```",
        "npm ci && npm run build",
        "node tools/train-tiny-clip/build-suite.mjs        # renders the suite and the training corpus into .cache/",
        "/usr/bin/python3 tools/train-tiny-clip/train.py   # trains, evaluates, exports here",
        "```",
        "",
        "## Credits and licences",
        "",
    ]
    for c in manifest["credits"]:
        lines.append(f"- {c['title']} by {c['author']} ({c['url']}), {c['license']} ({c['spdx']}), npm `{c['source']}` {c['version']}.")
    lines += ["- Emoji names and keywords: emojibase-data (MIT), from Unicode CLDR.",
              "", "Images rendered from these sets are adaptations; their licences apply to them (CC-BY-SA-4.0 for OpenMoji).", ""]
    return "\n".join(lines)
