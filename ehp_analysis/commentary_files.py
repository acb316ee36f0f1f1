"""The office's commentary files, ``data/<period>/tekst/*.md``: read and checked, apart from the period's tables.

The commentary is not part of what a period's validation is remembered by (:func:`ehp_analysis.keys.period_inputs`):
a commentary edit validates nothing again. So it is read here on its own, by the validation, by the build before
any chapter runs (a file that is not UTF-8 stops it there) and whenever a stored period is loaded
(:func:`ehp_analysis.validated.with_texts`). No pandas: the build's commentary path imports none.
"""

from __future__ import annotations

from pathlib import Path

from .hashing import sha256
from .problems import Problem
from .words import _

__all__ = ["read_texts"]


def read_texts(folder: Path) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """The office's commentary in ``folder/tekst/*.md``: chapter -> text, ``tekst/<file>`` -> sha256, and a
    problem for each file that is not UTF-8.

    Read on its own as well as with the period: the commentary is not part of what a period's validation is
    remembered by (a change to it re-runs no validation), so a stored period gets its texts read afresh."""
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    tekst = Path(folder) / "tekst"
    if tekst.is_dir():
        for md in sorted(tekst.glob("*.md")):
            rel = f"tekst/{md.name}"
            files[rel] = sha256(md)
            try:
                texts[md.stem] = md.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(rel, None, None, None, _("teksten er ikke UTF-8; lagre den som UTF-8")))
    return texts, files, problems
