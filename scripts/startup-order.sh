#!/usr/bin/env bash
# Regenerates scripts/startup.order, the functions the kernel runs at start-up, which the release
# link lays out together. Run it after large changes to the start-up path; a stale list only costs
# memory (names no longer present are skipped).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SYSTEM_PACKAGES+=(valgrind)
ensure_system_packages
ensure_venv "$ROOT/Tests/python/requirements.txt"
MOTE="$(build_mote release)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
strip --strip-debug -o "$WORK/mote" "$MOTE"
"$VENV/bin/python" "$ROOT/scripts/startup_trace.py" "$WORK/mote" --output "$ROOT/scripts/startup.order"
