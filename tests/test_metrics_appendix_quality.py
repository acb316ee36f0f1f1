"""Vedlegg 1 and 2: the project table, completeness per organisation, the warnings table."""

import pandas as pd

from ehp_analysis.metrics import appendix, quality
from ehp_analysis.problems import WARNING, Problem


def test_appendix_sorted_by_focus_area_then_id(current):
    t = appendix.project_table(current)
    assert list(t.columns) == ["focus_area", "focus_area_name", "id", "name", "organisation", "owner", "status",
                               "risk", "budget", "total_cost"]
    # 1.1: 1; 2.1: 2; 2.2: 3; 3.2: 4; 4.1: 7; 5.1: 6
    assert t["id"].tolist() == [1, 2, 3, 4, 7, 6]
    assert t.loc[0, "focus_area_name"] == "Modernisere journal- og samhandlingsløsninger"
    assert pd.isna(t.loc[1, "budget"])


def test_appendix_keeps_the_reported_number(make_portfolio, project_row):
    rows = [project_row(1, focus_area="4.1", budget=2.075), project_row(2, focus_area="1.2", budget=0.98)]
    t = appendix.project_table(make_portfolio("2020-01", rows))
    assert t["budget"].tolist() == [0.98, 2.075]


def test_completeness_per_organisation(current):
    t = quality.completeness(current)
    assert {"organisation", "column", "n_projects", "n_not_reported", "n_withheld"} <= set(t.columns)
    ks = t[(t["organisation"] == "KS")].set_index("column")
    # project 2 (KS): no budget, no maintenance cost, benefit_plan and benefit_realisation unanswered,
    # gevinster 0 is an answer, reasons given
    assert ks.loc["budsjett", "n_not_reported"] == 1
    assert ks.loc["forvaltningskostnad", "n_not_reported"] == 1
    assert ks.loc["gevinstplan", "n_not_reported"] == 1
    assert ks.loc["gevinster_identifisert", "n_not_reported"] == 0  # answered nei
    assert ks.loc["gevinster", "n_not_reported"] == 0
    assert ks.loc["statusarsaker", "n_not_reported"] == 0
    hdir = t[(t["organisation"] == "Helsedirektoratet")].set_index("column")
    # project 4: gul without reasons
    assert hdir.loc["statusarsaker", "n_not_reported"] == 1
    assert t["column"].nunique() == 24


def test_completeness_counts_withheld_separately(make_portfolio, project_row):
    p = make_portfolio("2020-01", [project_row(1, budget=None, budget_withheld=True), project_row(2, budget=3)])
    f = quality.completeness_by_field(p).set_index("column")
    assert f.loc["budsjett", "n_not_reported"] == 1 and f.loc["budsjett", "n_withheld"] == 1
    assert f.loc["budsjett", "not_reported_share"] == 0.5


def test_warnings_table(make_portfolio, project_row):
    w = (Problem("prosjekter.csv", 3, "statusarsaker", "", "gul status uten årsak", WARNING),
         Problem("avsluttede.csv", None, None, None, "prosjekt 5 gikk ut uten forklaring", WARNING))
    t = quality.warnings_table(make_portfolio("2020-01", [project_row(1)], warnings=w))
    assert list(t.columns) == ["file", "row", "column", "value", "expected"]
    assert t.loc[0, "row"] == 3 and pd.isna(t.loc[1, "row"])
    assert quality.warnings_table(make_portfolio("2020-01", [project_row(1)])).empty
