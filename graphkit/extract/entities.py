# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Find the entities a text names, resolve them against the registry, type the new ones.

Names are found on spaCy's Italian tokens (``spacy.blank("it")``): registry names
through a :class:`~spacy.matcher.PhraseMatcher` on a normalised form (case, accents and
punctuation folded, so "Cgil – Lucca" meets "CGIL Lucca"), institution phrases with
lower-case words ("Centro per l'impiego") through a second one, and new names as runs
of capitalised words joined by "di", "per", "&" or a branch dash. A new name gets its
type from its head word ("Comune di …", "Fondazione …", "Cooperativa …"), from the
noun that introduces a list ("le cooperative A, B e C") or from a role next to a
person's name ("…, sindaca di Carrara").

Examples
--------
>>> from graphkit.model.load import Entity
>>> registry = Registry([Entity("cgil-lucca", "Cgil – Lucca", "trade_union")])
>>> [(c.surface, c.entity, c.type) for c in find_names("Firmano CGIL Lucca e la Fondazione "
...                                                     "Casa Verde.", registry) if c.type]
[('CGIL Lucca', 'cgil-lucca', 'trade_union'), ('Fondazione Casa Verde', None, 'foundation')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from graphkit.model.names import normalise
from graphkit.model.records import Entity
from graphkit.schema.vocabulary import NODE_TYPES

_DASHES = {"-", "–", "—", "/"}
_YEARS = re.compile(r"\d{4}(-\d{4})?")
_ARTICLES = {"la", "il", "lo", "l'", "i", "gli", "le"}
#: Words that open the name of a place or building, not of an entity.
VENUE_WORDS = {"palazzo", "chiostro", "sala", "teatro", "villa", "piazza", "via", "viale",
               "corso", "auditorium", "aula", "tavola"}
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_LINKS = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "d’", "d'",
          "per", "&", "de", "da"}
_FUNCTION_WORDS = {
    "il", "lo", "la", "i", "gli", "le", "l’", "l'", "un", "uno", "una", "un’", "un'", "di",
    "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "da", "dal", "dalla",
    "dai", "dagli", "dalle", "dall’", "dall'", "in", "nel", "nella", "nei", "negli", "nelle",
    "nell’", "nell'", "con", "su", "sul", "sulla", "sui", "per", "tra", "fra", "a", "al",
    "alla", "ai", "agli", "alle", "all’", "all'", "e", "ed", "o", "ma", "se", "che", "chi",
    "come", "dove", "quando", "questo", "questa", "questi", "queste", "quello", "quella", "è",
    "sono", "ha", "hanno", "non", "poi", "anche", "tutti", "tutte", "ogni", "nostro", "nostra",
    "nostri", "loro", "lei", "lui", "noi", "voi", "infatti", "inoltre", "infine", "durante",
    "dopo", "prima", "oltre", "presente", "obiettivo", "così", "ecco", "grazie", "via",
    "piazza", "viale", "corso", "ore", "clicca", "qui", "categorie", "tags", "dettaglio",
    "modalità", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
    "agosto", "settembre", "ottobre", "novembre", "dicembre", "lunedì", "martedì", "mercoledì",
    "giovedì", "venerdì", "sabato", "domenica", "sì", "no", "siamo",
}

#: Head words (normalised) that give a new name its type, checked on the name's words in order.
HEAD_TYPES: dict[str, str] = {
    "comune": "municipality", "provincia": "province", "regione": "region",
    "camera": "chamber_of_commerce", "unioncamere": "chamber_of_commerce",
    "fondazione": "foundation", "cooperativa": "cooperative", "coop": "cooperative",
    "consorzio": "consortium", "ats": "public_agency", "asl": "public_agency",
    "asc": "public_agency", "usl": "public_agency", "asp": "public_agency",
    "inps": "public_agency", "inail": "public_agency", "anpal": "public_agency",
    "prefettura": "public_agency", "centro": "public_agency", "centri": "public_agency",
    "ufficio": "public_agency", "agenzia": "public_agency", "azienda": "public_agency",
    "cgil": "trade_union", "cisl": "trade_union", "uil": "trade_union", "ugl": "trade_union",
    "fiom": "trade_union", "filcams": "trade_union", "fisascat": "trade_union",
    "confartigianato": "trade_association", "confcommercio": "trade_association",
    "confcooperative": "trade_association", "legacoop": "trade_association",
    "cna": "trade_association", "coldiretti": "trade_association",
    "confindustria": "trade_association", "confesercenti": "trade_association",
    "confapi": "trade_association", "confagricoltura": "trade_association",
    "confimi": "trade_association", "cia": "trade_association", "agci": "trade_association",
    "ascom": "trade_association", "federazione": "trade_association",
    "associazione": "organisation", "caritas": "religious_body",
    "arcidiocesi": "religious_body", "diocesi": "religious_body",
    "parrocchia": "religious_body", "pastorale": "religious_body",
    "universita": "research_body", "istituto": "research_body", "polo": "research_body",
    "laboratorio": "research_body", "fondo": "programme", "programma": "programme",
    "bando": "programme", "pnrr": "programme", "fse": "programme", "por": "programme",
    "pon": "programme", "progetto": "project", "protocollo": "protocol",
    "seminario": "event", "convegno": "event", "rete": "network", "srl": "company",
    "spa": "company", "impresa": "company", "giunta": "region",
}
#: Head words that only type a name when they end it or anywhere inside it.
INNER_TYPES: dict[str, str] = {"cooperativa": "cooperative", "sociale": "cooperative"}
#: Nouns that type the names listed after them ("le cooperative A, B e C").
LIST_NOUNS: dict[str, str] = {
    "cooperative": "cooperative", "cooperativa": "cooperative", "consorzi": "consortium",
    "consorzio": "consortium", "fondazioni": "foundation", "comuni": "municipality",
    "comune": "municipality", "sindacati": "trade_union", "associazioni": "trade_association",
    "progetto": "project", "progetti": "project", "protocollo": "protocol",
    "quotidiano": "media", "giornale": "media", "testata": "media", "laboratorio": "research_body",
    "imprese": "company", "impresa": "company", "azienda": "company",
}
_PLURAL_NOUNS = {"cooperative", "consorzi", "fondazioni", "comuni", "sindacati", "associazioni"}
#: Lower-case words a name may carry right after its head ("Ufficio scolastico territoriale").
HEAD_TAILS = {
    "scolastico", "scolastica", "territoriale", "regionale", "regionali", "provinciale",
    "provinciali", "sociale", "sociali", "diocesana", "diocesano", "comunale", "metropolitana",
    "nazionale", "europeo", "europea", "plus", "industria",
}
#: Institution names written with lower-case words, matched as phrases.
INSTITUTION_PHRASES = (
    "centro per l'impiego", "centri per l'impiego", "camera di commercio",
    "pastorale sociale e del lavoro", "ufficio scolastico regionale",
    "ufficio scolastico territoriale", "ufficio scolastico provinciale",
    "fondo sociale europeo", "fondo sociale europeo plus",
)
#: Words naming an office inside a body ("Ufficio di Gabinetto della Provincia di X"): a run
#: that starts with one and later names a typed body stands for that body.
OFFICE_WORDS = {"ufficio", "gabinetto", "settore", "segreteria", "servizio", "presidenza",
                "direzione", "assessorato", "consiglio", "area"}
#: Types of the bodies an office belongs to.
_BODY_TYPES = {"municipality", "province", "region", "cooperative", "consortium",
               "chamber_of_commerce", "foundation"}
#: Role words that mark a neighbouring capitalised name as a person.
ROLE_WORDS = {
    "presidente", "vicepresidente", "sindaco", "sindaca", "vicesindaco", "vicesindaca",
    "assessore", "assessora", "direttore", "direttrice", "segretario", "segretaria",
    "consigliere", "consigliera", "funzionario", "funzionaria", "giornalista", "economista",
    "ricercatore", "ricercatrice", "responsabile", "coordinatore", "coordinatrice", "dirigente",
    "amministratore", "amministratrice", "portavoce", "referente", "capo", "don", "dott",
    "dottoressa", "prof", "professoressa", "on", "ministro", "ministra", "governatore",
    "governatrice", "moderatore", "moderatrice", "relatore", "relatrice", "fondatore",
    "fondatrice", "manager", "consultant",
}
#: Common Italian first names: a capitalised run starting with one is a person's name.
FIRST_NAMES = {
    "alessandra", "alessandro", "alberto", "andrea", "angela", "anna", "antonella", "antonio",
    "barbara", "beatrice", "carlo", "carla", "caterina", "cesare", "chiara", "claudia",
    "claudio", "cristina", "daniela", "daniele", "davide", "donatella", "elena", "elisa",
    "elisabetta", "emanuele", "enrico", "fabio", "federica", "federico", "filippo", "francesca",
    "francesco", "franco", "gabriele", "giacomo", "gianni", "giorgio", "giovanna", "giovanni",
    "giulia", "giulio", "giuseppe", "giuliana", "laura", "lorenzo", "luca", "lucia", "lucio",
    "luigi", "marco", "maria", "mario", "marta", "massimo", "matteo", "michele", "monia",
    "nicola", "paola", "paolo", "pietro", "raffaele", "riccardo", "roberta", "roberto", "sara",
    "serena", "silvia", "simona", "simone", "stefania", "stefano", "teresa", "tommaso",
    "valentina", "valentino", "valerio", "valter", "walter", "vittorio", "annalisa", "sergio",
    "marina", "monica", "rita", "rosa", "patrizia", "manuela", "emma", "giorgia", "luisa",
    "franca", "alessio", "mattia", "michela", "ilaria", "irene",
}

for _mapping in (HEAD_TYPES, INNER_TYPES, LIST_NOUNS):
    assert set(_mapping.values()) <= set(NODE_TYPES), set(_mapping.values()) - set(NODE_TYPES)


def _loose(key: str) -> str:
    """*key* without function words ("camera di commercio di lucca" → "camera commercio lucca")."""
    return " ".join(w for w in key.replace("'", "' ").split()
                    if w.rstrip("'") not in {"di", "del", "della", "dei", "delle", "dell", "d",
                                             "l", "la", "il", "lo", "e", "per"})


@dataclass(frozen=True)
class Resolution:
    """A registry entity chosen for a surface form, with how sure the choice is (0–1)."""

    entity: Entity
    score: float


class Registry:
    """The known entities, indexed by normalised name and alias.

    Examples
    --------
    >>> registry = Registry([Entity("cna", "CNA", "trade_association")])
    >>> registry.resolve("Cna").entity.id
    'cna'
    >>> registry.resolve("Confindustria") is None
    True
    """

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.entities: dict[str, Entity] = {}
        self._exact: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Index *entity* (again, when its aliases grew)."""
        self.entities[entity.id] = entity
        for surface in (entity.name, *entity.aliases):
            key = normalise(surface)
            for index, k in ((self._exact, key), (self._loose, _loose(key))):
                ids = index.setdefault(k, [])
                if entity.id not in ids:
                    ids.append(entity.id)

    def surfaces(self) -> Iterable[tuple[str, str]]:
        """Every (name or alias, entity id) pair."""
        for entity in self.entities.values():
            for surface in (entity.name, *entity.aliases):
                yield surface, entity.id

    def best(self, ids: list[str], surface: str) -> str:
        """Among *ids* that share a surface form, the one whose own name it is, else the first."""
        key = normalise(surface)
        named = [i for i in ids if normalise(self.entities[i].name) == key]
        return (named or ids)[0]

    def _pick(self, ids: list[str], type_hint: str | None, surface: str) -> Entity:
        typed = [i for i in ids if self.entities[i].type == type_hint]
        return self.entities[self.best(typed or ids, surface)]

    def resolve(self, surface: str, type_hint: str | None = None,
                fuzzy: bool = True) -> Resolution | None:
        """The registry entity *surface* names, or ``None``.

        Exact matches on the normalised form score 1.0, matches once function words are
        dropped 0.95, close spellings (rapidfuzz ratio ≥ 92 on names of 6+ characters)
        their ratio / 100 (unless *fuzzy* is false). Among namesakes, one of type
        *type_hint* wins.
        """
        key = normalise(surface)
        if not key:
            return None
        if key in self._exact:
            return Resolution(self._pick(self._exact[key], type_hint, surface), 1.0)
        loose = _loose(key)
        if loose in self._loose:
            return Resolution(self._pick(self._loose[loose], type_hint, surface), 0.95)
        if fuzzy and len(key) >= 6 and self._exact:
            best = process.extractOne(key, list(self._exact), scorer=fuzz.ratio,
                                      score_cutoff=92)
            if best:
                return Resolution(self._pick(self._exact[best[0]], type_hint, surface),
                                  best[1] / 100)
        return None


@dataclass
class Name:
    """A name found in a paragraph.

    Attributes
    ----------
    surface : str
        The text as written.
    start, end : int
        Character span in the text given to :func:`find_names`.
    type : str or None
        Node type: the registry's, or inferred; ``None`` when nothing tells.
    entity : str or None
        Registry id when resolved.
    score : float
        Confidence of the reading (0–1).
    cue : str
        What found or typed it (``registry``, ``head``, ``list``, ``person``, ``quote``, ``caps``).
    role : str or None
        For persons, the role word next to the name.
    aliases : list of str
        Other forms the text gives (an acronym in parentheses).
    """

    surface: str
    start: int
    end: int
    type: str | None
    entity: str | None = None
    score: float = 0.5
    cue: str = "caps"
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    tokens: tuple[int, int] = (0, 0)


@lru_cache(maxsize=1)
def italian() -> Language:
    """The shared spaCy pipeline: Italian tokenizer, sentencizer and a normalising component.

    Examples
    --------
    >>> [t.norm_ for t in italian()("Cgil – Città")]
    ['cgil', '-', 'citta']
    """
    nlp = spacy.blank("it")
    nlp.max_length = 25_000_000
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("graphkit_norm")
    return nlp


@Language.component("graphkit_norm")
def _norm_component(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = normalise(token.text).replace(" ", "") or "-"
    return doc


def _variants(nlp: Language, surface: str) -> list[Doc]:
    bare = " ".join(re.sub(r"[-–—/]", " ", surface).split())
    return [nlp(text) for text in {surface, bare}]


@lru_cache(maxsize=1)
def _institutions() -> PhraseMatcher:
    nlp = italian()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    matcher.add("institution", [nlp(p) for p in INSTITUTION_PHRASES])
    return matcher


def registry_matcher(registry: Registry) -> PhraseMatcher:
    """A :class:`PhraseMatcher` of every registry name and alias (punctuation-free variants too)."""
    nlp = italian()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for surface, ident in registry.surfaces():
        matcher.add(ident, _variants(nlp, surface))
    return matcher


def _is_cap(token: Token) -> bool:
    text = token.text.lstrip("-")
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    return token.norm_.strip("-") not in _FUNCTION_WORDS and not text.endswith(("’", "'"))


def _head_type(words: list[str]) -> str | None:
    if not words:
        return None
    head = words[0]
    if head in HEAD_TYPES:
        return HEAD_TYPES[head]
    if head.startswith("conf") and len(head) > 6:
        return "trade_association"
    inner = [INNER_TYPES[w] for w in words[1:] if w in INNER_TYPES]
    return inner[0] if "cooperativa" in words[1:] else None


def type_of(name: str) -> str | None:
    """The node type a new name's own words suggest, or ``None``.

    Examples
    --------
    >>> type_of("Comune di Osio Sotto"), type_of("Gialli Società Cooperativa Sociale")
    ('municipality', 'cooperative')
    >>> type_of("Mario Rossi") is None
    True
    """
    return _head_type(normalise(name).split())


def _scan(doc: Doc, start: int, taken: set[int]) -> int:
    """End (exclusive token index) of the capitalised name starting at *start*."""
    tokens = list(doc)
    head = type_of(tokens[start].text)
    end = start + 1
    while end < len(tokens) and end not in taken and tokens[end].sent_start != 1:
        step = _step(tokens, start, end, taken, head)
        if not step:
            break
        end += step
    while end - 1 > start and (tokens[end - 1].norm_ in _LINKS
                               or tokens[end - 1].text in _DASHES):
        end -= 1
    return end


def _step(tokens: list[Token], start: int, end: int, taken: set[int], head: str | None) -> int:
    """How many tokens from *end* on continue the name begun at *start* (0: none)."""
    token, norm = tokens[end], tokens[end].norm_
    following = tokens[end + 1] if end + 1 < len(tokens) else None
    after_next = tokens[end + 2] if end + 2 < len(tokens) else None
    if _is_cap(token) or (head and norm in HEAD_TAILS):
        return 1
    if following is None:
        return 0
    if token.text == "&" and _is_cap(following):
        return 1  # "Imprese & Territorio"
    if norm in _LINKS and end + 1 not in taken and (_is_cap(following) or following.like_num):
        return 1  # "Camera di Commercio"
    if (norm in _LINKS and following.norm_ in _ARTICLES and after_next is not None
            and _is_cap(after_next)):
        return 2  # "Fondazione per la Coesione"
    if (token.text in _DASHES and end - start <= 2 and _is_cap(following)
            and following.text[0].isalpha() and not (after_next and _is_cap(after_next))):
        return 2  # a branch: "Cgil – Lucca"
    if token.like_num and head == "programme" and _YEARS.fullmatch(token.text):
        return 1  # "Fondo … 2021-2027"
    return 0


def _split_at_head(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run where a person's first name or, after a link, a typed head begins.

    "Viareggio Valter Alberici" → "Viareggio" + "Valter Alberici"; "Lavoro della Regione
    Toscana" → "Lavoro" + "Regione Toscana"; an office ("Ufficio di Gabinetto della Provincia
    di X", "Ufficio Inserimenti Cooperativa Y") is dropped in favour of the body it names.
    """
    if doc[start].norm_ in OFFICE_WORDS:
        for i in range(start + 1, end):
            if _is_cap(doc[i]) and type_of(doc[i].text) in _BODY_TYPES:
                return _split_at_head(doc, i, end)
    if type_of(doc[start].text) is None:
        for i in range(start + 2, end):
            if doc[i - 1].norm_ in _LINKS and _is_cap(doc[i]) and type_of(doc[i].text):
                link = i - 1
                while link > start and doc[link - 1].norm_ in _LINKS:
                    link -= 1
                return [(start, link), *_split_at_head(doc, i, end)]
    for i in range(start + 1, end - 1):
        if doc[i].norm_ in FIRST_NAMES and end - i in (2, 3) and doc[i - 1].norm_ not in _LINKS:
            return [(start, i), (i, end)]
    return [(start, end)]


def _role_near(doc: Doc, start: int, end: int) -> str | None:
    """A role word just before (up to 4 words) or just after ", " / "(" a name."""
    after = doc[end:end + 3]
    for token in after:
        if token.norm_ in ROLE_WORDS:
            return token.text
        if token.text not in {",", "(", "-", "–"}:
            break
    for token in reversed(doc[max(0, start - 4):start]):
        if token.norm_ in ROLE_WORDS:
            return token.text
        if token.text in {".", ";", ":", ")", "("}:
            break
    return None


def _list_type(doc: Doc, start: int) -> str | None:
    """The type given by a noun introducing the list the name belongs to."""
    i = start - 1
    while i >= 0 and doc[i].sent_start != 1 and start - i <= 40:
        norm = doc[i].norm_
        if doc[i].is_space:
            i -= 1
            continue
        if norm in LIST_NOUNS and (doc[i].text[0].islower() or norm in _PLURAL_NOUNS):
            if i > 1 and doc[i - 1].norm_ == "di" and doc[i - 2].norm_ in LIST_NOUNS:
                return LIST_NOUNS[doc[i - 2].norm_]  # "consorzi di cooperative A, B"
            return LIST_NOUNS[norm]
        if doc[i].text in {".", ";", ":"} or (norm not in _LINKS and not _is_cap(doc[i])
                                              and doc[i].text not in {",", "(", ")"}
                                              and norm not in {"e", "i", "le", "gli", "la"}):
            return None
        i -= 1
    return None


def _quoted(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges inside quotation marks that start with a capital letter."""
    ranges, i = [], 0
    while i < len(doc):
        closing = _QUOTES.get(doc[i].text)
        if closing:
            for j in range(i + 1, min(len(doc), i + 40)):
                if doc[j].text == closing:
                    if j > i + 1 and doc[i + 1].text[:1].isupper():
                        ranges.append((i + 1, j))
                    i = j
                    break
        i += 1
    return ranges


_QUOTE_CUES = {"progetto": "project", "protocollo": "protocol", "iniziativa": "project",
               "bando": "programme", "programma": "programme", "evento": "event",
               "seminario": "event", "convegno": "event", "rete": "network"}


def _quote_type(doc: Doc, start: int, end: int) -> str | None:
    sent = doc[start].sent
    window = doc[max(sent.start, start - 6):min(sent.end, end + 8)]
    for token in window:
        if token.norm_ in _QUOTE_CUES:
            return _QUOTE_CUES[token.norm_]
    return None


def _name(span: Span, offset: int, type_: str | None, cue: str, score: float) -> Name:
    return Name(span.text, offset + span.start_char, offset + span.end_char, type_, cue=cue,
                score=score, tokens=(span.start, span.end))


def find_names(text: str, registry: Registry, offset: int = 0) -> list[Name]:
    """The names in *text* (one paragraph), resolved against *registry* where possible.

    Spans are shifted by *offset* (the paragraph's start in the document). Names of no
    recognisable type are returned with ``type=None``; the relation rules decide whether
    they matter.
    """
    return find_names_in(italian()(text), registry, offset)


def find_names_in(doc: Doc, registry: Registry, offset: int = 0) -> list[Name]:
    """:func:`find_names` on a paragraph already parsed by :func:`italian`."""
    nlp = italian()
    names: list[Name] = []
    taken: set[int] = set()

    def claim(start: int, end: int) -> bool:
        if any(i in taken for i in range(start, end)):
            return False
        taken.update(range(start, end))
        return True

    for start, end in _quoted(doc):
        span = doc[start:end]
        kind = _quote_type(doc, start, end)
        if registry.resolve(span.text) and claim(start, end):
            names.append(_typed(doc, start, end, offset, registry))
        elif kind and claim(start, end):
            names.append(_name(span, offset, kind, "quote", 0.8))
            for sub_start, sub_end in _dash_tail(doc, start, end):
                names[-1].aliases.append(doc[sub_start:sub_end].text)
    for _, start, end in _institutions()(doc):
        if not any(i in taken for i in range(start, end)):
            end = max(end, _scan(doc, end - 1, taken))
            if claim(start, end):
                span = doc[start:end]
                names.append(_typed(doc, start, end, offset, registry))
    known: dict[tuple[int, int], list[str]] = {}
    for match_id, start, end in registry_matcher(registry)(doc):
        known.setdefault((start, end), []).append(nlp.vocab.strings[match_id])
    for start, end in _runs(doc, taken):
        inside = sorted(((s, e) for s, e in known if start <= s and e <= end),
                        key=lambda k: (k[0], k[0] - k[1]))
        whole = registry.resolve(doc[start:end].text)
        if (whole or type_of(doc[start:end].text) or not inside) and claim(start, end):
            names.append(_typed(doc, start, end, offset, registry))
            first = [k for k in inside if k[0] == start and k[1] < end]
            if not whole and first and names[-1].type in NODE_TYPES:
                names[-1].parent = registry.best(known[first[0]], doc[slice(*first[0])].text)
            continue
        for s, e in inside:
            if claim(s, e):
                names.append(_known(doc, s, e, offset, registry, known[(s, e)]))
        for s, e in _gaps(doc, start, end, taken):
            if claim(s, e):
                names.append(_typed(doc, s, e, offset, registry))
    for (start, end), idents in sorted(known.items()):
        if claim(start, end):
            names.append(_known(doc, start, end, offset, registry, idents))
    names.sort(key=lambda n: n.start)
    _acronyms(doc, names, offset)
    _join_last_item(doc, names, offset)
    return names


def _runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised words (names), role words and places split off."""
    runs, i = [], 0
    while i < len(doc):
        if i in taken or (not _is_cap(doc[i]) and not _article_start(doc, i)):
            i += 1
            continue
        end = _scan(doc, i + 1 if _article_start(doc, i) else i, taken)
        while end - i > 1 and doc[i].norm_ in ROLE_WORDS:
            i += 1  # "Presidente Cooperativa X": the role is context, not name
        if doc[i].norm_ in ROLE_WORDS or doc[i].norm_ in VENUE_WORDS:
            i = end
            continue
        if (doc[i].norm_ in _PLURAL_NOUNS and end - i > 1 and i > 0
                and _previous(doc, i).norm_ in _ARTICLES):
            i += 1  # "attraverso le Cooperative A, B": the noun introduces a list
        runs += _split_at_head(doc, i, end)
        i = end
    return runs


def _previous(doc: Doc, i: int) -> Token:
    """The token before *i*, skipping white space (a no-break space is a token)."""
    j = i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    return doc[max(j, 0)]


def _join_last_item(doc: Doc, names: list[Name], offset: int) -> None:
    """Join "X e Y" when it follows a list's own "e": "A, B e Saperi e Lavoro".

    A list has one closing conjunction; a second "e" between two new one-run names after
    it belongs to a name ("Saperi e Lavoro"), which takes the type of the list.
    """
    for k in range(len(names) - 2, 0, -1):
        prev, first, second = names[k - 1], names[k], names[k + 1]
        gap = doc.text[first.end - offset:second.start - offset]
        lead = doc.text[prev.end - offset:first.start - offset]
        after = doc.text[second.end - offset:second.end - offset + 2]
        if (gap.strip() == "e" and lead.strip() == "e" and first.entity is None
                and {first.cue, second.cue} <= {"caps", "list"}
                and second.entity is None and not after.strip(" ").startswith("e")):
            first_tokens = (first.tokens[0], second.tokens[1])
            joined = _name(doc[first_tokens[0]:first_tokens[1]], offset,
                           first.type or prev.type, "list", 0.6)
            names[k:k + 2] = [joined]


def _article_start(doc: Doc, i: int) -> bool:
    """A capitalised article opening a listed name (", La Stella Nuova")."""
    return (doc[i].norm_ in _ARTICLES and doc[i].text[0].isupper() and i > 0 and i + 1 < len(doc)
            and (doc[i - 1].text == "," or doc[i - 1].norm_ in LIST_NOUNS)
            and _is_cap(doc[i + 1]))


def _gaps(doc: Doc, start: int, end: int, taken: set[int]) -> list[tuple[int, int]]:
    """The free stretches of capitalised words left in [start, end)."""
    out, i = [], start
    while i < end:
        if i in taken or not _is_cap(doc[i]):
            i += 1
            continue
        j = i
        while j < end and j not in taken and (_is_cap(doc[j]) or doc[j].norm_ in _LINKS):
            j += 1
        while j - 1 > i and doc[j - 1].norm_ in _LINKS:
            j -= 1
        out.append((i, j))
        i = j
    return out


def _known(doc: Doc, start: int, end: int, offset: int, registry: Registry,
           idents: list[str]) -> Name:
    span = doc[start:end]
    ident = registry.best(idents, span.text)
    name = _name(span, offset, registry.entities[ident].type, "registry", 0.95)
    name.entity = ident
    return name


def _dash_tail(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The short name after the last dash of a long quoted title ("…, per X – Short Name")."""
    for i in range(end - 1, start, -1):
        if doc[i].text in {"–", "—", "-"} and 0 < end - i - 1 <= 4:
            return [(i + 1, end)]
    return []


def _typed(doc: Doc, start: int, end: int, offset: int, registry: Registry) -> Name:
    span = doc[start:end]
    resolved = registry.resolve(span.text)
    if resolved:
        name = _name(span, offset, resolved.entity.type, "registry", 0.9 * resolved.score)
        name.entity = resolved.entity.id
        return name
    head = type_of(span.text)
    if head:
        return _name(span, offset, head, "head", 0.85)
    role = _role_near(doc, start, end)
    words = [t.norm_ for t in span]
    adjacent = (start > 0 and doc[start - 1].norm_ in ROLE_WORDS) or (
        end + 1 < len(doc) and doc[end].text in {",", "("} and doc[end + 1].norm_ in ROLE_WORDS)
    if 2 <= len(words) <= 4 and (words[0] in FIRST_NAMES or (role and adjacent)) and not any(
            w in _LINKS for w in words):
        name = _name(span, offset, "person", "person", 0.85 if role else 0.7)
        name.role = role
        return name
    listed = _list_type(doc, start)
    if listed:
        return _name(span, offset, listed, "list", 0.75)
    return _name(span, offset, None, "caps", 0.4)


def _acronyms(doc: Doc, names: list[Name], offset: int) -> None:
    """Attach "(VLT)"-style acronyms right after a name as its alias, dropping them as names."""
    by_start = {n.start: n for n in names}
    for name in list(names):
        following = [n for n in names if n.start > name.end]
        if not following:
            continue
        nxt = following[0]
        between = doc.text[name.end - offset:nxt.start - offset]
        after = doc.text[nxt.end - offset:nxt.end - offset + 1]
        if (between.strip() == "(" and after == ")" and nxt.surface.isupper()
                and 2 <= len(nxt.surface) <= 6 and nxt.entity is None and name.type):
            name.aliases.append(nxt.surface)
            names.remove(by_start[nxt.start])
