"""Norwegian wording for the years: chapter 2's "Utvikling over tid", the Tiltaksoversikt (Vedlegg 3), and the
words for projects that are back after an absence ("tilbake", never "nye")."""

from __future__ import annotations

from collections.abc import Sequence

from .currency import Currency, currency
from .format import count_word, join_list, month_year, number, project_count
from .labels import LABELS, Labels
from ..words import N_, _, ngettext

__all__ = [
    "HISTORY_LABELS",
    "history_intro_sentence",
    "history_starts_here_sentence",
    "history_movement_label",
    "history_budget_label",
    "history_budget_years_sentence",
    "history_currency_sentence",
    "history_gaps_sentence",
    "joined_sentence",
    "month_year_short",
    "TILTAK_LABELS",
    "bridge_step_labels",
    "tiltak_intro_sentence",
]

#: The months' abbreviations, January first, as column headers write them ("okt. 2019"; a short name stays whole).
MONTH_ABBREVIATIONS = (N_("jan."), N_("feb."), N_("mars"), N_("apr."), N_("mai"), N_("juni"), N_("juli"), N_("aug."),
                       N_("sep."), N_("okt."), N_("nov."), N_("des."))

HISTORY_LABELS = Labels({
    "projects_axis": N_("Antall prosjekter"),
    "budget_axis": N_("Samlet innrapportert budsjett ({mill})"),  # {mill}: the currency's, see currency.worded
    "share_axis": N_("Andel prosjekter"),
    "period": N_("Periode"),
    "budget_year": N_("budsjett {year}"),
    # The bridge's "joined" step when some of those who joined are back after an absence (not all new).
    "bridge_joined_with_returned": N_("Nye prosjekter og prosjekter tilbake"),
})


def month_year_short(period: str) -> str:
    """``"2019-10"`` -> ``"okt. 2019"`` (column headers where twelve periods share a line)."""
    year, month = (int(x) for x in str(period).split("-")[:2])
    return _("{month} {year}").format(month=_(MONTH_ABBREVIATIONS[month - 1]), year=year)


def history_starts_here_sentence() -> str:
    """What a chain of one period says instead of a figure over time (report.md: comparisons start later)."""
    return (_("Historikken i dette verktøyet starter med denne perioden. Utviklingen over tid vises fra og med "
            "neste rapportering."))


def history_intro_sentence(periods: Sequence[str], counts: Sequence[int]) -> str:
    """``Figurene viser de fire periodene fra oktober 2019 til januar 2020. Porteføljen har gått fra 54 til 54
    prosjekter.`` (``counts`` per period, oldest first)."""
    n = len(periods)
    first, last = month_year(periods[0]), month_year(periods[-1])
    sentence = _("Figurene og tabellen viser de {count_word} periodene fra {first} til {last}.").format(
        count_word=count_word(n), first=first, last=last)
    if counts[0] == counts[-1]:
        sentence += _(" Porteføljen har {project_count} nå, like mange som i {first}.").format(
            project_count=project_count(counts[-1]), first=first)
    else:
        sentence += _(" Porteføljen har gått fra {count_word} til {project_count}.").format(
            count_word=count_word(counts[0]), project_count=project_count(counts[-1]))
    return sentence


def history_budget_years_sentence(years: Sequence[int | None]) -> str:
    """Each period's budget is in its own budget year: said when the years differ along the chain."""
    distinct = sorted({int(y) for y in years if y is not None})
    if len(distinct) < 2:
        return ""
    return ngettext("Hver periodes budsjett gjelder periodens eget budsjettår ({years}), så budsjettene er ikke "
                    "direkte sammenlignbare over årsskiftet.",
                    "Hver periodes budsjett gjelder periodens eget budsjettår ({years}), så budsjettene er ikke "
                    "direkte sammenlignbare over årsskiftene.", len(distinct) - 1).format(
        years=join_list([str(y) for y in distinct]))


def _months_by_currency(periods: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """``[(period, code), …]`` -> ``{code: ["oktober 2019", …]}``, in order of first appearance."""
    by_code: dict[str, list[str]] = {}
    for period, code in periods:
        by_code.setdefault(code, []).append(month_year(period))
    return by_code


def history_currency_sentence(left_out: Sequence[tuple[str, str]], current: str) -> str:
    """Periods of the chain whose budgets are in another currency than the period's own: left out of the budget
    over time (amounts in two currencies are never compared), said with their currency; ``""`` when none.

    Parameters
    ----------
    left_out : sequence of (str, str)
        ``(period, currency code)``, oldest first (:func:`ehp_analysis.metrics.history.other_currency_periods`).
    current : str
        The period's own currency code.
    """
    if not left_out:
        return ""
    parts = [(_("for {months} er oppgitt i {code}") if i == 0 else _("for {months} i {code}")).format(
        months=join_list(months), code=code) for i, (code, months) in enumerate(_months_by_currency(left_out).items())]
    return ngettext("Budsjettet {parts}, ikke i {current} som nå. Beløp i ulike valutaer sammenlignes ikke, så det er "
                    "ikke med i figuren over samlet budsjett, og tabellen viser ikke budsjett for den perioden.",
                    "Budsjettene {parts}, ikke i {current} som nå. Beløp i ulike valutaer sammenlignes ikke, så de er "
                    "ikke med i figuren over samlet budsjett, og tabellen viser ikke budsjett for de periodene.",
                    len(left_out)).format(parts=_(" og ").join(parts), current=current)


def _months(n: float) -> str:
    """``"tre måneder"``, ``"én måned"``, ``"18 måneder"``, ``"4,5 måneder"`` (a median may fall between two)."""
    if n != int(n):
        return _("{number} måneder").format(number=number(n, 1, trim=True))
    n = int(n)
    return ngettext("{n} måned", "{n} måneder", n).format(n=count_word(n, neuter=False))


def history_gaps_sentence(gaps: Sequence) -> str:
    """The gaps of the chain (:func:`ehp_analysis.metrics.history.gaps`), each said once, then the usual
    interval: ``Det er 18 måneder mellom september 2019 og mars 2021. Ellers er det som regel tre måneder
    mellom to perioder.``; ``""`` without gaps."""
    if not gaps:
        return ""
    said = " ".join(_("Det er {months} mellom {month_year} og {month_year2}.").format(
        months=_months(g.months), month_year=month_year(g.before), month_year2=month_year(g.after))
                    for g in gaps)
    return _("{said} Ellers er det som regel {months} mellom to perioder.").format(
        said=said, months=_months(gaps[0].usual))


def history_movement_label(projects: int, joined, returned, left) -> str:
    """A bar's label: ``54 (inn 3, ut 3)``; ``54 (inn 3, herav 1 tilbake; ut 3)``; ``54`` for the first period."""
    label = number(projects)
    if joined is None or left is None:
        return label
    if returned:
        return _("{label} (inn {joined}, herav {returned} tilbake; ut {left})").format(
            label=label, joined=number(joined), returned=number(returned), left=number(left))
    return _("{label} (inn {joined}, ut {left})").format(label=label, joined=number(joined), left=number(left))


def history_budget_label(total, not_reported: int) -> str:
    """A bar's label: ``1 650,5 (11 uten budsjett)``; ``ikke rapportert`` when nothing was."""
    shown = _("ikke rapportert") if total is None else number(total, 1)
    return _("{shown} ({number} uten budsjett)").format(
        shown=shown, number=number(not_reported)) if not_reported and total is not None else shown


def joined_sentence(n_new: int, n_returned: int) -> str:
    """``Det er tre nye prosjekter i porteføljen ved denne rapporteringen, og ett prosjekt er tilbake etter et
    opphold.`` A project back after an absence is never called new."""
    from .sentences import new_projects_sentence

    sentence = new_projects_sentence(n_new)
    if n_returned:
        sentence = sentence[:-1] + _(", og {project_count} er tilbake etter et opphold.").format(
            project_count=project_count(n_returned))
    return sentence


def bridge_step_labels(steps, *, returned: bool) -> list[str]:
    """The budget bridge's steps as a reader sees them; the "joined" step says "tilbake" too when some of the
    projects that joined are back after an absence (they are not all new)."""

    return [HISTORY_LABELS["bridge_joined_with_returned"] if returned and str(s) == "joined"
            else LABELS["bridge"].get(str(s), str(s)) for s in steps]


# ------------------------------------------------------------------------- Vedlegg 3 – Tiltaksoversikt

TILTAK_LABELS = Labels({
    "organisation": N_("Ansvarlig virksomhet"),
    "owner": N_("Prosjekteier"),
    "type": N_("Type"),
    "phase": N_("Fase"),
    "focus_area": N_("Innsatsområde"),
    "goal": N_("Strategisk mål"),
    "other_goals": N_("også"),
    "budget": N_("Budsjett {year}"),
    "total_cost": N_("Totalkostnad"),
    "benefits": N_("Kvantifiserbare gevinster"),
    "benefits_not_answered": N_("ikke besvart"),
    "programme": N_("Del av program"),
    "members": N_("Prosjekter i programmet"),
    "status": N_("Status"),
    "risk": N_("Risiko"),
    "reasons": N_("Årsaker"),
    "timeline": N_("Status, risiko og budsjett per periode"),
    "period": N_("Periode"),
    "budget_row": N_("Budsjett"),
    "absent": N_("Ikke med"),
    "not_delivered": N_("Ikke levert"),
    "dependencies": N_("Avhengigheter"),
    "criticality": N_("kritikalitet {level}"),
    "dependents": N_("Prosjekter i porteføljen som avhenger av dette"),
    "warnings": N_("Tidlige varsler"),
    "types": {"program": N_("Program"), "prosjekt": N_("Prosjekt")},
})


def tiltak_intro_sentence(n_projects: int, periods: Sequence[str], budget_years: Sequence[int | None],
                          currencies: Sequence[str] | None = None) -> str:
    """What Vedlegg 3 holds: ``Her står hvert av de 54 prosjektene i porteføljen, sortert etter ID: …``
    (``currencies``: each period's currency code; when they differ, each period's budget is said to be in its own)."""
    which = _("hvert av de {count_word} prosjektene").format(
        count_word=count_word(n_projects)) if n_projects != 1 else "prosjektet"
    sentence = (_("Her står {which} i porteføljen, sortert etter ID: fakta, status og risiko med kommentarer, og "
                  "avhengighetene til og fra andre prosjekter.").format(which=which))
    if len(periods) > 1:
        sentence += (_(" For hver av periodene fra {month_year} til {month_year2} som prosjektet har vært med i, "
                       "vises status, risiko og budsjett; «Ikke med» markerer en periode prosjektet var ute av "
                       "porteføljen.").format(month_year=month_year(periods[0]), month_year2=month_year(periods[-1])))
        years = history_budget_years_sentence(budget_years)
        if years:
            sentence += " " + years
    else:
        sentence += " " + history_starts_here_sentence()
    others = [(p, c) for p, c in zip(periods, currencies or ()) if c != currency().code]
    if others:
        before = join_list([_("{mill} i {months}").format(mill=Currency(code).mill_code, months=join_list(months))
                            for code, months in _months_by_currency(others).items()])
        return sentence + (_(" Beløp i {mill} slik de er rapportert, men hver periodes budsjett i periodens egen "
                             "valuta ({before}); «–» betyr ikke rapportert.").format(
            mill=currency().mill, before=before))
    return sentence + _(" Beløp i {mill} slik de er rapportert; «–» betyr ikke rapportert.").format(
        mill=currency().mill)
