"""The records of a dataset and the loader that reads and checks ``data/``.

No networkx, no rdflib: :mod:`~graphkit.model.records` holds the dataclasses,
:mod:`~graphkit.model.load` reads and validates the YAML (every problem with file and
line), :mod:`~graphkit.model.locators` checks spans against the source texts and
:mod:`~graphkit.model.names` folds names for comparison.
"""
