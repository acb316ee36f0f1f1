"""Plan a build: what to run for each period, and the cache key of each piece of work.

Everything the rest of the build reads is resolved here, once, at the start: the project's paths, the
chapter list, every period's parameters and chain (each parameters file read once), and for every chapter
the periods it declared (``reads:`` in ``chapters.yaml``). Planning writes nothing.

A cache key is a hash of exactly what a piece of work reads, so an incremental build writes what a
forced build would:

* a **chapter** reads its notebook, its own entry in ``chapters.yaml`` (``reads:`` decides what it may
  load), the parameters, data files and reference files (``strategy_file``, ``organisations_file``,
  ``early_warnings_file``) of every period it declared, and, shared by all, the
  package's code and shipped reference data, the library versions and the kernel; no commentary (a chapter
  keeps its commentary's place, the assembly fills it);
* an **output format** (``key_figures.json``, see :mod:`.outputs`) reads the periods it declares, the same way;
* the **assembly** reads every chapter's result (their keys), the whole chapter list (order, titles),
  the period's own parameters (title page), its commentary ``tekst/*.md`` (the foreword and every chapter's,
  placed at assembly) and the formats asked for.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..chapter_list import ChapterEntry, ChapterList
from ..config import OUTPUT, Paths, PeriodParameters, check_malform, load_chain
from ..hashing import sha256 as sha256_file
from ..keys import PeriodInputs, display_path, json_hash, period_inputs, shared_key
from ..periods import declared

# ------------------------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class ChapterTask:
    """One chapter of one period to execute (or restore from the cache).

    Attributes
    ----------
    period : str
    chapter : ChapterEntry
    position, total : int
        1-based place in ``chapters.yaml`` and the number of chapters.
    notebook : Path
        The source notebook.
    parameters : dict
        What papermill injects: the period's parameters file, ``output_dir`` pointing at ``work_dir``.
    work_dir : Path
        Where the chapter writes its files (``figures/``, ``tables/`` ...).
    executed : Path
        Where the executed notebook is written.
    cwd : Path
        The kernel's working directory (the project root).
    reads : tuple of str
        The periods the chapter declared, oldest first (the period itself last).
    key : str
        Cache key: a hash of everything the chapter reads (see the module docstring).
    """

    period: str
    chapter: ChapterEntry
    position: int
    total: int
    notebook: Path
    parameters: dict[str, Any]
    work_dir: Path
    executed: Path
    cwd: Path
    reads: tuple[str, ...]
    key: str
    # The written standard of the build (the period's ``malform:`` or ``ehp build --malform``; in ``key``).
    malform: str = "bokmål"
    # Validated periods the build already holds, pickled (period -> file); not part of the cache key.
    portfolios: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class PeriodPlan:
    """A period to build: its parameters and chain, where it is staged, its chapter tasks and keys."""

    params: PeriodParameters
    chain: list[PeriodParameters]
    chapters: ChapterList
    final_dir: Path
    staging: Path
    tasks: list[ChapterTask]
    inputs: dict[str, str]
    period_inputs: dict[str, PeriodInputs]
    formats: tuple[str, ...]
    format_keys: dict[str, str]
    format_reads: dict[str, str]
    assembly_key: str
    # The written standard of every word of this build of the period (its ``malform:``, or ``ehp build --malform``).
    malform: str = "bokmål"

    @property
    def period(self) -> str:
        return self.params.period

    def declared(self, reads: str) -> list[str]:
        """The periods of this plan's chain that ``reads`` covers, oldest first."""
        return [p.period for p in declared(self.chain, reads)]

    def periods_read(self) -> list[str]:
        """Every period some chapter or format of this plan reads, oldest first."""
        wanted = {p for task in self.tasks for p in task.reads}
        wanted.update(p for reads in self.format_reads.values() if reads for p in self.declared(reads))
        wanted.add(self.period)
        return [p.period for p in self.chain if p.period in wanted]


@dataclass
class BuildPlan:
    """Everything a build reads, resolved once: paths, chapters, parameters, and one plan per period."""

    paths: Paths
    chapters: ChapterList
    shared: dict[str, Any]
    periods: list[PeriodPlan]
    parameters: dict[str, PeriodParameters]

    @property
    def root(self) -> Path:
        return self.paths.root


def staging_dir(final_dir: Path, period: str) -> Path:
    """Where a build of ``period`` writes before swapping in (next to the final folder, this process's own)."""
    return final_dir.parent / f".staging-{period}-{os.getpid()}"


def _chapter_key(entry: ChapterEntry, notebook: Path, reads: Sequence[PeriodInputs], shared: dict[str, Any]) -> str:
    return json_hash({
        "notebook": sha256_file(notebook),
        "entry": dataclasses.asdict(entry),
        "periods": [p.key for p in reads],
        **shared,
    })


def plan_period(params: PeriodParameters, chain: list[PeriodParameters], *, paths: Paths, chapters: ChapterList,
                shared: dict[str, Any], formats: Sequence[tuple],
                inputs_cache: dict[str, PeriodInputs] | None = None, malform: str | None = None) -> PeriodPlan:
    """Plan one period: its chapter tasks and the keys of its chapters, formats and assembly.

    Parameters
    ----------
    params : PeriodParameters
    chain : list of PeriodParameters
        The period's chain, oldest first.
    paths : Paths
    chapters : ChapterList
    shared : dict
        :func:`shared_key`.
    formats : sequence of (name, reads) or (name, reads, inputs)
        The output formats asked for, with the periods each reads (``""`` for none) and, optionally, a function
        ``inputs(params, root)`` hashing the files it reads beyond them.
    inputs_cache : dict, optional
        Hashed periods shared between the plans of one build (each period hashed once).
    malform : str, optional
        The written standard of this build instead of the period's own ``malform:`` (``ehp build --malform``);
        the parameters stay as the file says (the validated period is the same either way).
    """
    root = paths.root
    # Every word of the period's chapters, formats and assembly is in its written standard: part of every key.
    malform = malform or params.malform
    if malform == "nynorsk" and params.early_warnings_file and params.early_warnings_file.is_file():
        from ..reference.early_warnings import check_nynorsk_texts

        check_nynorsk_texts(params.early_warnings_file)  # the period's own texts exist in nynorsk, or a usage error
    shared = {**shared, "malform": malform}
    inputs_cache = {} if inputs_cache is None else inputs_cache
    for p in chain:
        if p.period not in inputs_cache:
            inputs_cache[p.period] = period_inputs(p, root)
    by_period = {p.period: inputs_cache[p.period] for p in chain}
    current = by_period[params.period]
    final_dir = params.output_dir
    staging = staging_dir(final_dir, params.period)
    chapters_hash = sha256_file(chapters.source) if chapters.source else json_hash(dataclasses.asdict(chapters))
    inputs: dict[str, str] = dict(current.files)
    if chapters.source:
        inputs[display_path(chapters.source, root)] = chapters_hash
    tasks = []
    for position, entry in enumerate(chapters, start=1):
        notebook = chapters.notebook(entry, paths.notebooks)
        reads = [by_period[p.period] for p in declared(chain, entry.reads)]
        for p in reads:
            inputs.update({k: v for k, v in p.files.items() if "/tekst/" not in f"/{k}"})
        inputs[display_path(notebook, root)] = sha256_file(notebook)
        work_dir = staging / ".work" / entry.file
        tasks.append(ChapterTask(
            period=params.period,
            chapter=entry,
            position=position,
            total=len(chapters),
            notebook=notebook,
            parameters={**params.as_papermill(), "output_dir": str(work_dir)},
            work_dir=work_dir,
            executed=staging / OUTPUT.notebooks / f"{entry.file}.ipynb",
            cwd=root,
            reads=tuple(p.period for p in reads),
            key=_chapter_key(entry, notebook, reads, shared),
            malform=malform,
        ))
    format_keys = {}
    for name, reads_spec, *own_inputs in formats:
        read = [by_period[p.period] for p in declared(chain, reads_spec)] if reads_spec else []
        for p in read:
            inputs.update({k: v for k, v in p.files.items() if "/tekst/" not in f"/{k}"})
        # A format's own files (the deck's template and tekst/nuit.md), when it names any: hashed into its key.
        own = {display_path(k, root): v for k, v in own_inputs[0](params, root).items()} if own_inputs else {}
        inputs.update({k: v for k, v in own.items() if v is not None})
        format_keys[name] = json_hash({"format": name, "periods": [p.key for p in read], **shared,
                                       **({"own": own} if own else {})})
    # The assembly places the period's commentary (tekst/forord.md before chapter 1, tekst/<chapter>.md in each
    # chapter): it reads those files, and current.files holds them (the inputs began with it).
    tekst = display_path(current.commentary_dir, root) + "/"
    assembly_key = json_hash({
        "chapters": chapters_hash,
        "tasks": [t.key for t in tasks],
        "period": current.key,
        "formats": format_keys,
        "commentary": {k: v for k, v in current.files.items() if k.startswith(tekst)},
        "malform": malform,
    })
    return PeriodPlan(params=params, chain=chain, chapters=chapters, final_dir=final_dir, staging=staging,
                      tasks=tasks, inputs=dict(sorted(inputs.items())), period_inputs=by_period,
                      formats=tuple(f[0] for f in formats), format_keys=format_keys,
                      format_reads={f[0]: f[1] for f in formats},
                      assembly_key=assembly_key, malform=malform)


def plan_build(periods: Sequence[str], *, paths: Paths, chapters: ChapterList, formats: Sequence[tuple],
               shared: dict[str, Any] | None = None, malform: str | None = None) -> BuildPlan:
    """Plan the build of ``periods`` (duplicates dropped, order kept): read every parameters file once.

    Raises
    ------
    UsageError, ConfigError
        For an unknown period, a malformed parameters file or a broken chain.
    """
    shared = shared if shared is not None else shared_key()
    known: dict[str, PeriodParameters] = {}
    hashed: dict[str, PeriodInputs] = {}
    plans = []
    for period in dict.fromkeys(periods):
        chain = load_chain(period, paths.root, known=known)
        plans.append(plan_period(chain[-1], chain, paths=paths, chapters=chapters, shared=shared,
                                 formats=formats, inputs_cache=hashed,
                                 malform=check_malform(malform, where="--malform") if malform else None))
    return BuildPlan(paths=paths, chapters=chapters, shared=shared, periods=plans, parameters=known)
