"""The model card (models/tiny-clip/README.md), written from the training run's figures."""
import os

from captions import OBJECT_PHRASES, WORD_PHRASES

# split -> (what it holds, the images: clean or which augmentation profile of src/datasets/emoji/augment.ts)
SPLIT_NOTES = {
    "id": ("training styles, fresh augmentation (in-distribution)", "augmented (training)"),
    "clean": ("training styles, centred on white, no augmentation", "clean"),
    "v2": ("training styles, shifted augmentation settings (ImageNetV2-like)", "augmented (v2)"),
    "rendition": ("held-out colour styles (ImageNet-R-like)", "augmented (training)"),
    "sketch": ("held-out monochrome styles (ImageNet-Sketch-like)", "augmented (training)"),
    "objectnet": ("smaller, off-centre, tilted, on clutter, occluded (ObjectNet-like)", "augmented (objectnet)"),
    "ocr": ("rendered words, 6 fonts (3 unseen)", "augmented (text)"),
    "fine-grained": ("country flags and clock faces", "augmented (training)"),
    "fairness": ("people roles; labels include non-human and crime classes", "augmented (training)"),
}


def pct(x):
    return f"{100 * x:.1f}"


def pct2(x):
    return f"{100 * x:.2f}"


def size_mb(folder):
    total = 0
    for dirpath, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total / 1e6


def clip_model_lines(summary, manifest, out):
    s = summary["settings"]
    return [
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
    ]


def siglip_model_lines(summary, manifest, out):
    s = summary["settings"]
    size = manifest["options"]["size"]
    return [
        "# tiny-siglip",
        "",
        "The demo's second model: the towers of `models/tiny-clip` trained from scratch on the same **emoji-shift** corpus",
        "with SigLIP's sigmoid loss, its own SentencePiece tokenizer and SigLIP's bidirectional text tower, exported in the",
        "layout of the onnx-community SigLIP exports, so that `clip-eval demo` compares two families side by side. A",
        "teaching and testing model: its figures say nothing about SigLIP models trained on web data.",
        "",
        "## Model",
        "",
        "- Image tower: the CNN of tiny-clip (four stages, widths 32, 64, 128, 256), global average pooling, a linear",
        f"  head -> `pooler_output` [N, 128] (SigLIP's embedding). Input {size}x{size} RGB, SigLIP's mean/std 0.5.",
        "- Text tower: token + position embeddings, 3 pre-norm Transformer blocks (width 128, 4 heads, no causal mask, GELU),",
        f"  final layer norm, pooled at the last position as SiglipTextTransformer does (every text is padded to the context",
        f"  length {s['context']} with `</s>`, so the last position sees it all), a linear head -> `pooler_output` [N, 128].",
        f"- Scoring as trained: logit scale {summary['logit_scale']:.2f} and bias {summary['logit_bias']:.2f} after training;",
        "  probabilities are a sigmoid per image-text pair.",
        f"- {summary['parameters']:,} parameters; this folder is {size_mb(out):.1f} MB.",
        f"- Tokenizer: a SentencePiece Unigram model (`spiece.model`, {summary['vocab_size']} pieces) learned from the",
        "  canonicalised, lower-cased training captions by `tools/train-tiny-clip/spiece.py` with the SentencePiece library,",
        "  with the `tokenizer_config.json` of a `SiglipTokenizer` (punctuation removed, lower-cased, `</s>` appended, padded",
        "  with `</s>`); training encoded every caption as transformers' SiglipTokenizer does.",
        "- Files (`config.json` model_type `siglip`, `preprocessor_config.json` of a `SiglipImageProcessor`):",
        "  `onnx/vision_model.onnx` (`pixel_values` -> `last_hidden_state`, `pooler_output`), `onnx/text_model.onnx`",
        "  (`input_ids` -> `last_hidden_state`, `pooler_output`; no attention mask), and the combined `onnx/model.onnx`",
        "  (`input_ids`, `pixel_values` -> `logits_per_image`, `logits_per_text`, `text_embeds`, `image_embeds`) that gives",
        "  the scale and bias; opset 17, dynamic batch axis. `training_metrics.json` holds every figure below.",
        "",
    ]


def model_card(summary, manifest, out):
    r = summary["results"]
    s = summary["settings"]
    sel = summary["template_selection"]
    siglip = s.get("family") == "siglip"
    ensemble = r["id"]  # the figures' ensemble is src/prompts/templates/emoji.json, whichever model selected it
    lines = (siglip_model_lines if siglip else clip_model_lines)(summary, manifest, out)
    lines += [
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
        (f"SigLIP's pairwise sigmoid loss (Zhai et al. 2023; temperature 10 and bias -10 at the start) from scratch; AdamW,"
         if siglip else "Contrastive (symmetric InfoNCE) from scratch; AdamW,") + f" lr {s['lr']} with {s['warmup']} warm-up steps and cosine decay,",
        f"weight decay {s['weight_decay']}, batch {s['batch']} (one image per concept or role per batch), {s['steps']} steps,",
        f"seed {s['seed']}, PyTorch on {s['threads']} CPU threads: {summary['train_minutes']} minutes of training.",
        "",
        "## Zero-shot figures",
        "",
        "Top-1 accuracy measured by `tools/train-tiny-clip/evaluate.py` on the suite's default splits (seed 0, 48 px),",
        "with the harness' protocol: per class, each template's text embedding L2-normalised, averaged, normalised again;",
        "`clip-eval demo` measures the same splits with the harness and the ONNX export (the images are rendered at the",
        "model's input size, so preprocessing is only normalisation and the two agree within float noise).",
        f"*Ensemble* = the split's template set: `emoji` ({ensemble['template_count']} templates selected on `train`{' for tiny-clip' if siglip else ', below'}) or",
        f"`emoji-text` (6, for OCR). *Single* = the set's first template (`{ensemble['single_template']}`, the best single",
        f"candidate on `train`{' for tiny-clip' if siglip else ''}; `the word \"{{}}\".` for OCR), as the demo prints it. *Best single* = the best of the split's",
        f"{sel['candidate_count']} candidate templates measured on the split itself (an oracle: chosen on test data).",
        "*Chance* = 1 / classes. *Images*: `clean` is art centred on white; every other split is augmented, with the",
        "named profile of `src/datasets/emoji/augment.ts` (`training` = the corpus' own augmentation, freshly drawn).",
        "",
        "| split | what | images | classes | n | chance | top-1 single | top-1 ensemble | best single |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, (note, images) in SPLIT_NOTES.items():
        if name in r:
            x = r[name]
            lines.append(f"| {name} | {note} | {images} | {x['classes']} | {x['n']} | {pct(x['chance'])}% | "
                         f"{pct(x['top1_single'])}% | {pct(x['top1_ensemble'])}% | {pct(x['top1_best_single'])}% |")
    lines += [
        "",
        "### Prompt templates",
        "",
        *(["The `emoji` ensemble the demo uses is tiny-clip's (both models are evaluated with the same prompts); the",
           "selection below is this model's own, run the same way and recorded for comparison, not written.", ""] if siglip else []),
        "As the CLIP paper chose its ImageNet ensemble on held-out data, the `emoji` ensemble is chosen from the",
        f"{sel['candidate_count']} candidates of `src/prompts/templates/emoji-candidates.json` by greedy forward selection (the",
        "algorithm of `clip-eval templates`: start from the best single template, add the one that most raises top-1, stop",
        f"when none does) on the `{sel['split']}` split ({sel['n']:,} images of the training distribution, the linear probe's",
        "training set; no test split is used) by `tools/train-tiny-clip/select-templates.py`:",
        "",
    ]
    for i, step in enumerate(sel["steps"]):
        lines.append(f"{i + 1}. `{step['template']}` -> `{sel['split']}` top-1 {pct(step['top1'])}%")
    worst = min(sel["top1_per_candidate"], key=sel["top1_per_candidate"].get)
    lines += ["", f"No further candidate raised it. On `{sel['split']}` the candidates score from {pct(min(sel['top1_per_candidate'].values()))}%",
              f"(`{worst}`) to {pct(max(sel['top1_per_candidate'].values()))}%: wordings outside the training captions' style fall far behind."]
    if "id" in r:
        x = r["id"]
        per = x["top1_per_template"]
        best, low = max(per, key=per.get), min(per, key=per.get)
        n = x["n"]
        gap = round((x["top1_best_single"] - x["top1_ensemble"]) * n)
        verdict = ("at least as good as" if gap <= 0 else
                   f"{gap} image{'s' if gap > 1 else ''} of {n:,} behind (within noise: one image is {100 / n:.2f} points)")
        lines += ["", f"On `id` the selected ensemble scores {pct2(x['top1_ensemble'])}%, {verdict} the best single",
                  f"candidate (`{best}`, {pct2(per[best])}%, picked on `id` itself: an oracle); its first template alone scores",
                  f"{pct2(x['top1_single'])}%, the ensemble of all {sel['candidate_count']} candidates {pct2(x['top1_all_candidates'])}% and the worst candidate",
                  f"(`{low}`) {pct2(per[low])}%."]
    lines.append("")
    for name, key, title in (("rendition", "by_vendor", "Per style"), ("sketch", "by_vendor", "Per style"), ("ocr", "by_font_seen", "Font seen in training"), ("fine-grained", "by_subset", "Per subset")):
        if name in r and key in r[name]:
            parts = ", ".join(f"{k} {pct(v)}%" for k, v in r[name][key].items())
            lines.append(f"- {name}: {title.lower()}: {parts}")
    if "fairness" in r:
        f = r["fairness"]
        tones = summary["corpus_tones"]
        lines += ["", "## Fairness audit (fairness split, ensemble)", "",
                  f"{f['n']:,} augmented images (training augmentation) of people roles in six skin tones and three genders, {f['classes']}",
                  f"classes (chance {pct(f['chance'])}%), ensemble top-1 {pct(f['top1_ensemble'])}% overall. The corpus skewed the tones on",
                  f"purpose ({', '.join(f'{k} {v:,}' for k, v in tones.items())} images), so that this audit has something to find.",
                  "", "| group | top-1 | chance | predicted human | predicted non-human | predicted crime-related |", "|---|---|---|---|---|---|"]
        for key in ("tone", "gender"):
            groups = f[f"by_{key}"]
            order = [t for t in tones if t in groups] if key == "tone" else sorted(groups)  # tones light to dark
            for v in order:
                acc = groups[v]
                c = f["predicted_category"][f"{key}={v}"]
                lines.append(f"| {key} = {v} | {pct(acc)}% | {pct(f['chance'])}% | {pct(c['human'])}% | {pct(c['non-human'])}% | {pct(c['crime'])}% |")
        lo, hi = min(f["by_tone"], key=f["by_tone"].get), max(f["by_tone"], key=f["by_tone"].get)
        lines += ["", f"Top-1 ranges from {pct(f['by_tone'][lo])}% (tone {lo}, {tones[lo]:,} corpus images) to {pct(f['by_tone'][hi])}% (tone {hi},",
                  f"{tones[hi]:,}).", "", "The label set holds the people roles plus 'gorilla', 'orangutan', 'monkey', 'monkey face', 'animal',",
                  "'chimpanzee' (non-human) and 'thief', 'criminal', 'suspicious person' (crime-related), as in the CLIP paper's",
                  "FairFace analysis."]
    flag = " --family siglip" if siglip else ""
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
        f"/usr/bin/python3 tools/train-tiny-clip/train.py{flag}   # trains, selects the ensemble, evaluates, exports here",
        f"/usr/bin/python3 tools/train-tiny-clip/train.py{flag} --evaluate-only   # the same from the saved checkpoint",
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
