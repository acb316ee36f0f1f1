"""End to end: a period in GBP after one in kroner (input-template.md, "Currency").

Two synthetic periods in a temporary root: the first says no ``currency:`` (NOK), the second ``currency: "GBP"``.
The built report, its tables, figures and key figures must word every amount in GBP (never "kr", "krone" or
"kroner"), and compare no amount with the period in kroner, saying why, while counts, status and risk still
compare.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ehp_analysis.report.build import build_periods
from ehp_analysis.synthetic import generate_history, write_history

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
KRONER = re.compile(r"\bkr\b|\bkroner?\b", re.IGNORECASE)
WHY = "Beløp i ulike valutaer sammenlignes ikke"


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def gbp(tmp_path_factory):
    root = tmp_path_factory.mktemp("gbp")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    previous, current = write_history(generate_history(40, 2, seed=19), root)
    with (root / "parameters" / f"{current}.yaml").open("a", encoding="utf-8") as fh:
        fh.write('currency: "GBP"\n')
    [result] = build_periods([current], root=root, jobs=2, cache=False)
    soup = BeautifulSoup(result.report.read_text(encoding="utf-8"), "html.parser")
    chapters = {s.get("id", ""): s for s in soup.select("section")}
    return root / "outputs" / current, previous, soup, chapters


def _chapter(chapters: dict, start: str):
    return next(s for i, s in chapters.items() if i.startswith(start))


def test_no_word_says_kroner(gbp):
    out, _, soup, _ = gbp
    words = _text(soup.body)
    assert not KRONER.findall(words)
    assert "mill. GBP" in words
    alts = [img.get("alt", "") for img in soup.select("img")]
    assert alts and not [a for a in alts if KRONER.search(a)]
    assert any("mill. GBP" in a for a in alts)
    headers = []
    for path in sorted((out / "tables").glob("*.csv")) + sorted((out / "figures").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            headers += next(csv.reader(fh, delimiter=";"), [])
    assert not [h for h in headers if KRONER.search(h)]
    assert "Budsjett (mill. GBP)" in headers


def test_key_figures_name_the_currency_and_bridge_nothing(gbp):
    out, _, _, _ = gbp
    kf = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    assert kf["currency"] == "GBP" and kf["previous"]["currency"] == "NOK"
    assert kf["budget"]["bridge"] is None and kf["costs"]["maintenance_change"] is None
    assert kf["previous"]["budget"]["total"] is not None  # the previous period's own amounts are kept


@pytest.mark.parametrize("chapter", ["oppsummering", "om-portefoljen", "strategi", "kostnader-og-gevinster"])
def test_each_chapter_that_compares_amounts_says_why_it_does_not(gbp, chapter):
    _, previous, _, chapters = gbp
    words = _text(_chapter(chapters, chapter))
    assert WHY in words
    assert words.count(WHY) == 1 + ("Utvikling over tid" in words)  # once, and once more for the history


def test_no_amount_is_compared_but_counts_are(gbp):
    out, previous, _, chapters = gbp
    about = _text(_chapter(chapters, "om-portefoljen"))
    assert "Fra forrige periodes budsjett til dette" not in about and not (out / "figures" / "budsjettbro.png").exists()
    assert "Budsjett forrige" not in about and "Prosjekter forrige" in about  # owner groups: counts only
    status = _text(_chapter(chapters, "status-og-risiko"))
    assert "Periodene har beløpene i ulik valuta, så budsjettene sammenlignes ikke." in status
    assert "Budsjett (mill" not in status.split("Endringer siden forrige periode")[-1].split("Status mot risiko")[0]
    with (out / "figures" / "budsjett-over-tid.csv").open(encoding="utf-8-sig", newline="") as fh:
        drawn = list(csv.DictReader(fh, delimiter=";"))
    assert [row[next(iter(row))] for row in drawn] != [] and len(drawn) == 1  # only the period in GBP
