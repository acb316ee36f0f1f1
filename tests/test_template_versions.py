"""Template versions (2020, 2023) and strategy versions (2017-2022 areas, 2023-2030 goals).

input-template.md "Template versions"; report.md "Over the years" (chapter 3 for goals, the key figures
strategy.version, projects.by_goal, projects.supporting_goal, budget.by_goal). Fixture files are written by the
tests; every expected value is worked out by hand from them (the arithmetic is in the comments).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ehp_analysis import template as T
from ehp_analysis.cli import main
from ehp_analysis.parse import CellError, parse_date, parse_goal, parse_goals
from ehp_analysis.reference import load_strategy

# ------------------------------------------------------------------------------------------ fixtures

PROJECTS_2020 = "id,navn,type,ansvarlig_virksomhet,innsatsomrade,fase,status,risiko,statusarsaker,budsjett\n"
PROJECTS_2023 = ("id,navn,type,ansvarlig_virksomhet,strategimal,strategimal_andre,fase,status,risiko,statusarsaker,"
                 "budsjett,planlagt_slutt,prissatt_nytte,ikke_prissatt_nytte\n")

# The chain: three periods in the 2020 template (2017-2022 strategy), then three in the 2023 template.
# Project rows: (id, organisation, area-or-goal column(s), status, budget[, planned end, priced, unpriced]).
CHAIN = {
    "2022-01": ("2020", [
        "1,Journalløftet,program,Helsedirektoratet,1.1,gjennomføring,grønn,grønn,,90",
        "2,Akson,prosjekt,Direktoratet for e-helse,2.1,planlegging,gul,gul,ressurser,40",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,3.1,gjennomføring,grønn,grønn,,25",
        "4,Velferdsteknologi,prosjekt,KS,4.1,konsept,grønn,gul,,10",
    ]),
    "2022-05": ("2020", [
        "1,Journalløftet,program,Helsedirektoratet,1.1,gjennomføring,grønn,grønn,,95",
        "2,Akson,prosjekt,Direktoratet for e-helse,2.1,planlegging,gul,gul,ressurser,45",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,3.1,gjennomføring,grønn,grønn,,25",
        "4,Velferdsteknologi,prosjekt,KS,4.1,konsept,grønn,gul,,10",
        "5,Legemiddelkjeden,prosjekt,Helse Vest RHF,1.2,planlegging,grønn,grønn,,60",
    ]),
    "2022-09": ("2020", [
        "1,Journalløftet,program,Helsedirektoratet,1.1,gjennomføring,gul,grønn,forsinkelser,100",
        "2,Akson,prosjekt,Direktoratet for e-helse,2.1,planlegging,gul,gul,ressurser,50",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,3.1,gjennomføring,grønn,grønn,,30",
        "5,Legemiddelkjeden,prosjekt,Helse Vest RHF,1.2,planlegging,grønn,grønn,,60",
        "6,Digital hjemmeoppfølging,prosjekt,Oslo kommune,4.3,konsept,grønn,grønn,,15",
    ]),
    "2023-01": ("2023", [
        "1,Journalløftet,program,Helsedirektoratet,2,4,gjennomføring,gul,grønn,forsinkelser,100,2025-12-31,250,",
        "2,Akson,prosjekt,Direktoratet for e-helse,2,,planlegging,gul,gul,ressurser,50,,,Bedre samhandling",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,3,,gjennomføring,grønn,grønn,,30,30.06.2024,-12.5,",
        "5,Legemiddelkjeden,prosjekt,Helse Vest RHF,4,,planlegging,grønn,grønn,,60,,,",
        "6,Digital hjemmeoppfølging,prosjekt,Oslo kommune,1,,konsept,grønn,grønn,,15,,,",
        "7,Kodeverk,prosjekt,Helsedirektoratet,5,3,planlegging,grønn,grønn,,8,,,",
    ]),
    "2023-05": ("2023", [
        "1,Journalløftet,program,Helsedirektoratet,2,4,gjennomføring,gul,grønn,forsinkelser,110,2025-12-31,250,",
        "2,Akson,prosjekt,Direktoratet for e-helse,3,,planlegging,gul,gul,ressurser,50,,,",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,4,1|2,gjennomføring,grønn,grønn,,30,30.06.2024,,",
        "4,Velferdsteknologi,prosjekt,KS,1,5,planlegging,grønn,gul,,12,,,",
        "5,Legemiddelkjeden,prosjekt,Helse Vest RHF,4,,planlegging,grønn,grønn,,60,,,",
        "6,Digital hjemmeoppfølging,prosjekt,Oslo kommune,3,2,konsept,grønn,grønn,,15,,,",
    ]),
    # The newest period; its figures are worked out by hand in test_six_period_chain_key_figures.
    "2023-09": ("2023", [
        "1,Journalløftet,program,Helsedirektoratet,2,4,gjennomføring,gul,grønn,forsinkelser,100,2025-12-31,250,",
        "2,Akson,prosjekt,Direktoratet for e-helse,2,,planlegging,gul,gul,ressurser,\"50,5\",,,",
        "3,Helsedata,prosjekt,Folkehelseinstituttet,4,1|2,gjennomføring,grønn,grønn,,,30.06.2024,,",
        "4,Velferdsteknologi,prosjekt,KS,1,5,planlegging,grønn,gul,,20,,,",
        "5,Legemiddelkjeden,prosjekt,Helse Vest RHF,4,,planlegging,grønn,grønn,,unntatt offentlighet,,,",
        "6,Digital hjemmeoppfølging,prosjekt,Oslo kommune,3,2,konsept,grønn,grønn,,30,,,",
    ]),
}


def parameters(period: str, previous: str, template: str, *, strategy: str | None = None) -> str:
    strategy = strategy or T.template_version(template).strategy
    return (f'period: "{period}"\nprevious_period: "{previous}"\ndata_dir: "data/{period}"\n'
            f'budget_year: {period[:4]}\ncutoff: "{period}-15"\ntemplate: "{template}"\nstrategy: "{strategy}"\n'
            f'output_dir: "outputs/{period}"\n')


def write_chain(root: Path, periods=tuple(CHAIN), *, notebooks: bool = False) -> Path:
    """Write the chain's parameters and data (and, for a build, the chapter notebooks) under ``root``."""
    import shutil

    (root / "parameters").mkdir(parents=True, exist_ok=True)
    if notebooks:
        shutil.copytree(Path(__file__).resolve().parents[1] / "notebooks", root / "notebooks", dirs_exist_ok=True)
    else:
        (root / "notebooks").mkdir(exist_ok=True)
    previous = ""
    for period in periods:
        template, rows = CHAIN[period]
        (root / "parameters" / f"{period}.yaml").write_text(parameters(period, previous, template), encoding="utf-8")
        folder = root / "data" / period
        folder.mkdir(parents=True, exist_ok=True)
        header = PROJECTS_2023 if template == "2023" else PROJECTS_2020
        (folder / "prosjekter.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
        previous = period
    return root


@pytest.fixture
def chain_root(tmp_path, monkeypatch):
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    return write_chain(tmp_path)


def figures(root: Path, period: str) -> dict:
    out = root / "outputs" / period / "key_figures.json"
    assert main(["figures", period]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------- versions, declared once


def test_each_version_is_declared_once_with_its_columns():
    v2020, v2023 = T.VERSIONS["2020"], T.VERSIONS["2023"]
    assert v2020.tables is T.TABLES and v2020.project_columns == T.PROJECT_COLUMNS
    names = [c.name for c in v2023.project_columns]
    assert "innsatsomrade" not in names
    by_name = {c.name: c for c in v2023.project_columns}
    # input-template.md: strategimal required int 1-5, the other four optional; everything else unchanged
    assert by_name["strategimal"].required and by_name["strategimal"].kind == "goal"
    assert [by_name[n].required for n in ("strategimal_andre", "planlagt_slutt", "prissatt_nytte",
                                          "ikke_prissatt_nytte")] == [False] * 4
    assert by_name["prissatt_nytte"].may_be_negative and not by_name["budsjett"].may_be_negative
    assert set(names) - {"strategimal", "strategimal_andre", "planlagt_slutt", "prissatt_nytte",
                         "ikke_prissatt_nytte"} == {c.name for c in T.PROJECT_COLUMNS} - {"innsatsomrade"}
    assert v2023.tables["avhengigheter"] == T.DEPENDENCY_COLUMNS and v2023.tables["avsluttede"] == T.LEFT_COLUMNS
    assert v2020.not_collected() == ("strategimal", "strategimal_andre", "planlagt_slutt", "prissatt_nytte",
                                     "ikke_prissatt_nytte")
    assert v2023.not_collected() == ("innsatsomrade",)
    assert (v2020.strategy_kind, v2023.strategy_kind) == (T.AREAS, T.GOALS)
    assert T.template_version(None) is v2020 and T.template_version("") is v2020


def test_the_2023_2030_strategy_ships_with_five_goals_and_its_own_version():
    s = load_strategy("2023-2030")
    assert s.version == "2023-2030" and s.has_goals and s.areas == {} and s.focus_areas == {}
    assert s.goals == {"1": "Aktiv medvirkning i egen og næres helse", "2": "Enklere arbeidshverdag",
                       "3": "Helsedata til fornying og forbedring",
                       "4": "Tilgjengelig informasjon og styrket samhandling",
                       "5": "Samarbeid og virkemidler som styrker gjennomføringskraft"}
    assert not load_strategy("2017-2022").has_goals


@pytest.mark.parametrize("cell, expected", [
    ("2024-06-30", dt.date(2024, 6, 30)),
    ("30.06.2024", dt.date(2024, 6, 30)),
    ("1.7.2024", dt.date(2024, 7, 1)),
    (" 2025-01-05 ", dt.date(2025, 1, 5)),
    ("", None),
])
def test_dates_in_both_spellings(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("31.02.2024", "datoen finnes ikke"),
    ("neste år", "forventet en dato som ÅÅÅÅ-MM-DD (2024-06-30) eller DD.MM.ÅÅÅÅ (30.06.2024)"),
    ("2024/06/30", "forventet en dato som ÅÅÅÅ-MM-DD"),
])
def test_what_is_not_a_date(cell, expected):
    with pytest.raises(CellError) as raised:
        parse_date(cell)
    assert expected in raised.value.expected


def test_goals_are_the_strategys_own():
    goals = load_strategy("2023-2030")
    assert parse_goal("3", goals) == 3 and parse_goal("3.0", goals) == 3 and parse_goal("", goals) is None
    assert parse_goals("1| 4", goals) == (1, 4) and parse_goals("", goals) == ()
    for bad in ("0", "6", "x"):
        with pytest.raises(CellError, match="et heltall 1–5, et av målene i strategien 2023-2030"):
            parse_goal(bad, goals)
    with pytest.raises(CellError, match="ukjent strategisk mål '7'"):
        parse_goals("2|7", goals)
    with pytest.raises(CellError, match="står flere ganger"):
        parse_goals("2|2", goals)


# ------------------------------------------------------------------------------------- loading a 2023 period


def test_a_2023_period_loads_into_the_one_typed_model(chain_root):
    from ehp_analysis import load_period

    p = load_period("2023-01", chain_root)
    assert p.template == "2023" and p.reference.strategy.version == "2023-2030"
    assert p.not_collected == ("innsatsomrade",)
    rows = p.projects.set_index("id")
    assert rows.loc[1, "goal"] == 2 and rows.loc[1, "other_goals"] == (4,) and rows.loc[2, "other_goals"] == ()
    # planlagt_slutt both ways; prissatt_nytte may be negative; innsatsomrade not collected: <NA>
    assert rows.loc[1, "planned_end"] == dt.datetime(2025, 12, 31)
    assert rows.loc[3, "planned_end"] == dt.datetime(2024, 6, 30)
    assert rows.loc[3, "priced_benefits"] == -12.5 and rows.loc[1, "priced_benefits"] == 250
    assert rows.loc[2, "unpriced_benefits"] == "Bedre samhandling"
    assert rows["focus_area"].isna().all() and rows["strategic_area"].isna().all()
    before = load_period("2022-09", chain_root)
    assert before.template == "2020" and before.projects["goal"].isna().all()
    assert before.projects["other_goals"].map(len).sum() == 0


def test_vedlegg_2_leaves_out_what_a_version_does_not_collect(chain_root):
    from ehp_analysis import load_period
    from ehp_analysis.metrics import quality

    fields_2023 = quality.completeness_by_field(load_period("2023-01", chain_root)).set_index("column")
    assert "innsatsomrade" not in fields_2023.index
    # 2023-01: planlagt_slutt given by 1 and 3 -> 4 of 6 not reported; strategimal_andre blank is an answer
    assert fields_2023.loc["planlagt_slutt", "n_not_reported"] == 4
    assert fields_2023.loc["strategimal_andre", "n_not_reported"] == 0
    assert fields_2023.loc["strategimal", "n_not_reported"] == 0
    fields_2020 = quality.completeness_by_field(load_period("2022-09", chain_root))
    assert not set(fields_2020["column"]) & {"strategimal", "strategimal_andre", "planlagt_slutt", "prissatt_nytte",
                                             "ikke_prissatt_nytte"}
    assert "innsatsomrade" in set(fields_2020["column"])


# ------------------------------------------------------------------------------------------- key figures


def test_six_period_chain_key_figures(chain_root):
    kf = figures(chain_root, "2023-09")
    assert kf["strategy"] == {"version": "2023-2030"}
    # 2023-09, main goal (strategimal) per project: 1 -> 2, 2 -> 2, 3 -> 4, 4 -> 1, 5 -> 4, 6 -> 3; none has goal 5.
    assert kf["projects"]["by_goal"] == {"1": 1, "2": 2, "3": 1, "4": 2, "5": 0}
    # Supporting at all (main or strategimal_andre): goal 1: 4 (main), 3 (other) = 2; goal 2: 1, 2 (main),
    # 3, 6 (other) = 4; goal 3: 6 = 1; goal 4: 3, 5 (main), 1 (other) = 3; goal 5: 4 (other) = 1.
    assert kf["projects"]["supporting_goal"] == {"1": 2, "2": 4, "3": 1, "4": 3, "5": 1}
    # Budget of the main-goal projects: goal 1: 20; goal 2: 100 + 50,5 = 150,5; goal 3: 30; goal 4: 3 reports
    # none and 5 is withheld -> nothing reported -> null; goal 5: no main-goal project -> 0.
    assert kf["budget"]["by_goal"] == {"1": 20.0, "2": 150.5, "3": 30.0, "4": None, "5": 0.0}
    assert "by_strategic_area" not in kf["budget"] and "by_focus_area" not in kf["budget"]
    # The previous period (2023-05) uses the same strategy: goal 2 only project 1 (110); goal 3: 2 and 6.
    assert kf["previous"]["strategy"] == {"version": "2023-2030"}
    assert kf["previous"]["projects"]["by_goal"] == {"1": 1, "2": 1, "3": 2, "4": 2, "5": 0}
    assert kf["previous"]["budget"]["by_goal"] == {"1": 12.0, "2": 110.0, "3": 65.0, "4": 90.0, "5": 0.0}


def test_key_figures_across_the_switch(chain_root):
    kf = figures(chain_root, "2023-01")
    assert kf["strategy"]["version"] == "2023-2030" and kf["previous"]["strategy"]["version"] == "2017-2022"
    # 2023-01: goals 2, 2, 3, 4, 1, 5 for ids 1, 2, 3, 5, 6, 7; 1 also supports 4, 7 also supports 3.
    assert kf["projects"]["by_goal"] == {"1": 1, "2": 2, "3": 1, "4": 1, "5": 1}
    assert kf["projects"]["supporting_goal"] == {"1": 1, "2": 2, "3": 2, "4": 2, "5": 1}
    assert kf["budget"]["by_goal"] == {"1": 15.0, "2": 150.0, "3": 30.0, "4": 60.0, "5": 8.0}
    # The previous period keeps its own strategy's figures (areas), and none of the goals'.
    assert kf["previous"]["budget"]["by_strategic_area"] == {"1": 160.0, "2": 50.0, "3": 30.0, "4": 15.0,
                                                             "5": 0.0, "6": 0.0}
    assert "by_goal" not in kf["previous"]["projects"] and "by_goal" not in kf["previous"]["budget"]
    # Counts, budget and status still compare: 6 projects now, 5 before; 7 joined; budget 263 against 255.
    assert kf["projects"]["count"] == 6 and kf["previous"]["projects"]["count"] == 5
    assert kf["projects"]["new_ids"] == [7] and kf["projects"]["left_ids"] == []
    assert kf["budget"]["total"] == 263.0 and kf["budget"]["bridge"]["previous_total"] == 255.0
    older = figures(chain_root, "2022-09")
    assert older["strategy"]["version"] == "2017-2022" and "by_goal" not in older["projects"]


# ------------------------------------------------------------------------------------------- bad input


def _validate(root: Path, period: str, capsys) -> tuple[int, str]:
    code = main(["validate", period])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def _replace(root: Path, period: str, old: str, new: str) -> None:
    path = root / "data" / period / "prosjekter.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, expected", [
    # line 2 is project 1, line 3 project 2 … (line 1 is the header)
    ("1,Journalløftet,program,Helsedirektoratet,2,4,", "1,Journalløftet,program,Helsedirektoratet,7,4,",
     "prosjekter.csv, linje 2, kolonne «strategimal»: verdien «7»: ukjent strategisk mål; forventet et heltall 1–5, "
     "et av målene i strategien 2023-2030"),
    ("1,Journalløftet,program,Helsedirektoratet,2,4,", "1,Journalløftet,program,Helsedirektoratet,0,4,",
     "prosjekter.csv, linje 2, kolonne «strategimal»: verdien «0»: ukjent strategisk mål"),
    ("1,Journalløftet,program,Helsedirektoratet,2,4,", "1,Journalløftet,program,Helsedirektoratet,,4,",
     "prosjekter.csv, linje 2, kolonne «strategimal»: kolonnen er påkrevd og kan ikke stå tom"),
    ("3,Helsedata,prosjekt,Folkehelseinstituttet,3,,", "3,Helsedata,prosjekt,Folkehelseinstituttet,3,1|3,",
     "prosjekter.csv, linje 4, kolonne «strategimal_andre»: verdien «1|3»: gjentar hovedmålet (strategimal 3); "
     "forventet bare de andre målene prosjektet også støtter, skilt med |"),
    ("3,Helsedata,prosjekt,Folkehelseinstituttet,3,,", "3,Helsedata,prosjekt,Folkehelseinstituttet,3,2|9,",
     "prosjekter.csv, linje 4, kolonne «strategimal_andre»: verdien «2|9»: ukjent strategisk mål '9'"),
    ("30.06.2024", "31.06.2024",
     "prosjekter.csv, linje 4, kolonne «planlagt_slutt»: verdien «31.06.2024»: datoen finnes ikke"),
    ("2025-12-31", "snart",
     "prosjekter.csv, linje 2, kolonne «planlagt_slutt»: verdien «snart»: forventet en dato som ÅÅÅÅ-MM-DD"),
])
def test_bad_2023_values_name_file_row_and_column(chain_root, capsys, old, new, expected):
    _replace(chain_root, "2023-01", old, new)
    code, out = _validate(chain_root, "2023-01", capsys)
    assert code == 1
    assert expected in out


def test_every_bad_2023_value_is_reported_at_once(chain_root, capsys):
    _replace(chain_root, "2023-01", "Helsedirektoratet,2,4,", "Helsedirektoratet,6,4,")
    _replace(chain_root, "2023-01", "Folkehelseinstituttet,3,,", "Folkehelseinstituttet,3,3,")
    _replace(chain_root, "2023-01", "30.06.2024", "30.13.2024")
    code, out = _validate(chain_root, "2023-01", capsys)
    assert code == 1 and "3 feil" in out
    assert "kolonne «strategimal»" in out and "kolonne «strategimal_andre»" in out and "kolonne «planlagt_slutt»" in out


def test_an_unknown_template_names_the_parameters_file_and_key(chain_root, capsys):
    file = chain_root / "parameters" / "2023-01.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace('template: "2023"', 'template: "2019"'), encoding="utf-8")
    code, out = _validate(chain_root, "2023-01", capsys)
    assert code == 2
    assert f"{file}, nøkkel template: ukjent malversjon '2019'; kjente versjoner er '2020', '2023'" in out


@pytest.mark.parametrize("template, strategy, needs", [
    ("2023", "2017-2022", "krever en strategi med strategiske mål (som 2023-2030), men strategien '2017-2022'"),
    ("2020", "2023-2030", "krever en strategi med satsningsområder og innsatsområder (som 2017-2022), men "
                          "strategien '2023-2030' (nøkkel strategy/strategy_file) har strategiske mål"),
])
def test_a_template_with_the_wrong_kind_of_strategy_is_a_usage_error(chain_root, capsys, template, strategy, needs):
    period = "2023-01" if template == "2023" else "2022-09"
    file = chain_root / "parameters" / f"{period}.yaml"
    previous = "2022-09" if period == "2023-01" else "2022-05"
    file.write_text(parameters(period, previous, template, strategy=strategy), encoding="utf-8")
    code, out = _validate(chain_root, period, capsys)
    assert code == 2
    assert f"{file}: malen '{template}' (nøkkel template) {needs}" in out


def test_a_2020_header_in_a_2023_period_says_which_template_it_fits(chain_root, capsys):
    file = chain_root / "parameters" / "2022-09.yaml"
    file.write_text(parameters("2022-09", "2022-05", "2023"), encoding="utf-8")
    code, out = _validate(chain_root, "2022-09", capsys)
    assert code == 1
    assert "prosjekter.csv, linje 1, kolonne «strategimal»: kolonnen mangler i overskriftsraden" in out
    assert "Overskriften passer med mal '2020', men perioden bruker mal '2023'" in out


def test_bad_input_changes_nothing_under_outputs(chain_root, capsys):
    """`ehp build` and `ehp figures` refuse before anything is written (no kernel starts: validation comes first)."""
    write_chain(chain_root, notebooks=True)
    kept = chain_root / "outputs" / "2023-01" / "key_figures.json"
    kept.parent.mkdir(parents=True)
    kept.write_text("{}\n", encoding="utf-8")
    _replace(chain_root, "2023-01", "Helsedirektoratet,2,4,", "Helsedirektoratet,9,4,")
    for command in (["build", "2023-01"], ["figures", "2023-01"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "kolonne «strategimal»: verdien «9»" in err and "Traceback" not in err
    file = chain_root / "parameters" / "2023-01.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace('template: "2023"', 'template: "2030"'), encoding="utf-8")
    assert main(["build", "2023-01"]) == 2
    assert "nøkkel template" in capsys.readouterr().err
    assert [p.relative_to(chain_root).as_posix() for p in (chain_root / "outputs").rglob("*")] == [
        "outputs/2023-01", "outputs/2023-01/key_figures.json"]
    assert kept.read_text(encoding="utf-8") == "{}\n"


# -------------------------------------------------------------------------------------------- workbooks


def _workbook(path: Path, header: list[str], rows: list[list]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "prosjekter"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_a_2023_workbook_with_excel_date_and_number_cells(chain_root, capsys):
    from ehp_analysis import load_period

    folder = chain_root / "data" / "2023-01"
    (folder / "prosjekter.csv").unlink()
    header = PROJECTS_2023.strip().split(",")
    rows = [[1, "Journalløftet", "program", "Helsedirektoratet", 2, "4|5", "gjennomføring", "grønn", "grønn", None,
             100, dt.datetime(2025, 12, 31), -3.5, None],
            [2, "Akson", "prosjekt", "Direktoratet for e-helse", 3, None, "planlegging", "gul", "gul", "ressurser",
             50, "30.06.2024", None, "Bedre samhandling"]]
    _workbook(folder / "innrapportering.xlsx", header, rows)
    p = load_period("2023-01", chain_root).projects.set_index("id")
    assert p.loc[1, "planned_end"] == dt.datetime(2025, 12, 31) and p.loc[2, "planned_end"] == dt.datetime(2024, 6, 30)
    assert p.loc[1, "other_goals"] == (4, 5) and p.loc[2, "goal"] == 3 and p.loc[1, "priced_benefits"] == -3.5
    rows[1][11] = "i fjor"   # row 3 of the sheet (row 1 is the header)
    rows[0][4] = 8
    _workbook(folder / "innrapportering.xlsx", header, rows)
    code, out = _validate(chain_root, "2023-01", capsys)
    assert code == 1
    assert "innrapportering.xlsx:prosjekter, rad 3, kolonne «planlagt_slutt»: verdien «i fjor»: forventet en dato" in out
    assert "innrapportering.xlsx:prosjekter, rad 2, kolonne «strategimal»: verdien «8»: ukjent strategisk mål" in out


# --------------------------------------------------------------------------------------------- new period


def test_new_period_converts_a_2020_period_to_the_2023_template(chain_root, capsys):
    import csv

    from openpyxl import load_workbook

    from ehp_analysis.config import load_parameters

    assert main(["new-period", "2023-01", "--from", "2022-09", "--template", "2023", "--force"]) == 0
    params = load_parameters("2023-01", chain_root)
    assert (params.template, params.strategy, params.previous_period) == ("2023", "2023-2030", "2022-09")
    mal = chain_root / "data" / "2023-01" / "mal"
    with (mal / "prosjekter.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows, header = list(reader), reader.fieldnames
    assert header == [c.name for c in T.VERSIONS["2023"].project_columns]
    # What maps is carried over (the 2022-09 projects 1, 2, 3, 5, 6); the main goal is left for the owner.
    assert [r["id"] for r in rows] == ["1", "2", "3", "5", "6"]
    assert rows[4]["navn"] == "Digital hjemmeoppfølging" and rows[4]["ansvarlig_virksomhet"] == "Oslo kommune"
    assert all(r["strategimal"] == "" and r["strategimal_andre"] == "" for r in rows)
    wb = load_workbook(mal / "innrapportering.xlsx")
    ws = wb["prosjekter"]
    sheet_header = [c.value for c in ws[1]]
    assert "innsatsomrade" not in sheet_header
    goal_column = sheet_header.index("strategimal") + 1
    (dv,) = [dv for dv in ws.data_validations.dataValidation
             if any(r.min_col == goal_column for r in dv.sqref.ranges)]
    lists = wb["lister"]
    col = next(c for c in lists[1] if c.value == "prosjekter.strategimal").column
    assert [lists.cell(row=r, column=col).value for r in range(2, 7)] == ["1", "2", "3", "4", "5"]
    assert dv.prompt.startswith("1 Aktiv medvirkning i egen og næres helse; 2 Enklere arbeidshverdag")
    assert "skrev parameters/2023-01.yaml" in capsys.readouterr().out


def test_new_period_keeps_a_2023_period_and_its_goals(chain_root):
    import csv

    from ehp_analysis.config import load_parameters

    assert main(["new-period", "2024-01", "--from", "2023-09"]) == 0
    params = load_parameters("2024-01", chain_root)
    assert (params.template, params.strategy) == ("2023", "2023-2030")
    with (chain_root / "data" / "2024-01" / "mal" / "prosjekter.csv").open(encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert (rows["3"]["strategimal"], rows["3"]["strategimal_andre"]) == ("4", "1|2")
    assert rows["3"]["budsjett"] == "" and rows["3"]["planlagt_slutt"] == ""


def test_new_period_refuses_an_unknown_template(chain_root, capsys):
    assert main(["new-period", "2024-01", "--from", "2023-09", "--template", "2021"]) == 2
    err = capsys.readouterr().err
    assert "--template 2021: ukjent malversjon; kjente versjoner er 2020, 2023" in err
    assert not (chain_root / "parameters" / "2024-01.yaml").exists()
