"""SigLIP's tokenizer for the second embedded model: a SentencePiece Unigram model learned from the training
captions with the real SentencePiece library, encoded exactly as transformers' slow `SiglipTokenizer` does
(canonicalise, lower-case, no dummy prefix, `</s>` appended, padded with `</s>` to `model_max_length`).

The encoder is the transcription of SiglipTokenizer in tools/make-tokenizer-fixtures.py, the one the
harness' own SigLIP tokenizer is checked against, so training, the goldens and clip-eval encode alike.
"""
import importlib.util
import os
import tempfile

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))


def _reference_module():
    # The file name has dashes, so it is loaded by path rather than imported.
    spec = importlib.util.spec_from_file_location("make_tokenizer_fixtures", os.path.join(HERE, "..", "make-tokenizer-fixtures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference_module()
PAD_ID, EOS_ID, UNK_ID = 0, 1, 2


def tokenizer_config(context_length):
    """tokenizer_config.json of a SiglipTokenizer, as the SigLIP exports ship it (pad = `</s>`)."""
    return {**REFERENCE.SIGLIP_CONFIG, "model_max_length": context_length}


def learn(captions, max_vocab):
    """The spiece.model bytes: Unigram over the canonicalised, lower-cased captions (what the encoder sees)."""
    canonical = [REFERENCE.SiglipReference.canonicalize_text(c).lower() for c in captions]
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        # Relative names: the trainer records its input and prefix in the model, which must not name a temp folder.
        os.chdir(tmp)
        try:
            with open("captions.txt", "w", encoding="utf-8") as f:
                f.write("\n".join(canonical) + "\n")
            # One thread and no sentence sampling: the same captions give the same model bytes.
            spm.SentencePieceTrainer.train(
                input="captions.txt", model_prefix="spiece", model_type="unigram", vocab_size=max_vocab,
                hard_vocab_limit=False, pad_id=PAD_ID, eos_id=EOS_ID, unk_id=UNK_ID, bos_id=-1, character_coverage=1.0,
                num_threads=1, input_sentence_size=0, shuffle_input_sentence=False, minloglevel=2)
            with open("spiece.model", "rb") as f:
                return f.read()
        finally:
            os.chdir(here)


class Tokenizer:
    """encode(text) -> ids padded to the context length, as SiglipTokenizer(padding="max_length", truncation=True)."""

    def __init__(self, model_bytes, context_length):
        self.model_bytes = model_bytes
        self.context_length = context_length
        self.reference = REFERENCE.SiglipReference(model_bytes, tokenizer_config(context_length))
        self.vocab_size = self.reference.sp.get_piece_size()
        self.cache = {}  # captions repeat across steps; the transcribed tokenizer is slow per call

    def encode(self, text):
        ids = self.cache.get(text)
        if ids is None:
            ids = self.cache[text] = self.reference(text, self.context_length)[0]
        return ids
