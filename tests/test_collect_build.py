"""The whole cycle end to end (slow: a real build): workbooks out for 2020-05, the owners' edits back, one owner's
workbook with an error, ``ehp collect`` refusing, ``--partial`` merging the rest, and the built draft showing
the changes and naming on its first page the organisation left out.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from ehp_analysis.cli import main
from ehp_analysis.report.build import build_periods

from .collect_support import PERIOD, fresh_inbox, make_root
from .test_collect import owner_edits, spoil_ks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("cycle"), notebooks=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("EHP_ROOT", str(root))
    try:
        inbox = fresh_inbox(root)
        owner_edits(inbox)
        spoil_ks(inbox)
        refused = main(["collect", PERIOD, str(inbox)])
        merged_before = (root / "data" / PERIOD / "prosjekter.csv").exists()
        draft = main(["collect", PERIOD, str(inbox), "--partial"])
        [result] = build_periods([PERIOD], root=root, jobs=2, cache=False)
    finally:
        mp.undo()
    html = result.report.read_text(encoding="utf-8")
    figures = json.loads((result.report.parent / "key_figures.json").read_text(encoding="utf-8"))
    return refused, merged_before, draft, BeautifulSoup(html, "html.parser"), figures


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).replace("\u00a0", " ")


def test_the_collection_refuses_then_merges_a_draft(built):
    refused, merged_before, draft, _, _ = built
    assert (refused, merged_before, draft) == (1, False, 0)


def test_the_first_page_says_the_period_is_incomplete_and_names_the_organisation(built):
    _, _, _, soup, figures = built
    assert ("Utkast: Perioden er ikke komplett; ett prosjekt fra KS er ikke levert (se oppsummeringen)."
            in text_of(soup.select_one("header.ehp-header")))
    summary = text_of(soup.select_one("section#oppsummering"))
    assert ("Perioden er ikke komplett: ett prosjekt fra forrige rapportering er ikke levert denne gangen, fra KS"
            " (ett prosjekt). Innleveringen fra KS er holdt utenfor fordi den har feil, så rapporten er et utkast."
            " Prosjektet regnes ikke som avsluttet og er ikke med når endringen i samlet budsjett forklares.") in summary
    assert "165 Nasjonalt prosjekt DigiHelse KS Innleveringen er holdt utenfor (feil)" in summary
    # the bridge compares the delivered projects only: KS's 165 had 2,075 mill. in January
    assert ("Tallet for januar 2020 gjelder bare prosjekter som er levert nå: ett prosjekt som ikke er levert denne"
            " gangen, er holdt utenfor (det hadde 2,08 mill. i januar 2020).") in summary
    assert figures["projects"]["not_delivered_ids"] == [165] and figures["budget"]["not_delivered_previous_total"] == 2.075


def test_the_report_shows_the_owners_changes(built):
    _, _, _, soup, figures = built
    # joined: 501; left: 172 (with its avsluttede row); 165 (KS, left out) is neither
    assert figures["projects"]["new_ids"] == [501] and figures["projects"]["left_ids"] == [172]
    about = text_of(soup.select_one("section#om-portefoljen"))
    assert "501 Nytt prosjekt i nord" in about
    assert "172 Digihelse fase 2 Oslo kommune Videreført i drift hos Oslo kommune" in about
    changes = text_of(soup.select_one("section#status-og-risiko"))
    # the budget typed as text "1 234,5", the formula's cached 42.5 (Helsedirektoratet's 5 had 73,8), the new red
    assert "101 Robust Mobilt Helsenett Helse Nord RHF Budsjett (mill.): 0,98 → 1 234,5" in changes
    assert "5 Nasjonalt program for velferdsteknologi Helsedirektoratet Budsjett (mill.): 73,8 → 42,5" in changes
    assert ("168 Digitale pasienttjenester i nord Helse Nord RHF Status: Gul → Rød Finansieringen for 2020 er ikke"
            " avklart") in changes
    assert 168 in figures["status"]["red_ids"]
    assert "Nasjonalt prosjekt DigiHelse" not in text_of(soup.select_one("section#vedlegg-1-prosjekter"))
