"""Chapter 5, Prioritering: total cost against quantified benefits, and projects ranked by benefits per krone.

A project is plotted (and ranked) when it reported a total cost and quantified benefits above 0, neither
withheld (report.md: ``prioritisation.plotted_count``); a total cost of exactly 0 cannot stand on a log axis
nor divide, so it is left out too. Every other project of the period is left out, and counted: those that
reported no quantified benefits (empty or 0, or ``-``: not answered) are listed apart by total cost (a
withheld total cost shows as not reported); those with benefits but no total cost, and those whose benefits
are withheld or whose positive benefits come with a withheld total cost, are only counted (a withheld value
must not be inferable from which list a project stands in).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..portfolio import Portfolio
from ..reference.early_warnings import exact
from ._common import amounts, withheld

TOP_LABELLED = 10  # the largest by total cost are labelled by id in the figure
TOP_RATIO = 5      # prioritisation.ratio_top_ids


def _area_column(projects: pd.DataFrame) -> str:
    """The main goal when the period's template has one, else the focus area."""
    for column in ("goal", "main_goal", "strategic_goal", "strategimal"):
        if column in projects.columns and projects[column].notna().any():
            return column
    return "focus_area"


@dataclass(frozen=True)
class Prioritisation:
    """What the section shows.

    Attributes
    ----------
    ranked : DataFrame
        The plotted projects, best ``ratio`` (benefits / total cost) first, ties by lower id:
        ``rank, id, name, organisation, total_cost, benefits, ratio, status, risk, phase, area`` and
        ``labelled`` (among the :data:`TOP_LABELLED` largest by total cost).
    without_benefits : DataFrame
        Projects that reported no quantified benefits (``benefits_answer``: ``"ingen"`` for empty or 0,
        ``"ikke_besvart"`` for ``-``), by total cost, largest first, not reported last, then id:
        ``id, name, organisation, total_cost, benefits_answer, status, risk, phase, area``.
    n_projects : int
    n_no_total_cost : int
        Projects with quantified benefits that did not report a total cost (or reported 0); not withheld.
    n_withheld : int
        Projects left out because their benefits are withheld, or their total cost while they have benefits.
    area_column : str
        ``focus_area``, or the goal column when the period's strategy has goals.
    """

    ranked: pd.DataFrame
    without_benefits: pd.DataFrame
    n_projects: int
    n_no_total_cost: int
    n_withheld: int
    area_column: str

    @property
    def plotted_count(self) -> int:
        return len(self.ranked)

    @property
    def left_out_count(self) -> int:
        return self.n_projects - len(self.ranked)

    @property
    def n_not_answered(self) -> int:
        """Projects that did not answer whether they have quantified benefits (``-``)."""
        return int((self.without_benefits["benefits_answer"] == "ikke_besvart").sum())

    @property
    def without_benefits_shown(self) -> bool:
        """Is the table of projects without quantified benefits shown: not when it is empty, nor when every
        row in it is unanswered (nothing to show: :func:`ehp_analysis.text.prioritisation_intro` says so)."""
        return len(self.without_benefits) > self.n_not_answered

    @property
    def ratio_top_ids(self) -> list[int]:
        return [int(i) for i in self.ranked["id"].head(TOP_RATIO)]


def prioritisation(portfolio: Portfolio) -> Prioritisation:
    """Total cost against quantified benefits for ``portfolio`` (see the module docstring)."""
    p = portfolio.projects
    area = _area_column(p)
    cost, benefit = amounts(p, "total_cost"), amounts(p, "benefits")   # withheld masked as <NA>
    secret_cost, secret_benefits = withheld(p, "total_cost"), withheld(p, "benefits")
    not_answered = (p["benefits_not_answered"].fillna(False).astype(bool) if "benefits_not_answered" in p.columns
                    else pd.Series(False, index=p.index))
    positive = (benefit.fillna(0) > 0).astype(bool)
    has_cost = (cost.fillna(0) > 0).astype(bool)
    plotted = positive & has_cost
    none = ~positive & ~secret_benefits             # empty, 0 or not answered; its total cost may be withheld ("–")
    no_cost = positive & ~has_cost & ~secret_cost
    left_withheld = secret_benefits | (positive & secret_cost)
    base = pd.DataFrame({
        "id": p["id"].astype("int64"), "name": p["name"], "organisation": p["organisation"],
        "total_cost": cost, "benefits": benefit, "status": p["status"], "risk": p["risk"], "phase": p["phase"],
        "area": p[area].astype("string"),
    })
    ranked = base.loc[plotted].copy()
    # Ranked on the exact decimals written, so that 30/9,5 and 60/19 tie (and go by id) as they should.
    ranked["_exact"] = [exact(float(b)) / exact(float(c)) for b, c in zip(ranked["benefits"], ranked["total_cost"])]
    ranked["ratio"] = [float(r) for r in ranked["_exact"]]
    ranked = ranked.sort_values(["_exact", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    largest = set(ranked.sort_values(["total_cost", "id"], ascending=[False, True], kind="stable")["id"]
                  .head(TOP_LABELLED))
    ranked["labelled"] = ranked["id"].isin(largest)
    ranked = ranked[["rank", "id", "name", "organisation", "total_cost", "benefits", "ratio", "status", "risk",
                     "phase", "area", "labelled"]]
    apart = base.loc[none].copy()
    apart["benefits_answer"] = ["ikke_besvart" if n else "ingen" for n in not_answered[none]]
    apart["_missing"] = apart["total_cost"].isna()
    apart = apart.sort_values(["_missing", "total_cost", "id"], ascending=[True, False, True], kind="stable",
                              na_position="last")
    apart = apart[["id", "name", "organisation", "total_cost", "benefits_answer", "status", "risk", "phase",
                   "area"]].reset_index(drop=True)
    ranked.attrs.update(n_projects=len(p), left_out=len(p) - len(ranked))  # for the figure's alt text
    return Prioritisation(ranked=ranked, without_benefits=apart, n_projects=len(p),
                          n_no_total_cost=int(no_cost.sum()), n_withheld=int(left_withheld.sum()),
                          area_column=area)


__all__ = ["Prioritisation", "TOP_LABELLED", "TOP_RATIO", "prioritisation"]
