"""Output options shared by every command: ``--format table|csv|json``.

Every command that prints records decorates itself with :func:`output_options`
and prints through :func:`emit`, so all commands speak the same way; text cells of
the CSV output are made safe to open in a spreadsheet
(:func:`graphkit.export.spreadsheet.safe_cell`).

Examples
--------
>>> emit([{"id": "cna", "degree": 3}], ["id", "degree"], "csv")
id,degree
cna,3
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import click

from graphkit.export.spreadsheet import safe_cell

FORMATS = ("table", "csv", "json")


def output_options(command: Callable) -> Callable:
    """Add ``--format`` to a click command (as the ``fmt`` parameter)."""
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format: an aligned table for reading, CSV or JSON for other tools.",
    )(command)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(_cell, value))
    return str(value)


def _csv_cell(value: Any) -> str:
    """A CSV cell: numbers as they are, text safe to open in a spreadsheet."""
    return _cell(value) if _is_number(value) else safe_cell(_cell(value))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def render(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
           *, title: str | None = None) -> str:
    """Render *rows* (restricted to *columns*) as a table, CSV or JSON text."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps([{c: row.get(c) for c in columns} for row in rows],
                          ensure_ascii=False, indent=2, default=_json_default) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(row.get(c)) for c in columns] for row in rows)
        return buffer.getvalue()
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(_is_number(row.get(c)) for row in rows) and rows for c in columns]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=False)).rstrip()

    out = [title, ""] if title else []
    out += [line(columns), line(["-" * w for w in widths]), *map(line, cells)]
    return "\n".join(out) + "\n"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def emit(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
         *, title: str | None = None) -> None:
    """Print *rows* in *fmt*; the *title* is shown only in table format."""
    click.echo(render(rows, columns, fmt, title=title), nl=False)
