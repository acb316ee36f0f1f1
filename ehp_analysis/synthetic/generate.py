"""Generate the periods of a synthetic history: an internal state per period, rendered in the template's form.

The state holds numeric codes and float amounts and moves from period to period with vectorised numpy
operations (projects leave and join, colours and phases move, budgets change, some projects stop or
start reporting a budget, a few change focus area). :func:`_render` turns it into the three tables as
a submission holds them. Writing them to disk or typing them into Portfolios is :mod:`.output`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import template as T
from ..config import check_period
from ..exceptions import SyntheticSpecError
from ..reference import Reference, load_reference
from . import versions

__all__ = ["SyntheticPeriod", "generate_history", "MONTHS_BETWEEN_PERIODS", "STRATEGY"]

MONTHS_BETWEEN_PERIODS = 4
STRATEGY = "2017-2022"

# --- probabilities: chosen to resemble the published January 2020 portfolio -------------------
_P_PROGRAM = 0.15
_P_PHASE = (0.10, 0.25, 0.55, 0.10)
_P_STATUS = (0.45, 0.47, 0.08)
_P_RISK = (0.30, 0.62, 0.08)
_P_BUDGET_MISSING, _P_TOTAL_MISSING, _P_MAINT_MISSING = 0.08, 0.13, 0.50
_P_WITHHELD = 0.005
_P_BENEFITS = 0.44
_P_YESNO = (0.60, 0.30)            # ja, nei; the rest is unanswered
_P_EPJ = (0.35, 0.20, 0.25, 0.12)  # ingen, lav, middels, høy; the rest is unanswered
_P_MUNICIPAL = (0.30, 0.62)        # ja, nei; the rest is unanswered
_P_OWNER_MISSING = 0.08
_P_DASH_FOR_MISSING = 0.10         # a not-reported amount written "-" or "–" instead of empty
# Between periods.
_P_LEAVE, _P_LEAVE_CLOSING = 0.06, 0.45
_P_JOIN = 0.09
_P_EXPLAINED = 0.85                # leavers with an avsluttede row
_P_STATUS_MOVE, _P_RISK_MOVE, _P_PHASE_MOVE = 0.25, 0.20, 0.20
_P_STOP_REPORTING, _P_START_REPORTING = 0.03, 0.35
_P_FOCUS_CHANGE = 0.01
_P_DEP_RESOLVED, _P_DEP_STATUS_MOVE, _EXTRA_DEPS = 0.10, 0.15, 0.15
# Dependencies.
_P_DEP_INTERNAL = 0.35
_P_CATEGORY = (0.40, 0.12, 0.16, 0.24, 0.08)  # in template.CATEGORIES order
_P_CRITICALITY = (0.13, 0.28, 0.59)
_P_DEP_STATUS = (0.72, 0.22, 0.06)
_P_THEME = 0.30
_REASON_WEIGHTS = (5.0, 3.0, 2.0, 2.5, 2.0, 1.0, 1.0, 1.0)

# --- vocabulary (Norwegian; some cells hold commas and quotes on purpose, to exercise quoting) ----
_VERBS = np.array(["Modernisering av", "Innføring av", "Utvikling av", "Felles", "Nasjonal", "Regional",
                   "Digital", "Ny", "Videreutvikling av", "Samordning av"], dtype=object)
_OBJECTS = np.array(["journalløsning", "legemiddelkjede", "helsedataplattform", "e-resept",
                     "kjernejournal", "velferdsteknologi", "samhandling i pasientforløp", "videokonsultasjon",
                     "meldingsutveksling", "kodeverk og terminologi", "laboratoriesvar", "bildedeling",
                     "pasient-, bruker- og pårørendetjenester", "innbyggertjenester på Helsenorge",
                     "tilgangsstyring", "helseregistre", "kritisk informasjon", "smittesporing"], dtype=object)
_FIRST = np.array(["Kari", "Ola", "Ingrid", "Per", "Siri", "Øystein", "Åse", "Bjørn", "Marte", "Håkon",
                   "Nina", "Jørgen", "Eva", "Lars", "Tone", "Ærlig"], dtype=object)
_LAST = np.array(["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
                  "Jensen", "Karlsen", "Berg", "Haugen", "Dahl", "Bråthen", "Sæther", "Løvås"], dtype=object)
_DESCRIPTIONS = np.array([
    "Prosjektet skal gi helsepersonell tilgang til oppdaterte opplysninger der de trengs.",
    "Programmet samordner innføringen i regionen, og fases inn over flere år.",
    'Tiltaket følger opp «Én innbygger – én journal» og leverer "steg 1" i løpet av året.',
    "Etablere felles løsning for kommunene; pilot i to kommuner før nasjonal utbredelse.",
    "Bedre bruk av helsedata til forskning, styring og kvalitetsforbedring.",
], dtype=object)
_STATUS_COMMENTS = np.array([
    "Forsinket leveranse fra leverandør; ny plan er under utarbeidelse.",
    "Finansiering for neste fase er ikke avklart.",
    "Mangler nøkkelressurser, og avhengighet til felleskomponent er ikke løst.",
], dtype=object)
_RISK_COMMENTS = np.array([
    "Høy risiko for at gevinstene ikke realiseres uten tilpasning i journalløsningene.",
    "Usikker fremdrift hos leverandør, og regelverket er ikke avklart.",
], dtype=object)
_NEXT_STEPS = np.array([
    "Overført til drift og forvaltning",
    "Avsluttet; leveransene er tatt i bruk",
    "Slått sammen med et annet prosjekt i porteføljen",
    "Stanset, finansiering ikke videreført",
    "Videreføres utenfor porteføljen, i linjen",
], dtype=object)
# (dependency text, category index into template.CATEGORIES)
_COMPONENTS = (
    ("HelseID", 3), ("Kjernejournal", 0), ("e-resept", 0), ("Norsk helsenett", 3), ("Helsenorge", 0),
    ("Grunndata", 3), ("Enhetlig virksomhetsstruktur/RESH", 3), ("DIPS Arena", 0),
    ("Pasientjournalloven", 4), ("Forskrift om tilgang til helseopplysninger", 4),
    ("Normen", 1), ("Personvernforordningen (GDPR)", 1), ("Tilgangsstyring, logging og innsyn", 1),
    ("FHIR-profiler", 2), ("Kodeverk: ICD-11 og SNOMED CT", 2), ("Meldingsstandarder", 2),
)
_COMPONENT_TEXT = np.array([c[0] for c in _COMPONENTS], dtype=object)
_COMPONENT_CATEGORY = np.array([c[1] for c in _COMPONENTS])
_THEMES = np.array([
    "tilpasning av journalløsninger og kliniske fagsystemer",
    "felleskomponenter i Felles grunnmur",
    "leveranse av DIPS Arena",
    "apotekkjeder og deres leverandører på multidose i e-resept",
    "annet",
], dtype=object)
_WITHHELD_SPELLINGS = np.array(["unntatt offentlighet", "Unntatt offentlighet", "u.off."], dtype=object)

AMOUNTS = (("budget", "budsjett"), ("total_cost", "totalkostnad"),
            ("maintenance_cost", "forvaltningskostnad"), ("benefits", "gevinster"))
_YES_NO_FIELDS = T.BENEFIT_QUESTIONS + ("municipal_prerequisite",)


@dataclass(frozen=True, eq=False)
class SyntheticPeriod:
    """One generated period, in the submission template's form.

    Attributes
    ----------
    period : str
        ``YYYY-MM``.
    previous_period : str or None
        The period before it in the history (``None`` for the first).
    prosjekter, avhengigheter, avsluttede : DataFrame
        The three tables with the template's Norwegian column names, cells as a submission holds
        them: ids as integers (``avhenger_av_id`` nullable ``Int64``), everything else as text,
        ``""`` for a blank cell, amounts with a decimal point (``"31.5"``), ``"-"``/``"–"`` now and
        then for not reported, and ``unntatt offentlighet``/``u.off.`` for withheld amounts.
    """

    period: str
    previous_period: str | None
    prosjekter: pd.DataFrame
    avhengigheter: pd.DataFrame
    avsluttede: pd.DataFrame
    template: str = T.DEFAULT_TEMPLATE

    @property
    def strategy(self) -> str:
        """The shipped strategy the period reports against (its template version's)."""
        return T.template_version(self.template).strategy

    @property
    def budget_year(self) -> int:
        return int(self.period[:4])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SyntheticPeriod):
            return NotImplemented
        return (self.period == other.period and self.previous_period == other.previous_period
                and self.template == other.template
                and all(getattr(self, t).equals(getattr(other, t)) for t in T.TABLES))

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------------
# Internal state
# ---------------------------------------------------------------------------------------------

@dataclass
class _Vocab:
    organisations: np.ndarray  # reference spelling, in the reference file's order
    focus_areas: np.ndarray    # codes, sorted

    @classmethod
    def from_reference(cls, reference: Reference) -> _Vocab:
        orgs = np.array(list(reference.organisations.owner_group), dtype=object)
        codes = sorted(reference.strategy.focus_areas, key=lambda c: tuple(int(x) for x in c.split(".")))
        return cls(orgs, np.array(codes, dtype=object))


def _choice(rng: np.random.Generator, n: int, p: tuple[float, ...]) -> np.ndarray:
    """Codes ``0..len(p)-1`` with those probabilities; ``-1`` (blank) for the remaining mass."""
    u = rng.random(n)
    edges = np.cumsum(p)
    codes = np.searchsorted(edges, u, side="right").astype(np.int8)
    # A complete distribution never yields "blank" (cumsum may fall a hair short of 1).
    codes[codes >= len(p)] = len(p) - 1 if abs(sum(p) - 1.0) < 1e-9 else -1
    return codes


def _round_amounts(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Round like people type amounts: whole, one, two or three decimals (``2,075``, ``6,15``)."""
    decimals = rng.choice(4, size=len(x), p=(0.3, 0.4, 0.2, 0.1))
    scale = 10.0 ** decimals
    return np.maximum(np.round(x * scale) / scale, 0.0)


def _lognormal(rng: np.random.Generator, n: int, median: float, sigma: float, cap: float) -> np.ndarray:
    return np.minimum(rng.lognormal(np.log(median), sigma, n), cap)


def _reason_masks(rng: np.random.Generator, n: int) -> np.ndarray:
    """Bit masks of 1–3 distinct reasons each (weighted sampling without replacement)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    keys = rng.random((n, len(T.REASONS))) ** (1.0 / np.asarray(_REASON_WEIGHTS))
    order = np.argsort(-keys, axis=1, kind="stable")
    k = rng.choice((1, 2, 3), size=n, p=(0.5, 0.35, 0.15))
    take = np.arange(len(T.REASONS))[None, :] < k[:, None]
    bits = np.where(take, 1 << order, 0)
    return bits.sum(axis=1)


_REASON_TEXT = np.array(["|".join(r for i, r in enumerate(T.REASONS) if m >> i & 1)
                         for m in range(1 << len(T.REASONS))], dtype=object)


def _new_projects(rng: np.random.Generator, ids: np.ndarray, vocab: _Vocab, *, joining: bool) -> pd.DataFrame:
    """Fresh projects with the given ids (internal codes and float amounts)."""
    n = len(ids)
    is_program = rng.random(n) < _P_PROGRAM
    phase_p = (0.35, 0.45, 0.20, 0.0) if joining else _P_PHASE
    status = _choice(rng, n, _P_STATUS)
    budget = _lognormal(rng, n, 12.0, 1.3, 1500.0) * np.where(is_program, 3.0, 1.0)
    total = np.maximum(budget * np.maximum(_lognormal(rng, n, 5.0, 0.9, 60.0), 1.0), 0.5)
    frame = pd.DataFrame({
        "id": ids.astype(np.int64),
        "name": (_VERBS[rng.integers(0, len(_VERBS), n)] + " " + _OBJECTS[rng.integers(0, len(_OBJECTS), n)]
                 + " " + ids.astype(str).astype(object)),
        "program": is_program,
        "org": rng.integers(0, len(vocab.organisations), n),
        "owner": np.where(rng.random(n) < _P_OWNER_MISSING, "",
                          _FIRST[rng.integers(0, len(_FIRST), n)] + " " + _LAST[rng.integers(0, len(_LAST), n)]),
        "focus": rng.integers(0, len(vocab.focus_areas), n),
        "phase": _choice(rng, n, phase_p),
        "status": status,
        "risk": _choice(rng, n, _P_RISK),
        "reasons": _reason_masks(rng, n),
        "budget": _round_amounts(rng, budget),
        "total_cost": _round_amounts(rng, total),
        "maintenance_cost": _round_amounts(rng, _lognormal(rng, n, 3.0, 1.0, 200.0)),
        "benefits": np.where(rng.random(n) < _P_BENEFITS,
                             _round_amounts(rng, _lognormal(rng, n, 60.0, 1.6, 5000.0)), np.nan),
        "benefits_zero": rng.random(n) < 0.4,  # a project with none writes 0 or leaves it empty
        "epj": _choice(rng, n, _P_EPJ),
        "description": _DESCRIPTIONS[rng.integers(0, len(_DESCRIPTIONS), n)],
        "comment": rng.integers(0, len(_STATUS_COMMENTS), n),
    })
    frame.loc[frame["phase"] < 0, "phase"] = 0
    for field in T.BENEFIT_QUESTIONS:
        frame[field] = _choice(rng, n, _P_YESNO)
    frame["municipal_prerequisite"] = _choice(rng, n, _P_MUNICIPAL)
    for field, p_missing in (("budget", _P_BUDGET_MISSING), ("total_cost", _P_TOTAL_MISSING),
                             ("maintenance_cost", _P_MAINT_MISSING)):
        frame.loc[rng.random(n) < p_missing, field] = np.nan
    for field, _ in AMOUNTS:
        frame[f"{field}_withheld"] = rng.random(n) < _P_WITHHELD
    return frame


def _new_ids(rng: np.random.Generator, n: int, after: int) -> np.ndarray:
    """``n`` increasing ids above ``after``, with small gaps as in the real portfolio."""
    return after + np.cumsum(rng.integers(1, 4, n)).astype(np.int64)


def _new_dependencies(rng: np.random.Generator, projects: pd.DataFrame, positions: np.ndarray,
                      per_project: float) -> pd.DataFrame:
    """Dependencies of the projects at ``positions`` of ``projects`` (targets: any project in it)."""
    counts = rng.poisson(per_project, len(positions))
    source = np.repeat(positions, counts)
    m = len(source)
    ids = projects["id"].to_numpy()
    names = projects["name"].to_numpy()
    n_all = len(ids)
    internal = (rng.random(m) < _P_DEP_INTERNAL) & (n_all > 1)
    target = rng.integers(0, max(n_all, 1), m)
    target = np.where(target == source, (target + 1) % max(n_all, 1), target)
    component = rng.integers(0, len(_COMPONENTS), m)
    category = np.where(internal, _choice(rng, m, _P_CATEGORY), _COMPONENT_CATEGORY[component])
    status = _choice(rng, m, _P_DEP_STATUS)
    with_theme = (status == 2) | (rng.random(m) < _P_THEME)
    depends_on = pd.array(ids[target], dtype="Int64")
    depends_on[~internal] = pd.NA
    return pd.DataFrame({
        "project_id": ids[source],
        "dependency": np.where(internal, names[target], _COMPONENT_TEXT[component]),
        "depends_on_id": depends_on,
        "category": category.astype(np.int8),
        "criticality": _choice(rng, m, _P_CRITICALITY),
        "status": status,
        "theme": np.where(with_theme, _THEMES[rng.integers(0, len(_THEMES), m)], ""),
    })


def _shift(rng: np.random.Generator, codes: np.ndarray, p_move: float, top: int) -> np.ndarray:
    """Move some codes one step up or down, staying within ``0..top``."""
    move = rng.random(len(codes)) < p_move
    step = np.where(rng.random(len(codes)) < 0.5, -1, 1)
    return np.clip(codes + np.where(move, step, 0), 0, top).astype(codes.dtype)


@dataclass
class _State:
    period: str
    projects: pd.DataFrame
    dependencies: pd.DataFrame
    left: pd.DataFrame  # id, next_steps (index into _NEXT_STEPS)


def _first_state(rng: np.random.Generator, n: int, period: str, vocab: _Vocab, per_project: float) -> _State:
    projects = _new_projects(rng, _new_ids(rng, n, 0), vocab, joining=False)
    deps = _new_dependencies(rng, projects, np.arange(n), per_project)
    return _State(period, projects, deps, pd.DataFrame({"id": np.zeros(0, np.int64), "next_steps": np.zeros(0, int)}))


def _next_state(rng: np.random.Generator, prev: _State, period: str, vocab: _Vocab, per_project: float,
                target_size: int) -> _State:
    old = prev.projects
    n_old = len(old)
    p_leave = np.where(old["phase"].to_numpy() == 3, _P_LEAVE_CLOSING, _P_LEAVE)
    leaving = rng.random(n_old) < p_leave
    if n_old >= 2 and not leaving.any():
        leaving[rng.integers(0, n_old)] = True
    stay = old.loc[~leaving].reset_index(drop=True)
    n = len(stay)

    # Continuing projects move.
    stay["status"] = _shift(rng, stay["status"].to_numpy(), _P_STATUS_MOVE, 2)
    stay["risk"] = _shift(rng, stay["risk"].to_numpy(), _P_RISK_MOVE, 2)
    stay["phase"] = np.minimum(stay["phase"].to_numpy() + (rng.random(n) < _P_PHASE_MOVE), 3).astype(np.int8)
    stay["reasons"] = np.where(rng.random(n) < 0.5, _reason_masks(rng, n), stay["reasons"].to_numpy())
    moved_focus = rng.random(n) < _P_FOCUS_CHANGE
    stay["focus"] = np.where(moved_focus, rng.integers(0, len(vocab.focus_areas), n), stay["focus"].to_numpy())
    stay["comment"] = rng.integers(0, len(_STATUS_COMMENTS), n)

    budget = stay["budget"].to_numpy()
    reported = ~np.isnan(budget)
    withheld = stay["budget_withheld"].to_numpy()
    changed = _round_amounts(rng, budget * np.exp(rng.normal(0.02, 0.2, n)))
    fresh = _round_amounts(rng, _lognormal(rng, n, 12.0, 1.3, 1500.0))
    stops = reported & (rng.random(n) < _P_STOP_REPORTING)
    starts = ~reported & ~withheld & (rng.random(n) < _P_START_REPORTING)
    stay["budget"] = np.where(stops, np.nan, np.where(starts, fresh, changed))
    total = stay["total_cost"].to_numpy()
    stay["total_cost"] = np.where(np.isnan(total) & (rng.random(n) < 0.2),
                                  _round_amounts(rng, _lognormal(rng, n, 60.0, 1.2, 20000.0)),
                                  _round_amounts(rng, total * np.exp(rng.normal(0.03, 0.1, n))))
    maint = stay["maintenance_cost"].to_numpy()
    stay["maintenance_cost"] = _round_amounts(rng, maint * np.exp(rng.normal(0.0, 0.1, n)))
    for field in _YES_NO_FIELDS:  # some answers get filled in, a few change
        codes = stay[field].to_numpy()
        redraw = (codes < 0) & (rng.random(n) < 0.3) | (rng.random(n) < 0.05)
        stay[field] = np.where(redraw, _choice(rng, n, (0.7, 0.3)), codes).astype(np.int8)

    # New projects join: enough to drift around the target size.
    n_new = int(rng.binomial(max(target_size, 1), _P_JOIN)) + max(target_size - n_old, 0) // 2
    n_new = max(n_new, 1)
    new = _new_projects(rng, _new_ids(rng, n_new, int(old["id"].max()) if n_old else 0), vocab, joining=True)
    projects = pd.concat([stay, new], ignore_index=True)
    current = projects["id"].to_numpy()

    # Dependencies: continuing ones stay unless resolved or their target left; new ones are added.
    deps = prev.dependencies
    keep = (np.isin(deps["project_id"].to_numpy(), current)
            & (deps["depends_on_id"].isna().to_numpy()
               | np.isin(deps["depends_on_id"].fillna(0).to_numpy(), current))
            & (rng.random(len(deps)) >= _P_DEP_RESOLVED))
    deps = deps.loc[keep].reset_index(drop=True)
    deps["status"] = _shift(rng, deps["status"].to_numpy(), _P_DEP_STATUS_MOVE, 2)
    untold = (deps["status"].to_numpy() == 2) & (deps["theme"].to_numpy() == "")  # red ones get a theme
    deps["theme"] = np.where(untold, _THEMES[rng.integers(0, len(_THEMES), len(deps))], deps["theme"].to_numpy())
    added = _new_dependencies(rng, projects, np.arange(n, len(projects)), per_project)
    extra = _new_dependencies(rng, projects, np.arange(n), per_project * _EXTRA_DEPS)
    deps = pd.concat([deps, added, extra], ignore_index=True)
    deps = deps.sort_values("project_id", kind="stable").reset_index(drop=True)

    left_ids = old.loc[leaving, "id"].to_numpy()
    explained = rng.random(len(left_ids)) < _P_EXPLAINED
    left = pd.DataFrame({"id": left_ids[explained],
                         "next_steps": rng.integers(0, len(_NEXT_STEPS), int(explained.sum()))})
    return _State(period, projects, deps, left)


# ---------------------------------------------------------------------------------------------
# Rendering in the template's form
# ---------------------------------------------------------------------------------------------

_PHASES = np.array(T.PHASES, dtype=object)
_COLOURS = np.array(T.COLOURS, dtype=object)
_TYPES = np.array(T.TYPES, dtype=object)
_EPJ = np.array(T.EPJ_LEVELS + ("",), dtype=object)     # code -1 -> ""
_YES_NO = np.array(("ja", "nei", ""), dtype=object)      # codes 0 ja, 1 nei, -1 ""
_CATEGORIES = np.array(T.CATEGORIES, dtype=object)
_CRITICALITY = np.array(T.CRITICALITY, dtype=object)


def _amount_text(rng: np.random.Generator, values: np.ndarray, withheld: np.ndarray,
                 zero_if_missing: np.ndarray | None = None) -> np.ndarray:
    text = pd.Series(values, dtype="float64").astype(str).str.replace(r"\.0$", "", regex=True).to_numpy(dtype=object)
    missing = np.isnan(values)
    blank = np.where(rng.random(len(values)) < _P_DASH_FOR_MISSING,
                     np.where(rng.random(len(values)) < 0.5, "-", "–"), "")
    if zero_if_missing is not None:  # gevinster: empty or 0 both mean "none quantified"
        blank = np.where(zero_if_missing, "0", "")
    text = np.where(missing, blank, text)
    spelling = _WITHHELD_SPELLINGS[rng.integers(0, len(_WITHHELD_SPELLINGS), len(values))]
    return np.where(withheld, spelling, text)


def _render(rng: np.random.Generator, state: _State, vocab: _Vocab, template: str = T.DEFAULT_TEMPLATE,
            extra: np.random.Generator | None = None) -> SyntheticPeriod:
    p = state.projects
    status = p["status"].to_numpy()
    risk = p["risk"].to_numpy()
    elevated = status > 0
    out = {
        "id": p["id"].to_numpy(),
        "navn": p["name"].to_numpy(),
        "type": _TYPES[p["program"].to_numpy().astype(int)],
        "ansvarlig_virksomhet": vocab.organisations[p["org"].to_numpy()],
        "prosjekteier": p["owner"].to_numpy(),
        "innsatsomrade": vocab.focus_areas[p["focus"].to_numpy()],
        "fase": _PHASES[p["phase"].to_numpy()],
        "status": _COLOURS[status],
        "risiko": _COLOURS[risk],
        "statusarsaker": np.where(elevated, _REASON_TEXT[p["reasons"].to_numpy()], ""),
    }
    for field, column in AMOUNTS:
        zero = p["benefits_zero"].to_numpy() if field == "benefits" else None
        out[column] = _amount_text(rng, p[field].to_numpy(dtype="float64"), p[f"{field}_withheld"].to_numpy(), zero)
    for field in _YES_NO_FIELDS:
        out[T.column_of("prosjekter", field)] = _YES_NO[p[field].to_numpy()]
    out["epj_kritikalitet"] = _EPJ[p["epj"].to_numpy()]
    out["statuskommentar"] = np.where(status == 2, _STATUS_COMMENTS[p["comment"].to_numpy()], "")
    out["risikokommentar"] = np.where(risk == 2, _RISK_COMMENTS[p["comment"].to_numpy() % len(_RISK_COMMENTS)], "")
    out["beskrivelse"] = p["description"].to_numpy()
    out["del_av_program"] = np.full(len(p), "", dtype=object)  # no memberships (sums are over rows anyway)
    if template == "2023":
        out = versions.render_2023(extra, p, out)
    prosjekter = pd.DataFrame(out)[versions.project_columns(template)]
    for col in prosjekter.columns.drop("id"):
        prosjekter[col] = prosjekter[col].astype(object)

    d = state.dependencies
    avhengigheter = pd.DataFrame({
        "prosjekt_id": d["project_id"].to_numpy(dtype=np.int64),
        "avhengighet": d["dependency"].to_numpy(dtype=object),
        "avhenger_av_id": pd.array(d["depends_on_id"], dtype="Int64"),
        "kategori": _CATEGORIES[d["category"].to_numpy(dtype=int)],
        "kritikalitet": _CRITICALITY[d["criticality"].to_numpy(dtype=int)],
        "status": _COLOURS[d["status"].to_numpy(dtype=int)],
        "tema": d["theme"].to_numpy(dtype=object),
    })
    avsluttede = pd.DataFrame({"id": state.left["id"].to_numpy(dtype=np.int64),
                               "veien_videre": _NEXT_STEPS[state.left["next_steps"].to_numpy(dtype=int)]})
    return SyntheticPeriod(state.period, None, prosjekter, avhengigheter, avsluttede, template)


def _period_after(period: str, steps: int, months: int = MONTHS_BETWEEN_PERIODS) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 + steps * months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def generate_history(n_projects: int, n_periods: int = 1, *, seed: int = 0, start: str = "2021-01",
                     dependencies_per_project: float = 2.4,
                     reference: Reference | None = None, months_between: int = MONTHS_BETWEEN_PERIODS,
                     template_from: str | None = None, p_return: float = 0.0) -> list[SyntheticPeriod]:
    """Generate ``n_periods`` consecutive periods of a synthetic portfolio.

    Parameters
    ----------
    n_projects : int
        Projects in the first period; later periods drift around this size as projects leave
        and join.
    n_periods : int
        Number of periods, each :data:`MONTHS_BETWEEN_PERIODS` months after the one before
        (``2021-01``, ``2021-05``, ``2021-09``, ``2022-01`` …).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same arguments give the same history.
    start : str
        The first period, ``YYYY-MM``.
    dependencies_per_project : float
        Mean number of dependency rows per project.
    reference : Reference, optional
        Organisations and strategy to draw from; default the shipped reference (2017–2022).
    months_between : int
        Months from one period to the next (default :data:`MONTHS_BETWEEN_PERIODS`).
    template_from : str, optional
        The first period (``YYYY-MM``) that reports in the ``2023`` template against the 2023-2030 strategy;
        the periods before it use the ``2020`` template (default: every period does).
    p_return : float
        Chance per period that a project that left comes back after an absence (default 0: none does).

    Returns
    -------
    list of SyntheticPeriod
        Oldest first. Ids are unique within a period and stable across periods; new projects get new
        ids, and a project that leaves comes back (with its old id) only when ``p_return`` says so.

    Raises
    ------
    ValueError
        If ``n_projects`` < 1 or ``n_periods`` < 1.
    PeriodNameError
        If ``start`` is not ``YYYY-MM``.
    """
    if n_projects < 1 or n_periods < 1:
        raise SyntheticSpecError("n_projects and n_periods must be at least 1")
    check_period(start)
    if template_from is not None:
        check_period(template_from)
    vocab = _Vocab.from_reference(reference or load_reference(STRATEGY))
    rng = np.random.default_rng(seed)
    # The 2023 fields and the returning projects draw from streams of their own (see .versions).
    extra, returning = np.random.default_rng([seed, 2023]), np.random.default_rng([seed, 1])
    history: list[SyntheticPeriod] = []
    state = None
    gone = pd.DataFrame()
    for k in range(n_periods):
        period = _period_after(start, k, months_between)
        if state is None:
            state = _first_state(rng, n_projects, period, vocab, dependencies_per_project)
        else:
            before = state.projects
            state = _next_state(rng, state, period, vocab, dependencies_per_project, n_projects)
            if p_return:
                state.projects, gone = versions.bring_back(returning, before, state.projects, gone, k, p_return)
        template = "2023" if template_from is not None and period >= template_from else T.DEFAULT_TEMPLATE
        if template == "2023":
            state.projects = versions.fill_2023(extra, state.projects, vocab.focus_areas, period,
                                                moving=period > template_from)
        rendered = _render(rng, state, vocab, template, extra)
        history.append(SyntheticPeriod(period, history[-1].period if history else None, rendered.prosjekter,
                                       rendered.avhengigheter, rendered.avsluttede, template))
    return history
