"""The report's Norwegian: spelling (hunspell, nb_NO) and the grammar rules no dictionary catches.

Two sources of text are checked:

1. the wording templates of the ``ehp_analysis.text`` package: every label in ``text.LABELS`` and every string literal
   or constant part of an f-string in its sentence functions, with the data (the f-strings' fields) left out;
2. every sentence the text functions generate for the embedded periods (2020-01 against 2019-10, and 2019-10
   as a first period) and for the hand-written fixture periods, computed in-process from their key figures,
   with the names from the data masked out.

The built reports' generated text is checked the same way in tests/test_report_e2e.py and
tests/test_thin_period.py (slow). hunspell missing is a failure with the command that installs it.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from ehp_analysis import template as T
from ehp_analysis import text
from ehp_analysis.metrics import baseline, dependencies, history, key_figures, network, overview, priority, status
from ehp_analysis.metrics import early_warnings as warnings

from .spelling import misspelled, require_hunspell

TEXT_MODULES = sorted(Path(text.__file__).parent.glob("*.py"))  # the text package: all its modules
# Formatting helpers: their literals are number and date patterns, not wording.
NOT_WORDING = {"is_missing", "_decimal", "_rounded", "_render", "number", "signed", "amount", "amount_as_reported",
               "percent", "p_value", "date", "month_year", "month", "join_list", "when_previous",
               "display_table", "labelled", "named_projects", "change_lines"}
# Calls whose string arguments are keys or column names, not words a reader sees.
KEY_CALLS = {"key_figure", "get", "_paren", "_colour_sentence", "_not_assessed_sentence", "_red_sentence",
             "drop_duplicates", "set_index", "startswith", "endswith", "replace", "split", "isinstance",
             "not_answered"}


def _wording_literals() -> list[str]:
    """Every string a reader may see in the text package's sentence functions, with f-string fields left out."""
    return [literal for path in TEXT_MODULES for literal in _module_literals(path)]


def _module_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            skip.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            skip.update(id(n) for n in ast.walk(node.slice))
        elif isinstance(node, ast.Compare):
            skip.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in KEY_CALLS:
                skip.update(id(n) for a in node.args for n in ast.walk(a) if isinstance(n, ast.Constant))
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            skip.update(id(n) for n in ast.walk(node.format_spec))
        elif isinstance(node, ast.For):  # for step in ("left", "joined", …): keys
            skip.update(id(n) for n in ast.walk(node.iter) if isinstance(n, ast.Constant))
    found = []
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name not in NOT_WORDING):
        body = fn.body[1:] if ast.get_docstring(fn) else fn.body  # the docstring is English, for developers
        for stmt in body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                    found.append(node.value)
    return found


def _label_values(node) -> list[str]:
    if isinstance(node, Mapping):  # a table of labels (text.Labels) or a plain dict
        return [v for value in node.values() for v in _label_values(value)]
    if isinstance(node, (tuple, list)):
        return [v for value in node for v in _label_values(value)]
    return [node] if isinstance(node, str) else []


def test_hunspell_is_installed():
    require_hunspell()


def test_a_missing_hunspell_fails_with_the_install_command(monkeypatch):
    from . import spelling

    monkeypatch.setattr(spelling.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install hunspell hunspell-no"):
        spelling.require_hunspell()


def test_the_word_list_holds_only_words_the_dictionary_lacks():
    """A reviewed list stays short: nothing hunspell already knows."""
    import subprocess

    from .spelling import DICTIONARY, accepted_words

    exe = require_hunspell()
    plain = sorted(w for w in accepted_words() if "-" not in w and len(w) > 1)
    known = set(plain) - set(subprocess.run([exe, "-d", DICTIONARY, "-i", "utf-8", "-l"], input="\n".join(plain),
                                            capture_output=True, text=True, encoding="utf-8").stdout.split())
    assert known == set()


def test_wording_templates_are_spelled_right():
    templates = _wording_literals() + _label_values(text.LABELS) + list(text.NUMBER_WORDS) + [text.RED_TABLE]
    assert len(templates) > 150  # the walk found the templates, not nothing
    # a message's named placeholders ({when}, {amount}) are the data, left out as the f-strings' fields were
    assert misspelled([re.sub(r"\{[^{}]*\}", " ", t) for t in templates]) == {}


# ------------------------------------------------------------------------ generated sentences, in-process


SENTENCES = {  # every public sentence function of text.py, and how a chapter calls it
    "projects_sentence": lambda kf, cur, prev: text.projects_sentence(kf),
    "budget_sentence": lambda kf, cur, prev: text.budget_sentence(kf),
    "bridge_sentence": lambda kf, cur, prev: text.bridge_sentence(kf, overview.budget_bridge(cur, prev), cur.projects),
    "no_bridge_sentence": lambda kf, cur, prev: text.no_bridge_sentence(kf),
    "budget_year_note": lambda kf, cur, prev: text.budget_year_note(
        cur.budget_year, prev.budget_year if prev is not None else None) or text.budget_year_note(2020, 2019),
    "new_projects_sentence": lambda kf, cur, prev: text.new_projects_sentence(len(kf["projects"]["new_ids"] or [])),
    "left_projects_sentence": lambda kf, cur, prev: " ".join(
        text.left_projects_sentence(n, kf["previous_period"] or "2019-10", closed)
        for n, closed in ((len(kf["projects"]["left_ids"] or []), None), (1, 0), (3, 0), (3, 2), (7, 1))),
    "owner_group_changes_sentence": lambda kf, cur, prev: text.owner_group_changes_sentence(
        ["Kommunene i nord"], ["Kommunene"], 10, "2019-10"),
    "status_sentence": lambda kf, cur, prev: text.status_sentence(kf, cur.projects),
    "risk_sentence": lambda kf, cur, prev: text.risk_sentence(kf, cur.projects),
    "costs_sentence": lambda kf, cur, prev: text.costs_sentence(kf),
    "cost_bands_sentence": lambda kf, cur, prev: text.cost_bands_sentence(kf, cur.reference.cost_bands.phrases),
    "maintenance_sentence": lambda kf, cur, prev: text.maintenance_sentence(kf),
    "benefits_sentence": lambda kf, cur, prev: text.benefits_sentence(kf),
    "maturity_sentence": lambda kf, cur, prev: text.maturity_sentence(kf),
    "dependencies_sentence": lambda kf, cur, prev: text.dependencies_sentence(kf),
    "unresolved_sentence": lambda kf, cur, prev: text.unresolved_sentence(kf["dependencies"]["red_count"] or 0),
    "red_dependencies_intro": lambda kf, cur, prev: text.red_dependencies_intro(kf),
    "red_theme_bullets": lambda kf, cur, prev: " ".join(text.red_theme_bullets(kf)),
    "owner_group_bullets": lambda kf, cur, prev: " ".join(text.owner_group_bullets(kf)),
    "prerequisites_sentence": lambda kf, cur, prev: text.prerequisites_sentence(kf),
    "sign_test_sentence": lambda kf, cur, prev: " ".join(
        text.sign_test_sentence(status.sign_test(cur, prev, m).__dict__, m, prev.period)
        for m in ("status", "risiko")) if prev is not None else "",
    "mann_whitney_sentence": lambda kf, cur, prev: text.mann_whitney_sentence(
        r.as_dict() if (r := dependencies.risk_vs_dependencies(cur)) is not None else None),
    "appendix_intro_sentence": lambda kf, cur, prev: " ".join(
        text.appendix_intro_sentence(n, "17. januar 2020") for n in (1, 2, len(cur.projects))),
    "whole_period_reconstructed_sentence": lambda kf, cur, prev: text.whole_period_reconstructed_sentence(),
    "provenance_sentence": lambda kf, cur, prev: " ".join(
        text.provenance_sentence(now, before) for now in (True, False) for before in ("2019-10", None)),
    "provenance_note": lambda kf, cur, prev: text.provenance_note(
        _provenance(cur), cur.period, _provenance(prev) if prev is not None else None,
        prev.period if prev is not None else None),
    "first_period_sentence": lambda kf, cur, prev: text.first_period_sentence(),
    "programme_bullets": lambda kf, cur, prev: " ".join(text.programme_bullets(_programmes(cur))),
    "programmes_without_members_sentence": lambda kf, cur, prev: " ".join(
        text.programmes_without_members_sentence(_programmes(cur).iloc[:k]) for k in (0, 2, 5)),
    "area_section_sentence": lambda kf, cur, prev: " ".join(
        text.area_section_sentence(n, 673.5, missing, 2020, with_budget)
        for n, missing, with_budget in ((0, 0, True), (1, 0, False), (17, 2, True), (3, 3, True), (5, 1, True))),
    "changes_intro_sentence": lambda kf, cur, prev: " ".join(
        text.changes_intro_sentence(n, "2019-10", same_strategy=same, threshold="minst 10 mill. eller 20 %",
                                    goals=goals, same_currency=money)
        for n, same in ((0, True), (1, False), (25, True)) for goals in (False, True) for money in (True, False)),
    # A change of currency along the chain (input-template.md, "Currency"): amounts are not compared.
    "currency_change_sentence": lambda kf, cur, prev: " ".join(
        text.currency_change_sentence({"currency": now, "previous_period": "2019-10", "previous": {"currency": before}})
        for now, before in (("GBP", "NOK"), ("NOK", "EUR"), ("EUR", "GBP"))),
    "history_currency_sentence": lambda kf, cur, prev: " ".join(
        text.history_currency_sentence(left_out, "GBP") for left_out in
        ([("2019-10", "NOK")], [("2019-10", "NOK"), ("2020-01", "NOK")], [("2019-10", "NOK"), ("2020-01", "EUR")])),
    "moved_sentence": lambda kf, cur, prev: " ".join(
        text.moved_sentence([("Kjernejournal (Helsedirektoratet)", "1.1 Gammelt område", "2.1 Nytt område")] * n, "2019-10", what)
        for n in (1, 2, 11) for what in ("innsatsområde", "hovedmål")),
    "moved_focus_area_sentence": lambda kf, cur, prev: text.moved_focus_area_sentence(
        [("128 Kjernejournal", "1.1 Gammelt område", "2.1 Nytt område")], "2019-10"),
    # Over the years (text/history.py): chapter 2's "Utvikling over tid", projects back after an absence, Vedlegg 3.
    "history_starts_here_sentence": lambda kf, cur, prev: text.history_starts_here_sentence(),
    "history_intro_sentence": lambda kf, cur, prev: " ".join(
        text.history_intro_sentence(periods, counts) for periods, counts in
        ((["2019-10", "2020-01"], [54, 54]), (["2019-10", "2020-01", "2020-05"], [54, 1]),
         ([f"20{y}-01" for y in range(10, 34)], [12, *range(23), 13]))),
    "history_budget_years_sentence": lambda kf, cur, prev: text.history_budget_years_sentence([2019, 2020, 2020]),
    "history_gaps_sentence": lambda kf, cur, prev: " ".join(
        text.history_gaps_sentence(history.gaps(periods)) for periods in
        (["2019-03", "2019-06", "2019-09", "2021-03"], ["2019-01", "2019-02", "2019-03", "2019-06"],
         ["2019-01", "2019-04", "2019-08", "2019-11", "2021-01"],
         ["2010-01", "2011-01", "2012-01", "2015-01", "2016-01", "2020-01"])),
    "joined_sentence": lambda kf, cur, prev: " ".join(
        text.joined_sentence(n, back) for n, back in ((3, 0), (0, 1), (1, 2), (13, 13))),
    "tiltak_intro_sentence": lambda kf, cur, prev: " ".join(
        text.tiltak_intro_sentence(n, periods, years, money) for n, periods, years, money in
        ((54, ["2019-10", "2020-01"], [2019, 2020], None), (1, ["2020-01"], [2020], None),
         (6, ["2020-01"], [2020], None), (500, ["2020-01", "2020-05"], [2020, 2020], None),
         (54, ["2019-10", "2020-01", "2020-05"], [2019, 2020, 2020], ["GBP", "EUR", "NOK"]))),
    "warnings_intro": lambda kf, cur, prev: _warnings_words(cur, prev),
    "project_warning_bullets": lambda kf, cur, prev: " ".join(text.project_warning_bullets(_warnings(cur, prev))),
    "prioritisation_intro": lambda kf, cur, prev: text.prioritisation_intro(priority.prioritisation(cur)),
    "prioritisation_ranking_sentence": lambda kf, cur, prev: text.prioritisation_ranking_sentence(
        priority.prioritisation(cur)),
    "network_intro": lambda kf, cur, prev: text.network_intro(network.summary(cur)),
    "network_figure_note": lambda kf, cur, prev: text.network_figure_note(
        {"mode": "største", "n_projects": 5000, "top": 20, "n_drawn_projects": 3041}),
    "at_risk_sentence": lambda kf, cur, prev: " ".join(
        text.at_risk_sentence(network.at_risk(cur).head(k)) for k in (0, 1, 3, 12)),
    # Chapter 3 for a strategy with goals (2023-2030), and the change of strategy between two periods.
    "goals_intro": lambda kf, cur, prev: text.goals_intro(_goals().name, _goals().goals),
    "strategy_change_sentence": lambda kf, cur, prev: " ".join(
        text.strategy_change_sentence(a, b, "2022-09") for a, b in ((_goals(), cur.reference.strategy),
                                                                     (cur.reference.strategy, _goals()))),
    "goal_section_sentence": lambda kf, cur, prev: " ".join(
        text.goal_section_sentence(n, supporting, 120.5, missing, 2023, with_budget)
        for n, supporting, missing, with_budget in ((0, 0, 0, True), (0, 1, 0, True), (0, 3, 0, True), (1, 1, 0, True),
                                                    (3, 5, 1, True), (3, 3, 3, True), (4, 6, 0, False))),
    "moved_goal_sentence": lambda kf, cur, prev: text.moved_goal_sentence(
        [("128 Kjernejournal", "1 Gammelt mål", "2 Nytt mål")], "2022-09"),
    "assignment_note": lambda kf, cur, prev: " ".join(
        text.assignment_note(goals, compared) for goals in (True, False) for compared in (True, False)),
    "incomplete_period_note": lambda kf, cur, prev: " ".join(
        text.incomplete_period_note(r) for r in (cur.not_delivered, *_rosters())),
    "nothing_assessed_sentence": lambda kf, cur, prev: " ".join(
        text.nothing_assessed_sentence(m, c, w) for m, c, w in (
            (["risiko"], "tabellen over status mot risiko er utelatt", "i denne perioden"),
            (["status", "risiko"], "figurene over status og risiko per periode er utelatt", "i noen av periodene"),
            (["risiko"], "figuren viser bare status", "i denne eller forrige periode"))),
    "reasons_omitted_sentence": lambda kf, cur, prev: " ".join(
        text.reasons_omitted_sentence(*a) for a in ((0, 0, False), (0, 0, True), (1, 0, True), (3, 0, True))),
    # Against what was first reported (text/baseline.py), the period and its previous as a chain; the six periods
    # with slips, a re-baseline and a withheld value are spelled in tests/test_baseline.py.
    "baseline_sentence": lambda kf, cur, prev: text.baseline_sentence(
        {**kf, "baseline": baseline.key_figures(_chain(cur, prev))}),
    "baseline_chain_note": lambda kf, cur, prev: text.baseline_chain_note(baseline.compare(_chain(cur, prev))),
    "baseline_slip_sentence": lambda kf, cur, prev: text.baseline_slip_sentence(baseline.compare(_chain(cur, prev))),
    "baseline_changes_note": lambda kf, cur, prev: text.baseline_changes_note(baseline.compare(_chain(cur, prev))),
    "baseline_project_sentence": lambda kf, cur, prev: " ".join(
        text.baseline_project_sentence(r, b) for b in [baseline.compare(_chain(cur, prev))]
        for r in b.projects.itertuples(index=False)),
}


def _chain(cur, prev):
    return [p for p in (prev, cur) if p is not None]


def _warnings(cur, prev):
    return warnings.evaluate(_chain(cur, prev))


def _warnings_words(cur, prev):
    """The section's intro, its rule table and its warning lines, every rule's words with made-up values."""
    import datetime as dt
    from decimal import Decimal

    chain = _chain(cur, prev)
    found = warnings.evaluate(chain)
    overview = warnings.overview(chain, warnings=found)
    made_up = {
        "kostnadsvekst": {"previous_period": "2019-10", "previous": Decimal("50.0"), "current": Decimal("60.0"),
                          "increase": Decimal("10"), "ratio": Decimal("1.2")},
        "gronn_status_rod_avhengighet": {"dependencies": ("Felles komponent",)},
        "vedvarende_rod": {"periods": ("2019-10", "2020-01")},
        "lenge_gul_eller_rod": {"periods": ("2019-10", "2020-01"), "statuses": ("gul", None)},
        "uendret_rapportering": {"periods": ("2019-10", "2020-01"), "status": "gul", "risk": None,
                                 "budget": Decimal("12.5"), "total_cost": None, "status_comment": "Venter"},
        "forbi_planlagt_slutt": {"planned_end": dt.date(2019, 12, 31), "cutoff": dt.date(2020, 1, 17),
                                 "phase": "gjennomføring"},
        "avhenger_av_rodt_prosjekt": {"depends_on": (1, 2), "depends_on_names": ("Prosjekt", "Annet")},
        "lenge_ikke_vurdert": {"periods": ("2019-10", "2020-01")},
    }
    words = [text.warnings_intro(overview, found["id"].nunique(), cur.period), text.warnings_intro(overview, 0, cur.period)]
    # table cells joined as clauses, not as sentences (a cell "1 (ID 5)" does not start a sentence)
    words += [" | ".join(map(str, r)) for r in text.warning_rules_table(overview).itertuples(index=False)]
    words += [" | ".join(map(str, r)) for r in text.warning_lines(found).itertuples(index=False)]
    words += [text.warning_values(r, made_up.get(r, {})) for r in warnings.RULE_FUNCTIONS]
    # every reason a rule is not assessed, in words
    words += [text.not_assessed_words(r, reason, periods=3, chain_length=2)
              for r in warnings.RULE_FUNCTIONS for reason in warnings.REASONS]
    return " ".join(words)


def _goals():
    from ehp_analysis.reference import load_strategy

    return load_strategy("2023-2030")


def _rosters():
    """Made-up rosters of projects not delivered: one project, and every reason at once."""
    import pandas as pd

    one = pd.DataFrame({"id": [3], "name": ["Prosjekt"], "organisation": ["KS"], "reason": ["missing"]})
    every = pd.DataFrame({"id": [3, 4, 5, 6], "name": ["A", "B", "C", "D"],
                          "organisation": ["KS", "KS", "Helse Nord RHF", "Oslo kommune"],
                          "reason": ["no_submission", "no_submission", "left_out", "missing"]})
    return one, every


def _programmes(portfolio):
    """The period's programmes with their members, or two made-up ones (one with, one without members)."""
    import pandas as pd

    found = overview.programmes_with_projects(portfolio)
    if found is not None:
        return found
    return pd.DataFrame({"id": [1, 2], "name": ["Program", "Annet program"], "organisation": ["KS", "KS"],
                         "members": [((3, "Delprosjekt"),), ()]})


def _provenance(portfolio):
    from ehp_analysis.provenance import load_provenance

    params = portfolio.parameters
    return load_provenance(params.data_dir if params else None,
                           reconstructed=bool(params.reconstructed) if params else False)


def test_every_sentence_function_is_checked():
    public = {name for name, fn in inspect.getmembers(text, inspect.isfunction)
              if fn.__module__.startswith(text.__name__) and not name.startswith("_")
              and re.search(r"(_sentence|_note|_intro|_bullets)$", name)}
    assert public == set(SENTENCES)


@pytest.fixture(scope="module")
def embedded():
    from ehp_analysis import load_period

    now, before = load_period("2020-01"), load_period("2019-10")
    return [(now, before), (before, None)]


@pytest.fixture
def periods(embedded, current, previous, current_without_left_note):
    return embedded + [(current, previous), (current_without_left_note, previous), (current, None)]


def _names(*portfolios) -> set[str]:
    names = set()
    for p in (p for p in portfolios if p is not None):
        names |= set(p.projects["name"].dropna().astype(str)) | set(p.projects["organisation"].dropna().astype(str))
        names |= set(p.reference.organisations.owner_groups)
        # the strategy's own names are reference data, spelled as the strategy spells them
        names |= set(p.reference.strategy.areas.values()) | set(p.reference.strategy.focus_areas.values())
        names |= set(p.reference.strategy.goals.values()) | set(_goals().goals.values()) | {_goals().name}
        if p.dependencies is not None and "theme" in p.dependencies.columns:
            names |= set(p.dependencies["theme"].dropna().astype(str))
        if p.dependencies is not None and "dependency" in p.dependencies.columns:  # what they depend on: names too
            names |= set(p.dependencies["dependency"].dropna().astype(str))
    return names


def _generated(periods) -> list[tuple[str, str, set[str]]]:
    out = []
    for cur, prev in periods:
        kf = key_figures(cur, prev)
        for name, make in SENTENCES.items():
            sentence = make(kf, cur, prev)
            if sentence:
                out.append((f"{cur.period}/{name}", sentence, _names(cur, prev)))
    return out


def test_generated_sentences_are_spelled_right(periods):
    generated = _generated(periods)
    names = set().union(*(n for _, _, n in generated))
    assert misspelled([s for _, s, _ in generated], names) == {}


# ------------------------------------------------------------------------ grammar no dictionary catches

# Template columns a reader would see as codes: those with an underscore, and those the template spells
# without å ("innsatsomrade", "statusarsaker"); the others are ordinary words ("budsjett", "gevinster").
RAW_COLUMNS = {c.name for columns in T.ALL_TABLES.values() for c in columns if "_" in c.name} | {
    "innsatsomrade", "statusarsaker", "strategimal"}
_SMALL = r"(?:[1-9]|1[0-2])"
_WORDS = "ett|én|en|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv"
RULES = [
    # a sentence does not start with a whole number below 13 (a percentage may)
    ("tall under 13 først i en setning", re.compile(rf"(?:^|[.!?] ){_SMALL}(?![\d,]| ?%)\b")),
    # projects counted in running text below 13 are words ("tre prosjekter", not "3 prosjekter")
    ("antall prosjekter under 13 med sifre", re.compile(rf"(?<![\d,]){_SMALL} (?:nye )?prosjekt(?:er|ene)?\b")),
    ("entall og flertall: én/ett med flertall",
     re.compile(r"\b(?:1|én|ett|en) (?:nye )?(?:prosjekter|avhengigheter|prosjektene)\b", re.IGNORECASE)),
    ("entall og flertall: flere med entall",
     re.compile(rf"\b(?:[2-9]|\d\d+|to|tre|fire|fem|seks|sju|åtte|ni|ti|elleve|tolv) (?:prosjekt|avhengighet)\b(?!-)",
                re.IGNORECASE)),
    ("entall og flertall: avhengigheter er uavklart", re.compile(r"avhengigheter er uavklart\b")),
    ("årlige … i året", re.compile(r"[Åå]rlig\w*\b.*?\bi året\b")),
    ("uendret andel skrevet som «mot»", re.compile(r"(\d+ %)[^.]*?, mot \1 i ")),
    ("maskinspråk", re.compile(r"denne perioden rapporterer|\bFra [\d,]+ (?:mill\.|milliard)|[+−]\d[\d,]* mill\.")),
    ("kode vist rått", re.compile(r"\b(?:%s)\b" % "|".join(sorted(RAW_COLUMNS)))),
]


@pytest.mark.parametrize("bad, good", [
    ("3 prosjekter har gått ut.", "Tre prosjekter har gått ut."),
    ("Siden da har 3 prosjekter kommet til.", "Siden da har tre prosjekter kommet til."),
    ("8 avhengigheter har rød status (uavklart).", "Åtte avhengigheter er uavklarte (rød status)."),
    ("Det er ett prosjekter.", "Det er ett prosjekt."),
    ("Det er tre prosjekt som mangler.", "Det er tre prosjekter som mangler."),
    ("Åtte avhengigheter er uavklart.", "Åtte avhengigheter er uavklarte."),
    ("Årlige forvaltningskostnader summerer seg til 405 mill. kroner i året.",
     "Årlige forvaltningskostnader summerer seg til 405 mill. kroner."),
    ("67 % melder gul risiko, mot 67 % i oktober 2019.", "67 % melder gul risiko, uendret fra oktober 2019."),
    ("Fra 1,73 milliarder i oktober 2019 til 1,65 milliarder nå: nye prosjekter +22,5 mill.",
     "Samlet budsjett har gått ned med 80 mill. kroner."),
    ("Merk: denne perioden rapporterer budsjett for 2020.", "Merk at budsjettene nå gjelder 2020."),
    ("Feltet innsatsomrade mangler.", "Feltet Innsatsområde mangler."),
    ("Av de 54 prosjektene har 13 % ikke svart.", "Av de 54 prosjektene har 13 % ikke svart."),  # both fine
])
def test_the_grammar_rules_tell_bad_from_good(bad, good):
    broken = [rule for rule, pattern in RULES if pattern.search(good)]
    assert broken == [], (good, broken)
    if bad != good:
        assert any(pattern.search(bad) for _, pattern in RULES), bad


def _sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?:;])\s+(?=[A-ZÆØÅ0-9])", paragraph.replace("\u00a0", " "))


def test_generated_sentences_follow_the_grammar_rules(periods):
    problems = []
    for where, paragraph, names in _generated(periods):
        shown = paragraph.replace("\u00a0", " ")
        for rule, pattern in RULES:
            if where.endswith("_bullets") and rule.startswith("antall"):
                continue  # a list's counts in brackets, "Helse Vest RHF (2 programmer, 3 prosjekter)", are not prose
            if pattern.search(shown):
                problems.append(f"{where}: {rule}: {paragraph}")
        for sentence in _sentences(paragraph):
            named = sum(sentence.count(f"({org})") for org in names)
            if named > text.MAX_NAMED:
                problems.append(f"{where}: mer enn ti navn i én setning: {sentence}")
    assert problems == []


def check_built_report(soup, root: Path, periods: list[str], skip_rules: tuple[str, ...] = ()) -> None:
    """Spelling and grammar of a built report's generated text (its paragraphs and list items), with the names
    of ``periods``' data (read from ``root``) masked out. Used by the end-to-end tests, which build reports."""
    from ehp_analysis import load_period

    names = _names(*(load_period(p, root) for p in periods))
    # A file the report points to (tables/valideringsadvarsler-alle.csv) is a name, not a word.
    paragraphs = [re.sub(r"\S+\.(?:csv|md|png|json)\b", " ", " ".join(el.get_text(" ").split()))
                  for el in soup.select(".ehp-text")]
    items = [" ".join(el.get_text(" ").split()) for el in soup.select(".ehp-list li")]
    assert len(paragraphs) > 10
    assert misspelled(paragraphs + items, names) == {}
    problems = [f"{rule}: {p}" for p in paragraphs for rule, pattern in RULES
                if rule not in skip_rules and pattern.search(p.replace("\u00a0", " "))]
    assert problems == []


def raw_codes(soup) -> list[str]:
    """Generated paragraphs and table cells that show a template column's code instead of its label."""
    code = dict(RULES)["kode vist rått"]
    return [t for t in (" ".join(el.get_text(" ").split()) for el in soup.select(".ehp-text, td")) if code.search(t)]
