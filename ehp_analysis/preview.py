"""``ehp preview``: build a period, serve it on the loopback address, and rebuild and reload the page on a save.

The analyst's loop (report.md, "Preview"): one process builds the period (the build's own cache makes each
rebuild incremental), serves ``outputs/<period>/`` with Python's own HTTP server, and watches every input of the
build: the data folders of the whole project (a period's chain reads earlier periods), the parameters, the
commentary, the notebooks, the reference files the parameters name, and the package. A save starts a rebuild once
the files have been quiet for a moment, so several saves in quick succession give one rebuild.

The page learns of a new build through server-sent events (``/__ehp__/events``): on a good build it reloads and
scrolls back to where the reader was; a failed build shows the chapter, the cell and the error over the page,
with the last good report beneath (a failed build never replaces the outputs), and the next good build clears it.
The small script that does this is added to each HTML page as the server sends it; the report's files never hold
it. A change to the package itself re-executes the whole process (imported code cannot be reloaded safely); the
page reconnects by itself.

Between rebuilds the preview keeps warm what a build would otherwise start again (:class:`Warm`): the pre-imported
process the chapters' kernels are forked from (each chapter still gets a fresh fork; no kernel is ever reused) and
the build's own imports. With ``--site`` it builds and serves the website (:data:`SITE_FORMATS`) instead.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .config import load_parameters
from .exceptions import ChapterExecutionError, EhpError, UsageError
from .words import _

log = logging.getLogger(__name__)

__all__ = ["EVENTS_PATH", "SITE_FORMATS", "LiveState", "Warm", "Watcher", "bind", "inject", "preview", "snapshot"]

EVENTS_PATH = "/__ehp__/events"
#: Folders never watched: what the build writes, caches and tools.
IGNORED = frozenset({"outputs", ".ehp-cache", ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis",
                     ".ipynb_checkpoints", "node_modules", "demo", "arbeid", "test-artifacts", "build", "dist"})
#: Seconds the watched files must be quiet before a rebuild starts (a save still being written is waited for).
QUIET = 0.15
#: Seconds between looks at the watched files (one look at this project's ~300 files takes ~2 ms).
POLL = 0.05
#: What ``--site`` builds: the website with what it is cut from, without the PDF (a print per save would take
#: seconds; ``ehp build --site`` prints it).
SITE_FORMATS = ("key_figures", "html", "site")

_SCRIPT = """<script>/* ehp preview: added by the preview server, not part of the report */
(function () {
  let key = "ehp-preview-scroll:" + location.pathname;
  let kept = sessionStorage.getItem(key);
  if (kept !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(kept, 10)); }
  function overlay(state) {
    let box = document.getElementById("ehp-preview-error");
    if (!state || !state.error) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "ehp-preview-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;top:1rem;z-index:2147483647;background:#fff;" +
        "color:#6b0000;border:3px solid #b00020;padding:1rem 1.25rem;font:16px/1.4 sans-serif;" +
        "box-shadow:0 4px 24px rgba(0,0,0,.35);max-height:80vh;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "";
    let title = document.createElement("strong");
    title.textContent = state.title;
    box.appendChild(title);
    let text = document.createElement("div");
    text.textContent = state.error;
    box.appendChild(text);
  }
  let seen = null;
  let source = new EventSource("__EVENTS__");
  source.addEventListener("state", function (event) {
    let state = JSON.parse(event.data);
    if (seen !== null && state.build !== seen) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
      return;
    }
    seen = state.build;
    overlay(state);
  });
})();
</script>"""


def inject(page: bytes) -> bytes:
    """``page`` (an HTML document) with the live-reload script before its ``</body>``."""
    script = _SCRIPT.replace("__EVENTS__", EVENTS_PATH).encode()
    at = page.rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


@dataclass
class LiveState:
    """What the page is told: the number of the last good build, and the last build's error (empty: none)."""

    build: int = 0
    title: str = ""
    error: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, *, good: bool, title: str = "", error: str = "") -> None:
        with self.changed:
            if good:
                self.build += 1
            self.title, self.error = title, error
            self.changed.notify_all()

    def as_json(self) -> str:
        return json.dumps({"build": self.build, "title": self.title, "error": self.error}, ensure_ascii=False)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the period's output folder; HTML gets the live-reload script; ``/__ehp__/events`` streams state."""

    state: LiveState

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the standard library's name)
        log.debug("preview: " + format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802  (the standard library's name)
        if self.path.split("?")[0] == EVENTS_PATH:
            self._events()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html" if (path / "index.html").is_file() else path / "report.html"
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        body = inject(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            while True:
                with self.state.changed:
                    if seen == self.state.as_json():
                        self.state.changed.wait(timeout=15)
                    now = self.state.as_json()
                if now == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"event: state\ndata: {now}\n\n".encode())
                    seen = now
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def bind(folder: Path, state: LiveState, *, host: str, port: int, tries: int = 20) -> ThreadingHTTPServer:
    """An HTTP server on ``host``, at ``port`` or the next free one (a taken port is said, not fatal).

    Raises
    ------
    UsageError
        If none of ``tries`` ports from ``port`` is free, or ``host`` is not an address of this machine.
    """
    handler = type("PreviewHandler", (_Handler,), {"state": state})
    last: OSError | None = None
    for candidate in range(port, port + tries):
        try:
            server = ThreadingHTTPServer((host, candidate), partial(handler, directory=str(folder)))
        except OSError as exc:
            last = exc
            if candidate == port:
                print(_("Porten {port} er i bruk; prøver neste.").format(port=port), flush=True)
            continue
        server.daemon_threads = True
        return server
    raise UsageError(_("Fant ingen ledig port fra {first} til {last} på {host} ({error}). Velg en annen med "
                       "--port.").format(first=port, last=port + tries - 1, host=host, error=last))


def snapshot(folders: list[Path], files: list[Path]) -> dict[str, tuple[int, int]]:
    """The modification time and size of every file under ``folders`` (skipping :data:`IGNORED`) and ``files``."""
    found: dict[str, tuple[int, int]] = {}

    def walk(folder: Path) -> Iterator[os.DirEntry]:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name in IGNORED or entry.name.startswith(".#"):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from walk(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry

    for folder in folders:
        for entry in walk(folder):
            stat = entry.stat(follow_symlinks=False)
            found[entry.path] = (stat.st_mtime_ns, stat.st_size)
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass
class Watcher:
    """Polls the watched files; :meth:`wait` returns the changed paths once they have been quiet for a moment."""

    folders: list[Path]
    files: list[Path]
    quiet: float = QUIET
    poll: float = POLL

    def __post_init__(self) -> None:
        self.last = snapshot(self.folders, self.files)

    def wait(self, stop: threading.Event | None = None) -> set[str]:
        changed: set[str] = set()
        settled_at = None
        while stop is None or not stop.is_set():
            time.sleep(self.poll)
            now = snapshot(self.folders, self.files)
            moved = {p for p in now.keys() | self.last.keys() if now.get(p) != self.last.get(p)}
            self.last = now
            if moved:
                changed |= moved
                settled_at = time.monotonic() + self.quiet
            elif changed and settled_at is not None and time.monotonic() >= settled_at:
                return changed
        return changed


def _watched(period: str, root: Path) -> tuple[list[Path], list[Path]]:
    """The folders and single files every build of ``period`` may read (the whole project, and outside files)."""
    package = Path(__file__).resolve().parent
    params = load_parameters(period, root)
    files = [p for p in (params.strategy_file, params.organisations_file, params.early_warnings_file,
                         params.collection_limits_file) if p is not None]
    folders = [root]
    if root not in package.parents:
        folders.append(package)
    outside = [p for p in files if root not in p.parents]
    return folders, outside


def _failure(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, ChapterExecutionError):
        cell = _("celle {cell}").format(cell=exc.cell) if exc.cell is not None else _("ukjent celle")
        return _("Kapittelet «{chapter}» feilet i {cell}").format(chapter=exc.chapter, cell=cell), exc.error
    return _("Byggingen feilet"), str(exc)


def _rebuild(build: Callable[[], Any], state: LiveState) -> bool:
    try:
        build()
    except EhpError as exc:
        title, error = _failure(exc)
        print(f"{title}: {error}", file=sys.stderr, flush=True)
        state.publish(good=False, title=title, error=error)
        return False
    state.publish(good=True)
    return True


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM stop the preview cleanly, also when a shell started it with SIGINT ignored."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)


class Warm:
    """What the preview keeps between rebuilds: the pre-imported process the chapters' kernels are forked from
    (started again if it has gone; never a used kernel, whose state would leak from one build to the next), and
    the build's own imports, made in a thread after the first build."""

    def __init__(self, root: Path):
        from .report.build import start_zygote

        self.root = root
        self._zygote = start_zygote(root)

    def zygote(self) -> Any:
        from .report.build import start_zygote

        if self._zygote is not None and not self._zygote.alive():
            self._zygote.close()
            self._zygote = start_zygote(self.root)
        return self._zygote

    def import_in_background(self) -> None:
        from .report.build import warm_up

        threading.Thread(target=warm_up, name="ehp-preview-imports", daemon=True).start()

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None


def preview(period: str, *, root: Path, port: int = 8000, host: str = "127.0.0.1", open_browser: bool = True,
            site: bool = False, build: Callable[[], Any] | None = None, announce: Callable[[str], None] = print,
            stop: threading.Event | None = None) -> int:
    """Build ``period``, serve it and rebuild on every save until Ctrl-C (or ``stop``); returns the exit status.

    ``site``: build and serve the website (``site/``, :data:`SITE_FORMATS`) instead of ``report.html``.
    ``build`` builds the period (default: the build with its cache, progress lines printed, kernels forked from
    a process kept warm between rebuilds).
    """
    from .report.build import build_period

    params = load_parameters(period, root)
    warm = None
    if build is None:
        warm = Warm(root)
        formats = SITE_FORMATS if site else ("key_figures", "html")

        def build() -> Any:
            return build_period(period, root=root, formats=formats, zygote=warm.zygote(),
                                progress=lambda line: print(line, flush=True))
    try:
        return _serve(period, params, root=root, port=port, host=host, open_browser=open_browser, site=site,
                      build=build, announce=announce, stop=stop, warm=warm)
    finally:
        if warm is not None:
            warm.close()


def _serve(period: str, params: Any, *, root: Path, port: int, host: str, open_browser: bool, site: bool,
           build: Callable[[], Any], announce: Callable[[str], None], stop: threading.Event | None,
           warm: Warm | None) -> int:
    folders, files = _watched(period, root)
    package = Path(__file__).resolve().parent
    state = LiveState()
    first_ok = _rebuild(build, state)
    served = params.output_dir / "site" if site else params.output_dir
    if not first_ok and not (served / ("index.html" if site else "report.html")).is_file():
        return 1
    if warm is not None:
        warm.import_in_background()
    served.mkdir(parents=True, exist_ok=True)
    server = bind(served, state, host=host, port=port)
    address = f"http://{host}:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, name="ehp-preview-http", daemon=True).start()
    announce(address)
    announce(_("Forhåndsvisning av {period}: lagre en fil, så bygges rapporten på nytt. Ctrl-C avslutter.")
             .format(period=period))
    if open_browser:
        webbrowser.open(address)
    watcher = Watcher(folders, files)
    _stop_on_signals()
    try:
        while stop is None or not stop.is_set():
            changed = watcher.wait(stop)
            if not changed:
                continue
            if any(Path(p).is_relative_to(package) for p in changed):
                # Imported code (and what modules read at import) cannot be reloaded safely: start afresh.
                announce(_("Pakken er endret: starter forhåndsvisningen på nytt."))
                server.shutdown()
                server.server_close()
                if warm is not None:
                    warm.close()
                os.execv(sys.executable, [sys.executable, "-m", "ehp_analysis", "--root", str(root), "preview",
                                          period, "--port", str(server.server_address[1]), "--host", host,
                                          "--no-browser", *(["--site"] if site else [])])
            _rebuild(build, state)
    except KeyboardInterrupt:
        announce(_("Avslutter forhåndsvisningen."))
    finally:
        server.shutdown()
        server.server_close()
    return 0
