"""A chapter run in Jupyter reads as the chapter in the report (issue 26): the commentary's parts under their sections
by the one placement rule the assembly follows, captions numbered as in the period's last build (else provisional,
by the chapter's number), the report's style sheet once.

Unit tests of the rule (``ehp_analysis.render.commentary``), the numbering and the interactive flow (no kernel), and
one chapter of 2020-01 (strategi: six ``## <area>`` parts and a Markdown table in its commentary) executed the way
JupyterLab executes it: a ``jupyter_client`` kernel running every code cell in turn, not papermill.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ehp_analysis.chapter import interactive
from ehp_analysis.render import commentary as placing
from ehp_analysis.render.numbers import CAPTIONS, caption_starts, store_caption_starts
from ehp_analysis.render.styles import report_css
from ehp_analysis.report.assemble import caption_starts as report_caption_starts

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------ the rule


@pytest.mark.parametrize("title, expected", [
    ("Budsjett", "budsjett"),
    ("  BUDSJETT  ", "budsjett"),
    ("3.2 Budsjett", "budsjett"),
    ("3. Budsjett:", "budsjett"),
    ("Status   og\trisiko.", "status og risiko"),
])
def test_titles_are_compared_ignoring_case_spaces_a_number_and_trailing_punctuation(title, expected):
    assert placing.normalised(title) == expected


@pytest.mark.parametrize("parts, sections, expected", [
    (["Budsjett"], ["Oversikt", "Budsjett"], [1]),
    (["budsjett", "Ukjent"], ["Budsjett"], [0, None]),
    # two sections of one title: a part goes under the first
    (["Budsjett"], ["Budsjett", "Oversikt", "Budsjett"], [0]),
    (["4.1 Oversikt.", "Oversikt"], ["Oversikt"], [0, 0]),
    ([], ["Oversikt"], []),
    (["Oversikt"], [], [None]),
])
def test_each_part_goes_under_the_first_section_it_names(parts, sections, expected):
    assert placing.placement(parts, sections) == expected


def test_a_block_splits_into_parts_at_its_section_headings():
    soup = BeautifulSoup('<div><p>før</p><h3>A</h3><p>a1</p><h4>under a</h4><p>a2</p><h3>B</h3><p>b</p></div>',
                         "html.parser")
    found = placing.parts(soup.div, ("h3",))
    assert [p.title for p in found] == ["A", "B"]
    assert [[n.get_text() for n in p.nodes] for p in found] == [["a1", "under a", "a2"], ["b"]]
    holder = placing.take(found[0])
    assert holder.get_text("|") == "a1|under a|a2"
    assert soup.div.get_text("|") == "før|B|b"


# ------------------------------------------------------------------------------------- the numbering


def test_the_assembly_counts_the_figures_and_tables_before_each_chapter():
    def caption(kind):
        return f'<span class="ehp-{kind}-num"></span>'

    soup = BeautifulSoup(
        '<section class="ehp-foreword" id="forord">' + caption("tab") + "</section>"
        '<section class="ehp-chapter" id="a">' + caption("fig") * 2 + caption("tab") + "</section>"
        '<section class="ehp-chapter" id="b">' + caption("tab") * 3 + "</section>"
        '<section class="ehp-chapter" id="c"></section>', "html.parser")
    assert report_caption_starts(soup) == {"a": {"figures": 0, "tables": 1}, "b": {"figures": 2, "tables": 2},
                                           "c": {"figures": 2, "tables": 5}}


@pytest.mark.parametrize("content, expected", [
    ('{"strategi": {"figures": 6, "tables": 5}}', {"figures": 6, "tables": 5}),
    ('{"annet": {"figures": 6, "tables": 5}}', None),
    ('{"strategi": {"figures": "6", "tables": 5}}', None),
    ('[1, 2]', None),
    ("ikke json", None),
    (None, None),
])
def test_a_chapter_reads_its_first_numbers_from_the_build_or_none(tmp_path, content, expected):
    if content is not None:
        (tmp_path / "2020-01").mkdir()
        (tmp_path / "2020-01" / CAPTIONS).write_text(content, encoding="utf-8")
    assert caption_starts(tmp_path, "2020-01", "strategi") == expected


def test_what_the_build_stores_a_chapter_reads(tmp_path):
    store_caption_starts(tmp_path, "2020-01", {"strategi": {"figures": 6, "tables": 5}})
    assert caption_starts(tmp_path, "2020-01", "strategi") == {"figures": 6, "tables": 5}
    assert sorted(p.name for p in (tmp_path / "2020-01").iterdir()) == [CAPTIONS]


FIG = '<figcaption><span class="ehp-fig-label">Figur</span> <span class="ehp-fig-num"></span>: x</figcaption>'
TAB = '<caption><span class="ehp-tab-label">Tabell</span> <span class="ehp-tab-num"></span>: y</caption>'


@pytest.mark.parametrize("starts, expected", [
    ({"figures": 6, "tables": 5}, ["Figur 7: x", "Tabell 6: y", "Tabell 7: y", "Figur 8: x"]),
    (None, ["Figur 3.1 (foreløpig): x", "Tabell 3.1 (foreløpig): y", "Tabell 3.2 (foreløpig): y",
            "Figur 3.2 (foreløpig): x"]),
])
def test_captions_are_numbered_as_in_the_last_build_or_provisionally(shown, starts, expected):
    interactive.start(None, starts=starts, prefix="3")
    numbered = [interactive.number_captions(markup) for markup in (FIG, TAB, TAB, FIG)]
    assert [" ".join(BeautifulSoup(m, "html.parser").get_text().split()).replace(" :", ":") for m in numbered] == expected


def test_under_the_build_nothing_is_numbered_placed_or_styled(shown):
    interactive.stop()
    assert interactive.number_captions(FIG) == FIG
    interactive.show_markdown("## A\n\ntekst\n\n## B", shown.append)
    interactive.end_commentary()
    assert shown == ["## A\n\ntekst\n\n## B"]


# ------------------------------------------------------------------------- the interactive flow


@pytest.fixture
def shown(monkeypatch):
    """What the chapter shows: Markdown as given, HTML as its text (the style sheet as "<style>")."""
    import IPython.display

    out: list[str] = []

    def display(data, raw=False, metadata=None):
        markup = data["text/html"]
        out.append("<style>" if markup.startswith("<style>") else
                   " ".join(BeautifulSoup(markup, "html.parser").get_text(" ").split()))

    monkeypatch.setattr(IPython.display, "display", display)
    yield out
    interactive.stop()


COMMENTARY = """Innledning.

## B

Om B.

## Ukjent

Står til slutt.

## a.

Om A.

### Detalj

Mer om A.
"""


@pytest.mark.parametrize("sections, expected", [
    # the parts come at the end of their sections; what names no section stays at the end, with its heading
    (["## A", "## B"], ["<style>", "## A", "Om A. Detalj Mer om A.", "## B", "Om B.",
                        "Innledning. Ukjent Står til slutt."]),
    # one Markdown source with two sections: the first's part comes between them
    (["## B\n\ntekst\n\n# A"], ["<style>", "## B\n\ntekst\n", "Om B.", "# A", "Om A. Detalj Mer om A.",
                                 "Innledning. Ukjent Står til slutt."]),
    # no section named: the commentary stays whole at the end
    (["## C"], ["<style>", "## C", "Innledning. B Om B. Ukjent Står til slutt. a. Om A. Detalj Mer om A."]),
])
def test_a_chapter_run_by_hand_shows_each_part_under_its_section(shown, sections, expected):
    interactive.start(COMMENTARY, starts=None, prefix="1")
    for source in sections:
        interactive.show_markdown(source, shown.append)
    interactive.end_commentary()
    assert shown == expected


# -------------------------------------------------------------- a chapter as JupyterLab runs it


def _run_every_cell(notebook: Path, root: Path) -> list[list[dict]]:
    """Each code cell's outputs (iopub messages' content), run in order in one kernel, as JupyterLab does."""
    import nbformat
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "EHP_ROOT": str(root)}
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(root / "notebooks"), env=env)
    outputs = []
    try:
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            msg_id, own = kc.execute(cell.source), []
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("display_data", "execute_result", "error"):
                    own.append({"type": msg["msg_type"], **msg["content"]})
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            outputs.append(own)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return outputs


@pytest.fixture(scope="module")
def strategi(tmp_path_factory):
    """strategi of 2020-01 run by hand in a copy of the project whose last build numbered 6 figures and 5 tables
    before it (the record the build keeps in its cache)."""
    root = tmp_path_factory.mktemp("jupyter")
    for folder in ("parameters", "data", "notebooks"):
        (root / folder).symlink_to(ROOT / folder)
    store_caption_starts(root / ".ehp-cache", "2020-01", {"strategi": {"figures": 6, "tables": 5}})
    return _run_every_cell(ROOT / "notebooks" / "strategi.ipynb", root)


def _html(outputs: list[dict]) -> list[str]:
    return [o["data"].get("text/html") or o["data"].get("text/markdown", "") for o in outputs if "data" in o]


def test_the_chapter_runs_without_error(strategi):
    errors = [o for cell in strategi for o in cell if o["type"] == "error"]
    assert errors == []


def test_the_chapter_shows_the_report_style_sheet_once(strategi):
    styles = [h for cell in strategi for h in _html(cell) if "<style" in h]
    assert styles == [f"<style>\n{report_css()}</style>"]


def test_the_captions_carry_the_numbers_of_the_last_build(strategi):
    shown = "".join(h for cell in strategi for h in _html(cell))
    numbers = re.findall(r'class="ehp-(fig|tab)-num">([^<]*)<', shown)
    # strategi shows the budget figure, the table per focus area, the largest projects and, in the commentary of
    # "Felles grunnmur", the plan's Markdown table: after 6 figures and 5 tables, figure 7 and tables 6, 7, 8
    assert numbers == [("fig", "7"), ("tab", "6"), ("tab", "7"), ("tab", "8")]
    assert "foreløpig" not in shown


# The six areas of the 2017–2022 strategy, in the chapter's order, and the opening words of each one's part in
# data/2020-01/tekst/strategi.md.
AREAS = [
    ("Digitalisering av arbeidsprosesser", "Journalløsningene er fortsatt tyngdepunktet"),
    ("Bedre sammenheng i pasientforløp", "Her ligger arbeidet med å dele legemiddelopplysninger"),
    ("Bedre bruk av helsedata", "Helsedataprogrammet er den store satsningen"),
    ("Helsehjelp på nye måter", "Innbyggertjenestene vokser"),
    ("Felles grunnmur for digitale tjenester", "Øremerkede midler til Program for kodeverk"),
    ("Nasjonal styring av e-helse og økt gjennomføringsevne", "Mye av det som skjer på dette området"),
]


def test_each_part_of_the_commentary_is_shown_under_its_section(strategi):
    texts = [" ".join(BeautifulSoup(h, "html.parser").get_text(" ").split()) for cell in strategi for h in _html(cell)]
    headings = [texts.index(title) for title, _ in AREAS]
    assert headings == sorted(headings)
    ends = headings[1:] + [len(texts)]
    for (title, opening), start, end in zip(AREAS, headings, ends):
        where = [i for i, t in enumerate(texts) if t.startswith(opening)]
        assert len(where) == 1 and start < where[0] < end, title
    # the part comes without its "## <area>" heading: each area's title is shown once, as its section
    assert [sum(t == title for t in texts) for title, _ in AREAS] == [1] * len(AREAS)


@pytest.mark.parametrize("commentary, has", [("Tekst.", True), (" \n", False), (None, False)])
def test_the_chapter_learns_whether_the_office_wrote_commentary(shown, commentary, has):
    """Run by hand, ``ch.commentary(otherwise=…)`` shows its sentence exactly when this says there is none."""
    interactive.start(commentary, starts=None, prefix="7")
    assert interactive.end_commentary() is has
    assert shown == ["<style>", "Tekst."] if has else shown == ["<style>"]
