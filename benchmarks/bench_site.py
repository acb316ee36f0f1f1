"""The website (``ehp build --site``, issue 22): what it adds to a cold build, its pages' size, the filter's speed.

Not a test: it prints figures and the issue's targets with OK/MISSED, and exits 0 either way.

    .venv/bin/python benchmarks/bench_site.py [--projects 500] [--periods 12] [--large 5000] [--keys 8]

(a) the 500 × 12 example (``generate_history(500, 12, seed=12)``, as bench_history.py) built cold twice in
    fresh roots, as subprocesses with this checkout on ``PYTHONPATH``: ``ehp build`` and ``ehp build --site``.
    Printed: both wall times, the ``site`` and ``pdf`` formats' own seconds from ``build.json``, and what the
    site (the ``site`` format alone) adds to the cold build. Target: under 25 %.
(b) the largest page of that site (target: none over 1 MB).
(c) a ``tiltak/index.html`` of a 5,000-project period (``generate_history(5000, 2, seed=6)``, only the index is
    written) opened in Chromium; ``--keys`` keystrokes typed into the search field, each timed from its
    ``keydown`` to the frame after the filter ran. Target: every keystroke within 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from ehp_analysis.synthetic import generate_history, write_history  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ADDED_TARGET = 0.25
PAGE_TARGET_BYTES = 1_000_000
KEY_TARGET_MS = 100.0
# Timed in the page: keydown -> the input handler has run -> the next frame is drawn.
TIMER = """() => { window.ehpTimes = []; let start = 0;
  document.addEventListener('keydown', () => { start = performance.now(); }, true);
  document.getElementById('project-filter').addEventListener('input', () => {
    requestAnimationFrame(() => setTimeout(() => window.ehpTimes.push(performance.now() - start), 0)); });
}"""


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EHP_KERNELS"}
    env["EHP_ROOT"] = str(root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p)
    return env


def make_root(target: Path, projects: int, periods: int, seed: int) -> tuple[Path, str]:
    target.mkdir(parents=True)
    shutil.copytree(HERE / "notebooks", target / "notebooks")
    written = write_history(generate_history(projects, periods, seed=seed), target)
    return target, written[-1]


def build(root: Path, period: str, *extra: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ehp_analysis", "build", period, *extra], env=environment(root),
                          cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ehp build {period} {' '.join(extra)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def filter_times(index: Path, keys: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    from ehp_analysis.report.pdf import CHROMIUM_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        page = browser.new_page()
        page.goto(index.as_uri(), wait_until="load")
        page.evaluate(TIMER)
        page.focus("#filter-q")
        for n, key in enumerate(keys, start=1):
            page.keyboard.type(key)
            page.wait_for_function("(n) => window.ehpTimes.length >= n", arg=n)
        times = page.evaluate("window.ehpTimes")
        browser.close()
    return times


def large_index(folder: Path, projects: int) -> Path:
    """Only ``tiltak/index.html`` (and its script) of a ``projects``-project period."""
    from ehp_analysis.config import load_parameters
    from ehp_analysis.metrics import project_history
    from ehp_analysis.site.layout import SiteInfo, page
    from ehp_analysis.site.tiltak import index_body
    from ehp_analysis.validate import load_period

    root, period = make_root(folder, projects, 2, seed=6)
    current = load_period(period, root)
    params = load_parameters(period, root)
    info = SiteInfo(title="Nasjonal e-helseportefølje", subtitle=period, cutoff_text=params.cutoff,
                    published_text=params.cutoff, nav=[], has_pdf=False)
    target = folder / "site" / "tiltak"
    target.mkdir(parents=True)
    css = [HERE / "ehp_analysis" / "report" / "report.css", HERE / "ehp_analysis" / "site" / "site.css"]
    (folder / "site" / "stil.css").write_text("".join(p.read_text(encoding="utf-8") for p in css), encoding="utf-8")
    shutil.copyfile(HERE / "ehp_analysis" / "site" / "filter.js", target / "filter.js")
    body = index_body(project_history.facts(current), goals=bool(current.reference.strategy.has_goals))
    (target / "index.html").write_text(page(info, title="Alle tiltak", description="-", body=body, up="../",
                                            scripts='<script src="filter.js"></script>\n'), encoding="utf-8")
    return target / "index.html"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--keys", default="helse ra")
    parser.add_argument("--only-filter", action="store_true", help="only (c)")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="ehp-bench-site-") as tmp:
        tmp = Path(tmp)
        if args.only_filter:
            index = large_index(tmp / "large", args.large)
            times = filter_times(index, args.keys)
            print(f"(c) {args.large} projects: {', '.join(f'{t:.0f}' for t in times)} ms; worst {max(times):.0f} ms "
                  f"(target ≤ {KEY_TARGET_MS:.0f} ms): {verdict(max(times) <= KEY_TARGET_MS)}")
            return 0
        root, period = make_root(tmp / "plain", args.projects, args.periods, seed=12)
        plain = build(root, period)
        site_root, _ = make_root(tmp / "site", args.projects, args.periods, seed=12)
        with_site = build(site_root, period, "--site")
        record = json.loads((site_root / "outputs" / period / "build.json").read_text(encoding="utf-8"))
        site_s, pdf_s = record["formats"].get("site", 0.0), record["formats"].get("pdf", 0.0)
        print(f"(a) {args.projects} × {args.periods}, period {period}: cold build {plain:.1f} s; with --site "
              f"{with_site:.1f} s (site format {site_s:.1f} s, pdf {pdf_s:.1f} s)")
        added = site_s / plain
        print(f"    the site adds {added:.1%} to the cold build (target < {ADDED_TARGET:.0%}): {verdict(added < ADDED_TARGET)};"
              f" with the PDF it prints: {(site_s + pdf_s) / plain:.1%}")
        site = site_root / "outputs" / period / "site"
        pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1]
        print(f"(b) {len(pages)} pages, largest {largest.relative_to(site)} {largest.stat().st_size / 1e6:.2f} MB "
              f"(target ≤ 1 MB): {verdict(largest.stat().st_size <= PAGE_TARGET_BYTES)}")
        index = large_index(tmp / "large", args.large)
        times = filter_times(index, args.keys)
        print(f"(c) tiltak/index.html of {args.large} projects ({index.stat().st_size / 1e6:.2f} MB): keystroke → "
              f"filtered frame {', '.join(f'{t:.0f}' for t in times)} ms; worst {max(times):.0f} ms "
              f"(target ≤ {KEY_TARGET_MS:.0f} ms): {verdict(max(times) <= KEY_TARGET_MS)}")
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
