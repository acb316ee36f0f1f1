"""Every Norwegian word the toolkit writes, from one GNU gettext catalogue per written standard.

The message ids are the bokmål text itself, written in the code inside :func:`_` (or :func:`ngettext` when the
words follow a number, :func:`pgettext` when one text needs two renderings); ``catalogue/nb.po`` is the bokmål
catalogue, a file a language reviewer edits without reading Python, and a second written standard is a second
catalogue beside it. Texts kept in tables (labels, help texts) are marked with :func:`N_` where they are written and
translated where they are read, so the written standard is looked up per call and never frozen at import: the
pre-imported kernels serve any standard.

``python -m ehp_analysis.words`` (``make catalogue``) extracts every message from the package, the notebooks and
the YAML files that carry words, and brings the catalogues up to date; ``tests/test_catalogue.py`` fails when the
code and the catalogue disagree. An id missing from the catalogue is an error, never a silent fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

__all__ = ["CATALOGUE_DIR", "MALFORMS", "N_", "_", "catalogue_path", "malform", "ngettext", "pgettext",
           "renderings", "set_malform", "use_malform"]

#: The written standards and their catalogue's language code.
MALFORMS: dict[str, str] = {"bokmål": "nb", "nynorsk": "nn"}
CATALOGUE_DIR = Path(__file__).with_name("catalogue")

_current: ContextVar[str] = ContextVar("ehp_malform", default="bokmål")


def malform() -> str:
    """The written standard of the words being written now (``"bokmål"`` unless set)."""
    return _current.get()


def set_malform(name: str) -> None:
    """Write every following word in the written standard ``name`` (one of :data:`MALFORMS`)."""
    if name not in MALFORMS:
        raise ValueError(f"unknown written standard {name!r}; expected one of {sorted(MALFORMS)}")
    _current.set(name)


@contextmanager
def use_malform(name: str) -> Iterator[None]:
    """Within the block, write in the written standard ``name``."""
    if name not in MALFORMS:
        raise ValueError(f"unknown written standard {name!r}; expected one of {sorted(MALFORMS)}")
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)


def catalogue_path(name: str) -> Path:
    """The ``.po`` file of the written standard ``name``."""
    return CATALOGUE_DIR / f"{MALFORMS[name]}.po"


class _Strict(GNUTranslations):
    """A catalogue that refuses an id it does not hold (a missing entry is a bug, not a fallback)."""

    def _missing(self, key: str) -> str:
        raise KeyError(f"no entry in the {self.info().get('language', '?')} catalogue for {key!r}; "
                       "run `make catalogue`")

    def gettext(self, message: str) -> str:
        found = self._catalog.get(message)
        return self._missing(message) if found is None else found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._catalog.get((singular, self.plural(n)))
        return self._missing(singular) if found is None else found

    def pgettext(self, context: str, message: str) -> str:
        found = self._catalog.get(f"{context}\x04{message}")
        return self._missing(f"{context}|{message}") if found is None else found


@lru_cache(maxsize=None)
def translations(name: str) -> GNUTranslations:
    """The compiled catalogue of the written standard ``name`` (read once per process)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(name).open("rb") as handle:
        catalog = read_po(handle, locale=MALFORMS[name])
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _Strict(buffer)


def _(message: str) -> str:
    """``message`` (bokmål, as written in the code) in the current written standard."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that fits the count ``n``, by the catalogue's plural rule."""
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the sense ``context`` names (for one bokmål text that needs two renderings)."""
    return translations(_current.get()).pgettext(context, message)


@lru_cache(maxsize=None)
def _messages_by_text() -> dict[str, frozenset[str]]:
    """Every text of every catalogue (single messages, no context) -> the ids of the messages it renders."""
    found: dict[str, set[str]] = {}
    for name in MALFORMS:
        for key, text in translations(name)._catalog.items():
            if isinstance(key, str) and key and "\x04" not in key:
                found.setdefault(text, set()).add(key)
    return {text: frozenset(ids) for text, ids in found.items()}


def renderings(text: str) -> set[str]:
    """``text`` in every written standard: when it is a message of the catalogue in any standard (a section's
    title, say), every standard's rendering of that message; else ``text`` alone. The office may head a part of
    its commentary with a section's title in either standard (report.md, "Written standard")."""
    found = {text}
    for message in _messages_by_text().get(text, ()):
        found.update(translations(name).gettext(message) for name in MALFORMS)
    return found


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is written into a table; translate it with :func:`_` on use."""
    return message
