"""Atomic file writing: a failed run never leaves a half-written file.

Writers of one folder take turns: :func:`staged_files` holds an exclusive
advisory lock on the folder while it writes, and removes the temporary files
that a killed run left beside the files it replaces.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_atomic(target, b"ciao")
>>> target.read_bytes()
b'ciao'
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from graphkit.errors import GraphkitError, display_path


def try_lock(fd: int, *, exclusive: bool) -> bool | None:
    """Take an advisory lock on the open file or folder *fd* without waiting.

    Returns
    -------
    bool or None
        True once locked; False if another open file holds a conflicting lock;
        None where advisory locks are not available (Windows, some network
        file systems), so that callers skip what is only safe under a lock.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> a, b = os.open(folder, os.O_RDONLY), os.open(folder, os.O_RDONLY)
    >>> try_lock(a, exclusive=True), try_lock(b, exclusive=True)
    (True, False)
    """
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # the file system does not lock
        return None
    return True


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

    Raises
    ------
    GraphkitError
        If another process is writing into *out_dir* with this function.

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
    try:
        folder: int | None = os.open(out_dir, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on this system (Windows): no lock
        folder = None
    locked = None if folder is None else try_lock(folder, exclusive=True)
    if locked is False:
        os.close(folder)
        raise GraphkitError(f"another graphkit process is writing into {display_path(out_dir)}: "
                            "try again when it has finished")

    def write(name: str, data: bytes) -> Path:
        if locked:  # no other writer is active here: these are from a killed run
            for leftover in out_dir.glob(f".{glob.escape(name)}.????????.tmp"):
                leftover.unlink(missing_ok=True)
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
        if folder is not None:
            os.close(folder)


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
