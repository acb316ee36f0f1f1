"""Measure a long history: a synthetic chain built and opened in the browser, and Vedlegg 3 at scale.

Not a test: it prints figures and the issue's targets with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_history.py [--projects 500] [--periods 12] [--large 5000] [--skip-large]
                                                 [--json FILE]

(a) the chain
    ``generate_history(<projects>, <periods>, seed=12)`` written with ``write_history`` (the 2020 template,
    ``previous_period`` linking each period to the one before) into a temporary root with this checkout's
    ``notebooks/``; then ``ehp build <newest>`` cold (no cache, no outputs), and again with nothing changed.
    Both are subprocesses with this checkout first on ``PYTHONPATH``: the times are what a user waits for.
(b) its report
    ``report.html``'s size, the size of Vedlegg 3 – Tiltaksoversikt in it, the number of entries, and the
    assembly's own time (``formats.html`` in ``build.json``).
(c) in the browser
    Debian's Chromium (``/usr/bin/chromium``, ``--no-sandbox``) through Playwright, the page opened from disk,
    ``--opens`` times, each in a fresh context: the time from ``goto`` until the ``load`` event (the page is
    laid out and its images decoded), and the page's own ``loadEventEnd`` (navigation timing); then the page's
    whole text (``document.body.innerText``, which lays out whatever the browser had not laid out yet): how long
    it takes and how many Tiltaksoversikt entries are missing from it (issue 19: none may be); then a click
    on the last project's name in Vedlegg 1 until its Tiltaksoversikt entry is on screen.
(d) a large period (unless ``--skip-large``)
    ``generate_history(<large>, 2, seed=6)`` (the 5,000-project test period) built cold the same way: the
    report's size, Vedlegg 3's size, the assembly's time, and the browser's opening time.

Targets (issues 13 and 19): the 500 × 12 report opens in under 3 s and is under 10 MB; the 5,000-project
period opens in under 15 s; every Tiltaksoversikt entry is in the page's text.
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
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from ehp_analysis.synthetic import generate_history, write_history  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
OPEN_TARGET_S = 3.0
LARGE_OPEN_TARGET_S = 15.0
# Every entry's heading (id and name) in the page's text; the names also stand in Vedlegg 1, so only the text
# after Vedlegg 3's own heading counts.
PAGE_TEXT = r"""() => { const v = document.getElementById('vedlegg-3-tiltaksoversikt');
  const body = document.body.innerText, heading = v.querySelector('h1, h2').innerText;
  const text = body.slice(body.lastIndexOf(heading));
  const missing = [...v.querySelectorAll('article.ehp-tiltak h3')]
    .filter(h => !text.includes(h.textContent.replace(/\s+/g, ' ').trim()));
  return missing.length; }"""
SIZE_TARGET_MB = 10.0
VEDLEGG_3 = re.compile(r'<section [^>]*id="vedlegg-3-tiltaksoversikt".*?</section>', re.S)


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EHP_KERNELS"}
    env["EHP_ROOT"] = str(root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p)
    return env


def build(root: Path, period: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ehp_analysis", "build", period], env=environment(root), cwd=root,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ehp build {period} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def make_root(target: Path, projects: int, periods: int, seed: int) -> tuple[Path, str]:
    target.mkdir(parents=True)
    shutil.copytree(HERE / "notebooks", target / "notebooks")
    written = write_history(generate_history(projects, periods, seed=seed), target)
    return target, written[-1]


def report_figures(root: Path, period: str) -> dict:
    folder = root / "outputs" / period
    page = (folder / "report.html").read_text(encoding="utf-8")
    section = VEDLEGG_3.search(page)
    record = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    return {
        "report_mb": (folder / "report.html").stat().st_size / 1e6,
        "vedlegg_3_mb": len(section.group(0).encode()) / 1e6 if section else 0.0,
        "entries": page.count('<article class="ehp-tiltak"'),
        "assembly_s": record["formats"].get("html", 0.0),
        "build_s": record["seconds"],
        "chapters": {c["file"]: c["seconds"] for c in record["chapters"]},
    }


def browser_figures(html: Path, opens: int) -> dict:
    from playwright.sync_api import sync_playwright

    loads, timings, jumps, texts, missing = [], [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(opens):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="load")
                loads.append(time.perf_counter() - start)
                timings.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
                start = time.perf_counter()
                missing.append(page.evaluate(PAGE_TEXT))
                texts.append(time.perf_counter() - start)
                link = page.locator("#tab-vedlegg-1-prosjekter tbody a[href^='#tiltak-']").last
                target = link.get_attribute("href")
                start = time.perf_counter()
                link.click()
                page.wait_for_function("""id => { const r = document.getElementById(id).getBoundingClientRect();
                                                  return r.top >= -1 && r.top < innerHeight; }""", arg=target[1:])
                jumps.append(time.perf_counter() - start)
                context.close()
        finally:
            browser.close()
    return {"open_s": statistics.median(loads), "open_runs_s": loads, "load_event_s": statistics.median(timings),
            "link_s": statistics.median(jumps), "text_s": statistics.median(texts),
            "missing_from_text": max(missing)}


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--opens", type=int, default=5, help="browser openings per report (median)")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}")
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="ehp-bench-history-") as tmp:
        root, period = make_root(Path(tmp) / "chain", args.projects, args.periods, seed=12)
        cold = build(root, period)
        unchanged = build(root, period)
        figures["chain"] = {"projects": args.projects, "periods": args.periods, "cold_s": cold,
                            "unchanged_s": unchanged, **report_figures(root, period),
                            **browser_figures(root / "outputs" / period / "report.html", args.opens)}
        if not args.skip_large:
            root, period = make_root(Path(tmp) / "large", args.large, 2, seed=6)
            cold = build(root, period)
            figures["large"] = {"projects": args.large, "periods": 2, "cold_s": cold,
                                **report_figures(root, period),
                                **browser_figures(root / "outputs" / period / "report.html", max(1, args.opens // 2))}
    print(f"load average after: {os.getloadavg()}")
    c = figures["chain"]
    print(f"\n{args.projects} projects × {args.periods} periods (newest period {c['entries']} projects)")
    print(f"  cold build                     {c['cold_s']:.1f} s (build.json {c['build_s']:.1f} s)")
    print(f"  nothing changed                {c['unchanged_s']:.2f} s")
    print(f"  report.html                    {c['report_mb']:.2f} MB, Vedlegg 3 {c['vedlegg_3_mb']:.2f} MB"
          f"  (< {SIZE_TARGET_MB:.0f} MB: {verdict(c['report_mb'] < SIZE_TARGET_MB)})")
    print(f"  assembly (formats.html)        {c['assembly_s']:.2f} s")
    print(f"  chapters reading the chain     om-portefoljen {c['chapters'].get('om-portefoljen', 0):.1f} s,"
          f" vedlegg-3-tiltaksoversikt {c['chapters'].get('vedlegg-3-tiltaksoversikt', 0):.1f} s")
    print(f"  opens in the browser (median)  {c['open_s']:.2f} s (load event {c['load_event_s']:.2f} s; runs "
          f"{', '.join(f'{s:.2f}' for s in c['open_runs_s'])})  (< {OPEN_TARGET_S:.0f} s: "
          f"{verdict(c['open_s'] < OPEN_TARGET_S)})")
    print(f"  its whole text (innerText)     {c['text_s']:.2f} s after load; entries missing from it:"
          f" {c['missing_from_text']} ({verdict(c['missing_from_text'] == 0)})")
    print(f"  Vedlegg 1 link to its entry    {c['link_s']:.2f} s")
    if "large" in figures:
        g = figures["large"]
        print(f"\n{args.large} projects × 2 periods ({g['entries']} projects in the newest)")
        print(f"  cold build                     {g['cold_s']:.1f} s")
        print(f"  report.html                    {g['report_mb']:.2f} MB, Vedlegg 3 {g['vedlegg_3_mb']:.2f} MB")
        print(f"  assembly (formats.html)        {g['assembly_s']:.2f} s")
        print(f"  vedlegg-3-tiltaksoversikt      {g['chapters'].get('vedlegg-3-tiltaksoversikt', 0):.1f} s")
        print(f"  opens in the browser (median)  {g['open_s']:.2f} s (load event {g['load_event_s']:.2f} s; runs "
              f"{', '.join(f'{s:.2f}' for s in g['open_runs_s'])})  (< {LARGE_OPEN_TARGET_S:.0f} s: "
              f"{verdict(g['open_s'] < LARGE_OPEN_TARGET_S)})")
        print(f"  its whole text (innerText)     {g['text_s']:.2f} s after load; entries missing from it:"
              f" {g['missing_from_text']} ({verdict(g['missing_from_text'] == 0)})")
        print(f"  Vedlegg 1 link to its entry    {g['link_s']:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
