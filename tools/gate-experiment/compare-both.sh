#!/usr/bin/env bash
# After `gate-experiment.sh compare-aa`: each trial's two runs compared three ways, side by side.
#   as before the canary: `compare A B` on copies whose results.json has no canary (drift not checked)
#   with the canary:      `compare A B` as it is now (exit 2 "machine changed" when the canary moved)
#   within each run:      `compare RUN --baseline all-minilm-l6-v2 --current all-minilm-l6-v2-q` (fp32 → int8)
#
#   tools/gate-experiment/compare-both.sh DIR     (DIR: the experiment's --out folder)
set -euo pipefail
dir="${1:?usage: compare-both.sh DIR}"
jb() { java -Djava.awt.headless=true -jar "$dir/jb/joulebench.jar" "$@"; }
out="$dir/compare-both.tsv"
printf 'trial\tas_before_exit\tas_before_regressions\tcanary_exit\tcanary_line\twithin_a_exit\twithin_b_exit\twithin_improvements\n' >"$out"
for a in "$dir"/compare-aa/run-*-a; do
  t="${a##*/run-}"; t="${t%-a}"; b="$dir/compare-aa/run-$t-b"
  [ -f "$a/results.json" ] && [ -f "$b/results.json" ] || continue
  tmp="$(mktemp -d)"
  for s in a b; do
    mkdir -p "$tmp/$s"
    cp "$dir/compare-aa/run-$t-$s/queries.csv" "$tmp/$s/"
    python3 - "$dir/compare-aa/run-$t-$s/results.json" "$tmp/$s/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("canary", None)
json.dump(d, open(sys.argv[2], "w"))
PY
  done
  e1=0; jb compare "$tmp/a" "$tmp/b" >"$tmp/before.out" 2>&1 || e1=$?
  e2=0; jb compare "$a" "$b" >"$tmp/canary.out" 2>&1 || e2=$?
  w1=0; jb compare "$a" --baseline all-minilm-l6-v2 --current all-minilm-l6-v2-q >"$tmp/wa.out" 2>&1 || w1=$?
  w2=0; jb compare "$b" --baseline all-minilm-l6-v2 --current all-minilm-l6-v2-q >"$tmp/wb.out" 2>&1 || w2=$?
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$e1" "$(grep -c ' regression' "$tmp/before.out" || true)" "$e2" \
      "$(grep -m1 -iE 'canary|machine' "$tmp/canary.out" | tr '\t' ' ' | cut -c1-200)" "$w1" "$w2" \
      "$(cat "$tmp/wa.out" "$tmp/wb.out" | grep -c 'improvement' || true)" >>"$out"
  cp "$tmp/before.out" "$dir/compare-aa/trial-$t.before.out"; cp "$tmp/canary.out" "$dir/compare-aa/trial-$t.canary.out"
  cp "$tmp/wa.out" "$dir/compare-aa/trial-$t.within-a.out"; cp "$tmp/wb.out" "$dir/compare-aa/trial-$t.within-b.out"
  rm -rf "$tmp"
done
column -t -s $'\t' "$out"
