"""Reference data: the strategy a period reports against, the organisations' owner groups and sectors,
the total-cost bands and the early-warning rules.

Shipped with the package (``strategy-<version>.yaml``, ``organisations.csv``, ``cost-bands.yaml``,
``early-warnings.yaml``); a period may point to its own strategy and organisations files with ``strategy_file:`` /
``organisations_file:`` in its parameters, and to its own early-warning rules with ``early_warnings_file:``. Owner
groups and sectors are data: whatever the organisations file in use names (organisations merge and rename over
the years), in the order they first appear in it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import REFERENCE_DIR
from ..exceptions import ConfigError, ReferenceDataError
from ..problems import Problem
from ..template import AREAS, GOALS
from ..words import N_, _, malform
from .cost_bands import CostBand, CostBands, load_cost_bands
from .early_warnings import EarlyWarnings, WarningRule, load_early_warnings
from .texts import reference_text

_WHITESPACE = re.compile(r"\s+")


# Validation asks for the key of every category and organisation cell, and of every allowed value
# for each of them: a few dozen distinct strings, asked for millions of times in a large period.
@lru_cache(maxsize=4096)
def normalise_key(text: str) -> str:
    """Case- and space-insensitive matching key (``' Oslo  Kommune '`` -> ``'oslo kommune'``)."""
    return _WHITESPACE.sub(" ", str(text).replace("\u00a0", " ")).strip().casefold()



@dataclass(frozen=True)
class Strategy:
    """A strategy version: either strategic areas ``"1".."6"`` with focus-area codes ``"1.1"`` (2017–2022), or
    strategic goals ``"1".."5"`` (2023–2030), each with its name.

    ``version`` is the file's own (what ``strategy.version`` in key_figures.json reports); ``kind`` says which
    of the two it is (:data:`ehp_analysis.template.AREAS` or :data:`~ehp_analysis.template.GOALS`). The names
    are kept as the file writes them (``written_*``) and read in the current written standard (:attr:`name`,
    :attr:`areas`, :attr:`focus_areas`, :attr:`goals`; :func:`reference_text`).
    """

    version: str
    written_name: str
    written_areas: dict[str, str]
    written_focus_areas: dict[str, str]
    source: Path
    written_goals: dict[str, str] = field(default_factory=dict)
    _shown: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _in_words(self, which: str) -> dict[str, str]:
        """``written_<which>`` in the current written standard (looked up once per standard)."""
        key = (which, malform())
        if key not in self._shown:
            self._shown[key] = {code: reference_text(text) for code, text in getattr(self, f"written_{which}").items()}
        return self._shown[key]

    @property
    def name(self) -> str:
        return reference_text(self.written_name) if self.written_name else ""

    @property
    def areas(self) -> dict[str, str]:
        return self._in_words("areas")

    @property
    def focus_areas(self) -> dict[str, str]:
        return self._in_words("focus_areas")

    @property
    def goals(self) -> dict[str, str]:
        return self._in_words("goals")

    @property
    def kind(self) -> str:
        return GOALS if self.goals else AREAS

    @property
    def has_goals(self) -> bool:
        return bool(self.goals)

    def area_of(self, focus_area: str) -> str:
        return focus_area.split(".", 1)[0]


@dataclass(frozen=True)
class Organisations:
    """Organisation -> owner group and sector, in the reference's own spelling.

    Attributes
    ----------
    owner_group, sector : dict
        Organisation name -> its owner group / sector.
    owner_groups, sectors : tuple of str
        Every owner group / sector of the file, in the order they first appear (the report's order).
    source : Path
        The file they were read from.
    """

    owner_group: dict[str, str]
    sector: dict[str, str]
    source: Path
    owner_groups: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()

    def __post_init__(self):
        # Built from the mappings when not given, so a hand-made instance needs only the two dicts.
        if not self.owner_groups:
            object.__setattr__(self, "owner_groups", tuple(dict.fromkeys(self.owner_group.values())))
        if not self.sectors:
            object.__setattr__(self, "sectors", tuple(dict.fromkeys(self.sector.values())))

    def canonical(self, name: str) -> str | None:
        """The reference spelling of ``name`` (case and spaces ignored), or ``None`` if unknown."""
        return self._index.get(normalise_key(name))

    @cached_property  # built once, not for every cell (the instance is frozen, so it cannot go stale)
    def _index(self) -> dict[str, str]:
        return {normalise_key(k): k for k in self.owner_group}


@dataclass(frozen=True)
class Reference:
    """Everything a period is checked against, and the bands its total costs are counted in."""

    strategy: Strategy
    organisations: Organisations
    cost_bands: CostBands = field(default_factory=load_cost_bands)
    early_warnings: EarlyWarnings = field(default_factory=load_early_warnings)


def _goals_strategy(raw: dict, path: Path, version: str) -> Strategy:
    goals = raw.get("goals")
    if not isinstance(goals, dict) or not goals or "areas" in raw:
        raise ConfigError(_("{file}: forventet enten goals: {{nr: navn}} (strategiske mål) eller areas: "
                            "{{nr: {{name, focus_areas}}}} (satsningsområder med innsatsområder), ikke begge.").format(
            file=path))
    out = {}
    for key, name in goals.items():
        if not str(key).isdigit() or not str(name or "").strip():
            raise ConfigError(_("{file}: målet {goal} må ha et heltall som nummer og et navn ({key}: \"Navn\").").format(
                file=path, goal=repr(key), key=key))
        out[str(int(key))] = str(name).strip()
    return Strategy(version=str(raw.get("version", version)), written_name=str(raw.get("name", "")), written_areas={},
                    written_focus_areas={}, source=path, written_goals=out)


def load_strategy(version: str = "2017-2022", file: Path | None = None) -> Strategy:
    """Read a strategy file: the shipped ``strategy-<version>.yaml``, or ``file``.

    A file holds either ``goals:`` (number -> name) or ``areas:`` (number -> name and focus areas), and its
    own ``version``.

    Raises
    ------
    ConfigError
        If the file is missing or has neither shape.
    """
    path = Path(file) if file else REFERENCE_DIR / f"strategy-{version}.yaml"
    if not path.is_file():
        raise ConfigError(_("Fant ikke strategifilen {file} (strategi {version}).").format(file=path,
                                                                                          version=repr(version)))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(raw, dict) and "goals" in raw:
        return _goals_strategy(raw, path, version)
    try:
        areas = {str(k): str(v["name"]) for k, v in raw["areas"].items()}
        focus = {str(code): str(name) for v in raw["areas"].values() for code, name in v["focus_areas"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(_("{file}: forventet areas: {{nr: {{name, focus_areas}}}} ({error}).").format(
            file=path, error=exc)) from None
    for code in focus:
        if code.split(".")[0] not in areas:
            raise ConfigError(_("{file}: innsatsområde {code} hører ikke til noe satsningsområde.").format(
                file=path, code=code))
    return Strategy(version=str(raw.get("version", version)), written_name=str(raw.get("name", "")),
                    written_areas=areas, written_focus_areas=focus, source=path)


ORGANISATION_COLUMNS = ("virksomhet", "eiergruppe", "sektor")
_ORGANISATION_MEANING = {"virksomhet": N_("navnet på virksomheten"),
                         "eiergruppe": N_("eiergruppen virksomheten telles under"),
                         "sektor": N_("sektoren virksomheten hører til")}
_DEFINITE = {"eiergruppe": N_("eiergruppen"), "sektor": N_("sektoren")}


def load_organisations(file: Path | None = None) -> Organisations:
    """Read an organisations file (``virksomhet,eiergruppe,sektor``), checking every line.

    Owner groups and sectors are whatever the file names; an owner group or sector is matched ignoring
    case and spaces, so one spelled two ways is a mistake, not two groups.

    Raises
    ------
    ConfigError
        If the file does not exist or is not UTF-8.
    ReferenceDataError
        With every bad line at once (file, line, column, value, what was expected): a missing column in
        the header, an empty value, an organisation listed twice, an owner group or sector spelled two
        ways, a line with more fields than the header.
    """
    path = Path(file) if file else REFERENCE_DIR / "organisations.csv"
    if not path.is_file():
        raise ConfigError(_("Fant ikke virksomhetsfilen {file}.").format(file=path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(_("Virksomhetsfilen {file} er ikke UTF-8; lagre den som «CSV UTF-8».").format(file=path)) from None
    shown = str(path)
    problems: list[Problem] = []
    reader = csv.DictReader(text.splitlines())
    header = [normalise_key(h) for h in (reader.fieldnames or [])]
    missing = [c for c in ORGANISATION_COLUMNS if c not in header]
    if missing:
        raise ReferenceDataError([Problem(shown, 1, c, None, _("kolonnen mangler i overskriftsraden; forventet "
                                                               "{columns}").format(columns=", ".join(ORGANISATION_COLUMNS)))
                                  for c in missing], what=_("virksomhetsfilen"))
    reader.fieldnames = header
    owner, sector = {}, {}
    seen: dict[str, int] = {}                                  # organisation key -> its first line
    spelling: dict[str, dict[str, tuple[str, int]]] = {"eiergruppe": {}, "sektor": {}}
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue  # an empty line, as spreadsheets leave at the end
        if row.get(None):
            problems.append(Problem(shown, line, None, ",".join(row[None]),
                                    _("linjen har flere felt enn overskriften ({n}); et navn med komma må stå i "
                                      "anførselstegn").format(n=len(header))))
            continue
        values = {c: " ".join((row.get(c) or "").split()) for c in ORGANISATION_COLUMNS}
        bad = False
        for column in ORGANISATION_COLUMNS:
            if not values[column]:
                problems.append(Problem(shown, line, column, None,
                                        _("verdien mangler; forventet {meaning}").format(
                                            meaning=_(_ORGANISATION_MEANING[column]))))
                bad = True
        for column in ("eiergruppe", "sektor"):
            if not values[column]:
                continue
            first = spelling[column].setdefault(normalise_key(values[column]), (values[column], line))
            if first[0] != values[column]:
                problems.append(Problem(shown, line, column, values[column],
                                        _("skrevet «{written}» på linje {line}; skriv {what} likt hver gang").format(
                                            written=first[0], line=first[1], what=_(_DEFINITE[column]))))
                bad = True
        key = normalise_key(values["virksomhet"])
        if values["virksomhet"] and key in seen:
            problems.append(Problem(shown, line, "virksomhet", values["virksomhet"],
                                    _("virksomheten står også på linje {line}; hver virksomhet skal stå én gang").format(
                                        line=seen[key])))
            bad = True
        elif values["virksomhet"]:
            seen[key] = line
        if bad:
            continue
        owner[values["virksomhet"]], sector[values["virksomhet"]] = values["eiergruppe"], values["sektor"]
    if not owner and not problems:
        problems.append(Problem(shown, None, None, None, _("filen har ingen virksomheter; forventet én linje per "
                                                           "virksomhet med eiergruppe og sektor")))
    if problems:
        raise ReferenceDataError(problems, what=_("virksomhetsfilen"))
    return Organisations(owner_group=owner, sector=sector, source=path)


def load_reference(strategy: str = "2017-2022", strategy_file: Path | None = None,
                   organisations_file: Path | None = None, *, early_warnings_file: Path | None = None) -> Reference:
    """Load the reference a period is validated against (defaults: the shipped files).

    The total-cost bands are the shipped ``cost-bands.yaml`` (a period cannot name its own yet); the
    early-warning rules are the shipped ``early-warnings.yaml`` unless the period names its own.
    """
    return Reference(strategy=load_strategy(strategy, strategy_file),
                     organisations=load_organisations(organisations_file),
                     early_warnings=load_early_warnings(early_warnings_file))
