"""Time the analyst's loop: ``ehp preview`` from a save to the updated text in the open page.

Not a test: it prints figures and issue 25's targets with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_preview.py [--period 2020-01] [--commentary 5] [--notebook 3] [--json FILE]

Everything runs in a temporary copy of the project (notebooks, parameters, data and a snapshot of
``ehp_analysis/`` on ``PYTHONPATH``, as ``bench_build.py`` does), so the developer's files are untouched.

1. ``ehp --root <copy> preview <period> --no-browser`` is started (its first build is cold: no cache) and
   Debian's Chromium opens the printed address with Playwright.
2. commentary: ``--commentary`` times, a new sentence is appended to ``data/<period>/tekst/strategi.md``; the
   time is from the write to the sentence being in the page's rendered text (``document.body.innerText``, looked
   at every 10 ms; the page reloads by itself). Target: median under 2 s, under 1 s if possible.
3. notebook: ``--notebook`` times, a cell that shows a new marker is appended to ``notebooks/strategi.ipynb``
   (the chapter runs again, in a kernel forked from the preview's warm process, and the report is assembled
   again); the same clock. Target: under 5 s.

Each time is also split by the preview's own lines: the build's progress line for the chapter tells whether
it ran. Prints one table and, with ``--json``, writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import BIN, environment, make_root  # noqa: E402  (a script beside this one)

CHROMIUM = "/usr/bin/chromium"
CHAPTER = "strategi"
COMMENTARY_TARGET, COMMENTARY_HOPE, NOTEBOOK_TARGET = 2.0, 1.0, 5.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_text(page, text: str, deadline: float) -> float:
    """Seconds (perf_counter) when ``text`` is in the page's rendered text; reloads in between are ridden out."""
    while time.perf_counter() < deadline:
        try:
            if page.evaluate("t => document.body !== null && document.body.innerText.includes(t)", text):
                return time.perf_counter()
        except Exception:  # the page is reloading: its context went away mid-call
            pass
        time.sleep(0.01)
    raise SystemExit(f"«{text}» never appeared in the page")


def _append_cell(notebook: Path, marker: str) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": f"bench-{len(nb['cells'])}",
                        "metadata": {}, "outputs": [],
                        "source": f"from IPython.display import Markdown\nMarkdown({marker!r})"})
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    tmp = notebook.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, notebook)  # as an editor saves: the file is whole when it appears


def measure(period: str, commentary_runs: int, notebook_runs: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    root = make_root(work / "prosjekt", code=False)
    code = make_root(work / "kode", code=True, data=False)
    env = environment(root, code)
    command = [str(BIN / "ehp"), "--root", str(root), "preview", period, "--no-browser", "--port", str(_free_port())]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    lines: list[str] = []
    address = None
    for line in process.stdout:
        lines.append(line)
        if re.fullmatch(r"http://127\.0\.0\.1:\d+/\n", line):
            address = line.strip()
            break
    if address is None:
        raise SystemExit("the preview did not start:\n" + "".join(lines[-30:]))
    first_build = time.perf_counter() - start
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    commentary = root / "data" / period / "tekst" / f"{CHAPTER}.md"
    notebook = root / "notebooks" / f"{CHAPTER}.ipynb"
    result = {"first_build": first_build, "commentary": [], "notebook": [], "notebook_ran": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(address + "report.html")
            page.wait_for_load_state("load")
            time.sleep(1.0)  # the preview's imports, made in a thread after its first build
            for n in range(commentary_runs):
                sentence = f"Kontoret skrev denne setningen i runde {n + 1} av målingen."
                before = commentary.read_text(encoding="utf-8")
                saved = time.perf_counter()
                commentary.write_text(before + f"\n{sentence}\n", encoding="utf-8")
                result["commentary"].append(_wait_for_text(page, sentence, saved + 60) - saved)
                time.sleep(0.5)
            for n in range(notebook_runs):
                marker = f"Markør fra notatboken, runde {n + 1}."
                seen = len(lines)
                saved = time.perf_counter()
                _append_cell(notebook, marker)
                result["notebook"].append(_wait_for_text(page, marker, saved + 120) - saved)
                result["notebook_ran"].append(any(re.search(rf"\b{CHAPTER} … [\d,]+ s$", line.strip())
                                                  for line in lines[seen:]))
                time.sleep(0.5)
            browser.close()
    finally:
        process.send_signal(2)  # Ctrl-C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return result


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--period", default="2020-01")
    ap.add_argument("--commentary", type=int, default=5, help="commentary saves (median reported)")
    ap.add_argument("--notebook", type=int, default=3, help="notebook saves (median reported)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Chromium at {CHROMIUM}")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ehp-bench-preview-") as tmp:
        result = measure(args.period, args.commentary, args.notebook, Path(tmp))
    result["load"] = [load_before, os.getloadavg()]
    commentary, notebook = statistics.median(result["commentary"]), statistics.median(result["notebook"])
    print(f"\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, period {args.period}; load average "
          f"{load_before[0]:.2f} (1 min) before, {result['load'][1][0]:.2f} after")
    print(f"first build (cold, until the address is printed): {result['first_build']:.1f} s")
    rows = [
        (f"commentary save → text in the page (median of {len(result['commentary'])})", f"{commentary:.2f} s",
         f"< {COMMENTARY_TARGET:.0f} s (< {COMMENTARY_HOPE:.0f} s if possible)",
         _verdict(commentary < COMMENTARY_TARGET) + (" (< 1 s)" if commentary < COMMENTARY_HOPE else "")),
        (f"notebook save → text in the page (median of {len(result['notebook'])})", f"{notebook:.2f} s",
         f"< {NOTEBOOK_TARGET:.0f} s", _verdict(notebook < NOTEBOOK_TARGET and all(result["notebook_ran"]))),
    ]
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, width)))
    print("commentary, each: " + ", ".join(f"{s:.2f}" for s in result["commentary"]) + " s")
    print("notebook, each: " + ", ".join(f"{s:.2f}" for s in result["notebook"]) + " s; the chapter ran each time: "
          + str(all(result["notebook_ran"])))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
