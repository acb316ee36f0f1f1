"""What a build writes for a period besides the chapters' own files: the output formats and the build record.

An output format is declared once, in :data:`FORMATS`: its name, the files it writes (names from
:data:`ehp_analysis.config.OUTPUT`), the periods it reads (part of its cache key, see :mod:`.plan`), the
formats it needs first, and the function that writes it into the staging folder. Adding a format (say a
Word export) is one entry here and, if users should ask for it, one option in the CLI.

The build record ``build.json`` says what went in (input file hashes, parameters, versions) and how it
went (chapter timings); :func:`up_to_date` reads it back to leave an unchanged period alone.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import OUTPUT
from ..exceptions import UsageError
from ..hashing import sha256 as sha256_file
from ..keys import KERNEL_NAME, package_versions
from ..periods import load_periods
from .cache import Cache
from .plan import PeriodPlan

if TYPE_CHECKING:
    from ..portfolio import Portfolio
    from .execute import ChapterResult


@dataclass
class FormatRun:
    """What a format's writer gets: the period's plan, the staging folder, its key, the cache, the loaded periods."""

    plan: PeriodPlan
    root: Path
    folder: Path
    key: str
    cache: Cache
    force: bool
    portfolio: Callable[[str], Portfolio]


@dataclass(frozen=True)
class OutputFormat:
    """One kind of output file of a period.

    Attributes
    ----------
    name : str
        How the build (and the CLI) names it.
    files : tuple of str
        What it writes into the period's folder.
    reads : str
        The periods it reads (``current``, ``previous``, ``chain``), or ``""`` when it reads only what the
        build already wrote (the executed chapters, another format's file).
    write : callable
        ``write(run: FormatRun)``.
    needs : tuple of str
        Formats that must be written first (``pdf`` prints ``report.html``).
    check : callable, optional
        Called before any chapter runs, to fail early (``pdf`` looks for Chromium).
    check_period : callable, optional
        ``check_period(params, root)``, called for each period before any chapter runs (``deck`` opens the
        period's ``deck_template:``).
    inputs : callable, optional
        ``inputs(params, root) -> {path: sha256 or None}``: files the format reads beyond the periods it declares
        (``deck``: the template and ``tekst/nuit.md``); part of its cache key and the build record.
    """

    name: str
    files: tuple[str, ...]
    reads: str
    write: Callable[[FormatRun], None]
    needs: tuple[str, ...] = ()
    check: Callable[[], Any] | None = None
    check_period: Callable[[Any, Path], Any] | None = None
    inputs: Callable[[Any, Path], dict[Path, str | None]] | None = None
    early: bool = False  # reads only the periods: written while the chapters run, in a free job slot


def _write_key_figures(run: FormatRun) -> None:
    """``key_figures.json`` for the period and its previous period (the early warnings read the whole chain),
    reused from the cache by key."""
    target = run.folder / OUTPUT.key_figures
    if not run.force and run.cache.restore_file(run.plan.period, "key_figures", run.key, target):
        return
    from ..metrics.key_figures import key_figures, write_key_figures  # scipy and pandas: only when computed

    periods = load_periods(run.plan.period, reads=FORMATS["key_figures"].reads, root=run.root,
                           loader=lambda params: run.portfolio(params.period), reader="key_figures.json",
                           known={p.period: p for p in run.plan.chain})
    write_key_figures(key_figures(periods.current, periods.previous, chain=periods.chain), target)
    run.cache.store_file(run.plan.period, "key_figures", run.key, target)


def _write_html(run: FormatRun) -> None:
    """``report.html``, assembled from the executed chapters in the staging folder; the chapters' first caption
    numbers are kept in the cache, for the chapters run in Jupyter (:func:`.cache.caption_starts`)."""
    from .assemble import assemble_report

    numbers: dict = {}
    assemble_report(run.plan.chapters, run.plan.params, run.folder, numbers=numbers)
    run.cache.store_captions(run.plan.period, numbers)


def _write_pdf(run: FormatRun) -> None:
    """``report.pdf``, printed from ``report.html`` by headless Chromium."""
    from .pdf import write_pdf

    write_pdf(run.folder / OUTPUT.report, run.folder / OUTPUT.pdf)


def _write_site(run: FormatRun) -> None:
    """``site/``: the website, the tiltak pages and the open data, cut from what the build wrote (ehp_analysis.site)."""
    from ..site import SITE_DIR, write_site

    chain = [run.portfolio(p.period) for p in run.plan.chain]
    write_site(run.folder / SITE_DIR, params=run.plan.params, chain=chain, chapter_title=run.plan.chapters.title)


def _check_pdf() -> None:
    from .pdf import find_chromium

    find_chromium()


def _write_deck(run: FormatRun) -> None:
    """``nuit-<period>.pptx``, the NUIT deck, from ``key_figures.json``, the figures and the chain (see :mod:`..deck`)."""
    from ..deck import write_deck

    periods = load_periods(run.plan.period, reads=FORMATS["deck"].reads, root=run.root,
                           loader=lambda params: run.portfolio(params.period), reader="nuit-deck",
                           known={p.period: p for p in run.plan.chain})
    write_deck(run.plan.params, run.root, run.folder, periods, title=run.plan.chapters.title)


def _check_deck(params, root: Path) -> None:
    from ..deck import check_deck

    check_deck(params, root)


def _deck_inputs(params, root: Path) -> dict[Path, str | None]:
    from ..deck import deck_inputs

    return deck_inputs(params, root)


FORMATS: dict[str, OutputFormat] = {
    f.name: f for f in (
        OutputFormat("key_figures", (OUTPUT.key_figures,), "chain", _write_key_figures,  # history.*, warnings look back
                     early=True),
        OutputFormat("html", (OUTPUT.report,), "", _write_html),
        OutputFormat("pdf", (OUTPUT.pdf,), "", _write_pdf, needs=("html",), check=_check_pdf),
        # The deck reads the chain (early warnings) and the figures and key figures the build wrote.
        OutputFormat("deck", ("nuit-<period>.pptx",), "chain", _write_deck, needs=("key_figures",),
                     check_period=_check_deck, inputs=_deck_inputs),
        OutputFormat("site", ("site",), "chain", _write_site, needs=("key_figures", "html")),  # after pdf: copies it
    )
}
DEFAULT_FORMATS = ("key_figures", "html")


def formats_for(names: Sequence[str]) -> list[OutputFormat]:
    """The formats named (and those they need), in the order of :data:`FORMATS`.

    Raises
    ------
    UsageError
        For a name that is not a format.
    """
    wanted: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in FORMATS:
            raise UsageError(f"Ukjent utdataformat «{name}»; kjente formater: {', '.join(FORMATS)}.")
        if name not in wanted:
            wanted.add(name)
            todo.extend(FORMATS[name].needs)
    return [f for name, f in FORMATS.items() if name in wanted]


# ---------------------------------------------------------------------------------------- the record


def now() -> str:
    """The local time with its offset, to the second (for the build record and messages)."""
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass
class PeriodRun:
    """A period being built: its plan, results so far, the first error, and when it started."""

    plan: PeriodPlan
    started: float = field(default_factory=time.time)
    started_at: str = field(default_factory=now)
    results: dict[str, ChapterResult] = field(default_factory=dict)
    format_seconds: dict[str, float] = field(default_factory=dict)
    early: dict[str, Future] = field(default_factory=dict)  # formats being written while the chapters run
    error: BaseException | None = None
    reported: int = 0   # chapters whose progress line is printed (they are printed in chapters.yaml's order)

    @property
    def period(self) -> str:
        return self.plan.period


def write_record(run: PeriodRun, jobs: int) -> Path:
    """Write ``build.json`` into the staging folder (last, so it lists every file the build wrote)."""
    plan = run.plan
    record = {
        "period": plan.period,
        "previous_period": plan.params.previous_period,
        "chain": [p.period for p in plan.chain],
        "started": run.started_at,
        "finished": now(),
        "seconds": round(time.time() - run.started, 3),
        "parameters": plan.params.raw,
        "inputs": plan.inputs,
        "versions": package_versions(),
        "kernel": {"name": KERNEL_NAME, "python": sys.executable},
        "jobs": jobs,
        "formats": {name: round(run.format_seconds.get(name, 0.0), 3) for name in plan.formats},
        # What the no-change check compares (see up_to_date): the inputs and chapter keys, the report, its files.
        "assembly_key": plan.assembly_key,
        "files": {p.relative_to(plan.staging).as_posix(): sha256_file(p)
                  for p in sorted(plan.staging.rglob("*")) if p.is_file() and p.name != OUTPUT.record},
        "chapters": [
            {
                "file": task.chapter.file,
                "title": task.chapter.title,
                "reads": list(task.reads),
                "seconds": round(run.results[task.chapter.file].seconds, 3),
                "cached": run.results[task.chapter.file].cached,
                "key": task.key,
            }
            for task in plan.tasks
        ],
    }
    path = plan.staging / OUTPUT.record
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def up_to_date(plan: PeriodPlan) -> bool:
    """Whether the period's outputs are exactly what this build would write (so nothing needs doing).

    True when the last successful build recorded the same assembly key, every file it wrote is still
    there with the same content, and no failed chapter is waiting in ``failed/``.
    """
    final = plan.final_dir
    try:
        record = json.loads((final / OUTPUT.record).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("assembly_key") != plan.assembly_key:
        return False
    files = record.get("files")
    if not isinstance(files, dict) or not files or (final / OUTPUT.failed).exists():
        return False
    try:
        return all(sha256_file(final / name) == digest for name, digest in files.items())
    except OSError:  # a file the build wrote is gone
        return False
