"""SPARQL: the store, read-only queries, result formats, the named queries and `graphkit query`."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDFS
from rdflib import Literal as RdflibLiteral
from rdflib.plugins.sparql import prepareQuery

from graphkit.cli.query import query
from graphkit.errors import QueryError
from graphkit.model.load import DEFAULT_DATA_DIR, load_dataset
from graphkit.rdf.mapping import to_rdf
from graphkit.schema.namespaces import GKR
from graphkit.sparql.query import (
    PREFIX_MAP,
    dataset_store,
    named_queries,
    named_query,
    parse_params,
    parse_term,
    rdflib_dataset,
    result_rows,
    run_query,
    select,
    serialize_result,
    with_values,
)
from graphkit.synth import generate

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini_store() -> ox.Store:
    return dataset_store(load_dataset(MINI_DIR))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The embedded dataset (the facts of the five seed press releases)."""
    if not any((DEFAULT_DATA_DIR / "documents").glob("*.yaml")):
        pytest.skip(f"no documents in {DEFAULT_DATA_DIR}/documents yet: the curated dataset "
                    "has not landed, so the named queries cannot be checked against the seeds")
    return dataset_store(load_dataset())


def run_named(store: ox.Store, name: str, **params: str) -> list[dict]:
    query_text = named_query(name).text
    return select(store, query_text, parse_params(f"{k}={v}" for k, v in params.items()))


def gkr(entity: str) -> str:
    return f"https://w3id.org/graphkit/id/{entity}"


def gk(term: str) -> str:
    return f"https://w3id.org/graphkit/onto/{term}"


# ---------------------------------------------------------------- store and queries


def test_store_keeps_one_named_graph_per_document(mini_store):
    graphs = {g.value.rsplit("/", 1)[-1] for g in mini_store.named_graphs()}
    assert graphs == {"registry", "doc1", "istat-territories"}
    assert len(select(mini_store, "SELECT * WHERE { GRAPH <urn:x-none> { ?s ?p ?o } }")) == 0


def test_prefixes_are_pre_bound_and_the_default_graph_is_the_union(mini_store):
    rows = select(mini_store, "SELECT ?label WHERE { ?b org:subOrganizationOf gkr:cgil ; "
                              "rdfs:label ?label }")
    assert rows == [{"label": "Cgil Lucca"}]


def test_params_substitute_variables(mini_store):
    text = "SELECT ?org ?project WHERE { ?org gk:partnerOf|gk:leadPartnerOf ?project }"
    rows = select(mini_store, text, parse_params(["project=progetto-uno"]))
    assert {r["org"] for r in rows} == {gkr("coop-alfa"), gkr("cgil-lucca")}
    with pytest.raises(QueryError, match="must be one of its selected variables"):
        select(mini_store, text.replace(" ?project WHERE", " WHERE"),
               parse_params(["project=progetto-uno"]))


@pytest.mark.parametrize(("value", "expected"), [
    ("cgil-lucca", ox.NamedNode(gkr("cgil-lucca"))),
    ("gk:partnerOf", ox.NamedNode("https://w3id.org/graphkit/onto/partnerOf")),
    ("<http://example.org/x>", ox.NamedNode("http://example.org/x")),
    ('"Lucca"@it', ox.Literal("Lucca", language="it")),
    ("42", ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
])
def test_parameter_values_are_read_as_terms(value, expected):
    assert parse_term(value) == expected


@pytest.mark.parametrize("bad", ["project", "=x", "project=<not an iri", "p=unknown:x"])
def test_malformed_parameters_are_refused(bad):
    with pytest.raises(QueryError):
        parse_params([bad])


def test_a_parameter_must_be_a_variable_of_the_query(mini_store):
    with pytest.raises(QueryError, match="'org' is not a variable"):
        run_query(mini_store, "SELECT ?s WHERE { ?s ?p ?o }", parse_params(["org=cgil"]))


@pytest.mark.parametrize("update", [
    "INSERT DATA { gkr:a gk:b gkr:c }",
    "PREFIX ex: <http://example.org/#x>\n# clean up first\nDELETE WHERE { ?s ?p ?o }",
    "  clear all",
    "LOAD <http://example.org/data.ttl>",
    "WITH gkr:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(mini_store, update):
    before = len(mini_store)
    with pytest.raises(QueryError, match=r"UPDATE .* is refused"):
        run_query(mini_store, update)
    assert len(mini_store) == before


def test_syntax_errors_name_line_and_column(mini_store):
    with pytest.raises(QueryError, match=r"line 2, column \d+: unknown prefix") as info:
        run_query(mini_store, "SELECT ?x WHERE {\n  ?x nope:p ?y\n}")
    assert "?x nope:p ?y" in str(info.value)
    with pytest.raises(QueryError, match=r"syntax error at line 1, column \d+"):
        run_query(mini_store, "SELECT ?x WHERE { ?x ?y }")


def test_rows_have_plain_values(mini_store):
    columns, rows = result_rows(run_query(
        mini_store, "SELECT ?funder ?amount WHERE { ?g schema:funder ?funder ; "
                    "schema:amount/schema:value ?amount }"), compact=True)
    assert columns == ["funder", "amount"]
    assert rows == [{"funder": "gkr:comune-lucca", "amount": Decimal("50000.00")}]
    assert result_rows(run_query(mini_store, "ASK { ?s gk:branchOf ?o }")) == (
        ["ask"], [{"ask": False}])


def test_results_serialise_to_the_sparql_formats(mini_store):
    text = "SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil }"
    document = json.loads(serialize_result(run_query(mini_store, text), "json"))
    assert document["results"]["bindings"] == [{"b": {"type": "uri",
                                                      "value": gkr("cgil-lucca")}}]
    tsv = serialize_result(run_query(mini_store, text), "tsv").decode()
    assert tsv.splitlines() == ["?b", f"<{gkr('cgil-lucca')}>"]
    assert b"<sparql" in serialize_result(run_query(mini_store, text), "xml")
    with pytest.raises(QueryError, match="CONSTRUCT/DESCRIBE"):
        serialize_result(run_query(mini_store, text), "turtle")


def test_graph_results_serialise_to_turtle_and_json_ld(mini_store):
    text = "CONSTRUCT { ?b org:subOrganizationOf ?p } WHERE { ?b org:subOrganizationOf ?p }"
    turtle = serialize_result(run_query(mini_store, text), "turtle").decode()
    assert "gkr:cgil-lucca org:subOrganizationOf gkr:cgil ." in turtle
    document = json.loads(serialize_result(run_query(mini_store, text), "jsonld"))
    assert document["@context"]["gkr"] == "https://w3id.org/graphkit/id/"
    assert "gkr:cgil-lucca" in json.dumps(document)
    with pytest.raises(QueryError, match="not tsv"):
        serialize_result(run_query(mini_store, "DESCRIBE gkr:cgil"), "tsv")


# ---------------------------------------------------------------- the named queries


def test_every_named_query_says_what_it_answers_and_runs_on_the_mini_dataset(mini_store):
    queries = named_queries()
    assert {"partners", "projects-led-by", "funding", "cofinancing", "funding-totals",
            "multi-network", "networks-of",
            "branches", "territory-organisations", "according-to",
            "shared-projects"} <= set(queries)
    for named in queries.values():
        assert len(named.description) > 30, named.name
        result_rows(run_query(mini_store, named.text))


def test_every_named_query_answers_on_the_embedded_dataset(store):
    for named in named_queries().values():
        assert select(store, named.text), f"{named.name} gives no answer"


def test_partners_of_a_project_with_their_roles(store):
    rows = run_named(store, "partners", project="vita-lavoro-toscana")
    by_partner = {(r["partner"], r["relation"]): r for r in rows}
    lead = by_partner[gkr("confartigianato-toscana"), gk("leadPartnerOf")]
    assert lead["role"] == "capofila" and lead["document"].startswith("000_")
    assert (gkr("cgil-toscana"), gk("partnerOf")) in by_partner
    assert (gkr("cia-toscana"), gk("partnerOf")) in by_partner
    assert (gkr("unioncamere-toscana"), gk("patronOf")) in by_partner
    assert {r["project"] for r in rows} == {gkr("vita-lavoro-toscana")}


def test_projects_led_by_an_organisation(store):
    rows = run_named(store, "projects-led-by", org="cresciamo")
    assert [(r["project"], r["document"][:3]) for r in rows] == [(gkr("smartfam-voghera"), "001")]


def test_who_funds_what_and_how_much(store):
    rows = run_named(store, "funding", funder="regione-lombardia")
    grants = {r["item"]: r for r in rows}
    smartfam = grants[gkr("smartfam-voghera")]
    assert (smartfam["amount"], smartfam["currency"]) == (Decimal("50000.00"), "EUR")
    assert smartfam["document"].startswith("001_")
    rows = run_named(store, "cofinancing", programme="fse-plus-2021-2027")
    assert [(r["item"], r["document"][:3]) for r in rows] == [(gkr("vita-lavoro-toscana"), "000")]


def test_funding_totals_per_funder(store):
    rows = {r["funder"]: r for r in run_named(store, "funding-totals")}
    lombardia = rows[gkr("regione-lombardia")]
    assert lombardia["total"] == Decimal("50000") and lombardia["currency"] == "EUR"
    assert (lombardia["items"], lombardia["withAmount"]) == (3, 1)


def test_organisations_in_more_than_one_network_ranked_most_first(store):
    rows = [(r["rank"], r["org"], r["networks"]) for r in run_named(store, "multi-network")]
    # Regione Toscana: Vita Lavoro Toscana, the 2008 protocol, its 8 projects, the regional
    # disability project, and the Reti a sostegno del welfare project and steering group
    assert rows[0] == (1, gkr("regione-toscana"), 13)
    assert [rank for rank, _, _ in rows] == list(range(1, len(rows) + 1))
    assert all(networks > 1 for _, _, networks in rows)
    assert [n for _, _, n in rows] == sorted((n for _, _, n in rows), reverse=True)


def test_multi_network_lists_the_hundred_organisations_in_most_networks(tmp_path):
    store = dataset_store(load_dataset(generate(tmp_path, orgs=500, seed=3).path))
    everyone = select(store, "SELECT ?org ?networks ?label WHERE { ?org gk:networkCount ?networks "
                             "FILTER (?networks > 1) ?org rdfs:label ?label }")
    assert len(everyone) > 100
    expected = sorted(everyone, key=lambda r: (-r["networks"], r["label"], r["org"]))[:100]
    rows = run_named(store, "multi-network")
    assert [(r["org"], r["networks"]) for r in rows] == [
        (r["org"], r["networks"]) for r in expected]
    assert [r["rank"] for r in rows] == list(range(1, 101))


def test_networks_of_an_organisation_with_how_it_takes_part(store):
    rows = run_named(store, "networks-of", org="confimi-bergamo")
    assert [(r["network"], r["relation"]) for r in rows] == [
        (gkr("imprese-territorio"), "http://www.w3.org/ns/org#memberOf"),
        (gkr("welfare-lynx"), gk("promotes"))]
    counted = {r["org"]: r["networks"] for r in run_named(store, "networks-of")}
    listed = {org: {r["network"] for r in run_named(store, "networks-of")
                    if r["org"] == org} for org in counted}
    assert len(counted) > 10
    assert {org: len(found) for org, found in listed.items()} == counted


def test_branches_and_their_parents(store):
    rows = run_named(store, "branches", parent="cgil")
    assert {gkr("cgil-lucca"), gkr("cgil-toscana")} <= {r["branch"] for r in rows}
    assert any(r["branch"] == gkr("cna-lucca") and r["parent"] == gkr("cna")
               for r in run_named(store, "branches"))


def test_organisations_per_territory(store):
    [row] = run_named(store, "territory-organisations", territory="t-voghera")
    assert (row["territoryLabel"], row["level"], row["organisations"]) == (
        "Voghera", "municipality", 2)
    ordered = [r["organisations"] for r in run_named(store, "territory-organisations")]
    assert ordered == sorted(ordered, reverse=True)
    rows = {r["territory"]: r["organisations"] for r in run_named(store, "territory-organisations")}
    assert rows[gkr("t-toscana")] > rows[gkr("t-provincia-lucca")] > rows[gkr("t-lucca")] > 0


def test_according_to_which_document(store):
    rows = run_named(store, "according-to", subject="cgil-lucca", object="lucca-per-il-lavoro")
    assert [(r["statement"], r["document"][:3]) for r in rows] == [(gk("signatoryOf"), "002")]
    assert rows[0]["graph"].endswith("/graph/" + rows[0]["document"])
    costs = [r for r in run_named(store, "according-to", subject="smartfam-voghera")
             if r["statement"] == gk("totalCost")]
    assert [(r["value"], r["document"][:3]) for r in costs] == [(Decimal("105440.29"), "001")]


def test_two_organisations_shared_projects(store):
    rows = run_named(store, "shared-projects", org1="confcooperative-bergamo",
                     org2="confimi-bergamo")
    assert gkr("welfare-lynx") in {r["project"] for r in rows}


# ---------------------------------------------------------------- the command


def invoke(*args: str):
    return CliRunner().invoke(query, list(args))


def test_query_command_prints_a_table_csv_and_json():
    base = ["SELECT ?b ?label WHERE { ?b org:subOrganizationOf gkr:cgil ; rdfs:label ?label }",
            "--data", str(MINI_DIR)]
    table = invoke(*base)
    assert table.exit_code == 0, table.output
    assert "gkr:cgil-lucca  Cgil Lucca" in table.output
    csv = invoke(*base, "--format", "csv")
    assert csv.output.splitlines() == ["b,label", f"{gkr('cgil-lucca')},Cgil Lucca"]
    sparql_json = json.loads(invoke(*base, "--format", "json").output)
    assert sparql_json["head"]["vars"] == ["b", "label"]
    assert sparql_json["results"]["bindings"] == [
        {"b": {"type": "uri", "value": gkr("cgil-lucca")},
         "label": {"type": "literal", "value": "Cgil Lucca", "xml:lang": "it"}}]


def test_query_command_runs_files_and_named_queries_with_params(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT WHERE { ?b org:subOrganizationOf ?p }\n", encoding="utf-8")
    result = invoke("--file", str(rq), "--data", str(MINI_DIR))
    assert "gkr:cgil-lucca org:subOrganizationOf gkr:cgil ." in result.output
    result = invoke("--name", "partners", "--param", "project=progetto-uno", "--data",
                    str(MINI_DIR), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert f"Cooperativa Alfa,{gk('leadPartnerOf')},capofila" in result.output


def test_query_command_lists_and_shows_named_queries():
    listing = invoke("--list")
    assert listing.exit_code == 0 and "partners" in listing.output and "?project" in listing.output
    shown = invoke("--name", "branches", "--show")
    assert shown.output.startswith("PREFIX gk: <https://w3id.org/graphkit/onto/>")


@pytest.mark.parametrize(("args", "message"), [
    (["SELECT ?x WHERE {\n ?x ?y\n}"], "syntax error at line"),
    (["INSERT DATA { gkr:a gk:b gkr:c }"], "is refused"),
    (["--name", "nope"], "no named query 'nope'; available: according-to"),
    (["--name", "branches", "--param", "org=cgil"], "takes no parameter 'org'"),
    ([], "give exactly one of"),
    (["SELECT * WHERE { ?s ?p ?o }", "--format", "turtle"], "not turtle"),
])
def test_query_command_errors_are_clean(args, message):
    result = invoke(*args, "--data", str(MINI_DIR))
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- the planner hint


def test_the_values_hint_opens_the_top_level_where_group():
    iri = ox.NamedNode("http://e/x")
    query = ('# WHERE { in a comment\nSELECT ?o (STR(?o) AS ?s) WHERE {\n'
             '  ?o rdfs:label "WHERE { }" . { SELECT ?o WHERE { ?o a ?t } } }')
    hint = " VALUES (?o) { (<http://e/x>) }"
    hinted = with_values(query, {"o": iri})
    assert hinted.startswith(query[:query.index("WHERE {\n") + 7] + hint)
    assert with_values("ASK { ?o a ?t }", {"o": iri}) == f"ASK {{{hint} ?o a ?t }}"
    construct = "CONSTRUCT { ?o a ?t } WHERE { ?o a ?t }"
    assert with_values(construct, {"o": iri}).endswith(f"WHERE {{{hint} ?o a ?t }}")
    assert with_values(construct, {}) == construct
    assert with_values(construct, {"o": ox.BlankNode("b")}) == construct


@given(st.text(alphabet='{}<>#"\'\\ WHEREwhere?x\n', max_size=30))
def test_the_values_hint_ignores_braces_in_strings_and_comments(text):
    literal = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    query = f"# {text.replace(chr(10), ' ')}\nSELECT ?o WHERE {{ ?o rdfs:label {literal} }}"
    hinted = with_values(query, {"o": ox.NamedNode("http://e/x")})
    assert hinted == query.replace("WHERE {", "WHERE { VALUES (?o) { (<http://e/x>) }", 1)


@pytest.mark.parametrize(("query", "params"), [
    ("CONSTRUCT WHERE { ?org gk:leadPartnerOf ?p }", {"org": "coop-alfa"}),
    ("SELECT ?org ?l WHERE { ?org rdfs:label ?x BIND(STR(?x) AS ?l) }", {"l": '"Cgil Lucca"'}),
])
def test_a_query_the_hint_does_not_fit_runs_without_it(mini_store, query, params):
    bound = parse_params(f"{k}={v}" for k, v in params.items())
    plain = mini_store.query(query, prefixes=PREFIX_MAP, use_default_graph_as_union=True,
                             substitutions={ox.Variable(k): v for k, v in bound.items()})
    assert _as_bag(run_query(mini_store, query, bound)) == _as_bag(plain)


def test_a_syntax_error_points_at_the_query_as_written_when_bound(mini_store):
    query = "SELECT ?org WHERE { ?org gk:leadPartnerOf ?p FILTER(?p = ) }"
    with pytest.raises(QueryError, match="line 1, column 61"):
        run_query(mini_store, query, parse_params(["org=coop-alfa"]))


def _as_bag(result) -> list[str]:
    """The rows of a result in a canonical order (ORDER BY may leave ties in any order)."""
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in result_rows(result)[1])


def test_the_values_hint_never_changes_an_answer(store):
    """Every parameterised named query, bound to every entity, with and without the hint."""
    entities = [parse_term(e) for e in load_dataset().entities]
    checked = 0
    for named in named_queries().values():
        for name, _ in named.parameters:
            for term in entities:
                plain = store.query(named.text, prefixes=PREFIX_MAP,
                                    use_default_graph_as_union=True,
                                    substitutions={ox.Variable(name): term})
                hinted = run_query(store, named.text, {name: term})
                assert _as_bag(hinted) == _as_bag(plain), (named.name, term)
                checked += 1
    assert checked > 1000


def test_the_rdflib_view_of_the_store_answers_every_named_query_alike(store):
    view = rdflib_dataset(store)
    for named in named_queries().values():
        expected = [{k: str(v) for k, v in row.items() if v is not None}
                    for row in select(store, named.text)]
        rows = [{k: str(v) for k, v in row.asdict().items()} for row in view.query(named.text)]
        assert rows == expected, named.name
    bound = view.query(named_query("branches").text, initBindings={"parent": GKR["cgil"]})
    assert {str(row.branch).rsplit("/", 1)[1] for row in bound} >= {"cgil-lucca", "cgil-toscana"}
    assert (GKR["cgil"], RDFS.label, None) in view.graph(GKR["graph/registry"])


def _plain(term: Any) -> Any:
    """An rdflib term as :func:`graphkit.sparql.query.term_value` gives it: numbers and booleans
    as Python values, anything else as its string."""
    value = term.toPython() if isinstance(term, RdflibLiteral) else None
    return value if isinstance(value, int | float | Decimal) else str(term)


def test_every_named_query_gives_the_same_answer_on_rdflibs_own_engine(store):
    memory = to_rdf(load_dataset())
    memory.default_union = True
    # unbound, shared-projects joins every pair of participations: 11 s in rdflib
    bound = {"shared-projects": {"org1": "confcooperative-bergamo", "org2": "confimi-bergamo"}}
    for named in named_queries().values():
        params = bound.get(named.name, {})
        expected = Counter(frozenset((k, v) for k, v in row.items() if v is not None)
                           for row in run_named(store, named.name, **params))
        answer = memory.query(prepareQuery(named.text, initNs=PREFIX_MAP),
                              initBindings={k: GKR[v] for k, v in params.items()})
        rows = Counter(frozenset((k, _plain(v)) for k, v in row.asdict().items())
                       for row in answer)
        assert expected and rows == expected, named.name


def test_the_store_holds_exactly_the_quads_of_graph_trig(tmp_path):
    """query, serve and push read the store: it must be what the exports publish."""
    from graphkit.export.build import build_exports

    dataset = load_dataset(MINI_DIR)
    build_exports(dataset, tmp_path, html=False)
    loaded = ox.Store()  # a store keeps numbers in its own lexical form ("1" for 1.0)
    loaded.load(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)
    exported, stored = set(loaded), set(dataset_store(dataset))
    assert stored == exported
    assert any(q.predicate.value == "https://w3id.org/graphkit/onto/pagerank" for q in stored)
