"""IndicePA import: public bodies with the same ids as OpenCoesione's."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from graphkit.opendata import import_indicepa

FIX = Path(__file__).resolve().parent / "fixtures" / "opendata"


def test_bodies(tmp_path):
    s = import_indicepa(FIX / "enti.csv", tmp_path,
                        registry={"borgo": {"istat": "46099"}, "x": {"name": "Regione fittizia"}})
    got = duckdb.connect().execute(
        f"SELECT body_id, kind, cf, ipa_code, istat_code, category FROM "
        f"read_parquet('{s.folder / 'bodies.parquet'}')").fetchall()
    assert got == [
        ("cf-80000000119", "municipality", "80000000119", "c_z999", "046099", "L6"),
        ("cf-80000000218", "public_agency", "80000000218", "asl_fit", None, "L8"),
        ("cf-80000000317", "chamber_of_commerce", "80000000317", "cciaa_fit", None, "L8"),
        ("cf-90000000019", "region", "90000000019", "r_fittiz", None, "L4"),
        ("ipa-efsi-fit", "public_agency", None, "efsi_fit", None, "L8"),
    ]
    assert s.merges == {"cf-80000000119": "borgo"}
    assert (s.folder / "review.csv").read_text().splitlines()[1] == \
        "cf-90000000019,Regione Fittizia,x,Regione fittizia,name"
    manifest = json.loads((s.folder / "manifest.json").read_text())
    assert manifest["rows_dropped"] == {"bodies with a natural person's tax code": 1}
    for path in s.folder.iterdir():
        data = path.read_bytes()
        for text in (b"FTTPRS80A01H501X", b"NOMEFITTIZIO", b"COGNOMEFITTIZIO", b"protocollo@"):
            assert text not in data
