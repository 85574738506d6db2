"""Files are replaced whole: a process killed (SIGKILL) at any moment while writing leaves the old
file or the new one, never a mix, and never a partial file under the target's name.

Drives the real binary: `mote run` exporting a 4 MB .csv over an earlier export (the runtime's
export), and `mote execute` writing an executed notebook over the notebook it read."""

import hashlib
import json
import os
import random
import signal
import subprocess
import time

import nbformat
import pytest

from conftest import mote_binary

TRIALS = 30


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_to_completion(arguments, cwd):
    started = time.monotonic()
    subprocess.run(arguments, cwd=cwd, check=True, capture_output=True, timeout=120)
    return time.monotonic() - started


def kill_at(arguments, cwd, delay):
    process = subprocess.Popen(arguments, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return process.returncode


def leftovers(folder, keep):
    """Files other than `keep`: temporary files a killed writer could not remove."""
    return sorted(name for name in os.listdir(folder) if name not in keep)


def kill_repeatedly(folder, arguments, target, restore, is_old, is_new, keep):
    """Kills the writer at random moments around the end of its run, where the write is, until both
    outcomes were seen (at least TRIALS kills, at most three times as many). Returns the counts."""
    durations = []
    for _ in range(3):
        restore()
        durations.append(run_to_completion(arguments, folder))
        assert is_new(target), "a complete run must write the new content"
    duration = sorted(durations)[1]
    generator = random.Random(8)
    seen = {"old": 0, "new": 0, "temporary files left": 0}
    temporary_names = set()
    trial = 0
    while trial < TRIALS or (min(seen["old"], seen["new"]) == 0 and trial < 3 * TRIALS):
        trial += 1
        restore()
        delay = generator.uniform(0.3 * duration, 1.6 * duration)
        kill_at(arguments, folder, delay)
        assert target.exists(), f"trial {trial} (killed at {delay:.3f}s): the target is gone"
        if is_old(target):
            seen["old"] += 1
        elif is_new(target):
            seen["new"] += 1
        else:
            pytest.fail(f"trial {trial} (killed at {delay:.3f}s): the target holds neither the old nor the new "
                        f"content ({target.stat().st_size} bytes)")
        names = leftovers(folder, keep)
        # A killed process cannot clean up; what it leaves must not pass for the target. A file
        # left means the kill landed while the new content was being written.
        seen["temporary files left"] += bool(names)
        for name in names:
            assert name != target.name
            temporary_names.add(name)
            os.remove(folder / name)
    print(f"{target.name}: {trial} kills, {seen}, a run takes {duration:.3f}s, "
          f"temporary files like {sorted(temporary_names)[:2]}")
    return seen


def test_killed_export_leaves_old_or_new_file(tmp_path):
    old_script, new_script = tmp_path / "old.mote", tmp_path / "new.mote"
    old_script.write_text('x = randn(1000, 400, seed: 1)\nexport(x, "target.csv")\n')
    new_script.write_text('x = randn(1000, 400, seed: 2)\nexport(x, "target.csv")\n')
    target = tmp_path / "target.csv"
    run_to_completion([mote_binary(), "run", str(old_script)], tmp_path)
    old_bytes = target.read_bytes()
    old = hashlib.sha256(old_bytes).hexdigest()
    run_to_completion([mote_binary(), "run", str(new_script)], tmp_path)
    new = digest(target)
    assert old != new and len(old_bytes) > 4_000_000

    def restore():
        target.write_bytes(old_bytes)

    seen = kill_repeatedly(tmp_path, [mote_binary(), "run", str(new_script)], target, restore,
                           lambda p: digest(p) == old, lambda p: digest(p) == new,
                           keep={"old.mote", "new.mote", "target.csv"})
    # The kills landed before the rename and after it: both outcomes were reached.
    assert seen["old"] > 0 and seen["new"] > 0, seen


def test_killed_execute_leaves_old_or_new_notebook(tmp_path):
    notebook = nbformat.v4.new_notebook()
    # A few megabytes of output, so that writing the executed notebook takes measurable time.
    notebook.cells = [nbformat.v4.new_code_cell('for i in range(60000) { print(i, "a line of output to make the notebook large") }'),
                      nbformat.v4.new_code_cell("x = 1\nx")]
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook, str(path))
    old_bytes = path.read_bytes()

    def restore():
        path.write_bytes(old_bytes)

    def is_new(p):
        try:
            executed = json.loads(p.read_text())
        except ValueError:
            return False
        outputs = executed["cells"][-1].get("outputs") or [{}]
        return "".join(outputs[0].get("data", {}).get("text/plain", [])) == "1"

    seen = kill_repeatedly(tmp_path, [mote_binary(), "execute", str(path)], path, restore,
                           lambda p: p.read_bytes() == old_bytes, is_new, keep={"nb.ipynb"})
    assert seen["old"] > 0 and seen["new"] > 0, seen
