"""Out: one pre-filled workbook per organisation (``ehp new-period NEW --from OLD --per-organisation``).

``data/NEW/mal/<organisation>.xlsx`` for every organisation that owns a project in OLD (collection.md, "Out"):

- ``veiledning`` first: the period, the deadline (parameter ``frist``), the organisation and the template
  version in fixed cells with defined names (:data:`~.columns.NAME_PERIOD` …) that collection reads back, how
  to fill in the workbook, and what each column means with its allowed values, in Norwegian;
- ``prosjekter`` with the organisation's projects as OLD reported them (``statuskommentar`` and
  ``risikokommentar`` empty: they describe the new period), ``avhengigheter`` with their dependencies and an
  empty ``avsluttede``, in the period's template version;
- drop-down lists on every categorical column (from a hidden, protected sheet ``lister``), the header row
  frozen and protected (the sheet is protected, every cell below the header left unlocked, rows may be inserted
  and deleted), text columns formatted as text (so 1.1 stays a code), columns wide enough to read.

Everything is written with openpyxl's own objects (data validation, protection, defined names): no XML by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from .. import template as T
from ..config import PeriodParameters
from ..exceptions import ConfigError
from ..missing import is_missing as _missing
from ..words import _
from ..portfolio import Portfolio
from ..reference import Reference
from ..words import use_malform
from . import columns as C

HEADER_FILL = "DDE6F0"
MIN_WIDTH, MAX_WIDTH = 10, 60
# How many rows below the header carry the drop-down lists (Excel's whole column, less the header).
LAST_ROW = 1_048_576
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_deadline(value, where: str) -> str | None:
    """``value`` if it is a date written ``ÅÅÅÅ-MM-DD`` (``None`` for none); ``where`` names its source.

    Raises
    ------
    ConfigError
        For anything else.
    """
    if value in (None, ""):
        return None
    text = str(value)
    try:
        if not _DATE.match(text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(_("{where}: forventet en dato «ÅÅÅÅ-MM-DD», fikk {value}.").format(
            where=where, value=repr(value))) from None
    return text


def deadline_of(params: PeriodParameters) -> str | None:
    """The ``frist`` parameter (a quoted date ``"2020-05-15"``), ``None`` when not set.

    Raises
    ------
    ConfigError
        When it is set but is not a date written ``ÅÅÅÅ-MM-DD``.
    """
    where = params.source or f"parameters/{params.period}.yaml"
    return check_deadline(params.raw.get("frist"), _("{file}, nøkkel frist").format(file=where))


def safe_file_name(name: str, taken: set[str]) -> str:
    """A file name (without suffix) from an organisation's name: letters (æøå kept), digits, ``-`` and ``_``,
    unique among ``taken`` (compared without case; ``-2``, ``-3`` … added), which it joins."""
    text = unicodedata.normalize("NFC", str(name)).strip()
    stem = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_.") or "virksomhet"
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.casefold())
    return candidate


def cell_value(column: T.Column, record: Mapping):
    """What the workbook shows in ``column`` for one typed row (a project or a dependency) of a Portfolio.

    As the owner would have typed it: amounts as numbers (``unntatt offentlighet`` when withheld, ``-`` for
    benefits not answered), ``ja``/``nei``, lists joined with ``|``, ids as integers; ``None`` for empty.
    """
    value = record.get(column.field)
    if column.kind == "amount":
        if record.get(f"{column.field}_withheld") is True:
            return T.WITHHELD_MARKERS[0]
        if column.field == "benefits" and record.get("benefits_not_answered") is True:
            return "-"
    if isinstance(value, (tuple, list)):
        return "|".join(str(v) for v in value) or None
    if _missing(value):
        return None
    if column.kind in ("int", "goal"):
        return int(value)
    if column.kind == "amount":
        number = float(value)
        return int(number) if number.is_integer() else number
    if column.kind == "yesno":
        return "ja" if bool(value) else "nei"
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return str(value)


# Columns that describe the new period and so start empty (collection.md, "Out").
STARTS_EMPTY = ("statuskommentar", "risikokommentar")


def _rows(frame: pd.DataFrame, columns: Sequence[T.Column]) -> list[list]:
    out = []
    for rec in frame.to_dict("records"):
        out.append([None if c.name in STARTS_EMPTY else cell_value(c, rec) for c in columns])
    return out


def _width(header: str, values: Sequence) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values if v is not None])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _data_sheet(wb, title: str, columns: Sequence[T.Column], rows: list[list], lists, reference: Reference,
                freeze: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(title)
    ws.append([c.name for c in columns])
    for row in rows:
        ws.append(row)
    unlocked = Protection(locked=False)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=1, column=i)
        head.font, head.fill, head.alignment = header_font, header_fill, Alignment(vertical="top")
        dim = ws.column_dimensions[letter]
        dim.width = _width(column.name, [r[i - 1] for r in rows])
        # Cells below the header are the owner's: unlocked (rows added later take the column's style), and
        # text where the template wants text, so that Excel does not turn 1.1 into a date.
        dim.protection = unlocked
        if column.kind in C.TEXT_KINDS:
            dim.number_format = "@"
        elif column.kind == "date":
            dim.number_format = "yyyy-mm-dd"
        for r in range(2, len(rows) + 2):
            cell = ws.cell(row=r, column=i)
            cell.protection = unlocked
            if column.kind in C.TEXT_KINDS:
                cell.number_format = "@"
            elif column.kind == "date":
                cell.number_format = "yyyy-mm-dd"
        values = C.choices(column, reference)
        if not values:
            continue
        source = lists(f"{title}.{column.name}", values)
        multi = column.kind in C.MULTI_KINDS
        dv = DataValidation(type="list", formula1=source, allow_blank=True,
                            showErrorMessage=not multi, errorTitle=_("Ugyldig verdi"),
                            error=_("Velg en verdi fra listen for {column}.").format(column=column.name),
                            showInputMessage=multi, promptTitle=column.name,
                            prompt=_("Velg én, eller skriv flere skilt med |.") if multi else None)
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
    ws.freeze_panes = freeze
    _protect(ws)


def _protect(ws) -> None:
    """Protect the sheet without a password: locked cells (the header, the guide) cannot be changed by mistake;
    rows may still be inserted, deleted, sorted and formatted."""
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.formatCells = p.formatColumns = p.formatRows = p.sort = p.autoFilter = False


def _guide_sheet(wb, *, period: str, previous_period: str | None, organisation: str, deadline: str | None,
                 version: str, tables: Mapping[str, Sequence[T.Column]], reference: Reference) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    from .. import text

    guide = text.LABELS["guide"]
    ws = wb.active
    ws.title = C.GUIDE_SHEET
    ws["A1"] = guide["title"]
    ws["A1"].font = Font(bold=True, size=14)
    fixed = {C.NAME_PERIOD: (guide["period"], period),
             C.NAME_ORGANISATION: (guide["organisation"], organisation),
             C.NAME_DEADLINE: (guide["deadline"], text.date(deadline) if deadline else guide["no_deadline"]),
             C.NAME_TEMPLATE: (guide["template"], version)}
    for name, (label, value) in fixed.items():
        coordinate = C.GUIDE_CELLS[name]
        ws[f"A{coordinate[1:]}"] = label
        ws[f"A{coordinate[1:]}"].font = Font(bold=True)
        ws[coordinate] = value
        ws[coordinate].number_format = "@"
        wb.defined_names[name] = DefinedName(name, attr_text=f"{C.GUIDE_SHEET}!${coordinate[0]}${coordinate[1:]}")
    row = 8
    ws.cell(row=row, column=1, value=guide["how"]).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in text.guide_instructions(previous_period):
        row += 1
        ws.cell(row=row, column=1, value=f"{row - 8}.")
        ws.cell(row=row, column=2, value=line).alignment = wrap
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        ws.row_dimensions[row].height = 32
    row += 2
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for i, label in enumerate(guide["columns"], start=1):
        cell = ws.cell(row=row, column=i, value=label)
        cell.font, cell.fill = Font(bold=True), fill
    for table, cols in tables.items():
        for column in cols:
            row += 1
            values = C.choices(column, reference)
            ws.cell(row=row, column=1, value=table)
            ws.cell(row=row, column=2, value=column.name)
            ws.cell(row=row, column=3, value=guide["yes"] if column.required else guide["no"])
            ws.cell(row=row, column=4, value=text.column_help(table, column.name)).alignment = wrap
            ws.cell(row=row, column=5, value=text.allowed_values(column.kind, values)).alignment = wrap
    for letter, width in zip("ABCDE", (22, 26, 10, 70, 50)):
        ws.column_dimensions[letter].width = width
    _protect(ws)


def write_workbook(path: Path, *, period: str, previous_period: str | None, organisation: str,
                   deadline: str | None, version: str, tables: Mapping[str, Sequence[T.Column]],
                   projects: pd.DataFrame, dependencies: pd.DataFrame, reference: Reference) -> Path:
    """Write one organisation's pre-filled workbook (see the module docstring).

    Parameters
    ----------
    path : Path
        The ``.xlsx`` to write.
    period, previous_period : str
        The new period (in the guide's named cell) and the one the rows come from.
    organisation : str
        The reference spelling of the organisation (in the guide's named cell).
    deadline : str or None
        ``ÅÅÅÅ-MM-DD``.
    version : str
        The template version; ``tables`` its tables (:func:`~.columns.tables_for`).
    projects, dependencies : DataFrame
        Typed rows of the previous period (English field names), the organisation's only.
    reference : Reference
        Gives the drop-down lists of organisations and focus areas.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    _guide_sheet(wb, period=period, previous_period=previous_period, organisation=organisation, deadline=deadline,
                 version=version, tables=tables, reference=reference)
    lists_ws = wb.create_sheet(C.LISTS_SHEET)
    lists_ws.sheet_state = "hidden"
    used: dict[tuple, str] = {}

    def lists(title: str, values: list[str]) -> str:
        """The range of the hidden sheet holding ``values`` (one column per distinct list)."""
        key = tuple(values)
        if key not in used:
            col = len(used) + 1
            lists_ws.cell(row=1, column=col, value=title)
            for j, v in enumerate(values, start=2):
                lists_ws.cell(row=j, column=col, value=v)
            letter = get_column_letter(col)
            used[key] = f"{C.LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
        return used[key]

    project_columns = tables["prosjekter"]
    _data_sheet(wb, "prosjekter", project_columns, _rows(projects, project_columns), lists, reference, "C2")
    if "avhengigheter" in tables:
        dep_columns = tables["avhengigheter"]
        _data_sheet(wb, "avhengigheter", dep_columns, _rows(dependencies, dep_columns), lists, reference, "A2")
    if "avsluttede" in tables:
        _data_sheet(wb, "avsluttede", tables["avsluttede"], [], lists, reference, "A2")
    _protect(lists_ws)
    wb.move_sheet(C.LISTS_SHEET, offset=len(wb.sheetnames))
    wb.active = 0
    wb.properties.title = _("Innrapportering {period} – {organisation}").format(period=period, organisation=organisation)
    wb.properties.creator = "ehp"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


#: A form's file name ends in this before its suffix, per written standard: ``Helse_Nord_RHF.xlsx`` (bokmål) and
#: ``Helse_Nord_RHF.nynorsk.xlsx``; the feedback pages likewise (report.md, "Written standard").
FORM_SUFFIXES: dict[str, str] = {"bokmål": "", "nynorsk": ".nynorsk"}


def write_organisation_workbooks(previous: Portfolio, params: PeriodParameters, out_dir: Path, *,
                                 reference: Reference | None = None) -> list[Path]:
    """One pre-filled workbook per organisation that owns a project in ``previous``, in ``out_dir``.

    Parameters
    ----------
    previous : Portfolio
        The period the rows come from (OLD).
    params : PeriodParameters
        The new period's parameters (its period, ``frist`` and template version).
    out_dir : Path
        ``data/NEW/mal/``.
    reference : Reference, optional
        The new period's reference data (default: the previous period's).

    Returns
    -------
    list of Path
        The workbooks written, in the order of the organisations' names: for each, the bokmål one and the
        nynorsk one (:data:`FORM_SUFFIXES`; the same sheets, columns and codes, so either comes back the same).

    Raises
    ------
    ConfigError
        If the ``frist`` parameter is not a date.
    """
    from ..text.currency import use_currency

    with use_currency(params.currency):  # the guide sheet words amounts in the new period's currency
        return _organisation_workbooks(previous, params, out_dir, reference or previous.reference)


def _organisation_workbooks(previous: Portfolio, params: PeriodParameters, out_dir: Path,
                            reference: Reference) -> list[Path]:
    deadline = deadline_of(params)
    tables = C.tables_for(params)
    version = C.template_version(params)
    projects, deps = previous.projects, previous.dependencies
    taken: set[str] = set()
    written = []
    for organisation in sorted(projects["organisation"].dropna().astype(str).unique()):
        own = projects[projects["organisation"] == organisation]
        own_deps = deps[deps["project_id"].isin(own["id"])] if len(deps) else deps
        name = safe_file_name(organisation, taken)
        for malform, suffix in FORM_SUFFIXES.items():  # forms exist in both written standards at once (§14)
            with use_malform(malform):
                written.append(write_workbook(
                    out_dir / f"{name}{suffix}.xlsx", period=params.period, previous_period=previous.period,
                    organisation=organisation, deadline=deadline, version=version, tables=tables,
                    projects=own, dependencies=own_deps, reference=reference))
    return written
