"""The look of the report's figures: the palette, the matplotlib style, Norwegian numbers on the axes.

The status palette (:data:`STATUS_COLOURS`) comes from the Okabe–Ito family: a bluish green, a yellow
and a vermillion, which stay apart under deuteranopia and protanopia, and each carries black text at a
contrast of at least 4.5:1 (WCAG AA).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import seaborn as sns
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import text
from ..text.labels import Labels
from ..words import N_

#: Status colours (Okabe–Ito): bluish green, yellow, vermillion. Also used by the HTML badges.
STATUS_COLOURS: dict[str, str] = {"grønn": "#009E73", "gul": "#F0E442", "rød": "#D55E00"}
#: "ikke vurdert" (no status or risk reported): a light grey, never a colour, apart from the three under
#: colour-vision deficiency; always drawn with its words.
NOT_ASSESSED = text.NOT_ASSESSED
NOT_ASSESSED_COLOUR = "#DDDDDD"
#: "unntatt offentlighet" (a status or risk withheld from disclosure): a rating, but never a colour nor the grey
#: of "ikke vurdert": a white segment with its outline, always drawn with its words.
WITHHELD = text.WITHHELD_RATING
WITHHELD_COLOUR = "#FFFFFF"
BAR_COLOUR = "#0072B2"            # Okabe–Ito blue: one-series bars
PREVIOUS_COLOUR = "#9CC3E0"       # the previous period beside the current one (lighter, same hue)
LEVEL_COLOUR = "#4D4D4D"          # bridge levels
INCREASE_COLOUR = "#0072B2"
DECREASE_COLOUR = "#CC79A7"       # Okabe–Ito reddish purple: not the status red
EDGE_COLOUR = "#333333"           # outlines, so the light yellow stands out from a white background
MUTED_TEXT = "#555555"

NOT_REPORTED = N_("ikke rapportert")


def mill() -> str:
    """Millions of the period's currency on axes, in legends and alt texts: ``"mill. kr"``, ``"mill. GBP"``
    (:func:`ehp_analysis.text.currency`; a call, not a constant, so it follows the currency set for the period)."""
    return text.currency().mill


MEASURE_NAMES = Labels({"status": N_("Status"), "risiko": N_("Risiko")})

_RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#4D4D4D",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#222222",
    "ytick.color": "#222222",
    "grid.color": "#E3E3E3",
    "legend.frameon": False,
    "axes.formatter.use_locale": False,
}


def period_label(period: object) -> str:
    """``"2019-10"`` -> ``"oktober 2019"`` for legends and axis labels; anything else as it is.

    Periods are still ordered by their ``YYYY-MM`` value, never by this label.
    """
    from ..config import PERIOD_RE

    label = str(period)
    return text.month_year(label) if PERIOD_RE.match(label) else label


def colour_share_words(part) -> list[str]:
    """One bar's segments as an alt text lists them: ``["56 % gul", "43 % grønn", "ingen rød"]``.

    ``part`` has ``colour`` and ``share``; a zero share is said in words ("ingen rød"), a category other than
    the three colours (not assessed) is left out where no project has it, and a missing share is skipped.
    """
    import pandas as pd

    return [f"{text.share_words(float(s))} {c}" for c, s in zip(part["colour"], part["share"])
            if pd.notna(s) and (float(s) or c in STATUS_COLOURS)]


class report_style:
    """The report's plotting style: a clean seaborn theme, readable sizes, no top/right spines.

    Calling ``report_style()`` applies the style for the session; used as a context manager
    (``with report_style(): ...``) it is undone on exit, as :func:`matplotlib.rc_context` does.
    Norwegian number formats are set per axis by the figure functions (:func:`number_axis`).
    """

    def __init__(self, font_scale: float = 1.0):
        self._saved = dict(mpl.rcParams.copy())
        del self._saved["backend"]
        sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", font_scale=font_scale)
        mpl.rcParams.update(_RC)

    def __enter__(self) -> report_style:
        return self

    def __exit__(self, *exc) -> None:
        mpl.rcParams._update_raw(self._saved)


# --- Norwegian numbers on the axes: the report's one formatter (text.number), so a tick, a bar label
# and the sentence beside the figure round alike and write the same minus sign ------------------------

def _tick(value: float, _pos=None) -> str:
    return text.number(value, 1, trim=True)


def _percent_tick(value: float, _pos=None) -> str:
    return text.percent(value)


def number_axis(axis, *, percent: bool = False, integer: bool = False) -> None:
    """Norwegian tick labels on ``axis`` (``ax.xaxis`` or ``ax.yaxis``): ``1 500``, ``2,5``, ``25 %``."""
    axis.set_major_formatter(FuncFormatter(_percent_tick if percent else _tick))
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))


# --- colour helpers --------------------------------------------------------------------------------

def _relative_luminance(colour: str) -> float:
    rgb = np.asarray(mpl.colors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_colour_on(background: str) -> str:
    return max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(c, background))


#: Text colour (black or white) with the higher contrast on each status colour.
STATUS_TEXT_COLOURS: dict[str, str] = {k: _text_colour_on(v) for k, v in STATUS_COLOURS.items()}
NOT_ASSESSED_TEXT_COLOUR = _text_colour_on(NOT_ASSESSED_COLOUR)
#: Every category of a status or risk, in drawing order: the colours, then "ikke vurdert", then withheld.
RATING_FILLS: dict[str, str] = {**STATUS_COLOURS, NOT_ASSESSED: NOT_ASSESSED_COLOUR, WITHHELD: WITHHELD_COLOUR}
RATING_TEXT_COLOURS: dict[str, str] = {k: _text_colour_on(v) for k, v in RATING_FILLS.items()}


def shown_ratings(colours) -> list[str]:
    """The categories a status or risk figure draws and its legend names: the three colours always, "ikke
    vurdert" and "unntatt offentlighet" only when some segment has them."""
    present = set(colours)
    return [*STATUS_COLOURS, *(k for k in (NOT_ASSESSED, WITHHELD) if k in present)]

