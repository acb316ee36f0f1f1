"""The synthetic-portfolio generator: deterministic, valid by construction, and moving like a real one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from ehp_analysis import template as T
from ehp_analysis.portfolio import DEPENDENCY_DTYPES, PROJECT_DTYPES
from ehp_analysis.reference import load_reference
from ehp_analysis.synthetic import (
    SyntheticPeriod,
    generate_history,
    synthetic_portfolios,
    to_portfolio,
    write_history,
)

REFERENCE = load_reference("2017-2022")


@pytest.fixture(scope="module")
def history() -> list[SyntheticPeriod]:
    return generate_history(2000, 4, seed=11)


def test_same_seed_same_history():
    a = generate_history(300, 3, seed=5)
    b = generate_history(300, 3, seed=5)
    assert a == b
    for pa, pb in zip(a, b):
        pd.testing.assert_frame_equal(pa.prosjekter, pb.prosjekter)
        pd.testing.assert_frame_equal(pa.avhengigheter, pb.avhengigheter)
        pd.testing.assert_frame_equal(pa.avsluttede, pb.avsluttede)


_TREE = str(Path(__file__).resolve().parents[1])  # the package under test, not an installed copy
_WRITE_HISTORY = (
    "import sys; from ehp_analysis.synthetic import generate_history, write_history; "
    "write_history(generate_history(300, 3, seed=5), sys.argv[1], dialect=sys.argv[2])"
)


@pytest.mark.parametrize("dialect", ["standard", "excel-no"])
def test_same_seed_same_files_in_other_processes(tmp_path, dialect):
    # Byte-identical files from fresh interpreters with different string-hash seeds: nothing in the
    # generator or the writer may depend on set/dict ordering, on the clock or on a previous run.
    roots = []
    for hash_seed in ("1", "2"):
        root = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": _TREE}
        subprocess.run([sys.executable, "-c", _WRITE_HISTORY, str(root), dialect], env=env, check=True)
        roots.append(root)
    write_history(generate_history(300, 3, seed=5), tmp_path / "here", dialect=dialect)
    roots.append(tmp_path / "here")

    def files(root: Path) -> dict[str, bytes]:
        return {f.relative_to(root).as_posix(): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}

    first = files(roots[0])
    # 3 periods × (3 tables + 1 parameters file).
    assert len(first) == 12
    for other in roots[1:]:
        assert files(other) == first


def test_other_seed_other_history():
    a = generate_history(300, 2, seed=5)
    b = generate_history(300, 2, seed=6)
    assert not a[0].prosjekter.equals(b[0].prosjekter)
    assert a != b


@pytest.mark.parametrize("start, n, expected", [
    ("2021-01", 4, ["2021-01", "2021-05", "2021-09", "2022-01"]),
    ("2019-10", 3, ["2019-10", "2020-02", "2020-06"]),
    ("2020-09", 2, ["2020-09", "2021-01"]),
])
def test_periods_four_months_apart(start, n, expected):
    history = generate_history(20, n, start=start)
    assert [p.period for p in history] == expected
    assert [p.previous_period for p in history] == [None, *expected[:-1]]


def test_bad_arguments():
    with pytest.raises(ValueError):
        generate_history(0)
    with pytest.raises(Exception, match="ÅÅÅÅ-MM"):
        generate_history(10, start="2021-1")


def test_columns_are_the_template(history):
    for p in history:
        assert list(p.prosjekter.columns) == [c.name for c in T.PROJECT_COLUMNS]
        assert list(p.avhengigheter.columns) == [c.name for c in T.DEPENDENCY_COLUMNS]
        assert list(p.avsluttede.columns) == [c.name for c in T.LEFT_COLUMNS]


def test_ids_unique_and_positive(history):
    for p in history:
        ids = p.prosjekter["id"]
        assert ids.is_unique
        assert (ids > 0).all()


def test_projects_leave_and_join(history):
    for prev, cur in zip(history, history[1:]):
        before, now = set(prev.prosjekter["id"]), set(cur.prosjekter["id"])
        left, joined = before - now, now - before
        assert left and joined
        assert len(before & now) > 0.8 * len(before)
        # New projects get new ids: never one seen in any earlier period.
        seen = set().union(*(set(p.prosjekter["id"]) for p in history[: history.index(cur)]))
        assert not joined & seen
        # avsluttede explains most leavers, not all, and only leavers.
        explained = set(cur.avsluttede["id"])
        assert explained <= left
        assert 0.6 * len(left) <= len(explained) < len(left)


def test_continuing_projects_move(history):
    prev, cur = history[0].prosjekter.set_index("id"), history[1].prosjekter.set_index("id")
    both = prev.index.intersection(cur.index)
    p, c = prev.loc[both], cur.loc[both]
    assert (p["status"] != c["status"]).mean() > 0.05
    assert (p["risiko"] != c["risiko"]).mean() > 0.05
    assert (p["innsatsomrade"] != c["innsatsomrade"]).sum() >= 1
    assert (p["navn"] == c["navn"]).all() and (p["ansvarlig_virksomhet"] == c["ansvarlig_virksomhet"]).all()
    budget_p = pd.to_numeric(p["budsjett"], errors="coerce")
    budget_c = pd.to_numeric(c["budsjett"], errors="coerce")
    assert (budget_p.notna() & budget_c.isna() & ~c["budsjett"].str.contains("off", case=False)).any()  # stopped
    assert (budget_p.isna() & ~p["budsjett"].str.contains("off", case=False) & budget_c.notna()).any()  # started
    both_reported = budget_p.notna() & budget_c.notna()
    assert (budget_p[both_reported] != budget_c[both_reported]).mean() > 0.5


def test_only_template_and_reference_values(history):
    orgs = set(REFERENCE.organisations.owner_group)
    focus = set(REFERENCE.strategy.focus_areas)
    for p in history:
        pr = p.prosjekter
        assert set(pr["ansvarlig_virksomhet"]) <= orgs
        assert set(pr["innsatsomrade"]) <= focus
        assert set(pr["type"]) <= set(T.TYPES)
        assert set(pr["fase"]) <= set(T.PHASES)
        assert set(pr["status"]) | set(pr["risiko"]) <= set(T.COLOURS)
        assert set(pr["epj_kritikalitet"]) <= set(T.EPJ_LEVELS) | {""}
        for col in ("gevinstansvarlig", "prosjektbegrunnelse", "gevinster_identifisert", "gevinstplan",
                    "gevinstrealisering", "forutsetning_kommune"):
            assert set(pr[col]) <= {"ja", "nei", ""}
        reasons = {r for cell in pr["statusarsaker"] if cell for r in cell.split("|")}
        assert reasons <= set(T.REASONS)
        deps = p.avhengigheter
        assert set(deps["kategori"]) <= set(T.CATEGORIES)
        assert set(deps["kritikalitet"]) <= set(T.CRITICALITY)
        assert set(deps["status"]) <= set(T.COLOURS)


def test_reasons_for_every_yellow_or_red(history):
    for p in history:
        pr = p.prosjekter
        elevated = pr["status"].isin(["gul", "rød"])
        assert (pr.loc[elevated, "statusarsaker"] != "").all()
        assert (pr.loc[~elevated, "statusarsaker"] == "").all()


def test_realistic_missingness(history):
    pr = pd.concat([p.prosjekter for p in history])
    for col in ("budsjett", "totalkostnad", "forvaltningskostnad"):
        text = pr[col].str.strip()
        blank = text.isin(T.MISSING_MARKERS)
        withheld = text.str.casefold().isin(T.WITHHELD_MARKERS)
        assert 0.02 < blank.mean() < 0.7, col
        assert withheld.any(), col
        numbers = pd.to_numeric(text[~blank & ~withheld])  # everything else is a plain number
        assert (numbers >= 0).all()
    assert (pr["gevinstplan"] == "").any() and (pr["forutsetning_kommune"] == "").any()


def test_dependencies_point_at_projects_of_the_period(history):
    for p in history:
        ids = set(p.prosjekter["id"])
        deps = p.avhengigheter
        assert set(deps["prosjekt_id"]) <= ids
        targets = deps["avhenger_av_id"].dropna()
        assert len(targets) > 0
        assert set(targets.astype(int)) <= ids
        assert (deps["avhenger_av_id"] != deps["prosjekt_id"]).fillna(True).all()
        assert 1.5 < len(deps) / len(ids) < 3.5
        assert (deps.loc[deps["status"] == "rød", "tema"] != "").all()


def test_dependencies_per_project_is_honoured():
    few = generate_history(1000, seed=1, dependencies_per_project=0.5)[0]
    assert len(few.avhengigheter) / len(few.prosjekter) == pytest.approx(0.5, abs=0.1)


def test_portfolios_are_typed(history):
    portfolios = [to_portfolio(p) for p in history[:2]]
    prev, cur = portfolios
    assert cur.period == "2021-05" and cur.budget_year == 2021
    assert cur.parameters.previous_period == "2021-01"
    for name, dtype in PROJECT_DTYPES.items():
        assert cur.projects[name].dtype == dtype, name
    for name, dtype in DEPENDENCY_DTYPES.items():
        assert cur.dependencies[name].dtype == dtype, name
    pr = cur.projects
    assert pr["budget_withheld"].any() and pr.loc[pr["budget_withheld"], "budget"].isna().all()
    assert pr["owner_group"].notna().all()
    assert all(isinstance(r, tuple) for r in pr["status_reasons"])
    assert pr.loc[pr["status"] == "gul", "status_reasons"].map(len).min() >= 1
    assert pr["benefit_plan"].isna().any() and pr["benefit_plan"].dropna().any()
    assert len(prev.ids - cur.ids) > 0 and len(cur.ids - prev.ids) > 0


def test_synthetic_portfolios_match_the_history():
    portfolios = synthetic_portfolios(500, 2, seed=4)
    history = generate_history(500, 2, seed=4)
    assert [p.period for p in portfolios] == [h.period for h in history]
    assert [len(p) for p in portfolios] == [len(h.prosjekter) for h in history]


def test_large_history_is_fast():
    started = time.perf_counter()
    history = generate_history(50_000, 2, seed=0)
    elapsed = time.perf_counter() - started
    assert len(history[1].prosjekter) > 45_000
    assert elapsed < 10, f"50 000 × 2 took {elapsed:.1f} s"


@pytest.mark.parametrize("dialect", ["standard", "excel-no"])
def test_written_history_is_a_project_root(tmp_path, dialect):
    history = generate_history(50, 2, seed=2)
    assert write_history(history, tmp_path, dialect=dialect) == ["2021-01", "2021-05"]
    for period in ("2021-01", "2021-05"):
        folder = tmp_path / "data" / period
        assert {f.name for f in folder.iterdir()} == {"prosjekter.csv", "avhengigheter.csv", "avsluttede.csv"}
        params = yaml.safe_load((tmp_path / "parameters" / f"{period}.yaml").read_text(encoding="utf-8"))
        assert params["period"] == period and params["synthetic"] is True and params["reconstructed"] is False
        assert params["cutoff"] == f"{period}-15" and isinstance(params["cutoff"], str)
        assert params["data_dir"] == f"data/{period}"
    assert yaml.safe_load((tmp_path / "parameters" / "2021-05.yaml").read_text())["previous_period"] == "2021-01"
    raw = (tmp_path / "data" / "2021-01" / "prosjekter.csv").read_bytes()
    header = raw.decode("utf-8-sig").splitlines()[0]
    if dialect == "excel-no":
        assert raw.startswith(b"\xef\xbb\xbf") and header.startswith("id;navn;")
    else:
        assert not raw.startswith(b"\xef\xbb\xbf") and header.startswith("id,navn,")
    # Cells with the separator or quotes are quoted and read back unchanged.
    sep = ";" if dialect == "excel-no" else ","
    back = pd.read_csv(tmp_path / "data" / "2021-01" / "avhengigheter.csv", sep=sep, dtype=str,
                       keep_default_na=False, encoding="utf-8-sig")
    assert back["kategori"].tolist() == history[0].avhengigheter["kategori"].tolist()


def test_excel_dialect_uses_decimal_comma(tmp_path):
    history = generate_history(300, 1, seed=2)
    write_history(history, tmp_path, dialect="excel-no")
    back = pd.read_csv(tmp_path / "data" / "2021-01" / "prosjekter.csv", sep=";", dtype=str,
                       keep_default_na=False, encoding="utf-8-sig")
    budgets = back["totalkostnad"]
    assert budgets.str.contains(",").any() and not budgets.str.contains(r"\d\.\d").any()
    assert budgets.str.contains("\u00a0").any()  # thousands grouped
    assert (back["innsatsomrade"] == history[0].prosjekter["innsatsomrade"]).all()  # "1.1" is not an amount


@pytest.mark.parametrize("dialect", ["standard", "excel-no"])
def test_written_history_validates_and_loads_as_generated(tmp_path, dialect, monkeypatch):
    validate = pytest.importorskip("ehp_analysis.validate")
    history = generate_history(5000, 3, seed=8)
    write_history(history, tmp_path, dialect=dialect)
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    for period in history:
        result = validate.validate_target(period.period)
        assert result.errors == [], result.errors[:5]
        # The only warnings: leavers without an avsluttede row (the generator leaves some out on purpose).
        assert {p.column for p in result.warnings} <= {"id"}
        loaded = validate.load_period(period.period)
        expected = to_portfolio(period)
        columns = [*PROJECT_DTYPES, "status_reasons", "owner_group", "strategic_area", "benefit_maturity",
                   *(f"{f}_withheld" for f in T.AMOUNT_FIELDS)]
        pd.testing.assert_frame_equal(loaded.projects[columns], expected.projects[columns])
        pd.testing.assert_frame_equal(loaded.dependencies[list(DEPENDENCY_DTYPES)],
                                      expected.dependencies[list(DEPENDENCY_DTYPES)])
        pd.testing.assert_frame_equal(loaded.left[["id", "next_steps"]], expected.left[["id", "next_steps"]])


def test_numpy_generator_only():
    # Same history whatever global numpy state: the generator owns its random stream.
    np.random.seed(1)
    a = generate_history(100, 2, seed=3)
    np.random.seed(2)
    b = generate_history(100, 2, seed=3)
    assert a == b
