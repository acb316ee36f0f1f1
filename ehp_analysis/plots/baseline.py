"""Chapter 5, "Kostnad og tid mot første rapportering": the projects whose total cost grew the most since their
first report (:func:`cost_growth`), and its alt text (:data:`ALT_TEXT`, joined into :func:`ehp_analysis.plots.alt_text`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.axes import Axes

from ..text import amount_as_reported, currency, percent
from ..words import _, ngettext
from .figures import Plot, axes_or_current, checked_frame, floats, simple_bars, wrap
from .style import report_style

LABEL_WIDTH = 38  # characters per line of a project's label


def _label(pid, name) -> str:
    return wrap(f"{int(pid)} {name}", LABEL_WIDTH)


def cost_growth(data: pd.DataFrame, *, ax: Axes | None = None, **kwargs) -> Plot:
    """Horizontal bars: each project's growth in total cost since its first report, in per cent, in the data's order.

    Parameters
    ----------
    data : DataFrame
        ``id, name, growth`` (a fraction, as :meth:`ehp_analysis.metrics.baseline.Baseline.largest_growths` gives
        it, largest first); other columns are kept.
    ax : Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.
    """
    frame = checked_frame(data, ["id", "name", "growth"])
    frame["growth_percent"] = floats(frame["growth"]) * 100
    with report_style():
        ax = axes_or_current(ax)
        simple_bars(ax, [_label(i, n) for i, n in zip(frame["id"], frame["name"])],
                     frame["growth_percent"].to_numpy(), horizontal=True,
                     fmt=lambda v: percent(v / 100), **kwargs)
        ax.set(xlabel=_("Vekst i totalkostnad siden første rapportering (%)"), ylabel="")
    return Plot(ax, frame)


def _alt_cost_growth(data: pd.DataFrame, year: str) -> str:
    n = len(data)
    text = ngettext("Stolpediagram over prosjektet med størst vekst i totalkostnad siden første rapportering, i prosent.",
                    "Stolpediagram over de {n} prosjektene med størst vekst i totalkostnad siden første rapportering, "
                    "i prosent.", n).format(n=n)
    if not n:
        return text
    top = data.iloc[0]
    return text + " " + _("Størst er {id} {name} med {share} (fra {first} til {now} {unit}).").format(
        id=int(top["id"]), name=top["name"], share=percent(float(top["growth"])),
        first=amount_as_reported(top["first_total_cost"]) if "first_total_cost" in data.columns else "–",
        now=amount_as_reported(top["total_cost"]) if "total_cost" in data.columns else "–", unit=currency().mill)


ALT_TEXT: dict[str, Callable[..., str]] = {"cost_growth": _alt_cost_growth}
