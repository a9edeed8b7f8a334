"""Italian open data joined to the graph: OpenCoesione projects and IndicePA public bodies.

Readers take the published files as they are (Parquet, zipped ``;``-separated CSV in
UTF-8 or Latin-1, the 2012 ``DPS_`` layout), filter inside DuckDB and write a columnar
imported-source folder: ``bodies.parquet``, ``projects.parquet``, ``roles.parquet``,
``manifest.json`` and ``review.csv``. Bodies are identified by codice fiscale, IPA code or
ISTAT code, never by name; natural persons are never written.

Examples
--------
>>> from graphkit.opendata import cf_kind, ROLES
>>> cf_kind("01234567897"), ROLES[1].relation
('body', 'programming_authority_of')
"""

from graphkit.errors import OpenDataError
from graphkit.opendata.indicepa import import_indicepa
from graphkit.opendata.opencoesione import (
    CYCLES,
    ROLES,
    THEMES,
    WELFARE_THEMES,
    ImportSummary,
    import_opencoesione,
)
from graphkit.opendata.resolve import Registry, match_bodies, resolve_bodies
from graphkit.schema.identifiers import cf_kind, ipa_code, istat_comune, region_of_comune

__all__ = [
    "CYCLES",
    "ROLES",
    "THEMES",
    "WELFARE_THEMES",
    "ImportSummary",
    "OpenDataError",
    "Registry",
    "cf_kind",
    "import_indicepa",
    "import_opencoesione",
    "ipa_code",
    "istat_comune",
    "match_bodies",
    "region_of_comune",
    "resolve_bodies",
]
