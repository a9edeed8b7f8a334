# ruff: noqa: RUF001 - Italian typography (“ ”) is what these rules read
"""Bounded work: drafting one long paragraph takes time in proportion to its length.

Before the fix a 60 KB paragraph took 73 s: the name scanner copied every token of the
paragraph for each name it read. Timing is compared between two lengths of the same text,
so the test does not depend on the machine's speed.
"""

from __future__ import annotations

import time

from graphkit.extract.draft import extract
from graphkit.extract.entities import Registry
from graphkit.extract.text import decode_source
from graphkit.model.records import Entity

UNIT = ("Il progetto “Ponte Verde” unisce in un partenariato la Cooperativa Alfa (capofila), Cgil "
        "Lucca e la Fondazione Aria a Lucca, con il sostegno della Regione Toscana; all’incontro "
        "interviene Giulia Bianchi, presidente della Fondazione Aria, e partner sono Comune di "
        "Borgo, Consorzio Delta e Associazione Gamma ")
REGISTRY = Registry([Entity("cgil", "CGIL", "trade_union"),
                     Entity("regione-toscana", "Regione Toscana", "region")])


def seconds(copies: int) -> float:
    """Best of two runs drafting *copies* of the unit as one paragraph (no blank line)."""
    source = decode_source((UNIT * copies).encode(), "lungo.txt")
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        draft = extract(source, REGISTRY)
        best = min(best, time.perf_counter() - started)
    assert draft.relations
    return best


def test_a_long_paragraph_is_read_in_time_proportional_to_its_length() -> None:
    short, long = seconds(60), seconds(240)  # about 16 KB and 64 KB
    assert long < 30
    assert long / short < 9, (short, long)  # linear: about 4; quadratic: about 16
