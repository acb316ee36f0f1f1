"""Messages that lead somewhere: argparse in Norwegian, an earlier period's errors named with the command that
shows them, progress in the chapter list's order, and a chapter run by hand that leaves a build's folder alone."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ehp_analysis import cli
from ehp_analysis.config import load_parameters
from ehp_analysis.report import build

from .test_build import make_project, no_kernels

# argparse's own English (Python 3.11–3.13): none of it may reach a user of ehp.
ENGLISH = ("usage", "options", "show this help", "and exit", "invalid choice", "choose from", "the following",
           "are required", "unrecognized", "error:", "positional", "expected", "argument ")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


# ------------------------------------------------------------------------------------------ argparse


@pytest.mark.parametrize("argv, code, says", [
    (["--help"], 0, "bruk: ehp [-h] [--version] [-v] [--root MAPPE] KOMMANDO ...\n"),
    (["build", "--help"], 0, "bruk: ehp build [-h] [--all] [--force] [--jobs ANTALL] [--pdf]\n"
                             "                [--malform MÅLFORM]\n                [ÅÅÅÅ-MM ...]\n"),
    (["nosuch"], 2, "ehp: feil: argumentet KOMMANDO: ugyldig valg 'nosuch' (velg blant 'validate', 'periods', "),
    (["build", "--nosuch"], 2, "ehp: feil: ukjente argumenter: --nosuch\n"),
    ([], 2, "ehp: feil: disse argumentene mangler: KOMMANDO\n"),
    (["validate"], 2, "ehp validate: feil: disse argumentene mangler: PERIODE|MAPPE\n"),
    (["build", "--jobs", "x"], 2, "ehp build: feil: argumentet --jobs/-j: forventet et helt tall større enn 0, "
                                  "fikk 'x'\n"),
])
def test_argparse_speaks_norwegian(capsys, argv, code, says):
    got, out, err = run_cli(capsys, *argv)
    assert got == code
    assert says in out + err
    words = (out + err).lower()
    assert [w for w in ENGLISH if w in words] == []
    if "--help" in argv:
        assert "-h, --help" in out and "vis denne hjelpeteksten og avslutt" in out and "valg:" in out


def test_argparse_is_itself_again_outside_ehp(capsys):
    import argparse

    run_cli(capsys, "--help")
    parser = argparse.ArgumentParser(prog="x")
    assert parser.format_usage() == "usage: x [-h]\n"  # nothing else in the process is changed


# ------------------------------------------------------------------------- errors in an earlier period


@pytest.fixture
def broken_chain(tmp_path):
    """The build tests' two periods, with an error in the earlier one (2019-10)."""
    root = make_project(tmp_path / "prosjekt")
    data = root / "data" / "2019-10" / "prosjekter.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(";planlegging;", ";planleggin;"), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["figures", "2020-01"], ["build", "2020-01"], ["build", "--all"]])
def test_an_earlier_periods_error_names_it_and_the_command_that_shows_it(capsys, monkeypatch, broken_chain, command):
    no_kernels(monkeypatch)
    code, out, err = run_cli(capsys, "--root", str(broken_chain), *command)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "Innrapporteringen har 1 feil i 1 fil; ingenting er endret under outputs/."
    title = "FEIL (1):" if command == ["build", "--all"] else "FEIL i 2019-10 (1):"
    assert lines[1] == title
    assert "kolonne «fase»" in lines[2] and "planleggin" in lines[2]
    assert lines[-1] == ("Kjør «ehp validate 2019-10» for å se feilene og advarslene, og med «--all-rows» for "
                         "hver rad for seg.")
    if command != ["build", "--all"]:  # --all builds 2019-10 itself: it is not only an earlier period there
        assert lines[-2] == "Feilene står i 2019-10, en tidligere periode i kjeden."
    assert "<periode>" not in err
    assert not (broken_chain / "outputs").exists()


def test_errors_in_two_periods_name_each(capsys, monkeypatch, broken_chain):
    no_kernels(monkeypatch)
    data = broken_chain / "data" / "2020-01" / "prosjekter.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(";gjennomføring;", ";ferdig;"), encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(broken_chain), "build", "2020-01")
    assert code == 1
    assert "FEIL i 2019-10 (1):" in err and "FEIL i 2020-01 (1):" in err
    assert "Kjør «ehp validate 2019-10»" in err and "Kjør «ehp validate 2020-01»" in err


# ------------------------------------------------------------------------------------------ progress


def test_progress_follows_the_chapter_list_when_chapters_finish_in_another_order(tmp_path, monkeypatch):
    """Three chapters at once, finishing last-listed first: the lines still count 1/3, 2/3, 3/3 in list order."""
    root = make_project(tmp_path / "prosjekt")
    no_kernels(monkeypatch)
    finish_order = ["vedlegg", "analyse", "intro"]
    may_finish = {name: threading.Event() for name in finish_order}
    may_finish["vedlegg"].set()
    finished: list[str] = []

    def fake(task, **kwargs):
        shutil.copyfile(task.notebook, task.executed)
        name = task.chapter.file
        assert may_finish[name].wait(10)
        finished.append(name)
        following = finish_order.index(name) + 1
        if following < len(finish_order):  # let the next one finish once this one's line could be printed
            threading.Timer(0.2, may_finish[finish_order[following]].set).start()

    lines: list[str] = []
    build.build_periods(["2020-01"], root=root, jobs=3, cache=False, executor=fake, progress=lines.append)
    assert finished == finish_order
    assert [re.sub(r" … .*", "", line) for line in lines] == [
        "[2020-01] 1/3 intro", "[2020-01] 2/3 analyse", "[2020-01] 3/3 vedlegg"]


# --------------------------------------------------------------------------------- a chapter by hand


@pytest.mark.parametrize("given, writes", [
    ("outputs/2020-01", False),            # what papermill -f parameters/2020-01.yaml injects
    ("{root}/outputs/2020-01", False),     # the same, absolute
    ("{root}/outputs/2020-01/tables", False),
    ("{root}/outputs/annet", False),       # anywhere under outputs/ but a build's staging folder
    ("{root}/outputs/.staging-2020-01-7/.work/strategi", True),   # where the build puts a chapter's files
    ("{tmp}/mine", True),                  # a folder of the analyst's own
    ("", False),                           # Jupyter as it is
])
def test_a_chapter_run_by_hand_never_writes_into_a_builds_folder(tmp_path, monkeypatch, given, writes):
    from ehp_analysis.chapter import view

    root = make_project(tmp_path / "prosjekt")
    monkeypatch.chdir(root)
    params = load_parameters("2020-01", root)
    target = view._files_to(given.format(root=root, tmp=tmp_path), params, root)
    assert (target is not None) == writes
    if writes:
        assert target == Path(given.format(root=root, tmp=tmp_path)).resolve()


@pytest.mark.slow
def test_papermill_by_hand_as_the_docs_show_writes_nothing_under_outputs(tmp_path):
    """``papermill -f parameters/<period>.yaml notebooks/<chapter>.ipynb out.ipynb`` (docs/analytiker.md): the
    parameters file's output_dir is outputs/<period>, and a chapter that opens with open_chapter writes nothing
    under outputs/ (it still shows its table)."""
    import nbformat

    root = make_project(tmp_path / "prosjekt")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('period = ""\noutput_dir = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom ehp_analysis.chapter import open_chapter\n"
            'ch = open_chapter("intro", period=period, output_dir=output_dir)\n'
            'ch.table(pd.DataFrame({"id": [1, 2]}), name="prosjekter", caption="Prosjektene")'),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(notebook, root / "notebooks" / "intro.ipynb")
    out = tmp_path / "ut.ipynb"
    done = subprocess.run([str(Path(sys.executable).with_name("papermill")), "-f", "parameters/2020-01.yaml",
                           "notebooks/intro.ipynb", str(out)],
                          cwd=root, env={**os.environ, "EHP_ROOT": str(root)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (root / "outputs").exists()
    shown = json.dumps([o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])],
                       ensure_ascii=False)
    assert "Prosjektene" in shown
