#!/usr/bin/env bash
# Prints the path of a joulebench.jar that loads ONNX Runtime from another jar (e.g. the GPU build,
# com.microsoft.onnxruntime:onnxruntime_gpu) instead of the CPU build in lib/: a folder beside the built jar whose
# lib/ links every dependency but the CPU build's jar, whose name links the given jar instead. The two builds hold the
# same ai.onnxruntime classes, so only one of them may be on the class path; the jar's manifest names lib/ by
# relative paths, which this folder answers. Used by ./joulebench when JOULEBENCH_ORT_JAR is set.
# Usage: tools/ort-jar-view.sh CLI_JAR ORT_JAR
set -euo pipefail
jar="${1:?usage: ort-jar-view.sh CLI_JAR ORT_JAR}"
ort="${2:?usage: ort-jar-view.sh CLI_JAR ORT_JAR}"
fail() { echo "joulebench: JOULEBENCH_ORT_JAR: $*" >&2; exit 2; }
[ -f "$ort" ] || fail "$ort: no such file; give the path of an onnxruntime_gpu jar (built with -Pcuda it is in ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime_gpu/)"
if command -v unzip >/dev/null; then
  unzip -l "$ort" 2>/dev/null | grep -q 'ai/onnxruntime/OrtSession.class' \
    || fail "$ort is not an ONNX Runtime jar (no ai/onnxruntime/OrtSession.class in it)"
fi
ort="$(cd "$(dirname "$ort")" && pwd)/$(basename "$ort")"
dir="$(cd "$(dirname "$jar")" && pwd)"
shopt -s nullglob
cpu=("$dir"/lib/onnxruntime-[0-9]*.jar)
[ "${#cpu[@]}" -eq 1 ] || fail "found ${#cpu[@]} CPU ONNX Runtime jars in $dir/lib (expected one); rebuild the CLI"
view="$dir/ort-view"
rm -rf "$view"
mkdir -p "$view/lib"
for f in "$dir"/lib/*.jar; do
  ln -s "$f" "$view/lib/$(basename "$f")"
done
rm "$view/lib/$(basename "${cpu[0]}")"
ln -s "$ort" "$view/lib/$(basename "${cpu[0]}")"
# A copy, not a link: the JVM resolves the manifest's lib/ paths from the jar's real location.
cp "$dir/$(basename "$jar")" "$view/$(basename "$jar")"
cpu_version="$(basename "${cpu[0]}" .jar)"; cpu_version="${cpu_version#onnxruntime-}"
case "$(basename "$ort")" in
  *"$cpu_version"*) ;;
  *) echo "joulebench: warning: $(basename "$ort") is not ONNX Runtime $cpu_version, the version Joulebench was built with" >&2 ;;
esac
echo "$view/$(basename "$jar")"
