"""Chapter 3 for a strategy with goals, Vedlegg 1 and the change list, on hand-written portfolios.

Two goal periods (2023-01, 2023-05) and one area period (2022-09); the expected values are worked out by hand
from the rows below.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ehp_analysis.metrics import appendix, changes, key_figures, strategy
from ehp_analysis.reference import Reference, load_organisations, load_strategy

NA = None


@pytest.fixture(scope="module")
def goals_reference():
    return Reference(strategy=load_strategy("2023-2030"), organisations=load_organisations())


def goal_row(id, goal, others=(), budget=NA, status="grønn", organisation="Helsedirektoratet", **fields):
    return dict(id=id, name=f"Prosjekt {id}", type="prosjekt", organisation=organisation, phase="gjennomføring",
                status=status, risk="grønn", goal=goal, other_goals=tuple(others), budget=budget, **fields)


BEFORE = [goal_row(1, 2, (4,), 100), goal_row(2, 3, (), 40), goal_row(3, 4, (1,), 30), goal_row(9, 1, (), 5)]
NOW = [goal_row(1, 2, (4,), 110, status="gul"), goal_row(2, 2, (), 60), goal_row(3, 4, (1, 2), NA),
       goal_row(4, 1, (5,), 20, organisation="KS"), goal_row(5, 4, (), 12.5)]


@pytest.fixture
def before(make_portfolio, goals_reference):
    return make_portfolio("2023-01", BEFORE, reference=goals_reference, template="2023")


@pytest.fixture
def now(make_portfolio, goals_reference):
    return make_portfolio("2023-05", NOW, reference=goals_reference, template="2023")


@pytest.fixture
def areas(make_portfolio, project_row):
    return make_portfolio("2022-09", [project_row(1, focus_area="1.1", budget=90),
                                      project_row(2, focus_area="2.1", budget=40)])


def test_by_goal_main_supporting_and_budget(now, before):
    table = strategy.by_goal(now, before).set_index("goal")
    # Main goal now: 1 -> {4}, 2 -> {1, 2}, 3 -> {}, 4 -> {3, 5}, 5 -> {}
    assert table["main_projects"].tolist() == [1, 2, 0, 2, 0]
    # Supporting at all: 1: 4 + 3 (other) = 2; 2: 1, 2 + 3 (other) = 3; 3: 0; 4: 3, 5 + 1 (other) = 3; 5: 4 = 1
    assert table["supporting"].tolist() == [2, 3, 0, 3, 1]
    # Budget of main-goal projects: 1: 20; 2: 110 + 60 = 170; 3: none (0); 4: 3 unreported + 12,5 = 12,5; 5: 0
    assert table["budget"].tolist() == [20.0, 170.0, 0.0, 12.5, 0.0]
    assert table["n_not_reported"].tolist() == [0, 0, 0, 1, 0]
    # Before (2023-01): main 1 -> {9}: 5; 2 -> {1}: 100; 3 -> {2}: 40; 4 -> {3}: 30; supporting 1: 9, 3 (other) = 2
    assert table["previous_main_projects"].tolist() == [1, 1, 1, 1, 0]
    assert table["previous_supporting"].tolist() == [2, 1, 1, 2, 0]
    assert table["previous_budget"].tolist() == [5.0, 100.0, 40.0, 30.0, 0.0]
    # Change: 20 - 5 = 15; 170 - 100 = 70; 0 - 40 = -40; 12,5 - 30 = -17,5; 0 - 0 = 0
    assert table["change"].tolist() == [15.0, 70.0, -40.0, -17.5, 0.0]


def test_goals_never_compare_across_a_change_of_strategy(now, areas):
    assert strategy.compared(now, areas) is None and strategy.strategy_changed(now, areas)
    assert not strategy.strategy_changed(now, None)
    tidy = strategy.budget_by_goal(now, areas)
    assert set(tidy["period"]) == {"2023-05"}
    assert strategy.by_goal(now, areas)["previous_budget"].isna().all()
    assert strategy.moved_goal_projects(now, areas) is None
    assert strategy.moved_projects(areas, now) is None


def test_moved_goal_and_largest_per_goal(now, before):
    moved = strategy.moved_goal_projects(now, before)
    # Project 2: goal 3 -> 2; the others kept theirs (9 left, 4 and 5 joined)
    assert moved[["id", "previous_goal", "goal"]].values.tolist() == [[2, "3", "2"]]
    assert moved.loc[0, "goal_name"] == "Enklere arbeidshverdag"
    top = strategy.largest_by_goal(now, n=1)
    # Largest reported budget per main goal: 1: 4 (20); 2: 1 (110); 4: 5 (12,5; 3 reported none)
    assert top[["goal", "id", "budget"]].values.tolist() == [["1", 4, 20.0], ["2", 1, 110.0], ["4", 5, 12.5]]


def test_key_figures_for_goal_periods(now, before):
    kf = key_figures(now, before)
    assert kf["strategy"] == {"version": "2023-2030"}
    assert kf["projects"]["by_goal"] == {"1": 1, "2": 2, "3": 0, "4": 2, "5": 0}
    assert kf["projects"]["supporting_goal"] == {"1": 2, "2": 3, "3": 0, "4": 3, "5": 1}
    assert kf["budget"]["by_goal"] == {"1": 20.0, "2": 170.0, "3": 0.0, "4": 12.5, "5": 0.0}
    assert "by_strategic_area" not in kf["budget"] and "by_focus_area" not in kf["budget"]


def test_changes_compare_main_goals_within_one_strategy(now, before, areas):
    changed = changes.project_changes(now, before).set_index("id")
    # 1: status grønn -> gul, budget 100 -> 110 (10 mill.: counts); 2: goal 3 -> 2, budget 40 -> 60 (+50 %);
    # 3: budget no longer reported (the bridge's business, not a change)
    assert changed.loc[1, "changed"] == ("status", "budget")
    assert changed.loc[2, "changed"] == ("goal", "budget")
    assert (changed.loc[2, "goal_before"], changed.loc[2, "goal"]) == ("3", "2")
    assert 3 not in changed.index
    across = changes.project_changes(now, areas)
    assert all("goal" not in c and "focus_area" not in c for c in across["changed"])


def test_vedlegg_1_sorts_by_main_goal_with_the_other_goals(now):
    table = appendix.project_table(now)
    assert list(table.columns[:3]) == ["goal", "goal_name", "other_goals"]
    # main goal then id: 4 (goal 1), 1, 2 (goal 2), 3, 5 (goal 4)
    assert table["id"].tolist() == [4, 1, 2, 3, 5]
    assert table["other_goals"].tolist() == ["5", "4", "", "1, 2", ""]
    assert table.loc[0, "goal_name"] == "Aktiv medvirkning i egen og næres helse"
    assert pd.isna(table.loc[3, "budget"])
