"""The list of key_figures.json's keys (ehp_analysis.key_figure.KEYS) and the one accessor that reads them.

The list matches the key figures of the embedded 2020-01 period (computed in-process as `ehp key-figures` does:
its chain, its previous period), a key not in the list raises, and every key the package and the notebooks read
is in the list.
"""

from __future__ import annotations

import ast
import itertools
import json
from pathlib import Path

import pytest

from ehp_analysis.key_figure import KEYS, absent_when, key_figure, previous_figures

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def figures_2020_01():
    from ehp_analysis.metrics.key_figures import key_figures
    from ehp_analysis.periods import load_periods

    periods = load_periods("2020-01", reads="chain")
    return key_figures(periods.current, periods.previous, chain=periods.chain)


def _leaves(node, path=()):
    """Every dotted key of ``node``: a map listed with ``.*`` is one key (its entries come from the data)."""
    dotted = ".".join(path)
    if path and (f"{dotted}.*" in KEYS or (path[0] == "previous" and f"{'.'.join(path[1:])}.*" in KEYS)):
        yield dotted
    elif isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif path:
        yield dotted


def test_every_key_of_2020_01_is_listed(figures_2020_01):
    keys = set(_leaves(figures_2020_01))
    assert len(keys) > 150  # the walk found the keys, not nothing
    unlisted = []
    for key in sorted(keys):
        try:
            absent_when(key)
        except KeyError:
            unlisted.append(key)
    assert unlisted == []


def _present(figures, dotted: str) -> bool:
    node = figures
    for part in dotted.removesuffix(".*").split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


@pytest.mark.parametrize("prefix", ["", "previous."])
def test_every_listed_key_is_in_2020_01_unless_it_may_be_absent(figures_2020_01, prefix):
    """2020-01 has a previous period, a bridge and the 2017-2022 strategy (areas, no goals): only the goals'
    keys are absent (the previous period, a first period within these figures, has no bridge either)."""
    absent = sorted(key for key in KEYS if not _present(figures_2020_01, prefix + key))
    goals = sorted(key for key, when in KEYS.items() if when and "unless the period's strategy has goals" in when)
    bridge_steps = sorted(key for key in KEYS if key.startswith("budget.bridge."))
    assert goals == ["budget.by_goal.*", "projects.by_goal.*", "projects.supporting_goal.*"]
    slips = ["baseline.slip_months.*"]  # the 2020 template never collects planlagt_slutt
    if prefix:
        chain = sorted(key for key in KEYS if key.startswith(("history.", "baseline.")) or key == "malform")
        assert absent == sorted(goals + bridge_steps + chain)
    else:
        assert absent == sorted(goals + slips)


@pytest.mark.parametrize("key", ["projects.cuont", "previous.projects.cuont", "previuos.budget.total", "budget.bridge.lft",
                                 "status.count", "projects", "budget.total.value.more", "history.periodz"])
def test_a_key_not_in_the_list_raises(key, figures_2020_01):
    with pytest.raises(KeyError, match="not a key of key_figures.json"):
        key_figure(figures_2020_01, key)
    with pytest.raises(KeyError):
        key_figure({}, key)  # whatever the figures hold


@pytest.mark.parametrize("key, expected", [
    ("projects.count", 54), ("previous.projects.count", 54), ("period", "2020-01"), ("previous_period", "2019-10"),
    ("status.counts.rød", None), ("budget.by_goal", None), ("budget.by_goal.1", None),  # absent: no goals in 2020-01
    ("previous.budget.bridge", None), ("previous.previous_period", None),
])
def test_a_listed_key_reads_its_value_or_none(figures_2020_01, key, expected):
    value = key_figure(figures_2020_01, key)
    if key == "status.counts.rød":
        assert value == figures_2020_01["status"]["counts"]["rød"] and isinstance(value, int)
    else:
        assert value == expected


def test_a_first_period_has_no_previous_figures(figures_2020_01):
    first = {k: v for k, v in figures_2020_01.items() if k != "previous"}
    assert previous_figures(first) is None
    assert key_figure(first, "previous.budget.total") is None
    assert previous_figures(figures_2020_01)["period"] == "2019-10"


# --------------------------------------------------------------------------------- keys read by the code


def _candidates() -> list[str]:
    parts = {part for key in KEYS for part in key.split(".") if part != "*"}
    return sorted(parts | {"previous"} | {".".join(key.split(".")[:2]) for key in KEYS})


def _listed_length(key: str) -> int:
    """How much of ``key`` the list names (all of it, or the map before an entry from the data); -1: none."""
    own = key.removeprefix("previous.") if key != "previous" else key
    offset = len(key) - len(own)
    if own in KEYS or own == "previous":
        return len(key)
    parts = own.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) + ".*" in KEYS:
            return offset + len(".".join(parts[:end]))
    return -1


def _readable(node: ast.expr) -> bool:
    """A key written as a literal, or an f-string whose fields can be filled so that it is a listed key with its
    written part inside what the list names (``f"{key}.sharez"`` is no entry of the map ``warnings.*``)."""
    pieces = [node.value] if isinstance(node, ast.Constant) else [
        v.value if isinstance(v, ast.Constant) else None for v in node.values]
    for filling in itertools.product(_candidates(), repeat=pieces.count(None)):
        it = iter(filling)
        key, written_end = "", 0
        for piece in pieces:
            key += piece if piece is not None else next(it)
            if piece is not None:
                written_end = len(key.rstrip("."))
        if _listed_length(key) >= written_end:
            return True
    return False


def _keys_read(source: str) -> list[tuple[int, str, bool]]:
    """``(line, key as written, listed)`` of every ``key_figure(figures, key)`` call and every literal subscript
    chain on a name ``kf`` (``kf["period"]``, ``kf["projects"]["count"]``)."""
    found = []
    tree = ast.parse(source)
    nested = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "key_figure"
                and len(node.args) == 2 and isinstance(node.args[1], (ast.Constant, ast.JoinedStr))):
            found.append((node.lineno, ast.unparse(node.args[1]), _readable(node.args[1])))
            continue
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and id(node) not in nested:
            chain, inner = [node.slice.value], node.value
            while isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Constant):
                chain.insert(0, inner.slice.value)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id == "kf" and all(isinstance(c, str) for c in chain):
                key = ".".join(chain)
                found.append((node.lineno, key, _readable(ast.Constant(key))))
    return found


def _sources() -> list[tuple[str, str]]:
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "ehp_analysis").rglob("*.py"))]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        found.append((path.name, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")))
    return found


def test_the_text_reads_its_key_figures_through_the_accessor():
    text = [(name, _keys_read(source)) for name, source in _sources() if name.startswith("ehp_analysis/text/")]
    assert sum(len(keys) for _name, keys in text) >= 30  # the scan finds the reads, not nothing


def test_every_key_the_package_and_the_notebooks_read_is_listed():
    unlisted = [(name, line, key) for name, source in _sources() for line, key, listed in _keys_read(source)
                if not listed]
    assert unlisted == []


@pytest.mark.parametrize("source, listed", [
    ('key_figure(kf, "projects.count")', True), ('key_figure(kf, "projects.cuont")', False),
    ('key_figure(kf, f"previous.{dotted}")', True), ('key_figure(kf, f"{key}.sharez")', False),
    ('kf["projects"]["count"]', True), ('kf["projekts"]', False),
])
def test_the_scan_tells_listed_keys_from_misspelt_ones(source, listed):
    assert [found for _line, _key, found in _keys_read(source)] == [listed]
