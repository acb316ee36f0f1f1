"""The collection cycle (collection.md): workbooks out per organisation, ``ehp collect`` back in.

Every test works in a copy of a project root holding 2019-10, 2020-01 and 2020-05 as ``ehp new-period 2020-05
--from 2020-01 --per-organisation`` made it. Expected values are read by hand from data/2020-01 (see
collect_support.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ehp_analysis.cli import main
from ehp_analysis.collect.merge import collect
from ehp_analysis.validate import load_period, validate_target

from .collect_support import COL, HELSE_NORD, PERIOD, edit, fresh_inbox, make_root, rewrite_with_formula

NORD, OSLO_FILE, KS_FILE = "Helse_Nord_RHF.xlsx", "Oslo_kommune.xlsx", "KS.xlsx"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return make_root(tmp_path_factory.mktemp("collect-base"))


@pytest.fixture
def root(base, tmp_path, monkeypatch):
    dst = tmp_path / "root"
    shutil.copytree(base, dst)
    monkeypatch.setenv("EHP_ROOT", str(dst))
    return dst


@pytest.fixture
def inbox(root):
    return fresh_inbox(root)


def messages(result, name):
    return [str(p) for p in result.problems[name]]


def read_csv(path: Path, sep: str = ",") -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=sep))


# ------------------------------------------------------------------------------------------------ out


def test_one_prefilled_workbook_per_organisation(root):
    mal = root / "data" / PERIOD / "mal"
    # the ten organisations owning a project in 2020-01, each with a bokmål and a nynorsk form
    owners = ["Direktoratet_for_e-helse.xlsx", "Folkehelseinstituttet.xlsx", "Helse_Midt-Norge_RHF.xlsx", NORD,
              "Helse_Sør-Øst_RHF.xlsx", "Helse_Vest_RHF.xlsx", "Helsedirektoratet.xlsx", "Helseplattformen_AS.xlsx",
              KS_FILE, OSLO_FILE]
    assert sorted(p.name for p in mal.iterdir()) == sorted(
        owners + [name.replace(".xlsx", ".nynorsk.xlsx") for name in owners])
    assert 'frist: "2020-05-15"' in (root / "parameters" / f"{PERIOD}.yaml").read_text(encoding="utf-8")
    wb = load_workbook(mal / NORD)
    assert wb.sheetnames == ["veiledning", "prosjekter", "avhengigheter", "avsluttede", "lister"]
    assert wb["lister"].sheet_state == "hidden" and wb["lister"].protection.sheet
    named = {name: wb[d.attr_text.split("!")[0]][d.attr_text.split("!")[1].replace("$", "")].value
             for name, d in wb.defined_names.items()}
    assert named == {"ehp_periode": "2020-05", "ehp_virksomhet": "Helse Nord RHF", "ehp_frist": "15. mai 2020",
                     "ehp_mal": "2020"}
    ws = wb["prosjekter"]
    assert [ws[f"A{r}"].value for r in (2, 3, 4)] == HELSE_NORD and ws["A5"].value is None
    # 101 as 2020-01 reported it: gul/rød, budget 0.98, its risk comment left out (it describes the new period)
    assert [ws[f"{COL[c]}2"].value for c in ("navn", "status", "risiko", "budsjett", "statusarsaker",
                                              "risikokommentar", "gevinstansvarlig")] == [
        "Robust Mobilt Helsenett", "gul", "rød", 0.98, "leverandør|kvalitet", None, "nei"]
    assert ws.freeze_panes == "C2" and ws.protection.sheet and not ws.protection.insertRows
    assert ws["A1"].protection.locked and not ws["A2"].protection.locked
    assert not ws.column_dimensions["A"].protection.locked  # rows the owner adds are unlocked too
    assert ws["F2"].number_format == "@"  # 5.1 stays a code
    header = [c.value for c in ws[1]]
    validated = {header[r.min_col - 1] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    assert {"type", "ansvarlig_virksomhet", "innsatsomrade", "fase", "status", "risiko", "statusarsaker",
            "gevinstansvarlig", "epj_kritikalitet", "forutsetning_kommune"} <= validated
    deps = wb["avhengigheter"]
    # Helse Nord's dependencies in 2020-01: 101 (2), 167 (1), 168 (2), in file order
    assert [deps[f"A{r}"].value for r in range(2, deps.max_row + 1)] == [101, 101, 167, 168, 168]
    assert [c.value for c in wb["avsluttede"][1]] == ["id", "veien_videre"] and wb["avsluttede"].max_row == 1
    helps = [c.value for c in wb["veiledning"]["D"] if c.value]
    assert "Budsjett for budsjettåret i millioner kroner. Tom betyr ikke rapportert, ikke null." in helps


def test_a_bad_deadline_is_a_usage_error(tmp_path, capsys):
    shutil.copytree(Path(__file__).resolve().parents[1] / "parameters", tmp_path / "parameters",
                    ignore=shutil.ignore_patterns("2020-05*"))
    (tmp_path / "notebooks").mkdir()
    assert main(["new-period", "2020-05", "--from", "2020-01", "--per-organisation", "--frist", "15.05.2020"]) == 2
    assert "--frist: forventet en dato «ÅÅÅÅ-MM-DD», fikk '15.05.2020'." in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ back


def test_the_workbooks_as_sent_give_the_previous_period_back(root, inbox, capsys):
    assert main(["collect", PERIOD, str(inbox)]) == 0
    out = capsys.readouterr().out
    assert "ehp collect 2020-05: 10 innleveringer." in out
    assert "  Helse_Nord_RHF.xlsx (Helse Nord RHF): prosjekter 3 rader, avhengigheter 5 rader, avsluttede 0 rader – OK" \
        in out
    data = root / "data" / PERIOD
    before = {r["id"]: r for r in read_csv(root / "data" / "2020-01" / "prosjekter.csv")}
    after = {r["id"]: r for r in read_csv(data / "prosjekter.csv")}
    assert after.keys() == before.keys() and len(after) == 54
    for pid, row in after.items():
        expected = dict(before[pid], statuskommentar="", risikokommentar="")
        assert load_period(PERIOD, root).projects.set_index("id").loc[int(pid), "name"] == row["navn"]
        for column in ("navn", "status", "risiko", "innsatsomrade", "statusarsaker"):
            assert row[column] == expected[column], (pid, column)
        assert float(row["budsjett"] or "nan") == pytest.approx(float(expected["budsjett"] or "nan"), nan_ok=True)
    assert len(read_csv(data / "avhengigheter.csv")) == 129
    assert (data / "ikke_levert.csv").read_text(encoding="utf-8") == "id,navn,ansvarlig_virksomhet,grunn\n"
    record = read_csv(data / "innsamling.csv", ";")
    assert len(record) == 10 and {r["tatt_med"] for r in record} == {"ja"}
    assert [r for r in record if r["fil"] == NORD][0]["prosjekter"] == "3"
    assert validate_target(PERIOD).errors == []
    assert not (data / "innsamling-forsok.csv").exists()
    assert sorted(p.name for p in (data / "tilbakemelding").iterdir())[:4] == [
        "Direktoratet_for_e-helse.html", "Direktoratet_for_e-helse.nynorsk.html", "Folkehelseinstituttet.html",
        "Folkehelseinstituttet.nynorsk.html"]


def owner_edits(inbox: Path) -> None:
    """What the owners change: a status, a budget typed as text, a new project, a project finished (deleted
    from prosjekter, with its dependencies, and put in avsluttede), and a budget as a calculated formula."""
    def nord(wb):
        ws = wb["prosjekter"]
        ws["H4"] = "rød"                                  # 168 gul -> rød
        ws["V4"] = "Finansieringen for 2020 er ikke avklart"
        ws["K2"] = "1 234,5"                              # 101: 0.98 -> 1 234,5, typed as text
        ws.append([501, "Nytt prosjekt i nord", "prosjekt", "Helse Nord RHF", "Kari Nord", "4.1", "konsept",
                   "grønn", "grønn", None, 12, 40])
    edit(inbox / NORD, nord)

    def oslo(wb):
        ws = wb["prosjekter"]
        assert ws["A3"].value == 172
        ws.delete_rows(3)
        deps = wb["avhengigheter"]
        for r in range(deps.max_row, 1, -1):
            if deps.cell(r, 1).value == 172:
                deps.delete_rows(r)
        wb["avsluttede"].append([172, "Videreført i drift hos Oslo kommune"])
    edit(inbox / OSLO_FILE, oslo)
    # Helsedirektoratet's first project: its budget as a formula Excel has calculated (cached 42.5)
    rewrite_with_formula(inbox / "Helsedirektoratet.xlsx", "prosjekter", "K2", "=20+22.5", 42.5)


def test_a_round_trip_as_the_owners_do_it(root, inbox):
    owner_edits(inbox)
    hdir = load_workbook(inbox / "Helsedirektoratet.xlsx", read_only=True)["prosjekter"]["A2"].value
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 0, {k: v for k, v in result.problems.items() if v}
    assert validate_target(PERIOD).errors == []
    now = load_period(PERIOD, root)
    p = now.projects.set_index("id")
    assert p.loc[168, "status"] == "rød" and p.loc[168, "status_comment"] == "Finansieringen for 2020 er ikke avklart"
    assert p.loc[101, "budget"] == 1234.5
    assert p.loc[hdir, "budget"] == 42.5
    assert p.loc[501, "name"] == "Nytt prosjekt i nord"
    assert 172 not in p.index and list(now.left["id"]) == [172]
    assert len(now.projects) == 54  # 54 − 172 + 501
    assert len(now.not_delivered) == 0


# ------------------------------------------------------------------------------------------ malformed


def _formula_without_value(inbox):
    edit(inbox / NORD, lambda wb: wb["prosjekter"].__setitem__("K2", "=1+1"))


def _merged(inbox):
    edit(inbox / NORD, lambda wb: wb["prosjekter"].merge_cells("G2:G3"))


def _encrypted(inbox):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = (inbox / NORD).read_bytes()
    with (inbox / NORD).open("wb") as out:
        OOXMLFile(io.BytesIO(plain)).encrypt("hemmelig", out)


def _csv_named_xlsx(inbox):
    (inbox / NORD).write_text("id;navn;type\n101;Robust Mobilt Helsenett;prosjekt\n", encoding="utf-8")


def _zip_of_something_else(inbox):
    with zipfile.ZipFile(inbox / NORD, "w") as zf:
        zf.writestr("rapport.txt", "ikke en arbeidsbok")


def _renamed_sheet(inbox):
    edit(inbox / NORD, lambda wb: setattr(wb["avhengigheter"], "title", "Avh 2020"))


def _other_period(inbox):
    edit(inbox / NORD, lambda wb: wb["veiledning"].__setitem__("B3", "2020-01"))


def _date_in_number_column(inbox):
    edit(inbox / NORD, lambda wb: wb["prosjekter"].__setitem__("K2", dt.date(2020, 5, 1)))


def _xls(inbox):
    (inbox / "Gammel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


SHEETS = "«veiledning», «prosjekter», «Avh 2020», «avsluttede», «lister»"
MALFORMED = {
    "formula without a cached value": (_formula_without_value, NORD,
        "Helse_Nord_RHF.xlsx, prosjekter!K2, kolonne «budsjett»: verdien «=1+1»: formelen har ingen lagret verdi;"
        " åpne arbeidsboken i Excel, la den regne ut og lagre den på nytt (eller skriv inn verdien i stedet for"
        " formelen)"),
    "merged cells in the data area": (_merged, NORD,
        "Helse_Nord_RHF.xlsx, prosjekter!G2:G3, kolonne «fase»: sammenslåtte celler (G2:G3) i dataområdet; del dem"
        " opp igjen (Flett og midtstill av) og fyll ut hver celle, ellers står verdien bare i den første"),
    "an encrypted workbook": (_encrypted, NORD,
        "Helse_Nord_RHF.xlsx: arbeidsboken er passordbeskyttet (kryptert) og kan ikke leses; fjern passordet i"
        " Excel (Fil > Info > Beskytt arbeidsbok > Krypter med passord, tøm feltet) og send den på nytt"),
    "a CSV file named .xlsx": (_csv_named_xlsx, NORD,
        "Helse_Nord_RHF.xlsx: filen heter .xlsx, men er en tekstfil (CSV); åpne den i Excel og lagre som"
        " «Excel-arbeidsbok (.xlsx)», eller legg den som prosjekter.csv i en egen mappe"),
    "a zip of something else": (_zip_of_something_else, NORD,
        "Helse_Nord_RHF.xlsx: filen heter .xlsx, men er en ZIP-fil med andre filer (rapport.txt); lagre den i"
        " Excel som «Excel-arbeidsbok (.xlsx)» og send den på nytt"),
    "a renamed sheet": (_renamed_sheet, NORD,
        f"Helse_Nord_RHF.xlsx: arbeidsboken mangler arket «avhengigheter»; fant arkene {SHEETS}. Gi arket navnet"
        " «avhengigheter» igjen (arkene må hete som i malen)"),
    "a workbook for another period": (_other_period, NORD,
        "Helse_Nord_RHF.xlsx, veiledning!B3: verdien «2020-01»: arbeidsboken er for perioden 2020-01, ikke"
        " 2020-05; fyll ut arbeidsboken som er sendt ut for 2020-05"),
    "a date cell in a number column": (_date_in_number_column, NORD,
        "Helse_Nord_RHF.xlsx, prosjekter!K2, kolonne «budsjett», prosjekt 101 «Robust Mobilt Helsenett»: verdien"
        " «2020-05-01»: cellen er formatert som dato (2020-05-01), men kolonnen skal ha et beløp i mill. kr; Excel"
        " gjør for eksempel 1.5 om til 1. mai. Formater cellen som tall og skriv verdien på nytt"),
    "an .xls file": (_xls, "Gammel.xls",
        "Gammel.xls: filen er en gammel Excel-fil (.xls); lagre den i Excel som «Excel-arbeidsbok (.xlsx)» og send"
        " den på nytt"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_submission_is_an_error_of_its_own(root, inbox, case):
    spoil, name, expected = MALFORMED[case]
    spoil(inbox)
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 1 and not result.merged
    assert expected in messages(result, name), messages(result, name)
    others = [s for s in result.submissions if s.name != name]
    assert all(s.errors == 0 for s in others)  # nobody else pays for it


def test_the_same_id_in_two_files_names_both(root, inbox):
    # Helse Nord adds a row with 165, KS's project (its only row: KS.xlsx, prosjekter!A2)
    edit(inbox / NORD, lambda wb: wb["prosjekter"].append(
        [165, "Nasjonalt prosjekt DigiHelse", "prosjekt", "Helse Nord RHF", None, "4.1", "gjennomføring", "gul",
         "gul", "ressurser"]))
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 1
    assert ("Helse_Nord_RHF.xlsx, prosjekter!A5, kolonne «id», prosjekt 165 «Nasjonalt prosjekt DigiHelse»: verdien"
            " «165»: ID-en står også i KS.xlsx, prosjekter!A2; hver ID skal stå én gang i perioden, i innleveringen"
            " fra den som eier prosjektet") in messages(result, NORD)
    # KS owned 165 in 2020-01: for KS the copy is a warning, the error is Helse Nord's (collection.md, "Whose data")
    assert ("KS.xlsx, prosjekter!A2, kolonne «id», prosjekt 165 «Nasjonalt prosjekt DigiHelse»: verdien «165»: ID-en"
            " står også i Helse_Nord_RHF.xlsx, prosjekter!A5, men prosjektet var deres i forrige periode; det er den"
            " andre innleveringen som må rettes") in messages(result, KS_FILE)
    assert [s.errors for s in result.submissions if s.name == KS_FILE] == [0]
    # and that KS owned it in 2020-01 is a warning for Helse Nord
    assert ("Helse_Nord_RHF.xlsx, prosjekter!A5, kolonne «id», prosjekt 165 «Nasjonalt prosjekt DigiHelse»: verdien"
            " «165»: prosjektet var KSs i forrige periode (2020-01), men er levert av Helse Nord RHF; er ansvaret"
            " flyttet, er det i orden") in messages(result, NORD)
    # and --partial never leaves the owner out because another file copied its id
    partial = collect(PERIOD, inbox, root=root, partial=True)
    assert partial.left_out == [NORD] and KS_FILE not in partial.left_out
    assert "165" in [r["id"] for r in read_csv(root / "data" / PERIOD / "prosjekter.csv")]


def test_lock_hidden_and_other_files_are_ignored(root, inbox, capsys):
    (inbox / "~$Helse_Nord_RHF.xlsx").write_bytes(b"\x0bkari")
    (inbox / ".DS_Store").write_bytes(b"\0\0")
    (inbox / "følgebrev.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "notater").mkdir()
    assert main(["collect", PERIOD, str(inbox)]) == 0
    out = capsys.readouterr().out
    assert "10 innleveringer, 4 filer ignorert." in out
    for line in ("  ignorert: ~$Helse_Nord_RHF.xlsx (Office-låsefil (arbeidsboken var åpen da den ble kopiert))",
                 "  ignorert: .DS_Store (skjult fil)", "  ignorert: følgebrev.pdf (ikke en innlevering (.pdf))",
                 "  ignorert: notater/ (mappen har ingen prosjekter.csv)"):
        assert line in out
    assert (inbox / "~$Helse_Nord_RHF.xlsx").read_bytes() == b"\x0bkari"  # nothing in the inbox is touched


def test_an_organisation_that_delivers_nothing(root, inbox, capsys):
    (inbox / KS_FILE).unlink()
    assert main(["collect", PERIOD, str(inbox)]) == 0
    out = capsys.readouterr().out
    assert "Ingen innlevering fra: KS." in out
    assert ("  ikke_levert.csv, prosjekt 165 «Nasjonalt prosjekt DigiHelse»: ikke levert fra KS (virksomheten har"
            " ikke levert noe); regnes ikke som avsluttet og er ikke med i budsjettbroen\n") in out
    # Oslo's 172 depends on 165: told that it was not delivered, not that the id may be wrong
    assert ("  Oslo_kommune.xlsx, avhengigheter!C5, kolonne «avhenger_av_id», prosjekt 172 «Digihelse fase 2»: verdien"
            " «165»: prosjektet ID-en viser til, er ikke levert denne perioden (det står i ikke_levert.csv)\n") in out
    data = root / "data" / PERIOD
    assert read_csv(data / "ikke_levert.csv") == [{"id": "165", "navn": "Nasjonalt prosjekt DigiHelse",
                                                   "ansvarlig_virksomhet": "KS",
                                                   "grunn": "ingen innlevering fra virksomheten"}]
    result = validate_target(PERIOD)
    assert result.errors == [] and not any(p.project_id == 165 for p in result.warnings)  # not "left"
    now = load_period(PERIOD, root)
    assert list(now.not_delivered["id"]) == [165] and 165 not in now.ids


def test_a_missing_project_is_not_delivered_and_its_owner_is_told(root, inbox):
    edit(inbox / OSLO_FILE, lambda wb: wb["prosjekter"].delete_rows(3))  # 172 gone, no avsluttede row
    edit(inbox / OSLO_FILE, lambda wb: [wb["avhengigheter"].delete_rows(r) for r in
                                        range(wb["avhengigheter"].max_row, 1, -1)
                                        if wb["avhengigheter"].cell(r, 1).value == 172])
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 0
    assert result.roster == [{"id": 172, "name": "Digihelse fase 2", "organisation": "Oslo kommune",
                              "reason": "missing"}]
    page = (root / "data" / PERIOD / "tilbakemelding" / "Oslo_kommune.html").read_text(encoding="utf-8")
    assert "Prosjekter som ingen har levert (1)" in page and "<td>172</td><td>Digihelse fase 2</td>" in page


def spoil_ks(inbox):
    edit(inbox / KS_FILE, lambda wb: wb["prosjekter"].__setitem__("G2", "ferdig"))  # an unknown phase


def test_one_bad_workbook_changes_no_merged_file(root, inbox, capsys):
    assert main(["collect", PERIOD, str(inbox)]) == 0
    data = root / "data" / PERIOD
    merged = {name: (data / name).read_bytes() for name in
              ("prosjekter.csv", "avhengigheter.csv", "avsluttede.csv", "ikke_levert.csv", "innsamling.csv")}
    capsys.readouterr()
    spoil_ks(inbox)
    assert main(["collect", PERIOD, str(inbox)]) == 1
    out = capsys.readouterr().out
    assert ("KS.xlsx, prosjekter!G2, kolonne «fase», prosjekt 165 «Nasjonalt prosjekt DigiHelse»: verdien «ferdig»:"
            " ukjent verdi; forventet en av: konsept, planlegging, gjennomføring, avslutning") in out
    assert "Ingenting er slått sammen: 1 innlevering har feil (1 feil i 1 fil)." in out
    assert {name: (data / name).read_bytes() for name in merged} == merged
    attempt = read_csv(data / "innsamling-forsok.csv", ";")
    assert [(r["fil"], r["feil"], r["tatt_med"]) for r in attempt if r["fil"] == KS_FILE] == [(KS_FILE, "1", "nei")]
    page = (data / "tilbakemelding" / "KS.html").read_text(encoding="utf-8")
    assert "<td><code>prosjekter!G2</code></td><td>fase</td><td>ferdig</td>" in page
    assert "Innleveringen har én feil som må rettes" in page


def test_partial_merges_the_clean_part(root, inbox, capsys):
    spoil_ks(inbox)
    assert main(["collect", PERIOD, str(inbox), "--partial"]) == 0
    out = capsys.readouterr().out
    assert "Utkast (--partial): 9 av 10 innleveringer er slått sammen; holdt utenfor: KS.xlsx." in out
    data = root / "data" / PERIOD
    assert read_csv(data / "ikke_levert.csv") == [{"id": "165", "navn": "Nasjonalt prosjekt DigiHelse",
                                                   "ansvarlig_virksomhet": "KS",
                                                   "grunn": "innleveringen er holdt utenfor fordi den har feil"}]
    record = {r["fil"]: r["tatt_med"] for r in read_csv(data / "innsamling.csv", ";")}
    assert record[KS_FILE] == "nei" and sum(v == "ja" for v in record.values()) == 9
    assert len(read_csv(data / "prosjekter.csv")) == 53
    now = load_period(PERIOD, root)
    assert list(now.not_delivered["reason"]) == ["left_out"]


def test_every_row_read_is_merged_or_named(root, inbox):
    spoil_ks(inbox)
    owner_edits(inbox)
    result = collect(PERIOD, inbox, root=root, partial=True)
    read = sum(sum(s.rows.values()) for s in result.submissions)
    merged = sum(len(read_csv(root / "data" / PERIOD / f"{t}.csv")) for t in ("prosjekter", "avhengigheter",
                                                                                "avsluttede"))
    ks = [s for s in result.submissions if s.name == KS_FILE][0]
    note = [str(p) for p in result.problems[KS_FILE] if "holdt utenfor" in p.expected]
    # KS's 1 project and 2 dependencies are named by the note, every other row is merged
    assert note == ["KS.xlsx: innleveringen har feil og er holdt utenfor perioden (--partial); ingen av radene er"
                    " tatt med: prosjekter rad 2; avhengigheter rad 2–3"]
    assert read == merged + sum(ks.rows.values()) and sum(ks.rows.values()) == 3


def test_hostile_text_is_escaped_in_the_feedback(root, inbox):
    edit(inbox / NORD, lambda wb: (wb["prosjekter"].__setitem__("B2", "<script>alert(1)</script>"),
                                   wb["prosjekter"].__setitem__("G2", "<b>fet</b>")))
    collect(PERIOD, inbox, root=root)
    page = (root / "data" / PERIOD / "tilbakemelding" / "Helse_Nord_RHF.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;fet&lt;/b&gt;" in page
    assert "http" not in page.replace("http-equiv", "")  # nothing loaded from elsewhere


def test_a_folder_of_csv_files_is_a_submission(root, inbox):
    (inbox / KS_FILE).unlink()
    folder = inbox / "ks"
    folder.mkdir()
    (folder / "prosjekter.csv").write_text(
        "id;navn;type;ansvarlig_virksomhet;innsatsomrade;fase;status;risiko;statusarsaker;budsjett\n"
        "165;Nasjonalt prosjekt DigiHelse;prosjekt;KS;4.1;gjennomføring;gul;gul;ressurser;2,5\n"
        "166;Nytt i KS;prosjekt;KS;4.1;konsept;grønn;grønn;;abc\n", encoding="utf-8")
    result = collect(PERIOD, inbox, root=root)
    assert messages(result, "ks/") == [
        "ks/prosjekter.csv, linje 3, kolonne «budsjett», prosjekt 166 «Nytt i KS»: verdien «abc»: forventet et beløp i"
        " mill. kr (f.eks. 31,5); tomt, «-» eller «–» betyr ikke rapportert"]
    assert [s.organisations for s in result.submissions if s.name == "ks/"] == [("KS",)]


def test_an_empty_inbox_and_a_missing_one(root, tmp_path, capsys):
    empty = tmp_path / "tom"
    empty.mkdir()
    assert main(["collect", PERIOD, str(empty)]) == 1
    assert "innboksen har ingen innleveringer" in capsys.readouterr().out
    assert main(["collect", PERIOD, str(tmp_path / "finnes-ikke")]) == 2
    assert main(["collect", "2020-5", str(empty)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_a_sheet_at_the_row_limit_is_read_and_counted(root, inbox, capsys):
    # the shipped limit is 10,000 rows per sheet (reference/collection-limits.yaml): a header and 9,999 rows
    import xlsxwriter

    book = xlsxwriter.Workbook(inbox / "Stor.xlsx")
    ws = book.add_worksheet("prosjekter")
    ws.write_row(0, 0, ["id", "navn", "type", "ansvarlig_virksomhet", "innsatsomrade", "fase", "status", "risiko",
                        "statusarsaker", "budsjett"])
    for i in range(9_999):
        ws.write_row(i + 1, 0, [100_000 + i, f"Prosjekt {i}", "prosjekt", "Helse Vest RHF", "1.1", "konsept",
                                "grønn", "gul", "", 1.5])
    ws.write(10_000, 1, "")  # a trailing empty cell: trailing empty rows are not rows
    book.close()
    assert main(["collect", PERIOD, str(inbox)]) == 0
    out = capsys.readouterr().out
    assert "  Stor.xlsx (Helse Vest RHF): prosjekter 9\u00a0999 rader – OK" in out
    assert len(read_csv(root / "data" / PERIOD / "prosjekter.csv")) == 54 + 9_999


def test_a_row_of_another_organisation_than_the_guide_names_is_a_warning(root, inbox):
    edit(inbox / NORD, lambda wb: wb["prosjekter"].__setitem__("D3", "helse vest rhf"))  # 167, any case
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 0
    assert ("Helse_Nord_RHF.xlsx, prosjekter!D3, kolonne «ansvarlig_virksomhet», prosjekt 167 «FRESK»: verdien"
            " «helse vest rhf»: arbeidsboken er for Helse Nord RHF (veiledning!B4), men raden har en annen"
            " virksomhet; er prosjektet flyttet, er det i orden") in messages(result, NORD)
    assert [s.organisations for s in result.submissions if s.name == NORD] == [("Helse Nord RHF",)]


@pytest.mark.parametrize("content, expected", [
    (None, "filen heter .xlsx, men er et Word-dokument; lagre den i Excel som «Excel-arbeidsbok (.xlsx)» og send"
           " den på nytt"),
    (b"", "filen er tom; lagre den i Excel som «Excel-arbeidsbok (.xlsx)» og send den på nytt"),
    (b"\x89PNG\r\n\x1a\n\0\0", "filen heter .xlsx, men er ikke en Excel-arbeidsbok; lagre den i Excel som"
                               " «Excel-arbeidsbok (.xlsx)» og send den på nytt"),
])
def test_what_a_file_named_xlsx_really_is(tmp_path, content, expected):
    from ehp_analysis.collect.inbox import sniff

    path = tmp_path / "x.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    assert sniff(path) == expected


def test_an_excel_serial_number_in_a_date_column_is_a_date():
    from openpyxl.utils.datetime import WINDOWS_EPOCH

    from ehp_analysis.collect.inbox import _as_text

    # 45413 days after 1899-12-30 is 2024-05-01 (Excel's serial date)
    assert _as_text(45413, "date", WINDOWS_EPOCH) == "2024-05-01"
    assert _as_text(45413, "amount", WINDOWS_EPOCH) == "45413"
    assert _as_text(dt.datetime(2024, 5, 1), "date", WINDOWS_EPOCH) == "2024-05-01"


def test_a_loose_csv_file_in_the_inbox_is_an_error(root, inbox):
    (inbox / "prosjekter.csv").write_text("id;navn\n1;a\n", encoding="utf-8")
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 1
    assert messages(result, "prosjekter.csv") == [
        "prosjekter.csv: en CSV-fil må ligge i en egen mappe for virksomheten, som prosjekter.csv (og"
        " avhengigheter.csv); flytt den dit, eller send en arbeidsbok (.xlsx)"]


def test_a_new_row_without_an_id_says_where_ids_come_from(root, inbox):
    edit(inbox / NORD, lambda wb: wb["prosjekter"].append(
        [None, "Uten ID", "prosjekt", "Helse Nord RHF", None, "4.1", "konsept", "grønn", "grønn"]))
    result = collect(PERIOD, inbox, root=root)
    assert messages(result, NORD) == [
        "Helse_Nord_RHF.xlsx, prosjekter!A5, kolonne «id»: ID mangler; et nytt prosjekt får ID fra"
        " porteføljekontoret: be om en ID og skriv den inn"]


def test_an_owner_can_withhold_a_rating(root, inbox):
    # The drop-downs of status and risiko offer "unntatt offentlighet" (input-template.md "Withheld ratings");
    # a dependency's status and the other lists do not.
    from ehp_analysis import template as T
    from ehp_analysis.collect import columns as C
    from ehp_analysis.reference import load_reference

    reference = load_reference()
    offered = {(table, c.name): C.choices(c, reference) for table, cols in T.TABLES.items() for c in cols}
    assert offered[("prosjekter", "status")] == ["grønn", "gul", "rød", "unntatt offentlighet"]
    assert offered[("prosjekter", "risiko")] == ["grønn", "gul", "rød", "unntatt offentlighet"]
    assert [k for k, v in offered.items() if v and "unntatt offentlighet" in v] == [("prosjekter", "status"),
                                                                                   ("prosjekter", "risiko")]
    # chosen in a workbook, it comes back as its own category
    ws_id = load_workbook(inbox / NORD, read_only=True)["prosjekter"]["A2"].value
    edit(inbox / NORD, lambda wb: wb["prosjekter"].__setitem__(f"{COL['risiko']}2", "unntatt offentlighet"))
    result = collect(PERIOD, inbox, root=root)
    assert result.exit_code == 0, {k: v for k, v in result.problems.items() if v}
    assert load_period(PERIOD, root).projects.set_index("id").loc[ws_id, "risk"] == "unntatt offentlighet"
