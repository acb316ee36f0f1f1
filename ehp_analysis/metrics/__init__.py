"""Every number of the report: one module per chapter, pure functions of one or two :class:`Portfolio` s.

``current`` is the period reported on; ``previous`` is the period before it, or ``None`` for a first period
(functions then return the current part, with the previous values as ``None``/NA).

- chapter 2: :mod:`.overview` (owners, who joined and left, the budget), :mod:`.history` (a period's chain as
  data, "Utvikling over tid")
- chapter 3: :mod:`.strategy` (budget per strategic area and focus area, or per goal)
- chapter 4: :mod:`.status` (colour shares, red projects, reasons, transitions), :mod:`.changes` (the continuing
  projects that changed), :mod:`.early_warnings` (the early-warning rules over the chain)
- chapter 5: :mod:`.costs` (total and maintenance costs, benefits), :mod:`.priority` (cost against quantified
  benefits)
- chapter 6: :mod:`.dependencies` (dependencies and municipal prerequisites), :mod:`.network` (the dependency
  network)
- Vedlegg 1: :mod:`.appendix`; Vedlegg 2: :mod:`.quality`; Vedlegg 3: :mod:`.project_history` (facts and
  timelines per project)
- :mod:`.key_figures`: ``key_figures(current, previous) -> dict`` and ``write_key_figures``
  (``key_figures.json``)
- :mod:`._common`: the building blocks the modules above share (totals that say what is missing, shares)
"""

from ._common import Share, Total
from .key_figures import key_figures, write_key_figures

__all__ = ["Share", "Total", "key_figures", "write_key_figures"]

