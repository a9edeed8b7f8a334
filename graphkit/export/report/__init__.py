"""A static report on a view: one HTML page (and a PDF on request) of figures and tables.

:func:`~graphkit.export.report.content.report_content` computes what the report says
(measures, communities, funders, initiatives per year, ties within and across regions,
evidence per actor); :mod:`~graphkit.export.report.render` lays it out with the plots of
:mod:`~graphkit.export.report.figures` (matplotlib).
"""
