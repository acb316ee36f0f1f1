"""The report's chapters, as ``notebooks/chapters.yaml`` lists them.

That file is the one place that names the chapters and their order (like Jupyter Book's ``_toc.yml``);
the build and the assembly read it through :func:`load_chapters` and nothing else hard-codes a chapter.
Numbers are not stored: they follow from the order, so moving a chapter renumbers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import paths
from .exceptions import ConfigError
from .periods import check_reads, reads_help
from .words import _

# A chapter's file name becomes a file name, a cell id prefix and an HTML id: keep it plain.
FILE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# An appendix title may carry its own "Vedlegg 2 – " prefix; the number is ours to give.
_APPENDIX_PREFIX = re.compile(r"^\s*vedlegg\s+\d+\s*[-–—:.]?\s*", re.IGNORECASE)
_KNOWN_KEYS = {"file", "title", "appendix", "reads"}


def shown(title: str) -> str:
    """A title of the chapter list as the reader sees it: the catalogue's text, looked up at use.

    ``chapters.yaml``'s titles are catalogue messages (``make catalogue`` extracts them, and
    ``tests/test_catalogue.py`` fails while one is missing); a chapter list of another project, whose titles the
    catalogue cannot hold, shows them as written.
    """
    try:
        return _(title)
    except KeyError:
        return title


@dataclass(frozen=True)
class ChapterEntry:
    """One entry of ``chapters.yaml`` (the notebook-side view of a chapter is :class:`ehp_analysis.chapter.Chapter`).

    Attributes
    ----------
    file : str
        Notebook name without ``.ipynb``; also the name of the commentary file ``tekst/<file>.md``
        and the chapter's HTML id.
    title : str
        The heading the reader sees (without its number), as the catalogue message it is (:attr:`shown_title`).
    appendix : bool
        Appendices are numbered "Vedlegg 1", "Vedlegg 2" ... after the chapters.
    reads : str
        The periods the chapter reads: ``current`` (the period alone), ``previous`` (and its previous
        period) or ``chain`` (every earlier period of its chain). The chapter gets exactly these, and
        its cache key covers exactly these (see :mod:`ehp_analysis.periods`).
    """

    file: str
    title: str
    appendix: bool = False
    reads: str = "current"

    @property
    def shown_title(self) -> str:
        """The title in the current written standard."""
        return shown(self.title)

    @property
    def bare_title(self) -> str:
        """The title shown, without a "Vedlegg N –" prefix (appendices are numbered at assembly)."""
        title = self.shown_title
        if self.appendix:
            return _APPENDIX_PREFIX.sub("", title, count=1) or title
        return title


@dataclass(frozen=True)
class NumberedChapter:
    """A chapter with the number and heading its position gives it."""

    chapter: ChapterEntry
    number: str
    heading: str

    @property
    def file(self) -> str:
        return self.chapter.file


@dataclass(frozen=True)
class ChapterList:
    """The report title and its chapters, in reading order."""

    title: str
    chapters: tuple[ChapterEntry, ...]
    source: Path | None = None

    @property
    def shown_title(self) -> str:
        """The report title in the current written standard."""
        return shown(self.title)

    def __iter__(self):
        return iter(self.chapters)

    def __len__(self) -> int:
        return len(self.chapters)

    def get(self, file: str) -> ChapterEntry:
        """The chapter whose notebook is ``file``.

        Raises
        ------
        KeyError
            If no chapter has that file name.
        """
        for chapter in self.chapters:
            if chapter.file == file:
                return chapter
        raise KeyError(file)

    def numbered(self) -> list[NumberedChapter]:
        """Chapters with their numbers: ``1 Oppsummering`` ..., then ``Vedlegg 1 – …``.

        Appendices are numbered among themselves wherever they stand in the list.
        """
        out: list[NumberedChapter] = []
        main = appendix = 0
        for chapter in self.chapters:
            if chapter.appendix:
                appendix += 1
                number = _("Vedlegg {number}").format(number=appendix)
                heading = f"{number} – {chapter.bare_title}"
            else:
                main += 1
                number = str(main)
                heading = f"{number} {chapter.shown_title}"
            out.append(NumberedChapter(chapter, number, heading))
        return out

    def notebook(self, chapter: ChapterEntry | str, notebooks_dir: Path) -> Path:
        """The source notebook of ``chapter`` in ``notebooks_dir``."""
        file = chapter.file if isinstance(chapter, ChapterEntry) else chapter
        return Path(notebooks_dir) / f"{file}.ipynb"


def parse_chapters(raw: object, *, source: Path | None = None) -> ChapterList:
    """Turn the parsed YAML of a chapters file into a :class:`ChapterList`.

    Raises
    ------
    ConfigError
        If the structure is wrong, a file name is not plain (``a-z``, ``0-9``, ``-``) or is listed twice.
    """
    where = _(" i {source}").format(source=source) if source else ""
    if not isinstance(raw, dict) or not isinstance(raw.get("chapters"), list) or not raw["chapters"]:
        raise ConfigError(_("Kapittellisten{where} må ha «title:» og en ikke-tom liste «chapters:».").format(where=where))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ConfigError(_("Kapittellisten{where} mangler rapportens tittel («title:»).").format(where=where))
    chapters: list[ChapterEntry] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw["chapters"], start=1):
        if not isinstance(entry, dict):
            raise ConfigError(_("Kapittel nr. {i}{where} må ha «file:» og «title:».").format(i=i, where=where))
        if "compares" in entry:
            raise ConfigError(_("Kapittel nr. {i}{where}: «compares:» er erstattet av «reads:» ({expected}).").format(
                i=i, where=where, expected=reads_help()))
        unknown = set(entry) - _KNOWN_KEYS
        if unknown:
            raise ConfigError(_("Kapittel nr. {i}{where} har ukjente nøkler: {keys}.").format(
                i=i, where=where, keys=", ".join(sorted(unknown))))
        file, ch_title = entry.get("file"), entry.get("title")
        if not isinstance(file, str) or not FILE_RE.match(file):
            raise ConfigError(_(
                "Kapittel nr. {i}{where}: «file: {file}» må være et notatboknavn uten .ipynb "
                "(små bokstaver, tall og bindestrek)."
            ).format(i=i, where=where, file=file))
        if file in seen:
            raise ConfigError(_("Kapittelet «{file}» står to ganger{where}.").format(file=file, where=where))
        if not isinstance(ch_title, str) or not ch_title.strip():
            raise ConfigError(_("Kapittelet «{file}»{where} mangler «title:».").format(file=file, where=where))
        if not isinstance(entry.get("appendix", False), bool):
            raise ConfigError(_("Kapittelet «{file}»{where}: «appendix:» må være true eller false.").format(
                file=file, where=where))
        reads = check_reads(entry.get("reads", "current"),
                            _(" for kapittelet «{file}»{where}").format(file=file, where=where))
        seen.add(file)
        chapters.append(
            ChapterEntry(file=file, title=ch_title.strip(), appendix=entry.get("appendix", False), reads=reads)
        )
    return ChapterList(title=title.strip(), chapters=tuple(chapters), source=source)


def load_chapters(root: Path | None = None, *, file: Path | None = None, check_notebooks: bool = True) -> ChapterList:
    """Read and check ``notebooks/chapters.yaml``.

    Parameters
    ----------
    root : Path, optional
        Project root (default: :func:`ehp_analysis.config.find_root`).
    file : Path, optional
        Another chapters file (its notebooks are looked for next to it).
    check_notebooks : bool
        Also check that every listed notebook exists.

    Returns
    -------
    ChapterList

    Raises
    ------
    ConfigError
        If the file is missing or malformed, or a listed notebook does not exist.
    """
    file = Path(file) if file else paths(root).chapters_file
    if not file.is_file():
        raise ConfigError(_("Fant ikke kapittellisten {file}.").format(file=file))
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(_("Kunne ikke lese {file}: {reason}").format(file=file, reason=exc)) from None
    chapters = parse_chapters(raw, source=file)
    if check_notebooks:
        missing = [c.file for c in chapters if not chapters.notebook(c, file.parent).is_file()]
        if missing:
            raise ConfigError(_("{file} viser til notatbøker som ikke finnes i {folder}: {names}").format(
                file=file, folder=file.parent, names=", ".join(f"{m}.ipynb" for m in missing)))
    return chapters
