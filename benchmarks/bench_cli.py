"""Time the quick ``ehp`` commands as a user runs them, against a bare interpreter in the same run.

Target (build-engine issue): ``ehp --help`` and ``ehp validate 2020-01`` answer in under 1 s.
Not a test: it prints figures and the target with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_cli.py [--runs 7] [--period 2020-01] [--compare CHECKOUT ...]

Every command is a subprocess (interpreter start included), run with this checkout's package first on
``PYTHONPATH`` and ``EHP_ROOT`` pointing at it; the same for each ``--compare`` checkout (e.g. made
with ``git archive <commit> | tar -x -C /tmp/before``), to compare before and after a change in one
run. The runs are interleaved (pass, import pandas, help, periods, validate, …; pass, …) so that a
change in machine load falls on all of them alike; each figure is the median. Two references put the
figures in proportion on whatever machine this runs on:

``python -c pass``
    the interpreter alone: the ratios divide by it.
``python -c "import pandas"``
    the floor for any command that reads a table: what ``ehp validate`` cannot go below while it
    uses pandas.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_SECONDS = 1.0


def ehp_command() -> list[str]:
    """The installed ``ehp`` script next to this interpreter, else ``python -m ehp_analysis``."""
    script = BIN / "ehp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ehp_analysis"]


def environment(checkout: Path) -> dict[str, str]:
    """Run with ``checkout``'s package first on the path and ``checkout`` as the project root."""
    path = os.pathsep.join(p for p in (str(checkout), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, EHP_ROOT=str(checkout), PYTHONPATH=path)


def commands(period: str) -> dict[str, list[str]]:
    """The ``ehp`` commands timed in each checkout."""
    ehp = ehp_command()
    return {
        "ehp --help": [*ehp, "--help"],
        "ehp periods": [*ehp, "periods"],
        f"ehp validate {period}": [*ehp, "validate", period],
    }


REFERENCES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
}


@dataclass
class Timed:
    command: list[str]
    checkout: Path
    seconds: list[float] = field(default_factory=list)

    def run(self) -> None:
        """Time one run of the command; stop the benchmark if it fails."""
        start = time.perf_counter()
        done = subprocess.run(self.command, env=environment(self.checkout), cwd=self.checkout,
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): {' '.join(self.command)} in {self.checkout}\n"
                             f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        self.seconds.append(seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs of each command (the median is shown)")
    ap.add_argument("--period", default="2020-01", help="the period for `ehp validate`")
    ap.add_argument("--compare", type=Path, action="append", default=[], metavar="CHECKOUT",
                    help="also time the commands with another checkout's package and data (e.g. an export of "
                         "the commit before a change), interleaved with this one; may be repeated")
    args = ap.parse_args()

    checkouts = [REPO, *(c.resolve() for c in args.compare)]
    timed = {name: Timed(command, REPO) for name, command in REFERENCES.items()}
    for checkout in checkouts:
        suffix = f"  [{checkout.name}]" if len(checkouts) > 1 else ""
        timed.update({name + suffix: Timed(command, checkout) for name, command in commands(args.period).items()})
    for t in timed.values():  # warm the file cache, not counted
        t.run()
        t.seconds.clear()
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.runs} interleaved runs each; "
          f"ehp = {' '.join(ehp_command())}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    for _ in range(args.runs):
        for t in timed.values():
            t.run()
    print(f"load average after: {os.getloadavg()[0]:.2f}")

    bare = statistics.median(timed["python -c pass"].seconds)
    width = max(map(len, timed))
    print(f"\n{'command':<{width}}  median   min      max      × bare python  target")
    for name, t in timed.items():
        median = statistics.median(t.seconds)
        target = ""
        if name.startswith("ehp"):
            target = f"< {TARGET_SECONDS:.0f} s: {'OK' if median < TARGET_SECONDS else 'MISSED'}"
        print(f"{name:<{width}}  {median:5.3f} s  {min(t.seconds):5.3f} s  {max(t.seconds):5.3f} s  "
              f"{median / bare:6.1f}         {target}")


if __name__ == "__main__":
    main()
