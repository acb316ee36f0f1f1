"""One missing-value check for the whole package (ehp_analysis.missing)."""

from __future__ import annotations

import datetime as dt
import decimal
import math

import numpy as np
import pandas as pd
import pytest

from ehp_analysis.missing import is_missing


@pytest.mark.parametrize("value, missing", [
    (None, True),
    (float("nan"), True),
    (np.nan, True),
    (np.float64("nan"), True),
    (np.float32("nan"), True),
    (pd.NA, True),
    (pd.NaT, True),
    (np.datetime64("NaT"), True),
    (np.timedelta64("NaT"), True),
    ("", False),
    (" ", False),
    ("nan", False),
    ("NA", False),
    ("ikke vurdert", False),
    (0, False),
    (0.0, False),
    (np.int64(0), False),
    (False, False),
    (np.bool_(False), False),
    (math.inf, False),
    (12.5, False),
    (decimal.Decimal("1.5"), False),
    (pd.Timestamp("2020-01-31"), False),
    (np.datetime64("2020-01-31"), False),
    (dt.date(2020, 1, 31), False),
    ([], False),
    ([None], False),
    ([np.nan], False),
    ((), False),
    ((None,), False),
    (np.array([np.nan]), False),
    (np.array([]), False),
    (pd.Series([None]), False),
    ({"a": None}, False),
    (object(), False),
], ids=repr)
def test_is_missing(value, missing):
    assert is_missing(value) is missing
