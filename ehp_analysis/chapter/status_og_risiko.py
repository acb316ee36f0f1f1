"""Chapter 4, «Status og risiko»: the cells of its notebook that choose between wordings, one function per cell.

The choices (a measure nobody assessed, a first period, the comparison of two periods) are made here; the
threshold of a budget change is worded from the constants the change table is computed with
(:data:`ehp_analysis.metrics.changes.BUDGET_MIN_CHANGE`, :data:`~ehp_analysis.metrics.changes.BUDGET_MIN_SHARE`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import plots, text
from ..metrics import changes, status
from ..plots.style import MEASURE_NAMES
from ..words import _

__all__ = ["budget_change_threshold", "changes_since_previous", "shares", "shares_caption", "shares_left_out",
           "transitions"]


# ------------------------------------------------------------------------------- choices (pure, tested)


def budget_change_threshold() -> str:
    """How large a budget change must be to count as a change: ``"minst 10 mill. kroner eller 20 %"``."""
    return _("minst {amount} {unit} eller {share} %").format(
        amount=text.number(changes.BUDGET_MIN_CHANGE, 2, trim=True), unit=text.currency().mill_long,
        share=text.number(changes.BUDGET_MIN_SHARE * 100, 2, trim=True))


def shares_caption(shown: Sequence[str], period: str, previous_period: str | None) -> str:
    """The caption of the status and risk shares, of this period and the previous one when there is one."""
    if previous_period is None:
        return _("Andel prosjekter per {measures}").format(measures=text.join_list(shown))
    return _("Andel prosjekter per {measures}, {now} og {before}").format(
        measures=text.join_list(shown), now=text.month_year(period), before=text.month_year(previous_period))


def shares_left_out(shown: Sequence[str]) -> str:
    """What becomes of the shares' figure when a measure is left out: it shows the other, or nothing."""
    return _("figuren viser bare {measure}").format(measure=shown[0]) if shown else _("figuren er utelatt")


# ------------------------------------------------------------------------------------------- showing


def shares(ch) -> None:
    """Status and risk shares (this period and the previous); a measure nobody assessed is said, not drawn."""
    shown = status.assessed_measures(ch.current, ch.previous)
    missing = [m for m in status.MEASURES if m not in shown]
    previous = ch.previous.period if ch.previous is not None else None
    if shown:
        ch.figure(plots.status_risk_shares, status.colour_shares(ch.current, ch.previous, shown),
                  name="status-og-risiko", size=(8.0, 5.0 if len(shown) == 2 else 3.0), fields=tuple(shown),
                  caption=shares_caption(shown, ch.period, previous))
    if missing:
        when = _("i denne eller forrige periode") if previous is not None else _("i denne perioden")
        ch.text(text.nothing_assessed_sentence(missing, shares_left_out(shown), when), fields=tuple(missing))


def transitions(ch) -> None:
    """Status and risk across the two periods (a first period says once that comparisons start with the next)."""
    if ch.previous is None:
        ch.text(text.first_period_sentence())
        return
    for measure in status.MEASURES:
        test = status.sign_test(ch.current, ch.previous, measure)
        if test.n + test.n_same:  # nobody with a colour in both periods: no table, the sentence says why
            ch.matrix(status.transitions(ch.current, ch.previous, measure), name=f"overganger-{measure}",
                      caption=_("{measure} i {before} (rader) mot {now} (kolonner), prosjekter med i begge periodene")
                      .format(measure=_(MEASURE_NAMES[measure]), before=text.month_year(ch.previous.period),
                              now=text.month_year(ch.period)),
                      rows=_("Før"), columns=_("Nå"), fields=("id", measure))
        ch.text(text.sign_test_sentence(test.__dict__, measure, ch.previous.period), fields=("id", measure))


def changes_since_previous(ch) -> None:
    """Every continuing project that changed status, risk, placement in the strategy or budget."""
    changed = changes.project_changes(ch.current, ch.previous)
    if changed is None:
        return
    ch.text(text.changes_intro_sentence(len(changed), ch.previous.period,
                                        same_strategy=changes.same_strategy(ch.current, ch.previous),
                                        threshold=budget_change_threshold(),
                                        goals=ch.current.reference.strategy.has_goals,
                                        same_currency=ch.amounts_compared),
            text.budget_year_note(ch.params.budget_year, ch.previous.parameters.budget_year))
    if len(changed):
        ch.table(text.change_lines(changed), name="endringer-siden-forrige",
                 caption=text.changes_caption(changed, ch.previous.period,
                                              (ch.current.budget_year, ch.previous.budget_year)))
