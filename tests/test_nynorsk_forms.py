"""Forms in both written standards at once (report.md, "Written standard"; språklova §14): ``ehp new-period
--per-organisation`` writes a bokmål and a nynorsk workbook per owner, ``ehp collect`` a bokmål and a nynorsk
feedback page per submission, and a nynorsk workbook comes back exactly as the bokmål one does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ehp_analysis.collect.merge import collect

from .collect_support import PERIOD, fresh_inbox, make_root

NORD = "Helse_Nord_RHF"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return make_root(tmp_path_factory.mktemp("nynorsk-forms"))


def _values(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_every_owner_has_a_workbook_in_each_standard(base):
    mal = base / "data" / PERIOD / "mal"
    bokmal = sorted(p.name for p in mal.glob("*.xlsx") if not p.name.endswith(".nynorsk.xlsx"))
    nynorsk = sorted(p.name for p in mal.glob("*.nynorsk.xlsx"))
    assert len(bokmal) == 10 and nynorsk == [name.replace(".xlsx", ".nynorsk.xlsx") for name in bokmal]


def test_the_two_workbooks_hold_the_same_codes(base):
    """Sheet names, column names, rows and allowed values (the hidden «lister») are codes: the same in both;
    only the guide's words and the help texts differ."""
    mal = base / "data" / PERIOD / "mal"
    bm, nn = load_workbook(mal / f"{NORD}.xlsx"), load_workbook(mal / f"{NORD}.nynorsk.xlsx")
    assert bm.sheetnames == nn.sheetnames
    for sheet in bm.sheetnames:
        if sheet != "veiledning":
            assert _values(bm[sheet]) == _values(nn[sheet]), sheet
    assert {n: d.attr_text for n, d in bm.defined_names.items()} == {n: d.attr_text for n, d in nn.defined_names.items()}
    for sheet in ("prosjekter", "avhengigheter"):
        rules = [(sorted(str(r.sqref).split()), r.formula1) for r in bm[sheet].data_validations.dataValidation]
        assert rules == [(sorted(str(r.sqref).split()), r.formula1) for r in nn[sheet].data_validations.dataValidation]


def _collected(base: Path, tmp: Path, *, nynorsk: bool) -> tuple[Path, dict[str, str]]:
    root = tmp / ("nn" if nynorsk else "nb")
    shutil.copytree(base, root)
    inbox = fresh_inbox(root)
    if nynorsk:  # Helse Nord returns its nynorsk form instead
        (inbox / f"{NORD}.xlsx").unlink()
        shutil.copy(root / "data" / PERIOD / "mal" / f"{NORD}.nynorsk.xlsx", inbox)
    result = collect(PERIOD, inbox, root=root)
    assert all(s.merged for s in result.submissions)
    data = root / "data" / PERIOD
    return data, {name: (data / name).read_text(encoding="utf-8") for name in ("prosjekter.csv", "avhengigheter.csv",
                                                                               "avsluttede.csv")}


def test_a_nynorsk_workbook_comes_back_as_the_bokmal_one(base, tmp_path, monkeypatch):
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    _, bokmal = _collected(base, tmp_path, nynorsk=False)
    data, nynorsk = _collected(base, tmp_path, nynorsk=True)
    assert nynorsk == bokmal
    pages = sorted(p.name for p in (data / "tilbakemelding").iterdir())
    assert f"{NORD}.html" in pages and f"{NORD}.nynorsk.html" in pages  # named after the owner, as for bokmål
    stems = {p.removesuffix(".html").removesuffix(".nynorsk") for p in pages}
    assert pages == sorted(f"{s}{suffix}.html" for s in stems for suffix in ("", ".nynorsk"))


def test_feedback_pages_in_both_standards(base, tmp_path, monkeypatch):
    root = tmp_path / "root"
    shutil.copytree(base, root)
    monkeypatch.setenv("EHP_ROOT", str(root))
    collect(PERIOD, fresh_inbox(root), root=root)
    folder = root / "data" / PERIOD / "tilbakemelding"
    assert '<html lang="nb">' in (folder / f"{NORD}.html").read_text(encoding="utf-8")
    assert '<html lang="nn">' in (folder / f"{NORD}.nynorsk.html").read_text(encoding="utf-8")
    assert len(list(folder.glob("*.nynorsk.html"))) == len(list(folder.glob("*.html"))) // 2 == 10
