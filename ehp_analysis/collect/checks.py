"""Each submission checked, then all together; whose submission it is; the roster (collection.md, "Back").

Every row is checked with the same rules as ``ehp validate`` (:func:`ehp_analysis.validate.validate_folder`,
given the tables already read). The rules that look at one row give the same answer whether a submission is
checked alone or with the others; the rules across rows are answered over everything submitted together: an id
in two submissions is an error naming both files and cells (within one file it is the usual duplicate), and a
dependency or a programme may point at another organisation's project. Each problem is then placed as its owner
finds it (:meth:`~.inbox.Submission.locate`: file and Excel cell, or CSV file and line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .. import template as T
from ..config import PeriodParameters
from ..load import RawPeriod, RawTable, normalise_header
from ..parse import amount_unit
from ..portfolio import Portfolio
from ..problems import ERROR, WARNING, Problem
from ..reference import Reference
from ..validate import explain, validate_folder
from ..formulas import formula_like, visible
from ..words import _
from .inbox import Submission

_INT = re.compile(r"^\s*\+?(\d+)(\.0)?\s*$")
TOGETHER = "<innboks>"  # the file name of the tables of every submission together (never shown)


def parse_id(text: object) -> int | None:
    """An id as written in a cell (``81``, ``81.0``), ``None`` when it is not one."""
    m = _INT.match(str(text or ""))
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


@dataclass
class Checked:
    """The outcome of checking a set of submissions together.

    Attributes
    ----------
    problems : dict
        Submission name -> its problems, located (file and cell), errors first.
    general : list of Problem
        Problems of the whole that belong to no one submission.
    portfolio : Portfolio or None
        The period as validation typed it, when there is no error at all.
    """

    problems: dict[str, list[Problem]]
    general: list[Problem] = field(default_factory=list)
    portfolio: Portfolio | None = None

    def errors(self, name: str) -> int:
        return sum(p.is_error for p in self.problems.get(name, ()))

    def warnings(self, name: str) -> int:
        return sum(not p.is_error for p in self.problems.get(name, ()))


def organisations_of(sub: Submission, reference: Reference) -> tuple[str, ...]:
    """Whose submission: the organisation in the guide's named cell, else its rows' ``ansvarlig_virksomhet``;
    only organisations of the reference, in its spelling (a name outside it is an error, never an owner), sorted."""
    orgs = reference.organisations
    if sub.declared_organisation:
        known = orgs.canonical(sub.declared_organisation)
        return (known,) if known else ()
    raw = sub.tables.get("prosjekter")
    if raw is None or "ansvarlig_virksomhet" not in raw.frame.columns:
        return ()
    found = {orgs.canonical(v) for v in raw.frame["ansvarlig_virksomhet"] if str(v).strip()}
    return tuple(sorted(found - {None}))


def own_problems(sub: Submission, period: str, reference: Reference, tables: dict[str, tuple[T.Column, ...]],
                 previous: Portfolio | None) -> list[Problem]:
    """What a submission says about itself: a workbook for another period, rows of another organisation than
    its guide names, projects that another organisation owned in the previous period, missing columns."""
    out: list[Problem] = []
    if sub.declared_period is not None and sub.declared_period != period:
        out.append(Problem(sub.name, None, None, sub.declared_period,
                           _("arbeidsboken er for perioden {declared}, ikke {period}; fyll ut arbeidsboken som er "
                             "sendt ut for {period}").format(declared=sub.declared_period, period=period),
                           cell=sub.guide_cells.get("ehp_periode")))
    if sub.declared_organisation and not reference.organisations.canonical(sub.declared_organisation):
        out.append(Problem(sub.name, None, None, visible(sub.declared_organisation),
                           _("virksomheten er ikke i periodens liste over virksomheter; bruk arbeidsboken som ble "
                             "sendt ut til virksomheten"), cell=sub.guide_cells.get("ehp_virksomhet")))
    for table, columns in tables.items():
        raw = sub.tables.get(table)
        if raw is None:
            continue
        strangers = [(n, h) for n, h in raw.original_columns.items() if n not in {c.name for c in columns}]
        if strangers:
            cell = sub.cell(table, strangers[0][0], raw.header_row)
            out.append(Problem(sub.name if cell else raw.file, None if cell else raw.header_row, None, None,
                               _("kolonnene {columns} er ikke en del av malen og er ikke tatt med").format(
                                   columns=", ".join(f"«{visible(h)}»" for _n, h in strangers)), WARNING, cell=cell))
        for c in columns:
            if c.required and c.name not in raw.frame.columns:
                out.append(Problem(raw.file, raw.header_row, c.name, None,
                                   _("kolonnen mangler i overskriftsraden; påkrevde kolonner er {columns}").format(
                                       columns=", ".join(x.name for x in columns if x.required))))
    raw = sub.tables.get("prosjekter")
    if raw is None or not {"id", "ansvarlig_virksomhet"} <= set(raw.frame.columns):
        return out
    orgs = reference.organisations
    declared = orgs.canonical(sub.declared_organisation) if sub.declared_organisation else None
    owners = {}
    if previous is not None:
        owners = dict(zip(previous.projects["id"].astype(int), previous.projects["organisation"].astype(str)))
    names = raw.frame["navn"] if "navn" in raw.frame.columns else pd.Series("", index=raw.frame.index)
    for row, pid_text, org_text, name in zip(raw.frame.index, raw.frame["id"], raw.frame["ansvarlig_virksomhet"],
                                             names):
        org = orgs.canonical(org_text) if str(org_text).strip() else None
        pid = parse_id(pid_text)
        project = dict(project_id=pid, project_name=str(name).strip() or None) if pid else {}
        if declared and org and org != declared:
            out.append(Problem(raw.file, int(row), "ansvarlig_virksomhet", org_text,
                               _("arbeidsboken er for {organisation} ({cell}), men raden har en annen virksomhet; er "
                                 "prosjektet flyttet, er det i orden").format(
                                   organisation=declared, cell=sub.guide_cells.get("ehp_virksomhet", "veiledning")),
                               WARNING, **project))
        delivered_by = declared or org
        if pid in owners and delivered_by and owners[pid] != delivered_by:
            out.append(Problem(raw.file, int(row), "id", pid_text,
                               _("prosjektet var {owner}s i forrige periode ({period}), men er levert av {delivered_by}; "
                                 "er ansvaret flyttet, er det i orden").format(
                                   owner=owners[pid], period=previous.period, delivered_by=delivered_by),
                               WARNING, **project))
    return out


def _usable(sub: Submission, table: str, columns: tuple[T.Column, ...]) -> bool:
    raw = sub.tables.get(table)
    return raw is not None and all(c.name in raw.frame.columns for c in columns if c.required)


def _together(subs: Sequence[Submission], tables: dict[str, tuple[T.Column, ...]],
              ) -> tuple[dict[str, RawTable], dict[tuple[str, int], tuple[Submission, str, int]]]:
    """Every submission's rows of each table in one table (rows numbered 1, 2, … across them), and where each
    row came from."""
    together: dict[str, RawTable] = {}
    origin: dict[tuple[str, int], tuple[Submission, str, int]] = {}
    for table, columns in tables.items():
        frames, dates, n = [], set(), 0
        for sub in subs:
            if not _usable(sub, table, columns):
                continue
            raw = sub.tables[table]
            index = list(range(n + 1, n + len(raw.frame) + 1))
            renumber = dict(zip(raw.frame.index, index))
            for i, row in zip(index, raw.frame.index):
                origin[(table, i)] = (sub, raw.file, int(row))
            dates |= {(renumber[r], c) for r, c in raw.date_cells if r in renumber}
            frames.append(raw.frame.set_axis(pd.Index(index, name="row")))
            n += len(raw.frame)
        if not frames:
            continue
        frame = pd.concat(frames).fillna("").astype(object)
        together[table] = RawTable(table, f"{TOGETHER}:{table}", frame, 0, {c: c for c in frame.columns}, dates)
    return together, origin


def _named(p: Problem, raw: RawTable | None) -> Problem:
    """A problem in a ``prosjekter`` row names the row's project (id and name), so the owner sees which it is."""
    if p.project_id is not None or raw is None or p.row not in raw.frame.index or "id" not in raw.frame.columns:
        return p
    pid = parse_id(raw.frame.at[p.row, "id"])
    name = str(raw.frame.at[p.row, "navn"]).strip() if "navn" in raw.frame.columns else ""
    return replace(p, project_id=pid, project_name=name or None) if pid else p


def _date_message(column: T.Column, value) -> str:
    what = _("et heltall") if column.kind == "int" else _("et beløp i {mill}").format(mill=amount_unit())
    return _("cellen er formatert som dato ({value}), men kolonnen skal ha {what}; Excel gjør for eksempel 1.5 om "
             "til 1. mai. Formater cellen som tall og skriv verdien på nytt").format(value=value, what=what)


def check(subs: Sequence[Submission], *, period: str, params: PeriodParameters, reference: Reference,
          tables: dict[str, tuple[T.Column, ...]], previous: Portfolio | None, folder: Path) -> Checked:
    """Check ``subs`` one by one and together (see module docstring).

    Parameters
    ----------
    subs : sequence of Submission
        As read (:func:`~.inbox.read_submission`).
    period : str
    params : PeriodParameters
        The new period's parameters (its template and reference files).
    reference : Reference
    tables : dict
        The template's tables in the period's version.
    previous : Portfolio or None
        The previous period (whose projects warn when another organisation delivers them).
    folder : Path
        The inbox (named in nothing the owner sees).

    Returns
    -------
    Checked
    """
    problems: dict[str, list[Problem]] = {s.name: list(s.problems) for s in subs}
    for sub in subs:
        problems[sub.name] += own_problems(sub, period, reference, tables, previous)
    readable = [s for s in subs if s.readable and s.tables]
    together, origin = _together(readable, tables)
    result = validate_folder(folder, period=period, reference=reference, parameters=params,
                             raw=RawPeriod(folder, together, {}, {}, []))
    general: list[Problem] = []
    duplicate = explain("field_uniqueness", T.PROJECT_COLUMNS[0], None)
    blank = explain("not_nullable", T.PROJECT_COLUMNS[0], None)
    duplicates: dict[int, list[tuple[Submission, str, int]]] = {}
    kinds = {t: {c.name: c for c in cols} for t, cols in tables.items()}
    placed: list[tuple[Submission, Problem, str]] = []
    for p in result.problems:
        table = p.file.split(":", 1)[1] if p.file.startswith(f"{TOGETHER}:") else None
        if table is None or p.row is None or (table, p.row) not in origin:
            general.append(p)
            continue
        sub, file, row = origin[(table, p.row)]
        p = replace(p, file=file, row=row)
        if table == "prosjekter" and p.column == "id" and p.expected == duplicate:
            duplicates.setdefault(parse_id(p.value) or p.value, []).append((sub, file, row))
        placed.append((sub, p, table))
    across = {pid for pid, where in duplicates.items() if len({s.name for s, _, _ in where}) > 1}
    owning = _owning(duplicates, across, previous, reference)
    for sub, p, table in placed:
        key = (table, p.row, normalise_header(p.column)) if p.column else None
        if key in sub.flagged:
            continue  # the reading already said what is wrong with this cell (a formula, merged cells)
        column = kinds.get(table, {}).get(p.column or "")
        raw = sub.tables.get(table)
        if (column is not None and column.kind in ("int", "amount") and p.is_error and raw is not None
                and (p.row, normalise_header(p.column)) in raw.date_cells):
            p = replace(p, expected=_date_message(column, p.value))
        if table == "prosjekter" and p.column == "id" and p.expected == blank:
            p = replace(p, expected=_("ID mangler; et nytt prosjekt får ID fra porteføljekontoret: be om en ID og "
                                      "skriv den inn"))
        if table == "prosjekter" and p.expected == duplicate and (parse_id(p.value) or p.value) in across:
            others = [w for w in duplicates[parse_id(p.value) or p.value] if w[0] is not sub]
            shown = "; ".join(f"{s.name}, {s.cell('prosjekter', 'id', r) or _('linje {row}').format(row=r)}"
                              for s, _file, r in others)
            p = replace(p, expected=_("ID-en står også i {shown}; hver ID skal stå én gang i perioden, i "
                                      "innleveringen fra den som eier prosjektet").format(shown=shown))
            if owning.get(parse_id(p.value)) is sub:  # the owner's own row: the copy is the other file's error
                p = replace(p, severity=WARNING,
                            expected=_("ID-en står også i {shown}, men prosjektet var deres i forrige periode; det "
                                       "er den andre innleveringen som må rettes").format(shown=shown))
        problems[sub.name].append(sub.locate(_named(p, raw) if table == "prosjekter" else p))
    for sub in subs:
        problems[sub.name] = [sub.locate(p) for p in problems[sub.name]]
        problems[sub.name].sort(key=lambda p: (p.severity != ERROR, p.file, p.cell or "", p.row or 0))
    return Checked(problems, general, result.portfolio)


def _owning(duplicates: dict, across: set, previous: Portfolio | None, reference: Reference) -> dict:
    """id -> the one submission, among those that have an id in common, of the organisation that owned the
    project in the previous period (when exactly one is): another file copying its id never spoils it."""
    if previous is None or not across:
        return {}
    owners = dict(zip(previous.projects["id"].astype(int), previous.projects["organisation"].astype(str)))
    out = {}
    for pid in across:
        subs = {s.name: s for s, _, _ in duplicates[pid]}.values()
        own = [s for s in subs if owners.get(pid) in organisations_of(s, reference)] if isinstance(pid, int) else []
        if len(own) == 1:
            out[pid] = own[0]
    return out


# ------------------------------------------------------------------------------------------ roster


def ids_in(subs: Iterable[Submission], table: str, column: str = "id") -> set[int]:
    """The ids (valid integers) in ``column`` of ``table`` across ``subs``."""
    out: set[int] = set()
    for sub in subs:
        raw = sub.tables.get(table)
        if raw is not None and column in raw.frame.columns:
            out |= {i for i in (parse_id(v) for v in raw.frame[column]) if i is not None}
    return out


def roster(previous: Portfolio | None, delivered: Sequence[Submission], left_out: Sequence[Submission],
           organisations: dict[str, tuple[str, ...]], canonical=None) -> list[dict]:
    """The projects nobody delivered: every project of ``previous`` in no delivered submission and with no
    ``avsluttede`` row there; with ``--partial``, also the projects of the submissions left out.

    Parameters
    ----------
    previous : Portfolio or None
    delivered : sequence of Submission
        The submissions whose rows count (merged, or for feedback: every one read).
    left_out : sequence of Submission
        Submissions left out because they have errors (``--partial``).
    organisations : dict
        Submission name -> whose it is (:func:`organisations_of`).
    canonical : callable, optional
        An organisation's name -> its reference spelling (``None`` outside the reference): a left-out row's
        organisation as the roster writes it is the reference's, never the workbook's text.

    Returns
    -------
    list of dict
        ``id, name, organisation, reason`` (a code of :data:`ehp_analysis.roster.REASONS`), sorted by
        organisation then id.
    """
    have = ids_in(delivered, "prosjekter") | ids_in(delivered, "avsluttede")
    delivering = {o for s in delivered for o in organisations.get(s.name, ())}
    leaving = {o for s in left_out for o in organisations.get(s.name, ())} - delivering
    rows: dict[int, dict] = {}
    if previous is not None:
        for rec in previous.projects[["id", "name", "organisation"]].itertuples(index=False):
            pid, org = int(rec.id), str(rec.organisation)
            if pid in have:
                continue
            reason = "left_out" if org in leaving else "missing" if org in delivering else "no_submission"
            rows[pid] = {"id": pid, "name": str(rec.name), "organisation": org, "reason": reason}
    for sub in left_out:
        raw = sub.tables.get("prosjekter")
        if raw is None or "id" not in raw.frame.columns:
            continue
        names = raw.frame["navn"] if "navn" in raw.frame.columns else [""] * len(raw.frame)
        orgs = raw.frame["ansvarlig_virksomhet"] if "ansvarlig_virksomhet" in raw.frame.columns else names
        own = organisations.get(sub.name, ())
        for pid_text, name, org in zip(raw.frame["id"], names, orgs):
            pid = parse_id(pid_text)
            if pid is None or pid in have or pid in rows:
                continue
            known = own[0] if len(own) == 1 else (canonical(str(org)) if canonical else None)
            if known is None:
                continue  # not an organisation of the reference: its rows are named in the submission's errors
            name = "" if formula_like(name) else str(name).strip()  # the roster is merged: nothing in it can run
            rows[pid] = {"id": pid, "name": name, "reason": "left_out", "organisation": known}
    return sorted(rows.values(), key=lambda r: (r["organisation"], r["id"]))


def missing_organisations(previous: Portfolio | None, subs: Sequence[Submission],
                          organisations: dict[str, tuple[str, ...]]) -> list[str]:
    """The organisations that owned a project in ``previous`` and sent nothing at all, sorted."""
    if previous is None:
        return []
    sent = {o for s in subs for o in organisations.get(s.name, ())}
    return sorted(set(previous.projects["organisation"].astype(str)) - sent)
