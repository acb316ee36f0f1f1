"""Assemble executed chapter notebooks into ONE self-contained ``report.html``.

Steps: merge the notebooks with nbformat in ``chapters.yaml`` order (parameter cells dropped, cell ids
regenerated as ``<chapter>-<n>``), export the cells' outputs with nbconvert's ``basic`` template (no input,
no prompts, no page around it: so no require.js, MathJax or any other CDN script), then post-process the
HTML with BeautifulSoup: one ``<section>`` per chapter with its numbered heading and a stable id, the
notebook's own headings moved one level down (the report title is the only ``h1``), sections numbered,
a table of contents, figures and tables numbered across the report in reading order. The page around it
is ``templates/report.html.j2`` with ``report.css`` inlined. When a chapter shows an interactive table
(``ehp-sortable``, e.g. Vedlegg 1) the page also embeds DataTables (the copy shipped with itables) and
``interactive.js``, which enhances the plain table in place: nothing is fetched, and without JavaScript
or on paper the full table shows.

Numbers are given here, not when a chapter runs, so reordering ``chapters.yaml`` renumbers everything
without re-running a notebook.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..chapter_list import ChapterList, NumberedChapter
from ..config import OUTPUT, PeriodParameters
from ..exceptions import BuildError
from ..markdown_cells import standing_for
from ..render import commentary as placing
from ..words import MALFORMS, N_, _, malform
from .page import (css_string, external_resources, interactive_scripts, report_css, restore_table_bodies,
                   stash_table_bodies, toc_html)

log = logging.getLogger("ehp_analysis")

DROP_TAGS = frozenset({"parameters", "injected-parameters", "papermill-error-cell-tag"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CELL_ID = re.compile(r"^cell-id=(?P<chapter>.+)-(?P<n>\d+)$")
_COMMENTARY_CALL = re.compile(r"\.commentary\(\s*\)")
FOREWORD_FILE = "forord"
REPORT_LABELS = {  # the report's own words around the chapters, translated where they are used
    "cutoff": N_("Rapporten baserer seg på innrapportering per {date}."), "toc": N_("Innhold"),
    "foreword": N_("Forord"), "unplaced": N_("Kommentar"),
}


class AssemblyError(BuildError):
    """The executed chapters could not be put together into one report."""


# ------------------------------------------------------------------------------------------- merge


def _chapter_heading_removed(source: str) -> str:
    """``source`` without its first line if that line is a level-1 ATX heading (``# Tittel``)."""
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if re.match(r"^ {0,3}#(\s|$)", line):
            return "\n".join(lines[:i] + lines[i + 1:]).strip("\n")
        return source
    return source


def _commentary_outputs(output, source: str | None) -> list | None:
    """What stands where a chapter kept its commentary's place (``ch.commentary()``), or ``None`` for any other output."""
    found = placing.marked(output)
    if found is None:
        return None
    return [nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": plain})
            for markup, plain in placing.shown(source, found.get("otherwise"))]


def merge_notebooks(parts: Sequence[tuple[NumberedChapter, nbformat.NotebookNode]],
                    texts: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """Concatenate executed chapter notebooks into one, in the given order.

    Parameter cells are dropped, the chapter's own ``# Tittel`` (first heading of its first Markdown
    cell) is removed because the assembly gives the numbered one, stderr output (warnings) is logged
    instead of shown, and every cell gets the id ``<chapter>-<n>``, which the HTML step reads back.

    The office's commentary is placed here, not in the chapters' kernels: where a chapter kept its place
    (:func:`ehp_analysis.render.commentary.marker`) go its ``tekst/<chapter>.md`` from ``texts`` (chapter -> text),
    or the chapter's sentence for none.

    Parameters
    ----------
    parts : sequence of (NumberedChapter, NotebookNode)
    texts : mapping of str to str, optional

    Returns
    -------
    NotebookNode
    """
    texts = texts or {}
    merged = nbformat.v4.new_notebook()
    commentary_cells: list[str] = []
    if parts:
        merged.metadata = copy.deepcopy(parts[0][1].metadata)
        merged.metadata.pop("papermill", None)
    for numbered, nb in parts:
        n = 0
        first_markdown = True
        for cell in nb.cells:
            if DROP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
                continue
            cell = standing_for(copy.deepcopy(cell))  # a heading shown from code becomes its Markdown cell
            if cell.cell_type == "markdown" and first_markdown:
                first_markdown = False
                cell.source = _chapter_heading_removed(cell.source)
                if not cell.source.strip():
                    continue
            commentary_place = False
            if cell.cell_type == "code":
                kept = []
                for output in cell.get("outputs", []):
                    placed = _commentary_outputs(output, texts.get(numbered.file))
                    if placed is not None:
                        kept.extend(placed)
                        commentary_place = True
                        continue
                    if output.get("output_type") == "stream" and output.get("name") == "stderr":
                        log.warning(_("Kapittelet {chapter} skrev til stderr (vises ikke i rapporten): {text}").format(
                            chapter=numbered.file, text=str(output.get("text", "")).strip()[:500]))
                        continue
                    kept.append(output)
                cell.outputs = kept
                if not kept:
                    continue  # setup cells: nothing to show, not even an empty box
            n += 1
            cell.id = f"{numbered.file}-{n}"
            if cell.cell_type == "code" and (commentary_place or _COMMENTARY_CALL.search(cell.source)):
                commentary_cells.append(cell.id)
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
            merged.cells.append(cell)
    # Which cells show the office's commentary (``ch.commentary()``): the HTML step places its ``##`` parts.
    merged.metadata["ehp_commentary_cells"] = commentary_cells
    return merged


@functools.lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: it compiles its Jinja templates once (~0.2 s), not at every assembly."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class BodyExporter(HTMLExporter):
        """HTMLExporter without its second pass over the output.

        HTMLExporter parses the HTML it has just written with BeautifulSoup to give images without alt
        text a placeholder and lab-template wrappers a ``tabindex``: our figures always carry alt text and
        the ``basic`` template has no such wrappers, and at 5,000 projects that pass took 5 of the
        assembly's 10 seconds. The filters it registers first are registered here the same way.
        """

        def from_notebook_node(self, nb, resources=None, **kw):  # noqa: D102 - see class docstring
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type",
                                 WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                       resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return BodyExporter(
        template_name="basic",
        # The notebook is validated once, after the preprocessors, not after each of them (the same answer:
        # they only remove cells and outputs here; 46 validations were ~0,14 s of a 0,8 s assembly of 2020-01).
        optimistic_validation=True,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def notebook_body(nb: nbformat.NotebookNode) -> str:
    """The cells' outputs as an HTML fragment: no input, no prompts, no page, no scripts from anywhere."""
    body, _resources = _exporter().from_notebook_node(nb)
    return body


# ---------------------------------------------------------------------------------------- structure


def slug(text: str) -> str:
    """An ASCII id from a heading: ``"Status og risiko"`` -> ``"status-og-risiko"``."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "avsnitt"


@dataclass
class _TocEntry:
    id: str
    number: str
    text: str
    children: list[_TocEntry]


def _unique(base: str, used: set[str]) -> str:
    candidate, i = base, 2
    while candidate in used:
        candidate, i = f"{base}-{i}", i + 1
    used.add(candidate)
    return candidate


def _heading_text(tag: Tag) -> str:
    for anchor in tag.select("a.anchor-link"):
        anchor.decompose()
    return " ".join(tag.get_text(" ", strip=True).split())


def _group_cells(soup: BeautifulSoup, numbered: Sequence[NumberedChapter],
                 commentary_cells: Iterable[str] = ()) -> dict[str, list[Tag]]:
    files = {nc.file for nc in numbered}
    commentary = {f"cell-id={c}" for c in commentary_cells}
    groups: dict[str, list[Tag]] = {nc.file: [] for nc in numbered}
    for div in soup.find_all("div", recursive=False):
        match = _CELL_ID.match(div.get("id", ""))
        if not match or match["chapter"] not in files:
            raise AssemblyError(_("Fant en celle som ikke hører til noe kapittel: {id}.").format(id=repr(div.get("id"))))
        if div["id"] in commentary:
            div["class"] = list(div.get("class", [])) + ["ehp-commentary"]
        del div["id"]  # cell ids are build internals; headings carry the ids a reader links to
        groups[match["chapter"]].append(div)
    return groups


def _structure(body: str, numbered: Sequence[NumberedChapter], *, commentary_cells: Iterable[str] = (),
               foreword: str | None = None) -> tuple[BeautifulSoup, list[_TocEntry]]:
    soup = BeautifulSoup(body, "html.parser")
    groups = _group_cells(soup, numbered, commentary_cells)
    out = BeautifulSoup("", "html.parser")
    used_ids: set[str] = {"innhold"}
    toc: list[_TocEntry] = []
    if foreword is not None:
        toc.append(_foreword_section(out, foreword, used_ids))
        out.append("\n")
    for nc in numbered:
        chapter_id = _unique(nc.file, used_ids)
        section = out.new_tag("section", attrs={"class": "ehp-chapter", "id": chapter_id,
                                                "aria-labelledby": f"{chapter_id}-tittel"})
        heading = out.new_tag("h2", attrs={"id": f"{chapter_id}-tittel"})
        number = out.new_tag("span", attrs={"class": "ehp-num"})
        number.string = nc.number if not nc.chapter.appendix else f"{nc.number} –"
        title = nc.chapter.bare_title
        heading.append(number)
        heading.append(" " + title)
        section.append(heading)
        entry = _TocEntry(chapter_id, number.string, title, [])
        toc.append(entry)
        for cell in groups[nc.file]:
            section.append(cell.extract())
        # The chapter's own headings go below its heading (h2): "# X" and "## X" both become sections
        # (h3), "### X" h4 and so on. Deepest first so a heading is moved once.
        for level in range(6, 0, -1):
            for tag in section.find_all(f"h{level}"):
                if tag is heading:
                    continue
                tag.name = f"h{min(max(level + 1, 3), 6)}"
        placing.place(section, nc.file)
        _close_heading_gaps(section)
        sub = 0
        for tag in section.find_all("h3"):
            text = _heading_text(tag)
            tag_id = _unique(f"{chapter_id}-{slug(text)}", used_ids)
            tag["id"] = tag_id
            tag.clear()
            label = ""
            if not nc.chapter.appendix:
                sub += 1
                label = f"{nc.number}.{sub}"
                num = out.new_tag("span", attrs={"class": "ehp-num"})
                num.string = label
                tag.append(num)
                tag.append(" ")
            tag.append(text)
            entry.children.append(_TocEntry(tag_id, label, text, []))
        for tag in section.find_all(HEADINGS[3:]):
            for anchor in tag.select("a.anchor-link"):
                anchor.decompose()
            if tag.get("id"):
                tag["id"] = _unique(f"{chapter_id}-{slug(tag['id'])}", used_ids)
        out.append(section)
        out.append("\n")
    placing.caption_tables(out)
    _number_captions(out, used_ids)
    return out, toc


def _foreword_section(out: BeautifulSoup, source: str, used_ids: set[str]) -> _TocEntry:
    """The office's ``tekst/forord.md`` as an unnumbered section before chapter 1 (raw HTML shown as text)."""
    from ..render.markup import markdown_html

    section_id = _unique("forord", used_ids)
    section = out.new_tag("section", attrs={"class": "ehp-foreword", "id": section_id,
                                            "aria-labelledby": f"{section_id}-tittel"})
    heading = out.new_tag("h2", attrs={"id": f"{section_id}-tittel"})
    heading.string = _(REPORT_LABELS["foreword"])
    section.append(heading)
    content = BeautifulSoup(markdown_html(source), "html.parser")
    # Its own headings go below the section's heading, as a chapter's do; they are not numbered.
    for level in range(6, 0, -1):
        for tag in content.find_all(f"h{level}"):
            tag.name = f"h{min(max(level + 1, 3), 6)}"
    section.append(content)
    _close_heading_gaps(section)
    out.append(section)
    return _TocEntry(section_id, "", _(REPORT_LABELS["foreword"]), [])


def _close_heading_gaps(section: Tag) -> None:
    """Move up any heading more than one level below the one before it (h2 then h4 becomes h2, h3).

    An analyst's commentary may start with ``### Generelt`` right under the chapter's heading; screen
    readers and the PDF's bookmarks expect no level to be skipped.
    """
    previous = 1
    for tag in section.find_all(HEADINGS):
        level = min(int(tag.name[1]), previous + 1)
        tag.name = f"h{level}"
        previous = level


def _number_captions(soup: BeautifulSoup, used_ids: set[str]) -> None:
    for kind, css in (("fig", "ehp-fig-num"), ("tab", "ehp-tab-num")):
        for i, span in enumerate(soup.select(f"span.{css}"), start=1):
            span.string = str(i)
    for element in soup.select("figure.ehp-figure[id], table.ehp-table[id]"):
        original = element["id"]
        element["id"] = _unique(original, used_ids)
        if element["id"] != original:
            log.warning(_("To figurer eller tabeller heter {name}; den siste fikk id {id}.").format(name=original,
                                                                                                   id=element["id"]))


# ------------------------------------------------------------------------------------------ report


def _environment() -> Environment:
    folder = Path(__file__).with_name("templates")
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html", "j2"]),
                       keep_trailing_newline=True)


def _provenance_notes(params: PeriodParameters) -> list[str]:
    """The banner's note on reconstructed data, from the provenance records of the period and its previous
    period (``data/<period>/provenance.yaml``); none for the office's own data."""
    from .. import text
    from ..config import load_parameters
    from ..exceptions import EhpError
    from ..provenance import load_provenance

    current = load_provenance(params.data_dir, reconstructed=params.reconstructed, template=params.template)
    previous = None
    if params.previous_period and params.source is not None:  # parameters from a file: its project's root
        try:
            before = load_parameters(params.previous_period, params.source.parent.parent)
            previous = load_provenance(before.data_dir, reconstructed=before.reconstructed, template=before.template)
        except EhpError:
            previous = None  # a chain the build could not read has failed before the assembly
    note = text.provenance_banner(current, previous, params.previous_period)
    return [note] if note else []


def _delivery_notes(params: PeriodParameters) -> list[str]:
    """The banner's note on an incomplete period (``ikke_levert.csv``, written by ``ehp collect``); none when
    the period is complete."""
    from .. import text
    from ..roster import read_roster

    roster = read_roster(params.data_dir, [])
    note = text.incomplete_banner(roster)
    return [note] if note else []


def caption_starts(soup: BeautifulSoup) -> dict[str, dict[str, int]]:
    """Chapter id -> how many figures and tables the report numbers before it (``{"figures": 2, "tables": 6}``):
    what a chapter run in Jupyter needs to number its captions as the report does."""
    starts: dict[str, dict[str, int]] = {}
    seen = {"figures": 0, "tables": 0}
    for section in soup.find_all("section", recursive=False):
        if "ehp-chapter" in (section.get("class") or []):
            starts[section["id"]] = dict(seen)
        seen["figures"] += len(section.select("span.ehp-fig-num"))
        seen["tables"] += len(section.select("span.ehp-tab-num"))
    return starts


def render_report(parts: Sequence[tuple[NumberedChapter, nbformat.NotebookNode]], *, title: str,
                  params: PeriodParameters, numbers: dict | None = None) -> str:
    """The whole report as one HTML page.

    Parameters
    ----------
    parts : sequence of (NumberedChapter, NotebookNode)
        Executed chapter notebooks in reading order (see :meth:`ChapterList.numbered`).
    title : str
        The report title (``chapters.yaml``'s ``title``).
    params : PeriodParameters
        Gives the subtitle ("Januar 2020"), the cut-off date and whether the data is reconstructed.
    numbers : dict, optional
        Filled with :func:`caption_starts` of the report.

    Raises
    ------
    AssemblyError
        If the result would load anything from elsewhere (it must open offline).
    """
    from .. import text

    merged = merge_notebooks(parts, chapter_commentary(params, [nc.file for nc, _ in parts]))
    raw, stash = stash_table_bodies(notebook_body(merged))
    soup, toc = _structure(raw, [nc for nc, _ in parts],
                           commentary_cells=merged.metadata.get("ehp_commentary_cells", ()),
                           foreword=foreword(params))
    if numbers is not None:
        numbers.update(caption_starts(soup))
    body = restore_table_bodies(str(soup), stash)
    notes = _delivery_notes(params) + _provenance_notes(params)
    subtitle = text.capitalise(text.month_year(params.period))
    # Synthetic example data says so on every page: first in the title page's notes, then in a bar that stays
    # at the top of the screen and in every printed page's header and footer.
    example = text.example_data_page() if params.synthetic else ""
    notes = [text.example_data_banner(), *notes] if example else notes

    def page(content: str) -> str:
        return _environment().get_template("report.html.j2").render(
            title=title,
            subtitle=subtitle,
            cutoff_text=_(REPORT_LABELS["cutoff"]).format(date=text.date(params.cutoff)),
            toc_heading=_(REPORT_LABELS["toc"]),
            notes=notes,
            toc=Markup(toc_html(toc)),
            body=Markup(content),
            css=Markup(report_css()),
            page_footer=Markup(css_string(f"{title} – {subtitle}" + (f" – {example}" if example else ""))),
            example=example,
            page_header=Markup(css_string(example)) if example else "",
            scripts=Markup(interactive_scripts() if 'class="ehp-table ehp-sortable"' in body else ""),
            version=__version__, skip_text=_("Gå til hovedinnholdet"),
            lang=MALFORMS[malform()],
        )

    # The body is checked as built (parsing 3 MB again took seconds at 5,000 projects), the page around it alone.
    external = external_resources(soup) + external_resources(page(""))
    if external:
        raise AssemblyError(_("Rapporten ville hentet innhold fra andre steder og kan da ikke åpnes uten nett: "
                              "{found}. Bygg inn bildet/skriptet i notatboken (f.eks. itables med connected=False)."
                              ).format(found="; ".join(external[:5])))
    return page(body)


def foreword(params: PeriodParameters) -> str | None:
    """The period's ``tekst/forord.md`` when it has text (shown before chapter 1), else ``None``.

    The assembly reads it, so it is in the assembly's cache key (see :mod:`.plan`)."""
    path = Path(params.data_dir) / "tekst" / f"{FOREWORD_FILE}.md"
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8-sig")
    return source if source.strip() else None


def chapter_commentary(params: PeriodParameters, chapters: Iterable[str]) -> dict[str, str]:
    """Chapter -> the period's ``tekst/<chapter>.md`` (read as the validation reads it), for those that have one.

    The assembly places them, so they are in the assembly's cache key, not the chapters' (see :mod:`.plan`)."""
    folder = Path(params.data_dir) / "tekst"
    return {name: (folder / f"{name}.md").read_text(encoding="utf-8-sig") for name in chapters
            if (folder / f"{name}.md").is_file()}


def read_chapter_notebooks(chapters: ChapterList, folder: Path) -> list[tuple[NumberedChapter, nbformat.NotebookNode]]:
    """Read ``<folder>/<chapter>.ipynb`` for every chapter, in order.

    Raises
    ------
    AssemblyError
        If a chapter's executed notebook is missing.
    """
    parts = []
    for numbered in chapters.numbered():
        path = Path(folder) / f"{numbered.file}.ipynb"
        if not path.is_file():
            raise AssemblyError(_("Fant ikke den kjørte notatboken for kapittelet «{chapter}»: {path}."
                                  ).format(chapter=numbered.file, path=path))
        parts.append((numbered, nbformat.read(path, as_version=4)))
    return parts


def assemble_report(chapters: ChapterList, params: PeriodParameters, output_dir: Path, *,
                    numbers: dict | None = None) -> Path:
    """Write ``<output_dir>/report.html`` from the executed notebooks in ``<output_dir>/notebooks/``.

    This is all the build does after the chapters have run; call it alone to renumber after
    ``chapters.yaml`` changed order (no notebook is re-run).

    Parameters
    ----------
    chapters : ChapterList
    params : PeriodParameters
    output_dir : Path
        A period's output folder (or the build's staging folder).
    numbers : dict, optional
        Filled with :func:`caption_starts` of the report.

    Returns
    -------
    Path
        The report written.
    """
    output_dir = Path(output_dir)
    parts = read_chapter_notebooks(chapters, output_dir / OUTPUT.notebooks)
    page = render_report(parts, title=chapters.shown_title, params=params, numbers=numbers)
    target = output_dir / OUTPUT.report
    target.write_text(page, encoding="utf-8")
    return target
