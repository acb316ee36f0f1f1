"""Issue 22: the website (``ehp build --site``), its accessibility, the PDF's metadata and the open data.

One build of the embedded 2020-01 (with a hostile project name, see test_report_e2e.copy_project) with the PDF
and the site is shared by every test here; axe-core (pinned in tests/axe, installed by ``.ci/run`` with ``npm ci``)
runs on every page of the site and on ``report.html`` in one browser session, failing on any violation of the
WCAG 2.0/2.1 A and AA rules. Expected values are counted from the submission files, not from the code's output.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from ehp_analysis.report.page import external_resources
from ehp_analysis.report.pdf import CHROMIUM_FLAGS
from tests.test_report_e2e import SCRIPT

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _source_rows(period: str = "2020-01") -> list[dict]:
    with open(ROOT / "data" / period / "prosjekter.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def site_build(site_2020):
    """(project root, period folder) of the session's 2020-01 build with the site (conftest.site_2020)."""
    root, result = site_2020
    return root, result.output_dir


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    return site_build[1] / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ------------------------------------------------------------------------------------------ the folder


def test_the_site_has_every_chapter_the_tiltak_pages_and_the_open_data(site):
    source = _source_rows()
    names = {p.relative_to(site).as_posix() for p in pages(site)}
    chapters = [line.split(":", 1)[1].strip() for line in
                (ROOT / "notebooks" / "chapters.yaml").read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("- file:")]
    assert {f"{c}.html" for c in chapters} <= names
    assert {f"tiltak/{row['id']}.html" for row in source} | {"index.html", "tiltak/index.html"} <= names
    assert (site / "rapport.pdf").is_file()
    assert {"prosjekter.csv", "avhengigheter.csv", "historikk.csv", "datapackage.json", "dcat.jsonld"} <= {
        p.name for p in (site / "apne-data").iterdir()}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/portefolje/2020-01/tiltak/188.html</loc>" in sitemap
    assert sitemap.count("<loc>") == len(names)


def test_every_page_stands_alone_links_inside_the_folder_and_stays_small(site):
    titles = set()
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        assert path.stat().st_size < 1_000_000, path
        assert '<html lang="nb">' in html
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title not in titles, f"{path}: same title as another page"
        titles.add(title)
        assert re.search(r'<meta name="description" content="[^"]+">', html)
        assert "Data per 17. januar 2020" in html and "Publisert 3. februar 2020" in html
        # What a browser fetches is in the folder: relative, never an address elsewhere or from the server's root.
        assert [r for r in external_resources(html) if re.search(r"=(?:[a-z]+:|/)", r)] == [], path
        for href in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not re.match(r"^(?:[a-z]+:|/)", href) or href.startswith("data:"), f"{path}: {href[:80]}"
            target = href.split("#")[0]
            if target and not href.startswith("data:"):
                assert (path.parent / target).exists(), f"{path}: broken link {href}"
        assert SCRIPT not in html  # the hostile name is text on every page


def test_two_site_builds_give_the_same_bytes(site_build, tmp_path):
    from ehp_analysis.config import load_chain
    from ehp_analysis.chapter_list import load_chapters
    from ehp_analysis.site import write_site
    from ehp_analysis.validate import load_period

    root, output = site_build
    chain_params = load_chain("2020-01", root)
    chain = [load_period(p.period, root) for p in chain_params]
    again = output / "site-igjen"
    write_site(again, params=chain_params[-1], chain=chain, chapter_title=load_chapters(root).title)
    first = {p.relative_to(output / "site"): p.read_bytes() for p in (output / "site").rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    shutil.rmtree(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("target", ["tiltak-1/../../x", "tiltak-2.5", "tiltak-<script>", "tiltak-"])
def test_an_id_that_is_not_a_whole_number_never_becomes_a_file(target):
    from ehp_analysis.site.pages import link_target, split_report

    page = (f'<main><section aria-labelledby="v-tittel" class="ehp-chapter" id="v"><h2 id="v-tittel">V</h2>'
            f'<div class="ehp-opaque ehp-tiltaksoversikt"><article class="ehp-tiltak" id="{target}">'
            f"<h3>x</h3></article></div><!--/ehp-opaque--></section></main>")
    assert split_report(page).articles == {}
    assert link_target(target, {}, {1, 2}, up="", here="index.html") is None


def test_every_figure_has_its_numbers_and_every_header_cell_its_scope(site_build):
    report = (site_build[1] / "report.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="ehp-figure".*?</figure>', report, re.S)
    assert len(figures) == len(list((site_build[1] / "figures").glob("*.png"))) > 0
    for figure in figures:
        assert re.search(r'<img [^>]*alt="[^"]+"', figure)
        assert re.search(r'<details class="ehp-figure-numbers"><summary>Vis tallene</summary>.*?<table', figure, re.S)
    for path in [site_build[1] / "report.html", *pages(site_build[1] / "site")]:
        html = path.read_text(encoding="utf-8")
        assert [th for th in re.findall(r"<th\b[^>]*>", html) if "scope=" not in th] == [], path
        levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), path  # headings in order


# ------------------------------------------------------------------------------------------- the PDF


def test_the_pdf_has_title_language_and_a_bookmark_per_chapter(site_build):
    from pypdf import PdfReader

    reader = PdfReader(site_build[1] / "site" / "rapport.pdf")
    assert reader.metadata.title == "Nasjonal e-helseportefølje – Januar 2020"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert root["/MarkInfo"]["/Marked"]  # tagged

    def titles(items):
        for item in items:
            yield from (titles(item) if isinstance(item, list) else [item.title])

    bookmarks = list(titles(reader.outline))
    for expected in ("1 Oppsummering", "4 Status og risiko", "Vedlegg 3 – Tiltaksoversikt"):
        assert expected in bookmarks


# --------------------------------------------------------------------------------------- the open data


def test_the_data_package_is_valid_frictionless(site):
    from frictionless import validate

    report = validate(site / "apne-data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((site / "apne-data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "NLOD-2.0"
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert schemas["prosjekter"]["primaryKey"] == ["id"]
    assert schemas["historikk"]["primaryKey"] == ["periode", "id"]
    assert schemas["avhengigheter"]["foreignKeys"][0]["reference"] == {"resource": "prosjekter", "fields": "id"}


def test_the_csv_holds_the_values_as_written(site):
    source = {row["id"]: row for row in _source_rows()}
    with open(site / "apne-data" / "prosjekter.csv", encoding="utf-8", newline="") as fh:
        text = fh.read()
    assert not text.startswith("\ufeff")
    rows = {row["id"]: row for row in csv.DictReader(text.splitlines())}
    assert rows.keys() == source.keys()
    assert rows["11"]["budsjett"] == "31.5" and rows["11"]["totalkostnad"] == "210"  # decimal point, as written
    assert rows["188"]["navn"] == f"Neste generasjon {SCRIPT}"  # no spreadsheet escaping: for machines
    with open(site / "apne-data" / "historikk.csv", encoding="utf-8", newline="") as fh:
        history = list(csv.DictReader(fh))
    assert {r["periode"] for r in history} == {"2019-10", "2020-01"}
    assert len(history) == len(_source_rows("2019-10")) + len(_source_rows("2020-01"))


def test_the_dcat_description_has_the_mandatory_properties(site):
    dataset = json.loads((site / "apne-data" / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dataset["@type"] == "dcat:Dataset"
    for key in ("dct:title", "dct:description", "dct:publisher", "dcat:distribution", "dct:license", "dct:temporal"):
        assert dataset.get(key), key
    assert dataset["dct:license"]["@id"] == "https://data.norge.no/nlod/no/2.0"
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2019-10-01"
    assert dataset["dct:temporal"]["dcat:endDate"]["@value"] == "2020-01-17"
    urls = {d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]}
    assert "https://example.org/portefolje/2020-01/apne-data/prosjekter.csv" in urls


def test_withheld_values_are_absent_from_the_open_data(tmp_path):
    """tests/gbp_chain.py: project 2's status and risk are withheld in every period; here its budget and a
    status comment in 2024-03 too. Nothing of them is in apne-data/."""
    from ehp_analysis.config import load_chain
    from ehp_analysis.site.opendata import write_open_data
    from ehp_analysis.validate import load_period
    from tests.gbp_chain import PERIODS, write_gbp_chain

    write_gbp_chain(tmp_path)
    path = tmp_path / "data" / PERIODS[-1] / "prosjekter.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == "2":
            row.update(budsjett="u.off.", statuskommentar="Hemmelig begrunnelse")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    chain = [load_period(p.period, tmp_path) for p in load_chain(PERIODS[-1], tmp_path)]
    written = write_open_data(tmp_path / "apne-data", chain, title="t", description="d", publisher="p",
                              cutoff="2024-03-15", site_url=None)
    assert "avhengigheter.csv" not in written  # no dependency file in any period of the chain
    text = (tmp_path / "apne-data" / "prosjekter.csv").read_text(encoding="utf-8")
    two = next(r for r in csv.DictReader(text.splitlines()) if r["id"] == "2")
    assert (two["status"], two["risiko"], two["budsjett"], two["statuskommentar"]) == ("", "", "", "")
    assert "Hemmelig" not in text and "unntatt" not in text.lower() and "u.off" not in text
    history = (tmp_path / "apne-data" / "historikk.csv").read_text(encoding="utf-8")
    rows_two = [r for r in csv.DictReader(history.splitlines()) if r["id"] == "2"]
    assert [r["periode"] for r in rows_two] == list(PERIODS)
    assert {(r["status"], r["risiko"]) for r in rows_two} == {("", "")}
    assert [r["budsjett"] for r in rows_two] == ["30", "30", "30", ""]
    assert "unntatt" not in history.lower()


# ------------------------------------------------------------------------------------ in the browser


@pytest.fixture(scope="session")
def browser():
    if not AXE.is_file():
        pytest.fail(f"axe-core mangler ({AXE}). Kjør .ci/run, eller: npm ci --prefix tests/axe", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()


def _offline_page(browser, problems: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:"))
                  else (problems.append(r.request.url), r.abort()))
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"skriptfeil: {exc}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return context, page


AXE_RUN = ("(tags) => { window.ehpAxe = axe.run(document, {runOnly: {type: 'tag', values: tags}, "
           "resultTypes: ['violations']}).then(r => r.violations.map(v => v.id + ': ' + "
           "v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))); }")


def test_axe_finds_no_violation_on_any_page_or_in_the_report(site_build, browser):
    """report.html (a few megabytes: axe's contrast rule alone takes most of the time) is checked in its own tab
    while the site's pages are checked two at a time in two others."""
    site = site_build[1] / "site"
    script = AXE.read_text(encoding="utf-8")
    problems: list[str] = []
    context, page = _offline_page(browser, problems)
    report_page = context.new_page()
    report_page.goto((site_build[1] / "report.html").as_uri(), wait_until="load")
    report_page.add_script_tag(content=script)
    report_page.evaluate(AXE_RUN, WCAG_TAGS)  # runs on while the pages below are checked
    found = {}
    tabs = [page, context.new_page()]  # two pages at a time: axe runs in each tab's own renderer
    todo = pages(site)
    for start in range(0, len(todo), len(tabs)):
        batch = list(zip(tabs, todo[start:start + len(tabs)]))
        for tab, path in batch:
            tab.goto(path.as_uri(), wait_until="load")
            tab.add_script_tag(content=script)
            tab.evaluate(AXE_RUN, WCAG_TAGS)
        for tab, path in batch:
            violations = tab.evaluate("() => window.ehpAxe")
            if violations:
                found[path.relative_to(site).as_posix()] = violations
    report = report_page.evaluate("() => window.ehpAxe")
    if report:
        found["report.html"] = report
    context.close()
    assert found == {}
    assert problems == []


def test_the_tiltak_filter_works_by_keyboard_alone(site, browser):
    source = _source_rows()
    red = sum(row["status"] == "rød" for row in source)
    problems: list[str] = []
    context, page = _offline_page(browser, problems)
    page.goto((site / "tiltak" / "index.html").as_uri(), wait_until="load")

    def visible() -> int:
        return page.locator("#project-table tbody tr:not([hidden])").count()

    assert visible() == len(source)
    for _ in range(80):  # from the top of the page to the search field with Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-q":
            break
    assert page.evaluate("document.activeElement.id") == "filter-q"
    page.keyboard.type("neste generasjon")
    assert visible() == 1
    assert page.locator("#project-count").inner_text() == f"Viser 1 av {len(source)} tiltak"
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert visible() == len(source)
    while page.evaluate("document.activeElement.id") != "filter-status":
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    options = page.evaluate("[...document.activeElement.options].map(o => o.value)")
    for _ in range(options.index("rød")):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "rød"
    assert visible() == red
    context.close()
    assert problems == []


def test_the_sortable_tables_work_on_the_site_pages(site, browser):
    """The interactive tables' scripts are files of the site (tabeller*.js), loaded by the pages that need them."""
    problems: list[str] = []
    context, page = _offline_page(browser, problems)
    page.goto((site / "vedlegg-1-prosjekter.html").as_uri(), wait_until="load")
    page.wait_for_selector("table[data-ehp-interaktiv='klar']", state="attached", timeout=60_000)
    assert page.locator("#tab-vedlegg-1-prosjekter tbody tr").count() == len(_source_rows())
    context.close()
    assert problems == []
