"""What the importers share: the error, DuckDB set-up, reading published files, staged output.

Published files are read as they are: Parquet directly, ``;``-separated CSV (also inside
a zip archive, extracted to a scratch folder first) with every column as text, in UTF-8
(a byte-order mark is fine) or Latin-1 when the file is not UTF-8. Output is written into
a hidden folder beside the target and renamed into place only when complete.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from graphkit.errors import OpenDataError
from graphkit.schema.identifiers import SQL_MACROS
from graphkit.sql import sql_string

_RELEASE_RE = re.compile(r"(20[0-9]{2})([01][0-9])([0-3][0-9])")


@dataclass(frozen=True)
class Source:
    """One table to read: a Parquet file, a CSV file, or a CSV member of a zip archive.

    Attributes
    ----------
    name : str
        How messages and the manifest name it (``file.zip:member.csv`` for a member).
    path : Path
        The file DuckDB reads (an extracted copy for a zip member).
    kind : str
        ``parquet`` or ``csv``.
    size : int
        Size in bytes of the published file (the archive, for a member).
    encoding : str
        ``utf-8`` or ``latin-1`` for CSV (decided on reading); empty for Parquet.
    delim : str
        The CSV field separator (``;`` for OpenCoesione, ``,`` for IndicePA).
    """

    name: str
    path: Path
    kind: str
    size: int
    encoding: str = ""
    delim: str = ";"
    header: tuple[str, ...] = ()

    def scan(self, encoding: str | None = None) -> str:
        """The DuckDB table function reading this source, every CSV column as text."""
        path = sql_string(self.path)
        if self.kind == "parquet":
            return f"read_parquet({path}, file_row_number = true)"
        enc = encoding or self.encoding or "utf-8"
        names = ", ".join(f"{sql_string(n)}: 'VARCHAR'" for n in self.header)
        return (f"read_csv({path}, delim = '{self.delim}', quote = '\"', escape = '\"', "
                f"header = true, auto_detect = false, columns = {{{names}}}, "
                f"encoding = '{enc}', strict_mode = true, max_line_size = 10000000)")


@dataclass
class Tally:
    """Counts for the manifest: rows read, kept and dropped (with the reason)."""

    read: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)


def release_of(path: Path) -> str | None:
    """The release date ``YYYY-MM-DD`` that a published file name carries, if any.

    >>> release_of(Path("soggetti_20250630.parquet")), release_of(Path("enti.csv"))
    ('2025-06-30', None)
    """
    match = _RELEASE_RE.search(path.name)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def connect(scratch: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to *scratch*, with graphkit's identifier macros.

    The memory limit is ``GRAPHKIT_DUCKDB_MEMORY`` (default ``3GB``).
    """
    con = duckdb.connect(config={
        "memory_limit": os.environ.get("GRAPHKIT_DUCKDB_MEMORY", "3GB"),
        "temp_directory": str(scratch / "duckdb.tmp"),
        "preserve_insertion_order": True,
    })
    con.execute("SET enable_progress_bar = false")
    for macro in SQL_MACROS:
        con.execute(macro)
    return con


def open_sources(paths: Sequence[Path], scratch: Path, delim: str = ";") -> list[Source]:
    """Check each published file and list the tables it holds (zip members extracted).

    Raises
    ------
    OpenDataError
        A file is missing, of an unknown kind, a truncated Parquet file or zip archive,
        or an archive without a CSV member.
    """
    sources: list[Source] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise OpenDataError(f"{path}: no such file")
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            _check_parquet(path, size)
            sources.append(Source(path.name, path, "parquet", size))
        elif suffix == ".csv":
            sources.append(Source(path.name, path, "csv", size, delim=delim))
        elif suffix == ".zip":
            sources.extend(_extract(path, size, scratch, delim))
        else:
            raise OpenDataError(f"{path}: expected a .parquet, .csv or .zip file")
    return sources


def _check_parquet(path: Path, size: int) -> None:
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if size < 12 or head != b"PAR1" or tail != b"PAR1":
        raise OpenDataError(f"{path}: not a complete Parquet file (truncated, or another "
                            "format): the 'PAR1' marks at its start and end are missing")


def _extract(path: Path, size: int, scratch: Path, delim: str) -> list[Source]:
    out: list[Source] = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(m for m in archive.namelist() if m.lower().endswith(".csv"))
            if not members:
                raise OpenDataError(f"{path}: the archive holds no .csv file")
            folder = Path(tempfile.mkdtemp(prefix="unzip.", dir=scratch))
            for index, member in enumerate(members):
                target = folder / f"{index:03d}.csv"
                with archive.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                out.append(Source(f"{path.name}:{member}", target, "csv", size, delim=delim))
    except (zipfile.BadZipFile, EOFError) as exc:
        raise OpenDataError(f"{path}: not a complete zip archive (truncated or corrupt): "
                            f"{exc}") from exc
    return out


def columns_of(con: duckdb.DuckDBPyConnection, source: Source) -> tuple[Source, list[str]]:
    """The column names of *source*; for CSV also its header and a first guess of encoding.

    Only a CSV file's first line is read in Python (to name the columns, all read as text);
    the rows are parsed by DuckDB, which checks each has as many fields as the header.
    """
    if source.kind == "parquet":
        return source, _describe(con, source)
    with source.path.open("rb") as handle:
        first = handle.readline()
    try:
        line, encoding = first.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        line, encoding = first.decode("latin-1"), "latin-1"
    names = next(csv.reader([line], delimiter=source.delim), [])
    if not names or len(set(names)) != len(names):
        raise OpenDataError(f"{source.name}, line 1: no header, or a repeated column name")
    return replace(source, header=tuple(names), encoding=encoding), names


def settle_encoding(con: duckdb.DuckDBPyConnection, source: Source) -> Source:
    """Read a CSV source through once: UTF-8 if every byte decodes, else Latin-1.

    Raises
    ------
    OpenDataError
        A row DuckDB cannot parse (wrong number of fields, unterminated quote), with its line.
    """
    if source.kind != "csv":
        return source
    try:  # every column is decoded, so a byte that is not UTF-8 shows here
        con.execute(f"SELECT count(COLUMNS(*)) FROM {source.scan()}").fetchone()
    except duckdb.Error as exc:
        if source.encoding == "latin-1" or "utf-8" not in str(exc).lower():
            raise duckdb_error(source, exc) from exc
        source = replace(source, encoding="latin-1")
        try:
            con.execute(f"SELECT count(COLUMNS(*)) FROM {source.scan()}").fetchone()
        except duckdb.Error as exc2:
            raise duckdb_error(source, exc2) from exc2
    return source


def _describe(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {source.scan()}").fetchall()
    except duckdb.Error as exc:
        raise duckdb_error(source, exc) from exc
    return [row[0] for row in rows if row[0] != "file_row_number"]


def duckdb_error(source: Source, exc: Exception) -> OpenDataError:
    """An :class:`OpenDataError` naming the file (and the line, when DuckDB gives one)."""
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    where = f"{source.name}, line {line[1]}" if line else source.name
    first = next((part.strip() for part in text.splitlines()[1:3]
                  if part.strip() and not part.startswith("Original Line")), "")
    head = text.splitlines()[0] if text else type(exc).__name__
    return OpenDataError(f"{where}: cannot read: {head}{' — ' + first if first else ''}")


def row_number_of(con: duckdb.DuckDBPyConnection, source: Source, where: str) -> int | None:
    """The 1-based data row (header excluded) of the first row matching *where*.

    Used only to word an error: Parquet gives it directly; CSV is scanned again in order.
    """
    if source.kind == "parquet":
        row = con.execute(f"SELECT min(file_row_number) FROM {source.scan()} "
                          f"WHERE {where}").fetchone()
        return None if row is None or row[0] is None else int(row[0]) + 1
    con.execute("SET threads = 1")
    try:
        row = con.execute(f"SELECT min(n) FROM (SELECT *, row_number() OVER () AS n "
                          f"FROM {source.scan()}) WHERE {where}").fetchone()
    finally:
        con.execute("RESET threads")
    return None if row is None or row[0] is None else int(row[0])


@contextmanager
def staged_folder(target: Path) -> Iterator[tuple[Path, Path]]:
    """Yield ``(staging, scratch)``; on success the staging folder replaces *target*.

    Both live beside *target* (same file system, so the final rename is atomic) and are
    removed whatever happens; on failure *target* is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".scratch",
                                    dir=target.parent))
    try:
        yield staging, scratch
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                        dir=target.parent))
            os.replace(target, old / "previous")
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


def copy_parquet(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    """Write *query* (which must be ordered) to *path* as Parquet; return its row count."""
    target = sql_string(path)
    con.execute(f"COPY ({query}) TO {target} (FORMAT PARQUET, COMPRESSION ZSTD, "
                "ROW_GROUP_SIZE 122880)")
    row = con.execute(f"SELECT count(*) FROM read_parquet({target})").fetchone()
    return int(row[0]) if row else 0


def write_json(path: Path, data: object) -> None:
    """Pretty, key-sorted JSON with a final newline (byte-stable for the same data)."""
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
