"""Regenerates arena.json: TensorFlow Lite Micro's own arena figures for every shared int8 model.

Usage (from this folder):
    python3 make_arena_goldens.py [models-dir]
The models folder defaults to $MOTE_MODELS_DIR, else ../shared/models beside the package root.
Without tflite-micro importable, the script builds a temporary virtual environment, installs it
there and reruns itself.

For each model it loads the file into `tflite_micro.runtime.Interpreter` (reference kernels,
GreedyMemoryPlanner, RecordingMicroAllocator) and parses `print_allocations()`: total, head
(planned tensor buffers) and tail (persistent) bytes, and the recorder's per-kind breakdown
(`used` bytes with alignment, `requested` bytes, allocation `count`). The PyPI build is a 64-bit
host build (8-byte pointers), recorded as `pointer_size`; the Swift plan reproduces these figures
at pointer size 8 and derives the 32-bit MCU figures from the same struct layouts at size 4.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
MODELS = ["ad01_int8", "hello_world_int8", "kws_ref_model", "micro_speech_quantized", "person_detect",
          "pretrainedResnet_quant", "vww_96_int8"]


def ensure_packages():
    try:
        import tflite_micro  # noqa: F401
    except ImportError:
        env = tempfile.mkdtemp(prefix="mote-arena-")
        subprocess.check_call([sys.executable, "-m", "venv", env])
        python = os.path.join(env, "bin", "python")
        subprocess.check_call([python, "-m", "pip", "install", "-q", "numpy", "tflite-micro"])
        os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def recorded(path):
    """Runs print_allocations in a child process (it prints from C++ to stdout) and returns its text."""
    code = ("import sys\nfrom tflite_micro.python.tflite_micro import runtime\n"
            "runtime.Interpreter.from_file(sys.argv[1]).print_allocations()\n")
    run = subprocess.run([sys.executable, "-c", code, path], check=True, capture_output=True, text=True)
    return run.stdout + run.stderr


def parse(text):
    figures = {}
    for part in ("total", "head", "tail"):
        figures[part] = int(re.search(rf"Arena allocation {part} (\d+) bytes", text).group(1))
    kinds = {}
    for name, used, requested, count in re.findall(
            r"'([^']+)' used (\d+) bytes with alignment overhead \(requested (\d+) bytes for (\d+)", text):
        kinds[name] = {"used": int(used), "requested": int(requested), "count": int(count)}
    figures["kinds"] = kinds
    return figures


def main():
    ensure_packages()
    import tflite_micro
    models_dir = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOTE_MODELS_DIR")
                  or os.path.join(os.path.dirname(PACKAGE_ROOT), "shared", "models"))
    result = {"source": "tflite-micro " + getattr(tflite_micro, "__version__", "(PyPI)") + ", RecordingMicroAllocator",
              "pointer_size": 8, "models": {}}
    for name in MODELS:
        result["models"][name] = parse(recorded(os.path.join(models_dir, name + ".tflite")))
    with open(os.path.join(HERE, "arena.json"), "w") as out:
        json.dump(result, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
