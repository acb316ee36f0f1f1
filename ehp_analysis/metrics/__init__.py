"""Every number of the report: one module per chapter, pure functions of one or two :class:`Portfolio` s.

``current`` is the period reported on; ``previous`` is the period before it, or ``None`` for a first period
(functions then return the current part, with the previous values as ``None``/NA).

- :mod:`.overview` (chapter 2), :mod:`.strategy` (3), :mod:`.status` (4), :mod:`.costs` (5),
  :mod:`.dependencies` (6), :mod:`.appendix` (Vedlegg 1), :mod:`.quality` (Vedlegg 2)
- :mod:`.key_figures`: ``key_figures(current, previous) -> dict`` and ``write_key_figures``.
"""

from ._common import Share, Total
from .key_figures import key_figures, write_key_figures

__all__ = ["Share", "Total", "key_figures", "write_key_figures"]
