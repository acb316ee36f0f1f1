"""Reading and validating submissions: the catalogue of malformed inputs and the dialects.

Each malformed case is a small valid period with one thing broken; the expected file, row and
column are worked out by hand from the fixture text below (line 1 is the header).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ehp_analysis.cli import main
from ehp_analysis.problems import WARNING
from ehp_analysis.validate import change_warnings, validate_folder

PROJECTS = """\
id,navn,type,ansvarlig_virksomhet,prosjekteier,innsatsomrade,fase,status,risiko,statusarsaker,budsjett,totalkostnad,gevinstansvarlig
11,EPJ-løftet,program,Direktoratet for e-helse,Siv,1.1,gjennomføring,grønn,grønn,,31.5,400,ja
81,Akson,prosjekt,Direktoratet for e-helse,Christine,1.1,planlegging,gul,gul,ressurser|forsinkelser,40,,nei
145,DigiHelsestasjon,prosjekt,Oslo kommune,Endre,4.1,gjennomføring,grønn,gul,,16.3,20,
"""
DEPENDENCIES = """\
prosjekt_id,avhengighet,avhenger_av_id,kategori,kritikalitet,status,tema
81,HelseID,,Infrastruktur og felleskomponenter,høy,gul,Felleskomponenter i Felles grunnmur
145,EPJ-løftet,11,Tjenester og applikasjoner,middels,grønn,
"""
LEFT = """\
id,veien_videre
3,Går over til forvaltning i Norsk Helsenett HF
"""


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def base_files() -> dict[str, str | bytes]:
    return {"prosjekter.csv": PROJECTS, "avhengigheter.csv": DEPENDENCIES}


def replace_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)


def test_valid_base_period(tmp_path):
    result = validate_folder(write(tmp_path / "p", base_files()), period="2020-01")
    assert result.errors == []
    pf = result.portfolio
    assert pf.projects["id"].tolist() == [11, 81, 145]
    assert pf.projects.loc[pf.projects.id == 145, "owner_group"].item() == "KS/kommunene"
    assert len(pf.dependencies) == 2


def _workbook_bytes(tables: dict[str, str], drop: str | None = None) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, text in tables.items():
        if name == drop:
            continue
        ws = wb.create_sheet(name)
        for line in text.splitlines():
            ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


P = "prosjekter.csv"
D = "avhengigheter.csv"

# (case id, change to the base files, expected file, expected row, expected column)
MALFORMED = [
    ("missing required column", {P: PROJECTS.replace(",risiko", ",risk")}, P, 1, "risiko"),
    ("duplicate id", {P: replace_line(PROJECTS, 3, "81,", "11,")}, P, 3, "id"),
    ("unknown status", {P: replace_line(PROJECTS, 2, "grønn,grønn", "blå,grønn")}, P, 2, "status"),
    ("unknown risk", {P: replace_line(PROJECTS, 3, "gul,gul", "gul,oransje")}, P, 3, "risiko"),
    ("text in number column", {P: replace_line(PROJECTS, 2, "31.5", "ca. 30")}, P, 2, "budsjett"),
    ("negative budget", {P: replace_line(PROJECTS, 4, "16.3", "-16.3")}, P, 4, "budsjett"),
    ("negative total cost", {P: replace_line(PROJECTS, 2, ",400,", ",-400,")}, P, 2, "totalkostnad"),
    ("comma and point in one amount", {P: replace_line(PROJECTS, 2, "31.5", '"1.234,5"')}, P, 2, "budsjett"),
    ("unknown focus area", {P: replace_line(PROJECTS, 4, "4.1", "4.2")}, P, 4, "innsatsomrade"),
    ("unknown organisation", {P: replace_line(PROJECTS, 4, "Oslo kommune", "Bærum kommune")}, P, 4, "ansvarlig_virksomhet"),
    ("dependency to a missing project", {D: DEPENDENCIES.replace("145,EPJ", "999,EPJ")}, D, 3, "prosjekt_id"),
    ("unknown dependency category", {D: DEPENDENCIES.replace("Tjenester og applikasjoner", "Tjenester")}, D, 3, "kategori"),
    ("unknown criticality", {D: DEPENDENCIES.replace(",høy,", ",kritisk,")}, D, 2, "kritikalitet"),
    ("bad ja/nei", {P: replace_line(PROJECTS, 2, ",ja\n", ",kanskje\n")}, P, 2, "gevinstansvarlig"),
    ("unknown type", {P: replace_line(PROJECTS, 2, "program", "portefølje")}, P, 2, "type"),
    ("unknown phase", {P: replace_line(PROJECTS, 3, "planlegging", "idé")}, P, 3, "fase"),
    ("unknown status reason", {P: replace_line(PROJECTS, 3, "ressurser|forsinkelser", "ressurser|vær")}, P, 3, "statusarsaker"),
    ("id not an integer", {P: replace_line(PROJECTS, 4, "145,", "14a,")}, P, 4, "id"),
    ("id zero", {P: replace_line(PROJECTS, 4, "145,", "0,")}, P, 4, "id"),
    ("missing required value", {P: replace_line(PROJECTS, 3, ",Akson,", ",,")}, P, 3, "navn"),
    ("phase not reported", {P: replace_line(PROJECTS, 4, "gjennomføring,grønn", "-,grønn")}, P, 4, "fase"),
    ("dependency project id not an integer", {D: DEPENDENCIES.replace("81,HelseID", "8x,HelseID")}, D, 2, "prosjekt_id"),
    ("dependency missing required column", {D: DEPENDENCIES.replace(",kategori,", ",category,")}, D, 1, "kategori"),
    ("too many fields in a row", {P: replace_line(PROJECTS, 3, ",nei\n", ",nei,x,y\n")}, P, 3, None),
    ("non-UTF-8 file", {P: PROJECTS.replace("EPJ-løftet", "EPJ-l\u00f8ftet").encode("cp1252")}, P, 2, None),
    ("empty file", {P: ""}, P, None, None),
    ("header only", {P: PROJECTS.splitlines()[0] + "\n"}, P, None, None),
    ("csv and workbook both present", {"innrapportering.xlsx": _workbook_bytes({"prosjekter": PROJECTS})},
     P, None, None),
    ("workbook without its prosjekter sheet",
     {P: None, D: None, "innrapportering.xlsx": _workbook_bytes({"avhengigheter": DEPENDENCIES})},
     "innrapportering.xlsx", None, None),
    ("no projects file at all", {P: None}, None, None, None),
    ("workbook cell in a bad row",
     {P: None, D: None,
      "innrapportering.xlsx": _workbook_bytes({"prosjekter": replace_line(PROJECTS, 4, "16.3", "mye")})},
     "innrapportering.xlsx:prosjekter", 4, "budsjett"),
]


@pytest.mark.parametrize("case, change, file, row, column", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_input_is_reported_with_location(tmp_path, capsys, case, change, file, row, column):
    files = base_files()
    for name, content in change.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    folder = write(tmp_path / "2020-01", files)
    code = main(["validate", str(folder)])
    grouped = capsys.readouterr()
    assert code == 1 and "Traceback" not in grouped.out + grouped.err
    # Every problem on its own line, with its row (the grouped listing gives rows as ranges).
    code = main(["validate", str(folder), "--all-rows"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1, text
    assert "Traceback" not in text
    errors = [line for line in text.splitlines() if line.startswith("  ")]
    assert errors, text
    if file is not None:
        assert any(line.strip().startswith(file) for line in grouped.out.splitlines()), grouped.out
        matching = [e for e in errors if e.strip().startswith(file)]
        assert matching, f"no error names {file}: {text}"
        if row is not None:
            word = "rad" if file.endswith("prosjekter") and ":" in file else "linje"
            matching = [e for e in matching if f"{word} {row}" in e]
            assert matching, f"no error names row {row}: {text}"
        if column is not None:
            assert any(f"«{column}»" in e for e in matching), f"no error names column {column}: {text}"


def test_every_problem_is_reported_at_once(tmp_path):
    text = replace_line(PROJECTS, 2, "31.5", "abc")
    text = replace_line(text, 3, "gul,gul", "gul,lilla")
    text = replace_line(text, 4, "Oslo kommune", "Ingen")
    result = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01")
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "budsjett"), (3, "risiko"), (4, "ansvarlig_virksomhet")]
    assert result.portfolio is None


def test_non_utf8_message_says_so(tmp_path):
    folder = write(tmp_path / "p", {P: PROJECTS.encode("cp1252")})
    result = validate_folder(folder, period="2020-01")
    assert any("ikke UTF-8" in e.expected and "Windows-1252" in e.expected for e in result.errors)


@pytest.mark.parametrize("arg", ["2020-1", "2020-13", "20-01", "januar"])
def test_bad_period_name_is_a_usage_error(capsys, arg):
    code = main(["validate", arg])
    err = capsys.readouterr().err
    assert code == 2
    assert "ÅÅÅÅ-MM" in err and "Traceback" not in err


@pytest.mark.parametrize("arg, says", [
    # A path that does not exist is said to be missing, not called a bad period name.
    ("../etc-finnes-ikke", "ehp: Mappen ../etc-finnes-ikke finnes ikke; forventet en mappe med prosjekter.csv eller "
                           "innrapportering.xlsx.\n"),
    ("2020-01/../x", "ehp: Mappen 2020-01/../x finnes ikke; forventet en mappe med prosjekter.csv eller "
                     "innrapportering.xlsx.\n"),
    ("innboks", "ehp: Fant ingen mappe innboks, og innboks er ingen periode (en periode skrives ÅÅÅÅ-MM, for "
                "eksempel 2020-01).\n"),
])
def test_a_folder_that_does_not_exist_is_said_to_be_missing(capsys, arg, says):
    assert main(["validate", arg]) == 2
    assert capsys.readouterr().err == says


def test_a_file_given_for_a_folder_names_its_folder(capsys, tmp_path):
    folder = write(tmp_path / "p", {P: PROJECTS})
    assert main(["validate", str(folder / P)]) == 2
    assert capsys.readouterr().err == (f"ehp: {folder / P} er en fil, ikke en mappe: gi mappen som holder "
                                       f"prosjekter.csv eller innrapportering.xlsx (her {folder}).\n")


def test_cli_process_has_no_traceback_and_exit_1(tmp_path):
    folder = write(tmp_path / "p", {P: replace_line(PROJECTS, 2, "31.5", "abc")})
    proc = subprocess.run([sys.executable, "-m", "ehp_analysis", "validate", str(folder)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "prosjekter.csv, linje 2, kolonne «budsjett»: verdien «abc»" in proc.stdout


# --- warnings: the build goes on -------------------------------------------------------------

def test_yellow_without_reasons_is_a_warning(tmp_path):
    text = replace_line(PROJECTS, 3, "ressurser|forsinkelser", "")
    result = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01")
    assert result.errors == []
    assert [(w.row, w.column) for w in result.warnings] == [(3, "statusarsaker")]
    assert result.portfolio.warnings == tuple(result.warnings)


def test_depends_on_id_outside_portfolio_is_a_warning(tmp_path):
    deps = DEPENDENCIES.replace(",11,", ",3,")
    result = validate_folder(write(tmp_path / "p", {P: PROJECTS, D: deps}), period="2020-01")
    assert result.errors == []
    assert [(w.file, w.row, w.column) for w in result.warnings] == [(D, 3, "avhenger_av_id")]


def test_project_that_left_without_avsluttede_row_is_a_warning(tmp_path):
    folder = write(tmp_path / "p", {P: PROJECTS, "avsluttede.csv": LEFT})
    result = validate_folder(folder, period="2020-01",
                             previous=("2019-10", {3: "Gammel", 4: "Borte", 11: "EPJ-løftet", 81: "Akson", 145: "D"}))
    assert [(w.file, w.column, w.project_id, w.project_name) for w in result.warnings] == [
        ("avsluttede.csv", "id", 4, "Borte")]
    assert str(result.warnings[0]) == (
        "avsluttede.csv, kolonne «id», prosjekt 4 «Borte»: prosjektet var med i forrige periode (2019-10), men "
        "mangler nå og står ikke i avsluttede.csv: gikk det ut, eller er det ikke rapportert? Gikk det ut, legg det "
        "i avsluttede.csv med veien videre; ellers lever det i prosjekter.csv")
    assert result.portfolio.warnings == ()  # the period's own warnings do not depend on the previous period


# --- against the previous period (change_warnings) --------------------------------------------


def test_change_warnings_name_the_project_that_went_missing(make_portfolio, project_row):
    # previous {1, 2, 3}; now {1, 4}; 2 left with an avsluttede row: only 3 is unexplained
    current = make_portfolio("2020-01", [project_row(1), project_row(4)], left=[(2, "Avsluttet")])
    warnings = change_warnings(current, {1: "En", 2: "To", 3: "Tre"}, previous_period="2019-10")
    assert [(w.file, w.row, w.column, w.value, w.severity, w.project_id, w.project_name) for w in warnings] == [
        ("avsluttede.csv", None, "id", None, WARNING, 3, "Tre")]
    assert "prosjekt 3 «Tre»" in str(warnings[0])
    assert "mangler nå og står ikke i avsluttede.csv" in warnings[0].expected


def test_change_warnings_without_avsluttede_do_not_blame_it(make_portfolio, project_row):
    # previous {1, 2, 3}; now {1}; no avsluttede table at all: 2 and 3 are named, in prosjekter.csv
    current = make_portfolio("2020-01", [project_row(1)], files={"prosjekter.csv": "x"})
    warnings = change_warnings(current, {1: "En", 2: "To", 3: None}, previous_period="2019-10")
    assert [(w.file, w.row, w.column, w.value, w.project_id, w.project_name) for w in warnings] == [
        ("prosjekter.csv", None, None, None, 2, "To"), ("prosjekter.csv", None, None, None, 3, None)]
    assert str(warnings[0]) == (
        "prosjekter.csv, prosjekt 2 «To»: prosjektet var med i forrige periode (2019-10), men mangler nå: gikk det "
        "ut, eller er det ikke rapportert? Gikk det ut, lag avsluttede.csv med ID-en og veien videre; ellers lever "
        "det i prosjekter.csv")
    assert str(warnings[1]).startswith("prosjekter.csv, prosjekt 3: ")  # no name to give
    assert all("står ikke i" not in w.expected for w in warnings)


def test_change_warnings_in_a_workbook_say_sheets(make_portfolio, project_row):
    current = make_portfolio("2020-01", [project_row(1)], files={"innrapportering.xlsx": "x"})
    [warning] = change_warnings(current, {1: "En", 2: "To"})
    assert warning.file == "innrapportering.xlsx:prosjekter" and warning.column is None
    assert warning.expected == (
        "prosjektet var med i forrige periode, men mangler nå: gikk det ut, eller er det ikke rapportert? "
        "Gikk det ut, før det opp i arket «avsluttede» med veien videre; ellers lever det i arket «prosjekter»")


def test_change_warnings_name_an_avsluttede_row_that_was_never_there(make_portfolio, project_row):
    # 2 and 3 left as they should; 9 was never in the previous period (nor is it now)
    current = make_portfolio("2020-01", [project_row(1), project_row(4)],
                             left=[(2, "Avsluttet"), (3, "Avsluttet"), (9, "Skrivefeil?")])
    warnings = change_warnings(current, {1: "En", 2: "To", 3: "Tre"})
    assert [(w.column, w.value) for w in warnings] == [("id", 9)]
    assert "var ikke i forrige periode" in warnings[0].expected


def test_change_warnings_point_at_the_avsluttede_line(tmp_path):
    # avsluttede.csv: line 2 is project 3 (in the previous period), line 3 is 9 (never there)
    previous = {3: "C", 11: "EPJ-løftet", 81: "Akson", 145: "DigiHelsestasjon"}
    folder = write(tmp_path / "p", {P: PROJECTS, "avsluttede.csv": LEFT + "9,Feil ID\n"})
    result = validate_folder(folder, period="2020-01", previous=("2019-10", previous))
    assert result.errors == [] and result.portfolio.warnings == ()
    assert [(w.file, w.row, w.column, w.value) for w in result.warnings] == [("avsluttede.csv", 3, "id", 9)]
    assert change_warnings(result.portfolio, previous) == result.warnings


def test_warnings_about_a_project_name_it(tmp_path):
    # line 3: Akson (81) yellow without reasons; avhengigheter line 3: 145 depends on 3 (not here);
    # avsluttede line 2: 11 said to have left, but still here
    text = replace_line(PROJECTS, 3, "ressurser|forsinkelser", "")
    deps = DEPENDENCIES.replace(",11,", ",3,")
    folder = write(tmp_path / "p", {P: text, D: deps, "avsluttede.csv": "id,veien_videre\n11,Forvaltning\n"})
    result = validate_folder(folder, period="2020-01")
    assert [(w.file, w.row, w.column, w.project_id, w.project_name) for w in result.warnings] == [
        (D, 3, "avhenger_av_id", 145, "DigiHelsestasjon"),
        ("avsluttede.csv", 2, "id", 11, "EPJ-løftet"),
        (P, 3, "statusarsaker", 81, "Akson"),
    ]
    assert str(result.warnings[2]).startswith("prosjekter.csv, linje 3, kolonne «statusarsaker», prosjekt 81 «Akson»: ")


# --- dialects ----------------------------------------------------------------------------------

def _as_norwegian_excel(text: str) -> bytes:
    """`;`-separated, decimal comma, BOM: what Norwegian Excel writes."""
    lines = []
    for line in text.splitlines():
        cells = line.split(",")
        cells = [c.replace(".", ",") if c.replace(".", "").isdigit() and c.count(".") == 1 and len(c) > 3 else c
                 for c in cells]
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_norwegian_excel_csv_and_workbook_load_to_identical_frames(tmp_path):
    csv_folder = write(tmp_path / "csv", {P: _as_norwegian_excel(PROJECTS), D: _as_norwegian_excel(DEPENDENCIES)})
    assert b";" in (csv_folder / P).read_bytes() and b"31,5" in (csv_folder / P).read_bytes()
    xlsx_folder = write(tmp_path / "xlsx", {"innrapportering.xlsx": _workbook_bytes(
        {"prosjekter": PROJECTS, "avhengigheter": DEPENDENCIES})})
    a = validate_folder(csv_folder, period="2020-01")
    b = validate_folder(xlsx_folder, period="2020-01")
    assert a.errors == [] and b.errors == []
    pd.testing.assert_frame_equal(a.portfolio.projects, b.portfolio.projects)
    pd.testing.assert_frame_equal(a.portfolio.dependencies, b.portfolio.dependencies)
    assert a.portfolio.projects.loc[0, "budget"] == 31.5


@pytest.mark.parametrize("cell, expected", [
    ("31,5", 31.5), ("31.5", 31.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("2,075", 2.075),
    ("0", 0.0), ("", None), ("-", None), ("–", None),
])
def test_amount_dialects(tmp_path, cell, expected):
    text = replace_line(PROJECTS, 2, "31.5", f'"{cell}"')
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    value = pf.projects.loc[pf.projects.id == 11, "budget"].item()
    assert (pd.isna(value) if expected is None else value == expected)


@pytest.mark.parametrize("marker", ["unntatt offentlighet", "Unntatt Offentlighet", "u.off.", "U.OFF."])
def test_withheld_is_not_reported_and_counted_apart(tmp_path, marker):
    text = replace_line(PROJECTS, 2, "31.5", marker)
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    row = pf.projects.loc[pf.projects.id == 11].iloc[0]
    assert pd.isna(row["budget"]) and bool(row["budget_withheld"]) is True
    assert pf.projects["budget_withheld"].sum() == 1


@pytest.mark.parametrize("written, canonical", [
    ("Gronn", "grønn"), ("GRØNN", "grønn"), ("rod", "rød"), (" Gul ", "gul"),
])
def test_colour_spellings(tmp_path, written, canonical):
    text = replace_line(PROJECTS, 2, "grønn,grønn", f"{written},grønn")
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    assert pf.projects.loc[pf.projects.id == 11, "status"].item() == canonical


# (status, risiko as written; status, risk as typed: None = "ikke vurdert", kept as missing). A withheld rating
# (input-template.md "Withheld ratings") is its own category, never "ikke vurdert" nor a colour.
@pytest.mark.parametrize("status, risk, typed_status, typed_risk", [
    ("-", "grønn", None, "grønn"),
    ("–", "gul", None, "gul"),
    ("", "", None, None),
    ("grønn", "-", "grønn", None),
    (" - ", "–", None, None),
    ("unntatt offentlighet", "grønn", "unntatt offentlighet", "grønn"),
    ("grønn", "U.OFF.", "grønn", "unntatt offentlighet"),
    (" Unntatt Offentlighet ", "u.off.", "unntatt offentlighet", "unntatt offentlighet"),
    ("u.off.", "–", "unntatt offentlighet", None),
])
def test_status_or_risk_not_assessed_or_withheld(tmp_path, status, risk, typed_status, typed_risk):
    text = replace_line(PROJECTS, 2, "grønn,grønn", f"{status},{risk}")
    result = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01")
    assert result.errors == [] and result.warnings == []
    row = result.portfolio.projects.set_index("id").loc[11]
    for value, typed in ((row["status"], typed_status), (row["risk"], typed_risk)):
        assert pd.isna(value) if typed is None else value == typed


WITHHELD_REFUSED = ("«unntatt offentlighet» er bare tillatt i beløpskolonnene og i kolonnene status og risiko i"
                    " prosjekter, ikke i denne kolonnen")


# Where the template allows no withheld value: an error naming file, row, column, value and what is expected.
@pytest.mark.parametrize("table, line, old, new, column, expected", [
    (D, 2, ",gul,", ",unntatt offentlighet,", "status", WITHHELD_REFUSED + "; forventet en av: grønn, gul, rød"),
    (D, 2, ",høy,", ",u.off.,", "kritikalitet", WITHHELD_REFUSED + "; forventet en av: lav, middels, høy"),
    (D, 3, "Tjenester og applikasjoner", "U.off.", "kategori", WITHHELD_REFUSED + "; forventet en av: "
     "Tjenester og applikasjoner, Personvern og informasjonssikkerhet, Standarder, kodeverk og terminologi, "
     "Infrastruktur og felleskomponenter, Regelverk"),
    (P, 3, "planlegging", "unntatt offentlighet", "fase",
     WITHHELD_REFUSED + "; forventet en av: konsept, planlegging, gjennomføring, avslutning"),
    (P, 2, ",ja\n", ",u.off.\n", "gevinstansvarlig", WITHHELD_REFUSED + "; forventet «ja» eller «nei»"),
    (P, 2, "program", "Unntatt offentlighet", "type", WITHHELD_REFUSED + "; forventet en av: prosjekt, program"),
])
def test_withheld_where_the_template_allows_none_is_an_error(tmp_path, table, line, old, new, column, expected):
    files = {P: PROJECTS, D: DEPENDENCIES}
    files[table] = replace_line(files[table], line, old, new)
    result = validate_folder(write(tmp_path / "p", files), period="2020-01")
    [error] = result.errors
    assert (error.file, error.row, error.column) == (table, line, column)
    assert error.expected == expected
    assert error.value == new.strip(",\n")  # the cell as written


REQUIRED = "kolonnen er påkrevd og kan ikke stå tom (heller ikke «-» eller «–»)"


# Other required values cannot be not reported: the message says so, never "unknown value".
@pytest.mark.parametrize("table, line, old, new, column, expected", [
    (P, 3, "planlegging", "-", "fase",
     REQUIRED + "; forventet en av: konsept, planlegging, gjennomføring, avslutning"),
    (P, 3, "planlegging", "–", "fase",
     REQUIRED + "; forventet en av: konsept, planlegging, gjennomføring, avslutning"),
    (P, 3, "planlegging", "", "fase",
     REQUIRED + "; forventet en av: konsept, planlegging, gjennomføring, avslutning"),
    (P, 2, "program", "-", "type", REQUIRED + "; forventet en av: prosjekt, program"),
    (P, 3, ",Akson,", ",-,", "navn", REQUIRED),
    (P, 4, "Oslo kommune", "–", "ansvarlig_virksomhet", REQUIRED),
    (P, 4, "4.1", "-", "innsatsomrade", REQUIRED),
    (P, 4, "145,", "-,", "id", REQUIRED),
    (D, 2, ",gul,", ",-,", "status", REQUIRED + "; forventet en av: grønn, gul, rød"),
])
def test_required_value_not_reported_says_required(tmp_path, table, line, old, new, column, expected):
    files = {P: PROJECTS, D: DEPENDENCIES}
    files[table] = replace_line(files[table], line, old, new)
    if column == "id":
        files.pop(D)  # the dependency on project 145 would be a second error
    result = validate_folder(write(tmp_path / "p", files), period="2020-01")
    [error] = result.errors
    assert (error.file, error.row, error.column) == (table, line, column)
    assert error.expected == expected
    assert error.value == (new.strip(", ") or None)  # the cell as written


def test_organisation_matched_ignoring_case_and_spaces(tmp_path):
    text = replace_line(PROJECTS, 4, "Oslo kommune", "  oslo   Kommune ")
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    assert pf.projects.loc[pf.projects.id == 145, "organisation"].item() == "Oslo kommune"


def test_headers_case_insensitive_and_extra_columns_kept(tmp_path):
    text = PROJECTS.replace("id,navn,type", " ID , Navn ,TYPE", 1)
    text = text.replace(",gevinstansvarlig\n", ",gevinstansvarlig,intern_merknad\n", 1)
    text = replace_line(text, 2, ",ja\n", ",ja,hei\n")
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    assert pf.projects["id"].tolist() == [11, 81, 145]
    assert pf.projects.loc[0, "intern_merknad"] == "hei"


def test_yes_no_one_zero_and_blank_is_not_answered(tmp_path):
    text = replace_line(PROJECTS, 2, ",ja\n", ",1\n")
    text = replace_line(text, 3, ",nei\n", ",0\n")
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    values = pf.projects.set_index("id")["benefit_owner"]
    assert values[11] is True or values[11] == True  # noqa: E712 (nullable boolean)
    assert values[81] == False  # noqa: E712
    assert pd.isna(values[145])


def test_not_reported_stays_distinct_from_zero(tmp_path):
    text = replace_line(PROJECTS, 2, "31.5", "0")       # reported as zero
    text = replace_line(text, 3, ",40,", ",,")            # not reported
    pf = validate_folder(write(tmp_path / "p", {P: text}), period="2020-01").portfolio
    budget = pf.projects.set_index("id")["budget"]
    assert str(budget.dtype) == "Float64"
    assert budget[11] == 0.0 and not pd.isna(budget[11])
    assert pd.isna(budget[81])
    assert budget.isna().sum() == 1
    assert budget.sum(skipna=True) == 16.3  # the sum never treats NA as a reported 0; NA is counted apart


def test_absent_dependency_table_is_marked_not_reported(tmp_path):
    pf = validate_folder(write(tmp_path / "p", {P: PROJECTS}), period="2020-01").portfolio
    assert pf.dependencies_reported is False
    assert len(pf.dependencies) == 0


def test_excel_date_in_focus_area_is_explained(tmp_path):
    import datetime as dt
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "prosjekter"
    rows = [line.split(",") for line in PROJECTS.splitlines()]
    for r in rows:
        ws.append(r)
    ws.cell(row=2, column=6, value=dt.datetime(2020, 1, 1))
    buf = io.BytesIO()
    wb.save(buf)
    result = validate_folder(write(tmp_path / "p", {"innrapportering.xlsx": buf.getvalue()}), period="2020-01")
    assert any(e.row == 2 and e.column == "innsatsomrade" and "dato" in e.expected for e in result.errors)


def test_commentary_texts_are_read(tmp_path):
    folder = write(tmp_path / "p", {P: PROJECTS, "tekst/oppsummering.md": "Hei *verden*"})
    pf = validate_folder(folder, period="2020-01").portfolio
    assert pf.texts == {"oppsummering": "Hei *verden*"}
    assert set(pf.files) == {"prosjekter.csv", "tekst/oppsummering.md"}


def test_a_dash_in_gevinster_is_not_answered_and_empty_is_none_quantified(tmp_path):
    """input-template.md: empty or 0 = quantified none; «-»/«–» = not answered (counted in data quality)."""
    from ehp_analysis.metrics import quality

    header = "id;navn;type;ansvarlig_virksomhet;innsatsomrade;fase;status;risiko;gevinster;epj_kritikalitet\n"
    rows = ("1;A;prosjekt;KS;1.1;konsept;grønn;grønn;-;-\n"
            "2;B;prosjekt;KS;1.1;konsept;grønn;grønn;;–\n"
            "3;C;prosjekt;KS;1.1;konsept;grønn;grønn;0;lav\n"
            "4;D;prosjekt;KS;1.1;konsept;grønn;grønn;–;\n")
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "prosjekter.csv").write_text(header + rows, encoding="utf-8")
    result = validate_folder(folder, period="2020-01")
    assert result.errors == []  # a dash in an optional choice column (epj_kritikalitet) is not reported, not unknown
    p = result.portfolio.projects.set_index("id")
    assert p["benefits_not_answered"].to_dict() == {1: True, 2: False, 3: False, 4: True}
    assert p["epj_criticality"].isna().tolist() == [True, True, False, True]
    table = quality.completeness(result.portfolio)
    assert int(table.loc[table["column"] == "gevinster", "n_not_reported"].sum()) == 2


def _with_programmes(members: dict[int, str]) -> str:
    """PROJECTS with a del_av_program column: ``{id: value}`` (11 is the only programme)."""
    lines = PROJECTS.splitlines()
    out = [lines[0] + ",del_av_program"]
    for line in lines[1:]:
        out.append(line + "," + members.get(int(line.split(",")[0]), ""))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({81: "11", 145: "11"}, []),                                                    # both in programme 11
        ({81: "145"}, [(3, 145, "81 «Akson»", "ID 145 er et prosjekt, ikke et program")]),
        ({145: "999"}, [(4, 999, "145 «DigiHelsestasjon»", "ID 999 er ikke i denne periodens portefølje")]),
        ({11: "11"}, [(2, 11, "11 «EPJ-løftet»", "prosjektet kan ikke være del av seg selv")]),
        ({81: "–"}, []),                                                                 # not reported
    ],
)
def test_del_av_program_must_name_a_programme_of_the_period(tmp_path, members, expected):
    result = validate_folder(write(tmp_path / "p", {P: _with_programmes(members)}), period="2020-01")
    assert result.errors == []
    found = [(w.row, w.value, w.project, w.expected.split(";")[0]) for w in result.warnings
             if w.column == "del_av_program"]
    assert found == expected
    assert all(w.severity == WARNING for w in result.warnings)


def test_del_av_program_is_kept_as_an_integer(tmp_path):
    result = validate_folder(write(tmp_path / "p", {P: _with_programmes({81: "11"})}), period="2020-01")
    programmes = result.portfolio.projects.set_index("id")["programme_id"]
    assert programmes.loc[81] == 11 and pd.isna(programmes.loc[145]) and pd.isna(programmes.loc[11])
