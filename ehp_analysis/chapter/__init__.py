"""The chapter-side API: everything a chapter notebook calls, in one place.

A chapter opens with ``ch = open_chapter("strategi", period=period, output_dir=output_dir)`` and then
shows things through ``ch`` (sentences, figures, tables, commentary); :mod:`.display` holds the
lower-level calls that write one HTML output each (also usable on their own).
"""

from . import display
from .view import Chapter, open_chapter

__all__ = ["Chapter", "display", "open_chapter"]
