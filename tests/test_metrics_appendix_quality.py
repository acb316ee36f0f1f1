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
    assert t["column"].nunique() == 25  # every column of the template, del_av_program included


def test_completeness_counts_withheld_separately(make_portfolio, project_row):
    p = make_portfolio("2020-01", [project_row(1, budget=None, budget_withheld=True), project_row(2, budget=3)])
    f = quality.completeness_by_field(p).set_index("column")
    assert f.loc["budsjett", "n_not_reported"] == 1 and f.loc["budsjett", "n_withheld"] == 1
    assert f.loc["budsjett", "not_reported_share"] == 0.5


def test_warnings_table(make_portfolio, project_row):
    w = (Problem("prosjekter.csv", 3, "statusarsaker", "", "gul status uten årsak", WARNING, project_id=2,
                 project_name="To"),
         Problem("avsluttede.csv", None, None, None, "prosjekt 5 gikk ut uten forklaring", WARNING))
    t = quality.warnings_table(make_portfolio("2020-01", [project_row(1)], warnings=w))
    assert list(t.columns) == ["file", "row", "column", "project_id", "project_name", "value", "expected"]
    assert t.loc[0, "row"] == 3 and pd.isna(t.loc[1, "row"])
    assert t.loc[0, "project_id"] == 2 and t.loc[0, "project_name"] == "To" and pd.isna(t.loc[1, "project_id"])
    assert quality.warnings_table(make_portfolio("2020-01", [project_row(1)])).empty


def test_warning_groups():
    # 12 yellow projects without reasons on lines 2–7, 9, 20–24 (ids = line - 1), one unknown dependency id
    lines = [2, 3, 4, 5, 6, 7, 9, 20, 21, 22, 23, 24]
    w = [Problem("prosjekter.csv", r, "statusarsaker", None, "gul uten årsak", WARNING, project_id=r - 1,
                 project_name=f"P{r - 1}") for r in lines]
    w.append(Problem("avhengigheter.csv", 4, "avhenger_av_id", 99, "ikke i porteføljen", WARNING))
    t = quality.warning_groups(w)
    assert list(t.columns) == ["file", "column", "expected", "count", "rows", "examples"]
    assert t.to_dict("records") == [
        {"file": "prosjekter.csv", "column": "statusarsaker", "expected": "gul uten årsak", "count": 12,
         "rows": "linje 2–7, 9, 20–24",
         "examples": "prosjektene 1 «P1», 2 «P2», 3 «P3», 4 «P4», 5 «P5» og 7 andre"},
        {"file": "avhengigheter.csv", "column": "avhenger_av_id", "expected": "ikke i porteføljen", "count": 1,
         "rows": "linje 4", "examples": "verdien «99»"},
    ]
    assert quality.warning_groups([]).empty


def test_completeness_by_organisation(current):
    # Nobody reported an owner (the fixture sets none): said once, not in every row.
    assert quality.unreported_fields(current) == ["prosjekteier"]
    t = quality.completeness_by_organisation(current).set_index("organisation")
    assert t.index.tolist() == ["Direktoratet for e-helse", "Helse Nord RHF", "Helse Vest RHF", "Helsedirektoratet",
                                "KS", "Oslo kommune"]
    # KS (project 2): no budget, no maintenance cost, benefit plan and realisation unanswered (nei is an answer)
    assert t.loc["KS", "missing"] == (("budsjett", 1), ("forvaltningskostnad", 1), ("gevinstplan", 1),
                                      ("gevinstrealisering", 1))
    assert t.loc["KS", "n_not_reported"] == 4
    # Oslo kommune (project 7): no amounts but the benefits; every yes/no answered
    assert t.loc["Oslo kommune", "missing"] == (("budsjett", 1), ("totalkostnad", 1), ("forvaltningskostnad", 1))
    # Direktoratet for e-helse (project 1) answered everything; its comments are free text, not counted
    assert t.loc["Direktoratet for e-helse", "missing"] == () and t.loc["Direktoratet for e-helse", "n_projects"] == 1


def test_a_field_nobody_reported_is_said_once_not_per_organisation(make_portfolio, project_row):
    rows = [project_row(1, organisation="KS", total_cost=5), project_row(2, organisation="Oslo kommune"),
            project_row(3, organisation="Oslo kommune", total_cost=2)]
    p = make_portfolio("2020-01", rows)
    nobody = quality.unreported_fields(p)
    assert "budsjett" in nobody and "totalkostnad" not in nobody
    t = quality.completeness_by_organisation(p).set_index("organisation")
    assert dict(t.loc["Oslo kommune", "missing"])["totalkostnad"] == 1
    assert "totalkostnad" not in dict(t.loc["KS", "missing"])
    assert all("budsjett" not in dict(m) for m in t["missing"])


def test_a_blank_del_av_program_is_not_a_gap(make_portfolio, project_row):
    """Blank means 'not part of a programme': never counted as not reported in Vedlegg 2."""
    p = make_portfolio("2020-01", [project_row(1), project_row(2)])
    f = quality.completeness_by_field(p).set_index("column")
    assert f.loc["del_av_program", "n_not_reported"] == 0
    assert "del_av_program" not in quality.unreported_fields(p)


def test_appendix_shows_programme_membership_only_when_given(make_portfolio, project_row):
    rows = [project_row(1, type="program"), project_row(2, programme_id=1), project_row(3),
            project_row(4, programme_id=3)]  # 3 is a project: not shown
    t = appendix.project_table(make_portfolio("2020-01", rows)).set_index("id")
    assert list(t.columns).index("programme") == list(t.columns).index("name") + 1
    assert t["programme"].tolist() == ["", "1", "", ""]
    plain = appendix.project_table(make_portfolio("2020-01", [project_row(1, type="program"), project_row(2)]))
    assert "programme" not in plain.columns


def test_programmes_with_their_projects(make_portfolio, project_row):
    from ehp_analysis import text
    from ehp_analysis.metrics import overview

    rows = [project_row(10, type="program", organisation="KS"), project_row(20, type="program"),
            project_row(3, programme_id=10), project_row(1, programme_id=10), project_row(2)]
    programmes = overview.programmes_with_projects(make_portfolio("2020-01", rows))
    assert programmes["id"].tolist() == [10, 20]
    assert programmes["members"].tolist() == [((1, "Prosjekt 1"), (3, "Prosjekt 3")), ()]
    assert text.programme_bullets(programmes) == ["Prosjekt 10 (10, KS): Prosjekt 1 (1) og Prosjekt 3 (3)"]
    assert text.programmes_without_members_sentence(programmes) == "Ingen prosjekter oppgir det øvrige programmet."
    assert overview.programmes_with_projects(make_portfolio("2020-01", [project_row(1), project_row(2)])) is None


def test_membership_is_said_after_the_name_on_the_page(make_portfolio, project_row):
    portfolio = make_portfolio("2020-01", [project_row(1, type="program"), project_row(2, programme_id=1)])
    shown = appendix.membership_in_name(appendix.project_table(portfolio), portfolio)
    assert "programme" not in shown.columns
    assert shown.set_index("id")["name"].to_dict() == {1: "Prosjekt 1", 2: "Prosjekt 2 (del av 1 Prosjekt 1)"}
