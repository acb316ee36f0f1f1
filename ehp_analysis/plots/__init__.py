"""The report's figures: seaborn/matplotlib functions in one style, each returning its Axes and data.

``from ehp_analysis import plots`` gives everything a chapter uses: the figure functions
(``plots.budget_bridge(data, ax=ax)``, looked up by name as ``getattr(plots, kind)``), their alt text
(``plots.alt_text(kind, data)``) and the style (``plots.report_style()``). The package is split by what
changes together:

- :mod:`.style`: the palette, the matplotlib style, Norwegian numbers on the axes, colour contrast;
- :mod:`.figures`: the six figure functions and :class:`Plot`, what they return;
- :mod:`.history`: the figures over the years (one bar per period of a chain);
- :mod:`.baseline`: total cost against what was first reported (chapter 5);
- :mod:`.decisions`: total cost against benefits, and the dependency network (chapters 5 and 6);
- :mod:`.alt`: the alt text of each figure.
"""

from .alt import alt_text
from .baseline import cost_growth
from .decisions import dependency_network, priority_scatter
from .figures import (
    Plot,
    budget_bridge,
    budget_by_goal,
    budget_by_owner_group,
    budget_by_strategic_area,
    dependencies_by_category,
    status_risk_shares,
    total_cost_bands,
)
from .history import budget_over_time, colour_shares_over_time, history_size, projects_over_time
from .style import (
    BAR_COLOUR,
    NOT_ASSESSED_COLOUR,
    PREVIOUS_COLOUR,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    contrast_ratio,
    number_axis,
    period_label,
    report_style,
)

__all__ = [
    "BAR_COLOUR",
    "NOT_ASSESSED_COLOUR",
    "PREVIOUS_COLOUR",
    "Plot",
    "STATUS_COLOURS",
    "STATUS_TEXT_COLOURS",
    "alt_text",
    "budget_bridge",
    "budget_by_goal",
    "budget_by_owner_group",
    "budget_by_strategic_area",
    "budget_over_time",
    "colour_shares_over_time",
    "contrast_ratio",
    "cost_growth",
    "dependencies_by_category",
    "dependency_network",
    "history_size",
    "number_axis",
    "period_label",
    "priority_scatter",
    "projects_over_time",
    "report_style",
    "status_risk_shares",
    "total_cost_bands",
]
