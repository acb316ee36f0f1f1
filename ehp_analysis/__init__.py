"""ehp_analysis: the toolkit behind the national e-health portfolio report (Nasjonal e-helseportefølje).

Data flows one way: submission files -> :mod:`load` -> :mod:`validate` -> :class:`Portfolio`
-> :mod:`metrics` -> chapter notebooks -> :mod:`report` (build and assemble) -> ``outputs/``.
"""

import logging

__version__ = "0.1.0"

logging.getLogger("ehp_analysis").addHandler(logging.NullHandler())


def __getattr__(name):
    # Lazy, so that `ehp --help` and `import ehp_analysis` stay fast.
    if name == "load_period":
        from .validate import load_period

        return load_period
    if name == "history":  # the chain of a period as one tidy DataFrame, for exploring in Jupyter
        from .periods import history

        return history
    raise AttributeError(name)
