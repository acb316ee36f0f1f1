"""Norwegian formatting and the generated sentences (expected strings typed by hand; U+00A0 before %)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehp_analysis import text

NB = "\u00a0"


MINUS = "\u2212"


# The one number formatter (text.number): half up on the number as written, decimal comma, no-break space
# between thousands, the minus sign U+2212, never a negative zero. Expected strings worked out by hand.
@pytest.mark.parametrize("value, digits, kwargs, expected", [
    (2.25, 1, {}, "2,3"),            # the float is exactly 2.25: half-even (babel) would give 2,2
    (0.125, 2, {}, "0,13"),          # exactly 0.125 too
    (2.675, 2, {}, "2,68"),          # the float is 2.67499999…; as written it is 2.675
    (1234.5, 1, {}, f"1{NB}234,5"),
    (1650000, 0, {}, f"1{NB}650{NB}000"),
    (-3.5, 1, {}, f"{MINUS}3,5"),
    (-1234.56, 1, {}, f"{MINUS}1{NB}234,6"),
    (-0.04, 1, {}, "0,0"),           # rounds to zero: no sign
    (-0.04, 1, {"trim": True}, "0"),
    (-0.4, 0, {}, "0"),
    (-0.0, 0, {}, "0"),
    (84, 1, {}, "84,0"),             # fixed decimals: 84,0 above 589,5 in a table column
    (84.0, 1, {"trim": True}, "84"),  # trimmed, as in a sentence
    (589.45, 1, {}, "589,5"),
    (0.5, 0, {}, "1"),
    (1.5, 0, {}, "2"),
    (2.5, 0, {}, "3"),               # half-even would give 2
    (None, 1, {}, "–"),
    (float("nan"), 1, {}, "–"),
])
def test_number(value, digits, kwargs, expected):
    assert text.number(value, digits, **kwargs) == expected


def test_number_takes_numpy_and_decimal_values():
    import numpy as np
    from decimal import Decimal

    assert text.number(np.float64(2.25), 1) == "2,3"
    assert text.number(np.int64(-1200)) == f"{MINUS}1{NB}200"
    assert text.number(Decimal("0.10"), 2) == "0,10"


@pytest.mark.parametrize("value, digits, expected", [
    (12.3, 1, "+12,3"), (-45, 1, f"{MINUS}45,0"), (2.25, 1, "+2,3"), (0, 1, "0,0"), (-0.04, 1, "0,0"),
    (0.04, 1, "0,0"), (None, 1, "–"),
])
def test_signed(value, digits, expected):
    assert text.signed(value, digits) == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=3),
       st.booleans())
def test_number_never_writes_a_hyphen_or_a_negative_zero(value, digits, trim):
    shown = text.number(value, digits, trim=trim)
    assert "-" not in shown and "." not in shown
    assert not re.fullmatch(f"{MINUS}0(,0*)?", shown)
    # Back to a number, it is the value rounded half up as written.
    back = Decimal(shown.replace(NB, "").replace(",", ".").replace(MINUS, "-"))
    assert abs(back - Decimal(repr(value))) <= Decimal(1).scaleb(-digits) / 2


@pytest.mark.parametrize("value, kwargs, expected", [
    (31.5, {}, "31,5 mill."),
    (405, {}, "405 mill."),
    (87.6, {}, "87,6 mill."),
    (2.075, {}, "2,08 mill."),
    (1650, {}, "1,65 milliarder"),
    (1650.505, {"kroner": True}, "1,65 milliarder kroner"),
    (1730.5, {}, "1,73 milliarder"),
    (9200, {}, "9,2 milliarder"),
    (9189.7, {"digits": 1}, "9,2 milliarder"),
    (1000, {}, "1 milliard"),
    (10000, {}, "10 milliarder"),
    (405, {"kroner": True}, "405 mill. kroner"),
    (None, {}, "–"),
    (float("nan"), {}, "–"),
])
def test_amount(value, kwargs, expected):
    assert text.amount(value, **kwargs) == expected


@pytest.mark.parametrize("value, expected", [
    (2.075, "2,075"), (6.15, "6,15"), (0.98, "0,98"), (40.0, "40"), (31.5, "31,5"), (1.23456, "1,23456"),
    (1234.5, f"1{NB}234,5"), (1000.0, f"1{NB}000"), (-211.0, f"{MINUS}211"), (-0.0, "0"),
    (30.900000000000006, "30,9"),  # float noise from a sum, not a reported decimal
    (None, "–"),
])
def test_amount_as_reported(value, expected):
    assert text.amount_as_reported(value) == expected


@pytest.mark.parametrize("share, expected", [
    (0.5555, f"56{NB}%"), (30 / 54, f"56{NB}%"), (7 / 54, f"13{NB}%"), (0.125, f"13{NB}%"),  # half up, not even
    (0.0, f"0{NB}%"), (1.0, f"100{NB}%"), (None, "–"),
    (0.565, f"57{NB}%"),   # 56.5 % as written; the float product 0.565 * 100 is 56.49999…
    (-0.004, f"0{NB}%"),   # −0.4 % rounds to zero: no sign
])
def test_percent(share, expected):
    assert text.percent(share) == expected


# A share of a count claims none or all only when it is none or all (report.md, "Rules that cannot be
# assessed, and nothing to show"): 1 of 244 is 0,41 %, 243 of 244 is 99,59 %; 1 of 200 is 0,5 % exactly and
# rounds half up to 1 %; 199 of 200 is 99,5 % and rounds half up to 100 %, so it reads "over 99 %".
@pytest.mark.parametrize("count, total, expected, in_words", [
    (1, 244, f"under 1{NB}%", f"under 1{NB}%"),
    (243, 244, f"over 99{NB}%", f"over 99{NB}%"),
    (0, 244, f"0{NB}%", "ingen"),
    (244, 244, f"100{NB}%", f"100{NB}%"),
    (1, 200, f"1{NB}%", f"1{NB}%"),
    (199, 200, f"over 99{NB}%", f"over 99{NB}%"),
    (1, 20000, f"under 1{NB}%", f"under 1{NB}%"),
    (11, 54, f"20{NB}%", f"20{NB}%"),
])
def test_share_of_a_count(count, total, expected, in_words):
    assert text.percent(count / total) == expected
    assert text.share_words(count / total) == in_words


@pytest.mark.parametrize("share, digits, expected", [
    (0.0004, 1, f"under 0,1{NB}%"), (0.9996, 1, f"over 99,9{NB}%"), (0.0005, 1, f"0,1{NB}%"),
])
def test_share_with_decimals(share, digits, expected):
    assert text.percent(share, digits) == expected


@pytest.mark.parametrize("p, expected", [
    (0.21875, "0,22"), (0.0998, "0,10"), (0.0123, "0,012"), (1.0, "1,00"), (0.0004, "< 0,001"), (None, "–"),
    (0.125, "0,13"),  # two significant digits, half up
])
def test_p_value(p, expected):
    assert text.p_value(p) == expected


@pytest.mark.parametrize("fn, arg, expected", [
    (text.date, "2020-01-17", "17. januar 2020"),
    (text.month_year, "2019-10", "oktober 2019"),
    (text.month, "2020-01", "januar"),
])
def test_dates(fn, arg, expected):
    assert fn(arg) == expected


@pytest.mark.parametrize("items, expected", [
    (["A", "B", "C"], "A, B og C"), (["A", "B"], "A og B"), (["A"], "A"), ([], ""),
])
def test_join_list(items, expected):
    assert text.join_list(items) == expected


@pytest.mark.parametrize("n, expected", [(0, "0 prosjekter"), (1, "1 prosjekt"), (3, "3 prosjekter"),
                                         (1200, f"1{NB}200 prosjekter")])
def test_count_noun(n, expected):
    assert text.count_noun(n, "prosjekt", "prosjekter") == expected


# A hand-written key-figures dict shaped like key_figures() output, with the published January 2020 values.
KF = {
    "period": "2020-01", "previous_period": "2019-10",
    "projects": {"count": 54, "new_ids": [183, 188, 189], "left_ids": [3, 121, 133],
                 "by_owner_group": {"KS/kommunene": {"program": 0, "prosjekt": 3},
                                    "Helse Nord RHF": {"program": 1, "prosjekt": 2},
                                    "Helse Midt RHF": {"program": 0, "prosjekt": 0},
                                    "Helse Vest RHF": {"program": 2, "prosjekt": 3}}},
    "budget": {"year": 2020, "total": 1650.0, "not_reported_ids": []},
    "status": {"shares": {"grønn": 23 / 54, "gul": 30 / 54, "rød": 1 / 54}, "red_ids": [142]},
    "risk": {"shares": {"grønn": 17 / 54, "gul": 36 / 54, "rød": 1 / 54}, "red_ids": [101]},
    "costs": {"total_cost": 9190.0, "total_cost_not_reported": 7, "total_cost_not_reported_share": 7 / 54,
              "total_cost_bands": {"<10": 6, "10-299": 30, "300-500": 7, ">500": 4},
              "maintenance": 405.0, "maintenance_change": 10.0, "maintenance_not_reported_share": 0.5},
    "benefits": {"quantifiable_share": 24 / 54, "over_100_share": 14 / 54, "total": 10400.0,
                 "maturity_assessed": 50, "maturity_medium_or_high": 49},
    "dependencies": {"reported": True, "count": 129, "high_share": 76 / 129, "red_count": 8,
                     "red_by_theme": {"Annet": 2, "Leveranse av DIPS Arena": 1,
                                      "Felleskomponenter i Felles grunnmur": 2}},
    "prerequisites": {"municipal_org_development_share": 16 / 54, "epj_medium_or_high_share": 22 / 54},
    "previous": {
        "projects": {"count": 54}, "budget": {"total": 1730.0},
        "status": {"shares": {"grønn": 30 / 54, "gul": 24 / 54, "rød": 0.0}},
        "risk": {"shares": {"grønn": 17 / 54, "gul": 36 / 54, "rød": 1 / 54}},
        "costs": {"total_cost": 9200.0, "total_cost_not_reported_share": 9 / 54,
                  "maintenance_not_reported_share": 0.5},
        "benefits": {"quantifiable_share": 22 / 54, "over_100_share": 13 / 54},
        "dependencies": {"count": 132},
    },
}


PHRASES = {"<10": "under 10 mill. kr", "10-299": "mellom 10 og 299 mill. kr", "300-500": "mellom 300 og 500 mill. kr",
           ">500": "over 500 mill. kr"}


def _first(kf):
    """The same figures for a first period: no previous."""
    return {**kf, "previous_period": None, "previous": None}


def test_budget_sentence_as_published():
    assert text.budget_sentence(KF) == ("Samlet innrapportert budsjett for 2020 er per januar på 1,65 milliarder"
                                        " kroner (1,73 milliarder i oktober 2019).")


def test_budget_sentence_first_period():
    assert text.budget_sentence(_first(KF)) == ("Samlet innrapportert budsjett for 2020 er per januar på"
                                                " 1,65 milliarder kroner.")


def test_budget_sentence_nothing_reported():
    kf = {**_first(KF), "budget": {"year": 2020, "total": None, "not_reported_ids": [1, 2]}}
    assert text.budget_sentence(kf) == "Ingen prosjekter har rapportert budsjett for 2020 per januar."


def test_projects_sentence():
    assert text.projects_sentence(KF) == ("Nasjonal e-helseportefølje består av 54 prosjekter, like mange som i"
                                          " oktober 2019. Siden da har tre prosjekter kommet til og tre gått ut.")
    assert text.projects_sentence(_first(KF)) == "Nasjonal e-helseportefølje består av 54 prosjekter."


@pytest.mark.parametrize("count, before, new, left, expected", [
    (12, 10, [1, 2], [], "Nasjonal e-helseportefølje består av tolv prosjekter (10 i oktober 2019). Siden oktober"
                         " 2019 har to prosjekter kommet til og ingen gått ut."),
    (9, 10, [], [3], "Nasjonal e-helseportefølje består av ni prosjekter (10 i oktober 2019). Siden oktober 2019"
                     " har ingen prosjekter kommet til og ett prosjekt gått ut."),
    (13, 13, [], [], "Nasjonal e-helseportefølje består av 13 prosjekter, like mange som i oktober 2019. Siden da"
                     " har ingen prosjekter kommet til eller gått ut."),
    (1, 2, [5], [3, 4], "Nasjonal e-helseportefølje består av ett prosjekt (2 i oktober 2019). Siden oktober 2019"
                        " har ett prosjekt kommet til og to gått ut."),
])
def test_projects_sentence_counts_in_words_below_13(count, before, new, left, expected):
    kf = {**KF, "projects": {"count": count, "new_ids": new, "left_ids": left},
          "previous": {"projects": {"count": before}}}
    assert text.projects_sentence(kf) == expected


@pytest.mark.parametrize("n, expected", [
    (0, "Det er ingen nye prosjekter i porteføljen ved denne rapporteringen."),
    (1, "Det er ett nytt prosjekt i porteføljen ved denne rapporteringen."),
    (3, "Det er tre nye prosjekter i porteføljen ved denne rapporteringen."),
    (13, "Det er 13 nye prosjekter i porteføljen ved denne rapporteringen."),
])
def test_new_projects_sentence(n, expected):
    assert text.new_projects_sentence(n) == expected


@pytest.mark.parametrize("n, expected", [
    (0, "Ingen prosjekter har gått ut av porteføljen siden oktober 2019."),
    (1, "Ett prosjekt har gått ut av porteføljen siden oktober 2019."),
    (3, "Tre prosjekter har gått ut av porteføljen siden oktober 2019."),
    (12, "Tolv prosjekter har gått ut av porteføljen siden oktober 2019."),
    (20, "20 prosjekter har gått ut av porteføljen siden oktober 2019."),
])
def test_left_projects_sentence(n, expected):
    assert text.left_projects_sentence(n, "2019-10") == expected


GONE = "Prosjekter som har gått ut av nasjonal e-helseportefølje siden oktober 2019"
MAYBE = "kan være avsluttet, eller bare ikke ha levert innrapportering denne gangen."


# Closed only where avsluttede says so: every one (as published for January 2020), none, or some of them.
@pytest.mark.parametrize("n, closed, sentence, caption, heading", [
    (3, 3, "Tre prosjekter har gått ut av porteføljen siden oktober 2019.",
     "Prosjekter som er avsluttet og går ut av nasjonal e-helseportefølje", "Nye og avsluttede prosjekter"),
    (3, 0, f"Tre prosjekter har gått ut av porteføljen siden oktober 2019. Ingen av dem er meldt avsluttet; de {MAYBE}",
     f"{GONE} (ingen er meldt avsluttet)", "Nye prosjekter og prosjekter som har gått ut"),
    (1, 0, f"Ett prosjekt har gått ut av porteføljen siden oktober 2019. Prosjektet er ikke meldt avsluttet; det {MAYBE}",
     f"{GONE} (ikke meldt avsluttet)", "Nye prosjekter og prosjekter som har gått ut"),
    (3, 2, f"Tre prosjekter har gått ut av porteføljen siden oktober 2019. To av dem er meldt avsluttet; det siste {MAYBE}",
     f"{GONE} (to av tre er meldt avsluttet)", "Nye prosjekter og prosjekter som har gått ut"),
    (7, 1, f"Sju prosjekter har gått ut av porteføljen siden oktober 2019. Ett av dem er meldt avsluttet; de seks"
           f" andre {MAYBE}", f"{GONE} (ett av sju er meldt avsluttet)", "Nye prosjekter og prosjekter som har gått ut"),
])
def test_projects_that_left_are_closed_only_when_reported_closed(n, closed, sentence, caption, heading):
    assert text.left_projects_sentence(n, "2019-10", closed) == sentence
    assert text.left_projects_caption(n, closed, "2019-10") == caption
    assert text.joined_and_left_heading(n, closed) == heading


def _changes(*fields):
    import pandas as pd

    return pd.DataFrame({"id": range(len(fields)), "changed": [list(f) for f in fields]})


# A table comparing two periods' budgets names both budget years in its caption (the unit from the currency).
@pytest.mark.parametrize("caption, expected", [
    (lambda: text.budget_years_caption(2020, 2019), " (budsjett 2020 mot budsjett 2019, mill. kr)"),
    (lambda: text.budget_years_caption(2020, 2020), " (budsjett 2020 i begge periodene, mill. kr)"),
    (lambda: text.changes_caption(_changes(["status"], ["budget", "risk"]), "2019-10", (2020, 2019)),
     "Videreførte prosjekter som har endret seg siden oktober 2019: før → nå, med prosjektets egen kommentar"
     " (budsjett 2020 mot budsjett 2019, mill. kr)"),
    (lambda: text.changes_caption(_changes(["status"], ["risk"]), "2019-10", (2020, 2019)),  # no budget listed
     "Videreførte prosjekter som har endret seg siden oktober 2019: før → nå, med prosjektets egen kommentar"),
])
def test_budget_comparisons_name_both_budget_years(caption, expected):
    assert caption() == expected


def test_status_sentence_as_published():
    s = text.status_sentence(KF)
    assert s.startswith(f"56{NB}% av prosjektene rapporterer gul status, mot 44{NB}% i oktober 2019."
                        f" 43{NB}% rapporterer grønn status, mot 56{NB}% i oktober 2019.")
    # Without the projects at hand (the key figures hold ids only): their number and the table, never bare ids.
    assert s.endswith("Ett prosjekt har rød status; se tabellen over prosjekter med rød status eller risiko.")
    assert "oktober" not in text.status_sentence(_first(KF))


def test_risk_sentence():
    # 17 / 36 / 1 of 54 both times: every share unchanged, said once.
    assert text.risk_sentence(KF) == (f"Fordelingen på risiko er uendret fra oktober 2019: 67{NB}% av prosjektene"
                                      f" melder gul risiko, 31{NB}% grønn og 2{NB}% rød. Ett prosjekt har rød"
                                      " risiko; se tabellen over prosjekter med rød status eller risiko.")


@pytest.mark.parametrize("now, before, expected", [
    # one share reads the same, the others changed: "uendret" for that one only
    ({"grønn": 17 / 54, "gul": 37 / 54}, {"grønn": 17 / 54, "gul": 36 / 54, "rød": 1 / 54},
     f"69{NB}% av prosjektene melder gul risiko, mot 67{NB}% i oktober 2019. 31{NB}% melder grønn risiko,"
     " uendret fra oktober 2019."),
    ({"gul": 0.5, "rød": 0.5}, {"gul": 1.0, "rød": 0.0},
     f"50{NB}% av prosjektene melder gul risiko, mot 100{NB}% i oktober 2019. 50{NB}% melder rød risiko, mot ingen"
     " i oktober 2019."),
])
def test_unchanged_share_says_uendret(now, before, expected):
    kf = {**KF, "risk": {"shares": now, "red_ids": []}, "previous": {"risk": {"shares": before}}}
    assert text.risk_sentence(kf) == expected


def _projects(n):
    import pandas as pd

    return pd.DataFrame({"id": range(1, n + 1), "name": [f"Tiltak {i}" for i in range(1, n + 1)],
                         "organisation": [f"Virksomhet {i}" for i in range(1, n + 1)]})


def _named(n):
    return [f"Tiltak {i} (Virksomhet {i})" for i in range(1, n + 1)]


# Red projects are named with their organisation, at most ten in a sentence, then the table.
@pytest.mark.parametrize("red, expected", [
    ([2], "Prosjektet med rød status er Tiltak 2 (Virksomhet 2)."),
    ([1, 3], "Prosjektene med rød status er Tiltak 1 (Virksomhet 1) og Tiltak 3 (Virksomhet 3)."),
    (list(range(1, 11)), "Prosjektene med rød status er " + ", ".join(_named(9)) + " og Tiltak 10 (Virksomhet 10)."),
    (list(range(1, 12)), "Prosjektene med rød status er " + ", ".join(_named(10))
     + " og ett annet; se tabellen over prosjekter med rød status eller risiko."),
    (list(range(1, 25)), "Prosjektene med rød status er " + ", ".join(_named(10))
     + " og 14 andre; se tabellen over prosjekter med rød status eller risiko."),
])
def test_red_projects_named_with_organisation(red, expected):
    kf = {**_first(KF), "status": {"shares": {}, "red_ids": red}}
    assert text.status_sentence(kf, _projects(30)) == expected


@pytest.mark.parametrize("red, expected", [
    ([101], "Ett prosjekt har rød risiko; se tabellen over prosjekter med rød status eller risiko."),
    (list(range(1, 13)), "Tolv prosjekter har rød risiko; se tabellen over prosjekter med rød status eller risiko."),
    (list(range(1, 14)), "13 prosjekter har rød risiko; se tabellen over prosjekter med rød status eller risiko."),
])
def test_red_projects_without_names_are_counted_not_listed(red, expected):
    kf = {**_first(KF), "risk": {"shares": {}, "red_ids": red}}
    assert text.risk_sentence(kf) == expected


# 3 grønn, 5 gul, 1 rød, 3 ikke vurdert of 12: 25 %, 41,7 % -> 42 %, 8,3 % -> 8 %, 25 %.
THIN = {"counts": {"grønn": 3, "gul": 5, "rød": 1, "ikke vurdert": 3},
        "shares": {"grønn": 3 / 12, "gul": 5 / 12, "rød": 1 / 12, "ikke vurdert": 3 / 12}, "red_ids": [1]}
PREVIOUS_ASSESSED = {"counts": {"grønn": 6, "gul": 6, "rød": 0}, "shares": {"grønn": 0.5, "gul": 0.5, "rød": 0.0}}


@pytest.mark.parametrize("kf, expected", [
    ({**_first(KF), "status": THIN},
     f"42{NB}% av prosjektene rapporterer gul status, 25{NB}% grønn og 8{NB}% rød."
     f" Status er ikke vurdert for 25{NB}% av prosjektene (tre av tolv). Prosjektet med rød status er"
     " Tiltak 1 (Virksomhet 1)."),
    ({**KF, "status": THIN, "previous": {"status": PREVIOUS_ASSESSED}},
     f"42{NB}% av prosjektene rapporterer gul status, mot 50{NB}% i oktober 2019. 25{NB}% rapporterer grønn status,"
     f" mot 50{NB}% i oktober 2019. 8{NB}% rapporterer rød status, mot ingen i oktober 2019. Status er ikke"
     f" vurdert for 25{NB}% av prosjektene (tre av tolv), mot ingen i oktober 2019. Prosjektet med rød status er"
     " Tiltak 1 (Virksomhet 1)."),
    ({**_first(KF), "status": {"counts": {"grønn": 0, "gul": 0, "rød": 0, "ikke vurdert": 4},
                               "shares": {"grønn": 0.0, "gul": 0.0, "rød": 0.0, "ikke vurdert": 1.0},
                               "red_ids": []}},
     "Status er ikke vurdert for noen av de fire prosjektene."),
])
def test_status_sentence_says_how_many_are_not_assessed(kf, expected):
    assert text.status_sentence(kf, _projects(12)) == expected


def test_risk_not_assessed_sentence():
    kf = {**_first(KF), "risk": {**THIN, "red_ids": []}}
    assert text.risk_sentence(kf).endswith(f"Risiko er ikke vurdert for 25{NB}% av prosjektene (tre av tolv).")


def test_owner_group_bullets():
    assert text.owner_group_bullets(KF) == ["KS/kommunene (3 prosjekter)", "Helse Nord RHF (1 program, 2 prosjekter)",
                                            "Helse Vest RHF (2 programmer, 3 prosjekter)"]


def test_costs_sentences():
    s = text.costs_sentence(KF)
    assert s == ("De totale prosjektkostnadene som er innrapportert, er 9,2 milliarder kroner (uendret fra oktober"
                 f" 2019). Sju av de 54 prosjektene (13{NB}%) har ikke rapportert totale prosjektkostnader (17{NB}% i"
                 " oktober 2019).")
    bands = text.cost_bands_sentence(KF, PHRASES)
    # 6, 30, 7 and 4 of all 54; of the 47 that reported: 13 %, 64 %, 15 %, 9 %
    assert bands == (f"Av alle 54 prosjekter har 11{NB}% en totalkostnad under 10 mill. kr, 56{NB}% mellom 10 og 299"
                     f" mill. kr, 13{NB}% mellom 300 og 500 mill. kr og 7{NB}% over 500 mill. kr. Av de 47 som har"
                     f" rapportert totalkostnad, er andelene 13{NB}%, 64{NB}%, 15{NB}% og 9{NB}%.")
    m = text.maintenance_sentence(KF)
    assert m == ("De årlige forvaltningskostnadene som er rapportert, summerer seg til 405 mill. kroner, noe som er"
                 f" en økning på 10 mill. kroner siden oktober 2019. 50{NB}% av prosjektene har ikke rapportert"
                 " årlige forvaltningskostnader (uendret fra oktober 2019).")
    assert "i året" not in m


def test_benefit_sentences():
    assert text.benefits_sentence(KF).startswith(
        f"44{NB}% av prosjektene rapporterer at de har kvantifiserbare gevinster (41{NB}% i oktober 2019), og"
        f" 26{NB}% har kvantifiserbare gevinster på over 100 mill. (24{NB}% i oktober 2019).")
    assert text.maturity_sentence(KF) == ("49 av de 50 prosjektene i planleggings- eller gjennomføringsfasen har"
                                          " middels eller høy gevinstmodenhet.")


@pytest.mark.parametrize("assessed, good, expected", [
    (50, 50, "Alle de 50 prosjektene i planleggings- eller gjennomføringsfasen har middels eller høy"
             " gevinstmodenhet."),
    (5, 3, "Tre av de fem prosjektene i planleggings- eller gjennomføringsfasen har middels eller høy"
           " gevinstmodenhet."),
    (4, 0, "Ingen av de fire prosjektene i planleggings- eller gjennomføringsfasen har middels eller høy"
           " gevinstmodenhet."),
    (1, 1, "Prosjektet i planleggings- eller gjennomføringsfasen har middels eller høy gevinstmodenhet."),
])
def test_maturity_sentence_words_and_all(assessed, good, expected):
    kf = {**KF, "benefits": {"maturity_assessed": assessed, "maturity_medium_or_high": good}}
    assert text.maturity_sentence(kf) == expected


def test_dependency_sentences():
    assert text.dependencies_sentence(KF) == (f"Det er rapportert inn 129 avhengigheter (132 i oktober 2019). 59{NB}%"
                                              " av avhengighetene har høy kritikalitet. Åtte avhengigheter er"
                                              " uavklarte (rød status).")
    assert text.red_theme_bullets(KF) == ["Felleskomponenter i Felles grunnmur (2)", "Leveranse av DIPS Arena (1)",
                                          "Annet (2)"]
    assert text.dependencies_sentence({**KF, "dependencies": {"reported": False}}) == (
        "Avhengigheter er ikke rapportert inn denne gangen (innrapporteringen har ingen avhengighetstabell).")
    assert text.prerequisites_sentence(KF).startswith(f"30{NB}% av prosjektene")


def _with(kf, **sections):
    """``kf`` with whole sections replaced (``costs={...}``) and ``previous`` sections replaced by ``previous_…``."""
    out = {**kf, **{k: v for k, v in sections.items() if not k.startswith("previous_")}}
    out["previous"] = {**kf["previous"], **{k[len("previous_"):]: v for k, v in sections.items()
                                            if k.startswith("previous_")}}
    return out


_COSTS = {**KF["costs"], "total_cost_not_reported": 1, "total_cost_not_reported_share": 1 / 244}
_BENEFITS = {"quantifiable_share": 0.0, "over_100_share": 0.0, "total": None}


# A zero share is said in words ("ingen", "uendret" when it was zero before too), a share of 1 in 244 is
# "under 1 %", of 243 in 244 "over 99 %"; never "0 %" in a sentence. Expected sentences typed by hand.
@pytest.mark.parametrize("sentence, kf, expected", [
    (text.costs_sentence, _with(KF, projects={**KF["projects"], "count": 244}, costs=_COSTS,
                                previous_costs={**KF["previous"]["costs"], "total_cost_not_reported_share": 0.0}),
     "De totale prosjektkostnadene som er innrapportert, er 9,2 milliarder kroner (uendret fra oktober 2019). Ett"
     f" av de 244 prosjektene (under 1{NB}%) har ikke rapportert totale prosjektkostnader (ingen i oktober 2019)."),
    (text.maintenance_sentence, _with(KF, costs={**KF["costs"], "maintenance_not_reported_share": 0.0}),
     "De årlige forvaltningskostnadene som er rapportert, summerer seg til 405 mill. kroner, noe som er en økning"
     " på 10 mill. kroner siden oktober 2019. Alle prosjektene har rapportert årlige forvaltningskostnader (i"
     f" oktober 2019 hadde 50{NB}% ikke gjort det)."),
    (text.maintenance_sentence, _with(KF, costs={**KF["costs"], "maintenance_not_reported_share": 0.0},
                                      previous_costs={"maintenance_not_reported_share": 0.0}),
     "De årlige forvaltningskostnadene som er rapportert, summerer seg til 405 mill. kroner, noe som er en økning"
     " på 10 mill. kroner siden oktober 2019. Alle prosjektene har rapportert årlige forvaltningskostnader, som i"
     " oktober 2019."),
    (text.maintenance_sentence, _with(KF, costs={**KF["costs"], "maintenance_not_reported_share": 243 / 244},
                                      previous_costs={"maintenance_not_reported_share": 0.0}),
     "De årlige forvaltningskostnadene som er rapportert, summerer seg til 405 mill. kroner, noe som er en økning"
     f" på 10 mill. kroner siden oktober 2019. Over 99{NB}% av prosjektene har ikke rapportert årlige"
     " forvaltningskostnader (ingen i oktober 2019)."),
    (text.benefits_sentence, _with(KF, benefits=_BENEFITS, previous_benefits=_BENEFITS),
     "Ingen av prosjektene rapporterer at de har kvantifiserbare gevinster (uendret fra oktober 2019), og ingen har"
     " kvantifiserbare gevinster på over 100 mill. (uendret fra oktober 2019)."),
    (text.benefits_sentence, _with(KF, benefits={**_BENEFITS, "quantifiable_share": 1 / 244}),
     f"Under 1{NB}% av prosjektene rapporterer at de har kvantifiserbare gevinster (41{NB}% i oktober 2019), og"
     f" ingen har kvantifiserbare gevinster på over 100 mill. (24{NB}% i oktober 2019)."),
    (text.dependencies_sentence, _with(KF, dependencies={**KF["dependencies"], "high_share": 0.0, "red_count": 0}),
     "Det er rapportert inn 129 avhengigheter (132 i oktober 2019). Ingen av avhengighetene har høy kritikalitet."
     " Ingen avhengigheter er uavklarte (rød status)."),
    (text.prerequisites_sentence, _with(KF, prerequisites={"municipal_org_development_share": 0.0,
                                                           "epj_medium_or_high_share": 243 / 244}),
     "Ingen av prosjektene rapporterer at det er en forutsetning at kommuner og fastleger gjennomfører"
     f" organisasjonsutvikling. For over 99{NB}% av prosjektene er videreutvikling av journalsystemene for"
     " kommunene og fastlegene av middels eller høy kritikalitet for å realisere gevinstene."),
])
def test_shares_in_sentences_claim_only_what_the_counts_show(sentence, kf, expected):
    assert sentence(kf) == expected


def test_a_cost_band_without_projects_is_said_in_words():
    kf = _with(KF, costs={**KF["costs"], "total_cost_bands": {"<10": 0, "10-299": 36, "300-500": 7, ">500": 4}})
    # 0, 36, 7 and 4 of all 54 (0 %, 66,7 %, 13,0 %, 7,4 %); of the 47 that reported: 0, 76,6 %, 14,9 %, 8,5 %
    assert text.cost_bands_sentence(kf, PHRASES) == (
        f"Av alle 54 prosjekter har ingen en totalkostnad under 10 mill. kr, 67{NB}% mellom 10 og 299 mill. kr,"
        f" 13{NB}% mellom 300 og 500 mill. kr og 7{NB}% over 500 mill. kr. Av de 47 som har rapportert"
        f" totalkostnad, er andelene ingen, 77{NB}%, 15{NB}% og 9{NB}%.")


def test_statistical_sentences_say_what_they_mean_then_p_and_n():
    s = text.sign_test_sentence({"n_worse": 5, "n_better": 1, "n_same": 4, "p_value": 0.21875}, "status", "2019-10")
    assert s == ("Av de ti prosjektene som er med i begge periodene, har fem fått dårligere status siden oktober"
                 " 2019, ett bedre og fire uendret. Flere prosjekter har fått dårligere enn bedre status, men"
                 " forskjellen er ikke større enn at den kan skyldes tilfeldig variasjon (fortegnstest, p = 0,22,"
                 " n = 6).")
    s = text.sign_test_sentence({"n_worse": 0, "n_better": 0, "n_same": 3, "p_value": None})
    assert "p =" not in s
    # 12 in both periods, 2 not assessed in one of them: left out, and the sentence says how many.
    s = text.sign_test_sentence({"n_worse": 5, "n_better": 1, "n_same": 4, "p_value": 0.21875, "n_not_assessed": 2},
                                "status", "2019-10")
    assert s == ("Av de tolv prosjektene som er med i begge periodene, er to holdt utenfor overgangstabellen og"
                 " testen fordi status ikke er vurdert i den ene perioden eller i begge. Av de ti andre har fem fått"
                 " dårligere status siden oktober 2019, ett bedre og fire uendret. Flere prosjekter har fått"
                 " dårligere enn bedre status, men forskjellen er ikke større enn at den kan skyldes tilfeldig"
                 " variasjon (fortegnstest, p = 0,22, n = 6).")
    s = text.sign_test_sentence({"n_worse": 0, "n_better": 0, "n_same": 0, "p_value": None, "n_not_assessed": 3},
                                "risiko")
    # Nothing to compare: the table and the test are left out, and one sentence says why.
    assert s == ("Ingen prosjekter har risiko vurdert som grønn, gul eller rød i begge periodene (for de tre"
                 " prosjektene som er med i begge, er risiko ikke vurdert i den ene perioden eller i begge), så"
                 " overgangstabellen og fortegnstesten er utelatt.")
    # A withheld rating is left out too, counted apart from those not assessed.
    s = text.sign_test_sentence({"n_worse": 1, "n_better": 0, "n_same": 2, "p_value": 1.0, "n_not_assessed": 2,
                                 "n_withheld": 1}, "status")
    assert s.startswith("Av de seks prosjektene som er med i begge periodene, er tre holdt utenfor overgangstabellen"
                        " og testen: to fordi status ikke er vurdert og ett fordi status er unntatt offentlighet i den"
                        " ene perioden eller i begge. Av de tre andre har ett fått dårligere status")
    s = text.sign_test_sentence({"n_worse": 0, "n_better": 0, "n_same": 0, "p_value": None, "n_withheld": 1}, "status")
    assert s == ("Ingen prosjekter har status vurdert som grønn, gul eller rød i begge periodene (for prosjektet som"
                 " er med i begge, er status unntatt offentlighet i den ene perioden eller i begge), så"
                 " overgangstabellen og fortegnstesten er utelatt.")
    s = text.mann_whitney_sentence({"u": 9.0, "p_value": 0.1, "n_elevated": 3, "n_green": 3,
                                    "median_elevated": 4.0, "median_green": 1.0})
    assert s == ("Prosjekter med gul eller rød risiko har i median 4 avhengigheter med høy kritikalitet, mot 1 for"
                 " prosjekter med grønn risiko. Forskjellen mellom gruppene er ikke større enn at den kan skyldes"
                 " tilfeldig variasjon (Mann–Whitney-test, U = 9, p = 0,10, n = 3 og 3).")
    s = text.mann_whitney_sentence({"u": 30.0, "p_value": 0.01, "n_elevated": 8, "n_green": 9,
                                    "median_elevated": 1.0, "median_green": 1.0})
    assert s == ("Prosjekter med gul eller rød risiko har i median 1 avhengighet med høy kritikalitet, det samme som"
                 " prosjekter med grønn risiko. Forskjellen mellom gruppene er større enn tilfeldig variasjon skulle"
                 " tilsi (Mann–Whitney-test, U = 30, p = 0,010, n = 8 og 9).")


# The published 2020-01 sign test (10 worse, 2 better of 51) and the cases around it: meaning first, then
# p and n in brackets; for risk the words are higher and lower. Expected strings typed by hand.
@pytest.mark.parametrize("result, measure, expected", [
    ({"n_worse": 10, "n_better": 2, "n_same": 39, "p_value": 0.0386}, "status",
     "Av de 51 prosjektene som er med i begge periodene, har ti fått dårligere status siden oktober 2019, to bedre"
     " og 39 uendret. Flere prosjekter har fått dårligere enn bedre status, og forskjellen er større enn tilfeldig"
     " variasjon skulle tilsi (fortegnstest, p = 0,039, n = 12)."),
    ({"n_worse": 2, "n_better": 1, "n_same": 48, "p_value": 1.0}, "risiko",
     "Av de 51 prosjektene som er med i begge periodene, har to fått høyere risiko siden oktober 2019, ett lavere og"
     " 48 uendret. Flere prosjekter har fått høyere enn lavere risiko, men forskjellen er ikke større enn at den kan"
     " skyldes tilfeldig variasjon (fortegnstest, p = 1,00, n = 3)."),
    ({"n_worse": 0, "n_better": 20, "n_same": 23, "p_value": 2 * 0.5 ** 20}, "status",
     "Av de 43 prosjektene som er med i begge periodene, har ingen fått dårligere status siden oktober 2019, 20 bedre"
     " og 23 uendret. Flere prosjekter har fått bedre enn dårligere status, og forskjellen er større enn tilfeldig"
     " variasjon skulle tilsi (fortegnstest, p < 0,001, n = 20)."),
    ({"n_worse": 2, "n_better": 2, "n_same": 8, "p_value": 1.0}, "status",
     "Av de tolv prosjektene som er med i begge periodene, har to fått dårligere status siden oktober 2019, to"
     " bedre og åtte uendret. Like mange prosjekter har fått dårligere som bedre status, så det er ingen tendens i"
     " noen retning (fortegnstest, p = 1,00, n = 4)."),
])
def test_sign_test_sentence_for_a_committee(result, measure, expected):
    assert text.sign_test_sentence(result, measure, "2019-10") == expected


def test_budget_year_note():
    assert text.budget_year_note(2020, 2020) == ""
    assert text.budget_year_note(2020, None) == ""
    assert text.budget_year_note(2020, 2019) == ("Merk at budsjettene nå gjelder 2020, mens tallene fra forrige"
                                                 " rapportering gjelder 2019; sammenligningen går altså på tvers av"
                                                 " budsjettår.")


BRIDGE = {"previous_total": 158.0, "left": -8.0, "joined": 40.0, "stopped_reporting": -20.0, "started_reporting": 15.0,
          "continuing_change": -5.0, "total": 180.0}


def test_bridge_sentence_without_names():
    """The hand fixture's bridge (tests/conftest.py) told in words, no chain of signed numbers."""
    kf = {**KF, "projects": {**KF["projects"], "new_ids": [6, 7], "left_ids": [5]},
          "budget": {**KF["budget"], "bridge": BRIDGE}}
    assert text.bridge_sentence(kf) == (
        "Samlet budsjett har økt med 22 mill. kroner, fra 158 mill. i oktober 2019 til 180 mill. nå."
        " Prosjekter som rapporterte budsjett i oktober 2019, men ikke for 2020, hadde til sammen 20 mill."
        " Prosjektene som har rapportert budsjett begge gangene, har til sammen redusert budsjettene med 5 mill."
        " Prosjektet som har gått ut, hadde 8 mill. i oktober 2019, og prosjektene som har kommet til, har 40 mill."
        " Prosjekter som ikke rapporterte budsjett i oktober 2019, har nå til sammen 15 mill.")
    assert MINUS not in text.bridge_sentence(kf) and "+" not in text.bridge_sentence(kf)
    assert text.bridge_sentence(_first(KF)) == ""


def test_bridge_sentence_names_who_stopped_reporting_and_the_largest_movers(current, previous):
    from ehp_analysis.metrics import key_figures, overview

    kf = key_figures(current, previous)
    bridge = overview.budget_bridge(current, previous)
    assert text.bridge_sentence(kf, bridge, current.projects) == (
        "Samlet budsjett har økt med 22 mill. kroner, fra 158 mill. i oktober 2019 til 180 mill. nå."
        " Ett prosjekt som rapporterte budsjett i oktober 2019, har ikke rapportert budsjett nå:"
        " Prosjekt 2 (KS). Det hadde 20 mill. i oktober 2019."
        " Prosjektene som har rapportert budsjett begge gangene, har til sammen redusert budsjettene med 5 mill."
        " Størst økning har Prosjekt 3 (Helse Vest RHF) med 5 mill.; størst nedgang har Prosjekt 1"
        " (Direktoratet for e-helse) med 10 mill."
        " Prosjektet som har gått ut, hadde 8 mill. i oktober 2019, og prosjektene som har kommet til, har 40 mill."
        " Ett prosjekt som ikke rapporterte budsjett i oktober 2019, har nå 15 mill.")


def test_at_most_ten_names_in_a_sentence():
    import pandas as pd
    from types import SimpleNamespace

    ids = list(range(1, 14))
    projects = pd.DataFrame({"id": ids, "name": [f"Tiltak {i}" for i in ids],
                             "organisation": [f"Virksomhet {i}" for i in ids]})
    bridge = SimpleNamespace(stopped_reporting_ids=ids, started_reporting_ids=[], movers=pd.DataFrame())
    kf = {**KF, "budget": {**KF["budget"], "bridge": {**BRIDGE, "stopped_reporting": -130.0,
                                                      "continuing_change": 0.0, "left": 0.0, "joined": 0.0,
                                                      "started_reporting": 0.0, "total": 28.0}}}
    s = text.bridge_sentence(kf, bridge, projects)
    assert ("13 prosjekter som rapporterte budsjett i oktober 2019, har ikke rapportert budsjett for 2020: "
            + ", ".join(f"Tiltak {i} (Virksomhet {i})" for i in range(1, 11)) + " og tre andre (se vedlegg 1).") in s
    for sentence in re.split(r"(?<=[.:;]) (?=[A-ZÆØÅ0-9])", s):
        assert sentence.count("(Virksomhet") <= text.MAX_NAMED, sentence


@pytest.mark.parametrize("n, expected", [
    (0, "Ingen avhengigheter er uavklarte (rød status)."),
    (1, "Én avhengighet er uavklart (rød status)."),
    (8, "Åtte avhengigheter er uavklarte (rød status)."),
    (12, "Tolv avhengigheter er uavklarte (rød status)."),
    (13, "13 avhengigheter er uavklarte (rød status)."),
])
def test_unresolved_dependencies_agree_in_number(n, expected):
    assert text.unresolved_sentence(n) == expected


@pytest.mark.parametrize("n, expected", [
    (1, "Det er rapportert inn én avhengighet med rød status, det vil si at den er uavklart. Den er knyttet til:"),
    (8, "Det er rapportert inn åtte avhengigheter med rød status, det vil si at de er uavklarte. De er knyttet til:"),
    (13, "Det er rapportert inn 13 avhengigheter med rød status, det vil si at de er uavklarte. De er knyttet til:"),
])
def test_red_dependencies_intro_agrees_in_number(n, expected):
    assert text.red_dependencies_intro({"dependencies": {"red_count": n}}) == expected


@pytest.mark.parametrize("n, kwargs, expected", [
    (0, {"words": True}, "null prosjekter"), (1, {"words": True}, "ett prosjekt"),
    (3, {"words": True}, "tre prosjekter"), (7, {"words": True}, "sju prosjekter"),
    (12, {"words": True}, "tolv prosjekter"), (13, {"words": True}, "13 prosjekter"),
    (1, {"words": True, "neuter": False}, "én prosjekt"), (3, {}, "3 prosjekter"),
])
def test_count_noun_in_words(n, kwargs, expected):
    assert text.count_noun(n, "prosjekt", "prosjekter", **kwargs) == expected


def test_codes_and_template_columns_have_labels():
    import pandas as pd
    from ehp_analysis import template as T

    assert set(text.LABELS["reasons"]) == set(T.REASONS)
    assert text.reason_label("ressurser") == "Mangel på ressurser"
    every_column = {c.name for columns in T.ALL_TABLES.values() for c in columns}  # every template version
    assert all(T.column_words(name) is not None for name in every_column)  # tests/test_column_words.py: each word
    assert text.field_label("innsatsomrade") == "Innsatsområde"
    out = text.labelled(pd.DataFrame({"reason": ["ressurser", "annet"], "column": ["innsatsomrade", "budsjett"],
                                      "count": [1, 2]}))
    assert out.to_dict("list") == {"reason": ["Mangel på ressurser", "Annet"],
                                   "column": ["Innsatsområde", "Budsjett"], "count": [1, 2]}


def test_display_table_formats_and_renames():
    import pandas as pd
    t = pd.DataFrame({"id": [5, 6], "budget": [2.075, None], "status": ["rød", "gul"],
                      "next_steps": ["Forvaltning", None], "explained": [True, False]})
    out = text.display_table(t)
    assert list(out.columns) == ["ID", "Budsjett (mill.)", "Status", "Veien videre"]
    assert out["Budsjett (mill.)"].tolist() == ["2,075", "–"]
    assert out["Status"].tolist() == ["Rød", "Gul"]
    assert out["Veien videre"].tolist()[1] == text.LABELS["left_unexplained"]


def test_benefits_sentence_first_period_has_no_double_full_stop():
    kf = {"period": "2019-10", "previous_period": None,
          "benefits": {"quantifiable_share": 22 / 54, "over_100_share": 13 / 54, "total": None}}
    sentence = text.benefits_sentence(kf)
    assert sentence.endswith("på over 100 mill.") and ".." not in sentence


@pytest.mark.parametrize("n, expected", [
    (0, ""),
    (1, "Det ene prosjektet i porteføljen per 17. januar 2020."),
    (2, "Alle de to prosjektene i porteføljen per 17. januar 2020, sortert etter innsatsområde og ID."),
    (54, "Alle de 54 prosjektene i porteføljen per 17. januar 2020, sortert etter innsatsområde og ID."),
])
def test_appendix_intro_agrees_with_the_count(n, expected):
    assert text.appendix_intro_sentence(n, "17. januar 2020") == expected


@pytest.mark.parametrize("years, end", [
    ((2019, 2020), "over årsskiftet."),            # one turn of the year
    ((2021, 2022, 2022, 2023), "over årsskiftene."),  # two or more
])
def test_history_budget_years_agree_with_the_turns_of_the_year(years, end):
    assert text.history_budget_years_sentence(years).endswith(end)
    assert text.history_budget_years_sentence((2020, 2020, None)) == ""
