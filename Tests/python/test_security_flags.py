"""The command-line options that bound a notebook, through the real binary: --memory-limit (and
MOTE_MEMORY_LIMIT), --allow-device (and MOTE_ALLOW_DEVICE)."""

import os
import pty
import subprocess
import threading
import time

from conftest import mote_binary

FOUR_TENSORS = "a = zeros(256, 256)\nb = zeros(256, 256)\nc = zeros(256, 256)\nd = zeros(256, 256)\nprint(\"done\")\n"


def run(tmp_path, source, *options, env=None):
    script = tmp_path / "cell.mote"
    script.write_text(source)
    return subprocess.run([mote_binary(), "run", str(script), *options], capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


def test_memory_limit_flag_stops_the_session_at_its_budget(tmp_path):
    result = run(tmp_path, FOUR_TENSORS, "--memory-limit", "700KiB")
    assert result.returncode != 0
    assert "ResourceError: a tensor of shape [256, 256] needs 256 KB; this session's names already hold 512 KB " \
           "and its memory limit is 700 KB" in result.stderr + result.stdout
    assert "done" not in result.stdout
    assert run(tmp_path, FOUR_TENSORS, "--memory-limit", "2MiB").stdout.strip() == "done"


def test_memory_limit_from_the_environment_and_the_flag_wins(tmp_path):
    assert run(tmp_path, FOUR_TENSORS, env={"MOTE_MEMORY_LIMIT": "700KB"}).returncode != 0
    assert run(tmp_path, FOUR_TENSORS, "--memory-limit", "1GiB", env={"MOTE_MEMORY_LIMIT": "700KB"}).returncode == 0


def test_a_memory_limit_that_is_not_a_size_is_refused_at_start(tmp_path):
    result = run(tmp_path, "1", "--memory-limit", "lots")
    assert result.returncode == 64
    assert "the memory limit 'lots' is not a size" in result.stderr


def capture_source(port):
    return f'd = capture_serial("{port}", duration: 1s, label: "wave")\nprint(d.count, d.shape)\n'


def test_serial_ports_open_only_when_allowed(tmp_path):
    leader, follower = pty.openpty()
    port = os.ttyname(follower)
    try:
        refused = run(tmp_path, capture_source(port))
        assert refused.returncode != 0
        assert f"the serial port '{port}' is not allowed" in refused.stderr + refused.stdout
        assert f"--allow-device {port}" in refused.stderr + refused.stdout

        def board():
            time.sleep(0.2)
            for i in range(60):
                os.write(leader, f"{i},{2 * i},{3 * i}\r\n".encode())
                time.sleep(0.005)

        for options, env in [(("--allow-device", port), None), ((), {"MOTE_ALLOW_DEVICE": "/dev/null:" + port})]:
            writer = threading.Thread(target=board)
            writer.start()
            allowed = run(tmp_path, capture_source(port), *options, env=env)
            writer.join()
            assert allowed.returncode == 0, allowed.stderr
            count = int(allowed.stdout.split()[0])
            assert count > 0, allowed.stdout
    finally:
        os.close(follower)
        os.close(leader)
