"""Chapter 2, Om nasjonal e-helseportefølje: who owns what, who joined and left, and the budget.

Left and joined are set differences of ids between the two periods; ``avsluttede`` only explains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..portfolio import Portfolio
from ..reference import OWNER_GROUPS
from ._common import Total, amounts, sorted_ids, total

BRIDGE_STEPS = ("previous_total", "left", "joined", "stopped_reporting", "started_reporting",
                "continuing_change", "total")


def projects_by_owner_group(current: Portfolio) -> pd.DataFrame:
    """Number of programmes and projects per owner group.

    Returns
    -------
    DataFrame
        Columns ``owner_group, program, prosjekt, total``; one row per owner group in
        :data:`~ehp_analysis.reference.OWNER_GROUPS` order, groups without projects kept with zeros.
    """
    p = current.projects
    counts = pd.crosstab(p["owner_group"].astype("object"), p["type"].astype("object")) if len(p) else None
    rows = []
    for group in OWNER_GROUPS:
        row = {"owner_group": group}
        for kind in ("program", "prosjekt"):
            n = 0
            if counts is not None and group in counts.index and kind in counts.columns:
                n = int(counts.loc[group, kind])
            row[kind] = n
        row["total"] = row["program"] + row["prosjekt"]
        rows.append(row)
    return pd.DataFrame(rows, columns=["owner_group", "program", "prosjekt", "total"])


def joined_ids(current: Portfolio, previous: Portfolio | None) -> list[int] | None:
    """Ids in ``current`` but not in ``previous`` (sorted); ``None`` for a first period."""
    if previous is None:
        return None
    return sorted_ids(current.ids - previous.ids)


def left_ids(current: Portfolio, previous: Portfolio | None) -> list[int] | None:
    """Ids in ``previous`` but not in ``current`` (sorted); ``None`` for a first period."""
    if previous is None:
        return None
    return sorted_ids(previous.ids - current.ids)


def continuing_ids(current: Portfolio, previous: Portfolio | None) -> list[int] | None:
    """Ids present in both periods (sorted); ``None`` for a first period."""
    if previous is None:
        return None
    return sorted_ids(current.ids & previous.ids)


def new_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame:
    """The projects that joined since the previous period.

    Returns
    -------
    DataFrame
        Columns ``id, name, description, organisation, budget`` (budget ``<NA>`` when not reported or
        withheld), sorted by id; empty for a first period.
    """
    cols = ["id", "name", "description", "organisation", "budget"]
    ids = joined_ids(current, previous) or []
    p = current.projects
    out = p.loc[p["id"].isin(ids), ["id", "name", "description", "organisation"]].copy()
    out["budget"] = amounts(p, "budget")[out.index]
    return out[cols].sort_values("id").reset_index(drop=True)


def left_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame:
    """The projects that left since the previous period, with what became of them.

    The rows come from the previous period's projects; ``next_steps`` from ``current.left``
    (``avsluttede``). A project that left without such a row has ``explained`` False: it left, or it
    did not submit.

    Returns
    -------
    DataFrame
        Columns ``id, name, organisation, next_steps, explained``, sorted by id; empty for a first period.
    """
    cols = ["id", "name", "organisation", "next_steps", "explained"]
    ids = left_ids(current, previous)
    if not ids:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(cols, ["int64", "string", "string", "string", "bool"])})
    prev = previous.projects
    out = prev.loc[prev["id"].isin(ids), ["id", "name", "organisation"]].copy()
    notes = current.left.drop_duplicates("id").set_index("id")["next_steps"]
    out["next_steps"] = out["id"].map(notes).astype("string")
    out["explained"] = out["id"].isin(current.left["id"]).astype(bool)
    return out[cols].sort_values("id").reset_index(drop=True)


def budget_total(current: Portfolio) -> Total:
    """The period's reported budget (mill. kr) with how many did not report / withheld it."""
    return total(current.projects, "budget")


def budget_by_owner_group(current: Portfolio) -> pd.DataFrame:
    """Budget per owner group.

    Returns
    -------
    DataFrame
        Columns ``owner_group, budget, n_projects, n_not_reported, n_withheld``; all eight owner groups in
        order. ``budget`` is the sum of reported budgets: 0.0 for a group with no projects, ``<NA>`` for a
        group whose projects all did not report one.
    """
    p = current.projects
    rows = []
    for group in OWNER_GROUPS:
        t = total(p[p["owner_group"] == group], "budget")
        value = 0.0 if t.n == 0 else t.value
        rows.append({"owner_group": group, "budget": value, "n_projects": t.n,
                     "n_not_reported": t.n_not_reported, "n_withheld": t.n_withheld})
    out = pd.DataFrame(rows)
    out["budget"] = out["budget"].astype("Float64")
    return out


@dataclass(frozen=True)
class BudgetBridge:
    """From the previous period's total budget to this one's (mill. kr, signed).

    ``previous_total + left + joined + stopped_reporting + started_reporting + continuing_change == total``
    within 1e-6. For a first period every field but ``total`` is ``None``.

    Attributes
    ----------
    joined_without_budget : list of int
        Joiners that report no budget (they add 0).
    movers : DataFrame
        Continuing projects that reported both times: ``id, name, organisation, previous_budget, budget,
        change``, largest absolute change first.
    """

    previous_total: float | None
    left: float | None
    joined: float | None
    stopped_reporting: float | None
    started_reporting: float | None
    continuing_change: float | None
    total: float
    joined_without_budget: list[int] = field(default_factory=list)
    stopped_reporting_ids: list[int] = field(default_factory=list)
    started_reporting_ids: list[int] = field(default_factory=list)
    movers: pd.DataFrame = field(default_factory=pd.DataFrame)

    def as_dict(self) -> dict[str, float | None]:
        """The seven steps by name, in order."""
        return {step: getattr(self, step) for step in BRIDGE_STEPS}

    def frame(self) -> pd.DataFrame:
        """Tidy ``step, amount`` in bridge order (``<NA>`` for a step a first period does not have).

        ``step`` is a code of :data:`BRIDGE_STEPS`; the words a reader sees are the presentation's
        (``text.LABELS["bridge"]``, applied by :func:`ehp_analysis.plots.budget_bridge`).
        """
        return pd.DataFrame({
            "step": list(BRIDGE_STEPS),
            "amount": pd.array([self.as_dict()[s] for s in BRIDGE_STEPS], dtype="Float64"),
        })


def _sum(values: pd.Series) -> float:
    return float(values.dropna().sum())


def budget_bridge(current: Portfolio, previous: Portfolio | None, n_movers: int = 5) -> BudgetBridge:
    """Explain the change in total budget as a bridge (see report.md, Definitions).

    Parameters
    ----------
    current, previous : Portfolio
        ``previous`` is ``None`` for a first period.
    n_movers : int
        How many of the largest movers among continuing projects to keep.

    Returns
    -------
    BudgetBridge
    """
    cur = current.projects.set_index("id")
    cur_budget = amounts(current.projects, "budget").set_axis(cur.index)
    now_total = _sum(cur_budget)
    if previous is None:
        return BudgetBridge(None, None, None, None, None, None, now_total)
    prev = previous.projects.set_index("id")
    prev_budget = amounts(previous.projects, "budget").set_axis(prev.index)
    joined = joined_ids(current, previous)
    left = left_ids(current, previous)
    both = continuing_ids(current, previous)
    c_now, c_before = cur_budget.loc[both], prev_budget.loc[both]
    stopped = c_before.notna() & c_now.isna()
    started = c_before.isna() & c_now.notna()
    reported_both = c_before.notna() & c_now.notna()

    movers = pd.DataFrame({
        "id": pd.Index(both)[reported_both.to_numpy()],
        "name": cur.loc[both, "name"][reported_both.to_numpy()].to_numpy(),
        "organisation": cur.loc[both, "organisation"][reported_both.to_numpy()].to_numpy(),
        "previous_budget": c_before[reported_both].to_numpy(dtype=float),
        "budget": c_now[reported_both].to_numpy(dtype=float),
    })
    movers["change"] = movers["budget"] - movers["previous_budget"]
    movers = (movers.assign(_abs=movers["change"].abs())
              .sort_values(["_abs", "id"], ascending=[False, True]).drop(columns="_abs")
              .head(n_movers).reset_index(drop=True))

    joined_budget = cur_budget.loc[joined]
    return BudgetBridge(
        previous_total=_sum(prev_budget),
        left=0.0 - _sum(prev_budget.loc[left]),
        joined=_sum(joined_budget),
        stopped_reporting=0.0 - _sum(c_before[stopped]),
        started_reporting=_sum(c_now[started]),
        continuing_change=_sum(c_now[reported_both]) - _sum(c_before[reported_both]),
        total=now_total,
        joined_without_budget=sorted_ids(joined_budget.index[joined_budget.isna()]),
        stopped_reporting_ids=sorted_ids(c_now.index[stopped.to_numpy()]),
        started_reporting_ids=sorted_ids(c_now.index[started.to_numpy()]),
        movers=movers,
    )


@dataclass(frozen=True)
class BudgetYears:
    """The budget years the two periods report; ``differ`` when the chapter must say so."""

    current: int | None
    previous: int | None

    @property
    def differ(self) -> bool:
        return None not in (self.current, self.previous) and self.current != self.previous


def budget_years(current: Portfolio, previous: Portfolio | None) -> BudgetYears:
    """The two periods' budget years (from their parameters), to note when they differ."""
    return BudgetYears(current.budget_year, previous.budget_year if previous is not None else None)
