"""Vedlegg 3 – Tiltaksoversikt: every project of the period, with its facts, its timeline over the chain and
the dependencies around it; and ``tables/prosjekthistorikk.csv``, the chain one row per project and period.

Pure data (the page's markup is :mod:`ehp_analysis.chapter.tiltak`). Every function takes the chain oldest
first, the period reported on last, as :mod:`.history` does. Withheld amounts are ``<NA>`` here, as
everywhere: they never leave the metrics.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..portfolio import Portfolio
from ._common import NOT_ASSESSED, amounts
from .appendix import programme_of
from .history import chain_table

FACT_COLUMNS = ["id", "name", "organisation", "owner", "type", "phase", "focus_area", "focus_area_name", "goal",
                "goal_name", "other_goals", "budget", "total_cost", "benefits", "benefits_not_answered",
                "programme_id", "members", "status", "risk", "status_comment", "risk_comment", "status_reasons"]
TIMELINE_COLUMNS = ["id", "period", "present", "not_delivered", "status", "risk", "budget"]
EXPORT_COLUMNS = ["period", "id", "name", "status", "risk", "budget", "total_cost"]


def facts(current: Portfolio) -> pd.DataFrame:
    """One row per project of the period, sorted by id: what the Tiltaksoversikt says about it now.

    Returns
    -------
    DataFrame
        :data:`FACT_COLUMNS`. ``focus_area_name`` from the period's own strategy; for a strategy with goals
        ``goal`` (the main goal), ``goal_name`` and ``other_goals`` (a tuple), else ``<NA>`` and ``()``; amounts ``<NA>`` where not
        reported or withheld; ``benefits_not_answered`` True where ``gevinster`` was ``-``; ``programme_id``
        the programme the project is part of (``del_av_program``, only when it names a programme of the
        period, as Vedlegg 1 shows it); ``members`` the ids of a programme's own projects (a tuple, empty for
        others); status and risk as words, ``<NA>`` when not assessed; ``status_reasons`` a tuple of codes.
    """
    p = current.projects
    out = p[["id", "name", "organisation", "owner", "type", "phase", "focus_area", "status", "risk"]].copy()
    strategy = current.reference.strategy
    out["focus_area_name"] = out["focus_area"].map(strategy.focus_areas).astype("string")
    if strategy.has_goals:  # the 2023-2030 strategy: the main goal and the others the project supports
        out["goal"] = p["goal"].astype("Int64")
        out["goal_name"] = out["goal"].astype("string").map(strategy.goals).astype("string")
        out["other_goals"] = [tuple(sorted(int(g) for g in o)) if isinstance(o, tuple) else () for o in p["other_goals"]]
    else:
        out["goal"] = pd.array([pd.NA] * len(p), dtype="Int64")
        out["goal_name"] = pd.array([pd.NA] * len(p), dtype="string")
        out["other_goals"] = [()] * len(p)
    for field in ("budget", "total_cost", "benefits"):
        out[field] = amounts(p, field)
    out["benefits_not_answered"] = p["benefits_not_answered"].astype(bool)
    programme = programme_of(current)
    out["programme_id"] = programme
    members: dict[int, list[int]] = {}
    for pid, prog in zip(p["id"], programme):
        if pd.notna(prog):
            members.setdefault(int(prog), []).append(int(pid))
    out["members"] = [tuple(sorted(members.get(int(i), ()))) for i in p["id"]]
    for field in ("status_comment", "risk_comment"):
        out[field] = p[field]
    out["status_reasons"] = p["status_reasons"] if "status_reasons" in p.columns else [()] * len(p)
    for field in ("type", "phase", "status", "risk"):
        out[field] = out[field].astype("string")
    return out[FACT_COLUMNS].sort_values("id", kind="stable").reset_index(drop=True)


def timelines(chain: Sequence[Portfolio]) -> pd.DataFrame:
    """Every project of the period, in every period of the chain from the first it appears in to now.

    A period in between that the project was absent from is a row with ``present`` False (a gap: it left
    and came back, or, with ``not_delivered`` True, that period lists it in ``ikke_levert.csv``: it did not
    report); periods before its first appearance are not rows (it had not joined yet).

    Returns
    -------
    DataFrame
        :data:`TIMELINE_COLUMNS`, sorted by id, then oldest period first: ``status``/``risk`` as words
        (``<NA>`` where absent or not assessed: ``present`` tells which), ``budget`` ``Float64`` (``<NA>`` where
        absent, not reported or withheld), each in its own period's budget year.
    """
    chain = list(chain)
    periods = [p.period for p in chain]
    rank = {period: i for i, period in enumerate(periods)}
    table = chain_table(chain)[["period", "id", "status", "risk", "budget"]]
    table = table[table["id"].isin(chain[-1].ids)]
    first = table.assign(_r=table["period"].map(rank)).groupby("id")["_r"].min()
    grid = pd.DataFrame([(int(i), periods[r]) for i, start in first.items() for r in range(int(start), len(periods))],
                        columns=["id", "period"])
    out = grid.merge(table.assign(present=True), on=["id", "period"], how="left")
    out["present"] = out["present"].astype("boolean").fillna(False).astype(bool)
    missing = {(p.period, i) for p in chain for i in p.not_delivered_ids}
    out["not_delivered"] = [(period, int(i)) in missing for period, i in zip(out["period"], out["id"])]
    for field in ("status", "risk"):
        out[field] = out[field].astype("string")
    out["budget"] = out["budget"].astype("Float64")
    out["_r"] = out["period"].map(rank)
    return out.sort_values(["id", "_r"], kind="stable")[TIMELINE_COLUMNS].reset_index(drop=True)


def dependencies(current: Portfolio) -> pd.DataFrame:
    """The period's dependencies, sorted by project, then criticality (høy first), then name.

    Returns
    -------
    DataFrame
        ``project_id, dependency, depends_on_id, category, criticality, status, theme``; ``depends_on_id``
        only where it names *another project of the period* (``<NA>`` otherwise: the dependency then stands
        for the component named by ``dependency``); status as words, ``<NA>`` when not assessed.
    """
    d = current.dependencies.copy()
    ids = current.ids
    target = d["depends_on_id"]
    d["depends_on_id"] = pd.array([int(t) if pd.notna(t) and int(t) in ids and int(t) != int(s) else None
                                   for t, s in zip(target, d["project_id"])], dtype="Int64")
    order = {"høy": 0, "middels": 1, "lav": 2}
    d["_c"] = d["criticality"].astype("string").map(order).fillna(3)
    d = d.sort_values(["project_id", "_c", "dependency"], kind="stable")
    for field in ("category", "criticality", "status"):
        d[field] = d[field].astype("string")
    return d[["project_id", "dependency", "depends_on_id", "category", "criticality", "status", "theme"]
             ].reset_index(drop=True)


def dependents(current: Portfolio) -> dict[int, list[tuple[int, str | None]]]:
    """The portfolio projects that depend on each project: ``{id: [(dependent id, criticality), ...]}``.

    From the dependencies whose ``avhenger_av_id`` names another project of the period; sorted by the
    dependent's id; a project that depends twice on the same one is listed once, with its highest criticality.
    """
    d = dependencies(current)
    d = d[d["depends_on_id"].notna()]
    out: dict[int, dict[int, str | None]] = {}
    for target, source, criticality in zip(d["depends_on_id"], d["project_id"], d["criticality"]):
        crit = None if pd.isna(criticality) else str(criticality)
        seen = out.setdefault(int(target), {})
        if int(source) not in seen:  # the first row is the most critical (sorted by criticality)
            seen[int(source)] = crit
    return {t: sorted(by.items()) for t, by in sorted(out.items())}


def history_export(chain: Sequence[Portfolio]) -> pd.DataFrame:
    """``tables/prosjekthistorikk.csv``: one row per project per period of the chain, oldest period first.

    Returns
    -------
    DataFrame
        :data:`EXPORT_COLUMNS`; status and risk as words (``ikke vurdert`` when not assessed, ``unntatt
        offentlighet`` when the rating is withheld: a category, shown in words); amounts
        ``<NA>`` (an empty cell) where not reported or withheld.
    """
    table = chain_table(chain)
    out = table[EXPORT_COLUMNS].copy()
    for field in ("status", "risk"):
        out[field] = out[field].astype("string").fillna(NOT_ASSESSED)
    return out.reset_index(drop=True)


__all__ = ["EXPORT_COLUMNS", "FACT_COLUMNS", "TIMELINE_COLUMNS", "dependencies", "dependents", "facts",
           "history_export", "timelines"]
