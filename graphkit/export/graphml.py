"""``graph.graphml``: the typed multigraph for Gephi and yEd, written element by element.

The file is the one ``networkx.generate_graphml(…, named_key_ids=True)`` writes for the
graph with every attribute flattened to a scalar (lists joined by ``; ``, identifiers as
``id_<scheme>``, amounts as floats): the same bytes, without copying the graph or
building its XML tree. As in networkx, a key is declared for each (name, type, scope)
the first time an element carries it, and the declarations come first, newest first; so
the nodes and edges are written to parts while their keys are collected, and
:meth:`GraphmlWriter.finish` puts the declarations before them.

Examples
--------
>>> import io, tempfile
>>> writer = GraphmlWriter()
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "nodes").write_text(writer.node({"id": "a", "label": "A & B"}))
>>> _ = (folder / "edges").write_text(writer.edge("a", "a", "r1", {"relation": "funds",
...                                                                "span": (0, 4)}))
>>> out = io.BytesIO()
>>> writer.finish(out, [folder / "nodes", folder / "edges"])
>>> print(out.getvalue().decode())  # doctest: +ELLIPSIS
<graphml xmlns=...>
  <key id="span_end" for="edge" attr.name="span_end" attr.type="long" />
  <key id="span_start" for="edge" attr.name="span_start" attr.type="long" />
  <key id="relation" for="edge" attr.name="relation" attr.type="string" />
  <key id="label" for="node" attr.name="label" attr.type="string" />
  <graph edgedefault="directed">
    <node id="a">
      <data key="label">A &amp; B</data>
    </node>
    <edge source="a" target="a" id="r1">
      <data key="relation">funds</data>
      <data key="span_start">0</data>
      <data key="span_end">4</data>
    </edge>
  </graph>
</graphml>
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from graphkit.files import append

_HEAD = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
#: GraphML types of Python values, as networkx names them (numpy's: :func:`_numpy_type`).
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _numpy_type(kind: type) -> str:
    """The GraphML type networkx gives a numpy scalar type."""
    import numpy as np

    if kind in (np.float64, np.float32, np.float16):
        return "float"
    if kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                np.uint64, np.intc, np.intp):
        return "int"
    raise TypeError(f"GraphML does not support type {kind} as data values.")
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
#: The line breaks of :meth:`str.splitlines` that ASCII text can hold, but ``\n``.
_BREAKS = re.compile(rb"\r\n|[\r\x0b\x0c\x1c\x1d\x1e]")


def attribute(value: str) -> str:
    """*value* escaped for an XML attribute, as ElementTree escapes it.

    Examples
    --------
    >>> attribute('a "b" & c')
    'a &quot;b&quot; &amp; c'
    """
    if value.isalnum():
        return value
    return value.translate(_ATTRIBUTE_ESCAPES)


def _scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def flat_node(row: Mapping[str, Any]) -> dict[str, Any]:
    """A node row's attributes as GraphML carries them: scalars only, empty ones left out,
    identifiers as ``id_<scheme>``."""
    attrs = {k: _scalar(v) for k, v in row.items()
             if k not in ("id", "identifiers") and v not in (None, (), "")}
    attrs.update({f"id_{scheme}": value for scheme, value in row.get("identifiers", {}).items()})
    return attrs


def flat_edge(data: Mapping[str, Any]) -> dict[str, Any]:
    """An edge's attributes as GraphML carries them: the span, if any, as ``span_start``
    and ``span_end`` (last), scalars only, missing ones left out."""
    attrs = {k: _scalar(v) for k, v in data.items() if k != "span" and v is not None}
    if "span" in data:  # a relation of an imported dataset has a row instead
        attrs["span_start"], attrs["span_end"] = data["span"]
    return attrs


class GraphmlWriter:
    """Makes the ``<node>`` and ``<edge>`` elements of ``graph.graphml``, collecting the
    declarations of their keys, and assembles the file."""

    def __init__(self) -> None:
        #: Per scope, the (name, GraphML type) of each key, in the order first met.
        self.declared: dict[str, dict[tuple[str, str], None]] = {"node": {}, "edge": {}}
        #: Per scope, the opening of the data elements of each (name, Python type).
        self.keys: dict[str, dict[tuple[str, type], str]] = {"node": {}, "edge": {}}

    def _data(self, attrs: Mapping[str, Any], scope: str) -> str:
        keys = self.keys[scope]
        out = []
        for name, value in attrs.items():
            kind = type(value)
            opening = keys.get((name, kind))
            if opening is None:
                opening = self._declare(name, kind, scope)
            value = value if kind is str else str(value)
            if not value:  # no text: an empty element, as ElementTree writes it
                out.append(f"{opening[:-1]} />\n")
                continue
            if "&" in value or "<" in value or ">" in value:
                value = value.translate(_TEXT_ESCAPES)
            out.append(f"{opening}{value}</data>\n")
        return "".join(out)

    def _declare(self, name: str, kind: type, scope: str) -> str:
        """Declare the key of *name* for values of Python type *kind* (once per GraphML
        type) and return the opening of its data elements."""
        graphml_type = _TYPES.get(kind) or _numpy_type(kind)
        self.declared[scope].setdefault((name, graphml_type), None)
        opening = self.keys[scope][name, kind] = f'      <data key="{attribute(name)}">'
        return opening

    def node(self, row: Mapping[str, Any]) -> str:
        """The element of a node row (:func:`graphkit.export.tables.rows_of_nodes`)."""
        body = self._data(flat_node(row), "node")
        head = f'    <node id="{attribute(str(row["id"]))}"'
        return f"{head}>\n{body}    </node>\n" if body else f"{head} />\n"

    def edge(self, source: str, target: str, key: str, data: Mapping[str, Any]) -> str:
        """The element of an edge."""
        body = self._data(flat_edge(data), "edge")
        head = (f'    <edge source="{attribute(str(source))}" '
                f'target="{attribute(str(target))}" id="{attribute(str(key))}"')
        return f"{head}>\n{body}    </edge>\n" if body else f"{head} />\n"

    @staticmethod
    def encode(elements: list[str]) -> bytes:
        """Elements as the file holds them: ASCII, other characters as references, and every
        line break Python knows (``\\r``, ``\\x1e``…) a ``\\n``, as networkx's writer splits
        its text into lines and joins them."""
        text = "".join(elements).encode("ascii", "xmlcharrefreplace")
        if _BREAKS.search(text):
            text = _BREAKS.sub(b"\n", text)
        return text

    def finish(self, out: IO[bytes], parts: Iterable[Path]) -> None:
        """Write the whole file to *out*: the key declarations, then the files of *parts*
        (the node elements, then the edge elements)."""
        declared = [(name, scope, kind) for scope in ("node", "edge")
                    for name, kind in self.declared[scope]]
        head = [_HEAD] + [
            f'  <key id="{attribute(name)}" for="{scope}" attr.name="{attribute(name)}" '
            f'attr.type="{kind}" />\n' for name, scope, kind in reversed(declared)]
        out.write(self.encode(head))
        parts = list(parts)
        if not any(part.stat().st_size for part in parts):
            out.write(b'  <graph edgedefault="directed" />\n</graphml>\n')
            return
        out.write(b'  <graph edgedefault="directed">\n')
        for part in parts:
            append(out, part)
        out.write(b"  </graph>\n</graphml>\n")
