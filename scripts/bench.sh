#!/usr/bin/env bash
# Benchmarks: Mote and its peers side by side in one run; results into BENCHMARKS.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# QEMU is the peer of the Cortex-M emulator.
SYSTEM_PACKAGES+=(qemu-system-arm)
ensure_system_packages
ensure_venv "$ROOT/Tests/python/requirements.txt"
ensure_venv "$ROOT/Benchmarks/requirements.txt"
MOTE="$(build_mote release)"
"$MOTE" install --prefix "$VENV" >/dev/null
"$VENV/bin/python" -m ipykernel install --prefix "$VENV" >/dev/null
echo "==> kernel protocol: Mote vs ipykernel"
"$VENV/bin/python" "$ROOT/Benchmarks/kernel_protocol.py" --markdown "$ROOT/out/bench-kernel.md"
ensure_venv "$ROOT/Benchmarks/training-requirements.txt"
echo "==> training: Mote vs TensorFlow/Keras"
"$VENV/bin/python" "$ROOT/Benchmarks/training.py" --mote "$MOTE" --markdown "$ROOT/out/bench-training.md"
ensure_venv "$ROOT/Benchmarks/features-requirements.txt"
echo "==> feature extraction: Mote vs librosa"
"$VENV/bin/python" "$ROOT/Benchmarks/features.py" --mote "$MOTE" --markdown "$ROOT/out/bench-features.md"
ensure_venv "$ROOT/Benchmarks/int8-requirements.txt"
echo "==> int8 inference: Mote vs LiteRT and TensorFlow Lite Micro"
"$VENV/bin/python" "$ROOT/Benchmarks/int8_inference.py" --mote "$MOTE" --markdown "$ROOT/out/bench-int8.md"
ensure_venv "$ROOT/Benchmarks/notebook-requirements.txt"
echo "==> end to end: the magic-wand notebook, Mote vs Keras + the TFLite converter"
"$VENV/bin/python" "$ROOT/Benchmarks/notebook_e2e.py" --mote "$MOTE" --markdown "$ROOT/out/bench-e2e.md"
echo "==> soak and load: 10,000 executes, 50 kernels at once, heartbeat during training (pass/fail)"
"$VENV/bin/python" "$ROOT/Benchmarks/soak.py" --mote "$MOTE" --markdown "$ROOT/out/bench-soak.md"
echo "==> Cortex-M emulation: Mote's instruction-level cores vs QEMU on the same firmware"
"$VENV/bin/python" "$ROOT/Benchmarks/cortex_m.py" --mote "$MOTE" --markdown "$ROOT/out/bench-cortex-m.md"
