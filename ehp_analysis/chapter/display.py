"""What chapter notebooks call to show things: one call per figure, table, text or commentary.

Each call displays ONE ``text/html`` output that the assembly step recognises (figure and table numbers are
left empty here and filled in across the whole report when the chapters are assembled, so moving a chapter
renumbers them and a cached chapter needs no re-run). Everything that comes from data or from an analyst's
file is escaped: a project called ``<script>`` shows as that text.

Files: the notebook's setup cell calls :func:`configure` with its ``output_dir`` parameter (the build
injects a staging folder). Then :func:`figure` writes ``figures/<name>.png`` and ``figures/<name>.csv``
and :func:`table` writes ``tables/<name>.csv``. With no output folder (an analyst iterating in Jupyter)
nothing is written.

The markup itself (badges, tables, figures, Markdown) and the CSV files are :mod:`ehp_analysis.render`'s, which
the build's assembly uses too; this module shows them in a notebook and writes the chapter's files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import OUTPUT
from ..exceptions import FigureError
from ..render.markup import (DASH, NAME_RE, Html, bullets_html, check_name, figure_html,  # noqa: F401
                             markdown_html, paragraph_html, status_badge, status_cell, table_html)
from ..render.spreadsheet import CSV_OPTIONS, formula_safe, write_csv  # noqa: F401
from ..words import _

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
    "show",
    "status_badge",
    "table",
    "table_html",
    "text",
    "write_csv",
]

PNG_DPI = 150

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


def show(markup: str, plain: str) -> None:
    """Show ``markup`` (safe HTML, one output the assembly recognises) with ``plain`` as its plain-text form."""
    from IPython.display import display

    from .interactive import number_captions

    display({"text/html": number_captions(markup), "text/plain": plain}, raw=True)


# --------------------------------------------------------------------------------------------- figure


def _as_figure(fig_or_ax: Any):
    from matplotlib.figure import Figure, SubFigure

    obj = fig_or_ax.flat[0] if hasattr(fig_or_ax, "flat") else fig_or_ax  # an array from plt.subplots
    fig = obj if isinstance(obj, (Figure, SubFigure)) else getattr(obj, "figure", None)  # Axes, seaborn grids
    if isinstance(fig, SubFigure):
        fig = fig.get_figure(root=True)
    if not isinstance(fig, Figure):
        raise FigureError(_("figure() trenger en matplotlib Figure eller Axes, fikk {kind}.").format(
            kind=type(fig_or_ax).__name__))
    return fig


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

    check_name(name)
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
    show(markup, _("Figur: {caption}").format(caption=caption))


# ---------------------------------------------------------------------------------------------- table


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
    show(markup, _("Tabell: {caption}").format(caption=caption))


# ------------------------------------------------------------------------------------- text, Markdown


def markdown(source: str) -> None:
    """Show Markdown text; raw HTML in it is shown as text, not passed through. Run by hand, a section heading in
    it first shows the commentary of the section that ends there (:mod:`.interactive`)."""
    from .interactive import show_markdown

    show_markdown(source, lambda part: show(markdown_html(part), part))


def commentary(path: str | Path) -> None:
    """Show an analyst's commentary file (Markdown, raw HTML not passed through) if it exists.

    Parameters
    ----------
    path : str or Path
        Usually ``<data folder>/tekst/<chapter>.md``.

    Nothing is shown when the file does not exist or is empty (commentary is optional). Returns
    nothing, so a notebook cell ending with this call shows no ``True``/``False``. Under the build (an output
    folder configured) the chapter keeps the commentary's place only, as ``ch.commentary()`` does: the assembly
    shows the chapter's ``tekst/<chapter>.md`` there, so the chapter's cache key need not cover the file.
    """
    if _state["output_dir"] is not None:
        from IPython.display import display

        from ..render.commentary import marker

        data, metadata = marker()
        display(data, raw=True, metadata=metadata)
        return
    path = Path(path)
    if not path.is_file():
        return
    source = path.read_text(encoding="utf-8-sig")
    if source.strip():
        markdown(source)


def text(sentence: str) -> None:
    """Show a generated sentence as a paragraph (escaped)."""
    show(paragraph_html(sentence), str(sentence))


def bullets(items: Iterable[str]) -> None:
    """Show generated sentences as a bullet list (escaped)."""
    items = [str(i) for i in items]
    show(bullets_html(items), "\n".join(f"- {i}" for i in items))
