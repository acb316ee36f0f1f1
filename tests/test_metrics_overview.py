"""Chapter 2 metrics on the hand-written periods of conftest.py (expected values worked out by hand)."""

import math

import pandas as pd
import pytest

from ehp_analysis.metrics import overview
from ehp_analysis.reference import load_reference

OWNER_GROUPS = load_reference().organisations.owner_groups  # the shipped file's, in its order


def test_projects_by_owner_group_keeps_all_eight_groups(current):
    t = overview.projects_by_owner_group(current).set_index("owner_group")
    assert list(t.index) == list(OWNER_GROUPS)
    # 1 Direktoratet for e-helse program; KS prosjekt 2 + Oslo kommune program 7 -> KS/kommunene;
    # 3 Helse Vest prosjekt; 4 Helsedirektoratet prosjekt; 6 Helse Nord prosjekt
    expected = {
        "KS/kommunene": (1, 1), "Helse Nord RHF": (0, 1), "Helse Midt RHF": (0, 0), "Helse Vest RHF": (0, 1),
        "Helse Sør-Øst RHF": (0, 0), "Folkehelseinstituttet": (0, 0), "Helsedirektoratet": (0, 1),
        "Direktoratet for e-helse": (1, 0),
    }
    for group, (program, prosjekt) in expected.items():
        assert (t.loc[group, "program"], t.loc[group, "prosjekt"]) == (program, prosjekt), group
    assert t["total"].sum() == 6


def test_joined_and_left_are_set_differences(current, previous):
    assert overview.joined_ids(current, previous) == [6, 7]
    assert overview.left_ids(current, previous) == [5]
    assert overview.continuing_ids(current, previous) == [1, 2, 3, 4]


def test_first_period_has_no_joined_or_left(current):
    assert overview.joined_ids(current, None) is None
    assert overview.left_ids(current, None) is None
    assert overview.new_projects(current, None).empty
    assert overview.left_projects(current, None).empty


def test_new_projects_table(current, previous):
    t = overview.new_projects(current, previous)
    assert list(t.columns) == ["id", "name", "description", "organisation", "budget"]
    assert t["id"].tolist() == [6, 7]
    assert t["organisation"].tolist() == ["Helse Nord RHF", "Oslo kommune"]
    assert t.loc[0, "budget"] == 40
    assert pd.isna(t.loc[1, "budget"])  # 7 reported none: not 0


def test_left_projects_with_next_steps(current, previous):
    t = overview.left_projects(current, previous)
    assert t[["id", "name", "organisation"]].values.tolist() == [[5, "Prosjekt 5", "Folkehelseinstituttet"]]
    assert t.loc[0, "next_steps"] == "Går over til forvaltning"
    assert bool(t.loc[0, "explained"]) is True


def test_left_without_avsluttede_row_is_flagged(current_without_left_note, previous):
    t = overview.left_projects(current_without_left_note, previous)
    assert t["id"].tolist() == [5]
    assert bool(t.loc[0, "explained"]) is False
    assert pd.isna(t.loc[0, "next_steps"])


def test_budget_total_states_what_is_missing(current, previous):
    # 90 + 35 + 15 + 40 = 180; 2 and 7 did not report
    t = overview.budget_total(current)
    assert (t.value, t.n_reported, t.n_not_reported, t.n_withheld) == (180, 4, 2, 0)
    # 100 + 20 + 30 + 8 = 158; 4 did not report
    assert overview.budget_total(previous).value == 158


def test_budget_by_owner_group(current):
    t = overview.budget_by_owner_group(current).set_index("owner_group")
    assert list(t.index) == list(OWNER_GROUPS)
    assert t.loc["Direktoratet for e-helse", "budget"] == 90
    assert t.loc["Helse Nord RHF", "budget"] == 40
    assert t.loc["Helse Midt RHF", "budget"] == 0  # no projects at all
    assert pd.isna(t.loc["KS/kommunene", "budget"])  # two projects, neither reported: not zero
    assert t.loc["KS/kommunene", "n_not_reported"] == 2


def test_budget_bridge_adds_up_by_hand(current, previous):
    b = overview.budget_bridge(current, previous)
    # previous 158; 5 left (-8); 6 joined (+40), 7 joined without budget (+0);
    # 2 stopped reporting (-20); 4 started reporting (+15); 1: 90-100, 3: 35-30 -> -5; total 180
    assert b.as_dict() == pytest.approx({"previous_total": 158, "left": -8, "joined": 40, "stopped_reporting": -20,
                                         "started_reporting": 15, "continuing_change": -5, "total": 180})
    assert b.joined_without_budget == [7]
    assert b.stopped_reporting_ids == [2]
    assert b.started_reporting_ids == [4]
    parts = sum(v for k, v in b.as_dict().items() if k != "total")
    assert math.isclose(parts, b.total, abs_tol=1e-6)
    assert b.movers["id"].tolist() == [1, 3]
    assert b.movers["change"].tolist() == pytest.approx([-10, 5])


def test_bridge_frame_is_codes_and_amounts(current, previous):
    # Data only: the reader's words for the steps are applied where the bridge is drawn (plots).
    f = overview.budget_bridge(current, previous).frame()
    assert list(f.columns) == ["step", "amount"]
    assert f["step"].tolist() == ["previous_total", "left", "joined", "stopped_reporting", "started_reporting",
                                  "continuing_change", "total"]
    assert f.loc[f["step"] == "total", "amount"].item() == 180


def test_bridge_first_period_only_total(current):
    b = overview.budget_bridge(current, None)
    assert b.total == 180
    assert b.previous_total is None and b.continuing_change is None


@pytest.mark.parametrize("years, differ", [((2020, 2019), True), ((2020, 2020), False), ((2020, None), False)])
def test_budget_years_note(make_portfolio, project_row, years, differ):
    from ehp_analysis.config import parameters_from_mapping
    from pathlib import Path

    def params(period, year):
        if year is None:
            return None
        return parameters_from_mapping({"period": period, "budget_year": year, "cutoff": "2020-01-17",
                                        "strategy": "2017-2022"}, Path("/tmp/x"))

    cur = make_portfolio("2020-01", [project_row(1)], parameters=params("2020-01", years[0]))
    prev = make_portfolio("2019-10", [project_row(1)], parameters=params("2019-10", years[1]))
    assert overview.budget_years(cur, prev).differ is differ
