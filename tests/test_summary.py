"""The counts and totals written at build time agree with the same aggregates over the records.

Each reference query below is the aggregate the summary replaces, written in
SPARQL over the shortcut triples and grant records; it is too slow to be a
named query on a national-scale graph, but it is the definition the summary
must match, on the seed data and on a synthetic network.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.graph.summary import (
    funding_totals,
    network_counts,
    organisation_counts,
    ranks,
)
from graphkit.model.load import load_dataset
from graphkit.model.records import Dataset
from graphkit.sparql.query import dataset_store, select
from graphkit.synth import generate

NETWORKS_BY_RECORDS = """
SELECT ?org (COUNT(DISTINCT ?network) AS ?n) WHERE {
  VALUES ?predicate { gk:leadPartnerOf gk:partnerOf gk:signatoryOf frapo:funds gk:promotes
                      gk:manages gk:supports gk:patronOf org:memberOf }
  VALUES ?kind { gk:Project gk:Protocol gk:Programme gk:Network gk:Consortium }
  ?org ?predicate ?network .
  ?network a ?kind .
  FILTER NOT EXISTS { ?org a gk:Person }
} GROUP BY ?org
"""

ORGANISATIONS_BY_RECORDS = """
SELECT ?territory (COUNT(DISTINCT ?org) AS ?n) WHERE {
  ?org schema:location/dct:isPartOf* ?territory .
  FILTER NOT EXISTS { VALUES ?i { gk:Project gk:Protocol gk:Programme gk:Event } ?org a ?i }
} GROUP BY ?territory
"""

FUNDING_BY_RECORDS = """
SELECT ?funder (COUNT(DISTINCT ?item) AS ?items) (COUNT(?amount) AS ?withAmount)
       (SUM(COALESCE(?amount, 0)) AS ?total) WHERE {
  { SELECT DISTINCT ?funder ?item ?amount ?currency WHERE {
      ?record schema:funder ?funder ; schema:fundedItem ?item .
      OPTIONAL { ?record schema:amount/schema:value ?amount }
      OPTIONAL { ?record schema:amount/schema:currency ?currency } } }
} GROUP BY ?funder
"""

SUMMARY_QUERIES = {
    "networks": "SELECT ?org ?n WHERE { ?org gk:networkCount ?n FILTER (?n > 0) }",
    "organisations": "SELECT ?territory ?n WHERE { ?territory gk:organisationCount ?n "
                     "FILTER (?n > 0) }",
    "funding": "SELECT ?funder ?items ?withAmount ?total WHERE { ?funder gk:fundedItemCount "
               "?items ; gk:statedAmountCount ?withAmount OPTIONAL { ?funder gk:fundingTotal/"
               "schema:value ?total } }",
}


def _pairs(store: ox.Store, query: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in select(store, query)
            for key in row if key != "n"}


def _funding(store: ox.Store, query: str) -> dict[str, tuple[int, int, Decimal]]:
    return {r["funder"]: (r["items"], r["withAmount"], Decimal(r.get("total") or 0))
            for r in select(store, query)}


@pytest.fixture(scope="module", params=["seeds", "synthetic"])
def dataset(request, tmp_path_factory) -> Dataset:
    if request.param == "seeds":
        return load_dataset()
    directory = tmp_path_factory.mktemp("synth")
    return load_dataset(generate(Path(directory), orgs=500, seed=3).path)


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return dataset_store(dataset)


def test_network_counts_match_the_aggregate_over_records(store):
    expected = _pairs(store, NETWORKS_BY_RECORDS)
    assert len(expected) > 1
    assert _pairs(store, SUMMARY_QUERIES["networks"]) == expected


def test_organisation_counts_match_the_aggregate_over_records(store):
    expected = _pairs(store, ORGANISATIONS_BY_RECORDS)
    assert len(expected) > 1
    assert _pairs(store, SUMMARY_QUERIES["organisations"]) == expected


def test_funding_totals_match_the_aggregate_over_records(store):
    expected = _funding(store, FUNDING_BY_RECORDS)
    assert expected
    assert _funding(store, SUMMARY_QUERIES["funding"]) == expected


@pytest.mark.parametrize("count", [network_counts, organisation_counts])
def test_ranks_order_entities_by_count_then_name(dataset, count):
    counts = count(dataset)
    positions = ranks(dataset, counts)
    assert set(positions) == set(counts)
    assert sorted(positions.values()) == list(range(1, len(counts) + 1))
    order = sorted(positions, key=positions.get)
    keys = [(-counts[i], dataset.entities[i].name, i) for i in order]
    assert keys == sorted(keys)


@pytest.mark.parametrize("count, rank", [("networkCount", "networkRank"),
                                         ("organisationCount", "organisationRank")])
def test_ranks_in_rdf_read_as_the_sparql_order_by_count_then_name(store, count, rank):
    rows = select(store, f"SELECT ?rank WHERE {{ ?x gk:{rank} ?rank ; gk:{count} ?n ; "
                         "rdfs:label ?label } ORDER BY DESC(?n) STR(?label) ?x")
    assert len(rows) > 1
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_every_organisation_and_territory_gets_a_count(dataset):
    networks, places = network_counts(dataset), organisation_counts(dataset)
    for entity_id, entity in dataset.entities.items():
        assert (entity_id in networks) == (entity.type not in {
            "project", "protocol", "programme", "event", "territory", "person"})
        assert (entity_id in places) == (entity.type == "territory")


def test_a_grant_restated_by_two_documents_counts_once(dataset):
    for funder, total in funding_totals(dataset).items():
        grants = {(r.object, r.amount) for r in dataset.relations
                  if r.relation == "funds" and r.subject == funder}
        assert total.stated_amounts == sum(1 for _, amount in grants if amount is not None)
        assert len(total.items) == len({item for item, _ in grants})
