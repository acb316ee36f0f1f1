"""Vedlegg 1: every project of the period, sorted by focus area (or main goal, for a strategy with goals) then id."""

from __future__ import annotations

import pandas as pd

from ..portfolio import Portfolio
from ..words import _
from ._common import amounts, focus_sort_key

COLUMNS = ["focus_area", "focus_area_name", "id", "name", "organisation", "owner", "status", "risk", "budget",
           "total_cost"]
# A period whose strategy has goals: the main goal (code and name) and the other goals it supports ("1, 4").
GOAL_COLUMNS = ["goal", "goal_name", "other_goals", *COLUMNS[2:]]


def project_table(portfolio: Portfolio) -> pd.DataFrame:
    """The appendix table.

    Returns
    -------
    DataFrame
        ``focus_area, focus_area_name, id, name, organisation, owner, status, risk, budget, total_cost``;
        the amounts are the reported numbers (``<NA>`` when not reported or withheld; formatting is
        :mod:`ehp_analysis.text`'s job). Total cost is there because an office that collects no annual
        budget still needs one amount per project. When any project gives ``del_av_program``, a column
        ``programme`` follows ``name``: the programme's id as text (``"5"``; its name is its own row of
        the same table, and the name would widen the page's widest table past the page), empty for a
        project that is part of none (blank is not "not reported", which the table shows as "–").

        For a period whose strategy has goals the first columns are ``goal, goal_name, other_goals`` (the main
        goal as text, its name, the other goals it supports as ``"1, 4"``, empty for none) and the rows are
        sorted by main goal then id.
    """
    p = portfolio.projects
    out = p[["id", "name", "organisation", "owner", "status", "risk"]].copy()
    strategy = portfolio.reference.strategy
    if strategy.has_goals:
        columns = list(GOAL_COLUMNS)
        out["goal"] = p["goal"].astype("Int64").astype("string")
        out["goal_name"] = out["goal"].map(strategy.goals).astype("string")
        out["other_goals"] = pd.array([", ".join(str(g) for g in sorted(o)) if isinstance(o, tuple) else ""
                                       for o in p["other_goals"]], dtype="string")
        out["_key"] = p["goal"].astype("Int64").fillna(0).astype(int)
    else:
        columns = list(COLUMNS)
        out["focus_area"] = p["focus_area"]
        out["focus_area_name"] = out["focus_area"].map(strategy.focus_areas).astype("string")
        out["_key"] = out["focus_area"].map(focus_sort_key)
    out["budget"] = amounts(p, "budget")
    out["total_cost"] = amounts(p, "total_cost")
    membership = programme_of(portfolio)
    if membership.notna().any():
        out["programme"] = [str(int(m)) if pd.notna(m) else "" for m in membership]
        out["programme"] = out["programme"].astype("string")
        columns.insert(columns.index("name") + 1, "programme")
    out = out.sort_values(["_key", "id"], kind="stable").drop(columns="_key")
    return out[columns].reset_index(drop=True)


def programme_of(portfolio: Portfolio) -> pd.Series:
    """Per project (index as ``portfolio.projects``): the id of the programme it is part of (``Int64``).

    ``<NA>`` where ``del_av_program`` is blank or does not name another project of the period whose type is
    ``program`` (validation warns about those; the membership is then not shown).
    """
    p = portfolio.projects
    if "programme_id" not in p.columns:
        return pd.Series(pd.NA, index=p.index, dtype="Int64")
    programmes = {int(i) for i, t in zip(p["id"], p["type"]) if t == "program"}
    return pd.Series([int(m) if pd.notna(m) and int(m) in programmes and int(m) != int(i) else None
                      for i, m in zip(p["id"], p["programme_id"])], index=p.index, dtype="Int64")


def membership_in_name(table: pd.DataFrame, portfolio: Portfolio) -> pd.DataFrame:
    """:func:`project_table` for the page: the programme is said after the project's name
    (``"179 … (del av 5 Nasjonalt program for velferdsteknologi)"``) instead of in a column of its own,
    which would push the page's widest table past the page. Unchanged when no project gives one."""
    if "programme" not in table.columns:
        return table
    names = dict(zip(portfolio.projects["id"].astype(int), portfolio.projects["name"].astype(str)))
    out = table.copy()
    out["name"] = [_("{name} (del av {programme} {programme_name})").format(
        name=n, programme=p, programme_name=names[int(p)]) if p else n for n, p in zip(out["name"], out["programme"])]
    return out.drop(columns="programme")
