"""Time the quick ``ehp`` commands as a user runs them, against a bare interpreter in the same run.

Target (build-engine issue): ``ehp --help`` and ``ehp validate 2020-01`` answer in under 1 s.
Not a test: it prints figures and the target with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_cli.py [--runs 7] [--period 2020-01]

Every command is a subprocess (interpreter start included), run with this checkout's package first on
``PYTHONPATH`` and ``EHP_ROOT`` pointing at it. The runs are interleaved (pass, import pandas, help,
periods, validate; pass, …) so that a change in machine load falls on all of them alike; each figure is
the median. Two references put the figures in proportion on whatever machine this runs on:

``python -c pass``
    the interpreter alone: the ratios divide by it.
``python -c "import pandas"``
    the floor for any command that reads a table: what ``ehp validate`` cannot go below while it
    uses pandas.

``ehp validate`` is also timed with ``hypothesis`` made unimportable, as in an install without the
test extra (pandera imports it when it can, ~0.1 s, for strategies that validation never uses).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_SECONDS = 1.0


def ehp_command() -> list[str]:
    """The installed ``ehp`` script next to this interpreter, else ``python -m ehp_analysis``."""
    script = BIN / "ehp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ehp_analysis"]


def commands(period: str) -> dict[str, list[str]]:
    ehp = ehp_command()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
        "ehp --help": [*ehp, "--help"],
        "ehp periods": [*ehp, "periods"],
        f"ehp validate {period}": [*ehp, "validate", period],
        # pandera imports hypothesis whenever it can (for its data synthesis strategies, which validation
        # never uses); hypothesis is in the project's test extra only, so an analyst's install lacks it.
        f"ehp validate {period}, no hypothesis": [
            sys.executable, "-c", "import sys; sys.modules['hypothesis'] = None; from ehp_analysis.cli import main; "
            f"sys.exit(main(['validate', {period!r}]))"],
    }


def wall_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of ``command``; stop the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs of each command (the median is shown)")
    ap.add_argument("--period", default="2020-01", help="the period for `ehp validate`")
    args = ap.parse_args()

    env = dict(os.environ, EHP_ROOT=str(REPO),
               PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
    todo = commands(args.period)
    for command in todo.values():  # warm the file cache and the bytecode, not counted
        wall_time(command, env)
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.runs} interleaved runs each; "
          f"ehp = {' '.join(ehp_command())}")
    times: dict[str, list[float]] = {name: [] for name in todo}
    for _ in range(args.runs):
        for name, command in todo.items():
            times[name].append(wall_time(command, env))
    print(f"load average after: {os.getloadavg()[0]:.2f}")

    bare = statistics.median(times["python -c pass"])
    width = max(map(len, todo))
    print(f"\n{'command':<{width}}  median   min      max      × bare python  target")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        target = ""
        if name.startswith("ehp") and "," not in name:
            target = f"< {TARGET_SECONDS:.0f} s: {'OK' if median < TARGET_SECONDS else 'MISSED'}"
        print(f"{name:<{width}}  {median:5.3f} s  {min(seconds):5.3f} s  {max(seconds):5.3f} s  "
              f"{median / bare:6.1f}         {target}")


if __name__ == "__main__":
    main()
