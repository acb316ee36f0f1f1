"""The dependency network (report.md, "Avhengighetsnettverket" and "At risk through the network") and the
prioritisation (chapter 5, "Prioritering"), on hand-written portfolios whose answers follow from the definitions."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from ehp_analysis import plots, text
from ehp_analysis.metrics import network, priority
from ehp_analysis.portfolio import build_portfolio

DEP_COLUMNS = ["project_id", "dependency", "depends_on_id", "category", "criticality", "status", "theme"]


def row(id, status="grønn", **fields):
    return dict(id=id, name=f"Prosjekt {id}", type="prosjekt", organisation="Helsedirektoratet", focus_area="1.1",
                phase="gjennomføring", status=status, risk="gul", **fields)


def dep(project_id, name, criticality="høy", status="grønn", depends_on_id=None):
    return (project_id, name, depends_on_id, "Infrastruktur og felleskomponenter", criticality, status, None)


def portfolio(rows, deps, period="2020-01"):
    return build_portfolio(period, pd.DataFrame(rows), pd.DataFrame(deps, columns=DEP_COLUMNS))


# ------------------------------------------------------------------------------------- names and targets


@pytest.mark.parametrize("a, b", [("Helse-ID ", "helseid"), ("HelseID", "Helse ID"), ("E-helseloven", "ehelseloven"),
                                  ("Norsk laboratoriekodeverk (NLK)", "norsk laboratoriekodeverk nlk"),
                                  ("Kjernejournal", "KJERNEJOURNAL.")])
def test_component_names_ignore_case_spaces_and_punctuation(a, b):
    assert network.component_key(a) == network.component_key(b)


def test_different_components_stay_apart():
    assert network.component_key("Helsenorge") != network.component_key("Helsenettet")


def test_targets_a_project_of_the_period_or_a_component_by_its_most_frequent_spelling():
    p = portfolio([row(1), row(2), row(3), row(4)],
                  [dep(1, "Helse-ID"), dep(2, "HelseID"), dep(3, "HelseID"), dep(4, "helse id"),
                   dep(1, "Prosjekt 2", depends_on_id=2), dep(2, "Borte", depends_on_id=99),
                   dep(3, "Alfa"), dep(4, "alfa")])
    t = network.targets(p)
    assert t["kind"].tolist() == ["komponent"] * 4 + ["prosjekt", "komponent", "komponent", "komponent"]
    assert t["label"].tolist()[:4] == ["HelseID"] * 4      # 2 of 4 spell it "HelseID"
    assert t.loc[4, "label"] == "2"                         # a project of the period: its id as text
    assert t.loc[5, "label"] == "Borte"                     # 99 is not in the period: the component it names
    assert t["label"].tolist()[6:] == ["Alfa", "Alfa"]      # a tie: the first met in file order


# ------------------------------------------------------------------------------------------ at risk


def test_a_chain_of_projects_where_only_the_last_is_red():
    # A (1) → B (2) → C (3), høy, the dependencies' own status grønn; only C has status rød.
    p = portfolio([row(1), row(2), row(3, "rød")],
                  [dep(1, "B", depends_on_id=2), dep(2, "C", depends_on_id=3)])
    # B has a høy dependency on a red project: at risk; A on B, which is at risk: at risk; C depends on nothing.
    assert network.at_risk_ids(p) == [1, 2]
    frame = network.at_risk(p).set_index("id")
    assert frame.loc[2, "via"] == ((3, "Prosjekt 3", True),)
    assert frame.loc[1, "via"] == ((2, "Prosjekt 2", False),)
    assert text.at_risk_table(network.at_risk(p))["Hvorfor utsatt"].tolist() == [
        "Avhenger av 2 Prosjekt 2, som selv er utsatt.", "Avhenger av 3 Prosjekt 3, som har rød status."]


def test_only_high_criticality_carries_the_risk():
    p = portfolio([row(1), row(2), row(3, "rød")],
                  [dep(1, "B", criticality="middels", depends_on_id=2), dep(2, "C", depends_on_id=3)])
    assert network.at_risk_ids(p) == [2]


def test_a_cycle():
    # 1 → 2 → 1, høy, nobody red: nobody at risk, and the search ends.
    calm = portfolio([row(1), row(2)], [dep(1, "B", depends_on_id=2), dep(2, "A", depends_on_id=1)])
    assert network.at_risk_ids(calm) == []
    # 2 also has a red høy dependency on a component: 2 at risk, 1 through 2; 3 → 1 too.
    red = portfolio([row(1), row(2), row(3)], [dep(1, "B", depends_on_id=2), dep(2, "A", depends_on_id=1),
                                               dep(2, "HelseID", status="rød"), dep(3, "A", depends_on_id=1)])
    assert network.at_risk_ids(red) == [1, 2, 3]
    assert network.at_risk(red).set_index("id").loc[2, "direct"] == ("HelseID",)


def test_a_dependency_on_a_project_that_left():
    # 99 was red last period and has left: a dependency on it counts only by its own status.
    p = portfolio([row(1), row(2)], [dep(1, "Gammelt prosjekt", depends_on_id=99),
                                     dep(2, "Gammelt prosjekt", status="rød", depends_on_id=99)])
    assert network.at_risk_ids(p) == [2]


def test_a_red_dependency_of_low_criticality_is_no_risk():
    p = portfolio([row(1)], [dep(1, "HelseID", criticality="lav", status="rød")])
    assert network.at_risk_ids(p) == []


# ----------------------------------------------------------------------------------- most depended on


def test_most_depended_on_counts_projects_with_a_high_dependency_and_breaks_ties_by_name():
    rows = [row(i) for i in range(1, 8)]
    deps = [dep(1, "Zeta"), dep(2, "zeta"), dep(1, "Zeta"),                 # Zeta: two projects (1 counted once)
            dep(3, "Alfa"), dep(4, "Alfa"),                                 # Alfa: two
            dep(5, "Prosjekt 7", depends_on_id=7), dep(6, "P7", depends_on_id=7),  # project 7: two, named "7"
            dep(1, "Beta"), dep(2, "Beta", criticality="middels"), dep(3, "Beta", criticality="lav"),  # Beta: one høy
            dep(5, "Gamma", criticality="middels")]                         # Gamma: no høy dependent, left out
    frame = network.most_depended_on(portfolio(rows, deps), None)
    # counts 2, 2, 2, 1; ties by normalised name in code-point order: "7" < "alfa" < "zeta"
    assert frame["label"].tolist() == ["7", "Alfa", "Zeta", "Beta"]
    assert frame["high_dependents"].tolist() == [2, 2, 2, 1]
    assert frame.set_index("label").loc["Beta", "dependents"] == 3


# --------------------------------------------------------------------------------------------- figure


def _png(nodes, edges) -> bytes:
    with plots.report_style():
        fig, ax = plt.subplots(figsize=(9.5, 10))
        plots.dependency_network(nodes, edges=edges, ax=ax)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
        plt.close(fig)
    return buf.getvalue()


def test_the_figure_data_small_portfolio():
    p = portfolio([row(1), row(2), row(3), row(4, "rød")],
                  [dep(1, "HelseID"), dep(2, "Helse-ID"), dep(3, "Eget system", status="rød"),
                   dep(3, "Prosjekt 4", depends_on_id=4), dep(2, "Alene")])
    nodes, edges = network.figure_data(p)
    # shared: HelseID (1, 2); the target of a red dependency: "Eget system"; "Alene" (one dependent, not red): out.
    assert nodes.loc[nodes["shared"], "label"].tolist() == ["Eget system", "HelseID"]
    assert "Alene" not in nodes["label"].tolist()
    assert sorted(edges["target"]) == ["komponent:egetsystem", "komponent:helseid", "komponent:helseid",
                                       "prosjekt:4"]
    assert nodes.attrs["mode"] == "alle" and nodes.attrs["n_red_edges"] == 1


def test_two_renders_are_byte_identical():
    from ehp_analysis import load_period

    p = load_period("2020-01")
    first, second = network.figure_data(p), network.figure_data(p)
    assert _png(*first) == _png(*second)


def test_a_large_portfolio_draws_the_top_targets_and_their_high_dependents():
    from ehp_analysis.synthetic import synthetic_portfolios

    p = synthetic_portfolios(320, 1, seed=3)[-1]
    assert len(p.projects) > network.LARGE_PORTFOLIO
    nodes, edges = network.figure_data(p)
    top = network.most_depended_on(p, network.LARGE_TOP)
    assert nodes.attrs["mode"] == "største"
    assert set(edges["target"]) == {f"{k}:{v}" for k, v in zip(top["kind"], top["key"])}
    assert edges["high"].all()
    assert _png(nodes, edges) == _png(*network.figure_data(p))
    assert text.network_figure_note(nodes.attrs).startswith("Porteføljen har 3")


# ------------------------------------------------------------------------------------- prioritisation


def test_prioritisation_on_a_hand_portfolio():
    rows = [row(1, total_cost=9.5, benefits=30),       # 30 / 9,5 = 3,157…
            row(2, total_cost=19, benefits=60),        # 60 / 19 = 3,157…: the same ratio exactly, ties by id
            row(3, total_cost=100, benefits=50),       # 0,5
            row(4, total_cost=200, benefits=None),     # no quantified benefits: listed apart
            row(5, total_cost=None, benefits=0),       # none either, total cost not reported: apart, last
            row(6, total_cost=None, benefits=40),      # benefits but no total cost: left out, counted
            row(7, total_cost=80, benefits=70, benefits_withheld=True),   # withheld: left out, counted
            row(8, total_cost=0, benefits=10),         # a total cost of 0 cannot stand on a log axis: left out
            row(9, total_cost=300, benefits=None, benefits_not_answered=True)]  # "-": not answered, apart
    prio = priority.prioritisation(build_portfolio("2020-01", pd.DataFrame(rows)))
    assert prio.ranked["id"].tolist() == [1, 2, 3]
    assert prio.ranked["rank"].tolist() == [1, 2, 3]
    assert prio.ratio_top_ids == [1, 2, 3]
    assert (prio.plotted_count, prio.left_out_count) == (3, 6)
    assert prio.without_benefits["id"].tolist() == [9, 4, 5]   # by total cost: 300, 200, not reported
    assert prio.without_benefits["benefits_answer"].tolist() == ["ikke_besvart", "ingen", "ingen"]
    assert (prio.n_no_total_cost, prio.n_withheld) == (2, 1)  # 6 and 8; 7
    assert 70 not in prio.ranked["benefits"].tolist()
    assert prio.ranked["labelled"].all()  # fewer than ten: all labelled
    assert text.prioritisation_intro(prio) == (
        "Figuren viser tre av ni prosjekter: de som har rapportert både totalkostnad og kvantifiserte gevinster."
        " De seks andre er utelatt fordi en verdi mangler: tre har ikke kvantifisert gevinster (de står i egen"
        " tabell nedenfor), to har gevinster, men har ikke rapportert totalkostnad og ett har totalkostnad eller"
        " gevinster unntatt offentlighet.")


def test_the_ten_largest_by_total_cost_are_labelled():
    rows = [row(i, total_cost=10 * i, benefits=5) for i in range(1, 13)]
    prio = priority.prioritisation(build_portfolio("2020-01", pd.DataFrame(rows)))
    assert sorted(prio.ranked.loc[prio.ranked["labelled"], "id"]) == list(range(3, 13))
    with plots.report_style():
        fig, ax = plt.subplots()
        drawn = plots.priority_scatter(prio.ranked, ax=ax)
    labels = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
    assert labels == list(range(3, 13))
    assert plots.alt_text("priority_scatter", drawn.data).startswith(
        "Punktdiagram med logaritmiske akser: totalkostnad mot kvantifiserte gevinster for 12 prosjekter")


def test_prioritisation_shows_the_goal_when_the_period_has_goals():
    # a period whose template has strategimal (the goal column, 1–5) and no focus area
    rows = [row(1, total_cost=10, benefits=20, goal=3), row(2, total_cost=10, benefits=5, goal=1)]
    frame = pd.DataFrame(rows)
    frame["focus_area"] = None
    prio = priority.prioritisation(build_portfolio("2023-05", frame))
    assert prio.area_column == "goal" and prio.ranked["area"].tolist() == ["3", "1"]
    assert list(text.prioritisation_table(prio).columns)[-1] == "goal"
    assert text.LABELS["columns"]["goal"] == "Mål"
