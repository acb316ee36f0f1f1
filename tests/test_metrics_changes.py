"""Chapter 4, "Endringer siden forrige periode": which continuing projects changed, worked out by hand."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ehp_analysis import text
from ehp_analysis.metrics import changes


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (50.0, 60.0, True),     # +10 mill. exactly (and exactly +20 %)
        (100.0, 109.9, False),  # +9,9 mill. and 9,9 %
        (100.0, 90.0, True),    # −10 mill.
        (5.0, 6.0, True),       # +1 mill. but +20 % exactly
        (5.0, 5.9, False),      # +18 %
        (0.98, 0.5, True),      # −49 %
        (40.0, 40.0, False),
        (0.0, 1.0, True),       # from nothing
        (None, 80.0, False),    # reported only now: the budget bridge tells that
        (80.0, None, False),
    ],
)
def test_budget_changed(before, after, expected):
    assert changes.budget_changed(pd.NA if before is None else before, pd.NA if after is None else after) is expected


def test_project_changes_names_each_change_with_before_and_after(make_portfolio, project_row):
    previous = make_portfolio("2019-10", [
        project_row(1, status="gul", risk="gul", budget=50.0),
        project_row(2, status="grønn", risk="grønn", budget=100.0, focus_area="1.1"),
        project_row(3, status="gul", risk="gul", budget=100.0),
        project_row(4, status="grønn", risk="grønn"),          # left
    ])
    current = make_portfolio("2020-01", [
        project_row(1, status="rød", risk="rød", budget=50.0, status_comment="Leverandøren er forsinket.",
                    risk_comment="Avhenger av HelseID."),
        project_row(2, status="grønn", risk="grønn", budget=80.0, focus_area="2.1"),
        project_row(3, status="gul", risk="gul", budget=105.0),  # +5 %, +5 mill.: no change
        project_row(5, status="rød", risk="rød"),              # joined
    ])
    found = changes.project_changes(current, previous)
    assert found["id"].tolist() == [1, 2]
    one, two = found.iloc[0], found.iloc[1]
    assert one["changed"] == ("status", "risk")
    assert (one["status_before"], one["status"], one["risk_before"], one["risk"]) == ("gul", "rød", "gul", "rød")
    assert one["comment"] == "Leverandøren er forsinket. Avhenger av HelseID."
    assert two["changed"] == ("focus_area", "budget")
    assert (two["focus_area_before"], two["focus_area"], two["budget_before"], two["budget"]) == ("1.1", "2.1", 100, 80)
    assert pd.isna(two["comment"])
    shown = text.change_lines(found)
    assert shown["changes"].tolist() == ["Status: Gul → Rød; Risiko: Gul → Rød",
                                         "Innsatsområde: 1.1 → 2.1; Budsjett (mill.): 100 → 80"]
    assert shown["comment"].tolist() == ["Leverandøren er forsinket. Avhenger av HelseID.", "–"]


def test_areas_are_not_compared_across_strategies(make_portfolio, project_row):
    previous = make_portfolio("2019-10", [project_row(2, focus_area="1.1")])
    current = make_portfolio("2020-01", [project_row(2, focus_area="2.1")])
    assert changes.project_changes(current, previous)["id"].tolist() == [2]
    other = dataclasses.replace(previous.reference.strategy, version="2023-2030")
    previous = dataclasses.replace(previous, reference=dataclasses.replace(previous.reference, strategy=other))
    assert changes.project_changes(current, previous).empty


def test_first_period_has_no_changes(make_portfolio, project_row):
    assert changes.project_changes(make_portfolio("2020-01", [project_row(1)]), None) is None


def test_embedded_2020_01_changes():
    """By hand from data/PROVENANCE.md: 142 yellow → red, 128 moved 1.1 → 2.1."""
    from ehp_analysis.validate import load_period

    found = changes.project_changes(load_period("2020-01"), load_period("2019-10")).set_index("id")
    assert found.loc[142, "changed"][0] == "status" and found.loc[142, "status"] == "rød"
    assert "focus_area" in found.loc[128, "changed"]
