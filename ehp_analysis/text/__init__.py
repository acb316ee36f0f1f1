"""Norwegian (bokmål) formatting and the report's generated sentences (one name, several modules).

``format`` is the one number formatter and the counts in words; ``labels`` every label a reader sees;
``sentences``, ``budget``, ``provenance``, ``programmes`` and ``delivery`` (an incomplete period) the generated
sentences. Everything is
importable from ``ehp_analysis.text`` as before.

Every label a reader sees is in :data:`LABELS`. Every number a reader sees is formatted here, by
:func:`number` and the functions built on it (also for tables and figures): rounded half up on the
number as written, decimal comma, a no-break space (U+00A0) before ``%`` and between thousands, the minus
sign U+2212. A share of a count claims none or all only when it is so (:func:`percent`: "under 1 %",
"over 99 %"); a sentence says a zero share in words (:func:`share_words`: "ingen"). The sentence generators take the
dictionary from :func:`ehp_analysis.metrics.key_figures.key_figures` (or a metric result) and leave out the
comparison in parentheses when there is no previous period.

The sentences follow report.md's "Norwegian as written by people": whole numbers below 13 as words where they
start a sentence or count projects in running text (:func:`count_word`, :func:`project_count`), agreement in
number, "uendret" when a share reads the same as before, at most :data:`MAX_NAMED` projects named in a sentence
(each with its organisation), statistics said in words first with p and n in brackets, and codes shown by their
labels (:func:`reason_label`, :func:`field_label`). tests/test_language.py checks the spelling with hunspell.
"""

from .currency import *  # noqa: F403
from .format import *  # noqa: F403
from .format import _NUMBER_WORDS, _is_missing  # noqa: F401  (used by the language tests and the display)
from .labels import *  # noqa: F403
from .sentences import *  # noqa: F403
from .statistics import *  # noqa: F403
from .budget import *  # noqa: F403
from .provenance import *  # noqa: F403
from .programmes import *  # noqa: F403
from .decisions import *  # noqa: F403
from .strategy import *  # noqa: F403
from .delivery import *  # noqa: F403
from .submission import *  # noqa: F403
from .history import *  # noqa: F403
from .baseline import *  # noqa: F403
