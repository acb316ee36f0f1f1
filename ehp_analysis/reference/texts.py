"""The words of a reference file, in the current written standard (below the reference modules that show them)."""

from __future__ import annotations

from ..words import _

__all__ = ["reference_text"]


def reference_text(text: str) -> str:
    """A text of a reference file in the current written standard.

    The shipped files' texts (strategy and goal names, early-warning titles and explanations, cost bands) are
    messages of the catalogue (``YAML_SOURCES`` in :mod:`ehp_analysis.words.extract`); a period's own reference
    file may hold texts the catalogue does not know: those are the office's own words, shown as written."""
    try:
        return _(text)
    except KeyError:
        return text
