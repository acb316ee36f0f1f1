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
from functools import lru_cache

DEFAULT_CURRENCY = "NOK"


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes babel's CLDR data knows (current and historic)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


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
        return f"mill. {self.short}"

    @property
    def mill_long(self) -> str:
        """Millions in running text: ``"mill. kroner"``, ``"mill. GBP"``."""
        return f"mill. {self.long}"

    @property
    def millions_word(self) -> str:
        """Millions written out (template help): ``"millioner kroner"``, ``"millioner GBP"``."""
        return f"millioner {self.long}"

    @property
    def billions(self) -> str:
        """Billions in running text: ``"milliarder kroner"``, ``"milliarder GBP"``."""
        return f"milliarder {self.long}"


_current: Currency = Currency()


def check_currency(value: object, *, where: str = "parameterfilen") -> str:
    """``value`` as a known ISO 4217 code (``None`` or empty: the default ``NOK``).

    Raises
    ------
    ConfigError
        For anything that is not a known three-letter code, naming ``where`` (the parameters file) and the key.
    """
    from ..exceptions import ConfigError

    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_CURRENCY
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha() or code not in known_currencies():
        raise ConfigError(f"{where}, nøkkel currency: ukjent valutakode {str(value)!r}; forventet en kode etter "
                          f"ISO 4217 med tre bokstaver, for eksempel \"NOK\", \"SEK\", \"EUR\" eller \"GBP\" "
                          f"(uten currency: gjelder {DEFAULT_CURRENCY}).")
    return code


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


__all__ = ["DEFAULT_CURRENCY", "Currency", "check_currency", "currency", "known_currencies", "set_currency",
           "use_currency"]
