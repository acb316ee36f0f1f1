"""A problem found in a submission (where it is, what was there, what was expected), and problems grouped.

Validation collects every problem at once, so one mistake copied down a column gives hundreds of them.
:func:`group_problems` puts those that share a file, column and kind of problem together: the terminal
and the report's data-quality appendix show one line per group, its rows as ranges and a few example
values (:meth:`ProblemGroup.summary`), after the totals (:func:`totals`). Every single problem stays
reachable (``ehp validate --all-rows``, and the CSV of every problem the build writes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .words import N_, _, ngettext

ERROR = "feil"
WARNING = "advarsel"

EXAMPLES = 5     # example values (or projects) shown per group
RANGES = 10      # row ranges shown per group before "og N rader til"
EN_DASH = "–"

# Headers of a problem listing (the CSVs of every problem, Vedlegg 2's tables).
LABELS = {
    "severity": N_("Alvorlighet"), "file": N_("Fil"), "row": N_("Rad"), "rows": N_("Rader"), "column": N_("Kolonne"),
    "project_id": N_("Prosjekt-ID"), "project_name": N_("Prosjekt"), "value": N_("Verdi"),
    "expected": N_("Problem"), "count": N_("Antall"), "examples": N_("Eksempler"),
}
FIELDS = ("severity", "file", "row", "column", "project_id", "project_name", "value", "expected")


def labels() -> dict[str, str]:
    """:data:`LABELS` in the current written standard (the headers of a problem listing)."""
    return {key: _(label) for key, label in LABELS.items()}


def row_word(file: str | None) -> str:
    """``linje`` for a CSV file (its line number), ``rad`` for an Excel sheet (its row number)."""
    return _("rad") if file and (file.endswith(".xlsx") or ":" in file) else _("linje")


def _quoted(value: object) -> str:
    return f"«{value}»"


@dataclass(frozen=True)
class Problem:
    """One problem, located as the user sees it (CSV line number or Excel row number).

    ``project_id`` and ``project_name`` name the project a warning is about (a yellow project without
    reasons, one that left without a word), so that a reader need not look the id up. ``cell`` is the
    Excel cell (``prosjekter!H7``) of a problem in a workbook, shown in place of the row.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    severity: str = ERROR
    project_id: int | None = None
    project_name: str | None = None
    cell: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def project(self) -> str | None:
        """The project as the text names it: ``81 «Akson»`` (or just the id when the name is unknown)."""
        if self.project_id is None:
            return None
        return f"{self.project_id} {_quoted(self.project_name)}" if self.project_name else str(self.project_id)

    def location(self) -> str:
        parts = [self.file]
        if self.cell:
            parts.append(self.cell)
        elif self.row is not None:
            parts.append(f"{row_word(self.file)} {self.row}")
        if self.column:
            parts.append(_("kolonne «{column}»").format(column=self.column))
        if self.project:
            parts.append(_("prosjekt {project}").format(project=self.project))
        return ", ".join(parts)

    def __str__(self) -> str:
        value = "" if self.value is None else _("verdien «{value}»: ").format(value=self.value)
        return f"{self.location()}: {value}{self.expected}"

    def as_dict(self) -> dict:
        """The problem's fields (:data:`FIELDS`), the value as text: one row of a listing."""
        return {"severity": self.severity, "file": self.file, "row": self.row, "column": self.column,
                "project_id": self.project_id, "project_name": self.project_name,
                "value": None if self.value is None else str(self.value), "expected": self.expected}


def row_ranges(rows: Iterable[int], *, limit: int | None = RANGES) -> str:
    """Row numbers as ranges: ``[2, 3, 4, 5, 8, 10, 11, 12]`` -> ``"2–5, 8, 10–12"``.

    Parameters
    ----------
    rows : iterable of int
        In any order; repeats count once.
    limit : int, optional
        Show at most this many ranges, then say how many rows are left (``"… og 90 rader til"``);
        ``None`` shows them all.
    """
    ordered = sorted(set(rows))
    runs: list[list[int]] = []
    for r in ordered:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    shown = runs if limit is None else runs[:limit]
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}{EN_DASH}{run[-1]}" for run in shown)
    rest = sum(len(run) for run in runs[len(shown):])
    if rest:
        text += ngettext(" og {n} rad til", " og {n} rader til", rest).format(n=rest)
    return text


def _listed(items: list[str], *, limit: int = EXAMPLES) -> str:
    """``a, b og c``; more than ``limit``: the first ``limit`` and ``og N andre``."""
    if len(items) > limit:
        return _("{items} og {n} andre").format(items=", ".join(items[:limit]), n=len(items) - limit)
    return items[0] if len(items) == 1 else _("{items} og {last}").format(items=", ".join(items[:-1]),
                                                                            last=items[-1])


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind: the same severity, file (and sheet, for a workbook's cells), column and explanation."""

    severity: str
    file: str
    column: str | None
    expected: str
    problems: tuple[Problem, ...]
    sheet: str | None = None

    @property
    def rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    @property
    def values(self) -> list[str]:
        """The distinct values, as written, in the order met."""
        return list(dict.fromkeys(str(p.value) for p in self.problems if p.value is not None))

    @property
    def projects(self) -> list[str]:
        """The distinct projects named, in the order met."""
        return list(dict.fromkeys(p.project for p in self.problems if p.project))

    def rows_text(self, *, limit: int | None = RANGES) -> str:
        """``linje 2–214`` (``rad`` in a workbook); empty when the problems have no row."""
        return f"{row_word(self.file)} {row_ranges(self.rows, limit=limit)}" if self.rows else ""

    def examples_text(self) -> str:
        """At most five example values (``verdiene «a», «b» og «c»``); the projects when there are no values."""
        if self.values:
            values = [_quoted(v) for v in self.values]
            return ngettext("verdien {values}", "verdiene {values}", len(values)).format(values=_listed(values))
        if self.projects:
            return ngettext("prosjekt {projects}", "prosjektene {projects}", len(self.projects)).format(
                projects=_listed(self.projects))
        return ""

    def count_text(self) -> str:
        """``213 rader, linje 2–214``, or ``3 prosjekter`` for problems that have no row."""
        n = len(self.problems)
        if self.rows:
            return ngettext("{n} rad, {rows}", "{n} rader, {rows}", n).format(n=n, rows=self.rows_text())
        if len(self.projects) == n:
            return ngettext("{n} prosjekt", "{n} prosjekter", n).format(n=n)
        return ngettext("{n} tilfelle", "{n} tilfeller", n).format(n=n)

    def summary(self) -> str:
        """One line for the group; a group of one is the problem itself, with its row and value.

        ``prosjekter.csv, kolonne «fase»: verdien mangler; kolonnen må fylles ut – 213 rader, linje 2–214``
        """
        if len(self.problems) == 1:
            return str(self.problems[0])
        head = self.file + (_(", ark «{sheet}»").format(sheet=self.sheet) if self.sheet else "") + \
            (_(", kolonne «{column}»").format(column=self.column) if self.column else "")
        examples = self.examples_text()
        return f"{head}: {self.expected} {EN_DASH} {self.count_text()}" + (f"; {examples}" if examples else "")

    def __str__(self) -> str:
        return self.summary()


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems grouped by severity, file, column and explanation, in the order their first problem comes.

    Parameters
    ----------
    problems : iterable of Problem
        Usually as validation sorts them: errors first, then by file and row.

    Returns
    -------
    list of ProblemGroup
    """
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        sheet = p.cell.split("!")[0] if p.cell and "!" in p.cell else None
        groups.setdefault((p.severity, p.file, p.column, p.expected, sheet), []).append(p)
    return [ProblemGroup(severity, file, column, expected, tuple(members), sheet)
            for (severity, file, column, expected, sheet), members in groups.items()]


def totals(problems: Iterable[Problem]) -> str:
    """``3 feil og 226 advarsler i 2 filer`` (``ingen feil eller advarsler`` when there are none)."""
    problems = list(problems)
    if not problems:
        return _("ingen feil eller advarsler")
    n_errors = sum(p.is_error for p in problems)
    n_warnings = len(problems) - n_errors
    parts = ([ngettext("{n} feil", "{n} feil", n_errors).format(n=n_errors)] if n_errors else []) + \
        ([ngettext("{n} advarsel", "{n} advarsler", n_warnings).format(n=n_warnings)] if n_warnings else [])
    files = len({p.file for p in problems})
    return ngettext("{counts} i {n} fil", "{counts} i {n} filer", files).format(counts=_(" og ").join(parts),
                                                                                 n=files)
