"""On-disk Oxigraph stores prepared from a dataset, and reused while the data is unchanged.

Mapping a national-scale dataset to RDF and loading it into a store takes minutes;
opening a store prepared before takes milliseconds. A store folder given by the user
(``graphkit query --store DIR``, ``graphkit serve --store DIR``) is a cache addressed by
content: each store lives in ``DIR/<fingerprint>/``, where the fingerprint
(:func:`data_fingerprint`) covers the data files and graphkit's own code. A store is
written in a temporary folder beside it and renamed into place when complete, and never
changes afterwards, so readers need no lock: a new dataset gets a new folder, and two
runs preparing the same one at once both end with the same complete store.

When a store is prepared, the older stores in ``DIR`` are removed but for the most
recently used one (a ``graphkit serve`` started before the data changed keeps reading
it), and so are the temporary folders of runs that were killed.

Examples
--------
>>> import tempfile
>>> from graphkit.model.load import DEFAULT_DATA_DIR
>>> with tempfile.TemporaryDirectory() as tmp:
...     first = cached_store(DEFAULT_DATA_DIR, tmp)
...     again = cached_store(DEFAULT_DATA_DIR, tmp)
>>> first.reused, again.reused, first.path == again.path
(False, True, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphkit import __version__
from graphkit.errors import StoreError, display_path
from graphkit.model.imported import imported_files, load_data
from graphkit.model.load import dataset_files
from graphkit.model.records import Dataset
from graphkit.resources import PACKAGE_DIR
from graphkit.sparql.query import dataset_store

#: File marking a folder as a complete store prepared by graphkit, with what it holds.
STORE_MARKER = "graphkit-store.json"
_STORE_NAME = re.compile(r"[0-9a-f]{64}")
_STAGING_NAME = re.compile(r"\.([0-9a-f]{64})\.(\d+)\.[0-9a-f]{8}\.tmp")
#: Name of a temporary store folder: the process that made it, and a random part.
_TEMPORARY_NAME = re.compile(r"graphkit-store-(\d+)-[\w]+")


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
        True if an earlier run prepared it from the same data and code.
    """

    path: Path
    quads: int
    reused: bool


def data_fingerprint(data_dir: Path | str) -> str:
    """A SHA-256 digest of the dataset files in *data_dir* and of graphkit's code.

    It covers every file the loader reads (:func:`graphkit.model.load.dataset_files` and
    :func:`graphkit.model.imported.imported_files`, by name and content) and graphkit's
    sources and package data, which decide the RDF made from them; a change to any of these
    gives another fingerprint.

    Examples
    --------
    >>> from graphkit.model.load import DEFAULT_DATA_DIR
    >>> len(data_fingerprint(DEFAULT_DATA_DIR))
    64
    """
    data_dir = Path(data_dir)
    digest = hashlib.sha256(f"graphkit {__version__}\n".encode())
    code = (p for p in PACKAGE_DIR.rglob("*") if p.suffix in {".py", ".rq", ".csv", ".js"})
    data = [*dataset_files(data_dir), *imported_files(data_dir)]
    for kind, root, paths in (("data", data_dir, data),
                              ("code", PACKAGE_DIR, sorted(code))):
        for path in paths:
            digest.update(f"{kind}:{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_marker(directory: Path | str) -> dict | None:
    """The marker of a complete store in *directory*, or None if there is none readable.

    Examples
    --------
    >>> read_marker("/nonexistent") is None
    True
    """
    try:
        marker = json.loads((Path(directory) / STORE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and isinstance(marker.get("quads"), int) else None


def prepare_store(dataset: Dataset, directory: Path | str) -> Path:
    """Write the RDF of *dataset* into a new on-disk Oxigraph store at *directory*.

    The store is built in a temporary folder beside *directory* and renamed into place
    once complete. *directory* must not exist yet, or be an empty folder.

    Returns
    -------
    Path
        The store folder, ready for ``oxigraph serve-read-only`` or :func:`open_store`.

    Raises
    ------
    StoreError
        If *directory* holds something, or cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (prepare_store(load_dataset(), Path(tmp) / "s") / STORE_MARKER).is_file()
    True
    """
    directory = Path(directory).resolve()
    if directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
    elif directory.exists():
        raise StoreError(f"{display_path(directory)} already exists: a store is prepared in "
                         "a new folder")
    _build(dataset, directory)
    return directory


def _build(dataset: Dataset, directory: Path) -> None:
    """Build the store in a temporary folder beside *directory*, then rename it into place.

    The temporary folder is ``.<name>.<pid>.<8 hex>.tmp``. If *directory* appeared
    meanwhile (another run prepared the same store), it is kept and ours dropped.
    """
    staging = directory.with_name(f".{directory.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        staging.mkdir(parents=True)
        store = dataset_store(dataset, staging)
        quads = len(store)
        del store  # closes the RocksDB database so that other processes can open it
        marker = {"quads": quads, "documents": sorted(dataset.documents)}
        with (staging / STORE_MARKER).open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(marker, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            staging.rename(directory)
        except OSError:
            if read_marker(directory) is None:
                raise
    except OSError as exc:
        raise StoreError(f"cannot prepare the store in {display_path(directory)}: {exc}"
                         ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cached_store(data_dir: Path | str, root: Path | str) -> PreparedStore:
    """The store of the dataset in *data_dir*, kept in the folder *root*, prepared if needed.

    The store is ``root/<data_fingerprint>``: reused when complete, otherwise the
    dataset is loaded (and validated) and the store prepared, after which older stores
    and the temporary folders of killed runs are swept (see the module's description).

    Raises
    ------
    StoreError
        If *root* is not a folder graphkit can use, or the data changed while it was read.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import DEFAULT_DATA_DIR
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepared = cached_store(DEFAULT_DATA_DIR, tmp)
    ...     len(open_store(prepared.path)) == prepared.quads
    True
    """
    root = Path(root).resolve()
    if root.exists() and not root.is_dir():
        raise StoreError(f"{display_path(root)} is not a folder: give a folder for the stores")
    fingerprint = data_fingerprint(data_dir)
    directory = root / fingerprint
    marker = read_marker(directory)
    if marker is not None:
        with suppress(OSError):  # a read-only volume: the store is still readable
            (directory / STORE_MARKER).touch()
        return PreparedStore(directory, marker["quads"], reused=True)
    dataset = load_data(data_dir)
    if data_fingerprint(data_dir) != fingerprint:
        raise StoreError(f"the data in {display_path(Path(data_dir))} changed while it was "
                         "being read: run again")
    if directory.exists():  # a damaged store: no marker, or an unreadable one
        shutil.rmtree(directory, ignore_errors=True)
    _build(dataset, directory)
    _sweep(root, keep=directory)
    return PreparedStore(directory, read_marker(directory)["quads"], reused=False)


def _sweep(root: Path, keep: Path) -> None:
    """Remove the stores in *root* but *keep* and the most recently used other one, and the
    staging folders of processes that no longer run."""
    stores = sorted((p for p in root.iterdir()
                     if p != keep and _STORE_NAME.fullmatch(p.name) and read_marker(p)),
                    key=lambda p: (p / STORE_MARKER).stat().st_mtime, reverse=True)
    staging = [p for p in root.iterdir()
               if (m := _STAGING_NAME.fullmatch(p.name)) and not _alive(int(m.group(2)))]
    for path in [*stores[1:], *staging]:
        shutil.rmtree(path, ignore_errors=True)


def temporary_store_folder() -> tempfile.TemporaryDirectory:
    """A temporary folder for a store used by this process only (``graphkit serve`` without
    ``--store``), named after this process; the folders of processes that were killed
    before removing theirs are removed first (:func:`sweep_temporary_stores`).

    Examples
    --------
    >>> with temporary_store_folder() as folder:
    ...     Path(folder).name.startswith(f"graphkit-store-{os.getpid()}-")
    True
    """
    sweep_temporary_stores()
    return tempfile.TemporaryDirectory(prefix=f"graphkit-store-{os.getpid()}-")


def sweep_temporary_stores(folder: Path | str | None = None) -> list[Path]:
    """Remove the temporary stores in *folder* (the system's temporary folder) whose process
    no longer runs; the folders removed."""
    folder = Path(folder or tempfile.gettempdir())
    removed = []
    with suppress(OSError):
        for path in folder.iterdir():
            match = _TEMPORARY_NAME.fullmatch(path.name)
            if match and path.is_dir() and not _alive(int(match.group(1))):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def open_store(directory: Path | str) -> ox.Store:
    """Open a store prepared by graphkit, read-only (any number of readers may share it).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import load_dataset
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
