"""The NUIT deck (issue 23, report.md "The NUIT deck"): read back with python-pptx, every number equals
key_figures.json, the notes are the report's sentences, the file is reproducible, a bad deck_template stops the
build with a message naming the file and the layout, hostile text stays text, and LibreOffice renders it.

The deck is written in-process from the reference period 2020-01 (validated, key figures computed, the two
pictures drawn as the chapters draw them): no kernel starts, so these tests take seconds, not a build's time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from pptx import Presentation

from ehp_analysis import cli, text
from ehp_analysis.config import load_parameters
from ehp_analysis.deck import deck_file, write_deck
from ehp_analysis.deck import slides as S
from ehp_analysis.exceptions import ConfigError
from ehp_analysis.metrics.key_figures import key_figures, write_key_figures
from ehp_analysis.periods import load_periods

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<script>alert(1)</script> & \"Neste\" ='=cmd|'"
TITLE = "Nasjonal e-helseportefølje"


def copy_project(dst: Path) -> Path:
    for folder in ("notebooks", "parameters", "data"):
        shutil.copytree(ROOT / folder, dst / folder)
    csv = dst / "data" / "2020-01" / "prosjekter.csv"
    source = csv.read_text(encoding="utf-8")
    assert "101,Robust Mobilt Helsenett," in source  # a red project: named on the red slide
    csv.write_text(source.replace("101,Robust Mobilt Helsenett,", f'101,"{HOSTILE.replace(chr(34), chr(34) * 2)}\x07",'),
                   encoding="utf-8")
    return dst


def draw_figures(folder: Path, current) -> dict[str, str]:
    """The chapters' two pictures, drawn and shown as they draw and show them (PNG, and the markup with alt)."""
    import io

    import matplotlib.pyplot as plt

    from ehp_analysis import plots
    from ehp_analysis.chapter import display
    from ehp_analysis.metrics import network, priority

    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "notebooks").mkdir(parents=True, exist_ok=True)
    nodes, edges = network.figure_data(current)
    drawings = {"prioritering": ("priority_scatter", priority.prioritisation(current).ranked, {}),
                "avhengighetsnettverk": ("dependency_network", nodes, {"edges": edges})}
    alts, cells = {}, []
    for name, (kind, data, extra) in drawings.items():
        with plots.report_style():
            fig, ax = plt.subplots(figsize=(8, 6))
            drawn = getattr(plots, kind)(data, ax=ax, **extra)
            alts[name] = plots.alt_text(kind, drawn.data)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=60)
            plt.close(fig)
        (folder / "figures" / f"{name}.png").write_bytes(buffer.getvalue())
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": display.figure_html(
            buffer.getvalue(), name=name, caption=name, alt=alts[name])})]
        cells.append(cell)
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, folder / "notebooks" / "figurer.ipynb")
    return alts


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """2020-01's deck written from its key figures, with the chain and the pictures; and the figures used."""
    root = copy_project(tmp_path_factory.mktemp("deck"))
    (root / "data" / "2020-01" / "tekst" / "nuit.md").parent.mkdir(exist_ok=True)
    (root / "data" / "2020-01" / "tekst" / "nuit.md").write_text(
        "Innledning til møtet.\n\n## Finansiering av kjernejournal\n\n- Vedtak om <b>midler</b>\n- Frist 1. mars\n\n"
        "## Orienteringssak\n\nEn lang setning\nsom fortsetter.\n", encoding="utf-8")
    params = load_parameters("2020-01", root)
    periods = load_periods("2020-01", reads="chain", root=root)
    folder = params.output_dir
    folder.mkdir(parents=True)
    write_key_figures(key_figures(periods.current, periods.previous, chain=periods.chain), folder / "key_figures.json")
    alts = draw_figures(folder, periods.current)
    path = write_deck(params, root, folder, periods, title=TITLE)  # its time: benchmarks/bench_deck.py
    kf = json.loads((folder / "key_figures.json").read_text(encoding="utf-8"))
    return {"root": root, "path": path, "kf": kf, "alts": alts, "periods": periods, "params": params,
            "prs": Presentation(str(path))}


# -------------------------------------------------------------------------------------------- reading


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def slide_titled(prs, title: str):
    found = [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title]
    assert len(found) == 1, f"no single slide titled {title!r}: {[s.shapes.title.text for s in prs.slides]}"
    return found[0]


def chart_of(slide):
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    return chart, list(chart.plots[0].categories), {s.name: list(s.values) for s in chart.plots[0].series}


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


# -------------------------------------------------------------------------------------------- the deck


def test_one_slide_per_item_in_the_specs_order(made):
    titles = [s.shapes.title.text for s in made["prs"].slides]
    assert titles == [
        TITLE, "Perioden i korte trekk", "Status og risiko nå og før", "Prosjekter med rød status eller risiko",
        "Tidlige varsler", "Endring i budsjett", "Kostnad og tid mot første rapportering",
        "Prioritering: gevinster mot totalkostnad",
        "Prosjekter utsatt gjennom avhengighetene", "Saker til beslutning",
        "Saker til beslutning: Finansiering av kjernejournal", "Saker til beslutning: Orienteringssak",
        "Datagrunnlaget"]
    prs = made["prs"]
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    assert made["path"].name == "nuit-2020-01.pptx" == deck_file("2020-01")


def test_every_slide_has_the_reports_sentence_in_its_notes(made):
    assert all(notes(s).strip() for s in made["prs"].slides)
    kf, projects = made["kf"], made["periods"].current.projects
    status = slide_titled(made["prs"], "Status og risiko nå og før")
    expected = f"{text.status_sentence(kf, projects)} {text.risk_sentence(kf, projects)}"
    assert notes(status) == expected.replace("\x07", "")  # XML cannot hold the control character: dropped
    glance = slide_titled(made["prs"], "Perioden i korte trekk")
    assert text.projects_sentence(kf) in notes(glance) and text.budget_sentence(kf) in notes(glance)


def test_the_glance_numbers_are_the_key_figures(made):
    kf, slide = made["kf"], slide_titled(made["prs"], "Perioden i korte trekk")
    body = slide_text(slide)
    assert kf["projects"]["count"] == 54  # the published report's own number (report.md)
    assert "54 prosjekter og programmer" in body
    assert f"Budsjett 2020: {text.amount(kf['budget']['total'], kroner=True)}" in body
    assert f"{len(kf['budget']['not_reported_ids'])} prosjekter har ikke rapportert budsjett" in body
    assert f"Kommet til siden oktober 2019: {len(kf['projects']['new_ids'])}" in body
    assert f"Gått ut siden oktober 2019: {len(kf['projects']['left_ids'])}" in body


def test_status_chart_holds_the_key_figures_counts(made):
    kf = made["kf"]
    chart, categories, series = chart_of(slide_titled(made["prs"], "Status og risiko nå og før"))
    assert categories == ["Status januar 2020", "Status oktober 2019", "Risiko januar 2020", "Risiko oktober 2019"]
    for colour in ("grønn", "gul", "rød"):
        assert series[colour.capitalize()] == [
            kf["status"]["counts"][colour], kf["previous"]["status"]["counts"][colour],
            kf["risk"]["counts"][colour], kf["previous"]["risk"]["counts"][colour]]
    assert chart.chart_type is not None  # a native chart: its numbers are in the file, editable


def test_warnings_chart_counts_the_assessed_rules_and_names_the_others(made):
    import yaml

    kf, slide = made["kf"], slide_titled(made["prs"], "Tidlige varsler")
    _, categories, series = chart_of(slide)
    rules = yaml.safe_load((ROOT / "ehp_analysis" / "reference" / "early-warnings.yaml").read_text(encoding="utf-8"))
    titles = {r["id"]: r["title"] for r in rules["rules"]}
    assessed = [r["id"] for r in rules["rules"] if kf["warnings"][r["id"]] is not None]
    assert categories == [titles[r] for r in assessed]  # the report's order
    assert series["Prosjekter"] == [len(kf["warnings"][r]) for r in assessed]
    waiting = [titles[r] for r in kf["warnings"]["not_assessed"]]
    assert waiting and all(t in slide_text(slide) for t in waiting)  # named, never shown as 0
    assert f"{len(kf['warnings']['projects'])} prosjekter utløser minst ett varsel" in slide_text(slide)


def test_budget_chart_is_the_bridge(made):
    bridge = made["kf"]["budget"]["bridge"]
    _, categories, series = chart_of(slide_titled(made["prs"], "Endring i budsjett"))
    [values] = series.values()
    steps = [s for s in S.BRIDGE_STEPS if bridge.get(s) is not None]
    assert values == pytest.approx([bridge[s] for s in steps], abs=0)
    assert categories[0] == "Budsjett forrige periode" and categories[-1] == "Budsjett denne perioden"


def test_red_projects_are_named_with_their_reasons_and_hostile_names_stay_text(made):
    kf, slide = made["kf"], slide_titled(made["prs"], "Prosjekter med rød status eller risiko")
    [table] = [shape.table for shape in slide.shapes if shape.has_table]
    ids = [int(row.cells[0].text) for row in list(table.rows)[1:]]
    assert ids == sorted(set(kf["status"]["red_ids"]) | set(kf["risk"]["red_ids"]))
    names = [row.cells[1].text for row in list(table.rows)[1:]]
    assert HOSTILE in names  # as text: XML-escaped in the file, the control character dropped
    assert all(row.cells[5].text for row in list(table.rows)[1:])


def test_pictures_carry_the_reports_alt_text(made):
    for title, name in (("Prioritering: gevinster mot totalkostnad", "prioritering"),
                        ("Prosjekter utsatt gjennom avhengighetene", "avhengighetsnettverk")):
        slide = slide_titled(made["prs"], title)
        [picture] = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert picture._element.nvPicPr.cNvPr.get("descr") == made["alts"][name]
    at_risk = made["kf"]["dependencies"]["at_risk_ids"]
    assert f"{len(at_risk)} prosjekter er utsatt gjennom nettverket" in slide_text(
        slide_titled(made["prs"], "Prosjekter utsatt gjennom avhengighetene"))


def test_decisions_come_from_nuit_md_as_text(made):
    slide = slide_titled(made["prs"], "Saker til beslutning: Finansiering av kjernejournal")
    assert slide_text(slide).splitlines()[1:] == ["Vedtak om <b>midler</b>", "Frist 1. mars"]
    other = slide_titled(made["prs"], "Saker til beslutning: Orienteringssak")
    assert slide_text(other).splitlines()[1:] == ["En lang setning som fortsetter."]


@pytest.mark.parametrize("source, titles", [
    (None, []),
    ("  \n", []),
    ("Bare tekst.", ["Saker til beslutning"]),
    ("# Sak 1\n- a\n# Sak 2\ntekst", ["Saker til beslutning: Sak 1", "Saker til beslutning: Sak 2"]),
])
def test_decision_slides(source, titles):
    assert [s.title for s in S.decision_slides(source)] == titles


BASELINE = {"projects_counted": 3, "projects_not_counted": 2, "first_total_cost_sum": 200.0,
            "now_total_cost_sum": 250.0, "growth_share": 0.25, "growth_ids": [7, 3], "slip_months": {"7": 4, "9": -2}}


def test_baseline_slide_reads_the_key_figures_when_present():
    slide = S.baseline_slide({"period": "2020-01", "baseline": BASELINE})
    assert slide.chart.series == [("mill. kr", [200.0, 250.0])]
    # 250 / 200 − 1 = 25 %; three of five counted; two grew by 20 % or more; one end moved later
    assert slide.lines == ["Samlet totalkostnad er 25\u00a0% over første anslag",
                           "Telt med: 3 av 5 prosjekter (de andre mangler totalkostnad første gang eller nå)",
                           "2 prosjekter har vokst med minst 20\u00a0%", "1 prosjekt har flyttet planlagt slutt senere"]
    assert S.baseline_slide({"period": "2020-01"}) is None
    empty = S.baseline_slide({"period": "2020-01", "baseline": {**BASELINE, "projects_counted": 0,
                                                                "projects_not_counted": 5, "first_total_cost_sum": None,
                                                                "now_total_cost_sum": None, "growth_share": None}})
    assert empty.chart is None and "0" not in " ".join(empty.lines[:1])  # not reported is not zero


def test_two_writes_give_the_same_bytes(made, tmp_path):
    first = made["path"].read_bytes()
    time.sleep(1.1)  # a zip time or a core date from the clock would differ now
    again = write_deck(made["params"], made["root"], made["path"].parent, made["periods"], title=TITLE)
    assert again.read_bytes() == first
    props = Presentation(str(again)).core_properties
    assert props.title == "Nasjonal e-helseportefølje – januar 2020" and str(props.created)[:10] == "2020-01-17"


# -------------------------------------------------------------------------------------- the template


def office_template(path: Path) -> Path:
    """An office master whose layouts have the office's own names."""
    prs = Presentation()
    for layout, name in zip(prs.slide_layouts, ("Forside", "Innhold", "Seksjon", "To", "Sammenligning", "Bare tittel")):
        layout.name = name
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Eksempel"  # the template's own slide: dropped
    prs.save(str(path))
    return path


def set_parameters(root: Path, extra: str) -> None:
    path = root / "parameters" / "2020-01.yaml"
    base = path.read_text(encoding="utf-8").split("# deck\n")[0]
    path.write_text(base + "# deck\n" + extra, encoding="utf-8")


def test_the_offices_template_and_layout_names(made, tmp_path):
    root = made["root"]
    office_template(root / "mal.pptx")
    set_parameters(root, 'deck_template: "mal.pptx"\n'
                         'deck_layouts: {title: "Forside", content: "Innhold", title_only: "Bare tittel"}\n')
    try:
        params = load_parameters("2020-01", root)
        out = tmp_path / "ut"
        shutil.copytree(made["path"].parent, out)
        prs = Presentation(str(write_deck(params, root, out, made["periods"], title=TITLE)))
        used = [s.slide_layout.name for s in prs.slides]
        assert used[0] == "Forside" and "Innhold" in used and "Bare tittel" in used
        assert [s.shapes.title.text for s in prs.slides][0] == TITLE  # the template's example slide is gone
    finally:
        set_parameters(root, "")


@pytest.mark.parametrize("setting, says", [
    ('deck_template: "finnes-ikke.pptx"\n', ["finnes-ikke.pptx", "fant ikke filen"]),
    ('deck_template: "ikke-en.pptx"\n', ["ikke-en.pptx", "er ikke en PowerPoint-presentasjon"]),
    ('deck_layouts: {content: "Innhold og bilde"}\n', ["«Innhold og bilde»", "standardmalen", "«Title Only»"]),
    ('deck_template: "mal.pptx"\n', ["mal.pptx", "«Title Slide»", "«Forside»"]),  # the office names, not mapped
    ('deck_layouts: {tittel: "Forside"}\n', ["deck_layouts", "«tittel»"]),
])
def test_a_bad_template_stops_the_build_before_anything_is_written(made, capsys, setting, says):
    root = made["root"]
    (root / "ikke-en.pptx").write_text("ikke en presentasjon", encoding="utf-8")
    office_template(root / "mal.pptx")
    set_parameters(root, setting)
    outputs = root / "outputs"
    before = sorted((p.relative_to(outputs).as_posix(), p.stat().st_mtime_ns) for p in outputs.rglob("*"))
    try:
        code = cli.main(["--root", str(root), "build", "2020-01", "--deck"])
    finally:
        set_parameters(root, "")
    err = capsys.readouterr().err
    assert code == 2
    for part in says:
        assert part in err
    assert "parameters/2020-01.yaml" in err
    assert sorted((p.relative_to(outputs).as_posix(), p.stat().st_mtime_ns) for p in outputs.rglob("*")) == before


def test_the_template_check_raises_a_config_error(made):
    from ehp_analysis.deck import check_deck

    set_parameters(made["root"], 'deck_template: "finnes-ikke.pptx"\n')
    try:
        with pytest.raises(ConfigError, match="deck_template"):
            check_deck(load_parameters("2020-01", made["root"]), made["root"])
    finally:
        set_parameters(made["root"], "")


# -------------------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
def test_libreoffice_renders_every_slide(made, tmp_path):
    """The deck opens in a real office suite: LibreOffice converts it to PDF, one page a slide, each with its text."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) mangler: .ci/run installerer libreoffice-impress-nogui")
    profile = tmp_path / "profil"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(made["path"])], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / made["path"].with_suffix(".pdf").name
    assert pdf.is_file(), done.stderr
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    slides = list(made["prs"].slides)
    assert len([p for p in pages if p.strip()]) == len(slides)
    squash = lambda s: re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()  # noqa: E731
    for page, slide in zip(pages, slides):
        for line in slide_text(slide).splitlines():
            words = squash(line).split(" ")[:4]  # a long line wraps: its first words stand together
            assert " ".join(words)[:40] in squash(page) or all(w in squash(page) for w in words), (line, page[:300])
    kf = made["kf"]
    status_page = pages[[s.shapes.title.text for s in slides].index("Status og risiko nå og før")]
    assert str(kf["status"]["counts"]["gul"]) in status_page  # the chart's numbers, rendered
