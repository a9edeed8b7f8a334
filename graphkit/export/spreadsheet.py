"""Text for CSV cells that a spreadsheet will not run as a formula.

A spreadsheet opening a CSV file runs a cell that begins with ``=``, ``+``, ``-`` or
``@`` (and, in some, a tab or a carriage return) as a formula: a name such as
``=HYPERLINK("http://…")`` in the data would become a live link or worse (CSV
injection). As OWASP recommends, such a cell gets a single quote in front, which
spreadsheets show as a text marker; every CSV graphkit writes (``nodes.csv``,
``edges.csv``, ``metrics.csv``, and ``--format csv`` of every command) passes its text
cells through :func:`safe_cell`. Numbers are written as they are.

Examples
--------
>>> safe_cell('=HYPERLINK("http://example.org")')
'\\'=HYPERLINK("http://example.org")'
>>> safe_cell("--03-25"), safe_cell("CGIL Lucca")
("'--03-25", 'CGIL Lucca')
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """*text*, with a single quote in front when it begins like a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
