"""Captions for the training corpus: names and keywords in varied phrasings, like alt-text on the web.

Each training image gets a freshly drawn caption every time it is seen. The phrasings overlap only partly with
the evaluation templates (src/prompts/templates/emoji-candidates.json), so prompt wording matters at test time.
"""
import random

OBJECT_PHRASES = [
    "{name}", "{a} {name}", "an emoji of {a} {name}", "{a} {name} emoji", "{name} icon", "an icon of {a} {name}",
    "a drawing of {a} {name}", "a cartoon {name}", "a picture of {a} {name}", "clip art of {a} {name}",
    "{a} {name} sticker", "emoji: {name}", "an image of {a} {name}", "{name}, {tags}", "{a} {name} ({tags})",
]
TAG_PHRASES = ["{tags}", "emoji, {tags}"]
WORD_PHRASES = [
    'the word "{w}"', "the word {w}", 'text that says "{w}"', "text that says {w}", "{w} written in letters",
    'a sign reading "{w}"', '"{w}"', "the text {w}", "a label that says {w}", "the letters {w}",
]
# Probability of a keywords-only caption (noisy, shared between concepts).
TAGS_ONLY = 0.08


def article(name):
    return "an" if name[:1].lower() in "aeiou" else "a"


def classname(label):
    """Same as classnameFromLabel in src/datasets/emoji/names.ts."""
    plain = label.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return "flag of " + plain[len("flag: "):] if plain.startswith("flag: ") else plain


def person_names(label, gender, role):
    """A person emoji can be captioned with its full name (tone included), its gendered name, or its role."""
    full = classname(label)
    gendered = full.split(":")[0]
    return [full, gendered, role] if gender != "person" else [full, gendered]


def object_caption(rng, name, tags):
    if tags and rng.random() < TAGS_ONLY:
        phrase = rng.choice(TAG_PHRASES)
    else:
        phrase = rng.choice(OBJECT_PHRASES)
    chosen = rng.sample(list(tags), k=min(len(tags), rng.randint(1, 3))) if tags else [name]
    text = phrase.format(name=name, a=article(name), tags=", ".join(chosen))
    return text + "." if rng.random() < 0.3 else text


def word_caption(rng, word):
    text = rng.choice(WORD_PHRASES).format(w=word)
    return text + "." if rng.random() < 0.3 else text


class Captioner:
    """Draws captions for corpus items (manifest items with attrs) from the concept table of the manifest."""

    def __init__(self, concepts, role_of):
        self.concepts = concepts
        self.role_of = role_of  # person-variant hex -> role class name (gender-neutral)

    def names(self, attrs):
        concept = self.concepts[attrs["hex"]]
        if attrs.get("task") == "fairness":
            return person_names(concept["label"], attrs["gender"], self.role_of[attrs["hex"]])
        return [classname(concept["label"])]

    def caption(self, rng, attrs):
        if attrs.get("task") == "ocr":
            return word_caption(rng, attrs["word"])
        concept = self.concepts[attrs["hex"]]
        return object_caption(rng, rng.choice(self.names(attrs)), concept["tags"])

    def corpus(self, items, per_item, seed):
        """A fixed sample of captions for learning the BPE vocabulary."""
        rng = random.Random(seed)
        return [self.caption(rng, item["attrs"]) for item in items for _ in range(per_item)]
