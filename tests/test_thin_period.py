"""End to end: a thin synthetic period reads right (report.md "Honest with thin data").

Two synthetic periods in a temporary root, each with its own organisations file (25 organisations in 12
owner groups; two groups came and two went between the periods), nobody reporting a budget in either period,
no dependency file now, and the ja/nei answers of the current period all blank. The report must say so,
and nothing in it may stand for data that does not exist.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ehp_analysis.reference import Reference, load_organisations, load_strategy
from ehp_analysis.report.build import build_periods
from ehp_analysis.synthetic import generate_history, write_history

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

# 25 organisations; the owner group now, and (where it differs) the one it had before.
ORGANISATIONS = [
    ("Nordby kommune", "Kommunene i nord", "kommunal", "Kommunene"),
    ("Sørby kommune", "Kommunene i sør", "kommunal", "Kommunene"),
    ("Vestby kommune", "Kommunene i sør", "kommunal", "Kommunene"),
    ("Østby kommune", "Kommunene i nord", "kommunal", "Kommunene"),
    ("Fjellby kommune", "Kommunene i nord", "kommunal", "Kommunene"),
    ("Region Nord", "Region Nord", "spesialist", None),
    ("Nordsykehuset", "Region Nord", "spesialist", None),
    ("Region Midt", "Region Midt", "spesialist", None),
    ("Midtsykehuset", "Region Midt", "spesialist", None),
    ("Region Vest", "Region Vest", "spesialist", None),
    ("Vestsykehuset", "Region Vest", "spesialist", None),
    ("Vest IKT", "Region Vest", "spesialist", None),
    ("Region Sør-Øst", "Region Sør-Øst", "spesialist", None),
    ("Universitetssykehuset", "Region Sør-Øst", "spesialist", None),
    ("Sykehustjenester", "Region Sør-Øst", "spesialist", None),
    ("Folkehelsa", "Folkehelsa", "forvaltning", None),
    ("Helsedirektoratet", "Helsedirektoratet", "forvaltning", None),
    ("E-helsekontoret", "Helsedirektoratet", "forvaltning", "E-helsekontoret"),
    ("Legemiddelverket", "Legemiddelverket", "forvaltning", None),
    ("Strålevernet", "Folkehelsa", "forvaltning", None),
    ("Helsetilsynet", "Helsetilsynet", "forvaltning", None),
    ("Norsk helsenett", "Norsk helsenett", "forvaltning", None),
    ("Pasientreiser", "Norsk helsenett", "forvaltning", None),
    ("Apotekforeningen", "Apotekene", "privat", None),
    ("Apotek Nord", "Apotekene", "privat", None),
]
YES_NO = ("gevinstansvarlig", "prosjektbegrunnelse", "gevinster_identifisert", "gevinstplan", "gevinstrealisering",
          "forutsetning_kommune")


def _organisations_csv(previous: bool) -> str:
    lines = ["virksomhet,eiergruppe,sektor"]
    for name, group, sector, before in ORGANISATIONS:
        lines.append(f"{name},{(before or group) if previous else group},{sector}")
    return "\n".join(lines) + "\n"


def write_thin_root(root: Path, n_projects: int = 120, seed: int = 11) -> tuple[str, str]:
    """Write the two thin periods into ``root`` (a project root with notebooks); return (previous, current)."""
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "reference").mkdir(parents=True, exist_ok=True)
    files = {}
    for which in ("previous", "current"):
        files[which] = root / "reference" / f"virksomheter-{which}.csv"
        files[which].write_text(_organisations_csv(which == "previous"), encoding="utf-8")
    reference = Reference(load_strategy("2017-2022"), load_organisations(files["current"]))
    history = generate_history(n_projects, 2, seed=seed, reference=reference)
    previous, current = write_history(history, root)
    for period, which in ((previous, "previous"), (current, "current")):
        folder = root / "data" / period
        frame = pd.read_csv(folder / "prosjekter.csv", dtype=str, keep_default_na=False)
        frame["budsjett"] = ""  # nobody reports a budget, in either period
        if which == "current":
            for column in YES_NO:
                frame[column] = ""
            unassessed = frame["id"].astype(int) % 3 == 0  # a third not assessed yet
            frame.loc[unassessed, ["status", "risiko"]] = "–"
            frame.loc[unassessed, "statusarsaker"] = ""
        frame.to_csv(folder / "prosjekter.csv", index=False)
        params = root / "parameters" / f"{period}.yaml"
        text = params.read_text(encoding="utf-8")
        params.write_text(text.replace('organisations_file: ""', f'organisations_file: "{files[which]}"'),
                          encoding="utf-8")
    (root / "data" / current / "avhengigheter.csv").unlink()
    return previous, current


def visible_text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def thin(tmp_path_factory):
    root = tmp_path_factory.mktemp("thin")
    previous, current = write_thin_root(root)
    [result] = build_periods([current], root=root, jobs=2, cache=False)
    soup = BeautifulSoup(result.report.read_text(encoding="utf-8"), "html.parser")
    chapters = {s.get("id", ""): s for s in soup.select("section")}
    return root, result, soup, chapters


def _chapter(chapters: dict, start: str):
    return next(s for i, s in chapters.items() if i.startswith(start))


def test_about_the_portfolio_says_no_budget_and_names_the_owner_groups(thin):
    _, _, _, chapters = thin
    chapter = _chapter(chapters, "om-portefoljen")
    text = visible_text(chapter)
    assert "Ingen prosjekter har rapportert budsjett" in text and "heller ikke i" in text
    assert "Fra 0 mill." not in text and "ingen endring" not in text
    assert "Fra forrige periodes budsjett til dette" not in text
    # no budget figure, no bridge of zero bars; "Utvikling over tid" draws the counts, status and risk only
    assert [f["id"] for f in chapter.select("figure")] == ["fig-prosjekter-over-tid", "fig-status-over-tid",
                                                           "fig-risiko-over-tid"]
    history = chapter.select_one("#tab-utvikling-over-tid")
    assert [td.get_text() for td in history.select("tbody tr td:nth-child(6)")] == ["–", "–"]  # budget: not 0
    assert "eiergruppene Kommunene i nord og Kommunene i sør kommet til" in text
    assert "eiergruppene Kommunene og E-helsekontoret har falt bort" in text
    assert "Sammenligninger per eiergruppe gjelder de 10 eiergruppene som finnes i begge periodene" in text
    table = chapter.select_one("#tab-eiergrupper-endring")
    assert [th.get_text() for th in table.select("thead th")] == ["Eiergruppe", "Prosjekter", "Prosjekter forrige"]
    assert table.select_one("caption").get_text().endswith("Prosjekter per eiergruppe, denne og forrige periode")
    assert len(table.select("tbody tr")) == 10


def test_costs_state_their_denominators(thin):
    _, _, _, chapters = thin
    text = visible_text(_chapter(chapters, "kostnader"))
    assert re.search(r"Av alle \d+ prosjekter har \d+ % en totalkostnad", text)
    assert re.search(r"Av de \d+ som har rapportert totalkostnad, er andelene", text)
    assert "har svart på spørsmålene om gevinstarbeid, så gevinstmodenheten er ikke vurdert" in text
    assert not re.search(r"\b0 av de \d+", text)


def test_dependencies_say_none_were_reported_and_test_nothing(thin):
    _, _, _, chapters = thin
    chapter = _chapter(chapters, "avhengigheter")
    text = visible_text(chapter)
    assert ("Avhengigheter er ikke rapportert inn denne gangen (innrapporteringen har ingen avhengighetstabell)."
            in text)
    for absent in ("Mann–Whitney", "U =", "Ingen avhengigheter har rød status", "Uavklarte avhengigheter",
                   "0 %"):
        assert absent not in text, absent
    assert not chapter.select("figure")
    assert ("Ingen prosjekter har svart på om det er en forutsetning at kommuner og fastleger gjennomfører"
            " organisasjonsutvikling.") in text


def test_key_figures_are_null_not_zero(thin):
    _, result, _, _ = thin
    kf = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))
    assert kf["budget"]["total"] is None and kf["budget"]["bridge"] is None
    assert kf["budget"]["joined_without_budget_ids"] is None
    assert kf["dependencies"]["count"] is None and kf["tests"]["risk_vs_high_dependencies"] is None
    assert kf["benefits"]["maturity_assessed"] == 0 and kf["benefits"]["maturity_medium_or_high"] is None
    assert kf["prerequisites"]["municipal_org_development_share"] is None
    assert kf["prerequisites"]["municipal_org_development_count"] is None
    assert len(kf["projects"]["by_owner_group"]) == 12 and len(kf["previous"]["projects"]["by_owner_group"]) == 12
    assert "-0.0" not in json.dumps(kf)


def test_a_third_not_assessed_is_its_own_category(thin):
    root, result, soup, chapters = thin
    frame = pd.read_csv(root / "data" / result.period / "prosjekter.csv", dtype=str, keep_default_na=False)
    unassessed = int((frame["status"] == "–").sum())
    assert unassessed == int((frame["id"].astype(int) % 3 == 0).sum()) > 0
    kf = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))
    for measure in ("status", "risk"):
        assert kf[measure]["counts"]["ikke vurdert"] == unassessed
        assert sum(kf[measure]["counts"].values()) == len(frame)  # shares of all projects
        assert abs(sum(kf[measure]["shares"].values()) - 1) < 1e-9
    assert "ikke vurdert" not in kf["previous"]["status"]["counts"]  # the previous period was all assessed
    text = visible_text(_chapter(chapters, "status-og-risiko"))
    assert "ikke vurdert" in text
    assert "Rød status: prosjektene" not in text
    badges = soup.select("#tab-vedlegg-1-prosjekter .ehp-ikke-vurdert")
    assert len(badges) == 2 * unassessed  # status and risk, grey, with the words


def test_red_projects_are_named_with_their_organisation(thin):
    root, result, _, chapters = thin
    frame = pd.read_csv(root / "data" / result.period / "prosjekter.csv", dtype=str, keep_default_na=False)
    red = frame[frame["status"] == "rød"]
    assert len(red) > 0
    text = visible_text(_chapter(chapters, "status-og-risiko"))
    first = red.sort_values("id", key=lambda s: s.astype(int)).iloc[0]
    assert first["navn"] in text and first["ansvarlig_virksomhet"] in text


def test_appendix_shows_total_cost(thin):
    _, _, soup, _ = thin
    table = soup.select_one("#tab-vedlegg-1-prosjekter")
    assert "Totalkostnad (mill.)" in [th.get_text() for th in table.select("thead th")]


def test_summary_and_architecture_claim_nothing_that_was_not_reported(thin):
    _, _, _, chapters = thin
    summary = visible_text(_chapter(chapters, "oppsummering"))
    assert "Ingen prosjekter har rapportert budsjett" in summary and "Fra 0 mill." not in summary
    assert "Avhengigheter er ikke rapportert inn denne gangen" in summary
    architecture = visible_text(_chapter(chapters, "arkitektur"))
    assert "Avhengighetene vurderingen bygger på" not in architecture
    assert "Avhengigheter er ikke rapportert inn denne gangen" in architecture


def test_generated_text_passes_the_spelling_and_grammar_checks(thin):
    from tests.test_language import check_built_report

    root, result, soup, _ = thin
    previous = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))["previous_period"]
    # Raw template columns are checked on their own below (Vedlegg 2's view still prints them).
    check_built_report(soup, root, [result.period, previous], skip_rules=("kode vist rått",))


def test_template_columns_are_named_not_coded(thin):
    from tests.test_language import raw_codes

    _, _, soup, _ = thin
    assert raw_codes(soup) == []


def test_no_column_of_budgets_nobody_reported(thin):
    _, _, _, chapters = thin
    table = _chapter(chapters, "om-portefoljen").select_one("#tab-nye-prosjekter")
    assert "Budsjett (mill.)" not in [th.get_text() for th in table.select("thead th")]
