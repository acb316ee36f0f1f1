"""Text shown as text, and cells that cannot run (collection.md, "Every workbook is hostile").

- :func:`visible`: file, sheet and cell text as printed or put in feedback: control characters and line breaks
  escaped (``\\n``, ``\\x1b``), so that they cannot forge lines or move the cursor.
- :func:`formula_like` and :func:`formula_cells`: a text a spreadsheet would run as a formula; such a cell is an
  error of its submission (``ehp collect``) and of ``ehp validate``, never merged.

Used by validation and by the collection alike, so it sits below both.
"""

from __future__ import annotations

import re

from .problems import Problem
from .words import N_, _


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: object) -> str:
    """``text`` with every control character, line break and direction mark escaped (``\\n``, ``\\x1b``,
    ``\\u202e``): what a terminal or a page shows cannot forge a line, move the cursor or turn text around."""
    def escape(m: re.Match) -> str:
        c = m.group(0)
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _INVISIBLE.sub(escape, str(text))


# ------------------------------------------------------------------------------------------- formulas

_NUMBER = re.compile(r"^[+-]\s*\d[\d\s\u00a0]*([.,]\d+)?\s*%?$")


def formula_like(text: object) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula when it opens the CSV file: it starts (as it is,
    or after stripping spaces) with ``=``, ``@``, a tab or a carriage return, or with ``+``/``-`` not followed by
    a number (``-1,5`` and ``+47`` are numbers; ``+1+1``, ``-cmd`` are not)."""
    s = str(text)
    for t in (s, s.strip(" \u00a0\t\r\n")):
        if not t:
            continue
        if t[0] in "=@\t\r":
            return True
        if t[0] in "+-" and len(t) > 1 and not _NUMBER.match(t):  # a lone "-" means not reported
            return True
    return False


# What a formula-like text starts with, as it is or after stripping (formula_like), and what stripping removes.
_FORMULA_START = frozenset("=@\t\r+-" + " \u00a0\n")


FORMULA_MESSAGE = N_("teksten begynner som en formel ({start}); et regneark ville kjørt den. Skriv teksten uten"
                      " =, +, -, @ eller tabulator først")


def formula_message(text: object) -> str:
    """Why a formula-like cell is refused (the start of the text, made visible)."""
    s = str(text)
    return _(FORMULA_MESSAGE).format(start="«" + visible(s[:12]) + ("…" if len(s) > 12 else "") + "»")



def formula_cells(tables) -> list[Problem]:
    """A cell or header that a spreadsheet would run as a formula (collection.md, "What is merged cannot run"):
    an error naming the cell, in a period's files as in a submission."""
    out: list[Problem] = []
    for raw in tables:
        for header in raw.original_columns.values():
            if formula_like(header):
                out.append(Problem(raw.file, raw.header_row, visible(header), None, formula_message(header)))
        for name in raw.frame.columns:
            for row, text in raw.frame[name].items():
                # only a text starting with one of _FORMULA_START can be one (the rest is never stripped)
                if isinstance(text, str) and text and text[0] in _FORMULA_START and formula_like(text):
                    out.append(Problem(raw.file, int(row), raw.original_columns.get(name, name), visible(text),
                                       formula_message(text)))
    return out


__all__ = ["FORMULA_MESSAGE", "formula_cells", "formula_like", "formula_message", "visible"]
