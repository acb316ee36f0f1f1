"""Chapter 4 metrics: colour shares, reasons, transitions, the sign test (hand cases)."""

import pandas as pd
import pytest

from ehp_analysis.exceptions import UnknownMeasureError
from ehp_analysis.metrics import status


def test_counts_and_shares_keep_all_colours(current, previous):
    # now: grønn 6, 7; gul 1, 2, 4; rød 3 -> 2/6, 3/6, 1/6
    assert status.counts(current) == {"grønn": 2, "gul": 3, "rød": 1}
    s = status.shares(current)
    assert [s[c].value for c in ("grønn", "gul", "rød")] == pytest.approx([1 / 3, 1 / 2, 1 / 6])
    assert s["gul"].denominator == 6
    # previous: grønn 1, 2, 5; gul 3, 4; rød none -> the zero is kept
    assert status.counts(previous) == {"grønn": 3, "gul": 2, "rød": 0}
    # risk now: grønn 2, 6; gul 1, 4, 7; rød 3
    assert status.counts(current, "risiko") == {"grønn": 2, "gul": 3, "rød": 1}


def test_colour_shares_tidy(current, previous):
    t = status.colour_shares(current, previous)
    assert list(t.columns) == ["measure", "period", "colour", "count", "share"]
    assert len(t) == 12  # 2 measures x 2 periods x 3 colours
    row = t[(t["measure"] == "status") & (t["period"] == "2019-10") & (t["colour"] == "rød")]
    assert row["count"].item() == 0 and row["share"].item() == 0
    for (_, _), g in t.groupby(["measure", "period"]):
        assert g["share"].sum() == pytest.approx(1)


def test_colour_shares_first_period(current):
    t = status.colour_shares(current, None)
    assert t["period"].unique().tolist() == ["2020-01"]


def test_red_ids(current):
    assert status.red_ids(current) == [3]
    assert status.red_ids(current, "risiko") == [3]


def test_reasons_counted_among_yellow_and_red(current):
    t = status.reasons(current).set_index("reason")["count"]
    # 1: forsinkelser, ressurser; 2: finansiering; 3: ressurser, leverandør; 4: none given
    assert len(t) == 8
    assert t["ressurser"] == 2 and t["forsinkelser"] == 1 and t["finansiering"] == 1 and t["leverandør"] == 1
    assert t["annet"] == 0
    assert t.index[0] == "ressurser"
    assert status.reasons(current).attrs["n_projects"] == 4


def test_transition_table(current, previous):
    t = status.transitions(current, previous)
    # among 1-4: 1 grønn->gul, 2 grønn->gul, 3 gul->rød, 4 gul->gul
    assert t.shape == (3, 3)
    assert t.loc["grønn", "gul"] == 2 and t.loc["gul", "rød"] == 1 and t.loc["gul", "gul"] == 1
    assert t.to_numpy().sum() == 4
    assert status.transitions(current, None) is None


def test_sign_test_on_fixture(current, previous):
    r = status.sign_test(current, previous)
    # 3 worse, 0 better, 1 same: P = 2 * (1/2)^3 = 0.25
    assert (r.n_worse, r.n_better, r.n_same) == (3, 0, 1)
    assert r.p_value == pytest.approx(0.25)
    r = status.sign_test(current, previous, "risiko")
    # risk: 3 gul->rød, 4 grønn->gul worse; 1, 2 same: P = 2 * (1/2)^2 = 0.5
    assert (r.n_worse, r.n_better, r.n_same, r.p_value) == (2, 0, 2, pytest.approx(0.5))


def _paired(make_portfolio, project_row, before, after):
    prev = make_portfolio("2019-10", [project_row(i + 1, status=c) for i, c in enumerate(before)])
    cur = make_portfolio("2020-01", [project_row(i + 1, status=c) for i, c in enumerate(after)])
    return cur, prev


@pytest.mark.parametrize("before, after, worse, better, same, p", [
    # 5 worse, 1 better: P(X>=5 | n=6) = (6 + 1)/64, two-sided 14/64 = 0.21875
    (["grønn"] * 5 + ["gul"], ["gul"] * 5 + ["grønn"], 5, 1, 0, 0.21875),
    # 2 worse (grønn->rød counts once), 2 better, 1 same: symmetric -> 1
    (["grønn", "grønn", "rød", "gul", "gul"], ["rød", "gul", "grønn", "grønn", "gul"], 2, 2, 1, 1.0),
    # nothing changed: no test
    (["gul", "gul"], ["gul", "gul"], 0, 0, 2, None),
])
def test_sign_test_hand_cases(make_portfolio, project_row, before, after, worse, better, same, p):
    r = status.sign_test(*_paired(make_portfolio, project_row, before, after))
    assert (r.n_worse, r.n_better, r.n_same) == (worse, better, same)
    assert r.n == worse + better
    if p is None:
        assert r.p_value is None
    else:
        assert r.p_value == pytest.approx(p)


def test_sign_test_first_period(current):
    assert status.sign_test(current, None) is None


def test_status_risk_crosstab(current):
    t = status.status_risk_crosstab(current)
    # (status, risk): 1 gul/gul, 2 gul/grønn, 3 rød/rød, 4 gul/gul, 6 grønn/grønn, 7 grønn/gul
    assert t.loc["gul", "gul"] == 2 and t.loc["gul", "grønn"] == 1 and t.loc["rød", "rød"] == 1
    assert t.loc["grønn", "grønn"] == 1 and t.loc["grønn", "gul"] == 1 and t.loc["rød", "grønn"] == 0
    assert t.to_numpy().sum() == 6


def test_red_projects_with_comments(current):
    t = status.red_projects(current)
    assert t["id"].tolist() == [3]
    assert t.loc[0, "status_comment"] == "Forsinket leveranse"
    assert t.loc[0, "risk_comment"] == "Kritisk avvik"


def test_empty_portfolio_shares_have_no_value(make_portfolio):
    empty = make_portfolio("2020-01", pd.DataFrame(columns=["id", "name", "type", "organisation", "focus_area",
                                                             "phase", "status", "risk"]))
    assert status.shares(empty)["gul"].value is None


@pytest.mark.parametrize("measure", ["farge", "", "Status"])
def test_unknown_measure_is_refused_in_norwegian(current, measure):
    with pytest.raises(UnknownMeasureError, match="Ukjent mål"):
        status.counts(current, measure)


# --- "ikke vurdert": a status or risk not reported is its own category, never a colour ---------------------

# 12 projects: 3 grønn, 5 gul, 1 rød and 3 not assessed (status); risk all assessed (6 grønn, 6 gul).
THIN_STATUS = ["grønn"] * 3 + ["gul"] * 5 + ["rød"] + [None] * 3


@pytest.fixture
def thin(make_portfolio, project_row):
    rows = [project_row(i + 1, status=s, risk="grønn" if i < 6 else "gul") for i, s in enumerate(THIN_STATUS)]
    return make_portfolio("2020-01", rows)


def test_not_assessed_counted_apart_and_shares_of_all_projects(thin):
    assert status.counts(thin) == {"grønn": 3, "gul": 5, "rød": 1, "ikke vurdert": 3}
    s = status.shares(thin)
    # 3/12 = 25 %, 5/12 = 41,7 %, 1/12 = 8,3 %, 3/12 = 25 %: the colours and "ikke vurdert" add up to 100 %
    assert {c: v.value for c, v in s.items()} == pytest.approx(
        {"grønn": 0.25, "gul": 5 / 12, "rød": 1 / 12, "ikke vurdert": 0.25})
    assert {v.denominator for v in s.values()} == {12}
    assert status.counts(thin, "risiko") == {"grønn": 6, "gul": 6, "rød": 0}  # no key when all are assessed
    assert status.red_ids(thin) == [9]


def test_colour_shares_have_not_assessed_rows_only_where_there_are_any(thin):
    t = status.colour_shares(thin)
    assert t.loc[t["measure"] == "status", "colour"].tolist() == ["grønn", "gul", "rød", "ikke vurdert"]
    assert t.loc[t["measure"] == "risiko", "colour"].tolist() == ["grønn", "gul", "rød"]
    assert t.groupby("measure")["share"].sum().tolist() == pytest.approx([1, 1])


def test_key_figures_add_not_assessed_only_when_some_are(thin, current, previous):
    from ehp_analysis.metrics.key_figures import key_figures

    kf = key_figures(thin)
    assert kf["status"]["counts"] == {"grønn": 3, "gul": 5, "rød": 1, "ikke vurdert": 3}
    assert kf["status"]["shares"]["ikke vurdert"] == 0.25
    assert set(kf["risk"]["counts"]) == set(kf["risk"]["shares"]) == {"grønn", "gul", "rød"}
    every = key_figures(current, previous)
    for part in (every, every["previous"]):
        for key in ("status", "risk"):
            assert set(part[key]["counts"]) == set(part[key]["shares"]) == {"grønn", "gul", "rød"}
    assert "n_not_assessed" not in every["tests"]["status_shift"]


# ids 1-8; 7 is not assessed before, 8 now: both left out (2). Among 1-6: 1-5 grønn -> gul (worse),
# 6 gul -> grønn (better): 5 worse, 1 better, P = 14/64 = 0.21875 two-sided.
BEFORE = ["grønn"] * 5 + ["gul", None, "gul"]
AFTER = ["gul"] * 5 + ["grønn", "gul", None]


def test_sign_test_leaves_out_projects_not_assessed_in_either_period(make_portfolio, project_row):
    cur, prev = _paired(make_portfolio, project_row, BEFORE, AFTER)
    r = status.sign_test(cur, prev)
    assert (r.n_worse, r.n_better, r.n_same, r.n_not_assessed) == (5, 1, 0, 2)
    assert r.p_value == pytest.approx(0.21875)
    assert r.as_dict()["n_not_assessed"] == 2
    t = status.transitions(cur, prev)
    assert t.shape == (3, 3) and t.to_numpy().sum() == 6
    assert t.loc["grønn", "gul"] == 5 and t.loc["gul", "grønn"] == 1
    assert t.attrs["n_not_assessed"] == 2


def test_status_risk_crosstab_counts_not_assessed(thin):
    t = status.status_risk_crosstab(thin)
    assert t.index.tolist() == ["grønn", "gul", "rød", "ikke vurdert"]
    assert t.columns.tolist() == ["grønn", "gul", "rød"]  # every risk was assessed
    # status 10-12 not assessed, all with risk gul (ids 7-12)
    assert t.loc["ikke vurdert"].tolist() == [0, 3, 0]
    assert t.to_numpy().sum() == 12


def test_not_assessed_projects_listed(thin):
    assert status.not_assessed(thin)["id"].tolist() == [10, 11, 12]
