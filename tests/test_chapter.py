"""open_chapter: the periods a chapter declared, its own commentary, and the validated periods the build hands over."""

from __future__ import annotations

import json
import pickle

import pytest

from ehp_analysis.chapter import open_chapter
from ehp_analysis.chapter import view as chapter
from ehp_analysis.config import paths
from ehp_analysis.exceptions import ConfigError, UndeclaredReadError
from ehp_analysis.report.build import check_inputs
from ehp_analysis.report.cache import Cache
from ehp_analysis.chapter_list import load_chapters
from ehp_analysis.report.outputs import DEFAULT_FORMATS, formats_for
from ehp_analysis.report.plan import plan_build, shared_key
from ehp_analysis.validate import load_period

from .test_build import make_project


@pytest.fixture(autouse=True)
def fresh_loader(monkeypatch):
    monkeypatch.delenv("EHP_PORTFOLIOS", raising=False)
    chapter._load.cache_clear()
    yield
    chapter._load.cache_clear()


def test_handed_over_portfolio_is_used(tmp_path, monkeypatch):
    real = load_period("2020-01")
    marked = type(real)(**{**real.__dict__, "files": {**real.files, "merke.txt": "fra bygget"},
                           "texts": {"oppsummering": "gammel tekst"}})
    file = tmp_path / "p.pickle"
    file.write_bytes(pickle.dumps(marked))
    monkeypatch.setenv("EHP_PORTFOLIOS", json.dumps({"2020-01": str(file)}))
    loaded = chapter._load("2020-01", str(paths().root))
    assert loaded.files["merke.txt"] == "fra bygget"
    # the commentary is not what was stored, but what the period's tekst/ holds now
    assert loaded.texts == real.texts and loaded.texts["oppsummering"] != "gammel tekst"


@pytest.mark.parametrize("content", [b"not a pickle", None])
def test_unreadable_hand_over_falls_back_to_validating(tmp_path, monkeypatch, content):
    file = tmp_path / "p.pickle"
    if content is not None:
        file.write_bytes(content)
    monkeypatch.setenv("EHP_PORTFOLIOS", json.dumps({"2020-01": str(file)}))
    assert len(chapter._load("2020-01", str(paths().root)).projects) == 54


def test_check_inputs_stores_and_reuses_the_validated_periods(tmp_path):
    project = make_project(tmp_path / "p")
    store = Cache(project / ".ehp-cache")
    shared = shared_key()
    formats = [(f.name, f.reads) for f in formats_for(DEFAULT_FORMATS)]
    plan = plan_build(["2020-01"], paths=paths(project), chapters=load_chapters(project), formats=formats,
                      shared=shared).periods[0]
    files: dict[str, str] = {}
    loaded = check_inputs([plan], cache=store, shared=shared, portfolio_files=files)
    assert set(loaded) == set(files) == {"2020-01", "2019-10"}
    with open(files["2020-01"], "rb") as fh:
        assert pickle.load(fh).projects["id"].tolist() == [1, 2, 3]
    again: dict[str, str] = {}
    assert check_inputs([plan], cache=store, shared=shared, portfolio_files=again) == {}
    assert again == files  # remembered: not validated again, the same files handed over


# ------------------------------------------------------------------------------ declared reads
# The tiny project of test_build: intro reads previous, analyse and vedlegg read only their period.


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "data" / "2020-01" / "tekst" / "analyse.md").write_text("Analysens kommentar.\n", encoding="utf-8")
    (root / "data" / "2019-10" / "tekst").mkdir()
    (root / "data" / "2019-10" / "tekst" / "intro.md").write_text("Forrige periodes kommentar.\n",
                                                                  encoding="utf-8")
    return root


def test_a_chapter_that_reads_current_may_not_read_the_previous_period(project):
    ch = open_chapter("analyse", period="2020-01", root=project)
    assert ch.current.period == "2020-01" and ch.current.projects["id"].tolist() == [1, 2, 3]
    with pytest.raises(UndeclaredReadError, match="«analyse».*«reads: current».*«reads: previous»"):
        ch.previous
    with pytest.raises(UndeclaredReadError, match="«analyse».*«reads: chain»"):
        ch.chain


def test_a_chapter_that_reads_previous_gets_it_but_not_the_chain(project):
    ch = open_chapter("intro", period="2020-01", root=project)
    assert ch.previous.period == "2019-10" and ch.previous.projects["id"].tolist() == [1]
    with pytest.raises(UndeclaredReadError, match="«intro».*«reads: previous».*«reads: chain»"):
        ch.chain


def test_a_period_without_a_previous_period_gives_none(project):
    ch = open_chapter("intro", period="2019-10", root=project)
    assert ch.period == "2019-10" and ch.previous is None


def test_a_chapter_that_reads_the_chain_gets_every_period_oldest_first(project):
    chapters_file = project / "notebooks" / "chapters.yaml"
    chapters_file.write_text(chapters_file.read_text(encoding="utf-8").replace("reads: previous", "reads: chain"),
                             encoding="utf-8")
    ch = open_chapter("intro", period="2020-01", root=project)
    assert [p.period for p in ch.chain] == ["2019-10", "2020-01"]
    assert ch.previous.period == "2019-10"


def test_a_chapter_sees_only_its_own_commentary(project):
    intro = open_chapter("intro", period="2020-01", root=project)
    assert list(intro.current.texts) == ["intro"]
    assert [f for f in intro.current.files if f.startswith("tekst/")] == ["tekst/intro.md"]
    analyse = open_chapter("analyse", period="2020-01", root=project)
    assert analyse.current.texts == {"analyse": "Analysens kommentar.\n"}
    assert [f for f in analyse.current.files if f.startswith("tekst/")] == ["tekst/analyse.md"]
    vedlegg = open_chapter("vedlegg", period="2020-01", root=project)  # has none
    assert vedlegg.current.texts == {}
    assert not any(f.startswith("tekst/") for f in vedlegg.current.files)
    assert "prosjekter.csv" in vedlegg.current.files  # the data files stay listed


def test_earlier_periods_show_no_commentary_outside_the_chapters_key(project):
    """What a chapter can read of an earlier period is in its cache key: no other chapter's commentary, and its
    own earlier commentary only if editing it re-runs the chapter. (Against d1cdddd intro saw all of 2019-10's
    tekst/ and its key covered none of it.)
    """
    (project / "data" / "2019-10" / "tekst" / "analyse.md").write_text("Annet kapittel.\n", encoding="utf-8")

    def intro_key() -> str:
        plan = plan_build(["2020-01"], paths=paths(project), chapters=load_chapters(project), formats=[])
        return plan.periods[0].tasks[0].key

    ch = open_chapter("intro", period="2020-01", root=project)
    assert ch.previous.period == "2019-10"
    assert "analyse" not in ch.previous.texts  # another chapter's commentary
    assert not any(f.startswith("tekst/") and f != "tekst/intro.md" for f in ch.previous.files)
    if "intro" in ch.previous.texts:  # its own earlier commentary: then it must be in the key
        before = intro_key()
        (project / "data" / "2019-10" / "tekst" / "intro.md").write_text("Endret.\n", encoding="utf-8")
        assert intro_key() != before
    # Under the build a chapter reads no commentary at all: the assembly places it (issue 25), so no chapter's key
    # covers it.
    (project / "data" / "2020-01" / "tekst").mkdir(exist_ok=True)
    (project / "data" / "2020-01" / "tekst" / "intro.md").write_text("Denne perioden.\n", encoding="utf-8")
    built = open_chapter("intro", period="2020-01", root=project, output_dir=str(project / "ut"))
    assert [p.texts for p in built.periods.portfolios] == [{}, {}]
    assert not any(f.startswith("tekst/") for p in built.periods.portfolios for f in p.files)


def test_a_chapter_not_in_the_chapter_list_is_refused(project):
    with pytest.raises(ConfigError, match="«ukjent» står ikke i .*chapters.yaml"):
        open_chapter("ukjent", period="2020-01", root=project)


def test_warnings_name_a_project_that_left_from_the_previous_period(project):
    # 2019-10 had 1 "A" and 9 "Gammelt prosjekt"; 2020-01 has 1, 2, 3 and no avsluttede.csv.
    previous = project / "data" / "2019-10" / "prosjekter.csv"
    previous.write_text(previous.read_text(encoding="utf-8")
                        + "9;Gammelt prosjekt;5;grønn;prosjekt;KS;1.1;planlegging;grønn;\n", encoding="utf-8")
    ch = open_chapter("intro", period="2020-01", root=project)
    [warning] = ch.warnings()
    assert (warning.file, warning.row, warning.column, warning.project_id, warning.project_name) == (
        "prosjekter.csv", None, None, 9, "Gammelt prosjekt")
    assert str(warning).startswith("prosjekter.csv, prosjekt 9 «Gammelt prosjekt»: prosjektet var med i forrige "
                                   "periode (2019-10), men mangler nå: ")
    assert "står ikke i" not in str(warning)
    # ehp validate says the same, read from the files
    from ehp_analysis.validate import validate_target

    assert validate_target("2020-01", project).warnings == [warning]
    # a chapter that reads only its period compares nothing
    assert open_chapter("analyse", period="2020-01", root=project).warnings() == []


def test_vedlegg_2_groups_the_warnings_and_writes_every_one(project, tmp_path, monkeypatch):
    from ehp_analysis.chapter import display
    from ehp_analysis.problems import WARNING, Problem

    shown = []
    monkeypatch.setattr(display, "show", lambda markup, plain: shown.append(markup))
    ch = open_chapter("intro", period="2020-01", root=project, output_dir=str(tmp_path / "ut"))
    warnings = [Problem("prosjekter.csv", r, "statusarsaker", None, "gul uten årsak", WARNING, project_id=r - 1,
                        project_name=f"P{r - 1}") for r in (2, 3, 4, 9)]
    ch.problem_table(warnings, name="valideringsadvarsler", caption="Advarsler")
    assert "4 advarsler i 1 fil" in shown[0]
    assert 'class="ehp-table ehp-sortable"' in shown[1]  # filterable, like Vedlegg 1
    assert "linje 2–4, 9" in shown[1] and "prosjektene 1 «P1», 2 «P2», 3 «P3» og 8 «P8»" in shown[1]
    tables = tmp_path / "ut" / "tables"
    grouped = (tables / "valideringsadvarsler.csv").read_text(encoding="utf-8-sig").splitlines()
    every = (tables / "valideringsadvarsler-alle.csv").read_text(encoding="utf-8-sig").splitlines()
    assert grouped[0] == "Fil;Kolonne;Problem;Antall;Rader;Eksempler" and len(grouped) == 2
    assert every[0] == "Fil;Rad;Kolonne;Prosjekt-ID;Prosjekt;Verdi;Problem"
    assert every[1:] == [f"prosjekter.csv;{r};statusarsaker;{r - 1};P{r - 1};;gul uten årsak" for r in (2, 3, 4, 9)]

    shown.clear()
    ch.problem_table([], name="ingen", caption="Advarsler")
    assert len(shown) == 1 and "ingen advarsler" in shown[0]
    assert (tables / "ingen-alle.csv").read_text(encoding="utf-8-sig").splitlines() == [every[0]]


def test_a_share_column_never_reads_0_percent(project, tmp_path, monkeypatch):
    """report.md: "0 %" is never written; a zero share is "ingen", a tiny one "under 1 %", one short of all
    "over 99 %" (in a table cell as in a sentence)."""
    import pandas as pd

    from ehp_analysis.chapter import display

    shown = []
    monkeypatch.setattr(display, "show", lambda markup, plain: shown.append(markup))
    ch = open_chapter("intro", period="2020-01", root=project, output_dir=str(tmp_path / "ut"))
    frame = pd.DataFrame({"field": ["a", "b", "c", "d"], "share": [0.0, 1 / 244, 243 / 244, 0.5]})
    ch.table(frame, name="andeler", caption="Andeler", with_previous=False)
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in shown[-1].split("<td")[1:]][1::2]
    assert cells == ["ingen", "under 1\u00a0%", "over 99\u00a0%", "50\u00a0%"]


def test_a_figure_is_drawn_by_the_plot_function_itself(project, monkeypatch):
    """ch.figure takes the plot function (no lookup by name); the budget figures get each period's budget year."""
    import functools

    from ehp_analysis import plots
    from ehp_analysis.chapter import display
    from ehp_analysis.metrics import status, strategy

    shown = []
    monkeypatch.setattr(display, "show", lambda markup, plain: shown.append(markup))
    ch = open_chapter("intro", period="2020-01", root=project)
    data = strategy.budget_by_strategic_area(ch.current)
    ch.figure(plots.budget_by_strategic_area, data, name="omrader", caption="Budsjett per område")
    ch.figure(plots.budget_by_strategic_area, data, name="omrader", caption="Budsjett per område")  # drawn again
    assert len(shown) == 2 and shown[0] == shown[1] and 'id="fig-omrader"' in shown[0]

    real, seen = plots.budget_by_strategic_area, {}

    @functools.wraps(real)
    def spy(frame, **kwargs):
        seen.update(kwargs)
        return real(frame, **kwargs)

    monkeypatch.setattr(plots, "budget_by_strategic_area", spy)
    ch.figure(plots.budget_by_strategic_area, data, name="omrader", caption="Budsjett per område")
    assert seen["budget_years"]["2020-01"] == ch.current.budget_year == 2020
    # a figure without budget years is not handed them (its signature would refuse them)
    ch.figure(plots.status_risk_shares, status.colour_shares(ch.current), name="farger", caption="Farger")
    assert 'id="fig-farger"' in shown[-1]
