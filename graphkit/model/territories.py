"""Tie a dataset's territories to ISTAT's reference, and complete its geography from it.

Italy's administrative geography is reference data, not a claim of a press release. After
loading, every territory of level region, province or municipality is resolved to ISTAT's
list (:mod:`graphkit.schema.territories`): by its ``istat`` identifier, else by name at
its level. It gets its code, and the dataset gets, as records of one more source — the
reference itself (:data:`REFERENCE_DOCUMENT`, located by the line of its CSV file):

* ``part_of`` from each such territory to the province and region enclosing it, adding
  the enclosing territories the documents never name (Voghera's provincia di Pavia);
* ``located_in`` from each municipality, province or region body to the territory its
  name states ("Comune di Voghera" → Voghera), unless a document already says so.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> ds = load_dataset()
>>> ds.entities["t-voghera"].identifiers
(('istat', '018182'),)
>>> [(r.object, r.locator.document) for r in ds.relations
...  if r.subject == "t-voghera" and r.relation == "part_of" and r.method == "reference"]
[('istat-018', 'istat-territories')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from graphkit.errors import Problem
from graphkit.model.records import (
    Dataset,
    Document,
    Entity,
    Locator,
    RelationRecord,
    stable_id,
)
from graphkit.schema import territories as istat
from graphkit.schema.vocabulary import Confidence, Method, Rel

#: The id of the reference as a source of records (its named graph, its evidence).
REFERENCE_DOCUMENT = "istat-territories"
#: Body types whose name states the territory they govern, and that territory's level.
GOVERNING: dict[str, istat.Level] = {
    "municipality": "municipality", "province": "province", "region": "region",
}
_ADMIN_LEVELS = frozenset(istat.LEVELS)
#: ISTAT's permalink to the current list of comuni.
ISTAT_LIST = "https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv"


def reference_document() -> Document:
    """The ISTAT list of territories as a document: where derived records come from."""
    meta = istat.metadata()
    return Document(
        id=REFERENCE_DOCUMENT, source_file="territories-istat.csv", kind="reference",
        title=f"ISTAT, Codici statistici delle unità amministrative territoriali "
              f"({meta['release']})",
        date=meta["release"], address=ISTAT_LIST,
        summary="ISTAT's list of regions, provinces and comuni, with their codes and parents.",
    )


def resolve(entity: Entity) -> tuple[istat.Territory, ...]:
    """The reference territories an administrative territory entity may be.

    By its ``istat`` identifier when it has one, else by name (and aliases, if the name
    alone finds nothing) at its level.

    Examples
    --------
    >>> t = Entity("t-lucca", "Lucca", "territory", level="municipality")
    >>> [x.code for x in resolve(t)]
    ['046017']
    """
    code = dict(entity.identifiers).get("istat")
    if code is not None:
        try:
            return (istat.by_code(code),)
        except KeyError:
            return ()
    for name in (entity.name, *entity.aliases):
        found = istat.find(name, entity.level)
        if found:
            return found
    return ()


class _Completion:
    """The entities and records added to a dataset from the reference."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.by_code: dict[str, str] = {}
        self.lines = {t.code: line for line, t in enumerate(istat.reference(), start=2)}
        self.stated = {(r.subject, r.relation, r.object) for r in dataset.relations}
        self.added = 0

    def entity_for(self, territory: istat.Territory) -> str:
        """The entity id of *territory*, added (with its ancestors' links) when new."""
        found = self.by_code.get(territory.code)
        if found is None:
            found = f"istat-{territory.code}"
            self.dataset.entities[found] = Entity(
                found, territory.name, "territory", level=territory.level,
                identifiers=(("istat", territory.code),),
                note="Added from ISTAT's reference: no document names it.")
            self.by_code[territory.code] = found
            self.link_to_parent(territory)
        return found

    def link_to_parent(self, territory: istat.Territory) -> None:
        if territory.parent:
            parent = istat.by_code(territory.parent)
            self.relate(self.by_code[territory.code], Rel.PART_OF, self.entity_for(parent),
                        territory.code)

    def relate(self, subject: str, relation: Rel, obj: str, code: str,
               note: str | None = None) -> None:
        if (subject, relation, obj) in self.stated:
            return
        self.stated.add((subject, relation, obj))
        self.dataset.relations.append(RelationRecord(
            id=stable_id(REFERENCE_DOCUMENT, subject, relation, obj), subject=subject,
            relation=relation.value, object=obj,
            locator=Locator(REFERENCE_DOCUMENT, self.lines[code], 0, 0),
            confidence=Confidence.STATED.value if note is None else Confidence.INFERRED.value,
            method=Method.REFERENCE.value, note=note))
        self.added += 1


def complete_territories(dataset: Dataset, where: Callable[[str], tuple[str, int]]
                         ) -> list[Problem]:
    """Resolve the territories of *dataset* and add what the reference says (see above).

    Parameters
    ----------
    dataset
        A dataset as loaded; changed in place.
    where
        The file and line of an entity's record, for problems.

    Returns
    -------
    list of Problem
        Administrative territories the reference does not know, or knows several of.
    """
    problems: list[Problem] = []
    completion = _Completion(dataset)
    resolved: list[tuple[str, istat.Territory]] = []
    for entity in list(dataset.entities.values()):
        if entity.type != "territory" or entity.level not in _ADMIN_LEVELS:
            continue
        found = resolve(entity)
        if len(found) != 1:
            problems.append(Problem(*where(entity.id), _unresolved(entity, found)))
            continue
        territory = found[0]
        if territory.code in completion.by_code:
            problems.append(Problem(*where(entity.id), (
                f"{entity.id} and {completion.by_code[territory.code]} are the same ISTAT "
                f"territory ({territory.name}, {territory.code}): keep one")))
            continue
        completion.by_code[territory.code] = entity.id
        dataset.entities[entity.id] = dataclasses.replace(
            entity, identifiers=tuple(sorted({**dict(entity.identifiers),
                                              "istat": territory.code}.items())))
        resolved.append((entity.id, territory))
    for _, territory in resolved:
        completion.link_to_parent(territory)
    for entity in list(dataset.entities.values()):
        level = GOVERNING.get(entity.type)
        found = istat.find(entity.name, level) if level else ()
        if len(found) == 1:
            completion.relate(entity.id, Rel.LOCATED_IN, completion.entity_for(found[0]),
                              found[0].code, note="the body's name states the territory")
    if completion.added:
        dataset.documents[REFERENCE_DOCUMENT] = reference_document()
    return problems


def reference_territories(dataset: Dataset, codes: Iterable[str]) -> dict[str, str]:
    """The entity of each ISTAT code of *codes* in *dataset*, adding the ones it lacks.

    A code already borne by a territory of the dataset gives that territory; any other is
    added from the reference as :func:`complete_territories` adds them (``istat-<code>``,
    with ``part_of`` links up to its region). Codes the reference does not know are left
    out; a metropolitan city's historic code gives the city.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> found = reference_territories(ds, ["046017", "072006", "999999"])
    >>> found, ds.entities["istat-072006"].name
    ({'046017': 't-lucca', '072006': 'istat-072006'}, 'Bari')
    """
    completion = _Completion(dataset)
    completion.by_code = {code: entity.id for entity in dataset.entities.values()
                          if entity.type == "territory" and entity.level in _ADMIN_LEVELS
                          and (code := dict(entity.identifiers).get("istat"))}
    found: dict[str, str] = {}
    for code in sorted(set(codes)):
        try:
            found[code] = completion.entity_for(istat.by_code(code))
        except KeyError:
            continue
    if completion.added:
        dataset.documents[REFERENCE_DOCUMENT] = reference_document()
    return found


def _unresolved(entity: Entity, found: tuple[istat.Territory, ...]) -> str:
    if not found:
        code = dict(entity.identifiers).get("istat")
        what = f"ISTAT code {code!r}" if code else f"{entity.level} named {entity.name!r}"
        return (f"territory {entity.id}: ISTAT's reference has no {what}; give its "
                "identifiers: {istat: CODE}, or level: area if it is not administrative")
    listed = ", ".join(f"{t.name} ({t.level}, {t.code})" for t in found)
    return (f"territory {entity.id} ({entity.name!r}) may be any of {listed}: give its "
            "identifiers: {istat: CODE}")
