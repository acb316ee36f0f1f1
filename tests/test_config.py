"""Parameters files and period names."""

from __future__ import annotations

import pytest
import yaml

from ehp_analysis.config import check_period, default_period, list_periods, load_chain, load_parameters, paths
from ehp_analysis.exceptions import ConfigError, PeriodNameError, UsageError


@pytest.mark.parametrize("name", ["2020-01", "2019-10", "1999-12"])
def test_valid_period_names(name):
    assert check_period(name) == name


@pytest.mark.parametrize("name", ["2020-00", "2020-13", "2020-1", "2020/01", "../2020-01", "2020-01 ", "", "x"])
def test_invalid_period_names(name):
    with pytest.raises(PeriodNameError, match="ÅÅÅÅ-MM"):
        check_period(name)


def test_embedded_periods_are_configured_and_newest_is_default():
    assert list_periods() == ["2019-10", "2020-01"]
    assert default_period() == "2020-01"
    params = load_parameters("2020-01")
    assert params.previous_period == "2019-10"
    assert params.budget_year == 2020
    assert params.cutoff == "2020-01-17"
    assert params.data_dir == paths().root / "data" / "2020-01"


def test_parameters_files_are_flat_and_dates_quoted():
    for period in list_periods():
        text = paths().parameters_file(period).read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
        assert all(not isinstance(v, (dict, list)) for v in raw.values()), period
        assert isinstance(raw["cutoff"], str), "cutoff must be quoted so papermill and yaml agree"


def test_unknown_period_is_a_usage_error():
    with pytest.raises(UsageError, match="ikke satt opp"):
        load_parameters("2031-01")


def test_parameters_file_must_match_its_name(tmp_path):
    (tmp_path / "parameters").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "parameters" / "2020-05.yaml").write_text(
        'period: "2020-06"\nbudget_year: 2020\ncutoff: "2020-05-15"\nstrategy: "2017-2022"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="2020-06"):
        load_parameters("2020-05", tmp_path)


def test_unquoted_date_is_refused_with_advice(tmp_path):
    (tmp_path / "parameters").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "parameters" / "2020-05.yaml").write_text(
        'period: "2020-05"\nbudget_year: 2020\ncutoff: 15.05.2020\nstrategy: "2017-2022"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="anførselstegn"):
        load_parameters("2020-05", tmp_path)


# ------------------------------------------------------------------------------------------ chains


def _period(root, period: str, previous: str = "") -> None:
    (root / "parameters").mkdir(exist_ok=True)
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "parameters" / f"{period}.yaml").write_text(
        f'period: "{period}"\nprevious_period: "{previous}"\nbudget_year: {period[:4]}\n'
        f'cutoff: "{period}-15"\nstrategy: "2017-2022"\n', encoding="utf-8")


def test_chain_is_oldest_first(tmp_path):
    _period(tmp_path, "2019-05")
    _period(tmp_path, "2019-10", "2019-05")
    _period(tmp_path, "2020-01", "2019-10")
    known: dict = {}
    chain = load_chain("2020-01", tmp_path, known=known)
    assert [p.period for p in chain] == ["2019-05", "2019-10", "2020-01"]
    assert sorted(known) == ["2019-05", "2019-10", "2020-01"]  # each parameters file read once, shared
    assert [p.period for p in load_chain("2019-10", tmp_path)] == ["2019-05", "2019-10"]
    assert [p.period for p in load_chain("2019-05", tmp_path)] == ["2019-05"]


def test_chain_pointing_at_itself_is_refused(tmp_path):
    _period(tmp_path, "2020-01", "2020-01")
    with pytest.raises(ConfigError) as info:
        load_chain("2020-01", tmp_path)
    assert str(tmp_path / "parameters" / "2020-01.yaml") in str(info.value)
    assert "previous_period" in str(info.value)


def test_chain_loop_is_refused_naming_the_file_that_closes_it(tmp_path):
    # 2020-01 → 2019-10 → 2019-05 → 2019-10: 2019-05.yaml closes the loop (and points forward)
    _period(tmp_path, "2020-01", "2019-10")
    _period(tmp_path, "2019-10", "2019-05")
    _period(tmp_path, "2019-05", "2019-10")
    with pytest.raises(ConfigError) as info:
        load_chain("2020-01", tmp_path)
    message = str(info.value)
    assert str(tmp_path / "parameters" / "2019-05.yaml") in message and "previous_period" in message
    assert "2020-01.yaml" not in message and "2019-10.yaml" not in message


def test_chain_pointing_forward_is_refused(tmp_path):
    _period(tmp_path, "2020-01", "2020-05")
    _period(tmp_path, "2020-05")
    with pytest.raises(ConfigError) as info:
        load_chain("2020-01", tmp_path)
    message = str(info.value)
    assert str(tmp_path / "parameters" / "2020-01.yaml") in message and "previous_period" in message
    assert "2020-05" in message


def test_chain_with_a_previous_period_that_is_not_configured_is_refused(tmp_path):
    _period(tmp_path, "2020-01", "2019-10")
    _period(tmp_path, "2019-10", "2019-05")  # 2019-05 has no parameters file
    with pytest.raises(ConfigError) as info:
        load_chain("2020-01", tmp_path)
    message = str(info.value)
    assert str(tmp_path / "parameters" / "2019-10.yaml") in message and "previous_period" in message
    assert "2019-05" in message and "ikke satt opp" in message


def test_chain_of_an_unknown_period_is_a_usage_error(tmp_path):
    _period(tmp_path, "2020-01")
    with pytest.raises(UsageError, match="2031-01 er ikke satt opp") as info:
        load_chain("2031-01", tmp_path)
    assert str(tmp_path / "parameters" / "2031-01.yaml") in str(info.value)
