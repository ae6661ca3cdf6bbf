#!/usr/bin/python3
"""Held-out bits per character: teacher-forced log-likelihood of every held-out book (OUT/heldout.tsv, the whole
split), each book scored on its own, conditioned on a leading <|endoftext|> (as books follow one another in training).
Windows of the model's context (256 tokens) advance by half a context, so every token after the first window is
scored with at least 128 tokens of context. bits/char = sum(-log2 p(token)) / characters of the books' text (verse
text plus one newline per verse; the corpus is ASCII, so characters = bytes).

    python3 evaluate.py --size small            # the trained checkpoint OUT/kjv-small.pt
    python3 evaluate.py --gguf OUT/kjv-large.gguf  # exactly the weights that ship (F16 rounded)
"""
import argparse
import math
import os

import torch
import torch.nn.functional as F

from bpe import Tokenizer
from export_gguf import model_from_gguf
from model import load_checkpoint
from prepare import book_text, load_split


@torch.no_grad()
def nll_of(model, ids, stride):
    """Sum of -ln p(ids[i] | ids[:i]) for i >= 1."""
    ctx = model.cfg.context
    total, scored, start = 0.0, 1, 0
    while scored < len(ids):
        window = ids[start:start + ctx + 1]
        x = torch.tensor([window[:-1]])
        y = torch.tensor(window[1:])
        lp = F.log_softmax(model(x)[0].double(), -1)
        tok_nll = -lp[torch.arange(len(y)), y]
        first_new = scored - start - 1  # index in y of the first token not scored yet
        total += tok_nll[first_new:].sum().item()
        scored = start + len(window)
        start += stride
    return total


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--size")
    g.add_argument("--gguf")
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.gguf:
        model, _ = model_from_gguf(args.gguf)
        what = args.gguf
    else:
        model, _ = load_checkpoint(os.path.join(args.out, "kjv-%s.pt" % args.size))
        what = "checkpoint kjv-%s.pt" % args.size
    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))
    nats = chars = tokens = 0
    for book, verses in load_split(os.path.join(args.out, "heldout.tsv")):
        text = book_text(verses)
        ids = [tok.eot] + tok.encode(text)
        nats += nll_of(model, ids, model.cfg.context // 2)
        chars += len(text)
        tokens += len(ids) - 1
    print("%s: held-out %d characters, %d tokens; %.4f nats/token; %.4f bits/character"
          % (what, chars, tokens, nats / tokens, nats / math.log(2) / chars))


if __name__ == "__main__":
    main()
