"""Issue 19's acceptance chain: four periods in GBP, withheld and unassessed ratings, no risk assessed anywhere,
no dependency file, nobody answering the benefit questions (tests/gbp_chain.py says who is where).

Built once with the command a user types, ``ehp build --all``; every expectation below is worked out by hand
from tests/gbp_chain.py's table and report.md ("Rules that cannot be assessed, and nothing to show",
"Early-warning rules") and input-template.md ("Currency", "Withheld ratings").
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.gbp_chain import PERIODS, write_gbp_chain
from tests.test_currency_build import KRONER  # "kr", "krone" or "kroner" as a word
from tests.test_thin_period import visible_text

pytestmark = pytest.mark.slow

NEWEST = PERIODS[-1]
WITHHELD = "unntatt offentlighet"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    root = tmp_path_factory.mktemp("gbp")
    write_gbp_chain(root)
    done = subprocess.run([sys.executable, "-m", "ehp_analysis", "--root", str(root), "build", "--all"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    out = root / "outputs" / NEWEST
    soup = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    kf = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    chapters = {s.get("id", ""): s for s in soup.select("section")}
    return root, out, soup, kf, chapters


def _chapter(chapters: dict, start: str):
    return next(s for i, s in chapters.items() if i.startswith(start))


def test_every_period_of_the_chain_was_built(chain):
    root, *_ = chain
    for period in PERIODS:
        assert (root / "outputs" / period / "report.html").is_file(), period
        kf = json.loads((root / "outputs" / period / "key_figures.json").read_text(encoding="utf-8"))
        assert kf["currency"] == "GBP"


def test_amounts_are_worded_in_gbp_never_kroner(chain):
    _, out, soup, kf, _ = chain
    text = visible_text(soup.body)
    assert KRONER.findall(text) == []
    assert "mill. GBP" in text
    # total cost 60 + 800 + 1500 + 20 + 10 + 5 = 2395 mill. (project 2 did not report): in billions of GBP
    assert "milliarder GBP" in text
    for img in soup.select("img"):
        assert KRONER.findall(img.get("alt", "")) == [], img.get("alt")
    for caption in soup.select("caption, figcaption"):
        assert KRONER.findall(caption.get_text()) == [], caption.get_text()
    for header in soup.select("th"):
        assert KRONER.findall(header.get_text()) == [], header.get_text()
    for file in sorted((out / "tables").glob("*.csv")) + sorted((out / "figures").glob("*.csv")):
        with file.open(encoding="utf-8-sig") as fh:
            first = fh.readline()
        assert KRONER.findall(first) == [], (file.name, first)
    # the budget, in the period's currency: 12,5 + 30 + 130 + 230 + 5 + 4 + 2
    assert kf["budget"]["total"] == pytest.approx(413.5)


def test_status_counts_keep_withheld_and_not_assessed_apart(chain):
    *_, kf, _ = chain
    # 2024-03: grønn 1 and 6; gul 5; rød 4; not assessed 3 and 8; withheld 2
    assert kf["status"]["counts"] == {"grønn": 2, "gul": 1, "rød": 1, "ikke vurdert": 2, WITHHELD: 1}
    assert kf["status"]["shares"][WITHHELD] == pytest.approx(1 / 7)
    # risk: never assessed; project 2's withheld
    assert kf["risk"]["counts"] == {"grønn": 0, "gul": 0, "rød": 0, "ikke vurdert": 6, WITHHELD: 1}
    # the history: 2019-09 had nobody not assessed (no key), every period one withheld
    assert kf["history"]["status_counts"]["2019-09"] == {"grønn": 3, "gul": 2, "rød": 0, WITHHELD: 1}
    assert kf["history"]["status_counts"]["2020-09"] == {"grønn": 3, "gul": 0, "rød": 1, "ikke vurdert": 1,
                                                         WITHHELD: 1}
    assert kf["history"]["status_counts"]["2021-09"] == {"grønn": 4, "gul": 0, "rød": 1, "ikke vurdert": 1,
                                                         WITHHELD: 1}
    assert kf["history"]["risk_counts"]["2019-09"] == {"grønn": 0, "gul": 0, "rød": 0, "ikke vurdert": 5,
                                                       WITHHELD: 1}


def test_rules_that_cannot_be_assessed_are_null_with_a_reason(chain):
    *_, kf, _ = chain
    warnings = kf["warnings"]
    assert warnings["not_assessed"] == {
        "gronn_status_rod_risiko": "no_risk_assessed",
        "gronn_status_rod_avhengighet": "no_dependencies",
        "avhenger_av_rodt_prosjekt": "no_dependencies",
        "forbi_planlagt_slutt": "not_collected",
        "gjennomforing_uten_gevinstplan": "not_answered",
    }
    for rule in warnings["not_assessed"]:
        assert warnings[rule] is None, rule
    assert warnings["kostnadsvekst"] == [1]          # 50 → 60: exactly 1,20 × and +10
    assert warnings["vedvarende_rod"] == [4]         # rød in 2020-09, 2021-09, 2024-03
    assert warnings["lenge_gul_eller_rod"] == [4]    # gul, rød, rød, rød
    assert warnings["lenge_ikke_vurdert"] == [3]     # not 2: withheld is a rating, not "ikke vurdert"
    assert warnings["uendret_rapportering"] == []    # 4's budget moves every period
    assert warnings["projects"] == [1, 3, 4]


def test_the_rules_table_says_vurderes_ikke_with_reasons_and_ingen_only_when_assessed(chain):
    *_, soup, _, _ = chain
    table = soup.select_one("#tab-tidlige-varsler-regler")
    rows = {visible_text(tr.select_one("td, th")): visible_text(tr) for tr in table.select("tbody tr")}
    assert len(rows) == 10
    not_assessed = {title: row for title, row in rows.items() if "Vurderes ikke" in row}
    assert set(not_assessed) == {"Grønn status, rød risiko", "Grønn status, rød avhengighet",
                                 "Avhenger av et rødt prosjekt", "Forbi planlagt slutt",
                                 "Gjennomføring uten gevinstplan"}
    for title, row in not_assessed.items():
        assert "Ingen" not in row, row
        assert len(row.split("Vurderes ikke", 1)[1].strip()) > 10, row   # the reason, in words
    assert "Ingen" in rows["Uendret rapportering"]
    assert "risiko" in not_assessed["Grønn status, rød risiko"].lower()
    assert "avhengighet" in not_assessed["Grønn status, rød avhengighet"].split("Vurderes ikke", 1)[1].lower()


def test_no_risk_figure_or_table_drawn_from_nothing_but_not_assessed(chain):
    *_, soup, _, chapters = chain
    figure_ids = [f.get("id", "") for f in soup.select("figure")]
    assert "fig-risiko-over-tid" not in figure_ids
    assert "fig-status-over-tid" in figure_ids
    assert soup.select_one("#tab-status-mot-risiko") is None
    status = visible_text(_chapter(chapters, "status-og-risiko"))
    assert "risiko" in status.lower()
    # the risk transitions are left out; the status shift says who was left out and why
    for table in _chapter(chapters, "status-og-risiko").select("table"):
        assert "Risiko" not in visible_text(table.select_one("caption") or table)[:40] or "ikke vurdert" not in (
            visible_text(table)), visible_text(table)[:200]


def test_withheld_is_shown_in_words_never_as_not_assessed(chain):
    *_, soup, _, _ = chain
    row = next(tr for tr in soup.select("#tab-vedlegg-1-prosjekter tbody tr")
               if "Nasjonal beredskapsplattform" in tr.get_text())
    text = visible_text(row)
    assert text.lower().count(WITHHELD) == 2 and "ikke vurdert" not in text.lower()
    entry = soup.select_one("#tiltak-2")
    assert WITHHELD in visible_text(entry).lower() and "ikke vurdert" not in visible_text(entry).lower()


def test_benefit_table_is_left_out_when_nobody_answered(chain):
    *_, soup, _, chapters = chain
    assert soup.select_one("#tab-uten-kvantifiserte-gevinster") is None
    text = visible_text(_chapter(chapters, "kostnader"))
    assert "svart" in text


def test_the_gap_in_the_chain_is_stated(chain):
    *_, chapters = chain
    text = visible_text(_chapter(chapters, "om-portefoljen"))
    # intervals 12, 12 and 30 months: the median is 12, and 30 > 2 × 12
    assert "Det er 30 måneder mellom september 2021 og mars 2024" in text


def test_a_project_that_is_gone_without_a_closing_note_is_gone_not_closed(chain):
    *_, soup, _, _ = chain
    table = soup.select_one("#tab-avsluttede-prosjekter")
    caption = visible_text(table.select_one("caption"))
    # gone, not claimed closed: nothing in avsluttede.csv says it was
    assert "har gått ut" in caption and "er avsluttet" not in caption
    assert "Elektronisk henvisning" in visible_text(table)


def test_project_history_export_shows_withheld_rating_in_words(chain):
    _, out, *_ = chain
    with (out / "tables" / "prosjekthistorikk.csv").open(encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r["id"] == "2"]
    assert len(rows) == 4
    assert {r["status"] for r in rows} == {WITHHELD} and {r["risiko"] for r in rows} == {WITHHELD}
