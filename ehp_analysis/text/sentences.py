"""The generated sentences of the chapters: portfolio, status and risk, costs and benefits, dependencies, statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..template import NOT_ASSESSED  # a status or risk not reported: its own category, never a colour
from ..template import WITHHELD_RATING  # a status or risk withheld from disclosure: a rating, shown in words

from .currency import DEFAULT_CURRENCY
from .format import (amount, capitalise, count_word, join_list, month, month_year, number, percent, project_count,
                     share_words)
from .labels import LABELS, colour_word
from ..key_figure import key_figure, previous_figures
from .format import is_missing
from ..words import N_, _, ngettext


def when_previous(kf: Mapping) -> str:
    return month_year(kf["previous_period"]) if key_figure(kf, "previous_period") else ""


def amounts_compared(kf: Mapping) -> bool:
    """Whether the key figures' amounts compare with the previous period's: there is none, or it is in the same
    currency (``currency``, missing: NOK). Amounts in two currencies are never compared (input-template.md,
    "Currency"); counts, shares, status and risk still are."""
    previous = previous_figures(kf)
    return previous is None or (previous.get("currency") or DEFAULT_CURRENCY) == (key_figure(kf, "currency")
                                                                                  or DEFAULT_CURRENCY)


def currency_change_sentence(kf: Mapping) -> str:
    """Said once in a chapter that would compare amounts with a previous period in another currency, instead of
    the comparison (as :func:`strategy_change_sentence` is said for a change of strategy); ``""`` otherwise.

    ``"Beløpene er nå oppgitt i GBP; i oktober 2019 var de oppgitt i NOK. Beløp i ulike valutaer
    sammenlignes ikke, så budsjett og kostnader sammenlignes ikke med forrige periode. Antall prosjekter, status
    og risiko sammenlignes som før."``
    """
    if amounts_compared(kf):
        return ""
    # both named by their codes: a report in GBP never says "kroner", not even of an earlier period in NOK
    now, before = kf["currency"], previous_figures(kf)["currency"]
    return (_("Beløpene er nå oppgitt i {now}; i {when} var de oppgitt i {before}. Beløp i ulike valutaer "
              "sammenlignes ikke, så budsjett og kostnader sammenlignes ikke med forrige periode. Antall "
              "prosjekter, status og risiko sammenlignes som før.").format(now=now, when=when_previous(kf), before=before))


def _paren(kf: Mapping, dotted: str, fmt, *, is_amount: bool = False) -> str:
    """`` (X i oktober 2019)``, `` (uendret fra oktober 2019)`` when it reads the same, or nothing when there
    is no previous value (or ``is_amount`` and the previous period is in another currency)."""
    value = key_figure(kf, f"previous.{dotted}")
    if value is None or (is_amount and not amounts_compared(kf)):
        return ""
    now = key_figure(kf, dotted)
    if now is not None and fmt(now) == fmt(value):
        return _(" (uendret fra {when})").format(when=when_previous(kf))
    return _(" ({value} i {when})").format(value=fmt(value), when=when_previous(kf))


def budget_sentence(kf: Mapping) -> str:
    """``Samlet innrapportert budsjett for 2020 er per januar på 1,65 milliarder kroner (1,73 milliarder i
    oktober 2019). Elleve prosjekter har ikke rapportert budsjett.``"""
    year = key_figure(kf, "budget.year")
    what = _("for {year} ").format(year=year) if year else ""
    when = month(kf["period"]) if year and str(year) == str(kf["period"])[:4] else month_year(kf["period"])
    if key_figure(kf, "budget.total") is None:
        before = ""
        if previous_figures(kf) is not None and amounts_compared(kf):
            previous = key_figure(kf, "previous.budget.total")
            before = (_(" (heller ikke i {when})").format(when=when_previous(kf)) if previous is None
                      else _(" ({value} i {when})").format(value=amount(previous), when=when_previous(kf)))
        return _("Ingen prosjekter har rapportert budsjett {what}per {when}{before}.").format(
            what=what, when=when, before=before)
    value = amount(key_figure(kf, "budget.total"), kroner=True)
    before = _paren(kf, "budget.total", amount, is_amount=True)
    sentence = _("Samlet innrapportert budsjett {what}er per {when} på {value}{before}.").format(
        what=what, when=when, value=value, before=before)
    missing = len(key_figure(kf, "budget.not_reported_ids") or [])
    if missing:
        sentence += _(" {capitalise} har ikke rapportert budsjett.").format(
            capitalise=capitalise(project_count(missing)))
    return sentence


def projects_sentence(kf: Mapping) -> str:
    """``Nasjonal e-helseportefølje består av 54 prosjekter, like mange som i oktober 2019. Siden da har tre
    prosjekter kommet til og tre gått ut.``"""
    n = key_figure(kf, "projects.count")
    before = key_figure(kf, "previous.projects.count")
    if before is None:
        compared = ""
    elif before == n:
        compared = _(", like mange som i {when}").format(when=when_previous(kf))
    else:
        compared = _(" ({value} i {when})").format(value=number(before), when=when_previous(kf))
    sentence = _("Nasjonal e-helseportefølje består av {project_count}{compared}.").format(
        project_count=project_count(n), compared=compared)
    new, left = key_figure(kf, "projects.new_ids"), key_figure(kf, "projects.left_ids")
    if new is not None and left is not None and key_figure(kf, "previous_period"):
        since = _("Siden da") if compared.startswith(",") else _("Siden {when}").format(when=when_previous(kf))
        if not new and not left:
            sentence += _(" {since} har ingen prosjekter kommet til eller gått ut.").format(since=since)
        else:
            came = project_count(len(new)) if new else _("ingen prosjekter")
            went = count_word(len(left)) if left and new else (project_count(len(left)) if left else "ingen")
            sentence += _(" {since} har {came} kommet til og {went} gått ut.").format(
                since=since, came=came, went=went)
    return sentence


def new_projects_sentence(n: int) -> str:
    """``Det er tre nye prosjekter i porteføljen ved denne rapporteringen.``"""
    what = ngettext("{n} nytt prosjekt", "{n} nye prosjekter", n).format(n=count_word(n)) if n else _("ingen nye prosjekter")
    return _("Det er {what} i porteføljen ved denne rapporteringen.").format(what=what)


def left_projects_sentence(n: int, previous_period: str, explained: int | None = None) -> str:
    """``Tre prosjekter har gått ut av porteføljen siden oktober 2019.``, and how many of them were reported
    closed when not all were.

    Parameters
    ----------
    n : int
        Projects of the previous period that are not in this one.
    previous_period : str
    explained : int, optional
        How many of them ``avsluttede`` reports closed (with the way forward); ``None`` or ``n``: nothing more
        is said. The others may have been closed, or may simply not have reported this time.
    """
    who = capitalise(project_count(n)) if n else _("Ingen prosjekter")
    sentence = _("{who} har gått ut av porteføljen siden {month_year}.").format(
        who=who, month_year=month_year(previous_period))
    if explained is None or not n or explained >= n:
        return sentence
    maybe = _("kan være avsluttet, eller bare ikke ha levert innrapportering denne gangen")
    rest = n - explained
    if not explained:
        return ngettext("{sentence} Prosjektet er ikke meldt avsluttet; det {maybe}.",
                        "{sentence} Ingen av dem er meldt avsluttet; de {maybe}.", n).format(
            sentence=sentence, maybe=maybe)
    others = _("det siste") if rest == 1 else _("de {n} andre").format(n=count_word(rest))
    return _("{sentence} {capitalise} av dem er meldt avsluttet; {others} {maybe}.").format(
        sentence=sentence, capitalise=capitalise(count_word(explained)), others=others, maybe=maybe)


def left_projects_caption(n: int, explained: int, previous_period: str) -> str:
    """The caption of the table of projects that left: closed only when ``avsluttede`` says so of every one.

    ``Prosjekter som er avsluttet og går ut av nasjonal e-helseportefølje`` (all reported closed, as
    published); ``Prosjekter som har gått ut av nasjonal e-helseportefølje siden oktober 2019`` with
    ``(ingen er meldt avsluttet)`` or ``(to av tre er meldt avsluttet)``.
    """
    if n and explained >= n:
        return _("Prosjekter som er avsluttet og går ut av nasjonal e-helseportefølje")
    gone = _("Prosjekter som har gått ut av nasjonal e-helseportefølje siden {month_year}").format(
        month_year=month_year(previous_period))
    if not explained:
        return ngettext("{gone} (ikke meldt avsluttet)", "{gone} (ingen er meldt avsluttet)", n).format(gone=gone)
    return _("{gone} ({count_word} av {count_word2} er meldt avsluttet)").format(
        gone=gone, count_word=count_word(explained), count_word2=count_word(n))


def joined_and_left_heading(n: int, explained: int) -> str:
    """The section's title: ``Nye og avsluttede prosjekter`` unless a project left without being reported
    closed (``Nye prosjekter og prosjekter som har gått ut``)."""
    return _("Nye og avsluttede prosjekter") if explained >= n else _("Nye prosjekter og prosjekter som har gått ut")


MAX_NAMED = 10  # projects named in one sentence; the rest are in a table
MOVERS_NAMED = 3  # the largest budget changes named in the budget change
RED_TABLE = N_("tabellen over prosjekter med rød status eller risiko")


def _not_assessed_sentence(kf: Mapping, key: str, measure: str) -> str:
    """``Status er ikke vurdert for 25 % av prosjektene (tre av tolv), mot ingen i oktober 2019.`` or ``""``."""
    counts = key_figure(kf, f"{key}.counts") or {}
    n_not, n = counts.get(NOT_ASSESSED, 0), sum(counts.values())
    if not n_not:
        return ""
    if n_not == n:
        return _("{capitalise} er ikke vurdert for noen av de {count_word} prosjektene.").format(
            capitalise=capitalise(measure), count_word=count_word(n))
    previous = key_figure(kf, f"previous.{key}.shares")
    comparison = ""
    if previous:
        before = share_words(previous.get(NOT_ASSESSED, 0))
        now = share_words(key_figure(kf, f"{key}.shares").get(NOT_ASSESSED))
        comparison = _(", uendret fra {when}").format(
            when=when_previous(kf)) if before == now else _(", mot {before} i {when}").format(before=before, when=when_previous(kf))
    return (_("{capitalise} er ikke vurdert for {percent} av prosjektene ({count_word} av "
              "{count_word2}){comparison}.").format(
        capitalise=capitalise(measure), percent=percent(key_figure(kf, f'{key}.shares').get(NOT_ASSESSED)),
        count_word=count_word(n_not), count_word2=count_word(n), comparison=comparison))


def _withheld_sentence(kf: Mapping, key: str, measure: str) -> str:
    """``Risiko er unntatt offentlighet for tre av de 244 prosjektene; de er holdt utenfor sammenligningene og de
    tidlige varslene.`` or ``""`` when no rating of ``measure`` is withheld."""
    counts = key_figure(kf, f"{key}.counts") or {}
    n_withheld, n = counts.get(WITHHELD_RATING, 0), sum(counts.values())
    if not n_withheld:
        return ""
    whom = (_("alle de {count_word} prosjektene").format(count_word=count_word(n)) if n_withheld == n
            else _("{count_word} av de {count_word2} prosjektene").format(
                count_word=count_word(n_withheld), count_word2=count_word(n)))
    return ngettext("{capitalise} er unntatt offentlighet for {whom}: vurderingen finnes, men vises ikke, og "
                    "prosjektet er holdt utenfor sammenligningene og de tidlige varslene som bruker {measure}.",
                    "{capitalise} er unntatt offentlighet for {whom}: vurderingen finnes, men vises ikke, og "
                    "de er holdt utenfor sammenligningene og de tidlige varslene som bruker {measure}.",
                    n_withheld).format(capitalise=capitalise(measure), whom=whom, measure=measure)


def named_projects(ids: Sequence[int], projects: pd.DataFrame, limit: int = MAX_NAMED) -> tuple[list[str], int]:
    """``ids`` as ``Navn (Virksomhet)``, at most ``limit`` of them, and how many are left unnamed."""
    known = projects.drop_duplicates("id").set_index("id")
    named = [f"{known.at[i, 'name']} ({known.at[i, 'organisation']})" if i in known.index else _("prosjekt {i}").format(
        i=i)
             for i in list(ids)[:limit]]
    return named, len(ids) - len(named)


def _red_sentence(kf: Mapping, key: str, measure: str, projects: pd.DataFrame | None) -> str:
    """The projects with red ``measure`` by name and organisation, at most :data:`MAX_NAMED`, the rest
    pointed to the table; without ``projects`` (no names at hand) their number and the table."""
    red = list(key_figure(kf, f"{key}.red_ids") or [])
    if not red:
        return ""
    if projects is None:
        return _("{capitalise} har rød {measure}; se {RED_TABLE}.").format(
            capitalise=capitalise(project_count(len(red))), measure=measure, RED_TABLE=_(RED_TABLE))
    named, rest = named_projects(red, projects)
    if rest:
        named.append(ngettext("{n} annet", "{n} andre", rest).format(n=count_word(rest)))
    subject = _("Prosjektet") if len(red) == 1 else _("Prosjektene")
    return _("{subject} med rød {measure} er {join_list}").format(
        subject=subject, measure=measure, join_list=join_list(named)) + (_("; se {table}.").format(table=_(RED_TABLE)) if rest else ".")


def _colour_sentence(kf: Mapping, measure: str, verb: str, projects: pd.DataFrame | None = None) -> str:
    key = {"status": "status", "risiko": "risk"}[measure]
    shares = key_figure(kf, f"{key}.shares") or {}
    order = sorted(("grønn", "gul", "rød"), key=lambda c: -(shares.get(c) or 0))
    shown = [c for c in order if shares.get(c)]
    previous = {c: key_figure(kf, f"previous.{key}.shares.{c}") for c in shown}
    parts = []
    named = {c: colour_word(c) for c in shown}  # the colour in words, in the written standard
    rest = join_list(f"{percent(shares[c])} {named[c]}" for c in shown[1:])
    if len(shown) > 1 and all(previous[c] is not None and percent(previous[c]) == percent(shares[c]) for c in shown):
        # Every share reads as before: say so once instead of "uendret" after each colour.
        parts.append(_("Fordelingen på {measure} er uendret fra {when}: {percent} av prosjektene {verb} {shown} "
                       "{measure}, {rest}.").format(
            measure=measure, when=when_previous(kf), percent=percent(shares[shown[0]]), verb=verb, shown=named[shown[0]], rest=rest))
    elif len(shown) > 1 and all(previous[c] is None for c in shown):
        # Nothing to compare with (a first period): one sentence, not one per colour.
        parts.append(_("{percent} av prosjektene {verb} {shown} {measure}, {rest}.").format(
            percent=percent(shares[shown[0]]), verb=verb, shown=named[shown[0]], measure=measure, rest=rest))
    else:
        for i, colour in enumerate(shown):
            prev = previous[colour]
            if prev is None:
                comparison = ""
            elif percent(prev) == percent(shares[colour]):
                comparison = _(", uendret fra {when}").format(when=when_previous(kf))
            elif not prev:
                comparison = _(", mot ingen i {when}").format(when=when_previous(kf))
            else:
                comparison = _(", mot {percent} i {when}").format(percent=percent(prev), when=when_previous(kf))
            subject = _("av prosjektene ") if i == 0 else ""
            parts.append(f"{percent(shares[colour])} {subject}{verb} {named[colour]} {measure}{comparison}.")
    parts += [_not_assessed_sentence(kf, key, measure), _withheld_sentence(kf, key, measure),
              _red_sentence(kf, key, measure, projects)]
    return " ".join(capitalise(p) for p in parts if p)


def status_sentence(kf: Mapping, projects: pd.DataFrame | None = None) -> str:
    """The status shares, those not assessed, and the projects with red status.

    Parameters
    ----------
    kf : mapping
        Key figures (:func:`~ehp_analysis.metrics.key_figures.key_figures`).
    projects : DataFrame, optional
        At least ``id, name, organisation`` of the period's projects, to name the red ones (at most ten,
        then a pointer to the table of red projects); without it the sentence gives their number.

    Returns
    -------
    str
        ``56 % av prosjektene rapporterer gul status, mot 44 % i oktober 2019. … Status er ikke vurdert
        for 25 % av prosjektene (3 av 12). Prosjektet med rød status er Regionalt laboratoriesystem
        (Helse Sør-Øst RHF).``
    """
    return _colour_sentence(kf, "status", "rapporterer", projects)


def risk_sentence(kf: Mapping, projects: pd.DataFrame | None = None) -> str:
    """``67 % av prosjektene melder gul risiko, mot 67 % i oktober 2019. …``, as :func:`status_sentence`."""
    return _colour_sentence(kf, "risiko", "melder", projects)


def owner_group_bullets(kf: Mapping) -> list[str]:
    """``["KS/kommunene (3 prosjekter)", "Helse Vest RHF (2 programmer, 3 prosjekter)", …]``.

    Groups without projects are left out; the order is the reference's.
    """
    lines = []
    for group, counts in (key_figure(kf, "projects.by_owner_group") or {}).items():
        parts = [(ngettext("{n} program", "{n} programmer", counts["program"]) if kind == "program" else
                  ngettext("{n} prosjekt", "{n} prosjekter", counts["prosjekt"])).format(n=number(counts[kind]))
                 for kind in ("program", "prosjekt") if counts.get(kind, 0)]
        if parts:
            lines.append(f"{group} ({', '.join(parts)})")
    return lines


def _rough_amount(value: float, kroner: bool = False) -> str:
    """Estimates (total costs, benefits) as the report rounds them: ``9,2 milliarder``, one decimal."""
    return amount(value, kroner=kroner, digits=1 if not is_missing(value) and abs(value) >= 1000 else None)


def costs_sentence(kf: Mapping) -> str:
    """Total costs with how many did not report them, the previous period in parentheses."""
    n = key_figure(kf, "projects.count") or 0
    rough = _rough_amount
    if key_figure(kf, "costs.total_cost") is None:
        return _("Ingen av de {count_word} prosjektene har rapportert totale prosjektkostnader.").format(
            count_word=count_word(n)) if n else ""
    sentence = (_("De totale prosjektkostnadene som er innrapportert, er {rough}{paren}.").format(
        rough=rough(key_figure(kf, "costs.total_cost"), kroner=True), paren=_paren(kf, 'costs.total_cost', rough, is_amount=True)))
    missing = key_figure(kf, "costs.total_cost_not_reported")
    if missing:
        sentence += (_(" {capitalise} av de {count_word} prosjektene ({percent}) har ikke rapportert totale "
                       "prosjektkostnader{paren}.").format(
            capitalise=capitalise(count_word(missing)), count_word=count_word(n),
            percent=percent(key_figure(kf, "costs.total_cost_not_reported_share")),
            paren=_paren(kf, 'costs.total_cost_not_reported_share', share_words)))
    return sentence


def cost_bands_sentence(kf: Mapping, phrases: Mapping[str, str]) -> str:
    """The projects per total-cost band, as shares of all projects and of those that reported a total cost.

    Parameters
    ----------
    kf : mapping
        Key figures (``costs.total_cost_bands``, ``costs.total_cost_not_reported``, ``projects.count``).
    phrases : mapping
        Band key -> how the text names it, in the bands' order (the reference's ``cost_bands.phrases``).

    Returns
    -------
    str
        ``"Av alle 54 prosjekter har 11 % en totalkostnad under 10 mill. kr, … Av de 47 som har rapportert
        totalkostnad, er andelene 13 %, …"``; ``""`` when nobody reported a total cost.
    """
    bands = key_figure(kf, "costs.total_cost_bands")
    n = key_figure(kf, "projects.count") or 0
    if not bands or not n:
        return ""
    reported = n - (key_figure(kf, "costs.total_cost_not_reported") or 0)
    keys = [k for k in phrases if k in bands]
    parts = [(_("{share} en totalkostnad {phrase}") if i == 0 else _("{share} {phrase}")).format(
        share=share_words(bands[k] / n), phrase=phrases[k]) for i, k in enumerate(keys)]
    sentence = _("Av alle {count_word} prosjekter har {join_list}.").format(
        count_word=count_word(n), join_list=join_list(parts))
    if reported < n:
        shares = join_list(share_words(bands[k] / reported) for k in keys)
        sentence += (ngettext(" Av de {count_word} som har rapportert totalkostnad, er andelen {shares}.",
                              " Av de {count_word} som har rapportert totalkostnad, er andelene {shares}.",
                              len(keys)).format(count_word=count_word(reported), shares=shares))
    return sentence


def maintenance_sentence(kf: Mapping) -> str:
    """Annual maintenance costs, their change, and the share that did not report them."""
    if key_figure(kf, "costs.maintenance") is None:
        return _("Ingen prosjekter har rapportert årlige forvaltningskostnader.")
    total = amount(key_figure(kf, "costs.maintenance"), kroner=True)
    sentence = _("De årlige forvaltningskostnadene som er rapportert, summerer seg til {total}").format(total=total)
    change = key_figure(kf, "costs.maintenance_change")
    if change is not None:
        if abs(change) < 0.05:
            sentence += _(", uendret fra {when}").format(when=when_previous(kf))
        else:
            word = _("en økning") if change > 0 else _("en nedgang")
            sentence += _(", noe som er {word} på {amount} siden {when}").format(
                word=word, amount=amount(abs(change), kroner=True), when=when_previous(kf))
    sentence += "."
    share = key_figure(kf, "costs.maintenance_not_reported_share")
    if share is None:
        return sentence
    if share:
        return sentence + (_(" {capitalise} av prosjektene har ikke rapportert årlige forvaltningskostnader{paren}.").format(
            capitalise=capitalise(percent(share)),
            paren=_paren(kf, 'costs.maintenance_not_reported_share', share_words)))
    # Nobody left it out: said in words, not as "0 % … har ikke rapportert".
    before = key_figure(kf, "previous.costs.maintenance_not_reported_share")
    sentence += _(" Alle prosjektene har rapportert årlige forvaltningskostnader")
    if before is None:
        return sentence + "."
    if not before:
        return sentence + _(", som i {when}.").format(when=when_previous(kf))
    return sentence + _(" (i {when} hadde {percent} ikke gjort det).").format(when=when_previous(kf), percent=percent(before))


def benefits_sentence(kf: Mapping) -> str:
    """Share with quantifiable benefits, share above 100 mill., and their sum.

    The shares are of the projects that answered (``-`` in ``gevinster`` is not answered); how many did not
    answer is said, and when nobody answered, only that.
    """
    not_answered = key_figure(kf, "benefits.not_answered_count") or 0
    if key_figure(kf, "benefits.quantifiable_share") is None:
        return _("Ingen prosjekter har svart på om de har kvantifiserbare gevinster.") if not_answered else ""
    answered = (key_figure(kf, "projects.count") or 0) - not_answered
    whom = _("av de {count_word} prosjektene som har svart,").format(
        count_word=count_word(answered)) if not_answered else _("av prosjektene")
    sentence = (_("{capitalise} {whom} rapporterer at de har kvantifiserbare gevinster{paren}, og {share_words} "
                  "har kvantifiserbare gevinster på over 100 mill.{paren2}").format(
        capitalise=capitalise(share_words(key_figure(kf, "benefits.quantifiable_share"))), whom=whom,
        paren=_paren(kf, 'benefits.quantifiable_share', share_words),
        share_words=share_words(key_figure(kf, "benefits.over_100_share")), paren2=_paren(kf, 'benefits.over_100_share', share_words,
        is_amount=True)))  # 100 mill. of its currency
    sentence = sentence if sentence.endswith(".") else sentence + "."  # "mill." already ends it
    if key_figure(kf, "benefits.total") is not None:
        sentence += _(" De kvantifiserbare gevinstene utgjør til sammen {rough_amount}.").format(
            rough_amount=_rough_amount(key_figure(kf, "benefits.total"), kroner=True))
    if not_answered:
        sentence += (_(" {capitalise} har ikke svart på om {value} har kvantifiserbare gevinster.").format(
            capitalise=capitalise(project_count(not_answered)), value='det' if not_answered == 1 else 'de'))
    return sentence


def maturity_sentence(kf: Mapping) -> str:
    """``49 av de 50 prosjektene i planleggings- eller gjennomføringsfasen har middels eller høy gevinstmodenhet.``"""
    assessed, good = key_figure(kf, "benefits.maturity_assessed") or 0, key_figure(kf, "benefits.maturity_medium_or_high") or 0
    not_answered = key_figure(kf, "benefits.maturity_not_answered") or 0
    phases = _("i planleggings- eller gjennomføringsfasen")
    if not assessed and not not_answered:
        return _("Ingen prosjekter er {phases}, så gevinstmodenhet er ikke vurdert.").format(phases=phases)
    if not assessed:
        return (_("Ingen av de {count_word} prosjektene {phases} har svart på spørsmålene om gevinstarbeid, så "
                  "gevinstmodenheten er ikke vurdert.").format(count_word=count_word(not_answered), phases=phases))
    if good == assessed:
        how_many = _("Prosjektet") if assessed == 1 else _("Alle de {count_word} prosjektene").format(
            count_word=count_word(assessed))
    elif not good:
        how_many = _("Ingen av de") + _(" {count_word} prosjektene").format(count_word=count_word(assessed))
    else:
        how_many = _("{capitalise} av de {count_word} prosjektene").format(
            capitalise=capitalise(count_word(good)), count_word=count_word(assessed))
    if not not_answered:
        return _("{how_many} {phases} har middels eller høy gevinstmodenhet.").format(
            how_many=how_many, phases=phases)
    return (_("{how_many} {phases} som har svart på spørsmålene om gevinstarbeid, har middels eller høy "
              "gevinstmodenhet. {capitalise} i disse fasene har ikke svart på noen av dem og er ikke vurdert.").format(
        how_many=how_many, phases=phases, capitalise=capitalise(project_count(not_answered))))


def dependencies_sentence(kf: Mapping) -> str:
    """Number of dependencies vs previous, the high-criticality share and how many are unresolved (red)."""
    if key_figure(kf, "dependencies.reported") is False:
        return _("Avhengigheter er ikke rapportert inn denne gangen (innrapporteringen har ingen "
                 "avhengighetstabell).")
    n = key_figure(kf, "dependencies.count") or 0
    if not n:
        return _("Ingen avhengigheter er rapportert inn{paren}.").format(
            paren=_paren(kf, 'dependencies.count', number))
    counted = ngettext("{n} avhengighet", "{n} avhengigheter", n).format(n=number(n))
    sentence = _("Det er rapportert inn {counted}{paren}.").format(
        counted=counted, paren=_paren(kf, 'dependencies.count', number))
    sentence += _(" {capitalise} av avhengighetene har høy kritikalitet.").format(
        capitalise=capitalise(share_words(key_figure(kf, "dependencies.high_share"))))
    sentence += f" {unresolved_sentence(key_figure(kf, 'dependencies.red_count') or 0)}"
    return sentence


def unresolved_sentence(n: int) -> str:
    """``Åtte avhengigheter er uavklarte (rød status).``, ``Én avhengighet er uavklart (rød status).``"""
    if not n:
        return _("Ingen avhengigheter er uavklarte (rød status).")
    return ngettext("{n} avhengighet er uavklart (rød status).", "{n} avhengigheter er uavklarte (rød status).",
                    n).format(n=capitalise(count_word(n, neuter=False)))


def red_dependencies_intro(kf: Mapping) -> str:
    """``Det er rapportert inn åtte avhengigheter med rød status, det vil si at de er uavklarte. De er knyttet til:``"""
    n = key_figure(kf, "dependencies.red_count") or 0
    if n == 1:
        return (_("Det er rapportert inn én avhengighet med rød status, det vil si at den er uavklart."
                " Den er knyttet til:"))
    return (_("Det er rapportert inn {count_noun} med rød status, det vil si at de er uavklarte. De er knyttet til:").format(
        count_noun=ngettext("{n} avhengighet", "{n} avhengigheter", n).format(n=count_word(n, neuter=False))))


def red_theme_bullets(kf: Mapping) -> list[str]:
    """``["Leveranse av DIPS Arena (1)", …, "Annet (2)"]`` from ``dependencies.red_by_theme``."""
    themes = key_figure(kf, "dependencies.red_by_theme") or {}
    other = LABELS["other_theme"]
    ordered = sorted(themes.items(), key=lambda kv: (kv[0] == other, -kv[1], kv[0]))
    return [f"{capitalise(theme)} ({number(n)})" for theme, n in ordered]


def prerequisites_sentence(kf: Mapping) -> str:
    """Shares needing municipal organisational development and with medium/high EPJ criticality."""

    def not_answered(key: str) -> str:
        n = key_figure(kf, f"prerequisites.{key}") or 0
        return _(" ({project_count} har ikke svart)").format(project_count=project_count(n)) if n else ""

    organisation = _("at kommuner og fastleger gjennomfører organisasjonsutvikling")
    epj = _("videreutvikling av journalsystemene for kommunene og fastlegene")
    if key_figure(kf, "prerequisites.municipal_org_development_share") is None:
        first = _("Ingen prosjekter har svart på om det er en forutsetning {organisation}.").format(
            organisation=organisation)
    else:
        first = (_("{capitalise} av prosjektene rapporterer at det er en forutsetning {organisation}{not_answered}.").format(
            capitalise=capitalise(share_words(key_figure(kf, "prerequisites.municipal_org_development_share"))), organisation=organisation,
            not_answered=not_answered('municipal_org_development_not_answered')))
    if key_figure(kf, "prerequisites.epj_medium_or_high_share") is None:
        second = _("Ingen prosjekter har svart på hvor kritisk {epj} er for å realisere gevinstene.").format(epj=epj)
    else:
        second = (_("For {share_words} av prosjektene er {epj} av middels eller høy kritikalitet for å realisere "
                    "gevinstene{not_answered}.").format(
            share_words=share_words(key_figure(kf, "prerequisites.epj_medium_or_high_share")), epj=epj,
            not_answered=not_answered('epj_not_answered')))
    return f"{first} {second}"
