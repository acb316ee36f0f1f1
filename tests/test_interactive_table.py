"""The interactive appendix table's markup and its assembly (fast; the browser checks are in test_browser.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.chapter import display
from ehp_analysis.report import assemble
from tests.test_assemble import CHAPTERS, NOTEBOOKS, executed, html_output, render

HOSTILE = '<script>alert(1)</script> "x"'


def appendix_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "Prosjekt": ["Akson", HOSTILE, "Funksjonsvurderingsverktøyet"],
        "Status": ["rød", None, "grønn"],
        "Budsjett": [2.075, None, 1234.5],
    })


def appendix_html(interactive: bool = True) -> BeautifulSoup:
    markup = display.table_html(appendix_frame(), name="vedlegg", caption="Alle prosjektene",
                                formatters={"Status": display.status_badge}, interactive=interactive)
    return BeautifulSoup(markup, "html.parser")


def test_interactive_table_is_the_plain_table_plus_sort_keys():
    soup = appendix_html()
    table = soup.select_one("table#tab-vedlegg")
    assert table["class"] == ["ehp-table", "ehp-sortable"]
    assert table.find_parent("div")["class"] == ["ehp-table-wrap", "ehp-interactive"]
    assert table.caption.select_one(".ehp-tab-num") is not None  # numbered by the assembly like any table
    assert [th["data-ehp-sort"] for th in table.select("thead th")] == ["tekst", "tall", "tall"]
    rows = table.select("tbody tr")
    assert len(rows) == 3
    # Budget sorts by its value; not reported is an empty key (sorts first); the text stays Norwegian.
    assert [r.select("td")[2]["data-order"] for r in rows] == ["2.075", "", "1234.5"]
    assert [r.select("td")[2].get_text() for r in rows] == ["2,075", "–", "1\u00a0234,5"]
    # Status sorts by severity and is found by its word; the badge keeps colour AND word.
    assert [(r.select("td")[1]["data-order"], r.select("td")[1]["data-search"]) for r in rows] == [
        ("3.0", "Rød"), ("0.0", "Ikke vurdert"), ("1.0", "Grønn")]
    assert rows[0].select_one("span.ehp-badge.ehp-rød").get_text() == "Rød"


def test_hostile_text_stays_text_in_the_interactive_table():
    markup = display.table_html(appendix_frame(), name="vedlegg", caption="Alle prosjektene",
                                formatters={"Status": display.status_badge}, interactive=True)
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;" in markup
    assert BeautifulSoup(markup, "html.parser").select("tbody tr")[1].td.get_text() == HOSTILE


def test_plain_table_has_no_sort_attributes():
    table = appendix_html(interactive=False).table
    assert table["class"] == ["ehp-table"]
    assert not table.select("[data-order], [data-search], [data-ehp-sort]")


@pytest.mark.parametrize("value, long", [
    ("Funksjonsvurderingsverktøyet", True),
    ("Digital behandlings- og egenbehandlingsplan", False),
    (display.Html("<b>spesialisthelsetjenesten</b>"), True),
    (12345678901234567890123, False),
])
def test_long_words_may_break(value, long):
    markup = display.table_html(pd.DataFrame({"a": [value]}), name="t", caption="c")
    assert ('class="ehp-long-word"' in markup) is long


def test_scripts_are_embedded_only_with_an_interactive_table():
    plain = render()
    assert not plain.find("script")
    notebooks = dict(NOTEBOOKS)
    notebooks["vedlegg-1"] = executed("Vedlegg 1 – Alle prosjekter")
    cell = notebooks["vedlegg-2"].cells[-1].copy()
    cell.outputs = [html_output(str(appendix_html()))]
    notebooks["vedlegg-1"].cells.append(cell)
    soup = render(CHAPTERS, notebooks)
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/octet-stream", None]
    assert scripts[0]["id"] == "ehp-datatables" and len(scripts[0].string) > 100_000
    assert "ehp-sortable" in scripts[1].string
    assert assemble.external_resources(str(soup)) == []
    # The table is still numbered across the report.
    numbers = [s.get_text() for s in soup.select("span.ehp-tab-num")]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    assert soup.select_one("#tab-vedlegg .ehp-tab-num").get_text() in numbers
