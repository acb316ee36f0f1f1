"""key_figures.json: the machine-readable face of the report (see report.md for the keys).

Amounts in millions of the period's currency (``currency``, an ISO 4217 code: "NOK" is mill. kr) as floats,
shares as fractions 0–1, counts as ints, ids as sorted ints; fixed category
sets keep their zero entries. Withheld values never appear, only counts of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..portfolio import Portfolio
from . import baseline, costs, dependencies, history, network, overview, priority, status, strategy
from . import early_warnings as warnings
from ..words import _, malform
from ._common import amounts, clean_number, sorted_ids

AMOUNT_DIGITS = 9  # enough to keep the bridge adding up to 1e-6; drops float noise like 1649.9999999999998


def _amount(value):
    value = clean_number(value)
    # + 0.0 turns a negative zero (a change of nothing) into 0.0: JSON never says -0.0
    return None if value is None else round(float(value), AMOUNT_DIGITS) + 0.0


def _colours(portfolio: Portfolio, measure: str) -> dict:
    s = status.shares(portfolio, measure)
    return {"counts": {c: v.count for c, v in s.items()},
            "shares": {c: v.value for c, v in s.items()},
            "red_ids": status.red_ids(portfolio, measure)}


def _budget_by_strategy(portfolio: Portfolio) -> dict:
    """``by_goal`` for a period whose strategy has goals (no areas: ``by_strategic_area`` and ``by_focus_area``
    are absent, not empty), else ``by_strategic_area`` and ``by_focus_area``."""
    if strategy.uses_goals(portfolio):
        return {"by_goal": {r.goal: _amount(r.budget) for r in strategy.budget_by_goal(portfolio).itertuples()}}
    return {"by_strategic_area": {r.area: _amount(r.budget)
                                  for r in strategy.budget_by_strategic_area(portfolio).itertuples()},
            "by_focus_area": {r.focus_area: _amount(r.budget) for r in strategy.by_focus_area(portfolio).itertuples()}}


def _projects_by_goal(portfolio: Portfolio) -> dict:
    """``by_goal`` (tiltak with the goal as main goal) and ``supporting_goal`` (main or other goal), every goal kept."""
    goals = strategy.budget_by_goal(portfolio)
    return {"by_goal": {r.goal: int(r.projects) for r in goals.itertuples()},
            "supporting_goal": {r.goal: int(r.supporting) for r in goals.itertuples()}}


def _figures(current: Portfolio, previous: Portfolio | None) -> dict:
    p = current.projects
    by_owner = overview.projects_by_owner_group(current)
    budget = overview.budget_total(current)
    bridge = overview.budget_bridge(current, previous)
    budget_owner = overview.budget_by_owner_group(current)
    goals = strategy.uses_goals(current)
    left = overview.left_projects(current, previous)
    total_cost = costs.total_cost(current)
    bands = costs.cost_bands(current)
    maint = costs.maintenance(current, previous)
    ben = costs.benefits(current)
    maturity = costs.benefit_maturity(current)
    high = dependencies.high_share(current)
    deps = current.dependencies_reported  # no dependency table: every dependency figure is null, not 0
    mann_whitney = dependencies.risk_vs_dependencies(current)
    epj = dependencies.epj_medium_or_high_share(current)
    municipal = dependencies.municipal_org_development_share(current)
    status_test = status.sign_test(current, previous, "status")
    risk_test = status.sign_test(current, previous, "risiko")
    not_reported = p["id"][amounts(p, "budget").isna()]

    return {
        "period": current.period,
        "previous_period": previous.period if previous is not None else None,
        "currency": current.currency,
        "projects": {
            "count": len(p),
            "programmes": int((p["type"] == "program").sum()),
            "new_ids": overview.joined_ids(current, previous),
            "left_ids": overview.left_ids(current, previous),
            "left_unexplained_ids": sorted_ids(left.loc[~left["explained"], "id"]) if previous is not None else None,
            # ikke_levert.csv: not delivered this time, neither left nor in the bridge ([] when complete)
            "not_delivered_ids": sorted_ids(current.not_delivered["id"]),
            "by_owner_group": {r.owner_group: {"program": int(r.program), "prosjekt": int(r.prosjekt)}
                               for r in by_owner.itertuples()},
            **(_projects_by_goal(current) if goals else {}),
        },
        "budget": {
            "year": current.budget_year,
            "total": _amount(budget.value),
            "n_reported": budget.n_reported,
            "not_reported_ids": sorted_ids(not_reported),
            "withheld_count": budget.n_withheld,
            "by_owner_group": {r.owner_group: _amount(r.budget) for r in budget_owner.itertuples()},
            **_budget_by_strategy(current),
            "bridge": ({k: _amount(v) for k, v in bridge.as_dict().items()} if bridge.complete else None),
            "joined_without_budget_ids": bridge.joined_without_budget if bridge.complete else None,
            "not_delivered_previous_total": _amount(bridge.not_delivered) if bridge.complete else None,
        },
        "strategy": {"version": current.reference.strategy.version},
        "status": _colours(current, "status"),
        "risk": _colours(current, "risiko"),
        "costs": {
            "total_cost": _amount(total_cost.value),
            "total_cost_not_reported": total_cost.n_not_reported,
            "total_cost_not_reported_share": total_cost.not_reported_share.value,
            "total_cost_withheld": total_cost.n_withheld,
            "total_cost_bands": ({r.band: int(r.count) for r in bands.itertuples()}
                                 if bands.attrs["n_reported"] else None),
            "maintenance": _amount(maint.current.value),
            "maintenance_change": _amount(maint.change),
            "maintenance_not_reported": maint.current.n_not_reported,
            "maintenance_not_reported_share": maint.current.not_reported_share.value,
            "maintenance_withheld": maint.current.n_withheld,
        },
        "benefits": {
            "quantifiable_count": ben.quantifiable.count,
            "quantifiable_share": ben.quantifiable.value,
            "over_100_count": ben.over_100.count,
            "over_100_share": ben.over_100.value,
            "total": _amount(ben.total),
            "withheld_count": ben.n_withheld,
            "not_answered_count": ben.n_not_answered,
            "maturity_assessed": maturity.assessed,
            "maturity_not_answered": maturity.not_answered,
            "maturity_medium_or_high": maturity.medium_or_high if maturity.assessed else None,
            "maturity_counts": maturity.counts() if maturity.assessed else None,
        },
        "dependencies": {
            "reported": bool(current.dependencies_reported),
            "count": dependencies.count(current),
            "high_count": high.count if deps else None,
            "high_share": high.value,
            "by_category": ({r.category: int(r.count) for r in dependencies.by_category(current).itertuples()}
                            if deps else None),
            "red_count": int((current.dependencies["status"] == "rød").sum()) if deps else None,
            "red_by_theme": ({r.theme: int(r.count) for r in dependencies.red_by_theme(current).itertuples()}
                             if deps else None),
        },
        "prerequisites": {
            "municipal_org_development_count": municipal.count if municipal.n_answered else None,
            "municipal_org_development_share": municipal.value,
            "municipal_org_development_not_answered": municipal.n_not_answered,
            "epj_medium_or_high_count": epj.count if epj.n_answered else None,
            "epj_medium_or_high_share": epj.value,
            "epj_not_answered": epj.n_not_answered,
        },
        "tests": {
            "status_shift": status_test.as_dict() if status_test else None,
            "risk_shift": risk_test.as_dict() if risk_test else None,
            "risk_vs_high_dependencies": mann_whitney.as_dict() if mann_whitney else None,
        },
    }


def _decisions(figures: dict, chain: tuple) -> None:
    """Add the keys of report.md's "More of key_figures.json" for decisions to ``figures`` (the chain's last period):
    ``warnings.<rule id>`` (``None`` when not assessed), ``warnings.projects``, ``warnings.not_assessed`` (rule id ->
    reason code, ``{}`` when every rule was assessed), ``prioritisation.*``, ``dependencies.most_depended_on`` and
    ``dependencies.at_risk_ids`` (both null when the period has no dependency table)."""
    current = chain[-1]
    found = warnings.evaluate(chain)
    prio = priority.prioritisation(current)
    deps = current.dependencies_reported
    # A rule that cannot be assessed is null, with its reason under not_assessed ({} when every rule was assessed).
    figures["warnings"] = {**warnings.ids_by_rule(chain, warnings=found), "projects": sorted_ids(set(found["id"])),
                           "not_assessed": warnings.not_assessed(chain)}
    figures["prioritisation"] = {"plotted_count": prio.plotted_count, "left_out_count": prio.left_out_count,
                                 "ratio_top_ids": prio.ratio_top_ids}
    figures["dependencies"]["most_depended_on"] = (
        [{"name": r.label, "count": int(r.high_dependents)} for r in network.most_depended_on(current).itertuples()]
        if deps else None)
    figures["dependencies"]["at_risk_ids"] = network.at_risk_ids(current) if deps else None


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, str):
        return obj
    value = clean_number(obj)
    if isinstance(value, float) and value != value:  # pragma: no cover - NaN guarded by clean_number
        return None
    return value


def _history(chain) -> dict:
    """``history.*``: per period of the chain (report.md, "More of key_figures.json"), amounts as elsewhere."""
    figures = history.history_figures(chain)
    figures["budget_total"] = {p: _amount(v) for p, v in figures["budget_total"].items()}
    return figures


def _baseline(chain) -> dict:
    """``baseline.*``: against what was first reported in the chain (report.md), sums as the other amounts."""
    figures = baseline.key_figures(chain)
    for key in ("first_total_cost_sum", "now_total_cost_sum"):
        figures[key] = _amount(figures[key])
    return figures


def key_figures(current: Portfolio, previous: Portfolio | None = None, *, chain=None) -> dict:
    """Every key figure of the report for ``current``, and the same for ``previous`` under ``"previous"``.

    ``currency`` is the ISO 4217 code the amounts are in (``previous.currency`` the previous period's). When the
    two differ, the amounts are not compared: ``previous.*`` keeps the previous period's amounts as they are
    (facts of that period, in its own currency), but nothing is computed across the change: ``budget.bridge``,
    ``budget.joined_without_budget_ids`` and ``budget.not_delivered_previous_total`` are ``null`` (as for a
    first period) and so is ``costs.maintenance_change``. ``history.budget_total`` likewise keeps each period's
    total in that period's own currency; "Utvikling over tid" draws only the periods in the current one.

    Parameters
    ----------
    current : Portfolio
    previous : Portfolio, optional
        The previous period; its own figures are computed with *its* previous as ``None`` (and its own
        reference data). Omitted for a first period.
    chain : sequence of Portfolio, optional
        The period's chain, oldest first, ending with ``current`` (the early warnings look back along it),
        which also gives ``history.*`` and ``baseline.*``. Default: ``previous`` and ``current``, so rules that need more periods
        say nothing, and there is no ``history`` key (a reader that declared only ``previous`` does not know
        the chain).

    Returns
    -------
    dict
        Nested by the dotted names of report.md's key_figures.json section (plus counts behind every share
        and the statistical tests under ``tests``); JSON-serialisable, no numpy types, NaN as ``None``.
    """
    given = chain is not None
    chain = tuple(p for p in (previous, current) if p is not None) if chain is None else tuple(chain)
    if not chain or chain[-1].period != current.period:
        raise ValueError(_("chain må slutte med perioden selv"))
    figures = _figures(current, previous)
    _decisions(figures, chain)
    if previous is not None:
        figures["previous"] = _figures(previous, None)
        before = chain[:-1] if len(chain) > 1 and chain[-2].period == previous.period else (previous,)
        _decisions(figures["previous"], before)
    if given:
        figures["history"] = _history(chain)
        figures["baseline"] = _baseline(chain)
    figures["malform"] = malform()  # the written standard of the report the figures belong to (nokkeltall.md)
    return _jsonable(figures)


def write_key_figures(figures: dict, path: str | Path) -> Path:
    """Write ``figures`` as UTF-8 JSON (non-ASCII kept, indent 2, keys sorted) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n",
                    encoding="utf-8")
    return path


__all__ = ["key_figures", "write_key_figures"]
