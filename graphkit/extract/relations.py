# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Relations from the cue words of Italian press releases.

Cue phrases ("capofila", "partenariato", "finanziato da", "con il sostegno di",
"patrocinio", "hanno aderito", "promosso da", "firmato", "gestito da", "appartenenti a",
"attraverso le cooperative"…) are found with a spaCy :class:`~spacy.matcher.PhraseMatcher`;
each rule then reads the names listed after (or before) the cue, separated by commas,
"e", colons and parentheses, and relates them to the initiative the sentence is about.

Examples
--------
>>> from graphkit.extract.entities import italian
>>> doc = italian()("Partner del progetto sono: Alfa Coop, Comune di Borgo e Beta Srl.")
>>> mentions = [Mention("p", "project", 0, 0, (0, 0)), Mention("a", "cooperative", 27, 36, (6, 8)),
...             Mention("b", "municipality", 38, 53, (9, 12)),
...             Mention("c", "company", 56, 64, (13, 15))]
>>> [(r.subject, r.relation, r.object) for r in find_relations(
...     [Paragraph(1, 0, doc, mentions[1:])], focus="p", types={"p": "project"})]
[('a', 'partner_of', 'p'), ('b', 'partner_of', 'p'), ('c', 'partner_of', 'p')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkit.extract.entities import HEAD_TYPES, OFFICE_WORDS, ROLE_WORDS, italian
from graphkit.schema.vocabulary import (
    INITIATIVES,
    ORGANISATIONS,
    PERSONS,
    RELATIONS,
    Confidence,
    Rel,
)

#: Cue phrases by the rule they trigger.
CUES: dict[str, tuple[str, ...]] = {
    "lead": ("capofila", "ente capofila", "soggetto capofila"),
    "partner": ("partner", "partenariato", "rete di partner", "partners"),
    "supporter": ("partner sostenitori", "partner sostenitore", "hanno aderito", "aderiscono",
                  "sostegno", "supporto di"),
    "funds": ("finanziato da", "finanziata da", "finanziati da", "finanziato dal",
              "finanziata dal", "finanziato dalla", "finanziata dalla", "finanziamento da parte di",
              "con il contributo di", "contributo della", "contributo del"),
    "cofinanced": ("cofinanziato da", "cofinanziato dal", "cofinanziata dal", "cofinanziato dalla",
                   "cofinanziata dalla", "cofinanziata da", "co-finanziato dal"),
    "patron": ("patrocinio", "patrocinato da", "patrocinata da"),
    "promotes": ("promosso da", "promossa da", "promosso dal", "promossa dal", "promosso dalla",
                 "promossa dalla", "organizzato da", "organizzata da", "organizzato dal",
                 "hanno promosso", "ha promosso", "hanno presentato", "ha presentato",
                 "promotori"),
    "signs": ("firmato", "sottoscritto", "firmatari", "hanno firmato", "hanno sottoscritto",
              "sottoscrivono", "firmano", "firmata", "sottoscritta"),
    "manages": ("gestito da", "gestita da", "gestiti da", "gestite da", "gestione dei",
                "gestione delle", "gestione del", "gestione della", "gestisce", "gestiscono"),
    "member": ("appartenenti a", "appartenente a", "aderenti a", "aderente a", "membri di",
               "soci di", "del sistema", "attraverso le cooperative", "attraverso i consorzi",
               "attraverso le", "della rete"),
}
_BEFORE = {"hanno presentato", "ha presentato", "hanno promosso", "ha promosso",
           "hanno firmato", "hanno sottoscritto", "firmano", "sottoscrivono", "gestisce",
           "gestiscono"}
_SEPARATOR = re.compile(r"^[\s,;:/]*(?:(?:e|ed|nonché)\s+)?(?:(?:\w+|l’|l')\s+){0,4}$")
_ROLE_STOP = {";", ")", ".", ":"}
#: Articulated prepositions that turn the name after a role into a portfolio ("assessore alle …").
_PORTFOLIO = {"al", "alla", "alle", "ai", "agli", "allo", "all’", "all'"}
_PUBLIC_BODIES = frozenset({"municipality", "province", "region"})


@dataclass(frozen=True)
class Mention:
    """A resolved name in a paragraph: entity id, type, character and token span."""

    entity: str
    type: str
    start: int
    end: int
    tokens: tuple[int, int]
    role: str | None = None


@dataclass
class Paragraph:
    """A parsed paragraph with its number, start offset and resolved mentions."""

    number: int
    start: int
    doc: Doc
    mentions: list[Mention]


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
    for label, phrases in CUES.items():
        matcher.add(label, [nlp(p) for p in phrases])
    return matcher


def _gap_ok(text: str, first: bool) -> bool:
    text = re.sub(r"\([^)]*\)", " ", text)
    if "." in text.rstrip() or (";" in text and not first):
        return False
    if first:
        return len(text.split()) <= 8 or text.rstrip().endswith(":")
    return bool(_SEPARATOR.match(text))


def _listed(paragraph: Paragraph, sent: Span, start: int, forward: bool,
            kinds: frozenset[str]) -> list[Mention]:
    """The mentions of *kinds* listed right after (or before) character *start* in *sent*."""
    text = paragraph.doc.text
    off = paragraph.start
    inside = [m for m in paragraph.mentions
              if sent.start_char <= m.start - off and m.end - off <= sent.end_char]
    inside = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end
                                           and (o.end - o.start) > (m.end - m.start)
                                           and o.type in kinds for o in inside)]
    ordered = sorted((m for m in inside if (m.start - off >= start if forward
                                            else m.end - off <= start)),
                     key=lambda m: m.start, reverse=not forward)
    found: list[Mention] = []
    edge = start
    for mention in ordered:
        gap = (text[edge:mention.start - off] if forward else text[mention.end - off:edge])
        if not _gap_ok(gap, first=not found):
            break
        if mention.type in kinds:
            found.append(mention)
        edge = mention.end - off if forward else mention.start - off
    return found


def _initiative(paragraph: Paragraph, sent: Span, at: int, focus: str | None,
                types: dict[str, str], kinds: frozenset[str] = INITIATIVES) -> str | None:
    """The initiative nearest before character *at* in the sentence, else *focus*."""
    off = paragraph.start
    before = [m for m in paragraph.mentions if m.type in kinds
              and sent.start_char <= m.start - off < at]
    if before:
        return before[-1].entity
    after = [m for m in paragraph.mentions if m.type in kinds
             and at <= m.start - off < sent.end_char]
    if after and kinds != INITIATIVES:
        return after[0].entity
    return focus if focus and types.get(focus) in kinds else None


def _add(out: list[Proposed], subject: str, relation: str, obj: str, types: dict[str, str],
         paragraph: Paragraph, start: int, end: int, rule: str, score: float,
         role: str | None = None, confidence: str = Confidence.STATED.value) -> None:
    spec = RELATIONS[relation]
    if subject != obj and spec.allows(types[subject], types[obj]):
        out.append(Proposed(subject, spec.name, obj, paragraph.number, paragraph.start + start,
                            paragraph.start + end, rule, score, role, confidence))


def find_relations(paragraphs: list[Paragraph], focus: str | None,
                   types: dict[str, str]) -> list[Proposed]:
    """Relations stated by cue phrases in *paragraphs*.

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
    out: list[Proposed] = []
    types = {**types, **{m.entity: m.type for p in paragraphs for m in p.mentions}}
    matcher = _cue_matcher()
    nlp = italian()
    for paragraph in paragraphs:
        doc = paragraph.doc
        cues = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)])
        leads: set[str] = set()
        for cue in sorted(cues, key=lambda c: nlp.vocab.strings[c.label] != "lead"):
            _apply(nlp.vocab.strings[cue.label], cue, paragraph, focus, types, out, leads)
        _roles(paragraph, types, out)
    return _dedupe(out)


def _apply(label: str, cue: Span, paragraph: Paragraph, focus: str | None,
           types: dict[str, str], out: list[Proposed], leads: set[str]) -> None:
    doc, sent = paragraph.doc, cue.sent
    phrase = cue.text.lower()
    before_cue = doc[max(sent.start, cue.start - 3):cue.start].text.lower()
    as_role = before_cue.endswith(("in qualità di", "qualità di")) or before_cue.endswith("(")
    forward = phrase not in _BEFORE and not as_role
    start = cue.end_char if forward else cue.start_char
    if label == "member":
        _member(cue, paragraph, types, out)
        return
    if label == "manages":
        _manages(cue, paragraph, types, out)
        return
    if label in {"funds", "cofinanced"}:
        initiative = _initiative(paragraph, sent, cue.start_char, focus, types,
                                 INITIATIVES - {"programme"})
        for target in _listed(paragraph, sent, start, True, ORGANISATIONS | {"programme"}):
            if initiative is None:
                break
            if target.type == "programme":
                _add(out, initiative, Rel.COFINANCED_BY, target.entity, types, paragraph,
                     sent.start_char, target.end - paragraph.start, label, 0.8)
            else:
                _add(out, target.entity, Rel.FUNDS, initiative, types, paragraph,
                     sent.start_char, target.end - paragraph.start, label, 0.8)
        return
    relation, role = {
        "lead": (Rel.LEAD_PARTNER_OF, "capofila"), "partner": (Rel.PARTNER_OF, "partner"),
        "supporter": (Rel.SUPPORTS, None), "patron": (Rel.PATRON_OF, None),
        "promotes": (Rel.PROMOTES, None), "signs": (Rel.SIGNATORY_OF, None),
    }[label]
    if label == "supporter" and "partner" in phrase:
        role = "partner sostenitore"
    kinds = ORGANISATIONS | PERSONS if label == "signs" else ORGANISATIONS
    listed = _listed(paragraph, sent, start, forward, kinds)
    if as_role or (label == "lead" and not forward):
        listed = listed[:1]
    initiative = _initiative(paragraph, sent, cue.start_char, focus, types,
                             frozenset({"protocol", "project"}) if label == "signs"
                             else INITIATIVES - {"programme"})
    if initiative is None:
        return
    for mention in listed:
        if label == "partner" and mention.entity in leads:
            continue
        if label == "lead":
            leads.add(mention.entity)
        end = max(cue.end_char, mention.end - paragraph.start)
        _add(out, mention.entity, relation, initiative, types, paragraph,
             min(cue.start_char, mention.start - paragraph.start), end, label,
             0.85 if as_role else 0.75, role)
    if label == "lead" and not listed:
        before = _listed(paragraph, sent, cue.start_char, False, ORGANISATIONS)[:1]
        for mention in before:
            leads.add(mention.entity)
            _add(out, mention.entity, relation, initiative, types, paragraph,
                 mention.start - paragraph.start, cue.end_char, label, 0.8, role)


def _manages(cue: Span, paragraph: Paragraph, types: dict[str, str],
             out: list[Proposed]) -> None:
    """"(bando) gestito da X" / "X … la gestione dei Y" / "X gestisce Y"."""
    sent, off = cue.sent, paragraph.start
    targets = ORGANISATIONS | INITIATIVES
    before = [m for m in paragraph.mentions if m.type in targets
              and sent.start_char <= m.start - off and m.end - off <= cue.start_char]
    after = _listed(paragraph, sent, cue.end_char, True, targets)
    if cue.text.lower().startswith("gestit"):
        managers = [m for m in after if m.type in ORGANISATIONS][:1]
        objects = [m for m in reversed(before) if m.type in INITIATIVES][:1]
    else:
        managers = [m for m in before if m.type in ORGANISATIONS][:1]
        objects = after[:1]
    for manager in managers:
        for obj in objects:
            _add(out, manager.entity, Rel.MANAGES, obj.entity, types, paragraph,
                 min(manager.start, obj.start) - off, max(manager.end, obj.end) - off,
                 "manages", 0.7)


def _member(cue: Span, paragraph: Paragraph, types: dict[str, str],
            out: list[Proposed]) -> None:
    """"A e B, appartenenti a C" / "X … attraverso le cooperative A, B e C" / "X del sistema Y"."""
    sent = cue.sent
    after = _listed(paragraph, sent, cue.end_char, True, ORGANISATIONS)
    before = _listed(paragraph, sent, cue.start_char, False, ORGANISATIONS)
    off = paragraph.start
    if cue.text.lower().startswith("attraverso"):
        owners = [m for m in paragraph.mentions if m.type in ORGANISATIONS
                  and sent.start_char <= m.start - off < cue.start_char]
        pairs = [(m.entity, owners[0].entity) for m in after] if owners else []
    else:
        pairs = [(m.entity, after[0].entity) for m in before] if after else []
    for subject, obj in pairs:
        _add(out, subject, Rel.MEMBER_OF, obj, types, paragraph, sent.start_char - 0,
             sent.end_char, "member", 0.7,
             confidence=Confidence.INFERRED.value if cue.text.lower().startswith("attraverso")
             else Confidence.STATED.value)


def _roles(paragraph: Paragraph, types: dict[str, str], out: list[Proposed]) -> None:
    """"Name Surname, presidente di X" / "(Direttrice X)" / "sindaca di X" → holds_role."""
    doc, off = paragraph.doc, paragraph.start
    for person in (m for m in paragraph.mentions if m.type in PERSONS):
        i, j = person.tokens
        clause = []
        k = j
        if k < len(doc) and doc[k].text in {",", "("}:
            k += 1
            while k < len(doc) and doc[k].text not in _ROLE_STOP and not (
                    doc[k].text == "," and clause):
                clause.append(k)
                k += 1
        orgs = [m for m in paragraph.mentions if m.type in ORGANISATIONS and clause
                and clause[0] <= m.tokens[0] <= clause[-1]]
        words = [doc[t] for t in clause]
        if orgs and words and words[0].norm_ in ROLE_WORDS | set(HEAD_TYPES) | OFFICE_WORDS:
            org = next((m for m in orgs if m.type != "organisation"), orgs[0])
            role = doc[clause[0]:org.tokens[0]].text.strip(" ,")
            role = re.sub(r"\s+(di|del|della|dello|dei|delle|dell’|dell')$", "", role)
            _add(out, person.entity, Rel.HOLDS_ROLE, org.entity, types, paragraph,
                 person.start - off, org.end - off, "role", 0.8, role or None)
            continue
        back = [m for m in paragraph.mentions if m.type in ORGANISATIONS
                and 0 <= i - m.tokens[1] <= 1]
        pre = doc[max(0, i - 6):i]
        if not any(t.norm_ in ROLE_WORDS for t in pre):
            continue
        role_start = next(t.i for t in pre if t.norm_ in ROLE_WORDS)
        if back and doc[back[0].tokens[0] - 1].norm_ in _PORTFOLIO:
            # "l'assessore alle Pari Opportunità X": a portfolio, the body is the public
            # body the sentence names before
            back = [m for m in paragraph.mentions if m.type in _PUBLIC_BODIES
                    and m.tokens[1] <= role_start and m.tokens[0] >= doc[i].sent.start][-1:]
            if back:
                _add(out, person.entity, Rel.HOLDS_ROLE, back[0].entity, types, paragraph,
                     doc[role_start].idx, person.end - off, "role", 0.6,
                     doc[role_start:i].text.strip(), Confidence.INFERRED.value)
            continue
        if back:
            role = doc[role_start:back[0].tokens[0]].text.strip()
            role = re.sub(r"\s+(di|del|della|dello|dei|delle)$", "", role)
            _add(out, person.entity, Rel.HOLDS_ROLE, back[0].entity, types, paragraph,
                 doc[role_start].idx, person.end - off, "role", 0.75, role or None)


def _dedupe(records: list[Proposed]) -> list[Proposed]:
    seen: dict[tuple[str, str, str], Proposed] = {}
    for record in records:
        seen.setdefault((record.subject, record.relation, record.object), record)
    return list(seen.values())
