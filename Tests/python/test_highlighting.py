"""Syntax highlighting: the Pygments lexer of Kernelspec/mote_jupyter, found by Pygments through its
entry point, named by the kernel's language_info and used by nbconvert's HTML."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Number, String

from conftest import ROOT, mote_binary

SAMPLE = '''# The magic wand, end to end
data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 80, seed: 7)
train, test = split(data, 80%, seed: 1)
model wand {
  input(100, 6)
  conv1d(8, kernel: 5, activation: relu, padding: same)
  global_avgpool()
  dense(4, activation: softmax)
}
history = fit(wand, train, epochs: 20, batch: 16, optimizer: adam(lr: 0.005), seed: 1)
budget = 256KB - 64KB; window = 30ms + .5s; rate = 16kHz; tiny = 1e-3 * 2.5E+2
for i in range(3) { print(i, x[1:2], x[-1], "tab\\t \\"quoted\\" back\\\\slash") }
assert accuracy(wand, test) >= 0.9 and not false or none == none, "should keep 90%"
3.mean(); x.shape; linspace?
x @ x ** 2 != 4
'''


def tokens(code):
    return [(kind, text) for kind, text in get_lexer_by_name("mote").get_tokens(code) if text.strip()]


def test_pygments_finds_the_lexer_by_alias_and_file_name():
    assert type(get_lexer_by_name("mote")).__name__ == "MoteLexer"
    assert type(get_lexer_for_filename("wand.mote")).__name__ == "MoteLexer"


def test_lexer_tokenises_a_sample_without_errors():
    found = tokens(SAMPLE)
    assert [t for t in found if t[0] in Error] == []
    # Everything is recognised as what Mote's own lexer sees.
    assert (Keyword.Declaration, "model") in found and (Name.Class, "wand") in found
    assert {(Keyword, "for"), (Keyword, "in"), (Keyword, "assert")} <= set(found)
    assert {(Keyword.Constant, "false"), (Keyword.Constant, "none")} <= set(found)
    assert (Name.Builtin, "gestures") in found and (Name.Builtin, "relu") in found
    assert (Name.Builtin.Pseudo, "same") in found
    assert (Name.Attribute, "per_class") in found and (Name.Attribute, "shape") in found
    # Every unit follows its number.
    units = [(found[i - 1], unit) for i, (kind, unit) in enumerate(found) if kind is Keyword.Type]
    assert [unit for _, unit in units] == ["%", "KB", "KB", "ms", "s", "kHz"]
    assert all(number[0] is Number.Float for number, _ in units)


def test_lexer_reads_numbers_with_their_units():
    found = tokens("256KB 30ms 16kHz 80% .5s 2MHz 1e-3 3.mean()")
    assert found[:12] == [
        (Number.Float, "256"), (Keyword.Type, "KB"), (Number.Float, "30"), (Keyword.Type, "ms"),
        (Number.Float, "16"), (Keyword.Type, "kHz"), (Number.Float, "80"), (Keyword.Type, "%"),
        (Number.Float, ".5"), (Keyword.Type, "s"), (Number.Float, "2"), (Keyword.Type, "MHz"),
    ]
    assert found[12] == (Number.Float, "1e-3")
    assert found[13] == (Number.Integer, "3") and (Name.Attribute, "mean") in found


def test_lexer_reads_string_escapes_and_stops_at_a_comment():
    found = tokens('"a\\n\\"b\\"" # "not a string"')
    assert [kind for kind, _ in found].count(String.Escape) == 3
    assert found[-1][1] == '# "not a string"'


def test_builtin_list_matches_the_registry():
    """The lexer's list, generated from help(), is the registry's: regenerate it with make_builtins.py
    when builtins change, or new ones would not be highlighted."""
    spec = importlib.util.spec_from_file_location("make_builtins", ROOT / "Kernelspec/mote_jupyter/make_builtins.py")
    make_builtins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_builtins)
    from mote_jupyter.builtins import CONSTANTS, FUNCTIONS

    functions, constants = make_builtins.parse(make_builtins.overview(mote_binary()))
    assert set(FUNCTIONS) == set(functions) and set(CONSTANTS) == set(constants)
    assert {"fit", "plot", "relu", "print"} <= set(FUNCTIONS)


def test_nbconvert_html_highlights_mote(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "mote", "display_name": "Mote", "language": "mote"}
    nb.cells = [nbformat.v4.new_code_cell('model tiny {\n  input(4)\n  dense(2, activation: softmax)\n}\n'
                                          'window = 30ms  # one frame\nprint("ok")')]
    source, executed = tmp_path / "nb.ipynb", tmp_path / "executed.ipynb"
    nbformat.write(nb, str(source))
    subprocess.run([mote_binary(), "execute", str(source), "--output", str(executed)], check=True, timeout=120)
    language_info = json.loads(executed.read_text())["metadata"]["language_info"]
    assert language_info["pygments_lexer"] == "mote" and language_info["codemirror_mode"] == "python"

    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(executed)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "No lexer found" not in result.stderr
    html = (tmp_path / "executed.html").read_text()
    for span in ['<span class="kd">model</span>', '<span class="nc">tiny</span>', '<span class="nb">dense</span>',
                 '<span class="na">activation</span>', '<span class="mf">30</span><span class="kt">ms</span>',
                 '<span class="c1"># one frame</span>', '<span class="s2">"ok"</span>', 'class="highlight hl-mote"']:
        assert span in html, span
    assert 'class="err"' not in html
