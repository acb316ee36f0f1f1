"""Chapter 3, Realisering av nasjonal e-helsestrategi: budget per strategic area and focus area, or per
strategic goal for a period whose strategy has goals (2023-2030).

Each period is counted with its own assignment and its own strategy reference: a project that moved focus
area counts under its old area in the previous period and under its new one now. Areas or goals are compared
only between periods that report against the same strategy (:func:`compared`).

Every function is written once, for a :class:`Grouping`: the strategy's goals (:data:`GOALS`), its strategic
areas (:data:`AREAS`) or its focus areas (:data:`FOCUS_AREAS`); the names the chapter calls
(:func:`budget_by_goal`, :func:`budget_by_strategic_area`, ...) name one grouping each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..portfolio import Portfolio
from ._common import amounts, focus_sort_key, total


@dataclass(frozen=True)
class Grouping:
    """What chapter 3 counts the projects under.

    Attributes
    ----------
    key : str
        The code's column in the tables (``goal``, ``area``, ``focus_area``); its name is ``<key>_name``.
    column : str
        The projects' column holding the code.
    names : str
        The strategy reference's mapping of code to name (``goals``, ``areas``, ``focus_areas``).
    numeric : bool
        Whether the projects hold the code as a number (a goal, ``3``) rather than as text (``"1.2"``).
    others : str or None
        The projects' column of further codes they support (``other_goals``): counted as ``supporting``.
    count : str
        The name of the count of projects with the code in :func:`table` (a goal's is its main goal's).
    parent : bool
        Whether :func:`table` names the strategic area each code belongs to (``area``).
    shown : tuple of str
        The projects' further columns :func:`largest` shows (an area's projects: their focus area).
    tidy : tuple of str
        The order of :func:`budget_by`'s columns after the code, its name and the period (the figures' CSV files
        keep it).
    """

    key: str
    column: str
    names: str
    numeric: bool = False
    others: str | None = None
    count: str = "projects"
    parent: bool = False
    shown: tuple[str, ...] = ()
    tidy: tuple[str, ...] = ("projects", "budget", "n_not_reported")

    def codes(self, values: pd.Series) -> pd.Series:
        """The projects' values as the reference's codes (text; ``<NA>`` where none)."""
        return (values.astype("Int64") if self.numeric else values).astype("string")

    def named(self, portfolio: Portfolio) -> Mapping[str, str]:
        return getattr(portfolio.reference.strategy, self.names)


GOALS = Grouping("goal", "goal", "goals", numeric=True, others="other_goals", count="main_projects",
                 tidy=("projects", "supporting", "budget", "n_not_reported"))
AREAS = Grouping("area", "strategic_area", "areas", shown=("focus_area",), tidy=("budget", "projects", "n_not_reported"))
FOCUS_AREAS = Grouping("focus_area", "focus_area", "focus_areas", parent=True)


def uses_goals(portfolio: Portfolio) -> bool:
    """Whether the period reports against a strategy with goals (such as 2023-2030) rather than areas."""
    return portfolio.reference.strategy.has_goals


def same_strategy(current: Portfolio, previous: Portfolio) -> bool:
    """Whether the two periods use the same strategy (version, areas, focus areas and goals alike)."""
    a, b = current.reference.strategy, previous.reference.strategy
    return (a.version, a.areas, a.focus_areas, a.goals) == (b.version, b.areas, b.focus_areas, b.goals)


def compared(current: Portfolio, previous: Portfolio | None) -> Portfolio | None:
    """``previous`` when it reports against the same strategy as ``current`` (areas or goals then compare), else
    ``None``: a first period, or a change of strategy."""
    if previous is None or not same_strategy(current, previous):
        return None
    return previous


def strategy_changed(current: Portfolio, previous: Portfolio | None) -> bool:
    """Whether the previous period reported against another strategy (then no area or goal is compared)."""
    return previous is not None and not same_strategy(current, previous)


# --------------------------------------------------------------------------------------- one grouping


def _supports(projects: pd.DataFrame, grouping: Grouping, code: str) -> pd.Series:
    """Which projects support ``code`` at all: as their own code or among their further codes."""
    main = grouping.codes(projects[grouping.column]).eq(code).fillna(False).astype(bool)
    further = projects[grouping.others].map(
        lambda codes: int(code) in codes if isinstance(codes, tuple) else False)
    return main | further.astype(bool)


def _rows(portfolio: Portfolio, grouping: Grouping, codes: Mapping[str, str] | None = None) -> list[dict]:
    """One row per code (default: the period's strategy's): its projects, its budget and who did not report one."""
    p = portfolio.projects
    held = grouping.codes(p[grouping.column])
    rows = []
    for code, name in (grouping.named(portfolio) if codes is None else codes).items():
        t = total(p[held.eq(code).fillna(False).astype(bool)], "budget")
        row = {grouping.key: code, f"{grouping.key}_name": name, "period": portfolio.period, "projects": t.n}
        if grouping.others:
            row["supporting"] = int(_supports(p, grouping, code).sum())
        rows.append({**row, "budget": 0.0 if t.n == 0 else t.value, "n_not_reported": t.n_not_reported})
    return rows


def _summed(portfolio: Portfolio, grouping: Grouping, rows: list[dict]) -> list[dict]:
    """``rows`` with each code's budget summed as a group (a compensated sum: 273,85 stays 273,85, not
    273,8499…): the chapter's table shows it to one decimal."""
    p = portfolio.projects
    sums = amounts(p, "budget").groupby(grouping.codes(p[grouping.column]).astype(object)).sum(min_count=1)
    return [{**row, "budget": sums.get(row[grouping.key], pd.NA) if row["projects"] else 0.0} for row in rows]


def budget_by(current: Portfolio, previous: Portfolio | None, grouping: Grouping) -> pd.DataFrame:
    """Budget per code of ``grouping`` for this period and the previous one (when it reports against the same
    strategy, :func:`compared`).

    Returns
    -------
    DataFrame
        Tidy: ``<key>, <key>_name, period, projects``, ``supporting`` (a grouping with further codes: projects
        with the code as their own or a further one), ``budget, n_not_reported``; one row per code of the
        strategy, current period first. ``budget`` is 0.0 for a code without projects and ``<NA>`` when none of
        its projects reported a budget.
    """
    before = compared(current, previous)
    rows = _rows(current, grouping) + (_rows(before, grouping) if before is not None else [])
    out = pd.DataFrame(rows, columns=[grouping.key, f"{grouping.key}_name", "period", *grouping.tidy])
    out["budget"] = out["budget"].astype("Float64")
    return out


def table(current: Portfolio, previous: Portfolio | None, grouping: Grouping) -> pd.DataFrame:
    """The table of chapter 3: one row per code, this period and the previous one (when it compares).

    Returns
    -------
    DataFrame
        ``<key>, <key>_name``, ``area`` (the strategic area of a focus area), the count of projects (``projects``;
        a goal's ``main_projects``), ``supporting`` (a goal's: main or other goal), ``budget, n_not_reported``,
        the same counts and budget of the previous period (``previous_…``) and ``change``. Every code of the
        current strategy plus any the projects of either period hold, sorted by code. Budgets are ``<NA>`` where
        no project with the code reported one (0.0 where it has no projects); the previous columns are ``<NA>``
        unless ``previous`` reports against the same strategy.
    """
    before = compared(current, previous)
    names = dict(grouping.named(current))
    for period in (current, before):
        if period is not None:
            for code in grouping.codes(period.projects[grouping.column]).dropna().unique():
                names.setdefault(str(code), "")
    codes = {code: names[code] for code in sorted(names, key=focus_sort_key)}
    counts = [grouping.count] + (["supporting"] if grouping.others else [])
    now = pd.DataFrame(_summed(current, grouping, _rows(current, grouping, codes))).rename(
        columns={"projects": grouping.count})
    out = now[[grouping.key, f"{grouping.key}_name"]].copy()
    if grouping.parent:
        out["area"] = [current.reference.strategy.area_of(code) for code in out[grouping.key]]
    for col in counts:
        out[col] = now[col].astype("int64")
    out["budget"] = now["budget"].astype("Float64")
    out["n_not_reported"] = now["n_not_reported"].astype("int64")
    then = (pd.DataFrame(_summed(before, grouping, _rows(before, grouping, codes))).rename(
        columns={"projects": grouping.count}) if before is not None else None)
    for col in counts + ["budget"]:
        values = then[col].tolist() if then is not None else [pd.NA] * len(out)
        out[f"previous_{col}"] = pd.array(values, dtype="Float64" if col == "budget" else "Int64")
    out["change"] = out["budget"] - out["previous_budget"]
    return out


def largest(current: Portfolio, grouping: Grouping, n: int = 3) -> pd.DataFrame:
    """The ``n`` projects with the largest reported budget per code of ``grouping``.

    Returns
    -------
    DataFrame
        ``<key>, <key>_name, rank, id, name, organisation``, the grouping's ``shown`` columns, ``budget``; by
        code then rank. Projects without a reported budget are not ranked.
    """
    p = current.projects.assign(budget=amounts(current.projects, "budget"))
    p = p[p["budget"].notna() & p[grouping.column].notna()].copy()
    p[grouping.key] = grouping.codes(p[grouping.column])
    p = p.sort_values([grouping.key, "budget", "id"], ascending=[True, False, True],
                      key=lambda s: s.map(focus_sort_key) if s.name == grouping.key else s)
    top = p.groupby(grouping.key, sort=False).head(n).copy()
    top["rank"] = top.groupby(grouping.key, sort=False).cumcount() + 1
    top[f"{grouping.key}_name"] = top[grouping.key].map(grouping.named(current)).astype("string")
    cols = [grouping.key, f"{grouping.key}_name", "rank", "id", "name", "organisation"]
    cols += list(grouping.shown)
    return top[cols + ["budget"]].reset_index(drop=True)


def moved(current: Portfolio, previous: Portfolio | None, grouping: Grouping) -> pd.DataFrame | None:
    """Continuing projects whose code of ``grouping`` changed since the previous period.

    Returns
    -------
    DataFrame or None
        ``id, name, organisation, previous_<key>, previous_<key>_name, <key>, <key>_name``, by id; ``None`` when
        there is no previous period or it reports against another strategy (a code then means something else,
        so a "move" says nothing).
    """
    before = compared(current, previous)
    if before is None:
        return None
    key = grouping.key
    names = grouping.named(current)
    then = grouping.codes(before.projects.set_index("id")[grouping.column])
    now = current.projects[current.projects["id"].isin(then.index)].copy()
    now[key] = grouping.codes(now[grouping.column])
    now[f"previous_{key}"] = now["id"].map(then).astype("string")
    out = now[now[key].ne(now[f"previous_{key}"]).fillna(False).astype(bool)].copy()
    for col in (key, f"previous_{key}"):
        out[f"{col}_name"] = out[col].map(names).astype("string")
    cols = ["id", "name", "organisation", f"previous_{key}", f"previous_{key}_name", key, f"{key}_name"]
    return out.sort_values("id")[cols].reset_index(drop=True)


# ------------------------------------------------------------------------------------- the chapter's names


def budget_by_strategic_area(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Budget per strategic area (satsningsområde): :func:`budget_by` of :data:`AREAS`."""
    return budget_by(current, previous, AREAS)


def budget_by_goal(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Per strategic goal, the projects with it as main goal, those supporting it at all, and the main-goal budget:
    :func:`budget_by` of :data:`GOALS`."""
    return budget_by(current, previous, GOALS)


def by_focus_area(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Per focus area (innsatsområde): :func:`table` of :data:`FOCUS_AREAS`."""
    return table(current, previous, FOCUS_AREAS)


def by_goal(current: Portfolio, previous: Portfolio | None = None) -> pd.DataFrame:
    """Per strategic goal: :func:`table` of :data:`GOALS`."""
    return table(current, previous, GOALS)


def largest_projects(current: Portfolio, n: int = 3) -> pd.DataFrame:
    """The ``n`` projects with the largest reported budget in each strategic area: :func:`largest` of :data:`AREAS`."""
    return largest(current, AREAS, n)


def largest_by_goal(current: Portfolio, n: int = 3) -> pd.DataFrame:
    """The ``n`` projects with the largest reported budget per main goal: :func:`largest` of :data:`GOALS`."""
    return largest(current, GOALS, n)


def moved_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame | None:
    """Continuing projects whose focus area changed: :func:`moved` of :data:`FOCUS_AREAS`."""
    return moved(current, previous, FOCUS_AREAS)


def moved_goal_projects(current: Portfolio, previous: Portfolio | None) -> pd.DataFrame | None:
    """Continuing projects whose main goal changed: :func:`moved` of :data:`GOALS`."""
    return moved(current, previous, GOALS)
