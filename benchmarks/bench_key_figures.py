"""Time key_figures() on a large in-memory synthetic portfolio and its previous period.

Target (issue 4): under 5 s for 50,000 projects, loading excluded. Not a test: prints figures.

    .venv/bin/python benchmarks/bench_key_figures.py [--projects 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from ehp_analysis.metrics.key_figures import key_figures
from ehp_analysis.synthetic import synthetic_portfolios


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    t0 = time.perf_counter()
    previous, current = synthetic_portfolios(args.projects, n_periods=2, seed=args.seed)
    made = time.perf_counter() - t0
    print(f"portfolios: {len(previous.projects):,} and {len(current.projects):,} projects, "
          f"{len(current.dependencies):,} dependencies (generated in {made:.2f} s, not counted)")

    small_prev, small_cur = synthetic_portfolios(500, n_periods=2, seed=args.seed)
    times, small = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        key_figures(current, previous)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        key_figures(small_cur, small_prev)
        small.append(time.perf_counter() - t0)
    med, med_small = statistics.median(times), statistics.median(small)
    print(f"key_figures, {args.projects:,} projects: median {med:.2f} s over {args.repeat} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); target < 5 s: {'OK' if med < 5 else 'MISSED'}")
    print(f"key_figures, 500 projects: median {med_small:.3f} s; ratio {args.projects:,}/500 projects: "
          f"{med / med_small:.1f}x time for {args.projects / 500:.0f}x data")


if __name__ == "__main__":
    main()
