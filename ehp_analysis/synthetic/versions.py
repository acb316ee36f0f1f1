"""What the generator learned after its first version: the ``2023`` template, and projects that come back.

Both draw from their own random stream (``numpy.random.default_rng([seed, ...])``), never from the history's
main one, so a history that uses neither is exactly what it was before they existed.

- :func:`fill_2023` gives projects the 2023 template's fields the first time they are needed: a main goal of the
  2023-2030 strategy (from the project's strategic area, as the office mapped them, now and then another), other
  goals it also supports, a planned end, the priced benefits (now and then negative) and the unpriced ones; later
  periods keep them, with a few goals changed and a few planned ends postponed.
- :func:`render_2023` writes them as a 2023 submission holds them (``innsatsomrade`` gone).
- :func:`bring_back` lets a project that left come back after an absence of at least one period, with its old id.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .. import template as T

__all__ = ["fill_2023", "render_2023", "bring_back", "GOAL_OF_AREA", "project_columns"]

# The office's own mapping, for a plausible start: the 2017-2022 area a project reported -> its 2023 main goal.
GOAL_OF_AREA = {"1": 2, "2": 4, "3": 3, "4": 1, "5": 4, "6": 5}
N_GOALS = 5
_P_OTHER_GOAL = 0.18          # per other goal: supported as well
_P_GOAL_NOT_MAPPED = 0.15     # a project whose goal is not its area's usual one
_P_GOAL_CHANGE = 0.02         # per period
_P_PLANNED_END_MISSING = 0.15
_P_POSTPONED = 0.10           # per period: the planned end moves later
_P_PRICED = 0.40
_P_PRICED_NEGATIVE = 0.12
_P_UNPRICED = 0.50
_P_NORWEGIAN_DATE = 0.3       # planlagt_slutt written DD.MM.YYYY instead of YYYY-MM-DD
_EPOCH = dt.date(2020, 1, 1)
_UNPRICED = np.array([
    "Bedre pasientsikkerhet og færre uønskede hendelser.",
    "Mindre dobbeltregistrering og bedre arbeidshverdag for helsepersonell.",
    "Innbyggerne får bedre oversikt over egen helse, og pårørende kan bidra.",
    "Bedre datagrunnlag for styring, forskning og kvalitetsforbedring.",
], dtype=object)
_EXTRA = ("goal", "other_goals", "planned_end", "priced_benefits", "priced_withheld", "unpriced")


def project_columns(template: str) -> list[str]:
    """The ``prosjekter`` column names of template version ``template``, in its order."""
    return [c.name for c in T.template_version(template).project_columns]


def _period_date(period: str) -> int:
    return (dt.date(int(period[:4]), int(period[5:7]), 1) - _EPOCH).days


def fill_2023(rng: np.random.Generator, projects: pd.DataFrame, focus_codes: np.ndarray, period: str,
              *, moving: bool) -> pd.DataFrame:
    """``projects`` with the 2023 fields filled where missing (and, when ``moving``, a few of them changed).

    Parameters
    ----------
    rng : Generator
        The stream for 2023 fields (not the history's main one).
    projects : DataFrame
        The generator's state; ``focus`` indexes ``focus_codes``.
    period : str
        The period the projects are in (planned ends are drawn around it).
    moving : bool
        Whether this is a later period of projects that had the fields already (goals and ends may move).
    """
    p = projects.copy()
    n = len(p)
    for col in _EXTRA:
        if col not in p.columns:
            p[col] = np.nan
    fresh = p["goal"].isna().to_numpy()
    k = int(fresh.sum())
    if k:
        areas = np.array([str(c).split(".")[0] for c in focus_codes[p.loc[fresh, "focus"].to_numpy(dtype=int)]])
        mapped = np.array([GOAL_OF_AREA.get(a, 4) for a in areas])
        other = rng.integers(1, N_GOALS + 1, k)
        goal = np.where(rng.random(k) < _P_GOAL_NOT_MAPPED, other, mapped)
        bits = (rng.random((k, N_GOALS)) < _P_OTHER_GOAL) & (np.arange(1, N_GOALS + 1)[None, :] != goal[:, None])
        start = _period_date(period)
        end = start + rng.integers(120, 1800, k)
        priced = np.round(rng.lognormal(np.log(80.0), 1.3, k), 1)
        priced = np.where(rng.random(k) < _P_PRICED_NEGATIVE, -np.round(priced * 0.3, 1), priced)
        p.loc[fresh, "goal"] = goal
        p.loc[fresh, "other_goals"] = (bits * (1 << np.arange(N_GOALS))[None, :]).sum(axis=1)
        p.loc[fresh, "planned_end"] = np.where(rng.random(k) < _P_PLANNED_END_MISSING, np.nan, end)
        p.loc[fresh, "priced_benefits"] = np.where(rng.random(k) < _P_PRICED, priced, np.nan)
        p.loc[fresh, "priced_withheld"] = (rng.random(k) < 0.01).astype(float)
        p.loc[fresh, "unpriced"] = np.where(rng.random(k) < _P_UNPRICED, rng.integers(0, len(_UNPRICED), k), -1)
    if moving and n:
        change = ~fresh & (rng.random(n) < _P_GOAL_CHANGE)
        new_goal = rng.integers(1, N_GOALS + 1, n)
        p["goal"] = np.where(change, new_goal, p["goal"].to_numpy())
        main_bit = 1 << (p["goal"].to_numpy(dtype=int) - 1)
        p["other_goals"] = p["other_goals"].to_numpy(dtype=int) & ~main_bit
        ends = p["planned_end"].to_numpy(dtype=float)
        later = ~fresh & ~np.isnan(ends) & (rng.random(n) < _P_POSTPONED)
        p["planned_end"] = np.where(later, ends + rng.integers(60, 365, n), ends)
    return p


def _date_text(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    out = np.full(len(days), "", dtype=object)
    norwegian = rng.random(len(days)) < _P_NORWEGIAN_DATE
    for i, d in enumerate(days):
        if np.isnan(d):
            continue
        date = _EPOCH + dt.timedelta(days=int(d))
        out[i] = date.strftime("%d.%m.%Y") if norwegian[i] else date.isoformat()
    return out


def render_2023(rng: np.random.Generator, projects: pd.DataFrame, columns: dict) -> dict:
    """The 2020 rendering ``columns`` (name -> values) turned into the 2023 template's: ``innsatsomrade`` out,
    the goal, other goals, planned end and benefits in."""
    p = projects
    out = {k: v for k, v in columns.items() if k != "innsatsomrade"}
    goal = p["goal"].to_numpy(dtype=int)
    masks = p["other_goals"].to_numpy(dtype=int)
    out["strategimal"] = goal.astype(str).astype(object)
    out["strategimal_andre"] = np.array(["|".join(str(g) for g in range(1, N_GOALS + 1) if m >> (g - 1) & 1)
                                         for m in masks], dtype=object)
    out["planlagt_slutt"] = _date_text(rng, p["planned_end"].to_numpy(dtype=float))
    priced = p["priced_benefits"].to_numpy(dtype=float)
    text = np.array(["" if np.isnan(v) else (str(int(v)) if float(v).is_integer() else str(v)) for v in priced],
                    dtype=object)
    out["prissatt_nytte"] = np.where(p["priced_withheld"].to_numpy(dtype=float) > 0, "unntatt offentlighet", text)
    unpriced = p["unpriced"].to_numpy(dtype=int)
    out["ikke_prissatt_nytte"] = np.where(unpriced >= 0, _UNPRICED[np.maximum(unpriced, 0)], "")
    return out


def bring_back(rng: np.random.Generator, before: pd.DataFrame, now: pd.DataFrame, gone: pd.DataFrame, step: int,
               p_return: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remember the projects that left between ``before`` and ``now``; with probability ``p_return`` one that has
    been away at least one whole period comes back (its id and facts as when it left).

    Returns
    -------
    (DataFrame, DataFrame)
        The projects now (with the returning one last, if any) and the projects still away.
    """
    left = before[~before["id"].isin(now["id"])].assign(_left_at=step)
    gone = pd.concat([gone, left], ignore_index=True) if len(gone) else left.reset_index(drop=True)
    eligible = np.flatnonzero(gone["_left_at"].to_numpy() < step) if len(gone) else np.zeros(0, int)
    if len(eligible) and rng.random() < p_return:
        i = int(eligible[rng.integers(0, len(eligible))])
        back = gone.iloc[[i]].drop(columns="_left_at")
        now = pd.concat([now, back], ignore_index=True)
        gone = gone.drop(index=gone.index[i]).reset_index(drop=True)
    return now, gone
