"""Translate the messages of several branches at once into a second written standard, and list what is missing.

``python -m ehp_analysis.words.union [--add translations.json] [--malform nynorsk] ROOT ...`` reads the bokmål
catalogue (``ehp_analysis/words/catalogue/nb.po``) of each ROOT (worktrees of branches not merged yet; default:
this repository), takes the union of their messages, and writes this repository's catalogue of the standard with
every translation it knows: the catalogue's own entries (active and obsolete), plus those of ``--add`` (a JSON
object: bokmål id -> text; a plural entry's id is its singular and its value a list of the two forms; a message
with a context is keyed ``"context\\x04id"``). A message the code of this repository has is an active entry; one
only another branch has yet is kept as an obsolete entry (``#~``), which ``make catalogue`` makes active the
moment the message reaches the code (after the merge). Prints every message of the union still without a
translation, and exits 1 when there is one: run it after merging to see what is left.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from . import MALFORMS, catalogue_path
from .extract import PACKAGE, ROOT, translated, update

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def union(roots: list[Path]) -> dict[tuple, Message]:
    """Every message of the bokmål catalogues under ``roots``, keyed (id, context)."""
    found: dict[tuple, Message] = {}
    for root in roots:
        for entry in _read(root / "ehp_analysis" / catalogue_path("bokmål").relative_to(PACKAGE)):
            if entry.id:
                found.setdefault((entry.id, entry.context), entry)
    return found


def _added(path: Path | None) -> dict[tuple[str, str | None], object]:
    """``--add``'s translations keyed (singular id, context)."""
    if path is None:
        return {}
    out = {}
    for key, text in json.loads(path.read_text(encoding="utf-8")).items():
        context, _sep, message = key.rpartition("\x04")
        out[(message, context or None)] = tuple(text) if isinstance(text, list) else text
    return out


def placeholders(text: str | tuple) -> list[str]:
    """The named placeholders of a text (both forms of a plural), sorted."""
    texts = text if isinstance(text, tuple) else (text,)
    return sorted(p for t in texts for p in PLACEHOLDER.findall(t or ""))


def merge(roots: list[Path], malform: str = "nynorsk", added: Path | None = None) -> list[str]:
    """Write the catalogue of ``malform`` with every known translation; return the untranslated messages."""
    path = ROOT / "ehp_analysis" / catalogue_path(malform).relative_to(PACKAGE)
    known: dict[tuple, Message] = {}
    if path.exists():
        catalogue = _read(path)
        for entry in [*catalogue.obsolete.values(), *catalogue]:
            if entry.id and translated(entry.string):
                known[(entry.id, entry.context)] = entry
    by_singular = {(k[0][0] if isinstance(k[0], tuple) else k[0], k[1]): k for k in known}
    wanted = union(roots)
    by_singular.update({(k[0][0] if isinstance(k[0], tuple) else k[0], k[1]): k for k in wanted})
    for (singular, context), text in _added(added).items():
        key = by_singular.get((singular, context))
        if key is None:
            print(f"ukjent id i --add: {singular!r}", file=sys.stderr)
            continue
        known[key] = Message(key[0], text, context=context)
    out = Catalog(locale=MALFORMS[malform], project="ehp", fuzzy=False)
    for key in sorted(set(known) | set(wanted), key=str):
        entry = known.get(key)
        if entry is not None:
            out.obsolete[key] = Message(key[0], entry.string, context=key[1])
    from babel.messages.pofile import write_po

    with path.open("wb") as handle:
        write_po(handle, out, sort_output=True, no_location=True, width=120)
    update(malform)  # the messages of this repository's code become active entries, the others stay obsolete
    return [str(k[0]) + (f" [{k[1]}]" if k[1] else "") for k in sorted(wanted, key=str) if k not in known]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ehp_analysis.words.union", description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--malform", default="nynorsk", choices=[m for m in MALFORMS if m != "bokmål"])
    parser.add_argument("--add", type=Path, default=None)
    args = parser.parse_args(argv)
    missing = merge(args.roots or [ROOT], args.malform, args.add)
    for message in missing:
        print(message)
    print(f"{len(missing)} of {len(union(args.roots or [ROOT]))} messages without a translation", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
