"""`mote execute --report FILE.json`: each code cell's status, error and duration, and totals."""

import json
import subprocess

import nbformat

from conftest import mote_binary


def notebook(tmp_path, sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A report")] + [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    return path


def execute(path, report, *options):
    return subprocess.run([mote_binary(), "execute", str(path), "--output", str(path.with_name("out.ipynb")),
                           "--report", str(report), *options], capture_output=True, text=True, timeout=120)


def test_report_of_a_passing_notebook(tmp_path):
    path = notebook(tmp_path, ["x = 1", "", "for i in range(200000) { x = x + i }", "x"])
    report_path = tmp_path / "report.json"
    assert execute(path, report_path).returncode == 0
    report = json.loads(report_path.read_text())
    assert report["status"] == "ok" and "failed_cell" not in report
    assert report["notebook"] == str(path)
    cells = report["cells"]
    # Indices count every cell of the notebook (the markdown cell is index 0), as papermill does.
    assert [c["index"] for c in cells] == [1, 2, 3, 4]
    assert [c["status"] for c in cells] == ["ok", "skipped", "ok", "ok"]
    assert [c["execution_count"] for c in cells] == [1, None, 2, 3]
    assert cells[1]["reason"] == "empty" and cells[1]["duration"] == 0
    assert all("ename" not in c for c in cells)
    # The loop is the slow cell, and durations add up to the total.
    assert cells[2]["duration"] > cells[0]["duration"] and cells[2]["duration"] > 0
    assert abs(report["totals"]["duration"] - sum(c["duration"] for c in cells)) < 1e-5
    assert report["totals"] == dict(report["totals"], cells=4, ok=3, error=0, skipped=1)


def test_report_names_the_failing_cell_and_skips_the_rest(tmp_path):
    path = notebook(tmp_path, ["x = 1", "assert x == 2, \"x should be 2\"", "print(x)"])
    report_path = tmp_path / "report.json"
    result = execute(path, report_path)
    assert result.returncode != 0
    report = json.loads(report_path.read_text())
    assert report["status"] == "error" and report["failed_cell"] == 2
    ok, failed, skipped = report["cells"]
    assert ok["status"] == "ok"
    assert failed == dict(failed, index=2, execution_count=2, status="error", ename="AssertionError",
                          evalue="x should be 2")
    assert skipped == {"index": 3, "execution_count": None, "status": "skipped",
                       "reason": "after the error at index 2", "duration": 0}
    assert report["totals"] == dict(report["totals"], cells=3, ok=1, error=1, skipped=1)


def test_report_with_allow_errors_runs_every_cell(tmp_path):
    path = notebook(tmp_path, ["y = nope + 1", "print(2)"])
    report_path = tmp_path / "report.json"
    assert execute(path, report_path, "--allow-errors").returncode == 0
    report = json.loads(report_path.read_text())
    assert [(c["status"], c.get("ename")) for c in report["cells"]] == [("error", "NameError"), ("ok", None)]
    assert report["status"] == "error" and report["failed_cell"] == 1


def test_report_replaces_the_file_atomically(tmp_path):
    path = notebook(tmp_path, ["1 + 1"])
    report_path = tmp_path / "report.json"
    report_path.write_text("old")
    assert execute(path, report_path).returncode == 0
    assert json.loads(report_path.read_text())["totals"]["ok"] == 1
    # No temporary file left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb", "out.ipynb", "report.json"]
