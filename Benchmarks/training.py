"""Training speed and memory: Mote against TensorFlow/Keras on the same data and architectures.

Two workloads of the TinyML course: a 1-D CNN on [100, 6] IMU windows (the magic wand) and
MLPerf Tiny's keyword-spotting DS-CNN on [49, 10, 1] MFCC features. Mote generates each data set
once; a dump script prints it (6 significant digits) and Keras trains on exactly those samples,
so both frameworks see the same data, architecture, initialiser family, batch size, epochs and
Adam learning rate.

Time per epoch:
- Mote: `mote run` of the same script with `epochs: 1` and with `epochs: N`, timed from outside;
  (T_N - T_1) / (N - 1) is the time of an epoch with data generation, start-up and evaluation
  cancelled out.
- Keras: `model.fit(verbose=0)` in a child process with a callback that reads the clock at each
  epoch's start and end; the mean of epochs 2..N (the first one also traces the graph).
Both are over the same N - 1 steady epochs. Keras runs with TF_NUM_INTRAOP_THREADS and
TF_NUM_INTEROP_THREADS set to --threads (2); Mote splits its large passes over both cores.

Peak memory: the maximum resident set of the whole process (`/usr/bin/time -v` for Mote,
`resource.getrusage` in the Keras child), and the same for a run that stops before training
(data, model and, for Keras, the TensorFlow import), so the share of training itself shows.

Prints a table of medians over --repeats; with --markdown FILE, writes the same table there.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    data: str  # Mote lines that define `train` and `test`
    shape: tuple
    classes: int
    model: str  # the Mote model body; build_keras mirrors it layer for layer
    epochs: int
    batch: int
    lr: float


DSCNN_BLOCK = """  depthwise_conv2d(kernel: 3, activation: relu)
  batchnorm()
  conv2d(64, kernel: 1, activation: relu)
  batchnorm()
"""

WORKLOADS = [
    Workload(
        key="cnn1d",
        title="1-D CNN, magic wand [100, 6]",
        data="""data = gestures(per_class: 250, seed: 7)
train, test = split(data, 80%, seed: 1)
""",
        shape=(100, 6), classes=4,
        model="""  input(100, 6)
  conv1d(8, kernel: 5, activation: relu)
  maxpool(2)
  conv1d(16, kernel: 3, activation: relu)
  global_avgpool()
  dense(4, activation: softmax)
""",
        epochs=30, batch=32, lr=0.005),
    Workload(
        key="dscnn",
        title="DS-CNN, keywords [49, 10, 1]",
        data=f"""clips = keywords(words: {json.dumps(KEYWORDS)}, per_class: 100, seed: 7)
train, test = split(mfcc(clips), 80%, seed: 1)
train = normalize(train)
test = normalize(test, like: train)
""",
        shape=(49, 10, 1), classes=12,
        model="""  input(49, 10, 1)
  conv2d(64, kernel: [10, 4], stride: 2, activation: relu)
  batchnorm()
  dropout(0.2)
""" + DSCNN_BLOCK * 4 + """  dropout(0.4)
  global_avgpool()
  dense(12, activation: softmax)
""",
        epochs=20, batch=32, lr=0.001),
]


def build_keras(workload):
    """The Keras twin of the workload's Mote model (padding `same`, Glorot-uniform weights, zero biases)."""
    import keras
    from keras import layers

    if workload.key == "cnn1d":
        stack = [layers.Conv1D(8, 5, padding="same", activation="relu"), layers.MaxPooling1D(2),
                 layers.Conv1D(16, 3, padding="same", activation="relu"), layers.GlobalAveragePooling1D(),
                 layers.Dense(4, activation="softmax")]
    else:
        stack = [layers.Conv2D(64, (10, 4), strides=2, padding="same", activation="relu"),
                 layers.BatchNormalization(), layers.Dropout(0.2)]
        for _ in range(4):
            stack += [layers.DepthwiseConv2D(3, padding="same", activation="relu"), layers.BatchNormalization(),
                      layers.Conv2D(64, 1, padding="same", activation="relu"), layers.BatchNormalization()]
        stack += [layers.Dropout(0.4), layers.GlobalAveragePooling2D(), layers.Dense(12, activation="softmax")]
    return keras.Sequential([keras.Input(workload.shape)] + stack)


# --- Mote ---------------------------------------------------------------------------------------

def mote_script(workload, epochs):
    """The timed script: data, model, fit, then accuracy in inference mode. `epochs=0` stops before fit."""
    text = workload.data + "model net {\n" + workload.model + "}\n"
    if epochs:
        text += (f"history = fit(net, train, epochs: {epochs}, batch: {workload.batch}, "
                 f"optimizer: adam(lr: {workload.lr}), seed: 1)\n"
                 'print("accuracy", accuracy(net, train), accuracy(net, test))\n')
    else:
        text += 'print("parameters", net.params)\n'
    return text


def dump_script(workload):
    """Prints every sample and label, between `@name count` markers, for Keras to read."""
    text = workload.data
    for part in ("train", "test"):
        text += (f'print("@{part}_x", {part}.count)\n{part}_x = {part}.x\n'
                 f"for i in range({part}.count) {{ print({part}_x[i]) }}\n"
                 f'print("@{part}_y", {part}.count)\nprint({part}.y)\n')
    return text


def run_mote(mote, script_path):
    """Wall time of `mote run` and its peak resident set (KiB), and its stdout."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", mote, "run", script_path], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"mote run {script_path} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return elapsed, peak, done.stdout


def read_dump(text, workload):
    import numpy as np

    sections = {}
    for block in re.split(r"^@", text, flags=re.M)[1:]:
        header, _, body = block.partition("\n")
        name, count = header.split()
        numbers = np.array(body.replace("[", " ").replace("]", " ").replace(",", " ").split(), dtype=np.float32)
        sections[name] = (int(count), numbers)
    arrays = {}
    for part in ("train", "test"):
        count, x = sections[f"{part}_x"]
        _, y = sections[f"{part}_y"]
        arrays[f"{part}_x"] = x.reshape((count,) + workload.shape)
        arrays[f"{part}_y"] = y.astype(np.int64)
        if len(arrays[f"{part}_y"]) != count:
            sys.exit(f"{workload.key}: {part} has {count} samples but {len(y)} labels")
    return arrays


def mote_final_metrics(stdout):
    """Last epoch's training loss and accuracy (as fit reports them) and inference accuracy on train and test."""
    epochs = re.findall(r"^epoch \d+/\d+  loss (\S+)  accuracy (\S+)", stdout, flags=re.M)
    accuracy = re.search(r"^accuracy (\S+) (\S+)", stdout, flags=re.M)
    return dict(loss=float(epochs[-1][0]), fit_accuracy=float(epochs[-1][1]),
                train_accuracy=float(accuracy.group(1)), test_accuracy=float(accuracy.group(2)))


# --- Keras (in a child process, so its peak resident set is its own) ----------------------------

def keras_worker(args):
    os.environ["TF_NUM_INTRAOP_THREADS"] = str(args.threads)
    os.environ["TF_NUM_INTEROP_THREADS"] = str(args.threads)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import resource

    import numpy as np
    import tensorflow as tf
    import keras

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    workload = next(w for w in WORKLOADS if w.key == args.keras_worker)
    data = np.load(args.data)
    keras.utils.set_random_seed(1)
    model = build_keras(workload)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=workload.lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    before_fit = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    class EpochClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.start)

    clock = EpochClock()
    history = model.fit(data["train_x"], data["train_y"], epochs=args.epochs, batch_size=workload.batch,
                        shuffle=True, verbose=0, callbacks=[clock])
    _, train_accuracy = model.evaluate(data["train_x"], data["train_y"], batch_size=256, verbose=0)
    _, test_accuracy = model.evaluate(data["test_x"], data["test_y"], batch_size=256, verbose=0)
    json.dump(dict(epoch_times=clock.times, loss=history.history["loss"][-1],
                   fit_accuracy=history.history["accuracy"][-1], train_accuracy=train_accuracy,
                   test_accuracy=test_accuracy, peak_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   baseline_kib=before_fit, versions=dict(tensorflow=tf.__version__, keras=keras.__version__)),
              sys.stdout)


def run_keras(workload, data_path, epochs, threads):
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--keras-worker", workload.key, "--data", data_path,
                           "--epochs", str(epochs), "--threads", str(threads)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"keras {workload.key} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The comparison -----------------------------------------------------------------------------

def measure(workload, mote, repeats, threads, directory, log):
    import numpy as np

    paths = {}
    for name, text in (("dump", dump_script(workload)), ("setup", mote_script(workload, 0)),
                       ("one", mote_script(workload, 1)), ("full", mote_script(workload, workload.epochs))):
        paths[name] = os.path.join(directory, f"{workload.key}-{name}.mote")
        with open(paths[name], "w") as f:
            f.write(text)
    _, _, dump = run_mote(mote, paths["dump"])
    data_path = os.path.join(directory, f"{workload.key}.npz")
    np.savez(data_path, **read_dump(dump, workload))
    _, mote_baseline, _ = run_mote(mote, paths["setup"])

    mote_epochs, keras_epochs, keras_first, mote_peaks, runs = [], [], [], [], []
    for repeat in range(repeats):
        one, _, _ = run_mote(mote, paths["one"])
        full, peak, stdout = run_mote(mote, paths["full"])
        mote_epochs.append((full - one) / (workload.epochs - 1))
        mote_peaks.append(peak)
        keras = run_keras(workload, data_path, workload.epochs, threads)
        keras_epochs.append(statistics.fmean(keras["epoch_times"][1:]))
        keras_first.append(keras["epoch_times"][0])
        runs.append((mote_final_metrics(stdout), keras))
        log(f"  {workload.key} run {repeat + 1}/{repeats}: Mote {mote_epochs[-1] * 1000:.1f} ms/epoch "
            f"(1 epoch {one:.2f} s, {workload.epochs} epochs {full:.2f} s), Keras {keras_epochs[-1] * 1000:.1f} ms/epoch "
            f"(first {keras['epoch_times'][0] * 1000:.0f} ms); test accuracy Mote {runs[-1][0]['test_accuracy']:.3f}, "
            f"Keras {keras['test_accuracy']:.3f}")
    mote_metrics, keras_metrics = runs[-1]  # same seeds: every repeat trains the same weights
    return dict(workload=workload, mote_epoch=statistics.median(mote_epochs), keras_epoch=statistics.median(keras_epochs),
                mote_epochs=mote_epochs, keras_epochs=keras_epochs, keras_first=statistics.median(keras_first),
                mote=mote_metrics, keras=keras_metrics, mote_peak=statistics.median(mote_peaks),
                mote_baseline=mote_baseline, train=len(np.load(data_path)["train_y"]), test=len(np.load(data_path)["test_y"]))


def table(results, target):
    def mib(kib):
        return f"{kib / 1024:.0f} MiB"

    def pct(x):
        return f"{x * 100:.1f}%"

    lines = ["| workload | measure | Mote | Keras | ratio | target |", "|---|---|---|---|---|---|"]
    for r in results:
        w, m, k = r["workload"], r["mote"], r["keras"]
        ratio = r["mote_epoch"] / r["keras_epoch"]
        name = f"{w.title}: {r['train']} train / {r['test']} test, batch {w.batch}, {w.epochs} epochs, Adam {w.lr}"
        rows = [
            ("time per epoch", f"{r['mote_epoch'] * 1000:.1f} ms", f"{r['keras_epoch'] * 1000:.1f} ms", f"{ratio:.2f}×",
             f"≤ {target}× {'✓' if ratio <= target else '✗'}"),
            ("final training loss / accuracy (fit)", f"{m['loss']:.4f} / {pct(m['fit_accuracy'])}",
             f"{k['loss']:.4f} / {pct(k['fit_accuracy'])}", "", ""),
            ("train / test accuracy after fit", f"{pct(m['train_accuracy'])} / {pct(m['test_accuracy'])}",
             f"{pct(k['train_accuracy'])} / {pct(k['test_accuracy'])}", "", "equal"),
            ("peak resident set", mib(r["mote_peak"]), mib(k["peak_kib"]), f"{r['mote_peak'] / k['peak_kib']:.2f}×", ""),
            ("peak before training (data, model, imports)", mib(r["mote_baseline"]), mib(k["baseline_kib"]), "", ""),
        ]
        for index, row in enumerate(rows):
            lines.append("| " + " | ".join([name if index == 0 else ""] + list(row)) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mote", default=shutil.which("mote"), help="the mote binary (a release build)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", choices=[w.key for w in WORKLOADS], action="append")
    parser.add_argument("--target", type=float, default=0.5, help="the Mote/Keras time-per-epoch ratio aimed at")
    parser.add_argument("--markdown")
    parser.add_argument("--keras-worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--epochs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.keras_worker:
        return keras_worker(args)
    if not args.mote:
        sys.exit("no mote binary: pass --mote PATH")

    def log(text):
        print(text, file=sys.stderr, flush=True)

    results = []
    with tempfile.TemporaryDirectory() as directory:
        for workload in WORKLOADS:
            if args.only and workload.key not in args.only:
                continue
            log(f"==> {workload.title}")
            results.append(measure(workload, args.mote, args.repeats, args.threads, directory, log))
    versions = results[0]["keras"]["versions"]
    spread = "; ".join(f"{r['workload'].key}: Mote " + ", ".join(f"{t * 1000:.0f}" for t in r["mote_epochs"])
                       + " ms, Keras " + ", ".join(f"{t * 1000:.0f}" for t in r["keras_epochs"]) + " ms" for r in results)
    notes = (f"Medians of {args.repeats} runs ({spread}). TensorFlow {versions['tensorflow']}, Keras {versions['keras']}, "
             f"{args.threads} intra-op and inter-op threads; Python {platform.python_version()}; "
             f"{platform.system()} {platform.release()} ({platform.machine()}), {os.cpu_count()} CPUs.")
    output = table(results, args.target) + "\n\n" + notes + "\n"
    print(output)
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write(output)


if __name__ == "__main__":
    main()
