"""The report's figures: right bars, right labels, missing values absent, colours that work for everyone."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from ehp_analysis import plots as P  # noqa: E402
from ehp_analysis import text  # noqa: E402
from ehp_analysis.exceptions import FigureError  # noqa: E402
from ehp_analysis.template import CATEGORIES  # noqa: E402

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- fixtures: small hand-written tidy frames, as the metrics produce them ---------------------------

OWNER_GROUPS = ["KS/kommunene", "Helse Nord RHF", "Helse Midt RHF", "Helse Vest RHF", "Helse Sør-Øst RHF",
                "Folkehelseinstituttet", "Helsedirektoratet", "Direktoratet for e-helse"]


def owner_groups(budget=(12.5, None, 230.0, 120.2, 88.0, 45.1, 310.0, 540.4)):
    return pd.DataFrame({"owner_group": OWNER_GROUPS, "budget": pd.array(list(budget), dtype="Float64")})


AREAS = ["Digitalisering av arbeidsprosesser", "Bedre sammenheng i pasientforløp", "Bedre bruk av helsedata",
         "Helsehjelp på nye måter", "Felles grunnmur for digitale tjenester",
         "Nasjonal styring av e-helse og økt gjennomføringsevne"]


def strategic_areas():
    # Current period first, as the metrics give it; one value missing in each period.
    now = [678.0, 200.0, 300.5, None, 150.0, 20.0]
    before = [700.0, 180.0, 250.0, 40.0, 140.0, None]
    return pd.DataFrame({
        "area": [str(i) for i in range(1, 7)] * 2,
        "area_name": AREAS * 2,
        "period": ["2020-01"] * 6 + ["2019-10"] * 6,
        "budget": pd.array(now + before, dtype="Float64"),
    })


def colour_shares():
    counts = {("status", "2020-01"): (23, 30, 1), ("status", "2019-10"): (30, 24, 0),
              ("risiko", "2020-01"): (17, 36, 1), ("risiko", "2019-10"): (17, 36, 1)}
    rows = [(m, p, c, n, n / 54) for (m, p), ns in counts.items() for c, n in zip(("grønn", "gul", "rød"), ns)]
    frame = pd.DataFrame(rows, columns=["measure", "period", "colour", "count", "share"])
    frame["share"] = frame["share"].astype("Float64")
    return frame


def bands():
    return pd.DataFrame({"band": ["<10", "10-299", "300-500", ">500"], "count": [10, 26, 7, 4]})


def categories():
    return pd.DataFrame({"category": list(CATEGORIES), "count": [52, 14, 20, 33, 10]})


BRIDGE_STEPS = ["previous_total", "left", "joined", "stopped_reporting", "started_reporting", "continuing_change",
                "total"]


def bridge(amounts=(1730.0, -60.0, 25.5, -30.0, 10.0, -25.5, 1650.0)):
    labels = ["Budsjett 2019", "Ut av porteføljen", "Nye prosjekter", "Sluttet å rapportere",
              "Begynte å rapportere", "Endring i videreførte prosjekter", "Budsjett 2020"]
    return pd.DataFrame({"step": BRIDGE_STEPS, "label": labels, "amount": pd.array(list(amounts), dtype="Float64")})


def bars(ax: Axes) -> list[Rectangle]:
    """The data bars, container by container (seaborn also adds empty legend-handle rectangles to
    ``ax.patches``; they are not bars)."""
    drawn = [r for c in ax.containers for r in c]
    assert all(r in ax.patches for r in drawn)
    assert all(p in drawn or p.get_width() == p.get_height() == 0 for p in ax.patches)
    return drawn


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_text()]


# --- every function: an Axes and its data, with ax=None and with an explicit ax ------------------------

CASES = [
    (P.budget_by_owner_group, owner_groups),
    (P.budget_by_strategic_area, strategic_areas),
    (P.status_risk_shares, colour_shares),
    (P.total_cost_bands, bands),
    (P.dependencies_by_category, categories),
    (P.budget_bridge, bridge),
]


@pytest.mark.parametrize("func, make", CASES, ids=[f.__name__ for f, _ in CASES])
def test_returns_axes_and_data_on_current_axes(func, make):
    fig, ax = plt.subplots()
    result = func(make())
    assert isinstance(result, P.Plot)
    assert result.ax is ax  # plt.gca()
    assert isinstance(result.data, pd.DataFrame) and len(result.data) > 0
    assert bars(result.ax)


@pytest.mark.parametrize("func, make", CASES, ids=[f.__name__ for f, _ in CASES])
def test_draws_on_the_given_axes(func, make):
    fig, (left, right) = plt.subplots(1, 2)
    ax, data = func(make(), ax=right)
    assert ax is right
    assert bars(right) and not bars(left)


@pytest.mark.parametrize("func, make", CASES, ids=[f.__name__ for f, _ in CASES])
def test_style_is_clean_and_restored(func, make):
    before = dict(matplotlib.rcParams)
    ax, _ = func(make())
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert dict(matplotlib.rcParams) == before  # the figure functions leave the session's style alone


@pytest.mark.parametrize("func, make", CASES, ids=[f.__name__ for f, _ in CASES])
def test_does_not_change_its_input(func, make):
    data = make()
    copy = data.copy()
    func(data)
    pd.testing.assert_frame_equal(data, copy)


@pytest.mark.parametrize("func", [f for f, _ in CASES], ids=[f.__name__ for f, _ in CASES])
def test_missing_columns_are_refused(func):
    with pytest.raises(FigureError, match="mangler"):
        func(pd.DataFrame({"x": [1]}))


# --- bars and labels ------------------------------------------------------------------------------------

def test_owner_groups_bars_and_labels():
    ax, data = P.budget_by_owner_group(owner_groups())
    widths = sorted(round(b.get_width(), 6) for b in bars(ax))
    assert widths == sorted([12.5, 230.0, 120.2, 88.0, 45.1, 310.0, 540.4])  # 7: Helse Nord reported none
    assert texts(ax) == ["12,5", "230,0", "120,2", "88,0", "45,1", "310,0", "540,4", "ikke rapportert"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "KS/kommunene" and ticks[1] == "Helse Nord RHF"  # the missing group keeps its slot
    assert ticks[-1] == "Direktoratet for\ne-helse"  # wrapped, not at its hyphen
    assert ax.get_xlabel() == "Budsjett (mill. kr)"
    assert list(data["owner_group"]) == OWNER_GROUPS


def test_owner_group_bars_sit_in_their_slots():
    ax, _ = P.budget_by_owner_group(owner_groups())
    centres = {round(b.get_y() + b.get_height() / 2): b.get_width() for b in bars(ax)}
    assert 1 not in centres  # Helse Nord RHF's slot is empty, not a 0-wide bar
    assert centres[7] == pytest.approx(540.4)


def test_thousands_and_decimal_comma():
    ax, _ = P.budget_by_owner_group(owner_groups((1234.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)))
    assert texts(ax)[0] == f"1{NBSP}234,5"
    plt.gcf().canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any(NBSP in t for t in ticks) and not any("." in t for t in ticks)


# --- the report's one number format: a bar, an axis and a sentence write a value alike -------------------

def test_bar_labels_round_half_up_like_the_sentences():
    # 12.25 and 2.25 are exact floats: babel's half-even rounding drew "12,2" while the sentence said "12,3".
    ax, _ = P.budget_by_owner_group(owner_groups((12.25, 2.25, 0.05, 1.0, 1.0, 1.0, 1.0, 1.0)))
    assert texts(ax)[:3] == ["12,3", "2,3", "0,1"]
    assert text.amount(12.25) == "12,3 mill."  # the sentence beside the figure
    assert texts(ax)[0] == text.number(12.25, 1)


def test_bridge_labels_signed_with_the_minus_sign_and_no_negative_zero():
    ax, _ = P.budget_bridge(bridge((1730.0, -2.25, 2.25, -0.04, 0.0, -60.0, 1670.0)))
    assert texts(ax) == [f"1{NBSP}730,0", f"{MINUS}2,3", "+2,3", "0,0", "0,0", f"{MINUS}60,0", f"1{NBSP}670,0"]


def test_axis_ticks_have_the_minus_sign_and_no_negative_zero():
    fig, ax = plt.subplots()
    ax.plot([-1.5, 1.5], [-2000, 2000])
    P.number_axis(ax.xaxis)
    P.number_axis(ax.yaxis)
    fig.canvas.draw()
    xticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    yticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "0" in xticks and f"{MINUS}1" in xticks and f"{MINUS}1,5" in xticks
    assert f"{MINUS}2{NBSP}000" in yticks and f"2{NBSP}000" in yticks
    assert not any(t.startswith("-") or t == f"{MINUS}0" for t in xticks + yticks)
    # A tick that float arithmetic puts just below zero still reads 0.
    assert P.style._tick(-1e-17) == "0" and P.style._tick(-0.0) == "0"


def test_strategic_areas_two_periods_side_by_side():
    ax, data = P.budget_by_strategic_area(strategic_areas())
    assert len(bars(ax)) == 10  # 12 values, one missing in each period
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["oktober 2019", "januar 2020"]  # oldest first
    widths = sorted(round(b.get_width(), 6) for b in bars(ax))
    assert widths == sorted([678.0, 200.0, 300.5, 150.0, 20.0, 700.0, 180.0, 250.0, 40.0, 140.0])
    labels = texts(ax)
    assert labels.count("ikke rapportert") == 2 and "300,5" in labels and "0,0" not in labels
    assert list(data["period"][:2]) == ["2019-10", "2020-01"] and list(data["area"][:2]) == ["1", "1"]
    assert ax.get_yticklabels()[5].get_text().startswith("6 Nasjonal styring")
    assert all(len(line) <= 30 for t in ax.get_yticklabels() for line in t.get_text().splitlines())


@pytest.mark.parametrize("years, legend", [
    ({"2019-10": 2019, "2020-01": 2020}, ["oktober 2019 (budsjett 2019)", "januar 2020 (budsjett 2020)"]),
    ({"2019-10": 2020, "2020-01": 2020}, ["oktober 2019", "januar 2020"]),  # same budget year: nothing to say
    ({"2020-01": 2020}, ["oktober 2019", "januar 2020"]),  # a year unknown: nothing claimed
])
def test_strategic_area_legend_names_budget_years_when_they_differ(years, legend):
    ax, _ = P.budget_by_strategic_area(strategic_areas(), budget_years=years)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == legend


def test_strategic_area_previous_period_is_lighter():
    ax, _ = P.budget_by_strategic_area(strategic_areas())
    colours = {b.get_facecolor()[:3] for b in bars(ax)}
    assert colours == {mcolors.to_rgb(P.PREVIOUS_COLOUR), mcolors.to_rgb(P.BAR_COLOUR)}


def test_status_shares_stack_to_one_with_colours_and_labels():
    ax, data = P.status_risk_shares(colour_shares())
    segments = [b for b in bars(ax) if b.get_width() > 0]
    assert len(segments) == 11  # 12 shares, status 2019-10 has no red project
    # Each row's segments add up to 100 %.
    rows = {}
    for b in segments:
        rows.setdefault(round(b.get_y(), 6), []).append(b.get_width())
    assert len(rows) == 4 and all(sum(w) == pytest.approx(1.0) for w in rows.values())
    # Colour and text: the legend names the colours, the segments carry their shares.
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["grønn", "gul", "rød"]
    labels = texts(ax)
    assert f"56{NBSP}%" in labels and f"43{NBSP}%" in labels and labels.count(f"67{NBSP}%") == 2
    assert labels.count(f"rød 2{NBSP}%") == 3  # too narrow to hold its value: written beside the bar
    assert {mcolors.to_hex(b.get_facecolor()) for b in segments} == {c.lower() for c in P.STATUS_COLOURS.values()}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Status oktober 2019", "Status januar 2020",
                                                            "Risiko oktober 2019", "Risiko januar 2020"]
    assert set(data.columns) >= {"measure", "period", "colour", "count", "share", "left"}


def thin_status_shares():
    """One period of 12: status 3 grønn, 5 gul, 1 rød, 3 ikke vurdert; risk 6 grønn, 6 gul (all assessed)."""
    rows = [("status", "2020-01", c, n, n / 12) for c, n in (("grønn", 3), ("gul", 5), ("rød", 1), ("ikke vurdert", 3))]
    rows += [("risiko", "2020-01", c, n, n / 12) for c, n in (("grønn", 6), ("gul", 6), ("rød", 0))]
    frame = pd.DataFrame(rows, columns=["measure", "period", "colour", "count", "share"])
    frame["share"] = frame["share"].astype("Float64")
    return frame


def test_status_shares_show_not_assessed_grey_with_its_words():
    ax, data = P.status_risk_shares(thin_status_shares())
    segments = [b for b in bars(ax) if b.get_width() > 0]
    rows = {}
    for b in segments:
        rows.setdefault(round(b.get_y(), 6), []).append(b.get_width())
    assert all(sum(w) == pytest.approx(1.0) for w in rows.values())  # colours + ikke vurdert = 100 %
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["grønn", "gul", "rød", "ikke vurdert"]
    grey = [b for b in segments if mcolors.to_hex(b.get_facecolor()) == P.NOT_ASSESSED_COLOUR.lower()]
    assert len(grey) == 1 and grey[0].get_width() == pytest.approx(0.25)
    assert texts(ax).count(f"25{NBSP}%") == 2  # grønn and ikke vurdert in the status bar
    # the last segment of the status bar, after the three colours
    assert data.loc[data["measure"] == "status", "colour"].tolist()[-1] == "ikke vurdert"


def test_status_shares_legend_has_no_not_assessed_when_all_are_assessed():
    ax, _ = P.status_risk_shares(colour_shares())
    assert "ikke vurdert" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_alt_text_names_not_assessed():
    text = P.alt_text("status_risk_shares", thin_status_shares())
    assert text.startswith("Stablede stolper over andelen prosjekter med grønn, gul og rød status og risiko,"
                           " og andelen som ikke er vurdert, i januar 2020.")
    assert f"Status januar 2020: 25{NBSP}% grønn, 42{NBSP}% gul, 8{NBSP}% rød og 25{NBSP}% ikke vurdert." in text
    # a zero share is said in words, and "ikke vurdert" is left out where no project has it (risk here)
    assert f"Risiko januar 2020: 50{NBSP}% grønn, 50{NBSP}% gul og ingen rød." in text


def _shares_of_244(measure="status", period="2020-01"):
    """One period of 244 projects: 243 grønn, 1 rød, none gul."""
    rows = [(measure, period, c, n, n / 244) for c, n in (("grønn", 243), ("gul", 0), ("rød", 1))]
    frame = pd.DataFrame(rows, columns=["measure", "period", "colour", "count", "share"])
    frame["share"] = frame["share"].astype("Float64")
    return frame


@pytest.mark.parametrize("figure", ["status_risk_shares", "colour_shares_over_time"])
def test_a_share_of_a_count_never_claims_none_or_all(figure):
    # 1 of 244 is 0,41 %: "under 1 %"; 243 of 244 is 99,59 %: "over 99 %"; 0 of 244 in words
    data = _shares_of_244()
    text = P.alt_text(figure, data)
    assert f"over 99{NBSP}% grønn, ingen gul og under 1{NBSP}% rød." in text
    draw = P.status_risk_shares if figure == "status_risk_shares" else P.colour_shares_over_time
    ax = draw(data, ax=plt.subplots()[1]).ax
    labels = [t.get_text() for t in ax.texts]  # the bar labels and the note beside a narrow segment
    assert f"over 99{NBSP}%" in labels and f"rød under 1{NBSP}%" in labels, labels


def test_status_shares_missing_previous_period_is_absent():
    data = colour_shares()
    data.loc[data["period"] == "2019-10", "share"] = pd.NA
    ax, drawn = P.status_risk_shares(data)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Status januar 2020", "Risiko januar 2020"]
    assert len(drawn) == 6


def test_total_cost_bands():
    ax, data = P.total_cost_bands(bands())
    assert [round(b.get_height()) for b in bars(ax)] == [10, 26, 7, 4]
    assert texts(ax) == ["10", "26", "7", "4"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["< 10", "10–299", "300–500", "> 500"]
    assert ax.get_ylabel() == "Antall prosjekter" and "mill. kr" in ax.get_xlabel()


def test_total_cost_bands_in_band_order_whatever_the_row_order():
    shuffled = bands().iloc[[3, 1, 0, 2]]
    ax, data = P.total_cost_bands(shuffled)
    assert [round(b.get_height()) for b in bars(ax)] == [10, 26, 7, 4]
    assert list(data["band"]) == ["<10", "10-299", "300-500", ">500"]


def test_zero_is_drawn_but_missing_is_not():
    data = pd.DataFrame({"band": ["<10", "10-299", "300-500", ">500"],
                         "count": pd.array([0, 26, None, 4], dtype="Int64")})
    ax, _ = P.total_cost_bands(data)
    heights = {round(b.get_x() + b.get_width() / 2): b.get_height() for b in bars(ax)}
    assert heights == {0: 0, 1: 26, 3: 4}  # 300-500 absent; a real 0 is a 0 bar, labelled
    assert texts(ax) == ["0", "26", "4", "ikke rapportert"]


def test_dependencies_by_category():
    ax, data = P.dependencies_by_category(categories())
    assert [round(b.get_width()) for b in bars(ax)] == [52, 14, 20, 33, 10]
    assert texts(ax) == ["52", "14", "20", "33", "10"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Tjenester og\napplikasjoner" and "\n" in ticks[1]
    assert ax.get_xlabel() == "Antall avhengigheter"


def test_bridge_waterfall():
    ax, data = P.budget_bridge(bridge())
    rects = bars(ax)
    assert len(rects) == 7
    # Levels from 0; changes floating from the running total, as tall as the change.
    expected = [(0, 1730), (1670, 60), (1670, 25.5), (1665.5, 30), (1665.5, 10), (1650, 25.5), (0, 1650)]
    assert [(round(r.get_y(), 6), round(r.get_height(), 6)) for r in rects] == expected
    assert texts(ax) == [f"1{NBSP}730,0", "−60,0", "+25,5", "−30,0", "+10,0", "−25,5", f"1{NBSP}650,0"]
    assert list(data["end"])[-2] == pytest.approx(1650.0)  # the changes add up to the total
    assert list(data["kind"]) == ["level", "decrease", "increase", "decrease", "increase", "decrease", "level"]
    # Increases and decreases differ in colour, and in sign on the label.
    assert rects[1].get_facecolor() != rects[2].get_facecolor()
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "Budsjett\n2019"


def test_bridge_names_the_metrics_step_codes():
    # The metric gives codes and amounts only; the figure, its CSV data and its alt text use the report's words.
    codes = bridge().drop(columns="label")
    ax, data = P.budget_bridge(codes)
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [
        "Budsjett forrige periode", "Prosjekter som har gått ut", "Nye prosjekter", "Budsjett ikke rapportert nå",
        "Budsjett rapportert først nå", "Endring i videreførte prosjekter", "Budsjett denne perioden"]
    assert list(data.columns[:3]) == ["step", "label", "amount"]
    assert P.alt_text("budget_bridge", codes).endswith("Størst bidrag: Prosjekter som har gått ut (−60,0 mill. kr).")


def test_bridge_missing_step_is_skipped_and_first_period_draws_total_only():
    ax, data = P.budget_bridge(bridge((1730.0, -60.0, None, -30.0, 10.0, 0.0, 1650.0)))
    assert len(bars(ax)) == 6
    assert pd.isna(data.loc[2, "start"])
    plt.close("all")
    ax, data = P.budget_bridge(bridge((None, None, None, None, None, None, 1650.0)))
    assert [r.get_height() for r in bars(ax)] == [1650.0]
    assert texts(ax) == [f"1{NBSP}650,0"]


def test_bridge_zoomed_axis_says_so():
    ax, _ = P.budget_bridge(bridge(), from_zero=False)
    assert ax.get_ylim()[0] > 1000
    assert "starter ikke på 0" in ax.get_ylabel()


def test_kwargs_reach_seaborn():
    ax, _ = P.budget_by_owner_group(owner_groups(), color="#000000")
    assert all(mcolors.to_hex(b.get_facecolor()) == "#000000" for b in bars(ax))


# --- alt text -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, data, kwargs, expected", [
    ("budget_by_owner_group", owner_groups(), {"budget_year": 2020},
     "Stolpediagram over budsjett 2020 per eiergruppe, i mill. kr. Størst er Direktoratet for e-helse med "
     "540,4 mill. kr. Ikke rapportert: Helse Nord RHF."),
    ("budget_by_strategic_area", strategic_areas(), {},
     "Stolpediagram over budsjett per satsningsområde i oktober 2019 og januar 2020, i mill. kr. Størst i januar 2020 er "
     "1 Digitalisering av arbeidsprosesser med 678,0 mill. kr (700,0 mill. kr i oktober 2019)."),
    ("total_cost_bands", bands(), {},
     "Stolpediagram over antall prosjekter per intervall for totalkostnad, i mill. kr. Flest prosjekter, 26 av "
     "47 som har rapportert totalkostnad, har en totalkostnad mellom 10 og 299 mill. kr."),
    ("dependencies_by_category", categories(), {},
     f"Stolpediagram over antall avhengigheter per kategori. Flest er i kategorien Tjenester og applikasjoner, "
     f"med 52 av 129 avhengigheter (40{NBSP}%)."),
    ("budget_bridge", bridge(), {},
     f"Fossefallsdiagram som forklarer endringen i samlet budsjett fra 1{NBSP}730,0 mill. kr til "
     f"1{NBSP}650,0 mill. kr. Størst bidrag: Ut av porteføljen (−60,0 mill. kr)."),
])
def test_alt_text(kind, data, kwargs, expected):
    assert P.alt_text(kind, data, **kwargs) == expected


def test_alt_text_status_names_every_share():
    text = P.alt_text("status_risk_shares", colour_shares())
    assert text.startswith("Stablede stolper over andelen prosjekter med grønn, gul og rød status og risiko")
    assert f"Status januar 2020: 43{NBSP}% grønn, 56{NBSP}% gul og 2{NBSP}% rød." in text
    assert f"Risiko oktober 2019: 31{NBSP}% grønn, 67{NBSP}% gul og 2{NBSP}% rød." in text


def test_alt_text_without_values_and_unknown_kind():
    empty = owner_groups((None,) * 8)
    assert P.alt_text("budget_by_owner_group", empty).endswith("Ingen eiergrupper har rapportert budsjett.")
    assert "ingen forrige periode" in P.alt_text("budget_bridge", bridge((None,) * 6 + (1650.0,)))
    with pytest.raises(FigureError, match="Ukjent figurtype"):
        P.alt_text("kakediagram", empty)


# --- colours that work for everyone -----------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
MACHADO = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "normal": np.eye(3),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
D65 = np.array([0.95047, 1.0, 1.08883])


def _linear(hex_colour: str) -> np.ndarray:
    c = np.asarray(mcolors.to_rgb(hex_colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _wcag_contrast(a: str, b: str) -> float:
    la, lb = (float(_linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


MIN_DELTA_E = 30  # CIE76: clearly different colours, not just a shade apart


def _delta_e(vision: str, a: str, b: str) -> float:
    return float(np.linalg.norm(_lab(MACHADO[vision] @ _linear(a)) - _lab(MACHADO[vision] @ _linear(b))))


def test_simulation_sanity():
    # matplotlib's default red and green (tab:red, tab:green): far apart for normal vision, nearly one
    # colour for a deuteranope, much closer for a protanope. The matrices keep grey grey.
    red, green = "#D62728", "#2CA02C"
    assert _delta_e("normal", red, green) > 100
    assert _delta_e("deuteranopia", red, green) < MIN_DELTA_E / 3
    assert _delta_e("protanopia", red, green) < 0.4 * _delta_e("normal", red, green)
    for matrix in MACHADO.values():
        assert np.allclose(matrix.sum(axis=1), 1, atol=1e-3)


@pytest.mark.parametrize("vision", list(MACHADO))
def test_status_colours_distinguishable(vision):
    for a, b in itertools.combinations(P.STATUS_COLOURS, 2):
        delta_e = _delta_e(vision, P.STATUS_COLOURS[a], P.STATUS_COLOURS[b])
        assert delta_e >= MIN_DELTA_E, f"{a}/{b} under {vision}: ΔE {delta_e:.1f}"


@pytest.mark.parametrize("vision", list(MACHADO))
def test_not_assessed_grey_apart_from_the_colours(vision):
    for colour, value in P.STATUS_COLOURS.items():
        delta_e = _delta_e(vision, P.NOT_ASSESSED_COLOUR, value)
        assert delta_e >= MIN_DELTA_E, f"ikke vurdert/{colour} under {vision}: ΔE {delta_e:.1f}"
    assert _wcag_contrast(P.NOT_ASSESSED_COLOUR, "#000000") >= 4.5


@pytest.mark.parametrize("colour", ["grønn", "gul", "rød"])
def test_status_colour_text_contrast(colour):
    background = P.STATUS_COLOURS[colour]
    assert max(_wcag_contrast(background, "#000000"), _wcag_contrast(background, "#FFFFFF")) >= 4.5
    assert _wcag_contrast(background, P.STATUS_TEXT_COLOURS[colour]) >= 4.5
    assert P.contrast_ratio(background, "#000000") == pytest.approx(_wcag_contrast(background, "#000000"))


def test_wcag_formula_known_values():
    assert _wcag_contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _wcag_contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_report_style_as_function_and_context():
    before = dict(matplotlib.rcParams)
    with P.report_style():
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert dict(matplotlib.rcParams) == before
    try:
        P.report_style()
        assert matplotlib.rcParams["axes.spines.right"] is False
    finally:
        matplotlib.rcParams.update({k: v for k, v in before.items() if k != "backend"})


# --- end to end: the metrics' own frames, from a synthetic portfolio, draw without complaint ---------------

def test_draws_the_metrics_frames_of_a_synthetic_portfolio():
    metrics = pytest.importorskip("ehp_analysis.metrics")
    from ehp_analysis.metrics import costs, dependencies, overview, status, strategy
    from ehp_analysis.synthetic import synthetic_portfolios

    previous, current = synthetic_portfolios(400, 2, seed=3)
    frames = {
        P.budget_by_owner_group: overview.budget_by_owner_group(current),
        P.budget_by_strategic_area: strategy.budget_by_strategic_area(current, previous),
        P.status_risk_shares: status.colour_shares(current, previous),
        P.total_cost_bands: costs.cost_bands(current),
        P.dependencies_by_category: dependencies.by_category(current),
        P.budget_bridge: overview.budget_bridge(current, previous).frame(),
    }
    del metrics
    for func, data in frames.items():
        fig, ax = plt.subplots()
        result = func(data, ax=ax)
        assert result.ax is ax and bars(ax), func.__name__
        assert P.alt_text(func.__name__, result.data)
        plt.close(fig)


@pytest.mark.parametrize("period, label", [("2019-10", "oktober 2019"), ("2020-01", "januar 2020"),
                                           ("2021-12", "desember 2021"), ("2020-13", "2020-13"), ("x", "x")])
def test_period_label(period, label):
    assert P.period_label(period) == label


@pytest.mark.parametrize("kind, data, kwargs, expected", [
    ("budget_by_strategic_area", strategic_areas(), {"budget_year": 2020, "previous_budget_year": 2019},
     "Stolpediagram over budsjett 2020 mot budsjett 2019 per satsningsområde i oktober 2019 og januar 2020, i mill. "
     "kr. Størst i januar 2020 er 1 Digitalisering av arbeidsprosesser med 678,0 mill. kr (700,0 mill. kr i "
     "oktober 2019)."),
    ("budget_by_strategic_area", strategic_areas(), {"budget_year": 2020, "previous_budget_year": 2020},
     "Stolpediagram over budsjett 2020 per satsningsområde i oktober 2019 og januar 2020, i mill. kr. Størst i "
     "januar 2020 er 1 Digitalisering av arbeidsprosesser med 678,0 mill. kr (700,0 mill. kr i oktober 2019)."),
    ("budget_bridge", bridge(), {"budget_year": 2020, "previous_budget_year": 2019},
     f"Fossefallsdiagram som forklarer endringen i samlet budsjett fra 1{NBSP}730,0 mill. kr til "
     f"1{NBSP}650,0 mill. kr (budsjett 2020 mot budsjett 2019). Størst bidrag: Ut av porteføljen (−60,0 mill. kr)."),
])
def test_alt_text_says_when_budget_years_differ(kind, data, kwargs, expected):
    assert P.alt_text(kind, data, **kwargs) == expected
