#!/usr/bin/python3
"""Byte-level BPE, GPT-2 style, as docs/generative-models.md fixes it.

Vocabulary: the 256 byte tokens in byte order (spelled with GPT-2's bytes-to-unicode map), then one token per merge
in merge order, then <|endoftext|>. Training: pre-tokenise the training split with the GPT-2 regex, count words, and
repeatedly merge the most frequent adjacent pair (ties: the smallest (left id, right id)). Encoding: per pre-token,
apply merges lowest rank first -- exactly what llama.cpp does for tokenizer.ggml.model = gpt2.

    python3 bpe.py [--vocab 512]   # trains on OUT/train.tsv, writes OUT/tokenizer.json
"""
import argparse
import collections
import json
import os
import re

import regex  # Debian python3-regex: has \\p{L} / \\p{N}

from prepare import book_text, load_split

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
GPT2_SPLIT = regex.compile(GPT2_PATTERN)
# The same classes restricted to ASCII, for python's re: used only to check that the two agree on the corpus.
ASCII_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
EOT = "<|endoftext|>"


def bytes_to_unicode():
    """GPT-2's map from the 256 bytes to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_UNICODE = bytes_to_unicode()


def pretokenize(text):
    return GPT2_SPLIT.findall(text)


class Tokenizer:
    def __init__(self, merges):
        """merges: [(left id, right id)] in rank order; merge i makes token 256 + i."""
        self.merges = [tuple(m) for m in merges]
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        self.token_bytes = [bytes([b]) for b in range(256)] + [b""] * len(self.merges)
        for i, (a, b) in enumerate(self.merges):
            self.token_bytes[256 + i] = self.token_bytes[a] + self.token_bytes[b]
        self.eot = 256 + len(self.merges)
        self.vocab_size = self.eot + 1
        self.cache = {}

    def tokens(self):
        """GGUF tokenizer.ggml.tokens: the byte-level spellings, then <|endoftext|>."""
        return ["".join(BYTE_TO_UNICODE[c] for c in t) for t in self.token_bytes] + [EOT]

    def merge_strings(self):
        """GGUF tokenizer.ggml.merges: 'left right' in rank order."""
        toks = self.tokens()
        return ["%s %s" % (toks[a], toks[b]) for a, b in self.merges]

    def _encode_word(self, word):
        ids = self.cache.get(word)
        if ids is not None:
            return ids
        ids = list(word.encode("utf-8"))
        while len(ids) > 1:
            best = None
            for i in range(len(ids) - 1):
                r = self.ranks.get((ids[i], ids[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            r, _ = best
            pair = self.merges[r]
            out, i = [], 0
            while i < len(ids):
                if i < len(ids) - 1 and (ids[i], ids[i + 1]) == pair:
                    out.append(256 + r)
                    i += 2
                else:
                    out.append(ids[i])
                    i += 1
            ids = out
        self.cache[word] = ids
        return ids

    def encode(self, text):
        out = []
        for w in pretokenize(text):
            out.extend(self._encode_word(w))
        return out

    def decode(self, ids):
        return b"".join(self.token_bytes[i] if i != self.eot else EOT.encode() for i in ids).decode("utf-8", "replace")

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"type": "byte-level BPE (GPT-2)", "pattern": GPT2_PATTERN, "merges": self.merges,
                       "tokens": self.tokens(), "eot": self.eot}, f, indent=0)

    @staticmethod
    def load(path):
        with open(path, encoding="utf-8") as f:
            return Tokenizer(json.load(f)["merges"])


def train(texts, vocab_size):
    n_merges = vocab_size - 256 - 1
    counts = collections.Counter()
    for t in texts:
        counts.update(pretokenize(t))
    words = [(list(w.encode("utf-8")), c) for w, c in counts.items()]
    merges = []
    for k in range(n_merges):
        pairs = collections.Counter()
        for ids, c in words:
            for p in zip(ids, ids[1:]):
                pairs[p] += c
        if not pairs:
            break
        top = max(pairs.values())
        pair = min(p for p, c in pairs.items() if c == top)
        new = 256 + k
        merges.append(pair)
        for j, (ids, c) in enumerate(words):
            if len(ids) < 2:
                continue
            out, i = [], 0
            while i < len(ids):
                if i < len(ids) - 1 and ids[i] == pair[0] and ids[i + 1] == pair[1]:
                    out.append(new)
                    i += 2
                else:
                    out.append(ids[i])
                    i += 1
            words[j] = (out, c)
    return Tokenizer(merges)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--vocab", type=int, default=512, help="total vocabulary: 256 bytes + merges + <|endoftext|>")
    args = ap.parse_args()
    train_books = load_split(os.path.join(args.out, "train.tsv"))
    held_books = load_split(os.path.join(args.out, "heldout.tsv"))
    texts = [book_text(v) for _, v in train_books]
    # The regex module's Unicode classes and the ASCII classes agree on the whole corpus (it is ASCII).
    for t in texts + [book_text(v) for _, v in held_books]:
        assert GPT2_SPLIT.findall(t) == ASCII_SPLIT.findall(t)
    tok = train(texts, args.vocab)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    for name, books in (("train", train_books), ("held-out", held_books)):
        chars = sum(len(book_text(v)) for _, v in books)
        ids = sum(len(tok.encode(book_text(v))) for _, v in books)
        assert all(tok.decode(tok.encode(book_text(v))) == book_text(v) for _, v in books)
        print("%s: %d characters, %d tokens, %.3f characters per token" % (name, chars, ids, chars / ids))
    print("vocabulary %d = 256 bytes + %d merges + <|endoftext|> (id %d); last merges: %s"
          % (tok.vocab_size, len(tok.merges), tok.eot, tok.merge_strings()[-5:]))


if __name__ == "__main__":
    main()
