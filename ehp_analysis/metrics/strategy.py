"""Chapter 3, Realisering av nasjonal e-helsestrategi: budget per strategic area and focus area.

Each period is counted with its own assignment and its own strategy reference: a project that moved focus
area counts under its old area in the previous period and under its new one now.
"""

from __future__ import annotations

import pandas as pd

from ..portfolio import Portfolio
from ._common import amounts, focus_sort_key, total


def _area_rows(portfolio: Portfolio) -> list[dict]:
    p = portfolio.projects
    rows = []
    for area, name in portfolio.reference.strategy.areas.items():
        t = total(p[p["strategic_area"] == area], "budget")
        rows.append({"area": area, "area_name": name, "period": portfolio.period,
                     "budget": 0.0 if t.n == 0 else t.value, "projects": t.n, "n_not_reported": t.n_not_reported})
    return rows


def budget_by_strategic_area(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Budget per strategic area (satsningsområde) for this and the previous period.

    Returns
    -------
    DataFrame
        Tidy: ``area, area_name, period, budget, projects, n_not_reported``; one row per area of each period's
        own strategy, current period first. ``budget`` is 0.0 for an area without projects and ``<NA>`` when
        none of its projects reported a budget.
    """
    rows = _area_rows(current) + (_area_rows(previous) if previous is not None else [])
    out = pd.DataFrame(rows, columns=["area", "area_name", "period", "budget", "projects", "n_not_reported"])
    out["budget"] = out["budget"].astype("Float64")
    return out


def _focus_summary(portfolio: Portfolio) -> pd.DataFrame:
    p = portfolio.projects.assign(_budget=amounts(portfolio.projects, "budget"))
    g = p.groupby("focus_area", observed=True)
    return pd.DataFrame({
        "projects": g.size(),
        "budget": g["_budget"].sum(min_count=1),
        "n_not_reported": g["_budget"].apply(lambda s: int(s.isna().sum())),
    })


def by_focus_area(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Per focus area (innsatsområde): projects, budget, previous budget and change.

    Returns
    -------
    DataFrame
        ``focus_area, focus_area_name, area, projects, budget, n_not_reported, previous_projects,
        previous_budget, change``; every focus area of the current strategy plus any the previous period
        used, sorted by code. Budgets are ``<NA>`` where no project of the area reported one (0.0 where the
        area has no projects); the previous columns are ``<NA>`` for a first period.
    """
    strategy = current.reference.strategy
    now = _focus_summary(current)
    before = _focus_summary(previous) if previous is not None else None
    codes = set(strategy.focus_areas) | set(now.index)
    names = dict(strategy.focus_areas)
    if previous is not None:
        codes |= set(before.index)
        for code, name in previous.reference.strategy.focus_areas.items():
            names.setdefault(code, name)
    rows = []
    for code in sorted(codes, key=focus_sort_key):
        row = {"focus_area": code, "focus_area_name": names.get(code, ""), "area": strategy.area_of(code)}
        for prefix, summary in (("", now), ("previous_", before)):
            if summary is None:
                row.update({f"{prefix}projects": pd.NA, f"{prefix}budget": pd.NA})
                if not prefix:
                    row["n_not_reported"] = 0
                continue
            if code in summary.index:
                row[f"{prefix}projects"] = int(summary.loc[code, "projects"])
                row[f"{prefix}budget"] = summary.loc[code, "budget"]
                if not prefix:
                    row["n_not_reported"] = int(summary.loc[code, "n_not_reported"])
            else:
                row[f"{prefix}projects"] = 0
                row[f"{prefix}budget"] = 0.0
                if not prefix:
                    row["n_not_reported"] = 0
        rows.append(row)
    cols = ["focus_area", "focus_area_name", "area", "projects", "budget", "n_not_reported",
            "previous_projects", "previous_budget"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("budget", "previous_budget"):
        out[col] = pd.array(out[col].tolist(), dtype="Float64")
    out["projects"] = out["projects"].astype("int64")
    out["previous_projects"] = pd.array(out["previous_projects"].tolist(), dtype="Int64")
    out["change"] = out["budget"] - out["previous_budget"]
    return out


def largest_projects(current: Portfolio, n: int = 3) -> pd.DataFrame:
    """The ``n`` projects with the largest reported budget in each strategic area.

    Returns
    -------
    DataFrame
        ``area, area_name, rank, id, name, organisation, focus_area, budget``, by area then rank; projects
        without a reported budget are not ranked.
    """
    p = current.projects.assign(budget=amounts(current.projects, "budget"))
    p = p[p["budget"].notna()].sort_values(["strategic_area", "budget", "id"], ascending=[True, False, True])
    top = p.groupby("strategic_area", observed=True).head(n).copy()
    top["rank"] = top.groupby("strategic_area", observed=True).cumcount() + 1
    top["area"] = top["strategic_area"]
    top["area_name"] = top["area"].map(current.reference.strategy.areas).astype("string")
    cols = ["area", "area_name", "rank", "id", "name", "organisation", "focus_area", "budget"]
    top = top[cols]
    return top.sort_values(["area", "rank"], key=lambda s: s.map(focus_sort_key) if s.name == "area" else s
                           ).reset_index(drop=True)


def same_strategy(current: Portfolio, previous: Portfolio) -> bool:
    """Whether the two periods use the same strategy (version, areas and focus areas alike)."""
    a, b = current.reference.strategy, previous.reference.strategy
    return (a.version, a.areas, a.focus_areas) == (b.version, b.areas, b.focus_areas)


def moved_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame | None:
    """Continuing projects whose focus area changed since the previous period.

    Returns
    -------
    DataFrame or None
        ``id, name, organisation, previous_focus_area, previous_focus_area_name, focus_area,
        focus_area_name``, by id; ``None`` when there is no previous period or the two periods use different
        strategies (a code then means something else, so a "move" says nothing).
    """
    if previous is None or not same_strategy(current, previous):
        return None
    names = current.reference.strategy.focus_areas
    before = previous.projects.set_index("id")["focus_area"]
    now = current.projects[current.projects["id"].isin(before.index)].copy()
    now["previous_focus_area"] = now["id"].map(before).astype("string")
    moved = now[now["focus_area"].astype("string") != now["previous_focus_area"]].copy()
    moved["focus_area_name"] = moved["focus_area"].map(names).astype("string")
    moved["previous_focus_area_name"] = moved["previous_focus_area"].map(names).astype("string")
    cols = ["id", "name", "organisation", "previous_focus_area", "previous_focus_area_name", "focus_area",
            "focus_area_name"]
    return moved.sort_values("id")[cols].reset_index(drop=True)
