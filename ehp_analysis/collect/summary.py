"""What ``ehp collect`` prints: each submission, every problem (grouped), the roster, and what was written."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..problems import group_problems, totals
from ..formulas import visible
from .merge import CollectionResult


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def print_collection(result: CollectionResult, out: TextIO, *, root: Path, all_rows: bool = False) -> None:
    """Print ``result`` for the office (Norwegian, like ``ehp validate``: totals first, then the details)."""
    subs = result.submissions
    print(f"ehp collect {result.period}: {_count(len(subs), 'innlevering', 'innleveringer')}"
          + (f", {_count(len(result.ignored), 'fil', 'filer')} ignorert" if result.ignored else "") + ".", file=out)
    for s in subs:
        rows = ", ".join(f"{t} {_number(n)} {'rad' if n == 1 else 'rader'}" for t, n in s.rows.items()) or "ingenting lest"
        state = " og ".join(x for x in ([_count(s.errors, "feil", "feil")] if s.errors else [])
                            + ([_count(s.warnings, "advarsel", "advarsler")] if s.warnings else [])) or "OK"
        whose = f" ({', '.join(s.organisations)})" if s.organisations else ""
        print(visible(f"  {s.name}{whose}: {rows} – {state}"), file=out)
    for item in result.ignored:
        print(visible(f"  ignorert: {item.name} ({item.reason})"), file=out)
    everything = [p for s in subs for p in result.problems[s.name]] + list(result.general)
    for title, items in (("FEIL", [p for p in everything if p.is_error]),
                         ("ADVARSLER", [p for p in everything if not p.is_error])):
        if items:
            print(f"{title} ({len(items)}):", file=out)
            for line in (items if all_rows else group_problems(items)):
                print(visible(f"  {line}"), file=out)
    if result.missing_organisations:
        print(visible(f"Ingen innlevering fra: {', '.join(result.missing_organisations)}."), file=out)
    pages = [s.feedback for s in subs if s.feedback]
    if pages:
        print(f"Tilbakemelding til hver innlevering: {_shown(pages[0].parent, root)}/ "
              f"({_count(len(pages), 'side', 'sider')}).", file=out)
    if result.merged:
        written = ", ".join(_shown(p, root) for p in result.written)
        if result.left_out:
            print(f"Utkast (--partial): {len(subs) - len(result.left_out)} av {len(subs)} innleveringer er slått"
                  f" sammen; holdt utenfor: {visible(', '.join(result.left_out))}.", file=out)
        print(f"Skrev {written}.", file=out)
        print(f"Neste steg: «ehp validate {result.period}» og «ehp build {result.period}».", file=out)
    else:
        bad = sum(1 for s in subs if s.errors)
        why = (f"{_count(bad, 'innlevering', 'innleveringer')} har feil ({totals(everything)})" if bad
               else "ingen innlevering kan tas med")
        print(f"Ingenting er slått sammen: {why}. De sammenslåtte filene fra før er ikke endret"
              f" (forsøket er skrevet i {_shown(result.record, root) if result.record else 'innsamling-forsok.csv'}).",
              file=out)
        if bad and not result.partial:
            print("Send tilbakemeldingene til eierne, og kjør «ehp collect» på nytt når de har rettet; eller bruk"
                  " --partial for et utkast uten innleveringene som har feil.", file=out)
