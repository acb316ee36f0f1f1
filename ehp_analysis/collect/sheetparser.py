"""openpyxl's own sheet parser, the one place the toolkit uses openpyxl's private names.

A returned workbook is read in read-only mode, one pass per sheet, and that pass must give three things the
public read-only API does not: each cell's cached value *and* whether it holds a formula, and the sheet's merged
ranges. openpyxl's :class:`~openpyxl.worksheet._reader.WorkSheetParser` gives all three at the speed of the
read-only reader; the public alternative (loading the workbook twice, once with ``data_only``, in full mode for the
merged ranges) costs several times the time and memory. So the private parser is used, here only, against the
versions it was tested with (:data:`TESTED`, the same range ``pyproject.toml`` pins): importing this module with
another openpyxl installed raises :class:`UntestedOpenpyxlError` rather than misreading a workbook.
``tests/test_sheetparser.py`` reads a workbook written by openpyxl through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import openpyxl

from ..exceptions import EhpError
from ..words import _

#: The openpyxl versions this module was tested with: at least the first, below the second (major, minor).
TESTED = ((3, 1), (3, 2))


class UntestedOpenpyxlError(EhpError, ImportError):
    """The installed openpyxl is outside the range whose private sheet parser this module was tested with."""


def version_tuple(version: str) -> tuple[int, int]:
    """``"3.1.5"`` -> ``(3, 1)``."""
    found = re.match(r"(\d+)\.(\d+)", version)
    if not found:
        raise ValueError(f"not a version number: {version!r}")
    return int(found.group(1)), int(found.group(2))


def is_tested(version: str) -> bool:
    """Whether openpyxl ``version`` lies in :data:`TESTED`."""
    low, high = TESTED
    return low <= version_tuple(version) < high


def require_tested(version: str) -> None:
    """Refuse an openpyxl ``version`` outside :data:`TESTED`, saying what to install."""
    if not is_tested(version):
        low, high = TESTED
        raise UntestedOpenpyxlError(
            _("openpyxl {found} er ikke prøvd med ehp, som leser innsendte arbeidsbøker med openpyxl "
              "{low} opp til (men ikke med) {high}; installer en slik versjon (pip install -e .)").format(
                found=version, low=".".join(map(str, low)), high=".".join(map(str, high))))


require_tested(openpyxl.__version__)

from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser  # noqa: E402  (after the version check)


class _FormulaParser(WorkSheetParser):
    """The parser in ``data_only`` mode, that also notes a formula cell's formula."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)  # data_only: a formula cell gives its cached value
        if element.find(FORMULA_TAG) is not None:
            cell["formula"] = element.findtext(FORMULA_TAG) or ""
        return cell


class SheetCells:
    """One pass over the sheet ``title`` of a workbook opened with ``load_workbook(..., read_only=True)``.

    Iterating gives ``(row number, cells)`` for every row the sheet stores, each cell a dict with ``column``
    (1-based), ``value`` (the cached value of a formula), ``data_type`` (``"e"`` for an error value) and, for a
    formula cell, ``formula``. After the pass, :attr:`merged` holds the sheet's merged ranges (``"A1:C1"``).
    """

    def __init__(self, workbook, title: str) -> None:
        self.workbook = workbook
        self.sheet = workbook[title]
        self.merged: list[str] = []

    def __iter__(self) -> Iterator[tuple[int, list[dict]]]:
        wb, ws = self.workbook, self.sheet
        with ws._get_source() as src:
            parser = _FormulaParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                    date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            yield from parser.parse()
            self.merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
