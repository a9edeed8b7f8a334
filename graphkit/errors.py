"""Errors that graphkit reports to users in words, not tracebacks."""

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


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
