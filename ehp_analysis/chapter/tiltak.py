"""Vedlegg 3 – Tiltaksoversikt in a chapter notebook: shows the entries :mod:`ehp_analysis.render.tiltak` writes and
saves the chain as ``tables/<name>.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import text as _text
from ..config import OUTPUT
from ..metrics import project_history
from ..render.spreadsheet import write_csv
from ..render.tiltak import (CSV_COLUMNS, OPAQUE_END, OPAQUE_START, anchor, baseline_by_project,  # noqa: F401
                             early_warnings_by_project, entry_html, name_links, overview_html, warnings_html)
from . import display


def show(chain, *, name: str = "prosjekthistorikk", warnings: Mapping[int, Sequence[str]] | None = None,
         baseline: Mapping[int, str] | None = None) -> None:
    """Show the Tiltaksoversikt and write ``tables/<name>.csv`` (the chain, one row per project and period).

    The CSV's columns are ``periode;id;navn;status;risiko;budsjett;totalkostnad`` (report.md), formula-safe,
    withheld and not reported amounts empty.
    """
    folder = display.output_dir()
    if folder is not None:
        export = project_history.history_export(chain)
        write_csv(export.rename(columns=CSV_COLUMNS), folder / OUTPUT.tables / f"{name}.csv")
    markup = overview_html(chain, warnings, baseline)
    display.show(markup, f"{_text.capitalise(_text.project_count(len(chain[-1].projects)))}")
