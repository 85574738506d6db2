"""Headless execution of the course notebooks by real Jupyter clients (nbclient, papermill) with
the installed kernelspec, and the built-in `mote execute` giving the same outputs."""

import base64
import copy
import json
import os
import subprocess
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient import NotebookClient

from conftest import ROOT, mote_binary

NOTEBOOKS = sorted((ROOT / "Notebooks").glob("*.ipynb"))


def coalesced(outputs):
    """Outputs with consecutive same-name streams merged (how JupyterLab shows them)."""
    merged = []
    for output in outputs:
        output = dict(output)
        output.pop("transient", None)
        if merged and output["output_type"] == "stream" and merged[-1]["output_type"] == "stream" \
                and merged[-1]["name"] == output["name"]:
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def comparable(nb):
    return [(cell.get("execution_count"), coalesced(cell.get("outputs", [])))
            for cell in nb["cells"] if cell["cell_type"] == "code"]


def run_nbclient(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="mote", timeout=600, resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nbformat.reads(nbformat.writes(nb), as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbclient_executes_notebook(path, tmp_path):
    nb = run_nbclient(path, tmp_path)
    assert nb["metadata"]["language_info"]["name"] == "mote"
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code" and c["source"]]
    assert code_cells and all(c["execution_count"] for c in code_cells)
    for cell in code_cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", output
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output
    charts = [o for c in code_cells for o in c["outputs"] if "image/png" in o.get("data", {})]
    assert charts, "every course notebook shows at least one chart"
    for chart in charts:
        png = base64.b64decode(chart["data"]["image/png"])
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = chart["metadata"]["image/png"]["width"], chart["metadata"]["image/png"]["height"]
        assert int.from_bytes(png[16:20], "big") == 2 * width
        assert int.from_bytes(png[20:24], "big") == 2 * height
        assert "image/svg+xml" in chart["data"] and "text/plain" in chart["data"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_executes_notebook(path, tmp_path):
    out = tmp_path / path.name
    papermill.execute_notebook(str(path), str(out), kernel_name="mote", cwd=str(tmp_path), progress_bar=False)
    nb = json.loads(out.read_text())
    assert all(c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code" and c["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_mote_execute_matches_nbclient(path, tmp_path):
    reference = run_nbclient(path, tmp_path)
    out = tmp_path / ("mote-" + path.name)
    subprocess.run([mote_binary(), "execute", str(path), "--output", str(out)], check=True, timeout=600)
    text = out.read_text()
    ours = nbformat.reads(text, as_version=4)
    assert comparable(ours) == comparable(reference)
    assert ours["metadata"]["language_info"] == reference["metadata"]["language_info"]
    nbformat.validate(ours)
    # Written in nbformat's own layout, byte for byte, so diffs against Jupyter's saves stay small.
    assert text == nbformat.writes(ours) + "\n"


def test_mote_execute_is_deterministic(tmp_path):
    runs = []
    for n in range(2):
        out = tmp_path / f"run{n}.ipynb"
        subprocess.run([mote_binary(), "execute", str(NOTEBOOKS[0]), "--output", str(out)], check=True, timeout=600)
        runs.append(out.read_bytes())
    assert runs[0] == runs[1]


def failing_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y = nope + 1"),
                nbformat.v4.new_code_cell("print(x)")]
    path = tmp_path / "failing.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_mote_execute_stops_at_the_first_error(tmp_path):
    path = failing_notebook(tmp_path)
    out = tmp_path / "out.ipynb"
    result = subprocess.run([mote_binary(), "execute", str(path), "--output", str(out)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "NameError" in result.stderr and "cell 2" in result.stderr
    cells = json.loads(out.read_text())["cells"]
    assert cells[1]["outputs"][0]["ename"] == "NameError"
    assert cells[2]["outputs"] == []


def test_mote_execute_allow_errors_runs_everything(tmp_path):
    path = failing_notebook(tmp_path)
    out = tmp_path / "out.ipynb"
    subprocess.run([mote_binary(), "execute", str(path), "--output", str(out), "--allow-errors"], check=True)
    cells = json.loads(out.read_text())["cells"]
    assert cells[2]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}]


def test_mote_execute_timeout_interrupts(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("for i in range(1000000000000) { x = i }")]
    path = tmp_path / "slow.ipynb"
    nbformat.write(nb, str(path))
    result = subprocess.run([mote_binary(), "execute", str(path), "--timeout", "1"], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "CellTimeoutError" in result.stderr


def test_charts_fall_back_to_text_without_cairo(tmp_path):
    """Cairo is opened on first drawing; when it cannot be, a chart is its text summary plus the
    reason, and the rest of the notebook still runs."""
    fake = tmp_path / "lib"
    fake.mkdir()
    (fake / "libcairo.so.2").write_bytes(b"")  # found first, and not a library
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("plot([1, 4, 9])"), nbformat.v4.new_code_cell("print(1 + 1)")]
    path = tmp_path / "chart.ipynb"
    nbformat.write(nb, str(path))
    out = tmp_path / "out.ipynb"
    env = dict(os.environ, LD_LIBRARY_PATH=str(fake))
    subprocess.run([mote_binary(), "execute", str(path), "--output", str(out)], check=True, env=env, timeout=120)
    cells = json.loads(out.read_text())["cells"]
    chart = cells[0]["outputs"][0]["data"]
    assert "image/png" not in chart and "image/svg+xml" not in chart
    text = "".join(chart["text/plain"])
    assert text.startswith("<line chart: (3 points, 1…9)>")
    assert "no chart image: cannot load cairo" in text and "install libcairo2" in text
    assert cells[1]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": ["2\n"]}]


def test_charts_draw_with_cairo(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("plot([1, 4, 9])")]
    path = tmp_path / "chart.ipynb"
    nbformat.write(nb, str(path))
    out = tmp_path / "out.ipynb"
    subprocess.run([mote_binary(), "execute", str(path), "--output", str(out)], check=True, timeout=120)
    chart = json.loads(out.read_text())["cells"][0]["outputs"][0]["data"]
    assert base64.b64decode(chart["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in "".join(chart["image/svg+xml"])
