"""What a chapter notebook opens with: one call that gives it the periods it declared.

A chapter's setup cell is ``ch = open_chapter("strategi", period=period, output_dir=output_dir)``;
``period=""`` (the notebook's default) means the newest configured period, so the notebook runs top
to bottom in Jupyter as it is. Under the build, papermill injects the period's parameters file; the
chapter reads its period and output folder from it and the rest from ``parameters/<period>.yaml``.

A chapter gets exactly the periods its entry in ``notebooks/chapters.yaml`` declares (``reads:``) and no
commentary under the build (the assembly places it; run by hand, only its own): that is what its cache key covers, so ``ch.previous`` in a chapter that
declared ``reads: current`` is an error, not a quiet ``None``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import words
from ..config import PeriodParameters, check_malform, default_period, paths
from ..exceptions import ConfigError
from ..periods import Periods, load_periods
from ..portfolio import Portfolio
from ..validated import unpickle_period
from ..words import _, ngettext

log = logging.getLogger("ehp_analysis")


@functools.lru_cache(maxsize=16)
def _load(period: str, root: str) -> Portfolio:
    """The validated period: from the build's pickle when it handed one over (``EHP_PORTFOLIOS``),
    else read and validated here. The build validated exactly these inputs with this code, so a kernel
    need not do it again (at 5,000 projects that is seconds per chapter)."""
    from ..validate import load_period

    handed = json.loads(os.environ.get("EHP_PORTFOLIOS") or "{}").get(period)
    portfolio = unpickle_period(handed, period) if handed else None
    return portfolio if portfolio is not None else load_period(period, Path(root))


def _own_commentary(portfolio: Portfolio, chapter: str | None) -> Portfolio:
    """``portfolio`` with only ``chapter``'s commentary, or none (``chapter=None``, under the build: the assembly
    places the commentary, so no chapter's cache key covers it and no chapter may read it).

    Applied to every period the chapter reads: a chapter run by hand sees its own commentary of its period and
    nothing else of ``tekst/``."""
    texts = {k: v for k, v in portfolio.texts.items() if k == chapter}
    files = {k: v for k, v in portfolio.files.items() if not k.startswith("tekst/") or k == f"tekst/{chapter}.md"}
    return dataclasses.replace(portfolio, texts=texts, files=files)


@dataclass
class Chapter:
    """A chapter's view of its period: the parameters and the periods it declared (``reads:``).

    Attributes
    ----------
    name : str
        The chapter's notebook name.
    params : PeriodParameters
        The period's parameters.
    periods : Periods
        The declared periods; :attr:`current`, :attr:`previous` and :attr:`chain` read them.
    """

    name: str
    params: PeriodParameters
    periods: Periods
    _whole_marked: bool = field(default=False, init=False, repr=False)

    @property
    def period(self) -> str:
        return self.params.period

    @property
    def current(self) -> Portfolio:
        """This period (with this chapter's commentary only)."""
        return self.periods.current

    @property
    def previous(self) -> Portfolio | None:
        """The previous period, ``None`` when there is none; an error unless the chapter declared it."""
        return self.periods.previous

    @property
    def chain(self) -> tuple[Portfolio, ...]:
        """Every period of the chain, oldest first; an error unless the chapter declared ``reads: chain``."""
        return self.periods.chain

    def _compared(self) -> Portfolio | None:
        """The previous period when the chapter declared it, else ``None`` (the chapter compares nothing)."""
        return None if self.periods.reads == "current" else self.periods.previous

    @property
    def amounts_compared(self) -> bool:
        """Whether the chapter compares amounts with the period it compares with: there is none, or it is in the
        same currency. Across a change of currency the chapter says so once (``text.currency_change_sentence``)
        and leaves the amounts' comparison out; counts, status and risk still compare."""
        previous = self._compared()
        return previous is None or self.current.same_currency(previous)

    def warnings(self) -> list:
        """The validation warnings: the period's own, and (when the chapter reads it) those against the previous period."""
        from ..validate import change_warnings

        previous = self._compared()
        own = list(self.current.warnings)
        if previous is None:
            return own
        names = dict(zip(previous.projects["id"].tolist(), previous.projects["name"].tolist()))
        return own + change_warnings(self.current, names, previous_period=previous.period)

    @functools.cached_property
    def key_figures(self) -> dict:
        from ..metrics.key_figures import key_figures

        chain = self.chain if self.periods.reads == "chain" else None  # history.*; the early warnings look back
        return key_figures(self.current, self._compared(), chain=chain)

    # ---------------------------------------------------------------------------------- provenance

    def provenance(self, portfolio: Portfolio | None = None):
        """The provenance record of ``portfolio`` (default: this period), see :mod:`ehp_analysis.provenance`."""
        from ..provenance import load_provenance

        portfolio = self.current if portfolio is None else portfolio
        params = portfolio.parameters
        return load_provenance(params.data_dir, reconstructed=params.reconstructed, template=params.template)

    def reconstructed_in(self, fields, *, with_previous: bool | str = True) -> tuple[bool, str | tuple | None]:
        """Whether what rests on ``fields`` rests on reconstructed data: ``(in this period, previous period)``.

        The second item is the previous period (``YYYY-MM``) when it is shown (``with_previous``, and the
        chapter compares with one) and ``fields`` are reconstructed there, else ``None``. With
        ``with_previous="chain"`` (what is shown spans the whole chain, as "Utvikling over tid" does) it is the
        tuple of the earlier periods of the chain whose ``fields`` are reconstructed (``None`` when none are).
        """
        fields = tuple(fields)
        if not fields:
            return False, None
        now = self.provenance().rests_on_reconstructed(fields)
        if with_previous == "chain":
            earlier = tuple(p.period for p in self.chain[:-1] if self.provenance(p).rests_on_reconstructed(fields))
            return now, earlier or None
        previous = self._compared() if with_previous else None
        before = previous is not None and self.provenance(previous).rests_on_reconstructed(fields)
        return now, previous.period if before else None

    def _caption(self, caption: str, fields, with_previous: bool | str) -> str:
        """``caption`` marked when it rests on reconstructed fields; where the period is only partly
        reconstructed, the mark names the reconstructed fields (Vedlegg 1: only its total cost)."""
        from .. import text

        now, before = self.reconstructed_in(fields, with_previous=with_previous)
        prov = self.provenance()
        which = prov.reconstructed_among(tuple(fields)) if now and not prov.all_reconstructed else ()
        return caption + text.provenance_caption_suffix(now, before, which)

    def _first_period_columns(self, frame):
        """A first period (nothing compared) shows no previous-period columns: they would be all "–"."""
        if self._compared() is not None:
            return frame
        drop = [c for c in frame.columns if isinstance(c, str) and (c.startswith("previous_") or c == "change")]
        return frame.drop(columns=drop)

    # ------------------------------------------------------------------------------------- showing

    def figure(self, draw, data, *, name: str, caption: str, size: tuple[float, float] = (8.0, 4.5),
               fields=(), with_previous: bool | str = True, **kwargs) -> None:
        """Draw the figure ``draw`` (a function of :mod:`ehp_analysis.plots`, passed itself:
        ``ch.figure(plots.budget_by_owner_group, data, ...)``) from ``data`` and show it.

        The alt text says what the figure shows and its main number; the figure's numbers are
        saved beside it as CSV when the build runs.

        Parameters
        ----------
        fields : iterable of str
            The template fields its numbers rest on (``"budsjett"``, ``"avhengigheter.status"``, a table
            name for all its columns); the caption is marked when any is reconstructed in a period shown.
        with_previous : bool or "chain"
            Whether it shows the previous period too (when the chapter compares with one); ``"chain"`` when it
            shows every period of the chain (the chapter reads it): the mark names the earlier periods.
        """
        import matplotlib.pyplot as plt

        from .. import plots, text
        from . import display

        previous = self._compared() if with_previous is True else None  # "chain": the figure shows every period
        if draw in (plots.budget_by_strategic_area, plots.budget_by_goal) and "budget_years" not in kwargs:
            # the figures that set two periods' budgets side by side name each period's budget year
            kwargs["budget_years"] = {p.period: p.budget_year for p in (self.current, previous) if p is not None}
        with plots.report_style():
            fig, ax = plt.subplots(figsize=size)
            drawn = draw(data, ax=ax, **kwargs)
            alt = plots.alt_text(draw.__name__, drawn.data, budget_year=self.params.budget_year,
                                 previous_budget_year=previous.budget_year if previous is not None else None)
            now, before = self.reconstructed_in(fields, with_previous=with_previous)
            alt += text.provenance_alt_suffix(now, before)
            display.figure(fig, name=name, caption=self._caption(caption, fields, with_previous), alt=alt,
                           data=drawn.data)

    def table(self, frame, *, name: str, caption: str, columns: list[str] | None = None,
              amount_columns: tuple[str, ...] = ("budget", "previous_budget", "change"),
              decimals: int | dict | None = None, interactive: bool = False, fields=(),
              with_previous: bool | str = True) -> None:
        """Show a metric table with Norwegian headers, amounts and colours formatted for reading.

        In a first period (nothing compared) the previous-period columns are left out.

        Parameters
        ----------
        fields, with_previous
            As for :meth:`figure`: the fields its numbers rest on mark the caption when reconstructed.
        columns : list of str, optional
            The columns to show, in order (default: all).
        amount_columns : tuple of str
            Shown exactly as reported (``2,075``), or with ``decimals`` decimals when the column
            holds sums or changes; ``–`` for not reported. ``decimals`` may be a mapping column -> decimals
            (the others as reported).
        interactive : bool
            Sortable by any column and filterable by text in the browser; still every row in the
            page, so it prints whole and reads without JavaScript.
        """
        from .. import text
        from . import display

        frame = frame.copy() if columns is None else frame.loc[:, [c for c in columns if c in frame.columns]].copy()
        frame = self._first_period_columns(frame)
        caption = self._caption(caption, fields, with_previous)
        if "explained" in frame.columns and "next_steps" in frame.columns:
            frame["next_steps"] = [n if e else text.LABELS["left_unexplained"]
                                   for n, e in zip(frame["next_steps"], frame["explained"])]
            frame = frame.drop(columns="explained")
        labels = text.column_labels()
        formatters = {}
        for col in frame.columns:
            if col in amount_columns:
                digits = decimals.get(col) if isinstance(decimals, dict) else decimals
                formatters[labels.get(col, col)] = (text.amount_as_reported if digits is None else
                                                    (lambda v, d=digits: text.number(v, d)))
            elif col in ("status", "risk"):
                formatters[labels.get(col, col)] = display.status_badge
            elif col == "share" or col.endswith("_share"):
                formatters[labels.get(col, col)] = text.share_words  # "ingen", never "0 %" (report.md)
        display.table(frame.rename(columns=labels), name=name, caption=caption, formatters=formatters,
                      interactive=interactive)

    def matrix(self, frame, *, name: str, caption: str, rows: str, columns: str, fields=(),
               with_previous: bool = True) -> None:
        """Show a colour-by-colour table (transitions, status × risk) with labelled rows and columns.

        ``fields`` and ``with_previous`` as for :meth:`figure`."""
        from .. import text
        from . import display

        caption = self._caption(caption, fields, with_previous)
        colours = text.LABELS["colours"]
        shown = frame.copy()
        shown.index = [f"{rows}: {colours.get(str(i), str(i))}" for i in shown.index]
        shown.columns = [f"{columns}: {colours.get(str(c), str(c))}" for c in shown.columns]
        shown.index.name = f"{rows} / {columns}"
        display.table(shown, name=name, caption=caption, index=True)

    def text(self, *sentences: str, fields=(), with_previous: bool | str = True) -> None:
        """Show generated sentences as one paragraph (empty ones are skipped).

        ``fields`` and ``with_previous`` as for :meth:`figure`: a paragraph whose numbers rest on
        reconstructed fields ends by saying so."""
        from . import display

        joined = " ".join(s for s in sentences if s)
        if joined:
            mark = self._paragraph_mark(fields, with_previous)
            display.text(f"{joined} {mark}" if mark else joined)

    def bullets(self, items, *, fields=(), with_previous: bool = True) -> None:
        """Show generated sentences as a bullet list; marked after the list as :meth:`text` marks a paragraph."""
        from . import display

        items = [i for i in items if i]
        if items:
            display.bullets(items)
            mark = self._paragraph_mark(fields, with_previous)
            if mark:
                display.text(mark)

    def _paragraph_mark(self, fields, with_previous: bool | str) -> str:
        """The sentence that ends a paragraph resting on reconstructed fields. Where the whole period is
        reconstructed (the title page says so), the chapter says it once, at its first such paragraph, rather
        than after every paragraph; captions stay marked each time, since figures and tables are lifted out."""
        from .. import text

        now, before = self.reconstructed_in(fields, with_previous=with_previous)
        if now and self.provenance().all_reconstructed:
            if self._whole_marked:
                return ""
            self._whole_marked = True
            return text.whole_period_reconstructed_sentence()
        return text.provenance_sentence(now, before)

    def reconstructed_note(self) -> None:
        """Say which data is reconstructed, from the provenance records of this period and the one compared
        with, so no reader takes it as published; nothing for a period without a record."""
        from .. import text
        from . import display

        previous = self._compared()
        note = text.provenance_note(self.provenance(), self.period,
                                    self.provenance(previous) if previous is not None else None,
                                    previous.period if previous is not None else None)
        if note:
            display.markdown(_("> **Merk:** {note}").format(note=note))

    def strategy_intro(self) -> None:
        """The strategy's areas (or goals) as a numbered list, from the period's own strategy reference."""
        from .. import text
        from . import display

        strategy = self.current.reference.strategy
        if strategy.has_goals:
            display.markdown(text.goals_intro(strategy.name, strategy.goals))
            return
        items = "\n".join(f"{code}. {name}" for code, name in strategy.areas.items())
        display.markdown(_("{strategy} er inndelt i {count} strategiske satsningsområder:\n\n{items}").format(
            strategy=strategy.name or _("Nasjonal e-helsestrategi"), count=text.count_word(len(strategy.areas)),
            items=items))

    def appendix_table(self, frame, *, name: str, caption: str, fields=(), link_names: bool = False) -> None:
        """Vedlegg 1: focus area (or main goal, with the other goals in brackets) as code and name, colours as
        badges, amounts exactly as reported.

        The table is interactive in the browser (sort by any column, filter by text; status and risk
        sort by severity), and a plain table of every project without JavaScript and on paper. With
        ``link_names``, each project's name links to its entry in the Tiltaksoversikt (``#tiltak-<id>``,
        :mod:`.tiltak`); the CSV keeps the plain name.
        """
        frame = frame.copy()
        if link_names:
            from . import tiltak

            frame["name"] = tiltak.name_links(frame["id"], frame["name"])
        if "goal" in frame.columns:
            others = [_(" (også {goals})").format(goals=o) if isinstance(o, str) and o else ""
                      for o in frame.pop("other_goals")]
            frame.insert(0, _("Strategisk mål"), [f"{g} {n}{o}" for g, n, o in
                                                  zip(frame.pop("goal"), frame.pop("goal_name"), others)])
        else:
            frame.insert(0, _("Innsatsområde"),
                         frame.pop("focus_area").astype(str) + " " + frame.pop("focus_area_name").astype(str))
        self.table(frame, name=name, caption=caption, interactive=True, fields=fields)

    def project_overview(self, *, name: str = "prosjekthistorikk", warnings=None, baseline=None, fields=()) -> None:
        """Vedlegg 3 – Tiltaksoversikt: what it holds (said, and marked where it rests on reconstructed data
        in any period of the chain), every project's entry, and ``tables/<name>.csv``, the chain one row per
        project and period (see :mod:`.tiltak`). ``warnings``: ``{id: [sentence, …]}``, the early warnings;
        ``baseline``: ``{id: sentence}``, each project against what it first reported (default: worked out here)."""
        from .. import text
        from . import tiltak

        chain = self.chain
        self.text(text.tiltak_intro_sentence(len(self.current.projects), [p.period for p in chain],
                                             [p.budget_year for p in chain], [p.currency for p in chain]),
                  fields=fields, with_previous="chain")
        tiltak.show(chain, name=name, warnings=warnings,
                    baseline=tiltak.baseline_by_project(chain) if baseline is None else baseline)

    def completeness_table(self, *, name: str, caption: str, fields=()) -> None:
        """Vedlegg 2: what each organisation did not report, one row per organisation.

        One row per organisation, whatever the number of fields with gaps: the fields are listed in a
        cell ("budsjett 3, totalkostnad 2"), not spread over columns, so 25 organisations with gaps in
        fifteen fields still fit the page; fields no project reported are said once above the table.
        Sortable and filterable (type a field to see who is missing it). ``fields`` marks the caption as
        :meth:`figure` does.
        """
        from .. import text
        from ..metrics import quality
        from . import display

        nobody = quality.unreported_fields(self.current)
        if nobody:
            display.text(ngettext("Ingen virksomhet har rapportert {fields}; feltet er derfor utelatt nedenfor.",
                                  "Ingen virksomhet har rapportert {fields}; feltene er derfor utelatt nedenfor.",
                                  len(nobody)).format(
                fields=text.join_list([f"«{text.field_label(c)}»" for c in nobody])))
        frame = quality.completeness_by_organisation(self.current)
        if frame.empty or not frame["n_not_reported"].any():
            display.text(_("Alle virksomheter har fylt ut de øvrige feltene.") if nobody else
                         _("Alle virksomheter har fylt ut alle felt."))
            return
        frame["missing"] = [", ".join(f"{text.field_label(column)} {n}" for column, n in missing) or text.DASH
                            for missing in frame["missing"]]
        labels = text.column_labels()
        shown = frame.rename(columns={**labels, "organisation": _("Virksomhet"),
                                      "n_not_reported": _("Ikke rapportert i alt"),
                                      "missing": _("Ikke rapportert per felt (antall prosjekter)")})
        display.table(shown, name=name, caption=self._caption(caption, fields, False), interactive=True)

    def problem_table(self, problems, *, name: str, caption: str) -> None:
        """Vedlegg 2: the validation warnings, grouped by file, column and kind, and a CSV of every one.

        Says the totals, then shows one row per group (its rows as ranges, at most five example values),
        sortable and filterable. ``tables/<name>.csv`` holds the groups, ``tables/<name>-alle.csv`` every
        warning, one per row, with its project (written also when there are none, so it is always there).
        """
        from ..config import OUTPUT
        from ..metrics import quality
        from ..problems import labels, totals
        from . import display

        problems = list(problems)
        every = quality.warnings_table(problems)
        folder = display.output_dir()
        all_rows = f"{name}-alle.csv"
        if folder is not None:
            display.write_csv(every.rename(columns=labels()), folder / OUTPUT.tables / all_rows)
        if not problems:
            display.text(_("Valideringen ga ingen advarsler for denne perioden."))
            return
        display.text(_("Valideringen ga {totals}. Like advarsler er samlet på én rad per fil, kolonne og problem, "
                       "med radene og noen eksempler; hver advarsel for seg står i {file} ved siden av rapporten."
                       ).format(totals=totals(problems), file=f"{OUTPUT.tables}/{all_rows}"))
        display.table(quality.warning_groups(problems).rename(columns=labels()), name=name, caption=caption,
                      interactive=True)

    def commentary(self, otherwise: str | None = None) -> None:
        """The portfolio office's commentary ``tekst/<chapter>.md`` (raw HTML not passed through), or ``otherwise``
        (a sentence) when it wrote none.

        Under the build the chapter keeps its place only (:func:`ehp_analysis.render.commentary.marker`): the
        assembly puts the commentary there, so a change to the commentary runs no chapter. Run by hand
        (:mod:`.interactive`), the parts placed under their sections were shown there: this shows the last
        section's part and what the report keeps at the chapter's end."""
        from IPython.display import display as show

        from ..render import commentary as placing
        from . import display, interactive

        if interactive.state() is None:
            data, metadata = placing.marker(otherwise)
            show(data, raw=True, metadata=metadata)
        elif not interactive.end_commentary() and otherwise:
            display.text(otherwise)


def _files_to(output_dir: str | None, params: PeriodParameters, root: Path) -> Path | None:
    """Where the chapter may write its figure and table files: never into a build's output folder.

    The build hands every chapter a work folder of its own, inside a staging folder beside
    ``outputs/<period>/`` (``.staging-…``), and swaps the finished report in at once. A notebook run by hand
    (Jupyter, or ``papermill -f parameters/<period>.yaml``) gets the parameters file's ``output_dir``, the
    period's build folder: writing there would mix one chapter's files into a built report. So the parameters
    file's own ``output_dir``, the period's output folder and any folder under ``outputs/`` outside a staging
    folder get nothing (a warning says so); any other folder given explicitly is written to.
    """
    if output_dir in (None, ""):
        return None
    target = Path(output_dir).resolve()
    refused = str(output_dir) == str(params.raw.get("output_dir") or "")
    for built in (params.output_dir.resolve(), paths(root).outputs.resolve()):
        if target == built or built in target.parents:
            refused = refused or not any(part.startswith(".staging-") for part in target.relative_to(built).parts)
    if refused:
        log.warning(_("Figurer og tabeller skrives ikke til {folder} når kapittelet kjøres utenfor «ehp build» "
                      "(bare bygget skriver der); gi output_dir en annen mappe for å få filene.").format(
                          folder=output_dir))
        return None
    return target


def _interactive(output_dir: str | None, name: str, current: Portfolio, chapters, root: Path) -> None:
    """Run by hand (no ``output_dir``): show the chapter as the report does (:mod:`.interactive`); else nothing."""
    from . import interactive

    if output_dir not in (None, ""):
        interactive.stop()
        return
    from ..render.numbers import caption_starts

    prefix = next((nc.number for nc in chapters.numbered() if nc.file == name), "")
    interactive.start(current.texts.get(name), starts=caption_starts(paths(root).cache, current.period, name),
                      prefix=prefix)


def open_chapter(name: str, period: str = "", output_dir: str = "", root: str | Path | None = None) -> Chapter:
    """Load the periods chapter ``name`` declares and point figure/table files at ``output_dir``.

    Parameters
    ----------
    name : str
        The chapter's notebook name, as listed in ``notebooks/chapters.yaml`` (which says what it reads).
    period : str
        ``YYYY-MM``; empty for the newest configured period.
    output_dir : str
        Where figures and tables are written (the build passes its staging folder); empty when an
        analyst iterates in Jupyter: nothing is written. A build's output folder (the parameters file's
        ``output_dir``, ``outputs/<period>``) is never written by a notebook run by hand (:func:`_files_to`).

    Raises
    ------
    ConfigError
        If the chapter is not listed in ``chapters.yaml``, or the period's chain is broken.
    DataValidationError
        If a declared period's data has errors.
    """
    from ..chapter_list import load_chapters
    from . import display

    root_path = paths(Path(root) if root else None).root
    chapters = load_chapters(root_path, check_notebooks=False)
    try:
        entry = chapters.get(name)
    except KeyError:
        raise ConfigError(_("Kapittelet «{name}» står ikke i {file}; før det opp der med "
                            "«file:», «title:» og «reads:».").format(name=name, file=chapters.source)) from None
    period = period or default_period(root_path)
    periods = load_periods(period, reads=entry.reads, root=root_path, reader=name,
                           loader=lambda p: _load(p.period, str(root_path)))
    # Run by hand, the chapter shows its own commentary of its period itself; under the build it reads none.
    shown = name if output_dir in (None, "") else None
    periods = dataclasses.replace(periods, portfolios=tuple(
        _own_commentary(p, shown if p.period == period else None) for p in periods.portfolios))
    display.configure(_files_to(output_dir, periods.current.parameters, root_path))
    _interactive(output_dir, name, periods.current, chapters, root_path)
    from ..text.currency import set_currency

    set_currency(periods.current.parameters.currency)  # every amount's unit in this kernel is worded from it
    # Every word in this kernel in the build's written standard (``ehp build --malform`` hands it over in
    # EHP_MALFORM), else the period's own ``malform:`` (a notebook run by hand in Jupyter).
    words.set_malform(check_malform(os.environ.get("EHP_MALFORM") or periods.current.parameters.malform,
                                    where="EHP_MALFORM"))
    log.info(_("kapittel {name}, periode {period}, leser {periods}").format(
        name=name, period=period, periods=", ".join(p.period for p in periods.portfolios)))
    return Chapter(name=name, params=periods.current.parameters, periods=periods)
