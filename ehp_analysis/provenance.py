"""Which of a period's fields are published and which are reconstructed: ``data/<period>/provenance.yaml``.

The record lives in the period's data folder, so it is hashed with the data into the cache key of every
chapter that reads the period. A period without a record is the office's own data: nothing is marked
(unless its parameters say ``reconstructed: true``: then every field is taken as reconstructed, the
cautious reading). ``data/PROVENANCE.md`` explains the embedded periods in words.

A field is named as in the submission template: a column of ``prosjekter`` by its name (``budsjett``),
a column of another table as ``<table>.<column>`` (``avhengigheter.status``), or a whole table by its
name (``avhengigheter``: any of its columns).

The file::

    source: "Nasjonal e-helseportefølje, januar 2020"   # what the data is rebuilt from
    published:                                           # per table; every other column is reconstructed
      prosjekter: [id, navn, status, risiko, budsjett]
      avsluttede: [id, veien_videre]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import template as T
from .exceptions import ConfigError
from .words import _

FILE_NAME = "provenance.yaml"
PROJECTS = "prosjekter"


def _all_fields(template: str | None = None) -> tuple[str, ...]:
    """The fields of template version ``template``, or of every version (``None``), in template order."""
    tables = T.ALL_TABLES if template is None else T.template_version(template).tables
    return tuple(c.name if table == PROJECTS else f"{table}.{c.name}"
                 for table, columns in tables.items() for c in columns)


@dataclass(frozen=True)
class Provenance:
    """One period's provenance.

    Attributes
    ----------
    recorded : bool
        Whether the period has a record (or is reconstructed by its parameters); without one nothing is marked.
    published : frozenset of str
        The published fields (template names, see the module docstring).
    source : str
        What the reconstructed data is rebuilt from ("" when nothing is reconstructed).
    template : str
        The period's template version: a field it does not collect is neither published nor reconstructed.
    """

    recorded: bool = False
    published: frozenset[str] = frozenset(_all_fields())
    source: str = ""
    template: str = T.DEFAULT_TEMPLATE

    @property
    def reconstructed(self) -> tuple[str, ...]:
        """The reconstructed fields (of those the period's template collects), in template order."""
        return tuple(f for f in _all_fields(self.template) if f not in self.published)

    @property
    def any_reconstructed(self) -> bool:
        return bool(self.reconstructed)

    @property
    def all_reconstructed(self) -> bool:
        return not self.published

    def reconstructed_among(self, fields: Iterable[str]) -> tuple[str, ...]:
        """Those of ``fields`` (a field, or a whole table by its name) that are reconstructed, in the given order.

        Raises
        ------
        ConfigError
            For a name that is neither a template field nor a table (a typo must not hide a mark).
        """
        known = set(_all_fields())
        reconstructed = set(self.reconstructed)
        out = []
        for name in fields:
            if name in T.TABLES:
                if any((f.startswith(f"{name}.") if name != PROJECTS else "." not in f) for f in reconstructed):
                    out.append(name)
            elif name in known:
                if name in reconstructed:
                    out.append(name)
            else:
                raise ConfigError(_("Ukjent felt «{name}» i proveniensen; bruk malens kolonnenavn "
                                    "(«budsjett», «avhengigheter.status») eller et tabellnavn.").format(name=name))
        return tuple(out)

    def rests_on_reconstructed(self, fields: Iterable[str]) -> bool:
        """Whether any of ``fields`` is reconstructed (see :meth:`reconstructed_among`)."""
        return bool(self.reconstructed_among(fields))


NOTHING_MARKED = Provenance()


def parse(raw: object, where: str = FILE_NAME, template: str | None = None) -> Provenance:
    """A :class:`Provenance` from a parsed ``provenance.yaml`` (see the module docstring).

    Raises
    ------
    ConfigError
        If the file is not a mapping with ``published`` per table, or names an unknown table or column.
    """
    template = str(template or T.DEFAULT_TEMPLATE)
    if not isinstance(raw, dict) or not isinstance(raw.get("published", {}), dict):
        raise ConfigError(_("{where} må ha «published:» med en liste av kolonner per tabell.").format(where=where))
    published: set[str] = set()
    for table, columns in (raw.get("published") or {}).items():
        if table not in T.TABLES:
            raise ConfigError(_("{where}: ukjent tabell «{table}»; kjente: {known}.").format(
                where=where, table=table, known=", ".join(T.TABLES)))
        names = {c.name for c in T.ALL_TABLES[table]}
        for column in columns or []:
            if column not in names:
                raise ConfigError(_("{where}: tabellen {table} har ingen kolonne «{column}».").format(
                    where=where, table=table, column=column))
            published.add(column if table == PROJECTS else f"{table}.{column}")
    return Provenance(recorded=True, published=frozenset(published), source=str(raw.get("source") or ""),
                      template=template)


@functools.lru_cache(maxsize=32)
def _read(path: str, mtime_ns: int, template: str) -> Provenance:
    file = Path(path)
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(_("Kunne ikke lese {file}: {error}").format(file=file, error=exc)) from None
    return parse(raw, str(file), template)


def load_provenance(data_dir: Path | None, *, reconstructed: bool = False,
                    template: str = T.DEFAULT_TEMPLATE) -> Provenance:
    """The provenance of the period whose data is in ``data_dir``.

    Parameters
    ----------
    data_dir : Path
        The period's data folder; its ``provenance.yaml`` is the record.
    reconstructed : bool
        The period's ``reconstructed`` parameter: without a record, ``True`` marks every field.
    template : str
        The period's template version (its ``template`` parameter).
    """
    file = Path(data_dir) / FILE_NAME if data_dir else None
    if file is not None and file.is_file():
        return _read(str(file), file.stat().st_mtime_ns, str(template))
    if reconstructed:
        return Provenance(recorded=True, published=frozenset(), template=str(template))
    return NOTHING_MARKED
