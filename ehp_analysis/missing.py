"""The one missing-value check: whether a single value is "not there" (not reported, not a date, not a number).

Every layer asks the same question of a cell: a metric reading a dependency's target, a sentence wording an
amount, a table cell shown as "–", a workbook cell left empty. One answer, so a ``NaT`` or a ``numpy.nan`` is
missing everywhere and a list of values is never mistaken for one missing value.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["is_missing"]

# Values that hold several values: never "a missing value" themselves, whatever they hold.
_CONTAINERS = (str, bytes, list, tuple, dict, set, frozenset, np.ndarray, pd.Series, pd.Index, pd.DataFrame)

_FLOATS = frozenset({float, np.float64, np.float32})
_NEVER_MISSING = frozenset({str, int, bool, np.int64, np.bool_})


def is_missing(value: Any) -> bool:
    """Whether ``value`` is a single missing value.

    ``None``, ``pandas.NA``, ``pandas.NaT``, ``numpy.datetime64("NaT")`` and a NaN float (Python's or numpy's)
    are missing. Text (also the empty text), numbers (also zero), ``False`` and containers (lists, tuples,
    arrays, Series, even empty or holding only missing values) are not.
    """
    kind = type(value)
    if kind in _FLOATS:  # the common cases first, as pd.isna answers them (a table of 5,000 rows asks 300,000 times)
        return bool(value != value)
    if kind in _NEVER_MISSING:
        return False
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, _CONTAINERS):
        return False
    try:
        found = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(found, (bool, np.bool_)) and bool(found)
