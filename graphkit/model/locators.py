"""Locators: paragraphs of a source text, and the check of every span against the texts."""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.errors import Problem
from graphkit.model.records import Dataset, Locator


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of *text* (blocks separated by blank lines).

    Examples
    --------
    >>> paragraphs("uno\\n\\ndue\\n tre\\n\\n")
    [(0, 3), (5, 13)]
    """
    ranges = []
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        start, end = match.span()
        ranges.append((start, end - 1 if text[end - 1:end] == "\n" else end))
    return ranges


def check_locators(dataset: Dataset, sources_dir: Path | str) -> list[Problem]:
    """Check every locator of *dataset* against the source texts in *sources_dir*.

    A mention's span must hold the entity's name or one of its aliases, and every
    span must lie inside the paragraph it names. Documents whose source file is
    absent are skipped.
    """
    sources_dir = Path(sources_dir)
    problems: list[Problem] = []
    texts: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for doc in dataset.documents.values():
        path = sources_dir / doc.source_file
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            texts[doc.id] = (text, paragraphs(text))

    def where(loc: Locator, what: str) -> Problem | None:
        paras = texts[loc.document][1]
        if loc.paragraph > len(paras):
            return Problem(f"documents/{loc.document}.yaml", 0,
                           f"{what}: paragraph {loc.paragraph} does not exist "
                           f"({len(paras)} paragraphs)")
        start, end = paras[loc.paragraph - 1]
        if not (start <= loc.start and loc.end <= end):
            return Problem(f"documents/{loc.document}.yaml", 0,
                           f"{what}: span {loc.start}-{loc.end} is outside paragraph "
                           f"{loc.paragraph} ({start}-{end})")
        return None

    for mention in dataset.mentions:
        if mention.locator.document not in texts:
            continue
        entity = dataset.entities[mention.entity]
        problem = where(mention.locator, f"mention of {entity.id}")
        if problem:
            problems.append(problem)
            continue
        surface = texts[mention.locator.document][0][mention.locator.start:mention.locator.end]
        if surface.casefold() not in {n.casefold() for n in (entity.name, *entity.aliases)}:
            problems.append(Problem(f"documents/{mention.locator.document}.yaml", 0,
                                    f"mention of {entity.id} points at {surface!r}, which is "
                                    "not its name or an alias"))
    for record in (*dataset.relations, *dataset.facts):
        if record.locator.document in texts:
            problem = where(record.locator, f"{type(record).__name__.lower()} {record.id}")
            if problem:
                problems.append(problem)
    return problems
