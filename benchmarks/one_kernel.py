"""The limit of a build: every chapter of a period in ONE kernel that imports once, then the assembly.

Not a way to build the report (no cache, no isolation between chapters: a chapter sees what the ones
before it left in the kernel), but the floor the build engine is measured against: nothing is imported,
started or validated twice. ``bench_build.py`` times it as one subprocess, (f).

    EHP_ROOT=<project> .venv/bin/python benchmarks/one_kernel.py 2020-01 <output folder>

What it does, in this process and the one kernel it starts:

1. starts one ``python3`` kernel (IPC sockets on POSIX, ``PYTHONHASHSEED=0`` as the build's kernels)
   and has it import what every chapter imports (``kernels.WARM_MODULES``) while this process imports
   nbclient and papermill;
2. runs each chapter of ``notebooks/chapters.yaml`` in order in that kernel with nbclient, its
   parameters injected by papermill's own ``parameterize_notebook`` (the period's parameters file,
   ``output_dir`` the output folder, so the chapters' files land there); each period is read and validated
   once (``open_chapter`` keeps the periods it loaded in the kernel); the executed notebooks are written
   to ``<output folder>/notebooks/``;
3. writes ``key_figures.json`` from the same kernel;
4. writes ``report.html`` with ``ehp_analysis.report.assemble.assemble_report`` in this process, whose
   imports (nbconvert, BeautifulSoup) are made in a thread while the kernel works, as the build does.

What the build no longer pays for (``ehp_analysis.cli.skip_unused_imports``) the limit does not pay either, so
the two stay comparable.

Prints one JSON line: seconds per step.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

KEY_FIGURES_CELL = """\
from ehp_analysis.chapter.view import _load
from ehp_analysis.metrics.key_figures import key_figures, write_key_figures
from ehp_analysis.periods import load_periods
_periods = load_periods({period!r}, reads="previous", loader=lambda p: _load(p.period, {root!r}))
write_key_figures(key_figures(_periods.current, _periods.previous), {target!r})
"""


async def run_chapters(period: str, out: Path, seconds: dict[str, float], start: float) -> None:
    from jupyter_client.manager import AsyncKernelManager

    from ehp_analysis.report.kernels import WARM_MODULES

    km = AsyncKernelManager(kernel_name="python3")
    sockets = tempfile.mkdtemp(prefix="ehp-one-kernel-")
    if os.name == "posix":
        km.transport = "ipc"
        km.ip = os.path.join(sockets, "kernel")
    await km.start_kernel(env={**os.environ, "PYTHONHASHSEED": "0"})
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        warm = kc.execute("import " + ", ".join(WARM_MODULES), silent=True)
        seconds["kernel started"] = time.perf_counter() - start

        import nbformat
        from nbclient import NotebookClient
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        from ehp_analysis.config import load_parameters, paths
        from ehp_analysis.chapter_list import load_chapters

        root = paths().root
        chapters = load_chapters(root)
        params = load_parameters(period, root)
        parameters = {**params.as_papermill(), "output_dir": str(out)}
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        seconds["driver imported"] = time.perf_counter() - start

        async def execute(nb) -> None:
            client = NotebookClient(nb, km=km, kernel_name="python3", resources={"metadata": {"path": str(root)}})
            client.kc = kc  # the same client and kernel for every notebook (nbclient keeps a kernel it does not own)
            await client.async_execute()

        reply = await kc._async_get_shell_msg(timeout=120)  # the warm-up's reply: the kernel is ready to work
        assert reply["parent_header"]["msg_id"] == warm, reply
        seconds["kernel warm"] = time.perf_counter() - start
        for entry in chapters:
            t = time.perf_counter()
            nb = load_notebook_node(str(chapters.notebook(entry, root / "notebooks")))  # as papermill reads it
            nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
            await execute(nb)
            nbformat.write(nb, out / "notebooks" / f"{entry.file}.ipynb")
            seconds[entry.file] = time.perf_counter() - t
        t = time.perf_counter()
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KEY_FIGURES_CELL.format(
            period=period, root=str(root), target=str(out / "key_figures.json")))])
        await execute(nb)
        seconds["key_figures"] = time.perf_counter() - t
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.perf_counter()
    from ehp_analysis.cli import skip_unused_imports

    skip_unused_imports()  # what the build leaves out (jsonschema's RFC 3987 grammar), the limit leaves out too
    period, out = argv[0], Path(argv[1]).resolve()

    def warm() -> None:
        from ehp_analysis.report import assemble  # noqa: F401  (nbconvert, bs4, jinja2)

    seconds: dict[str, float] = {}
    warming = threading.Thread(target=warm)
    warming.start()
    asyncio.run(run_chapters(period, out, seconds, start))
    t = time.perf_counter()
    warming.join()
    from ehp_analysis.config import load_parameters, paths
    from ehp_analysis.report.assemble import assemble_report
    from ehp_analysis.chapter_list import load_chapters

    root = paths().root
    assemble_report(load_chapters(root), load_parameters(period, root), out)
    seconds["html"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - start
    print(json.dumps({k: round(v, 3) for k, v in seconds.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
