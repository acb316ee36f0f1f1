"""key_figures.json's keys for decisions (report.md, "More of key_figures.json"): warnings.*, prioritisation.*,
dependencies.most_depended_on and dependencies.at_risk_ids, checked against expectations worked out by hand:

1. for the embedded 2020-01 (its chain: 2019-10, 2020-01), from data/2020-01/*.csv and data/2019-10/*.csv;
2. for a chain of six synthetic periods written here as submission files, built so that every rule fires.
"""

from __future__ import annotations

import json

import pytest

from ehp_analysis.metrics import key_figures
from ehp_analysis.periods import load_periods
from ehp_analysis.reference import load_early_warnings

RULE_IDS = load_early_warnings().ids


def _decisions(kf: dict) -> dict:
    return {"warnings": kf["warnings"], "prioritisation": kf["prioritisation"],
            "most_depended_on": kf["dependencies"]["most_depended_on"],
            "at_risk_ids": kf["dependencies"]["at_risk_ids"]}


# ------------------------------------------------------------------------------------------- 2020-01


@pytest.fixture(scope="module")
def embedded():
    periods = load_periods("2020-01", reads="chain")
    return key_figures(periods.current, periods.previous, chain=periods.chain)


def test_embedded_2020_01_warnings(embedded):
    w = embedded["warnings"]
    # every rule of the reference file ([] when assessed and none fired, null when it cannot be assessed)
    assert list(w) == [*RULE_IDS, "projects", "not_assessed"]
    assert w == {
        # status grønn and risiko rød: the only red risk is 101, whose status is gul.
        "gronn_status_rod_risiko": [],
        # the eight red dependencies (avhengigheter.csv, all høy) belong to 5, 101, 107, 142, 144, 160 (two), 163;
        # of those only 5 (Nasjonalt program for velferdsteknologi) has status grønn.
        "gronn_status_rod_avhengighet": [5],
        # total cost in both periods and changed: 11 200→210, 81 280→300, 101 3→3,2, 102 165→150, 107 880→900,
        # 111 1645→1700, 160 470→500; none is 1,20× (the largest, 101, is 1,07×), none rose 10 mill. and 20 %.
        "kostnadsvekst": [],
        # the chain has two periods: the rules looking at three or four periods cannot be assessed.
        "vedvarende_rod": None, "lenge_gul_eller_rod": None, "uendret_rapportering": None, "lenge_ikke_vurdert": None,
        # the 2020 template does not collect planlagt_slutt.
        "forbi_planlagt_slutt": None,
        # fase gjennomføring and gevinstplan nei: only 101 (Robust Mobilt Helsenett); 188's blank is not "nei".
        "gjennomforing_uten_gevinstplan": [101],
        # the only red project is 142, and no dependency has avhenger_av_id 142.
        "avhenger_av_rodt_prosjekt": [],
        "projects": [5, 101],
        "not_assessed": {"vedvarende_rod": "chain_too_short", "lenge_gul_eller_rod": "chain_too_short",
                         "uendret_rapportering": "chain_too_short", "forbi_planlagt_slutt": "not_collected",
                         "lenge_ikke_vurdert": "chain_too_short"},
    }


def test_embedded_2020_01_prioritisation(embedded):
    # Total cost and benefits above 0, by hand from prosjekter.csv: 11, 81, 111, 119, 142, 161, 164, 173, 144,
    # 128, 139, 184, 102, 160, 163, 182, 107, 51, 145, 165, 5, 141, 47, 100: 24 of 54; 30 left out.
    # Benefits / total cost: 5 1100/190 = 5,79; 165 30/9,5 = 3,16; 81 900/300 = 3,00; 160 1450/500 = 2,90;
    # 141 18/8 = 2,25; then 107 1900/900 = 2,11, 11 420/210 = 2,00, 111 3200/1700 = 1,88 …
    assert embedded["prioritisation"] == {"plotted_count": 24, "left_out_count": 30,
                                          "ratio_top_ids": [5, 165, 81, 160, 141]}


def test_embedded_2020_01_network(embedded):
    d = embedded["dependencies"]
    # Projects with a høy dependency, per target (avhengigheter.csv): Helsenorge 172, 184, 83, 117, 141, 145, 168 (7);
    # Norsk laboratoriekodeverk (NLK) 171, 60, 112, 119, 142 (5); project 47 (avhenger_av_id) 81, 107, 111, 182 (4);
    # Felles tillitsmodell for data- og dokumentdeling 181, 189, 81, 128 (4); HelseID 189, 160, 161, 170 (4);
    # Tilpasninger i kommunale journalsystemer (4). Ties at 4 by normalised name: "47" < "felles…" < "helseid"
    # < "tilpasninger…", so the fifth place goes to HelseID.
    assert d["most_depended_on"] == [
        {"name": "Helsenorge", "count": 7}, {"name": "Norsk laboratoriekodeverk (NLK)", "count": 5},
        {"name": "47", "count": 4}, {"name": "Felles tillitsmodell for data- og dokumentdeling", "count": 4},
        {"name": "HelseID", "count": 4}]
    # At risk: a red høy dependency of its own: 5, 101, 107, 142, 144, 160, 163 (all eight red ones are høy).
    # No høy dependency points at the red project 142. Through the network, høy dependencies on those: 143 → 144
    # and 180 → 107 (107 → 180 closes a cycle). 111 → 160 is lav, 173 → 101 middels: not at risk.
    assert d["at_risk_ids"] == [5, 101, 107, 142, 143, 144, 160, 163, 180]


def test_embedded_previous_period_has_the_keys_too(embedded):
    before = embedded["previous"]
    assert set(before["warnings"]) == {*RULE_IDS, "projects", "not_assessed"}
    # 2019-10 starts the chain: every rule looking at more than one period is too short to assess.
    assert before["warnings"]["not_assessed"] == {
        "kostnadsvekst": "chain_too_short", "vedvarende_rod": "chain_too_short",
        "lenge_gul_eller_rod": "chain_too_short", "uendret_rapportering": "chain_too_short",
        "forbi_planlagt_slutt": "not_collected", "lenge_ikke_vurdert": "chain_too_short"}
    assert set(before["prioritisation"]) == {"plotted_count", "left_out_count", "ratio_top_ids"}
    assert before["prioritisation"]["plotted_count"] + before["prioritisation"]["left_out_count"] == 54
    json.dumps(embedded, allow_nan=False)


# ------------------------------------------------------------------------------------ six periods by hand

PERIODS = ["2021-01", "2021-05", "2021-09", "2022-01", "2022-05", "2022-09"]
HEADER = ("id;navn;type;ansvarlig_virksomhet;innsatsomrade;fase;status;risiko;budsjett;totalkostnad;gevinster;"
          "gevinstplan;statuskommentar;planlagt_slutt")


def _project(id, *, status="grønn", risk="grønn", phase="planlegging", budget="10", total="", benefits="",
             plan="", comment="", end=""):
    return f"{id};Tiltak {id};prosjekt;Helsedirektoratet;1.1;{phase};{status};{risk};{budget};{total};{benefits};" \
           f"{plan};{comment};{end}"


def _history() -> dict[str, list[str]]:
    """The projects of each period (P1 … P6 = PERIODS), as template rows; every choice explained."""
    rows = {p: [] for p in PERIODS}
    for i, p in enumerate(PERIODS, start=1):
        last = i == 6
        # 1: grønn status, rød risiko in P6 (gronn_status_rod_risiko); benefits 300 for a total cost of 100.
        rows[p].append(_project(1, risk="rød" if last else "grønn", total="100", benefits="300"))
        # 2: grønn, with a høy red dependency on HelseID in P6 (gronn_status_rod_avhengighet); 80 for 40.
        rows[p].append(_project(2, total="40", benefits="80"))
        # 3: total cost 50,0 in P5 and 60,0 in P6: exactly 1,20 × and exactly +10 (kostnadsvekst); 30 for 60.
        rows[p].append(_project(3, total="60,0" if last else "50,0", benefits="30"))
        # 4: rød in P4, P5, P6 (vedvarende_rod), grønn before; its budget changes, so it is not unchanged.
        rows[p].append(_project(4, status="rød" if i >= 4 else "grønn", budget=str(10 + i)))
        # 5: gul, rød, gul, gul in P3–P6 (lenge_gul_eller_rod); the status changes, so not unchanged; 60 for 20.
        rows[p].append(_project(5, status={3: "gul", 4: "rød", 5: "gul", 6: "gul"}.get(i, "grønn"), total="20",
                                benefits="60"))
        # 6: gul, risiko gul, budget 12,5, no total cost, the same comment in P4–P6 (uendret_rapportering);
        #    grønn in P3, so not four periods gul or rød. Total cost not reported, benefits 50: left out of the figure.
        rows[p].append(_project(6, status="gul" if i >= 4 else "grønn", risk="gul" if i >= 4 else "grønn",
                                budget="12,5", benefits="50", comment="Venter på avklaring" if i >= 4 else ""))
        # 7: planned end 30.06.2022, before P6's cut-off 2022-09-15, fase gjennomføring (forbi_planlagt_slutt);
        #    gevinstplan ja; 100 for 200.
        rows[p].append(_project(7, phase="gjennomføring", plan="ja", end="30.06.2022", total="200", benefits="100"))
        # 8: gjennomføring with "nei" on gevinstplan (gjennomforing_uten_gevinstplan).
        rows[p].append(_project(8, phase="gjennomføring", plan="nei"))
        # 9: a høy dependency on project 4, red in P6 (avhenger_av_rodt_prosjekt).
        rows[p].append(_project(9))
        # 10: status not assessed ("–") in P4–P6 (lenge_ikke_vurdert).
        rows[p].append(_project(10, status="–" if i >= 4 else "grønn", risk="–" if i >= 4 else "grønn"))
        # 11: rød in P4, absent in P5, rød in P6: left and came back, so no run of three.
        if i != 5:
            rows[p].append(_project(11, status="rød" if i >= 4 else "grønn"))
        # 12: a høy dependency (own status grønn) on 13, which is red in P5 and has left in P6: nothing fires.
        rows[p].append(_project(12))
        if i <= 5:
            rows[p].append(_project(13, status="rød" if i == 5 else "grønn"))
        # 14: total cost withheld in P5, 100 in P6: kostnadsvekst does not fire; 250 for 100.
        rows[p].append(_project(14, total="unntatt offentlighet" if i == 5 else "100", benefits="250"))
        # 15: gjennomføring with a blank gevinstplan: unanswered, not "nei".
        rows[p].append(_project(15, phase="gjennomføring"))
        # 16: gul in P4, not assessed in P5 and P6: only two periods not assessed.
        rows[p].append(_project(16, status={4: "gul", 5: "–", 6: "–"}.get(i, "grønn")))
    return rows


DEPENDENCIES = """prosjekt_id;avhengighet;avhenger_av_id;kategori;kritikalitet;status;tema
1;HelseID;;Infrastruktur og felleskomponenter;høy;grønn;
2;HelseID;;Infrastruktur og felleskomponenter;høy;rød;
5;Helse-ID;;Infrastruktur og felleskomponenter;høy;gul;
6;Kjernejournal;;Tjenester og applikasjoner;høy;grønn;
7;kjernejournal;;Tjenester og applikasjoner;høy;grønn;
8;Kjernejournal;;Tjenester og applikasjoner;middels;grønn;
9;Tiltak 4;4;Tjenester og applikasjoner;høy;grønn;
12;Prosjekt 13;13;Tjenester og applikasjoner;høy;grønn;
"""


@pytest.fixture(scope="module")
def six_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("six")
    (root / "parameters").mkdir()
    (root / "notebooks").mkdir()
    previous = ""
    for period, rows in _history().items():
        folder = root / "data" / period
        folder.mkdir(parents=True)
        (folder / "prosjekter.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        if period == PERIODS[-1]:
            (folder / "avhengigheter.csv").write_text(DEPENDENCIES, encoding="utf-8")
        (root / "parameters" / f"{period}.yaml").write_text(
            f'period: "{period}"\nprevious_period: "{previous}"\ndata_dir: "data/{period}"\nbudget_year: {period[:4]}\n'
            f'cutoff: "{period}-15"\nstrategy: "2017-2022"\nstrategy_file: ""\norganisations_file: ""\n'
            f'output_dir: "outputs/{period}"\n', encoding="utf-8")
        previous = period
    return root


@pytest.fixture(scope="module")
def six(six_root):
    periods = load_periods(PERIODS[-1], reads="chain", root=six_root)
    assert [p.period for p in periods.chain] == PERIODS
    return key_figures(periods.current, periods.previous, chain=periods.chain)


def test_six_periods_trigger_every_rule(six):
    assert _decisions(six)["warnings"] == {
        "gronn_status_rod_risiko": [1], "gronn_status_rod_avhengighet": [2], "kostnadsvekst": [3],
        "vedvarende_rod": [4], "lenge_gul_eller_rod": [5], "uendret_rapportering": [6],
        "forbi_planlagt_slutt": [7], "gjennomforing_uten_gevinstplan": [8], "avhenger_av_rodt_prosjekt": [9],
        "lenge_ikke_vurdert": [10], "projects": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        "not_assessed": {},  # every rule had what it needs
    }


def test_six_periods_prioritisation_and_network(six):
    d = _decisions(six)
    # P6 has 15 projects (1–12, 14–16; 13 left). Plotted: 1 (300/100 = 3,0), 2 (80/40 = 2,0), 3 (30/60 = 0,5),
    # 5 (60/20 = 3,0), 7 (100/200 = 0,5), 14 (250/100 = 2,5): six; 6 has benefits but no total cost; nine left out.
    # Best ratio first, ties by lower id: 1 and 5 (3,0), 14, 2, then 3 and 7 (0,5).
    assert d["prioritisation"] == {"plotted_count": 6, "left_out_count": 9, "ratio_top_ids": [1, 5, 14, 2, 3]}
    # høy dependents: HelseID {1, 2, 5} (spelled "HelseID" twice, "Helse-ID" once); Kjernejournal {6, 7} (8 is
    # middels; "Kjernejournal" twice against "kjernejournal" once); project 4 {9}; "Prosjekt 13" {12}: 13 is not
    # a project of P6, so the dependency points at the component its text names. Ties at 1: "4" < "prosjekt13".
    assert d["most_depended_on"] == [{"name": "HelseID", "count": 3}, {"name": "Kjernejournal", "count": 2},
                                     {"name": "4", "count": 1}, {"name": "Prosjekt 13", "count": 1}]
    # 2: its own red høy dependency. 9: a høy dependency on 4, which is red. 12's dependency on 13 (left) is
    # grønn. Nobody depends on 2 or 9.
    assert d["at_risk_ids"] == [2, 9]


def test_without_the_chain_the_long_rules_say_nothing(six_root):
    # key_figures(current, previous) alone sees two periods: vedvarende_rod and the others cannot be assessed.
    periods = load_periods(PERIODS[-1], reads="chain", root=six_root)
    kf = key_figures(periods.current, periods.previous)
    assert kf["warnings"]["vedvarende_rod"] is None and kf["warnings"]["kostnadsvekst"] == [3]
    assert kf["warnings"]["not_assessed"]["vedvarende_rod"] == "chain_too_short"


def test_ehp_figures_writes_the_chain_s_warnings(six_root, monkeypatch, capsys):
    from ehp_analysis.cli import main

    monkeypatch.setenv("EHP_ROOT", str(six_root))
    out = six_root / "kf.json"
    assert main(["figures", PERIODS[-1], "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["warnings"]["vedvarende_rod"] == [4]
