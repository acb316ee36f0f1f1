"""Warm kernels: chapters' kernels forked from one process that has already imported everything.

A chapter's kernel spends most of its life importing pandas, matplotlib, seaborn, scipy and this package
(about 2,5 s of CPU each, against a few tenths of a second of the chapter's own work). On POSIX, the build
starts one *zygote* process at the beginning (it imports while the build validates the inputs); every
chapter's kernel is then a ``fork()`` of it, a copy-on-write child that starts an ipykernel with the
imports already done. Each chapter still gets a process of its own (nothing a chapter does is seen by
another), talks to the build over the same ZeroMQ connection file as a plain kernel, and is shut down,
interrupted and killed the same way (by pid).

Where there is no ``fork`` (Windows), or the zygote fails to start, or ``EHP_KERNELS=plain`` is set,
kernels are started the plain way (:class:`jupyter_client.provisioning.LocalProvisioner`).

The zygote speaks one JSON line per request on its stdin (``argv``, ``env``, ``cwd``, ``log``) and answers
one JSON line (``pid`` or ``error``) on its stdout. It ignores ``SIGCHLD`` so its exited children are
reaped at once; a kernel's exit is seen as its pid going away.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ..words import _

log = logging.getLogger("ehp_analysis")

# What every chapter imports; the zygote imports it once. The matplotlib backend is the one ipykernel
# would choose, set before matplotlib is imported (it reads MPLBACKEND at import).
WARM_MODULES = (
    "numpy", "pandas", "scipy.stats", "matplotlib", "matplotlib.pyplot", "seaborn", "babel.numbers",
    "markdown_it", "IPython", "ipykernel.kernelapp", "ehp_analysis.chapter", "ehp_analysis.plots",
    "ehp_analysis.metrics", "ehp_analysis.metrics.key_figures", "ehp_analysis.validate", "ehp_analysis.text",
)
# What starting an ipykernel imports on top (its shell, completer, store magic, tornado's queues): imported once in
# the zygote instead of in every forked kernel. ``ipykernel.debugger`` imports debugpy, whose debugger the forked
# kernels do without (see :func:`_child`).
KERNEL_START_MODULES = (
    "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "IPython.core.completerlib",
    "IPython.core.debugger", "IPython.extensions.storemagic", "tornado.platform.asyncio", "tornado.queues",
    "faulthandler", "psutil",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


_ZYGOTES: dict[str, Zygote] = {}


def zygote(zygote_id: str) -> Zygote | None:
    """The running zygote of that id (kernel managers are configured by id: configs are deep-copied)."""
    return _ZYGOTES.get(zygote_id) if zygote_id else None


def fork_available() -> bool:
    """Whether kernels can be forked here (POSIX with ``fork``, and not switched off by ``EHP_KERNELS=plain``)."""
    return hasattr(os, "fork") and os.name == "posix" and os.environ.get("EHP_KERNELS", "") != "plain"


class Zygote:
    """The pre-imported process that kernels are forked from (see the module docstring).

    Parameters
    ----------
    env : dict
        Its environment (the kernels' own is sent with each request).
    cwd : Path
        Its working directory.
    """

    def __init__(self, env: dict[str, str], cwd: Path):
        self._lock = threading.Lock()
        self._ready = False
        self.id = f"zygote-{os.getpid()}-{id(self)}"
        _ZYGOTES[self.id] = self
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ehp_analysis.report.kernels"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env={**env, "MPLBACKEND": INLINE_BACKEND}, cwd=str(cwd), text=True,
            bufsize=1)

    def _wait_ready(self) -> None:
        if self._ready:
            return
        line = self.process.stdout.readline()
        if json.loads(line or "{}").get("ready") is not True:
            raise OSError("the kernel zygote did not start")
        self._ready = True

    def fork(self, argv: list[str], env: dict[str, str], cwd: str, log_file: str) -> int:
        """Fork a kernel running ``argv`` (``python -m ipykernel_launcher -f <connection file>``); return its pid.

        Raises
        ------
        OSError
            If the zygote has gone or could not fork.
        """
        with self._lock:
            self._wait_ready()
            request = {"argv": list(argv), "env": dict(env), "cwd": str(cwd), "log": log_file}
            try:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                answer = json.loads(self.process.stdout.readline() or "{}")
            except (OSError, ValueError) as exc:
                raise OSError(f"the kernel zygote did not answer: {exc}") from exc
        if "pid" not in answer:
            raise OSError(f"the kernel zygote could not fork: {answer.get('error', 'no answer')}")
        return int(answer["pid"])

    def alive(self) -> bool:
        """Whether the zygote is still running (a kept zygote is started again when it is not)."""
        return self.process.poll() is None

    def close(self) -> None:
        """Stop the zygote (kernels already forked live on until they are shut down)."""
        _ZYGOTES.pop(self.id, None)
        try:
            self.process.stdin.close()
            self.process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):  # still importing, or stuck: nothing of it is needed now
            self.process.kill()
            self.process.wait()


class ForkedProcess:
    """The ``Popen``-like handle jupyter_client keeps of a forked kernel (not our child: watched by pid)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            import psutil

            try:
                gone = psutil.Process(self.pid).status() == psutil.STATUS_ZOMBIE
            except psutil.NoSuchProcess:
                gone = True
            if gone:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork_provisioner_class():
    """A jupyter_client provisioner that asks the zygote for the kernel instead of starting a process."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        """Launches the kernel as a fork of the build's zygote (see the module docstring)."""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):  # noqa: D102 - see class docstring
            km = self.parent
            # As jupyter_client's launch_kernel: the kernel watches the build and ends if it goes away.
            env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
            try:
                pid = km.zygote.fork(cmd, env, kwargs.get("cwd") or os.getcwd(), km.log_file)
            except OSError as exc:
                log.warning(_("Starter kjernen uten forhåndsimport ({reason}).").format(reason=exc))
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedProcess(pid)
            self.pid = pid
            self.pgid = pid  # the child makes itself a session (and group) leader
            self.cwd = kwargs.get("cwd")
            return self.connection_info

    return ForkProvisioner


# ------------------------------------------------------------------------------------- the zygote


def _child(request: dict) -> None:
    """In the forked child: become the kernel the request describes, then exit."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    # Never the zygote's stdout: that pipe is the build's line to the zygote.
    sink = os.open(request.get("log") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    argv = request["argv"]
    # argv is [python, -m, ipykernel_launcher, -f, file]: everything after the module is the kernel's.
    args = argv[argv.index("ipykernel_launcher") + 1:] if "ipykernel_launcher" in argv else argv[1:]
    sys.argv = ["ipykernel_launcher", *args]
    import ipykernel.debugger
    from ipykernel.kernelapp import launch_new_instance

    # A chapter run by the build is never debugged: no debugpy debugger (its start costs ~0,1 s a kernel). The
    # analyst's own kernels in Jupyter are plain ipykernels and keep theirs.
    ipykernel.debugger._is_debugpy_available = False

    launch_new_instance(argv=args)


def main() -> None:  # pragma: no cover - runs in its own process, tested through the build
    """Import what the chapters import, say ready, then fork a kernel for every request on stdin."""
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in (*WARM_MODULES, *KERNEL_START_MODULES):
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited kernels are reaped at once
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            request = json.loads(line)
            pid = os.fork()
        except (ValueError, OSError) as exc:
            out.write(json.dumps({"error": str(exc)}) + "\n")
            out.flush()
            continue
        if pid == 0:
            code = 0
            try:
                _child(request)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
            except BaseException:  # the kernel's own failure: its traceback goes to its log file
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()
    # stdin closed: the build is done with it. Nothing to write or clean up, so no interpreter teardown (tearing
    # down what the chapters import takes a few tenths of a second that the build would wait for).
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
