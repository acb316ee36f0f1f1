"""``python -m ehp_analysis`` is the ``ehp`` command."""

from .cli import run

run()
