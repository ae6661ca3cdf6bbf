#!/usr/bin/env bash
# The drift canary's acceptance experiment (issue 9, section 3).
#
# Per trial: two quiet runs A and B, then run C with a noisy neighbour on during C only. Expected:
#   compare A B  -> the canary does NOT flag (exit 0 or 1, no "machine changed")
#   compare A C  -> exit 2, "machine changed" on stderr, with the canary figures
#   compare --allow-machine-change A C -> the rows' regressions/improvements shown as inconclusive
#
#   tools/gate-experiment/canary.sh [OUT_DIR]
#
# Environment: NOISY (default: ../shared/tools/noisy-neighbour from the repository root), TRIALS (default 1),
# NOISY_WORKERS (default 1), NOISY_SECONDS (the neighbour's limit; it is stopped when run C ends; default 300),
# IDLE_SECONDS (default 1: the run refuses 0), MODELS, LIMIT, REPETITIONS, QUIET_MAX (default 0.15: the most
# CPU, in cores, that other processes may use for the machine to count as quiet), QUIET_WAIT (default 600: how
# long to wait, in seconds, for a quiet machine before each run).
#
# On a shared machine other people's builds are noisy neighbours too. Before each run the script waits until
# other processes use less than QUIET_MAX cores, and it reports the CPU other processes used during each run (the
# machine's busy time less the run's own). A quiet pair during which others used more than QUIET_MAX is reported
# as "not quiet" and not counted: the canary was right to flag it.
# Exit status: 0 when every expectation held, 1 otherwise.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
noisy="${NOISY:-$root/../shared/tools/noisy-neighbour}"
trials="${TRIALS:-1}"
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/joulebench-canary.XXXXXX")}"
run_args=(--models "${MODELS:-all-minilm-l6-v2}" --limit "${LIMIT:-60}" --repetitions "${REPETITIONS:-2}"
          --idle-seconds "${IDLE_SECONDS:-1}")
[ -x "$noisy" ] || { echo "canary.sh: no noisy neighbour at $noisy; set NOISY to its path" >&2; exit 2; }
mkdir -p "$out"
echo "canary.sh: results in $out" >&2

./joulebench zoo >/dev/null || { echo "canary.sh: the build failed" >&2; exit 2; }

hz="$(getconf CLK_TCK)"
quiet_max="${QUIET_MAX:-0.15}"

busy_ticks() { # the machine's busy CPU time so far, in clock ticks (user, nice, system, irq, softirq)
  awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

children_ticks() { # CPU time of this script's finished children so far, in clock ticks, into $ticks
  # (`times` must run in this shell: in a $(…) subshell it would report the subshell's own children)
  times >"$out/.times"
  ticks=$(tail -1 "$out/.times" | awk -v hz="$hz" '{ for (i = 1; i <= 2; i++) { split($i, p, /m|s/);
      t += p[1] * 60 + p[2] } } END { printf "%d\n", t * hz }')
}

now() { date +%s.%N; }

other_load() { # the CPU, in cores, that processes other than this script's used over a 2 s sample
  local b0 b1 t0 t1
  b0=$(busy_ticks); t0=$(now); sleep 2; b1=$(busy_ticks); t1=$(now)
  awk -v b="$((b1 - b0))" -v hz="$hz" -v s0="$t0" -v s1="$t1" 'BEGIN { printf "%.2f\n", b / hz / (s1 - s0) }'
}

wait_quiet() { # waits until other processes use less than QUIET_MAX cores, at most QUIET_WAIT seconds
  local deadline=$(( $(date +%s) + ${QUIET_WAIT:-600} )) load
  while load=$(other_load); awk -v l="$load" -v m="$quiet_max" 'BEGIN { exit !(l >= m) }'; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "canary.sh: the machine is still busy ($load cores used by others); going on" >&2
      return 0
    fi
    sleep 5
  done
}

run() { # run DIR: one joulebench run, its output kept beside it; DIR.load gets the CPU others used during it
  local b0 c0 t0 b1 c1 t1 rc ticks
  b0=$(busy_ticks); children_ticks; c0=$ticks; t0=$(now)
  ./joulebench run "${run_args[@]}" --out "$1" >"$1.log" 2>&1; rc=$?
  b1=$(busy_ticks); children_ticks; c1=$ticks; t1=$(now)
  awk -v b="$((b1 - b0 - (c1 - c0)))" -v hz="$hz" -v s0="$t0" -v s1="$t1" \
      'BEGIN { v = b / hz / (s1 - s0); printf "%.2f\n", v < 0 ? 0 : v }' >"$1.load"
  [ "$rc" = 0 ] || { echo "canary.sh: run $1 failed:" >&2; tail -5 "$1.log" >&2; return 1; }
}

quiet() { # quiet A B: whether others used less than QUIET_MAX cores during both runs
  awk -v a="$(cat "$1.load")" -v b="$(cat "$2.load")" -v m="$quiet_max" 'BEGIN { exit !(a < m && b < m) }'
}

canary_line() { # the canary's line from a compare's output (stdout, or stderr on refusal)
  grep -h -o -E '(drift canary|machine changed|drift could not).*' "$@" | head -1
}

failures=0
summary=()
for t in $(seq 1 "$trials"); do
  d="$out/trial-$t"
  mkdir -p "$d"
  wait_quiet; run "$d/quiet-a" || exit 1
  wait_quiet; run "$d/quiet-b" || exit 1
  wait_quiet
  "$noisy" --seconds "${NOISY_SECONDS:-300}" --seed "$t" --workers "${NOISY_WORKERS:-1}" &
  neighbour=$!
  sleep 1
  run "$d/noisy-c"; rc=$?
  kill "$neighbour" 2>/dev/null; wait "$neighbour" 2>/dev/null
  [ "$rc" = 0 ] || exit 1

  ./joulebench compare "$d/quiet-a" "$d/quiet-b" >"$d/compare-ab.out" 2>"$d/compare-ab.err"; ab=$?
  ./joulebench compare "$d/quiet-a" "$d/noisy-c" >"$d/compare-ac.out" 2>"$d/compare-ac.err"; ac=$?
  ./joulebench compare --allow-machine-change "$d/quiet-a" "$d/noisy-c" >"$d/compare-ac-allowed.out" \
      2>"$d/compare-ac-allowed.err"; allowed=$?

  verdict_ab="ok"
  if ! quiet "$d/quiet-a" "$d/quiet-b"; then
    verdict_ab="not quiet, not counted (others used $(cat "$d/quiet-a.load") and $(cat "$d/quiet-b.load") cores)"
  elif [ "$ab" = 2 ] || grep -q "machine changed" "$d/compare-ab.out" "$d/compare-ab.err"; then
    verdict_ab="FAILED: the quiet pair was flagged"; failures=$((failures + 1))
  fi
  verdict_ac="ok"
  if [ "$ac" != 2 ] || ! grep -q "machine changed" "$d/compare-ac.err"; then
    verdict_ac="FAILED: the noisy run was not flagged as machine changed"; failures=$((failures + 1))
  fi
  summary+=("trial $t quiet A/A: exit $ab, $verdict_ab; $(canary_line "$d/compare-ab.out" "$d/compare-ab.err")")
  summary+=("trial $t noisy C:   exit $ac, $verdict_ac (others used $(cat "$d/noisy-c.load") cores during C); $(canary_line "$d/compare-ac.err" "$d/compare-ac.out")")
  summary+=("trial $t noisy C with --allow-machine-change: exit $allowed, $(grep -c 'inconclusive (machine changed' \
      "$d/compare-ac-allowed.out") row(s) inconclusive (machine changed)")
done

printf '%s\n' "${summary[@]}"
for f in "$out"/trial-*/*/results.json; do
  python3 - "$f" <<'PY' 2>/dev/null || true
import json, sys
c = json.load(open(sys.argv[1])).get("canary") or {}
ks = ", ".join(f"{k['kernel']} {k['median_seconds_per_unit']*1e3:.3f} ms/unit over {len(k['probes'])} probes"
               for k in c.get("kernels", []))
print(f"{sys.argv[1].split('/')[-3]}/{sys.argv[1].split('/')[-2]}: canary added {c.get('seconds_added', 0):.1f} s; {ks}")
PY
done
[ "$failures" = 0 ] && echo "canary.sh: every expectation held" || echo "canary.sh: $failures expectation(s) failed"
[ "$failures" = 0 ]
