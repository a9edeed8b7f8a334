"""``graph.trig``, ``graph.ttl`` and ``graph.jsonld``, written from the blocks of
:mod:`graphkit.rdf.mapping` as text, a part at a time.

The files are the ones pyoxigraph's serialisers write from the quads sorted by graph and
then by the N-Triples text of the triple (and the JSON-LD graphkit has always written
from the same triples): the same bytes, with no quad ever held as a Python object.

* ``graph.trig``: the graphs in order, each one's blocks as pyoxigraph writes them
  (prefixed names, ``a`` for ``rdf:type``, plain numbers and booleans);
* ``graph.ttl`` and ``graph.jsonld``: every subject once, in the order of its N-Triples
  text, with the statements of every graph about it.

The records of the documents (relations and facts) need no network measure, so
:class:`RdfWriter` writes them first, while the measures are computed elsewhere, into
parts beside the targets; :meth:`RdfWriter.finish` then writes the registry graph, with the
measures, between them.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> files = dict(rdf_files(load_dataset()))
>>> sorted(files)
['graph.jsonld', 'graph.trig', 'graph.ttl']
>>> files["graph.ttl"].startswith(b"@prefix clvapit:")
True
"""

from __future__ import annotations

import heapq
import json
import mmap
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from graphkit.files import Stage, append, new_file, staged_files
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import (
    REGISTRY_GRAPH,
    NodeMetrics,
    graph_names,
    record_blocks,
    records_by_document,
    registry_blocks,
    registry_lines,
    registry_subjects,
    statement_blocks,
)
from graphkit.schema.namespaces import jsonld_context

#: The registry graph, as an N-Triples term.
REGISTRY = f"<{REGISTRY_GRAPH}>"

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INLINE = {
    f"<{_XSD}boolean>": re.compile(r"true|false"),
    f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"),
    f"<{_XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD}double>": re.compile(
        r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)"),
}
#: Local names of ASCII letters, digits and ``_ : - . /`` (no ``-`` or ``.`` first, no ``.``
#: last): written as they are, but for a backslash before each ``/``.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_:/](?:[A-Za-z0-9_:./\-]*[A-Za-z0-9_:/\-])?")
#: Characters a local name may carry behind a backslash.
_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
_BASE_RANGES = ((0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF),
                (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
                (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF))


def _pn_chars_u(c: str) -> bool:
    if c.isascii():
        return c.isalpha() or c == "_"
    code = ord(c)
    return any(low <= code <= high for low, high in _BASE_RANGES)


def _pn_chars(c: str) -> bool:
    if c.isascii():
        return c.isalnum() or c in "_-"
    code = ord(c)
    return (_pn_chars_u(c) or code == 0xB7 or 0x300 <= code <= 0x36F
            or 0x203F <= code <= 0x2040)


def local_name(local: str) -> str | None:
    """*local* as the local part of a Turtle prefixed name, escaped as pyoxigraph does it,
    or None when it cannot be one (the IRI is then written in full).

    Examples
    --------
    >>> local_name("rel/0123"), local_name("cna-lucca"), local_name("a b")
    ('rel\\\\/0123', 'cna-lucca', None)
    """
    if _PLAIN_LOCAL.fullmatch(local):
        return local.replace("/", "\\/")
    out = []
    last = len(local) - 1
    for i, c in enumerate(local):
        if (_pn_chars_u(c) or c == ":" or (c.isdigit() and c.isascii())) if i == 0 else (
                _pn_chars(c) or c == ":" or (c == "." and i < last)):
            out.append(c)
        elif c in _ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


def prefix_lines(prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of a Turtle or TriG file, sorted, and the blank line after them.

    Examples
    --------
    >>> print(prefix_lines({"b": "http://b/", "a": "http://a/"}), end="")
    @prefix a: <http://a/> .
    @prefix b: <http://b/> .
    <BLANKLINE>
    """
    return "\n".join(sorted(f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items())) + "\n\n"


#: What comes before the second and later predicates of a Turtle block.
_NEXT_PREDICATE = " ;\n\t"
#: Literals shorter than this (numbers, dates, ``"stated"``…) repeat: their forms are kept.
_SHORT = 64


class Namespaces:
    """The (prefix, namespace) pairs that start an IRI, in the order given, found once for
    each IRI's folder (its text up to the last ``/`` or ``#``), which decides them when
    every namespace ends with ``/`` or ``#``.

    Examples
    --------
    >>> Namespaces([("ex", "http://e/"), ("x", "http://x/")]).of("http://e/a/b")
    [('ex', 'http://e/')]
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = list(pairs)
        self.by_folder: dict[str, list[tuple[str, str]]] | None = (
            {} if all(ns.endswith(("/", "#")) for _, ns in self.pairs) else None)

    def of(self, iri: str) -> list[tuple[str, str]]:
        """The pairs whose namespace starts *iri*."""
        if self.by_folder is None:
            return [(p, ns) for p, ns in self.pairs if iri.startswith(ns)]
        folder = iri[:max(iri.rfind("/"), iri.rfind("#")) + 1]
        found = self.by_folder.get(folder)
        if found is None:
            found = self.by_folder[folder] = [(p, ns) for p, ns in self.pairs
                                              if folder.startswith(ns)]
        return found


class TurtleTerms:
    """N-Triples terms written as pyoxigraph's Turtle and TriG serialisers write them.

    Examples
    --------
    >>> terms = TurtleTerms({"xsd": "http://www.w3.org/2001/XMLSchema#", "ex": "http://e/"})
    >>> terms.object('"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    '5'
    >>> terms.object('"0.5"^^<http://www.w3.org/2001/XMLSchema#double>')
    '"0.5"^^xsd:double'
    >>> terms.block("<http://e/s>", ["<http://e/p> <http://e/o>", "<http://e/p> \\"x\\"@it"])
    'ex:s ex:p ex:o , "x"@it .\\n'
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.namespaces = Namespaces(prefixes.items())
        self.cache: dict[str, str] = {}
        self.predicates: dict[str, str] = {_RDF_TYPE: "a"}

    def iri(self, term: str) -> str:
        """An IRI (``<…>``) as a prefixed name where one fits, else in full."""
        iri = term[1:-1]
        for prefix, namespace in self.namespaces.of(iri):
            local = iri[len(namespace):]
            if not local:
                return prefix + ":"
            escaped = local_name(local)
            if escaped is not None:
                return f"{prefix}:{escaped}"
        return term

    def object(self, term: str) -> str:
        """An object: an IRI, a literal (numbers and booleans inline when they can be)."""
        found = self.cache.get(term)
        if found is not None:
            return found
        if term[-1] != ">":  # a plain or language-tagged string: as in N-Triples
            if len(term) < _SHORT:
                self.cache[term] = term
            return term
        if term[0] == "<":
            found = self.cache[term] = self.iri(term)
            return found
        end = term.rindex('"')
        datatype = term[end + 3:]
        inline = _INLINE.get(datatype)
        if inline is not None and inline.fullmatch(term, 1, end):
            found = term[1:end]
        else:
            found = f"{term[:end + 1]}^^{self.object(datatype)}"
        if len(term) < _SHORT:
            self.cache[term] = found
        return found

    def block(self, subject: str, lines: list[str]) -> str:
        """A subject's statements in Turtle, one predicate a line, ending with `` .``."""
        cache, predicates = self.cache, self.predicates
        out = [cache.get(subject) or self.iri(subject)]
        append = out.append
        previous = None
        for line in lines:
            predicate, obj = line.split(" ", 1)
            found = cache.get(obj)
            if found is None:
                found = obj if obj[-1] != ">" else self.object(obj)
            if predicate == previous:
                append(" , " + found)
            else:
                written = predicates.get(predicate)
                if written is None:
                    written = predicates[predicate] = self.iri(predicate)
                append((" " if previous is None else " ;\n\t") + written + " " + found)
                previous = predicate
        append(" .\n")
        return "".join(out)


def trig_section(text: str) -> str:
    """Turtle blocks indented as statements of a TriG graph.

    Examples
    --------
    >>> trig_section("a b c ;\\n\\td e .\\n")
    '\\ta b c ;\\n\\t\\td e .\\n'
    """
    return "\t" + text[:-1].replace("\n", "\n\t") + "\n"


class JsonLdNodes:
    """The parts of the node objects of ``graph.jsonld`` (``{"@id": …, "<curie>":
    [values…]}``): IRIs compacted to the context's prefixes (datatype IRIs stay in full)
    and value objects, as ``json.dumps`` writes them.

    Examples
    --------
    >>> nodes = JsonLdNodes({"ex": "http://e/"})
    >>> nodes.curie("<http://e/s>"), nodes.value('"x"@it'), nodes.value("<http://e/o>")
    ('"ex:s"', '{"@language": "it", "@value": "x"}', '{"@id": "ex:o"}')
    """

    def __init__(self, context: Mapping[str, str]) -> None:
        self.namespaces = Namespaces(sorted(context.items(), key=lambda item: -len(item[1])))

    def curie(self, term: str) -> str:
        """An IRI (``<…>``) shortened to a CURIE of the context, JSON-quoted."""
        iri = term[1:-1]
        for prefix, namespace in self.namespaces.of(iri):
            if len(iri) > len(namespace):
                iri = f"{prefix}:{iri[len(namespace):]}"
                break
        return _json_string(iri)

    def value(self, term: str) -> str:
        """A JSON-LD value object for an N-Triples object."""
        if term[0] == "<":
            return f'{{"@id": {self.curie(term)}}}'
        end = term.rindex('"')
        text = term[:end + 1]
        if "\\u" in text:  # N-Triples writes \u001F and \u007F where JSON does not
            text = json.dumps(json.loads(text), ensure_ascii=False)
        if end + 1 == len(term):
            return f'{{"@value": {text}}}'
        if term[end + 1] == "@":
            return f'{{"@language": "{term[end + 2:]}", "@value": {text}}}'
        return f'{{"@type": {_json_string(term[end + 4:-1])}, "@value": {text}}}'


def _json_string(text: str) -> str:
    """*text* as a JSON string, as ``json.dumps(text, ensure_ascii=False)`` writes it."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def jsonld_head(context: Mapping[str, str]) -> str:
    """What ``graph.jsonld`` starts with: its ``@context`` and the opening of ``@graph``."""
    head = json.dumps(dict(context), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "@context": {head},\n  "@graph": [\n  '


#: What ``graph.jsonld`` ends with, and what separates its node objects.
JSONLD_TAIL, JSONLD_SEPARATOR = "\n  ]\n}\n", ",\n  "


class RdfText:
    """Blocks written as Turtle and as JSON-LD node objects in one pass over their lines.

    Examples
    --------
    >>> text = RdfText({"ex": "http://e/"})
    >>> text.both("<http://e/s>", ['<http://e/p> "x"@it'])
    ('ex:s ex:p "x"@it .\\n', '{"@id": "ex:s", "ex:p": [{"@language": "it", "@value": "x"}]}')
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.turtle = TurtleTerms(prefixes)
        self.jsonld = JsonLdNodes(prefixes)
        #: Objects (IRIs, short literals) and predicates as (Turtle, JSON-LD): they repeat.
        self.objects: dict[str, tuple[str, str]] = {}
        self.predicates: dict[str, tuple[str, str]] = {}
        #: Per datatype, its :meth:`_datatype` forms.
        self.datatypes: dict[str, tuple[re.Pattern[str] | None, str, str]] = {}

    def _object(self, term: str) -> tuple[str, str]:
        if term[0] == '"' and term[-1] == ">" and "\\u" not in term:  # a typed literal
            end = term.rindex('"')
            kind = self.datatypes.get(term[end + 3:]) or self._datatype(term[end + 3:])
            forms = (term[1:end] if kind[0] is not None and kind[0].fullmatch(term, 1, end)
                     else term[:end + 1] + kind[1], f"{kind[2]}{term[:end + 1]}}}")
        else:
            forms = (term if term[-1] != ">" else self.turtle.object(term),
                     self.jsonld.value(term))
        if term[0] == "<" or len(term) < _SHORT:
            self.objects[term] = forms
        return forms

    def _datatype(self, term: str) -> tuple[re.Pattern[str] | None, str, str]:
        """A datatype's inline form (when its literals may be written bare in Turtle), what
        follows its literals in Turtle, and what comes before their text in JSON-LD."""
        forms = self.datatypes[term] = (_INLINE.get(term), "^^" + self.turtle.object(term),
                                        f'{{"@type": {_json_string(term[1:-1])}, "@value": ')
        return forms

    def _predicate(self, term: str) -> tuple[str, str]:
        forms = self.predicates[term] = (self.turtle.predicates.get(term)
                                         or self.turtle.iri(term), self.jsonld.curie(term))
        return forms

    def both(self, subject: str, lines: list[str]) -> tuple[str, str]:
        """The Turtle block and the JSON-LD node object of *subject*."""
        objects, predicates = self.objects, self.predicates
        ttl = [self.turtle.cache.get(subject) or self.turtle.iri(subject)]
        node = ['{"@id": ', self.jsonld.curie(subject)]
        previous = None
        for line in lines:
            predicate, obj = line.split(" ", 1)
            forms = objects.get(obj) or self._object(obj)
            if predicate == previous:
                ttl.append(" , " + forms[0])
                node.append(", " + forms[1])
            else:
                verb = predicates.get(predicate) or self._predicate(predicate)
                if previous is None:
                    ttl.append(f" {verb[0]} {forms[0]}")
                    node.append(f", {verb[1]}: [{forms[1]}")
                else:
                    ttl.append(f" ;\n\t{verb[0]} {forms[0]}")
                    node.append(f"], {verb[1]}: [{forms[1]}")
                previous = predicate
        ttl.append(" .\n")
        node.append("]}" if previous is not None else "}")
        return "".join(ttl), "".join(node)


    def with_statements(self, subject: str, lines: list[str], statements: list[str]
                        ) -> tuple[str, str, str]:
        """The Turtle block of *subject* with its *lines* alone, then its Turtle block and
        JSON-LD node object with its *statements* (in other graphs) too, in one pass."""
        extra = set(statements)
        extra.difference_update(lines)
        union = lines + sorted(extra)
        union.sort()  # two sorted runs: merged
        objects, predicates = self.objects, self.predicates
        name = self.turtle.cache.get(subject) or self.turtle.iri(subject)
        own, ttl = [name], [name]
        node = ['{"@id": ', self.jsonld.curie(subject)]
        previous = own_previous = verb = None
        for line in union:
            predicate, obj = line.split(" ", 1)
            forms = objects.get(obj) or self._object(obj)
            if predicate == previous:
                ttl.append(" , " + forms[0])
                node.append(", " + forms[1])
            else:
                verb = predicates.get(predicate) or self._predicate(predicate)
                if previous is None:
                    ttl.append(f" {verb[0]} {forms[0]}")
                    node.append(f", {verb[1]}: [{forms[1]}")
                else:
                    ttl.append(f" ;\n\t{verb[0]} {forms[0]}")
                    node.append(f"], {verb[1]}: [{forms[1]}")
                previous = predicate
            if line not in extra:
                if predicate == own_previous:
                    own.append(" , " + forms[0])
                else:
                    own.append(f"{' ' if own_previous is None else _NEXT_PREDICATE}"
                               f"{verb[0]} {forms[0]}")
                    own_previous = predicate
        for out in own, ttl:
            out.append(" .\n")
        node.append("]}" if previous is not None else "}")
        return "".join(own), "".join(ttl), "".join(node)


class RdfWriter:
    """Writes ``graph.trig``, ``graph.ttl`` and ``graph.jsonld`` of *dataset*.

    :meth:`write_records` writes what needs no measure into part files beside the
    targets: the records of relations and facts (``gkr:rel/…``, ``gkr:fact/…``), in the
    order of ``graph.ttl`` and ``graph.jsonld``, and the documents' graphs of
    ``graph.trig`` (their records copied from the Turtle part), and makes the registry's
    statements that need no measure. :meth:`finish` writes the registry graph with the
    measures and assembles each file from the parts.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    stage : Stage
        Where the files go (:func:`graphkit.files.staged_files`): each at its
        :meth:`~graphkit.files.Stage.target`, the parts at scratch paths.
    """

    def __init__(self, dataset: Dataset, stage: Stage) -> None:
        self.dataset = dataset
        self.stage = stage
        self.prefixes = jsonld_context()
        self.text = RdfText(self.prefixes)
        self.parts: dict[str, Path] = {}
        self.statements: dict[str, list[str]] = defaultdict(list)
        #: Per registry subject, the bytes of the record parts of ``graph.ttl`` and
        #: ``graph.jsonld`` that come before it.
        self.offsets: list[tuple[int, int]] = []
        #: The registry's statements that need no measure (made before the measures come).
        self.registry: dict[str, list[str]] | None = None

    def _part(self, name: str) -> IO[bytes]:
        path = self.parts[name] = self.stage.scratch(name)
        return new_file(path)

    def write_records(self) -> None:
        """Write the parts that need no measure."""
        subjects = registry_subjects(self.dataset)
        at, ttl_size, jsonld_size = 0, 0, 0
        where: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        both = self.text.both
        with self._part("ttl-records") as ttl, self._part("jsonld-records") as jsonld:
            for doc_id, (subject, lines) in record_blocks(self.dataset):
                while at < len(subjects) and subjects[at] < subject:
                    self.offsets.append((ttl_size, jsonld_size))
                    at += 1
                as_ttl, as_json = both(subject, lines)
                size = ttl.write(as_ttl.encode())
                where[doc_id].append((subject, ttl_size, size))
                ttl_size += size
                jsonld_size += jsonld.write((JSONLD_SEPARATOR + as_json).encode())
        self.offsets += [(ttl_size, jsonld_size)] * (len(subjects) - at)
        self._write_document_graphs(where)
        self.registry = registry_lines(self.dataset)

    def _write_document_graphs(self, where: dict[str, list[tuple[str, int, int]]]) -> None:
        """The documents' graphs of ``graph.trig``, before and after the registry graph's
        place: their records' blocks read back from the Turtle part, merged with the
        statements on entities. Those are kept for :meth:`finish`."""
        records = records_by_document(self.dataset)
        turtle = self.text.turtle
        with (self.parts["ttl-records"].open("rb") as part,
              self._part("trig-before") as before, self._part("trig-after") as after):
            size = part.seek(0, 2)
            with (mmap.mmap(part.fileno(), 0, access=mmap.ACCESS_READ) if size
                  else nullcontext(b"")) as written:
                out = before
                for graph, doc_id in graph_names(self.dataset):
                    if doc_id is None:
                        out = after
                        continue
                    entities = statement_blocks(*records.pop(doc_id))
                    for subject, lines in entities:
                        self.statements[subject] += lines
                    pieces = [
                        written[found[0]:found[0] + found[1]] if isinstance(found, tuple)
                        else turtle.block(subject, found).encode()
                        for subject, found in heapq.merge(
                            ((s, (at, n)) for s, at, n in where.pop(doc_id, ())), entities,
                            key=_first)]
                    if pieces:
                        section = b"".join(pieces)
                        out.write(f"{turtle.iri(graph)} {{\n".encode())
                        out.write(b"\t" + section[:-1].replace(b"\n", b"\n\t") + b"\n}\n")

    def finish(self, node_metrics: NodeMetrics | None) -> None:
        """Write the registry graph (with *node_metrics*) and assemble the three files from
        the parts, which are removed."""
        paths = [self.stage.target(name) for name in ("graph.trig", "graph.ttl", "graph.jsonld")]
        head = prefix_lines(self.prefixes).encode()
        text, turtle = self.text, self.text.turtle
        separator = JSONLD_SEPARATOR.encode()
        with (new_file(paths[0]) as trig, new_file(paths[1]) as ttl,
              new_file(paths[2]) as jsonld,
              self.parts["ttl-records"].open("rb", buffering=0) as ttl_records,
              self.parts["jsonld-records"].open("rb", buffering=0) as jsonld_records):
            trig.write(head)
            append(trig, self.parts["trig-before"])
            trig.write(f"{turtle.iri(REGISTRY)} {{\n".encode())
            ttl.write(head)
            jsonld.write(jsonld_head(self.prefixes).encode())
            done = (0, 0)
            empty = True  # nothing in @graph yet: the next node takes no separator
            blocks = registry_blocks(self.dataset, node_metrics, self.registry)
            self.registry = None
            for (subject, lines), offsets in zip(blocks, self.offsets, strict=True):
                if offsets[0] > done[0]:
                    append(ttl, ttl_records, offsets[0] - done[0])
                    if empty:
                        jsonld_records.seek(len(separator), os.SEEK_CUR)
                    append(jsonld, jsonld_records,
                           offsets[1] - done[1] - (len(separator) if empty else 0))
                    empty, done = False, offsets
                merged = self.statements.get(subject)
                if merged:
                    own, as_ttl, as_json = text.with_statements(subject, lines, merged)
                else:
                    as_ttl, as_json = text.both(subject, lines)
                    own = as_ttl
                trig.write(trig_section(own).encode())
                ttl.write(as_ttl.encode())
                jsonld.write((as_json if empty else JSONLD_SEPARATOR + as_json).encode())
                empty = False
            trig.write(b"}\n")
            append(trig, self.parts["trig-after"])
            append(ttl, ttl_records)
            if empty:
                jsonld_records.seek(len(separator), os.SEEK_CUR)
            append(jsonld, jsonld_records)
            jsonld.write(JSONLD_TAIL.encode())
        self.discard()

    def discard(self) -> None:
        """Remove the part files."""
        for path in self.parts.values():
            path.unlink(missing_ok=True)


def _first(item: tuple) -> str:
    return item[0]


def rdf_files(dataset: Dataset, node_metrics: NodeMetrics | None = None
              ) -> Iterator[tuple[str, bytes]]:
    """``graph.trig``, ``graph.ttl`` and ``graph.jsonld`` of *dataset* (with *node_metrics*),
    as (file name, content), written in a temporary folder and read back."""
    with tempfile.TemporaryDirectory(prefix="graphkit-rdf-") as folder:
        with staged_files(folder) as stage:
            writer = RdfWriter(dataset, stage)
            try:
                writer.write_records()
                writer.finish(node_metrics)
            finally:
                writer.discard()
        for name in ("graph.jsonld", "graph.trig", "graph.ttl"):
            yield name, (Path(folder) / name).read_bytes()
