"""The figures behind the committee's decisions: total cost against benefits, and the dependency network.

Same conventions as :mod:`.figures`: a tidy frame in, ``Plot(ax, data)`` out, status shown by colour AND
shape, red dependencies by colour AND line style, Norwegian numbers on the axes. Both are deterministic: the
network's layout is seeded and its nodes are added in sorted order, so the same data draws the same bytes.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ..text import LABELS, number
from .figures import Plot, axes_or_current, checked_frame
from .style import EDGE_COLOUR, MUTED_TEXT, NOT_ASSESSED, RATING_FILLS, STATUS_COLOURS, WITHHELD, mill, report_style
from ..words import _

#: Status by shape as well as by colour (the shapes alone tell the colours apart in greyscale).
STATUS_MARKERS = {"grønn": "o", "gul": "s", "rød": "^", NOT_ASSESSED: "X", WITHHELD: "D"}
RED_EDGE = STATUS_COLOURS["rød"]
PLAIN_EDGE = "#8C8C8C"
LARGE_EDGE = "#DADADA"
COMPONENT_FILL = "#DCEBF7"
PROJECT_FILL = "#FFFFFF"
LAYOUT_SEED = 20200117


# --- total cost against quantified benefits ----------------------------------------------------------------

def _log_axis(axis) -> None:
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos=None: number(v, 1, trim=True)))
    axis.set_minor_formatter(NullFormatter())


def priority_scatter(data: pd.DataFrame, *, ax: Axes | None = None) -> Plot:
    """Total cost (x) against quantified benefits (y), both on log scales, one mark per project.

    Status by colour AND marker shape (legend with the words); the projects marked ``labelled`` get their id
    beside the mark; a dashed line shows where benefits equal the total cost.

    Parameters
    ----------
    data : DataFrame
        ``id, total_cost, benefits, status, labelled`` (as :attr:`~ehp_analysis.metrics.priority.Prioritisation.ranked`),
        amounts above 0 in mill. kr.
    ax : Axes, optional

    Returns
    -------
    Plot
        The data as drawn.
    """
    frame = checked_frame(data, ["id", "total_cost", "benefits", "status", "labelled"])
    x = frame["total_cost"].astype("float64").to_numpy()
    y = frame["benefits"].astype("float64").to_numpy()
    status = [NOT_ASSESSED if pd.isna(s) else str(s) for s in frame["status"]]
    with report_style():
        ax = axes_or_current(ax)
        # No layout engine: the labels are placed in pixels (_place_labels), which a layout run at saving would
        # move; the saved figure is cropped to its contents (bbox_inches="tight"), so nothing is cut off.
        ax.get_figure(root=True).set_layout_engine("none")
        ax.set_xscale("log")
        ax.set_yscale("log")
        fills = RATING_FILLS
        for colour, marker in STATUS_MARKERS.items():
            shown = np.array([s == colour for s in status], dtype=bool)
            if not shown.any():
                continue
            ax.scatter(x[shown], y[shown], marker=marker, s=64, color=fills[colour], edgecolor=EDGE_COLOUR,
                       linewidth=0.8, zorder=3, label=LABELS["colours"][colour])
        if len(frame):
            lo = min(x.min(), y.min()) / 1.6
            hi = max(x.max(), y.max()) * 1.6
            ax.plot([lo, hi], [lo, hi], linestyle=(0, (4, 3)), color=MUTED_TEXT, linewidth=0.9, zorder=1)
            ax.annotate(_("gevinster = totalkostnad"), (hi / 1.7, hi / 1.7), xytext=(-4, 6), textcoords="offset points",
                        ha="right", va="bottom", rotation=0, fontsize=9, color=MUTED_TEXT)
            ax.set_xlim(x.min() / 1.6, x.max() * 1.6)
            ax.set_ylim(y.min() / 1.6, y.max() * 1.6)
        _log_axis(ax.xaxis)
        _log_axis(ax.yaxis)
        ax.set(xlabel=_("Totalkostnad ({mill}, logaritmisk skala)").format(mill=mill()),
               ylabel=_("Kvantifiserte gevinster ({mill}, logaritmisk skala)").format(mill=mill()))
        if len(frame):
            legend = ax.legend(title=_("Status"), loc="upper left", frameon=True, framealpha=0.9, edgecolor="#CCCCCC")
            order = np.argsort(-x, kind="stable")  # the largest first: they get the best places
            _place_labels(ax, x, y, [str(int(frame["id"].iloc[i])) if frame["labelled"].iloc[i] else None
                                     for i in range(len(frame))], order, legend)
    return Plot(ax, frame)


# Where a label may stand beside its mark (offset in points, alignment), in order of preference.
_LABEL_PLACES = ((6, -3, "left", "top"), (6, 3, "left", "bottom"), (-6, -3, "right", "top"),
                 (-6, 3, "right", "bottom"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
                 (10, 0, "left", "center"), (-10, 0, "right", "center"))


def _place_labels(ax: Axes, x: np.ndarray, y: np.ndarray, labels: list, order, legend=None) -> None:
    """Write each label beside its mark where it covers no other label, mark or the legend and is nearer its own
    mark than any other (the first such place of :data:`_LABEL_PLACES`; the first place when none is free). Measured in pixels, without drawing
    the figure (its marks may be thousands)."""
    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()
    points = ax.transData.transform(np.column_stack([x, y]))
    radius = 5 * fig.dpi / 72  # a mark's half-width in pixels
    boxes = np.column_stack([points - radius, points + radius])          # x0, y0, x1, y1 per mark
    if legend is not None:
        e = legend.get_window_extent(renderer)
        boxes = np.vstack([boxes, [e.x0, e.y0, e.x1, e.y1]])
    area = ax.get_window_extent(renderer)
    for i in order:
        if labels[i] is None:
            continue
        others = np.ones(len(boxes), dtype=bool)
        others[i] = False                                                # its own mark
        chosen = None
        for dx, dy, ha, va in _LABEL_PLACES:
            text = ax.annotate(labels[i], (x[i], y[i]), xytext=(dx, dy), textcoords="offset points", fontsize=9,
                               ha=ha, va=va, color="#222222", zorder=4)
            b = text.get_window_extent(renderer)
            hit = ((boxes[others, 0] < b.x1) & (boxes[others, 2] > b.x0) & (boxes[others, 1] < b.y1)
                   & (boxes[others, 3] > b.y0)).any()
            # and it must read as its own mark's: no other mark nearer to the label than its own
            centre = np.array([(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2])
            near = np.hypot(*(points - centre).T)
            closest = near[i] <= np.delete(near, i).min(initial=np.inf)
            free = (area.x0 <= b.x0 and b.x1 <= area.x1 and area.y0 <= b.y0 and b.y1 <= area.y1 and not hit
                    and closest)
            if chosen is None or free:
                if chosen is not None:
                    chosen[0].remove()
                chosen = (text, [b.x0, b.y0, b.x1, b.y1])
                if free:
                    break
            else:
                text.remove()
        boxes = np.vstack([boxes, chosen[1]])


# --- the dependency network --------------------------------------------------------------------------------

def _wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width=width, break_on_hyphens=False, break_long_words=True)


def _circular_order(columns: list[str], edges: pd.DataFrame, rounds: int = 30) -> list[str]:
    """The column nodes in an order that keeps together what is linked (a barycentre heuristic on a ring:
    each other node takes the circular mean of the places of the column nodes it is linked to, each column
    node that of its own place and of everything linked to it, either way; the column nodes are sorted by it;
    deterministic, ties by the given order)."""
    if len(columns) < 3:
        return list(columns)
    in_columns = set(columns)
    linked: dict[str, list[str]] = {}
    # A red dependency counts four times: the lines a reader must follow are kept short.
    for a, b, red in zip(edges["source"], edges["target"], edges["red"]):
        for _round in range(4 if red else 1):
            linked.setdefault(a, []).append(b)
            linked.setdefault(b, []).append(a)
    order = list(columns)
    for _round in range(rounds):
        angle = {t: 2 * math.pi * i / len(order) for i, t in enumerate(order)}
        other = {}
        for node, near in linked.items():
            if node in in_columns:
                continue
            c = sum(math.cos(angle[m]) for m in near if m in angle)
            s = sum(math.sin(angle[m]) for m in near if m in angle)
            if c or s:
                other[node] = math.atan2(s, c)
        place = {}
        for i, t in enumerate(order):
            near = [angle[m] if m in angle else other[m] for m in linked.get(t, []) if m in angle or m in other]
            c = math.cos(angle[t]) + sum(math.cos(a) for a in near)
            s = math.sin(angle[t]) + sum(math.sin(a) for a in near)
            place[t] = (math.atan2(s, c) % (2 * math.pi), i)
        new = sorted(order, key=lambda t: place[t])
        if new == order:
            break
        order = new
    return order


def _separate(pos: np.ndarray, distance: float, segments: list[tuple[np.ndarray, np.ndarray, np.ndarray, float]] = (),
              rounds: int = 80) -> np.ndarray:
    """Push points closer than ``distance`` apart, and off the lines that do not end at them, in a few
    deterministic rounds: a circle must not cover another's id, and a line passing through a project would
    read as its dependency.

    ``segments`` are ``(start, end, ends, clearance)``: the line's end points (each an array of shape (2,),
    possibly a view into ``pos``'s rows given by ``ends``, the indices of the points the line ends at, -1 for a
    fixed node) and how far other points must stay from it.
    """
    pos = pos.copy()
    for _round in range(rounds):
        moved = False
        if len(pos) > 1:
            delta = pos[:, None, :] - pos[None, :, :]
            dist = np.sqrt((delta ** 2).sum(-1))
            np.fill_diagonal(dist, 2 * distance)
            close = dist < distance
            if close.any():
                moved = True
                unit = delta / np.maximum(dist, 1e-9)[..., None]
                pos += np.where(close[..., None], unit * (distance - dist)[..., None], 0.0).sum(axis=1) * 0.5
        for start, end, ends, clearance in segments:
            a = pos[ends[0]] if ends[0] >= 0 else start
            b = pos[ends[1]] if ends[1] >= 0 else end
            ab = b - a
            length2 = float(ab @ ab)
            if length2 == 0:
                continue
            t = np.clip(((pos - a) @ ab) / length2, 0.0, 1.0)
            nearest = a + t[:, None] * ab
            away = pos - nearest
            gap = np.sqrt((away ** 2).sum(-1))
            hit = (gap < clearance) & (t > 0.02) & (t < 0.98)
            hit[[i for i in ends if i >= 0]] = False
            if hit.any():
                moved = True
                normal = np.array([-ab[1], ab[0]]) / math.sqrt(length2)
                side = np.where(gap[hit] > 1e-9, 0, 1)
                direction = np.where(side[:, None] == 1, normal, away[hit] / np.maximum(gap[hit], 1e-9)[:, None])
                pos[hit] += direction * (clearance - gap[hit])[:, None] * 0.6
        pos[:, 0] = np.clip(pos[:, 0], -0.84, 0.84)
        pos[:, 1] = np.clip(pos[:, 1], -1.0, 1.0)
        if not moved:
            break
    return pos


COLUMN_PULL = 0.62  # how far towards its column a project that depends only on that column's targets goes


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame, large: bool) -> dict[str, np.ndarray]:
    """Node positions, without any randomness but a seeded jitter.

    What many depend on (``shared``) stands in two columns, in an order that keeps together what the same
    projects depend on, so that their labels point outwards and never meet. Every other project sits at the
    average place of what it is linked to (the columns' pull scaled by :data:`COLUMN_PULL`; repeated, so a
    chain of projects settles), then is nudged until no two circles overlap. For a large portfolio the nudging
    is left out (thousands of dots, no ids)."""
    shared = nodes.loc[nodes["shared"].astype(bool), "node"].tolist()
    order = _circular_order(shared, edges)
    half = (len(order) + 1) // 2
    left, right = order[:half], order[half:][::-1]
    pos: dict[str, np.ndarray] = {}
    for column, x in ((left, -1.0), (right, 1.0)):
        for i, t in enumerate(column):
            pos[t] = np.array([x, 1.0 - 2.0 * (i + 0.5) / max(half, 1)])
    free = [n for n in nodes["node"] if n not in pos]
    if not free:
        return pos
    index = {n: i for i, n in enumerate(free)}
    neighbours: dict[str, list[str]] = {n: [] for n in free}
    for a, b in zip(edges["source"], edges["target"]):
        if a in index:
            neighbours[a].append(b)
        if b in index:
            neighbours[b].append(a)
    pull = np.array([COLUMN_PULL, 1.0])
    xy = np.zeros((len(free), 2))
    for _round in range(1 if large else 40):
        for n in free:
            linked = [pos[m] * pull if m in pos else xy[index[m]] for m in neighbours[n]]
            if linked:
                xy[index[n]] = np.mean(linked, axis=0)
    rng = np.random.default_rng(LAYOUT_SEED)
    spread = 0.12 if large else 0.02
    angle = rng.uniform(0, 2 * math.pi, len(free))
    radius = spread * np.sqrt(rng.uniform(0, 1, len(free)))
    xy += np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    if not large:
        segments = []
        for a, b, red in zip(edges["source"], edges["target"], edges["red"]):
            if a in pos and b in pos and abs(pos[a][0]) >= 1 and np.sign(pos[a][0]) == np.sign(pos[b][0]):
                continue  # drawn as a curve along its column (_edge_path)
            segments.append((pos.get(a), pos.get(b), (index.get(a, -1), index.get(b, -1)), 0.05 if red else 0.035))
        xy = _separate(xy, 0.11, segments)
    pos.update({n: xy[index[n]] for n in free})
    return pos


def _edge_path(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A straight line, or between two places of the same column a curve bowed towards the middle (a
    straight one would run over the column's other markers)."""
    if abs(a[0]) >= 1 and abs(b[0]) >= 1 and np.sign(a[0]) == np.sign(b[0]):
        t = np.linspace(0, 1, 32)[:, None]
        control = np.array([a[0] * (1 - 0.35 * min(abs(a[1] - b[1]), 1.6)), (a[1] + b[1]) / 2])
        curve = (1 - t) ** 2 * a + 2 * (1 - t) * t * control + t ** 2 * b
        return curve[:, 0], curve[:, 1]
    return np.array([a[0], b[0]]), np.array([a[1], b[1]])


def dependency_network(data: pd.DataFrame, *, edges: pd.DataFrame, ax: Axes | None = None) -> Plot:
    """The projects and what they depend on, as a network.

    What is depended on (shared components, and portfolio projects others depend on) stands in two columns,
    a square marker with its name pointing outwards; the projects depending on them are circles with their id
    between the columns. A red dependency is a red dashed line, any other a grey solid one; a ``høy``
    dependency is drawn thicker. A project at risk through the network is a diamond with a thick red outline.

    Parameters
    ----------
    data : DataFrame
        The nodes: ``node, kind, label, at_risk`` and optionally ``name`` (as
        :func:`ehp_analysis.metrics.network.figure_data`), in sorted order; ``data.attrs["mode"] == "største"``
        draws a large portfolio: the project ids are left out (too many to read).
    edges : DataFrame
        ``source, target, high, red``.
    ax : Axes, optional

    Returns
    -------
    Plot
        The nodes with their positions ``x, y``.
    """
    frame = checked_frame(data, ["node", "kind", "label", "at_risk"])
    edges = checked_frame(edges, ["source", "target", "high", "red"])
    large = data.attrs.get("mode") == "største"
    frame["shared"] = data["shared"].to_numpy() if "shared" in data.columns else frame["node"].isin(set(edges["target"]))
    target_set = set(frame.loc[frame["shared"].astype(bool), "node"])
    pos = _layout(frame, edges, large)
    frame["x"] = [float(pos[n][0]) for n in frame["node"]]
    frame["y"] = [float(pos[n][1]) for n in frame["node"]]
    names = frame["name"] if "name" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    with report_style():
        ax = axes_or_current(ax)
        # One collection per kind of line (thousands of lines at 5,000 projects), red ones on top.
        for red in (False, True):
            for high in (False, True):
                part = edges[(edges["red"] == red) & (edges["high"] == high)]
                if not len(part):
                    continue
                paths = [np.column_stack(_edge_path(pos[a], pos[b])) for a, b in zip(part["source"], part["target"])]
                if red:
                    style = dict(colors=RED_EDGE, linestyles=[(0, (5, 3))], alpha=0.8 if large else 1.0,
                                 linewidths=(1.2 if large else 2.2) if high else (0.9 if large else 1.4), zorder=2)
                elif large:  # thousands of lines: one flat light grey (no blending: a smaller PNG, drawn faster)
                    style = dict(colors=LARGE_EDGE, linestyles="solid", linewidths=0.5, antialiaseds=False, zorder=1)
                else:
                    style = dict(colors=PLAIN_EDGE, linestyles="solid", alpha=0.6, linewidths=1.1 if high else 0.6,
                                 zorder=1)
                ax.add_collection(LineCollection(paths, **style))
        is_target = frame["node"].isin(target_set)
        for kind_targets in (False, True):
            for risky in (False, True):
                part = frame[(is_target == kind_targets) & (frame["at_risk"] == risky)]
                if not len(part):
                    continue
                size = (70 if kind_targets else (12 if large else 230)) * (1.25 if risky else 1)
                marker = "D" if risky else ("s" if kind_targets else "o")
                ax.scatter(part["x"], part["y"], s=size, marker=marker,
                           color=COMPONENT_FILL if kind_targets else PROJECT_FILL,
                           edgecolor=RED_EDGE if risky else EDGE_COLOUR, linewidth=2.0 if risky else 0.8, zorder=3)
        if not large:
            for x, y, label in zip(frame.loc[~is_target, "x"], frame.loc[~is_target, "y"], frame.loc[~is_target, "label"]):
                ax.annotate(str(label), (x, y), ha="center", va="center", fontsize=7.5, zorder=4, parse_math=False)
        for x, y, label, kind, name in zip(frame.loc[is_target, "x"], frame.loc[is_target, "y"],
                                           frame.loc[is_target, "label"], frame.loc[is_target, "kind"],
                                           names[is_target]):
            text = str(label) if kind != "prosjekt" else (f"{label} {name}" if isinstance(name, str) and name
                                                          else _("Prosjekt {label}").format(label=label))
            outward = -1 if x < 0 else 1
            ax.annotate(_wrap(text, 30), (x, y), xytext=(9 * outward, 0), textcoords="offset points",
                        ha="right" if outward < 0 else "left", va="center", fontsize=8.5, zorder=5,
                        parse_math=False, linespacing=1.1)
        ax.set_axis_off()
        ax.set_xlim(-1.08, 1.08)
        ax.set_ylim(-1.06, 1.06)
        handles = [
            Line2D([], [], color=PLAIN_EDGE, linewidth=1.1, label=_("Avhengighet (tykkere: høy kritikalitet)")),
            Line2D([], [], color=RED_EDGE, linewidth=2.2, linestyle=(0, (5, 3)), label=_("Rød (uavklart) "
                                                                                         "avhengighet")),
            Line2D([], [], marker="o", linestyle="", markerfacecolor=PROJECT_FILL, markeredgecolor=EDGE_COLOUR,
                   markersize=9, label=_("Prosjekt") + ("" if large else " (ID)")),
            Line2D([], [], marker="s", linestyle="", markerfacecolor=COMPONENT_FILL, markeredgecolor=EDGE_COLOUR,
                   markersize=8, label=(_("Det flest prosjekter avhenger av (høy kritikalitet)") if large else
                                        _("Felles komponent, eller noe en rød avhengighet gjelder"))),
            Line2D([], [], marker="D", linestyle="", markerfacecolor=PROJECT_FILL, markeredgecolor=RED_EDGE,
                   markeredgewidth=2.0, markersize=8, label=_("Prosjekt utsatt gjennom nettverket")),
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                  fontsize=9)
    return Plot(ax, frame)


__all__ = ["STATUS_MARKERS", "dependency_network", "priority_scatter"]
