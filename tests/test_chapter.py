"""open_chapter's loading: the build hands validated periods to the kernels instead of re-validating."""

from __future__ import annotations

import json
import pickle

import pytest

from ehp_analysis.chapter import view as chapter
from ehp_analysis.report import build
from ehp_analysis.report.chapters import load_chapters
from ehp_analysis.validate import load_period

from .test_build import make_project


@pytest.fixture(autouse=True)
def fresh_loader():
    chapter._load.cache_clear()
    yield
    chapter._load.cache_clear()


def test_handed_over_portfolio_is_used(tmp_path, monkeypatch):
    real = load_period("2020-01")
    marked = type(real)(**{**real.__dict__, "texts": {"oppsummering": "fra bygget"}})
    file = tmp_path / "p.pickle"
    file.write_bytes(pickle.dumps(marked))
    monkeypatch.setenv("EHP_PORTFOLIOS", json.dumps({"2020-01": str(file)}))
    assert chapter._load("2020-01", str(build.paths().root)).texts == {"oppsummering": "fra bygget"}


@pytest.mark.parametrize("content", [b"not a pickle", None])
def test_unreadable_hand_over_falls_back_to_validating(tmp_path, monkeypatch, content):
    file = tmp_path / "p.pickle"
    if content is not None:
        file.write_bytes(content)
    monkeypatch.setenv("EHP_PORTFOLIOS", json.dumps({"2020-01": str(file)}))
    assert len(chapter._load("2020-01", str(build.paths().root)).projects) == 54


def test_check_inputs_stores_and_reuses_the_validated_periods(tmp_path):
    project = make_project(tmp_path / "p")
    chapters = load_chapters(project)
    store = build._Cache(project / ".ehp-cache")
    shared = build._shared_key()
    plan = build.plan_period("2020-01", root=project, chapters=chapters, shared_key=shared)
    files: dict[str, str] = {}
    loaded = build.check_inputs([plan], project, cache=store, shared=shared, portfolio_files=files)
    assert set(loaded) == set(files) == {"2020-01", "2019-10"}
    with open(files["2020-01"], "rb") as fh:
        assert pickle.load(fh).projects["id"].tolist() == [1, 2, 3]
    again: dict[str, str] = {}
    assert build.check_inputs([plan], project, cache=store, shared=shared, portfolio_files=again) == {}
    assert again == files  # remembered: not validated again, the same files handed over
