"""Old or new, never mixed (collection.md): the swap of a collection's files, with a journal.

``ehp collect`` writes everything it changes in a period folder (the merged CSV files, the roster, the record,
the feedback folder) into one staging folder ``data/NEW/.innsamling-<pid>/ny/``. Then:

1. it writes the journal ``data/NEW/.innsamling-journal.json`` (atomically: a temporary file renamed), naming
   the staging folder, the names to install and the names to remove: from here on the new state is decided;
2. it renames each current file or folder among them into ``.innsamling-<pid>/gammel/``, then each new one
   from ``ny/`` into place;
3. it removes the staging folder, then the journal.

Rolling forward (:func:`_roll_forward`) is idempotent: a name whose new file is still in ``ny/`` is moved in
(after moving aside what is in its place); a name no longer in ``ny/`` is done. So after a kill at any moment
:func:`recover` finds either no journal (the old state, maybe with a staging folder left behind, which is
removed) or a journal it completes: the new state. ``ehp validate``, ``ehp build`` (through
:func:`ehp_analysis.load.read_folder`) and ``ehp collect`` call it first; ``ehp collect`` also removes what any
interrupted run left behind (``.innsamling-*``, ``.tilbakemelding-*``), whatever its process id. An exclusive
``flock`` on the period folder keeps two of them from doing it at once.

For tests: ``EHP_COLLECT_KILL_AT=k`` ends the process with ``os._exit`` at the k-th fault point (:func:`fault`),
so that no ``except``, ``finally`` or ``atexit`` runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

JOURNAL = ".innsamling-journal.json"
PREFIXES = (".innsamling-", ".tilbakemelding-")
NEW, OLD = "ny", "gammel"
_reached = 0


def fault(point: str) -> None:
    """A point where a test may kill the process (``EHP_COLLECT_KILL_AT``: the how-manyth point reached)."""
    global _reached
    at = os.environ.get("EHP_COLLECT_KILL_AT")
    if not at:
        return
    _reached += 1
    if _reached == int(at):
        os._exit(70)


@contextlib.contextmanager
def locked(folder: Path):
    """An exclusive lock on ``folder`` (``flock`` on the folder itself; no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def new_staging(folder: Path) -> Path:
    """A fresh staging folder ``.innsamling-<pid>`` with its ``ny/`` (what is to be installed) inside."""
    staging = folder / f".innsamling-{os.getpid()}"
    _remove(staging)
    (staging / NEW).mkdir(parents=True)
    return staging


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink(missing_ok=True)


def commit(folder: Path, staging: Path, install: list[str], remove: list[str]) -> None:
    """Swap ``staging/ny/<install>`` into ``folder`` and remove ``folder/<remove>``, all or nothing (module)."""
    fault("staged")
    plan = {"staging": staging.name, "install": list(install), "remove": list(remove)}
    tmp = folder / f".innsamling-journal-{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(plan, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / JOURNAL)
    fault("journal")
    _roll_forward(folder, plan)
    _remove(staging)  # before the journal goes: a kill here leaves the journal, whose completion removes the rest
    fault("cleaned")
    (folder / JOURNAL).unlink()


def _roll_forward(folder: Path, plan: dict) -> None:
    staging = folder / plan["staging"]
    new, old = staging / NEW, staging / OLD
    old.mkdir(parents=True, exist_ok=True)
    install = list(plan["install"])
    for name in install + list(plan["remove"]):
        if name in install and not os.path.lexists(new / name):
            continue  # already in place
        if os.path.lexists(folder / name):
            _remove(old / name)
            os.replace(folder / name, old / name)
            fault(f"aside {name}")
    for name in install:
        if os.path.lexists(new / name):
            os.replace(new / name, folder / name)
            fault(f"in {name}")


def recover(folder: Path, *, clean: bool = False) -> bool:
    """Complete a swap a killed collection left in ``folder`` (see module); with ``clean``, also remove every
    staging folder any interrupted run left. The caller holds :func:`locked`. Returns whether a swap was
    completed."""
    journal = folder / JOURNAL
    done = False
    if journal.is_file():
        plan = json.loads(journal.read_text(encoding="utf-8"))
        _roll_forward(folder, plan)
        _remove(folder / plan["staging"])
        journal.unlink()
        done = True
    if clean:
        for entry in folder.iterdir():
            if entry.name.startswith(PREFIXES):
                _remove(entry)
    return done


def recover_if_needed(folder: Path) -> None:
    """Before a period folder is read (``ehp validate``, ``ehp build``): complete an interrupted swap."""
    if (folder / JOURNAL).is_file():
        with locked(folder):
            recover(folder)
