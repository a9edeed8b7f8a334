"""The review file: imported bodies whose name is a curated entity's, for a curator to judge.

Identity is decided by identifier only (:mod:`graphkit.model.identity`, re-exported here):
codice fiscale, then IndicePA code, then ISTAT code. A body that merges into nothing but
whose name equals a curated entity's name or alias (ignoring case, accents and
punctuation) is never merged: it is listed in ``review.csv`` for a curator.

Examples
--------
>>> normalise_name("Cooperativa  Sociale L'Àncora s.c.s.")
'COOPERATIVA SOCIALE L ANCORA S C S'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import duckdb

from graphkit.model.identity import Registry, match_bodies, match_in, resolve_bodies
from graphkit.sql import sql_string

__all__ = ["Registry", "match_bodies", "normalise_name", "resolve_bodies", "write_review"]

_REVIEW_HEADER = "body_id,body_name,entity_id,entity_name,matched_on\n"


def normalise_name(name: str) -> str:
    """Upper case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return re.sub(r"[^A-Z0-9]+", " ", text).strip()


def write_review(con: duckdb.DuckDBPyConnection, bodies: Path, registry: Registry | None,
                 out: Path) -> dict[str, str]:
    """Write ``review.csv`` (name-only matches, sorted) and return the identifier merges."""
    if not registry:
        out.write_text(_REVIEW_HEADER, encoding="utf-8")
        return {}
    merges = match_in(con, bodies, registry)
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
    src, dst = sql_string(bodies), sql_string(out)
    con.execute(f"""COPY (
        SELECT b.body_id, b.name AS body_name, c.entity_id, c.entity_name,
               min(c.matched_on) AS matched_on
        FROM read_parquet({src}) b
        JOIN curated c ON c.norm = trim(regexp_replace(upper(strip_accents(b.name)),
                                                       '[^A-Z0-9]+', ' ', 'g'))
        WHERE b.body_id NOT IN (SELECT body_id FROM merged)
        GROUP BY ALL ORDER BY b.body_id, c.entity_id
    ) TO {dst} (FORMAT CSV, HEADER true)""")
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
