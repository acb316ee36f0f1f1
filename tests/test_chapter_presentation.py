"""The chapters' presentation modules (ehp_analysis/chapter/<notebook>.py, issue 21): the columns and captions the
notebooks used to choose with nested conditionals, the threshold worded from its constants, the headings shown
from code that the assembly turns back into Markdown cells, and ``ch.figure`` given the plot function itself.

Expected captions are worded by hand from the published report's captions (2020-01: «Prosjekter og budsjett per
innsatsområde, med endring fra forrige periode (budsjett 2020 mot budsjett 2019, mill. kr)»).
"""

from __future__ import annotations

from decimal import Decimal

import nbformat
import pytest

from ehp_analysis import markdown_cells
from ehp_analysis.chapter import avhengigheter, headings, om_portefoljen, status_og_risiko, strategi
from ehp_analysis.chapter.strategi import (ALONE, ALONE_BUDGET, AREAS, COMPARED, COMPARED_BUDGET, COMPARED_CHANGE,
                                           GOALS)
from ehp_analysis.text.currency import use_currency

from .test_assemble import CHAPTERS, NOTEBOOKS, executed, render

# ------------------------------------------------------------------------------------------ strategi


@pytest.mark.parametrize("compared, with_budget, budget_compared, case", [
    (False, False, False, ALONE),
    (False, True, False, ALONE_BUDGET),
    (True, False, False, COMPARED),
    (True, False, True, COMPARED),           # no budget anywhere: nothing to compare but the counts
    (True, True, False, COMPARED_BUDGET),    # another currency before: the counts compare, the budgets not
    (True, True, True, COMPARED_CHANGE),
])
def test_the_comparison_names_the_case(compared, with_budget, budget_compared, case):
    assert strategi.comparison(compared, with_budget, budget_compared) == case


@pytest.mark.parametrize("unit, case, columns", [
    (AREAS, ALONE, ["focus_area", "focus_area_name", "projects"]),
    (AREAS, ALONE_BUDGET, ["focus_area", "focus_area_name", "projects", "budget", "n_not_reported"]),
    (AREAS, COMPARED, ["focus_area", "focus_area_name", "projects", "previous_projects"]),
    (AREAS, COMPARED_BUDGET, ["focus_area", "focus_area_name", "projects", "budget", "n_not_reported",
                              "previous_projects"]),
    (AREAS, COMPARED_CHANGE, ["focus_area", "focus_area_name", "projects", "budget", "n_not_reported",
                              "previous_projects", "previous_budget", "change"]),
    (GOALS, ALONE, ["goal", "goal_name", "main_projects", "supporting"]),
    (GOALS, COMPARED_CHANGE, ["goal", "goal_name", "main_projects", "supporting", "budget", "n_not_reported",
                              "previous_main_projects", "previous_supporting", "previous_budget", "change"]),
])
def test_the_table_shows_the_columns_of_its_case(unit, case, columns):
    assert strategi.table_columns(unit, case) == columns


@pytest.mark.parametrize("unit, case, caption", [
    (AREAS, ALONE, "Prosjekter per innsatsområde"),
    (AREAS, ALONE_BUDGET, "Prosjekter og budsjett 2020 per innsatsområde (mill. kr)"),
    (AREAS, COMPARED, "Prosjekter per innsatsområde, denne og forrige periode"),
    (AREAS, COMPARED_BUDGET, "Prosjekter per innsatsområde, denne og forrige periode, og budsjett 2020 (mill. kr)"),
    (AREAS, COMPARED_CHANGE, "Prosjekter og budsjett per innsatsområde, med endring fra forrige periode"
                             " (budsjett 2020 mot budsjett 2019, mill. kr)"),
    (GOALS, ALONE, "Prosjekter per strategisk mål, som hovedmål og i alt"),
    (GOALS, ALONE_BUDGET, "Prosjekter per strategisk mål, som hovedmål og i alt, og budsjett 2020 til prosjektene"
                          " med målet som hovedmål (mill. kr)"),
    (GOALS, COMPARED, "Prosjekter per strategisk mål, som hovedmål og i alt, denne og forrige periode"),
    (GOALS, COMPARED_BUDGET, "Prosjekter per strategisk mål, som hovedmål og i alt, denne og forrige periode, og"
                             " budsjett 2020 til prosjektene med målet som hovedmål (mill. kr)"),
    (GOALS, COMPARED_CHANGE, "Prosjekter per strategisk mål, som hovedmål og i alt, og budsjettet til prosjektene"
                             " med målet som hovedmål, med endring fra forrige periode (budsjett 2020 mot budsjett"
                             " 2019, mill. kr)"),
])
def test_the_table_caption_of_each_case(unit, case, caption):
    assert strategi.table_caption(unit, case, 2020, 2019) == caption


def test_captions_word_the_amounts_in_the_periods_currency():
    with use_currency("GBP"):
        assert strategi.table_caption(AREAS, ALONE_BUDGET, 2020) == "Prosjekter og budsjett 2020 per innsatsområde (mill. GBP)"


class _Period:
    period, budget_year = "2019-10", 2019


@pytest.mark.parametrize("unit, before, caption", [
    (AREAS, None, "Budsjett 2020 per strategisk satsningsområde (mill. kr)"),
    (AREAS, _Period(), "Budsjett per strategisk satsningsområde, januar 2020 og oktober 2019"
                       " (budsjett 2020 mot budsjett 2019, mill. kr)"),
    (GOALS, None, "Budsjett 2020 per strategisk mål, etter prosjektenes hovedmål (mill. kr)"),
    (GOALS, _Period(), "Budsjett per strategisk mål (prosjektenes hovedmål), januar 2020 og oktober 2019"
                       " (budsjett 2020 mot budsjett 2019, mill. kr)"),
])
def test_the_figure_caption(unit, before, caption):
    assert strategi.figure_caption(unit, "2020-01", 2020, before) == caption


@pytest.mark.parametrize("unit, words", [
    (GOALS, "Ingen prosjekter har rapportert budsjett, så kapitlet viser antall prosjekter per strategisk mål og"
            " ikke budsjett."),
    (AREAS, "Ingen prosjekter har rapportert budsjett, så kapitlet viser antall prosjekter per innsatsområde og"
            " ikke budsjett."),
])
def test_without_budget_the_chapter_says_so(unit, words):
    assert strategi.without_budget(unit) == words


def test_goals_and_areas_are_one_unit_each():
    assert strategi.unit_of(True) is GOALS and strategi.unit_of(False) is AREAS
    for unit in (GOALS, AREAS):
        assert set(unit.table_captions) == {ALONE, ALONE_BUDGET, COMPARED, COMPARED_BUDGET, COMPARED_CHANGE}
        assert set(unit.figure_captions) == {ALONE_BUDGET, COMPARED_CHANGE}


# ------------------------------------------------------------------------------------ om-portefoljen


@pytest.mark.parametrize("with_budget, columns, caption", [
    (True, ["owner_group", "projects", "budget", "previous_projects", "previous_budget", "change"],
     "Prosjekter og budsjett per eiergruppe, denne og forrige periode (budsjett 2020 mot budsjett 2019, mill. kr)"),
    (False, ["owner_group", "projects", "previous_projects"], "Prosjekter per eiergruppe, denne og forrige periode"),
])
def test_owner_groups_compare_budgets_only_when_they_compare(with_budget, columns, caption):
    assert om_portefoljen.owner_groups_columns(with_budget) == columns
    assert om_portefoljen.owner_groups_caption(with_budget, 2020, 2019) == caption


def test_a_budget_column_only_when_some_project_reported_one():
    assert om_portefoljen.project_columns(["id", "name"], True) == ["id", "name", "budget"]
    assert om_portefoljen.project_columns(["id", "name"], False) == ["id", "name"]


@pytest.mark.parametrize("returned, columns", [
    (True, ["period", "budget_year", "projects", "joined", "returned", "left", "budget_total", "budget_not_reported"]),
    (False, ["period", "budget_year", "projects", "joined", "left", "budget_total", "budget_not_reported"]),
])
def test_history_shows_returned_only_when_some_project_came_back(returned, columns):
    assert om_portefoljen.history_columns(returned) == columns


@pytest.mark.parametrize("missing, words", [
    (["risiko"], "figuren over risiko per periode er utelatt"),
    (["status", "risiko"], "figurene over status og risiko per periode er utelatt"),
])
def test_what_history_leaves_out(missing, words):
    assert om_portefoljen.missing_measures_consequence(missing) == words


# ---------------------------------------------------------------------------------- status-og-risiko


def test_the_budget_threshold_is_worded_from_its_constants(monkeypatch):
    assert status_og_risiko.budget_change_threshold() == "minst 10 mill. kroner eller 20 %"
    with use_currency("GBP"):
        assert status_og_risiko.budget_change_threshold() == "minst 10 mill. GBP eller 20 %"
    monkeypatch.setattr(status_og_risiko.changes, "BUDGET_MIN_CHANGE", Decimal("12.5"))
    monkeypatch.setattr(status_og_risiko.changes, "BUDGET_MIN_SHARE", Decimal("0.25"))
    assert status_og_risiko.budget_change_threshold() == "minst 12,5 mill. kroner eller 25 %"


@pytest.mark.parametrize("shown, previous, caption", [
    (["status", "risiko"], "2019-10", "Andel prosjekter per status og risiko, januar 2020 og oktober 2019"),
    (["status"], None, "Andel prosjekter per status"),
])
def test_the_shares_caption(shown, previous, caption):
    assert status_og_risiko.shares_caption(shown, "2020-01", previous) == caption


@pytest.mark.parametrize("shown, words", [(["status"], "figuren viser bare status"), ([], "figuren er utelatt")])
def test_what_the_shares_figure_leaves_out(shown, words):
    assert status_og_risiko.shares_left_out(shown) == words


@pytest.mark.parametrize("mode, start", [("alle", "Avhengighetsnettverket: prosjektene (sirkler med ID)"),
                                         ("utvalg", "Avhengighetsnettverket: det flest prosjekter avhenger av")])
def test_the_network_caption_follows_what_is_drawn(mode, start):
    assert avhengigheter.network_caption(mode).startswith(start)


# ------------------------------------------------------------------------- headings as Markdown cells


@pytest.mark.parametrize("args, level, source", [
    (("Budsjett",), 2, "## Budsjett"),
    (("Tidlige varsler", "Reglene leter.", "Et varsel."), 2, "## Tidlige varsler\n\nReglene leter.\n\nEt varsel."),
    (("Detalj",), 3, "### Detalj"),
])
def test_a_heading_is_markdown_source(args, level, source):
    assert headings.source(*args, level=level) == source


def test_a_heading_has_a_level_markdown_knows():
    with pytest.raises(ValueError):
        headings.source("For dypt", level=7)


def _marked(source: str, *extra) -> nbformat.NotebookNode:
    data, metadata = markdown_cells.bundle(source)
    cell = nbformat.v4.new_code_cell("headings.heading(_('x'))")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata), *extra]
    return cell


def test_a_marked_output_stands_for_its_markdown_cell():
    assert markdown_cells.source_of(_marked("## Budsjett")) == "## Budsjett"
    stderr = nbformat.v4.new_output("stream", name="stderr", text="FutureWarning")
    assert markdown_cells.source_of(_marked("## Budsjett", stderr)) == "## Budsjett"


@pytest.mark.parametrize("cell", [
    nbformat.v4.new_markdown_cell("## Budsjett"),
    nbformat.v4.new_code_cell("x = 1"),
    _marked("## A", nbformat.v4.new_output("display_data", data={"text/html": "<p>x</p>"})),  # more than the heading
])
def test_other_cells_stand_for_themselves(cell):
    assert markdown_cells.source_of(cell) is None


def test_a_heading_shown_from_code_assembles_as_its_markdown_cell():
    """The report is byte for byte what the Markdown cell gave: numbered, in the table of contents, same markup."""
    from_code = dict(NOTEBOOKS)
    nb = executed("Status og risiko", ("fig", "b"), ("tab", "t2"), ("md", "## Endring\n\n### Detalj"), ("fig", "c"))
    nb.cells.insert(3, _marked("## Fordeling"))
    from_code["status"] = nb
    written = str(render(CHAPTERS, NOTEBOOKS))
    assert str(render(CHAPTERS, from_code)) == written
    assert 'id="status-fordeling"' in written


def test_a_shown_heading_is_marked_for_the_assembly(monkeypatch):
    shown = []
    monkeypatch.setattr(headings, "_show", shown.append)
    headings.heading("Budsjett")
    headings.paragraph("Et avsnitt.", "Et til.")
    assert shown == ["## Budsjett", "Et avsnitt.\n\nEt til."]


# -------------------------------------------------------------------------- ch.figure(plot function)


def test_a_chapter_passes_the_plot_function_itself(tmp_path, monkeypatch):
    """``ch.figure(plots.budget_by_owner_group, …)`` shows what ``ch.figure("budget_by_owner_group", …)`` showed."""
    from ehp_analysis import plots
    from ehp_analysis.chapter import display, open_chapter
    from ehp_analysis.metrics import overview

    from .test_build import make_project

    shown = []
    monkeypatch.setattr(display, "_show", lambda markup, plain: shown.append(markup))
    ch = open_chapter("intro", period="2020-01", root=make_project(tmp_path / "p"))
    data = overview.budget_by_owner_group(ch.current)
    for kind in (plots.budget_by_owner_group, "budget_by_owner_group"):
        ch.figure(kind, data, name="budsjett", caption="Budsjett", with_previous=False)
    assert len(shown) == 2 and shown[0] == shown[1]
    assert "Budsjett" in shown[0]


# ------------------------------------------------------------------------------------ chapter titles


def test_the_chapter_titles_are_catalogue_messages_looked_up_at_use(monkeypatch):
    from ehp_analysis import words
    from ehp_analysis.report import chapters as chapter_list

    listed = chapter_list.load_chapters(check_notebooks=False)
    for title in [listed.title, *(c.title for c in listed)]:
        assert words._(title)  # an id missing from the catalogue raises KeyError
    monkeypatch.setattr(chapter_list, "_", lambda message: f"«{message}»")  # another written standard, after loading
    assert listed.shown_title == "«Nasjonal e-helseportefølje»"
    assert listed.get("strategi").shown_title == "«Realisering av nasjonal e-helsestrategi»"
    assert listed.get("vedlegg-2-datakvalitet").bare_title == "«Vedlegg 2 – Datakvalitet»"  # prefix inside the quotes
    assert [n.heading for n in listed.numbered()][:2] == ["1 «Oppsummering»", "2 «Om nasjonal e-helseportefølje»"]


def test_a_title_of_another_projects_list_shows_as_written():
    from ehp_analysis.chapter_list import ChapterEntry

    assert ChapterEntry("a", "Et kapittel ingen katalog har", appendix=True).bare_title == "Et kapittel ingen katalog har"
    assert ChapterEntry("b", "Vedlegg 4 – Egne tall", appendix=True).bare_title == "Egne tall"
