"""The 2020-01 report built in nynorsk (``ehp build --malform nynorsk``), one build shared by every check below:
its numbers are the bokmål report's (key_figures.json equal apart from ``malform``, the published figures
back), and its generated text is nynorsk (hunspell nn_NO with tests/ordliste-nynorsk.txt, no bokmål marker).
"""

from __future__ import annotations

import functools

import copy
import json
import re

import pytest
from bs4 import BeautifulSoup

from ehp_analysis import words
from ehp_analysis.report.build import build_periods

from .spelling import NYNORSK, misspelled
from .test_nynorsk import bokmal_forms, grammar_problems
from .test_report_e2e import copy_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_nn(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("nynorsk"))
    [result] = build_periods(["2020-01"], root=root, jobs=2, cache=False, malform="nynorsk")
    html = result.report.read_text(encoding="utf-8")
    return root, result, html, BeautifulSoup(html, "html.parser")


def paragraphs(soup: BeautifulSoup) -> list[str]:
    """The report's generated paragraphs (file names left out, as tests/test_language.py takes them)."""
    return [re.sub(r"\S+\.(?:csv|md|png|json)\b", " ", " ".join(el.get_text(" ").split()))
            for el in soup.select(".ehp-text")]


def generated_text(soup: BeautifulSoup) -> list[str]:
    """The report's generated sentences: its paragraphs and list items."""
    return paragraphs(soup) + [" ".join(el.get_text(" ").split()) for el in soup.select(".ehp-list li")]


def check_nynorsk_report(soup: BeautifulSoup, root, periods: list[str]) -> None:
    """Every generated sentence of a built report is nynorsk: no bokmål marker, spelled by nn_NO with
    tests/ordliste-nynorsk.txt (the names of ``periods``' data masked), and the nynorsk grammar rules kept."""
    from ehp_analysis import load_period

    from .test_language import _names as names_of

    texts = generated_text(soup)
    assert len(texts) > 10
    assert '<html lang="nn">' in str(soup)[:200]
    loaded = [load_period(p, root) for p in periods]
    names = names_of(*loaded)
    for period in loaded:  # what the owners wrote about their dependencies (themes, texts) is theirs too
        if period.dependencies is not None:
            for column in period.dependencies.select_dtypes(include="object"):
                names |= set(period.dependencies[column].dropna().astype(str))
    names |= {name[:1].upper() + name[1:] for name in names}  # a theme starts a bullet capitalised
    # the data's own names (projects, organisations, what they depend on) are written by the owners, in any standard
    masked = {t: functools.reduce(lambda text, name: text.replace(name, " "), sorted(names, key=len, reverse=True), t)
              for t in texts}
    assert {t: bokmal_forms(m) for t, m in masked.items() if bokmal_forms(m)} == {}
    assert misspelled(texts, names, **NYNORSK) == {}
    # the grammar rules read running text, as bokmål's do (a list item may count "(3 prosjekt)")
    assert {t: grammar_problems(t) for t in paragraphs(soup) if grammar_problems(t)} == {}


def test_the_page_says_nynorsk(built_nn):
    _, _, html, _ = built_nn
    assert '<html lang="nn">' in html


def test_key_figures_equal_the_bokmal_ones_apart_from_malform(built_nn):
    """The published-figure back-test on the nynorsk build: the same figures as bokmål, checked against the
    published report's numbers (tests/test_report_e2e.py checks the bokmål text of the same figures)."""
    from ehp_analysis.metrics.key_figures import key_figures
    from ehp_analysis.periods import load_periods

    root, result, _, _ = built_nn
    written = json.loads((result.report.parent / "key_figures.json").read_text(encoding="utf-8"))
    periods = load_periods("2020-01", reads="chain", root=root)
    with words.use_malform("bokmål"):
        bokmal = json.loads(json.dumps(key_figures(periods.current, periods.previous, chain=periods.chain)))
    assert (written.pop("malform"), bokmal.pop("malform")) == ("nynorsk", "bokmål")
    assert written == bokmal
    assert written["projects"]["count"] == 54 and written["previous"]["projects"]["count"] == 54  # published


def test_generated_text_is_nynorsk(built_nn):
    root, _, _, soup = built_nn
    check_nynorsk_report(soup, root, ["2019-10", "2020-01"])


def test_an_injected_bokmal_form_fails_the_check(built_nn):
    """The check above is not vacuous: one bokmål word put into the built report is found."""
    _, _, _, soup = built_nn
    injected = copy.copy(soup)
    first = injected.select_one(".ehp-text")
    first.string = (first.get_text() + " Prosjektene har ikke rapportert.").strip()
    found = [w for t in generated_text(injected) for w in bokmal_forms(t)]
    assert "ikke" in found and "Prosjektene" in found
