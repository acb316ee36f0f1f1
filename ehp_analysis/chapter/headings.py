"""A chapter's headings and fixed paragraphs, shown from code so that their words come from the catalogue.

``headings.heading(_("Budsjett"))`` in a cell of its own stands for the Markdown cell ``## Budsjett``: the
assembly turns it back into that cell (:mod:`ehp_analysis.markdown_cells`), so it is numbered and listed in the
table of contents like any section heading. A heading shown inside a cell with other outputs is an ordinary
output (``display.markdown``); the assembly numbers that too, but renders it as an output, not as a text cell.
"""

from __future__ import annotations

from ..markdown_cells import bundle

__all__ = ["heading", "paragraph", "source"]


def _show(markdown: str) -> None:
    from IPython.display import display

    from .interactive import show_markdown

    def one(part: str) -> None:
        data, metadata = bundle(part)
        display(data, raw=True, metadata=metadata)

    show_markdown(markdown, one)  # run by hand: the commentary of the section that ends here comes first


def source(title: str, *paragraphs: str, level: int = 2) -> str:
    """``title`` as a Markdown heading of ``level`` (``##`` by default), and ``paragraphs`` under it."""
    if not 1 <= level <= 6:
        raise ValueError(f"a Markdown heading has level 1 to 6, not {level}")
    return "\n\n".join(["#" * level + " " + title, *paragraphs])


def heading(title: str, *paragraphs: str, level: int = 2) -> None:
    """Show :func:`source` as a Markdown cell: call it as the only call of its cell."""
    _show(source(title, *paragraphs, level=level))


def paragraph(*paragraphs: str) -> None:
    """Show ``paragraphs`` as a Markdown cell of text (one cell, a blank line between them)."""
    _show("\n\n".join(paragraphs))
