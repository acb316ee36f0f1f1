"""Every key of key_figures.json, and the one accessor that reads them (report.md, "key_figures.json" and "More of
key_figures.json").

:data:`KEYS` lists each dotted key once, with when it may be absent (``None``: always present; a value may still be
``null``, as report.md says: a sum of nothing reported, a comparison without a previous period). A key ending in
``.*`` is a map whose own keys come from the data (colours, owner groups, rule ids, periods). Every key is also
read under ``previous.`` (the previous period's own figures), absent in a first period.

:func:`key_figure` reads a dotted key: ``None`` for a listed key that is absent or null, a ``KeyError`` for a key
that is not listed, so a misspelt key fails instead of reading as "no previous period".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_GOALS = "absent unless the period's strategy has goals (strategy.uses_goals)"
_AREAS = "absent when the period's strategy has goals (then budget.by_goal)"
_CHAIN = "absent when the key figures were computed without the chain (key_figures(chain=None))"

#: Every key of key_figures.json -> when it may be absent (None: always present).
KEYS: dict[str, str | None] = {
    "period": None,
    "previous_period": None,
    "currency": None,
    "malform": "absent in the previous period's figures (the report's written standard is said once, at the top)",
    "projects.count": None,
    "projects.programmes": None,
    "projects.new_ids": None,
    "projects.left_ids": None,
    "projects.left_unexplained_ids": None,
    "projects.not_delivered_ids": None,
    "projects.by_owner_group.*": None,
    "projects.by_goal.*": _GOALS,
    "projects.supporting_goal.*": _GOALS,
    "budget.year": None,
    "budget.total": None,
    "budget.n_reported": None,
    "budget.not_reported_ids": None,
    "budget.withheld_count": None,
    "budget.by_owner_group.*": None,
    "budget.by_goal.*": _GOALS,
    "budget.by_strategic_area.*": _AREAS,
    "budget.by_focus_area.*": _AREAS,
    # null (not absent) in a first period, after a change of currency or when either total is null
    "budget.bridge": None,
    **{f"budget.bridge.{step}": "absent when budget.bridge is null" for step in (
        "previous_total", "left", "joined", "stopped_reporting", "started_reporting", "continuing_change", "total")},
    "budget.joined_without_budget_ids": None,
    "budget.not_delivered_previous_total": None,
    "strategy.version": None,
    **{f"{measure}.{key}": None for measure in ("status", "risk") for key in ("counts.*", "shares.*", "red_ids")},
    "costs.total_cost": None,
    "costs.total_cost_not_reported": None,
    "costs.total_cost_not_reported_share": None,
    "costs.total_cost_withheld": None,
    "costs.total_cost_bands.*": None,
    "costs.maintenance": None,
    "costs.maintenance_change": None,
    "costs.maintenance_not_reported": None,
    "costs.maintenance_not_reported_share": None,
    "costs.maintenance_withheld": None,
    "benefits.quantifiable_count": None,
    "benefits.quantifiable_share": None,
    "benefits.over_100_count": None,
    "benefits.over_100_share": None,
    "benefits.total": None,
    "benefits.withheld_count": None,
    "benefits.not_answered_count": None,
    "benefits.maturity_assessed": None,
    "benefits.maturity_not_answered": None,
    "benefits.maturity_medium_or_high": None,
    "benefits.maturity_counts.*": None,
    "dependencies.reported": None,
    "dependencies.count": None,
    "dependencies.high_count": None,
    "dependencies.high_share": None,
    "dependencies.by_category.*": None,
    "dependencies.red_count": None,
    "dependencies.red_by_theme.*": None,
    "dependencies.most_depended_on": None,
    "dependencies.at_risk_ids": None,
    "prerequisites.municipal_org_development_count": None,
    "prerequisites.municipal_org_development_share": None,
    "prerequisites.municipal_org_development_not_answered": None,
    "prerequisites.epj_medium_or_high_count": None,
    "prerequisites.epj_medium_or_high_share": None,
    "prerequisites.epj_not_answered": None,
    "tests.status_shift.*": None,
    "tests.risk_shift.*": None,
    "tests.risk_vs_high_dependencies.*": None,
    "warnings.*": None,  # warnings.<rule id>, warnings.projects, warnings.not_assessed
    "prioritisation.plotted_count": None,
    "prioritisation.left_out_count": None,
    "prioritisation.ratio_top_ids": None,
    "history.periods": _CHAIN,
    **{f"history.{key}.*": _CHAIN for key in ("projects_count", "budget_total", "budget_not_reported_count",
                                              "status_counts", "risk_counts", "joined_count", "left_count")},
    # against what was first reported (report.md): with the chain, like history.*
    **{f"baseline.{key}": _CHAIN for key in ("projects_counted", "projects_not_counted", "first_total_cost_sum",
                                             "now_total_cost_sum", "growth_share", "growth_ids")},
    "baseline.slip_months.*": "absent when no template of the chain collects planlagt_slutt, or without the chain",
}
#: The previous period's figures: every key of :data:`KEYS` again under this prefix.
PREVIOUS = "previous"
WHEN_NO_PREVIOUS = "absent in a first period (no previous period)"


def absent_when(dotted: str) -> str | None:
    """When the key ``dotted`` may be absent (``None``: never); a ``KeyError`` for a key :data:`KEYS` lacks."""
    parts = dotted.split(".")
    if parts[0] == PREVIOUS:
        if len(parts) > 1:
            absent_when(".".join(parts[1:]))
        return WHEN_NO_PREVIOUS
    if dotted in KEYS:
        return KEYS[dotted]
    for end in range(len(parts), 0, -1):
        star = ".".join(parts[:end]) + ".*"
        if star in KEYS:  # a map, or one of its entries
            return KEYS[star]
    raise KeyError(f"{dotted!r} is not a key of key_figures.json (ehp_analysis.key_figure.KEYS)")


def key_figure(figures: Mapping | None, dotted: str) -> Any:
    """The key figure ``dotted`` (``"projects.count"``, ``"previous.budget.total"``) of ``figures``.

    ``None`` when the key is absent or null (no previous period, no bridge, a map without that entry); a
    ``KeyError`` when ``dotted`` is not a key of :data:`KEYS`, whatever ``figures`` holds."""
    absent_when(dotted)
    node: Any = figures
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def previous_figures(figures: Mapping) -> Mapping | None:
    """The previous period's key figures (``figures["previous"]``), ``None`` in a first period."""
    return key_figure(figures, PREVIOUS) or None


__all__ = ["KEYS", "PREVIOUS", "absent_when", "key_figure", "previous_figures"]
