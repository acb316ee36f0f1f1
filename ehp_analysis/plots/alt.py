"""Alt text for the report's figures: a Norwegian sentence or two saying what a figure shows and its main number.

The numbers are written as the figure's own labels write them (:func:`ehp_analysis.text.number`, one
decimal for amounts), so the alt text and the bars agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..exceptions import FigureError
from ..reference import load_cost_bands
from ..text import currency, join_list, number, percent, signed
from .figures import LEVEL_STEPS, floats, bridge_frame
from .baseline import ALT_TEXT as BASELINE_ALT_TEXT
from .history import ALT_TEXT as HISTORY_ALT_TEXT
from .style import MEASURE_NAMES, NOT_ASSESSED, WITHHELD, colour_share_words, mill, period_label
from ..words import _

def _largest(frame: pd.DataFrame, value: str) -> pd.Series | None:
    values = floats(frame[value])
    if np.isnan(values).all():
        return None
    return frame.iloc[int(np.nanargmax(values))]


def _alt_owner_groups(data: pd.DataFrame, year: str) -> str:
    top = _largest(data, "budget")
    text = _("Stolpediagram over budsjett{year} per eiergruppe, i {mill}.").format(year=year, mill=mill())
    if top is None:
        return text + _(" Ingen eiergrupper har rapportert budsjett.")
    text += _(" Størst er {owner_group} med {number} {mill}.").format(
        owner_group=top['owner_group'], number=number(float(top['budget']), 1), mill=mill())
    missing = data.loc[data["budget"].isna(), "owner_group"].astype(str).tolist()
    return text + (_(" Ikke rapportert: {join_list}.").format(join_list=join_list(missing)) if missing else "")


def _years_compared(year: str, previous_year: str) -> str:
    """`` 2020 mot budsjett 2019`` when the two budget years differ, else ``year`` as it is."""
    return _("{year} mot budsjett{previous_year}").format(
        year=year, previous_year=previous_year) if previous_year and previous_year != year else year


def _alt_strategic_areas(data: pd.DataFrame, year: str, previous_year: str = "") -> str:
    periods = sorted(data["period"].astype(str).unique())
    years = _years_compared(year, previous_year) if len(periods) > 1 else year
    text = _("Stolpediagram over budsjett{years} per satsningsområde i {join_list}, i {mill}.").format(
        years=years, join_list=join_list([period_label(p) for p in periods]), mill=mill())
    by_period = {p: data[data["period"].astype(str) == p] for p in periods}
    top = _largest(by_period[periods[-1]], "budget") if periods else None
    if top is None:
        return text + _(" Ingen budsjett er rapportert.")
    text += (_(" Størst i {period_label} er {area} {area_name} med {number} {mill}").format(
        period_label=period_label(periods[-1]), area=top['area'], area_name=top['area_name'],
        number=number(float(top['budget']), 1), mill=mill()))
    if len(periods) > 1:
        before = by_period[periods[-2]]
        before = before.loc[before["area"] == top["area"], "budget"]
        if len(before) and pd.notna(before.iloc[0]):
            text += _(" ({value} {mill} i {when})").format(value=number(float(before.iloc[0]), 1), mill=mill(),
                                         when=period_label(periods[-2]))
    return text + "."


def _alt_goals(data: pd.DataFrame, year: str, previous_year: str = "") -> str:
    periods = sorted(data["period"].astype(str).unique())
    years = _years_compared(year, previous_year) if len(periods) > 1 else year
    text = (_("Stolpediagram over budsjett{years} per strategisk mål (prosjektenes hovedmål) i {join_list}, i "
              "{mill}.").format(years=years, join_list=join_list([period_label(p) for p in periods]), mill=mill()))
    now = data[data["period"].astype(str) == periods[-1]] if periods else data
    top = _largest(now, "budget")
    if top is None:
        return text + _(" Ingen budsjett er rapportert.")
    text += (_(" Størst i {period_label} er mål {goal} {goal_name} med {number} {mill}").format(
        period_label=period_label(periods[-1]), goal=top['goal'], goal_name=top['goal_name'],
        number=number(float(top['budget']), 1), mill=mill()))
    if len(periods) > 1:
        before = data[(data["period"].astype(str) == periods[-2]) & (data["goal"] == top["goal"])]["budget"]
        if len(before) and pd.notna(before.iloc[0]):
            text += _(" ({value} {mill} i {when})").format(value=number(float(before.iloc[0]), 1), mill=mill(),
                                         when=period_label(periods[-2]))
    return text + "."


def _alt_status(data: pd.DataFrame, year: str) -> str:
    periods = sorted(data["period"].astype(str).unique())
    others = [w for k, w in ((NOT_ASSESSED, _("ikke er vurdert")), (WITHHELD, _("er unntatt offentlighet")))
              if (data["colour"] == k).any()]
    unassessed = _(", og andelen som {join_list},").format(join_list=join_list(others)) if others else ""
    measures = join_list(n.lower() for m, n in MEASURE_NAMES.items() if (data["measure"] == m).any())
    text = (_("Stablede stolper over andelen prosjekter med grønn, gul og rød {measures}{unassessed} i {join_list}.").format(
        measures=measures, unassessed=unassessed, join_list=join_list([period_label(p) for p in periods])))
    for measure, name in MEASURE_NAMES.items():
        for period in periods:
            part = data[(data["measure"] == measure) & (data["period"].astype(str) == period)]
            parts = colour_share_words(part)
            if parts:
                text += f" {name} {period_label(period)}: {join_list(parts)}."
    return text


def _alt_counts(data: pd.DataFrame, label: str, intro: str, none: str,
                sentence: Callable[[str, str, str, float], str]) -> str:
    """Alt text of a count figure: the intro, then the largest category (``sentence(name, count, n, share)``)."""
    top = _largest(data, "count")
    if top is None:
        return f"{intro} {none}"
    n = int(np.nansum(floats(data["count"])))
    return f"{intro} " + sentence(str(top[label]), number(float(top["count"])), number(n),
                                  float(top["count"]) / n if n else math.nan)


def _alt_bands(data: pd.DataFrame, year: str) -> str:
    # The bands' words are reference data: the frame's own (costs.cost_bands), else the shipped file's.
    phrases = dict(zip(data["band"], data["phrase"])) if "phrase" in data.columns else load_cost_bands().phrases
    return _alt_counts(
        data, "band", _("Stolpediagram over antall prosjekter per intervall for totalkostnad, i {mill}.").format(
            mill=mill()),
        _("Ingen prosjekter har rapportert totalkostnad."),
        lambda band, count, n, _share: (_("Flest prosjekter, {count} av {n} som har rapportert totalkostnad, har "
                                          "en totalkostnad {get}.").format(
            count=count, n=n, get=phrases.get(band, band))))


def _alt_categories(data: pd.DataFrame, year: str) -> str:
    return _alt_counts(
        data, "category", _("Stolpediagram over antall avhengigheter per kategori."), _("Ingen avhengigheter er rapportert."),
        lambda category, count, n, share: (_("Flest er i kategorien {category}, med {count} av {n} avhengigheter "
                                             "({percent}).").format(
            category=category, count=count, n=n, percent=percent(share))))


def _alt_bridge(data: pd.DataFrame, year: str, previous_year: str = "") -> str:
    data = bridge_frame(data)  # the metric's frame has no labels; the drawn one has
    amounts = dict(zip(data["step"], floats(data["amount"])))
    total = amounts.get("total", math.nan)
    previous = amounts.get("previous_total", math.nan)
    if math.isnan(previous):
        if math.isnan(total):
            return _("Fossefallsdiagram over samlet budsjett. Ingen budsjett er rapportert.")
        return (_("Fossefallsdiagram over samlet budsjett{year}: {number} {mill}. Det finnes ingen forrige periode "
                  "å sammenligne med.").format(year=year, number=number(total, 1), mill=mill()))
    years = (_(" (budsjett{years})").format(years=_years_compared(year, previous_year))
             if previous_year and previous_year != year else "")
    text = (_("Fossefallsdiagram som forklarer endringen i samlet budsjett fra {number} {mill} til {number2} "
              "{mill}{years}.").format(
        number=number(previous, 1), mill=mill(), number2=number(total, 1), years=years))
    deltas = data[~data["step"].isin(LEVEL_STEPS)]
    values = floats(deltas["amount"])
    if len(values) and not np.isnan(values).all():
        i = int(np.nanargmax(np.abs(values)))
        text += _(" Størst bidrag: {iloc} ({signed} {mill}).").format(
            iloc=deltas['label'].iloc[i], signed=signed(values[i], 1), mill=mill())
    return text


def _alt_priority(data: pd.DataFrame, year: str) -> str:
    n = len(data)
    left = data.attrs.get("left_out")
    text = (_("Punktdiagram med logaritmiske akser: totalkostnad mot kvantifiserte gevinster for {n} prosjekter, "
              "status vist med farge og form.").format(n=n))
    if left:
        text += _(" Utelatt er {left} prosjekter, der totalkostnad eller gevinster mangler.").format(left=left)
    if n:
        best = data.sort_values(["ratio", "id"], ascending=[False, True], kind="stable").iloc[0]
        text += (_(" Høyest gevinster per {unit} har prosjekt {int}: {number} {mill} i gevinster for {number2} "
                   "{mill} ({number3} per {unit}).").format(
            unit=currency().unit, int=int(best['id']), number=number(float(best['benefits']), 1),
            mill=mill(), number2=number(float(best['total_cost']), 1), number3=number(float(best['ratio']), 1)))
    return text


def _alt_network(data: pd.DataFrame, year: str) -> str:
    attrs = data.attrs
    shared = data[data["shared"].astype(bool)] if "shared" in data.columns else data.iloc[0:0]
    projects = int((data["kind"] == "prosjekt").sum())
    text = (_("Nettverksfigur over avhengighetene: {projects} prosjekter og {len} ting de avhenger av, {get} røde "
              "avhengigheter tegnet stiplet.").format(
        projects=projects, len=len(shared), get=attrs.get('n_red_edges', 0)))
    if len(shared):
        top = shared.sort_values(["dependents", "label"], ascending=[False, True], kind="stable").iloc[0]
        name = _("prosjekt {label}").format(label=top['label']) if top["kind"] == "prosjekt" else str(top["label"])
        text += _(" Flest avhenger av {name} ({int} prosjekter).").format(name=name, int=int(top['dependents']))
    risky = int(data["at_risk"].sum()) if "at_risk" in data.columns else 0
    return text + _(" Utsatt gjennom nettverket (vist som ruter med rød kant): {risky} prosjekter.").format(
        risky=risky)


# The figures that compare two periods' budgets: they name both budget years when these differ.
_COMPARING = ("budget_by_strategic_area", "budget_by_goal", "budget_bridge")
_ALT_TEXT: dict[str, Callable[..., str]] = {
    "budget_by_owner_group": _alt_owner_groups,
    "budget_by_strategic_area": _alt_strategic_areas,
    "budget_by_goal": _alt_goals,
    "status_risk_shares": _alt_status,
    "total_cost_bands": _alt_bands,
    "dependencies_by_category": _alt_categories,
    "budget_bridge": _alt_bridge,
    "priority_scatter": _alt_priority,
    "dependency_network": _alt_network,
    **HISTORY_ALT_TEXT,  # the figures over the years (plots.history)
    **BASELINE_ALT_TEXT,  # against what was first reported (plots.baseline)
}


def alt_text(kind: str, data: pd.DataFrame, *, budget_year: int | None = None,
             previous_budget_year: int | None = None) -> str:
    """A Norwegian sentence or two for a figure's alt text: what it shows and its main number.

    Parameters
    ----------
    kind : str
        The figure function's name: ``budget_by_owner_group``, ``budget_by_strategic_area``,
        ``status_risk_shares``, ``total_cost_bands``, ``dependencies_by_category``, ``budget_bridge``,
        ``priority_scatter``, ``dependency_network``.
    data : DataFrame
        The figure's tidy data (as passed to, or returned by, the figure function).
    budget_year : int, optional
        Named in the budget figures' text when given.
    previous_budget_year : int, optional
        The previous period's budget year: a figure comparing the two says so when it differs
        («budsjett 2020 mot budsjett 2019»).

    Returns
    -------
    str
        E.g. «Stolpediagram over budsjett 2020 per eiergruppe, i mill. kr. Størst er Direktoratet for
        e-helse med 540,4 mill. kr.»

    Raises
    ------
    FigureError
        For an unknown ``kind`` (also a ``ValueError``).
    """
    if kind not in _ALT_TEXT:
        raise FigureError(_("Ukjent figurtype {kind!r}; kjente: {known}.").format(kind=kind, known=", ".join(_ALT_TEXT)))
    year = f" {budget_year}" if budget_year else ""
    if kind in _COMPARING:
        return _ALT_TEXT[kind](data, year, f" {previous_budget_year}" if previous_budget_year else "")
    return _ALT_TEXT[kind](data, year)
