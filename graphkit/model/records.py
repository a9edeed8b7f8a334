"""The records of a dataset: entities, documents, mentions, relations and facts.

Plain frozen dataclasses, with no dependency on networkx or rdflib: the loader
(:mod:`graphkit.model.load`) makes them, the graph, the RDF mapping and the
exports read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from graphkit.schema.vocabulary import Confidence, Method


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity of the registry."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source document and its metadata."""

    id: str
    source_file: str
    kind: str
    title: str | None = None
    date: str | None = None
    date_confidence: str = Confidence.STATED.value
    publisher: str | None = None
    address: str | None = None
    summary: str | None = None

    @property
    def label(self) -> str:
        """How to name the document: its published title, else the curator's summary, else its id.

        Examples
        --------
        >>> Document("d1", "d1.txt", "press_release", summary="Protocol signed").label
        'Protocol signed'
        """
        return self.title or self.summary or self.id


@dataclass(frozen=True, slots=True)
class Locator:
    """Where in a source document a fact is stated.

    A text is located by paragraph and character span; a row of an imported dataset
    (:mod:`graphkit.model.imported`) by its *row* key instead (paragraph and span are 0),
    with *link*, the web page of what the row is about (an OpenCoesione project's page).

    Examples
    --------
    >>> Locator("opencoesione-20250630", 0, 0, 0, row="FIXT001|3|1").row
    'FIXT001|3|1'
    """

    document: str
    paragraph: int
    start: int
    end: int
    row: str | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where a document names an entity.

    An *anaphoric* mention refers to the entity with a generic phrase ("la Regione",
    "l'avviso") rather than a name or alias.
    """

    entity: str
    locator: Locator
    anaphoric: bool = False


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """One typed, sourced relation between two entities."""

    id: str
    subject: str
    relation: str
    object: str
    locator: Locator
    confidence: str = Confidence.STATED.value
    method: str = Method.MANUAL.value
    date: str | None = None
    start: str | None = None
    end: str | None = None
    role: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    approximate: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A property value of an entity, as one document states it."""

    id: str
    subject: str
    property: str
    value: str
    locator: Locator
    currency: str | None = None
    approximate: bool = False
    year: int | None = None
    territory: str | None = None
    confidence: str = Confidence.STATED.value
    method: str = Method.MANUAL.value
    note: str | None = None


@dataclass
class Dataset:
    """The whole curated dataset."""

    entities: dict[str, Entity] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def appearances(self) -> dict[str, set[str]]:
        """For each entity id, the documents that mention it or state something about it."""
        seen: dict[str, set[str]] = {entity_id: set() for entity_id in self.entities}
        for mention in self.mentions:
            seen[mention.entity].add(mention.locator.document)
        for record in self.relations:
            seen[record.subject].add(record.locator.document)
            seen[record.object].add(record.locator.document)
        for fact in self.facts:
            seen[fact.subject].add(fact.locator.document)
        return seen

    def document_date(self, document_id: str) -> str | None:
        """Publication date of a document, if known."""
        return self.documents[document_id].date


def stable_id(*parts: object) -> str:
    """A short stable identifier derived from *parts* (for relation and fact records).

    Examples
    --------
    >>> stable_id("doc", "a", "partner_of", "b")
    '16870f9dc73d4906'
    """
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return digest[:16]
