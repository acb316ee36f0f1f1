"""One chapter's cost, split: its kernel's start and imports against its own work, plain kernel vs forked.

``bench_build.py`` runs it once per run, (g), in the project it has just built (so the validated periods
are in ``.ehp-cache/``, as the build hands them to its kernels). Run alone:

    EHP_ROOT=<built project> .venv/bin/python benchmarks/kernel_costs.py 2020-01 \
        --chapters strategi,vedlegg-1-prosjekter --reps 2

Each chapter is run through the engine's own ``execute.execute_notebook`` (papermill, IPC sockets, the
build's kernel environment and validated periods), one kernel at a time, in two versions:

imports only
    the chapter's parameters cell, then one cell importing every module the chapter imports when it
    runs, in the order it imports them (found once, untimed: the modules a plain kernel holds after
    running the whole chapter, less those it holds after running the parameters cell alone). That is
    more than the chapter's first cell, whose ``from ehp_analysis...`` lines leave matplotlib, seaborn
    and scipy to the first figure.
whole chapter
    the notebook as it is.

Both plain (a fresh ``python -m ipykernel_launcher``, jupyter_client's ``LocalProvisioner``) and forked
(from one ``kernels.Zygote``, started and timed once before the loop), interleaved: plain then forked
in odd repetitions, forked then plain in even ones. The chapter's own work is whole − imports only. Each
time is papermill's whole call, the kernel's shutdown included, as the build pays it per chapter.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

DUMP_MODULES = "import json as _j, sys as _s\nopen({path!r}, 'w').write(_j.dumps(list(_s.modules)))\n"
IMPORT_ALL = """\
import importlib as _il
for _m in {modules!r}:
    try:
        _il.import_module(_m)
    except Exception:
        pass
"""


def _notebook(source: Path, target: Path, cells: list[str], *, keep: bool) -> Path:
    """``source``'s parameters cell (and every other cell if ``keep``), then ``cells``; written to ``target``."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    if not keep:
        nb.cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    nb.cells.extend(nbformat.v4.new_code_cell(c) for c in cells)
    nbformat.write(nb, target)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("period")
    ap.add_argument("--chapters", default="strategi,vedlegg-1-prosjekter")
    ap.add_argument("--reps", type=int, default=1, help="repetitions of each (chapter, kind, kernel)")
    ap.add_argument("--notebooks", type=Path,
                    help="keep the imports-only notebooks here and reuse them (skips finding the modules again)")
    args = ap.parse_args()

    from ehp_analysis.config import paths
    from ehp_analysis.report import execute, kernels
    from ehp_analysis.report.build import check_inputs
    from ehp_analysis.report.cache import Cache
    from ehp_analysis.chapter_list import load_chapters
    from ehp_analysis.report.outputs import DEFAULT_FORMATS, formats_for
    from ehp_analysis.report.plan import plan_build

    project = paths()
    plan = plan_build([args.period], paths=project, chapters=load_chapters(project.root),
                      formats=[(f.name, f.reads) for f in formats_for(DEFAULT_FORMATS)])
    files: dict[str, str] = {}
    check_inputs(plan.periods, cache=Cache(project.cache), shared=plan.shared, portfolio_files=files)
    wanted = args.chapters.split(",")
    tasks = {t.chapter.file: t for t in plan.periods[0].tasks if t.chapter.file in wanted}
    work = Path(tempfile.mkdtemp(prefix="ehp-kernel-costs-"))
    ipc = str(work / "ipc")
    os.mkdir(ipc)
    serial = iter(range(10**6))

    def run(task, notebook: Path, zygote=None) -> float:
        n = next(serial)
        out = work / f"run-{n}"
        out.mkdir()
        variant = dataclasses.replace(task, notebook=notebook, executed=out / "executed.ipynb", work_dir=out,
                                      parameters={**task.parameters, "output_dir": str(out)},
                                      portfolios={p: f for p, f in files.items() if p in task.reads})
        start = time.perf_counter()
        execute.execute_notebook(variant, ipc_dir=ipc, zygote=zygote)
        return time.perf_counter() - start

    result: dict = {"chapters": {}}
    try:
        with execute.quiet_papermill():
            notebooks = {}
            for name, task in tasks.items():  # untimed: which modules the chapter imports (and a warm file cache)
                kept = args.notebooks / f"{name}-imports.ipynb" if args.notebooks else None
                if kept is not None and kept.is_file():
                    notebooks[name] = kept
                    result["chapters"][name] = {"modules": None, **{k: [] for k in (
                        "plain_imports", "plain_whole", "forked_imports", "forked_whole")}}
                    continue
                bare, full = work / f"{name}-bare.json", work / f"{name}-full.json"
                run(task, _notebook(task.notebook, work / f"{name}-bare.ipynb", [DUMP_MODULES.format(path=str(bare))],
                                    keep=False))
                run(task, _notebook(task.notebook, work / f"{name}-dump.ipynb", [DUMP_MODULES.format(path=str(full))],
                                    keep=True))
                before = set(json.loads(bare.read_text()))
                modules = [m for m in json.loads(full.read_text()) if m not in before and m != "__main__"]
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                notebooks[name] = _notebook(task.notebook, kept or work / f"{name}-imports.ipynb",
                                            [IMPORT_ALL.format(modules=modules)], keep=False)
                result["chapters"][name] = {"modules": len(modules), **{k: [] for k in (
                    "plain_imports", "plain_whole", "forked_imports", "forked_whole")}}
            start = time.perf_counter()
            zygote = kernels.Zygote({**os.environ, **execute.kernel_environment(project.root)}, project.root)
            try:
                zygote._wait_ready()  # noqa: SLF001 - its import time, once, before the first fork
                result["zygote_ready"] = time.perf_counter() - start
                for rep in range(args.reps):
                    modes = [("plain", None), ("forked", zygote)]
                    for name, task in tasks.items():
                        timings = result["chapters"][name]
                        for mode, z in (modes if rep % 2 == 0 else modes[::-1]):
                            timings[f"{mode}_imports"].append(run(task, notebooks[name], z))
                            timings[f"{mode}_whole"].append(run(task, task.notebook, z))
            finally:
                zygote.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for timings in result["chapters"].values():
        for mode in ("plain", "forked"):
            imports = statistics.median(timings[f"{mode}_imports"])
            whole = statistics.median(timings[f"{mode}_whole"])
            timings[f"{mode}_own"] = whole - imports
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
