"""The networkx graph: typed nodes, typed multi-edges with provenance."""

from __future__ import annotations

import weakref
from decimal import Decimal

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.graph.build import build_graph, edges_of, root_of
from graphkit.graph.views import territory_tree
from graphkit.memory import paused_gc
from graphkit.model.load import load_dataset
from graphkit.schema.vocabulary import NODE_TYPES, RELATIONS


def test_every_entity_is_a_typed_node_and_every_relation_an_edge(mini_data):
    ds = load_dataset(mini_data)
    G = build_graph(ds)
    assert set(G) == set(ds.entities)
    assert G.number_of_edges() == len(ds.relations)
    for _, data in G.nodes(data=True):
        assert data["type"] in NODE_TYPES
        assert data["group"] == NODE_TYPES[data["type"]].group.value
    for _, _, data in G.edges(data=True):
        assert data["relation"] in RELATIONS


def test_edges_carry_their_evidence(mini_data):
    G = build_graph(load_dataset(mini_data))
    ((_, _, funding),) = [e for e in G.edges(data=True) if e[2]["relation"] == "funds"]
    assert funding["source_document"] == "doc1"
    assert funding["paragraph"] == 2 and funding["span"] == (62, 90)
    assert funding["amount"] == Decimal("50000.00") and funding["currency"] == "EUR"
    assert funding["date"] == "2024-05-10", "an undated relation takes its document's date"


def test_relation_date_overrides_document_date(mini_data):
    G = build_graph(load_dataset(mini_data))
    signed = G.get_edge_data("cgil-lucca", "patto-lavoro")
    assert [d["date"] for d in signed.values()] == ["2024-05-09"]


def test_parallel_edges_of_different_relations_are_kept(mini_data):
    G = build_graph(load_dataset(mini_data))
    relations = sorted(d["relation"] for d in G.get_edge_data("coop-alfa", "progetto-uno").values())
    assert relations == ["lead_partner_of"]
    assert G.number_of_edges("comune-lucca", "progetto-uno") == 1


def test_branch_parent_and_territories_become_node_attributes(mini_data):
    G = build_graph(load_dataset(mini_data))
    assert G.nodes["cgil-lucca"]["parent"] == "cgil"
    assert root_of(G, "cgil-lucca") == "cgil"
    assert G.nodes["comune-lucca"]["territories"] == ("t-lucca",)


def test_unqualified_facts_become_node_attributes_and_qualified_ones_do_not(mini_data):
    G = build_graph(load_dataset(mini_data))
    assert G.nodes["progetto-uno"]["start_date"] == "2024-09-01"
    assert G.nodes["progetto-uno"]["total_cost"] == "105440.29"
    assert "persons_employed" not in G.nodes["coop-alfa"], "271 holds for 2021 in Lucca only"


def test_graph_is_built_in_a_stable_order(mini_data):
    ds = load_dataset(mini_data)
    first, second = build_graph(ds), build_graph(ds)
    assert list(first.nodes) == sorted(first.nodes) == list(second.nodes)
    assert list(first.edges(keys=True)) == list(second.edges(keys=True))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph]),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=25))
def test_edges_of_reads_the_edges_in_the_order_of_networkx(kind, pairs):
    G = kind()
    G.add_nodes_from(range(7))
    for i, (u, v) in enumerate(pairs):
        G.add_edge(u, v, i=i)
    assert list(edges_of(G)) == list(G.edges(data=True))


def test_the_territory_tree_leaves_the_graph_free_to_go_without_the_cyclic_collector(mini_data):
    G = build_graph(load_dataset(mini_data))
    alive = weakref.ref(G)
    with paused_gc():
        assert territory_tree(G).number_of_edges() > 0
        del G
        assert alive() is None
