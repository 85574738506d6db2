"""JupyterLab in a real browser: a headless JupyterLab server, Debian's Chromium driven by Selenium,
a notebook run with the Mote kernel; the chart and the table must appear on the page. The
screenshot is saved to out/screenshots/jupyterlab.png.

Needs `chromium` and `chromium-driver` (scripts/test.sh installs them) and JupyterLab and Selenium
(scripts/lab-requirements.txt). When one is missing the test is skipped, saying so loudly."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
import warnings
from pathlib import Path

import pytest

from conftest import ROOT, free_ports

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "lab.ipynb"
SCREENSHOTS = ROOT / "out" / "screenshots"


def missing_browser_parts():
    missing = [tool for tool in ("chromium", "chromedriver") if shutil.which(tool) is None]
    for module in ("selenium", "jupyterlab"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"Python {module}")
    return missing


def skip_loudly(reason):
    message = f"BROWSER TEST SKIPPED: {reason}"
    print("\n" + "!" * len(message) + "\n" + message + "\n" + "!" * len(message), file=sys.stderr)
    warnings.warn(message)
    pytest.skip(message)


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free port in a temporary folder holding the notebook; its URL and token."""
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    port, token = free_ports(1)[0], uuid.uuid4().hex
    # No "get notified about Jupyter news?" toast over the outputs (nor a fetch of the news).
    settings = tmp_path / ".settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / ".config"), JUPYTER_RUNTIME_DIR=str(tmp_path / ".runtime"))
    log = open(tmp_path / "lab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={tmp_path}",
         f"--LabApp.user_settings_dir={tmp_path / '.settings'}", f"--LabApp.workspaces_dir={tmp_path / '.workspaces'}",
         # window.jupyterapp, so the test can run JupyterLab's own commands.
         "--LabApp.expose_app_in_browser=True"] + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise AssertionError("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.3)
        yield url, token
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1300", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    # Debian's driver, given explicitly, so Selenium never tries to download one.
    return webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)


def test_jupyterlab_runs_a_mote_notebook_in_chromium(request):
    missing = missing_browser_parts()
    if missing:
        skip_loudly("missing " + ", ".join(missing) + " (scripts/test.sh installs them: apt chromium chromium-driver, "
                    "pip -r scripts/lab-requirements.txt)")
    url, token = request.getfixturevalue("lab")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium()
    try:
        driver.get(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}&reset")
        wait = WebDriverWait(driver, 90, poll_frequency=0.25)
        # The notebook is open and its Mote kernel is idle.
        wait.until(lambda d: d.execute_script(
            "const app = window.jupyterapp; const widget = app && app.shell.currentWidget;"
            "const session = widget && widget.sessionContext && widget.sessionContext.session;"
            "return !!(session && session.kernel && session.kernel.name === 'mote'"
            " && session.kernel.status === 'idle');"))
        driver.execute_script("return window.jupyterapp.commands.execute('notebook:run-all-cells')")
        image = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img"))[0]
        table = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output table"))[0]
        # Drawn, not a broken image; the table is the model summary.
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
        assert image.size["width"] > 200 and image.size["height"] > 100
        assert "Model tiny" in table.text and "dense" in table.text
        prompts = [p.text for p in driver.find_elements(By.CSS_SELECTOR, ".jp-CodeCell .jp-InputPrompt")]
        assert prompts == ["[1]:", "[2]:"], prompts
        assert driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']") == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(SCREENSHOTS / "jupyterlab.png"))
    finally:
        driver.quit()
