"""Programmes with their projects, the strategic areas' sections, and the changes since the previous period."""

from __future__ import annotations


import pandas as pd

from .format import *  # noqa: F403
from .currency import currency
from .labels import LABELS
from ..missing import is_missing as _is_missing


# --------------------------------------------------------------------------- sections, programmes, changes
#
# Added for issue 12 (section commentary, programmes, "Endringer siden forrige periode"); kept apart at the
# end so that the sentence layer above can be rewritten without touching these.


def programme_bullets(programmes: pd.DataFrame) -> list[str]:
    """One line per programme that projects name, with its projects, names first (a line never opens with an
    id): ``"Nasjonalt program for velferdsteknologi (5, Helsedirektoratet): Arkitektur og infrastruktur for
    velferdsteknologi (179)"``."""
    return [f"{row.name} ({row.id}, {row.organisation}): {join_list(f'{n} ({i})' for i, n in row.members)}"
            for row in programmes.itertuples(index=False) if row.members]


def programmes_without_members_sentence(programmes: pd.DataFrame) -> str:
    """``"Ingen prosjekter oppgir de ti øvrige programmene."``; ``""`` when every programme has projects."""
    n = sum(1 for members in programmes["members"] if not members)
    if n == 0:
        return ""
    if n == 1:
        return "Ingen prosjekter oppgir det øvrige programmet."
    return f"Ingen prosjekter oppgir de {count_word(n)} øvrige programmene."


def area_section_sentence(projects: int, budget, n_not_reported: int, budget_year, with_budget: bool) -> str:
    """A strategic area's section opens with its size: ``"Satsningsområdet har 17 prosjekter med samlet
    budsjett for 2020 på 673,5 mill. kroner; to av dem har ikke rapportert budsjett."``"""
    if projects == 0:
        return "Ingen prosjekter i porteføljen har dette som sitt primære satsningsområde."
    count = f"{count_word(projects)} {'prosjekt' if projects == 1 else 'prosjekter'}"
    if not with_budget:
        return f"Satsningsområdet har {count}."
    if n_not_reported == projects:
        return f"Satsningsområdet har {count}; ingen av dem har rapportert budsjett."
    year = f" for {budget_year}" if budget_year else ""
    sentence = f"Satsningsområdet har {count} med samlet budsjett{year} på {amount(budget, kroner=True)}"
    if n_not_reported:
        whom = "ett" if n_not_reported == 1 else count_word(n_not_reported)
        sentence += f"; {whom} av dem har ikke rapportert budsjett"
    return sentence + "."


CHANGE_LABELS = {
    "status": "Status", "risk": "Risiko", "focus_area": "Innsatsområde", "goal": "Strategisk mål",
    "budget": "Budsjett",
}


def changes_intro_sentence(n: int, previous_period: str, *, same_strategy: bool, threshold: str,
                           goals: bool = False, same_currency: bool = True) -> str:
    """What the change table shows, in words: ``n`` continuing projects changed since ``previous_period``
    (``goals``: the period's strategy has goals, so a change of main goal counts, not of focus area;
    ``same_currency`` False: the periods' amounts are in different currencies, so budgets are not compared)."""
    unit = "strategisk mål" if goals else "innsatsområde"
    fields = ["status", "risiko"] + ([unit] if same_strategy else []) + (["budsjett"] if same_currency else [])
    what = ", ".join(fields[:-1]) + " eller " + fields[-1]
    limit = f" (budsjett: {threshold})" if same_currency else ""
    since = f"Siden {month_year(previous_period)}"
    if n == 0:
        sentence = f"{since} har ingen videreførte prosjekter endret {what}{limit}."
    else:
        noun = "videreført prosjekt" if n == 1 else "videreførte prosjekter"
        sentence = (f"{since} har {count_word(n)} {noun} endret {what}{limit}. Tabellen viser"
                    " før og nå, med prosjektets egen kommentar der det har gitt en.")
    if not same_strategy:
        compared = "mål og satsningsområder" if goals else "innsatsområdene"
        sentence += f" Periodene bruker ulik strategi, så {compared} sammenlignes ikke."
    if not same_currency:
        sentence += " Periodene har beløpene i ulik valuta, så budsjettene sammenlignes ikke."
    return sentence


def _change_value(field: str, value) -> str:
    if field in ("status", "risk"):
        return LABELS["colours"].get(str(value), str(value))
    if field == "budget":
        return amount_as_reported(value) if not _is_missing(value) else "ikke rapportert"
    return str(value)


def change_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`ehp_analysis.metrics.changes.project_changes` for reading: ``id, name, organisation, changes,
    comment``, where ``changes`` is ``"Status: Gul → Rød; Budsjett (mill.): 50 → 70"`` and a missing comment
    is ``–``."""
    rows = []
    for row in frame.to_dict("records"):
        parts = []
        for field in row["changed"]:
            label = CHANGE_LABELS[field] + (f" ({currency().header})" if field == "budget" else "")
            parts.append(f"{label}: {_change_value(field, row[f'{field}_before'])} → {_change_value(field, row[field])}")
        comment = row.get("comment")
        rows.append({"id": row["id"], "name": row["name"], "organisation": row["organisation"],
                     "changes": "; ".join(parts), "comment": DASH if _is_missing(comment) else str(comment)})
    return pd.DataFrame(rows, columns=["id", "name", "organisation", "changes", "comment"])


def appendix_intro_sentence(n_projects: int, cutoff: str, order: str = "innsatsområde og ID") -> str:
    """Vedlegg 1's first sentence: "Alle de 54 prosjektene i porteføljen per 17. januar 2020, sortert etter
    innsatsområde og ID." (one project: "Det ene prosjektet …", without the order); ``""`` for none."""
    if n_projects <= 0:
        return ""
    if n_projects == 1:
        return f"Det ene prosjektet i porteføljen per {cutoff}."
    return f"Alle de {count_word(n_projects)} prosjektene i porteføljen per {cutoff}, sortert etter {order}."
