"""Transport security against real clients: ipc and CurveZMQ through jupyter_client's own
KernelManager, plaintext intruders against a CURVE kernel, and the connection-file checks that
end the kernel at start (signature scheme, CURVE keys) or put it in the spec's unsigned mode."""

import json
import os
import subprocess
import tempfile
import time
import uuid

import pytest
import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

from conftest import RawKernel, free_ports, mote_binary


@pytest.fixture
def spec_manager(tmp_path):
    """A kernelspec for the binary under test that declares CURVE support, as jupyter_client asks."""
    spec_dir = tmp_path / "kernels" / "mote-under-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [mote_binary(), "kernel", "--connection-file", "{connection_file}"],
        "display_name": "Mote (under test)", "language": "mote", "interrupt_mode": "message",
        "metadata": {"supported_encryption": ["curve"]},
    }))
    return KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])


def start_managed(spec_manager, directory, **options):
    manager = KernelManager(kernel_name="mote-under-test", kernel_spec_manager=spec_manager,
                            connection_file=os.path.join(directory, "kernel-under-test.json"), **options)
    manager.start_kernel(cwd=directory, stderr=open(os.path.join(directory, "stderr.log"), "w"))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
    except RuntimeError:
        stop_managed(manager, client)
        raise
    return manager, client


def stop_managed(manager, client):
    client.stop_channels()
    manager.shutdown_kernel(now=False)


def run_cell(client, code):
    """Executes code; returns the reply content and the stdout text published for it."""
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    stdout = []
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply["content"], "".join(stdout)


def start_raw(connection, directory):
    """Starts the kernel on a hand-written connection file; returns the process and its stderr path."""
    path = os.path.join(directory, "connection.json")
    with open(path, "w") as f:
        json.dump(connection, f)
    stderr_path = os.path.join(directory, "stderr.log")
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen([mote_binary(), "kernel", "--connection-file", path], cwd=directory,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    return process, stderr_path


def plain_connection(**fields):
    shell, control, stdin, iopub, hb = free_ports(5)
    connection = dict(transport="tcp", ip="127.0.0.1", shell_port=shell, control_port=control,
                      stdin_port=stdin, iopub_port=iopub, hb_port=hb, key=uuid.uuid4().hex,
                      signature_scheme="hmac-sha256", kernel_name="mote")
    connection.update(fields)
    return connection


def refused_at_start(connection, tmp_path):
    """The kernel's exit status and stderr for a connection file it must refuse."""
    process, stderr_path = start_raw(connection, str(tmp_path))
    try:
        status = process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the kernel kept running on a connection file it should refuse")
    return status, open(stderr_path).read()


# ipc -----------------------------------------------------------------------------------------------

def test_ipc_transport_through_jupyter_client(spec_manager, tmp_path):
    manager, client = start_managed(spec_manager, str(tmp_path), transport="ipc")
    try:
        info = json.load(open(manager.connection_file))
        assert info["transport"] == "ipc"
        # Socket files named {ip}-{port}, as jupyter_client connects to them.
        for port in ("shell_port", "iopub_port", "hb_port", "control_port", "stdin_port"):
            assert os.path.exists(f"{info['ip']}-{info[port]}"), port
        content, stdout = run_cell(client, 'x = 20 + 1\nprint("ipc says", x * 2)')
        assert content["status"] == "ok"
        assert stdout == "ipc says 42\n"
        assert client.is_alive()
    finally:
        stop_managed(manager, client)


# CURVE ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("transport", ["tcp", "ipc"])
def test_curve_encryption_through_jupyter_client(spec_manager, tmp_path, transport):
    assert zmq.has("curve")
    manager, client = start_managed(spec_manager, str(tmp_path), transport=transport,
                                    transport_encryption="required")
    try:
        info = json.load(open(manager.connection_file))
        assert len(info["curve_publickey"]) == 40 and len(info["curve_secretkey"]) == 40
        content, stdout = run_cell(client, 'print("sealed", 6 * 7)')
        assert content["status"] == "ok"
        assert stdout == "sealed 42\n"
        assert "CurveZMQ" in open(os.path.join(str(tmp_path), "stderr.log")).read()
    finally:
        stop_managed(manager, client)


def test_plaintext_and_wrong_key_clients_get_no_answer(tmp_path):
    public, secret = zmq.curve_keypair()
    connection = plain_connection(curve_publickey=public.decode(), curve_secretkey=secret.decode())
    process, stderr_path = start_raw(connection, str(tmp_path))
    session = Session(key=connection["key"].encode(), signature_scheme="hmac-sha256")
    context = zmq.Context()

    def shell_socket(server_key=None):
        sock = context.socket(zmq.DEALER)
        sock.linger = 0
        # Once a handshake fails libzmq drops the pipe, and a send would wait for a peer forever.
        sock.sndtimeo = 500
        if server_key is not None:
            client_public, client_secret = zmq.curve_keypair()
            sock.curve_publickey, sock.curve_secretkey, sock.curve_serverkey = client_public, client_secret, server_key
        sock.connect(f"tcp://127.0.0.1:{connection['shell_port']}")
        return sock

    def answers(sock, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                session.send(sock, "kernel_info_request", {})
            except zmq.Again:
                continue
            if sock.poll(500):
                return sock.recv_multipart()
        return None

    try:
        # The right server key gets an answer, so silence below is the encryption's doing.
        assert answers(shell_socket(public), timeout=20) is not None, open(stderr_path).read()
        assert answers(shell_socket(), timeout=2) is None
        wrong_public, _ = zmq.curve_keypair()
        assert answers(shell_socket(wrong_public), timeout=2) is None
        heartbeat = context.socket(zmq.REQ)
        heartbeat.linger = 0
        heartbeat.sndtimeo = 500
        heartbeat.connect(f"tcp://127.0.0.1:{connection['hb_port']}")
        try:
            heartbeat.send(b"ping")
            assert not heartbeat.poll(1000)
        except zmq.Again:
            pass  # refused before a ping could even leave
        assert process.poll() is None
    finally:
        process.kill()
        process.wait()
        context.destroy(linger=0)


@pytest.mark.parametrize("fields, complaint", [
    (dict(curve_publickey="too short", curve_secretkey="&M!m(i.JlkoxjDp[dFft?cv/$&dHp&A5JQ?DY3tt"),
     "curve_publickey is not a 40-character Z85 key"),
    (dict(curve_publickey="<cqtno!VYs0@asC}WWJ?eM2>oFG/m[ymfx0lBYMz"), "without curve_secretkey"),
    (dict(curve_publickey="GaHMag=m1qT662Qu(zH6-72L!c=@/V>.eno}HcyX",
          curve_secretkey="&M!m(i.JlkoxjDp[dFft?cv/$&dHp&A5JQ?DY3tt"), "does not belong to curve_secretkey"),
])
def test_bad_curve_keys_stop_the_kernel_at_start(tmp_path, fields, complaint):
    status, stderr = refused_at_start(plain_connection(**fields), tmp_path)
    assert status != 0
    assert complaint in stderr


# Signatures ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["hmac-sha512", "hmac-md5", ""])
def test_other_signature_schemes_stop_the_kernel_at_start(tmp_path, scheme):
    status, stderr = refused_at_start(plain_connection(signature_scheme=scheme), tmp_path)
    assert status != 0
    assert f"unsupported signature_scheme '{scheme}'" in stderr
    assert "supports only 'hmac-sha256'" in stderr


def test_empty_key_is_unsigned_mode_logged_once():
    kernel = RawKernel(key="")
    try:
        for code in ("a = 1", "a + 1", 'print("unsigned")'):
            reply, _ = kernel.execute(code)
            assert reply["content"]["status"] == "ok"
        # Unsigned replies carry an empty signature frame, as the spec says.
        msg = kernel.session.msg("kernel_info_request", {})
        kernel.session.send(kernel.shell, msg)
        assert kernel.shell.poll(5000)
        frames = kernel.shell.recv_multipart()
        assert frames[frames.index(b"<IDS|MSG>") + 1] == b""
        assert kernel.stderr().count("unsigned mode") == 1
    finally:
        kernel.close()
