"""Run chapter notebooks: one papermill run per chapter, each in a kernel of its own.

Kernels: the notebooks run on the ``python3`` kernel, which jupyter_client starts with this process's
own Python (``sys.executable``) because the kernelspec's ``argv[0]`` is ``python``. The kernel gets
``EHP_ROOT``, a ``PYTHONPATH`` that puts this very ``ehp_analysis`` first (so the notebooks use the code
that builds them) and ``EHP_PORTFOLIOS``, the validated periods the chapter declared, pickled by the build.
On POSIX it talks over IPC sockets in a private folder: no TCP ports to collide on when kernels start in
parallel (papermill #511) and no "Kernel is running over TCP without encryption" warning; elsewhere
(Windows) over TCP, encrypted with CURVE when pyzmq has it.

:func:`run_task` is where a chapter is restored from the cache or executed; the executor is a parameter,
so the orchestration can be tested with a stand-in that runs no kernel.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import PACKAGE_DIR
from ..exceptions import ChapterExecutionError
from ..keys import KERNEL_NAME
from ..words import _
from . import kernels
from .cache import Cache
from .plan import ChapterTask

log = logging.getLogger("ehp_analysis")

STARTUP_ATTEMPTS = 3
# Kernel start-up failures worth another try (port collisions, a kernel too slow to answer).
_STARTUP_FAILURE = re.compile(r"Kernel didn't respond|Kernel died before replying|Address already in use", re.I)

Executor = Callable[..., None]


@dataclass
class ChapterResult:
    """How one chapter went."""

    chapter: str
    title: str
    seconds: float
    cached: bool = False
    attempts: int = 1


def _kernel_client_class():
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class EhpKernelClient(AsyncKernelClient):
        """jupyter_client's client, ready as soon as the kernel is.

        jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been silent for 0,2 s, a fixed
        wait on every chapter's path. Nothing of it is needed: nbclient only takes IOPub messages whose parent
        is the cell it runs, so the kernel_info status messages left there are passed over. Otherwise the same:
        ready when a ``kernel_info_reply`` has come and IOPub has delivered a message (it is connected).
        """

        async def wait_for_ready(self, timeout: float | None = None) -> None:  # noqa: D102 - see class docstring
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:
                            await self.iopub_channel.get_msg(timeout=0.2)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    return EhpKernelClient


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict, Unicode, default

    fork_provisioner = kernels.fork_provisioner_class()
    client_class = _kernel_client_class()

    class EhpKernelManager(AsyncKernelManager):
        """Starts the kernel with the build's environment, over IPC where the platform has it, forked
        from the build's zygote when there is one (:mod:`.kernels`), with a client that is ready as soon as
        the kernel is, and a shutdown watched every 10 ms rather than every 100 ms."""

        @default("client_factory")
        def _client_factory_default(self):
            return client_class

        extra_env = Dict(config=True, help="Variables added to the kernel's environment.")
        ipc_dir = Unicode("", config=True, help="Folder for the kernel's IPC sockets.")
        log_file = Unicode("", config=True, help="File for the kernel process's own stdout/stderr.")
        zygote_id = Unicode("", config=True, help="The pre-imported process to fork kernels from (kernels.zygote).")

        @property
        def zygote(self):
            return kernels.zygote(self.zygote_id)

        async def _async_pre_start_kernel(self, **kw):
            if self.zygote is not None and self.provisioner is None:
                self.provisioner = fork_provisioner(kernel_id=self.kernel_id or kw.get("kernel_id") or
                                                    str(uuid.uuid4()), kernel_spec=self.kernel_spec, parent=self)
            return await super()._async_pre_start_kernel(**kw)

        async def _async_finish_shutdown(self, waittime=None, pollinterval: float = 0.01, restart=False):
            # jupyter_client looks every 0,1 s whether the kernel has gone: most of a chapter's shutdown.
            return await super()._async_finish_shutdown(waittime, pollinterval=0.01, restart=restart)

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
ENGINE_NAME = "ehp"
_ENGINE_REGISTERED = False


def _register_engine() -> None:
    """papermill's nbclient engine, writing the executed notebook when the chapter ends, not at every cell.

    papermill writes the whole notebook (JSON and schema check) when each cell starts and when it ends, so a
    notebook watched while it runs shows its progress; nobody watches a chapter under the build. It was 246
    writes for 2020-01's ten chapters, ~0,75 s of the build's own process. The notebook is still written
    when the chapter ends, done or failed (papermill then writes it once more with its error marked).
    """
    global _ENGINE_REGISTERED
    if _ENGINE_REGISTERED:
        return
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class FinalSaveManager(NotebookExecutionManager):
        def save(self, **kwargs: Any) -> None:
            if self.end_time is not None:  # set by notebook_complete, done or failed
                super().save(**kwargs)

    class EhpEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs: Any):
            # As papermill's Engine.execute_notebook, with the manager above.
            nb_man = FinalSaveManager(nb, output_path=output_path, progress_bar=progress_bar,
                                      log_output=log_output, autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(ENGINE_NAME, EhpEngine)
    _ENGINE_REGISTERED = True


def kernel_environment(root: Path) -> dict[str, str]:
    """What every chapter's kernel gets on top of the build's environment.

    ``PYTHONHASHSEED`` is fixed so that set and dict-of-set orders are the same in every kernel process
    and every build (two builds of the same inputs must write the same bytes).
    """
    pythonpath = os.pathsep.join(p for p in (str(PACKAGE_DIR.parent), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": pythonpath, "EHP_ROOT": str(root), "PYTHONHASHSEED": "0"}


def load_driver() -> None:
    """Import papermill and jupyter_client and make the kernel manager, once, before chapters' threads start.

    Two threads importing ``jupyter_client.manager`` at the same time can see it half-initialised (an
    ImportError); the build calls this in its main thread while the zygote imports.
    """
    global _KM_CLASS
    with _KM_LOCK:
        import papermill  # noqa: F401

        if _KM_CLASS is None:
            _KM_CLASS = _kernel_manager_class()
        _register_engine()


def _engine_kwargs(task: ChapterTask, ipc_dir: str, log_file: str = "", zygote: Any = None) -> dict[str, Any]:
    from traitlets.config import Config

    load_driver()
    settings: dict[str, Any] = {
        "extra_env": {**kernel_environment(task.cwd), "EHP_MALFORM": task.malform,
                      **({"EHP_PORTFOLIOS": json.dumps(task.portfolios)} if task.portfolios else {})},
        "ipc_dir": ipc_dir,
        "log_file": log_file,
        "zygote_id": zygote.id if zygote is not None else "",
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


def execute_notebook(task: ChapterTask, *, ipc_dir: str, start_timeout: float = 60, zygote: Any = None) -> None:
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
            engine_name=ENGINE_NAME,
            progress_bar=False,
            log_output=False,
            start_timeout=start_timeout,
            **_engine_kwargs(task, ipc_dir, str(log_file), zygote),
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
    from nbformat.reader import NotJSONError

    if isinstance(exc, NotJSONError):  # e.g. a save still being written when the preview looked
        return ChapterExecutionError(task.chapter.file, None, _(
            "notatboken {path} er ikke en hel notatbok (ikke gyldig JSON); lagre den på nytt").format(path=task.notebook))
    return ChapterExecutionError(task.chapter.file, None, f"{type(exc).__name__}: {exc}")


@contextlib.contextmanager
def quiet_papermill():
    """Papermill warns for every parameter a notebook does not declare; the chapters need not declare all."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_task(task: ChapterTask, *, cache: Cache | None = None, force: bool = False, ipc_dir: str | None = None,
             attempts: int = STARTUP_ATTEMPTS, executor: Executor | None = None) -> ChapterResult:
    """Execute one chapter (or restore it from the cache) into its staging place.

    Parameters
    ----------
    task : ChapterTask
    cache : Cache, optional
        Where executed chapters are kept; ``None`` for no cache.
    force : bool
        Run the notebook even when the cache has it (the new result is stored).
    ipc_dir : str, optional
        Folder for kernel sockets (a private temporary folder if not given).
    attempts : int
        How many times to try starting a kernel that fails to start.
    executor : callable, optional
        ``executor(task, ipc_dir=...)`` writes ``task.executed`` and the chapter's files into
        ``task.work_dir`` (default: :func:`execute_notebook`, papermill in a fresh kernel).

    Returns
    -------
    ChapterResult

    Raises
    ------
    ChapterExecutionError
        If the notebook raised; the executed notebook with the error is at ``task.executed``.
    """
    cache = cache or Cache(None)
    start = time.perf_counter()
    if not force and cache.restore(task):
        return ChapterResult(task.chapter.file, task.chapter.title, time.perf_counter() - start, cached=True)
    own_dir = None
    if ipc_dir is None:
        ipc_dir = own_dir = tempfile.mkdtemp(prefix="ehp-kernels-")
    try:
        for attempt in range(1, attempts + 1):
            try:
                (executor or execute_notebook)(task, ipc_dir=ipc_dir)
                break
            except Exception as exc:
                if attempt < attempts and _is_startup_failure(exc):
                    log.warning(_("Kjernen for {chapter} startet ikke ({reason}); prøver igjen ({attempt}/{of}).").format(
                        chapter=task.chapter.file, reason=exc, attempt=attempt + 1, of=attempts))
                    time.sleep(0.5 * attempt)
                    continue
                raise _chapter_error(task, exc) from exc
    finally:
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
    cache.store(task)
    return ChapterResult(task.chapter.file, task.chapter.title, time.perf_counter() - start, attempts=attempt)
