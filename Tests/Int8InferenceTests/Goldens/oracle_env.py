"""Shared by the golden scripts: run with the Python packages an oracle needs, making a temporary
virtual environment with them when they are not importable."""
import importlib.util
import os
import subprocess
import sys
import tempfile


def ensure_packages(modules, requirements, script):
    """Reruns `script` in a fresh virtual environment with `requirements` installed unless every
    module in `modules` can already be imported."""
    if all(importlib.util.find_spec(name) is not None for name in modules):
        return
    env = tempfile.mkdtemp(prefix="mote-goldens-")
    subprocess.check_call([sys.executable, "-m", "venv", env])
    python = os.path.join(env, "bin", "python")
    subprocess.check_call([python, "-m", "pip", "install", "-q", *requirements])
    os.execv(python, [python, os.path.abspath(script), *sys.argv[1:]])
