"""Chapter 2, «Om nasjonal e-helseportefølje»: what its notebook shows, one function per cell.

The notebook stays a list of calls (one per cell, since each cell is one box of the report); the choices of
columns and captions that depend on the period (a first period, budgets reported or not, budgets in another
currency, projects back after an absence, a measure nobody assessed) are made here, in the pure functions below
the showing ones, which the tests call directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import plots, text
from ..metrics import history, overview, status
from ..plots.style import MEASURE_NAMES
from ..words import _
from . import display

__all__ = [
    "budget_by_owner_group", "bridge", "bridge_heading", "history_figures", "history_intro", "history_table",
    "joined", "joined_and_left_heading", "left", "owner_group_changes", "owner_groups_compared",
    "owner_groups_caption", "owner_groups_columns", "programmes", "project_columns", "history_columns",
    "missing_measures_consequence",
]

# ------------------------------------------------------------------------------- choices (pure, tested)


def owner_groups_columns(with_budget: bool) -> list[str]:
    """The columns of the owner groups compared: the counts, and the budgets only when they compare."""
    budget, previous_budget = (["budget"], ["previous_budget", "change"]) if with_budget else ([], [])
    return ["owner_group", "projects", *budget, "previous_projects", *previous_budget]


def owner_groups_caption(with_budget: bool, budget_year: int | None, previous_budget_year: int | None) -> str:
    """The caption of the owner groups compared; with the budgets, both budget years and the unit."""
    if with_budget:
        return (_("Prosjekter og budsjett per eiergruppe, denne og forrige periode")
                + text.budget_years_caption(budget_year, previous_budget_year))
    return _("Prosjekter per eiergruppe, denne og forrige periode")


def project_columns(columns: Sequence[str], any_budget: bool) -> list[str]:
    """``columns`` and the budget when any project of the period reported one."""
    return [*columns, *(["budget"] if any_budget else [])]


def history_columns(any_returned: bool) -> list[str]:
    """The columns of «Utvikling over tid»: «tilbake» only when some period had a project back."""
    return ["period", "budget_year", "projects", "joined", *(["returned"] if any_returned else []),
            "left", "budget_total", "budget_not_reported"]


def missing_measures_consequence(missing: Sequence[str]) -> str:
    """What is left out of «Utvikling over tid» when nobody assessed ``missing`` in any period."""
    # Two messages, not ngettext: ehp_analysis.words.extract skips an ngettext whose count is not a literal.
    words = _("figuren over {measures} per periode er utelatt") if len(missing) == 1 else \
        _("figurene over {measures} per periode er utelatt")
    return words.format(measures=text.join_list(missing))


# ------------------------------------------------------------------------------------------- showing


def owner_group_changes(ch) -> overview.OwnerGroupChanges | None:
    """Say which owner groups appeared or went since the previous period; returns the comparison."""
    groups = overview.owner_group_changes(ch.current, ch.previous)
    if groups is not None and groups.differ:
        ch.text(text.owner_group_changes_sentence(groups.appeared, groups.went, len(groups.common), ch.previous.period),
                fields=("ansvarlig_virksomhet",))
    return groups


def owner_groups_compared(ch, groups: overview.OwnerGroupChanges | None) -> None:
    """The owner groups of both periods side by side; budgets compare only within one currency."""
    if groups is None or not groups.common:
        return
    with_budget = overview.any_budget(ch.current, ch.previous) and ch.amounts_compared
    ch.table(overview.owner_groups_compared(ch.current, ch.previous), name="eiergrupper-endring", decimals=1,
             columns=owner_groups_columns(with_budget), fields=("ansvarlig_virksomhet", "budsjett"),
             caption=owner_groups_caption(with_budget, ch.current.budget_year, ch.previous.budget_year))


def joined_and_left_heading(ch):
    """The heading over the projects that came and went (their numbers in it); returns those that left."""
    left_ = overview.left_projects(ch.current, ch.previous)
    closed = int(left_["explained"].sum())  # reported closed in avsluttede; the others may just not have reported
    display.markdown(f"## {text.joined_and_left_heading(len(left_), closed)}")
    return left_


def joined(ch) -> None:
    """The projects new to the portfolio, and those back after an absence («tilbake», not new)."""
    if ch.previous is None:
        ch.text(text.first_period_sentence())
        return
    back = history.returned_ids(ch.chain)
    came = overview.new_projects(ch.current, ch.previous)
    new = came[~came["id"].isin(back)]
    ch.text(text.joined_sentence(len(new), len(back)), fields=("id",))
    any_budget = overview.any_budget(ch.current)
    if len(new):
        ch.table(new, name="nye-prosjekter", caption=_("Nye prosjekter i nasjonal e-helseportefølje"),
                 fields=("id", "navn", "beskrivelse", "ansvarlig_virksomhet", "budsjett"), with_previous=False,
                 columns=project_columns(["id", "name", "description", "organisation"], any_budget))
    if back:
        seen = history.last_seen(ch.chain, back)
        returned = came[came["id"].isin(back)].assign(last_seen=lambda f: [text.month_year(seen[i]) for i in f["id"]])
        ch.table(returned, name="prosjekter-tilbake",
                 caption=_("Prosjekter som er tilbake i porteføljen etter et opphold"),
                 fields=("id", "navn", "ansvarlig_virksomhet", "budsjett"), with_previous="chain",
                 columns=project_columns(["id", "name", "organisation", "last_seen"], any_budget))


def left(ch, left_) -> None:
    """The projects that left since the previous period, and whether they reported themselves closed."""
    if ch.previous is None:
        return
    closed = int(left_["explained"].sum())
    ch.text(text.left_projects_sentence(len(left_), ch.previous.period, closed), fields=("id", "avsluttede"))
    if len(left_):
        ch.table(left_, name="avsluttede-prosjekter",
                 caption=text.left_projects_caption(len(left_), closed, ch.previous.period),
                 fields=("id", "navn", "ansvarlig_virksomhet", "avsluttede"))


def budget_by_owner_group(ch) -> None:
    """The period's budget per owner group, when any project reported a budget."""
    if overview.any_budget(ch.current):
        ch.figure(plots.budget_by_owner_group, overview.budget_by_owner_group(ch.current),
                  name="budsjett-per-eiergruppe",
                  caption=_("Budsjett {year} per eiergruppe ({unit})").format(year=ch.params.budget_year,
                                                                          unit=text.currency().mill),
                  fields=("budsjett", "ansvarlig_virksomhet"), with_previous=False)


def bridge_heading(ch) -> overview.BudgetBridge:
    """The heading of the budget bridge, when the bridge is complete; returns the bridge."""
    found = overview.budget_bridge(ch.current, ch.previous)
    if found.complete:
        display.markdown("### " + _("Fra forrige periodes budsjett til dette"))
    return found


def bridge(ch, found: overview.BudgetBridge) -> None:
    """From the previous period's total budget to this one's, and the continuing projects that moved most."""
    if not found.complete:
        if ch.previous is not None:
            ch.text(text.no_bridge_sentence(ch.key_figures))
        return
    ch.text(text.bridge_sentence(ch.key_figures, found, ch.current.projects), fields=("id", "budsjett"))
    years = text.budget_years_caption(ch.current.budget_year, ch.previous.budget_year)
    steps = found.frame()
    if history.returned_ids(ch.chain):
        steps.insert(1, "label", text.bridge_step_labels(steps["step"], returned=True))
    ch.figure(plots.budget_bridge, steps, name="budsjettbro", fields=("id", "budsjett"),
              caption=_("Endring i samlet budsjett fra {before} til {now}").format(
                  before=text.month_year(ch.previous.period), now=text.month_year(ch.period)) + years)
    if len(found.movers):
        ch.table(found.movers, name="storste-endringer", decimals=1,
                 columns=["id", "name", "organisation", "previous_budget", "budget", "change"],
                 fields=("id", "budsjett"), caption=_("Videreførte prosjekter med størst endring i budsjett") + years)


def programmes(ch) -> None:
    """The programmes and the projects that name them, when any project names one."""
    found = overview.programmes_with_projects(ch.current)
    if found is None:
        return
    display.markdown("## " + _("Programmer og prosjektene deres"))
    ch.text(_("Prosjekter som er del av et program, oppgir det i innrapporteringen. Budsjett og antall telles"
              " fortsatt per prosjekt slik det er rapportert. Programmene med prosjektene som hører til dem:"))
    ch.bullets(text.programme_bullets(found))
    ch.text(text.programmes_without_members_sentence(found))


def history_intro(ch):
    """What «Utvikling over tid» covers (or that it starts here); returns the chain's summary per period."""
    summary = history.period_summary(ch.chain)
    if len(summary) == 1:
        ch.text(text.history_starts_here_sentence())
        return summary
    periods = summary["period"].tolist()
    ch.text(text.history_intro_sentence(periods, summary["projects"].tolist()),
            text.history_budget_years_sentence(summary["budget_year"].tolist()),
            text.history_gaps_sentence(history.gaps(periods)), fields=("id", "budsjett"), with_previous="chain")
    # budgets in another currency than the period's own are neither drawn nor tabled beside its own
    ch.text(text.history_currency_sentence(history.other_currency_periods(ch.chain), ch.current.currency))
    return summary


def history_figures(ch, summary) -> None:
    """Projects, budget, status and risk per period; a measure nobody assessed in any period is said, not drawn."""
    if len(summary) <= 1:
        return
    size = plots.history_size(len(summary))
    ch.figure(plots.projects_over_time, summary, name="prosjekter-over-tid", size=size, fields=("id",),
              with_previous="chain", caption=_("Antall prosjekter per periode, og hvor mange som kom inn og gikk ut"))
    own = summary[~summary["period"].isin(dict(history.other_currency_periods(ch.chain)))].reset_index(drop=True)
    if own["budget_total"].notna().any():
        ch.figure(plots.budget_over_time, own, name="budsjett-over-tid", size=size, fields=("budsjett",),
                  with_previous="chain",
                  caption=_("Samlet innrapportert budsjett per periode, hver i sitt eget budsjettår ({unit})").format(
                      unit=text.currency().mill))
    shown = status.assessed_measures(*ch.chain)
    for measure in status.MEASURES:
        if measure in shown:
            ch.figure(plots.colour_shares_over_time, history.colour_shares(ch.chain, measure),
                      name=f"{measure}-over-tid", size=size, fields=(measure,), with_previous="chain",
                      caption=_("{measure} per periode, andel av prosjektene").format(
                          measure=_(MEASURE_NAMES[measure])))
    missing = [m for m in status.MEASURES if m not in shown]
    if missing:
        ch.text(text.nothing_assessed_sentence(missing, missing_measures_consequence(missing), _("i noen av periodene")),
                fields=tuple(missing), with_previous="chain")


def history_table(ch, summary) -> None:
    """«Utvikling over tid» as a table: each period in its own budget year and currency."""
    if len(summary) <= 1:
        return
    shown = history.in_own_currency(summary, ch.chain)
    ch.table(shown.assign(period=shown["period"].map(text.month_year),
                          budget_year=shown["budget_year"].astype("string")), name="utvikling-over-tid",
             caption=_("Prosjekter og samlet budsjett per periode, hver i sitt eget budsjettår ({unit})").format(
                 unit=text.currency().mill),
             columns=history_columns(bool(shown["returned"].fillna(0).any())),
             amount_columns=("budget_total",), decimals=1, fields=("id", "budsjett"), with_previous="chain")
