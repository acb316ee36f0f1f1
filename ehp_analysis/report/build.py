"""Build a period's report: plan → run → assemble → write.

* :mod:`.plan` resolves everything the build reads, once (paths, chapters, parameters, chains), and gives
  every chapter, output format and assembly a cache key that covers exactly what it reads;
* :mod:`.execute` runs the chapters (papermill, a kernel each) or restores them from :mod:`.cache`;
* :mod:`.outputs` writes the output formats (``key_figures.json``, ``report.html`` via :mod:`.assemble`,
  ``report.pdf`` via :mod:`.pdf`) and the build record;
* :mod:`.stage` writes all of it aside and swaps it into place, so a failed build changes nothing.

This module ties them together: :func:`build_periods` validates every period any chapter reads before a
kernel starts, runs the chapters of all periods over one thread pool (kernels are separate processes; a
thread just waits on one), writes a format that reads only the periods (``key_figures.json``) in the first slot
the period's chapters leave free, and finishes each period as soon as its chapters are done. A period whose
outputs are exactly what this build would write is left untouched: no validation, kernel or assembly.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..chapter_list import load_chapters
from ..commentary_files import read_texts
from .. import words
from ..config import OUTPUT, paths
from ..exceptions import ChapterExecutionError, DataValidationError
from ..keys import validation_key
from ..validated import unpickle_period
from ..words import _
from . import stage
from . import kernels
from . import execute
from .cache import Cache
from .execute import ChapterResult, Executor, kernel_environment, quiet_papermill, run_task
from .outputs import DEFAULT_FORMATS, FormatRun, OutputFormat, PeriodRun, formats_for, now, up_to_date, write_record
from .plan import BuildPlan, ChapterTask, PeriodPlan, plan_build

log = logging.getLogger("ehp_analysis")

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What :func:`build_periods` returns for each period built.

    ``assembled`` is false when nothing had changed since the last build: the outputs were left exactly
    as they were (no chapter ran, no assembly, no file written).
    """

    period: str
    output_dir: Path
    report: Path
    record: Path
    seconds: float
    chapters: list[ChapterResult]
    started: str
    finished: str
    pdf: Path | None = None
    assembled: bool = True
    deck: Path | None = None

    @property
    def executed(self) -> int:
        """Number of chapters whose notebook actually ran (the rest came from the cache)."""
        return sum(not c.cached for c in self.chapters)

    def summary(self) -> str:
        """One line for the analyst: where the report is and what the build did."""
        cached = len(self.chapters) - self.executed
        extra = "".join(_(" og {name}").format(name=p.name) for p in (self.pdf, self.deck) if p)
        return _("{period}: {report}{extra} ({chapters} kapitler, {executed} kjørt, {cached} uendret; {seconds} s)").format(
            period=self.period, report=self.report, extra=extra, chapters=len(self.chapters), executed=self.executed,
            cached=cached, seconds=seconds_text(self.seconds))


def seconds_text(value: float) -> str:
    """Seconds with one decimal and a decimal comma, for progress lines."""
    return f"{value:.1f}".replace(".", ",")


def _result(run: PeriodRun, *, assembled: bool) -> BuildResult:
    plan = run.plan
    chapters = ([run.results[t.chapter.file] for t in plan.tasks] if assembled else
                [ChapterResult(t.chapter.file, t.chapter.title, 0.0, cached=True) for t in plan.tasks])
    return BuildResult(
        period=plan.period,
        output_dir=plan.final_dir,
        report=plan.final_dir / OUTPUT.report,
        record=plan.final_dir / OUTPUT.record,
        seconds=time.time() - run.started,
        chapters=chapters,
        started=run.started_at,
        finished=now(),
        pdf=plan.final_dir / OUTPUT.pdf if "pdf" in plan.formats else None,
        assembled=assembled,
        deck=plan.final_dir / f"nuit-{plan.period}.pptx" if "deck" in plan.formats else None,
    )


# ------------------------------------------------------------------------------------------ validate


def check_inputs(plans: Sequence[PeriodPlan], *, cache: Cache | None, shared: dict[str, Any],
                 portfolio_files: dict[str, str] | None = None, force: bool = False) -> dict[str, Any]:
    """Validate every period that a chapter or format of ``plans`` reads, before any kernel starts.

    A period's validation reads its own files only (its parameters, data folder, reference files and
    the code): when those passed before (remembered in ``cache`` by their hash) it is not validated again.

    Parameters
    ----------
    plans : sequence of PeriodPlan
    cache : Cache or None
        Where passed validations and the validated periods (pickled) are kept; ``None``: validate all.
    shared : dict
        The code part of the keys.
    portfolio_files : dict, optional
        Filled with period -> pickled validated portfolio (with ``cache``), for the kernels.
    force : bool
        Validate every period, even those that passed before (the result is still remembered).

    Returns
    -------
    dict of str to Portfolio
        The periods validated now (not those skipped), loaded.

    Raises
    ------
    DataValidationError
        With every error of every period, so the analyst sees them all at once and no chapter runs.
    """
    problems: dict[str, list] = {}
    loaded: dict[str, Any] = {}
    seen: set[str] = set()
    in_use: set[str] = set()
    for plan in plans:
        for period in plan.periods_read():
            if period in seen:
                continue
            seen.add(period)
            params = next(p for p in plan.chain if p.period == period)
            key = validation_key(plan.period_inputs[period], shared)
            in_use.add(key)
            stored = cache.portfolio_file(key) if cache is not None else None
            # Passed before, and still pickled: nothing to do. Passed, but its pickle pruned (or never
            # written): validated again, so no kernel has to (each chapter reading a chain would).
            if cache is not None and not force and cache.validated(key) and (stored is not None or
                                                                           portfolio_files is None):
                # The commentary is not in the key (an edit validates nothing again): checked on its own.
                text_problems = read_texts(params.data_dir)[2]
                if text_problems:
                    problems[period] = text_problems
                elif stored is not None and portfolio_files is not None:
                    portfolio_files[period] = str(stored)
                continue
            from ..validate import validate_folder  # pandas: only when something is validated

            result = validate_folder(params.data_dir, period=period, parameters=params)
            if result.errors:
                problems[period] = list(result.errors)
            else:
                loaded[period] = result.portfolio
                if cache is not None:
                    cache.mark_validated(key)
                    stored = cache.store_portfolio(key, result.portfolio)
                    if stored is not None and portfolio_files is not None:
                        portfolio_files[period] = str(stored)
    if cache is not None:
        cache.prune_portfolios(in_use)
    if problems:
        raise DataValidationError([p for errors in problems.values() for p in errors], by_period=problems)
    return loaded


# ------------------------------------------------------------------------------------------- finish


def _portfolio_getter(loaded: dict[str, Any], files: dict[str, str], build: BuildPlan) -> Callable[[str], Any]:
    """period -> validated Portfolio: validated in this build, else the cache's pickle, else validated now."""
    def get(period: str):
        if period not in loaded:
            handed = files.get(period)
            portfolio = unpickle_period(handed, period) if handed else None
            if portfolio is None:
                from ..validate import load_period

                portfolio = load_period(period, build.root)
            loaded[period] = portfolio
        return loaded[period]

    return get


def _finish_period(run: PeriodRun, *, root: Path, jobs: int, cache: Cache, force: bool,
                   portfolio: Callable[[str], Any]) -> BuildResult:
    plan = run.plan
    stage.merge_work_dirs(plan)
    for fmt in formats_for(plan.formats):
        if fmt.name in run.early:
            run.early[fmt.name].result()  # written while the chapters ran; its error is the period's
        else:
            write_format(run, fmt, root=root, cache=cache, force=force, portfolio=portfolio)
    write_record(run, jobs)
    stage.swap_into_place(plan.staging, plan.final_dir)
    result = _result(run, assembled=True)
    log.info(_("Rapporten for {period} er skrevet til {path} ({seconds} s)").format(
        period=plan.period, path=result.report, seconds=seconds_text(result.seconds)))
    return result


def write_format(run: PeriodRun, fmt: OutputFormat, *, root: Path, cache: Cache, force: bool,
                 portfolio: Callable[[str], Any]) -> None:
    """Write one output format of ``run`` into its staging folder, in the build's written standard."""
    plan = run.plan
    start = time.perf_counter()
    with words.use_malform(plan.malform):  # the assembly and every format write the build's standard
        fmt.write(FormatRun(plan=plan, root=root, folder=plan.staging, key=plan.format_keys[fmt.name],
                            cache=cache, force=force, portfolio=portfolio))
    run.format_seconds[fmt.name] = time.perf_counter() - start


def _log_failure(exc: BaseException) -> None:
    source = getattr(exc.__cause__, "source", None)
    if source:
        first_line = next((line.strip() for line in str(source).splitlines() if line.strip()), "")
        log.error(_("{error} (cellen begynner med «{line}»)").format(error=exc, line=first_line))
    else:
        log.error("%s", exc)


def _forked(task: ChapterTask, *, zygote: kernels.Zygote, **kwargs: Any) -> None:
    """Run a chapter in a kernel forked from ``zygote`` (looked up at call time, like the default executor)."""
    execute.execute_notebook(task, zygote=zygote, **kwargs)


def warm_up() -> None:
    """Import what finishing a period needs while the first kernels start, not after the last one ends.

    Done in the otherwise idle main thread it overlaps the chapters instead of adding to the build's time;
    ``ehp preview`` calls it in a thread after its first build, so that the first save is not the one that
    pays for the imports (validation, key figures, the assembly).
    """
    from nbconvert import HTMLExporter  # noqa: F401  (assemble imports it when exporting)

    from ..metrics import key_figures  # noqa: F401  (scipy, pandas: the key_figures format)
    from ..validate import validate_folder  # noqa: F401  (a period's data changed)
    from . import assemble  # noqa: F401


def start_zygote(root: Path) -> kernels.Zygote | None:
    """A pre-imported process for ``root``'s chapters' kernels (:mod:`.kernels`); ``None`` where kernels cannot
    be forked. The caller stops it (:meth:`kernels.Zygote.close`)."""
    if not kernels.fork_available():
        return None
    return kernels.Zygote({**os.environ, **kernel_environment(root)}, root)


def _drain(pending: dict[Future, tuple[PeriodRun, ChapterTask]], results: dict[str, BuildResult],
           report_line: Progress, finish: Callable[[PeriodRun], BuildResult]) -> None:
    """Collect chapters as they finish; finish a period when its last chapter is in.

    Progress lines follow ``chapters.yaml``: a chapter that finishes before the chapters listed above it
    is reported when they are (so "3/10" is always the third chapter, and the third line). A failed chapter
    is reported at once and cancels its period's chapters that have not started; other periods go on.
    """
    while pending:
        done, _waiting = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            run, task = pending.pop(future)
            if future.cancelled() or run.error is not None:
                continue
            try:
                result = future.result()
            except Exception as exc:  # recorded on the period; raised when the other periods are done
                run.error = exc
                _log_failure(exc)
                for other, (other_run, _task) in list(pending.items()):
                    if other_run is run and other.cancel():
                        pending.pop(other)
                report_line(f"[{run.period}] {task.chapter.file} " + _("feilet"))
                continue
            run.results[task.chapter.file] = result
            _report_in_order(run, report_line)
            if len(run.results) == len(run.plan.tasks):
                try:
                    results[run.period] = finish(run)
                except Exception as exc:  # recorded on the period; raised when the other periods are done
                    run.error = exc


def _report_in_order(run: PeriodRun, report_line: Progress) -> None:
    """Print the progress line of every finished chapter whose predecessors in ``chapters.yaml`` are printed."""
    tasks = run.plan.tasks
    while run.reported < len(tasks) and tasks[run.reported].chapter.file in run.results:
        task = tasks[run.reported]
        result = run.results[task.chapter.file]
        run.reported += 1
        suffix = _(" (uendret)") if result.cached else ""
        report_line(f"[{run.period}] {task.position}/{task.total} {task.chapter.file} … "
                    f"{seconds_text(result.seconds)} s{suffix}")


# -------------------------------------------------------------------------------------------- build


def build_periods(
    periods: Sequence[str],
    *,
    root: Path | str | None = None,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache: bool = True,
    formats: Sequence[str] = DEFAULT_FORMATS,
    pdf: bool = False,
    deck: bool = False,
    executor: Executor | None = None,
    malform: str | None = None,
    zygote: kernels.Zygote | None = None,
) -> list[BuildResult]:
    """Build the report of each period in ``periods``.

    Parameters
    ----------
    periods : sequence of str
        ``YYYY-MM`` names, each with a parameters file.
    root : Path, optional
        Project root (default: :func:`ehp_analysis.config.find_root`).
    force : bool
        Run every chapter, validate every period and write every output again, even when nothing changed.
    jobs : int, optional
        Chapters run at the same time, shared by all periods (default: the number of CPUs).
    progress : callable, optional
        Called with one line per finished chapter, e.g. ``"[2020-01] 3/9 strategi … 2,1 s"``
        (the CLI passes ``print``); lines are also logged at INFO.
    cache : bool
        Reuse unchanged work from ``<root>/.ehp-cache`` and store new work there. A period whose outputs
        are exactly what this build would write is left alone.
    formats : sequence of str
        Output formats (see :data:`.outputs.FORMATS`; default ``key_figures`` and ``html``).
    pdf : bool
        Shorthand for adding the ``pdf`` format.
    deck : bool
        Shorthand for adding the ``deck`` format (the NUIT slides).
    executor : callable, optional
        Runs one chapter (default: papermill in a fresh kernel); see :func:`.execute.run_task`.
    malform : str, optional
        The written standard of this build (``"bokmål"`` or ``"nynorsk"``) instead of each period's own
        ``malform:``; the outputs go to the same folder, and a change of standard re-runs what it changes.
    zygote : kernels.Zygote, optional
        A pre-imported process, kept by the caller, to fork the chapters' kernels from (``ehp preview`` keeps
        one warm between rebuilds; it must have been started for this project's root). Default: the build
        starts its own and stops it at the end. Ignored with ``executor``.

    Returns
    -------
    list of BuildResult
        One per period, in the order given.

    Raises
    ------
    ChapterExecutionError
        If a chapter failed (its name, cell and error; the executed notebook is kept). Other periods are
        still finished; the first failure is raised at the end.
    BuildError
        If the chapters could not be assembled or swapped into place.
    DataValidationError
        If a period read has errors (nothing runs, nothing is written).
    UsageError, ConfigError, UndeclaredReadError
        For an unknown period, malformed parameters, a broken chain or a bad ``chapters.yaml``.
    """
    project = paths(Path(root) if root else None)
    chapters = load_chapters(project.root)
    chosen = formats_for([*formats, *(["pdf"] if pdf else []), *(["deck"] if deck else [])])
    for fmt in chosen:
        if fmt.check is not None:
            fmt.check()  # fail now (no Chromium for a PDF), not after every chapter has run
    plan = plan_build(periods, paths=project, chapters=chapters,
                      formats=[(f.name, f.reads, f.inputs) if f.inputs else (f.name, f.reads) for f in chosen],
                      malform=malform)
    for period_plan in plan.periods:  # a period's own setting for a format (the deck's template): fail now, too
        for fmt in chosen:
            if fmt.check_period is not None:
                fmt.check_period(period_plan.params, project.root)
    jobs = max(1, jobs or os.cpu_count() or 1)
    store = Cache(project.cache if cache else None)
    results: dict[str, BuildResult] = {}

    def report_line(line: str) -> None:
        log.info(line)
        if progress is not None:
            progress(line)

    runs = [PeriodRun(p) for p in plan.periods]
    own_zygote = None
    to_build: list[PeriodRun] = []
    for run in runs:
        log.info(_("Bygger {period} (kjede: {chain}) med parameterne {parameters}").format(
            period=run.period, chain=" → ".join(p.period for p in run.plan.chain), parameters=run.plan.params.raw))
        if cache and not force and up_to_date(run.plan):
            for task in run.plan.tasks:
                report_line(f"[{run.period}] {task.position}/{task.total} {task.chapter.file} … "
                            f"{seconds_text(0)} s" + _(" (uendret)"))
            results[run.period] = _result(run, assembled=False)
        else:
            to_build.append(run)
    must_run = force or not cache or any(not store.has(t) for run in to_build for t in run.plan.tasks)
    if not must_run or executor is not None or not kernels.fork_available():
        zygote = None
    elif zygote is None or not zygote.alive():
        # Imports what the chapters import while the inputs are validated; kernels are forked from it.
        zygote = own_zygote = start_zygote(project.root)
    if zygote is not None:
        executor = functools.partial(_forked, zygote=zygote)
    portfolio_files: dict[str, str] = {}
    loaded = check_inputs([r.plan for r in to_build], cache=store, shared=plan.shared,
                          portfolio_files=portfolio_files, force=force)
    for run in to_build:
        for task in run.plan.tasks:
            task.portfolios.update({p: f for p, f in portfolio_files.items() if p in task.reads})
    portfolio = _portfolio_getter(loaded, portfolio_files, plan)

    def finish(run: PeriodRun) -> BuildResult:
        return _finish_period(run, root=project.root, jobs=jobs, cache=store, force=force, portfolio=portfolio)

    if must_run and (executor is None or zygote is not None):  # real kernels: papermill imported once, here
        execute.load_driver()
    ipc_dir = tempfile.mkdtemp(prefix="ehp-kernels-")
    try:
        for run in to_build:
            stage.prepare(run.plan)
        with quiet_papermill(), ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ehp-chapter") as pool:
            pending: dict[Future, tuple[PeriodRun, ChapterTask]] = {}
            for run in to_build:
                for task in run.plan.tasks:
                    future = pool.submit(run_task, task, cache=store, force=force, ipc_dir=ipc_dir,
                                         executor=executor)
                    pending[future] = (run, task)
                # A format that reads only the periods (key_figures.json) takes the first free job slot after
                # the period's chapters are queued: in this process, while the other slots' kernels work.
                for fmt in formats_for(run.plan.formats):
                    if fmt.early:
                        run.early[fmt.name] = pool.submit(write_format, run, fmt, root=project.root, cache=store,
                                                          force=force, portfolio=portfolio)
            try:
                if pending and (executor is None or zygote is not None):
                    warm_up()
                _drain(pending, results, report_line, finish)
            except BaseException:
                for future in pending:  # Ctrl-C: do not start what is still queued
                    future.cancel()
                raise
    finally:
        if own_zygote is not None:
            own_zygote.close()
        shutil.rmtree(ipc_dir, ignore_errors=True)
        for run in to_build:
            if isinstance(run.error, ChapterExecutionError):
                run.error = stage.keep_failed_notebook(run.plan, run.error)
            stage.discard(run.plan)
    errors = [run.error for run in runs if run.error is not None]
    if errors:
        for extra in errors[1:]:
            log.error("%s", extra)
        raise errors[0]
    return [results[run.period] for run in runs]


def build_period(period: str, **kwargs: Any) -> BuildResult:
    """Build one period; see :func:`build_periods` for the keyword arguments."""
    return build_periods([period], **kwargs)[0]
