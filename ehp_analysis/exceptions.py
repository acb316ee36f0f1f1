"""One base error for the toolkit, one subclass per kind of failure.

Messages are written for the analyst who runs the command, not for the programmer.
"""

from __future__ import annotations

from .words import _, ngettext


class EhpError(Exception):
    """Base class of every error the toolkit raises on purpose."""

    exit_code = 1


class UsageError(EhpError):
    """The command was called wrongly (bad period name, unknown period, bad option)."""

    exit_code = 2


class PeriodNameError(UsageError):
    """A period name is not of the form YYYY-MM."""


class ConfigError(UsageError):
    """A parameters file or reference file is missing or malformed."""


class ReferenceDataError(ConfigError):
    """A reference file (organisations, cost bands) has bad lines; ``problems`` lists every one of them."""

    def __init__(self, problems, what: str | None = None):
        what = _("referansefilen") if what is None else what
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(ngettext("{what} har {n} feil:", "{what} har {n} feil:", n).format(
            what=f"{what[:1].upper()}{what[1:]}", n=n) + f"\n{lines}")


class SyntheticSpecError(UsageError, ValueError):
    """The synthetic generator was asked for something it cannot make (no projects, an unknown format)."""


class DataValidationError(EhpError):
    """A period's submission files hold errors; ``problems`` lists every one of them."""

    # ``by_period`` maps each period whose files hold errors to its problems (a build validates every period
    # of a chain: the message must say which one, and which command shows it); empty when not known.

    def __init__(self, problems, message: str | None = None, *, period: str | None = None,
                 by_period=None):
        self.problems = list(problems)
        if by_period:
            self.by_period = {p: list(v) for p, v in by_period.items() if v}
        else:
            self.by_period = {period: self.problems} if period else {}
        super().__init__(message or ngettext("{n} feil i innrapporteringen", "{n} feil i innrapporteringen",
                                             len(self.problems)).format(n=len(self.problems)))


class UndeclaredReadError(EhpError):
    """A chapter read a period it did not declare in ``chapters.yaml`` (``reads:``)."""


class BuildError(EhpError):
    """The report could not be built."""


class ChapterExecutionError(BuildError):
    """A chapter notebook raised while it was executed."""

    def __init__(self, chapter: str, cell: int | None, error: str, notebook_path=None):
        self.chapter = chapter
        self.cell = cell
        self.error = error
        self.notebook_path = notebook_path
        where = _("celle {cell}").format(cell=cell) if cell is not None else _("ukjent celle")
        msg = _("Kapittelet «{chapter}» feilet i {where}: {error}").format(chapter=chapter, where=where, error=error)
        if notebook_path:
            msg += "\n" + _("Den kjørte notatboken med feilen er lagret i {path}").format(path=notebook_path)
        super().__init__(msg)


# The errors below also derive from ValueError: they replace plain ValueErrors, and a caller
# written before the hierarchy (``except ValueError``) still catches them.


class ChapterUsageError(EhpError, ValueError):
    """A chapter notebook asked to show something that cannot be shown as given (a bad name, an empty caption)."""


class FigureError(ChapterUsageError):
    """A figure cannot be drawn or shown from what it was given (columns missing, unknown kind, not a figure)."""


class UnknownColourError(ChapterUsageError):
    """A status or risk colour is not grønn, gul or rød."""


class UnknownMeasureError(EhpError, ValueError):
    """A status metric was asked for a measure other than status or risiko."""
