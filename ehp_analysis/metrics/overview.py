"""Chapter 2, Om nasjonal e-helseportefølje: who owns what, who joined and left, and the budget.

Left and joined are set differences of ids between the two periods; ``avsluttede`` only explains. The ids of
the period's ``ikke_levert.csv`` (not delivered this time) are neither left nor in the budget bridge: they are
listed apart (:func:`not_delivered_projects`), report.md "Left and joined".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..portfolio import Portfolio
from ._common import Total, amounts, sorted_ids, total

BRIDGE_STEPS = ("previous_total", "left", "joined", "stopped_reporting", "started_reporting",
                "continuing_change", "total")


def owner_groups(portfolio: Portfolio) -> tuple[str, ...]:
    """The owner groups of the period's organisations file, in the file's order (they are data)."""
    return portfolio.reference.organisations.owner_groups


def projects_by_owner_group(current: Portfolio) -> pd.DataFrame:
    """Number of programmes and projects per owner group.

    Returns
    -------
    DataFrame
        Columns ``owner_group, program, prosjekt, total``; one row per owner group of the period's
        organisations file, in its order, groups without projects kept with zeros.
    """
    p = current.projects
    counts = pd.crosstab(p["owner_group"].astype("object"), p["type"].astype("object")) if len(p) else None
    rows = []
    for group in owner_groups(current):
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
    """Ids in ``previous`` but not in ``current`` and not listed as not delivered (sorted); ``None`` for a first
    period."""
    if previous is None:
        return None
    return sorted_ids(previous.ids - current.ids - current.not_delivered_ids)


def not_delivered_ids(current: Portfolio, previous: Portfolio | None) -> list[int] | None:
    """Ids of ``previous`` that ``current`` lists as not delivered (sorted); ``None`` for a first period."""
    if previous is None:
        return None
    return sorted_ids((previous.ids - current.ids) & current.not_delivered_ids)


def not_delivered_projects(current: Portfolio) -> pd.DataFrame:
    """The projects nobody delivered this time (``ikke_levert.csv``), listed apart from those that left.

    Returns
    -------
    DataFrame
        Columns ``id, name, organisation, reason`` (``reason`` a code of :data:`ehp_analysis.roster.REASONS`,
        ``<NA>`` when the file does not say), sorted by organisation then id; empty when the period is complete.
    """
    nd = current.not_delivered
    return nd.sort_values(["organisation", "id"], na_position="last").reset_index(drop=True)


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


def any_budget(*portfolios: Portfolio | None) -> bool:
    """Whether any project of these periods (``None`` ignored) reported a budget: without one, nothing is
    drawn or tabled by budget."""
    return any(p is not None and amounts(p.projects, "budget").notna().any() for p in portfolios)


def budget_by_owner_group(current: Portfolio) -> pd.DataFrame:
    """Budget per owner group.

    Returns
    -------
    DataFrame
        Columns ``owner_group, budget, n_projects, n_not_reported, n_withheld``; every owner group of the
        period's organisations file, in its order. ``budget`` is the sum of reported budgets: 0.0 for a group
        with no projects, ``<NA>`` for a group whose projects all did not report one.
    """
    p = current.projects
    rows = []
    for group in owner_groups(current):
        t = total(p[p["owner_group"] == group], "budget")
        value = 0.0 if t.n == 0 else t.value
        rows.append({"owner_group": group, "budget": value, "n_projects": t.n,
                     "n_not_reported": t.n_not_reported, "n_withheld": t.n_withheld})
    out = pd.DataFrame(rows)
    out["budget"] = out["budget"].astype("Float64")
    return out


@dataclass(frozen=True)
class OwnerGroupChanges:
    """How two periods' owner groups differ (each period's own organisations file).

    Attributes
    ----------
    common : tuple of str
        Groups in both periods, in the current file's order: what comparisons by owner group cover.
    appeared, went : tuple of str
        Groups only in the current period / only in the previous one, each in its own file's order.
    """

    common: tuple[str, ...]
    appeared: tuple[str, ...]
    went: tuple[str, ...]

    @property
    def differ(self) -> bool:
        return bool(self.appeared or self.went)


def owner_group_changes(current: Portfolio, previous: Portfolio | None) -> OwnerGroupChanges | None:
    """The owner groups the two periods share, and those that appeared or went; ``None`` for a first period."""
    if previous is None:
        return None
    now, before = owner_groups(current), owner_groups(previous)
    return OwnerGroupChanges(common=tuple(g for g in now if g in before),
                             appeared=tuple(g for g in now if g not in before),
                             went=tuple(g for g in before if g not in now))


def owner_groups_compared(current: Portfolio, previous: Portfolio) -> pd.DataFrame:
    """Projects and budget per owner group, this period beside the previous, over the groups in both.

    Returns
    -------
    DataFrame
        ``owner_group, projects, previous_projects, budget, previous_budget, change`` (mill. kr); one row per
        group of :attr:`OwnerGroupChanges.common`, in the current file's order. Budgets as
        :func:`budget_by_owner_group`; ``change`` is ``<NA>`` unless both budgets are numbers.
    """
    common = list(owner_group_changes(current, previous).common)

    def per_group(portfolio: Portfolio) -> pd.DataFrame:
        counts = projects_by_owner_group(portfolio).set_index("owner_group")["total"]
        budget = budget_by_owner_group(portfolio).set_index("owner_group")["budget"]
        return pd.DataFrame({"projects": counts, "budget": budget}).reindex(common)

    now, before = per_group(current), per_group(previous)
    out = pd.DataFrame({
        "owner_group": common,
        "projects": now["projects"].to_numpy(dtype="int64"),
        "previous_projects": before["projects"].to_numpy(dtype="int64"),
        "budget": pd.array(now["budget"].to_numpy(), dtype="Float64"),
        "previous_budget": pd.array(before["budget"].to_numpy(), dtype="Float64"),
    })
    out["change"] = out["budget"] - out["previous_budget"]
    return out


@dataclass(frozen=True)
class BudgetBridge:
    """From the previous period's total budget to this one's (mill. kr, signed).

    ``previous_total + left + joined + stopped_reporting + started_reporting + continuing_change == total``
    within 1e-6. Projects not delivered this time (``ikke_levert.csv``) are outside the bridge: ``previous_total``
    is the previous period's total without them, and their previous budgets are ``not_delivered``. For a first period every field but ``total`` is ``None``. A total of a period where nobody
    reported a budget is ``None``, not 0; then there is no bridge (:attr:`complete` is False) and the five
    steps are ``None``.

    Attributes
    ----------
    joined_without_budget : list of int
        Joiners that report no budget (they add 0).
    movers : DataFrame
        Continuing projects that reported both times: ``id, name, organisation, previous_budget, budget,
        change``, largest absolute change first.
    not_delivered_ids : list of int
        The previous period's projects that are not delivered this time, left out of the bridge.
    not_delivered : float or None
        Their previous budgets together (``None`` when none of them reported one).
    """

    previous_total: float | None
    left: float | None
    joined: float | None
    stopped_reporting: float | None
    started_reporting: float | None
    continuing_change: float | None
    total: float | None
    joined_without_budget: list[int] = field(default_factory=list)
    stopped_reporting_ids: list[int] = field(default_factory=list)
    started_reporting_ids: list[int] = field(default_factory=list)
    movers: pd.DataFrame = field(default_factory=pd.DataFrame)
    not_delivered_ids: list[int] = field(default_factory=list)
    not_delivered: float | None = None

    @property
    def complete(self) -> bool:
        """Whether there is a bridge to show: a previous period, and a reported budget in both periods."""
        return all(v is not None for v in self.as_dict().values())

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


def _total(values: pd.Series) -> float | None:
    """The sum of the reported values; ``None`` when nobody reported one (never 0 for nothing)."""
    return _sum(values) if values.notna().any() else None


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
        With :attr:`~BudgetBridge.complete` False for a first period, when either period has no
        reported budget at all, and when the two periods' amounts are in different currencies (they are not
        compared as amounts: the bridge is as for a first period).
    """
    cur = current.projects.set_index("id")
    cur_budget = amounts(current.projects, "budget").set_axis(cur.index)
    now_total = _total(cur_budget)
    if previous is None or not current.same_currency(previous):
        return BudgetBridge(None, None, None, None, None, None, now_total)
    prev = previous.projects.set_index("id")
    prev_budget = amounts(previous.projects, "budget").set_axis(prev.index)
    missing = not_delivered_ids(current, previous)
    # Not delivered is not "left": compare the previous period's delivered projects only, and say the rest apart.
    missing_budget = _total(prev_budget.loc[missing]) if missing else None
    prev_budget = prev_budget.drop(index=missing)
    before_total = _total(prev_budget)
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
    # Without a reported budget in one of the periods there is nothing to bridge: no step pretends to be 0.
    both_reported = now_total is not None and before_total is not None
    steps = dict(
        left=0.0 - _sum(prev_budget.loc[left]),
        joined=_sum(joined_budget),
        stopped_reporting=0.0 - _sum(c_before[stopped]),
        started_reporting=_sum(c_now[started]),
        continuing_change=_sum(c_now[reported_both]) - _sum(c_before[reported_both]),
    ) if both_reported else dict.fromkeys(("left", "joined", "stopped_reporting", "started_reporting",
                                           "continuing_change"))
    return BudgetBridge(
        previous_total=before_total,
        **steps,
        total=now_total,
        joined_without_budget=sorted_ids(joined_budget.index[joined_budget.isna()]),
        stopped_reporting_ids=sorted_ids(c_now.index[stopped.to_numpy()]),
        started_reporting_ids=sorted_ids(c_now.index[started.to_numpy()]),
        movers=movers,
        not_delivered_ids=missing,
        not_delivered=missing_budget,
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


def programmes_with_projects(current: Portfolio) -> pd.DataFrame | None:
    """Each programme of the period with the projects that name it in ``del_av_program``.

    For showing membership only: budgets and counts elsewhere stay over rows as reported.

    Returns
    -------
    DataFrame or None
        ``id, name, organisation, members`` (``members``: tuple of ``(id, name)`` sorted by id; empty when
        no project names the programme), programmes sorted by id; ``None`` when no project of the period
        gives a (valid) ``del_av_program``, so the chapter says nothing about membership.
    """
    p = current.projects
    if "programme_id" not in p.columns:
        return None
    programmes = p[p["type"] == "program"].sort_values("id")
    ids = set(programmes["id"].astype(int))
    valid = p[p["programme_id"].notna()]
    valid = valid[[int(m) in ids and int(m) != int(i) for i, m in zip(valid["id"], valid["programme_id"])]]
    if valid.empty:
        return None
    members = {int(pid): tuple((int(i), str(n)) for i, n in
                               sorted(zip(valid.loc[valid["programme_id"] == pid, "id"],
                                          valid.loc[valid["programme_id"] == pid, "name"])))
               for pid in ids}
    return pd.DataFrame({
        "id": programmes["id"].astype(int).tolist(),
        "name": programmes["name"].astype(str).tolist(),
        "organisation": programmes["organisation"].astype(str).tolist(),
        "members": [members[int(i)] for i in programmes["id"]],
    })
