"""End to end across the switch of template and strategy, and the example history (slow: kernels start).

The six-period chain of tests/test_template_versions.py (three 2020-template periods against 2017-2022, then three
2023-template periods against 2023-2030) built with ``ehp build --all``; the reports must read right across the
switch: no area is compared with a goal, while counts, budget and status still compare.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.cli import main

from .test_language import check_built_report, raw_codes
from .test_template_versions import write_chain

pytestmark = pytest.mark.slow


def _chapter(soup: BeautifulSoup, title: str):
    for section in soup.select("section.ehp-chapter"):
        heading = section.find(["h1", "h2"])
        if heading is not None and title in heading.get_text(" "):
            return section
    raise AssertionError(f"no chapter {title!r}")


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _headers(tag) -> set[str]:
    return {" ".join(th.get_text(" ").split()) for th in tag.select("th")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_chain(tmp_path_factory.mktemp("chain"), notebooks=True)
    assert main(["--root", str(root), "build", "--all", "--jobs", "2"]) == 0
    reports = {p: BeautifulSoup((root / "outputs" / p / "report.html").read_text(encoding="utf-8"), "html.parser")
               for p in ("2022-09", "2023-01", "2023-05", "2023-09")}
    return root, reports


def test_the_newest_periods_key_figures_match_the_hand_computation(built):
    root, _ = built
    kf = json.loads((root / "outputs" / "2023-09" / "key_figures.json").read_text(encoding="utf-8"))
    # As worked out in test_template_versions.test_six_period_chain_key_figures: main goals 2, 2, 4, 1, 4, 3 for
    # ids 1-6; other goals 1: 4, 3: 1|2, 4: 5, 6: 2; budgets 100, 50,5, –, 20, withheld, 30.
    assert kf["strategy"]["version"] == "2023-2030"
    assert kf["projects"]["by_goal"] == {"1": 1, "2": 2, "3": 1, "4": 2, "5": 0}
    assert kf["projects"]["supporting_goal"] == {"1": 2, "2": 4, "3": 1, "4": 3, "5": 1}
    assert kf["budget"]["by_goal"] == {"1": 20.0, "2": 150.5, "3": 30.0, "4": None, "5": 0.0}
    assert "by_strategic_area" not in kf["budget"] and "by_focus_area" not in kf["budget"]


def test_the_switch_period_says_so_and_compares_no_area_with_a_goal(built):
    root, reports = built
    soup = reports["2023-01"]
    chapter = _chapter(soup, "Realisering av nasjonal e-helsestrategi")
    said = _text(chapter)
    assert ("Porteføljen rapporteres nå mot Nasjonal e-helsestrategi 2023–2030 med sine fem strategiske mål; i "
            "september 2022 ble den rapportert mot Nasjonal e-helsestrategi 2017–2022 med sine seks "
            "satsningsområder.") in said
    assert "så kapitlet sammenligner ikke fordelingen med forrige periode" in said
    # The goals, and nothing of the previous period's areas or a "before" column
    assert {"Mål", "Strategisk mål", "Hovedmål for", "Støtter målet i alt", "Budsjett (mill.)"} <= _headers(chapter)
    assert not any("forrige" in h.casefold() or "endring" in h.casefold() for h in _headers(chapter))
    assert "Innsatsområde" not in _headers(chapter) and "1.1" not in said
    figure = pd.read_csv(root / "outputs" / "2023-01" / "figures" / "budsjett-per-strategisk-mal.csv", sep=";",
                         dtype=str)
    assert set(figure["period"]) == {"2023-01"}
    # 2023-01: 2 (Akson) has goal 2 and 50 mill. in the section "Enklere arbeidshverdag": 1 and 2, 100 + 50
    assert "To prosjekter har målet som hovedmål, med samlet budsjett for 2023 på 150 mill. kroner." in said
    # Counts, budget and status still compare (5 projects and 255 mill. in September 2022)
    summary = _text(_chapter(soup, "Oppsummering"))
    assert "består av seks prosjekter (5 i september 2022)" in summary
    assert "Samlet innrapportert budsjett for 2023 er per januar på 263 mill. kroner (255 mill. i september 2022)" \
        in summary
    status = _text(_chapter(soup, "Status og risiko"))
    assert "Periodene bruker ulik strategi, så mål og satsningsområder sammenlignes ikke." in status
    appendix = _chapter(soup, "Vedlegg 1")
    assert "Strategisk mål" in _headers(appendix) and "Innsatsområde" not in _headers(appendix)
    assert "sortert etter strategisk mål og ID" in _text(appendix)
    quality = _text(_chapter(soup, "Vedlegg 2"))
    assert "Innsatsområde" not in quality and "Planlagt slutt" in quality
    assert raw_codes(soup) == []
    check_built_report(soup, root, ["2023-01", "2022-09"])


def test_goals_compare_within_the_2023_strategy(built):
    root, reports = built
    chapter = _chapter(reports["2023-05"], "Realisering av nasjonal e-helsestrategi")
    said = _text(chapter)
    assert "Budsjett forrige (mill.)" in _headers(chapter) and "Støtter målet i alt, forrige" in _headers(chapter)
    assert "rapporteres nå mot" not in said
    # From January to May: Akson (2) goal 2 -> 3, Helsedata (3) 3 -> 4, Digital hjemmeoppfølging (6) 1 -> 3
    assert ("Tre prosjekter har byttet hovedmål siden januar 2023: Akson (Direktoratet for e-helse) fra 2 Enklere "
            "arbeidshverdag til 3 Helsedata til fornying og forbedring; Helsedata (Folkehelseinstituttet) fra 3 "
            "Helsedata til fornying og forbedring til 4 Tilgjengelig informasjon og styrket samhandling og Digital "
            "hjemmeoppfølging (Oslo kommune) fra 1 Aktiv medvirkning i egen og næres helse til 3 Helsedata til "
            "fornying og forbedring.") in said
    figure = pd.read_csv(root / "outputs" / "2023-05" / "figures" / "budsjett-per-strategisk-mal.csv", sep=";",
                         dtype=str)
    assert set(figure["period"]) == {"2023-01", "2023-05"}
    check_built_report(reports["2023-09"], root, ["2023-09", "2023-05"])
    assert raw_codes(reports["2023-09"]) == []


def test_the_2020_periods_keep_their_areas(built):
    _, reports = built
    chapter = _chapter(reports["2022-09"], "Realisering av nasjonal e-helsestrategi")
    assert "Innsatsområde" in _headers(chapter) and "Budsjett forrige (mill.)" in _headers(chapter)
    assert "strategiske mål" not in _text(chapter)
    assert not reports["2022-09"].select(".ehp-example")  # the office's own data: no example banner


def test_the_demo_says_example_data_on_every_page(tmp_path):
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--jobs", "2"]) == 0
    html = (folder / "outputs" / "2023-10" / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # On screen: a bar that stays at the top of every screenful; the title page's notes say it in full.
    (bar,) = soup.select("div.ehp-example")
    assert bar.get_text() == "Eksempeldata – ikke virkelige prosjekter"
    assert "position: sticky" in html
    notes = [_text(n) for n in soup.select("header .ehp-note")]
    assert notes[0].startswith("Eksempeldata: rapporten er laget av syntetiske data")
    # On paper: every page's header and footer (CSS margin boxes; the text is escaped for CSS)
    style = soup.find("style").get_text()
    header = re.search(r"@top-center \{ content: \"([^\"]*)\"", style).group(1)
    footer = re.search(r"@bottom-left \{ content: \"([^\"]*)\"", style).group(1)
    unescape = lambda s: re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), s)  # noqa: E731
    assert unescape(header) == "Eksempeldata – ikke virkelige prosjekter"
    assert unescape(footer).endswith("Oktober 2023 – Eksempeldata – ikke virkelige prosjekter")
    # The demo reports against the 2023-2030 goals in its newest period
    chapter = _text(_chapter(soup, "Realisering av nasjonal e-helsestrategi"))
    assert "Nasjonal e-helsestrategi 2023–2030 har fem strategiske mål" in chapter
    # The same demo in nynorsk (one more build of its newest period, in the same folder): every generated sentence
    assert main(["--root", str(folder), "build", "2023-10", "--malform", "nynorsk", "--jobs", "2"]) == 0
    from .test_nynorsk_build import check_nynorsk_report

    nynorsk = (folder / "outputs" / "2023-10" / "report.html").read_text(encoding="utf-8")
    from ehp_analysis.config import list_periods

    # every period of the chain: the chapters name dependencies and projects from all of them
    check_nynorsk_report(BeautifulSoup(nynorsk, "html.parser"), folder, list_periods(folder))


def test_the_newest_periods_history_matches_the_hand_computation(built):
    """history.* of 2023-09 across the switch, worked out from the rows of test_template_versions.CHAIN.

    Ids per period: 2022-01 1-4; 2022-05 1-5; 2022-09 1, 2, 3, 5, 6 (4 out); 2023-01 1, 2, 3, 5, 6, 7;
    2023-05 1-6 (4 back, 7 out); 2023-09 1-6. Budgets: 90+40+25+10 = 165; 95+45+25+10+60 = 235;
    100+50+30+60+15 = 255; 100+50+30+60+15+8 = 263; 110+50+30+12+60+15 = 277; 100+50,5+20+30 = 200,5 (3 empty,
    5 withheld: two not reported).
    """
    root, reports = built
    kf = json.loads((root / "outputs" / "2023-09" / "key_figures.json").read_text(encoding="utf-8"))
    periods = ["2022-01", "2022-05", "2022-09", "2023-01", "2023-05", "2023-09"]
    assert kf["history"] == {
        "periods": periods,
        "projects_count": dict(zip(periods, [4, 5, 5, 6, 6, 6])),
        "joined_count": dict(zip(periods[1:], [1, 1, 1, 1, 0])),
        "left_count": dict(zip(periods[1:], [0, 1, 0, 1, 0])),
        "budget_total": dict(zip(periods, [165, 235, 255, 263, 277, 200.5])),
        "budget_not_reported_count": dict(zip(periods, [0, 0, 0, 0, 0, 2])),
        "status_counts": dict(zip(periods, [{"grønn": 3, "gul": 1, "rød": 0}, {"grønn": 4, "gul": 1, "rød": 0},
                                            {"grønn": 3, "gul": 2, "rød": 0}] + [{"grønn": 4, "gul": 2, "rød": 0}] * 3)),
        "risk_counts": dict(zip(periods, [{"grønn": 2, "gul": 2, "rød": 0}, {"grønn": 3, "gul": 2, "rød": 0},
                                          {"grønn": 4, "gul": 1, "rød": 0}, {"grønn": 5, "gul": 1, "rød": 0},
                                          {"grønn": 4, "gul": 2, "rød": 0}, {"grønn": 4, "gul": 2, "rød": 0}])),
    }
    # 4 came back in 2023-05: joined, but "tilbake", not new; its timeline shows the two periods it was out
    may = reports["2023-05"]
    assert ("Det er ingen nye prosjekter i porteføljen ved denne rapporteringen, og ett prosjekt er tilbake etter"
            " et opphold.") in _text(_chapter(may, "Om nasjonal e-helseportefølje"))
    cells = [_text(td) for td in may.select("#tiltak-4 table.ehp-tiltak-tid tbody tr")[0].select("td")]
    assert cells == ["Grønn", "Grønn", "Ikke med", "Ikke med", "Grønn"]
    # Vedlegg 3 names the main goal in a goal period and the focus area before the switch
    assert "Strategisk mål: 1 " in _text(may.select_one("#tiltak-4"))
    assert "Innsatsområde: 1.1 " in _text(reports["2022-09"].select_one("#tiltak-1"))
