"""OpenCoesione import on hand-made files in the published layouts."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from graphkit.opendata import WELFARE_THEMES, OpenDataError, import_opencoesione, resolve_bodies

FIX = Path(__file__).resolve().parent / "fixtures" / "opendata"
SOGG = FIX / "soggetti_20250630.csv"
PROG = FIX / "progetti_20250630.csv"
PERSON_STRINGS = ("FTTPRS80A01H501X", "FTTMRA75C41D612R", "FTTGNN90T10L219E", "PERSEO", "MARA",
                  "GIANNI")
REGISTRY = {
    "coop-ancora": {"cf": "90000000118", "name": "Cooperativa sociale L'Àncora fittizia"},
    "comune-borgo": {"istat": "046099", "name": "Comune di Borgo Fittizio"},
    "ente-ipa": {"ipa": "EFSI_FIT"},
    "assoc-lavoro": {"name": "Associazione Fittizia per il Lavoro", "aliases": ["AFL"]},
}


def rows(path: Path, query: str = "SELECT * FROM t") -> list[tuple]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    return con.execute(query).fetchall()


def folder_bytes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def imported(tmp_path: Path):
    return import_opencoesione(SOGG, PROG, tmp_path / "out", registry=REGISTRY)


def test_outputs(imported):
    folder = imported.folder
    assert folder.name == "opencoesione-20250630" and imported.release == "2025-06-30"
    assert sorted(p.name for p in folder.iterdir()) == [
        "bodies.parquet", "manifest.json", "person_counts.parquet", "projects.parquet",
        "review.csv", "roles.parquet"]
    assert imported.counts == {"projects": 6, "bodies": 9, "roles": 19, "person_counts": 2}
    project = rows(folder / "projects.parquet", "SELECT project_id, theme_code, cycle, start_date,"
                   " end_date_planned, funding_eu, funding_region, funding_total_public, link,"
                   " beneficiaries FROM t WHERE project_code = 'FIXT001'")[0]
    assert project == ("ocp-fixt001", "09", "2014-2020", date(2016, 3, 1), date(2018, 12, 31),
                       Decimal("150000.00"), Decimal("1000.50"), Decimal("200000.00"),
                       "https://opencoesione.gov.it/it/progetti/fixt001/", 3)


def test_roles_and_relations(imported):
    got = rows(imported.folder / "roles.parquet",
               "SELECT row_key, body_id, role, relation FROM t WHERE project_code = 'FIXT001'")
    assert got == [
        ("FIXT001|1|1", "cf-90000000019", "Programmatore", "programming_authority_of"),
        ("FIXT001|2|1", "cf-80000000119", "Attuatore", "implementer_of"),
        ("FIXT001|3|1", "cf-90000000118", "Beneficiario", "partner_of"),
        ("FIXT001|3|2", "cf-90000000217", "Beneficiario", "partner_of"),
        ("FIXT001|3|3", "cf-90000000415", "Beneficiario", "partner_of"),
        ("FIXT001|4|1", "cf-90000000316", "Realizzatore", "contractor_of"),
    ]
    single = rows(imported.folder / "roles.parquet",
                  "SELECT relation FROM t WHERE project_code = 'FIXT005' AND role_code = 3")
    assert single == [("beneficiary_of",)]
    prov = rows(imported.folder / "roles.parquet", "SELECT DISTINCT dataset, release, file FROM t")
    assert prov == [("opencoesione-20250630", date(2025, 6, 30), "soggetti_20250630.csv")]


def test_identity_of_bodies(imported):
    bodies = {r[0]: r[1:] for r in rows(imported.folder / "bodies.parquet",
                                        "SELECT body_id, kind, cf, ipa_code, istat_code, id_basis"
                                        " FROM t")}
    # placeholder tax code with the comune's IPA code: the same body as its valid tax code
    assert bodies["cf-80000000119"] == ("municipality", "80000000119", "c_z999", "046099", "cf")
    assert bodies["ipa-efsi-fit"] == ("public_agency", None, "efsi_fit", None, "ipa")
    assert bodies["cf-90000000118"][0] == "cooperative"
    # a wrong check digit is not an identifier: the body is known by name (and seat) only
    by_name = [k for k, v in bodies.items() if v[-1] == "name"]
    assert len(by_name) == 2 and all(k.startswith("oc-") for k in by_name)
    assert "90000000110" not in {v[1] for v in bodies.values()}


def test_persons_are_never_written(imported):
    for path in imported.folder.iterdir():
        data = path.read_bytes()
        for text in PERSON_STRINGS:
            assert text.encode() not in data, (path.name, text)
    counts = rows(imported.folder / "person_counts.parquet")
    assert counts == [("FIXT002", 3, 2), ("FIXT006", 3, 1)]
    assert imported.dropped[
        "role rows of natural persons (counted in person_counts.parquet)"] == 3


def test_manifest(imported):
    import json
    manifest = json.loads((imported.folder / "manifest.json").read_text())
    assert manifest["rows_read"] == {"progetti:progetti_20250630.csv": 6,
                                     "soggetti:soggetti_20250630.csv": 23}
    assert manifest["rows_dropped"][
        "role rows of projects not selected (filters) or absent from progetti"] == 1
    assert manifest["notes"]["role rows with an invalid tax code (not used as identifier)"] == 1
    assert [f["encoding"] for f in manifest["files"]] == ["utf-8", "utf-8"]
    assert manifest["roles"]["4"]["relation"] == "contractor_of"


def test_registry_merges_by_identifier_and_reviews_names(imported):
    assert imported.merges == {"cf-80000000119": "comune-borgo",
                               "cf-90000000118": "coop-ancora", "ipa-efsi-fit": "ente-ipa"}
    assert resolve_bodies(imported.folder, REGISTRY) == imported.merges
    review = (imported.folder / "review.csv").read_text().splitlines()
    assert review == ["body_id,body_name,entity_id,entity_name,matched_on",
                      "cf-90000000217,ASSOCIAZIONE FITTIZIA PER IL LAVORO,assoc-lavoro,"
                      "Associazione Fittizia per il Lavoro,name"]


def test_same_input_gives_byte_identical_output(tmp_path):
    a = import_opencoesione(SOGG, PROG, tmp_path / "a", registry=REGISTRY)
    b = import_opencoesione(SOGG, PROG, tmp_path / "b", registry=REGISTRY)
    assert folder_bytes(a.folder) == folder_bytes(b.folder)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"themes": sorted(WELFARE_THEMES)}, ["FIXT001", "FIXT002", "FIXT004", "FIXT005", "FIXT006"]),
    ({"themes": ["9"]}, ["FIXT001", "FIXT005"]),
    ({"cycles": ["1", "2021-2027"]}, ["FIXT003", "FIXT004"]),
    ({"since": "2016-01-01", "until": date(2019, 12, 31)}, ["FIXT001", "FIXT002"]),
    ({"themes": ["10"], "since": "2015-01-01"}, ["FIXT004", "FIXT006"]),
])
def test_filters(tmp_path, kwargs, expected):
    s = import_opencoesione(SOGG, PROG, tmp_path, **kwargs)
    assert [r[0] for r in rows(s.folder / "projects.parquet",
                               "SELECT project_code FROM t")] == expected
    assert {r[0] for r in rows(s.folder / "roles.parquet",
                               "SELECT DISTINCT project_code FROM t")} <= set(expected)


def test_extended_layout_filters_on_programme_and_region(tmp_path):
    sogg = FIX / "soggetti_esteso_2021-2027_20250630.csv"
    prog = FIX / "progetti_esteso_2021-2027_20250630.csv"
    s = import_opencoesione(sogg, prog, tmp_path / "r", regions=["toscana"])
    got = rows(s.folder / "projects.parquet",
               "SELECT project_code, programme_codes, region_codes, comuni FROM t")
    assert got == [("FIXT101", ["2021IT05SFPR999"], ["09"], ["046017"]),
                   ("FIXT102", ["2021IT05SFPR999", "2021IT16RFPR998"], ["12", "09"],
                    ["058091", "048017"])]
    s = import_opencoesione(sogg, prog, tmp_path / "p", programmes=["2021IT16RFPR998"])
    assert [r[0] for r in rows(s.folder / "projects.parquet", "SELECT project_code FROM t")] == \
        ["FIXT102", "FIXT103"]


def test_region_filter_needs_territory_columns(tmp_path):
    with pytest.raises(OpenDataError, match="region filter needs column COD_REGIONE"):
        import_opencoesione(SOGG, PROG, tmp_path, regions=["09"])
    with pytest.raises(OpenDataError, match="unknown region"):
        import_opencoesione(SOGG, PROG, tmp_path, regions=["Atlantide"])
    assert not any(tmp_path.iterdir())


def test_2012_layout_latin1(tmp_path):
    s = import_opencoesione(FIX / "soggetti_20120630.csv", FIX / "progetti_20120630.csv", tmp_path,
                            themes=["09"])
    got = rows(s.folder / "projects.parquet", "SELECT project_code, title, theme_code, cycle,"
               " programme_codes, start_date, funding_eu, funding_region FROM t")
    assert got == [("FIX12A", "SERVIZI DI CURA FITTIZI PER LA CITTÀ", "09", "2007-2013",
                    ["2007IT051PO999"], date(2009, 3, 15), Decimal("1234.56"),
                    Decimal("100.00"))]
    bodies = rows(s.folder / "bodies.parquet", "SELECT body_id, name, istat_comune FROM t")
    assert ("cf-90000000514", "CITTÀ FITTIZIA SERVIZI SOCIALI", "046017") in bodies
    assert [f["encoding"] for f in s_manifest(s)["files"]] == ["latin-1", "latin-1"]


def s_manifest(summary):
    import json
    return json.loads((summary.folder / "manifest.json").read_text())


def _zip(csv: Path, target: Path, member: str | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv, member or csv.name)
    return target


def _parquet(csv: Path, target: Path, encoding: str = "utf-8") -> Path:
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv}', delim=';', header=true, all_varchar=true,"
                f" encoding='{encoding}')) TO '{target}' (FORMAT PARQUET)")
    return target


def _content(folder: Path) -> dict[str, list[tuple]]:
    out = {}
    for name in ("projects", "bodies", "roles", "person_counts"):
        cols = "* EXCLUDE (file)" if name in ("projects", "roles") else "*"
        out[name] = rows(folder / f"{name}.parquet", f"SELECT {cols} FROM t")
    return out


def test_parquet_and_zipped_csv_give_the_same_result(tmp_path):
    reference = _content(import_opencoesione(SOGG, PROG, tmp_path / "csv").folder)
    pq = import_opencoesione(_parquet(SOGG, tmp_path / "soggetti_20250630.parquet"),
                             _parquet(PROG, tmp_path / "progetti_20250630.parquet"),
                             tmp_path / "pq")
    assert _content(pq.folder) == reference
    zipped = import_opencoesione(_zip(SOGG, tmp_path / "soggetti_20250630.zip"),
                                 _zip(PROG, tmp_path / "progetti_20250630.zip"), tmp_path / "zip")
    assert _content(zipped.folder) == reference
    assert s_manifest(zipped)["files"][0]["name"] == "progetti_20250630.zip:progetti_20250630.csv"


def test_zipped_latin1_2012(tmp_path):
    s = import_opencoesione(_zip(FIX / "soggetti_20120630.csv", tmp_path / "soggetti_20120630.zip"),
                            _zip(FIX / "progetti_20120630.csv", tmp_path / "progetti_20120630.zip"),
                            tmp_path / "out")
    assert s.counts["projects"] == 2 and s.counts["roles"] == 4


def test_several_files_per_table(tmp_path):
    s = import_opencoesione([SOGG, FIX / "soggetti_esteso_2021-2027_20250630.csv"],
                            [PROG, FIX / "progetti_esteso_2021-2027_20250630.csv"], tmp_path)
    assert s.counts["projects"] == 9
    assert rows(s.folder / "projects.parquet", "SELECT count(DISTINCT file) FROM t") == [(2,)]


def test_existing_output_is_replaced_only_on_success(tmp_path):
    first = import_opencoesione(SOGG, PROG, tmp_path)
    before = folder_bytes(first.folder)
    with pytest.raises(OpenDataError):
        import_opencoesione(FIX / "bad" / "soggetti_unknown_role_20250630.csv", PROG, tmp_path,
                            dataset=first.folder.name)
    assert folder_bytes(first.folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.folder.name]
    shutil.rmtree(first.folder)
