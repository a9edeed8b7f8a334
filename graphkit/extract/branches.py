# ruff: noqa: RUF001, RUF002, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Local structures of national bodies that a text names by the national name alone.

Press releases about a local network name the local structure of a union or a federation
by the national name: "hanno firmato Cna Lucca, Confesercenti Lucca, CIA, Cgil – Lucca"
(the CIA of Lucca), "le strutture regionali di Cna, Confindustria e Cgil" (their Tuscan
structures, in a Tuscan text), "Cgil, Cisl e Uil di Brescia". Curators record such a body
as a local entity named after the body and the place ("CIA Lucca", "CNA Toscana"),
``branch_of`` the national body (inferred). :func:`localise` reads four cues, each on the
names of one paragraph:

* siblings — in a sentence listing three or more bodies, two or more of them local
  structures of one place, a bare national body is that place's structure too;
* distribution — "A, B e C di P": the place after the last of a run of bodies of one type
  is each one's;
* level — "le strutture (livelli, centrali…) regionali (provinciali) di A, B": the region
  (province) most of the text's places lie in;
* short form — a bare national name after the text named one local structure of that body
  ("ANCI Emilia-Romagna … il presidente di ANCI") is that structure.

Every pass is linear in the number of names.

Examples
--------
>>> place_in("Cgil – Lucca")
'Lucca'
>>> place_in("Confcooperative Milano Lodi Monza e Brianza"), place_in("Legacoop") is None
('Milano', True)
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from graphkit.extract.entities import Name, Registry, place_of
from graphkit.extract.national import is_national
from graphkit.extract.origins import enabled, rule
from graphkit.model.names import normalise
from graphkit.schema import territories

SIBLINGS = rule("bare-body-takes-its-siblings-place", "002_86353e7c13fcec3a", "page_02")
DISTRIBUTED = rule("place-after-a-run-of-bodies-is-each-ones")
LEVEL = rule("regional-structures-take-the-texts-region", "000_be95f7005f3ffa5b", "page_19")
SHORT_FORM = rule("bare-name-after-its-local-structure", "page_19")

#: Types whose national bodies have local structures named by the national name alone.
FEDERATED = frozenset({"trade_union", "trade_association", "organisation", "network",
                       "chamber_of_commerce"})
#: "le strutture regionali di", "i livelli regionali di", "le tre centrali cooperative
#: regionali", "le segreterie provinciali di".
_LEVEL_CUE = re.compile(
    r"\b(?:strutture|livelli|sedi|sezioni|articolazioni|centrali|federazioni|segreterie|"
    r"organizzazioni|associazioni|rappresentanze|delegazioni|sigle)(?:\s+\w+){0,2}?\s+"
    r"(?P<level>regionali|provinciali|territoriali|locali)\b", re.I)
_LIST_GAP = re.compile(r"[\s,;/•·–-]*(?:\b(?:e|ed)\b)?[\s,;/•·–-]*")
_LEGAL_FORMS = frozenset({"aps", "odv", "onlus", "ets", "ente", "del", "terzo", "settore"})


def place_in(surface: str) -> str | None:
    """The place a body's name ends with, as written ("Cna Lucca" → "Lucca"), if any.

    The first word never counts (it names the body), nor do legal forms after the place.
    """
    words = [w for w in re.split(r"[\s–—/]+", surface) if w and w not in {"-", ","}]
    while words and normalise(words[-1]) in _LEGAL_FORMS:
        words.pop()
    for i in range(1, len(words)):
        if normalise(words[i]) in {"di", "del", "della", "dei", "delle", "dell"}:
            continue
        for j in range(len(words), i, -1):
            text = " ".join(words[i:j]).strip(" -–—,()")
            if text and place_of(text, cue=True) is not None:
                return text
    return None


def _federated(name: Name, registry: Registry, parents: dict[str, list[str]]) -> bool:
    """Whether *name* is a bare national body (no place in its name) whose local
    structures texts name by the national name."""
    entity = registry.entities.get(name.entity or "")
    if entity is None or entity.type not in FEDERATED or place_in(name.surface):
        return False
    if place_in(entity.name):
        return False  # the registry's own local structure ("CGIL Toscana", alias "Cgil")
    return is_national(entity.id) or entity.id in parents or entity.type in {
        "trade_union", "trade_association"}


def _localise(name: Name, place: str) -> None:
    name.parent, name.entity, name.cue = name.entity, None, "branch"
    name.display = f"{name.surface} {place}"


def doc_places(names: Sequence[Name]) -> tuple[str | None, str | None]:
    """The region and the province most of the places named lie in (ISTAT names)."""
    regions: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for name in names:
        if name.type not in {"territory", "municipality", "province", "region"}:
            continue
        place = place_of(name.display or name.surface, cue=True)
        if place is None:
            found = territories.find(name.display or name.surface)
            place = found[0] if len(found) == 1 else None
        if place is None:
            continue
        regions[territories.region_of(place).name.split("/")[0]] += 1
        if place.level == "municipality" and place.parent:
            provinces[territories.by_code(place.parent).name.split("/")[0]] += 1
        elif place.level == "province":
            provinces[place.name.split("/")[0]] += 1

    def top(counts: Counter[str]) -> str | None:
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0] if ranked[0][1] * 2 >= sum(counts.values()) else None

    return top(regions), top(provinces)


def localise(parsed: Sequence[tuple[int, int, Doc, list[Name]]], registry: Registry,
             parents: dict[str, list[str]]) -> None:
    """Turn the bare national names of *parsed* (number, start, doc, names of each
    paragraph) that stand for a local structure into branch names (``display`` the
    structure's name, ``parent`` the national body), in place."""
    every = [n for *_, names in parsed for n in names]
    region, province = doc_places(every)
    child_of = {child: parent for parent, children in parents.items() for child in children}
    structures: dict[str, set[str]] = {}  # national body -> the local names seen for it
    for _, start, doc, names in parsed:
        text = doc.text
        starts = [sent.start for sent in doc.sents]
        cues = [(m.start(), m["level"].lower()) for m in _LEVEL_CUE.finditer(text)]
        sentences: dict[int, list[Name]] = {}
        for name in names:
            if name.tokens[1] > name.tokens[0]:
                k = bisect.bisect_right(starts, name.tokens[0]) - 1
                sentences.setdefault(starts[k], []).append(name)
        for first, group in sentences.items():
            _siblings(group, text, start, registry, parents)
            _level(group, doc[first].idx, cues, start, registry, parents, region, province)
        for name in names:
            parent = name.parent or child_of.get(name.entity or "")
            if parent and (name.display or name.surface):
                structures.setdefault(parent, set()).add(name.display or name.surface)
            elif (_federated(name, registry, parents) and enabled(SHORT_FORM)
                  and len(structures.get(name.entity or "", ())) == 1):
                (local,) = structures[name.entity]
                name.parent, name.entity, name.cue = name.entity, None, "branch"
                name.display = local


def _siblings(group: list[Name], text: str, offset: int, registry: Registry,
              parents: dict[str, list[str]]) -> None:
    """The siblings and distribution cues on the names of one sentence."""
    bare = [_federated(n, registry, parents) for n in group]
    orgs = [n for n in group if n.type in FEDERATED | {"public_agency", "municipality",
                                                       "province", "chamber_of_commerce",
                                                       "religious_body", "foundation"}]
    places = {id(n): place_in(n.surface) for n in orgs if n.type in FEDERATED}
    counts = Counter(normalise(p) for p in places.values() if p)
    written = {normalise(p): p for p in places.values() if p}
    common = counts.most_common(2)
    shared = (written[common[0][0]] if common and common[0][1] >= 2 and len(orgs) >= 3
              and (len(common) == 1 or common[1][1] < common[0][1]) else None)
    # "A, B e C di P": walking back, the place of the structure that closes a run of bare
    # bodies of one type, listed without other words between them
    closing: list[str | None] = [None] * len(group)
    for k in range(len(group) - 2, -1, -1):
        after, gap = group[k + 1], text[group[k].end - offset:group[k + 1].start - offset]
        if after.type != group[k].type or not _LIST_GAP.fullmatch(gap):
            continue
        if bare[k + 1]:
            closing[k] = closing[k + 1]
        elif after.parent:
            closing[k] = place_in(after.surface)
    for k, name in enumerate(group):
        if not bare[k]:
            continue
        if closing[k] and enabled(DISTRIBUTED):
            _localise(name, closing[k])
        elif shared and name in orgs and enabled(SIBLINGS):
            _localise(name, shared)


def _level(group: list[Name], sentence: int, cues: list[tuple[int, str]], offset: int,
           registry: Registry, parents: dict[str, list[str]], region: str | None,
           province: str | None) -> None:
    """"Le strutture regionali di A, B": each bare body is the text's region's structure.
    *sentence* is where the names' sentence starts, *cues* the level cues of the paragraph
    (character offsets in it)."""
    if not enabled(LEVEL):
        return
    positions = [at for at, _ in cues]
    for name in group:
        k = bisect.bisect_right(positions, name.start - offset) - 1
        if k < 0 or positions[k] < sentence or not _federated(name, registry, parents):
            continue
        level = cues[k][1]
        place = region if level == "regionali" else province if level == "provinciali" else None
        if place:
            _localise(name, place)
