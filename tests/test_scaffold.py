"""`ehp new-period`: the next cycle's parameters and pre-filled template."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from ehp_analysis.cli import main
from ehp_analysis.config import load_parameters

from .test_validate import DEPENDENCIES, PROJECTS, write


@pytest.fixture
def project_root(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "parameters").mkdir()
    (tmp_path / "parameters" / "2020-01.yaml").write_text(
        'period: "2020-01"\nprevious_period: ""\ndata_dir: "data/2020-01"\nbudget_year: 2020\n'
        'cutoff: "2020-01-17"\nstrategy: "2017-2022"\n', encoding="utf-8")
    write(tmp_path / "data" / "2020-01", {"prosjekter.csv": PROJECTS, "avhengigheter.csv": DEPENDENCIES})
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    return tmp_path


def test_new_period_writes_parameters_and_prefilled_template(project_root, capsys):
    assert main(["new-period", "2020-05", "--from", "2020-01"]) == 0
    params = load_parameters("2020-05", project_root)
    assert params.previous_period == "2020-01" and params.budget_year == 2020
    mal = project_root / "data" / "2020-05" / "mal"
    with (mal / "prosjekter.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # one row per continuing project: 11, 81, 145 (hand-read from the fixture)
    assert [r["id"] for r in rows] == ["11", "81", "145"]
    assert rows[2]["ansvarlig_virksomhet"] == "Oslo kommune" and rows[2]["innsatsomrade"] == "4.1"
    assert rows[0]["navn"] == "EPJ-løftet" and rows[0]["type"] == "program" and rows[0]["prosjekteier"] == "Siv"
    for assessed in ("status", "risiko", "budsjett", "fase", "gevinstansvarlig", "statusarsaker"):
        assert all(r[assessed] == "" for r in rows), assessed
    out = capsys.readouterr().out
    assert "skrev parameters/2020-05.yaml" in out


def test_new_period_workbook_has_drop_down_lists(project_root):
    assert main(["new-period", "2020-05", "--from", "2020-01"]) == 0
    wb = load_workbook(project_root / "data" / "2020-05" / "mal" / "innrapportering.xlsx")
    assert wb.sheetnames[:3] == ["prosjekter", "avhengigheter", "avsluttede"]
    assert wb["lister"].sheet_state == "hidden"
    ws = wb["prosjekter"]
    header = [c.value for c in ws[1]]
    validated = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated.add(header[rng.min_col - 1])
        assert dv.type == "list"
    categorical = {"type", "ansvarlig_virksomhet", "innsatsomrade", "fase", "status", "risiko",
                   "gevinstansvarlig", "prosjektbegrunnelse", "gevinster_identifisert", "gevinstplan",
                   "gevinstrealisering", "epj_kritikalitet", "forutsetning_kommune"}
    assert categorical <= validated
    assert ws.cell(row=4, column=1).value == "145"
    dep_header = [c.value for c in wb["avhengigheter"][1]]
    dep_validated = {dep_header[r.min_col - 1] for dv in wb["avhengigheter"].data_validations.dataValidation
                     for r in dv.sqref.ranges}
    assert {"kategori", "kritikalitet", "status"} <= dep_validated


def test_new_period_refuses_to_overwrite(project_root, capsys):
    assert main(["new-period", "2020-05", "--from", "2020-01"]) == 0
    assert main(["new-period", "2020-05", "--from", "2020-01"]) == 2
    assert "--force" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["new-period", "2020-5", "--from", "2020-01"],
                                  ["new-period", "2020-05", "--from", "../x"],
                                  ["new-period", "2019-05", "--from", "2020-01"]])
def test_new_period_bad_names(project_root, capsys, args):
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err
