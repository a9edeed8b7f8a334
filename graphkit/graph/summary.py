"""Counts and totals over the whole dataset (the :data:`graphkit.schema.vocabulary.SUMMARIES`).

Overview questions ("which organisations are in more than one network?",
"how many organisations per territory?", "how much does each funder give?")
aggregate over every record. On a national-scale graph a SPARQL ``GROUP BY``
over millions of triples takes seconds, so graphkit computes these figures
once, when the RDF is generated, and writes them into the registry graph
(:func:`graphkit.rdf.mapping.registry_blocks`); the named queries read them back.
Each function here states the rule it counts by, and the tests check it
against the same aggregate written in SPARQL over the records.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> ds = load_dataset()
>>> network_counts(ds)["confimi-bergamo"]
2
>>> ranks(ds, network_counts(ds))["confcooperative-bergamo"]
34
>>> organisation_counts(ds)["t-toscana"] > organisation_counts(ds)["t-provincia-lucca"]
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from graphkit.graph.territories import enclosing_territories
from graphkit.model.records import Dataset
from graphkit.schema.vocabulary import (
    DEFAULT_CURRENCY,
    NETWORK_RELATIONS,
    NETWORKS,
    NODE_TYPES,
    TERRITORIES,
    Group,
    Rel,
)


def network_counts(dataset: Dataset) -> dict[str, int]:
    """How many distinct networks each organisation takes part in.

    A network is an entity of a type in :data:`graphkit.schema.vocabulary.NETWORKS`
    (project, protocol, programme, network, consortium) that the organisation
    is related to by a participation relation (lead partner, partner, funds,
    manages, promotes, signatory, supports, patron) or by ``member_of``, in
    any document. Every organisation gets a count, 0 included.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> network_counts(load_dataset())["confcooperative-bergamo"]
    2
    """
    networks: dict[str, set[str]] = {
        entity_id: set() for entity_id, entity in dataset.entities.items()
        if NODE_TYPES[entity.type].group is Group.ORGANISATION}
    for record in dataset.relations:
        if (record.relation in NETWORK_RELATIONS and record.subject in networks
                and dataset.entities[record.object].type in NETWORKS):
            networks[record.subject].add(record.object)
    return {entity_id: len(found) for entity_id, found in sorted(networks.items())}


def ranks(dataset: Dataset, counts: Mapping[str, int]) -> dict[str, int]:
    """Positions from 1 by *counts*, highest first, ties by entity name, then by id.

    Every entity gets its own position (``gk:networkRank``,
    ``gk:organisationRank``). A ranked list ("the 100 organisations in most
    networks") then reads a few triples instead of sorting every entity, and a
    store orders by a small integer instead of comparing names, which on disk
    means reading every name again for each comparison.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ranks(load_dataset(), {"regione-toscana": 1, "cgil": 2, "comune-carrara": 1})
    {'cgil': 1, 'comune-carrara': 2, 'regione-toscana': 3}
    """
    order = sorted(counts, key=lambda i: (-counts[i], dataset.entities[i].name, i))
    return {entity_id: position for position, entity_id in enumerate(order, 1)}


def organisation_counts(dataset: Dataset) -> dict[str, int]:
    """How many distinct organisations are located in each territory.

    An organisation located in (``located_in``) a territory counts for that
    territory and for every territory it lies within (``part_of``, followed
    transitively). Every territory gets a count, 0 included.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> counts = organisation_counts(load_dataset())
    >>> counts["t-voghera"], counts["t-lombardia"]
    (2, 17)
    """
    links = [(r.subject, r.object) for r in dataset.relations if r.relation == Rel.PART_OF
             and dataset.entities[r.subject].type in TERRITORIES]
    located: dict[str, set[str]] = {
        entity_id: set() for entity_id, entity in dataset.entities.items()
        if entity.type in TERRITORIES}
    enclosing = enclosing_territories(links, located)
    for record in dataset.relations:
        if (record.relation == Rel.LOCATED_IN
                and NODE_TYPES[dataset.entities[record.subject].type].group
                is Group.ORGANISATION):
            for territory in enclosing[record.object]:
                located[territory].add(record.subject)
    return {entity_id: len(found) for entity_id, found in sorted(located.items())}


@dataclass
class FundingTotal:
    """What one funder funds, as totalled by :func:`funding_totals`.

    Attributes
    ----------
    items : set of str
        The distinct initiatives it funds.
    stated_amounts : int
        Its distinct grants (initiative, amount, currency) that state an amount.
    totals : dict of str to Decimal
        The sum of those amounts, per currency.
    """

    items: set[str] = field(default_factory=set)
    stated_amounts: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)


def funding_totals(dataset: Dataset) -> dict[str, FundingTotal]:
    """What each funder funds and the sum of the amounts stated, per currency.

    A grant is a ``funds`` relation; a grant restated by several documents
    (same funder, initiative, amount and currency) counts once, and grants
    without an amount add to ``items`` only. Amounts without a currency are in
    :data:`graphkit.schema.vocabulary.DEFAULT_CURRENCY`.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> total = funding_totals(load_dataset())["regione-lombardia"]
    >>> len(total.items), total.stated_amounts, total.totals
    (3, 1, {'EUR': Decimal('50000.00')})
    """
    grants: dict[str, set[tuple[str, Decimal | None, str | None]]] = defaultdict(set)
    for record in dataset.relations:
        if record.relation == Rel.FUNDS:
            currency = None if record.amount is None else record.currency or DEFAULT_CURRENCY
            grants[record.subject].add((record.object, record.amount, currency))
    totals: dict[str, FundingTotal] = {}
    for funder, found in sorted(grants.items()):
        total = totals[funder] = FundingTotal()
        for item, amount, currency in found:
            total.items.add(item)
            if amount is not None:
                total.stated_amounts += 1
                total.totals[currency] = total.totals.get(currency, Decimal(0)) + amount
    return totals
