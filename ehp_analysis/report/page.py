"""The page around the report's body: nothing fetched from elsewhere, and the styles and scripts embedded.

The assembly keeps table rows out of its HTML tree (:func:`stash_table_bodies`) and checks what it built
for anything a browser would fetch (:func:`external_resources`); the page's CSS and the interactive tables'
scripts are read from the package and embedded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from ..render.styles import report_css  # noqa: F401  (the page embeds it)

# Elements that make a browser fetch something; the report must fetch nothing.
RESOURCE_ATTRIBUTES = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",), "embed": ("src",),
    "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "input": ("src",),
}
_CSS_URL = re.compile(r"""url\(\s*['"]?(?!data:|#)([^'")\s]+)|@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.I)


_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_STASHED = re.compile(r'<tbody data-ehp-stash="(\d+)"></tbody>')
# What a browser could fetch, or run, from inside a table body: such a body is left in the tree, so the
# self-containment check sees it (ours never have one: cells are escaped text and badges).
_ACTIVE = re.compile(r"<(?:img|script|link|iframe|object|embed|video|audio|source|style|svg)\b|\s(?:style|src)="
                     r"|\shref=(?![\"']#)|url\(|@import", re.I)

# Every match of _ACTIVE contains one of these once lower-cased, unless the text holds one of the four letters
# that match an ASCII letter only under re.I (İ, ı, ſ, the Kelvin sign): a cheap test that rules most bodies out.
# A link within the page (href="#…", thousands in the Tiltaksoversikt) is no such match.
_ACTIVE_NEEDLES = ("<img", "<script", "<link", "<iframe", "<object", "<embed", "<video", "<audio", "<source",
                   "<style", "<svg", "style=", "src=", "url(", "@import")
_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _active(text: str) -> bool:
    """Whether ``text`` holds anything :data:`_ACTIVE` finds (the regular expression only where it might)."""
    lower = text.lower()
    if (any(n in lower for n in _ACTIVE_NEEDLES) or any(c in text for c in _FOLDED_TO_ASCII)
            or lower.count("href=") != lower.count('href="#') + lower.count("href='#")):
        return _ACTIVE.search(text) is not None
    return False


# A block a chapter marks as finished markup (Vedlegg 3's entries, see chapter/tiltak.py): its headings are
# at their final level and not part of the contents, so the structure step has nothing to do inside it.
_OPAQUE = re.compile(r'(<div class="ehp-opaque[^"]*">)(.*?)(</div><!--/ehp-opaque-->)', re.S)
_OPAQUE_STASHED = re.compile(r'<div data-ehp-stash-block="(\d+)"></div>')


def stash_table_bodies(body: str) -> tuple[str, list[str]]:
    """``body`` with the rows of its tables, and its opaque blocks, taken out (put back by
    :func:`restore_table_bodies`).

    The structure step numbers, moves and links headings, figures and captions; it never looks inside a
    table's rows. At 5,000 projects those rows are nine tenths of the page: parsing, searching and
    writing them again with BeautifulSoup took most of the assembly's time. A block marked
    ``<div class="ehp-opaque …">…</div><!--/ehp-opaque-->`` is taken out whole (the Tiltaksoversikt: one
    entry per project). Anything a browser could fetch or run stays in the tree, so the self-containment
    check sees it.
    """
    stash: list[str] = []

    def block(match: re.Match) -> str:
        if _active(match.group(2)):
            return match.group(0)
        stash.append(match.group(0))
        return f'<div data-ehp-stash-block="{len(stash) - 1}"></div>'

    def put(match: re.Match) -> str:
        if _active(match.group(1)):
            return match.group(0)
        stash.append(match.group(1))
        return f'<tbody data-ehp-stash="{len(stash) - 1}"></tbody>'

    return _TBODY.sub(put, _OPAQUE.sub(block, body)), stash


def restore_table_bodies(html: str, stash: list[str]) -> str:
    html = _STASHED.sub(lambda m: f"<tbody>{stash[int(m.group(1))]}</tbody>", html)
    return _OPAQUE_STASHED.sub(lambda m: stash[int(m.group(1))], html)


def external_resources(html: str | BeautifulSoup) -> list[str]:
    """Everything in ``html`` that a browser would fetch from elsewhere (should be empty).

    Checks resource attributes (``<script src>``, ``<link href>``, ``<img src>`` ...) for anything that
    is not a ``data:`` URL, and CSS (``<style>`` and ``style=""``) for ``url(...)`` and ``@import``.
    ``html`` may be parsed already (the assembly checks the body it built without parsing it again).
    """
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for name, attributes in RESOURCE_ATTRIBUTES.items():
        for tag in soup.find_all(name):
            for attribute in attributes:
                value = tag.get(attribute)
                if value and not str(value).strip().lower().startswith(("data:", "#")):
                    found.append(f"<{name} {attribute}={value[:120]!s}>")
    css = [style.get_text() for style in soup.find_all("style")]
    css += [tag["style"] for tag in soup.find_all(style=True)]
    for block in css:
        for match in _CSS_URL.finditer(block):
            found.append(f"css {match.group(0)[:120]}")
    return found



def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:``): every character but letters, digits and
    spaces escaped, so nothing in it can end the string or the ``<style>`` element."""
    return '"' + "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def interactive_scripts() -> str:
    """The scripts that make ``table.ehp-sortable`` sortable and filterable, embedded (no network).

    DataTables is the bundle itables ships for its offline mode (``itables.options.dt_bundle``), kept
    as base64 in a data block (it is an ES module; ``interactive.js`` imports it from a ``blob:`` URL,
    as itables' own offline mode does). Its stylesheet is not used: ``report.css`` styles the few
    controls, so the report's table look stays the same with or without JavaScript.
    """
    import base64

    from itables import options as itables_options

    bundle = base64.b64encode(Path(itables_options.dt_bundle).read_bytes()).decode("ascii")
    script = resources.files(__package__).joinpath("interactive.js").read_text(encoding="utf-8")
    return (f'<script type="application/octet-stream" id="ehp-datatables">{bundle}</script>\n'
            f"<script>\n{script}</script>")


def toc_html(entries: Iterable) -> str:
    """The table of contents: nested ordered lists of links to the numbered headings."""
    soup = BeautifulSoup("", "html.parser")

    def build(items: Iterable) -> Tag:
        ol = soup.new_tag("ol")
        for item in items:
            li = soup.new_tag("li")
            a = soup.new_tag("a", attrs={"href": f"#{item.id}"})
            if item.number:
                num = soup.new_tag("span", attrs={"class": "ehp-num"})
                num.string = item.number
                a.append(num)
                a.append(" ")
                a.append(item.text)
            else:
                a.string = item.text
            li.append(a)
            if item.children:
                li.append(build(item.children))
            ol.append(li)
        return ol

    return str(build(entries))
