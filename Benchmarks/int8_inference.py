"""Per-inference time of the four MLPerf Tiny int8 models: Mote against LiteRT and TFLite Micro.

The models: kws_ref_model (DS-CNN), vww_96_int8 (MobileNetV1 0.25), pretrainedResnet_quant
(ResNet-8) and ad01_int8 (fully connected autoencoder), from the shared models folder
(MOTE_MODELS_DIR, else ../shared/models beside the repository). Every runtime gets the same
random int8 inputs (seed 1), one inference at a time, on one thread:
- Mote: the release binary's `mote run` of a script that loads the model and the inputs (a .npy of
  floats that quantize back to exactly those int8 values) and calls `predict(m, x)` once, and of
  the same script with R more `predict(m, x)` calls (R chosen so they take about --seconds):
  (T_R - T_1) / (R N) is one inference, with start-up, loading and the first call cancelled out.
  A qmodel packs its filters once, when it is loaded. `predict` runs the graph sample by sample on
  the fast kernels (quantizing each input and dequantizing each output, work the others skip), so
  the figure is an upper bound of the kernels' own time. The same is measured for
  `emulate(m, portenta_h7, input: x)`: the emulator runs those kernels with every tensor copied in
  and out of a simulated SRAM at its planned offset (target: at most 2× `predict`).
- LiteRT: `ai_edge_litert.interpreter.Interpreter(model_path, num_threads=1)`, the default
  resolver, which applies the XNNPACK delegate; per inference `set_tensor` + `invoke`, timed in
  process with `time.process_time` over N inferences after a warm-up.
- TFLite Micro: `tflite_micro.runtime.Interpreter.from_file` (its reference kernels); per
  inference `set_input` + `invoke`, timed the same way over fewer inferences (it is slow).
Times are CPU time (user + system; all three run on one thread), not wall time: the machine may be
shared, and CPU time is what one core spends whoever else runs. Mote's outputs are bit-exact with
TFLite Micro (the unit tests check it on these models); LiteRT's optimized kernels are not (its
outputs differ by a few steps on some models).

LiteRT, Mote and the emulation are timed in rounds, one timing of each per round, so that all three
meet the same load; the table gives the medians over --repeats rounds (with --markdown FILE, the
same table there).
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

MODELS = ["kws_ref_model", "vww_96_int8", "pretrainedResnet_quant", "ad01_int8"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# The board the emulation runs on: 1 MB of SRAM and 2 MB of flash hold every MLPerf Tiny model.
EMULATED_BOARD = "portenta_h7"


def models_dir():
    folder = os.environ.get("MOTE_MODELS_DIR") or os.path.join(os.path.dirname(ROOT), "shared", "models")
    if not os.path.exists(os.path.join(folder, "kws_ref_model.tflite")):
        sys.exit(f"no MLPerf Tiny models in {folder}: set MOTE_MODELS_DIR")
    return folder


def litert_interpreter(path):
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=path, num_threads=1)
    interpreter.allocate_tensors()
    return interpreter


def input_details(path):
    """Shape, scale and zero point of the model's input (from LiteRT's reading of the file)."""
    detail = litert_interpreter(path).get_input_details()[0]
    scale, zero_point = detail["quantization"]
    return tuple(int(n) for n in detail["shape"]), float(scale), int(zero_point)


class LiteRTTimer:
    """One timing of N LiteRT inferences per call of `once`, each after a warm-up of its own (the
    Mote runs between two timings leave the caches to others)."""

    def __init__(self, path, inputs):
        self.interpreter = litert_interpreter(path)
        self.index = self.interpreter.get_input_details()[0]["index"]
        self.inputs = inputs

    def once(self):
        for sample in self.inputs[:5]:
            self.interpreter.set_tensor(self.index, sample)
            self.interpreter.invoke()
        start = time.process_time()
        for sample in self.inputs:
            self.interpreter.set_tensor(self.index, sample)
            self.interpreter.invoke()
        return (time.process_time() - start) / len(self.inputs)


def time_tflm(path, inputs, repeats):
    import tflite_micro

    interpreter = tflite_micro.runtime.Interpreter.from_file(path)
    interpreter.set_input(inputs[0], 0)
    interpreter.invoke()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.process_time()
        for sample in inputs:
            interpreter.set_input(sample, 0)
            interpreter.invoke()
        times.append((time.process_time() - start) / len(inputs))
    return statistics.median(times)


def run_mote(mote, folder, name, script):
    path = os.path.join(folder, name)
    with open(path, "w") as file:
        file.write(script)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([mote, "run", name], cwd=folder, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"mote run {name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def prepare_mote(folder, model, path, inputs, scale, zero_point):
    """The model and the inputs (as floats that quantize back to exactly those int8 values) beside
    the scripts, which read inside their own folder."""
    floats = ((inputs.astype(np.float32) - zero_point) * np.float32(scale)).astype(np.float32)
    floats = floats.reshape((len(inputs),) + inputs.shape[2:])  # [N] + the sample's shape
    np.save(os.path.join(folder, f"{model}.npy"), floats)
    shutil.copy(path, os.path.join(folder, f"{model}.tflite"))


class MoteTimer:
    """(T with 1 + R runs of `statement` - T with one) / (R N) per call of `once`; R is chosen so that
    the R extra runs take about `seconds`, well above the jitter of starting a process."""

    def __init__(self, mote, folder, model, count, statement, seconds):
        self.mote, self.folder, self.model, self.count = mote, folder, model, count
        setup = f'm = load_model("{model}.tflite")\nx = load_npy("{model}.npy")\ny = {statement}\n'
        self.one = setup + "print(0)\n"
        one = run_mote(mote, folder, f"{model}-1.mote", self.one)
        rough = (run_mote(mote, folder, f"{model}-r.mote", setup + f"y = {statement}\n" * 10 + "print(0)\n") - one) / 10
        self.calls = max(1, min(200, round(seconds / max(rough, 1e-3))))
        self.more = setup + f"y = {statement}\n" * self.calls + "print(0)\n"

    def once(self):
        one = run_mote(self.mote, self.folder, f"{self.model}-1.mote", self.one)
        more = run_mote(self.mote, self.folder, f"{self.model}-r.mote", self.more)
        return (more - one) / (self.calls * self.count)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as file:
            cpu = next(line.split(":", 1)[1].strip() for line in file if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import ai_edge_litert
    from importlib.metadata import version

    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()} ({platform.machine()}), "
            f"ai-edge-litert {version('ai-edge-litert')}, tflite-micro {version('tflite-micro')}, "
            f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def milliseconds(seconds):
    return f"{seconds * 1e3:.4f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mote", required=True, help="the mote binary (a release build)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--count", type=int, default=200, help="inferences per timing (Mote and LiteRT)")
    parser.add_argument("--tflm-count", type=int, default=10, help="inferences per timing for TFLite Micro")
    parser.add_argument("--seconds", type=float, default=0.5, help="Mote's extra predict calls take about this long")
    parser.add_argument("--models", nargs="*", default=MODELS)
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    mote = os.path.abspath(args.mote)
    folder_models = models_dir()
    load_before = os.getloadavg()

    rows = []
    with tempfile.TemporaryDirectory(prefix="mote-int8-") as folder:
        for model in args.models:
            path = os.path.join(folder_models, f"{model}.tflite")
            shape, scale, zero_point = input_details(path)
            rng = np.random.default_rng(1)
            inputs = rng.integers(-128, 128, size=(args.count,) + shape, dtype=np.int8)
            print(f"{model}: input {list(shape)}", file=sys.stderr)
            tflm = time_tflm(path, inputs[: args.tflm_count], args.repeats)
            prepare_mote(folder, model, path, inputs, scale, zero_point)
            litert = LiteRTTimer(path, inputs)
            predict = MoteTimer(mote, folder, model, len(inputs), "predict(m, x)", args.seconds)
            # The emulator runs the same kernels inside a simulated SRAM (a board every model fits).
            emulate = MoteTimer(mote, folder, model, len(inputs), f"emulate(m, {EMULATED_BOARD}, input: x)", args.seconds)
            # Rounds of one timing each, so that the three meet the same load on a shared machine.
            rounds = [(litert.once(), predict.once(), emulate.once()) for _ in range(args.repeats)]
            litert_time, ours, emulated = (statistics.median(column) for column in zip(*rounds))
            rows.append((model, ours, emulated, litert_time, tflm))
            print(f"  Mote {milliseconds(ours)} ({predict.calls} extra predict calls), emulated {milliseconds(emulated)}, "
                  f"LiteRT {milliseconds(litert_time)}, TFLM {milliseconds(tflm)}", file=sys.stderr)

    header = ("| model | Mote | LiteRT (XNNPACK, 1 thread) | TFLite Micro (reference) | Mote / LiteRT | TFLM / Mote "
              f"| Mote emulated on {EMULATED_BOARD} | emulated / Mote (≤ 2×) |")
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for model, ours, emulated, litert, tflm in rows:
        lines.append(f"| {model} | {milliseconds(ours)} | {milliseconds(litert)} | {milliseconds(tflm)} | "
                     f"{ours / litert:.2f}× | {tflm / ours:.1f}× | {milliseconds(emulated)} | {emulated / ours:.2f}× |")
    table = "\n".join(lines)
    note = (f"Machine: {machine()} (before the run: {' '.join(f'{x:.2f}' for x in load_before)}). "
            f"Medians of {args.repeats} runs; {args.count} inferences per timing "
            f"({args.tflm_count} for TFLite Micro).")
    print(table)
    print(note)
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as file:
            file.write(table + "\n\n" + note + "\n")


if __name__ == "__main__":
    main()
