"""End to end: the real chapters build the 2020-01 report from the embedded data.

One build (in a copy of the project, so the developer's outputs/ and cache are untouched) is shared
by the checks below. Expected figures are the published report's, typed in.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from ehp_analysis.report.assemble import external_resources
from ehp_analysis.report.build import build_periods

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"

pytestmark = pytest.mark.slow


def copy_project(dst: Path) -> Path:
    for folder in ("notebooks", "parameters", "data"):
        shutil.copytree(ROOT / folder, dst / folder)
    # A hostile project name from a submitting organisation must stay text.
    csv = dst / "data" / "2020-01" / "prosjekter.csv"
    text = csv.read_text(encoding="utf-8")
    assert "188,Neste generasjon nød- og beredskapskommunikasjon," in text
    csv.write_text(text.replace("188,Neste generasjon nød- og beredskapskommunikasjon,",
                                f'188,"Neste generasjon {SCRIPT}",'), encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("e2e"))
    lines: list[str] = []
    [result] = build_periods(["2020-01"], root=root, jobs=2, cache=False, progress=lines.append, deck=True)
    html = result.report.read_text(encoding="utf-8")
    return root, result, html, BeautifulSoup(html, "html.parser"), lines


def visible_text(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" ")).replace("\u00a0", " ")


def test_all_chapters_and_appendices_in_order(built):
    _, result, _, soup, lines = built
    text = visible_text(soup)
    for title in ("1 Oppsummering", "2 Om nasjonal e-helseportefølje", "3 Realisering av nasjonal e-helsestrategi",
                  "4 Status og risiko", "5 Totale kostnader og gevinster", "6 Avhengigheter og forutsetninger",
                  "7 Arkitekturvurdering", "Vedlegg 1 – Nasjonal e-helseportefølje", "Vedlegg 2 – Datakvalitet",
                  "Vedlegg 3 – Tiltaksoversikt"):
        assert title in text, title
    assert len(lines) == 10 and lines[0].startswith("[2020-01] 1/10 oppsummering")
    assert result.report.name == "report.html"


def test_at_least_six_numbered_figures_with_alt_text(built):
    _, _, _, soup, _ = built
    figures = soup.select("figure.ehp-figure")
    assert len(figures) >= 6
    numbers = [f.select_one(".ehp-fig-num").get_text() for f in figures]
    assert numbers == [str(i) for i in range(1, len(figures) + 1)]
    for f in figures:
        alt = f.img.get("alt", "")
        assert len(alt) > 30 and re.search(r"\d", alt), alt  # says what it shows and its main number
        assert f.img["src"].startswith("data:image/png;base64,")


def test_published_figures_are_visible_in_the_text(built):
    _, _, _, soup, _ = built
    text = visible_text(soup)
    for phrase in (
        "54 prosjekter, like mange som i oktober 2019. Siden da har tre prosjekter kommet til og tre gått ut.",
        "1,65 milliarder kroner (1,73 milliarder i oktober 2019)",
        "56 % av prosjektene rapporterer gul status, mot 44 % i oktober 2019",
        "43 % rapporterer grønn status, mot 56 % i oktober 2019",
        "Prosjektet med rød status er Regionalt laboratoriesystem (Helse Sør-Øst RHF).",
        "Fordelingen på risiko er uendret fra oktober 2019: 67 % av prosjektene melder gul risiko, 31 % grønn og 2 %"
        " rød.",
        "Prosjektet med rød risiko er Robust Mobilt Helsenett (Helse Nord RHF).",
        "9,2 milliarder kroner (uendret fra oktober 2019)",
        "Sju av de 54 prosjektene (13 %) har ikke rapportert totale prosjektkostnader (17 % i oktober 2019)",
        "129 avhengigheter (132 i oktober 2019)",
        "Åtte avhengigheter er uavklarte (rød status).",
        "Elleve prosjekter har ikke rapportert budsjett.",
        "Det er tre nye prosjekter i porteføljen ved denne rapporteringen.",
        "Tre prosjekter har gått ut av porteføljen siden oktober 2019.",
        "405 mill. kroner, noe som er en økning på 10 mill. kroner siden oktober 2019",
        "Samlet budsjett har gått ned med 80 mill. kroner, fra 1,73 milliarder i oktober 2019 til 1,65 milliarder nå.",
        "Størst økning har Helsedataprogrammet (Direktoratet for e-helse) med 75 mill.",
        "Flere prosjekter har fått dårligere enn bedre status, og forskjellen er større enn tilfeldig variasjon skulle"
        " tilsi (fortegnstest, p = 0,039, n = 12).",
        "Mangel på ressurser",
        "59 % av avhengighetene har høy kritikalitet",
        "30 % av prosjektene rapporterer at det er en forutsetning",
        "44 % av prosjektene rapporterer at de har kvantifiserbare gevinster (41 % i oktober 2019)",
        "26 % har kvantifiserbare gevinster på over 100 mill. (24 % i oktober 2019)",
        "Helse Vest RHF (2 programmer, 3 prosjekter)",
        "Direktoratet for e-helse (4 programmer, 6 prosjekter)",
        "KS/kommunene (3 prosjekter)",
        "Leveranse av DIPS Arena (1)",
    ):
        assert phrase in text, phrase
    assert re.search(r"405 mill\.", text) and "Helsedataprogrammet" in text
    for machine in ("i året", "Fra 1,73 milliarder", "har rød status (uavklart)", "En eksakt tosidig fortegnstest",
                    "denne perioden rapporterer budsjett", "innsatsomrade", "mot 67 % i oktober 2019"):
        assert machine not in text, machine


def test_generated_text_passes_the_spelling_and_grammar_checks(built):
    from tests.test_language import check_built_report

    root, _, _, soup, _ = built
    check_built_report(soup, root, ["2020-01", "2019-10"])


def test_report_is_self_contained_and_has_no_code(built):
    _, _, html, soup, _ = built
    assert external_resources(html) == []
    assert soup.html["lang"] == "nb"
    assert len(soup.find_all("h1")) == 1
    assert not soup.select(".jp-InputArea, .input_area, .jp-InputPrompt, .prompt, .input_prompt")
    assert "In [" not in soup.get_text()


def test_table_of_contents_links_resolve(built):
    _, _, _, soup, _ = built
    links = [a["href"] for a in soup.select("nav a[href^='#']")]
    assert len(links) >= 9
    for href in links:
        assert soup.find(id=href[1:]) is not None, href


def test_hostile_project_name_stays_text(built):
    _, _, html, soup, _ = built
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT in soup.get_text()


def test_outputs_written(built):
    _, result, _, _, _ = built
    out = result.output_dir
    figures = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    assert figures["period"] == "2020-01" and figures["projects"]["count"] == 54
    assert 1645 <= figures["budget"]["total"] < 1655
    assert len(list((out / "figures").glob("*.png"))) >= 6
    assert len(list((out / "figures").glob("*.csv"))) == len(list((out / "figures").glob("*.png")))
    assert (out / "tables" / "vedlegg-1-prosjekter.csv").is_file()
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == sorted(
        p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert "data/2020-01/prosjekter.csv" in record["inputs"] and record["versions"]["pandas"]


def test_the_deck_is_written_with_the_key_figures_numbers(built):
    """``--deck`` from a clean copy: nuit-2020-01.pptx beside the report, its numbers those of key_figures.json
    (tests/test_deck.py checks every slide in detail, without kernels)."""
    from pptx import Presentation

    _, result, _, _, _ = built
    figures = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))
    prs = Presentation(str(result.output_dir / "nuit-2020-01.pptx"))
    [status] = [s for s in prs.slides if s.shapes.title.text == "Status og risiko nå og før"]
    [chart] = [shape.chart for shape in status.shapes if shape.has_chart]
    assert list(chart.plots[0].series[2].values)[0] == figures["status"]["counts"]["rød"]
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 2 and all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)
    red = [s for s in prs.slides if s.shapes.title.text == "Prosjekter med rød status eller risiko"]
    assert red and "nuit-2020-01.pptx" in result.summary()


def test_history_of_the_chain_of_two(built):
    """The embedded 2020-01's history is its chain of two periods: chapter 2's "Utvikling over tid", Vedlegg 3 and
    its CSV, every Vedlegg 1 name linked to its entry."""
    _, result, _, soup, _ = built
    text = visible_text(soup.select_one("section#om-portefoljen"))
    assert "Figurene og tabellen viser de to periodene fra oktober 2019 til januar 2020." in text
    assert [f["id"] for f in soup.select("section#om-portefoljen figure")][-4:] == [
        "fig-prosjekter-over-tid", "fig-budsjett-over-tid", "fig-status-over-tid", "fig-risiko-over-tid"]
    entries = soup.select("section#vedlegg-3-tiltaksoversikt article.ehp-tiltak")
    assert len(entries) == 54 and [e["id"] for e in entries][:2] == ["tiltak-5", "tiltak-11"]
    links = soup.select("#tab-vedlegg-1-prosjekter tbody a[href^='#tiltak-']")
    assert len(links) == 54 and all(soup.find(id=a["href"][1:]) is not None for a in links)
    # 183 joined in 2020-01: one period in its timeline; 5 was in both
    assert len(soup.select("#tiltak-183 table.ehp-tiltak-tid thead th")) == 2
    assert len(soup.select("#tiltak-5 table.ehp-tiltak-tid thead th")) == 3
    history = pd.read_csv(result.output_dir / "tables" / "prosjekthistorikk.csv", sep=";", decimal=",",
                          encoding="utf-8-sig")
    assert list(history.columns) == ["periode", "id", "navn", "status", "risiko", "budsjett", "totalkostnad"]
    assert history.groupby("periode")["id"].count().to_dict() == {"2019-10": 54, "2020-01": 54}
    # sums of the budsjett column as written in the data files (tests/test_history.py has them term by term)
    assert history.groupby("periode")["budsjett"].sum().round(3).to_dict() == {"2019-10": 1730.5, "2020-01": 1650.505}


def test_appendix_rows_and_amounts_as_reported(built):
    _, _, _, soup, _ = built
    table = soup.select_one("#tab-vedlegg-1-prosjekter")
    rows = table.select("tbody tr")
    assert len(rows) == 54
    text = visible_text(table)
    for amount in ("2,075", "6,15", "0,98", "31,5", "260"):
        assert amount in text, amount
    # total cost too, as reported (an office that collects no annual budget still needs one amount per project)
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers[-2:] == ["Budsjett (mill.)", "Totalkostnad (mill.)"]


@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_every_notebook_runs_with_its_defaults(notebook, tmp_path_factory, monkeypatch):
    """An analyst opens the chapter in Jupyter and runs it top to bottom as it is."""
    root = tmp_path_factory.getbasetemp() / "defaults"
    if not root.exists():
        root.mkdir()
        for folder in ("notebooks", "parameters", "data"):
            shutil.copytree(ROOT / folder, root / folder)
    monkeypatch.setenv("EHP_ROOT", str(root))
    nb = nbformat.read(root / "notebooks" / notebook, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(root / "notebooks")}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert not (root / "outputs").exists()  # with no output_dir, iterating in Jupyter writes nothing
