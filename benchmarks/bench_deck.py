"""What the NUIT deck (``ehp build --deck``, issue 23) adds to a build: under 2 s for 2020-01, under 10 s at 5,000 projects.

Not a test: it prints figures and the targets with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_deck.py [--runs 3] [--projects 5000] [--skip-large] [--skip-build]

(a) 2020-01, a real build
    ``ehp build 2020-01 --deck`` (cold, no cache) in a temporary copy of the project, a subprocess; the deck's
    own time is ``formats.deck`` of its ``build.json`` (the build times each format it writes), and the build's
    wall time is printed beside it. Then ``ehp build 2020-01 --deck`` once more (nothing changed: no deck written).
(b) 2020-01 and (c) a synthetic period of ``--projects`` projects (``generate_history(n, 2)``), in-process
    what the build's deck step does, with what the build has already done done first (the chain validated and
    loaded, ``key_figures.json`` written, the two pictures drawn): :func:`ehp_analysis.deck.write_deck`, the
    median of ``--runs`` runs, and the size of the file.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def verdict(seconds: float, limit: float) -> str:
    return f"{'OK' if seconds < limit else 'MISSED'} (< {limit:g} s)"


def real_build(work: Path) -> None:
    for folder in ("notebooks", "parameters", "data"):
        shutil.copytree(ROOT / folder, work / folder)
    env = {**os.environ, "EHP_ROOT": str(work)}
    ehp = [sys.executable, "-m", "ehp_analysis"]
    for label in ("cold", "nothing changed"):
        start = time.perf_counter()
        subprocess.run([*ehp, "build", "2020-01", "--deck"], env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        record = json.loads((work / "outputs" / "2020-01" / "build.json").read_text(encoding="utf-8"))
        deck = record["formats"].get("deck", 0.0)
        print(f"(a) ehp build 2020-01 --deck, {label}: {wall:.1f} s wall; the deck's own step "
              f"{deck:.2f} s {verdict(deck, 2) if label == 'cold' else '(from the last build record)'}")


def in_process(root: Path, period: str, runs: int, label: str, limit: float) -> None:
    from ehp_analysis.config import load_parameters
    from ehp_analysis.deck import write_deck
    from ehp_analysis.metrics.key_figures import key_figures, write_key_figures
    from ehp_analysis.periods import load_periods

    sys.path.insert(0, str(ROOT / "tests"))
    from test_deck import draw_figures  # the chapters' two pictures, drawn as they draw them

    params = load_parameters(period, root)
    start = time.perf_counter()
    periods = load_periods(period, reads="chain", root=root)
    folder = params.output_dir
    folder.mkdir(parents=True, exist_ok=True)
    write_key_figures(key_figures(periods.current, periods.previous, chain=periods.chain), folder / "key_figures.json")
    draw_figures(folder, periods.current)
    prepared = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        path = write_deck(params, root, folder, periods, title="Nasjonal e-helseportefølje")
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"({label}) {len(periods.current.projects)} projects: write_deck {median:.2f} s (median of {runs}; "
          f"runs {', '.join(f'{t:.2f}' for t in times)}) {verdict(median, limit)}; "
          f"{path.stat().st_size / 1e6:.2f} MB; what the build had done before it: {prepared:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="ehp-bench-deck-") as tmp:
        tmp = Path(tmp)
        if not args.skip_build:
            real_build(tmp / "build")
        reference = tmp / "reference"
        for folder in ("notebooks", "parameters", "data"):
            shutil.copytree(ROOT / folder, reference / folder)
        in_process(reference, "2020-01", args.runs, "b", 2)
        if not args.skip_large:
            from ehp_analysis import synthetic

            large = tmp / "large"
            periods = synthetic.write_history(synthetic.generate_history(args.projects, 2, seed=11), large)
            (large / "notebooks").mkdir()
            in_process(large, periods[-1], args.runs, "c", 10)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
