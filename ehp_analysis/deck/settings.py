"""The deck's parameters: ``deck_template:`` (the office's own .pptx) and ``deck_layouts:`` (its layout names).

Both live in the period's parameters file. The template is checked before any chapter runs (see
:func:`check_settings`), so a missing file, a file that is not a presentation or a layout the master lacks stops
the build with a message naming the file and the layout, and nothing under ``outputs/`` changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import PeriodParameters
from ..exceptions import ConfigError
from ..hashing import sha256
from ..words import _

#: The deck's uses of a slide layout, and the layout names of python-pptx's own default template.
DEFAULT_LAYOUTS: dict[str, str] = {"title": "Title Slide", "content": "Title and Content", "title_only": "Title Only"}
COMMENTARY = "nuit"  # tekst/nuit.md: "Saker til beslutning"


@dataclass(frozen=True)
class DeckSettings:
    """Where the slide master comes from (``None``: python-pptx's default, set to 16:9) and its layout names."""

    template: Path | None
    layouts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LAYOUTS))
    source: str = ""  # the parameters file, for messages

    def open(self):
        """The template as a python-pptx ``Presentation`` (checked: every layout of :attr:`layouts` is in it).

        Raises
        ------
        ConfigError
            For a template that is missing or not a presentation, or lacks a layout.
        """
        from pptx import Presentation
        from pptx.util import Emu

        if self.template is None:
            prs = Presentation()
            widen(prs, Emu(12192000))  # 16:9, 13,333 × 7,5 in
        else:
            if not self.template.is_file():
                raise ConfigError(_("{source}, nøkkel deck_template: fant ikke filen {file}.").format(
                    source=self.source, file=self.template))
            try:
                prs = Presentation(str(self.template))
            except Exception as exc:  # a zip that is no presentation, or no zip at all: python-pptx raises many kinds
                raise ConfigError(_("{source}, nøkkel deck_template: {file} er ikke en PowerPoint-presentasjon "
                                    "(.pptx) ({error}).").format(source=self.source, file=self.template,
                                                                 error=type(exc).__name__)) from None
        names = [layout.name for layout in prs.slide_layouts]
        for use, name in self.layouts.items():
            if name not in names:
                raise ConfigError(_("{source}, nøkkel deck_layouts: lysbildeoppsettet «{layout}» (for {use}) finnes "
                                    "ikke i {file}; oppsettene der heter {names}.").format(
                    source=self.source, layout=name, use=use, file=self.template or _("standardmalen"),
                    names=", ".join(f"«{n}»" for n in names)))
        return prs


def widen(prs, width: int) -> None:
    """Make python-pptx's default (4:3) master ``width`` wide, its placeholders moved and widened with it."""
    ratio = width / prs.slide_width
    prs.slide_width = width
    masters = [prs.slide_master, *prs.slide_layouts]
    for holder in masters:
        for shape in holder.placeholders:
            if shape._element.spPr.xfrm is not None:  # its own position; the others inherit the master's
                shape.left, shape.width = int(shape.left * ratio), int(shape.width * ratio)


def deck_settings(params: PeriodParameters, root: Path) -> DeckSettings:
    """Read ``deck_template:`` and ``deck_layouts:`` from a period's parameters.

    Raises
    ------
    ConfigError
        For a ``deck_layouts:`` that is not a mapping of the deck's uses to layout names.
    """
    raw: Mapping[str, Any] = params.raw
    source = str(params.source) if params.source else _("parameterfilen")
    value = raw.get("deck_template")
    template = None
    if value not in (None, ""):
        path = Path(str(value))
        template = path if path.is_absolute() else Path(root) / path
    layouts = dict(DEFAULT_LAYOUTS)
    given = raw.get("deck_layouts")
    if given not in (None, ""):
        if not isinstance(given, Mapping):
            raise ConfigError(_("{source}, nøkkel deck_layouts: forventet en liste med bruk: navn på lysbildeoppsett "
                                "({uses}).").format(source=source, uses=", ".join(DEFAULT_LAYOUTS)))
        for use, name in given.items():
            if use not in DEFAULT_LAYOUTS or not isinstance(name, str) or not name.strip():
                raise ConfigError(_("{source}, nøkkel deck_layouts: «{use}» er ikke en kjent bruk med et navn på "
                                    "lysbildeoppsett; kjente er {uses}.").format(source=source, use=use,
                                                                             uses=", ".join(DEFAULT_LAYOUTS)))
            layouts[use] = name.strip()
    return DeckSettings(template=template, layouts=layouts, source=source)


def deck_inputs(params: PeriodParameters, root: Path) -> dict[Path, str | None]:
    """What the deck reads beyond the chapters and key figures, hashed (part of its cache key): the template's
    content and the period's ``tekst/nuit.md`` (``None`` when absent)."""
    settings = deck_settings(params, root)
    commentary = params.data_dir / "tekst" / f"{COMMENTARY}.md"
    out: dict[Path, str | None] = {commentary: sha256(commentary) if commentary.is_file() else None}
    if settings.template is not None:
        out[settings.template] = sha256(settings.template) if settings.template.is_file() else None
    return out
