#!/usr/bin/python3
"""Greedy (argmax) continuation from a GGUF file with the torch model, for comparison with llama.cpp:
prints the prompt's token ids and the generated ids and text. The prompt is encoded without BOS.

    python3 generate.py --gguf OUT/kjv-small.gguf --prompt "Now it came to pass" --tokens 64
"""
import argparse
import json
import os

import torch

from bpe import Tokenizer
from export_gguf import model_from_gguf


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--gguf", required=True)
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, _ = model_from_gguf(args.gguf)
    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))
    prompt = tok.encode(args.prompt)
    ids = model.greedy(prompt, args.tokens)
    with torch.no_grad():  # margin between the top two logits at each step: how near a tie each choice was
        logits = model(torch.tensor([(prompt + ids)[:model.cfg.context]]))[0, len(prompt) - 1:len(prompt) - 1 + len(ids)]
        top2 = logits.topk(2, -1).values
    print(json.dumps({"prompt_ids": prompt, "ids": ids, "text": tok.decode(ids),
                      "min_margin": round(float((top2[:, 0] - top2[:, 1]).min()), 5),
                      "margins": [round(float(m), 4) for m in (top2[:, 0] - top2[:, 1])]}))


if __name__ == "__main__":
    main()
