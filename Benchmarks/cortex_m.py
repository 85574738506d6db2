"""Cortex-M emulation: Mote's instruction-level cores against QEMU on the same firmware.

For each model and board, `mote firmware MODEL --board B` builds the model's C export into
firmware twice from the same sources: the port harness Mote's emulator runs (`--run`, which
prints the instructions, cycles and the emulation's own wall time as JSON), and the semihosting
harness QEMU runs (`qemu-system-arm -semihosting`, the input compiled in, the output printed).
QEMU's machine for Cortex-M4 boards is `mps2-an386` (a Cortex-M4); for the Cortex-M0+ (pico) it is
`mps2-an385`, a Cortex-M3 that runs ARMv6-M code unchanged (QEMU has no M0+ machine with enough
RAM). QEMU translates blocks to host code (a JIT) and counts no cycles; Mote interprets and counts
every cycle. Speed is emulated instructions per second: Mote's count over Mote's time, and the
same count over QEMU's wall time minus QEMU's start-up (QEMU on an image that exits at once).
Both must print the same output bytes.

Also reported: the counted cycles of person detection on the RP2040 (pico) against the published
823 ms (TensorFlow Lite Micro with CMSIS-NN on one core, at the Pico SDK's default 125 MHz, so
about 103 M cycles; shared/research/mcu-emulation.md). Cycles are compared because Mote's pico
entry clocks at 133 MHz. The pico executes flash through the RP2040's XIP cache (16 kB, two-way,
a 56-cycle line fill over QSPI), so its rows also give the cache's misses and hit rate, and the
person-detection line names the operators that miss most.

Prints a table of medians over --repeats; with --markdown FILE, writes it there too.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

CASES = [("person_detect.tflite", "pico"), ("person_detect.tflite", "nano33ble"),
         ("kws_ref_model.tflite", "pico"), ("kws_ref_model.tflite", "nano33ble")]
QEMU_MACHINE = {"pico": "mps2-an385", "nano33ble": "mps2-an386"}
PUBLISHED_PICO_PERSON_DETECTION = 0.823  # seconds, at 125 MHz
PUBLISHED_PICO_CLOCK = 125e6


def qemu_seconds(elf, machine):
    start = time.perf_counter()
    done = subprocess.run(["qemu-system-arm", "-M", machine, "-semihosting", "-nographic", "-kernel", elf],
                          capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    match = re.search(r"output: ([0-9a-f]*)", done.stdout + done.stderr)  # semihosting writes to stderr
    return elapsed, match.group(1) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mote", required=True, help="the mote binary (a release build)")
    parser.add_argument("--models", default=os.environ.get("MOTE_MODELS_DIR", "../shared/models"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    for tool in ("qemu-system-arm", "arm-none-eabi-gcc"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            sys.exit(f"{tool} is missing: apt-get install qemu-system-arm gcc-arm-none-eabi")

    rows = []
    with tempfile.TemporaryDirectory(prefix="mote-cortex-m-") as folder:
        for model, board in CASES:
            path = os.path.join(args.models, model)
            if not os.path.exists(path):
                print(f"skipping {model}: not in {args.models}", file=sys.stderr)
                continue
            elf = os.path.join(folder, f"{model}-{board}.elf")
            subprocess.run([args.mote, "firmware", path, "--board", board, "--semihosting", "-o", elf], check=True)
            runs = [json.loads(subprocess.run([args.mote, "firmware", path, "--board", board, "--run"], check=True,
                                              capture_output=True, text=True).stdout) for _ in range(args.repeats)]
            qemu = [qemu_seconds(elf, QEMU_MACHINE[board]) for _ in range(args.repeats)]
            # QEMU's start-up: the same machine on an image whose first instruction exits (a bad vector table
            # makes it stop at once), measured the same way.
            empty = os.path.join(folder, "empty.elf")
            if not os.path.exists(empty):
                subprocess.run([args.mote, "firmware", os.path.join(args.models, "hello_world_int8.tflite"),
                                "--board", board, "--semihosting", "-o", empty], check=True)
            startup = statistics.median(qemu_seconds(empty, QEMU_MACHINE[board])[0] for _ in range(args.repeats))
            first = runs[0]
            # Per operator, the cycles the flash cache adds: the same firmware with zero-wait flash.
            zero_wait = None
            if first.get("cache_misses") is not None:
                zero_wait = json.loads(subprocess.run([args.mote, "firmware", path, "--board", board, "--run", "--flash-wait-states", "0"],
                                                      check=True, capture_output=True, text=True).stdout)
            same = all(output == first["output"] for _, output in qemu)
            mote_seconds = statistics.median(r["emulation_s"] for r in runs)
            qemu_time = max(statistics.median(seconds for seconds, _ in qemu) - startup, 1e-6)
            rows.append({
                "model": model.replace(".tflite", ""), "board": board, "instructions": first["instructions"],
                "cycles": first["cycles"], "latency": first["latency_s"], "mote_s": mote_seconds,
                "mote_mips": first["instructions"] / mote_seconds / 1e6, "qemu_s": qemu_time,
                "qemu_mips": first["instructions"] / qemu_time / 1e6, "same": same,
                "cache_misses": first.get("cache_misses"), "cache_accesses": first.get("cache_accesses"),
                "op_cycles": first.get("op_cycles", []), "cache_miss_cycles": first.get("cache_miss_cycles"),
                "zero_wait_cycles": zero_wait["cycles"] if zero_wait else None,
                "zero_wait_op_cycles": dict(zero_wait["op_cycles"]) if zero_wait else {},
            })

    lines = ["| model | board | instructions | cycles | counted latency | flash cache misses (hit rate) | Mote (emulated MIPS) | QEMU (MIPS) | QEMU ÷ Mote speed | same output |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        cache = "—"
        if r["cache_misses"] is not None and r["cache_accesses"]:
            cache = f"{r['cache_misses']:,} ({100 * (1 - r['cache_misses'] / r['cache_accesses']):.2f}%)"
        lines.append(f"| {r['model']} | {r['board']} | {r['instructions']:,} | {r['cycles']:,} | {r['latency'] * 1e3:,.0f} ms "
                     f"| {cache} | {r['mote_s']:.2f} s ({r['mote_mips']:.0f}) | {r['qemu_s']:.2f} s ({r['qemu_mips']:.0f}) "
                     f"| {r['qemu_mips'] / r['mote_mips']:.1f}× | {'yes' if r['same'] else 'NO'} |")
    for r in rows:
        if r["model"] == "person_detect" and r["board"] == "pico":
            published = PUBLISHED_PICO_PERSON_DETECTION * PUBLISHED_PICO_CLOCK
            ratio = r["cycles"] / published
            lines.append("")
            lines.append(f"Person detection on the RP2040: {r['cycles'] / 1e6:.1f} M cycles counted against about {published / 1e6:.1f} M "
                         f"published (823 ms at 125 MHz, CMSIS-NN, one core): {ratio:.2f}× "
                         f"({'within' if abs(ratio - 1) <= 0.15 else 'outside'} ±15%).")
            if r["cache_misses"] is not None:
                fill = r["cache_miss_cycles"]
                stalls = sorted(((op, cycles - r["zero_wait_op_cycles"].get(op, cycles)) for op, cycles in r["op_cycles"]),
                                key=lambda item: -item[1])
                lines.append(f"XIP cache: {r['cache_misses']:,} line fills × {fill} cycles = {r['cache_misses'] * fill / 1e6:.1f} M cycles "
                             f"(zero-wait flash: {r['zero_wait_cycles'] / 1e6:.1f} M cycles); operators with the most fills "
                             "(index: fills) " + ", ".join(f"{op}: {stall // fill:,}" for op, stall in stalls[:8]) + ".")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as file:
            file.write(text + "\n")


if __name__ == "__main__":
    main()
