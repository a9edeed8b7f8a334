"""Views: projection weights, roll-up, windows, territories and persons, checked by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.errors import DataError, EmptyViewError, GraphkitError
from graphkit.graph.views import (
    ViewSpec,
    date_bounds,
    interval,
    make_view,
    project_shared,
    territory_members,
)
from graphkit.schema.vocabulary import NODE_TYPES


def node(G: nx.MultiDiGraph, ident: str, type_: str, label: str | None = None, **attrs) -> None:
    attrs.setdefault("aliases", ())
    G.add_node(ident, label=label or ident.upper(), type=type_,
               group=NODE_TYPES[type_].group.value, territories=(), **attrs)


def edge(G: nx.MultiDiGraph, u: str, relation: str, v: str, date: str = "2020", **attrs) -> None:
    G.add_edge(u, v, key=f"{u}-{relation}-{v}", relation=relation, source_document="doc",
               date=date, **attrs)
    if relation == "branch_of":
        G.nodes[u]["parent"] = v
    if relation == "located_in":
        G.nodes[u]["territories"] = (*G.nodes[u]["territories"], v)


@pytest.fixture
def kg() -> nx.MultiDiGraph:
    """Orgs a, b, c, funder f, branch a of parent par; projects p1 (2019), p2 (2022-2023),
    protocol q (undated, edges dated 2021); Lucca within Toscana; Milano apart; one person."""
    G = nx.MultiDiGraph()
    for n in ("a", "b", "c", "f", "par", "a2"):
        node(G, n, "cooperative")
    node(G, "p1", "project", start_date="2019-03", end_date="2019-12")
    node(G, "p2", "project", start_date="2022", end_date="2023-06")
    node(G, "q", "protocol")
    node(G, "toscana", "territory", label="Toscana")
    node(G, "lucca", "territory", label="Lucca", aliases=("Città di Lucca",))
    node(G, "forli", "territory", label="Forlì")
    node(G, "rossi", "person")
    edge(G, "lucca", "part_of", "toscana")
    edge(G, "a", "partner_of", "p1")
    edge(G, "a", "funds", "p1", amount=1000)
    edge(G, "b", "lead_partner_of", "p1")
    edge(G, "f", "funds", "p1")
    edge(G, "a", "partner_of", "p2")
    edge(G, "c", "partner_of", "p2")
    edge(G, "b", "signatory_of", "q", date="2021")
    edge(G, "c", "signatory_of", "q", date="2021")
    edge(G, "a2", "partner_of", "p2")
    edge(G, "a", "member_of", "c", date="2022")
    edge(G, "a", "branch_of", "par")
    edge(G, "a2", "branch_of", "par")
    edge(G, "p1", "located_in", "lucca")
    edge(G, "a", "located_in", "lucca")
    edge(G, "p2", "located_in", "forli")
    edge(G, "rossi", "holds_role", "b")
    edge(G, "rossi", "signatory_of", "q", date="2021")
    return G


def weights(V: nx.Graph) -> dict[tuple[str, str], int]:
    return {tuple(sorted((u, v))): w for u, v, w in V.edges(data="weight")}


def test_orgs_view_counts_each_shared_initiative_once_and_funders_share_it(kg):
    V = make_view(kg)
    assert weights(V) == {
        ("a", "b"): 1, ("a", "f"): 1, ("b", "f"): 1,   # p1: a is partner and funder, counts once
        ("a", "c"): 2,                                  # p2 shared + member_of tie
        ("a", "a2"): 1, ("a2", "c"): 1,                 # p2
        ("b", "c"): 1,                                  # protocol q
    }
    assert V.edges["a", "c"]["shared"] == 1 and V.edges["a", "c"]["ties"] == ("member_of",)


def test_orgs_view_leaves_out_persons_territories_initiatives_and_untied_orgs(kg):
    V = make_view(kg)
    assert set(V) == {"a", "b", "c", "f", "a2"}
    assert V.graph["view"] == ViewSpec()


def test_branch_of_is_not_a_tie_but_parent_level_merges_branches(kg):
    V = make_view(kg, level="parent")
    assert "a" not in V and "a2" not in V
    assert V.nodes["par"]["branches"] == ("a", "a2")
    assert weights(V) == {("b", "par"): 1, ("f", "par"): 1, ("b", "f"): 1, ("c", "par"): 2,
                          ("b", "c"): 1}


def test_persons_join_the_actor_views_only_when_asked(kg):
    assert "rossi" not in make_view(kg, view="full")
    V = make_view(kg, include_persons=True)
    assert weights(V)[("b", "rossi")] == 2        # q shared + holds_role
    assert weights(V)[("c", "rossi")] == 1


def test_bipartite_view_links_actors_to_initiatives_with_their_relations(kg):
    V = make_view(kg, view="bipartite")
    assert V.edges["a", "p1"]["relations"] == ("funds", "partner_of")
    assert {n for n, side in V.nodes(data="bipartite") if side == 1} == {"p1", "p2", "q"}
    assert not V.has_edge("a", "c")


def test_window_keeps_initiatives_active_in_it(kg):
    V = make_view(kg, since=2022, until=2023)
    assert weights(V) == {("a", "c"): 2, ("a", "a2"): 1, ("a2", "c"): 1}
    V = make_view(kg, since="2021", until="2021")
    assert weights(V) == {("b", "c"): 1}            # q dated by its edges; member_of is 2022
    assert V.graph["view"].describe() == "view orgs, level local, window 2021-2021"


def test_window_with_no_project_is_a_clear_error(kg):
    with pytest.raises(EmptyViewError, match="nothing is left"):
        make_view(kg, since=2030)


@pytest.mark.parametrize("kwargs, message", [
    ({"view": "nope"}, "unknown view"), ({"level": "x"}, "unknown level"),
    ({"since": "soon"}, "not a year"), ({"since": 2022, "until": 2020}, "window is empty"),
    ({"territory": "Lucka"}, "did you mean Lucca"),
])
def test_bad_view_arguments_are_clear_errors(kg, kwargs, message):
    with pytest.raises(GraphkitError, match=message):
        make_view(kg, **kwargs)


def test_territory_is_found_by_name_and_includes_the_places_within(kg):
    assert territory_members(kg, "toscana") == {"toscana", "lucca"}
    V = make_view(kg, territory="TOSCANA")
    # p1 is in Lucca (within Toscana): its partners are kept; p2 is in Forlì and dropped;
    # c stays through its member_of tie with a, which is located in Lucca
    assert weights(V) == {("a", "b"): 1, ("a", "f"): 1, ("b", "f"): 1, ("a", "c"): 1}
    assert V.graph["view"].territory == "toscana"
    assert make_view(kg, view="full", territory="forli").has_node("p2")


def test_full_view_keeps_typed_edges_and_rolls_up(kg):
    V = make_view(kg, view="full", level="parent")
    assert isinstance(V, nx.MultiDiGraph)
    assert V.has_edge("par", "p1", key="a-partner_of-p1")
    assert not any(r == "branch_of" for _, _, r in V.edges(data="relation"))


def test_full_view_with_a_window_drops_inactive_initiatives(kg):
    V = make_view(kg, view="full", since=2019, until=2019)
    assert "p1" in V and "p2" not in V and "q" not in V


def test_dates_are_read_as_their_first_and_last_day():
    assert date_bounds("2019") == (20190101, 20191231)
    assert date_bounds("2024-12") == (20241201, 20241231)
    assert date_bounds("2019-04-19") == (20190419, 20190419)
    assert date_bounds("--07-11") is None
    assert interval(start="2019", end="2020-02") == (20190101, 20200231)
    assert interval(date="2021") == (20210101, 20211231)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("PQRST")),
               min_size=1, max_size=25))
def test_sparse_projection_equals_networkx_weighted_projection(memberships):
    B = nx.Graph()
    B.add_nodes_from({a for a, _ in memberships}, bipartite=0)
    B.add_nodes_from({p for _, p in memberships}, bipartite=1)
    B.add_edges_from(memberships)
    expected = nx.bipartite.weighted_projected_graph(B, {a for a, _ in memberships})
    assert project_shared(memberships) == {
        tuple(sorted((u, v))): w for u, v, w in expected.edges(data="weight")}


def seed_graph() -> nx.MultiDiGraph:
    from graphkit.graph.build import build_graph
    from graphkit.model.load import load_dataset

    try:
        return build_graph(load_dataset())
    except DataError as exc:
        pytest.skip(f"the embedded dataset is not loadable yet: {exc}")


@pytest.mark.parametrize("view", ["orgs", "bipartite", "full"])
@pytest.mark.parametrize("level", ["local", "parent"])
def test_every_view_of_the_seed_graph_is_made(view, level):
    G = seed_graph()
    V = make_view(G, view=view, level=level)
    assert V.number_of_nodes() > 1
    assert all(V.nodes[n]["group"] != "person" for n in V)
    if level == "parent":
        assert all(V.nodes[n].get("parent") is None or V.nodes[n]["parent"] not in V
                   or n == V.nodes[n]["parent"] for n in V)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("PQRST")), max_size=25),
       st.sets(st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh")), max_size=8))
def test_orgs_view_orders_pairs_and_nodes_as_sorted_ids(memberships, members):
    """Pairs in sorted order, nodes in order of first appearance, weight = shared + ties."""
    G = nx.MultiDiGraph()
    for a in "hgfedcba":
        G.add_node(a, label=a, type="cooperative", group="organisation", territories=())
    for p in "PQRST":
        G.add_node(p, label=p, type="project", group="initiative", territories=())
    for a, p in sorted(memberships):
        G.add_edge(a, p, relation="partner_of")
    ties = {tuple(sorted(pair)) for pair in members if pair[0] != pair[1]}
    for a, b in sorted(ties):
        G.add_edge(a, b, relation="member_of")
    shared = {pair: sum(1 for p in "PQRST" if {(pair[0], p), (pair[1], p)} <= memberships)
              for pair in ((a, b) for a in "abcdefgh" for b in "abcdefgh" if a < b)}
    pairs = sorted({pair for pair, count in shared.items() if count} | ties)
    if not pairs:
        with pytest.raises(EmptyViewError):
            make_view(G)
        return
    V = make_view(G)
    assert list(V) == list(dict.fromkeys(n for pair in pairs for n in pair))
    assert [(u, v) for u, v in V.edges()] == [
        (u, v) for u in V for v in sorted(V[u]) if list(V).index(v) > list(V).index(u)]
    assert {tuple(sorted((u, v))): (d["weight"], d["shared"], d["ties"])
            for u, v, d in V.edges(data=True)} == {
        pair: (shared[pair] + (pair in ties), shared[pair],
               ("member_of",) if pair in ties else ()) for pair in pairs}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from graphkit.model.load import load_dataset
    from graphkit.synth import generate

    return load_dataset(generate(tmp_path_factory.mktemp("synth"), orgs=800, seed=11).path)


def test_organisation_view_of_the_records_is_the_default_view_of_the_graph(synthetic):
    from graphkit.graph.build import build_graph
    from graphkit.graph.views import organisation_view

    V, W = organisation_view(synthetic), make_view(build_graph(synthetic))
    assert list(V.nodes(data=True)) == list(W.nodes(data=True))
    assert list(V.edges(data=True)) == list(W.edges(data=True))
    assert [list(V.adj[n]) for n in V] == [list(W.adj[n]) for n in W]


def test_organisation_ties_are_the_arrays_the_measures_read_off_the_view(synthetic):
    import numpy as np

    from graphkit.algorithms import prepared
    from graphkit.graph.views import organisation_ties, organisation_view

    ties, engine = organisation_ties(synthetic), prepared(organisation_view(synthetic))
    assert ties.nodes == engine.nodes
    assert np.array_equal(ties.edges, engine.edges)
    assert ties.weights.tolist() == engine.graph.es["weight"]
