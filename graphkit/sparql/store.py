"""On-disk Oxigraph stores prepared from a dataset, and reused while the data is unchanged.

Mapping a national-scale dataset to RDF and loading it into a store takes
minutes (about two at 100,000 organisations); opening a store prepared before
takes milliseconds. :func:`cached_store` keeps a store in a folder together
with a fingerprint of what it was made from (:func:`data_fingerprint`: the data
files and graphkit's own code), and prepares it again only when that changes.
``graphkit query --store DIR`` and ``graphkit serve --store DIR`` use it.

A store is prepared in a temporary folder beside its target and moved into
place when complete (the old one is put back if that fails), so an
interrupted run never leaves a half-loaded store under the target name; the
temporary folders of a killed run are removed by the next preparation. A
folder is only ever replaced if graphkit prepared it.

Processes coordinate through a lock file beside the store (``.<name>.lock``):
readers hold it shared for as long as they read (a ``graphkit serve``, for
its whole run), and a preparation holds it exclusively from its check to the
swap. A preparation therefore refuses to replace a store being read, and a
reader arriving during a preparation is told so instead of reading a store
that is about to change. Where ``fcntl`` is missing (Windows) there is no
locking.

Examples
--------
>>> import tempfile
>>> from graphkit.model.load import DEFAULT_DATA_DIR
>>> with tempfile.TemporaryDirectory() as tmp:
...     with cached_store(DEFAULT_DATA_DIR, Path(tmp) / "store") as first:
...         pass
...     with cached_store(DEFAULT_DATA_DIR, Path(tmp) / "store") as again:
...         pass
>>> first.reused, again.reused
(False, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

import graphkit
from graphkit.errors import StoreError, display_path
from graphkit.files import leftovers, staging_path, try_lock
from graphkit.model.load import load_dataset
from graphkit.model.records import Dataset
from graphkit.sparql.query import dataset_store

#: File marking a folder as a store prepared by graphkit, with what it was prepared from.
STORE_MARKER = "graphkit-store.json"
_CODE_DIR = Path(__file__).resolve().parent




@dataclass(frozen=True)
class PreparedStore:
    """A store folder and how :func:`cached_store` got it.

    Attributes
    ----------
    path : Path
        The store folder (an Oxigraph RocksDB database plus :data:`STORE_MARKER`).
    quads : int
        How many quads it holds.
    reused : bool
        True if it was prepared by an earlier run from the same data and code.
    """

    path: Path
    quads: int
    reused: bool


def data_fingerprint(data_dir: Path | str) -> str:
    """A SHA-256 digest of the dataset files in *data_dir* and of graphkit's code.

    It covers ``entities.yaml``, every ``documents/*.yaml`` (name and bytes) and
    the Python sources of the ``graphkit`` package, which decide the RDF made
    from them; a change to any of these gives another fingerprint.

    Examples
    --------
    >>> from graphkit.model.load import DEFAULT_DATA_DIR
    >>> len(data_fingerprint(DEFAULT_DATA_DIR))
    64
    """
    data_dir = Path(data_dir)
    digest = hashlib.sha256(f"graphkit {graphkit.__version__}\n".encode())
    files = [("data", data_dir / "entities.yaml"),
             *(("data", p) for p in sorted((data_dir / "documents").glob("*.yaml"))),
             *(("code", p) for p in sorted(_CODE_DIR.rglob("*.py")))]
    for kind, path in files:
        root = data_dir if kind == "data" else _CODE_DIR
        digest.update(f"{kind}:{path.relative_to(root).as_posix()}\n".encode())
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_marker(directory: Path | str) -> dict | None:
    """The marker of a store graphkit prepared in *directory*, or None if unreadable.

    Examples
    --------
    >>> read_marker("/nonexistent") is None
    True
    """
    try:
        marker = json.loads((Path(directory) / STORE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


class _Lock:
    """The lock file beside a store, taken shared or exclusive without waiting.

    In a folder graphkit cannot write (a read-only volume) the lock file is
    opened read-only, or, if it does not exist, there is no lock: such a store
    can be read but not prepared. ``enforced`` says whether the lock holds.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.fd: int | None = None
        self.enforced = False
        path = directory.with_name(f".{directory.name}.lock")
        try:
            directory.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:  # read-only file system, or another user's store
            with suppress(OSError):
                self.fd = os.open(path, os.O_RDONLY)

    def shared(self) -> None:
        """Hold it shared (a reader), or raise if a preparation holds it."""
        if self._take(exclusive=False) is False:
            raise StoreError(f"the store in {display_path(self.directory)} is being prepared "
                             "by another graphkit process: try again when it has finished")

    def exclusive(self) -> None:
        """Hold it exclusively (a preparation), or raise if anyone else holds it."""
        if self._take(exclusive=True) is False:
            raise StoreError(f"the store in {display_path(self.directory)} is in use by another "
                             "graphkit process (a running `graphkit serve`, or a run preparing "
                             "it): stop it, or choose another --store folder")

    def _take(self, *, exclusive: bool) -> bool | None:
        taken = None if self.fd is None else try_lock(self.fd, exclusive=exclusive)
        self.enforced = bool(taken)
        return taken

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock


@contextmanager
def _locked(directory: Path) -> Iterator[_Lock]:
    lock = _Lock(directory)
    try:
        yield lock
    finally:
        lock.close()


def _target(directory: Path | str) -> Path:
    """The real folder for a store: symbolic links followed; a folder graphkit may replace."""
    directory = Path(directory).resolve()
    if directory.exists():
        if not directory.is_dir():
            raise StoreError(f"{display_path(directory)} is not a folder: choose another "
                             "--store folder")
        try:
            foreign = any(directory.iterdir()) and not (directory / STORE_MARKER).exists()
        except FileNotFoundError:  # swapped away by another process just now
            foreign = False
        if foreign:
            raise StoreError(f"{display_path(directory)} is not empty and is not a store "
                             "prepared by graphkit: choose another --store folder")
        if os.path.ismount(directory):
            raise StoreError(f"{display_path(directory)} is a mount point; a store is prepared "
                             "beside its folder and renamed into place, so give a folder "
                             "inside it")
    return directory


def prepare_store(dataset: Dataset, directory: Path | str, fingerprint: str | None = None
                  ) -> Path:
    """Write the RDF of *dataset* into an on-disk Oxigraph store at *directory*.

    *directory* must be missing, empty, or a store graphkit prepared before
    (it is then replaced, unless another graphkit process is using it);
    anything else is refused rather than deleted. The store is built beside it
    and moved into place once complete.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    directory : path
        Where the store goes.
    fingerprint : str, optional
        What the dataset was read from (:func:`data_fingerprint`), recorded in
        the marker so that :func:`cached_store` can reuse the store.

    Returns
    -------
    Path
        The store directory (symbolic links resolved), ready for
        ``oxigraph serve-read-only`` or :func:`open_store`.

    Raises
    ------
    StoreError
        If the folder is not graphkit's, is in use, or cannot be written.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (prepare_store(load_dataset(), Path(tmp) / "s") / STORE_MARKER).is_file()
    True
    """
    directory = _target(directory)
    with _locked(directory) as lock:
        lock.exclusive()
        _build(dataset, directory, fingerprint, sweep=lock.enforced)
    return directory


def _build(dataset: Dataset, directory: Path, fingerprint: str | None, *, sweep: bool) -> None:
    """Build the store beside *directory* and swap it in; the caller holds the exclusive lock.

    With *sweep* (the lock really holds, so no other run is preparing this
    store) the staging folders a killed run left are removed first.
    """
    for leftover in leftovers(directory) if sweep else ():
        shutil.rmtree(leftover, ignore_errors=True)
    staging = staging_path(directory)
    retired = staging.with_name(staging.name.removesuffix(".tmp") + ".old.tmp")
    try:
        staging.mkdir(parents=True)
        store = dataset_store(dataset, staging)
        quads = len(store)
        del store  # closes the RocksDB database so that another process can open it
        marker = {"fingerprint": fingerprint, "quads": quads,
                  "documents": sorted(dataset.documents)}
        with (staging / STORE_MARKER).open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(marker, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if directory.exists():
            directory.rename(retired)
        try:
            staging.rename(directory)
        except OSError:
            if retired.exists():
                retired.rename(directory)
            raise
    except OSError as exc:
        raise StoreError(f"cannot prepare the store in {display_path(directory)}: {exc}"
                         ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def cached_store(data_dir: Path | str, directory: Path | str) -> Iterator[PreparedStore]:
    """The store of the dataset in *data_dir* at *directory*, prepared only if needed.

    The store is reused when its marker records the current
    :func:`data_fingerprint` of *data_dir*; otherwise the dataset is loaded
    (and validated) and the store prepared again, as :func:`prepare_store`
    does. Inside the block the store is held shared: no other graphkit process
    replaces it while it is read.

    Raises
    ------
    StoreError
        If the store must be prepared again while another process reads it, if
        another process is preparing it, or if the data changed while it was
        being read.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import DEFAULT_DATA_DIR
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with cached_store(DEFAULT_DATA_DIR, Path(tmp) / "s") as prepared:
    ...         len(open_store(prepared.path)) == prepared.quads
    True
    """
    directory = _target(directory)
    fingerprint = data_fingerprint(data_dir)
    reused = True
    with _locked(directory) as lock:
        lock.shared()
        marker = read_marker(directory)
        if marker is None or marker.get("fingerprint") != fingerprint:
            lock.exclusive()  # converts the shared lock; refused while others read
            marker = read_marker(directory)  # another run may have just prepared it
            if marker is None or marker.get("fingerprint") != fingerprint:
                dataset = load_dataset(data_dir)
                if data_fingerprint(data_dir) != fingerprint:
                    raise StoreError(f"the data in {display_path(data_dir)} changed while it "
                                     "was being read: run again")
                _build(dataset, directory, fingerprint, sweep=lock.enforced)
                reused = False
                marker = read_marker(directory) or {}
            lock.shared()  # back to a reader; not atomic, hence the check below
            marker = read_marker(directory)
            if marker is None or marker.get("fingerprint") != fingerprint:
                raise StoreError(f"the store in {display_path(directory)} was replaced by "
                                 "another graphkit process meanwhile: run again")
        yield PreparedStore(directory, int(marker.get("quads", 0)), reused)


def open_store(directory: Path | str) -> ox.Store:
    """Open a store prepared by graphkit, read-only (other readers may share it).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     len(open_store(prepare_store(load_dataset(), Path(tmp) / "s"))) > 1000
    True
    """
    directory = Path(directory)
    if not (directory / STORE_MARKER).is_file():
        raise StoreError(f"{display_path(directory)} is not a store prepared by graphkit")
    try:
        return ox.Store.read_only(str(directory))
    except OSError as exc:
        raise StoreError(f"cannot open the store in {display_path(directory)}: {exc}") from None
