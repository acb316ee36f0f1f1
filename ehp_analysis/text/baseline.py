"""Norwegian wording for "Kostnad og tid mot første rapportering" (chapter 5, Vedlegg 3 and the deck's slide).

The portfolio's sentence reads ``baseline.*`` of key_figures.json (:func:`baseline_sentence`); the rest reads the
:class:`~ehp_analysis.metrics.baseline.Baseline` of the period. A first value from the chain's first period is
"første rapportering i kjeden", never the project's first estimate ever. Withheld values are said only as counts;
a project's own line says "ikke rapportert" for them as for an empty cell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ..words import _, ngettext
from .currency import currency
from ..missing import is_missing
from .format import (DASH, amount, amount_as_reported, capitalise, count_word, join_list, month_year,
                     number, percent)

__all__ = ["baseline_captions", "baseline_label", "baseline_paragraph", "baseline_chain_note", "baseline_changes_note", "baseline_changes_table", "baseline_project_sentence",
           "baseline_sentence", "baseline_slip_sentence", "baseline_table"]

LIMIT = 0.20  # the growth that is listed (baseline.growth_ids), and the change log's move in total cost


def _month(stamp) -> str:
    """A planned end (a timestamp) as month and year: ``desember 2024``."""
    return DASH if is_missing(stamp) else month_year(f"{stamp.year}-{stamp.month:02d}")


def _words(n: int) -> str:
    return capitalise(count_word(n))


def _one_period() -> str:
    return _("Kjeden har bare denne perioden, så sammenligningen med første rapportering begynner med neste periode.")


def baseline_paragraph(kf: Mapping, b) -> list[str]:
    """The section's opening paragraph, in order: the portfolio (:func:`baseline_sentence`), the planned ends
    (:func:`baseline_slip_sentence`) and what the comparison starts from (:func:`baseline_chain_note`); for a chain
    with one period compared, only the note that the comparison begins with the next period."""
    if len(b.periods) == 1:
        return [baseline_chain_note(b)]
    return [baseline_sentence(kf), baseline_slip_sentence(b), baseline_chain_note(b)]


# ------------------------------------------------------------------------------------- the portfolio


def baseline_sentence(kf: Mapping) -> str:
    """The portfolio against what was first reported: counted and not counted (and why), the sums, "X % over første
    anslag", and how many grew by at least 20 %; ``""`` when the key figures have no ``baseline`` (no chain)."""
    base = kf.get("baseline")
    n = (kf.get("projects") or {}).get("count") or 0
    if not isinstance(base, Mapping) or not n:
        return ""
    if len((kf.get("history") or {}).get("periods") or ()) == 1:
        return _one_period()
    counted, not_counted = base["projects_counted"], base["projects_not_counted"]
    if not counted:
        return _("Ingen av prosjektene har rapportert totalkostnad i denne perioden, så kostnadene kan ikke "
                 "sammenlignes med det som først ble rapportert.")
    if not not_counted:
        parts = [ngettext("Prosjektet har rapportert totalkostnad både første gang og nå.",
                          "Alle de {n} prosjektene har rapportert totalkostnad både første gang og nå.",
                          n).format(n=count_word(n))]
    else:
        parts = [_("{counted} av de {n} prosjektene har rapportert totalkostnad både første gang og nå.").format(
            counted=_words(counted), n=count_word(n))]
    first, now, share = base["first_total_cost_sum"], base["now_total_cost_sum"], base["growth_share"]
    values = {"now": amount(now, kroner=True), "first": amount(first, kroner=True)}
    if share is None:
        parts.append(_("Første anslag for dem var til sammen null; nå er totalkostnaden deres {now}.").format(**values))
    elif share > 0:
        parts.append(_("Samlet er totalkostnaden deres nå {now}, {share} over første anslag ({first}).").format(
            share=percent(share), **values))
    elif share < 0:
        parts.append(_("Samlet er totalkostnaden deres nå {now}, {share} under første anslag ({first}).").format(
            share=percent(-share), **values))
    else:
        parts.append(_("Samlet er totalkostnaden deres nå {now}, det samme som første anslag.").format(**values))
    if not_counted:
        withheld = (kf.get("costs") or {}).get("total_cost_withheld") or 0
        parts.append(ngettext("{n} prosjekt er ikke med fordi det ikke har rapportert totalkostnad i denne perioden",
                              "{n} prosjekter er ikke med fordi de ikke har rapportert totalkostnad i denne perioden",
                              not_counted).format(n=_words(not_counted))
                     + (_(" ({n} av dem er unntatt offentlighet).").format(n=count_word(withheld))
                        if withheld and not_counted > 1 else
                        _(" (totalkostnaden er unntatt offentlighet).") if withheld else "."))
    grown = len(base.get("growth_ids") or [])
    if grown:
        parts.append(ngettext("{n} prosjekt har vokst med minst {limit} siden første rapportering.",
                              "{n} prosjekter har vokst med minst {limit} siden første rapportering.",
                              grown).format(n=_words(grown), limit=percent(LIMIT)))
    else:
        parts.append(_("Ingen prosjekter har vokst med {limit} eller mer siden første rapportering.").format(
            limit=percent(LIMIT)))
    return " ".join(parts)


def baseline_chain_note(b) -> str:
    """What the comparison starts from: the chain's first period (never the projects' first estimates ever), the
    periods left out for their currency, and the template's planned end (collected in some periods, or none)."""
    if len(b.periods) == 1:
        if b.other_currency:
            return _("Bare denne perioden er rapportert i {code}, så sammenligningen med første rapportering begynner "
                     "med neste periode.").format(code=currency().code)
        return _one_period()
    parts = []
    if b.counted["from_chain_start"].any():
        parts.append(_("For prosjekter som var med allerede i {start}, den første perioden i kjeden, er første "
                       "rapportering i kjeden brukt; det trenger ikke være prosjektets første anslag.").format(
            start=month_year(b.chain_start)))
    if b.other_currency:
        left_out = join_list(f"{month_year(p)} ({c})" for p, c in b.other_currency)
        parts.append(_("Periodene i en annen valuta, {periods}, er ikke med, så første rapportering er den første i "
                       "{code}.").format(periods=left_out, code=currency().code))
    if not b.planned_end_collected:
        parts.append(_("Malen samler ikke inn planlagt slutt, så bare totalkostnaden sammenlignes."))
    elif b.planned_end_not_collected:
        parts.append(_("Malen samlet ikke inn planlagt slutt i {periods}; endringen i planlagt slutt regnes fra den "
                       "første som ble oppgitt etter det.").format(
            periods=join_list(month_year(p) for p in b.planned_end_not_collected)))
    return " ".join(parts)


def baseline_slip_sentence(b) -> str:
    """How many moved their planned end later (and by at most how many months) or earlier; ``""`` when no period of
    the chain collects it."""
    if not b.planned_end_collected:
        return ""
    slips = b.projects["slip_months"].dropna().astype(int)
    if not len(slips):
        return _("Ingen prosjekter har oppgitt planlagt slutt både første gang og nå.")
    later, earlier = slips[slips > 0], slips[slips < 0]
    if not len(later) and not len(earlier):
        return ngettext("Prosjektet som har oppgitt planlagt slutt både første gang og nå, har ikke flyttet den.",
                        "Ingen av de {n} prosjektene som har oppgitt planlagt slutt både første gang og nå, har "
                        "flyttet den.", len(slips)).format(n=count_word(len(slips)))
    parts = []
    if len(later):
        most = int(later.max())
        parts.append(ngettext("{n} prosjekt har flyttet planlagt slutt senere enn først oppgitt",
                              "{n} prosjekter har flyttet planlagt slutt senere enn først oppgitt",
                              len(later)).format(n=_words(len(later)))
                     + ngettext(", opptil {m} måned.", ", opptil {m} måneder.", most).format(m=number(most)))
    if len(earlier):
        parts.append(ngettext("{n} prosjekt har flyttet den tidligere.", "{n} prosjekter har flyttet den tidligere.",
                              len(earlier)).format(n=_words(len(earlier))))
    return " ".join(parts)


def baseline_changes_note(b) -> str:
    """Said when the projects whose change log the chapter shows (:meth:`Baseline.shown_ids`) have no entry in it;
    ``""`` otherwise (the table shows them) and when there are none to show."""
    ids = b.shown_ids()
    if not ids or len(b.changes_of(ids)):
        return ""
    return ngettext("Prosjektet har ikke endret totalkostnad med minst {limit} eller planlagt slutt med minst tre "
                    "måneder fra én rapportering til den neste.",
                    "Ingen av disse prosjektene har endret totalkostnad med minst {limit} eller planlagt slutt med "
                    "minst tre måneder fra én rapportering til den neste.", len(ids)).format(limit=percent(LIMIT))


# ------------------------------------------------------------------------------------------- a project


def baseline_project_sentence(row, b) -> str:
    """One project's own line (Vedlegg 3): its total cost now against its first report, and its planned end
    against the first one given. ``row`` is a row of :attr:`Baseline.projects` (a named tuple)."""
    unit = currency().mill
    origin = _("første rapportering i kjeden") if row.from_chain_start else _("første rapportering")
    first = {"first": amount_as_reported(row.first_total_cost), "unit": unit, "origin": origin,
             "when": month_year(row.first_period) if not is_missing(row.first_period) else DASH}
    if row.counted and row.first_period == b.period:
        parts = [_("Totalkostnad {now} {unit}, første gang rapportert i denne perioden.").format(
            now=amount_as_reported(row.total_cost), unit=unit)]
    elif row.counted:
        now = amount_as_reported(row.total_cost)
        if is_missing(row.growth):
            text = _("Totalkostnad {now} {unit}; ved {origin} ({when}) var den 0.")
        elif row.growth > 0:
            text = _("Totalkostnad {now} {unit}, {share} over {origin} ({first} {unit} i {when}).")
        elif row.growth < 0:
            text = _("Totalkostnad {now} {unit}, {share} under {origin} ({first} {unit} i {when}).")
        else:
            text = _("Totalkostnad {now} {unit}, den samme som ved {origin} ({when}).")
        share = DASH if is_missing(row.growth) else percent(abs(float(row.growth)))
        parts = [text.format(now=now, share=share, **first)]
    elif not is_missing(row.first_period):
        parts = [_("Totalkostnad er ikke rapportert i denne perioden; ved {origin} var den {first} {unit} "
                   "({when}).").format(**first)]
    else:
        parts = [_("Totalkostnad er ikke rapportert i noen periode i kjeden.")]
    if not is_missing(row.slip_months):
        slip = int(row.slip_months)
        values = {"end": _month(row.planned_end), "first": _month(row.first_planned_end), "n": number(abs(slip))}
        if slip > 0:
            parts.append(ngettext("Planlagt slutt {end}, {n} måned senere enn først oppgitt ({first}).",
                                  "Planlagt slutt {end}, {n} måneder senere enn først oppgitt ({first}).",
                                  slip).format(**values))
        elif slip < 0:
            parts.append(ngettext("Planlagt slutt {end}, {n} måned tidligere enn først oppgitt ({first}).",
                                  "Planlagt slutt {end}, {n} måneder tidligere enn først oppgitt ({first}).",
                                  -slip).format(**values))
        else:
            parts.append(_("Planlagt slutt {end}, som først oppgitt.").format(**values))
    return " ".join(parts)


# ------------------------------------------------------------------------------------ tables, captions


def baseline_label() -> str:
    """The label of a project's line in Vedlegg 3."""
    return _("Mot første rapportering")


def baseline_captions() -> dict[str, str]:
    """The section's captions: ``figure``, ``table``, ``changes``."""
    return {
        "figure": _("Prosjektene med størst vekst i totalkostnad mot første rapportering, i prosent"),
        "table": _("Totalkostnad nå mot første rapportering, per prosjekt, rangert etter vekst"),
        "changes": _("Perioder der totalkostnaden endret seg med minst 20 % eller planlagt slutt med minst tre måneder "
                     "fra forrige rapportering, med prosjektets statuskommentar"),
    }


def _headers(b) -> dict[str, str]:
    mill = currency().header
    return {
        "id": _("ID"), "name": _("Prosjekt"), "first_period": _("Første rapportering"),
        "first_total_cost": _("Første totalkostnad ({mill})").format(mill=mill),
        "total_cost": _("Totalkostnad nå ({mill})").format(mill=mill),
        "growth_amount": _("Endring ({mill})").format(mill=mill), "growth": _("Vekst (%)"),
        "first_planned_end": _("Første planlagte slutt"), "planned_end": _("Planlagt slutt nå"),
        "slip_months": _("Flyttet (måneder)"), "note": _("Merknad"),
        "period": _("Periode"), "total_cost_before": _("Totalkostnad før ({mill})").format(mill=mill),
        "total_cost_then": _("Totalkostnad ({mill})").format(mill=mill), "cost_moved": _("Endring (%)"),
        "planned_end_before": _("Planlagt slutt før"), "planned_end_then": _("Planlagt slutt"),
        "end_moved_months": _("Flyttet (måneder)"), "comment": _("Statuskommentar"),
    }


def _floats(values: pd.Series):
    """Amounts as plain floats, NaN where not reported: the CSV writes them with a decimal comma, empty for NaN."""
    return values.to_numpy(dtype=float, na_value=math.nan)


def _month_cell(stamp) -> str | None:
    """A planned end in a table cell: month and year, empty (shown as "–") where there is none."""
    return None if is_missing(stamp) else _month(stamp)


def _named(frame: pd.DataFrame) -> list[str]:
    return [f"{n} ({o})" for n, o in zip(frame["name"], frame["organisation"])]


def _percent_points(values: pd.Series) -> list:
    # per cent, as shown (one decimal); NaN where there is no growth
    return [math.nan if is_missing(v) else round(float(v) * 100, 1) for v in values]


def baseline_table(b) -> tuple[pd.DataFrame, dict]:
    """Every project of P, ranked by growth, for the table and ``tables/kostnad-mot-forste-anslag.csv``.

    Returns
    -------
    (DataFrame, dict)
        The table with Norwegian headers (numbers stay numbers; growth in per cent), and ``amount_columns`` and
        ``decimals`` for :meth:`ehp_analysis.chapter.view.Chapter.table`. The planned-end columns only when a
        period of the chain collects ``planlagt_slutt``.
    """
    h = _headers(b)
    p = b.projects
    first = [None if is_missing(f) else month_year(f) + (_(" (første i kjeden)") if s else "")
             for f, s in zip(p["first_period"], p["from_chain_start"])]
    notes = []
    for r in p.itertuples(index=False):
        if not r.counted:
            notes.append(_("Ikke med: totalkostnad ikke rapportert i denne perioden"))
        elif is_missing(r.growth):
            notes.append(_("Første totalkostnad var 0: ingen vekst i prosent"))
        else:
            notes.append("")
    table = {h["id"]: p["id"].tolist(), h["name"]: _named(p), h["first_period"]: first,
             h["first_total_cost"]: _floats(p["first_total_cost"]), h["total_cost"]: _floats(p["total_cost"]),
             h["growth_amount"]: _floats(p["growth_amount"]), h["growth"]: _percent_points(p["growth"])}
    if b.planned_end_collected:
        table[h["first_planned_end"]] = [_month_cell(v) for v in p["first_planned_end"]]
        table[h["planned_end"]] = [_month_cell(v) for v in p["planned_end"]]
        table[h["slip_months"]] = p["slip_months"].tolist()
    table[h["note"]] = notes
    options = {"amount_columns": (h["first_total_cost"], h["total_cost"], h["growth_amount"], h["growth"]),
               "decimals": {h["growth"]: 1}}
    return pd.DataFrame(table), options


def baseline_changes_table(b, ids) -> tuple[pd.DataFrame, dict]:
    """The change log of the projects ``ids`` (by id, then period), with Norwegian headers; as :func:`baseline_table`."""
    h = _headers(b)
    c = b.changes_of(ids)
    table = {h["id"]: c["id"].tolist(), h["name"]: c["name"].tolist(),
             h["period"]: [month_year(p) for p in c["period"]],
             h["total_cost_before"]: _floats(c["total_cost_before"]), h["total_cost_then"]: _floats(c["total_cost"]),
             h["cost_moved"]: _percent_points(c["cost_moved"])}
    if b.planned_end_collected:
        table[h["planned_end_before"]] = [_month_cell(v) for v in c["planned_end_before"]]
        table[h["planned_end_then"]] = [_month_cell(v) for v in c["planned_end"]]
        table[h["end_moved_months"]] = c["end_moved_months"].tolist()
    table[h["comment"]] = [None if is_missing(v) else str(v) for v in c["comment"]]
    options = {"amount_columns": (h["total_cost_before"], h["total_cost_then"], h["cost_moved"]),
               "decimals": {h["cost_moved"]: 1}}
    return pd.DataFrame(table), options
