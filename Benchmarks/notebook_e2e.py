"""End to end: the magic-wand lesson under Mote against the same lesson in TensorFlow/Keras.

Runs, each from a cold process and timed from outside:
- `mote execute Notebooks/03-magic-wand.ipynb` (the release binary: client and kernel in one process);
- the same notebook under nbclient with the Mote kernelspec (`mote install` into a scratch prefix);
- `Benchmarks/keras-magic-wand.ipynb` under nbclient with ipykernel, TensorFlow on --threads threads.
Mote's `deploy` and `emulate` have no Keras counterpart, so both Mote runs are repeated on a copy of
the lesson without those cells ("no deploy/emulate"), the like-for-like figure.

Same data: Mote exports the lesson's gesture windows and splits (`export(data, "x.npy")`) once;
the Keras notebook loads them.

Time is the wall time of the whole command: process start, kernel start-up, imports, every cell,
shutdown. An nbclient run is a child Python process that imports nbclient, starts the kernel, runs
the notebook and stops the kernel. Memory is the peak resident set, sampled every 10 ms with psutil
over the run's process tree (summed): all processes, and the kernel's alone (the nbclient child's
descendants). For `mote execute`, client and kernel are one process: its maximum resident set from
`/usr/bin/time -v`. (`getrusage` of an nbclient child's children would not do: a forked kernel
inherits the client's high-water mark, about 67 MiB, before it runs its own program.)

Prints a table of medians over --repeats and the load average; with --markdown FILE, writes it there.
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
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LESSON = os.path.join(ROOT, "Notebooks", "03-magic-wand.ipynb")
KERAS_NOTEBOOK = os.path.join(HERE, "keras-magic-wand.ipynb")

# The lesson's data and splits, exported for the Keras notebook: `validation: 20%` in `fit` holds
# out `split(train, 80%, seed: 1)`, so "fit" and "validation" are the parts Mote trains and scores on.
DUMP = """data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 80, seed: 7)
train, test = split(data, 80%, seed: 1)
fit_part, held = split(train, 80%, seed: 1)
"""
PARTS = {"data": "data", "train": "train", "test": "test", "fit": "fit_part", "validation": "held"}


def dump_script():
    text = DUMP
    for name, variable in PARTS.items():
        text += f'export({variable}, "gestures-{name}-x.npy")\nexport({variable}.y, "gestures-{name}-y.npy")\n'
    return text


def without_board(notebook):
    """The lesson without `deploy` and `emulate`: their cells go, and the final check keeps its accuracy half."""
    cells = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.search(r"\b(deploy|emulate)\(|^plot\(d\)|^(run|d)$", source, re.M):
            continue
        if cell["cell_type"] == "code":
            source = "\n".join(line for line in source.splitlines() if not re.search(r"\bd\.(fits|latency)\b", line))
            cell = dict(cell, source=source)
        cells.append(cell)
    left = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    if re.search(r"\b(deploy|emulate)\(|\bd\.", left):
        sys.exit("could not remove deploy/emulate from the lesson: its cells changed")
    return dict(notebook, cells=cells)


# --- Measuring one run --------------------------------------------------------------------------

class TreeSampler:
    """Peak summed resident set of a process and its descendants, and of the descendants alone."""

    def __init__(self, pid, interval=0.01):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_tree = 0
        self.peak_children = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        import psutil

        while not self.stop.is_set():
            try:
                children = self.process.children(recursive=True)
                own = self.process.memory_info().rss
            except psutil.NoSuchProcess:
                return
            below = 0
            for child in children:
                try:
                    below += child.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            self.peak_tree = max(self.peak_tree, own + below)
            self.peak_children = max(self.peak_children, below)
            self.stop.wait(self.interval)

    def finish(self):
        self.stop.set()
        self.thread.join()


def run_measured(command, env, cwd):
    """Wall time, peak tree and child resident sets (KiB), and the finished process's output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.finish()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return elapsed, sampler.peak_tree // 1024, sampler.peak_children // 1024, stdout, stderr


def nbclient_worker(args):
    """In a child process: run one notebook with nbclient; print how long each phase took."""
    started = time.perf_counter()
    import nbformat
    from nbclient import NotebookClient

    marks = dict(imported=time.perf_counter())
    notebook = nbformat.read(args.nbclient_worker, as_version=4)
    client = NotebookClient(notebook, kernel_name=args.kernel, timeout=600,
                            resources={"metadata": {"path": os.path.dirname(args.nbclient_worker)}},
                            on_notebook_start=lambda **_: marks.setdefault("ready", time.perf_counter()),
                            on_cell_executed=lambda **_: marks.update(cells_done=time.perf_counter()),
                            on_notebook_complete=lambda **_: marks.update(stopped=time.perf_counter()))
    client.execute()
    nbformat.write(notebook, args.nbclient_worker)
    phases = dict(imports=marks["imported"] - started, kernel_start=marks["ready"] - marks["imported"],
                  cells=marks["cells_done"] - marks["ready"], shutdown=marks["stopped"] - marks["cells_done"])
    print(json.dumps(dict(phases=phases)))


def final_accuracies(notebook_path):
    """The float and int8 test accuracies the notebook's checks print (in %)."""
    with open(notebook_path) as f:
        notebook = json.load(f)
    text = "".join("".join(output.get("text", "")) for cell in notebook["cells"] if cell["cell_type"] == "code"
                   for output in cell.get("outputs", []) if output.get("output_type") == "stream")
    found = {}
    for label, key in (("test accuracy:", "float"), ("int8 test accuracy:", "int8")):
        match = re.search(r"^" + re.escape(label) + r" ([\d.]+) %", text, re.M)
        if match:
            found[key] = float(match.group(1))
    return found


# --- The comparison -----------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mote", default=shutil.which("mote"), help="the mote binary (a release build)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="TensorFlow's intra-op and inter-op threads")
    parser.add_argument("--target", type=float, default=10.0, help="how many times faster Mote is aimed to be")
    parser.add_argument("--markdown")
    parser.add_argument("--nbclient-worker", help=argparse.SUPPRESS)
    parser.add_argument("--kernel", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nbclient_worker:
        return nbclient_worker(args)
    if not args.mote:
        sys.exit("no mote binary: pass --mote PATH")
    mote = os.path.abspath(args.mote)

    def log(text):
        print(text, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as directory:
        work = os.path.join(directory, "work")
        os.makedirs(work)
        # The Mote kernelspec of this binary, found first by jupyter_client.
        jupyter_path = os.path.join(directory, "jupyter")
        subprocess.run([mote, "install", "--destination", os.path.join(jupyter_path, "kernels", "mote")],
                       check=True, capture_output=True)
        env = dict(os.environ, JUPYTER_PATH=jupyter_path + os.pathsep + os.environ.get("JUPYTER_PATH", ""),
                   TF_NUM_INTRAOP_THREADS=str(args.threads), TF_NUM_INTEROP_THREADS=str(args.threads),
                   TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
        env.pop("MPLBACKEND", None)

        with open(os.path.join(work, "dump.mote"), "w") as f:
            f.write(dump_script())
        subprocess.run([mote, "run", "dump.mote"], cwd=work, check=True, capture_output=True)
        with open(LESSON) as f:
            lesson = json.load(f)
        sources = {"mote-full": lesson, "mote-lite": without_board(lesson)}
        with open(KERAS_NOTEBOOK) as f:
            keras_notebook = json.load(f)

        def fresh(name, notebook):
            path = os.path.join(work, name)
            with open(path, "w") as f:
                json.dump(notebook, f)
            return path

        def mote_execute(variant):
            path = fresh(variant + ".ipynb", sources[variant])
            elapsed, _, _, _, stderr = run_measured(["/usr/bin/time", "-v", mote, "execute", path], env, work)
            peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1))
            return dict(time=elapsed, kernel=peak, total=peak, accuracy=final_accuracies(path))

        def nbclient(name, notebook, kernel):
            path = fresh(name + ".ipynb", notebook)
            elapsed, tree, children, stdout, _ = run_measured(
                [sys.executable, os.path.abspath(__file__), "--nbclient-worker", path, "--kernel", kernel], env, work)
            worker = json.loads(stdout.strip().splitlines()[-1])
            return dict(time=elapsed, kernel=children, total=tree, accuracy=final_accuracies(path), phases=worker["phases"])

        runs = {
            "a-full": lambda: mote_execute("mote-full"),
            "a-lite": lambda: mote_execute("mote-lite"),
            "b-full": lambda: nbclient("nb-mote-full", sources["mote-full"], "mote"),
            "b-lite": lambda: nbclient("nb-mote-lite", sources["mote-lite"], "mote"),
            "c": lambda: nbclient("keras", keras_notebook, "python3"),
        }
        results = {key: [] for key in runs}
        loads = [os.getloadavg()]
        for repeat in range(args.repeats):
            for key, run in runs.items():
                results[key].append(run())
                r = results[key][-1]
                log(f"  run {repeat + 1}/{args.repeats} {key}: {r['time']:.2f} s, kernel {r['kernel'] / 1024:.0f} MiB, "
                    f"all {r['total'] / 1024:.0f} MiB, accuracy {r['accuracy']}"
                    + ("; " + ", ".join(f"{k} {v:.2f} s" for k, v in r["phases"].items()) if "phases" in r else ""))
            loads.append(os.getloadavg())
        versions = subprocess.run([sys.executable, "-c", "import tensorflow as tf, keras, nbclient, ipykernel, ai_edge_litert;"
                                   "print(tf.__version__, keras.__version__, nbclient.__version__, ipykernel.__version__)"],
                                  env=env, capture_output=True, text=True).stdout.split()
        mote_version = subprocess.run([mote, "--version"], capture_output=True, text=True).stdout.strip()

    output = report(results, loads, args, versions, mote_version)
    print(output)
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write(output)


def report(results, loads, args, versions, mote_version):
    def median(key, field):
        return statistics.median(r[field] for r in results[key])

    def mib(kib):
        return f"{kib / 1024:.0f} MiB"

    keras_time, keras_kernel = median("c", "time"), median("c", "kernel")
    names = {
        "a-full": "Mote, `mote execute`, whole lesson",
        "a-lite": "Mote, `mote execute`, no deploy/emulate",
        "b-full": "Mote kernel under nbclient, whole lesson",
        "b-lite": "Mote kernel under nbclient, no deploy/emulate",
        "c": "Keras + TFLite converter, ipykernel under nbclient",
    }
    lines = ["| run | wall time | Keras ÷ run | ≥ target | kernel peak RSS | all processes peak RSS | Keras ÷ run (kernel RSS) "
             "| test accuracy float / int8 |",
             "|---|---|---|---|---|---|---|---|"]
    for key, name in names.items():
        wall, kernel, total = median(key, "time"), median(key, "kernel"), median(key, "total")
        accuracy = results[key][-1]["accuracy"]
        speedup = keras_time / wall
        verdict = "" if key == "c" else f"{'✓' if speedup >= args.target else '✗'} ({args.target:g}×)"
        faster = "" if key == "c" else f"{speedup:.1f}×"
        smaller = "" if key == "c" else f"{keras_kernel / kernel:.1f}×"
        lines.append(f"| {name} | {wall:.2f} s | {faster} | {verdict} | {mib(kernel)} | {mib(total)} "
                     f"| {smaller} | {accuracy.get('float', '?')}% / {accuracy.get('int8', '?')}% |")
    phases = []
    for key in ("b-full", "b-lite", "c"):
        median_phases = {name: statistics.median(r["phases"][name] for r in results[key]) for name in results[key][0]["phases"]}
        phases.append(f"{key}: " + ", ".join(f"{name.replace('_', ' ')} {seconds:.2f} s" for name, seconds in median_phases.items()))
    spread = "; ".join(f"{key} " + ", ".join(f"{r['time']:.2f}" for r in results[key]) + " s" for key in names)
    load_text = ", ".join(f"{one:.1f}" for one, _, _ in loads)
    tf_version, keras_version, nbclient_version, ipykernel_version = (versions + ["?"] * 4)[:4]
    notes = (f"Medians of {args.repeats} runs ({spread}). Load average (1 min) before and after each round: {load_text}. "
             f"Mote {mote_version}; TensorFlow {tf_version}, Keras {keras_version} on {args.threads} intra-op and "
             f"inter-op threads, nbclient {nbclient_version}, ipykernel {ipykernel_version}, Python "
             f"{platform.python_version()}; {platform.system()} {platform.release()} ({platform.machine()}), "
             f"{os.cpu_count()} CPUs.")
    phase_text = ("Inside the nbclient child (medians; Python's own start-up is the rest of the wall time): `import nbclient`, kernel start "
                  "until ready, the cells, and shutdown — " + "; ".join(phases) + ".")
    return "\n".join(lines) + "\n\n" + notes + "\n\n" + phase_text + "\n"


if __name__ == "__main__":
    main()
