"""``report.pdf``: the finished HTML printed by headless Chromium (nbconvert's webpdf cannot use Debian's)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..exceptions import BuildError
from ..words import _

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
# Headless, and off the network: without the background-networking flags Chromium tries Google's
# hosts at every start (refused on closed machines, and nothing a report needs).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def find_chromium() -> str:
    """The Chromium (or Chrome/Edge) executable used for ``report.pdf``.

    Raises
    ------
    BuildError
        If none is installed (nbconvert's webpdf is not used: its Playwright cannot use Debian's Chromium).
    """
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BuildError(_("PDF krever Chromium eller Chrome (fant ingen av {names}). "
                       "Bygg uten --pdf, eller skriv ut report.html fra nettleseren.").format(names=", ".join(CHROMIUM_NAMES)))


def write_pdf(report: Path, target: Path, *, chromium: str | None = None, timeout: float = 180) -> Path:
    """Print ``report`` (HTML) to ``target`` (A4) with headless Chromium, using the report's print CSS.

    The page layout is the report's ``@media print`` CSS: A4, "Side N av M" in the page margin (CSS
    margin boxes, so Chromium's own header and footer with the file path are off), every chapter on a
    new page, table rows and figures kept whole. The PDF is tagged, its table-of-contents links are
    clickable and its bookmarks follow the headings (``--generate-pdf-document-outline``). An
    interactive table prints as the plain table, every row (its controls are hidden by the print CSS;
    switching scripts off is no option: headless Chromium then writes no PDF at all). The flags that
    keep Chromium off the network are the ones the browser tests use; the report fetches nothing.

    Parameters
    ----------
    report : Path
        The finished ``report.html``.
    target : Path
        Where the PDF is written.
    chromium : str, optional
        The browser executable (default: :func:`find_chromium`).
    timeout : float
        Seconds before giving up.

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    BuildError
        If Chromium is missing, fails or writes nothing.
    """
    chromium = chromium or find_chromium()
    target = Path(target)
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ehp-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", "--generate-pdf-document-outline",
                   f"--print-to-pdf={target}", report.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(_("Kunne ikke lage PDF med {chromium}: {reason}").format(chromium=chromium, reason=exc)) from exc
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise BuildError(_("Chromium laget ingen PDF ({code}): {output}").format(
            code=done.returncode, output=done.stderr.strip()[-500:]))
    return target
