"""File hashes for the build record, the cache keys and the portfolio's input list.

Kept free of heavy imports: the build hashes its inputs before it knows whether there is work to do,
so an unchanged rebuild costs little more than the interpreter's start and the hashing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
