"""The build: chapter list, plan, tasks, cache, retries (fast) and end-to-end builds of tiny chapters (slow).

The slow tests share one built project (module-scoped) and copy it before changing anything, so the
whole module starts only a handful of kernels.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.config import paths
from ehp_analysis.exceptions import BuildError, ChapterExecutionError, ConfigError
from ehp_analysis.report import build, cache, execute, outputs, pdf, stage
from ehp_analysis.report.assemble import assemble_report
from ehp_analysis.chapter_list import load_chapters, parse_chapters
from ehp_analysis.report.plan import plan_build

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SCRIPT = "<script>alert(1)</script>"
# Valid template data (the build validates every period first); hostile names on purpose.
PROJECTS = (
    "id;navn;budsjett;status;type;ansvarlig_virksomhet;innsatsomrade;fase;risiko;statusarsaker\n"
    f"1;{SCRIPT};12,5;rød;prosjekt;KS;1.1;planlegging;gul;ressurser\n"
    '2;Helsenett (x=1);3;gul;prosjekt;Helsedirektoratet;3.2;konsept;gul;forsinkelser\n'
    "3;Helsedata;;grønn;program;Direktoratet for e-helse;3.2;gjennomføring;grønn;\n"
)
PREVIOUS = ("id;navn;budsjett;status;type;ansvarlig_virksomhet;innsatsomrade;fase;risiko;statusarsaker\n"
            "1;A;10;gul;prosjekt;KS;1.1;planlegging;gul;ressurser\n")
COMMENTARY = (
    "# Vurdering\n\nPorteføljekontoret mener **dette**.\n\n"
    '<script>alert("kommentar")</script>\n\n<img src="http://example.com/x.png">\n'
)


def parameters(period: str, previous: str, cutoff: str) -> str:
    return (f'period: "{period}"\nprevious_period: "{previous}"\ndata_dir: "data/{period}"\nbudget_year: {period[:4]}\n'
            f'cutoff: "{cutoff}"\nstrategy: "2017-2022"\noutput_dir: "outputs/{period}"\nreconstructed: false\n')


def make_project(root: Path) -> Path:
    """A project root with the fixture chapters, two periods' parameters and tiny data."""
    (root / "notebooks").mkdir(parents=True)
    for name in ("intro", "analyse", "vedlegg", "chapters"):
        suffix = ".yaml" if name == "chapters" else ".ipynb"
        shutil.copyfile(FIXTURES / f"{name}{suffix}", root / "notebooks" / f"{name}{suffix}")
    (root / "parameters").mkdir()
    (root / "parameters" / "2020-01.yaml").write_text(parameters("2020-01", "2019-10", "2020-01-17"), encoding="utf-8")
    (root / "parameters" / "2019-10.yaml").write_text(parameters("2019-10", "", "2019-10-15"), encoding="utf-8")
    (root / "data" / "2020-01" / "tekst").mkdir(parents=True)
    (root / "data" / "2020-01" / "prosjekter.csv").write_text(PROJECTS, encoding="utf-8")
    (root / "data" / "2020-01" / "tekst" / "intro.md").write_text(COMMENTARY, encoding="utf-8")
    (root / "data" / "2019-10").mkdir(parents=True)
    (root / "data" / "2019-10" / "prosjekter.csv").write_text(PREVIOUS, encoding="utf-8")
    return root


def copy_project(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def no_kernels(monkeypatch):
    """Make any kernel start fail the test."""
    def refuse(task, **kwargs):
        raise AssertionError(f"{task.chapter.file} was executed")

    monkeypatch.setattr(execute, "execute_notebook", refuse)


def plan_of(root: Path, period: str = "2020-01", formats=outputs.DEFAULT_FORMATS):
    """The build's plan of ``period`` (planning writes nothing)."""
    chosen = [(f.name, f.reads) for f in outputs.formats_for(formats)]
    return plan_build([period], paths=paths(root), chapters=load_chapters(root), formats=chosen).periods[0]


# ----------------------------------------------------------------------------------------- chapters


def test_the_projects_chapter_list_parses():
    chapters = load_chapters(Path(__file__).parents[1], check_notebooks=False)
    numbered = [nc.heading for nc in chapters.numbered()]
    assert numbered[0] == "1 Oppsummering"
    assert numbered[6] == "7 Arkitekturvurdering"
    assert numbered[7:] == ["Vedlegg 1 – Nasjonal e-helseportefølje", "Vedlegg 2 – Datakvalitet",
                            "Vedlegg 3 – Tiltaksoversikt"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"title": "T", "chapters": [{"file": "a", "title": "A"}, {"file": "a", "title": "B"}]}, "to ganger"),
        ({"title": "T", "chapters": [{"file": "A b", "title": "A"}]}, "notatboknavn"),
        ({"title": "T", "chapters": [{"file": "a.ipynb", "title": "A"}]}, "notatboknavn"),
        ({"title": "T", "chapters": [{"file": "a"}]}, "mangler «title:»"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "apendix": True}]}, "ukjente nøkler"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "appendix": "ja"}]}, "true eller false"),
        ({"title": "T", "chapters": []}, "ikke-tom"),
        ({"chapters": [{"file": "a", "title": "A"}]}, "tittel"),
        (["a", "b"], "ikke-tom"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "reads": "forrige"}]}, "«reads: forrige».*ukjent"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "reads": True}]}, "«reads: True».*ukjent"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "compares": True}]},
         "«compares:» er erstattet av «reads:»"),
        ({"title": "T", "chapters": [{"file": "a", "title": "A", "compares": False}]},
         "«compares:» er erstattet av «reads:»"),
    ],
)
def test_bad_chapter_lists_are_refused(raw, message):
    with pytest.raises(ConfigError, match=message):
        parse_chapters(raw)


def test_reads_is_parsed_and_defaults_to_current():
    chapters = parse_chapters({"title": "T", "chapters": [
        {"file": "a", "title": "A"},
        {"file": "b", "title": "B", "reads": "current"},
        {"file": "c", "title": "C", "reads": "previous"},
        {"file": "d", "title": "D", "reads": "chain", "appendix": True},
    ]})
    assert [(c.file, c.reads) for c in chapters] == [
        ("a", "current"), ("b", "current"), ("c", "previous"), ("d", "chain")]


def test_missing_notebook_is_named(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "chapters.yaml").write_text(
        'title: "T"\nchapters:\n  - file: finnes-ikke\n    title: "X"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="finnes-ikke.ipynb"):
        load_chapters(tmp_path)


def test_appendices_are_numbered_among_themselves():
    chapters = parse_chapters({"title": "T", "chapters": [
        {"file": "v", "title": "Vedlegg 7: Gammelt nummer", "appendix": True},
        {"file": "a", "title": "Første"},
        {"file": "b", "title": "Andre"},
        {"file": "w", "title": "Uten nummer", "appendix": True},
    ]})
    assert [nc.heading for nc in chapters.numbered()] == [
        "Vedlegg 1 – Gammelt nummer", "1 Første", "2 Andre", "Vedlegg 2 – Uten nummer"]


# ------------------------------------------------------------------------------------ tasks and keys


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "prosjekt")


def keys(root: Path) -> dict[str, str]:
    return {t.chapter.file: t.key for t in plan_of(root).tasks}


def test_plan_lists_one_task_per_chapter_in_order(project):
    plan = plan_of(project)
    assert [t.chapter.file for t in plan.tasks] == ["intro", "analyse", "vedlegg"]
    task = plan.tasks[0]
    assert task.parameters["output_dir"] == str(task.work_dir)
    assert task.parameters["period"] == "2020-01" and task.parameters["cutoff"] == "2020-01-17"
    assert task.work_dir.is_relative_to(plan.staging)
    assert plan.staging.parent == project / "outputs"
    assert "data/2020-01/prosjekter.csv" in plan.inputs and "data/2019-10/prosjekter.csv" in plan.inputs
    # intro declared reads: previous, the others nothing (current)
    assert [t.reads for t in plan.tasks] == [("2019-10", "2020-01"), ("2020-01",), ("2020-01",)]
    assert [p.period for p in plan.chain] == ["2019-10", "2020-01"]
    assert not (project / "outputs").exists()  # planning writes nothing


def test_a_chapter_that_reads_only_its_period_keeps_the_previous_period_out_of_the_inputs(project):
    chapters_file = project / "notebooks" / "chapters.yaml"
    chapters_file.write_text(chapters_file.read_text(encoding="utf-8").replace("reads: previous", "reads: current"),
                             encoding="utf-8")
    plan = plan_of(project, formats=("html",))  # the key figures read the previous period themselves
    assert all(t.reads == ("2020-01",) for t in plan.tasks)
    assert "data/2020-01/prosjekter.csv" in plan.inputs
    assert not any(name.startswith(("data/2019-10/", "parameters/2019-10")) for name in plan.inputs)
    assert plan.periods_read() == ["2020-01"]


def test_cache_key_follows_what_a_chapter_reads(project):
    before = keys(project)
    assert keys(project) == before  # nothing changed: same keys
    (project / "data" / "2020-01" / "tekst" / "intro.md").write_text("Ny kommentar", encoding="utf-8")
    after = keys(project)
    assert after == before  # commentary is no chapter's input: the assembly places it (issue 25)
    (project / "data" / "2019-10" / "prosjekter.csv").write_text("id\n9\n", encoding="utf-8")
    again = keys(project)
    assert again["intro"] != after["intro"]  # intro declared reads: previous
    assert again["analyse"] == after["analyse"]  # analyse reads only its period
    (project / "data" / "2020-01" / "prosjekter.csv").write_text("id\n1\n", encoding="utf-8")
    assert all(keys(project)[k] != again[k] for k in again)


@pytest.mark.parametrize("name", ["forord.md", "intro.md", "analyse.md"])
def test_commentary_is_in_the_assembly_key_and_no_chapter_key(project, name):
    """The assembly places tekst/forord.md before chapter 1 and tekst/<chapter>.md in its chapter (issue 25):
    editing either re-assembles and re-runs nothing."""
    path = project / "data" / "2020-01" / "tekst" / name
    path.unlink(missing_ok=True)
    before = plan_of(project)
    path.write_text("Kommentar.", encoding="utf-8")
    written = plan_of(project)
    assert written.assembly_key != before.assembly_key
    assert [t.key for t in written.tasks] == [t.key for t in before.tasks]
    assert f"data/2020-01/tekst/{name}" in written.inputs
    path.write_text("En annen kommentar.", encoding="utf-8")
    assert plan_of(project).assembly_key not in (before.assembly_key, written.assembly_key)
    path.unlink()
    assert plan_of(project).assembly_key == before.assembly_key


def test_stale_staging_folders_are_removed(project):
    stale = project / "outputs" / ".staging-2020-01-999999999"
    stale.mkdir(parents=True)
    plan = plan_of(project)
    stage.prepare(plan)
    try:
        assert not stale.exists()
        assert all(t.work_dir.is_dir() for t in plan.tasks)
    finally:
        stage.discard(plan)
    assert not plan.staging.exists()


@pytest.fixture
def staged(project):
    """The plan of 2020-01 with its staging folder prepared (and removed afterwards)."""
    plan = plan_of(project)
    stage.prepare(plan)
    yield plan
    stage.discard(plan)


def test_kernel_start_failures_are_retried(staged, monkeypatch):
    calls = []

    def flaky(task, **kwargs):
        calls.append(task.chapter.file)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        nbformat.write(nbformat.v4.new_notebook(), task.executed)

    monkeypatch.setattr(execute.time, "sleep", lambda s: None)
    result = execute.run_task(staged.tasks[0], executor=flaky)
    assert calls == ["intro", "intro"] and result.attempts == 2


def test_the_default_executor_is_execute_notebook(staged, monkeypatch):
    """Monkeypatching execute.execute_notebook (what the CLI tests do) reaches run_task."""
    calls = []
    monkeypatch.setattr(execute, "execute_notebook",
                        lambda task, **kwargs: calls.append(task.chapter.file) or shutil.copyfile(task.notebook,
                                                                                                 task.executed))
    result = execute.run_task(staged.tasks[1])
    assert calls == ["analyse"] and not result.cached and staged.tasks[1].executed.is_file()


def test_other_errors_are_not_retried(staged):
    calls = []

    def broken(task, **kwargs):
        calls.append(1)
        raise RuntimeError("something else")

    with pytest.raises(ChapterExecutionError, match="intro"):
        execute.run_task(staged.tasks[0], executor=broken)
    assert calls == [1]


def test_a_half_written_notebook_is_said_to_be_one(staged):
    """A notebook saved halfway (the preview may look while an editor writes) is named, not a JSON traceback."""
    task = staged.tasks[0]
    whole = task.notebook.read_text(encoding="utf-8")
    task.notebook.write_text(whole[: len(whole) // 2], encoding="utf-8")
    with pytest.raises(ChapterExecutionError) as info:
        execute.run_task(task)
    assert info.value.chapter == "intro" and info.value.cell is None
    assert info.value.error == (f"notatboken {task.notebook} er ikke en hel notatbok (ikke gyldig JSON); "
                                "lagre den på nytt")


def test_swap_replaces_the_folder(tmp_path):
    final, staging = tmp_path / "2020-01", tmp_path / ".staging"
    final.mkdir()
    (final / "report.html").write_text("gammel")
    staging.mkdir()
    (staging / "report.html").write_text("ny")
    stage.swap_into_place(staging, final)
    assert (final / "report.html").read_text() == "ny"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020-01"]


def test_unknown_period_leaves_nothing_behind(project):
    with pytest.raises(Exception, match="2021-01"):
        build.build_periods(["2021-01"], root=project)
    assert not list(project.glob("outputs/.staging-*"))


# ------------------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project built once (two chapters at a time), with the progress lines it printed.

    The key figures format is the real one, wrapped to record which folder it was written into.
    """
    root = make_project(tmp_path_factory.mktemp("built") / "prosjekt")
    lines: list[str] = []
    format_calls = []
    real = outputs.FORMATS["key_figures"]

    def recording(run):
        format_calls.append((run.plan.final_dir, run.folder))
        real.write(run)

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(outputs.FORMATS, "key_figures", dataclasses.replace(real, write=recording))
        results = build.build_periods(["2020-01"], root=root, jobs=2, progress=lines.append)
    return root, results[0], lines, format_calls


def page(root: Path) -> BeautifulSoup:
    return BeautifulSoup((root / "outputs" / "2020-01" / "report.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_build_writes_the_outputs(built):
    root, result, lines, format_calls = built
    out = root / "outputs" / "2020-01"
    assert result.report == out / "report.html" and result.report.is_file()
    assert sorted(p.name for p in out.iterdir()) == [
        "build.json", "figures", "kernel-python.txt", "key_figures.json", "notebooks", "report.html", "tables"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "budsjett.csv", "budsjett.png", "fordeling.png"]
    assert sorted(p.name for p in (out / "tables").iterdir()) == [
        "alle-prosjekter.csv", "per-status.csv", "prosjekter.csv"]
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == ["analyse.ipynb", "intro.ipynb", "vedlegg.ipynb"]
    assert [p.name for p in (root / "outputs").iterdir()] == ["2020-01"]  # no staging left
    assert len(lines) == 3 and all(re.match(r"^\[2020-01\] [1-3]/3 (intro|analyse|vedlegg) … \d+,\d s$", ln)
                                   for ln in lines)
    assert [c.chapter for c in result.chapters] == ["intro", "analyse", "vedlegg"]
    assert result.executed == 3
    (final_dir, folder), = format_calls  # the key figures are written aside, then swapped in with the rest
    assert final_dir == out and folder.parent == out.parent and folder.name.startswith(".staging-2020-01-")
    figures = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    assert figures["projects"]["count"] == 3  # PROJECTS has ids 1, 2, 3


@pytest.mark.slow
def test_kernel_runs_this_python(built):
    root = built[0]
    assert (root / "outputs" / "2020-01" / "kernel-python.txt").read_text() == sys.executable


@pytest.mark.slow
def test_report_is_self_contained(built):
    soup = page(built[0])
    fetching = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src",
                "object": "data", "video": "src", "audio": "src"}
    for tag, attribute in fetching.items():
        for element in soup.find_all(tag):
            value = element.get(attribute)
            assert value is None or value.startswith("data:"), f"<{tag} {attribute}={value}>"
    styles = " ".join(s.get_text() for s in soup.find_all("style")) + " ".join(
        t["style"] for t in soup.find_all(style=True))
    assert "@import" not in styles and not re.search(r"url\(\s*['\"]?(?!data:)", styles)
    raw = (built[0] / "outputs" / "2020-01" / "report.html").read_text(encoding="utf-8")
    assert "cdnjs" not in raw and "require.js" not in raw.lower() and "mathjax" not in raw.lower()
    assert len(soup.find_all("img")) == 2


@pytest.mark.slow
def test_report_has_no_code_or_prompts(built):
    soup = page(built[0])
    for selector in (".input", ".input_area", ".prompt", ".input_prompt", ".output_prompt", ".jp-InputArea",
                     ".jp-InputPrompt", ".highlight", ".output_stderr", ".output_error"):
        assert soup.select(selector) == [], selector
    text = soup.get_text()
    for code in ("display.configure", "import matplotlib", "pd.read_csv", "output_dir", "ukjent_variabel"):
        assert code not in text
    assert "en advarsel som ikke skal vises" not in text  # warnings (stderr) are logged, not shown


@pytest.mark.slow
def test_untrusted_text_stays_text(built):
    soup = page(built[0])
    assert soup.find_all("script") == []
    assert soup.get_text().count(SCRIPT) == 3  # text() sentence, table, appendix table
    assert 'alert("kommentar")' in soup.get_text()  # the commentary's raw HTML shows as text
    assert not soup.find_all("img", src=re.compile("example.com"))
    assert soup.find("strong").get_text() == "dette"  # while its Markdown is rendered


@pytest.mark.slow
def test_report_structure(built):
    soup = page(built[0])
    assert soup.html["lang"] == "nb"
    assert [h.get_text() for h in soup.find_all("h1")] == ["Testrapport"]
    assert soup.find(class_="ehp-subtitle").get_text() == "Januar 2020"
    headings = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("section.ehp-chapter > h2")]
    assert headings == ["1 Oppsummering", "2 Analyse av porteføljen", "Vedlegg 1 – Alle prosjekter"]
    ids = {t["id"] for t in soup.find_all(id=True)}
    links = [a["href"] for a in soup.find("nav").find_all("a")]
    assert links and all(href[1:] in ids for href in links)
    assert [f.find(class_="ehp-fig-num").get_text() for f in soup.select("figure")] == ["1", "2"]
    assert [t["id"] for t in soup.select("table.ehp-table")] == ["tab-prosjekter", "tab-per-status",
                                                                 "tab-alle-prosjekter"]
    assert [t.find(class_="ehp-tab-num").get_text() for t in soup.select("table.ehp-table")] == ["1", "2", "3"]
    assert [b.get_text() for b in soup.select("#tab-alle-prosjekter .ehp-badge")] == ["Rød", "Gul", "Grønn"]


@pytest.mark.slow
def test_csv_exports_are_formula_safe(built):
    # A formula-like cell cannot reach a build any more: ehp validate refuses it (collection.md, "What is merged
    # cannot run"; tests/test_collect_hostile.py). The exports stay formula-safe by themselves (test_display.py).
    csv = (built[0] / "outputs" / "2020-01" / "tables" / "prosjekter.csv").read_text(encoding="utf-8-sig")
    assert "Helsenett (x=1)" in csv
    assert SCRIPT in csv


@pytest.mark.slow
def test_build_record(built):
    root, result = built[0], built[1]
    record = json.loads(result.record.read_text(encoding="utf-8"))
    assert record["period"] == "2020-01" and record["previous_period"] == "2019-10"
    data_file = root / "data" / "2020-01" / "prosjekter.csv"
    assert record["inputs"]["data/2020-01/prosjekter.csv"] == hashlib.sha256(data_file.read_bytes()).hexdigest()
    for name in ("data/2020-01/tekst/intro.md", "data/2019-10/prosjekter.csv", "parameters/2020-01.yaml",
                 "parameters/2019-10.yaml", "notebooks/intro.ipynb", "notebooks/vedlegg.ipynb",
                 "notebooks/chapters.yaml"):
        assert re.fullmatch(r"[0-9a-f]{64}", record["inputs"][name]), name
    for package in ("python", "pandas", "papermill", "nbconvert", "seaborn", "scipy", "ehp_analysis"):
        assert record["versions"][package], package
    assert record["versions"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert [c["file"] for c in record["chapters"]] == ["intro", "analyse", "vedlegg"]
    assert [c["reads"] for c in record["chapters"]] == [["2019-10", "2020-01"], ["2020-01"], ["2020-01"]]
    assert all(c["seconds"] > 0 and c["cached"] is False for c in record["chapters"])
    assert record["started"] <= record["finished"]
    assert record["chain"] == ["2019-10", "2020-01"]
    # every file the build wrote, with its hash (the record itself excepted)
    out = root / "outputs" / "2020-01"
    written = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in out.rglob("*") if p.is_file() and p.name != "build.json"}
    assert record["files"] == written and "report.html" in written and "key_figures.json" in written


@pytest.mark.slow
def test_reordering_chapters_renumbers_without_running_anything(built, tmp_path, monkeypatch):
    root = copy_project(built[0], tmp_path / "kopi")
    no_kernels(monkeypatch)
    chapters_file = root / "notebooks" / "chapters.yaml"
    text = chapters_file.read_text(encoding="utf-8")
    intro = text[text.index("  - file: intro"):text.index("  - file: analyse")]
    reordered = text.replace(intro, "").replace("  - file: vedlegg", intro + "  - file: vedlegg")
    chapters_file.write_text(reordered, encoding="utf-8")  # analyse, intro, vedlegg
    from ehp_analysis.config import load_parameters

    out = root / "outputs" / "2020-01"
    assemble_report(load_chapters(root), load_parameters("2020-01", root), out)
    soup = page(root)
    headings = [" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("section.ehp-chapter > h2")]
    assert headings == ["1 Analyse av porteføljen", "2 Oppsummering", "Vedlegg 1 – Alle prosjekter"]
    assert [(f["id"], f.find(class_="ehp-fig-num").get_text()) for f in soup.select("figure")] == [
        ("fig-fordeling", "1"), ("fig-budsjett", "2")]
    assert [t["id"] for t in soup.select("table.ehp-table")][:2] == ["tab-per-status", "tab-prosjekter"]


@pytest.mark.slow
def test_unchanged_build_starts_no_kernel(built, tmp_path, monkeypatch):
    root = copy_project(built[0], tmp_path / "kopi")
    before = (root / "outputs" / "2020-01" / "report.html").read_bytes()
    no_kernels(monkeypatch)
    lines: list[str] = []
    result = build.build_periods(["2020-01"], root=root, progress=lines.append)[0]
    assert result.executed == 0 and all(c.cached for c in result.chapters)
    assert all(line.endswith("(uendret)") for line in lines)
    assert result.report.read_bytes() == before  # same inputs, same report
    assert sorted(p.name for p in (root / "outputs" / "2020-01" / "figures").iterdir()) == [
        "budsjett.csv", "budsjett.png", "fordeling.png"]


@pytest.mark.slow
def test_a_kept_zygote_forks_the_kernels_of_every_build_and_is_left_running(built, tmp_path, monkeypatch):
    from ehp_analysis.report import kernels

    root = copy_project(built[0], tmp_path / "kopi")
    zygote = build.start_zygote(root)
    started = []
    monkeypatch.setattr(kernels, "Zygote", lambda *a, **k: started.append(1))  # the build starts none of its own
    try:
        for text in ("Første endring.", "Andre endring."):
            nb = nbformat.read(root / "notebooks" / "analyse.ipynb", as_version=4)
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
            nbformat.write(nb, root / "notebooks" / "analyse.ipynb")
            result = build.build_periods(["2020-01"], root=root, jobs=1, zygote=zygote)[0]
            assert [c.chapter for c in result.chapters if not c.cached] == ["analyse"]
            assert text in result.report.read_text(encoding="utf-8")
            assert zygote.alive(), "the caller's zygote is the caller's to stop"
        assert started == []
    finally:
        zygote.close()
    assert not zygote.alive()


@pytest.mark.slow
def test_failed_chapter_keeps_the_previous_report(built, tmp_path):
    root = copy_project(built[0], tmp_path / "kopi")
    out = root / "outputs" / "2020-01"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.copyfile(FIXTURES / "broken.ipynb", root / "notebooks" / "analyse.ipynb")

    with pytest.raises(ChapterExecutionError) as info:
        build.build_periods(["2020-01"], root=root, jobs=1)
    error = info.value
    assert error.chapter == "analyse"
    assert error.cell == 5  # "In [5]": parameters, injected parameters, setup, text, then the error
    assert error.error == "NameError: name 'ukjent_variabel' is not defined"
    assert "«analyse»" in str(error) and "celle 5" in str(error) and "NameError" in str(error)

    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "failed" not in p.parts}
    assert after == before  # byte for byte, report.html included
    failed = out / "failed" / "analyse.ipynb"
    assert error.notebook_path == failed and str(failed) in str(error)
    nb = nbformat.read(failed, as_version=4)
    assert any(o.get("ename") == "NameError" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert not list((root / "outputs").glob(".staging-*")) and not list((root / "outputs").glob(".old-*"))
    # the failed chapter is not cached: the previous good entry is the only one
    entries = list((root / ".ehp-cache" / "2020-01" / "analyse").iterdir())
    previous_key = json.loads((out / "build.json").read_text())["chapters"][1]["key"]
    assert [e.name for e in entries] == [previous_key]


@pytest.mark.slow
def test_two_chapters_writing_one_file_fail_the_build(built, tmp_path, monkeypatch):
    root = copy_project(built[0], tmp_path / "kopi")
    before = (root / "outputs" / "2020-01" / "report.html").read_bytes()
    original = cache.Cache.restore

    def restore_with_clash(self, task):
        ok = original(self, task)
        (task.work_dir / "tables").mkdir(parents=True, exist_ok=True)
        (task.work_dir / "tables" / "samme.csv").write_text(task.chapter.file)
        return ok

    monkeypatch.setattr(cache.Cache, "restore", restore_with_clash)
    no_kernels(monkeypatch)
    (root / "outputs" / "2020-01" / "build.json").unlink()  # else the copy is up to date and nothing is restored
    with pytest.raises(BuildError, match="samme.csv"):
        build.build_periods(["2020-01"], root=root)
    assert (root / "outputs" / "2020-01" / "report.html").read_bytes() == before


def test_a_failed_period_does_not_stop_the_others(project, monkeypatch):
    """Orchestration only: a stand-in for papermill copies the notebook or raises like papermill does."""
    from papermill.exceptions import PapermillExecutionError

    def fake(task, **kwargs):
        shutil.copyfile(task.notebook, task.executed)
        if (task.period, task.chapter.file) == ("2019-10", "analyse"):
            raise PapermillExecutionError(4, 3, "x = 1 / 0", "ZeroDivisionError", "division by zero", [])

    no_kernels(monkeypatch)
    lines: list[str] = []
    with pytest.raises(ChapterExecutionError, match="«analyse» feilet i celle 3: ZeroDivisionError") as info:
        build.build_periods(["2019-10", "2020-01"], root=project, jobs=1, progress=lines.append, cache=False,
                            executor=fake)
    assert (project / "outputs" / "2020-01" / "report.html").is_file()
    assert not (project / "outputs" / "2019-10" / "report.html").exists()
    assert info.value.notebook_path == project / "outputs" / "2019-10" / "failed" / "analyse.ipynb"
    assert "[2019-10] analyse feilet" in lines
    assert sum(line.startswith("[2020-01]") for line in lines) == 3
    assert sorted(p.name for p in (project / "outputs").iterdir()) == ["2019-10", "2020-01"]
    assert not (project / ".ehp-cache").exists()


def test_key_figures_are_written_while_the_chapters_run_and_their_failure_is_the_periods(project, monkeypatch):
    """key_figures.json reads only the periods: it takes a free job slot before the last chapter is in, and
    an error there fails its period like a chapter's (outputs untouched), while other periods go on."""
    import threading

    release = threading.Event()
    real = outputs.FORMATS["key_figures"]
    last = plan_of(project).tasks[-1].chapter.file

    def waiting(task, **kwargs):
        shutil.copyfile(task.notebook, task.executed)
        if task.chapter.file == last and not release.wait(timeout=20):
            raise AssertionError("key_figures.json was not written while the last chapter ran")

    def write(run):
        if run.plan.period == "2019-10":
            raise RuntimeError("key figures could not be computed")
        real.write(run)
        release.set()

    no_kernels(monkeypatch)
    monkeypatch.setitem(outputs.FORMATS, "key_figures", dataclasses.replace(real, write=write))
    build.build_periods(["2020-01"], root=project, jobs=2, cache=False, executor=waiting)
    assert json.loads((project / "outputs" / "2020-01" / "key_figures.json").read_text(encoding="utf-8"))

    def copying(task, **kwargs):
        shutil.copyfile(task.notebook, task.executed)

    record = project / "outputs" / "2020-01" / "build.json"
    record.unlink()  # written again only if 2020-01 is built again
    with pytest.raises(RuntimeError, match="key figures could not be computed"):
        build.build_periods(["2019-10", "2020-01"], root=project, jobs=2, cache=False, executor=copying)
    assert not (project / "outputs" / "2019-10").exists()
    assert sorted(p.name for p in (project / "outputs").iterdir()) == ["2020-01"]
    assert json.loads(record.read_text(encoding="utf-8"))["formats"]["key_figures"] >= 0


def test_pdf_without_chromium_fails_before_any_chapter_runs(project, monkeypatch):
    no_kernels(monkeypatch)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(BuildError, match="Chromium"):
        build.build_periods(["2020-01"], root=project, pdf=True)
    assert not (project / "outputs").exists() or not any((project / "outputs").iterdir())


@pytest.mark.slow
def test_summary_line(built):
    line = built[1].summary()
    assert line.startswith("2020-01: ") and "report.html" in line and "(3 kapitler, 3 kjørt, 0 uendret;" in line


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_is_printed_with_chromium(built, tmp_path):
    try:
        pdf.find_chromium()
    except BuildError:
        pytest.skip("no Chromium here")
    printed = pdf.write_pdf(built[1].report, tmp_path / "report.pdf")
    assert printed.read_bytes().startswith(b"%PDF")
