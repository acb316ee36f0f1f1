"""Chapter 4, Tidlige varsler: the early-warning rules of report.md, as pure functions of a period's chain.

Every rule takes the chain (the period ``P`` last, oldest first: :attr:`ehp_analysis.periods.Periods.chain`)
and its :class:`~ehp_analysis.reference.WarningRule` (title, explanation, thresholds from the period's
``early-warnings.yaml``), and returns the projects of ``P`` that trigger it, each with the values that did.

Shared conventions, from report.md:

- "Present in all N" means present in each of the N consecutive periods of the chain that end with ``P``;
  an absence breaks the run, and a chain shorter than N says nothing (the rule does not fire).
- "ikke vurdert" (a status or risk not reported, ``<NA>``) is not a colour: it is never ``grønn``, ``gul`` or
  ``rød``. A rating withheld from disclosure (``unntatt offentlighet``) is a rating but no colour either: no rule
  fires on it, and it is never "ikke vurdert" (``lenge_ikke_vurdert`` looks for ``<NA>`` only).
- A rule is *assessed* when at least one project of P has what it needs (:func:`not_assessed_reason`); one that
  is not says why with a reason code (:data:`REASONS`), and what it returns is ``None``, not "fired for nobody".
- A withheld value in any field a rule compares means that rule does not fire for that project (and the
  value never appears in what is returned).
- Amounts are compared as the exact decimals written: the model stores them as floats parsed from the text
  (:func:`ehp_analysis.validate.parse_amount`, at most 15 significant digits), and ``repr`` of such a float
  gives back the shortest text that reads as the same float, which is the text as written (``50.0`` for
  ``50,0``, ``60`` for ``60``). :func:`~ehp_analysis.reference.early_warnings.exact` turns that into a
  :class:`~decimal.Decimal`, so 50,0 → 60,0 is exactly 1,20 × and +10 (binary floats give
  ``60.0 >= 1.2 * 50.0`` False).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from .. import template as T
from ..missing import is_missing as _missing
from ..portfolio import Portfolio
from ..reference.early_warnings import EarlyWarnings, WarningRule, exact
from ._common import ELEVATED, is_colour, sorted_ids

#: The columns of what :func:`evaluate` returns.
COLUMNS = ["rule", "title", "id", "name", "organisation", "values"]
#: The column a template collects the planned end in; before the ``2023`` template it is not collected.
PLANNED_END_COLUMNS = ("planned_end", "planlagt_slutt")
CLOSING_PHASE = "avslutning"

Hit = tuple[int, dict]
RuleFunction = Callable[[Sequence[Portfolio], WarningRule], list[Hit]]


# ------------------------------------------------------------------------------------------- helpers


# The rules, the overview and the key figures ask for the same columns of the same periods: each is made once per
# portfolio (immutable, hashed by identity) and handed out read-only.
@lru_cache(maxsize=256)
def _values(portfolio: Portfolio, field: str) -> Mapping[int, object]:
    """id -> the value of ``field`` (``None`` for not reported or not assessed)."""
    p = portfolio.projects
    return MappingProxyType({int(i): (None if _missing(v) else v) for i, v in zip(p["id"].tolist(), p[field].tolist())})


@lru_cache(maxsize=256)
def _amounts(portfolio: Portfolio, field: str) -> Mapping[int, Decimal | None]:
    """id -> the amount as the exact decimal written, ``None`` for not reported; withheld ids are left out."""
    p = portfolio.projects
    flag = f"{field}_withheld"
    withheld = p[flag].tolist() if flag in p.columns else [False] * len(p)
    return MappingProxyType({int(i): (None if _missing(v) else exact(float(v)))
                             for i, v, w in zip(p["id"].tolist(), p[field].tolist(), withheld) if not w})


def _run(chain: Sequence[Portfolio], n: int) -> list[Portfolio] | None:
    """The ``n`` periods of the chain ending with ``P``; ``None`` when the chain is shorter."""
    return list(chain[-n:]) if n >= 1 and len(chain) >= n else None


def _present(run: Iterable[Portfolio]) -> set[int]:
    """Ids present in every period of ``run`` (an absence breaks it)."""
    run = list(run)
    ids = set(run[0].ids)
    for portfolio in run[1:]:
        ids &= portfolio.ids
    return ids


def _periods(run: Sequence[Portfolio]) -> tuple[str, ...]:
    return tuple(p.period for p in run)


def cutoff_date(portfolio: Portfolio) -> dt.date:
    """P's cut-off date: ``cutoff`` of its parameters; for a period built without parameters (tests, the
    synthetic generator in memory), the last day of its month (the period is named after the cut-off month)."""
    params = portfolio.parameters
    if params is not None and getattr(params, "cutoff", None):
        return dt.date.fromisoformat(str(params.cutoff))
    year, month = (int(x) for x in portfolio.period.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def as_date(value) -> dt.date | None:
    """A planned end as a date: a date, a timestamp, ``YYYY-MM-DD`` or ``DD.MM.YYYY``; anything else ``None``."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def planned_end_column(portfolio: Portfolio) -> str | None:
    """The column holding ``planlagt_slutt``, or ``None`` when the period does not collect it.

    The first of :data:`PLANNED_END_COLUMNS` that holds a date (the typed column of a template version that
    collects it, or the column as an extra one of the submission); else the typed column when the period's
    template collects it (all empty: collected, nobody filled it in); else ``None`` (no such column, or one
    the period's template version does not collect: ``Portfolio.not_collected``, where the model has it).
    """
    p = portfolio.projects
    present = [c for c in PLANNED_END_COLUMNS if c in p.columns]
    filled = next((c for c in present if p[c].notna().any()), None)
    if filled is not None:
        return filled
    if not present or "planlagt_slutt" in tuple(getattr(portfolio, "not_collected", ())):
        return None
    return present[0]


# ----------------------------------------------------------------------------------- assessability

#: Why a rule cannot be assessed for a period: the codes of ``warnings.not_assessed`` (report.md, "Rules that
#: cannot be assessed, and nothing to show"), in the order they are checked.
REASONS = ("chain_too_short", "no_dependencies", "no_status_assessed", "no_risk_assessed", "not_answered",
           "not_collected", "not_reported")
#: The rules that need a colour of status in P (those comparing status over a run need one in P at least).
_NEED_STATUS = ("gronn_status_rod_risiko", "gronn_status_rod_avhengighet", "vedvarende_rod", "lenge_gul_eller_rod",
                "uendret_rapportering", "avhenger_av_rodt_prosjekt")
_NEED_DEPENDENCIES = ("gronn_status_rod_avhengighet", "avhenger_av_rodt_prosjekt")


def periods_needed(rule: WarningRule) -> int:
    """How many periods of the chain (ending with P) a rule looks at: ``kostnadsvekst`` compares P with the
    previous period; the others their ``periods`` threshold (1 for a rule about P alone)."""
    return 2 if rule.id == "kostnadsvekst" else rule.periods


def not_assessed_reason(chain: Sequence[Portfolio], rule: WarningRule) -> str | None:
    """Why ``rule`` cannot be assessed for P (one of :data:`REASONS`), or ``None`` when it can.

    A rule is assessed when at least one project of P has what it needs, checked in this order: a long enough
    chain (:func:`periods_needed`); a dependency file with rows for the two dependency rules (report.md names only
    that for them; they compare status too, so they then need a status that is a colour); a status that is a
    colour for the rules comparing status (``lenge_ikke_vurdert`` looks for status not assessed, so it needs no
    colour: a period where nobody is assessed is what it is for); a status and a risk that are colours on one
    project for ``gronn_status_rod_risiko``; a total cost reported (not withheld) in P and the previous period
    for one project, both in P's currency, for ``kostnadsvekst``; a template that collects ``planlagt_slutt`` and one date reported for
    ``forbi_planlagt_slutt``; one answered ``gevinstplan`` for ``gjennomforing_uten_gevinstplan``.
    """
    current = chain[-1]
    if len(chain) < periods_needed(rule):
        return "chain_too_short"
    if rule.id in _NEED_DEPENDENCIES and (not current.dependencies_reported or current.dependencies.empty):
        return "no_dependencies"
    if rule.id in _NEED_STATUS and not is_colour(current.projects["status"]).any():
        return "no_status_assessed"
    if rule.id == "gronn_status_rod_risiko" and not (is_colour(current.projects["status"])
                                                     & is_colour(current.projects["risk"])).any():
        return "no_risk_assessed"
    if rule.id == "kostnadsvekst":
        if not current.same_currency(chain[-2]):
            return "not_reported"  # no total cost in P's currency before: amounts in two currencies are never compared
        before, now = _amounts(chain[-2], "total_cost"), _amounts(current, "total_cost")
        if not any(before[i] is not None and now[i] is not None for i in set(before) & set(now)):
            return "not_reported"
    if rule.id == "forbi_planlagt_slutt":
        column = planned_end_column(current)
        if column is None:
            return "not_collected"
        if not current.projects[column].notna().any():
            return "not_reported"
    if rule.id == "gjennomforing_uten_gevinstplan" and not current.projects["benefit_plan"].notna().any():
        return "not_answered"
    return None


def not_assessed(chain: Sequence[Portfolio], rules: EarlyWarnings | None = None) -> dict[str, str]:
    """Rule id -> reason code (:data:`REASONS`) of every rule in force that cannot be assessed for P, in the
    rules' order; ``{}`` when every rule was assessed (``warnings.not_assessed`` of key_figures.json)."""
    if not chain:
        return {}
    out = {}
    for rule in _rules(chain, rules).rules:
        reason = not_assessed_reason(chain, rule)
        if reason is not None:
            out[rule.id] = reason
    return out


# --------------------------------------------------------------------------------------------- rules


def gronn_status_rod_risiko(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status ``grønn`` and risiko ``rød`` in P."""
    p = chain[-1].projects
    hit = (p["status"] == "grønn").fillna(False) & (p["risk"] == "rød").fillna(False)
    return [(int(i), {"status": "grønn", "risk": "rød"}) for i in p.loc[hit, "id"]]


def _high_red_dependencies(portfolio: Portfolio) -> dict[int, list[str]]:
    """id -> its ``høy`` dependencies whose own status is ``rød`` (names as written, in file order)."""
    d = portfolio.dependencies
    hit = d.loc[(d["criticality"] == "høy").fillna(False) & (d["status"] == "rød").fillna(False)]
    out: dict[int, list[str]] = {}
    for pid, name in zip(hit["project_id"].tolist(), hit["dependency"].tolist()):
        out.setdefault(int(pid), []).append(str(name))
    return out


def gronn_status_rod_avhengighet(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status ``grønn`` in P and at least one dependency with kritikalitet ``høy`` and (its own) status ``rød``.

    The dependency's own status counts, whatever it points at (a dependency on a project that left counts
    by its own status, as report.md says).
    """
    current = chain[-1]
    status = _values(current, "status")
    red = _high_red_dependencies(current)
    return [(i, {"status": "grønn", "dependencies": tuple(names)})
            for i, names in sorted(red.items()) if status.get(i) == "grønn"]


def kostnadsvekst(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Totalkostnad reported in P and in the previous period, P's ≥ ``factor`` × the previous, and the rise
    ≥ ``min_increase`` millions of P's currency (both inclusive, compared as exact decimals; withheld in either:
    no warning). Two periods in different currencies are not compared as amounts: no warning across the change."""
    run = _run(chain, 2)
    if run is None:
        return []
    previous, current = run
    if not current.same_currency(previous):
        return []
    before, now = _amounts(previous, "total_cost"), _amounts(current, "total_cost")
    factor, least = rule.thresholds["factor"], rule.thresholds["min_increase"]
    hits = []
    for i in sorted(set(before) & set(now)):
        old, new = before[i], now[i]
        if old is None or new is None:
            continue
        if new >= factor * old and new - old >= least:
            hits.append((i, {"previous_period": previous.period, "previous": old, "current": new,
                             "increase": new - old, "ratio": (new / old) if old else None}))
    return hits


def _colour_run(chain: Sequence[Portfolio], rule: WarningRule, wanted: Callable[[object], bool],
                with_statuses: bool = False) -> list[Hit]:
    """Projects present in all of the rule's ``periods`` whose status satisfies ``wanted`` in each."""
    run = _run(chain, rule.periods)
    if run is None:
        return []
    statuses = [_values(p, "status") for p in run]
    hits = []
    for i in sorted(_present(run)):
        seen = [s[i] for s in statuses]
        if all(wanted(v) for v in seen):
            values: dict = {"periods": _periods(run)}
            if with_statuses:
                values["statuses"] = tuple(seen)
            hits.append((i, values))
    return hits


def vedvarende_rod(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status ``rød`` in P and the ``periods - 1`` periods just before it (present in all)."""
    return _colour_run(chain, rule, lambda v: v == "rød")


def lenge_gul_eller_rod(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status ``gul`` or ``rød`` in P and the ``periods - 1`` periods just before it (present in all)."""
    return _colour_run(chain, rule, lambda v: v in ELEVATED, with_statuses=True)


def lenge_ikke_vurdert(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status "ikke vurdert" (not reported) in P and the ``periods - 1`` periods just before it (present in all).
    A withheld status is a rating: it breaks the run."""
    return _colour_run(chain, rule, lambda v: v is None)


UNCHANGED_FIELDS = ("status", "risk", "budget", "total_cost", "status_comment")


def uendret_rapportering(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Status ``gul`` or ``rød`` in P, and status, risiko, budsjett, totalkostnad and statuskommentar
    identical in P and the ``periods - 1`` periods before it (present in all; not reported equals not
    reported; a withheld budget, total cost, status or risk in any of them: no warning)."""
    run = _run(chain, rule.periods)
    if run is None:
        return []
    columns = []
    for portfolio in run:
        columns.append({
            "status": _values(portfolio, "status"), "risk": _values(portfolio, "risk"),
            "budget": _amounts(portfolio, "budget"), "total_cost": _amounts(portfolio, "total_cost"),
            "status_comment": _values(portfolio, "status_comment"),
        })
    hits = []
    for i in sorted(_present(run)):
        if columns[-1]["status"].get(i) not in ELEVATED:
            continue
        if any(i not in c["budget"] or i not in c["total_cost"] for c in columns):  # withheld somewhere
            continue
        if any(c[f].get(i) == T.WITHHELD_RATING for c in columns for f in ("status", "risk")):
            continue
        first = {f: columns[0][f][i] for f in UNCHANGED_FIELDS}
        if all(c[f][i] == first[f] for c in columns[1:] for f in UNCHANGED_FIELDS):
            hits.append((i, {"periods": _periods(run), **first}))
    return hits


def forbi_planlagt_slutt(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """``planlagt_slutt`` collected and earlier than P's cut-off date (:func:`cutoff_date`), and fase not
    ``avslutning``. A period whose template does not collect it (no such column) gives no warning, nor does
    a project that left the date empty."""
    current = chain[-1]
    column = planned_end_column(current)
    if column is None:
        return []
    cutoff = cutoff_date(current)
    p = current.projects
    hits = []
    for i, end, phase in zip(p["id"].tolist(), p[column].tolist(), p["phase"].tolist()):
        end = as_date(end)
        if end is not None and end < cutoff and (_missing(phase) or str(phase) != CLOSING_PHASE):
            hits.append((int(i), {"planned_end": end, "cutoff": cutoff,
                                  "phase": None if _missing(phase) else str(phase)}))
    return sorted(hits, key=lambda h: h[0])


def gjennomforing_uten_gevinstplan(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """Fase ``gjennomføring`` and gevinstplan ``nei`` (a blank is unanswered, not ``nei``)."""
    p = chain[-1].projects
    plan = p["benefit_plan"].astype("boolean")
    hit = (p["phase"] == "gjennomføring").fillna(False) & (plan == False).fillna(False)  # noqa: E712 - NA stays NA
    return [(int(i), {"phase": "gjennomføring", "benefit_plan": False}) for i in p.loc[hit, "id"]]


def avhenger_av_rodt_prosjekt(chain: Sequence[Portfolio], rule: WarningRule) -> list[Hit]:
    """A dependency with kritikalitet ``høy`` on a portfolio project (``avhenger_av_id``) whose status is
    ``rød`` in P. A dependency on a project that is not in P (it left) does not count here; nor does a
    project's dependency on itself."""
    current = chain[-1]
    status, names = _values(current, "status"), _values(current, "name")
    d = current.dependencies
    high = d.loc[(d["criticality"] == "høy").fillna(False) & d["depends_on_id"].notna()]
    found: dict[int, set[int]] = {}
    for pid, target in zip(high["project_id"].tolist(), high["depends_on_id"].tolist()):
        pid, target = int(pid), int(target)
        if target != pid and status.get(target) == "rød":
            found.setdefault(pid, set()).add(target)
    return [(i, {"depends_on": tuple(sorted(t)), "depends_on_names": tuple(str(names[x]) for x in sorted(t))})
            for i, t in sorted(found.items())]


#: Rule id -> the template fields it compares (for provenance marks: what a warning rests on).
RULE_FIELDS: dict[str, tuple[str, ...]] = {
    "gronn_status_rod_risiko": ("status", "risiko"),
    "gronn_status_rod_avhengighet": ("status", "avhengigheter.kritikalitet", "avhengigheter.status"),
    "kostnadsvekst": ("totalkostnad",),
    "vedvarende_rod": ("id", "status"),
    "lenge_gul_eller_rod": ("id", "status"),
    "uendret_rapportering": ("id", "status", "risiko", "budsjett", "totalkostnad", "statuskommentar"),
    "forbi_planlagt_slutt": ("planlagt_slutt", "fase"),
    "gjennomforing_uten_gevinstplan": ("fase", "gevinstplan"),
    "avhenger_av_rodt_prosjekt": ("avhengigheter.kritikalitet", "avhengigheter.avhenger_av_id", "status"),
    "lenge_ikke_vurdert": ("id", "status"),
}


def fields_of(rule_ids: Iterable[str]) -> tuple[str, ...]:
    """The template fields the given rules compare, each once, in the rules' order; only fields the template
    declares (``planlagt_slutt`` is left out while no template version in :mod:`ehp_analysis.template` has it)."""
    known = {c.name if table == "prosjekter" else f"{table}.{c.name}"
             for table, columns in T.TABLES.items() for c in columns}
    return tuple(dict.fromkeys(f for r in rule_ids for f in RULE_FIELDS.get(r, ()) if f in known))


#: Rule id -> its function (report.md's order).
RULE_FUNCTIONS: dict[str, RuleFunction] = {
    "gronn_status_rod_risiko": gronn_status_rod_risiko,
    "gronn_status_rod_avhengighet": gronn_status_rod_avhengighet,
    "kostnadsvekst": kostnadsvekst,
    "vedvarende_rod": vedvarende_rod,
    "lenge_gul_eller_rod": lenge_gul_eller_rod,
    "uendret_rapportering": uendret_rapportering,
    "forbi_planlagt_slutt": forbi_planlagt_slutt,
    "gjennomforing_uten_gevinstplan": gjennomforing_uten_gevinstplan,
    "avhenger_av_rodt_prosjekt": avhenger_av_rodt_prosjekt,
    "lenge_ikke_vurdert": lenge_ikke_vurdert,
}


# ---------------------------------------------------------------------------------------- evaluation


def _rules(chain: Sequence[Portfolio], rules: EarlyWarnings | None) -> EarlyWarnings:
    return rules if rules is not None else chain[-1].reference.early_warnings


def evaluate(chain: Sequence[Portfolio], rules: EarlyWarnings | None = None) -> pd.DataFrame:
    """Every early warning of P (the chain's last period).

    Parameters
    ----------
    chain : sequence of Portfolio
        The period's chain, oldest first, P last (one period is a chain too).
    rules : EarlyWarnings, optional
        Default: P's own (``reference.early_warnings``, the shipped file or the period's ``early_warnings_file``).

    Returns
    -------
    DataFrame
        ``rule, title, id, name, organisation, values``: one row per rule and project that triggers it, in
        the rules' order, then by id. ``values`` is a dict of what triggered it (amounts as ``Decimal``,
        dates as ``datetime.date``), for :func:`ehp_analysis.text.warning_values` to say in Norwegian.
    """
    if not chain:
        return pd.DataFrame(columns=COLUMNS)
    current = chain[-1]
    names, orgs = _values(current, "name"), _values(current, "organisation")
    rows = []
    for rule in _rules(chain, rules).rules:
        for i, values in RULE_FUNCTIONS[rule.id](chain, rule):
            rows.append({"rule": rule.id, "title": rule.shown("title"), "id": i, "name": names.get(i),
                         "organisation": orgs.get(i), "values": values})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["id"] = out["id"].astype("int64")
    return out


def for_project(warnings: pd.DataFrame, project_id: int) -> pd.DataFrame:
    """The rows of :func:`evaluate` for one project (Vedlegg 3 – Tiltaksoversikt), in the rules' order."""
    return warnings.loc[warnings["id"] == int(project_id)].reset_index(drop=True)


def project_warnings(chain: Sequence[Portfolio], project_id: int, rules: EarlyWarnings | None = None) -> pd.DataFrame:
    """The early warnings one project of P triggers (:func:`evaluate` then :func:`for_project`).

    For one project. A page of every project should call :func:`evaluate` once and :func:`for_project`
    per project.
    """
    return for_project(evaluate(chain, rules), project_id)


def ids_by_rule(chain: Sequence[Portfolio], rules: EarlyWarnings | None = None,
                warnings: pd.DataFrame | None = None) -> dict[str, list[int] | None]:
    """Rule id -> sorted ids of the projects that trigger it; every rule in force present: ``[]`` when it was
    assessed and fired for nobody, ``None`` when it cannot be assessed (:func:`not_assessed`)."""
    warnings = evaluate(chain, rules) if warnings is None else warnings
    grouped = warnings.groupby("rule")["id"].apply(list).to_dict() if len(warnings) else {}
    skipped = not_assessed(chain, rules)
    return {rule.id: None if rule.id in skipped else sorted_ids(grouped.get(rule.id, []))
            for rule in _rules(chain, rules).rules}


def overview(chain: Sequence[Portfolio], rules: EarlyWarnings | None = None,
             warnings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per rule in force: what the section shows about it.

    Returns
    -------
    DataFrame
        ``rule, title, explanation, thresholds`` (the rule's, as in the reference file), ``periods`` (how many
        consecutive periods it needs), ``not_assessed`` (``None`` when the rule was assessed, else the reason
        code of :func:`not_assessed_reason`), ``count`` and ``ids`` of the projects triggering it (``None`` when
        not assessed), ``other_currency`` (``kostnadsvekst`` when the previous period's amounts are in another
        currency: never compared, so ``not_reported``). ``attrs["cutoff"]`` is P's cut-off date, ``attrs["chain_length"]`` the number of
        periods in the chain and ``attrs["n_withheld"]`` the number of P's projects whose status or risk is
        withheld (left out of the rules that use it).
    """
    rules = _rules(chain, rules)
    by_rule = ids_by_rule(chain, rules, warnings)
    skipped = not_assessed(chain, rules)
    other_currency = len(chain) > 1 and not chain[-1].same_currency(chain[-2])
    rows = []
    for rule in rules.rules:
        ids = by_rule[rule.id]
        rows.append({"rule": rule.id, "title": rule.shown("title"), "explanation": rule.shown("explanation"),
                     "thresholds": dict(rule.thresholds), "periods": periods_needed(rule),
                     "not_assessed": skipped.get(rule.id), "count": None if ids is None else len(ids), "ids": ids,
                     "other_currency": other_currency and rule.id == "kostnadsvekst"})
    out = pd.DataFrame(rows, columns=["rule", "title", "explanation", "thresholds", "periods", "not_assessed", "count",
                                      "ids", "other_currency"])
    p = chain[-1].projects
    withheld = (p["status"].astype("object") == T.WITHHELD_RATING) | (p["risk"].astype("object") == T.WITHHELD_RATING)
    out.attrs.update(cutoff=cutoff_date(chain[-1]), chain_length=len(chain), n_withheld=int(withheld.sum()))
    return out


__all__ = ["COLUMNS", "REASONS", "RULE_FIELDS", "RULE_FUNCTIONS", "as_date", "fields_of", "cutoff_date", "evaluate",
           "for_project", "ids_by_rule", "not_assessed", "not_assessed_reason", "overview", "periods_needed",
           "planned_end_column", "project_warnings"] + list(RULE_FUNCTIONS)
