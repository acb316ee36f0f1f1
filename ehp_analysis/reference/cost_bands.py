"""The total-cost bands of chapter 5 as reference data (``cost-bands.yaml``): keys, labels, phrases, bounds.

The bands and the words for them live in one file, not in the code, so the office can change them
without a release; the loader checks the whole file and reports every mistake at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import REFERENCE_DIR
from ..exceptions import ConfigError, ReferenceDataError
from ..problems import Problem
from ..text.currency import placeholder_problem, worded
from ..words import _
from .texts import reference_text

_TEXT_FIELDS = ("key", "label", "phrase")
_BOUND_FIELDS = ("from", "above", "below", "to")


@dataclass(frozen=True)
class CostBand:
    """One band: ``lower`` (``None``: no lower bound) up to ``upper`` (``None``: no upper bound), mill. kr.

    The label and phrase are kept as the file writes them (``written_*``) and read in the current written
    standard (:attr:`label`, :attr:`phrase`; :func:`~ehp_analysis.reference.reference_text`)."""

    key: str
    written_label: str
    written_phrase: str
    lower: float | None = None
    lower_inclusive: bool = True
    upper: float | None = None
    upper_inclusive: bool = False

    @property
    def label(self) -> str:
        return reference_text(self.written_label)

    @property
    def phrase(self) -> str:
        return reference_text(self.written_phrase)

    def contains(self, value: float) -> bool:
        """Whether a total cost of ``value`` mill. kr lies in this band."""
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.lower_inclusive)):
            return False
        if self.upper is not None and (value > self.upper or (value == self.upper and not self.upper_inclusive)):
            return False
        return True


@dataclass(frozen=True)
class CostBands:
    """The bands, lowest first, and the file they came from."""

    bands: tuple[CostBand, ...]
    source: Path

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(b.key for b in self.bands)

    @property
    def labels(self) -> dict[str, str]:
        """Band key -> the figure's axis label."""
        return {b.key: b.label for b in self.bands}

    @property
    def phrases(self) -> dict[str, str]:
        """Band key -> how the text names the band (``"mellom 10 og 299 mill. kr"``): the file's phrase with its
        currency placeholders (``{mill}``, ``{valuta}``) worded from the currency in force
        (:func:`~ehp_analysis.text.worded`)."""
        from ..text.currency import placeholder_problem, worded

        return {b.key: worded(b.phrase) for b in self.bands}

    def band_of(self, value: float | None) -> str | None:
        """The key of the band ``value`` lies in; ``None`` when not reported (or outside every band)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return next((b.key for b in self.bands if b.contains(value)), None)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _band(raw, where: str, shown: str, problems: list[Problem]) -> CostBand | None:
    """One band from its mapping, or ``None`` after adding its problems."""
    if not isinstance(raw, dict):
        problems.append(Problem(shown, None, where, raw, _("forventet et intervall med key, label, phrase og grenser")))
        return None
    before = len(problems)
    for name in raw:
        if name not in _TEXT_FIELDS + _BOUND_FIELDS:
            problems.append(Problem(shown, None, f"{where}: {name}", raw[name],
                                    _("ukjent felt; forventet {fields}").format(
                                        fields=", ".join(_TEXT_FIELDS + _BOUND_FIELDS))))
    for name in _TEXT_FIELDS:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            problems.append(Problem(shown, None, f"{where}: {name}", raw.get(name), _("forventet en tekst")))
        elif placeholder_problem(raw[name]):
            problems.append(Problem(shown, None, f"{where}: {name}", raw[name], placeholder_problem(raw[name])))
    for name in _BOUND_FIELDS:
        if name in raw and not _number(raw[name]):
            problems.append(Problem(shown, None, f"{where}: {name}", raw[name],
                                    _("forventet et tall ({mill})").format(mill=worded("{mill}"))))
    for a, b in (("from", "above"), ("below", "to")):
        if a in raw and b in raw:
            problems.append(Problem(shown, None, f"{where}: {a}/{b}", None,
                                    _("oppgi enten «{a}» eller «{b}», ikke begge").format(a=a, b=b)))
    if len(problems) > before:
        return None
    lower = raw.get("from", raw.get("above"))
    upper = raw.get("below", raw.get("to"))
    band = CostBand(key=raw["key"].strip(), written_label=raw["label"].strip(), written_phrase=raw["phrase"].strip(),
                    lower=None if lower is None else float(lower), lower_inclusive="above" not in raw,
                    upper=None if upper is None else float(upper), upper_inclusive="to" in raw)
    if band.lower is not None and band.upper is not None and band.lower >= band.upper:
        problems.append(Problem(shown, None, where, f"{lower}–{upper}", _("den nedre grensen må være lavere enn den øvre")))
        return None
    return band


def _gaps(bands: list[CostBand], shown: str) -> list[Problem]:
    """Neighbouring bands must meet without a gap or an overlap; only the ends may be open."""
    problems = []
    for i, (low, high) in enumerate(zip(bands, bands[1:]), start=1):
        if low.upper is None:
            problems.append(Problem(shown, None, _("intervall {n} ({key})").format(n=i, key=low.key), None,
                                    _("bare det siste intervallet kan mangle øvre grense (below eller to)")))
        elif high.lower is None:
            problems.append(Problem(shown, None, _("intervall {n} ({key})").format(n=i + 1, key=high.key), None,
                                    _("bare det første intervallet kan mangle nedre grense (from eller above)")))
        elif low.upper != high.lower or low.upper_inclusive == high.lower_inclusive:
            expected = f"above: {low.upper:g}" if low.upper_inclusive else f"from: {low.upper:g}"
            problems.append(Problem(shown, None, _("intervall {n} ({key})").format(n=i + 1, key=high.key), None,
                                    _("intervallet må begynne der «{key}» slutter; forventet {expected}").format(
                                        key=low.key, expected=expected)))
    return problems


@lru_cache(maxsize=16)
def _load(path: Path) -> CostBands:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(_("Intervallfilen {file} kan ikke leses som UTF-8 YAML ({error}).").format(
            file=path, error=exc)) from None
    shown = str(path)
    items = raw.get("bands") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ReferenceDataError([Problem(shown, None, "bands", None, _("forventet en liste med minst ett intervall"))],
                                 what=_("intervallfilen for totalkostnad"))
    problems: list[Problem] = []
    bands = [_band(item, _("intervall {n} ({key})").format(n=i, key=item.get("key", "?") if isinstance(item, dict)
                                                              else "?"), shown, problems)
             for i, item in enumerate(items, start=1)]
    keys = [str(item.get("key", "")).strip() for item in items if isinstance(item, dict)]
    for key in sorted({k for k in keys if k and keys.count(k) > 1}):
        problems.append(Problem(shown, None, "key", key, _("hvert intervall må ha sin egen key")))
    if not problems:
        problems += _gaps(bands, shown)
    if problems:
        raise ReferenceDataError(problems, what=_("intervallfilen for totalkostnad"))
    return CostBands(bands=tuple(bands), source=path)


def load_cost_bands(file: Path | None = None) -> CostBands:
    """Read the total-cost bands (default: the shipped ``cost-bands.yaml``).

    Raises
    ------
    ConfigError
        If the file is missing or not YAML.
    ReferenceDataError
        With every mistake in it at once: a missing key, label or phrase, a bound that is not a number or
        given twice, bands that leave a gap or overlap, a key used twice.
    """
    path = Path(file) if file else REFERENCE_DIR / "cost-bands.yaml"
    if not path.is_file():
        raise ConfigError(_("Fant ikke intervallfilen for totalkostnad {file}.").format(file=path))
    return _load(path.resolve())
