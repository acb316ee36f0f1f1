"""The public tiltaksoversikt: ``tiltak/index.html`` (every tiltak, filters and search) and ``tiltak/<id>.html``.

A tiltak's page is its Vedlegg 3 entry as the assembly wrote it (facts, status and risk with their comments, its
history over the chain, its dependencies both ways, its early warnings), with its heading as the page's ``h1``,
links to other tiltak pointing at their pages, and its description. The index is a plain table that works without
JavaScript; ``filter.js`` shows the filters (organisation, status, risk, area or goal, phase) and the search and
hides the rows that do not match, as the reader types or chooses (keyboard alone is enough: they are ordinary form
controls with labels), and says how many are shown in a live region.

Only whole-number ids become file names (the pages are keyed by ``int``); every text from the data is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import text as _text
from ..render.markup import status_badge
from ..words import _
from .layout import TILTAK_DIR, SiteInfo, e, page
from .pages import relink

FILTERS = ("org", "status", "risk", "area", "phase")
LIVE_ROLE = "status"  # ARIA's role for the count, read out when it changes


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _word(value) -> str:
    return _("ikke vurdert") if _missing(value) else str(value)


def _area(fact) -> str:
    if not _missing(fact.goal):
        return f"{fact.goal} {'' if _missing(fact.goal_name) else fact.goal_name}".strip()
    if _missing(fact.focus_area):
        return _text.DASH
    return f"{fact.focus_area} {'' if _missing(fact.focus_area_name) else fact.focus_area_name}".strip()


def _phase(fact) -> str:
    return _text.DASH if _missing(fact.phase) else _text.capitalise(str(fact.phase))


def _select(name: str, label: str, values: list[str]) -> str:
    everything = _("Alle")
    options = "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)
    return (f'<div class="ehp-filter"><label for="filter-{name}">{e(label)}</label>'
            f'<select id="filter-{name}" name="{name}"><option value="">{e(everything)}</option>{options}</select></div>')


def index_body(facts: pd.DataFrame, *, goals: bool) -> str:
    """The content of ``tiltak/index.html``: its heading, the filter form (hidden until the script runs), the
    count, and the table of every tiltak (one row each, linking to its page)."""
    area_label = _("Strategisk mål") if goals else _("Innsatsområde")
    rows, seen = [], {k: set() for k in FILTERS}
    for fact in facts.itertuples(index=False):
        pid = int(fact.id)
        values = {"org": str(fact.organisation), "status": _word(fact.status), "risk": _word(fact.risk),
                  "area": _area(fact), "phase": _phase(fact)}
        for key, value in values.items():
            seen[key].add(value)
        data = " ".join(f'data-{k}="{e(v)}"' for k, v in values.items())
        rows.append(
            f"<tr {data}><td>{pid}</td><td><a href=\"{pid}.html\">{e(fact.name)}</a></td><td>{e(values['org'])}</td>"
            f"<td>{status_badge(None if _missing(fact.status) else fact.status)}</td>"
            f"<td>{status_badge(None if _missing(fact.risk) else fact.risk)}</td>"
            f"<td>{e(values['area'])}</td><td>{e(values['phase'])}</td></tr>")
    labels = {"org": _("Virksomhet"), "status": _("Status"), "risk": _("Risiko"), "area": area_label,
              "phase": _("Fase")}
    selects = "".join(_select(k, labels[k], sorted(seen[k], key=_sort_key)) for k in FILTERS)
    total = len(rows)
    count_template = _("Viser {shown} av {total} tiltak")
    heading = _("Alle tiltak")
    intro = _("Hvert tiltak i porteføljen, med status, risiko og fase. Velg et tiltak for å se hele historikken, "
              "avhengighetene og kommentarene.")
    search = _("Søk i navn, virksomhet og område")
    reset = _("Nullstill")
    caption = _("Tiltakene i porteføljen")
    more = _("Vis alle {n} treff")
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in
                   (_("Id"), _("Navn"), labels["org"], labels["status"], labels["risk"], area_label, labels["phase"]))
    return (
        f"<h1>{e(heading)}</h1><p>{e(intro)}</p>"
        f'<form id="project-filter" class="ehp-filters" role="search" hidden>'
        f'<div class="ehp-filter ehp-filter-sok"><label for="filter-q">{e(search)}</label>'
        f'<input id="filter-q" name="q" type="search" autocomplete="off"></div>{selects}'
        f'<div class="ehp-filter"><button type="reset">{e(reset)}</button></div></form>'
        f'<p id="project-count" class="ehp-count" role="{LIVE_ROLE}" aria-live="polite" '
        f'data-template="{e(count_template)}">{e(count_template.format(shown=total, total=total))}</p>'
        f'<div class="ehp-table-wrap"><table id="project-table" class="ehp-table ehp-project-list">'
        f"<caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f'<p><button type="button" id="project-more" data-template="{e(more)}" hidden></button></p>'
    )


def _sort_key(value: str):
    """Numbers as numbers (area 2.1 before 10.1), then text."""
    head = value.split(" ", 1)[0]
    try:
        return (0, tuple(int(p) for p in head.split(".")), value)
    except ValueError:
        return (1, (), value.casefold())


def tiltak_body(pid: int, name: str, inner: str, description: str | None, *, pages: Mapping[str, str],
                tiltak: set[int]) -> str:
    """A tiltak's page content: its Vedlegg 3 entry with an ``h1``, links made relative to ``tiltak/``, and
    its description (when reported)."""
    body = inner.replace("<h3>", "<h1>", 1).replace("</h3>", "</h1>", 1)
    body = relink(body, pages, tiltak, up="../", here=f"{TILTAK_DIR}/{pid}.html")
    if description:
        heading = _("Beskrivelse")
        body += f'<h2>{e(heading)}</h2><p class="ehp-beskrivelse">{e(description)}</p>'
    return f'<article class="ehp-project-page">{body}</article>'


def write_tiltak(folder, info: SiteInfo, facts: pd.DataFrame, articles: Mapping[int, tuple[str, str]],
                 descriptions: Mapping[int, str], *, pages: Mapping[str, str], goals: bool) -> list[str]:
    """Write ``tiltak/index.html``, ``tiltak/filter.js`` and one page per tiltak; return the pages written
    (relative to the site's root)."""
    from importlib import resources

    target = folder / TILTAK_DIR
    target.mkdir(parents=True, exist_ok=True)
    (target / "filter.js").write_text(resources.files(__package__).joinpath("filter.js").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    written = [f"{TILTAK_DIR}/index.html"]
    description = _("Alle tiltakene i porteføljen med status, risiko, fase og virksomhet, med filtre og søk.")
    (target / "index.html").write_text(page(
        info, title=_("Alle tiltak"), description=description, body=index_body(facts, goals=goals), up="../",
        current=f"{TILTAK_DIR}/index.html", scripts='<script src="filter.js"></script>\n'), encoding="utf-8")
    ids = {int(i) for i in articles}
    crumbs = [(f"{TILTAK_DIR}/index.html", _("Alle tiltak"))]
    for pid, (name, inner) in sorted(articles.items()):
        pid = int(pid)  # only a whole number becomes a file name
        plain = _plain(name)
        title = _("Tiltak {id}: {name}").format(id=pid, name=plain)
        about = _("Status, risiko, historikk, avhengigheter og varsler for tiltaket {name}.").format(name=plain)
        body = tiltak_body(pid, name, inner, descriptions.get(pid), pages=pages, tiltak=ids)
        (target / f"{pid}.html").write_text(page(info, title=title, description=about, body=body, up="../",
                                                 crumbs=crumbs), encoding="utf-8")
        written.append(f"{TILTAK_DIR}/{pid}.html")
    return written


def _plain(fragment: str) -> str:
    """An escaped name from the report back to plain text (the page escapes it again where it goes)."""
    import html

    return html.unescape(fragment)
