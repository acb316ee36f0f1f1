"""Build a period's report: run every chapter notebook with papermill, then assemble one HTML file.

The work is split so caching and parallelism slot in without touching the rest:

* :func:`plan_period` turns a period into a list of :class:`ChapterTask` (one per chapter), each with a
  cache key that hashes everything the chapter's output depends on;
* :func:`run_task` executes one task (restoring it from the cache when the key is known);
* :func:`build_periods` runs the tasks of all periods over one thread pool (kernels are separate
  processes; a thread just waits on one), and finishes each period as soon as its chapters are done:
  extra outputs (``key_figures.json``), assembly, build record, then an atomic swap into place.

Incremental: a chapter whose key is in the cache is restored, not run; assembly is redone only when a
chapter or another input of the report changed (the build record keeps an assembly key; when it matches
and the outputs are intact the period is left untouched); inputs that passed validation are not
validated again. Heavy libraries (pandas, nbformat, papermill) are imported only when there is work.

Everything is written into a staging folder next to the period's output folder and swapped in only when
every chapter and the assembly succeeded, so a failed build leaves the previous outputs as they were. The
executed notebook of a failed chapter is kept in ``<output folder>/failed/<chapter>.ipynb``.

Kernels: the notebooks run on the ``python3`` kernel, which jupyter_client starts with this process's
own Python (``sys.executable``) because the kernelspec's ``argv[0]`` is ``python``. The kernel gets
``EHP_ROOT`` and a ``PYTHONPATH`` that puts this very ``ehp_analysis`` first, so the notebooks use the code
that builds them. On POSIX it talks over IPC sockets in a private folder: no TCP ports to collide on when
kernels start in parallel (papermill #511) and no "Kernel is running over TCP without encryption" warning.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..hashing import sha256 as sha256_file
from ..config import PACKAGE_DIR, REFERENCE_DIR, PeriodParameters, load_parameters, paths
from ..exceptions import BuildError, ChapterExecutionError, DataValidationError, UsageError
from .chapters import Chapter, ChapterList, load_chapters

log = logging.getLogger("ehp_analysis")

KERNEL_NAME = "python3"
STARTUP_ATTEMPTS = 3
CACHE_DIRNAME = ".ehp-cache"
RECORD_NAME = "build.json"
VERSIONED_PACKAGES = ("pandas", "numpy", "papermill", "nbconvert", "nbclient", "ipykernel", "matplotlib",
                      "seaborn", "scipy", "pandera", "babel")
# Kernel start-up failures worth another try (port collisions, a kernel too slow to answer).
_STARTUP_FAILURE = re.compile(r"Kernel didn't respond|Kernel died before replying|Address already in use", re.I)

ExtraOutputs = Callable[[PeriodParameters, Path], None]
Progress = Callable[[str], None]


# --------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ChapterTask:
    """One chapter of one period to execute (or restore from the cache).

    Attributes
    ----------
    period : str
    chapter : Chapter
    position, total : int
        1-based place in ``chapters.yaml`` and the number of chapters.
    notebook : Path
        The source notebook.
    parameters : dict
        What papermill injects: the period's parameters file, ``output_dir`` pointing at ``work_dir``.
    work_dir : Path
        Where the chapter writes its files (``figures/``, ``tables/`` ...).
    executed : Path
        Where the executed notebook is written.
    cwd : Path
        The kernel's working directory (the project root).
    key : str
        Cache key: a hash of everything the chapter's output depends on.
    """

    period: str
    chapter: Chapter
    position: int
    total: int
    notebook: Path
    parameters: dict[str, Any]
    work_dir: Path
    executed: Path
    cwd: Path
    key: str
    # Validated periods the build already holds, pickled (period -> file); not part of the cache key.
    portfolios: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class ChapterResult:
    """How one chapter went."""

    chapter: str
    title: str
    seconds: float
    cached: bool = False
    attempts: int = 1


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

    @property
    def executed(self) -> int:
        """Number of chapters whose notebook actually ran (the rest came from the cache)."""
        return sum(not c.cached for c in self.chapters)

    def summary(self) -> str:
        """One line for the analyst: where the report is and what the build did."""
        cached = len(self.chapters) - self.executed
        extra = f" og {self.pdf.name}" if self.pdf else ""
        return (f"{self.period}: {self.report}{extra} ({len(self.chapters)} kapitler, {self.executed} kjørt, "
                f"{cached} uendret; {_seconds(self.seconds)} s)")


@dataclass
class PeriodPlan:
    """A period being built: its parameters, staging folder, tasks and results so far."""

    params: PeriodParameters
    chapters: ChapterList
    final_dir: Path
    staging: Path
    tasks: list[ChapterTask]
    inputs: dict[str, str]
    started: float = field(default_factory=time.time)
    started_at: str = field(default_factory=lambda: _now())
    results: dict[str, ChapterResult] = field(default_factory=dict)
    error: BaseException | None = None
    assembly_key: str = ""

    @property
    def period(self) -> str:
        return self.params.period


# ---------------------------------------------------------------------------------------- hashing


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def hash_tree(folder: Path | None, root: Path, *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (hidden files and ``exclude`` subfolders left out)."""
    if folder is None or not Path(folder).exists():
        return {}
    folder = Path(folder)
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    excluded = tuple(exclude)
    out = {}
    for path in files:
        rel = path.relative_to(folder).parts if path != folder else ()
        if any(part.startswith(".") for part in rel) or (rel and rel[0] in excluded):
            continue
        out[_display_path(path, root)] = sha256_file(path)
    return out


def package_versions() -> dict[str, str | None]:
    """Versions of Python, this package and the libraries that shape the report."""
    versions: dict[str, str | None] = {"python": platform.python_version(), "ehp_analysis": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _code_hash() -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def _json_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def _period_inputs(params: PeriodParameters, root: Path) -> dict[str, str]:
    """Hashes of a period's own inputs: its parameters file and its data folder (commentary included)."""
    out = hash_tree(params.data_dir, root)
    if params.source:
        out[_display_path(params.source, root)] = sha256_file(params.source)
    for extra in (params.strategy_file, params.organisations_file):
        if extra and extra.is_file():
            out[_display_path(extra, root)] = sha256_file(extra)
    return out


def _previous_params(params: PeriodParameters, root: Path) -> PeriodParameters | None:
    if not params.previous_period:
        return None
    try:
        return load_parameters(params.previous_period, root)
    except UsageError:
        return None


def _period_key_parts(params: PeriodParameters, previous: PeriodParameters | None, root: Path) -> dict[str, Any]:
    """The cache-key parts shared by a period's chapters (hashed once per period)."""

    def own(p: PeriodParameters) -> dict[str, Any]:
        files = {_display_path(f, root): sha256_file(f) for f in (p.strategy_file, p.organisations_file)
                 if f and f.is_file()}
        return {
            "parameters": {k: v for k, v in p.raw.items() if k != "output_dir"},
            "data": hash_tree(p.data_dir, root, exclude=("tekst",)),
            "reference_files": files,
        }

    parts = {"current": own(params), "previous": None}
    if params.previous_period:
        parts["previous"] = own(previous) if previous is not None else {"missing": params.previous_period}
    return parts


def _chapter_key(chapter: Chapter, notebook: Path, params: PeriodParameters, period_parts: dict[str, Any],
                 shared: dict[str, Any]) -> str:
    """The cache key: everything a chapter's output depends on, hashed.

    The notebook; the period's parameters (but not the build's output folder), data (except the
    commentary files) and reference files; this chapter's own commentary ``tekst/<chapter>.md``; the
    previous period's parameters, data and reference files when the chapter compares; and, shared by
    all, the package's code and version, its reference data, the library versions and the kernel.
    """
    tekst = params.data_dir / "tekst" / f"{chapter.file}.md"
    parts = {
        "notebook": sha256_file(notebook),
        "period": period_parts["current"],
        "commentary": sha256_file(tekst) if tekst.is_file() else None,
        "previous": period_parts["previous"] if chapter.compares else None,
        **shared,
    }
    return _json_hash(parts)


# ----------------------------------------------------------------------------------------- planning


def _pid_alive(pid: int) -> bool:
    try:
        import psutil  # a dependency of ipykernel; os.kill(pid, 0) would end the process on Windows
    except ImportError:  # pragma: no cover
        if os.name != "posix":
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return psutil.pid_exists(pid)


def _remove_stale_staging(final_dir: Path, period: str) -> None:
    """Remove staging folders left by builds of ``period`` that were killed."""
    parent = final_dir.parent
    if not parent.is_dir():
        return
    for candidate in parent.glob(f".staging-{period}-*"):
        pid = candidate.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(candidate, ignore_errors=True)


def plan_period(period: str, *, root: Path, chapters: ChapterList, shared_key: dict[str, Any] | None = None) -> PeriodPlan:
    """Load a period's parameters, create its staging folder and list its chapter tasks.

    Parameters
    ----------
    period : str
    root : Path
        Project root.
    chapters : ChapterList
    shared_key : dict, optional
        Cache-key parts common to all tasks (code, reference data, versions); computed if not given.

    Returns
    -------
    PeriodPlan
    """
    root = Path(root)
    params = load_parameters(period, root)
    log.info("Bygger %s med parameterne %s", period, params.raw)
    previous = _previous_params(params, root)
    shared_key = shared_key if shared_key is not None else _shared_key()
    final_dir = params.output_dir
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(final_dir, period)
    staging = final_dir.parent / f".staging-{period}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "notebooks").mkdir(parents=True)
    notebooks_dir = paths(root).notebooks
    inputs = _period_inputs(params, root)
    if previous is not None:
        inputs.update(_period_inputs(previous, root))
    inputs[_display_path(chapters.source, root)] = sha256_file(chapters.source) if chapters.source else ""
    period_parts = _period_key_parts(params, previous, root)
    tasks = []
    for position, chapter in enumerate(chapters, start=1):
        notebook = chapters.notebook(chapter, notebooks_dir)
        inputs[_display_path(notebook, root)] = sha256_file(notebook)
        work_dir = staging / ".work" / chapter.file
        work_dir.mkdir(parents=True)
        tasks.append(ChapterTask(
            period=period,
            chapter=chapter,
            position=position,
            total=len(chapters),
            notebook=notebook,
            parameters={**params.as_papermill(), "output_dir": str(work_dir)},
            work_dir=work_dir,
            executed=staging / "notebooks" / f"{chapter.file}.ipynb",
            cwd=root,
            key=_chapter_key(chapter, notebook, params, period_parts, shared_key),
        ))
    return PeriodPlan(params=params, chapters=chapters, final_dir=final_dir, staging=staging, tasks=tasks,
                      inputs=dict(sorted(inputs.items())))


def _shared_key() -> dict[str, Any]:
    return {
        "code": _code_hash(),
        "reference": hash_tree(REFERENCE_DIR, PACKAGE_DIR.parent),
        "versions": package_versions(),
        "kernel": KERNEL_NAME,
    }


# ---------------------------------------------------------------------------------------- execution


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict, Unicode

    class EhpKernelManager(AsyncKernelManager):
        """Starts the kernel with the build's environment, over IPC where the platform has it."""

        extra_env = Dict(config=True, help="Variables added to the kernel's environment.")
        ipc_dir = Unicode("", config=True, help="Folder for the kernel's IPC sockets.")
        log_file = Unicode("", config=True, help="File for the kernel process's own stdout/stderr.")

        async def start_kernel(self, **kw):  # noqa: D102 - see class docstring
            env = dict(kw.pop("env", None) or os.environ)
            env.update(self.extra_env)
            if self.transport == "ipc":
                # A unique absolute path: the default is relative to the working directory.
                self.ip = os.path.join(self.ipc_dir, uuid.uuid4().hex[:12])
            if not self.log_file:
                return await super().start_kernel(env=env, **kw)
            # The kernel's own messages (not the cells' output, which comes over ZMQ) go to a file, not
            # the analyst's terminal: e.g. "KeyboardInterrupt caught in kernel" when jupyter_client
            # interrupts it on shutdown. The build logs the file.
            with open(self.log_file, "ab") as sink:
                return await super().start_kernel(env=env, stdout=sink, stderr=sink, **kw)

    return EhpKernelManager


_KM_CLASS = None
_KM_LOCK = threading.Lock()


def _engine_kwargs(task: ChapterTask, ipc_dir: str, log_file: str = "") -> dict[str, Any]:
    from traitlets.config import Config

    global _KM_CLASS
    with _KM_LOCK:
        if _KM_CLASS is None:
            _KM_CLASS = _kernel_manager_class()
    pythonpath = os.pathsep.join(p for p in (str(PACKAGE_DIR.parent), os.environ.get("PYTHONPATH", "")) if p)
    settings: dict[str, Any] = {
        "extra_env": {"PYTHONPATH": pythonpath, "EHP_ROOT": str(task.cwd),
                      **({"EHP_PORTFOLIOS": json.dumps(task.portfolios)} if task.portfolios else {})},
        "ipc_dir": ipc_dir,
        "log_file": log_file,
        "transport": "ipc" if os.name == "posix" else "tcp",
    }
    if settings["transport"] == "tcp" and _has_curve():
        # No IPC (Windows): encrypt instead, which also keeps ipykernel 7's TCP warning away.
        settings["transport_encryption"] = "auto"
    config = Config()
    config[_KM_CLASS.__name__] = Config(settings)
    return {
        "kernel_manager_class": _KM_CLASS,
        "config": config,
        # nbclient starts the kernel in resources' metadata.path: papermill's own cwd= would chdir the
        # whole process, which parallel threads cannot share.
        "resources": {"metadata": {"path": str(task.cwd)}},
    }


def _has_curve() -> bool:
    import zmq

    return bool(zmq.has("curve"))


def _is_startup_failure(exc: BaseException) -> bool:
    import zmq

    if isinstance(exc, zmq.ZMQError):
        return True
    return isinstance(exc, (RuntimeError, TimeoutError)) and bool(_STARTUP_FAILURE.search(str(exc)))


def execute_notebook(task: ChapterTask, *, ipc_dir: str, start_timeout: float = 60) -> None:
    """Run one chapter notebook with papermill (the one place that starts a kernel).

    The kernel process's own output is logged (DEBUG, or WARNING when the chapter failed otherwise
    than in a cell, e.g. a kernel that died).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    log_file = Path(ipc_dir) / f"{task.period}-{task.chapter.file}-{uuid.uuid4().hex[:8]}.log"
    try:
        papermill.execute_notebook(
            str(task.notebook),
            str(task.executed),
            parameters=task.parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            start_timeout=start_timeout,
            **_engine_kwargs(task, ipc_dir, str(log_file)),
        )
    except PapermillExecutionError:
        raise
    except Exception:
        _log_kernel_output(task, log_file, logging.WARNING)
        raise
    else:
        _log_kernel_output(task, log_file, logging.DEBUG)
    finally:
        log_file.unlink(missing_ok=True)


def _log_kernel_output(task: ChapterTask, log_file: Path, level: int) -> None:
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return
    if text:
        log.log(level, "Kjernen for %s (%s) skrev:\n%s", task.chapter.file, task.period, text[-4000:])


def _chapter_error(task: ChapterTask, exc: BaseException) -> ChapterExecutionError:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
        return ChapterExecutionError(task.chapter.file, cell, f"{exc.ename}: {exc.evalue}")
    return ChapterExecutionError(task.chapter.file, None, f"{type(exc).__name__}: {exc}")


class _Cache:
    """Executed chapters kept under ``<root>/.ehp-cache/<period>/<chapter>/<key>/``.

    An entry holds the executed notebook and the files the chapter wrote. Only successful chapters are
    stored; storing a new entry removes the chapter's older ones for that period.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _entry(self, task: ChapterTask) -> Path:
        return self.folder / task.period / task.chapter.file / task.key

    def restore(self, task: ChapterTask) -> bool:
        if self.folder is None:
            return False
        entry = self._entry(task)
        if not (entry / "notebook.ipynb").is_file():
            return False
        shutil.copyfile(entry / "notebook.ipynb", task.executed)
        if (entry / "files").is_dir():
            shutil.copytree(entry / "files", task.work_dir, dirs_exist_ok=True)
        return True

    def store(self, task: ChapterTask) -> None:
        if self.folder is None:
            return

        def fill(tmp: Path) -> None:
            shutil.copyfile(task.executed, tmp / "notebook.ipynb")
            shutil.copytree(task.work_dir, tmp / "files")

        self._replace(self._entry(task), fill, f"kapittelet {task.chapter.file}")

    @staticmethod
    def _replace(entry: Path, fill: Callable[[Path], None], what: str) -> None:
        """Write ``entry`` through a temporary folder, removing its siblings (older keys)."""
        tmp = entry.parent / f".tmp-{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir(parents=True)
            fill(tmp)
            for old in entry.parent.iterdir():
                if old != tmp:
                    shutil.rmtree(old, ignore_errors=True)
            tmp.rename(entry)
        except OSError as exc:  # a cache that cannot be written only costs time next build
            log.warning("Kunne ikke mellomlagre %s: %s", what, exc)
            shutil.rmtree(tmp, ignore_errors=True)

    # One file per key, beside the chapters: ``<period>/@<name>/<key>/<file>`` ("@" is never in a chapter name).

    def restore_file(self, period: str, name: str, key: str, target: Path) -> bool:
        if self.folder is None:
            return False
        source = self.folder / period / f"@{name}" / key / target.name
        if not source.is_file():
            return False
        shutil.copyfile(source, target)
        return True

    def store_file(self, period: str, name: str, key: str, source: Path) -> None:
        if self.folder is None or not source.is_file():
            return
        self._replace(self.folder / period / f"@{name}" / key,
                      lambda tmp: shutil.copyfile(source, tmp / source.name), source.name)

    # Markers of inputs that passed validation: ``validated/<key>``, empty files; the newest are kept.
    KEEP_VALIDATED = 100

    def validated(self, key: str) -> bool:
        return self.folder is not None and (self.folder / "validated" / key).is_file()

    # The validated periods themselves, pickled, so a kernel need not read and validate them again.
    KEEP_PORTFOLIOS = 10

    def portfolio_file(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        path = self.folder / "portfolios" / f"{key}.pickle"
        return path if path.is_file() else None

    def store_portfolio(self, key: str, portfolio: Any) -> Path | None:
        if self.folder is None:
            return None
        import pickle

        folder = self.folder / "portfolios"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(portfolio, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
            kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[self.KEEP_PORTFOLIOS:]:
                old.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError) as exc:
            log.warning("Kunne ikke mellomlagre perioden: %s", exc)
            return None
        return folder / f"{key}.pickle"

    def mark_validated(self, key: str) -> None:
        if self.folder is None:
            return
        folder = self.folder / "validated"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / key).touch()
            markers = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in markers[self.KEEP_VALIDATED:]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Kunne ikke mellomlagre valideringen: %s", exc)


def run_task(task: ChapterTask, *, cache: _Cache | None = None, force: bool = False, ipc_dir: str | None = None,
             attempts: int = STARTUP_ATTEMPTS) -> ChapterResult:
    """Execute one chapter (or restore it from the cache) into its staging place.

    Parameters
    ----------
    task : ChapterTask
    cache : _Cache, optional
        Where executed chapters are kept; ``None`` for no cache.
    force : bool
        Run the notebook even when the cache has it (the new result is stored).
    ipc_dir : str, optional
        Folder for kernel sockets (a private temporary folder if not given).
    attempts : int
        How many times to try starting a kernel that fails to start.

    Returns
    -------
    ChapterResult

    Raises
    ------
    ChapterExecutionError
        If the notebook raised; the executed notebook with the error is at ``task.executed``.
    """
    cache = cache or _Cache(None)
    start = time.perf_counter()
    if not force and cache.restore(task):
        return ChapterResult(task.chapter.file, task.chapter.title, time.perf_counter() - start, cached=True)
    own_dir = None
    if ipc_dir is None:
        ipc_dir = own_dir = tempfile.mkdtemp(prefix="ehp-kernels-")
    try:
        for attempt in range(1, attempts + 1):
            try:
                execute_notebook(task, ipc_dir=ipc_dir)
                break
            except Exception as exc:
                if attempt < attempts and _is_startup_failure(exc):
                    log.warning("Kjernen for %s startet ikke (%s); prøver igjen (%d/%d).",
                                task.chapter.file, exc, attempt + 1, attempts)
                    time.sleep(0.5 * attempt)
                    continue
                raise _chapter_error(task, exc) from exc
    finally:
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
    cache.store(task)
    return ChapterResult(task.chapter.file, task.chapter.title, time.perf_counter() - start, attempts=attempt)


# -------------------------------------------------------------------------------------- finishing


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _merge_work_dirs(plan: PeriodPlan) -> None:
    """Move every chapter's files into the staging folder; two chapters writing one file is an error."""
    owner: dict[Path, str] = {}
    for task in plan.tasks:
        for path in sorted(p for p in task.work_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(task.work_dir)
            if rel in owner:
                raise BuildError(
                    f"Kapitlene «{owner[rel]}» og «{task.chapter.file}» skrev begge {rel.as_posix()}: "
                    "gi figurene og tabellene ulike navn."
                )
            owner[rel] = task.chapter.file
            target = plan.staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
    shutil.rmtree(plan.staging / ".work", ignore_errors=True)


def _write_record(plan: PeriodPlan, jobs: int) -> Path:
    finished = time.time()
    record = {
        "period": plan.period,
        "previous_period": plan.params.previous_period,
        "started": plan.started_at,
        "finished": _now(),
        "seconds": round(finished - plan.started, 3),
        "parameters": plan.params.raw,
        "inputs": plan.inputs,
        "versions": package_versions(),
        "kernel": {"name": KERNEL_NAME, "python": sys.executable},
        "jobs": jobs,
        # What the no-change check compares (see _up_to_date): the inputs and chapter keys, the report, its files.
        "assembly_key": plan.assembly_key,
        "report_sha256": sha256_file(plan.staging / "report.html"),
        "files": sorted(p.relative_to(plan.staging).as_posix() for p in plan.staging.rglob("*")
                        if p.is_file() and p.name != RECORD_NAME),
        "chapters": [
            {
                "file": task.chapter.file,
                "title": task.chapter.title,
                "seconds": round(plan.results[task.chapter.file].seconds, 3),
                "cached": plan.results[task.chapter.file].cached,
                "key": task.key,
            }
            for task in plan.tasks
        ],
    }
    path = plan.staging / RECORD_NAME
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _swap_into_place(staging: Path, final_dir: Path) -> None:
    """Replace ``final_dir`` by ``staging`` with two renames; the old folder is deleted afterwards."""
    old = final_dir.parent / f".old-{final_dir.name}-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    had_old = final_dir.exists()
    if had_old:
        try:
            final_dir.rename(old)
        except OSError as exc:
            raise BuildError(
                f"Kunne ikke erstatte {final_dir} ({exc}). Er en fil der åpen i et annet program?"
            ) from exc
    try:
        staging.rename(final_dir)
    except OSError as exc:
        if had_old:
            old.rename(final_dir)
        raise BuildError(f"Kunne ikke flytte den nye rapporten på plass i {final_dir}: {exc}") from exc
    shutil.rmtree(old, ignore_errors=True)


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
# Headless, and off the network: without the background-networking flags Chromium tries Google's
# hosts at every start (refused on closed machines, and nothing a report needs).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def find_chromium() -> str:
    """The Chromium (or Chrome/Edge) executable used for ``report.pdf``.

    Raises
    ------
    BuildError
        If none is installed (nbconvert's webpdf is not used: its Playwright cannot use Debian's Chromium).
    """
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BuildError("PDF krever Chromium eller Chrome (fant ingen av " + ", ".join(CHROMIUM_NAMES) + "). "
                     "Bygg uten --pdf, eller skriv ut report.html fra nettleseren.")


def write_pdf(report: Path, target: Path, *, chromium: str | None = None, timeout: float = 180) -> Path:
    """Print ``report`` (HTML) to ``target`` (A4) with headless Chromium, using the report's print CSS.

    The page layout is the report's ``@media print`` CSS: A4, "Side N av M" in the page margin (CSS
    margin boxes, so Chromium's own header and footer with the file path are off), every chapter on a
    new page, table rows and figures kept whole. The PDF is tagged, its table-of-contents links are
    clickable and its bookmarks follow the headings (``--generate-pdf-document-outline``). An
    interactive table prints as the plain table, every row (its controls are hidden by the print CSS;
    switching scripts off is no option: headless Chromium then writes no PDF at all). The flags that
    keep Chromium off the network are the ones the browser tests use; the report fetches nothing.

    Parameters
    ----------
    report : Path
        The finished ``report.html``.
    target : Path
        Where the PDF is written.
    chromium : str, optional
        The browser executable (default: :func:`find_chromium`).
    timeout : float
        Seconds before giving up.

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    BuildError
        If Chromium is missing, fails or writes nothing.
    """
    import subprocess

    chromium = chromium or find_chromium()
    target = Path(target)
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ehp-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", "--generate-pdf-document-outline",
                   f"--print-to-pdf={target}", report.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"Kunne ikke lage PDF med {chromium}: {exc}") from exc
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise BuildError(f"Chromium laget ingen PDF ({done.returncode}): {done.stderr.strip()[-500:]}")
    return target


def _validation_key(period: str, root: Path, shared: dict[str, Any]) -> str | None:
    """Hash of everything validating ``period`` reads: its inputs, its previous period's, the code."""
    try:
        params = load_parameters(period, root)
    except UsageError:
        return None
    previous = _previous_params(params, root)
    return _json_hash({
        "period": _period_inputs(params, root),
        "previous": _period_inputs(previous, root) if previous is not None else params.previous_period,
        "shared": shared,
    })


def check_inputs(plans: Sequence[PeriodPlan], root: Path, *, cache: _Cache | None = None,
                 shared: dict[str, Any] | None = None,
                 portfolio_files: dict[str, str] | None = None) -> dict[str, Any]:
    """Validate every period to be built (and its previous period) before any kernel starts.

    Parameters
    ----------
    plans : sequence of PeriodPlan
    root : Path
    cache : _Cache, optional
        Where to remember inputs that passed: a period whose inputs (its own, its previous period's and
        the code, hashed) passed before is not validated again. Without it every period is validated.
    shared : dict, optional
        The code part of the cache key (needed with ``cache``).
    portfolio_files : dict, optional
        Filled with period -> pickled validated portfolio in the cache (with ``cache``), for the kernels.

    Returns
    -------
    dict of str to Portfolio
        The periods validated now (not those skipped), loaded: the key figures need not load them again.

    Raises
    ------
    DataValidationError
        With every error of every period, so the analyst sees them all at once and no chapter runs.
    """
    problems = []
    loaded: dict[str, Any] = {}
    seen: set[str] = set()
    for plan in plans:
        for period in (plan.period, plan.params.previous_period):
            if not period or period in seen:
                continue
            seen.add(period)
            key = _validation_key(period, root, shared) if cache is not None and shared is not None else None
            if key is not None and cache.validated(key):
                stored = cache.portfolio_file(key)
                if stored is not None and portfolio_files is not None:
                    portfolio_files[period] = str(stored)
                continue
            from ..validate import validate_target

            result = validate_target(period, root)
            problems.extend(result.errors)
            if not result.errors:
                loaded[period] = result.portfolio
                if key is not None:
                    cache.mark_validated(key)
                    stored = cache.store_portfolio(key, result.portfolio)
                    if stored is not None and portfolio_files is not None:
                        portfolio_files[period] = str(stored)
    if problems:
        raise DataValidationError(problems)
    return loaded


def write_key_figures_output(params: PeriodParameters, folder: Path, *, loaded: dict[str, Any] | None = None) -> None:
    """The default extra output: ``key_figures.json`` for the period (and its previous period).

    Parameters
    ----------
    params : PeriodParameters
    folder : Path
    loaded : dict of str to Portfolio, optional
        Periods already loaded (by :func:`check_inputs`); the others are loaded here.
    """
    from ..metrics.key_figures import key_figures, write_key_figures
    from ..validate import load_period

    loaded = loaded or {}
    root = params.source.parent.parent if params.source else None

    def get(period: str):
        return loaded[period] if period in loaded else load_period(period, root)

    current = get(params.period)
    previous = get(params.previous_period) if params.previous_period else None
    write_key_figures(key_figures(current, previous), folder / "key_figures.json")


def _cached_key_figures(store: _Cache, shared: dict[str, Any], root: Path, *, force: bool,
                        loaded: dict[str, Any]) -> ExtraOutputs:
    """:func:`write_key_figures_output`, reusing ``key_figures.json`` while the data and code are the same.

    Its key is the period's and the previous period's parameters, data (commentary excluded) and
    reference files, and the code: what :func:`write_key_figures_output` reads.
    """

    def write(params: PeriodParameters, folder: Path) -> None:
        key = _json_hash({"data": _period_key_parts(params, _previous_params(params, root), root),
                          "shared": shared})
        target = folder / "key_figures.json"
        if not force and store.restore_file(params.period, "key_figures", key, target):
            return
        write_key_figures_output(params, folder, loaded=loaded)
        store.store_file(params.period, "key_figures", key, target)

    return write


def _callable_name(func: Callable | None) -> str | None:
    if func is None:
        return None
    func = getattr(func, "func", func)  # functools.partial
    if not hasattr(func, "__qualname__"):  # a callable object: its class
        func = type(func)
    return f"{func.__module__}.{func.__qualname__}"


def _assembly_key(plan: PeriodPlan, *, pdf: bool, extra_outputs: ExtraOutputs | None) -> str:
    """Hash of everything the assembled outputs depend on beyond the chapters' own keys."""
    return _json_hash({
        "inputs": plan.inputs,  # both periods' data and parameters, chapters.yaml, every notebook
        "chapters": [task.key for task in plan.tasks],  # code, versions, kernel
        "pdf": pdf,
        "extra_outputs": _callable_name(extra_outputs),
    })


def _up_to_date(plan: PeriodPlan) -> bool:
    """Whether the period's outputs are exactly what this build would write (so nothing needs doing).

    True when the last successful build recorded the same assembly key, its report is unchanged,
    every file it wrote is still there and no failed chapter is waiting in ``failed/``.
    """
    final = plan.final_dir
    try:
        record = json.loads((final / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("assembly_key") != plan.assembly_key:
        return False
    files = record.get("files")
    if not files or (final / "failed").exists() or not all((final / f).is_file() for f in files):
        return False
    try:
        return record.get("report_sha256") == sha256_file(final / "report.html")
    except OSError:
        return False


def _unchanged_result(plan: PeriodPlan, *, pdf: bool) -> BuildResult:
    results = [ChapterResult(t.chapter.file, t.chapter.title, 0.0, cached=True) for t in plan.tasks]
    return BuildResult(
        period=plan.period,
        output_dir=plan.final_dir,
        report=plan.final_dir / "report.html",
        record=plan.final_dir / RECORD_NAME,
        seconds=time.time() - plan.started,
        chapters=results,
        started=plan.started_at,
        finished=_now(),
        pdf=plan.final_dir / "report.pdf" if pdf else None,
        assembled=False,
    )


def _finish_period(plan: PeriodPlan, *, jobs: int, extra_outputs: ExtraOutputs | None,
                   pdf: bool = False) -> BuildResult:
    from .assemble import assemble_report

    _merge_work_dirs(plan)
    if extra_outputs is not None:
        extra_outputs(dataclasses.replace(plan.params, output_dir=plan.staging), plan.staging)
    report = assemble_report(plan.chapters, plan.params, plan.staging)
    pdf_path = write_pdf(report, plan.staging / "report.pdf") if pdf else None
    _write_record(plan, jobs)
    _swap_into_place(plan.staging, plan.final_dir)
    seconds = time.time() - plan.started
    log.info("Rapporten for %s er skrevet til %s (%s s)", plan.period, plan.final_dir / report.name,
             _seconds(seconds))
    return BuildResult(
        period=plan.period,
        output_dir=plan.final_dir,
        report=plan.final_dir / report.name,
        record=plan.final_dir / RECORD_NAME,
        seconds=seconds,
        chapters=[plan.results[t.chapter.file] for t in plan.tasks],
        started=plan.started_at,
        finished=_now(),
        pdf=plan.final_dir / pdf_path.name if pdf_path else None,
    )


def _keep_failed_notebook(plan: PeriodPlan, error: ChapterExecutionError) -> ChapterExecutionError:
    """Copy the failed chapter's executed notebook to ``<output folder>/failed/`` and say where it is."""
    task = next((t for t in plan.tasks if t.chapter.file == error.chapter), None)
    if task is None or not task.executed.is_file():
        return error
    failed_dir = plan.final_dir / "failed"
    if failed_dir.exists():
        shutil.rmtree(failed_dir)
    failed_dir.mkdir(parents=True)
    target = failed_dir / task.executed.name
    shutil.copyfile(task.executed, target)
    kept = ChapterExecutionError(error.chapter, error.cell, error.error, notebook_path=target)
    kept.__cause__ = error.__cause__
    return kept


def _log_failure(exc: BaseException) -> None:
    cause = exc.__cause__
    source = getattr(cause, "source", None)
    if source:
        first_line = next((line.strip() for line in str(source).splitlines() if line.strip()), "")
        log.error("%s (cellen begynner med «%s»)", exc, first_line)
    else:
        log.error("%s", exc)


@contextlib.contextmanager
def _quiet_papermill():
    """Papermill warns for every parameter a notebook does not declare; the chapters need not declare all."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


# ------------------------------------------------------------------------------------------- build


def _warm_up() -> None:
    """Import what finishing a period needs while the first kernels start, not after the last one ends.

    nbformat alone takes ~2 s to import here (jsonschema builds an RFC 3987 grammar on import); done
    in the otherwise idle main thread it overlaps the chapters instead of adding to the build's time.
    """
    from nbconvert import HTMLExporter  # noqa: F401  (assemble imports it when exporting)

    from . import assemble  # noqa: F401


def _drain(pending: dict[Future, tuple[PeriodPlan, ChapterTask]], results: dict[str, BuildResult],
           report_line: Progress, *, jobs: int, extra_outputs: ExtraOutputs | None, pdf: bool = False) -> None:
    """Collect chapters as they finish; finish a period when its last chapter is in.

    A failed chapter cancels its period's chapters that have not started; other periods go on.
    """
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            plan, task = pending.pop(future)
            if future.cancelled() or plan.error is not None:
                continue
            try:
                result = future.result()
            except Exception as exc:  # recorded; raised when the other periods are done
                plan.error = exc
                _log_failure(exc)
                for other, (other_plan, _) in list(pending.items()):
                    if other_plan is plan and other.cancel():
                        pending.pop(other)
                report_line(f"[{plan.period}] {task.chapter.file} feilet")
                continue
            plan.results[task.chapter.file] = result
            suffix = " (uendret)" if result.cached else ""
            report_line(f"[{plan.period}] {len(plan.results)}/{task.total} {task.chapter.file} … "
                        f"{_seconds(result.seconds)} s{suffix}")
            if len(plan.results) == len(plan.tasks):
                try:
                    results[plan.period] = _finish_period(plan, jobs=jobs, extra_outputs=extra_outputs, pdf=pdf)
                except Exception as exc:
                    plan.error = exc


def build_periods(
    periods: Sequence[str],
    *,
    root: Path | str | None = None,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    extra_outputs: ExtraOutputs | None = None,
    cache: bool = True,
    pdf: bool = False,
) -> list[BuildResult]:
    """Build the report of each period in ``periods``.

    Parameters
    ----------
    periods : sequence of str
        ``YYYY-MM`` names, each with a parameters file.
    root : Path, optional
        Project root (default: :func:`ehp_analysis.config.find_root`).
    force : bool
        Run every chapter, validate every period and assemble again, even when nothing changed.
    jobs : int, optional
        Chapters run at the same time, shared by all periods (default: the number of CPUs).
    progress : callable, optional
        Called with one line per finished chapter, e.g. ``"[2020-01] 3/9 strategi … 2,1 s"``
        (the CLI passes ``print``); lines are also logged at INFO.
    extra_outputs : callable, optional
        ``extra_outputs(params, folder)`` writes more files into the period's staging folder before
        assembly (e.g. ``key_figures.json``); ``params.output_dir`` is that folder.
    cache : bool
        Reuse unchanged chapters from ``<root>/.ehp-cache`` and store new ones there (also
        ``key_figures.json`` and which inputs passed validation). With the cache, a period whose
        outputs are exactly what this build would write (same inputs, notebooks, chapter list, code
        and versions; report and files intact) is left alone: no validation, no kernel, no assembly.
    pdf : bool
        Also print ``report.pdf`` with headless Chromium (checked before any chapter runs).

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
    UsageError, ConfigError
        For an unknown period or malformed parameters / ``chapters.yaml``.
    """
    root_path = paths(Path(root) if root else None).root
    chapters = load_chapters(root_path)
    if pdf:
        find_chromium()  # fail now, not after every chapter has run
    jobs = max(1, jobs or os.cpu_count() or 1)
    store = _Cache(root_path / CACHE_DIRNAME if cache else None)
    shared = _shared_key()
    periods = list(dict.fromkeys(periods))
    plans: list[PeriodPlan] = []
    results: dict[str, BuildResult] = {}
    ipc_dir = tempfile.mkdtemp(prefix="ehp-kernels-")

    def report_line(line: str) -> None:
        log.info(line)
        if progress is not None:
            progress(line)

    if extra_outputs is None:
        extra_outputs = write_key_figures_output
    named_outputs = extra_outputs
    try:
        for period in periods:
            plans.append(plan_period(period, root=root_path, chapters=chapters, shared_key=shared))
        to_build = []
        for plan in plans:
            plan.assembly_key = _assembly_key(plan, pdf=pdf, extra_outputs=named_outputs)
            if cache and not force and _up_to_date(plan):
                # Nothing changed since the last build: no validation, no kernel, no assembly, no write.
                for task in plan.tasks:
                    report_line(f"[{plan.period}] {task.position}/{task.total} {task.chapter.file} … "
                                f"{_seconds(0)} s (uendret)")
                results[plan.period] = _unchanged_result(plan, pdf=pdf)
            else:
                to_build.append(plan)
        # Inputs that passed validation before are not validated again (their hash is remembered).
        portfolio_files: dict[str, str] = {}
        loaded = check_inputs(to_build, root_path, cache=store if cache and not force else None, shared=shared,
                              portfolio_files=portfolio_files)
        for plan in to_build:
            wanted = (plan.period, plan.params.previous_period)
            for task in plan.tasks:
                task.portfolios.update({p: f for p, f in portfolio_files.items() if p in wanted})
        if extra_outputs is write_key_figures_output:
            extra_outputs = _cached_key_figures(store, shared, root_path, force=force, loaded=loaded)
        with _quiet_papermill(), ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ehp-chapter") as pool:
            pending: dict[Future, tuple[PeriodPlan, ChapterTask]] = {}
            for plan in to_build:
                for task in plan.tasks:
                    future = pool.submit(run_task, task, cache=store, force=force, ipc_dir=ipc_dir)
                    pending[future] = (plan, task)
            try:
                if pending:
                    _warm_up()
                _drain(pending, results, report_line, jobs=jobs, extra_outputs=extra_outputs, pdf=pdf)
            except BaseException:
                for future in pending:  # Ctrl-C: do not start what is still queued
                    future.cancel()
                raise
    finally:
        shutil.rmtree(ipc_dir, ignore_errors=True)
        for plan in plans:
            if isinstance(plan.error, ChapterExecutionError):
                plan.error = _keep_failed_notebook(plan, plan.error)
            if plan.staging.exists():
                shutil.rmtree(plan.staging, ignore_errors=True)
    errors = [plan.error for plan in plans if plan.error is not None]
    if errors:
        for extra in errors[1:]:
            log.error("%s", extra)
        raise errors[0]
    return [results[p.period] for p in plans]


def build_period(period: str, **kwargs: Any) -> BuildResult:
    """Build one period; see :func:`build_periods` for the keyword arguments."""
    return build_periods([period], **kwargs)[0]
