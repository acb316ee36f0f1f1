"""Vedlegg 2, Datakvalitet: what was not reported, per field and organisation, and the validation warnings."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .. import template as T
from ..portfolio import Portfolio
from ..problems import Problem
from ._common import ELEVATED, withheld

WARNING_COLUMNS = ["file", "row", "column", "value", "expected"]


def _missing(projects: pd.DataFrame, column: T.Column) -> pd.Series:
    """Which projects did not answer ``column`` (withheld counts as not reported)."""
    f = column.field
    if column.kind == "list":
        # reasons are asked for yellow/red status only
        empty = projects[f].map(lambda v: len(v) == 0)
        return empty & projects["status"].isin(ELEVATED)
    if f == "benefits":
        # empty is an answer here ("none quantified"); only a withheld value is missing
        return withheld(projects, f)
    values = projects[f]
    missing = values.isna()
    if values.dtype == "string":
        missing = missing | (values.fillna("").str.strip() == "")
    return missing | withheld(projects, f)


def completeness(portfolio: Portfolio) -> pd.DataFrame:
    """Not-reported counts of every template field per organisation.

    Returns
    -------
    DataFrame
        Tidy: ``organisation, column`` (the template's Norwegian column name), ``n_projects``,
        ``n_not_reported`` (includes withheld and unanswered ja/nei), ``n_withheld``; one row per organisation
        and template column, organisations sorted by name.
    """
    p = portfolio.projects
    rows = []
    for org, group in p.groupby(p["organisation"].astype("object"), sort=True):
        for column in T.PROJECT_COLUMNS:
            n_withheld = int(withheld(group, column.field).sum()) if column.field in T.AMOUNT_FIELDS else 0
            rows.append({"organisation": org, "column": column.name, "n_projects": len(group),
                         "n_not_reported": int(_missing(group, column).sum()), "n_withheld": n_withheld})
    return pd.DataFrame(rows, columns=["organisation", "column", "n_projects", "n_not_reported", "n_withheld"])


def completeness_by_field(portfolio: Portfolio) -> pd.DataFrame:
    """Not-reported counts per template column over all organisations: ``column, n_projects, n_not_reported,
    n_withheld, not_reported_share``, in template order."""
    tidy = completeness(portfolio)
    order = [c.name for c in T.PROJECT_COLUMNS]
    g = tidy.groupby("column", sort=False)[["n_projects", "n_not_reported", "n_withheld"]].sum()
    g = g.reindex(order, fill_value=0).reset_index()
    g["not_reported_share"] = pd.array(
        [r / n if n else None for r, n in zip(g["n_not_reported"], g["n_projects"])], dtype="Float64")
    return g


def completeness_matrix(portfolio: Portfolio) -> pd.DataFrame:
    """Organisations (rows) × template columns with any gap (columns): number not reported."""
    tidy = completeness(portfolio)
    wide = tidy.pivot(index="organisation", columns="column", values="n_not_reported")
    order = [c.name for c in T.PROJECT_COLUMNS if c.name in wide.columns and wide[c.name].sum() > 0]
    return wide[order]


def warnings_table(warnings: Portfolio | Iterable[Problem]) -> pd.DataFrame:
    """Validation warnings as a table: ``file, row, column, value, expected`` in the order given.

    Parameters
    ----------
    warnings : Portfolio or iterable of Problem
        A portfolio (its own warnings) or the warnings themselves (a chapter's ``ch.warnings()``,
        which adds those against the previous period).
    """
    problems = warnings.warnings if isinstance(warnings, Portfolio) else warnings
    rows = [{"file": w.file, "row": w.row, "column": w.column,
             "value": None if w.value is None else str(w.value), "expected": w.expected}
            for w in problems]
    out = pd.DataFrame(rows, columns=WARNING_COLUMNS)
    out["row"] = pd.array(out["row"].tolist(), dtype="Int64")
    return out
