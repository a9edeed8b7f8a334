# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Agreements and calls a text speaks of without a name: "il protocollo d’intesa", "la
convenzione", "l’avviso pubblico".

Press releases often report an agreement without naming it ("è stato firmato un protocollo
d’intesa tra A, B e C") or a call by its kind ("l’avviso pubblico della Regione"). Who signs,
funds or runs it is what the text states, so the draft needs an entity to relate them to.
When a text names no protocol (no programme), :func:`unnamed` proposes one entity of that
kind, named by the words the text uses ("Protocollo d’intesa"), and reads every such
noun phrase as an anaphoric mention of it; the curator gives it a name. One entity per kind
and text: a release that reports two unnamed agreements is rare, and a second one would be
a guess.

Examples
--------
>>> [m.group("kind") for m in PHRASES["protocol"].finditer(
...     "È stato firmato un protocollo d’intesa; l’accordo vale tre anni.")]
['protocollo d’intesa', 'accordo']
>>> [m.group("kind") for m in PHRASES["programme"].finditer(
...     "L'avviso pubblico della Regione; un avviso di selezione")]
['avviso pubblico']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graphkit.extract.origins import rule
from graphkit.extract.relations import Mention, Paragraph

UNNAMED = rule("unnamed-agreements-and-calls")

_DETERMINERS = (r"(?:^|(?<=\n)|\b(?:il|lo|la|l['’]|un|una|un['’]|del|dello|della|dell['’]|al|"
                r"allo|alla|all['’]|nel|nello|nella|nell['’]|dal|dallo|dalla|dall['’]|sul|"
                r"sulla|sull['’]|questo|questa|quest['’]|tale|nuovo|nuova|specifico|"
                r"specifica|apposito|apposita)\s*)")
#: The noun phrases of each kind (with the modifiers that belong to the kind's name).
PHRASES: dict[str, re.Pattern[str]] = {
    "protocol": re.compile(
        _DETERMINERS + r"(?P<kind>(?:protocollo|accordo)(?:\s+d['’]\s?intesa|\s+di\s+intesa|"
        r"\s+quadro|\s+di\s+programma|\s+di\s+collaborazione|\s+di\s+rete|\s+operativo)?|"
        r"patto(?:\s+territoriale|\s+di\s+collaborazione|\s+educativo(?:\s+di\s+comunit[àa])?"
        r")?|convenzione|intesa)\b", re.I),
    "programme": re.compile(
        _DETERMINERS + r"(?P<kind>(?:avviso|bando)\s+(?:pubblico|regionale|nazionale|"
        r"ministeriale))\b", re.I),
}


#: What an agreement or a call is for, after its kind: "per l’economia sociale", "per
#: progetti di innovazione sociale" (up to a stop: punctuation, a verb, "tra").
_PURPOSE = re.compile(r" (?P<purpose>(?:per|sul|sulla|sull['’]|sui|sulle|contro|a sostegno "
                      r"(?:di|del|della|dei|delle|dell['’]))[ ]?[^\s,.;:()“”\"«»|]+(?: (?!(?:tra|"
                      r"fra|che|con|è|e'|sono|ha|hanno|firmat\w*|sottoscritt\w*|siglat\w*|"
                      r"approvat\w*|promoss\w*|adottat\w*|tra)\b)[^\s,.;:()“”\"«»|]+){0,7})")
_TRAILING = re.compile(r"(?:\s+(?:e|ed|di|del|della|dei|delle|dell['’]|il|la|le|i|gli|per|a|"
                       r"in))+$|\s*\b(?:dell|nell|all|dall|sull)['’]$", re.I)


def purpose(text: str, end: int) -> str:
    """The purpose words of an agreement or a call whose kind ends at *end* of *text*.

    Examples
    --------
    >>> purpose("un patto per l’economia sociale tra Comuni e cooperative", 8)
    ' per l’economia sociale'
    >>> purpose("il protocollo d’intesa tra A e B", 22)
    ''
    """
    match = _PURPOSE.match(text, end)
    if not match:
        return ""
    words = _TRAILING.sub("", match.group(0))
    return words if len(words.split()) >= 2 else ""


def unnamed(paragraphs: list[Paragraph], named: dict[str, set[str]],
            propose: Callable[[str, str, int, int], str]) -> list[str]:
    """Add anaphoric mentions of one unnamed entity per kind the text names none of.

    *named* holds the ids of the entities the text names, by type; *propose* (``(name,
    type, start, end) -> id``) makes the entity at its first phrase, and is called again
    with every other form the text uses (an alias). Returns the new ids.
    """
    made: list[str] = []
    for kind, pattern in PHRASES.items():
        if named.get(kind):
            continue
        ident = None
        for paragraph in paragraphs:
            taken = [(m.start, m.end) for m in paragraph.mentions]
            for match in pattern.finditer(paragraph.text):
                start = paragraph.start + match.start("kind")
                end = paragraph.start + match.end("kind")
                if any(s < end and start < e for s, e in taken):
                    continue
                span = paragraph.doc.char_span(match.start("kind"), match.end("kind"),
                                               alignment_mode="expand")
                if span is None:
                    continue
                phrase = match.group("kind")
                extra = purpose(paragraph.text, match.end("kind"))
                if extra:  # "il patto per l'economia sociale": a name of a kind
                    phrase += extra
                    end += len(extra)
                    span = paragraph.doc.char_span(match.start("kind"), end - paragraph.start,
                                                   alignment_mode="expand") or span
                if ident is None:
                    ident = propose(phrase[:1].upper() + phrase[1:], kind, start, end)
                    made.append(ident)
                else:
                    propose(phrase, kind, start, end)  # another form: an alias
                paragraph.mentions.append(Mention(ident, kind, start, end,
                                                  (span.start, span.end), anaphoric=not extra))
            paragraph.index()
    return made
