"""The Python facade: graphkit.load() and the Network's methods, on the small hand-made data."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import graphkit
from graphkit.errors import GraphkitError

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def net() -> graphkit.Network:
    return graphkit.load(MINI_DIR)


def test_load_gives_tables_of_entities_relations_and_documents(net):
    assert set(net.entities["id"]) == set(net.dataset.entities)
    relations = net.relations
    funding = relations[relations.relation == "funds"].iloc[0]
    assert (funding.source, funding.target, funding.amount) == ("comune-lucca", "progetto-uno",
                                                                50000)
    assert "doc1" in set(net.documents["id"])


def test_a_view_is_a_networkx_graph_and_measures_come_most_central_first(net):
    view = net.view("orgs")
    assert isinstance(view, nx.Graph) and "cgil-lucca" in view
    table = net.metrics(view, ["degree", "betweenness"])
    assert list(table.columns[:3]) == ["id", "label", "type"]
    assert list(table.betweenness) == sorted(table.betweenness, reverse=True)
    assert table.attrs["notes"][0].startswith("view orgs")


def test_show_and_path_carry_the_evidence(net):
    card = net.show("CGIL Lucca")
    assert card.attrs["entity"]["id"] == "cgil-lucca"
    assert {"source", "source_document", "paragraph", "span_start"} <= set(card.columns)
    hops = net.path("CGIL Lucca", "Comune di Lucca")
    assert hops.iloc[0]["from_id"] == "cgil-lucca" and hops.iloc[-1]["to_id"] == "comune-lucca"


def test_query_takes_a_named_query_with_a_name_as_parameter(net):
    partners = net.query("partners", project="Progetto Uno")
    assert "cgil-lucca" in " ".join(partners["partner"])


def test_a_sliced_network_says_so_views_default_to_the_slice_and_export_refuses(tmp_path):
    sliced = graphkit.load(MINI_DIR, since=2024)
    assert repr(sliced).endswith("since 2024>")
    assert sliced.view().graph["view"].describe() == net_view_described(since=2024)
    with pytest.raises(GraphkitError, match="holds a slice"):
        sliced.export(tmp_path / "out")


def net_view_described(**window: object) -> str:
    return graphkit.load(MINI_DIR).view(**window).graph["view"].describe()


def test_the_page_displays_inline_and_saves(net, tmp_path):
    page = net.html()
    assert page._repr_html_().startswith("<iframe srcdoc=")
    assert page.save(tmp_path / "p.html").read_bytes() == page.content
