# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Find the entities a text names, resolve them against the registry, type the new ones.

Names are found on spaCy's Italian tokens (``spacy.blank("it")``): registry names
through a :class:`~spacy.matcher.PhraseMatcher` on a normalised form (case, accents and
punctuation folded, so "Cgil – Lucca" meets "CGIL Lucca"), institution phrases with
lower-case words ("Centro per l'impiego") through a second one, names in quotation marks
typed by the noun before them ("la cooperativa “Mosaico”"), and new names as runs of
capitalised words joined by "di", "per", "&" or a branch dash. A new name gets its type
from its head word ("Comune di …", "Fondazione …", "Ambito …"), from a word inside it
("… Società Cooperativa Sociale", "… APS"), from ISTAT's list of comuni, provinces and
regions (:mod:`graphkit.schema.territories`), from the noun that introduces a list ("le
cooperative A, B e C") or from a role next to a person's name ("…, sindaca di Carrara").
Every step is linear in the length of the paragraph.

Examples
--------
>>> from graphkit.model.load import Entity
>>> registry = Registry([Entity("cgil-lucca", "Cgil – Lucca", "trade_union")])
>>> names = find_names("Firmano CGIL Lucca e la Fondazione Casa Verde a Pistoia.", registry)
>>> [(c.surface, c.entity, c.type) for c in names if c.type]
[('CGIL Lucca', 'cgil-lucca', 'trade_union'), ('Fondazione Casa Verde', None, 'foundation'), \
('Pistoia', None, 'territory')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from graphkit.extract.lexicon import (
    AMBIGUOUS_PLACES,
    COMUNE_NAMES,
    FIRST_NAMES,
    HEAD_TAILS,
    HEAD_TYPES,
    INNER_TYPES,
    LIST_NOUNS,
    PLURAL_NOUNS,
    ROLE_WORDS,
    VENUE_WORDS,
    words,
)
from graphkit.extract.national import NATIONAL, is_national
from graphkit.extract.origins import enabled, rule
from graphkit.model.names import normalise
from graphkit.model.records import Entity
from graphkit.schema import territories
from graphkit.schema.vocabulary import INITIATIVES, NODE_TYPES, ORGANISATIONS

#: Rules of the second round, with the development texts they were written from.
ADDRESSES = rule("address-names-no-place", "page_14")
ACRONYM_FIRST = rule("acronym-before-its-expansion", "page_14")
BODIES = rule("capitalised-institution-is-the-body", "000_be95f7005f3ffa5b")
LABELS = rule("project-sheet-title-label")
ROLE_LINKS = rule("a-capitalised-role-and-its-preposition-are-no-name")
PORTFOLIOS = rule("an-assessors-portfolio-before-the-body")
PLURAL_ARTICLES = rule("only-plural-articles-open-a-list")
BANKS = rule("a-banks-name-keeps-its-place")
UNREACHED = rule("known-names-a-run-cannot-reach")
NUMBERED = rule("numbered-with-n")
ROLE_PHRASES = rule("a-name-after-a-role-and-its-modifiers-is-a-person")
COMMON_WORDS = rule("a-word-the-text-writes-in-lower-case-is-no-registry-name",
                    "000_be95f7005f3ffa5b", "004_d10ab79450d5ab2a")
ACTING_TOWNS = rule("a-town-acting-is-its-comune-in-the-registry-too", "page_15")
QUOTE_NOUNS = rule("a-generic-noun-before-a-quoted-name-is-no-name")
TITLES = rule("a-religious-title-before-a-persons-name-is-no-name")
COMMON_CAPS = rule("a-capitalised-common-word-alone-is-no-name")
ALLA_LINKS = rule("articulated-a-inside-a-bodys-name")
SECTIONS = rule("a-bodys-local-section-in-its-name")
SHOUTED_BODIES = rule("a-shouted-body-in-a-sentence-is-a-name")
INITIATIVE_HEADS = rule("an-initiative-noun-a-few-words-before-a-name")
INITIATIVE_OWNERS = rule("an-initiative-of-a-body-is-split-from-it")
ORGANS = rule("an-organ-before-its-body-is-the-body", "004_d10ab79450d5ab2a")
BRIDGES = rule("a-networks-or-plans-name-through-lower-case-words")
CASE_SWITCH = rule("a-shouted-run-ends-where-a-title-cased-word-starts")
HEAD_AGAIN = rule("any-head-again-opens-a-name", "page_02")
#: Determiners of plural nouns: "le Cooperative A, B" opens a list, "l'Università X" does not.
_PLURAL_DETERMINERS = frozenset({"i", "gli", "le", "dei", "degli", "delle", "nei", "negli",
                                 "nelle", "ai", "agli", "alle", "dai", "dagli", "dalle", "sui",
                                 "sugli", "sulle", "tra", "fra"})
#: Capitalised heads that make a place's name the name of its public body.
_INSTITUTION_BODIES = {"provincia": "province", "regione": "region", "comune": "municipality"}

_DASHES = {"-", "–", "—", "/"}
_YEARS = re.compile(r"\d{4}(-\d{4})?")
_CODE = re.compile(r"^(?:\d{1,3}|[A-Z]\d{1,3}(?:[_.]\d+)?|\d+\.\d+|[IVX]{1,4})$")
_ARTICLES = {"la", "il", "lo", "l'", "i", "gli", "le"}
#: Lower-case words of a company form after a name, and those that may open it.
_FORM_OPENERS = frozenset({"societa", "soc", "cooperativa", "coop", "onlus", "aps", "odv", "ets",
                           "srl", "spa", "scs", "scrl", "arl", "impresa", "scarl"})
_FORM_WORDS = _FORM_OPENERS | {"sociale", "sociali", "cooperativo", "a", "rl", "responsabilita",
                               "limitata", "consortile", "di", "tipo", "b", "sc"}
#: Words inside a run after which lower-case tails ("sociale", "cooperativo") belong to it.
_TAIL_OPENERS = frozenset({"consorzio", "cooperativa", "societa", "soc", "coop", "fondazione",
                           "associazione", "ufficio", "centro", "azienda", "distretto",
                           "ambito"})
#: Lower-case heads of offices named with "di" ("cattedra di Pedagogia Sperimentale").
_OFFICE_HEADS = frozenset({"cattedra", "dipartimento", "laboratorio", "dottorato", "corso",
                           "scuola", "osservatorio"})
#: Heads that are names of their own (acronyms, brands), not common nouns: alone they still
#: name something ("PNRR", "Cgil").
_PROPER_HEADS = frozenset({
    "cgil", "cisl", "uil", "ugl", "fiom", "filcams", "fisascat", "confartigianato",
    "confcommercio", "confcooperative", "legacoop", "cna", "coldiretti", "confindustria",
    "confesercenti", "confapi", "confagricoltura", "confimi", "cia", "agci", "ascom", "inps",
    "inail", "anpal", "pnrr", "fse", "fse+", "por", "pon", "pr", "fami", "easi", "interreg",
    "asl", "asc", "usl", "asp", "ulss", "asst", "ats", "sds", "plus", "cciaa", "unioncamere",
    "ast", "asur", "aulss",
    "bcc", "caritas"})
#: Heads of bodies and programmes named with a number ("Distretto 19", "ATS 6", "Municipio V").
_NUMBERED = frozenset({"ambito", "distretto", "ats", "municipio", "zona", "piano", "asl",
                       "asp", "ulss", "usl", "plus", "azione", "misura", "lotto",
                       "circoscrizione", "fondo", "programma", "avviso", "bando", "istituto",
                       "circolo", "liceo", "scuola"})
#: Institution phrases that name nothing without a number or name after them.
_AREA_HEADS = frozenset({"ambito", "distretto", "unione", "comunita", "piano"})
#: Words after a town's name that make it the Comune acting ("Fano capofila").
_ACTS = frozenset({"capofila", "partner", "aderisce", "firma", "sottoscrive", "promuove",
                   "coordina", "guida"})
#: Words before a capitalised plural noun that make it open a list ("dei Comuni di A, B").
_PLURAL_OPENERS = frozenset({"dei", "delle", "degli", "nei", "nelle", "tra", "fra", "ai", "alle",
                             "agli", "sui", "sulle", "coi", "dai", "dalle"})
#: Prepositions that turn the words after an assessore into a portfolio ("alle Politiche
#: Sociali"), not a body.
_PORTFOLIO = frozenset({"al", "alla", "alle", "ai", "agli", "allo", "all'"})
#: Words before a first name that make it part of a place or a saint's name ("San Lorenzo").
_SAINTS = frozenset({"san", "santa", "santo", "sant'", "don", "via", "piazza", "viale", "corso"})
#: Heads of public bodies named with lower-case words ("Ministero del lavoro e delle politiche
#: sociali", "Dipartimento per le politiche della famiglia").
_LOWER_NAMED = frozenset({"dipartimento", "ministero", "agenzia", "direzione", "assessorato",
                          "osservatorio", "garante", "autorita"})
#: Heads whose names may hold an "e" ("Dipartimento Architettura e Territorio").
_AND_HEADS = frozenset({"dipartimento", "istituto", "centro", "associazione", "laboratorio",
                        "ufficio", "agenzia", "federazione", "scuola", "osservatorio",
                        "assessorato", "settore", "servizio", "servizi", "direzione"})
_ABBREVIATION = re.compile(r"^(?:[^\W\d_]{1,4}\.){2,}[^\W\d_]{0,3}$")
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_LINKS = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell'", "d'", "per", "&",
          "de", "de'", "da", "in", "sul", "sulla", "tra"}
#: Links a name may run through only when a capitalised word follows at once.
_WEAK_LINKS = {"in", "sul", "sulla", "tra", "da"}
_FUNCTION_WORDS = {
    "il", "lo", "la", "i", "gli", "le", "l'", "un", "uno", "una", "un'", "di", "del", "della",
    "dello", "dei", "degli", "delle", "dell'", "da", "dal", "dalla", "dai", "dagli", "dalle",
    "dall'", "in", "nel", "nella", "nei", "negli", "nelle", "nell'", "con", "su", "sul",
    "sulla", "sui", "per", "tra", "fra", "a", "al", "alla", "ai", "agli", "alle", "all'", "e",
    "ed", "o", "ma", "se", "che", "chi", "come", "dove", "quando", "questo", "questa",
    "questi", "queste", "quello", "quella", "e'", "sono", "ha", "hanno", "non", "poi", "anche",
    "tutti", "tutte", "ogni", "nostro", "nostra", "nostri", "loro", "lei", "lui", "noi", "voi",
    "infatti", "inoltre", "infine", "durante", "dopo", "prima", "oltre", "presente",
    "obiettivo", "cosi", "ecco", "grazie", "via", "piazza", "viale", "corso", "ore", "clicca",
    "qui", "categorie", "tags", "dettaglio", "modalita", "gennaio", "febbraio", "marzo",
    "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre",
    "dicembre", "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica",
    "si", "no", "siamo", "source", "title", "date", "data", "fonte", "foto", "leggi",
    "scarica", "condividi", "download", "transcript", "descrizione", "notizia", "news",
    "aggiornamento", "aggiornato", "sommario", "premessa", "sintesi", "home", "redazione",
    "dott", "dottssa", "sig", "sigra", "ing", "avv", "prof", "dr", "on", "sen", "capofila",
    "partner", "partners", "partenariato", "soggetto", "responsabile", "importo", "deliberato",
    "territori", "interessati", "beneficiari", "destinatari", "obiettivi", "azioni",
    # prepositions and adverbs that open sentences ("Secondo i promotori", "Oggi")
    "secondo", "attraverso", "presso", "verso", "circa", "entro", "mentre",
    "quindi", "pertanto", "tuttavia", "ora", "oggi", "ieri", "domani", "stamattina",
    "stamane", "sempre", "ancora", "proprio", "solo", "gia", "nonche", "ovvero", "ossia",
}
#: Words naming an office inside a body ("Ufficio di Gabinetto della Provincia di X"): a run
#: that starts with one and later names a typed body stands for that body.
OFFICE_WORDS = {"ufficio", "gabinetto", "settore", "segreteria", "servizio", "presidenza",
                "direzione", "assessorato", "consiglio", "area"}
#: Types of the bodies an office belongs to.
_BODY_TYPES = {"municipality", "province", "region", "cooperative", "consortium",
               "chamber_of_commerce", "foundation"}
#: Institution names written with lower-case words, matched as phrases.
INSTITUTION_PHRASES = (
    "centro per l'impiego", "centri per l'impiego", "camera di commercio",
    "pastorale sociale e del lavoro", "ufficio scolastico regionale",
    "ufficio scolastico territoriale", "ufficio scolastico provinciale",
    "fondo sociale europeo", "fondo sociale europeo plus", "ufficio di piano",
    "piano di zona", "società della salute", "presidenza del consiglio dei ministri",
    "città metropolitana", "unione dei comuni", "unione montana", "comunità montana",
    "comunità di valle", "azienda speciale consortile", "ambito territoriale sociale",
    "ambito sociale", "ambito territoriale", "distretto socio-sanitario",
    "distretto sociosanitario", "distretto sanitario", "distretto sociale",
)
#: Nouns before quotation marks that type the quoted name ("la cooperativa “Mosaico”").
_QUOTE_CUES = {
    "progetto": "project", "progetti": "project", "protocollo": "protocol",
    "iniziativa": "project", "percorso": "project", "bando": "programme",
    "programma": "programme", "avviso": "programme", "misura": "programme",
    "fondo": "programme", "evento": "event", "seminario": "event", "convegno": "event",
    "rete": "network", "ats": "network", "alleanza": "network", "cooperativa": "cooperative",
    "coop": "cooperative", "consorzio": "consortium", "fondazione": "foundation",
    "associazione": "organisation", "centro": "project", "servizio": "project",
    "sportello": "project", "laboratorio": "project", "patto": "protocol",
    "accordo": "protocol", "sociale": "cooperative", "sociali": "consortium",
    "proposta": "project", "candidatura": "project",
}
#: Words that end a quoted phrase's reach: further back the noun types nothing.
_QUOTE_REACH = 8
#: Words of generic names: a name of only these (and its head) keeps "di <place>".
_GENERIC = words("""
sociale sociali cooperativa cooperative consorzio famiglia famiglie commercio studi cassa
risparmio banca monte salute servizi servizio lavoro impiego provinciale regionale
territoriale federazione istituto centro ufficio camera industria artigianato agricoltura
comunita montana unione comuni universita politecnico degli della del di dei per la il
""")
#: Types whose names keep their place ("Comune di Lucca", "Università di Bari").
_PLACE_NAMED = frozenset({"municipality", "province", "region", "chamber_of_commerce",
                          "research_body", "religious_body", "public_agency", "network",
                          "trade_union", "trade_association"})

for _mapping in (HEAD_TYPES, _QUOTE_CUES):
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
        self._matcher: PhraseMatcher | None = None
        self._layered: Registry | None = None
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Index *entity* (again, when its aliases grew)."""
        self.entities[entity.id] = entity
        self._matcher = None
        self._layered = None
        for surface in (entity.name, *entity.aliases):
            key = normalise(surface)
            for index, k in ((self._exact, key), (self._loose, _loose(key))):
                ids = index.setdefault(k, [])
                if entity.id not in ids:
                    ids.append(entity.id)

    def layered(self) -> Registry:
        """This registry with the national bodies (:mod:`graphkit.extract.national`) it has
        no entity for, by name or alias; built once (until :meth:`add`).

        Examples
        --------
        >>> layered = Registry([Entity("cgil", "CGIL", "trade_union")]).layered()
        >>> layered.resolve("Cgil").entity.id, layered.resolve("Acli").entity.id
        ('cgil', 'nat:acli')
        """
        if self._layered is None:
            missing = [e for e in NATIONAL if not any(
                normalise(form) in self._exact for form in (e.name, *e.aliases))]
            self._layered = Registry([*self.entities.values(), *missing])
        return self._layered

    def surfaces(self) -> Iterable[tuple[str, str]]:
        """Every (name or alias, entity id) pair."""
        for entity in self.entities.values():
            for surface in (entity.name, *entity.aliases):
                yield surface, entity.id

    def matcher(self) -> PhraseMatcher:
        """A :class:`PhraseMatcher` of every name and alias (built once, until :meth:`add`)."""
        if self._matcher is None:
            nlp = italian()
            matcher = PhraseMatcher(nlp.vocab, attr="NORM")
            for surface, ident in self.surfaces():
                matcher.add(ident, _variants(nlp, surface))
            self._matcher = matcher
        return self._matcher

    def best(self, ids: list[str], surface: str) -> str:
        """Among *ids* that share a surface form, the one whose own name it is, else the first."""
        key = normalise(surface)
        named = [i for i in ids if normalise(self.entities[i].name) == key]
        return (named or ids)[0]

    def _pick(self, ids: list[str], type_hint: str | None, surface: str,
              level: str | None = None) -> Entity | None:
        typed = [i for i in ids if self.entities[i].type == type_hint] or ids
        if level is not None:
            leveled = [i for i in typed if self.entities[i].level in {level, None}]
            if not leveled:
                return None  # "Pistoia" the town is not the registry's province of Pistoia
            typed = leveled
        return self.entities[self.best(typed, surface)]

    def resolve(self, surface: str, type_hint: str | None = None,
                fuzzy: bool = True, level: str | None = None) -> Resolution | None:
        """The registry entity *surface* names, or ``None``.

        Exact matches on the normalised form score 1.0, matches once function words are
        dropped 0.95, close spellings (rapidfuzz ratio ≥ 92 on names of 8+ characters)
        their ratio / 100 (unless *fuzzy* is false). Among namesakes, one of type
        *type_hint* wins.
        """
        key = normalise(surface)
        if not key:
            return None
        found, score = None, 0.0
        loose = _loose(key)
        if key in self._exact:
            found, score = self._pick(self._exact[key], type_hint, surface, level), 1.0
        elif loose in self._loose:
            found, score = self._pick(self._loose[loose], type_hint, surface, level), 0.95
        elif fuzzy and len(key) >= 8 and self._exact:
            best = process.extractOne(key, list(self._exact), scorer=fuzz.ratio,
                                      score_cutoff=92)
            if best and _same_digits(key, best[0]):
                found = self._pick(self._exact[best[0]], type_hint, surface, level)
                score = best[1] / 100
        return Resolution(found, score) if found is not None else None

    def close(self, surface: str, limit: int = 3, cutoff: float = 85) -> list[tuple[str, float]]:
        """Registry ids whose name or alias is close to *surface* (token-set ratio), best first.

        Examples
        --------
        >>> Registry([Entity("cna", "CNA Lucca", "trade_association")]).close("Cna di Lucca")
        [('cna', 100.0)]
        """
        key = normalise(surface)
        found = process.extract(key, list(self._exact), scorer=fuzz.token_set_ratio,
                                score_cutoff=cutoff, limit=limit * 2)
        out: dict[str, float] = {}
        for form, score, _ in found:
            for ident in self._exact[form]:
                out.setdefault(ident, score)
        return sorted(out.items(), key=lambda item: -item[1])[:limit]


def _same_digits(a: str, b: str) -> bool:
    """Whether two names carry the same numbers ("ATS 6" is not "ATS 9")."""
    return re.findall(r"\d+", a) == re.findall(r"\d+", b)


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
        What found or typed it (``registry``, ``head``, ``list``, ``person``, ``quote``,
        ``quoted`` (in quotation marks, of no type), ``place``, ``sigla``, ``branch``,
        ``bare`` (a head word alone), ``caps``).
    role : str or None
        For persons, the role word next to the name.
    aliases : list of str
        Other forms the text gives (an acronym in parentheses, the name with its town).
    parent : str or None
        Registry id of the body whose name opens this one ("Cgil" in "Cgil Valle").
    tokens : tuple of int
        Token span in the paragraph.
    level : str or None
        For places, the ISTAT level (``municipality``, ``province``, ``region``).
    display : str or None
        The name to give a new entity when it differs from the surface ("provincia di
        Grosseto" for "GR").
    refers : str or None
        For a head word alone ("il Comune", "la Regione"), the type of what it refers to.
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
    level: str | None = None
    display: str | None = None
    refers: str | None = None


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
    # hyphenated words stay whole ("socio-sanitario", "Emilia-Romagna", "Co-Mete"), and so do
    # dotted abbreviations ("Sol.Co.", "P.A.", "s.r.l.") and those of company forms
    infixes = [rule for rule in nlp.Defaults.infixes if "(?:-|–|—|--" not in rule]
    infixes.append(r"(?<=[\w'’])[“«\"](?=\w)")  # "dall’“Associazione": the quote opens a name
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.tokenizer.token_match = _ABBREVIATION.match
    for word in ("soc.", "coop.", "cons.", "ass.", "ist.", "fond.", "az.", "naz.", "prov.",
                 "reg.", "dott.", "sig.", "sig.ra", "ing.", "arch.", "on.", "sen."):
        for form in {word, word.capitalize(), word.upper()}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("graphkit_norm")
    return nlp


def normalised(doc: Doc) -> Doc:
    """*doc* with the norms the pipeline gives (case, accents and punctuation folded)."""
    return _norm_component(doc)


@Language.component("graphkit_norm")
def _norm_component(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = normalise(token.text).replace(" ", "") or "-"
        if "\n" in token.text and token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True  # a line is never part of a longer sentence
    return doc


def _variants(nlp: Language, surface: str) -> list[Doc]:
    """The patterns of a registry name, normalised as the texts are (accents folded:
    "Fondo povertà" meets "Fondo Poverta'")."""
    bare = " ".join(re.sub(r"[-–—/]", " ", surface).split())
    return [_norm_component(nlp.make_doc(text)) for text in sorted({surface, bare})]


@lru_cache(maxsize=1)
def _institutions() -> PhraseMatcher:
    nlp = italian()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    matcher.add("institution", [nlp(p) for p in INSTITUTION_PHRASES])
    return matcher


def _elided(token: Token) -> bool:
    """A capitalised elided word glued to the next ("Sant’" of "Sant’Elena")."""
    return (token.text[:1].isupper() and token.text.endswith(("’", "'"))
            and not token.whitespace_ and token.norm_ not in _FUNCTION_WORDS)


def _is_cap(token: Token) -> bool:
    text = token.text.lstrip("-")
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    return token.norm_.strip("-") not in _FUNCTION_WORDS and not text.endswith(("’", "'"))


def _heads(words: list[str]) -> tuple[str | None, int]:
    """The head type of a name's folded *words* and how many words the head takes."""
    for size in (3, 2, 1):
        key = " ".join(words[:size])
        if len(words) >= size and key in HEAD_TYPES:
            return HEAD_TYPES[key], size
    if words and words[0].startswith("conf") and len(words[0]) > 6:
        return "trade_association", 1
    return None, 0


def _head_type(words: list[str]) -> str | None:
    if not words:
        return None
    head, _ = _heads(words)
    if head == "network" and words[0] == "ats" and len(words) > 1 and (
            territories.find(" ".join(words[1:]), "province")):
        return "public_agency"  # "ATS Bergamo": the health agency of a province
    if head == "network" and words[0] == "ambito" and len(words) > 2 and words[1] in {
            "di", "del", "della"}:
        return "public_agency"  # "Ambito di Sesto San Giovanni": the office of a comune's area
    if head == "public_agency" and words[0] == "unione" and len(words) > 1 and words[1] not in {
            "dei", "montana", "delle", "comuni", "montane"}:
        return "trade_association"  # "Unione Artigiani", "Unione Industriali"
    if head:
        return head
    joined = f" {' '.join(words[1:])} "
    found = [(joined.find(f" {word} "), kind) for word, kind in INNER_TYPES.items()
             if f" {word} " in joined]
    return min(found)[1] if found else None


def type_of(name: str) -> str | None:
    """The node type a new name's own words suggest, or ``None``.

    Examples
    --------
    >>> type_of("Comune di Osio Sotto"), type_of("Gialli Società Cooperativa Sociale")
    ('municipality', 'cooperative')
    >>> type_of("Gaia APS"), type_of("Mario Rossi") is None
    ('organisation', True)
    """
    return _head_type(normalise(name).split())


def place_of(name: str, cue: bool = False) -> territories.Territory | None:
    """The ISTAT territory *name* is, when it is one name alone; ``None`` otherwise.

    A one-word name that is also a common word ("Vita", "Terzo") counts only with a *cue*
    (a preposition of place before it, a province code after it). Between a province and
    its chief town of the same name, the town.

    Examples
    --------
    >>> place_of("Reggio Calabria").code, place_of("Terzo") is None, place_of("Lucca").level
    ('080063', True, 'municipality')
    """
    key = territories.fold(name)
    if not key or (key in AMBIGUOUS_PLACES and not cue) or len(key) < 3:
        return None
    found = territories.find(name)
    if not found:
        return None
    towns = [t for t in found if t.level == "municipality"]
    if len({t.level for t in found}) == len(found) and len(towns) <= 1:
        regions = [t for t in found if t.level == "region"]
        return regions[0] if regions else towns[0] if towns else found[0]
    return towns[0] if towns else found[0]


def _scan(doc: Doc, start: int, taken: bytearray) -> int:
    """End (exclusive token index) of the capitalised name starting at *start*, with the
    lower-case words of a company form after it ("Koinos società cooperativa sociale")."""
    head = type_of(doc[start].text)
    end = start + 1
    n = len(doc)
    while end < n and not taken[end] and not doc[end].is_sent_start:
        step = _step(doc, start, end, taken, head)
        if not step:
            break
        if doc[end].norm_ in _TAIL_OPENERS or (doc[end].norm_ in HEAD_TYPES and _is_cap(
                doc[end])):
            head = type_of(doc[end].text) or "organisation"  # "… Consorzio cooperativo sociale"
            start = end  # what follows belongs to this head: "… del Dipartimento A e B"
        end += step
    while end - 1 > start and (doc[end - 1].norm_ in _LINKS or doc[end - 1].text in _DASHES
                               or _elided(doc[end - 1])):
        end -= 1
    if end < n and not taken[end] and doc[end].norm_ in _FORM_OPENERS:
        form = end
        while form < n and not taken[form] and doc[form].norm_ in _FORM_WORDS:
            form += 1
        while form > end and doc[form - 1].norm_ in {"a", "di", "tipo"}:
            form -= 1
        end = form
    return end


def _step(doc: Doc, start: int, end: int, taken: bytearray, head: str | None) -> int:
    """How many tokens from *end* on continue the name begun at *start* (0: none)."""
    token, norm = doc[end], doc[end].norm_
    n = len(doc)
    following = doc[end + 1] if end + 1 < n else None
    after_next = doc[end + 2] if end + 2 < n else None
    if (enabled(CASE_SWITCH) and token.text[:1].isupper() and not token.text.isupper()
            and end - start >= 2 and all(t.text.isupper() for t in doc[start:end] if t.is_alpha
                                         and len(t.text) > 1)
            and sum(t.is_alpha for t in doc[start:end]) >= 2):
        return 0  # "PIANO TERRITORIALE DI CONCILIAZIONE Rete territoriale": a heading ends
    if _is_cap(token) or (head and norm in HEAD_TAILS) or _elided(token):
        return 1
    if norm == "don" and following is not None and _is_cap(following):
        return 1  # "Opera don Calabria"
    if (head and doc[start].norm_ in _LOWER_NAMED and end - start <= 6 and following is not None
            and (norm in {"per", "delle", "della", "del", "dei", "degli", "e", "la", "le", "il"}
                 or (token.is_lower and token.is_alpha and len(token) > 3))
            and not token.is_punct):
        return 1  # "Dipartimento delle politiche per la famiglia"
    if (head and doc[start].norm_ in _BRIDGED and token.is_lower and enabled(BRIDGES)
            and end - start <= 3):
        bridge = _lower_bridge(doc, end, taken)
        if bridge:
            return bridge  # "Rete territoriale per la conciliazione della Bassa Bresciana"
    if (norm in _ARTICLES and token.text[0].isupper() and following is not None
            and _is_cap(following) and doc[end - 1].norm_ in _TAIL_OPENERS | HEAD_TAILS):
        return 1  # "Società Cooperativa Sociale Il Mio Mondo", "Consorzio La Sorgente"
    if following is not None and token.text[0].isupper() and norm in _FUNCTION_WORDS and (
            norm not in {"e", "ed", "o", "ma"}) and not taken[end + 1]:
        if _is_cap(following):
            return 1  # "Fondazione Con il Sud" as "CON IL SUD", "Associazione Noi Famiglie"
        if (following.norm_ in _ARTICLES and after_next is not None
                and (_is_cap(after_next) or after_next.text.isupper())):
            return 2  # "Fondazione Con il Sud"
    if (norm in {"a", "in"} and head not in ORGANISATIONS and following is not None
            and _is_cap(following) and (norm == "a" or _after_initiative_noun(doc, start)
                                        or (head in INITIATIVES and enabled(INITIATIVE_HEADS)))
            and doc[start].norm_ not in VENUE_WORDS and doc[start].norm_ not in FIRST_NAMES
            and not place_of(following.text, cue=True) and type_of(following.text) is None):
        return 1  # "Giochiamo a Crescere", "Impronte a Sud", "Welfare in Azione"
    if (norm in {"e", "ed"} and head and doc[start].norm_ in _AND_HEADS and following is not None
            and _is_cap(following) and type_of(following.text) is None
            and not place_of(following.text, cue=True)):
        return 1  # "Dipartimento Architettura e Territorio"
    if (token.text in _DASHES and end - start >= 2 and following is not None
            and _is_cap(following) and not place_of(following.text, cue=True)
            and type_of(following.text) is None and not place_of(doc[end - 1].text)
            and token.whitespace_ and doc[end - 1].whitespace_):
        return 1  # "Impronte a Sud – Welfare Lab"
    if head and _CODE.match(token.text) and not doc[end - 1].like_num and doc[start].norm_ in (
            _NUMBERED):
        return 1  # "Distretto 19", "ATS 6", "Ambito S04_1"
    if (head and norm in {"n", "n.", "nr", "nr.", "numero"} and following is not None
            and _CODE.match(following.text) and doc[start].norm_ in _NUMBERED
            and enabled(NUMBERED)):
        return 2 if token.text.endswith(".") or norm == "numero" else (
            3 if following.text == "." and after_next is not None
            and _CODE.match(after_next.text) else 2)  # "Ambito Territoriale Sociale n. 8"
    if following is None or taken[end + 1]:
        return 0
    if token.text == "&" and _is_cap(following):
        return 1  # "Imprese & Territorio"
    if (norm == "de" and following.text in {"’", "'"} and after_next is not None
            and _is_cap(after_next)):
        return 2  # "Serra de’ Conti"
    if norm in {"e", "ed"} and following is not None and _is_cap(following) and any(
            territories.find(doc[k:end + 2].text) for k in range(max(start, end - 3), end)):
        return 1  # "Monza e Brianza"
    if (norm in {"al", "alla", "allo", "ai", "agli", "alle", "all'"} and _is_cap(following)
            and head in ORGANISATIONS and enabled(ALLA_LINKS) and type_of(following.text) is None
            and not place_of(following.text) and not registry_place(following)):
        return 1  # "Centro di Aiuto alla Vita", "Diritto allo Studio"
    if (norm in {"sezione", "delegazione", "comitato"}
            and (head in ORGANISATIONS or doc[start:end].text.isupper())
            and following.norm_ in {"di", "provinciale", "territoriale", "regionale", "locale"}
            and enabled(SECTIONS)):
        return 1  # "AIPD sezione di Macerata"
    if norm in _WEAK_LINKS and _is_cap(following):
        joined = doc[start:end + 2].text
        if place_of(joined, cue=True) or any(territories.find(f"{joined} {t.text}")
                                             for t in doc[end + 2:end + 3]) or (
                norm == "tra" and head):
            return 1  # "San Lorenzo in Campo", "Olevano sul Tusciano", "Consorzio tra …"
        return 0
    if norm in _LINKS and (_is_cap(following) or (following.like_num and norm not in
                                                  _WEAK_LINKS)):
        return 1  # "Camera di Commercio"
    if (norm in _LINKS and norm not in _WEAK_LINKS and following.norm_ in _ARTICLES
            and after_next is not None and _is_cap(after_next)):
        return 2  # "Fondazione per la Coesione"
    if (token.text in _DASHES and end - start <= 2 and _is_cap(following)
            and following.text[0].isalpha() and not (after_next and _is_cap(after_next))
            and (place_of(following.text, cue=True)
                 or head in {"trade_union", "trade_association"})):
        return 2  # a branch: "Cgil – Lucca"
    if token.like_num and head == "programme" and _YEARS.fullmatch(token.text):
        if following.text in _DASHES and after_next is not None and _YEARS.fullmatch(
                after_next.text):
            return 3  # "PR Campania FSE+ 2021-2027"
        return 1  # "Fondo … 2021-2027"
    return 0


def registry_place(token: Token) -> bool:
    """Whether *token* alone is a place ISTAT's list knows (any level), common word or not."""
    return bool(territories.find(token.text)) and token.text[:1].isupper() and (
        token.norm_ not in AMBIGUOUS_PLACES)


#: Heads of networks and plans whose names run through lower-case words to a capitalised
#: word or a year ("Piano territoriale di conciliazione 2020-2023").
_BRIDGED = frozenset({"rete", "piano", "tavolo", "alleanza", "coordinamento", "consulta",
                      "patto", "protocollo", "programma"})


def _lower_bridge(doc: Doc, end: int, taken: bytearray, limit: int = 6) -> int:
    """How many lower-case words from *end* lead (with no verb) to a capitalised word or a
    year that goes on with the name; 0 when they do not."""
    for k in range(end, min(len(doc), end + limit + 1)):
        token = doc[k]
        if taken[k] or token.is_punct or token.is_space:
            return 0
        if k > end and (_is_cap(token) or _YEARS.fullmatch(token.text)):
            return k - end if doc[k - 1].norm_ not in {"e", "ed", "o"} else 0
        if not (token.is_lower and token.is_alpha) or _VERBISH.search(token.norm_) or (
                token.norm_ in {"e'", "ha", "hanno", "sono", "si", "che", "ne", "non"}):
            return 0
    return 0


def _after_initiative_noun(doc: Doc, start: int) -> bool:
    """Whether the name at *start* follows a noun of initiatives ("il bando Welfare in
    Azione"): there "in" belongs to the name, elsewhere it says where ("Co&So in Lucchesia")."""
    before = [t for t in doc[max(0, start - 3):start] if not t.is_punct]
    return any(_QUOTE_CUES.get(t.norm_) in INITIATIVES for t in before)


def _split_at_head(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run where a person's first name or, after a link, a typed head begins.

    "Viareggio Valter Alberici" → "Viareggio" + "Valter Alberici"; "Lavoro della Regione
    Toscana" → "Lavoro" + "Regione Toscana"; an office ("Ufficio di Gabinetto della Provincia
    di X", "Ufficio Inserimenti Cooperativa Y") is dropped in favour of the body it names.
    """
    organ = _organ(doc, start, end) if enabled(ORGANS) else None
    if organ is not None:  # "Consiglio di Amministrazione Saperi e Lavoro": the body
        return _split_at_head(doc, organ, end)
    if doc[start].norm_ in OFFICE_WORDS:
        for i in range(start + 1, end):
            if _is_cap(doc[i]) and type_of(doc[i].text) in _BODY_TYPES:
                return _split_at_head(doc, i, end)
    heads: set[str] = set()
    for i in range(start, end):  # "ASL Milano ASL di Milano": a head again opens a name
        norm = doc[i].norm_
        if i >= start + 2 and norm in heads and (
                norm == doc[start].norm_ or enabled(HEAD_AGAIN)):
            return [(start, i), *_split_at_head(doc, i, end)]
        if norm in HEAD_TYPES and _is_cap(doc[i]):
            heads.add(norm)
    own = type_of(doc[start].text)
    for i in range(start + 2, end):
        if doc[i - 1].norm_ in _LINKS and _is_cap(doc[i]) and type_of(doc[i].text) and (
                own is None or (type_of(doc[i].text) in _BODY_TYPES | {"public_agency"}
                                and doc[i - 1].norm_ not in {"di", "per", "&", "e"})
                or (own in INITIATIVES and type_of(doc[i].text) in ORGANISATIONS
                    and doc[i - 1].norm_ in {"di", "del", "della", "dell'"}
                    and enabled(INITIATIVE_OWNERS))):  # "Bando X di Fondazione Cariplo"
            link = i - 1
            while link > start and doc[link - 1].norm_ in _LINKS:
                link -= 1
            return [(start, link), *_split_at_head(doc, i, end)]
    for i in range(start, end - 2):
        if (doc[i].norm_ in {"don", "suor", "padre", "fra"} and doc[i + 1].norm_ in FIRST_NAMES
                and enabled(TITLES)):
            return [*([(start, i)] if i > start else []), (i + 1, end)]  # "Parla don Marco Lai"
    for i in range(start + 1, end - 1):
        if (doc[i].norm_ in FIRST_NAMES and end - i in (2, 3) and doc[i - 1].norm_ not in _LINKS
                and doc[i - 1].norm_ not in FIRST_NAMES | _SAINTS and not _elided(doc[i - 1])
                and doc[end - 1].norm_ not in _FORM_WORDS):
            return [(start, i), (i, end)]
    for i in range(start + 1, end - 1):  # a role word inside a run opens a person's name
        if doc[i].norm_ in ROLE_WORDS - {"don"} and _is_cap(doc[i + 1]):
            return [(start, i), (i + 1, end)]
    return [(start, end)]


#: Words that may stand between a role word and the name ("la segretaria generale Aline
#: Pennisi", "il direttore sanitario Ugo Neri").
_ROLE_MODIFIERS = words("""
generale generali regionale regionali provinciale provinciali nazionale nazionali
territoriale territoriali comunale comunali scolastico scolastica sanitario sanitaria
amministrativo amministrativa tecnico tecnica scientifico scientifica delegato delegata
uscente uscenti onorario onoraria vicario vicaria nuovo nuova
""")


def _after_role_phrase(doc: Doc, start: int) -> bool:
    """Whether a role word and up to two of its modifiers stand right before *start*."""
    i = start - 1
    while i >= 0 and start - i <= 3 and doc[i].norm_ in _ROLE_MODIFIERS and doc[i].is_lower:
        i -= 1
    return i >= 0 and i < start - 1 and doc[i].norm_ in ROLE_WORDS


#: The organs of a body, as a run opens with them ("Consiglio di Amministrazione X").
_ORGANS = ("consiglio di amministrazione", "consiglio direttivo", "cda", "assemblea dei soci",
           "comitato scientifico", "comitato tecnico scientifico", "collegio sindacale",
           "comitato esecutivo", "giunta esecutiva", "direzione generale", "ufficio stampa",
           "segreteria generale", "segreteria regionale", "segreteria provinciale")


def _organ(doc: Doc, start: int, end: int) -> int | None:
    """Where the body starts in a run that opens with one of its organs, if it does."""
    words = [t.norm_ for t in doc[start:end]]
    for organ in _ORGANS:
        size = len(organ.split())
        if " ".join(words[:size]) == organ and size < len(words):
            k = start + size
            while k < end and doc[k].norm_ in _LINKS:
                k += 1
            return k if k < end else None
    return None


def _role_near(doc: Doc, start: int, end: int) -> str | None:
    """A role word just before (up to 4 words) or just after ", " / "(" a name."""
    for token in doc[end:end + 3]:
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
    """The type given by a noun introducing the list the name belongs to (never across
    the end of a line)."""
    i = start - 1
    if doc[start].is_sent_start:
        return None
    while i >= 0 and start - i <= 40:
        token = doc[i]
        norm = token.norm_
        if token.is_space:
            if "\n" in token.text:
                return None
            i -= 1
            continue
        opens = i + 1 < len(doc) and doc[i + 1].text in {"(", ":"}
        if norm in PLURAL_NOUNS and token.text[0].isupper() and not opens and (
                not i or _previous(doc, i).norm_ not in _ARTICLES | _PLURAL_OPENERS):
            i -= 1  # "Confartigianato Imprese Padova": a name's word, not a list's noun
            continue
        if (norm in LIST_NOUNS and norm not in PLURAL_NOUNS and i + 1 < start
                and doc[i + 1].norm_ in {"di", "del", "della", "dei", "delle", "dell'"}):
            return None  # "un progetto di Montesacro": whose project, not its name
        if norm in LIST_NOUNS and (token.text[0].islower() or norm in PLURAL_NOUNS or opens):
            if i > 1 and doc[i - 1].norm_ == "di" and doc[i - 2].norm_ in LIST_NOUNS:
                return LIST_NOUNS[doc[i - 2].norm_]  # "consorzi di cooperative A, B"
            if norm in {"comuni", "comune"} and i and _previous(doc, i).norm_ in {
                    "nei", "nel", "in", "negli", "tra", "fra"}:
                return "territory"  # "nei Comuni di A e B": places
            return LIST_NOUNS[norm]
        if token.is_sent_start or token.text in {".", ";", ":"} or (
                norm not in _LINKS and not _is_cap(token) and norm not in HEAD_TAILS
                and token.text not in {",", "(", ")"}
                and norm not in {"e", "i", "le", "gli", "la", "il", "l'"}):
            return None
        i -= 1
    return None


#: A project sheet's title label, its value after a colon or on the next line.
_TITLE_LABEL = re.compile(
    r"(?im)^[ \t]*(?:titolo(?:\s+del)?(?:\s+progetto)?|nome\s+del\s+progetto|progetto|"
    r"denominazione(?:\s+del\s+progetto)?)[ \t]*(?::[ \t]*|\n[ \t]*)"
    r"[“\"«]?(?P<value>[^\n“”\"«»]{2,150}?)[”\"»]?[ \t]*$")


def _labelled(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the values of title labels ("Titolo del progetto\nRadici e Ali",
    "Progetto: Famiglie al Centro"): a project's name, whatever its words."""
    out = []
    for match in _TITLE_LABEL.finditer(doc.text):
        value = match.group("value").strip()
        if not value[:1].isupper() or len(value.split()) > 15:
            continue
        span = doc.char_span(match.start("value"), match.start("value") + len(value),
                             alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end))
    return out


def _quoted(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges inside quotation marks that start with a capital letter.

    A quotation ends at its closing mark, or at a second opening “ (some sites close with
    it), never past the end of a line.
    """
    ranges, i, n = [], 0, len(doc)
    while i < n:
        closing = _QUOTES.get(doc[i].text)
        if closing:
            for j in range(i + 1, min(n, i + 40)):
                if doc[j].text == closing or (closing == "”" and doc[j].text in {"“", '"'}):
                    if j > i + 1 and doc[i + 1].text[:1].isupper():
                        ranges.append((i + 1, j))
                    i = j
                    break
                if "\n" in doc[j].text:
                    break
        i += 1
    return ranges


def _quote_type(doc: Doc, start: int, end: int) -> tuple[str | None, int | None]:
    """The type the noun before a quotation gives (and that noun's token), else ``None``."""
    own = type_of(doc[start:end].text)
    for i in range(start - 2, max(-1, start - 2 - _QUOTE_REACH), -1):
        token = doc[i]
        if token.norm_ in _QUOTE_CUES:  # the noun right before the quote wins over the name
            return (_QUOTE_CUES[token.norm_] if i == start - 2 else own
                    or _QUOTE_CUES[token.norm_]), i
        if token.text in {".", ";", ":", "(", ")", "”"} or token.is_sent_start:
            break
    if own is None:  # "“Lucca per il lavoro”, si chiama così il protocollo"
        for token in doc[end + 1:end + 1 + _QUOTE_REACH]:
            if token.text in {".", ";", "(", "“"} or token.is_sent_start:
                break
            if token.norm_ in _QUOTE_CUES and token.text[0].islower():
                return _QUOTE_CUES[token.norm_], None
    return own, None


def _name(span: Span, offset: int, type_: str | None, cue: str, score: float) -> Name:
    return Name(span.text, offset + span.start_char, offset + span.end_char, type_, cue=cue,
                score=score, tokens=(span.start, span.end))


def find_names(text: str, registry: Registry, offset: int = 0) -> list[Name]:
    """The names in *text* (one paragraph), resolved against *registry* where possible.

    Spans are shifted by *offset* (the paragraph's start in the document). Names of no
    recognisable type are returned with ``type=None``; the relation rules decide whether
    they matter.
    """
    return find_names_in(italian()(text), registry, offset, common_words(text))


def common_words(text: str) -> frozenset[str]:
    """The words *text* writes in lower case (folded): a capitalised one of them may be a
    common word at the start of a title, not a name.

    Examples
    --------
    >>> sorted(common_words("Il lavoro e la Vita"))
    ['e', 'la', 'lavoro']
    >>> sorted(common_words("vedi https://comune.gravina.it/news"))
    ['vedi']
    """
    text = re.sub(r"\S+://\S+|\bwww\.\S+|\S+@\S+", " ", text)  # addresses are no prose
    return frozenset(normalise(w) for w in re.findall(r"\b[a-zà-ÿ]+\b", text))


def _known_spans(doc: Doc, registry: Registry,
                 common: frozenset[str]) -> dict[tuple[int, int], list[str]]:
    """Registry names in *doc*: longest first where they overlap; lower-case or roman
    numeral aliases ("firma", "III") only where they cannot be common words, and one-word
    names the text also writes in lower case ("Lavoro", "Vita") only after a noun that
    introduces a name ("la cooperativa Lavoro")."""
    nlp = italian()
    known: dict[tuple[int, int], list[str]] = {}
    for match_id, start, end in registry.matcher()(doc):
        span = doc[start:end]
        text = span.text
        if not any(c.isupper() for c in text) and end - start < 3:
            continue
        if end - start == 1 and (re.fullmatch(r"[IVXLC]+", text) or len(text) <= 2):
            continue
        if (end - start == 1 and (text.istitle() or (text.isupper() and len(text) > 4))
                and span[0].norm_ in common
                and not (start and doc[start - 1].norm_ in set(LIST_NOUNS) | set(_QUOTE_CUES))):
            continue
        known.setdefault((start, end), []).append(nlp.vocab.strings[match_id])
    return known


def find_names_in(doc: Doc, registry: Registry, offset: int = 0,
                  common: frozenset[str] = frozenset()) -> list[Name]:
    """:func:`find_names` on a paragraph already parsed by :func:`italian`; *common* are
    the words the whole text writes in lower case (:func:`common_words`)."""
    doc.user_data["common"] = common
    names: list[Name] = []
    taken = bytearray(len(doc) + 1)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def claim(start: int, end: int) -> bool:
        if not free(start, end):
            return False
        taken[start:end] = b"\x01" * (end - start)
        return True

    for start, end in _labelled(doc) if enabled(LABELS) else ():
        if claim(start, end):  # "Titolo del progetto: Radici e Ali"
            names.append(_name(doc[start:end], offset, "project", "quote", 0.8))
    for start, end in _quoted(doc):
        span = doc[start:end]
        kind, noun = _quote_type(doc, start, end)
        resolved = registry.resolve(span.text, fuzzy=False)
        if resolved and claim(start, end):
            names.append(_typed(doc, start, end, offset, registry))
        elif kind and (noun is not None or end - start <= 8) and claim(start, end):
            names.append(_name(span, offset, kind, "quote", 0.8))
            names[-1].aliases += [doc[s:e].text for s, e in _dash_tail(doc, start, end)]
            colon = next((k for k in range(start + 1, min(end, start + 5))
                          if doc[k].text == ":"), None)
            if colon is not None:  # "IA.IA.Ò: verso una rete di fattorie sociali …"
                names[-1].aliases.append(doc[start:colon].text)
            if noun is not None and _is_cap(doc[noun]) and noun + 2 == start:
                names[-1].aliases.append(doc[noun:end + 1].text)
        elif kind is None and end - start <= 6 and claim(start, end):
            names.append(_name(span, offset, None, "quoted", 0.5))  # "“Family care” a Gravina":
            # a name the text gave before, or nothing
    for _, start, end in _institutions()(doc):
        if free(start, end):
            scanned = _scan(doc, start, taken)
            if scanned <= end and doc[start].is_lower and doc[start].norm_ in _AREA_HEADS:
                continue  # "l'ambito territoriale" with no number or name: no name
            end = max(end, scanned)
            if claim(start, end):
                names.append(_typed(doc, start, end, offset, registry))
    names.extend(_siglas(doc, offset, taken))
    known = _known_spans(doc, registry, common)
    for (start, end), idents in sorted(known.items(), key=lambda k: (k[0][0], -k[0][1])):
        opens = doc[start].text[:1].isupper() and not _is_cap(doc[start])
        lower = any(t.is_lower and t.is_alpha and t.norm_ not in _FUNCTION_WORDS
                    for t in doc[start + 1:end])
        unreached = (enabled(UNREACHED) and end - start > 2 and _is_cap(doc[start])
                     and _scan(doc, start, taken) < end)  # "Fondo per le Non Autosufficienze"
        if end - start > 1 and (opens or lower or unreached) and claim(start, end):
            # "Con i Bambini", "Fondo per il contrasto della povertà educativa minorile": no
            # run of capitalised words holds them whole
            names.append(_known(doc, start, end, offset, registry, idents))
    starts = sorted(known)
    for start, end in _runs(doc, taken):
        if end - start > 1 and _opener(doc, start, end, registry, starts):
            start += 1  # "Aderiscono Acli", "Firmano ANCI Emilia-Romagna": a verb opens
        if (end < len(doc) and doc[end].text in _QUOTES and enabled(QUOTE_NOUNS)
                and all(t.norm_ in _GENERIC or t.norm_ in HEAD_TAILS for t in doc[start:end])):
            continue  # "Cooperativa sociale “Il Seme”": the noun of the quoted name
        lo = bisect.bisect_left(starts, (start, start))
        inside = sorted(((s, e) for s, e in starts[lo:bisect.bisect_left(starts, (end, end))]
                         if e <= end and (e - s > 1 or end - start == 1
                                          or _strong(doc[s], registry, known[(s, e)], common))),
                        key=lambda k: (k[0], k[0] - k[1]))
        whole = registry.resolve(doc[start:end].text)
        head = type_of(doc[start:end].text)
        # a registry body and a place: "ANCI Emilia-Romagna", "Federazione provinciale
        # Coldiretti Lucca" (a local branch of the body)
        first = [k for k in inside if k[1] < end and registry.entities[registry.best(
            known[k], doc[slice(*k)].text)].type in ORGANISATIONS and (
                k[0] == start or _placelike(doc[k[1]:end].text, registry))][:1]
        parent = registry.best(known[first[0]], doc[slice(*first[0])].text) if first else None
        branch = (not whole and parent is not None
                  and _placelike(doc[first[0][1]:end].text, registry))
        places_only = all(registry.entities[registry.best(known[k], doc[slice(*k)].text)].type
                          == "territory" for k in inside) and inside and inside[0][0] > start
        category = _category_union(doc, start, end, inside, known, registry)
        if category is not None:
            parent, branch = category, True
        named_initiative = (enabled(INITIATIVE_HEADS) and inside and end - start > 1
                            and _initiative_head(doc, start) is not None)  # "il programma
        # regionale Puglia Capitale Sociale": a place opens the initiative's name
        if (whole or head or not inside or branch or places_only or _lower_head(doc, start)
                or named_initiative
                or place_of(doc[start:end].text, cue=True)) and free(start, end):
            placed = _placed(doc, start, end, offset, registry, taken)
            names.extend(placed)
            if branch and placed[0].type is None:
                placed[0].type, placed[0].cue = registry.entities[parent].type, "branch"
            if (not whole and parent and placed[0].type in ORGANISATIONS
                    and (category is not None or first[0][1] <= placed[0].tokens[1])):
                placed[0].parent = parent
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
    text = doc.text
    _acronyms(text, names, offset)
    _join_last_item(doc, text, names, offset)
    if enabled(COMMON_CAPS):  # "Welfare, firmato il protocollo": a title's first word
        names[:] = [n for n in names if not (
            n.cue == "caps" and n.tokens[1] - n.tokens[0] == 1 and doc[n.tokens[0]].norm_
            in common and not doc[n.tokens[0]].text.isupper())]
    return names


def _placed(doc: Doc, start: int, end: int, offset: int, registry: Registry,
            taken: bytearray) -> list[Name]:
    """The name of [start, end), split from its town ("Fondazione Alfa di Lucca" → the
    foundation, with the whole as an alias, and the town) when the town is not part of
    the name ("Comune di Lucca", "Camera di Commercio di Lucca")."""
    taken[start:end] = b"\x01" * (end - start)
    whole = _typed(doc, start, end, offset, registry)
    if whole.entity or whole.type not in ORGANISATIONS:
        return [whole]
    for i in range(end - 1, start + 1, -1):
        if doc[i - 1].norm_ not in {"di", "a"}:
            continue
        place = place_of(doc[i:end].text, cue=True)
        words = [t.norm_ for t in doc[start:i - 1] if t.norm_ not in _LINKS]
        own_head = _heads(words)[0] is not None or _head_type(words) is not None
        distinctive = [w for w in words[1 if own_head else 0:]
                       if w not in _GENERIC and w not in HEAD_TYPES]
        if place is None or whole.type in _PLACE_NAMED or not distinctive or (
                doc[start].norm_ in {"banca", "cassa", "bcc"} and enabled(BANKS)):
            continue
        body = _typed(doc, start, i - 1, offset, registry)
        if body.entity is None:
            body.type = body.type or whole.type
            body.aliases.append(whole.surface)
        town = _name(doc[i:end], offset, "territory", "place", 0.85)
        town.level = place.level
        known = registry.resolve(town.surface, "territory", fuzzy=False, level=place.level)
        if known and known.entity.type == "territory":
            town.entity, town.cue = known.entity.id, "registry"
        return [body, town]
    return [whole]


def _category_union(doc: Doc, start: int, end: int, inside: list[tuple[int, int]],
                    known: dict[tuple[int, int], list[str]], registry: Registry) -> str | None:
    """The confederation a category union's name ends with ("FP Cgil", "Fisascat Cisl",
    "Filcams Cgil"): a branch of it, named whole. ``None`` for any other run."""
    last = [k for k in inside if k[1] == end and k[0] > start]
    if not last or last[0][0] - start > 2:
        return None
    ident = registry.best(known[last[0]], doc[slice(*last[0])].text)
    if registry.entities[ident].type != "trade_union":
        return None
    prefix = doc[start:last[0][0]]
    if all(t.text.isupper() or t.norm_ in HEAD_TYPES for t in prefix):
        return ident
    return None


def _strong(token: Token, registry: Registry, idents: list[str],
            common: frozenset[str] = frozenset()) -> bool:
    """Whether a one-word registry name inside a longer run stands for itself: an acronym,
    a body's head word ("Cgil"), a place, a national body the text never writes in lower
    case ("Aderiscono Acli"); not a common word some entity is also called ("Vita",
    "Lavoro")."""
    return (token.text.isupper() or token.norm_ in HEAD_TYPES
            or token.norm_.startswith("conf")
            or any(registry.entities[i].type == "territory" for i in idents)
            or (token.norm_ not in common and any(is_national(i) for i in idents)))


def _placelike(text: str, registry: Registry) -> bool:
    """Whether *text* names a place: an ISTAT territory, or a registry territory."""
    text = text.strip(" -–—")
    if place_of(text, cue=True):
        return True
    found = registry.resolve(text, fuzzy=False)
    return bool(found and found.entity.type == "territory")


def _runs(doc: Doc, taken: bytearray) -> list[tuple[int, int]]:
    """Runs of capitalised words (names), role words and places split off."""
    runs, i, n = [], 0, len(doc)
    while i < n:
        if taken[i] or not (_is_cap(doc[i]) or _article_start(doc, i)
                            or (_elided(doc[i]) and i + 1 < n and _is_cap(doc[i + 1]))):
            i += 1
            continue
        end = _scan(doc, i + 1 if _article_start(doc, i) else i, taken)
        while end - i > 1 and doc[i].norm_ in ROLE_WORDS:
            i += 1  # "Presidente Cooperativa X": the role is context, not name
            while end - i > 1 and doc[i].norm_ in _LINKS and enabled(ROLE_LINKS):
                i += 1  # "Sindaco di Milano": the place, not "di Milano"
        if i > 1 and doc[i - 1].norm_ in _PORTFOLIO and any(
                t.norm_.startswith(("assessor", "delega", "delegat", "consiglier"))
                for t in doc[max(0, i - (4 if enabled(PORTFOLIOS) else 2)):i - 1]):
            # "Assessori alle Politiche Sociali di Policoro", "assessore regionale al Welfare
            # della Regione Puglia": a portfolio, then the body (or its town)
            at = next((k for k in range(i + 1, end) if enabled(PORTFOLIOS) and _is_cap(doc[k])
                       and doc[k].norm_ in _INSTITUTION_BODIES), None)
            at = at or next((k for k in range(end - 1, i, -1) if doc[k - 1].norm_ == "di"), None)
            at = at or next((k for k in range(i, end) if doc[k].norm_ in FIRST_NAMES), None)
            if at is None:
                i = end
                continue
            i = at
        address = doc[i].norm_ in VENUE_WORDS or (
            i and doc[i - 1].norm_ in VENUE_WORDS and doc[i - 1].text.islower())
        if address and enabled(ADDRESSES):
            taken[i:end] = b"\x01" * (end - i)  # nor is "Roma" of "via Roma" a place
        if address or doc[i].norm_ in ROLE_WORDS or _shouting(doc, i, end):
            i = end  # "via Roma 56" is an address
            continue
        if (doc[i].norm_ in PLURAL_NOUNS and end - i > 1 and i > 0
                and _previous(doc, i).norm_ in _PLURAL_DETERMINERS | (
                    set() if enabled(PLURAL_ARTICLES) else _ARTICLES)):
            i += 1  # "attraverso le Cooperative A, B": the noun introduces a list
            while i < end and doc[i].norm_ in _LINKS:
                i += 1
            if i >= end:
                continue
        runs += _split_at_head(doc, i, end)
        i = end
    return runs


def _opener(doc: Doc, start: int, end: int, registry: Registry,
            known: list[tuple[int, int]]) -> bool:
    """Whether the first word of the run [start, end) is a capitalised word opening the
    sentence, not a name's: the name proper starts at the next word (a known name, or one a
    head word types), the first word alone names nothing and the whole run is no known
    name."""
    first = doc[start]
    if not (start == 0 or first.is_sent_start or "\n" in doc[start - 1].text):
        return False
    if (first.norm_ in HEAD_TYPES or first.norm_ in FIRST_NAMES or first.norm_ in _LINKS
            or first.norm_ in INNER_TYPES or first.text.isupper()
            or type_of(doc[start:end].text) or registry.resolve(doc[start:end].text)
            or registry.resolve(first.text, fuzzy=False) or place_of(first.text, cue=True)):
        return False
    k = bisect.bisect_left(known, (start + 1, start + 1))
    return ((k < len(known) and known[k][0] == start + 1)
            or type_of(doc[start + 1:end].text) is not None)


def _shouting(doc: Doc, start: int, end: int) -> bool:
    """A run of three or more upper-case words: a heading, not a name (unless a body's head
    opens it in the middle of a sentence: "con la COOPERATIVA SOCIALE IL GIRASOLE")."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if len(words) < 3 or not all(t.text.isupper() for t in words):
        return False
    before = _previous(doc, start) if start else None
    return not (enabled(SHOUTED_BODIES) and before is not None and before.is_lower
                and doc[start].norm_ in HEAD_TYPES and HEAD_TYPES[doc[start].norm_]
                in ORGANISATIONS)


def _previous(doc: Doc, i: int) -> Token:
    """The token before *i*, skipping white space (a no-break space is a token)."""
    j = i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    return doc[max(j, 0)]


def _join_last_item(doc: Doc, text: str, names: list[Name], offset: int) -> None:
    """Join "X e Y" when it follows a list's own "e": "A, B e Saperi e Lavoro".

    A list has one closing conjunction; a second "e" between two new one-run names after
    it belongs to a name ("Saperi e Lavoro"), which takes the type of the list.
    """
    for k in range(len(names) - 2, 0, -1):
        if k + 1 >= len(names):
            continue
        prev, first, second = names[k - 1], names[k], names[k + 1]
        gap = text[first.end - offset:second.start - offset]
        lead = text[prev.end - offset:first.start - offset]
        after = text[second.end - offset:second.end - offset + 2]
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
            and (doc[i - 1].text in {",", ":", "•", "-"} or doc[i - 1].norm_ in LIST_NOUNS
                 or doc[i - 1].norm_ in HEAD_TAILS)
            and _is_cap(doc[i + 1]))


def _gaps(doc: Doc, start: int, end: int, taken: bytearray) -> list[tuple[int, int]]:
    """The free stretches of capitalised words left in [start, end), each read as a name."""
    out, i = [], start
    while i < end:
        if taken[i] or not _is_cap(doc[i]):
            i += 1
            continue
        j = min(_scan(doc, i, taken), end)
        while j - 1 > i and (doc[j - 1].norm_ in _LINKS | {"a", "e"}
                             or doc[j - 1].text in _DASHES):
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


def _place_cue(doc: Doc, start: int, end: int) -> bool:
    """A preposition of place before, or a province code after, the name."""
    before = _previous(doc, start).norm_ if start else ""
    after = doc[end:end + 3].text
    return (before in {"a", "ad", "in", "di", "da", "tra", "nei", "nel", "per", "comune",
                       "comuni", "sede", "provincia", "province", "regione", ","}
            or bool(re.match(r"\s*\([A-Z]{2}\)", after))
            or (start == 0 and after.lstrip()[:1] in {"–", "-", ","}))  # a dateline


def _typed(doc: Doc, start: int, end: int, offset: int, registry: Registry) -> Name:
    span = doc[start:end]
    resolved = registry.resolve(span.text)
    if (resolved and len(span) == 1 and (span.text.istitle() or span.text.isupper())
            and enabled(COMMON_WORDS)
            and span[0].norm_ in doc.user_data.get("common", ()) and not (
                start and doc[start - 1].norm_ in set(LIST_NOUNS) | set(_QUOTE_CUES))):
        resolved = None  # "il settore Lavoro": a word the text writes in lower case too
    acting = [t.norm_ for t in doc[end:end + 2] if t.text != ","]
    if (resolved and resolved.entity.type == "territory" and acting and acting[0] in _ACTS
            and enabled(ACTING_TOWNS)):
        place = place_of(span.text, cue=True)
        if place is not None and place.level == "municipality":
            name = _name(span, offset, "municipality", "place", 0.75)  # "Fano capofila del"
            name.display = f"Comune di {span.text}"
            return name
    if resolved and resolved.entity.type == "territory":
        place = place_of(span.text, cue=True)
        if place is not None and _place_context(doc, start) != "province":
            resolved = registry.resolve(span.text, "territory", level=place.level)
    if resolved and resolved.entity.type == "territory" and _place_context(
            doc, start) == "municipality":
        name = _name(span, offset, "municipality", "place", 0.75)
        name.display = f"Comune di {span.text}"
        return name
    body = _INSTITUTION_BODIES.get(span[0].norm_)
    if (resolved and resolved.entity.type == "territory" and body and len(span) > 1
            and span[0].text[0].isupper() and enabled(BODIES)):
        # "Provincia di Massa Carrara" is the body; "la provincia di Massa Carrara" the place
        known = registry.resolve(span.text, body, fuzzy=False)
        if known and known.entity.type == body:
            name = _name(span, offset, body, "registry", 0.9 * known.score)
            name.entity = known.entity.id
            return name
        return _name(span, offset, body, "head", 0.85)
    if resolved:
        name = _name(span, offset, resolved.entity.type, "registry", 0.9 * resolved.score)
        name.entity = resolved.entity.id
        return name
    head = type_of(span.text)
    if len(span) == 1 and (span[0].norm_ in HEAD_TYPES or span[0].norm_ in LIST_NOUNS) and (
            span[0].norm_ not in _PROPER_HEADS and not span[0].text.isupper()):
        name = _name(span, offset, None, "bare", 0.2)  # a head alone ("il Comune") names
        name.refers = HEAD_TYPES.get(span[0].norm_)  # nothing of its own: what it refers to
        return name
    lower = _lower_head(doc, start)
    if head is None and lower is not None:
        kind, at = lower
        name = _name(span, offset, kind, "head", 0.8)  # "la cooperativa Alfa", "scatolificio X"
        name.aliases.append(doc[at:end].text)
        return name
    if head == "public_agency" and span[0].norm_ in {"dipartimento", "laboratorio"} and any(
            t.norm_ in {"universita", "politecnico", "ateneo"} for t in doc[end:end + 4]):
        head = "research_body"  # "Dipartimento X dell'Università Y"
    if head:
        return _name(span, offset, head, "head", 0.85)
    role = _role_near(doc, start, end)
    words = [t.norm_ for t in span]
    adjacent = (start > 0 and doc[start - 1].norm_ in ROLE_WORDS) or (
        end + 1 < len(doc) and doc[end].text in {",", "("} and doc[end + 1].norm_ in ROLE_WORDS
    ) or (enabled(ROLE_PHRASES) and _after_role_phrase(doc, start))
    lower_links = [t for t in span if t.norm_ in _LINKS and not t.text[0].isupper()]
    if 2 <= len(words) <= 4 and (words[0] in FIRST_NAMES or (role and adjacent)) and not (
            lower_links) and not place_of(span.text):
        name = _name(span, offset, "person", "person", 0.85 if role else 0.7)
        name.role = role
        return name
    body = COMUNE_NAMES.get(normalise(span.text))
    if body:
        name = _name(span, offset, "municipality", "head", 0.85)  # "Roma Capitale"
        name.display = body
        return name
    cue = _place_cue(doc, start, end)
    place = place_of(span.text, cue=cue) if cue or not span.text.isupper() else None
    if place is not None:  # ("ALBA" alone is an acronym more often than the town)
        context = _place_context(doc, start)
        acting = [t.norm_ for t in doc[end:end + 2] if t.text != ","]
        if acting and acting[0] in _ACTS and place.level == "municipality":
            context = "municipality"  # "Fano capofila del patto", "Pesaro, partner del"
        if context == "municipality":
            name = _name(span, offset, "municipality", "place", 0.75)
            name.display = f"Comune di {span.text}"
            return name
        if (context == "province" and start > 1 and doc[start - 1].norm_ in {"di", "del"}
                and doc[start - 2].text == "provincia"):
            span = doc[start - 2:end]
        name = _name(span, offset, "territory", "place", 0.8)
        name.level = "province" if context == "province" else place.level
        if context == "province" and span.start == start:
            name.display = f"provincia di {span.text}"
        return name
    if _place_context(doc, start) == "province" and len(span) <= 3:
        name = _name(span, offset, "territory", "place", 0.7)  # "le province di A, B"
        name.level, name.display = "province", f"provincia di {span.text}"
        return name
    initiative = _initiative_head(doc, start) if enabled(INITIATIVE_HEADS) else None
    if initiative:  # "il progetto di inclusione sociale Nessuno Escluso"
        return _name(span, offset, initiative, "head", 0.75)
    listed = _list_type(doc, start)
    if listed:
        return _name(span, offset, listed, "list", 0.75)
    return _name(span, offset, None, "caps", 0.4)


#: Lower-case nouns that introduce an initiative's name, a few descriptive words between.
_INITIATIVE_HEADS = {"progetto": "project", "iniziativa": "project", "percorso": "project",
                     "sportello": "project", "programma": "programme", "bando": "programme",
                     "avviso": "programme", "protocollo": "protocol", "patto": "protocol"}
_VERBISH = re.compile(r"(?:at[oaie]|it[oaie]|ut[oaie]|and[oi]|end[oi]|ano|ono|isce|iscono|"
                      r"erà|irà|arà)$")


def _initiative_head(doc: Doc, start: int) -> str | None:
    """The type an initiative noun a few lower-case words before a name gives it ("il
    progetto di inclusione sociale Nessuno Escluso", "il progetto pilota Casa Comune",
    "l'iniziativa Spesa Sospesa"); no verb may stand between."""
    if start and doc[start - 1].norm_ in {"di", "del", "della", "dei", "delle", "dell'"}:
        return None  # "un progetto di Montesacro": whose project, not its name
    for i in range(start - 1, max(-1, start - 7), -1):
        token = doc[i]
        kind = _INITIATIVE_HEADS.get(token.norm_)
        if kind and token.text[0].islower():
            return kind
        if (not token.is_alpha or not token.is_lower or _VERBISH.search(token.norm_)
                or token.norm_ in {"e", "ed", "che", "con", "da", "dal", "dalla", "e'",
                                   "coinvolge", "prevede", "vede", "riguarda", "mira", "parte"}):
            return None
    return None


_LIST_WALK = frozenset({",", "e", "ed", "(", ")", ":", "sono", "i", "le", "il", "la", "l'",
                        "di", "del", "della", "dei", "delle", "dell'", "-", "–", "al", "alla",
                        "alle", "ai", "agli", "all'", "in", "sul", "sulla", "sull'", "d'"})


def _place_context(doc: Doc, start: int) -> str | None:
    """What the words before a listed place make of it: ``province`` ("le province di A,
    B"), ``municipality`` ("i Comuni di A, B", "i sindaci di A e B") or ``None`` (a place:
    "nei Comuni di A, B", "a Borgo")."""
    i = start - 1
    while i >= 0 and start - i <= 60:
        token = doc[i]
        norm = token.norm_
        if token.text == ")":  # "Trevignano (e tre Comuni partner), Motta di Livenza"
            opening = next((k for k in range(i - 1, max(-1, i - 15), -1)
                            if doc[k].text == "("), None)
            if opening is not None:
                i = opening - 1
                continue
        if norm in {"provincia", "province"} and token.text[0].islower():
            return "province"
        if norm in {"comuni", "comune"}:
            before = _previous(doc, i).norm_ if i else ""
            return None if before in {"nei", "in", "negli", "nel", "tra", "fra"} else (
                "municipality")
        if norm in {"sindaco", "sindaca", "sindaci", "vicesindaco", "vicesindaca", "assessore",
                    "assessora", "assessori"}:
            return "municipality"
        if token.is_space or norm in _LIST_WALK or _is_cap(token) or token.like_num:
            if token.is_sent_start and norm not in _LIST_WALK:
                return None
            i -= 1
            continue
        return None
    return None


def _lower_head(doc: Doc, start: int) -> tuple[str, int] | None:
    """The type a lower-case head word right before a name gives it ("lo scatolificio Zoppi",
    "la cooperativa sociale La Casa di Miryam", "la cattedra di Pedagogia"), with the head's
    token."""
    i = start - 1
    while (i >= 0 and doc[i].norm_ in HEAD_TAILS and doc[i].norm_ not in HEAD_TYPES
           and doc[i].text[0].islower()):
        i -= 1
    if i >= 1 and doc[i].norm_ in {"di", "del", "della"} and doc[i - 1].norm_ in _OFFICE_HEADS:
        i -= 1
    if i < 0 or not doc[i].text[0].islower() or doc[i].norm_ in PLURAL_NOUNS:
        return None
    kind = HEAD_TYPES.get(doc[i].norm_)
    if kind in ORGANISATIONS and doc[i].norm_ not in {"comune", "provincia", "regione",
                                                     "camera", "centro", "ufficio"}:
        return kind, i
    return None


def _siglas(doc: Doc, offset: int, taken: bytearray) -> list[Name]:
    """Province codes in parentheses after a name ("Arbus (VS)"): the province."""
    out = []
    for i in range(1, len(doc) - 1):
        token = doc[i]
        if (not taken[i] and doc[i - 1].text == "(" and doc[i + 1].text == ")"
                and re.fullmatch(r"[A-Z]{2}", token.text)):
            found = territories.find(token.text, "province")
            if found:
                name = _name(doc[i:i + 1], offset, "territory", "sigla", 0.8)
                name.level = "province"
                name.display = f"provincia di {found[0].name.split('/')[0]}"
                taken[i] = 1
                out.append(name)
    return out


def _acronyms(text: str, names: list[Name], offset: int) -> None:
    """Attach "(VLT)"-style acronyms right after a name as its alias, dropping them as names."""
    drop: set[int] = set()
    for k, name in enumerate(names[:-1]):
        nxt = names[k + 1]
        between = text[name.end - offset:nxt.start - offset]
        after = text[nxt.end - offset:nxt.end - offset + 1]
        if (between.strip() == "(" and after == ")" and nxt.entity is None
                and (nxt.cue != "sigla" or name.type in INITIATIVES) and name.type != "person"
                and (name.type is not None or nxt.type is None)
                and _acronym_like(nxt.surface)):
            name.aliases += [nxt.surface, f"{name.surface} ({nxt.surface})"]
            drop.add(k + 1)
        elif (between.strip() == "(" and after == ")" and name.entity is None
              and _acronym_like(name.surface) and _spells(name.surface, nxt.surface)
              and enabled(ACRONYM_FIRST)):
            nxt.aliases.append(name.surface)  # "PDZ (Piano di zona)": one name, the
            nxt.type = nxt.type or name.type  # expansion's
            drop.add(k)
    names[:] = [n for k, n in enumerate(names) if k not in drop]
    for name in names:  # "Azienda Speciale Consortile (ASC)" read inside one run
        match = re.search(r"\s*\(([^()]{2,12})\)$", name.surface)
        if match and _acronym_like(match.group(1)) and name.entity is None:
            name.aliases.append(match.group(1))


def _spells(acronym: str, words: str) -> bool:
    """Whether the capitals of *acronym* are the initials of *words* (all of them, or those
    but the function words).

    Examples
    --------
    >>> _spells("PDZ", "Piano di zona"), _spells("ATS", "Associazione Temporanea di Scopo")
    (True, True)
    >>> _spells("ASL", "Piano di zona")
    False
    """
    letters = "".join(c for c in acronym if c.isalpha()).lower()
    folded = normalise(words).split()
    content = [w for w in folded if w not in _FUNCTION_WORDS]
    return len(letters) >= 2 and letters in {"".join(w[0] for w in folded),
                                             "".join(w[0] for w in content)}


def _acronym_like(text: str) -> bool:
    """Short and mostly upper case: "VLT", "ATS 6", "C.I.P.", "dArTe"."""
    letters = [c for c in text if c.isalpha()]
    return (2 <= len(text) <= 12 and bool(letters)
            and sum(c.isupper() for c in letters) >= max(2, len(letters) // 2))
