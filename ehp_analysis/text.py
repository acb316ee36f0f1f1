"""Norwegian (bokmål) formatting and the report's generated sentences.

Every label a reader sees is in :data:`LABELS`. Every number a reader sees is formatted here, by
:func:`number` and the functions built on it (also for tables and figures): rounded half up on the
number as written, decimal comma, a no-break space (U+00A0) before ``%`` and between thousands, the minus
sign U+2212. The sentence generators take the
dictionary from :func:`ehp_analysis.metrics.key_figures.key_figures` (or a metric result) and leave out the
comparison in parentheses when there is no previous period.

The sentences follow report.md's "Norwegian as written by people": whole numbers below 13 as words where they
start a sentence or count projects in running text (:func:`count_word`, :func:`project_count`), agreement in
number, "uendret" when a share reads the same as before, at most :data:`MAX_NAMED` projects named in a sentence
(each with its organisation), statistics said in words first with p and n in brackets, and codes shown by their
labels (:func:`reason_label`, :func:`field_label`). tests/test_language.py checks the spelling with hunspell.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.dates import format_date
from babel.lists import format_list

from .template import NOT_ASSESSED  # a status or risk not reported: its own category, never a colour

LOCALE = "nb_NO"
NBSP = "\u00a0"
DASH = "–"
MINUS = "\u2212"  # the typographic minus sign, never the hyphen-minus

LABELS: dict = {
    "colours": {"grønn": "Grønn", "gul": "Gul", "rød": "Rød", NOT_ASSESSED: "Ikke vurdert"},
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
    # Every column of the submission template (template.TABLES), as a reader sees it.
    "fields": {
        "id": "ID", "navn": "Navn", "type": "Type", "ansvarlig_virksomhet": "Ansvarlig virksomhet",
        "prosjekteier": "Prosjekteier", "innsatsomrade": "Innsatsområde", "fase": "Fase", "status": "Status",
        "risiko": "Risiko", "statusarsaker": "Årsaker til gul eller rød status", "budsjett": "Budsjett",
        "totalkostnad": "Totalkostnad", "forvaltningskostnad": "Årlig forvaltningskostnad",
        "gevinster": "Kvantifiserbare gevinster", "gevinstansvarlig": "Gevinstansvarlig utpekt",
        "prosjektbegrunnelse": "Prosjektbegrunnelse", "gevinster_identifisert": "Gevinster identifisert",
        "gevinstplan": "Gevinstplan", "gevinstrealisering": "Gevinstrealisering pågår",
        "epj_kritikalitet": "Kritikalitet for journalsystemene",
        "forutsetning_kommune": "Forutsetter organisasjonsutvikling i kommunene",
        "statuskommentar": "Statuskommentar", "risikokommentar": "Risikokommentar", "beskrivelse": "Beskrivelse",
        "del_av_program": "Del av program",
        "prosjekt_id": "Prosjekt-ID", "avhengighet": "Avhengighet", "avhenger_av_id": "Avhenger av ID",
        "kategori": "Kategori", "kritikalitet": "Kritikalitet", "tema": "Tema", "veien_videre": "Veien videre",
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
    },
}


# --------------------------------------------------------------------------- numbers
#
# The one number formatter of the report: sentences, tables (chapter.display) and figures (plots) all
# go through _rounded/_render, so a value reads the same wherever it stands.

# Python writes "−1,234.5" as "-1,234.5"; this turns that into the report's "−1 234,5" in one pass.
_NORWEGIAN = str.maketrans({",": NBSP, ".": ",", "-": MINUS})
AS_REPORTED_DIGITS = 9  # see amount_as_reported


def _is_missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _decimal(value) -> Decimal:
    """``value`` as the decimal it is written as: ``2.25`` -> ``Decimal("2.25")``, not its binary expansion.

    Rounding the written form is what makes ``2.25`` round up to ``2,3`` (the float is exactly 2.25, and
    babel's half-even rounding gives ``2,2``) and ``2.675`` to ``2,68`` (the float is 2.67499999…).
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def _rounded(value, digits: int) -> Decimal:
    """``value`` rounded half up to ``digits`` decimals; a value that rounds to zero loses its sign."""
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    # -0.04 at one decimal is Decimal("-0.0"): printed as "−0,0" it would claim a sign it does not have.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _render(rounded: Decimal, *, trim: bool = False) -> str:
    """Norwegian text of an already rounded decimal: ``1 234,5`` (no-break space), ``−3,5`` (U+2212)."""
    text = format(rounded, ",f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_NORWEGIAN)


def number(value: float, digits: int = 0, *, trim: bool = False) -> str:
    """A number in Norwegian style, rounded half up to ``digits`` decimals.

    Parameters
    ----------
    value : float, int or Decimal
        ``None``/NA gives ``–``.
    digits : int
        Decimals shown. Every value gets exactly this many (``84,0`` under ``589,5`` in a table
        column or on a row of bars), unless ``trim``.
    trim : bool
        Drop trailing zeros, as the report's sentences do (``31,5 mill.``, ``405 mill.``).

    Returns
    -------
    str
        Decimal comma, a no-break space (U+00A0) between thousands, the minus sign U+2212, never ``−0``:
        ``number(1234.5, 1) == "1\u00a0234,5"``, ``number(2.25, 1) == "2,3"``, ``number(-0.04, 1) == "0,0"``.
    """
    if _is_missing(value):
        return DASH
    return _render(_rounded(value, digits), trim=trim)


def signed(value: float, digits: int = 0, *, trim: bool = False) -> str:
    """A change with its sign: ``+12,3``, ``−45,0``; a change that rounds to zero has none (``0,0``).

    Rounds and trims as :func:`number`.
    """
    if _is_missing(value):
        return DASH
    rounded = _rounded(value, digits)
    return ("+" if rounded > 0 else "") + _render(rounded, trim=trim)


def amount(value: float, *, kroner: bool = False, digits: int | None = None) -> str:
    """An amount in mill. kr as the report writes it.

    Below 1 000 mill.: ``31,5 mill.`` (one decimal from 10, two below 10, trailing zeros trimmed).
    From 1 000 mill.: ``1,65 milliarder`` (two decimals, trimmed: ``9,2 milliarder``).

    Parameters
    ----------
    value : float
        Mill. kr; ``None``/NA gives ``–``.
    kroner : bool
        Append ``kroner`` (``1,65 milliarder kroner``, ``405 mill. kroner``).
    digits : int, optional
        Override the number of decimals.
    """
    if _is_missing(value):
        return DASH
    suffix = " kroner" if kroner else ""
    if abs(float(value)) >= 1000:
        d = 2 if digits is None else digits
        billions = _rounded(_decimal(value).scaleb(-3), d)  # exact: 1650.505 mill. is 1.650505 milliarder
        word = "milliard" if abs(billions) == 1 else "milliarder"
        return f"{_render(billions, trim=True)} {word}{suffix}"
    d = digits if digits is not None else (1 if abs(float(value)) >= 10 else 2)
    return f"{number(value, d, trim=True)} mill.{suffix}"


def amount_as_reported(value: float) -> str:
    """An amount exactly as reported (``2,075``, ``6,15``, ``0,98``, ``40``); ``–`` when not reported.

    Nothing a person typed into the template is rounded away; otherwise formatted as :func:`number`.
    """
    if _is_missing(value):
        return DASH
    # Rounding at 9 decimals drops float noise from sums and differences (30.900000000000006) but keeps
    # every decimal a person could have typed.
    exact = _decimal(round(float(value), AS_REPORTED_DIGITS)).normalize()
    return number(exact, max(0, -exact.as_tuple().exponent))


def percent(share: float, digits: int = 0) -> str:
    """A share 0–1 as a percentage, rounded half up: ``percent(0.5555) == "56\u00a0%"``."""
    if _is_missing(share):
        return DASH
    # Scaled as a decimal, so 0.565 is 56.5 % and rounds to 57 (as a float, 0.565 * 100 is 56.49999…).
    return f"{number(_decimal(share).scaleb(2), digits)}{NBSP}%"


def p_value(p: float) -> str:
    """A p-value with two significant digits, zeros kept (``0,22``, ``0,10``); below 0,001 as ``< 0,001``."""
    if _is_missing(p):
        return DASH
    if p < 0.001:
        return f"< {number(0.001, 3)}"
    exact = _decimal(p)
    two_significant = _rounded(exact, 1 - exact.adjusted())
    # Rounding can add a digit in front (0.0998 -> 0.100): count the decimals again, keeping two at least.
    return number(two_significant, max(2, 1 - two_significant.adjusted()))


def date(value: str | _dt.date) -> str:
    """``"2020-01-17"`` -> ``"17. januar 2020"``."""
    d = _dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(d, "d. MMMM y", locale=LOCALE)


def month_year(period: str) -> str:
    """``"2019-10"`` -> ``"oktober 2019"``."""
    year, month = (int(x) for x in str(period).split("-")[:2])
    return format_date(_dt.date(year, month, 1), "MMMM y", locale=LOCALE)


def month(period: str) -> str:
    """``"2020-01"`` -> ``"januar"``."""
    year, m = (int(x) for x in str(period).split("-")[:2])
    return format_date(_dt.date(year, m, 1), "MMMM", locale=LOCALE)


def join_list(items: Iterable[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B og C"``."""
    items = [str(i) for i in items]
    return format_list(items, locale=LOCALE) if items else ""


# Whole numbers below 13 are written as words where they start a sentence or count projects in running
# text ("Tre prosjekter har gått ut"); larger numbers stay digits. "ett" for neuter nouns (prosjekt), "én"
# for the others (avhengighet).
_NUMBER_WORDS = ("null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv")


def count_word(n: int, *, neuter: bool = True) -> str:
    """A count in running text: ``"ett"``, ``"én"`` (``neuter=False``), ``"tre"``, ``"14"``.

    Words below 13, digits from 13 (:func:`number`).
    """
    if n == 1 and not neuter:
        return "én"
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else number(n)


def count_noun(n: int, singular: str, plural: str, *, words: bool = False, neuter: bool = True) -> str:
    """``count_noun(1, "prosjekt", "prosjekter") == "1 prosjekt"``; other counts take the plural.

    With ``words``, a count below 13 is a word (:func:`count_word`): ``"tre prosjekter"``, ``"ett prosjekt"``,
    ``"én avhengighet"`` (``neuter=False``); use it where a sentence starts (then :func:`capitalise`) or
    where projects are counted in running text.
    """
    shown = count_word(n, neuter=neuter) if words else number(n)
    return f"{shown} {singular if n == 1 else plural}"


def project_count(n: int) -> str:
    """Projects counted in running text: ``"tre prosjekter"``, ``"ett prosjekt"``, ``"54 prosjekter"``."""
    return count_noun(n, "prosjekt", "prosjekter", words=True)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- sentences


def _prev(kf: Mapping) -> Mapping | None:
    prev = kf.get("previous")
    return prev if prev else None


def _when(kf: Mapping) -> str:
    return month_year(kf["previous_period"]) if kf.get("previous_period") else ""


def _get(d: Mapping | None, dotted: str):
    for key in dotted.split("."):
        if d is None:
            return None
        d = d.get(key)
    return d


def _paren(kf: Mapping, dotted: str, fmt) -> str:
    """`` (X i oktober 2019)``, `` (uendret fra oktober 2019)`` when it reads the same, or nothing when there
    is no previous value."""
    value = _get(_prev(kf), dotted)
    if value is None:
        return ""
    now = _get(kf, dotted)
    if now is not None and fmt(now) == fmt(value):
        return f" (uendret fra {_when(kf)})"
    return f" ({fmt(value)} i {_when(kf)})"


def budget_sentence(kf: Mapping) -> str:
    """``Samlet innrapportert budsjett for 2020 er per januar på 1,65 milliarder kroner (1,73 milliarder i
    oktober 2019). Elleve prosjekter har ikke rapportert budsjett.``"""
    year = _get(kf, "budget.year")
    what = f"for {year} " if year else ""
    when = month(kf["period"]) if year and str(year) == str(kf["period"])[:4] else month_year(kf["period"])
    if _get(kf, "budget.total") is None:
        before = ""
        if _prev(kf) is not None:
            previous = _get(_prev(kf), "budget.total")
            before = (f" (heller ikke i {_when(kf)})" if previous is None
                      else f" ({amount(previous)} i {_when(kf)})")
        return f"Ingen prosjekter har rapportert budsjett {what}per {when}{before}."
    value = amount(_get(kf, "budget.total"), kroner=True)
    sentence = f"Samlet innrapportert budsjett {what}er per {when} på {value}{_paren(kf, 'budget.total', amount)}."
    missing = len(_get(kf, "budget.not_reported_ids") or [])
    if missing:
        sentence += f" {capitalise(project_count(missing))} har ikke rapportert budsjett."
    return sentence


def projects_sentence(kf: Mapping) -> str:
    """``Nasjonal e-helseportefølje består av 54 prosjekter, like mange som i oktober 2019. Siden da har tre
    prosjekter kommet til og tre gått ut.``"""
    n = _get(kf, "projects.count")
    before = _get(_prev(kf), "projects.count")
    if before is None:
        compared = ""
    elif before == n:
        compared = f", like mange som i {_when(kf)}"
    else:
        compared = f" ({number(before)} i {_when(kf)})"
    sentence = f"Nasjonal e-helseportefølje består av {project_count(n)}{compared}."
    new, left = _get(kf, "projects.new_ids"), _get(kf, "projects.left_ids")
    if new is not None and left is not None and kf.get("previous_period"):
        since = "Siden da" if compared.startswith(",") else f"Siden {_when(kf)}"
        if not new and not left:
            sentence += f" {since} har ingen prosjekter kommet til eller gått ut."
        else:
            came = project_count(len(new)) if new else "ingen prosjekter"
            went = count_word(len(left)) if left and new else (project_count(len(left)) if left else "ingen")
            sentence += f" {since} har {came} kommet til og {went} gått ut."
    return sentence


def new_projects_sentence(n: int) -> str:
    """``Det er tre nye prosjekter i porteføljen ved denne rapporteringen.``"""
    what = count_noun(n, "nytt prosjekt", "nye prosjekter", words=True) if n else "ingen nye prosjekter"
    return f"Det er {what} i porteføljen ved denne rapporteringen."


def left_projects_sentence(n: int, previous_period: str) -> str:
    """``Tre prosjekter har gått ut av porteføljen siden oktober 2019.``"""
    who = capitalise(project_count(n)) if n else "Ingen prosjekter"
    return f"{who} har gått ut av porteføljen siden {month_year(previous_period)}."


MAX_NAMED = 10  # projects named in one sentence; the rest are in a table
MOVERS_NAMED = 3  # the largest budget changes named in the budget change
SIGNIFICANCE = 0.05  # a test's p below this is "større enn tilfeldig variasjon skulle tilsi"
RED_TABLE = "tabellen over prosjekter med rød status eller risiko"


def _not_assessed_sentence(kf: Mapping, key: str, measure: str) -> str:
    """``Status er ikke vurdert for 25 % av prosjektene (tre av tolv), mot 0 % i oktober 2019.`` or ``""``."""
    counts = _get(kf, f"{key}.counts") or {}
    n_not, n = counts.get(NOT_ASSESSED, 0), sum(counts.values())
    if not n_not:
        return ""
    if n_not == n:
        return f"{capitalise(measure)} er ikke vurdert for noen av de {count_word(n)} prosjektene."
    previous = _get(_prev(kf), f"{key}.shares")
    comparison = ""
    if previous:
        before = percent(previous.get(NOT_ASSESSED, 0))
        now = percent(_get(kf, f"{key}.shares").get(NOT_ASSESSED))
        comparison = f", uendret fra {_when(kf)}" if before == now else f", mot {before} i {_when(kf)}"
    return (f"{capitalise(measure)} er ikke vurdert for {percent(_get(kf, f'{key}.shares').get(NOT_ASSESSED))}"
            f" av prosjektene ({count_word(n_not)} av {count_word(n)}){comparison}.")


def _named(ids: Sequence[int], projects: pd.DataFrame, limit: int = MAX_NAMED) -> tuple[list[str], int]:
    """``ids`` as ``Navn (Virksomhet)``, at most ``limit`` of them, and how many are left unnamed."""
    known = projects.drop_duplicates("id").set_index("id")
    named = [f"{known.at[i, 'name']} ({known.at[i, 'organisation']})" if i in known.index else f"prosjekt {i}"
             for i in list(ids)[:limit]]
    return named, len(ids) - len(named)


def _red_sentence(kf: Mapping, key: str, measure: str, projects: pd.DataFrame | None) -> str:
    """The projects with red ``measure`` by name and organisation, at most :data:`MAX_NAMED`, the rest
    pointed to the table; without ``projects`` (no names at hand) their number and the table."""
    red = list(_get(kf, f"{key}.red_ids") or [])
    if not red:
        return ""
    if projects is None:
        return f"{capitalise(project_count(len(red)))} har rød {measure}; se {RED_TABLE}."
    named, rest = _named(red, projects)
    if rest:
        named.append(f"{count_word(rest)} {'annet' if rest == 1 else 'andre'}")
    subject = "Prosjektet" if len(red) == 1 else "Prosjektene"
    return f"{subject} med rød {measure} er {join_list(named)}" + (f"; se {RED_TABLE}." if rest else ".")


def _colour_sentence(kf: Mapping, measure: str, verb: str, projects: pd.DataFrame | None = None) -> str:
    key = {"status": "status", "risiko": "risk"}[measure]
    shares = _get(kf, f"{key}.shares") or {}
    order = sorted(("grønn", "gul", "rød"), key=lambda c: -(shares.get(c) or 0))
    shown = [c for c in order if shares.get(c)]
    previous = {c: _get(_prev(kf), f"{key}.shares.{c}") for c in shown}
    parts = []
    rest = join_list(f"{percent(shares[c])} {c}" for c in shown[1:])
    if len(shown) > 1 and all(previous[c] is not None and percent(previous[c]) == percent(shares[c]) for c in shown):
        # Every share reads as before: say so once instead of "uendret" after each colour.
        parts.append(f"Fordelingen på {measure} er uendret fra {_when(kf)}: {percent(shares[shown[0]])} av"
                     f" prosjektene {verb} {shown[0]} {measure}, {rest}.")
    elif len(shown) > 1 and all(previous[c] is None for c in shown):
        # Nothing to compare with (a first period): one sentence, not one per colour.
        parts.append(f"{percent(shares[shown[0]])} av prosjektene {verb} {shown[0]} {measure}, {rest}.")
    else:
        for i, colour in enumerate(shown):
            prev = previous[colour]
            if prev is None:
                comparison = ""
            elif percent(prev) == percent(shares[colour]):
                comparison = f", uendret fra {_when(kf)}"
            elif not prev:
                comparison = f", mot ingen i {_when(kf)}"
            else:
                comparison = f", mot {percent(prev)} i {_when(kf)}"
            subject = "av prosjektene " if i == 0 else ""
            parts.append(f"{percent(shares[colour])} {subject}{verb} {colour} {measure}{comparison}.")
    parts += [_not_assessed_sentence(kf, key, measure), _red_sentence(kf, key, measure, projects)]
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
    for group, counts in (_get(kf, "projects.by_owner_group") or {}).items():
        parts = [count_noun(counts.get(kind, 0), *LABELS["types"][kind])
                 for kind in ("program", "prosjekt") if counts.get(kind, 0)]
        if parts:
            lines.append(f"{group} ({', '.join(parts)})")
    return lines


def _rough_amount(value: float, kroner: bool = False) -> str:
    """Estimates (total costs, benefits) as the report rounds them: ``9,2 milliarder``, one decimal."""
    return amount(value, kroner=kroner, digits=1 if not _is_missing(value) and abs(value) >= 1000 else None)


def costs_sentence(kf: Mapping) -> str:
    """Total costs with how many did not report them, the previous period in parentheses."""
    c = kf.get("costs", {})
    n = _get(kf, "projects.count") or 0
    rough = _rough_amount
    if c.get("total_cost") is None:
        return f"Ingen av de {count_word(n)} prosjektene har rapportert totale prosjektkostnader." if n else ""
    sentence = (f"De totale prosjektkostnadene som er innrapportert, er {rough(c.get('total_cost'), kroner=True)}"
                f"{_paren(kf, 'costs.total_cost', rough)}.")
    missing = c.get("total_cost_not_reported")
    if missing:
        sentence += (f" {capitalise(count_word(missing))} av de {count_word(n)} prosjektene"
                     f" ({percent(c.get('total_cost_not_reported_share'))}) har ikke rapportert totale"
                     f" prosjektkostnader{_paren(kf, 'costs.total_cost_not_reported_share', percent)}.")
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
    bands = _get(kf, "costs.total_cost_bands")
    n = _get(kf, "projects.count") or 0
    if not bands or not n:
        return ""
    reported = n - (_get(kf, "costs.total_cost_not_reported") or 0)
    keys = [k for k in phrases if k in bands]
    parts = [f"{percent(bands[k] / n)} {'en totalkostnad ' if i == 0 else ''}{phrases[k]}" for i, k in enumerate(keys)]
    sentence = f"Av alle {count_word(n)} prosjekter har {join_list(parts)}."
    if reported < n:
        shares = join_list(percent(bands[k] / reported) for k in keys)
        sentence += (f" Av de {count_word(reported)} som har rapportert totalkostnad, er"
                     f" {'andelene' if len(keys) > 1 else 'andelen'} {shares}.")
    return sentence


def maintenance_sentence(kf: Mapping) -> str:
    """Annual maintenance costs, their change, and the share that did not report them."""
    c = kf.get("costs", {})
    if c.get("maintenance") is None:
        return "Ingen prosjekter har rapportert årlige forvaltningskostnader."
    total = amount(c.get("maintenance"), kroner=True)
    sentence = f"De årlige forvaltningskostnadene som er rapportert, summerer seg til {total}"
    change = c.get("maintenance_change")
    if change is not None:
        if abs(change) < 0.05:
            sentence += f", uendret fra {_when(kf)}"
        else:
            word = "en økning" if change > 0 else "en nedgang"
            sentence += f", noe som er {word} på {amount(abs(change), kroner=True)} siden {_when(kf)}"
    sentence += "."
    share = c.get("maintenance_not_reported_share")
    if share is not None:
        sentence += (f" {percent(share)} av prosjektene har ikke rapportert årlige forvaltningskostnader"
                     f"{_paren(kf, 'costs.maintenance_not_reported_share', percent)}.")
    return sentence


def benefits_sentence(kf: Mapping) -> str:
    """Share with quantifiable benefits, share above 100 mill., and their sum.

    The shares are of the projects that answered (``-`` in ``gevinster`` is not answered); how many did not
    answer is said, and when nobody answered, only that.
    """
    b = kf.get("benefits", {})
    not_answered = b.get("not_answered_count") or 0
    if b.get("quantifiable_share") is None:
        return "Ingen prosjekter har svart på om de har kvantifiserbare gevinster." if not_answered else ""
    answered = (_get(kf, "projects.count") or 0) - not_answered
    whom = f"av de {count_word(answered)} prosjektene som har svart," if not_answered else "av prosjektene"
    sentence = (f"{percent(b.get('quantifiable_share'))} {whom} rapporterer at de har kvantifiserbare"
                f" gevinster{_paren(kf, 'benefits.quantifiable_share', percent)}, og"
                f" {percent(b.get('over_100_share'))} har kvantifiserbare gevinster på over 100 mill."
                f"{_paren(kf, 'benefits.over_100_share', percent)}")
    sentence = sentence if sentence.endswith(".") else sentence + "."  # "mill." already ends it
    if b.get("total") is not None:
        sentence += f" De kvantifiserbare gevinstene utgjør til sammen {_rough_amount(b['total'], kroner=True)}."
    if not_answered:
        sentence += (f" {capitalise(project_count(not_answered))} har ikke svart på om"
                     f" {'det' if not_answered == 1 else 'de'} har kvantifiserbare gevinster.")
    return sentence


def maturity_sentence(kf: Mapping) -> str:
    """``49 av de 50 prosjektene i planleggings- eller gjennomføringsfasen har middels eller høy gevinstmodenhet.``"""
    b = kf.get("benefits", {})
    assessed, good = b.get("maturity_assessed") or 0, b.get("maturity_medium_or_high") or 0
    not_answered = b.get("maturity_not_answered") or 0
    phases = "i planleggings- eller gjennomføringsfasen"
    if not assessed and not not_answered:
        return f"Ingen prosjekter er {phases}, så gevinstmodenhet er ikke vurdert."
    if not assessed:
        return (f"Ingen av de {count_word(not_answered)} prosjektene {phases} har"
                " svart på spørsmålene om gevinstarbeid, så gevinstmodenheten er ikke vurdert.")
    if good == assessed:
        how_many = "Prosjektet" if assessed == 1 else f"Alle de {count_word(assessed)} prosjektene"
    elif not good:
        how_many = "Ingen av de" + f" {count_word(assessed)} prosjektene"
    else:
        how_many = f"{capitalise(count_word(good))} av de {count_word(assessed)} prosjektene"
    if not not_answered:
        return f"{how_many} {phases} har middels eller høy gevinstmodenhet."
    return (f"{how_many} {phases} som har svart på spørsmålene om gevinstarbeid, har middels eller høy"
            f" gevinstmodenhet. {capitalise(project_count(not_answered))} i disse fasene har ikke svart på"
            " noen av dem og er ikke vurdert.")


def dependencies_sentence(kf: Mapping) -> str:
    """Number of dependencies vs previous, the high-criticality share and how many are unresolved (red)."""
    d = kf.get("dependencies", {})
    if d.get("reported") is False:
        return "Avhengigheter er ikke rapportert inn denne gangen (innrapporteringen har ingen avhengighetstabell)."
    n = d.get("count") or 0
    if not n:
        return f"Ingen avhengigheter er rapportert inn{_paren(kf, 'dependencies.count', number)}."
    counted = count_noun(n, "avhengighet", "avhengigheter")
    sentence = f"Det er rapportert inn {counted}{_paren(kf, 'dependencies.count', number)}."
    sentence += f" {percent(d.get('high_share'))} av avhengighetene har høy kritikalitet."
    sentence += f" {unresolved_sentence(d.get('red_count') or 0)}"
    return sentence


def unresolved_sentence(n: int) -> str:
    """``Åtte avhengigheter er uavklarte (rød status).``, ``Én avhengighet er uavklart (rød status).``"""
    if not n:
        return "Ingen avhengigheter er uavklarte (rød status)."
    noun = count_noun(n, "avhengighet", "avhengigheter", words=True, neuter=False)
    return f"{capitalise(noun)} {'er uavklart' if n == 1 else 'er uavklarte'} (rød status)."


def red_dependencies_intro(kf: Mapping) -> str:
    """``Det er rapportert inn 8 avhengigheter med rød status, det vil si at de er uavklarte. De er knyttet til:``"""
    n = _get(kf, "dependencies.red_count") or 0
    if n == 1:
        return ("Det er rapportert inn én avhengighet med rød status, det vil si at den er uavklart."
                " Den er knyttet til:")
    return (f"Det er rapportert inn {count_noun(n, 'avhengighet', 'avhengigheter')} med rød status, det vil si at"
            " de er uavklarte. De er knyttet til:")


def red_theme_bullets(kf: Mapping) -> list[str]:
    """``["Leveranse av DIPS Arena (1)", …, "Annet (2)"]`` from ``dependencies.red_by_theme``."""
    themes = _get(kf, "dependencies.red_by_theme") or {}
    other = LABELS["other_theme"]
    ordered = sorted(themes.items(), key=lambda kv: (kv[0] == other, -kv[1], kv[0]))
    return [f"{capitalise(theme)} ({number(n)})" for theme, n in ordered]


def prerequisites_sentence(kf: Mapping) -> str:
    """Shares needing municipal organisational development and with medium/high EPJ criticality."""
    p = kf.get("prerequisites", {})

    def not_answered(key: str) -> str:
        n = p.get(key) or 0
        return f" ({project_count(n)} har ikke svart)" if n else ""

    organisation = "at kommuner og fastleger gjennomfører organisasjonsutvikling"
    epj = "videreutvikling av journalsystemene for kommunene og fastlegene"
    if p.get("municipal_org_development_share") is None:
        first = f"Ingen prosjekter har svart på om det er en forutsetning {organisation}."
    else:
        first = (f"{percent(p['municipal_org_development_share'])} av prosjektene rapporterer at det er en"
                 f" forutsetning {organisation}{not_answered('municipal_org_development_not_answered')}.")
    if p.get("epj_medium_or_high_share") is None:
        second = f"Ingen prosjekter har svart på hvor kritisk {epj} er for å realisere gevinstene."
    else:
        second = (f"For {percent(p['epj_medium_or_high_share'])} av prosjektene er {epj} av middels eller høy"
                  f" kritikalitet for å realisere gevinstene{not_answered('epj_not_answered')}.")
    return f"{first} {second}"


def _significant(p: float) -> bool:
    return p is not None and p < SIGNIFICANCE


def _p(p: float) -> str:
    shown = p_value(p)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"  # "p < 0,001", not "p = < 0,001"


def sign_test_sentence(result: Mapping, measure: str = "status", previous_period: str | None = None) -> str:
    """How the projects in both periods moved, what that means, then the sign test's p and n in brackets.

    Parameters
    ----------
    result : mapping
        ``n_worse, n_better, n_same, p_value`` and optionally ``n_not_assessed`` (a
        :class:`~ehp_analysis.metrics.status.SignTest` as dict).
    measure : {"status", "risiko"}
    previous_period : str, optional
        ``YYYY-MM`` of the previous period, for the wording.

    Returns
    -------
    str
        ``Av de 51 prosjektene som er med i begge periodene, har ti fått dårligere status siden oktober 2019,
        to bedre og 39 uendret. Flere prosjekter har fått dårligere enn bedre status, og forskjellen er større
        enn tilfeldig variasjon skulle tilsi (fortegnstest, p = 0,039, n = 12).`` The verdict is at the 5 %
        level (:data:`SIGNIFICANCE`); for risk the words are "høyere" and "lavere".
    """
    worse_word, better_word = ("høyere", "lavere") if measure == "risiko" else ("dårligere", "bedre")
    worse, better, same = result["n_worse"], result["n_better"], result["n_same"]
    both = worse + better + same
    left_out = result.get("n_not_assessed") or 0
    since = f" siden {month_year(previous_period)}" if previous_period else ""
    def how_many(n: int) -> str:
        return count_word(n) if n else "ingen"

    changes = (f"har {how_many(worse)} fått {worse_word} {measure}{since}, {how_many(better)} {better_word} og"
               f" {how_many(same)} uendret.")
    if not left_out:
        sentence = f"Av de {count_word(both)} prosjektene som er med i begge periodene, {changes}"
    else:
        sentence = (f"Av de {count_word(both + left_out)} prosjektene som er med i begge periodene, er"
                    f" {count_word(left_out)} holdt utenfor overgangstabellen og testen fordi {measure} ikke er"
                    f" vurdert i den ene perioden eller i begge.")
        if not both:
            return sentence + " Ingen er vurdert i begge periodene, så det er ikke grunnlag for en fortegnstest."
        sentence += f" Av de {count_word(both)} andre {changes}"
    if result.get("p_value") is None:
        return sentence + " Ingen har endret farge, så det er ikke grunnlag for en fortegnstest."
    n = worse + better
    brackets = f"(fortegnstest, {_p(result['p_value'])}, n = {number(n)})"
    if worse == better:
        return (sentence + f" Like mange prosjekter har fått {worse_word} som {better_word} {measure}, så det er"
                f" ingen tendens i noen retning {brackets}.")
    more, fewer = (worse_word, better_word) if worse > better else (better_word, worse_word)
    meaning = ("og forskjellen er større enn tilfeldig variasjon skulle tilsi" if _significant(result["p_value"])
               else "men forskjellen er ikke større enn at den kan skyldes tilfeldig variasjon")
    return sentence + f" Flere prosjekter har fått {more} enn {fewer} {measure}, {meaning} {brackets}."


def mann_whitney_sentence(result: Mapping | None) -> str:
    """The risk-versus-dependencies comparison: the medians, what the test says, then U, p and n in brackets.

    ``""`` without a result (no dependency table); when a group is empty or no project has a
    high-criticality dependency, says there is nothing to test instead of showing a test.
    """
    if not result:
        return ""
    ne, ng = result["n_elevated"], result["n_green"]
    if not ne or not ng:
        whom = "gul eller rød" if not ne else "grønn"
        return f"Ingen prosjekter har {whom} risiko, så det er ikke grunnlag for en Mann–Whitney-test."
    if result.get("p_value") is None and not result.get("median_elevated") and not result.get("median_green"):
        return ("Ingen prosjekter har avhengigheter med høy kritikalitet, så det er ikke grunnlag for en"
                " Mann–Whitney-test.")
    median, median_green = result.get("median_elevated"), result.get("median_green")
    noun = "avhengighet" if median == 1 else "avhengigheter"

    def one_decimal(value):  # medians and U of counts: whole or halves, "4" rather than "4,0"
        return number(value, 1, trim=True)

    compared = ("det samme som prosjekter med grønn risiko" if median == median_green
                else f"mot {one_decimal(median_green)} for prosjekter med grønn risiko")
    sentence = (f"Prosjekter med gul eller rød risiko har i median {one_decimal(median)} {noun} med høy"
                f" kritikalitet, {compared}.")
    if result.get("p_value") is None:
        return sentence + " Det er ikke grunnlag for en Mann–Whitney-test."
    meaning = ("Forskjellen mellom gruppene er større enn tilfeldig variasjon skulle tilsi"
               if _significant(result["p_value"])
               else "Forskjellen mellom gruppene er ikke større enn at den kan skyldes tilfeldig variasjon")
    return (sentence + f" {meaning} (Mann–Whitney-test, U = {one_decimal(result['u'])}, {_p(result['p_value'])},"
            f" n = {number(ne)} og {number(ng)}).")


def budget_year_note(current_year: int | None, previous_year: int | None) -> str:
    """A note when the two periods report budgets for different years, else ``""``."""
    if None in (current_year, previous_year) or current_year == previous_year:
        return ""
    return (f"Merk at budsjettene nå gjelder {current_year}, mens tallene fra forrige rapportering gjelder"
            f" {previous_year}; sammenligningen går altså på tvers av budsjettår.")


def no_bridge_sentence(kf: Mapping) -> str:
    """Why there is no budget bridge although there is a previous period and one of the two has a budget;
    ``""`` when there is a bridge, no previous period, or no budget in either (:func:`budget_sentence` says so)."""
    if not kf.get("previous_period") or _get(kf, "budget.bridge"):
        return ""
    now, before = _get(kf, "budget.total"), _get(_prev(kf), "budget.total")
    if now is None and before is None:
        return ""  # the budget sentence says that nobody reported one, in either period
    which = f"i {month_year(kf['period'])}" if now is None else f"i {_when(kf)}"
    return (f"Siden ingen prosjekter rapporterte budsjett {which}, kan endringen i samlet budsjett ikke"
            " forklares prosjekt for prosjekt.")


def owner_group_changes_sentence(appeared: Sequence[str], went: Sequence[str], n_common: int,
                                 previous_period: str) -> str:
    """Name the owner groups that appeared or went since the previous period; ``""`` when they are the same.

    Parameters
    ----------
    appeared, went : sequence of str
        Groups only in this period's organisations file / only in the previous period's.
    n_common : int
        Groups in both: what comparisons by owner group cover.
    previous_period : str
        ``YYYY-MM``.
    """
    if not appeared and not went:
        return ""

    def groups(names: Sequence[str]) -> str:
        return f"{'eiergruppen' if len(names) == 1 else 'eiergruppene'} {join_list(names)}"

    parts = ([f"{groups(appeared)} kommet til"] if appeared else []) + \
        ([f"{groups(went)} {'har ' if appeared else ''}falt bort"] if went else [])
    sentence = f"Siden {month_year(previous_period)} har {', og '.join(parts)}."
    return (sentence + f" Sammenligninger per eiergruppe gjelder de {number(n_common)} eiergruppene som finnes i"
            " begge periodene.")


def bridge_sentence(kf: Mapping, bridge=None, projects: pd.DataFrame | None = None) -> str:
    """The budget change in words: how much, which projects stopped reporting a budget, the largest movers
    among the continuing projects, and what left and joined; ``""`` for a first period or without a bridge.

    Parameters
    ----------
    kf : mapping
        Key figures (``budget.bridge`` gives the amounts).
    bridge : BudgetBridge, optional
        :func:`ehp_analysis.metrics.overview.budget_bridge`, to name the projects that stopped reporting a
        budget and the largest movers; without it the amounts are told without names.
    projects : DataFrame, optional
        ``id, name, organisation`` of the period's projects, to name those that stopped reporting.
    """
    b = _get(kf, "budget.bridge")
    if not b or b.get("previous_total") is None:
        return ""
    when = _when(kf)
    before, now = b["previous_total"], b["total"]
    change = now - before
    if abs(change) < 0.05:
        sentences = [f"Samlet budsjett er uendret fra {when}, {amount(now, kroner=True)}."]
    else:
        direction = "økt" if change > 0 else "gått ned"
        sentences = [f"Samlet budsjett har {direction} med {amount(abs(change), kroner=True)}, fra"
                     f" {amount(before)} i {when} til {amount(now)} nå."]
    year = _get(kf, "budget.year")
    for_year = f" for {year}" if year else " nå"
    stopped = b.get("stopped_reporting") or 0.0
    if abs(stopped) >= 0.05:
        ids = list(bridge.stopped_reporting_ids) if bridge is not None else []
        if ids and projects is not None:
            named, rest = _named(ids, projects)
            if rest:
                named.append(f"{count_word(rest)} {'annet' if rest == 1 else 'andre'} (se vedlegg 1)")
            who = capitalise(project_count(len(ids)))
            sentences.append(f"{who} som rapporterte budsjett i {when}, har ikke rapportert budsjett{for_year}:"
                             f" {join_list(named)}.")
            sentences.append(f"{'Det hadde' if len(ids) == 1 else 'De hadde til sammen'} {amount(abs(stopped))}"
                             f" i {when}.")
        else:
            sentences.append(f"Prosjekter som rapporterte budsjett i {when}, men ikke{for_year}, hadde til sammen"
                             f" {amount(abs(stopped))}.")
    continuing = b.get("continuing_change") or 0.0
    if abs(continuing) >= 0.05:
        sentences.append(f"Prosjektene som har rapportert budsjett begge gangene, har til sammen"
                         f" {'økt' if continuing > 0 else 'redusert'} budsjettene med {amount(abs(continuing))}.")
        movers = bridge.movers if bridge is not None else None
        if movers is not None and len(movers):
            top = movers[movers["change"].abs() >= 0.05].head(MOVERS_NAMED)
            ups = [f"{r.name} ({r.organisation}) med {amount(r.change)}" for r in top.itertuples() if r.change > 0]
            downs = [f"{r.name} ({r.organisation}) med {amount(-r.change)}" for r in top.itertuples() if r.change < 0]
            parts = ([f"størst økning har {join_list(ups)}"] if ups else []) + \
                ([f"størst nedgang har {join_list(downs)}"] if downs else [])
            if parts:
                sentences.append(capitalise("; ".join(parts)) + ".")
    left, joined = b.get("left") or 0.0, b.get("joined") or 0.0
    n_left, n_new = len(_get(kf, "projects.left_ids") or []), len(_get(kf, "projects.new_ids") or [])
    flows = []
    if abs(left) >= 0.05:
        flows.append(f"{'prosjektet' if n_left == 1 else 'prosjektene'} som har gått ut, hadde {amount(abs(left))}"
                     f" i {when}")
    if abs(joined) >= 0.05:
        flows.append(f"{'det nye prosjektet' if n_new == 1 else 'de nye prosjektene'} har {amount(joined)}")
    if flows:
        sentences.append(capitalise(", og ".join(flows)) + ".")
    started = b.get("started_reporting") or 0.0
    if abs(started) >= 0.05:
        n_started = len(bridge.started_reporting_ids) if bridge is not None else 0
        who = capitalise(project_count(n_started)) if n_started else "Prosjekter"
        together = "" if n_started == 1 else " til sammen"
        sentences.append(f"{who} som ikke rapporterte budsjett i {when}, har nå{together} {amount(started)}.")
    return " ".join(s.replace("mill..", "mill.") for s in sentences)


def reason_label(code: str) -> str:
    """``"ressurser"`` -> ``"Mangel på ressurser"`` (:data:`LABELS` ``["reasons"]``); an unknown code capitalised."""
    return LABELS["reasons"].get(str(code), capitalise(str(code)))


def field_label(column: str) -> str:
    """A template column as a reader sees it: ``"innsatsomrade"`` -> ``"Innsatsområde"`` (:data:`LABELS`
    ``["fields"]``); an unknown column capitalised with spaces for underscores."""
    return LABELS["fields"].get(str(column), capitalise(str(column).replace("_", " ")))


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
    return out.rename(columns=LABELS["columns"])


# --------------------------------------------------------------------------- provenance
#
# Where a period's data is reconstructed (data/<period>/provenance.yaml), what rests on it says so.

FIELD_LABELS = {
    "id": "ID", "navn": "navn", "type": "type", "ansvarlig_virksomhet": "ansvarlig virksomhet",
    "prosjekteier": "prosjekteier", "innsatsomrade": "innsatsområde", "fase": "fase", "status": "status",
    "risiko": "risiko", "statusarsaker": "statusårsaker", "budsjett": "budsjett", "totalkostnad": "totalkostnad",
    "forvaltningskostnad": "forvaltningskostnad", "gevinster": "gevinster",
    "avsluttede.id": "avsluttede prosjekter", "avsluttede.veien_videre": "veien videre for avsluttede prosjekter",
    "gevinstansvarlig": "gevinstansvarlig", "prosjektbegrunnelse": "prosjektbegrunnelse",
    "gevinster_identifisert": "identifiserte gevinster", "gevinstplan": "gevinstplan",
    "gevinstrealisering": "gevinstrealisering", "epj_kritikalitet": "EPJ-kritikalitet",
    "forutsetning_kommune": "forutsetning i kommunene", "statuskommentar": "statuskommentar",
    "risikokommentar": "risikokommentar", "beskrivelse": "beskrivelse", "prosjekter": "flere felt",
    "avhengigheter.status": "avhengighetenes status", "avhengigheter.tema": "avhengighetenes tema",
    "avhengigheter": "avhengighetene", "avsluttede": "avsluttede prosjekter",
}
_LEFT_WITH_NEXT_STEPS = "avsluttede prosjekter med veien videre"
RECONSTRUCTED = "rekonstruerte data"


def provenance_caption_suffix(now: bool, previous_period: str | None, fields: Sequence[str] = ()) -> str:
    """What a caption ends with when its numbers rest on reconstructed fields: `` (rekonstruerte data)``,
    `` (rekonstruerte data: totalkostnad)`` naming ``fields`` (template names) when given,
    `` (rekonstruerte data for oktober 2019)`` when only the previous period's are, else ``""``."""
    if now:
        named = [FIELD_LABELS.get(f, f.split(".")[-1]) for f in fields]
        return f" ({RECONSTRUCTED}: {join_list(named)})" if named else f" ({RECONSTRUCTED})"
    if previous_period:
        return f" ({RECONSTRUCTED} for {month_year(previous_period)})"
    return ""


def provenance_alt_suffix(now: bool, previous_period: str | None) -> str:
    """The same for a figure's alt text, as a sentence."""
    if now:
        return " Tallene bygger på rekonstruerte data."
    if previous_period:
        return f" Tallene for {month_year(previous_period)} er rekonstruerte."
    return ""


def provenance_sentence(now: bool, previous_period: str | None) -> str:
    """The sentence that ends a paragraph whose numbers rest on reconstructed fields, else ``""``."""
    if now and previous_period:
        return f"(Tallene bygger på rekonstruerte data, også for {month_year(previous_period)}.)"
    if now:
        return "(Tallene bygger på rekonstruerte data.)"
    if previous_period:
        return f"(Tallene for {month_year(previous_period)} er rekonstruerte.)"
    return ""


def _provenance_period(prov, period: str, this: bool) -> str:
    which = "denne perioden" if this else f"forrige periode ({month_year(period)})"
    source = f" ut fra «{prov.source}»" if prov.source else ""
    if prov.all_reconstructed:
        return (f"Dataene for {which} er rekonstruert i sin helhet{source}: alle verdiene er syntetiske,"
                " kalibrert slik at de publiserte tallene gjenskapes; ingen enkeltverdi er hentet fra en rapport.")
    published = ([FIELD_LABELS[f] for f in FIELD_LABELS if f in prov.published]
                 + [f.replace(".", " ").replace("_", " ") for f in sorted(prov.published - set(FIELD_LABELS))])
    if {"avsluttede.id", "avsluttede.veien_videre"} <= prov.published:
        published = [f for f in published if not f.startswith(("avsluttede", "veien videre"))] + [_LEFT_WITH_NEXT_STEPS]
    return (f"Dataene for {which} er delvis rekonstruert{source}: {join_list(published)} er publisert;"
            " de øvrige verdiene er syntetiske, kalibrert slik at de publiserte tallene gjenskapes.")


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
    return " ".join(parts) + (f" Figurer, tabeller og avsnitt som bygger på rekonstruerte felt, er merket"
                              f" «{RECONSTRUCTED}».")


def first_period_sentence() -> str:
    """What a first period (no previous period in this toolkit) says where a comparison would stand."""
    return ("Denne perioden har ingen forrige periode i verktøyet; sammenligninger med forrige periode"
            " begynner med neste rapportering.")


def moved_focus_area_sentence(moved: Sequence[tuple[str, str, str]], previous_period: str) -> str:
    """Name the projects that changed focus area: ``moved`` is ``(project, before, after)`` per project,
    the project as "128 Kjernejournal …" and the areas as "1.1 Navn"; ``""`` when none moved."""
    if not moved:
        return ""
    if len(moved) > MAX_NAMED:
        return (f"{capitalise(count_word(len(moved)))} prosjekter har byttet innsatsområde siden"
                f" {month_year(previous_period)}; tabellen nedenfor viser hvilke.")
    items = [f"{name} (fra {before} til {after})" for name, before, after in moved]
    noun = "prosjekt" if len(moved) == 1 else "prosjekter"
    return (f"{capitalise(count_word(len(moved)))} {noun} har byttet innsatsområde siden"
            f" {month_year(previous_period)}: {join_list(items)}.")


def budget_years_phrase(current_year: int | None, previous_year: int | None) -> str:
    """``budsjett 2020 mot budsjett 2019`` when two periods' budget years differ, else ``budsjett 2020``
    (``budsjett`` when the year is unknown): for captions of figures that compare two periods' budgets."""
    if current_year is None:
        return "budsjett"
    if previous_year is not None and previous_year != current_year:
        return f"budsjett {current_year} mot budsjett {previous_year}"
    return f"budsjett {current_year}"


def provenance_banner(current, previous=None, previous_period: str | None = None) -> str:
    """One short sentence for the report's title page on reconstructed data (the details are in chapter 1's
    note, :func:`provenance_note`); ``""`` when neither period has reconstructed fields."""
    parts = []
    if current.any_reconstructed:
        parts.append("Dataene for denne perioden er " + ("rekonstruert i sin helhet" if current.all_reconstructed
                                                         else "delvis rekonstruert"))
    if previous is not None and previous_period and previous.any_reconstructed:
        whole = "rekonstruert i sin helhet" if previous.all_reconstructed else "delvis rekonstruert"
        parts.append(f"dataene for forrige periode ({month_year(previous_period)}) er {whole}")
    if not parts:
        return ""
    return capitalise("; ".join(parts)) + f". Det som bygger på rekonstruerte felt, er merket «{RECONSTRUCTED}»."


# --------------------------------------------------------------------------- sections, programmes, changes
#
# Added for issue 12 (section commentary, programmes, "Endringer siden forrige periode"); kept apart at the
# end so that the sentence layer above can be rewritten without touching these.

LABELS["columns"].setdefault("programme", "Del av program")


def programme_bullets(programmes: pd.DataFrame) -> list[str]:
    """One line per programme that projects name, with its projects, names first (a line never opens with an
    id): ``"Nasjonalt program for velferdsteknologi (5, Helsedirektoratet): Arkitektur og infrastruktur for
    velferdsteknologi (179)"``."""
    return [f"{row.name} ({row.id}, {row.organisation}): {join_list(f'{n} ({i})' for i, n in row.members)}"
            for row in programmes.itertuples(index=False) if row.members]


def programmes_without_members_sentence(programmes: pd.DataFrame) -> str:
    """``"Ingen prosjekter oppgir de ti øvrige programmene."``; ``""`` when every programme has projects."""
    n = sum(1 for members in programmes["members"] if not members)
    if n == 0:
        return ""
    if n == 1:
        return "Ingen prosjekter oppgir det øvrige programmet."
    return f"Ingen prosjekter oppgir de {count_word(n)} øvrige programmene."


def area_section_sentence(projects: int, budget, n_not_reported: int, budget_year, with_budget: bool) -> str:
    """A strategic area's section opens with its size: ``"Satsningsområdet har 17 prosjekter med samlet
    budsjett for 2020 på 673,5 mill. kroner; to av dem har ikke rapportert budsjett."``"""
    if projects == 0:
        return "Ingen prosjekter i porteføljen har dette som sitt primære satsningsområde."
    count = f"{count_word(projects)} {'prosjekt' if projects == 1 else 'prosjekter'}"
    if not with_budget:
        return f"Satsningsområdet har {count}."
    if n_not_reported == projects:
        return f"Satsningsområdet har {count}; ingen av dem har rapportert budsjett."
    year = f" for {budget_year}" if budget_year else ""
    sentence = f"Satsningsområdet har {count} med samlet budsjett{year} på {amount(budget, kroner=True)}"
    if n_not_reported:
        whom = "ett" if n_not_reported == 1 else count_word(n_not_reported)
        sentence += f"; {whom} av dem har ikke rapportert budsjett"
    return sentence + "."


CHANGE_LABELS = {
    "status": "Status", "risk": "Risiko", "focus_area": "Innsatsområde", "budget": "Budsjett",
}


def changes_intro_sentence(n: int, previous_period: str, *, same_strategy: bool, threshold: str) -> str:
    """What the change table shows, in words: ``n`` continuing projects changed since ``previous_period``."""
    what = "status, risiko, innsatsområde eller budsjett" if same_strategy else "status, risiko eller budsjett"
    since = f"Siden {month_year(previous_period)}"
    if n == 0:
        sentence = f"{since} har ingen videreførte prosjekter endret {what} (budsjett: {threshold})."
    else:
        noun = "videreført prosjekt" if n == 1 else "videreførte prosjekter"
        sentence = (f"{since} har {count_word(n)} {noun} endret {what} (budsjett: {threshold}). Tabellen viser"
                    " før og nå, med prosjektets egen kommentar der det har gitt en.")
    if not same_strategy:
        sentence += " Periodene bruker ulik strategi, så innsatsområdene sammenlignes ikke."
    return sentence


LABELS["columns"].setdefault("changes", "Endring")
LABELS["columns"].setdefault("comment", "Prosjektets kommentar")


def _change_value(field: str, value) -> str:
    if field in ("status", "risk"):
        return LABELS["colours"].get(str(value), str(value))
    if field == "budget":
        return amount_as_reported(value) if not _is_missing(value) else "ikke rapportert"
    return str(value)


def change_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`ehp_analysis.metrics.changes.project_changes` for reading: ``id, name, organisation, changes,
    comment``, where ``changes`` is ``"Status: Gul → Rød; Budsjett (mill.): 50 → 70"`` and a missing comment
    is ``–``."""
    rows = []
    for row in frame.to_dict("records"):
        parts = []
        for field in row["changed"]:
            label = CHANGE_LABELS[field] + (" (mill.)" if field == "budget" else "")
            parts.append(f"{label}: {_change_value(field, row[f'{field}_before'])} → {_change_value(field, row[field])}")
        comment = row.get("comment")
        rows.append({"id": row["id"], "name": row["name"], "organisation": row["organisation"],
                     "changes": "; ".join(parts), "comment": DASH if _is_missing(comment) else str(comment)})
    return pd.DataFrame(rows, columns=["id", "name", "organisation", "changes", "comment"])
