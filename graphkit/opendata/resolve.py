"""Which imported bodies are curated entities: by identifier only; names go to a curator.

Identity is decided by identifier, in this order: codice fiscale (valid, never a
placeholder), then IndicePA code, then ISTAT code (a comune's own code). A body whose
identifier belongs to exactly one curated entity merges into it. A body that merges into
nothing but whose name equals a curated entity's name or alias (ignoring case, accents and
punctuation) is never merged: it is listed in ``review.csv`` for a curator.

Examples
--------
>>> registry = {"comune-lucca": {"istat": "046017", "ipa": "c_e715", "name": "Comune di Lucca"}}
>>> bodies = [{"body_id": "ipa-c-e715", "cf": None, "ipa_code": "c_e715", "istat_code": None}]
>>> match_bodies(bodies, registry)
{'ipa-c-e715': 'comune-lucca'}
>>> normalise_name("Cooperativa  Sociale L'Àncora s.c.s.")
'COOPERATIVA SOCIALE L ANCORA S C S'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from graphkit.opendata.identifiers import cf_kind, ipa_code, istat_comune, normalise_cf

__all__ = ["Registry", "match_bodies", "normalise_name", "resolve_bodies", "write_review"]

#: Curated entities: entity id -> {"cf", "ipa", "istat", "name", "aliases"} (all optional).
Registry = Mapping[str, Mapping[str, object]]

_REVIEW_HEADER = "body_id,body_name,entity_id,entity_name,matched_on\n"


def normalise_name(name: str) -> str:
    """Upper case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return re.sub(r"[^A-Z0-9]+", " ", text).strip()


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


def resolve_bodies(bodies: Path | str, registry: Registry) -> dict[str, str]:
    """:func:`match_bodies` over an imported ``bodies.parquet`` (or its folder)."""
    path = Path(bodies)
    if path.is_dir():
        path = path / "bodies.parquet"
    con = duckdb.connect()
    try:
        return _resolve(con, path, registry)
    finally:
        con.close()


def _resolve(con: duckdb.DuckDBPyConnection, path: Path, registry: Registry) -> dict[str, str]:
    index = _index(registry)
    wanted = {kind: sorted(keys) for kind, keys in index.items()}
    if not any(wanted.values()):
        return {}
    con.execute("CREATE OR REPLACE TEMP TABLE wanted (kind VARCHAR, key VARCHAR)")
    rows = [(kind, key) for kind, keys in wanted.items() for key in keys]
    con.executemany("INSERT INTO wanted VALUES (?, ?)", rows)
    src = str(path).replace("'", "''")
    found = con.execute(f"""
        SELECT body_id, cf, ipa_code, istat_code FROM read_parquet('{src}') b
        WHERE cf IN (SELECT key FROM wanted WHERE kind = 'cf')
           OR ipa_code IN (SELECT key FROM wanted WHERE kind = 'ipa')
           OR istat_code IN (SELECT key FROM wanted WHERE kind = 'istat')
        ORDER BY body_id""").fetchall()
    bodies = [dict(zip(("body_id", "cf", "ipa_code", "istat_code"), row, strict=True))
              for row in found]
    return match_bodies(bodies, registry)


def write_review(con: duckdb.DuckDBPyConnection, bodies: Path, registry: Registry | None,
                 out: Path) -> dict[str, str]:
    """Write ``review.csv`` (name-only matches, sorted) and return the identifier merges."""
    if not registry:
        out.write_text(_REVIEW_HEADER, encoding="utf-8")
        return {}
    merges = _resolve(con, bodies, registry)
    names = sorted({(normalise_name(str(label)), entity, str(ids.get("name") or label), how)
                    for entity, ids in registry.items()
                    for label, how in _labels(ids) if normalise_name(str(label))})
    con.execute("CREATE OR REPLACE TEMP TABLE curated (norm VARCHAR, entity_id VARCHAR, "
                "entity_name VARCHAR, matched_on VARCHAR)")
    if names:
        con.executemany("INSERT INTO curated VALUES (?, ?, ?, ?)", names)
    con.execute("CREATE OR REPLACE TEMP TABLE merged (body_id VARCHAR)")
    if merges:
        con.executemany("INSERT INTO merged VALUES (?)", [(b,) for b in sorted(merges)])
    src = str(bodies).replace("'", "''")
    dst = str(out).replace("'", "''")
    con.execute(f"""COPY (
        SELECT b.body_id, b.name AS body_name, c.entity_id, c.entity_name,
               min(c.matched_on) AS matched_on
        FROM read_parquet('{src}') b
        JOIN curated c ON c.norm = trim(regexp_replace(upper(strip_accents(b.name)),
                                                       '[^A-Z0-9]+', ' ', 'g'))
        WHERE b.body_id NOT IN (SELECT body_id FROM merged)
        GROUP BY ALL ORDER BY b.body_id, c.entity_id
    ) TO '{dst}' (FORMAT CSV, HEADER true)""")
    return merges


def _labels(ids: Mapping[str, object]) -> list[tuple[object, str]]:
    labels: list[tuple[object, str]] = []
    if ids.get("name"):
        labels.append((ids["name"], "name"))
    aliases = ids.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = (aliases,)
    labels.extend((alias, "alias") for alias in aliases)  # type: ignore[union-attr]
    return labels
