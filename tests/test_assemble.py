"""Assembly of executed chapter notebooks into one report (made-up executed notebooks: no kernel)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.config import parameters_from_mapping
from ehp_analysis.chapter import display
from ehp_analysis.report import assemble
from ehp_analysis.chapter_list import ChapterEntry, ChapterList

PNG = bytes.fromhex("89504e470d0a1a0a")  # a PNG signature is enough for the markup
PARAMS = {"period": "2020-01", "previous_period": "2019-10", "budget_year": 2020, "cutoff": "2020-01-17",
          "strategy": "2017-2022", "reconstructed": True}


def html_output(markup: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": "x"})


def executed(title: str, *items: tuple[str, str]) -> nbformat.NotebookNode:
    """An executed chapter: '# title', parameter cells, then ("fig"|"tab"|"md"|"stderr"|"code", name/text)."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('period = ""', execution_count=1)
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('period = "2020-01"\nhemmelig_parameter = 1', execution_count=2)
    injected.metadata["tags"] = ["injected-parameters"]
    injected.outputs = [nbformat.v4.new_output("stream", name="stdout", text="fra parametercellen")]
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nInnledning til {title}."), params, injected]
    for n, (kind, value) in enumerate(items, start=3):
        if kind == "md":
            cells.append(nbformat.v4.new_markdown_cell(value))
            continue
        cell = nbformat.v4.new_code_cell(f"kildekode_som_ikke_skal_vises_{n}()", execution_count=n)
        if kind == "fig":
            cell.outputs = [html_output(display.figure_html(PNG, name=value, caption=f"Figurtekst {value}",
                                                            alt=f"Alt {value}"))]
        elif kind == "tab":
            import pandas as pd

            cell.outputs = [html_output(display.table_html(pd.DataFrame({"a": [1]}), name=value,
                                                           caption=f"Tabelltekst {value}"))]
        elif kind == "stderr":
            cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=value)]
        elif kind == "html":
            cell.outputs = [html_output(value)]
        cells.append(cell)
    nb.cells = cells
    return nb


CHAPTERS = ChapterList(
    title="Nasjonal e-helseportefølje",
    chapters=(
        ChapterEntry("oppsummering", "Oppsummering"),
        ChapterEntry("status", "Status og risiko", reads="previous"),
        ChapterEntry("vedlegg-1", "Vedlegg 1 – Alle prosjekter", appendix=True),
        ChapterEntry("vedlegg-2", "Datakvalitet", appendix=True),
    ),
)
NOTEBOOKS = {
    "oppsummering": executed("Oppsummering", ("fig", "a"), ("md", "## Nøkkeltall"), ("tab", "t1"),
                             ("stderr", "FutureWarning: støy")),
    "status": executed("Status og risiko", ("md", "## Fordeling"), ("fig", "b"), ("tab", "t2"),
                       ("md", "## Endring\n\n### Detalj"), ("fig", "c")),
    "vedlegg-1": executed("Vedlegg 1 – Alle prosjekter", ("tab", "t3")),
    "vedlegg-2": executed("Vedlegg 2 – Datakvalitet", ("md", "## Mangler"), ("tab", "t4")),
}


def render(chapters: ChapterList = CHAPTERS, notebooks=None, **params) -> BeautifulSoup:
    notebooks = notebooks or NOTEBOOKS
    parts = [(nc, notebooks[nc.file]) for nc in chapters.numbered()]
    page = assemble.render_report(parts, title=chapters.title,
                                  params=parameters_from_mapping({**PARAMS, **params}, Path("/tmp")))
    return BeautifulSoup(page, "html.parser")


@pytest.fixture(scope="module")
def soup() -> BeautifulSoup:
    return render()


def test_page_is_norwegian_with_one_h1_and_a_header(soup):
    assert soup.html["lang"] == "nb"
    assert [h.get_text() for h in soup.find_all("h1")] == ["Nasjonal e-helseportefølje"]
    assert soup.title.get_text() == "Nasjonal e-helseportefølje – Januar 2020"
    header = soup.find("header")
    assert header.find(class_="ehp-subtitle").get_text() == "Januar 2020"
    assert header.find(class_="ehp-cutoff").get_text() == "Rapporten baserer seg på innrapportering per 17. januar 2020."
    assert "rekonstruert" in header.get_text()


def test_no_reconstructed_note_for_real_data():
    assert "rekonstruert" not in render(reconstructed=False).find("header").get_text()


def test_chapters_are_numbered_from_the_list_not_the_notebooks(soup):
    headings = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("section.ehp-chapter > h2")]
    assert headings == ["1 Oppsummering", "2 Status og risiko", "Vedlegg 1 – Alle prosjekter",
                        "Vedlegg 2 – Datakvalitet"]
    assert [s["id"] for s in soup.select("section.ehp-chapter")] == ["oppsummering", "status", "vedlegg-1", "vedlegg-2"]
    # the notebook's own "# Title" is replaced, not repeated
    assert "Oppsummering" not in [h.get_text() for h in soup.find_all(["h3", "h4"])]


def test_sections_numbered_in_chapters_not_in_appendices(soup):
    h3 = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.find_all("h3")]
    assert h3 == ["1.1 Nøkkeltall", "2.1 Fordeling", "2.2 Endring", "Mangler"]
    assert soup.find("h4").get_text() == "Detalj"


def test_toc_links_resolve(soup):
    toc = soup.find("nav", class_="ehp-toc")
    links = [a["href"] for a in toc.find_all("a")]
    assert links[:2] == ["#oppsummering", "#oppsummering-nokkeltall"]
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert all(href.startswith("#") and href[1:] in ids for href in links)
    assert len(links) == 4 + 4
    all_ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))


def test_figures_and_tables_numbered_in_reading_order(soup):
    figures = [(f["id"], f.find(class_="ehp-fig-num").get_text()) for f in soup.select("figure.ehp-figure")]
    assert figures == [("fig-a", "1"), ("fig-b", "2"), ("fig-c", "3")]
    tables = [(t["id"], t.find(class_="ehp-tab-num").get_text()) for t in soup.select("table.ehp-table")]
    assert tables == [("tab-t1", "1"), ("tab-t2", "2"), ("tab-t3", "3"), ("tab-t4", "4")]
    assert soup.select_one("#fig-b figcaption").get_text() == "Figur 2: Figurtekst b"


def test_no_heading_level_is_skipped():
    """Commentary starting with '### X' right under the chapter heading becomes a section (h3)."""
    notebooks = {**NOTEBOOKS, "status": executed("Status og risiko", ("md", "### Generelt\n\n##### Detalj"),
                                                 ("md", "## Fordeling"))}
    soup = render(CHAPTERS, notebooks)
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    status = soup.select_one("section#status")
    assert [h.get_text(" ", strip=True) for h in status.find_all(["h3", "h4"])] == [
        "2.1 Generelt", "Detalj", "2.2 Fordeling"]


def test_moving_a_chapter_renumbers():
    moved = ChapterList(CHAPTERS.title, (CHAPTERS.chapters[1], CHAPTERS.chapters[0], CHAPTERS.chapters[3],
                                         CHAPTERS.chapters[2]))
    soup = render(moved)
    figures = [(f["id"], f.find(class_="ehp-fig-num").get_text()) for f in soup.select("figure.ehp-figure")]
    assert figures == [("fig-b", "1"), ("fig-c", "2"), ("fig-a", "3")]
    tables = [t["id"] for t in soup.select("table.ehp-table")]
    assert tables == ["tab-t2", "tab-t1", "tab-t4", "tab-t3"]
    headings = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("section.ehp-chapter > h2")]
    assert headings == ["1 Status og risiko", "2 Oppsummering", "Vedlegg 1 – Datakvalitet",
                        "Vedlegg 2 – Alle prosjekter"]


def test_no_input_prompts_parameters_or_stderr(soup):
    body = soup.find("main")
    text = body.get_text()
    assert "kildekode_som_ikke_skal_vises" not in text
    assert "hemmelig_parameter" not in text and "fra parametercellen" not in text
    assert "støy" not in text
    for selector in (".input", ".input_area", ".prompt", ".input_prompt", ".output_prompt", ".jp-InputArea",
                     ".jp-InputPrompt", ".jp-OutputPrompt", ".highlight", "textarea"):
        assert soup.select(selector) == [], selector
    assert not re.search(r"(In|Out)\s*\[\s*\d*\s*\]", text)


def test_html_is_self_contained(soup):
    assert soup.find_all("script") == []
    assert soup.find_all("link") == []
    assert all(img["src"].startswith("data:") for img in soup.find_all("img"))
    css = soup.find("style").get_text()
    assert "@import" not in css and not re.search(r"url\(", css)
    assert assemble.external_resources(str(soup)) == []


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="https://cdnjs.cloudflare.com/require.js"></script>',
        '<link rel="stylesheet" href="https://example.com/x.css">',
        '<img src="http://example.com/x.png" alt="x">',
        '<img src="figures/x.png" alt="x">',
        "<style>@import url('https://fonts.example.com/f.css');</style>",
        '<div style="background: url(https://example.com/bg.png)">x</div>',
        '<iframe src="//example.com"></iframe>',
    ],
)
def test_external_resources_are_found_and_refused(markup):
    assert assemble.external_resources(markup)
    notebooks = dict(NOTEBOOKS, status=executed("Status", ("html", markup)))
    with pytest.raises(assemble.AssemblyError, match="uten nett"):
        render(notebooks=notebooks)


@pytest.mark.parametrize(
    "markup",
    ['<img src="data:image/png;base64,AAAA" alt="x">', '<a href="https://www.ehelse.no">lenke</a>',
     '<script>var x = 1;</script>', '<div style="color: red">x</div>'],
)
def test_embedded_things_and_links_are_allowed(markup):
    assert assemble.external_resources(markup) == []


def test_duplicate_figure_names_get_unique_ids():
    notebooks = dict(NOTEBOOKS, status=executed("Status", ("fig", "a")))
    soup = render(notebooks=notebooks)
    ids = [f["id"] for f in soup.select("figure.ehp-figure")]
    assert ids == ["fig-a", "fig-a-2"]


def test_merge_drops_parameter_cells_and_regenerates_ids():
    parts = [(nc, NOTEBOOKS[nc.file]) for nc in CHAPTERS.numbered()]
    merged = assemble.merge_notebooks(parts)
    nbformat.validate(merged)
    tags = {t for cell in merged.cells for t in cell.metadata.get("tags", [])}
    assert not tags & assemble.DROP_TAGS
    ids = [cell.id for cell in merged.cells]
    assert len(ids) == len(set(ids)) and ids[0] == "oppsummering-1"
    assert not any(cell.source.startswith("# ") for cell in merged.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(
    ("source", "expected"),
    [("# Tittel\n\nTekst", "Tekst"), ("\n# Tittel", ""), ("## Under\n\nTekst", "## Under\n\nTekst"),
     ("Tekst\n# Ikke først", "Tekst\n# Ikke først"), ("#hashtag", "#hashtag")],
)
def test_only_the_leading_title_is_removed(source, expected):
    assert assemble._chapter_heading_removed(source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Status og risiko", "status-og-risiko"), ("Første del", "forste-del"), ("Årsaker (gul/rød)", "arsaker-gul-rod"),
     ("Økonomi & gevinster", "okonomi-gevinster"), ("???", "avsnitt")],
)
def test_slug(text, expected):
    assert assemble.slug(text) == expected


# ---------------------------------------------------------------------------------------------- CSS


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_badges_have_readable_contrast():
    css = assemble.report_css()
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    for colour in ("grønn", "gul", "rød", "ikke-vurdert"):
        rule = re.search(rf"\.ehp-{colour}\s*\{{([^}}]*)\}}", css).group(1)
        background = re.search(r"background:\s*var\((--[\w-]+)\)", rule).group(1)
        text = re.search(r"color:\s*(#[0-9a-fA-F]{6}|#fff)\b", rule).group(1)
        text = "#ffffff" if text == "#fff" else text
        assert _contrast(variables[background], text) >= 4.5, colour


def test_print_css_starts_chapters_on_new_pages_and_keeps_figures_whole():
    css = assemble.report_css()
    print_block = css[css.index("@media print"):]
    assert re.search(r"section\.ehp-chapter\s*\{[^}]*break-before:\s*page", print_block)
    assert re.search(r"figure\.ehp-figure\s*\{[^}]*break-inside:\s*avoid", css)
    assert re.search(r"\btr\s*\{[^}]*break-inside:\s*avoid", css)
    # Nothing of the report is hidden on paper; only an interactive table's controls (filter box,
    # sort arrows) are.
    rules = re.sub(r"/\*.*?\*/", "", print_block, flags=re.S)
    for selectors in re.findall(r"([^{}]+)\{[^}]*display:\s*none", rules):
        assert all(".dt-" in s for s in selectors.split(",")), selectors


# ------------------------------------------------------------------- section commentary, foreword, tables


def with_commentary(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """``nb`` with a last cell that calls ``ch.commentary()`` and shows ``source`` as the chapter does."""
    nb = nbformat.from_dict(nb)
    cell = nbformat.v4.new_code_cell("ch.commentary()", execution_count=99)
    cell.outputs = [html_output(display.markdown_html(source))]
    nb.cells.append(cell)
    return nb


STATUS_COMMENTARY = (
    "Innledende kommentar til hele kapitlet.\n\n"
    "## Fordeling\n\nKommentar til fordelingen.\n\n"
    "## 2.2 endring \n\nKommentar til endringen.\n\nTabell: Plan for tiltakene\n\n"
    "| Tiltak | År |\n|---|---|\n| HelseID | 2020 |\n\n"
    "## Noe annet\n\nUten motstykke.\n"
)


def _section_texts(section) -> list[str]:
    """The section's headings and paragraphs in reading order."""
    return [" ".join(t.get_text(" ", strip=True).split()) for t in section.find_all(["h3", "h4", "p", "caption"])]


def test_section_commentary_goes_under_its_section_and_the_rest_stays_at_the_end(caplog):
    notebooks = {**NOTEBOOKS, "status": with_commentary(NOTEBOOKS["status"], STATUS_COMMENTARY)}
    with caplog.at_level("WARNING", logger="ehp_analysis"):
        soup = render(CHAPTERS, notebooks)
    texts = _section_texts(soup.select_one("section#status"))
    assert texts == [
        "Innledning til Status og risiko.",
        "2.1 Fordeling", "Tabell 2 : Tabelltekst t2",
        "Kommentar til fordelingen.",
        "2.2 Endring", "Detalj", "Kommentar til endringen.", "Tabell 3 : Plan for tiltakene",
        "Innledende kommentar til hele kapitlet.",
        "2.3 Noe annet", "Uten motstykke.",
    ]
    assert "«Noe annet»" in caplog.text and "status" in caplog.text


def test_markdown_tables_are_numbered_with_the_report_s_tables():
    notebooks = {**NOTEBOOKS, "status": with_commentary(NOTEBOOKS["status"], STATUS_COMMENTARY)}
    soup = render(CHAPTERS, notebooks)
    numbered = [(t.find(class_="ehp-tab-num").get_text(), " ".join(t.caption.get_text(" ", strip=True).split()))
                for t in soup.select("table.ehp-table")]
    assert numbered == [("1", "Tabell 1 : Tabelltekst t1"), ("2", "Tabell 2 : Tabelltekst t2"),
                        ("3", "Tabell 3 : Plan for tiltakene"), ("4", "Tabell 4 : Tabelltekst t3"),
                        ("5", "Tabell 5 : Tabelltekst t4")]
    assert "Tabell: Plan" not in soup.get_text()


def test_a_markdown_table_without_caption_is_numbered_and_warned_about(caplog):
    notebooks = {**NOTEBOOKS, "vedlegg-2": with_commentary(NOTEBOOKS["vedlegg-2"], "| a | b |\n|---|---|\n| 1 | 2 |\n")}
    with caplog.at_level("WARNING", logger="ehp_analysis"):
        soup = render(CHAPTERS, notebooks)
    assert [t.find(class_="ehp-tab-num").get_text() for t in soup.select("table.ehp-table")] == ["1", "2", "3", "4", "5"]
    assert "mangler tabelltekst" in caplog.text


def test_foreword_comes_before_chapter_1_unnumbered_and_in_the_contents(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "tekst" / "forord.md").write_text("Dette er vårt forord.\n\n## Om rapporten\n\n<b>x</b>\n",
                                                 encoding="utf-8")
    soup = render(data_dir=str(tmp_path))
    ids = [s["id"] for s in soup.find_all("section") if s.get("id")]
    assert ids[:2] == ["forord", "oppsummering"]
    forord = soup.select_one("section#forord")
    assert [h.get_text(" ", strip=True) for h in forord.find_all(["h2", "h3"])] == ["Forord", "Om rapporten"]
    assert "<b>x</b>" in forord.get_text() and forord.find("b") is None
    links = [a["href"] for a in soup.find_all("a", href=True)]
    assert "#forord" in links
    assert soup.select_one("section#oppsummering h2").get_text(" ", strip=True) == "1 Oppsummering"


def test_no_foreword_without_the_file(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "tekst" / "forord.md").write_text("  \n", encoding="utf-8")
    assert render(data_dir=str(tmp_path)).select_one("section#forord") is None


def test_section_commentary_finds_a_heading_a_code_cell_wrote():
    """A generated section heading shown by display.markdown is markup-identical to the commentary's own."""
    chapter = executed("Status og risiko", ("html", display.markdown_html("## Område A")),
                       ("html", '<p class="ehp-text">Tall for A.</p>'),
                       ("html", display.markdown_html("## Område B")))
    notebooks = {**NOTEBOOKS, "status": with_commentary(chapter, "## Område A\n\nKommentar til A.\n")}
    texts = _section_texts(render(CHAPTERS, notebooks).select_one("section#status"))
    assert texts == ["Innledning til Status og risiko.", "2.1 Område A", "Tall for A.", "Kommentar til A.",
                     "2.2 Område B"]


def test_the_chapter_s_own_commentary_subsections_do_not_fall_under_the_last_section():
    """'### X' in chapter-level commentary after generated sections is a section of the chapter (h3), numbered."""
    notebooks = {**NOTEBOOKS, "status": with_commentary(NOTEBOOKS["status"],
                                                        "### Vår vurdering\n\nTekst.\n\n#### Detalj\n\nMer.\n")}
    status = render(CHAPTERS, notebooks).select_one("section#status")
    assert [(h.name, h.get_text(" ", strip=True)) for h in status.find_all(["h3", "h4"])] == [
        ("h3", "2.1 Fordeling"), ("h3", "2.2 Endring"), ("h4", "Detalj"), ("h3", "2.3 Vår vurdering"),
        ("h4", "Detalj")]


# ------------------------------------------------------------- commentary placed at assembly (issue 25)


def with_commentary_place(nb: nbformat.NotebookNode, otherwise: str | None) -> nbformat.NotebookNode:
    """``nb`` with a last cell where the chapter kept its commentary's place, as ``ch.commentary()`` does under the build."""
    from ehp_analysis.render import commentary as placing

    nb = nbformat.from_dict(nb)
    cell = nbformat.v4.new_code_cell('ch.commentary(otherwise=_("…"))', execution_count=99)
    data, metadata = placing.marker(otherwise)
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    nb.cells.append(cell)
    return nb


@pytest.mark.parametrize("text, otherwise, expected", [
    # the office's file, as Markdown (raw HTML shown as text), whatever the chapter would say otherwise
    ("Vurdering <b>nå</b>.\n", "Ingen vurdering.",
     ['<div class="ehp-markdown"><p>Vurdering &lt;b&gt;nå&lt;/b&gt;.</p>\n</div>']),
    # no file, or an empty one: the chapter's sentence (chapter 7's "no assessment this period")
    (None, "Ingen vurdering.", ['<p class="ehp-text">Ingen vurdering.</p>']),
    (" \n", "Ingen vurdering.", ['<p class="ehp-text">Ingen vurdering.</p>']),
    # neither: the cell shows nothing and is left out
    (None, None, []),
])
def test_the_assembly_puts_the_commentary_where_the_chapter_kept_its_place(text, otherwise, expected):
    nc = CHAPTERS.numbered()[1]
    texts = {} if text is None else {"status": text}
    merged = assemble.merge_notebooks([(nc, with_commentary_place(NOTEBOOKS["status"], otherwise))], texts)
    last = merged.cells[-1]
    shown = [o["data"]["text/html"] for o in last.get("outputs", [])] if "ch.commentary" in last.source else []
    assert shown == expected
    assert merged.metadata["ehp_commentary_cells"] == ([last.id] if expected else [])


def test_the_assembly_reads_the_period_s_commentary_files(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "tekst" / "status.md").write_text("\ufeffKommentar.\n", encoding="utf-8")
    params = parameters_from_mapping({**PARAMS, "data_dir": str(tmp_path)}, Path("/tmp"))
    assert assemble.chapter_commentary(params, ["oppsummering", "status"]) == {"status": "Kommentar.\n"}
