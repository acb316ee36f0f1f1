"""One template column, one row: its label, description, help text and provenance word are declared with it.

Every column of every template version has every word, each in the catalogue; the readers (table headers, the
validation's messages, the workbook's guide sheet, the captions' provenance marks) take them from there.
"""

from __future__ import annotations

import dataclasses

import pytest

from ehp_analysis import template as T
from ehp_analysis import text
from ehp_analysis.text.provenance import field_words, provenance_caption_suffix

ENTRIES = [f.name for f in dataclasses.fields(T.ColumnWords)]
EVERY_COLUMN = sorted({(version.name, table, c.name) for version in T.VERSIONS.values()
                       for table, columns in version.tables.items() for c in columns}
                      | {("alle", table, c.name) for table, columns in T.ALL_TABLES.items() for c in columns})


def missing_words(column: T.Column) -> list[str]:
    """The entries of ``column``'s words that are empty."""
    return [entry for entry in ENTRIES if not getattr(column.words, entry).strip()]


def _column(version: str, table: str, name: str) -> T.Column:
    tables = T.ALL_TABLES if version == "alle" else T.VERSIONS[version].tables
    [column] = [c for c in tables[table] if c.name == name]
    return column


def test_the_four_entries():
    assert ENTRIES == ["label", "description", "help", "provenance"]


@pytest.mark.parametrize("version, table, name", EVERY_COLUMN, ids=lambda v: str(v))
def test_every_column_of_every_version_has_every_word(version, table, name):
    column = _column(version, table, name)
    assert missing_words(column) == []
    worded = T.column_words(name, table)  # every word is in the catalogue (a missing id raises KeyError)
    assert worded is not None and all(getattr(worded, entry) for entry in ENTRIES)


def test_a_column_declared_without_words_is_found():
    bare = T.Column("ny_kolonne", "new", "text")
    assert missing_words(bare) == ENTRIES
    half = T.Column("ny_kolonne", "new", "text", words=T.ColumnWords("Ny kolonne", "tekst", "", " "))
    assert missing_words(half) == ["help", "provenance"]


# Expected words from the template's guide (docs/mal.md) and today's report, written out by hand.
@pytest.mark.parametrize("table, name, entry, expected", [
    ("prosjekter", "innsatsomrade", "label", "Innsatsområde"),
    ("prosjekter", "prissatt_nytte", "label", "Prissatt nytte (nåverdi)"),
    ("prosjekter", "id", "description", "heltall > 0"),
    ("prosjekter", "strategimal_andre", "description", "heltall 1–5 skilt med |"),
    ("avhengigheter", "status", "help", "Rød betyr at avhengigheten er uavklart."),
    ("prosjekter", "status", "provenance", "status"),
    ("avhengigheter", "status", "provenance", "avhengighetenes status"),
    ("avsluttede", "veien_videre", "provenance", "veien videre for avsluttede prosjekter"),
])
def test_words_as_declared(table, name, entry, expected):
    assert getattr(T.column_words(name, table), entry) == expected


def test_a_shared_name_is_looked_up_in_its_table():
    assert T.column_words("status", "prosjekter").provenance == "status"
    assert T.column_words("status").label == T.column_words("status", "avhengigheter").label == "Status"
    assert T.column_words("finnes_ikke") is None


def test_the_readers_take_the_words_from_the_column():
    assert text.field_label("statusarsaker") == "Årsaker til gul eller rød status"
    assert text.field_label("ukjent_kolonne") == "Ukjent kolonne"
    assert text.column_help("avsluttede", "id") == "ID-en til et prosjekt som er avsluttet og går ut av porteføljen."
    words = field_words()
    assert words["avhengigheter.tema"] == "avhengighetenes tema" and words["avhengigheter"] == "avhengighetene"
    assert provenance_caption_suffix(True, None, ("totalkostnad", "avhengigheter.status")) == \
        " (rekonstruerte data: totalkostnad og avhengighetenes status)"


def test_no_second_table_of_column_words_remains():
    from ehp_analysis.text import provenance, submission

    labels = getattr(text, "LABELS", {})
    assert "fields" not in labels and "column_help" not in labels
    assert not hasattr(provenance, "FIELD_LABELS") and not hasattr(submission, "FIELD_LABELS")
    assert not any(f.name == "description" for f in dataclasses.fields(T.Column))
