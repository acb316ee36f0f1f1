"""Chapter 5, «Totale kostnader og gevinster»: its fixed explanations and the cells that choose what to show.

The explanations are catalogue messages like every other word (a notebook holds none); the figure and tables of
the prioritisation are shown only when some project has both a total cost and quantified benefits.
"""

from __future__ import annotations

from .. import plots, text
from ..metrics import costs, priority
from ..words import _
from . import headings

__all__ = ["cost_bands", "maturity_explained", "prioritisation", "prioritisation_tables", "total_cost_heading"]


def total_cost_heading() -> None:
    """The section «Totalkostnad og forvaltningskostnad», and what a total cost is (a Markdown cell)."""
    headings.heading(_("Totalkostnad og forvaltningskostnad"),
                     _("Totale prosjektkostnader er summen av påløpte kostnader fra prosjektets start og estimerte"
                       " kostnader frem til planlagt sluttdato."))


def maturity_explained() -> None:
    """How benefits maturity is scored (a Markdown cell)."""
    headings.paragraph(_("Gevinstmodenhet er antall «ja» på fem spørsmål: om gevinstansvarlige er identifisert, om"
                         " det finnes en prosjektbegrunnelse, om gevinster er identifisert, om det finnes en"
                         " gevinstplan og om det pågår gevinstrealisering (0–1 lav, 2–3 middels, 4–5 høy). Den"
                         " vurderes for prosjekter i planleggings- eller gjennomføringsfasen; et prosjekt som ikke"
                         " har svart på noen av spørsmålene, er ikke vurdert."))


def cost_bands(ch) -> None:
    """Projects per band of total cost, when any project reported a total cost."""
    bands = costs.cost_bands(ch.current)
    if not bands.attrs["n_reported"]:
        return
    ch.text(text.cost_bands_sentence(ch.key_figures, ch.current.reference.cost_bands.phrases),
            fields=("totalkostnad",), with_previous=False)
    ch.figure(plots.total_cost_bands, bands, name="totalkostnad-intervaller",
              caption=_("Antall prosjekter per intervall for totalkostnad ({unit}); prosjekter som ikke har"
                        " rapportert er ikke med").format(unit=text.currency().mill),
              fields=("totalkostnad",), with_previous=False)


def prioritisation(ch) -> priority.Prioritisation:
    """Quantified benefits against total cost: what the figure shows, the figure and the ranking; returns them."""
    prio = priority.prioritisation(ch.current)
    if prio.plotted_count:  # what the figure shows, only when there is one
        ch.text(_("Hvor store kvantifiserte gevinster får porteføljen, målt mot hva prosjektene koster? Figuren"
                  " setter totalkostnaden mot de kvantifiserte gevinstene, begge på logaritmisk skala, slik at små og"
                  " store prosjekter kan sammenlignes. Prosjekter over den stiplede linjen anslår større gevinster"
                  " enn kostnader."))
    ch.text(text.prioritisation_intro(prio), fields=("totalkostnad", "gevinster"), with_previous=False)
    if prio.plotted_count:
        ch.figure(plots.priority_scatter, prio.ranked, name="prioritering", size=(8.0, 6.0), with_previous=False,
                  caption=_("Totalkostnad mot kvantifiserte gevinster ({unit}, logaritmiske akser), status vist med"
                            " farge og form; de ti største etter totalkostnad er merket med ID").format(
                                unit=text.currency().mill),
                  fields=("totalkostnad", "gevinster", "status"))
        ch.text(text.prioritisation_ranking_sentence(prio), fields=("totalkostnad", "gevinster"), with_previous=False)
    return prio


def prioritisation_tables(ch, prio: priority.Prioritisation) -> None:
    """The projects ranked by benefits per unit of cost, and those without quantified benefits."""
    fields = ("totalkostnad", "gevinster", "status", "risiko", "fase")
    if prio.plotted_count:
        ch.table(text.prioritisation_table(prio), name="prioritering", interactive=prio.plotted_count > 30,
                 amount_columns=("total_cost", "benefits", "ratio"), decimals={"ratio": 2}, with_previous=False,
                 caption=_("Prosjekter rangert etter kvantifiserte gevinster per {unit} i totalkostnad").format(
                     unit=text.currency().unit), fields=fields)
    if prio.without_benefits_shown:  # not when its every row is unanswered (prioritisation_intro says so)
        ch.table(text.without_benefits_table(prio), name="uten-kvantifiserte-gevinster", with_previous=False,
                 interactive=len(prio.without_benefits) > 30, amount_columns=("total_cost",),
                 caption=_("Prosjekter uten kvantifiserte gevinster, etter totalkostnad (størst først)"),
                 fields=fields)
