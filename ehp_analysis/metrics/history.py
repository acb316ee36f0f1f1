"""Over the years: a period's chain of periods as data (chapter 2's "Utvikling over tid", ``history.*``).

A period's *chain* is the period and every earlier period reached through ``previous_period``, oldest first
(see :func:`ehp_analysis.config.load_chain`). Every function here takes the chain as a sequence of
:class:`Portfolio` s, oldest first, the period reported on last.

Joined and left are set differences of ids between each period and the one before it *in the chain*
(report.md, "Left and joined"); ids a period lists as not delivered (``ikke_levert.csv``) have not left. A project that joins after an absence (it was in an earlier period of the
chain, but not in the one just before) counts as joined and is "tilbake" (returned), not new: see
:func:`joined_left`.

Not reported is not zero: a period in which no project reported a budget has a total of ``<NA>`` (``None``
in the key figures), never 0; withheld budgets are left out of the total and counted as not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..portfolio import RATING_DTYPE, Portfolio
from ._common import COLOURS, NOT_ASSESSED, WITHHELD_RATING, amounts, colour_counts, sorted_ids, total

MEASURES = {"status": "status", "risiko": "risk"}

# The tidy chain (``chain_table``): one row per period and project.
CHAIN_COLUMNS = ["period", "budget_year", "strategy", "id", "name", "type", "organisation", "owner", "owner_group",
                 "focus_area", "strategic_area", "goal", "phase", "status", "risk", "budget", "total_cost",
                 "maintenance_cost", "benefits", "programme_id", "status_comment", "risk_comment"]
AMOUNT_COLUMNS = ("budget", "total_cost", "maintenance_cost", "benefits")
SUMMARY_COLUMNS = ["period", "budget_year", "projects", "joined", "new", "returned", "left", "budget_total",
                   "budget_reported", "budget_not_reported"]


def _check(chain: Sequence[Portfolio]) -> list[Portfolio]:
    chain = list(chain)
    if not chain:
        raise ValueError("A chain has at least one period (the period itself).")
    return chain


# ------------------------------------------------------------------------------------- the tidy chain


def chain_table(chain: Sequence[Portfolio]) -> pd.DataFrame:
    """The chain as one tidy table: one row per period and project, oldest period first, then by id.

    Parameters
    ----------
    chain : sequence of Portfolio
        Oldest first.

    Returns
    -------
    DataFrame
        :data:`CHAIN_COLUMNS`: ``period`` (``YYYY-MM``), ``budget_year`` (the period's own, ``Int64``) and
        ``strategy`` (the version its strategy file names: focus areas and goals compare only within one),
        then the project's fields as that period reported them (``goal``: the main strategic goal, ``<NA>``
        for a period whose strategy has areas). Amounts are ``Float64`` in mill. kr, ``<NA>``
        where not reported *or withheld* (a withheld value never leaves this function); ``status`` and
        ``risk`` are ordered categoricals (grønn < gul < rød), ``<NA>`` for "ikke vurdert".
    """
    frames = []
    for portfolio in _check(chain):
        p = portfolio.projects
        frame = pd.DataFrame({
            "period": pd.array([portfolio.period] * len(p), dtype="string"),
            "budget_year": pd.array([portfolio.budget_year] * len(p), dtype="Int64"),
            "strategy": pd.array([portfolio.reference.strategy.version] * len(p), dtype="string"),
        }, index=p.index)
        for column in CHAIN_COLUMNS[3:]:
            if column in AMOUNT_COLUMNS:
                frame[column] = amounts(p, column)
            elif column in p.columns:
                frame[column] = p[column]
            else:
                frame[column] = pd.array([pd.NA] * len(p), dtype="string")
        # Owner groups are the period's own organisations file's (categories may differ between periods).
        frame["owner_group"] = frame["owner_group"].astype("string")
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    for column in ("status", "risk"):
        out[column] = out[column].astype(RATING_DTYPE)  # a colour or withheld; <NA> not assessed
    for column in ("type", "phase"):
        out[column] = out[column].astype("string")
    out["id"] = out["id"].astype("int64")
    out["goal"] = out["goal"].astype("Int64")
    return out[CHAIN_COLUMNS].reset_index(drop=True)


# ------------------------------------------------------------------------------------ joined and left


@dataclass(frozen=True)
class Movement:
    """Who joined and left at one period of the chain, against the period before it in the chain.

    Attributes
    ----------
    period, previous_period : str
    joined : list of int
        Ids in the period but not in the one before (sorted): ``new`` and ``returned`` together.
    new : list of int
        Joined ids never seen in an earlier period of the chain.
    returned : list of int
        Joined ids that were in an earlier period of the chain, but not in the one just before ("tilbake").
    left : list of int
        Ids in the period before but not in this one, leaving out those this period lists as not delivered
        (``ikke_levert.csv``: they did not report, they did not leave).
    """

    period: str
    previous_period: str
    joined: list[int]
    new: list[int]
    returned: list[int]
    left: list[int]


def joined_left(chain: Sequence[Portfolio]) -> list[Movement]:
    """One :class:`Movement` per period of the chain but the first, oldest first."""
    chain = _check(chain)
    seen: set[int] = set(chain[0].ids)
    out = []
    for before, now in zip(chain, chain[1:]):
        joined = now.ids - before.ids
        returned = joined & seen
        out.append(Movement(period=now.period, previous_period=before.period, joined=sorted_ids(joined),
                            new=sorted_ids(joined - returned), returned=sorted_ids(returned),
                            left=sorted_ids(before.ids - now.ids - now.not_delivered_ids)))
        seen |= now.ids
    return out


def returned_ids(chain: Sequence[Portfolio]) -> list[int]:
    """The projects of the period (the chain's last) that are back after an absence; ``[]`` for a chain of one."""
    moves = joined_left(chain)
    return moves[-1].returned if moves else []


def last_seen(chain: Sequence[Portfolio], ids) -> dict[int, str]:
    """For each id, the latest period *before the chain's last one* it was in (absent ids are left out)."""
    chain = _check(chain)
    wanted = {int(i) for i in ids}
    out: dict[int, str] = {}
    for portfolio in chain[:-1]:
        for i in wanted & portfolio.ids:
            out[i] = portfolio.period
    return out


# ----------------------------------------------------------------------------------- per period


def period_summary(chain: Sequence[Portfolio]) -> pd.DataFrame:
    """One row per period of the chain, oldest first: how many projects, who came and went, the budget.

    Returns
    -------
    DataFrame
        :data:`SUMMARY_COLUMNS`: ``period``, ``budget_year`` (each period's own), ``projects``; ``joined``,
        ``new``, ``returned``, ``left`` (counts against the period before in the chain, ``<NA>`` for the
        first period); ``budget_total`` (sum of the reported budgets in the period's own budget year, ``<NA>``
        when no project reported one), ``budget_reported`` and ``budget_not_reported`` (withheld included).
    """
    chain = _check(chain)
    moves = {m.period: m for m in joined_left(chain)}
    rows = []
    for portfolio in chain:
        budget = total(portfolio.projects, "budget")
        move = moves.get(portfolio.period)
        rows.append({
            "period": portfolio.period,
            "budget_year": portfolio.budget_year,
            "projects": len(portfolio.projects),
            "joined": len(move.joined) if move else None,
            "new": len(move.new) if move else None,
            "returned": len(move.returned) if move else None,
            "left": len(move.left) if move else None,
            "budget_total": budget.value,
            "budget_reported": budget.n_reported,
            "budget_not_reported": budget.n_not_reported,
        })
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for column in ("budget_year", "joined", "new", "returned", "left"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["budget_total"] = pd.array(out["budget_total"].tolist(), dtype="Float64")
    return out


def colour_shares(chain: Sequence[Portfolio], measure: str = "status") -> pd.DataFrame:
    """Status (or risk) per period: counts and shares of all the period's projects, oldest period first.

    Parameters
    ----------
    measure : {"status", "risiko"}

    Returns
    -------
    DataFrame
        Tidy: ``measure``, ``period``, ``colour``, ``count``, ``share`` (0–1, ``<NA>`` for a period without
        projects); the three colours for every period, and ``ikke vurdert`` (``unntatt offentlighet``) for every
        period when any period has projects not assessed (withheld): 0 where there are none, so a bar's
        segments line up across periods.
    """
    field = MEASURES[measure]
    chain = _check(chain)
    counted = [(p.period, colour_counts(p.projects[field]), len(p.projects)) for p in chain]
    colours = list(COLOURS) + [k for k in (NOT_ASSESSED, WITHHELD_RATING) if any(k in c for _, c, _ in counted)]
    rows = [{"measure": measure, "period": period, "colour": colour, "count": counts.get(colour, 0),
             "share": counts.get(colour, 0) / n if n else None}
            for period, counts, n in counted for colour in colours]
    out = pd.DataFrame(rows, columns=["measure", "period", "colour", "count", "share"])
    out["share"] = pd.array(out["share"].tolist(), dtype="Float64")
    return out


def other_currency_periods(chain: Sequence[Portfolio]) -> list[tuple[str, str]]:
    """``(period, currency code)`` of the chain's periods whose amounts are in another currency than the last
    period's, oldest first: their budgets are not drawn or compared beside the period's own."""
    chain = _check(chain)
    return [(p.period, p.currency) for p in chain if not p.same_currency(chain[-1])]


def in_own_currency(summary: pd.DataFrame, chain: Sequence[Portfolio]) -> pd.DataFrame:
    """:func:`period_summary` with the budget columns ``<NA>`` for the periods in another currency than the
    last period's (:func:`other_currency_periods`); the counts as they are."""
    other = {period for period, _ in other_currency_periods(chain)}
    out = summary.copy()
    rows = out["period"].isin(other)
    for column in ("budget_total", "budget_reported", "budget_not_reported"):
        if column in out.columns and rows.any():
            out[column] = out[column].astype("Float64" if column == "budget_total" else "Int64")
            out.loc[rows, column] = pd.NA
    return out


@dataclass(frozen=True)
class Gap:
    """Two consecutive periods of a chain further apart than usual: ``months`` between ``before`` and ``after``,
    against the chain's ``usual`` (median) interval."""

    before: str
    after: str
    months: int
    usual: float


GAP_FACTOR = 2  # an interval longer than twice the chain's median interval is a gap (report.md)


def _month_index(period: str) -> int:
    year, month = (int(x) for x in str(period).split("-")[:2])
    return year * 12 + month


def gaps(periods: Sequence[str]) -> list[Gap]:
    """The intervals between consecutive periods of a chain that are longer than twice its median interval.

    Parameters
    ----------
    periods : sequence of str
        ``YYYY-MM``, oldest first (the chain's periods).

    Returns
    -------
    list of Gap
        In chain order; empty for fewer than three periods (two periods have one interval, which is its own
        median) or a chain without such an interval.
    """
    import statistics

    months = [_month_index(b) - _month_index(a) for a, b in zip(periods, periods[1:])]
    if not months:
        return []
    usual = statistics.median(months)
    return [Gap(str(a), str(b), m, usual) for a, b, m in zip(periods, periods[1:], months) if m > GAP_FACTOR * usual]


def history_figures(chain: Sequence[Portfolio]) -> dict:
    """The ``history.*`` key figures (report.md, "More of key_figures.json"), amounts unrounded.

    Returns
    -------
    dict
        ``periods`` (the chain, oldest first); ``projects_count``, ``budget_total`` (``None`` for a period
        where nothing was reported), ``budget_not_reported_count``: ``{period: value}``; ``status_counts``,
        ``risk_counts``: ``{period: {"grønn": n, "gul": n, "rød": n}}`` plus ``"ikke vurdert"`` and
        ``"unntatt offentlighet"`` for a period that has any; ``joined_count``, ``left_count``: ``{period: n}`` for every period but the first.
    """
    chain = _check(chain)
    summary = period_summary(chain)
    moves = joined_left(chain)
    budget = dict(zip(summary["period"], summary["budget_total"]))
    return {
        "periods": [p.period for p in chain],
        "projects_count": {p.period: len(p.projects) for p in chain},
        "budget_total": {p: (None if pd.isna(v) else float(v)) for p, v in budget.items()},
        "budget_not_reported_count": {p: int(n) for p, n in zip(summary["period"], summary["budget_not_reported"])},
        "status_counts": {p.period: colour_counts(p.projects["status"]) for p in chain},
        "risk_counts": {p.period: colour_counts(p.projects["risk"]) for p in chain},
        "joined_count": {m.period: len(m.joined) for m in moves},
        "left_count": {m.period: len(m.left) for m in moves},
    }


__all__ = ["CHAIN_COLUMNS", "Gap", "Movement", "chain_table", "colour_shares", "gaps", "history_figures",
           "in_own_currency", "joined_left", "last_seen", "other_currency_periods", "period_summary", "returned_ids"]
