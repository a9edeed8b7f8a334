"""Which development texts each extraction rule was written from, for leave-one-out scoring.

A rule written while reading a development document should also work on the documents it
was not written from. :func:`rule` records, for a named rule, the development documents
(ids of ``benchmarks/split.json``) whose text suggested it; the rule's code asks
:func:`enabled` before it acts; :func:`held_out` switches off, for the time of a ``with``
block, every rule written from a given document. ``benchmarks/bench_ingest.py --loo`` scores
each development document so, without the rules its own text suggested: a score that a
rule earns only on the page it was written from does not count.

Rules written from general knowledge of the genre or of Italian (a lexicon of national
bodies, grammar) name no document and are never switched off. The rules of the first
round (before this module) were written from all development texts and are not tagged:
leave-one-out measures what the tagged rules add.

Examples
--------
>>> name = rule("example-rule", "page_02", "page_11")
>>> enabled(name)
True
>>> with held_out("page_11"):
...     enabled(name)
False
>>> enabled(name)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: For each tagged rule, the development documents it was written from.
ORIGINS: dict[str, frozenset[str]] = {}
_OFF: ContextVar[frozenset[str]] = ContextVar("graphkit_rules_off", default=frozenset())


def rule(name: str, *documents: str) -> str:
    """Record that the rule *name* was written from *documents*; return *name*."""
    ORIGINS[name] = ORIGINS.get(name, frozenset()) | frozenset(documents)
    return name


def enabled(name: str) -> bool:
    """Whether the rule *name* may act (it is not held out)."""
    return name not in _OFF.get()


@contextmanager
def held_out(document: str) -> Iterator[frozenset[str]]:
    """Switch off, inside the block, every rule written from *document*; yields their names."""
    off = frozenset(name for name, docs in ORIGINS.items() if document in docs)
    token = _OFF.set(_OFF.get() | off)
    try:
        yield off
    finally:
        _OFF.reset(token)
