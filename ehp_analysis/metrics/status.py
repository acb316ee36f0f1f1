"""Chapter 4, Status og risiko: colour shares, red projects, reasons, and how projects moved.

The shift is measured among projects present in both periods with the colours ordered
grønn < gul < rød, and tested with an exact two-sided sign test (``scipy.stats.binomtest``).
A project not assessed ("ikke vurdert": no status or risk reported) has no colour: it is counted as its
own category, with shares of all projects, and left out of the shift (the count left out is kept). A rating
withheld from disclosure ("unntatt offentlighet") is a rating but not a colour: its own category too, and left
out of the shift, counted apart from those not assessed.
A ``measure`` is ``"status"`` or ``"risiko"``; any other raises
:class:`~ehp_analysis.exceptions.UnknownMeasureError`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import pandas as pd
from scipy.stats import binomtest

from .. import template as T
from ..exceptions import UnknownMeasureError
from ..portfolio import Portfolio
from ..words import _
from ._common import (COLOUR_RANK, COLOURS, ELEVATED, NOT_ASSESSED, WITHHELD_RATING, Share, colour_counts, is_colour,
                      sorted_ids)

MEASURES = {"status": "status", "risiko": "risk"}


def _field(measure: str) -> str:
    if measure in MEASURES:
        return MEASURES[measure]
    if measure in MEASURES.values():
        return measure
    raise UnknownMeasureError(_("Ukjent mål {measure}: bruk «status» eller «risiko».").format(measure=repr(measure)))


def counts(portfolio: Portfolio, measure: str = "status") -> dict[str, int]:
    """Projects per colour of ``measure`` (``"status"`` or ``"risiko"``): keys grønn, gul, rød, zeros kept,
    then ``ikke vurdert`` only when some projects are not assessed."""
    return colour_counts(portfolio.projects[_field(measure)])


def shares(portfolio: Portfolio, measure: str = "status") -> dict[str, Share]:
    """Share of all projects per colour (and ``ikke vurdert``, as :func:`counts`), adding up to 1; each
    :class:`Share` carries its denominator."""
    c = counts(portfolio, measure)
    n = len(portfolio.projects)
    return {colour: Share(k, n) for colour, k in c.items()}


def colour_shares(current: Portfolio, previous: Portfolio | None = None,
                  measures: tuple[str, ...] | list[str] = tuple(MEASURES)) -> pd.DataFrame:
    """Counts and shares of status and risk colours, this period and the previous one (of ``measures`` only,
    when given: :func:`assessed_measures` leaves out a measure with nothing to show).

    Returns
    -------
    DataFrame
        Tidy: ``measure`` ("status"/"risiko"), ``period``, ``colour``, ``count``, ``share`` (0–1, ``<NA>``
        for an empty portfolio); all three colours for each measure and period, and ``ikke vurdert`` for a
        measure and period that has any.
    """
    rows = []
    for portfolio in (current, previous):
        if portfolio is None:
            continue
        for measure in measures:
            for colour, s in shares(portfolio, measure).items():
                rows.append({"measure": measure, "period": portfolio.period, "colour": colour,
                             "count": s.count, "share": s.value})
    out = pd.DataFrame(rows, columns=["measure", "period", "colour", "count", "share"])
    out["share"] = pd.array(out["share"].tolist(), dtype="Float64")
    return out


def assessed_measures(*portfolios: Portfolio | None) -> list[str]:
    """The measures (``"status"``, ``"risiko"``) that at least one project of the given periods has as a colour:
    a figure or table of a measure whose every value is "ikke vurdert" or withheld has nothing to show."""
    return [m for m, f in MEASURES.items()
            if any(p is not None and is_colour(p.projects[f]).any() for p in portfolios)]


def red_ids(portfolio: Portfolio, measure: str = "status") -> list[int]:
    """Sorted ids of projects whose ``measure`` is rød."""
    p = portfolio.projects
    return sorted_ids(p.loc[p[_field(measure)] == "rød", "id"])


def reasons(portfolio: Portfolio) -> pd.DataFrame:
    """Reasons given for yellow or red status, counted (a project may give several).

    Returns
    -------
    DataFrame
        ``reason, count`` for all eight reasons of the template (zeros kept), most frequent first, ties in
        template order; ``n_projects`` in ``attrs`` is the number of yellow/red projects, ``n_with_reasons`` the
        number of them that gave at least one reason.
    """
    p = portfolio.projects
    elevated = p[p["status"].isin(ELEVATED)]
    tally = {r: 0 for r in T.REASONS}
    for given in elevated["status_reasons"]:
        for r in set(given):
            if r in tally:
                tally[r] += 1
    out = pd.DataFrame({"reason": list(tally), "count": list(tally.values())})
    out["_order"] = range(len(out))
    out = out.sort_values(["count", "_order"], ascending=[False, True]).drop(columns="_order").reset_index(drop=True)
    out.attrs["n_projects"] = len(elevated)
    out.attrs["n_with_reasons"] = int(sum(1 for given in elevated["status_reasons"] if any(r in tally for r in given)))
    return out


def _paired(current: Portfolio, previous: Portfolio, field: str) -> tuple[pd.DataFrame, int, int]:
    """Colour before and now of the projects present in both periods with a colour in both, how many present
    in both were left out for being not assessed in one period or both, and how many for a rating withheld
    (in one period or both, and not "not assessed" in the other)."""
    before = previous.projects[["id", field]].rename(columns={field: "before"})
    now = current.projects[["id", field]].rename(columns={field: "now"})
    pairs = before.merge(now, on="id", how="inner")
    coloured = is_colour(pairs["before"]) & is_colour(pairs["now"])
    not_assessed = pairs["before"].isna() | pairs["now"].isna()
    return pairs[coloured], int(not_assessed.sum()), int((~coloured & ~not_assessed).sum())


def transitions(current: Portfolio, previous: Portfolio | None, measure: str = "status") -> pd.DataFrame | None:
    """3×3 table of colour in the previous period (rows) against colour now (columns).

    Only projects present in both periods with a colour in both; ``attrs["n_not_assessed"]`` is the number
    present in both but left out for being not assessed in one period or both, ``attrs["n_withheld"]`` for a
    rating withheld (:func:`_paired`). ``None`` for a first period.
    """
    if previous is None:
        return None
    pairs, left_out, withheld = _paired(current, previous, _field(measure))
    table = pd.DataFrame(0, index=pd.Index(COLOURS, name="previous"), columns=pd.Index(COLOURS, name="current"))
    for (b, n), count in Counter(zip(pairs["before"].astype("object"), pairs["now"].astype("object"))).items():
        table.loc[b, n] += count
    table.attrs["n_not_assessed"] = left_out
    table.attrs["n_withheld"] = withheld
    return table


@dataclass(frozen=True)
class SignTest:
    """Exact two-sided sign test of worse against better among projects present in both periods.

    ``n_not_assessed`` projects present in both periods were left out: not assessed in one period or both;
    ``n_withheld`` for a rating withheld from disclosure.
    """

    n_worse: int
    n_better: int
    n_same: int
    p_value: float | None
    n_not_assessed: int = 0
    n_withheld: int = 0

    @property
    def n(self) -> int:
        """Projects that changed colour (the test's sample size)."""
        return self.n_worse + self.n_better

    def as_dict(self) -> dict:
        """The fields and ``n``; ``n_not_assessed`` and ``n_withheld`` only when some were left out (as the
        "ikke vurdert" keys of key_figures.json)."""
        out = {**asdict(self), "n": self.n}
        for key in ("n_not_assessed", "n_withheld"):
            if not out[key]:
                del out[key]
        return out


def sign_test(current: Portfolio, previous: Portfolio | None, measure: str = "status") -> SignTest | None:
    """Did colours shift more than chance? ``binomtest(k=n_worse, n=n_worse+n_better, p=0.5)``.

    Returns
    -------
    SignTest or None
        ``None`` for a first period; ``p_value`` is ``None`` when no project changed colour. Projects not
        assessed in one period or both are left out and counted in ``n_not_assessed``, those with a rating
        withheld in ``n_withheld``.
    """
    if previous is None:
        return None
    pairs, left_out, withheld = _paired(current, previous, _field(measure))
    before = pairs["before"].astype("object").map(COLOUR_RANK)
    now = pairs["now"].astype("object").map(COLOUR_RANK)
    worse, better = int((now > before).sum()), int((now < before).sum())
    same = int((now == before).sum())
    n = worse + better
    p = float(binomtest(k=worse, n=n, p=0.5, alternative="two-sided").pvalue) if n else None
    return SignTest(worse, better, same, p, left_out, withheld)


def status_risk_crosstab(portfolio: Portfolio) -> pd.DataFrame:
    """3×3 counts of status (rows) against risk (columns), zeros kept; a row ``ikke vurdert`` when some
    status is not assessed and a column ``ikke vurdert`` when some risk is (likewise ``unntatt offentlighet``
    for withheld ratings), so every project is counted."""
    p = portfolio.projects
    status, risk = (p[f].astype("object").fillna(NOT_ASSESSED) for f in ("status", "risk"))
    rows = list(COLOURS) + [k for k in (NOT_ASSESSED, WITHHELD_RATING) if (status == k).any()]
    columns = list(COLOURS) + [k for k in (NOT_ASSESSED, WITHHELD_RATING) if (risk == k).any()]
    table = pd.crosstab(status, risk)
    table = table.reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    table.index.name, table.columns.name = "status", "risk"
    return table


def red_projects(portfolio: Portfolio) -> pd.DataFrame:
    """Projects with red status or red risk, with their comments.

    Returns
    -------
    DataFrame
        ``id, name, organisation, status, risk, status_comment, risk_comment``, sorted by id.
    """
    p = portfolio.projects
    red = p[(p["status"] == "rød") | (p["risk"] == "rød")]
    cols = ["id", "name", "organisation", "status", "risk", "status_comment", "risk_comment"]
    return red[cols].sort_values("id").reset_index(drop=True)


def not_assessed(portfolio: Portfolio) -> pd.DataFrame:
    """Projects whose status or risk is not assessed ("ikke vurdert"), for the data-quality appendix.

    Returns
    -------
    DataFrame
        ``id, name, organisation, status, risk`` (``<NA>`` where not assessed), sorted by id.
    """
    p = portfolio.projects
    missing = p[p["status"].isna() | p["risk"].isna()]
    return missing[["id", "name", "organisation", "status", "risk"]].sort_values("id").reset_index(drop=True)
