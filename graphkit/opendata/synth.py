"""Synthetic OpenCoesione and IndicePA files at national scale, in the published layouts.

Everything is generated inside DuckDB from a seed (pseudo-random numbers are hashes of the
row number and the seed, so the output does not depend on threads), heavy-tailed like the
real data: a few programmes (regional operational programmes) account for ~100,000
projects each, most projects have one beneficiary and a few have hundreds, a few bodies
take part in thousands of projects. Some subjects are natural persons (16-character tax
codes, as in ESF training grants) and some tax codes are placeholders.

Examples
--------
>>> import tempfile
>>> files = write_opencoesione(Path(tempfile.mkdtemp()), projects=200, roles=700, seed=3)
>>> sorted(files), files["progetti"].name
(['progetti', 'soggetti'], 'progetti_20250630.parquet')
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb

from graphkit.schema.identifiers import SQL_MACROS, sql_body_cf
from graphkit.sql import sql_list, sql_string

__all__ = ["PROGETTI_COLUMNS", "SOGGETTI_COLUMNS", "write_indicepa", "write_opencoesione"]

#: The 25 columns of ``soggetti``; the names of the four ``OC_COD_ENTE_*`` code columns
#: other than BDAP and IPA are not documented in what we could read (assumed).
SOGGETTI_COLUMNS: tuple[str, ...] = (
    "COD_LOCALE_PROGETTO", "SOGG_COD_RUOLO", "SOGG_DESCR_RUOLO", "SOGG_PROGR_RUOLO",
    "OC_CODICE_FISCALE_SOGG", "OC_DENOMINAZIONE_SOGG", "COD_FORMA_GIURIDICA_SOGG",
    "DESCR_FORMA_GIURIDICA_SOGG", "COD_COMUNE_SEDE_SOGG", "INDIRIZZO_SOGG", "CAP_SOGG",
    "COD_ATECO_SOGG", "DESCRIZIONE_ATECO_SOGG", "COD_ADDETTI_SOGG", "DESCR_ADDETTI_SOGG",
    "COD_DIMENSIONE_SOGG", "DESCR_DIMENSIONE_SOGG", "CODICE_FISCALE_SOGGETTO",
    "DENOMINAZIONE_SOGGETTO", "OC_COD_ENTE_MIUR", "OC_COD_ENTE_SIOPE", "OC_COD_ENTE_ISTAT_S13",
    "OC_COD_ENTE_SSN", "OC_COD_ENTE_BDAP", "OC_COD_ENTE_IPA",
)

#: The columns of ``progetti`` that public code documents (60 of the ~97 published).
PROGETTI_COLUMNS: tuple[str, ...] = (
    "COD_LOCALE_PROGETTO", "CUP", "OC_LINK", "OC_TITOLO_PROGETTO", "OC_SINTESI_PROGETTO",
    "OC_COD_CICLO", "OC_DESCR_CICLO", "OC_COD_TEMA_SINTETICO", "OC_TEMA_SINTETICO",
    "COD_GRANDE_PROGETTO", "DESCRIZIONE_GRANDE_PROGETTO", "CUP_COD_NATURA", "CUP_DESCR_NATURA",
    "CUP_COD_SETTORE", "CUP_DESCR_SETTORE", "CUP_COD_CATEGORIA", "CUP_DESCR_CATEGORIA",
    "OC_COD_TIPO_AIUTO", "OC_DESCR_TIPO_AIUTO", "OC_MACROAREA_PROGETTO", "OC_MACROAREA_PROGRAMMA",
    "OC_COD_SLL", "OC_DENOMINAZIONE_SLL", "COD_ATECO", "DESCRIZIONE_ATECO", "OC_STATO_PROGETTO",
    "OC_STATO_PROCEDURALE", "OC_STATO_FINANZIARIO", "OC_COD_FASE_CORRENTE",
    "OC_DESCR_FASE_CORRENTE", "OC_DATA_INIZIO_PROGETTO", "OC_DATA_FINE_PROGETTO_PREVISTA",
    "OC_DATA_FINE_PROGETTO_EFFETTIVA", "FINANZ_UE", "FINANZ_UE_FESR", "FINANZ_UE_FSE",
    "FINANZ_UE_ALTRO", "FINANZ_STATO_FSC", "FINANZ_STATO_PAC", "FINANZ_REGIONE",
    "FINANZ_PROVINCIA", "FINANZ_COMUNE", "FINANZ_PRIVATO", "FINANZ_TOTALE_PUBBLICO",
    "OC_FINANZ_UE_NETTO", "OC_FINANZ_UE_ALTRO_NETTO", "OC_FINANZ_TOT_PUB_NETTO",
    "OC_COSTO_COESIONE", "COSTO_REALIZZATO", "ECONOMIE_TOTALI", "ECONOMIE_TOTALI_PUBBLICHE",
    "IMPEGNI", "OC_IMPEGNI_GIURID_VINCOLANTI", "OC_IMPEGNI_COESIONE", "TOT_PAGAMENTI",
    "OC_TOT_PAGAMENTI_BENEFICIARI", "OC_PAGAMENTI_COESIONE", "OC_FLAG_AGGREGATO",
    "OC_PROGETTO_AGGREGATO", "DATA_AGGIORNAMENTO",
)

#: Columns the 2021-2027 extended layout adds (programme and territory).
EXTENDED_COLUMNS: tuple[str, ...] = (
    "OC_COD_FONTE", "OC_DESCR_FONTE", "FONDO_COMUNITARIO", "OC_CODICE_PROGRAMMA",
    "OC_DESCRIZIONE_PROGRAMMA", "COD_REGIONE", "DEN_REGIONE", "COD_PROVINCIA", "DEN_PROVINCIA",
    "COD_COMUNE", "DEN_COMUNE",
)

_THEME_NAMES = ("Ricerca e innovazione", "Reti e servizi digitali", "Competitività imprese",
                "Energia", "Ambiente", "Cultura e turismo", "Trasporti e mobilità",
                "Occupazione e lavoro", "Inclusione sociale e salute", "Istruzione e formazione",
                "Capacità amministrativa", "Rinnovamento urbano e rurale")
_LEGAL_FORMS = (("2.4.10", "REGIONE"), ("2.6.10", "COMUNE"), ("2.5.10", "PROVINCIA"),
                ("1.3.20", "SOCIETA' A RESPONSABILITA' LIMITATA"),
                ("1.4.10", "SOCIETA' COOPERATIVA"),
                ("4.1.10", "COOPERATIVA SOCIALE"), ("3.1.10", "ASSOCIAZIONE RICONOSCIUTA"),
                ("3.2.10", "FONDAZIONE"), ("1.5.10", "CONSORZIO"), ("2.11.10",
                "AZIENDA SANITARIA LOCALE"), ("2.12.10", "UNIVERSITA' PUBBLICA"))
_ROLE_NAMES = ("Programmatore", "Attuatore", "Beneficiario", "Realizzatore")


def _u(expr: str, salt: int, seed: int) -> str:
    """A uniform number in [0, 1) from a hash of *expr*, the salt and the seed."""
    return f"((hash({expr}, {salt}, {seed}) % 1000000007) / 1000000007.0)"


def write_opencoesione(out: Path | str, *, projects: int = 2_300_000, roles: int = 7_200_000,
                       seed: int = 0, release: str = "20250630", layout: str = "current",
                       formats: tuple[str, ...] = ("parquet",)) -> dict[str, Path]:
    """Write ``progetti_<release>`` and ``soggetti_<release>`` into *out*.

    Parameters
    ----------
    projects, roles : int
        Number of projects, and the approximate number of role rows (at least one per
        project: its programming authority).
    layout : ``"current"`` (the national flat file) or ``"extended"`` (adds programme and
        territory columns, as the 2021-2027 extended file).
    formats : any of ``"parquet"`` and ``"zip"`` (``;``-separated UTF-8 CSV with a BOM,
        zipped).

    Returns
    -------
    dict
        ``progetti``/``soggetti`` -> Parquet path, ``progetti_zip``/``soggetti_zip`` -> zip.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    alpha, cap = 2.2, 600
    mean_benef = sum(k ** -alpha for k in range(1, cap + 1))
    extra = max(0.0, roles / max(projects, 1) - 1.0 - mean_benef)
    p_att, p_real = min(1.0, extra * 0.7), min(1.0, extra * 0.3)
    programmes = max(5, min(500, projects // 50))
    bodies = max(50, projects // 4)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    for macro in SQL_MACROS:
        con.execute(macro)
    s = seed
    con.execute(f"""CREATE TABLE prj AS SELECT i,
        'SYN' || lpad(CAST(i AS VARCHAR), 8, '0') AS code,
        CAST(floor({programmes} * pow({_u('i', 1, s)}, 2.2)) AS INTEGER) AS prog,
        CAST(floor(12 * {_u('i', 2, s)}) AS INTEGER) AS theme,
        CASE WHEN {_u('i', 3, s)} < 0.3 THEN 1 WHEN {_u('i', 3, s)} < 0.85 THEN 2 ELSE 3 END
            AS cycle,
        DATE '2007-01-01' + CAST(floor(6500 * {_u('i', 4, s)}) AS INTEGER) AS start,
        round(1000 + 2000000 * pow({_u('i', 5, s)}, 6), 2) AS cost,
        LEAST({cap}, CAST(floor(pow(1 - {_u("i", 6, s)}, -1.0 / {alpha})) AS INTEGER))
            AS n_benef,
        {_u('i', 7, s)} < {p_att} AS has_att, {_u('i', 8, s)} < {p_real} AS has_real,
        1 + CAST(floor(107 * {_u('i', 9, s)}) AS INTEGER) AS province,
        1 + CAST(floor(200 * {_u('i', 10, s)}) AS INTEGER) AS comune
        FROM range({projects}) t(i)""")
    themes = sql_list(_THEME_NAMES)
    cycles = "['2007-2013', '2014-2020', '2021-2027']"
    region = "gk_region_of_comune(lpad(CAST(province AS VARCHAR), 3, '0') || '001')"
    progetti_cols = {name: "NULL" for name in PROGETTI_COLUMNS}
    progetti_cols.update({
        "COD_LOCALE_PROGETTO": "code",
        "CUP": "'J' || lpad(CAST(i AS VARCHAR), 14, '0')",
        "OC_LINK": "'https://opencoesione.gov.it/it/progetti/' || lower(code) || '/'",
        "OC_TITOLO_PROGETTO": "'PROGETTO SINTETICO ' || i",
        "OC_SINTESI_PROGETTO": "'Progetto generato per prove di carico.'",
        "OC_COD_CICLO": "cycle", "OC_DESCR_CICLO": f"{cycles}[cycle]",
        "OC_COD_TEMA_SINTETICO": "lpad(CAST(theme + 1 AS VARCHAR), 2, '0')",
        "OC_TEMA_SINTETICO": f"{themes}[theme + 1]",
        "OC_STATO_PROGETTO": "'In corso'",
        "OC_DATA_INIZIO_PROGETTO": "CAST(strftime(start, '%Y%m%d') AS INTEGER)",
        "OC_DATA_FINE_PROGETTO_PREVISTA": "CAST(strftime(start + 700, '%Y%m%d') AS INTEGER)",
        "FINANZ_UE": "round(cost * 0.5, 2)", "FINANZ_UE_FESR": "round(cost * 0.3, 2)",
        "FINANZ_UE_FSE": "round(cost * 0.2, 2)", "FINANZ_STATO_FSC": "round(cost * 0.2, 2)",
        "FINANZ_REGIONE": "round(cost * 0.1, 2)", "FINANZ_COMUNE": "round(cost * 0.05, 2)",
        "FINANZ_PRIVATO": "round(cost * 0.15, 2)",
        "FINANZ_TOTALE_PUBBLICO": "round(cost * 0.85, 2)",
        "OC_FINANZ_TOT_PUB_NETTO": "round(cost * 0.85, 2)",
        "DATA_AGGIORNAMENTO": f"CAST({release} AS INTEGER)",
    })
    if layout == "extended":
        progetti_cols.update({
            "OC_CODICE_PROGRAMMA": "'2021SYN' || lpad(CAST(prog AS VARCHAR), 5, '0')",
            "OC_DESCRIZIONE_PROGRAMMA": "'PROGRAMMA SINTETICO ' || prog",
            "COD_REGIONE": region,
            "COD_PROVINCIA": "lpad(CAST(province AS VARCHAR), 3, '0')",
            "COD_COMUNE": "lpad(CAST(province AS VARCHAR), 3, '0') || "
                          "lpad(CAST(comune AS VARCHAR), 3, '0')",
        })
        progetti_cols.update({c: progetti_cols.get(c, "NULL") for c in EXTENDED_COLUMNS})
    select = ", ".join(f"{expr} AS {name}" for name, expr in progetti_cols.items())
    con.execute(f"CREATE VIEW progetti AS SELECT {select} FROM prj ORDER BY i")

    # subjects: programming authority (one per programme), then the other roles
    cf = sql_body_cf("('9' || substr(lpad(CAST(b AS VARCHAR), 10, '0'), 2))")
    con.execute(f"""CREATE TABLE rl AS
        SELECT i, code, 1 AS role, 1 AS progr, 1000000 + prog AS b FROM prj
        UNION ALL SELECT i, code, 2, 1, CAST(floor({bodies} * pow({_u('i', 11, s)}, 3))
            AS BIGINT) FROM prj WHERE has_att
        UNION ALL SELECT i, code, 3, k + 1, CAST(floor({bodies} * pow({_u('i * 1000 + k', 12, s)},
            3)) AS BIGINT) FROM prj, LATERAL range(n_benef) r(k)
        UNION ALL SELECT i, code, 4, 1, CAST(floor({bodies} * {_u('i', 13, s)}) AS BIGINT)
            FROM prj WHERE has_real""")
    forms = _LEGAL_FORMS
    form_codes = sql_list(tuple(c for c, _ in forms))
    form_names = sql_list(tuple(n for _, n in forms))
    kind = f"{_u('i * 10 + role + progr * 7', 14, s)}"
    soggetti_cols = {name: "NULL" for name in SOGGETTI_COLUMNS}
    soggetti_cols.update({
        "COD_LOCALE_PROGETTO": "code", "SOGG_COD_RUOLO": "role",
        "SOGG_DESCR_RUOLO": f"{sql_list(_ROLE_NAMES)}[role]", "SOGG_PROGR_RUOLO": "progr",
        "OC_CODICE_FISCALE_SOGG": f"""CASE WHEN role = 3 AND {kind} < 0.04
            THEN 'SNTPRS' || lpad(CAST(b % 100 AS VARCHAR), 2, '0') || 'A01Z'
                 || lpad(CAST(b % 1000 AS VARCHAR), 3, '0') || 'X'
            WHEN {kind} > 0.995 THEN '*CODICE FISCALE*' ELSE {cf} END""",
        "OC_DENOMINAZIONE_SOGG": """CASE WHEN role = 1 THEN 'REGIONE SINTETICA ' || (b - 1000000)
            ELSE 'ENTE SINTETICO ' || b END""",
        "COD_FORMA_GIURIDICA_SOGG": f"""CASE WHEN role = 1 THEN '2.4.10'
            WHEN role = 3 AND {kind} < 0.04 THEN '1.1.20'
            ELSE {form_codes}[1 + b % {len(forms)}] END""",
        "DESCR_FORMA_GIURIDICA_SOGG": f"""CASE WHEN role = 1 THEN 'REGIONE'
            WHEN role = 3 AND {kind} < 0.04 THEN 'IMPRENDITORE INDIVIDUALE NON AGRICOLO'
            ELSE {form_names}[1 + b % {len(forms)}] END""",
        "COD_COMUNE_SEDE_SOGG": "lpad(CAST(1 + b % 107 AS VARCHAR), 3, '0') || "
                                "lpad(CAST(1 + b % 97 AS VARCHAR), 3, '0')",
        "OC_COD_ENTE_IPA": "CASE WHEN b % 11 = 0 THEN 'syn_' || b END",
    })
    select = ", ".join(f"{expr} AS {name}" for name, expr in soggetti_cols.items())
    con.execute(f"CREATE VIEW soggetti AS SELECT {select} FROM rl ORDER BY code, role, progr")
    paths: dict[str, Path] = {}
    for table in ("progetti", "soggetti"):
        stem = out / f"{table}_{release}"
        if "parquet" in formats:
            target = stem.with_suffix(".parquet")
            con.execute(f"COPY {table} TO {sql_string(target)} (FORMAT PARQUET, COMPRESSION ZSTD)")
            paths[table] = target
        if "zip" in formats:
            csv = out / f"{table}.csv"
            csv.write_bytes(b"\xef\xbb\xbf")
            con.execute(f"COPY {table} TO '{csv}.body' (FORMAT CSV, DELIMITER ';', HEADER true,"
                        " FORCE_QUOTE *)")
            with csv.open("ab") as dst, Path(f"{csv}.body").open("rb") as src:
                while chunk := src.read(1 << 22):
                    dst.write(chunk)
            Path(f"{csv}.body").unlink()
            target = stem.with_suffix(".zip")
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.write(csv, f"{table}_{release}.csv")
            csv.unlink()
            paths[f"{table}_zip"] = target
    con.close()
    return paths


#: IndicePA's open-data columns (the CKAN dump adds ``_id`` first).
INDICEPA_COLUMNS: tuple[str, ...] = (
    "Codice_IPA", "Denominazione_ente", "Codice_fiscale_ente", "Tipologia", "Codice_Categoria",
    "Codice_natura", "Codice_ateco", "Ente_in_liquidazione", "Codice_MIUR", "Codice_ISTAT",
    "Acronimo", "Nome_responsabile", "Cognome_responsabile", "Titolo_responsabile",
    "Codice_comune_ISTAT", "Codice_catastale_comune", "CAP", "Indirizzo", "Mail1", "Tipo_Mail1",
    "Mail2", "Tipo_Mail2", "Mail3", "Tipo_Mail3", "Mail4", "Tipo_Mail4", "Mail5", "Tipo_Mail5",
    "Sito_istituzionale", "Url_facebook", "Url_linkedin", "Url_twitter", "Url_youtube",
    "Data_aggiornamento",
)


def write_indicepa(out: Path | str, *, bodies: int = 23_700) -> Path:
    """Write a synthetic IndicePA ``enti.csv`` (comma-separated UTF-8) into *out*: the
    same *bodies* every time (no random draw, so no seed)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    cols = {name: "NULL" for name in INDICEPA_COLUMNS}
    cf = sql_body_cf("('8' || substr(lpad(CAST(i AS VARCHAR), 10, '0'), 2))")
    cols.update({
        "Codice_IPA": "CASE WHEN i % 3 = 0 THEN 'c_s' || lpad(CAST(i AS VARCHAR), 5, '0') "
                      "ELSE 'syn_' || i END",
        "Denominazione_ente": "CASE WHEN i % 3 = 0 THEN 'Comune Sintetico ' || i "
                              "ELSE 'Ente Pubblico Sintetico ' || i END",
        "Codice_fiscale_ente": cf,
        "Tipologia": "'Pubbliche Amministrazioni'",
        "Codice_Categoria": "CASE WHEN i % 3 = 0 THEN 'L6' ELSE 'L8' END",
        "Codice_comune_ISTAT": "lpad(CAST(1 + i % 107 AS VARCHAR), 3, '0') || "
                               "lpad(CAST(1 + i % 97 AS VARCHAR), 3, '0')",
        "Codice_ISTAT": "CASE WHEN i % 3 = 0 THEN lpad(CAST(1 + i % 107 AS VARCHAR), 3, '0') || "
                        "lpad(CAST(1 + i % 97 AS VARCHAR), 3, '0') END",
        "Nome_responsabile": "'Nome'", "Cognome_responsabile": "'Cognome'",
        "Sito_istituzionale": "'www.ente' || i || '.example.it'",
        "Data_aggiornamento": "'2025-06-30'",
    })
    select = ", ".join(f"{expr} AS {name}" for name, expr in cols.items())
    target = out / "enti.csv"
    con.execute(f"COPY (SELECT {select} FROM range({bodies}) t(i) ORDER BY i) "
                f"TO {sql_string(target)} (FORMAT CSV, HEADER true)")
    con.close()
    return target
