"""Chapter 5, Totale kostnader og gevinster: total and maintenance costs, benefits and benefit maturity.

Costs that are not reported are never counted as zero; benefits are different: the question is "have you
quantified benefits", so an empty or 0 answer means none quantified.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..portfolio import Portfolio
from ._common import Share, Total, amounts, total, withheld

BANDS = ("<10", "10-299", "300-500", ">500")
BENEFIT_THRESHOLD = 100.0


def total_cost(portfolio: Portfolio) -> Total:
    """Sum of total project costs (mill. kr) with n reported / not reported / withheld.

    ``Total.not_reported_share`` is the share of all projects that did not report it.
    """
    return total(portfolio.projects, "total_cost")


def cost_band(value: float) -> str | None:
    """The band of one total cost: ``<10`` below 10, ``10-299`` from 10 up to (not including) 300,
    ``300-500`` from 300 to 500 inclusive, ``>500`` above 500; ``None`` when not reported."""
    if value is None or pd.isna(value):
        return None
    if value < 10:
        return "<10"
    if value < 300:
        return "10-299"
    if value <= 500:
        return "300-500"
    return ">500"


def cost_bands(portfolio: Portfolio) -> pd.DataFrame:
    """Projects per total-cost band.

    Returns
    -------
    DataFrame
        ``band, count`` for the four bands in order (zeros kept). Projects that did not report are outside
        the bands; their number is ``attrs["n_not_reported"]``.
    """
    bands = [cost_band(v) for v in amounts(portfolio.projects, "total_cost")]
    out = pd.DataFrame({"band": list(BANDS), "count": [bands.count(b) for b in BANDS]})
    out.attrs["n_not_reported"] = bands.count(None)
    return out


@dataclass(frozen=True)
class Maintenance:
    """Annual maintenance costs now and (where there is one) in the previous period.

    ``change`` is ``current.value - previous.value`` when both have a value, else ``None``.
    """

    current: Total
    previous: Total | None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.previous.value is None or self.current.value is None:
            return None
        return self.current.value - self.previous.value


def maintenance(current: Portfolio, previous: Portfolio | None = None) -> Maintenance:
    """Sum of expected annual maintenance costs, its change, and the not-reported shares (on the totals)."""
    return Maintenance(total(current.projects, "maintenance_cost"),
                       total(previous.projects, "maintenance_cost") if previous is not None else None)


@dataclass(frozen=True)
class Benefits:
    """Quantifiable benefits: share with any, share above 100 mill., and their sum (mill. kr).

    Shares are of all projects. A withheld benefit is counted in neither share (its size is unknown and must
    not be inferable) and is stated in ``n_withheld``.
    """

    quantifiable: Share
    over_100: Share
    total: float | None
    n_withheld: int


def benefits(portfolio: Portfolio) -> Benefits:
    """Benefits of ``portfolio`` (empty or 0 = none quantified; above 100 mill. is strictly greater)."""
    p = portfolio.projects
    values = amounts(p, "benefits")
    n = len(p)
    positive = values.fillna(0) > 0
    value = float(values[positive].sum()) if positive.any() else None
    return Benefits(quantifiable=Share(int(positive.sum()), n),
                    over_100=Share(int((values.fillna(0) > BENEFIT_THRESHOLD).sum()), n),
                    total=value,
                    n_withheld=int(withheld(p, "benefits").sum()))


@dataclass(frozen=True)
class Maturity:
    """Benefit maturity among projects in planlegging or gjennomføring."""

    assessed: int
    lav: int
    middels: int
    hoy: int

    @property
    def medium_or_high(self) -> int:
        return self.middels + self.hoy

    @property
    def medium_or_high_share(self) -> Share:
        return Share(self.medium_or_high, self.assessed)

    def counts(self) -> dict[str, int]:
        return {"lav": self.lav, "middels": self.middels, "høy": self.hoy}


def benefit_maturity(portfolio: Portfolio) -> Maturity:
    """Count benefit maturity levels among the assessed projects (the ``benefit_maturity`` column)."""
    m = portfolio.projects["benefit_maturity"].astype("object")
    assessed = m.notna()
    c = m[assessed].value_counts()
    return Maturity(assessed=int(assessed.sum()), lav=int(c.get("lav", 0)), middels=int(c.get("middels", 0)),
                    hoy=int(c.get("høy", 0)))
