"""``ehp preview``: the analyst's loop of save, rebuild and a page that updates by itself.

The browser test runs the command as an analyst does (``ehp preview --no-browser`` in a project of its own, two
chapters so that each rebuild takes seconds), with Debian's Chromium: a commentary edit appears on the open page
without any action in it, a broken notebook puts the chapter, cell and error over the page, the fix takes it away,
and Ctrl-C leaves no process and no staging folder behind. The parts are tested on their own below it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from ehp_analysis import preview
from ehp_analysis.exceptions import UsageError

ROOT = Path(__file__).resolve().parents[1]
EHP = Path(sys.executable).parent / "ehp"
CHROMIUM = "/usr/bin/chromium"


# --------------------------------------------------------------------------------------------- the parts


@pytest.mark.parametrize("page, expected_end", [
    (b"<html><body><p>Rapport</p></body></html>", b"</script></body></html>"),
    (b"<p>uten body</p>", b"</script>"),
])
def test_the_script_is_added_to_the_page_as_it_is_sent(page, expected_end):
    sent = preview.inject(page)
    assert sent.startswith(page[:10]) and sent.endswith(expected_end)
    assert preview.EVENTS_PATH.encode() in sent and sent.count(b"<script>") == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_taken_port_is_said_and_the_next_free_one_used(tmp_path, capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        server = preview.bind(tmp_path, preview.LiveState(), host="127.0.0.1", port=port)
        try:
            assert server.server_address[1] > port
            assert f"Porten {port} er i bruk" in capsys.readouterr().out
        finally:
            server.server_close()
    finally:
        taken.close()


def test_no_free_port_is_a_usage_error(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        with pytest.raises(UsageError, match="--port"):
            preview.bind(tmp_path, preview.LiveState(), host="127.0.0.1", port=taken.getsockname()[1], tries=1)
    finally:
        taken.close()


def test_the_server_listens_on_the_loopback_address_only(tmp_path):
    (tmp_path / "report.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    server = preview.bind(tmp_path, preview.LiveState(), host="127.0.0.1", port=_free_port())
    try:
        assert server.server_address[0] == "127.0.0.1"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        page = urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=5).read()
        assert b"EventSource" in page
        assert (tmp_path / "report.html").read_bytes() == b"<html><body>x</body></html>", "the file is untouched"
    finally:
        server.shutdown()
        server.server_close()


def test_several_saves_in_quick_succession_give_one_rebuild(tmp_path):
    (tmp_path / "tekst").mkdir()
    (tmp_path / "outputs").mkdir()
    watcher = preview.Watcher([tmp_path], [], quiet=0.4, poll=0.05)

    def saves():
        for n in range(5):
            (tmp_path / "tekst" / "strategi.md").write_text(f"Utkast {n}\n" * (n + 1), encoding="utf-8")
            (tmp_path / "outputs" / f"skrevet-{n}.html").write_text("x", encoding="utf-8")  # the build's: ignored
            time.sleep(0.1)

    writer = threading.Thread(target=saves)
    writer.start()
    changed = watcher.wait()
    writer.join()
    assert changed == {str(tmp_path / "tekst" / "strategi.md")}
    stop = threading.Event()
    stop.set()
    assert watcher.wait(stop) == set(), "nothing more after the quiet moment"


def test_site_previews_the_website(tmp_path):
    root = tmp_path / "prosjekt"
    shutil.copytree(ROOT / "parameters", root / "parameters")
    site = root / "outputs" / "2020-01" / "site"
    builds: list[int] = []

    def build() -> None:  # stands in for the build of SITE_FORMATS
        (site / "tiltak").mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text("<html><body>Forside</body></html>", encoding="utf-8")
        (site / "tiltak" / "7.html").write_text("<html><body>Tiltak 7</body></html>", encoding="utf-8")
        builds.append(1)

    said: list[str] = []
    stop = threading.Event()
    worker = threading.Thread(target=preview.preview, args=("2020-01",), kwargs=dict(
        root=root, port=_free_port(), open_browser=False, site=True, build=build, announce=said.append, stop=stop))
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        address = said[0]
        front = urllib.request.urlopen(address, timeout=5).read()
        entry = urllib.request.urlopen(address + "tiltak/7.html", timeout=5).read()
        assert b"Forside" in front and b"EventSource" in front
        assert b"Tiltak 7" in entry and b"EventSource" in entry
        assert b"EventSource" not in (site / "index.html").read_bytes(), "the script is never written"
    finally:
        stop.set()
        worker.join(timeout=10)
    assert builds == [1]
    assert preview.SITE_FORMATS == ("key_figures", "html", "site"), "the website without the PDF"


@pytest.mark.slow
def test_the_warm_process_is_started_again_when_it_has_gone(tmp_path):
    from ehp_analysis.report import kernels

    if not kernels.fork_available():
        pytest.skip("no fork here: kernels start the plain way")
    warm = preview.Warm(tmp_path)
    try:
        first = warm.zygote()
        assert first is warm.zygote(), "kept between rebuilds"
        first.process.kill()
        first.process.wait()
        second = warm.zygote()
        assert second is not first and second.alive()
    finally:
        warm.close()
    assert not second.alive()


# --------------------------------------------------------------------------------------- the whole loop


def _project(root: Path) -> Path:
    """A copy of the project with two chapters (each rebuild runs at most one of them)."""
    for folder in ("parameters", "data", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    chapters = yaml.safe_load((root / "notebooks" / "chapters.yaml").read_text(encoding="utf-8"))
    chapters["chapters"] = [c for c in chapters["chapters"] if c["file"] in ("oppsummering", "arkitektur")]
    (root / "notebooks" / "chapters.yaml").write_text(yaml.safe_dump(chapters, allow_unicode=True), encoding="utf-8")
    return root


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(status.parent.name)
            found |= {child} | _descendants(child)
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_the_page_follows_the_saves(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium mangler ({CHROMIUM}). Kjør .ci/run, eller apt-get install chromium.", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    from ehp_analysis.report.pdf import CHROMIUM_FLAGS

    root = _project(tmp_path / "prosjekt")
    process = subprocess.Popen(
        [str(EHP), "--root", str(root), "preview", "2020-01", "--no-browser", "--port", str(_free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root, env={**os.environ, "EHP_ROOT": ""})
    lines: list[str] = []
    try:
        address = None
        deadline = time.monotonic() + 240
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if re.fullmatch(r"http://127\.0\.0\.1:\d+/\n", line):
                address = line.strip()
        assert address, "".join(lines)
        threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
        commentary = root / "data" / "2020-01" / "tekst" / "arkitektur.md"
        notebook = root / "notebooks" / "arkitektur.ipynb"
        good_notebook = notebook.read_text(encoding="utf-8")
        sentence = "Denne setningen kom med en lagring i forhåndsvisningen."
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
            page = browser.new_page()
            page.goto(address + "report.html")
            expect(page.locator("body")).to_contain_text("Arkitekturvurdering")
            page.evaluate("window.scrollTo(0, 400)")
            commentary.write_text(commentary.read_text(encoding="utf-8") + "\n" + sentence + "\n", encoding="utf-8")
            expect(page.get_by_text(sentence)).to_be_visible(timeout=90_000)
            assert page.evaluate("window.scrollY") > 0, "the reader keeps their place"

            broken = json.loads(good_notebook)
            broken["cells"].append({"cell_type": "code", "execution_count": None, "id": "brudd", "metadata": {},
                                    "outputs": [], "source": "1 / 0"})
            notebook.write_text(json.dumps(broken, indent=1, ensure_ascii=False), encoding="utf-8")
            overlay = page.locator("#ehp-preview-error")
            expect(overlay).to_be_visible(timeout=90_000)
            expect(overlay).to_contain_text("arkitektur")
            expect(overlay).to_contain_text("ZeroDivisionError")
            expect(page.get_by_text(sentence)).to_be_visible()  # the last good report stays beneath

            notebook.write_text(good_notebook, encoding="utf-8")
            expect(overlay).to_have_count(0, timeout=90_000)
            browser.close()
        children = _descendants(process.pid)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0, "".join(lines)
    finally:
        if process.poll() is None:
            process.kill()
    time.sleep(0.5)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == [], "no kernel left running"
    outputs = root / "outputs"
    assert sorted(p.name for p in outputs.iterdir()) == ["2020-01"], "no staging folder left"
    report = (outputs / "2020-01" / "report.html").read_text(encoding="utf-8")
    assert sentence in report and "EventSource" not in report, "the script is never written into the report"
