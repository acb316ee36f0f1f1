"""Where the office's commentary goes: one rule for the build's assembly and for a chapter run in Jupyter.

A chapter's commentary (``data/<period>/tekst/<chapter>.md``) may have parts headed ``## <section title>``. Each part
whose title names a section the chapter shows goes at the end of that section (just before the next section, or
at the end of what the chapter shows), without its heading; a part that names none stays where the commentary is,
at the chapter's end, with its heading, and so does what comes before the first part (the chapter's own commentary).

The assembly applies the rule to the report's HTML (:mod:`ehp_analysis.report.assemble`, where the parts' headings
are ``h3`` like the sections'); a chapter run in Jupyter applies it as it shows its sections
(:mod:`ehp_analysis.chapter.interactive`, on the commentary rendered by :func:`.markup.markdown_html`, whose parts
are ``h1``/``h2``). Both split the rendered commentary with :func:`parts`, compare titles with :func:`normalised`
and choose the section with :func:`placement`, so the two cannot drift.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from ..words import _

log = logging.getLogger("ehp_analysis")
# A Markdown table in commentary is captioned by the paragraph just before it: "Tabell: <caption>".
_TABLE_CAPTION = re.compile(r"^\s*Tabell\s*:\s*(?P<caption>.+?)\s*$", re.S)

__all__ = ["HOLDER_CLASS", "MARKER", "Part", "caption_tables", "marker", "marked", "place", "shown", "heading_text", "normalised", "parts", "placement", "sections_by_title", "take"]

#: The classes of the block that holds a part placed under its section.
HOLDER_CLASS = "ehp-markdown ehp-section-commentary"
#: The output metadata key of the place a chapter keeps for its commentary under the build (``ch.commentary()``).
MARKER = "ehp_commentary"


def marker(otherwise: str | None = None) -> tuple[dict[str, str], dict[str, dict]]:
    """The display data and metadata of the place the chapter keeps for its commentary: the build's assembly shows
    the commentary there (:func:`shown`), so a change to ``tekst/<chapter>.md`` runs no chapter. ``otherwise``: the
    sentence shown when the office wrote none (chapter 7's "no assessment this period")."""
    return {"text/plain": ""}, {MARKER: {"otherwise": otherwise}}


def marked(output) -> dict | None:
    """The marker's content when ``output`` (an nbformat output) is the commentary's place, else ``None``."""
    if output.get("output_type") != "display_data":
        return None
    found = output.get("metadata", {}).get(MARKER)
    return found if isinstance(found, dict) else None


def shown(source: str | None, otherwise: str | None) -> list[tuple[str, str]]:
    """What stands in the commentary's place, as ``(html, plain)`` outputs: the commentary (Markdown, raw HTML shown
    as text), else the ``otherwise`` sentence, else nothing."""
    from .markup import markdown_html, paragraph_html

    if source and source.strip():
        return [(markdown_html(source), source)]
    if otherwise:
        return [(paragraph_html(otherwise), str(otherwise))]
    return []


def normalised(text: str) -> str:
    """A heading compared ignoring case, spaces, a leading section number and trailing punctuation."""
    text = re.sub(r"^\s*\d+(\.\d+)*\.?\s+", "", text)
    return " ".join(text.casefold().split()).rstrip(" .:")


def heading_text(tag: Tag) -> str:
    """A heading's text as a reader sees it (its anchor link left out), the tag itself unchanged."""
    tag = copy.copy(tag)
    for anchor in tag.select("a.anchor-link"):
        anchor.decompose()
    return " ".join(tag.get_text(" ", strip=True).split())


def sections_by_title(titles: Iterable[str]) -> dict[str, int]:
    """Normalised section title -> the index of the first section of that title (a part goes under the first).

    A title that is a message of the catalogue counts in every written standard: the office may head a part of its
    commentary with a section's title in either (report.md, "Written standard")."""
    from ..words import renderings

    found: dict[str, int] = {}
    for i, title in enumerate(titles):
        for rendering in sorted(renderings(title)):
            found.setdefault(normalised(rendering), i)
    return found


def placement(part_titles: Sequence[str], section_titles: Sequence[str]) -> list[int | None]:
    """For each part, the index of the section it goes under, or ``None`` when it names none (it stays)."""
    by_title = sections_by_title(section_titles)
    return [by_title.get(normalised(title)) for title in part_titles]


@dataclass
class Part:
    """One part of rendered commentary: its heading and what follows it up to the next part."""

    heading: Tag
    nodes: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return heading_text(self.heading)


def parts(block: Tag, names: Iterable[str]) -> list[Part]:
    """The parts of a rendered commentary block: each heading named in ``names`` that is a child of ``block``,
    with the nodes after it up to the next such heading."""
    names = frozenset(names)
    found = []
    for heading in block.find_all(list(names), recursive=False):
        part = Part(heading)
        sibling = heading.next_sibling
        while sibling is not None and not (isinstance(sibling, Tag) and sibling.name in names):
            part.nodes.append(sibling)
            sibling = sibling.next_sibling
        found.append(part)
    return found


def take(part: Part) -> Tag:
    """Remove ``part`` from its block and return what goes under its section: its nodes, without the heading."""
    part.heading.decompose()
    holder = BeautifulSoup("", "html.parser").new_tag("div", attrs={"class": HOLDER_CLASS})
    for node in part.nodes:
        holder.append(node.extract())
    return holder


def caption_tables(soup: BeautifulSoup) -> None:
    """Number the Markdown tables of commentary with the report's tables.

    A table's caption is the paragraph just before it, written ``Tabell: <caption>``; it becomes the
    table's ``<caption>``, numbered in reading order with every other table. A table without one is
    numbered too (a reader refers to it by number) and the build warns. The number is left empty, for whoever
    numbers the report's tables (the assembly; in Jupyter :mod:`ehp_analysis.chapter.interactive`).
    """
    for table in soup.select("div.ehp-markdown table"):
        if "ehp-table" in (table.get("class") or []):
            continue
        caption_text = ""
        previous = table.find_previous_sibling()
        if previous is not None and previous.name == "p":
            match = _TABLE_CAPTION.match(previous.get_text())
            if match:
                caption_text = " ".join(match["caption"].split())
                previous.decompose()
        if not caption_text:
            log.warning(_("En tabell i kommentaren mangler tabelltekst; skriv «Tabell: <tekst>» på linjen før den."))
        table["class"] = ["ehp-table"]
        for th in table.select("thead th"):  # header cells say what they head (WCAG 1.3.1)
            th["scope"] = "col"
        caption = soup.new_tag("caption")
        label = soup.new_tag("span", attrs={"class": "ehp-tab-label"})
        label.string = _("Tabell")
        number = soup.new_tag("span", attrs={"class": "ehp-tab-num"})
        caption.append(label)
        caption.append(" ")
        caption.append(number)
        if caption_text:
            caption.append(": " + caption_text)
        table.insert(0, caption)
        wrap = soup.new_tag("div", attrs={"class": "ehp-table-wrap"})
        table.wrap(wrap)


def _top_cell(tag: Tag, section: Tag) -> Tag:
    """The cell (a direct child of the chapter's section) that holds ``tag``."""
    while tag.parent is not section:
        tag = tag.parent
    return tag


def _opens(tag: Tag, cell: Tag) -> bool:
    """Whether nothing is shown before ``tag`` in ``cell`` (then what goes before it goes before the cell)."""
    while tag is not cell:
        for sibling in tag.previous_siblings:
            if isinstance(sibling, Tag) or str(sibling).strip():
                return False
        tag = tag.parent
    return True


def place(section: Tag, chapter: str) -> None:
    """Move each ``## <section title>`` part of the chapter's commentary under the generated section it names
    in the report's HTML (the assembly's step; a chapter run in Jupyter follows the same rule as it shows its sections).

    The commentary cells were marked ``ehp-commentary`` (cells that call ``ch.commentary()``). Their
    ``##`` headings are ``h3`` by now, like the generated sections'. A part whose title matches a generated
    section (ignoring case, spaces and a leading number) loses its heading and goes at the end of that
    section, just before the next generated section (or the end of the generated content). A part that
    matches none stays where it was, at the chapter's end, with its heading, and the build warns.
    """
    commentary = [cell for cell in section.find_all("div", recursive=False)
                  if "ehp-commentary" in (cell.get("class") or [])]
    if not commentary:
        return
    # Tags compare equal by content: a generated heading and the commentary's heading of the same title
    # would be "the same", so what belongs to the commentary is told by identity.
    inside = {id(tag) for cell in commentary for tag in cell.find_all("h3")}
    generated = [h for h in section.find_all("h3") if id(h) not in inside]
    generated_titles = [heading_text(h) for h in generated]
    for cell in commentary:
        for block in cell.select("div.ehp-markdown"):
            found = parts(block, ("h3",))
            for part, index in zip(found, placement([p.title for p in found], generated_titles)):
                if index is None:
                    log.warning(_("Kommentaren til kapittelet {chapter} har et avsnitt «{title}» som ikke svarer til "
                                  "noe avsnitt i kapittelet; det vises til slutt i kapittelet.").format(
                                      chapter=chapter, title=part.title))
                    continue
                holder = take(part)
                following = generated[index + 1] if index + 1 < len(generated) else None
                if following is None:
                    commentary[0].insert_before(holder)
                else:
                    cell_of_next = _top_cell(following, section)
                    if _opens(following, cell_of_next):
                        cell_of_next.insert_before(holder)
                    else:
                        following.insert_before(holder)
            if not block.get_text(strip=True):
                block.decompose()
            elif generated and not block.find("h3") and block.find(("h4", "h5", "h6")):
                # What stays is the chapter's own commentary. Its "### X" would otherwise read as a part of
                # the last generated section; they are the chapter's sections, as the office wrote them.
                for level in range(4, 7):
                    for tag in block.find_all(f"h{level}"):
                        tag.name = f"h{level - 1}"
