"""The collection cycle in words: the workbook's ``veiledning`` sheet and the feedback page to each owner.

What each template column means (declared with the column in :mod:`ehp_analysis.template`) and the kind of value it takes, the
instructions on the guide sheet, and the headings and sentences of a feedback page. The problems themselves are
worded where they are found (validation, ``ehp_analysis.collect``), like ``ehp validate``'s.
"""

from __future__ import annotations

from .currency import worded
from .format import count_word, month_year
from .labels import LABELS
from ..words import N_, _, ngettext

# The kind of value a column takes (template.Column.kind), as the guide sheet says it.


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
    since = _(" i {when}").format(when=month_year(previous_period)) if previous_period else ""
    return [worded(line) for line in [
        _("Arket «prosjekter» har virksomhetens prosjekter slik de ble rapportert{since}. Oppdater hver rad slik "
          "situasjonen er nå. Status- og risikokommentar står tomme og skrives for denne perioden.").format(
            since=since),
        _("Nye prosjekter legges til som nye rader. Et nytt prosjekt får ID fra porteføljekontoret; en rad uten ID"
        " er en feil."),
        _("Er et prosjekt avsluttet, skriv ID-en og veien videre i arket «avsluttede» og slett raden i arket"
        " «prosjekter»."),
        _("Avhengighetene står i arket «avhengigheter», én rad per avhengighet."),
        _("Velg verdier fra nedtrekkslistene. Tom celle betyr ikke rapportert, ikke null. Beløp skrives i millioner"
        " {valuta}."),
        _("Ikke endre navnene på arkene, overskriftene eller dette arket, og ikke slå sammen celler. Lagre som .xlsx"
        " (ikke .xls) og send filen tilbake uten passord."),
    ]]


# ------------------------------------------------------------------------------------ the feedback page



def feedback_summary(n_errors: int, n_warnings: int, merged: bool) -> str:
    """The feedback page's opening: what the owner must do."""
    if n_errors:
        what = ngettext("{n} feil", "{n} feil", n_errors).format(n=count_word(n_errors, neuter=False))
        return (_("Innleveringen har {what} som må rettes før den kan tas med i porteføljen. Rett cellene som er "
                  "nevnt under, og send hele arbeidsboken på nytt.").format(what=what))
    if n_warnings:
        what = ngettext("{n} advarsel", "{n} advarsler", n_warnings).format(n=count_word(n_warnings, neuter=False))
        taken = _("er tatt med i porteføljen") if merged else _("kan tas med i porteføljen")
        which = "advarselen" if n_warnings == 1 else "advarslene"
        return (_("Innleveringen {taken}. Se gjerne over {which} under ({what}); de stopper ikke rapporten, men "
                  "blir vist i vedlegget om datakvalitet.").format(taken=taken, which=which, what=what))
    taken = _("er tatt med i porteføljen") if merged else _("har ingen feil")
    return _("Takk! Innleveringen {taken}, og vi fant ingen feil eller advarsler.").format(taken=taken)


def feedback_not_delivered(organisation: str | None, n: int) -> str:
    """Why the list of projects nobody delivered is on the page."""
    who = _("{organisation} eide").format(organisation=organisation) if organisation else _("virksomheten eide")
    return (_("Disse prosjektene {who} i forrige periode, men de er ikke med i noen innlevering og står ikke i "
              "arket «avsluttede». Er de avsluttet, før dem opp der med veien videre; ellers må de rapporteres.").format(
        who=who)
            if n else "")


__all__ = ["column_help", "allowed_values", "guide_instructions", "feedback_summary", "feedback_not_delivered"]
