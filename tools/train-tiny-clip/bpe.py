"""CLIP's byte-level BPE: learning a vocabulary from a caption corpus, and encoding text with it.

The files follow the layout of Hugging Face's CLIPTokenizer (`vocab.json`, `merges.txt` with a `#version`
header), with OpenAI's symbol order: the 256 byte characters, the same with `</w>`, one symbol per merge, then
`<|startoftext|>` and `<|endoftext|>` last, so that the end token has the largest id (the text tower pools at
argmax of the ids). Encoding matches `clip.tokenize` for the captions used here (ASCII and Latin letters:
`ftfy` and the `regex` module are not installed, so their ASCII-equivalent behaviour is used).
"""
import collections
import html
import json
import re

START, END, EOW = "<|startoftext|>", "<|endoftext|>", "</w>"
# CLIP's pattern with Python `re` classes: [^\W\d_] = letters, \d = digits, the rest = other non-space runs.
PATTERN = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|(?:[^\s\w]|_)+", re.IGNORECASE)


def bytes_to_unicode():
    """OpenAI's table: printable bytes map to themselves, the others to code points from 256 up."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_ENCODER = bytes_to_unicode()


def clean(text):
    text = html.unescape(html.unescape(text)).strip()
    return re.sub(r"\s+", " ", text).strip().lower()


def pieces(text):
    return ["".join(BYTE_ENCODER[b] for b in piece.encode("utf-8")) for piece in PATTERN.findall(clean(text))]


def learn(corpus, max_vocab, min_count=2):
    """Merges learned greedily from word counts; ties broken by the pair's text so that runs agree."""
    counts = collections.Counter(p for text in corpus for p in pieces(text))
    words = [list(w[:-1]) + [w[-1] + EOW] for w in counts]
    freqs = [counts[w] for w in counts]
    pairs = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pairs[a, b] += freqs[i]
            where[a, b].add(i)
    merges = []
    budget = max_vocab - 512 - 2
    while len(merges) < budget and pairs:
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < min_count:
            break
        merges.append(best)
        a, b = best
        for i in list(where[best]):
            w = words[i]
            for x, y in zip(w, w[1:]):
                pairs[x, y] -= freqs[i]
                if pairs[x, y] <= 0:
                    del pairs[x, y]
            merged, j = [], 0
            while j < len(w):
                if j < len(w) - 1 and w[j] == a and w[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(w[j])
                    j += 1
            words[i] = merged
            for x, y in zip(merged, merged[1:]):
                pairs[x, y] += freqs[i]
                where[x, y].add(i)
        where.pop(best, None)
    symbols = list(BYTE_ENCODER.values())
    vocab = symbols + [s + EOW for s in symbols] + ["".join(m) for m in merges] + [START, END]
    return {s: i for i, s in enumerate(vocab)}, merges


def save(vocab, merges, folder):
    with open(f"{folder}/vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(f"{folder}/merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))


class Tokenizer:
    def __init__(self, vocab, merges, context_length):
        self.vocab = vocab
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.context_length = context_length
        self.start, self.end = vocab[START], vocab[END]
        self.cache = {}

    def bpe(self, piece):
        if piece in self.cache:
            return self.cache[piece]
        word = list(piece[:-1]) + [piece[-1] + EOW]
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged, j = [], 0
            while j < len(word):
                if j < len(word) - 1 and (word[j], word[j + 1]) == best:
                    merged.append(word[j] + word[j + 1])
                    j += 2
                else:
                    merged.append(word[j])
                    j += 1
            word = merged
        ids = [self.vocab[s] for s in word]
        self.cache[piece] = ids
        return ids

    def encode(self, text):
        ids = [i for p in pieces(text) for i in self.bpe(p)]
        ids = ids[: self.context_length - 2]
        row = [self.start] + ids + [self.end]
        return row + [0] * (self.context_length - len(row))
