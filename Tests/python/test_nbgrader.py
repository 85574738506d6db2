"""nbgrader on a Mote assignment (Notebooks/assignments): generate the student version, then
autograde a correct and a partly wrong submission and check their scores."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, mote_binary

COURSE = ROOT / "Notebooks" / "assignments"
STUB = '# YOUR CODE HERE\nassert false, "not done yet"'
ANSWERS = {
    "correct": ["samples = 2s * 16kHz", "left = 256KB - 64KB", "windows = round((1s - 40ms) / 20ms) + 1"],
    # Right, wrong, and not attempted (the stub stays).
    "partial": ["samples = 32000", "left = 256KB - 60KB", STUB],
}


def nbgrader(*arguments, cwd):
    # nbgrader runs alembic from PATH to set up its database: the environment's scripts come first.
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The course after generate_assignment and autograde of both submissions."""
    course = tmp_path_factory.mktemp("course")
    shutil.copy(COURSE / "nbgrader_config.py", course)
    shutil.copytree(COURSE / "source", course / "source")
    nbgrader("generate_assignment", "units", "--force", cwd=course)
    release = nbformat.read(str(course / "release" / "units" / "units.ipynb"), as_version=4)
    for student, answers in ANSWERS.items():
        submission = nbformat.from_dict(release)
        solution_cells = [c for c in submission.cells if c.metadata["nbgrader"].get("solution")]
        assert len(solution_cells) == len(answers)
        for cell, answer in zip(solution_cells, answers):
            cell.source = cell.source.replace(STUB, answer)
        folder = course / "submitted" / student / "units"
        folder.mkdir(parents=True)
        nbformat.write(submission, str(folder / "units.ipynb"))
    nbgrader("autograde", "units", "--force", cwd=course)
    return course


def test_generate_assignment_replaces_solutions_with_a_stub_that_fails_in_mote(graded, tmp_path):
    release = graded / "release" / "units" / "units.ipynb"
    text = release.read_text()
    assert "BEGIN SOLUTION" not in text and "256KB - 64KB" not in text
    assert text.count("# YOUR CODE HERE") == 3
    # Unanswered, the notebook stops at the stub with a clear error.
    result = subprocess.run([mote_binary(), "execute", str(release), "--output", str(tmp_path / "out.ipynb")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "AssertionError: not done yet" in result.stderr


def test_autograde_scores_a_correct_and_a_partial_submission(graded):
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(graded / "gradebook.db")) as gradebook:
        scores = {student: gradebook.find_submission("units", student).score for student in ANSWERS}
        max_score = gradebook.find_assignment("units").max_score
        grades = {g.name: g.score for g in gradebook.find_submission_notebook("units", "units", "partial").grades}
    assert max_score == 10
    assert scores == {"correct": 10, "partial": 2}
    assert grades == {"test-samples": 2, "test-left": 0, "test-windows": 0}


def test_passing_test_cells_print_nothing_and_failing_ones_raise(graded):
    def test_cells(student):
        nb = nbformat.read(str(graded / "autograded" / student / "units" / "units.ipynb"), as_version=4)
        return {c.metadata["nbgrader"]["grade_id"]: c.outputs for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade")}

    assert test_cells("correct") == {"test-samples": [], "test-left": [], "test-windows": []}
    partial = test_cells("partial")
    assert partial["test-samples"] == []
    [left] = partial["test-left"]
    assert (left.output_type, left.ename, left.evalue) == ("error", "AssertionError", "256 KB less 64 KB leaves 192 KB")
    [windows] = partial["test-windows"]
    assert (windows.output_type, windows.ename) == ("error", "NameError")
