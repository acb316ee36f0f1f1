"""One feedback page per submission: ``data/NEW/tilbakemelding/<submission>.html`` (collection.md, "Feedback").

A self-contained page in Norwegian to send back to the owner: the file, whose it is and what was read, its
errors and warnings with their cells, and its organisation's projects that nobody delivered. No script, no
external resource; every piece of text from the submission is escaped (Jinja2's autoescape), like the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..formulas import visible  # control characters shown as text, never raw (collection.md)
from ..problems import Problem, row_word
from ..words import MALFORMS, _, malform

_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ L.title }} – {{ file }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1d; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
.error { border-left: .4rem solid #b00020; padding-left: .6rem; }
.warning { border-left: .4rem solid #b7791f; padding-left: .6rem; }
.ok { border-left: .4rem solid #2f855a; padding-left: .6rem; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; }
</style>
</head>
<body>
<h1>{{ L.title }}</h1>
<dl>
<dt>{{ L.file }}</dt><dd><code>{{ file }}</code></dd>
<dt>{{ L.organisation }}</dt><dd>{{ organisations }}</dd>
<dt>{{ L.period }}</dt><dd>{{ period }}</dd>
<dt>{{ L.rows }}</dt><dd>{{ rows }}</dd>
</dl>
<p class="{{ state }}">{{ summary }}</p>
{% for heading, css, items in sections %}{% if items %}
<h2>{{ heading }} ({{ items|length }})</h2>
<table class="{{ css }}">
<thead><tr><th>{{ L.where }}</th><th>{{ L.column }}</th><th>{{ L.value }}</th><th>{{ L.problem }}</th><th>{{ L.project }}</th></tr></thead>
<tbody>
{% for p in items %}<tr><td><code>{{ p.where }}</code></td><td>{{ p.column }}</td><td>{{ p.value }}</td><td>{{ p.expected }}</td><td>{{ p.project }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}{% endfor %}
{% if not_delivered %}
<h2>{{ L.not_delivered }} ({{ not_delivered|length }})</h2>
<p>{{ not_delivered_text }}</p>
<table>
<thead><tr>{% for h in L.columns_not_delivered %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in not_delivered %}<tr><td>{{ r.id }}</td><td>{{ r.name }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
</body>
</html>
"""


@dataclass(frozen=True)
class _Row:
    where: str
    column: str
    value: str
    expected: str
    project: str


def _row(p: Problem) -> _Row:
    if p.cell:
        where = p.cell
    elif p.row is not None:
        where = f"{p.file}, {row_word(p.file)} {p.row}"
    else:
        where = p.file
    return _Row(visible(where), visible(p.column or ""), "" if p.value is None else visible(p.value),
                visible(p.expected), visible(p.project or ""))


def _environment():
    from jinja2 import Environment

    return Environment(autoescape=True, keep_trailing_newline=True)


def feedback_page(*, file: str, period: str, organisations: Sequence[str], rows: dict[str, int],
                  problems: Sequence[Problem], merged: bool, not_delivered: Sequence[dict]) -> str:
    """The feedback page for one submission, as HTML.

    Parameters
    ----------
    file : str
        The submission as the office received it.
    period : str
    organisations : sequence of str
        Whose submission it is.
    rows : dict
        Table -> rows read.
    problems : sequence of Problem
        Its problems, located (errors and warnings).
    merged : bool
        Whether its rows are in the merged period.
    not_delivered : sequence of dict
        Its organisation's projects nobody delivered (``id``, ``name``).
    """
    from .. import text

    L = text.LABELS["feedback"]
    errors = [_row(p) for p in problems if p.is_error]
    warnings = [_row(p) for p in problems if not p.is_error]
    read = ", ".join(f"{table} {text.number(n)}" for table, n in rows.items()) or "–"
    orgs = text.join_list(organisations) if organisations else "–"
    state = "error" if errors else "warning" if warnings else "ok"
    return _environment().from_string(_PAGE).render(
        L=L, lang=MALFORMS[malform()], file=visible(file), period=text.capitalise(text.month_year(period)) + f" ({period})",
        organisations=visible(orgs),
        rows=read, state=state, summary=text.feedback_summary(len(errors), len(warnings), merged),
        sections=[(L["errors"], "error", errors), (L["warnings"], "warning", warnings)],
        not_delivered=list(not_delivered),
        not_delivered_text=text.feedback_not_delivered(organisations[0] if len(organisations) == 1 else None,
                                                       len(not_delivered)),
    )


__all__ = ["feedback_page"]
