"""Chapter 6, Avhengigheter og forutsetninger: dependencies, municipal prerequisites, and whether projects
with more high-criticality dependencies carry higher risk (Mann–Whitney U, stated with p-value and n).

Dependency shares are of dependencies; prerequisite shares are of all projects, ``None`` when nobody answered.
A period without a dependency table (``dependencies_reported`` False) reported none: its dependency figures are
``None`` (not 0) and no test is run on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu

from .. import template as T
from ..portfolio import Portfolio
from ._common import ELEVATED, Share

#: The one catch-all theme of red dependencies: a missing theme, and "annet" in any case, count as it.
#: It is a value of the data (a key of ``dependencies.red_by_theme`` in key_figures.json), not a label;
#: ``text.LABELS["other_theme"]`` names it the same, so the sentences can sort it last.
OTHER_THEME = "Annet"


def count(portfolio: Portfolio) -> int | None:
    """Number of dependencies reported; ``None`` when the period has no dependency table."""
    return len(portfolio.dependencies) if portfolio.dependencies_reported else None


def high_share(portfolio: Portfolio) -> Share:
    """Share of dependencies with criticality ``høy``."""
    d = portfolio.dependencies
    return Share(int((d["criticality"] == "høy").sum()), len(d))


def by_category(portfolio: Portfolio) -> pd.DataFrame:
    """Dependencies per category: ``category, count`` for the five template categories in order, zeros kept."""
    c = portfolio.dependencies["category"].astype("object").value_counts()
    return pd.DataFrame({"category": list(T.CATEGORIES), "count": [int(c.get(k, 0)) for k in T.CATEGORIES]})


def red(portfolio: Portfolio) -> pd.DataFrame:
    """The red (unresolved) dependencies: ``project_id, name, dependency, category, criticality, theme``
    (``name`` is the depending project's); a missing theme reads ``Annet``."""
    d = portfolio.dependencies
    out = d.loc[d["status"] == "rød", ["project_id", "dependency", "category", "criticality", "theme"]].copy()
    out["theme"] = _themes(out["theme"])
    names = portfolio.projects.set_index("id")["name"]
    out.insert(1, "name", out["project_id"].map(names).astype("string"))
    return out.reset_index(drop=True)


def _themes(theme: pd.Series) -> pd.Series:
    cleaned = theme.astype("string").str.strip()
    cleaned = cleaned.mask(cleaned.isna() | (cleaned == ""), OTHER_THEME)
    # "annet" in any case is the same catch-all
    return cleaned.mask(cleaned.str.casefold() == OTHER_THEME.casefold(), OTHER_THEME).astype("string")


def red_by_theme(portfolio: Portfolio) -> pd.DataFrame:
    """Red dependencies grouped by theme: ``theme, count``, most first, ``Annet`` last."""
    themes = red(portfolio)["theme"]
    c = themes.value_counts()
    out = pd.DataFrame({"theme": c.index.astype("object"), "count": c.to_numpy(dtype="int64")})
    out["_other"] = out["theme"] == OTHER_THEME
    out = out.sort_values(["_other", "count", "theme"], ascending=[True, False, True]).drop(columns="_other")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Answers:
    """How many of all projects answered a question one way (``count`` of ``denominator``), and how many
    answered at all. A blank answer is not answered: it is not a "nei", and when nobody answered, the share
    is ``None`` rather than 0 %."""

    count: int
    denominator: int
    n_answered: int

    @property
    def value(self) -> float | None:
        return self.count / self.denominator if self.denominator and self.n_answered else None

    @property
    def n_not_answered(self) -> int:
        return self.denominator - self.n_answered


def epj_medium_or_high_share(portfolio: Portfolio) -> Answers:
    """Share of all projects for which municipal EPJ development is of ``middels`` or ``høy`` criticality."""
    p = portfolio.projects
    return Answers(int(p["epj_criticality"].isin(["middels", "høy"]).sum()), len(p),
                   int(p["epj_criticality"].notna().sum()))


def municipal_org_development_share(portfolio: Portfolio) -> Answers:
    """Share of all projects that require organisational development in municipalities/GP offices."""
    p = portfolio.projects
    answers = p["municipal_prerequisite"]
    return Answers(int(answers.fillna(False).astype(bool).sum()), len(p), int(answers.notna().sum()))


def high_dependencies_per_project(portfolio: Portfolio) -> pd.Series:
    """Number of ``høy`` dependencies per project id (projects without dependencies count 0)."""
    d = portfolio.dependencies
    high = d.loc[d["criticality"] == "høy", "project_id"].value_counts()
    ids = portfolio.projects["id"]
    return pd.Series([int(high.get(i, 0)) for i in ids], index=ids.to_numpy(), name="high_dependencies")


@dataclass(frozen=True)
class MannWhitney:
    """Two-sided Mann–Whitney U of high-criticality dependencies per project: yellow/red risk vs green risk.

    ``u`` is the statistic of the yellow/red group; ``p_value`` and ``u`` are ``None`` when a group is empty
    or when no project has a high-criticality dependency (nothing to compare).
    """

    u: float | None
    p_value: float | None
    n_elevated: int
    n_green: int
    median_elevated: float | None
    median_green: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def risk_vs_dependencies(portfolio: Portfolio) -> MannWhitney | None:
    """Compare high-criticality dependencies of projects with gul/rød risk against those with grønn risk.

    ``None`` when the period has no dependency table: there is nothing to test.
    """
    if not portfolio.dependencies_reported:
        return None
    per_project = high_dependencies_per_project(portfolio)
    risk = portfolio.projects["risk"].astype("object").to_numpy()
    elevated = per_project[np.isin(risk, ELEVATED)].to_numpy(dtype=float)
    green = per_project[risk == "grønn"].to_numpy(dtype=float)

    def median(x):
        return float(np.median(x)) if len(x) else None

    if len(elevated) == 0 or len(green) == 0 or not per_project.any():
        return MannWhitney(None, None, len(elevated), len(green), median(elevated), median(green))
    res = mannwhitneyu(elevated, green, alternative="two-sided")
    p = float(res.pvalue)
    return MannWhitney(float(res.statistic), None if np.isnan(p) else p, len(elevated), len(green),
                       median(elevated), median(green))
