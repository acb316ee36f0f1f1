"""The report's style sheet (``report.css``): embedded in ``report.html`` by the build, shown once by a chapter run in
Jupyter, so both look the same (left-aligned text columns, coloured status and risk badges)."""

from __future__ import annotations

from importlib import resources

__all__ = ["report_css"]


def report_css() -> str:
    """The text of ``report.css``."""
    return resources.files(__package__).joinpath("report.css").read_text(encoding="utf-8")
