"""Projects not delivered this time (``ikke_levert.csv``): never left, never in the budget bridge (report.md,
"Left and joined"), listed apart, and the first page says the period is incomplete.

The hand fixture of conftest.py with project 3 (Helse Vest RHF, budget 30 in 2019-10) not delivered in 2020-01.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ehp_analysis import text
from ehp_analysis.metrics import overview
from ehp_analysis.metrics.key_figures import key_figures
from ehp_analysis.roster import read_roster, write_roster
from ehp_analysis.validate import change_warnings

from .conftest import CURRENT_ROWS, make

ROSTER = pd.DataFrame({"id": [3], "name": ["Prosjekt 3"], "organisation": ["Helse Vest RHF"],
                       "reason": ["no_submission"]}).astype({"name": "string", "organisation": "string",
                                                             "reason": "string"})


@pytest.fixture
def incomplete():
    rows = [r for r in CURRENT_ROWS if r["id"] != 3]
    return make("2020-01", rows, left=[(5, "Går over til forvaltning")], not_delivered=ROSTER)


def test_not_delivered_is_neither_left_nor_joined(incomplete, previous):
    # 2019-10 has 1–5, 2020-01 now 1, 2, 4, 6, 7; 3 not delivered, so only 5 left
    assert overview.left_ids(incomplete, previous) == [5]
    assert overview.joined_ids(incomplete, previous) == [6, 7]
    assert overview.not_delivered_ids(incomplete, previous) == [3]
    assert list(overview.left_projects(incomplete, previous)["id"]) == [5]


def test_the_bridge_leaves_not_delivered_out(incomplete, previous):
    bridge = overview.budget_bridge(incomplete, previous)
    # previous budgets 1:100, 2:20, 3:30, 4:–, 5:8 = 158; without 3 (not delivered): 128
    assert bridge.previous_total == pytest.approx(128)
    assert bridge.not_delivered == pytest.approx(30) and bridge.not_delivered_ids == [3]
    # left: 5 (8) → −8; joined: 6 (40) and 7 (none) → 40; stopped: 2 (20) → −20; started: 4 (15) → 15;
    # continuing: 1, 100 → 90 → −10; now 90 + 15 + 40 = 145 = 128 − 8 + 40 − 20 + 15 − 10
    assert (bridge.left, bridge.joined, bridge.stopped_reporting, bridge.started_reporting,
            bridge.continuing_change, bridge.total) == pytest.approx((-8, 40, -20, 15, -10, 145))
    kf = key_figures(incomplete, previous)
    assert kf["projects"]["not_delivered_ids"] == [3] and kf["projects"]["left_ids"] == [5]
    assert kf["budget"]["not_delivered_previous_total"] == 30
    assert kf["budget"]["bridge"]["previous_total"] == 128


def test_a_complete_period_is_as_before(current, previous):
    kf = key_figures(current, previous)
    assert kf["projects"]["not_delivered_ids"] == [] and kf["budget"]["not_delivered_previous_total"] is None
    assert overview.budget_bridge(current, previous).previous_total == pytest.approx(158)
    assert text.incomplete_period_note(current.not_delivered) == ""
    assert text.incomplete_banner(current.not_delivered) == ""


def test_no_left_warning_for_not_delivered(incomplete):
    previous = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"}
    warned = {p.project_id for p in change_warnings(incomplete, previous, previous_period="2019-10")}
    assert warned == set()  # 5 has its avsluttede row; 3 is not delivered, not "left without a word"


def test_the_first_page_says_the_period_is_incomplete(incomplete, previous):
    note = text.incomplete_period_note(overview.not_delivered_projects(incomplete))
    assert note == ("Perioden er ikke komplett: ett prosjekt fra forrige rapportering er ikke levert denne gangen,"
                    " fra Helse Vest RHF (ett prosjekt). Ingen innrapportering er kommet fra Helse Vest RHF."
                    " Prosjektet regnes ikke som avsluttet og er ikke med når endringen i samlet budsjett forklares.")
    assert text.incomplete_banner(incomplete.not_delivered) == (
        "Perioden er ikke komplett; ett prosjekt fra Helse Vest RHF er ikke levert (se oppsummeringen).")
    kf = key_figures(incomplete, previous)
    bridge = text.bridge_sentence(kf, overview.budget_bridge(incomplete, previous), incomplete.projects)
    assert ("Tallet for oktober 2019 gjelder bare prosjekter som er levert nå: ett prosjekt som ikke er levert"
            " denne gangen, er holdt utenfor (det hadde 30 mill. i oktober 2019).") in bridge


def test_a_draft_names_the_organisations_left_out():
    roster = pd.DataFrame({"id": [3, 8], "name": ["A", "B"], "organisation": ["Oslo kommune", "KS"],
                           "reason": ["left_out", "missing"]})
    assert text.incomplete_banner(roster) == (
        "Utkast: Perioden er ikke komplett; to prosjekter fra KS og Oslo kommune er ikke levert (se oppsummeringen).")
    assert "Innleveringen fra Oslo kommune er holdt utenfor fordi den har feil, så rapporten er et utkast." \
        in text.incomplete_period_note(roster)


def test_the_roster_file_round_trips(tmp_path):
    write_roster(tmp_path / "ikke_levert.csv", [
        {"id": 81, "name": "Akson", "organisation": "Direktoratet for e-helse", "reason": "missing"},
        {"id": 3, "name": "=cmd", "organisation": "Helse Vest RHF", "reason": "no_submission"}])
    assert (tmp_path / "ikke_levert.csv").read_text(encoding="utf-8").splitlines() == [
        "id,navn,ansvarlig_virksomhet,grunn",
        "81,Akson,Direktoratet for e-helse,mangler i innleveringen",
        "3,=cmd,Helse Vest RHF,ingen innlevering fra virksomheten"]
    problems = []
    roster = read_roster(tmp_path, problems, delivered={81})
    assert list(roster["id"]) == [3] and list(roster["reason"]) == ["no_submission"]
    # a name a spreadsheet would run is an error of the roster too (collection.md: nothing merged can run)
    assert [str(p) for p in problems] == [
        "ikke_levert.csv, linje 3, kolonne «navn»: verdien «=cmd»: teksten begynner som en formel («=cmd»); et"
        " regneark ville kjørt den. Skriv teksten uten =, +, -, @ eller tabulator først",
        "ikke_levert.csv, linje 2, kolonne «id», prosjekt 81 «Akson»: verdien «81»: prosjektet står som ikke levert,"
        " men er i prosjekter; det regnes som levert"]


def test_a_bad_roster_is_said(tmp_path):
    (tmp_path / "ikke_levert.csv").write_text("id;navn\nabc;X\n", encoding="utf-8")
    problems = []
    assert read_roster(tmp_path, problems) is not None
    assert [str(p) for p in problems] == [
        "ikke_levert.csv, linje 2, kolonne «id»: verdien «abc»: forventet et heltall større enn 0"]
    assert read_roster(tmp_path / "nowhere", []) is None
