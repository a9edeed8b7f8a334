# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Relations from the cue words of Italian press releases, project sheets and reports.

Cue phrases ("capofila", "partenariato", "in collaborazione con", "finanziato da", "con il
sostegno di", "patrocinio", "hanno aderito", "promosso da", "firmatari", "gestito da",
"composta da", "nell'ambito del programma"…) are found with a spaCy
:class:`~spacy.matcher.PhraseMatcher`; each rule reads the names listed after (or before)
the cue — separated by commas, "e", semicolons, colons, bullets or new lines, with articles
and type nouns between them — and relates them to what the sentence is about: the
initiative it names, else the document's main one. Other rules read the place of a body
("Fondazione Alfa di Lucca", "Comune di X (GR)", "con sede a"), the places where an
initiative acts ("a Borgo", "nei Comuni di A e B", "Territori interessati"), roles of
persons ("Anna Neri, presidente di X", "il sindaco di Borgo Aldo Neri", "i sindaci di A e B:
P e Q") and offices of a body ("Dipartimento … della Presidenza …").

Every rule works sentence by sentence on mentions found by binary search, so the work
grows with the length of the text, not its square.

Examples
--------
>>> from graphkit.extract.entities import italian, normalised
>>> text = "Il progetto Ponte ha come partner: Alfa Coop, Comune di Borgo e Beta Srl."
>>> doc = italian()(text)
>>> def at(name, ident, kind):
...     start = text.index(name)
...     span = doc.char_span(start, start + len(name))
...     return Mention(ident, kind, start, start + len(name), (span.start, span.end))
>>> mentions = [at("Ponte", "p", "project"), at("Alfa Coop", "a", "cooperative"),
...             at("Comune di Borgo", "b", "municipality"), at("Beta Srl", "c", "company")]
>>> [(r.subject, r.relation, r.object) for r in find_relations(
...     [Paragraph(1, 0, doc, mentions)], focus="p", types={})]
[('a', 'partner_of', 'p'), ('b', 'partner_of', 'p'), ('c', 'partner_of', 'p')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkit.extract.entities import italian, normalised
from graphkit.extract.lexicon import ROLE_WORDS, words
from graphkit.extract.origins import enabled, rule
from graphkit.model.names import normalise
from graphkit.schema.vocabulary import (
    INITIATIVES,
    ORGANISATIONS,
    PARTICIPABLE,
    PERSONS,
    RELATIONS,
    Confidence,
    Rel,
)

#: Rules of the second round, with the development texts they were written from.
LEAD_NO_PROGRAMME = rule("capofila-never-of-a-programme", "page_14")
MANAGED_PROJECT = rule("managed-project-before-its-fund", "page_14")
PARTIES = rule("agreement-between-parties", "page_16", "page_19")
PLURAL_ROLES = rule("parallel-lists-of-more-plural-roles")
PORTFOLIO_SKIP = rule("a-portfolio-named-like-a-body-is-skipped")
ELISIONS = rule("cues-with-every-articulated-preposition")
ADHERE_INITIATIVE = rule("adhering-to-an-initiative-supports-it")
GROUP_VERBS = rule("a-group-comprises-its-members")
RELATIVE_LEAD = rule("capofila-in-a-relative-clause", "page_14")
FOR_BODY = rule("a-role-for-the-body-the-clause-speaks-for")
FUNDER_SUBJECTS = rule("a-funding-verbs-subject-funds", "page_22")
LONE_INITIATIVE = rule("the-texts-lone-initiative-is-what-a-cue-is-about")
QUOTED_SEATS = rule("the-town-after-a-quoted-or-dashed-name-is-its-seat")
SEAT_IN_GAP = rule("a-leaders-town-before-capofila")
PROMOTED_WITH = rule("promoted-by-a-with-b-makes-b-a-partner")
PASSIVE_LEAD = rule("led-by-names-its-leader-after")
ADHERE_NETWORK = rule("adhering-to-a-network-is-membership")
ROLE_FOR = rule("a-role-per-a-body", "004_d10ab79450d5ab2a")
FUNDED_PLANS = rule("a-plan-funded-by-a-body-no-event-funded")
CAPOFILA_OF_IS = rule("capofila-of-x-is-y")
COVER_LIST = rule("bodies-listed-under-a-networks-name-are-its-members", "page_02")

_FUNDS_BEFORE_CUES = frozenset({
    "ha stanziato", "hanno stanziato", "stanzia", "stanziano", "finanzia", "finanziano",
    "ha finanziato", "hanno finanziato", "cofinanzia", "cofinanziano", "ha cofinanziato",
    "mette a disposizione", "ha messo a disposizione", "hanno messo a disposizione"})
#: Cue phrases by the rule they trigger (matched on folded words).
CUES: dict[str, tuple[str, ...]] = {
    "lead": ("capofila", "ente capofila", "soggetto capofila", "comune capofila",
             "soggetto responsabile", "soggetto proponente", "ente proponente", "lead partner",
             "guidata da", "guidata dal", "guidata dalla", "guidato da", "guidato dal",
             "guidato dalla", "coordinato da", "coordinato dal", "coordinato dalla",
             "coordinata da", "coordinata dal", "coordinata dalla", "ente gestore",
             "coordina", "coordinano", "guida il", "guida la"),
    "partner": ("partner", "partners", "partenariato", "rete di partner", "enti partner",
                "in partnership con", "in rete con", "con la collaborazione di",
                "collabora", "collaborano", "collaborano inoltre", "hanno collaborato",
                "in sinergia con", "in collaborazione con", "in collaborazione con la",
                "in collaborazione con", "in collaborazione con il", "in collaborazione con la",
                "vede la partecipazione di", "con la partecipazione di", "enti coinvolti",
                "soggetti coinvolti", "realta coinvolte", "insieme a", "insieme al",
                "coinvolge", "coinvolgera", "coinvolgono", "coinvolgendo",
                "insieme alla", "in partenariato con", "partner di progetto"),
    "supporter": ("partner sostenitori", "partner sostenitore", "hanno aderito", "aderiscono",
                  "sostiene", "sostengono", "ha sostenuto", "hanno sostenuto",
                  "con il sostegno di", "con il sostegno del", "con il sostegno della",
                  "grazie al sostegno di", "grazie al sostegno del", "grazie al sostegno della",
                  "sostegno operativo di", "sostegno di", "con il supporto di",
                  "col supporto di", "col supporto della", "col supporto del",
                  "con il supporto del", "con il supporto della", "supporto di",
                  "sostenitori", "sostenuto da", "sostenuto dal", "sostenuto dalla",
                  "sostenuta da", "sostenuta dal", "sostenuta dalla", "con l'adesione di"),
    "funds": ("finanziato da", "finanziata da", "finanziati da", "finanziate da",
              "finanziato dal", "finanziata dal", "finanziati dal", "finanziate dal",
              "finanziato dalla", "finanziata dalla", "finanziati dalla", "finanziate dalla",
              "finanziato dall'", "finanziata dall'", "finanziamento da parte di",
              "finanziamento da parte del", "finanziamento da parte della",
              "con il contributo di", "con il contributo del", "con il contributo della",
              "contributo della", "contributo del", "grazie al finanziamento di",
              "grazie al finanziamento del", "grazie al finanziamento della",
              "messi a disposizione dalla", "messi a disposizione dal", "stanziati dalla",
              "stanziati dal", "finanziato con", "finanziata con", "finanziati con",
              "con il cofinanziamento di", "grazie al cofinanziamento di",
              "grazie ai fondi di", "con i fondi di", "con il finanziamento di",
              "ente finanziatore", "enti finanziatori", "soggetto finanziatore", "finanziatore",
              "finanziatori", "fonte di finanziamento", "fonti di finanziamento",
              *sorted(_FUNDS_BEFORE_CUES)),
    "cofinanced": ("cofinanziato da", "cofinanziato dal", "cofinanziata dal",
                   "cofinanziato dalla", "cofinanziata dalla", "cofinanziata da",
                   "co-finanziato dal", "co-finanziato da", "a valere su", "a valere sul",
                   "a valere sulla", "nell'ambito del programma", "nell'ambito dell'avviso",
                   "nell'ambito del bando", "nell'ambito dell'", "nell'ambito del",
                   "nell'ambito della", "attraverso il programma", "attraverso il bando",
                   "attraverso l'avviso", "con le risorse del", "con le risorse della",
                   "risorse del", "risorse della", "progetto pnrr", "fondi del",
                   "fondi della", "vincitore del", "vincitori del", "vincitore dell'",
                   "vincitori dell'", "beneficiari del", "beneficiario del",
                   "provengono da", "provenienti da", "risorse provengono da",
                   "con fondi", "con i fondi", "con risorse", "con le risorse"),
    "patron": ("patrocinio", "patrocinato da", "patrocinata da", "patrocinato dal",
               "patrocinata dalla", "patrocinato dalla"),
    "promotes": ("promosso da", "promossa da", "promosso dal", "promossa dal", "promosso dalla",
                 "promossa dalla", "promossi da", "promosse da", "organizzato da",
                 "organizzata da", "organizzato dal", "organizzata dal", "organizzato dalla",
                 "organizzata dalla", "hanno promosso", "ha promosso", "hanno presentato",
                 "ha presentato", "promotori", "promotore", "promuove", "promuovono",
                 "avviata dall'", "avviato dall'", "avviata da", "avviato da", "avviata dal",
                 "avviato dal", "avviata dalla", "avviato dalla", "lanciato da",
                 "lanciato dalla", "lanciato dal", "lanciata da", "lanciata dalla",
                 "lanciata dal", "ideato da", "ideato dal", "ideato dalla", "organizza",
                 "organizzano", "ha organizzato", "hanno organizzato", "ha lanciato",
                 "hanno lanciato", "ha avviato", "hanno avviato"),
    "signs": ("firmato", "sottoscritto", "firmatari", "sottoscrittori", "hanno firmato",
              "hanno sottoscritto", "sottoscrivono", "firmano", "firmata", "sottoscritta",
              "ha sottoscritto", "ha firmato", "hanno siglato", "ha siglato", "siglato",
              "siglata", "firmatario", "firmataria"),
    "manages": ("gestito da", "gestita da", "gestiti da", "gestite da", "gestito dal",
                "gestita dal", "gestiti dal", "gestito dalla", "gestita dalla", "gestiti dalla",
                "gestito dall'", "gestita dall'", "gestisce", "gestiscono", "gestione dei",
                "gestione delle", "gestione del", "gestione della", "affidato a",
                "affidata a", "affidato alla", "affidata alla", "affidato al", "affidata al",
                "a cura di", "a cura della", "a cura del", "a cura dell'", "realizzato dalla",
                "realizzato dal", "realizzata dalla", "realizzata dal", "attuato da",
                "attuato dalla", "attuato dal"),
    "member": ("appartenenti a", "appartenente a", "aderenti a", "aderente a", "membri di",
               "soci di", "del sistema", "attraverso le cooperative", "attraverso i consorzi",
               "attraverso le", "della rete", "composta da", "composto da", "composta dal",
               "composto dal", "composta dalla", "composto dalla", "costituita da",
               "costituito da", "fanno parte", "aderenti", "i comuni", "comuni aderenti",
               "associati", "consorziate", "cooperative socie", "socie", "soci",
               "enti aderenti", "organizzazioni aderenti", "ne fanno parte", "aderisce alla",
               "aderisce al", "aderisce a", "aderiscono alla", "aderiscono al",
               "entra a far parte della", "entra a far parte del", "entrata a far parte della",
               "entrato a far parte del", "fa parte della", "fa parte del", "socio fondatore",
               "socia fondatrice", "soci fondatori", "comprende", "comprendono", "include",
               "includono", "raggruppa", "riunisce", "raccoglie"),
    "seat": ("con sede a", "con sede in", "sede a", "sede in", "sede legale a",
             "sede legale in", "anch'essa di", "anch'esso di", "ha sede a", "hanno sede a"),
    "places": ("territori interessati", "territorio interessato", "comuni interessati",
               "ambito territoriale", "aree interessate", "dove", "sedi operative",
               "regioni coinvolte", "comuni coinvolti", "territori coinvolti",
               "regioni interessate", "province interessate", "area di intervento",
               "aree di intervento", "territorio di intervento", "territori di intervento",
               "ambito di intervento", "luogo di realizzazione", "luoghi di realizzazione"),
}
def _elisions(cues: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Every cue ending with "da" / "di" also with the articulated prepositions ("promosso
    da" → "promosso dal", "promosso dall'", "promosso dai"…), as Italian writes them."""
    forms = {"da": ("dal", "dalla", "dallo", "dall'", "dai", "dagli", "dalle"),
             "di": ("del", "della", "dello", "dell'", "dei", "degli", "delle")}
    out = {}
    for label, phrases in cues.items():
        more = list(phrases)
        for phrase in phrases:
            *head, last = phrase.split()
            if head and last in forms:
                more += [" ".join([*head, f]) for f in forms[last]]
        out[label] = tuple(dict.fromkeys(more))
    return out


#: Cues whose names stand before them ("A e B hanno firmato").
_BEFORE = frozenset({"hanno presentato", "ha presentato", "hanno promosso", "ha promosso",
                     "hanno firmato", "hanno sottoscritto", "firmano", "sottoscrivono",
                     "gestisce", "gestiscono", "promuove", "promuovono", "hanno aderito",
                     "aderiscono", "ha sottoscritto", "ha firmato", "hanno siglato",
                     "ha siglato", "fanno parte", "aderenti", "associati", "consorziate",
                     "socie", "firmatario", "firmataria", "aderisce alla", "aderisce al",
                     "aderisce a", "aderiscono alla", "aderiscono al", "entra a far parte della",
                     "entra a far parte del", "entrata a far parte della",
                     "entrato a far parte del", "fa parte della", "fa parte del",
                     "socio fondatore", "socia fondatrice", "soci fondatori", "sostiene",
                     "sostengono", "ha sostenuto", "hanno sostenuto", "organizza", "organizzano",
                     "ha organizzato", "hanno organizzato", "ha lanciato", "hanno lanciato",
                     "ha avviato", "hanno avviato", "coordina", "coordinano", "collabora",
                     "collaborano", "collaborano inoltre", "hanno collaborato"})
#: Words that may stand between two listed names.
_GAP_WORDS = words("""
e ed nonche oltre a al alla allo ai agli alle all' con il lo la i gli le l' dal dalla dallo
dai dagli dalle dall' del della dello dei degli delle dell' di sia anche da tra cui quali
come ovvero ossia oppure o inoltre poi infine insieme partner capofila rispettivamente
cooperativa cooperative consorzio consorzi comune comuni associazione associazioni fondazione
fondazioni societa sociale sociali impresa imprese ente enti azienda aziende realta
organizzazioni sindacati sindacato universita istituto istituti centro centri soggetti
soggetto coop territorio regione provincia nonche' tutte tutti le e/o n federazione
provinciale regionale territoriale nazionale locale volontariato promozione culturale
sportiva dilettantistica onlus aps odv ets comprensivo statale scuola liceo circolo didattico
parrocchia diocesi diocesana cooperativo consortile
""")
_BULLET = re.compile(r"(?m)^\s*(?:[•·▪◦*\-–—]|\d{1,2}[.)]|[a-z][.)])\s*")
_PARENS = re.compile(r"\([^()]{0,60}\)")
#: Articulated prepositions that turn the name after a role into a portfolio ("assessore alle …").
_PORTFOLIO = {"al", "alla", "alle", "ai", "agli", "allo", "all'"}
_PUBLIC_BODIES = frozenset({"municipality", "province", "region"})
#: Words that open an office or body after a person's name ("Anna Neri, Ufficio di Gabinetto
#: della Provincia di X").
_OFFICE_OPENERS = words("ufficio settore servizio direzione segreteria area consiglio gabinetto")
_CHAIN_WORDS = words("e ed di del della dello dei degli delle dell' dell’ d' al alla")
#: Offices and departments: "X del/della Y" is a branch of Y.
_OFFICES = words("""
dipartimento ufficio cattedra laboratorio dottorato municipio settore servizio direzione
assessorato segreteria sezione facolta scuola corso area osservatorio sportello
""")
_PLACE_BEFORE = re.compile(r"(?:\b(?:a|ad|in|nei|nel|nella|negli|tra|fra|presso|di|per)|"
                           r"sul territorio (?:del|della|dei|di)|comuni di|comune di|regioni|"
                           r"provincia di|province di|tra cui|:)\s*$", re.I)
_INITIATIVE_TARGETS = PARTICIPABLE | frozenset({"event"})
#: The longest list a cue reads (a bound on the work one cue does).
MAX_LISTED = 120
#: How far (characters) on either side of a cue its sentence may reach.
SENTENCE_REACH = 1500
#: A listed name that a role before it makes the object of the previous one ("A capofila
#: del B, C"): B is not listed.
_OF_ROLE = re.compile(r"(?i)\b(?:capofila|partner|socio|membro)\s+(?:del|della|dell['’]|dello|"
                      r"dei|di)\s*$")


@dataclass(frozen=True)
class Mention:
    """A resolved name in a paragraph: entity id, type, character and token span; an
    *anaphoric* one refers back with a generic word ("il Comune")."""

    entity: str
    type: str
    start: int
    end: int
    tokens: tuple[int, int]
    role: str | None = None
    anaphoric: bool = False


@dataclass
class Paragraph:
    """A parsed paragraph with its number, start offset and resolved mentions."""

    number: int
    start: int
    doc: Doc
    mentions: list[Mention]
    _starts: list[int] = field(default_factory=list, repr=False)
    _text: str | None = field(default=None, repr=False)
    _sents: list[int] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """The paragraph's text (read once: ``Doc.text`` joins every token each time)."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    def sentence(self, at: int) -> tuple[int, int]:
        """Absolute (start, end) of the sentence holding absolute character *at*."""
        if not self._sents:
            self._sents = [self.start + sent.start_char for sent in self.doc.sents]
        k = max(0, bisect.bisect_right(self._sents, at) - 1)
        end = self._sents[k + 1] if k + 1 < len(self._sents) else self.end
        # a text without full stops is one long "sentence": rules look this far around only
        return max(self._sents[k], at - SENTENCE_REACH), min(end, at + SENTENCE_REACH)

    def index(self) -> None:
        """Sort the mentions and index them by start (call after adding mentions)."""
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]

    def between(self, start: int, end: int, first: int | None = None,
                last: int | None = None) -> list[Mention]:
        """Mentions that start in the absolute character range [start, end) (only the
        *first* or *last* so many, when given)."""
        if len(self._starts) != len(self.mentions):
            self.index()
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        if first is not None:
            hi = min(hi, lo + first)
        if last is not None:
            lo = max(lo, hi - last)
        return self.mentions[lo:hi]

    @property
    def end(self) -> int:
        """Absolute end of the paragraph."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Proposed:
    """A relation a rule proposes, with the span of the words that state it."""

    subject: str
    relation: str
    object: str
    paragraph: int
    start: int
    end: int
    rule: str
    score: float
    role: str | None = None
    confidence: str = Confidence.STATED.value


@lru_cache(maxsize=1)
def _cue_matcher() -> PhraseMatcher:
    nlp = italian()
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for label, phrases in (_elisions(CUES) if enabled(ELISIONS) else CUES).items():
        matcher.add(label, [cue_pattern(p) for p in phrases])
    return matcher


def cue_pattern(phrase: str) -> Doc:
    """The pattern of a cue phrase, tokenised as a text is: an elided article ends a phrase
    as it does in a text ("dell'" of "vincitori dell'" meets "dell’avviso").

    Examples
    --------
    >>> [t.norm_ for t in cue_pattern("vincitori dell'")]
    ['vincitori', "dell'"]
    >>> [t.norm_ for t in cue_pattern("nell'ambito del")]
    ["nell'", 'ambito', 'del']
    """
    nlp = italian()
    doc = (nlp.make_doc(phrase + "x")[:-1].as_doc() if phrase.endswith("'")
           else nlp.make_doc(phrase))
    return normalised(doc)


@dataclass
class _Context:
    """What every rule of one document reads and writes."""

    paragraphs: list[Paragraph]
    focus: str | None
    types: dict[str, str]
    out: list[Proposed] = field(default_factory=list)
    first: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for paragraph in reversed(self.paragraphs):
            for m in reversed(paragraph.mentions):
                self.first[m.entity] = (paragraph.number, m.start)

    def focus_before(self, paragraph: Paragraph, at: int, kinds: frozenset[str]) -> bool:
        """Whether the focus is of *kinds* and named before absolute character *at* (the
        text is about it by then)."""
        if not self.focus or self.types.get(self.focus) not in kinds:
            return False
        first = self.first.get(self.focus)
        return first is not None and first <= (paragraph.number, at)

    def add(self, subject: str, relation: str, obj: str, paragraph: Paragraph, start: int,
            end: int, rule: str, score: float, role: str | None = None,
            confidence: str = Confidence.STATED.value) -> None:
        """Propose a relation when its types fit the vocabulary (spans are absolute)."""
        spec = RELATIONS[relation]
        if subject != obj and spec.allows(self.types[subject], self.types[obj]):
            self.out.append(Proposed(subject, spec.name, obj, paragraph.number, min(start, end),
                                     max(start, end), rule, score, role, confidence))


def _sentence(paragraph: Paragraph, at: int) -> tuple[int, int]:
    """Absolute (start, end) of the sentence holding absolute character *at*."""
    return paragraph.sentence(at)


def _gap_ok(text: str, first: bool) -> bool:
    """Whether *text* may separate a cue from the first listed name, or two listed names."""
    text = _BULLET.sub(" ", _PARENS.sub(" ", text))
    if re.search(r"\.(?:\s|$)", text) and not re.fullmatch(r"[\s.]*", text):
        return False
    if first:
        return len(text.split()) <= 8 or text.rstrip().endswith(":")
    tokens = re.findall(r"[^\W\d_]+['’]?|[;:,/]", text.lower().replace("’", "'"))
    plain = [t.replace("à", "a").replace("é", "e") for t in tokens if t not in {";", ":", ",",
                                                                              "/"}]
    return all(t in _GAP_WORDS for t in plain) and len(plain) <= 5


def _listed(paragraph: Paragraph, start: int, limit: int, forward: bool,
            kinds: frozenset[str]) -> list[Mention]:
    """The mentions of *kinds* listed from absolute character *start* on (or back).

    Names of other kinds between them are stepped over ("Consorzio Alfa di Firenze, …"), a
    name inside a longer one is not listed on its own.
    """
    text, off = paragraph.text, paragraph.start
    candidates = paragraph.between(start, limit, first=MAX_LISTED) if forward else list(
        reversed(paragraph.between(limit, start, last=MAX_LISTED)))
    found: list[Mention] = []
    edge = start
    for mention in candidates:
        if forward and mention.start < edge:
            continue  # inside the previous name
        if not forward and mention.end > edge:
            continue
        gap = text[edge - off:mention.start - off] if forward else text[mention.end - off:
                                                                        edge - off]
        if not _gap_ok(gap, first=not found):
            break
        if mention.type in kinds and not (forward and _OF_ROLE.search(gap)):
            found.append(mention)
        edge = mention.end if forward else mention.start
    return found


def _nearest(paragraph: Paragraph, sent: tuple[int, int], at: int, kinds: frozenset[str],
             after_too: bool = True, unnamed: bool = True,
             anaphoric: bool = True) -> Mention | None:
    """The mention of *kinds* nearest before *at* in the sentence, else the first after;
    without *unnamed*, not an initiative the text does not name ("il protocollo"); without
    *anaphoric*, no anaphoric mention at all ("il seminario")."""
    def fits(m: Mention) -> bool:
        return (m.type in kinds and (unnamed or not _unnamed(m))
                and (anaphoric or not m.anaphoric))

    before = [m for m in paragraph.between(sent[0], at) if fits(m) and m.end <= at]
    if before:
        return before[-1]
    if after_too:
        after = [m for m in paragraph.between(at, sent[1]) if fits(m)]
        if after:
            return after[0]
    return None


def _unnamed(mention: Mention) -> bool:
    """An anaphoric mention of an agreement or a call: "il protocollo d'intesa", "la
    convenzione" (not of an event: "il convegno" is what its sentence is about)."""
    return mention.anaphoric and mention.type in INITIATIVES - {"event"}


def _target(ctx: _Context, paragraph: Paragraph, sent: tuple[int, int], at: int,
            kinds: frozenset[str] = PARTICIPABLE, funding: bool = False) -> str | None:
    """What a cue at *at* relates to: the initiative its sentence names (a project or a
    protocol before a programme), else the focus, else the text's one initiative of *kinds*
    (a programme only for a *funding* cue: nobody is partner of a call)."""
    if "programme" in kinds and kinds - {"programme"}:
        found = _target(ctx, paragraph, sent, at, kinds - {"programme"})
        if found:
            return found
    found = _nearest(paragraph, sent, at, kinds, unnamed=False)
    if found:
        return found.entity
    earlier = [m for m in paragraph.between(paragraph.start, sent[0], last=MAX_LISTED)
               if m.type in kinds and not _unnamed(m)]
    if earlier and earlier[-1].entity != ctx.focus and ctx.types.get(ctx.focus) not in kinds:
        return earlier[-1].entity
    if ctx.focus_before(paragraph, at, kinds):
        return ctx.focus
    found = _nearest(paragraph, sent, at, kinds)  # an agreement the text does not name
    if found is None and enabled(LONE_INITIATIVE):  # the one initiative of those kinds
        lone = {m.entity for p in ctx.paragraphs for m in p.mentions if m.type in kinds
                and (funding or m.type != "programme")}
        return lone.pop() if len(lone) == 1 else None
    return found.entity if found else None


def find_relations(paragraphs: list[Paragraph], focus: str | None,
                   types: dict[str, str]) -> list[Proposed]:
    """Relations stated by cue phrases and patterns in *paragraphs*.

    Parameters
    ----------
    paragraphs : list of Paragraph
        Parsed paragraphs with their resolved mentions.
    focus : str or None
        The document's main initiative: the object of cues whose sentence names none.
    types : dict
        Node type of every entity id the mentions use.

    Returns
    -------
    list of Proposed
        One record per (subject, relation, object), the first rule that found it winning.
    """
    types = {**types, **{m.entity: m.type for p in paragraphs for m in p.mentions}}
    ctx = _Context(paragraphs, focus, types)
    matcher = _cue_matcher()
    nlp = italian()
    for paragraph in paragraphs:
        paragraph.index()
        cues = filter_spans([Span(paragraph.doc, s, e, label=m)
                             for m, s, e in matcher(paragraph.doc)])
        leads: set[str] = set()
        order = {"lead": 0, "member": 1}
        for cue in sorted(cues, key=lambda c: order.get(nlp.vocab.strings[c.label], 2)):
            _apply(nlp.vocab.strings[cue.label], cue, paragraph, ctx, leads)
        _seats(paragraph, ctx)
        _parties(paragraph, ctx)
        if enabled(COVER_LIST):
            _cover_list(paragraph, ctx)
        _programmes(paragraph, ctx)
        _offices(paragraph, ctx)
        _roles(paragraph, ctx)
        _places(paragraph, ctx)
    return _dedupe(ctx.out)


def _apply(label: str, cue: Span, paragraph: Paragraph, ctx: _Context, leads: set[str]) -> None:
    off = paragraph.start
    start, end = off + cue.start_char, off + cue.end_char
    sent = _sentence(paragraph, start)
    phrase = " ".join(t.norm_ for t in cue)
    if label == "member":
        _member(cue, phrase, paragraph, ctx, sent)
    elif label == "manages":
        _manages(phrase, paragraph, ctx, sent, start, end)
    elif label in {"funds", "cofinanced"}:
        _funding(label, phrase, paragraph, ctx, sent, start, end)
    elif label == "lead":
        _lead(phrase, paragraph, ctx, sent, start, end, leads)
    elif label == "seat":
        for place in _listed(paragraph, end, sent[1], True, frozenset({"territory"}))[:1]:
            body = _nearest(paragraph, sent, start, ORGANISATIONS, after_too=False)
            if body:
                ctx.add(body.entity, Rel.LOCATED_IN, place.entity, paragraph, body.start,
                        place.end, "seat", 0.8)
    elif label == "places":
        target = _target(ctx, paragraph, sent, start, PARTICIPABLE)
        for place in _listed(paragraph, end, _limit(paragraph, sent, end), True,
                             frozenset({"territory"})):
            if target:
                ctx.add(target, Rel.LOCATED_IN, place.entity, paragraph, start, place.end,
                        "places", 0.7)
    else:
        _role_list(label, phrase, paragraph, ctx, sent, start, end, leads)


def _limit(paragraph: Paragraph, sent: tuple[int, int], end: int) -> int:
    """Where a list after a cue ends: the sentence, or the paragraph when the cue ends its
    line ("Partenariato\\n…", "curati da:\\n • …")."""
    rest = paragraph.text[end - paragraph.start:sent[1] - paragraph.start]
    return paragraph.end if not rest.strip(" :\t\n") or rest.rstrip(" \t\n").endswith(":") \
        else sent[1]


def _role_list(label: str, phrase: str, paragraph: Paragraph, ctx: _Context,
               sent: tuple[int, int], start: int, end: int, leads: set[str]) -> None:
    relation, role = {
        "partner": (Rel.PARTNER_OF, "partner"), "supporter": (Rel.SUPPORTS, None),
        "patron": (Rel.PATRON_OF, None), "promotes": (Rel.PROMOTES, None),
        "signs": (Rel.SIGNATORY_OF, None),
    }[label]
    if label == "supporter" and "partner" in phrase:
        role = "partner sostenitore"
    kinds = ORGANISATIONS | PERSONS if label == "signs" else ORGANISATIONS
    if label == "supporter" and phrase.startswith(("aderisc", "hanno aderito")) and enabled(
            ADHERE_NETWORK) and _adhere_network(paragraph, ctx, sent, start, end):
        return
    if paragraph.text[end - paragraph.start:end - paragraph.start + 2].strip().startswith(")"):
        return  # "(e tre Comuni partner)": an aside, not a list
    before_cue = paragraph.text[max(0, start - paragraph.start - 16):start - paragraph.start]
    as_role = before_cue.rstrip().endswith(("qualità di", "(", "ruolo di"))
    listed: list[Mention] = []
    if phrase in _BEFORE:
        listed = _listed(paragraph, start, sent[0], False, kinds)
    if not listed and not as_role:
        listed = _listed(paragraph, end, _limit(paragraph, sent, end), True, kinds)
    if not listed and label in {"partner", "signs", "supporter", "promotes"}:
        listed = _listed(paragraph, start, sent[0], False, kinds)
        if as_role or (label == "partner" and "(" in before_cue):
            listed = listed[:1]
    kinds_target = _INITIATIVE_TARGETS if label in {"promotes", "patron"} else (
        frozenset({"protocol", "project"}) if label == "signs" else PARTICIPABLE)
    agreement = _nearest(paragraph, sent, start, frozenset({"protocol"})) if (
        label == "signs") else None
    target = agreement.entity if agreement else _target(ctx, paragraph, sent, start,
                                                        kinds_target)
    if target is None:
        return
    joined = _joined(paragraph, end, listed) if (
        label == "promotes" and enabled(PROMOTED_WITH)) else len(listed)
    for k, mention in enumerate(listed):
        if label == "partner" and mention.entity in leads:
            continue
        if k >= joined:  # "promosso da A con B e C": B and C are A's partners
            ctx.add(mention.entity, Rel.PARTNER_OF, target, paragraph, min(start, mention.start),
                    max(end, mention.end), "partner", 0.65, None)
            continue
        ctx.add(mention.entity, relation, target, paragraph, min(start, mention.start),
                max(end, mention.end), label, 0.85 if as_role else 0.75, role)


_RELATIVE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?,\s*(?:di cui|del quale|della quale|"
                       r"che (?:ha|avrà|vede)\b)", re.I)


def _relative(paragraph: Paragraph, sent: tuple[int, int], at: int) -> Mention | None:
    """The network or initiative a relative clause before *at* is about ("il Distretto 19,
    che ha in Borgo il suo comune capofila", "l'Ambito, di cui è capofila")."""
    text, off = paragraph.text, paragraph.start
    for m in reversed(paragraph.between(sent[0], at)):
        if m.end > at or not (m.type == "network" or m.type in PARTICIPABLE):
            continue
        gap = text[m.end - off:at - off]
        if _RELATIVE.match(gap) and "." not in gap and len(gap) <= 80:
            return m
    return None


def _joined(paragraph: Paragraph, end: int, listed: list[Mention]) -> int:
    """How many of the names *listed* after a cue come before a "con" that joins others to
    them ("promosso da A, capofila, con B e C")."""
    text, off, edge = paragraph.text, paragraph.start, end
    for k, mention in enumerate(listed):
        if k and re.search(r"\b(?:con|insieme a|insieme al|insieme alla)\b",
                           text[edge - off:mention.start - off], re.I):
            return k
        edge = mention.end
    return len(listed)


def _lead(phrase: str, paragraph: Paragraph, ctx: _Context, sent: tuple[int, int], start: int,
          end: int, leads: set[str]) -> None:
    """"X (capofila)", "X, capofila del progetto Y", "capofila è X", "Soggetto responsabile\\nX",
    "una rete guidata dal Comune"."""
    text, off = paragraph.text, paragraph.start
    before = _listed(paragraph, start, sent[0], False, ORGANISATIONS)[:1]
    gap_before = re.sub(r"[”\"»’]", " ", _PARENS.sub(" ", text[before[0].end - off:start - off])
                        ) if before else ""
    if before and enabled(SEAT_IN_GAP):  # "la cooperativa X di Ancona, capofila"
        for place in paragraph.between(before[0].end, start):
            if place.type == "territory":
                gap_before = gap_before.replace(text[place.start - off:place.end - off], " ")
        gap_before = re.sub(r"^\s*(?:di|a|\()\s+(?=[\s,]*$|[\s,]*\w)", " ", gap_before)
    forward = _listed(paragraph, end, _limit(paragraph, sent, end), True,
                      ORGANISATIONS | _INITIATIVE_TARGETS)
    leaders: list[Mention]
    of: Mention | None = None
    after = text[end - off:end - off + 12].lower()
    passive = phrase.split()[-1] in {"da", "dal", "dalla", "dallo", "dall'", "dai", "dalle"}
    if passive and enabled(PASSIVE_LEAD):  # "l'iniziativa X è coordinata dalla Caritas"
        before = []
    if before and len(gap_before.strip(" ,(–-")) <= 16 and re.match(
            r"\s*(?:[,(]\s*)?(?:(?:il|la|l['’]|suo|sua|come|in qualit[aà] di|nella sua|è|e'|"
            r"sar[aà]|quale|ente|soggetto|nel ruolo di|in veste di|nella veste di|"
            r"con il ruolo di|ha il ruolo di|duplice veste di|veste di)\s*)*$",
            gap_before.lower()):
        leaders = before
        if re.match(r"\s*(?:del|della|dell['’]|dello|dei|di)\b", after) and forward:
            of = forward[0]
    else:
        leaders = [m for m in forward if m.type in ORGANISATIONS][:1]
        if (forward and enabled(CAPOFILA_OF_IS) and re.match(
                r"\s*(?:del|della|dell['’]|dello|dei|di)\s*$",
                text[end - off:forward[0].start - off])):
            after_of = [m for m in paragraph.between(forward[0].end, sent[1], first=2)
                        if m.type in ORGANISATIONS]
            gap = text[forward[0].end - off:after_of[0].start - off] if after_of else ""
            if after_of and re.fullmatch(r"[\s”\"»’]*(?:è|e'|sarà|:)\s*(?:il|la|l['’]|lo)?\s*",
                                         gap):
                of, leaders = forward[0], after_of[:1]  # "Capofila dell'Alleanza è la X"
    if of is not None and of.type in ORGANISATIONS - {"network"}:
        for leader in leaders:  # "capofila del PLUS X": the lead member of a body
            ctx.add(leader.entity, Rel.MEMBER_OF, of.entity, paragraph, leader.start, of.end,
                    "lead", 0.7, "capofila")
        return
    relative = _relative(paragraph, sent, start) if enabled(RELATIVE_LEAD) else None
    if relative is not None and of is None:
        of = relative  # "L'Ambito, di cui è capofila il Comune di X"
    target = of.entity if of and (of.type in PARTICIPABLE or of.type == "network") else (
        _target(ctx, paragraph, sent, start, PARTICIPABLE - {"programme"}
                if enabled(LEAD_NO_PROGRAMME) else PARTICIPABLE))
    if target is None:
        return
    for leader in leaders:
        leads.add(leader.entity)
        ctx.add(leader.entity, Rel.LEAD_PARTNER_OF, target, paragraph, min(leader.start, start),
                max(leader.end, end), "lead", 0.8, "capofila")


def _funding(label: str, phrase: str, paragraph: Paragraph, ctx: _Context,
             sent: tuple[int, int], start: int, end: int) -> None:
    """"finanziato da X" (X funds, or a programme co-finances), "nell'ambito del programma X",
    "con il contributo di X"."""
    if phrase in _FUNDS_BEFORE:
        if enabled(FUNDER_SUBJECTS):
            _funder_subjects(paragraph, ctx, sent, start, end)
        return
    kinds = INITIATIVES - {"programme", "event"} if enabled(FUNDED_PLANS) else (
        INITIATIVES - {"programme"})
    initiative = _target(ctx, paragraph, sent, start, kinds)
    if initiative is None:
        programmes = [m for m in paragraph.between(sent[0], start) if m.type == "programme"]
        if programmes and (label == "cofinanced" or enabled(FUNDED_PLANS)):
            initiative = programmes[-1].entity  # "programme X, a valere sul Fondo Y", "il
            # Piano X finanziato da Regione Lombardia"
    if initiative is None:
        return
    for target in _listed(paragraph, end, sent[1], True, ORGANISATIONS | {"programme"})[:3]:
        if target.type == "programme":
            ctx.add(initiative, Rel.COFINANCED_BY, target.entity, paragraph, start, target.end,
                    label, 0.8)
        elif label == "funds":
            ctx.add(target.entity, Rel.FUNDS, initiative, paragraph, start, target.end,
                    label, 0.8)


#: Funding verbs whose funder is their subject ("la Regione ha stanziato …", "la
#: Fondazione X finanzia il progetto Y").
_FUNDS_BEFORE = frozenset({"ha stanziato", "hanno stanziato", "stanzia", "stanziano",
                           "finanzia", "finanziano", "ha finanziato", "hanno finanziato",
                           "cofinanzia", "cofinanziano", "ha cofinanziato", "mette a disposizione",
                           "ha messo a disposizione", "hanno messo a disposizione"})


def _funder_subjects(paragraph: Paragraph, ctx: _Context, sent: tuple[int, int], start: int,
                     end: int) -> None:
    """"La Regione X ha stanziato 1 milione per il bando Y", "la Fondazione X finanzia il
    progetto Y": the subject funds what follows the verb (else what the sentence, or the
    text, is about); a programme as subject co-finances it."""
    funders = _listed(paragraph, start, sent[0], False, ORGANISATIONS | {"programme"})[:2]
    following = [m for m in paragraph.between(end, sent[1]) if m.type in INITIATIVES]
    target = following[0].entity if following else _target(ctx, paragraph, sent, start,
                                                            INITIATIVES - {"event"}, True)
    for funder in funders if target else ():
        if funder.type == "programme":
            ctx.add(target, Rel.COFINANCED_BY, funder.entity, paragraph, funder.start, end,
                    "funds", 0.7)
        else:
            ctx.add(funder.entity, Rel.FUNDS, target, paragraph, funder.start, end,
                    "funds", 0.7)


def _manages(phrase: str, paragraph: Paragraph, ctx: _Context, sent: tuple[int, int],
             start: int, end: int) -> None:
    """"(bando) gestito da X" / "X … la gestione dei Y" / "X gestisce Y"."""
    targets = ORGANISATIONS | INITIATIVES
    after = _listed(paragraph, end, sent[1], True, targets)
    before = [m for m in paragraph.between(sent[0], start) if m.type in targets
              and m.end <= start]
    if phrase.startswith(("gestit", "affidat", "a cura", "realizzat", "attuat")):
        managers = [m for m in after if m.type in ORGANISATIONS][:1]
        objects = [m for m in reversed(before) if m.type in INITIATIVES][:1]
        own = [m for m in reversed(before) if m.type in INITIATIVES - {"programme"}][:1]
        if (objects and objects[0].type == "programme" and own and enabled(MANAGED_PROJECT)
                and not re.search(r"\b(?:bando|avviso|programma)\b[^.;]*$", paragraph.text[
                    max(0, own[0].end - paragraph.start):start - paragraph.start], re.I)):
            objects = own  # "il progetto X – Fondo Y 2017 gestito da Z": the project's manager
        if not objects and ctx.focus and ctx.types.get(ctx.focus) in INITIATIVES:
            objects = [Mention(ctx.focus, ctx.types[ctx.focus], start, start, (0, 0))]
    else:
        managers = [m for m in before if m.type in ORGANISATIONS][:1]
        objects = after[:1]
    for manager in managers:
        for obj in objects:
            ctx.add(manager.entity, Rel.MANAGES, obj.entity, paragraph,
                    min(manager.start, obj.start, start), max(manager.end, obj.end, end),
                    "manages", 0.7)


_INITIATIVE_NOUNS = re.compile(r"\s*(?:[“\"«]\s*)?(?:progetto|iniziativa|protocollo|patto|"
                               r"accordo|campagna|percorso|programma)\b", re.I)


def _adhere_network(paragraph: Paragraph, ctx: _Context, sent: tuple[int, int], start: int,
                    end: int) -> bool:
    """"Alla rete aderiscono A e B", "A e B hanno aderito alla rete X": membership of the
    network named (or meant) right before or after the verb. Whether the cue was read so."""
    text, off = paragraph.text, paragraph.start
    network = next((m for m in reversed(paragraph.between(sent[0], start)) if m.type ==
                    "network" and len(text[m.end - off:start - off].split()) <= 2), None)
    if network is None:
        network = next((m for m in paragraph.between(end, sent[1], first=1) if m.type ==
                        "network" and len(text[end - off:m.start - off].split()) <= 2), None)
    if network is None:
        return False
    members = [m for m in _listed(paragraph, end, sent[1], True, ORGANISATIONS)
               if m.entity != network.entity] or [
        m for m in _listed(paragraph, start, sent[0], False, ORGANISATIONS)
        if m.entity != network.entity]
    for member in members:
        ctx.add(member.entity, Rel.MEMBER_OF, network.entity, paragraph, min(start, member.start),
                max(end, member.end), "member", 0.7)
    return True


def _adhere_initiative(cue: Span, paragraph: Paragraph, ctx: _Context,
                       sent: tuple[int, int]) -> bool:
    """"Aderiscono al progetto A e B", "A aderisce all'iniziativa": support of an
    initiative, not membership of a body. Whether the cue was read so."""
    off = paragraph.start
    start, end = off + cue.start_char, off + cue.end_char
    noun = _INITIATIVE_NOUNS.match(paragraph.text, end - off)
    following = [m for m in paragraph.between(end, sent[1], first=1)]
    initiative = following[0] if following and following[0].type in INITIATIVES and re.fullmatch(
        r"[\s“\"«]*(?:progetto|iniziativa|protocollo|patto)?[\s“\"«]*", paragraph.text[
            end - off:following[0].start - off], re.I) else None
    if noun is None and initiative is None:
        return False
    target = initiative.entity if initiative else _target(ctx, paragraph, sent, start,
                                                          PARTICIPABLE)
    after = initiative.end if initiative else off + noun.end()
    members = (_listed(paragraph, start, sent[0], False, ORGANISATIONS)
               or _listed(paragraph, after, sent[1], True, ORGANISATIONS))
    for member in members if target else ():
        ctx.add(member.entity, Rel.SUPPORTS, target, paragraph, min(start, member.start),
                max(end, member.end), "supporter", 0.7)
    return True


def _member(cue: Span, phrase: str, paragraph: Paragraph, ctx: _Context,
            sent: tuple[int, int]) -> None:
    """"A e B, appartenenti a C" / "C è composta da A, B" / "I comuni dell'X sono: A, B" /
    "X … attraverso le cooperative A, B e C"."""
    off = paragraph.start
    start, end = off + cue.start_char, off + cue.end_char
    groups = ORGANISATIONS - {"municipality", "province", "region"}
    if phrase.startswith("attraverso"):
        owners = [m for m in paragraph.between(sent[0], start) if m.type in ORGANISATIONS]
        members = _listed(paragraph, end, sent[1], True, ORGANISATIONS)
        pairs = [(m, owners[0]) for m in members] if owners else []
        confidence = Confidence.INFERRED.value
    elif phrase.startswith(("composta", "composto", "costituit")) or (
            phrase.startswith(("comprend", "includ", "raggrupp", "riunisc", "raccogli"))
            and enabled(GROUP_VERBS)):
        owner = _nearest(paragraph, sent, start, groups, after_too=False)
        members = _listed(paragraph, end, _limit(paragraph, sent, end), True, ORGANISATIONS)
        pairs = [(m, owner) for m in members] if owner else []
        confidence = Confidence.STATED.value
    elif phrase in {"i comuni", "comuni aderenti"}:
        owner_list = _listed(paragraph, end, sent[1], True, groups)[:1]
        if not owner_list:
            return
        colon = paragraph.text.find(":", owner_list[0].end - off, sent[1] - off)
        if colon < 0:
            return
        members = _listed(paragraph, off + colon + 1, _limit(paragraph, sent, off + colon + 1),
                          True, frozenset({"municipality"}))
        pairs = [(m, owner_list[0]) for m in members]
        confidence = Confidence.STATED.value
    elif (phrase.startswith(("aderisce", "aderiscono")) and enabled(ADHERE_INITIATIVE)
          and _adhere_initiative(cue, paragraph, ctx, sent)):
        return
    elif phrase in _BEFORE:
        members = _listed(paragraph, start, sent[0], False, ORGANISATIONS)
        owner = _listed(paragraph, end, sent[1], True, groups)[:1] or (
            [m for m in paragraph.between(sent[0], start) if m.type in groups][:1])
        pairs = [(m, owner[0]) for m in members] if owner else []
        confidence = Confidence.STATED.value
    else:
        after = _listed(paragraph, end, sent[1], True, groups)
        before = _listed(paragraph, start, sent[0], False, ORGANISATIONS)
        pairs = [(m, after[0]) for m in before] if after else []
        confidence = Confidence.STATED.value
    if not pairs and not phrase.startswith("attraverso"):
        # "Il Consorzio Alfa conta 20 socie: A, B e C", "ne fanno parte A e B"
        owner = _nearest(paragraph, sent, start, groups, after_too=False)
        members = _listed(paragraph, end, _limit(paragraph, sent, end), True, ORGANISATIONS)
        pairs = [(m, owner) for m in members if owner and m.entity != owner.entity]
    for member, owner in pairs:
        if owner is not None:
            ctx.add(member.entity, Rel.MEMBER_OF, owner.entity, paragraph, member.start,
                    max(member.end, owner.end), "member", 0.7, confidence=confidence)


def _seats(paragraph: Paragraph, ctx: _Context) -> None:
    """"Fondazione Alfa di Lucca", "Comune di Borgo (GR)": a body located in its town or
    province (not the town its own name holds, "Comune di Lucca")."""
    text, off = paragraph.text, paragraph.start
    mentions = paragraph.mentions
    for k, body in enumerate(mentions[:-1]):
        if body.type not in ORGANISATIONS:
            continue
        place = mentions[k + 1]
        gap = text[body.end - off:place.start - off]
        if enabled(QUOTED_SEATS):  # "l'associazione “La Tenda” di Cagliari", "– Monserrato"
            gap = re.sub(r"^[”\"»’]", "", gap)
            if re.fullmatch(r"\s+[–—-]\s+", gap) and (
                    place.end - off == len(text) or text[place.end - off] in "\n;,."):
                gap = " ("  # a listed body and its town after a dash, closing the item
        if place.type != "territory" or not re.fullmatch(r"\s*(?:\(|di\s+|a\s+)\s*", gap):
            continue
        if gap.strip() == "(" and (text[place.end - off:place.end - off + 1] not in {")", "\n",
                                                                                    ""}
                                   or body.type == "municipality"):
            continue  # a comune's province is the ISTAT reference's to say
        ctx.add(body.entity, Rel.LOCATED_IN, place.entity, paragraph, body.start, place.end,
                "seat", 0.75)


#: What joins an agreement to its parties: "il protocollo (“X”) tra A e B", "un patto che
#: unisce A e B", "la convenzione sottoscritta da A e B".
_PARTIES = re.compile(r"[”\"»’]?\s*(?:[“\"«][^”\"»]{0,120}[”\"»])?\s*,?\s*"
                      r"(?:(?:è stat[oa] |sono stat[ie] |viene |verrà )?"
                      r"(?:firmat[oa]|sottoscritt[oa]|siglat[oa]|stipulat[oa]|approvat[oa])\s+)?"
                      r"(?:(?:oggi|ieri|stamattina)\s+)?(?:tra|fra|che unisce|"
                      r"che vede insieme|che coinvolge|da)\b", re.I)


def _parties(paragraph: Paragraph, ctx: _Context) -> None:
    """"Il protocollo d'intesa tra A, B e C", "un patto che unisce A e B": the parties named
    after an agreement sign it."""
    if not enabled(PARTIES):
        return
    text, off = paragraph.text, paragraph.start
    for agreement in [m for m in paragraph.mentions if m.type == "protocol"]:
        match = _PARTIES.match(text, agreement.end - off)
        if not match or (match.group(0).strip().lower().endswith(" da")
                         and not re.search(r"(?:firmat|sottoscritt|siglat|stipulat)[oa]\s+da$",
                                           match.group(0).strip().lower())):
            continue
        sent = _sentence(paragraph, agreement.start)
        end = off + match.end()
        for party in _listed(paragraph, end, _limit(paragraph, sent, end), True, ORGANISATIONS):
            ctx.add(party.entity, Rel.SIGNATORY_OF, agreement.entity, paragraph,
                    agreement.start, party.end, "parties", 0.75)


def _cover_list(paragraph: Paragraph, ctx: _Context) -> None:
    """A network's name followed at once by a list of three or more bodies and nothing else
    (the cover of a network's plan): its members (inferred)."""
    text, off = paragraph.text, paragraph.start
    for network in [m for m in paragraph.mentions if m.type == "network" and not m.anaphoric]:
        members = _listed(paragraph, network.end, paragraph.end, True, ORGANISATIONS)
        first_gap = text[network.end - off:members[0].start - off] if members else "x"
        if len(members) < 3 or first_gap.strip(" \t\n,:;-–") or any(
                not re.fullmatch(r"[\s,;–-]*", text[a.end - off:b.start - off])
                for a, b in pairwise(members)):
            continue
        for member in members:
            if member.entity != network.entity:
                ctx.add(member.entity, Rel.MEMBER_OF, network.entity, paragraph, network.start,
                        member.end, "member", 0.55, confidence=Confidence.INFERRED.value)


def _programmes(paragraph: Paragraph, ctx: _Context) -> None:
    """Who runs a programme and what funds it: "l'avviso pubblico della Regione X “P”" and "X
    attraverso il programma P" (X manages P), "“P” - Q" with both programmes (P is
    co-financed by Q)."""
    text, off = paragraph.text, paragraph.start
    mentions = paragraph.mentions
    for k, first in enumerate(mentions[:-1]):
        second = mentions[k + 1]
        gap = text[first.end - off:second.start - off]
        before = text[max(0, first.start - off - 40):first.start - off].lower()
        if first.type in ORGANISATIONS and second.type == "programme" and (
                (re.fullmatch(r"[\s“\"«]*", gap) and re.search(
                    r"\b(?:avviso|bando|programma|fondo)(?: pubblico| regionale)? "
                    r"(?:della|del|dell['’])\s*$", before))
                or re.fullmatch(r"\s*attraverso (?:il|l['’]) ?(?:programma|bando|avviso|fondo)"
                                r"(?: regionale)?\s*[“\"«]?\s*", gap)):
            ctx.add(first.entity, Rel.MANAGES, second.entity, paragraph, first.start,
                    second.end, "programme", 0.65, confidence=Confidence.INFERRED.value)
        if (first.type == "programme" and second.type == "programme"
                and re.fullmatch(r"[\s”\"»]*[–—-]\s*", gap)):
            ctx.add(first.entity, Rel.COFINANCED_BY, second.entity, paragraph, first.start,
                    second.end, "programme", 0.65)


def _offices(paragraph: Paragraph, ctx: _Context) -> None:
    """"Dipartimento … della Presidenza del Consiglio", "cattedra di X dell'Università Y",
    "laboratorio X del Dipartimento Y": an office is a branch of the body after it."""
    text, off = paragraph.text, paragraph.start
    mentions = paragraph.mentions
    for k, office in enumerate(mentions[:-1]):
        if office.type not in ORGANISATIONS:
            continue
        head = re.sub(r"[^a-z]", "", paragraph.doc[office.tokens[0]].norm_) if office.tokens[1] \
            else ""
        before = text[max(0, office.start - off - 40):office.start - off].lower()
        if head not in _OFFICES and not re.search(r"\b(?:laboratorio|cattedra|dipartimento|"
                                                  r"ufficio|dottorato)\b[^.,;]*$", before):
            continue
        for body in mentions[k + 1:k + 3]:
            gap = text[office.end - off:body.start - off]
            if body.type in ORGANISATIONS and re.fullmatch(
                    r"\s*(?:\([^()]*\)\s*)?(?:del|della|dell['’]|dello|dei|degli|di)\s*", gap):
                ctx.add(office.entity, Rel.BRANCH_OF, body.entity, paragraph, office.start,
                        body.end, "office", 0.7)
                break


def _roles(paragraph: Paragraph, ctx: _Context) -> None:
    """Persons and the bodies their roles name: "Anna Neri, presidente di X", "(Direttrice X)",
    "presidente di X Anna Neri", "sindaca di Borgo", "i sindaci di A e B: P e Q"."""
    doc, off = paragraph.doc, paragraph.start
    persons = [m for m in paragraph.mentions if m.type in PERSONS]
    if not persons:
        return
    done: set[str] = set()
    _parallel_roles(paragraph, ctx, done)
    for person in persons:
        if person.entity in done:
            continue
        i, j = person.tokens
        sent = _sentence(paragraph, person.start)
        # "Name, role di X" / "Name (role X)" / "Name role del X"
        k = j
        opener = doc[k].text if k < len(doc) else ""
        if opener in {",", "("}:
            k += 1
        while k < len(doc) and doc[k].norm_ in {"il", "la", "l'", "lo", "nostro", "nostra",
                                                 "attuale", "gia", "ex"}:
            k += 1
        if k < len(doc) and (doc[k].norm_ in ROLE_WORDS | _OFFICE_OPENERS
                             or (opener == "(" and doc[k].text[:1].isupper())):
            role_start = k
            stop = next((t.i for t in doc[k:k + 40] if t.text in {")", ";", "."}
                         or (t.text == "," and opener == ",")), min(len(doc), k + 40))
            clause = doc[k:stop]
            orgs = [m for m in paragraph.between(off + clause.start_char, off + clause.end_char)
                    if m.type in ORGANISATIONS]
            org = next((m for m in orgs if m.type != "organisation"), orgs[0]) if orgs else None
            for_whom = [m for m in orgs if re.search(
                r"\bper\s+(?:il|la|l['’])?\s*$", paragraph.text[max(0, m.start - off - 8):
                                                                m.start - off])]
            if for_whom and enabled(ROLE_FOR):
                org = for_whom[0]  # "(HR Norms and Welfare Management per Agos)"
            holder = [m for m in paragraph.between(off + clause.start_char, off + clause.end_char)
                      if org and m.type in PERSONS and 0 <= m.start - org.end <= 2]
            # "…, il presidente di X Anna Neri": that role is Anna Neri's
            if org and not holder and (opener == "(" or _role_gap_ok(doc, role_start, org)):
                role = _role_text(doc, role_start, org.tokens[0])
                ctx.add(person.entity, Rel.HOLDS_ROLE, org.entity, paragraph, person.start,
                        org.end, "role", 0.8, role)
                continue
        if _elected(paragraph, ctx, person, sent):
            continue
        # "role di X Name", "role1 di X e role2 di Y Name", "role di X A, B e C"
        window = [t for t in doc[max(0, i - 14):i] if off + t.idx >= sent[0]]
        roles = [t for t in window if t.norm_ in ROLE_WORDS]
        if not roles:
            continue
        found = False
        for n, role_token in enumerate(roles):
            stop = roles[n + 1].idx if n + 1 < len(roles) else doc[i].idx
            orgs = [m for m in paragraph.between(off + role_token.idx, off + stop)
                    if m.type in ORGANISATIONS and m.end <= person.start]
            if (len(orgs) > 1 and doc[orgs[0].tokens[0] - 1].norm_ in _PORTFOLIO
                    and orgs[0].type not in _PUBLIC_BODIES and enabled(PORTFOLIO_SKIP)):
                orgs = orgs[1:]  # "assessore al Welfare della Regione X": the portfolio's body
            if not orgs or not _role_gap_ok(doc, role_token.i, orgs[0]):
                continue
            org = orgs[0]
            if doc[org.tokens[0] - 1].norm_ in _PORTFOLIO and org.type not in _PUBLIC_BODIES:
                continue
            if not _chain_between(paragraph, orgs[-1].end, person.start) or any(
                    t.text in {")", ";"} for t in doc[role_token.i:i]):
                continue
            found = True
            ctx.add(person.entity, Rel.HOLDS_ROLE, org.entity, paragraph, off + role_token.idx,
                    person.end, "role", 0.75, _role_text(doc, role_token.i, org.tokens[0]))
        role_token = roles[-1]
        if not found and enabled(FOR_BODY):
            found = _for_body(paragraph, ctx, person, role_token, sent)
        if found or not _list_between(paragraph, off + role_token.idx + len(role_token.text),
                                      person.start, allow_words=4):
            continue
        if role_token.norm_ in {"sindaco", "sindaca"}:
            comuni = {m.entity for p in ctx.paragraphs for m in p.mentions
                      if m.type == "municipality"}
            if len(comuni) == 1:
                ctx.add(person.entity, Rel.HOLDS_ROLE, comuni.pop(), paragraph,
                        off + role_token.idx, person.end, "role", 0.6, role_token.text,
                        Confidence.INFERRED.value)
        elif role_token.norm_.startswith("assessor") and doc[role_token.i + 1:i].text.lower(
                ).startswith(("al ", "alla ", "alle ", "ai ", "agli ", "all")):
            bodies = [m for m in paragraph.between(sent[0], off + role_token.idx)
                      if m.type in _PUBLIC_BODIES]
            if bodies:
                ctx.add(person.entity, Rel.HOLDS_ROLE, bodies[-1].entity, paragraph,
                        off + role_token.idx, person.end, "role", 0.6,
                        doc[role_token.i:i].text.strip(" ,"), Confidence.INFERRED.value)


_FOR_BODY = re.compile(r"(?:^|[;,.:]\s*|\b)per\s+(?:il|la|lo|l['’]|i|gli|le)?\s*$", re.I)


def _for_body(paragraph: Paragraph, ctx: _Context, person: Mention, role_token: object,
              sent: tuple[int, int]) -> bool:
    """"Per la Cgil di Padova ha firmato la segretaria generale Aline Pennisi", "per la
    Fondazione X, il presidente Anna Neri": the role is in the body the clause is for."""
    text, off = paragraph.text, paragraph.start
    clause = max(sent[0], off + max(text.rfind(";", 0, role_token.idx),
                                    text.rfind(":", 0, role_token.idx)) + 1)
    bodies = [m for m in paragraph.between(clause, off + role_token.idx)
              if m.type in ORGANISATIONS]
    if not bodies:
        return False
    body = bodies[0]
    between = text[body.end - off:role_token.idx]
    if not _FOR_BODY.search(text[max(0, body.start - off - 12):body.start - off]) or len(
            re.findall(r"\w+", between)) > 5 or "." in between:
        return False
    role = doc_role = paragraph.doc[role_token.i:person.tokens[0]].text.strip(" ,")
    ctx.add(person.entity, Rel.HOLDS_ROLE, body.entity, paragraph, body.start, person.end,
            "role", 0.7, re.sub(r"^(?:il|la|l['’]|lo)\s+", "", doc_role) or role)
    return True


_ELECTED = re.compile(r"^[\s,]*(?:(?:è|e'|viene|sarà|resta|è stat[oa]|sono stat[ie])\s+)?"
                      r"(?:ri)?(?:elett[oaie]|nominat[oaie]|confermat[oaie]|designat[oaie])"
                      r"\s+(?:alla carica di\s+|come\s+|nuov[oa]\s+)?(?P<role>\w+)", re.I)


def _elected(paragraph: Paragraph, ctx: _Context, person: Mention,
             sent: tuple[int, int]) -> bool:
    """"Anna Neri è stata rieletta presidente (del Consorzio X)": the role in the body the
    sentence names after it, else before it."""
    match = _ELECTED.match(paragraph.text[person.end - paragraph.start:sent[1] - paragraph.start])
    if not match or normalise(match["role"]) not in ROLE_WORDS:
        return False
    at = person.end + match.end()
    after = [m for m in paragraph.between(at, min(sent[1], at + 80)) if m.type in ORGANISATIONS
             and re.fullmatch(r"\s*(?:del|della|dello|dell['’]|dei|degli|di)\s*",
                              paragraph.text[at - paragraph.start:m.start - paragraph.start])]
    before = [m for m in paragraph.between(sent[0], person.start) if m.type in ORGANISATIONS]
    body = after[0] if after else (before[-1] if before else None)
    if body is None:
        return False
    ctx.add(person.entity, Rel.HOLDS_ROLE, body.entity, paragraph, person.start, max(at, body.end),
            "role", 0.7, match["role"])
    return True


def _chain_between(paragraph: Paragraph, start: int, end: int) -> bool:
    """Whether only persons, bodies and their roles stand between *start* and *end* ("…di
    ANCI e sindaco di Imola Marco Panieri", "…delle Cooperative A, B e C")."""
    text, off = paragraph.text, paragraph.start
    gap, edge = [], start
    for m in paragraph.between(start, end):
        if m.type in PERSONS or m.type in ORGANISATIONS:
            gap.append(text[edge - off:m.start - off])
            edge = m.end
    gap.append(text[edge - off:end - off])
    rest = [w for w in re.findall(r"[^\W\d_]+['’]?", " ".join(gap).lower())
            if w not in _CHAIN_WORDS and w.replace("-", "") not in ROLE_WORDS]
    return not rest


def _list_between(paragraph: Paragraph, start: int, end: int, allow_words: int = 0) -> bool:
    """Whether only other persons, commas, "e" (and up to *allow_words* words) stand between
    absolute characters *start* and *end*."""
    text, off = paragraph.text, paragraph.start
    gap, edge = [], start
    for m in paragraph.between(start, end):
        if m.type in PERSONS:
            gap.append(text[edge - off:m.start - off])
            edge = m.end
    gap.append(text[edge - off:end - off])
    rest = [w for w in re.findall(r"[^\W\d_]+['’]?", " ".join(gap).lower())
            if w not in {"e", "ed"}]
    return len(rest) <= allow_words


def _role_gap_ok(doc: Doc, role_start: int, org: Mention) -> bool:
    """Only a few words of the role between the role word and the body it names."""
    between = doc[role_start:org.tokens[0]]
    return len(between) <= 7 and not any(t.text in {".", ";", ")"} for t in between)


def _role_text(doc: Doc, start: int, end: int) -> str | None:
    role = doc[start:end].text.strip(" ,(")
    role = re.sub(r"\s+(di|del|della|dello|dei|delle|degli|dell['’])$", "", role)
    return role or None


def _parallel_roles(paragraph: Paragraph, ctx: _Context, done: set[str]) -> None:
    """"i sindaci di A, B e C: P, Q e R" and "gli assessori di A, P, e B, Q": the n-th
    person holds the role in the n-th body."""
    doc, off = paragraph.doc, paragraph.start
    for token in doc:
        if token.norm_ not in _PLURAL_ROLES or (token.norm_ not in _FIRST_ROLES
                                                and not enabled(PLURAL_ROLES)):
            continue
        sent = _sentence(paragraph, off + token.idx)
        bodies: list[Mention] = []
        persons: list[Mention] = []
        for m in paragraph.between(off + token.idx, sent[1]):
            if m.type in ORGANISATIONS:
                bodies.append(m)
            elif m.type in PERSONS:
                persons.append(m)
        if len(bodies) >= 2 and len(bodies) == len(persons):
            role = _singular(token.text)
            if token.norm_ == "assessori":
                role = _role_text(doc, token.i, bodies[0].tokens[0]) or role
                role = re.sub(r"(?i)^assessori", "Assessore", role)
            elif token.i + 1 < len(doc) and doc[token.i + 1].norm_ in {"generali", "regionali",
                                                                        "provinciali"}:
                role = f"{role} {_singular(doc[token.i + 1].text)}"  # "segretari generali"
            for body, person in zip(bodies, persons, strict=True):
                done.add(person.entity)
                ctx.add(person.entity, Rel.HOLDS_ROLE, body.entity, paragraph, off + token.idx,
                        max(body.end, person.end), "role", 0.7, role)


#: Plural roles, with their singular: "i sindaci di A e B: P e Q".
_PLURAL_ROLES = {"sindaci": "sindaco", "assessori": "assessore", "presidenti": "presidente",
                 "direttori": "direttore", "segretari": "segretario",
                 "coordinatori": "coordinatore", "responsabili": "responsabile",
                 "rappresentanti": "rappresentante", "referenti": "referente",
                 "consiglieri": "consigliere", "dirigenti": "dirigente",
                 "vicepresidenti": "vicepresidente", "copresidenti": "copresidente",
                 "co-presidenti": "co-presidente", "direttrici": "direttrice",
                 "generali": "generale", "regionali": "regionale", "provinciali": "provinciale"}
#: The first round's plural roles (the others are tagged for leave-one-out).
_FIRST_ROLES = frozenset({"sindaci", "assessori", "presidenti", "direttori"})


def _singular(word: str) -> str:
    """The singular of a plural role word, in the case it is written.

    Examples
    --------
    >>> _singular("segretari"), _singular("Sindaci"), _singular("generali")
    ('segretario', 'Sindaco', 'generale')
    """
    single = _PLURAL_ROLES.get(normalise(word), word)
    return single[:1].upper() + single[1:] if word[:1].isupper() else single


def _places(paragraph: Paragraph, ctx: _Context) -> None:
    """An initiative located where its sentence says it acts: "a Borgo", "nei Comuni di A,
    B e C", "in sette regioni, tra cui A, B"; the initiative is the sentence's, else the
    focus."""
    text, off = paragraph.text, paragraph.start
    places = [m for m in paragraph.mentions if m.type == "territory"]
    seen_lists: set[int] = set()
    for place in places:
        if place.start in seen_lists:
            continue
        before = text[max(0, place.start - off - 40):place.start - off]
        if place.anaphoric:  # "le imprese toscane" (see graphkit.extract.demonyms)
            pass
        elif not _PLACE_BEFORE.search(before) or re.search(r"\bsede\b[^,;.]*$", before):
            continue
        sent = _sentence(paragraph, place.start)
        previous = [m for m in paragraph.between(sent[0], place.start) if m.end <= place.start]
        if previous and previous[-1].type in ORGANISATIONS and re.fullmatch(
                r"[”\"»’]?\s*(?:di|a|\(|[–—-])\s*", text[previous[-1].end - off:place.start - off]):
            continue  # a body's town ("Fondazione Alfa di Lucca"): see _seats
        initiative = (_nearest(paragraph, sent, place.start, _INITIATIVE_TARGETS - {"programme"},
                               anaphoric=False)
                      or _nearest(paragraph, sent, place.start, _INITIATIVE_TARGETS,
                                  anaphoric=False))
        target = initiative.entity if initiative else (
            ctx.focus if ctx.focus_before(paragraph, place.start, _INITIATIVE_TARGETS)
            else None)
        if target is None:
            continue
        listed = [place, *_listed(paragraph, place.end, sent[1], True,
                                  frozenset({"territory"}))] if not place.anaphoric else [place]
        for item in listed:
            seen_lists.add(item.start)
            ctx.add(target, Rel.LOCATED_IN, item.entity, paragraph, place.start, item.end,
                    "place", 0.6)


def _dedupe(records: list[Proposed]) -> list[Proposed]:
    seen: dict[tuple[str, str, str], Proposed] = {}
    for record in records:
        seen.setdefault((record.subject, record.relation, record.object), record)
    return list(seen.values())
