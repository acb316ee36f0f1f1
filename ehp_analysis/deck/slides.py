"""The NUIT deck's slides as data: titles, lines, charts, pictures and notes, from the report's own sources.

Every number comes from ``key_figures.json`` (``kf``) and every note is the report's sentence for the slide (the
:mod:`ehp_analysis.text` functions the chapters call, on the same key figures and the same validated periods).
A slide about data that does not exist says why, or is left out; it never shows zeros for it. Drawing the slides
is :mod:`.render`'s job; nothing here knows python-pptx.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import text
from ..words import N_, _, ngettext

#: Colours of the status and risk series (the report's palette: plots.style).
COLOURS = {"grønn": "2E7D32", "gul": "F2C94C", "rød": "C62828", "ikke vurdert": "9E9E9E"}
MAX_RED_ROWS = 8  # rows of the red projects' table on one slide; the rest are counted, not dropped silently


@dataclass
class Chart:
    """A native chart: ``bar`` (clustered) or ``stacked``; ``series`` as (name, values), one value per category."""

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    number_format: str = "0"
    colours: list[str] | None = None
    alt: str = ""


@dataclass
class Picture:
    """A figure the build drew (``figures/<name>.png``) with the report's alt text."""

    path: Path
    alt: str


@dataclass
class Slide:
    """One slide: its layout use (``title``, ``content``, ``title_only``), title, lines, at most one chart,
    picture or table, and the notes (the report's sentence)."""

    use: str
    title: str
    lines: list[str] = field(default_factory=list)
    notes: str = ""
    chart: Chart | None = None
    picture: Picture | None = None
    table: list[list[str]] | None = None  # first row the header


def get(kf: Mapping | None, dotted: str) -> Any:
    """``kf["a"]["b"]`` for ``"a.b"``; ``None`` when any part is missing."""
    value: Any = kf
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def joined(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


# ------------------------------------------------------------------------------------------ the slides


def title_slide(kf: Mapping, title: str, cutoff: str, banners: Sequence[str]) -> Slide:
    subtitle = _("NUIT – {period}, data per {date}").format(period=text.capitalise(text.month_year(kf["period"])),
                                                             date=text.date(cutoff))
    return Slide("title", title, [subtitle, *banners], notes=text.projects_sentence(kf))


def glance_slide(kf: Mapping) -> Slide:
    """Projects, budget, joined and left: the key numbers as lines, the report's sentences as notes."""
    n = get(kf, "projects.count")
    lines = [ngettext("{n} prosjekt eller program", "{n} prosjekter og programmer", n).format(n=text.number(n))]
    year, total = get(kf, "budget.year"), get(kf, "budget.total")
    if total is None:
        lines.append(_("Budsjett: ikke rapportert av noen"))
    else:
        lines.append(_("Budsjett {year}: {amount}").format(year=year or "", amount=text.amount(total, kroner=True)))
    missing = len(get(kf, "budget.not_reported_ids") or [])
    if total is not None and missing:
        lines.append(ngettext("{n} prosjekt har ikke rapportert budsjett",
                              "{n} prosjekter har ikke rapportert budsjett", missing).format(n=text.number(missing)))
    new, left = get(kf, "projects.new_ids"), get(kf, "projects.left_ids")
    if kf.get("previous_period") and new is not None and left is not None:
        when = text.month_year(kf["previous_period"])
        lines.append(_("Kommet til siden {when}: {n}").format(when=when, n=text.number(len(new))))
        lines.append(_("Gått ut siden {when}: {n}").format(when=when, n=text.number(len(left))))
    else:
        lines.append(text.first_period_sentence())
    notes = joined(text.projects_sentence(kf), text.budget_sentence(kf))
    return Slide("content", _("Perioden i korte trekk"), lines, notes=notes)


def status_slide(kf: Mapping, projects) -> Slide:
    """Status and risk, now and before, as one stacked bar chart of counts (a measure nobody assessed is left out)."""
    colours = ("grønn", "gul", "rød")
    bars: list[tuple[str, Mapping]] = []
    for measure, word in (("status", N_("Status")), ("risk", N_("Risiko"))):
        for which, figures in ((kf["period"], kf), (kf.get("previous_period"), get(kf, "previous"))):
            counts = get(figures, f"{measure}.counts")
            if which and isinstance(counts, Mapping) and sum(int(counts.get(c) or 0) for c in colours):
                bars.append((f"{_(word)} {text.month_year(which)}", counts))
    notes = joined(text.status_sentence(kf, projects), text.risk_sentence(kf, projects))
    if not bars:
        return Slide("content", _("Status og risiko"), [_("Ingen prosjekter har vurdert status eller risiko.")],
                     notes=notes)
    series = [(text.capitalise(c), [float(counts.get(c) or 0) for _name, counts in bars]) for c in colours]
    chart = Chart("stacked", [name for name, _counts in bars], series, colours=[COLOURS[c] for c in colours],
                  alt=_("Stablet stolpediagram over antall prosjekter per farge for status og risiko."))
    return Slide("title_only", _("Status og risiko nå og før"), notes=notes, chart=chart)


def red_slide(kf: Mapping, red) -> Slide:
    """The red projects named, with their own explanation (``red`` as ``metrics.status.red_projects`` gives it)."""
    title = _("Prosjekter med rød status eller risiko")
    notes = joined(text.status_sentence(kf, None), text.risk_sentence(kf, None))
    if not len(red):
        return Slide("content", title, [_("Ingen prosjekter melder rød status eller rød risiko.")], notes=notes)
    header = [_("ID"), _("Prosjekt"), _("Ansvarlig virksomhet"), _("Status"), _("Risiko"), _("Forklaring")]
    rows = [header]
    for row in red.head(MAX_RED_ROWS).to_dict("records"):
        reason = " ".join(str(v) for v in (row.get("status_comment"), row.get("risk_comment"))
                          if not text.is_missing(v) and str(v).strip())
        rows.append([str(int(row["id"])), str(row["name"]), str(row["organisation"]),
                     _colour(row["status"]), _colour(row["risk"]), _short(reason, 220)])
    lines = []
    if len(red) > MAX_RED_ROWS:
        rest = len(red) - MAX_RED_ROWS
        lines.append(ngettext("… og {n} prosjekt til (se rapporten)", "… og {n} prosjekter til (se rapporten)",
                              rest).format(n=text.number(rest)))
    return Slide("title_only", title, lines, notes=notes, table=rows)


def warnings_slide(kf: Mapping, overview, n_projects: int) -> Slide:
    """Projects per early-warning rule (native bars); the rules that cannot be assessed named, not shown as 0."""
    notes = text.warnings_intro(overview, n_projects, kf["period"])
    assessed, waiting = [], []
    for rule, title in zip(overview["rule"], overview["title"]):
        ids = get(kf, f"warnings.{rule}") if rule not in ("projects", "not_assessed") else None
        (waiting if ids is None else assessed).append((text.worded(str(title)), ids))
    lines = []
    if waiting:
        lines.append(_("Kan ikke vurderes ennå: {rules}").format(rules=text.join_list(t for t, _ids in waiting)))
    if not assessed:
        return Slide("content", _("Tidlige varsler"), lines or [notes], notes=notes)
    chart = Chart("bar", [t for t, _ids in assessed], [(_("Prosjekter"), [float(len(ids)) for _t, ids in assessed])],
                  alt=_("Stolpediagram over antall prosjekter som utløser hver regel for tidlige varsler."))
    lines.insert(0, ngettext("{n} prosjekt utløser minst ett varsel", "{n} prosjekter utløser minst ett varsel",
                             len(get(kf, "warnings.projects") or [])).format(
        n=text.number(len(get(kf, "warnings.projects") or []))))
    return Slide("title_only", _("Tidlige varsler"), lines, notes=notes, chart=chart)


BRIDGE_STEPS = ("previous_total", "left", "joined", "stopped_reporting", "started_reporting", "continuing_change",
                "total")


def budget_slide(kf: Mapping, bridge_sentence: str) -> Slide:
    """The budget change from the previous period as its bridge (native bars, mill.), or why there is none."""
    title = _("Endring i budsjett")
    steps = get(kf, "budget.bridge")
    if not isinstance(steps, Mapping):
        why = (text.currency_change_sentence(kf) or text.no_bridge_sentence(kf) or
               (text.first_period_sentence() if not kf.get("previous_period") else text.budget_sentence(kf)))
        return Slide("content", title, [why], notes=joined(text.budget_sentence(kf), why))
    shown = [s for s in BRIDGE_STEPS if steps.get(s) is not None]
    labels = text.bridge_step_labels(shown, returned=False)
    unit = text.currency().mill
    chart = Chart("bar", labels, [(unit, [float(steps[s]) for s in shown])], number_format="#,##0.0",
                  alt=_("Stolpediagram over endringen i samlet budsjett fra forrige periode, i {unit}.").format(unit=unit))
    lines = [_("Fra {before} til {now}").format(before=text.amount(steps["previous_total"], kroner=True),
                                                now=text.amount(steps["total"], kroner=True))]
    return Slide("title_only", title, lines, notes=bridge_sentence, chart=chart)


def baseline_slide(kf: Mapping) -> Slide | None:
    """Cost and time against what was first reported (``baseline.*``, when the key figures have them)."""
    base = kf.get("baseline")
    if not isinstance(base, Mapping):
        return None  # a build before "Against what was first reported": no slide rather than an empty one
    title = _("Kostnad og tid mot første rapportering")
    counted, not_counted = base.get("projects_counted"), base.get("projects_not_counted")
    first, now, growth = base.get("first_total_cost_sum"), base.get("now_total_cost_sum"), base.get("growth_share")
    lines = []
    if counted is not None and not_counted is not None:
        lines.append(_("Telt med: {counted} av {all} prosjekter (de andre mangler totalkostnad første gang eller "
                       "nå)").format(counted=text.number(counted), all=text.number(counted + not_counted)))
    if first is None or now is None:
        lines.insert(0, _("Ingen prosjekter har rapportert totalkostnad både første gang og nå."))
        return Slide("content", title, lines, notes=text.baseline_sentence(kf) or joined(*lines))
    if growth is not None:
        lines.insert(0, _("Samlet totalkostnad er {share} over første anslag").format(share=text.percent(growth))
                     if growth >= 0 else
                     _("Samlet totalkostnad er {share} under første anslag").format(share=text.percent(-growth)))
    grown = base.get("growth_ids") or []
    lines.append(ngettext("{n} prosjekt har vokst med minst {share}", "{n} prosjekter har vokst med minst {share}",
                          len(grown)).format(n=text.number(len(grown)), share=text.percent(0.2)))
    slips = base.get("slip_months")
    if isinstance(slips, Mapping):
        later = sum(1 for v in slips.values() if v and v > 0)
        lines.append(ngettext("{n} prosjekt har flyttet planlagt slutt senere", "{n} prosjekter har flyttet "
                              "planlagt slutt senere", later).format(n=text.number(later)))
    unit = text.currency().mill
    chart = Chart("bar", [_("Første rapportering"), _("Nå")], [(unit, [float(first), float(now)])],
                  number_format="#,##0.0",
                  alt=_("Stolpediagram over samlet totalkostnad første gang og nå, i {unit}.").format(unit=unit))
    return Slide("title_only", title, lines, notes=text.baseline_sentence(kf) or joined(*lines), chart=chart)


def prioritisation_slide(prio, picture: Picture | None) -> Slide:
    notes = joined(text.prioritisation_intro(prio), text.prioritisation_ranking_sentence(prio))
    if picture is None or not prio.plotted_count:
        return Slide("content", _("Prioritering"), [text.prioritisation_intro(prio)], notes=notes)
    return Slide("title_only", _("Prioritering: gevinster mot totalkostnad"), notes=notes, picture=picture)


def network_slide(kf: Mapping, summary, at_risk, picture: Picture | None) -> Slide:
    title = _("Prosjekter utsatt gjennom avhengighetene")
    if get(kf, "dependencies.count") is None or summary is None:
        sentence = text.dependencies_sentence(kf)
        return Slide("content", title, [sentence], notes=sentence)
    risk = text.at_risk_sentence(at_risk)
    notes = joined(text.network_intro(summary), risk)
    if picture is None:
        return Slide("content", title, [risk], notes=notes)
    n = len(get(kf, "dependencies.at_risk_ids") or [])
    line = ngettext("{n} prosjekt er utsatt gjennom nettverket", "{n} prosjekter er utsatt gjennom nettverket",
                    n).format(n=text.number(n))
    return Slide("title_only", title, [line], notes=notes, picture=picture)


def decision_slides(source: str | None) -> list[Slide]:
    """"Saker til beslutning" from the office's ``tekst/nuit.md``: a slide per ``#``/``##`` heading (text before
    the first heading on a slide of its own); none when the file is absent or empty. A list item is a line of its
    own, the lines of a paragraph are joined; the text is shown as written (never markup)."""
    if not source or not source.strip():
        return []
    heading = _("Saker til beslutning")
    slides: list[Slide] = []
    title, lines, in_paragraph = heading, [], False

    def close() -> None:
        if lines or title != heading:
            slides.append(Slide("content", title, list(lines), notes=" ".join(lines)))

    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            close()
            title, lines, in_paragraph = f"{heading}: {line.lstrip('#').strip()}", [], False
        elif not line:
            in_paragraph = False
        elif line[:2] in ("- ", "* ", "+ "):
            lines.append(line[2:].strip())
            in_paragraph = False
        elif in_paragraph:
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
            in_paragraph = True
    close()
    return slides


def basis_slide(kf: Mapping, provenance: str, delivery: str, synthetic: str) -> Slide:
    """What the numbers rest on: reconstructed data, submissions not delivered, and what was not reported."""
    lines = [s for s in (synthetic, provenance, delivery) if s]
    budget_missing = len(get(kf, "budget.not_reported_ids") or [])
    n = get(kf, "projects.count") or 0
    if budget_missing:
        lines.append(_("Budsjett ikke rapportert: {n} av {all} prosjekter").format(
            n=text.number(budget_missing), all=text.number(n)))
    share = get(kf, "costs.total_cost_not_reported_share")
    if share:
        lines.append(_("Totalkostnad ikke rapportert: {share} av prosjektene").format(share=text.percent(share)))
    if get(kf, "dependencies.count") is None:
        lines.append(_("Avhengigheter: ikke rapportert"))
    if not lines:
        lines.append(_("Alle tall bygger på virksomhetenes egen rapportering for perioden."))
    return Slide("content", _("Datagrunnlaget"), lines, notes=joined(*lines))


def _colour(value) -> str:
    return DASH if text.is_missing(value) else text.capitalise(str(value))


def _short(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


DASH = "–"
