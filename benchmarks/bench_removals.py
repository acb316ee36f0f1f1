"""What each removal saved: the cold build of a period with the package as it was at each of several commits.

Not a test: it prints figures and exits 0.

    .venv/bin/python benchmarks/bench_removals.py [--period 2020-01 | --projects 5000] [--runs 3] REV [REV ...]

Each REV's ``ehp_analysis/`` is exported with ``git archive`` into a temporary folder and put first on
``PYTHONPATH`` (the kernels inherit it), so one run compares the build engine at each commit on the same
notebooks, data and machine: ``ehp build <period>`` cold (no outputs, no cache) as a subprocess, the
interpreter's start included (see ``COMMAND``). Runs are interleaved (each run builds every REV once, in turn; the order is
reversed every other run) so that a change in the machine's load falls on all alike. Prints the median wall
time per REV and the difference from the REV before it: what the commits between them saved.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import BIN, REPO, _run, environment, make_root  # noqa: E402  (a script beside this one)


# ``ehp`` as its console script runs it, with papermill imported first in the main thread, as the build does
# since bc4fd2d: before it, two chapters' threads importing papermill at once could fail (ImportError) once the
# imports had got faster, so commits between 3505f1f and bc4fd2d would not build reliably. Every REV pays it.
# A REV that leaves imports out (ehp_analysis.cli.skip_unused_imports, from 3505f1f) does so before papermill.
# A REV with ``cli.run`` (the console script since 53f3eea: it leaves without tearing the interpreter down) runs it.
COMMAND = ("import sys; from ehp_analysis import cli; getattr(cli, 'skip_unused_imports', lambda: None)(); "
           "import papermill; sys.argv[0] = 'ehp'; "
           "run = getattr(cli, 'run', None); run() if run else sys.exit(cli.main())")


def export(rev: str, target: Path) -> Path:
    """``ehp_analysis/`` at ``rev`` in ``target``."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "ehp_analysis"],
                             check=True, capture_output=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def subject(rev: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s", rev], check=True,
                          capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("revs", nargs="+", metavar="REV")
    ap.add_argument("--period", default="2020-01")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--projects", type=int, default=0,
                    help="build the newest period of a synthetic history of this many projects (seed 6, two "
                         "periods, as bench_build's large period) instead of --period")
    args = ap.parse_args()
    seconds: dict[str, list[float]] = {rev: [] for rev in args.revs}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ehp-bench-removals-") as tmp:
        work = Path(tmp)
        root = make_root(work / "prosjekt", code=False, data=not args.projects)
        if args.projects:
            from ehp_analysis.synthetic import generate_history, write_history

            args.period = write_history(generate_history(args.projects, 2, seed=6), root)[-1]
        codes = {rev: export(rev, work / f"kode-{n}") for n, rev in enumerate(args.revs)}
        for run in range(args.runs):
            order = args.revs if run % 2 == 0 else list(reversed(args.revs))
            for rev in order:
                shutil.rmtree(root / "outputs", ignore_errors=True)
                shutil.rmtree(root / ".ehp-cache", ignore_errors=True)
                took, _out, _peak = _run([str(BIN / "python"), "-c", COMMAND, "build", args.period],
                                         env=environment(root, codes[rev]), cwd=root)
                seconds[rev].append(took)
            print(f"run {run + 1}: " + ", ".join(f"{rev} {seconds[rev][-1]:.1f} s" for rev in args.revs), flush=True)
    load_after = os.getloadavg()
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, period {args.period}"
          f"{f' ({args.projects:,} synthetic projects)' if args.projects else ''}, {args.runs} runs; "
          f"load average {load_before[0]:.2f} (1 min) before, {load_after[0]:.2f} after\n")
    previous = None
    for rev in args.revs:
        median = statistics.median(seconds[rev])
        saved = "" if previous is None else f"  saved {previous - median:+.2f} s against the row above"
        print(f"{median:6.2f} s  {subject(rev)[:90]}{saved}")
        previous = median


if __name__ == "__main__":
    main()
