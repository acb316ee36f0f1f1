"""Plan a build: what to run for each period, and the cache key of each piece of work.

Everything the rest of the build reads is resolved here, once, at the start: the project's paths, the
chapter list, every period's parameters and chain (each parameters file read once), and for every chapter
the periods it declared (``reads:`` in ``chapters.yaml``). Planning writes nothing.

A cache key is a hash of exactly what a piece of work reads, so an incremental build writes what a
forced build would:

* a **chapter** reads its notebook, its own entry in ``chapters.yaml`` (``reads:`` decides what it may
  load), the parameters, data files, reference files (``strategy_file``, ``organisations_file``,
  ``early_warnings_file``) and its own
  commentary ``tekst/<chapter>.md`` of every period it declared, and, shared by all, the
  package's code and shipped reference data, the library versions and the kernel;
* an **output format** (``key_figures.json``, see :mod:`.outputs`) reads the periods it declares, the same way;
* the **assembly** reads every chapter's result (their keys), the whole chapter list (order, titles),
  the period's own parameters (title page), its foreword ``tekst/forord.md`` and the formats asked for.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import OUTPUT, PACKAGE_DIR, REFERENCE_DIR, Paths, PeriodParameters, check_malform, load_chain
from ..hashing import sha256 as sha256_file
from ..periods import declared
from .chapters import ChapterEntry, ChapterList

KERNEL_NAME = "python3"
VERSIONED_PACKAGES = ("pandas", "numpy", "papermill", "nbconvert", "nbclient", "ipykernel", "matplotlib",
                      "seaborn", "scipy", "babel", "networkx")


# ---------------------------------------------------------------------------------------- hashing


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root when it is inside it (build records stay readable and portable)."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def hash_tree(folder: Path | None, root: Path, *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (hidden files and ``exclude`` subfolders left out)."""
    if folder is None or not Path(folder).exists():
        return {}
    folder = Path(folder)
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    excluded = tuple(exclude)
    out = {}
    for path in files:
        rel = path.relative_to(folder).parts if path != folder else ()
        if any(part.startswith(".") for part in rel) or (rel and rel[0] in excluded):
            continue
        out[display_path(path, root)] = sha256_file(path)
    return out


def json_hash(obj: Any) -> str:
    """A stable hash of a JSON-able object (keys sorted)."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def package_versions() -> dict[str, str | None]:
    """Versions of Python, this package and the libraries that shape the report."""
    versions: dict[str, str | None] = {"python": platform.python_version(), "ehp_analysis": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def code_hash() -> str:
    """Hash of the package's own files (code, templates, shipped reference data)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def shared_key() -> dict[str, Any]:
    """The key parts every chapter and format shares: code, shipped reference data, versions, kernel."""
    return {
        "code": code_hash(),
        "reference": hash_tree(REFERENCE_DIR, PACKAGE_DIR.parent),
        "versions": package_versions(),
        "kernel": KERNEL_NAME,
    }


@dataclass(frozen=True)
class PeriodInputs:
    """What reading one period means, hashed: its parameters, data files and own reference files.

    ``key`` leaves the commentary out (each chapter adds its own file); ``validation`` covers the whole
    data folder (the validated portfolio holds every commentary file); ``files`` lists every file read
    with its hash, for the build record.
    """

    period: str
    key: dict[str, Any]
    validation: dict[str, Any]
    files: dict[str, str]
    commentary_dir: Path

    def commentary(self, chapter: str) -> str | None:
        """Hash of ``tekst/<chapter>.md`` in this period (``None`` when it does not exist)."""
        path = self.commentary_dir / f"{chapter}.md"
        return sha256_file(path) if path.is_file() else None


def validation_key(inputs: PeriodInputs, shared: dict[str, Any]) -> str:
    """The key under which a period's validation (and its validated, pickled portfolio) is remembered: its own
    files, parameters and reference files, and the code (:func:`shared_key`)."""
    return json_hash({"period": inputs.validation, "shared": shared})


def period_inputs(params: PeriodParameters, root: Path) -> PeriodInputs:
    """Hash what reading ``params``'s period reads (see :class:`PeriodInputs`)."""
    from ..collect.journal import recover_if_needed

    if params.data_dir.is_dir():
        recover_if_needed(params.data_dir)  # an interrupted collection's swap completed before anything is hashed
    data = hash_tree(params.data_dir, root)
    reference = {display_path(f, root): sha256_file(f)
                 for f in (params.strategy_file, params.organisations_file, params.early_warnings_file)
                 if f and f.is_file()}
    # The written standard is the built period's, keyed once for the whole build of it (plan_period), not per read.
    parameters = {k: v for k, v in params.raw.items() if k not in ("output_dir", "malform")}
    tekst = display_path(params.data_dir / "tekst", root) + "/"
    key = {"parameters": parameters, "reference_files": reference,
           "data": {k: v for k, v in data.items() if not k.startswith(tekst)}}
    files = {**data, **reference}
    if params.source:
        files[display_path(params.source, root)] = sha256_file(params.source)
    return PeriodInputs(period=params.period, key=key, validation={**key, "data": data}, files=files,
                        commentary_dir=params.data_dir / "tekst")


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
        "commentary": [p.commentary(entry.file) for p in reads],  # the chapter sees its own file of each period
        **shared,
    })


def plan_period(params: PeriodParameters, chain: list[PeriodParameters], *, paths: Paths, chapters: ChapterList,
                shared: dict[str, Any], formats: Sequence[tuple[str, str]],
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
    formats : sequence of (name, reads)
        The output formats asked for, with the periods each reads (``""`` for none).
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
            own = p.commentary_dir / f"{entry.file}.md"
            if own.is_file():
                inputs[display_path(own, root)] = p.files.get(display_path(own, root), "")
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
    for name, reads_spec in formats:
        read = [by_period[p.period] for p in declared(chain, reads_spec)] if reads_spec else []
        for p in read:
            inputs.update({k: v for k, v in p.files.items() if "/tekst/" not in f"/{k}"})
        format_keys[name] = json_hash({"format": name, "periods": [p.key for p in read], **shared})
    # The assembly places the period's foreword (tekst/forord.md) before chapter 1: it reads that file.
    foreword = current.commentary("forord")
    if foreword is not None:
        inputs[display_path(current.commentary_dir / "forord.md", root)] = foreword
    assembly_key = json_hash({
        "chapters": chapters_hash,
        "tasks": [t.key for t in tasks],
        "period": current.key,
        "formats": format_keys,
        "foreword": foreword,
        "malform": malform,
    })
    return PeriodPlan(params=params, chain=chain, chapters=chapters, final_dir=final_dir, staging=staging,
                      tasks=tasks, inputs=dict(sorted(inputs.items())), period_inputs=by_period,
                      formats=tuple(name for name, _ in formats), format_keys=format_keys,
                      format_reads=dict(formats),
                      assembly_key=assembly_key, malform=malform)


def plan_build(periods: Sequence[str], *, paths: Paths, chapters: ChapterList, formats: Sequence[tuple[str, str]],
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
