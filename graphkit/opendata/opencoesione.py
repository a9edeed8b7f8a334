"""Import OpenCoesione's projects (``progetti``) and their subjects (``soggetti``).

OpenCoesione (CC BY 4.0, source MEF-RGS-IGRUE) publishes every cohesion-policy project
in Italy and, for each, the bodies that play a role in it. The files are read as
published: ``progetti_YYYYMMDD.parquet`` / ``soggetti_YYYYMMDD.parquet``, the older zipped
``;``-separated CSV (UTF-8 with a byte-order mark, or Latin-1), the 2012 dumps whose
columns start with ``DPS_`` instead of ``OC_``, and the 2021-2027 extended layout that adds
programme and territory columns. Multi-valued cells (programmes, regions, comuni) are
separated by ``:::``.

Roles (``SOGG_COD_RUOLO``) and the relations proposed for the graph (source: the body,
target: the project):

====  ============  ===========================  ========================================
code  role          relation                     meaning
====  ============  ===========================  ========================================
1     Programmatore ``programming_authority_of`` programming authority of the programme
                                                 that finances the project
2     Attuatore     ``implementer_of``           body that implements the project
3     Beneficiario  ``beneficiary_of``           beneficiary; when a project has several
                    (``partner_of`` when the     beneficiaries they form a partnership
                    project has several)         and each is a partner
4     Realizzatore  ``contractor_of``            contractor that carries out the works
====  ============  ===========================  ========================================

Any other role code is an error. Rows whose subject is a natural person (a 16-character
tax code, or a legal form of group 1.1: individual entrepreneur, freelancer,
self-employed) are dropped: neither their tax code nor their name is written anywhere,
only how many there were per project and role (``person_counts.parquet``).

Output (one folder per import, see :func:`import_opencoesione`): ``projects.parquet``,
``bodies.parquet``, ``roles.parquet``, ``person_counts.parquet``, ``manifest.json`` and
``review.csv``.

Examples
--------
>>> ROLES[3].name, ROLES[3].relation
('Beneficiario', 'beneficiary_of')
>>> sorted(WELFARE_THEMES)
['08', '09', '10']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from graphkit.opendata._engine import (
    OpenDataError,
    Source,
    Tally,
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
from graphkit.opendata.resolve import Registry, write_review
from graphkit.schema.identifiers import region_code
from graphkit.sql import sql_list, sql_string

__all__ = [
    "CYCLES",
    "ROLES",
    "THEMES",
    "WELFARE_THEMES",
    "ImportSummary",
    "Role",
    "import_opencoesione",
]


@dataclass(frozen=True)
class Role:
    """A role code of ``SOGG_COD_RUOLO``: Italian name, English meaning, proposed relation."""

    code: int
    name: str
    meaning: str
    relation: str


ROLES: dict[int, Role] = {
    1: Role(1, "Programmatore", "programming authority of the project's programme",
            "programming_authority_of"),
    2: Role(2, "Attuatore", "implementing body", "implementer_of"),
    3: Role(3, "Beneficiario", "beneficiary (several beneficiaries form a partnership)",
            "beneficiary_of"),
    4: Role(4, "Realizzatore", "contractor", "contractor_of"),
}

#: ``OC_COD_TEMA_SINTETICO`` codes and names (the 2007-2013 names of 2012 dumps map onto them).
THEMES: dict[str, str] = {
    "01": "Ricerca e innovazione", "02": "Reti e servizi digitali",
    "03": "Competitività imprese", "04": "Energia", "05": "Ambiente",
    "06": "Cultura e turismo", "07": "Trasporti e mobilità", "08": "Occupazione e lavoro",
    "09": "Inclusione sociale e salute", "10": "Istruzione e formazione",
    "11": "Capacità amministrativa", "12": "Rinnovamento urbano e rurale",
}

#: Themes of territorial welfare: employment, social inclusion and health, education.
WELFARE_THEMES: frozenset[str] = frozenset({"08", "09", "10"})

#: ``OC_COD_CICLO`` codes and the programming cycles they stand for.
CYCLES: dict[str, str] = {"1": "2007-2013", "2": "2014-2020", "3": "2021-2027"}

# 2012 dumps name the theme only (``DPS_TEMA_SINTETICO``, upper case).
_THEMES_2012: dict[str, str] = {
    "RICERCA E INNOVAZIONE": "01", "AGENDA DIGITALE": "02",
    "COMPETITIVITÀ PER LE IMPRESE": "03", "ENERGIA E EFFICIENZA ENERGETICA": "04",
    "AMBIENTE E PREVENZIONE DEI RISCHI": "05",
    "ATTRAZIONE CULTURALE, NATURALE E TURISTICA": "06",
    "TRASPORTI E INFRASTRUTTURE A RETE": "07", "OCCUPAZIONE E MOBILITÀ DEI LAVORATORI": "08",
    "INCLUSIONE SOCIALE": "09", "SERVIZI DI CURA INFANZIA E ANZIANI": "09", "ISTRUZIONE": "10",
    "RAFFORZAMENTO CAPACITÀ DELLA PA": "11", "RAFFORZAMENTO DELLE CAPACITÀ DELLA PA": "11",
    "RINNOVAMENTO URBANO E RURALE": "12",
}

_AMOUNTS: dict[str, str] = {
    "funding_eu": "FINANZ_UE", "funding_eu_erdf": "FINANZ_UE_FESR",
    "funding_eu_esf": "FINANZ_UE_FSE", "funding_state_fsc": "FINANZ_STATO_FSC",
    "funding_state_pac": "FINANZ_STATO_PAC", "funding_region": "FINANZ_REGIONE",
    "funding_province": "FINANZ_PROVINCIA", "funding_municipality": "FINANZ_COMUNE",
    "funding_private": "FINANZ_PRIVATO", "funding_total_public": "FINANZ_TOTALE_PUBBLICO",
    "funding_total_public_net": "OC_FINANZ_TOT_PUB_NETTO",
}

# logical column -> (column in the current layout, column in the 2012 ``DPS_`` layout)
_SOGGETTI = {
    "project_code": ("COD_LOCALE_PROGETTO", "COD_LOCALE_PROGETTO"),
    "role_code": ("SOGG_COD_RUOLO", "SOGG_COD_RUOLO"),
    "progressive": ("SOGG_PROGR_RUOLO", "SOGG_PROGR_RUOLO"),
    "cf": ("OC_CODICE_FISCALE_SOGG", "DPS_CODICE_FISCALE_SOGG"),
    "name": ("OC_DENOMINAZIONE_SOGG", "DPS_DENOMINAZIONE_SOGG"),
    "legal_form_code": ("COD_FORMA_GIURIDICA_SOGG", "COD_FORMA_GIURIDICA_SOGG"),
    "legal_form": ("DESCR_FORMA_GIURIDICA_SOGG", "DESCR_FORMA_GIURIDICA_SOGG"),
    "comune": ("COD_COMUNE_SEDE_SOGG", "COD_COMUNE_SEDE_SOGG"),
    "ipa": ("OC_COD_ENTE_IPA", None),
    "bdap": ("OC_COD_ENTE_BDAP", None),
}
_PROGETTI_REQUIRED = {
    "current": ("COD_LOCALE_PROGETTO", "CUP", "OC_LINK", "OC_TITOLO_PROGETTO", "OC_COD_CICLO",
                "OC_COD_TEMA_SINTETICO", "OC_TEMA_SINTETICO", "OC_DATA_INIZIO_PROGETTO",
                "FINANZ_UE", "FINANZ_TOTALE_PUBBLICO"),
    "2012": ("COD_LOCALE_PROGETTO", "CUP", "DPS_TITOLO_PROGETTO", "DPS_TEMA_SINTETICO",
             "DATA_INIZIO_PREVISTA", "DATA_INIZIO_EFFETTIVA", "FINANZ_UE",
             "FINANZ_TOTALE_PUBBLICO"),
}
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote, as also recorded in its ``manifest.json``.

    Attributes
    ----------
    folder : Path
        The imported-source folder (``<out>/<dataset>``).
    dataset, release : str, str or None
        Name of the dataset and release date (``YYYY-MM-DD``) of the files read.
    counts : dict
        Rows written per output file.
    dropped : dict
        Rows not imported, by reason.
    merges : dict
        Imported body id -> curated entity id, when a registry was given.
    """

    folder: Path
    dataset: str
    release: str | None
    counts: dict[str, int]
    dropped: dict[str, int]
    merges: dict[str, str]


def _as_paths(value: Path | str | Sequence[Path | str]) -> list[Path]:
    if isinstance(value, str | Path):
        return [Path(value)]
    return [Path(v) for v in value]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _txt(expr: str) -> str:
    return f"nullif(trim(CAST({expr} AS VARCHAR)), '')"


class _Columns:
    """Case-insensitive access to a source's columns, with their DuckDB types."""

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, names: list[str]):
        self.source = source
        types = {}
        if source.kind == "parquet":
            rows = con.execute(f"DESCRIBE SELECT * FROM {source.scan()}").fetchall()
            types = {row[0].upper(): str(row[1]) for row in rows}
        self.names = {name.upper(): name for name in names}
        self.types = types

    def has(self, name: str) -> bool:
        return name.upper() in self.names

    def col(self, name: str | None) -> str:
        """The quoted column, or ``NULL`` when absent."""
        if name is None or not self.has(name):
            return "NULL"
        return _q(self.names[name.upper()])

    def numeric(self, name: str) -> bool:
        return self.types.get(name.upper(), "VARCHAR").startswith(_NUMERIC)

    def require(self, names: Sequence[str], what: str) -> None:
        for name in names:
            if not self.has(name):
                raise OpenDataError(f"{self.source.name}: column {name} is missing "
                                    f"(required in {what})")


def _layout(cols: _Columns, table: str) -> str:
    if table == "soggetti":
        if cols.has("OC_CODICE_FISCALE_SOGG"):
            return "current"
        if cols.has("DPS_CODICE_FISCALE_SOGG"):
            return "2012"
        marker = "OC_CODICE_FISCALE_SOGG or DPS_CODICE_FISCALE_SOGG"
    else:
        if cols.has("OC_TITOLO_PROGETTO"):
            return "extended" if cols.has("OC_CODICE_PROGRAMMA") else "current"
        if cols.has("DPS_TITOLO_PROGETTO"):
            return "2012"
        marker = "OC_TITOLO_PROGETTO or DPS_TITOLO_PROGETTO"
    found = ", ".join(sorted(cols.names.values()))[:300]
    raise OpenDataError(f"{cols.source.name}: not an OpenCoesione {table} file (wrong layout: "
                        f"no column {marker}; columns are {found})")


def _date(cols: _Columns, name: str | None) -> tuple[str, str]:
    """(parsed DATE expression, check that is true when a value is malformed)."""
    if name is None or not cols.has(name):
        return "CAST(NULL AS DATE)", "false"
    raw = _txt(cols.col(name))
    raw = f"regexp_replace({raw}, '\\.0$', '')"
    parsed = f"CAST(try_strptime({raw}, '%Y%m%d') AS DATE)"
    return parsed, f"({raw} IS NOT NULL AND NOT regexp_full_match({raw}, '[0-9]{{8}}') " \
                   f"OR {raw} IS NOT NULL AND {parsed} IS NULL)"


def _amount(cols: _Columns, name: str) -> tuple[str, str]:
    if not cols.has(name):
        return "CAST(NULL AS DECIMAL(18,2))", "false"
    col = cols.col(name)
    if cols.numeric(name):
        return f"CAST({col} AS DECIMAL(18,2))", "false"
    raw = _txt(col)
    parsed = f"TRY_CAST(replace({raw}, ',', '.') AS DECIMAL(18,2))"
    return parsed, f"({raw} IS NOT NULL AND {parsed} IS NULL)"


def _multi(expr: str) -> str:
    return (f"CASE WHEN {_txt(expr)} IS NULL THEN CAST(NULL AS VARCHAR[]) ELSE "
            f"list_filter(list_transform(string_split({_txt(expr)}, ':::'), lambda x: trim(x)),"
            " lambda x: x <> '') END")


@dataclass(frozen=True)
class _Filters:
    themes: tuple[str, ...] | None
    cycles: tuple[str, ...] | None
    programmes: tuple[str, ...] | None
    regions: tuple[str, ...] | None
    since: date | None
    until: date | None

    def manifest(self) -> dict[str, object]:
        return {"themes": self.themes, "cycles": self.cycles, "programmes": self.programmes,
                "regions": self.regions,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None}


def _filters(themes: Sequence[str] | None, cycles: Sequence[str] | None,
             programmes: Sequence[str] | None, regions: Sequence[str] | None,
             since: date | str | None, until: date | str | None) -> _Filters:
    def norm_theme(value: str) -> str:
        text = str(value).strip()
        return text.zfill(2) if text.isdigit() else text

    def norm_region(value: str) -> str:
        code = region_code(value)
        if code is None:
            raise OpenDataError(f"unknown region {value!r}: give an ISTAT region code "
                                "(01-20) or a region name")
        return code

    def as_date(value: date | str | None, what: str) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise OpenDataError(f"{what}: {value!r} is not a date YYYY-MM-DD") from exc

    return _Filters(
        tuple(sorted({norm_theme(t) for t in themes})) if themes else None,
        tuple(sorted({str(c).strip() for c in cycles})) if cycles else None,
        tuple(sorted({str(p).strip() for p in programmes})) if programmes else None,
        tuple(sorted({norm_region(r) for r in regions})) if regions else None,
        as_date(since, "since"), as_date(until, "until"))


def _project_select(cols: _Columns, layout: str, flt: _Filters) -> tuple[str, str]:
    """(SELECT list of the staging row, WHERE clause of the pushed-down filters)."""
    old = layout == "2012"
    code = _txt(cols.col("COD_LOCALE_PROGETTO"))
    if old:
        theme_raw = _txt(cols.col("DPS_TEMA_SINTETICO"))
        whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _THEMES_2012.items())
        theme_code = f"CASE upper({theme_raw}) {whens} END"
        theme = theme_raw
        cycle_code, cycle = "'1'", "'2007-2013'"
        start_eff, bad_eff = _date(cols, "DATA_INIZIO_EFFETTIVA")
        start_prev, bad_prev = _date(cols, "DATA_INIZIO_PREVISTA")
        start, bad_start = f"coalesce({start_eff}, {start_prev})", f"({bad_eff} OR {bad_prev})"
        end_planned, bad_end_p = _date(cols, "DATA_FINE_PREVISTA")
        end_actual, bad_end_a = _date(cols, "DATA_FINE_EFFETTIVA")
        title, link = cols.col("DPS_TITOLO_PROGETTO"), "NULL"
        programme, programme_name = "DPS_CODICE_PROGRAMMA", "DPS_DESCRIZIONE_PROGRAMMA"
    else:
        raw = _txt(cols.col("OC_COD_TEMA_SINTETICO"))
        raw = f"regexp_replace({raw}, '\\.0$', '')"
        theme_code = f"CASE WHEN regexp_full_match({raw}, '[0-9]') THEN '0' || {raw} ELSE {raw} END"
        theme = cols.col("OC_TEMA_SINTETICO")
        cycle_code = f"regexp_replace({_txt(cols.col('OC_COD_CICLO'))}, '\\.0$', '')"
        cycle = cols.col("OC_DESCR_CICLO")
        start, bad_start = _date(cols, "OC_DATA_INIZIO_PROGETTO")
        end_planned, bad_end_p = _date(cols, "OC_DATA_FINE_PROGETTO_PREVISTA")
        end_actual, bad_end_a = _date(cols, "OC_DATA_FINE_PROGETTO_EFFETTIVA")
        title, link = cols.col("OC_TITOLO_PROGETTO"), cols.col("OC_LINK")
        programme, programme_name = "OC_CODICE_PROGRAMMA", "OC_DESCRIZIONE_PROGRAMMA"
    if cols.has("COD_REGIONE"):
        regions = (f"list_transform({_multi(cols.col('COD_REGIONE'))}, "
                   "lambda x: lpad(regexp_replace(x, '\\.0$', ''), 2, '0'))")
    elif cols.has("COD_COMUNE"):
        regions = (f"list_distinct(list_filter(list_transform({_multi(cols.col('COD_COMUNE'))},"
                   " lambda x: gk_region_of_comune(x)), lambda x: x IS NOT NULL))")
    else:
        regions = "CAST(NULL AS VARCHAR[])"
    comuni = (f"list_filter(list_transform({_multi(cols.col('COD_COMUNE'))}, "
              "lambda x: gk_istat(x)), lambda x: x IS NOT NULL)")
    checks = [(f"{code} IS NULL", "COD_LOCALE_PROGETTO", "empty project code")]
    dates = (("OC_DATA_INIZIO_PROGETTO" if not old else "DATA_INIZIO_*", bad_start),
             ("OC_DATA_FINE_PROGETTO_PREVISTA" if not old else "DATA_FINE_PREVISTA", bad_end_p),
             ("OC_DATA_FINE_PROGETTO_EFFETTIVA" if not old else "DATA_FINE_EFFETTIVA", bad_end_a))
    checks += [(bad, name, "malformed date (expected YYYYMMDD)") for name, bad in dates]
    amounts = []
    for out, src in _AMOUNTS.items():
        parsed, bad = _amount(cols, src)
        amounts.append(f"{parsed} AS {out}")
        checks.append((bad, src, "malformed amount"))
    problem = "CASE " + " ".join(
        f"WHEN {cond} THEN '{col}: {why}'" for cond, col, why in checks if cond != "false"
    ) + " END"
    select = ",\n".join([
        f"{code} AS project_code", f"{_txt(cols.col('CUP'))} AS cup",
        f"{_txt(title)} AS title", f"{_txt(link)} AS link",
        f"{theme_code} AS theme_code", f"{_txt(theme)} AS theme",
        f"{cycle_code} AS cycle_code", f"{_txt(cycle)} AS cycle",
        f"{_multi(cols.col(programme))} AS programme_codes",
        f"{_multi(cols.col(programme_name))} AS programme_names",
        f"{regions} AS region_codes", f"{comuni} AS comuni",
        f"{start} AS start_date", f"{end_planned} AS end_date_planned",
        f"{end_actual} AS end_date_actual", *amounts, f"{problem} AS problem",
    ])
    where = ["true"]
    if flt.themes:
        where.append(f"({theme_code}) IN ({sql_list(flt.themes)[1:-1]})")
    if flt.cycles:
        labels = sql_list(flt.cycles)[1:-1]
        where.append(f"(({cycle_code}) IN ({labels}) OR {_txt(cycle)} IN ({labels}))")
    if flt.programmes:
        if not cols.has(programme):
            raise OpenDataError(f"{cols.source.name}: a programme filter needs column "
                                f"{programme}, absent from this layout ({layout})")
        where.append(f"list_has_any({_multi(cols.col(programme))}, {sql_list(flt.programmes)})")
    if flt.regions:
        if regions.startswith("CAST(NULL"):
            raise OpenDataError(f"{cols.source.name}: a region filter needs column COD_REGIONE "
                                f"or COD_COMUNE, absent from this layout ({layout}); use the "
                                "2021-2027 extended layout")
        where.append(f"list_has_any({regions}, {sql_list(flt.regions)})")
    if flt.since or flt.until:  # keep malformed and missing dates: refused or counted later
        low = f"DATE '{flt.since.isoformat()}'" if flt.since else "DATE '0001-01-01'"
        high = f"DATE '{flt.until.isoformat()}'" if flt.until else "DATE '9999-12-31'"
        where.append(f"(({start}) IS NULL OR ({start}) BETWEEN {low} AND {high})")
    return select, " AND ".join(where)


def _stage_projects(con: duckdb.DuckDBPyConnection, sources: list[Source], flt: _Filters,
                    tally: Tally) -> list[dict[str, object]]:
    files: list[dict[str, object]] = []
    for index, source in enumerate(sources):
        source, names = columns_of(con, source)
        cols = _Columns(con, source, names)
        layout = _layout(cols, "progetti")
        cols.require(_PROGETTI_REQUIRED["2012" if layout == "2012" else "current"],
                     f"the {layout} layout of progetti")
        source = cols.source = settle_encoding(con, source)
        select, where = _project_select(cols, layout, flt)
        verb = "CREATE TABLE projects AS" if index == 0 else "INSERT INTO projects"
        try:
            con.execute(f"{verb} SELECT {index} AS file_index, '{source.name.replace(chr(39), '')}'"
                        f" AS file, {select} FROM {source.scan()} WHERE {where}")
            total = con.execute(f"SELECT count(*) FROM {source.scan()}").fetchone()
        except duckdb.Error as exc:
            raise duckdb_error(source, exc) from exc
        bad = con.execute("SELECT project_code, problem FROM projects WHERE problem IS NOT NULL "
                          f"AND file_index = {index} ORDER BY project_code LIMIT 1").fetchone()
        if bad:
            _refuse(con, source, cols, bad[0], bad[1])
        read = int(total[0]) if total else 0
        tally.read[f"progetti:{source.name}"] = read
        files.append({"name": source.name, "table": "progetti", "layout": layout,
                      "size": source.size, "encoding": source.encoding or None, "rows": read})
    dup = con.execute("SELECT project_code, list_sort(list(file)) FROM projects "
                      "GROUP BY project_code HAVING count(*) > 1 ORDER BY 1 LIMIT 1").fetchone()
    if dup:
        raise OpenDataError(f"{', '.join(dup[1])}: project code {dup[0]} appears more than once "
                            "(column COD_LOCALE_PROGETTO)")
    if flt.since or flt.until:
        row = con.execute("SELECT count(*) FROM projects WHERE start_date IS NULL").fetchone()
        con.execute("DELETE FROM projects WHERE start_date IS NULL")
        if row and row[0]:
            tally.dropped["projects without a start date (date filter set)"] = int(row[0])
    kept = con.execute("SELECT count(*) FROM projects").fetchone()
    read = sum(v for k, v in tally.read.items() if k.startswith("progetti:"))
    tally.dropped["projects not selected by the filters"] = read - (int(kept[0]) if kept else 0) \
        - tally.dropped.get("projects without a start date (date filter set)", 0)
    return files


def _refuse(con: duckdb.DuckDBPyConnection, source: Source, cols: _Columns, key: str,
            problem: str) -> None:
    column = problem.split(":", 1)[0]
    row = row_number_of(con, source, f"trim(CAST({cols.col('COD_LOCALE_PROGETTO')} AS VARCHAR))"
                                     f" = {sql_string(key)}")
    value = ""
    if cols.has(column):
        found = con.execute(f"SELECT CAST({cols.col(column)} AS VARCHAR) FROM {source.scan()} "
                            f"WHERE trim(CAST({cols.col('COD_LOCALE_PROGETTO')} AS VARCHAR)) = "
                            f"{sql_string(key)} LIMIT 1").fetchone()
        value = f" {found[0]!r}" if found else ""
    where = f"row {row}" if row else "a row"
    raise OpenDataError(f"{source.name}, {where} (project {key}), column {column}: "
                        f"{problem.split(': ', 1)[1]}{value}")


def _stage_roles(con: duckdb.DuckDBPyConnection, sources: list[Source],
                 tally: Tally) -> list[dict[str, object]]:
    files: list[dict[str, object]] = []
    for index, source in enumerate(sources):
        source, names = columns_of(con, source)
        cols = _Columns(con, source, names)
        layout = _layout(cols, "soggetti")
        pick = 0 if layout == "current" else 1
        needed = [cols_[pick] for cols_ in _SOGGETTI.values() if cols_[pick]]
        cols.require(needed, f"the {layout} layout of soggetti")
        source = cols.source = settle_encoding(con, source)
        c = {key: cols.col(names_[pick]) for key, names_ in _SOGGETTI.items()}
        role_raw = f"regexp_replace({_txt(c['role_code'])}, '\\.0$', '')"
        prog_raw = f"regexp_replace({_txt(c['progressive'])}, '\\.0$', '')"
        select = f"""
            {index} AS file_index, '{source.name.replace("'", "")}' AS file,
            {_txt(c['project_code'])} AS project_code,
            {role_raw} AS role_raw,
            TRY_CAST({role_raw} AS TINYINT) AS role_code,
            TRY_CAST({prog_raw} AS INTEGER) AS progressive,
            {prog_raw} AS progressive_raw,
            gk_cf_kind({c['cf']}) AS cf_kind,
            gk_norm_cf({c['cf']}) AS cf,
            regexp_replace({_txt(c['name'])}, '\\s+', ' ', 'g') AS name,
            {_txt(c['legal_form_code'])} AS legal_form_code,
            {_txt(c['legal_form'])} AS legal_form,
            gk_istat({c['comune']}) AS comune,
            gk_ipa({c['ipa']}) AS ipa,
            {_txt(c['bdap'])} AS bdap"""
        verb = "CREATE TABLE roles AS" if index == 0 else "INSERT INTO roles"
        try:
            con.execute(f"{verb} SELECT {select} FROM {source.scan()} WHERE "
                        f"{_txt(c['project_code'])} IN (SELECT project_code FROM projects)")
            total = con.execute(f"SELECT count(*) FROM {source.scan()}").fetchone()
        except duckdb.Error as exc:
            raise duckdb_error(source, exc) from exc
        bad = con.execute(f"""SELECT project_code, role_raw, progressive_raw,
                CASE WHEN role_code IS NULL OR role_code NOT IN (1, 2, 3, 4)
                     THEN 'SOGG_COD_RUOLO' ELSE 'SOGG_PROGR_RUOLO' END
            FROM roles WHERE file_index = {index} AND (role_code IS NULL
                OR role_code NOT IN (1, 2, 3, 4)
                OR (progressive_raw IS NOT NULL AND progressive IS NULL))
            ORDER BY project_code LIMIT 1""").fetchone()
        if bad:
            key, role, prog, column = bad
            cond = (f"{_txt(c['project_code'])} = '{key}' AND "
                    + (f"{role_raw} IS NOT DISTINCT FROM {_lit(role)}" if column ==
                       "SOGG_COD_RUOLO" else f"{prog_raw} IS NOT DISTINCT FROM {_lit(prog)}"))
            row = row_number_of(con, source, cond)
            what = (f"unknown role code {role!r} (known: 1 Programmatore, 2 Attuatore, "
                    "3 Beneficiario, 4 Realizzatore)" if column == "SOGG_COD_RUOLO"
                    else f"malformed progressive {prog!r}")
            raise OpenDataError(f"{source.name}, row {row} (project {key}), column {column}: "
                                f"{what}")
        read = int(total[0]) if total else 0
        tally.read[f"soggetti:{source.name}"] = read
        files.append({"name": source.name, "table": "soggetti", "layout": layout,
                      "size": source.size, "encoding": source.encoding or None, "rows": read})
    staged = con.execute("SELECT count(*) FROM roles").fetchone()
    read = sum(v for k, v in tally.read.items() if k.startswith("soggetti:"))
    tally.dropped["role rows of projects not selected (filters) or absent from progetti"] = \
        read - (int(staged[0]) if staged else 0)
    return files


def _lit(value: object) -> str:
    return "NULL" if value is None else sql_string(str(value))


_PERSON = ("(cf_kind = 'person' OR regexp_full_match(coalesce(legal_form_code, ''), "
           "'1\\.1([.].*)?'))")

#: Kind of body (a graphkit organisation type) from the legal form's label and code.
KIND_SQL = """CASE
    WHEN ipa LIKE 'c\\_%' ESCAPE '\\' THEN 'municipality'
    WHEN ipa LIKE 'r\\_%' ESCAPE '\\' THEN 'region'
    WHEN lf LIKE '%COOPERATIV%' THEN 'cooperative'
    WHEN lf LIKE '%CONSORZI%' THEN 'consortium'
    WHEN lf LIKE '%FONDAZION%' THEN 'foundation'
    WHEN lf LIKE '%CAMERA DI COMMERCIO%' THEN 'chamber_of_commerce'
    WHEN lf LIKE '%UNIONE DI COMUNI%' OR lf LIKE '%COMUNITA%MONTANA%' THEN 'public_agency'
    WHEN lf = 'COMUNE' OR lf LIKE 'COMUNE %' THEN 'municipality'
    WHEN lf LIKE '%PROVINCIA%' OR lf LIKE '%CITTA%METROPOLITANA%' THEN 'province'
    WHEN lf LIKE 'REGIONE%' THEN 'region'
    WHEN lf LIKE '%UNIVERSIT%' OR lf LIKE '%RICERCA%' THEN 'research_body'
    WHEN lf LIKE '%ASSOCIAZION%' AND lf LIKE '%CATEGORIA%' THEN 'trade_association'
    WHEN lf LIKE '%SINDACA%' THEN 'trade_union'
    WHEN lf LIKE '%SOCIET%' OR lf LIKE '%IMPRES%' OR lf LIKE '%S.R.L%' OR lf LIKE '%S.P.A%'
         OR lfc LIKE '1.%' THEN 'company'
    WHEN lfc LIKE '2.%' OR lf LIKE '%PUBBLIC%' OR lf LIKE '%AZIENDA SANITARIA%'
         OR lf LIKE '%AMMINISTRAZIONE%' THEN 'public_agency'
    ELSE 'organisation' END"""


def _build_outputs(con: duckdb.DuckDBPyConnection, tally: Tally) -> None:
    con.execute(f"""CREATE TABLE person_rows AS SELECT project_code, role_code, count(*) AS persons
                    FROM roles WHERE {_PERSON} GROUP BY ALL""")
    con.execute(f"DELETE FROM roles WHERE {_PERSON}")
    stats = con.execute("""SELECT count(*) FILTER (WHERE cf_kind = 'placeholder'),
            count(*) FILTER (WHERE cf_kind = 'invalid'), count(*) FILTER (WHERE cf_kind = 'missing')
            FROM roles""").fetchone() or (0, 0, 0)
    tally.notes["role rows with a placeholder tax code (not used as identifier)"] = int(stats[0])
    tally.notes["role rows with an invalid tax code (not used as identifier)"] = int(stats[1])
    tally.notes["role rows without a tax code"] = int(stats[2])
    # an IPA code carried with exactly one valid tax code stands for that body
    con.execute("""CREATE TABLE ipa_cf AS SELECT ipa, min(cf) AS cf FROM roles
                   WHERE cf_kind = 'body' AND ipa IS NOT NULL GROUP BY ipa
                   HAVING count(DISTINCT cf) = 1""")
    con.execute("""CREATE TABLE keyed AS SELECT r.*,
        CASE WHEN r.cf_kind = 'body' THEN 'cf-' || r.cf
             WHEN m.cf IS NOT NULL THEN 'cf-' || m.cf
             WHEN r.ipa IS NOT NULL THEN 'ipa-' || trim(regexp_replace(r.ipa, '[^a-z0-9]+', '-',
                                                        'g'), '-')
             WHEN r.name IS NOT NULL THEN 'oc-' || substr(md5(upper(r.name) || '|'
                                                        || coalesce(r.comune, '')), 1, 16)
        END AS body_id,
        CASE WHEN r.cf_kind = 'body' OR m.cf IS NOT NULL THEN 'cf'
             WHEN r.ipa IS NOT NULL THEN 'ipa' ELSE 'name' END AS id_basis,
        coalesce(CASE WHEN r.cf_kind = 'body' THEN r.cf END, m.cf) AS body_cf
        FROM roles r LEFT JOIN ipa_cf m USING (ipa)""")
    unnamed = con.execute("SELECT count(*) FROM keyed WHERE body_id IS NULL").fetchone()
    if unnamed and unnamed[0]:
        tally.dropped["role rows without tax code, IPA code or name"] = int(unnamed[0])
        con.execute("DELETE FROM keyed WHERE body_id IS NULL")
    con.execute("DROP TABLE roles")
    con.execute("""CREATE TABLE beneficiaries AS SELECT project_code, count(*) AS n
                   FROM keyed WHERE role_code = 3 GROUP BY project_code""")


def _bodies_query() -> str:
    return f"""
    WITH names AS (
        SELECT body_id, name, count(*) AS n FROM keyed WHERE name IS NOT NULL GROUP BY ALL
    ), best AS (
        SELECT body_id, first(name ORDER BY n DESC, name) AS name FROM names GROUP BY body_id
    ), agg AS (
        SELECT body_id, min(id_basis) AS id_basis, min(body_cf) AS cf, min(ipa) AS ipa_code,
               min(bdap) AS bdap_code, min(comune) AS istat_comune,
               min(legal_form_code) AS legal_form_code, min(legal_form) AS legal_form,
               count(*) AS role_rows, count(DISTINCT project_code) AS projects
        FROM keyed GROUP BY body_id
    )
    SELECT a.body_id, b.name,
           (SELECT {KIND_SQL} FROM (SELECT upper(strip_accents(coalesce(a.legal_form, ''))) AS lf,
                                    coalesce(a.legal_form_code, '') AS lfc,
                                    a.ipa_code AS ipa)) AS kind,
           a.legal_form_code, a.legal_form, a.cf, a.ipa_code, a.bdap_code, a.istat_comune,
           CASE WHEN a.ipa_code LIKE 'c\\_%' ESCAPE '\\' THEN a.istat_comune END AS istat_code,
           a.id_basis, a.role_rows, a.projects
    FROM agg a LEFT JOIN best b USING (body_id)
    ORDER BY a.body_id"""


def _projects_query(dataset: str, release: str | None) -> str:
    amounts = ", ".join(_AMOUNTS)
    rel = f"DATE '{release}'" if release else "CAST(NULL AS DATE)"
    return f"""
    SELECT CASE WHEN count(*) OVER (PARTITION BY slug) > 1
                THEN slug || '-' || substr(md5(project_code), 1, 8) ELSE slug END AS project_id,
           project_code, cup, title, theme_code, theme, cycle_code,
           coalesce(cycle, {_case_dict('cycle_code', CYCLES)}) AS cycle,
           programme_codes, programme_names, region_codes, comuni,
           start_date, end_date_planned, end_date_actual, {amounts}, link,
           CAST(coalesce(b.n, 0) AS INTEGER) AS beneficiaries,
           '{dataset}' AS dataset, {rel} AS release, file
    FROM (SELECT *, 'ocp-' || trim(regexp_replace(lower(project_code), '[^a-z0-9]+', '-', 'g'),
                                   '-') AS slug FROM projects) p
    LEFT JOIN beneficiaries b USING (project_code)
    ORDER BY project_code"""


def _case_dict(expr: str, mapping: Mapping[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {expr} {whens} END"


def _roles_query(dataset: str, release: str | None) -> str:
    rel = f"DATE '{release}'" if release else "CAST(NULL AS DATE)"
    names = {str(k): r.name for k, r in ROLES.items()}
    relations = {str(k): r.relation for k, r in ROLES.items()}
    return f"""
    SELECT k.project_code || '|' || k.role_code || '|' || coalesce(CAST(k.progressive AS VARCHAR),
           '') AS row_key,
           p.project_id, k.project_code, k.body_id, k.role_code,
           {_case_dict('CAST(k.role_code AS VARCHAR)', names)} AS role,
           CASE WHEN k.role_code = 3 AND coalesce(b.n, 0) > 1 THEN 'partner_of'
                ELSE {_case_dict('CAST(k.role_code AS VARCHAR)', relations)} END AS relation,
           k.progressive, '{dataset}' AS dataset, {rel} AS release, k.file
    FROM keyed k JOIN project_ids p USING (project_code)
    LEFT JOIN beneficiaries b USING (project_code)
    ORDER BY k.project_code, k.role_code, k.progressive NULLS LAST, k.body_id, k.file"""


def import_opencoesione(
    soggetti: Path | str | Sequence[Path | str],
    progetti: Path | str | Sequence[Path | str],
    out: Path | str,
    *,
    themes: Sequence[str] | None = None,
    cycles: Sequence[str] | None = None,
    programmes: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    registry: Registry | None = None,
    dataset: str | None = None,
) -> ImportSummary:
    """Import OpenCoesione projects and the bodies in them into ``<out>/<dataset>/``.

    Parameters
    ----------
    soggetti, progetti : path or sequence of paths
        Published files (``.parquet``, ``.zip`` of ``;``-separated CSV, or ``.csv``).
    out : path
        Folder that receives the imported-source folder.
    themes : codes of ``OC_COD_TEMA_SINTETICO`` (``WELFARE_THEMES`` for welfare).
    cycles : ``OC_COD_CICLO`` codes or labels (``"2"`` or ``"2014-2020"``).
    programmes : ``OC_CODICE_PROGRAMMA`` codes (extended layout).
    regions : ISTAT region codes or names, matched on ``COD_REGIONE`` or on the region of
        ``COD_COMUNE`` (extended layout).
    since, until : projects whose start date (``OC_DATA_INIZIO_PROGETTO``) is in the range.
    registry : curated entities, id -> {"cf", "ipa", "istat", "name", "aliases"}.
    dataset : folder name; default ``opencoesione-<release>``.

    Returns
    -------
    ImportSummary

    Raises
    ------
    OpenDataError
        Bad input (layout, missing column, truncated file, unknown role, malformed date or
        amount), naming file, row and column; nothing is written then.

    Examples
    --------
    >>> from graphkit.opendata.synth import write_opencoesione
    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> files = write_opencoesione(tmp / "in", projects=50, seed=1)
    >>> s = import_opencoesione(files["soggetti"], files["progetti"], tmp / "out",
    ...                         themes=sorted(WELFARE_THEMES))
    >>> s.folder.name, sorted(p.name for p in s.folder.iterdir())[:3]
    ('opencoesione-20250630', ['bodies.parquet', 'manifest.json', 'person_counts.parquet'])
    """
    soggetti_paths, progetti_paths = _as_paths(soggetti), _as_paths(progetti)
    flt = _filters(themes, cycles, programmes, regions, since, until)
    release = release_of(progetti_paths[0])
    name = dataset or (f"opencoesione-{release.replace('-', '')}" if release else "opencoesione")
    tally = Tally()
    target = Path(out) / name
    with staged_folder(target) as (staging, scratch):
        con = connect(scratch)
        try:
            prog_sources = open_sources(progetti_paths, scratch)
            sogg_sources = open_sources(soggetti_paths, scratch)
            files = _stage_projects(con, prog_sources, flt, tally)
            files += _stage_roles(con, sogg_sources, tally)
            _build_outputs(con, tally)
            counts = {
                "projects": copy_parquet(con, _projects_query(name, release),
                                         staging / "projects.parquet"),
            }
            con.execute("CREATE TABLE project_ids AS SELECT project_id, project_code FROM "
                        f"read_parquet({sql_string(staging / 'projects.parquet')})")
            counts["bodies"] = copy_parquet(con, _bodies_query(), staging / "bodies.parquet")
            counts["roles"] = copy_parquet(con, _roles_query(name, release),
                                           staging / "roles.parquet")
            counts["person_counts"] = copy_parquet(
                con, "SELECT project_code, role_code, persons FROM person_rows "
                     "ORDER BY project_code, role_code", staging / "person_counts.parquet")
            persons = con.execute("SELECT coalesce(sum(persons), 0) FROM person_rows").fetchone()
            tally.dropped["role rows of natural persons (counted in person_counts.parquet)"] = \
                int(persons[0]) if persons else 0
            merges = write_review(con, staging / "bodies.parquet", registry,
                                  staging / "review.csv")
        finally:
            con.close()
        tally.written = counts
        write_json(staging / "manifest.json", {
            "dataset": name, "source": "OpenCoesione", "licence": "CC BY 4.0",
            "attribution": "OpenCoesione - Presidenza del Consiglio dei Ministri, "
                           "Dipartimento per le politiche di coesione (source MEF-RGS-IGRUE)",
            "release": release,
            "releases_of_files": sorted({r for p in progetti_paths + soggetti_paths
                                         if (r := release_of(p))}),
            "files": files, "filters": flt.manifest(), "rows_read": tally.read,
            "rows_written": counts, "rows_dropped": tally.dropped, "notes": tally.notes,
            "merged_into_registry": len(merges),
            "roles": {str(k): {"name": r.name, "meaning": r.meaning, "relation": r.relation}
                      for k, r in ROLES.items()},
        })
    return ImportSummary(target, name, release, counts, dict(tally.dropped), merges)
