"""``python -m ehp_analysis`` is the ``ehp`` command."""

from .cli import main

raise SystemExit(main())
