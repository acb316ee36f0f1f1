"""Chapter 1, «Oppsummering»: the cell of its notebook that chooses what to show."""

from __future__ import annotations

from .. import text
from ..metrics import overview
from ..words import _

__all__ = ["not_delivered"]


def not_delivered(ch) -> None:
    """Which projects did not deliver this period (an incomplete period says so first), as a table when any."""
    missing = overview.not_delivered_projects(ch.current)
    ch.text(text.incomplete_period_note(missing), fields=("id", "ansvarlig_virksomhet"))
    if len(missing):
        ch.table(text.not_delivered_table(missing), name="ikke-levert",
                 caption=_("Prosjekter som ikke er levert denne perioden"), fields=("id", "navn", "ansvarlig_virksomhet"))
