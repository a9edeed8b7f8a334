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

import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from graphkit.errors import GraphkitError, WriteError, display_path


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


def staging_path(target: Path) -> Path:
    """A fresh temporary name beside *target* (``.<name>.<12 hex>.tmp``), for a file or
    folder that is renamed into place once complete.

    Examples
    --------
    >>> staging_path(Path("exports/graph.ttl")).name.startswith(".graph.ttl.")
    True
    """
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


def leftovers(target: Path) -> list[Path]:
    """The temporary files or folders :func:`staging_path` named for *target* (and their
    ``.old.tmp`` siblings) that are still beside it: a killed run's, unless another
    writer of *target* is at work.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in (".a.txt.0123456789ab.tmp", ".a.txt.notes.tmp", ".ab.txt.0123456789ab.tmp"):
    ...     (folder / name).touch()
    >>> [p.name for p in leftovers(folder / "a.txt")]
    ['.a.txt.0123456789ab.tmp']
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{12}}(\.old)?\.tmp")
    if not target.parent.is_dir():
        return []
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))


class Stage:
    """The files being written into a folder by :func:`staged_files`.

    Calling it, ``stage(name, data)``, writes *data* at once to a temporary file beside the
    target *name* and returns the target's path; :meth:`target` gives the temporary path
    of a target for the caller to write itself, a large file a piece at a time;
    :meth:`scratch` gives a temporary path for a file that is only a step (removed in the
    end). The targets are renamed into place when the block of :func:`staged_files` ends.
    """

    def __init__(self, folder: Path, locked: bool | None) -> None:
        self.folder = folder
        self.locked = locked
        self.staged: list[tuple[Path, Path]] = []
        self.scratches: list[Path] = []

    def _temporary(self, target: Path) -> Path:
        if self.locked:  # no other writer is active here: these are from a killed run
            for leftover in leftovers(target):
                leftover.unlink(missing_ok=True)
        return staging_path(target)

    def target(self, name: str) -> Path:
        """The temporary path to write the target *name* at; renamed into place at the end."""
        target = self.folder / name
        tmp = self._temporary(target)
        self.staged.append((tmp, target))
        return tmp

    def scratch(self, name: str) -> Path:
        """A temporary path beside the targets for an intermediate file (*name* says
        which), removed at the end."""
        tmp = self._temporary(self.folder / name)
        self.scratches.append(tmp)
        return tmp

    def __call__(self, name: str, data: bytes) -> Path:
        tmp = self.target(name)
        try:
            with new_file(tmp) as handle:
                handle.write(data)
        except OSError as exc:
            raise WriteError(f"cannot write {display_path(self.folder / name)}: {_reason(exc)}; "
                             f"nothing in {display_path(self.folder)} was replaced") from None
        return self.folder / name

    def commit(self) -> None:
        """Flush every target to disk and rename them all into place, all or none."""
        for tmp, target in self.staged:
            try:
                fd = os.open(tmp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise WriteError(f"cannot write {display_path(target)}: {_reason(exc)}; nothing "
                                 f"in {display_path(self.folder)} was replaced") from None
        with _signals_deferred():
            _commit(self.staged)

    def clean(self) -> None:
        """Remove the temporary files that are left."""
        for tmp in [*(tmp for tmp, _ in self.staged), *self.scratches]:
            tmp.unlink(missing_ok=True)


@contextmanager
def staged_files(out_dir: Path | str) -> Iterator[Stage]:
    """Write a set of files into *out_dir*, all or none.

    Inside the block, ``write(name, data)`` puts *data* at once into a temporary
    file beside its target (so the caller can let go of it: a large export never
    holds every file in memory) and returns the target path; ``write.target(name)`` gives
    such a temporary path to write a file a piece at a time (see :class:`Stage`). When the
    block ends without error, every temporary file is flushed to disk and renamed into
    place (:func:`_commit`: if one rename fails, the files already replaced are put back,
    and Ctrl-C or SIGTERM wait until the renaming is over); on any error they are all
    removed and *out_dir* keeps its old files. Files get the usual permissions (``0666``
    less the umask). The temporary files a killed run left
    beside a target (:func:`leftovers`) go when it is written again.

    Raises
    ------
    GraphkitError
        If another process is writing into *out_dir* with this function.
    WriteError
        If *out_dir* cannot be made or a file cannot be written into it or renamed into
        place (a full disk, a read-only folder, a folder where a file should be);
        nothing is replaced.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with staged_files(folder) as write:
    ...     _ = write("a.txt", b"uno")
    ...     write.target("b.txt").write_bytes(b"due")
    ...     sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    3
    []
    >>> (folder / "a.txt").read_bytes(), (folder / "b.txt").read_bytes()
    (b'uno', b'due')
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        what = ("it is a file, not a folder" if out_dir.exists() and not out_dir.is_dir()
                else _reason(exc))
        raise WriteError(f"cannot write into {display_path(out_dir)}: {what}") from None
    try:
        folder: int | None = os.open(out_dir, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on this system (Windows): no lock
        folder = None
    locked = None if folder is None else try_lock(folder, exclusive=True)
    if locked is False:
        os.close(folder)
        raise GraphkitError(f"another graphkit process is writing into {display_path(out_dir)}: "
                            "try again when it has finished")
    stage = Stage(out_dir, locked)
    try:
        yield stage
        stage.commit()
    finally:
        stage.clean()
        if folder is not None:
            os.close(folder)


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename every temporary file onto its target, all or none.

    Each old file is first hard-linked to a backup beside it (``.<name>.<12 hex>.old.tmp``);
    if a rename fails, the targets already replaced get their backups back (or are
    removed, when there was no old file), so that *out_dir* holds its old files only.
    """
    for _, target in staged:
        if target.is_dir() and not target.is_symlink():
            raise WriteError(f"cannot replace {display_path(target)}: it is a folder; nothing "
                             f"in {display_path(target.parent)} was replaced")
    done: list[tuple[Path, Path | None]] = []
    try:
        for tmp, target in staged:
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old.tmp")
                try:
                    os.link(target, backup)
                except OSError:  # no hard links here (FAT, some network file systems)
                    shutil.copy2(target, backup)
            try:
                os.replace(tmp, target)
            except OSError:
                if backup is not None:
                    backup.unlink(missing_ok=True)
                raise
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        failed = staged[len(done)][1]
        raise WriteError(f"cannot replace {display_path(failed)}: {_reason(exc)}; the files "
                         f"already replaced were put back, nothing in "
                         f"{display_path(failed.parent)} changed") from None
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block is over (in the main thread), then
    let them act as they would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    names = [signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP")
                                               else [])]
    previous = {number: signal.signal(number, lambda n, _: received.append(n))
                for number in names}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in received:
            signal.raise_signal(number)


def _reason(exc: OSError) -> str:
    """What an operating-system error says, without its errno and file name."""
    return exc.strerror or str(exc)


def new_file(path: Path) -> IO[bytes]:
    """Open *path*, which must not exist yet, to write bytes into (permissions ``0666``
    less the umask): how the parts of a :class:`Stage` are written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with new_file(path) as out:
    ...     _ = out.write(b"uno")
    >>> path.read_bytes()
    b'uno'
    """
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")


def append(out: IO[bytes], source: IO[bytes] | Path, size: int | None = None) -> None:
    """Append *size* bytes of *source* (a file opened without buffering, read from where it
    is; all that is left by default; or the whole file at a path) to the binary file *out*,
    copied by the kernel where it can (``os.copy_file_range``): the parts of an export are
    hundreds of MB at national scale.

    Examples
    --------
    >>> import io, tempfile
    >>> part = Path(tempfile.mkdtemp()) / "part"
    >>> _ = part.write_bytes(b"0123456789")
    >>> with tempfile.TemporaryFile() as out:
    ...     _ = out.write(b">")
    ...     append(out, part)
    ...     with part.open("rb", buffering=0) as source:
    ...         _ = source.seek(2)
    ...         append(out, source, 3)
    ...     _ = out.seek(0)
    ...     out.read()
    b'>0123456789234'
    """
    if isinstance(source, Path):
        with source.open("rb", buffering=0) as opened:
            append(out, opened, size)
        return
    out.flush()
    left = size if size is not None else os.fstat(source.fileno()).st_size - source.tell()
    try:
        while left > 0:
            copied = os.copy_file_range(source.fileno(), out.fileno(), left)
            if copied == 0:
                break
            left -= copied
    except (AttributeError, OSError):  # no such call, or not between these files: copy here
        while left > 0 and (chunk := source.read(min(left, 1 << 20))):
            out.write(chunk)
            left -= len(chunk)


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
