"""``ikke_levert.csv``: the projects of the previous period that nobody delivered this time.

``ehp collect`` writes it together with the merged files (collection.md, "Roster"); a period reads it with
its submission, so that the build treats those ids as *not delivered*: never as projects that left, never in
the budget bridge, and the report's first page says that the period is incomplete (report.md, "Left and
joined"). Columns ``id``, ``navn``, ``ansvarlig_virksomhet`` (input-template.md), and ``grunn``: why the
project is missing (:data:`REASONS`; a file written by hand may leave it out).

Kept free of heavy imports: validation reads it for every period.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .load import read_csv_table
from .problems import WARNING, Problem
from .words import N_, _

FILE_NAME = "ikke_levert.csv"
COLUMNS = ("id", "navn", "ansvarlig_virksomhet", "grunn")
# Why a project is not delivered: the code (what the metrics and the text key on) -> the words in the file.
REASONS = {
    "no_submission": N_("ingen innlevering fra virksomheten"),
    "left_out": N_("innleveringen er holdt utenfor fordi den har feil"),
    "missing": N_("mangler i innleveringen"),
}
FRAME_COLUMNS = ("id", "name", "organisation", "reason")
_INT = re.compile(r"^\s*\+?(\d+)(\.0)?\s*$")


def empty_roster() -> pd.DataFrame:
    """A roster with no rows (the period is complete), typed like :func:`read_roster`'s."""
    return pd.DataFrame({"id": pd.Series(dtype="int64"), "name": pd.Series(dtype="string"),
                         "organisation": pd.Series(dtype="string"), "reason": pd.Series(dtype="string")})


def _reason_code(text: str) -> str | None:
    words = {v: k for k, v in REASONS.items()} | {_(v): k for k, v in REASONS.items()}
    key = text.strip()
    return key if key in REASONS else words.get(key)


def read_roster(folder: Path, problems: list[Problem], *, delivered: Iterable[int] = ()) -> pd.DataFrame | None:
    """Read ``folder/ikke_levert.csv``; ``None`` when the period has none.

    Parameters
    ----------
    folder : Path
        The period's data folder.
    problems : list of Problem
        Every problem found is appended: a missing ``id`` column, a bad id or a cell a spreadsheet would run
        (:func:`ehp_analysis.formulas.formula_cells`) is an error; an id that is also in ``prosjekter`` is a warning (it was delivered after all, and counts as delivered).
    delivered : iterable of int
        The ids of the period's projects.

    Returns
    -------
    DataFrame or None
        ``id`` (int64), ``name``, ``organisation`` and ``reason`` (a code of :data:`REASONS`, ``<NA>`` when the
        file does not say), one row per id, sorted by id.
    """
    path = Path(folder) / FILE_NAME
    if not path.is_file():
        return None
    raw = read_csv_table(path, "ikke_levert", problems)
    if raw is None:
        return None
    from .formulas import formula_cells

    problems += formula_cells([raw])  # merged from the owners' text too (names): nothing in it may run
    frame = raw.frame
    if "id" not in frame.columns:
        problems.append(Problem(FILE_NAME, raw.header_row, "id", None,
                                _("kolonnen mangler i overskriftsraden; påkrevde kolonner er id")))
        return None
    delivered = set(delivered)
    rows = {}
    for line, rec in frame.iterrows():
        text = str(rec["id"])
        m = _INT.match(text)
        if not m or int(m.group(1)) <= 0:
            problems.append(Problem(FILE_NAME, int(line), "id", text or None, _("forventet et heltall større enn 0")))
            continue
        pid = int(m.group(1))
        name = str(rec.get("navn", "") or "").strip() or None
        if pid in delivered:
            problems.append(Problem(FILE_NAME, int(line), "id", pid,
                                    _("prosjektet står som ikke levert, men er i prosjekter; det regnes som "
                                      "levert"),
                                    WARNING, project_id=pid, project_name=name))
            continue
        rows.setdefault(pid, {"id": pid, "name": name,
                              "organisation": str(rec.get("ansvarlig_virksomhet", "") or "").strip() or None,
                              "reason": _reason_code(str(rec.get("grunn", "") or ""))})
    out = empty_roster()
    if rows:
        out = pd.DataFrame([rows[k] for k in sorted(rows)], columns=list(FRAME_COLUMNS))
        out = out.astype({"id": "int64", "name": "string", "organisation": "string", "reason": "string"})
    return out


def write_roster(path: Path, rows: Iterable[Mapping]) -> Path:
    """Write the roster: one row per project (``id``, ``name``, ``organisation``, ``reason`` code), sorted by
    organisation then id, UTF-8 with ``,`` like the merged files. An empty roster is the header alone."""
    path = Path(path)
    ordered = sorted(rows, key=lambda r: (str(r.get("organisation") or ""), int(r["id"])))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in ordered:
            w.writerow([int(r["id"]), r.get("name") or "", r.get("organisation") or "",
                        _(REASONS[r["reason"]]) if r.get("reason") in REASONS else r.get("reason") or ""])
    return path


__all__ = ["FILE_NAME", "REASONS", "empty_roster", "read_roster", "write_roster"]
