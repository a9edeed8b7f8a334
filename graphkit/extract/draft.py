# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Turn a source text into a draft in the data format, and write drafts to a folder.

A draft folder mirrors ``data/``: ``entities.yaml`` holds only the *new* entities the
texts name (registry additions), ``aliases.yaml`` the new surface forms of registry
entities (added to them on merge) and ``documents/<doc-id>.yaml`` what each text states,
every record with its provenance (paragraph, span, ``method: rule``, a confidence and,
in ``note``, the rule and its score). When the text the spans point into is not the file
as read in UTF-8 (HTML stripped, another encoding), it is saved as
``sources/<doc-id>.txt`` beside the draft.

Examples
--------
>>> from graphkit.extract.text import decode_source
>>> source = decode_source("Il Comune di Borgo è capofila del progetto “Alfa Beta”.\\n"
...                        .encode(), "nota.txt")
>>> draft = extract(source, Registry())
>>> [(e.name, e.type) for e in draft.entities]
[('Comune di Borgo', 'municipality'), ('Alfa Beta', 'project')]
>>> [(r.subject, r.relation, r.object) for r in draft.relations]
[('comune-di-borgo', 'lead_partner_of', 'alfa-beta')]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from graphkit.extract.branches import doc_places, localise
from graphkit.extract.demonyms import place_phrases
from graphkit.extract.entities import (
    Name,
    Registry,
    common_words,
    find_names_in,
    italian,
    place_of,
    type_of,
)
from graphkit.extract.events import Event, cue_mentions, event_relations, find_event
from graphkit.extract.initiatives import UNNAMED, unnamed
from graphkit.extract.merge import PLACEHOLDER_TITLE
from graphkit.extract.national import NATIONAL_BY_ID, is_national
from graphkit.extract.origins import enabled, rule
from graphkit.extract.relations import Mention, Paragraph, Proposed, find_relations
from graphkit.extract.text import Source, italian_score
from graphkit.extract.values import (
    Value,
    find_amounts,
    find_dates,
    find_decrees,
    find_headcounts,
)
from graphkit.model.locators import paragraphs
from graphkit.model.names import normalise
from graphkit.model.records import Entity
from graphkit.schema import territories as istat
from graphkit.schema.vocabulary import (
    INITIATIVES,
    ORGANISATIONS,
    PROPERTIES,
    RELATIONS,
    Confidence,
    Method,
    Rel,
    ValueKind,
)

_HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}){0,2})\b")
_SOURCE_HEADER = re.compile(r"source: [^\n|]*\| title: (?P<title>[^\n]*?) \| "
                            r"date: (?P<date>[^\s|]*)[ \t]*(?:\n|$)")
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DATELINE = re.compile(r"^[A-ZÀ-Ü][\w'’ ]{1,40},\s+")
_PLACE_CUE = re.compile(r"(?:\b(?:a|in|ad)|territorio (?:di|della)|provincia di|area di)\s+$", re.I)
_PROVINCE_CODE = re.compile(r"^\s*\([A-Z][A-Za-z]\)")
_BODY_ROLE = re.compile(r"\b(sindac[oa]|vice\s?sindac[oa]|assessor[ea]\s+comunale)\s+di\s+$",
                        re.I)
_PROJECT_HEAD = re.compile(r"^(?:progetto|protocollo(?: d['’]intesa)?|iniziativa)\s+"
                           r"(?=[A-ZÀ-Ü“\"«])", re.I)
_PARENT_CUE = re.compile(r"\b(?:strutture|livelli|sedi|sezioni|articolazioni)\s+"
                         r"(regionali|provinciali|territoriali|locali)\b", re.I)
_LEVELS = {"provincia": "province", "regione": "region"}
_GIUNTA = re.compile(r"^Giunta\s+(regionale|comunale|provinciale)\s+(?:(?:di|della|del)\s+)?(.+)$",
                     re.I)
_GIUNTA_BODY = {"regionale": "region", "comunale": "municipality", "provinciale": "province"}
_HEADS = {"region": "Regione", "municipality": "Comune di", "province": "Provincia di"}
_DATELINE_PLACE = re.compile(r"^,\s+(?:\d|(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
                             r"domenica)\b)", re.I)
MIN_ITALIAN = 0.5
#: Rules of the second round, with the development texts they were written from.
KNOWN_BRANCHES = rule("registry-branches-restate-their-parent")
ANAPHORA_HEAD = rule("a-head-word-alone-refers-to-a-name-holding-it")
EVENT_NOUNS = rule("the-nouns-announcing-an-event-mention-it")
SHORT_NAMES = rule("a-body-named-again-without-its-place")
BOILERPLATE = rule("a-web-pages-furniture-names-nothing")
TEXTS_REGION = rule("la-regione-of-a-text-in-one-region", "page_16", "page_22")
THE_NETWORK = rule("la-rete-of-a-text-naming-one-network")
DEMONYMS = rule("adjectives-of-place-say-where", "000_be95f7005f3ffa5b", "003_83f4084abcd2a05e",
                "page_16")
#: Heads a text may drop when it names a body again ("Consorzio Mestieri" → "Mestieri").
_GENERIC_HEADS = frozenset({"consorzio", "cooperativa", "fondazione", "associazione", "coop",
                            "societa"})
#: Registry readings scored below this (see :meth:`Registry.resolve`) came from a close
#: spelling, not from a name or alias.
FUZZY = 0.85
DEFAULT_KIND = "press_release"


@dataclass
class NewEntity:
    """An entity the registry lacks, proposed by the draft."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    level: str | None = None
    note: str | None = None
    istat: str | None = None
    #: the text gives it no name ("il protocollo d'intesa"): the curator names it
    unnamed: bool = False


@dataclass
class DraftFact:
    """A property value stated by the text."""

    subject: str
    property: str
    value: str | int
    paragraph: int
    start: int
    end: int
    score: float
    approximate: bool = False
    confidence: str = Confidence.STATED.value


@dataclass
class Draft:
    """Everything ingest proposes for one source text."""

    source: Source
    date: str | None = None
    date_confidence: str = Confidence.STATED.value
    entities: list[NewEntity] = field(default_factory=list)
    mentions: list[tuple[str, int, int, int, str, bool]] = field(default_factory=list)
    relations: list[Proposed] = field(default_factory=list)
    facts: list[DraftFact] = field(default_factory=list)
    amounts: dict[tuple[str, str], str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    kind: str = DEFAULT_KIND
    doubts: dict[tuple[str, ...], str] = field(default_factory=dict)

    def to_check(self) -> list[str]:
        """What the curator should look at first, one line each (see :func:`extract`)."""
        lines = []
        for key, message in self.doubts.items():
            what = " ".join(key[1:]) if key[0] == "relation" else key[1]
            lines.append(f"{self.source.doc_id}: {key[0]} {what}: {message}")
        return lines


def slug(name: str) -> str:
    """An entity id from a name.

    Examples
    --------
    >>> slug("Società Cooperativa “Il Sole” & Co.")
    'societa-cooperativa-il-sole-co'
    """
    return re.sub(r"[^a-z0-9]+", "-", normalise(name).replace("&", " ")).strip("-") or "entity"


class _Resolver:
    """Resolve the names of one document to registry ids or new entities."""

    def __init__(self, registry: Registry, parents: dict[str, list[str]]) -> None:
        self.registry = registry
        self.parents = parents
        self.local = Registry()
        self.new: dict[str, NewEntity] = {}
        self.branch_of: dict[str, str] = {}
        #: first word of a new organisation's other names, and last word of a new person's
        #: name -> their ids: the short forms a text uses later ("Mestieri", "Abramo")
        self.first_words: dict[str, set[str]] = {}
        self.surnames: dict[str, set[str]] = {}
        #: what ingest is unsure of, by ("entity", id): names read by a close spelling
        self.doubts: dict[tuple[str, ...], str] = {}
        #: new entities whose type is a guess
        self.guessed: set[str] = set()
        #: national bodies (:mod:`graphkit.extract.national`) -> their new entities
        self.nationals: dict[str, str] = {}
        self._by_code: dict[str, str] | None = None

    def registry_by_code(self) -> dict[str, str]:
        """The territories of the registry, and those this draft proposes, by ISTAT code."""
        if self._by_code is None:
            self._by_code = {code: e.id for e in self.registry.entities.values()
                             for scheme, code in e.identifiers if scheme == "istat"}
        return self._by_code

    def _new_id(self, name: str, type_: str) -> str:
        prefix = {"person": "p-", "territory": "t-"}.get(type_, "")
        base = prefix + slug(name)
        ident, n = base, 2
        while ident in self.registry.entities or ident in self.new:
            ident, n = f"{base}-{n}", n + 1
        return ident

    def propose(self, name: Name, type_: str, display: str | None = None,
                level: str | None = None) -> str:
        """Id of the new entity *name* proposes (created once per document)."""
        found = self.local.resolve(display, type_, fuzzy=False) if display else None
        if display is None:
            display = _PROJECT_HEAD.sub("", name.surface).strip() or name.surface
            found = (self.local.resolve(display, type_, fuzzy=False)
                     or self.local.resolve(name.surface, type_, fuzzy=False))
        longer = self._longer(display, type_) if not found and enabled(SHORT_NAMES) else None
        if found and found.entity.type == type_:
            entity = self.new[found.entity.id]
        elif longer is not None:
            entity = longer  # "Caritas diocesana" after "Caritas diocesana di Cagliari"
        else:
            short = [a for a in name.aliases if len(a.split()) < len(display.split())]
            ident = self._new_id(short[0] if len(display.split()) > 6 and short else display,
                                 type_)
            code = None
            if type_ == "territory":
                level, code = _administrative(display, name.aliases, level or "municipality")
                known = self.registry_by_code().get(code) if code else None
                if known is not None:
                    return known
                if code is not None:  # one id in every draft that names this place
                    place = istat.by_code(code).names[-1]
                    ident = self._new_id(f"provincia di {place}" if level == "province"
                                         else place, type_)
            entity = NewEntity(ident, display, type_, level=level, istat=code)
            if code is not None:
                self.registry_by_code()[code] = ident
            if code is None and type_ == "territory":
                entity.note = ("not found in ISTAT's list of regions, provinces and comuni: "
                               "an area (check whether it is one)")
            self.new[ident] = entity
        short = "" if "(" in display else _headless(display)
        for alias in sorted({name.surface, *name.aliases, short} - {entity.name, ""}):
            if alias not in entity.aliases:
                entity.aliases.append(alias)
        self.local.add(Entity(entity.id, entity.name, entity.type, tuple(entity.aliases)))
        if type_ in ORGANISATIONS:
            for form in entity.aliases:
                words = normalise(form).split()
                if len(words) > 1 and form != entity.name:
                    self.first_words.setdefault(words[0], set()).add(entity.id)
        elif type_ == "person" and len(display.split()) > 1:
            self.surnames.setdefault(normalise(display.split()[-1]), set()).add(entity.id)
        return entity.id

    def _longer(self, display: str, type_: str) -> NewEntity | None:
        """The one new organisation of *type_* named *display* and its place ("Caritas
        diocesana di Cagliari" for "Caritas diocesana")."""
        if type_ not in ORGANISATIONS or len(display.split()) < 2:
            return None
        key = normalise(display)
        found = [e for e in self.new.values() if e.type == type_ and re.match(
            rf"{re.escape(key)} (?:di|del|della|dei|delle|dell) \S", normalise(e.name))]
        return found[0] if len(found) == 1 else None

    def national(self, ident: str, name: Name | None = None) -> str:
        """Id of the new entity a national body (:mod:`graphkit.extract.national`) the
        registry lacks becomes, named as the list names it: found in the text as *name*, or
        named by none of its words (the parent of a local branch)."""
        body = NATIONAL_BY_ID[ident]
        plus = next((e for e in NATIONAL_BY_ID.values() if e.name == f"{body.name}+"), None)
        if name is not None and plus is not None and "+" in name.surface:
            ident, body = plus.id, plus  # "FSE+" folds as "FSE" does: the sign tells them apart
        known = self.nationals.get(ident)
        if known is not None:
            if name is not None:
                self.add_aliases(known, [name.surface, *name.aliases])
            return known
        if name is None:  # not through the local names: a branch has the body's as alias
            entity = NewEntity(self._new_id(body.name, body.type), body.name, body.type)
            self.new[entity.id] = entity
        else:
            entity = self.new[self.propose(name, body.type, body.name)]
        self.nationals[ident] = entity.id
        return entity.id

    def names(self) -> dict[str, str]:
        """The name of every entity this document resolves to, by id (registry and new)."""
        return _NamesView(self)

    def add_aliases(self, ident: str, aliases: list[str]) -> None:
        """Give the new entity *ident* the other forms a later mention shows ("(VLT)")."""
        entity = self.new[ident]
        forms = {normalise(f) for f in (entity.name, *entity.aliases)}
        fresh = list(dict.fromkeys(a for a in aliases if normalise(a) not in forms))
        if fresh:
            entity.aliases += fresh
            self.local.add(Entity(entity.id, entity.name, entity.type, tuple(entity.aliases)))

    def root(self, ident: str) -> str:
        """The national body a registry branch belongs to ("Confartigianato Imprese Toscana" →
        "Confartigianato"): a new local branch is joined to the top of the chain."""
        up = {child: parent for parent, children in self.parents.items() for child in children}
        seen = {ident}
        while ident in up and up[ident] not in seen:
            ident = up[ident]
            seen.add(ident)
        return ident

    def local_match(self, surface: str) -> NewEntity | None:
        """The new entity *surface* names: by name or alias, or a one-word short form.

        "Mestieri" after "Consorzio Mestieri Toscana" is that consortium when no other new
        entity's short form starts with the same word; the short form becomes an alias.
        """
        found = self.local.resolve(surface, fuzzy=False)
        if found:
            return self.new[found.entity.id]
        if len(surface.split()) != 1 or not surface[:1].isupper():
            return None
        word = normalise(surface)
        starts = self.first_words.get(word, set()) | self.surnames.get(word, set())
        if len(starts) != 1:
            return None
        entity = self.new[starts.pop()]
        entity.aliases.append(surface)
        self.local.add(Entity(entity.id, entity.name, entity.type, tuple(entity.aliases)))
        return entity


class _NamesView(dict):
    """Entity names by id, looked up in a resolver's new entities, then its registry."""

    def __init__(self, resolver: _Resolver) -> None:
        super().__init__()
        self._resolver = resolver

    def get(self, ident: str, default: str = "") -> str:  # type: ignore[override]
        new = self._resolver.new.get(ident)
        if new is not None:
            return new.name
        known = self._resolver.registry.entities.get(ident)
        return known.name if known is not None else default


def _headless(name: str) -> str:
    """"Consorzio Mestieri Toscana" → "Mestieri Toscana": a shorter form texts use later."""
    words = name.split()
    if len(words) > 2 and normalise(words[1]) in {"di", "del", "della", "delle", "dei", "degli",
                                                  "dello", "per", "tra"}:
        return ""
    rest = " ".join(words[1:])
    if (len(words) > 1 and normalise(words[0]) in _GENERIC_HEADS
            and place_of(rest, cue=True) is None and type_of(rest) is None):
        return rest
    return ""


def _types(registry: Registry, resolver: _Resolver) -> dict[str, str]:
    types = {i: e.type for i, e in registry.entities.items()}
    types.update({i: e.type for i, e in resolver.new.items()})
    return types


def source_header(text: str) -> re.Match | None:
    """The header line a saved web page may open with (``source: URL | title: … | date: …``).

    Examples
    --------
    >>> source_header("source: https://x.it/a | title: Patto per Lucca | date: 2024-05\\n")["title"]
    'Patto per Lucca'
    """
    return _SOURCE_HEADER.match(text)


def _document_date(text: str, paras: list[tuple[int, int]]) -> tuple[str | None, str]:
    page = source_header(text)
    if page and _ISO_DATE.fullmatch(page["date"]):
        return page["date"], Confidence.STATED.value
    header = _HEADER_DATE.match(text[paras[1][0]:] if page and len(paras) > 1 else text)
    for start, end in paras[:3]:
        block = text[start:end]
        line = block.split("\n")[-1] if _DATELINE.match(block.split("\n")[-1]) else block
        if _DATELINE.match(line):
            head = line[:60]
            dates = [v for v in find_dates(head) if not v.value.startswith("--")]
            if dates:
                return str(dates[0].value), Confidence.STATED.value
    if header:
        return header.group(1), Confidence.STATED.value
    return None, Confidence.STATED.value


def extract(source: Source, registry: Registry, parents: dict[str, list[str]] | None = None,
            *, kind: str = DEFAULT_KIND) -> Draft:
    """Read *source* into a :class:`Draft`, resolving names against *registry*.

    Parameters
    ----------
    source : Source
        The text (see :func:`graphkit.extract.text.read_source`).
    registry : Registry
        Known entities.
    parents : dict, optional
        For each registry id, the ids of its known branches (``branch_of`` targets), so
        that "the regional structures of X" does not resolve X to the national body.
    kind : str
        Document kind written to the draft.
    """
    draft = Draft(source, notes=list(source.notes), kind=kind)
    text = source.text
    if not text.strip():
        draft.notes.append("empty text: nothing to extract")
        return draft
    if italian_score(text[:20000]) < MIN_ITALIAN:
        draft.notes.append("the text does not look Italian: nothing extracted")
        return draft
    paras = paragraphs(text)
    draft.date, draft.date_confidence = _document_date(text, paras)
    year = int(draft.date[:4]) if draft.date else None
    base, registry = registry, registry.layered()
    resolver = _Resolver(registry, parents or {})
    parsed: list[tuple[int, int, object, list[Name]]] = []
    nlp = italian()
    header = source_header(text)
    common = common_words(text)
    for number, (start, end) in enumerate(paras, start=1):
        block = text[start:end]
        if number == 1 and header:  # of the header line, only the title names anything
            line_end = header.end("date")
            block = (" " * header.start("title") + header["title"]
                     + " " * (line_end - header.end("title")) + block[line_end:])
        if enabled(BOILERPLATE):
            block = boilerplate(block)
        doc = nlp(block)
        parsed.append((number, start, doc, find_names_in(doc, registry, start, common)))
    localise(parsed, registry, resolver.parents)
    region = doc_places([n for *_, names in parsed for n in names])[0]
    by_number: dict[int, Paragraph] = {}
    provisional: set[str] = set()
    named: dict[str, set[str]] = {}
    for typed_pass in (True, False):
        for number, start, doc, names in parsed:
            for name in names:
                if (name.type is not None) != typed_pass:
                    continue
                if name.cue == "bare":  # "il Comune": the one Comune the text names, if one
                    mention = _anaphora(name, named, resolver.names())
                    if (mention is None and name.refers == "region" and region
                            and not named.get("region") and enabled(TEXTS_REGION)):
                        mention = _texts_region(name, doc, start, region, resolver)
                else:
                    mention = _resolve(name, text, resolver, provisional)
                    if mention is not None and typed_pass:
                        named.setdefault(mention.type, set()).add(mention.entity)
                if mention is not None:
                    _paragraph(by_number, number, start, doc).mentions.append(mention)
    for number, start, doc, _ in parsed:
        _paragraph(by_number, number, start, doc)
    paragraphs_out = [by_number[number] for number in sorted(by_number)]
    for paragraph in paragraphs_out:
        paragraph.index()
    if enabled(UNNAMED):
        unnamed(paragraphs_out, named, lambda phrase, kind, start, end: _unnamed_entity(
            resolver, phrase, kind, start, end))
    if enabled(DEMONYMS):
        for paragraph in paragraphs_out:
            _demonym_places(paragraph, resolver)
    if enabled(THE_NETWORK):
        _the_network(paragraphs_out)
    types = _types(registry, resolver)
    focus = _focus(paragraphs_out)
    event = _event(paragraphs_out, focus, types, registry, resolver)
    relations = find_relations(paragraphs_out, focus, types)
    if event is not None:
        seen = {(r.subject, r.relation, r.object) for r in relations}
        relations += [r for r in event_relations(*event)
                      if RELATIONS[r.relation].allows(types[r.subject], types[r.object])
                      and (r.subject, r.relation, r.object) not in seen]
    related = {r.subject for r in relations} | {r.object for r in relations}
    keep = set(types) - (provisional - related)
    first = {}
    for paragraph in reversed(paragraphs_out):
        for m in reversed(paragraph.mentions):
            first[m.entity] = (paragraph.number, m)
    if enabled(KNOWN_BRANCHES):  # a local structure the registry knows: its parent again
        child_of = {c: p for p, children in resolver.parents.items() for c in children}
        for child in first:
            if child in child_of and child not in resolver.branch_of and (
                    not first[child][1].anaphoric):
                resolver.branch_of[child] = child_of[child]
                keep.add(child_of[child])
                types.setdefault(child_of[child], registry.entities[child_of[child]].type)
    for child, parent in resolver.branch_of.items():
        if child in keep and child in first:
            number, m = first[child]
            relations.append(Proposed(child, Rel.BRANCH_OF, parent, number,
                                      m.start, m.end, "branch", 0.7,
                                      confidence=Confidence.INFERRED.value))
    draft.relations = [r for r in relations if r.subject in keep and r.object in keep]
    draft.entities = [e for e in resolver.new.values() if e.id in keep]
    for paragraph in paragraphs_out:
        for m in paragraph.mentions:
            if m.entity in keep:
                surface = text[m.start:m.end]
                draft.mentions.append((m.entity, paragraph.number, m.start, m.end, surface,
                                       m.anaphoric))
                known = registry.entities.get(m.entity)
                if known and not m.anaphoric and surface.casefold() not in {
                        n.casefold() for n in (known.name, *known.aliases,
                                               *draft.aliases.get(known.id, []))}:
                    draft.aliases.setdefault(known.id, []).append(surface)
                new = resolver.new.get(m.entity)
                if new and not m.anaphoric and surface.casefold() not in {
                        n.casefold() for n in (new.name, *new.aliases)}:
                    new.aliases.append(surface)
    _facts(draft, paragraphs_out, paras, focus, year)
    _doubts(draft, base, resolver)
    return draft


#: Relations scored below this are flagged for the curator.
LOW_SCORE = 0.7


def _doubts(draft: Draft, registry: Registry, resolver: _Resolver) -> None:
    """Flag what ingest is unsure of: relations of low score, new entities close to a
    registry entity (with the candidates), types guessed, names read by a close spelling."""
    doubts = draft.doubts
    for key, message in resolver.doubts.items():
        if key[1] in {m[0] for m in draft.mentions}:
            doubts[key] = message
    for r in draft.relations:
        if r.score < LOW_SCORE:
            doubts[("relation", r.subject, r.relation, r.object)] = (
                f"low score {r.score:.2f} (rule {r.rule}, paragraph {r.paragraph}): is it "
                "stated?")
    for e in draft.entities:
        if e.type in {"person", "territory", "event"}:
            continue
        close = [(i, score) for i, score in registry.close(e.name) if i != e.id]
        if close:
            doubts[("entity", e.id)] = "close to registry " + ", ".join(
                f"{i} ({registry.entities[i].name!r}, {registry.entities[i].type}, "
                f"{score:.0f}%)" for i, score in close) + ": the same entity?"
        elif e.id in resolver.guessed:
            doubts[("entity", e.id)] = f"type {e.type!r} guessed: nothing in the name tells"


def _event(paragraphs_out: list[Paragraph], focus: str | None, types: dict[str, str],
           registry: Registry, resolver: _Resolver) -> tuple[Event, str] | None:
    """The event the text names or announces, proposed as a new entity when the text gives
    it no name, and its id; the nouns that announce it ("il convegno", "l'incontro") become
    anaphoric mentions of it, so that the relation rules read "il convegno è organizzato da
    X" as they read a name."""
    names = {i: e.name for i, e in registry.entities.items()}
    names.update({i: e.name for i, e in resolver.new.items()})
    event = find_event(paragraphs_out, focus, types, names)
    if event is None:
        return None
    named = [m for p in paragraphs_out for m in p.mentions if m.type == "event"]
    if named and event.title is None:  # the text names its event ("gli “Stati generali …”")
        ident = named[0].entity
    else:
        ident = resolver.propose(Name(event.name, event.start, event.end, "event"), "event")
        types[ident] = "event"
        if event.title:
            number, start, end, surface = event.title
            resolver.new[ident].aliases.append(surface)
            paragraph = next(p for p in paragraphs_out if p.number == number)
            span = paragraph.doc.char_span(start - paragraph.start, end - paragraph.start,
                                           alignment_mode="expand")
            paragraph.mentions.append(Mention(ident, "event", start, end,
                                              (span.start, span.end)))
    if enabled(EVENT_NOUNS):
        for paragraph in paragraphs_out:
            paragraph.mentions += cue_mentions(paragraph, ident)
    for paragraph in paragraphs_out:
        paragraph.index()
    return event, ident


def _paragraph(out: dict[int, Paragraph], number: int, start: int, doc: object) -> Paragraph:
    if number not in out:
        out[number] = Paragraph(number, start, doc, [])
    return out[number]


def _resolve(name: Name, text: str, resolver: _Resolver, provisional: set[str]
             ) -> Mention | None:
    before = text[max(0, name.start - 300):name.start]
    after = text[name.end:name.end + 6]
    type_ = name.type
    entity: str | None = name.entity
    sentence = before[max(before.rfind(". "), before.rfind("\n")) + 1:]
    before = before[-60:]
    cue = _PARENT_CUE.search(sentence)
    if entity and cue and type_ in ORGANISATIONS and entity in resolver.parents:
        level = cue.group(1).lower()[:-1] + "e"
        child = resolver.propose(name, type_, f"{name.surface} (struttura {level})")
        resolver.new[child].note = (f"the text names the {level} structure of "
                                    f"{resolver.registry.entities[entity].name}")
        resolver.branch_of.setdefault(child, entity)
        entity = child
    if entity is None and name.cue in {"person", "caps", "list", "head", "quote", "quoted"}:
        local = resolver.local.resolve(name.surface, fuzzy=False)
        if local is not None:  # a name this text gave before ("Mestieri Toscana")
            entity, type_ = local.entity.id, local.entity.type
            resolver.add_aliases(entity, [name.surface, *name.aliases])
        elif name.cue == "quoted":
            return None
    giunta = _GIUNTA.match(name.surface)
    if entity is None and giunta:
        type_ = _GIUNTA_BODY[giunta.group(1).lower()]
        entity = resolver.propose(name, type_, f"{_HEADS[type_]} {giunta.group(2)}")
    elif _BODY_ROLE.search(before) and type_ in {None, "territory"}:
        entity, type_ = _municipality(name, resolver), "municipality"
    elif (entity is None and (name.start == 0 or text[name.start - 1] == "\n")
          and _DATELINE_PLACE.match(text[name.end:name.end + 20])):
        type_ = "territory"  # the dateline: "Borgo, 3 marzo 2023 – …"
        entity = resolver.propose(name, type_)
    elif entity is None and name.display and type_ in {"municipality", "territory"}:
        known = resolver.registry.resolve(name.display, type_, fuzzy=False)
        if known and known.entity.type == type_:
            entity = known.entity.id
        else:
            entity = resolver.propose(name, type_, name.display, level=name.level)
    elif entity is None and type_ == "territory":
        entity = resolver.propose(name, type_, level=name.level)
    elif entity is None and type_ is None:
        local = resolver.local_match(name.surface)
        if local:
            entity, type_ = local.id, local.type
            resolver.add_aliases(entity, [name.surface, *name.aliases])
        elif (_PLACE_CUE.search(before) and len(name.surface.split()) <= 2
              and "&" not in name.surface) or _PROVINCE_CODE.match(after):
            level = _LEVELS.get(before.split()[-2].lower()) if len(before.split()) > 1 else None
            type_ = "territory"
            entity = resolver.propose(name, type_, level=level)
        elif re.match(r"^\s*,\s+(?:il|i|la|le)\s+(progett|protocoll|iniziativ)", after
                      + text[name.end + 6:name.end + 30]):
            type_ = "project"
            entity = resolver.propose(name, type_)
        else:
            type_ = "organisation"
            entity = resolver.propose(name, type_)
            provisional.add(entity)
            resolver.guessed.add(entity)
    elif entity is None and name.cue == "branch" and name.display:
        known = resolver.registry.resolve(name.display, type_, fuzzy=False)
        if known and known.entity.type == type_ and not is_national(known.entity.id):
            entity = known.entity.id  # "CIA" read as the registry's "CIA Lucca"
        else:
            entity = resolver.propose(name, type_, name.display)
            resolver.new[entity].note = ("the text names the national body; read as its "
                                         "local structure")
        parent = resolver.root(name.parent)
        resolver.branch_of.setdefault(entity, resolver.national(parent)
                                      if is_national(parent) else parent)
    elif entity is None:
        if _BODY_ROLE.search(before) and type_ not in ORGANISATIONS | {"person"}:
            type_ = "municipality"
        entity = resolver.propose(name, type_)
        if name.parent and type_ in ORGANISATIONS:
            parent = resolver.root(name.parent)
            resolver.branch_of.setdefault(entity, resolver.national(parent)
                                          if is_national(parent) else parent)
    if is_national(entity):  # a national body the registry lacks: a new entity
        type_ = NATIONAL_BY_ID[entity].type
        entity = resolver.national(entity, name)
    if name.cue == "registry" and name.entity == entity and name.score < FUZZY:
        known = resolver.registry.entities[entity]
        resolver.doubts[("entity", entity)] = (
            f"{name.surface!r} read as {known.name!r} by a close spelling")
    return Mention(entity, type_, name.start, name.end,
                   (name.tokens[0], name.tokens[1]), name.role)


#: Lines of a web page's furniture: from a marker of related links to the end of its block
#: ("Articoli correlati", "Leggi anche"), or the marker's line alone ("Tag: …", "© 2023 …").
_RELATED = re.compile(r"(?im)^[ \t]*(?:articoli correlati|leggi anche|potrebbe interessarti|"
                      r"ti potrebbe interessare|notizie correlate|post correlati|altre notizie|"
                      r"ultime notizie|potrebbero interessarti)\b.*\Z", re.S)
_FURNITURE = re.compile(r"(?im)^[ \t]*(?:tags?:|argomenti:|condividi\b|privacy policy|"
                        r"cookie policy|©|copyright\b|seguici\b|iscriviti alla newsletter|"
                        r"p\.\s?iva\b|partita iva\b).*$")


def boilerplate(block: str) -> str:
    """*block* with a web page's furniture (related links, tags, sharing, footer) blanked by
    spaces, so that no name is read there and spans keep their places.

    Examples
    --------
    >>> boilerplate("Il Comune firma.\\nTag: Cgil, welfare") == "Il Comune firma.\\n" + " " * 18
    True
    """
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    return _FURNITURE.sub(blank, _RELATED.sub(blank, block))


def _texts_region(name: Name, doc: object, start: int, region: str,
                  resolver: _Resolver) -> Mention:
    """"La Regione" of a text that names no Regione but whose places lie in one region: that
    Regione (the body), or the region itself after "in tutta la", "nella" (a place)."""
    before = doc.text[max(0, name.start - start - 16):name.start - start].lower()
    if re.search(r"\b(?:in(?: tutta)? la|nella|sul territorio della)\s*$", before):
        ident = resolver.propose(Name(region, name.start, name.end, "territory"), "territory",
                                 region, level="region")
        return Mention(ident, "territory", name.start, name.end, name.tokens, anaphoric=True)
    display = f"Regione {region}"
    known = resolver.registry.resolve(display, "region", fuzzy=False)
    ident = (known.entity.id if known and known.entity.type == "region"
             else resolver.propose(Name(display, name.start, name.end, "region"), "region",
                                   display))
    return Mention(ident, "region", name.start, name.end, name.tokens, anaphoric=True)


_NETWORK_NOUN = re.compile(r"\b(?:la|della|alla|nella|dalla|sulla|questa|nostra|una|della "
                           r"nostra)\s+(?P<noun>rete)\b", re.I)


def _the_network(paragraphs_out: list[Paragraph]) -> None:
    """"La rete", "alla rete" of a text that names one network: anaphoric mentions of it."""
    networks = {m.entity for p in paragraphs_out for m in p.mentions
                if m.type == "network" and not m.anaphoric}
    if len(networks) != 1:
        return
    (network,) = networks
    for paragraph in paragraphs_out:
        taken = [(m.start, m.end) for m in paragraph.mentions]
        for match in _NETWORK_NOUN.finditer(paragraph.text):
            start, end = paragraph.start + match.start("noun"), paragraph.start + match.end("noun")
            span = paragraph.doc.char_span(match.start("noun"), match.end("noun"))
            if span is None or any(s < end and start < e for s, e in taken):
                continue
            paragraph.mentions.append(Mention(network, "network", start, end,
                                              (span.start, span.end), anaphoric=True))
        paragraph.index()


def _demonym_places(paragraph: Paragraph, resolver: _Resolver) -> None:
    """"Le imprese toscane", "sul territorio bergamasco": anaphoric mentions of the region
    or province the adjective names (:mod:`graphkit.extract.demonyms`)."""
    taken = [(m.start, m.end) for m in paragraph.mentions]
    for start, end, place, level in place_phrases(paragraph.text):
        start, end = paragraph.start + start, paragraph.start + end
        span = paragraph.doc.char_span(start - paragraph.start, end - paragraph.start,
                                       alignment_mode="expand")
        if span is None or any(s < end and start < e for s, e in taken):
            continue
        display = f"provincia di {place}" if level == "province" else place
        ident = resolver.propose(Name(place, start, end, "territory", level=level),
                                 "territory", display, level=level)
        paragraph.mentions.append(Mention(ident, "territory", start, end,
                                          (span.start, span.end), anaphoric=True))
    paragraph.index()


def _unnamed_entity(resolver: _Resolver, phrase: str, kind: str, start: int, end: int) -> str:
    """A new entity for an agreement or a call the text does not name (the one of its kind:
    a later, other phrase is an alias of it)."""
    same = [e for e in resolver.new.values() if e.unnamed and e.type == kind]
    if same:
        resolver.add_aliases(same[0].id, [phrase])
        if len(phrase.split()) > len(same[0].name.split()) + 1 and re.search(
                r" (?:per|sul|sulla|sull['’]|sui|sulle|contro|a sostegno) ", f" {phrase} "):
            same[0].aliases.append(same[0].name)  # the purpose names it better
            same[0].name = phrase[:1].upper() + phrase[1:]
        return same[0].id
    ident = resolver.propose(Name(phrase, start, end, kind), kind, phrase)
    entity = resolver.new[ident]
    entity.unnamed = True
    entity.note = ("the text does not name it: the name is the kind the text writes; give it "
                   "the curator's name")
    return ident


def _anaphora(name: Name, named: dict[str, set[str]],
              names: dict[str, str] | None = None) -> Mention | None:
    """The entity a head word alone refers to ("guidata dal Comune"): the only one of its
    type the text names by name, else nothing; with *names* (entity names by id), only one
    whose name holds the word ("la Prefettura" is not the "ATS Brescia")."""
    candidates = named.get(name.refers or "", set())
    if names is not None and enabled(ANAPHORA_HEAD):
        word = normalise(name.surface)
        candidates = {c for c in candidates if word in normalise(names.get(c, "")).split()}
    if len(candidates) != 1 or name.refers not in ORGANISATIONS:
        return None
    return Mention(next(iter(candidates)), name.refers, name.start, name.end,
                   (name.tokens[0], name.tokens[1]), anaphoric=True)


def _municipality(name: Name, resolver: _Resolver) -> str:
    """The Comune a role names ("sindaca di X"): the registry's, else a new one."""
    display = f"Comune di {name.surface}"
    known = resolver.registry.resolve(display, "municipality", fuzzy=False)
    if known and known.entity.type == "municipality":
        return known.entity.id
    return resolver.propose(name, "municipality", display)


def _focus(paragraphs_out: list[Paragraph]) -> str | None:
    counts = Counter(m.entity for p in paragraphs_out for m in p.mentions
                     if m.type in INITIATIVES - {"programme", "event"} and not m.anaphoric)
    if not counts:  # only an agreement the text does not name ("il protocollo d'intesa")
        counts = Counter(m.entity for p in paragraphs_out for m in p.mentions
                         if m.type in INITIATIVES - {"programme", "event"})
    if not counts:
        return None
    first = {m.entity: (p.number, m.start) for p in reversed(paragraphs_out)
             for m in reversed(p.mentions)}
    return max(counts, key=lambda e: (counts[e], -first[e][0], -first[e][1]))


def _facts(draft: Draft, paragraphs_out: list[Paragraph], paras: list[tuple[int, int]],
           focus: str | None, year: int | None) -> None:
    text = draft.source.text
    funds: dict[int, list[Proposed]] = {}
    for r in draft.relations:
        if r.relation == Rel.FUNDS:
            funds.setdefault(r.paragraph, []).append(r)
    by_number = {p.number: p for p in paragraphs_out}
    mentioned = {m[0] for m in draft.mentions}
    for number, (start, end) in enumerate(paras, start=1):
        block = text[start:end]
        values: list[Value] = [*find_amounts(block), *find_dates(block, year),
                               *find_decrees(block), *find_headcounts(block)]
        for value in values:
            at = start + value.start
            near = [r for r in funds.get(number, ()) if 0 <= at - r.end <= 40]
            if value.kind == "money" and near and value.property is None:
                draft.amounts[(near[0].subject, near[0].object)] = str(value.value)
                continue
            if value.property is None or value.property == PROPERTIES["date"].name:
                continue
            subject = focus if value.kind != "count" else _nearest_org(
                by_number.get(number), at)
            if subject is None or subject not in mentioned:
                continue
            draft.facts.append(DraftFact(subject, value.property, value.value, number, at,
                                         start + value.end, 0.6 if value.kind == "count"
                                         else 0.75, value.approximate,
                                         Confidence.INFERRED.value if value.kind == "count"
                                         else Confidence.STATED.value))
    seen: set[tuple] = set()
    draft.facts = [f for f in draft.facts if (k := (f.subject, f.property, f.value)) not in seen
                   and not seen.add(k)]


def _nearest_org(paragraph: Paragraph | None, at: int) -> str | None:
    """The organisation named nearest to absolute character *at* in *paragraph*."""
    if paragraph is None:
        return None
    near = paragraph.between(at - 300, at + 300)
    orgs = [m for m in near if m.type in ORGANISATIONS]
    return min(orgs, key=lambda m: abs(m.start - at)).entity if orgs else None


# --- writing ------------------------------------------------------------------------


def _q(value: object) -> str:
    """A YAML scalar: numbers as they are, text double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _comment(text: str) -> str:
    """*text* on one line, for a YAML comment."""
    return " ".join(str(text).split())


def _note(rule: str, score: float) -> str:
    return f"rule {rule}, score {score:.2f}"


_REVIEW_HELP = (
    "check every mention, relation and fact against the text: fix or delete what is wrong",
    "(`# check:` comments mark what ingest is unsure of), drop from entities.yaml the new",
    "entities no record uses any more, write the title and a summary, then set",
    "`reviewed: true` and `reviewed_by:` your name. `graphkit ingest --merge` refuses the",
    "draft until every document is marked so.",
)


def document_yaml(draft: Draft) -> str:
    """The ``documents/<id>.yaml`` text of *draft*."""
    s = draft.source
    lines = [f"# Draft written by graphkit ingest from {s.source_file}: a proposal. To review it,",
             *(f"# {line}" for line in _REVIEW_HELP),
             *(f"# {note}" for note in draft.notes),
             *(f"# check: {_comment(line)}" for line in draft.to_check()
               if " entity " in line),
             "reviewed: false", 'reviewed_by: ""',
             f"id: {s.doc_id}", f"source_file: {_q(s.source_file)}",
             f"kind: {draft.kind}"]
    if draft.date:
        lines += [f"date: {_q(draft.date)}", f"date_confidence: {draft.date_confidence}"]
    lines += [f"title: {_q(f'Draft from {s.source_file}: {PLACEHOLDER_TITLE} as published')}",
              "", "mentions:" if draft.mentions else "mentions: []"]
    for entity, paragraph, start, end, surface, anaphoric in draft.mentions:
        flag = ", anaphoric: true" if anaphoric else ""
        lines.append(f"  - {{entity: {entity}, paragraph: {paragraph}, span: [{start}, {end}]"
                     f"{flag}}}  # {_comment(surface)}")
    lines += ["", "relations:" if draft.relations else "relations: []"]
    for r in draft.relations:
        doubt = draft.doubts.get(("relation", r.subject, r.relation, r.object))
        lines += [f"  # check: {_comment(doubt)}"] if doubt else []
        lines += [f"  - subject: {r.subject}", f"    relation: {r.relation}",
                  f"    object: {r.object}"]
        if r.role:
            lines.append(f"    role: {_q(r.role)}")
        amount = draft.amounts.get((r.subject, r.object))
        if amount and r.relation == Rel.FUNDS:
            lines += [f"    amount: {amount}", "    currency: EUR"]
        lines += [f"    paragraph: {r.paragraph}", f"    span: [{r.start}, {r.end}]",
                  f"    confidence: {r.confidence}", f"    method: {Method.RULE.value}",
                  f"    note: {_q(_note(r.rule, r.score))}"]
    lines += ["", "facts:" if draft.facts else "facts: []"]
    for f in draft.facts:
        kind = PROPERTIES[f.property].kind
        value = f.value if kind in (ValueKind.INTEGER, ValueKind.MONEY) else _q(f.value)
        lines += [f"  - subject: {f.subject}", f"    property: {f.property}",
                  f"    value: {value}"]
        if kind is ValueKind.MONEY:
            lines.append("    currency: EUR")
        if f.approximate:
            lines.append("    approximate: true")
        lines += [f"    paragraph: {f.paragraph}", f"    span: [{f.start}, {f.end}]",
                  f"    confidence: {f.confidence}", f"    method: {Method.RULE.value}",
                  f"    note: {_q(_note('value', f.score))}"]
    return "\n".join(lines) + "\n"


def _administrative(name: str, aliases: Iterable[str], level: str) -> tuple[str, str | None]:
    """The level and ISTAT code of a proposed territory: at *level* if ISTAT's list has one
    territory of that name there (or at another administrative level, if it has one only
    there), else ``area`` and no code.

    Examples
    --------
    >>> _administrative("Voghera", [], "municipality"), _administrative("Oltrepò", [], "area")
    (('municipality', '018182'), ('area', None))
    """
    if level not in istat.LEVELS:
        return level, None
    for form in (name, *aliases):
        for wanted in (level, None):
            found = istat.find(form, wanted)
            if len(found) == 1:
                return found[0].level, found[0].code
    return "area", None


def entities_yaml(entities: list[NewEntity], doubts: dict[str, str] | None = None) -> str:
    """The registry additions (``entities.yaml`` of a draft folder), each preceded by a
    ``# check:`` comment when ingest is unsure of it (*doubts*, by entity id)."""
    lines = ["# New entities proposed by graphkit ingest: check each against the registry."]
    for e in entities:
        if doubts and e.id in doubts:
            lines.append(f"# check: {_comment(doubts[e.id])}")
        lines += [f"- id: {e.id}", f"  name: {_q(e.name)}", f"  type: {e.type}"]
        if e.aliases:
            lines.append(f"  aliases: [{', '.join(_q(a) for a in e.aliases)}]")
        if e.level:
            lines.append(f"  level: {e.level}")
        if e.istat:
            lines.append(f"  identifiers: {{istat: {_q(e.istat)}}}")
        if e.note:
            lines.append(f"  note: {_q(e.note)}")
    return "\n".join(lines) + "\n"


def write_drafts(drafts: list[Draft], out_dir: Path | str) -> Path:
    """Write *drafts* into *out_dir* (``entities.yaml``, ``documents/``, ``sources/``).

    New entities proposed by several drafts under the same id are written once.
    """
    out = Path(out_dir)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    merged: dict[str, NewEntity] = {}
    for draft in drafts:
        for entity in draft.entities:
            known = merged.setdefault(entity.id, entity)
            known.aliases += [a for a in entity.aliases if a not in known.aliases]
        (out / "documents" / f"{draft.source.doc_id}.yaml").write_text(
            document_yaml(draft), encoding="utf-8")
        if draft.source.rewritten:
            (out / "sources").mkdir(exist_ok=True)
            (out / "sources" / f"{draft.source.doc_id}.txt").write_text(
                draft.source.text, encoding="utf-8")
    doubts = {key[1]: message for draft in drafts for key, message in draft.doubts.items()
              if key[0] == "entity"}
    (out / "entities.yaml").write_text(entities_yaml(list(merged.values()), doubts),
                                       encoding="utf-8")
    aliases: dict[str, list[str]] = {}
    for draft in drafts:
        for ident, surfaces in draft.aliases.items():
            aliases.setdefault(ident, []).extend(
                a for a in surfaces if a not in aliases.get(ident, []))
    lines = ["# Surface forms of registry entities met in the texts, added as aliases on merge."]
    lines += [f"{ident}: [{', '.join(_q(a) for a in surfaces)}]"
              for ident, surfaces in aliases.items()]
    (out / "aliases.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
