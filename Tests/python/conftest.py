"""Shared fixtures: a Mote kernel process driven over raw ZeroMQ sockets."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import zmq
from jupyter_client.session import Session

ROOT = Path(__file__).resolve().parents[2]


def mote_binary() -> str:
    """The mote binary under test (scripts/test.sh sets MOTE_BIN)."""
    path = os.environ.get("MOTE_BIN") or str(ROOT / ".build" / "debug" / "mote")
    if not Path(path).exists():
        pytest.fail(f"mote binary not found at {path}; run scripts/test.sh")
    return path


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class RawKernel:
    """A kernel process and one client's sockets, with helpers that wait with deadlines."""

    def __init__(self, key=None):
        self.key = key if key is not None else uuid.uuid4().hex
        shell, control, stdin, iopub, hb = free_ports(5)
        self.connection = dict(
            transport="tcp", ip="127.0.0.1", shell_port=shell, control_port=control,
            stdin_port=stdin, iopub_port=iopub, hb_port=hb, key=self.key,
            signature_scheme="hmac-sha256", kernel_name="mote",
        )
        self.directory = tempfile.mkdtemp(prefix="mote-kernel-")
        self.connection_file = os.path.join(self.directory, "connection.json")
        with open(self.connection_file, "w") as f:
            json.dump(self.connection, f)
        self.stderr_path = os.path.join(self.directory, "stderr.log")
        self.stderr_file = open(self.stderr_path, "w")
        self.process = subprocess.Popen(
            [mote_binary(), "kernel", "--connection-file", self.connection_file],
            cwd=self.directory, stdout=subprocess.DEVNULL, stderr=self.stderr_file,
        )
        self.session = Session(key=self.key.encode(), signature_scheme="hmac-sha256")
        self.context = zmq.Context()
        self.shell = self._connect(zmq.DEALER, shell)
        self.control = self._connect(zmq.DEALER, control)
        self.iopub = self._connect(zmq.SUB, iopub)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.hb = self._connect(zmq.REQ, hb)
        self.wait_ready()

    def _connect(self, kind, port):
        s = self.context.socket(kind)
        s.setsockopt(zmq.LINGER, 0)
        s.connect(f"tcp://127.0.0.1:{port}")
        return s

    def wait_ready(self, timeout=30):
        """Sends kernel_info until a reply and an iopub message both arrive (the PUB slow joiner)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg_id = self.send(self.shell, "kernel_info_request", {})
            reply = self.recv(self.shell, timeout=1)
            if reply and reply["parent_header"].get("msg_id") == msg_id:
                if self.recv(self.iopub, timeout=0.5):
                    self.drain()
                    return
        raise RuntimeError("kernel did not become ready: " + self.stderr())

    def send(self, sock, msg_type, content, **header_fields):
        msg = self.session.msg(msg_type, content)
        msg["header"].update(header_fields)
        self.session.send(sock, msg)
        return msg["header"]["msg_id"]

    def send_frames(self, sock, frames):
        sock.send_multipart(frames)

    def recv(self, sock, timeout=5.0):
        if sock.poll(int(timeout * 1000)):
            idents, frames = self.session.feed_identities(sock.recv_multipart())
            return self.session.deserialize(frames)
        return None

    def drain(self, timeout=0.2):
        for sock in (self.shell, self.control, self.iopub):
            while self.recv(sock, timeout=timeout):
                pass

    def iopub_until_idle(self, msg_id, timeout=30):
        """IOPub messages parented on msg_id, up to and including its idle."""
        messages = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.recv(self.iopub, timeout=max(0.01, deadline - time.time()))
            if msg is None:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages
        raise AssertionError(f"no idle for {msg_id} within {timeout}s; got {[m['msg_type'] for m in messages]}")

    def reply_to(self, sock, msg_id, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.recv(sock, timeout=max(0.01, deadline - time.time()))
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def submit(self, code, **options):
        """Sends an execute_request without waiting; returns its msg_id."""
        content = dict(code=code, silent=False, store_history=True, user_expressions={},
                       allow_stdin=False, stop_on_error=True)
        content.update(options)
        return self.send(self.shell, "execute_request", content)

    def execute(self, code, timeout=30, **options):
        msg_id = self.submit(code, **options)
        reply = self.reply_to(self.shell, msg_id, timeout=timeout)
        assert reply is not None, f"no execute_reply within {timeout}s: " + self.stderr()
        return reply, self.iopub_until_idle(msg_id, timeout=timeout)

    def heartbeat(self, timeout=1.0):
        self.hb.send(b"ping")
        if self.hb.poll(int(timeout * 1000)):
            return self.hb.recv()
        # A REQ socket that missed its reply cannot send again: replace it.
        self.hb.close()
        self.hb = self._connect(zmq.REQ, self.connection["hb_port"])
        return None

    def stderr(self):
        self.stderr_file.flush()
        with open(self.stderr_path) as f:
            return f.read()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.context.destroy(linger=0)
        self.stderr_file.close()


@pytest.fixture
def kernel():
    k = RawKernel()
    yield k
    k.close()
