"""Chapter 5, "Kostnad og tid mot første rapportering": each project's total cost and planned end against what it
first reported in the period's chain (report.md, "Against what was first reported"), and ``baseline.*``.

Periods compare only with the period before, so a project growing by 15 % every period never looks alarming; here
each project of P is compared with the *first reported* value of its chain:

- its first reported total cost is its ``totalkostnad`` in the earliest period of the chain where it is present
  with a reported value (not empty, not withheld); likewise its first reported ``planlagt_slutt``, over the
  periods whose template collects it (:meth:`ehp_analysis.template.TemplateVersion.collects`);
- *now* is P's value; growth = now / first − 1 (none when first is 0); slip = whole calendar months from the first
  reported planned end to P's (year × 12 + month, difference);
- a project is *counted* when both its first and its now total cost are reported: a withheld or empty value never
  enters a sum, and nothing here lets one work it out (a withheld value is treated as not reported, only counted);
- a project whose earliest presence is the chain's first period has its "første rapportering i kjeden"
  (``from_chain_start``), never called the project's first estimate ever;
- amounts are compared as the exact decimals written (:func:`ehp_analysis.reference.early_warnings.exact`, as
  ``kostnadsvekst`` does), so 1,1 → 1,32 is exactly +20 %;
- when the chain changes currency, only the periods in P's currency are used (:attr:`Baseline.other_currency`
  names the others, and the report says so).

The *change log* lists each period (after a project's first) where its total cost moved by at least
:data:`COST_MOVE` from its previous reported value, or its planned end by at least :data:`END_MOVE_MONTHS` months
from its previous reported planned end, with that period's ``statuskommentar``. A move from a reported 0 to any
other amount counts (no share of 0 is small).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .. import template as T
from ..portfolio import Portfolio
from ..reference.early_warnings import exact
from ._common import withheld
from .history import other_currency_periods

COST_MOVE = Decimal("0.20")    # a change-log move in total cost: at least 20 % of the previous reported value
END_MOVE_MONTHS = 3            # a change-log move in planned end: at least three months
GROWTH_LISTED = Decimal("0.20")  # baseline.growth_ids: counted projects that grew by at least 20 %
GROWTH_DIGITS = 4              # baseline.growth_share is rounded (half up) to four decimals
PLANNED_END = "planlagt_slutt"

#: One row per project of P (:attr:`Baseline.projects`).
PROJECT_COLUMNS = ["id", "name", "organisation", "counted", "not_counted_reason", "from_chain_start", "first_period",
                   "first_total_cost", "total_cost", "growth_amount", "growth", "first_planned_end_period",
                   "first_planned_end", "planned_end", "slip_months", "changes"]
#: One row per change-log entry (:attr:`Baseline.changes`).
CHANGE_COLUMNS = ["id", "name", "period", "previous_period", "total_cost_before", "total_cost", "cost_moved",
                  "planned_end_before", "planned_end", "end_moved_months", "comment"]


@dataclass(frozen=True)
class _Reported:
    """One project in one compared period: what it reported (``None``: not reported, withheld or not collected)."""

    period: str
    total_cost: Decimal | None
    withheld: bool
    planned_end: pd.Timestamp | None
    comment: str | None


@dataclass(frozen=True)
class Baseline:
    """Every project of P against what it first reported, and the portfolio's sums.

    Attributes
    ----------
    period : str
        P.
    periods : tuple of str
        The chain's periods compared (those in P's currency), oldest first, P last.
    other_currency : tuple of (str, str)
        ``(period, currency code)`` of the chain's periods left out for being in another currency.
    planned_end_periods : tuple of str
        The compared periods whose template collects ``planlagt_slutt``.
    projects : DataFrame
        :data:`PROJECT_COLUMNS`, ranked: the counted projects by growth (largest first, then id), then counted
        projects without a growth (first reported 0) by id, then the projects not counted by id. Amounts
        ``Float64`` (mill. of P's currency, ``<NA>`` where not reported or withheld), ``growth`` a fraction,
        planned ends as timestamps (``NaT`` where none), ``slip_months`` ``Int64``; ``not_counted_reason`` is
        ``"not_reported"`` or ``"withheld"`` (P's total cost), ``<NA>`` for the counted; ``changes`` the number of
        the project's change-log entries.
    changes : DataFrame
        :data:`CHANGE_COLUMNS`, by id then period: ``previous_period`` is the period of the previous reported total
        cost (``<NA>`` when the entry is for the planned end alone and no cost was reported before),
        ``cost_moved`` the relative move of the total cost when it moved by at least :data:`COST_MOVE` (``<NA>``
        otherwise, and for a move from 0), ``end_moved_months`` the planned end's move when at least
        :data:`END_MOVE_MONTHS` months (signed), ``comment`` that period's ``statuskommentar``.
    figures : dict
        ``baseline.*`` of key_figures.json (:meth:`key_figures`), unrounded but for ``growth_share``.
    """

    period: str
    periods: tuple[str, ...]
    other_currency: tuple[tuple[str, str], ...]
    planned_end_periods: tuple[str, ...]
    projects: pd.DataFrame
    changes: pd.DataFrame
    figures: dict = field(repr=False)

    @property
    def chain_start(self) -> str:
        """The first period compared: a project present there has its "første rapportering i kjeden"."""
        return self.periods[0]

    @property
    def counted(self) -> pd.DataFrame:
        """The counted projects (first and now total cost reported), ranked as :attr:`projects`."""
        return self.projects.loc[self.projects["counted"]].reset_index(drop=True)

    @property
    def planned_end_collected(self) -> bool:
        """Whether any compared period's template collects ``planlagt_slutt``."""
        return bool(self.planned_end_periods)

    @property
    def planned_end_not_collected(self) -> tuple[str, ...]:
        """The compared periods whose template does not collect ``planlagt_slutt`` (a template change, when some
        others do)."""
        return tuple(p for p in self.periods if p not in self.planned_end_periods)

    def largest_growths(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` counted projects that grew the most (growth above 0), largest first (ties by id)."""
        grown = self.counted.loc[lambda f: f["growth"].notna() & (f["growth"] > 0)]
        return grown.head(n).reset_index(drop=True)

    def shown_ids(self, n: int = 10) -> list[int]:
        """The projects whose change log the chapter shows: the ``n`` largest growths (:meth:`largest_growths`),
        then those whose planned end moved by at least :data:`END_MOVE_MONTHS` months since first reported."""
        ids = [int(i) for i in self.largest_growths(n)["id"]]
        slips = self.projects.loc[self.projects["slip_months"].abs().fillna(0) >= END_MOVE_MONTHS, "id"]
        return ids + sorted(int(i) for i in slips if int(i) not in ids)

    def changes_of(self, ids) -> pd.DataFrame:
        """The change-log entries of the projects ``ids``, by id then period."""
        wanted = {int(i) for i in ids}
        return self.changes.loc[self.changes["id"].isin(wanted)].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- helpers


def _months(stamp: pd.Timestamp) -> int:
    return stamp.year * 12 + stamp.month


def collects_planned_end(portfolio: Portfolio) -> bool:
    """Whether the period's template version collects ``planlagt_slutt``."""
    return T.template_version(portfolio.template).collects(PLANNED_END)


def _reported(portfolio: Portfolio) -> dict[int, _Reported]:
    """id -> what the project reported in ``portfolio`` (withheld amounts as ``None``, flagged)."""
    p = portfolio.projects
    hidden = withheld(p, "total_cost").tolist()
    # Masks first, values after (vectorised: at 5,000 projects × 12 periods a test per cell is seconds).
    costs = p["total_cost"].astype("Float64")
    shown = (costs.notna() & ~withheld(p, "total_cost")).tolist()
    costs = costs.fillna(0).astype(float).tolist()
    if collects_planned_end(portfolio):
        ends = [None if pd.isna(e) else e for e in pd.to_datetime(p["planned_end"])]
    else:
        ends = [None] * len(p)
    comments = [c or None for c in p["status_comment"].astype("string").fillna("").str.strip().tolist()]
    period = portfolio.period
    return {int(i): _Reported(period, exact(cost) if ok else None, bool(w), end, comment)
            for i, cost, ok, w, end, comment in zip(p["id"].tolist(), costs, shown, hidden, ends, comments)}


def cost_moved(before: Decimal, after: Decimal) -> bool:
    """Whether a total cost moved by at least :data:`COST_MOVE` of ``before`` (from 0: any change), exactly."""
    if before == 0:
        return after != 0
    return abs(after - before) >= COST_MOVE * before


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sum(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


# --------------------------------------------------------------------------------------------- the metric


def _project(pid: int, seen: list[_Reported], start: str) -> tuple[dict, list[dict], Decimal | None]:
    """One project's row, its change-log entries and its exact growth (``None`` when it has none)."""
    costs = [s for s in seen if s.total_cost is not None]
    ends = [s for s in seen if s.planned_end is not None]
    now = seen[-1]
    first = costs[0] if costs else None
    counted = now.total_cost is not None and first is not None
    growth = None
    if counted and first.total_cost != 0:
        growth = now.total_cost / first.total_cost - 1
    first_end = ends[0] if ends else None
    slip = (_months(now.planned_end) - _months(first_end.planned_end)
            if now.planned_end is not None and first_end is not None else None)
    log: list[dict] = []
    before_cost: _Reported | None = None
    before_end: _Reported | None = None
    for s in seen:
        moved_cost = (before_cost is not None and s.total_cost is not None
                      and cost_moved(before_cost.total_cost, s.total_cost))
        moved_end = (before_end is not None and s.planned_end is not None
                     and abs(_months(s.planned_end) - _months(before_end.planned_end)) >= END_MOVE_MONTHS)
        if moved_cost or moved_end:
            log.append({
                "id": pid, "period": s.period,
                "previous_period": before_cost.period if before_cost is not None else None,
                "total_cost_before": _as_float(before_cost.total_cost) if before_cost is not None else None,
                "total_cost": _as_float(s.total_cost),
                "cost_moved": (float(s.total_cost / before_cost.total_cost - 1)
                               if moved_cost and before_cost.total_cost != 0 else None),
                "planned_end_before": before_end.planned_end if before_end is not None else None,
                "planned_end": s.planned_end,
                "end_moved_months": (_months(s.planned_end) - _months(before_end.planned_end)) if moved_end else None,
                "comment": s.comment,
            })
        if s.total_cost is not None:
            before_cost = s
        if s.planned_end is not None:
            before_end = s
    row = {
        "id": pid, "counted": counted,
        "not_counted_reason": None if counted else ("withheld" if now.withheld else "not_reported"),
        "from_chain_start": seen[0].period == start,
        "first_period": first.period if first is not None else None,
        "first_total_cost": _as_float(first.total_cost) if first is not None else None,
        "total_cost": _as_float(now.total_cost),
        "growth_amount": _as_float(now.total_cost - first.total_cost) if counted else None,
        "growth": _as_float(growth),
        "first_planned_end_period": first_end.period if first_end is not None else None,
        "first_planned_end": first_end.planned_end if first_end is not None else None,
        "planned_end": now.planned_end, "slip_months": slip, "changes": len(log),
    }
    return row, log, growth


def compare(chain: Sequence[Portfolio]) -> Baseline:
    """Every project of P (the chain's last period) against what it first reported in the chain.

    Parameters
    ----------
    chain : sequence of Portfolio
        Oldest first, P last (one period is a chain too: every value is then its own first).

    Returns
    -------
    Baseline
    """
    chain = tuple(chain)
    if not chain:
        raise ValueError("A chain has at least one period (the period itself).")
    return _compare(chain)


@lru_cache(maxsize=4)
def _compare(chain: tuple[Portfolio, ...]) -> Baseline:
    """:func:`compare`, once per chain: the chapter and its key figures ask for the same one (a Portfolio is
    immutable and hashed by identity)."""
    current = chain[-1]
    used = [p for p in chain if p.same_currency(current)]
    start = used[0].period
    reported = [_reported(p) for p in used]
    names = dict(zip(current.projects["id"].tolist(), current.projects["name"].tolist()))
    orgs = dict(zip(current.projects["id"].tolist(), current.projects["organisation"].tolist()))
    rows, logs, exact_rows = [], [], []
    for pid in sorted(int(i) for i in current.projects["id"]):
        seen = [r[pid] for r in reported if pid in r]
        row, log, growth = _project(pid, seen, start)
        rows.append({**row, "name": str(names[pid]), "organisation": str(orgs[pid])})
        logs.extend({**entry, "name": str(names[pid])} for entry in log)
        exact_rows.append((pid, row["counted"], growth, seen))
    figures = _figures(exact_rows, any(collects_planned_end(p) for p in used), rows)
    return Baseline(period=current.period, periods=tuple(p.period for p in used),
                    other_currency=tuple(other_currency_periods(chain)),
                    planned_end_periods=tuple(p.period for p in used if collects_planned_end(p)),
                    projects=_ranked(rows, exact_rows), changes=_changes(logs), figures=figures)


def _ranked(rows: list[dict], exact_rows: list[tuple]) -> pd.DataFrame:
    growth = {pid: g for pid, _, g, _ in exact_rows}

    def key(row: dict) -> tuple:
        if not row["counted"]:
            return (2, Decimal(0), row["id"])
        g = growth[row["id"]]
        return (1, Decimal(0), row["id"]) if g is None else (0, -g, row["id"])

    out = pd.DataFrame(sorted(rows, key=key), columns=PROJECT_COLUMNS)
    out["id"] = out["id"].astype("int64")
    out["counted"] = out["counted"].astype(bool)
    out["from_chain_start"] = out["from_chain_start"].astype(bool)
    for column in ("first_total_cost", "total_cost", "growth_amount", "growth"):
        out[column] = pd.array(out[column].tolist(), dtype="Float64")
    for column in ("slip_months", "changes"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    for column in ("first_planned_end", "planned_end"):
        out[column] = pd.to_datetime(out[column].astype(object).where(out[column].notna(), None))
    for column in ("name", "organisation", "not_counted_reason", "first_period", "first_planned_end_period"):
        out[column] = out[column].astype("string")
    return out


def _changes(logs: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(sorted(logs, key=lambda r: (r["id"], r["period"])), columns=CHANGE_COLUMNS)
    out["id"] = out["id"].astype("int64")
    for column in ("total_cost_before", "total_cost", "cost_moved"):
        out[column] = pd.array(out[column].tolist(), dtype="Float64")
    out["end_moved_months"] = pd.array(out["end_moved_months"].tolist(), dtype="Int64")
    for column in ("planned_end_before", "planned_end"):
        out[column] = pd.to_datetime(out[column].astype(object).where(out[column].notna(), None))
    for column in ("name", "period", "previous_period", "comment"):
        out[column] = out[column].astype("string")
    return out


def _figures(exact_rows: list[tuple], planned_end_collected: bool, rows: list[dict]) -> dict:
    """``baseline.*`` from the exact values (report.md); sums ``None`` when nothing is counted."""
    counted = [(pid, g, seen) for pid, c, g, seen in exact_rows if c]
    firsts = [next(s.total_cost for s in seen if s.total_cost is not None) for _, _, seen in counted]
    nows = [seen[-1].total_cost for _, _, seen in counted]
    first_sum, now_sum = _sum(firsts), _sum(nows)
    share = None
    if first_sum:  # None (nothing counted) or 0: no share
        share = (now_sum / first_sum - 1).quantize(Decimal(1).scaleb(-GROWTH_DIGITS), rounding=ROUND_HALF_UP)
    grown = sorted(((g, pid) for pid, g, _ in counted if g is not None and g >= GROWTH_LISTED),
                   key=lambda t: (-t[0], t[1]))
    figures = {
        "projects_counted": len(counted),
        "projects_not_counted": len(exact_rows) - len(counted),
        "first_total_cost_sum": _as_float(first_sum),
        "now_total_cost_sum": _as_float(now_sum),
        "growth_share": None if share is None else float(share) + 0.0,
        "growth_ids": [pid for _, pid in grown],
    }
    if planned_end_collected:
        figures["slip_months"] = {r["id"]: int(r["slip_months"]) for r in rows
                                  if r["slip_months"] is not None and r["slip_months"] != 0}
    return figures


def key_figures(chain: Sequence[Portfolio]) -> dict:
    """``baseline.*`` of key_figures.json for P (report.md, "Against what was first reported").

    Returns
    -------
    dict
        ``projects_counted``, ``projects_not_counted``, ``first_total_cost_sum`` and ``now_total_cost_sum``
        (exact sums over the counted projects, ``None`` when none is counted), ``growth_share`` (now / first − 1,
        four decimals, ``None`` when the first sum is ``None`` or 0), ``growth_ids`` (counted projects that grew by
        at least 20 %, by growth descending, then id) and, when a compared period's template collects
        ``planlagt_slutt``, ``slip_months`` (``{id: months}`` for the projects whose slip is not 0; absent
        otherwise).
    """
    return compare(chain).figures


__all__ = ["Baseline", "CHANGE_COLUMNS", "COST_MOVE", "END_MOVE_MONTHS", "PROJECT_COLUMNS", "collects_planned_end",
           "compare", "cost_moved", "key_figures"]
