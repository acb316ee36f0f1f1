"""``ehp collect NEW INBOX [--partial]``: from the owners' submissions to the period's files (collection.md).

Reads every submission of the inbox, checks each and all together (:mod:`.checks`), writes one feedback page
per submission, and, when no submission has an error, the merged ``prosjekter.csv``, ``avhengigheter.csv``
(and ``avsluttede.csv``), the roster ``ikke_levert.csv`` and the record ``innsamling.csv``: written aside with
the feedback folder, then swapped in together under a journal (:mod:`.journal`), so that record, data and
feedback always agree, a failed run leaves the earlier merged files byte for byte as they were, and a kill at
any moment leaves the old state or the new one. With ``--partial`` the submissions without errors are merged and the others left
out (their projects go to the roster). A run that merges nothing records itself as ``innsamling-forsok.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import template as T
from ..config import check_period, load_parameters, paths
from ..exceptions import BuildError, UsageError
from ..problems import WARNING, Problem, row_ranges
from ..reference import load_reference
from ..roster import FILE_NAME as ROSTER_FILE, write_roster
from ..words import N_, _
from . import columns as C
from .checks import Checked, check, missing_organisations, organisations_of, roster
from .feedback import feedback_page
from .hostile import load_limits
from .inbox import Ignored, Submission, read_submission, scan
from .journal import NEW, commit, locked, new_staging, recover
from ..words import use_malform
from .workbook import FORM_SUFFIXES, safe_file_name

RECORD = "innsamling.csv"
ATTEMPT = "innsamling-forsok.csv"
FEEDBACK_DIR = "tilbakemelding"
RECORD_COLUMNS = ("fil", "sha256", "virksomhet", "prosjekter", "avhengigheter", "avsluttede", "feil", "advarsler",
                  "tatt_med")


@dataclass
class SubmissionResult:
    """One submission's outcome: whose it is, what was read, how many problems, whether it is merged."""

    name: str
    sha256: str
    organisations: tuple[str, ...]
    rows: dict[str, int]
    errors: int
    warnings: int
    merged: bool
    feedback: Path | None = None


@dataclass
class CollectionResult:
    """What ``ehp collect`` did (see :func:`collect`)."""

    period: str
    partial: bool
    submissions: list[SubmissionResult]
    ignored: list[Ignored]
    problems: dict[str, list[Problem]]
    general: list[Problem]
    roster: list[dict]
    missing_organisations: list[str]
    left_out: list[str]
    merged: bool
    written: list[Path] = field(default_factory=list)
    record: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when the merged period (or with ``--partial`` the draft) is written, else 1."""
        return 0 if self.merged else 1

    @property
    def n_errors(self) -> int:
        return sum(s.errors for s in self.submissions) + sum(p.is_error for p in self.general)


def _merge_set(subs: list[Submission], first: Checked, partial: bool, run) -> tuple[list[Submission], Checked]:
    """The submissions to merge and the check that holds for them: all or nothing, or (``partial``) the clean
    ones, checked again together until none of them has an error (an error can come from leaving one out)."""
    if any(p.is_error for p in first.general):
        return [], first
    clean = [s for s in subs if s.readable and s.tables and not first.errors(s.name)]
    if not partial:
        return (clean, first) if len(clean) == len(subs) else ([], first)
    checked = first
    while clean:
        checked = run(clean) if len(clean) < len(subs) else first
        if any(p.is_error for p in checked.general):
            return [], first
        bad = [s for s in clean if checked.errors(s.name)]
        if not bad:
            return clean, checked
        clean = [s for s in clean if s not in bad]
    return [], first


def _left_out_note(sub: Submission) -> Problem:
    """What ``--partial`` did with a submission that has errors: none of its rows is in the period."""
    parts = [f"{table} {_('rad') if sub.is_workbook else _('linje')} {row_ranges(raw.frame.index)}"
             for table, raw in sub.tables.items() if len(raw.frame)]
    rows = f": {'; '.join(parts)}" if parts else ""
    return Problem(sub.name, None, None, None,
                   _("innleveringen har feil og er holdt utenfor perioden (--partial); ingen av radene er tatt "
                     "med{rows}").format(rows=rows), WARNING)


#: Why a project was not delivered (a roster's reason code), as the collection's warning says it.
_WHY_NOT_DELIVERED = {"no_submission": N_("virksomheten har ikke levert noe"),
                      "left_out": N_("innleveringen er holdt utenfor"),
                      "missing": N_("det mangler i virksomhetens innlevering")}


def _not_delivered_warning(row: dict) -> Problem:
    """A project nobody delivered, as a warning of the collection (it goes to ``ikke_levert.csv``)."""
    why = _(_WHY_NOT_DELIVERED[row["reason"]])
    return Problem(ROSTER_FILE, None, None, None,
                   _("ikke levert fra {organisation} ({why}); regnes ikke som avsluttet og er ikke med i "
                     "budsjettbroen").format(organisation=row["organisation"], why=why),
                   WARNING, project_id=row["id"], project_name=row["name"])


def _merged_tables(subs: list[Submission], tables: dict[str, tuple[T.Column, ...]]) -> dict[str, tuple[list, list]]:
    """Each table's header and rows over ``subs`` (in inbox order, rows as read): the template's columns that
    any submission has, in the template's order. Other columns are not merged (:func:`.checks.own_problems`
    warns about them): what the office did not ask for is not passed on."""
    out = {}
    for table, columns in tables.items():
        raws = [s.tables[table] for s in subs if table in s.tables]
        if not raws:
            continue
        present = {c for raw in raws for c in raw.frame.columns}
        header = [c.name for c in columns if c.name in present]
        rows = []
        for raw in raws:
            frame = raw.frame.reindex(columns=header, fill_value="")
            rows += [[str(v).strip() for v in values] for values in frame.itertuples(index=False, name=None)]
        out[table] = (header, rows)
    return out


def _write_table(path: Path, header: list, rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _write_record(path: Path, results: list[SubmissionResult]) -> None:
    import pandas as pd

    from ..render.spreadsheet import write_csv

    frame = pd.DataFrame([{
        "fil": r.name, "sha256": r.sha256, "virksomhet": " | ".join(r.organisations),
        "prosjekter": r.rows.get("prosjekter", 0), "avhengigheter": r.rows.get("avhengigheter", 0),
        "avsluttede": r.rows.get("avsluttede", 0), "feil": r.errors, "advarsler": r.warnings,
        "tatt_med": "ja" if r.merged else "nei"} for r in results], columns=list(RECORD_COLUMNS))
    write_csv(frame, path)


def collect(period: str, inbox: str | Path, *, partial: bool = False, root: Path | None = None) -> CollectionResult:
    """Collect a period's submissions from ``inbox`` (see the module docstring and collection.md).

    Parameters
    ----------
    period : str
        The new period, configured (``ehp new-period``).
    inbox : str or Path
        The folder of returned submissions; nothing in it is changed.
    partial : bool
        Merge the submissions without errors and leave the others out (a draft).
    root : Path, optional
        Project root.

    Returns
    -------
    CollectionResult
        ``exit_code`` 0 when the merged period is written, 1 when nothing was merged.

    Raises
    ------
    UsageError
        For a bad or unknown period, an inbox that is not a folder, or a period folder holding
        ``innrapportering.xlsx`` (which the merged CSV files would contradict).
    DataValidationError
        If the previous period does not validate.
    """
    from ..text.currency import use_currency

    check_period(period)
    p = paths(root)
    params = load_parameters(period, p.root)
    with use_currency(params.currency):  # the messages and feedback pages word amounts in the period's currency
        return _collect(period, Path(inbox), partial, p, params)


def _collect(period: str, inbox: Path, partial: bool, p, params) -> CollectionResult:
    from ..validate import load_period

    if not inbox.is_dir():
        raise UsageError(_("Innboksen {inbox} finnes ikke eller er ikke en mappe; forventet en mappe med "
                           "innleveringene (.xlsx eller mapper med prosjekter.csv).").format(inbox=inbox))
    data_dir = params.data_dir
    if data_dir.exists() and inbox.resolve() == data_dir.resolve():
        raise UsageError(_("Innboksen kan ikke være periodens egen mappe ({folder}); legg innleveringene i en "
                           "egen mappe.").format(folder=data_dir))
    if (data_dir / T.WORKBOOK_NAME).exists():
        raise UsageError(_("{file} finnes; perioden har allerede én arbeidsbok for alle. Flytt den bort før "
                           "«ehp collect» skriver de sammenslåtte filene.").format(file=data_dir / T.WORKBOOK_NAME))
    reference = load_reference(params.strategy, params.strategy_file, params.organisations_file)
    previous = load_period(params.previous_period, p.root) if params.previous_period else None
    tables = C.tables_for(params)
    limits = load_limits(params.collection_limits_file)
    from openpyxl import DEFUSEDXML

    if not DEFUSEDXML:  # openpyxl parses with defusedxml only when it is installed and not switched off
        raise UsageError(_("defusedxml mangler eller er slått av (OPENPYXL_DEFUSEDXML=False); uten den leses ikke "
                           "arbeidsbøker fra andre. Installer pakken på nytt («make install»)."))
    subs, ignored = scan(inbox)
    for sub in subs:
        read_submission(sub, tables, limits)
    orgs = {s.name: organisations_of(s, reference) for s in subs}

    def run(some: list[Submission]) -> Checked:
        return check(some, period=period, params=params, reference=reference, tables=tables, previous=previous,
                     folder=inbox)

    first = run(subs)
    if not subs:
        first.general.append(Problem(str(inbox), None, None, None,
                                     _("innboksen har ingen innleveringer (.xlsx, eller mapper med prosjekter.csv)")))
    elif not any("prosjekter" in s.tables for s in subs) and not any(p.is_error for p in first.general):
        first.general.append(Problem(str(inbox), None, None, None,
                                     _("ingen av innleveringene har prosjekter som kan leses")))
    chosen, final = _merge_set(subs, first, partial, run)
    merged = bool(chosen)
    left_out = [s for s in subs if s not in chosen] if merged else []
    problems = {s.name: (final if s in chosen else first).problems[s.name] for s in subs}
    for sub in left_out:
        problems[sub.name] = problems[sub.name] + [_left_out_note(sub)]
    not_delivered = roster(previous, chosen if merged else [s for s in subs if s.readable], left_out, orgs,
                           canonical=reference.organisations.canonical)

    general = list(first.general) + [_not_delivered_warning(r) for r in not_delivered]
    missing = {r["id"] for r in not_delivered}
    for name, items in problems.items():  # a dependency on a project nobody delivered: say that, not "wrong id?"
        problems[name] = [replace(x, expected=_("prosjektet ID-en viser til, er ikke levert denne perioden (det står "
                                                "i {file})").format(file=ROSTER_FILE))
                          if x.column == "avhenger_av_id" and not x.is_error and x.value in missing else x
                          for x in items]
    results = [SubmissionResult(s.name, s.sha256, orgs[s.name], {t: s.rows_read(t) for t in tables if t in s.tables},
                                sum(x.is_error for x in problems[s.name]), sum(not x.is_error for x in problems[s.name]),
                                s in chosen) for s in subs]
    data_dir.mkdir(parents=True, exist_ok=True)
    result = CollectionResult(period, partial, results, ignored, problems, general, not_delivered,
                              missing_organisations(previous, subs, orgs), [s.name for s in left_out], merged)
    with locked(data_dir):
        recover(data_dir, clean=True)  # an interrupted run's swap completed, its leftovers removed
        staging = new_staging(data_dir)
        new = staging / NEW
        _write_feedback(result, subs, new / FEEDBACK_DIR, data_dir / FEEDBACK_DIR, period)
        if not merged:
            _write_record(new / ATTEMPT, results)
            _commit(data_dir, staging, [ATTEMPT, FEEDBACK_DIR], [])
            result.record = data_dir / ATTEMPT
            return result
        names = []
        for table, (header, rows) in _merged_tables(chosen, tables).items():
            _write_table(new / f"{table}.csv", header, rows)
            names.append(f"{table}.csv")
        if "avhengigheter.csv" not in names and "avhengigheter" in tables:
            _write_table(new / "avhengigheter.csv", [c.name for c in tables["avhengigheter"]], [])
            names.append("avhengigheter.csv")
        write_roster(new / ROSTER_FILE, not_delivered)
        _write_record(new / RECORD, results)
        names += [ROSTER_FILE, RECORD]
        stale = [f"{t}.csv" for t in tables if f"{t}.csv" not in names] + [ATTEMPT]
        _commit(data_dir, staging, names + [FEEDBACK_DIR], stale)
        result.written = [data_dir / n for n in names]
        result.record = data_dir / RECORD
    return result


def _commit(data_dir: Path, staging: Path, install: list[str], remove: list[str]) -> None:
    """The swap (:func:`.journal.commit`): merged files, roster, record and feedback change together."""
    try:
        commit(data_dir, staging, install, remove)
    except OSError as exc:
        raise BuildError(_("Kunne ikke flytte de nye filene på plass i {folder} ({error}). Neste «ehp collect», "
                           "«ehp validate» eller «ehp build» fullfører byttet; er en av filene åpen i et annet "
                           "program?").format(folder=data_dir, error=exc)) from exc


def _write_feedback(result: CollectionResult, subs: list[Submission], folder: Path, final: Path,
                    period: str) -> None:
    """One page per submission into ``folder`` (staged; it replaces ``final`` as a whole in the swap)."""
    folder.mkdir()
    taken: set[str] = set()
    by_name = {r.name: r for r in result.submissions}
    for sub in subs:
        r = by_name[sub.name]
        stem = sub.name.rstrip("/")
        stem = stem.rsplit(".", 1)[0] if sub.is_workbook and "." in stem else stem
        stem = stem.removesuffix(FORM_SUFFIXES["nynorsk"])  # a returned nynorsk form: the owner's pages as any
        name = safe_file_name(stem, taken)
        own = [x for x in result.roster if x["organisation"] in r.organisations and x["reason"] != "left_out"]
        for malform, suffix in FORM_SUFFIXES.items():  # the page in both written standards at once
            with use_malform(malform):
                (folder / f"{name}{suffix}.html").write_text(
                    feedback_page(file=sub.name, period=period, organisations=r.organisations, rows=r.rows,
                                  problems=result.problems[sub.name], merged=r.merged, not_delivered=own),
                    encoding="utf-8")
        r.feedback = final / f"{name}.html"


__all__ = ["collect", "CollectionResult", "SubmissionResult", "RECORD", "ATTEMPT", "FEEDBACK_DIR"]
