"""Chapter 5 metrics: totals with what is missing, the bands' edges, benefits and maturity."""

import pytest

from ehp_analysis.metrics import costs
from ehp_analysis.reference import load_cost_bands

SHIPPED_BANDS = load_cost_bands()


# report.md, Definitions: <10 below 10; 10-299 from 10 up to but not including 300; 300-500 from 300 to 500
# inclusive; >500 above 500.
@pytest.mark.parametrize("value, band", [
    (0, "<10"), (9.99, "<10"), (9.999, "<10"), (10, "10-299"), (299, "10-299"), (299.5, "10-299"),
    (299.999, "10-299"), (300, "300-500"), (500, "300-500"), (500.001, ">500"), (500.01, ">500"),
    (None, None), (float("nan"), None),
])
def test_band_edges(value, band):
    assert costs.cost_band(value, SHIPPED_BANDS) == band


def test_total_cost_and_bands(current, previous):
    # now: 600 + 50 + 500.01 + 299.5 + 10 = 1459.51; 7 did not report -> 1 of 6
    t = costs.total_cost(current)
    assert t.value == pytest.approx(1459.51)
    assert (t.n_reported, t.n_not_reported, t.n_withheld) == (5, 1, 0)
    assert t.not_reported_share.value == pytest.approx(1 / 6)
    # 600 and 500.01 above 500; 50, 299.5 and 10 in 10-299
    b = costs.cost_bands(current)
    assert list(b.columns) == ["band", "label", "phrase", "count", "share", "share_reported"]
    assert dict(zip(b["band"], b["count"])) == {"<10": 0, "10-299": 3, "300-500": 0, ">500": 2}
    assert (b.attrs["n_projects"], b.attrs["n_reported"], b.attrs["n_not_reported"]) == (6, 5, 1)
    # shares of all 6 projects and of the 5 that reported: 10-299 is 3/6 and 3/5, >500 2/6 and 2/5
    assert b.set_index("band").loc["10-299", ["share", "share_reported"]].tolist() == pytest.approx([0.5, 0.6])
    assert b.set_index("band").loc[">500", ["share", "share_reported"]].tolist() == pytest.approx([2 / 6, 0.4])
    assert b["label"].tolist() == ["< 10", "10–299", "300–500", "> 500"]
    # previous: 600 >500, 50 10-299, 300 300-500, 9.99 <10, 4 not reported
    b = costs.cost_bands(previous)
    assert dict(zip(b["band"], b["count"])) == {"<10": 1, "10-299": 1, "300-500": 1, ">500": 1}
    assert costs.total_cost(previous).value == pytest.approx(959.99)


def test_maintenance(current, previous):
    m = costs.maintenance(current, previous)
    # now 12 + 5 + 2 = 19 (2, 4, 7 not reported: 3/6); before 10 + 5 + 1 = 16 (2, 4: 2/5)
    assert m.current.value == pytest.approx(19)
    assert m.current.not_reported_share.value == pytest.approx(0.5)
    assert m.previous.value == pytest.approx(16)
    assert m.previous.not_reported_share.value == pytest.approx(0.4)
    assert m.change == pytest.approx(3)
    first = costs.maintenance(current)
    assert first.previous is None and first.change is None


def test_benefits(current, previous):
    b = costs.benefits(current)
    # 250, 0, 120, empty, empty, 0 -> 2 of 6 have any, both over 100, sum 370
    assert (b.quantifiable.count, b.quantifiable.denominator) == (2, 6)
    assert b.over_100.count == 2
    assert b.total == pytest.approx(370)
    p = costs.benefits(previous)
    # 200, 0, empty, 50, empty -> 2 of 5; over 100: only 200
    assert (p.quantifiable.count, p.over_100.count, p.total) == (2, 1, pytest.approx(250))


def test_benefit_of_exactly_100_is_not_over_100(make_portfolio, project_row):
    b = costs.benefits(make_portfolio("2020-01", [project_row(1, benefits=100), project_row(2, benefits=100.5)]))
    assert b.over_100.count == 1 and b.quantifiable.count == 2


def test_benefit_maturity(current):
    m = costs.benefit_maturity(current)
    # in planlegging/gjennomføring: 1 (5 ja: høy), 2 (2 ja: middels), 3 (1 ja: lav), 7 (4 ja: høy), and 4, which
    # answered none of the five: not assessed (not lav); 6 is konsept -> not assessed
    assert m.assessed == 4 and m.not_answered == 1 and m.in_phases == 5
    assert m.counts() == {"lav": 1, "middels": 1, "høy": 2}
    assert m.medium_or_high == 3
    assert m.medium_or_high_share.value == pytest.approx(0.75)


def test_nothing_reported_is_none_not_zero(make_portfolio, project_row):
    t = costs.total_cost(make_portfolio("2020-01", [project_row(1), project_row(2)]))
    assert t.value is None and t.n_not_reported == 2
