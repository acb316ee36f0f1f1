"""The submission template (innrapportering), declared once.

Column names stay in Norwegian (it is the sector's form); each maps to one English name used
everywhere after loading. See ``../shared/spec/input-template.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("grønn", "gul", "rød")
# A status or risk not reported (`-`, `–`, empty): its own category, never a colour. Typed as missing.
NOT_ASSESSED = "ikke vurdert"
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
MISSING_MARKERS = ("", "-", "–")


@dataclass(frozen=True)
class Column:
    """One column of a template table."""

    name: str          # Norwegian, as in the template
    field: str         # English name after loading
    kind: str          # int | text | amount | choice | list | yesno | focus | org
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""
    # A required column whose value may still be not reported: "ikke vurdert" (status and risiko).
    may_be_not_assessed: bool = False


PROJECT_COLUMNS = (
    Column("id", "id", "int", True, description="heltall > 0"),
    Column("navn", "name", "text", True),
    Column("type", "type", "choice", True, TYPES),
    Column("ansvarlig_virksomhet", "organisation", "org", True),
    Column("prosjekteier", "owner", "text"),
    Column("innsatsomrade", "focus_area", "focus", True),
    Column("fase", "phase", "choice", True, PHASES),
    Column("status", "status", "choice", True, COLOURS, may_be_not_assessed=True),
    Column("risiko", "risk", "choice", True, COLOURS, may_be_not_assessed=True),
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

# Amount columns whose empty cell means "not reported" (unlike `gevinster`, where empty is an answer).
COST_FIELDS = ("budget", "total_cost", "maintenance_cost")
AMOUNT_FIELDS = ("budget", "total_cost", "maintenance_cost", "benefits")
# Stable fields a new period's template is pre-filled with.
STABLE_FIELDS = ("id", "navn", "type", "ansvarlig_virksomhet", "prosjekteier", "innsatsomrade")


def field_of(table: str, column: str) -> str:
    return {c.name: c.field for c in TABLES[table]}[column]


def column_of(table: str, field: str) -> str:
    return {c.field: c.name for c in TABLES[table]}[field]
