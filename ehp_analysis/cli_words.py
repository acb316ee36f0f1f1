"""argparse in Norwegian: its own words (usage, options, help, errors) like the rest of ``ehp``.

argparse sends every word of its own through ``gettext`` (the module-level ``argparse._`` and
``argparse.ngettext``). :class:`Parser` swaps in :func:`gettext` and :func:`ngettext` below while it builds,
parses and formats, and puts the originals back afterwards, so nothing else in the process (pytest,
papermill) is affected. A message this table does not know stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

# Python 3.11–3.13's argparse messages that a user of ``ehp`` can meet, and their Norwegian.
MESSAGES = {
    "usage: ": "bruk: ",
    "options": "valg",
    "optional arguments": "valg",
    "positional arguments": "argumenter",
    "show this help message and exit": "vis denne hjelpeteksten og avslutt",
    "show program's version number and exit": "vis versjonsnummeret og avslutt",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldig valg %(value)r (velg blant %(choices)s)",
    "the following arguments are required: %s": "disse argumentene mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "expected one argument": "forventet ett argument",
    "expected at most one argument": "forventet høyst ett argument",
    "expected at least one argument": "forventet minst ett argument",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig valg: %(option)s kan være %(matches)s",
    "unexpected option string: %s": "uventet valg: %s",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "one of the arguments %s is required": "ett av argumentene %s må gis",
    "ignored explicit argument %r": "valget tar ingen verdi: %r",
    "invalid %(type)s value: %(value)r": "ugyldig verdi %(value)r",
    "can't open '%(filename)s': %(error)s": "kan ikke åpne «%(filename)s»: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "ukjent kommando %(parser_name)r (velg blant %(choices)s)",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("forventet %s argument", "forventet %s argumenter"),
}


def gettext(message: str) -> str:
    """``message`` in Norwegian when the table knows it, else as it is."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message, in Norwegian when the table knows it."""
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextmanager
def norwegian() -> Iterator[None]:
    """argparse speaks Norwegian inside the block (nested blocks are fine)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words are Norwegian (its sub-command parsers are of this class too)."""

    def __init__(self, *args, **kwargs) -> None:
        with norwegian():
            super().__init__(*args, **kwargs)

    def add_argument_group(self, *args, **kwargs):
        with norwegian():
            return super().add_argument_group(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with norwegian():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args=None, namespace=None):
        with norwegian():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):
        with norwegian():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with norwegian():
            return super().format_usage()

    def format_help(self) -> str:
        with norwegian():
            return super().format_help()

    def error(self, message: str):
        with norwegian():
            super().error(message)


def positive_int(value: str) -> int:
    """An argparse ``type`` for a whole number ≥ 1 (``--jobs``), refused in Norwegian."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"forventet et helt tall større enn 0, fikk {value!r}")
    return number
