"""Atomic file writing: a failed run never leaves a half-written file.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_atomic(target, b"ciao")
>>> target.read_bytes()
b'ciao'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder, then rename.

    The rename is atomic on POSIX file systems: readers see either the old file
    or the complete new one. On any error the temporary file is removed. The file
    gets the usual permissions (``0666`` less the umask), not ``mkstemp``'s ``0600``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomic(out_dir: Path | str, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file of *files* (name → content) into *out_dir*, each atomically.

    Contents are computed by the caller before anything is written, so an error
    while rendering leaves the folder untouched.
    """
    out_dir = Path(out_dir)
    written = []
    for name, data in sorted(files.items()):
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written
