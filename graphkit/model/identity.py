"""Which imported records are curated entities: by identifier, never by name.

Identity is decided by identifier, in this order: codice fiscale (valid, never a
placeholder), then IndicePA code, then ISTAT code (a comune's own code). An imported body
whose identifier belongs to exactly one curated organisation merges into it; one whose
identifier belongs to two stays apart. Imported projects merge into the curated project
with the same CUP. Names never merge anything: a name shared by an imported body and a
curated entity goes to a curator (``review.csv``, :mod:`graphkit.opendata.resolve`).

Examples
--------
>>> registry = {"comune-lucca": {"istat": "046017", "ipa": "c_e715", "name": "Comune di Lucca"}}
>>> bodies = [{"body_id": "ipa-c-e715", "cf": None, "ipa_code": "c_e715", "istat_code": None}]
>>> match_bodies(bodies, registry)
{'ipa-c-e715': 'comune-lucca'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from graphkit.model.records import Dataset
from graphkit.schema.identifiers import cf_kind, ipa_code, istat_comune, normalise_cf
from graphkit.schema.vocabulary import ORGANISATIONS
from graphkit.sql import sql_string

__all__ = ["Registry", "match_bodies", "match_in", "match_projects", "registry_of",
           "resolve_bodies"]

#: Curated entities: entity id -> {"cf", "ipa", "istat", "name", "aliases"} (all optional).
Registry = Mapping[str, Mapping[str, object]]


def registry_of(dataset: Dataset) -> dict[str, dict[str, object]]:
    """The curated organisations of *dataset* as a :data:`Registry` (what bodies merge into).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> registry_of(load_dataset())["cgil-lucca"]["name"]
    'CGIL Lucca'
    """
    return {entity.id: {**dict(entity.identifiers), "name": entity.name,
                        "aliases": list(entity.aliases)}
            for entity in dataset.entities.values() if entity.type in ORGANISATIONS}


def _index(registry: Registry) -> dict[str, dict[str, set[str]]]:
    index: dict[str, dict[str, set[str]]] = {"cf": {}, "ipa": {}, "istat": {}}
    for entity, ids in registry.items():
        cf = normalise_cf(ids.get("cf"))
        keys = {
            "cf": cf if cf and cf_kind(cf) == "body" else None,
            "ipa": ipa_code(ids.get("ipa")),
            "istat": istat_comune(ids.get("istat")),
        }
        for kind, key in keys.items():
            if key:
                index[kind].setdefault(key, set()).add(entity)
    return index


def match_bodies(bodies: Iterable[Mapping[str, object]], registry: Registry) -> dict[str, str]:
    """Body id -> curated entity id, for bodies whose identifier names one entity only.

    Each body is a mapping with ``body_id``, ``cf``, ``ipa_code`` and ``istat_code``; the
    first identifier (in that order) that belongs to any curated entity decides: if it
    belongs to two entities the body is left unmerged.
    """
    index = _index(registry)
    merges: dict[str, str] = {}
    for body in bodies:
        keys = (("cf", normalise_cf(body.get("cf"))), ("ipa", ipa_code(body.get("ipa_code"))),
                ("istat", istat_comune(body.get("istat_code"))))
        for kind, key in keys:
            entities = index[kind].get(key) if key else None
            if entities:
                if len(entities) == 1:
                    merges[str(body["body_id"])] = next(iter(entities))
                break
    return merges


def match_in(con: duckdb.DuckDBPyConnection, bodies: Path, registry: Registry) -> dict[str, str]:
    """:func:`match_bodies` over a ``bodies.parquet``, reading only the bodies that bear a
    curated identifier (on the DuckDB connection *con*)."""
    index = _index(registry)
    rows = [(kind, key) for kind, keys in index.items() for key in sorted(keys)]
    if not rows:
        return {}
    con.execute("CREATE OR REPLACE TEMP TABLE wanted (kind VARCHAR, key VARCHAR)")
    con.executemany("INSERT INTO wanted VALUES (?, ?)", rows)
    found = con.execute(f"""
        SELECT body_id, cf, ipa_code, istat_code FROM read_parquet({sql_string(bodies)}) b
        WHERE cf IN (SELECT key FROM wanted WHERE kind = 'cf')
           OR ipa_code IN (SELECT key FROM wanted WHERE kind = 'ipa')
           OR istat_code IN (SELECT key FROM wanted WHERE kind = 'istat')
        ORDER BY body_id""").fetchall()
    return match_bodies((dict(zip(("body_id", "cf", "ipa_code", "istat_code"), row, strict=True))
                         for row in found), registry)


def resolve_bodies(bodies: Path | str, registry: Registry) -> dict[str, str]:
    """:func:`match_bodies` over an imported ``bodies.parquet`` (or its folder)."""
    path = Path(bodies)
    if path.is_dir():
        path = path / "bodies.parquet"
    con = duckdb.connect()
    try:
        return match_in(con, path, registry)
    finally:
        con.close()


def match_projects(con: duckdb.DuckDBPyConnection, projects: Path, dataset: Dataset
                   ) -> dict[str, str]:
    """Imported project id -> curated project id, for the curated projects whose CUP
    identifier an imported project (``projects.parquet``) bears; a CUP borne by two curated
    projects merges nothing."""
    by_cup: dict[str, set[str]] = {}
    for entity in dataset.entities.values():
        cup = dict(entity.identifiers).get("cup")
        if cup and entity.type == "project":
            by_cup.setdefault(cup, set()).add(entity.id)
    wanted = sorted(cup for cup, ids in by_cup.items() if len(ids) == 1)
    if not wanted:
        return {}
    found = con.execute(f"SELECT project_id, cup FROM read_parquet({sql_string(projects)}) "
                        "WHERE cup IN (SELECT unnest(?)) ORDER BY project_id",
                        [wanted]).fetchall()
    return {project: next(iter(by_cup[cup])) for project, cup in found}
