#!/usr/bin/python3
"""The generation suite's two metrics computed straight from a checkpoint or GGUF, to choose between checkpoints
without building the Java side: next-word exact match of a 32-token greedy continuation (kjv-verse-completion) and
bits per character of each verse given the verse before (kjv-bits-per-char), over all 120 items of each dataset.

This is a proxy for choosing checkpoints, not a result: the figures that count are the harness's
(`joulebench run --suite generation`), which run the shipped GGUF on both engines. Prompts are encoded after a
leading <|endoftext|>, as the engines do.

    python3 suite_eval.py --ckpt out/kjv-large.pt
    python3 suite_eval.py --gguf out/kjv-large.gguf
"""
import argparse
import json
import math
import os

import torch
import torch.nn.functional as F

from bpe import Tokenizer
from export_gguf import model_from_gguf
from model import load_checkpoint

SUITE = os.path.join("harness", "src", "main", "resources", "org", "joulebench", "harness", "suites", "kjv")


def first_word(text):
    t = text.lstrip()
    end = 0
    while end < len(t) and not t[end].isspace():
        end += 1
    return t[:end]


def items(root, name):
    with open(os.path.join(root, SUITE, name)) as f:
        return [json.loads(line) for line in f if line.strip()]


@torch.no_grad()
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--ckpt")
    g.add_argument("--gguf")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, _ = model_from_gguf(args.gguf) if args.gguf else load_checkpoint(args.ckpt)
    model.eval()
    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))

    hits = 0
    vc = items(root, "verse-completion.jsonl")
    for it in vc:
        prompt = [tok.eot] + tok.encode(it["text"])
        out = tok.decode(model.greedy(prompt, 32))
        hits += first_word(out) == first_word(it["label"])
    nats = chars = 0
    bpc = items(root, "bits-per-char.jsonl")
    for it in bpc:
        ctx = [tok.eot] + tok.encode(it["text"])
        target = tok.encode(it["label"])
        ids = ctx + target
        lp = F.log_softmax(model(torch.tensor([ids[:-1]]))[0].double(), -1)
        y = torch.tensor(ids[1:])
        nats += -lp[torch.arange(len(y)), y][len(ctx) - 1:].sum().item()
        chars += len(it["label"])
    print("next-word exact match %.3f (%d/%d); bits/char %.4f (%d items)"
          % (hits / len(vc), hits, len(vc), nats / math.log(2) / chars, len(bpc)))


if __name__ == "__main__":
    main()
