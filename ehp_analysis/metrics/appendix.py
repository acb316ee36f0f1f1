"""Vedlegg 1: every project of the period, sorted by focus area then id."""

from __future__ import annotations

import pandas as pd

from ..portfolio import Portfolio
from ._common import amounts, focus_sort_key

COLUMNS = ["focus_area", "focus_area_name", "id", "name", "organisation", "owner", "status", "risk", "budget",
           "total_cost"]


def project_table(portfolio: Portfolio) -> pd.DataFrame:
    """The appendix table.

    Returns
    -------
    DataFrame
        ``focus_area, focus_area_name, id, name, organisation, owner, status, risk, budget, total_cost``;
        the amounts are the reported numbers (``<NA>`` when not reported or withheld; formatting is
        :mod:`ehp_analysis.text`'s job). Total cost is there because an office that collects no annual
        budget still needs one amount per project. When any project gives ``del_av_program``, a column
        ``programme`` follows ``name``: the programme's id and name (``"5 Nasjonalt program for
        velferdsteknologi"``), empty for a project that is part of none (blank is not "not reported").
    """
    p = portfolio.projects
    out = p[["focus_area", "id", "name", "organisation", "owner", "status", "risk"]].copy()
    out["focus_area_name"] = out["focus_area"].map(portfolio.reference.strategy.focus_areas).astype("string")
    out["budget"] = amounts(p, "budget")
    out["total_cost"] = amounts(p, "total_cost")
    out["_key"] = out["focus_area"].map(focus_sort_key)
    columns = list(COLUMNS)
    membership = programme_of(portfolio)
    if membership.notna().any():
        out["programme"] = membership.fillna("").astype("string")
        columns.insert(columns.index("name") + 1, "programme")
    out = out.sort_values(["_key", "id"], kind="stable").drop(columns="_key")
    return out[columns].reset_index(drop=True)


def programme_of(portfolio: Portfolio) -> pd.Series:
    """Per project (index as ``portfolio.projects``): ``"<id> <name>"`` of the programme it is part of.

    ``<NA>`` where ``del_av_program`` is blank or does not name a programme of the period (validation
    warns about those; the membership is then not shown).
    """
    p = portfolio.projects
    if "programme_id" not in p.columns:
        return pd.Series(pd.NA, index=p.index, dtype="string")
    programmes = {int(i): f"{int(i)} {n}" for i, n, t in zip(p["id"], p["name"], p["type"]) if t == "program"}
    return pd.Series([programmes.get(int(m)) if pd.notna(m) and int(m) != int(i) else None
                      for i, m in zip(p["id"], p["programme_id"])], index=p.index, dtype="string")
