"""What becomes of a generated history: files in a project root, or typed Portfolios in memory."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from .. import template as T
from ..config import parameters_from_mapping
from ..exceptions import SyntheticSpecError
from ..parse import parse_date
from ..portfolio import Portfolio, build_portfolio
from ..reference import Reference, load_reference, load_strategy
from .generate import AMOUNTS, STRATEGY, SyntheticPeriod, generate_history

__all__ = ["parameters_mapping", "write_history", "to_portfolio", "synthetic_portfolios"]


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

def parameters_mapping(period: SyntheticPeriod) -> dict:
    """The flat parameters mapping of a synthetic period (as in ``parameters/<period>.yaml``)."""
    return {
        "period": period.period,
        "previous_period": period.previous_period or "",
        "data_dir": f"data/{period.period}",
        "budget_year": period.budget_year,
        "cutoff": f"{period.period}-15",
        "strategy": period.strategy,
        "strategy_file": "",
        "organisations_file": "",
        "output_dir": f"outputs/{period.period}",
        "reconstructed": False,
        "synthetic": True,
        **({"template": period.template} if period.template != T.DEFAULT_TEMPLATE else {}),
    }


def _yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # Strings double-quoted: dates especially (papermill and yaml.safe_load read unquoted dates differently).
    return json.dumps(str(value), ensure_ascii=False)


def _parameters_yaml(period: SyntheticPeriod) -> str:
    lines = ["# Synthetic period (ehp_analysis.synthetic), not real data. Flat: `papermill -f` accepts it as it is."]
    lines += [f"{key}: {_yaml_scalar(value)}" for key, value in parameters_mapping(period).items()]
    return "\n".join(lines) + "\n"


_EXCEL_AMOUNT_COLUMNS = tuple(column for _, column in AMOUNTS) + ("prissatt_nytte",)


def _excel_no(frame: pd.DataFrame) -> pd.DataFrame:
    """Amounts with decimal comma and space-grouped thousands, as Norwegian Excel writes them."""
    out = frame.copy()
    for col in _EXCEL_AMOUNT_COLUMNS:
        if col in out.columns:
            s = out[col].astype(str)
            # Group thousands of the integer part (at most three decimals, so the lookahead stops at ".").
            s = s.str.replace(r"(\d)(?=(\d{3})+(?!\d))", "\\1\u00a0", regex=True)
            out[col] = s.str.replace(".", ",", regex=False).where(~s.str.contains(r"[a-zA-Z]"), out[col])
    return out


def write_history(history: list[SyntheticPeriod], root: Path, *, fmt: str = "csv",
                  dialect: str = "standard") -> list[str]:
    """Write a history as a project root: ``data/<period>/`` and ``parameters/<period>.yaml``.

    Parameters
    ----------
    history : list of SyntheticPeriod
        As from :func:`generate_history`.
    root : Path
        Folder to write into (created); use it as ``EHP_ROOT`` or as the ``root`` argument.
    fmt : {"csv", "xlsx"}
        ``csv``: ``prosjekter.csv``, ``avhengigheter.csv``, ``avsluttede.csv``; ``xlsx``: one
        ``innrapportering.xlsx`` with a sheet per table (slow for large histories).
    dialect : {"standard", "excel-no"}
        ``standard``: UTF-8, ``,`` separator, decimal point, minimal quoting. ``excel-no``: UTF-8 with
        BOM, ``;`` separator, decimal comma and space-grouped thousands in amounts (csv only).

    Returns
    -------
    list of str
        The periods written, oldest first.
    """
    if fmt not in ("csv", "xlsx"):
        raise SyntheticSpecError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    if dialect not in ("standard", "excel-no"):
        raise SyntheticSpecError(f"dialect must be 'standard' or 'excel-no', not {dialect!r}")
    root = Path(root)
    (root / "parameters").mkdir(parents=True, exist_ok=True)
    written = []
    for period in history:
        folder = root / "data" / period.period
        folder.mkdir(parents=True, exist_ok=True)
        tables = {name: getattr(period, name) for name in T.TABLES}  # the same three tables in every version
        if fmt == "xlsx":
            with pd.ExcelWriter(folder / T.WORKBOOK_NAME, engine="openpyxl") as writer:
                for name, frame in tables.items():
                    frame.to_excel(writer, sheet_name=name, index=False)
        else:
            for name, frame in tables.items():
                if dialect == "excel-no":
                    _excel_no(frame).to_csv(folder / f"{name}.csv", sep=";", index=False, encoding="utf-8-sig")
                else:
                    frame.to_csv(folder / f"{name}.csv", sep=",", index=False, encoding="utf-8")
        (root / "parameters" / f"{period.period}.yaml").write_text(_parameters_yaml(period), encoding="utf-8")
        written.append(period.period)
    return written


# ---------------------------------------------------------------------------------------------
# In memory: typed Portfolios without files
# ---------------------------------------------------------------------------------------------

def _blank_to_na(values: pd.Series) -> pd.Series:
    s = values.astype("string")
    return s.mask(s.str.strip().isin(T.MISSING_MARKERS))


def _typed_table(frame: pd.DataFrame, columns: tuple[T.Column, ...]) -> pd.DataFrame:
    """English-named, typed columns from a synthetic table (canonical values assumed, not checked)."""
    out = {}
    for col in columns:
        if col.name not in frame.columns:
            continue
        raw = frame[col.name]
        if col.kind == "int":
            out[col.field] = raw if raw.dtype != object else pd.to_numeric(raw).astype("Int64")
        elif col.kind == "amount":
            text = _blank_to_na(raw)
            withheld = text.str.casefold().isin(T.WITHHELD_MARKERS).fillna(False).astype(bool)
            out[col.field] = pd.to_numeric(text.mask(withheld)).astype("Float64")
            out[f"{col.field}_withheld"] = withheld.to_numpy()
        elif col.kind == "yesno":
            out[col.field] = _blank_to_na(raw).map(T.YES_NO, na_action="ignore").astype("boolean")
        elif col.kind == "list":
            text = _blank_to_na(raw).fillna("")
            out[col.field] = [tuple(v.split("|")) if v else () for v in text.tolist()]
        elif col.kind == "goal":
            out[col.field] = pd.to_numeric(_blank_to_na(raw)).astype("Int64")
        elif col.kind == "goals":
            text = _blank_to_na(raw).fillna("")
            out[col.field] = [tuple(int(g) for g in v.split("|")) if v else () for v in text.tolist()]
        elif col.kind == "date":  # YYYY-MM-DD or DD.MM.YYYY, read as validation reads them
            text = _blank_to_na(raw).fillna("")
            out[col.field] = pd.Series([parse_date(v) for v in text.tolist()], index=frame.index,
                                       dtype=object).astype("datetime64[s]")
        else:
            out[col.field] = _blank_to_na(raw)
    return pd.DataFrame(out, index=frame.index)


def to_portfolio(period: SyntheticPeriod, *, reference: Reference | None = None) -> Portfolio:
    """The typed :class:`Portfolio` of a synthetic period, built in memory (no files, no validation).

    Norwegian columns are mapped to English fields with :data:`ehp_analysis.template.TABLES`;
    ``ja``/``nei`` become booleans, ``statusarsaker`` tuples, and a withheld amount ``<NA>`` with
    ``<field>_withheld`` set.
    """
    reference = _for_period(reference or load_reference(STRATEGY), period)
    params = parameters_from_mapping(parameters_mapping(period), Path("."))
    version = T.template_version(period.template)
    tables = {name: _typed_table(getattr(period, name), cols) for name, cols in version.tables.items()}
    return build_portfolio(period.period, tables["prosjekter"], tables["avhengigheter"], tables["avsluttede"],
                           reference=reference, parameters=params, dependencies_reported=True,
                           template=period.template)


def _for_period(reference: Reference, period: SyntheticPeriod) -> Reference:
    """``reference`` with the strategy of the period's template version, when its own is of the other kind."""
    if reference.strategy.kind == T.template_version(period.template).strategy_kind:
        return reference
    return dataclasses.replace(reference, strategy=load_strategy(period.strategy))


def synthetic_portfolios(n_projects: int, n_periods: int = 2, seed: int = 0, **kwargs) -> list[Portfolio]:
    """Typed Portfolios of a synthetic history, oldest first (see :func:`generate_history`).

    For metric property tests and benchmarks: no files are written. ``kwargs`` go to
    :func:`generate_history`.
    """
    reference = kwargs.pop("reference", None) or load_reference(STRATEGY)
    history = generate_history(n_projects, n_periods, seed=seed, reference=reference, **kwargs)
    return [to_portfolio(p, reference=reference) for p in history]
