"""The budget across two periods in words: budget years, the bridge told with names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .currency import currency
from .format import amount, capitalise, count_word, join_list, month_year, number, project_count
from .provenance import budget_years_phrase
from ..key_figure import key_figure, previous_figures
from .sentences import MOVERS_NAMED, named_projects, when_previous, amounts_compared
from ..words import _, ngettext


def budget_year_note(current_year: int | None, previous_year: int | None) -> str:
    """A note when the two periods report budgets for different years, else ``""``."""
    if None in (current_year, previous_year) or current_year == previous_year:
        return ""
    return (_("Merk at budsjettene nå gjelder {current_year}, mens tallene fra forrige rapportering gjelder "
              "{previous_year}; sammenligningen går altså på tvers av budsjettår.").format(
        current_year=current_year, previous_year=previous_year))


def budget_years_caption(current_year: int | None, previous_year: int | None) -> str:
    """The end of a caption of a table or figure comparing two periods' budgets: both budget years and the
    unit, `` (budsjett 2020 mot budsjett 2019, mill. kr)`` (:func:`budget_years_phrase`; the unit is the
    period's currency, :func:`~ehp_analysis.text.currency.currency`)."""
    return f" ({budget_years_phrase(current_year, previous_year)}, {currency().mill})"


def changes_caption(changed: pd.DataFrame, previous_period: str, budget_years: tuple[int | None, int | None]) -> str:
    """The caption of the table of continuing projects that changed
    (:func:`~ehp_analysis.metrics.changes.project_changes`); when a budget change is listed, it names both
    budget years (``budget_years``: this period's and the previous one's) and the unit."""
    caption = (_("Videreførte prosjekter som har endret seg siden {month_year}: før → nå, med prosjektets egen "
                 "kommentar").format(month_year=month_year(previous_period)))
    if any("budget" in fields for fields in changed["changed"]):
        caption += budget_years_caption(*budget_years)
    return caption


def no_bridge_sentence(kf: Mapping) -> str:
    """Why there is no budget bridge although there is a previous period and one of the two has a budget;
    ``""`` when there is a bridge, no previous period, no budget in either (:func:`budget_sentence` says so), or
    the previous period is in another currency (:func:`currency_change_sentence` says so)."""
    if not key_figure(kf, "previous_period") or key_figure(kf, "budget.bridge") or not amounts_compared(kf):
        return ""  # another currency before: currency_change_sentence says why there is no bridge
    now, before = key_figure(kf, "budget.total"), key_figure(kf, "previous.budget.total")
    if now is None and before is None:
        return ""  # the budget sentence says that nobody reported one, in either period
    which = _("i {when}").format(when=month_year(kf["period"])) if now is None else _("i {when}").format(when=when_previous(kf))
    return (_("Siden ingen prosjekter rapporterte budsjett {which}, kan endringen i samlet budsjett ikke forklares "
              "prosjekt for prosjekt.").format(which=which))


def owner_group_changes_sentence(appeared: Sequence[str], went: Sequence[str], n_common: int,
                                 previous_period: str) -> str:
    """Name the owner groups that appeared or went since the previous period; ``""`` when they are the same.

    Parameters
    ----------
    appeared, went : sequence of str
        Groups only in this period's organisations file / only in the previous period's.
    n_common : int
        Groups in both: what comparisons by owner group cover.
    previous_period : str
        ``YYYY-MM``.
    """
    if not appeared and not went:
        return ""

    def groups(names: Sequence[str]) -> str:
        return f"{'eiergruppen' if len(names) == 1 else 'eiergruppene'} {join_list(names)}"

    parts = ([_("{groups} kommet til").format(groups=groups(appeared))] if appeared else []) + \
        ([(_("{groups} har falt bort") if appeared else _("{groups} falt bort")).format(groups=groups(went))]
         if went else [])
    sentence = _("Siden {month_year} har {join}.").format(
        month_year=month_year(previous_period), join=_(", og ").join(parts))
    return (sentence + _(" Sammenligninger per eiergruppe gjelder de {number} eiergruppene som finnes i begge "
                         "periodene.").format(number=number(n_common)))


def bridge_sentence(kf: Mapping, bridge=None, projects: pd.DataFrame | None = None) -> str:
    """The budget change in words: how much, which projects stopped reporting a budget, the largest movers
    among the continuing projects, and what left and joined; ``""`` for a first period or without a bridge.

    Parameters
    ----------
    kf : mapping
        Key figures (``budget.bridge`` gives the amounts).
    bridge : BudgetBridge, optional
        :func:`ehp_analysis.metrics.overview.budget_bridge`, to name the projects that stopped reporting a
        budget and the largest movers; without it the amounts are told without names.
    projects : DataFrame, optional
        ``id, name, organisation`` of the period's projects, to name those that stopped reporting.
    """
    b = key_figure(kf, "budget.bridge")
    if not b or b.get("previous_total") is None:
        return ""
    when = when_previous(kf)
    before, now = b["previous_total"], b["total"]
    change = now - before
    if abs(change) < 0.05:
        sentences = [_("Samlet budsjett er uendret fra {when}, {amount}.").format(
            when=when, amount=amount(now, kroner=True))]
    else:
        direction = _("økt") if change > 0 else _("gått ned")
        sentences = [_("Samlet budsjett har {direction} med {amount}, fra {amount2} i {when} til {amount3} nå.").format(
            direction=direction, amount=amount(abs(change), kroner=True), amount2=amount(before),
            when=when, amount3=amount(now))]
    try:
        n_missing = len(bridge.not_delivered_ids)
    except AttributeError:  # no bridge at hand (or a hand-made one without the projects not delivered)
        n_missing = 0
    if n_missing:  # not delivered this time (ikke_levert.csv): outside the bridge, said apart
        had = key_figure(kf, "budget.not_delivered_previous_total")
        sentences.append(_("Tallet for {when} gjelder bare prosjekter som er levert nå: {project_count} som ikke "
                           "er levert denne gangen, er holdt utenfor").format(
            when=when, project_count=project_count(n_missing))
                         + (ngettext(" (det hadde {amount} i {when}).", " (de hadde {amount} i {when}).",
                                     n_missing).format(amount=amount(had), when=when) if had else "."))
    year = key_figure(kf, "budget.year")
    for_year = _(" for {year}").format(year=year) if year else _(" nå")
    stopped = b.get("stopped_reporting") or 0.0
    if abs(stopped) >= 0.05:
        ids = list(bridge.stopped_reporting_ids) if bridge is not None else []
        if ids and projects is not None:
            named, rest = named_projects(ids, projects)
            if rest:
                named.append(_("{count_word} {value} (se vedlegg 1)").format(
                    count_word=count_word(rest), value='annet' if rest == 1 else 'andre'))
            who = capitalise(project_count(len(ids)))
            sentences.append(_("{who} som rapporterte budsjett i {when}, har ikke rapportert budsjett{for_year}: "
                               "{join_list}.").format(
                who=who, when=when, for_year=for_year, join_list=join_list(named)))
            sentences.append(ngettext("Det hadde {amount} i {when}.", "De hadde til sammen {amount} i {when}.",
                                      len(ids)).format(amount=amount(abs(stopped)), when=when))
        else:
            sentences.append(_("Prosjekter som rapporterte budsjett i {when}, men ikke{for_year}, hadde til sammen "
                               "{amount}.").format(when=when, for_year=for_year, amount=amount(abs(stopped))))
    continuing = b.get("continuing_change") or 0.0
    if abs(continuing) >= 0.05:
        sentences.append((_("Prosjektene som har rapportert budsjett begge gangene, har til sammen økt "
                            "budsjettene med {amount}.") if continuing > 0 else
                          _("Prosjektene som har rapportert budsjett begge gangene, har til sammen redusert "
                            "budsjettene med {amount}.")).format(amount=amount(abs(continuing))))
        movers = bridge.movers if bridge is not None else None
        if movers is not None and len(movers):
            top = movers[movers["change"].abs() >= 0.05].head(MOVERS_NAMED)
            ups = [_("{name} ({organisation}) med {amount}").format(
                name=r.name, organisation=r.organisation,
                amount=amount(r.change)) for r in top.itertuples() if r.change > 0]
            downs = [_("{name} ({organisation}) med {amount}").format(
                name=r.name, organisation=r.organisation,
                amount=amount(-r.change)) for r in top.itertuples() if r.change < 0]
            parts = ([_("størst økning har {join_list}").format(join_list=join_list(ups))] if ups else []) + \
                ([_("størst nedgang har {join_list}").format(join_list=join_list(downs))] if downs else [])
            if parts:
                sentences.append(capitalise("; ".join(parts)) + ".")
    left, joined = b.get("left") or 0.0, b.get("joined") or 0.0
    n_left, n_new = len(key_figure(kf, "projects.left_ids") or []), len(key_figure(kf, "projects.new_ids") or [])
    flows = []
    if abs(left) >= 0.05:
        flows.append(ngettext("prosjektet som har gått ut, hadde {amount} i {when}",
                              "prosjektene som har gått ut, hadde {amount} i {when}", n_left).format(
            amount=amount(abs(left)), when=when))
    if abs(joined) >= 0.05:
        # "kommet til", not "nye": a project back after an absence joined too, and is not new (report.md).
        flows.append(ngettext("prosjektet som har kommet til, har {amount}",
                              "prosjektene som har kommet til, har {amount}", n_new).format(amount=amount(joined)))
    if flows:
        sentences.append(capitalise(_(", og ").join(flows)) + ".")
    started = b.get("started_reporting") or 0.0
    if abs(started) >= 0.05:
        n_started = len(bridge.started_reporting_ids) if bridge is not None else 0
        who = capitalise(project_count(n_started)) if n_started else _("Prosjekter")
        together = "" if n_started == 1 else _(" til sammen")
        sentences.append(_("{who} som ikke rapporterte budsjett i {when}, har nå{together} {amount}.").format(
            who=who, when=when, together=together, amount=amount(started)))
    return " ".join(s.replace("mill..", "mill.") for s in sentences)


