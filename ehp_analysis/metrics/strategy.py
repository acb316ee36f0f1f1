"""Chapter 3, Realisering av nasjonal e-helsestrategi: budget per strategic area and focus area, or per
strategic goal for a period whose strategy has goals (2023-2030).

Each period is counted with its own assignment and its own strategy reference: a project that moved focus
area counts under its old area in the previous period and under its new one now. Areas or goals are compared
only between periods that report against the same strategy (:func:`compared`).
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
    """Whether the two periods use the same strategy (version, areas, focus areas and goals alike)."""
    a, b = current.reference.strategy, previous.reference.strategy
    return (a.version, a.areas, a.focus_areas, a.goals) == (b.version, b.areas, b.focus_areas, b.goals)


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


# ------------------------------------------------------------------------------------ strategic goals
#
# A strategy with goals (2023-2030) has no areas: each tiltak names one main goal (strategimal) and may
# support others (strategimal_andre). Goals compare only with a period that reports against the same
# strategy; across a change of strategy an area and a goal are different things and nothing is compared.


def uses_goals(portfolio: Portfolio) -> bool:
    """Whether the period reports against a strategy with goals (such as 2023-2030) rather than areas."""
    return portfolio.reference.strategy.has_goals


def compared(current: Portfolio, previous: Portfolio | None) -> Portfolio | None:
    """``previous`` when it reports against the same strategy as ``current`` (areas or goals then compare), else
    ``None``: a first period, or a change of strategy."""
    if previous is None or not same_strategy(current, previous):
        return None
    return previous


def strategy_changed(current: Portfolio, previous: Portfolio | None) -> bool:
    """Whether the previous period reported against another strategy (then no area or goal is compared)."""
    return previous is not None and not same_strategy(current, previous)


def _supports(projects: pd.DataFrame, goal: int) -> pd.Series:
    """Which tiltak support ``goal`` at all: as main goal or among their other goals."""
    main = projects["goal"].astype("Int64").eq(goal).fillna(False).astype(bool)
    others = projects["other_goals"].map(lambda goals: goal in goals if isinstance(goals, tuple) else False)
    return main | others.astype(bool)


def _goal_rows(portfolio: Portfolio) -> list[dict]:
    p = portfolio.projects
    main_goal = p["goal"].astype("Int64")
    rows = []
    for code, name in portfolio.reference.strategy.goals.items():
        is_main = main_goal.eq(int(code)).fillna(False).astype(bool)
        t = total(p[is_main], "budget")
        rows.append({"goal": code, "goal_name": name, "period": portfolio.period, "projects": t.n,
                     "supporting": int(_supports(p, int(code)).sum()),
                     "budget": 0.0 if t.n == 0 else t.value, "n_not_reported": t.n_not_reported})
    return rows


GOAL_COLUMNS = ["goal", "goal_name", "period", "projects", "supporting", "budget", "n_not_reported"]


def budget_by_goal(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Per strategic goal: the tiltak with it as main goal, those supporting it at all, and the main-goal budget.

    Parameters
    ----------
    current : Portfolio
        A period whose strategy has goals.
    previous : Portfolio, optional
        Its rows follow only when it reports against the same strategy (:func:`compared`).

    Returns
    -------
    DataFrame
        Tidy: ``goal`` (``"1"``..), ``goal_name, period, projects`` (main goal), ``supporting`` (main or other
        goal), ``budget`` (sum of the main-goal tiltak's reported budgets: 0.0 for a goal no tiltak has as main
        goal, ``<NA>`` when none of them reported one), ``n_not_reported``; current period first.
    """
    before = compared(current, previous)
    rows = _goal_rows(current) + (_goal_rows(before) if before is not None else [])
    out = pd.DataFrame(rows, columns=GOAL_COLUMNS)
    out["budget"] = out["budget"].astype("Float64")
    return out


def by_goal(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """The goal table of chapter 3: one row per goal of the current strategy.

    Returns
    -------
    DataFrame
        ``goal, goal_name, main_projects`` (with the goal as main goal), ``supporting`` (main or other goal),
        ``budget, n_not_reported, previous_main_projects, previous_supporting, previous_budget, change``; the
        previous columns are ``<NA>`` unless ``previous`` reports against the same strategy.
    """
    tidy = budget_by_goal(current, previous).rename(columns={"projects": "main_projects"})
    now = tidy[tidy["period"] == current.period].set_index("goal")
    before = compared(current, previous)
    then = tidy[tidy["period"] == before.period].set_index("goal") if before is not None else None
    out = now[["goal_name", "main_projects", "supporting", "budget", "n_not_reported"]].reset_index()
    for col in ("main_projects", "supporting", "budget"):
        values = then[col].reindex(out["goal"]).tolist() if then is not None else [pd.NA] * len(out)
        out[f"previous_{col}"] = pd.array(values, dtype="Float64" if col == "budget" else "Int64")
    out["budget"] = out["budget"].astype("Float64")
    out["change"] = out["budget"] - out["previous_budget"]
    return out


def largest_by_goal(current: Portfolio, n: int = 3) -> pd.DataFrame:
    """The ``n`` tiltak with the largest reported budget per main goal.

    Returns
    -------
    DataFrame
        ``goal, goal_name, rank, id, name, organisation, budget``, by goal then rank; tiltak without a reported
        budget are not ranked.
    """
    p = current.projects.assign(budget=amounts(current.projects, "budget"))
    p = p[p["budget"].notna() & p["goal"].notna()].copy()
    p = p.sort_values(["goal", "budget", "id"], ascending=[True, False, True])
    p["goal"] = p["goal"].astype("Int64").astype(str)
    top = p.groupby("goal", sort=False).head(n).copy()
    top["rank"] = top.groupby("goal", sort=False).cumcount() + 1
    top["goal_name"] = top["goal"].map(current.reference.strategy.goals).astype("string")
    cols = ["goal", "goal_name", "rank", "id", "name", "organisation", "budget"]
    return top[cols].reset_index(drop=True)


def moved_goal_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame | None:
    """Continuing tiltak whose main goal changed since the previous period.

    Returns
    -------
    DataFrame or None
        ``id, name, organisation, previous_goal, previous_goal_name, goal, goal_name``, by id; ``None`` when
        there is no previous period or it reports against another strategy.
    """
    before = compared(current, previous)
    if before is None:
        return None
    names = current.reference.strategy.goals
    then = before.projects.set_index("id")["goal"].astype("Int64")
    now = current.projects[current.projects["id"].isin(then.index)].copy()
    now["previous_goal"] = now["id"].map(then).astype("Int64")
    moved = now[now["goal"].astype("Int64").ne(now["previous_goal"]).fillna(False).astype(bool)].copy()
    for col in ("goal", "previous_goal"):
        moved[col] = moved[col].astype("Int64").astype("string")
        moved[f"{col}_name"] = moved[col].map(names).astype("string")
    cols = ["id", "name", "organisation", "previous_goal", "previous_goal_name", "goal", "goal_name"]
    return moved.sort_values("id")[cols].reset_index(drop=True)
