# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""The event a press release announces or reports: a seminar, a meeting, a presentation.

Curated data model such a meeting as one ``event`` entity per document, with the persons
who speak at it (``participates_in``, with their role), the organisation that hosts it
(``hosts``), those who present it (``promotes``), the project it belongs to (``part_of``)
and the town where it takes place (``located_in``). The rules here find the cue
("il seminario", "l'appuntamento", "l'incontro", "la tavola rotonda", "hanno presentato",
"presentato ieri al …"), name the event from the cue and what is presented or the
document's project ("Presentazione di Alfa", "Seminario Alfa – Borgo") and collect that
evidence; :func:`event_relations` turns it into records once the event has an id.

Examples
--------
>>> from graphkit.extract.entities import italian
>>> from graphkit.extract.relations import Mention, Paragraph
>>> text = "Il seminario si terrà a Borgo. Interviene Anna Neri."
>>> doc = italian()(text)
>>> mentions = [Mention("t-borgo", "territory", 24, 29, (5, 6)),
...             Mention("p-anna-neri", "person", 42, 51, (8, 10))]
>>> event = find_event([Paragraph(1, 0, doc, mentions)], "alfa",
...                    {"alfa": "project", "t-borgo": "territory"}, {"alfa": "Alfa",
...                    "t-borgo": "Borgo"})
>>> event.name
'Seminario Alfa – Borgo'
>>> sorted((r.subject, r.relation, r.object) for r in event_relations(event, "ev"))
[('ev', 'located_in', 't-borgo'), ('ev', 'part_of', 'alfa'), ('p-anna-neri', \
'participates_in', 'ev')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.extract.relations import Mention, Paragraph, Proposed
from graphkit.schema.vocabulary import ORGANISATIONS, PERSONS, RELATIONS, Confidence, Rel

#: Nouns that name a meeting (singular: "incontri con le scuole" is a plan, not an event).
_NOUNS = {"seminario": "Seminario", "convegno": "Convegno", "workshop": "Workshop",
          "webinar": "Webinar", "tavola rotonda": "Tavola rotonda", "incontro": "Incontro",
          "appuntamento": "Incontro", "evento": "Incontro", "conferenza stampa": "Incontro",
          "inaugurazione": "Inaugurazione", "cerimonia": "Cerimonia", "alla firma": "Firma",
          "la firma": "Firma", "stati generali": "Stati generali", "assemblea": "Assemblea",
          "giornata di studio": "Giornata di studio", "conferenza": "Conferenza"}
_CUE = re.compile(
    r"\b(?P<noun>seminario|convegno|workshop|webinar|tavola rotonda|incontro|appuntamento"
    r"|evento|conferenza stampa|inaugurazione|cerimonia|alla firma|la firma|stati generali"
    r"|assemblea|giornata di studio|conferenza)\b"
    r"|\b(?P<verb>(?:hanno|ha) presentato|presentat[oaie]\s+(?:ieri|oggi|stamattina|"
    r"questa mattina|al|alla|allo|all’|all'|presso|nel|nella|a|in)\b)", re.I)
#: A capitalised title right before "presentato" ("il Bilancio Sociale 2021 di Alfa").
_TITLE = re.compile(r"((?:[A-ZÀ-Ü][\w&’'.-]*|\d{4})(?:\s+(?:[A-ZÀ-Ü][\w&’'.-]*|\d{4}|di|del|"
                    r"della|dei|delle|per)(?=\s))*(?:\s+[A-ZÀ-Ü&][\w&’'.-]*|\s+\d{4})?)\s*$")
_PLACE_BEFORE = re.compile(r"\b(?:a|ad|in)\s+$", re.I)
_HOST_BEFORE = re.compile(r"\b(?:presso|alla|al|allo|all’|all'|nella sede d\w*)\s*(?:la|il|l’|l')?"
                          r"\s*$", re.I)
#: Words that give a participant's role, nearest before the name winning.
_ROLES = (("saluti", "saluti istituzionali"), ("conclusion", "conclusioni"),
          ("moder", "moderatore"), ("tavola rotonda", "partecipante alla tavola rotonda"),
          ("intervent", "relatore"), ("relat", "relatore"), ("illustr", "relatore"),
          ("parler", "relatore"))
_PROJECTS = {"project", "protocol", "programme"}
#: "moderata da X": the moderator is the one name right after the word.
_MODERATOR_REACH = 25


@dataclass
class Event:
    """An event the text names, with the evidence for its relations.

    Attributes
    ----------
    name : str
        Proposed name (the curator may rename it).
    paragraph, start, end : int
        Where the first cue is (absolute character offsets).
    title : tuple or None
        ``(paragraph, start, end, surface)`` of the presented title, mentioned as the event.
    records : list of tuple
        ``(subject, relation, object, paragraph, start, end, role, confidence)`` with
        ``None`` standing for the event itself.
    """

    name: str
    paragraph: int
    start: int
    end: int
    title: tuple[int, int, int, str] | None = None
    records: list[tuple] = field(default_factory=list)


def _sentence_of(paragraph: Paragraph, at: int) -> tuple[int, int]:
    """Absolute (start, end) of the sentence holding absolute character *at*."""
    return paragraph.sentence(at)


def _inside(paragraph: Paragraph, start: int, end: int) -> list[Mention]:
    return [m for m in paragraph.between(start, end) if m.end <= end]


def find_event(paragraphs: list[Paragraph], focus: str | None, types: dict[str, str],
               names: dict[str, str]) -> Event | None:
    """The one event the text names, or ``None`` when no cue announces one.

    Parameters
    ----------
    paragraphs : list of Paragraph
        Parsed paragraphs with their resolved mentions.
    focus : str or None
        The document's main initiative (what a seminar without a title belongs to).
    types, names : dict
        Node type and name of every entity id.
    """
    cues = [(p, m) for p in paragraphs for m in _CUE.finditer(p.text)]
    if not cues:
        return None
    kinds = [_NOUNS[m.group("noun").lower()] if m.group("noun") else "Presentazione"
             for _, m in cues]
    kind = next((k for k in ("Seminario", "Convegno", "Workshop", "Webinar") if k in kinds),
                "Presentazione" if "Presentazione" in kinds else kinds[0])
    first, cue = cues[0]
    event = Event(kind, first.number, first.start + cue.start(), first.start + cue.end())
    subject = names.get(focus, "") if types.get(focus) in _PROJECTS else ""
    sentences = [(p, _sentence_of(p, p.start + m.start())) for p, m in cues]
    for paragraph, m in cues:
        if m.group("verb") and m.group("verb").lower().startswith("presentat"):
            window = max(0, m.start() - 300)  # a title is short: no search over the whole text
            title = _TITLE.search(paragraph.text[window:m.start()])
            if title and len(title.group(1).split()) >= 2:
                start = paragraph.start + window + title.start(1)
                end = start + len(title.group(1))
                event.title = (paragraph.number, start, end, title.group(1))
                subject = title.group(1)
                for owner in _inside(paragraph, start + 1, end):
                    if owner.type in ORGANISATIONS:  # "… di Alfa": who presents it
                        event.records.append((owner.entity, Rel.PROMOTES, None, paragraph.number,
                                              start, paragraph.start + m.end(), None,
                                              Confidence.STATED.value))
                break
    for paragraph, m in cues:
        if m.group("verb") and m.group("verb").lower().startswith(("ha ", "hanno")):
            s_start, _ = _sentence_of(paragraph, paragraph.start + m.start())
            for org in _inside(paragraph, s_start, paragraph.start + m.start()):
                if org.type in ORGANISATIONS:
                    event.records.append((org.entity, Rel.PROMOTES, None, paragraph.number,
                                          org.start, paragraph.start + m.end(), None,
                                          Confidence.STATED.value))
    if event.title is None and subject and focus:
        event.records.append((None, Rel.PART_OF, focus, event.paragraph, event.start, event.end,
                              None, Confidence.INFERRED.value))
    place = _place_and_hosts(event, sentences)
    joiner = " del " if kind == "Presentazione" and event.title else " di "
    name = f"{kind}{joiner}{subject}" if kind == "Presentazione" and subject else (
        f"{kind} {subject}".strip())
    event.name = f"{name} – {names[place]}" if place and kind != "Presentazione" else name
    _participants(event, paragraphs)
    return event


def _place_and_hosts(event: Event, sentences: list[tuple[Paragraph, tuple[int, int]]]
                     ) -> str | None:
    """Add the town ("a Borgo") and the host ("presso la Camera …"); return the town."""
    place = None
    hosts: set[str] = set()
    for paragraph, (start, end) in sentences:
        text = paragraph.text
        for m in _inside(paragraph, start, end):
            before = text[max(0, m.start - paragraph.start - 30):m.start - paragraph.start]
            if place is None and m.type == "territory" and _PLACE_BEFORE.search(before):
                place = m.entity
                event.records.append((None, Rel.LOCATED_IN, m.entity, paragraph.number,
                                      m.start, m.end, None, Confidence.STATED.value))
            elif (m.type in ORGANISATIONS and m.entity not in hosts
                  and _HOST_BEFORE.search(before)):
                hosts.add(m.entity)
                event.records.append((m.entity, Rel.HOSTS, None, paragraph.number,
                                      m.start, m.end, None, Confidence.STATED.value))
    return place


def _participants(event: Event, paragraphs: list[Paragraph]) -> None:
    """Every person named from the first cue on takes part, with the role the words give."""
    seen: set[str] = set()
    for paragraph in paragraphs:
        for m in paragraph.mentions:
            if m.type not in PERSONS or m.start < event.start or m.entity in seen:
                continue
            seen.add(m.entity)
            s_start, _ = _sentence_of(paragraph, m.start)
            before = paragraph.text[s_start - paragraph.start:m.start - paragraph.start]
            before = before.lower()
            found = [(before.rfind(word), role) for word, role in _ROLES
                     if word in before and (word != "moder" or len(before)
                                            - before.rfind(word) < _MODERATOR_REACH)]
            role = max(found)[1] if found else None
            event.records.append((m.entity, Rel.PARTICIPATES_IN, None, paragraph.number,
                                  m.start, m.end, role, Confidence.INFERRED.value))


def cue_mentions(paragraph: Paragraph, event_id: str) -> list[Mention]:
    """The nouns of *paragraph* that announce a meeting ("il convegno", "l'incontro"), as
    anaphoric mentions of the event *event_id* (where no name stands).

    Examples
    --------
    >>> from graphkit.extract.entities import italian
    >>> doc = italian()("Il convegno è organizzato dalla Rete.")
    >>> [(m.start, m.end, m.anaphoric) for m in cue_mentions(Paragraph(1, 0, doc, []), "ev")]
    [(3, 11, True)]
    """
    taken = [(m.start, m.end) for m in paragraph.mentions]
    out = []
    for match in _CUE.finditer(paragraph.text):
        if not match.group("noun") or match.group("noun").lower() in {"alla firma", "la firma"}:
            continue
        start, end = paragraph.start + match.start("noun"), paragraph.start + match.end("noun")
        span = paragraph.doc.char_span(match.start("noun"), match.end("noun"),
                                       alignment_mode="expand")
        if span is None or any(s < end and start < e for s, e in taken):
            continue
        out.append(Mention(event_id, "event", start, end, (span.start, span.end),
                           anaphoric=True))
    return out


def event_relations(event: Event, event_id: str) -> list[Proposed]:
    """The records of *event* once it has the id *event_id*."""
    out = []
    for subject, relation, obj, paragraph, start, end, role, confidence in event.records:
        out.append(Proposed(subject or event_id, RELATIONS[relation].name, obj or event_id,
                            paragraph, start, end, "event", 0.6, role, confidence))
    return out
