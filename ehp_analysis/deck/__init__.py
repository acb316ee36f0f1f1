"""The NUIT deck: ``outputs/<period>/nuit-<period>.pptx``, the committee's slides made from the built report.

``ehp build --deck`` writes it after the chapters and ``key_figures.json`` (the ``deck`` entry of
:data:`ehp_analysis.report.outputs.FORMATS`). The slides (:mod:`.slides`) hold the report's numbers, read from
``key_figures.json``, and its sentences, from the same :mod:`ehp_analysis.text` functions on the same validated
periods; the scatter and the network are the build's own figure files with the report's alt text. The slide
master is the office's ``deck_template:`` (:mod:`.settings`), the file is written reproducibly (:mod:`.render`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

from ..config import OUTPUT, PeriodParameters
from .settings import COMMENTARY, DEFAULT_LAYOUTS, DeckSettings, deck_inputs, deck_settings

__all__ = ["COMMENTARY", "DEFAULT_LAYOUTS", "DeckSettings", "deck_file", "deck_inputs", "deck_settings",
           "deck_slides", "write_deck"]

#: The figures the deck shows as pictures: (file name under figures/, kind for the slide).
PICTURES = {"prioritisation": "prioritering", "network": "avhengighetsnettverk"}


def deck_file(period: str) -> str:
    """The deck's file name in the period's folder."""
    return f"nuit-{period}.pptx"


def deck_date(params: PeriodParameters) -> dt.datetime:
    """The deck's created/modified date: the parameter ``publisert:`` when given, else the cut-off (never the clock)."""
    value = params.raw.get("publisert") or params.cutoff
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def figure_alt(folder: Path, name: str) -> str | None:
    """The report's alt text of figure ``name``, read from the executed chapters in ``folder/notebooks``."""
    marker = re.compile(r'id="fig-' + re.escape(name) + r'"><img src="[^"]*" alt="([^"]*)"')
    for path in sorted((folder / OUTPUT.notebooks).glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        if f"fig-{name}" not in raw:
            continue
        for cell in json.loads(raw).get("cells", []):
            for output in cell.get("outputs", []):
                markup = output.get("data", {}).get("text/html")
                found = marker.search("".join(markup) if isinstance(markup, list) else str(markup or ""))
                if found:
                    return html.unescape(found.group(1))
    return None


def _picture(folder: Path, name: str):
    from .slides import Picture

    path = folder / OUTPUT.figures / f"{name}.png"
    if not path.is_file():
        return None
    return Picture(path, figure_alt(folder, name) or "")


def deck_slides(kf: dict[str, Any], periods, folder: Path, *, title: str, commentary: str | None) -> list:
    """Every slide of the deck, in the spec's order (see :mod:`.slides`)."""
    from .. import text
    from ..metrics import early_warnings as warnings
    from ..metrics import network, overview, priority, status
    from ..provenance import load_provenance
    from . import slides as S

    current, previous = periods.current, periods.previous
    params = current.parameters

    def provenance(p):
        q = p.parameters
        return load_provenance(q.data_dir, reconstructed=q.reconstructed, template=q.template)

    note = text.provenance_note(provenance(current), current.period,
                                provenance(previous) if previous is not None else None,
                                previous.period if previous is not None else None)
    synthetic = text.example_data_banner() if params.synthetic else ""
    delivery = text.incomplete_period_note(overview.not_delivered_projects(current))
    found = warnings.evaluate(periods.chain)
    rules = warnings.overview(periods.chain, warnings=found)
    has_network = network.summary(current) if kf.get("dependencies", {}).get("count") is not None else None
    deck = [
        S.title_slide(kf, title, params.cutoff, [text.example_data_page()] if params.synthetic else []),
        S.glance_slide(kf),
        S.status_slide(kf, current.projects),
        S.red_slide(kf, status.red_projects(current)),
        S.warnings_slide(kf, rules, found["id"].nunique()),
        S.budget_slide(kf, text.bridge_sentence(kf, overview.budget_bridge(current, previous), current.projects)),
        S.baseline_slide(kf),
        S.prioritisation_slide(priority.prioritisation(current), _picture(folder, PICTURES["prioritisation"])),
        S.network_slide(kf, has_network, network.at_risk(current) if has_network is not None else None,
                        _picture(folder, PICTURES["network"])),
        *S.decision_slides(commentary),
        S.basis_slide(kf, note, delivery, synthetic),
    ]
    return [s for s in deck if s is not None]


def write_deck(params: PeriodParameters, root: Path, folder: Path, periods, *, title: str) -> Path:
    """Write ``folder/nuit-<period>.pptx`` from what the build wrote into ``folder`` (``key_figures.json``, the
    figures, the executed chapters) and the validated ``periods`` (:class:`ehp_analysis.periods.Periods`).

    Raises
    ------
    ConfigError
        For a ``deck_template:`` that is missing, not a presentation, or lacks a layout ``deck_layouts:`` names.
    """
    from .. import text
    from .render import build_presentation, save

    settings = deck_settings(params, root)
    prs = settings.open()
    kf = json.loads((folder / OUTPUT.key_figures).read_text(encoding="utf-8"))
    source = params.data_dir / "tekst" / f"{COMMENTARY}.md"
    commentary = source.read_text(encoding="utf-8-sig") if source.is_file() else None
    when = deck_date(params)
    with text.use_currency(params.currency):
        slides = deck_slides(kf, periods, folder, title=title, commentary=commentary)
        full_title = f"{title} – {text.month_year(params.period)}"
    build_presentation(prs, slides, settings.layouts, title=full_title, when=when)
    return save(prs, folder / deck_file(params.period), when)


def check_deck(params: PeriodParameters, root: Path) -> None:
    """Fail before any chapter runs when the period's ``deck_template:`` or ``deck_layouts:`` cannot be used."""
    deck_settings(params, root).open()

