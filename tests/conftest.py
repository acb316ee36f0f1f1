"""Shared fixtures: small hand-written portfolios whose expected figures are worked out by hand in the tests.

Two periods, 2019-10 (ids 1–5) and 2020-01 (ids 1, 2, 3, 4, 6, 7):

- 5 left (has an ``avsluttede`` row), 6 and 7 joined (7 reports no budget);
- 2 stopped reporting a budget, 4 started reporting one, 1 and 3 reported both times;
- 2 moved from focus area 4.1 (previous) to 2.1 (now);
- the cost values sit on the band edges (9.99, 10, 299.5, 300, 500.01).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ehp_analysis.portfolio import build_portfolio  # noqa: E402

NA = None
YES5 = dict(benefit_owner=True, justification=True, benefits_identified=True, benefit_plan=True,
            benefit_realisation=True)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def project(id, type="prosjekt", organisation="Helsedirektoratet", focus_area="1.1", phase="gjennomføring",
            status="grønn", risk="grønn", **fields):
    """One project row (English field names), defaults for the required fields."""
    return dict(id=id, name=f"Prosjekt {id}", type=type, organisation=organisation, focus_area=focus_area,
                phase=phase, status=status, risk=risk, **fields)


def make(period, rows, dependencies=None, left=None, **kwargs):
    """A Portfolio from hand-written rows (``dependencies=None`` means no dependency table)."""
    deps = None if dependencies is None else pd.DataFrame(
        dependencies, columns=["project_id", "dependency", "category", "criticality", "status", "theme"])
    lft = None if left is None else pd.DataFrame(left, columns=["id", "next_steps"])
    return build_portfolio(period, pd.DataFrame(rows), deps, lft, **kwargs)


PREVIOUS_ROWS = [
    project(1, "program", "Direktoratet for e-helse", "1.1", "gjennomføring", "grønn", "gul",
            budget=100, total_cost=600, maintenance_cost=10, benefits=200),
    project(2, "prosjekt", "KS", "4.1", "planlegging", "grønn", "grønn",
            budget=20, total_cost=50, maintenance_cost=NA, benefits=0),
    project(3, "prosjekt", "Helse Vest RHF", "2.2", "gjennomføring", "gul", "gul", status_reasons=["ressurser"],
            budget=30, total_cost=300, maintenance_cost=5, benefits=NA),
    project(4, "prosjekt", "Helsedirektoratet", "3.2", "konsept", "gul", "grønn", status_reasons=["ressurser"],
            budget=NA, total_cost=NA, maintenance_cost=NA, benefits=50),
    project(5, "prosjekt", "Folkehelseinstituttet", "3.2", "avslutning", "grønn", "grønn",
            budget=8, total_cost=9.99, maintenance_cost=1, benefits=NA),
]

CURRENT_ROWS = [
    project(1, "program", "Direktoratet for e-helse", "1.1", "gjennomføring", "gul", "gul",
            status_reasons=["forsinkelser", "ressurser"], budget=90, total_cost=600, maintenance_cost=12,
            benefits=250, epj_criticality="høy", municipal_prerequisite=True, **YES5),
    project(2, "prosjekt", "KS", "2.1", "gjennomføring", "gul", "grønn", status_reasons=["finansiering"],
            budget=NA, total_cost=50, maintenance_cost=NA, benefits=0, epj_criticality="middels",
            municipal_prerequisite=True, benefit_owner=True, justification=True, benefits_identified=False),
    project(3, "prosjekt", "Helse Vest RHF", "2.2", "gjennomføring", "rød", "rød",
            status_reasons=["ressurser", "leverandør"], budget=35, total_cost=500.01, maintenance_cost=5,
            benefits=120, epj_criticality="lav", municipal_prerequisite=False, benefit_owner=True,
            status_comment="Forsinket leveranse", risk_comment="Kritisk avvik"),
    project(4, "prosjekt", "Helsedirektoratet", "3.2", "planlegging", "gul", "gul", status_reasons=[],
            budget=15, total_cost=299.5, maintenance_cost=NA, benefits=NA, epj_criticality="ingen"),
    project(6, "prosjekt", "Helse Nord RHF", "5.1", "konsept", "grønn", "grønn",
            budget=40, total_cost=10, maintenance_cost=2, benefits=NA, municipal_prerequisite=False, **YES5),
    project(7, "program", "Oslo kommune", "4.1", "planlegging", "grønn", "gul",
            budget=NA, total_cost=NA, maintenance_cost=NA, benefits=0, epj_criticality="middels",
            municipal_prerequisite=True, benefit_owner=True, justification=True, benefits_identified=True,
            benefit_plan=True, benefit_realisation=False),
]

CURRENT_DEPENDENCIES = [
    (1, "HelseID", "Tjenester og applikasjoner", "høy", "rød", "HelseID"),
    (1, "E-helseloven", "Regelverk", "høy", "grønn", NA),
    (3, "DIPS Arena", "Tjenester og applikasjoner", "middels", "rød", NA),
    (3, "Helsenett", "Infrastruktur og felleskomponenter", "høy", "gul", "Nett"),
    (4, "HelseID", "Tjenester og applikasjoner", "lav", "rød", "HelseID"),
]
PREVIOUS_DEPENDENCIES = [
    (1, "HelseID", "Tjenester og applikasjoner", "høy", "gul", "HelseID"),
    (3, "Helsenett", "Infrastruktur og felleskomponenter", "middels", "grønn", NA),
]


@pytest.fixture
def previous():
    return make("2019-10", PREVIOUS_ROWS, PREVIOUS_DEPENDENCIES)


@pytest.fixture
def current():
    return make("2020-01", CURRENT_ROWS, CURRENT_DEPENDENCIES, left=[(5, "Går over til forvaltning")])


@pytest.fixture
def current_without_left_note():
    """The same period, but nobody said what became of project 5."""
    return make("2020-01", CURRENT_ROWS, CURRENT_DEPENDENCIES, left=[])


@pytest.fixture
def make_portfolio():
    """The :func:`make` builder, for tests that write their own rows."""
    return make


@pytest.fixture
def project_row():
    """The :func:`project` row builder."""
    return project


@pytest.fixture(scope="session")
def site_2020(tmp_path_factory):
    """The embedded 2020-01 built once for the session in a copy of the project (a hostile project name, see
    test_report_e2e.copy_project), with the PDF and the website (``publisert``, ``site_url`` set): the browser
    tests (test_browser.py) and the site's tests (test_site.py) share it. Fails without Chromium."""
    import shutil

    from ehp_analysis.report.build import build_periods
    from tests.test_report_e2e import copy_project

    if not shutil.which("/usr/bin/chromium"):
        pytest.fail("Chromium mangler (/usr/bin/chromium). Kjør .ci/run (installerer chromium og poppler-utils).",
                    pytrace=False)
    root = copy_project(tmp_path_factory.mktemp("site-2020"))
    params = root / "parameters" / "2020-01.yaml"
    params.write_text(params.read_text(encoding="utf-8") + 'publisert: "2020-02-03"\n'
                      'site_url: "https://example.org/portefolje/2020-01/"\n', encoding="utf-8")
    [result] = build_periods(["2020-01"], root=root, jobs=2, cache=False, pdf=True,
                             formats=("key_figures", "html", "site"))
    return root, result
