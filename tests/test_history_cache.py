"""A long chain is loaded once per build and shared by the chapters that read it.

Fast: chapters are "executed" by a stand-in that records the validated periods the build handed to each
(``task.portfolios``, what a kernel unpickles instead of reading and validating the files again); the real
kernels are covered by the slow and browser tests. That the cache never changes an answer is
tests/test_invariant.py's job.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from ehp_analysis import synthetic
from ehp_analysis.config import CACHE_DIRNAME
from ehp_analysis.report import build, execute, kernels
from ehp_analysis.report.cache import Cache

from .test_cache import count_validations

PERIODS = 12


class Recorder:
    """Stands in for papermill: copies the notebook, records what each chapter was handed."""

    def __init__(self):
        self.handed: dict[str, dict[str, str]] = {}

    def __call__(self, task, **kwargs):
        self.handed[task.chapter.file] = dict(task.portfolios)
        shutil.copyfile(task.notebook, task.executed)
        task.work_dir.mkdir(parents=True, exist_ok=True)


def _notebook(name: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
    nb.cells[0]["id"] = f"{name}-0"
    return nb


@pytest.fixture
def project(tmp_path, monkeypatch) -> tuple[Path, list[str], Recorder]:
    root = tmp_path / "kjede"
    periods = synthetic.write_history(synthetic.generate_history(6, PERIODS, seed=5), root)
    (root / "notebooks").mkdir()
    for name in ("historikk", "naa"):
        nbformat.write(_notebook(name), root / "notebooks" / f"{name}.ipynb")
    (root / "notebooks" / "chapters.yaml").write_text(
        'title: "Kjede"\nchapters:\n  - file: historikk\n    title: "Historikk"\n    reads: chain\n'
        '  - file: naa\n    title: "Nå"\n', encoding="utf-8")
    recorder = Recorder()
    monkeypatch.setattr(execute, "execute_notebook", recorder)
    monkeypatch.setattr(kernels, "fork_available", lambda: False)
    return root, periods, recorder


def test_every_period_of_the_chain_is_validated_once_and_handed_to_the_chapter(project, monkeypatch):
    root, periods, recorder = project
    monkeypatch.setattr(Cache, "KEEP_PORTFOLIOS", 3)  # fewer than the chain: the build's own are still kept
    calls = count_validations(monkeypatch)
    build.build_periods([periods[-1]], root=root, jobs=1)
    assert sorted(calls) == sorted(periods)  # each once, although the chapter and key_figures.json read all 12
    handed = recorder.handed["historikk"]
    assert sorted(handed) == periods and all(Path(f).is_file() for f in handed.values())
    assert list(recorder.handed["naa"]) == [periods[-1]]
    assert len(list((root / CACHE_DIRNAME / "portfolios").glob("*.pickle"))) == PERIODS

    # Another chapter changes: nothing is validated again, and every period is handed over again.
    nb = _notebook("naa")
    nb.cells.append(nbformat.v4.new_markdown_cell("Endret."))
    nb.cells[-1]["id"] = "naa-1"
    nbformat.write(nb, root / "notebooks" / "naa.ipynb")
    recorder.handed.clear()
    build.build_periods([periods[-1]], root=root, jobs=1)
    assert sorted(calls) == sorted(periods)
    assert list(recorder.handed) == ["naa"]


def test_a_pruned_period_is_validated_again_rather_than_in_every_kernel(project, monkeypatch):
    root, periods, recorder = project
    build.build_periods([periods[-1]], root=root, jobs=1)
    calls = count_validations(monkeypatch)
    import pickle

    def period_of(path: Path) -> str:
        with open(path, "rb") as fh:
            return pickle.load(fh).period

    gone = next(p for p in sorted((root / CACHE_DIRNAME / "portfolios").glob("*.pickle"))
                if period_of(p) == periods[3])
    gone.unlink()  # as another build's pruning would
    (root / "data" / periods[-1] / "tekst").mkdir()
    (root / "data" / periods[-1] / "tekst" / "historikk.md").write_text("Ny kommentar.\n", encoding="utf-8")
    # The commentary runs no chapter (the assembly places it, issue 25): the chapter changes too, so it runs.
    nb = _notebook("historikk")
    nb.cells.append(nbformat.v4.new_markdown_cell("Endret."))
    nb.cells[-1]["id"] = "historikk-1"
    nbformat.write(nb, root / "notebooks" / "historikk.ipynb")
    recorder.handed.clear()
    build.build_periods([periods[-1]], root=root, jobs=1)
    # Only the one whose pickle went: the commentary is not part of what a validation is remembered by.
    assert calls == [periods[3]]
    assert sorted(recorder.handed["historikk"]) == periods
    assert gone.is_file()


def test_pruning_keeps_what_is_in_use(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(Cache, "KEEP_PORTFOLIOS", 2)
    store = Cache(tmp_path)
    for age, key in enumerate(["a", "b", "c", "d"]):  # a oldest
        store.store_portfolio(key, {"key": key})
        os.utime(tmp_path / "portfolios" / f"{key}.pickle", ns=(10**18 + age, 10**18 + age))
    store.prune_portfolios({"a"})
    assert sorted(p.stem for p in (tmp_path / "portfolios").glob("*.pickle")) == ["a", "d"]
    Cache(None).prune_portfolios({"x"})  # no cache: nothing to do
