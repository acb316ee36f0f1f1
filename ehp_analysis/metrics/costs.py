"""Chapter 5, Totale kostnader og gevinster: total and maintenance costs, benefits and benefit maturity.

Costs that are not reported are never counted as zero; benefits are different: the question is "have you
quantified benefits", so an empty or 0 answer means none quantified, and only ``-`` is not answered. The
total-cost bands are reference data (``reference/cost-bands.yaml``), read through the period's reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import template as T
from ..portfolio import Portfolio
from ..reference import CostBands
from ._common import Share, Total, amounts, total, withheld

BENEFIT_THRESHOLD = 100.0


def total_cost(portfolio: Portfolio) -> Total:
    """Sum of total project costs (mill. kr) with n reported / not reported / withheld.

    ``Total.not_reported_share`` is the share of all projects that did not report it.
    """
    return total(portfolio.projects, "total_cost")


def cost_band(value: float, bands: CostBands) -> str | None:
    """The key of the band one total cost lies in (``bands.band_of``); ``None`` when not reported.

    With the shipped bands: ``<10`` below 10, ``10-299`` from 10 up to (not including) 300, ``300-500``
    from 300 to 500 inclusive, ``>500`` above 500.
    """
    if value is None or pd.isna(value):
        return None
    return bands.band_of(float(value))


def cost_bands(portfolio: Portfolio) -> pd.DataFrame:
    """Projects per total-cost band, the bands being the period's reference (``reference.cost_bands``).

    Returns
    -------
    DataFrame
        ``band, label, phrase, count, share, share_reported``: one row per band in the reference's order
        (zeros kept). ``share`` is of all projects, ``share_reported`` of those that reported a total cost
        (``<NA>`` when none did). Projects that did not report are outside the bands;
        ``attrs["n_projects"]``, ``attrs["n_reported"]`` and ``attrs["n_not_reported"]`` give the denominators.
    """
    reference = portfolio.reference.cost_bands
    found = [cost_band(v, reference) for v in amounts(portfolio.projects, "total_cost")]
    n, n_reported = len(found), sum(b is not None for b in found)
    counts = [found.count(b.key) for b in reference.bands]
    out = pd.DataFrame({
        "band": list(reference.keys),
        "label": [b.label for b in reference.bands],
        "phrase": list(reference.phrases.values()),  # worded from the period's currency
        "count": pd.array(counts, dtype="int64"),
        "share": pd.array([c / n if n else None for c in counts], dtype="Float64"),
        "share_reported": pd.array([c / n_reported if n_reported else None for c in counts], dtype="Float64"),
    })
    out.attrs.update(n_projects=n, n_reported=n_reported, n_not_reported=n - n_reported)
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
    """Sum of expected annual maintenance costs, its change, and the not-reported shares (on the totals).

    A ``previous`` in another currency is not compared as an amount: ``previous`` is ``None`` and so is the change."""
    compared = previous is not None and current.same_currency(previous)
    return Maintenance(total(current.projects, "maintenance_cost"),
                       total(previous.projects, "maintenance_cost") if compared else None)


@dataclass(frozen=True)
class Benefits:
    """Quantifiable benefits: share with any, share above 100 mill., and their sum (mill. kr).

    Shares are of the projects that answered (``-`` in ``gevinster`` is not answered: in neither the
    numerator nor the denominator; empty or 0 answers "none quantified"). A withheld benefit is counted in
    neither numerator (its size is unknown and must not be inferable) and is stated in ``n_withheld``.
    """

    quantifiable: Share
    over_100: Share
    total: float | None
    n_withheld: int
    n_not_answered: int = 0


def benefits(portfolio: Portfolio) -> Benefits:
    """Benefits of ``portfolio`` (empty or 0 = none quantified; above 100 mill. is strictly greater)."""
    p = portfolio.projects
    not_answered = (p["benefits_not_answered"].fillna(False).astype(bool) if "benefits_not_answered" in p.columns
                    else pd.Series(False, index=p.index))
    values = amounts(p, "benefits")[~not_answered]
    n = int((~not_answered).sum())
    positive = values.fillna(0) > 0
    value = float(values[positive].sum()) if positive.any() else None
    return Benefits(quantifiable=Share(int(positive.sum()), n),
                    over_100=Share(int((values.fillna(0) > BENEFIT_THRESHOLD).sum()), n),
                    total=value,
                    n_withheld=int(withheld(p, "benefits").sum()),
                    n_not_answered=int(not_answered.sum()))


@dataclass(frozen=True)
class Maturity:
    """Benefit maturity among projects in planlegging or gjennomføring.

    ``assessed`` are those that answered at least one of the five questions; ``not_answered`` those in the
    two phases that answered none (they are outside ``assessed``, not "lav").
    """

    assessed: int
    lav: int
    middels: int
    hoy: int
    not_answered: int = 0

    @property
    def in_phases(self) -> int:
        """Projects in planlegging or gjennomføring, answered or not."""
        return self.assessed + self.not_answered

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
    p = portfolio.projects
    m = p["benefit_maturity"].astype("object")
    assessed = m.notna()
    in_phases = p["phase"].isin(T.MATURITY_PHASES)
    c = m[assessed].value_counts()
    return Maturity(assessed=int(assessed.sum()), lav=int(c.get("lav", 0)), middels=int(c.get("middels", 0)),
                    hoy=int(c.get("høy", 0)), not_answered=int((in_phases & ~assessed).sum()))
