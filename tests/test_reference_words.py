"""The reference files' words (early warnings, cost bands, strategies) come from the catalogue where they are read;
a period's own reference file may hold words the catalogue does not know, shown as written."""

from __future__ import annotations

import shutil

import pytest

import ehp_analysis.reference as reference
from ehp_analysis import words
from ehp_analysis.config import REFERENCE_DIR
from ehp_analysis.reference import load_cost_bands, load_early_warnings, load_strategy, reference_text


def _shipped_texts():
    rules = load_early_warnings().rules
    bands = load_cost_bands().bands
    old, new = load_strategy("2017-2022"), load_strategy("2023-2030")
    return ([r.written_title for r in rules] + [r.written_explanation for r in rules]
            + [b.written_label for b in bands] + [b.written_phrase for b in bands]
            + [old.written_name, *old.written_areas.values(), *old.written_focus_areas.values()]
            + [new.written_name, *new.written_goals.values()])


@pytest.mark.parametrize("text", _shipped_texts())
def test_every_shipped_reference_text_is_in_the_catalogue(text):
    assert words._(text) == text  # the bokmål catalogue holds it as written (a missing id raises KeyError)


def test_the_shipped_words_as_the_report_shows_them():
    assert load_early_warnings().get("vedvarende_rod").title == "Vedvarende rød status"
    assert load_strategy("2023-2030").goals["2"] == "Enklere arbeidshverdag"
    assert load_strategy("2017-2022").areas["1"] == "Digitalisering av arbeidsprosesser"
    assert load_cost_bands().labels["10-299"] == "10–299"


def test_a_periods_own_file_may_hold_its_own_words(tmp_path):
    own = tmp_path / "varsler.yaml"
    text = (REFERENCE_DIR / "early-warnings.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace('"Vedvarende rød status"', '"Rødt lenge (kontorets egen tittel)"'), encoding="utf-8")
    rule = load_early_warnings(own).get("vedvarende_rod")
    assert rule.title == "Rødt lenge (kontorets egen tittel)"  # not in the catalogue: as written, no KeyError
    with pytest.raises(KeyError):
        words._("Rødt lenge (kontorets egen tittel)")
    strategy_file = tmp_path / "strategi.yaml"
    shutil.copy(REFERENCE_DIR / "strategy-2023-2030.yaml", strategy_file)
    strategy_file.write_text(strategy_file.read_text(encoding="utf-8").replace(
        "Enklere arbeidshverdag", "Et mål bare denne perioden har"), encoding="utf-8")
    assert load_strategy("2023-2030", strategy_file).goals["2"] == "Et mål bare denne perioden har"


def test_the_words_are_looked_up_when_read_not_when_loaded(monkeypatch):
    rule = load_early_warnings().get("kostnadsvekst")
    band = load_cost_bands().bands[0]
    strategy = load_strategy("2023-2030")
    monkeypatch.setattr(reference.texts, "_", lambda text: f"[{text}]")  # a stand-in for another written standard
    assert rule.title == "[Kostnadsvekst]"
    assert band.label == "[< 10]"
    assert strategy.name == "[Nasjonal e-helsestrategi 2023–2030]"
    assert reference_text("Kostnadsvekst") == "[Kostnadsvekst]"
