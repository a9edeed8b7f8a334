"""Import IndicePA, the register of Italian public bodies (``enti``), as bodies.

IndicePA (AgID, CC BY 4.0) publishes one row per public body: ``Codice_IPA``,
``Denominazione_ente``, ``Codice_fiscale_ente``, ``Tipologia``, ``Codice_Categoria``,
``Codice_ISTAT``, ``Codice_comune_ISTAT``, ``Sito_istituzionale`` and more, as a
comma-separated UTF-8 CSV (the CKAN dump adds a first column ``_id``). A comune's IPA code
is ``c_`` followed by its codice catastale.

The bodies get the same ids as OpenCoesione's (``cf-<codice fiscale>`` when the tax code
is valid, else ``ipa-<IPA code>``), so the two imports meet on the same nodes. The names
and e-mail addresses of the people responsible are never read into the output.

Examples
--------
>>> from graphkit.opendata.synth import write_indicepa
>>> import tempfile
>>> tmp = Path(tempfile.mkdtemp())
>>> s = import_indicepa(write_indicepa(tmp, bodies=30), tmp / "out")
>>> s.dataset, s.counts["bodies"]
('indicepa', 30)
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from graphkit.opendata._engine import (
    OpenDataError,
    columns_of,
    connect,
    copy_parquet,
    duckdb_error,
    open_sources,
    release_of,
    row_number_of,
    settle_encoding,
    staged_folder,
    write_json,
)
from graphkit.opendata.opencoesione import ImportSummary
from graphkit.opendata.resolve import Registry, write_review
from graphkit.sql import sql_string

__all__ = ["REQUIRED", "import_indicepa"]

#: Columns the import needs.
REQUIRED: tuple[str, ...] = ("Codice_IPA", "Denominazione_ente", "Codice_fiscale_ente",
                             "Tipologia", "Codice_Categoria", "Codice_ISTAT",
                             "Codice_comune_ISTAT", "Sito_istituzionale")

_KIND = """CASE
    WHEN ipa LIKE 'c\\_%' ESCAPE '\\' THEN 'municipality'
    WHEN ipa LIKE 'r\\_%' ESCAPE '\\' THEN 'region'
    WHEN n LIKE 'PROVINCIA %' OR n LIKE 'CITTA METROPOLITANA%' THEN 'province'
    WHEN n LIKE 'CAMERA DI COMMERCIO%' THEN 'chamber_of_commerce'
    WHEN n LIKE '%UNIVERSITA%' OR n LIKE '%CONSIGLIO NAZIONALE DELLE RICERCHE%'
         THEN 'research_body'
    WHEN n LIKE '%CONSORZIO%' THEN 'consortium'
    WHEN n LIKE '%FONDAZIONE%' THEN 'foundation'
    ELSE 'public_agency' END"""


def import_indicepa(path: Path | str, out: Path | str, *, registry: Registry | None = None,
                    dataset: str = "indicepa") -> ImportSummary:
    """Import an IndicePA ``enti`` CSV (or a zip of it) into ``<out>/<dataset>/bodies.parquet``.

    Parameters
    ----------
    path : the published file.
    out : folder that receives the imported-source folder.
    registry : curated entities, id -> {"cf", "ipa", "istat", "name", "aliases"}.
    dataset : folder name.

    Raises
    ------
    OpenDataError
        Missing column, unreadable or truncated file, duplicate or empty IPA code; nothing
        is written then.
    """
    path = Path(path)
    target = Path(out) / dataset
    with staged_folder(target) as (staging, scratch):
        con = connect(scratch)
        try:
            sources = open_sources([path], scratch, delim=",")
            if len(sources) != 1:
                raise OpenDataError(f"{path}: expected one CSV table, found {len(sources)}")
            source, names = columns_of(con, sources[0])
            upper = {n.upper(): n for n in names}
            for column in REQUIRED:
                if column.upper() not in upper:
                    raise OpenDataError(f"{source.name}: column {column} is missing (wrong "
                                        "layout: not IndicePA's list of public bodies)")
            source = settle_encoding(con, source)

            def col(name: str) -> str:
                return f"nullif(trim(\"{upper[name.upper()]}\"), '')"

            try:
                con.execute(f"""CREATE TABLE enti AS SELECT
                    {col('Codice_IPA')} AS ipa_raw, gk_ipa({col('Codice_IPA')}) AS ipa,
                    regexp_replace({col('Denominazione_ente')}, '\\s+', ' ', 'g') AS name,
                    gk_cf_kind({col('Codice_fiscale_ente')}) AS cf_kind,
                    gk_norm_cf({col('Codice_fiscale_ente')}) AS cf,
                    {col('Tipologia')} AS tipologia, {col('Codice_Categoria')} AS category,
                    gk_istat({col('Codice_ISTAT')}) AS istat_own,
                    gk_istat({col('Codice_comune_ISTAT')}) AS istat_comune,
                    {col('Sito_istituzionale')} AS website
                    FROM {source.scan()}""")
            except duckdb.Error as exc:
                raise duckdb_error(source, exc) from exc
            bad = con.execute("""SELECT ipa_raw FROM enti WHERE ipa IS NULL LIMIT 1""").fetchone()
            if bad:
                raw = "NULL" if bad[0] is None else sql_string(bad[0])
                row = row_number_of(con, source,
                                    f"{col('Codice_IPA')} IS NOT DISTINCT FROM {raw}")
                raise OpenDataError(f"{source.name}, row {row}, column Codice_IPA: empty or "
                                    f"malformed IPA code {bad[0]!r}")
            dup = con.execute("SELECT ipa FROM enti GROUP BY ipa HAVING count(*) > 1 "
                              "ORDER BY ipa LIMIT 1").fetchone()
            if dup:
                raise OpenDataError(f"{source.name}, column Codice_IPA: code {dup[0]!r} "
                                    "appears more than once")
            total = con.execute("SELECT count(*) FROM enti").fetchone()
            persons = con.execute("SELECT count(*) FROM enti WHERE cf_kind = 'person'").fetchone()
            query = f"""
                SELECT CASE WHEN cf_kind = 'body' AND count(*) OVER (PARTITION BY cf) = 1
                            THEN 'cf-' || cf
                            ELSE 'ipa-' || trim(regexp_replace(ipa, '[^a-z0-9]+', '-', 'g'), '-')
                       END AS body_id,
                       name,
                       (SELECT {_KIND} FROM (SELECT upper(strip_accents(coalesce(name, '')))
                                             AS n)) AS kind,
                       CAST(NULL AS VARCHAR) AS legal_form_code, tipologia AS legal_form,
                       CASE WHEN cf_kind = 'body' THEN cf END AS cf, ipa AS ipa_code,
                       CAST(NULL AS VARCHAR) AS bdap_code, istat_comune,
                       CASE WHEN ipa LIKE 'c\\_%' ESCAPE '\\' THEN coalesce(istat_own, istat_comune)
                       END AS istat_code,
                       CASE WHEN cf_kind = 'body' AND count(*) OVER (PARTITION BY cf) = 1
                            THEN 'cf' ELSE 'ipa' END AS id_basis,
                       category, website
                FROM enti WHERE cf_kind <> 'person' ORDER BY body_id"""
            counts = {"bodies": copy_parquet(con, query, staging / "bodies.parquet")}
            merges = write_review(con, staging / "bodies.parquet", registry,
                                  staging / "review.csv")
        finally:
            con.close()
        read = int(total[0]) if total else 0
        dropped = {"bodies with a natural person's tax code": int(persons[0]) if persons else 0}
        write_json(staging / "manifest.json", {
            "dataset": dataset, "source": "IndicePA", "licence": "CC BY 4.0",
            "attribution": "IndicePA - AgID", "release": release_of(path),
            "files": [{"name": source.name, "table": "enti", "size": source.size,
                       "encoding": source.encoding, "rows": read}],
            "filters": {}, "rows_read": {f"enti:{source.name}": read},
            "rows_written": counts, "rows_dropped": dropped,
            "merged_into_registry": len(merges),
        })
    return ImportSummary(target, dataset, release_of(path), counts, dropped, merges)
