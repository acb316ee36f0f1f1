"""How an amount's unit is worded: the one place for the period's currency (input-template.md, "Currency").

Amounts in the template are millions of the period's currency (``currency:`` in the parameters, an ISO 4217
code, default ``NOK``). ``NOK`` reads "kr" / "kroner" ("mill. kr", "1,65 milliarder kroner"); any other
currency reads its code ("mill. GBP", "47,5 milliarder GBP"), never "kr" or "kroner".

The currency in force is set once per process where a period is opened (a chapter's kernel, a collection, a
build's assembly) with :func:`set_currency`, or for a block with :func:`use_currency`; every wording of an
amount's unit (sentences, captions, axes, legends, alt texts, table and CSV headers, workbooks, feedback)
asks :func:`currency` for it. A module-level value rather than a ``ContextVar``: a notebook kernel runs each
cell in a fresh context, and a ContextVar set in the setup cell would be gone in the next.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

# The code check lives with the parameters (config.py), which must not import pandas through this package.
from ..config import DEFAULT_CURRENCY, check_currency, known_currencies  # noqa: F401
from ..words import _


@dataclass(frozen=True)
class Currency:
    """The words for amounts in one currency (an ISO 4217 code, upper case)."""

    code: str = DEFAULT_CURRENCY

    @property
    def is_krone(self) -> bool:
        """Norwegian kroner, worded "kr" / "kroner"."""
        return self.code == "NOK"

    @property
    def short(self) -> str:
        """The unit after a number in tables and labels: ``"kr"``, ``"GBP"``."""
        return "kr" if self.is_krone else self.code

    @property
    def long(self) -> str:
        """The unit in running text: ``"kroner"``, ``"GBP"``."""
        return "kroner" if self.is_krone else self.code

    @property
    def mill(self) -> str:
        """Millions in captions, axes and headers: ``"mill. kr"``, ``"mill. GBP"``."""
        return _("mill. {short}").format(short=self.short)

    @property
    def mill_long(self) -> str:
        """Millions in running text: ``"mill. kroner"``, ``"mill. GBP"``."""
        return _("mill. {long}").format(long=self.long)

    @property
    def millions_word(self) -> str:
        """Millions written out (template help): ``"millioner kroner"``, ``"millioner GBP"``."""
        return _("millioner {currency}").format(currency=self.long)

    @property
    def billions(self) -> str:
        """Billions in running text: ``"milliarder kroner"``, ``"milliarder GBP"``."""
        return _("milliarder {currency}").format(currency=self.long)

    @property
    def header(self) -> str:
        """Millions in a table or CSV header: ``"mill."`` for kroner (as the report has always headed its
        columns, "Budsjett (mill.)"), ``"mill. GBP"`` for any other currency, so a reader never takes it for kroner."""
        return _("mill.") if self.is_krone else _("mill. {code}").format(code=self.code)

    @property
    def unit(self) -> str:
        """One unit in running text: ``"krone"`` ("gevinster per krone"), ``"GBP"``."""
        return "krone" if self.is_krone else self.code

    @property
    def mill_code(self) -> str:
        """Millions named by the code, beside another currency's: ``"mill. NOK"``, ``"mill. GBP"`` (a sentence
        about two currencies names both by code, so a report in GBP never says "kr" or "kroner")."""
        return _("mill. {code}").format(code=self.code)

    def fill(self, text: str) -> str:
        """``text`` (a reference text: a cost band's phrase, an early-warning explanation) with its
        placeholders worded from this currency: ``{valuta}`` as running text names the currency ("kroner",
        "GBP"), ``{mill}`` as millions in running text ("mill. kr", "mill. GBP"). Other text is left as it is
        (no ``str.format``: a brace elsewhere is not an error)."""
        return text.replace(PLACEHOLDERS["valuta"], self.long).replace(PLACEHOLDERS["mill"], self.mill)


#: The placeholders a reference text may use for an amount's unit (see :meth:`Currency.fill`).
PLACEHOLDERS = {"valuta": "{valuta}", "mill": "{mill}"}

_current: Currency = Currency()


def currency() -> Currency:
    """The currency in force (default ``NOK``)."""
    return _current


def set_currency(code: str | Currency | None) -> Currency:
    """Make ``code`` the currency in force for this process (a chapter's kernel, a collection); returns it."""
    global _current
    _current = code if isinstance(code, Currency) else Currency(code or DEFAULT_CURRENCY)
    return _current


@contextlib.contextmanager
def use_currency(code: str | Currency | None) -> Iterator[Currency]:
    """The currency ``code`` in force inside the block, the previous one restored after it."""
    before = _current
    try:
        yield set_currency(code)
    finally:
        set_currency(before)


def placeholder_problem(text: object) -> str | None:
    """What is wrong with the placeholders of a reference text, in words (``None`` when nothing): a ``{name}``
    that is not one of :data:`PLACEHOLDERS` would be shown as it is."""
    import re

    unknown = [m for m in re.findall(r"\{[^{}]*\}", text) if m not in PLACEHOLDERS.values()] \
        if isinstance(text, str) else []
    if not unknown:
        return None
    return (_("ukjent plassholder {join}; kjente er {join2} (periodens valuta, og millioner i den)").format(
        join=', '.join(dict.fromkeys(unknown)), join2=_(" og ").join(PLACEHOLDERS.values())))


def worded(text: str) -> str:
    """A reference text with its currency placeholders filled from the currency in force (:meth:`Currency.fill`)."""
    return _current.fill(text)


__all__ = ["DEFAULT_CURRENCY", "PLACEHOLDERS", "Currency", "check_currency", "currency", "known_currencies",
           "placeholder_problem", "set_currency", "use_currency", "worded"]
