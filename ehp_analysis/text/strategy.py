"""Chapter 3 for a strategy with goals (2023-2030), and what is said when the strategy changed between periods."""

from __future__ import annotations

from collections.abc import Sequence

from .format import amount, capitalise, count_word, month_year, project_count
from .provenance import moved_sentence
from ..words import _, ngettext

__all__ = ["goals_intro", "strategy_change_sentence", "goal_section_sentence", "moved_goal_sentence",
           "strategy_unit", "assignment_note", "sections_heading"]



def strategy_unit(has_goals: bool, *, plural: bool = False) -> str:
    """What a project is placed under in the strategy: ``"strategisk mål"`` or ``"innsatsområde"``."""
    if has_goals:
        return _("strategiske mål") if plural else _("strategisk mål")
    return _("innsatsområder") if plural else _("innsatsområde")


def goals_intro(name: str, goals: dict[str, str]) -> str:
    """The strategy's goals as a numbered list in Markdown, introduced by the strategy's name."""
    items = "\n".join(f"{code}. {goal}" for code, goal in goals.items())
    return (_("{value} har {count_word} strategiske mål. Hvert prosjekt oppgir ett hovedmål det først og fremst "
              "støtter, og kan i tillegg oppgi andre mål det også støtter:\n\n{items}").format(
        value=name or _("Nasjonal e-helsestrategi"), count_word=count_word(len(goals)), items=items))


def _described(name: str, has_goals: bool, n: int) -> str:
    """``"Nasjonal e-helsestrategi 2023–2030 med sine fem strategiske mål"`` (or its areas)."""
    what = _("strategiske mål") if has_goals else _("satsningsområder")
    return _("{name} med sine {count_word} {what}").format(name=name, count_word=count_word(n), what=what)


def sections_heading(has_goals: bool) -> str:
    """The heading over the per-area (or per-goal) part of chapter 3."""
    return _("## Strategiske mål") if has_goals else _("## Innsatsområdene")


def assignment_note(has_goals: bool, compared: bool = True) -> str:
    """How projects are placed under the strategy, said once above the table (``compared``: the chapter compares
    goals with the previous period, so how a project that changed main goal counts is said too)."""
    if has_goals:
        return (_("Hvert prosjekt angir ett hovedmål og eventuelt andre mål det også støtter. Budsjettet telles under "
                "hovedmålet, slik at det bare telles én gang; tabellen viser også hvor mange prosjekter som støtter "
                "hvert mål i alt.") + (_(" Et prosjekt som har byttet hovedmål, telles under det gamle i forrige periode"
                                      " og under det nye nå.") if compared else ""))
    return (_("Hvert prosjekt angir ett innsatsområde det primært understøtter; analysene bruker det primære "
            "innsatsområdet. Et prosjekt som har byttet innsatsområde, telles under det gamle i forrige periode og "
            "under det nye nå."))


def _shape(strategy) -> tuple[str, bool, int]:
    goals = bool(strategy.goals)
    return (strategy.name or _("strategien {version}").format(version=strategy.version), goals,
            len(strategy.goals) if goals else len(strategy.areas))


def strategy_change_sentence(current, previous, previous_period: str) -> str:
    """Said instead of a comparison when the strategy changed: no area or goal is compared across the change.

    Parameters
    ----------
    current, previous : Strategy
        Each period's strategy (:class:`ehp_analysis.reference.Strategy`: its name, version, goals or areas).
    previous_period : str
        ``YYYY-MM`` of the previous period.
    """
    name, goals, n = _shape(current)
    before_name, before_goals, before_n = _shape(previous)
    reason = (_("Et strategisk mål er ikke det samme som et satsningsområde") if goals != before_goals
              else _("Inndelingene er ikke de samme"))
    return (_("Porteføljen rapporteres nå mot {described}; i {month_year} ble den rapportert mot {described2}. "
              "{reason}, så kapitlet sammenligner ikke fordelingen med forrige periode. Antall prosjekter, "
              "budsjett og status sammenlignes som før i de andre kapitlene.").format(
        described=_described(name, goals, n),
        month_year=month_year(previous_period), described2=_described(before_name, before_goals, before_n),
        reason=reason))


def goal_section_sentence(projects: int, supporting: int, budget, n_not_reported: int, budget_year,
                          with_budget: bool) -> str:
    """A goal's section opens with its size: ``"Tre prosjekter har målet som hovedmål, med samlet budsjett for 2023
    på 120,5 mill. kroner; ett av dem har ikke rapportert budsjett. Til sammen fem prosjekter støtter målet."``"""
    others = supporting - projects
    if projects == 0:
        if supporting == 0:
            return _("Ingen prosjekter har dette målet som hovedmål eller oppgir at de støtter det.")
        return (_("Ingen prosjekter har dette målet som hovedmål, men {project_count} oppgir at {value} også "
                  "støtter det.").format(
            project_count=project_count(supporting), value='det' if supporting == 1 else 'de'))
    count = capitalise(project_count(projects))
    verb = "har"
    if not with_budget:
        sentence = _("{count} {verb} målet som hovedmål.").format(count=count, verb=verb)
    elif n_not_reported == projects:
        sentence = _("{count} {verb} målet som hovedmål; ingen av dem har rapportert budsjett.").format(
            count=count, verb=verb)
    else:
        year = _(" for {year}").format(year=budget_year) if budget_year else ""
        sentence = _("{count} {verb} målet som hovedmål, med samlet budsjett{year} på {amount}").format(
            count=count, verb=verb, year=year, amount=amount(budget, kroner=True))
        if n_not_reported:
            whom = count_word(n_not_reported)
            sentence += _("; {whom} av dem har ikke rapportert budsjett").format(whom=whom)
        sentence += "."
    if others:
        sentence += ngettext(" I tillegg oppgir {others} at det også støtter målet, til sammen {supporting}.",
                             " I tillegg oppgir {others} at de også støtter målet, til sammen {supporting}.",
                             others).format(others=project_count(others), supporting=project_count(supporting))
    return sentence


def moved_goal_sentence(moved: Sequence[tuple[str, str, str]], previous_period: str) -> str:
    """The projects that changed main goal, worded as :func:`moved_focus_area_sentence` words a changed focus
    area; the goals as "3 Helsedata til fornying og forbedring"."""
    return moved_sentence(moved, previous_period, _("hovedmål"))
