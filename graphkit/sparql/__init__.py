"""SPARQL: queries on a pyoxigraph store, the named queries, stores kept on disk, the
read-only endpoint and the Graph Store push.

:mod:`~graphkit.sparql.query`, :mod:`~graphkit.sparql.store`, :mod:`~graphkit.sparql.serve`,
:mod:`~graphkit.sparql.push`; :mod:`~graphkit.sparql.guard` checks every query before the
engine sees it; the named queries are package data in ``queries/*.rq``.
"""
