"""Time the decision sections (early warnings, prioritisation, the dependency network) at 5,000 projects.

Not a test: it prints figures, and the build-engine issue's target for a 5,000-project period, with OK/MISSED;
it exits 0 either way.

    .venv/bin/python benchmarks/bench_decisions.py [--projects 5000] [--periods 6] [--runs 3] [--build]

In memory (median of ``--runs``): ``synthetic_portfolios(<projects>, <periods>, seed=6)``, then on its newest
period and chain: ``warnings.evaluate`` over the whole chain, ``network.at_risk``, ``network.most_depended_on``,
``network.figure_data`` and the network figure drawn and saved as PNG (its large-portfolio form above 300
projects), ``priority.prioritisation`` and its scatter, and ``key_figures`` with the chain.

With ``--build``: ``generate_history(<projects>, <periods>, seed=6)`` written with ``write_history`` into a
temporary project root with this checkout's notebooks, and its newest period built cold with ``ehp build`` (a
subprocess, this checkout first on ``PYTHONPATH``); the wall time against the engine's budget for a 5,000-project
period (< 25 s, benchmarks/README.md), and the seconds of chapters 4, 5, 6 and of ``key_figures.json`` from its
``build.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

BUILD_TARGET = 25.0  # seconds: a 5,000-project period built cold (build-engine issue)


def _median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def in_memory(projects: int, periods: int, runs: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ehp_analysis import plots
    from ehp_analysis.metrics import early_warnings as warnings, key_figures, network, priority
    from ehp_analysis.synthetic import synthetic_portfolios

    seconds, chain = _median(lambda: synthetic_portfolios(projects, periods, seed=6), 1)
    current = chain[-1]
    print(f"{len(current.projects)} projects, {len(current.dependencies)} dependencies in {current.period}; "
          f"chain of {len(chain)} periods generated in {seconds:.1f} s")

    def draw(kind, data, size, **kwargs):
        with plots.report_style():
            fig, ax = plt.subplots(figsize=size)
            getattr(plots, kind)(data, ax=ax, **kwargs)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
            plt.close(fig)
        return buf.getvalue()

    nodes, edges = network.figure_data(current)
    prio = priority.prioritisation(current)
    steps = [
        ("warnings.evaluate (whole chain)", lambda: warnings.evaluate(chain)),
        ("network.at_risk", lambda: network.at_risk(current)),
        ("network.most_depended_on", lambda: network.most_depended_on(current)),
        ("network.figure_data", lambda: network.figure_data(current)),
        (f"network figure ({nodes.attrs['mode']}: {len(nodes)} nodes, {len(edges)} lines) to PNG",
         lambda: draw("dependency_network", nodes, (9.5, 10.0), edges=edges)),
        ("priority.prioritisation", lambda: priority.prioritisation(current)),
        (f"priority scatter ({prio.plotted_count} marks) to PNG",
         lambda: draw("priority_scatter", prio.ranked, (8.0, 6.0))),
        ("key_figures (with the chain)", lambda: key_figures(current, chain[-2], chain=chain)),
    ]
    results = {}
    for name, fn in steps:
        seconds, results[name] = _median(fn, runs)
        print(f"  {name:<62} {seconds:6.2f} s")
    found = results["warnings.evaluate (whole chain)"]
    print(f"  warnings: {len(found)} in all, {found['id'].nunique()} projects; at risk through the network: "
          f"{len(results['network.at_risk'])}")
    png = [v for k, v in results.items() if k.startswith("network figure")][0]
    same = png == draw("dependency_network", *network.figure_data(current)[:1], (9.5, 10.0),
                       edges=network.figure_data(current)[1])
    print(f"  network PNG {len(png) / 1e6:.2f} MB; a second render byte-identical: {same}")


def build(projects: int, periods: int) -> None:
    from ehp_analysis.synthetic import generate_history, write_history

    with tempfile.TemporaryDirectory(prefix="ehp-bench-decisions-") as tmp:
        root = Path(tmp)
        written = write_history(generate_history(projects, periods, seed=6), root)
        shutil.copytree(REPO / "notebooks", root / "notebooks")
        env = {**os.environ, "EHP_ROOT": str(root), "PYTHONPATH": os.pathsep.join(
            [str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        env.pop("EHP_KERNELS", None)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ehp_analysis", "build", written[-1]], cwd=root, env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-3000:])
            print(f"build of {written[-1]} FAILED (exit {done.returncode})")
            return
        record = json.loads((root / "outputs" / written[-1] / "build.json").read_text(encoding="utf-8"))
        chapters = {c["file"]: c["seconds"] for c in record["chapters"]}
        verdict = "OK" if wall < BUILD_TARGET else "MISSED"
        print(f"ehp build {written[-1]} ({projects} projects, chain of {len(written)}), cold: {wall:.1f} s "
              f"(target < {BUILD_TARGET:.0f} s) {verdict}")
        for name in ("status-og-risiko", "kostnader-og-gevinster", "avhengigheter"):
            print(f"  chapter {name:<28} {chapters.get(name, float('nan')):6.1f} s (build.json)")
        formats = record.get("formats", {})
        if "key_figures" in formats:
            print(f"  key_figures.json                       {formats['key_figures']:6.1f} s (build.json)")
        report = root / "outputs" / written[-1] / "report.html"
        print(f"  report.html {report.stat().st_size / 1e6:.1f} MB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=5000)
    ap.add_argument("--periods", type=int, default=6)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", action="store_true", help="also build the newest period cold with ehp build")
    args = ap.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    in_memory(args.projects, args.periods, args.runs)
    if args.build:
        build(args.projects, args.periods)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
