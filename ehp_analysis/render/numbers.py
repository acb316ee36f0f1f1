"""The report's caption numbers, known to a chapter run in Jupyter: the build records, in its cache, how many figures
and tables the report numbers before each chapter; a chapter run by hand reads them (never an output file).

Written by the build's assembly (:mod:`ehp_analysis.report.outputs`), read by :mod:`ehp_analysis.chapter.interactive`:
the file's name and form are kept here, below both.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path

from ..words import _

__all__ = ["CAPTIONS", "caption_starts", "store_caption_starts"]

log = logging.getLogger("ehp_analysis")

#: ``<cache>/<period>/@captions.json``, beside the period's chapters ("@" is never in a chapter name).
CAPTIONS = "@captions.json"
_KINDS = ("figures", "tables")


def store_caption_starts(cache_folder: Path, period: str, starts: dict[str, dict[str, int]]) -> None:
    """Keep ``starts`` (chapter -> ``{"figures": 2, "tables": 6}``) as the period's last report's numbers."""
    target = Path(cache_folder) / period / CAPTIONS
    tmp = target.with_name(f".tmp-{uuid.uuid4().hex[:8]}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(starts, sort_keys=True), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:  # a cache that cannot be written only costs numbers in Jupyter
        log.warning(_("Kunne ikke mellomlagre {what}: {reason}").format(what=CAPTIONS, reason=exc))
        tmp.unlink(missing_ok=True)


def caption_starts(cache_folder: Path, period: str, chapter: str) -> dict[str, int] | None:
    """How many figures and tables the period's last built report numbers before ``chapter``
    (``{"figures": 2, "tables": 6}``), or ``None`` when no build recorded it."""
    try:
        starts = json.loads((Path(cache_folder) / period / CAPTIONS).read_text(encoding="utf-8")).get(chapter)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(starts, dict) or not all(type(starts.get(k)) is int for k in _KINDS):
        return None
    return {k: starts[k] for k in _KINDS}
