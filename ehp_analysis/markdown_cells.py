"""A Markdown cell written by code: the contract between the notebook helpers and the assembly.

A chapter notebook holds no words of its own (every word comes from the catalogue, :mod:`ehp_analysis.words`), so a
heading or a paragraph that used to be a Markdown cell is shown by a code cell instead
(:func:`ehp_analysis.chapter.headings.heading`). Its one output is the Markdown source, marked with :data:`KEY`;
the assembly asks :func:`standing_for` and puts the Markdown cell it stands for in the code cell's place. The report
is then exactly what the Markdown cell gave: nbconvert renders it, and the assembly numbers it and lists it in the
table of contents as before. In Jupyter the analyst sees the Markdown rendered.

Both sides import this module, which imports nothing of the package: the build (``report/``) never reaches into
the notebook helpers (``chapter/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["KEY", "bundle", "source_of", "standing_for"]

#: The output metadata key that marks a code cell's output as the Markdown cell it stands for.
KEY = "ehp_markdown_cell"
MIME = "text/markdown"


def bundle(source: str) -> tuple[dict[str, str], dict[str, bool]]:
    """The display data and metadata of a Markdown cell holding ``source``."""
    return {MIME: source, "text/plain": source}, {KEY: True}


def source_of(cell: Mapping[str, Any]) -> str | None:
    """The Markdown source a code cell stands for, or ``None`` when it is an ordinary code cell.

    A cell stands for a Markdown cell when its outputs, stderr left aside, are exactly one marked display.
    """
    if cell.get("cell_type") != "code":
        return None
    outputs = [o for o in cell.get("outputs", ())
               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    if len(outputs) != 1:
        return None
    output = outputs[0]
    if output.get("output_type") != "display_data" or not output.get("metadata", {}).get(KEY):
        return None
    return output.get("data", {}).get(MIME)


def standing_for(cell):
    """The Markdown cell ``cell`` stands for (:func:`source_of`), or ``cell`` itself (an nbformat cell)."""
    import nbformat

    source = source_of(cell)
    return cell if source is None else nbformat.v4.new_markdown_cell(source)
