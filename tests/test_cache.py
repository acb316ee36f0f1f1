"""The incremental build: what a change re-runs, re-validates and re-assembles, and what it leaves alone.

Fast: papermill is replaced by a stand-in executor that "executes" a chapter by copying its notebook and
writing one file, and records which chapters ran. So these tests prove the orchestration (cache keys, cache
entries, the no-change check, validation markers, ``--force``) without starting a kernel; the real
kernels are covered by ``test_build.py`` (slow) and the figures by ``benchmarks/bench_build.py``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from ehp_analysis import cli
from ehp_analysis.config import CACHE_DIRNAME
from ehp_analysis.exceptions import ChapterExecutionError, DataValidationError
from ehp_analysis.report import build, execute, kernels, outputs
from ehp_analysis.report.cache import Cache

from .test_build import make_project

CHAPTERS = ["intro", "analyse", "vedlegg"]  # intro declares reads: previous; the others read only their period


class Recorder:
    """Stands in for :func:`execute.execute_notebook`; ``ran`` lists the chapters "executed" since reset."""

    def __init__(self):
        self.ran: list[str] = []
        self.fail: set[str] = set()

    def __call__(self, task, **kwargs):
        from papermill.exceptions import PapermillExecutionError

        self.ran.append(task.chapter.file)
        shutil.copyfile(task.notebook, task.executed)
        if task.chapter.file in self.fail:
            raise PapermillExecutionError(4, 3, "x = 1 / 0", "ZeroDivisionError", "division by zero", [])
        (task.work_dir / "tables").mkdir(parents=True, exist_ok=True)
        (task.work_dir / "tables" / f"{task.chapter.file}.csv").write_text("a\n1\n", encoding="utf-8")

    def take(self) -> list[str]:
        ran, self.ran = sorted(self.ran, key=CHAPTERS.index), []
        return ran


REAL_KEY_FIGURES = outputs.FORMATS["key_figures"]
FORMAT_CALLS: list[str] = []


def cheap_key_figures(run: outputs.FormatRun) -> None:
    """A cheap stand-in for key_figures.json (the real format, with its own cache, is tested separately)."""
    FORMAT_CALLS.append(run.plan.period)
    (run.folder / "key_figures.json").write_text("{}", encoding="utf-8")


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    """Every chapter run (by the build or the CLI) goes to the recorder: no kernel starts."""
    rec = Recorder()
    monkeypatch.setattr(execute, "execute_notebook", rec)
    monkeypatch.setattr(kernels, "fork_available", lambda: False)  # no zygote for kernels that never start
    return rec


@pytest.fixture
def cheap_formats(monkeypatch):
    """The key figures format replaced by :func:`cheap_key_figures` (same name, files and reads)."""
    monkeypatch.setitem(outputs.FORMATS, "key_figures",
                        dataclasses.replace(outputs.FORMATS["key_figures"], write=cheap_key_figures))
    FORMAT_CALLS.clear()


@pytest.fixture
def project(tmp_path, recorder, cheap_formats) -> Path:
    """The fixture project, built once (every chapter ran); the recorder is reset."""
    root = make_project(tmp_path / "prosjekt")
    run(root)
    assert recorder.take() == CHAPTERS
    FORMAT_CALLS.clear()
    return root


def run(root: Path, **kwargs) -> build.BuildResult:
    kwargs.setdefault("jobs", 2)
    return build.build_periods(["2020-01"], root=root, **kwargs)[0]


def count_validations(monkeypatch) -> list[str]:
    """The periods validated from here on (every validation goes through validate_folder)."""
    from ehp_analysis import validate

    calls: list[str] = []
    original = validate.validate_folder

    def counting(folder, **kwargs):
        calls.append(kwargs["period"])
        return original(folder, **kwargs)

    monkeypatch.setattr(validate, "validate_folder", counting)
    return calls


def out(root: Path) -> Path:
    return root / "outputs" / "2020-01"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and modification time (ns)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_markdown(notebook: Path, text: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, notebook)


def refuse(what: str):
    def refused(*args, **kwargs):
        raise AssertionError(f"{what} was called")

    return refused


# ----------------------------------------------------------------------------------- what re-runs


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # the period's own data: every chapter reads it
        (lambda r: edit(r / "data/2020-01/prosjekter.csv", ";12,5;", ";13,5;"), CHAPTERS),
        # the previous period's data: only the chapter that compares
        (lambda r: edit(r / "data/2019-10/prosjekter.csv", ";10;", ";11;"), ["intro"]),
        # a parameter (output_dir excluded from the key, the rest included)
        (lambda r: edit(r / "parameters/2020-01.yaml", 'cutoff: "2020-01-17"', 'cutoff: "2020-01-20"'), CHAPTERS),
        # a chapter's commentary, changed or new: no chapter (the assembly places it, issue 25)
        (lambda r: (r / "data/2020-01/tekst/intro.md").write_text("Ny vurdering.\n", encoding="utf-8"), []),
        (lambda r: (r / "data/2020-01/tekst/vedlegg.md").write_text("Ny vurdering.\n", encoding="utf-8"), []),
        # one notebook: only that chapter
        (lambda r: add_markdown(r / "notebooks/analyse.ipynb", "Et nytt avsnitt."), ["analyse"]),
    ],
    ids=["current-data", "previous-data", "parameters", "commentary-intro", "new-commentary", "notebook"],
)
def test_a_change_reruns_exactly_the_chapters_that_read_it(project, recorder, change, expected):
    before = (out(project) / "report.html").read_bytes()
    change(project)
    result = run(project)
    assert recorder.take() == expected
    assert [c.chapter for c in result.chapters if not c.cached] == expected
    assert result.assembled and result.executed == len(expected)
    record = json.loads((out(project) / "build.json").read_text(encoding="utf-8"))
    assert [c["cached"] for c in record["chapters"]] == [c not in expected for c in CHAPTERS]
    # and the next build finds nothing to do
    again = run(project)
    assert recorder.take() == [] and not again.assembled
    if expected == ["analyse"]:  # the new notebook's text is in the re-assembled report
        assert b"Et nytt avsnitt." in (out(project) / "report.html").read_bytes() != before


def test_reordering_chapters_reassembles_without_running_anything(project, recorder):
    chapters_file = project / "notebooks" / "chapters.yaml"
    text = chapters_file.read_text(encoding="utf-8")
    intro = text[text.index("  - file: intro"):text.index("  - file: analyse")]
    chapters_file.write_text(text.replace(intro, "").replace("  - file: vedlegg", intro + "  - file: vedlegg"),
                             encoding="utf-8")
    result = run(project)
    assert recorder.take() == [] and result.executed == 0
    assert result.assembled
    soup = BeautifulSoup((out(project) / "report.html").read_text(encoding="utf-8"), "html.parser")
    headings = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("section.ehp-chapter > h2")]
    assert headings == ["1 Analyse av porteføljen", "2 Oppsummering", "Vedlegg 1 – Alle prosjekter"]


# ------------------------------------------------------------------------------ nothing changed


def test_nothing_changed_does_nothing(project, recorder, monkeypatch):
    """No kernel, no validation, no assembly, no output format: every output file keeps its bytes and mtime."""
    from ehp_analysis import validate
    from ehp_analysis.report import assemble

    before = snapshot(out(project))
    monkeypatch.setattr(assemble, "assemble_report", refuse("assemble_report"))
    monkeypatch.setattr(validate, "validate_folder", refuse("validate_folder"))  # every validation goes through it
    lines: list[str] = []
    result = run(project, progress=lines.append)
    assert recorder.take() == [] and FORMAT_CALLS == []
    assert not result.assembled and result.executed == 0 and all(c.cached for c in result.chapters)
    assert result.report == out(project) / "report.html"
    assert snapshot(out(project)) == before
    assert sorted(p.name for p in (project / "outputs").iterdir()) == ["2020-01"]  # no staging left behind
    assert len(lines) == 3 and all(line.endswith("(uendret)") for line in lines)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda o: (o / "tables" / "analyse.csv").unlink(),
        lambda o: (o / "report.html").write_text("redigert for hånd", encoding="utf-8"),
        lambda o: (o / "build.json").unlink(),
        lambda o: (o / "build.json").write_text("{ikke json", encoding="utf-8"),
        lambda o: shutil.rmtree(o),
    ],
    ids=["file-deleted", "report-edited", "record-deleted", "record-broken", "outputs-deleted"],
)
def test_damaged_outputs_are_rebuilt_from_the_cache(project, recorder, tamper):
    good = (out(project) / "report.html").read_bytes()
    tamper(out(project))
    result = run(project)
    assert recorder.take() == [] and result.assembled  # restored and re-assembled, no kernel
    assert (out(project) / "tables" / "analyse.csv").is_file()
    assert (out(project) / "report.html").read_bytes() == good


def test_a_different_set_of_formats_reassembles(project, recorder, monkeypatch):
    def write_other(run: outputs.FormatRun) -> None:
        (run.folder / "annet.json").write_text("{}", encoding="utf-8")

    monkeypatch.setitem(outputs.FORMATS, "annet", outputs.OutputFormat("annet", ("annet.json",), "", write_other))
    formats = (*outputs.DEFAULT_FORMATS, "annet")
    result = run(project, formats=formats)
    assert recorder.take() == [] and result.assembled
    assert (out(project) / "annet.json").is_file() and (out(project) / "key_figures.json").is_file()
    assert not run(project, formats=formats).assembled
    # and without the key figures: the report alone, still no kernel
    result = run(project, formats=("html",))
    assert recorder.take() == [] and result.assembled
    assert sorted(p.name for p in out(project).iterdir()) == ["build.json", "notebooks", "report.html", "tables"]
    assert not run(project, formats=("html",)).assembled


# -------------------------------------------------------------------------------------- failures


def test_a_failed_chapter_is_not_cached_and_runs_again(project, recorder):
    cache = project / CACHE_DIRNAME / "2020-01"
    good_entries = {c: sorted(p.name for p in (cache / c).iterdir()) for c in CHAPTERS}
    add_markdown(project / "notebooks" / "analyse.ipynb", "Endret.")
    recorder.fail = {"analyse"}
    with pytest.raises(ChapterExecutionError, match="analyse"):
        run(project, jobs=1)
    assert "analyse" in recorder.take()
    assert {c: sorted(p.name for p in (cache / c).iterdir()) for c in CHAPTERS} == good_entries
    assert (out(project) / "failed" / "analyse.ipynb").is_file()
    # the same failing notebook is run again, not restored
    with pytest.raises(ChapterExecutionError):
        run(project, jobs=1)
    assert "analyse" in recorder.take()
    # fixed: it runs, is cached, and the failed notebook is gone with the old outputs
    recorder.fail = set()
    result = run(project)
    assert recorder.take() == ["analyse"] and result.assembled
    assert not (out(project) / "failed").exists()
    assert len(list((cache / "analyse").iterdir())) == 1


def test_reverting_a_failed_change_restores_without_a_kernel(project, recorder):
    notebook = project / "notebooks" / "analyse.ipynb"
    original = notebook.read_bytes()
    add_markdown(notebook, "Endret.")
    recorder.fail = {"analyse"}
    with pytest.raises(ChapterExecutionError):
        run(project, jobs=1)
    recorder.take()
    notebook.write_bytes(original)
    result = run(project)  # the outputs match the cache again, but failed/ must go: re-assembled
    assert recorder.take() == [] and result.assembled
    assert not (out(project) / "failed").exists()


def test_invalid_data_is_never_remembered_as_valid(project, recorder):
    data = project / "data" / "2020-01" / "prosjekter.csv"
    good = data.read_bytes()
    edit(data, ";rød;", ";lilla;")
    for _ in range(2):
        with pytest.raises(DataValidationError):
            run(project)
    assert recorder.take() == []
    data.write_bytes(good)
    assert not run(project).assembled  # back to the inputs of the last good build


def test_unchanged_inputs_are_validated_once(project, recorder, monkeypatch):
    calls = count_validations(monkeypatch)
    add_markdown(project / "notebooks" / "analyse.ipynb", "Endret.")  # a notebook is not validated
    run(project)
    assert calls == []
    edit(project / "data/2019-10/prosjekter.csv", ";10;", ";11;")
    run(project)
    assert calls == ["2019-10"]  # a period's validation reads its own files only: 2020-01's passed as it was
    edit(project / "data/2020-01/prosjekter.csv", ";12,5;", ";13,5;")
    run(project)
    assert calls == ["2019-10", "2020-01"]


def test_a_commentary_edit_validates_nothing_again_and_is_read_afresh(project, recorder, monkeypatch):
    from ehp_analysis.config import load_parameters
    from ehp_analysis.validated import cached_loader

    calls = count_validations(monkeypatch)
    (project / "data/2020-01/tekst/intro.md").write_text("Ny vurdering fra kontoret.\n", encoding="utf-8")
    result = run(project)
    assert calls == [] and recorder.take() == [] and result.assembled  # placed at assembly (the browser test sees it)
    # the stored period (stored without its commentary) is loaded with the commentary as it is now
    (project / "data/2020-01/tekst/intro.md").write_text("Enda nyere vurdering.\n", encoding="utf-8")
    portfolio = cached_loader(project)(load_parameters("2020-01", project))
    assert calls == []
    assert portfolio.texts["intro"] == "Enda nyere vurdering.\n"
    assert "tekst/intro.md" in portfolio.files


def test_a_commentary_file_that_is_not_utf8_stops_the_build_before_any_chapter(project, recorder):
    before = snapshot(out(project))
    (project / "data/2020-01/tekst/intro.md").write_bytes("Vurdering i Latin-1: æøå\n".encode("latin-1"))
    with pytest.raises(DataValidationError) as info:
        run(project)
    assert recorder.take() == []
    assert [(p.file, p.expected) for p in info.value.by_period["2020-01"]] == [
        ("tekst/intro.md", "teksten er ikke UTF-8; lagre den som UTF-8")]
    assert snapshot(out(project)) == before


def test_invalid_data_in_a_period_only_a_format_reads_stops_the_build_before_any_chapter(project, recorder,
                                                                                           monkeypatch):
    """Every period a chapter *or an output format* reads is validated before a kernel starts.

    Here no chapter reads the previous period (intro is set to reads: current), but the key figures
    format does (reads: previous). Its broken data must stop the build before any chapter runs.

    ENGINE BUG (left failing on purpose): ``PeriodPlan.periods_read`` (ehp_analysis/report/plan.py) only
    collects the chapters' ``task.reads``, not the periods the plan's formats declare, so ``check_inputs``
    never validates 2019-10 here: all three chapters run first and the error only surfaces when
    ``key_figures.json`` is written (through ``load_period`` in ``build._portfolio_getter``).
    """
    monkeypatch.setitem(outputs.FORMATS, "key_figures", REAL_KEY_FIGURES)
    edit(project / "notebooks" / "chapters.yaml", "reads: previous", "reads: current")
    edit(project / "data/2019-10/prosjekter.csv", ";gul;prosjekt;", ";lilla;prosjekt;")
    with pytest.raises(DataValidationError, match="1 feil"):
        run(project, force=True)
    assert recorder.take() == []


# ----------------------------------------------------------------------------------------- force


def test_force_ignores_the_cache(project, recorder, monkeypatch):
    calls = count_validations(monkeypatch)
    before = snapshot(out(project))
    result = run(project, force=True)
    assert recorder.take() == CHAPTERS and result.executed == 3 and result.assembled
    assert sorted(calls) == ["2019-10", "2020-01"]
    assert (out(project) / "report.html").stat().st_mtime_ns != before["report.html"][1]
    assert all(len(list((project / CACHE_DIRNAME / "2020-01" / c).iterdir())) == 1 for c in CHAPTERS)


def test_the_commands_force_flag_reaches_the_build(project, recorder, monkeypatch, capsys):
    monkeypatch.setenv("EHP_ROOT", str(project))  # the key figures stay the cheap stand-in (project fixture)
    assert cli.main(["build", "2020-01"]) == 0
    recorder.take()
    assert cli.main(["build", "2020-01"]) == 0
    assert recorder.take() == []
    assert cli.main(["build", "2020-01", "--force"]) == 0
    assert recorder.take() == CHAPTERS
    assert "(3 kapitler, 3 kjørt, 0 uendret;" in capsys.readouterr().out


def test_without_the_cache_everything_runs(project, recorder):
    result = run(project, cache=False)
    assert recorder.take() == CHAPTERS and result.assembled


# ----------------------------------------------------------------------------------- key figures


def test_key_figures_are_reused_while_the_data_is_the_same(project, recorder, monkeypatch):
    import importlib

    kf = importlib.import_module("ehp_analysis.metrics.key_figures")  # the module (the package exports the function)

    monkeypatch.setitem(outputs.FORMATS, "key_figures", REAL_KEY_FIGURES)
    calls: list[tuple[str, str | None]] = []  # (period, previous period) of every computation
    original = kf.key_figures

    def counting(current, previous=None, **kwargs):
        calls.append((current.period, previous.period if previous is not None else None))
        return original(current, previous, **kwargs)

    monkeypatch.setattr(kf, "key_figures", counting)
    loads = count_validations(monkeypatch)
    run(project, force=True)
    first = (out(project) / "key_figures.json").read_bytes()
    assert calls == [("2020-01", "2019-10")]
    assert sorted(loads) == ["2019-10", "2020-01"]  # validated once, and the key figures use what was loaded
    (project / "data/2020-01/tekst/intro.md").write_text("Ny vurdering.\n", encoding="utf-8")
    run(project)
    assert len(calls) == 1  # commentary is no input of the key figures
    assert (out(project) / "key_figures.json").read_bytes() == first
    edit(project / "data/2020-01/prosjekter.csv", ";12,5;", ";13,5;")
    run(project)
    assert len(calls) == 2
    assert json.loads((out(project) / "key_figures.json").read_bytes()) != json.loads(first)
    edit(project / "data/2019-10/prosjekter.csv", ";10;", ";11;")  # the previous period is an input too
    run(project)
    assert len(calls) == 3
    run(project, force=True)
    assert len(calls) == 4


def test_old_validation_markers_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(Cache, "KEEP_VALIDATED", 2)
    store = Cache(tmp_path)
    for age, key in enumerate(["c", "b", "a"]):  # c oldest
        store.mark_validated(key)
        os.utime(tmp_path / "validated" / key, ns=(10**18 + age, 10**18 + age))
    store.mark_validated("d")
    assert sorted(p.name for p in (tmp_path / "validated").iterdir()) == ["a", "d"]
    assert store.validated("d") and not store.validated("c")
