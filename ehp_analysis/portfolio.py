"""The typed object for one validated period: the only thing metrics and chapters receive.

Frames use English column names (see :mod:`ehp_analysis.template`). Not reported stays ``<NA>``:
amounts are nullable ``Float64``, yes/no answers nullable ``boolean``; a withheld amount is ``<NA>``
with ``<field>_withheld`` set to ``True``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import template as T
from .config import PeriodParameters
from .problems import Problem
from .reference import Reference, load_reference
from .roster import empty_roster

COLOUR_DTYPE = pd.CategoricalDtype(list(T.COLOURS), ordered=True)
# A project's status or risk: a colour, or a rating withheld from disclosure (its own category, after the colours;
# compare ratings by colour, never by this order); not assessed is <NA>.
RATING_DTYPE = pd.CategoricalDtype([*T.COLOURS, T.WITHHELD_RATING], ordered=True)
TYPE_DTYPE = pd.CategoricalDtype(list(T.TYPES))
PHASE_DTYPE = pd.CategoricalDtype(list(T.PHASES), ordered=True)
EPJ_DTYPE = pd.CategoricalDtype(list(T.EPJ_LEVELS), ordered=True)
CRITICALITY_DTYPE = pd.CategoricalDtype(list(T.CRITICALITY), ordered=True)
CATEGORY_DTYPE = pd.CategoricalDtype(list(T.CATEGORIES))
MATURITY_DTYPE = pd.CategoricalDtype(list(T.MATURITY_LEVELS), ordered=True)
# Owner groups and sectors are data: their dtypes are the organisations file's (see build_portfolio).

PROJECT_DTYPES = {
    "id": "int64",
    "name": "string",
    "type": TYPE_DTYPE,
    "organisation": "string",
    "owner": "string",
    "focus_area": "string",
    "phase": PHASE_DTYPE,
    "status": RATING_DTYPE,
    "risk": RATING_DTYPE,
    "budget": "Float64",
    "total_cost": "Float64",
    "maintenance_cost": "Float64",
    "benefits": "Float64",
    "benefit_owner": "boolean",
    "justification": "boolean",
    "benefits_identified": "boolean",
    "benefit_plan": "boolean",
    "benefit_realisation": "boolean",
    "epj_criticality": EPJ_DTYPE,
    "municipal_prerequisite": "boolean",
    "status_comment": "string",
    "risk_comment": "string",
    "description": "string",
    "programme_id": "Int64",
    # Collected from the 2023 template on (not collected before: <NA>; see Portfolio.not_collected).
    "goal": "Int64",
    "planned_end": "datetime64[s]",
    "priced_benefits": "Float64",
    "unpriced_benefits": "string",
}
DEPENDENCY_DTYPES = {
    "project_id": "int64",
    "dependency": "string",
    "depends_on_id": "Int64",
    "category": CATEGORY_DTYPE,
    "criticality": CRITICALITY_DTYPE,
    "status": COLOUR_DTYPE,
    "theme": "string",
}
LEFT_DTYPES = {"id": "int64", "next_steps": "string"}


def _typed(frame: pd.DataFrame | None, dtypes: dict, list_cols: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(dtypes)) if frame is None else frame.copy()
    for col, dtype in dtypes.items():
        if col not in frame.columns:
            frame[col] = pd.Series(pd.NA, index=frame.index, dtype="object")
        frame[col] = frame[col].astype(dtype)
    for col in list_cols:
        if col not in frame.columns:
            frame[col] = [() for _ in range(len(frame))]
        frame[col] = [tuple(v) if isinstance(v, (list, tuple)) else () for v in frame[col]]
    if "source_row" not in frame.columns:
        frame["source_row"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame


def benefit_maturity(projects: pd.DataFrame) -> pd.Series:
    """Benefit maturity per project: ``ja`` answers among the five questions, 0–1 lav, 2–3 middels, 4–5 høy.

    Assessed only for projects in ``planlegging`` or ``gjennomføring`` that answered at least one of the
    five questions; others get ``<NA>``. An unanswered question counts as not ``ja``, but a project that
    answered none of them is not assessed (it is not "lav").
    """
    if not len(projects):
        return pd.Series(pd.Categorical([], dtype=MATURITY_DTYPE), index=projects.index)
    answers = projects[list(T.BENEFIT_QUESTIONS)]
    yes = sum(answers[f].fillna(False).astype(int) for f in T.BENEFIT_QUESTIONS)
    level = pd.Series(pd.cut(yes, bins=[-1, 1, 3, 5], labels=list(T.MATURITY_LEVELS)), index=projects.index)
    assessed = projects["phase"].isin(T.MATURITY_PHASES) & answers.notna().any(axis=1)
    return level.astype(MATURITY_DTYPE).where(assessed)


@dataclass(frozen=True, eq=False)
class Portfolio:
    """One validated period.

    Attributes
    ----------
    period : str
        ``YYYY-MM``.
    projects : DataFrame
        One row per project, sorted by ``id``; columns as :data:`PROJECT_DTYPES` plus ``owner_group`` and
        ``sector`` (categoricals in the order of the period's organisations file), ``strategic_area``,
        ``benefit_maturity``, ``status_reasons`` and ``other_goals`` (tuples), ``<amount>_withheld`` flags,
        ``benefits_not_answered`` (``-`` in ``gevinster``), ``source_row`` and any extra template columns.
    dependencies : DataFrame
        One row per dependency (:data:`DEPENDENCY_DTYPES`); empty when none were reported.
    left : DataFrame
        ``avsluttede``: ``id``, ``next_steps``.
    dependencies_reported : bool
        False when the period has no dependency table at all (said so in the report).
    template : str
        The submission template's version the period was collected with (``"2020"``, ``"2023"``).
    not_delivered : DataFrame
        ``ikke_levert.csv``: ``id, name, organisation, reason``, the previous period's projects nobody delivered
        this time (neither left nor in the budget bridge); empty when the period is complete.
    """

    period: str
    projects: pd.DataFrame
    dependencies: pd.DataFrame
    left: pd.DataFrame
    reference: Reference
    texts: Mapping[str, str] = field(default_factory=dict)
    parameters: PeriodParameters | None = None
    warnings: tuple[Problem, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    dependencies_reported: bool = True
    template: str = T.DEFAULT_TEMPLATE
    not_delivered: pd.DataFrame = field(default_factory=empty_roster)

    @property
    def not_collected(self) -> tuple[str, ...]:
        """The ``prosjekter`` columns (template names) the period's template version does not collect.

        Not collected is not the same as not reported: their values are ``<NA>`` here, and the data-quality
        appendix leaves them out instead of counting them as missing."""
        return T.template_version(self.template).not_collected()

    @property
    def budget_year(self) -> int | None:
        return self.parameters.budget_year if self.parameters else None

    @property
    def currency(self) -> str:
        """The ISO 4217 code its amounts are in (the parameters' ``currency:``; ``"NOK"`` without parameters)."""
        return self.parameters.currency if self.parameters else "NOK"

    def same_currency(self, other: Portfolio | None) -> bool:
        """Whether this period's amounts and ``other``'s are in one currency, so they compare as amounts
        (``other`` ``None``: nothing to compare, True). Two periods in different currencies are never compared
        as amounts (input-template.md, "Currency"); counts, status and risk still are."""
        return other is None or other.currency == self.currency

    @property
    def ids(self) -> set[int]:
        return set(self.projects["id"].tolist())

    @property
    def not_delivered_ids(self) -> set[int]:
        """The ids of ``ikke_levert.csv`` (not delivered this time); empty when the period is complete."""
        return set(self.not_delivered["id"].tolist())

    def __len__(self) -> int:
        return len(self.projects)

    def __repr__(self) -> str:
        return (f"Portfolio({self.period}: {len(self.projects)} prosjekter, "
                f"{len(self.dependencies)} avhengigheter, {len(self.warnings)} advarsler)")


def build_portfolio(
    period: str,
    projects: pd.DataFrame,
    dependencies: pd.DataFrame | None = None,
    left: pd.DataFrame | None = None,
    *,
    reference: Reference | None = None,
    texts: Mapping[str, str] | None = None,
    parameters: PeriodParameters | None = None,
    warnings: tuple[Problem, ...] = (),
    files: Mapping[str, str] | None = None,
    dependencies_reported: bool | None = None,
    template: str | None = None,
    not_delivered: pd.DataFrame | None = None,
) -> Portfolio:
    """Assemble a :class:`Portfolio` from English-named frames that are already valid.

    Used by validation (the normal route) and by tests and the synthetic generator. Values must
    already be canonical (reference spelling of organisations, template spelling of categories);
    this function types the columns and adds the derived ones, it does not check.

    Parameters
    ----------
    projects : DataFrame
        At least ``id, name, type, organisation, focus_area, phase, status, risk``; missing
        optional columns become ``<NA>``.
    dependencies, left : DataFrame, optional
        ``None`` means the table was not submitted.
    template : str, optional
        The template version (default: the parameters' ``template``, else ``"2020"``).
    not_delivered : DataFrame, optional
        As :func:`ehp_analysis.roster.read_roster` returns it; ``None``: the period is complete.
    """
    reference = reference or load_reference()
    template = template or (parameters.template if parameters is not None else T.DEFAULT_TEMPLATE)
    p = _typed(projects, PROJECT_DTYPES, list_cols=("status_reasons", "other_goals"))
    for f in (*T.AMOUNT_FIELDS, "priced_benefits"):
        flag = f"{f}_withheld"
        p[flag] = p[flag].fillna(False).astype(bool) if flag in p.columns else False
    # `-` in `gevinster` is "not answered" (unlike empty, which answers "none quantified"): validation sets it.
    p["benefits_not_answered"] = (p["benefits_not_answered"].fillna(False).astype(bool)
                                  if "benefits_not_answered" in p.columns else False)
    orgs = reference.organisations
    p["owner_group"] = p["organisation"].map(orgs.owner_group).astype(pd.CategoricalDtype(list(orgs.owner_groups)))
    p["sector"] = p["organisation"].map(orgs.sector).astype(pd.CategoricalDtype(list(orgs.sectors)))
    p["strategic_area"] = p["focus_area"].str.split(".", n=1).str[0].astype("string")
    p["benefit_maturity"] = benefit_maturity(p)
    p = p.sort_values("id", kind="stable").reset_index(drop=True)
    deps = _typed(dependencies, DEPENDENCY_DTYPES).reset_index(drop=True)
    lft = _typed(left, LEFT_DTYPES).reset_index(drop=True)
    return Portfolio(
        period=period,
        projects=p,
        dependencies=deps,
        left=lft,
        reference=reference,
        texts=dict(texts or {}),
        parameters=parameters,
        warnings=tuple(warnings),
        files=dict(files or {}),
        dependencies_reported=(dependencies is not None) if dependencies_reported is None else dependencies_reported,
        template=template,
        not_delivered=empty_roster() if not_delivered is None else not_delivered.reset_index(drop=True),
    )
