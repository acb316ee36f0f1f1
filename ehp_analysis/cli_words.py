"""argparse in Norwegian: its own words (usage, options, help, errors) like the rest of ``ehp``.

argparse sends every word of its own through ``gettext`` (the module-level ``argparse._`` and
``argparse.ngettext``). :class:`Parser` swaps in :func:`argparse_gettext` and :func:`argparse_ngettext` below
while it builds, parses and formats, and puts the originals back afterwards, so nothing else in the process
(pytest, papermill) is affected. The Norwegian comes from the catalogue (:mod:`ehp_analysis.words`); a message
the table does not know stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from .words import N_, _, ngettext

# Python 3.11–3.13's argparse messages that a user of ``ehp`` can meet, and their Norwegian.
MESSAGES = {
    "usage: ": N_("bruk: "),
    "options": N_("valg"),
    "optional arguments": N_("valg"),
    "positional arguments": N_("argumenter"),
    "show this help message and exit": N_("vis denne hjelpeteksten og avslutt"),
    "show program's version number and exit": N_("vis versjonsnummeret og avslutt"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
    "argument %(argument_name)s: %(message)s": N_("argumentet %(argument_name)s: %(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ugyldig valg %(value)r (velg blant %(choices)s)"),
    "the following arguments are required: %s": N_("disse argumentene mangler: %s"),
    "unrecognized arguments: %s": N_("ukjente argumenter: %s"),
    "expected one argument": N_("forventet ett argument"),
    "expected at most one argument": N_("forventet høyst ett argument"),
    "expected at least one argument": N_("forventet minst ett argument"),
    "ambiguous option: %(option)s could match %(matches)s": N_("tvetydig valg: %(option)s kan være %(matches)s"),
    "unexpected option string: %s": N_("uventet valg: %s"),
    "not allowed with argument %s": N_("kan ikke brukes sammen med %s"),
    "one of the arguments %s is required": N_("ett av argumentene %s må gis"),
    "ignored explicit argument %r": N_("valget tar ingen verdi: %r"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi %(value)r"),
    "can't open '%(filename)s': %(error)s": N_("kan ikke åpne «%(filename)s»: %(error)s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": N_("ukjent kommando %(parser_name)r (velg blant %(choices)s)"),
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"):
        lambda n: ngettext("forventet %s argument", "forventet %s argumenter", n),
}


def argparse_gettext(message: str) -> str:
    """``message`` in Norwegian when the table knows it, else as it is."""
    return _(MESSAGES[message]) if message in MESSAGES else message


def argparse_ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message, in Norwegian when the table knows it."""
    if (singular, plural) not in PLURALS:
        return singular if n == 1 else plural
    return PLURALS[(singular, plural)](n)


@contextmanager
def norwegian() -> Iterator[None]:
    """argparse speaks Norwegian inside the block (nested blocks are fine)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = argparse_gettext, argparse_ngettext
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
        raise argparse.ArgumentTypeError(_("forventet et helt tall større enn 0, fikk {value}").format(value=repr(value)))
    return number
