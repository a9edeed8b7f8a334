"""Measures as they are written out: rounded, per node.

No graph library here, so that writing measures out imports none.

Examples
--------
>>> rounded(1 / 3)
0.3333333333
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from graphkit.schema.vocabulary import NETWORK_MEASURES

if TYPE_CHECKING:
    from graphkit.algorithms.table import MetricsTable


#: Decimals kept of a measure: iterative solvers differ in the last bits between runs.
MEASURE_DECIMALS = 10


def rounded(value: object) -> object:
    """A measure rounded to :data:`MEASURE_DECIMALS` (other values as they are).

    Examples
    --------
    >>> rounded(0.1 + 0.2), rounded("cna")
    (0.3, 'cna')
    """
    return round(value, MEASURE_DECIMALS) + 0.0 if isinstance(value, float) else value


def node_metrics(table: MetricsTable | None) -> dict[str, dict[str, object]]:
    """Measures per node id from a :class:`MetricsTable`, rounded (:func:`rounded`) so that
    exports are byte-identical across runs; empty for no table."""
    if table is None:
        return {}
    names = [c for c in table.columns if c in NETWORK_MEASURES]
    return {row["id"]: {m: rounded(row[m]) for m in names if row.get(m) is not None}
            for row in table.rows}


def by_measure(values: Mapping[str, Mapping[str, object]] | None
               ) -> dict[str, dict[str, object]] | None:
    """Measures per node (:func:`node_metrics`) turned into nodes per measure, as the
    interactive page takes them; None for none.

    Examples
    --------
    >>> by_measure({"a": {"degree": 1}, "b": {"degree": 2, "core": 1}})
    {'core': {'b': 1}, 'degree': {'a': 1, 'b': 2}}
    """
    if not values:
        return None
    names = sorted({m for measures in values.values() for m in measures})
    return {m: {node: measures[m] for node, measures in values.items() if m in measures}
            for m in names}
