"""Draft graph records from Italian texts (``graphkit ingest``).

The pipeline: :func:`~graphkit.extract.text.read_source` (encoding, HTML) →
:func:`~graphkit.extract.draft.extract` (names resolved by
:mod:`~graphkit.extract.entities`, relations by :mod:`~graphkit.extract.relations`,
values by :mod:`~graphkit.extract.values`) → :func:`~graphkit.extract.draft.write_drafts`;
after review, :func:`~graphkit.extract.merge.merge_draft` adds a draft to ``data/``.

Examples
--------
>>> from graphkit.extract.draft import extract
>>> from graphkit.extract.entities import Registry
>>> from graphkit.extract.text import decode_source
>>> draft = extract(decode_source("La Fondazione Aria patrocina il progetto “Ali”.".encode(),
...                               "nota.txt"), Registry())
>>> sorted(e.name for e in draft.entities)
['Ali', 'Fondazione Aria']
"""
