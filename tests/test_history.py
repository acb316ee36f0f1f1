"""Over the years: the chain's metrics (metrics/history.py), ``history.*`` in key_figures.json, the analyst's
``ehp_analysis.history()``, the figures over time and their wording.

Expected values are worked out by hand from the rows written here (the arithmetic is in the comments), from
the embedded data's own files (the sums written out below) and from the published report's counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ehp_analysis import cli, history as history_entry, plots, text
from ehp_analysis.config import parameters_from_mapping
from ehp_analysis.metrics import history, key_figures
from ehp_analysis.periods import load_periods

from .conftest import make, project

NA = None


def params(period: str, previous: str = "", year: int = 2020):
    return parameters_from_mapping({"period": period, "previous_period": previous, "data_dir": f"data/{period}",
                                    "budget_year": year, "cutoff": f"{period}-15", "strategy": "2017-2022",
                                    "output_dir": f"outputs/{period}"}, Path("."))


# A chain of three hand-written periods:
#   2019-06: 1, 2, 3, 4          budgets 10, 20, –, (4 withheld)   status grønn, gul, rød, grønn
#   2019-10: 1, 2, 5             no budgets at all                 status gul, ikke vurdert, grønn
#   2020-01: 1, 3, 5, 6          budgets 12, 7.5, 3, –             status gul, rød, grønn, grønn
# 3 left at 2019-10 and is back at 2020-01 ("tilbake"); 6 is new at 2020-01; 2 left at 2020-01.
CHAIN_ROWS = {
    "2019-06": [project(1, status="grønn", risk="grønn", budget=10, total_cost=100),
                project(2, status="gul", risk="gul", budget=20, total_cost=NA),
                project(3, status="rød", risk="grønn", budget=NA, total_cost=50),
                project(4, status="grønn", risk="grønn", budget=5, budget_withheld=True, total_cost=5,
                        total_cost_withheld=True)],
    "2019-10": [project(1, status="gul", risk="gul"),
                project(2, status=NA, risk="gul"),
                project(5, status="grønn", risk=NA)],
    "2020-01": [project(1, status="gul", risk="gul", budget=12, total_cost=100),
                project(3, status="rød", risk="rød", budget=7.5, total_cost=60),
                project(5, status="grønn", risk="grønn", budget=3, total_cost=NA),
                project(6, status="grønn", risk="gul", budget=NA, total_cost=8)],
}
YEARS = {"2019-06": 2019, "2019-10": 2019, "2020-01": 2020}


@pytest.fixture
def chain():
    periods = list(CHAIN_ROWS)
    return [make(p, CHAIN_ROWS[p], [], parameters=params(p, periods[i - 1] if i else "", YEARS[p]))
            for i, p in enumerate(periods)]


# ------------------------------------------------------------------------------------------ metrics


def test_joined_left_and_returned(chain):
    moves = history.joined_left(chain)
    assert [(m.period, m.previous_period) for m in moves] == [("2019-10", "2019-06"), ("2020-01", "2019-10")]
    # 2019-10: {1,2,5} − {1,2,3,4} = {5}; {1,2,3,4} − {1,2,5} = {3,4}
    assert (moves[0].joined, moves[0].new, moves[0].returned, moves[0].left) == ([5], [5], [], [3, 4])
    # 2020-01: {1,3,5,6} − {1,2,5} = {3,6}: 3 was in 2019-06, so it is back, not new; {1,2,5} − {1,3,5,6} = {2}
    assert (moves[1].joined, moves[1].new, moves[1].returned, moves[1].left) == ([3, 6], [6], [3], [2])
    assert history.returned_ids(chain) == [3]
    assert history.returned_ids(chain[:1]) == []
    assert history.last_seen(chain, [3, 6, 1]) == {3: "2019-06", 1: "2019-10"}  # 6 never before


def test_period_summary(chain):
    s = history.period_summary(chain)
    assert s["period"].tolist() == ["2019-06", "2019-10", "2020-01"]
    assert s["budget_year"].tolist() == [2019, 2019, 2020]
    assert s["projects"].tolist() == [4, 3, 4]
    assert s["joined"].tolist()[1:] == [1, 2] and pd.isna(s["joined"].iloc[0])
    assert s["new"].tolist()[1:] == [1, 1] and s["returned"].tolist()[1:] == [0, 1]
    assert s["left"].tolist()[1:] == [2, 1] and pd.isna(s["left"].iloc[0])
    # 2019-06: 10 + 20 = 30 (3 not reported, 4 withheld: both outside the total); 2019-10: nothing reported;
    # 2020-01: 12 + 7.5 + 3 = 22.5 (6 not reported)
    assert s["budget_total"].iloc[0] == 30 and pd.isna(s["budget_total"].iloc[1]) and s["budget_total"].iloc[2] == 22.5
    assert s["budget_reported"].tolist() == [2, 0, 3]
    assert s["budget_not_reported"].tolist() == [2, 3, 1]


def test_colour_shares_over_time(chain):
    status = history.colour_shares(chain, "status")
    # "ikke vurdert" in every period once any period has it (2019-10: project 2), so the bars line up
    assert status["colour"].tolist() == ["grønn", "gul", "rød", "ikke vurdert"] * 3
    assert status["count"].tolist() == [2, 1, 1, 0, 1, 1, 0, 1, 2, 1, 1, 0]
    assert status["share"].tolist() == [0.5, 0.25, 0.25, 0, 1 / 3, 1 / 3, 0, 1 / 3, 0.5, 0.25, 0.25, 0]
    risk = history.colour_shares(chain[:1], "risiko")
    assert risk["colour"].tolist() == ["grønn", "gul", "rød"] and risk["count"].tolist() == [3, 1, 0]


def test_chain_table_is_tidy_and_never_shows_withheld(chain):
    table = history.chain_table(chain)
    assert list(table.columns) == history.CHAIN_COLUMNS
    assert len(table) == 4 + 3 + 4
    assert table[["period", "id"]].values.tolist()[:5] == [["2019-06", 1], ["2019-06", 2], ["2019-06", 3],
                                                          ["2019-06", 4], ["2019-10", 1]]
    row = table[(table["period"] == "2019-06") & (table["id"] == 4)].iloc[0]
    assert pd.isna(row["budget"]) and pd.isna(row["total_cost"])  # withheld 5 and 5: never shown
    assert 5 not in table["budget"].dropna().tolist()
    # a colour, or a rating withheld from disclosure (a category, shown in words); not assessed is <NA>
    assert table["status"].cat.categories.tolist() == ["grønn", "gul", "rød", "unntatt offentlighet"]
    assert pd.isna(table[(table["period"] == "2019-10") & (table["id"] == 2)]["status"].iloc[0])
    assert table["budget_year"].tolist() == [2019] * 7 + [2020] * 4
    assert set(table["strategy"]) == {"2017-2022"} and table["goal"].isna().all()  # areas, not goals


def test_history_figures_by_hand(chain):
    h = key_figures(chain[-1], chain[-2], chain=chain)["history"]
    assert h == {
        "periods": ["2019-06", "2019-10", "2020-01"],
        "projects_count": {"2019-06": 4, "2019-10": 3, "2020-01": 4},
        "budget_total": {"2019-06": 30, "2019-10": None, "2020-01": 22.5},
        "budget_not_reported_count": {"2019-06": 2, "2019-10": 3, "2020-01": 1},
        "status_counts": {"2019-06": {"grønn": 2, "gul": 1, "rød": 1},
                          "2019-10": {"grønn": 1, "gul": 1, "rød": 0, "ikke vurdert": 1},
                          "2020-01": {"grønn": 2, "gul": 1, "rød": 1}},
        "risk_counts": {"2019-06": {"grønn": 3, "gul": 1, "rød": 0},
                        "2019-10": {"grønn": 0, "gul": 2, "rød": 0, "ikke vurdert": 1},
                        "2020-01": {"grønn": 1, "gul": 2, "rød": 1}},
        "joined_count": {"2019-10": 1, "2020-01": 2},
        "left_count": {"2019-10": 2, "2020-01": 1},
    }
    json.dumps(h, allow_nan=False)


def test_history_only_for_a_chain_reader_and_a_chain_of_one(chain):
    assert "history" not in key_figures(chain[-1], chain[-2])
    h = key_figures(chain[0], chain=chain[:1])["history"]
    assert h["periods"] == ["2019-06"] and h["joined_count"] == {} and h["left_count"] == {}
    with pytest.raises(ValueError):
        key_figures(chain[-1], chain[-2], chain=chain[:2])  # the chain must end with the period itself


# --------------------------------------------------- the embedded 2020-01: its chain is 2019-10, 2020-01


def test_embedded_2020_01_history_by_hand():
    periods = load_periods("2020-01", reads="chain")
    h = key_figures(periods.current, periods.previous, chain=periods.chain)["history"]
    assert h["periods"] == ["2019-10", "2020-01"]
    # The published report: 54 projects both times; 183, 188, 189 joined; 3, 121, 133 left.
    assert h["projects_count"] == {"2019-10": 54, "2020-01": 54}
    assert h["joined_count"] == {"2020-01": 3} and h["left_count"] == {"2020-01": 3}
    # Status 43 % grønn, 56 % gul, 142 red (23 / 30 / 1 of 54); 2019-10 56 % grønn, 44 % gul (30 / 24 / 0).
    # Risk 17 / 36 / 1 both times ("uendret", report.md).
    assert h["status_counts"] == {"2019-10": {"grønn": 30, "gul": 24, "rød": 0},
                                  "2020-01": {"grønn": 23, "gul": 30, "rød": 1}}
    assert h["risk_counts"] == {"2019-10": {"grønn": 17, "gul": 36, "rød": 1},
                                "2020-01": {"grønn": 17, "gul": 36, "rød": 1}}
    # The budsjett column of data/2019-10/prosjekter.csv, the 51 reported values (3 empty):
    # 34+52+130+20+52+2.5+95+9+8+75+120+104+48+24+10+17+12+92+55+2.5+3+6+25+40+12+50+11+6+185+4+4+6+2.5+14+80
    # +17+9+15+10+2.5+8+4+70+13+3.5+15+75+55+3+6+14 = 1730.5 ("1,73 milliarder" in the published report).
    # data/2020-01/prosjekter.csv, the 43 reported values (11 empty):
    # 31.5+40+123+18.3+50+1.3+89+81+106+22+9+18.4+84+8+56+2.2+2.9+6.5+25.4+62.2+12.5+54+15+260+4+6.15+2.2+1.5
    # +84+15.5+16.3+9.4+2.075+3.9+73.8+12.6+3+16+101+85.9+0.98+21+13 = 1650.505 ("1,65 milliarder").
    assert h["budget_total"] == {"2019-10": 1730.5, "2020-01": 1650.505}
    assert h["budget_not_reported_count"] == {"2019-10": 3, "2020-01": 11}


# ---------------------------------------- a synthetic chain on disk: key_figures.json and `ehp figures`


PROJECT_HEADER = "id,navn,type,ansvarlig_virksomhet,innsatsomrade,fase,status,risiko,budsjett,totalkostnad\n"


def write_period(root: Path, period: str, previous: str, year: int, rows: list[str]) -> None:
    (root / "data" / period).mkdir(parents=True)
    (root / "data" / period / "prosjekter.csv").write_text(PROJECT_HEADER + "".join(r + "\n" for r in rows),
                                                          encoding="utf-8")
    (root / "parameters").mkdir(exist_ok=True)
    (root / "parameters" / f"{period}.yaml").write_text(
        f'period: "{period}"\nprevious_period: "{previous}"\ndata_dir: "data/{period}"\nbudget_year: {year}\n'
        f'cutoff: "{period}-15"\nstrategy: "2017-2022"\nstrategy_file: ""\norganisations_file: ""\n'
        f'output_dir: "outputs/{period}"\nreconstructed: false\n', encoding="utf-8")


@pytest.fixture
def chain_on_disk(tmp_path) -> Path:
    """Four periods as the office would send them: a project leaves and comes back, a budget is withheld,
    a status is not assessed, and one period reports no budget at all."""
    root = tmp_path / "kjede"
    org = "Helsedirektoratet"
    write_period(root, "2021-01", "", 2021, [
        f"10,Alfa,prosjekt,{org},1.1,planlegging,grønn,grønn,12.5,100",
        f"11,Beta,prosjekt,{org},1.2,gjennomføring,gul,gul,unntatt offentlighet,200",
        f"12,Gamma,program,{org},2.1,konsept,rød,gul,7,",
    ])
    write_period(root, "2021-05", "2021-01", 2021, [
        f"10,Alfa,prosjekt,{org},1.1,planlegging,gul,grønn,,100",
        f"11,Beta,prosjekt,{org},1.2,gjennomføring,,gul,-,200",
    ])
    write_period(root, "2021-09", "2021-05", 2021, [
        f"10,Alfa,prosjekt,{org},1.1,gjennomføring,gul,rød,20,110",
        f"12,Gamma,program,{org},2.1,planlegging,grønn,grønn,8.25,",
        f"13,Delta,prosjekt,{org},3.1,konsept,grønn,grønn,1.5,9",
    ])
    write_period(root, "2022-01", "2021-09", 2022, [
        f"10,Alfa,prosjekt,{org},1.1,gjennomføring,rød,rød,30,110",
        f"12,Gamma,program,{org},2.1,planlegging,grønn,gul,4,",
        f"13,Delta,prosjekt,{org},3.1,konsept,gul,grønn,,9",
        f"14,Epsilon,prosjekt,{org},3.1,konsept,grønn,grønn,2,",
    ])
    return root


# Worked out from the rows above:
#   2021-01: 10, 11, 12; budgets 12.5 + 7 = 19.5, 11 withheld → 1 not reported; status 1/1/1, risk 1/2/0
#   2021-05: 10, 11; no budget reported (empty, "-") → null, 2 not reported; status gul + ikke vurdert;
#            joined {} = 0, left {12} = 1
#   2021-09: 10, 12 (back), 13 (new); budgets 20 + 8.25 + 1.5 = 29.75; joined {12, 13} = 2, left {11} = 1
#   2022-01: 10, 12, 13, 14; budgets 30 + 4 + 2 = 36, 13 not reported; joined {14} = 1, left {} = 0
EXPECTED_HISTORY = {
    "periods": ["2021-01", "2021-05", "2021-09", "2022-01"],
    "projects_count": {"2021-01": 3, "2021-05": 2, "2021-09": 3, "2022-01": 4},
    "budget_total": {"2021-01": 19.5, "2021-05": None, "2021-09": 29.75, "2022-01": 36},
    "budget_not_reported_count": {"2021-01": 1, "2021-05": 2, "2021-09": 0, "2022-01": 1},
    "status_counts": {"2021-01": {"grønn": 1, "gul": 1, "rød": 1},
                      "2021-05": {"grønn": 0, "gul": 1, "rød": 0, "ikke vurdert": 1},
                      "2021-09": {"grønn": 2, "gul": 1, "rød": 0},
                      "2022-01": {"grønn": 2, "gul": 1, "rød": 1}},
    "risk_counts": {"2021-01": {"grønn": 1, "gul": 2, "rød": 0},
                    "2021-05": {"grønn": 1, "gul": 1, "rød": 0},
                    "2021-09": {"grønn": 2, "gul": 0, "rød": 1},
                    "2022-01": {"grønn": 2, "gul": 1, "rød": 1}},
    "joined_count": {"2021-05": 0, "2021-09": 2, "2022-01": 1},
    "left_count": {"2021-05": 1, "2021-09": 1, "2022-01": 0},
}


def test_synthetic_chain_on_disk_by_hand(chain_on_disk, monkeypatch, capsys):
    monkeypatch.setenv("EHP_ROOT", str(chain_on_disk))
    assert cli.main(["figures", "2022-01"]) == 0
    figures = json.loads((chain_on_disk / "outputs" / "2022-01" / "key_figures.json").read_text(encoding="utf-8"))
    assert figures["history"] == EXPECTED_HISTORY
    periods = load_periods("2022-01", reads="chain", root=chain_on_disk)
    assert history.returned_ids(periods.chain[:3]) == [12]  # 12 left at 2021-05 and came back at 2021-09
    assert history.period_summary(periods.chain)["returned"].tolist()[1:] == [0, 1, 0]


# -------------------------------------------------------------------- the analyst's entry point


def test_history_entry_point_is_one_tidy_frame(chain_on_disk):
    df = history_entry("2022-01", root=chain_on_disk)
    assert list(df.columns) == history.CHAIN_COLUMNS
    assert len(df) == 3 + 2 + 3 + 4  # one row per period and project
    assert df.groupby("period", sort=False)["id"].count().to_dict() == EXPECTED_HISTORY["projects_count"]
    assert not df.duplicated(["period", "id"]).any()
    # 11's withheld budget in 2021-01 is not in the frame; 2021-05 reported nothing (NA, never 0)
    assert pd.isna(df[(df["period"] == "2021-01") & (df["id"] == 11)]["budget"].iloc[0])
    totals = df.groupby("period", sort=False)["budget"].sum(min_count=1)
    assert totals["2021-01"] == 19.5 and pd.isna(totals["2021-05"]) and totals["2022-01"] == 36
    assert df["budget_year"].tolist() == [2021] * 8 + [2022] * 4
    assert df.equals(history_entry("2022-01", root=chain_on_disk, cache=False))


def test_history_entry_point_reuses_validated_periods(chain_on_disk, monkeypatch):
    from ehp_analysis import validate

    calls: list[str] = []
    original = validate.validate_folder
    monkeypatch.setattr(validate, "validate_folder",
                        lambda folder, **kw: (calls.append(kw["period"]), original(folder, **kw))[1])
    first = history_entry("2022-01", root=chain_on_disk)
    assert sorted(calls) == ["2021-01", "2021-05", "2021-09", "2022-01"]
    assert history_entry("2022-01", root=chain_on_disk).equals(first)
    assert len(calls) == 4  # the second reading came from .ehp-cache/, validated by the same key
    csv = chain_on_disk / "data" / "2021-05" / "prosjekter.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Beta", "Beta 2"), encoding="utf-8")
    changed = history_entry("2022-01", root=chain_on_disk)
    assert calls[4:] == ["2021-05"]  # only the edited period is read again, and its edit shows
    assert "Beta 2" in changed["name"].tolist()


def test_history_is_exported_by_the_package():
    import ehp_analysis

    assert ehp_analysis.history is history_entry


# ---------------------------------------------------------------------------------------- figures


def test_figures_over_time_draw_every_period(chain):
    import matplotlib.pyplot as plt

    summary = history.period_summary(chain)
    ax, drawn = plots.projects_over_time(summary, ax=plt.subplots()[1])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["juni 2019", "oktober 2019", "januar 2020"]
    assert drawn["label"].tolist() == ["4", "3 (inn 1, ut 2)", "4 (inn 2, herav 1 tilbake; ut 1)"]
    ax, drawn = plots.budget_over_time(summary, ax=plt.subplots()[1])
    assert len(ax.patches) == 2  # 2019-10 reported nothing: no bar, the words instead
    assert drawn["label"].tolist() == ["30,0 (2 uten budsjett)", "ikke rapportert", "22,5 (1 uten budsjett)"]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "juni 2019 (budsjett 2019)"
    ax, drawn = plots.colour_shares_over_time(history.colour_shares(chain, "status"), ax=plt.subplots()[1])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["grønn", "gul", "rød", "ikke vurdert"]
    # every period's segments add up to 100 %
    assert drawn.groupby("period")["share"].sum().round(9).tolist() == [1, 1, 1]


def test_history_figure_readable_with_24_periods():
    from ehp_analysis.synthetic import synthetic_portfolios

    chain = synthetic_portfolios(40, 24, seed=3)
    width, height = plots.history_size(24)
    assert height >= 24 * plots.history.ROW_INCHES  # a row of text per period, never squeezed
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    plots.colour_shares_over_time(history.colour_shares(chain, "risiko"), ax=ax)
    assert len(ax.get_yticklabels()) == 24
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.get_yticklabels()]
    assert all(a.y0 >= b.y1 or b.y0 >= a.y1 for a, b in zip(boxes, boxes[1:]))  # no two labels overlap


def test_alt_texts_over_time(chain):
    summary = history.period_summary(chain)
    assert plots.alt_text("projects_over_time", summary) == (
        "Stolpediagram over antall prosjekter i hver av de 3 periodene fra juni 2019 til januar 2020: fra 4 til 4."
        " I januar 2020 kom 2 inn og 1 gikk ut.")
    assert plots.alt_text("budget_over_time", summary).endswith(
        "Januar 2020 (budsjett 2020): 22,5 mill. kr. Ikke rapportert: oktober 2019.")
    assert "rød risiko" in plots.alt_text("colour_shares_over_time", history.colour_shares(chain, "risiko"))


# ----------------------------------------------------------------------------------------- words


@pytest.mark.parametrize("new, back, expected", [
    (3, 0, "Det er tre nye prosjekter i porteføljen ved denne rapporteringen."),
    (0, 1, "Det er ingen nye prosjekter i porteføljen ved denne rapporteringen, og ett prosjekt er tilbake etter"
           " et opphold."),
    (1, 2, "Det er ett nytt prosjekt i porteføljen ved denne rapporteringen, og to prosjekter er tilbake etter"
           " et opphold."),
])
def test_a_project_back_is_not_called_new(new, back, expected):
    assert text.joined_sentence(new, back) == expected


def test_history_sentences():
    assert text.history_intro_sentence(["2019-10", "2020-01"], [54, 54]) == (
        "Figurene og tabellen viser de to periodene fra oktober 2019 til januar 2020. Porteføljen har 54 prosjekter"
        " nå, like mange som i oktober 2019.")
    assert text.history_intro_sentence(["2019-10", "2020-01", "2020-05"], [54, 60, 3]).endswith(
        "Porteføljen har gått fra 54 til tre prosjekter.")
    assert text.history_budget_years_sentence([2020, 2020]) == ""
    assert "(2019 og 2020)" in text.history_budget_years_sentence([2019, 2020, 2020])
    assert "neste rapportering" in text.history_starts_here_sentence()
    assert text.month_year_short("2019-10") == "okt. 2019"


# A gap in the chain (report.md, "Utvikling over tid"): an interval between consecutive periods longer than twice
# the chain's median interval, in months (year × 12 + month, difference). Worked out by hand per row.
@pytest.mark.parametrize("periods, expected", [
    # intervals 3, 3, 18; median 3; 18 > 6: stated
    (["2019-03", "2019-06", "2019-09", "2021-03"], [("2019-09", "2021-03", 18, 3)]),
    # evenly spaced, 3, 3, 3: nothing
    (["2019-03", "2019-06", "2019-09", "2019-12"], []),
    # 3, 3, 6: six is twice the median, not longer than it
    (["2019-03", "2019-06", "2019-09", "2020-03"], []),
    # 3, 7, 3, 12: median (3 + 7) / 2 = 5; 12 > 10 is a gap, 7 is not
    (["2019-01", "2019-04", "2019-11", "2020-02", "2021-02"], [("2020-02", "2021-02", 12, 5)]),
    # 12, 12, 36, 12, 48 (yearly, two longer breaks): median 12; 36 and 48 > 24
    (["2010-01", "2011-01", "2012-01", "2015-01", "2016-01", "2020-01"],
     [("2012-01", "2015-01", 36, 12), ("2016-01", "2020-01", 48, 12)]),
    # two periods: one interval, its own median
    (["2019-10", "2022-01"], []),
    (["2020-01"], []),
])
def test_gaps_in_the_chain(periods, expected):
    assert [(g.before, g.after, g.months, g.usual) for g in history.gaps(periods)] == expected


@pytest.mark.parametrize("periods, expected", [
    (["2019-03", "2019-06", "2019-09", "2021-03"],
     "Det er 18 måneder mellom september 2019 og mars 2021. Ellers er det som regel tre måneder mellom to perioder."),
    (["2010-01", "2011-01", "2012-01", "2015-01", "2016-01", "2020-01"],
     "Det er 36 måneder mellom januar 2012 og januar 2015. Det er 48 måneder mellom januar 2016 og januar 2020."
     " Ellers er det som regel tolv måneder mellom to perioder."),
    (["2019-01", "2019-02", "2019-03", "2019-06"],  # 1, 1, 3: median one month
     "Det er tre måneder mellom mars 2019 og juni 2019. Ellers er det som regel én måned mellom to perioder."),
    (["2019-01", "2019-04", "2019-11", "2020-02", "2021-02"],  # median 5
     "Det er tolv måneder mellom februar 2020 og februar 2021. Ellers er det som regel fem måneder mellom to"
     " perioder."),
    (["2019-01", "2019-04", "2019-06", "2019-11", "2021-01"],  # 3, 2, 5, 14: median 4; 14 > 8
     "Det er 14 måneder mellom november 2019 og januar 2021. Ellers er det som regel fire måneder mellom to"
     " perioder."),
    (["2019-01", "2019-04", "2019-08", "2019-11", "2021-01"],  # 3, 4, 3, 14: median (3 + 4) / 2 = 3,5; 14 > 7
     "Det er 14 måneder mellom november 2019 og januar 2021. Ellers er det som regel 3,5 måneder mellom to"
     " perioder."),
    (["2019-01", "2019-04", "2019-07", "2019-10"], ""),
])
def test_a_gap_is_stated(periods, expected):
    assert text.history_gaps_sentence(history.gaps(periods)) == expected


def test_bridge_words_say_kommet_til_not_new():
    labels = text.bridge_step_labels(["previous_total", "joined", "total"], returned=True)
    assert labels == ["Budsjett forrige periode", "Nye prosjekter og prosjekter tilbake", "Budsjett denne perioden"]
    assert text.bridge_step_labels(["joined"], returned=False) == ["Nye prosjekter"]


def test_history_labels_are_spelled_right():
    from .spelling import misspelled

    from .test_language import _label_values

    words = _label_values(text.HISTORY_LABELS) + _label_values(text.TILTAK_LABELS)
    assert misspelled([w.replace("{year}", "").replace("{level}", "") for w in words]) == {}


def test_the_documented_example_runs():
    """docs/analytiker.md's Jupyter example, as written, on the embedded chain."""
    import re

    guide = (Path(__file__).resolve().parents[1] / "docs" / "analytiker.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Exploring the history"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    scope: dict = {}
    exec(code, scope)  # noqa: S102 - our own guide
    assert len(scope["df"]) == 108  # 54 projects in each of 2019-10 and 2020-01
