"""A chapter run in Jupyter shows what the report shows: its commentary under its sections, numbered captions, styles.

Only when an analyst runs a chapter by hand (``output_dir`` empty, see :func:`.view.open_chapter`); under the build
nothing here is active, and the chapter's outputs are exactly what the assembly expects.

- **Commentary.** The office's commentary is split into its ``## <section>`` parts by the rule the assembly follows
  (:mod:`ehp_analysis.render.commentary`). When a section's heading is shown, the part of the section that just
  ended is shown first; ``ch.commentary()`` shows the part of the last section, then what stays at the chapter's
  end (the chapter's own commentary, and any part that names no section), as the report does.
- **Captions.** Figures and tables are numbered as in the period's last built report (the build keeps each
  chapter's first numbers in its cache, :func:`ehp_analysis.report.cache.caption_starts`); before any build, by the
  chapter's number and their order in it ("Tabell 3.2"), marked as provisional.
- **Styles.** The report's style sheet is shown once, at the chapter's start.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..words import _

__all__ = ["State", "end_commentary", "number_captions", "show_markdown", "start", "state", "stop"]

# A heading that opens a section in the report ("# X" or "## X"; "###" is a sub-section).
_SECTION_LINE = re.compile(r"^ {0,3}#{1,2}(\s|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_EMPTY_NUMBER = re.compile(r'<span class="ehp-(?P<kind>fig|tab)-num"></span>')


@dataclass
class State:
    """The chapter being run by hand: its commentary not yet shown, the section shown last, the captions' numbers."""

    block: Any = None  # the rendered commentary (a BeautifulSoup), its placed parts taken out as they are shown
    section: str | None = None  # the title of the section shown last
    starts: dict[str, int] | None = None  # figures and tables before the chapter in the last built report
    prefix: str = ""  # the chapter's number, for provisional numbers
    shown: dict[str, int] = field(default_factory=lambda: {"fig": 0, "tab": 0})


_state: dict[str, State | None] = {"current": None}


def state() -> State | None:
    """The chapter being run by hand, or ``None`` (under the build)."""
    return _state["current"]


def start(commentary: str | None, *, starts: dict[str, int] | None, prefix: str) -> State:
    """Begin a chapter run by hand: keep its commentary to place, number its captions; show the report's styles."""
    from bs4 import BeautifulSoup

    from ..render.markup import markdown_html
    from ..render.styles import report_css

    block = None
    if commentary and commentary.strip():
        block = BeautifulSoup(markdown_html(commentary), "html.parser")
    _state["current"] = State(block=block, starts=starts, prefix=prefix)
    _display(f"<style>\n{report_css()}</style>", "")
    return _state["current"]


def stop() -> None:
    """Nothing is placed or numbered here (the build runs the chapter)."""
    _state["current"] = None


def _segments(source: str) -> list[str]:
    """``source`` cut before each heading that opens a section (outside fenced code)."""
    segments: list[list[str]] = [[]]
    fenced = False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and _SECTION_LINE.match(line) and any(s.strip() for s in segments[-1]):
            segments.append([])
        segments[-1].append(line)
    return ["\n".join(s) for s in segments]


def _title(segment: str) -> str | None:
    """The section a segment opens (its heading's text as rendered), or ``None``."""
    first = next((line for line in segment.splitlines() if line.strip()), "")
    if not _SECTION_LINE.match(first):
        return None
    from bs4 import BeautifulSoup

    from ..render.commentary import heading_text
    from ..render.markup import markdown_html

    heading = BeautifulSoup(markdown_html(first), "html.parser").find(["h1", "h2"])
    return heading_text(heading) if heading is not None else None


def _display(markup: str, plain: str) -> None:
    from IPython.display import display

    display({"text/html": markup, "text/plain": plain}, raw=True)


def _show_html(soup) -> None:
    from ..render.commentary import caption_tables

    caption_tables(soup)
    _display(number_captions(str(soup)), soup.get_text(" ", strip=True))


def _end_section(current: State) -> None:
    """Show the commentary's parts that go under the section shown last (the rule's, :func:`placement`)."""
    from bs4 import BeautifulSoup

    from ..render import commentary as placing

    if current.block is None or current.section is None:
        return
    block = current.block.find("div")
    found = placing.parts(block, ("h1", "h2"))
    for part, index in zip(found, placing.placement([p.title for p in found], [current.section])):
        if index is not None:
            holder = BeautifulSoup("", "html.parser")
            holder.append(placing.take(part))
            _show_html(holder)
    current.section = None


def show_markdown(source: str, show: Callable[[str], None]) -> None:
    """Show Markdown with ``show``; run by hand, each section heading in it is first preceded by the commentary of
    the section that ends there."""
    current = state()
    if current is None or current.block is None:
        show(source)
        return
    for segment in _segments(source):
        title = _title(segment)
        if title is not None:
            _end_section(current)
            current.section = title
        show(segment)


def end_commentary() -> bool:
    """Show the last section's part, then what of the commentary stays at the chapter's end; whether the chapter
    has commentary."""
    current = state()
    if current is None or current.block is None:
        return False
    _end_section(current)
    if current.block.get_text(strip=True):
        _show_html(current.block)
    current.block = None
    return True


def number_captions(markup: str) -> str:
    """``markup`` with its empty caption numbers filled in: the report's numbers, or provisional ones."""
    current = state()
    if current is None:
        return markup

    def fill(match: re.Match) -> str:
        kind = match["kind"]
        current.shown[kind] += 1
        n = current.shown[kind]
        if current.starts is not None:
            number = str(current.starts["figures" if kind == "fig" else "tables"] + n)
            return f'<span class="ehp-{kind}-num">{number}</span>'
        number = f"{current.prefix}.{n}"
        provisional = html.escape(_("(foreløpig)"))
        return f'<span class="ehp-{kind}-num">{html.escape(number)}</span> <span class="ehp-provisional">{provisional}</span>'

    return _EMPTY_NUMBER.sub(fill, markup)
