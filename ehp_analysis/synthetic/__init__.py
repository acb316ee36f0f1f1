"""Seeded synthetic portfolios: many periods of plausible submissions, for tests and benchmarks.

The generator keeps one internal state per period (numeric codes, amounts as floats), moves it
from period to period with vectorised numpy operations (projects leave and join, colours and
phases move, budgets change, some projects stop or start reporting a budget, a few change focus
area), and renders it in the submission template's own form: Norwegian column names, text cells,
``ja``/``nei``, ``unntatt offentlighet`` for withheld amounts. Only values from the template's
value sets and from the *shipped* reference data are used, so every generated period is valid.

Everything is drawn from one :func:`numpy.random.default_rng` seeded by ``seed``; nothing depends
on dict/set ordering or on the clock, so the same arguments always give the same history.

Three modules: :mod:`.generate` makes the periods (state and rendering), :mod:`.versions` what came later
(the ``2023`` template from a period on, with the 2023-2030 goals; projects that come back after an absence),
and :mod:`.output` writes them as a project root or types them into :class:`~ehp_analysis.portfolio.Portfolio`
objects.

>>> history = generate_history(200, 3, seed=1)
>>> [p.period for p in history]
['2021-01', '2021-05', '2021-09']
"""

from .generate import MONTHS_BETWEEN_PERIODS, STRATEGY, SyntheticPeriod, generate_history
from .output import parameters_mapping, synthetic_portfolios, to_portfolio, write_history

__all__ = [
    "SyntheticPeriod",
    "generate_history",
    "write_history",
    "to_portfolio",
    "synthetic_portfolios",
    "parameters_mapping",
    "MONTHS_BETWEEN_PERIODS",
    "STRATEGY",
]
