"""Chapter 4, "Endringer siden forrige periode": the continuing projects that changed, before → after.

A project counts when it is in both periods and its status, risk, focus area or main goal (only when both
periods use the same strategy: across strategies the areas and goals are different things) or budget changed. A budget change
counts when both periods reported one and it moved by at least ``BUDGET_MIN_CHANGE`` mill. or
``BUDGET_MIN_SHARE`` of the previous budget; a budget reported only once is the budget bridge's business
(chapter 2), not a change of the project's own.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..portfolio import Portfolio
from ..template import NOT_ASSESSED
from ._common import amounts

BUDGET_MIN_CHANGE = Decimal("10")    # mill. kr
BUDGET_MIN_SHARE = Decimal("0.20")   # of the previous budget

COLUMNS = ["id", "name", "organisation", "changed", "status_before", "status", "risk_before", "risk",
           "focus_area_before", "focus_area", "goal_before", "goal", "budget_before", "budget", "comment"]


def same_strategy(current: Portfolio, previous: Portfolio) -> bool:
    """Whether the two periods use the same strategy version (then areas compare)."""
    return current.reference.strategy.version == previous.reference.strategy.version


def _decimal(value) -> Decimal:
    # the amounts as written: 50,0 → 60,0 is exactly +20 %
    return Decimal(repr(float(value)))


def budget_changed(before, after) -> bool:
    """Both reported, and the change is at least 10 mill. or at least 20 % of ``before``."""
    if pd.isna(before) or pd.isna(after):
        return False
    b, a = _decimal(before), _decimal(after)
    change = abs(a - b)
    if change == 0:
        return False
    return change >= BUDGET_MIN_CHANGE or (b > 0 and change >= BUDGET_MIN_SHARE * b) or b == 0


def _text(value) -> str | None:
    return None if pd.isna(value) else str(value)


def _colour(value) -> str:
    return NOT_ASSESSED if pd.isna(value) else str(value)


def _records(projects: pd.DataFrame) -> dict:
    """Each project's fields by id, as the values a row of ``projects`` holds (``pd.NA`` for a missing value)."""
    frame = projects.set_index("id")
    columns = list(frame.columns)
    return {pid: dict(zip(columns, values))
            for pid, values in zip(frame.index, zip(*(frame[c].astype("object") for c in columns)))}


def project_changes(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame | None:
    """The continuing projects whose status, risk, focus area or budget changed since ``previous``
    (budget only when both periods are in the same currency).

    Parameters
    ----------
    current, previous : Portfolio
        ``previous`` ``None`` (a first period) gives ``None``.

    Returns
    -------
    DataFrame or None
        One row per changed project, sorted by id: ``id, name, organisation`` (this period's), ``changed``
        (tuple of ``"status"``, ``"risk"``, ``"focus_area"`` or ``"goal"`` (the period's strategy has areas or
        goals), ``"budget"`` in that order), the before and
        after value of each (colours as words, ``"ikke vurdert"`` when not assessed; budgets ``<NA>`` when
        not reported), and ``comment``: the project's own explanation now (its ``statuskommentar``, and its
        ``risikokommentar`` when the risk changed), ``<NA>`` when it gave none.
    """
    if previous is None:
        return None
    compare_areas = same_strategy(current, previous)
    compare_budgets = current.same_currency(previous)  # amounts in two currencies are never compared
    area = "goal" if current.reference.strategy.has_goals else "focus_area"
    # one dict per project, made once: a row looked up by label per project costs a pandas Series each
    now = _records(current.projects.assign(_budget=amounts(current.projects, "budget")))
    before = _records(previous.projects.assign(_budget=amounts(previous.projects, "budget")))
    rows = []
    for pid in sorted(now.keys() & before.keys()):
        n, b = now[pid], before[pid]
        changed = []
        if _colour(n["status"]) != _colour(b["status"]):
            changed.append("status")
        if _colour(n["risk"]) != _colour(b["risk"]):
            changed.append("risk")
        if compare_areas and str(n[area]) != str(b[area]):
            changed.append(area)
        if compare_budgets and budget_changed(b["_budget"], n["_budget"]):
            changed.append("budget")
        if not changed:
            continue
        comments = []
        status_comment, risk_comment = n.get("status_comment"), n.get("risk_comment")
        if pd.notna(status_comment) and str(status_comment).strip():
            comments.append(str(status_comment).strip())
        if "risk" in changed and pd.notna(risk_comment) and str(risk_comment).strip():
            comments.append(str(risk_comment).strip())
        rows.append({
            "id": int(pid), "name": str(n["name"]), "organisation": str(n["organisation"]), "changed": tuple(changed),
            "status_before": _colour(b["status"]), "status": _colour(n["status"]),
            "risk_before": _colour(b["risk"]), "risk": _colour(n["risk"]),
            "focus_area_before": str(b["focus_area"]), "focus_area": str(n["focus_area"]),
            "goal_before": _text(b["goal"]), "goal": _text(n["goal"]),
            "budget_before": b["_budget"], "budget": n["_budget"],
            "comment": " ".join(dict.fromkeys(comments)) or None,
        })
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["budget_before"] = out["budget_before"].astype("Float64")
    out["budget"] = out["budget"].astype("Float64")
    out["comment"] = out["comment"].astype("string")
    return out
