"""Problems grouped for reading: ranges of rows, a few examples, totals first; every row still reachable.

The expected lines are worked out by hand from the fixtures below (line 1 of a CSV is its header, so
project ``i`` stands on line ``i + 1``).
"""

from __future__ import annotations

import csv

import pytest

from ehp_analysis import cli
from ehp_analysis.cli import main
from ehp_analysis.exceptions import DataValidationError
from ehp_analysis.problems import ERROR, WARNING, Problem, group_problems, row_ranges, totals

from .test_validate import write

HEADER = ("id,navn,type,ansvarlig_virksomhet,prosjekteier,innsatsomrade,fase,status,risiko,statusarsaker,"
          "budsjett,totalkostnad,gevinstansvarlig\n")
BAD_BUDGET = {1, 2, 3, 4, 7, 9, 10, 11}  # lines 2–5, 8, 10–12


def two_hundred_without_phase() -> str:
    """200 projects, none with a phase; eight of them with text for a budget ("ca. <id>")."""
    rows = [f"{i},Prosjekt {i},prosjekt,Helsedirektoratet,Kari,1.1,,grønn,grønn,,"
            f"{f'ca. {i}' if i in BAD_BUDGET else '10'},100,ja\n" for i in range(1, 201)]
    return HEADER + "".join(rows)


@pytest.mark.parametrize("rows, limit, expected", [
    ([2, 3, 4, 5, 8, 10, 11, 12], None, "2–5, 8, 10–12"),
    ([12, 8, 2, 5, 4, 3, 11, 10, 3], None, "2–5, 8, 10–12"),   # any order, repeats once
    ([7], None, "7"),
    ([7, 8], None, "7–8"),
    ([], None, ""),
    (list(range(2, 202)), 10, "2–201"),
    (list(range(2, 42, 2)), 10, "2, 4, 6, 8, 10, 12, 14, 16, 18, 20 og 10 rader til"),
    ([1, 3, 4, 5], 1, "1 og 3 rader til"),
    ([1, 3], 1, "1 og 1 rad til"),
])
def test_row_ranges(rows, limit, expected):
    assert row_ranges(rows, limit=limit) == expected


def _p(row, value=None, *, column="fase", expected="verdien mangler; kolonnen må fylles ut", severity=ERROR,
       file="prosjekter.csv", **kw):
    return Problem(file, row, column, value, expected, severity, **kw)


@pytest.mark.parametrize("problems, expected", [
    ([], "ingen feil eller advarsler"),
    ([_p(2)], "1 feil i 1 fil"),
    ([_p(2), _p(3)], "2 feil i 1 fil"),
    ([_p(2, severity=WARNING)], "1 advarsel i 1 fil"),
    ([_p(2), _p(3), _p(4)] + [_p(i, severity=WARNING, file="avhengigheter.csv") for i in range(2, 228)],
     "3 feil og 226 advarsler i 2 filer"),
])
def test_totals(problems, expected):
    assert totals(problems) == expected


@pytest.mark.parametrize("problems, expected", [
    # One problem: as it is, with its line and value.
    ([_p(4, "idé", expected="ukjent verdi")], "prosjekter.csv, linje 4, kolonne «fase»: verdien «idé»: ukjent verdi"),
    # 213 rows without a value: no examples.
    ([_p(r) for r in range(2, 215)],
     "prosjekter.csv, kolonne «fase»: verdien mangler; kolonnen må fylles ut – 213 rader, linje 2–214"),
    # One value in every row.
    ([_p(r, "-", expected="ukjent verdi") for r in (2, 3, 5)],
     "prosjekter.csv, kolonne «fase»: ukjent verdi – 3 rader, linje 2–3, 5; verdien «-»"),
    # Seven distinct values: five shown.
    ([_p(r, v, expected="ukjent verdi") for r, v in zip(range(2, 9), "abcdefg")],
     "prosjekter.csv, kolonne «fase»: ukjent verdi – 7 rader, linje 2–8; "
     "verdiene «a», «b», «c», «d», «e» og 2 andre"),
    # Exactly five: all of them, the last joined with "og".
    ([_p(r, v, expected="ukjent verdi") for r, v in zip(range(2, 7), "abcde")],
     "prosjekter.csv, kolonne «fase»: ukjent verdi – 5 rader, linje 2–6; verdiene «a», «b», «c», «d» og «e»"),
    # A workbook counts rows, not lines.
    ([_p(r, file="innrapportering.xlsx:prosjekter") for r in (2, 3)],
     "innrapportering.xlsx:prosjekter, kolonne «fase»: verdien mangler; kolonnen må fylles ut – 2 rader, rad 2–3"),
    # No value, but a project: the projects are the examples.
    ([_p(r, column="statusarsaker", expected="gul uten årsak", severity=WARNING, project_id=r - 1,
         project_name=f"P{r - 1}") for r in (3, 4)],
     "prosjekter.csv, kolonne «statusarsaker»: gul uten årsak – 2 rader, linje 3–4; "
     "prosjektene 2 «P2» og 3 «P3»"),
    # No row at all: counted as projects.
    ([_p(None, column=None, expected="gikk ut", severity=WARNING, project_id=i, project_name=n)
      for i, n in [(4, "A"), (9, "B"), (12, "C")]],
     "prosjekter.csv: gikk ut – 3 prosjekter; prosjektene 4 «A», 9 «B» og 12 «C»"),
])
def test_a_group_reads_as_one_line(problems, expected):
    groups = group_problems(problems)
    assert [g.summary() for g in groups] == [expected]


def test_groups_are_split_by_severity_file_column_and_kind():
    problems = [_p(2), _p(3, column="type"), _p(4), _p(5, "x", expected="ukjent verdi"),
                _p(6, severity=WARNING), _p(7, file="avhengigheter.csv")]
    groups = group_problems(problems)
    assert [(g.severity, g.file, g.column, g.expected[:6], g.rows) for g in groups] == [
        (ERROR, "prosjekter.csv", "fase", "verdie", [2, 4]),
        (ERROR, "prosjekter.csv", "type", "verdie", [3]),
        (ERROR, "prosjekter.csv", "fase", "ukjent", [5]),
        (WARNING, "prosjekter.csv", "fase", "verdie", [6]),
        (ERROR, "avhengigheter.csv", "fase", "verdie", [7]),
    ]


BUDGET_HINT = "forventet et beløp i mill. kr (f.eks. 31,5); tomt, «-» eller «–» betyr ikke rapportert"


def test_two_hundred_alike_errors_give_a_short_grouped_summary(tmp_path, capsys):
    folder = write(tmp_path / "p", {"prosjekter.csv": two_hundred_without_phase()})
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines() == [
        f"{folder}: 208 feil i 1 fil.",
        "FEIL (208):",
        # line 2 has both; its budget problem is found first (reading), its phase later (rules)
        f"  prosjekter.csv, kolonne «budsjett»: {BUDGET_HINT} – 8 rader, linje 2–5, 8, 10–12; "
        "verdiene «ca. 1», «ca. 2», «ca. 3», «ca. 4», «ca. 7» og 3 andre",
        "  prosjekter.csv, kolonne «fase»: kolonnen er påkrevd og kan ikke stå tom (heller ikke «-» eller «–»); forventet en av: konsept, planlegging, gjennomføring, avslutning – 200 rader, linje 2–201",
        f"Rett feilene og kjør «ehp validate {folder}» på nytt.",
        f"Hver rad for seg: «ehp validate {folder} --all-rows» (eller «--csv FIL» for Excel).",
    ]


def test_all_rows_lists_every_problem(tmp_path, capsys):
    folder = write(tmp_path / "p", {"prosjekter.csv": two_hundred_without_phase()})
    assert main(["validate", str(folder), "--all-rows"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [f"{folder}: 208 feil i 1 fil.", "FEIL (208):"]
    phase = [f"  prosjekter.csv, linje {n}, kolonne «fase»: kolonnen er påkrevd og kan ikke stå tom (heller ikke «-» eller «–»); forventet en av: konsept, planlegging, gjennomføring, avslutning"
             for n in range(2, 202)]
    assert [line for line in lines if "«fase»" in line] == phase
    budget = [line for line in lines if "«budsjett»" in line]
    assert budget[0] == f"  prosjekter.csv, linje 2, kolonne «budsjett»: verdien «ca. 1»: {BUDGET_HINT}"
    assert len(budget) == 8 and len(lines) == 2 + 208 + 1
    assert not any("--all-rows" in line for line in lines)  # nothing left to see


def test_csv_of_every_problem_for_excel(tmp_path, capsys):
    folder = write(tmp_path / "p", {"prosjekter.csv": two_hundred_without_phase()})
    target = tmp_path / "ut" / "problemer.csv"
    assert main(["validate", str(folder), "--csv", str(target)]) == 1
    assert f"Skrev {target}" in capsys.readouterr().out
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Alvorlighet", "Fil", "Rad", "Kolonne", "Prosjekt-ID", "Prosjekt", "Verdi", "Problem"]
    assert len(rows) == 1 + 208
    assert rows[1] == ["feil", "prosjekter.csv", "2", "budsjett", "", "", "ca. 1", BUDGET_HINT]
    assert sum(r[3] == "fase" for r in rows[1:]) == 200


def test_csv_to_a_place_that_cannot_be_written_is_said(tmp_path, capsys):
    folder = write(tmp_path / "p", {"prosjekter.csv": two_hundred_without_phase()})
    (tmp_path / "fil").write_text("", encoding="utf-8")
    code = main(["validate", str(folder), "--csv", str(tmp_path / "fil" / "x.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "kan ikke skrive" in err and "Traceback" not in err


def test_the_builds_error_listing_is_grouped(monkeypatch, capsys):
    problems = [Problem("prosjekter.csv", r, "fase", None, "verdien mangler; kolonnen må fylles ut") for r in range(2, 215)]
    problems.append(Problem("avhengigheter.csv", 3, "kategori", "x", "ukjent verdi"))

    def refuse(*args, **kwargs):
        raise DataValidationError(problems)

    import ehp_analysis.report.build as build

    monkeypatch.setattr(build, "build_periods", refuse)
    assert cli.main(["build", "2020-01"]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        "Innrapporteringen har 214 feil i 2 filer; ingenting er endret under outputs/.",
        "FEIL (214):",
        "  prosjekter.csv, kolonne «fase»: verdien mangler; kolonnen må fylles ut – 213 rader, linje 2–214",
        "  avhengigheter.csv, linje 3, kolonne «kategori»: verdien «x»: ukjent verdi",
        "Kjør «ehp validate 2020-01» for å se feilene og advarslene, og med «--all-rows» for hver rad for seg.",
    ]
