"""Chapter 3 metrics: each period counted with its own assignment (project 2 moved from 4.1 to 2.1)."""

import pandas as pd
import pytest

from ehp_analysis.metrics import strategy


def _budget(frame, period, area):
    row = frame[(frame["period"] == period) & (frame["area"] == area)]
    assert len(row) == 1
    return row["budget"].item()


def test_budget_by_strategic_area_both_periods(current, previous):
    t = strategy.budget_by_strategic_area(current, previous)
    assert {"area", "area_name", "period", "budget"} <= set(t.columns)
    assert sorted(t["area"].unique()) == ["1", "2", "3", "4", "5", "6"]
    # now: area 1 = 90 (id 1); 2 = 35 (id 3; id 2 not reported); 3 = 15 (id 4); 4 = id 7 only, not reported;
    # 5 = 40 (id 6); 6 = no projects
    assert _budget(t, "2020-01", "1") == 90
    assert _budget(t, "2020-01", "2") == 35
    assert _budget(t, "2020-01", "3") == 15
    assert pd.isna(_budget(t, "2020-01", "4"))
    assert _budget(t, "2020-01", "5") == 40
    assert _budget(t, "2020-01", "6") == 0
    # previous: 1 = 100; 2 = 30 (id 3); 3 = 8 (id 5; id 4 not reported); 4 = 20 (id 2, its OLD area)
    assert _budget(t, "2019-10", "1") == 100
    assert _budget(t, "2019-10", "2") == 30
    assert _budget(t, "2019-10", "3") == 8
    assert _budget(t, "2019-10", "4") == 20
    assert t.loc[t["area"] == "1", "area_name"].iloc[0] == "Digitalisering av arbeidsprosesser"


def test_budget_by_strategic_area_first_period(current):
    t = strategy.budget_by_strategic_area(current)
    assert t["period"].unique().tolist() == ["2020-01"]
    assert len(t) == 6


def test_focus_area_uses_each_periods_assignment(current, previous):
    t = strategy.by_focus_area(current, previous).set_index("focus_area")
    # 2.1: project 2 is here now (budget not reported), was in 4.1 before -> previous 0 projects
    assert t.loc["2.1", "projects"] == 1 and pd.isna(t.loc["2.1", "budget"])
    assert t.loc["2.1", "previous_projects"] == 0 and t.loc["2.1", "previous_budget"] == 0
    assert pd.isna(t.loc["2.1", "change"])
    # 4.1: now project 7 (not reported); before project 2 with 20
    assert t.loc["4.1", "previous_budget"] == 20
    # 2.2: 35 now, 30 before -> +5; 3.2: 15 now, 8 before -> +7
    assert t.loc["2.2", "change"] == pytest.approx(5)
    assert t.loc["3.2", "change"] == pytest.approx(7)
    assert t.loc["3.2", "previous_projects"] == 2
    assert list(t.index[:3]) == ["1.1", "1.2", "2.1"]


def test_focus_area_first_period(current):
    t = strategy.by_focus_area(current).set_index("focus_area")
    assert t["previous_budget"].isna().all()
    assert t.loc["1.1", "budget"] == 90


def test_largest_projects_per_area(make_portfolio, project_row):
    rows = [project_row(1, focus_area="1.1", budget=5), project_row(2, focus_area="1.2", budget=50),
            project_row(3, focus_area="1.1", budget=20), project_row(4, focus_area="1.1", budget=None),
            project_row(5, focus_area="3.2", budget=1)]
    t = strategy.largest_projects(make_portfolio("2020-01", rows), n=2)
    assert t[["area", "rank", "id"]].values.tolist() == [["1", 1, 2], ["1", 2, 3], ["3", 1, 5]]


# --- projects that moved focus area (chapter 3 names them) -------------------------------------------

def test_moved_projects_lists_continuing_projects_with_another_focus_area(current, previous):
    # Worked out from conftest: 1 stays in 1.1, 2 moved 4.1 -> 2.1, 3 stays in 2.2, 4 stays in 3.2;
    # 5 left and 6, 7 are new (not continuing).
    moved = strategy.moved_projects(current, previous)
    assert moved[["id", "previous_focus_area", "focus_area"]].values.tolist() == [[2, "4.1", "2.1"]]


def test_no_moves_without_a_previous_period(current):
    assert strategy.moved_projects(current, None) is None


def test_no_moves_when_the_periods_use_different_strategies(current, previous):
    import dataclasses

    other = dataclasses.replace(previous.reference.strategy, version="2023-2027")
    previous = dataclasses.replace(previous, reference=dataclasses.replace(previous.reference, strategy=other))
    assert strategy.moved_projects(current, previous) is None
