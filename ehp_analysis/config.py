"""Paths and the per-period parameters file, declared once.

The project root is where ``parameters/`` and ``notebooks/`` live. It is found from the
``EHP_ROOT`` environment variable, else by walking up from the working directory, else it is
the folder above this package (an editable install in a clone).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .exceptions import ConfigError, PeriodNameError, UsageError
from .words import N_, _

#: The currency of amounts when a period's parameters say no ``currency:`` (input-template.md, "Currency").
DEFAULT_CURRENCY = "NOK"


@functools.lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes babel's CLDR data knows (current and historic)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def check_currency(value: object, *, where: str = "parameterfilen") -> str:
    """``value`` as a known ISO 4217 code (``None`` or empty: the default ``NOK``).

    Raises
    ------
    ConfigError
        For anything that is not a known three-letter code, naming ``where`` (the parameters file) and the key.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_CURRENCY
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha() or code not in known_currencies():
        raise ConfigError(_("{where}, nøkkel currency: ukjent valutakode {value}; forventet en kode etter ISO 4217 "
                            "med tre bokstaver, for eksempel \"NOK\", \"SEK\", \"EUR\" eller \"GBP\" (uten currency: "
                            "gjelder {default}).").format(where=where, value=repr(str(value)), default=DEFAULT_CURRENCY))
    return code


def check_malform(value: object, *, where: str = "parameterfilen") -> str:
    """``value`` as a written standard of :data:`ehp_analysis.words.MALFORMS` (``None`` or empty: bokmål).

    Raises
    ------
    ConfigError
        For anything else, naming ``where`` (the parameters file, or the command line) and the key.
    """
    from .words import MALFORMS, _

    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_MALFORM
    name = str(value).strip().lower()
    if name not in MALFORMS:
        raise ConfigError(_("{where}, nøkkel malform: ukjent målform {value}; forventet {known} "
                            "(uten malform: gjelder {default}).").format(
            where=where, value=repr(str(value)), known=_(" eller ").join(f'"{m}"' for m in MALFORMS),
            default=DEFAULT_MALFORM))
    return name


#: The written standard of a period's words when its parameters say no ``malform:`` (report.md, "Written standard").
DEFAULT_MALFORM = "bokmål"

PACKAGE_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = PACKAGE_DIR / "reference"

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PERIOD_HELP = N_("en periode skrives ÅÅÅÅ-MM, for eksempel 2020-01")


def _is_root(path: Path) -> bool:
    return (path / "parameters").is_dir() and (path / "notebooks").is_dir()


def find_root(start: Path | None = None) -> Path:
    """Return the project root (see module docstring)."""
    env = os.environ.get("EHP_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    return PACKAGE_DIR.parent


def check_period(name: str) -> str:
    """Return ``name`` if it is a valid period name (``YYYY-MM``), else raise.

    Raises
    ------
    PeriodNameError
        If the name is anything else; it becomes a folder name, so nothing else is allowed.
    """
    if not isinstance(name, str) or not PERIOD_RE.match(name):
        raise PeriodNameError(_("Ugyldig periode {name}: {help}.").format(name=repr(name), help=_(PERIOD_HELP)))
    return name


@dataclass(frozen=True)
class Paths:
    """Every folder the toolkit reads or writes, relative to one project root."""

    root: Path

    @property
    def parameters(self) -> Path:
        return self.root / "parameters"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIRNAME

    @property
    def chapters_file(self) -> Path:
        return self.notebooks / "chapters.yaml"

    def parameters_file(self, period: str) -> Path:
        return self.parameters / f"{check_period(period)}.yaml"

    def output_dir(self, period: str) -> Path:
        return self.outputs / check_period(period)


@dataclass(frozen=True)
class OutputLayout:
    """The files and folders of one period's output folder (``outputs/<period>/``), declared once.

    The build writes them, the cache and the no-change check look for them, the CLI and the README
    name them; nothing else spells these names.
    """

    report: str = "report.html"
    key_figures: str = "key_figures.json"
    notebooks: str = "notebooks"
    figures: str = "figures"
    tables: str = "tables"
    failed: str = "failed"
    pdf: str = "report.pdf"
    record: str = "build.json"


OUTPUT = OutputLayout()
CACHE_DIRNAME = ".ehp-cache"


def paths(root: Path | None = None) -> Paths:
    return Paths(Path(root).resolve() if root else find_root())


@dataclass(frozen=True)
class PeriodParameters:
    """The contents of ``parameters/<period>.yaml``: a flat mapping papermill accepts as it is."""

    period: str
    previous_period: str | None
    data_dir: Path
    budget_year: int
    cutoff: str
    strategy: str
    strategy_file: Path | None
    organisations_file: Path | None
    output_dir: Path
    reconstructed: bool
    source: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    early_warnings_file: Path | None = None   # the period's own early-warning rules (default: the shipped ones)
    collection_limits_file: Path | None = None  # the period's own limits on a submission (collect.hostile)
    # The submission template's version (``template:``, "2020" when missing; see template.VERSIONS).
    template: str = "2020"
    # Synthetic example data (``synthetic: true``, written by ehp_analysis.synthetic): the report says so on every page.
    synthetic: bool = False
    # The currency amounts are in (``currency:``, an ISO 4217 code, "NOK" when missing; text.currency words it).
    currency: str = "NOK"
    # The written standard of every word (``malform:``, "bokmål" when missing; ehp_analysis.words writes it).
    malform: str = "bokmål"

    def as_papermill(self) -> dict[str, Any]:
        """The raw flat mapping, as a notebook's parameters cell receives it."""
        return dict(self.raw)


REQUIRED_KEYS = ("period", "budget_year", "cutoff", "strategy")


def _resolve(root: Path, value: str | None) -> Path | None:
    if value in (None, ""):
        return None
    p = Path(value)
    return p if p.is_absolute() else (root / p)


def parameters_from_mapping(raw: dict[str, Any], root: Path, source: Path | None = None) -> PeriodParameters:
    """Build :class:`PeriodParameters` from a flat mapping (a parsed parameters file)."""
    where = _(" i {file}").format(file=source) if source else ""
    missing = [k for k in REQUIRED_KEYS if raw.get(k) in (None, "")]
    if missing:
        raise ConfigError(_("Parameterfilen mangler {keys}{where}.").format(keys=", ".join(missing), where=where))
    period = check_period(str(raw["period"]))
    prev = raw.get("previous_period")
    prev = check_period(str(prev)) if prev not in (None, "") else None
    try:
        budget_year = int(raw["budget_year"])
    except (TypeError, ValueError):
        raise ConfigError(_("budget_year må være et årstall, fikk {value}{where}.").format(
            value=repr(raw["budget_year"]), where=where)) from None
    cutoff = str(raw["cutoff"])
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", cutoff):
        raise ConfigError(_("cutoff må være en dato i anførselstegn, «ÅÅÅÅ-MM-DD», fikk {value}{where}.").format(
            value=repr(cutoff), where=where))
    template = _template_name(raw.get("template"), source)
    _check_site_keys(raw, where)
    currency = check_currency(raw.get("currency"), where=str(source) if source else _("parameterfilen"))
    malform = check_malform(raw.get("malform"), where=str(source) if source else _("parameterfilen"))
    return PeriodParameters(
        period=period,
        previous_period=prev,
        data_dir=_resolve(root, raw.get("data_dir")) or (root / "data" / period),
        budget_year=budget_year,
        cutoff=cutoff,
        strategy=str(raw["strategy"]),
        strategy_file=_resolve(root, raw.get("strategy_file")),
        organisations_file=_resolve(root, raw.get("organisations_file")),
        output_dir=_resolve(root, raw.get("output_dir")) or (root / "outputs" / period),
        reconstructed=bool(raw.get("reconstructed", False)),
        source=source,
        raw=dict(raw),
        early_warnings_file=_resolve(root, raw.get("early_warnings_file")),
        collection_limits_file=_resolve(root, raw.get("collection_limits_file")),
        template=template,
        synthetic=bool(raw.get("synthetic", False)),
        currency=currency,
        malform=malform,
    )


def _check_site_keys(raw: dict[str, Any], where: str) -> None:
    """The website's parameters (``ehp build --site``): ``publisert`` a date, ``site_url`` an http(s) address,
    ``publisher`` a name.

    Raises
    ------
    ConfigError
        For a value of the wrong form, naming the key.
    """
    from .words import _

    published = raw.get("publisert")
    if published not in (None, "") and not re.match(r"^\d{4}-\d{2}-\d{2}$", str(published)):
        message = _("publisert må være en dato i anførselstegn, «ÅÅÅÅ-MM-DD», fikk {value}{where}.")
        raise ConfigError(message.format(value=repr(published), where=where))
    url = raw.get("site_url")
    if url not in (None, "") and not re.match(r"^https?://[^\s/$.?#][^\s]*$", str(url)):
        message = _("site_url må være en nettadresse som begynner med https:// eller http://, fikk {value}{where}.")
        raise ConfigError(message.format(value=repr(url), where=where))
    publisher = raw.get("publisher")
    if publisher not in (None, "") and not isinstance(publisher, str):
        message = _("publisher må være et navn i anførselstegn, fikk {value}{where}.")
        raise ConfigError(message.format(value=repr(publisher), where=where))


def _template_name(value: Any, source: Path | None) -> str:
    """The ``template:`` parameter as a known version name (missing: the default).

    Raises
    ------
    ConfigError
        For an unknown version, naming the parameters file and the key.
    """
    from .template import DEFAULT_TEMPLATE, VERSIONS

    if value in (None, ""):
        return DEFAULT_TEMPLATE
    name = str(value).strip()
    if name not in VERSIONS:
        where = str(source) if source else _("parameterfilen")
        raise ConfigError(_("{where}, nøkkel template: ukjent malversjon {name}; kjente versjoner er {known} (uten "
                            "template: gjelder {default}).").format(
            where=where, name=repr(name), known=", ".join(repr(v) for v in VERSIONS), default=repr(DEFAULT_TEMPLATE)))
    return name


def check_template_strategy(version, strategy, parameters: PeriodParameters | None) -> None:
    """A ``2023`` template needs a strategy with goals, a ``2020`` one a strategy with areas and focus areas.

    Raises
    ------
    ConfigError
        When they do not match (a usage error: the parameters file says which strategy and template).
    """
    from .template import GOALS

    if strategy.kind == version.strategy_kind:
        return
    where = str(parameters.source) if parameters is not None and parameters.source else _("parameterfilen")
    has = _("strategiske mål") if strategy.has_goals else _("satsningsområder og innsatsområder")
    needs = (_("strategiske mål (som 2023-2030)") if version.strategy_kind == GOALS
             else _("satsningsområder og innsatsområder (som 2017-2022)"))
    raise ConfigError(_("{where}: malen {template} (nøkkel template) krever en strategi med {needs}, men strategien "
                        "{strategy} (nøkkel strategy/strategy_file) har {has}. Sett strategy: \"{shipped}\" og "
                        "strategy_file: \"\", eller en annen template.").format(where=where, template=repr(version.name),
                      needs=needs, strategy=repr(strategy.version), has=has, shipped=version.strategy))


def load_parameters(period: str, root: Path | None = None) -> PeriodParameters:
    """Read ``parameters/<period>.yaml``.

    Raises
    ------
    PeriodNameError
        If ``period`` is not ``YYYY-MM``.
    UsageError
        If no parameters file exists for the period.
    ConfigError
        If the file is not a flat mapping with the required keys.
    """
    p = paths(root)
    file = p.parameters_file(period)
    if not file.is_file():
        known = ", ".join(list_periods(p.root)) or _("ingen")
        raise UsageError(_("Perioden {period} er ikke satt opp: fant ikke {file}. Kjente perioder: {known}.").format(
            period=period, file=file, known=known))
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(_("Kunne ikke lese {file}: {error}").format(file=file, error=exc)) from None
    if not isinstance(raw, dict):
        raise ConfigError(_("{file} må være en flat liste med nøkkel: verdi.").format(file=file))
    params = parameters_from_mapping(raw, p.root, source=file)
    if params.period != period:
        raise ConfigError(_("{file} sier period: {said}, men filen heter {period}.yaml.").format(
            file=file, said=params.period, period=period))
    return params


def load_chain(period: str, root: Path | None = None, *,
               known: dict[str, PeriodParameters] | None = None) -> list[PeriodParameters]:
    """A period's chain: the period and every earlier period reached through ``previous_period``, oldest first.

    Parameters
    ----------
    period : str
    root : Path, optional
        Project root (default: :func:`find_root`).
    known : dict, optional
        Parameters already read (period -> parameters); filled with those read here, so a build that
        follows many chains reads each parameters file once.

    Raises
    ------
    UsageError
        If ``period`` is not configured.
    ConfigError
        If a ``previous_period`` names a period that is not configured, or the chain loops
        (a period reached twice: ``previous_period`` pointing at itself or forward).
    """
    known = {} if known is None else known
    chain: list[PeriodParameters] = []
    seen: set[str] = set()
    name: str | None = period
    while name:
        if name in seen:
            loop = " → ".join([p.period for p in chain] + [name])
            raise ConfigError(_("Periodekjeden går i ring ({loop}): previous_period i {file} må peke på en tidligere "
                                "periode.").format(loop=loop, file=chain[-1].source or chain[-1].period))
        seen.add(name)
        if name not in known:
            try:
                known[name] = load_parameters(name, root)
            except UsageError as exc:
                if not chain:
                    raise
                src = chain[-1].source or f"parameters/{chain[-1].period}.yaml"
                raise ConfigError(_("{file}, nøkkel previous_period: perioden {period} er ikke satt opp ({error})").format(
                    file=src, period=name, error=exc)) from None
        params = known[name]
        if chain and params.period >= chain[-1].period:
            src = chain[-1].source or f"parameters/{chain[-1].period}.yaml"
            raise ConfigError(_("{file}, nøkkel previous_period: {period} er ikke en tidligere periode enn {later}; "
                                "forventet en eldre periode.").format(file=src, period=name, later=chain[-1].period))
        chain.append(params)
        name = params.previous_period
    return chain[::-1]


def list_periods(root: Path | None = None) -> list[str]:
    """Configured periods (those with a parameters file), oldest first."""
    folder = paths(root).parameters
    if not folder.is_dir():
        return []
    return sorted(f.stem for f in folder.glob("*.yaml") if PERIOD_RE.match(f.stem))


def default_period(root: Path | None = None) -> str:
    """The newest configured period."""
    periods = list_periods(root)
    if not periods:
        raise UsageError(_("Ingen perioder er satt opp under parameters/."))
    return periods[-1]
