"""On-disk Oxigraph stores prepared from a dataset, and reused while the data is unchanged.

Mapping a national-scale dataset to RDF and loading it into a store takes
minutes (about two at 100,000 organisations); opening a store prepared before
takes milliseconds. :func:`cached_store` keeps a store in a folder together
with a fingerprint of what it was made from (:func:`data_fingerprint`: the data
files and graphkit's own code), and prepares it again only when that changes.
``graphkit query --store DIR`` and ``graphkit serve --store DIR`` use it.

A store is prepared in a temporary folder beside its target and moved into
place when complete, so an interrupted run never leaves a half-loaded store
under the target name; a folder is only ever replaced if graphkit prepared it,
and never while another graphkit process reads it (:func:`reading` holds a
shared lock on its marker file; replacing needs the exclusive lock).

Examples
--------
>>> import tempfile
>>> from graphkit.dataset import DEFAULT_DATA_DIR
>>> with tempfile.TemporaryDirectory() as tmp:
...     first = cached_store(DEFAULT_DATA_DIR, Path(tmp) / "store")
...     again = cached_store(DEFAULT_DATA_DIR, Path(tmp) / "store")
>>> first.reused, again.reused
(False, True)
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

import graphkit
from graphkit.dataset import Dataset, load_dataset
from graphkit.errors import GraphkitError, display_path
from graphkit.sparql import dataset_store

#: File marking a folder as a store prepared by graphkit, with what it was prepared from.
STORE_MARKER = "graphkit-store.json"
_CODE_DIR = Path(__file__).resolve().parent


class StoreError(GraphkitError):
    """A store folder that graphkit cannot use or replace."""


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
    >>> from graphkit.dataset import DEFAULT_DATA_DIR
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
    """The marker of a store graphkit prepared in *directory*, or None.

    Examples
    --------
    >>> read_marker("/nonexistent") is None
    True
    """
    try:
        return json.loads((Path(directory) / STORE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def prepare_store(dataset: Dataset, directory: Path | str, fingerprint: str | None = None
                  ) -> Path:
    """Write the RDF of *dataset* into an on-disk Oxigraph store at *directory*.

    *directory* must be missing, empty, or a store graphkit prepared before
    (it is then replaced); anything else is refused rather than deleted. The
    store is built beside it and moved into place once complete.

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
        The store directory, ready for ``oxigraph serve-read-only`` or :func:`open_store`.

    Examples
    --------
    >>> from graphkit.dataset import load_dataset
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (prepare_store(load_dataset(), Path(tmp) / "s") / STORE_MARKER).is_file()
    True
    """
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or (
            any(directory.iterdir()) and read_marker(directory) is None)):
        raise StoreError(f"{display_path(directory)} is not empty and is not a store "
                         "prepared by graphkit: choose another --store folder")
    with _replacing(directory):
        pass  # fail before spending minutes on a store that could not be swapped in
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp",
                                    dir=directory.parent))
    try:
        store = dataset_store(dataset, staging)
        quads = len(store)
        del store  # closes the RocksDB database so that another process can open it
        marker = {"fingerprint": fingerprint, "quads": quads,
                  "documents": sorted(dataset.documents)}
        (staging / STORE_MARKER).write_text(json.dumps(marker, indent=2) + "\n",
                                            encoding="utf-8")
        with _replacing(directory):
            if directory.exists():
                retired = staging.with_name(staging.name.removesuffix(".tmp") + ".old.tmp")
                directory.rename(retired)
                staging.rename(directory)
                shutil.rmtree(retired)
            else:
                staging.rename(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory


def cached_store(data_dir: Path | str, directory: Path | str) -> PreparedStore:
    """The store of the dataset in *data_dir* at *directory*, prepared only if needed.

    The store is reused when its marker records the current
    :func:`data_fingerprint` of *data_dir*; otherwise the dataset is loaded
    (and validated) and the store prepared again with :func:`prepare_store`.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.dataset import DEFAULT_DATA_DIR
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cached_store(DEFAULT_DATA_DIR, Path(tmp) / "s").quads > 1000
    True
    """
    directory = Path(directory)
    fingerprint = data_fingerprint(data_dir)
    marker = read_marker(directory)
    if marker is not None and marker.get("fingerprint") == fingerprint:
        return PreparedStore(directory, marker["quads"], reused=True)
    prepare_store(load_dataset(data_dir), directory, fingerprint)
    marker = read_marker(directory) or {}
    return PreparedStore(directory, marker.get("quads", 0), reused=False)


def open_store(directory: Path | str) -> ox.Store:
    """Open a store prepared by graphkit, read-only (other readers may share it).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.dataset import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     len(open_store(prepare_store(load_dataset(), Path(tmp) / "s"))) > 1000
    True
    """
    directory = Path(directory)
    if read_marker(directory) is None:
        raise StoreError(f"{display_path(directory)} is not a store prepared by graphkit")
    try:
        return ox.Store.read_only(str(directory))
    except OSError as exc:
        raise StoreError(f"cannot open the store in {display_path(directory)}: {exc}") from None


@contextmanager
def reading(directory: Path | str) -> Iterator[Path]:
    """Hold a shared lock on the store in *directory*, so that it is not replaced meanwhile.

    Several readers (``graphkit query``, ``graphkit serve``) may hold it at once;
    :func:`prepare_store` refuses to replace a store while any of them does.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.dataset import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = prepare_store(load_dataset(), Path(tmp) / "s")
    ...     with reading(store):
    ...         prepare_store(load_dataset(), store)
    Traceback (most recent call last):
    ...
    graphkit.store.StoreError: the store in ... is in use by another graphkit process ...
    """
    marker = Path(directory) / STORE_MARKER
    while True:
        try:
            handle = marker.open("rb")
        except FileNotFoundError:
            raise StoreError(f"{display_path(directory)} is not a store prepared by graphkit"
                             ) from None
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            current = os.fstat(handle.fileno()).st_ino == marker.stat().st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        handle.close()  # replaced while we waited for the lock: lock the new one
    try:
        yield Path(directory)
    finally:
        handle.close()


@contextmanager
def _replacing(directory: Path) -> Iterator[None]:
    """Hold the exclusive lock of the store in *directory*, if there is one, or refuse."""
    try:
        handle = (directory / STORE_MARKER).open("rb")
    except (FileNotFoundError, NotADirectoryError):
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"the store in {display_path(directory)} is in use by another "
                             "graphkit process (a running `graphkit serve`?): stop it, or "
                             "choose another --store folder") from None
        yield
