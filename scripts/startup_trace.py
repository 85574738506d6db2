"""Records which functions the kernel runs from spawn to its first replies and writes them, one
mangled name a line, as a symbol ordering file for the release link (see startup-order.sh).

The kernel runs under valgrind's callgrind; a raw ZeroMQ client asks for kernel_info, executes
three small cells and shuts the kernel down cleanly, so callgrind writes its profile.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import uuid

import zmq
from jupyter_client.session import Session

CELLS = ["1", "x = 2", "print(x + 1)"]


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def drive(binary, profile, directory):
    shell, control, stdin, iopub, hb = free_ports(5)
    key = uuid.uuid4().hex
    connection = os.path.join(directory, "connection.json")
    with open(connection, "w") as f:
        json.dump(dict(transport="tcp", ip="127.0.0.1", shell_port=shell, control_port=control, stdin_port=stdin,
                       iopub_port=iopub, hb_port=hb, key=key, signature_scheme="hmac-sha256"), f)
    session = Session(key=key.encode(), signature_scheme="hmac-sha256")
    context = zmq.Context()
    shell_socket = context.socket(zmq.DEALER)
    shell_socket.connect(f"tcp://127.0.0.1:{shell}")
    control_socket = context.socket(zmq.DEALER)
    control_socket.connect(f"tcp://127.0.0.1:{control}")
    argv = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}",
            binary, "kernel", "--connection-file", connection]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ask(sock, msg_type, content):
        session.send(sock, session.msg(msg_type, content))
        if not sock.poll(120_000):
            raise RuntimeError(f"no reply to {msg_type}")
        _, frames = session.feed_identities(sock.recv_multipart())
        return session.deserialize(frames)

    try:
        while True:  # until the kernel is listening
            session.send(shell_socket, session.msg("kernel_info_request", {}))
            if shell_socket.poll(500):
                shell_socket.recv_multipart()
                break
            if process.poll() is not None:
                raise RuntimeError("the kernel exited under valgrind")
        for code in CELLS:
            reply = ask(shell_socket, "execute_request", dict(code=code, silent=False, store_history=True,
                                                              user_expressions={}, allow_stdin=False))
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell {code!r} failed: {reply['content']}")
        ask(control_socket, "shutdown_request", {"restart": False})
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        context.destroy(linger=0)


def functions_run(profile):
    """Function names in callgrind's profile, in first-seen order."""
    names = {}
    with open(profile) as f:
        for line in f:
            match = re.match(r"c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
            if match:
                names.setdefault(match.group(1), None)
    return list(names)


def defined_functions(binary):
    output = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    return {parts[2] for parts in (line.split() for line in output.splitlines())
            if len(parts) == 3 and parts[1] in "tTwW"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("binary", help="a release mote without debug info (valgrind cannot read Swift's)")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        profile = os.path.join(directory, "callgrind.out")
        drive(args.binary, profile, directory)
        defined = defined_functions(args.binary)
        order = [name for name in functions_run(profile) if name in defined]
    with open(args.output + ".tmp", "w") as f:
        f.write("\n".join(order) + "\n")
    os.replace(args.output + ".tmp", args.output)
    print(f"{len(order)} start-up functions written to {args.output}")


if __name__ == "__main__":
    sys.exit(main())
