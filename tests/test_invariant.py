"""The cache never changes the answer: after any edit of any input, an incremental build writes what a forced one does.

Hypothesis drives random sequences of edits over a small synthetic chain of four periods (data, parameters,
commentary, a period's own strategy and organisations files, notebooks, the order of the chapters, deleted
or edited output files; the analyst's ``ehp_analysis.history()`` filling the cache of validated periods, and
pickled periods pruned from it) and, after each build, compares the incremental outputs byte for byte with a
forced build without cache. The chapters are run by a stand-in executor, in this process: it opens the
chapter through the real chapter API (``open_chapter``, with the validated periods handed over as a kernel
gets them), so it reads what a real chapter may read, and writes a digest of everything it read into its
executed notebook, a table and a figure file. Whatever the cache key misses therefore shows up as a
difference; what a chapter reads beyond its declaration is an error, and the periods each one loaded are
checked against what it declared.

The real kernels are proved the same way, once, by ``test_real_incremental_build_equals_forced``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ehp_analysis import synthetic, words
from ehp_analysis.chapter import view
from ehp_analysis.config import CACHE_DIRNAME, OUTPUT, REFERENCE_DIR
from ehp_analysis.report.build import build_period

CHAPTERS = {"alfa": "current", "beta": "previous", "gamma": "chain"}
COMPARED = ("report.html", "key_figures.json", "tables", "figures", "notebooks", "site")
FORMATS = ("key_figures", "html", "site")  # the website too (issue 22): cut from what the build wrote
# A build may also write the NUIT deck (nuit-<period>.pptx; drawn per build, as it costs ~0.3 s a write): its
# template and tekst/nuit.md are edited below.
DECK_FORMATS = (*FORMATS, "deck")


def compared(period: str, deck: bool) -> tuple[str, ...]:
    return (*COMPARED, f"nuit-{period}.pptx") if deck else COMPARED


def _notebook(name: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name.capitalize()}"),
                nbformat.v4.new_code_cell('period = ""\noutput_dir = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f'ch = open_chapter("{name}", period=period, output_dir=output_dir)')]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name}-{i}"
    return nb


def _chapters_yaml(order: list[str]) -> str:
    lines = ['title: "Invariantrapport"', "chapters:"]
    for name in order:
        lines += [f"  - file: {name}", f'    title: "Kapittel {name}"', f"    reads: {CHAPTERS[name]}"]
    return "\n".join(lines) + "\n"


def make_chain_project(root: Path) -> list[str]:
    """Four synthetic periods in a chain, three chapters (current, previous, chain), commentary, own reference files."""
    periods = synthetic.write_history(synthetic.generate_history(8, 4, seed=3, dependencies_per_project=1.0), root)
    (root / "notebooks").mkdir()
    for name in CHAPTERS:
        nbformat.write(_notebook(name), root / "notebooks" / f"{name}.ipynb")
    (root / "notebooks" / "chapters.yaml").write_text(_chapters_yaml(list(CHAPTERS)), encoding="utf-8")
    (root / "reference").mkdir()
    for period in periods:
        shutil.copyfile(REFERENCE_DIR / "strategy-2017-2022.yaml", root / "reference" / f"strategi-{period}.yaml")
        shutil.copyfile(REFERENCE_DIR / "organisations.csv", root / "reference" / f"virksomheter-{period}.csv")
        params = root / "parameters" / f"{period}.yaml"
        text = params.read_text(encoding="utf-8")
        text = text.replace('strategy_file: ""', f'strategy_file: "reference/strategi-{period}.yaml"')
        text = text.replace('organisations_file: ""', f'organisations_file: "reference/virksomheter-{period}.csv"')
        params.write_text(text, encoding="utf-8")
        (root / "data" / period / "tekst").mkdir()
        for name in CHAPTERS:
            (root / "data" / period / "tekst" / f"{name}.md").write_text(f"Kommentar til {name}.\n", encoding="utf-8")
    return periods


def _digest(portfolio) -> dict:
    """Everything a chapter can see of a period, as text."""
    reference = portfolio.reference
    return {
        "period": portfolio.period,
        "projects": portfolio.projects.drop(columns=["source_row"], errors="ignore").to_csv(index=False),
        "dependencies": portfolio.dependencies.to_csv(index=False),
        "left": portfolio.left.to_csv(index=False),
        "texts": dict(portfolio.texts),
        "parameters": {k: v for k, v in portfolio.parameters.raw.items() if k != "output_dir"},
        "strategy": repr(reference.strategy.areas) + repr(getattr(reference.strategy, "focus_areas", None)),
        "organisations": repr(sorted(reference.organisations.owner_group.items())),
        "warnings": [str(w) for w in portfolio.warnings],
    }


class StubExecutor:
    """Runs a chapter in this process through ``open_chapter``, as a kernel would, and records what it loaded."""

    def __init__(self):
        self.reads: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []

    def __call__(self, task, **_):
        view._load.cache_clear()
        before = os.environ.get("EHP_PORTFOLIOS")
        os.environ["EHP_PORTFOLIOS"] = json.dumps(task.portfolios)
        os.environ["EHP_MALFORM"] = task.malform  # as the build hands it to a kernel (execute._engine_kwargs)
        try:
            ch = view.open_chapter(task.chapter.file, period=task.period, output_dir=str(task.work_dir),
                                   root=task.cwd)
            seen = {"current": lambda: (ch.current,), "previous": lambda: (ch.previous, ch.current),
                    "chain": lambda: ch.chain}[task.chapter.reads]()
            seen = tuple(p for p in seen if p is not None)
            from ehp_analysis import text

            digest = {"periods": [_digest(p) for p in seen], "key_figures": ch.key_figures,
                      "currency_in_force": text.currency().code,
                      "malform_in_force": words.malform(), "a_title": words._("Oppsummering"),
                      "notebook": [c.source for c in nbformat.read(task.notebook, as_version=4).cells]}
        finally:
            view._load.cache_clear()
            os.environ.pop("EHP_MALFORM", None)
            if before is None:
                os.environ.pop("EHP_PORTFOLIOS", None)
            else:
                os.environ["EHP_PORTFOLIOS"] = before
        self.reads.append((task.period, task.chapter.file, task.reads, tuple(p.period for p in seen)))
        text = json.dumps(digest, sort_keys=True, ensure_ascii=False, default=str)
        short = hashlib.sha256(text.encode()).hexdigest()
        nb = nbformat.read(task.notebook, as_version=4)
        nb.cells[-1].outputs = [nbformat.v4.new_output(
            "display_data", data={"text/html": f'<p class="ehp-text">{short}</p>', "text/plain": short})]
        nbformat.write(nb, task.executed)
        for kind in ("tables", "figures"):
            (task.work_dir / kind).mkdir(parents=True, exist_ok=True)
            (task.work_dir / kind / f"{task.chapter.file}.csv").write_text(text, encoding="utf-8")


def snapshot(folder: Path, compared: tuple[str, ...] = COMPARED) -> dict[str, bytes]:
    """The compared outputs of a period folder, file by file."""
    out = {}
    for name in compared:
        path = folder / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            out[f.relative_to(folder).as_posix()] = f.read_bytes()
    return out


def assert_same(incremental: dict[str, bytes], forced: dict[str, bytes]) -> None:
    assert sorted(incremental) == sorted(forced)
    differing = [name for name in forced if incremental[name] != forced[name]]
    assert not differing, f"incremental build differs from a forced build in {differing}"


class CacheInvariant(RuleBasedStateMachine):
    """Random edits; after each build, incremental == forced."""

    @initialize()
    def setup(self):
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="ehp-invariant-"))
        self.periods = make_chain_project(self.root)
        self.order = list(CHAPTERS)
        self.counter = 0
        self.executor = StubExecutor()
        self.built: set[str] = set()

    def teardown(self):
        shutil.rmtree(getattr(self, "root", Path("/nonexistent")), ignore_errors=True)

    def _tick(self) -> int:
        self.counter += 1
        return self.counter

    period_index = st.integers(min_value=0, max_value=3)

    @rule(i=period_index, field=st.sampled_from(["navn", "budsjett", "status"]))
    def edit_data(self, i, field):
        path = self.root / "data" / self.periods[i] / "prosjekter.csv"
        import pandas as pd

        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        row = self._tick() % len(frame)
        if field == "navn":
            frame.loc[row, "navn"] = f"{frame.loc[row, 'navn']} {self.counter}"
        elif field == "budsjett":
            frame.loc[row, "budsjett"] = str(self.counter)
        else:
            frame.loc[row, "status"] = ["grønn", "gul", "rød"][self.counter % 3]
        frame.to_csv(path, index=False)

    @rule(i=period_index)
    def edit_parameters(self, i):
        path = self.root / "parameters" / f"{self.periods[i]}.yaml"
        text = path.read_text(encoding="utf-8")
        day = 10 + self._tick() % 18
        lines = [f'cutoff: "{self.periods[i]}-{day:02d}"' if line.startswith("cutoff:") else line
                 for line in text.splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @rule(i=period_index, code=st.sampled_from(["GBP", "NOK", "SEK", ""]))
    def edit_currency(self, i, code):
        """``currency:`` set, changed or removed (the words of every amount, and comparisons across a change)."""
        path = self.root / "parameters" / f"{self.periods[i]}.yaml"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("currency:")]
        if code:
            lines.append(f'currency: "{code}"')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @rule(i=period_index, name=st.sampled_from(["nynorsk", "bokmål", ""]))
    def edit_malform(self, i, name):
        """``malform:`` set, changed or removed: every word of the period changes, its numbers do not."""
        path = self.root / "parameters" / f"{self.periods[i]}.yaml"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("malform:")]
        if name:
            lines.append(f'malform: "{name}"')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @rule(i=period_index, chapter=st.sampled_from(sorted(CHAPTERS)))
    def edit_commentary(self, i, chapter):
        path = self.root / "data" / self.periods[i] / "tekst" / f"{chapter}.md"
        path.write_text(f"Ny kommentar {self._tick()} til {chapter}.\n", encoding="utf-8")

    @rule(i=period_index, kind=st.sampled_from(["write", "delete"]))
    def edit_foreword(self, i, kind):
        # The assembly reads tekst/forord.md (shown before chapter 1): its key must cover it.
        path = self.root / "data" / self.periods[i] / "tekst" / "forord.md"
        if kind == "delete":
            path.unlink(missing_ok=True)
        else:
            path.write_text(f"Forord {self._tick()}.\n\n## Om rapporten\n\nTekst.\n", encoding="utf-8")

    @rule(i=period_index, kind=st.sampled_from(["write", "delete"]))
    def edit_nuit(self, i, kind):
        # The deck's "Saker til beslutning" read tekst/nuit.md: the deck's key must cover it.
        path = self.root / "data" / self.periods[i] / "tekst" / "nuit.md"
        if kind == "delete":
            path.unlink(missing_ok=True)
        else:
            path.write_text(f"## Sak {self._tick()}\n\n- Vedtak\n", encoding="utf-8")

    @rule(i=period_index, kind=st.sampled_from(["set", "edit", "unset"]))
    def edit_deck_template(self, i, kind):
        # deck_template: the office's master (its content, not only its name, is in the deck's key).
        from pptx import Presentation

        template = self.root / "mal" / "nuit.pptx"
        if kind == "edit" or not template.is_file():
            template.parent.mkdir(exist_ok=True)
            prs = Presentation()
            prs.slide_layouts[3].name = f"Kontorets oppsett {self._tick()}"  # one the deck does not use: still in it
            prs.save(str(template))
        path = self.root / "parameters" / f"{self.periods[i]}.yaml"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("deck_template:")]
        if kind != "unset":
            lines.append('deck_template: "mal/nuit.pptx"')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @rule(i=period_index)
    def edit_strategy_file(self, i):
        path = self.root / "reference" / f"strategi-{self.periods[i]}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('name: "Digitalisering av arbeidsprosesser',
                                     f'name: "Digitalisering av arbeidsprosesser {self._tick()}', 1), encoding="utf-8")

    @rule(i=period_index)
    def edit_organisations_file(self, i):
        path = self.root / "reference" / f"virksomheter-{self.periods[i]}.csv"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"Testvirksomhet {self._tick()},KS/kommunene,kommunal\n")

    @rule(chapter=st.sampled_from(sorted(CHAPTERS)))
    def edit_notebook(self, chapter):
        path = self.root / "notebooks" / f"{chapter}.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = nbformat.v4.new_markdown_cell(f"Endring {self._tick()}")
        cell["id"] = f"{chapter}-edit-{self.counter}"
        nb.cells.insert(1, cell)
        nbformat.write(nb, path)

    @rule(order=st.permutations(sorted(CHAPTERS)))
    def reorder_chapters(self, order):
        self.order = list(order)
        (self.root / "notebooks" / "chapters.yaml").write_text(_chapters_yaml(self.order), encoding="utf-8")

    @precondition(lambda self: bool(self.built))
    @rule(data=st.data(), what=st.sampled_from(["report.html", "key_figures.json", "tables", "figures", "notebooks"]),
          how=st.sampled_from(["delete", "edit"]))
    def touch_output(self, data, what, how):
        period = data.draw(st.sampled_from(sorted(self.built)))
        path = self.root / "outputs" / period / what
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            if not files:
                return
            path = files[0]
        if not path.exists():
            return  # deleted by an earlier step and not built since
        if how == "delete":
            path.unlink()
        else:
            with open(path, "ab") as fh:
                fh.write(b"\n")

    @rule(i=period_index)
    def read_history(self, i):
        # The analyst's route (ehp_analysis.history) validates and pickles periods into the build's cache by
        # the build's own key: what it leaves there must never change what a build writes.
        from ehp_analysis import history

        frame = history(self.periods[i], root=self.root)
        assert frame["period"].iloc[-1] == self.periods[i]

    @rule(data=st.data())
    def prune_cached_periods(self, data):
        # Another build (or a small KEEP_PORTFOLIOS) pruned a pickled period: it is validated again, not misread.
        pickles = sorted((self.root / CACHE_DIRNAME / "portfolios").glob("*.pickle"))
        if pickles:
            data.draw(st.sampled_from(pickles)).unlink()

    @rule(i=period_index, deck=st.booleans(), malform=st.sampled_from([None, None, "nynorsk", "bokmål"]))
    def build(self, i, deck, malform):
        period = self.periods[i]
        formats = DECK_FORMATS if deck else FORMATS
        build_period(period, root=self.root, jobs=1, executor=self.executor, formats=formats, malform=malform)
        folder = self.root / "outputs" / period
        incremental = snapshot(folder, compared(period, deck))
        assert (f"nuit-{period}.pptx" in incremental) is deck
        kept = self.root / ".kept"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(folder, kept)
        build_period(period, root=self.root, jobs=1, executor=self.executor, force=True, cache=False, formats=formats,
                     malform=malform)
        assert_same(incremental, snapshot(folder, compared(period, deck)))
        shutil.rmtree(folder)
        shutil.move(kept, folder)  # go on from what the incremental builds left, not from the forced one
        self.built.add(period)

    @invariant()
    def chapters_read_what_they_declared(self):
        for period, chapter, declared, loaded in getattr(self, "executor", StubExecutor()).reads:
            assert loaded == declared, f"{chapter} ({period}) declared {declared} but loaded {loaded}"
            chain = self.periods[: self.periods.index(period) + 1]
            expected = {"current": chain[-1:], "previous": chain[-2:], "chain": chain}[CHAPTERS[chapter]]
            assert list(declared) == expected


CacheInvariant.TestCase.settings = settings(max_examples=8, stateful_step_count=8, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow])
test_incremental_equals_forced = CacheInvariant.TestCase


# ------------------------------------------------------------------------------------ determinism


def test_two_forced_builds_are_byte_identical(tmp_path):
    """The same inputs give the same files: no timestamps, no set order, nothing of the machine."""
    root = tmp_path / "p"
    periods = make_chain_project(root)
    build_period(periods[-1], root=root, jobs=1, executor=StubExecutor(), force=True, cache=False, formats=FORMATS)
    first = snapshot(root / "outputs" / periods[-1])
    build_period(periods[-1], root=root, jobs=1, executor=StubExecutor(), force=True, cache=False, formats=FORMATS)
    assert_same(first, snapshot(root / "outputs" / periods[-1]))


@pytest.mark.slow
def test_real_incremental_build_equals_forced(tmp_path):
    """With real kernels and the real chapters: edit the previous period, rebuild incrementally, compare with --force."""
    project = Path(__file__).resolve().parents[1]
    root = tmp_path / "p"
    for folder in ("notebooks", "parameters", "data"):
        shutil.copytree(project / folder, root / folder)
    # Executed notebooks carry papermill's run times; the contract is about what readers get.
    compared = ("report.html", "key_figures.json", "tables", "figures")
    build_period("2020-01", root=root)
    prosjekter = root / "data" / "2019-10" / "prosjekter.csv"
    text = prosjekter.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    lines[1] = lines[1].replace(";", ";Endret ", 1)  # rename the first project of 2019-10
    prosjekter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    deps = root / "data" / "2019-10" / "avhengigheter.csv"
    deps.write_text("\n".join(deps.read_text(encoding="utf-8-sig").splitlines()[:-5]) + "\n", encoding="utf-8")
    params = root / "parameters" / "2019-10.yaml"  # the previous period in another currency: nothing compared as amounts
    params.write_text(params.read_text(encoding="utf-8") + 'currency: "SEK"\n', encoding="utf-8")
    result = build_period("2020-01", root=root)
    assert 0 < result.executed < len(result.chapters)  # the chapters that read 2019-10 ran, the others did not
    incremental = snapshot(root / "outputs" / "2020-01", compared)
    build_period("2020-01", root=root, force=True, cache=False)
    assert_same(incremental, snapshot(root / "outputs" / "2020-01", compared))
