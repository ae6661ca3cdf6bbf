#!/usr/bin/env bash
# The gate experiment of issue 9: false alarms and power of `joulebench ab` (and of two-run `compare`) on this
# machine, with a noisy neighbour running during every trial. Rerun it anywhere:
#
#   tools/gate-experiment/gate-experiment.sh [--trials 20] [--first 1] [--out DIR] EXPERIMENT...
#
# Experiments (each runs --trials trials, seeds 1..N for ab's order and the neighbour):
#   aa-cpu            ab of a fixed-work CPU program against itself            (a false alarm is exit 1)
#   ab10-cpu          ab of the program against 1.10x its work                  (a detection is exit 1)
#   ab3-cpu           ab of the program against 1.03x its work, 5 % allowed     (exit 1 is a false alarm)
#   aa-cpu-counter    aa-cpu on a fake powercap tree fed at 20 W (--meter rapl): the counter path
#   ab10-cpu-counter  ab10-cpu on the same tree
#   aa-inference      ab of `joulebench run` (kjv-small, java engine, 8 verses) against itself
#   compare-aa        two separate `joulebench run`s of MiniLM fp32+int8 (60 items, 2 repetitions), then compare
#   within-aa         one run of MiniLM named twice (rows ID and ID#2, interleaved), compare --baseline/--current
#   within-ab         one run of MiniLM fp32 and int8, compare --baseline fp32 --current int8 (expect improvement)
#
# Environment: NOISY (the noisy-neighbour tool; default ../shared/tools/noisy-neighbour from the repo root),
# WORK_SECONDS (how long one run of the CPU program takes; default 0.25), WORK_ITERATIONS (its size, instead of
# sizing it from WORK_SECONDS: to continue an experiment with --first), ROUNDS (ab's rounds; default 30).
# Writes DIR/EXPERIMENT/trial-N.{json,out} and DIR/summary.tsv; prints one line per trial and a summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
trials=20
first=1
out=""
experiments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials="$2"; shift 2 ;;
    --first) first="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "gate-experiment: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) experiments+=("$1"); shift ;;
  esac
done
[ ${#experiments[@]} -gt 0 ] || { echo "gate-experiment: name at least one experiment (see --help)" >&2; exit 2; }
noisy="${NOISY:-$root/../shared/tools/noisy-neighbour}"
[ -x "$noisy" ] || { echo "gate-experiment: no noisy neighbour at $noisy; set NOISY" >&2; exit 2; }
out="${out:-$root/out/gate-experiment-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# A private copy of the built command, so that rebuilding the project during the experiment changes nothing.
"$root/joulebench" --version >/dev/null
mkdir -p "$out/jb"
cp -r "$root/cli/target/joulebench.jar" "$root/cli/target/lib" "$out/jb/"
jb() { java -Djava.awt.headless=true -jar "$out/jb/joulebench.jar" "$@"; }
gcc -O2 -o "$out/work" "$root/tools/gate-experiment/work.c"

# Size the CPU program: iterations for WORK_SECONDS, from the fastest of three timed runs of 1e8.
probe() { local s e; s=$(date +%s%N); "$out/work" 100000000 >/dev/null; e=$(date +%s%N); echo $(( e - s )); }
best=$(for i in 1 2 3; do probe; done | sort -n | head -1)
n=${WORK_ITERATIONS:-$(python3 -c "print(int(1e8 * ${WORK_SECONDS:-0.25} * 1e9 / $best))")}
n10=$(python3 -c "print(int($n * 1.10))")
n3=$(python3 -c "print(int($n * 1.03))")
rounds="${ROUNDS:-30}"
echo "CPU program: $n iterations (1.10x: $n10, 1.03x: $n3), $rounds rounds; results in $out" >&2

feed_pid=""
start_feed() {
  local dir="/dev/shm/jb-fake-rapl-$$"
  [ -d /dev/shm ] || dir="$out/powercap"
  python3 "$root/tools/gate-experiment/fake-rapl.py" "$dir" --watts 20 & feed_pid=$!
  sleep 0.5
  powercap="$dir"
}
stop_feed() { [ -n "$feed_pid" ] && kill "$feed_pid" 2>/dev/null; wait "$feed_pid" 2>/dev/null || true; feed_pid=""; }
neighbour_pid=""
stop_neighbour() { [ -n "$neighbour_pid" ] && kill "$neighbour_pid" 2>/dev/null; wait "$neighbour_pid" 2>/dev/null || true; neighbour_pid=""; }
trap 'stop_neighbour; stop_feed' EXIT

summary="$out/summary.tsv"
[ -f "$summary" ] || printf 'experiment\ttrial\texit\tregression_lines\tfigures\n' >"$summary"

# One trial of ab: the neighbour runs for as long as the trial, seeded by the trial's number.
ab_trial() { # experiment trial meter-args... -- A B
  local exp="$1" t="$2"; shift 2
  local meter=(); while [ "$1" != "--" ]; do meter+=("$1"); shift; done; shift
  "$noisy" --seconds 3000 --seed "$t" & neighbour_pid=$!
  local rc=0
  jb ab "${meter[@]}" --rounds "$rounds" --seed "$t" --json "$out/$exp/trial-$t.json" "$1" "$2" \
      >"$out/$exp/trial-$t.out" 2>&1 || rc=$?
  stop_neighbour
  figures=$(python3 - "$out/$exp/trial-$t.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("no json"); sys.exit()
print("; ".join(f"{r['metric']} {r['ratio']['ratio']:.4f} [{r['ratio']['ratio_ci95'][0]:.4f}, {r['ratio']['ratio_ci95'][1]:.4f}] {r['summary']}"
                for r in d["rows"]))
PY
)
  record "$exp" "$t" "$rc" "$(grep -c 'regression' "$out/$exp/trial-$t.out" || true)" "$figures"
}

record() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$summary"
  printf '%s trial %s: exit %s  %s\n' "$1" "$2" "$3" "$5" >&2
}

compare_trial() { # experiment trial
  local exp="$1" t="$2" a="$out/$1/run-$2-a" b="$out/$1/run-$2-b"
  "$noisy" --seconds 3000 --seed "$t" & neighbour_pid=$!
  local rc=0
  for d in "$a" "$b"; do
    jb run --models all-minilm-l6-v2,all-minilm-l6-v2-q --limit 60 --repetitions 2 --seed "$t" --out "$d" \
        >"$d.log" 2>&1 || { echo "run failed: see $d.log" >&2; rc=99; }
  done
  stop_neighbour
  [ $rc = 0 ] && { jb compare "$a" "$b" >"$out/$exp/trial-$t.out" 2>&1 || rc=$?; }
  record "$exp" "$t" "$rc" "$(grep -c ' regression' "$out/$exp/trial-$t.out" || true)" \
      "$(grep -E '^(task|wordnet)' "$out/$exp/trial-$t.out" | awk '{print $4, $7, $NF}' | tr '\n' ';')"
  rm -rf "$a/charts" "$b/charts"
}

within_trial() { # experiment trial models baseline current
  local exp="$1" t="$2" d="$out/$1/run-$2"
  "$noisy" --seconds 3000 --seed "$t" & neighbour_pid=$!
  local rc=0
  jb run --models "$3" --limit 60 --repetitions 2 --seed "$t" --out "$d" >"$d.log" 2>&1 || { echo "run failed: see $d.log" >&2; rc=99; }
  stop_neighbour
  [ $rc = 0 ] && { jb compare "$d" --baseline "$4" --current "$5" >"$out/$exp/trial-$t.out" 2>&1 || rc=$?; }
  record "$exp" "$t" "$rc" "$(grep -c ' regression' "$out/$exp/trial-$t.out" || true)" \
      "$(grep -E '^wordnet' "$out/$exp/trial-$t.out" | awk '{print $1, $(NF-4), $(NF-3), $(NF-2), $NF}' | tr '\n' ';')"
  rm -rf "$d/charts"
}

for exp in "${experiments[@]}"; do
  mkdir -p "$out/$exp"
  for t in $(seq "$first" "$trials"); do
    case "$exp" in
      aa-cpu) ab_trial "$exp" "$t" --meter estimate -- "$out/work $n" "$out/work $n" ;;
      ab10-cpu) ab_trial "$exp" "$t" --meter estimate -- "$out/work $n" "$out/work $n10" ;;
      ab3-cpu) ab_trial "$exp" "$t" --meter estimate -- "$out/work $n" "$out/work $n3" ;;
      aa-cpu-counter|ab10-cpu-counter)
        [ -n "$feed_pid" ] || start_feed
        b="$n"; [ "$exp" = ab10-cpu-counter ] && b="$n10"
        ab_trial "$exp" "$t" --meter rapl --powercap-root "$powercap" -- "$out/work $n" "$out/work $b" ;;
      aa-inference)
        cmd="java -Djava.awt.headless=true -jar $out/jb/joulebench.jar run --suite generation --models kjv-small"
        cmd="$cmd --backend java --limit 8 --repetitions 1 --warmup 1 --idle-seconds 0 --out $out/$exp/r\$\$"
        cmd="$cmd >/dev/null && rm -rf $out/$exp/r\$\$"
        ROUNDS_SAVED="$rounds"; rounds="${INFERENCE_ROUNDS:-10}"
        ab_trial "$exp" "$t" --meter estimate -- "$cmd" "$cmd"
        rounds="$ROUNDS_SAVED" ;;
      compare-aa) compare_trial "$exp" "$t" ;;
      within-aa) within_trial "$exp" "$t" all-minilm-l6-v2,all-minilm-l6-v2 all-minilm-l6-v2 'all-minilm-l6-v2#2' ;;
      within-ab) within_trial "$exp" "$t" all-minilm-l6-v2,all-minilm-l6-v2-q all-minilm-l6-v2 all-minilm-l6-v2-q ;;
      *) echo "gate-experiment: unknown experiment $exp (see --help)" >&2; exit 2 ;;
    esac
  done
  stop_feed
done

python3 - "$summary" <<'PY' >&2
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = collections.OrderedDict()
for r in rows:
    by.setdefault(r["experiment"], []).append(r)
print("\nexperiment          trials  exit 0  exit 1  other")
for e, rs in by.items():
    c = collections.Counter(r["exit"] for r in rs)
    print(f"{e:<18} {len(rs):>7} {c['0']:>7} {c['1']:>7} {len(rs) - c['0'] - c['1']:>6}")
PY
