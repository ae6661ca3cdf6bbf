#!/usr/bin/python3
"""Builds the generation suite's datasets from the held-out books of the King James Bible.

The held-out split is the one tools/train/prepare.py writes (whole books the models never saw in training).
Two JSONL datasets, one JSON object per line ({"id", "text", "label", "source"}):

  verse-completion.jsonl  text  = the verse before + "\\n" + the first half of a verse's words,
                          label = the rest of the verse, starting with its space ("given the first half of a
                                  held-out verse, continue it"; scored on the next word and the next 32 characters)
  bits-per-char.jsonl     text  = the verse before + "\\n" (context),
                          label = the verse + "\\n" (the text scored by log-likelihood)

Items are drawn with a fixed seed from held-out verses of at least 8 words that have a verse before them in the
same book. Run it by hand after prepare.py; the outputs are committed, so the build needs neither.

    python3 tools/train/prepare.py            # writes tools/train/out/heldout.tsv
    python3 tools/generation/make_suite.py    # writes the suite's datasets
"""
import argparse
import hashlib
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "harness", "src", "main", "resources", "org", "joulebench", "harness", "suites", "kjv")
SEED = 20261129
ITEMS = 120  # bits-per-char items, and the first verse-completion items
COMPLETION_ITEMS = 360  # verse-completion items: 120 more than the first draw, for a next-word metric that can tell models apart


def load(path):
    """[(book, ref, text)] in file order."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            book, ref, text = line.rstrip("\n").split("\t")
            rows.append((book, ref, text))
    return rows


def candidates(rows):
    """(book, ref, previous verse, verse) for verses of >= 8 words with a verse before them in the same book."""
    out = []
    for i in range(1, len(rows)):
        book, ref, text = rows[i]
        if rows[i - 1][0] == book and len(text.split()) >= 8:
            out.append((book, ref, rows[i - 1][2], text))
    return out


def write(path, items):
    with open(path, "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", default=os.path.join(ROOT, "tools", "train", "out", "heldout.tsv"))
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    pool = candidates(load(args.heldout))
    rng = random.Random(SEED)
    chosen = rng.sample(pool, 2 * ITEMS)
    completion, scoring = chosen[:ITEMS], chosen[ITEMS:]
    # Version 1.1 of the suite: more completion items, drawn after (and apart from) the first 2 x ITEMS, so the
    # first 120 completion items and every bits-per-char item stay as they were.
    rest = [c for c in pool if c not in chosen]
    completion = completion + rng.sample(rest, COMPLETION_ITEMS - ITEMS)
    completion_items = []
    for book, ref, before, verse in sorted(completion, key=lambda c: (c[0], c[1])):
        words = verse.split(" ")
        half = len(words) // 2
        completion_items.append({"id": "vc-%s-%s" % (book, ref.replace(":", "-")),
                                 "text": before + "\n" + " ".join(words[:half]),
                                 "label": " " + " ".join(words[half:]),
                                 "source": "KJV %s %s (held out)" % (book, ref)})
    scoring_items = [{"id": "bpc-%s-%s" % (book, ref.replace(":", "-")), "text": before + "\n", "label": verse + "\n",
                      "source": "KJV %s %s (held out)" % (book, ref)}
                     for book, ref, before, verse in sorted(scoring, key=lambda c: (c[0], c[1]))]
    sums = {
        "verse-completion.jsonl": write(os.path.join(args.out, "verse-completion.jsonl"), completion_items),
        "bits-per-char.jsonl": write(os.path.join(args.out, "bits-per-char.jsonl"), scoring_items),
    }
    with open(args.heldout, "rb") as f:
        heldout_sha = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(args.out, "PROVENANCE.md"), "w", encoding="utf-8") as f:
        f.write("# Generation suite datasets: provenance\n\n")
        f.write("Source: the King James Bible (public domain) from Debian's `bible-kjv-text`, the held-out books of\n")
        f.write("`tools/train/prepare.py` (never seen in training). heldout.tsv sha256 `%s`.\n\n" % heldout_sha)
        f.write("Generator: `python3 tools/generation/make_suite.py` (seed %d; %d bits-per-char and %d verse-completion\n"
                % (SEED, ITEMS, COMPLETION_ITEMS))
        f.write("items, drawn without overlap from held-out verses of at least 8 words that follow another verse of the\n")
        f.write("same book; the verse-completion items beyond the first %d were added in suite version 1.1, drawn after\n" % ITEMS)
        f.write("the others, so that the next-word metric, a yes/no per item, has the items to separate two models).\n\n")
        f.write("| file | items | sha256 |\n|---|---|---|\n")
        counts = {"verse-completion.jsonl": COMPLETION_ITEMS, "bits-per-char.jsonl": ITEMS}
        for name, s in sums.items():
            f.write("| %s | %d | `%s` |\n" % (name, counts[name], s))
        f.write("\nverse-completion: text = previous verse + newline + first half of the verse's words; label = the rest,\n")
        f.write("with its leading space. bits-per-char: text = previous verse + newline; label = the verse + newline.\n")
    print("wrote", args.out, sums)


if __name__ == "__main__":
    main()
