"""Every label a reader sees, in one place, and the functions that apply them to codes and columns.

:data:`LABELS` is one table of texts marked for the catalogue (``N_``), written once here: no other module adds to
it. It is read through :class:`Labels`, which looks each text up in the catalogue when it is read, so the written
standard is the one current at the call, never the one of the import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pandas as pd

from ..template import NOT_ASSESSED  # a status or risk not reported: its own category, never a colour
from ..template import WITHHELD_RATING  # a status or risk withheld from disclosure: its own category, in words
from ..template import column_words  # every template column's label is declared with the column
from .currency import currency
from ..missing import is_missing
from .format import DASH, amount_as_reported, capitalise
from ..words import N_, _


def translated(value):
    """A table entry in the current written standard: a text looked up in the catalogue, a tuple of texts each
    looked up, a nested table as a :class:`Labels` view; anything else as it is."""
    if isinstance(value, str):
        return _(value)
    if isinstance(value, tuple):
        return tuple(translated(v) for v in value)
    if isinstance(value, Mapping):
        return Labels(value)
    return value


class Labels(Mapping):
    """A read-only view of a table of ``N_``-marked texts that translates each text when it is read.

    ``verbatim`` names entries handed out as they are (not words of the catalogue, or kept elsewhere)."""

    def __init__(self, table: Mapping, *, verbatim: frozenset[str] = frozenset()):
        self._table = table
        self._verbatim = verbatim

    def __getitem__(self, key):
        value = self._table[key]
        return value if key in self._verbatim else translated(value)

    def __iter__(self) -> Iterator:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"Labels({dict(self)!r})"


# "fields" is the template columns' table (issue 21 moves it into one table per column); "not_reported" is a sign.
LABELS: Labels = Labels({
    "colours": {"grønn": N_("Grønn"), "gul": N_("Gul"), "rød": N_("Rød"), NOT_ASSESSED: N_("Ikke vurdert"),
                WITHHELD_RATING: N_("Unntatt offentlighet")},
    "measures": {"status": N_("status"), "risiko": N_("risiko")},
    "bridge": {
        "previous_total": N_("Budsjett forrige periode"),
        "left": N_("Prosjekter som har gått ut"),
        "joined": N_("Nye prosjekter"),
        "stopped_reporting": N_("Budsjett ikke rapportert nå"),
        "started_reporting": N_("Budsjett rapportert først nå"),
        "continuing_change": N_("Endring i videreførte prosjekter"),
        "total": N_("Budsjett denne perioden"),
    },
    # The template's reasons for yellow or red status (statusarsaker), as a reader sees them.
    "reasons": {
        "forsinkelser": N_("Forsinkelser i prosjektet"), "ressurser": N_("Mangel på ressurser"),
        "finansiering": N_("Mangelfull finansiering"), "avhengigheter": N_("Avhengigheter til andre prosjekter"),
        "leverandør": N_("Utfordringer hos leverandøren"), "kvalitet": N_("Bekymring for kvaliteten"),
        "forankring": N_("Tidkrevende forankring"), "annet": N_("Annet"),
    },
    "other_theme": N_("Annet"),
    "left_unexplained": N_("Gått ut, eller ikke levert innrapportering?"),
    "not_reported": DASH,
    "columns": {
        "id": N_("ID"), "name": N_("Prosjekt"), "description": N_("Beskrivelse"), "organisation": N_("Ansvarlig virksomhet"),
        "owner": N_("Prosjekteier"), "budget": N_("Budsjett (mill.)"), "previous_budget": N_("Budsjett forrige (mill.)"),
        "change": N_("Endring (mill.)"), "next_steps": N_("Veien videre"), "status": N_("Status"), "risk": N_("Risiko"),
        "focus_area": N_("Innsatsområde"), "focus_area_name": N_("Innsatsområde (navn)"), "area": N_("Satsningsområde"),
        "area_name": N_("Satsningsområde (navn)"), "owner_group": N_("Eiergruppe"), "program": N_("Programmer"),
        "prosjekt": N_("Prosjekter"), "projects": N_("Prosjekter"), "status_comment": N_("Statuskommentar"),
        "risk_comment": N_("Risikokommentar"), "reason": N_("Årsak"), "count": N_("Antall"), "share": N_("Andel"),
        "band": N_("Totalkostnad"), "category": N_("Kategori"), "theme": N_("Tema"), "file": N_("Fil"), "row": N_("Rad"),
        "column": N_("Felt"), "value": N_("Verdi"), "expected": N_("Forventet"), "period": N_("Periode"),
        "n_not_reported": N_("Ikke rapportert"), "n_withheld": N_("Unntatt offentlighet"),
        "n_projects": N_("Antall prosjekter"), "total": N_("Totalt"), "project_id": N_("Prosjekt-ID"),
        "dependency": N_("Avhengighet"), "criticality": N_("Kritikalitet"), "rank": N_("Plass"),
        "previous_projects": N_("Prosjekter forrige"), "not_reported_share": N_("Andel ikke rapportert"),
        "depends_on_id": N_("Avhenger av ID"), "total_cost": N_("Totalkostnad (mill.)"),
        "last_seen": N_("Sist med i"), "budget_year": N_("Budsjettår"), "joined": N_("Kommet til"), "new": N_("Herav nye"),
        "returned": N_("Herav tilbake"), "left": N_("Gått ut"), "budget_total": N_("Budsjett (mill.)"),
        "budget_not_reported": N_("Uten budsjett"),
        # chapters 3 (goals), 4 (changes), 5 (prioritisation), 2 (programmes), 1 (not delivered)
        "benefits": N_("Gevinster (mill.)"), "ratio": N_("Gevinster per krone"), "phase": N_("Fase"),
        "benefits_answer": N_("Kvantifiserte gevinster"), "not_delivered_reason": N_("Hvorfor"),
        "programme": N_("Del av program"), "changes": N_("Endring"), "comment": N_("Prosjektets kommentar"), "goal": N_("Mål"),
        "goal_name": N_("Strategisk mål"), "main_projects": N_("Hovedmål for"), "supporting": N_("Støtter målet i alt"),
        "previous_main_projects": N_("Hovedmål for, forrige"), "previous_supporting": N_("Støtter målet i alt, forrige"),
        "previous_goal": N_("Mål før"), "previous_goal_name": N_("Strategisk mål før"),
    },
    # The early warnings' table (text.decisions).
    "warnings": {
        "rule": N_("Varsel"), "explanation": N_("Hva det betyr"), "condition": N_("Vilkår (terskler som gjelder)"),
        "projects": N_("Prosjekter"), "values": N_("Hva som utløste varselet"),
    },
    # The network table (text.decisions).
    "network": {
        "target": N_("Det prosjektene avhenger av"), "kind": N_("Type"), "high_dependents": N_("Prosjekter med høy kritikalitet"),
        "dependents": N_("Prosjekter i alt"), "red_dependents": N_("Prosjekter der den er rød"), "why": N_("Hvorfor utsatt"),
        "component": N_("Komponent eller forutsetning"), "project": N_("Prosjekt i porteføljen"),
    },
    # Why a project is not delivered (roster.REASONS codes), as a reader of the report sees it.
    "not_delivered": {
        "no_submission": N_("Virksomheten har ikke levert"),
        "left_out": N_("Innleveringen er holdt utenfor (feil)"),
        "missing": N_("Mangler i innleveringen"),
    },
    # The kind of value a column takes (template.Column.kind), as the guide sheet says it.
    "column_kinds": {
        "int": N_("heltall"), "text": N_("fritekst"), "amount": N_("beløp i millioner {valuta}, med desimalkomma"),
        "yesno": N_("ja eller nei"), "org": N_("en virksomhet fra listen"), "focus": N_("en kode fra listen"),
        "date": N_("dato"), "choice": N_("en verdi fra listen"), "list": N_("en eller flere verdier fra listen, skilt med |"),
    },
    # The guide sheet of a workbook (collect.workbook).
    "guide": {
        "title": N_("Innrapportering til nasjonal e-helseportefølje"),
        "period": N_("Periode"), "organisation": N_("Virksomhet"), "deadline": N_("Frist"), "template": N_("Versjon av malen"),
        "no_deadline": N_("ikke satt"), "how": N_("Slik fyller du ut"),
        "columns": (N_("Ark"), N_("Kolonne"), N_("Påkrevd"), N_("Betydning"), N_("Tillatte verdier")),
        "yes": N_("ja"), "no": N_("nei"),
    },
    # The feedback page (collect.feedback).
    "feedback": {
        "title": N_("Tilbakemelding på innrapporteringen"),
        "file": N_("Fil"), "organisation": N_("Virksomhet"), "period": N_("Periode"), "received": N_("Mottatt"),
        "rows": N_("Rader lest"), "errors": N_("Feil"), "warnings": N_("Advarsler"),
        "where": N_("Hvor"), "column": N_("Kolonne"), "value": N_("Verdi"), "problem": N_("Hva som må rettes"),
        "project": N_("Prosjekt"), "not_delivered": N_("Prosjekter som ingen har levert"),
        "columns_not_delivered": (N_("ID"), N_("Navn")),
    },
}, verbatim=frozenset({"fields", "not_reported"}))


def column_labels() -> dict[str, str]:
    """:data:`LABELS` ``["columns"]`` with the amounts' unit worded from the period's currency: the headers say
    "(mill.)" for kroner, as they always have ("Budsjett (mill.)", "Gevinster per krone"), and name any other
    currency ("Budsjett (mill. GBP)", "Gevinster per GBP"). Table and CSV headers take their names from here."""
    c = currency()
    return {key: label.replace("(mill.)", f"({c.header})").replace(_("per krone"), _("per {unit}").format(unit=c.unit))
            for key, label in LABELS["columns"].items()}


def colour_word(code) -> str:
    """A status or risk in running text, in the written standard: ``"grønn"`` -> ``"grønn"`` (``"grøn"`` in
    nynorsk), a missing one ``"ikke vurdert"``; a value that is no colour as it is."""
    if is_missing(code):
        return LABELS["colours"][NOT_ASSESSED].lower()
    colours = LABELS["colours"]
    return colours[code].lower() if code in colours else str(code)


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
            out[col] = [LABELS["colours"].get(str(v), str(v)) if not is_missing(v)
                        else LABELS["colours"][NOT_ASSESSED] for v in out[col]]
    if "explained" in out.columns and "next_steps" in out.columns:
        out["next_steps"] = [n if e else LABELS["left_unexplained"] for n, e in zip(out["next_steps"], out["explained"])]
        out = out.drop(columns="explained")
    return out.rename(columns=column_labels())


