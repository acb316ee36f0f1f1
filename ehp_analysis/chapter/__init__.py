"""The chapter-side API: everything a chapter notebook calls, in one place.

A chapter opens with ``ch = open_chapter("strategi", period=period, output_dir=output_dir)`` and then
shows things through ``ch`` (sentences, figures, tables, commentary); :mod:`.display` holds the
lower-level calls that write one HTML output each (also usable on their own). Imported in a Jupyter kernel,
it makes the toolkit's errors short (:mod:`.jupyter`).
"""

from . import display
from .jupyter import install_short_errors
from .view import Chapter, open_chapter

install_short_errors()

__all__ = ["Chapter", "display", "open_chapter"]
