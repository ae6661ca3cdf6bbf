#!/usr/bin/python3
"""Reads the King James Bible from Debian's bible-kjv-text (through the `bible` command of bible-kjv) and writes the
fixed train / held-out split used by every other script here.

Normalisation: one verse per record; runs of white space collapse to one space; leading and trailing space is
stripped. The verse reference is kept as metadata only: the models see verse text, one verse per line ("\\n" after each
verse), one document per book.

Output (TSV, one verse per line: book, chapter:verse, text):
    OUT/train.tsv     every book except the held-out ones
    OUT/heldout.tsv   the held-out books, whole: HELDOUT below (5.05 % of the characters)
"""
import argparse
import os
import re
import subprocess
import sys

# Whole books held out, by the `bible` program's abbreviations: Ruth, Esther, Proverbs, Ecclesiastes, Lamentations,
# Jonah, Galatians, Colossians, Philemon, Jude -- narrative, wisdom, poetry and epistles, 5.05 % of the characters.
HELDOUT = ("Ruth", "Est", "Prv", "Eccl", "Lam", "Jonah", "Gal", "Col", "Phmn", "Jude")

REF = re.compile(r"^(\d?[A-Za-z]+)(\d+:\d+)$")


def read_bible(dump=None):
    """Yields (book, 'chapter:verse', text) for all 31,102 verses, in canonical order."""
    if dump:
        with open(dump, encoding="ascii") as f:
            raw = f.read()
    else:
        # -f turns pretty-printing off: one verse per line, preceded by its reference.
        raw = subprocess.run(["bible", "-f", "Gen1:1-Rev22:21"], stdin=subprocess.DEVNULL, check=True,
                             capture_output=True).stdout.decode("ascii")
    for line in raw.splitlines():
        if not line.strip():
            continue
        ref, text = line.split(" ", 1)
        m = REF.match(ref)
        if not m:
            raise ValueError("unexpected line: " + line[:80])
        yield m.group(1), m.group(2), " ".join(text.split())


def load_split(path):
    """[(book, [verse text, ...]), ...] in file order."""
    books = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            book, _, text = line.rstrip("\n").split("\t")
            if not books or books[-1][0] != book:
                books.append((book, []))
            books[-1][1].append(text)
    return books


def book_text(verses):
    """A book as the model sees it: each verse followed by a newline."""
    return "".join(v + "\n" for v in verses)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    ap.add_argument("--dump", help="a saved `bible -f Gen1:1-Rev22:21` output instead of running bible")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    verses = list(read_bible(args.dump))
    if len(verses) != 31102:
        sys.exit("expected 31102 verses, got %d" % len(verses))
    missing = set(HELDOUT) - {b for b, _, _ in verses}
    if missing:
        sys.exit("held-out books not found: %s" % sorted(missing))
    chars = {"train": 0, "heldout": 0}
    with open(os.path.join(args.out, "train.tsv"), "w", encoding="utf-8") as tr, \
            open(os.path.join(args.out, "heldout.tsv"), "w", encoding="utf-8") as ho:
        for book, ref, text in verses:
            split = "heldout" if book in HELDOUT else "train"
            (ho if split == "heldout" else tr).write("%s\t%s\t%s\n" % (book, ref, text))
            chars[split] += len(text) + 1
    total = chars["train"] + chars["heldout"]
    print("verses %d, characters (with one newline per verse): train %d, held-out %d (%.2f %%), books held out: %s"
          % (len(verses), chars["train"], chars["heldout"], 100.0 * chars["heldout"] / total, ", ".join(HELDOUT)))


if __name__ == "__main__":
    main()
