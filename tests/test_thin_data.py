"""Honest with thin data (report.md "Honest with thin data", input-template.md "Not assessed, and thin data").

Each degenerate case once, table-driven where it can be, with the expected values worked out by hand:
nobody reported a budget, a period without a dependency file, yes/no all blank, ``-`` versus empty versus 0
in ``gevinster``, organisations files with other owner groups (and bad lines), two periods whose owner groups
differ, the total-cost bands from reference data, and no negative zero.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from ehp_analysis import text
from ehp_analysis.exceptions import ConfigError, ReferenceDataError
from ehp_analysis.metrics import costs, dependencies, key_figures, overview
from ehp_analysis.reference import Reference, load_cost_bands, load_organisations, load_reference

NB = "\u00a0"
NO_ANSWERS = dict(benefit_owner=None, justification=None, benefits_identified=None, benefit_plan=None,
                  benefit_realisation=None, municipal_prerequisite=None, epj_criticality=None)


def _texts(kf: dict) -> str:
    """Every sentence a reader of these chapters could see, in one string."""
    return " ".join([text.budget_sentence(kf), text.bridge_sentence(kf), text.no_bridge_sentence(kf),
                     text.costs_sentence(kf), text.benefits_sentence(kf), text.maturity_sentence(kf),
                     text.dependencies_sentence(kf), text.prerequisites_sentence(kf)])


# ----------------------------------------------------------------------------------------- budgets

@pytest.mark.parametrize("before, now, bridge, budget_text, no_bridge", [
    # nobody reported a budget in either period: no bridge, and the budget sentence says it of both
    ((None, None), (None, None), None,
     "Ingen prosjekter har rapportert budsjett for 2020 per januar (heller ikke i oktober 2019).", ""),
    # a budget before, none now: no bridge, and why
    ((30.0, 12.5), (None, None), None,
     "Ingen prosjekter har rapportert budsjett for 2020 per januar (42,5 mill. i oktober 2019).",
     "Siden ingen prosjekter rapporterte budsjett i januar 2020, kan endringen i samlet budsjett ikke"
     " forklares prosjekt for prosjekt."),
    # none before, a budget now: no bridge either (either total null -> no bridge)
    ((None, None), (20.0, None), None, None,
     "Siden ingen prosjekter rapporterte budsjett i oktober 2019, kan endringen i samlet budsjett ikke"
     " forklares prosjekt for prosjekt."),
    # both reported: 30 + 12.5 = 42.5 -> 20 (1 reported both: -10; 2 stopped reporting: -12.5)
    ((30.0, 12.5), (20.0, None), {"previous_total": 42.5, "left": 0.0, "joined": 0.0, "stopped_reporting": -12.5,
                                  "started_reporting": 0.0, "continuing_change": -10.0, "total": 20.0}, None, ""),
])
def test_budget_bridge_only_when_both_periods_have_a_budget(make_portfolio, project_row, before, now, bridge,
                                                            budget_text, no_bridge):
    from ehp_analysis.config import parameters_from_mapping

    def period(name, year, budgets):
        params = parameters_from_mapping({"period": name, "budget_year": year, "cutoff": f"{name}-15",
                                          "strategy": "2017-2022"}, Path("/tmp/x"))
        return make_portfolio(name, [project_row(i + 1, budget=b) for i, b in enumerate(budgets)], [],
                              parameters=params)

    previous, current = period("2019-10", 2020, before), period("2020-01", 2020, now)
    b = overview.budget_bridge(current, previous)
    assert b.complete is (bridge is not None)
    kf = key_figures(current, previous)
    assert kf["budget"]["bridge"] == bridge
    if now == (None, None):
        assert b.total is None and kf["budget"]["total"] is None  # never 0 for nothing reported
    if bridge is None:
        assert text.bridge_sentence(kf) == ""
        assert not re.search(r"\b0 mill\.", _texts(kf)) and "ingen endring" not in _texts(kf)
    if budget_text:
        assert text.budget_sentence(kf) == budget_text
    assert text.no_bridge_sentence(kf) == no_bridge
    assert overview.any_budget(current, previous) is (before != (None, None) or now != (None, None))


# ------------------------------------------------------------------------------------ dependencies

@pytest.mark.parametrize("deps, count, sentence, test_ran", [
    # no dependency file at all: null, not 0, and no test
    (None, None, "Avhengigheter er ikke rapportert inn denne gangen (innrapporteringen har ingen avhengighetstabell).",
     None),
    # a file with the header only: none were reported, which is 0, but there is nothing to test
    ([], 0, "Ingen avhengigheter er rapportert inn.", False),
    # one high-criticality dependency of the yellow-risk project 1: a test on 1 against 1
    ([(1, "HelseID", "Tjenester og applikasjoner", "høy", "rød", None)], 1,
     f"Det er rapportert inn 1 avhengighet. 100{NB}% av avhengighetene har høy kritikalitet. Én avhengighet er"
     " uavklart (rød status).", True),
])
def test_dependency_figures_without_dependencies(make_portfolio, project_row, deps, count, sentence, test_ran):
    p = make_portfolio("2020-01", [project_row(1, risk="gul"), project_row(2, risk="grønn")], deps)
    kf = key_figures(p)
    d = kf["dependencies"]
    assert d["count"] == count
    assert text.dependencies_sentence(kf) == sentence
    result = dependencies.risk_vs_dependencies(p)
    if test_ran is None:
        assert result is None and kf["tests"]["risk_vs_high_dependencies"] is None
        assert d["high_count"] is d["red_count"] is d["by_category"] is d["red_by_theme"] is None
        assert text.mann_whitney_sentence(None) == ""
    elif not test_ran:
        assert result.p_value is None and result.u is None
        assert text.mann_whitney_sentence(result.as_dict()) == (
            "Ingen prosjekter har avhengigheter med høy kritikalitet, så det er ikke grunnlag for en"
            " Mann–Whitney-test.")
        assert d["by_category"] == {c: 0 for c in d["by_category"]}  # a reported table keeps its zeros
    else:
        assert result.p_value is not None and "U = " in text.mann_whitney_sentence(result.as_dict())


@pytest.mark.parametrize("risks, expected", [
    (("gul", "rød"), "Ingen prosjekter har grønn risiko, så det er ikke grunnlag for en Mann–Whitney-test."),
    (("grønn", "grønn"), "Ingen prosjekter har gul eller rød risiko, så det er ikke grunnlag for en"
                         " Mann–Whitney-test."),
])
def test_no_mann_whitney_on_an_empty_group(make_portfolio, project_row, risks, expected):
    deps = [(1, "HelseID", "Tjenester og applikasjoner", "høy", "grønn", None)]
    p = make_portfolio("2020-01", [project_row(1, risk=risks[0]), project_row(2, risk=risks[1])], deps)
    result = dependencies.risk_vs_dependencies(p)
    assert result.p_value is None
    assert text.mann_whitney_sentence(result.as_dict()) == expected


# ---------------------------------------------------------------------------------- yes/no answers

def test_yes_no_all_blank_is_unanswered_not_zero_percent(make_portfolio, project_row):
    # three projects in planlegging/gjennomføring and one in konsept; nobody answered any ja/nei question
    rows = [project_row(i, phase=phase, **NO_ANSWERS)
            for i, phase in enumerate(("planlegging", "gjennomføring", "gjennomføring", "konsept"), start=1)]
    p = make_portfolio("2020-01", rows, [])
    m = costs.benefit_maturity(p)
    assert (m.assessed, m.not_answered, m.medium_or_high) == (0, 3, 0)
    kf = key_figures(p)
    b, pre = kf["benefits"], kf["prerequisites"]
    assert (b["maturity_assessed"], b["maturity_not_answered"]) == (0, 3)
    assert b["maturity_medium_or_high"] is None and b["maturity_counts"] is None
    assert pre["municipal_org_development_share"] is None and pre["epj_medium_or_high_share"] is None
    assert pre["municipal_org_development_count"] is None and pre["epj_medium_or_high_count"] is None
    assert (pre["municipal_org_development_not_answered"], pre["epj_not_answered"]) == (4, 4)
    assert text.maturity_sentence(kf) == ("Ingen av de tre prosjektene i planleggings- eller gjennomføringsfasen har"
                                          " svart på spørsmålene om gevinstarbeid, så gevinstmodenheten er ikke"
                                          " vurdert.")
    assert text.prerequisites_sentence(kf) == (
        "Ingen prosjekter har svart på om det er en forutsetning at kommuner og fastleger gjennomfører"
        " organisasjonsutvikling. Ingen prosjekter har svart på hvor kritisk videreutvikling av journalsystemene"
        " for kommunene og fastlegene er for å realisere gevinstene.")
    shown = text.maturity_sentence(kf) + text.prerequisites_sentence(kf)
    assert f"0{NB}%" not in shown and "0 av de" not in shown


def test_some_yes_no_blank_is_stated(make_portfolio, project_row):
    # 1: 4 ja (høy); 2: 1 ja, 4 blank (lav); 3: all five blank (not assessed)
    yes4 = dict(benefit_owner=True, justification=True, benefits_identified=True, benefit_plan=True,
                benefit_realisation=False)
    rows = [project_row(1, municipal_prerequisite=True, epj_criticality="høy", **yes4),
            project_row(2, benefit_owner=True, municipal_prerequisite=False),
            project_row(3)]
    kf = key_figures(make_portfolio("2020-01", rows, []))
    b, pre = kf["benefits"], kf["prerequisites"]
    assert (b["maturity_assessed"], b["maturity_medium_or_high"], b["maturity_not_answered"]) == (2, 1, 1)
    # of all three projects: 1 ja (33 %), one did not answer; EPJ: 1 of 3 høy, two did not answer
    assert pre["municipal_org_development_share"] == pytest.approx(1 / 3)
    assert (pre["municipal_org_development_not_answered"], pre["epj_not_answered"]) == (1, 2)
    assert text.maturity_sentence(kf) == (
        "Ett av de to prosjektene i planleggings- eller gjennomføringsfasen som har svart på spørsmålene om"
        " gevinstarbeid, har middels eller høy gevinstmodenhet. Ett prosjekt i disse fasene har ikke svart på noen"
        " av dem og er ikke vurdert.")
    assert text.prerequisites_sentence(kf) == (
        f"33{NB}% av prosjektene rapporterer at det er en forutsetning at kommuner og fastleger gjennomfører"
        f" organisasjonsutvikling (ett prosjekt har ikke svart). For 33{NB}% av prosjektene er videreutvikling av"
        " journalsystemene for kommunene og fastlegene av middels eller høy kritikalitet for å realisere"
        " gevinstene (to prosjekter har ikke svart).")


# ------------------------------------------------------------------------------------ gevinster

@pytest.mark.parametrize("answers, quantifiable, over_100, not_answered, sentence_start", [
    # "-" is not answered: out of numerator and denominator; empty and 0 are "none quantified"
    ([("-", None), ("", None), ("0", 0.0), ("150", 150.0)], (1, 3), (1, 3), 1,
     f"33{NB}% av de tre prosjektene som har svart, rapporterer at de har kvantifiserbare gevinster, og 33{NB}%"),
    ([("", None), ("0", 0.0), ("50", 50.0), ("150", 150.0)], (2, 4), (1, 4), 0,
     f"50{NB}% av prosjektene rapporterer at de har kvantifiserbare gevinster, og 25{NB}%"),
    ([("-", None), ("–", None)], (0, 0), (0, 0), 2,
     "Ingen prosjekter har svart på om de har kvantifiserbare gevinster."),
])
def test_benefits_dash_is_not_answered(make_portfolio, project_row, answers, quantifiable, over_100,
                                       not_answered, sentence_start):
    rows = [project_row(i, benefits=value, benefits_not_answered=cell.strip() in ("-", "–"))
            for i, (cell, value) in enumerate(answers, start=1)]
    p = make_portfolio("2020-01", rows, [])
    b = costs.benefits(p)
    assert (b.quantifiable.count, b.quantifiable.denominator) == quantifiable
    assert (b.over_100.count, b.over_100.denominator) == over_100
    assert b.n_not_answered == not_answered
    kf = key_figures(p)
    assert kf["benefits"]["not_answered_count"] == not_answered
    if quantifiable[1] == 0:
        assert kf["benefits"]["quantifiable_share"] is None and kf["benefits"]["over_100_share"] is None
    assert text.benefits_sentence(kf).startswith(sentence_start)


# ------------------------------------------------------------------------------- organisations

ORGANISATIONS = """virksomhet,eiergruppe,sektor
Region Nord,Nordlige regioner,regional
Region Sør,Sørlige regioner,regional
KS,KS/kommunene,kommunal
Oslo kommune,KS/kommunene,kommunal
"""


def _write(tmp_path: Path, content: str, name: str = "virksomheter.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_an_organisations_file_defines_its_own_owner_groups(tmp_path, make_portfolio, project_row):
    orgs = load_organisations(_write(tmp_path, ORGANISATIONS))
    assert orgs.owner_groups == ("Nordlige regioner", "Sørlige regioner", "KS/kommunene")  # the file's order
    assert orgs.sectors == ("regional", "kommunal")
    reference = Reference(strategy=load_reference().strategy, organisations=orgs)
    p = make_portfolio("2020-01", [project_row(1, organisation="Region Nord", budget=10.0),
                                   project_row(2, "program", organisation="Region Nord", budget=5.5),
                                   project_row(3, organisation="Oslo kommune")], [], reference=reference)
    kf = key_figures(p)
    assert kf["projects"]["by_owner_group"] == {"Nordlige regioner": {"program": 1, "prosjekt": 1},
                                                "Sørlige regioner": {"program": 0, "prosjekt": 0},
                                                "KS/kommunene": {"program": 0, "prosjekt": 1}}
    # a group without projects sums to 0; a group whose projects reported none is null
    assert kf["budget"]["by_owner_group"] == {"Nordlige regioner": 15.5, "Sørlige regioner": 0.0,
                                              "KS/kommunene": None}
    assert text.owner_group_bullets(kf) == ["Nordlige regioner (1 program, 1 prosjekt)", "KS/kommunene (1 prosjekt)"]


def test_every_bad_line_of_an_organisations_file_at_once(tmp_path):
    # two owner groups the shipped file does not have (accepted: groups are data) and three bad lines
    path = _write(tmp_path, """virksomhet,eiergruppe,sektor
Region Nord,Nordlige regioner,regional
Region Sør,,regional
Region Vest,Vestlige regioner,regional
region nord,Nordlige regioner,regional
Region Øst,nordlige  Regioner,regional
""")
    with pytest.raises(ReferenceDataError) as caught:
        load_organisations(path)
    found = [(p.row, p.column, p.value) for p in caught.value.problems]
    assert found == [(3, "eiergruppe", None), (5, "virksomhet", "region nord"),
                     (6, "eiergruppe", "nordlige Regioner")]
    message = str(caught.value)
    assert message.startswith("Virksomhetsfilen har 3 feil:")
    assert f"{path}, linje 3, kolonne «eiergruppe»: verdien mangler" in message
    assert "virksomheten står også på linje 2" in message
    assert "skrevet «Nordlige regioner» på linje 2; skriv eiergruppen likt hver gang" in message
    assert "tillatt" not in message  # no fixed list of owner groups any more
    assert isinstance(caught.value, ConfigError)  # exit status 2, a message and no traceback in the CLI


@pytest.mark.parametrize("content, expected", [
    ("virksomhet,eiergruppe\nKS,KS/kommunene\n", [(1, "sektor")]),
    ("virksomhet,eiergruppe,sektor\n", [(None, None)]),
    ("virksomhet,eiergruppe,sektor\nA, B,kommunal,ekstra\n", [(2, None)]),
])
def test_malformed_organisations_files(tmp_path, content, expected):
    with pytest.raises(ReferenceDataError) as caught:
        load_organisations(_write(tmp_path, content))
    assert [(p.row, p.column) for p in caught.value.problems] == expected


def test_two_periods_with_different_owner_groups(tmp_path, make_portfolio, project_row):
    strategy = load_reference().strategy
    before = Reference(strategy, load_organisations(_write(tmp_path, """virksomhet,eiergruppe,sektor
A,Gruppe 1,kommunal
B,Gruppe 2,kommunal
C,Direktoratet for e-helse,forvaltning
""", "before.csv")))
    now = Reference(strategy, load_organisations(_write(tmp_path, """virksomhet,eiergruppe,sektor
A,Gruppe 1,kommunal
B,Gruppe 2,kommunal
D,Gruppe 3,kommunal
E,Gruppe 4,kommunal
""", "now.csv")))
    previous = make_portfolio("2019-10", [project_row(1, organisation="A", budget=10.0),
                                          project_row(2, organisation="C", budget=7.0)], [], reference=before)
    current = make_portfolio("2020-01", [project_row(1, organisation="A", budget=12.5),
                                         project_row(3, organisation="D", budget=3.0),
                                         project_row(4, organisation="B")], [], reference=now)
    changes = overview.owner_group_changes(current, previous)
    assert changes.common == ("Gruppe 1", "Gruppe 2")
    assert (changes.appeared, changes.went) == (("Gruppe 3", "Gruppe 4"), ("Direktoratet for e-helse",))
    compared = overview.owner_groups_compared(current, previous)
    assert compared["owner_group"].tolist() == ["Gruppe 1", "Gruppe 2"]
    assert compared["projects"].tolist() == [1, 1] and compared["previous_projects"].tolist() == [1, 0]
    # Gruppe 1: 10 -> 12.5 (+2.5); Gruppe 2: no projects before (0) and one that reported none now (<NA>)
    assert compared.loc[0, ["budget", "previous_budget", "change"]].tolist() == [12.5, 10.0, 2.5]
    assert pd.isna(compared.loc[1, "budget"]) and compared.loc[1, "previous_budget"] == 0.0
    assert pd.isna(compared.loc[1, "change"])
    assert text.owner_group_changes_sentence(changes.appeared, changes.went, len(changes.common), "2019-10") == (
        "Siden oktober 2019 har eiergruppene Gruppe 3 og Gruppe 4 kommet til, og eiergruppen Direktoratet for"
        " e-helse har falt bort. Sammenligninger per eiergruppe gjelder de 2 eiergruppene som finnes i begge"
        " periodene.")
    assert text.owner_group_changes_sentence((), ("Gruppe 9",), 2, "2019-10").startswith(
        "Siden oktober 2019 har eiergruppen Gruppe 9 falt bort.")
    assert text.owner_group_changes_sentence((), (), 2, "2019-10") == ""
    # each period keeps its own groups in key_figures.json
    kf = key_figures(current, previous)
    assert list(kf["projects"]["by_owner_group"]) == ["Gruppe 1", "Gruppe 2", "Gruppe 3", "Gruppe 4"]
    assert list(kf["previous"]["budget"]["by_owner_group"]) == ["Gruppe 1", "Gruppe 2", "Direktoratet for e-helse"]


# ------------------------------------------------------------------------------------- cost bands

def test_shipped_bands_and_their_words():
    bands = load_cost_bands()
    assert bands.keys == ("<10", "10-299", "300-500", ">500")
    assert list(bands.labels.values()) == ["< 10", "10–299", "300–500", "> 500"]
    assert bands.phrases["300-500"] == "mellom 300 og 500 mill. kr"


BAND = '  - {{key: "{k}", label: "{k}", phrase: "p {k}"{bounds}}}\n'


def _bands(*bands) -> str:
    return "bands:\n" + "".join(BAND.format(k=k, bounds=b) for k, b in bands)


@pytest.mark.parametrize("content, problems", [
    # a gap: the second band must start where the first ends
    (_bands(("a", ", below: 10"), ("b", ", from: 20")), ["intervall 2 (b)"]),
    # an overlap at the edge: below 10 then above 10 leaves 10 out
    (_bands(("a", ", below: 10"), ("b", ", above: 10")), ["intervall 2 (b)"]),
    # both bounds of one kind, a text missing, and a key twice: all at once
    (_bands(("a", ", from: 0, above: 0, below: 10"), ("a", ", from: 10")) .replace('phrase: "p a"', 'phrase: ""', 1),
     ["intervall 1 (a): phrase", "intervall 1 (a): from/above", "key"]),
    # an open band in the middle
    (_bands(("a", ", below: 10"), ("b", ", from: 10"), ("c", ", from: 20")), ["intervall 2 (b)"]),
])
def test_bad_band_files_are_refused_with_every_problem(tmp_path, content, problems):
    path = tmp_path / "bands.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        load_cost_bands(path)
    assert [p.column for p in caught.value.problems] == problems


def test_bands_from_another_file_count_and_name_the_projects(tmp_path, make_portfolio, project_row):
    path = tmp_path / "bands.yaml"
    path.write_text(_bands(("small", ", below: 100"), ("large", ", from: 100")), encoding="utf-8")
    reference = Reference(load_reference().strategy, load_reference().organisations, load_cost_bands(path))
    p = make_portfolio("2020-01", [project_row(1, total_cost=99.999), project_row(2, total_cost=100),
                                   project_row(3, total_cost=None)], [], reference=reference)
    b = costs.cost_bands(p)
    assert dict(zip(b["band"], b["count"])) == {"small": 1, "large": 1}
    kf = key_figures(p)
    assert kf["costs"]["total_cost_bands"] == {"small": 1, "large": 1}
    assert text.cost_bands_sentence(kf, reference.cost_bands.phrases) == (
        f"Av alle tre prosjekter har 33{NB}% en totalkostnad p small og 33{NB}% p large. Av de to som har rapportert"
        f" totalkostnad, er andelene 50{NB}% og 50{NB}%.")


def test_no_total_cost_reported_gives_no_bands(make_portfolio, project_row):
    p = make_portfolio("2020-01", [project_row(1), project_row(2)], [])
    kf = key_figures(p)
    assert kf["costs"]["total_cost"] is None and kf["costs"]["total_cost_bands"] is None
    assert text.cost_bands_sentence(kf, load_cost_bands().phrases) == ""
    assert text.costs_sentence(kf) == "Ingen av de to prosjektene har rapportert totale prosjektkostnader."


# ------------------------------------------------------------------------------------ negative zero

def test_no_negative_zero_in_key_figures(make_portfolio, project_row):
    # continuing change (0.3 + 0.0) - (0.1 + 0.2) is -5.6e-17 in floating point: a change of nothing
    previous = make_portfolio("2019-10", [project_row(1, budget=0.1), project_row(2, budget=0.2)], [])
    current = make_portfolio("2020-01", [project_row(1, budget=0.3), project_row(2, budget=0.0)], [])
    kf = key_figures(current, previous)
    assert kf["budget"]["bridge"]["continuing_change"] == 0.0
    assert "-0.0" not in json.dumps(kf)
    assert "−0" not in text.bridge_sentence(kf)


def test_the_band_figure_takes_labels_from_the_data(tmp_path, make_portfolio, project_row):
    from ehp_analysis import plots

    path = tmp_path / "bands.yaml"
    path.write_text(_bands(("small", ", below: 100"), ("large", ", from: 100")), encoding="utf-8")
    reference = Reference(load_reference().strategy, load_reference().organisations, load_cost_bands(path))
    p = make_portfolio("2020-01", [project_row(1, total_cost=5), project_row(2, total_cost=500)], [],
                       reference=reference)
    ax, data = plots.total_cost_bands(costs.cost_bands(p))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["small", "large"]
    assert plots.alt_text("total_cost_bands", data).endswith("har en totalkostnad p small.")


@pytest.mark.parametrize("value", [-0.0, -1e-9, -0.04])
def test_no_negative_zero_on_an_axis(value):
    import matplotlib.pyplot as plt

    from ehp_analysis import plots

    fig, ax = plt.subplots()
    plots.number_axis(ax.yaxis)
    assert ax.yaxis.get_major_formatter()(value) == "0"
