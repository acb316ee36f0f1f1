"""Commands that need no kernel: figures, periods, and per-period reference overrides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ehp_analysis.cli import main
from ehp_analysis.validate import validate_target

from .test_validate import PROJECTS, replace_line, write


def test_figures_command_writes_key_figures(tmp_path, capsys):
    out = tmp_path / "kf.json"
    assert main(["figures", "2020-01", "-o", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    # Published: 54 projects, red status 142, red risk 101, 129 dependencies (132 in 2019-10).
    assert figures["projects"]["count"] == 54
    assert figures["status"]["red_ids"] == [142] and figures["risk"]["red_ids"] == [101]
    assert figures["dependencies"]["count"] == 129 and figures["previous"]["dependencies"]["count"] == 132
    assert "Skrev" in capsys.readouterr().out


def test_periods_lists_the_default(capsys):
    assert main(["periods"]) == 0
    out = capsys.readouterr().out
    assert "2020-01  forrige: 2019-10" in out and "(standard)" in out
    assert main(["periods", "--default"]) == 0
    assert capsys.readouterr().out.strip() == "2020-01"


def test_reference_is_overridable_per_period(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "parameters").mkdir()
    text = replace_line(PROJECTS, 4, "Oslo kommune", "Bærum kommune")
    text = replace_line(text, 4, ",4.1,", ",4.2,")
    write(tmp_path / "data" / "2021-01", {"prosjekter.csv": text})
    base = ('period: "2021-01"\nprevious_period: ""\nbudget_year: 2021\ncutoff: "2021-01-15"\n'
            'strategy: "2017-2022"\n')
    (tmp_path / "parameters" / "2021-01.yaml").write_text(base, encoding="utf-8")
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    refused = validate_target("2021-01")
    assert {e.column for e in refused.errors} == {"ansvarlig_virksomhet", "innsatsomrade"}

    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "orgs.csv").write_text(
        "virksomhet,eiergruppe,sektor\nBærum kommune,KS/kommunene,kommunal\n"
        "Direktoratet for e-helse,Direktoratet for e-helse,helseforvaltningen\n", encoding="utf-8")
    (tmp_path / "ref" / "strategy.yaml").write_text(
        'version: "2017-2022-utvidet"\nname: "Test"\nareas:\n'
        '  "1": {name: "Digitalisering av arbeidsprosesser", focus_areas: {"1.1": "Modernisere"}}\n'
        '  "4": {name: "Helsehjelp på nye måter", focus_areas: {"4.2": "Et innsatsområde som ikke er i vedlegget"}}\n',
        encoding="utf-8")
    (tmp_path / "parameters" / "2021-01.yaml").write_text(
        base + 'strategy_file: "ref/strategy.yaml"\norganisations_file: "ref/orgs.csv"\n', encoding="utf-8")
    accepted = validate_target("2021-01")
    assert accepted.errors == []
    pf = accepted.portfolio
    assert pf.projects.set_index("id").loc[145, "owner_group"] == "KS/kommunene"
    assert pf.reference.strategy.version == "2017-2022-utvidet"


# --- the quick commands stay quick: what they import, never how long they take ----------------------
# (the time is measured by benchmarks/bench_cli.py)

_REPO = Path(__file__).resolve().parents[1]
_NOTEBOOK_MACHINERY = {"nbformat", "nbconvert", "nbclient", "papermill", "jupyter_client", "ipykernel", "IPython",
                       "matplotlib", "seaborn", "scipy"}
_TABLES = {"pandas", "pandera", "numpy"}
_IMPORTED_BY = """
import contextlib, io, json, sys
from ehp_analysis import cli
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        status = cli.main(sys.argv[2:])
except SystemExit as exc:  # argparse's --help
    status = exc.code
watched = set(json.loads(sys.argv[1]))
print(json.dumps({"status": status, "stdout": out.getvalue(),
                  "imported": sorted({m.split(".")[0] for m in sys.modules} & watched)}))
"""


@pytest.mark.parametrize("argv, not_imported, says", [
    (["--help"], _NOTEBOOK_MACHINERY | _TABLES, "validate"),
    (["periods"], _NOTEBOOK_MACHINERY | _TABLES, "2020-01  forrige: 2019-10"),
    # Published January 2020: 54 projects, 129 dependencies.
    (["validate", "2020-01"], _NOTEBOOK_MACHINERY, "2020-01: OK – 54 prosjekter, 129 avhengigheter"),
])
def test_quick_commands_import_no_notebook_machinery(argv, not_imported, says):
    # A fresh interpreter: in this one the other tests have imported everything already.
    env = dict(os.environ, EHP_ROOT=str(_REPO),
               PYTHONPATH=os.pathsep.join(p for p in (str(_REPO), os.environ.get("PYTHONPATH", "")) if p))
    done = subprocess.run([sys.executable, "-c", _IMPORTED_BY, json.dumps(sorted(not_imported)), *argv],
                          env=env, cwd=_REPO, capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.splitlines()[-1])
    assert answer["status"] == 0
    assert says in answer["stdout"]
    assert answer["imported"] == []
