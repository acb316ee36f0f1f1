"""Reference data: the strategy a period reports against and the organisations' owner groups.

Shipped with the package (``strategy-<version>.yaml``, ``organisations.csv``); a period may point to
its own files with ``strategy_file:`` / ``organisations_file:`` in its parameters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import REFERENCE_DIR
from ..exceptions import ConfigError

OWNER_GROUPS = (
    "KS/kommunene",
    "Helse Nord RHF",
    "Helse Midt RHF",
    "Helse Vest RHF",
    "Helse Sør-Øst RHF",
    "Folkehelseinstituttet",
    "Helsedirektoratet",
    "Direktoratet for e-helse",
)
SECTORS = ("spesialisthelsetjenesten", "helseforvaltningen", "kommunal")


_WHITESPACE = re.compile(r"\s+")


# Validation asks for the key of every category and organisation cell, and of every allowed value
# for each of them: a few dozen distinct strings, asked for millions of times in a large period.
@lru_cache(maxsize=4096)
def normalise_key(text: str) -> str:
    """Case- and space-insensitive matching key (``' Oslo  Kommune '`` -> ``'oslo kommune'``)."""
    return _WHITESPACE.sub(" ", str(text).replace("\u00a0", " ")).strip().casefold()


@dataclass(frozen=True)
class Strategy:
    """A strategy version: strategic areas ``"1".."6"`` and focus-area codes ``"1.1"`` with names."""

    version: str
    name: str
    areas: dict[str, str]
    focus_areas: dict[str, str]
    source: Path

    def area_of(self, focus_area: str) -> str:
        return focus_area.split(".", 1)[0]


@dataclass(frozen=True)
class Organisations:
    """Organisation -> owner group and sector, in the reference's own spelling."""

    owner_group: dict[str, str]
    sector: dict[str, str]
    source: Path

    def canonical(self, name: str) -> str | None:
        """The reference spelling of ``name`` (case and spaces ignored), or ``None`` if unknown."""
        return self._index.get(normalise_key(name))

    @cached_property  # built once, not for every cell (the instance is frozen, so it cannot go stale)
    def _index(self) -> dict[str, str]:
        return {normalise_key(k): k for k in self.owner_group}


@dataclass(frozen=True)
class Reference:
    """Everything a period is checked against."""

    strategy: Strategy
    organisations: Organisations


def load_strategy(version: str = "2017-2022", file: Path | None = None) -> Strategy:
    path = Path(file) if file else REFERENCE_DIR / f"strategy-{version}.yaml"
    if not path.is_file():
        raise ConfigError(f"Fant ikke strategifilen {path} (strategi {version!r}).")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        areas = {str(k): str(v["name"]) for k, v in raw["areas"].items()}
        focus = {str(code): str(name) for v in raw["areas"].values() for code, name in v["focus_areas"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: forventet areas: {{nr: {{name, focus_areas}}}} ({exc}).") from None
    for code in focus:
        if code.split(".")[0] not in areas:
            raise ConfigError(f"{path}: innsatsområde {code} hører ikke til noe satsningsområde.")
    return Strategy(version=str(raw.get("version", version)), name=str(raw.get("name", "")), areas=areas,
                    focus_areas=focus, source=path)


def load_organisations(file: Path | None = None) -> Organisations:
    path = Path(file) if file else REFERENCE_DIR / "organisations.csv"
    if not path.is_file():
        raise ConfigError(f"Fant ikke virksomhetsfilen {path}.")
    owner, sector = {}, {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            name = (row.get("virksomhet") or "").strip()
            group = (row.get("eiergruppe") or "").strip()
            sec = (row.get("sektor") or "").strip()
            if group not in OWNER_GROUPS:
                raise ConfigError(f"{path} linje {i}: ukjent eiergruppe {group!r}; tillatt: {', '.join(OWNER_GROUPS)}.")
            if sec not in SECTORS:
                raise ConfigError(f"{path} linje {i}: ukjent sektor {sec!r}; tillatt: {', '.join(SECTORS)}.")
            owner[name], sector[name] = group, sec
    return Organisations(owner_group=owner, sector=sector, source=path)


def load_reference(strategy: str = "2017-2022", strategy_file: Path | None = None,
                   organisations_file: Path | None = None) -> Reference:
    """Load the reference a period is validated against (defaults: the shipped files)."""
    return Reference(strategy=load_strategy(strategy, strategy_file),
                     organisations=load_organisations(organisations_file))
