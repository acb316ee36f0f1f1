"""Vedlegg 3 – Tiltaksoversikt: the data (metrics/project_history.py), its markup (render/tiltak.py), the
export ``tables/prosjekthistorikk.csv``, Vedlegg 1's links to it, and the assembly leaving it as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.chapter import display, tiltak
from ehp_analysis.config import parameters_from_mapping
from ehp_analysis.metrics import project_history
from ehp_analysis.render import tiltak as render_tiltak
from ehp_analysis.report import assemble, page

from .conftest import project
from .test_assemble import CHAPTERS, NOTEBOOKS, PARAMS, executed

NA = None
SCRIPT = '<script>alert("x")</script>'


def params(period: str, previous: str = "", year: int = 2020):
    return parameters_from_mapping({"period": period, "previous_period": previous, "data_dir": f"data/{period}",
                                    "budget_year": year, "cutoff": f"{period}-15", "strategy": "2017-2022",
                                    "output_dir": f"outputs/{period}"}, Path("."))


# Three periods. 1 is a programme with 2 as its project; 2 depends on 1 (høy) and on HelseID; 3 leaves at
# 2019-10 and is back at 2020-01 (a gap in its timeline); 4 joins at 2020-01; 2's budget is withheld once.
DEPS = [(2, "HelseID", "Tjenester og applikasjoner", "høy", "rød", NA),
        (2, "Program", "Tjenester og applikasjoner", "høy", "gul", NA),
        (3, "Ukjent komponent", "Regelverk", "lav", NA, NA)]


def period_rows(period: str) -> list[dict]:
    rows = {
        "2019-06": [project(1, "program", budget=100, total_cost=600, status="grønn", risk="gul"),
                    project(2, budget=20, budget_withheld=True, programme_id=1, status="gul", risk="gul"),
                    project(3, budget=7, status="rød", risk="rød")],
        "2019-10": [project(1, "program", budget=110, total_cost=600, status="gul", risk="gul"),
                    project(2, budget=25, programme_id=1, status=NA, risk="gul")],
        "2020-01": [project(1, "program", budget=120, total_cost=650, status="gul", risk="rød",
                            status_comment="Forsinket", risk_comment="Leverandør", status_reasons=["ressurser"]),
                    project(2, budget=30, programme_id=1, status="grønn", risk="grønn", benefits=40),
                    project(3, budget=NA, status="gul", risk="gul", benefits_not_answered=True),
                    dict(project(4, status="grønn", risk="grønn"), name=SCRIPT, total_cost=5, total_cost_withheld=True,
                         organisation="Helse Vest RHF")],
    }[period]
    return rows


def portfolio(period: str, previous: str = "", deps=None):
    frame = pd.DataFrame(deps or [], columns=["project_id", "dependency", "category", "criticality", "status", "theme"])
    if deps:
        frame["depends_on_id"] = [1 if d[1] == "Program" else None for d in deps]
    from ehp_analysis.portfolio import build_portfolio

    return build_portfolio(period, pd.DataFrame(period_rows(period)), frame, None,
                           parameters=params(period, previous, 2020 if period == "2020-01" else 2019))


@pytest.fixture
def chain():
    return [portfolio("2019-06"), portfolio("2019-10", "2019-06"), portfolio("2020-01", "2019-10", DEPS)]


# -------------------------------------------------------------------------------------------- data


def test_timelines_show_the_gap_and_start_where_each_project_joined(chain):
    t = project_history.timelines(chain)
    rows = {pid: list(zip(g["period"], g["present"])) for pid, g in t.groupby("id")}
    assert rows[1] == [("2019-06", True), ("2019-10", True), ("2020-01", True)]
    assert rows[3] == [("2019-06", True), ("2019-10", False), ("2020-01", True)]  # out, then back
    assert rows[4] == [("2020-01", True)]  # joined now: nothing before
    two = t[t["id"] == 2]
    assert pd.isna(two["budget"].iloc[0])  # withheld in 2019-06: never shown
    assert two["budget"].tolist()[1:] == [25, 30] and pd.isna(two["status"].iloc[1])  # not assessed


def test_facts_dependencies_and_dependents(chain):
    facts = project_history.facts(chain[-1]).set_index("id")
    assert facts.loc[1, "members"] == (2,) and pd.isna(facts.loc[1, "programme_id"])
    assert facts.loc[2, "programme_id"] == 1 and facts.loc[2, "members"] == ()
    assert bool(facts.loc[3, "benefits_not_answered"])
    assert pd.isna(facts.loc[4, "total_cost"])  # withheld
    deps = project_history.dependencies(chain[-1])
    # sorted by project, criticality, name: 2 HelseID (høy), 2 Program (høy, on project 1), 3 Ukjent komponent
    assert deps["dependency"].tolist() == ["HelseID", "Program", "Ukjent komponent"]
    assert deps["depends_on_id"].isna().tolist() == [True, False, True] and deps["depends_on_id"].iloc[1] == 1
    assert project_history.dependents(chain[-1]) == {1: [(2, "høy")]}


def test_history_export_one_row_per_project_and_period(chain):
    export = project_history.history_export(chain)
    assert list(export.columns) == ["period", "id", "name", "status", "risk", "budget", "total_cost"]
    assert len(export) == 3 + 2 + 4
    assert export[export["period"] == "2019-10"]["status"].tolist() == ["gul", "ikke vurdert"]
    assert pd.isna(export[(export["period"] == "2019-06") & (export["id"] == 2)]["budget"].iloc[0])


# ------------------------------------------------------------------------------------------ markup


def soup_of(chain, warnings=None) -> BeautifulSoup:
    return BeautifulSoup(tiltak.overview_html(chain, warnings), "html.parser")


def test_one_entry_per_project_sorted_by_id_and_anchored(chain):
    markup = tiltak.overview_html(chain)
    assert markup.startswith(tiltak.OPAQUE_START) and markup.endswith(tiltak.OPAQUE_END)
    entries = soup_of(chain).select("article.ehp-tiltak")
    assert [e["id"] for e in entries] == ["tiltak-1", "tiltak-2", "tiltak-3", "tiltak-4"]
    assert [e.h3.get_text(" ", strip=True) for e in entries][:3] == ["1 Prosjekt 1", "2 Prosjekt 2", "3 Prosjekt 3"]


def test_untrusted_text_is_escaped(chain):
    markup = tiltak.overview_html(chain)
    assert SCRIPT not in markup and "&lt;script&gt;" in markup
    assert soup_of(chain).select_one("#tiltak-4 h3").get_text(" ", strip=True) == f"4 {SCRIPT}"


def test_entry_says_facts_status_and_risk_with_comments(chain):
    one = soup_of(chain).select_one("#tiltak-1")
    words = one.get_text(" ", strip=True)
    for expected in ("Ansvarlig virksomhet: Helsedirektoratet", "Type: Program", "Fase: Gjennomføring",
                     "Innsatsområde: 1.1", "Budsjett 2020: 120 mill. kr", "Totalkostnad: 650 mill. kr",
                     "Status: Gul Forsinket", "Årsaker: Mangel på ressurser", "Risiko: Rød Leverandør"):
        assert expected in words, expected
    assert one.select_one("a[href='#tiltak-2']") is not None  # its project, linked
    two = soup_of(chain).select_one("#tiltak-2").get_text(" ", strip=True)
    assert "Del av program: 1 Prosjekt 1" in two and "Kvantifiserbare gevinster: 40 mill. kr" in two
    assert "Kvantifiserbare gevinster: ikke besvart" in soup_of(chain).select_one("#tiltak-3").get_text(" ", strip=True)
    assert "Totalkostnad: –" in soup_of(chain).select_one("#tiltak-4").get_text(" ", strip=True)  # withheld: not shown


def test_timeline_has_colour_and_word_and_a_gap(chain):
    three = soup_of(chain).select_one("#tiltak-3 table.ehp-tiltak-tid")
    assert [th.get_text() for th in three.thead.select("th")] == ["Periode", "juni 2019", "okt. 2019", "jan. 2020"]
    status_row, risk_row, budget_row = three.tbody.select("tr")
    assert [td.get_text() for td in status_row.select("td")] == ["Rød", "Ikke med", "Gul"]
    assert status_row.select("td")[1]["rowspan"] == "3"  # the gap spans status, risk and budget
    # colour and word on the cell itself (no badge element inside each of a timeline's cells)
    assert [td["class"] for td in status_row.select("td")] == [["ehp-farge", "ehp-rød"], ["ehp-gap"],
                                                                ["ehp-farge", "ehp-gul"]]
    assert [td.get_text() for td in risk_row.select("td")] == ["Rød", "Gul"]
    assert [td.get_text() for td in budget_row.select("td")] == ["7", "–"]
    two = soup_of(chain).select_one("#tiltak-2 table.ehp-tiltak-tid")
    assert [td.get_text() for td in two.tbody.select("tr")[0].select("td")] == ["Gul", "Ikke vurdert", "Grønn"]
    assert [td.get_text() for td in two.tbody.select("tr")[2].select("td")] == ["–", "25", "30"]  # withheld: –
    assert soup_of(chain).select_one("#tiltak-4 table.ehp-tiltak-tid th + th").get_text() == "jan. 2020"


def test_a_chain_of_one_has_no_timeline(chain):
    assert soup_of(chain[-1:]).select("table") == []


def test_long_chains_wrap_every_twelve_periods():
    rows = [(f"20{10 + i // 4}-{(i % 4) * 3 + 1:02d}", True, False, "grønn", "gul", 1.0) for i in range(24)]
    markup = render_tiltak._timeline_html(rows, [r[0] for r in rows])
    tables = BeautifulSoup(markup, "html.parser").select("table")
    assert [len(t.thead.select("th")) - 1 for t in tables] == [12, 12]


def test_dependencies_and_dependents(chain):
    two = soup_of(chain).select_one("#tiltak-2 .ehp-tiltak-avh")
    items = [li.get_text(" ", strip=True) for li in two.select("li")]
    assert items == ["HelseID (Tjenester og applikasjoner; kritikalitet høy; status Rød )",
                     "1 Prosjekt 1 (Tjenester og applikasjoner; kritikalitet høy; status Gul )"]
    assert two.select_one("a")["href"] == "#tiltak-1"
    one = soup_of(chain).select_one("#tiltak-1").get_text(" ", strip=True)
    assert "Prosjekter i porteføljen som avhenger av dette: 2 Prosjekt 2 (kritikalitet høy)" in one
    assert "Ikke vurdert" in soup_of(chain).select_one("#tiltak-3 .ehp-tiltak-avh").get_text()


def test_early_warnings_of_each_project(chain):
    # By hand, rule by rule (report.md's table): only 2 is green with a høy dependency that is red (HelseID).
    # 1 is gul now; its total cost 600 → 650 is 1,08×; 3 was out in 2019-10; nobody answered gevinstplan;
    # 2's høy dependency on project 1 counts by 1's status (gul), not as a red project.
    found = tiltak.early_warnings_by_project(chain)
    assert list(found) == [2] and len(found[2]) == 1
    assert found[2][0].startswith("Grønn status, rød avhengighet: ") and "HelseID" in found[2][0]
    soup = soup_of(chain, found)
    assert [box.find_parent("article")["id"] for box in soup.select(".ehp-tiltak-varsler")] == ["tiltak-2"]
    assert "Tidlige varsler" not in tiltak.overview_html(chain)  # none given: nothing said


def test_early_warnings_hook(chain):
    assert tiltak.warnings_html([]) == "" and tiltak.warnings_html(["  "]) == ""
    soup = soup_of(chain, {3: ["Grønn status, rød risiko", f"Kostnadsvekst {SCRIPT}"]})
    box = soup.select_one("#tiltak-3 .ehp-tiltak-varsler")
    assert [li.get_text() for li in box.select("li")] == ["Grønn status, rød risiko", f"Kostnadsvekst {SCRIPT}"]
    assert soup.select(".ehp-tiltak-varsler") == [box]


# ------------------------------------------------------------------------------------------- files


def test_show_writes_the_csv_formula_safe(chain, tmp_path):
    hostile = [dict(r, name="=HYPERLINK(\"x\")") if r["id"] == 2 else r for r in period_rows("2020-01")]
    from ehp_analysis.portfolio import build_portfolio

    last = build_portfolio("2020-01", pd.DataFrame(hostile), None, None, parameters=params("2020-01", "2019-10"))
    display.configure(tmp_path)
    try:
        tiltak.show([*chain[:2], last], name="prosjekthistorikk")
    finally:
        display.configure(None)
    text = (tmp_path / "tables" / "prosjekthistorikk.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0] == ["periode", "id", "navn", "status", "risiko", "budsjett", "totalkostnad"]
    assert len(rows) == 1 + 3 + 2 + 4
    assert rows[1] == ["2019-06", "1", "Prosjekt 1", "grønn", "gul", "100,0", "600,0"]
    assert rows[2][5] == ""  # 2's withheld budget: an empty cell
    assert rows[5] == ["2019-10", "2", "Prosjekt 2", "ikke vurdert", "gul", "25,0", ""]
    assert rows[7][2] == "'=HYPERLINK(\"x\")"  # formula-safe
    assert rows[9][6] == ""  # 4's withheld total cost


def test_vedlegg_1_names_link_to_their_entries():
    links = tiltak.name_links([5, 7], ["Alfa", SCRIPT])
    assert links[0] == '<a href="#tiltak-5">Alfa</a>' and links[1].plain == SCRIPT
    markup = display.table_html(pd.DataFrame({"id": [5, 7], "name": links}), name="v1", caption="V1",
                                interactive=True)
    soup = BeautifulSoup(markup, "html.parser")
    assert [a["href"] for a in soup.select("td a")] == ["#tiltak-5", "#tiltak-7"]
    assert SCRIPT not in markup and soup.select("td")[3]["data-search"] == SCRIPT
    assert display.formula_safe(links[1]) == SCRIPT  # the CSV keeps the plain name


# ---------------------------------------------------------------------------------------- assembly


def test_the_assembly_leaves_the_overview_as_it_was(chain):
    markup = tiltak.overview_html(chain)
    chapters = CHAPTERS.__class__(title=CHAPTERS.title, chapters=(
        *CHAPTERS.chapters, CHAPTERS.chapters[-1].__class__("vedlegg-3", "Vedlegg 3 – Tiltaksoversikt", appendix=True,
                                                            reads="chain")))
    notebooks = {**NOTEBOOKS, "vedlegg-3": executed("Vedlegg 3 – Tiltaksoversikt", ("html", markup))}
    parts = [(nc, notebooks[nc.file]) for nc in chapters.numbered()]
    html = assemble.render_report(parts, title=chapters.title,
                                  params=parameters_from_mapping(dict(PARAMS, output_dir="x"), Path("/tmp")))
    assert markup in html  # byte for byte: not parsed, renumbered or re-serialised
    soup = BeautifulSoup(html, "html.parser")
    toc = [a.get_text(" ", strip=True) for a in soup.select("nav.ehp-toc a")]
    assert not any("Prosjekt 1" in t for t in toc)  # the entries are not sections of the contents
    section = soup.select_one("section#vedlegg-3")
    assert section.h2 is not None and [h.name for h in section.select("article h3")] == ["h3"] * 4
    assert soup.select_one("#tiltak-3") is not None


def test_an_opaque_block_with_active_content_stays_in_the_tree():
    block = '<div class="ehp-opaque"><img src="https://example.org/x.png"></div><!--/ehp-opaque-->'
    body, stash = page.stash_table_bodies(f"<div>{block}</div>")
    assert block in body and stash == []  # left for the self-containment check to see
    plain = '<div class="ehp-opaque"><h3>X</h3><table><tbody><tr><td>1</td></tr></tbody></table></div><!--/ehp-opaque-->'
    body, stash = page.stash_table_bodies(f"<p>a</p>{plain}<table><tbody><tr><td>2</td></tr></tbody></table>")
    assert "<h3>" not in body and len(stash) == 2
    assert page.restore_table_bodies(body, stash) == f"<p>a</p>{plain}<table><tbody><tr><td>2</td></tr></tbody></table>"


@pytest.mark.parametrize("text", [
    '<a href="#tiltak-3">3</a>', "<a href='#x'>x</a>", '<a href="https://example.org">x</a>', "<a href=x>x</a>",
    '<p style="color:red">x</p>', "<IMG SRC=x>", "<img\tsrc=x>", "<svg/>", "<SvG>", "a url(x) b", "@IMPORT x",
    "<p>ſrc</p><x \u017frc=y>", "<x \u0130mport>", "@\u0130MPORT x", "<\u0130frame>", "<\u0131mg>",
    "<lin\u212a>", "<\u212a>", "plain text, href but no =", "<td>Ålesund ørsta</td>" * 50, "<p>src = x</p>",
    '<a\nhref="#a" href="b">', "<scripted>", "<a href = '#x'>",
])
def test_the_cheap_test_for_active_content_agrees_with_the_expression(text):
    assert page._active(text) is (page._ACTIVE.search(text) is not None)


def test_a_period_that_did_not_deliver_is_said_so_and_has_not_left(chain):
    from ehp_analysis.metrics import history
    from ehp_analysis.roster import empty_roster

    roster = pd.concat([empty_roster(), pd.DataFrame({"id": [3], "name": ["Prosjekt 3"],
                                                      "organisation": ["Helsedirektoratet"], "reason": ["missing"]})])
    middle = build_portfolio_like(chain[1], not_delivered=roster.astype({"id": "int64"}))
    chain = [chain[0], middle, chain[2]]
    # 3 is in ikke_levert.csv of 2019-10: it did not report, so it did not leave (and is back, not new, after)
    assert history.joined_left(chain)[0].left == [] and history.joined_left(chain)[1].returned == [3]
    cells = soup_of(chain).select("#tiltak-3 table.ehp-tiltak-tid tbody tr")[0].select("td")
    assert [td.get_text() for td in cells] == ["Rød", "Ikke levert", "Gul"]


def build_portfolio_like(portfolio, **changes):
    from ehp_analysis.portfolio import build_portfolio

    return build_portfolio(portfolio.period, pd.DataFrame(period_rows(portfolio.period)), None, None,
                           parameters=portfolio.parameters, **changes)


def test_a_period_with_goals_shows_the_main_goal_and_the_others():
    from ehp_analysis.portfolio import build_portfolio
    from ehp_analysis.reference import Reference, load_organisations, load_strategy

    reference = Reference(strategy=load_strategy("2023-2030"), organisations=load_organisations())
    rows = [dict(id=1, name="Alfa", type="prosjekt", organisation="Helsedirektoratet", phase="gjennomføring",
                 status="grønn", risk="gul", goal=2, other_goals=(4, 1), budget=10)]
    now = build_portfolio("2023-05", pd.DataFrame(rows), None, None, reference=reference, template="2023",
                          parameters=params("2023-05", "", 2023))
    facts = project_history.facts(now)
    assert facts.loc[0, "goal"] == 2 and facts.loc[0, "other_goals"] == (1, 4)
    words = soup_of([now]).select_one("#tiltak-1 .ehp-tiltak-fakta").get_text(" ", strip=True)
    assert f"Strategisk mål: 2 {reference.strategy.goals['2']} (også 1, 4)" in words and "Innsatsområde" not in words
