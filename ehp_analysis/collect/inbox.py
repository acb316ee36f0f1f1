"""Back in: what is in the inbox, and each submission read cell by cell (collection.md, "Back").

The inbox holds ``.xlsx`` workbooks under any name, or sub-folders holding ``prosjekter.csv`` (+
``avhengigheter.csv``, ``avsluttede.csv``). ``.xls``/``.ods`` files, encrypted workbooks and ``.xlsx`` files that
are not workbooks are errors of that submission; Office lock files ``~$…``, hidden files and other files are
listed as ignored. Nothing in the inbox is changed or moved.

A workbook is read in openpyxl's read-only mode, one pass per sheet, with openpyxl's own sheet parser: each
cell's cached value (a formula counts by it), whether it holds a formula, and the sheet's merged ranges
(read-only worksheets do not expose them). Every cell comes back as text with its Excel row, like
:mod:`ehp_analysis.load` reads a period, so the same validation applies; the columns' letters are kept, so that a
problem names its cell (``prosjekter!H7``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import template as T
from ..load import RawTable, cell_text, normalise_header, raw_table, read_csv_table
from ..problems import WARNING, Problem
from . import columns as C
from ..formulas import visible
from ..words import N_, _
from .hostile import (LimitExceeded, Limits, check_archive, check_size, describe, entry_kind, file_sha256,
                      send_again)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OLD_FORMATS = {".xls": N_("en gammel Excel-fil (.xls)"), ".ods": N_("et OpenDocument-regneark (.ods)"),
               ".xlsb": N_("en binær Excel-fil (.xlsb)"), ".numbers": N_("et Numbers-regneark")}


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Ignored:
    """A file or folder of the inbox that is not a submission, and why."""

    name: str
    reason: str


@dataclass
class Submission:
    """One returned submission as read: its tables as text, where their cells are, and its own problems.

    Attributes
    ----------
    name : str
        As the office finds it in the inbox: the file name, or ``folder/`` for a folder of CSV files.
    tables : dict
        Template table -> :class:`~ehp_analysis.load.RawTable` (``file`` is ``<name>:<table>`` for a sheet,
        ``<name>/<table>.csv`` for a CSV file; rows as the owner sees them).
    sheets : dict
        Template table -> the sheet's title in the workbook (its own spelling).
    letters : dict
        Template table -> {normalised column name -> Excel column letter}.
    declared_period, declared_organisation : str or None
        What the ``veiledning`` sheet's named cells say (``None`` without them).
    """

    name: str
    path: Path
    kind: str                                   # "workbook" or "folder"
    sha256: str = ""
    tables: dict[str, RawTable] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    declared_period: str | None = None
    declared_organisation: str | None = None
    guide_cells: dict[str, str] = field(default_factory=dict)   # defined name -> "veiledning!B3"
    readable: bool = True                       # False: nothing could be read (wrong format, encrypted …)
    flagged: set[tuple[str, int, str]] = field(default_factory=set)  # (table, row, column) a reading problem names

    @property
    def is_workbook(self) -> bool:
        return self.kind == "workbook"

    def rows_read(self, table: str) -> int:
        raw = self.tables.get(table)
        return 0 if raw is None else len(raw.frame)

    def where(self, table: str) -> str:
        """The table as the owner finds it: ``Helse_Nord.xlsx, ark «prosjekter»`` or ``oslo/prosjekter.csv``."""
        if self.is_workbook:
            return _("{file}, ark «{sheet}»").format(file=self.name, sheet=self.sheets.get(table, table))
        return f"{self.name.rstrip('/')}/{table}.csv"

    def cell(self, table: str, column: str | None, row: int | None) -> str | None:
        """``prosjekter!H7`` for a workbook's cell (``None`` for a CSV file, or where the column is unknown)."""
        if not self.is_workbook or row is None or not column:
            return None
        letter = self.letters.get(table, {}).get(normalise_header(column))
        if letter is None:
            return None
        title = self.sheets.get(table, table)
        quoted = title if title.replace("_", "").isalnum() else "'" + title.replace("'", "''") + "'"
        return f"{quoted}!{letter}{row}"

    def locate(self, problem: Problem) -> Problem:
        """A problem found in one of this submission's tables, placed as the owner finds it: in a workbook the
        file and the cell (``Helse_Nord.xlsx``, ``prosjekter!H7``), in a folder its CSV file and line."""
        for table, raw in self.tables.items():
            if problem.file == raw.file:
                cell = self.cell(table, problem.column, problem.row)
                if cell:
                    return replace(problem, file=self.name, cell=cell)
                return problem
        return problem


def scan(inbox: Path) -> tuple[list[Submission], list[Ignored]]:
    """What the inbox holds: the submissions (not read yet) and what is ignored, each sorted by name.

    Office lock files (``~$…``), hidden files and folders, and files that are no submission (``.pdf``,
    ``.docx`` …) are ignored; a folder counts when it holds ``prosjekter.csv``. ``.xls``, ``.ods`` and a CSV
    file outside a folder are submissions that will get an error. A symbolic link (to anything), a FIFO, a
    socket or a device is ignored and never opened (:func:`~.hostile.entry_kind`).
    """
    submissions: list[Submission] = []
    ignored: list[Ignored] = []
    for path in sorted(inbox.iterdir(), key=lambda p: p.name.casefold()):
        name = path.name
        kind = entry_kind(path)
        if name.startswith("~$"):
            ignored.append(Ignored(name, _("Office-låsefil (arbeidsboken var åpen da den ble kopiert)")))
        elif name.startswith("."):
            ignored.append(Ignored(name, _("skjult fil")))
        elif kind not in ("file", "folder"):
            ignored.append(Ignored(name, kind))
        elif kind == "folder":
            if any(f.name.casefold() == "prosjekter.csv" for f in _regular_files(path)):
                submissions.append(Submission(f"{name}/", path, "folder"))
            else:
                ignored.append(Ignored(f"{name}/", _("mappen har ingen prosjekter.csv")))
        elif path.suffix.casefold() in WORKBOOK_SUFFIXES + tuple(OLD_FORMATS) + (".csv",):
            submissions.append(Submission(name, path, "workbook"))
        else:
            ignored.append(Ignored(name, _("ikke en innlevering ({suffix})").format(
                suffix=path.suffix or _("uten filtype"))))
    return submissions, ignored


def _regular_files(folder: Path) -> list[Path]:
    """The regular files directly in ``folder`` (links, FIFOs and devices left out, never opened)."""
    try:
        return [f for f in folder.iterdir() if entry_kind(f) == "file"]
    except OSError:
        return []


# ------------------------------------------------------------------------------ what a file really is


def sniff(path: Path) -> str | None:
    """``None`` when ``path`` is an Excel workbook openpyxl can read; else why it is not, in Norwegian.

    An encrypted (password-protected) workbook and an old ``.xls`` are both OLE files: msoffcrypto-tool tells
    them apart (and from other Office files). A ZIP file is a workbook only with ``xl/workbook.xml``.
    """
    suffix = path.suffix.casefold()
    if suffix in OLD_FORMATS:
        return _("filen er {what}; {again}").format(what=_(OLD_FORMATS[suffix]), again=send_again())
    if suffix == ".csv":
        return _("en CSV-fil må ligge i en egen mappe for virksomheten, som prosjekter.csv (og avhengigheter.csv); "
                 "flytt den dit, eller send en arbeidsbok (.xlsx)")
    from .hostile import open_regular

    with open_regular(path) as fh:
        head = fh.read(8)
    if not head:
        return _("filen er tom; {again}").format(again=send_again())
    if head == _OLE_MAGIC:
        return _sniff_ole(path)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return _("filen er en skadet ZIP-fil; {again}").format(again=send_again())
        if "xl/workbook.xml" in names:
            return None
        if "word/document.xml" in names:
            what = _("et Word-dokument")
        elif "ppt/presentation.xml" in names:
            what = _("en PowerPoint-presentasjon")
        elif "spreadsheet" in mimetype:
            what = _("et OpenDocument-regneark (.ods)")
        else:
            shown = ", ".join(visible(n) for n in names[:3]) + (" …" if len(names) > 3 else "")
            what = _("en ZIP-fil med andre filer ({files})").format(files=shown or _("tom"))
        return _("filen heter .xlsx, men er {what}; {again}").format(what=what, again=send_again())
    with path.open("rb") as fh:
        start = fh.read(4096)
    try:
        text = start.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = start.decode("cp1252", "replace") if b"\x00" not in start else ""
    first = text.splitlines()[0] if text.strip() else ""
    if first and (";" in first or "," in first or "\t" in first):
        return _("filen heter .xlsx, men er en tekstfil (CSV); åpne den i Excel og lagre som «Excel-arbeidsbok "
                 "(.xlsx)», eller legg den som prosjekter.csv i en egen mappe")
    return _("filen heter .xlsx, men er ikke en Excel-arbeidsbok; {again}").format(again=send_again())


def _sniff_ole(path: Path) -> str:
    import msoffcrypto
    from msoffcrypto.exceptions import FileFormatError

    try:
        with path.open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            kind = type(office).__name__
            encrypted = office.is_encrypted()
    except (FileFormatError, OSError, ValueError, KeyError, AssertionError):
        return _("filen er et Office-dokument som ikke kan leses; {again}").format(again=send_again())
    except Exception:  # msoffcrypto raises what its parsers raise on a damaged file
        return _("filen er et Office-dokument som ikke kan leses; {again}").format(again=send_again())
    if kind == "OOXMLFile" and encrypted:
        return _("arbeidsboken er passordbeskyttet (kryptert) og kan ikke leses; fjern passordet i Excel (Fil > Info "
                 "> Beskytt arbeidsbok > Krypter med passord, tøm feltet) og send den på nytt")
    if kind == "Xls97File":
        return (_("filen heter .xlsx, men er en gammel Excel-fil (.xls) med passord; {again}") if encrypted else
                _("filen heter .xlsx, men er en gammel Excel-fil (.xls); {again}")).format(again=send_again())
    if kind in ("Doc97File", "Ppt97File"):
        return _("filen heter .xlsx, men er et gammelt Word- eller PowerPoint-dokument; {again}").format(again=send_again())
    return _("filen er et Office-dokument, men ikke en Excel-arbeidsbok; {again}").format(again=send_again())


# ------------------------------------------------------------------------------------ reading a workbook


@dataclass
class _Cells:
    """A sheet as parsed: rows of cached values, the formula cells without a value, error values, merged ranges."""

    rows: list[tuple[int, list]]
    no_value: list[tuple[int, int, str]]        # (row, column, formula)
    errors: list[tuple[int, int, str]]          # (row, column, "#DIV/0!")
    merged: list[str]


def _parse_sheet(wb, title: str, limits: Limits) -> _Cells:
    """One pass over a read-only sheet (:mod:`.sheetparser`): cached values, formula flags, merged ranges.

    Only rows holding a value are kept, each as long as its last value, and every cell is held to ``limits``
    as it streams (a row or column past the limit, a cell with too many characters: :class:`LimitExceeded`),
    so that memory depends on the limits, not on what the sheet claims."""
    from .sheetparser import SheetCells

    sheet = SheetCells(wb, title)
    rows, no_value, errors = [], [], []
    for row_no, cells in sheet:
        _within(limits, title, row_no, cells)  # every row and cell, empty or not: the cost is in the parsing
        cells = [c for c in cells if c["value"] not in (None, "") or "formula" in c]
        if not cells:
            continue
        values = [None] * max(c["column"] for c in cells)
        for c in cells:
            value = c["value"]
            if "formula" in c and value is None:
                no_value.append((row_no, c["column"], c["formula"]))
            elif c["data_type"] == "e":
                errors.append((row_no, c["column"], str(value)))
                value = None
            values[c["column"] - 1] = value
        rows.append((row_no, values))
    merged = sheet.merged
    return _Cells(rows, no_value, errors, merged)


def _n(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _within(limits: Limits, title: str, row_no: int, cells: list[dict]) -> None:
    """Raise :class:`LimitExceeded` when a row (with values or not) is past the limits (rows, columns,
    characters)."""
    from openpyxl.utils import get_column_letter

    if row_no > limits.rows:
        raise LimitExceeded(_("arket «{sheet}» går til rad {row}, over grensen på {limit} rader").format(
            sheet=visible(title), row=_n(row_no), limit=_n(limits.rows)))
    last = max((c["column"] for c in cells), default=0)
    if last > limits.columns:
        raise LimitExceeded(_("arket «{sheet}» går til kolonne {letter} (nr. {n}), over grensen på {limit} "
                              "kolonner").format(sheet=visible(title), letter=get_column_letter(min(last, 16384)),
                                                 n=last, limit=limits.columns))
    for c in cells:
        if isinstance(c["value"], str) and len(c["value"]) > limits.cell_characters:
            where = f"{get_column_letter(c['column'])}{row_no}"
            raise LimitExceeded(_("cellen {cell} har {n} tegn, over grensen på {limit} tegn per celle").format(
                cell=f"{visible(title)}!{where}", n=_n(len(c["value"])), limit=_n(limits.cell_characters)))


def _as_text(value, kind: str | None, epoch) -> str:
    """A cell as text; a number in a date column is an Excel serial date."""
    if kind == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, epoch).date().isoformat()
        except (OverflowError, ValueError):
            return cell_text(value)
    return cell_text(value)


def _read_table(sub: Submission, wb, table: str, title: str, columns: tuple[T.Column, ...], limits: Limits) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    cells = _parse_sheet(wb, title, limits)
    file = f"{sub.name}:{table}"
    kinds = {c.name: c.kind for c in columns}
    header, header_row = None, None
    rows: list[tuple[int, list[str]]] = []
    dates: set[tuple[int, int]] = set()
    names: list[str] = []
    for row_no, values in cells.rows:
        if header is None:
            if not any(v not in (None, "") for v in values):
                continue
            header, header_row = list(values), row_no
            while header and header[-1] in (None, ""):
                header.pop()
            names = [normalise_header(h) for h in header]
            continue
        texts = []
        for i, v in enumerate(values):
            kind = kinds.get(names[i]) if i < len(names) else None
            texts.append(_as_text(v, kind, wb.epoch))
            if isinstance(v, (dt.datetime, dt.date)) and i < len(names):
                dates.add((row_no, i))
        if any(t.strip() for t in texts):
            rows.append((row_no, texts))
    sheet_cell = f"{title}!A1"
    if header is None:
        if table in T.REQUIRED_TABLES:
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("arket er tomt; forventet en overskriftsrad og én rad per prosjekt"),
                                        cell=sheet_cell))
        return
    letters = {}
    for i, n in enumerate(names):
        if n:
            letters.setdefault(n, get_column_letter(i + 1))
    sub.sheets[table], sub.letters[table] = title, letters

    def column_at(col: int) -> str | None:
        return str(header[col - 1]).strip() if 0 < col <= len(header) and header[col - 1] not in (None, "") else None

    for row, col, formula in cells.no_value:
        if header_row is not None and row > header_row:
            sub.flagged.add((table, row, normalise_header(column_at(col))))
            sub.problems.append(Problem(
                sub.name, row, column_at(col), f"={formula}" if formula else None,
                _("formelen har ingen lagret verdi; åpne arbeidsboken i Excel, la den regne ut og lagre den på nytt "
                  "(eller skriv inn verdien i stedet for formelen)"), cell=f"{title}!{get_column_letter(col)}{row}"))
    for row, col, error in cells.errors:
        if header_row is not None and row > header_row:
            sub.flagged.add((table, row, normalise_header(column_at(col))))
            sub.problems.append(Problem(sub.name, row, column_at(col), error,
                                        _("cellen har en feilverdi fra en formel; rett formelen eller skriv inn verdien"),
                                        cell=f"{title}!{get_column_letter(col)}{row}"))
    for ref in cells.merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row >= header_row:
            sub.flagged.update((table, r, normalise_header(column_at(c)))
                               for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1))
            sub.problems.append(Problem(
                sub.name, min_row, column_at(min_col), None,
                _("sammenslåtte celler ({range}) i dataområdet; del dem opp igjen (Flett og midtstill av) og fyll ut "
                  "hver celle, ellers står verdien bare i den første").format(range=ref), cell=f"{title}!{ref}"))
    reading: list[Problem] = []
    raw = raw_table(table, file, header, rows, header_row, reading)
    sub.problems.extend(reading)
    if raw is not None:
        raw.date_cells = {(r, names[i]) for r, i in dates if i < len(names)}
        sub.tables[table] = raw


def _destination(wb, name: str) -> tuple[str | None, str]:
    """Where a workbook-level defined name points: (sheet, cell) for one cell, else (None, what it points at)."""
    from openpyxl.utils.cell import coordinate_from_string

    defined = wb.defined_names[name]
    text = str(defined.attr_text or "")
    try:
        targets = list(defined.destinations)
    except Exception:  # a formula, #REF! or anything else that is not a reference
        targets = []
    if len(targets) != 1:
        return None, text
    sheet, ref = targets[0][0], str(targets[0][1]).replace("$", "")
    try:
        coordinate_from_string(ref)
    except Exception:  # a range (B3:B4), a column, a row: not one cell
        return None, text
    return sheet, ref


def _guide(sub: Submission, wb, guide: str | None) -> None:
    """The period and organisation in the ``veiledning`` sheet's named cells; ``guide`` is that sheet's title
    (``None``: the workbook has none, and is attributed by its rows). Each named cell must exist and point at
    one cell of the guide sheet: otherwise an error, and the check it feeds is not skipped but fails."""
    if guide is None:
        return
    for name in (C.NAME_PERIOD, C.NAME_ORGANISATION):
        if name not in wb.defined_names:
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("den navngitte cellen «{name}» mangler i arbeidsboken; bruk arbeidsboken som "
                                          "ble sendt ut, der arket «{guide}» har den").format(name=name,
                                                                                             guide=C.GUIDE_SHEET)))
            continue
        sheet, where = _destination(wb, name)
        if sheet != guide:
            shown = visible(where if sheet is None else f"{sheet}!{where}")
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("den navngitte cellen «{name}» peker på {target}, ikke på én celle i arket "
                                          "«{guide}»; bruk arbeidsboken som ble sendt ut").format(
                                            name=name, target=shown or _("ingenting"), guide=C.GUIDE_SHEET)))
            continue
        value = wb[sheet][where].value
        if isinstance(value, (dt.datetime, dt.date)):
            value = f"{value.year:04d}-{value.month:02d}"  # Excel made the period a date
        text = "" if value is None else str(value).strip()
        if name == C.NAME_PERIOD and not text:
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("den navngitte cellen «{name}» er tom; forventet perioden (ÅÅÅÅ-MM)").format(
                                            name=name),
                                        cell=f"{sheet}!{where}"))
        elif name == C.NAME_PERIOD:
            sub.declared_period, sub.guide_cells[name] = text, f"{sheet}!{where}"
        elif text:
            sub.declared_organisation, sub.guide_cells[name] = text, f"{sheet}!{where}"


def _template_sheets(sub: Submission, wb, wanted: list[str]) -> dict[str, str]:
    """Template sheet (or the guide) -> the one visible sheet of the workbook with its name (ignoring case).
    Two sheets with one template name, or a hidden one, is an error: a hidden sheet never stands in."""
    found: dict[str, str] = {}
    for key in wanted:
        titles = [n for n in wb.sheetnames if normalise_header(n) == key]
        shown = ", ".join(f"«{visible(n)}»" + ("" if wb[n].sheet_state == "visible" else _(" (skjult)"))
                          for n in titles)
        if len(titles) > 1:
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("arbeidsboken har {n} ark som heter «{name}» ({sheets}); det skal være ett, "
                                          "synlig ark med det navnet. Slett de andre").format(
                                            n=len(titles), name=key, sheets=shown)))
        elif titles and wb[titles[0]].sheet_state != "visible":
            sub.problems.append(Problem(sub.name, None, None, None,
                                        _("arket {sheet} er skjult; et skjult ark leses ikke. Vis arket igjen "
                                          "(høyreklikk på en arkfane > Vis) og send arbeidsboken på nytt").format(
                                            sheet=shown)))
        elif titles:
            found[key] = titles[0]
    return found


def read_workbook(sub: Submission, tables: dict[str, tuple[T.Column, ...]], limits: Limits = Limits()) -> Submission:
    """Read a workbook submission: held to ``limits`` before parsing, then its guide cells, and every template
    sheet cell by cell (see module). Any failure is an error of this submission (:func:`~.hostile.describe`)."""
    why = check_size(sub.path, limits)
    if why is None:  # a file over the size limit is not read at all, not even hashed
        sub.sha256 = file_sha256(sub.path)
        if sub.path.suffix.casefold() in WORKBOOK_SUFFIXES and zipfile.is_zipfile(sub.path):
            why = check_archive(sub.path, limits)
        why = why or sniff(sub.path)
    if why is not None:
        sub.problems.append(Problem(sub.name, None, None, None, why))
        sub.readable = False
        return sub
    from openpyxl import load_workbook

    from .hostile import open_regular

    handle = open_regular(sub.path)  # the file itself, even if a link took its place since it was checked
    try:
        wb = load_workbook(handle, read_only=True, data_only=True)
    except BaseException:
        handle.close()
        raise
    try:
        guide = [n for n in wb.sheetnames if normalise_header(n) == C.GUIDE_SHEET]
        by_key = _template_sheets(sub, wb, list(tables) + [C.GUIDE_SHEET])
        _guide(sub, wb, by_key.get(C.GUIDE_SHEET) if guide else None)
        named = {normalise_header(n) for n in wb.sheetnames}
        missing = [t for t in tables if t not in named]
        known = set(tables) | {C.GUIDE_SHEET, C.LISTS_SHEET}
        strangers = [n for n in wb.sheetnames if normalise_header(n) not in known]
        found = ", ".join(f"«{visible(n)}»" for n in wb.sheetnames)
        for table in missing:
            # A missing optional sheet is an error when it was in the template sent out, or when a sheet the
            # template does not know could be it renamed: its rows would otherwise be lost without a word.
            if table in T.REQUIRED_TABLES or guide or strangers:
                sub.problems.append(Problem(sub.name, None, None, None,
                                            _("arbeidsboken mangler arket «{table}»; fant arkene {found}. Gi arket "
                                              "navnet «{table}» igjen (arkene må hete som i malen)").format(
                                                table=table, found=found)))
        for title in strangers:
            if not missing:
                sub.problems.append(Problem(sub.name, None, None, None,
                                            _("arket «{sheet}» er ikke en del av malen og er ikke lest").format(
                                                sheet=visible(title)), WARNING))
        for table, columns in tables.items():
            if table in by_key:
                _read_table(sub, wb, table, by_key[table], columns, limits)
    finally:
        wb.close()
        handle.close()
    return sub


def read_folder_submission(sub: Submission, tables: dict[str, tuple[T.Column, ...]],
                           limits: Limits = Limits()) -> Submission:
    """Read a folder of CSV files (``prosjekter.csv`` and, when there, ``avhengigheter.csv``, ``avsluttede.csv``):
    regular files only, each within the file size limit."""
    files = {f.name.casefold(): f for f in _regular_files(sub.path)}
    digest = []
    for table in tables:
        path = files.get(f"{table}.csv")
        if path is None:
            continue
        too_big = check_size(path, limits)
        if too_big:
            raise LimitExceeded(f"{visible(path.name)}: {too_big}")
        digest.append(f"{path.name}:{file_sha256(path)}")
        label = f"{sub.name}{path.name}"
        reading: list[Problem] = []
        raw = read_csv_table(path, table, reading)
        sub.problems.extend(replace(p, file=label) if p.file == path.name else p for p in reading)
        if raw is not None:
            raw.file = label
            sub.tables[table] = raw
    sub.sha256 = hashlib.sha256("\n".join(digest).encode()).hexdigest()  # of the files' own hashes
    return sub


def read_submission(sub: Submission, tables: dict[str, tuple[T.Column, ...]], limits: Limits = Limits()) -> Submission:
    """Read one submission of :func:`scan` (a workbook or a folder of CSV files). Whatever goes wrong while
    reading it is an error of this submission alone, in Norwegian, and nothing of it is kept."""
    try:
        if sub.is_workbook:
            return read_workbook(sub, tables, limits)
        return read_folder_submission(sub, tables, limits)
    except Exception as exc:  # any failure of one file spoils only itself (collection.md)
        sub.tables, sub.sheets, sub.letters, sub.flagged = {}, {}, {}, set()
        sub.declared_period = sub.declared_organisation = None
        sub.readable = False
        sub.problems.append(Problem(sub.name, None, None, None, describe(exc)))
        return sub
