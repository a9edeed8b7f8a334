"""Import into a dataset folder: ``DATA/imported/<dataset>/``, beside the curated records.

The importers (:func:`~graphkit.opendata.import_opencoesione`,
:func:`~graphkit.opendata.import_indicepa`) write wherever they are told; a dataset folder
keeps its imports in ``imported/``, where :mod:`graphkit.model.imported` reads them, and
gives them its curated organisations to merge into and to review names against. A folder
that holds no dataset yet starts as a copy of graphkit's embedded one, so that the imported
records join the curated networks.

Examples
--------
>>> import tempfile
>>> from graphkit.opendata.synth import write_opencoesione
>>> tmp = Path(tempfile.mkdtemp())
>>> files = write_opencoesione(tmp / "in", projects=40, seed=2)
>>> summary = opencoesione_into(tmp / "data", files["soggetti"], files["progetti"])
>>> summary.folder.relative_to(tmp).as_posix(), (tmp / "data" / "entities.yaml").is_file()
('data/imported/opencoesione-20250630', True)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from graphkit.model.identity import registry_of
from graphkit.model.imported import IMPORTED_DIR
from graphkit.model.load import DEFAULT_DATA_DIR, load_dataset
from graphkit.opendata.indicepa import import_indicepa
from graphkit.opendata.opencoesione import ImportSummary, import_opencoesione

__all__ = ["indicepa_into", "opencoesione_into", "start_dataset"]


def start_dataset(data_dir: Path | str) -> bool:
    """Make *data_dir* a dataset folder if it is not one: a copy of the embedded dataset.

    The registry is copied last: a copy cut short is no dataset, and is started again.

    Returns
    -------
    bool
        True when the folder was started now.
    """
    data_dir = Path(data_dir)
    if (data_dir / "entities.yaml").is_file():
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEFAULT_DATA_DIR / "documents", data_dir / "documents", dirs_exist_ok=True)
    shutil.copy2(DEFAULT_DATA_DIR / "entities.yaml", data_dir / "entities.yaml")
    return True


@contextmanager
def _started(data_dir: Path) -> Iterator[None]:
    """:func:`start_dataset`, undone when the import that follows fails, so that a refused
    file writes nothing: neither the import nor the copy of the embedded dataset."""
    made = [p for p in (data_dir, data_dir / "documents", data_dir / IMPORTED_DIR)
            if not p.exists()]
    started = start_dataset(data_dir)
    try:
        yield
    except BaseException:
        if started:
            (data_dir / "entities.yaml").unlink(missing_ok=True)
            for path in reversed(made):
                shutil.rmtree(path, ignore_errors=True)
        raise


def opencoesione_into(data_dir: Path | str, soggetti: Path | str | Sequence[Path | str],
                      progetti: Path | str | Sequence[Path | str], *,
                      themes: Sequence[str] | None = None, cycles: Sequence[str] | None = None,
                      programmes: Sequence[str] | None = None,
                      regions: Sequence[str] | None = None, since: date | str | None = None,
                      until: date | str | None = None, name: str | None = None
                      ) -> ImportSummary:
    """:func:`~graphkit.opendata.import_opencoesione` into ``data_dir/imported/``, with the
    curated organisations of *data_dir* as the registry (started by :func:`start_dataset`;
    a refused import leaves the folder as it was)."""
    with _started(Path(data_dir)):
        registry = registry_of(load_dataset(data_dir))
        return import_opencoesione(soggetti, progetti, Path(data_dir) / IMPORTED_DIR,
                                   themes=themes, cycles=cycles, programmes=programmes,
                                   regions=regions, since=since, until=until,
                                   registry=registry, dataset=name)


def indicepa_into(data_dir: Path | str, path: Path | str, *, name: str = "indicepa"
                  ) -> ImportSummary:
    """:func:`~graphkit.opendata.import_indicepa` into ``data_dir/imported/``, as
    :func:`opencoesione_into` does."""
    with _started(Path(data_dir)):
        registry = registry_of(load_dataset(data_dir))
        return import_indicepa(path, Path(data_dir) / IMPORTED_DIR, registry=registry,
                               dataset=name)
