"""The build's cache under ``<root>/.ehp-cache/``: executed chapters, single output files, validated periods.

Entries are found by key only (see :mod:`.plan` for what a key covers); nothing is ever looked up by
name or date, so a cache can make a build faster but never change what it writes. The validated periods are
:class:`ehp_analysis.validated.PeriodStore`'s, which every reader of periods shares; this adds the build's own.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from ..render.numbers import store_caption_starts
from ..validated import PeriodStore
from ..words import _
from .plan import ChapterTask

log = logging.getLogger("ehp_analysis")


class Cache(PeriodStore):
    """Executed chapters kept under ``<root>/.ehp-cache/<period>/<chapter>/<key>/``, beside the validated periods.

    An entry holds the executed notebook and the files the chapter wrote. Only successful chapters are
    stored; storing a new entry removes the chapter's older ones for that period.
    """

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

        self._replace(self._entry(task), fill, _("kapittelet {name}").format(name=task.chapter.file))

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
            log.warning(_("Kunne ikke mellomlagre {what}: {reason}").format(what=what, reason=exc))
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

    def store_captions(self, period: str, starts: dict[str, dict[str, int]]) -> None:
        """Keep the report's first caption numbers per chapter, for the chapters run in Jupyter."""
        if self.folder is not None:
            store_caption_starts(self.folder, period, starts)
