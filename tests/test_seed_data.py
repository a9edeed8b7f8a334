"""The embedded dataset: faithful to its 38 source pages, and exported fresh."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from graphkit.export.build import export_files
from graphkit.model.load import load_dataset
from graphkit.model.locators import check_locators
from graphkit.rdf.validate import shacl_violations

EXPORTS_DIR = Path(__file__).resolve().parents[1] / "exports"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def edges(dataset):
    files = dict(export_files(dataset, metrics=False, html=False))
    return list(csv.DictReader(io.StringIO(files["edges.csv"].decode())))


def _has(edges, source, relation, target, **attrs):
    return any(e["source"] == source and e["relation"] == relation and e["target"] == target
               and all(e[k] == v for k, v in attrs.items()) for e in edges)


def test_embedded_dataset_covers_the_seeds_and_the_corpus(dataset):
    curated = [d for d in dataset.documents.values() if d.kind != "reference"]
    assert len(curated) == 38
    assert len(dataset.entities) > 700 and len(dataset.relations) > 900


def test_every_locator_points_at_its_words_in_the_sources(dataset, sources_dirs):
    assert check_locators(dataset, *sources_dirs) == []
    assert {d.source_file for d in dataset.documents.values() if d.kind != "reference"} == {
        p.name for folder in sources_dirs for p in folder.glob("*.txt")}


def test_no_source_sentence_is_copied_into_the_data(dataset, sources_dirs):
    """Names and titles are taken from the sources (a project's name may be long); nothing
    else is."""
    data_dir = Path(__file__).resolve().parents[1] / "data"
    data_text = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                         for p in data_dir.rglob("*.yaml"))
    names = {n for e in dataset.entities.values() for n in (e.name, *e.aliases)}
    names |= {d.title for d in dataset.documents.values() if d.title}
    for name in sorted(names, key=len, reverse=True):
        data_text = data_text.replace(" ".join(name.split()), " ")
    for source in (p for folder in sources_dirs for p in folder.glob("*.txt")):
        words = source.read_text(encoding="utf-8").split()[1:]  # past the header line's key
        for i in range(len(words) - 16):
            assert " ".join(words[i:i + 16]) not in data_text, f"copied from {source.name}"


@pytest.mark.parametrize(("source", "relation", "target", "attrs"), [
    ("confartigianato-toscana", "lead_partner_of", "vita-lavoro-toscana", {"role": "capofila"}),
    ("cgil-toscana", "partner_of", "vita-lavoro-toscana", {}),
    ("cia-toscana", "partner_of", "vita-lavoro-toscana", {}),
    ("unioncamere-toscana", "patron_of", "vita-lavoro-toscana", {}),
    ("vita-lavoro-toscana", "cofinanced_by", "fse-plus-2021-2027", {}),
    ("cresciamo", "lead_partner_of", "smartfam-voghera", {}),
    ("regione-lombardia", "funds", "smartfam-voghera", {"amount": "50000.00"}),
    ("comune-lucca", "promotes", "lucca-per-il-lavoro", {}),
    ("cia-lucca", "signatory_of", "lucca-per-il-lavoro", {}),
    ("cgil-lucca", "signatory_of", "lucca-per-il-lavoro", {}),
    ("cgil-lucca", "branch_of", "cgil", {}),
    ("cna-lucca", "branch_of", "cna", {}),
    ("ats-bergamo", "manages", "bando-regione-lombardia-ats-bergamo", {}),
    ("confcooperative-bergamo", "member_of", "imprese-territorio", {}),
])
def test_facts_of_the_seeds_are_in_edges_csv(edges, source, relation, target, attrs):
    assert _has(edges, source, relation, target, **attrs)


def test_same_acronym_resolves_to_different_entities_per_document(dataset):
    by_doc = {(m.locator.document[:3], m.entity) for m in dataset.mentions
              if m.entity.startswith("cia")}
    assert ("000", "cia-toscana") in by_doc and ("002", "cia-lucca") in by_doc


def test_budget_figures_are_recorded_with_provenance(dataset):
    cost = next(f for f in dataset.facts if f.property == "total_cost")
    assert (cost.subject, cost.value, cost.currency) == ("smartfam-voghera", "105440.29", "EUR")
    assert cost.locator.document.startswith("001")


def test_embedded_graph_conforms_to_the_shapes(dataset):
    assert shacl_violations(dataset) == []


def test_committed_exports_are_fresh(dataset):
    for name, content in export_files(dataset):
        committed = (EXPORTS_DIR / name).read_bytes()
        assert committed == content, f"exports/{name} is stale: run `graphkit build`"
