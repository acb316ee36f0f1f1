"""Read a period's submission files into raw text tables, whatever dialect Excel produced.

This module only reads: every cell comes back as text (``""`` for empty), with the row number the
user sees (the CSV line or the Excel row). Typing and checking are :mod:`ehp_analysis.validate`'s job.
Problems found while reading (an unreadable file, an empty file, a workbook without its sheet) are
returned as :class:`~ehp_analysis.problems.Problem` s, never raised, so every problem is reported at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import template as T
from .commentary_files import read_texts
from .hashing import sha256
from .problems import Problem
from .words import _


@dataclass
class RawTable:
    """One template table as text: ``frame`` is indexed by the user-visible row number."""

    name: str                      # template table name, e.g. "prosjekter"
    file: str                      # how the user names the source: "prosjekter.csv" or "innrapportering.xlsx:prosjekter"
    frame: pd.DataFrame            # columns = normalised header names, all values str
    header_row: int = 1
    original_columns: dict[str, str] = field(default_factory=dict)  # normalised -> as written
    date_cells: set[tuple[int, str]] = field(default_factory=set)   # (row, column) Excel turned into a date


def normalise_header(name: object) -> str:
    """Header names match case-insensitively, ignoring surrounding spaces (and a stray BOM)."""
    return str(name or "").replace("\ufeff", "").replace("\u00a0", " ").strip().casefold()


def _detect_separator(header_line: str) -> str:
    """``;`` (Norwegian Excel) or ``,``: whichever splits the header line into more fields."""
    counts = {}
    for sep in (";", ","):
        try:
            counts[sep] = len(next(csv.reader([header_line], delimiter=sep)))
        except (csv.Error, StopIteration):
            counts[sep] = 0
    return ";" if counts[";"] > counts[","] else ","


def raw_table(table: str, file: str, header: list, rows: list[tuple[int, list[str]]], header_row: int,
              problems: list[Problem]) -> RawTable | None:
    names = [normalise_header(h) for h in header]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if not n:
            if any(r[1][i].strip() for r in rows if i < len(r[1])):
                problems.append(Problem(file, header_row, _("kolonne {n}").format(n=i + 1), None,
                                        _("kolonnen har verdier, men ingen overskrift")))
            continue
        if n in seen:
            problems.append(Problem(file, header_row, str(header[i]).strip(), None,
                                    _("kolonneoverskriften står to ganger; hver kolonne skal stå én gang")))
        seen.setdefault(n, i)
    keep = [(n, i) for n, i in seen.items()]
    data: dict[str, list[str]] = {n: [] for n, _ in keep}
    index = []
    width = len(header)
    for row_no, cells in rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(Problem(file, row_no, None, None,
                                    _("raden har {n} felt, men overskriften har {width}: sjekk skilletegn og "
                                      "anførselstegn").format(n=len(cells), width=width)))
            continue
        index.append(row_no)
        for n, i in keep:
            data[n].append(cells[i] if i < len(cells) else "")
    frame = pd.DataFrame(data, index=pd.Index(index, name="row"), dtype=object)
    return RawTable(table, file, frame, header_row,
                    {n: str(header[i]).replace("\ufeff", "").strip() for n, i in keep})


def read_csv_table(path: Path, table: str, problems: list[Problem]) -> RawTable | None:
    """Read one CSV file of the template (``,`` or ``;``, BOM or not, UTF-8 only)."""
    file = path.name
    raw = path.read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        problems.append(Problem(file, None, None, None, _("filen er tom; forventet en overskriftsrad og data")))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start: exc.start + 1]
        guess = ""
        try:
            guess = _(" (i Windows-1252 ville det vært «{character}»)").format(character=bad.decode("cp1252"))
        except UnicodeDecodeError:
            pass
        problems.append(Problem(file, line, None, repr(bad)[2:-1],
                                _("filen er ikke UTF-8{guess}. Lagre den fra Excel som «CSV UTF-8 (kommadelt)» og "
                                  "prøv igjen; filen er ikke lest, for å unngå feil tegn").format(guess=guess)))
        return None
    header_line = text.splitlines()[0] if text else ""
    sep = _detect_separator(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    header = None
    start = 1
    try:
        for cells in reader:
            line_no = start
            start = reader.line_num + 1
            if header is None:
                header = cells
                continue
            if not any(c.strip() for c in cells):
                continue  # Excel's trailing ";;;;" rows
            rows.append((line_no, cells))
    except csv.Error as exc:
        problems.append(Problem(file, reader.line_num, None, None, _("CSV-filen kan ikke leses: {error}").format(error=exc)))
        return None
    if header is None:
        problems.append(Problem(file, None, None, None, _("filen er tom; forventet en overskriftsrad og data")))
        return None
    return raw_table(table, file, header, rows, 1, problems)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value)


def read_workbook(path: Path, problems: list[Problem]) -> dict[str, RawTable]:
    """Read the template's sheets from an ``.xlsx`` workbook (sheet names matched case-insensitively)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.append(Problem(path.name, None, None, None, _("arbeidsboken kan ikke åpnes ({kind}: {error})").format(
            kind=type(exc).__name__, error=exc)))
        return {}
    try:
        sheets = {normalise_header(n): n for n in wb.sheetnames}
        tables: dict[str, RawTable] = {}
        for table in T.TABLES:
            if table not in sheets:
                if table in T.REQUIRED_TABLES:
                    problems.append(Problem(path.name, None, None, None,
                                            _("arbeidsboken mangler arket «{table}»; fant: {found}").format(
                                                table=table, found=", ".join(wb.sheetnames))))
                continue
            file = f"{path.name}:{table}"
            ws = wb[sheets[table]]
            rows_iter = ws.iter_rows(values_only=True)
            header = None
            rows: list[tuple[int, list[str]]] = []
            dates: set[tuple[int, int]] = set()
            for row_no, values in enumerate(rows_iter, start=1):
                if header is None:
                    if values is None or not any(v not in (None, "") for v in values):
                        continue
                    header, header_row = list(values), row_no
                    while header and header[-1] in (None, ""):
                        header.pop()
                    continue
                cells = [cell_text(v) for v in values]
                for i, v in enumerate(values):
                    if isinstance(v, (dt.datetime, dt.date)):
                        dates.add((row_no, i))
                if any(c.strip() for c in cells):
                    rows.append((row_no, cells))
            if header is None:
                problems.append(Problem(file, None, None, None, _("arket er tomt; forventet en overskriftsrad og data")))
                continue
            raw = raw_table(table, file, header, rows, header_row, problems)
            if raw is not None:
                names = [normalise_header(h) for h in header]
                raw.date_cells = {(r, names[i]) for r, i in dates if i < len(names)}
                tables[table] = raw
        return tables
    finally:
        wb.close()


@dataclass
class RawPeriod:
    """What was found in a period's folder, before typing and checking."""

    folder: Path
    tables: dict[str, RawTable]
    texts: dict[str, str]
    files: dict[str, str]          # file name (relative to folder) -> sha256
    problems: list[Problem]


def read_folder(folder: Path) -> RawPeriod:
    """Read every template table and commentary file in ``folder``; collect reading problems."""
    folder = Path(folder)
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    files: dict[str, str] = {}
    if not folder.is_dir():
        problems.append(Problem(str(folder), None, None, None, _("mappen finnes ikke; forventet periodens innrapportering her")))
        return RawPeriod(folder, tables, {}, files, problems)
    from .collect.journal import recover_if_needed

    recover_if_needed(folder)  # a collection killed during its swap: completed first (old or new, never mixed)
    workbook = folder / T.WORKBOOK_NAME
    csvs = {t: folder / f"{t}.csv" for t in T.TABLES}
    from_book: dict[str, RawTable] = {}
    if workbook.is_file():
        files[workbook.name] = sha256(workbook)
        from_book = read_workbook(workbook, problems)
    for table, path in csvs.items():
        if path.is_file():
            files[path.name] = sha256(path)
            if workbook.is_file() and (table in from_book or table in T.REQUIRED_TABLES):
                problems.append(Problem(path.name, None, None, None,
                                        _("både {file} og {workbook} finnes i {folder}; det er uklart hvilken "
                                          "som gjelder. Fjern den ene").format(file=path.name,
                                                                               workbook=T.WORKBOOK_NAME, folder=folder)))
                continue
            raw = read_csv_table(path, table, problems)
            if raw is not None:
                tables[table] = raw
        elif table in from_book:
            tables[table] = from_book[table]
    if "prosjekter" not in tables and not any(p.file.startswith(("prosjekter", T.WORKBOOK_NAME)) for p in problems):
        problems.append(Problem(str(folder), None, None, None,
                                _("fant verken prosjekter.csv eller {workbook}; en periode må ha prosjektene sine").format(
                                    workbook=T.WORKBOOK_NAME)))
    texts, hashes, text_problems = read_texts(folder)
    files.update(hashes)
    problems.extend(text_problems)
    return RawPeriod(folder, tables, texts, files, problems)
