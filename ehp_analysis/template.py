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

from dataclasses import astuple, dataclass

from .words import N_, _

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
class ColumnWords:
    """Every word said about one column, each marked with ``N_`` where the column is declared (the one row of the
    column's words) and translated with ``_`` where it is read (:func:`column_words` does both)."""

    label: str        # a table header or a list of fields: "Ansvarlig virksomhet"
    description: str  # the value's form, as validation says what it expected: "heltall > 0"
    help: str         # what the column means, on the workbook's guide sheet; an amount's unit is {valuta}
    provenance: str   # how a caption marked "rekonstruerte data: …" names the column


W = ColumnWords
NO_WORDS = ColumnWords("", "", "", "")
#: The kinds whose values have a form of their own, said after what a refused value should have been
#: (validation): a number, a goal, goals, a date. Text, lists, choices and yes/no are said otherwise.
FORMED_KINDS = ("int", "goal", "goals", "date")


@dataclass(frozen=True)
class Column:
    """One column of a template table, with its words (:class:`ColumnWords`)."""

    name: str          # Norwegian, as in the template
    field: str         # English name after loading
    kind: str          # int | text | amount | choice | list | yesno | focus | org | goal | goals | date
    required: bool = False
    choices: tuple[str, ...] = ()
    words: ColumnWords = NO_WORDS
    # A required column whose value may still be not reported: "ikke vurdert" (status and risiko).
    may_be_not_assessed: bool = False
    # A column that accepts a withheld rating (`unntatt offentlighet` / `u.off.`) as the category
    # WITHHELD_RATING (status and risiko); any other non-amount column refuses it.
    may_be_withheld: bool = False
    # An amount that may be negative (a net present value), unlike costs and budgets.
    may_be_negative: bool = False


PROJECT_COLUMNS = (
    Column("id", "id", "int", True,
           words=W(N_("ID"), N_("heltall > 0"),
                   N_("Porteføljens ID for prosjektet. Et nytt prosjekt får ID fra porteføljekontoret; ID kan ikke stå"
                      " tom."),
                   N_("ID"))),
    Column("navn", "name", "text", True,
           words=W(N_("Navn"), N_("tekst"),
                   N_("Prosjektets navn."),
                   N_("navn"))),
    Column("type", "type", "choice", True, TYPES,
           words=W(N_("Type"), N_("prosjekt eller program"),
                   N_("Prosjekt eller program."),
                   N_("type"))),
    Column("ansvarlig_virksomhet", "organisation", "org", True,
           words=W(N_("Ansvarlig virksomhet"), N_("en virksomhet fra virksomhetslisten"),
                   N_("Virksomheten som har ansvaret for prosjektet."),
                   N_("ansvarlig virksomhet"))),
    Column("prosjekteier", "owner", "text",
           words=W(N_("Prosjekteier"), N_("tekst"),
                   N_("Prosjekteier (person)."),
                   N_("prosjekteier"))),
    Column("innsatsomrade", "focus_area", "focus", True,
           words=W(N_("Innsatsområde"), N_("koden for et innsatsområde, f.eks. 1.1"),
                   N_("Innsatsområdet i e-helsestrategien prosjektet hører til, som kode (for eksempel 1.1)."),
                   N_("innsatsområde"))),
    Column("fase", "phase", "choice", True, PHASES,
           words=W(N_("Fase"), N_("en av fasene"),
                   N_("Fasen prosjektet er i nå."),
                   N_("fase"))),
    Column("status", "status", "choice", True, COLOURS, may_be_not_assessed=True, may_be_withheld=True,
           words=W(N_("Status"), N_("grønn, gul eller rød"),
                   N_("Samlet status nå. Tom betyr ikke vurdert; «unntatt offentlighet» betyr at status er vurdert, men"
                      " ikke skal offentliggjøres."),
                   N_("status"))),
    Column("risiko", "risk", "choice", True, COLOURS, may_be_not_assessed=True, may_be_withheld=True,
           words=W(N_("Risiko"), N_("grønn, gul eller rød"),
                   N_("Risikonivået nå. Tom betyr ikke vurdert; «unntatt offentlighet» betyr at risikoen er vurdert, men"
                      " ikke skal offentliggjøres."),
                   N_("risiko"))),
    Column("statusarsaker", "status_reasons", "list", False, REASONS,
           words=W(N_("Årsaker til gul eller rød status"), N_("årsaker fra listen skilt med |"),
                   N_("Årsaker til gul eller rød status; flere årsaker skilles med |."),
                   N_("statusårsaker"))),
    Column("budsjett", "budget", "amount",
           words=W(N_("Budsjett"), N_("beløp i millioner"),
                   N_("Budsjett for budsjettåret i millioner {valuta}. Tom betyr ikke rapportert, ikke null."),
                   N_("budsjett"))),
    Column("totalkostnad", "total_cost", "amount",
           words=W(N_("Totalkostnad"), N_("beløp i millioner"),
                   N_("Påløpte kostnader siden start pluss anslag til planlagt slutt, i millioner {valuta}."),
                   N_("totalkostnad"))),
    Column("forvaltningskostnad", "maintenance_cost", "amount",
           words=W(N_("Årlig forvaltningskostnad"), N_("beløp i millioner"),
                   N_("Forventet årlig kostnad til forvaltning og drift etter leveransen, i millioner {valuta}."),
                   N_("forvaltningskostnad"))),
    Column("gevinster", "benefits", "amount",
           words=W(N_("Kvantifiserbare gevinster"), N_("beløp i millioner"),
                   N_("Kvantifiserbare gevinster i millioner {valuta}. Tom eller 0 betyr at ingen gevinster er"
                      " kvantifisert; «-» betyr ikke besvart."),
                   N_("gevinster"))),
    Column("gevinstansvarlig", "benefit_owner", "yesno",
           words=W(N_("Gevinstansvarlig utpekt"), N_("ja eller nei"),
                   N_("Er det utpekt noen som er ansvarlig for gevinstene?"),
                   N_("gevinstansvarlig"))),
    Column("prosjektbegrunnelse", "justification", "yesno",
           words=W(N_("Prosjektbegrunnelse"), N_("ja eller nei"),
                   N_("Finnes det en prosjektbegrunnelse?"),
                   N_("prosjektbegrunnelse"))),
    Column("gevinster_identifisert", "benefits_identified", "yesno",
           words=W(N_("Gevinster identifisert"), N_("ja eller nei"),
                   N_("Er gevinstene identifisert?"),
                   N_("identifiserte gevinster"))),
    Column("gevinstplan", "benefit_plan", "yesno",
           words=W(N_("Gevinstplan"), N_("ja eller nei"),
                   N_("Finnes det en plan for gevinstene?"),
                   N_("gevinstplan"))),
    Column("gevinstrealisering", "benefit_realisation", "yesno",
           words=W(N_("Gevinstrealisering pågår"), N_("ja eller nei"),
                   N_("Pågår det arbeid med å realisere gevinstene?"),
                   N_("gevinstrealisering"))),
    Column("epj_kritikalitet", "epj_criticality", "choice", False, EPJ_LEVELS,
           words=W(N_("Kritikalitet for journalsystemene"), N_("ingen, lav, middels eller høy"),
                   N_("Hvor viktig videreutvikling av journalsystemene i kommunene og hos fastlegene er for prosjektets"
                      " gevinster."),
                   N_("EPJ-kritikalitet"))),
    Column("forutsetning_kommune", "municipal_prerequisite", "yesno",
           words=W(N_("Forutsetter organisasjonsutvikling i kommunene"), N_("ja eller nei"),
                   N_("Er organisasjonsutvikling i kommunene eller hos fastlegene en forutsetning?"),
                   N_("forutsetning i kommunene"))),
    Column("statuskommentar", "status_comment", "text",
           words=W(N_("Statuskommentar"), N_("tekst"),
                   N_("Hvorfor status er som den er. Skrives på nytt hver periode."),
                   N_("statuskommentar"))),
    Column("risikokommentar", "risk_comment", "text",
           words=W(N_("Risikokommentar"), N_("tekst"),
                   N_("Hvorfor risikoen er som den er. Skrives på nytt hver periode."),
                   N_("risikokommentar"))),
    Column("beskrivelse", "description", "text",
           words=W(N_("Beskrivelse"), N_("tekst"),
                   N_("Kort beskrivelse, særlig for nye prosjekter."),
                   N_("beskrivelse"))),
    # For showing membership only (Vedlegg 1, chapter 2): sums stay over rows as reported.
    Column("del_av_program", "programme_id", "int",
           words=W(N_("Del av program"), N_("ID-en til et program i samme periode"),
                   N_("ID-en til programmet prosjektet er en del av, om det er en del av et program."),
                   N_("del_av_program"))),
)

DEPENDENCY_COLUMNS = (
    Column("prosjekt_id", "project_id", "int", True,
           words=W(N_("Prosjekt-ID"), N_("ID i prosjekter"),
                   N_("ID-en til prosjektet som har avhengigheten."),
                   N_("prosjekt_id"))),
    Column("avhengighet", "dependency", "text", True,
           words=W(N_("Avhengighet"), N_("tekst"),
                   N_("Hva prosjektet avhenger av: et annet prosjekt, en felles komponent, et regelverk."),
                   N_("avhengighet"))),
    Column("avhenger_av_id", "depends_on_id", "int",
           words=W(N_("Avhenger av ID"), N_("ID i prosjekter"),
                   N_("Porteføljens ID når prosjektet avhenger av et annet prosjekt i porteføljen."),
                   N_("avhenger_av_id"))),
    Column("kategori", "category", "choice", True, CATEGORIES,
           words=W(N_("Kategori"), N_("en av kategoriene"),
                   N_("Hva slags avhengighet det er."),
                   N_("kategori"))),
    Column("kritikalitet", "criticality", "choice", True, CRITICALITY,
           words=W(N_("Kritikalitet"), N_("lav, middels eller høy"),
                   N_("Høy betyr at prosjektet ikke kan levere uten at avhengigheten er oppfylt."),
                   N_("kritikalitet"))),
    Column("status", "status", "choice", True, COLOURS,
           words=W(N_("Status"), N_("grønn, gul eller rød"),
                   N_("Rød betyr at avhengigheten er uavklart."),
                   N_("avhengighetenes status"))),
    Column("tema", "theme", "text",
           words=W(N_("Tema"), N_("tekst"),
                   N_("Tema som brukes når røde avhengigheter grupperes."),
                   N_("avhengighetenes tema"))),
)

LEFT_COLUMNS = (
    Column("id", "id", "int", True,
           words=W(N_("ID"), N_("ID-en til et prosjekt som har gått ut"),
                   N_("ID-en til et prosjekt som er avsluttet og går ut av porteføljen."),
                   N_("avsluttede prosjekter"))),
    Column("veien_videre", "next_steps", "text",
           words=W(N_("Veien videre"), N_("tekst"),
                   N_("Hva som skjer videre, for eksempel at løsningen går over til forvaltning."),
                   N_("veien videre for avsluttede prosjekter"))),
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
    Column("strategimal", "goal", "goal", True,
           words=W(N_("Strategisk mål"), N_("heltall 1–5"),
                   N_("Strategimålet prosjektet først og fremst støtter."),
                   N_("strategisk mål"))),
    Column("strategimal_andre", "other_goals", "goals",
           words=W(N_("Andre strategiske mål"), N_("heltall 1–5 skilt med |"),
                   N_("Andre strategimål prosjektet også støtter; flere skilles med |."),
                   N_("andre strategiske mål"))),
)
_2023_COLUMNS = (
    Column("planlagt_slutt", "planned_end", "date",
           words=W(N_("Planlagt slutt"), N_("dato ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ"),
                   N_("Planlagt slutt, som dato."),
                   N_("planlagt slutt"))),
    Column("prissatt_nytte", "priced_benefits", "amount", may_be_negative=True,
           words=W(N_("Prissatt nytte (nåverdi)"), N_("beløp i millioner, også negativt"),
                   N_("Netto nåverdi av de prissatte gevinstene for samfunnet, i millioner {valuta}."),
                   N_("prissatt nytte"))),
    Column("ikke_prissatt_nytte", "unpriced_benefits", "text",
           words=W(N_("Ikke prissatt nytte"), N_("tekst"),
                   N_("Gevinstene som ikke er prissatt."),
                   N_("ikke prissatt nytte"))),
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


def column_words(column: str, table: str | None = None) -> ColumnWords | None:
    """The words of ``column`` (its template name) in ``table``, in the current written standard.

    Without ``table``, the first table that has the column (``prosjekter`` first): the tables name a shared
    column (``id``, ``status``) with the same label. ``None`` for a column no template version declares."""
    tables = [table] if table is not None else list(ALL_TABLES)
    for name in tables:
        for c in ALL_TABLES.get(name, ()):
            if c.name == column:
                return ColumnWords(*(_(text) for text in astuple(c.words)))
    return None


def provenance_words() -> dict[str, str]:
    """Each column's provenance word, keyed as ``provenance.yaml`` names the columns (``budsjett``,
    ``avhengigheter.status``), in template order, in the current written standard."""
    return {(c.name if table == "prosjekter" else f"{table}.{c.name}"): _(c.words.provenance)
            for table, columns in ALL_TABLES.items() for c in columns}


def template_version(name: str | None) -> TemplateVersion:
    """The template version ``name`` (``None`` or ``""``: :data:`DEFAULT_TEMPLATE`).

    Raises
    ------
    KeyError
        For an unknown version; :func:`ehp_analysis.config.parameters_from_mapping` turns it into a
        message that names the parameters file and key.
    """
    return VERSIONS[str(name) if name not in (None, "") else DEFAULT_TEMPLATE]
