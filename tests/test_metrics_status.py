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
