"""The streamed writers against the libraries they stand in for, byte for byte.

The exports are written as text a record at a time; these tests keep the slow, obvious
way of making each file (pyoxigraph's serialisers over the sorted quads, networkx's
GraphML writer, ``json.dumps(…, indent=2)``, :mod:`csv` over the graph's rows) as oracles,
on the embedded dataset and on a synthetic network, and check the pieces (escaping,
prefixed names, literals) on arbitrary text.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from decimal import Decimal
from itertools import groupby
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.algorithms import default_measures, node_metrics
from graphkit.export.build import export_files
from graphkit.export.graphml import GraphmlWriter
from graphkit.export.rdf import JsonLdNodes, TurtleTerms, local_name
from graphkit.export.spreadsheet import safe_cell
from graphkit.export.tables import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    edge_rows,
    indented,
    kumu_connection,
    kumu_element,
    node_rows,
)
from graphkit.graph.build import build_graph
from graphkit.model.imported import load_data
from graphkit.model.load import load_dataset
from graphkit.rdf.mapping import nquads, quoted
from graphkit.schema.namespaces import jsonld_context
from graphkit.schema.vocabulary import PROPERTIES
from graphkit.synth import generate

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"


#: Text that every format escapes in its own way.
#: Awkward text the loader lets through (it refuses the control characters no export can
#: carry, and any in a role).
NASTY = 'Coop "Alfa" \\ <&> \r\n\t città\u2028\u0085 ½ €'
ROLE = 'Coop "Alfa" \\ <&> città ½ €'


def _nasty(folder: Path) -> Path:
    """The tiny dataset with names, aliases, notes and roles full of :data:`NASTY` text."""
    shutil.copytree(MINI_DIR, folder, dirs_exist_ok=True)
    entities = yaml.safe_load((folder / "entities.yaml").read_text(encoding="utf-8"))
    for i, entity in enumerate(entities):
        if entity["type"] != "territory":
            entity["name"] = f"{NASTY} {i}"
            entity["aliases"] = [f"{NASTY}.", f"{i}", f"=HYPERLINK({i})"]
            entity["note"] = NASTY
    (folder / "entities.yaml").write_text(yaml.safe_dump(entities, allow_unicode=True),
                                          encoding="utf-8")
    path = folder / "documents" / "doc1.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["title"] = NASTY
    for relation in document["relations"]:
        if relation["relation"] != "funds":
            relation["note"] = NASTY
        if relation["relation"] in ("partner_of", "lead_partner_of"):
            relation["role"] = ROLE
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return folder


def _imported(folder: Path) -> Path:
    """The tiny dataset with the OpenCoesione fixtures imported: records located by a row
    and a link instead of a paragraph and a span."""
    from click.testing import CliRunner

    from graphkit.cli import main

    shutil.copytree(MINI_DIR, folder, dirs_exist_ok=True)
    fixtures = Path(__file__).resolve().parent / "fixtures" / "opendata"
    result = CliRunner().invoke(main, [
        "import", "opencoesione", "--data", str(folder),
        "--progetti", str(fixtures / "progetti_20250630.csv"),
        "--soggetti", str(fixtures / "soggetti_20250630.csv")])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module", params=["embedded", "synth", "nasty", "imported"])
def built(request, tmp_path_factory):
    """A dataset, its measures and the files a build writes of it."""
    if request.param == "embedded":
        dataset = load_dataset()
    elif request.param == "synth":
        dataset = load_dataset(generate(tmp_path_factory.mktemp("synth"), orgs=600, seed=5).path)
    elif request.param == "imported":
        dataset = load_data(_imported(tmp_path_factory.mktemp("imported")))
        assert any(r.locator.row is not None for r in dataset.relations)
    else:
        dataset = load_dataset(_nasty(tmp_path_factory.mktemp("nasty")))
    values = node_metrics(default_measures(dataset))
    return dataset, values, dict(export_files(dataset, html=False))


# --- oracles: the files as the libraries write them ------------------------------------------


def _sorted_prefixes(document: bytes) -> bytes:
    lines = document.split(b"\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith(b"@prefix"))
    return b"\n".join([*sorted(lines[:count]), b"", *lines[count:]])


def _quads(dataset, values):
    quads = list({q for chunk in nquads(dataset, values)
                  for q in ox.parse(chunk, format=ox.RdfFormat.N_QUADS)})
    quads.sort(key=lambda q: str(q.triple))
    triples = [q.triple for i, q in enumerate(quads) if i == 0 or q.triple != quads[i - 1].triple]
    quads.sort(key=lambda q: str(q.graph_name))
    return quads, triples


def _jsonld(triples) -> bytes:
    context = jsonld_context()
    namespaces = sorted(context.items(), key=lambda item: -len(item[1]))

    def curie(iri):
        for prefix, namespace in namespaces:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def term(value):
        if isinstance(value, ox.Literal):
            if value.language:
                return {"@language": value.language, "@value": value.value}
            if value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                return {"@type": value.datatype.value, "@value": value.value}
            return {"@value": value.value}
        return {"@id": curie(value.value)}

    nodes = []
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node = {"@id": curie(subject.value)}
        for triple in group:
            node.setdefault(curie(triple.predicate.value), []).append(term(triple.object))
        nodes.append(json.dumps(node, ensure_ascii=False))
    head = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    body = ",\n  ".join(nodes)
    return f'{{\n  "@context": {head},\n  "@graph": [\n  {body}\n  ]\n}}\n'.encode()


def _scalar(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def _graphml(G, values) -> bytes:
    flat = nx.MultiDiGraph()
    for row in node_rows(G, values):
        node = row.pop("id")
        identifiers = row.pop("identifiers", {})
        attrs = {k: _scalar(v) for k, v in row.items() if v not in (None, (), "")}
        attrs.update({f"id_{scheme}": value for scheme, value in identifiers.items()})
        flat.add_node(node, **attrs)
    for source, target, key, data in G.edges(keys=True, data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if k != "span" and v is not None}
        if "span" in data:
            attrs["span_start"], attrs["span_end"] = data["span"]
        flat.add_edge(source, target, key=key, **attrs)
    return ("\n".join(nx.generate_graphml(flat, named_key_ids=True)) + "\n").encode()


def _cell(value):
    """A CSV cell as graphkit writes one: text that begins like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return safe_cell("; ".join(map(str, value)))
    if isinstance(value, dict):
        return safe_cell("; ".join(f"{k}:{v}" for k, v in sorted(value.items())))
    if isinstance(value, float):
        return repr(round(value, 10) + 0.0)
    if isinstance(value, int | Decimal):
        return str(value)
    return safe_cell(str(value))


def _csv(columns, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode()


# --- the files ---------------------------------------------------------------------------------


def test_rdf_files_are_what_pyoxigraph_writes_of_the_sorted_quads(built):
    dataset, values, files = built
    quads, triples = _quads(dataset, values)
    prefixes = jsonld_context()
    assert files["graph.trig"] == _sorted_prefixes(
        ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))
    assert files["graph.ttl"] == _sorted_prefixes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    assert files["graph.jsonld"] == _jsonld(triples)


def test_graphml_is_what_networkx_writes(built):
    dataset, values, files = built
    assert files["graph.graphml"] == _graphml(build_graph(dataset), values)


def test_csv_and_kumu_are_what_csv_and_json_write_of_the_graphs_rows(built):
    dataset, values, files = built
    G = build_graph(dataset)
    nodes, edges = node_rows(G, values), edge_rows(G)
    properties = [p for p in PROPERTIES if any(p in row for row in nodes)]
    measures = sorted({m for v in values.values() for m in v})
    columns = [*NODE_COLUMNS, *properties, *measures]
    assert files["nodes.csv"] == _csv(columns, nodes)
    assert files["edges.csv"] == _csv(EDGE_COLUMNS, edges)
    blueprint = {"elements": [kumu_element(row, [*properties, *measures]) for row in nodes],
                 "connections": [kumu_connection(row) for row in edges]}
    assert files["kumu.json"] == (json.dumps(blueprint, ensure_ascii=False, indent=2)
                                  + "\n").encode()


# --- the pieces ----------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(_TEXT)
@settings(max_examples=300)
def test_strings_are_quoted_as_pyoxigraph_quotes_them(value):
    assert quoted(value) == str(ox.Literal(value))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs"),
                                      exclude_characters="<>\"{}|^`\\"), min_size=1,
               max_size=20))
@settings(max_examples=300)
def test_prefixed_names_are_the_ones_pyoxigraph_writes(local):
    iri = "http://e/" + local
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return
    triple = ox.Triple(node, ox.NamedNode("http://e/p"), node)
    expected = ox.serialize([triple], format=ox.RdfFormat.TURTLE, prefixes={"e": "http://e/"})
    written = TurtleTerms({"e": "http://e/"}).block(f"<{iri}>", [f"<http://e/p> <{iri}>"])
    assert expected.decode().split("\n", 1)[1] == written
    assert (local_name(local) is None) == (f"<{iri}>" in written)


@given(_TEXT, st.sampled_from(["integer", "decimal", "double", "boolean", "date", "string"]))
@settings(max_examples=300)
def test_literals_are_written_as_pyoxigraph_writes_them(value, datatype):
    xsd = "http://www.w3.org/2001/XMLSchema#"
    literal = ox.Literal(value, datatype=ox.NamedNode(xsd + datatype))
    triple = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), literal)
    prefixes = {"e": "http://e/", "xsd": xsd}
    expected = ox.serialize([triple], format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    written = TurtleTerms(prefixes).block("<http://e/s>", [f"<http://e/p> {literal}"])
    assert expected.decode().split("\n", 2)[2] == written


@given(_TEXT, st.sampled_from(["", "@it", "^^<http://www.w3.org/2001/XMLSchema#date>"]))
def test_jsonld_values_are_what_json_dumps_writes(value, suffix):
    term = quoted(value) + suffix
    found = json.loads(JsonLdNodes({}).value(term))
    assert found["@value"] == value
    assert json.dumps(found, ensure_ascii=False) == JsonLdNodes({}).value(term)


@given(_TEXT, _TEXT)
def test_graphml_elements_are_what_networkx_writes(source, value):
    """Attribute values and text escaped as ElementTree escapes them, an empty text written
    as an empty element."""
    G = nx.MultiDiGraph()
    G.add_edge(source or "s", "t", key="k", note=value)
    expected = "\n".join(nx.generate_graphml(G, named_key_ids=True)) + "\n"
    writer = GraphmlWriter()
    edge = writer.edge(source or "s", "t", "k", {"note": value, "span": (0, 1)})
    edge = edge.replace('      <data key="span_start">0</data>\n', "").replace(
        '      <data key="span_end">1</data>\n', "")
    writer.declared["edge"] = {("note", "string"): None}
    with tempfile.TemporaryDirectory() as folder:
        parts = [Path(folder) / "nodes", Path(folder) / "edges"]
        nodes = dict.fromkeys([source or "s", "t"])  # one node when the source is "t"
        parts[0].write_bytes(writer.encode([writer.node({"id": node}) for node in nodes]))
        parts[1].write_bytes(writer.encode([edge]))
        out = io.BytesIO()
        writer.finish(out, parts)
    assert out.getvalue().decode() == expected


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
                     lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@given(st.dictionaries(_TEXT, _JSON, max_size=5))
def test_kumu_items_are_indented_as_json_dumps_indents(item):
    expected = json.dumps({"a": [item]}, ensure_ascii=False, indent=2)
    assert expected == f'{{\n  "a": [\n    {indented(item, 2)}\n  ]\n}}'
