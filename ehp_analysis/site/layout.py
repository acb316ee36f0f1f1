"""The frame every page of the website shares: head, skip link, header with the navigation, breadcrumb, footer.

Every page gets its own ``<title>`` and description, the same header and navigation (the chapters and appendices,
the tiltaksoversikt, the PDF and the open data), a breadcrumb, and the lines "Data per <cut-off>" and "Publisert
<date>". Links are relative to the page (``up`` is the way to the site's root: ``""`` or ``"../"``), so the folder
works opened from disk and from any static web server. Every text from the data is escaped here or before.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from ..words import MALFORMS, _, malform

STYLESHEET = "stil.css"
OPEN_DATA_DIR = "apne-data"
PDF_NAME = "rapport.pdf"
TILTAK_DIR = "tiltak"


def e(value: object) -> str:
    """Text for HTML, escaped (quotes too: it may go into an attribute)."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation: its page (relative to the root), its number and title."""

    href: str
    number: str
    title: str


@dataclass(frozen=True)
class SiteInfo:
    """What every page says about the site: the report's title and period, dates, navigation, banner."""

    title: str
    subtitle: str
    cutoff_text: str
    published_text: str
    nav: Sequence[NavItem]
    has_pdf: bool
    example: str = ""

    @property
    def name(self) -> str:
        return f"{self.title} – {self.subtitle}"


def _current(href: str, current: str) -> str:
    return ' aria-current="page"' if href == current else ""


def page(info: SiteInfo, *, title: str, description: str, body: str, up: str = "",
         crumbs: Sequence[tuple[str, str]] = (), current: str = "", scripts: str = "") -> str:
    """A whole page of the site.

    Parameters
    ----------
    info : SiteInfo
    title : str
        The page's own title (the site's name is added to ``<title>``).
    description : str
        ``<meta name="description">``: what the page holds, in a sentence.
    body : str
        The page's content (HTML, already escaped), beginning with its ``h1``.
    up : str
        The way from the page to the site's root (``""`` or ``"../"``).
    crumbs : sequence of (href, text)
        The breadcrumb between the front page and this page (hrefs relative to the root).
    current : str
        The navigation entry of this page (its href relative to the root), marked ``aria-current``.
    scripts : str
        Script elements placed at the end of the body.
    """
    nav_items = []
    for item in info.nav:
        mark = _current(item.href, current)
        number = f'<span class="ehp-num">{e(item.number)}</span> ' if item.number else ""
        nav_items.append(f'<li><a href="{e(up + item.href)}"{mark}>{number}{e(item.title)}</a></li>')
    links = [(f"{TILTAK_DIR}/index.html", _("Alle tiltak"))]
    if info.has_pdf:
        links.append((PDF_NAME, _("Rapporten som PDF")))
    links.append((f"{OPEN_DATA_DIR}/index.html", _("Åpne data")))
    link_items = "".join(f'<li><a href="{e(up + href)}"{_current(href, current)}>{e(text)}</a></li>'
                         for href, text in links)
    words = {"front": _("Forside"), "trail": _("Brødsmulesti"), "skip": _("Gå til hovedinnholdet"),
             "menu": _("Hovedmeny")}
    trail = ([f'<li><a href="{e(up)}index.html">{e(words["front"])}</a></li>']
             if crumbs or current != "index.html" else [])
    for href, text in crumbs:
        trail.append(f'<li><a href="{e(up + href)}">{e(text)}</a></li>')
    if trail:
        trail.append(f'<li aria-current="page">{e(title)}</li>')
    breadcrumb = (f'<nav class="ehp-breadcrumb" aria-label="{e(words["trail"])}"><ol>{"".join(trail)}</ol></nav>'
                  if trail else "")
    example = f'<div class="ehp-example" role="note">{e(info.example)}</div>' if info.example else ""
    dates = f'{e(info.cutoff_text)} · {e(info.published_text)}'
    return (
        f'<!DOCTYPE html>\n<html lang="{MALFORMS[malform()]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} – {e(info.name)}</title>\n"
        f'<meta name="description" content="{e(description)}">\n'
        f'<link rel="stylesheet" href="{e(up)}{STYLESHEET}">\n</head>\n<body>\n'
        f'<a class="ehp-skip" href="#hovedinnhold">{e(words["skip"])}</a>\n{example}\n'
        f'<header class="ehp-site-header"><div class="ehp-site-inner">'
        f'<p class="ehp-site-name"><a href="{e(up)}index.html">{e(info.name)}</a></p>'
        f'<p class="ehp-site-dates">{dates}</p>'
        f'<nav class="ehp-site-nav" aria-label="{e(words["menu"])}"><ul>{"".join(nav_items)}</ul>'
        f'<ul class="ehp-site-links">{link_items}</ul></nav></div></header>\n'
        f'<div class="ehp-page">{breadcrumb}\n<main id="hovedinnhold" tabindex="-1">\n{body}\n</main>\n</div>\n'
        f'<footer class="ehp-site-footer"><div class="ehp-site-inner"><p>{e(info.name)}. {dates}.</p>'
        f'<ul class="ehp-site-links">{link_items}</ul></div></footer>\n{scripts}</body>\n</html>\n'
    )
