"""The three headless runners agree: papermill (with the installed kernelspec) and `mote execute`
give every course notebook the same outputs, and `mote execute --report` finds every cell ok.
(test_notebooks.py holds nbclient to the same outputs.)"""

import json
import subprocess

import nbformat
import papermill
import pytest

from conftest import mote_binary
from test_notebooks import NOTEBOOKS, comparable


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_and_mote_execute_agree(path, tmp_path):
    by_papermill = tmp_path / ("papermill-" + path.name)
    papermill.execute_notebook(str(path), str(by_papermill), kernel_name="mote", cwd=str(tmp_path),
                               progress_bar=False)
    by_mote, report_path = tmp_path / ("mote-" + path.name), tmp_path / "report.json"
    subprocess.run([mote_binary(), "execute", str(path), "--output", str(by_mote), "--report", str(report_path)],
                   check=True, timeout=600)

    theirs = nbformat.read(str(by_papermill), as_version=4)
    ours = nbformat.read(str(by_mote), as_version=4)
    # papermill adds its own cells' metadata (timings) but no cells when nothing fails.
    assert comparable(ours) == comparable(theirs)

    report = json.loads(report_path.read_text())
    code = [(i, c) for i, c in enumerate(ours.cells) if c.cell_type == "code"]
    assert report["status"] == "ok" and report["totals"]["error"] == 0
    assert [r["index"] for r in report["cells"]] == [i for i, _ in code]
    assert [r["execution_count"] for r in report["cells"]] == [c.execution_count for _, c in code]
    # Every assert in the notebook passed: no cell failed, none was skipped for a failure.
    assert all(r["status"] == "ok" or r.get("reason") in ("empty", "tagged skip-execution") for r in report["cells"])
