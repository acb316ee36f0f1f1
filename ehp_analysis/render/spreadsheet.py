"""Tables as CSV files for Norwegian Excel: ``;``-separated, decimal comma, UTF-8 with BOM, formula-safe.

A text cell that Excel would run as a formula gets a leading apostrophe. Written for the chapters' ``tables/`` and
``figures/`` files, the tiltak export and the collection's files alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from .markup import Html, header_text

__all__ = ["CSV_OPTIONS", "formula_safe", "write_csv"]

CSV_OPTIONS: dict[str, Any] = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "lineterminator": "\n"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a person or Excel writes it: -3.5, -3,5, +3, -1e5, -1 234,5 (groups of three only, so a
# phone number "+47 22 00 00 00" is not a number).
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}([ \u00a0]\d{3})+|\d+)?([.,]\d+)?([eE][+-]?\d+)?$")


def formula_safe(value: Any) -> Any:
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula.

    Text starting with ``= + - @``, a tab or a carriage return is prefixed (OWASP "CSV injection"),
    except plain numbers such as ``-3.5``. Anything that is not text is returned as it is.
    """
    if isinstance(value, Html):
        value = value.plain
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.match(value) and any(ch.isdigit() for ch in value):
        return value
    return "'" + value


def _safe_frame(frame: pd.DataFrame, *, index: bool) -> pd.DataFrame:
    out = frame.reset_index() if index else frame.reset_index(drop=True)
    out = out.copy()
    out.columns = [formula_safe(header_text(c)) for c in out.columns]
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if pd.api.types.is_float_dtype(series):
            # Sums carry float noise (116.50500000000011); reported amounts have at most three decimals,
            # so nine keep every one of them (as key_figures.json does).
            out.isetitem(col, series.round(9))
        elif not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            out.isetitem(col, series.astype(object).map(formula_safe))
    return out


def write_csv(frame: pd.DataFrame | pd.Series, path: str | Path, *, index: bool = False) -> Path:
    """Write ``frame`` as a formula-safe CSV for Norwegian Excel (see module docstring).

    Parameters
    ----------
    frame : DataFrame or Series
    path : str or Path
    index : bool
        Write the index as the first column(s).

    Returns
    -------
    Path
        The file written.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _safe_frame(frame, index=index).to_csv(path, index=False, **CSV_OPTIONS)
    return path
