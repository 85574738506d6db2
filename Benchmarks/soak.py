"""Soak and load: one kernel through 10,000 executes, 50 kernels started at once, and the
heartbeat while a model trains. Each has a pass/fail threshold; prints the figures with PASS or
FAIL, writes them as Markdown with --markdown FILE, and exits non-zero if any check fails.

(a) 10,000 small cells (assignment, arithmetic, print, a tensor op) in one kernel: resident
    memory after the first 500 against the end, growth <= 10%. Run again with store_history
    false, for information: what grows with history is the history itself.
(b) 50 kernels spawned at once: each answers kernel_info within 5 s of its spawn (max, median).
(c) Heartbeat round trips during a training `fit` of several seconds: max <= 100 ms.

A raw ZeroMQ client drives the binary given with --mote (the release build in `make bench`).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_protocol import LeanClient, free_ports, rss_kib  # noqa: E402


class Kernel:
    """One kernel process on its own connection file, and a lean client's shell and iopub sockets."""

    def __init__(self, mote, context, ports=None):
        shell, control, stdin, iopub, hb = ports or free_ports(5)
        self.key = uuid.uuid4().hex
        self.info = dict(transport="tcp", ip="127.0.0.1", shell_port=shell, control_port=control,
                         stdin_port=stdin, iopub_port=iopub, hb_port=hb, key=self.key,
                         signature_scheme="hmac-sha256", kernel_name="mote")
        self.directory = tempfile.mkdtemp(prefix="mote-soak-")
        path = os.path.join(self.directory, "connection.json")
        with open(path, "w") as f:
            json.dump(self.info, f)
        self.client = LeanClient(self.key.encode())
        self.context = context
        self.shell = self.socket(zmq.DEALER, shell)
        self.iopub = self.socket(zmq.SUB, iopub)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.argv = [mote, "kernel", "--connection-file", path]
        self.process = None
        self.spawned_at = None

    def socket(self, kind, port):
        s = self.context.socket(kind)
        s.setsockopt(zmq.LINGER, 0)
        s.connect(f"tcp://127.0.0.1:{port}")
        return s

    def spawn(self):
        self.spawned_at = time.perf_counter()
        self.process = subprocess.Popen(self.argv, cwd=self.directory, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)

    def send(self, msg_type, content):
        msg_id, frames = self.client.request(msg_type, content)
        self.shell.send_multipart(frames)
        return msg_id

    def wait_ready(self, timeout=30):
        """kernel_info until a reply and an iopub message both arrive (the PUB slow joiner)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg_id = self.send("kernel_info_request", {})
            if self.shell.poll(1000):
                self.shell.recv_multipart()
                if self.iopub.poll(500):
                    while self.iopub.poll(100):
                        self.iopub.recv_multipart()
                    return
        raise RuntimeError("kernel did not become ready")

    def execute(self, code, timeout=60, store_history=True):
        """Runs a cell; returns (reply status, seconds until reply and idle)."""
        msg_id = self.send("execute_request", dict(code=code, silent=False, store_history=store_history,
                                                   user_expressions={}, allow_stdin=False, stop_on_error=False))
        start = time.perf_counter()
        status = None
        idle = False
        poller = zmq.Poller()
        poller.register(self.shell, zmq.POLLIN)
        poller.register(self.iopub, zmq.POLLIN)
        deadline = time.time() + timeout
        while status is None or not idle:
            if time.time() > deadline:
                raise RuntimeError(f"no reply and idle within {timeout}s for {code!r}")
            ready = dict(poller.poll(1000))
            if self.shell in ready:
                msg_type, parent, content = LeanClient.read(self.shell.recv_multipart())
                if parent == msg_id and msg_type == "execute_reply":
                    status = json.loads(content)["status"]
            if self.iopub in ready:
                msg_type, parent, content = LeanClient.read(self.iopub.recv_multipart())
                if parent == msg_id and msg_type == "status" and b'"idle"' in content:
                    idle = True
        return status, time.perf_counter() - start

    def close(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def soak_cell(i):
    """The i-th cell of the soak: four kinds in turn, reusing a bounded set of names."""
    kind = i % 4
    if kind == 0:
        return f"v{i % 50} = {i}"
    if kind == 1:
        return f"({i} * 3 + 7) / 2 - {i % 13}"
    if kind == 2:
        return f'print("cell", {i}, v{(i - 2) % 50 if i >= 2 else 0})'
    return f"t = ones(16, 16) * {i % 7 + 1}\nt.sum()"


def soak(mote, count, store_history=True):
    context = zmq.Context()
    kernel = Kernel(mote, context)
    kernel.spawn()
    try:
        kernel.wait_ready()
        samples = []
        errors = 0
        baseline = None
        start = time.perf_counter()
        for i in range(count):
            status, _ = kernel.execute(soak_cell(i), store_history=store_history)
            errors += status != "ok"
            done = i + 1
            if done == 500:
                baseline = rss_kib(kernel.process.pid)
            if done % 1000 == 0 or done == count:
                samples.append((done, rss_kib(kernel.process.pid)))
        elapsed = time.perf_counter() - start
        final = rss_kib(kernel.process.pid)
        return dict(baseline_kib=baseline, final_kib=final, growth=final / baseline - 1, errors=errors,
                    samples=samples, elapsed_s=elapsed)
    finally:
        kernel.close()
        context.destroy(linger=0)


def burst(mote, count, limit):
    """Spawns `count` kernels at once; seconds from each spawn to its first kernel_info_reply."""
    context = zmq.Context()
    context.setsockopt(zmq.RECONNECT_IVL, 10)
    ports = free_ports(5 * count)
    kernels = [Kernel(mote, context, ports[5 * k:5 * k + 5]) for k in range(count)]
    answered = {}
    try:
        for kernel in kernels:
            kernel.spawn()
        poller = zmq.Poller()
        for kernel in kernels:
            poller.register(kernel.shell, zmq.POLLIN)
        by_socket = {kernel.shell: kernel for kernel in kernels}
        last_ask = {}
        deadline = time.perf_counter() + limit + 5
        while len(answered) < count and time.perf_counter() < deadline:
            now = time.perf_counter()
            for kernel in kernels:
                # A request sent before the kernel binds waits in the connecting socket and is
                # delivered when it does; asking again each second covers a lost one.
                if kernel not in answered and now - last_ask.get(kernel, 0) > 1.0:
                    kernel.send("kernel_info_request", {})
                    last_ask[kernel] = now
            for sock, _ in poller.poll(10):
                kernel = by_socket[sock]
                sock.recv_multipart()
                if kernel not in answered:
                    answered[kernel] = time.perf_counter() - kernel.spawned_at
        times = sorted(answered.values())
        return dict(answered=len(times), count=count, max_s=max(times) if times else None,
                    median_s=statistics.median(times) if times else None,
                    within=sum(t <= limit for t in times))
    finally:
        for kernel in kernels:
            kernel.close()
        context.destroy(linger=0)


TRAINING = """data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 1000, seed: 7)
train, test = split(data, 80%, seed: 1)
model wand {
  input(100, 6)
  conv1d(8, kernel: 5, activation: relu)
  maxpool(2)
  conv1d(16, kernel: 3, activation: relu)
  global_avgpool()
  dense(4, activation: softmax)
}
"""


def heartbeat_during_training(mote, epochs):
    context = zmq.Context()
    kernel = Kernel(mote, context)
    kernel.spawn()
    try:
        kernel.wait_ready()
        status, _ = kernel.execute(TRAINING)
        assert status == "ok", "the training set-up cell failed"
        hb = kernel.socket(zmq.REQ, kernel.info["hb_port"])
        round_trips = []
        lost = 0
        done = threading.Event()
        result = {}

        def train():
            result["status"], result["seconds"] = kernel.execute(
                f"history = fit(wand, train, epochs: {epochs}, batch: 32, optimizer: adam(lr: 0.005), seed: 1)",
                timeout=600)
            done.set()

        # The client's sockets are used by one thread each: shell/iopub by the trainer, hb here.
        trainer = threading.Thread(target=train)
        trainer.start()
        while not done.is_set():
            sent = time.perf_counter()
            hb.send(b"ping")
            if hb.poll(1000):
                hb.recv()
                round_trips.append(time.perf_counter() - sent)
            else:
                lost += 1
                hb.close()
                hb = kernel.socket(zmq.REQ, kernel.info["hb_port"])
            time.sleep(0.02)
        trainer.join()
        hb.close()
        return dict(status=result["status"], fit_s=result["seconds"], pings=len(round_trips), lost=lost,
                    max_s=max(round_trips), median_s=statistics.median(round_trips),
                    p99_s=sorted(round_trips)[int(len(round_trips) * 0.99)])
    finally:
        kernel.close()
        context.destroy(linger=0)


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mote", required=True, help="the mote binary (the release build)")
    parser.add_argument("--executes", type=int, default=10_000)
    parser.add_argument("--kernels", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    args.mote = os.path.abspath(args.mote)  # kernels start in directories of their own

    load_before = os.getloadavg()
    a = soak(args.mote, args.executes)
    # The same cells kept out of history: tells the kernel's own retention from history's.
    unkept = soak(args.mote, args.executes, store_history=False)
    b = burst(args.mote, args.kernels, limit=5.0)
    c = heartbeat_during_training(args.mote, args.epochs)
    load_after = os.getloadavg()

    a_ok = a["growth"] <= 0.10 and a["errors"] == 0
    b_ok = b["answered"] == b["count"] and b["within"] == b["count"]
    c_ok = c["status"] == "ok" and c["lost"] == 0 and c["max_s"] <= 0.100 and c["fit_s"] >= 2
    rows = [
        (f"(a) {args.executes:,} executes in one kernel: RSS after 500 → end",
         f"{a['baseline_kib'] / 1024:.1f} → {a['final_kib'] / 1024:.1f} MiB ({a['growth'] * 100:+.1f}%), "
         f"{a['errors']} errors, {a['elapsed_s']:.1f} s", "growth ≤ 10%", verdict(a_ok)),
        (f"(a′) the same, `store_history: false`",
         f"{unkept['baseline_kib'] / 1024:.1f} → {unkept['final_kib'] / 1024:.1f} MiB "
         f"({unkept['growth'] * 100:+.1f}%), {unkept['errors']} errors", "(information)", ""),
        (f"(b) {args.kernels} kernels spawned at once: spawn → kernel_info_reply",
         f"{b['answered']}/{b['count']} answered; max {b['max_s']:.2f} s, median {b['median_s']:.2f} s"
         if b["answered"] else "none answered", "all ≤ 5 s", verdict(b_ok)),
        (f"(c) heartbeat during `fit` ({c['fit_s']:.1f} s, {c['pings']} pings)",
         f"max {c['max_s'] * 1000:.1f} ms, p99 {c['p99_s'] * 1000:.1f} ms, median {c['median_s'] * 1000:.2f} ms, "
         f"{c['lost']} lost", "max ≤ 100 ms", verdict(c_ok)),
    ]
    memory = ", ".join(f"{n:,}: {kib / 1024:.1f}" for n, kib in a["samples"])
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (1-minute); "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "| check | result | threshold | verdict |",
        "|---|---|---|---|",
    ] + [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows] + [
        "",
        f"RSS (MiB) after n executes — {memory}.",
    ]
    print("\n".join(lines))
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0 if a_ok and b_ok and c_ok else 1


if __name__ == "__main__":
    sys.exit(main())
