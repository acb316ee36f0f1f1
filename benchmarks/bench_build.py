"""Time ``ehp build`` against the plain route (papermill then nbconvert per chapter), as a user runs them.

Not a test: it prints figures and the targets of issue 6 with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_build.py [--runs 3] [--projects 5000] [--skip-large] [--json FILE]

Everything runs in a temporary copy of the project (notebooks, parameters, data and, unless
``--live-code``, a snapshot of ``ehp_analysis/`` on ``PYTHONPATH``) with ``EHP_ROOT`` pointing at it,
so the developer's ``outputs/`` and ``.ehp-cache/`` are untouched and edits made to the package while
the benchmark runs cannot invalidate its cache half-way. Every command is a subprocess: the times
include the interpreter's start, as a user experiences them.

Measured, each the median of ``--runs`` runs, interleaved so that a change in machine load falls on
all of them alike:

plain route
    each chapter of ``notebooks/chapters.yaml`` in turn with ``papermill -f parameters/<period>.yaml
    -p output_dir <dir> -k python3 notebooks/<ch>.ipynb <out>.ipynb``, then ``jupyter nbconvert
    --to html --no-input`` on each executed notebook.
(a) cold build
    ``ehp build <period>`` with no cache and no outputs.
(b) nothing changed
    ``ehp build <period>`` again.
(c) one commentary changed
    a sentence added to ``data/<period>/tekst/strategi.md``, then ``ehp build <period>``: which
    chapters ran (from the progress lines) and whether the report was assembled again.
(d) large period
    ``generate_history(5000, 2, seed=…)`` written with ``write_history`` into another root with the
    notebooks; its newest period built cold (once, or ``--large-runs``); the report's size and the
    appendix's rows.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COMMENTARY_CHAPTER = "strategi"
# Targets of issue 6.
COLD_RATIO = 0.5
NOCHANGE_RATIO = 0.05
NOCHANGE_SECONDS = 1.5
LARGE_SECONDS = 60.0
PROGRESS = re.compile(r"^\[(?P<period>[\d-]+)\] \d+/\d+ (?P<chapter>\S+) … [\d,]+ s(?P<cached> \(uendret\))?$")


@dataclass
class Timed:
    """Wall times of one kind of run, and what the runs said."""

    seconds: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _run(command: list[str], *, env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Run ``command``; return its wall time and stdout. Raise with its output if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return seconds, done.stdout


def _chapters(root: Path) -> list[str]:
    import yaml

    listing = yaml.safe_load((root / "notebooks" / "chapters.yaml").read_text(encoding="utf-8"))
    return [entry["file"] for entry in listing["chapters"]]


def make_root(target: Path, *, code: bool, data: bool = True) -> Path:
    """A project root in ``target``: notebooks (and parameters, data); the package too if ``code``."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "notebooks", target / "notebooks")
    if data:
        shutil.copytree(REPO / "parameters", target / "parameters")
        shutil.copytree(REPO / "data", target / "data")
    if code:
        shutil.copytree(REPO / "ehp_analysis", target / "ehp_analysis",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def environment(root: Path, code_root: Path | None) -> dict[str, str]:
    env = dict(os.environ, EHP_ROOT=str(root))
    if code_root is not None:  # the kernels inherit it, so the notebooks import the same snapshot
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code_root), os.environ.get("PYTHONPATH", "")) if p)
    return env


# ------------------------------------------------------------------------------------------- routes


def plain_route(root: Path, period: str, env: dict[str, str], work: Path) -> float:
    """Every chapter with the papermill command line, then nbconvert on each; the total wall time."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    executed = []
    start = time.perf_counter()
    for chapter in _chapters(root):
        out = work / f"{chapter}.ipynb"
        _run([str(BIN / "papermill"), "-f", f"parameters/{period}.yaml", "-p", "output_dir", str(work / "files"),
              "-k", "python3", f"notebooks/{chapter}.ipynb", str(out)], env=env, cwd=root)
        executed.append(out)
    for out in executed:
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], env=env, cwd=root)
    return time.perf_counter() - start


def ehp_build(root: Path, period: str, env: dict[str, str]) -> tuple[float, list[str]]:
    """``ehp build <period>``; its wall time and the chapters it ran (not restored)."""
    seconds, stdout = _run([str(BIN / "ehp"), "build", period], env=env, cwd=root)
    ran = [m["chapter"] for m in map(PROGRESS.match, stdout.splitlines()) if m and not m["cached"]]
    return seconds, ran


def cold_build(root: Path, period: str, env: dict[str, str]) -> tuple[float, list[str]]:
    shutil.rmtree(root / ".ehp-cache", ignore_errors=True)
    shutil.rmtree(root / "outputs", ignore_errors=True)
    return ehp_build(root, period, env)


def report_state(root: Path, period: str) -> tuple[int, str]:
    """The report's modification time and the build record's finish time: both change when it is assembled."""
    out = root / "outputs" / period
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return (out / "report.html").stat().st_mtime_ns, record["finished"]


# -------------------------------------------------------------------------------------- large period


def large_period(projects: int, seed: int, runs: int, code_root: Path | None, work: Path) -> dict:
    """Build the newest period of a synthetic history cold; the report's size and its appendix rows."""
    from ehp_analysis.synthetic import generate_history, write_history

    root = make_root(work, code=False, data=False)
    periods = write_history(generate_history(projects, 2, seed=seed), root)
    newest = periods[-1]
    env = environment(root, code_root)
    times = [cold_build(root, newest, env)[0] for _ in range(runs)]
    report = root / "outputs" / newest / "report.html"
    rows, appendix_mb = appendix_rows(report, root)
    with open(root / "data" / newest / "prosjekter.csv", encoding="utf-8") as fh:
        in_period = sum(1 for _ in fh) - 1
    return {"period": newest, "projects": in_period, "seconds": times, "median": statistics.median(times),
            "report_mb": report.stat().st_size / 1e6, "appendix_mb": appendix_mb, "appendix_rows": rows}


def appendix_rows(report: Path, root: Path) -> tuple[int, float]:
    """Rows in the tables of the first appendix (``appendix: true`` in chapters.yaml) and its size in MB."""
    import yaml
    from bs4 import BeautifulSoup

    listing = yaml.safe_load((root / "notebooks" / "chapters.yaml").read_text(encoding="utf-8"))
    title = next(entry["title"] for entry in listing["chapters"] if entry.get("appendix"))
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    wanted = title.split("–")[-1].strip()
    for section in soup.select("section.ehp-chapter"):
        heading = section.find("h2")
        if heading is not None and wanted in heading.get_text(" ", strip=True):
            rows = sum(len(table.select("tbody tr")) for table in section.find_all("table"))
            return rows, len(str(section).encode("utf-8")) / 1e6
    return 0, 0.0


# ----------------------------------------------------------------------------------------- report


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement (median reported)")
    ap.add_argument("--period", default="2020-01")
    ap.add_argument("--projects", type=int, default=5000, help="projects in the large synthetic period")
    ap.add_argument("--large-runs", type=int, default=1, help="cold builds of the large period")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--skip-large", action="store_true", help="leave out the large synthetic period")
    ap.add_argument("--live-code", action="store_true",
                    help="use the installed ehp_analysis, not a snapshot of it (edits during the run then count)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()

    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {cores} cores, load average {load_before[0]:.2f} "
          f"(1 min) {load_before[1]:.2f} (5 min); {args.runs} runs each, period {args.period}")
    tmp = Path(tempfile.mkdtemp(prefix="ehp-bench-"))
    try:
        root = make_root(tmp / "project", code=not args.live_code)
        code_root = None if args.live_code else root
        env = environment(root, code_root)
        commentary = root / "data" / args.period / "tekst" / f"{COMMENTARY_CHAPTER}.md"
        plain, cold, nochange, changed = Timed(), Timed(), Timed(), Timed()
        for i in range(1, args.runs + 1):
            plain.seconds.append(plain_route(root, args.period, env, tmp / "plain"))
            seconds, ran = cold_build(root, args.period, env)
            cold.seconds.append(seconds)
            cold.notes.append(f"{len(ran)} ran")
            for _ in range(2):  # the first no-change run after a cold build is like any other, but measure twice
                seconds, ran = ehp_build(root, args.period, env)
                nochange.seconds.append(seconds)
                nochange.notes.append(",".join(ran) or "none ran")
            before = report_state(root, args.period)
            with open(commentary, "a", encoding="utf-8") as fh:
                fh.write(f"\nEndret i målingen, kjøring {i}.\n")
            seconds, ran = ehp_build(root, args.period, env)
            changed.seconds.append(seconds)
            changed.notes.append(f"ran {','.join(ran) or 'none'}; assembled {report_state(root, args.period) != before}")
            print(f"run {i}: plain {plain.seconds[-1]:.1f} s, cold {cold.seconds[-1]:.1f} s, "
                  f"nothing changed {nochange.seconds[-2]:.2f}/{nochange.seconds[-1]:.2f} s, "
                  f"one commentary {changed.seconds[-1]:.1f} s ({changed.notes[-1]})", flush=True)

        large = None
        if not args.skip_large:
            print(f"large period: {args.projects:,} projects, seed {args.seed} …", flush=True)
            large = large_period(args.projects, args.seed, args.large_runs, code_root, tmp / "large")
        load_after = os.getloadavg()
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    base = plain.median
    only_commentary = all(note.startswith(f"ran {COMMENTARY_CHAPTER};") for note in changed.notes)
    assembled = all(note.endswith("assembled True") for note in changed.notes)
    no_kernel = all(note == "none ran" for note in nochange.notes)
    rows = [
        ("plain route (papermill + nbconvert CLI)", f"{base:.1f} s", "1.00", "", ""),
        ("(a) cold build", f"{cold.median:.1f} s", f"{cold.median / base:.2f}", f"≤ {COLD_RATIO}",
         _verdict(cold.median / base <= COLD_RATIO)),
        ("(b) nothing changed", f"{nochange.median:.2f} s", f"{nochange.median / base:.3f}",
         f"≤ {NOCHANGE_RATIO} and < {NOCHANGE_SECONDS} s",
         _verdict(nochange.median / base <= NOCHANGE_RATIO and nochange.median < NOCHANGE_SECONDS and no_kernel)),
        (f"(c) one commentary ({COMMENTARY_CHAPTER}.md)", f"{changed.median:.1f} s", f"{changed.median / base:.2f}",
         f"only {COMMENTARY_CHAPTER} runs, assembled", _verdict(only_commentary and assembled)),
    ]
    if large is not None:
        rows.append((f"(d) {large['projects']:,}-project period, cold", f"{large['median']:.1f} s", "",
                     f"< {LARGE_SECONDS:.0f} s", _verdict(large["median"] < LARGE_SECONDS)))
    widths = [max(len(r[i]) for r in rows + [("figure", "median", "ratio", "target", "")]) for i in range(5)]
    print()
    for row in [("figure", "median", "ratio", "target", "")] + rows:
        print("  ".join(cell.ljust(w) if i in (0, 3) else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    print()
    print(f"(b) chapters run when nothing changed: {sorted(set(nochange.notes))}")
    print(f"(c) per run: {changed.notes}")
    if large is not None:
        print(f"(d) {large['period']}: report.html {large['report_mb']:.1f} MB, appendix section "
              f"{large['appendix_mb']:.1f} MB with {large['appendix_rows']:,} rows for {large['projects']:,} projects "
              f"({'all there' if large['appendix_rows'] == large['projects'] else 'MISMATCH'}); "
              f"builds {', '.join(f'{s:.1f}' for s in large['seconds'])} s")
    print(f"load average after: {load_after[0]:.2f} (1 min) {load_after[1]:.2f} (5 min)")
    if args.json:
        args.json.write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d %H:%M"), "cores": cores, "load": [load_before, load_after],
            "runs": args.runs, "period": args.period,
            "plain": plain.seconds, "cold": cold.seconds, "nochange": nochange.seconds, "commentary": changed.seconds,
            "commentary_notes": changed.notes, "large": large,
        }, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
