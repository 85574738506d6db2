"""papermill parameters for Mote notebooks: the translator of Kernelspec/mote_jupyter, which papermill
finds by itself once the package is installed, turns `-p` values into Mote assignments."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def papermill(*arguments, cwd):
    """The papermill command line, as a user runs it (a fresh interpreter: nothing registered by hand)."""
    return subprocess.run([sys.executable, "-m", "papermill", *map(str, arguments)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def stdout(cell):
    """A cell's standard output, however many stream messages carried it."""
    assert all(o["output_type"] == "stream" and o["name"] == "stdout" for o in cell.outputs), cell.outputs
    return "".join(o["text"] for o in cell.outputs)


def injected_and_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    code = [c for c in nb.cells if c.cell_type == "code"]
    return injected[0], code, nb


def test_papermill_injects_mote_assignments_and_the_run_uses_them(tmp_path):
    out = tmp_path / "out.ipynb"
    result = papermill(NOTEBOOKS / "parameters.ipynb", out, "-k", "mote", "-p", "epochs", "5",
                       "-p", "name", 'x"y', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    injected, code, nb = injected_and_outputs(out)
    assert injected.source == '# Parameters\nepochs = 5\nname = "x\\"y"\n'
    # Right after the parameters cell, and run by the kernel.
    cells = nb.cells
    assert "parameters" in cells[cells.index(injected) - 1].metadata["tags"]
    assert injected.execution_count and injected.outputs == []
    assert stdout(code[2]) == 'x"y\n10\n'
    assert code[3].outputs[0]["data"]["text/plain"] == "[5, 16 kHz, false]"
    assert nb.metadata.papermill.parameters == {"epochs": 5, "name": 'x"y'}


def test_papermill_translates_every_kind_of_value(tmp_path):
    out = tmp_path / "out.ipynb"
    parameters = tmp_path / "parameters.yaml"
    parameters.write_text('epochs: 2.5\nname: "tab\\there\\nnew line, back\\\\slash, é"\nverbose: true\n'
                          'rate: null\nextra: [1, "two", [false, null]]\n')
    result = papermill(NOTEBOOKS / "parameters.ipynb", out, "-k", "mote", "-f", parameters, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    injected, code, _ = injected_and_outputs(out)
    assert injected.source.splitlines() == [
        "# Parameters",
        "epochs = 2.5",
        'name = "tab\\there\\nnew line, back\\\\slash, é"',
        "verbose = true",
        "rate = none",
        'extra = [1, "two", [false, none]]',
    ]
    # Mote read the string back exactly as YAML gave it.
    assert stdout(code[2]) == "tab\there\nnew line, back\\slash, é\n5\n"
    assert code[3].outputs[0]["data"]["text/plain"] == "[2.5, none, true]"


def test_papermill_help_notebook_lists_the_mote_parameters(tmp_path):
    result = papermill("--help-notebook", NOTEBOOKS / "parameters.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if re.match(r"  \w+: ", line)}
    assert set(lines) == {"epochs:", "name:", "rate:", "verbose:"}
    assert "number (default 1)" in lines["epochs:"] and "passes over the data" in lines["epochs:"]
    assert 'str (default "default")' in lines["name:"]
    assert "quantity (default 16kHz)" in lines["rate:"]
    assert "bool (default false)" in lines["verbose:"]


def test_translator_refuses_what_mote_cannot_write():
    from papermill.translators import papermill_translators

    translator = papermill_translators.find_translator("mote", "mote")
    with pytest.raises(ValueError, match="no dictionaries"):
        translator.translate({"a": 1})
    with pytest.raises(ValueError, match="finite"):
        translator.translate(float("nan"))
    assert translator.translate(1e-5) == "1e-05"
    assert translator.translate(-3) == "-3"
