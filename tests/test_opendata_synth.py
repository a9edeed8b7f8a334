"""Synthetic national files: published layouts, seeded, heavy-tailed, importable."""

from __future__ import annotations

import hashlib

import duckdb

from graphkit.opendata import WELFARE_THEMES, import_opencoesione
from graphkit.opendata.synth import PROGETTI_COLUMNS, SOGGETTI_COLUMNS, write_opencoesione


def test_layout_seed_and_shape(tmp_path):
    a = write_opencoesione(tmp_path / "a", projects=3000, roles=9500, seed=7,
                           formats=("parquet", "zip"))
    b = write_opencoesione(tmp_path / "b", projects=3000, roles=9500, seed=7)
    digest = [hashlib.sha256(x["soggetti"].read_bytes()).hexdigest() for x in (a, b)]
    assert digest[0] == digest[1]
    con = duckdb.connect()
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{a['soggetti']}'").fetchall()]
    assert tuple(cols) == SOGGETTI_COLUMNS
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{a['progetti']}'").fetchall()]
    assert tuple(cols) == PROGETTI_COLUMNS
    roles, biggest = con.execute(
        f"SELECT count(*), max(n) FROM (SELECT count(*) n FROM '{a['soggetti']}' "
        "WHERE SOGG_COD_RUOLO = 3 GROUP BY COD_LOCALE_PROGETTO)").fetchone()
    assert 8000 < con.execute(f"SELECT count(*) FROM '{a['soggetti']}'").fetchone()[0] < 11000
    assert biggest >= 10 and roles > 2000
    s = import_opencoesione(a["soggetti_zip"], a["progetti_zip"], tmp_path / "out",
                            themes=sorted(WELFARE_THEMES))
    assert 500 < s.counts["projects"] < 1000
