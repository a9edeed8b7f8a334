"""Map a :class:`~graphkit.model.load.Dataset` to RDF, one named graph per source document.

The mapping reuses standard vocabularies (W3C ORG, schema.org, PROV-O, Dublin
Core, FOAF, OntoPiA COV/CLV, FRAPO) through :mod:`graphkit.schema.vocabulary`:

* every entity is ``gkr:<id>``, typed with the classes of its node type, with
  ``rdfs:label``, ``skos:altLabel`` for aliases and its identifiers
  (``dct:identifier`` plus ``covapit:taxCode``, ``covapit:IPAcode``,
  ``gk:istatCode``, ``gk:cup``, and ``owl:sameAs`` to Wikidata);
* every relation gives a **shortcut** triple (``gkr:cna-lucca gk:signatoryOf
  gkr:lucca-per-il-lavoro``) and a **qualified record** ``gkr:rel/<id>``
  (a ``gk:Relationship``; also an ``org:Membership`` with ``org:role`` for
  participations, or a ``schema:MonetaryGrant`` with ``schema:amount`` for
  funding) that carries role, amount, dates, confidence and the locator, and
  points to its source with ``prov:wasDerivedFrom``; a record read from a row of an
  imported dataset (a ``schema:Dataset`` and ``dcat:Dataset``, where a press release is a
  ``schema:NewsArticle``) carries the row's ``gk:rowKey`` and ``schema:url`` instead of
  paragraph and characters;
* every fact gives a ``gk:Observation`` record and, when it is not qualified by a
  year or a territory, a direct triple (``schema:startDate`` …);
* registry triples (entities, documents, and the counts and totals of
  :mod:`graphkit.graph.summary`) live in the named graph ``gkr:graph/registry``;
  what a document states lives in ``gkr:graph/<doc-id>`` (a
  ``gk:DocumentGraph`` whose ``dct:source`` is the document, as the registry
  says), so SPARQL can ask "according to which document?".

The terms are written straight as N-Triples text, grouped by subject: a **block** is a
subject and its statements, each ``"<predicate> object"``, sorted and without
duplicates. A graph is its blocks sorted by subject, so the quads of the whole dataset
come out in one fixed order (graph, then the N-Triples text of the triple) without
sorting millions of them: every export (:mod:`graphkit.export.rdf`) reads these blocks,
the SPARQL store bulk-loads them as N-Quads (:func:`nquads`), and the rdflib view
(:func:`to_rdf`) is made from the same text.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> ds = to_rdf(load_dataset())
>>> len(list(ds.graphs())) > 5
True
"""

from __future__ import annotations

import functools
import heapq
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Dataset as RDFDataset
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graphkit.graph.summary import (
    funding_totals,
    network_counts,
    organisation_counts,
    ranks,
)
from graphkit.model.records import Dataset, Fact, RelationRecord
from graphkit.schema import territories as istat
from graphkit.schema.namespaces import COV, GKR, WD, bind_prefixes
from graphkit.schema.vocabulary import (
    DEFAULT_CURRENCY,
    GK,
    NETWORK_MEASURES,
    NODE_TYPES,
    PROPERTIES,
    RELATIONS,
    SUMMARIES,
    TERRITORY_LEVELS,
    Detail,
    ValueKind,
)

#: A subject (N-Triples term) and its statements: ``"<predicate> object"`` lines, sorted
#: and distinct.
Block = tuple[str, list[str]]
T = TypeVar("T")
#: Network measures per entity id (names of :data:`NETWORK_MEASURES`).
NodeMetrics = Mapping[str, Mapping[str, object]]

#: Named graph holding entity and document descriptions.
REGISTRY_GRAPH = GKR["graph/registry"]

_DOCUMENT_CLASSES = {"press_release": (SDO.NewsArticle, PROV.Entity),
                     "dataset": (SDO.Dataset, DCAT.Dataset, PROV.Entity)}


def document_graph_iri(document_id: str) -> URIRef:
    """IRI of the named graph holding what a document states."""
    return GKR[f"graph/{document_id}"]


def date_literal(value: str) -> Literal:
    """A typed literal for a partial ISO date.

    Examples
    --------
    >>> date_literal("2024-12").datatype == XSD.gYearMonth
    True
    >>> date_literal("--07-11").datatype == XSD.gMonthDay
    True
    """
    return Literal(value, datatype=_date_datatype(value))


def _date_datatype(value: str) -> URIRef:
    if value.startswith("--"):
        return XSD.gMonthDay
    return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)


# --- terms as N-Triples text ----------------------------------------------------------

#: What N-Triples escapes in a string, as pyoxigraph writes it.
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                 0x22: '\\"', 0x5C: "\\\\"})


def quoted(value: str) -> str:
    """*value* as an N-Triples string, quoted and escaped as pyoxigraph writes it.

    Examples
    --------
    >>> print(quoted('Il "Ponte"\\n'))
    "Il \\"Ponte\\"\\n"
    """
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return f'"{value.translate(_ESCAPES)}"'


def _iri(term: str) -> str:
    return f"<{term}>"


_GKR = str(GKR)
_INTEGER = f"^^<{XSD.integer}>"
_DOUBLE = f"^^<{XSD.double}>"
_TRUE = f'"true"^^<{XSD.boolean}>'


def _entity(entity_id: str) -> str:
    return f"<{_GKR}{entity_id}>"


def _it(value: str) -> str:
    return quoted(value) + "@it"


def _en(value: str) -> str:
    return quoted(value) + "@en"


@functools.lru_cache(maxsize=1 << 16)
def _typed(value: str, datatype: str) -> str:
    """A typed literal with rdflib's normal form of *value* (``P12M`` is ``P1Y``, an integer
    loses its leading zeros), as graphkit has always written it; memoised, since dates and
    amounts repeat."""
    lexical = str(Literal(value, datatype=URIRef(datatype)))
    return f"{quoted(lexical)}^^<{datatype}>"


def value_literal(value: object) -> str:
    """A Python value (a count, a measure) as the typed literal rdflib makes of it.

    Examples
    --------
    >>> value_literal(3), value_literal(0.5)  # doctest: +NORMALIZE_WHITESPACE
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
     '"0.5"^^<http://www.w3.org/2001/XMLSchema#double>')
    """
    kind = type(value)
    if kind is int:
        return f'"{value}"{_INTEGER}'
    if kind is float and math.isfinite(value):
        return f'"{value!r}"{_DOUBLE}'
    return rdflib_term(Literal(value))


def rdflib_term(term: URIRef | Literal) -> str:
    """The N-Triples text of an rdflib term, as pyoxigraph writes it.

    Examples
    --------
    >>> rdflib_term(Literal("ciao", lang="it"))
    '"ciao"@it'
    """
    if isinstance(term, Literal):
        if term.language:
            return f"{quoted(str(term))}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{quoted(str(term))}^^<{term.datatype}>"
        return quoted(str(term))
    return f"<{term}>"


def term_of(text: str) -> URIRef | Literal:
    """The rdflib term of an N-Triples term (the inverse of :func:`rdflib_term`).

    Examples
    --------
    >>> term_of('"50000.00"^^<http://www.w3.org/2001/XMLSchema#decimal>').toPython()
    Decimal('50000.00')
    """
    if text[0] == "<":
        return URIRef(text[1:-1])
    end = text.rindex('"')
    value = json.loads(text[:end + 1])  # N-Triples escapes are JSON escapes
    suffix = text[end + 1:]
    if suffix.startswith("@"):
        return Literal(value, lang=suffix[1:])
    if suffix:
        return Literal(value, datatype=URIRef(suffix[3:-1]))
    return Literal(value)


_DATATYPES = {ValueKind.DURATION: str(XSD.duration), ValueKind.INTEGER: str(XSD.integer),
              ValueKind.MONEY: str(XSD.decimal)}


def _value(kind: ValueKind, value: str) -> str:
    if kind is ValueKind.DATE:
        return _date(value)
    if kind is ValueKind.DATETIME:
        return _typed(value if value.count(":") == 2 else value + ":00", str(XSD.dateTime))
    if kind in _DATATYPES:
        return _typed(value, _DATATYPES[kind])
    return _it(value)


@functools.lru_cache(maxsize=1 << 14)
def _date(value: str) -> str:
    return _typed(value, str(_date_datatype(value)))


# --- predicates, as N-Triples terms -----------------------------------------------------

_TYPE = f"<{RDF.type}> "
_P = {name: f"<{iri}> " for name, iri in {
    "label": RDFS.label, "comment": RDFS.comment, "value": RDF.value,
    "foaf_name": FOAF.name, "pref_label": SKOS.prefLabel, "alt_label": SKOS.altLabel,
    "editorial_note": SKOS.editorialNote, "exact_match": SKOS.exactMatch,
    "same_as": OWL.sameAs, "identifier": DCTERMS.identifier, "title": DCTERMS.title,
    "description": DCTERMS.description, "language": DCTERMS.language, "date": DCTERMS.date,
    "publisher": DCTERMS.publisher, "source": DCTERMS.source,
    "url": SDO.url, "primary_source": PROV.hadPrimarySource, "derived_from": PROV.wasDerivedFrom,
    "amount_value": SDO.value, "currency": SDO.currency, "amount": SDO.amount,
    "funder": SDO.funder, "funded_item": SDO.fundedItem, "start": SDO.startDate,
    "end": SDO.endDate, "member": ORG.member, "organization": ORG.organization,
    "role": ORG.role, "key": GK.key, "territory_level": GK.territoryLevel,
    "source_file": GK.sourceFile, "subject": GK.subject, "relation": GK.relation,
    "object": GK.object, "property": GK.property, "role_label": GK.roleLabel,
    "approximate": GK.approximate, "reference_year": GK.referenceYear,
    "territory": GK.territory, "paragraph": GK.paragraph, "char_start": GK.charStart,
    "char_end": GK.charEnd, "row_key": GK.rowKey, "confidence": GK.confidence, "method": GK.method,
    "istat": GK.istatCode, "ipa": COV.IPAcode, "cf": COV.taxCode, "cup": GK.cup,
    "wikidata": GK.wikidataId}.items()}
_CLASSES = {name: f"{_TYPE}<{iri}>" for name, iri in {
    "relationship": GK.Relationship, "membership": ORG.Membership,
    "grant": SDO.MonetaryGrant, "observation": GK.Observation,
    "monetary_amount": SDO.MonetaryAmount, "document_graph": GK.DocumentGraph}.items()}
_NODE_TYPE_LINES = {name: [f"{_TYPE}<{cls}>" for cls in spec.rdf_classes]
                    for name, spec in NODE_TYPES.items()}
_LEVEL_LINES = {level: f"{_TYPE}<{cls}>" for level, cls in TERRITORY_LEVELS.items()
                if cls is not None}
_MEASURE_PREDICATES = {name: f"<{m.predicate}> " for name, m in NETWORK_MEASURES.items()}
_SUMMARY_PREDICATES = {name: f"<{s.predicate}> " for name, s in SUMMARIES.items()}
_RELATION_PREDICATES = {name: f"<{spec.predicate}>" for name, spec in RELATIONS.items()}
_PROPERTY_PREDICATES = {name: f"<{spec.predicate}> " for name, spec in PROPERTIES.items()}
_DOCUMENT_CLASS_LINES = {kind: [f"{_TYPE}<{cls}>" for cls in classes]
                         for kind, classes in _DOCUMENT_CLASSES.items()}
_PROV_ENTITY = [f"{_TYPE}<{PROV.Entity}>"]
_TRUE_LINE = _P["approximate"] + _TRUE
_ROLES = {name: f"{_P['role']}<{spec.role}>" for name, spec in RELATIONS.items() if spec.role}


def _distinct(subject: str, lines: list[str]) -> Block:
    """A block with *lines* sorted and without duplicates."""
    distinct = set(lines)
    if len(distinct) < len(lines):
        lines = list(distinct)
    lines.sort()
    return subject, lines


_DECIMAL = str(XSD.decimal)
_G_YEAR = str(XSD.gYear)
_MONETARY_AMOUNT, _AMOUNT_VALUE, _CURRENCY = (_CLASSES["monetary_amount"], _P["amount_value"],
                                              _P["currency"])
_DERIVED_FROM = _P["derived_from"] + f"<{_GKR}doc/"
_PARAGRAPH, _CHAR_START, _CHAR_END = _P["paragraph"], _P["char_start"], _P["char_end"]
_CONFIDENCE, _METHOD = _P["confidence"], _P["method"]
_RELATIONSHIP, _SUBJECT, _RELATION, _OBJECT = (_CLASSES["relationship"], _P["subject"],
                                               _P["relation"], _P["object"])


def _amount_lines(value: Decimal | str, currency: str) -> list[str]:
    return [_MONETARY_AMOUNT, _AMOUNT_VALUE + _typed(str(value), _DECIMAL),
            _CURRENCY + quoted(currency)]


def _locator_lines(lines: list[str], record: RelationRecord | Fact) -> None:
    loc = record.locator
    lines.append(f"{_DERIVED_FROM}{loc.document}>")
    if loc.row is not None:  # a row of an imported dataset: its key and its page
        lines.append(_P["row_key"] + quoted(loc.row))
        if loc.link:
            lines.append(_P["url"] + _typed(loc.link, str(XSD.anyURI)))
    else:
        lines += (f'{_PARAGRAPH}"{loc.paragraph}"{_INTEGER}',
                  f'{_CHAR_START}"{loc.start}"{_INTEGER}',
                  f'{_CHAR_END}"{loc.end}"{_INTEGER}')
    lines += (_CONFIDENCE + quoted(record.confidence), _METHOD + quoted(record.method))
    if record.note:
        lines.append(_P["comment"] + _en(str(record.note)))


# --- records of a document ----------------------------------------------------------------


def shortcut(record: RelationRecord) -> tuple[str, str]:
    """The shortcut statement of a relation, as (subject, line).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> shortcut(load_dataset().relations[0])[1].split()[0]
    '<https://w3id.org/graphkit/onto/supports>'
    """
    return (f"<{_GKR}{record.subject}>",
            f"{_RELATION_PREDICATES[record.relation]} <{_GKR}{record.object}>")


def relation_blocks(record: RelationRecord) -> list[Block]:
    """The blocks of a relation's qualified record: ``gkr:rel/<id>``, after the block of
    its amount when it states one.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> [subject.split("/")[-2] for subject, _ in relation_blocks(load_dataset().relations[0])]
    ['rel']
    """
    spec = RELATIONS[record.relation]
    subject, obj = f"<{_GKR}{record.subject}>", f"<{_GKR}{record.object}>"
    lines = [_RELATIONSHIP, _SUBJECT + subject,
             _RELATION + _RELATION_PREDICATES[record.relation], _OBJECT + obj]
    blocks: list[Block] = []
    if spec.detail is Detail.MEMBERSHIP:
        lines += (_CLASSES["membership"], _P["member"] + subject, _P["organization"] + obj,
                  _ROLES[record.relation])
    elif spec.detail is Detail.GRANT:
        lines += (_CLASSES["grant"], _P["funder"] + subject, _P["funded_item"] + obj)
        if record.amount is not None:
            amount = f"<{_GKR}rel/{record.id}/amount>"
            lines.append(_P["amount"] + amount)
            amount_lines = _amount_lines(record.amount, record.currency or DEFAULT_CURRENCY)
            if record.approximate:
                amount_lines.append(_TRUE_LINE)
            amount_lines.sort()
            blocks.append((amount, amount_lines))
    if record.role:
        lines.append(_P["role_label"] + _it(record.role))
    if record.date:
        lines.append(_P["date"] + _date(record.date))
    if record.start:
        lines.append(_P["start"] + _date(record.start))
    if record.end:
        lines.append(_P["end"] + _date(record.end))
    _locator_lines(lines, record)
    lines.sort()
    blocks.append((f"<{_GKR}rel/{record.id}>", lines))
    return blocks


def _fact_value(fact: Fact) -> str:
    kind = PROPERTIES[fact.property].kind
    if kind is ValueKind.MONEY:
        return f"<{_GKR}fact/{fact.id}/amount>"
    return _value(kind, fact.value)


def direct_statement(fact: Fact) -> tuple[str, str] | None:
    """The direct statement of a fact, as (subject, line), when it is not qualified by a
    year or a territory; else None."""
    if fact.year is not None or fact.territory is not None:
        return None
    return f"<{_GKR}{fact.subject}>", _PROPERTY_PREDICATES[fact.property] + _fact_value(fact)


def fact_blocks(fact: Fact) -> list[Block]:
    """The blocks of a fact's observation record: ``gkr:fact/<id>``, after the block of its
    amount for a sum of money."""
    value = _fact_value(fact)
    blocks: list[Block] = []
    if PROPERTIES[fact.property].kind is ValueKind.MONEY:
        lines = _amount_lines(fact.value, fact.currency or DEFAULT_CURRENCY)
        lines.sort()
        blocks.append((value, lines))
    lines = [_CLASSES["observation"], _SUBJECT + f"<{_GKR}{fact.subject}>",
             _P["property"] + _PROPERTY_PREDICATES[fact.property][:-1], _P["value"] + value]
    if fact.approximate:
        lines.append(_TRUE_LINE)
    if fact.year is not None:
        lines.append(_P["reference_year"] + _typed(str(fact.year), _G_YEAR))
    if fact.territory:
        lines.append(_P["territory"] + _entity(fact.territory))
    _locator_lines(lines, fact)
    lines.sort()
    blocks.append((f"<{_GKR}fact/{fact.id}>", lines))
    return blocks


def statement_blocks(relations: Iterable[RelationRecord], facts: Iterable[Fact]
                     ) -> list[Block]:
    """The blocks of the entities in one document's graph: the shortcut statements of its
    *relations* and the direct statements of its *facts*, sorted by subject."""
    found: dict[str, list[str]] = defaultdict(list)
    for record in relations:
        subject, line = shortcut(record)
        found[subject].append(line)
    for fact in facts:
        direct = direct_statement(fact)
        if direct is not None:
            found[direct[0]].append(direct[1])
    return [_distinct(subject, found[subject]) for subject in sorted(found)]


def merged(items: Iterable[tuple[T, Block]]) -> Iterator[tuple[T, Block]]:
    """*items*, (tag, block) pairs sorted by subject, with consecutive blocks of one subject
    made one (the first tag kept): the same fact stated twice by a document is one record.

    Examples
    --------
    >>> list(merged([(1, ("<a>", ["1"])), (1, ("<a>", ["0", "1"])), (2, ("<b>", ["2"]))]))
    [(1, ('<a>', ['0', '1'])), (2, ('<b>', ['2']))]
    """
    pending: tuple[T, Block] | None = None
    for tag, block in items:
        if pending is not None and pending[1][0] == block[0]:
            pending = pending[0], _distinct(block[0], pending[1][1] + block[1])
            continue
        if pending is not None:
            yield pending
        pending = tag, block
    if pending is not None:
        yield pending


def _subject(block: Block) -> str:
    return block[0]


def _tagged_subject(item: tuple[object, Block]) -> str:
    return item[1][0]


def document_blocks(relations: Iterable[RelationRecord], facts: Iterable[Fact]) -> list[Block]:
    """The blocks of one document's graph: the records of its *relations* and *facts*,
    and the statements on the entities, sorted by subject."""
    relations, facts = list(relations), list(facts)
    own = merged(heapq.merge(
        *(sorted(((None, b) for r in records for b in make(r)), key=_tagged_subject)
          for records, make in ((facts, fact_blocks), (relations, relation_blocks))),
        key=_tagged_subject))
    return list(heapq.merge((block for _, block in own), statement_blocks(relations, facts),
                            key=_subject))


def record_blocks(dataset: Dataset) -> Iterator[tuple[str, Block]]:
    """The blocks of every relation and fact record of *dataset* with their document id,
    sorted by subject: each lies in its document's graph alone, and needs no measure."""
    facts = ((fact.locator.document, block) for fact in sorted(dataset.facts, key=_id)
             for block in fact_blocks(fact))
    relations = ((record.locator.document, block)
                 for record in sorted(dataset.relations, key=_id)
                 for block in relation_blocks(record))
    return merged(heapq.merge(facts, relations, key=_tagged_subject))


def _id(record: RelationRecord | Fact) -> str:
    return record.id


# --- the registry graph ----------------------------------------------------------------------


def registry_subjects(dataset: Dataset) -> list[str]:
    """Every subject of the registry graph, sorted (they do not depend on the measures).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> subjects = registry_subjects(load_dataset())
    >>> subjects == sorted(subjects) and "<https://w3id.org/graphkit/id/cgil>" in subjects
    True
    """
    subjects = [_entity(entity_id) for entity_id in dataset.entities]
    for doc_id in dataset.documents:
        subjects += (_entity(f"doc/{doc_id}"), _entity(f"graph/{doc_id}"))
    for funder, total in funding_totals(dataset).items():
        subjects += (_entity(f"{funder}/funding-total/{currency}") for currency in total.totals)
    return sorted(set(subjects))


def registry_lines(dataset: Dataset) -> dict[str, list[str]]:
    """The statements of the registry graph that need no network measure, by subject:
    entities with their counts and totals, documents, document graphs and funding totals."""
    lines: dict[str, list[str]] = defaultdict(list)
    for entity_id, entity in dataset.entities.items():
        out = lines[_entity(entity_id)]
        out += _NODE_TYPE_LINES[entity.type]
        if entity.level:
            if entity.level in _LEVEL_LINES:
                out.append(_LEVEL_LINES[entity.level])
            out.append(_P["territory_level"] + quoted(entity.level))
        name = _it(entity.name)
        out += (_P["label"] + name,
                (_P["foaf_name"] if entity.type == "person" else _P["pref_label"]) + name,
                _P["key"] + quoted(entity_id))
        out += (_P["alt_label"] + _it(alias) for alias in set(entity.aliases) - {entity.name})
        for scheme, value in entity.identifiers:
            literal = quoted(value)
            out += (_P["identifier"] + literal, _P[scheme] + literal)
            if scheme == "wikidata":
                out.append(_P["same_as"] + _iri(WD[value]))
            elif scheme == "istat" and (match := istat.iri(value)) is not None:
                out.append(_P["exact_match"] + _iri(match))
        if entity.note:
            out.append(_P["editorial_note"] + _en(entity.note))
    for doc_id, doc in dataset.documents.items():
        node = _entity(f"doc/{doc_id}")
        out = lines[node]
        out += _DOCUMENT_CLASS_LINES.get(doc.kind, _PROV_ENTITY)
        out.append(_P["identifier"] + quoted(doc_id))
        if doc.title:
            out.append(_P["title"] + _it(doc.title))
        if doc.summary:
            out.append(_P["description"] + _en(doc.summary))
        if doc.address:
            out += (_P["url"] + _typed(doc.address, str(XSD.anyURI)),
                    _P["primary_source"] + str(ox.NamedNode(doc.address)))  # a valid IRI
        out += (_P["source_file"] + quoted(doc.source_file), _P["language"] + '"it"')
        if doc.date:
            out.append(_P["date"] + _date(doc.date))
        if doc.publisher:
            out.append(_P["publisher"] + _entity(doc.publisher))
        lines[_entity(f"graph/{doc_id}")] += (_CLASSES["document_graph"], _P["source"] + node)
    _summary_lines(dataset, lines)
    return lines


def registry_blocks(dataset: Dataset, node_metrics: NodeMetrics | None = None,
                    lines: dict[str, list[str]] | None = None) -> Iterator[Block]:
    """The blocks of the registry graph, in :func:`registry_subjects` order: its
    :func:`registry_lines` (*lines*, if already made: they are consumed) and the network
    measures of the entities (*node_metrics*, written as ``gk:pagerank``…)."""
    if lines is None:
        lines = registry_lines(dataset)
    entities = dataset.entities
    for entity_id, values in (node_metrics or {}).items():
        if entity_id in entities:
            out = lines[_entity(entity_id)]
            out += (_MEASURE_PREDICATES[measure] + value_literal(value)
                    for measure, value in values.items() if value is not None)
    for subject in registry_subjects(dataset):
        yield _distinct(subject, lines.pop(subject))


def _summary_lines(dataset: Dataset, lines: dict[str, list[str]]) -> None:
    """The counts and totals of :mod:`graphkit.graph.summary` (``gk:networkCount``…).

    A funding total is a ``schema:MonetaryAmount`` per currency,
    ``gkr:<funder>/funding-total/<currency>``.
    """
    networks, organisations = network_counts(dataset), organisation_counts(dataset)
    for name, counts in (("network_count", networks),
                         ("network_rank", ranks(dataset, networks)),
                         ("organisation_count", organisations),
                         ("organisation_rank", ranks(dataset, organisations))):
        predicate = _SUMMARY_PREDICATES[name]
        for entity_id, count in counts.items():
            lines[_entity(entity_id)].append(f'{predicate}"{count}"{_INTEGER}')
    for funder, total in funding_totals(dataset).items():
        out = lines[_entity(funder)]
        out += (f'{_SUMMARY_PREDICATES["funded_item_count"]}"{len(total.items)}"{_INTEGER}',
                f'{_SUMMARY_PREDICATES["stated_amount_count"]}"{total.stated_amounts}"{_INTEGER}')
        for currency, value in total.totals.items():
            amount = _entity(f"{funder}/funding-total/{currency}")
            out.append(_SUMMARY_PREDICATES["funding_total"] + amount)
            lines[amount] += _amount_lines(value, currency)


# --- the whole dataset ------------------------------------------------------------------------


def records_by_document(dataset: Dataset
                        ) -> dict[str, tuple[list[RelationRecord], list[Fact]]]:
    """The relations and facts each document states, by document id (every document)."""
    found: dict[str, tuple[list[RelationRecord], list[Fact]]] = {
        doc_id: ([], []) for doc_id in dataset.documents}
    for record in dataset.relations:
        found.setdefault(record.locator.document, ([], []))[0].append(record)
    for fact in dataset.facts:
        found.setdefault(fact.locator.document, ([], []))[1].append(fact)
    return found


def graph_names(dataset: Dataset) -> list[tuple[str, str | None]]:
    """Every named graph as (N-Triples IRI, document id), sorted by IRI; the registry
    graph's document id is None.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> graph_names(load_dataset())[-1]
    ('<https://w3id.org/graphkit/id/graph/registry>', None)
    """
    names = {_entity(f"graph/{doc_id}"): doc_id for doc_id in records_by_document(dataset)}
    names[_iri(REGISTRY_GRAPH)] = None
    return sorted(names.items())


def graphs(dataset: Dataset, node_metrics: NodeMetrics | None = None, *,
           documents: bool = True, registry: bool = True
           ) -> Iterator[tuple[str, list[Block] | Iterator[Block]]]:
    """Every named graph with its blocks, in :func:`graph_names` order: the dataset as
    ``graph.trig`` holds it (or only the *documents*' graphs, or only the *registry*)."""
    records = records_by_document(dataset)
    for graph, doc_id in graph_names(dataset):
        if doc_id is None and registry:
            yield graph, registry_blocks(dataset, node_metrics)
        elif doc_id is not None and documents:
            yield graph, document_blocks(*records[doc_id])


def nquads(dataset: Dataset, node_metrics: NodeMetrics | None = None, *,
           documents: bool = True, registry: bool = True) -> Iterator[str]:
    """The dataset as N-Quads, in chunks of text (one per block): sorted by graph, then
    by triple, without duplicates, as ``graph.trig`` orders them (*documents* and
    *registry* as for :func:`graphs`).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> first = next(nquads(load_dataset()))
    >>> first.endswith(" <https://w3id.org/graphkit/id/graph/000_be95f7005f3ffa5b> .\\n")
    True
    """
    for graph, blocks in graphs(dataset, node_metrics, documents=documents, registry=registry):
        tail = f" {graph} .\n"
        for subject, lines in blocks:
            head = subject + " "
            yield head + f"{tail}{head}".join(lines) + tail


def quads(dataset: Dataset, node_metrics: NodeMetrics | None = None
          ) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
    """Every quad of the dataset as rdflib terms, in :func:`nquads` order."""
    for graph, blocks in graphs(dataset, node_metrics):
        context = term_of(graph)
        for subject, lines in blocks:
            node = term_of(subject)
            for line in lines:
                predicate, obj = line.split(" ", 1)
                yield node, term_of(predicate), term_of(obj), context


def to_rdf(dataset: Dataset, node_metrics: NodeMetrics | None = None) -> RDFDataset:
    """Return the dataset as an RDF dataset with one named graph per document.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    node_metrics : mapping, optional
        Network measures per entity id, added to the registry graph.

    Returns
    -------
    rdflib.Dataset
        Named graphs ``gkr:graph/registry`` and ``gkr:graph/<doc-id>``; the
        default graph is empty. Use :func:`union_graph` for a plain graph.
    """
    rdf = bind_prefixes(RDFDataset())
    for quad in quads(dataset, node_metrics):
        rdf.add(quad)
    return rdf


def union_graph(rdf: RDFDataset) -> Graph:
    """All triples of every named graph of *rdf*, in one graph with graphkit's prefixes."""
    union = bind_prefixes(Graph())
    for graph in rdf.graphs():
        for triple in graph:
            union.add(triple)
    return union
