"""Small building blocks shared by the chapter metrics: totals that say what is missing, shares that
say their denominator, and amount columns with withheld values masked."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .. import template as T

COLOURS = T.COLOURS
NOT_ASSESSED = T.NOT_ASSESSED
WITHHELD_RATING = T.WITHHELD_RATING
COLOUR_RANK = {c: i for i, c in enumerate(COLOURS)}
ELEVATED = ("gul", "rød")


@dataclass(frozen=True)
class Total:
    """A sum over the projects that reported a value.

    Attributes
    ----------
    value : float or None
        Sum of the reported values in mill. kr; ``None`` when no project reported one (never 0 for
        "nothing reported").
    n_reported, n_not_reported : int
        Projects with and without a value; ``n_not_reported`` includes the withheld ones.
    n_withheld : int
        Projects whose value is withheld (``unntatt offentlighet``); a subset of ``n_not_reported``.
    """

    value: float | None
    n_reported: int
    n_not_reported: int
    n_withheld: int = 0

    @property
    def n(self) -> int:
        """All projects the total is over."""
        return self.n_reported + self.n_not_reported

    @property
    def not_reported_share(self) -> Share:
        """Share of the projects that did not report a value."""
        return Share(self.n_not_reported, self.n)


@dataclass(frozen=True)
class Share:
    """``count`` out of ``denominator``; ``value`` is ``None`` when the denominator is 0."""

    count: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.count / self.denominator if self.denominator else None


def amounts(projects: pd.DataFrame, field: str) -> pd.Series:
    """The amount column ``field`` with withheld values masked as ``<NA>`` (never trust upstream alone)."""
    values = projects[field].astype("Float64")
    flag = f"{field}_withheld"
    if flag in projects.columns:
        values = values.mask(projects[flag].fillna(False).astype(bool))
    return values


def withheld(projects: pd.DataFrame, field: str) -> pd.Series:
    """Boolean series: is ``field`` withheld for the project."""
    flag = f"{field}_withheld"
    if flag not in projects.columns:
        return pd.Series(False, index=projects.index)
    return projects[flag].fillna(False).astype(bool)


def total(projects: pd.DataFrame, field: str) -> Total:
    """Sum of ``field`` over ``projects``, stating how many did not report it and how many withheld it."""
    values = amounts(projects, field)
    reported = values.notna()
    n_rep = int(reported.sum())
    value = float(values[reported].sum()) if n_rep else None
    return Total(value=value, n_reported=n_rep, n_not_reported=int((~reported).sum()),
                 n_withheld=int(withheld(projects, field).sum()))


def colour_counts(values: pd.Series) -> dict[str, int]:
    """Counts of ``grønn``, ``gul``, ``rød`` (all three kept, zeros included), then ``ikke vurdert`` (the
    missing values) and ``unntatt offentlighet`` (withheld ratings), each only when there are any."""
    counts = values.astype("object").value_counts()
    out = {c: int(counts.get(c, 0)) for c in COLOURS}
    not_assessed = int(values.isna().sum())
    if not_assessed:
        out[NOT_ASSESSED] = not_assessed
    withheld_ratings = int(counts.get(WITHHELD_RATING, 0))
    if withheld_ratings:
        out[WITHHELD_RATING] = withheld_ratings
    return out


def is_colour(values: pd.Series) -> pd.Series:
    """Boolean series: is the rating a colour (neither "ikke vurdert" nor withheld)."""
    return values.astype("object").isin(COLOURS)


def sorted_ids(ids: Iterable) -> list[int]:
    return sorted(int(i) for i in ids)


def focus_sort_key(code: str) -> tuple:
    """Sort ``"1.1" < "1.2" < "10.1"`` numerically, unknown shapes last."""
    parts = str(code).split(".")
    try:
        return (0, *[int(p) for p in parts])
    except ValueError:
        return (1, str(code))


def clean_number(value):
    """A JSON-safe Python number: numpy scalars to Python, NaN/NA to ``None``."""
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
