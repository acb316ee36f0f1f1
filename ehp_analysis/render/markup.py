"""The report's pieces as HTML: badges, figures, tables, paragraphs, lists, Markdown.

Pure functions from values to markup, shared by everything that renders the report: the chapter notebooks'
helpers (:mod:`ehp_analysis.chapter.display` shows these pieces in a notebook), the build's assembly
(:mod:`ehp_analysis.report.assemble`) and, later, the website's pages. Figure and table numbers are left empty
(the assembly fills them in across the whole report). Everything that comes from data or from an analyst's file is
escaped: a project called ``<script>`` shows as that text.
"""

from __future__ import annotations

import base64
import html
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt

from .. import text as _text
from ..exceptions import ChapterUsageError, UnknownColourError
from ..missing import is_missing
from ..words import _

__all__ = [
    "NAME_RE",
    "Html",
    "bullets_html",
    "check_name",
    "figure_html",
    "format_value",
    "header_text",
    "markdown_html",
    "paragraph_html",
    "status_badge",
    "status_cell",
    "table_html",
]

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DASH = _text.DASH


def check_name(name: str) -> str:
    """``name`` if it is a plain name (``a-z0-9-_``: it becomes a file name and an HTML id).

    Raises
    ------
    ChapterUsageError
        For anything else.
    """
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ChapterUsageError(_(
            "Ugyldig navn {name}: bruk små bokstaver, tall, - og _ (det blir et filnavn og en HTML-id)."
        ).format(name=repr(name)))
    return name


def _check_text(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ChapterUsageError(_("{what} må være en ikke-tom tekst.").format(what=what))
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


# -------------------------------------------------------------------------------------------- badges

_COLOURS = {
    "grønn": "grønn", "gronn": "grønn", "green": "grønn",
    "gul": "gul", "yellow": "gul",
    "rød": "rød", "rod": "rød", "red": "rød",
}
_SEVERITY = {"grønn": 1, "gul": 2, "rød": 3}  # sort order in an interactive table; not assessed is 0
_NOT_ASSESSED = ("", "-", DASH, _text.NOT_ASSESSED)
_NOT_ASSESSED_CLASS = "ehp-ikke-vurdert"  # a CSS class (report.css), not a word


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
    if is_missing(colour) or (isinstance(colour, str) and colour.strip().lower() in _NOT_ASSESSED):
        word = _text.LABELS["colours"][_text.NOT_ASSESSED]
        return Html(f'<span class="ehp-badge {_NOT_ASSESSED_CLASS}">{word}</span>', word, 0)
    if isinstance(colour, str) and _text.is_withheld(colour):
        word = _text.LABELS["colours"][_text.WITHHELD_RATING]
        return Html(f'<span class="ehp-badge ehp-unntatt">{word}</span>', word, 0)
    key = _COLOURS.get(str(colour).strip().lower())
    if key is None:
        raise UnknownColourError(_("Ukjent farge {colour}: bruk grønn, gul eller rød.").format(colour=repr(colour)))
    word = _text.LABELS["colours"][key]  # the colour's word in the written standard ("Rød", "Raud")
    return Html(f'<span class="ehp-badge ehp-{key}">{word}</span>', word, _SEVERITY[key])


_BADGE_CLASS = re.compile(r'<span class="ehp-badge ([^"]+)">')


def status_cell(colour: str | None) -> str:
    """A status or risk colour as a table cell that is coloured itself: ``<td class="ehp-farge ehp-rød">Rød</td>``.

    The colour and word of :func:`status_badge` (its class and word, so the two never differ), without an
    element of its own inside the cell: for tables with many of them (Vedlegg 3's timelines, 5,000 × 12).
    """
    badge = status_badge(colour)
    return f'<td class="ehp-farge {_BADGE_CLASS.match(badge).group(1)}">{html.escape(badge.plain)}</td>'


# --------------------------------------------------------------------------------------------- figure


def figure_html(png: bytes, *, name: str, caption: str, alt: str, numbers_table: str = "") -> str:
    """The HTML of a figure: the PNG inline, the caption with an empty number for the assembly to fill, and
    ``numbers_table`` (the "Vis tallene" table, :mod:`ehp_analysis.chapter.figure_numbers`) after the caption."""
    data = base64.b64encode(png).decode("ascii")
    label = _("Figur")
    return (
        f'<figure class="ehp-figure" id="fig-{check_name(name)}">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(_check_text(alt, "alt"), quote=True)}">'
        f'<figcaption><span class="ehp-fig-label">{label}</span> <span class="ehp-fig-num"></span>: '
        f"{html.escape(_check_text(caption, 'caption'))}</figcaption>{numbers_table}</figure>"
    )


# ---------------------------------------------------------------------------------------------- table


def header_text(value: Any) -> str:
    if isinstance(value, tuple):
        return " – ".join(str(v) for v in value if str(v))
    return "" if is_missing(value) else str(value)


def format_value(value: Any) -> str:
    """A cell without a formatter: numbers as :func:`ehp_analysis.text.amount_as_reported` writes them.

    That is the shortest form that keeps every reported decimal (2,075 stays 2,075), in the report's one
    number format. A column of computed amounts gets its fixed decimals from a formatter instead.
    """
    if is_missing(value):
        return DASH
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return _("Ja") if value else _("Nei")
    if isinstance(value, numbers.Real):
        return _text.amount_as_reported(value)
    return str(value)


def _cell(value: Any) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(value if isinstance(value, str) else format_value(value))


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
    if order is None and numeric and not is_missing(raw) and isinstance(raw, numbers.Real):
        order = raw
    if order is not None or numeric:
        value = "" if order is None or is_missing(order) else repr(float(order))
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
    check_name(name)
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
        nothing = _("Ingen.")
        body.append(f'<tr><td colspan="{max(len(columns), 1)}" class="ehp-empty">{nothing}</td></tr>')
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
    label = _("Tabell")
    parts = [
        f'<div class="{wrap_class}"><table class="{table_class}" id="tab-{name}">',
        f'<caption><span class="ehp-tab-label">{label}</span> <span class="ehp-tab-num"></span>: '
        f"{html.escape(_check_text(caption, 'caption'))}</caption>",
        "<thead><tr>",
    ]
    for i, col in enumerate(columns):
        cls = ' class="num"' if numeric[i] else ""
        kind = (' data-ehp-sort="tall"' if sort_as_number[i] else ' data-ehp-sort="tekst"') if interactive else ""
        parts.append(f'<th scope="col"{cls}{kind}>{_cell(header_text(col) if not hasattr(col, "__html__") else col)}</th>')
    parts.append("</tr></thead><tbody>")
    parts.extend(body)
    parts.append("</tbody></table></div>")
    return "".join(parts)


# ------------------------------------------------------------------------------------- text, Markdown


def _markdown_renderer() -> MarkdownIt:
    # Raw HTML off: an analyst's file can never inject markup. Images off: the report must not load
    # anything from elsewhere (it opens offline); a Markdown image shows as text.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def markdown_html(source: str) -> str:
    """Markdown rendered to HTML with raw HTML shown as text (markdown-it-py, CommonMark + tables)."""
    return f'<div class="ehp-markdown">{_markdown_renderer().render(source)}</div>'


def paragraph_html(sentence: str) -> str:
    """A generated sentence as a paragraph (escaped)."""
    return f'<p class="ehp-text">{html.escape(str(sentence))}</p>'


def bullets_html(items: Iterable[str]) -> str:
    """Generated sentences as a bullet list (escaped)."""
    return '<ul class="ehp-list">' + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>"
