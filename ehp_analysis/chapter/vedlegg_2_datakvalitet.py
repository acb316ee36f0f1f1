"""Vedlegg 2, data quality: what it shows, said first, and what was not reported per field."""

from __future__ import annotations

from .. import text
from ..metrics import quality
from ..words import _
from . import headings

__all__ = ["by_field", "intro"]


def intro() -> None:
    """What the appendix shows (a Markdown cell)."""
    headings.paragraph(_("Her vises hva som ikke er rapportert, per felt og per virksomhet, og advarslene fra"
                         " valideringen av innrapporteringen. Ikke rapportert telles aldri som null."))


def by_field(ch) -> None:
    """The values not reported, per field of the template."""
    ch.table(text.labelled(quality.completeness_by_field(ch.current)), name="kompletthet-per-felt",
             caption=_("Ikke rapporterte verdier per felt i innrapporteringen"), fields=("prosjekter",))
