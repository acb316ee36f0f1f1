"""Vedlegg 3 – Tiltaksoversikt: one entry per project of the period, as compact static HTML.

Each project is an ``<article id="tiltak-<id>">`` (Vedlegg 1 links its name there): its facts, status and risk
now with their comments, a small table of its status, risk and budget in every period of the chain it has
been in (colour and word; a gap where it was out), its dependencies, the portfolio projects that depend on it,
and the early warnings it triggers. No figure per project and no script: 500 projects × 12 periods stay a few
megabytes that a browser lays out at once, and 5,000 projects still open.

Every entry is in the page's text (report.md): what select-all, a copy, a reader mode, a screen reader or
``document.body.innerText`` gets. So nothing hides an entry from it for speed (``content-visibility: auto``
would: Chromium leaves the entries it skips out of ``innerText``); the speed comes from light markup instead:
one element per fact label, no figure per project, and a scroll box only around a timeline long enough to need
one (:data:`SCROLL_FROM`), and a timeline's cells coloured themselves (no badge element inside each).

The whole appendix is one output marked ``ehp-opaque``: the assembly keeps it out of its HTML tree and puts it
back as it was (:func:`ehp_analysis.report.page.stash_table_bodies`), so its entries are written with the
heading level they have in the report (``h3``, under the appendix's ``h2``), are not numbered, and stay out of
the table of contents.

Early warnings: :func:`early_warnings_by_project` is the one place they come in (``{id: [sentence, …]}``, from
the rules of :mod:`ehp_analysis.metrics.early_warnings`); :func:`warnings_html` renders a project's list, and nothing
at all when it has none.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from .. import text as _text
from ..metrics import project_history
from ..missing import is_missing as _missing
from ..words import _
from .markup import Html, status_badge, status_cell

ANCHOR = "tiltak"
PERIODS_PER_ROW = 12  # a timeline of more periods wraps into another table below (the page and paper are narrow)
# A timeline of this many periods or more scrolls sideways in its own box on a narrow screen; a shorter one fits
# a phone as it is. A scroll box per entry is not free: 5,000 of them cost the browser about a second.
SCROLL_FROM = 5
OPAQUE_START = '<div class="ehp-opaque ehp-tiltaksoversikt">'
OPAQUE_END = "</div><!--/ehp-opaque-->"
LABELS = _text.TILTAK_LABELS
# The CSS classes of an entry (report.css styles them): names, not words.
CLASS_ENTRY = "ehp-tiltak"
CLASS_ID = "ehp-tiltak-id"
CLASS_FACTS = "ehp-tiltak-fakta"
CLASS_NEXT = "ehp-tiltak-neste"
CLASS_TIMELINE = "ehp-tiltak-tid"
CLASS_SCROLL = "ehp-tiltak-rull"
CLASS_DEPENDENCIES = "ehp-tiltak-avh"
CLASS_WARNINGS = "ehp-tiltak-varsler"


def anchor(project_id: int) -> str:
    """The id of a project's entry: ``tiltak-<id>`` (what Vedlegg 1 links to)."""
    return f"{ANCHOR}-{int(project_id)}"


def _e(value) -> str:
    return html.escape(str(value), quote=False)


def _link(project_id: int, names: Mapping[int, str]) -> str:
    name = names.get(int(project_id))
    shown = f"{int(project_id)} {name}" if name is not None else str(int(project_id))
    return f'<a href="#{anchor(project_id)}">{_e(shown)}</a>'


def _amount(value) -> str:
    return _text.DASH if _missing(value) else f"{_text.amount_as_reported(value)} {_text.currency().mill}"


def _pair(label: str, value_html: str) -> str:
    # <b> for the labels: 5,000 entries of a dozen labels each make every byte and element count. The no-break
    # space keeps a label on the line of its value.
    return f"<b>{_e(label)}:</b>\u00a0{value_html}"


SEPARATOR = " · "  # between the facts of one line


def name_links(ids, names) -> list:
    """Vedlegg 1's names as links to their entries here: :class:`~.markup.Html` whose plain text (for the CSV,
    filtering and sorting) is the name itself."""
    return [Html(f'<a href="#{anchor(i)}">{_e(n)}</a>', str(n)) for i, n in zip(ids, names)]


def warnings_html(items: Sequence[str]) -> str:
    """A project's early warnings as a list under their heading; ``""`` when it has none (nothing is said).

    ``items`` are sentences already worded (the rule's title and what triggered it); escaped here.
    """
    items = [str(i) for i in items if str(i).strip()]
    if not items:
        return ""
    return (f'<div class="{CLASS_WARNINGS}"><b>{_e(LABELS["warnings"])}:</b><ul>'
            + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul></div>")


def baseline_by_project(chain) -> dict[int, str]:
    """Each project's line against what it first reported in the chain (report.md, "Against what was first
    reported"), worded: ``{id: sentence}``; empty for a chain of one period (nothing to compare yet)."""
    from ..metrics import baseline

    compared = baseline.compare(list(chain))
    if len(compared.periods) < 2:
        return {}
    return {int(row.id): _text.baseline_project_sentence(row, compared)
            for row in compared.projects.itertuples(index=False)}


def early_warnings_by_project(chain) -> dict[int, list[str]]:
    """The early warnings each project of the period triggers, worded: ``{id: [sentence, …]}``.

    The rules of the period (``ehp_analysis.metrics.early_warnings``, evaluated once over the chain) worded as
    chapter 4's "Tidlige varsler" words them (:func:`ehp_analysis.text.project_warning_bullets`); a project
    that triggers none is not in the mapping.
    """
    from ..metrics import early_warnings

    found = early_warnings.evaluate(list(chain))
    return {int(pid): _text.project_warning_bullets(rows) for pid, rows in found.groupby("id", sort=True)}


def _timeline_html(rows: list[tuple], periods: Sequence[str]) -> str:
    """``rows``: (period, present, not delivered, status, risk, budget) oldest first; tables of at most 12
    periods each."""
    short = {p: _text.month_year_short(p) for p in periods}
    parts = []
    for start in range(0, len(rows), PERIODS_PER_ROW):
        chunk = rows[start:start + PERIODS_PER_ROW]
        head = "".join(f'<th scope="col">{_e(short[r[0]])}</th>' for r in chunk)
        status, risk, budget = [], [], []
        for period, present, missing, s, r, b in chunk:
            if not present:
                gap = LABELS["not_delivered"] if missing else LABELS["absent"]
                status.append(f'<td rowspan="3" class="ehp-gap">{_e(gap)}</td>')
                continue
            status.append(status_cell(None if _missing(s) else s))
            risk.append(status_cell(None if _missing(r) else r))
            budget.append(f'<td class="num">{_e(_text.amount_as_reported(b))}</td>')
        table = (
            f'<table class="{CLASS_TIMELINE}" aria-label="{_e(LABELS["timeline"])}"><thead><tr>'
            f'<th scope="col">{_e(LABELS["period"])}</th>{head}</tr></thead><tbody>'
            f'<tr><th scope="row">{_e(LABELS["status"])}</th>{"".join(status)}</tr>'
            f'<tr><th scope="row">{_e(LABELS["risk"])}</th>{"".join(risk)}</tr>'
            f'<tr><th scope="row">{_e(LABELS["budget_row"])}</th>{"".join(budget)}</tr></tbody></table>')
        parts.append(f'<div class="{CLASS_SCROLL}">{table}</div>' if len(chunk) >= SCROLL_FROM else table)
    return "".join(parts)


def _dependency_item(dep, names: Mapping[int, str]) -> str:
    target = _link(dep.depends_on_id, names) if not _missing(dep.depends_on_id) else _e(dep.dependency)
    details = [_e(dep.category)] if not _missing(dep.category) else []
    if not _missing(dep.criticality):
        details.append(_e(LABELS["criticality"].format(level=dep.criticality)))
    badge = status_badge(None if _missing(dep.status) else dep.status)
    details.append(_("status {badge}").format(badge=badge))
    return f"<li>{target} ({'; '.join(details)})</li>"


def entry_html(fact, *, budget_year, names: Mapping[int, str], timeline: list[tuple] | None,
               periods: Sequence[str], deps: Sequence = (), dependents: Sequence[tuple[int, str | None]] = (),
               warnings: Sequence[str] = (), baseline: str = "") -> str:
    """One project's entry (``fact`` a row of :func:`ehp_analysis.metrics.project_history.facts`); ``baseline`` its
    line against what it first reported (:func:`ehp_analysis.text.baseline_project_sentence`), shown when given."""
    pid = int(fact.id)
    year = "" if budget_year is None else budget_year
    if not _missing(fact.goal):  # a strategy with goals: the main goal, and the others it supports
        others = f" ({LABELS['other_goals']} {', '.join(str(g) for g in fact.other_goals)})" if fact.other_goals else ""
        where = _pair(LABELS["goal"], _e(f"{fact.goal} {'' if _missing(fact.goal_name) else fact.goal_name}".strip()
                                         + others))
    else:
        area = (_text.DASH if _missing(fact.focus_area) else
                f"{fact.focus_area} {'' if _missing(fact.focus_area_name) else fact.focus_area_name}".strip())
        where = _pair(LABELS["focus_area"], _e(area))
    facts = [_pair(LABELS["organisation"], _e(fact.organisation)),
             _pair(LABELS["owner"], _e(_text.DASH if _missing(fact.owner) else fact.owner)),
             _pair(LABELS["type"], _e(LABELS["types"].get(str(fact.type), str(fact.type)))),
             _pair(LABELS["phase"], _e(_text.DASH if _missing(fact.phase) else _text.capitalise(str(fact.phase)))),
             where]
    money = [_pair(LABELS["budget"].format(year=year).strip(), _e(_amount(fact.budget))),
             _pair(LABELS["total_cost"], _e(_amount(fact.total_cost))),
             _pair(LABELS["benefits"], _e(LABELS["benefits_not_answered"] if fact.benefits_not_answered
                                         else _amount(fact.benefits)))]
    if not _missing(fact.programme_id):
        money.append(_pair(LABELS["programme"], _link(fact.programme_id, names)))
    if fact.members:
        money.append(_pair(LABELS["members"], ", ".join(_link(m, names) for m in fact.members)))
    reasons = [_text.reason_label(r) for r in (fact.status_reasons or ())]
    status_comment = "" if _missing(fact.status_comment) else f" {_e(fact.status_comment)}"
    if reasons:
        status_comment += f' <b>{_e(LABELS["reasons"])}:</b> {_e(", ".join(reasons))}.'
    risk_comment = "" if _missing(fact.risk_comment) else f" {_e(fact.risk_comment)}"
    parts = [
        f'<article class="{CLASS_ENTRY}" id="{anchor(pid)}"><h3><span class="{CLASS_ID}">{pid}</span> '
        f"{_e(fact.name)}</h3>",
        f'<p class="{CLASS_FACTS}">{SEPARATOR.join(facts)}</p>',
        f'<p class="{CLASS_FACTS}">{SEPARATOR.join(money)}</p>',
        f'<p><b>{_e(LABELS["status"])}:</b> '
        f"{status_badge(None if _missing(fact.status) else fact.status)}{status_comment} "
        f'<b class="{CLASS_NEXT}">{_e(LABELS["risk"])}:</b> '
        f"{status_badge(None if _missing(fact.risk) else fact.risk)}{risk_comment}</p>",
    ]
    if baseline:
        parts.append(f'<p class="ehp-tiltak-basis"><b>{_e(_text.baseline_label())}:</b> {_e(baseline)}</p>')
    if timeline:
        parts.append(_timeline_html(timeline, periods))
    if len(deps):
        parts.append(f'<div class="{CLASS_DEPENDENCIES}"><b>{_e(LABELS["dependencies"])}:</b><ul>'
                     + "".join(_dependency_item(d, names) for d in deps) + "</ul></div>")
    if dependents:
        linked = [_link(i, names) + (f" ({_e(LABELS['criticality'].format(level=c))})" if c else "")
                  for i, c in dependents]
        parts.append(f'<p><b>{_e(LABELS["dependents"])}:</b> {", ".join(linked)}</p>')
    parts.append(warnings_html(warnings))
    parts.append("</article>")
    return "".join(parts)


def overview_html(chain, warnings: Mapping[int, Sequence[str]] | None = None,
                  baseline: Mapping[int, str] | None = None) -> str:
    """Every project's entry, sorted by id, wrapped as one opaque block for the assembly.

    Parameters
    ----------
    chain : sequence of Portfolio
        Oldest first, the period itself last. With one period no timeline is shown.
    warnings : mapping of int to list of str, optional
        A project's early warnings, worded (see :func:`early_warnings_by_project`).
    baseline : mapping of int to str, optional
        A project's line against what it first reported (see :func:`baseline_by_project`).
    """
    chain = list(chain)
    current = chain[-1]
    warnings = warnings or {}
    baseline = baseline or {}
    facts = project_history.facts(current)
    names = {int(i): str(n) for i, n in zip(facts["id"], facts["name"])}
    periods = [p.period for p in chain]
    timelines: dict[int, list[tuple]] = {}
    if len(chain) > 1:
        for row in project_history.timelines(chain).itertuples(index=False):
            timelines.setdefault(int(row.id), []).append((row.period, bool(row.present), bool(row.not_delivered),
                                                          row.status, row.risk, row.budget))
    deps: dict[int, list] = {}
    for dep in project_history.dependencies(current).itertuples(index=False):
        deps.setdefault(int(dep.project_id), []).append(dep)
    dependents = project_history.dependents(current)
    entries = [entry_html(fact, budget_year=current.budget_year, names=names, timeline=timelines.get(int(fact.id)),
                          periods=periods, deps=deps.get(int(fact.id), ()), dependents=dependents.get(int(fact.id), ()),
                          warnings=warnings.get(int(fact.id), ()), baseline=baseline.get(int(fact.id), ""))
               for fact in facts.itertuples(index=False)]
    return OPAQUE_START + "".join(entries) + OPAQUE_END


# The export's header: the template's own Norwegian column names (report.md fixes them).
CSV_COLUMNS = {"period": "periode", "id": "id", "name": "navn", "status": "status", "risk": "risiko",
               "budget": "budsjett", "total_cost": "totalkostnad"}
