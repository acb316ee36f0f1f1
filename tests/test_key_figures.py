"""key_figures(): shape on the hand fixture, JSON, withheld values, properties over random portfolios, and the
back-test of the embedded 2020-01 period against the published report (report.md's list, typed in by hand)."""

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehp_analysis import template as T
from ehp_analysis.metrics import appendix, key_figures, write_key_figures
from ehp_analysis.metrics import costs, overview, strategy, status
from ehp_analysis.reference import load_reference

# The shipped organisations file's owner groups, in its order (owner groups are data, not a list in the code).
OWNER_GROUPS = load_reference().organisations.owner_groups

# ----------------------------------------------------------------------------- the hand fixture


def test_keys_of_report_md(current, previous):
    kf = key_figures(current, previous)
    required = """period previous_period currency projects.count projects.programmes projects.new_ids projects.left_ids
    projects.by_owner_group budget.total budget.not_reported_ids budget.by_owner_group budget.by_strategic_area
    budget.by_focus_area budget.bridge status.counts status.shares status.red_ids risk.counts risk.shares
    risk.red_ids costs.total_cost costs.total_cost_not_reported_share costs.total_cost_bands costs.maintenance
    costs.maintenance_not_reported_share benefits.quantifiable_share benefits.over_100_share benefits.total
    benefits.maturity_assessed benefits.maturity_medium_or_high dependencies.count dependencies.high_share
    dependencies.by_category dependencies.red_count dependencies.red_by_theme
    prerequisites.municipal_org_development_share prerequisites.epj_medium_or_high_share""".split()
    for figures in (kf, kf["previous"]):
        for dotted in required:
            node = figures
            for part in dotted.split("."):
                assert part in node, dotted
                node = node[part]
    assert "previous" not in kf["previous"]


def test_values_on_the_hand_fixture(current, previous):
    kf = key_figures(current, previous)
    assert kf["period"] == "2020-01" and kf["previous_period"] == "2019-10"
    assert kf["projects"]["count"] == 6 and kf["projects"]["programmes"] == 2
    assert kf["projects"]["new_ids"] == [6, 7] and kf["projects"]["left_ids"] == [5]
    assert list(kf["projects"]["by_owner_group"]) == list(OWNER_GROUPS)
    assert kf["projects"]["by_owner_group"]["KS/kommunene"] == {"program": 1, "prosjekt": 1}
    assert kf["projects"]["by_owner_group"]["Helse Midt RHF"] == {"program": 0, "prosjekt": 0}
    assert kf["budget"]["total"] == 180 and kf["budget"]["not_reported_ids"] == [2, 7]
    assert kf["budget"]["bridge"] == {"previous_total": 158, "left": -8, "joined": 40, "stopped_reporting": -20,
                                      "started_reporting": 15, "continuing_change": -5, "total": 180}
    assert kf["budget"]["by_strategic_area"]["4"] is None  # only project 7, not reported
    assert kf["previous"]["budget"]["by_strategic_area"]["4"] == 20  # project 2 under its old area
    assert kf["status"]["counts"] == {"grønn": 2, "gul": 3, "rød": 1}
    assert kf["previous"]["status"]["counts"] == {"grønn": 3, "gul": 2, "rød": 0}
    assert kf["costs"]["total_cost_bands"] == {"<10": 0, "10-299": 3, "300-500": 0, ">500": 2}
    assert kf["costs"]["maintenance"] == 19 and kf["costs"]["maintenance_change"] == 3
    assert kf["benefits"]["quantifiable_share"] == pytest.approx(2 / 6)
    # 1, 2, 3 and 7 answered some of the five benefit questions; 4 (planlegging) answered none: not assessed
    assert (kf["benefits"]["maturity_assessed"], kf["benefits"]["maturity_medium_or_high"]) == (4, 3)
    assert kf["benefits"]["maturity_not_answered"] == 1
    assert kf["dependencies"]["by_category"]["Personvern og informasjonssikkerhet"] == 0
    assert kf["dependencies"]["red_by_theme"] == {"HelseID": 2, "Annet": 1}
    assert kf["tests"]["status_shift"]["p_value"] == pytest.approx(0.25)


def test_first_period(current):
    kf = key_figures(current)
    assert kf["previous_period"] is None and "previous" not in kf
    assert kf["projects"]["new_ids"] is None and kf["budget"]["bridge"] is None
    assert kf["tests"]["status_shift"] is None
    assert kf["budget"]["total"] == 180


def test_json_and_writer(current, previous, tmp_path):
    kf = key_figures(current, previous)
    path = write_key_figures(kf, tmp_path / "out" / "key_figures.json")
    raw = path.read_text(encoding="utf-8")
    assert "grønn" in raw and "\\u00f8" not in raw  # ensure_ascii=False
    assert json.loads(raw) == kf
    assert raw == json.dumps(kf, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _walk(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)
    else:
        yield node


def test_withheld_values_never_appear(make_portfolio, project_row):
    # Defensive: even if a withheld amount reached the Portfolio, no output may show it.
    rows = [project_row(1, budget=123.456, budget_withheld=True, total_cost=777.77, total_cost_withheld=True,
                        benefits=654.32, benefits_withheld=True),
            project_row(2, budget=10, total_cost=20, benefits=0)]
    p = make_portfolio("2020-01", rows)
    kf = key_figures(p, p)
    values = set(_walk(kf))
    for secret in (123.456, 777.77, 654.32, 133.456, 797.77):
        assert secret not in values
    assert kf["budget"]["total"] == 10 and kf["budget"]["withheld_count"] == 1
    assert kf["costs"]["total_cost_withheld"] == 1 and kf["benefits"]["withheld_count"] == 1
    assert kf["benefits"]["quantifiable_share"] == 0
    table = appendix.project_table(p)
    assert table["budget"].isna().tolist() == [True, False]
    assert overview.new_projects(p, make_portfolio("2019-10", [project_row(2)]))["budget"].isna().all()


def test_withheld_ratings_are_their_own_category(make_portfolio, project_row):
    # Now: 1 grønn/grønn, 2 gul/withheld, 3 withheld/withheld, 4 not assessed/gul, 5 withheld/rød (five projects).
    # Before: 1 grønn/gul, 2 gul/gul, 3 rød/gul, 4 gul/gul (no withheld, none not assessed).
    W = T.WITHHELD_RATING
    now = make_portfolio("2020-01", [project_row(1, status="grønn", risk="grønn"), project_row(2, status="gul", risk=W),
                                     project_row(3, status=W, risk=W), project_row(4, status=None, risk="gul"),
                                     project_row(5, status=W, risk="rød")])
    before = make_portfolio("2019-10", [project_row(1, status="grønn", risk="gul"), project_row(2, status="gul", risk="gul"),
                                        project_row(3, status="rød", risk="gul"), project_row(4, status="gul", risk="gul")])
    kf = key_figures(now, before)
    assert kf["status"]["counts"] == {"grønn": 1, "gul": 1, "rød": 0, "ikke vurdert": 1, "unntatt offentlighet": 2}
    assert kf["status"]["shares"] == {"grønn": 0.2, "gul": 0.2, "rød": 0.0, "ikke vurdert": 0.2,
                                      "unntatt offentlighet": 0.4}
    assert kf["risk"]["counts"] == {"grønn": 1, "gul": 1, "rød": 1, "unntatt offentlighet": 2}  # none not assessed
    assert kf["risk"]["red_ids"] == [5] and kf["status"]["red_ids"] == []
    # the previous period has neither: its keys are the three colours only
    assert set(kf["previous"]["status"]["counts"]) == set(kf["previous"]["risk"]["counts"]) == {"grønn", "gul", "rød"}
    from ehp_analysis.metrics import history

    counts = history.history_figures([before, now])["status_counts"]
    assert counts == {"2019-10": {"grønn": 1, "gul": 2, "rød": 1},
                      "2020-01": {"grønn": 1, "gul": 1, "rød": 0, "ikke vurdert": 1, "unntatt offentlighet": 2}}
    # the shift: 1–4 are in both periods; status: 1 grønn→grønn same, 2 gul→gul same, 3 withheld now, 4 not assessed
    # now; risk: 1 gul→grønn better, 2 and 3 withheld now, 4 gul→gul same.
    assert status.sign_test(now, before, "status").as_dict() == {
        "n_worse": 0, "n_better": 0, "n_same": 2, "p_value": None, "n_not_assessed": 1, "n_withheld": 1, "n": 0}
    assert status.sign_test(now, before, "risiko").as_dict() == {
        "n_worse": 0, "n_better": 1, "n_same": 1, "p_value": 1.0, "n_withheld": 2, "n": 1}
    # the rules: one period before, so the run rules are too short; no dependency table; nobody answered gevinstplan;
    # no total cost reported in either period; gronn_status_rod_risiko has 1 (grønn, grønn) to look at: assessed.
    assert kf["warnings"]["gronn_status_rod_risiko"] == []
    assert kf["warnings"]["not_assessed"] == {
        "gronn_status_rod_avhengighet": "no_dependencies", "kostnadsvekst": "not_reported",
        "vedvarende_rod": "chain_too_short", "lenge_gul_eller_rod": "chain_too_short",
        "uendret_rapportering": "chain_too_short", "forbi_planlagt_slutt": "not_collected",
        "gjennomforing_uten_gevinstplan": "not_answered", "avhenger_av_rodt_prosjekt": "no_dependencies",
        "lenge_ikke_vurdert": "chain_too_short"}
    assert all(kf["warnings"][r] is None for r in kf["warnings"]["not_assessed"])
    json.dumps(kf, allow_nan=False)


def test_empty_dependency_table(make_portfolio, project_row):
    kf = key_figures(make_portfolio("2020-01", [project_row(1)], None))
    d = kf["dependencies"]
    # no dependency table: none reported, so every dependency figure is null, not 0 (input-template.md)
    assert d["reported"] is False and d["count"] is None and d["high_share"] is None
    assert d["by_category"] is None and d["red_count"] is None and d["red_by_theme"] is None
    assert kf["tests"]["risk_vs_high_dependencies"] is None
    json.dumps(kf, allow_nan=False)


# ----------------------------------------------------------------------------- properties

REF = load_reference()
ORGS = sorted(REF.organisations.owner_group)
FOCUS = sorted(REF.strategy.focus_areas)
amount = st.one_of(st.none(), st.floats(0, 2000, allow_nan=False).map(lambda x: round(x, 3)))
colour = st.sampled_from(T.COLOURS)


@st.composite
def project_rows(draw, ids):
    rows = []
    for i in ids:
        withheld = draw(st.booleans())
        rows.append(dict(
            id=i, name=f"P{i}", type=draw(st.sampled_from(T.TYPES)), organisation=draw(st.sampled_from(ORGS)),
            focus_area=draw(st.sampled_from(FOCUS)), phase=draw(st.sampled_from(T.PHASES)), status=draw(colour),
            risk=draw(colour), budget=None if withheld else draw(amount), budget_withheld=withheld,
            total_cost=draw(amount), maintenance_cost=draw(amount), benefits=draw(amount),
            epj_criticality=draw(st.one_of(st.none(), st.sampled_from(T.EPJ_LEVELS))),
            municipal_prerequisite=draw(st.one_of(st.none(), st.booleans())),
            **{q: draw(st.one_of(st.none(), st.booleans())) for q in T.BENEFIT_QUESTIONS}))
    return rows


@st.composite
def periods(draw):
    prev_ids = draw(st.sets(st.integers(1, 12), max_size=8))
    cur_ids = draw(st.sets(st.integers(1, 12), max_size=8))
    cur = draw(project_rows(sorted(cur_ids)))
    prev = draw(project_rows(sorted(prev_ids)))
    deps = draw(st.lists(st.tuples(st.sampled_from(sorted(cur_ids) or [0]), st.just("x"),
                                   st.sampled_from(T.CATEGORIES), st.sampled_from(T.CRITICALITY), colour,
                                   st.one_of(st.none(), st.sampled_from(["A", "B"]))), max_size=10))
    deps = [d for d in deps if d[0] in cur_ids]
    return cur, prev, deps


COLUMNS = ["id", "name", "type", "organisation", "focus_area", "phase", "status", "risk"]


def _build(make_portfolio, period, rows, deps=None):
    import pandas as pd
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=COLUMNS)
    return make_portfolio(period, frame, deps)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(periods())
def test_properties(make_portfolio, data):
    cur_rows, prev_rows, deps = data
    cur = _build(make_portfolio, "2020-01", cur_rows, deps)
    prev = _build(make_portfolio, "2019-10", prev_rows, [])
    n = len(cur)
    kf = key_figures(cur, prev)
    json.dumps(kf, allow_nan=False)
    # shares sum to 1
    for measure in ("status", "risk"):
        if n:
            assert math.isclose(sum(kf[measure]["shares"].values()), 1)
        assert sum(kf[measure]["counts"].values()) == n
    # the bridge adds up to the current total; it is absent when either period has no reported budget
    b = kf["budget"]["bridge"]
    assert (b is None) == (kf["budget"]["total"] is None or kf["previous"]["budget"]["total"] is None)
    if b is not None:
        assert math.isclose(sum(v for k, v in b.items() if k != "total"), b["total"], abs_tol=1e-6)
        assert math.isclose(b["total"], kf["budget"]["total"], abs_tol=1e-6)
    # counts never exceed the portfolio size
    bands = costs.cost_bands(cur)
    assert bands["count"].sum() + bands.attrs["n_not_reported"] == n
    assert sum(v["program"] + v["prosjekt"] for v in kf["projects"]["by_owner_group"].values()) == n
    assert kf["benefits"]["over_100_count"] <= kf["benefits"]["quantifiable_count"] <= n
    assert (kf["benefits"]["maturity_medium_or_high"] or 0) <= kf["benefits"]["maturity_assessed"] <= n
    assert (kf["prerequisites"]["epj_medium_or_high_count"] or 0) <= n  # null when nobody answered
    assert set(kf["status"]["red_ids"]) <= cur.ids and len(kf["budget"]["not_reported_ids"]) <= n
    assert kf["dependencies"]["red_count"] <= kf["dependencies"]["count"] == len(deps)
    # joined and left partition the ids
    assert set(kf["projects"]["new_ids"]) | (cur.ids & prev.ids) == cur.ids
    # per-area budgets add up to the total
    areas = strategy.budget_by_strategic_area(cur)
    assert math.isclose(float(areas["budget"].fillna(0).sum()), kf["budget"]["total"] or 0.0, abs_tol=1e-6)
    t = status.transitions(cur, prev)
    assert int(t.to_numpy().sum()) == len(cur.ids & prev.ids)


# ----------------------------------------------------------------------------- back-test


@pytest.fixture(scope="module")
def published():
    from ehp_analysis import load_period
    current, previous = load_period("2020-01"), load_period("2019-10")
    return key_figures(current, previous), current, previous


def _between(value, low, high):
    return value is not None and low <= value <= high


def test_published_2020_01(published):
    """Every figure in report.md's list, typed in from the published January 2020 report.

    Percentages are checked through the published counts (54 projects), as report.md says.
    """
    kf, current, previous = published
    prev = kf["previous"]
    # amounts in kroner: the embedded periods say no currency:, so NOK (input-template.md, "Currency")
    assert kf["currency"] == "NOK" and prev["currency"] == "NOK"
    # 54 projects (54 in 2019-10); new 183, 188, 189; left 3, 121, 133
    assert kf["projects"]["count"] == 54 and prev["projects"]["count"] == 54
    assert kf["projects"]["new_ids"] == [183, 188, 189]
    assert kf["projects"]["left_ids"] == [3, 121, 133]
    # budget 1,65 milliarder (1,73 in 2019-10)
    assert _between(kf["budget"]["total"], 1645, 1654.99)
    assert _between(prev["budget"]["total"], 1725, 1734.99)
    b = kf["budget"]["bridge"]
    assert math.isclose(sum(v for k, v in b.items() if k != "total"), b["total"], abs_tol=1e-6)
    # Helsedataprogrammet (107) 260 mill.
    table = appendix.project_table(current).set_index("id")
    assert table.loc[107, "budget"] == 260
    # focus area 2.2: 87,6 mill. (65 in 2019-10)
    assert kf["budget"]["by_focus_area"]["2.2"] == pytest.approx(87.6, abs=0.05)
    assert prev["budget"]["by_focus_area"]["2.2"] == pytest.approx(65, abs=0.5)
    # owner groups
    assert kf["projects"]["by_owner_group"] == {
        "KS/kommunene": {"program": 0, "prosjekt": 3},
        "Helse Nord RHF": {"program": 1, "prosjekt": 2},
        "Helse Midt RHF": {"program": 1, "prosjekt": 4},
        "Helse Vest RHF": {"program": 2, "prosjekt": 3},
        "Helse Sør-Øst RHF": {"program": 0, "prosjekt": 8},
        "Folkehelseinstituttet": {"program": 0, "prosjekt": 4},
        "Helsedirektoratet": {"program": 3, "prosjekt": 13},
        "Direktoratet for e-helse": {"program": 4, "prosjekt": 6},
    }
    assert kf["projects"]["programmes"] == 11
    # status 56 % gul (44 %), 43 % grønn (56 %); red: 142
    assert kf["status"]["counts"]["gul"] == 30 and prev["status"]["counts"]["gul"] == 24
    assert kf["status"]["counts"]["grønn"] == 23 and prev["status"]["counts"]["grønn"] == 30
    assert kf["status"]["red_ids"] == [142]
    assert round(kf["status"]["shares"]["gul"] * 100) == 56 and round(kf["status"]["shares"]["grønn"] * 100) == 43
    # risk 67 % gul, unchanged (17 / 36 / 1 both times); red risk: 101
    assert kf["risk"]["counts"] == {"grønn": 17, "gul": 36, "rød": 1}
    assert prev["risk"]["counts"] == {"grønn": 17, "gul": 36, "rød": 1}
    assert kf["risk"]["red_ids"] == [101]
    # 30 % require municipal organisational development; 40 % medium/high EPJ criticality (22 projects)
    assert round(kf["prerequisites"]["municipal_org_development_share"] * 100) == 30
    assert kf["prerequisites"]["epj_medium_or_high_count"] == 22
    # total cost 9,2 milliarder (unchanged); 7 (13 %) did not report it (17 % = 9 in 2019-10)
    assert _between(kf["costs"]["total_cost"], 9150, 9249)
    assert _between(prev["costs"]["total_cost"], 9150, 9249)
    assert kf["costs"]["total_cost_not_reported"] == 7
    assert round(kf["costs"]["total_cost_not_reported_share"] * 100) == 13
    assert prev["costs"]["total_cost_not_reported"] == 9
    # 13 % (7) between 300 and 500, 7 % (4) above 500, most between 10 and 299
    bands = kf["costs"]["total_cost_bands"]
    assert bands["300-500"] == 7 and bands[">500"] == 4
    assert max(bands, key=bands.get) == "10-299"
    # maintenance 405 mill./year (+10); 50 % (27) did not report it, as before
    assert kf["costs"]["maintenance"] == pytest.approx(405, abs=0.5)
    assert kf["costs"]["maintenance_change"] == pytest.approx(10, abs=0.5)
    assert kf["costs"]["maintenance_not_reported"] == 27 and prev["costs"]["maintenance_not_reported"] == 27
    # 44 % (24) quantifiable benefits (40 % = 22), 26 % (14) above 100 mill. (25 % = 13), together over 10 mrd.
    assert kf["benefits"]["quantifiable_count"] == 24 and prev["benefits"]["quantifiable_count"] == 22
    assert kf["benefits"]["over_100_count"] == 14 and prev["benefits"]["over_100_count"] == 13
    assert kf["benefits"]["total"] > 10000
    # 49 of the 50 projects in planning or execution have medium or high benefit maturity
    assert (kf["benefits"]["maturity_medium_or_high"], kf["benefits"]["maturity_assessed"]) == (49, 50)
    # 129 dependencies (132), 59 % high criticality, about 40 % Tjenester og applikasjoner
    d = kf["dependencies"]
    assert d["count"] == 129 and prev["dependencies"]["count"] == 132
    assert round(d["high_share"] * 100) == 59
    assert round(d["by_category"]["Tjenester og applikasjoner"] / d["count"], 1) == 0.4
    # 8 red: journalløsninger 2, Felles grunnmur 2, DIPS Arena 1, multidose 1, annet 2
    assert d["red_count"] == 8
    assert {k.casefold(): v for k, v in d["red_by_theme"].items()} == {
        "tilpasning av journalløsninger og kliniske fagsystemer": 2,
        "felleskomponenter i felles grunnmur": 2,
        "leveranse av dips arena": 1,
        "apotekkjeder og deres leverandører på multidose i e-resept": 1,
        "annet": 2,
    }


def test_published_sentences(published):
    from ehp_analysis import text
    kf, _, _ = published
    assert text.budget_sentence(kf).startswith("Samlet innrapportert budsjett for 2020 er per januar på 1,65 milliarder"
                                               " kroner (1,73 milliarder i oktober 2019).")
    assert text.status_sentence(kf).startswith("56\u00a0% av prosjektene rapporterer gul status, mot 44\u00a0% i"
                                               " oktober 2019.")
    assert "Helse Vest RHF (2 programmer, 3 prosjekter)" in text.owner_group_bullets(kf)
