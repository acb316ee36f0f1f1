"""Vedlegg 1, the portfolio's projects: what its table holds, said above it."""

from __future__ import annotations

from .. import text
from ..metrics import appendix
from ..words import _

__all__ = ["intro"]


def intro(ch) -> None:
    """How many projects, as of when and in which order; the amounts' unit; and how programmes are shown."""
    goals = ch.current.reference.strategy.has_goals
    in_programme = appendix.programme_of(ch.current).notna().any()
    ch.text(text.appendix_intro_sentence(len(ch.current.projects), text.date(ch.params.cutoff),
                                         order=_("{unit} og ID").format(unit=text.strategy_unit(goals))),
            _("Budsjett og totalkostnad i {unit} slik de er rapportert; «–» betyr ikke rapportert.").format(
                unit=text.currency().mill),
            _("Et prosjekt som er del av et program, har programmet i parentes etter navnet.") if in_programme else "")
