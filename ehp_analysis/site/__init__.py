"""``ehp build --site``: the report as the office publishes it, in ``outputs/<period>/site/`` (report.md, "Publishing").

The site is cut from what the build already wrote (``report.html``, ``key_figures.json``, ``report.pdf``) and the
validated periods of the chain: nothing runs again. :func:`write_site` writes

* ``index.html``, the front page (title, notes, foreword, the period's headline figures, contents);
* one page per chapter and appendix (``<chapter>.html``, numbered as in ``report.html``), see :mod:`.pages`;
* ``tiltak/index.html`` and ``tiltak/<id>.html``, see :mod:`.tiltak`;
* ``apne-data/`` (open data, see :mod:`.opendata`) with its own page, ``rapport.pdf`` (when the build printed the
  PDF), ``figurer/`` (the report's images as files), ``stil.css`` and ``sitemap.xml`` (only with ``site_url:``).

Nothing depends on the clock: "Publisert" is the parameter ``publisert:`` (default the cut-off), so two builds
give the same bytes. Every link is relative and nothing is fetched from outside the folder.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from .. import text as _text
from ..render.styles import report_css
from ..words import _
from .layout import OPEN_DATA_DIR, PDF_NAME, STYLESHEET, NavItem, SiteInfo, e, page
from .pages import chapter_body, front_contents, headline_list, page_map, split_report

SITE_DIR = "site"
DEFAULT_PUBLISHER = "Helsedirektoratet"  # the portfolio office's body since 2024
FIGURE_DIR = "figurer"
_INLINE_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def site_parameters(raw: dict[str, Any], cutoff: str) -> tuple[str, str | None, str]:
    """``(publisert, site_url, publisher)`` from a period's parameters (validated by :mod:`ehp_analysis.config`)."""
    published = str(raw.get("publisert") or cutoff)
    url = raw.get("site_url") or None
    publisher = str(raw.get("publisher") or DEFAULT_PUBLISHER)
    return published, (str(url) if url else None), publisher


def _pdf_copy(source: Path, target: Path, published: str) -> None:
    """``report.pdf`` as ``rapport.pdf``, its creation and change dates set to the publishing date (same length,
    so the PDF's offsets hold): two builds give the same bytes."""
    stamp = published.replace("-", "") + "000000"
    data = _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp.encode() + b"+00'00')", source.read_bytes())
    target.write_bytes(data)


_SCRIPTS = re.compile(r'<script type="application/octet-stream" id="(?P<id>[^"]+)">(?P<data>[^<]*)</script>\s*'
                      r"<script>(?P<code>.*)</script>", re.S)


def _scripts_as_files(scripts: str, folder: Path) -> str:
    """The interactive tables' scripts (report/page.interactive_scripts: DataTables as base64 in a data block, and
    the code that reads it) as two files every page with such a table loads, instead of ~1 MB in each page.
    The first file puts the data block back into the page, so the code finds it as it does in report.html."""
    match = _SCRIPTS.search(scripts)
    if match is None:
        return scripts
    data = (f"(function () {{ const block = document.createElement(\"script\"); block.type = \"application/octet-stream\";"
            f" block.id = {json.dumps(match['id'])}; block.textContent = \"{match['data'].strip()}\";"
            f" document.body.appendChild(block); }})();\n")
    (folder / "tabeller-data.js").write_text(data, encoding="utf-8")
    (folder / "tabeller.js").write_text(match["code"], encoding="utf-8")
    return '<script src="tabeller-data.js"></script>\n<script src="tabeller.js"></script>\n'


def _figures_as_files(body: str, folder: Path) -> str:
    """Every image the report embeds (``data:`` PNG) written once to ``figurer/<hash>.png`` and linked from the
    page instead: a page stays small (the dependency network alone is a megabyte at 500 projects), and a browser
    caches a figure. Named by its content, so two builds give the same files."""
    import base64
    import hashlib

    def write(match: re.Match) -> str:
        data = base64.b64decode(match.group(1))
        name = f"{FIGURE_DIR}/{hashlib.sha256(data).hexdigest()[:20]}.png"
        target = folder / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data)
        return f'src="{name}"'

    return _INLINE_PNG.sub(write, body)


def _headlines(key_figures: dict) -> list[tuple[str, str]]:
    """The front page's headline figures from ``key_figures.json`` (what is not there is not shown)."""
    out: list[tuple[str, str]] = []
    period = key_figures.get("period")
    projects = (key_figures.get("history") or {}).get("projects_count", {}).get(period)
    if projects is not None:
        out.append((_("Tiltak i porteføljen"), _text.number(projects)))
    budget = key_figures.get("budget") or {}
    if budget.get("total") is not None:
        label = _("Samlet budsjett {year}").format(year=budget.get("year", "")).strip()
        out.append((label, _text.amount(budget["total"], kroner=True)))
    status = (key_figures.get("history") or {}).get("status_counts", {}).get(period)
    if status:
        out.append((_("Tiltak med rød status"), _text.number(status.get("rød", 0))))
    dependencies = key_figures.get("dependencies") or {}
    if dependencies.get("reported") and dependencies.get("count") is not None:
        out.append((_("Meldte avhengigheter"), _text.number(dependencies["count"])))
    return out


def write_site(folder: Path, *, params, chain, chapter_title: str) -> list[str]:
    """Write the site (see :func:`_write_site`) with the period's currency for its amounts."""
    with _text.use_currency(params.currency):
        return _write_site(folder, params=params, chain=chain, chapter_title=chapter_title)


def _write_site(folder: Path, *, params, chain, chapter_title: str) -> list[str]:
    """Write the site into ``folder`` (emptied first) from the build's files beside it.

    Parameters
    ----------
    folder : Path
        ``<period folder>/site``; ``report.html`` and ``key_figures.json`` are read from its parent.
    params : PeriodParameters
    chain : sequence of Portfolio
        The period's chain, oldest first (the tiltak pages' facts and the open data).
    chapter_title : str
        The report's title (``chapters.yaml``).

    Returns
    -------
    list of str
        The pages written, relative to ``folder`` (what ``sitemap.xml`` lists).
    """
    from ..metrics import project_history
    from .opendata import write_open_data
    from .tiltak import write_tiltak

    folder = Path(folder)
    period_dir = folder.parent
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    parts = split_report((period_dir / "report.html").read_text(encoding="utf-8"))
    published, site_url, publisher = site_parameters(params.raw, params.cutoff)
    has_pdf = (period_dir / "report.pdf").is_file()
    if has_pdf:
        _pdf_copy(period_dir / "report.pdf", folder / PDF_NAME, published)
    chapters = [s for s in parts.sections if s.kind == "chapter"]
    subtitle = _text.capitalise(_text.month_year(params.period))
    info = SiteInfo(
        title=chapter_title, subtitle=subtitle,
        cutoff_text=_("Data per {date}").format(date=_text.date(params.cutoff)),
        published_text=_("Publisert {date}").format(date=_text.date(published)),
        nav=[NavItem(s.file, s.number, s.title) for s in chapters], has_pdf=has_pdf,
        example=_text.example_data_page() if params.synthetic else "")
    css = report_css()
    css += resources.files(__package__).joinpath("site.css").read_text(encoding="utf-8")
    (folder / STYLESHEET).write_text(css, encoding="utf-8")
    pages = page_map(parts.sections)
    tiltak_ids = set(parts.articles)
    table_scripts = _scripts_as_files(parts.scripts, folder) if parts.scripts else ""
    written = ["index.html"]
    for section in chapters:
        body = _figures_as_files(chapter_body(section, pages, parts.articles), folder)
        scripts = table_scripts if 'class="ehp-table ehp-sortable"' in body else ""
        label = f"{section.number} {section.title}".strip()
        about = _("{chapter} i {report}, {period}.").format(chapter=label, report=chapter_title, period=subtitle)
        (folder / section.file).write_text(page(info, title=label, description=about, body=body,
                                                current=section.file, scripts=scripts + "\n" if scripts else ""),
                                           encoding="utf-8")
        written.append(section.file)
    key_figures = json.loads((period_dir / "key_figures.json").read_text(encoding="utf-8")) \
        if (period_dir / "key_figures.json").is_file() else {}
    foreword = next((s for s in parts.sections if s.kind == "foreword"), None)
    front = [f"<h1>{e(info.name)}</h1>", f'<p class="ehp-cutoff">{e(info.cutoff_text)}</p>']
    front += [f'<p class="ehp-note">{note}</p>' for note in parts.notes]
    headlines = _headlines(key_figures)
    if headlines:
        headline_title = _("Nøkkeltall")
        front.append(f'<section aria-labelledby="nokkeltall"><h2 id="nokkeltall">{e(headline_title)}</h2>'
                     f"{headline_list(headlines)}</section>")
    if foreword is not None:
        front.append(foreword.html)
    contents_title = _("Innhold")
    front.append(f'<nav class="ehp-toc" aria-labelledby="innhold"><h2 id="innhold">{e(contents_title)}</h2>'
                 f"{front_contents(parts.toc, pages, tiltak_ids)}</nav>")
    description = _("{report} for {period}: status, risiko, kostnader og avhengigheter for tiltakene i "
                    "porteføljen.").format(report=chapter_title, period=subtitle.lower())
    (folder / "index.html").write_text(page(info, title=_("Forside"), description=description, body="".join(front),
                                            current="index.html"), encoding="utf-8")
    current = chain[-1]
    facts = project_history.facts(current)
    descriptions = {int(i): str(d) for i, d in zip(current.projects["id"], current.projects["description"])
                    if isinstance(d, str) and d.strip()}
    written += write_tiltak(folder, info, facts, parts.articles, descriptions, pages=pages,
                            goals=bool(current.reference.strategy.has_goals))
    data_title = _("{report}, {period}").format(report=chapter_title, period=subtitle.lower())
    data_description = _("Tiltakene i den nasjonale e-helseporteføljen med status, risiko, budsjett og "
                         "avhengigheter, og historikken deres.")
    files = write_open_data(folder / OPEN_DATA_DIR, chain, title=data_title, description=data_description,
                            publisher=publisher, cutoff=params.cutoff, site_url=site_url)
    written.append(_open_data_page(folder, info, files))
    if site_url:
        _sitemap(folder, site_url, written, published)
    return written


def _open_data_page(folder: Path, info: SiteInfo, files: list[str]) -> str:
    items = "".join(f'<li><a href="{e(name)}">{e(name)}</a></li>' for name in files)
    heading = _("Åpne data")
    intro = _("Dataene bak rapporten som CSV-filer (UTF-8, komma, desimalpunktum, ISO-datoer). Verdier som er "
              "unntatt offentlighet, er utelatt. Lisens: Norsk lisens for offentlige data (NLOD) 2.0.")
    body = f"<h1>{e(heading)}</h1><p>{e(intro)}</p><ul>{items}</ul>"
    target = f"{OPEN_DATA_DIR}/index.html"
    (folder / target).write_text(page(info, title=_("Åpne data"), description=_("Dataene bak rapporten som åpne data."),
                                      body=body, up="../", current=target), encoding="utf-8")
    return target


def _sitemap(folder: Path, site_url: str, pages: list[str], published: str) -> None:
    base = site_url.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{e(base + p)}</loc><lastmod>{published}</lastmod></url>\n" for p in pages)
    (folder / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                        f"{urls}</urlset>\n", encoding="utf-8")
