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
        budget still needs one amount per project.
    """
    p = portfolio.projects
    out = p[["focus_area", "id", "name", "organisation", "owner", "status", "risk"]].copy()
    out["focus_area_name"] = out["focus_area"].map(portfolio.reference.strategy.focus_areas).astype("string")
    out["budget"] = amounts(p, "budget")
    out["total_cost"] = amounts(p, "total_cost")
    out["_key"] = out["focus_area"].map(focus_sort_key)
    out = out.sort_values(["_key", "id"], kind="stable").drop(columns="_key")
    return out[COLUMNS].reset_index(drop=True)
