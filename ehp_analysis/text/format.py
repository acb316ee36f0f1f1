"""The one number formatter (prose, tables, figures), dates, lists and counts in words."""


from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .currency import currency
from ..missing import is_missing
from ..words import N_, _, ngettext
from ..template import NOT_ASSESSED  # noqa: F401  (text.NOT_ASSESSED: a status or risk not reported, never a colour)
from ..template import WITHHELD_RATING, is_withheld  # noqa: F401  (a status or risk withheld: a rating, in words)

LOCALE = "nb_NO"
NBSP = "\u00a0"
DASH = "–"
MINUS = "\u2212"  # the typographic minus sign, never the hyphen-minus



# --------------------------------------------------------------------------- numbers
#
# The one number formatter of the report: sentences, tables (chapter.display) and figures (plots) all
# go through _rounded/_render, so a value reads the same wherever it stands.

# Python writes "−1,234.5" as "-1,234.5"; this turns that into the report's "−1 234,5" in one pass.
_NORWEGIAN = str.maketrans({",": NBSP, ".": ",", "-": MINUS})
AS_REPORTED_DIGITS = 9  # see amount_as_reported




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
    if is_missing(value):
        return DASH
    return _render(_rounded(value, digits), trim=trim)


def signed(value: float, digits: int = 0, *, trim: bool = False) -> str:
    """A change with its sign: ``+12,3``, ``−45,0``; a change that rounds to zero has none (``0,0``).

    Rounds and trims as :func:`number`.
    """
    if is_missing(value):
        return DASH
    rounded = _rounded(value, digits)
    return ("+" if rounded > 0 else "") + _render(rounded, trim=trim)


def amount(value: float, *, kroner: bool = False, digits: int | None = None) -> str:
    """An amount in millions of the period's currency as the report writes it.

    Below 1 000 mill.: ``31,5 mill.`` (one decimal from 10, two below 10, trailing zeros trimmed).
    From 1 000 mill.: ``1,65 milliarder`` (two decimals, trimmed: ``9,2 milliarder``).

    Parameters
    ----------
    value : float
        Mill. kr; ``None``/NA gives ``–``.
    kroner : bool
        Append the currency's word (``1,65 milliarder kroner``, ``405 mill. kroner``; with
        ``currency: GBP``: ``1,65 milliarder GBP``, ``405 mill. GBP``), see :mod:`.currency`.
    digits : int, optional
        Override the number of decimals.
    """
    if is_missing(value):
        return DASH
    suffix = f" {currency().long}" if kroner else ""
    if abs(float(value)) >= 1000:
        d = 2 if digits is None else digits
        billions = _rounded(_decimal(value).scaleb(-3), d)  # exact: 1650.505 mill. is 1.650505 milliarder
        words = _("{amount} milliard") if abs(billions) == 1 else _("{amount} milliarder")
        return words.format(amount=_render(billions, trim=True)) + suffix
    d = digits if digits is not None else (1 if abs(float(value)) >= 10 else 2)
    return _("{amount} mill.").format(amount=number(value, d, trim=True)) + suffix


def amount_as_reported(value: float) -> str:
    """An amount exactly as reported (``2,075``, ``6,15``, ``0,98``, ``40``); ``–`` when not reported.

    Nothing a person typed into the template is rounded away; otherwise formatted as :func:`number`.
    """
    if is_missing(value):
        return DASH
    # Rounding at 9 decimals drops float noise from sums and differences (30.900000000000006) but keeps
    # every decimal a person could have typed.
    exact = _decimal(round(float(value), AS_REPORTED_DIGITS)).normalize()
    return number(exact, max(0, -exact.as_tuple().exponent))


def percent(share: float, digits: int = 0) -> str:
    """A share 0–1 as a percentage, rounded half up, never claiming none or all when it is neither.

    Parameters
    ----------
    share : float
        A fraction 0–1 (a count out of a total); ``None``/NA gives ``–``.
    digits : int
        Decimals shown.

    Returns
    -------
    str
        ``percent(0.5555) == "56\u00a0%"``, ``percent(0.005) == "1\u00a0%"`` (half up). A share above 0 that
        rounds to 0 reads ``"under 1\u00a0%"`` (1 of 244), one below 1 that rounds to 100 reads
        ``"over 99\u00a0%"`` (243 of 244): "0 %" and "100 %" are said only of none and all. A zero share is
        still ``"0\u00a0%"`` here (a table column, an axis); sentences say it in words (:func:`share_words`).
    """
    if is_missing(share):
        return DASH
    # Scaled as a decimal, so 0.565 is 56.5 % and rounds to 57 (as a float, 0.565 * 100 is 56.49999…).
    exact = _decimal(share).scaleb(2)
    shown = _rounded(exact, digits)
    step = Decimal(1).scaleb(-digits)  # the smallest share the digits can show: 1 %, 0,1 %, …
    if exact > 0 and shown.is_zero():
        return _("under {share}").format(share=f"{_render(step)}{NBSP}%")
    if exact < 100 and shown >= 100:
        return _("over {share}").format(share=f"{_render(100 - step)}{NBSP}%")
    return f"{_render(shown)}{NBSP}%"


def share_words(share: float, digits: int = 0, *, none: str | None = None) -> str:
    """A share as a sentence says it: ``none`` (``"ingen"``) for exactly 0, else :func:`percent`.

    ``share_words(0.0) == "ingen"``, ``share_words(1 / 244) == "under 1\u00a0%"``; ``None`` gives ``–``.
    """
    if not is_missing(share) and float(share) == 0:
        return _("ingen") if none is None else none
    return percent(share, digits)


def p_value(p: float) -> str:
    """A p-value with two significant digits, zeros kept (``0,22``, ``0,10``); below 0,001 as ``< 0,001``."""
    if is_missing(p):
        return DASH
    if p < 0.001:
        return f"< {number(0.001, 3)}"
    exact = _decimal(p)
    two_significant = _rounded(exact, 1 - exact.adjusted())
    # Rounding can add a digit in front (0.0998 -> 0.100): count the decimals again, keeping two at least.
    return number(two_significant, max(2, 1 - two_significant.adjusted()))


#: The months' names, January first (from the catalogue, looked up when a date is written).
MONTH_NAMES = (N_("januar"), N_("februar"), N_("mars"), N_("april"), N_("mai"), N_("juni"), N_("juli"),
               N_("august"), N_("september"), N_("oktober"), N_("november"), N_("desember"))


def month_name(number_of_month: int) -> str:
    """``1`` -> ``"januar"``."""
    return _(MONTH_NAMES[number_of_month - 1])


def date(value: str | _dt.date) -> str:
    """``"2020-01-17"`` -> ``"17. januar 2020"``."""
    d = _dt.date.fromisoformat(value) if isinstance(value, str) else value
    return _("{day}. {month} {year}").format(day=d.day, month=month_name(d.month), year=d.year)


def month_year(period: str) -> str:
    """``"2019-10"`` -> ``"oktober 2019"``."""
    year, m = (int(x) for x in str(period).split("-")[:2])
    return _("{month} {year}").format(month=month_name(m), year=year)


def month(period: str) -> str:
    """``"2020-01"`` -> ``"januar"``."""
    _year, m = (int(x) for x in str(period).split("-")[:2])
    return month_name(m)


def join_list(items: Iterable[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B og C"``."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return _("{items} og {last}").format(items=", ".join(items[:-1]), last=items[-1])


# Whole numbers below 13 are written as words where they start a sentence or count projects in running
# text ("Tre prosjekter har gått ut"); larger numbers stay digits. "ett" for neuter nouns (prosjekt), "én"
# for the others (avhengighet).
NUMBER_WORDS = (N_("null"), N_("ett"), N_("to"), N_("tre"), N_("fire"), N_("fem"), N_("seks"), N_("sju"), N_("åtte"),
                N_("ni"), N_("ti"), N_("elleve"), N_("tolv"))


def count_word(n: int, *, neuter: bool = True) -> str:
    """A count in running text: ``"ett"``, ``"én"`` (``neuter=False``), ``"tre"``, ``"14"``.

    Words below 13, digits from 13 (:func:`number`).
    """
    if n == 1 and not neuter:
        return _("én")
    return _(NUMBER_WORDS[n]) if 0 <= n < len(NUMBER_WORDS) else number(n)


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
    return ngettext("{n} prosjekt", "{n} prosjekter", n).format(n=count_word(n))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- sentences


