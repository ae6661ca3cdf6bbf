#!/usr/bin/env bash
# Checks Joulebench's GPU side on a machine with an NVIDIA GPU, in a few minutes, with no network and little room:
#   1. `meters` (which meters work here, and why not);
#   2. NVML's energy counter (Joulebench's nvml meter, through `measure`) against NVML's power readings integrated
#      over the same window (nvidia-smi at 10 Hz), at idle and under whatever GPU load the machine offers
#      (python3 with torch or cupy; idle only if none);
#   3. where their artifacts are present: ONNX Runtime on CUDA against the CPU on the embedding tasks, and llama.cpp
#      with every layer offloaded against none; each skipped with the reason otherwise.
# Everything goes into one folder of plain files (summary.txt first); nothing is sent anywhere.
#
# It needs java 17+ and the slim jar (mvn -B -Pslim package -DskipTests -pl cli -am → cli/target/joulebench-meters.jar,
# about 9 MB); the full CLI (cli/target/joulebench.jar with its lib/) only for step 3. Environment:
#   JOULEBENCH_METERS_JAR  the slim jar (default: cli/target/joulebench-meters.jar, else joulebench-meters.jar here)
#   JOULEBENCH_NVML_LIB    the NVML library to load (default: the driver's libnvidia-ml.so.1; tests give a fake)
#   JOULEBENCH_CLI_JAR     the full CLI jar (default: cli/target/joulebench.jar)
#   JOULEBENCH_ORT_JAR     the onnxruntime_gpu jar (default: the newest in ~/.m2), for ONNX Runtime on CUDA
#   JOULEBENCH_LLAMA_LIB   a folder with a CUDA build of the binding's libjllama.so, for llama.cpp offload
#   GPU_CHECK_SECONDS      length of the idle and load windows (default 20)
#   GPU_CHECK_OUT          the result folder (default: gpu-check-<host>-<time>)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${GPU_CHECK_SECONDS:-20}"
out="${GPU_CHECK_OUT:-gpu-check-$(hostname -s 2>/dev/null || echo host)-$(date -u +%Y%m%d-%H%M%S)}"
started=$(date +%s)

die() { echo "gpu-check: $*" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 2 ] && [ "$seconds" -le 120 ] \
  || die "GPU_CHECK_SECONDS must be a whole number of seconds from 2 to 120, was '$seconds'"
command -v java >/dev/null || die "java not found; install a JDK or JRE 17+"
meters_jar="${JOULEBENCH_METERS_JAR:-}"
if [ -z "$meters_jar" ]; then
  for candidate in "$root/cli/target/joulebench-meters.jar" "$here/joulebench-meters.jar"; do
    [ -f "$candidate" ] && { meters_jar="$candidate"; break; }
  done
fi
[ -n "$meters_jar" ] && [ -f "$meters_jar" ] \
  || die "no slim jar: build it with 'mvn -B -Pslim package -DskipTests -pl cli -am' (cli/target/joulebench-meters.jar), copy it here, or set JOULEBENCH_METERS_JAR"
mkdir -p "$out" || die "cannot make the result folder $out"
out="$(cd "$out" && pwd)"
summary="$out/summary.txt"
: > "$summary"

say() { echo "$*" | tee -a "$summary"; }
jb() { java -Djava.awt.headless=true -jar "$meters_jar" "$@"; }
nvml_args=()
[ -n "${JOULEBENCH_NVML_LIB:-}" ] && nvml_args=(--nvml-lib "$JOULEBENCH_NVML_LIB")

say "gpu-check $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname 2>/dev/null); result folder $out"
{
  echo "# java"; java -version 2>&1
  echo "# slim jar"; ls -l "$meters_jar"; jb --version 2>&1
  echo "# nvidia-smi"; command -v nvidia-smi >/dev/null && nvidia-smi 2>&1 || echo "nvidia-smi not found"
  echo "# nvidia-smi -q (power)"; command -v nvidia-smi >/dev/null && nvidia-smi -q -d POWER 2>&1 | head -60
  echo "# GPU_CHECK_SECONDS=$seconds JOULEBENCH_NVML_LIB=${JOULEBENCH_NVML_LIB:-} JOULEBENCH_ORT_JAR=${JOULEBENCH_ORT_JAR:-} JOULEBENCH_LLAMA_LIB=${JOULEBENCH_LLAMA_LIB:-}"
} > "$out/environment.txt" 2>&1

# 1. meters
jb meters "${nvml_args[@]}" > "$out/meters.txt" 2>&1
say "1. meters (meters.txt):"
sed 's/^/   /' "$out/meters.txt" | tee -a "$summary"
nvml_line="$(grep -E '^nvml ' "$out/meters.txt" || true)"
if ! grep -qE '^nvml +available' "$out/meters.txt"; then
  why="$(grep -A1 -E '^nvml ' "$out/meters.txt" | sed -n 's/^ *why: //p' | head -1)"
  say "no NVIDIA GPU / NVML not found: ${why:-the nvml meter is not available (see meters.txt)}"
  say "skipped: NVML counter vs power integration, ONNX Runtime CUDA, llama.cpp offload (they need NVML)"
  say "done in $(( $(date +%s) - started )) s; the result folder has what was found"
  exit 0
fi

# 2. NVML counter (measure --meter nvml) against nvidia-smi's power readings integrated over the same window.
# integrate FILE: the energy in J of "epoch_seconds,watts_board0,watts_board1,…" lines (trapezoids, boards summed).
integrate() {
  awk -F, 'NF >= 2 { t = $1; w = 0; for (i = 2; i <= NF; i++) w += $i;
                     if (n++) { e += (t - pt) * (w + pw) / 2; span += t - pt } pt = t; pw = w }
           END { if (n < 2) print "n/a"; else printf "%.3f %.3f %d\n", e, span, n }' "$1"
}
# sample FILE: nvidia-smi power readings at 10 Hz, one line per poll with every board, until killed.
sample() {
  local file="$1"
  while :; do
    local w
    w="$(nvidia-smi --query-gpu=power.draw --format=csv,noheader,nounits 2>/dev/null | tr -d ' ' | paste -sd, -)"
    [ -n "$w" ] && echo "$(date +%s.%N),$w" >> "$file"
    sleep 0.1
  done
}
json_field() { # json_field FILE KEY: the first number after "KEY" : in FILE
  sed -n "s/.*\"$2\" : \([-0-9.eE]*\).*/\1/p" "$1" | head -1
}
window() { # window NAME COMMAND…: measure the command with the nvml meter, sampling nvidia-smi beside it
  local name="$1"; shift
  local smi="$out/smi-$name.csv"
  : > "$smi"
  local sampler=""
  if command -v nvidia-smi >/dev/null; then
    sample "$smi" & sampler=$!
  fi
  # The command's own output goes to NAME.log: measure's stdout is its JSON.
  jb measure --meter nvml "${nvml_args[@]}" --json -- bash -c 'exec "$@" > "$0" 2>&1' "$out/$name.log" "$@" \
    > "$out/nvml-$name.json" 2> "$out/nvml-$name.err"
  local status=$?
  [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null; }
  local counter method secs
  counter="$(json_field "$out/nvml-$name.json" joules_gross)"
  method="$(sed -n 's/.*"method" : "\([A-Z_]*\)".*/\1/p' "$out/nvml-$name.json" | head -1)"
  secs="$(json_field "$out/nvml-$name.json" seconds)"
  if [ -z "$counter" ] || [ -z "$secs" ]; then
    say "   $name: measure gave no reading (status $status): $(tail -1 "$out/nvml-$name.err")"
    return
  fi
  # The sampler runs a little longer than measure's window (it starts before the JVM): compare average powers.
  local integ="n/a (nvidia-smi not found: no second reading to compare)"
  if [ -n "$sampler" ]; then
    local ej span n
    read -r ej span n <<< "$(integrate "$smi")"
    if [ "$ej" = "n/a" ]; then
      integ="n/a (fewer than 2 nvidia-smi samples)"
    else
      integ="$(awk -v e="$ej" -v c="$counter" -v s="$span" -v n="$n" -v t="$secs" 'BEGIN {
        d = (c > 0) ? ((e / s) / (c / t) - 1) * 100 : 0
        printf "%.1f W (%.1f J over %.1f s, %d samples; %+.1f%% against the meter)", e / s, e, s, n, d }')"
    fi
  fi
  say "$(printf '   %-9s meter nvml %s: %.1f W (%.1f J over %.1f s); nvidia-smi power integrated: %s' \
        "$name" "$method" "$(awk -v c="$counter" -v s="$secs" 'BEGIN { print c / s }')" "$counter" "$secs" "$integ")"
  [ "$status" -eq 0 ] || say "   $name: the command exited with status $status (see $name.log)"
}

say "2. NVML energy counter vs power readings integrated (nvml-*.json, smi-*.csv; ${seconds} s each):"
window idle sleep "$seconds"
load=""
if command -v python3 >/dev/null; then
  if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    load=torch
  elif python3 -c 'import cupy' 2>/dev/null; then
    load=cupy
  fi
fi
case "$load" in
  torch)
    window load python3 -c "import torch, time
a = torch.randn(8192, 8192, device='cuda'); end = time.time() + $seconds
while time.time() < end:
    b = a @ a
torch.cuda.synchronize()"
    say "   (load: python3 with torch, 8192² fp32 matrix products for $seconds s)";;
  cupy)
    window load python3 -c "import cupy, time
a = cupy.random.rand(8192, 8192, dtype=cupy.float32); end = time.time() + $seconds
while time.time() < end:
    b = a @ a
cupy.cuda.Device().synchronize()"
    say "   (load: python3 with cupy, 8192² fp32 matrix products for $seconds s)";;
  *)
    say "   load: skipped (no python3 with torch or cupy that sees a GPU); idle only";;
esac

# 3. Backends on the GPU, with the full CLI, each inside `measure --meter nvml` so the GPU's energy is read too.
cli_jar="${JOULEBENCH_CLI_JAR:-$root/cli/target/joulebench.jar}"
say "3. backends on the GPU (ort-*/, llama-*/; each run inside measure --meter nvml: nvml-ort-*.json, …):"
if [ ! -f "$cli_jar" ] || [ ! -d "$(dirname "$cli_jar")/lib" ]; then
  say "   skipped: no full CLI at $cli_jar with its lib/ (build it with 'mvn -B package -DskipTests', or set JOULEBENCH_CLI_JAR)"
else
  run_args=(--models all-minilm-l6-v2-q --meter auto --limit 64 --repetitions 1 --warmup 8 --idle-seconds 0)
  ort_jar="${JOULEBENCH_ORT_JAR:-$(ls -1 "$HOME"/.m2/repository/com/microsoft/onnxruntime/onnxruntime_gpu/*/onnxruntime_gpu-*.jar 2>/dev/null | sort -V | tail -1)}"
  if [ -z "$ort_jar" ] || [ ! -f "$ort_jar" ]; then
    say "   ONNX Runtime CUDA: skipped (no onnxruntime_gpu jar: set JOULEBENCH_ORT_JAR, or build once with -Pcuda)"
  else
    gpu_cli="$("$here/ort-jar-view.sh" "$cli_jar" "$ort_jar" 2>> "$out/ort.err")"
    if [ -z "$gpu_cli" ]; then
      say "   ONNX Runtime CUDA: skipped ($(tail -1 "$out/ort.err"))"
    else
      for device in cpu cuda; do
        window "ort-$device" java -jar "$gpu_cli" run "${run_args[@]}" --device "$device" --out "$out/ort-$device"
        grep -h "all-minilm" "$out/ort-$device.log" 2>/dev/null | head -3 | sed 's/^/     /' | tee -a "$summary"
        [ -f "$out/ort-$device/results.json" ] || say "   ort-$device: no results.json ($(grep -h 'joulebench:' "$out/ort-$device.log" | tail -1))"
      done
    fi
  fi
  if [ -z "${JOULEBENCH_LLAMA_LIB:-}" ] || [ ! -f "${JOULEBENCH_LLAMA_LIB}/libjllama.so" ]; then
    say "   llama.cpp offload: skipped (JOULEBENCH_LLAMA_LIB does not name a folder with a CUDA build of libjllama.so; see docs/gpu.md)"
  else
    for layers in 0 99; do
      window "llama-$layers" java "-Dde.kherud.llama.lib.path=$JOULEBENCH_LLAMA_LIB" -jar "$cli_jar" run --suite generation \
        --models kjv-large --backend llamacpp --gpu-layers "$layers" --meter auto --limit 16 --repetitions 1 \
        --warmup 2 --idle-seconds 0 --out "$out/llama-$layers"
      grep -h "kjv-large" "$out/llama-$layers.log" 2>/dev/null | head -2 | sed 's/^/     /' | tee -a "$summary"
      [ -f "$out/llama-$layers/results.json" ] || say "   llama-$layers: no results.json ($(grep -h 'joulebench:' "$out/llama-$layers.log" | tail -1))"
    done
  fi
fi
say "done in $(( $(date +%s) - started )) s"
