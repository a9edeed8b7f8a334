"""Output options shared by every command: ``--format table|csv|json``.

Every command that prints records decorates itself with :func:`output_options`
and prints through :func:`emit`, so all commands speak the same way. Tables fit the
terminal (100 columns when the output is not one): long texts wrap in their cells, and a
table too wide even so is printed in blocks of columns, each repeating the first. Text cells
of the CSV output are made safe to open in a spreadsheet
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
import shutil
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import click

from graphkit.export.spreadsheet import safe_cell

FORMATS = ("table", "csv", "json")
#: Width of a table when the output is not a terminal.
TABLE_WIDTH = 100
#: Text columns wrap down to this width before a table is split into blocks.
NARROWEST = 14
_GAP = "  "


def output_options(command: Callable) -> Callable:
    """Add ``--format`` to a click command (as the ``fmt`` parameter)."""
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format: an aligned table for reading, CSV or JSON for other tools.",
    )(command)


def _cell(value: Any, table: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if table else f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, table) for v in value)
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


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _natural(cells: list[list[str]], columns: Sequence[str]) -> list[int]:
    """Each column's width with nothing wrapped: its longest cell or its header."""
    return [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]


def _longest_words(cells: list[list[str]], columns: Sequence[str]) -> list[int]:
    """Each column's longest word: the narrowest it wraps to without cutting a word."""
    return [max(len(word) for text in (c, *(r[i] for r in cells)) for word in text.split()
                or [""]) for i, c in enumerate(columns)]


def _narrowed(widths: Sequence[int], floors: Sequence[int], width: int) -> list[int]:
    """*widths* narrowed, the widest columns first and together, each down to its floor at
    most, until the table fits *width* (or every column is at its floor).

    Examples
    --------
    >>> _narrowed([45, 11, 42], [14, 11, 14], 60)
    [22, 11, 23]
    """
    widths = list(widths)
    excess = sum(widths) + len(_GAP) * (len(widths) - 1) - width
    while excess > 0:
        cuttable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not cuttable:
            break
        widest = max(widths[i] for i in cuttable)
        at_widest = [i for i in cuttable if widths[i] == widest]
        level = max([floors[i] for i in at_widest]
                    + [widths[i] for i in cuttable if widths[i] < widest])
        cut = min(excess, (widest - level) * len(at_widest))
        share, extra = divmod(cut, len(at_widest))
        for n, i in enumerate(at_widest):
            widths[i] -= share + (1 if n < extra else 0)
        excess -= cut
    return widths


def _fitted(natural: Sequence[int], words: Sequence[int], numeric: Sequence[bool],
            width: int) -> list[int]:
    """Column widths for *width*: text columns wrap at spaces first (never below their
    longest word), then, if the table is still too wide, down to :data:`NARROWEST`;
    numbers are never wrapped."""
    whole = [n if num else min(n, max(NARROWEST, w))
             for n, w, num in zip(natural, words, numeric, strict=True)]
    narrowest = [n if num else min(n, NARROWEST) for n, num in zip(natural, numeric, strict=True)]
    return _narrowed(_narrowed(natural, whole, width), narrowest, width)


def _blocks(widths: list[int], width: int) -> list[list[int]]:
    """Column indexes of each block: the first column, then as many as fit."""
    blocks: list[list[int]] = [[0]]
    used = widths[0]
    for i in range(1, len(widths)):
        if len(blocks[-1]) > 1 and used + len(_GAP) + widths[i] > width:
            blocks.append([0])
            used = widths[0]
        blocks[-1].append(i)
        used += len(_GAP) + widths[i]
    return blocks


def _table(rows: list[Mapping[str, Any]], columns: Sequence[str], width: int) -> list[str]:
    cells = [[_cell(row.get(c), table=True) for c in columns] for row in rows]
    numeric = [bool(rows) and all(_is_number(row.get(c)) for row in rows) for c in columns]
    natural, words = _natural(cells, columns), _longest_words(cells, columns)
    out: list[str] = []
    for number, block in enumerate(_blocks(_fitted(natural, words, numeric, width), width)):
        if number:
            out.append("")
        # each block is fitted again on its own: its columns share the width it has
        widths = dict(zip(block, _fitted(*([seq[i] for i in block]
                                           for seq in (natural, words, numeric)), width),
                          strict=True))

        def line(values: Sequence[str], block: list[int] = block,
                 widths: dict[int, int] = widths) -> list[str]:
            wrapped = [textwrap.wrap(values[i], widths[i], break_on_hyphens=False) or [""]
                       for i in block]
            return [_GAP.join(part[k].rjust(widths[i]) if numeric[i] and k < len(part)
                              else (part[k] if k < len(part) else "").ljust(widths[i])
                              for part, i in zip(wrapped, block, strict=True)).rstrip()
                    for k in range(max(len(p) for p in wrapped))]

        out += line(columns)
        out.append(_GAP.join("-" * widths[i] for i in block))
        for row in cells:
            out += line(row)
    return out


def render(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
           *, title: str | None = None, width: int | None = None) -> str:
    """Render *rows* (restricted to *columns*) as a table, CSV or JSON text.

    A table fits *width* columns (the terminal's, or :data:`TABLE_WIDTH`).

    Examples
    --------
    >>> rows = [{"a": "uno due tre quattro cinque sei", "n": 1}]
    >>> print(render(rows, ["a", "n"], "table", width=20))
    a                  n
    -----------------  -
    uno due tre        1
    quattro cinque
    sei
    <BLANKLINE>
    """
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
    if width is None:
        width = shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
    out = [part for line in (title or "").splitlines()
           for part in textwrap.wrap(line, width, subsequent_indent="  ") or [""]]
    out += [""] if title else []
    out += _table(rows, columns, width)
    return "\n".join(out) + "\n"


def emit(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str,
         *, title: str | None = None) -> None:
    """Print *rows* in *fmt*; the *title* is shown only in table format."""
    click.echo(render(rows, columns, fmt, title=title), nl=False)
