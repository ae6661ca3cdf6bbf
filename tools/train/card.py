#!/usr/bin/python3
"""Writes a model card (Markdown) and prints the catalogue entry for a shipped GGUF, from the checkpoint's training
record, the file itself (sha256, size, held-out bits per character of exactly these weights) and, if present,
OUT/kjv-SIZE.llamacpp.json (the llama.cpp agreement check, see README.md).

    python3 card.py --size small --gguf ../../model-zoo/src/main/resources/org/joulebench/zoo/models/kjv-small.gguf
"""
import argparse
import hashlib
import json
import math
import os
import subprocess

from bpe import Tokenizer
from evaluate import nll_of
from export_gguf import model_from_gguf
from model import load_checkpoint
from prepare import HELDOUT, book_text, load_split

BOOKS = {"Ruth": "Ruth", "Est": "Esther", "Prv": "Proverbs", "Eccl": "Ecclesiastes", "Lam": "Lamentations",
         "Jonah": "Jonah", "Gal": "Galatians", "Col": "Colossians", "Phmn": "Philemon", "Jude": "Jude"}


def heldout_bpc(model, tok, out):
    nats = chars = tokens = 0
    for _, verses in load_split(os.path.join(out, "heldout.tsv")):
        text = book_text(verses)
        ids = [tok.eot] + tok.encode(text)
        nats += nll_of(model, ids, model.cfg.context // 2)
        chars += len(text)
        tokens += len(ids) - 1
    return nats / math.log(2) / chars, nats / tokens, chars, tokens


def deb_version(pkg):
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True, text=True).stdout


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", required=True)
    ap.add_argument("--gguf", required=True)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--remark", default="", help="a paragraph for the card's Limitations section")
    args = ap.parse_args()
    sid = "kjv-" + args.size
    data = open(args.gguf, "rb").read()
    sha, size = hashlib.sha256(data).hexdigest(), len(data)
    ck_model, ck = load_checkpoint(os.path.join(args.out, sid + ".pt"))
    model, kv = model_from_gguf(args.gguf)
    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))
    cfg, tr = model.cfg, ck["train"]
    f16 = kv["general.file_type"] == 1
    bpc, npt, chars, tokens = heldout_bpc(model, tok, args.out)
    ck_bpc = heldout_bpc(ck_model, tok, args.out)[0] if f16 else bpc
    n = model.parameter_count()
    train_chars = sum(len(book_text(v)) for _, v in load_split(os.path.join(args.out, "train.tsv")))
    check_path = os.path.join(args.out, sid + ".llamacpp.json")
    check = json.load(open(check_path)) if os.path.exists(check_path) else None

    hd = cfg.dim // cfg.heads
    stages = []
    st = tr
    while st:
        stages.insert(0, st)
        st = st.get("continued_from")
    total_tokens = sum(st["tokens_seen"] for st in stages)
    lines = [
        "# %s" % sid, "",
        "A %s Llama-architecture language model trained by Joulebench (`tools/train`) on the King James Bible, for "
        "energy measurements of text generation. It writes KJV-flavoured English; it knows nothing else and is not "
        "meant for any use beyond benchmarking." % ("small (~1 M parameter)" if args.size == "small"
                                                     else "larger (~7 M parameter)"), "",
        "| | |", "|---|---|",
        "| file | `%s.gguf`, GGUF v3, %s matrices (norm weights F32) |" % (sid, "F16" if f16 else "F32"),
        "| size | %d bytes |" % size,
        "| sha256 | `%s` |" % sha,
        "| licence | CC0-1.0 (weights trained by this project on public-domain text) |", "",
        "## Data",
        "- King James Version, Debian package `bible-kjv-text` %s, read through the `bible` program of "
        "`bible-kjv` %s (`bible -f Gen1:1-Rev22:21`): 31,102 verses, ASCII. Public domain." %
        (deb_version("bible-kjv-text"), deb_version("bible-kjv")),
        "- Normalisation (`prepare.py`): white space collapsed, references dropped; the model sees verse text, one "
        "verse per line (`\\n` after each verse), one document per book; documents are separated by "
        "`<|endoftext|>` in training.",
        "- Held-out split, whole books: %s — %d characters, 5.05 %% of the text. Training: the other 56 books, "
        "%d characters." % (", ".join(BOOKS[b] for b in HELDOUT), chars, train_chars), "",
        "## Tokenizer",
        "Byte-level BPE, GPT-2 style (`bpe.py`), trained on the training split: vocabulary %d = 256 byte tokens + "
        "%d merges + `<|endoftext|>` (id %d, BOS = EOS, not added to prompts); GPT-2 pre-tokenizer regex "
        "(`tokenizer.ggml.pre = gpt-2`). %.2f characters per token on the held-out split."
        % (tok.vocab_size, len(tok.merges), tok.eot, chars / tokens), "",
        "## Architecture",
        "Llama (`model.py`): dim %d, %d layers, %d heads (head dim %d, no GQA), SwiGLU feed-forward %d, context %d, "
        "RMSNorm eps 1e-5, RoPE on adjacent pairs, base 10000, no biases, untied output head." %
        (cfg.dim, cfg.layers, cfg.heads, hd, cfg.ffn, cfg.context), "",
        "Parameters: **%s** = 2 × %d × %d (token embedding, output) + %d × (4 × %d² + 3 × %d × %d + 2 × %d) + %d."
        % (format(n, ","), cfg.vocab, cfg.dim, cfg.layers, cfg.dim, cfg.dim, cfg.ffn, cfg.dim, cfg.dim), "",
        "## Training (`train.py --size %s`%s)" % (args.size, "" if len(stages) == 1 else
                                                    ", continued with `--init-from` the previous checkpoint"),
    ] + [
        "- %s: %d steps × %d sequences × %d tokens = %s tokens, peak learning rate %g, %d warm-up steps, seed %d, "
        "%d thread(s), %.0f s (%.1f min)." % ("Run %d" % (i + 1) if len(stages) > 1 else "Run", st["steps"],
                                             st["batch"], st["seq"], format(st["tokens_seen"], ","), st["peak_lr"],
                                             st["warmup"], st["seed"], st["threads"], st["wall_s"], st["wall_s"] / 60)
        for i, st in enumerate(stages)
    ] + [
        "- In all: %s tokens seen (%.2f passes over the %s training tokens), %.0f min of training."
        % (format(total_tokens, ","), total_tokens / tr["train_tokens"], format(tr["train_tokens"], ","),
           sum(st["wall_s"] for st in stages) / 60),
        "- Optimiser: %s." % tr["optimiser"],
        "- Wall times are on a 2-core AMD EPYC VM shared with other work (builds, other training); expect much less "
        "on an idle machine.",
        "- Final training loss (mean of the last 50 steps): %.4f nats/token." % tr["final_loss"], "",
        "## Evaluation (`evaluate.py`)",
        "Held-out bits per character, teacher-forced over the whole held-out split (each book conditioned on a leading "
        "`<|endoftext|>`; windows of 256 tokens advancing by 128): **%.4f** bits/character (%.4f nats/token) for this "
        "file%s." % (bpc, npt, "" if not f16 else "; %.4f with the F32 checkpoint before F16 rounding" % ck_bpc), "",
    ]
    if check:
        lines += ["## llama.cpp check", check["summary"], ""]
    if args.remark:
        lines += ["## Limitations", args.remark, ""]
    lines += [
        "## Regenerate",
        "See `tools/train/README.md`: `prepare.py`, `bpe.py`, `train.py --size %s`, `export_gguf.py --size %s%s`, "
        "`evaluate.py`, `card.py`. The split and tokenizer are deterministic; training is seeded (CPU float "
        "results may differ slightly across machines and thread counts)." % (args.size, args.size,
                                                                            " --f16" if f16 else ""), ""]
    card = os.path.join(os.path.dirname(os.path.abspath(args.gguf)), sid + ".md")
    with open(card, "w") as f:
        f.write("\n".join(lines))
    entry = {
        "id": sid, "family": "Llama", "task": "generation", "parameters": n, "layers": cfg.layers,
        "hiddenSize": cfg.dim, "precision": "fp16" if f16 else "fp32", "format": "gguf",
        "source": {"kind": "maven", "coordinates": "org.joulebench:model-zoo:0.1.0-SNAPSHOT",
                   "model": "org/joulebench/zoo/models/%s.gguf" % sid, "tokenizer": ""},
        "sha256": sha, "sizeBytes": size, "licence": "CC0-1.0", "pooling": "mean", "normalize": False,
        "maxTokens": cfg.context, "upstream": "trained by Joulebench (tools/train)", "inputPrefix": "",
        "note": ("Llama trained by this project on the King James Bible (Debian bible-kjv-text, public domain), "
                 "held-out books excluded; model card %s.md beside the file. GGUF carries its byte-level BPE "
                 "tokenizer (vocabulary %d), so tokenizer is empty. pooling and normalize are unused for "
                 "generation. Held-out %.3f bits/character." % (sid, cfg.vocab, bpc)),
    }
    print("wrote", card)
    print(json.dumps(entry, indent=2))
    with open(os.path.join(args.out, sid + ".entry.json"), "w") as f:
        json.dump(entry, f, indent=2)


if __name__ == "__main__":
    main()
