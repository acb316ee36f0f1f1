"""The report's figures: seaborn/matplotlib functions in one style, each returning its Axes and data.

Every function takes a tidy DataFrame as the metrics produce it, draws on ``ax`` (or
:func:`matplotlib.pyplot.gca`), and returns ``Plot(ax, data)``: the Axes and the tidy frame it drew
(rows in drawing order, with any derived columns), so a chapter can save the figure and write the
same numbers as CSV. Missing values (``<NA>``) are drawn as absent, never as 0. Bars carry their values
in the report's number format (:func:`ehp_analysis.text.number`, fixed decimals along a figure), and
status colours are always paired with their names or values: colour is never the only signal. A frame
without the columns a figure needs raises :class:`~ehp_analysis.exceptions.FigureError`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from typing import NamedTuple

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from ..exceptions import FigureError
from ..reference import load_cost_bands
from ..text import LABELS, number, percent, signed
from .style import (BAR_COLOUR, DECREASE_COLOUR, EDGE_COLOUR, INCREASE_COLOUR, LEVEL_COLOUR, MEASURE_NAMES,
                    MUTED_TEXT, NOT_REPORTED, PREVIOUS_COLOUR, RATING_FILLS, RATING_TEXT_COLOURS, mill, number_axis,
                    period_label, report_style, shown_ratings)
from ..words import _


class Plot(NamedTuple):
    """What a figure function returns: the Axes it drew on and the tidy data it drew."""

    ax: Axes
    data: pd.DataFrame


# --- shared plumbing -------------------------------------------------------------------------------

def wrap(text: object, width: int) -> str:
    return textwrap.fill(str(text), width=width, break_on_hyphens=False, break_long_words=False)


def checked_frame(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise FigureError(_("Figurens data mangler kolonnene {join}; forventet {join2}.").format(
            join=', '.join(missing), join2=', '.join(columns)))
    return data.reset_index(drop=True).copy()


def floats(values: pd.Series) -> np.ndarray:
    """Numbers as float64 with NaN for ``<NA>``/``None``."""
    return pd.to_numeric(values.astype(object).where(values.notna(), np.nan), errors="raise").astype("float64").to_numpy()


def axes_or_current(ax: Axes | None) -> Axes:
    """``ax`` or the current Axes; a figure without a layout engine gets the constrained one, so the
    wrapped labels and the legend above the plot are not cut off when it is saved."""
    ax = ax if ax is not None else plt.gca()
    fig = ax.get_figure(root=True)
    if fig is not None and fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    return ax


def _label_bars(ax: Axes, fmt: Callable[[float], str], *, horizontal: bool) -> None:
    """Write each bar's value at its end (``bar_label`` with a Norwegian formatter)."""
    for container in ax.containers:
        ax.bar_label(container, fmt=fmt, padding=3, fontsize=mpl.rcParams["xtick.labelsize"])
    # Leave room for the labels past the longest bar.
    if horizontal:
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo, hi + 0.12 * (hi - lo))
    else:
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.1 * (hi - lo))


def _not_reported(ax: Axes, positions, *, horizontal: bool) -> None:
    for pos in positions:
        xy = (0, pos) if horizontal else (pos, 0)
        ax.annotate(_(NOT_REPORTED), xy, xytext=(4, 0) if horizontal else (0, 4), textcoords="offset points",
                    ha="left" if horizontal else "center", va="center" if horizontal else "bottom",
                    fontsize=mpl.rcParams["xtick.labelsize"], fontstyle="italic", color=MUTED_TEXT)


def simple_bars(ax: Axes, categories: list[str], values: np.ndarray, *, horizontal: bool,
                 fmt: Callable[[float], str], **kwargs) -> None:
    """One bar per category (seaborn), NaN values left out but their slot (and label) kept."""
    present = ~np.isnan(values)
    cats = np.asarray(categories, dtype=object)
    kwargs.setdefault("color", BAR_COLOUR)
    kwargs.setdefault("saturation", 1)  # the palette's own colours, not seaborn's desaturated ones
    if present.any():
        x, y = (values[present], cats[present]) if horizontal else (cats[present], values[present])
        sns.barplot(x=x, y=y, order=categories, orient="h" if horizontal else "v", ax=ax, errorbar=None, **kwargs)
    else:  # nothing to draw: keep the category axis
        (ax.set_yticks if horizontal else ax.set_xticks)(range(len(categories)), categories)
    if horizontal:
        ax.set_ylim(len(categories) - 0.5, -0.5)
    else:
        ax.set_xlim(-0.5, len(categories) - 0.5)
    _label_bars(ax, fmt, horizontal=horizontal)
    _not_reported(ax, np.flatnonzero(~present), horizontal=horizontal)
    ax.grid(axis="y" if horizontal else "x", visible=False)


# --- the figures -------------------------------------------------------------------------------------

def budget_by_owner_group(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Horizontal bars: budget per owner group (mill. kr), in the data's order.

    Parameters
    ----------
    data : DataFrame
        ``owner_group, budget`` (extra columns are kept). ``budget`` ``<NA>`` = not reported: no bar,
        the slot says «ikke rapportert».
    ax : Axes, optional
        Where to draw; default the current Axes.
    **kwargs
        Passed to :func:`seaborn.barplot` (e.g. ``color``).

    Returns
    -------
    Plot
        The Axes and the data as drawn.
    """
    frame = checked_frame(data, ["owner_group", "budget"])
    with report_style():
        ax = axes_or_current(ax)
        simple_bars(ax, [wrap(g, 22) for g in frame["owner_group"]], floats(frame["budget"]),
                     horizontal=True, fmt=lambda v: number(v, 1), **kwargs)
        ax.set(xlabel=_("Budsjett ({mill})").format(mill=mill()), ylabel="")
        number_axis(ax.xaxis)
    return Plot(ax, frame)


def budget_by_strategic_area(data: pd.DataFrame, *, ax: Axes | None = None,
                             budget_years: Mapping[str, int | None] | None = None, **kwargs) -> Plot:
    """Horizontal grouped bars: budget per strategic area, the periods side by side (hue).

    Parameters
    ----------
    data : DataFrame
        ``area, area_name, period, budget``; one row per area and period. Periods are drawn oldest
        first, the newest in the strong colour.
    ax : Axes, optional
    budget_years : mapping, optional
        Each period's budget year; when the periods' years differ, the legend names them
        ("oktober 2019 (budsjett 2019)"), since the bars then compare two budget years.
    **kwargs
        Passed to :func:`seaborn.barplot`.

    Returns
    -------
    Plot
        The data sorted by area then period.
    """
    frame = checked_frame(data, ["area", "area_name", "period", "budget"])
    frame = frame.sort_values(["area", "period"], kind="stable", key=lambda s: s.astype(str)).reset_index(drop=True)
    periods = sorted(frame["period"].astype(str).unique())
    frame["category"] = [wrap(f"{a} {n}", 30) for a, n in zip(frame["area"], frame["area_name"])]
    order = list(dict.fromkeys(frame["category"]))
    values = floats(frame["budget"])
    years = {p: (budget_years or {}).get(p) for p in periods}
    differ = len({y for y in years.values() if y is not None}) > 1
    label_of = {p: _("{period_label} (budsjett {years})").format(
        period_label=period_label(p), years=years[p]) if differ and years[p] is not None else period_label(p)
                for p in periods}
    labels = [label_of[p] for p in periods]
    palette = dict(zip(labels, [PREVIOUS_COLOUR] * (len(periods) - 1) + [BAR_COLOUR]))
    with report_style():
        ax = axes_or_current(ax)
        present = ~np.isnan(values)
        if present.any():
            sns.barplot(x=values[present], y=frame.loc[present, "category"].to_numpy(object),
                        hue=frame.loc[present, "period"].astype(str).map(label_of).to_numpy(object),
                        order=order, hue_order=labels, palette=palette, orient="h", errorbar=None, ax=ax,
                        edgecolor="white", linewidth=0.5, **{"saturation": 1, **kwargs})
        else:
            ax.set_yticks(range(len(order)), order)
        ax.set_ylim(len(order) - 0.5, -0.5)
        _label_bars(ax, lambda v: number(v, 1), horizontal=True)
        width = 0.8 / max(len(periods), 1)  # seaborn's dodge: the group is 0.8 wide
        for i in np.flatnonzero(~present):
            slot = order.index(frame.at[i, "category"]) - 0.4 + (periods.index(str(frame.at[i, "period"])) + 0.5) * width
            _not_reported(ax, [slot], horizontal=True)
        ax.set(xlabel=_("Budsjett ({mill})").format(mill=mill()), ylabel="")
        ax.grid(axis="y", visible=False)
        number_axis(ax.xaxis)
        if ax.get_legend() is not None:
            sns.move_legend(ax, "lower left", bbox_to_anchor=(0, 1.0), ncol=len(periods), title=None, frameon=False)
    return Plot(ax, frame.drop(columns="category"))


def budget_by_goal(data: pd.DataFrame, *, ax: Axes | None = None,
                   budget_years: Mapping[str, int | None] | None = None, **kwargs) -> Plot:
    """Horizontal grouped bars: budget of the projects with each strategic goal as main goal, the periods side
    by side (as :func:`budget_by_strategic_area` draws areas).

    Parameters
    ----------
    data : DataFrame
        ``goal, goal_name, period, budget`` (:func:`ehp_analysis.metrics.strategy.budget_by_goal`); one row per
        goal and period.
    budget_years : mapping, optional
        As for :func:`budget_by_strategic_area`: each period's budget year, named in the legend when they differ.

    Returns
    -------
    Plot
        The data sorted by goal then period, with its own column names.
    """
    frame = checked_frame(data, ["goal", "goal_name", "period", "budget"])
    drawn = budget_by_strategic_area(frame.rename(columns={"goal": "area", "goal_name": "area_name"}), ax=ax,
                                     budget_years=budget_years, **kwargs)
    return Plot(drawn.ax, drawn.data.rename(columns={"area": "goal", "area_name": "goal_name"}))


def status_risk_shares(data: pd.DataFrame, *, ax: Axes | None = None) -> Plot:
    """Stacked 100 % bars of the status and risk colours, one bar per measure and period.

    Each segment has its status colour, an outline, and its share written on it (when it is wide
    enough); the legend names the colours. Projects not assessed are a grey segment after the colours,
    named "ikke vurdert" in the legend (only when there are any). Rows: status then risk, oldest period first.

    Parameters
    ----------
    data : DataFrame
        ``measure`` ("status"/"risiko"), ``period``, ``colour`` ("grønn"/"gul"/"rød"/"ikke vurdert"),
        ``count``, ``share`` (0–1, of all projects). A ``<NA>`` share draws no segment.
    ax : Axes, optional

    Returns
    -------
    Plot
        The drawn segments with ``row`` (bar label), ``left`` (where the segment starts) added.
    """
    frame = checked_frame(data, ["measure", "period", "colour", "count", "share"])
    measures = [m for m in MEASURE_NAMES if m in set(frame["measure"])]
    periods = sorted(frame["period"].astype(str).unique())
    fills, text_colours = RATING_FILLS, RATING_TEXT_COLOURS
    colour_rank = {c: i for i, c in enumerate(fills)}
    frame["_m"] = frame["measure"].map({m: i for i, m in enumerate(measures)})
    frame["_c"] = frame["colour"].map(colour_rank)
    frame = frame[frame["_m"].notna() & frame["_c"].notna()]
    frame = frame.assign(_p=frame["period"].astype(str).map(periods.index)).sort_values(["_m", "_p", "_c"], kind="stable")
    shares = floats(frame["share"])
    frame = frame[~np.isnan(shares)].reset_index(drop=True)
    frame["row"] = [f"{MEASURE_NAMES[m]} {period_label(p)}" for m, p in zip(frame["measure"], frame["period"])]
    rows = list(dict.fromkeys(frame["row"]))
    # A gap between the status bars and the risk bars.
    positions = {r: i + 0.6 * measures.index(frame.loc[frame["row"] == r, "measure"].iloc[0]) for i, r in enumerate(rows)}
    frame["left"] = frame.groupby("row", sort=False)["share"].transform(lambda s: s.astype("float64").cumsum() - s.astype("float64"))
    with report_style():
        ax = axes_or_current(ax)
        shown = shown_ratings(frame["colour"])
        for colour in shown:
            part = frame[frame["colour"] == colour]
            if part.empty:
                ax.barh([], [], color=fills[colour], edgecolor=EDGE_COLOUR, label=colour)
                continue
            y = [positions[r] for r in part["row"]]
            widths = part["share"].astype("float64").to_numpy()
            bars = ax.barh(y, widths, left=part["left"].to_numpy(float), height=0.7, color=fills[colour],
                           edgecolor=EDGE_COLOUR, linewidth=0.6, label=colour)
            labels = [percent(w) if w >= SEGMENT_LABEL_MIN else "" for w in widths]
            ax.bar_label(bars, labels=labels, label_type="center", color=text_colours[colour],
                         fontsize=mpl.rcParams["xtick.labelsize"])
        # Segments too narrow for their value get it, with the colour's name, right of the bar.
        narrow = frame[(frame["share"] > 0) & (frame["share"] < SEGMENT_LABEL_MIN)]
        for row, part in narrow.groupby("row", sort=False):
            text = ", ".join(f"{c} {percent(float(s))}" for c, s in zip(part["colour"], part["share"]))
            ax.annotate(text, (1, positions[row]), xytext=(4, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=mpl.rcParams["xtick.labelsize"], annotation_clip=False)
        ax.set_yticks([positions[r] for r in rows], rows)
        ax.set_ylim(max(positions.values(), default=0) + 0.6, -0.6)
        ax.set_xlim(0, 1)
        ax.set(xlabel=_("Andel prosjekter"), ylabel="")
        ax.grid(axis="y", visible=False)
        number_axis(ax.xaxis, percent=True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(shown), frameon=False)
    return Plot(ax, frame.drop(columns=["_m", "_c", "_p"]))


def total_cost_bands(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Vertical bars: number of projects per total-cost band, the bands being reference data.

    Parameters
    ----------
    data : DataFrame
        ``band, count`` and optionally ``label`` (the axis label of each band), as
        ``costs.cost_bands`` gives them: drawn in the data's order. Without ``label``, the shipped bands
        (``reference/cost-bands.yaml``) give the order and the labels, and a band missing from the data gets
        an empty slot. A ``<NA>`` count gets no bar (a count of 0 is drawn as 0 and labelled).
    ax : Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.
    """
    frame = checked_frame(data, ["band", "count"])
    if "label" not in frame.columns:
        shipped = load_cost_bands()
        frame = pd.DataFrame({"band": list(shipped.keys)}).merge(frame, on="band", how="left")
        frame.insert(1, "label", frame["band"].map(shipped.labels))
    with report_style():
        ax = axes_or_current(ax)
        simple_bars(ax, [str(label) for label in frame["label"]], floats(frame["count"]), horizontal=False,
                     fmt=number, **kwargs)
        ax.set(xlabel=_("Totalkostnad ({mill})").format(mill=mill()), ylabel=_("Antall prosjekter"))
        number_axis(ax.yaxis, integer=True)
    return Plot(ax, frame)


def dependencies_by_category(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Horizontal bars: number of dependencies per category, in the data's order.

    Parameters
    ----------
    data : DataFrame
        ``category, count``; long category names are wrapped.
    ax : Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.
    """
    frame = checked_frame(data, ["category", "count"])
    with report_style():
        ax = axes_or_current(ax)
        simple_bars(ax, [wrap(c, 24) for c in frame["category"]], floats(frame["count"]), horizontal=True,
                     fmt=number, **kwargs)
        ax.set(xlabel=_("Antall avhengigheter"), ylabel="")
        number_axis(ax.xaxis, integer=True)
    return Plot(ax, frame)


LEVEL_STEPS = ("previous_total", "total")
SEGMENT_LABEL_MIN = 0.06  # narrower status segments are labelled beside the bar


def bridge_frame(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of the bridge's ``step, amount`` with ``label``, the reader's name of each step, second.

    The metric gives step codes only (``overview.BudgetBridge.frame``); the words are
    ``text.LABELS["bridge"]``'s. A ``label`` column already in ``data`` is kept, so a chapter can word
    a step its own way; an unknown step is shown as its code.

    Raises
    ------
    FigureError
        If ``data`` has no ``step`` or ``amount`` column.
    """
    frame = checked_frame(data, ["step", "amount"])
    if "label" not in frame.columns:
        frame.insert(1, "label", [LABELS["bridge"].get(str(step), str(step)) for step in frame["step"]])
    return frame


def budget_bridge(data: pd.DataFrame, *, ax: Axes | None = None, from_zero: bool = True) -> Plot:
    """Waterfall: from the previous period's total budget to this one's, step by step.

    The first and last steps (``previous_total``, ``total``) are levels drawn from 0; the others are
    signed changes floating from the running total, labelled ``+12,3`` / ``−45,0``. Increases and
    decreases differ in colour *and* sign. A ``<NA>`` step is not drawn and does not move the running
    total; without a previous total, only the total is drawn.

    Parameters
    ----------
    data : DataFrame
        ``step, amount`` in bridge order, as ``overview.BudgetBridge.frame()`` gives it; each step is named
        on the axis by an optional ``label`` column, else by ``text.LABELS["bridge"]``.
    ax : Axes, optional
    from_zero : bool
        ``True`` (default): the value axis starts at 0, so bar lengths compare honestly. ``False``: the axis
        is zoomed to the range the changes move in, so small steps show; the axis label then says
        «aksen starter ikke på 0».

    Returns
    -------
    Plot
        The data with ``label``, ``start``, ``end`` and ``kind`` (``level``/``increase``/``decrease``;
        ``<NA>`` where not drawn).
    """
    frame = bridge_frame(data)
    amounts = floats(frame["amount"])
    start, end, kind = [], [], []
    running = math.nan
    for step, amount in zip(frame["step"], amounts):
        if step in LEVEL_STEPS:
            s, e = (0.0, amount) if not math.isnan(amount) else (math.nan, math.nan)
            running = amount if step == "previous_total" else running
            k = "level" if not math.isnan(amount) else None
        elif math.isnan(amount) or math.isnan(running):
            s, e, k = math.nan, math.nan, None
        else:
            s, e = running, running + amount
            running = e
            k = "increase" if amount >= 0 else "decrease"
        start.append(s)
        end.append(e)
        kind.append(k)
    frame["start"] = pd.array(start, dtype="Float64")
    frame["end"] = pd.array(end, dtype="Float64")
    frame["kind"] = pd.array(kind, dtype="string")
    colours = {"level": LEVEL_COLOUR, "increase": INCREASE_COLOUR, "decrease": DECREASE_COLOUR}
    with report_style():
        ax = axes_or_current(ax)
        drawn = [i for i, k in enumerate(kind) if k is not None]
        bottoms = [min(start[i], end[i]) for i in drawn]
        heights = [abs(end[i] - start[i]) for i in drawn]
        bars = ax.bar(drawn, heights, bottom=bottoms, width=0.65, color=[colours[kind[i]] for i in drawn],
                      edgecolor="white", linewidth=0.5)
        labels = [number(amounts[i], 1) if kind[i] == "level" else signed(amounts[i], 1) for i in drawn]
        ax.bar_label(bars, labels=labels, padding=3, fontsize=mpl.rcParams["xtick.labelsize"])
        for a, b in zip(drawn, drawn[1:]):  # connectors at the running total
            ax.plot([a + 0.325, b - 0.325], [end[a], end[a]], color=MUTED_TEXT, linewidth=0.8, linestyle=":")
        ax.set_xticks(range(len(frame)), [wrap(t, 12) for t in frame["label"]])
        ax.set_xlim(-0.5, len(frame) - 0.5)
        lo, hi = ax.get_ylim()
        if from_zero or len(drawn) == 0:
            ax.set_ylim(min(lo, 0), hi + 0.08 * (hi - min(lo, 0)))
        else:
            ends = [v for i in drawn for v in (start[i], end[i]) if kind[i] != "level"] + \
                [end[i] for i in drawn if kind[i] == "level"]
            span = (max(ends) - min(ends)) or abs(max(ends)) or 1.0
            ax.set_ylim(max(min(ends) - 0.5 * span, 0), max(ends) + 0.25 * span)
        zoomed = "" if from_zero or len(drawn) == 0 else _(", aksen starter ikke på 0")
        ax.set(ylabel=_("Budsjett ({mill}{zoomed})").format(mill=mill(), zoomed=zoomed), xlabel="")
        ax.grid(axis="x", visible=False)
        number_axis(ax.yaxis)
    return Plot(ax, frame)


