"""What a period reads, hashed: the keys under which work done on it is remembered.

A key is a hash of exactly what a piece of work reads (see :mod:`ehp_analysis.report.plan` for the build's
chapters, formats and assembly): a period's parameters, data files and reference files
(:class:`PeriodInputs`), and what every key shares, the package's code, its shipped reference data, the library
versions and the kernel (:func:`shared_key`). The validation of a period is remembered under
:func:`validation_key`, by the build and by every other reader of validated periods alike
(:mod:`ehp_analysis.validated`), so this sits below both.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .config import PACKAGE_DIR, REFERENCE_DIR, PeriodParameters
from .hashing import sha256 as sha256_file

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

    ``key`` leaves the commentary out (the assembly places it and covers it), and a period's validation is
    remembered by it too (a validated period is stored without its commentary and gets it read afresh when
    loaded, :func:`ehp_analysis.validated.unpickle_period`, so a commentary edit validates nothing again);
    ``files`` lists every file read with its hash, for the build record.
    """

    period: str
    key: dict[str, Any]
    files: dict[str, str]
    commentary_dir: Path

    def commentary(self, chapter: str) -> str | None:
        """Hash of ``tekst/<chapter>.md`` in this period (``None`` when it does not exist)."""
        path = self.commentary_dir / f"{chapter}.md"
        return sha256_file(path) if path.is_file() else None


def validation_key(inputs: PeriodInputs, shared: dict[str, Any]) -> str:
    """The key under which a period's validation (and its validated, pickled portfolio) is remembered: its own
    files, parameters and reference files, and the code (:func:`shared_key`)."""
    return json_hash({"period": inputs.key, "shared": shared})


def period_inputs(params: PeriodParameters, root: Path) -> PeriodInputs:
    """Hash what reading ``params``'s period reads (see :class:`PeriodInputs`)."""
    from .collect.journal import recover_if_needed

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
    return PeriodInputs(period=params.period, key=key, files=files,
                        commentary_dir=params.data_dir / "tekst")
