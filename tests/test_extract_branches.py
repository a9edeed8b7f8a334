# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Local structures of national bodies named by the national name alone."""

from __future__ import annotations

from graphkit.extract.draft import extract
from graphkit.extract.entities import Registry
from graphkit.extract.text import decode_source


def branches(text: str) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The new entities' names by id, and the (branch, parent) names of the draft."""
    draft = extract(decode_source(text.encode(), "prova.txt"), Registry())
    names = {e.id: e.name for e in draft.entities}
    return names, {(names[r.subject], names[r.object]) for r in draft.relations
                   if r.relation == "branch_of"}


def test_a_bare_body_listed_among_local_structures_of_one_place_is_that_places() -> None:
    _, found = branches("Il protocollo “Lavoro Insieme” è firmato da Cna Lucca, Confesercenti "
                        "Lucca, Coldiretti Lucca, CIA e Cgil – Lucca.")
    assert ("CIA Lucca", "CIA") in found
    assert ("Cna Lucca", "CNA") in found


def test_the_place_after_a_run_of_unions_is_each_ones() -> None:
    names, found = branches("Hanno firmato Cgil, Cisl e Uil di Brescia.")
    assert {("Cgil Brescia", "CGIL"), ("Cisl Brescia", "CISL"), ("Uil di Brescia", "UIL")} <= found
    assert "CGIL" in names.values()  # the national body, parent of the branch


def test_regional_structures_take_the_region_of_the_text() -> None:
    _, found = branches("Il progetto “Nido” fa tappa a Firenze, Pisa e Lucca. Lo promuovono "
                        "le strutture regionali di Cna e Cgil.")
    assert found == {("Cna Toscana", "CNA"), ("Cgil Toscana", "CGIL")}


def test_a_bare_name_after_its_local_structure_is_that_structure() -> None:
    draft = extract(decode_source("Firmano ANCI Emilia-Romagna e Legacoop. Il presidente di "
                                  "ANCI Marco Rossi è soddisfatto.".encode(), "p.txt"),
                    Registry())
    names = {e.id: e.name for e in draft.entities}
    roles = {(names[r.subject], names[r.object]) for r in draft.relations
             if r.relation == "holds_role"}
    assert roles == {("Marco Rossi", "ANCI Emilia-Romagna")}
