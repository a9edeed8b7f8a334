"""Every error graphkit raises on purpose: a message meant for a person, never a traceback.

All derive from :class:`GraphkitError`; the command line turns one into its message and
exit status 1. Messages speak of the data and the arguments, not of command-line flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class GraphkitError(Exception):
    """An error with a message meant for the user; the CLI exits non-zero on it."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file: where, and what.

    Examples
    --------
    >>> str(Problem("data/entities.yaml", 12, "duplicate id 'cna'"))
    "data/entities.yaml:12: duplicate id 'cna'"
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class DataError(GraphkitError):
    """The dataset is malformed; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class UnknownEntityError(GraphkitError):
    """No entity answers to a name; carries the closest names found."""

    def __init__(self, query: str, suggestions: list[tuple[str, str]], what: str = "entity"):
        self.query = query
        self.suggestions = suggestions
        hint = ""
        if suggestions:
            hint = "; did you mean " + ", ".join(f"{label} ({node})"
                                                 for node, label in suggestions) + "?"
        super().__init__(f"no {what} named {query!r}{hint}")


class AmbiguousEntityError(GraphkitError):
    """Several entities answer to the same name."""

    def __init__(self, query: str, candidates: list[tuple[str, str]]):
        self.query = query
        self.candidates = candidates
        listed = ", ".join(f"{label} ({node})" for node, label in candidates)
        super().__init__(f"{query!r} may be any of {listed}: give the id")


class EmptyViewError(GraphkitError):
    """The chosen view has no node left."""


class QueryError(GraphkitError):
    """A query that cannot be run: bad syntax, an UPDATE, an unknown name or parameter."""


class QueryLimitError(QueryError):
    """A query too long or too deeply nested to be given to the engine."""


class ServiceRefusedError(QueryError):
    """A query calling a remote SPARQL service while federation is off."""


class ResultLimitError(QueryError):
    """A query result larger than the limit it was run with."""


class TimeLimitError(GraphkitError):
    """Work stopped because it ran past its time limit."""


class ProcessCrashError(GraphkitError):
    """Work whose child process died: a crash, or memory exhausted."""


class WriteError(GraphkitError):
    """Files that could not be written: a full disk, a read-only folder, a file in the way."""


class StoreError(GraphkitError):
    """A store folder that graphkit cannot use or replace."""


class ServeError(GraphkitError):
    """The endpoint could not be prepared or started."""


class PushError(GraphkitError):
    """A push that failed, saying what was and was not replaced."""


class OpenDataError(GraphkitError):
    """A published open-data file cannot be imported as it is; the message says where and why."""


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
