"""Every workbook is hostile (collection.md): limits, what the inbox may hold, text shown as text, no formulas.

- :class:`Limits` (``reference/collection-limits.yaml``, or a period's ``collection_limits_file:``) and
  :func:`check_archive`, which holds a workbook to them *before* it is parsed, from the ZIP's end record and
  central directory alone. While a sheet is read, the inbox reader holds every cell to the rows,
  columns and characters; a part whose data is longer than its declared size is refused by the standard
  library's ``zipfile`` as it streams (it never returns more than the declared size, then checks the CRC), so a
  lying size costs no more than a true one.
- :func:`entry_kind`: only a regular file (or a real folder) inside the inbox is read: a symbolic link to
  anything, a FIFO, a socket or a device is ignored and never opened (``os.lstat``, then ``O_NOFOLLOW``).
- Text shown as text (``visible``) and cells that would run as formulas (``formula_like``) are in
  :mod:`ehp_analysis.formulas`, which validation uses too.
- :func:`describe`: any failure of reading one submission, as a Norwegian sentence (never the library's
  English, never a path of the office).
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import ConfigError
from ..formulas import visible
from ..config import REFERENCE_DIR
from ..words import _

LIMITS_FILE = REFERENCE_DIR / "collection-limits.yaml"
_MB = 1024 * 1024
RATIO_FROM = 1 * _MB  # parts smaller than this are not held to the compression ratio (tiny parts pack oddly)


class LimitExceeded(Exception):
    """A submission over one of the :class:`Limits` (the message is the Norwegian sentence for the owner)."""


@dataclass(frozen=True)
class Limits:
    """What one submission may be (see ``reference/collection-limits.yaml`` for each and why)."""

    file_size_mb: float = 20
    parts: int = 1000
    uncompressed_mb: float = 50
    compression_ratio: float = 100
    rows: int = 10_000
    columns: int = 60
    cell_characters: int = 32_767


def load_limits(file: Path | None = None) -> Limits:
    """The limits in ``file`` (default: the shipped ``collection-limits.yaml``); keys left out keep the default.

    Raises
    ------
    ConfigError
        If the file is missing, not YAML, has an unknown key or a value that is not a positive number.
    """
    import yaml

    path = Path(file) if file else LIMITS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise ConfigError(_("Filen med grenser for innsamlingen finnes ikke: {file}.").format(file=path)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(_("{file} er ikke gyldig YAML ({error}).").format(file=path, error=exc)) from None
    known = Limits.__dataclass_fields__
    if not isinstance(data, dict):
        raise ConfigError(_("{file}: forventet nøkler som {keys}.").format(file=path, keys=", ".join(known)))
    wrong = [k for k in data if k not in known]
    bad = [k for k, v in data.items() if k in known and (isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0)]
    if wrong or bad:
        raise ConfigError(f"{path}: " + "; ".join(
            ([_("ukjente nøkler {keys} (kjente: {known})").format(keys=", ".join(map(str, wrong)),
                                                                 known=", ".join(known))] if wrong else [])
            + ([_("{keys} må være et positivt tall").format(keys=", ".join(bad))] if bad else [])) + ".")
    return Limits(**{k: type(getattr(Limits, k))(v) for k, v in data.items()})


def _mb(n: float) -> str:
    return f"{n / _MB:.1f} MB".replace(".", ",")


def _read_directory_size(fh, size: int) -> tuple[int, int]:
    """(entries, central-directory size) from the ZIP's end record, reading at most its last 64 kB."""
    tail = min(size, 65_557)
    fh.seek(size - tail)
    data = fh.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) - at < 22:
        raise zipfile.BadZipFile("no end record")
    record = struct.unpack("<4s4H2LH", data[at:at + 22])
    return record[4], record[5]  # entries, central-directory size


def check_size(path: Path, limits: Limits) -> str | None:
    """``None`` when the file at ``path`` is within the size limit; else the limit and the value."""
    size = os.lstat(path).st_size
    if size > limits.file_size_mb * _MB:
        return _("filen er {size}, over grensen på {limit} for en innlevering").format(
            size=_mb(size), limit=_mb(limits.file_size_mb * _MB))
    return None


def check_archive(path: Path, limits: Limits) -> str | None:
    """``None`` when the workbook (a ZIP file) at ``path`` is within ``limits`` by its ZIP directory: parts,
    unpacked size, compression ratio; else the limit and the value, in Norwegian. Nothing is unpacked, and
    the directory is read only once its end record says it has no more parts than the limit."""
    size = os.lstat(path).st_size
    with open_regular(path) as fh:
        entries, cd_size = _read_directory_size(fh, size)
    if entries == 0xFFFF or entries > limits.parts or cd_size > size:
        shown = _("over 65 535") if entries == 0xFFFF else f"{entries}"
        return _("arbeidsboken har {n} deler, over grensen på {limit}").format(n=shown, limit=limits.parts)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > limits.parts:
        return _("arbeidsboken har {n} deler, over grensen på {limit}").format(n=len(infos), limit=limits.parts)
    if total > limits.uncompressed_mb * _MB:
        return _("arbeidsboken pakker seg ut til {size}, over grensen på {limit}").format(
            size=_mb(total), limit=_mb(limits.uncompressed_mb * _MB))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > limits.compression_ratio:
            return _("delen {part} pakker seg ut {ratio} ganger (til {size}), over grensen på {limit} ganger").format(
                part=visible(info.filename), ratio=f"{ratio:.0f}", size=_mb(info.file_size),
                limit=f"{limits.compression_ratio:.0f}")
    return None


# ------------------------------------------------------------------------------------------- the inbox


def entry_kind(path: Path) -> str:
    """What ``path`` is, without following a link: ``file``, ``folder``, or why it is never opened."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return _("kan ikke leses")
    if stat.S_ISLNK(mode):
        return _("symbolsk lenke (leses ikke; legg selve filen i innboksen)")
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return _("navngitt rør (FIFO), ikke en fil")
    if stat.S_ISSOCK(mode):
        return _("sokkel, ikke en fil")
    return _("enhetsfil, ikke en fil")


def open_regular(path: Path):
    """``path`` opened for reading only when it is a regular file (no link followed, a FIFO never waited on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"not a regular file: {path.name}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_sha256(path: Path) -> str:
    """The sha256 of a regular file (see :func:`open_regular`)."""
    import hashlib

    h = hashlib.sha256()
    with open_regular(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ------------------------------------------------------------------------------------------- text shown

# ------------------------------------------------------------------------------------------- failures


def send_again() -> str:
    """What the owner does with a file that cannot be read: save it as a workbook and send it again."""
    return _("lagre den i Excel som «Excel-arbeidsbok (.xlsx)» og send den på nytt")


def describe(exc: BaseException) -> str:
    """A failure while reading one submission, in Norwegian (the library's words are never shown)."""
    import zlib
    from xml.etree.ElementTree import ParseError

    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - declared dependency
        DefusedXmlException = ()  # noqa: N806
    again = send_again()
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc and type(exc) is ValueError:
        return describe(cause)  # openpyxl wraps what the XML parser raised in a ValueError
    if isinstance(exc, LimitExceeded):
        return str(exc)
    if isinstance(exc, DefusedXmlException):
        return _("arbeidsboken har XML med en DTD, entiteter eller eksterne referanser, som Excel aldri skriver; "
                 "den er ikke lest. {again}").format(again=again[0].upper() + again[1:])
    if isinstance(exc, ParseError) or type(exc).__name__ in ("XMLSyntaxError", "ExpatError"):
        return _("arbeidsboken har ødelagt XML (ikke slik Excel skriver den) og kan ikke leses; {again}").format(
            again=again)
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError, zipfile.LargeZipFile, NotImplementedError)):
        return _("arbeidsboken er skadet (ZIP-innholdet er ødelagt eller avkortet) og kan ikke leses; {again}").format(
            again=again)
    if isinstance(exc, MemoryError):
        return _("arbeidsboken er for stor til å leses; {again}").format(again=again)
    if isinstance(exc, (OSError, PermissionError)):
        return _("filen kan ikke leses (den er ikke en vanlig fil, eller mangler lesetilgang)")
    return _("arbeidsboken har innhold Excel ikke ville skrevet (en ugyldig celle, referanse, dato eller tall) og "
             "kan ikke leses; {again}").format(again=again)
