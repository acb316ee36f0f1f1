"""Type and check a period's submission; report every problem at once.

Two layers, run on all rows before anything is reported:

1. *Parsing* (:mod:`ehp_analysis.parse`, cell by cell): the template's dialect: decimal comma or point, space thousands,
   ``-``/``–``/empty as not reported, ``unntatt offentlighet``/``u.off.`` as withheld, ASCII fallbacks,
   ``1``/``0`` for ja/nei, organisation names matched ignoring case and spaces.
2. *Rules* (from :mod:`ehp_analysis.template`, checked column by column with pandas): required values,
   ids > 0 and unique, amounts ≥ 0, category values in their sets. (A pandera schema did this until
   its import and first check cost a third of ``ehp validate``'s second, for five one-line rules on
   columns the parser has already typed.)

Then the cross-table rules (dependency to a missing project, warnings for yellow/red without reasons) and, in
:func:`change_warnings`, those against the previous period (projects that left without an ``avsluttede`` row).
Each problem names the file, the row the user sees, the column, the value and what was expected, in the words of
the catalogue (:mod:`ehp_analysis.words`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import template as T
from .config import (PERIOD_HELP, PERIOD_RE, PeriodParameters, check_period, check_template_strategy, load_chain,
                     load_parameters, paths)
from .exceptions import ConfigError, DataValidationError, PeriodNameError, UsageError
from .hashing import sha256
from .load import RawPeriod, RawTable, read_folder
from .portfolio import Portfolio, build_portfolio
from .formulas import formula_cells
from .problems import ERROR, WARNING, Problem
from .parse import (WITHHELD, CellError as _ParseError, amount_unit, one_of, parse_amount, parse_choice,  # noqa: F401
                    parse_date, parse_goal, parse_goals, parse_int, parse_list, parse_yes_no, withheld_refused)
from .reference import Reference, load_reference
from .roster import FILE_NAME as ROSTER_FILE, read_roster
from .words import _

log = logging.getLogger("ehp_analysis")


@dataclass
class _Parsed:
    frame: pd.DataFrame          # English field names, index = user row
    failed: set[tuple[int, str]]  # (row, field) cells that already have a problem


_UNSEEN = object()


def _parse_cell(text: str, row: int, col: T.Column, raw: RawTable, reference: Reference, strategy_hint: str,
                organisations_hint: str) -> object:
    """The value of one cell of column ``col`` (``None`` for not reported, ``WITHHELD``); raises :class:`_ParseError`."""
    if text.strip() in T.MISSING_MARKERS and col.kind != "amount":
        # Not reported (any column: "-" and "–" mean that as empty does): "ikke vurdert" where the
        # column allows it, a missing required value (said once, by the rules), never "unknown value".
        v = None
    elif col.may_be_withheld and T.is_withheld(text):
        v = T.WITHHELD_RATING  # a rating exempt from disclosure: its own category (status, risiko)
    elif col.kind not in ("amount", "text") and T.is_withheld(text):
        raise _ParseError(withheld_refused(col))
    elif col.kind == "int":
        v = parse_int(text)
    elif col.kind == "amount":
        v = parse_amount(text)
    elif col.kind == "choice":
        v = parse_choice(text, col.choices)
    elif col.kind == "yesno":
        v = parse_yes_no(text)
    elif col.kind == "list":
        v = parse_list(text, col.choices)
    elif col.kind == "goal":
        v = parse_goal(text, reference.strategy)
    elif col.kind == "goals":
        v = parse_goals(text, reference.strategy)
    elif col.kind == "date":
        v = parse_date(text)
    elif col.kind == "org":
        v = text.strip() or None
        if v is not None:
            canon = reference.organisations.canonical(v)
            if canon is None:
                raise _ParseError(_("ukjent virksomhet; legg den til (med eiergruppe og sektor) i "
                                    "{file}").format(file=organisations_hint))
            v = canon
    elif col.kind == "focus":
        v = text.strip().replace(",", ".") or None
        if (row, col.name) in raw.date_cells:
            raise _ParseError(_("Excel har gjort innsatsområdet om til en dato; formater cellen som "
                                "tekst og skriv koden, f.eks. 1.1"))
        if v is not None and v not in reference.strategy.focus_areas:
            raise _ParseError(_("ukjent innsatsområde i strategien {version} (kjente: {known}); utvid "
                                "referansen i {file}").format(version=reference.strategy.version, file=strategy_hint,
                                                               known=", ".join(reference.strategy.focus_areas)))
    else:
        v = text.strip() or None
    return v


def _parse_table(raw: RawTable, columns: tuple[T.Column, ...], reference: Reference,
                 problems: list[Problem], strategy_hint: str, organisations_hint: str,
                 version_hint: str = "") -> _Parsed | None:
    frame = raw.frame
    missing = [c for c in columns if c.required and c.name not in frame.columns]
    for c in missing:
        problems.append(Problem(raw.file, raw.header_row, c.name, None,
                                _("kolonnen mangler i overskriftsraden; påkrevde kolonner er {columns}").format(
                                    columns=", ".join(x.name for x in columns if x.required)) + version_hint))
    out: dict[str, object] = {}
    failed: set[tuple[int, str]] = set()
    rows = list(frame.index)
    for col in columns:
        if col.name not in frame.columns:
            continue
        values = frame[col.name].astype(str).tolist()
        parsed: list[object] = []
        withheld: list[bool] = []
        seen: dict[str, object] = {}  # few distinct texts per column, each parsed once (a focus area: per row)
        for row, text in zip(rows, values):
            v = seen.get(text, _UNSEEN) if col.kind != "focus" else _UNSEEN
            if v is _UNSEEN:
                try:
                    v = _parse_cell(text, row, col, raw, reference, strategy_hint, organisations_hint)
                except _ParseError as exc:
                    v = exc.with_traceback(None)  # the cell's value: said for every row holding the text
                if col.kind != "focus":
                    seen[text] = v
            if isinstance(v, _ParseError):
                problems.append(Problem(raw.file, row, col.name, text, v.expected))
                failed.add((row, col.field))
                v = None
            if v is WITHHELD:
                withheld.append(True)
                v = None
            else:
                withheld.append(False)
            parsed.append(v)
        out[col.field] = parsed
        if col.kind == "amount":
            out[f"{col.field}_withheld"] = withheld
        if col.field == "benefits":
            # "Have you quantified benefits?": empty or 0 answers "none"; a dash is no answer (input-template.md).
            out["benefits_not_answered"] = [t.strip() in T.MISSING_MARKERS[1:] for t in values]
    known = {c.name for c in columns}
    extras = {n: frame[n].tolist() for n in frame.columns if n not in known and n not in out}
    result = pd.DataFrame({**out, **extras}, index=frame.index)
    return _Parsed(result, failed)


_DTYPES = {"int": "Int64", "amount": "Float64", "yesno": "boolean", "goal": "Int64"}


def explain(check: str, column: T.Column, value) -> str:
    if check == "not_nullable":
        return _("kolonnen er påkrevd og kan ikke stå tom (heller ikke «-» eller «–»){expected}").format(
            expected=one_of(column) if column.choices else "")
    if check == "field_uniqueness":
        return _("ID-en står flere ganger; hver ID skal stå én gang i perioden")
    if check.startswith("greater_than(0)"):
        return _("forventet et heltall større enn 0")
    if check.startswith("greater_than_or_equal_to"):
        return _("beløp kan ikke være negative; forventet et beløp ≥ 0 i {mill}, eller tomt for ikke "
                 "rapportert").format(mill=amount_unit())
    if check.startswith("isin"):
        return _("ukjent verdi; forventet en av: {choices}").format(choices=", ".join(column.choices))
    return _("brøt regelen {check}").format(check=check)


def _apply_rules(raw: RawTable, columns: tuple[T.Column, ...], parsed: _Parsed, problems: list[Problem]) -> pd.DataFrame:
    by_field = {c.field: c for c in columns}
    frame = parsed.frame
    for c in columns:
        if c.field in frame.columns and c.kind in _DTYPES:
            frame[c.field] = pd.array(frame[c.field].tolist(), dtype=_DTYPES[c.kind])
    failures = []
    for c in columns:
        if c.field not in frame.columns:
            continue
        values = frame[c.field]
        if c.required and not c.may_be_not_assessed:
            failures += [(row, c.field, "not_nullable", None) for row in values.index[values.isna()]]
        present = values.dropna()
        if c.kind == "int" and c.field in ("id", "project_id", "depends_on_id"):
            bad = present[~(present > 0)]
            failures += [(row, c.field, "greater_than(0)", v) for row, v in bad.items()]
        if c.kind == "amount" and not c.may_be_negative:
            bad = present[~(present >= 0)]
            failures += [(row, c.field, "greater_than_or_equal_to(0)", v) for row, v in bad.items()]
        if c.kind == "choice":
            allowed = c.choices + ((T.WITHHELD_RATING,) if c.may_be_withheld else ())
            bad = present[~present.isin(allowed)]
            failures += [(row, c.field, "isin", v) for row, v in bad.items()]
        if c.field == "id" and c.name == "id":
            bad = present[present.duplicated(keep=False)]
            failures += [(row, c.field, "field_uniqueness", v) for row, v in bad.items()]
    for row, field, check, failure_case in failures:
        if (row, field) in parsed.failed:
            continue
        column = by_field[field]
        shown = raw.frame.at[row, column.name] if column.name in raw.frame.columns else failure_case
        value = None if (shown is None or (isinstance(shown, str) and shown.strip() == "")) else shown
        problems.append(Problem(raw.file, row, column.name, value, explain(check, column, failure_case)))
    return frame


def _name(value) -> str | None:
    """A project's name as text; ``None`` when it is missing or blank."""
    return None if value is None or pd.isna(value) else (str(value).strip() or None)


def _names(frame: pd.DataFrame) -> dict[int, str | None]:
    """id -> name of the projects in a typed ``prosjekter`` frame (a missing name is ``None``)."""
    return {int(i): _name(n) for i, n in zip(frame["id"], frame["name"]) if pd.notna(i)}


def _cross_checks(tables: dict[str, tuple[RawTable, pd.DataFrame]], problems: list[Problem]) -> None:
    projects = tables.get("prosjekter")
    names: dict[int, str | None] = {}
    if projects is not None:
        raw, p = projects
        names = _names(p)
        given = p["status_reasons"] if "status_reasons" in p.columns else [()] * len(p)
        for row, status, reasons, pid in zip(p.index, p["status"], given, p["id"]):  # (iterrows: seconds at 50,000)
            if status in ("gul", "rød") and not reasons:
                pid = None if pd.isna(pid) else int(pid)
                problems.append(Problem(raw.file, int(row), "statusarsaker", None,
                                        _("status er {status}, men ingen årsak er oppgitt; forventet en eller flere "
                                          "årsaker skilt med |").format(status=status), WARNING,
                                        project_id=pid, project_name=names.get(pid)))
    ids = set(names)
    if projects is not None and "other_goals" in projects[1].columns and "goal" in projects[1].columns:
        raw, p = projects
        for row, main, others in zip(p.index, p["goal"], p["other_goals"]):
            if pd.notna(main) and isinstance(others, tuple) and int(main) in others:
                problems.append(Problem(raw.file, int(row), "strategimal_andre", raw.frame.at[row, "strategimal_andre"],
                                        _("gjentar hovedmålet (strategimal {goal}); forventet bare de andre målene "
                                          "prosjektet også støtter, skilt med |").format(goal=int(main))))
    if projects is not None and "programme_id" in projects[1].columns:
        raw, p = projects
        programmes = {int(i) for i, t in zip(p["id"], p["type"]) if pd.notna(i) and t == "program"}
        members = p[p["programme_id"].notna()]
        for row, member_of, pid in zip(members.index, members["programme_id"], members["id"]):
            pid = None if pd.isna(pid) else int(pid)
            if pd.isna(member_of) or (int(member_of) in programmes and int(member_of) != pid):
                continue
            what = (_("prosjektet kan ikke være del av seg selv") if int(member_of) == pid else
                    _("ID {id} er et prosjekt, ikke et program") if int(member_of) in ids else
                    _("ID {id} er ikke i denne periodens portefølje")).format(id=int(member_of))
            problems.append(Problem(raw.file, int(row), "del_av_program", int(member_of), _(
                "{what}; forventet ID-en til et program i samme periode (medlemskapet vises ikke)").format(what=what),
                                    WARNING, project_id=pid, project_name=names.get(pid)))
    if "avhengigheter" in tables and projects is not None:
        raw, d = tables["avhengigheter"]
        depends_on = d["depends_on_id"] if "depends_on_id" in d.columns else [pd.NA] * len(d)
        for row, pid, dep in zip(d.index, d["project_id"], depends_on):
            if pd.notna(pid) and int(pid) not in ids:
                problems.append(Problem(raw.file, int(row), "prosjekt_id", int(pid),
                                        _("prosjektet finnes ikke i prosjekter; forventet en ID fra prosjekttabellen")))
            if pd.notna(dep) and int(dep) not in ids:
                owner = int(pid) if pd.notna(pid) and int(pid) in ids else None
                problems.append(Problem(raw.file, int(row), "avhenger_av_id", int(dep),
                                        _("ID-en er ikke i denne periodens portefølje (avsluttet eller feil ID?)"),
                                        WARNING, project_id=owner, project_name=names.get(owner)))
    if "avsluttede" in tables:
        raw, a = tables["avsluttede"]
        for row, lid in zip(a.index, a["id"]):
            if pd.notna(lid) and int(lid) in ids:
                problems.append(Problem(raw.file, int(row), "id", int(lid),
                                        _("prosjektet står som avsluttet, men er fortsatt i prosjekter"), WARNING,
                                        project_id=int(lid), project_name=names.get(int(lid))))


def _left_file(portfolio: Portfolio) -> str | None:
    """The period's ``avsluttede`` table as the user finds it, or ``None`` when the period has none.

    A workbook's sheet counts when it has rows (an empty sheet and no sheet read the same)."""
    if T.WORKBOOK_NAME in portfolio.files:
        return f"{T.WORKBOOK_NAME}:avsluttede" if len(portfolio.left) else None
    return "avsluttede.csv" if len(portfolio.left) or "avsluttede.csv" in portfolio.files else None


def _gone_explained(portfolio: Portfolio, when: str) -> tuple[str, str | None, str]:
    """Where a project that went missing is warned about (file, column) and what the warning says.

    In the period's ``avsluttede`` table when it has one, else in ``prosjekter``: never in a file that
    does not exist; and it says what to do, in the words of the period's own files."""
    workbook = T.WORKBOOK_NAME in portfolio.files
    left_file = _left_file(portfolio)
    if workbook:
        where, todo = (_("arket «avsluttede»"), _("Gikk det ut, før det opp i arket «avsluttede» med veien videre; "
                                                  "ellers lever det i arket «prosjekter»"))
    elif left_file:
        where, todo = ("avsluttede.csv", _("Gikk det ut, legg det i avsluttede.csv med veien videre; "
                                           "ellers lever det i prosjekter.csv"))
    else:
        where, todo = (None, _("Gikk det ut, lag avsluttede.csv med ID-en og veien videre; "
                               "ellers lever det i prosjekter.csv"))
    said = (_("prosjektet var med i {when}, men mangler nå og står ikke i {where}") if left_file
            else _("prosjektet var med i {when}, men mangler nå")).format(when=when, where=where)
    expected = _("{said}: gikk det ut, eller er det ikke rapportert? {todo}").format(said=said, todo=todo)
    if left_file:
        return left_file, "id", expected
    return (f"{T.WORKBOOK_NAME}:prosjekter" if workbook else "prosjekter.csv"), None, expected


def change_warnings(current: Portfolio, previous: Mapping[int, str | None], *,
                    previous_period: str = "") -> list[Problem]:
    """Warnings that need the previous period: projects that left unexplained, ``avsluttede`` rows that name no leaver.

    Kept apart from the period's own checks, so a period's validation (and everything cached on it)
    depends on its own files only; whoever compares with the previous period declares it.

    A project that left without an ``avsluttede`` row is named (id and its name in the previous
    period). The warning is placed in the period's ``avsluttede`` table when it has one, else in
    ``prosjekter`` (never in a file that does not exist), and says what to do.

    Parameters
    ----------
    current : Portfolio
    previous : mapping of int to str
        The previous period's projects: id -> name (``None`` when the name is unknown).
    previous_period : str, optional
        ``YYYY-MM`` of the previous period, to say which period the project was in.

    Returns
    -------
    list of Problem
        Warnings, in file and row order.
    """
    out: list[Problem] = []
    ids = current.ids
    left_ids = set()
    left_file = _left_file(current)
    for lid, row in zip(current.left["id"], current.left.get("source_row", [None] * len(current.left))):
        if pd.isna(lid):
            continue
        left_ids.add(int(lid))
        if int(lid) not in ids and int(lid) not in previous:
            out.append(Problem(left_file, None if pd.isna(row) else int(row), "id", int(lid),
                               _("prosjektet var ikke i forrige periode; forventet en ID som har gått ut"), WARNING))
    # Not delivered this time (ikke_levert.csv) is not "left": those are listed apart, not warned about.
    gone = sorted(set(previous) - ids - left_ids - current.not_delivered_ids)
    if gone:
        when = _("forrige periode ({period})").format(period=previous_period) if previous_period else _("forrige periode")
        file, column, expected = _gone_explained(current, when)
        out += [Problem(file, None, column, None, expected, WARNING, project_id=int(pid),
                        project_name=_name(previous[pid])) for pid in gone]
    return out


def _previous_projects(params: PeriodParameters | None) -> tuple[str, dict[int, str | None]] | None:
    """The previous period and its projects, id -> name (read lightly; ``None`` when the period has none).

    Raises
    ------
    ConfigError
        If the previous period named in the parameters is not configured (a broken chain is said,
        not silently compared with nothing).
    """
    if params is None or not params.previous_period:
        return None
    root = params.source.parent.parent if params.source else None
    prev = load_chain(params.period, root)[-2]
    raw = read_folder(prev.data_dir)
    table = raw.tables.get("prosjekter")
    if table is None or "id" not in table.frame.columns:
        return None
    names = table.frame["navn"] if "navn" in table.frame.columns else [None] * len(table.frame)
    out: dict[int, str | None] = {}
    for v, name in zip(table.frame["id"], names):
        try:
            iv = parse_int(str(v))
        except _ParseError:
            continue
        if iv is not None:
            out[iv] = _name(name)
    return prev.period, out


def _shown(path: Path) -> str:
    """A reference file as the user can find it: relative to the project root when possible."""
    for base in (paths().root, Path(__file__).resolve().parents[1]):
        try:
            return str(path.resolve().relative_to(base))
        except ValueError:
            continue
    return str(path)


def _other_version_hint(version: T.TemplateVersion, table: str, raw: RawTable,
                        parameters: PeriodParameters | None) -> str:
    """When a required column is missing and the header fits another template version: say so."""
    if all(c.name in raw.frame.columns for c in version.tables[table] if c.required):
        return ""
    where = str(parameters.source) if parameters is not None and parameters.source else _("periodens parameterfil")
    for other in T.VERSIONS.values():
        if other is not version and all(c.name in raw.frame.columns for c in other.tables[table] if c.required):
            return _(". Overskriften passer med mal {other}, men perioden bruker mal {version}; sett template: "
                     "\"{name}\" i {where} hvis det er riktig").format(other=repr(other.name), version=repr(version.name),
                                                                    name=other.name, where=where)
    return ""


@dataclass
class ValidationResult:
    """Outcome of validating one folder: the portfolio (when there are no errors) and every problem."""

    portfolio: Portfolio | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def validate_folder(folder: Path, *, period: str, reference: Reference | None = None,
                    parameters: PeriodParameters | None = None,
                    previous: tuple[str, Mapping[int, str | None]] | None = None,
                    raw: RawPeriod | None = None) -> ValidationResult:
    """Read, type and check the submission files in ``folder``.

    Parameters
    ----------
    folder : Path
        The period's data folder.
    period : str
        ``YYYY-MM`` (used to name the portfolio).
    reference : Reference, optional
        Defaults to the reference named by ``parameters`` (or the shipped one).
    previous : (str, mapping of int to str), optional
        The previous period and its projects (id -> name), to warn about projects that left without an
        ``avsluttede`` row (:func:`change_warnings`; listed in the result, not in the portfolio's own warnings).
    raw : RawPeriod, optional
        Tables already read (``ehp collect`` reads them from many submissions); then ``folder`` is not read,
        nor its ``ikke_levert.csv``.

    Returns
    -------
    ValidationResult
        ``portfolio`` is ``None`` when there is at least one error.
    """
    from .text.currency import use_currency

    with use_currency(parameters.currency if parameters else None):  # the messages name the period's currency
        return _validate_folder(folder, period=period, reference=reference, parameters=parameters,
                                previous=previous, raw=raw)


def _validate_folder(folder: Path, *, period: str, reference: Reference | None,
                     parameters: PeriodParameters | None, previous: tuple[str, Mapping[int, str | None]] | None,
                     raw: RawPeriod | None) -> ValidationResult:
    if reference is None:
        reference = load_reference(parameters.strategy, parameters.strategy_file, parameters.organisations_file,
                                   early_warnings_file=parameters.early_warnings_file) \
            if parameters else load_reference()
    version = T.template_version(parameters.template if parameters else None)
    check_template_strategy(version, reference.strategy, parameters)
    strategy_hint = str(parameters.strategy_file) if parameters and parameters.strategy_file else \
        _("{file} (eller en egen fil oppgitt som strategy_file i parameterfilen)").format(
            file=_shown(reference.strategy.source))
    org_hint = str(parameters.organisations_file) if parameters and parameters.organisations_file else \
        _("{file} (eller en egen fil oppgitt som organisations_file i parameterfilen)").format(
            file=_shown(reference.organisations.source))
    from_disk = raw is None
    raw = read_folder(folder) if raw is None else raw
    problems = list(raw.problems)
    problems += formula_cells(raw.tables.values())
    typed: dict[str, tuple[RawTable, pd.DataFrame]] = {}
    for name, columns in version.tables.items():
        table = raw.tables.get(name)
        if table is None:
            continue
        if name in T.REQUIRED_TABLES and table.frame.empty:
            problems.append(Problem(table.file, None, None, None,
                                    _("filen har bare overskriftsraden; forventet én rad per prosjekt")))
        before = len([p for p in problems if p.is_error])
        parsed = _parse_table(table, columns, reference, problems, strategy_hint, org_hint,
                              _other_version_hint(version, name, table, parameters))
        if any(c.required and c.name not in table.frame.columns for c in columns):
            continue
        frame = _apply_rules(table, columns, parsed, problems)
        typed[name] = (table, frame)
        del before
    _cross_checks(typed, problems)
    not_delivered = None
    if from_disk and "prosjekter" in typed:
        not_delivered = read_roster(folder, problems, delivered=_names(typed["prosjekter"][1]))
        if not_delivered is not None:
            raw.files[ROSTER_FILE] = sha256(Path(folder) / ROSTER_FILE)
    problems.sort(key=lambda p: (p.severity != ERROR, p.file, p.row or 0))
    if any(p.is_error for p in problems) or "prosjekter" not in typed:
        return ValidationResult(None, problems)

    def english(name: str) -> pd.DataFrame | None:
        if name not in typed:
            return None
        frame = typed[name][1].copy()
        frame["source_row"] = frame.index.astype("int64")
        return frame.reset_index(drop=True)

    portfolio = build_portfolio(
        period, english("prosjekter"), english("avhengigheter"), english("avsluttede"),
        reference=reference, texts=raw.texts, parameters=parameters,
        warnings=tuple(p for p in problems if not p.is_error), files=raw.files, template=version.name,
        not_delivered=not_delivered,
    )
    if previous is not None:
        previous_period, previous_projects = previous
        problems.extend(change_warnings(portfolio, previous_projects, previous_period=previous_period))
    return ValidationResult(portfolio, problems)


def resolve_target(target: str, root: Path | None = None) -> tuple[str, Path, PeriodParameters | None]:
    """Turn ``ehp validate``'s argument (a period or a folder) into (period, folder, parameters).

    Raises
    ------
    PeriodNameError
        If ``target`` is neither ``YYYY-MM`` nor an existing folder.
    """
    if PERIOD_RE.match(target):
        params = load_parameters(target, root)
        return target, params.data_dir, params
    folder = Path(target)
    if folder.is_dir():
        name = folder.resolve().name
        if PERIOD_RE.match(name):
            try:
                params = load_parameters(name, root)
                if params.data_dir.resolve() == folder.resolve():
                    return name, folder, params
            except ConfigError:  # a malformed parameters file is said, not skipped
                raise
            except UsageError:  # a folder named like a period that is not configured: validated as a folder
                pass
        return (name if PERIOD_RE.match(name) else "0000-01"), folder, None
    if folder.exists():
        raise UsageError(_("{target} er en fil, ikke en mappe: gi mappen som holder prosjekter.csv eller "
                           "innrapportering.xlsx (her {folder}).").format(target=target, folder=folder.parent))
    if _looks_like_path(target):
        raise UsageError(_("Mappen {target} finnes ikke; forventet en mappe med prosjekter.csv eller "
                           "innrapportering.xlsx.").format(target=target))
    if not re.fullmatch(r"[0-9 ._-]+", target):
        raise UsageError(_("Fant ingen mappe {target}, og {target} er ingen periode ({help}).").format(
            target=target, help=_(PERIOD_HELP)))
    check_period(target)  # a period name that is not one: says what a period looks like
    raise PeriodNameError(target)


def _looks_like_path(target: str) -> bool:
    """Whether ``ehp validate``'s argument was meant as a path (a separator in it, or ``~``/``.`` first)."""
    return any(sep in target for sep in ("/", "\\", os.sep)) or target.startswith(("~", "."))


def validate_target(target: str, root: Path | None = None, *, compare: bool = True) -> ValidationResult:
    """Validate a configured period (``2020-01``) or a folder of submission files.

    With ``compare`` (what ``ehp validate`` shows), the warnings against the previous period are
    listed too; the portfolio's own warnings never include them.
    """
    period, folder, params = resolve_target(target, root)
    previous = _previous_projects(params) if compare else None
    return validate_folder(folder, period=period, parameters=params, previous=previous)


def load_period(period: str, root: Path | None = None) -> Portfolio:
    """Load and validate a configured period: the one entry point later code uses.

    Raises
    ------
    PeriodNameError, UsageError
        For a bad or unknown period name.
    DataValidationError
        With every problem, when the submission has errors.
    """
    result = validate_target(period, root, compare=False)
    if result.portfolio is None:
        raise DataValidationError(result.errors, period=period)
    return result.portfolio


__all__ = ["change_warnings", "load_period", "validate_folder", "validate_target", "ValidationResult", "paths"]
