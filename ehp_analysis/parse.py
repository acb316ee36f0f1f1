"""Parsing one cell of a submission: the template's dialect, value by value.

Decimal comma or point and space thousands in amounts, ``-``/``–``/empty as not reported, ``unntatt
offentlighet``/``u.off.`` as withheld, ASCII fallbacks and any case for category values, ``1``/``0`` for
ja/nei, dates as ``YYYY-MM-DD`` or ``DD.MM.YYYY``, strategic goals against the period's strategy. A parser
returns the typed value or raises :class:`CellError` saying what was expected; :mod:`ehp_analysis.validate`
turns that into a problem with the file, row and column.
"""

from __future__ import annotations

import re

from . import template as T
from .reference import normalise_key
from .words import _

_NUMBER_RE = re.compile(r"^[+]?\d+(\.\d+)?$")
_NEG_NUMBER_RE = re.compile(r"^-\d+(\.\d+)?$")
_INT_RE = re.compile(r"^\+?\d+$")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")

WITHHELD = object()


def one_of(column: T.Column) -> str:
    """The choices a column expects, as the end of a message."""
    return _("; forventet en av: {choices}").format(choices=", ".join(column.choices))


def withheld_refused(column: T.Column) -> str:
    """What a column that allows no withheld value expects instead of «unntatt offentlighet»."""
    allowed = (one_of(column) if column.choices
               else _("; forventet «ja» eller «nei»") if column.kind == "yesno"
               else _("; forventet {description}").format(description=_(column.words.description))
               if column.kind in T.FORMED_KINDS else "")
    return _("«unntatt offentlighet» er bare tillatt i beløpskolonnene og i kolonnene status og risiko i "
             "prosjekter, ikke i denne kolonnen{allowed}").format(allowed=allowed)


class CellError(Exception):
    """A cell that does not parse; ``expected`` says what was expected, in the analyst's words."""

    def __init__(self, expected: str):
        self.expected = expected


def parse_amount(text: str):
    """Parse an amount cell: ``None`` (not reported), :data:`WITHHELD`, or a float (may be negative)."""
    s = text.strip()
    if s in T.MISSING_MARKERS:
        return None
    if T.is_withheld(s):
        return WITHHELD
    s = _SPACES.sub("", s)
    if "," in s and "." in s:
        raise CellError(_("forventet et beløp i {mill} med desimalkomma eller -punktum, ikke begge "
                          "(tusenskille skrives med mellomrom: 1 234,5)").format(mill=amount_unit()))
    s = s.replace(",", ".")
    if _NUMBER_RE.match(s) or _NEG_NUMBER_RE.match(s):
        return float(s)
    raise CellError(_("forventet et beløp i {mill} (f.eks. 31,5); tomt, «-» eller «–» betyr ikke rapportert").format(
        mill=amount_unit()))


def amount_unit() -> str:
    """Millions of the period's currency, as a message names them ("mill. kr", "mill. GBP")."""
    from .text.currency import currency

    return currency().mill


def parse_int(text: str):
    s = _SPACES.sub("", text.strip())
    if s == "":
        return None
    if s.endswith(".0"):  # a whole number that went through a spreadsheet float
        s = s[:-2]
    if _INT_RE.match(s) or re.match(r"^-\d+$", s):
        return int(s)
    raise CellError(_("forventet et heltall"))


def _choice_key(text: str) -> str:
    key = normalise_key(text)
    return T.ASCII_FALLBACKS.get(key, key)


def parse_choice(text: str, choices: tuple[str, ...]):
    """Canonical spelling of a category value, or the text as written when it is unknown."""
    s = text.strip()
    if s == "":
        return None
    index = {normalise_key(c): c for c in choices}
    return index.get(_choice_key(s), s)


def parse_yes_no(text: str):
    s = normalise_key(text)
    if s == "":
        return None
    if s in T.YES_NO:
        return T.YES_NO[s]
    raise CellError(_("forventet «ja» eller «nei» (eller 1/0); tomt betyr ikke besvart"))


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str):
    """A date cell: ``YYYY-MM-DD`` or ``DD.MM.YYYY`` (an Excel date cell is read as the first); ``None`` when empty."""
    import datetime as dt

    s = text.strip()
    if s == "":
        return None
    iso, nor = _ISO_DATE.match(s), _NORWEGIAN_DATE.match(s)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if nor:
            return dt.date(int(nor[3]), int(nor[2]), int(nor[1]))
    except ValueError:
        raise CellError(_("datoen finnes ikke; forventet en dato som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")) from None
    raise CellError(_("forventet en dato som ÅÅÅÅ-MM-DD (2024-06-30) eller DD.MM.ÅÅÅÅ (30.06.2024)"))


def _goals_expected(strategy) -> str:
    """``"et heltall 1–5, et av de fem målene i strategien 2023-2030"``, from the strategy's own goals."""
    codes = sorted(int(g) for g in strategy.goals)
    span = (f"{codes[0]}–{codes[-1]}" if codes == list(range(codes[0], codes[-1] + 1)) else
            ", ".join(str(c) for c in codes)) if codes else _("(ingen)")
    return _("et heltall {span}, et av målene i strategien {version}").format(span=span, version=strategy.version)


def parse_goal(text: str, strategy):
    """A strategic goal (``strategimal``): an integer that is one of the strategy's goals."""
    try:
        v = parse_int(text)
    except CellError:
        raise CellError(_("forventet {expected}").format(expected=_goals_expected(strategy))) from None
    if v is not None and str(v) not in strategy.goals:
        raise CellError(_("ukjent strategisk mål; forventet {expected}").format(expected=_goals_expected(strategy)))
    return v


def parse_goals(text: str, strategy):
    """Other goals (``strategimal_andre``): ``|``-separated goals, each once; ``()`` when empty."""
    s = text.strip()
    if s == "":
        return ()
    out, bad = [], []
    for part in s.split("|"):
        part = part.strip()
        if not part:
            continue
        try:
            v = parse_int(part)
        except CellError:
            v = None
        if v is None or str(v) not in strategy.goals:
            bad.append(part)
        else:
            out.append(v)
    if bad:
        raise CellError(_("ukjent strategisk mål {values}; forventet {expected}, flere skilt med |").format(
            values=", ".join(repr(b) for b in bad), expected=_goals_expected(strategy)))
    if len(set(out)) < len(out):
        raise CellError(_("et mål står flere ganger; forventet hvert mål én gang, skilt med |"))
    return tuple(out)


def parse_list(text: str, choices: tuple[str, ...]):
    s = text.strip()
    if s == "":
        return ()
    index = {normalise_key(c): c for c in choices}
    out, unknown = [], []
    for part in s.split("|"):
        part = part.strip()
        if not part:
            continue
        canon = index.get(_choice_key(part))
        (out if canon else unknown).append(canon or part)
    if unknown:
        raise CellError(_("ukjent årsak {values}; forventet en eller flere av {choices}, skilt med |").format(
            values=", ".join(repr(u) for u in unknown), choices=", ".join(choices)))
    return tuple(out)
