"""Chapter 6 metrics: dependency counts, themes, prerequisites and the Mann–Whitney comparison."""

import pytest

from ehp_analysis import template as T
from ehp_analysis import text
from ehp_analysis.metrics import dependencies as dep


def test_counts_and_high_share(current, previous):
    assert dep.count(current) == 5 and dep.count(previous) == 2
    # høy: HelseID (1), E-helseloven (1), Helsenett (3) -> 3 of 5
    s = dep.high_share(current)
    assert (s.count, s.denominator, s.value) == (3, 5, pytest.approx(0.6))


def test_by_category_keeps_all_five(current):
    t = dep.by_category(current)
    assert list(t.columns) == ["category", "count"]
    assert t["category"].tolist() == list(T.CATEGORIES)
    assert dict(zip(t["category"], t["count"])) == {
        "Tjenester og applikasjoner": 3, "Personvern og informasjonssikkerhet": 0,
        "Standarder, kodeverk og terminologi": 0, "Infrastruktur og felleskomponenter": 1, "Regelverk": 1}


def test_red_by_theme_missing_theme_is_annet(current):
    t = dep.red_by_theme(current)
    # red: HelseID (1), DIPS Arena without theme (3), HelseID (4)
    assert t.values.tolist() == [["HelseID", 2], ["Annet", 1]]


def test_red_by_theme_annet_last_and_merged(make_portfolio, project_row):
    deps = [(1, "a", "Regelverk", "høy", "rød", "annet"), (1, "b", "Regelverk", "høy", "rød", None),
            (1, "c", "Regelverk", "høy", "rød", "  "), (1, "d", "Regelverk", "lav", "rød", "Tema B"),
            (1, "e", "Regelverk", "lav", "rød", "Tema A"), (1, "f", "Regelverk", "lav", "grønn", "Tema C")]
    t = dep.red_by_theme(make_portfolio("2020-01", [project_row(1)], deps))
    assert t.values.tolist() == [["Tema A", 1], ["Tema B", 1], ["Annet", 3]]


def test_prerequisite_shares_of_all_projects(current):
    # EPJ: 1 høy, 2 middels, 7 middels (3 lav, 4 ingen, 6 empty) -> 3 of 6
    assert dep.epj_medium_or_high_share(current).value == pytest.approx(0.5)
    # municipal: 1, 2, 7 ja; 3, 6 nei; 4 unanswered (not a ja) -> 3 of 6
    s = dep.municipal_org_development_share(current)
    assert (s.count, s.denominator) == (3, 6)


def test_high_dependencies_per_project_counts_zero(current):
    per = dep.high_dependencies_per_project(current)
    assert per.to_dict() == {1: 2, 2: 0, 3: 1, 4: 0, 6: 0, 7: 0}


def test_risk_vs_dependencies_on_fixture(current):
    r = dep.risk_vs_dependencies(current)
    # yellow/red risk: 1 (2), 3 (1), 4 (0), 7 (0); green: 2 (0), 6 (0)
    # U = pairs elevated > green + half the ties = 2 + 2 + 0.5*2 + 0.5*2 = 6
    assert (r.n_elevated, r.n_green) == (4, 2)
    assert r.u == pytest.approx(6)
    assert r.median_elevated == pytest.approx(0.5) and r.median_green == 0
    assert 0 < r.p_value <= 1


@pytest.mark.parametrize("elevated, green, u, p", [
    # no ties, 3 vs 3: complete separation has probability 1/C(6,3) = 1/20 per tail -> two-sided 0.1
    ([3, 4, 5], [0, 1, 2], 9, 0.1),
    ([0, 1, 2], [3, 4, 5], 0, 0.1),
    # 2 vs 2 separated: 1/C(4,2) = 1/6 per tail -> 1/3
    ([5, 6], [1, 2], 4, 1 / 3),
])
def test_mann_whitney_hand_cases(make_portfolio, project_row, elevated, green, u, p):
    rows, deps, pid = [], [], 0
    for risk, counts in (("gul", elevated), ("grønn", green)):
        for k in counts:
            pid += 1
            rows.append(project_row(pid, risk=risk))
            deps += [(pid, f"d{j}", "Regelverk", "høy", "grønn", None) for j in range(k)]
    r = dep.risk_vs_dependencies(make_portfolio("2020-01", rows, deps))
    assert r.u == pytest.approx(u)
    assert r.p_value == pytest.approx(p)
    assert (r.n_elevated, r.n_green) == (len(elevated), len(green))


def test_mann_whitney_empty_group_has_no_p(make_portfolio, project_row):
    r = dep.risk_vs_dependencies(make_portfolio("2020-01", [project_row(1, risk="gul"), project_row(2, risk="rød")], []))
    assert r.p_value is None and r.u is None
    assert (r.n_elevated, r.n_green, r.median_green) == (2, 0, None)


def test_no_dependency_table(make_portfolio, project_row):
    p = make_portfolio("2020-01", [project_row(1, risk="gul"), project_row(2)], None)
    assert p.dependencies_reported is False
    assert dep.count(p) is None  # none reported, not 0 reported
    assert dep.high_share(p).value is None
    assert dep.red_by_theme(p).empty
    assert dep.risk_vs_dependencies(p) is None  # no test on what was not reported


def test_catch_all_theme_is_the_one_the_sentences_put_last():
    # The metric's catch-all value and the presentation's label must agree, or the bullets would sort
    # "Annet" among the named themes.
    assert dep.OTHER_THEME == text.LABELS["other_theme"]


def test_red_dependencies_name_the_depending_project(make_portfolio, project_row):
    deps = [(2, "HelseID", "Regelverk", "høy", "rød", None), (1, "Lov", "Regelverk", "høy", "grønn", None)]
    red = dep.red(make_portfolio("2020-01", [project_row(1), project_row(2)], deps))
    assert red[["project_id", "name", "dependency"]].values.tolist() == [[2, "Prosjekt 2", "HelseID"]]
