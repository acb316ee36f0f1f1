"""The collection cycle in words: the workbook's ``veiledning`` sheet and the feedback page to each owner.

What each template column means (declared with the column in :mod:`ehp_analysis.template`) and the kind of value it takes, the
instructions on the guide sheet, and the headings and sentences of a feedback page. The problems themselves are
worded where they are found (validation, ``ehp_analysis.collect``), like ``ehp validate``'s.
"""

from __future__ import annotations

from .currency import worded
from .format import *  # noqa: F403
from .labels import LABELS

# The kind of value a column takes (template.Column.kind), as the guide sheet says it.
LABELS.setdefault("column_kinds", {
    "int": "heltall", "text": "fritekst", "amount": "beløp i millioner {valuta}, med desimalkomma",
    "yesno": "ja eller nei", "org": "en virksomhet fra listen", "focus": "en kode fra listen",
    "date": "dato", "choice": "en verdi fra listen", "list": "en eller flere verdier fra listen, skilt med |",
})
LABELS.setdefault("guide", {
    "title": "Innrapportering til nasjonal e-helseportefølje",
    "period": "Periode", "organisation": "Virksomhet", "deadline": "Frist", "template": "Versjon av malen",
    "no_deadline": "ikke satt", "how": "Slik fyller du ut",
    "columns": ("Ark", "Kolonne", "Påkrevd", "Betydning", "Tillatte verdier"),
    "yes": "ja", "no": "nei",
})


def column_help(table: str, column: str) -> str:
    """What ``column`` of ``table`` means, for the guide sheet (declared with the column in
    :mod:`ehp_analysis.template`); an amount's unit is worded from the period's currency."""
    from ..template import column_words

    words = column_words(column, table)
    return worded(words.help) if words is not None else ""


def allowed_values(kind: str, choices) -> str:
    """The values a column allows, for the guide sheet: the list itself when it is short, else the kind."""
    if choices and len(choices) <= 12:
        return (" | " if kind == "list" else ", ").join(str(c) for c in choices)
    return worded(LABELS["column_kinds"].get(kind, ""))


def guide_instructions(previous_period: str | None) -> list[str]:
    """The lines under «Slik fyller du ut» on the guide sheet."""
    since = f" i {month_year(previous_period)}" if previous_period else ""
    return [worded(line) for line in [
        f"Arket «prosjekter» har virksomhetens prosjekter slik de ble rapportert{since}. Oppdater hver rad slik"
        " situasjonen er nå. Status- og risikokommentar står tomme og skrives for denne perioden.",
        "Nye prosjekter legges til som nye rader. Et nytt prosjekt får ID fra porteføljekontoret; en rad uten ID"
        " er en feil.",
        "Er et prosjekt avsluttet, skriv ID-en og veien videre i arket «avsluttede» og slett raden i arket"
        " «prosjekter».",
        "Avhengighetene står i arket «avhengigheter», én rad per avhengighet.",
        "Velg verdier fra nedtrekkslistene. Tom celle betyr ikke rapportert, ikke null. Beløp skrives i millioner"
        " {valuta}.",
        "Ikke endre navnene på arkene, overskriftene eller dette arket, og ikke slå sammen celler. Lagre som .xlsx"
        " (ikke .xls) og send filen tilbake uten passord.",
    ]]


# ------------------------------------------------------------------------------------ the feedback page

LABELS.setdefault("feedback", {
    "title": "Tilbakemelding på innrapporteringen",
    "file": "Fil", "organisation": "Virksomhet", "period": "Periode", "received": "Mottatt",
    "rows": "Rader lest", "errors": "Feil", "warnings": "Advarsler",
    "where": "Hvor", "column": "Kolonne", "value": "Verdi", "problem": "Hva som må rettes",
    "project": "Prosjekt", "not_delivered": "Prosjekter som ingen har levert",
    "columns_not_delivered": ("ID", "Navn"),
})


def feedback_summary(n_errors: int, n_warnings: int, merged: bool) -> str:
    """The feedback page's opening: what the owner must do."""
    if n_errors:
        what = count_noun(n_errors, "feil", "feil", words=True, neuter=False)
        return (f"Innleveringen har {what} som må rettes før den kan tas med i porteføljen. Rett cellene som er"
                " nevnt under, og send hele arbeidsboken på nytt.")
    if n_warnings:
        what = count_noun(n_warnings, "advarsel", "advarsler", words=True, neuter=False)
        taken = "er tatt med i porteføljen" if merged else "kan tas med i porteføljen"
        which = "advarselen" if n_warnings == 1 else "advarslene"
        return (f"Innleveringen {taken}. Se gjerne over {which} under ({what}); de stopper ikke rapporten, men"
                " blir vist i vedlegget om datakvalitet.")
    taken = "er tatt med i porteføljen" if merged else "har ingen feil"
    return f"Takk! Innleveringen {taken}, og vi fant ingen feil eller advarsler."


def feedback_not_delivered(organisation: str | None, n: int) -> str:
    """Why the list of projects nobody delivered is on the page."""
    who = f"{organisation} eide" if organisation else "virksomheten eide"
    return (f"Disse prosjektene {who} i forrige periode, men de er ikke med i noen innlevering og står ikke i"
            " arket «avsluttede». Er de avsluttet, før dem opp der med veien videre; ellers må de rapporteres."
            if n else "")


__all__ = ["column_help", "allowed_values", "guide_instructions", "feedback_summary", "feedback_not_delivered"]
