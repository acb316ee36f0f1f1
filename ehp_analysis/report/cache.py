"""The build's cache under ``<root>/.ehp-cache/``: executed chapters, single output files, validated periods.

Entries are found by key only (see :mod:`.plan` for what a key covers); nothing is ever looked up by
name or date, so a cache can make a build faster but never change what it writes.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .plan import ChapterTask

log = logging.getLogger("ehp_analysis")


class Cache:
    """Executed chapters kept under ``<root>/.ehp-cache/<period>/<chapter>/<key>/``.

    An entry holds the executed notebook and the files the chapter wrote. Only successful chapters are
    stored; storing a new entry removes the chapter's older ones for that period.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _entry(self, task: ChapterTask) -> Path:
        return self.folder / task.period / task.chapter.file / task.key

    def has(self, task: ChapterTask) -> bool:
        """Whether the chapter's result for this key is here (so restoring it needs no kernel)."""
        return self.folder is not None and (self._entry(task) / "notebook.ipynb").is_file()

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

    # The validated periods themselves, pickled, so a kernel need not read and validate them again. At least
    # this many are kept, and never one that the build running now uses (a chain may be longer than this).
    KEEP_PORTFOLIOS = 10

    def portfolio_file(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        path = self.folder / "portfolios" / f"{key}.pickle"
        return path if path.is_file() else None

    def store_portfolio(self, key: str, portfolio: Any) -> Path | None:
        """Pickle a validated period under its key (pruning is :meth:`prune_portfolios`' job)."""
        if self.folder is None:
            return None
        folder = self.folder / "portfolios"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(portfolio, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
        except (OSError, pickle.PicklingError) as exc:
            log.warning("Kunne ikke mellomlagre perioden: %s", exc)
            return None
        return folder / f"{key}.pickle"

    def prune_portfolios(self, in_use: set[str] = frozenset()) -> None:
        """Remove pickled periods beyond the newest :data:`KEEP_PORTFOLIOS`, keeping every key ``in_use``
        (touched, so they count as the newest): a build of a chain of 24 periods keeps all 24."""
        if self.folder is None or not (self.folder / "portfolios").is_dir():
            return
        folder = self.folder / "portfolios"
        try:
            for key in in_use:
                if (folder / f"{key}.pickle").is_file():
                    os.utime(folder / f"{key}.pickle")
            kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[self.KEEP_PORTFOLIOS:]:
                if old.stem not in in_use:
                    old.unlink(missing_ok=True)
        except OSError as exc:  # another build pruning at the same time: only costs time next build
            log.warning("Kunne ikke rydde i mellomlagrede perioder: %s", exc)

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
