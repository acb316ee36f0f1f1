"""Chapter 3, «Realisering av nasjonal e-helsestrategi»: what its notebook shows, one function per cell.

A strategy places projects under goals (2023-2030: a main goal and the others it supports) or under focus areas
(2017-2022). Everything the chapter does differently for the two is one :class:`Unit` (:data:`GOALS` or
:data:`AREAS`): its metrics, columns, names and captions, so the chapter is written once. What is compared with the
previous period is one :class:`Setting`: the counts compare within one strategy, the budgets only within one
currency too; :func:`comparison` names the case a caption is chosen by.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import plots, text
from ..metrics import overview, strategy
from ..portfolio import Portfolio
from ..words import N_, _
from . import display

__all__ = ["AREAS", "GOALS", "Setting", "Unit", "assignment", "budget_figure", "by_unit_table", "comparison",
           "figure_caption", "largest_projects", "moved", "sections", "setting", "table_caption", "table_columns",
           "unit_of", "without_budget"]

#: The cases a caption of the chapter is chosen by (:func:`comparison`).
ALONE, ALONE_BUDGET, COMPARED, COMPARED_BUDGET, COMPARED_CHANGE = (
    "alone", "alone_budget", "compared", "compared_budget", "compared_change")


@dataclass(frozen=True)
class Unit:
    """What a project is placed under in the strategy, and how chapter 3 shows it.

    Captions are catalogue messages (marked with ``N_``) with the placeholders ``{year}`` (the period's budget
    year), ``{currency}`` (the unit of amounts, ``mill. kroner``), ``{now}`` and ``{before}`` (the two periods).
    """

    key: str                               # the code column: "goal" or "focus_area"
    counts: tuple[str, ...]                # the count columns of the table, also compared with the previous period
    field: str                             # the template field the placement rests on
    table: Callable[[Portfolio, Portfolio | None], object]
    table_name: str
    table_fields: tuple[str, ...]
    table_captions: Mapping[str, str]      # by :func:`comparison`
    budget: Callable[[Portfolio, Portfolio | None], object]
    plot: Callable
    figure_name: str
    figure_size: tuple[float, float]
    figure_captions: Mapping[str, str]     # ALONE_BUDGET, COMPARED_CHANGE
    moved: Callable[[Portfolio, Portfolio | None], object]
    moved_sentence: Callable
    moved_name: str
    moved_caption: str
    largest: Callable[[Portfolio], object]
    largest_name_column: str
    largest_caption: str
    name_column: str                       # the name column of the budget frame, a section per row
    section_sentence: Callable[..., str]   # (row of the budget frame, budget year, with_budget) -> its opening


def _goal_section(row, budget_year, with_budget: bool) -> str:
    return text.goal_section_sentence(row.projects, row.supporting, row.budget, row.n_not_reported, budget_year,
                                      with_budget)


def _area_section(row, budget_year, with_budget: bool) -> str:
    return text.area_section_sentence(row.projects, row.budget, row.n_not_reported, budget_year, with_budget)


GOALS = Unit(
    key="goal", counts=("main_projects", "supporting"), field="strategimal",
    table=strategy.by_goal, table_name="strategiske-mal", table_fields=("strategimal", "strategimal_andre", "budsjett"),
    table_captions={
        ALONE: N_("Prosjekter per strategisk mål, som hovedmål og i alt"),
        ALONE_BUDGET: N_("Prosjekter per strategisk mål, som hovedmål og i alt, og budsjett {year} til prosjektene"
                         " med målet som hovedmål ({currency})"),
        COMPARED: N_("Prosjekter per strategisk mål, som hovedmål og i alt, denne og forrige periode"),
        COMPARED_BUDGET: N_("Prosjekter per strategisk mål, som hovedmål og i alt, denne og forrige periode, og budsjett"
                            " {year} til prosjektene med målet som hovedmål ({currency})"),
        COMPARED_CHANGE: N_("Prosjekter per strategisk mål, som hovedmål og i alt, og budsjettet til prosjektene med"
                            " målet som hovedmål, med endring fra forrige periode"),
    },
    budget=strategy.budget_by_goal, plot=plots.budget_by_goal, figure_name="budsjett-per-strategisk-mal",
    figure_size=(8.0, 5.0),
    figure_captions={
        ALONE_BUDGET: N_("Budsjett {year} per strategisk mål, etter prosjektenes hovedmål ({currency})"),
        COMPARED_CHANGE: N_("Budsjett per strategisk mål (prosjektenes hovedmål), {now} og {before}"),
    },
    moved=strategy.moved_goal_projects, moved_sentence=text.moved_goal_sentence, moved_name="byttet-hovedmal",
    moved_caption=N_("Prosjekter som har byttet hovedmål siden forrige periode"),
    largest=strategy.largest_by_goal, largest_name_column="goal_name",
    largest_caption=N_("De største prosjektene per strategisk mål (hovedmål), etter budsjett ({currency})"),
    name_column="goal_name", section_sentence=_goal_section,
)

AREAS = Unit(
    key="focus_area", counts=("projects",), field="innsatsomrade",
    table=strategy.by_focus_area, table_name="innsatsomrader", table_fields=("innsatsomrade", "budsjett"),
    table_captions={
        ALONE: N_("Prosjekter per innsatsområde"),
        ALONE_BUDGET: N_("Prosjekter og budsjett {year} per innsatsområde ({currency})"),
        COMPARED: N_("Prosjekter per innsatsområde, denne og forrige periode"),
        COMPARED_BUDGET: N_("Prosjekter per innsatsområde, denne og forrige periode, og budsjett {year} ({currency})"),
        COMPARED_CHANGE: N_("Prosjekter og budsjett per innsatsområde, med endring fra forrige periode"),
    },
    budget=strategy.budget_by_strategic_area, plot=plots.budget_by_strategic_area,
    figure_name="budsjett-per-satsningsomrade", figure_size=(8.0, 5.5),
    figure_captions={
        ALONE_BUDGET: N_("Budsjett {year} per strategisk satsningsområde ({currency})"),
        COMPARED_CHANGE: N_("Budsjett per strategisk satsningsområde, {now} og {before}"),
    },
    moved=strategy.moved_projects, moved_sentence=text.moved_focus_area_sentence, moved_name="byttet-innsatsomrade",
    moved_caption=N_("Prosjekter som har byttet innsatsområde siden forrige periode"),
    largest=strategy.largest_projects, largest_name_column="area_name",
    largest_caption=N_("De største prosjektene per satsningsområde, etter budsjett ({currency})"),
    name_column="area_name", section_sentence=_area_section,
)


def unit_of(has_goals: bool) -> Unit:
    """:data:`GOALS` for a strategy with goals, else :data:`AREAS`."""
    return GOALS if has_goals else AREAS


@dataclass(frozen=True)
class Setting:
    """What chapter 3 compares.

    Attributes
    ----------
    unit : Unit
        Goals or focus areas, by the period's strategy.
    with_budget : bool
        Whether any project of this or the previous period reported a budget.
    compared : Portfolio or None
        The previous period when it reports against the same strategy (its goals or areas compare).
    budget_compared : Portfolio or None
        :attr:`compared` when its amounts are in the same currency too (its budgets compare).
    """

    unit: Unit
    with_budget: bool
    compared: Portfolio | None
    budget_compared: Portfolio | None


def setting(ch) -> Setting:
    """The chapter's :class:`Setting` for its period."""
    compared = strategy.compared(ch.current, ch.previous)
    return Setting(unit=unit_of(strategy.uses_goals(ch.current)),
                   with_budget=overview.any_budget(ch.current, ch.previous), compared=compared,
                   budget_compared=compared if ch.amounts_compared else None)


# ------------------------------------------------------------------------------- choices (pure, tested)


def comparison(compared: bool, with_budget: bool, budget_compared: bool) -> str:
    """The case a caption is chosen by: compared with the previous period or not, with budgets or not, and the
    budgets' change shown (the budgets compare) or the period's budget alone."""
    if not compared:
        return ALONE_BUDGET if with_budget else ALONE
    if not with_budget:
        return COMPARED
    return COMPARED_CHANGE if budget_compared else COMPARED_BUDGET


def table_columns(unit: Unit, case: str) -> list[str]:
    """The columns of the goals' (areas') table in ``case`` (:func:`comparison`)."""
    columns = [unit.key, f"{unit.key}_name", *unit.counts]
    if case in (ALONE_BUDGET, COMPARED_BUDGET, COMPARED_CHANGE):
        columns += ["budget", "n_not_reported"]
    if case in (COMPARED, COMPARED_BUDGET, COMPARED_CHANGE):
        columns += [f"previous_{c}" for c in unit.counts]
    if case == COMPARED_CHANGE:
        columns += ["previous_budget", "change"]
    return columns


def table_caption(unit: Unit, case: str, budget_year, previous_budget_year=None) -> str:
    """The caption of the goals' (areas') table in ``case``; a change of budget names both budget years."""
    caption = _(unit.table_captions[case]).format(year=budget_year, currency=text.currency().mill)
    if case == COMPARED_CHANGE:
        caption += text.budget_years_caption(budget_year, previous_budget_year)
    return caption


def figure_caption(unit: Unit, period: str, budget_year, before: Portfolio | None = None) -> str:
    """The caption of the budget figure: this period's budget, or beside ``before``'s (same currency)."""
    if before is None:
        return _(unit.figure_captions[ALONE_BUDGET]).format(year=budget_year, currency=text.currency().mill)
    return (_(unit.figure_captions[COMPARED_CHANGE]).format(now=text.month_year(period),
                                                             before=text.month_year(before.period))
            + text.budget_years_caption(budget_year, before.budget_year))


def without_budget(unit: Unit) -> str:
    """Said instead of the budget figure when no project reported a budget."""
    return _("Ingen prosjekter har rapportert budsjett, så kapitlet viser antall prosjekter per {unit} og ikke"
             " budsjett.").format(unit=text.strategy_unit(unit is GOALS))


# ------------------------------------------------------------------------------------------- showing


def budget_figure(ch, s: Setting) -> None:
    """The budget per goal (area), beside the previous period's when the budgets compare."""
    if not s.with_budget:
        ch.text(without_budget(s.unit))
        return
    unit, before = s.unit, s.budget_compared
    ch.figure(unit.plot, unit.budget(ch.current, before), name=unit.figure_name, size=unit.figure_size,
              fields=("budsjett", unit.field), with_previous=before is not None,
              caption=figure_caption(unit, ch.period, ch.current.budget_year, before))


def assignment(s: Setting) -> None:
    """The heading over the goals (areas), and how projects are placed under them."""
    display.markdown(text.sections_heading(s.unit is GOALS))
    display.markdown(text.assignment_note(s.unit is GOALS, s.compared is not None))


def moved(ch, s: Setting) -> None:
    """The projects that changed main goal (focus area) since the previous period; a table when they are many."""
    unit = s.unit
    found = unit.moved(ch.current, ch.previous)
    if found is None or not len(found):
        return
    columns = ["name", "organisation", f"previous_{unit.key}", f"previous_{unit.key}_name", unit.key,
               f"{unit.key}_name"]
    ch.text(unit.moved_sentence([(f"{n} ({o})", f"{a} {an}", f"{b} {bn}")
                                 for n, o, a, an, b, bn in found[columns].itertuples(index=False)],
                                ch.previous.period), fields=(unit.field,))
    if len(found) > text.MAX_NAMED:
        ch.table(found, name=unit.moved_name, fields=(unit.field,), caption=_(unit.moved_caption))


def by_unit_table(ch, s: Setting) -> None:
    """Projects (and budget) per goal (area), compared with the previous period as far as it compares."""
    unit, compared = s.unit, s.compared
    case = comparison(compared is not None, s.with_budget, s.budget_compared is not None)
    ch.table(unit.table(ch.current, compared), name=unit.table_name, decimals=1, columns=table_columns(unit, case),
             fields=unit.table_fields, with_previous=compared is not None,
             caption=table_caption(unit, case, ch.current.budget_year,
                                   compared.budget_year if compared is not None else None))


def largest_projects(ch, s: Setting) -> None:
    """The largest projects per goal (area) by budget, when any project reported a budget."""
    if not overview.any_budget(ch.current):
        return
    unit = s.unit
    ch.table(unit.largest(ch.current), name="storste-prosjekter",
             columns=[unit.largest_name_column, "id", "name", "organisation", "budget"],
             fields=("budsjett", unit.field), with_previous=False,
             caption=_(unit.largest_caption).format(currency=text.currency().mill))


def sections(ch, s: Setting) -> None:
    """One section per goal (area): its size here; the office's commentary (``## <name>``) goes under it."""
    for row in s.unit.budget(ch.current).itertuples(index=False):
        display.markdown(f"## {getattr(row, s.unit.name_column)}")
        ch.text(s.unit.section_sentence(row, ch.params.budget_year, s.with_budget))
