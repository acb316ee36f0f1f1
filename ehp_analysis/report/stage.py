"""Write aside, then swap: a period's outputs are built in a staging folder and replace the old ones at once.

A failed build leaves the previous outputs as they were; only the executed notebook of a failed chapter
is kept, in ``<output folder>/failed/``. Replacing a folder is two renames (the old folder out of the way,
the new one in), which works on Windows as on POSIX as long as no file in it is open.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..config import OUTPUT
from ..exceptions import BuildError, ChapterExecutionError
from ..words import _
from .plan import PeriodPlan


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


def prepare(plan: PeriodPlan) -> None:
    """Create the period's staging folder (and each chapter's work folder), removing stale ones first."""
    plan.final_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(plan.final_dir, plan.period)
    if plan.staging.exists():
        shutil.rmtree(plan.staging)
    (plan.staging / OUTPUT.notebooks).mkdir(parents=True)
    for task in plan.tasks:
        task.work_dir.mkdir(parents=True)


def discard(plan: PeriodPlan) -> None:
    """Remove the period's staging folder (after a swap it is gone already)."""
    if plan.staging.exists():
        shutil.rmtree(plan.staging, ignore_errors=True)


def merge_work_dirs(plan: PeriodPlan) -> None:
    """Move every chapter's files into the staging folder; two chapters writing one file is an error."""
    owner: dict[Path, str] = {}
    for task in plan.tasks:
        for path in sorted(p for p in task.work_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(task.work_dir)
            if rel in owner:
                raise BuildError(_(
                    "Kapitlene «{first}» og «{second}» skrev begge {file}: gi figurene og tabellene ulike navn."
                ).format(first=owner[rel], second=task.chapter.file, file=rel.as_posix()))
            owner[rel] = task.chapter.file
            target = plan.staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
    shutil.rmtree(plan.staging / ".work", ignore_errors=True)


def swap_into_place(staging: Path, final_dir: Path) -> None:
    """Replace ``final_dir`` by ``staging`` with two renames; the old folder is deleted afterwards."""
    old = final_dir.parent / f".old-{final_dir.name}-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    had_old = final_dir.exists()
    if had_old:
        try:
            final_dir.rename(old)
        except OSError as exc:
            raise BuildError(_(
                "Kunne ikke erstatte {folder} ({reason}). Er en fil der åpen i et annet program?"
            ).format(folder=final_dir, reason=exc)) from exc
    try:
        staging.rename(final_dir)
    except OSError as exc:
        if had_old:
            old.rename(final_dir)
        raise BuildError(_("Kunne ikke flytte den nye rapporten på plass i {folder}: {reason}").format(
            folder=final_dir, reason=exc)) from exc
    shutil.rmtree(old, ignore_errors=True)


def keep_failed_notebook(plan: PeriodPlan, error: ChapterExecutionError) -> ChapterExecutionError:
    """Copy the failed chapter's executed notebook to ``<output folder>/failed/`` and say where it is."""
    task = next((t for t in plan.tasks if t.chapter.file == error.chapter), None)
    if task is None or not task.executed.is_file():
        return error
    failed_dir = plan.final_dir / OUTPUT.failed
    if failed_dir.exists():
        shutil.rmtree(failed_dir)
    failed_dir.mkdir(parents=True)
    target = failed_dir / task.executed.name
    shutil.copyfile(task.executed, target)
    kept = ChapterExecutionError(error.chapter, error.cell, error.error, notebook_path=target)
    kept.__cause__ = error.__cause__
    return kept
