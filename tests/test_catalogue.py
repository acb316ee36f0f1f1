"""One vocabulary: every Norwegian word the toolkit writes is a message of the catalogue (ehp_analysis.words).

Three checks: the catalogue holds exactly the messages of the code, each with its text; a lookup of an id the
catalogue lacks fails instead of falling back; and no Norwegian text is written as a bare literal outside the
catalogue's keywords, in the package, the notebooks or ``chapters.yaml``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import ehp_analysis
from ehp_analysis import template, words
from ehp_analysis.words.extract import KEYWORDS, extracted

ROOT = Path(ehp_analysis.__file__).resolve().parents[1]
PACKAGE = ROOT / "ehp_analysis"

#: Files still being moved into the catalogue (issue 21). Empty when the move is done; the tests below then cover
#: every file. Remove a file from here in the commit that moves its words; a new file is never added here.
PENDING: set[str] = {
    "ehp_analysis/__init__.py",
    "ehp_analysis/__main__.py",
    "ehp_analysis/cli.py",
    "ehp_analysis/cli_words.py",
    "ehp_analysis/collect/__init__.py",
    "ehp_analysis/collect/checks.py",
    "ehp_analysis/collect/columns.py",
    "ehp_analysis/collect/feedback.py",
    "ehp_analysis/collect/hostile.py",
    "ehp_analysis/collect/inbox.py",
    "ehp_analysis/collect/journal.py",
    "ehp_analysis/collect/merge.py",
    "ehp_analysis/collect/summary.py",
    "ehp_analysis/collect/workbook.py",
    "ehp_analysis/config.py",
    "ehp_analysis/demo.py",
    "ehp_analysis/exceptions.py",
    "ehp_analysis/formulas.py",
    "ehp_analysis/hashing.py",
    "ehp_analysis/load.py",
    "ehp_analysis/metrics/__init__.py",
    "ehp_analysis/metrics/_common.py",
    "ehp_analysis/metrics/appendix.py",
    "ehp_analysis/metrics/changes.py",
    "ehp_analysis/metrics/costs.py",
    "ehp_analysis/metrics/dependencies.py",
    "ehp_analysis/metrics/history.py",
    "ehp_analysis/metrics/key_figures.py",
    "ehp_analysis/metrics/network.py",
    "ehp_analysis/metrics/overview.py",
    "ehp_analysis/metrics/priority.py",
    "ehp_analysis/metrics/project_history.py",
    "ehp_analysis/metrics/quality.py",
    "ehp_analysis/metrics/status.py",
    "ehp_analysis/parse.py",
    "ehp_analysis/plots/__init__.py",
    "ehp_analysis/plots/alt.py",
    "ehp_analysis/plots/decisions.py",
    "ehp_analysis/plots/figures.py",
    "ehp_analysis/plots/history.py",
    "ehp_analysis/plots/style.py",
    "ehp_analysis/portfolio.py",
    "ehp_analysis/problems.py",
    "ehp_analysis/provenance.py",
    "ehp_analysis/reference/__init__.py",
    "ehp_analysis/reference/cost_bands.py",
    "ehp_analysis/reference/early_warnings.py",
    "ehp_analysis/roster.py",
    "ehp_analysis/scaffold.py",
    "ehp_analysis/synthetic/__init__.py",
    "ehp_analysis/synthetic/generate.py",
    "ehp_analysis/synthetic/output.py",
    "ehp_analysis/synthetic/versions.py",
    "ehp_analysis/template.py",
    "ehp_analysis/text/__init__.py",
    "ehp_analysis/text/budget.py",
    "ehp_analysis/text/currency.py",
    "ehp_analysis/text/decisions.py",
    "ehp_analysis/text/delivery.py",
    "ehp_analysis/text/format.py",
    "ehp_analysis/text/history.py",
    "ehp_analysis/text/labels.py",
    "ehp_analysis/text/programmes.py",
    "ehp_analysis/text/provenance.py",
    "ehp_analysis/text/sentences.py",
    "ehp_analysis/text/statistics.py",
    "ehp_analysis/text/strategy.py",
    "ehp_analysis/text/submission.py",
    "ehp_analysis/validate.py",
}

#: Not words the toolkit writes: the synthetic generator writes the demo's *input* (owners' project names and
#: descriptions, the office's commentary), data like any submission.
NOT_OURS = ("ehp_analysis/synthetic/",)

# Words that only Norwegian text has (function words and the report's common words). A literal holding one of
# them as a whole word, or a letter æ/ø/å, or a capitalised Norwegian word alone, is Norwegian text.
NORWEGIAN_WORDS = frozenset("""
    og ikke er har med av til fra som det den dette disse ved eller på om men når hvor hva hvis kan skal ble blir
    vært være var etter før mellom under over uten alle ingen noen hver hvert ett en et av mot per nye ny nytt
    prosjekt prosjekter prosjektet prosjektene periode perioden perioder budsjett budsjettet totalkostnad status
    risiko antall andel mill kroner gevinster gevinst avhengighet avhengigheter virksomhet virksomheter tiltak
    rapportert rapportering innrapportering fil filen rad kolonne verdi forventet mangler feil gul grønn rød
    tabell figur vedlegg kapittel endring forrige denne neste tallene vis fant finnes skriv les bygg
""".split())
CAPITALISED = re.compile(r"^[A-ZÆØÅ][a-zæøå]+$")


def codes() -> frozenset[str]:
    """The template's codes (column names, allowed values, sheet names): Norwegian words used as data, not text."""
    found: set[str] = {template.NOT_ASSESSED, template.WITHHELD_RATING, template.WORKBOOK_NAME}
    found.update(template.COLOURS, template.TYPES, template.PHASES, template.REASONS, template.EPJ_LEVELS,
                 template.CRITICALITY, template.MATURITY_LEVELS, template.WITHHELD_MARKERS, template.YES_NO,
                 template.ASCII_FALLBACKS, template.ASCII_FALLBACKS.values())
    for category in template.CATEGORIES:
        found.update(category if isinstance(category, tuple) else (category,))
    for columns in template.ALL_TABLES.values():
        found.update(column.name for column in columns)
    found.update(template.ALL_TABLES)
    return frozenset(found)


def is_norwegian(text: str, known_codes: frozenset[str] = frozenset()) -> bool:
    """Whether a literal is Norwegian text a reader would see (not a code, a key or a format)."""
    stripped = text.strip()
    if not stripped or stripped in known_codes:
        return False
    tokens = re.findall(r"[A-Za-zÆØÅæøå]+", stripped)
    if not tokens:
        return False
    if re.search(r"[æøåÆØÅ]", stripped) and (" " in stripped or CAPITALISED.match(stripped)):
        return True
    if len(tokens) == 1 and CAPITALISED.match(stripped) and stripped.lower() in NORWEGIAN_WORDS:
        return True
    return " " in stripped and any(token.lower() in NORWEGIAN_WORDS for token in tokens)


@pytest.mark.parametrize("text, norwegian", [
    ("Prosjekter som har gått ut", True), ("Status", True), ("Ikke vurdert", True), ("Grønn", True),
    ("grønn", False), ("ikke vurdert", False), ("statuskommentar", False), ("projects.count", False),
    ("{:,.1f}", False), ("utf-8", False), ("Rad {row}: mangler verdi", True), ("Antall", True),
    ("No such file", False), ("report.html", False),
])
def test_the_detector_tells_text_from_codes(text, norwegian):
    assert is_norwegian(text, codes()) is norwegian


def _calls_to_the_catalogue(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
            for argument in ast.walk(node):
                inside.add(id(argument))
    return inside


def bare_literals(source: str) -> list[tuple[int, str]]:
    """The Norwegian literals of ``source`` outside the catalogue's keywords and docstrings."""
    tree = ast.parse(source)
    skip = _calls_to_the_catalogue(tree)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
    known = codes()
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and is_norwegian(node.value, known)]


@pytest.mark.parametrize("source, found", [
    ('x = "Ingen prosjekter"\n', ["Ingen prosjekter"]),
    ('x = _("Ingen prosjekter")\n', []),
    ('x = ngettext("ett prosjekt", "{n} prosjekter", n)\n', []),
    ('x = f"{n} prosjekter har rød status"\n', [" prosjekter har rød status"]),
    ('def f():\n    """Skriv ut tallene."""\n', []),
])
def test_the_scan_finds_bare_literals(source, found):
    assert [text for _line, text in bare_literals(source)] == found


def sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found.append((str(path.relative_to(ROOT)), code))
    return found


@pytest.mark.parametrize("name, source", [s for s in sources() if s[0] not in PENDING
                                          and not s[0].startswith(NOT_OURS)], ids=lambda v: v[:60])
def test_no_norwegian_literal_outside_the_catalogue(name, source):
    assert bare_literals(source) == []


def test_markdown_cells_hold_no_words():
    """A notebook's headings and texts come from the catalogue too (a Markdown cell cannot look them up)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if str(path.relative_to(ROOT)) in PENDING:
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert [c for c in cells if c["cell_type"] == "markdown"] == [], path.name


def _entries(name: str) -> dict:
    from babel.messages.pofile import read_po

    with words.catalogue_path(name).open("rb") as handle:
        return {(m.id, m.context): m.string for m in read_po(handle) if m.id}


@pytest.mark.parametrize("name", sorted(words.MALFORMS))
def test_the_catalogue_holds_exactly_the_messages_of_the_code(name):
    """`make catalogue` brings it up to date: a message of the code without its entry, or a stale entry, fails."""
    entries = _entries(name)
    wanted = {(m.id, m.context) for m in extracted() if m.id}
    assert sorted(map(str, wanted - set(entries))) == [], "run `make catalogue`"
    assert sorted(map(str, set(entries) - wanted)) == [], "stale entries: run `make catalogue`"
    empty = [key for key, text in entries.items() if not text or (isinstance(text, tuple) and not all(text))]
    assert empty == []


def test_an_id_missing_from_the_catalogue_is_an_error():
    with pytest.raises(KeyError, match="catalogue"):
        words._("Denne teksten står ikke i katalogen")


def test_a_message_is_looked_up_per_call():
    assert words._("Oppsummering") == "Oppsummering"
    with pytest.raises(ValueError):
        words.set_malform("svensk")
