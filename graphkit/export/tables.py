"""``nodes.csv``, ``edges.csv``, ``metrics.csv`` and ``kumu.json``, written row by row.

Rows come from the nodes and edges of the knowledge graph — a networkx graph
(:func:`node_rows`, :func:`edge_rows`) or, in a build, straight from the records
(:func:`graphkit.graph.build.node_attributes`, :func:`graphkit.graph.build.edges_in_order`),
in the same order — and go to a file as they are made.

Examples
--------
>>> import io
>>> out = io.BytesIO()
>>> write_csv(out, ["id", "score"], [{"id": "a", "score": 0.5}, {"id": "b"}])
>>> out.getvalue()
b'id,score\\na,0.5\\nb,\\n'
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from json.encoder import encode_basestring
from typing import IO, Any

import networkx as nx

from graphkit.algorithms.values import rounded
from graphkit.export.spreadsheet import FORMULA_STARTS, safe_cell
from graphkit.graph.build import evidence_in
from graphkit.schema.vocabulary import NODE_TYPES, PROPERTIES, RELATIONS

NODE_COLUMNS = ("id", "label", "type", "group", "aliases", "level", "parent", "territories",
                "documents", "identifiers")
EDGE_COLUMNS = ("id", "source", "target", "relation", "source_document", "source_title",
                "source_address", "date", "paragraph", "span_start", "span_end", "row",
                "confidence", "method", "role", "amount", "currency", "approximate", "start",
                "end", "note", "source_label", "target_label")

#: Network measures per node id, as produced by :mod:`graphkit.algorithms`.
NodeMetrics = Mapping[str, Mapping[str, Any]]
#: A node and its attributes, as ``G.nodes(data=True)`` gives them.
Node = tuple[str, dict]
#: An edge, as ``G.edges(keys=True, data=True)`` gives it.
Edge = tuple[str, str, str, dict]


def cell(value: Any) -> str:
    """A value as a CSV cell: lists joined by ``; ``, measures rounded, numbers as they are
    and text safe to open in a spreadsheet (:func:`graphkit.export.spreadsheet.safe_cell`).

    Examples
    --------
    >>> cell(("a", "b")), cell({"istat": "046"}), cell(None), cell(1 / 3), cell("=1+1")
    ('a; b', 'istat:046', '', '0.3333333333', "'=1+1")
    """
    kind = type(value)
    if kind is str:
        return safe_cell(value)
    if value is None:
        return ""
    if kind is int or isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return safe_cell("; ".join(map(str, value)))
    if isinstance(value, dict):
        return safe_cell("; ".join(f"{k}:{v}" for k, v in sorted(value.items())))
    if isinstance(value, float):
        return repr(rounded(value))
    return safe_cell(str(value))


def cells(values: Iterable[Any]) -> list[str]:
    """:func:`cell` of each of *values*: a row as :mod:`csv` writes it, text and empty
    cells taken without a call (the bulk of a national-scale export).

    Examples
    --------
    >>> cells(["cna", None, 2, "-1"])
    ['cna', '', '2', "'-1"]
    """
    return [(("'" + v if v.startswith(FORMULA_STARTS) else v) if type(v) is str
             else "" if v is None else cell(v)) for v in values]


@contextmanager
def _text(out: IO[bytes]) -> Iterator[IO[str]]:
    """A UTF-8 text stream over the binary file *out*, left open when done."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        yield text
        text.flush()
    finally:
        text.detach()


def write_csv(out: IO[bytes], columns: Iterable[str], rows: Iterable[Mapping[str, Any]]
              ) -> None:
    """Write *rows* under a header of *columns* to the binary file *out* (see :func:`cell`)."""
    columns = list(columns)
    with _text(out) as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells(map(row.get, columns)) for row in rows)


def property_columns(nodes: Iterable[Node]) -> list[str]:
    """The properties (:data:`graphkit.schema.vocabulary.PROPERTIES`) some node has, in
    the vocabulary's order."""
    present = {key for _, data in nodes for key in data}
    return [name for name in PROPERTIES if name in present]


def metric_columns(metrics: NodeMetrics | None) -> list[str]:
    """The measures some node has, sorted."""
    return sorted({m for values in (metrics or {}).values() for m in values})


def node_columns(nodes: Iterable[Node], metrics: NodeMetrics | None) -> list[str]:
    """The columns of ``nodes.csv``."""
    return [*NODE_COLUMNS, *property_columns(nodes), *metric_columns(metrics)]


def rows_of_nodes(nodes: Iterable[Node], metrics: NodeMetrics | None = None
                  ) -> Iterator[dict[str, Any]]:
    """One record per node: id, label, type, attributes, facts and measures."""
    metrics = metrics or {}
    for node, data in nodes:
        row = {"id": node, **data}
        row.update(metrics.get(node, {}))
        yield row


def edge_row(edge: Edge, labels: Mapping[str, str], documents: Mapping[str, dict]
             ) -> dict[str, Any]:
    """The record of an edge, with its provenance (the title and address of its document,
    from *documents*, :func:`graphkit.graph.build.document_attributes`) and the labels
    (*labels*, by node) of both ends."""
    source, target, key, data = edge
    where = evidence_in(documents, data)
    return {"id": key, "source": source, "target": target, **data,
            "span_start": where["span_start"], "span_end": where["span_end"],
            "source_title": where["source"], "source_address": where["address"],
            "source_label": labels[source], "target_label": labels[target]}


def node_rows(G: nx.MultiDiGraph, metrics: NodeMetrics | None = None) -> list[dict[str, Any]]:
    """One record per node of *G*: id, label, type, attributes, facts and measures.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("a", label="A")
    >>> node_rows(G, {"a": {"degree": 0}})
    [{'id': 'a', 'label': 'A', 'degree': 0}]
    """
    return list(rows_of_nodes(G.nodes(data=True), metrics))


def edge_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One record per edge of *G*, with its provenance (the document's title and address
    too) and the labels of both ends."""
    labels = {node: data["label"] for node, data in G.nodes(data=True)}
    documents = G.graph.get("documents", {})
    return [edge_row(edge, labels, documents) for edge in G.edges(keys=True, data=True)]


def metrics_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows of ``metrics.csv``: every measure rounded (:func:`rounded`)."""
    for row in rows:
        yield {k: rounded(v) for k, v in row.items()}


# --- Kumu ---------------------------------------------------------------------------------


def kumu_element(row: Mapping[str, Any], extra_columns: Iterable[str]) -> dict[str, Any]:
    """A Kumu element of a node row: id, label, type, tags, then what the node has."""
    element = {
        "id": row["id"],
        "label": row["label"],
        "type": NODE_TYPES[row["type"]].label_en,
        "tags": [row["group"], row["type"]],
    }
    for key in ("aliases", "level", "parent", "territories", "documents"):
        if row.get(key):
            element[key] = list(row[key]) if isinstance(row[key], tuple) else row[key]
    element.update({k: row[k] for k in extra_columns if row.get(k) is not None})
    return element


def kumu_connection(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Kumu connection of an edge row."""
    connection = {
        "id": row["id"], "from": row["source"], "to": row["target"],
        "type": RELATIONS[row["relation"]].label_en,
        "direction": "directed",
        "relation": row["relation"],
        "source_document": row["source_document"],
    }
    for key in ("date", "role", "amount", "currency", "confidence", "paragraph"):
        if row.get(key) is not None:
            value = row[key]
            connection[key] = float(value) if isinstance(value, Decimal) else value
    return connection


def indented(value: Any, level: int) -> str:
    """*value* as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it nested
    *level* deep, for the flat objects and lists of Kumu (``indent`` makes :mod:`json` fall
    back to its slow pure-Python encoder).

    Examples
    --------
    >>> value = {"id": "a", "tags": ["x", "y"], "n": 1.5, "none": []}
    >>> indented(value, 1) == json.dumps(value, indent=2).replace("\\n", "\\n  ")
    True
    """
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        keys = _KEYS
        items = []
        for k, v in value.items():
            key = keys.get(k)
            if key is None:
                key = keys[k] = scalar_json(k) + ": "
            items.append(key + (scalar_json(v) if type(v) in _SCALARS
                                else indented(v, level + 1)))
        inner = _INDENTS[level + 1]
        return f"{{{inner}{(',' + inner).join(items)}{_INDENTS[level]}}}"
    if kind is list:
        if not value:
            return "[]"
        inner = _INDENTS[level + 1]
        items = [indented(v, level + 1) for v in value]
        return f"[{inner}{(',' + inner).join(items)}{_INDENTS[level]}]"
    return scalar_json(value)


_INDENTS = ["\n" + "  " * level for level in range(8)]
_SCALARS = frozenset({str, int, float, bool, type(None)})
#: Keys of the blueprint's objects, JSON-quoted.
_KEYS: dict[str, str] = {}


def scalar_json(value: Any) -> str:
    """A string, number, boolean or None as :func:`json.dumps` writes it (``ensure_ascii``
    off).

    Examples
    --------
    >>> scalar_json("città"), scalar_json(0.5), scalar_json(None), scalar_json(float("nan"))
    ('"città"', '0.5', 'null', 'NaN')
    """
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


#: What ``kumu.json`` holds around its elements and its connections: the blueprint as
#: ``json.dumps(…, ensure_ascii=False, indent=2)`` writes it.
KUMU_HEAD, KUMU_MIDDLE, KUMU_TAIL = '{\n  "elements": [', '],\n  "connections": [', "]\n}\n"


def kumu_connection_text(connection: dict[str, Any]) -> str:
    """:func:`indented` of a Kumu connection (a flat object: no list, no nested object) at
    the blueprint's depth, by the C encoder.

    Examples
    --------
    >>> item = {"id": "r1", "amount": 5000.0, "paragraph": 2}
    >>> kumu_connection_text(item) == indented(item, 2)
    True
    """
    return f"{{\n      {_FLAT.encode(connection)[1:-1]}\n    }}"


_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": "))


class KumuItems:
    """The items of a list of the blueprint (elements or connections), as ``json.dumps(…,
    indent=2)`` writes them in it: :meth:`text` of each in turn, then :meth:`end`.

    Examples
    --------
    >>> items = KumuItems()
    >>> items.text({"id": "a"}) + items.end()
    '\\n    {\\n      "id": "a"\\n    }\\n  '
    """

    def __init__(self) -> None:
        self.separator = "\n    "

    def text(self, item: dict[str, Any], flat: bool = False) -> str:
        """An item (*flat*: with no list or nested object), after what separates it from the
        one before."""
        text = self.separator + (kumu_connection_text(item) if flat else indented(item, 2))
        self.separator = ",\n    "
        return text

    def end(self) -> str:
        """What closes the list's last line (nothing for an empty list)."""
        return "" if self.separator == "\n    " else "\n  "
