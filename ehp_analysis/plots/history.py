"""Figures over the years (chapter 2, "Utvikling over tid"): one horizontal bar per period, oldest at the top.

Horizontal, because a chain grows: with 24 periods, 24 rows of horizontal text stay readable where 24
vertical bars would need their period labels turned on end. Each function takes the metric's tidy frame
(:mod:`ehp_analysis.metrics.history`) and returns ``Plot(ax, data)`` like the other figures; use
:func:`history_size` for a figure whose height grows with the number of periods.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..text import (HISTORY_LABELS, history_budget_label, history_movement_label, join_list, number, percent,
                    worded)
from .figures import SEGMENT_LABEL_MIN, Plot, axes_or_current, floats, checked_frame
from .style import (BAR_COLOUR, EDGE_COLOUR, MEASURE_NAMES, MUTED_TEXT, RATING_FILLS, RATING_TEXT_COLOURS,
                    colour_share_words, mill, number_axis, period_label, report_style, shown_ratings)
from ..words import _

ROW_INCHES = 0.34  # per period: ten-point labels with room between them


def history_size(n_periods: int, width: float = 8.0) -> tuple[float, float]:
    """A figure size for ``n_periods`` rows: legend and axis included, never shorter than 2.4 inches."""
    return width, max(2.4, 1.3 + ROW_INCHES * n_periods)


def _rows(ax: Axes, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)


def _bar_texts(ax: Axes, widths: np.ndarray, texts: list[str]) -> None:
    """Write ``texts[i]`` just right of bar ``i`` (at 0 for a missing bar), and leave room for the longest."""
    size = mpl.rcParams["xtick.labelsize"]
    for i, (width, label) in enumerate(zip(widths, texts)):
        missing = np.isnan(width)
        ax.annotate(label, (0 if missing else width, i), xytext=(4, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=size, color=MUTED_TEXT if missing else "#222222",
                    fontstyle="italic" if missing else "normal")
    hi = np.nanmax(widths) if not np.isnan(widths).all() else 1.0
    longest = max((len(t) for t in texts), default=0)
    # Room for the labels: about 1,1 % of the axis per character past the longest bar.
    ax.set_xlim(0, hi * (1 + 0.011 * longest + 0.05) or 1.0)


def projects_over_time(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Number of projects per period, each bar labelled with how many came in and went out.

    Parameters
    ----------
    data : DataFrame
        ``period, projects, joined, returned, left`` (``metrics.history.period_summary``); ``joined``,
        ``returned`` and ``left`` ``<NA>`` for the first period of the chain.
    ax : Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    Plot
        The data with ``label`` (what is written beside each bar).
    """
    frame = checked_frame(data, ["period", "projects", "joined", "returned", "left"])

    def known(value):
        return None if pd.isna(value) else int(value)

    frame["label"] = [history_movement_label(int(n), known(j), known(r), known(lft))
                      for n, j, r, lft in zip(frame["projects"], frame["joined"], frame["returned"], frame["left"])]
    with report_style():
        ax = axes_or_current(ax)
        values = floats(frame["projects"])
        ax.barh(range(len(frame)), values, height=0.7, color=kwargs.pop("color", BAR_COLOUR), **kwargs)
        _rows(ax, [period_label(p) for p in frame["period"]])
        _bar_texts(ax, values, frame["label"].tolist())
        ax.set(xlabel=HISTORY_LABELS["projects_axis"], ylabel="")
        number_axis(ax.xaxis, integer=True)
    return Plot(ax, frame)


def budget_over_time(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Total reported budget per period, each in its own budget year (named beside the period).

    Parameters
    ----------
    data : DataFrame
        ``period, budget_year, budget_total, budget_not_reported`` (``metrics.history.period_summary``);
        ``budget_total`` ``<NA>`` when no project reported one: no bar, «ikke rapportert».
    ax : Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    Plot
        The data with ``label``.
    """
    frame = checked_frame(data, ["period", "budget_year", "budget_total", "budget_not_reported"])
    values = floats(frame["budget_total"])
    frame["label"] = [history_budget_label(None if np.isnan(v) else float(v), int(n))
                      for v, n in zip(values, frame["budget_not_reported"])]
    rows = [f"{period_label(p)} ({HISTORY_LABELS['budget_year'].format(year=y)})" if pd.notna(y) else period_label(p)
            for p, y in zip(frame["period"], frame["budget_year"])]
    with report_style():
        ax = axes_or_current(ax)
        present = ~np.isnan(values)
        ax.barh(np.flatnonzero(present), values[present], height=0.7, color=kwargs.pop("color", BAR_COLOUR), **kwargs)
        _rows(ax, rows)
        _bar_texts(ax, values, frame["label"].tolist())
        ax.set(xlabel=worded(HISTORY_LABELS["budget_axis"]), ylabel="")
        number_axis(ax.xaxis)
    return Plot(ax, frame)


def colour_shares_over_time(data: pd.DataFrame, *, ax: Axes | None = None) -> Plot:
    """Stacked 100 % bars of one measure's colours (status or risk), one bar per period.

    Every segment has its status colour, an outline, and its share written on it when it is wide enough;
    narrower ones are named with their share right of the bar. The legend names the colours, and
    "ikke vurdert" (grey) when any period has projects not assessed: colour is never the only signal.

    Parameters
    ----------
    data : DataFrame
        ``measure, period, colour, count, share`` (``metrics.history.colour_shares``) for one measure.

    Returns
    -------
    Plot
        The segments drawn, with ``left`` (where each starts).
    """
    frame = checked_frame(data, ["measure", "period", "colour", "count", "share"])
    periods = list(dict.fromkeys(frame["period"].astype(str)))
    fills, text_colours = RATING_FILLS, RATING_TEXT_COLOURS
    order = {c: i for i, c in enumerate(fills)}
    frame = frame[frame["colour"].isin(fills)].copy()
    frame["_p"] = frame["period"].astype(str).map(periods.index)
    frame["_c"] = frame["colour"].map(order)
    frame = frame.sort_values(["_p", "_c"], kind="stable")
    frame = frame[~np.isnan(floats(frame["share"]))].reset_index(drop=True)
    share = frame["share"].astype("float64")
    frame["left"] = share.groupby(frame["_p"]).cumsum() - share
    size = mpl.rcParams["xtick.labelsize"]
    with report_style():
        ax = axes_or_current(ax)
        shown = shown_ratings(frame["colour"])
        for colour in shown:
            part = frame[frame["colour"] == colour]
            widths = part["share"].astype("float64").to_numpy()
            bars = ax.barh(part["_p"].to_numpy(), widths, left=part["left"].to_numpy(float), height=0.7,
                           color=fills[colour], edgecolor=EDGE_COLOUR, linewidth=0.6, label=colour)
            ax.bar_label(bars, labels=[percent(w) if w >= SEGMENT_LABEL_MIN else "" for w in widths],
                         label_type="center", color=text_colours[colour], fontsize=size)
        narrow = frame[(frame["share"] > 0) & (frame["share"] < SEGMENT_LABEL_MIN)]
        for p, part in narrow.groupby("_p", sort=True):
            words = join_list([f"{c} {percent(float(s))}" for c, s in zip(part["colour"], part["share"])])
            ax.annotate(words, (1, p), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=size, annotation_clip=False)
        _rows(ax, [period_label(p) for p in periods])
        ax.set_xlim(0, 1)
        ax.set(xlabel=HISTORY_LABELS["share_axis"], ylabel="")
        number_axis(ax.xaxis, percent=True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(shown), frameon=False)
    return Plot(ax, frame.drop(columns=["_p", "_c"]))


# ------------------------------------------------------------------------------------------ alt text


def _alt_projects(data: pd.DataFrame, year: str = "") -> str:
    first, last = data.iloc[0], data.iloc[-1]
    text = (_("Stolpediagram over antall prosjekter i hver av de {number} periodene fra {period_label} til "
              "{period_label2}: fra {number2} til {number3}.").format(
        number=number(len(data)),
        period_label=period_label(first['period']), period_label2=period_label(last['period']), number2=number(int(first['projects'])), number3=number(int(last['projects']))))
    if len(data) > 1 and pd.notna(last["joined"]):
        text += (_(" I {period_label} kom {number} inn og {number2} gikk ut.").format(
            period_label=period_label(last['period']),
            number=number(int(last['joined'])), number2=number(int(last['left']))))
    return text


def _alt_budget(data: pd.DataFrame, year: str = "") -> str:
    values = floats(data["budget_total"])
    text = (_("Stolpediagram over samlet innrapportert budsjett i hver periode, i {mill}, hver periode i sitt eget "
              "budsjettår.").format(mill=mill()))
    if np.isnan(values).all():
        return text + _(" Ingen perioder har rapportert budsjett.")
    last = data.iloc[-1]
    if not np.isnan(values[-1]):
        text += (_(" {capitalize} (budsjett {budget_year}): {number} {mill}.").format(
            capitalize=period_label(last['period']).capitalize(), budget_year=last['budget_year'],
            number=number(values[-1], 1), mill=mill()))
    missing = [period_label(p) for p, v in zip(data["period"], values) if np.isnan(v)]
    return text + (_(" Ikke rapportert: {join_list}.").format(join_list=join_list(missing)) if missing else "")


def _alt_colours(data: pd.DataFrame, year: str = "") -> str:
    measure = str(data["measure"].iloc[0]) if len(data) else "status"
    name = MEASURE_NAMES.get(measure, measure).lower()
    periods = list(dict.fromkeys(data["period"].astype(str)))
    text = (_("Stablede stolper over andelen prosjekter med grønn, gul og rød {name} i hver av de {number} "
              "periodene fra {period_label} til {period_label2}.").format(
        name=name, number=number(len(periods)),
        period_label=period_label(periods[0]), period_label2=period_label(periods[-1])))
    for period in (periods[0], periods[-1]) if len(periods) > 1 else periods:
        part = data[data["period"].astype(str) == period]
        parts = colour_share_words(part)
        text += f" {period_label(period).capitalize()}: {join_list(parts)}."
    return text


ALT_TEXT = {
    "projects_over_time": _alt_projects,
    "budget_over_time": _alt_budget,
    "colour_shares_over_time": _alt_colours,
}

__all__ = ["ROW_INCHES", "budget_over_time", "colour_shares_over_time", "history_size", "projects_over_time"]
