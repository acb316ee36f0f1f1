"""What chapter notebooks call to show things: one call per figure, table, text or commentary.

Each call displays ONE ``text/html`` output that the assembly step recognises (figure and table numbers are
left empty here and filled in across the whole report when the chapters are assembled, so moving a chapter
renumbers them and a cached chapter needs no re-run). Everything that comes from data or from an analyst's
file is escaped: a project called ``<script>`` shows as that text.

Files: the notebook's setup cell calls :func:`configure` with its ``output_dir`` parameter (the build
injects a staging folder). Then :func:`figure` writes ``figures/<name>.png`` and ``figures/<name>.csv``
and :func:`table` writes ``tables/<name>.csv``. With no output folder (an analyst iterating in Jupyter)
nothing is written.

CSV files are written for Norwegian Excel (``;``-separated, decimal comma, UTF-8 with BOM) and are
formula-safe: a text cell that Excel would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import base64
import html
import io
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt

from .. import text as _text
from ..config import OUTPUT
from ..exceptions import ChapterUsageError, FigureError, UnknownColourError

__all__ = [
    "Html",
    "bullets",
    "commentary",
    "configure",
    "figure",
    "figure_html",
    "formula_safe",
    "markdown",
    "markdown_html",
    "output_dir",
    "status_badge",
    "table",
    "table_html",
    "text",
    "write_csv",
]

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DASH = _text.DASH
PNG_DPI = 150
CSV_OPTIONS: dict[str, Any] = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "lineterminator": "\n"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a person or Excel writes it: -3.5, -3,5, +3, -1e5, -1 234,5 (groups of three only, so a
# phone number "+47 22 00 00 00" is not a number).
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}([ \u00a0]\d{3})+|\d+)?([.,]\d+)?([eE][+-]?\d+)?$")

_state: dict[str, Path | None] = {"output_dir": None}


# --------------------------------------------------------------------------------------------- setup


def configure(output_dir: str | Path | None) -> None:
    """Set where figures and tables are written; empty or ``None`` writes nothing.

    Parameters
    ----------
    output_dir : str or Path or None
        The notebook's ``output_dir`` parameter. Relative paths are taken from the working directory.
    """
    _state["output_dir"] = Path(output_dir).resolve() if output_dir not in (None, "") else None


def output_dir() -> Path | None:
    """The configured output folder, or ``None`` when nothing is written."""
    return _state["output_dir"]


def _target(kind: str, name: str, suffix: str) -> Path | None:
    folder = _state["output_dir"]
    if folder is None:
        return None
    (folder / kind).mkdir(parents=True, exist_ok=True)
    return folder / kind / f"{name}{suffix}"


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ChapterUsageError(
            f"Ugyldig navn {name!r}: bruk små bokstaver, tall, - og _ (det blir et filnavn og en HTML-id)."
        )
    return name


def _check_text(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ChapterUsageError(f"{what} må være en ikke-tom tekst.")
    return value.strip()


# ---------------------------------------------------------------------------------------------- HTML


class Html(str):
    """A string of HTML that is already safe; :func:`table` inserts it without escaping.

    ``plain`` is its text for CSV files, plain-text displays and an interactive table's filter;
    ``order`` (optional) is the number an interactive table sorts it by (a badge sorts by severity,
    not alphabetically).
    """

    plain: str
    order: float | None

    def __new__(cls, markup: str, plain: str | None = None, order: float | None = None):
        obj = super().__new__(cls, markup)
        obj.plain = plain if plain is not None else re.sub(r"<[^>]*>", "", markup)
        obj.order = order
        return obj

    def __html__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return str(self)


def _show(markup: str, plain: str) -> None:
    from IPython.display import display

    display({"text/html": markup, "text/plain": plain}, raw=True)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


# -------------------------------------------------------------------------------------------- badges

_COLOURS = {
    "grønn": "grønn", "gronn": "grønn", "green": "grønn",
    "gul": "gul", "yellow": "gul",
    "rød": "rød", "rod": "rød", "red": "rød",
}
_SEVERITY = {"grønn": 1, "gul": 2, "rød": 3}  # sort order in an interactive table; not assessed is 0
_NOT_ASSESSED = ("", "-", DASH, _text.NOT_ASSESSED)


def status_badge(colour: str | None) -> Html:
    """A status or risk colour shown with colour AND word: ``<span class="ehp-badge ehp-rød">Rød</span>``.

    Parameters
    ----------
    colour : str or None
        ``grønn``, ``gul`` or ``rød`` (any case); missing (or ``ikke vurdert``) is a project not assessed:
        a grey badge with the words "Ikke vurdert"; ``unntatt offentlighet`` (or ``u.off.``) is a rating withheld
        from disclosure: a neutral badge (no fill, outlined) with the words "Unntatt offentlighet".

    Raises
    ------
    UnknownColourError
        For any other colour (also a ``ValueError``).
    """
    if _is_missing(colour) or (isinstance(colour, str) and colour.strip().lower() in _NOT_ASSESSED):
        word = _text.LABELS["colours"][_text.NOT_ASSESSED]
        return Html(f'<span class="ehp-badge ehp-ikke-vurdert">{word}</span>', word, 0)
    if isinstance(colour, str) and _text.is_withheld(colour):
        word = _text.LABELS["colours"][_text.WITHHELD_RATING]
        return Html(f'<span class="ehp-badge ehp-unntatt">{word}</span>', word, 0)
    key = _COLOURS.get(str(colour).strip().lower())
    if key is None:
        raise UnknownColourError(f"Ukjent farge {colour!r}: bruk grønn, gul eller rød.")
    word = key.capitalize()
    return Html(f'<span class="ehp-badge ehp-{key}">{word}</span>', word, _SEVERITY[key])


_BADGE_CLASS = re.compile(r'<span class="ehp-badge ([^"]+)">')


def status_cell(colour: str | None) -> str:
    """A status or risk colour as a table cell that is coloured itself: ``<td class="ehp-farge ehp-rød">Rød</td>``.

    The colour and word of :func:`status_badge` (its class and word, so the two never differ), without an
    element of its own inside the cell: for tables with many of them (Vedlegg 3's timelines, 5,000 × 12).
    """
    badge = status_badge(colour)
    return f'<td class="ehp-farge {_BADGE_CLASS.match(badge).group(1)}">{html.escape(badge.plain)}</td>'


# ------------------------------------------------------------------------------------------------ CSV


def formula_safe(value: Any) -> Any:
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula.

    Text starting with ``= + - @``, a tab or a carriage return is prefixed (OWASP "CSV injection"),
    except plain numbers such as ``-3.5``. Anything that is not text is returned as it is.
    """
    if isinstance(value, Html):
        value = value.plain
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.match(value) and any(ch.isdigit() for ch in value):
        return value
    return "'" + value


def _safe_frame(frame: pd.DataFrame, *, index: bool) -> pd.DataFrame:
    out = frame.reset_index() if index else frame.reset_index(drop=True)
    out = out.copy()
    out.columns = [formula_safe(_label(c)) for c in out.columns]
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if pd.api.types.is_float_dtype(series):
            # Sums carry float noise (116.50500000000011); reported amounts have at most three decimals,
            # so nine keep every one of them (as key_figures.json does).
            out.isetitem(col, series.round(9))
        elif not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            out.isetitem(col, series.astype(object).map(formula_safe))
    return out


def write_csv(frame: pd.DataFrame | pd.Series, path: str | Path, *, index: bool = False) -> Path:
    """Write ``frame`` as a formula-safe CSV for Norwegian Excel (see module docstring).

    Parameters
    ----------
    frame : DataFrame or Series
    path : str or Path
    index : bool
        Write the index as the first column(s).

    Returns
    -------
    Path
        The file written.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _safe_frame(frame, index=index).to_csv(path, index=False, **CSV_OPTIONS)
    return path


# --------------------------------------------------------------------------------------------- figure


def _as_figure(fig_or_ax: Any):
    from matplotlib.figure import Figure, SubFigure

    obj = fig_or_ax.flat[0] if hasattr(fig_or_ax, "flat") else fig_or_ax  # an array from plt.subplots
    fig = obj if isinstance(obj, (Figure, SubFigure)) else getattr(obj, "figure", None)  # Axes, seaborn grids
    if isinstance(fig, SubFigure):
        fig = fig.get_figure(root=True)
    if not isinstance(fig, Figure):
        raise FigureError(f"figure() trenger en matplotlib Figure eller Axes, fikk {type(fig_or_ax).__name__}.")
    return fig


def figure_html(png: bytes, *, name: str, caption: str, alt: str, numbers_table: str = "") -> str:
    """The HTML of a figure: the PNG inline, the caption with an empty number for the assembly to fill, and
    ``numbers_table`` (the "Vis tallene" table, :mod:`.figure_numbers`) after the caption."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="ehp-figure" id="fig-{_check_name(name)}">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(_check_text(alt, "alt"), quote=True)}">'
        f'<figcaption><span class="ehp-fig-label">Figur</span> <span class="ehp-fig-num"></span>: '
        f"{html.escape(_check_text(caption, 'caption'))}</figcaption>{numbers_table}</figure>"
    )


def figure(fig_or_ax: Any, *, name: str, caption: str, alt: str,
           data: pd.DataFrame | pd.Series | None = None) -> None:
    """Show a matplotlib/seaborn figure with its caption and save it (PNG, and its numbers as CSV).

    Parameters
    ----------
    fig_or_ax : Figure, Axes or seaborn grid
        What to show; the figure is closed afterwards so Jupyter does not show it a second time.
    name : str
        File and id name (``a-z0-9-_``): ``figures/<name>.png``, ``#fig-<name>``.
    caption : str
        The caption, without "Figur N:" (the number is given when the report is assembled).
    alt : str
        Alternative text describing the figure for readers who cannot see it.
    data : DataFrame or Series, optional
        The numbers drawn; written to ``figures/<name>.csv``.

    Raises
    ------
    ChapterUsageError
        ``name`` is not a plain name, or ``caption`` or ``alt`` is empty.
    FigureError
        ``fig_or_ax`` is not a matplotlib figure, Axes or seaborn grid.
    """
    import matplotlib.pyplot as plt

    _check_name(name)
    fig = _as_figure(fig_or_ax)
    buf = io.BytesIO()
    try:
        # No "Software" stamp: the same figure gives the same bytes whatever the matplotlib version.
        fig.savefig(buf, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    png = buf.getvalue()
    from .figure_numbers import numbers_html

    markup = figure_html(png, name=name, caption=caption, alt=alt,
                         numbers_table=numbers_html(data) if data is not None else "")
    target = _target(OUTPUT.figures, name, ".png")
    if target is not None:
        target.write_bytes(png)
        if data is not None:
            frame = data.to_frame() if isinstance(data, pd.Series) else data
            keep_index = not isinstance(frame.index, pd.RangeIndex)
            write_csv(frame, target.with_suffix(".csv"), index=keep_index)
    _show(markup, f"Figur: {caption}")


# ---------------------------------------------------------------------------------------------- table


def _label(value: Any) -> str:
    if isinstance(value, tuple):
        return " – ".join(str(v) for v in value if str(v))
    return "" if _is_missing(value) else str(value)


def _format_value(value: Any) -> str:
    """A cell without a formatter: numbers as :func:`ehp_analysis.text.amount_as_reported` writes them.

    That is the shortest form that keeps every reported decimal (2,075 stays 2,075), in the report's one
    number format. A column of computed amounts gets its fixed decimals from a formatter instead.
    """
    if _is_missing(value):
        return DASH
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "Ja" if value else "Nei"
    if isinstance(value, numbers.Real):
        return _text.amount_as_reported(value)
    return str(value)


def _cell(value: Any) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(value if isinstance(value, str) else _format_value(value))


_LONG_WORD = re.compile(r"\w{20,}")


def _has_long_word(value: Any) -> bool:
    """Whether ``value`` holds a word too long for a narrow column ("funksjonsvurderingsverktøy").

    Browsers here have no Norwegian hyphenation, so such a word would widen its column until the
    table runs off the page; report.css lets only these cells break inside a word.
    """
    text = value.plain if isinstance(value, Html) else value
    return isinstance(text, str) and _LONG_WORD.search(text) is not None


def _sort_attributes(raw: Any, shown: Any, numeric: bool) -> str:
    """``data-order``/``data-search`` for an interactive table's cell (DataTables reads them).

    Numbers sort by their value, not by their Norwegian text ("1 234,5" after "2,075" otherwise);
    not reported sorts first. Markup (a badge) sorts by its ``order`` and is found by its words.
    """
    attributes = ""
    order = getattr(shown, "order", None)
    if order is None and numeric and not _is_missing(raw) and isinstance(raw, numbers.Real):
        order = raw
    if order is not None or numeric:
        value = "" if order is None or _is_missing(order) else repr(float(order))
        attributes += f' data-order="{value}"'
    if isinstance(shown, Html):
        attributes += f' data-search="{html.escape(shown.plain, quote=True)}"'
    return attributes


def table_html(frame: pd.DataFrame, *, name: str, caption: str, index: bool = False,
               formatters: Mapping[Any, Callable[[Any], Any]] | None = None,
               interactive: bool = False) -> str:
    """The HTML of a table: every value escaped unless it is :class:`Html` (e.g. :func:`status_badge`).

    Parameters
    ----------
    frame : DataFrame
    name, caption : str
        As for :func:`table`.
    index : bool
        Show the index as row headers.
    formatters : mapping of column -> callable, optional
        Turns a value into the text shown (or into :class:`Html`); other values are formatted in
        Norwegian style (decimal comma, no-break space between thousands, "–" for missing).
    interactive : bool
        Mark the table for sorting and filtering in the browser (class ``ehp-sortable``, and
        ``data-order``/``data-search`` on the cells whose shown text does not sort or filter right).
        The markup stays a complete, plain table: without JavaScript, and on paper, every row shows.
        The report's assembly adds the script only when a page has such a table.
    """
    _check_name(name)
    formatters = dict(formatters or {})
    n_index = frame.index.nlevels if index else 0
    shown = frame.reset_index() if index else frame
    columns = list(shown.columns)
    numeric = [pd.api.types.is_numeric_dtype(shown.iloc[:, i]) and not pd.api.types.is_bool_dtype(shown.iloc[:, i])
               for i in range(len(columns))]
    sort_as_number = list(numeric)
    table_class = "ehp-table ehp-sortable" if interactive else "ehp-table"
    wrap_class = "ehp-table-wrap ehp-interactive" if interactive else "ehp-table-wrap"
    body: list[str] = []
    if shown.empty:
        body.append(f'<tr><td colspan="{max(len(columns), 1)}" class="ehp-empty">Ingen.</td></tr>')
    for row in shown.itertuples(index=False, name=None):
        body.append("<tr>")
        for i, (col, raw) in enumerate(zip(columns, row)):
            value = formatters[col](raw) if col in formatters else raw
            tag = "th" if i < n_index else "td"
            attributes = ' scope="row"' if i < n_index else ""
            if numeric[i]:
                attributes += ' class="num"'
            elif _has_long_word(value):
                attributes += ' class="ehp-long-word"'
            if interactive:
                extra = _sort_attributes(raw, value, numeric[i])
                sort_as_number[i] = sort_as_number[i] or "data-order" in extra
                attributes += extra
            body.append(f"<{tag}{attributes}>{_cell(value)}</{tag}>")
        body.append("</tr>")
    parts = [
        f'<div class="{wrap_class}"><table class="{table_class}" id="tab-{name}">',
        f'<caption><span class="ehp-tab-label">Tabell</span> <span class="ehp-tab-num"></span>: '
        f"{html.escape(_check_text(caption, 'caption'))}</caption>",
        "<thead><tr>",
    ]
    for i, col in enumerate(columns):
        cls = ' class="num"' if numeric[i] else ""
        kind = (' data-ehp-sort="tall"' if sort_as_number[i] else ' data-ehp-sort="tekst"') if interactive else ""
        parts.append(f'<th scope="col"{cls}{kind}>{_cell(_label(col) if not hasattr(col, "__html__") else col)}</th>')
    parts.append("</tr></thead><tbody>")
    parts.extend(body)
    parts.append("</tbody></table></div>")
    return "".join(parts)


def table(frame: pd.DataFrame, *, name: str, caption: str, index: bool = False,
          formatters: Mapping[Any, Callable[[Any], Any]] | None = None, interactive: bool = False) -> None:
    """Show a table with a numbered caption and save it as ``tables/<name>.csv`` (formula-safe).

    Parameters
    ----------
    frame : DataFrame
        The values; the CSV gets these (not the formatted text), so numbers stay numbers.
    name : str
        File and id name (``a-z0-9-_``): ``tables/<name>.csv``, ``#tab-<name>``.
    caption : str
        The caption, without "Tabell N:".
    index : bool
        Show (and write) the index as the first column(s).
    formatters : mapping of column -> callable, optional
        See :func:`table_html`; e.g. ``{"status": status_badge}``.
    interactive : bool
        Sortable and filterable in the browser (see :func:`table_html`); every row is still in the page.

    Raises
    ------
    ChapterUsageError
        ``name`` is not a plain name, or ``caption`` is empty.
    """
    markup = table_html(frame, name=name, caption=caption, index=index, formatters=formatters,
                        interactive=interactive)
    target = _target(OUTPUT.tables, name, ".csv")
    if target is not None:
        write_csv(frame, target, index=index)
    _show(markup, f"Tabell: {caption}")


# ------------------------------------------------------------------------------------- text, Markdown


def _markdown_renderer() -> MarkdownIt:
    # Raw HTML off: an analyst's file can never inject markup. Images off: the report must not load
    # anything from elsewhere (it opens offline); a Markdown image shows as text.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def markdown_html(source: str) -> str:
    """Markdown rendered to HTML with raw HTML shown as text (markdown-it-py, CommonMark + tables)."""
    return f'<div class="ehp-markdown">{_markdown_renderer().render(source)}</div>'


def markdown(source: str) -> None:
    """Show Markdown text; raw HTML in it is shown as text, not passed through."""
    _show(markdown_html(source), source)


def commentary(path: str | Path) -> None:
    """Show an analyst's commentary file (Markdown, raw HTML not passed through) if it exists.

    Parameters
    ----------
    path : str or Path
        Usually ``<data folder>/tekst/<chapter>.md``.

    Nothing is shown when the file does not exist or is empty (commentary is optional). Returns
    nothing, so a notebook cell ending with this call shows no ``True``/``False``.
    """
    path = Path(path)
    if not path.is_file():
        return
    source = path.read_text(encoding="utf-8-sig")
    if source.strip():
        markdown(source)


def text(sentence: str) -> None:
    """Show a generated sentence as a paragraph (escaped)."""
    _show(f'<p class="ehp-text">{html.escape(str(sentence))}</p>', str(sentence))


def bullets(items: Iterable[str]) -> None:
    """Show generated sentences as a bullet list (escaped)."""
    items = [str(i) for i in items]
    markup = '<ul class="ehp-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    _show(markup, "\n".join(f"- {i}" for i in items))
