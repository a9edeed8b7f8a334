"""The ontology and shapes: generated from the vocabulary, bilingual, committed fresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from graphkit.model.load import load_dataset
from graphkit.rdf.mapping import to_rdf, union_graph
from graphkit.rdf.ontology import ontology_graph, shapes_graph
from graphkit.rdf.validate import shacl_violations
from graphkit.schema.namespaces import GKR
from graphkit.schema.vocabulary import GK

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"


def test_every_own_term_has_english_and_italian_label_and_comment():
    g = ontology_graph()
    own = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(GK))}
    assert len(own) > 40
    for term in own:
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}
            assert {"en", "it"} <= languages, f"{term} lacks {prop} in en/it"


def test_own_participation_properties_specialise_org_member_of():
    from rdflib.namespace import ORG

    g = ontology_graph()
    assert (GK.partnerOf, RDFS.subPropertyOf, ORG.memberOf) in g
    assert (GK.partnerOf, RDF.type, OWL.ObjectProperty) in g


@pytest.mark.parametrize(("name", "make"), [("graphkit.ttl", ontology_graph),
                                            ("shapes.ttl", shapes_graph)])
def test_committed_ontology_files_are_fresh(name, make):
    committed = (ONTOLOGY_DIR / name).read_text(encoding="utf-8")
    assert committed == make().serialize(format="turtle"), (
        f"ontology/{name} is stale: run `graphkit ontology`")


def test_well_formed_graph_conforms_to_the_shapes(mini_data):
    assert shacl_violations(load_dataset(mini_data)) == []


def test_shapes_catch_a_relation_between_senseless_types(mini_data):
    ds = load_dataset(mini_data)
    g = union_graph(to_rdf(ds))
    g.add((GKR["t-lucca"], GK.partnerOf, GKR["p-anna-rossi"]))
    messages = [str(v) for v in shacl_violations(ds, g)]
    assert any("'partner_of' must point to one of" in m for m in messages)
    assert any(m.startswith("Lucca (t-lucca)") for m in messages)


def test_shapes_catch_a_record_without_provenance(mini_data):
    from rdflib.namespace import PROV

    ds = load_dataset(mini_data)
    g = union_graph(to_rdf(ds))
    record = next(g.subjects(RDF.type, GK.Relationship))
    g.remove((record, PROV.wasDerivedFrom, None))
    messages = [v.message for v in shacl_violations(ds, g)]
    assert any("does not say which document it comes from" in m for m in messages)


def test_shapes_catch_a_rank_below_one_and_a_negative_count(mini_data):
    ds = load_dataset(mini_data)
    g = union_graph(to_rdf(ds))
    for predicate, value in ((GK.networkRank, 1), (GK.networkCount, 0)):
        g.set((GKR["cgil"], predicate, Literal(value)))
    assert shacl_violations(ds, g) == []
    for predicate, value in ((GK.networkRank, 0), (GK.networkCount, -1)):
        g.set((GKR["cgil"], predicate, Literal(value)))
    messages = [v.message for v in shacl_violations(ds, g)]
    assert any("'network_rank' must be one integer of at least 1" in m for m in messages)
    assert any("'network_count' must be one integer of at least 0" in m for m in messages)


def test_shapes_catch_a_summary_on_the_wrong_kind_of_entity(mini_data):
    ds = load_dataset(mini_data)
    g = union_graph(to_rdf(ds))
    g.add((GKR["progetto-uno"], GK.networkCount, Literal(3)))
    g.add((GKR["cgil"], GK.organisationCount, Literal(3)))
    messages = [v.message for v in shacl_violations(ds, g)]
    assert any("'network_count' belongs on one of: chamber_of_commerce" in m for m in messages)
    assert any("'organisation_count' belongs on one of: territory" in m for m in messages)


def test_shapes_parse_as_turtle():
    assert len(Graph().parse(data=shapes_graph().serialize(format="turtle"), format="turtle")) > 100


def test_the_gk_namespace_is_closed_over_the_declared_terms():
    from graphkit.schema.vocabulary import GK

    assert str(GK.partnerOf) == "https://w3id.org/graphkit/onto/partnerOf"
    with pytest.raises(AttributeError, match="not in namespace"):
        _ = GK.partnrOf
