"""The chapter in Jupyter: saving leaves the repository clean, and a toolkit error is one Norwegian message.

Three routes are tried as an analyst meets them: a real Jupyter server started with the project's
``jupyter_server_config.py`` (what ``make lab`` does) saving through its contents API; git's nbstripout filter
(``.gitattributes``, defined by ``make install``) on a notebook saved any other way; and a kernel client running a
chapter's cells as JupyterLab does, with a period that does not exist.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ehp_analysis.chapter import jupyter
from ehp_analysis.exceptions import ConfigError

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _notebook_with_outputs() -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Tittel"]},
            {"cell_type": "code", "execution_count": 7, "metadata": {"execution": {"iopub.status.busy": "x"},
                                                                   "scrolled": True, "tags": ["parameters"]},
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}], "source": ["print(42)"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def test_strip_outputs_keeps_the_source_and_the_tags():
    stripped = jupyter.strip_outputs(_notebook_with_outputs())
    code = stripped["cells"][1]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert code["metadata"] == {"tags": ["parameters"]}
    assert code["source"] == ["print(42)"] and stripped["cells"][0]["source"] == ["# Tittel"]
    assert stripped["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("folder, stripped", [("notebooks", True), ("arbeid", False)])
def test_only_chapter_notebooks_are_stripped_on_save(tmp_path, folder, stripped):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "chapters.yaml").write_text("chapters: []\n", encoding="utf-8")
    model = {"type": "notebook", "content": _notebook_with_outputs()}

    class Manager:
        root_dir = str(tmp_path)

    jupyter.strip_on_save(model, f"{folder}/kapittel.ipynb", Manager())
    assert (model["content"]["cells"][1]["outputs"] == []) is stripped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_saving_from_jupyterlab_writes_no_outputs(tmp_path):
    """JupyterLab started as `make lab` does; a save through the contents API (what autosave does)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "jupyter_server_config.py", tmp_path)
    port, token = _free_port(), "ehp-test"
    server = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--config=jupyter_server_config.py", "--no-browser", f"--port={port}",
         f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0", "--allow-root"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter-config")})
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/oppsummering.ipynb?token={token}"
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        model = json.loads(urllib.request.urlopen(url, timeout=5).read())
        content = copy.deepcopy(model["content"])
        code = [c for c in content["cells"] if c["cell_type"] == "code"]
        code[-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "kjørt\n"}]
        code[-1]["execution_count"] = 3
        # what JupyterLab writes about the kernel that ran it
        content["metadata"]["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
        content["metadata"]["language_info"].update({"version": "3.11.7", "mimetype": "text/x-python"})
        body = json.dumps({"type": "notebook", "format": "json", "content": content}).encode()
        request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=20)
    saved = json.loads((tmp_path / "notebooks" / "oppsummering.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    assert (tmp_path / "notebooks" / "oppsummering.ipynb").read_bytes() == \
        (ROOT / "notebooks" / "oppsummering.ipynb").read_bytes(), "git status stays clean: the same bytes"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_git_keeps_a_notebook_saved_with_outputs_out_of_the_repository(tmp_path):
    """The nbstripout filter `make git-filters` defines: git status stays clean, a commit holds no outputs."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if not (clone / "jupyter_server_config.py").exists():
        pytest.skip("the repository's committed tree predates this change")
    subprocess.run(["make", "--no-print-directory", "git-filters", f"PY={sys.executable}"], cwd=clone, check=True)
    path = clone / "notebooks" / "strategi.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code[0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "kjørt\n"}]
    code[0]["execution_count"] = 1
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _git("diff", "--stat", cwd=clone) == ""  # (status may list it until git re-reads it: its size changed)
    _git("add", "-A", cwd=clone)
    assert _git("status", "--porcelain", cwd=clone) == ""  # nothing to commit: the outputs never reach git
    committed = json.loads(_git("show", ":notebooks/strategi.ipynb", cwd=clone))
    assert all(c.get("outputs", []) == [] for c in committed["cells"])


@pytest.mark.slow
def test_a_toolkit_error_in_a_notebook_is_one_message_without_traceback():
    """A kernel client runs a chapter's first cells as JupyterLab does, with a period that does not exist."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    try:
        def run(code: str) -> list[dict]:
            outputs: list[dict] = []
            msg_id = client.execute(code)
            while True:
                message = client.get_iopub_msg(timeout=60)
                if message["parent_header"].get("msg_id") != msg_id:
                    continue
                if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                    return outputs
                if message["msg_type"] in ("error", "stream"):
                    outputs.append({"type": message["msg_type"], **message["content"]})

        errors = [o for o in run('from ehp_analysis.chapter import open_chapter\n'
                                 'open_chapter("oppsummering", period="1999-01")') if o["type"] == "error"]
        assert len(errors) == 1
        assert errors[0]["ename"] == "UsageError"  # an EhpError: the period is not configured
        assert errors[0]["traceback"] == errors[0]["evalue"].splitlines()
        assert "1999-01" in errors[0]["evalue"] and "Traceback" not in "".join(errors[0]["traceback"])
        other = [o for o in run("1 / 0") if o["type"] == "error"]
        assert len(other[0]["traceback"]) > 1, "any other exception keeps its traceback"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_handler_leaves_python_alone_outside_ipython():
    assert jupyter.install_short_errors() is False
    assert jupyter.short_error(None, ConfigError, ConfigError("Fant ikke perioden.\nVelg en annen."), None) == [
        "Fant ikke perioden.", "Velg en annen."]
