"""SQL literals for the DuckDB queries of the imported data: strings and lists of strings,
quoted as SQL quotes them (a quote doubled).

Examples
--------
>>> sql_string("dati/l'aquila.parquet")
"'dati/l''aquila.parquet'"
>>> sql_list(["08", "l'x"])
"['08', 'l''x']"
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def sql_string(value: Path | str) -> str:
    """*value* (a path, a code) as a quoted SQL string."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_list(values: Iterable[Path | str]) -> str:
    """*values* as a SQL list literal of strings."""
    return "[" + ", ".join(map(sql_string, values)) + "]"
