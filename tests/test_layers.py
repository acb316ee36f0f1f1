"""The data flows one way: metrics return data; the words and number formats are the presentation's.

No module of :mod:`ehp_analysis.metrics` may import the presentation layer (:mod:`ehp_analysis.text`,
:mod:`ehp_analysis.plots`, :mod:`ehp_analysis.chapter`). Checked on the source (AST), so an import inside a
function counts too, and nothing has to be imported to find it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ehp_analysis

PACKAGE = Path(ehp_analysis.__file__).parent
PRESENTATION = ("ehp_analysis.text", "ehp_analysis.plots", "ehp_analysis.chapter")


def imported_modules(source: str, package: str) -> set[str]:
    """Every module (and ``from`` name, which may be a module) that ``source`` imports, as absolute names.

    ``package`` is the dotted package the source lives in, to resolve relative imports
    (``from ..text import LABELS`` in ``ehp_analysis.metrics`` is ``ehp_analysis.text``).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from .. import text`
    return found


def _is_presentation(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in PRESENTATION)


@pytest.mark.parametrize("source, imports_text", [
    ("from ..text import LABELS", True),
    ("from .. import text", True),
    ("from .. import template as T, text", True),
    ("import ehp_analysis.text", True),
    ("from ehp_analysis import text", True),
    ("from ehp_analysis.text import number", True),
    ("def f():\n    from ..text import LABELS\n", True),
    ("from .. import template as T", False),
    ("from ._common import Share", False),
    ("from ..textual import x", False),
    ("import text", False),  # some other top-level module, not ours
])
def test_the_check_finds_text_imports(source, imports_text):
    found = imported_modules(source, "ehp_analysis.metrics")
    assert ("ehp_analysis.text" in found) is imports_text


METRIC_FILES = sorted((PACKAGE / "metrics").glob("*.py"))


def test_there_are_metric_modules_to_check():
    assert len(METRIC_FILES) >= 5


@pytest.mark.parametrize("path", METRIC_FILES, ids=lambda p: p.name)
def test_metrics_never_import_the_presentation_layer(path):
    found = imported_modules(path.read_text(encoding="utf-8"), "ehp_analysis.metrics")
    offending = sorted(m for m in found if _is_presentation(m))
    assert not offending, f"{path.name} importerer presentasjonslaget: {offending}"


def test_no_module_of_the_package_is_over_600_lines():
    """One room per job: a module that outgrows 600 lines is split along its seams (issue 10)."""
    package = Path(__file__).resolve().parents[1] / "ehp_analysis"
    sizes = {p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in package.rglob("*.py")}
    assert sizes and {name: n for name, n in sizes.items() if n > 600} == {}
