"""End to end: a thin synthetic period reads right (report.md "Honest with thin data").

Two synthetic periods in a temporary root, each with its own organisations file (25 organisations in 12
owner groups; two groups came and two went between the periods), nobody reporting a budget in either period,
no risk assessed in either period, no dependency file now, the ja/nei answers and `gevinster` of the current
period all unanswered, and some statuses withheld (`unntatt offentlighet`). The report must say so, and nothing
in it may stand for data that does not exist (report.md "Rules that cannot be assessed, and nothing to show").
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
from ehp_analysis.text import count_word

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
        frame["risiko"] = "–"  # nor assesses a risk
        if which == "current":
            for column in YES_NO:
                frame[column] = ""
            frame["gevinster"] = "–"  # nobody answers whether they have quantified benefits
            ids = frame["id"].astype(int)
            unassessed = ids % 3 == 0  # a third not assessed yet
            frame.loc[unassessed, ["status", "risiko"]] = "–"
            frame.loc[unassessed, "statusarsaker"] = ""
            withheld = (ids % 7 == 1) & ~unassessed  # a status withheld from disclosure, in both spellings
            frame.loc[withheld, "status"] = ["u.off." if i % 2 else "Unntatt offentlighet" for i in range(withheld.sum())]
            frame.loc[withheld, "statusarsaker"] = ""
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
    # no budget figure, no bridge of zero bars; "Utvikling over tid" draws the counts and status only: no risk
    # was assessed in any period, and one sentence says why
    assert [f["id"] for f in chapter.select("figure")] == ["fig-prosjekter-over-tid", "fig-status-over-tid"]
    assert ("Ingen prosjekter har risiko vurdert som grønn, gul eller rød i noen av periodene, så figuren over"
            " risiko per periode er utelatt.") in text
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
    withheld = int(frame["status"].str.casefold().isin(["u.off.", "unntatt offentlighet"]).sum())
    assert withheld == int(((frame["id"].astype(int) % 7 == 1) & (frame["id"].astype(int) % 3 != 0)).sum()) > 1
    kf = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))
    # status: a third not assessed and the withheld ones, each its own key; risk: nobody assessed, none withheld
    assert kf["status"]["counts"]["ikke vurdert"] == unassessed
    assert kf["status"]["counts"]["unntatt offentlighet"] == withheld
    assert kf["status"]["shares"]["unntatt offentlighet"] == withheld / len(frame)
    assert kf["risk"]["counts"] == {"grønn": 0, "gul": 0, "rød": 0, "ikke vurdert": len(frame)}
    assert kf["history"]["status_counts"][result.period]["unntatt offentlighet"] == withheld
    assert "unntatt offentlighet" not in kf["history"]["risk_counts"][result.period]
    for measure in ("status", "risk"):
        assert sum(kf[measure]["counts"].values()) == len(frame)  # shares of all projects
        assert abs(sum(kf[measure]["shares"].values()) - 1) < 1e-9
    assert set(kf["previous"]["status"]["counts"]) == {"grønn", "gul", "rød"}  # the previous period: all assessed
    text = visible_text(_chapter(chapters, "status-og-risiko"))
    assert "ikke vurdert" in text
    assert "Rød status: prosjektene" not in text
    assert f"Status er unntatt offentlighet for {count_word(withheld)} av de {len(frame)} prosjektene" in text
    # a withheld status is shown in words, in a neutral badge: never grey "ikke vurdert", never a colour
    assert len(soup.select("#tab-vedlegg-1-prosjekter .ehp-ikke-vurdert")) == unassessed + len(frame)
    badges = soup.select("#tab-vedlegg-1-prosjekter .ehp-unntatt")
    assert len(badges) == withheld and {b.get_text() for b in badges} == {"Unntatt offentlighet"}
    history = pd.read_csv(result.output_dir / "tables" / "prosjekthistorikk.csv", sep=";", dtype=str,
                          keep_default_na=False, encoding="utf-8-sig")
    now = history[history["periode"] == result.period]
    assert int((now["status"] == "unntatt offentlighet").sum()) == withheld
    assert int((now["status"] == "ikke vurdert").sum()) == unassessed


def test_what_nobody_assessed_or_answered_is_left_out_with_one_sentence(thin):
    _, result, soup, chapters = thin
    chapter = _chapter(chapters, "status-og-risiko")
    text = visible_text(chapter)
    # no risk anywhere: chapter 4's figure shows status only; no risk transitions, sign test or status × risk
    assert [f["id"] for f in chapter.select("figure")] == ["fig-status-og-risiko"]
    assert "figuren viser bare status" in text
    assert chapter.select_one("#tab-overganger-risiko") is None and chapter.select_one("#tab-status-mot-risiko") is None
    assert ("Ingen prosjekter har risiko vurdert som grønn, gul eller rød i begge periodene" in text
            and "så overgangstabellen og fortegnstesten er utelatt." in text)
    assert ("Ingen prosjekter har risiko vurdert som grønn, gul eller rød i denne perioden, så tabellen over status"
            " mot risiko er utelatt.") in text
    assert "lavere risiko" not in text and "høyere risiko" not in text
    # the status transitions leave the withheld out, and say how many and why
    assert re.search(r"er \w+ holdt utenfor overgangstabellen og testen: \w+ fordi status ikke er vurdert og \w+"
                     r" fordi status er unntatt offentlighet", text)
    # nobody answered gevinster: no prioritisation figure, no table of projects without quantified benefits
    costs = _chapter(chapters, "kostnader")
    assert costs.select_one("#tab-uten-kvantifiserte-gevinster") is None and not costs.select("#fig-prioritering")
    assert ("Ingen prosjekter har svart på om de har kvantifiserte gevinster, så figuren, rangeringen og tabellen"
            " over prosjekter uten kvantifiserte gevinster er utelatt.") in visible_text(costs)
    assert "Figuren setter totalkostnaden" not in visible_text(costs)


def test_rules_that_cannot_be_assessed_say_why(thin):
    _, result, soup, chapters = thin
    kf = json.loads((result.output_dir / "key_figures.json").read_text(encoding="utf-8"))
    w = kf["warnings"]
    # By hand from report.md: two periods (rules looking at three or four: too short), no risk assessed, no
    # dependency file, gevinstplan blank for everyone, the 2020 template collects no planlagt_slutt; kostnadsvekst
    # has total costs in both periods (the synthetic generator reports most).
    assert w["not_assessed"] == {
        "gronn_status_rod_risiko": "no_risk_assessed", "gronn_status_rod_avhengighet": "no_dependencies",
        "vedvarende_rod": "chain_too_short", "lenge_gul_eller_rod": "chain_too_short",
        "uendret_rapportering": "chain_too_short", "forbi_planlagt_slutt": "not_collected",
        "gjennomforing_uten_gevinstplan": "not_answered", "avhenger_av_rodt_prosjekt": "no_dependencies",
        "lenge_ikke_vurdert": "chain_too_short"}
    assert all(w[rule] is None for rule in w["not_assessed"]) and isinstance(w["kostnadsvekst"], list)
    rows = {tr.select("td")[0].get_text(): tr.select("td")[-1].get_text()
            for tr in soup.select("#tab-tidlige-varsler-regler tbody tr")}
    assert rows["Grønn status, rød risiko"].startswith("Vurderes ikke: ingen prosjekter har risiko vurdert")
    assert rows["Avhenger av et rødt prosjekt"] == "Vurderes ikke: ingen avhengigheter er rapportert i denne perioden."
    assert rows["Gjennomføring uten gevinstplan"] == ("Vurderes ikke: ingen prosjekter har svart på om de har en"
                                                      " gevinstplan.")
    assert sum(v.startswith("Vurderes ikke") for v in rows.values()) == 9
    assert rows["Kostnadsvekst"] == "Ingen" or rows["Kostnadsvekst"][0].isdigit()
    text = visible_text(_chapter(chapters, "status-og-risiko"))
    assert "har status eller risiko unntatt offentlighet og er holdt utenfor reglene" in text


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
