"""Every workbook is hostile (collection.md): each case is built here from a workbook as sent out (openpyxl), then
spoiled by rewriting its ZIP parts for the XML cases. A spoiled submission is an error of its own, in Norwegian,
naming the file; the others are still checked, feedback and record written, ``--partial`` merges the clean ones.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ehp_analysis.cli import main
from ehp_analysis.collect.hostile import Limits
from ehp_analysis.formulas import formula_like, visible
from ehp_analysis.collect.merge import collect

from .collect_support import PERIOD, edit
from .test_collect import KS_FILE, NORD, base, inbox, messages, read_csv, root  # noqa: F401 (fixtures)

SHEET = "xl/worksheets/sheet2.xml"  # prosjekter: the second sheet of the template (after veiledning)
BOOK = "xl/workbook.xml"


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes], *, extra: dict[str, bytes] | None = None) -> Path:
    """Write the workbook again with ``part`` changed (and ``extra`` parts added), every other part as it was."""
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    out.replace(path)
    return path


def sub(pattern: str, repl: str, count: int = 1) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        text, n = re.subn(pattern, repl, data.decode("utf-8"), count=count)
        assert n, pattern
        return text.encode("utf-8")
    return change


def _copy(inbox: Path, name: str) -> Path:
    return Path(shutil.copy(inbox / KS_FILE, inbox / name))


BOMB = ('<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
XXE = '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
CORRUPT = "arbeidsboken har innhold Excel ikke ville skrevet (en ugyldig celle, referanse, dato eller tall)"
BAD_XML = "arbeidsboken har ødelagt XML (ikke slik Excel skriver den) og kan ikke leses"
DTD = "arbeidsboken har XML med en DTD, entiteter eller eksterne referanser, som Excel aldri skriver"
DAMAGED = "arbeidsboken er skadet (ZIP-innholdet er ødelagt eller avkortet)"

# file name -> (how it is spoiled, the start of its one error). Each a copy of KS.xlsx whose reading fails.
SPOILED = {
    "nbsp.xlsx": (lambda p: rewrite(p, SHEET, sub(r"<t>navn</t>", "<t>navn&nbsp;x</t>")), BAD_XML),
    "avkortet-ark.xlsx": (lambda p: rewrite(p, SHEET, lambda d: d[: len(d) // 2]), BAD_XML),
    "cellereferanse.xlsx": (lambda p: rewrite(p, SHEET, sub(r'r="A2"', 'r="2A"')), CORRUPT),
    "tekst-i-tall.xlsx": (lambda p: rewrite(p, SHEET, sub(r"<v>165</v>", "<v>abc</v>")), CORRUPT),
    "delt-streng.xlsx": (lambda p: rewrite(p, SHEET, sub(r'r="A2"([^>]*?) t="n"><v>165</v>',
                                                         r'r="A2"\1 t="s"><v>99999</v>')), CORRUPT),
    "dato.xlsx": (lambda p: rewrite(p, SHEET, sub(r'r="A2"([^>]*?) t="n"><v>165</v>',
                                                  r'r="A2"\1 t="d"><v>ikke-en-dato</v>')), CORRUPT),
    "entiteter.xlsx": (lambda p: rewrite(p, SHEET, sub(r"^", BOMB)), DTD),
    "ekstern.xlsx": (lambda p: rewrite(p, SHEET, sub(r"<t>navn</t>", "<t>&x;</t>"), )
                     and rewrite(p, SHEET, sub(r"^", XXE)), DTD),
    "zip-avkortet.xlsx": (lambda p: p.write_bytes(p.read_bytes()[:-200]), "filen heter .xlsx, men er ikke en"),
}


def test_one_bad_file_spoils_only_itself(root, inbox, capsys):
    for name, (spoil, _) in SPOILED.items():
        spoil(_copy(inbox, name))
    odd = "Ond\n  KS.xlsx (KS): OK\x1b[2K\u202e.xlsx"
    (inbox / odd).write_bytes(b"PK\x03\x04 ikke en zip")
    assert main(["collect", PERIOD, str(inbox), "--partial"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "\x1b" not in out and "\u202e" not in out
    assert "  Ond\\n  KS.xlsx (KS): OK\\x1b[2K\\u202e.xlsx: ingenting lest – 1 feil" in out
    result = collect(PERIOD, inbox, root=root, partial=True)
    assert result.merged and sorted(result.left_out) == sorted([*SPOILED, odd])
    for name, (_, expected) in SPOILED.items():
        errors = [p for p in result.problems[name] if p.is_error]
        assert len(errors) == 1 and errors[0].expected.startswith(expected), (name, messages(result, name))
    assert all(s.errors == 0 for s in result.submissions if s.name not in SPOILED and s.name != odd)
    feedback = root / "data" / PERIOD / "tilbakemelding"
    assert len(list(feedback.iterdir())) == 2 * (10 + len(SPOILED) + 1)  # bokmål and nynorsk pages
    for page in feedback.iterdir():
        html = page.read_text(encoding="utf-8")
        assert str(root) not in html and "/etc/passwd" not in html and "\x1b" not in html
        assert not re.search(r"Error|Exception|Traceback|line \d+, column", html), page.name
    record = read_csv(root / "data" / PERIOD / "innsamling.csv", sep=";") or read_csv(root / "data" / PERIOD /
                                                                                       "innsamling.csv")
    assert len(record) == 10 + len(SPOILED) + 1
    assert len(read_csv(root / "data" / PERIOD / "prosjekter.csv")) == 54  # the clean ten, as sent


def test_only_regular_files_in_the_inbox_are_read(root, inbox, tmp_path, capsys):
    (inbox / "null.xlsx").symlink_to("/dev/zero")
    (inbox / "borte.xlsx").symlink_to(tmp_path / "finnes-ikke.xlsx")
    (inbox / "sløyfe.xlsx").symlink_to(inbox / "sløyfe.xlsx")
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (outside / "prosjekter.csv").write_text("id;navn\n1;x\n", encoding="utf-8")
    (inbox / "mappe").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "rør.xlsx")
    started = time.monotonic()
    assert main(["collect", PERIOD, str(inbox)]) == 0
    assert time.monotonic() - started < 30
    out = capsys.readouterr().out
    assert "10 innleveringer, 5 filer ignorert." in out
    for name in ("null.xlsx", "borte.xlsx", "sløyfe.xlsx", "mappe"):
        assert f"  ignorert: {name} (symbolsk lenke (leses ikke; legg selve filen i innboksen))" in out
    assert "  ignorert: rør.xlsx (navngitt rør (FIFO), ikke en fil)" in out


def _limits(root: Path, **values) -> None:
    """A period's own limits file (collection_limits_file: in its parameters)."""
    own = root / "grenser.yaml"
    own.write_text("".join(f"{k}: {v}\n" for k, v in values.items()), encoding="utf-8")
    params = root / "parameters" / f"{PERIOD}.yaml"
    params.write_text(params.read_text(encoding="utf-8") + f'collection_limits_file: "{own}"\n', encoding="utf-8")


def _empty_rows(n: int) -> Callable[[bytes], bytes]:
    return sub(r"</sheetData>", "<row/>" * n + "</sheetData>")


def _lying_size(path: Path) -> Path:
    """The sheet's central-directory entry claims 1,000 bytes; the data unpacks to megabytes."""
    rewrite(path, SHEET, _empty_rows(1_000_000))
    data = bytearray(path.read_bytes())
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at + 1)
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_len] == SHEET.encode():
            data[at + 24:at + 28] = (1000).to_bytes(4, "little")
            break
    path.write_bytes(bytes(data))
    return path


LIMITED = {
    # a million empty rows: 6 MB of XML packed into a few kB, refused by its ratio before anything is parsed
    "empty rows": (lambda p: rewrite(p, SHEET, _empty_rows(1_000_000)), {},
                   "delen xl/worksheets/sheet2.xml pakker seg ut"),
    "a declared size that lies": (_lying_size, {}, DAMAGED),
    "a value past the last row": (lambda p: edit(p, lambda wb: wb["prosjekter"].cell(10_001, 1, 7)), {},
                                  "arket «prosjekter» går til rad 10\u00a0001, over grensen på 10\u00a0000 rader"),
    "an empty cell past the last column": (lambda p: rewrite(p, SHEET, sub(r"</row>", '<c r="BI2" s="1"/></row>')), {},
                                          "arket «prosjekter» går til kolonne BI (nr. 61), over grensen på 60 kolonner"),
    "a value in column XFD": (lambda p: edit(p, lambda wb: wb["prosjekter"].cell(2, 16_384, "x")), {},
                              "arket «prosjekter» går til kolonne XFD (nr. 16384), over grensen på 60 kolonner"),
    "a cell of 40,000 characters": (lambda p: rewrite(p, SHEET, sub(r'(r="B2"[^>]*><is><t>)[^<]*', r"\g<1>" + "x" * 40_000)), {},
                                    "cellen prosjekter!B2 har 40\u00a0000 tegn, over grensen på 32\u00a0767 tegn per celle"),
    "a file over the size limit": (lambda p: p, {"file_size_mb": 0.01}, "filen er 0,0 MB, over grensen på 0,0 MB"),
    "too many parts": (lambda p: rewrite(p, SHEET, lambda d: d, extra={f"x/{i}": b"" for i in range(30)}),
                       {"parts": 20}, "arbeidsboken har 43 deler, over grensen på 20"),
    "unpacked over the limit": (lambda p: p, {"uncompressed_mb": 0.01}, "arbeidsboken pakker seg ut til 0,1 MB"),
}


@pytest.mark.parametrize("case", list(LIMITED))
def test_limits_are_checked_before_and_while_reading(root, inbox, case):
    spoil, own, expected = LIMITED[case]
    if own:
        _limits(root, **own)
    for p in inbox.iterdir():
        if p.name != KS_FILE:
            p.unlink()
    spoil(inbox / KS_FILE)
    started = time.monotonic()
    result = collect(PERIOD, inbox, root=root, partial=True)
    assert time.monotonic() - started < 3  # refused by the limits, not after reading it all
    [error] = [p for p in result.problems[KS_FILE] if p.is_error]
    assert error.expected.startswith(expected), error.expected


def test_the_shipped_limits_are_the_defaults():
    from ehp_analysis.collect.hostile import load_limits

    assert load_limits() == Limits()


@pytest.mark.parametrize("text, runs", [
    ("=1+1", True), ("=cmd|' /C calc'!A0", True), ("@SUM(1+1)", True), ("+1+1", True), ("-cmd", True),
    ("\t=1+1", True), ("\r=1", True), ("  =HYPERLINK(\"x\")", True), ("\t", True),
    ("-1,5", False), ("+47", False), ("-3", False), ("12", False), ("Robust Mobilt Helsenett", False), ("", False),
    ("a=b", False), ("e-helse", False),
])
def test_what_a_spreadsheet_would_run(text, runs):
    assert formula_like(text) is runs


def test_control_characters_are_made_visible():
    assert visible("a\nb\x1b[2K\u202ec\td") == "a\\nb\\x1b[2K\\u202ec\\td"
    assert visible("Helse Sør-Øst – «ok»") == "Helse Sør-Øst – «ok»"


def _define(name: str, target: str | None):
    def change(wb):
        from openpyxl.workbook.defined_name import DefinedName

        del wb.defined_names[name]
        if target is not None:
            wb.defined_names[name] = DefinedName(name, attr_text=target)
    return change


def _setting(sheet: str, cell: str, value):
    return lambda wb: wb[sheet].__setitem__(cell, value)


def test_what_is_merged_cannot_run_and_whose_data_is_checked(root, inbox):
    def text(wb, cell, value):  # a text cell starting with "=" (openpyxl would otherwise write a formula)
        wb["prosjekter"][cell] = value
        wb["prosjekter"][cell].data_type = "s"

    edit(inbox / NORD, lambda wb: (text(wb, "B2", "=cmd|' /C calc'!A0"),
                                   wb["prosjekter"].__setitem__("X3", "\t=1+1"),
                                   wb["prosjekter"].__setitem__("Z1", "<script>"),
                                   wb["prosjekter"].__setitem__("Z2", "x")))
    edit(inbox / "Oslo_kommune.xlsx", _setting("veiledning", "B4", "Evil Corp AS"))
    edit(inbox / KS_FILE, _define("ehp_periode", "veiledning!$B$3:$B$4"))
    edit(inbox / "Helsedirektoratet.xlsx", _define("ehp_virksomhet", "prosjekter!$A$1"))
    edit(inbox / "Folkehelseinstituttet.xlsx", _define("ehp_periode", None))
    edit(inbox / "Helse_Vest_RHF.xlsx", lambda wb: setattr(wb.create_sheet("X"), "sheet_state", "veryHidden"))
    rewrite(inbox / "Helse_Vest_RHF.xlsx", BOOK, sub(r'name="X"', 'name="PROSJEKTER"'))  # openpyxl would rename it
    result = collect(PERIOD, inbox, root=root, partial=True)
    expected = {
        NORD: ["Helse_Nord_RHF.xlsx, prosjekter!B2, kolonne «navn»",
               "teksten begynner som en formel («=cmd|' /C ca…»); et regneark ville kjørt den"],
        NORD + " ": ["Helse_Nord_RHF.xlsx, prosjekter!X3, kolonne «beskrivelse»",
                     "teksten begynner som en formel («\\t=1+1»)"],
        NORD + "  ": ["Helse_Nord_RHF.xlsx, prosjekter!Z1: kolonnene «<script>» er ikke en del av malen og"
                      " er ikke tatt med"],
        "Oslo_kommune.xlsx": ["Oslo_kommune.xlsx, veiledning!B4: verdien «Evil Corp AS»: virksomheten er ikke i"
                              " periodens liste over virksomheter"],
        KS_FILE: ["KS.xlsx: den navngitte cellen «ehp_periode» peker på veiledning!$B$3:$B$4, ikke på én celle i"
                  " arket «veiledning»"],
        "Helsedirektoratet.xlsx": ["Helsedirektoratet.xlsx: den navngitte cellen «ehp_virksomhet» peker på"
                                   " prosjekter!A1, ikke på én celle i arket «veiledning»"],
        "Folkehelseinstituttet.xlsx": ["Folkehelseinstituttet.xlsx: den navngitte cellen «ehp_periode» mangler"],
        "Helse_Vest_RHF.xlsx": ["Helse_Vest_RHF.xlsx: arbeidsboken har 2 ark som heter «prosjekter» (…"
                                .replace(" (…", " («prosjekter», «PROSJEKTER» (skjult))")],
    }
    for name, parts in expected.items():
        found = messages(result, name.strip())
        assert any(all(part in m for part in parts) for m in found), (name, found)
    assert set(result.left_out) == {n.strip() for n in expected} and result.merged
    data = root / "data" / PERIOD
    merged = read_csv(data / "prosjekter.csv")
    assert merged and "<script>" not in merged[0] and not any(
        formula_like(v) for row in merged for v in row.values())
    roster = read_csv(data / "ikke_levert.csv")  # the organisation in the reference's spelling, never the workbook's
    assert {r["ansvarlig_virksomhet"] for r in roster if r["id"] in ("145", "172")} == {"Oslo kommune"}
    assert not any(formula_like(v) for r in roster for v in r.values())


def test_validate_reports_a_formula_in_a_period_file(root, capsys):
    from ehp_analysis.validate import validate_target

    path = root / "data" / "2020-01" / "prosjekter.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    cells = lines[1].split(sep)
    cells[1] = "@SUM(1+1)"
    lines[1] = sep.join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    (path.parent / "ikke_levert.csv").write_text("id;navn;ansvarlig_virksomhet\n999;-cmd;KS\n", encoding="utf-8")
    result = validate_target("2020-01", root)
    assert any(p.is_error and p.file == "prosjekter.csv" and p.row == 2 and p.column == "navn"
               and p.value == "@SUM(1+1)" and p.expected.startswith("teksten begynner som en formel («@SUM(1+1)»)")
               for p in result.problems)
    assert any(p.is_error and p.file == "ikke_levert.csv" and p.row == 2 and p.column == "navn"
               and p.value == "-cmd" for p in result.problems)


def _state(data: Path) -> dict[str, bytes]:
    """What a collection wrote in the period folder (merged files, roster, record, feedback), name -> bytes."""
    out = {}
    for path in sorted(data.rglob("*")):
        rel = path.relative_to(data).as_posix()
        if path.is_file() and not rel.startswith(("mal/", ".")):
            out[rel] = path.read_bytes()
    return out


def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if p.name.startswith("."))


def _killed_collect(inbox: Path, root: Path, at: int) -> int:
    """``ehp collect`` in a forked child that ends by ``os._exit`` at the ``at``-th fault point (no except,
    finally or atexit runs); its exit status (70 when killed there, 0 when it finished first)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ["EHP_COLLECT_KILL_AT"] = str(at)
        try:
            collect(PERIOD, inbox, root=root)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_kill_at_any_step_of_the_swap_leaves_old_or_new(root, inbox, tmp_path):
    from ehp_analysis.config import load_parameters
    from ehp_analysis.load import read_folder
    from ehp_analysis.report.plan import period_inputs

    data = root / "data" / PERIOD
    for p in inbox.iterdir():  # two owners, to keep each run short
        if p.name not in (KS_FILE, "Oslo_kommune.xlsx"):
            p.unlink()
    assert collect(PERIOD, inbox, root=root).merged
    old = _state(data)
    (inbox / KS_FILE).unlink()  # the next run: KS sends nothing, its project goes to ikke_levert.csv
    before = tmp_path / "før"
    shutil.copytree(root, before)
    assert collect(PERIOD, inbox, root=root).merged
    new = _state(data)
    assert new != old and "tilbakemelding/KS.html" in set(old) - set(new)
    at, killed = 1, 0
    while True:
        shutil.rmtree(root)
        shutil.copytree(before, root)
        status = _killed_collect(inbox, root, at)
        if status == 0:
            break
        assert status == 70
        killed += 1
        if at % 2:  # what ehp validate (read_folder) and ehp build (period_inputs, before hashing) do first
            read_folder(data)
        else:
            period_inputs(load_parameters(PERIOD, root), root)
        assert _state(data) in (old, new), at
        if _state(data) == new:  # killed after the journal: completed, and its staging folder gone
            assert _leftovers(data) == [], (at, _leftovers(data))
        else:  # killed before: the old state; the next collect removes what the killed one left
            assert collect(PERIOD, inbox, root=root).merged
            assert _state(data) == new and _leftovers(data) == [], (at, _leftovers(data))
        at += 1
    assert killed >= 12  # staged, journal, each file aside and in, committed


@pytest.mark.slow
def test_random_kills_leave_old_or_new(root, inbox, tmp_path):
    """SIGKILL at random moments of a real ``ehp collect`` process (seeded): old or new after validate's
    recovery, and the next collect leaves nothing behind."""
    import random
    import signal
    import subprocess
    import sys

    from ehp_analysis.load import read_folder

    data = root / "data" / PERIOD
    assert collect(PERIOD, inbox, root=root).merged
    old = _state(data)
    (inbox / KS_FILE).unlink()
    before = tmp_path / "før"
    shutil.copytree(root, before)
    assert collect(PERIOD, inbox, root=root).merged
    new = _state(data)
    env = dict(os.environ, EHP_ROOT=str(root))
    rng = random.Random(20)
    for _ in range(6):
        shutil.rmtree(root)
        shutil.copytree(before, root)
        proc = subprocess.Popen([sys.executable, "-m", "ehp_analysis", "collect", PERIOD, str(inbox)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        read_folder(data)
        assert _state(data) in (old, new)
        assert collect(PERIOD, inbox, root=root).merged
        assert _state(data) == new and _leftovers(data) == []
