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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staged_files(out_dir: Path | str) -> Iterator[Callable[[str, bytes], Path]]:
    """Write a set of files into *out_dir*, all or none.

    Inside the block, ``write(name, data)`` puts *data* at once into a temporary
    file beside its target (so the caller can let go of it: a large export never
    holds every file in memory) and returns the target path. When the block ends
    without error, every temporary file is renamed into place; on any error they
    are all removed and *out_dir* keeps its old files. Files get the usual
    permissions (``0666`` less the umask), not ``mkstemp``'s ``0600``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with staged_files(folder) as write:
    ...     _ = write("a.txt", b"uno")
    ...     sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    []
    >>> (folder / "a.txt").read_bytes()
    b'uno'
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []

    def write(name: str, data: bytes) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        staged.append((Path(tmp), out_dir / name))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        return out_dir / name

    try:
        yield write
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder, then rename.

    The rename is atomic on POSIX file systems: readers see either the old file
    or the complete new one. On any error the temporary file is removed.
    """
    path = Path(path)
    with staged_files(path.parent) as write:
        write(path.name, data)


def write_all_atomic(out_dir: Path | str, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file of *files* (name → content) into *out_dir*, all or none
    (see :func:`staged_files`)."""
    with staged_files(out_dir) as write:
        return [write(name, data) for name, data in sorted(files.items())]
