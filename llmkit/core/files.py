"""Writing files so that a failure never leaves half a document behind."""

from __future__ import annotations

import os
from pathlib import Path

from llmkit.core.errors import UserError

from llmkit.core.errors import UserError


def write_atomically(path: Path, text: str, *, what: str = "output file") -> None:
    """Write ``text`` to ``path`` via a temp file in the same folder and a rename: a failure
    leaves either the old file or nothing, never half a document.

    The path comes from the user (``plan --out``, ``--sync-usage``): a folder, a missing
    folder or an unwritable place is one line naming ``what`` (exit 2), not a fault."""
    import tempfile  # here, not at the top: it pulls in shutil, random and the compressors,
    # which every command reading a file (read_bounded) would otherwise pay at start-up

    path = Path(path)
    if path.is_dir():
        raise UserError(f"{what}: {path} is a folder, not a file")
    if not path.parent.is_dir():
        raise UserError(f"{what}: folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    except OSError as exc:
        raise UserError(f"{what}: cannot write in {path.parent} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit // 1024:,} KiB"


def read_bounded(path: Path, what: str, limit: int) -> bytes:
    """The bytes of an input file (a preview document, a usage file) of at most ``limit`` bytes.

    Inputs are untrusted CI artifacts: a folder, a missing file, an oversized file or an
    unreadable one is one line and exit 2 (UserError) naming the file, never a traceback, and
    the size is checked before anything is read into memory.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{what} {path} is a folder, not a file")
    if not path.is_file():
        raise UserError(f"{what} not found: {path}")
    if path.stat().st_size > limit:
        raise UserError(f"{what} is too large (limit {_size(limit)})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the {what} {path} ({exc.strerror})") from None
