"""Chapter 6, «Avhengigheter og forutsetninger»: the cells of its notebook that choose what to show.

Nothing is shown of the dependencies when the period has no dependency table; the network's sections explain
themselves in fixed paragraphs (catalogue messages, like every word).
"""

from __future__ import annotations

from .. import plots, text
from ..metrics import dependencies, network
from ..words import _
from . import display, headings

__all__ = ["by_category", "exposed", "network_figure", "network_caption", "risk_and_dependencies", "unresolved"]


def network_caption(mode: str) -> str:
    """The network figure's caption: every project and what several depend on (``mode == "alle"``), or only the
    most depended-on with high criticality and the projects that depend on them."""
    if mode == "alle":
        return _("Avhengighetsnettverket: prosjektene (sirkler med ID) og det flere av dem avhenger av (firkanter);"
                 " røde avhengigheter er stiplet")
    return _("Avhengighetsnettverket: det flest prosjekter avhenger av med høy kritikalitet, og prosjektene som gjør"
             " det; røde avhengigheter er stiplet")


def by_category(ch, n_dependencies: int | None) -> None:
    """The dependencies in words, and per category when there are any."""
    ch.text(text.dependencies_sentence(ch.key_figures), fields=("avhengigheter",))
    if n_dependencies:
        ch.figure(plots.dependencies_by_category, dependencies.by_category(ch.current),
                  name="avhengigheter-per-kategori",
                  caption=_("Avhengigheter per kategori (totalt {n})").format(n=text.number(n_dependencies)),
                  fields=("avhengigheter",), with_previous=False)


def unresolved(ch, n_dependencies: int | None) -> None:
    """The unresolved (red) dependencies by theme."""
    if not n_dependencies:
        return
    display.markdown(headings.source(_("Uavklarte avhengigheter")))
    red_themes = text.red_theme_bullets(ch.key_figures)
    if red_themes:
        ch.text(text.red_dependencies_intro(ch.key_figures))
        ch.bullets(red_themes, fields=("avhengigheter.status", "avhengigheter.tema"), with_previous=False)
    else:
        ch.text(_("Ingen av avhengighetene har rød status."))


def network_figure(ch, n_dependencies: int | None) -> None:
    """The dependency network: what it is, its size, and the figure."""
    if not n_dependencies:
        return
    display.markdown(headings.source(
        _("Avhengighetsnettverket"),
        _("Avhengighetene danner et nettverk: prosjekter avhenger av felles komponenter, av regelverk og av hverandre."
          " Der mange prosjekter avhenger av det samme, kan én forsinkelse ramme mange.")))
    ch.text(text.network_intro(network.summary(ch.current)), fields=("avhengigheter",), with_previous=False)
    nodes, edges = network.figure_data(ch.current)
    ch.text(text.network_figure_note(nodes.attrs))
    if len(nodes):
        ch.figure(plots.dependency_network, nodes, edges=edges, name="avhengighetsnettverk", size=(9.5, 10.0),
                  caption=network_caption(nodes.attrs["mode"]), fields=("avhengigheter", "status"),
                  with_previous=False)


def exposed(ch, n_dependencies: int | None) -> None:
    """What most projects depend on, and the projects exposed through the network."""
    if not n_dependencies:
        return
    top = network.most_depended_on(ch.current, 10)
    if len(top):
        ch.table(text.most_depended_on_table(top, ch.current.projects), name="mest-avhengig-av",
                 caption=_("Det flest prosjekter avhenger av med høy kritikalitet (de ti første)"),
                 fields=("avhengigheter",), with_previous=False)
    display.markdown(headings.source(
        _("Prosjekter utsatt gjennom nettverket"),
        _("Et prosjekt er utsatt når det har en avhengighet med høy kritikalitet som er rød (uavklart), eller en"
          " avhengighet med høy kritikalitet til et prosjekt i porteføljen som har rød status eller selv er utsatt."
          " Slik sprer en forsinkelse seg langs avhengighetene."), level=3))
    risky = network.at_risk(ch.current)
    ch.text(text.at_risk_sentence(risky), fields=("avhengigheter", "status"), with_previous=False)
    if len(risky):
        ch.table(text.at_risk_table(risky), name="utsatt-gjennom-nettverket", interactive=len(risky) > 20,
                 caption=_("Prosjekter utsatt gjennom nettverket, og hvorfor"), fields=("avhengigheter", "status"),
                 with_previous=False)


def risk_and_dependencies(ch) -> None:
    """Whether projects with yellow or red risk have more critical dependencies (Mann–Whitney U), when testable."""
    found = dependencies.risk_vs_dependencies(ch.current)
    if found is None:
        return
    display.markdown(headings.source(
        _("Henger risiko sammen med avhengigheter?"),
        _("Vi sammenligner antallet avhengigheter med høy kritikalitet per prosjekt mellom prosjekter med gul eller"
          " rød risiko og prosjekter med grønn risiko (Mann–Whitney U). Resultatet er en beskrivelse av"
          " porteføljen, ikke en konklusjon om årsak.")))
    ch.text(text.mann_whitney_sentence(found.as_dict()), fields=("avhengigheter", "risiko"), with_previous=False)
