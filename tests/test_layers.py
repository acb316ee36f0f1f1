"""The package's layers: one declared order, from the command line down to the template, and every import checked.

:data:`LAYERS` lists the package top to bottom. A module belongs to the layer of the longest name that prefixes its
own (``ehp_analysis.text.currency`` has a layer of its own, low, below the rest of ``ehp_analysis.text``). A module
imports only from its own layer or a lower one; checked on the source (AST), so an import inside a function counts
too, and nothing has to be imported to find it. Four checks, each shown to fail on a synthetic source:

* **upward**: an import of a module in a higher layer (the build, ``report``, never imports the notebook helpers,
  ``chapter``; the metrics never import the words or the figures);
* **cycle**: modules that import each other, directly or round a loop, even through a function-local import;
* **private**: ``from x import _y`` or ``x._y`` of another module of the package (what is shared is made public
  in the module that owns it);
* **shared dictionary changed at import**: a module-level statement that assigns into, updates or deletes from a
  dictionary (or list, set) another module owns, so that what a table holds depends on what was imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

import ehp_analysis

PACKAGE = Path(ehp_analysis.__file__).parent
ROOT = "ehp_analysis"

#: The package, top to bottom. Same layer: may import each other (but no cycle); lower: may be imported.
LAYERS: tuple[tuple[str, ...], ...] = (
    # the command line, and the package's front door (its lazy ``ehp_analysis.history`` and ``load_period``)
    ("ehp_analysis", "ehp_analysis.__main__", "ehp_analysis.cli", "ehp_analysis.cli_words", "ehp_analysis.preview"),
    ("ehp_analysis.demo", "ehp_analysis.scaffold"),  # commands that build or write a project
    ("ehp_analysis.synthetic",),  # the demo's input
    # the notebook helpers (a chapter's view of its periods, showing things): run by the build in the chapters'
    # kernels, never imported by it; above it, so the build importing them is an upward import
    ("ehp_analysis.chapter",),
    ("ehp_analysis.report",),  # the build: plan, cache, kernels, execute, assemble, outputs
    ("ehp_analysis.deck", "ehp_analysis.site"),  # the NUIT deck and the website: output formats of the build
    ("ehp_analysis.chapter_list",),  # notebooks/chapters.yaml, read by the build and the chapters
    ("ehp_analysis.collect",),  # the collection of submissions (workbooks, feedback pages, merging)
    ("ehp_analysis.periods",),  # a period with the periods its reader declared
    # what the build and the chapters both render: HTML, CSV, a tiltak's entry; headings shown from code
    ("ehp_analysis.render", "ehp_analysis.markdown_cells"),
    ("ehp_analysis.plots",),  # the figures
    ("ehp_analysis.text",),  # the words: sentences, labels, number formats
    ("ehp_analysis.metrics",),  # the numbers: pure functions of one or more periods
    ("ehp_analysis.key_figure",),  # key_figures.json's keys, and the one reader of them
    ("ehp_analysis.validated",),  # validated periods stored, handed over and loaded
    ("ehp_analysis.keys",),  # what a period reads, hashed
    ("ehp_analysis.validate",),  # a period's files checked, every problem at once
    ("ehp_analysis.parse",),  # cells to typed values
    ("ehp_analysis.portfolio",),  # a validated period
    ("ehp_analysis.roster",),  # the organisations expected to submit
    ("ehp_analysis.load", "ehp_analysis.commentary_files"),  # the template's dialects read; the commentary files
    ("ehp_analysis.formulas",),  # formula-like cells
    ("ehp_analysis.reference",),  # strategy, organisations, early-warning and cost-band reference data
    ("ehp_analysis.text.currency",),  # the unit of amounts, set per period
    ("ehp_analysis.provenance", "ehp_analysis.collect.journal", "ehp_analysis.hashing"),  # records, file swaps
    ("ehp_analysis.config",),  # paths and parameters files
    ("ehp_analysis.problems", "ehp_analysis.exceptions"),  # what can go wrong
    ("ehp_analysis.template",),  # the submission template
    ("ehp_analysis.missing", "ehp_analysis.words"),  # the missing-value check, the catalogue of words
)

#: Offenders in modules other changes of issue 21 are moving into the catalogue: being fixed by the catalogue move.
#: The list shrinks to nothing at the merge; an entry that no longer offends fails the test too, so it goes.
KNOWN: set[str] = set()

MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove",
                      "add", "discard", "__setitem__", "__delitem__"})


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name, for its ``__init__.py``)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` (0 is the top) of the longest declared name that prefixes ``module``."""
    best, index = "", None
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > len(best):
                best, index = name, i
    if index is None:
        raise KeyError(f"{module} is in no layer of LAYERS: add it")
    return index


def _package_of(module: str, is_package: bool) -> str:
    return module if is_package else module.rpartition(".")[0]


class _Reader(ast.NodeVisitor):
    """What one module imports from the package, the private names it uses and the dictionaries it changes."""

    def __init__(self, module: str, is_package: bool, modules: Iterable[str]):
        self.module = module
        self.package = _package_of(module, is_package)
        self.modules = set(modules)
        self.imports: set[str] = set()  # modules of the package imported (anywhere in the source)
        self.private: set[str] = set()  # "<module>._name" of another module used here
        self.bound: dict[str, str] = {}  # local name -> module of the package, or "<module>.<name>" imported
        self.changed: set[str] = set()  # "<module>.<name>" of another module changed at import

    # --- imports

    def _absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = self.package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1])
        return f"{base}.{node.module}" if node.module else base

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == ROOT or alias.name.startswith(ROOT + "."):
                target = alias.name if alias.name in self.modules else alias.name.rpartition(".")[0]
                self.imports.add(target)
                if alias.asname:
                    self.bound[alias.asname] = target

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        source = self._absolute(node)
        if not (source == ROOT or source.startswith(ROOT + ".")):
            return
        for alias in node.names:
            local = alias.asname or alias.name
            submodule = f"{source}.{alias.name}"
            if submodule in self.modules:  # `from . import display`: the submodule, not the package
                self.imports.add(submodule)
                self.bound[local] = submodule
                if _is_private(alias.name) and submodule.rpartition(".")[0] != self.package:
                    self.private.add(submodule)  # a private module of another package
                continue
            if source == ROOT and alias.name.startswith("__"):
                continue  # the version: the package's own attribute, set before it imports anything
            self.imports.add(source)
            self.bound[local] = f"{source}.{alias.name}"
            if _is_private(alias.name) and source != self.module:
                self.private.add(f"{source}.{alias.name}")

    # --- private attributes of another module: `display._show`

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and _is_private(node.attr):
            target = self.bound.get(node.value.id)
            if target in self.modules and target != self.module:
                self.private.add(f"{target}.{node.attr}")
        self.generic_visit(node)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _root(node: ast.AST) -> tuple[str | None, str | None]:
    """The leftmost name of ``LABELS["x"]["y"]``, ``LABELS.setdefault``, ``labels.LABELS["x"]``, and the attribute
    right after it (``LABELS`` in the last), if any."""
    first = None
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute):
            first = node.attr
        node = node.func if isinstance(node, ast.Call) else node.value
    return (node.id if isinstance(node, ast.Name) else None), first


def _run_at_import(tree: ast.Module) -> Iterable[ast.AST]:
    """Every node that runs when the module is imported: module-level statements and class bodies, not the bodies
    of functions (nor lambdas)."""
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    pending: list[ast.AST] = [node for node in tree.body if not isinstance(node, functions)]
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, functions):
                pending.append(child)


def _changed_at_import(tree: ast.Module, bound: dict[str, str], modules: set[str]) -> set[str]:
    """The names of other modules (``<module>.<name>``) a module-level statement changes."""
    def owner(node: ast.AST) -> str | None:
        name, attribute = _root(node)
        target = bound.get(name) if name else None
        if target is None:
            return None  # a name of this module's own
        if target in modules and attribute:  # `labels.LABELS[...]`: the module's dictionary
            return f"{target}.{attribute}"
        return target

    changed: set[str] = set()
    for node in _run_at_import(tree):
        targets: list[ast.AST] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for item in (target.elts if isinstance(target, ast.Tuple) else [target]):
                if isinstance(item, (ast.Subscript, ast.Attribute)):
                    found = owner(item)
                    if found:
                        changed.add(found)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            found = owner(node.func.value)
            if found:
                changed.add(found)
    return changed


def read_module(source: str, module: str, *, is_package: bool = False, modules: Iterable[str] = ()) -> _Reader:
    """Read ``source``, the module ``module`` of the package: what it imports, uses and changes."""
    modules = set(modules) | {module}
    tree = ast.parse(source)
    reader = _Reader(module, is_package, modules)
    reader.visit(tree)
    reader.imports.discard(module)
    reader.changed = {name for name in _changed_at_import(tree, reader.bound, modules)
                      if name.rpartition(".")[0] != module and name != module}
    return reader


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _exports(source: str) -> frozenset[str]:
    """The names a module's ``__all__`` declares public (``words._``, gettext's name, is public by its ``__all__``)."""
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
            try:
                return frozenset(ast.literal_eval(node.value))
            except ValueError:
                return frozenset()
    return frozenset()


def offences(sources: dict[str, tuple[str, bool]]) -> set[str]:
    """Every offence of ``sources`` (module -> (source, is a package)) against the four rules, as sentences."""
    modules = set(sources)
    exports = {module: _exports(source) for module, (source, _package) in sources.items()}
    graph: dict[str, set[str]] = {}
    found: set[str] = set()
    for module, (source, is_package) in sources.items():
        reader = read_module(source, module, is_package=is_package, modules=modules)
        graph[module] = {m for m in reader.imports if m in modules}
        for imported in sorted(graph[module]):
            if layer_of(imported) < layer_of(module):
                found.add(f"upward: {module} imports {imported}")
        found.update(f"private: {module} uses {name}" for name in reader.private
                     if name.rpartition(".")[2] not in exports.get(name.rpartition(".")[0], ()))
        found.update(f"dict: {module} changes {name} at import" for name in reader.changed)
    found.update("cycle: " + " <-> ".join(component) for component in _cycles(graph))
    return found


def package_offences() -> set[str]:
    files = module_files()
    return offences({name: (path.read_text(encoding="utf-8"), path.name == "__init__.py")
                     for name, path in files.items()})


# ------------------------------------------------------------------------------------- the checks can fail


def _synthetic(**modules: str) -> dict[str, tuple[str, bool]]:
    """Modules named with ``__`` for dots (``ehp_analysis__metrics__x``), packages ending in ``__init``."""
    out = {}
    for key, source in modules.items():
        is_package = key.endswith("__init")
        name = key.removesuffix("__init").replace("__", ".")
        out[name] = (source, is_package)
    return out


@pytest.mark.parametrize("modules, expected", [
    # upward imports, also inside a function and through every spelling of an import
    (dict(ehp_analysis__report__x="from ..chapter import display\n", ehp_analysis__chapter__display=""),
     {"upward: ehp_analysis.report.x imports ehp_analysis.chapter.display"}),
    (dict(ehp_analysis__render__x="def f():\n    from ..chapter.display import show\n",
          ehp_analysis__chapter__display=""),
     {"upward: ehp_analysis.render.x imports ehp_analysis.chapter.display"}),
    (dict(ehp_analysis__metrics__x="import ehp_analysis.text.labels as t\n", ehp_analysis__text__labels=""),
     {"upward: ehp_analysis.metrics.x imports ehp_analysis.text.labels"}),
    (dict(ehp_analysis__metrics__x="from ehp_analysis import text\n", ehp_analysis__text__init=""),
     {"upward: ehp_analysis.metrics.x imports ehp_analysis.text"}),
    (dict(ehp_analysis__periods="def f():\n    from .report.cache import Cache\n", ehp_analysis__report__cache=""),
     {"upward: ehp_analysis.periods imports ehp_analysis.report.cache"}),
    # downward and sideways are fine; the version is the package's own attribute
    (dict(ehp_analysis__chapter__x="from ..render.markup import Html\nfrom . import y\n",
          ehp_analysis__chapter__y="", ehp_analysis__render__markup=""), set()),
    (dict(ehp_analysis__keys="from . import __version__\n", ehp_analysis__init=""), set()),
    # a cycle, also one held together by a function-local import
    (dict(ehp_analysis__metrics__a="from .b import x\n", ehp_analysis__metrics__b="def f():\n    from .a import y\n"),
     {"cycle: ehp_analysis.metrics.a <-> ehp_analysis.metrics.b"}),
    (dict(ehp_analysis__text__a="from . import b\n", ehp_analysis__text__b="from . import c\n",
          ehp_analysis__text__c="from .a import x\n"),
     {"cycle: ehp_analysis.text.a <-> ehp_analysis.text.b <-> ehp_analysis.text.c"}),
    # private names of another module
    (dict(ehp_analysis__text__budget="from .sentences import _get, amount\n", ehp_analysis__text__sentences=""),
     {"private: ehp_analysis.text.budget uses ehp_analysis.text.sentences._get"}),
    (dict(ehp_analysis__chapter__tiltak="from . import display\n\ndef f():\n    display._show(1, 2)\n",
          ehp_analysis__chapter__display=""),
     {"private: ehp_analysis.chapter.tiltak uses ehp_analysis.chapter.display._show"}),
    (dict(ehp_analysis__chapter__view="from .. import text as _text\nx = _text._is_missing\n",
          ehp_analysis__text__init=""),
     {"private: ehp_analysis.chapter.view uses ehp_analysis.text._is_missing"}),
    (dict(ehp_analysis__text__x="from ..missing import is_missing as _is_missing\n_y = _is_missing\n",
          ehp_analysis__missing=""), set()),  # a public name bound to a private local: fine
    (dict(ehp_analysis__metrics__x="from ._common import Share\n", ehp_analysis__metrics___common=""), set()),
    (dict(ehp_analysis__text__x="from ..words import _, N_\n", ehp_analysis__words__init='__all__ = ["_", "N_"]\n'),
     set()),  # gettext's `_`, public by the catalogue's __all__
    (dict(ehp_analysis__text__x="from ..words import _\n", ehp_analysis__words__init=""),
     {"private: ehp_analysis.text.x uses ehp_analysis.words._"}),
    (dict(ehp_analysis__text__x="from ..metrics import _common\n", ehp_analysis__metrics___common=""),
     {"private: ehp_analysis.text.x uses ehp_analysis.metrics._common"}),
    # a shared dictionary changed at import
    (dict(ehp_analysis__text__decisions='from .labels import LABELS\nLABELS["warnings"] = {}\n',
          ehp_analysis__text__labels=""),
     {"dict: ehp_analysis.text.decisions changes ehp_analysis.text.labels.LABELS at import"}),
    (dict(ehp_analysis__text__delivery='from .labels import LABELS\nLABELS.setdefault("x", {})\n',
          ehp_analysis__text__labels=""),
     {"dict: ehp_analysis.text.delivery changes ehp_analysis.text.labels.LABELS at import"}),
    (dict(ehp_analysis__text__x='from . import labels\nlabels.LABELS["colours"]["x"] = "y"\n',
          ehp_analysis__text__labels=""),
     {"dict: ehp_analysis.text.x changes ehp_analysis.text.labels.LABELS at import"}),
    (dict(ehp_analysis__text__x='from .labels import LABELS\nif True:\n    LABELS["a"].update(b=1)\n',
          ehp_analysis__text__labels=""),
     {"dict: ehp_analysis.text.x changes ehp_analysis.text.labels.LABELS at import"}),
    (dict(ehp_analysis__text__x='from .labels import LABELS\nclass A:\n    del LABELS["a"]\n',
          ehp_analysis__text__labels=""),
     {"dict: ehp_analysis.text.x changes ehp_analysis.text.labels.LABELS at import"}),
    # ... but not in a function (that runs when called, not at import), nor a dictionary of its own
    (dict(ehp_analysis__text__x='from .labels import LABELS\ndef f():\n    LABELS["a"] = 1\n',
          ehp_analysis__text__labels=""), set()),
    (dict(ehp_analysis__text__x='from .labels import LABELS\nOWN = dict(LABELS)\nOWN["a"] = 1\n',
          ehp_analysis__text__labels=""), set()),
])
def test_each_check_can_fail(modules, expected):
    assert offences(_synthetic(**modules)) == expected


def test_every_module_has_a_layer():
    unplaced = []
    for module in module_files():
        try:
            layer_of(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == []


def test_the_order_is_declared_once():
    names = [name for layer in LAYERS for name in layer]
    assert len(names) == len(set(names))


def test_no_module_imports_up_cycles_or_uses_a_private_name_or_changes_a_shared_dictionary():
    found = package_offences()
    assert sorted(found - KNOWN) == [], "new offences"
    assert sorted(KNOWN - found) == [], "fixed: remove them from KNOWN"


@pytest.mark.parametrize("importer, imported", [
    ("ehp_analysis.report.assemble", "ehp_analysis.chapter.display"),
    ("ehp_analysis.collect.merge", "ehp_analysis.chapter.display"),
    ("ehp_analysis.periods", "ehp_analysis.report.cache"),
    ("ehp_analysis.metrics.strategy", "ehp_analysis.text"),
])
def test_the_order_forbids_what_issue_21_found(importer, imported):
    assert layer_of(imported) < layer_of(importer)


def test_the_build_and_the_notebook_helpers_never_import_each_other():
    """The order forbids the build importing the chapters' helpers; the other way round is kept out here: a chapter
    reads what lies below both (the chapter list, the validated periods, the renderers)."""
    files = module_files()
    modules = set(files)
    crossing = []
    for module, path in files.items():
        reader = read_module(path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py",
                             modules=modules)
        for imported in reader.imports:
            for a, b in (("ehp_analysis.chapter", "ehp_analysis.report"), ("ehp_analysis.report", "ehp_analysis.chapter")):
                if (module == a or module.startswith(a + ".")) and (imported == b or imported.startswith(b + ".")):
                    crossing.append(f"{module} -> {imported}")
    assert crossing == []


# ------------------------------------------------------------------- the metrics and the presentation

PRESENTATION = ("ehp_analysis.text", "ehp_analysis.plots", "ehp_analysis.chapter", "ehp_analysis.render")


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
