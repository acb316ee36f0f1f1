"""An incomplete period in words: the projects nobody delivered (``ikke_levert.csv``), for the first page."""

from __future__ import annotations

import pandas as pd

from .format import *  # noqa: F403
from .labels import LABELS

NO_SUBMISSION, LEFT_OUT = "no_submission", "left_out"  # roster.REASONS codes

# Why a project is not delivered (roster.REASONS codes), as a reader of the report sees it.
LABELS.setdefault("not_delivered", {
    "no_submission": "Virksomheten har ikke levert",
    "left_out": "Innleveringen er holdt utenfor (feil)",
    "missing": "Mangler i innleveringen",
})


def _organisations(not_delivered: pd.DataFrame, reason: str | None = None) -> list[str]:
    """The organisations of the roster (those with ``reason`` only, when given), in alphabetical order."""
    frame = not_delivered if reason is None else not_delivered[not_delivered["reason"] == reason]
    return sorted({str(o) for o in frame["organisation"].dropna()})


def _by_organisation(not_delivered: pd.DataFrame) -> list[str]:
    """``Helse Nord RHF (tre prosjekter)`` per organisation, in alphabetical order."""
    counts = not_delivered["organisation"].fillna("ukjent virksomhet").value_counts()
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
    sentences = [f"Perioden er ikke komplett: {project_count(n)} fra forrige rapportering er ikke levert denne"
                 f" gangen, fra {join_list(_by_organisation(not_delivered))}."]
    nothing = _organisations(not_delivered, NO_SUBMISSION)
    if nothing:
        sentences.append(f"Ingen innrapportering er kommet fra {join_list(nothing)}.")
    left_out = _organisations(not_delivered, LEFT_OUT)
    if left_out:
        sentences.append(f"Innleveringen fra {join_list(left_out)} er holdt utenfor fordi den har feil, så"
                         " rapporten er et utkast.")
    them = "Prosjektet" if n == 1 else "Prosjektene"
    sentences.append(f"{them} regnes ikke som avsluttet og er ikke med når endringen i samlet budsjett forklares.")
    return " ".join(sentences)


def incomplete_banner(not_delivered: pd.DataFrame | None) -> str:
    """One sentence for the report's title page when the period is incomplete; ``""`` when it is complete."""
    if not_delivered is None or not len(not_delivered):
        return ""
    left_out = _organisations(not_delivered, LEFT_OUT)
    draft = "Utkast: " if left_out else ""
    orgs = _organisations(not_delivered)
    who = f" fra {join_list(orgs)}" if orgs else ""
    return (f"{draft}Perioden er ikke komplett; {project_count(len(not_delivered))}{who} er ikke levert"
            " (se oppsummeringen).")


def not_delivered_table(not_delivered: pd.DataFrame) -> pd.DataFrame:
    """The roster as the report's table shows it: ``id, name, organisation, not_delivered_reason`` in words."""
    out = not_delivered[["id", "name", "organisation"]].copy()
    out["not_delivered_reason"] = [LABELS["not_delivered"].get(str(r), "") if pd.notna(r) else ""
                                   for r in not_delivered["reason"]]
    return out


__all__ = ["incomplete_period_note", "incomplete_banner", "not_delivered_table"]
