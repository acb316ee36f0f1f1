"""Every label a reader sees, in one place, and the functions that apply them to codes and columns."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..template import NOT_ASSESSED  # a status or risk not reported: its own category, never a colour
from ..template import WITHHELD_RATING  # a status or risk withheld from disclosure: its own category, in words
from ..template import column_words  # every template column's label is declared with the column
from .currency import currency
from ..missing import is_missing as _is_missing
from .format import DASH, amount_as_reported, capitalise


LABELS: dict = {
    "colours": {"grønn": "Grønn", "gul": "Gul", "rød": "Rød", NOT_ASSESSED: "Ikke vurdert",
                WITHHELD_RATING: "Unntatt offentlighet"},
    "measures": {"status": "status", "risiko": "risiko"},
    "types": {"program": ("program", "programmer"), "prosjekt": ("prosjekt", "prosjekter")},
    "bridge": {
        "previous_total": "Budsjett forrige periode",
        "left": "Prosjekter som har gått ut",
        "joined": "Nye prosjekter",
        "stopped_reporting": "Budsjett ikke rapportert nå",
        "started_reporting": "Budsjett rapportert først nå",
        "continuing_change": "Endring i videreførte prosjekter",
        "total": "Budsjett denne perioden",
    },
    # The template's reasons for yellow or red status (statusarsaker), as a reader sees them.
    "reasons": {
        "forsinkelser": "Forsinkelser i prosjektet", "ressurser": "Mangel på ressurser",
        "finansiering": "Mangelfull finansiering", "avhengigheter": "Avhengigheter til andre prosjekter",
        "leverandør": "Utfordringer hos leverandøren", "kvalitet": "Bekymring for kvaliteten",
        "forankring": "Tidkrevende forankring", "annet": "Annet",
    },
    "other_theme": "Annet",
    "left_unexplained": "Gått ut, eller ikke levert innrapportering?",
    "not_reported": DASH,
    "columns": {
        "id": "ID", "name": "Prosjekt", "description": "Beskrivelse", "organisation": "Ansvarlig virksomhet",
        "owner": "Prosjekteier", "budget": "Budsjett (mill.)", "previous_budget": "Budsjett forrige (mill.)",
        "change": "Endring (mill.)", "next_steps": "Veien videre", "status": "Status", "risk": "Risiko",
        "focus_area": "Innsatsområde", "focus_area_name": "Innsatsområde (navn)", "area": "Satsningsområde",
        "area_name": "Satsningsområde (navn)", "owner_group": "Eiergruppe", "program": "Programmer",
        "prosjekt": "Prosjekter", "projects": "Prosjekter", "status_comment": "Statuskommentar",
        "risk_comment": "Risikokommentar", "reason": "Årsak", "count": "Antall", "share": "Andel",
        "band": "Totalkostnad", "category": "Kategori", "theme": "Tema", "file": "Fil", "row": "Rad",
        "column": "Felt", "value": "Verdi", "expected": "Forventet", "period": "Periode",
        "n_not_reported": "Ikke rapportert", "n_withheld": "Unntatt offentlighet",
        "n_projects": "Antall prosjekter", "total": "Totalt", "project_id": "Prosjekt-ID",
        "dependency": "Avhengighet", "criticality": "Kritikalitet", "rank": "Plass",
        "previous_projects": "Prosjekter forrige", "not_reported_share": "Andel ikke rapportert",
        "depends_on_id": "Avhenger av ID", "total_cost": "Totalkostnad (mill.)",
        "last_seen": "Sist med i", "budget_year": "Budsjettår", "joined": "Kommet til", "new": "Herav nye",
        "returned": "Herav tilbake", "left": "Gått ut", "budget_total": "Budsjett (mill.)",
        "budget_not_reported": "Uten budsjett",
        # chapters 3 (goals), 4 (changes), 5 (prioritisation), 2 (programmes), 1 (not delivered)
        "benefits": "Gevinster (mill.)", "ratio": "Gevinster per krone", "phase": "Fase",
        "benefits_answer": "Kvantifiserte gevinster", "not_delivered_reason": "Hvorfor",
        "programme": "Del av program", "changes": "Endring", "comment": "Prosjektets kommentar", "goal": "Mål",
        "goal_name": "Strategisk mål", "main_projects": "Hovedmål for", "supporting": "Støtter målet i alt",
        "previous_main_projects": "Hovedmål for, forrige", "previous_supporting": "Støtter målet i alt, forrige",
        "previous_goal": "Mål før", "previous_goal_name": "Strategisk mål før",
    },
}


def column_labels() -> dict[str, str]:
    """:data:`LABELS` ``["columns"]`` with the amounts' unit worded from the period's currency: the headers say
    "(mill.)" for kroner, as they always have ("Budsjett (mill.)", "Gevinster per krone"), and name any other
    currency ("Budsjett (mill. GBP)", "Gevinster per GBP"). Table and CSV headers take their names from here."""
    c = currency()
    return {key: label.replace("(mill.)", f"({c.header})").replace("per krone", f"per {c.unit}")
            for key, label in LABELS["columns"].items()}


def reason_label(code: str) -> str:
    """``"ressurser"`` -> ``"Mangel på ressurser"`` (:data:`LABELS` ``["reasons"]``); an unknown code capitalised."""
    return LABELS["reasons"].get(str(code), capitalise(str(code)))


def field_label(column: str) -> str:
    """A template column as a reader sees it: ``"innsatsomrade"`` -> ``"Innsatsområde"`` (its label in
    :mod:`ehp_analysis.template`); an unknown column capitalised with spaces for underscores."""
    words = column_words(str(column))
    return words.label if words is not None else capitalise(str(column).replace("_", " "))


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with codes in words: a ``reason`` column by :func:`reason_label`, a ``column`` column (template
    columns) by :func:`field_label`; other columns as they are."""
    out = frame.copy()
    if "reason" in out.columns:
        out["reason"] = [reason_label(v) for v in out["reason"]]
    if "column" in out.columns:
        out["column"] = [field_label(v) for v in out["column"]]
    return out


def display_table(frame: pd.DataFrame, amount_columns: Iterable[str] = ("budget", "previous_budget", "change"),
                  ) -> pd.DataFrame:
    """A copy for display: amounts as reported (``–`` for not reported), colours capitalised, Norwegian headers."""
    out = frame.copy()
    for col in amount_columns:
        if col in out.columns:
            out[col] = [amount_as_reported(v) for v in out[col]]
    for col in ("status", "risk"):
        if col in out.columns:
            out[col] = [LABELS["colours"].get(str(v), str(v)) if not _is_missing(v)
                        else LABELS["colours"][NOT_ASSESSED] for v in out[col]]
    if "explained" in out.columns and "next_steps" in out.columns:
        out["next_steps"] = [n if e else LABELS["left_unexplained"] for n, e in zip(out["next_steps"], out["explained"])]
        out = out.drop(columns="explained")
    return out.rename(columns=column_labels())


