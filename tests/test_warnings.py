"""The early-warning rules (report.md, "Early-warning rules"), each on hand-written chains whose outcome is worked
out from the rule's definition, edges included; and the reference file that holds their thresholds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from decimal import Decimal

import pandas as pd
import pytest

from ehp_analysis.config import parameters_from_mapping
from ehp_analysis.exceptions import ConfigError, ReferenceDataError
from ehp_analysis.metrics import early_warnings as W
from ehp_analysis.portfolio import build_portfolio
from ehp_analysis.reference import load_early_warnings, load_reference
from ehp_analysis.reference.early_warnings import WarningRule, exact

PERIODS = ("2021-01", "2021-05", "2021-09", "2022-01", "2022-05", "2022-09")
RULES = load_early_warnings()
DEP_COLUMNS = ["project_id", "dependency", "depends_on_id", "category", "criticality", "status", "theme"]


def row(id, status="grønn", risk="grønn", phase="gjennomføring", **fields):
    return dict(id=id, name=f"Prosjekt {id}", type="prosjekt", organisation="Helsedirektoratet", focus_area="1.1",
                phase=phase, status=status, risk=risk, **fields)


def dep(project_id, name, criticality="høy", status="rød", depends_on_id=None):
    return (project_id, name, depends_on_id, "Tjenester og applikasjoner", criticality, status, None)


def period(name, rows, deps=(), cutoff=None, extra=None):
    params = None
    if cutoff:
        params = parameters_from_mapping({"period": name, "budget_year": int(name[:4]), "cutoff": cutoff,
                                          "strategy": "2017-2022"}, root=Path("."))
    frame = pd.DataFrame(rows)
    for column, values in (extra or {}).items():
        frame[column] = values
    return build_portfolio(name, frame, pd.DataFrame(list(deps), columns=DEP_COLUMNS), parameters=params)


def chain(*periods_rows):
    """Periods named from PERIODS, oldest first; each item is a list of rows (or a Portfolio as it is)."""
    return [p if not isinstance(p, list) else period(PERIODS[i], p) for i, p in enumerate(periods_rows)]


def fired(rule_id, chain_, rule=None):
    rule = rule or RULES.get(rule_id)
    return [i for i, _ in W.RULE_FUNCTIONS[rule_id](chain_, rule)]


# ------------------------------------------------------------------------------------ the reference file


def test_the_shipped_file_holds_the_ten_rules_of_report_md_in_order():
    assert RULES.ids == ("gronn_status_rod_risiko", "gronn_status_rod_avhengighet", "kostnadsvekst", "vedvarende_rod",
                         "lenge_gul_eller_rod", "uendret_rapportering", "forbi_planlagt_slutt",
                         "gjennomforing_uten_gevinstplan", "avhenger_av_rodt_prosjekt", "lenge_ikke_vurdert")
    assert RULES.get("kostnadsvekst").thresholds == {"factor": Decimal("1.2"), "min_increase": Decimal(10)}
    assert [RULES.get(r).periods for r in ("vedvarende_rod", "lenge_gul_eller_rod", "uendret_rapportering",
                                           "lenge_ikke_vurdert")] == [3, 4, 3, 3]
    assert all(r.title and r.explanation for r in RULES.rules)
    assert load_reference().early_warnings.ids == RULES.ids


@pytest.mark.parametrize("value, expected", [
    (1.2, Decimal("1.2")), (1.20, Decimal("1.2")), ("1,20", Decimal("1.20")), (10, Decimal(10)),
    (0.1, Decimal("0.1")), (12.36, Decimal("12.36")), (True, None), ("abc", None), (None, None),
])
def test_exact_reads_a_number_as_written(value, expected):
    assert exact(value) == expected


def test_a_bad_rules_file_reports_every_mistake_at_once(tmp_path):
    path = tmp_path / "varsler.yaml"
    path.write_text("""rules:
  - id: kostnadsvekst
    title: "Kostnadsvekst"
    explanation: "Økt."
    thresholds: {factor: "mye", bonus: 3}
  - id: ukjent_regel
    title: "X"
    explanation: "Y"
  - id: vedvarende_rod
    title: ""
    explanation: "Z"
    thresholds: {periods: 0}
  - id: vedvarende_rod
    title: "Igjen"
    explanation: "Z"
    thresholds: {periods: 2}
""", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as err:
        load_early_warnings(path)
    text = str(err.value)
    for expected in ("thresholds: factor", "thresholds: bonus", "thresholds: min_increase", "ukjent regel",
                     "regel 3 (vedvarende_rod): title", "thresholds: periods", "hver regel kan stå bare én gang"):
        assert expected in text
    assert len(err.value.problems) == 7


def test_a_missing_rules_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="Fant ikke filen med regler"):
        load_early_warnings(tmp_path / "finnes-ikke.yaml")


def test_a_period_names_its_own_rules_file(tmp_path):
    own = tmp_path / "egne-varsler.yaml"
    own.write_text("""rules:
  - id: vedvarende_rod
    title: "Rød to ganger"
    explanation: "Rød to perioder på rad."
    thresholds: {periods: 2}
""", encoding="utf-8")
    params = parameters_from_mapping({"period": "2021-05", "budget_year": 2021, "cutoff": "2021-05-15",
                                      "strategy": "2017-2022", "early_warnings_file": "egne-varsler.yaml"}, tmp_path)
    assert params.early_warnings_file == own
    reference = load_reference(early_warnings_file=params.early_warnings_file)
    c = [period("2021-01", [row(1, "rød")]), build_portfolio("2021-05", pd.DataFrame([row(1, "rød")]),
                                                             reference=reference)]
    # P's own file is the one in force: one rule, two periods; with the shipped file (three periods) the chain of
    # two is too short to assess it.
    assert W.ids_by_rule(c) == {"vedvarende_rod": [1]}
    assert W.ids_by_rule(c, RULES)["vedvarende_rod"] is None


# ----------------------------------------------------------------------------------------------- rules


@pytest.mark.parametrize("status, risk, fires", [
    ("grønn", "rød", True), ("gul", "rød", False), ("grønn", "gul", False),
    ("grønn", None, False),   # risk "ikke vurdert" is not a colour
    (None, "rød", False),     # nor is status "ikke vurdert"
])
def test_gronn_status_rod_risiko(status, risk, fires):
    assert fired("gronn_status_rod_risiko", chain([row(1, status, risk)])) == ([1] if fires else [])


def test_gronn_status_rod_avhengighet():
    rows = [row(1), row(2), row(3), row(4, "gul"), row(5), row(6, None), row(7)]
    deps = [dep(1, "HelseID"),                                    # grønn, høy, rød: fires
            dep(2, "HelseID", criticality="middels"),             # not høy
            dep(3, "HelseID", status="gul"),                      # not red
            dep(4, "HelseID"),                                    # status gul
            dep(5, "Gammelt prosjekt", depends_on_id=99),         # on a project that left: its own status counts
            dep(6, "HelseID"),                                    # status ikke vurdert is not grønn
            dep(7, "Prosjekt 4", status="gul", depends_on_id=4)]  # the dependency's own status is gul
    c = [period(PERIODS[0], rows, deps)]
    hits = W.gronn_status_rod_avhengighet(c, RULES.get("gronn_status_rod_avhengighet"))
    assert hits == [(1, {"status": "grønn", "dependencies": ("HelseID",)}),
                    (5, {"status": "grønn", "dependencies": ("Gammelt prosjekt",)})]


@pytest.mark.parametrize("before, now, fires", [
    (50.0, 60.0, True),      # exactly 1,20 × and exactly +10: both inclusive
    (50.0, 59.99, False),    # 1,1998 ×
    (100, 119.99, False),    # +19,99 but 1,1999 ×
    (100, 120, True),
    (40, 49, False),         # 1,225 × but only +9
    (40, 50, True),          # 1,25 × and +10
    (0, 10, True),           # 0 × 1,20 = 0, and +10
    (None, 60, False),       # not reported before
    (50, None, False),       # not reported now
    (60, 50, False),         # a fall
])
def test_kostnadsvekst(before, now, fires):
    c = chain([row(1, total_cost=before)], [row(1, total_cost=now)])
    assert fired("kostnadsvekst", c) == ([1] if fires else [])


def test_kostnadsvekst_compares_exact_decimals_not_floats():
    # 10,3 → 12,36 is exactly 1,20 × and +2,06; as binary floats 1.2 * 10.3 = 12.360000000000001 > 12.36
    # and 12.36 - 10.3 = 2.0599999999999987 < 2.06, so a float comparison would miss it twice.
    rule = WarningRule("kostnadsvekst", "K", "K.", {"factor": Decimal("1.20"), "min_increase": Decimal("2.06")})
    assert 1.2 * 10.3 > 12.36 and 12.36 - 10.3 < 2.06
    c = chain([row(1, total_cost=10.3)], [row(1, total_cost=12.36)])
    hits = W.kostnadsvekst(c, rule)
    assert [h[0] for h in hits] == [1]
    assert hits[0][1] == {"previous_period": "2021-01", "previous": Decimal("10.3"), "current": Decimal("12.36"),
                          "increase": Decimal("2.06"), "ratio": Decimal("1.2")}


def test_kostnadsvekst_edges():
    # withheld before or now: the rule does not fire (and the value is not returned)
    c = chain([row(1, total_cost=50, total_cost_withheld=True), row(2, total_cost=50)],
              [row(1, total_cost=80), row(2, total_cost=80, total_cost_withheld=True)])
    assert fired("kostnadsvekst", c) == []
    # a project new in P has no previous total cost; a chain of one period has no previous period
    assert fired("kostnadsvekst", chain([row(2)], [row(1, total_cost=80)])) == []
    assert fired("kostnadsvekst", chain([row(1, total_cost=80)])) == []
    # left and came back: the previous period (where it was absent) is what counts
    c = chain([row(1, total_cost=10)], [row(2)], [row(1, total_cost=80)])
    assert fired("kostnadsvekst", c) == []


def test_vedvarende_rod():
    red = [row(1, "rød"), row(2, "rød"), row(3, "rød"), row(4, "rød")]
    c = chain([row(2, "gul"), row(1, "rød"), row(3, "rød")],   # 1: red in the last three only
              red,
              [row(1, "rød"), row(2, "rød"), row(3, "gul"), row(4, "rød")],
              [row(1, "rød"), row(2, "rød"), row(3, "rød"), row(4, "rød")])
    # P = the fourth period. 1: red in periods 2–4: fires. 2: gul in 1 but red in 2–4: fires (only three count).
    # 3: gul in 3: no. 4: absent in period 1 does not matter, red in 2–4: fires.
    assert fired("vedvarende_rod", c) == [1, 2, 4]
    # left and came back: absent in the middle period breaks the run
    assert fired("vedvarende_rod", chain([row(1, "rød")], [row(2)], [row(1, "rød")])) == []
    # a chain shorter than the rule needs says nothing
    assert fired("vedvarende_rod", chain([row(1, "rød")], [row(1, "rød")])) == []
    # the threshold is the reference file's: two periods
    two = WarningRule("vedvarende_rod", "R", "R.", {"periods": 2})
    assert fired("vedvarende_rod", chain([row(1, "rød")], [row(1, "rød")]), two) == [1]


def test_lenge_gul_eller_rod():
    c = chain([row(1, "gul"), row(2, "gul"), row(3, "gul")],
              [row(1, "rød"), row(2, "grønn"), row(3, None)],
              [row(1, "gul"), row(2, "gul"), row(3, "gul")],
              [row(1, "gul"), row(2, "rød"), row(3, "rød")])
    # 1: gul, rød, gul, gul: fires. 2: grønn in period 2: no. 3: "ikke vurdert" in period 2 is no colour: no.
    assert fired("lenge_gul_eller_rod", c) == [1]
    hit = W.lenge_gul_eller_rod(c, RULES.get("lenge_gul_eller_rod"))[0][1]
    assert hit == {"periods": PERIODS[:4], "statuses": ("gul", "rød", "gul", "gul")}
    assert fired("lenge_gul_eller_rod", c[1:]) == []  # three periods: too short


def test_uendret_rapportering():
    same = dict(budget=10, total_cost=None, status_comment="Venter på leverandør")
    rows = lambda change={}: [row(1, "gul", "gul", **same),                             # noqa: E731, B006
                             row(2, "grønn", "gul", **same),                             # green now: no
                             row(3, "rød", "gul", **{**same, **change.get(3, {})}),
                             row(4, "gul", "gul", **{**same, **change.get(4, {})}),
                             row(5, "gul", None, **same)]                                # risk not assessed, same
    c = chain(rows(), rows(), rows({3: {"status_comment": "Nå med ny plan"}, 4: {"budget": 10.0}}))
    # 1: identical, total cost not reported all three times (not reported equals not reported): fires.
    # 3: the comment changed in P: no. 4: 10 and 10,0 are the same amount: fires. 5: risk "ikke vurdert"
    # three times is identical too, and status gul: fires.
    assert fired("uendret_rapportering", c) == [1, 4, 5]
    hit = dict(W.uendret_rapportering(c, RULES.get("uendret_rapportering")))[1]
    assert hit == {"periods": PERIODS[:3], "status": "gul", "risk": "gul", "budget": Decimal(10),
                   "total_cost": None, "status_comment": "Venter på leverandør"}


def test_uendret_rapportering_withheld_absent_and_short():
    base = dict(budget=10, total_cost=20, status_comment="Samme")
    withheld = chain([row(1, "gul", **base)], [row(1, "gul", **{**base, "budget_withheld": True})],
                     [row(1, "gul", **base)])
    assert fired("uendret_rapportering", withheld) == []  # withheld in one period: does not fire
    away = chain([row(1, "gul", **base)], [row(2, "gul")], [row(1, "gul", **base)])
    assert fired("uendret_rapportering", away) == []       # left and came back
    assert fired("uendret_rapportering", chain([row(1, "gul", **base)], [row(1, "gul", **base)])) == []


def test_forbi_planlagt_slutt_needs_the_column():
    # the 2020 template does not collect planlagt_slutt: not collected, so nothing fires
    p = period("2020-01", [row(1)], cutoff="2020-01-17")
    # (the model has the column for every version, empty where the period's template does not collect it)
    assert "planlagt_slutt" in p.not_collected and fired("forbi_planlagt_slutt", [p]) == []


def test_forbi_planlagt_slutt_on_dates():
    rows = [row(1), row(2, phase="avslutning"), row(3), row(4), row(5), row(6), row(7, phase="planlegging")]
    ends = [dt.date(2019, 12, 31),   # before the cut-off, gjennomføring: fires
            dt.date(2019, 12, 31),   # but avslutning: no
            dt.date(2020, 1, 17),    # the cut-off day itself is not earlier: no
            dt.date(2020, 6, 1),     # after: no
            None,                    # not given: no
            "31.12.2019",            # written DD.MM.YYYY: fires
            pd.Timestamp("2020-01-16")]  # a timestamp the day before, planlegging: fires
    p = period("2020-01", rows, cutoff="2020-01-17", extra={"planned_end": ends})
    hits = W.forbi_planlagt_slutt([p], RULES.get("forbi_planlagt_slutt"))
    assert [h[0] for h in hits] == [1, 6, 7]
    assert hits[0][1] == {"planned_end": dt.date(2019, 12, 31), "cutoff": dt.date(2020, 1, 17),
                          "phase": "gjennomføring"}


def test_forbi_planlagt_slutt_without_parameters_uses_the_last_day_of_the_month():
    # no parameters (a portfolio built in memory): the cut-off is the last day of the period's month, 31.1.2020
    p = period("2020-01", [row(1), row(2)], extra={"planlagt_slutt": ["2020-01-30", "2020-01-31"]})
    assert W.cutoff_date(p) == dt.date(2020, 1, 31)
    assert fired("forbi_planlagt_slutt", [p]) == [1]


@pytest.mark.parametrize("phase, plan, fires", [
    ("gjennomføring", False, True), ("gjennomføring", None, False),  # a blank is unanswered, not "nei"
    ("gjennomføring", True, False), ("planlegging", False, False),
])
def test_gjennomforing_uten_gevinstplan(phase, plan, fires):
    assert fired("gjennomforing_uten_gevinstplan", chain([row(1, phase=phase, benefit_plan=plan)])) == (
        [1] if fires else [])


def test_avhenger_av_rodt_prosjekt():
    rows = [row(1), row(2, "rød"), row(3, "gul"), row(4), row(5), row(6), row(7, "rød")]
    deps = [dep(1, "Prosjekt 2", status="grønn", depends_on_id=2),    # høy on a red project: fires
            dep(4, "Prosjekt 2", criticality="middels", depends_on_id=2),  # not høy
            dep(5, "Prosjekt 3", depends_on_id=3),                     # on a gul project (its own row red): no
            dep(6, "Prosjekt 99", depends_on_id=99),                   # 99 left: not a project of P
            dep(7, "Seg selv", depends_on_id=7)]                       # on itself: no
    previous = period(PERIODS[0], rows + [row(99, "rød")])
    c = [previous, period(PERIODS[1], rows, deps)]
    assert W.avhenger_av_rodt_prosjekt(c, RULES.get("avhenger_av_rodt_prosjekt")) == [
        (1, {"depends_on": (2,), "depends_on_names": ("Prosjekt 2",)})]


def test_lenge_ikke_vurdert():
    c = chain([row(1, None), row(2, None), row(3, None)],
              [row(1, None), row(2, "gul"), row(4)],
              [row(1, None), row(2, None), row(3, None)])
    # 1: not assessed three times: fires. 2: gul in the middle. 3: absent in the middle breaks the run.
    assert fired("lenge_ikke_vurdert", c) == [1]
    assert fired("lenge_ikke_vurdert", c[1:]) == []


# ------------------------------------------------------------------------------------- the whole period


def test_evaluate_overview_and_one_project():
    c = chain([row(1, "rød"), row(2)],
              [row(1, "rød"), row(2, "grønn", "rød")],
              [row(1, "rød", total_cost=None), row(2, "grønn", "rød", phase="gjennomføring", benefit_plan=False)])
    found = W.evaluate(c)
    assert list(found.columns) == W.COLUMNS
    # 2: grønn/rød now. 1: red three times; and (red, green risk, nothing reported, no comment) identical three
    # times: uendret_rapportering too. 2 again: gjennomføring with "nei" on gevinstplan.
    assert list(zip(found["rule"], found["id"])) == [("gronn_status_rod_risiko", 2), ("vedvarende_rod", 1),
                                                     ("uendret_rapportering", 1), ("gjennomforing_uten_gevinstplan", 2)]
    assert found.loc[0, "name"] == "Prosjekt 2" and found.loc[0, "organisation"] == "Helsedirektoratet"
    by_rule = W.ids_by_rule(c, warnings=found)
    # Nobody reported a total cost, so kostnadsvekst cannot be assessed (None, not "fired for nobody").
    assert list(by_rule) == list(RULES.ids) and by_rule["kostnadsvekst"] is None and by_rule["vedvarende_rod"] == [1]
    assert by_rule["lenge_ikke_vurdert"] == [] and by_rule["avhenger_av_rodt_prosjekt"] is None
    assert list(W.for_project(found, 2)["rule"]) == ["gronn_status_rod_risiko", "gjennomforing_uten_gevinstplan"]
    assert W.project_warnings(c, 3).empty
    view = W.overview(c, warnings=found).set_index("rule")
    # three periods: lenge_gul_eller_rod needs four; planlagt_slutt is not collected; no dependency rows
    assert view.loc["lenge_gul_eller_rod", "not_assessed"] == "chain_too_short"
    assert pd.isna(view.loc["vedvarende_rod", "not_assessed"]) and view.loc["vedvarende_rod", "ids"] == [1]
    assert view.loc["forbi_planlagt_slutt", "not_assessed"] == "not_collected"
    assert view.loc["gronn_status_rod_avhengighet", "not_assessed"] == "no_dependencies"
    assert view.loc["kostnadsvekst", "periods"] == 2


def test_the_words_of_a_warning():
    from ehp_analysis import text

    values = {"previous_period": "2019-10", "previous": Decimal("50.0"), "current": Decimal("60.0"),
              "increase": Decimal("10.0"), "ratio": Decimal("1.2")}
    assert text.warning_values("kostnadsvekst", values) == (
        "Totalkostnad 50 mill. kr i oktober 2019 og 60 mill. kr nå: 10 mill. kr mer, 1,20 ganger så høy.")
    assert text.warning_condition("kostnadsvekst", RULES.get("kostnadsvekst").thresholds) == (
        "Totalkostnad rapportert nå og i forrige periode, nå minst 1,20 ganger forrige og minst 10 mill. kr høyere.")
    assert text.warning_condition("vedvarende_rod", {"periods": 3}) == "Rød status tre perioder på rad (denne og de to før)."
    assert text.warning_values("lenge_gul_eller_rod", {"periods": ("2019-10", "2020-01"), "statuses": ("gul", None)}) == (
        "Status gul i oktober 2019 og ikke vurdert i januar 2020.")


# ------------------------------------------------------------------------------ rules that cannot be assessed

W_ = "unntatt offentlighet"  # a rating withheld from disclosure: a rating, but no colour


def _p(name, rows, deps=(), **kwargs):
    return build_portfolio(name, pd.DataFrame(rows), pd.DataFrame(list(deps), columns=DEP_COLUMNS), **kwargs)


# (rule, the chain oldest first, the reason by hand from report.md; None = assessed)
ASSESSABLE = [
    # gronn_status_rod_risiko needs a status and a risk that are colours, on one project
    ("gronn_status_rod_risiko", [[row(1, "grønn", None), row(2, "gul", None)]], "no_risk_assessed"),
    ("gronn_status_rod_risiko", [[row(1, "grønn", W_), row(2, "gul", None)]], "no_risk_assessed"),
    ("gronn_status_rod_risiko", [[row(1, None, "gul"), row(2, W_, "rød")]], "no_status_assessed"),
    ("gronn_status_rod_risiko", [[row(1, "gul", None), row(2, None, "gul")]], "no_risk_assessed"),
    ("gronn_status_rod_risiko", [[row(1, "gul", "gul"), row(2, None, None)]], None),
    # the dependency rules need a dependency file with rows (then a status that is a colour)
    ("gronn_status_rod_avhengighet", [[row(1)]], "no_dependencies"),
    ("avhenger_av_rodt_prosjekt", [[row(1, None)]], "no_dependencies"),
    ("avhenger_av_rodt_prosjekt", [("deps", [row(1, None), row(2, W_)], [dep(1, "Prosjekt 2", depends_on_id=2)])],
     "no_status_assessed"),
    ("gronn_status_rod_avhengighet", [("deps", [row(1, "gul")], [dep(1, "HelseID", status="gul")])], None),
    # kostnadsvekst needs the previous period and one total cost reported (not withheld) in both
    ("kostnadsvekst", [[row(1, total_cost=50.0)]], "chain_too_short"),
    ("kostnadsvekst", [[row(1, total_cost=None)], [row(1, total_cost=60.0)]], "not_reported"),
    ("kostnadsvekst", [[row(1, total_cost=50.0)], [row(2, total_cost=60.0)]], "not_reported"),
    ("kostnadsvekst", [[row(1, total_cost=50.0, total_cost_withheld=True)], [row(1, total_cost=60.0)]],
     "not_reported"),
    ("kostnadsvekst", [[row(1, total_cost=50.0)], [row(1, total_cost=50.0)]], None),
    # the rules over a run of periods need that many periods, and (but lenge_ikke_vurdert) a colour of status in P
    ("vedvarende_rod", [[row(1, "rød")], [row(1, "rød")]], "chain_too_short"),
    ("vedvarende_rod", [[row(1, "rød")], [row(1, "rød")], [row(1, None), row(2, W_)]], "no_status_assessed"),
    ("vedvarende_rod", [[row(1)], [row(1)], [row(1)]], None),
    ("lenge_gul_eller_rod", [[row(1, "gul")]] * 3, "chain_too_short"),
    ("uendret_rapportering", [[row(1, "gul")]] * 2 + [[row(1, W_)]], "no_status_assessed"),
    ("lenge_ikke_vurdert", [[row(1, None)]] * 2, "chain_too_short"),
    ("lenge_ikke_vurdert", [[row(1, None)]] * 3, None),  # nobody assessed is what it looks for
    # forbi_planlagt_slutt needs a template that collects planlagt_slutt, and one date reported
    ("forbi_planlagt_slutt", [[row(1)]], "not_collected"),
    ("forbi_planlagt_slutt", [("2023", [row(1, planned_end=None)])], "not_reported"),
    ("forbi_planlagt_slutt", [("2023", [row(1, planned_end=dt.date(2030, 1, 1))])], None),
    # gjennomforing_uten_gevinstplan needs one answered gevinstplan (a blank is no answer)
    ("gjennomforing_uten_gevinstplan", [[row(1, benefit_plan=None)]], "not_answered"),
    ("gjennomforing_uten_gevinstplan", [[row(1, benefit_plan=None), row(2, benefit_plan=True)]], None),
]


def _assessable_chain(items):
    out = []
    for i, item in enumerate(items):
        if isinstance(item, tuple) and item[0] == "deps":
            out.append(_p(PERIODS[i], item[1], item[2]))
        elif isinstance(item, tuple):
            out.append(_p(PERIODS[i], item[1], template=item[0]))
        else:
            out.append(_p(PERIODS[i], item))
    return out


@pytest.mark.parametrize("rule_id, periods, reason", ASSESSABLE)
def test_when_a_rule_can_be_assessed(rule_id, periods, reason):
    c = _assessable_chain(periods)
    assert W.not_assessed_reason(c, RULES.get(rule_id)) == reason
    by_rule = W.ids_by_rule(c)
    if reason is None:  # assessed: a list, [] when it fired for nobody
        assert isinstance(by_rule[rule_id], list) and rule_id not in W.not_assessed(c)
    else:  # null, with its reason; and nothing fired
        assert by_rule[rule_id] is None and W.not_assessed(c)[rule_id] == reason
        assert rule_id not in set(W.evaluate(c)["rule"])


def test_every_reason_is_a_code_of_report_md():
    assert set(W.REASONS) == {"no_risk_assessed", "no_status_assessed", "no_dependencies", "not_answered",
                              "not_collected", "not_reported", "chain_too_short"}
    assert {reason for _, _, reason in ASSESSABLE} - {None} == set(W.REASONS)


def test_a_withheld_rating_fires_no_rule_and_is_never_not_assessed():
    # 1 withheld status three times: a rating, so lenge_ikke_vurdert does not fire (2, not assessed, does).
    # 3: gul status, withheld risk, all the same three times: uendret_rapportering compares risk, so no warning.
    # 4: grønn status, withheld risk: not "grønn status, rød risiko".
    rows = [row(1, W_), row(2, None), row(3, "gul", W_, status_reasons=["annet"]), row(4, "grønn", W_)]
    c = chain(rows, rows, rows)
    assert fired("lenge_ikke_vurdert", c) == [2]
    assert fired("uendret_rapportering", c) == []
    assert fired("gronn_status_rod_risiko", c) == []
    view = W.overview(c)
    assert view.attrs["n_withheld"] == 3


@pytest.mark.parametrize("reason, rule_id, words", [
    ("no_risk_assessed", "gronn_status_rod_risiko",
     "Vurderes ikke: ingen prosjekter har risiko vurdert som grønn, gul eller rød sammen med vurdert status."),
    ("no_status_assessed", "vedvarende_rod",
     "Vurderes ikke: ingen prosjekter har grønn, gul eller rød status i denne perioden."),
    ("no_dependencies", "avhenger_av_rodt_prosjekt", "Vurderes ikke: ingen avhengigheter er rapportert i denne perioden."),
    ("not_answered", "gjennomforing_uten_gevinstplan",
     "Vurderes ikke: ingen prosjekter har svart på om de har en gevinstplan."),
    ("not_collected", "forbi_planlagt_slutt", "Vurderes ikke: planlagt slutt samles ikke inn i denne perioden."),
    ("not_reported", "forbi_planlagt_slutt", "Vurderes ikke: ingen prosjekter har oppgitt planlagt slutt."),
    ("not_reported", "kostnadsvekst",
     "Vurderes ikke: ingen prosjekter har rapportert totalkostnad både nå og i forrige periode."),
    ("chain_too_short", "lenge_gul_eller_rod", "Vurderes ikke ennå: krever fire perioder, kjeden har to."),
])
def test_the_reason_in_words(reason, rule_id, words):
    from ehp_analysis import text

    assert text.not_assessed_words(rule_id, reason, periods=4, chain_length=2) == words


def test_the_rules_table_says_ingen_only_of_an_assessed_rule():
    from ehp_analysis import text

    c = chain([row(1, "gul", None)])  # one period, no risk, no dependencies, no gevinstplan answered
    table = text.warning_rules_table(W.overview(c)).set_index("Varsel")["Prosjekter"]
    by_id = dict(zip(RULES.ids, table.tolist()))
    assert by_id["gronn_status_rod_risiko"].startswith("Vurderes ikke: ")
    assert by_id["avhenger_av_rodt_prosjekt"].startswith("Vurderes ikke: ")
    assert by_id["kostnadsvekst"].startswith("Vurderes ikke ennå: ")
    assert [r for r, v in by_id.items() if v == "Ingen"] == []  # every rule here lacks what it needs
