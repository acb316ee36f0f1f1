"""The synthetic generator's 2023 template and returning projects, and ``ehp demo``'s example history."""

from __future__ import annotations

import pandas as pd
import pytest

from ehp_analysis import template as T
from ehp_analysis.cli import main
from ehp_analysis.portfolio import PROJECT_DTYPES
from ehp_analysis.synthetic import generate_history, to_portfolio, write_history

NEW_2023 = ["strategimal", "strategimal_andre", "planlagt_slutt", "prissatt_nytte", "ikke_prissatt_nytte"]


def test_the_2023_template_from_the_switch_on():
    history = generate_history(80, 5, seed=4, template_from="2022-05")
    assert [(p.period, p.template, p.strategy) for p in history] == [
        ("2021-01", "2020", "2017-2022"), ("2021-05", "2020", "2017-2022"), ("2021-09", "2020", "2017-2022"),
        ("2022-01", "2020", "2017-2022"), ("2022-05", "2023", "2023-2030")]
    for p in history:
        assert list(p.prosjekter.columns) == [c.name for c in T.template_version(p.template).project_columns]
    last = history[-1].prosjekter
    goals = last["strategimal"].astype(int)
    assert goals.between(1, 5).all() and goals.nunique() >= 4
    others = [tuple(int(g) for g in v.split("|")) if v else () for v in last["strategimal_andre"]]
    assert all(g not in o for g, o in zip(goals, others)) and any(others)
    priced = pd.to_numeric(last["prissatt_nytte"].where(~last["prissatt_nytte"].str.contains("[a-z]")),
                           errors="coerce")
    assert priced.notna().any() and (last["planlagt_slutt"] != "").any()


def test_a_switch_leaves_the_periods_before_it_as_they_were():
    """The 2023 fields draw from a stream of their own: the 2020 periods are those of a history without a switch."""
    plain = generate_history(80, 5, seed=4)
    switched = generate_history(80, 5, seed=4, template_from="2022-05")
    assert plain[:4] == switched[:4]
    assert plain[4].prosjekter["id"].tolist() == switched[4].prosjekter["id"].tolist()


@pytest.mark.parametrize("fmt, dialect", [("csv", "standard"), ("csv", "excel-no"), ("xlsx", "standard")])
def test_a_written_2023_history_validates_and_loads_as_generated(tmp_path, monkeypatch, fmt, dialect):
    from ehp_analysis.validate import load_period, validate_target

    history = generate_history(120, 3, seed=9, template_from="2021-05", p_return=0.5)
    write_history(history, tmp_path, fmt=fmt, dialect=dialect)
    monkeypatch.setenv("EHP_ROOT", str(tmp_path))
    for period in history:
        result = validate_target(period.period)
        assert result.errors == [], result.errors[:5]
        loaded, expected = load_period(period.period), to_portfolio(period)
        assert loaded.template == expected.template == period.template
        columns = [*PROJECT_DTYPES, "status_reasons", "other_goals", "priced_benefits_withheld"]
        pd.testing.assert_frame_equal(loaded.projects[columns], expected.projects[columns])


def test_a_project_comes_back_only_when_asked():
    def returners(history):
        ids = [set(p.prosjekter["id"]) for p in history]
        return {i for k in range(2, len(ids)) for i in ids[k] - ids[k - 1] if any(i in ids[j] for j in range(k - 1))}

    assert returners(generate_history(60, 8, seed=5)) == set()
    back = returners(generate_history(60, 8, seed=5, p_return=0.6))
    assert back
    # a returning project keeps its id and name
    history = generate_history(60, 8, seed=5, p_return=0.6)
    names = {}
    for p in history:
        for i, n in zip(p.prosjekter["id"], p.prosjekter["navn"]):
            assert names.setdefault(i, n) == n


# -------------------------------------------------------------------------------------------------- demo


def test_demo_writes_an_example_history(tmp_path, capsys):
    from ehp_analysis.config import load_chain

    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--no-build"]) == 0
    assert "Skrev eksempeldata for 12 perioder (2021-01 … 2023-10)" in capsys.readouterr().out
    chain = load_chain("2023-10", folder)
    periods = [p.period for p in chain]
    # twelve quarterly periods over three years, switching template and strategy in the middle
    assert periods == ["2021-01", "2021-04", "2021-07", "2021-10", "2022-01", "2022-04", "2022-07", "2022-10",
                       "2023-01", "2023-04", "2023-07", "2023-10"]
    assert [p.template for p in chain] == ["2020"] * 6 + ["2023"] * 6
    assert [p.strategy for p in chain] == ["2017-2022"] * 6 + ["2023-2030"] * 6
    assert all(p.synthetic for p in chain)
    assert (folder / "notebooks" / "chapters.yaml").is_file() and (folder / "README.md").is_file()
    ids = [set(pd.read_csv(folder / "data" / p / "prosjekter.csv", usecols=["id"])["id"]) for p in periods]
    joined = [len(b - a) for a, b in zip(ids, ids[1:])]
    left = [len(a - b) for a, b in zip(ids, ids[1:])]
    assert min(joined) >= 1 and min(left) >= 1
    returned = {i for k in range(2, 12) for i in ids[k] - ids[k - 1] if any(i in ids[j] for j in range(k - 1))}
    assert returned, "at least one project comes back after an absence"
    status = [pd.read_csv(folder / "data" / p / "prosjekter.csv", usecols=["id", "status"]).set_index("id")["status"]
              for p in periods]
    assert any((a.reindex(b.index) != b)[b.index.isin(a.index)].any() for a, b in zip(status, status[1:]))
    # ehp demo again: the earlier demo is replaced, nothing else
    assert main(["demo", str(folder), "--no-build"]) == 0


def test_demo_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "viktig.txt").write_text("ikke slett", encoding="utf-8")
    assert main(["demo", str(tmp_path / "mine"), "--no-build"]) == 2
    err = capsys.readouterr().err
    assert "er ikke skrevet av «ehp demo»" in err and "Traceback" not in err
    assert (tmp_path / "mine" / "viktig.txt").read_text(encoding="utf-8") == "ikke slett"


def test_root_option_points_every_command_at_a_project(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EHP_ROOT", raising=False)
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--no-build"]) == 0
    capsys.readouterr()
    assert main(["--root", str(folder), "periods", "--default"]) == 0
    assert capsys.readouterr().out.strip() == "2023-10"
    assert main(["--root", str(tmp_path / "nowhere"), "periods"]) == 2


def test_a_synthetic_period_says_example_data_on_every_page():
    """The title page's notes, a bar that stays at the top of the screen, and every printed page's header and footer."""
    import re

    from .test_assemble import render

    soup = render(synthetic=True, reconstructed=False)
    (bar,) = soup.select("div.ehp-example")
    assert bar.get_text() == "Eksempeldata – ikke virkelige prosjekter" and bar["role"] == "note"
    notes = [n.get_text() for n in soup.select("header .ehp-note")]
    assert notes == ["Eksempeldata: rapporten er laget av syntetiske data for å vise verktøyet. Prosjektene, tallene "
                     "og kommentarene er oppdiktet og sier ingenting om den virkelige porteføljen."]
    style = soup.find("style").get_text()
    unescape = lambda s: re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), s)  # noqa: E731
    header = unescape(re.search(r"@top-center \{ content: \"([^\"]*)\"", style).group(1))
    footer = unescape(re.search(r"@bottom-left \{ content: \"([^\"]*)\"", style).group(1))
    assert header == "Eksempeldata – ikke virkelige prosjekter"
    assert footer == "Nasjonal e-helseportefølje – Januar 2020 – Eksempeldata – ikke virkelige prosjekter"
    plain = render(reconstructed=False)
    assert not plain.select(".ehp-example") and "Eksempeldata" not in str(plain)
