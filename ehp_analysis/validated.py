"""Validated periods remembered under ``<root>/.ehp-cache/``: the one place they are stored, handed over and loaded.

A period whose inputs passed validation (its parameters, data and reference files, under the same code and library
versions: :func:`ehp_analysis.keys.validation_key`) is marked as passed (``validated/<key>``) and pickled
(``portfolios/<key>.pickle``); the build does it before any chapter runs and hands the pickles to the chapters'
kernels, and every other reader (``ehp figures``, :func:`ehp_analysis.history`) loads through the same store with
:func:`cached_loader`. The key covers everything validation reads, so the store can make loading a long chain fast
but never change what is loaded. :func:`unpickle_period` is the one way a pickled period is read back.

Below both the build (:mod:`ehp_analysis.report`, whose cache of chapters extends :class:`PeriodStore`) and the
chapters (:mod:`ehp_analysis.chapter`), which only read what it stores.
"""

from __future__ import annotations

import logging
import os
import pickle
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .words import _

if TYPE_CHECKING:  # pandas is heavy; only loading needs it, and only when it runs
    from .config import PeriodParameters
    from .portfolio import Portfolio

log = logging.getLogger("ehp_analysis")

__all__ = ["PeriodStore", "cached_loader", "unpickle_period", "with_texts", "without_texts"]


def unpickle_period(path: str | Path, period: str) -> Portfolio | None:
    """The validated period ``period`` pickled at ``path``, with its commentary read now; ``None`` when the file
    cannot be read, does not hold that period, or a commentary file is not UTF-8 (the caller then validates the
    period again, which says so)."""
    from .portfolio import Portfolio

    try:
        with open(path, "rb") as fh:
            portfolio = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.info(_("leser {period} på nytt ({reason})").format(period=period, reason=exc))
        return None
    if not isinstance(portfolio, Portfolio) or portfolio.period != period:
        return None
    return with_texts(portfolio)


def without_texts(portfolio: Portfolio) -> Portfolio:
    """``portfolio`` without its commentary (``tekst/``): what is stored, since the key it is stored under
    (:func:`ehp_analysis.keys.validation_key`) does not cover the commentary."""
    import dataclasses

    files = {k: v for k, v in portfolio.files.items() if not k.startswith("tekst/")}
    return dataclasses.replace(portfolio, texts={}, files=files)


def with_texts(portfolio: Portfolio) -> Portfolio | None:
    """A stored ``portfolio`` with its period's commentary as it is now (``None`` if a file is not UTF-8)."""
    import dataclasses

    from .commentary_files import read_texts

    if portfolio.parameters is None:
        return portfolio
    texts, files, problems = read_texts(portfolio.parameters.data_dir)
    if problems:
        return None
    stored = {k: v for k, v in portfolio.files.items() if not k.startswith("tekst/")}
    return dataclasses.replace(portfolio, texts=texts, files={**stored, **files})


class PeriodStore:
    """Passed validations and validated periods kept under ``folder`` (``None``: nothing is kept)."""

    # Markers of inputs that passed validation: ``validated/<key>``, empty files; the newest are kept.
    KEEP_VALIDATED = 100
    # The validated periods themselves, pickled, so a kernel need not read and validate them again. At least
    # this many are kept, and never one that the build running now uses (a chain may be longer than this).
    KEEP_PORTFOLIOS = 10

    def __init__(self, folder: Path | None):
        self.folder = folder

    def validated(self, key: str) -> bool:
        return self.folder is not None and (self.folder / "validated" / key).is_file()

    def mark_validated(self, key: str) -> None:
        if self.folder is None:
            return
        folder = self.folder / "validated"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / key).touch()
            markers = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in markers[self.KEEP_VALIDATED:]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning(_("Kunne ikke mellomlagre valideringen: {reason}").format(reason=exc))

    def portfolio_file(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        path = self.folder / "portfolios" / f"{key}.pickle"
        return path if path.is_file() else None

    def store_portfolio(self, key: str, portfolio: Any) -> Path | None:
        """Pickle a validated period under its key (pruning is :meth:`prune_portfolios`' job)."""
        if self.folder is None:
            return None
        folder = self.folder / "portfolios"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(without_texts(portfolio) if hasattr(portfolio, "texts") else portfolio, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
        except (OSError, pickle.PicklingError) as exc:
            log.warning(_("Kunne ikke mellomlagre perioden: {reason}").format(reason=exc))
            return None
        return folder / f"{key}.pickle"

    def prune_portfolios(self, in_use: set[str] = frozenset()) -> None:
        """Remove pickled periods beyond the newest :data:`KEEP_PORTFOLIOS`, keeping every key ``in_use``
        (touched, so they count as the newest): a build of a chain of 24 periods keeps all 24."""
        if self.folder is None or not (self.folder / "portfolios").is_dir():
            return
        folder = self.folder / "portfolios"
        try:
            for key in in_use:
                if (folder / f"{key}.pickle").is_file():
                    os.utime(folder / f"{key}.pickle")
            kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[self.KEEP_PORTFOLIOS:]:
                if old.stem not in in_use:
                    old.unlink(missing_ok=True)
        except OSError as exc:  # another build pruning at the same time: only costs time next build
            log.warning(_("Kunne ikke rydde i mellomlagrede perioder: {reason}").format(reason=exc))


def cached_loader(root: Path | None = None) -> Callable[[PeriodParameters], Portfolio]:
    """A loader (``loader(parameters) -> Portfolio``, see :func:`ehp_analysis.periods.load_periods`) that goes
    through the store: a period whose inputs passed validation before is unpickled; any other is validated and,
    when it passes, remembered there for the next reader and the next build.
    """
    from .config import paths
    from .keys import period_inputs, shared_key, validation_key

    project = paths(root)
    store = PeriodStore(project.cache)
    shared = shared_key()

    def load(params: PeriodParameters) -> Portfolio:
        from .exceptions import DataValidationError
        from .validate import validate_folder

        key = validation_key(period_inputs(params, project.root), shared)
        stored = store.portfolio_file(key) if store.validated(key) else None
        portfolio = unpickle_period(stored, params.period) if stored is not None else None
        if portfolio is not None:
            return portfolio
        result = validate_folder(params.data_dir, period=params.period, parameters=params)
        if result.errors:
            raise DataValidationError(result.errors, period=params.period)
        store.mark_validated(key)
        store.store_portfolio(key, result.portfolio)
        return result.portfolio

    return load
