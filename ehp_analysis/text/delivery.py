"""An incomplete period in words: the projects nobody delivered (``ikke_levert.csv``), for the first page."""

from __future__ import annotations

import pandas as pd

from .format import join_list, project_count
from .labels import LABELS
from ..words import _

NO_SUBMISSION, LEFT_OUT = "no_submission", "left_out"  # roster.REASONS codes



def _organisations(not_delivered: pd.DataFrame, reason: str | None = None) -> list[str]:
    """The organisations of the roster (those with ``reason`` only, when given), in alphabetical order."""
    frame = not_delivered if reason is None else not_delivered[not_delivered["reason"] == reason]
    return sorted({str(o) for o in frame["organisation"].dropna()})


def _by_organisation(not_delivered: pd.DataFrame) -> list[str]:
    """``Helse Nord RHF (tre prosjekter)`` per organisation, in alphabetical order."""
    counts = not_delivered["organisation"].fillna(_("ukjent virksomhet")).value_counts()
    return [f"{org} ({project_count(int(counts[org]))})" for org in sorted(counts.index)]


def incomplete_period_note(not_delivered: pd.DataFrame | None) -> str:
    """The first page's note on an incomplete period: how many projects were not delivered, from which
    organisations and why, and that they count neither as left nor in the budget bridge; ``""`` when complete.

    Parameters
    ----------
    not_delivered : DataFrame or None
        ``id, name, organisation, reason`` (:func:`ehp_analysis.metrics.overview.not_delivered_projects`).
    """
    if not_delivered is None or not len(not_delivered):
        return ""
    n = len(not_delivered)
    sentences = [_("Perioden er ikke komplett: {project_count} fra forrige rapportering er ikke levert denne "
                   "gangen, fra {join_list}.").format(
        project_count=project_count(n), join_list=join_list(_by_organisation(not_delivered)))]
    nothing = _organisations(not_delivered, NO_SUBMISSION)
    if nothing:
        sentences.append(_("Ingen innrapportering er kommet fra {join_list}.").format(join_list=join_list(nothing)))
    left_out = _organisations(not_delivered, LEFT_OUT)
    if left_out:
        sentences.append(_("Innleveringen fra {join_list} er holdt utenfor fordi den har feil, så rapporten er et "
                           "utkast.").format(join_list=join_list(left_out)))
    them = _("Prosjektet") if n == 1 else _("Prosjektene")
    sentences.append(_("{them} regnes ikke som avsluttet og er ikke med når endringen i samlet budsjett forklares.").format(
        them=them))
    return " ".join(sentences)


def incomplete_banner(not_delivered: pd.DataFrame | None) -> str:
    """One sentence for the report's title page when the period is incomplete; ``""`` when it is complete."""
    if not_delivered is None or not len(not_delivered):
        return ""
    left_out = _organisations(not_delivered, LEFT_OUT)
    draft = _("Utkast: ") if left_out else ""
    orgs = _organisations(not_delivered)
    who = _(" fra {join_list}").format(join_list=join_list(orgs)) if orgs else ""
    return (_("{draft}Perioden er ikke komplett; {project_count}{who} er ikke levert (se oppsummeringen).").format(
        draft=draft, project_count=project_count(len(not_delivered)), who=who))


def not_delivered_table(not_delivered: pd.DataFrame) -> pd.DataFrame:
    """The roster as the report's table shows it: ``id, name, organisation, not_delivered_reason`` in words."""
    out = not_delivered[["id", "name", "organisation"]].copy()
    out["not_delivered_reason"] = [LABELS["not_delivered"].get(str(r), "") if pd.notna(r) else ""
                                   for r in not_delivered["reason"]]
    return out


__all__ = ["incomplete_period_note", "incomplete_banner", "not_delivered_table"]
