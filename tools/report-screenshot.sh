#!/usr/bin/env bash
# Screenshots a report.html with headless Chromium, to see the charts and tables as a reader's browser draws them.
#   tools/report-screenshot.sh REPORT.html OUT.png [WIDTHxHEIGHT]
# Installs Debian's chromium with apt-get when it is missing (needs root).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT, default 1400x3000]" >&2
  exit 2
fi
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
size="${3:-1400x3000}"
[ -f "$report" ] || { echo "$0: no file $1" >&2; exit 2; }
if ! command -v chromium >/dev/null; then
  echo "$0: installing chromium (apt-get)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${size/x/,}" --screenshot="$(realpath -m "$out")" "file://$report" 2>/dev/null
[ -s "$out" ] || { echo "$0: chromium wrote no screenshot to $out" >&2; exit 1; }
echo "$out"
