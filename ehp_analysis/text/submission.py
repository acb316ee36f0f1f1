"""The collection cycle in words: the workbook's ``veiledning`` sheet and the feedback page to each owner.

What each template column means (:data:`COLUMN_HELP`, per table) and the kind of value it takes, the
instructions on the guide sheet, and the headings and sentences of a feedback page. The problems themselves are
worded where they are found (validation, ``ehp_analysis.collect``), like ``ehp validate``'s.
"""

from __future__ import annotations

from .currency import worded
from .format import count_word, month_year
from .labels import LABELS
from ..words import N_, _, ngettext

# What each column of the template means, as the guide sheet explains it to the owner (per table: `status`
# is a project's status in one and a dependency's in the other). A column missing here is explained by its
# template description alone. An amount's unit is written {valuta}: worded from the period's currency when said
# ("millioner kroner", "millioner GBP"; text.worded).
COLUMN_HELP = {
    "prosjekter": {
        "id": N_("Porteføljens ID for prosjektet. Et nytt prosjekt får ID fra porteføljekontoret; ID kan ikke stå "
                 "tom."),
        "navn": N_("Prosjektets navn."),
        "type": N_("Prosjekt eller program."),
        "ansvarlig_virksomhet": N_("Virksomheten som har ansvaret for prosjektet."),
        "prosjekteier": N_("Prosjekteier (person)."),
        "innsatsomrade": N_("Innsatsområdet i e-helsestrategien prosjektet hører til, som kode (for eksempel 1.1)."),
        "fase": N_("Fasen prosjektet er i nå."),
        "status": (N_("Samlet status nå. Tom betyr ikke vurdert; «unntatt offentlighet» betyr at status er vurdert,"
                   " men ikke skal offentliggjøres.")),
        "risiko": (N_("Risikonivået nå. Tom betyr ikke vurdert; «unntatt offentlighet» betyr at risikoen er vurdert,"
                   " men ikke skal offentliggjøres.")),
        "statusarsaker": N_("Årsaker til gul eller rød status; flere årsaker skilles med |."),
        "budsjett": N_("Budsjett for budsjettåret i millioner {valuta}. Tom betyr ikke rapportert, ikke null."),
        "totalkostnad": N_("Påløpte kostnader siden start pluss anslag til planlagt slutt, i millioner {valuta}."),
        "forvaltningskostnad": N_("Forventet årlig kostnad til forvaltning og drift etter leveransen, i millioner "
                                  "{valuta}."),
        "gevinster": N_("Kvantifiserbare gevinster i millioner {valuta}. Tom eller 0 betyr at ingen gevinster er"
                     " kvantifisert; «-» betyr ikke besvart."),
        "gevinstansvarlig": N_("Er det utpekt noen som er ansvarlig for gevinstene?"),
        "prosjektbegrunnelse": N_("Finnes det en prosjektbegrunnelse?"),
        "gevinster_identifisert": N_("Er gevinstene identifisert?"),
        "gevinstplan": N_("Finnes det en plan for gevinstene?"),
        "gevinstrealisering": N_("Pågår det arbeid med å realisere gevinstene?"),
        "epj_kritikalitet": N_("Hvor viktig videreutvikling av journalsystemene i kommunene og hos fastlegene er for"
                            " prosjektets gevinster."),
        "forutsetning_kommune": N_("Er organisasjonsutvikling i kommunene eller hos fastlegene en forutsetning?"),
        "statuskommentar": N_("Hvorfor status er som den er. Skrives på nytt hver periode."),
        "risikokommentar": N_("Hvorfor risikoen er som den er. Skrives på nytt hver periode."),
        "beskrivelse": N_("Kort beskrivelse, særlig for nye prosjekter."),
        "del_av_program": N_("ID-en til programmet prosjektet er en del av, om det er en del av et program."),
        "strategimal": N_("Strategimålet prosjektet først og fremst støtter."),
        "strategimal_andre": N_("Andre strategimål prosjektet også støtter; flere skilles med |."),
        "planlagt_slutt": N_("Planlagt slutt, som dato."),
        "prissatt_nytte": N_("Netto nåverdi av de prissatte gevinstene for samfunnet, i millioner {valuta}."),
        "ikke_prissatt_nytte": N_("Gevinstene som ikke er prissatt."),
    },
    "avhengigheter": {
        "prosjekt_id": N_("ID-en til prosjektet som har avhengigheten."),
        "avhengighet": N_("Hva prosjektet avhenger av: et annet prosjekt, en felles komponent, et regelverk."),
        "avhenger_av_id": N_("Porteføljens ID når prosjektet avhenger av et annet prosjekt i porteføljen."),
        "kategori": N_("Hva slags avhengighet det er."),
        "kritikalitet": N_("Høy betyr at prosjektet ikke kan levere uten at avhengigheten er oppfylt."),
        "status": N_("Rød betyr at avhengigheten er uavklart."),
        "tema": N_("Tema som brukes når røde avhengigheter grupperes."),
    },
    "avsluttede": {
        "id": N_("ID-en til et prosjekt som er avsluttet og går ut av porteføljen."),
        "veien_videre": N_("Hva som skjer videre, for eksempel at løsningen går over til forvaltning."),
    },
}
# The kind of value a column takes (template.Column.kind), as the guide sheet says it.


def column_help(table: str, column: str, description: str = "") -> str:
    """What ``column`` of ``table`` means, for the guide sheet (the template's own description as a fallback)."""
    help_text = COLUMN_HELP.get(table, {}).get(column)
    return worded(_(help_text) if help_text else description)


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
