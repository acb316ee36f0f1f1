"""Spelling check of the report's Norwegian with Debian's hunspell and the hunspell-no dictionary (nb_NO).

Used by tests/test_language.py (the wording templates and every generated sentence, computed in-process) and
by the end-to-end tests (the generated text of a built report). Names from the data (projects,
organisations, owner groups, dependency themes) are masked out before the check, never listed; the domain
words the dictionary lacks are in tests/ordliste.txt, reviewed by hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

DICTIONARY = "nb_NO"
INSTALL = ("hunspell and its Norwegian dictionary are missing: install them with "
           "`apt-get install hunspell hunspell-no` (or run .ci/run, which does it).")
WORDLIST = Path(__file__).with_name("ordliste.txt")
#: Nynorsk (report.md, "Written standard"): hunspell's nn_NO and the reviewed nynorsk word list.
NYNORSK = {"dictionary": "nn_NO", "wordlist": Path(__file__).with_name("ordliste-nynorsk.txt")}
LETTERS = "A-Za-zÆØÅæøåÉéÜüÖöÄä"
# A word: letters, possibly joined by hyphens ("e-helse", "planleggings-"); digits and signs are not words.
WORD = re.compile(rf"[{LETTERS}]+(?:-[{LETTERS}]+)*-?")


def require_hunspell(dictionary: str = DICTIONARY) -> str:
    """The hunspell executable; the test FAILS (never skips) when it or the dictionary is missing."""
    exe = shutil.which("hunspell")
    if exe is None:
        pytest.fail(INSTALL, pytrace=False)
    listed = subprocess.run([exe, "-D"], input="", capture_output=True, text=True)
    if not re.search(rf"[/\\]{dictionary}\b", listed.stdout + listed.stderr):
        pytest.fail(INSTALL, pytrace=False)
    return exe


def accepted_words(wordlist: Path = WORDLIST) -> set[str]:
    """tests/ordliste.txt (or ``wordlist``): one word a line, ``#`` comments; compared case-insensitively."""
    words = set()
    for line in wordlist.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.casefold())
    return words


def mask(text: str, names: Iterable[str]) -> str:
    """``text`` with every name (longest first) replaced by a blank, so data is not spell-checked."""
    for name in sorted({n for n in names if n and str(n).strip()}, key=len, reverse=True):
        text = text.replace(str(name), " ")
    return text


def words(text: str) -> list[str]:
    return [w.rstrip("-") for w in WORD.findall(text)]


def misspelled(texts: Iterable[str], names: Iterable[str] = (), *, dictionary: str = DICTIONARY,
               wordlist: Path = WORDLIST) -> dict[str, str]:
    """Words hunspell (nb_NO) does not know and tests/ordliste.txt does not list, each with a text it is in.

    A hyphenated word is accepted when the list has it whole or hunspell knows every part ("gul-grønn").
    """
    exe = require_hunspell(dictionary)
    accepted = accepted_words(wordlist)
    names = list(names)
    where: dict[str, str] = {}
    for text in texts:
        for word in words(mask(text, names)):
            if word.casefold() not in accepted:
                where.setdefault(word, text)
    parts = sorted({p for w in where for p in w.split("-") if p and p.casefold() not in accepted})
    if not parts:
        return {}
    result = subprocess.run([exe, "-d", dictionary, "-i", "utf-8", "-l"], input="\n".join(parts) + "\n",
                            capture_output=True, text=True, encoding="utf-8", check=True)
    unknown = set(result.stdout.split())
    return {w: t for w, t in sorted(where.items())
            if any(p in unknown for p in w.split("-") if p and p.casefold() not in accepted)}
