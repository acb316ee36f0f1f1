"""A figure's numbers as a table behind a "Vis tallene" disclosure (WCAG 2.1 AA: a chart is never the only carrier).

:func:`numbers_html` renders the frame a chapter hands to :func:`ehp_analysis.chapter.display.figure` (the same
numbers as ``figures/<name>.csv``) as a plain HTML table inside ``<details>``: closed on the screen, so the figure
keeps its place, and open to a screen reader, a search, a keyboard and the reader who wants the figures rather
than the picture. Headers carry ``scope``; values are escaped text; numbers are written as the report writes them.
"""

from __future__ import annotations

import html
import numbers

import pandas as pd

from .. import text as _text
from ..words import N_, _

#: The column headers a reader sees, for the columns figures draw (their frames use the code's names). A column not
#: named here is a drawing detail (positions, internal keys) and is left out of the table; the CSV keeps it.
COLUMN_LABELS = {
    "period": N_("Periode"), "budget_year": N_("Budsjettår"), "projects": N_("Prosjekter"),
    "n_projects": N_("Prosjekter"), "joined": N_("Kom til"), "new": N_("Nye"), "returned": N_("Tilbake"),
    "left": N_("Gikk ut"), "budget_total": N_("Budsjett (mill.)"), "budget_reported": N_("Med budsjett"),
    "budget_not_reported": N_("Uten budsjett"), "budget": N_("Budsjett (mill.)"), "owner_group": N_("Eiergruppe"),
    "n_not_reported": N_("Ikke rapportert"), "n_withheld": N_("Unntatt offentlighet"), "category": N_("Kategori"),
    "count": N_("Antall"), "share": N_("Andel"), "share_reported": N_("Andel av dem som svarte"),
    "area": N_("Område"), "area_name": N_("Navn"),
    "goal": N_("Mål"), "goal_name": N_("Navn"), "label": N_("Forklaring"), "amount": N_("Beløp (mill.)"),
    "measure": N_("Gjelder"), "colour": N_("Farge"), "band": N_("Intervall"), "rank": N_("Rangering"),
    "id": N_("Id"), "name": N_("Navn"), "organisation": N_("Virksomhet"), "total_cost": N_("Totalkostnad (mill.)"),
    "benefits": N_("Gevinster (mill.)"), "ratio": N_("Forhold"), "status": N_("Status"), "risk": N_("Risiko"),
    "phase": N_("Fase"), "dependents": N_("Avhengige"), "high_dependents": N_("Høyt kritiske avhengige"),
}
SHARE_COLUMNS = frozenset({"share", "share_reported"})

#: Figures with more rows than this show the first rows and say how many are left out (the CSV holds them all).
MAX_ROWS = 200


def _cell(value, *, share: bool = False) -> tuple[str, bool]:
    """The cell's text, and whether it is a number (right-aligned)."""
    if share and isinstance(value, numbers.Number) and not isinstance(value, bool) and value == value:
        return _text.percent(float(value)), True
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return _text.DASH, False
    if isinstance(value, bool):
        return _("ja") if value else _("nei"), False
    if isinstance(value, numbers.Number):
        return _text.amount_as_reported(value), True
    if isinstance(value, tuple):
        return " – ".join(str(v) for v in value), False
    return str(value), False


def numbers_html(data: pd.DataFrame | pd.Series, *, max_rows: int = MAX_ROWS) -> str:
    """``data`` as a table in a closed ``<details>`` headed "Vis tallene"; ``""`` for an empty frame.

    Parameters
    ----------
    data : DataFrame or Series
        The numbers the figure draws; a meaningful index (not a plain range) becomes the row headers.
    max_rows : int
        Rows shown at most; the rest are counted in a line below the table.
    """
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if frame.empty:
        return ""
    keep_index = not isinstance(frame.index, pd.RangeIndex)
    if keep_index:
        frame = frame.reset_index()
    shown_columns = [c for c in frame.columns if str(c) in COLUMN_LABELS]
    if not shown_columns:
        return ""
    keep_index = keep_index and shown_columns[0] == frame.columns[0]
    frame = frame[shown_columns]
    shares = [str(c) in SHARE_COLUMNS for c in shown_columns]
    labels = [_(COLUMN_LABELS[str(c)]) for c in shown_columns]
    head = "".join(f'<th scope="col">{html.escape(label, quote=False)}</th>' for label in labels)
    rows = []
    for values in frame.head(max_rows).itertuples(index=False, name=None):
        cells = []
        for i, value in enumerate(values):
            shown, numeric = _cell(value, share=shares[i])
            shown = html.escape(shown, quote=False)
            if i == 0 and keep_index:
                cells.append(f'<th scope="row">{shown}</th>')
            else:
                cells.append(f'<td class="num">{shown}</td>' if numeric else f"<td>{shown}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    rest = len(frame) - max_rows
    more_text = _("{n} rader til står i figurens CSV-fil.").format(n=rest)
    more = f'<p class="ehp-figure-numbers-more">{html.escape(more_text)}</p>' if rest > 0 else ""
    summary = html.escape(_("Vis tallene"))
    return (f'<details class="ehp-figure-numbers"><summary>{summary}</summary>'
            f'<div class="ehp-table-wrap"><table class="ehp-figure-numbers-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{more}</details>")
