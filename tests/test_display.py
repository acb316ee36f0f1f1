"""What chapter notebooks show: escaped HTML, numbered-later captions, formula-safe CSV (no kernel)."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from ehp_analysis import text  # noqa: E402
from ehp_analysis.chapter import display  # noqa: E402
from ehp_analysis.render.markup import format_value  # noqa: E402
from ehp_analysis.exceptions import ChapterUsageError, FigureError, UnknownColourError  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    """Collect what would be displayed; no output folder unless a test sets one; close figures."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(display, "show", lambda markup, plain: shown.append((markup, plain)))
    display.configure(None)
    yield shown
    display.configure(None)
    plt.close("all")


# ------------------------------------------------------------------------------------ formula safety


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","klikk")', '\'=HYPERLINK("http://x","klikk")'),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-x", "'-x"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-", "'-"),
        ("=-3", "'=-3"),
        ("- 3", "'- 3"),
        ("-3.5", "-3.5"),
        ("-3,5", "-3,5"),
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        ("-1 234,5", "-1 234,5"),
        ("Helsedata", "Helsedata"),
        ("a=b", "a=b"),
        ("", ""),
        (3.5, 3.5),
        (-2, -2),
        (None, None),
    ],
)
def test_formula_safe(cell, expected):
    assert display.formula_safe(cell) == expected


def test_write_csv_is_formula_safe_and_keeps_numbers(tmp_path):
    frame = pd.DataFrame({
        "navn": ["=cmd|' /C calc'!A0", "+SUM(1)", "-3.5", "Vanlig"],
        "budsjett": [-3.5, 1234.5, None, 2.075],
        "=kolonne": ["@x", "ok", "-", "\tx"],
    })
    path = display.write_csv(frame, tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Norwegian Excel reads æøå right
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"navn": str})
    assert list(back.columns) == ["navn", "budsjett", "'=kolonne"]
    assert list(back["navn"]) == ["'=cmd|' /C calc'!A0", "'+SUM(1)", "-3.5", "Vanlig"]
    assert list(back["'=kolonne"]) == ["'@x", "ok", "'-", "'\tx"]
    assert back["budsjett"].tolist()[:2] == [-3.5, 1234.5]  # numbers stay numbers, negative ones too


def test_write_csv_leaves_the_frame_alone(tmp_path):
    frame = pd.DataFrame({"navn": ["=x"]})
    display.write_csv(frame, tmp_path / "t.csv")
    assert frame.loc[0, "navn"] == "=x"


# ----------------------------------------------------------------------------------------------- table


def test_table_escapes_text_and_numbers_later(tmp_path, _clean):
    display.configure(tmp_path)
    frame = pd.DataFrame({"navn": [SCRIPT, "Helsedata"], "budsjett": [1234.5, None], "status": ["rød", "gul"]})
    display.table(frame, name="prosjekter", caption="Prosjekter <b>& mer</b>",
                  formatters={"status": display.status_badge})
    (markup, plain), = _clean
    soup = BeautifulSoup(markup, "html.parser")
    assert soup.find("script") is None
    assert SCRIPT in soup.get_text()
    table = soup.find("table")
    assert table["id"] == "tab-prosjekter"
    caption = table.find("caption")
    assert caption.find("b") is None and "Prosjekter <b>& mer</b>" in caption.get_text()
    assert caption.find("span", class_="ehp-tab-num").get_text() == ""  # filled in at assembly
    cells = [td.get_text() for td in table.find_all("td")]
    assert cells == [SCRIPT, f"1{NBSP}234,5", "Rød", "Helsedata", "–", "Gul"]
    assert table.find("span", class_="ehp-rød").get_text() == "Rød"
    assert (tmp_path / "tables" / "prosjekter.csv").is_file()
    assert plain == "Tabell: Prosjekter <b>& mer</b>"


def test_table_without_output_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    display.table(pd.DataFrame({"a": [1]}), name="a", caption="A")
    assert list(tmp_path.iterdir()) == []


def test_table_index_and_empty_frame():
    markup = display.table_html(pd.DataFrame({"x": [1]}, index=pd.Index(["r"], name="rad")), name="i",
                                caption="I", index=True)
    soup = BeautifulSoup(markup, "html.parser")
    assert [th.get_text() for th in soup.find_all("th")] == ["rad", "x", "r"]
    empty = BeautifulSoup(display.table_html(pd.DataFrame({"x": []}), name="e", caption="E"), "html.parser")
    assert empty.find("td").get_text() == "Ingen."


@pytest.mark.parametrize("name", ["Med mellomrom", "æøå", "", "../x", "-start", None])
def test_names_must_be_plain(name):
    with pytest.raises(ChapterUsageError, match="Ugyldig navn"):
        display.table_html(pd.DataFrame({"a": [1]}), name=name, caption="c")


# ---------------------------------------------------------------------------------------------- figure


def test_figure_one_html_output_saved_and_closed(tmp_path, _clean):
    display.configure(tmp_path)
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    data = pd.DataFrame({"kategori": ["=a", "b"], "verdi": [1, 2]})
    display.figure(ax, name="budsjett", caption="Budsjett <per> år", alt='Søyler "a" og <b>', data=data)
    assert plt.get_fignums() == []  # closed: Jupyter will not show it a second time
    assert len(_clean) == 1
    soup = BeautifulSoup(_clean[0][0], "html.parser")
    figure = soup.find("figure")
    assert figure["id"] == "fig-budsjett" and "ehp-figure" in figure["class"]
    img = figure.find("img")
    assert img["alt"] == 'Søyler "a" og <b>'
    assert img["src"].startswith("data:image/png;base64,")
    png = (tmp_path / "figures" / "budsjett.png").read_bytes()
    assert base64.b64decode(img["src"].split(",", 1)[1]) == png
    assert figure.find("figcaption").get_text() == "Figur : Budsjett <per> år"
    csv = (tmp_path / "figures" / "budsjett.csv").read_text(encoding="utf-8-sig")
    assert "'=a" in csv


@pytest.mark.parametrize(("caption", "alt"), [("", "alt"), ("c", ""), ("c", "   ")])
def test_figure_needs_caption_and_alt(caption, alt):
    with pytest.raises(ChapterUsageError, match="ikke-tom tekst"):
        display.figure_html(b"png", name="x", caption=caption, alt=alt)


def test_figure_accepts_a_figure_and_a_grid():
    fig = plt.figure()
    assert display._as_figure(fig) is fig
    fig2, axes = plt.subplots(1, 2)
    assert display._as_figure(axes) is fig2

    class Grid:  # seaborn's FacetGrid has .figure
        figure = fig2

    assert display._as_figure(Grid()) is fig2
    with pytest.raises(FigureError, match="trenger en matplotlib Figure"):
        display._as_figure("not a figure")


# ---------------------------------------------------------------------------------- text and Markdown


def test_text_is_escaped(_clean):
    display.text(f"Prosjektet {SCRIPT} er rødt")
    markup = _clean[0][0]
    assert "<script>" not in markup
    assert BeautifulSoup(markup, "html.parser").get_text() == f"Prosjektet {SCRIPT} er rødt"


def test_bullets_are_escaped(_clean):
    display.bullets(["KS/kommunene (3 prosjekter)", SCRIPT])
    soup = BeautifulSoup(_clean[0][0], "html.parser")
    assert [li.get_text() for li in soup.find_all("li")] == ["KS/kommunene (3 prosjekter)", SCRIPT]


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Tekst <img src=x onerror=alert(1)> mer",
        "<iframe src='https://example.com'></iframe>",
        "![bilde](https://example.com/x.png)",
        "[lenke](javascript:alert(1))",
        '<a href="https://example.com" onclick="x()">a</a>',
    ],
)
def test_markdown_passes_no_raw_html(source):
    soup = BeautifulSoup(display.markdown_html(source), "html.parser")
    assert not soup.find_all(["script", "img", "iframe"])
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript") or a.get("onclick")]


def test_markdown_renders_markdown():
    soup = BeautifulSoup(display.markdown_html("# Tittel\n\n**fet** og *kursiv*\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
                         "html.parser")
    assert soup.find("h1").get_text() == "Tittel"
    assert soup.find("strong").get_text() == "fet"
    assert soup.find("table") is not None


def test_commentary_shows_file_and_skips_missing(tmp_path, _clean):
    path = tmp_path / "tekst" / "oppsummering.md"
    display.commentary(path)
    assert _clean == []
    path.parent.mkdir()
    path.write_text("\ufeffVi mener <script>alert(1)</script> **dette**.", encoding="utf-8")
    assert display.commentary(path) is None  # nothing for Jupyter to echo after the output
    soup = BeautifulSoup(_clean[0][0], "html.parser")
    assert soup.find("script") is None and SCRIPT in soup.get_text()
    assert soup.find("strong").get_text() == "dette"


# --------------------------------------------------------------------------------------------- badges


@pytest.mark.parametrize(
    ("colour", "css", "word"),
    [("rød", "ehp-rød", "Rød"), ("Rød", "ehp-rød", "Rød"), ("GUL", "ehp-gul", "Gul"), ("grønn", "ehp-grønn", "Grønn"),
     (" gronn ", "ehp-grønn", "Grønn"),
     # not reported is "ikke vurdert": its own grey badge with the words, never a colour
     (None, "ehp-ikke-vurdert", "Ikke vurdert"), (float("nan"), "ehp-ikke-vurdert", "Ikke vurdert"),
     (pd.NA, "ehp-ikke-vurdert", "Ikke vurdert"), ("–", "ehp-ikke-vurdert", "Ikke vurdert"),
     ("-", "ehp-ikke-vurdert", "Ikke vurdert"), ("", "ehp-ikke-vurdert", "Ikke vurdert"),
     ("ikke vurdert", "ehp-ikke-vurdert", "Ikke vurdert")],
)
def test_status_badge_has_colour_and_word(colour, css, word):
    badge = display.status_badge(colour)
    span = BeautifulSoup(str(badge), "html.parser").find("span")
    assert span["class"] == ["ehp-badge", css]
    assert span.get_text() == word
    assert badge.plain == word


    # the same colour and word as a timeline's cell, coloured itself (Vedlegg 3)
    cell = BeautifulSoup(f"<table><tr>{display.status_cell(colour)}</tr></table>", "html.parser").find("td")
    assert cell["class"] == ["ehp-farge", css] and cell.get_text() == word


def test_status_badge_refuses_unknown_colours():
    with pytest.raises(UnknownColourError, match="Ukjent farge"):
        display.status_badge("blå")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2.075, "2,075"), (6.15, "6,15"), (0.98, "0,98"), (260.0, "260"), (1234.5, f"1{NBSP}234,5"),
     (9.09999999999991, "9,1"), (-211, "\u2212211"), (-3.5, "\u22123,5"), (1650000, f"1{NBSP}650{NBSP}000"),
     (-0.0, "0"), (1e-12, "0"),
     (None, "–"), (float("nan"), "–"), (pd.NA, "–"), (True, "Ja"), ("tekst", "tekst")],
)
def test_default_number_format_is_norwegian_and_keeps_reported_decimals(value, shown):
    assert format_value(value) == shown


def test_a_column_of_computed_amounts_has_the_same_decimals_in_every_cell():
    # Tabell 4 (innsatsområder) once showed "84" above "589,5": a chapter that passes decimals for a column
    # of sums and changes formats every cell with text.number(value, decimals), as Chapter.table does.
    frame = pd.DataFrame({"Budsjett (mill.)": [589.5, 84.0, None], "Endring (mill.)": [-211.0, 9.1, -0.04]})
    one_decimal = {col: (lambda v: text.number(v, 1)) for col in frame.columns}
    soup = BeautifulSoup(display.table_html(frame, name="t", caption="T", formatters=one_decimal), "html.parser")
    cells = [td.get_text() for td in soup.find_all("td")]
    assert cells == ["589,5", "\u2212211,0", "84,0", "9,1", "–", "0,0"]


def test_amounts_as_reported_keep_their_own_decimals():
    # Vedlegg 1: what the projects reported, no decimal rounded away and none added.
    frame = pd.DataFrame({"Budsjett (mill.)": [2.075, 6.15, 0.98, 40.0]})
    formatters = {"Budsjett (mill.)": text.amount_as_reported}
    soup = BeautifulSoup(display.table_html(frame, name="t", caption="T", formatters=formatters), "html.parser")
    assert [td.get_text() for td in soup.find_all("td")] == ["2,075", "6,15", "0,98", "40"]


def test_csv_has_no_float_noise(tmp_path):
    """A sum such as 0.1 + 0.2 is written as 0,3 (reported amounts keep every decimal)."""
    frame = pd.DataFrame({"amount": pd.array([0.1 + 0.2, 2.075, None], dtype="Float64")})
    assert 0.1 + 0.2 != 0.3  # the noise this guards against
    path = display.write_csv(frame, tmp_path / "x.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[:3] == ["amount", "0,3", "2,075"]
