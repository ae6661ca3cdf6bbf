#!/usr/bin/env python3
"""Generate the Joulebench WordNet embedding-benchmark datasets.

Reads the WordNet 3.0 noun database files (data.noun, index.noun) directly
and writes, into the harness suites/wordnet resource folder:

  reverse-dictionary.jsonl  gloss -> head lemma retrieval items
  noun-category.jsonl       lemma -> lexicographer-file classification items
  WORDNET-LICENSE.txt       the WordNet 3.0 licence notice (copied verbatim)
  PROVENANCE.md             source, checksums, selection rules, counts

Python 3 standard library only, no network access, fully deterministic:
rerunning against the same WordNet files gives byte-identical output.

Usage (from the repository root):

  python3 tools/wordnet/generate.py [--wordnet-dir /usr/share/wordnet] [--out DIR]

The WordNet files come from the Debian package ``wordnet-base``
(``apt-get install wordnet-base``). The Maven build does not need that
package: the generated files are committed.
"""

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys

SEED = 20261129
RD_SIZE = 600
RD_MIN_WORDS = 4
RD_MAX_WORDS = 25
NC_TRAIN_PER_CLASS = 50
NC_TEST_PER_CLASS = 60
NC_MAX_WORDS = 3
NC_CLASSES = [
    "noun.animal",
    "noun.artifact",
    "noun.body",
    "noun.food",
    "noun.location",
    "noun.person",
    "noun.plant",
    "noun.substance",
    "noun.communication",
    "noun.act",
]

# Lexicographer file numbers -> names, as documented in lexnames(5WN) for
# WordNet 3.0. Used when the WordNet directory has no ``lexnames`` file
# (the Debian package does not ship one).
BUILTIN_LEXNAMES = {
    0: "adj.all", 1: "adj.pert", 2: "adv.all", 3: "noun.Tops",
    4: "noun.act", 5: "noun.animal", 6: "noun.artifact",
    7: "noun.attribute", 8: "noun.body", 9: "noun.cognition",
    10: "noun.communication", 11: "noun.event", 12: "noun.feeling",
    13: "noun.food", 14: "noun.group", 15: "noun.location",
    16: "noun.motive", 17: "noun.object", 18: "noun.person",
    19: "noun.phenomenon", 20: "noun.plant", 21: "noun.possession",
    22: "noun.process", 23: "noun.quantity", 24: "noun.relation",
    25: "noun.shape", 26: "noun.state", 27: "noun.substance",
    28: "noun.time", 29: "verb.body", 30: "verb.change",
    31: "verb.cognition", 32: "verb.communication", 33: "verb.competition",
    34: "verb.consumption", 35: "verb.contact", 36: "verb.creation",
    37: "verb.emotion", 38: "verb.motion", 39: "verb.perception",
    40: "verb.possession", 41: "verb.social", 42: "verb.stative",
    43: "verb.weather", 44: "adj.ppl",
}

# A lemma (after underscores -> spaces) made of letters, single spaces and
# single hyphens only, starting and ending with a letter.
LEMMA_RE = re.compile(r"^[A-Za-z]+(?:[ -][A-Za-z]+)*$")


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_out():
    return os.path.join(repo_root(), "harness", "src", "main", "resources",
                        "org", "joulebench", "harness", "suites", "wordnet")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_lines(path):
    # The WordNet 3.0 database is plain ASCII; latin-1 never fails to decode.
    with open(path, "r", encoding="latin-1", newline="\n") as f:
        for line in f:
            if line.startswith("  "):  # licence header lines
                continue
            yield line.rstrip("\n")


def load_lexnames(wordnet_dir):
    path = os.path.join(wordnet_dir, "lexnames")
    if not os.path.exists(path):
        return dict(BUILTIN_LEXNAMES), "built-in table from lexnames(5WN)"
    names = {}
    with open(path, "r", encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                names[int(parts[0])] = parts[1]
    return names, path


def parse_data_noun(path):
    """Parse data.noun. Returns {offset: synset dict}, in file order."""
    synsets = {}
    for line in read_lines(path):
        data, _, gloss = line.partition(" | ")
        f = data.split()
        offset = f[0]
        lex_filenum = int(f[1])
        ss_type = f[2]
        w_cnt = int(f[3], 16)
        words = []
        i = 4
        for _ in range(w_cnt):
            words.append(f[i])  # f[i + 1] is lex_id (hex), unused here
            i += 2
        p_cnt = int(f[i])
        i += 1 + 4 * p_cnt  # pointer: symbol offset pos source/target
        if i != len(f):
            raise ValueError("unexpected trailing fields in synset %s" % offset)
        synsets[offset] = {
            "offset": offset,
            "lex_filenum": lex_filenum,
            "ss_type": ss_type,
            "words": words,
            "gloss": gloss.strip(),
        }
    return synsets


def parse_index_noun(path):
    """Parse index.noun. Returns {lemma: [synset offsets]}."""
    index = {}
    for line in read_lines(path):
        f = line.split()
        lemma = f[0]
        synset_cnt = int(f[2])
        p_cnt = int(f[3])
        offsets = f[4 + p_cnt + 2:]
        if len(offsets) != synset_cnt:
            raise ValueError("bad index line for %r" % lemma)
        index[lemma] = offsets
    return index


def definition_of(gloss):
    """Gloss part before the first '; "' example quote, stripped."""
    cut = gloss.find('; "')
    if cut >= 0:
        gloss = gloss[:cut]
    return gloss.strip()


def leaks(lemma, text):
    """True if the gloss gives the lemma away (case-insensitive): it contains
    the whole lemma, or any lemma component word of 3+ letters (also with a
    plural -s/-es), as a whole word; or a word that shares a long prefix with
    a lemma component (see below)."""
    low = text.lower()
    terms = {lemma.lower()}
    for part in re.split(r"[ -]", lemma.lower()):
        if len(part) >= 3:
            terms.update((part, part + "s", part + "es"))
    for term in terms:
        if re.search(r"(?<![A-Za-z])" + re.escape(term) + r"(?![A-Za-z])", low):
            return True
    # Derivational leakage (paleographer / paleography, surgeon / surgery,
    # myope / myopia, televangelist / evangelist): a lemma component and a
    # gloss word, both of 4+ letters, that share a prefix of
    # max(4, min(5, shorter length - 1)) letters, or where one of 5+ letters
    # is contained in the other.
    parts = [p for p in re.split(r"[ -]", lemma.lower()) if len(p) >= 4]
    for word in re.findall(r"[a-z]{4,}", low):
        for part in parts:
            need = max(4, min(5, min(len(word), len(part)) - 1))
            if word[:need] == part[:need]:
                return True
            if (len(word) >= 5 and word in part) or (len(part) >= 5 and part in word):
                return True
    return False


def monosemous(index, lemma):
    offsets = index.get(lemma.lower())
    return offsets is not None and len(offsets) == 1


def build_reverse_dictionary(synsets, index):
    candidates = []
    for offset in sorted(synsets):
        s = synsets[offset]
        head = s["words"][0]
        label = head.replace("_", " ")
        if not LEMMA_RE.match(label):
            continue
        if not monosemous(index, head):
            continue
        text = definition_of(s["gloss"])
        n_words = len(text.split())
        if n_words < RD_MIN_WORDS or n_words > RD_MAX_WORDS:
            continue
        if leaks(label, text):
            continue
        candidates.append((offset, text, label))
    # Head lemmas are monosemous, so labels are already distinct; enforce it.
    seen = set()
    unique = []
    for c in candidates:
        key = c[2].lower()
        if key not in seen:
            seen.add(key)
            unique.append(c)
    rng = random.Random(SEED)
    picked = sorted(rng.sample(unique, RD_SIZE))
    items = [{"id": "rd-" + off, "text": text, "label": label,
              "source": "wn30:n:" + off} for off, text, label in picked]
    assert len({i["label"].lower() for i in items}) == RD_SIZE
    return items, len(unique)


def build_noun_category(synsets, index, lexnames):
    wanted = set(NC_CLASSES)
    by_class = {c: [] for c in NC_CLASSES}
    for lemma_key in sorted(index):
        offsets = index[lemma_key]
        if len(offsets) != 1:
            continue
        s = synsets[offsets[0]]
        cls = lexnames[s["lex_filenum"]]
        if cls not in wanted:
            continue
        # Surface form (original case) and 1-based word number in the synset.
        pos = None
        for n, w in enumerate(s["words"], start=1):
            if w.lower() == lemma_key:
                pos = n
                break
        if pos is None:
            raise ValueError("lemma %r not in synset %s" % (lemma_key, offsets[0]))
        lemma = s["words"][pos - 1].replace("_", " ")
        if not LEMMA_RE.match(lemma):
            continue
        if len(lemma.split(" ")) > NC_MAX_WORDS:
            continue
        by_class[cls].append((lemma, s["offset"], pos))
    rng = random.Random(SEED)
    train, test = [], []
    per_class = NC_TRAIN_PER_CLASS + NC_TEST_PER_CLASS
    pool_sizes = {}
    for cls in NC_CLASSES:
        cands = sorted(by_class[cls])
        pool_sizes[cls] = len(cands)
        picked = rng.sample(cands, per_class)
        for k, (lemma, off, n) in enumerate(picked):
            item = {"id": "nc-%s-%d" % (off, n), "text": lemma, "label": cls,
                    "split": "train" if k < NC_TRAIN_PER_CLASS else "test",
                    "source": "wn30:n:" + off}
            (train if k < NC_TRAIN_PER_CLASS else test).append(item)
    train.sort(key=lambda i: i["id"])
    test.sort(key=lambda i: i["id"])
    items = train + test
    assert len({i["text"].lower() for i in items}) == len(items)
    assert len({i["id"] for i in items}) == len(items)
    return items, pool_sizes


def write_jsonl(path, items):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


def dpkg_version(package):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             check=True, universal_newlines=True).stdout.strip()
        return out or None
    except (OSError, subprocess.CalledProcessError):
        return None


def write_provenance(path, args, version, lexnames_src, hashes, rd_pool,
                     nc_pools, nc_items, out_hashes):
    counts = {c: {"train": 0, "test": 0} for c in NC_CLASSES}
    for i in nc_items:
        counts[i["label"]][i["split"]] += 1
    rows = "\n".join("| %s | %d | %d | %d |" % (c, nc_pools[c], counts[c]["train"],
                                                 counts[c]["test"]) for c in NC_CLASSES)
    n_train = sum(c["train"] for c in counts.values())
    n_test = sum(c["test"] for c in counts.values())
    text = f"""# WordNet 3.0 embedding tasks: provenance

Generated by `tools/wordnet/generate.py`. Do not edit the JSONL files by hand;
change the generator and rerun it.

## Source

- WordNet 3.0, Princeton University (https://wordnet.princeton.edu/),
  as shipped by the Debian package `wordnet-base` version `{version}`
  (`dpkg-query -W wordnet-base`), files under `/usr/share/wordnet`.
- Licence: WordNet 3.0 licence, see `WORDNET-LICENSE.txt` (verbatim copy of
  `/usr/share/doc/wordnet-base/copyright`). The notice must be kept with
  these files.
- Input checksums (sha256):
  - `data.noun`: `{hashes['data.noun']}`
  - `index.noun`: `{hashes['index.noun']}`
- Lexicographer file names: {lexnames_src} (the package ships no `lexnames` file).

The Maven build does not need the Debian package: the generated files below are
committed. The package is only needed to regenerate them.

## Regenerate

```
apt-get install wordnet-base
python3 tools/wordnet/generate.py --wordnet-dir /usr/share/wordnet
```

Python 3 standard library only, no network. Output is deterministic: a rerun
on the same input files is byte-identical (check the sha256s below).

## Parsing

`data.noun` is parsed directly (WordNet data-file format, wndb(5WN)): synset
offset, lex_filenum, ss_type, w_cnt (hex), w_cnt x (word, lex_id), p_cnt,
p_cnt x (pointer symbol, offset, pos, source/target), `|` gloss. `index.noun`
gives each lemma's synset offsets; "monosemous" means exactly one noun synset
(synset_cnt 1) for the lowercased lemma.

## reverse-dictionary.jsonl (scorer: retrieval)

Query = a synset's definition, answer = its head lemma. Candidates are all
labels in the file, so labels are distinct.

- Head lemma = first word of the synset, underscores -> spaces, original case.
- Head lemma monosemous as a noun (index.noun synset_cnt = 1).
- Lemma made of letters, single spaces and hyphens only
  (`^[A-Za-z]+(?:[ -][A-Za-z]+)*$`).
- Text = gloss up to the first `; "` (start of the example quotes), stripped.
- Text has {RD_MIN_WORDS} to {RD_MAX_WORDS} whitespace-separated words.
- No leakage: the text does not contain, as a whole word (case-insensitive),
  the lemma, nor any component word of the lemma of 3+ letters, nor such a
  word with a plural `s`/`es` suffix; nor a word of 4+ letters that shares a
  prefix of `max(4, min(5, len(shorter) - 1))` letters with a lemma component
  of 4+ letters, or where one of the two (5+ letters) contains the other
  (catches derivations: paleographer / paleography, surgeon / surgery,
  televangelist / evangelist).
- Candidate pool after filtering: {rd_pool} synsets (in offset order).
- Sample: `random.Random({SEED}).sample(pool, {RD_SIZE})`, then sorted by offset.
- Line: `{{"id":"rd-<offset>","text":"<definition>","label":"<lemma>","source":"wn30:n:<offset>"}}`.
- Items: {RD_SIZE}.

## noun-category.jsonl (scorer: centroid-classification)

Text = a lemma alone, label = the lexicographer file of its only noun synset.

- Classes (10): {", ".join("`" + c + "`" for c in NC_CLASSES)}.
- Lemmas from index.noun with synset_cnt = 1 whose synset's lex_filenum is
  one of the classes; text = the synset's spelling of that lemma (original
  case), underscores -> spaces; letters/single spaces/hyphens only; 1 to
  {NC_MAX_WORDS} words.
- Per class, in the order above, with one `random.Random({SEED})` shared
  across classes: candidates sorted by (lemma, offset, n) in Python string
  order (case-sensitive), `rng.sample(candidates, {NC_TRAIN_PER_CLASS + NC_TEST_PER_CLASS})`;
  the first {NC_TRAIN_PER_CLASS} sampled are `train`, the next {NC_TEST_PER_CLASS} `test`.
- Lemmas are unique across the whole file.
- id = `nc-<offset>-<n>`, n = 1-based position of the lemma in the synset's
  word list.
- Order: all train lines then all test lines, each sorted by id (string order).
- Line: `{{"id":"nc-<offset>-<n>","text":"<lemma>","label":"<class>","split":"train|test","source":"wn30:n:<offset>"}}`.

| class | candidates | train | test |
|---|---|---|---|
{rows}
| **total** | | **{n_train}** | **{n_test}** |

## Seed

`{SEED}` (`random.Random`, Python 3), for both files.

## Output checksums (sha256)

- `reverse-dictionary.jsonl`: `{out_hashes['reverse-dictionary.jsonl']}`
- `noun-category.jsonl`: `{out_hashes['noun-category.jsonl']}`
"""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet-dir", default="/usr/share/wordnet",
                    help="directory holding data.noun and index.noun")
    ap.add_argument("--out", default=default_out(),
                    help="output folder (default: harness suites/wordnet)")
    ap.add_argument("--license-file", default="/usr/share/doc/wordnet-base/copyright",
                    help="WordNet licence text to copy verbatim")
    ap.add_argument("--source-version", default=None,
                    help="wordnet-base version to record (default: ask dpkg-query)")
    args = ap.parse_args(argv)

    data_noun = os.path.join(args.wordnet_dir, "data.noun")
    index_noun = os.path.join(args.wordnet_dir, "index.noun")
    version = args.source_version or dpkg_version("wordnet-base") or "unknown"
    lexnames, lexnames_src = load_lexnames(args.wordnet_dir)
    if lexnames_src != "built-in table from lexnames(5WN)":
        lexnames_src = "`lexnames` file"

    synsets = parse_data_noun(data_noun)
    index = parse_index_noun(index_noun)
    rd_items, rd_pool = build_reverse_dictionary(synsets, index)
    nc_items, nc_pools = build_noun_category(synsets, index, lexnames)

    os.makedirs(args.out, exist_ok=True)
    write_jsonl(os.path.join(args.out, "reverse-dictionary.jsonl"), rd_items)
    write_jsonl(os.path.join(args.out, "noun-category.jsonl"), nc_items)
    with open(args.license_file, "rb") as src:
        licence = src.read()
    with open(os.path.join(args.out, "WORDNET-LICENSE.txt"), "wb") as dst:
        dst.write(licence)

    hashes = {"data.noun": sha256_file(data_noun), "index.noun": sha256_file(index_noun)}
    out_hashes = {n: sha256_file(os.path.join(args.out, n))
                  for n in ("reverse-dictionary.jsonl", "noun-category.jsonl")}
    write_provenance(os.path.join(args.out, "PROVENANCE.md"), args, version,
                     lexnames_src, hashes, rd_pool, nc_pools, nc_items, out_hashes)
    print("reverse-dictionary: %d items (pool %d)" % (len(rd_items), rd_pool))
    print("noun-category: %d items; pools %s" % (len(nc_items), nc_pools))
    return 0


if __name__ == "__main__":
    sys.exit(main())
