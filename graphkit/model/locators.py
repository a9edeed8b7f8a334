"""Locators: paragraphs of a source text, and the check of every span against the texts."""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.errors import Problem, display_path
from graphkit.model.names import normalise
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


def check_locators(dataset: Dataset, *sources_dirs: Path | str) -> list[Problem]:
    """Check every locator of *dataset* against the source texts in *sources_dirs*.

    A mention's span must hold the entity's name or one of its aliases (compared as
    :func:`~graphkit.model.names.normalise` folds them: case, accents, quotes, spacing),
    unless the mention is anaphoric; every span must lie inside the paragraph it names.
    Documents whose source file is in none of the folders are skipped; a folder that
    does not exist, or holds the source of no document, is a problem of its own (so that
    a mistyped folder cannot pass for a clean check).
    """
    problems: list[Problem] = []
    texts: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for folder in map(Path, sources_dirs):
        if not folder.is_dir():
            problems.append(Problem(display_path(folder), 0, "sources folder not found"))
            continue
        found = 0
        for doc in dataset.documents.values():
            path = folder / doc.source_file
            if doc.id not in texts and path.is_file():
                found += 1
                try:
                    text = path.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    problems.append(Problem(display_path(path), 0, (
                        f"not valid UTF-8 ({exc.reason} at byte {exc.start}): spans count "
                        "characters of the UTF-8 text; save it as UTF-8 (ingest keeps such a "
                        "copy of what it reads)")))
                    continue
                texts[doc.id] = (text, paragraphs(text))
        if not found:
            problems.append(Problem(display_path(folder), 0, "holds the source text of no "
                                    "document of the dataset: nothing was checked"))

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
        if mention.anaphoric:
            continue
        surface = texts[mention.locator.document][0][mention.locator.start:mention.locator.end]
        if normalise(surface) not in {normalise(n) for n in (entity.name, *entity.aliases)}:
            problems.append(Problem(f"documents/{mention.locator.document}.yaml", 0,
                                    f"mention of {entity.id} points at {surface!r}, which is "
                                    "not its name or an alias"))
    for record in (*dataset.relations, *dataset.facts):
        if record.locator.document in texts:
            problem = where(record.locator, f"{type(record).__name__.lower()} {record.id}")
            if problem:
                problems.append(problem)
    return problems
