"""What ``ehp collect`` prints: each submission, every problem (grouped), the roster, and what was written."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..problems import group_problems, totals
from ..formulas import visible
from ..words import _, ngettext
from .merge import CollectionResult


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
    n_subs = len(subs)
    print("ehp collect {period}: ".format(period=result.period)
          + ngettext("{n} innlevering", "{n} innleveringer", n_subs).format(n=n_subs)
          + (ngettext(", {n} fil ignorert", ", {n} filer ignorert", len(result.ignored)).format(
              n=len(result.ignored)) if result.ignored else "") + ".", file=out)
    for s in subs:
        rows = ", ".join(ngettext("{table} {n} rad", "{table} {n} rader", n).format(table=t, n=_number(n))
                         for t, n in s.rows.items()) or _("ingenting lest")
        state = _(" og ").join(
            x for x in ([ngettext("{n} feil", "{n} feil", s.errors).format(n=s.errors)] if s.errors else [])
            + ([ngettext("{n} advarsel", "{n} advarsler", s.warnings).format(n=s.warnings)] if s.warnings else [])
        ) or "OK"
        whose = f" ({', '.join(s.organisations)})" if s.organisations else ""
        print(visible(f"  {s.name}{whose}: {rows} – {state}"), file=out)
    for item in result.ignored:
        print(visible(_("  ignorert: {name} ({reason})").format(name=item.name, reason=item.reason)), file=out)
    everything = [p for s in subs for p in result.problems[s.name]] + list(result.general)
    for title, items in ((_("FEIL"), [p for p in everything if p.is_error]),
                         (_("ADVARSLER"), [p for p in everything if not p.is_error])):
        if items:
            print(_("{title} ({n}):").format(title=title, n=len(items)), file=out)
            for line in (items if all_rows else group_problems(items)):
                print(visible(f"  {line}"), file=out)
    if result.missing_organisations:
        print(visible(_("Ingen innlevering fra: {organisations}.").format(
            organisations=", ".join(result.missing_organisations))), file=out)
    pages = [s.feedback for s in subs if s.feedback]
    if pages:
        print(ngettext("Tilbakemelding til hver innlevering: {folder}/ ({n} side).",
                       "Tilbakemelding til hver innlevering: {folder}/ ({n} sider).", len(pages)).format(
            folder=_shown(pages[0].parent, root), n=len(pages)), file=out)
    if result.merged:
        written = ", ".join(_shown(p, root) for p in result.written)
        if result.left_out:
            print(_("Utkast (--partial): {merged} av {n} innleveringer er slått sammen; holdt utenfor: {left_out}.").format(
                merged=len(subs) - len(result.left_out), n=len(subs), left_out=visible(", ".join(result.left_out))),
                file=out)
        print(_("Skrev {files}.").format(files=written), file=out)
        print(_("Neste steg: «ehp validate {period}» og «ehp build {period}».").format(period=result.period), file=out)
    else:
        bad = sum(1 for s in subs if s.errors)
        why = (ngettext("{n} innlevering har feil ({totals})", "{n} innleveringer har feil ({totals})", bad).format(
            n=bad, totals=totals(everything)) if bad else _("ingen innlevering kan tas med"))
        print(_("Ingenting er slått sammen: {why}. De sammenslåtte filene fra før er ikke endret (forsøket er skrevet i "
                "{record}).").format(why=why, record=_shown(result.record, root) if result.record
                                     else "innsamling-forsok.csv"), file=out)
        if bad and not result.partial:
            print(_("Send tilbakemeldingene til eierne, og kjør «ehp collect» på nytt når de har rettet; eller bruk "
                    "--partial for et utkast uten innleveringene som har feil."), file=out)
