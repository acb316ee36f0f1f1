"""Nynorsk (report.md, "Written standard (målform)"): the catalogue, the switch and the checks of nynorsk text.

The catalogue ``nn.po`` is checked as text (every translation spelled by hunspell's nn_NO against the reviewed
``tests/ordliste-nynorsk.txt``, no bokmål marker, every placeholder of the id kept), including the obsolete
entries of messages other branches add (they become active at the merge). The switch is checked where it is
decided: the parameters (``malform:``), the cache keys and the lookup. The built nynorsk report is checked in
tests/test_nynorsk_build.py (slow, one shared build).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ehp_analysis import words
from ehp_analysis.config import check_malform, parameters_from_mapping, paths
from ehp_analysis.exceptions import ConfigError

from .spelling import NYNORSK, misspelled

ROOT = Path(__file__).resolve().parents[1]

#: Word forms only bokmål has: none may appear in generated nynorsk (a nynorsk writer writes the form after the
#: arrow). Words both standards share ("også", "mellom", "når", "dem", "blir", "nå" the verb) are not here. The
#: template's codes ("grønn", "rød", "høy", the sheet «prosjekter») stay the same in both and are quoted where
#: nynorsk text names them as codes; unquoted, they are bokmål words in a nynorsk sentence.
BOKMAL_MARKERS: dict[str, str] = {
    "ikke": "ikkje", "hva": "kva", "hvor": "kor/der", "hvem": "kven", "hvis": "viss/dersom", "hvilke": "kva for",
    "hvordan": "korleis", "hvorfor": "kvifor", "fra": "frå", "noen": "nokon/nokre", "noe": "noko", "mye": "mykje",
    "være": "vere", "vært": "vore", "ble": "vart", "mer": "meir", "bare": "berre", "prosjektene": "prosjekta",
    "prosjekter": "prosjekt", "periodene": "periodane", "perioder": "periodar", "virksomhet": "verksemd",
    "virksomheter": "verksemder", "virksomheten": "verksemda", "avhengighet": "avhengnad",
    "avhengigheter": "avhengnader", "avhengighetene": "avhengnadene", "hver": "kvar", "hvert": "kvart",
    "sammen": "saman", "uten": "utan", "utenfor": "utanfor", "egen": "eigen", "egne": "eigne", "de": "dei",
    "ett": "eitt", "en": "ein", "et": "eit", "gjelder": "gjeld", "finnes": "finst", "forrige": "førre",
    "dataene": "dataa", "tallene": "tala", "gevinster": "gevinstar", "gevinstene": "gevinstane",
    "innrapporteringen": "innrapporteringa", "siden": "sidan", "disse": "desse", "deres": "deira", "selv": "sjølv",
    "fortsatt": "framleis", "allerede": "alt", "derfor": "difor", "kommer": "kjem", "flere": "fleire",
    "måneder": "månader", "rapporteringen": "rapporteringa", "høyest": "høgast", "samlet": "samla",
    # The template's codes are bokmål; in running nynorsk a colour or level is a word of the catalogue, and a
    # code named as such is quoted («grønn»).
    "grønn": "grøn", "rød": "raud", "høy": "høg", "lav": "låg",
}
WORD = re.compile(r"[A-Za-zÆØÅæøåÉé]+(?:-[A-Za-zÆØÅæøåÉé]+)*")
# Not words of the text: placeholders, quoted codes and names, file names, options, identifiers.
NOT_TEXT = re.compile(r"\{[^{}]*\}|%\(\w+\)\w|«[^»]*»|`[^`]*`|\"[^\"]*\"|\S*[./_]\S*|(?<!\w)--?[a-z][a-z-]*")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)\w|%[sr]")


_SMALL = r"(?:[1-9]|1[0-2])"
_PLURAL_WORDS = "to|tre|fire|fem|seks|sju|åtte|ni|ti|elleve|tolv"
#: Grammar rules for nynorsk no dictionary catches (as tests/test_language.py's RULES for bokmål): numbers below
#: 13 as words, and agreement of number, article and noun (prosjekt is neuter, avhengnad masculine,
#: verksemd and innlevering feminine; the plural of prosjekt is prosjekt).
NYNORSK_RULES = [
    ("tal under 13 først i ei setning", re.compile(rf"(?:^|[.!?] ){_SMALL}(?![\d,–-]| ?%)\b")),
    ("tal på prosjekt under 13 med siffer", re.compile(rf"(?<![\d,]){_SMALL} (?:nye )?prosjekt(?:a)?\b")),
    ("eintal og fleirtal: éin/eitt med fleirtal",
     re.compile(r"\b(?:1|éin|ein|eitt|éi|ei) (?:nye )?(?:prosjekta|avhengnader|verksemder|innleveringar)\b",
                re.IGNORECASE)),
    ("eintal og fleirtal: fleire med eintal",
     re.compile(rf"\b(?:[2-9]|\d\d+|{_PLURAL_WORDS}) (?:avhengnad|verksemd|innlevering|periode)\b(?!-)",
                re.IGNORECASE)),
    ("kjønn: inkjekjønnsord med ein/ei", re.compile(r"\b(?:éin|ein|éi|ei) (?:prosjekt|program|tiltak|varsel)\b")),
    ("kjønn: hankjønnsord med eitt/ei", re.compile(r"\b(?:eitt|eit|éi|ei) (?:avhengnad|periode|regel)\b")),
    ("kjønn: hokjønnsord med eitt/ein", re.compile(r"\b(?:eitt|eit|éin|ein) (?:verksemd|innlevering|fil)\b")),
    ("avhengnader er uavklart", re.compile(r"avhengnader er uavklart\b")),
]


def grammar_problems(text: str) -> list[str]:
    """The names of the nynorsk grammar rules ``text`` breaks."""
    return [name for name, pattern in NYNORSK_RULES if pattern.search(text.replace("\u00a0", " "))]


@pytest.mark.parametrize("bad, good", [
    ("3 prosjekt har gått ut.", "Tre prosjekt har gått ut."),
    ("Sidan då har 3 prosjekt kome til.", "Sidan då har tre prosjekt kome til."),
    ("Det er eitt prosjekta.", "Det er eitt prosjekt."),
    ("Det er tre avhengnad som manglar.", "Det er tre avhengnader som manglar."),
    ("Det er ein prosjekt som manglar.", "Det er eitt prosjekt som manglar."),
    ("Det er eitt avhengnad som manglar.", "Det er éin avhengnad som manglar."),
    ("Det kom ein innlevering.", "Det kom éi innlevering."),
    ("Åtte avhengnader er uavklart.", "Åtte avhengnader er uavklarte."),
])
def test_the_nynorsk_grammar_rules(bad, good):
    assert grammar_problems(bad) != [] and grammar_problems(good) == []


def bokmal_forms(text: str) -> list[str]:
    """The bokmål markers in ``text`` (outside placeholders, quoted codes and file names), in order."""
    return [w for w in WORD.findall(NOT_TEXT.sub(" ", text)) if w.casefold() in BOKMAL_MARKERS]


def entries() -> list:
    """Every entry of nn.po with an id: the active ones and the obsolete ones (other branches' messages)."""
    with words.catalogue_path("nynorsk").open("rb") as handle:
        catalogue = read_po(handle)
    return [m for m in [*catalogue, *catalogue.obsolete.values()] if m.id]


def texts(entry) -> tuple[str, ...]:
    return entry.string if isinstance(entry.string, tuple) else (entry.string,)


@pytest.mark.parametrize("text, found", [
    ("Prosjektet har ikkje rapportert budsjett.", []),
    ("Prosjektet har ikke rapportert budsjett.", ["ikke"]),            # an injected bokmål form fails
    ("Tre prosjekter har gått ut av porteføljen sidan oktober 2019.", ["prosjekter"]),
    ("Dei kvantifiserbare gevinstane utgjer til saman 2 mrd.", []),
    ("ID-en står fleire gonger; kvar ID skal stå éin gong", []),       # ID-en is one word, not "en"
    ("prosjektet finst ikkje i «prosjekter»; venta ein ID", []),       # a quoted code is not text
    ("Hva som må rettes fra {file}", ["Hva", "fra"]),
    ("Gjekk det ut, legg det i avsluttede.csv", []),
    ("43 % rapporterer grønn status", ["grønn"]),                 # a colour code written into a sentence
    ("bruk «grønn», «gul» eller «rød»", []),
])
def test_the_marker_check_finds_bokmal_forms(text, found):
    assert bokmal_forms(text) == found


def test_every_message_has_a_nynorsk_text():
    """No silent fallback: an empty entry (or one plural form missing) is a failure, active or obsolete."""
    empty = [str(e.id) for e in entries() if not all(texts(e))]
    assert empty == []


def test_no_bokmal_form_in_the_nynorsk_catalogue():
    found = {str(e.id): bokmal_forms(t) for e in entries() for t in texts(e) if bokmal_forms(t)}
    assert found == {}


def test_every_translation_keeps_the_placeholders_of_its_id():
    def placeholders(text: str) -> list[str]:
        return sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))

    wrong = []
    for e in entries():
        ids = e.id if isinstance(e.id, tuple) else (e.id,)
        for i, text in enumerate(texts(e)):
            if placeholders(text) != placeholders(ids[min(i, len(ids) - 1)]):
                wrong.append((ids[0], text))
    assert wrong == []


def test_the_nynorsk_catalogue_keeps_the_grammar_rules():
    found = {t: grammar_problems(NOT_TEXT.sub(" ", t)) for e in entries() for t in texts(e)
             if grammar_problems(NOT_TEXT.sub(" ", t))}
    assert found == {}


def test_the_nynorsk_catalogue_is_spelled_as_nn_no_and_the_word_list_say():
    spoken = [NOT_TEXT.sub(" ", t) for e in entries() for t in texts(e)]
    assert misspelled(spoken, **NYNORSK) == {}


def test_the_nynorsk_word_list_is_sorted_and_holds_no_bokmal_form():
    listed = [line.split("#", 1)[0].strip() for line in NYNORSK["wordlist"].read_text(encoding="utf-8").splitlines()]
    listed = [w for w in listed if w]
    assert listed == sorted(listed, key=str.casefold)
    assert [w for w in listed if w.casefold() in BOKMAL_MARKERS] == []


@pytest.mark.parametrize("malform, title", [("bokmål", "Oppsummering"), ("nynorsk", "Samandrag")])
def test_a_message_in_either_standard(malform, title):
    with words.use_malform(malform):
        assert words._("Oppsummering") == title
    assert words._("Oppsummering") == "Oppsummering"  # the block set it for itself only


@pytest.mark.parametrize("singular, forms", [
    ("{n} prosjekt", ("{n} prosjekt", "{n} prosjekt")),        # nynorsk neuter: the plural is the singular
    ("{n} avhengighet", ("{n} avhengnad", "{n} avhengnader")),
    ("{n} måned", ("{n} månad", "{n} månader")),
    ("{n} advarsel", ("{n} åtvaring", "{n} åtvaringar")),
])
def test_plural_entries_have_both_nynorsk_forms(singular, forms):
    by_id = {e.id[0]: e.string for e in entries() if isinstance(e.id, tuple)}
    assert by_id[singular] == forms


# ----------------------------------------------------------------------------------------------- the switch

BASE = {"period": "2020-01", "budget_year": 2020, "cutoff": "2020-01-15", "strategy": "2017-2022"}


@pytest.mark.parametrize("value, expected", [
    (None, "bokmål"), ("", "bokmål"), ("bokmål", "bokmål"), ("nynorsk", "nynorsk"), ("Nynorsk", "nynorsk"),
])
def test_malform_parameter(value, expected, tmp_path):
    raw = {**BASE, **({"malform": value} if value is not None else {})}
    assert parameters_from_mapping(raw, tmp_path).malform == expected


@pytest.mark.parametrize("value", ["svensk", "nn", "landsmål", 1])
def test_an_unknown_malform_is_a_usage_error_naming_file_and_key(value, tmp_path):
    source = tmp_path / "parameters" / "2020-01.yaml"
    with pytest.raises(ConfigError, match=r"2020-01\.yaml, nøkkel malform: .*bokmål.*nynorsk"):
        parameters_from_mapping({**BASE, "malform": value}, tmp_path, source=source)


def test_the_command_line_override_names_itself():
    with pytest.raises(ConfigError, match="--malform"):
        check_malform("nynorks", where="--malform")


def test_the_written_standard_is_part_of_every_cache_key():
    """Chapters, formats and the assembly get new keys when the standard changes, the same ones when it does not;
    the period's own hash (what another period's chapters read) does not depend on it."""
    from ehp_analysis.chapter_list import load_chapters
    from ehp_analysis.report.plan import plan_build

    project = paths(ROOT)
    chapters = load_chapters(project.root)
    formats = [("key_figures", "chain"), ("html", "")]

    def plan(malform):
        return plan_build(["2020-01"], paths=project, chapters=chapters, formats=formats,
                          shared={"code": "x"}, malform=malform).periods[0]

    bokmal, again, nynorsk = plan("bokmål"), plan(None), plan("nynorsk")
    assert [t.key for t in bokmal.tasks] == [t.key for t in again.tasks]
    assert bokmal.assembly_key == again.assembly_key and bokmal.format_keys == again.format_keys
    assert all(b.key != n.key for b, n in zip(bokmal.tasks, nynorsk.tasks))
    assert all(bokmal.format_keys[f] != nynorsk.format_keys[f] for f in bokmal.format_keys)
    assert bokmal.assembly_key != nynorsk.assembly_key
    assert {t.malform for t in nynorsk.tasks} == {"nynorsk"} and nynorsk.malform == "nynorsk"
    assert nynorsk.params == bokmal.params  # the parameters as the file says: the validated period is the same
    assert bokmal.period_inputs["2019-10"].key == nynorsk.period_inputs["2019-10"].key


@pytest.mark.parametrize("text, expected", [
    ("Oppsummering", {"Oppsummering", "Samandrag"}),      # a bokmål title: both standards' renderings
    ("Samandrag", {"Oppsummering", "Samandrag"}),         # the nynorsk one: the same
    ("Kontoret sitt eige avsnitt", {"Kontoret sitt eige avsnitt"}),  # not a message: itself alone
])
def test_a_title_in_either_standard(text, expected):
    assert words.renderings(text) == expected


def test_commentary_headed_with_the_other_standards_title_is_placed_under_its_section():
    """The one placement rule (render/commentary.py, used by the assembly and by a chapter in Jupyter): a part
    headed "Oppsummering" (bokmål) goes under the nynorsk section "Samandrag", and the other way round."""
    from ehp_analysis.render.commentary import placement

    assert placement(["Oppsummering", "Ukjent del"], ["Samandrag", "Neste"]) == [0, None]
    assert placement(["Samandrag"], ["Neste", "Oppsummering"]) == [1]


# ------------------------------------------------------------------------- a period's own reference texts

OWN_RULES = """\
rules:
  - id: vedvarende_rod
    title: "Kontorets egen tittel"
    explanation: "Kontorets egen forklaring."
    thresholds: {{periods: 3}}
{nynorsk}"""


def test_a_periods_own_rules_without_nynorsk_texts_are_a_usage_error(tmp_path):
    from ehp_analysis.reference.early_warnings import check_nynorsk_texts

    own = tmp_path / "varsler.yaml"
    own.write_text(OWN_RULES.format(nynorsk=""), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"varsler\.yaml .*vedvarende_rod: title_nynorsk, "
                                          r"vedvarende_rod: explanation_nynorsk"):
        check_nynorsk_texts(own)


def test_a_periods_own_rules_give_their_nynorsk_texts(tmp_path):
    from ehp_analysis.reference.early_warnings import check_nynorsk_texts, load_early_warnings

    own = tmp_path / "varsler.yaml"
    own.write_text(OWN_RULES.format(nynorsk='    title_nynorsk: "Kontoret sin eigen tittel"\n'
                                            '    explanation_nynorsk: "Kontoret si eiga forklaring."\n'),
                   encoding="utf-8")
    check_nynorsk_texts(own)
    rule = load_early_warnings(own).get("vedvarende_rod")
    assert rule.shown("title") == "Kontorets egen tittel"
    with words.use_malform("nynorsk"):
        assert (rule.shown("title"), rule.shown("explanation")) == (
            "Kontoret sin eigen tittel", "Kontoret si eiga forklaring.")
