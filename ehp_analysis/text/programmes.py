"""Programmes with their projects, the strategic areas' sections, and the changes since the previous period."""

from __future__ import annotations


import pandas as pd

from .format import DASH, amount, amount_as_reported, count_word, join_list, month_year, project_count
from .currency import currency
from ..missing import is_missing
from .labels import LABELS, Labels
from ..words import N_, _


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
        return _("Ingen prosjekter oppgir det øvrige programmet.")
    return _("Ingen prosjekter oppgir de {count_word} øvrige programmene.").format(count_word=count_word(n))


def area_section_sentence(projects: int, budget, n_not_reported: int, budget_year, with_budget: bool) -> str:
    """A strategic area's section opens with its size: ``"Satsningsområdet har 17 prosjekter med samlet
    budsjett for 2020 på 673,5 mill. kroner; to av dem har ikke rapportert budsjett."``"""
    if projects == 0:
        return _("Ingen prosjekter i porteføljen har dette som sitt primære satsningsområde.")
    count = project_count(projects)
    if not with_budget:
        return _("Satsningsområdet har {count}.").format(count=count)
    if n_not_reported == projects:
        return _("Satsningsområdet har {count}; ingen av dem har rapportert budsjett.").format(count=count)
    year = _(" for {year}").format(year=budget_year) if budget_year else ""
    sentence = _("Satsningsområdet har {count} med samlet budsjett{year} på {amount}").format(
        count=count, year=year, amount=amount(budget, kroner=True))
    if n_not_reported:
        whom = count_word(n_not_reported)
        sentence += _("; {whom} av dem har ikke rapportert budsjett").format(whom=whom)
    return sentence + "."


CHANGE_LABELS = Labels({
    "status": N_("Status"), "risk": N_("Risiko"), "focus_area": N_("Innsatsområde"), "goal": N_("Strategisk mål"),
    "budget": N_("Budsjett"),
})


def changes_intro_sentence(n: int, previous_period: str, *, same_strategy: bool, threshold: str,
                           goals: bool = False, same_currency: bool = True) -> str:
    """What the change table shows, in words: ``n`` continuing projects changed since ``previous_period``
    (``goals``: the period's strategy has goals, so a change of main goal counts, not of focus area;
    ``same_currency`` False: the periods' amounts are in different currencies, so budgets are not compared)."""
    unit = _("strategisk mål") if goals else _("innsatsområde")
    fields = [_("status"), _("risiko")] + ([unit] if same_strategy else []) + ([_("budsjett")] if same_currency else [])
    what = _("{fields} eller {last}").format(fields=", ".join(fields[:-1]), last=fields[-1])
    limit = _(" (budsjett: {threshold})").format(threshold=threshold) if same_currency else ""
    since = _("Siden {when}").format(when=month_year(previous_period))
    if n == 0:
        sentence = _("{since} har ingen videreførte prosjekter endret {what}{limit}.").format(
            since=since, what=what, limit=limit)
    else:
        noun = _("videreført prosjekt") if n == 1 else _("videreførte prosjekter")
        sentence = (_("{since} har {count_word} {noun} endret {what}{limit}. Tabellen viser før og nå, med "
                      "prosjektets egen kommentar der det har gitt en.").format(
            since=since, count_word=count_word(n), noun=noun, what=what, limit=limit))
    if not same_strategy:
        compared = _("mål og satsningsområder") if goals else _("innsatsområdene")
        sentence += _(" Periodene bruker ulik strategi, så {compared} sammenlignes ikke.").format(compared=compared)
    if not same_currency:
        sentence += _(" Periodene har beløpene i ulik valuta, så budsjettene sammenlignes ikke.")
    return sentence


def _change_value(field: str, value) -> str:
    if field in ("status", "risk"):
        return LABELS["colours"].get(str(value), str(value))
    if field == "budget":
        return amount_as_reported(value) if not is_missing(value) else _("ikke rapportert")
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
                     "changes": "; ".join(parts), "comment": DASH if is_missing(comment) else str(comment)})
    return pd.DataFrame(rows, columns=["id", "name", "organisation", "changes", "comment"])


def appendix_intro_sentence(n_projects: int, cutoff: str, order: str | None = None) -> str:
    """Vedlegg 1's first sentence: "Alle de 54 prosjektene i porteføljen per 17. januar 2020, sortert etter
    innsatsområde og ID." (one project: "Det ene prosjektet …", without the order); ``""`` for none."""
    if n_projects <= 0:
        return ""
    if n_projects == 1:
        return _("Det ene prosjektet i porteføljen per {cutoff}.").format(cutoff=cutoff)
    return _("Alle de {count_word} prosjektene i porteføljen per {cutoff}, sortert etter {order}.").format(
        count_word=count_word(n_projects), cutoff=cutoff, order=_("innsatsområde og ID") if order is None else order)
