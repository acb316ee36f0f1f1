"""Against what was first reported (report.md; issue 23): each project against its first reported total cost and
planned end in the chain, the change log, and ``baseline.*`` of key_figures.json.

Every expected value is worked out by hand from tests/baseline_chain.py's table and report.md's definitions:
first reported = the earliest period of the chain where the project is present with a reported (not empty, not
withheld) value; growth = now / first − 1; slip = (year × 12 + month) of P's planned end minus the first's;
counted = first and now reported; the change log = a move of at least 20 % from the previous reported total cost
or of at least three months from the previous reported planned end.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from ehp_analysis import text
from ehp_analysis.chapter import tiltak
from ehp_analysis.config import parameters_from_mapping
from ehp_analysis.metrics import baseline, key_figures
from ehp_analysis.periods import load_periods

from .baseline_chain import PERIODS, write_baseline_chain
from .conftest import make, project
from .spelling import misspelled

P = PERIODS[-1]


@pytest.fixture(scope="module")
def six_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("baseline")
    write_baseline_chain(root)
    return root


@pytest.fixture(scope="module")
def six(six_root):
    periods = load_periods(P, reads="chain", root=six_root)
    return periods, baseline.compare(periods.chain)


# ------------------------------------------------------------------------------- the six periods, by hand


def test_ehp_figures_writes_baseline_as_worked_out_by_hand(six_root, monkeypatch):
    from ehp_analysis.cli import main

    monkeypatch.setenv("EHP_ROOT", str(six_root))
    out = six_root / "kf.json"
    assert main(["figures", P, "-o", str(out)]) == 0
    kf = json.loads(out.read_text(encoding="utf-8"))
    assert kf["baseline"] == {
        # 2022-09 has 1–10. Counted: 1, 2, 3, 4, 6, 8, 9, 10. Not: 5 (withheld now), 7 (never reported).
        "projects_counted": 8,
        "projects_not_counted": 2,
        # first: 1 100 (2021-01), 2 50 (2022-01), 3 200, 4 1,1, 6 60 (2021-05; 2021-09 withheld), 8 0 (2021-05),
        # 9 70 (2022-09), 10 500 -> 981,1
        "first_total_cost_sum": 981.1,
        # now: 190 + 55 + 310 + 1,32 + 90 + 25 + 70 + 400 = 1141,32
        "now_total_cost_sum": 1141.32,
        # 1141,32 / 981,1 − 1 = 160,22 / 981,1 = 0,163306… -> 0,1633
        "growth_share": 0.1633,
        # growth: 1 +0,90, 3 +0,55, 6 +0,50, 4 +0,20 exactly (1,1 -> 1,32), 2 +0,10, 9 0, 10 −0,20; 8 none (first 0)
        "growth_ids": [1, 3, 6, 4],
        # 1: 2024-12 -> 2025-02 = +2; 2: 2023-06 -> 2024-03 = +9; 3: 2023-12 -> 2023-10 = −2
        "slip_months": {"1": 2, "2": 9, "3": -2},
    }


@pytest.mark.parametrize("pid, counted, reason, from_start, first_period, first, now, growth, slip", [
    (1, True, None, True, "2021-01", 100, 190, 0.9, 2),
    (2, True, None, False, "2022-01", 50, 55, 0.1, 9),
    (3, True, None, True, "2021-01", 200, 310, 0.55, -2),     # against 200, not the re-baselined 300
    (4, True, None, True, "2021-01", 1.1, 1.32, 0.2, None),   # back after an absence: its first is from 2021-01
    (5, False, "withheld", True, "2021-01", 40, None, None, None),
    (6, True, None, True, "2021-01", 60, 90, 0.5, None),
    (7, False, "not_reported", True, None, None, None, None, None),
    (8, True, None, False, "2021-05", 0, 25, None, None),      # first 0: counted, no growth
    (9, True, None, False, "2022-09", 70, 70, 0.0, None),
    (10, True, None, True, "2021-01", 500, 400, -0.2, None),
])
def test_each_project_against_its_first_report(six, pid, counted, reason, from_start, first_period, first, now,
                                               growth, slip):
    _, b = six
    row = b.projects.set_index("id").loc[pid]
    assert bool(row["counted"]) is counted
    assert (None if pd.isna(row["not_counted_reason"]) else row["not_counted_reason"]) == reason
    assert bool(row["from_chain_start"]) is from_start
    assert (None if pd.isna(row["first_period"]) else row["first_period"]) == first_period
    for column, expected in (("first_total_cost", first), ("total_cost", now), ("growth", growth),
                             ("slip_months", slip)):
        value = row[column]
        assert (None if pd.isna(value) else pytest.approx(float(value))) == expected, column


def test_the_projects_are_ranked_by_growth_then_the_rest(six):
    _, b = six
    # by growth: 1 .90, 3 .55, 6 .50, 4 .20, 2 .10, 9 0, 10 −.20; then 8 (first 0); then not counted 5, 7
    assert b.projects["id"].tolist() == [1, 3, 6, 4, 2, 9, 10, 8, 5, 7]
    assert b.largest_growths()["id"].tolist() == [1, 3, 6, 4, 2]
    assert b.periods == PERIODS and b.other_currency == ()
    assert b.planned_end_periods == PERIODS[3:] and b.planned_end_not_collected == PERIODS[:3]


def test_the_change_log(six):
    _, b = six
    log = [(r.id, r.period, None if pd.isna(r.previous_period) else r.previous_period,
            None if pd.isna(r.end_moved_months) else int(r.end_moved_months), r.comment)
           for r in b.changes.itertuples(index=False)]
    assert log == [
        (2, "2022-05", "2022-01", 6, "Leverandøren er forsinket"),          # planned end +6
        (2, "2022-09", "2022-05", 3, "<b>Ny plan</b> er godkjent"),         # +3 (and 50 -> 55 is only 10 %)
        (3, "2021-09", "2021-05", None, "Ny basislinje etter utvidet omfang"),  # 200 -> 300
        (4, "2022-05", "2022-01", None, "Flere brukere enn planlagt"),     # 1,1 -> 1,32: exactly 20 %
        (6, "2022-01", "2021-05", None, "Økte lisenskostnader"),           # 60 -> 90, the withheld 2021-09 skipped
        (8, "2022-01", "2021-09", None, "Første fase er kostnadsberegnet"),  # 0 -> 25
        (10, "2021-09", "2021-05", None, "Redusert omfang"),               # 500 -> 400
    ]
    # 1 grows 11–15 % a period: never in the log, though it is the largest growth overall.
    assert 1 not in set(b.changes["id"])
    assert b.shown_ids() == [1, 3, 6, 4, 2]  # the five that grew, then slips of three months or more (2 already in)


@pytest.mark.parametrize("before, after, moved", [
    ("50", "60", True), ("50", "59.99", False), ("1.1", "1.32", True), ("500", "400", True),
    ("500", "400.01", False), ("0", "25", True), ("0", "0", False), ("100", "100", False),
])
def test_a_move_in_total_cost_is_twenty_per_cent_as_written(before, after, moved):
    assert baseline.cost_moved(Decimal(before), Decimal(after)) is moved


def test_a_withheld_value_is_never_used_nor_shown(six):
    periods, b = six
    table, _ = text.baseline_table(b)
    changes, _ = text.baseline_changes_table(b, b.projects["id"])
    shown = table.to_csv() + changes.to_csv() + " ".join(
        text.baseline_project_sentence(r, b) for r in b.projects.itertuples(index=False))
    # 5's total cost now and 6's in 2021-09 are withheld; they are in no row, no sum, no sentence.
    assert b.projects.set_index("id").loc[5, "total_cost"] is pd.NA
    assert not ((b.changes["id"] == 6) & (b.changes["period"] == "2021-09")).any()
    assert "2021-09" not in set(b.changes.loc[b.changes["id"] == 6, "previous_period"])
    assert "unntatt" not in shown.lower() and "u.off" not in shown.lower()


def test_the_sentences_say_it_in_norwegian(six):
    periods, b = six
    kf = key_figures(periods.current, periods.previous, chain=periods.chain)
    NB = "\u00a0"
    assert text.baseline_sentence(kf) == (
        "Åtte av de ti prosjektene har rapportert totalkostnad både første gang og nå. Samlet er totalkostnaden "
        f"deres nå 1,14 milliarder kroner, 16{NB}% over første anslag (981,1 mill. kroner). To prosjekter er ikke "
        "med fordi de ikke har rapportert totalkostnad i denne perioden (ett av dem er unntatt offentlighet). Fire "
        f"prosjekter har vokst med minst 20{NB}% siden første rapportering.")
    assert text.baseline_slip_sentence(b) == ("To prosjekter har flyttet planlagt slutt senere enn først oppgitt, "
                                              "opptil 9 måneder. Ett prosjekt har flyttet den tidligere.")
    note = text.baseline_chain_note(b)
    assert "første rapportering i kjeden" in note and "januar 2021" in note
    assert "Malen samlet ikke inn planlagt slutt i januar 2021, mai 2021 og september 2021" in note
    lines = {r.id: text.baseline_project_sentence(r, b) for r in b.projects.itertuples(index=False)}
    assert lines[3] == (f"Totalkostnad 310 mill. kr, 55{NB}% over første rapportering i kjeden (200 mill. kr i januar "
                        "2021). Planlagt slutt oktober 2023, 2 måneder tidligere enn først oppgitt (desember 2023).")
    assert lines[2].startswith(f"Totalkostnad 55 mill. kr, 10{NB}% over første rapportering (50 mill. kr i januar 2022)")
    assert lines[9] == "Totalkostnad 70 mill. kr, første gang rapportert i denne perioden."
    every = [text.baseline_sentence(kf), text.baseline_slip_sentence(b), note, *lines.values(),
             *text.baseline_captions().values()]
    names = set(periods.current.projects["name"]) | set(periods.current.projects["organisation"])
    assert misspelled(every, names) == {}


def test_the_table_keeps_numbers_as_numbers_and_names_the_first_period(six):
    _, b = six
    table, options = text.baseline_table(b)
    assert table["ID"].tolist() == [1, 3, 6, 4, 2, 9, 10, 8, 5, 7]
    first = table.set_index("ID")
    assert first.loc[1, "Første rapportering"] == "januar 2021 (første i kjeden)"
    assert first.loc[2, "Første rapportering"] == "januar 2022"
    assert first.loc[4, "Vekst (%)"] == 20.0 and first.loc[10, "Vekst (%)"] == -20.0
    assert first.loc[1, "Flyttet (måneder)"] == 2
    assert first.loc[5, "Merknad"].startswith("Ikke med") and pd.isna(first.loc[5, "Totalkostnad nå (mill.)"])
    assert set(options["amount_columns"]) <= set(table.columns)


# --------------------------------------------------------------------------- Vedlegg 3 and the figure


def test_vedlegg_3_shows_each_project_s_own_line_escaped(six):
    periods, _ = six
    lines = tiltak.baseline_by_project(periods.chain)
    assert sorted(lines) == list(range(1, 11))
    html = tiltak.overview_html(periods.chain, baseline=lines)
    assert "Mot første rapportering:" in html and "90\u00a0% over første rapportering i kjeden" in html
    assert tiltak.baseline_by_project(periods.chain[-1:]) == {}  # one period: nothing to compare with yet


def test_the_figure_draws_the_largest_growths_with_alt_text(six):
    from ehp_analysis import plots

    _, b = six
    drawn = plots.cost_growth(b.largest_growths())
    assert drawn.data["growth_percent"].tolist() == pytest.approx([90, 55, 50, 20, 10])
    alt = plots.alt_text("cost_growth", drawn.data)
    assert alt.startswith("Stolpediagram over de 5 prosjektene med størst vekst i totalkostnad")
    assert "Størst er 1 Journalløftet med 90\u00a0% (fra 100 til 190 mill. kr)." in alt


# ----------------------------------------------------------------------------- thin data, currency, one period


def _params(period: str, currency: str = "NOK"):
    return parameters_from_mapping({"period": period, "budget_year": int(period[:4]), "cutoff": f"{period}-15",
                                    "strategy": "2017-2022", "currency": currency}, root=Path("."))


def test_no_total_cost_anywhere_counts_nobody_and_says_why():
    chain = [make(p, [project(1), project(2, total_cost=None)], parameters=_params(p)) for p in ("2020-01", "2020-05")]
    b = baseline.compare(chain)
    kf = key_figures(chain[-1], chain[0], chain=chain)
    # the 2020 template does not collect planlagt_slutt: no slip_months at all
    assert kf["baseline"] == {"projects_counted": 0, "projects_not_counted": 2, "first_total_cost_sum": None,
                              "now_total_cost_sum": None, "growth_share": None, "growth_ids": []}
    assert b.largest_growths().empty and b.counted.empty and b.changes.empty
    assert text.baseline_sentence(kf) == ("Ingen av prosjektene har rapportert totalkostnad i denne perioden, så "
                                          "kostnadene kan ikke sammenlignes med det som først ble rapportert.")
    assert text.baseline_slip_sentence(b) == "" and text.baseline_changes_note(b) == ""


def test_a_change_of_currency_compares_only_periods_in_the_period_s_currency():
    rows = {"2020-01": [project(1, total_cost=100), project(2, total_cost=500)],
            "2020-05": [project(1, total_cost=10)],
            "2020-09": [project(1, total_cost=12), project(2, total_cost=30)]}
    money = {"2020-01": "NOK", "2020-05": "GBP", "2020-09": "GBP"}
    chain = [make(p, r, parameters=_params(p, money[p])) for p, r in rows.items()]
    b = baseline.compare(chain)
    # 2020-01 is in NOK: left out. 1: 10 -> 12 (+20 %), present in 2020-05, the first compared period. 2: its
    # 500 NOK is not used; its first in GBP is now (30), so it is not "første rapportering i kjeden".
    assert b.periods == ("2020-05", "2020-09") and b.other_currency == (("2020-01", "NOK"),)
    assert b.figures == {"projects_counted": 2, "projects_not_counted": 0, "first_total_cost_sum": 40.0,
                         "now_total_cost_sum": 42.0, "growth_share": 0.05, "growth_ids": [1]}
    assert b.projects.set_index("id")["from_chain_start"].to_dict() == {1: True, 2: False}
    from ehp_analysis.text.currency import use_currency

    with use_currency("GBP"):
        note = text.baseline_chain_note(b)
    assert "Periodene i en annen valuta, januar 2020 (NOK), er ikke med, så første rapportering er den første i GBP." in note


def test_a_chain_of_one_period_starts_comparing_with_the_next():
    chain = [make("2020-01", [project(1, total_cost=100)], parameters=_params("2020-01"))]
    b = baseline.compare(chain)
    assert b.figures["growth_share"] == 0.0 and b.figures["growth_ids"] == []
    assert text.baseline_chain_note(b) == ("Kjeden har bare denne perioden, så sammenligningen med første "
                                           "rapportering begynner med neste periode.")


# ------------------------------------------------------------------------ the one build (chapter 5, Vedlegg 3)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The six periods' newest, built with the real notebooks of the two chapters that show the comparison."""
    import csv

    from bs4 import BeautifulSoup

    from ehp_analysis.report.build import build_periods

    root = tmp_path_factory.mktemp("baseline-build")
    write_baseline_chain(root, notebooks=True)
    (root / "notebooks" / "chapters.yaml").write_text(
        'title: "Nasjonal e-helseportefølje"\nchapters:\n'
        '  - file: kostnader-og-gevinster\n    title: "Totale kostnader og gevinster"\n    reads: chain\n'
        '  - file: vedlegg-3-tiltaksoversikt\n    title: "Vedlegg 3 – Tiltaksoversikt"\n    appendix: true\n'
        '    reads: chain\n', encoding="utf-8")
    [result] = build_periods([P], root=root, jobs=2, cache=False)
    out = root / "outputs" / P
    soup = BeautifulSoup(result.report.read_text(encoding="utf-8"), "html.parser")
    with (out / "tables" / "kostnad-mot-forste-anslag.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return out, soup, rows


@pytest.mark.slow
def test_chapter_5_shows_the_section_and_exports_the_table(built):
    from .test_thin_period import visible_text

    out, soup, rows = built
    section = next(s for s in soup.select("section") if s.get("id", "").startswith("kostnader"))
    shown = visible_text(section)
    assert "Kostnad og tid mot første rapportering" in shown
    assert "16 % over første anslag (981,1 mill. kroner)" in shown
    # the figure of the largest growths, with its alt text
    [img] = [i for i in section.select("img") if "størst vekst" in i.get("alt", "")]
    assert "Størst er 1 Journalløftet med 90 %" in img["alt"].replace("\u00a0", " ")
    # the change log: the comment shown as text, never as markup
    assert "<b>Ny plan</b> er godkjent" in shown and not section.select("td b")
    # the CSV: every project, ranked by growth; amounts as numbers with a decimal comma, the withheld one empty
    assert rows[0][:7] == ["ID", "Prosjekt", "Første rapportering", "Første totalkostnad (mill.)",
                           "Totalkostnad nå (mill.)", "Endring (mill.)", "Vekst (%)"]
    assert [r[0] for r in rows[1:]] == ["1", "3", "6", "4", "2", "9", "10", "8", "5", "7"]
    assert rows[4][3:7] == ["1,1", "1,32", "0,22", "20,0"]
    assert rows[9][4] == ""  # 5: withheld now
    vedlegg = next(s for s in soup.select("section") if s.get("id", "").startswith("vedlegg-3"))
    assert "Mot første rapportering: Totalkostnad 190 mill. kr, 90 % over første rapportering i kjeden" in (
        visible_text(vedlegg))


def test_one_period_says_only_that_the_comparison_begins_with_the_next():
    chain = [make("2020-01", [project(1, total_cost=100)], parameters=_params("2020-01"))]
    kf = key_figures(chain[0], None, chain=chain)
    expected = "Kjeden har bare denne perioden, så sammenligningen med første rapportering begynner med neste periode."
    assert text.baseline_sentence(kf) == expected  # what the deck's notes say too
    assert text.baseline_paragraph(kf, baseline.compare(chain)) == [expected]
