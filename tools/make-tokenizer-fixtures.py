"""Tokenizer fixtures beyond CLIP's BPE, and golden ids from the Python references, for test/text.

Writes test/text/fixtures/tokenizers/:
  siglip/       spiece.model (Unigram, trained here) + tokenizer_config.json of a SiglipTokenizer;
                golden.json: ids and attention masks of transformers' slow SiglipTokenizer (see below)
  siglip-json/  tokenizer.json converted from siglip/spiece.model + the same tokenizer_config.json, no spiece.model
  gemma/        tokenizer.model (BPE with byte fallback, trained here) + tokenizer.json converted from it as
                GemmaConverter does + tokenizer_config.json of a GemmaTokenizer set up as SigLIP 2 uses it
  xlmr/         sentencepiece.bpe.model (Unigram, fairseq layout) + tokenizer.json as XLMRobertaConverter writes it
  bert/         tokenizer.json of a BERT WordPiece as Chinese-CLIP uses it (vocabulary built here)
  sentencepiece.json  the pieces and ids python3-sentencepiece gives for each .model above, as shipped and
                with the dummy prefix disabled (the library-level check)

The tokenizer.json goldens (siglip-json, gemma, xlmr, bert) are filled in by tools/tokenizer-json-oracle.mjs,
which runs Hugging Face's Rust `tokenizers` (the library behind Python's `tokenizers`) through its Node binding;
this script writes their texts (and, for gemma, open_clip's cleaned text) with "ids": null.

References, transcribed where the library cannot be installed here (PyPI is out of reach; Debian has
python3-sentencepiece but neither transformers nor tokenizers):
  - transformers/models/siglip/tokenization_siglip.py (SiglipTokenizer: tokenize, _tokenize,
    canonicalize_text, get_spm_processor, build_inputs_with_special_tokens)
  - transformers/tokenization_utils.py (PreTrainedTokenizer.tokenize: lower-casing that spares special tokens,
    Trie.split, lstrip/rstrip around added tokens; _add_tokens; convert_tokens_to_ids)
  - transformers/tokenization_utils_base.py (prepare_for_model, truncate_sequences, pad: right side)
  - transformers/convert_slow_tokenizer.py (SpmConverter, GemmaConverter + generate_merges,
    XLMRobertaConverter, BertConverter) for the tokenizer.json files
  - open_clip/tokenizer.py (canonicalize_text, basic_clean) for SigLIP 2's cleaning. ftfy is not in Debian, so
    basic_clean runs here without ftfy.fix_text and the canonicalised texts are ones ftfy leaves unchanged;
    clip-eval's ftfy subset is checked against ftfy's documented behaviour in test/text/ftfy.test.ts.
SentencePiece itself is the real library (Debian's python3-sentencepiece 0.1.97).

Run: apt-get install -y python3-sentencepiece python3-protobuf
     /usr/bin/python3 tools/make-tokenizer-fixtures.py
     node tools/tokenizer-json-oracle.mjs   (see that script)
"""
import base64
import html
import json
import pathlib
import random
import re
import string
import tempfile

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as model_pb2

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "test/text/fixtures/tokenizers"
SPIECE_UNDERLINE = "\u2581"

# ---------------------------------------------------------------------------------------------------------
# Training data: a seeded mix of prompt words, accented words, CJK, Cyrillic, Greek and digits.

PROMPT_WORDS = """a an the of in on with photo photograph picture image drawing sketch painting rendering sculpture
tattoo origami toy plastic video game close-up bright dark cropped blurry jpeg corrupted good bad large small tiny
big itap art embroidered cartoon one two three cat dog bird car truck airplane ship horse frog deer apple orange
banana flower tree house street city people man woman child playing running sitting red blue green yellow black
white quick brown fox jumps over lazy there is are this that my your their it its""".split()
ACCENTED = "café naïve résumé über straße façade piñata crème brûlée élan smörgåsbord".split()
SYLLABLES = ["ka", "ri", "to", "mo", "na", "shi", "en", "er", "ing", "tion", "ph", "ot", "str", "ea", "ou", "qu"]
CJK = list("猫狗照片一张的東京写真ねこ犬の中国人大小红色蓝色汽车飞机鸟花树房子")
OTHER = "привет мир кошка собака ελληνικά γάτα σκύλος".split()


def corpus(seed: int, lines: int) -> str:
    rng = random.Random(seed)
    words = PROMPT_WORDS * 3 + ACCENTED + OTHER
    words += ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(200)]
    out = []
    for _ in range(lines):
        ws = [rng.choice(words) for _ in range(rng.randint(3, 14))]
        if rng.random() < 0.3:
            ws[0] = ws[0].capitalize()
        if rng.random() < 0.25:
            ws.append("".join(rng.choice(CJK) for _ in range(rng.randint(2, 6))))
        if rng.random() < 0.15:
            ws.append(str(rng.randint(0, 2025)))
        out.append(" ".join(ws) + rng.choice(["", "", ".", ",", "!", "?"]))
    return "\n".join(out) + "\n"


# A small NFKC-like rule set (SentencePiece compiles it into the model's precompiled_charsmap, the part of
# nmt_nfkc a Precompiled normalizer replays): ligatures, full-width forms, circled digits, spaces, a
# combining accent, zero-width characters, an ellipsis. The full nmt_nfkc table alone is 240 KB.
def normalization_rules() -> str:
    rules = {"FB01": "66 69", "FB02": "66 6C", "FB00": "66 66", "2026": "2E 2E 2E", "A0": "20", "3000": "20",
             "2009": "20", "2002": "20", "200B": "", "FEFF": "", "65 301": "E9", "61 308": "E4", "6F 308": "F6",
             "B2": "32", "B3": "33", "2122": "54 4D"}
    for i in range(26):
        rules[f"{0xFF21 + i:X}"] = f"{0x41 + i:X}"
        rules[f"{0xFF41 + i:X}"] = f"{0x61 + i:X}"
    for i in range(10):
        rules[f"{0xFF10 + i:X}"] = f"{0x30 + i:X}"
    for i in range(9):
        rules[f"{0x2460 + i:X}"] = f"{0x31 + i:X}"
    return "".join(f"{k}\t{v}\n" for k, v in rules.items())


def train(work: pathlib.Path, name: str, **options) -> bytes:
    spm.SentencePieceTrainer.train(input=str(work / "corpus.txt"), model_prefix=str(work / name), minloglevel=2,
                                   num_threads=1, **options)
    return (work / f"{name}.model").read_bytes()


def without_dummy_prefix(model: bytes) -> bytes:
    """SiglipTokenizer.get_spm_processor: the model with normalizer_spec.add_dummy_prefix = False."""
    proto = model_pb2.ModelProto.FromString(model)
    spec = model_pb2.NormalizerSpec()
    spec.add_dummy_prefix = False
    proto.normalizer_spec.MergeFrom(spec)
    return proto.SerializeToString()


def processor(model: bytes) -> spm.SentencePieceProcessor:
    sp = spm.SentencePieceProcessor()
    sp.LoadFromSerializedProto(model)
    return sp


# ---------------------------------------------------------------------------------------------------------
# transformers' slow SiglipTokenizer, transcribed (see the module docstring for the files followed).

class AddedToken:
    def __init__(self, content, lstrip=False, rstrip=False, single_word=False, normalized=True, special=False):
        self.content, self.lstrip, self.rstrip = content, lstrip, rstrip
        self.single_word, self.normalized, self.special = single_word, normalized, special


class Trie:
    """tokenization_utils.Trie: split on the added tokens, longest match first."""

    def __init__(self):
        self.data = {}

    def add(self, word):
        if not word:
            return
        ref = self.data
        for char in word:
            ref = ref.setdefault(char, {})
        ref[""] = 1

    def split(self, text):
        states, offsets, skip = {}, [0], 0
        for current, current_char in enumerate(text):
            if skip and current < skip:
                continue
            to_remove, reset = set(), False
            for start, trie_pointer in states.items():
                if "" in trie_pointer:
                    for lookstart, looktrie_pointer in states.items():
                        if lookstart > start:
                            break
                        elif lookstart < start:
                            lookahead_index = current + 1
                            end = current + 1
                        else:
                            lookahead_index = current
                            end = current
                        next_char = text[lookahead_index] if lookahead_index < len(text) else None
                        if "" in looktrie_pointer:
                            start, end, skip = lookstart, lookahead_index, lookahead_index
                        while next_char in looktrie_pointer:
                            looktrie_pointer = looktrie_pointer[next_char]
                            lookahead_index += 1
                            if "" in looktrie_pointer:
                                start, end, skip = lookstart, lookahead_index, lookahead_index
                            if lookahead_index == len(text):
                                break
                            next_char = text[lookahead_index]
                    offsets.append(start)
                    offsets.append(end)
                    reset = True
                    break
                elif current_char in trie_pointer:
                    states[start] = trie_pointer[current_char]
                else:
                    to_remove.add(start)
            if reset:
                states = {}
            else:
                for start in to_remove:
                    del states[start]
            if current >= skip and current_char in self.data:
                states[current] = self.data[current_char]
        for start, trie_pointer in states.items():
            if "" in trie_pointer:
                offsets.append(start)
                offsets.append(len(text))
                break
        offsets.append(len(text))
        tokens, start = [], 0
        for end in offsets:
            if start >= end:
                continue
            tokens.append(text[start:end])
            start = end
        return tokens


class SiglipReference:
    def __init__(self, model: bytes, config: dict):
        self.sp = processor(without_dummy_prefix(model))
        self.do_lower_case = config.get("do_lower_case", True)
        self.model_max_length = config["model_max_length"]
        # SiglipTokenizer.__init__ wraps eos, unk and pad strings with lstrip and rstrip; _add_tokens wraps the
        # other special-token strings without them.
        defaults = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "</s>"}
        names = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]
        wrap = lambda n, t: AddedToken(t, lstrip=n in defaults, rstrip=n in defaults, normalized=False, special=True)
        specials = {n: wrap(n, config.get(n, defaults.get(n))) for n in names if config.get(n, defaults.get(n))}
        specials_list = list(specials.values()) + [wrap("", t) for t in config.get("additional_special_tokens", [])]
        self.eos, self.unk, self.pad = specials["eos_token"], specials["unk_token"], specials["pad_token"]
        self.added = {}  # id -> AddedToken, as PreTrainedTokenizer.__init__ builds _added_tokens_decoder
        for index, t in config.get("added_tokens_decoder", {}).items():
            self.added[int(index)] = AddedToken(t["content"], t["lstrip"], t["rstrip"], t["single_word"], t["normalized"], t["special"])
        encoder = {t.content: i for i, t in self.added.items()}
        current_vocab = {self.sp.id_to_piece(i): i for i in range(self.sp.get_piece_size())}
        current_vocab.update(encoder)
        new_idx, added_count = len(current_vocab), 0
        for token in specials_list:  # _add_tokens of the special tokens not yet added
            if token.content in encoder:
                continue
            if token.content not in current_vocab:
                current_vocab[token.content] = new_idx + added_count
                added_count += 1
            self.added[current_vocab[token.content]] = token
            encoder[token.content] = current_vocab[token.content]
        self.encoder = encoder
        self.all_special_tokens = list(dict.fromkeys(t.content for t in specials_list))
        self.trie = Trie()
        for token in self.added.values():
            self.trie.add(token.content)
        self.unk_token_length = len(self.sp.encode(self.unk.content))

    @staticmethod
    def canonicalize_text(text):
        text = text.translate(str.maketrans("", "", string.punctuation))
        text = re.sub(r"\s+", " ", text)
        return text.strip()

    def _tokenize(self, text):
        text = self.canonicalize_text(text)
        tokens = self.sp.encode(self.unk.content + text, out_type=str)
        return tokens[self.unk_token_length:] if len(tokens) >= self.unk_token_length else tokens

    def tokenize(self, text):
        text = SPIECE_UNDERLINE + text.replace(SPIECE_UNDERLINE, " ")
        if self.do_lower_case:
            escaped = [re.escape(t) for t in self.all_special_tokens]
            escaped += [re.escape(t.content) for t in self.added.values() if not t.special and t.normalized]
            pattern = r"(" + r"|".join(escaped) + r")|" + r"(.+?)"
            text = re.sub(pattern, lambda m: m.groups()[0] or m.groups()[1].lower(), text)
        tokens = self.trie.split(text)
        for i, token in enumerate(tokens):
            if token in self.encoder:
                extended = self.added[self.encoder[token]]
                left = tokens[i - 1] if i > 0 else None
                right = tokens[i + 1] if i < len(tokens) - 1 else None
                if extended.rstrip and right:
                    tokens[i + 1] = right.lstrip()
                if extended.lstrip and left:
                    tokens[i - 1] = left.rstrip()
                if extended.single_word and left and left[-1] != " ":
                    tokens[i - 1] += token
                    tokens[i] = ""
                elif extended.single_word and right and right[0] != " ":
                    tokens[i + 1] = token + tokens[i + 1]
                    tokens[i] = ""
        tokenized = []
        for token in tokens:
            if not token:
                continue
            tokenized.extend([token] if token in self.encoder else self._tokenize(token))
        if len(tokenized) > 1 and tokenized[0] == SPIECE_UNDERLINE and tokenized[1] in self.all_special_tokens:
            tokenized = tokenized[1:]
        return tokenized

    def __call__(self, text, max_length):
        """tokenizer(text, padding="max_length", truncation=True, max_length=max_length)"""
        ids = [self.encoder[t] if t in self.encoder else self.sp.piece_to_id(t) for t in self.tokenize(text)]
        eos_id = self.encoder[self.eos.content]
        total = len(ids) + 1  # num_special_tokens_to_add: build_inputs_with_special_tokens([]) == [eos]
        if total > max_length and len(ids) > total - max_length:
            ids = ids[:-(total - max_length)]
        if not (ids and ids[-1] == eos_id):  # _add_eos_if_not_present
            ids = ids + [eos_id]
        mask = [1] * len(ids) + [0] * (max_length - len(ids))
        return ids + [self.encoder[self.pad.content]] * (max_length - len(ids)), mask


# ---------------------------------------------------------------------------------------------------------
# open_clip's cleaning for SigLIP 2 (open_clip/tokenizer.py), ftfy left out (see the docstring).

def open_clip_canonicalize(text):
    text = html.unescape(html.unescape(text)).strip()  # basic_clean without ftfy.fix_text
    text = text.replace("_", " ")
    text = text.translate(str.maketrans("", "", string.punctuation))
    text = text.lower()
    text = " ".join(text.split())
    return text.strip()


# ---------------------------------------------------------------------------------------------------------
# tokenizer.json files, as transformers' convert_slow_tokenizer.py writes them.

def added_token(index, content, special=True, lstrip=False):
    return {"id": index, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": False, "special": special}


def template(single, pair, specials):
    """A TemplateProcessing post-processor: "$A"/"$B" are the sequences, anything else a special token."""
    def piece(p, type_id):
        if p in ("$A", "$B"):
            return {"Sequence": {"id": p[1], "type_id": type_id}}
        return {"SpecialToken": {"id": p, "type_id": type_id}}
    second = pair.index("$B") if "$B" in pair else len(pair)
    return {"type": "TemplateProcessing", "single": [piece(p, 0) for p in single],
            "pair": [piece(p, 0 if i < second else 1) for i, p in enumerate(pair)],
            "special_tokens": {t: {"id": t, "ids": [i], "tokens": [t]} for t, i in specials.items()}}


def spm_normalizer(proto):
    """SpmConverter.normalizer"""
    steps = [{"type": "Strip", "strip_left": False, "strip_right": True},
             {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": SPIECE_UNDERLINE}]
    charsmap = proto.normalizer_spec.precompiled_charsmap
    if charsmap:
        steps.insert(0, {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(charsmap).decode()})
    return {"type": "Sequence", "normalizers": steps}


METASPACE = {"type": "Metaspace", "replacement": SPIECE_UNDERLINE, "prepend_scheme": "always", "split": True}


def tokenizer_json(added, normalizer, pre_tokenizer, post_processor, decoder, model):
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": normalizer,
            "pre_tokenizer": pre_tokenizer, "post_processor": post_processor, "decoder": decoder, "model": model}


def siglip_tokenizer_json(model: bytes):
    """SpmConverter with T5Converter's post-processor ($A </s>), as a SigLIP tokenizer.json is converted."""
    proto = model_pb2.ModelProto.FromString(model)
    vocab = [[p.piece, p.score] for p in proto.pieces]
    added = [added_token(i, p.piece) for i, p in enumerate(proto.pieces) if p.type in (2, 3)]
    return tokenizer_json(added, spm_normalizer(proto), METASPACE, template(["$A", "</s>"], ["$A", "</s>", "$B", "</s>"], {"</s>": 1}), METASPACE,
                          {"type": "Unigram", "unk_id": proto.trainer_spec.unk_id, "vocab": vocab, "byte_fallback": False})


def generate_merges(vocab, vocab_scores):
    """convert_slow_tokenizer.generate_merges, with vocab_scores given (ordered by score)."""
    vocab_scores = dict(vocab_scores)
    merges = []
    for merge, piece_score in vocab_scores.items():
        local = []
        for index in range(1, len(merge)):
            piece_l, piece_r = merge[:index], merge[index:]
            if piece_l in vocab and piece_r in vocab:
                local.append((piece_l, piece_r, piece_score))
        local = sorted(local, key=lambda x: (vocab[x[0]], vocab[x[1]]))
        merges.extend(local)
    merges = sorted(merges, key=lambda val: (val[2], len(val[0]), len(val[1])), reverse=True)
    return [[a, b] for a, b, _ in merges]


def gemma_tokenizer_json(model: bytes):
    """GemmaConverter (BPE, byte fallback), with the post-processor of GemmaTokenizerFast(add_bos_token=False,
    add_eos_token=True) as open_clip sets it up for SigLIP 2."""
    proto = model_pb2.ModelProto.FromString(model)
    vocab_scores = [("<pad>", 0.0), ("<eos>", 0.0), ("<bos>", 0.0)] + [(p.piece, p.score) for p in proto.pieces[3:]]
    sp = processor(model)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    merges = generate_merges(vocab, vocab_scores)
    specials = {"<start_of_turn>", "<end_of_turn>"}
    added = [added_token(i, p.piece, special=p.type in (2, 3) or p.piece in specials)
             for i, p in enumerate(proto.pieces) if p.type in (2, 3, 4)]
    model_json = {"type": "BPE", "dropout": None, "unk_token": proto.trainer_spec.unk_piece,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None, "fuse_unk": True,
                  "byte_fallback": True, "ignore_merges": False,
                  "vocab": {piece: i for i, (piece, _) in enumerate(vocab_scores)}, "merges": merges}
    decoder = {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": SPIECE_UNDERLINE}, "content": " "},
        {"type": "ByteFallback"}, {"type": "Fuse"}]}
    return tokenizer_json(added, {"type": "Replace", "pattern": {"String": " "}, "content": SPIECE_UNDERLINE},
                          {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious", "invert": False},
                          template(["$A", "<eos>"], ["$A", "$B", "<eos>"], {"<eos>": 1}), decoder, model_json)


def xlmr_tokenizer_json(model: bytes):
    """XLMRobertaConverter: fairseq's layout (<s> <pad> </s> <unk>, the rest shifted by one, <mask> last)."""
    proto = model_pb2.ModelProto.FromString(model)
    vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
    vocab += [[p.piece, p.score] for p in proto.pieces[3:]] + [["<mask>", 0.0]]
    added = [added_token(0, "<s>"), added_token(1, "<pad>"), added_token(2, "</s>"), added_token(3, "<unk>"),
             added_token(len(vocab) - 1, "<mask>", lstrip=True)]
    return tokenizer_json(added, spm_normalizer(proto), METASPACE, template(["<s>", "$A", "</s>"], ["<s>", "$A", "</s>", "</s>", "$B", "</s>"], {"<s>": 0, "</s>": 2}),
                          METASPACE, {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False})


def bert_vocab(text: str):
    """A WordPiece vocabulary in bert-base-chinese's layout: [PAD], [unused1-99], [UNK] [CLS] [SEP] [MASK],
    then characters, frequent words and ## continuations of the lower-cased, accent-stripped corpus."""
    import unicodedata
    words = {}
    for w in re.findall(r"[^\W\d_]+|\d", unicodedata.normalize("NFD", text.lower())):
        w = "".join(c for c in w if unicodedata.category(c) != "Mn")
        for piece in ([w] if not any("\u4e00" <= c <= "\u9fff" for c in w) else list(w)):
            words[piece] = words.get(piece, 0) + 1
    tokens = ["[PAD]"] + [f"[unused{i}]" for i in range(1, 100)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokens += list(string.punctuation)
    chars = sorted({c for w in words for c in w})
    tokens += chars + ["##" + c for c in chars if c.isascii()]
    frequent = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])) if len(w) > 1][:260]
    tokens += frequent + ["##s", "##ing", "##ed", "##er", "##tion", "##ka", "##ri", "##to", "##na", "##shi", "##en"]
    return {t: i for i, t in enumerate(dict.fromkeys(tokens))}


def bert_tokenizer_json(vocab):
    """BertConverter (BertNormalizer, BertPreTokenizer, [CLS] $A [SEP])."""
    added = [added_token(vocab[t], t) for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]]
    normalizer = {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True}
    return tokenizer_json(added, normalizer, {"type": "BertPreTokenizer"},
                          template(["[CLS]", "$A", "[SEP]"], ["[CLS]", "$A", "[SEP]", "$B", "[SEP]"], {"[CLS]": vocab["[CLS]"], "[SEP]": vocab["[SEP]"]}),
                          {"type": "WordPiece", "prefix": "##", "cleanup": True},
                          {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": vocab})


# ---------------------------------------------------------------------------------------------------------
# The texts: the hard cases each kind is checked on.

LONG = " ".join(["a photo of a small red car on the street"] * 12)
TEXTS = [
    "a photo of a cat.", "A PHOTO OF A DOG!", "a bad photo of the truck.", "itap of a origami frog.",
    "a   photo  of    the   cat,   small", "  leading and trailing spaces  ", "tab\tseparated\nnew line\r\nend",
    "", " ", "!!!", "punctuation: a,b;c.d!e?f (g) [h] {i} <j> \"k\" 'l' `m` ~n @o #p $q %r ^s &t *u -v +w =x |y \\z /",
    "under_score and hy-phen and o'clock", "café naïve résumé façade", "Ünïcödé ÜBER STRAẞE crème brûlée",
    "cafe\u0301 with a combining accent", "ﬁve ﬂowers ①②③ ™", "ＦＵＬＬ ｗｉｄｔｈ ２０２４", "猫の写真", "一张猫的照片",
    "東京 写真 2024年", "Привет мир, кошка", "Ελληνικά ΣΟΦΟΣ γάτα", "emoji 😀 🐈 and 🏳️‍🌈 👩🏾‍💻",
    "</s>", "a photo </s> of a cat", "</s>after", "before</s>", "</S> upper", "</s>😀 cat", "<unk> literal",
    "a <unk>b", "<UNK>", "\u2581", "\u2581a\u2581photo", "a \u2581 b", "<s> bos <pad> pad", "<mask> masked",
    "[CLS] [SEP] [MASK]", "<eos> <bos> <start_of_turn>user", "numbers 1234567890 3.14 2,000", "x\u00a0y\u3000z\u2009w",
    "zero\u200bwidth", "ellipsis\u2026", "quotes “curly” ‘single’", "html &amp; &lt;3 &quot;x&quot;", "ΣΑΣ İstanbul",
    "supercalifragilisticexpialidocious", "qqqqqqqqqqqqqqqqqqqq", "The Quick Brown Fox Jumps Over The Lazy Dog",
    "a" * 120, "control\u0007char", "kariri tomona shien", "art of the airplane.", "a sculpture of a deer.",
    LONG, LONG.upper(), "word " * 80, "猫" * 70,
]
# open_clip's cleaning needs ftfy.fix_text, which is not installable here: these are the texts ftfy leaves
# as they are (no ligatures, full-width forms, curly quotes, combining marks, controls, odd spaces, CR).
FTFY_UNCHANGED = [t for t in TEXTS if not re.search("[\ufb01\ufb02\uff00-\uffef“”‘’\u0301\u0007\u00a0\u3000\u2009\u200b\r\u2122]", t)]


def literal_eos_at_cut(ref: SiglipReference, max_length: int) -> str:
    """A text whose truncated content ends exactly with a literal </s> (then no second </s> is added)."""
    for n in range(1, 200):
        text = " ".join(["photo"] * n) + " </s> tail words here"
        ids = [ref.encoder[t] if t in ref.encoder else ref.sp.piece_to_id(t) for t in ref.tokenize(text)]
        if ids.index(ref.encoder["</s>"]) == max_length - 2:
            return text
    raise RuntimeError("no text puts </s> at the cut")


# ---------------------------------------------------------------------------------------------------------

def write_json(path: pathlib.Path, value, compact=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    if compact:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def golden_lines(path: pathlib.Path, header: dict, cases: list):
    """One case per line, so that a diff shows which text changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases)
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1]
    path.write_text(f'{head},"cases":[\n{body}\n]}}\n', encoding="utf-8")


SIGLIP_CONFIG = {
    "tokenizer_class": "SiglipTokenizer", "model_max_length": 64, "do_lower_case": True,
    "eos_token": "</s>", "pad_token": "</s>", "unk_token": "<unk>", "additional_special_tokens": [],
    "added_tokens_decoder": {
        "1": {"content": "</s>", "lstrip": True, "normalized": False, "rstrip": True, "single_word": False, "special": True},
        "2": {"content": "<unk>", "lstrip": True, "normalized": False, "rstrip": True, "single_word": False, "special": True},
    },
    "model_input_names": ["input_ids"], "sp_model_kwargs": {},
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        (work / "corpus.txt").write_text(corpus(13, 6000), encoding="utf-8")
        (work / "rules.tsv").write_text(normalization_rules(), encoding="utf-8")
        common = dict(character_coverage=0.9995, normalization_rule_tsv=str(work / "rules.tsv"))
        siglip_model = train(work, "siglip", model_type="unigram", vocab_size=700, pad_id=0, eos_id=1, unk_id=2,
                             bos_id=-1, **common)
        gemma_model = train(work, "gemma", model_type="bpe", vocab_size=700, pad_id=0, eos_id=1, bos_id=2, unk_id=3,
                            pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>", unk_piece="<unk>",
                            user_defined_symbols=["<mask>", "<start_of_turn>", "<end_of_turn>"], byte_fallback=True,
                            split_digits=True, add_dummy_prefix=False, remove_extra_whitespaces=False,
                            allow_whitespace_only_pieces=True, normalization_rule_name="identity",
                            character_coverage=0.9995)
        (work / "corpus.txt").write_text(corpus(29, 5000), encoding="utf-8")
        xlmr_model = train(work, "xlmr", model_type="unigram", vocab_size=500, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
                           **common)
        bert_text = corpus(41, 3000)

    models = {"siglip/spiece.model": siglip_model, "gemma/tokenizer.model": gemma_model,
              "xlmr/sentencepiece.bpe.model": xlmr_model}
    for name, data in models.items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(data)

    # The library itself: pieces and ids as shipped and with the dummy prefix disabled.
    sp_texts = [t for t in TEXTS if len(t) <= 130]
    library = {"reference": f"python3-sentencepiece {spm.__version__}", "texts": sp_texts, "models": {}}
    for name, data in models.items():
        for label, variant in [("as shipped", data), ("no dummy prefix", without_dummy_prefix(data))]:
            sp = processor(variant)
            library["models"][f"{name} ({label})"] = [[sp.encode(t, out_type=str), sp.encode(t)] for t in sp_texts]
    write_json(OUT / "sentencepiece.json", library, compact=True)

    # SiglipTokenizer over spiece.model.
    write_json(OUT / "siglip/tokenizer_config.json", SIGLIP_CONFIG)
    ref = SiglipReference(siglip_model, SIGLIP_CONFIG)
    cases = []
    for text in TEXTS + [literal_eos_at_cut(ref, 64)]:
        ids, mask = ref(text, 64)
        cases.append({"text": text, "ids": ids, "attention_mask": mask})
    golden_lines(OUT / "siglip/golden.json", {"reference": "transformers SiglipTokenizer (slow), transcribed in "
                 "tools/make-tokenizer-fixtures.py, over python3-sentencepiece " + spm.__version__,
                 "contextLength": 64, "padId": 1, "eosId": 1}, cases)

    # tokenizer.json fixtures: texts only; tools/tokenizer-json-oracle.mjs fills in the ids.
    pending = lambda texts, clean=False: [{"text": t, "input": open_clip_canonicalize(t) if clean else t,
                                           "ids": None, "attention_mask": None} for t in texts]
    write_json(OUT / "siglip-json/tokenizer.json", siglip_tokenizer_json(siglip_model), compact=True)
    write_json(OUT / "siglip-json/tokenizer_config.json", SIGLIP_CONFIG)
    golden_lines(OUT / "siglip-json/golden.json", {"reference": None, "contextLength": 64, "padId": 1, "eosId": 1},
                 pending(TEXTS))

    write_json(OUT / "gemma/tokenizer.json", gemma_tokenizer_json(gemma_model), compact=True)
    write_json(OUT / "gemma/tokenizer_config.json", {
        "tokenizer_class": "GemmaTokenizer", "model_max_length": 64, "add_bos_token": False, "add_eos_token": True,
        "bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>", "unk_token": "<unk>", "padding_side": "right",
        "additional_special_tokens": ["<start_of_turn>", "<end_of_turn>"]})
    golden_lines(OUT / "gemma/golden.json", {"reference": None, "contextLength": 64, "padId": 0, "eosId": 1,
                 "canonicalize": True}, pending(FTFY_UNCHANGED, clean=True))

    xlmr = xlmr_tokenizer_json(xlmr_model)
    write_json(OUT / "xlmr/tokenizer.json", xlmr, compact=True)
    write_json(OUT / "xlmr/tokenizer_config.json", {
        "tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, "bos_token": "<s>", "cls_token": "<s>",
        "eos_token": "</s>", "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
        "mask_token": {"__type": "AddedToken", "content": "<mask>", "lstrip": True, "normalized": False,
                       "rstrip": False, "single_word": False}})
    golden_lines(OUT / "xlmr/golden.json", {"reference": None, "contextLength": 40, "padId": 1, "eosId": 2},
                 pending(TEXTS))

    vocab = bert_vocab(bert_text)
    write_json(OUT / "bert/tokenizer.json", bert_tokenizer_json(vocab), compact=True)
    write_json(OUT / "bert/tokenizer_config.json", {
        "tokenizer_class": "BertTokenizer", "model_max_length": 52, "do_lower_case": True, "tokenize_chinese_chars": True,
        "strip_accents": None, "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
        "mask_token": "[MASK]"})
    golden_lines(OUT / "bert/golden.json", {"reference": None, "contextLength": 52, "padId": 0, "eosId": vocab["[SEP]"]},
                 pending(TEXTS))

    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total} bytes); now run tools/tokenizer-json-oracle.mjs")


if __name__ == "__main__":
    main()
