"""Bad input is refused with file, row and column named, and nothing is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from graphkit.opendata import OpenDataError, import_indicepa, import_opencoesione

FIX = Path(__file__).resolve().parent / "fixtures" / "opendata"
BAD = FIX / "bad"
SOGG = FIX / "soggetti_20250630.csv"
PROG = FIX / "progetti_20250630.csv"


def refused(tmp_path: Path, soggetti, progetti, pattern: str, **kwargs) -> str:
    out = tmp_path / "out"
    with pytest.raises(OpenDataError, match=pattern) as info:
        import_opencoesione(soggetti, progetti, out, **kwargs)
    assert not out.exists() or not any(out.iterdir()), "nothing may be written"
    return str(info.value)


def test_unknown_role_code(tmp_path):
    message = refused(tmp_path, BAD / "soggetti_unknown_role_20250630.csv", PROG,
                      "unknown role code")
    assert message.startswith("soggetti_unknown_role_20250630.csv, row 4 (project FIXT001), "
                              "column SOGG_COD_RUOLO: unknown role code '7'")


def test_unknown_role_code_in_parquet(tmp_path):
    pq = tmp_path / "soggetti_20250630.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{BAD / 'soggetti_unknown_role_20250630.csv'}', delim=';',"
        f" header=true, all_varchar=true)) TO '{pq}' (FORMAT PARQUET)")
    message = refused(tmp_path, pq, PROG, "unknown role code")
    assert "soggetti_20250630.parquet, row 4 (project FIXT001), column SOGG_COD_RUOLO" in message


def test_malformed_date(tmp_path):
    message = refused(tmp_path, SOGG, BAD / "progetti_bad_date_20250630.csv", "malformed date")
    assert message == ("progetti_bad_date_20250630.csv, row 2 (project FIXT002), column "
                       "OC_DATA_INIZIO_PROGETTO: malformed date (expected YYYYMMDD) '20191315'")


def test_malformed_amount(tmp_path):
    message = refused(tmp_path, SOGG, BAD / "progetti_bad_amount_20250630.csv", "malformed amount")
    assert message == ("progetti_bad_amount_20250630.csv, row 3 (project FIXT003), column "
                       "FINANZ_TOTALE_PUBBLICO: malformed amount '12abc'")


def test_missing_column(tmp_path):
    refused(tmp_path, BAD / "soggetti_missing_column_20250630.csv", PROG,
            r"soggetti_missing_column_20250630.csv: column OC_COD_ENTE_IPA is missing")


def test_short_row_names_the_line(tmp_path):
    message = refused(tmp_path, SOGG, BAD / "progetti_short_row_20250630.csv", "cannot read")
    assert message.startswith("progetti_short_row_20250630.csv, line 4: cannot read")


def test_wrong_layout(tmp_path):
    refused(tmp_path, SOGG, FIX / "enti.csv", "not an OpenCoesione progetti file")
    refused(tmp_path, PROG, PROG, "not an OpenCoesione soggetti file")


def test_truncated_parquet(tmp_path):
    pq = tmp_path / "progetti_20250630.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{PROG}', delim=';', header=true,"
                             f" all_varchar=true)) TO '{pq}' (FORMAT PARQUET)")
    pq.write_bytes(pq.read_bytes()[:-100])
    refused(tmp_path, SOGG, pq, "progetti_20250630.parquet: not a complete Parquet file")


def test_truncated_zip(tmp_path):
    archive = tmp_path / "soggetti_20250630.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(SOGG, SOGG.name)
    archive.write_bytes(archive.read_bytes()[:-60])
    refused(tmp_path, archive, PROG, "soggetti_20250630.zip: not a complete zip archive")


def test_corrupt_zip_member(tmp_path):
    archive = tmp_path / "soggetti_20250630.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.write(SOGG, SOGG.name)
    data = bytearray(archive.read_bytes())
    data[200] ^= 0xFF  # inside the member: the CRC check fails on extraction
    archive.write_bytes(bytes(data))
    refused(tmp_path, archive, PROG, "not a complete zip archive")


def test_missing_file_and_unknown_kind(tmp_path):
    refused(tmp_path, tmp_path / "nope.parquet", PROG, "no such file")
    other = tmp_path / "soggetti.xlsx"
    other.write_text("x")
    refused(tmp_path, other, PROG, "expected a .parquet, .csv or .zip file")


def test_bad_date_filter(tmp_path):
    refused(tmp_path, SOGG, PROG, "since: '2020-13-01' is not a date", since="2020-13-01")


def test_indicepa_missing_column(tmp_path):
    with pytest.raises(OpenDataError, match="column Codice_IPA is missing"):
        import_indicepa(SOGG, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_indicepa_duplicate_code(tmp_path):
    lines = (FIX / "enti.csv").read_text(encoding="utf-8").splitlines()
    dup = tmp_path / "enti.csv"
    dup.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(OpenDataError, match="code 'c_z999' appears more than once"):
        import_indicepa(dup, tmp_path / "out")
