"""ISTAT territory reference: hand-checked facts, name resolution, and the hierarchy."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.schema import territories as T

VOCABULARY = "https://w3id.org/italia/controlled-vocabulary/territorial-classifications"
COMUNI = sorted(t.code for t in T.reference() if t.level == "municipality")


def codes(name: str, level: T.Level | None = None) -> list[str]:
    return [t.code for t in T.find(name, level)]


def test_counts_match_the_metadata():
    counts = Counter(t.level for t in T.reference())
    assert counts == {"region": 20, "province": 107, "municipality": 7896}
    meta = T.metadata()
    assert (meta["regions"], meta["provinces"], meta["municipalities"]) == ("20", "107", "7896")
    assert T.RELEASE == "2024-12"
    assert "CC-BY" in T.LICENCE and "MIT" in T.LICENCE


def test_voghera_is_in_the_province_of_pavia_in_lombardy():
    voghera = T.by_code("018182")
    assert (voghera.name, voghera.level, voghera.cadastral_code) == ("Voghera", "municipality",
                                                                     "M109")
    assert [(t.code, t.name) for t in T.ancestors(voghera)] == [("018", "Pavia"),
                                                                ("03", "Lombardia")]
    assert T.by_code("018").sigla == "PV"
    assert T.region_of("018182").code == "03"
    assert codes("Voghera") == ["018182"]
    assert codes("Provincia di Pavia") == ["018"]


def test_carrara_is_in_massa_carrara_in_tuscany():
    assert codes("Carrara") == ["045003"]
    assert [(t.code, t.name) for t in T.ancestors("045003")] == [("045", "Massa-Carrara"),
                                                                 ("09", "Toscana")]
    assert codes("provincia di Massa Carrara") == ["045"]


def test_lucca_is_a_province_and_a_comune():
    assert [(t.code, t.level) for t in T.find("Lucca")] == [("046", "province"),
                                                            ("046017", "municipality")]
    assert codes("Lucca", "province") == ["046"]
    assert codes("Comune di Lucca") == codes("Città di Lucca") == ["046017"]
    assert codes("Lucca", "region") == []


def test_bolzano_bozen_either_language():
    for name in ("Bolzano", "Bozen", "bolzano/bozen", "BOLZANO - BOZEN"):
        assert codes(name) == ["021", "021008"], name
    assert codes("Provincia autonoma di Bolzano") == codes("Alto Adige") == ["021"]
    assert T.by_code("021").kind == "provincia autonoma"
    assert codes("Comune di Bozen") == ["021008"]


def test_roma_comune_and_metropolitan_city():
    roma = T.by_code("058091")
    assert roma.parent == "258"
    city = T.by_code("258")
    assert (city.name, city.kind, city.sigla, city.historic_code) == ("Roma",
                                                                      "città metropolitana",
                                                                      "RM", "058")
    assert T.by_code("058") == city
    assert codes("Roma") == ["258", "058091"]
    assert codes("Città metropolitana di Roma Capitale") == ["258"]
    assert codes("Comune di Roma") == codes("Roma Capitale", "municipality") == ["058091"]
    assert T.region_of(roma).name == "Lazio"


@pytest.mark.parametrize(("name", "expected"), [
    ("Lombardia", ["03"]),
    ("Regione Lombardia", ["03"]),
    ("Valle d'Aosta", ["02", "007"]),
    ("Regione autonoma Valle d\u2019Aosta", ["02"]),
    ("Trentino", ["04", "022"]),
    ("Friuli Venezia Giulia", ["06"]),
    ("Emilia Romagna", ["08"]),
    ("Sicilia", ["19"]),
    ("Regione Siciliana", ["19"]),
    ("Regione del Veneto", ["05"]),
    ("Reggio Emilia", ["035", "035033"]),
    ("Reggio nell'Emilia", ["035", "035033"]),
    ("Reggio Calabria", ["280", "080063"]),
    ("Aosta", ["007", "007003"]),
    ("Provincia dell'Aquila", ["066"]),
    ("Comune della Spezia", ["011015"]),
    ("Città di Castello", ["054013"]),
    ("Libero consorzio comunale di Agrigento", ["084"]),
    ("Città metropolitana di Milano", ["215"]),
    ("Forlì-Cesena", ["040"]),
    ("Castro", ["016065", "075096"]),
    ("Nowhere", []),
])
def test_find_as_press_releases_write_names(name, expected):
    assert codes(name) == expected


def test_region_hint_and_sigla():
    assert codes("Trentino", "region") == ["04"]
    assert codes("Valle d'Aosta", "province") == ["007"]
    assert codes("MI") == []
    assert codes("mi", "province") == ["215"]
    with pytest.raises(ValueError, match="level"):
        T.find("Pavia", "town")  # type: ignore[arg-type]


def test_children_and_unknown_codes():
    assert [t.code for t in T.children("02")] == ["007"]
    assert {t.parent for t in T.children("018")} == {"018"}
    assert T.children("018182") == ()
    with pytest.raises(KeyError):
        T.by_code("999")


def test_iris_where_ontopia_publishes_them():
    assert str(T.iri("03")) == f"{VOCABULARY}/regions/03"
    assert str(T.iri("018")) == f"{VOCABULARY}/provinces/018"
    assert str(T.iri(T.by_code("215"))) == f"{VOCABULARY}/provinces/015"
    assert T.iri("018182") is None


def test_import_reads_no_data():
    code = ("import sys, graphkit.schema.territories as t; "
            "assert t.reference.cache_info().currsize == 0; "
            "assert 'pandas' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parent.parent)


@given(st.text())
def test_fold_is_idempotent(text):
    assert T.fold(T.fold(text)) == T.fold(text)


@given(st.sampled_from(COMUNI))
def test_every_comune_sits_in_a_province_in_a_region(code):
    chain = T.ancestors(code)
    assert [t.level for t in chain] == ["province", "region"]
    assert chain[-1] == T.region_of(code)
    assert T.by_code(code) in T.children(chain[0])
    assert code in codes(T.by_code(code).name, "municipality")
