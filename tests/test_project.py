"""Project hygiene: the conda environment mirrors pyproject, notebooks carry no outputs."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req, maxsplit=1)[0].strip().lower()


def test_environment_yml_has_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {r.replace(" ", "").lower() for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {d.replace(" ", "").lower() for d in env["dependencies"] if isinstance(d, str)}
    conda -= {"pip"}
    python = {d for d in conda if d.startswith("python=")}
    assert python == {"python=3.11"}
    assert conda - python == wanted


def test_committed_notebooks_have_no_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{nb_path.name} carries outputs"
                assert cell.get("execution_count") is None, f"{nb_path.name} carries execution counts"


def test_outputs_are_git_ignored():
    assert "outputs/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
