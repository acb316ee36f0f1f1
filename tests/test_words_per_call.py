"""The words of the text and plots packages are looked up when they are written, never when a module is imported.

A pre-imported kernel serves whatever written standard is current at the call: no catalogue lookup runs at import
(module level, a default argument, a class body), the label tables are read through ``text.Labels`` (which looks
each text up when it is read), and no module adds to ``text.LABELS`` after it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ehp_analysis
from ehp_analysis import text
from ehp_analysis.text import labels as labels_module

PACKAGE = Path(ehp_analysis.__file__).resolve().parent
MODULES = sorted([*PACKAGE.glob("text/*.py"), *PACKAGE.glob("plots/*.py")])
LOOKUPS = {"_", "ngettext", "pgettext"}


def lookups_at_import(source: str) -> list[int]:
    """Lines of catalogue lookups that run when the module is imported (outside a function body or lambda)."""
    found: list[int] = []

    def walk(node: ast.AST, in_body: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if child is not None:
                    walk(child, in_body)
            for statement in node.body:
                walk(statement, True)
            return
        if isinstance(node, ast.Lambda):
            for child in [*node.args.defaults, *node.args.kw_defaults]:
                if child is not None:
                    walk(child, in_body)
            walk(node.body, True)
            return
        if (not in_body and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in LOOKUPS):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            walk(child, in_body)

    walk(ast.parse(source), False)
    return found


@pytest.mark.parametrize("source, lines", [
    ('X = _("Ja")\n', [1]),
    ('def f(word=_("Ja")):\n    return word\n', [1]),
    ('X = N_("Ja")\n', []),
    ('def f():\n    return _("Ja")\n', []),
    ('f = lambda: _("Ja")\n', []),
    ('class C:\n    word = ngettext("{n} ja", "{n} ja", 2)\n', [2]),
])
def test_the_scan_finds_lookups_at_import(source, lines):
    assert lookups_at_import(source) == lines


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_word_is_looked_up_at_import(path):
    assert lookups_at_import(path.read_text(encoding="utf-8")) == []


def test_labels_are_looked_up_when_read(monkeypatch):
    """A label read after the catalogue changed reads the new text: nothing was frozen when the module was
    imported (the catalogue is replaced by one that writes every text in brackets)."""
    before = text.LABELS["columns"]["goal"]
    assert before == "Mål"
    monkeypatch.setattr(labels_module, "_", lambda message: f"[{message}]")
    assert text.LABELS["columns"]["goal"] == "[Mål]"
    assert text.LABELS["bridge"]["joined"] == "[Nye prosjekter]"
    assert text.TILTAK_LABELS["types"]["program"] == "[Program]"
    assert text.column_labels()["goal"] == "[Mål]"
    assert text.LABELS["not_reported"] == text.DASH  # a sign, handed out as it is


def test_a_label_table_is_read_only():
    with pytest.raises(TypeError):
        text.LABELS["colours"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        text.LABELS["colours"]["grønn"] = "Grønt"  # type: ignore[index]


def test_labels_is_written_in_one_place():
    """Every section of LABELS is a key of the one literal in text/labels.py: no other module adds one."""
    tree = ast.parse((PACKAGE / "text" / "labels.py").read_text(encoding="utf-8"))
    literal = next(node.value for node in tree.body if isinstance(node, ast.AnnAssign)
                   and getattr(node.target, "id", "") == "LABELS")
    written = {key.value for key in literal.args[0].keys}
    assert set(text.LABELS) == written
    for path in MODULES:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            assert not (isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Subscript) and getattr(t.value, "id", "") == "LABELS" for t in node.targets)), path
            assert not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and getattr(node.func.value, "id", "") == "LABELS"
                        and node.func.attr in {"setdefault", "update", "__setitem__"}), path
