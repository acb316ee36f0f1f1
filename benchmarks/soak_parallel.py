"""Soak test of the parallel build: back-to-back cold builds (``--force``, one kernel per core) must all pass.

Not part of the test suite (it takes minutes); run it after touching how kernels start or how chapters
are scheduled:

    .venv/bin/python benchmarks/soak_parallel.py [--builds 20] [--all] [--jobs N] [--max-minutes 30]

Works in a temporary copy of the project (``EHP_ROOT``; a snapshot of ``ehp_analysis/`` on ``PYTHONPATH``
unless ``--live-code``). Each build is ``ehp build <period> --force --jobs N`` as a subprocess: every
chapter starts a kernel, ``jobs`` of them at a time. After each build it checks that the command
succeeded, that every chapter ran, that no staging folder is left, and that no kernel of the build is
still alive; it counts the kernel start-up retries the build logged. It stops starting builds after
``--max-minutes``. Exit status 1 if any build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BIN, environment, make_root  # noqa: E402

RETRY_LINE = "startet ikke"  # report/execute.py's warning when a kernel start is retried


def leftover_kernels(root: Path) -> list[int]:
    """Processes still running with ``EHP_ROOT`` set to this root (kernels the build did not stop)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.pid != os.getpid() and proc.environ().get("EHP_ROOT") == str(root):
                found.append(proc.pid)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def check_build(root: Path, periods: list[str]) -> list[str]:
    """What is wrong with the outputs of a build that said it succeeded (empty list: nothing)."""
    problems = []
    outputs = root / "outputs"
    for period in periods:
        record_file = outputs / period / "build.json"
        if not (outputs / period / "report.html").is_file() or not record_file.is_file():
            problems.append(f"{period}: no report.html or build.json")
            continue
        record = json.loads(record_file.read_text(encoding="utf-8"))
        cached = [c["file"] for c in record["chapters"] if c["cached"]]
        if cached:
            problems.append(f"{period}: restored, not run, with --force: {cached}")
    leftovers = [p.name for p in outputs.glob(".*")]
    if leftovers:
        problems.append(f"left in outputs/: {leftovers}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--builds", type=int, default=20, help="number of cold builds (at most 200)")
    ap.add_argument("--period", default="2020-01")
    ap.add_argument("--all", action="store_true", help="build every configured period each time")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="chapters at the same time (default: cores)")
    ap.add_argument("--max-minutes", type=float, default=30.0, help="start no build after this long")
    ap.add_argument("--live-code", action="store_true", help="use the installed ehp_analysis, not a snapshot")
    args = ap.parse_args()
    builds = max(1, min(args.builds, 200))

    tmp = Path(tempfile.mkdtemp(prefix="ehp-soak-"))
    root = make_root(tmp / "project", code=not args.live_code)
    env = environment(root, None if args.live_code else root)
    periods = sorted(p.stem for p in (root / "parameters").glob("*.yaml")) if args.all else [args.period]
    command = [str(BIN / "ehp"), "build", *(["--all"] if args.all else [args.period]), "--force",
               "--jobs", str(args.jobs)]
    print(f"{builds} builds of {', '.join(periods)} with --force --jobs {args.jobs} on {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    times: list[float] = []
    failures: list[str] = []
    retries = 0
    deadline = time.monotonic() + args.max_minutes * 60
    try:
        for i in range(1, builds + 1):
            if time.monotonic() > deadline:
                print(f"stopped after {i - 1} builds: --max-minutes {args.max_minutes:g} reached")
                break
            start = time.perf_counter()
            done = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, check=False,
                                  timeout=max(60.0, deadline - time.monotonic() + 600))
            seconds = time.perf_counter() - start
            retried = done.stderr.count(RETRY_LINE)
            retries += retried
            problems = [] if done.returncode == 0 else [f"exit {done.returncode}: {done.stderr.strip()[-1500:]}"]
            if done.returncode == 0:
                problems += check_build(root, periods)
            time.sleep(0.2)  # a kernel being shut down gets a moment before it counts as left over
            alive = leftover_kernels(root)
            if alive:
                problems.append(f"kernels still running: {alive}")
            status = "ok" if not problems else "FAILED"
            print(f"build {i:2d}: {status} {seconds:5.1f} s" + (f", {retried} kernel start retried" if retried else ""),
                  flush=True)
            if problems:
                failures.append(f"build {i}: " + "; ".join(problems))
                print("    " + "\n    ".join(problems), flush=True)
            else:
                times.append(seconds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ran = len(times) + len(failures)
    print(f"\n{len(times)} of {ran} builds succeeded, {len(failures)} failed; {retries} kernel starts retried")
    if times:
        print(f"build time: median {statistics.median(times):.1f} s, min {min(times):.1f} s, max {max(times):.1f} s")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
