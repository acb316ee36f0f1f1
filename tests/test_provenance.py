"""Provenance: the machine-readable record (data/<period>/provenance.yaml) and what the report marks from it.

Expected texts are written by hand from the rules in ../shared/spec/report.md ("Provenance is visible",
"First period of a chain"), not copied from the code's output.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from ehp_analysis import text
from ehp_analysis.chapter import display, open_chapter
from ehp_analysis.config import load_parameters
from ehp_analysis.exceptions import ConfigError
from ehp_analysis.provenance import load_provenance, parse
from ehp_analysis.report import assemble

from .test_build import make_project

ROOT = Path(__file__).resolve().parents[1]
# A period with a mix: identity, status and budget published; everything else reconstructed.
MIXED = {"source": "Rapport X", "published": {"prosjekter": ["id", "navn", "status", "budsjett"],
                                               "avsluttede": ["id", "veien_videre"]}}
ALL_RECONSTRUCTED = {"source": "Rapport X", "published": {}}


@pytest.mark.parametrize("fields, expected", [
    (("budsjett",), False),
    (("id", "navn", "status"), False),
    (("risiko",), True),                      # not listed: reconstructed
    (("budsjett", "statusarsaker"), True),     # one reconstructed field is enough
    (("avsluttede",), False),                  # every column of Tabell 2 published
    (("avhengigheter",), True),                # a table not listed at all
    (("avhengigheter.status",), True),
    (("prosjekter",), True),                   # the whole table: some columns reconstructed
    ((), False),
])
def test_a_mixed_record_says_which_fields_are_reconstructed(fields, expected):
    assert parse(MIXED).rests_on_reconstructed(fields) is expected


def test_a_record_with_nothing_published_marks_every_field():
    prov = parse(ALL_RECONSTRUCTED)
    assert prov.all_reconstructed and prov.rests_on_reconstructed(("id",))


@pytest.mark.parametrize("raw, message", [
    ({"published": {"prosjekter": ["budget"]}}, "ingen kolonne «budget»"),
    ({"published": {"tabell": ["id"]}}, "ukjent tabell «tabell»"),
    ({"published": ["id"]}, "published"),
])
def test_a_bad_record_is_refused(raw, message):
    with pytest.raises(ConfigError, match=message):
        parse(raw)


def test_an_unknown_field_in_a_chapter_is_an_error_not_an_unmarked_number():
    with pytest.raises(ConfigError, match="Ukjent felt «budget»"):
        parse(MIXED).rests_on_reconstructed(("budget",))


def test_without_a_record_nothing_is_marked_unless_the_parameters_say_reconstructed(tmp_path):
    assert not load_provenance(tmp_path).any_reconstructed
    assert load_provenance(tmp_path, reconstructed=True).all_reconstructed


def test_the_embedded_periods_have_records_as_provenance_md_says():
    now = load_provenance(ROOT / "data" / "2020-01")
    assert sorted(now.published) == sorted(["id", "navn", "ansvarlig_virksomhet", "prosjekteier", "innsatsomrade",
                                            "status", "risiko", "budsjett", "avsluttede.id",
                                            "avsluttede.veien_videre"])
    assert load_provenance(ROOT / "data" / "2019-10").all_reconstructed


# ------------------------------------------------------------------------------- the chapter view


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "p")
    for period, record in (("2020-01", MIXED), ("2019-10", ALL_RECONSTRUCTED)):
        (root / "data" / period / "provenance.yaml").write_text(yaml.safe_dump(record, allow_unicode=True),
                                                                encoding="utf-8")
    return root


@pytest.fixture
def shown(monkeypatch):
    out: list[str] = []
    monkeypatch.setattr(display, "show", lambda markup, plain: out.append(plain))
    return out


@pytest.mark.parametrize("fields, with_previous, expected", [
    (("budsjett",), True, "A. (Tallene for oktober 2019 er rekonstruerte.)"),
    (("budsjett",), False, "A."),
    (("risiko",), True, "A. (Tallene bygger på rekonstruerte data, også for oktober 2019.)"),
    (("risiko",), False, "A. (Tallene bygger på rekonstruerte data.)"),
    ((), True, "A."),
])
def test_a_paragraph_says_when_its_numbers_rest_on_reconstructed_fields(project, shown, fields, with_previous,
                                                                         expected):
    ch = open_chapter("intro", period="2020-01", root=project)  # reads previous
    ch.text("A.", fields=fields, with_previous=with_previous)
    assert shown == [expected]


@pytest.mark.parametrize("fields, with_previous, expected", [
    (("statusarsaker",), False, "Tabell: Årsaker (rekonstruerte data: statusårsaker)"),
    (("id", "statusarsaker", "risiko"), False, "Tabell: Årsaker (rekonstruerte data: statusårsaker og risiko)"),
    (("id", "status"), True, "Tabell: Årsaker (rekonstruerte data for oktober 2019)"),
    (("id", "status"), False, "Tabell: Årsaker"),
])
def test_a_table_caption_is_marked(project, shown, fields, with_previous, expected):
    ch = open_chapter("intro", period="2020-01", root=project)
    ch.table(pd.DataFrame({"reason": ["ressurser"], "count": [2]}), name="t", caption="Årsaker", fields=fields,
             with_previous=with_previous)
    assert shown == [expected]


def test_a_chapter_that_reads_only_its_period_is_not_marked_for_the_previous(project, shown):
    ch = open_chapter("analyse", period="2020-01", root=project)  # reads current
    ch.text("A.", fields=("budsjett",))
    assert shown == ["A."]


def test_a_first_period_shows_no_previous_period_columns(project, shown, monkeypatch):
    frames = []
    monkeypatch.setattr(display, "table", lambda frame, **kw: frames.append(list(frame.columns)))
    frame = pd.DataFrame({"focus_area": ["1.1"], "budget": [1.0], "previous_budget": [pd.NA], "change": [pd.NA],
                          "previous_projects": [pd.NA]})
    open_chapter("intro", period="2019-10", root=project).table(frame, name="t", caption="T")
    open_chapter("intro", period="2020-01", root=project).table(frame, name="t", caption="T")
    assert frames == [["Innsatsområde", "Budsjett (mill.)"],
                      ["Innsatsområde", "Budsjett (mill.)", "Budsjett forrige (mill.)", "Endring (mill.)",
                       "Prosjekter forrige"]]


def test_the_note_of_a_mixed_period_names_what_is_published_and_that_the_previous_is_reconstructed(project,
                                                                                                     shown):
    open_chapter("intro", period="2020-01", root=project).reconstructed_note()
    assert shown == [
        "> **Merk:** Dataene for denne perioden er delvis rekonstruert ut fra «Rapport X»: ID, navn, status, "
        "budsjett og avsluttede prosjekter med veien videre er publisert; de øvrige verdiene er syntetiske, "
        "kalibrert slik at de publiserte tallene gjenskapes. Dataene for forrige periode (oktober 2019) er "
        "rekonstruert i sin helhet ut fra «Rapport X»: alle verdiene er syntetiske, kalibrert slik at de "
        "publiserte tallene gjenskapes; ingen enkeltverdi er hentet fra en rapport. Figurer, tabeller og "
        "avsnitt som bygger på rekonstruerte felt, er merket «rekonstruerte data»."]


def test_a_wholly_reconstructed_first_period_never_says_a_field_is_published(project, shown):
    open_chapter("intro", period="2019-10", root=project).reconstructed_note()
    assert len(shown) == 1 and "er publisert" not in shown[0] and "i sin helhet" in shown[0]
    params = load_parameters("2019-10", project)
    banner = assemble._provenance_notes(params)
    assert banner == ["Dataene for denne perioden er rekonstruert i sin helhet. Det som bygger på rekonstruerte "
                      "felt, er merket «rekonstruerte data»."]


def test_the_banner_says_the_previous_period_is_reconstructed(project):
    assert assemble._provenance_notes(load_parameters("2020-01", project)) == [
        "Dataene for denne perioden er delvis rekonstruert; dataene for forrige periode (oktober 2019) er "
        "rekonstruert i sin helhet. Det som bygger på rekonstruerte felt, er merket «rekonstruerte data»."]


def test_the_office_s_own_data_has_no_note(tmp_path, shown):
    root = make_project(tmp_path / "p")
    open_chapter("intro", period="2020-01", root=root).reconstructed_note()
    assert shown == [] and assemble._provenance_notes(load_parameters("2020-01", root)) == []


# ----------------------------------------------------------------------------------------- wording


@pytest.mark.parametrize("now, previous, caption, paragraph", [
    (True, None, " (rekonstruerte data)", "(Tallene bygger på rekonstruerte data.)"),
    (False, "2019-10", " (rekonstruerte data for oktober 2019)", "(Tallene for oktober 2019 er rekonstruerte.)"),
    (False, None, "", ""),
])
def test_provenance_wording(now, previous, caption, paragraph):
    assert text.provenance_caption_suffix(now, previous) == caption
    assert text.provenance_sentence(now, previous) == paragraph


@pytest.mark.parametrize("now, before, expected", [
    (2020, 2019, "budsjett 2020 mot budsjett 2019"),
    (2020, 2020, "budsjett 2020 i begge periodene"),  # both years named, also when they are the same
    (2020, None, "budsjett 2020"),
    (None, None, "budsjett"),
])
def test_budget_years_phrase(now, before, expected):
    assert text.budget_years_phrase(now, before) == expected


def test_moved_projects_are_named_before_and_after():
    assert text.moved_focus_area_sentence(
        [("Kjernejournal (Direktoratet for e-helse)", "1.1 Modernisere", "2.1 Sikre planlegging")], "2019-10") == (
        "Kjernejournal (Direktoratet for e-helse) har byttet innsatsområde siden oktober 2019, fra 1.1 Modernisere "
        "til 2.1 Sikre planlegging.")
    assert text.moved_focus_area_sentence(
        [("A (X)", "1.1 E", "2.1 F"), ("B (Y)", "3.1 G", "1.1 E")], "2019-10") == (
        "To prosjekter har byttet innsatsområde siden oktober 2019: A (X) fra 1.1 E til 2.1 F og B (Y) fra 3.1 G "
        "til 1.1 E.")
    assert text.moved_focus_area_sentence([], "2019-10") == ""


def test_a_wholly_reconstructed_period_marks_captions_without_naming_fields(project, shown):
    ch = open_chapter("intro", period="2019-10", root=project)
    ch.table(pd.DataFrame({"reason": ["ressurser"]}), name="t", caption="Årsaker", fields=("statusarsaker",))
    assert shown == ["Tabell: Årsaker (rekonstruerte data)"]


def test_a_wholly_reconstructed_period_says_so_once_per_chapter_and_in_every_caption(project, shown):
    # 2019-10 in the fixture is reconstructed in full: the title page says so, each chapter says it once
    # (at its first paragraph with numbers), and every caption keeps its own mark.
    ch = open_chapter("intro", period="2019-10", root=project)
    ch.text("A.", fields=("budsjett",))
    ch.text("B.", fields=("status",))
    ch.table(pd.DataFrame({"reason": ["ressurser"], "count": [2]}), name="t", caption="Årsaker", fields=("id",))
    ch.text("C.")
    assert shown == ["A. (Alle tall for denne perioden bygger på rekonstruerte data.)", "B.",
                     "Tabell: Årsaker (rekonstruerte data)", "C."]
    again = open_chapter("intro", period="2019-10", root=project)  # a new chapter says it again
    again.bullets(["x"], fields=("risiko",))
    assert shown[-1] == "(Alle tall for denne perioden bygger på rekonstruerte data.)"
