"""What rests on reconstructed data says so: captions, alt texts, sentences, the banner."""

from __future__ import annotations

from collections.abc import Sequence

from .format import capitalise, count_word, join_list, month_year
from .sentences import MAX_NAMED
from ..words import N_, _


# --------------------------------------------------------------------------- provenance
#
# Where a period's data is reconstructed (data/<period>/provenance.yaml), what rests on it says so.

# Each column's word is declared with the column (template.ColumnWords.provenance); a whole table has its own.
TABLE_WORDS = {"prosjekter": N_("flere felt"), "avhengigheter": N_("avhengighetene"),
               "avsluttede": N_("avsluttede prosjekter")}


def field_words() -> dict[str, str]:
    """What a caption calls each field of provenance.yaml: a column (``budsjett``, ``avhengigheter.status``) or a
    whole table."""
    from ..template import provenance_words

    return {**provenance_words(), **{table: _(word) for table, word in TABLE_WORDS.items()}}


_LEFT_WITH_NEXT_STEPS = N_("avsluttede prosjekter med veien videre")
RECONSTRUCTED = N_("rekonstruerte data")


def _periods(previous_period: str | Sequence[str]) -> str:
    """One period (``"2019-10"``) or several (a chain's earlier periods) as month and year, joined."""
    periods = [previous_period] if isinstance(previous_period, str) else list(previous_period)
    return join_list([month_year(p) for p in periods])


def provenance_caption_suffix(now: bool, previous_period: str | Sequence[str] | None,
                              fields: Sequence[str] = ()) -> str:
    """What a caption ends with when its numbers rest on reconstructed fields: `` (rekonstruerte data)``,
    `` (rekonstruerte data: totalkostnad)`` naming ``fields`` (template names) when given,
    `` (rekonstruerte data for oktober 2019)`` when only the previous period's are, else ``""``."""
    if now:
        words = field_words()
        named = [words.get(f, f.split(".")[-1]) for f in fields]
        return f" ({_(RECONSTRUCTED)}: {join_list(named)})" if named else f" ({_(RECONSTRUCTED)})"
    if previous_period:
        return _(" ({reconstructed} for {periods})").format(reconstructed=_(RECONSTRUCTED),
                                                             periods=_periods(previous_period))
    return ""


def provenance_alt_suffix(now: bool, previous_period: str | Sequence[str] | None) -> str:
    """The same for a figure's alt text, as a sentence."""
    if now:
        return _(" Tallene bygger på rekonstruerte data.")
    if previous_period:
        return _(" Tallene for {periods} er rekonstruerte.").format(periods=_periods(previous_period))
    return ""


def provenance_sentence(now: bool, previous_period: str | Sequence[str] | None) -> str:
    """The sentence that ends a paragraph whose numbers rest on reconstructed fields, else ``""``."""
    if now and previous_period:
        return _("(Tallene bygger på rekonstruerte data, også for {periods}.)").format(
            periods=_periods(previous_period))
    if now:
        return _("(Tallene bygger på rekonstruerte data.)")
    if previous_period:
        return _("(Tallene for {periods} er rekonstruerte.)").format(periods=_periods(previous_period))
    return ""


def whole_period_reconstructed_sentence() -> str:
    """Said once per chapter, at its first paragraph with numbers, when the whole period is reconstructed."""
    return _("(Alle tall for denne perioden bygger på rekonstruerte data.)")


def _provenance_period(prov, period: str, this: bool) -> str:
    which = _("denne perioden") if this else _("forrige periode ({month_year})").format(month_year=month_year(period))
    source = _(" ut fra «{source}»").format(source=prov.source) if prov.source else ""
    if prov.all_reconstructed:
        return (_("Dataene for {which} er rekonstruert i sin helhet{source}: alle verdiene er syntetiske, "
                  "kalibrert slik at de publiserte tallene gjenskapes; ingen enkeltverdi er hentet fra en rapport.").format(
            which=which, source=source))
    words = field_words()
    published = ([words[f] for f in words if f in prov.published]
                 + [f.replace(".", " ").replace("_", " ") for f in sorted(prov.published - set(words))])
    if {"avsluttede.id", "avsluttede.veien_videre"} <= prov.published:
        published = [f for f in published if not f.startswith(("avsluttede", "veien videre"))] + [_(_LEFT_WITH_NEXT_STEPS)]
    return (_("Dataene for {which} er delvis rekonstruert{source}: {join_list} er publisert; de øvrige verdiene er "
              "syntetiske, kalibrert slik at de publiserte tallene gjenskapes.").format(
        which=which, source=source, join_list=join_list(published)))


def provenance_note(current, period: str, previous=None, previous_period: str | None = None) -> str:
    """The note on reconstructed data for the report's start, from the periods' provenance records.

    ``current`` and ``previous`` are :class:`ehp_analysis.provenance.Provenance`; ``""`` when neither has
    reconstructed fields (the office's own data)."""
    parts = []
    if current.any_reconstructed:
        parts.append(_provenance_period(current, period, True))
    if previous is not None and previous_period and previous.any_reconstructed:
        parts.append(_provenance_period(previous, previous_period, False))
    if not parts:
        return ""
    return " ".join(parts) + (_(" Figurer, tabeller og avsnitt som bygger på rekonstruerte felt, er merket "
                                "«{RECONSTRUCTED}».").format(RECONSTRUCTED=_(RECONSTRUCTED)))


def first_period_sentence() -> str:
    """What a first period (no previous period in this toolkit) says where a comparison would stand."""
    return (_("Denne perioden har ingen forrige periode i verktøyet; sammenligninger med forrige periode"
            " begynner med neste rapportering."))


def moved_sentence(moved: Sequence[tuple[str, str, str]], previous_period: str, what: str | None = None) -> str:
    """Name the projects that changed ``what`` (``innsatsområde``, ``hovedmål``): ``moved`` is
    ``(project, before, after)`` per project, the project as "Kjernejournal (Direktoratet for e-helse)" and the
    areas or goals as "1.1 Navn"; ``""`` when none moved; more than :data:`MAX_NAMED` point to the table."""
    if not moved:
        return ""
    what = _("innsatsområde") if what is None else what
    since = _("siden {when}").format(when=month_year(previous_period))
    if len(moved) > MAX_NAMED:
        return (_("{capitalise} prosjekter har byttet {what} {since}; tabellen nedenfor viser hvilke.").format(
            capitalise=capitalise(count_word(len(moved))), what=what, since=since))
    if len(moved) == 1:
        name, before, after = moved[0]
        return _("{name} har byttet {what} {since}, fra {before} til {after}.").format(
            name=name, what=what, since=since, before=before, after=after)
    items = [_("{name} fra {before} til {after}").format(
        name=name, before=before, after=after) for name, before, after in moved]
    listed = _("{items} og {last}").format(items="; ".join(items[:-1]), last=items[-1])
    return _("{capitalise} prosjekter har byttet {what} {since}: {listed}.").format(
        capitalise=capitalise(count_word(len(moved))), what=what, since=since, listed=listed)


def moved_focus_area_sentence(moved: Sequence[tuple[str, str, str]], previous_period: str) -> str:
    """The projects that changed focus area (:func:`moved_sentence`)."""
    return moved_sentence(moved, previous_period, _("innsatsområde"))


def budget_years_phrase(current_year: int | None, previous_year: int | None) -> str:
    """Both periods' budget years, for captions of figures and tables that compare two periods' budgets.

    ``budsjett 2020 mot budsjett 2019`` when they differ, ``budsjett 2020 i begge periodene`` when they are
    the same, ``budsjett 2020`` without a previous year, ``budsjett`` when the year is unknown.
    """
    if current_year is None:
        return "budsjett"
    if previous_year is None:
        return _("budsjett {current_year}").format(current_year=current_year)
    if previous_year != current_year:
        return _("budsjett {current_year} mot budsjett {previous_year}").format(
            current_year=current_year, previous_year=previous_year)
    return _("budsjett {current_year} i begge periodene").format(current_year=current_year)


def provenance_banner(current, previous=None, previous_period: str | None = None) -> str:
    """One short sentence for the report's title page on reconstructed data (the details are in chapter 1's
    note, :func:`provenance_note`); ``""`` when neither period has reconstructed fields."""
    parts = []
    if current.any_reconstructed:
        parts.append(_("Dataene for denne perioden er rekonstruert i sin helhet") if current.all_reconstructed
                     else _("Dataene for denne perioden er delvis rekonstruert"))
    if previous is not None and previous_period and previous.any_reconstructed:
        whole = _("rekonstruert i sin helhet") if previous.all_reconstructed else _("delvis rekonstruert")
        parts.append(_("dataene for forrige periode ({month_year}) er {whole}").format(
            month_year=month_year(previous_period), whole=whole))
    if not parts:
        return ""
    return capitalise("; ".join(parts)) + _(". Det som bygger på rekonstruerte felt, er merket «{RECONSTRUCTED}».").format(
        RECONSTRUCTED=RECONSTRUCTED)




# Example data (`synthetic: true` in a period's parameters, as `ehp demo` writes): said on every page. Marked for
# the catalogue; read them through example_data_banner() and example_data_page(), which look them up per call.
EXAMPLE_DATA_BANNER = N_("Eksempeldata: rapporten er laget av syntetiske data for å vise verktøyet. Prosjektene, "
                         "tallene og kommentarene er oppdiktet og sier ingenting om den virkelige porteføljen.")
EXAMPLE_DATA_PAGE = N_("Eksempeldata – ikke virkelige prosjekter")


def example_data_banner() -> str:
    """What every page of a report built from example data says (:data:`EXAMPLE_DATA_BANNER`)."""
    return _(EXAMPLE_DATA_BANNER)


def example_data_page() -> str:
    """The page title's mark of a report built from example data (:data:`EXAMPLE_DATA_PAGE`)."""
    return _(EXAMPLE_DATA_PAGE)
