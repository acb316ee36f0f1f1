"""Helpers for the collection tests: a project root with the embedded periods and 2020-05's workbooks, and the
edits an owner makes to a workbook (openpyxl for cells and rows; XlsxWriter for a formula with a cached value,
which openpyxl cannot store)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from ehp_analysis.scaffold import new_period

ROOT = Path(__file__).resolve().parents[1]
PERIOD, PREVIOUS = "2020-05", "2020-01"
# 2020-01's projects by organisation (data/2020-01/prosjekter.csv, read by hand), in the workbooks' row order.
HELSE_NORD = [101, 167, 168]          # rows 2, 3, 4 of Helse_Nord_RHF.xlsx
OSLO = [145, 172]                     # rows 2, 3 of Oslo_kommune.xlsx
KS = [165]
# The template's prosjekter columns by letter (template.PROJECT_COLUMNS, in order).
COL = {name: letter for name, letter in zip(
    ["id", "navn", "type", "ansvarlig_virksomhet", "prosjekteier", "innsatsomrade", "fase", "status", "risiko",
     "statusarsaker", "budsjett", "totalkostnad", "forvaltningskostnad", "gevinster", "gevinstansvarlig",
     "prosjektbegrunnelse", "gevinster_identifisert", "gevinstplan", "gevinstrealisering", "epj_kritikalitet",
     "forutsetning_kommune", "statuskommentar", "risikokommentar", "beskrivelse", "del_av_program"],
    "ABCDEFGHIJKLMNOPQRSTUVWXY")}


def make_root(dst: Path, *, notebooks: bool = False) -> Path:
    """A project root with 2019-10 and 2020-01, and 2020-05 made by ``ehp new-period --per-organisation``."""
    (dst / "parameters").mkdir(parents=True)
    for period in ("2019-10", PREVIOUS):
        shutil.copy(ROOT / "parameters" / f"{period}.yaml", dst / "parameters")
        shutil.copytree(ROOT / "data" / period, dst / "data" / period)
    if notebooks:
        shutil.copytree(ROOT / "notebooks", dst / "notebooks")
    else:
        (dst / "notebooks").mkdir()
    new_period(PERIOD, PREVIOUS, root=dst, per_organisation=True, deadline="2020-05-15")
    return dst


def fresh_inbox(root: Path, name: str = "innboks") -> Path:
    """The workbooks as sent out, copied to an inbox as if every owner returned them unchanged (the bokmål form
    of each: an owner returns one of its two)."""
    inbox = root / name
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.copytree(root / "data" / PERIOD / "mal", inbox, ignore=shutil.ignore_patterns("*.nynorsk.xlsx"))
    return inbox


def edit(path: Path, change: Callable) -> Path:
    """Open a workbook with openpyxl, let ``change(wb)`` edit it, save it: what an owner does in Excel."""
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def rewrite_with_formula(path: Path, sheet: str, cell: str, formula: str, value) -> Path:
    """Write the workbook again with XlsxWriter, every value as it was, and ``formula`` with its cached
    ``value`` in ``sheet!cell`` (as Excel saves a workbook whose formula has been calculated)."""
    import xlsxwriter

    source = load_workbook(path)
    out = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(out)
    for ws in source.worksheets:
        target = book.add_worksheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    target.write(c.row - 1, c.column - 1, c.value)
    for name, defined in source.defined_names.items():
        book.define_name(name, "=" + defined.attr_text)
    book.get_worksheet_by_name(sheet).write_formula(cell, formula, None, value)
    book.close()
    out.replace(path)
    return path
