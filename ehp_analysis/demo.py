"""``ehp demo``: an example history a newcomer can open, built from seeded synthetic data.

Writes a project root of its own (default ``demo/``, git-ignored): ``parameters/`` and ``data/`` for twelve
quarterly periods over three years (2021-01 … 2023-10), the chapter notebooks copied from this project, and a
``README.md``; then builds the newest period into ``demo/outputs/``. The first six periods use the ``2020``
template and the 2017-2022 strategy, the last six the ``2023`` template and the 2023-2030 strategy, so the
report shows the switch. Projects join and leave, statuses change, and one comes back after an absence.

Every period's parameters say ``synthetic: true``; every page of a report built from them says it is
example data. The same seed always gives the same files, and so the same report.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .config import paths
from .exceptions import UsageError
from .words import N_, _

SEED = 2023
N_PROJECTS = 60
N_PERIODS = 12
START = "2021-01"
MONTHS_BETWEEN = 3
TEMPLATE_FROM = "2022-07"   # the first period in the 2023 template (the seventh of twelve)
P_RETURN = 0.15             # per period: a project that left comes back
MARKER = ".ehp-demo"        # a folder holding it was written by `ehp demo` and may be written again
DEFAULT_DIR = "demo"

README = N_("""\
# Eksempeldata for ehp (skrevet av `ehp demo`)

Alt her er syntetisk: tolv perioder, kvartalsvis fra {first} til {last}, laget med frø {seed}. Periodene fra
{switch} bruker malen «2023» og Nasjonal e-helsestrategi 2023–2030 (fem strategiske mål); de før bruker malen
«2020» og strategien 2017–2022. Prosjekter kommer til og går ut, status endrer seg, og ett prosjekt kommer
tilbake etter et opphold.

Rapporten for den nyeste perioden ligger i `outputs/{last}/report.html`. Bygg en annen periode med
`ehp --root {folder} build ÅÅÅÅ-MM` (eller `cd {folder} && ehp build ÅÅÅÅ-MM`). Mappen skrives på nytt av
`ehp demo`; legg ikke egne data her.
""")


def _checked_target(target: Path) -> Path:
    """``target`` when it is missing, empty or an earlier demo; anything else is refused (never overwritten)."""
    if target.exists() and not target.is_dir():
        raise UsageError(_("{target} finnes og er ikke en mappe; velg en annen mappe for eksempeldataene.").format(
            target=target))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UsageError(_("{target} finnes og er ikke skrevet av «ehp demo»; velg en tom eller ny mappe, så blir "
                           "ingenting av ditt skrevet over.").format(target=target))
    return target


def write_demo(target: Path | str = DEFAULT_DIR, *, source_root: Path | None = None, seed: int = SEED) -> list[str]:
    """Write the example history into ``target`` as a project root of its own.

    Parameters
    ----------
    target : Path
        The folder (created; an earlier demo there is replaced, its build cache kept).
    source_root : Path, optional
        The project whose chapter notebooks are copied (default: :func:`ehp_analysis.config.find_root`).
    seed : int
        The generator's seed.

    Returns
    -------
    list of str
        The periods written, oldest first.

    Raises
    ------
    UsageError
        If ``target`` holds something that ``ehp demo`` did not write, or there are no chapter notebooks to copy.
    """
    from .synthetic import generate_history, write_history

    target = _checked_target(Path(target))
    notebooks = paths(source_root).notebooks
    if notebooks.resolve().is_relative_to(target.resolve()):
        raise UsageError(_("Kapitlene ville blitt kopiert fra {target} til seg selv; kjør «ehp demo» fra "
                           "prosjektets mappe (eller med --root satt til den).").format(target=target))
    if not (notebooks / "chapters.yaml").is_file():
        raise UsageError(_("Fant ikke kapitlene ({file}); kjør «ehp demo» fra en klone av prosjektet, eller med "
                           "EHP_ROOT satt til den.").format(file=notebooks / "chapters.yaml"))
    for part in ("parameters", "data", "notebooks"):
        shutil.rmtree(target / part, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text(_("Skrevet av «ehp demo»: mappen kan skrives over.") + "\n", encoding="utf-8")
    shutil.copytree(notebooks, target / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    history = generate_history(N_PROJECTS, N_PERIODS, seed=seed, start=START, months_between=MONTHS_BETWEEN,
                               template_from=TEMPLATE_FROM, p_return=P_RETURN)
    periods = write_history(history, target)
    (target / "README.md").write_text(_(README).format(first=periods[0], last=periods[-1], seed=seed,
                                                    switch=TEMPLATE_FROM, folder=target), encoding="utf-8")
    return periods


def run_demo(target: Path | str = DEFAULT_DIR, *, build: bool = True, jobs: int | None = None,
             progress: Callable[[str], None] | None = None):
    """Write the example history (:func:`write_demo`) and build its newest period.

    Returns
    -------
    (list of str, BuildResult or None)
        The periods written and the build's result (``None`` without ``build``).
    """
    periods = write_demo(target)
    if not build:
        return periods, None
    from .report.build import build_periods

    results = build_periods([periods[-1]], root=Path(target), jobs=jobs, progress=progress)
    return periods, results[0]
