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
from ..hashing import sha256
from ..load import RawTable, _cell_text, _frame, normalise_header, read_csv_table
from ..problems import WARNING, Problem
from . import columns as C

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OLD_FORMATS = {".xls": "en gammel Excel-fil (.xls)", ".ods": "et OpenDocument-regneark (.ods)",
               ".xlsb": "en binær Excel-fil (.xlsb)", ".numbers": "et Numbers-regneark"}
SEND_AGAIN = "lagre den i Excel som «Excel-arbeidsbok (.xlsx)» og send den på nytt"
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
            return f"{self.name}, ark «{self.sheets.get(table, table)}»"
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
    file outside a folder are submissions that will get an error.
    """
    submissions: list[Submission] = []
    ignored: list[Ignored] = []
    for path in sorted(inbox.iterdir(), key=lambda p: p.name.casefold()):
        name = path.name
        if name.startswith("~$"):
            ignored.append(Ignored(name, "Office-låsefil (arbeidsboken var åpen da den ble kopiert)"))
        elif name.startswith("."):
            ignored.append(Ignored(name, "skjult fil"))
        elif path.is_dir():
            if any(f.name.casefold() == "prosjekter.csv" for f in path.iterdir() if f.is_file()):
                submissions.append(Submission(f"{name}/", path, "folder"))
            else:
                ignored.append(Ignored(f"{name}/", "mappen har ingen prosjekter.csv"))
        elif path.suffix.casefold() in WORKBOOK_SUFFIXES + tuple(OLD_FORMATS) + (".csv",):
            submissions.append(Submission(name, path, "workbook"))
        else:
            ignored.append(Ignored(name, f"ikke en innlevering ({path.suffix or 'uten filtype'})"))
    return submissions, ignored


# ------------------------------------------------------------------------------ what a file really is


def sniff(path: Path) -> str | None:
    """``None`` when ``path`` is an Excel workbook openpyxl can read; else why it is not, in Norwegian.

    An encrypted (password-protected) workbook and an old ``.xls`` are both OLE files: msoffcrypto-tool tells
    them apart (and from other Office files). A ZIP file is a workbook only with ``xl/workbook.xml``.
    """
    suffix = path.suffix.casefold()
    if suffix in OLD_FORMATS:
        return f"filen er {OLD_FORMATS[suffix]}; {SEND_AGAIN}"
    if suffix == ".csv":
        return ("en CSV-fil må ligge i en egen mappe for virksomheten, som prosjekter.csv (og avhengigheter.csv);"
                " flytt den dit, eller send en arbeidsbok (.xlsx)")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        return f"filen er tom; {SEND_AGAIN}"
    if head == _OLE_MAGIC:
        return _sniff_ole(path)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
        except (zipfile.BadZipFile, OSError) as exc:
            return f"filen er en skadet ZIP-fil ({exc}); {SEND_AGAIN}"
        if "xl/workbook.xml" in names:
            return None
        if "word/document.xml" in names:
            what = "et Word-dokument"
        elif "ppt/presentation.xml" in names:
            what = "en PowerPoint-presentasjon"
        elif "spreadsheet" in mimetype:
            what = "et OpenDocument-regneark (.ods)"
        else:
            shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
            what = f"en ZIP-fil med andre filer ({shown or 'tom'})"
        return f"filen heter .xlsx, men er {what}; {SEND_AGAIN}"
    with path.open("rb") as fh:
        start = fh.read(4096)
    try:
        text = start.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = start.decode("cp1252", "replace") if b"\x00" not in start else ""
    first = text.splitlines()[0] if text.strip() else ""
    if first and (";" in first or "," in first or "\t" in first):
        return ("filen heter .xlsx, men er en tekstfil (CSV); åpne den i Excel og lagre som «Excel-arbeidsbok"
                " (.xlsx)», eller legg den som prosjekter.csv i en egen mappe")
    return f"filen heter .xlsx, men er ikke en Excel-arbeidsbok; {SEND_AGAIN}"


def _sniff_ole(path: Path) -> str:
    import msoffcrypto
    from msoffcrypto.exceptions import FileFormatError

    try:
        with path.open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            kind = type(office).__name__
            encrypted = office.is_encrypted()
    except (FileFormatError, OSError, ValueError, KeyError, AssertionError) as exc:
        return f"filen er et Office-dokument som ikke kan leses ({exc}); {SEND_AGAIN}"
    except Exception as exc:  # msoffcrypto raises what its parsers raise on a damaged file
        return f"filen er et Office-dokument som ikke kan leses ({type(exc).__name__}); {SEND_AGAIN}"
    if kind == "OOXMLFile" and encrypted:
        return ("arbeidsboken er passordbeskyttet (kryptert) og kan ikke leses; fjern passordet i Excel (Fil > Info"
                " > Beskytt arbeidsbok > Krypter med passord, tøm feltet) og send den på nytt")
    if kind == "Xls97File":
        return f"filen heter .xlsx, men er en gammel Excel-fil (.xls){' med passord' if encrypted else ''}; {SEND_AGAIN}"
    if kind in ("Doc97File", "Ppt97File"):
        return f"filen heter .xlsx, men er et gammelt Word- eller PowerPoint-dokument; {SEND_AGAIN}"
    return f"filen er et Office-dokument, men ikke en Excel-arbeidsbok; {SEND_AGAIN}"


# ------------------------------------------------------------------------------------ reading a workbook


@dataclass
class _Cells:
    """A sheet as parsed: rows of cached values, the formula cells without a value, error values, merged ranges."""

    rows: list[tuple[int, list]]
    no_value: list[tuple[int, int, str]]        # (row, column, formula)
    errors: list[tuple[int, int, str]]          # (row, column, "#DIV/0!")
    merged: list[str]


def _parse_sheet(wb, title: str) -> _Cells:
    """One pass over a read-only sheet with openpyxl's parser: cached values, formula flags, merged ranges."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)  # data_only: a formula cell gives its cached value
            if element.find(FORMULA_TAG) is not None:
                cell["formula"] = element.findtext(FORMULA_TAG) or ""
            return cell

    ws = wb[title]
    rows, no_value, errors = [], [], []
    with ws._get_source() as src:
        parser = Parser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                        date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for row_no, cells in parser.parse():
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
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return _Cells(rows, no_value, errors, merged)


def _as_text(value, kind: str | None, epoch) -> str:
    """A cell as text; a number in a date column is an Excel serial date."""
    if kind == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, epoch).date().isoformat()
        except (OverflowError, ValueError):
            return _cell_text(value)
    return _cell_text(value)


def _read_table(sub: Submission, wb, table: str, title: str, columns: tuple[T.Column, ...]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    cells = _parse_sheet(wb, title)
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
                                        "arket er tomt; forventet en overskriftsrad og én rad per prosjekt",
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
                "formelen har ingen lagret verdi; åpne arbeidsboken i Excel, la den regne ut og lagre den på nytt"
                " (eller skriv inn verdien i stedet for formelen)", cell=f"{title}!{get_column_letter(col)}{row}"))
    for row, col, error in cells.errors:
        if header_row is not None and row > header_row:
            sub.flagged.add((table, row, normalise_header(column_at(col))))
            sub.problems.append(Problem(sub.name, row, column_at(col), error,
                                        "cellen har en feilverdi fra en formel; rett formelen eller skriv inn verdien",
                                        cell=f"{title}!{get_column_letter(col)}{row}"))
    for ref in cells.merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row >= header_row:
            sub.flagged.update((table, r, normalise_header(column_at(c)))
                               for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1))
            sub.problems.append(Problem(
                sub.name, min_row, column_at(min_col), None,
                f"sammenslåtte celler ({ref}) i dataområdet; del dem opp igjen (Flett og midtstill av) og fyll ut"
                " hver celle, ellers står verdien bare i den første", cell=f"{title}!{ref}"))
    reading: list[Problem] = []
    raw = _frame(table, file, header, rows, header_row, reading)
    sub.problems.extend(reading)
    if raw is not None:
        raw.date_cells = {(r, names[i]) for r, i in dates if i < len(names)}
        sub.tables[table] = raw


def _guide(sub: Submission, wb) -> None:
    """The period and organisation in the ``veiledning`` sheet's named cells (or its fixed cells)."""
    found: dict[str, tuple[str, str]] = {}
    for name in (C.NAME_PERIOD, C.NAME_ORGANISATION):
        target = None
        if name in wb.defined_names:
            target = next(iter(wb.defined_names[name].destinations), None)
        if target is None and C.GUIDE_SHEET in wb.sheetnames:
            target = (C.GUIDE_SHEET, C.GUIDE_CELLS[name])
        if target is None or target[0] not in wb.sheetnames:
            continue
        sheet, coordinate = target[0], target[1].replace("$", "")
        value = wb[sheet][coordinate].value
        if isinstance(value, (dt.datetime, dt.date)):
            value = f"{value.year:04d}-{value.month:02d}"  # Excel made the period a date
        if value not in (None, ""):
            found[name] = (str(value).strip(), f"{sheet}!{coordinate}")
    if C.NAME_PERIOD in found:
        sub.declared_period, sub.guide_cells[C.NAME_PERIOD] = found[C.NAME_PERIOD]
    if C.NAME_ORGANISATION in found:
        sub.declared_organisation, sub.guide_cells[C.NAME_ORGANISATION] = found[C.NAME_ORGANISATION]


def read_workbook(sub: Submission, tables: dict[str, tuple[T.Column, ...]]) -> Submission:
    """Read a workbook submission: its guide cells, and every template sheet cell by cell (see module)."""
    from openpyxl import load_workbook

    sub.sha256 = sha256(sub.path)
    why = sniff(sub.path)
    if why is not None:
        sub.problems.append(Problem(sub.name, None, None, None, why))
        sub.readable = False
        return sub
    try:
        wb = load_workbook(sub.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        sub.problems.append(Problem(sub.name, None, None, None,
                                    f"arbeidsboken kan ikke åpnes ({type(exc).__name__}: {exc}); {SEND_AGAIN}"))
        sub.readable = False
        return sub
    try:
        _guide(sub, wb)
        by_key = {normalise_header(n): n for n in wb.sheetnames}
        missing = [t for t in tables if t not in by_key]
        known = set(tables) | {C.GUIDE_SHEET, C.LISTS_SHEET}
        strangers = [n for n in wb.sheetnames if normalise_header(n) not in known]
        found = ", ".join(f"«{n}»" for n in wb.sheetnames)
        for table in missing:
            # A missing optional sheet is an error when it was in the template sent out, or when a sheet the
            # template does not know could be it renamed: its rows would otherwise be lost without a word.
            if table in T.REQUIRED_TABLES or sub.declared_period is not None or strangers:
                sub.problems.append(Problem(sub.name, None, None, None,
                                            f"arbeidsboken mangler arket «{table}»; fant arkene {found}. Gi arket"
                                            f" navnet «{table}» igjen (arkene må hete som i malen)"))
        for title in strangers:
            if not missing:
                sub.problems.append(Problem(sub.name, None, None, None,
                                            f"arket «{title}» er ikke en del av malen og er ikke lest", WARNING))
        for table, columns in tables.items():
            if table in by_key:
                _read_table(sub, wb, table, by_key[table], columns)
    finally:
        wb.close()
    return sub


def read_folder_submission(sub: Submission, tables: dict[str, tuple[T.Column, ...]]) -> Submission:
    """Read a folder of CSV files (``prosjekter.csv`` and, when there, ``avhengigheter.csv``, ``avsluttede.csv``)."""
    files = {f.name.casefold(): f for f in sub.path.iterdir() if f.is_file()}
    digest = []
    for table in tables:
        path = files.get(f"{table}.csv")
        if path is None:
            continue
        digest.append(f"{path.name}:{sha256(path)}")
        label = f"{sub.name}{path.name}"
        reading: list[Problem] = []
        raw = read_csv_table(path, table, reading)
        sub.problems.extend(replace(p, file=label) if p.file == path.name else p for p in reading)
        if raw is not None:
            raw.file = label
            sub.tables[table] = raw
    sub.sha256 = hashlib.sha256("\n".join(digest).encode()).hexdigest()  # of the files' own hashes
    return sub


def read_submission(sub: Submission, tables: dict[str, tuple[T.Column, ...]]) -> Submission:
    """Read one submission of :func:`scan` (a workbook or a folder of CSV files)."""
    return read_workbook(sub, tables) if sub.is_workbook else read_folder_submission(sub, tables)
