"""The template a collection uses, and what each column offers in a workbook.

The one place the collection asks which template version a period uses: the workbooks written for owners and
the reading of what comes back both take their sheets, columns and drop-down lists from here, which takes them
from :mod:`ehp_analysis.template` (declared once, there).
"""

from __future__ import annotations

from .. import template as T
from ..config import PeriodParameters
from ..reference import Reference

# A workbook's sheets, in the order the owner meets them (the guide first), and the hidden sheet of lists.
GUIDE_SHEET = "veiledning"
LISTS_SHEET = "lister"
# Defined names of the guide sheet's fixed cells, which collection reads back.
NAME_PERIOD = "ehp_periode"
NAME_ORGANISATION = "ehp_virksomhet"
NAME_DEADLINE = "ehp_frist"
NAME_TEMPLATE = "ehp_mal"
# Where those cells are (a workbook whose names were lost is still read from them).
GUIDE_CELLS = {NAME_PERIOD: "B3", NAME_ORGANISATION: "B4", NAME_DEADLINE: "B5", NAME_TEMPLATE: "B6"}


def template_version(params: PeriodParameters | None) -> str:
    """The period's template version (``template:`` in its parameters; ``"2020"`` when not given)."""
    if params is None:
        return "2020"
    return str(getattr(params, "template", None) or params.raw.get("template") or "2020")


def tables_for(params: PeriodParameters | None) -> dict[str, tuple[T.Column, ...]]:
    """The template's tables (name -> columns, in order) in the period's template version.

    Where ``template.py`` declares versions (``VERSIONS``), the period's own (:func:`template_version`);
    otherwise the one template it declares.
    """
    if getattr(T, "VERSIONS", None):
        return dict(T.template_version(template_version(params)).tables)
    return dict(T.TABLES)


def choices(column: T.Column, reference: Reference) -> list[str] | None:
    """The values of a column's drop-down list (``None`` for a column without one)."""
    if column.kind == "yesno":
        return ["ja", "nei"]
    if column.kind == "org":
        return sorted(reference.organisations.owner_group)
    if column.kind == "focus":
        return list(reference.strategy.focus_areas)
    if column.kind in ("goal", "goals"):  # the strategic goals of a strategy that has them (template 2023)
        return [str(g) for g in getattr(reference.strategy, "goals", None) or ()] or None
    if column.choices:  # status and risiko also offer a rating withheld from disclosure
        return [str(c) for c in column.choices] + ([T.WITHHELD_RATING] if column.may_be_withheld else [])
    return None


# Kept as text in Excel: a focus area such as 1.1 must not become a date, nor "1|4" anything else.
TEXT_KINDS = ("text", "org", "focus", "list", "choice", "yesno", "goals")
# Where several values may be given (a|b): the drop-down offers one and lets the owner type more.
MULTI_KINDS = ("list", "goals")
