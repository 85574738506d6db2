#!/usr/bin/env bash
# The whole test suite: Swift unit tests, then the real Jupyter clients against the installed kernel.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# QEMU runs the same firmware and programs as the Cortex-M emulator, as its oracle.
SYSTEM_PACKAGES+=(qemu-system-arm)
ensure_system_packages
ensure_venv "$ROOT/Tests/python/requirements.txt"
ensure_venv "$ROOT/scripts/lab-requirements.txt"
ensure_mote_jupyter
ensure_browser
# The Swift tests write Mote's re-encoded .tflite files here; the Python suite runs them in LiteRT and TFLM.
export MOTE_INTEROP_DIR="$ROOT/out/interop"
rm -rf "$MOTE_INTEROP_DIR" && mkdir -p "$MOTE_INTEROP_DIR"
echo "==> swift test"
# The venv first on PATH: the firmware tests run Unicorn (from requirements.txt) through python3.
(cd "$ROOT" && PATH="$VENV/bin:$PATH" swift test 2>&1 | tail -n 30; exit "${PIPESTATUS[0]}")
# A short, bounded fuzz run of every target from the committed corpus (make fuzz runs them longer).
echo "==> fuzz (${CI_FUZZ_SECONDS:-10}s per target)"
FUZZ_SECONDS="${CI_FUZZ_SECONDS:-10}" "$ROOT/scripts/fuzz.sh"
# The Python suite drives the binary users get: the release build, linked as the main job links it.
MOTE="$(build_mote release)"
"$MOTE" install --prefix "$VENV" >/dev/null
echo "==> pytest Tests/python (jupyter_kernel_test, nbclient, papermill, nbgrader, nbconvert, JupyterLab in Chromium, raw ZeroMQ)"
cd "$ROOT"
MOTE_BIN="$MOTE" "$VENV/bin/python" -m pytest -q -rs Tests/python "$@"
