"""A period with the earlier periods a reader declared: the one way to load periods together.

The CLI (``ehp figures``), the build (``key_figures.json``) and the chapter notebooks all read a period
through :func:`load_periods`. What a reader may see is declared up front, as ``reads``:

``current``
    the period alone;
``previous``
    the period and the one its ``previous_period`` names (if any);
``chain``
    the period and every earlier period of its chain (following ``previous_period``), oldest first.

The build's cache keys cover exactly the declared periods, so reading an undeclared one must fail
loudly rather than quietly give ``None``: :class:`Periods` raises :class:`UndeclaredReadError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import PeriodParameters, load_chain
from .exceptions import ConfigError, UndeclaredReadError
from .words import _

if TYPE_CHECKING:  # pandas is heavy; only the loader needs it, and only when it runs
    from .portfolio import Portfolio

READS = ("current", "previous", "chain")


def reads_help() -> str:
    """What ``reads:`` may say, in words (for the error messages)."""
    return _("current (bare perioden), previous (også forrige periode) eller chain (hele kjeden av perioder)")


Loader = Callable[[PeriodParameters], "Portfolio"]


def check_reads(value: object, where: str = "") -> str:
    """Return ``value`` if it is one of :data:`READS`.

    Raises
    ------
    ConfigError
        For anything else.
    """
    if value not in READS:
        raise ConfigError(_("«reads: {value}»{where} er ukjent; forventet {expected}.").format(
            value=value, where=where, expected=reads_help()))
    return str(value)


def declared(chain: Sequence[PeriodParameters], reads: str) -> list[PeriodParameters]:
    """The part of ``chain`` (oldest first, ending with the period itself) that ``reads`` covers."""
    check_reads(reads)
    if reads == "current":
        return list(chain[-1:])
    if reads == "previous":
        return list(chain[-2:])
    return list(chain)


@dataclass(frozen=True)
class Periods:
    """A period and the earlier periods its reader declared, loaded and validated.

    Attributes
    ----------
    reads : str
        What was declared (one of :data:`READS`).
    portfolios : tuple of Portfolio
        The declared periods, oldest first; the last is the period itself.
    reader : str
        Who reads (a chapter's name, a command), for the error message.
    """

    reads: str
    portfolios: tuple
    reader: str = ""

    def _undeclared(self, what: str, needed: str) -> UndeclaredReadError:
        who = _("Kapittelet «{name}»").format(name=self.reader) if self.reader else _("Leseren")
        return UndeclaredReadError(_(
            "{who} leser {what}, men har erklært «reads: {reads}». Skriv «reads: {needed}» for "
            "kapittelet i notebooks/chapters.yaml, så blir {what} også en del av hurtiglagerets nøkkel."
        ).format(who=who, what=what, reads=self.reads, needed=needed))

    @property
    def current(self) -> Portfolio:
        """The period itself."""
        return self.portfolios[-1]

    @property
    def previous(self) -> Portfolio | None:
        """The previous period (``None`` when the period has none).

        Raises
        ------
        UndeclaredReadError
            If the reader declared ``reads: current``.
        """
        if self.reads == "current":
            raise self._undeclared(_("forrige periode"), "previous")
        return self.portfolios[-2] if len(self.portfolios) > 1 else None

    @property
    def chain(self) -> tuple:
        """Every period of the chain, oldest first, the period itself last.

        Raises
        ------
        UndeclaredReadError
            Unless the reader declared ``reads: chain``.
        """
        if self.reads != "chain":
            raise self._undeclared(_("hele kjeden av tidligere perioder"), "chain")
        return self.portfolios


def validated_loader(root: Path | None = None) -> Loader:
    """The default loader: read and validate a period's submission files."""

    def load(params: PeriodParameters) -> Portfolio:
        from .validate import load_period

        return load_period(params.period, root)

    return load


def load_periods(period: str, *, reads: str = "previous", root: Path | None = None,
                 loader: Loader | None = None, reader: str = "",
                 known: dict[str, PeriodParameters] | None = None) -> Periods:
    """Load ``period`` and the earlier periods ``reads`` declares.

    Parameters
    ----------
    period : str
        ``YYYY-MM``, configured under ``parameters/``.
    reads : str
        ``current``, ``previous`` or ``chain`` (see the module docstring).
    root : Path, optional
        Project root.
    loader : callable, optional
        ``loader(parameters) -> Portfolio`` (default: read and validate the files).
    reader : str
        Named in the error when an undeclared period is read.
    known : dict, optional
        Parameters already read (see :func:`ehp_analysis.config.load_chain`).

    Raises
    ------
    UsageError, ConfigError
        For an unknown period or a broken chain (a previous period that is not configured, a loop).
    DataValidationError
        If a declared period's data has errors.
    """
    check_reads(reads)
    chain = load_chain(period, root, known=known)
    load = loader or validated_loader(root)
    return Periods(reads=reads, portfolios=tuple(load(p) for p in declared(chain, reads)), reader=reader)


def history(period: str = "", *, root: Path | str | None = None, cache: bool = True):
    """The chain of ``period`` as one tidy pandas DataFrame: one row per period and project.

    The analyst's entry point for exploring the years in Jupyter (also ``ehp_analysis.history``)::

        import ehp_analysis
        df = ehp_analysis.history("2020-01")
        df.pivot_table(index="period", columns="status", values="id", aggfunc="count", observed=False)

    Parameters
    ----------
    period : str
        ``YYYY-MM``; empty for the newest configured period.
    root : Path or str, optional
        Project root (default: found from the working directory or ``EHP_ROOT``).
    cache : bool
        Load through the build's cache of validated periods (``.ehp-cache/``), so a long chain that was
        built (or read) before loads in a moment; ``False`` reads and validates every period.

    Returns
    -------
    DataFrame
        :data:`ehp_analysis.metrics.history.CHAIN_COLUMNS`, oldest period first, then by id (see
        :func:`ehp_analysis.metrics.history.chain_table`): amounts in mill. kr, ``<NA>`` where not reported or
        withheld; ``status``/``risk`` ordered categoricals, ``<NA>`` for "ikke vurdert".

    Raises
    ------
    UsageError, ConfigError
        For an unknown period or a broken chain.
    DataValidationError
        If a period of the chain has errors.
    """
    from .config import default_period, paths
    from .metrics.history import chain_table
    from .validated import cached_loader

    project = paths(Path(root) if root else None)
    periods = load_periods(period or default_period(project.root), reads="chain", root=project.root,
                           loader=cached_loader(project.root) if cache else None, reader="history")
    return chain_table(periods.chain)
