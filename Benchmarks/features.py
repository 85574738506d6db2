"""Feature-extraction speed: Mote's melspec and mfcc against librosa on the same 1,000 clips.

The clips: Mote's `keywords()` generator, 8 words plus silence and unknown, 100 clips each, one
second at 16 kHz. A Mote script prints them once (6 significant digits, in chunks of 1,000
values); they are written as 32-bit float WAV files, one folder per class, and both sides read
exactly those files: Mote with `load_wav(folder)`, librosa from the same floats in memory.

The features, micro_speech framing: frames of 30 ms (480 samples) every 20 ms (320), a periodic
Hann window, zero-padded to 512 points, the power spectrum, 40 HTK mel filters from 20 Hz to
8 kHz without area normalisation, ln(energy + 1e-6): 49 x 40 per clip; MFCC: the orthonormal
DCT-II of that, first 10 coefficients: 49 x 10.
- librosa: `librosa.feature.melspectrogram(y=clips, sr=16000, n_fft=512, win_length=480,
  hop_length=320, center=False, window="hann", power=2, n_mels=40, fmin=20, fmax=8000,
  htk=True, norm=None)`, then `np.log(S + 1e-6)`; MFCC adds `librosa.feature.mfcc(S=log_mel,
  n_mfcc=10, dct_type=2, norm="ortho", lifter=0)`. All 1,000 clips go in one call (librosa's
  fastest way). librosa centres a 480-point window inside the 512-point frame where Mote puts it
  at the frame's start, so librosa's frame k starts 16 samples later; the clips are padded with
  16 zeros in front for librosa so that both analyse the same samples (same work either way),
  and the values are compared.
- Mote: `mote run` of a script that loads the WAV folder, and of the same script with R feature
  calls added; (T_R - T_0) / R is the time of one call over the 1,000 clips, with start-up and
  loading cancelled out. Mote shares the clips out over the machine's cores (the result does not
  depend on how many), so its CPU time, all threads added up, is reported too: that is what one
  core would take.
librosa is single-threaded: OMP/OPENBLAS/MKL/NUMBA_NUM_THREADS=1 for NumPy and numba; its
timing is in-process (`time.perf_counter` around the call), the best of its own way of working.

Also timed: `gestures(per_class: 250)` (1,000 IMU windows), the same way (target < 1 s), and the
start-up of `mote run` on an empty script.

Prints a table of medians over --repeats; with --markdown FILE, writes the same table there.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse
import platform
import re
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off"]
PER_CLASS = 100
RATE = 16000
CHUNK = 1000  # values per print: Mote summarises longer tensors
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)")


def run_mote(mote, folder, script, name, cpu=False):
    """Wall time of `mote run NAME` in FOLDER (the script is written there first), and its stdout;
    with `cpu`, also the CPU time (user + system, all threads) it used."""
    path = os.path.join(folder, name)
    with open(path, "w") as file:
        file.write(script)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([mote, "run", name], cwd=folder, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"mote run {name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    if cpu:
        return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, done.stdout


def dump_clips(mote, folder):
    """Mote's keyword clips as a float32 array [clips, samples] and their class names."""
    prints = "\n".join(f"  print(c[{start}:{start + CHUNK}])" for start in range(0, RATE, CHUNK))
    script = (f"clips = keywords(words: {str(WORDS).replace(chr(39), chr(34))}, per_class: {PER_CLASS}, seed: 7)\n"
              "print(clips.classes)\nx = clips.x\n"
              f"for i in range(clips.count) {{\n  print(\"@\", i, clips.y[i])\n  c = x[i]\n{prints}\n}}\n")
    _, out = run_mote(mote, folder, script, "dump.mote")
    header, *blocks = re.split(r"^@ ", out, flags=re.M)
    classes = re.findall(r'"([^"]*)"', header)
    clips, labels = [], []
    for block in blocks:
        head, _, values = block.partition("\n")
        index, label = head.split()
        # Each print is `tensor([[v], [v], …], shape: [1000, 1])`: drop the shape, keep the values.
        values = re.sub(r"shape: \[[^\]]*\]", " ", values)
        numbers = np.array(NUMBER.findall(values), dtype=np.float32)
        if numbers.size != RATE:
            sys.exit(f"clip {index}: expected {RATE} values, read {numbers.size}")
        clips.append(numbers)
        labels.append(int(float(label)))
    return np.stack(clips), classes, labels


def write_wav(path, samples):
    """A mono 32-bit IEEE float WAV file (format tag 3), so the floats survive exactly."""
    data = samples.astype("<f4").tobytes()
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 3, 1, RATE,
                         RATE * 4, 4, 32, b"data", len(data))
    with open(path, "wb") as file:
        file.write(header + data)


def write_folder(folder, clips, classes, labels):
    """word/NNNN.wav for every clip; returns the clips in the order `load_wav` reads them back."""
    root = os.path.join(folder, "clips")
    order = []
    for klass, name in sorted(enumerate(classes), key=lambda pair: pair[1]):
        os.makedirs(os.path.join(root, name), exist_ok=True)
        for index, label in enumerate(labels):
            if label == klass:
                write_wav(os.path.join(root, name, f"{index:04d}.wav"), clips[index])
                order.append(index)
    return clips[order]


def librosa_features(clips, kind):
    import librosa

    padded = np.concatenate([np.zeros((clips.shape[0], 16), dtype=clips.dtype), clips], axis=1)
    mel = librosa.feature.melspectrogram(y=padded, sr=RATE, n_fft=512, win_length=480, hop_length=320, center=False,
                                         window="hann", power=2.0, n_mels=40, fmin=20, fmax=8000, htk=True, norm=None)
    log_mel = np.log(mel + 1e-6)
    if kind == "melspec":
        return np.swapaxes(log_mel, 1, 2)
    mfcc = librosa.feature.mfcc(S=log_mel, n_mfcc=10, dct_type=2, norm="ortho", lifter=0)
    return np.swapaxes(mfcc, 1, 2)


def time_librosa(clips, kind, repeats):
    librosa_features(clips[:8], kind)  # imports, filter bank caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        librosa_features(clips, kind)
        times.append(time.perf_counter() - start)
    return times


def time_mote(mote, folder, setup, call, calls, repeats, name):
    """Wall and CPU seconds of one `call`: (T with `calls` calls − T without) / calls, per repeat."""
    body = "".join(f"f{i} = {call}\n" for i in range(calls))
    walls, cpus = [], []
    for _ in range(repeats):
        base, base_cpu = run_mote(mote, folder, setup + "print(0)\n", f"{name}-0.mote", cpu=True)
        full, full_cpu = run_mote(mote, folder, setup + body + "print(0)\n", f"{name}-{calls}.mote", cpu=True)
        walls.append((full - base) / calls)
        cpus.append((full_cpu - base_cpu) / calls)
    return statistics.median(walls), statistics.median(cpus)


def mote_values(mote, folder, kind, count):
    """Mote's features of the first `count` clips, read back from printed rows."""
    width = 40 if kind == "melspec" else 10
    rows = 1000 // width
    prints = "\n".join(f"  print(s[{start}:{start + rows}])" for start in range(0, 49, rows))
    script = (f'f = {kind}(load_wav("clips"))\nx = f.x\n'
              f"for i in range({count}) {{\n  s = x[i]\n{prints}\n}}\n")
    _, out = run_mote(mote, folder, script, f"values-{kind}.mote")
    numbers = np.array(NUMBER.findall(re.sub(r"shape: \[[^\]]*\]", " ", out)), dtype=np.float64)
    return numbers.reshape(count, 49, width)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as file:
            cpu = next(line.split(":", 1)[1].strip() for line in file if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import librosa

    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()} ({platform.machine()}), "
            f"librosa {librosa.__version__}, NumPy {np.__version__}, Python {platform.python_version()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mote", required=True, help="the mote binary (a release build)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--calls", type=int, default=5, help="feature calls per timed Mote script")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    mote = os.path.abspath(args.mote)

    with tempfile.TemporaryDirectory(prefix="mote-features-") as folder:
        print("generating the clips with Mote's keywords() ...", file=sys.stderr)
        clips, classes, labels = dump_clips(mote, folder)
        clips = write_folder(folder, clips, classes, labels)
        print(f"{clips.shape[0]} clips of {clips.shape[1]} samples in {folder}/clips", file=sys.stderr)

        rows = []
        startup = [run_mote(mote, folder, "", "empty.mote")[0] for _ in range(args.repeats)]
        setup = 'clips = load_wav("clips")\n'
        results = {}
        for kind in ("melspec", "mfcc"):
            print(f"timing {kind} ...", file=sys.stderr)
            ours, ours_cpu = time_mote(mote, folder, setup, f"{kind}(clips)", args.calls, args.repeats, kind)
            theirs = statistics.median(time_librosa(clips, kind, args.repeats))
            expected = librosa_features(clips[:20], kind)
            got = mote_values(mote, folder, kind, 20)
            results[kind] = (ours, ours_cpu, theirs, float(np.max(np.abs(got - expected))))
        print("timing gestures ...", file=sys.stderr)
        gestures, _ = time_mote(mote, folder, "", "gestures(per_class: 250, seed: 1)", args.calls, args.repeats,
                                "gestures")

    def ms(seconds):
        return f"{seconds * 1000:,.1f} ms"

    rows.append("| measure | Mote | librosa | Mote faster by | target |")
    rows.append("|---|---|---|---|---|")
    shapes = {"melspec": "log-mel 49×40", "mfcc": "MFCC 49×10"}
    for kind, (ours, ours_cpu, theirs, error) in results.items():
        ratio = theirs / ours
        rows.append(f"| {shapes[kind]}, 1,000 one-second clips: wall time | {ms(ours)} | {ms(theirs)} | {ratio:.1f}× | "
                    f"≥ 5× {'✓' if ratio >= 5 else '✗'} |")
        rows.append(f"| {shapes[kind]}: CPU time (Mote's threads added up) | {ms(ours_cpu)} | {ms(theirs)} | "
                    f"{theirs / ours_cpu:.1f}× | |")
    rows.append(f"| gestures(per_class: 250): 1,000 windows [100, 6] | {ms(gestures)} | | | "
                f"< 1 s {'✓' if gestures < 1 else '✗'} |")
    rows.append(f"| `mote run` of an empty script (start-up, not in the figures above) | {ms(statistics.median(startup))} | | | |")
    notes = [f"Largest difference between Mote's and librosa's values on the first 20 clips: "
             f"log-mel {results['melspec'][3]:.2e}, MFCC {results['mfcc'][3]:.2e}.",
             f"Machine: {machine()}; medians of {args.repeats} runs, {args.calls} feature calls per timed Mote run."]
    text = "\n".join(rows + [""] + notes) + "\n"
    print(text)
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as file:
            file.write(text)


if __name__ == "__main__":
    main()
