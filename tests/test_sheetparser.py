"""collect/sheetparser.py: openpyxl's private sheet parser, confined to one module and to the tested versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import ehp_analysis
from ehp_analysis.collect import sheetparser
from ehp_analysis.collect.sheetparser import SheetCells, UntestedOpenpyxlError

ROOT = Path(ehp_analysis.__file__).resolve().parents[1]


@pytest.fixture
def workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "prosjekter"
    ws.append(["id", "navn", "budsjett"])
    ws.append([1, "Æ og «Ø»", 2.5])
    ws["C3"] = "=C2*2"          # openpyxl writes the formula without a cached value
    ws["B4"] = "#DIV/0!"        # an error value
    ws.merge_cells("A6:C6")
    ws["A6"] = "overskrift"
    other = wb.create_sheet("avhengigheter")
    other["B2"] = "annet ark"
    path = tmp_path / "bok.xlsx"
    wb.save(path)
    opened = load_workbook(path, read_only=True)
    yield opened
    opened.close()


def _by_row(sheet):
    return {row: {c["column"]: c for c in cells} for row, cells in sheet}


def test_a_workbook_written_by_openpyxl_is_read_cell_by_cell(workbook):
    sheet = SheetCells(workbook, "prosjekter")
    rows = _by_row(sheet)
    assert [rows[1][i]["value"] for i in (1, 2, 3)] == ["id", "navn", "budsjett"]
    assert [rows[2][i]["value"] for i in (1, 2, 3)] == [1, "Æ og «Ø»", 2.5]   # shared strings resolved
    assert rows[3][3]["value"] is None and rows[3][3]["formula"] == "C2*2"
    assert "formula" not in rows[2][3]
    assert rows[4][2]["data_type"] == "e" and rows[4][2]["value"] == "#DIV/0!"
    assert rows[6][1]["value"] == "overskrift"
    assert sheet.merged == ["A6:C6"]


def test_each_sheet_is_its_own_pass(workbook):
    sheet = SheetCells(workbook, "avhengigheter")
    rows = _by_row(sheet)
    assert rows[2][2]["value"] == "annet ark"
    assert sheet.merged == []


@pytest.mark.parametrize("version, tested", [
    ("3.1.0", True), ("3.1.5", True), ("3.1.10", True), ("3.0.10", False), ("3.2.0", False), ("3.2.0b1", False),
    ("4.0.0", False), ("2.6.4", False),
])
def test_the_tested_range(version, tested):
    assert sheetparser.is_tested(version) is tested


def test_an_untested_version_is_refused_by_name():
    with pytest.raises(UntestedOpenpyxlError, match=r"openpyxl 3\.2\.0 er ikke prøvd.* 3\.1 .* 3\.2"):
        sheetparser.require_tested("3.2.0")
    sheetparser.require_tested("3.1.2")  # no error


def test_the_range_is_the_one_pyproject_pins():
    pin = re.search(r'"openpyxl>=([\d.]+),<([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin, "pyproject.toml pins openpyxl as >=X.Y,<X.Z"
    assert (sheetparser.version_tuple(pin.group(1)), sheetparser.version_tuple(pin.group(2))) == sheetparser.TESTED


def test_no_other_module_uses_openpyxls_private_names():
    private = re.compile(r"openpyxl(\.\w+)*\._\w+|\._shared_strings|\._get_source|\._date_formats|WorkSheetParser")
    users = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "ehp_analysis").rglob("*.py")
                   if private.search(path.read_text(encoding="utf-8")))
    assert users == ["ehp_analysis/collect/sheetparser.py"]
