"""Extract every message of the toolkit and bring the catalogues up to date (``python -m ehp_analysis.words``).

Messages come from three kinds of source: the package's Python files and the notebooks' code cells (the keywords
of :mod:`ehp_analysis.words`), and the YAML files that carry words (the values of the keys :data:`YAML_SOURCES`
names, anywhere in the file). The bokmål catalogue takes a new message's id as its text; a text a reviewer edited
stays as edited. Entries are sorted and carry no line numbers, so that two branches adding messages merge cleanly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po

from . import MALFORMS, catalogue_path

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
#: YAML files (relative to the repository) and the keys whose string values are words.
YAML_SOURCES: dict[str, tuple[str, ...]] = {
    "notebooks/chapters.yaml": ("title",),
    # the shipped reference files (a period's own copy may hold words of its own: shown as written)
    "ehp_analysis/reference/early-warnings.yaml": ("title", "explanation"),
    "ehp_analysis/reference/cost-bands.yaml": ("label", "phrase"),
    "ehp_analysis/reference/strategy-2017-2022.yaml": ("name", "focus_areas"),
    "ehp_analysis/reference/strategy-2023-2030.yaml": ("name", "goals"),
}
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def _python(source: str, origin: str) -> Iterator[tuple[str | tuple[str, str], str | None, str]]:
    for _line, funcname, message, _comments in extract_python(BytesIO(source.encode()), KEYWORDS, [], {}):
        context = None
        if funcname == "pgettext":
            context, message = message[0], message[1]
        elif funcname == "ngettext":
            message = message[:2]  # extract_python gives every argument; the count is not a message
        if message is None or (isinstance(message, tuple) and None in message):
            continue  # a variable handed to the catalogue (a text marked with N_ where it was written)
        yield message, context, origin


def _yaml(path: Path, keys: tuple[str, ...], origin: str) -> Iterator[tuple[str, None, str]]:
    import yaml

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and isinstance(value, str):
                    yield value
                elif key in keys and isinstance(value, dict):  # a table of texts (goals, focus areas by code)
                    yield from (text for text in value.values() if isinstance(text, str))
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for text in walk(yaml.safe_load(path.read_text(encoding="utf-8"))):
        yield text, None, origin


def messages(root: Path = ROOT) -> Iterator[tuple[str | tuple[str, str], str | None, str]]:
    """Every message of the toolkit: (id or (singular, plural), context or None, the file it came from)."""
    package = root / "ehp_analysis"
    for path in sorted(package.rglob("*.py")):
        yield from _python(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                yield from _python("".join(cell["source"]), str(path.relative_to(root)))
    for relative, keys in YAML_SOURCES.items():
        yield from _yaml(root / relative, keys, relative)


def extracted(root: Path = ROOT) -> Catalog:
    """A catalogue of every message in the code (ids only, no texts)."""
    catalog = Catalog(locale="nb", project="ehp", fuzzy=False)
    for message, context, _origin in messages(root):
        catalog.add(message, None, context=context)
    return catalog


def translated(text: str | tuple[str, ...] | None) -> bool:
    """Whether an entry's text is written (a plural entry: every form)."""
    return bool(text) and (not isinstance(text, tuple) or all(text))


def update(name: str = "bokmål", root: Path = ROOT) -> tuple[int, int]:
    """Bring the catalogue of ``name`` up to date with the code; returns (added, removed)."""
    path = root / "ehp_analysis" / catalogue_path(name).relative_to(PACKAGE)
    old: dict = {}
    kept: dict = {}  # obsolete entries (``#~``): translations of messages not (or no longer) in the code
    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for entry in catalogue.obsolete.values():
            if entry.id and translated(entry.string):
                kept[(entry.id, entry.context)] = entry
        for entry in catalogue:
            if entry.id:
                old[(entry.id, entry.context)] = entry
    new = Catalog(locale=MALFORMS[name], project="ehp", fuzzy=False)
    added = 0
    for entry in extracted(root):
        key = (entry.id, entry.context)
        if key in old and translated(old[key].string):
            text = old[key].string
        elif key in kept:  # a translation written before its message reached the code (a second standard)
            text = kept.pop(key).string
        elif name == "bokmål":
            text = entry.id
            added += 1
        else:
            text = ("", "") if isinstance(entry.id, tuple) else ""
            added += 1
        new.add(entry.id, text, context=entry.context)
    gone = set(old) - {(e.id, e.context) for e in new}
    removed = len(gone)
    if name != "bokmål":  # a translation is kept (obsolete) until a reviewer removes it: a message may come back
        for key in sorted(gone | set(kept), key=str):
            entry = old.get(key) or kept[key]
            if translated(entry.string):
                new.obsolete[key] = Message(entry.id, entry.string, context=entry.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    write_po(buffer, new, sort_output=True, no_location=True, omit_header=False, width=120)
    text = buffer.getvalue().decode("utf-8")
    header_rule = f'"Plural-Forms: {PLURAL_FORMS}\\n"'
    lines = [header_rule if line.startswith('"Plural-Forms:') else line for line in text.splitlines()]
    lines = [line for line in lines if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date',
                                                           '"Generated-By'))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return added, removed


def main(argv: list[str] | None = None) -> int:
    for name in MALFORMS:
        added, removed = update(name)
        print(f"{catalogue_path(name).name}: {added} nye, {removed} fjernet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
