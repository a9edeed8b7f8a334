"""Exports: every file ``graphkit build`` writes, deterministic and written atomically.

:mod:`~graphkit.export.build` writes RDF, GraphML, CSV, Kumu and the measures;
:mod:`graphkit.export.html` renders the interactive page of a view.
"""
