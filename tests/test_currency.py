"""The period's currency (input-template.md, "Currency"): every word for an amount's unit comes from it, a bad
code is a usage error, and two periods in different currencies are never compared as amounts.

Expected words are written from the spec: NOK reads "kr" / "kroner" ("mill. kr", "milliarder kroner"); any
other code reads the code ("mill. GBP", "milliarder GBP"), never "kr" or "kroner".
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ehp_analysis import text
from ehp_analysis.cli import main
from ehp_analysis.config import load_parameters
from ehp_analysis.metrics import changes, history
from ehp_analysis.metrics import early_warnings as warnings
from ehp_analysis.metrics.key_figures import key_figures
from ehp_analysis.parse import CellError, parse_amount
from ehp_analysis.plots.style import mill
from ehp_analysis.reference import load_cost_bands, load_early_warnings

from .conftest import CURRENT_DEPENDENCIES, CURRENT_ROWS, PREVIOUS_DEPENDENCIES, PREVIOUS_ROWS, make

ROOT = Path(__file__).resolve().parents[1]
KRONER = re.compile(r"\bkr\b|\bkroner?\b", re.IGNORECASE)  # "kr", "krone", "kroner"

# ------------------------------------------------------------------------------------------ the words


WORDS = [  # (currency, what, expected): worked out from input-template.md, "Currency"
    ("NOK", lambda: text.currency().mill, "mill. kr"),
    ("GBP", lambda: text.currency().mill, "mill. GBP"),
    ("NOK", lambda: text.amount(1650.505, kroner=True), "1,65 milliarder kroner"),
    ("GBP", lambda: text.amount(1650.505, kroner=True), "1,65 milliarder GBP"),
    ("NOK", lambda: text.amount(405, kroner=True), "405 mill. kroner"),
    ("GBP", lambda: text.amount(405, kroner=True), "405 mill. GBP"),
    ("NOK", mill, "mill. kr"),                                          # axes, legends, alt texts
    ("GBP", mill, "mill. GBP"),
    ("NOK", lambda: text.column_labels()["budget"], "Budsjett (mill.)"),  # table and CSV headers, as before
    ("GBP", lambda: text.column_labels()["budget"], "Budsjett (mill. GBP)"),
    ("NOK", lambda: text.column_labels()["ratio"], "Gevinster per krone"),
    ("GBP", lambda: text.column_labels()["ratio"], "Gevinster per GBP"),
    ("NOK", lambda: load_cost_bands().phrases["<10"], "under 10 mill. kr"),  # reference texts
    ("GBP", lambda: load_cost_bands().phrases["<10"], "under 10 mill. GBP"),
    ("NOK", lambda: load_early_warnings().get("kostnadsvekst").explanation,  # the file's text, worded when shown
     "Den anslåtte totalkostnaden har økt mye siden forrige periode, både i prosent og i {valuta}."),
    ("NOK", lambda: text.worded("i {valuta}, {mill}"), "i kroner, mill. kr"),
    ("GBP", lambda: text.worded("i {valuta}, {mill}"), "i GBP, mill. GBP"),
    ("NOK", lambda: text.column_help("prosjekter", "budsjett"),
     "Budsjett for budsjettåret i millioner kroner. Tom betyr ikke rapportert, ikke null."),
    ("GBP", lambda: text.column_help("prosjekter", "budsjett"),
     "Budsjett for budsjettåret i millioner GBP. Tom betyr ikke rapportert, ikke null."),
    ("GBP", lambda: text.allowed_values("amount", None), "beløp i millioner GBP, med desimalkomma"),
    ("GBP", lambda: text.guide_instructions("2020-01")[4],
     "Velg verdier fra nedtrekkslistene. Tom celle betyr ikke rapportert, ikke null. Beløp skrives i millioner GBP."),
    ("NOK", lambda: text.warning_condition("kostnadsvekst", {"factor": 1.2, "min_increase": 10}),
     "Totalkostnad rapportert nå og i forrige periode, nå minst 1,20 ganger forrige og minst 10 mill. kr høyere."),
    ("GBP", lambda: text.warning_condition("kostnadsvekst", {"factor": 1.2, "min_increase": 10}),
     "Totalkostnad rapportert nå og i forrige periode, nå minst 1,20 ganger forrige og minst 10 mill. GBP høyere."),
    ("GBP", lambda: text.tiltak_intro_sentence(3, ["2020-01"], [2020]).split("neste rapportering. ")[-1],
     "Beløp i mill. GBP slik de er rapportert; «–» betyr ikke rapportert."),
]


@pytest.mark.parametrize("code, what, expected", WORDS)
def test_the_words_for_an_amount(code, what, expected):
    with text.use_currency(code):
        said = what()
    if expected is not None:
        assert said == expected
    if code != "NOK":
        assert not KRONER.search(said), said
    assert text.currency().code == "NOK"  # use_currency restores what was in force


def test_the_early_warning_explanation_is_worded_from_the_currency():
    rules = warnings.overview([make("2020-01", CURRENT_ROWS)])
    for code, unit in (("NOK", "i kroner."), ("GBP", "i GBP.")):
        with text.use_currency(code):
            table = text.warning_rules_table(rules)
        explanation = table.loc[table["Varsel"] == "Kostnadsvekst", "Hva det betyr"].item()
        assert explanation == f"Den anslåtte totalkostnaden har økt mye siden forrige periode, både i prosent og {unit}"


@pytest.mark.parametrize("code, unit", [("NOK", "mill. kr"), ("GBP", "mill. GBP")])
def test_a_bad_amount_is_explained_in_the_currency(code, unit):
    with text.use_currency(code), pytest.raises(CellError) as err:
        parse_amount("abc")
    assert str(err.value) == f"forventet et beløp i {unit} (f.eks. 31,5); tomt, «-» eller «–» betyr ikke rapportert"


# ------------------------------------------------------------------------- a change of currency


def _in(code: str, period: str):
    return dataclasses.replace(load_parameters(period), currency=code)


@pytest.fixture
def chain():
    """The conftest periods (2019-10 → 2020-01) with parameters saying their currencies."""
    def build(before: str, now: str):
        previous = make("2019-10", PREVIOUS_ROWS, PREVIOUS_DEPENDENCIES, parameters=_in(before, "2019-10"))
        current = make("2020-01", CURRENT_ROWS, CURRENT_DEPENDENCIES, left=[(5, "Går over til forvaltning")],
                       parameters=_in(now, "2020-01"))
        return current, previous
    return build


def test_key_figures_say_the_currency_and_bridge_nothing_across_a_change(chain):
    current, previous = chain("NOK", "GBP")
    kf = key_figures(current, previous)
    assert kf["currency"] == "GBP" and kf["previous"]["currency"] == "NOK"
    # previous.* keeps the previous period's own amounts: 100 + 20 + 30 + 8 = 158 (project 4 reported none)
    assert kf["previous"]["budget"]["total"] == 158 and kf["budget"]["total"] == 180
    # … but nothing is computed across the change
    assert kf["budget"]["bridge"] is None and kf["budget"]["not_delivered_previous_total"] is None
    assert kf["costs"]["maintenance_change"] is None
    # counts still compare
    assert kf["projects"]["new_ids"] == [6, 7] and kf["projects"]["left_ids"] == [5]
    same = key_figures(*chain("GBP", "GBP"))
    assert same["currency"] == "GBP" and same["budget"]["bridge"]["previous_total"] == 158
    assert same["costs"]["maintenance_change"] == 3  # 12 + 5 + 2 = 19 now, 10 + 5 + 1 = 16 before


def test_the_sentences_compare_no_amount_across_a_change(chain):
    kf = key_figures(*chain("NOK", "GBP"))
    with text.use_currency("GBP"):
        budget = text.budget_sentence(kf)
        costs = text.costs_sentence(kf)
        maintenance = text.maintenance_sentence(kf)
        why = text.currency_change_sentence(kf)
        bridge, no_bridge = text.bridge_sentence(kf), text.no_bridge_sentence(kf)
    assert budget == "Samlet innrapportert budsjett for 2020 er per januar på 180 mill. GBP. To prosjekter har ikke rapportert budsjett."
    # 600 + 50 + 500,01 + 299,5 + 10 = 1 459,51, rounded as estimates are; no "(… i oktober 2019)" after it
    assert costs.startswith("De totale prosjektkostnadene som er innrapportert, er 1,5 milliarder GBP. ")
    assert maintenance.startswith("De årlige forvaltningskostnadene som er rapportert, summerer seg til 19 mill. GBP.")
    assert bridge == "" and no_bridge == ""  # the currency sentence says why there is no bridge
    assert why == ("Beløpene er nå oppgitt i GBP; i oktober 2019 var de oppgitt i NOK. Beløp i ulike"
                   " valutaer sammenlignes ikke, så budsjett og kostnader sammenlignes ikke med forrige periode."
                   " Antall prosjekter, status og risiko sammenlignes som før.")
    # counts and shares still compare: 6 projects now, 5 before; 6 and 7 joined, 5 left
    assert text.projects_sentence(kf) == ("Nasjonal e-helseportefølje består av seks prosjekter (5 i oktober 2019)."
                                          " Siden oktober 2019 har to prosjekter kommet til og ett gått ut.")
    # the share above 100 mill. is not compared: the threshold is 100 mill. of each period's own currency
    with text.use_currency("GBP"):
        benefits = text.benefits_sentence(kf)
    assert "kvantifiserbare gevinster (40\u00a0% i oktober 2019)" in benefits
    assert "på over 100 mill. De kvantifiserbare gevinstene utgjør til sammen 370 mill. GBP." in benefits
    assert text.currency_change_sentence(key_figures(*chain("GBP", "GBP"))) == ""
    for said in (budget, costs, maintenance, why):
        assert not KRONER.search(said), said


def test_the_change_table_leaves_budgets_out_across_a_change(chain):
    # project 1: budget 100 → 90 (10 mill.: a change in one currency), status grønn → gul
    same = changes.project_changes(*chain("GBP", "GBP")).set_index("id")
    assert same.loc[1, "changed"] == ("status", "budget")
    across = changes.project_changes(*chain("NOK", "GBP")).set_index("id")
    assert across.loc[1, "changed"] == ("status",)
    assert not any("budget" in c for c in across["changed"])
    assert text.changes_intro_sentence(3, "2019-10", same_strategy=True, threshold="x", same_currency=False) == (
        "Siden oktober 2019 har tre videreførte prosjekter endret status, risiko eller innsatsområde. Tabellen viser"
        " før og nå, med prosjektets egen kommentar der det har gitt en. Periodene har beløpene i ulik valuta, så"
        " budsjettene sammenlignes ikke.")


def test_cost_growth_is_not_warned_across_a_change(chain):
    # project 3: total cost 300 → 500.01, 1,67 times and 200 more: a warning in one currency, none across a change
    current, previous = chain("GBP", "GBP")
    assert 3 in warnings.ids_by_rule([previous, current])["kostnadsvekst"]
    current, previous = chain("NOK", "GBP")
    # not assessed (null), not "none fired": there is no total cost in P's currency before (report.md's not_reported)
    assert warnings.ids_by_rule([previous, current])["kostnadsvekst"] is None
    assert warnings.not_assessed([previous, current])["kostnadsvekst"] == "not_reported"
    rules = text.warning_rules_table(warnings.overview([previous, current]))
    assert rules.loc[rules["Varsel"] == "Kostnadsvekst", "Prosjekter"].item() == (
        "Vurderes ikke: forrige periode har beløpene i en annen valuta, og beløp i ulike valutaer sammenlignes ikke.")


def test_the_history_leaves_out_the_budgets_in_another_currency(chain):
    current, previous = chain("NOK", "GBP")
    assert history.other_currency_periods([previous, current]) == [("2019-10", "NOK")]
    shown = history.in_own_currency(history.period_summary([previous, current]), [previous, current])
    assert shown["budget_total"].isna().tolist() == [True, False] and shown["projects"].tolist() == [5, 6]
    assert text.history_currency_sentence([("2019-10", "NOK")], "GBP") == (
        "Budsjettet for oktober 2019 er oppgitt i NOK, ikke i GBP som nå. Beløp i ulike valutaer"
        " sammenlignes ikke, så det er ikke med i figuren over samlet budsjett, og tabellen viser ikke budsjett for"
        " den perioden.")
    assert history.other_currency_periods(list(chain("GBP", "GBP"))[::-1]) == []


# ----------------------------------------------------------------------- a bad code: a usage error


def _root_with(tmp_path: Path, which: str, code: str) -> Path:
    """The embedded 2019-10 and 2020-01 in a root of their own, ``which`` period saying ``currency: code``, and an
    earlier build's outputs/2020-01 that must stay as it is."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "parameters").mkdir()
    for period in ("2019-10", "2020-01"):
        raw = (ROOT / "parameters" / f"{period}.yaml").read_text(encoding="utf-8")
        raw = raw.replace(f'data_dir: "data/{period}"', f'data_dir: "{ROOT / "data" / period}"')
        if period == which:
            raw += f'currency: "{code}"\n'
        (tmp_path / "parameters" / f"{period}.yaml").write_text(raw, encoding="utf-8")
    (tmp_path / "outputs" / "2020-01").mkdir(parents=True)
    (tmp_path / "outputs" / "2020-01" / "report.html").write_text("forrige bygg", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [["build", "2020-01"], ["validate", "2020-01"], ["figures", "2020-01"]])
@pytest.mark.parametrize("which, code", [("2020-01", "XYZ"), ("2019-10", "kroner")])
def test_an_unknown_currency_is_a_usage_error(tmp_path, capsys, command, which, code):
    root = _root_with(tmp_path, which, code)
    assert main(["--root", str(root), *command]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'parameters' / f'{which}.yaml'}, nøkkel currency: ukjent valutakode '{code}'" in err
    assert "Traceback" not in err
    assert sorted(p.relative_to(root / "outputs").as_posix() for p in (root / "outputs").rglob("*")) == [
        "2020-01", "2020-01/report.html"]
    assert (root / "outputs" / "2020-01" / "report.html").read_text(encoding="utf-8") == "forrige bygg"


# ------------------------------------------------------------------- collection: workbooks and feedback


def test_workbooks_and_feedback_in_gbp(tmp_path):
    from ehp_analysis.collect.merge import collect
    from ehp_analysis.scaffold import new_period

    from .collect_support import edit, fresh_inbox

    nord = "Helse_Nord_RHF.xlsx"

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "parameters").mkdir()
    for period in ("2019-10", "2020-01"):
        shutil.copy(ROOT / "parameters" / f"{period}.yaml", tmp_path / "parameters")
        shutil.copytree(ROOT / "data" / period, tmp_path / "data" / period)
    with (tmp_path / "parameters" / "2020-01.yaml").open("a", encoding="utf-8") as fh:
        fh.write('currency: "GBP"\n')
    new_period("2020-05", "2020-01", root=tmp_path, per_organisation=True, deadline="2020-05-15")
    # the new period keeps the currency it came from
    assert load_parameters("2020-05", tmp_path).currency == "GBP"
    guide = load_workbook(tmp_path / "data" / "2020-05" / "mal" / nord)["veiledning"]
    words = [str(c.value) for row in guide.iter_rows() for c in row if c.value is not None]
    assert "Budsjett for budsjettåret i millioner GBP. Tom betyr ikke rapportert, ikke null." in words
    assert any(w.endswith("Beløp skrives i millioner GBP.") for w in words)
    assert not [w for w in words if KRONER.search(w)]
    inbox = fresh_inbox(tmp_path)
    edit(inbox / nord, lambda wb: wb["prosjekter"].__setitem__("K2", "abc"))  # budsjett of 101
    collect("2020-05", inbox, root=tmp_path)
    page = (tmp_path / "data" / "2020-05" / "tilbakemelding" / "Helse_Nord_RHF.html").read_text(encoding="utf-8")
    assert "forventet et beløp i mill. GBP (f.eks. 31,5)" in page
    assert not KRONER.search(re.sub(r"<[^>]+>", " ", page))
    assert text.currency().code == "NOK"  # the collection's currency does not stay in force after it


# ------------------------------------------------------------- a period's own reference files


def test_a_periods_own_rules_may_name_the_currency(tmp_path):
    from ehp_analysis.exceptions import ReferenceDataError

    own = tmp_path / "varsler.yaml"
    own.write_text('rules:\n  - id: kostnadsvekst\n    title: "Kostnadsvekst i {valuta}"\n'
                   '    explanation: "Minst {mill} mer enn sist."\n    thresholds: {factor: 1.5, min_increase: 5}\n',
                   encoding="utf-8")
    rules = load_early_warnings(own)
    overview = warnings.overview([make("2020-01", CURRENT_ROWS)], rules)
    with text.use_currency("GBP"):
        table = text.warning_rules_table(overview)
    assert table[["Varsel", "Hva det betyr"]].values.tolist() == [
        ["Kostnadsvekst i GBP", "Minst mill. GBP mer enn sist."]]
    bad = tmp_path / "feil.yaml"
    bad.write_text(own.read_text(encoding="utf-8").replace("{valuta}", "{kroner}"), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as err:
        load_early_warnings(bad)
    assert "ukjent plassholder {kroner}; kjente er {valuta} og {mill}" in str(err.value)
