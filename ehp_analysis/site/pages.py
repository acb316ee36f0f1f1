"""The report's pages for the website, cut from the assembled ``report.html`` (nothing is run again).

The assembly wrote one page with one ``<section>`` per chapter and appendix (numbered, with stable ids), the
foreword, a table of contents and, at the end, the scripts of the interactive tables. :func:`split_report` cuts
it into those parts with regular expressions (the page is a few megabytes at 5,000 projects: no second parse),
and :func:`chapter_page` turns a section into a page of its own: its heading becomes the page's ``h1`` and every
heading below moves up one level (headings stay in order), a link to an id on another page points at that page,
a link to a tiltak's entry points at the tiltak's own page, and the Tiltaksoversikt's entries are replaced by a
list of links to those pages (:func:`tiltak_links`), which keeps every page small.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..render.tiltak import ANCHOR
from .layout import TILTAK_DIR, e

ID_CLASS = f"ehp-{ANCHOR}-id"

_SECTION = re.compile(r'<section\b[^>]*\bclass="ehp-(chapter|foreword)"[^>]*>')
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
_HEADING = re.compile(r"<(/?)h([2-6])\b")
_OPAQUE = re.compile(r'<div class="ehp-opaque ehp-tiltaksoversikt">.*?</div><!--/ehp-opaque-->', re.S)
# Vedlegg 3's entries as chapter/tiltak.py writes them (its ANCHOR names the class and the ids).
_ARTICLE = re.compile(rf'<article class="ehp-{ANCHOR}" id="{ANCHOR}-(\d+)">(.*?)</article>', re.S)
_ARTICLE_TITLE = re.compile(rf'<h3><span class="{ID_CLASS}">(\d+)</span> (.*?)</h3>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SAFE_FILE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Section:
    """One chapter, appendix or the foreword, as the assembly wrote it."""

    id: str
    kind: str  # "chapter" or "foreword"
    html: str
    number: str = ""
    title: str = ""
    ids: set[str] = field(default_factory=set)

    @property
    def file(self) -> str:
        """The page's file name: the chapter's id (from ``chapters.yaml``'s ``file``), checked to be a plain name."""
        if not _SAFE_FILE.match(self.id):
            raise ValueError(f"chapter id {self.id!r} is not a plain file name")
        return f"{self.id}.html"


@dataclass
class ReportParts:
    """``report.html`` cut up: the header's notes, the table of contents, the sections, the interactive scripts,
    and the Tiltaksoversikt's entries (``{id: (name, inner HTML)}``)."""

    notes: list[str]
    toc: str
    sections: list[Section]
    scripts: str
    articles: dict[int, tuple[str, str]]


def _text(fragment: str) -> str:
    """The visible text of a small HTML fragment (entities kept as they are: the result goes back into HTML)."""
    return " ".join(_TAG.sub("", fragment).split())


def split_report(page: str) -> ReportParts:
    """Cut the assembled report into its parts (see :class:`ReportParts`).

    Raises
    ------
    ValueError
        If the page is not what the assembly writes (no ``<main>``).
    """
    head, sep, rest = page.partition("<main>")
    if not sep:
        head, sep, rest = page.partition('<main id="hovedinnhold" tabindex="-1">')
    if not sep:
        raise ValueError("report.html has no <main>")
    main, _, tail = rest.partition("</main>")
    header = head.partition('<header class="ehp-header">')[2].partition("</header>")[0]
    notes = re.findall(r'<p class="ehp-note">(.*?)</p>', header, re.S)
    toc = head.partition('<nav class="ehp-toc"')[2].partition("</h2>")[2].partition("</nav>")[0].strip()
    scripts = tail.partition("</div>")[2].rpartition("</body>")[0].strip()
    starts = list(_SECTION.finditer(main))
    sections = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(main)
        chunk = main[match.start():end]
        chunk = chunk[: chunk.rfind("</section>") + len("</section>")]
        section_id = _ID.search(match.group(0)).group(1)
        section = Section(id=section_id, kind=match.group(1), html=chunk)
        heading = re.search(rf'<h2 id="{re.escape(section_id)}-tittel">(.*?)</h2>', chunk, re.S)
        if heading:
            number = re.search(r'<span class="ehp-num">(.*?)</span>', heading.group(1))
            section.number = _text(number.group(1)) if number else ""
            section.title = _text(heading.group(1)[number.end():] if number else heading.group(1))
        sections.append(section)
    articles: dict[int, tuple[str, str]] = {}
    for section in sections:
        block = _OPAQUE.search(section.html)
        for match in _ARTICLE.finditer(block.group(0) if block else ""):
            title = _ARTICLE_TITLE.match(match.group(2))
            name = title.group(2) if title else ""
            articles[int(match.group(1))] = (name, match.group(2))
        section.ids = set(_ID.findall(_OPAQUE.sub("", section.html)))
    return ReportParts(notes=notes, toc=toc, sections=sections, scripts=scripts, articles=articles)


def link_target(target: str, pages: Mapping[str, str], tiltak: set[int], *, up: str, here: str) -> str | None:
    """Where ``href="#target"`` points on the site from a page at ``here`` (relative to the root; ``up`` leads
    back to the root); ``None`` when the id is on no page (the link is then left as it was)."""
    match = re.fullmatch(rf"{ANCHOR}-(\d+)", target)
    if match and int(match.group(1)) in tiltak:
        page = f"{TILTAK_DIR}/{int(match.group(1))}.html"
        return f"{up}{page}" if page != here else "#"
    page = pages.get(target)
    if page is None:
        return None
    return f"#{target}" if page == here else f"{up}{page}#{target}"


def relink(fragment: str, pages: Mapping[str, str], tiltak: set[int], *, up: str = "", here: str = "") -> str:
    """Every ``href="#…"`` in ``fragment`` pointed at the page that holds the id (see :func:`link_target`)."""

    def replace(match: re.Match) -> str:
        found = link_target(match.group(1), pages, tiltak, up=up, here=here)
        return match.group(0) if found is None else f'href="{found}"'

    return _HREF.sub(replace, fragment)


def promote_headings(fragment: str) -> str:
    """Every heading one level up (``h2`` becomes ``h1`` …): a chapter's page begins with its own ``h1``."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}", fragment)


def tiltak_links(articles: Mapping[int, tuple[str, str]], *, up: str = "") -> str:
    """The site's Tiltaksoversikt: a link per tiltak to its own page, in id order."""
    items = "".join(f'<li><a href="{up}{TILTAK_DIR}/{pid}.html"><span class="{ID_CLASS}">{pid}</span> '
                    f"{name}</a></li>" for pid, (name, _) in sorted(articles.items()))
    return f'<ul class="ehp-project-links">{items}</ul>'


def chapter_body(section: Section, pages: Mapping[str, str], articles: Mapping[int, tuple[str, str]]) -> str:
    """A section as the content of its own page (see the module docstring)."""
    body = _OPAQUE.sub(lambda _m: tiltak_links(articles), section.html)
    body = relink(body, pages, set(articles), here=section.file)
    return promote_headings(body)


def page_map(sections: list[Section]) -> dict[str, str]:
    """id -> the page that holds it (the foreword is on the front page)."""
    out: dict[str, str] = {}
    for section in sections:
        page = "index.html" if section.kind == "foreword" else section.file
        for ident in section.ids | {section.id}:
            out.setdefault(ident, page)
    return out


def front_contents(toc: str, pages: Mapping[str, str], tiltak: set[int]) -> str:
    """The report's table of contents with links to the pages (the foreword is on this page)."""
    return relink(toc, pages, tiltak, here="index.html")


def headline_list(items: list[tuple[str, str]]) -> str:
    """The period's headline figures as a description list (label, value), escaped."""
    return ('<dl class="ehp-nokkeltall">'
            + "".join(f"<div><dt>{e(label)}</dt><dd>{e(value)}</dd></div>" for label, value in items) + "</dl>")
