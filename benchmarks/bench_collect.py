"""Time and peak memory of ``ehp collect``: 25 workbooks with 5,000 projects in all (issue 14: < 20 s, < 1 GB),
and the worst hostile workbook of issue 20 (refused within 5 s and 500 MB).

Not a test: prints figures. In a temporary project root it writes a synthetic 5,000-project period
(``generate_history``), runs ``ehp new-period NEXT --from IT --per-organisation`` (one workbook per organisation,
19 with the shipped organisations), splits the largest organisations' workbooks in two (as a health region
sending one per trust) until there are ``--workbooks`` of them, and runs ``ehp collect NEXT INBOX`` as a
subprocess (interpreter start included), ``--runs`` times: wall time, and its CPU time (which the load of a
shared machine does not inflate). Peak memory is the collect process's maximum resident set size
(``getrusage`` of the children).

The hostile case: a workbook as sent out whose ``prosjekter`` sheet has ``--bomb-gb`` (2) GB of empty rows
packed into a few MB (issue 20: such a file ran for six minutes and ended in ``MemoryError`` at 7.7 GB), alone
in an inbox, collected by a fresh ``ehp collect`` process; and the same under an inherited ``ulimit -v`` of
2 GB, which ``ehp collect`` must live with and never raise.

    .venv/bin/python benchmarks/bench_collect.py [--projects 5000] [--workbooks 25] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from openpyxl import load_workbook  # noqa: E402

from ehp_analysis.scaffold import new_period  # noqa: E402
from ehp_analysis.synthetic import generate_history, write_history  # noqa: E402


def make_inbox(root: Path, period: str, workbooks: int) -> tuple[Path, int]:
    """The workbooks as sent, with the largest split until there are ``workbooks``; returns the inbox and
    the number of project rows in it."""
    inbox = root / "innboks"
    shutil.copytree(root / "data" / period / "mal", inbox)
    while len(list(inbox.glob("*.xlsx"))) < workbooks:
        sizes = {p: load_workbook(p, read_only=True)["prosjekter"].max_row for p in inbox.glob("*.xlsx")}
        biggest = max(sizes, key=lambda p: (sizes[p], p.name))
        second = biggest.with_name(f"{biggest.stem}-del2.xlsx")
        shutil.copy(biggest, second)
        n = sizes[biggest] - 1
        keep = n // 2
        for path, (start, count) in ((biggest, (2 + keep, n - keep)), (second, (2, keep))):
            wb = load_workbook(path)
            wb["prosjekter"].delete_rows(start, count)
            if path == second:  # its dependencies stay in the first file
                deps = wb["avhengigheter"]
                deps.delete_rows(2, max(deps.max_row - 1, 0))
            wb.save(path)
    rows = sum(load_workbook(p, read_only=True)["prosjekter"].max_row - 1 for p in inbox.glob("*.xlsx"))
    return inbox, rows


def make_bomb(source: Path, target: Path, gigabytes: float) -> Path:
    """``source`` with its ``prosjekter`` sheet (the second) followed by ``gigabytes`` of ``<row/>``, streamed
    into the ZIP (never held in memory)."""
    import zipfile

    sheet = "xl/worksheets/sheet2.xml"
    chunk = b"<row/>" * (1 << 20)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != sheet:
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with dst.open(sheet, "w", force_zip64=True) as out:
                out.write(head)
                for _ in range(int(gigabytes * (1 << 30) / len(chunk))):
                    out.write(chunk)
                out.write(b"</sheetData>" + tail)
    return target


def make_widest(source: Path, target: Path, rows: int, columns: int) -> Path:
    """``source`` with its ``prosjekter`` sheet filled to ``rows`` x ``columns`` small numbers: the costliest
    workbook the limits let through to be read."""
    import zipfile

    from openpyxl.utils import get_column_letter

    sheet = "xl/worksheets/sheet2.xml"
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == sheet:
                head, tail = data.split(b"<sheetData>")[0], data.split(b"</sheetData>")[1]
                body = ['<row r="1">' + "".join(f'<c r="{x}1" t="inlineStr"><is><t>k{x}</t></is></c>' for x in letters)
                        + "</row>"]
                body += [f'<row r="{r}">' + "".join(f'<c r="{x}{r}"><v>{r % 97}</v></c>' for x in letters) + "</row>"
                         for r in range(2, rows + 1)]
                data = head + b"<sheetData>" + "".join(body).encode() + b"</sheetData>" + tail
            dst.writestr(info, data)
    return target


def hostile(root: Path, period: str, gigabytes: float) -> None:
    """The worst hostile case, alone in an inbox: time, memory, and what ``ehp collect`` said."""
    source = sorted((root / "data" / period / "mal").glob("*.xlsx"))[0]
    inbox = root / "innboks-fiendtlig"
    inbox.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    bomb = make_bomb(source, inbox / "bombe.xlsx", gigabytes)
    print(f"hostile: {bomb.name}, {bomb.stat().st_size / 1e6:.1f} MB packed, {gigabytes:g} GB of empty rows"
          f" unpacked (made in {time.perf_counter() - t0:.1f} s)")
    env = dict(os.environ, EHP_ROOT=str(root), PYTHONPATH=str(REPO))
    cases = [("", None, "bombe.xlsx"), (" under ulimit -v 2 GB", 2 << 30, "bombe.xlsx")]
    from ehp_analysis.collect.hostile import load_limits

    limits = load_limits()
    widest = inbox.parent / "innboks-grensen"
    widest.mkdir(exist_ok=True)
    make_widest(source, widest / "grensen.xlsx", limits.rows, limits.columns)
    for label, limit, name in cases + [(f" of the widest workbook within the limits ({limits.rows:,} rows x"
                                        f" {limits.columns} columns of numbers, all read)", None, "grensen.xlsx")]:
        folder = inbox if name == "bombe.xlsx" else widest

        def cap(limit=limit):
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        script = ("import resource, runpy, sys; sys.argv = ['ehp', 'collect', sys.argv[1], sys.argv[2]];"
                  " code = 0\ntry: runpy.run_module('ehp_analysis', run_name='__main__')\n"
                  "except SystemExit as e: code = e.code\n"
                  "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, period, str(folder)], env=env, capture_output=True,
                              text=True, preexec_fn=cap)
        took = time.perf_counter() - t0
        peak = next((int(line.split()[1]) / 1024 for line in done.stderr.splitlines() if line.startswith("PEAK")), 0)
        said = next((line.strip() for line in done.stdout.splitlines() if line.strip().startswith(f"{name}:")),
                    done.stdout[-500:] + done.stderr[-1500:])
        target = f"; target < 5 s and < 500 MB: {'OK' if took < 5 and peak < 500 else 'MISSED'}" \
            if name == "bombe.xlsx" else ""
        print(f"  ehp collect{label}: exit {done.returncode} in {took:.1f} s, peak memory {peak:.0f} MB{target}")
        print(f"    {said}")
        if "Traceback" in done.stderr:
            print(done.stderr[-3000:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=5000)
    ap.add_argument("--workbooks", type=int, default=25)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--keep", type=Path, help="build the project root here and keep it")
    ap.add_argument("--bomb-gb", type=float, default=2.0, help="GB of empty rows in the hostile workbook")
    args = ap.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-collect-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    t0 = time.perf_counter()
    history = generate_history(args.projects, 1, seed=args.seed)
    [old] = write_history(history, root)
    (root / "notebooks").mkdir(exist_ok=True)
    made = time.perf_counter() - t0
    year, month = int(old[:4]), int(old[5:])
    new = f"{year + (month + 4 - 1) // 12:04d}-{(month + 4 - 1) % 12 + 1:02d}"
    t0 = time.perf_counter()
    new_period(new, old, root=root, per_organisation=True, deadline=f"{new}-15")
    out_time = time.perf_counter() - t0
    inbox, rows = make_inbox(root, new, args.workbooks)
    n_books = len(list(inbox.glob("*.xlsx")))
    print(f"{old}: {args.projects:,} projects (generated in {made:.1f} s); new-period {new} --per-organisation:"
          f" {out_time:.1f} s; inbox: {n_books} workbooks, {rows:,} project rows")

    env = dict(os.environ, EHP_ROOT=str(root), PYTHONPATH=str(REPO))
    times, cpu = [], []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ehp_analysis", "collect", new, str(inbox)], env=env,
                              capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:])
            raise SystemExit(f"ehp collect exited {done.returncode}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    med = statistics.median(times)
    print(f"ehp collect, {n_books} workbooks, {rows:,} projects: median {med:.1f} s over {args.runs} runs"
          f" (min {min(times):.1f}, max {max(times):.1f}); target < 20 s: {'OK' if med < 20 else 'MISSED'}")
    print(f"  CPU time of the collect process (user + system, what a shared machine's load does not inflate):"
          f" median {statistics.median(cpu):.1f} s")
    print(f"peak memory (max RSS of the collect process): {peak_mb:.0f} MB; target < 1 GB:"
          f" {'OK' if peak_mb < 1024 else 'MISSED'}")
    hostile(root, new, args.bomb_gb)
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
