"""The RDF mapping: standard vocabularies, explicit prefixes, shortcuts and details."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, SDO, XSD

from graphkit.export.rdf import rdf_files
from graphkit.model.load import load_dataset
from graphkit.rdf.mapping import date_literal, document_graph_iri, to_rdf, union_graph
from graphkit.schema.namespaces import COV, GKR, PREFIXES, WD
from graphkit.schema.vocabulary import GK


@pytest.fixture
def union(mini_data):
    return union_graph(to_rdf(load_dataset(mini_data)))


def test_turtle_declares_exactly_graphkits_prefixes(mini_data):
    turtle = dict(rdf_files(load_dataset(mini_data)))["graph.ttl"].decode()
    declared = {line.split()[1].rstrip(":") for line in turtle.splitlines()
                if line.startswith("@prefix")}
    assert declared <= set(PREFIXES)
    assert "@prefix schema: <https://schema.org/> ." in turtle
    assert "schema1:" not in turtle and "ns1:" not in turtle


def test_entities_get_standard_classes(union):
    assert (GKR["comune-lucca"], RDF.type, COV.PublicOrganization) in union
    assert (GKR["coop-alfa"], RDF.type, COV.PrivateOrganization) in union
    assert (GKR["coop-alfa"], RDF.type, ORG.FormalOrganization) in union
    assert (GKR["progetto-uno"], RDF.type, SDO.Project) in union


def test_identifiers_are_exported_and_wikidata_linked(union):
    assert (GKR["t-toscana"], DCTERMS.identifier, Literal("09")) in union
    assert (GKR["t-toscana"], OWL.sameAs, WD.Q1273) in union


def test_branch_is_a_sub_organization(union):
    assert (GKR["cgil-lucca"], ORG.subOrganizationOf, GKR["cgil"]) in union


def test_sparql_reaches_both_the_shortcut_and_the_details(union):
    shortcut = union.query(
        "SELECT ?org WHERE { ?org gk:leadPartnerOf gkr:progetto-uno }",
        initNs={"gk": GK, "gkr": GKR})
    assert [str(r.org) for r in shortcut] == [str(GKR["coop-alfa"])]
    details = union.query("""
        SELECT ?funder ?value ?currency ?doc WHERE {
          ?grant a schema:MonetaryGrant ; schema:funder ?funder ;
                 schema:fundedItem gkr:progetto-uno ;
                 schema:amount [ schema:value ?value ; schema:currency ?currency ] ;
                 prov:wasDerivedFrom ?doc .
        }""", initNs={"schema": SDO, "gkr": GKR, "prov": PREFIXES["prov"]})
    ((funder, value, currency, doc),) = list(details)
    assert funder == GKR["comune-lucca"]
    assert value.datatype == XSD.decimal and value.toPython() == Decimal("50000")
    assert str(currency) == "EUR"
    assert doc == GKR["doc/doc1"]


def test_role_as_written_is_kept_on_the_membership(union):
    rows = union.query("""
        SELECT ?role ?label WHERE {
          ?m org:member gkr:p-anna-rossi ; org:role ?role ; gk:roleLabel ?label }""",
        initNs={"org": ORG, "gk": GK, "gkr": GKR})
    ((role, label),) = list(rows)
    assert role == GK.OfficerRole and str(label) == "sindaca"


def test_each_document_has_its_named_graph(mini_data):
    rdf = to_rdf(load_dataset(mini_data))
    doc_graph = rdf.graph(document_graph_iri("doc1"))
    assert (GKR["coop-alfa"], GK.leadPartnerOf, GKR["progetto-uno"]) in doc_graph


@pytest.mark.parametrize(("value", "datatype"), [
    ("2024", XSD.gYear), ("2024-12", XSD.gYearMonth), ("2024-12-06", XSD.date),
    ("--07-11", XSD.gMonthDay),
])
def test_partial_dates_get_the_matching_xsd_type(value, datatype):
    literal = date_literal(value)
    assert literal.datatype == datatype and str(literal) == value


@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.trig", "trig")])
def test_independent_parser_rapper_reads_the_export(mini_data, tmp_path, name, syntax):
    if shutil.which("rapper") is None:
        pytest.skip("rapper (Debian package raptor2-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(dict(rdf_files(load_dataset(mini_data)))[name])
    result = subprocess.run(["rapper", "-i", syntax, "-c", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "returned" in result.stderr


def test_jsonld_parses_back_to_the_same_triples(mini_data, union):
    files = dict(rdf_files(load_dataset(mini_data)))
    back = Graph().parse(data=files["graph.jsonld"].decode(), format="json-ld")
    assert len(back) == len(union)
