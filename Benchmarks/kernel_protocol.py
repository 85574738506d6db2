"""Kernel start-up, round-trip latency and memory: Mote against ipykernel, side by side.

A raw ZeroMQ client (jupyter_client's Session for signing only) spawns each kernelspec's argv
itself, so jupyter_client's own start-up waits do not hide the kernel's. Prints a table of
medians and ratios; with --markdown FILE, writes the same table there.
"""

import argparse
import hashlib
import hmac
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class LeanClient:
    """Signs and reads messages with the least work a client can do: HMAC-SHA256 over the four
    dict frames, and JSON parsing of the headers only, so the client's own cost (jupyter_client's
    Session also validates, copies and parses every date) does not hide the kernel's."""

    def __init__(self, key):
        self.key = key
        self.session_id = uuid.uuid4().hex
        self.count = 0

    def request(self, msg_type, content):
        self.count += 1
        msg_id = f"{self.session_id}_{self.count}"
        header = json.dumps({"msg_id": msg_id, "session": self.session_id, "username": "bench", "msg_type": msg_type,
                             "version": "5.3", "date": "2026-01-01T00:00:00.000000Z"}).encode()
        frames = [header, b"{}", b"{}", json.dumps(content).encode()]
        signature = hmac.new(self.key, b"".join(frames), hashlib.sha256).hexdigest().encode()
        return msg_id, [b"<IDS|MSG>", signature] + frames

    @staticmethod
    def read(frames):
        """(msg_type, parent msg_id, content frame) of a received message."""
        at = frames.index(b"<IDS|MSG>")
        header = json.loads(frames[at + 2])
        parent = json.loads(frames[at + 3])
        return header["msg_type"], parent.get("msg_id"), frames[at + 5]


def one_run(argv_template, executes):
    shell, control, stdin, iopub, hb = free_ports(5)
    key = uuid.uuid4().hex
    info = dict(transport="tcp", ip="127.0.0.1", shell_port=shell, control_port=control, stdin_port=stdin,
                iopub_port=iopub, hb_port=hb, key=key, signature_scheme="hmac-sha256")
    directory = tempfile.mkdtemp()
    path = os.path.join(directory, "connection.json")
    with open(path, "w") as f:
        json.dump(info, f)
    argv = [a.replace("{connection_file}", path) for a in argv_template]
    session = Session(key=key.encode(), signature_scheme="hmac-sha256")
    context = zmq.Context()
    # Retry the connection every millisecond (libzmq's default is 100 ms), so the client's
    # polling does not hide how soon the kernel is listening.
    context.setsockopt(zmq.RECONNECT_IVL, 1)
    shell_socket = context.socket(zmq.DEALER)
    shell_socket.connect(f"tcp://127.0.0.1:{shell}")
    iopub_socket = context.socket(zmq.SUB)
    iopub_socket.setsockopt(zmq.SUBSCRIBE, b"")
    iopub_socket.connect(f"tcp://127.0.0.1:{iopub}")

    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Ask until the first kernel_info_reply (the kernel may not be bound yet).
        first_reply = None
        while first_reply is None:
            session.send(shell_socket, session.msg("kernel_info_request", {}))
            if shell_socket.poll(2):
                session.feed_identities(shell_socket.recv_multipart())
                first_reply = time.perf_counter() - start
        time.sleep(0.5)  # let start-up settle before reading memory
        memory = rss_kib(process.pid)
        while shell_socket.poll(0):
            shell_socket.recv_multipart()
        while iopub_socket.poll(100):
            iopub_socket.recv_multipart()

        # One poll over both sockets: whichever answers first is read at once.
        poller = zmq.Poller()
        poller.register(shell_socket, zmq.POLLIN)
        poller.register(iopub_socket, zmq.POLLIN)
        round_trips = []
        lean = LeanClient(key.encode())
        for _ in range(executes):
            msg_id, frames = lean.request("execute_request", dict(code="1", silent=False, store_history=True,
                                                                   user_expressions={}, allow_stdin=False, stop_on_error=True))
            sent = time.perf_counter()
            shell_socket.send_multipart(frames)
            got_reply = got_idle = False
            while not (got_reply and got_idle):
                ready = dict(poller.poll(5000))
                if shell_socket in ready:
                    msg_type, parent, _ = lean.read(shell_socket.recv_multipart())
                    got_reply = got_reply or (parent == msg_id and msg_type == "execute_reply")
                if iopub_socket in ready:
                    msg_type, parent, content = lean.read(iopub_socket.recv_multipart())
                    if parent == msg_id and msg_type == "status" and b'"idle"' in content:
                        got_idle = True
            round_trips.append(time.perf_counter() - sent)
        return first_reply, statistics.median(round_trips), memory
    finally:
        process.kill()
        process.wait()
        context.destroy(linger=0)


def measure(name, runs, executes):
    spec = KernelSpecManager().get_kernel_spec(name)
    results = [one_run(spec.argv, executes) for _ in range(runs)]
    return {
        "startup_s": statistics.median(r[0] for r in results),
        "execute_s": statistics.median(r[1] for r in results),
        "rss_mib": statistics.median(r[2] for r in results) / 1024,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--executes", type=int, default=200)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    mote = measure("mote", args.runs, args.executes)
    peer = measure("python3", args.runs, args.executes)
    rows = [
        ("spawn → first kernel_info_reply", f"{mote['startup_s'] * 1000:.1f} ms", f"{peer['startup_s'] * 1000:.1f} ms",
         mote["startup_s"] / peer["startup_s"], "≤ 0.05×"),
        ("trivial execute → reply and idle", f"{mote['execute_s'] * 1000:.2f} ms", f"{peer['execute_s'] * 1000:.2f} ms",
         mote["execute_s"] / peer["execute_s"], "≤ 0.1×"),
        ("resident memory after start-up", f"{mote['rss_mib']:.1f} MiB", f"{peer['rss_mib']:.1f} MiB",
         mote["rss_mib"] / peer["rss_mib"], "≤ 0.3×"),
    ]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
        f"medians of {args.runs} kernel starts, {args.executes} executes each.",
        "",
        "| measure | Mote | ipykernel | ratio | target |",
        "|---|---|---|---|---|",
    ] + [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.3f}× | {r[4]} |" for r in rows]
    print("\n".join(lines))
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
