"""Vedlegg 2, Datakvalitet: what was not reported, per field and organisation, and the validation warnings.

Only the fields the period's template version collects are counted: a field it does not collect (``innsatsomrade``
in a 2023 period, ``strategimal`` in a 2020 one) is not collected, which is not the same as not reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .. import template as T
from ..portfolio import Portfolio
from ..problems import FIELDS, Problem, group_problems
from ._common import ELEVATED, withheld

WARNING_COLUMNS = ["file", "row", "column", "project_id", "project_name", "value", "expected"]
GROUP_COLUMNS = ["file", "column", "expected", "count", "rows", "examples"]
# Asked of red or new projects only: counting them per organisation is noise.
FREE_TEXT = ("statuskommentar", "risikokommentar", "beskrivelse")


def _missing(projects: pd.DataFrame, column: T.Column) -> pd.Series:
    """Which projects did not answer ``column`` (withheld counts as not reported)."""
    f = column.field
    if column.kind == "list":
        # reasons are asked for yellow/red status only
        empty = projects[f].map(lambda v: len(v) == 0)
        return empty & projects["status"].isin(ELEVATED)
    if f == "programme_id" or column.kind == "goals":
        # blank means "not part of a programme" / "supports no other goal": an answer, never a gap
        return pd.Series(False, index=projects.index)
    if f == "benefits":
        # empty is an answer here ("none quantified"); a dash ("not answered") or a withheld value is missing
        not_answered = (projects["benefits_not_answered"].fillna(False).astype(bool)
                        if "benefits_not_answered" in projects.columns else False)
        return withheld(projects, f) | not_answered
    values = projects[f]
    missing = values.isna()
    if values.dtype == "string":
        missing = missing | (values.fillna("").str.strip() == "")
    return missing | withheld(projects, f)


def collected_columns(portfolio: Portfolio) -> tuple[T.Column, ...]:
    """The ``prosjekter`` columns of the period's template version, in its order (the fields it collects)."""
    return T.template_version(portfolio.template).project_columns


def completeness(portfolio: Portfolio) -> pd.DataFrame:
    """Not-reported counts of every template field the period collects, per organisation.

    Returns
    -------
    DataFrame
        Tidy: ``organisation, column`` (the template's Norwegian column name), ``n_projects``,
        ``n_not_reported`` (includes withheld and unanswered ja/nei), ``n_withheld``; one row per organisation
        and template column the period's template version collects (:func:`collected_columns`), organisations
        sorted by name.
    """
    p = portfolio.projects
    columns = collected_columns(portfolio)
    rows = []
    for org, group in p.groupby(p["organisation"].astype("object"), sort=True):
        for column in columns:
            n_withheld = int(withheld(group, column.field).sum()) if column.kind == "amount" else 0
            rows.append({"organisation": org, "column": column.name, "n_projects": len(group),
                         "n_not_reported": int(_missing(group, column).sum()), "n_withheld": n_withheld})
    return pd.DataFrame(rows, columns=["organisation", "column", "n_projects", "n_not_reported", "n_withheld"])


def completeness_by_field(portfolio: Portfolio) -> pd.DataFrame:
    """Not-reported counts per template column over all organisations: ``column, n_projects, n_not_reported,
    n_withheld, not_reported_share``, in template order (the fields the period's template collects)."""
    tidy = completeness(portfolio)
    order = [c.name for c in collected_columns(portfolio)]
    g = tidy.groupby("column", sort=False)[["n_projects", "n_not_reported", "n_withheld"]].sum()
    g = g.reindex(order, fill_value=0).reset_index()
    g["not_reported_share"] = pd.array(
        [r / n if n else None for r, n in zip(g["n_not_reported"], g["n_projects"])], dtype="Float64")
    return g


def unreported_fields(portfolio: Portfolio) -> list[str]:
    """Template columns (free text aside) that no project reported, in template order.

    Said once in Vedlegg 2 rather than repeated in every organisation's row.
    """
    by_field = completeness_by_field(portfolio)
    every = by_field[(by_field["n_projects"] > 0) & (by_field["n_not_reported"] == by_field["n_projects"])]
    return [c for c in every["column"] if c not in FREE_TEXT]


def completeness_by_organisation(portfolio: Portfolio) -> pd.DataFrame:
    """What each organisation did not report, one row per organisation.

    Free-text comments (asked of red or new projects only) and the fields nobody reported
    (:func:`unreported_fields`) are left out: they would repeat in every row.

    Returns
    -------
    DataFrame
        ``organisation, n_projects, n_not_reported, missing``, organisations sorted by name;
        ``n_not_reported`` sums the values not reported over the fields counted, and ``missing`` is a
        tuple of ``(column, n_not_reported)`` for those fields with a gap, in template order.
    """
    tidy = completeness(portfolio)
    skip = set(FREE_TEXT) | set(unreported_fields(portfolio))
    tidy = tidy[~tidy["column"].isin(skip)]
    rows = []
    for org, group in tidy.groupby("organisation", sort=True):
        gaps = group[group["n_not_reported"] > 0]
        rows.append({"organisation": org, "n_projects": int(group["n_projects"].iloc[0]),
                     "n_not_reported": int(gaps["n_not_reported"].sum()),
                     "missing": tuple(zip(gaps["column"], gaps["n_not_reported"].astype(int).tolist()))})
    return pd.DataFrame(rows, columns=["organisation", "n_projects", "n_not_reported", "missing"])


def _problems(warnings: Portfolio | Iterable[Problem]) -> list[Problem]:
    return list(warnings.warnings if isinstance(warnings, Portfolio) else warnings)


def problems_table(problems: Iterable[Problem], *, columns: Sequence[str] = FIELDS) -> pd.DataFrame:
    """Problems as a table, one per row, in the order given: ``columns`` of :data:`ehp_analysis.problems.FIELDS`.

    Row and project id are nullable integers, the value its text as written.
    """
    rows = [{k: v for k, v in p.as_dict().items() if k in columns} for p in problems]
    out = pd.DataFrame(rows, columns=list(columns))
    for col in ("row", "project_id"):
        if col in out.columns:
            out[col] = pd.array(out[col].tolist(), dtype="Int64")
    return out


def warnings_table(warnings: Portfolio | Iterable[Problem]) -> pd.DataFrame:
    """Every validation warning, one per row: ``file, row, column, project_id, project_name, value, expected``.

    Parameters
    ----------
    warnings : Portfolio or iterable of Problem
        A portfolio (its own warnings) or the warnings themselves (a chapter's ``ch.warnings()``,
        which adds those against the previous period).
    """
    return problems_table(_problems(warnings), columns=WARNING_COLUMNS)


def warning_groups(warnings: Portfolio | Iterable[Problem]) -> pd.DataFrame:
    """The warnings grouped by file, column and kind of problem (:func:`ehp_analysis.problems.group_problems`).

    Returns
    -------
    DataFrame
        ``file, column, expected, count, rows, examples``: one row per group, in the order its first
        warning comes; ``rows`` the rows as ranges (``linje 2–5, 8``, at most ten ranges) and
        ``examples`` at most five example values, or the projects when there are no values.
    """
    groups = group_problems(_problems(warnings))
    rows = [{"file": g.file, "column": g.column, "expected": g.expected, "count": len(g.problems),
             "rows": g.rows_text() or None, "examples": g.examples_text() or None} for g in groups]
    out = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    out["count"] = out["count"].astype("int64")
    return out
