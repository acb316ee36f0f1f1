"""The submission template (innrapportering), declared once, in every version.

Column names stay in Norwegian (it is the sector's form); each maps to one English name used
everywhere after loading. The owners' guide to every column is ``docs/mal.md`` (``tests/test_docs.py`` checks it
against the declarations below).

The office revises the template now and then; each version is declared once below (:data:`VERSIONS`: its
tables and columns, which are required, the allowed values) and a period names its own (``template:`` in its
parameters, ``"2020"`` when missing). Every version loads into the one typed model; a field a version does not
collect is *not collected* (:meth:`TemplateVersion.not_collected`), which is not the same as not reported.
:data:`PROJECT_COLUMNS` and :data:`TABLES` are the ``2020`` version's, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("grønn", "gul", "rød")
# A status or risk not reported (`-`, `–`, empty): its own category, never a colour. Typed as missing.
NOT_ASSESSED = "ikke vurdert"
# A status or risk exempt from public disclosure (`unntatt offentlighet` / `u.off.`): the rating exists, so it is
# its own category, shown in these words, never a colour and never "ikke vurdert" (input-template.md).
WITHHELD_RATING = "unntatt offentlighet"
TYPES = ("prosjekt", "program")
PHASES = ("konsept", "planlegging", "gjennomføring", "avslutning")
REASONS = ("forsinkelser", "ressurser", "finansiering", "avhengigheter", "leverandør", "kvalitet",
           "forankring", "annet")
EPJ_LEVELS = ("ingen", "lav", "middels", "høy")
CRITICALITY = ("lav", "middels", "høy")
CATEGORIES = (
    "Tjenester og applikasjoner",
    "Personvern og informasjonssikkerhet",
    "Standarder, kodeverk og terminologi",
    "Infrastruktur og felleskomponenter",
    "Regelverk",
)
BENEFIT_QUESTIONS = ("benefit_owner", "justification", "benefits_identified", "benefit_plan",
                     "benefit_realisation")
MATURITY_PHASES = ("planlegging", "gjennomføring")
MATURITY_LEVELS = ("lav", "middels", "høy")

# ASCII fallbacks the template accepts, on top of any case.
ASCII_FALLBACKS = {"gronn": "grønn", "rod": "rød", "gjennomforing": "gjennomføring", "hoy": "høy"}
YES_NO = {"ja": True, "nei": False, "1": True, "0": False}
WITHHELD_MARKERS = ("unntatt offentlighet", "u.off.")


def is_withheld(text: str) -> bool:
    """Does a cell say withheld (``unntatt offentlighet`` / ``u.off.``, any case, spaces around ignored)?"""
    return str(text).strip().casefold() in WITHHELD_MARKERS
MISSING_MARKERS = ("", "-", "–")


@dataclass(frozen=True)
class Column:
    """One column of a template table."""

    name: str          # Norwegian, as in the template
    field: str         # English name after loading
    kind: str          # int | text | amount | choice | list | yesno | focus | org | goal | goals | date
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""
    # A required column whose value may still be not reported: "ikke vurdert" (status and risiko).
    may_be_not_assessed: bool = False
    # A column that accepts a withheld rating (`unntatt offentlighet` / `u.off.`) as the category
    # WITHHELD_RATING (status and risiko); any other non-amount column refuses it.
    may_be_withheld: bool = False
    # An amount that may be negative (a net present value), unlike costs and budgets.
    may_be_negative: bool = False


PROJECT_COLUMNS = (
    Column("id", "id", "int", True, description="heltall > 0"),
    Column("navn", "name", "text", True),
    Column("type", "type", "choice", True, TYPES),
    Column("ansvarlig_virksomhet", "organisation", "org", True),
    Column("prosjekteier", "owner", "text"),
    Column("innsatsomrade", "focus_area", "focus", True),
    Column("fase", "phase", "choice", True, PHASES),
    Column("status", "status", "choice", True, COLOURS, may_be_not_assessed=True, may_be_withheld=True),
    Column("risiko", "risk", "choice", True, COLOURS, may_be_not_assessed=True, may_be_withheld=True),
    Column("statusarsaker", "status_reasons", "list", False, REASONS),
    Column("budsjett", "budget", "amount"),
    Column("totalkostnad", "total_cost", "amount"),
    Column("forvaltningskostnad", "maintenance_cost", "amount"),
    Column("gevinster", "benefits", "amount"),
    Column("gevinstansvarlig", "benefit_owner", "yesno"),
    Column("prosjektbegrunnelse", "justification", "yesno"),
    Column("gevinster_identifisert", "benefits_identified", "yesno"),
    Column("gevinstplan", "benefit_plan", "yesno"),
    Column("gevinstrealisering", "benefit_realisation", "yesno"),
    Column("epj_kritikalitet", "epj_criticality", "choice", False, EPJ_LEVELS),
    Column("forutsetning_kommune", "municipal_prerequisite", "yesno"),
    Column("statuskommentar", "status_comment", "text"),
    Column("risikokommentar", "risk_comment", "text"),
    Column("beskrivelse", "description", "text"),
    # For showing membership only (Vedlegg 1, chapter 2): sums stay over rows as reported.
    Column("del_av_program", "programme_id", "int", description="ID-en til et program i samme periode"),
)

DEPENDENCY_COLUMNS = (
    Column("prosjekt_id", "project_id", "int", True, description="ID i prosjekter"),
    Column("avhengighet", "dependency", "text", True),
    Column("avhenger_av_id", "depends_on_id", "int"),
    Column("kategori", "category", "choice", True, CATEGORIES),
    Column("kritikalitet", "criticality", "choice", True, CRITICALITY),
    Column("status", "status", "choice", True, COLOURS),
    Column("tema", "theme", "text"),
)

LEFT_COLUMNS = (
    Column("id", "id", "int", True),
    Column("veien_videre", "next_steps", "text"),
)

TABLES = {
    "prosjekter": PROJECT_COLUMNS,
    "avhengigheter": DEPENDENCY_COLUMNS,
    "avsluttede": LEFT_COLUMNS,
}
REQUIRED_TABLES = ("prosjekter",)
WORKBOOK_NAME = "innrapportering.xlsx"

AMOUNT_FIELDS = ("budget", "total_cost", "maintenance_cost", "benefits")
# Stable fields a new period's template is pre-filled with (those its version collects).
STABLE_FIELDS = ("id", "navn", "type", "ansvarlig_virksomhet", "prosjekteier", "innsatsomrade", "strategimal",
                 "strategimal_andre")


def column_of(table: str, field: str) -> str:
    return {c.field: c.name for c in ALL_TABLES[table]}[field]


# ------------------------------------------------------------------------------------ template versions

GOALS = "goals"   # a strategy with strategic goals (2023-2030)
AREAS = "areas"   # a strategy with strategic areas and focus areas (2017-2022)

# The 2023 template: innsatsomrade is gone; the strategic goal, planned end and the benefits' value are new.
_GOAL_COLUMNS = (
    Column("strategimal", "goal", "goal", True, description="heltall 1–5"),
    Column("strategimal_andre", "other_goals", "goals", description="heltall 1–5 skilt med |"),
)
_2023_COLUMNS = (
    Column("planlagt_slutt", "planned_end", "date", description="dato ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ"),
    Column("prissatt_nytte", "priced_benefits", "amount", may_be_negative=True),
    Column("ikke_prissatt_nytte", "unpriced_benefits", "text"),
)


def _project_columns_2023() -> tuple[Column, ...]:
    out: list[Column] = []
    for c in PROJECT_COLUMNS:
        if c.name == "innsatsomrade":
            out.extend(_GOAL_COLUMNS)  # where the focus area stood: the column a reader looks for there
            continue
        out.append(c)
    return tuple(out) + _2023_COLUMNS


@dataclass(frozen=True)
class TemplateVersion:
    """One version of the submission template.

    Attributes
    ----------
    name : str
        ``"2020"``, ``"2023"``: what a period's ``template:`` parameter says.
    tables : dict
        Table name -> its columns, in the template's order.
    strategy_kind : str
        :data:`AREAS` or :data:`GOALS`: the kind of strategy the version reports against.
    strategy : str
        The shipped strategy a period of this version uses unless its parameters name another.
    """

    name: str
    tables: dict[str, tuple[Column, ...]]
    strategy_kind: str
    strategy: str

    @property
    def project_columns(self) -> tuple[Column, ...]:
        return self.tables["prosjekter"]

    def collects(self, column: str, table: str = "prosjekter") -> bool:
        """Whether the version has ``column`` (its Norwegian name) in ``table``."""
        return any(c.name == column for c in self.tables[table])

    def not_collected(self, table: str = "prosjekter") -> tuple[str, ...]:
        """The columns other versions collect in ``table`` and this one does not (template order)."""
        return tuple(c.name for c in ALL_TABLES[table] if not self.collects(c.name, table))


DEFAULT_TEMPLATE = "2020"
VERSIONS: dict[str, TemplateVersion] = {
    "2020": TemplateVersion("2020", TABLES, AREAS, "2017-2022"),
    "2023": TemplateVersion("2023", {**TABLES, "prosjekter": _project_columns_2023()}, GOALS, "2023-2030"),
}


def _union(table: str) -> tuple[Column, ...]:
    seen: dict[str, Column] = {}
    for version in VERSIONS.values():
        for c in version.tables[table]:
            seen.setdefault(c.name, c)
    return tuple(seen.values())


# Every column any version has, per table (the 2020 columns first, then what later versions added).
ALL_TABLES: dict[str, tuple[Column, ...]] = {t: _union(t) for t in TABLES}


def template_version(name: str | None) -> TemplateVersion:
    """The template version ``name`` (``None`` or ``""``: :data:`DEFAULT_TEMPLATE`).

    Raises
    ------
    KeyError
        For an unknown version; :func:`ehp_analysis.config.parameters_from_mapping` turns it into a
        message that names the parameters file and key.
    """
    return VERSIONS[str(name) if name not in (None, "") else DEFAULT_TEMPLATE]
