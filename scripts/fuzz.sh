#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with AddressSanitizer and runs each for FUZZ_SECONDS
# (default 60) from the committed seed corpus. New inputs go to out/fuzz/<target>/, crashes to
# out/fuzz/crashes/. Usage: scripts/fuzz.sh [target...]   (targets: syntax evaluator wire tflite wav npy csv)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
SCRATCH="${FUZZ_SCRATCH:-$ROOT/Fuzz/.build-fuzz}"
ALL=(syntax evaluator wire tflite wav npy csv)
TARGETS=("${@:-${ALL[@]}}")

echo "==> building the fuzz targets (libFuzzer + AddressSanitizer)"
(cd "$ROOT/Fuzz" && swift build -c debug --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | grep -v -e "Cannot export local symbol" -e "prohibited flag" | tail -n 3; exit "${PIPESTATUS[0]}")
BIN="$(cd "$ROOT/Fuzz" && swift build -c debug --scratch-path "$SCRATCH" --show-bin-path)"

OUT="$ROOT/out/fuzz"
mkdir -p "$OUT/crashes"
# Swift's backtracer symbolicates for seconds per crash; libFuzzer prints the stack it needs.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$ROOT/Fuzz/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
failed=()
for target in "${TARGETS[@]}"; do
    executable="$BIN/Fuzz$(case "$target" in
        syntax) echo Syntax ;; evaluator) echo Evaluator ;; wire) echo Wire ;; tflite) echo TFLite ;;
        wav) echo WAV ;; npy) echo NPY ;; csv) echo CSV ;;
        *) echo "unknown fuzz target '$target' (one of: ${ALL[*]})" >&2; exit 2 ;; esac)"
    mkdir -p "$OUT/$target"
    echo "==> fuzz $target for ${FUZZ_SECONDS}s"
    dictionary=()
    case "$target" in syntax | evaluator) dictionary=(-dict="$ROOT/Fuzz/mote.dict") ;; esac
    # The first folder receives new inputs; the committed corpus is only read.
    if ! "$executable" "$OUT/$target" "$ROOT/Fuzz/Corpus/$target" "${dictionary[@]}" \
        -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$OUT/crashes/$target-" -print_final_stats=1 >"$OUT/$target.log" 2>&1; then
        failed+=("$target")
        echo "!!! $target found a crash; the input is in $OUT/crashes/, the report in $OUT/$target.log" >&2
        grep -m 5 -E "Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY" "$OUT/$target.log" >&2 || true
    fi
    # The target's scratch folder (FuzzSupport's ScratchFolder) outlives the process.
    rm -rf /dev/shm/mote-fuzz-"$target"-* "${TMPDIR:-/tmp}"/mote-fuzz-"$target"-*
    grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)" "$OUT/$target.log" | tr '\n' ' '
    echo
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz targets with crashes: ${failed[*]}" >&2; exit 1; }
