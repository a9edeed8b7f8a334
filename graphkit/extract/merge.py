"""Add a reviewed draft to the curated data, refusing duplicates and conflicts.

Examples
--------
>>> merge_draft("draft", "data")  # doctest: +SKIP
MergeResult(entities=['fondazione-casa-verde'], documents=['005_press'])
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphkit.errors import DataError, GraphkitError
from graphkit.model.load import load_dataset
from graphkit.model.names import normalise


@dataclass
class MergeResult:
    """What a merge added: new entity ids and document ids."""

    entities: list[str]
    documents: list[str]


def _records(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    try:
        records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise GraphkitError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise GraphkitError(f"{path}: expected a list of entity records")
    return records


def _entity_block(path: Path) -> str:
    """The draft's entity records as written (comments at the top dropped)."""
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else ""


def check_draft(draft_dir: Path | str, data_dir: Path | str) -> list[str]:
    """Problems that forbid merging *draft_dir* into *data_dir* (empty when none)."""
    draft_dir, data_dir = Path(draft_dir), Path(data_dir)
    registry = load_dataset(data_dir).entities
    problems = []
    names = {}
    for entity in registry.values():
        for surface in (entity.name, *entity.aliases):
            names.setdefault((entity.type, normalise(surface)), entity.id)
    for record in _records(draft_dir / "entities.yaml"):
        ident = record.get("id")
        if ident in registry:
            same = (registry[ident].name, registry[ident].type) == (record.get("name"),
                                                                    record.get("type"))
            problems.append(f"entity {ident!r} is already in the registry"
                            + ("" if same else f" as {registry[ident].name!r} "
                               f"({registry[ident].type}): a conflicting record")
                            + "; drop it from the draft or give it another id")
            continue
        known = names.get((record.get("type"), normalise(str(record.get("name") or ""))))
        if known:
            problems.append(f"entity {ident!r} ({record.get('name')!r}) duplicates registry "
                            f"entity {known!r}: use that id in the draft instead")
    existing = {p.stem for p in (data_dir / "documents").glob("*.yaml")}
    documents = sorted((draft_dir / "documents").glob("*.yaml"))
    if not documents:
        problems.append(f"{draft_dir / 'documents'}: no document files in the draft")
    for path in documents:
        if path.stem in existing:
            problems.append(f"document {path.stem!r} is already in {data_dir / 'documents'}")
    return problems


def merge_draft(draft_dir: Path | str, data_dir: Path | str) -> MergeResult:
    """Append the draft's entities to the registry and copy its documents into *data_dir*.

    The merged data is validated in a scratch copy first; *data_dir* is only written
    when it passes :func:`~graphkit.model.load.load_dataset`.

    Raises
    ------
    GraphkitError
        Listing duplicates, conflicts or validation problems; nothing is written then.
    """
    draft_dir, data_dir = Path(draft_dir), Path(data_dir)
    if not draft_dir.is_dir():
        raise GraphkitError(f"draft folder {draft_dir} not found")
    problems = check_draft(draft_dir, data_dir)
    if problems:
        raise GraphkitError(f"cannot merge {draft_dir}:\n" + "\n".join(f"  {p}" for p in problems))
    block = _entity_block(draft_dir / "entities.yaml")
    aliases = _aliases(draft_dir / "aliases.yaml")
    documents = sorted((draft_dir / "documents").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "data"
        shutil.copytree(data_dir, trial)
        _write(trial, block, documents, aliases)
        try:
            load_dataset(trial)
        except DataError as exc:
            raise GraphkitError("the merged data would not be valid:\n"
                                + "\n".join(f"  {p.file.split('data/', 1)[-1]}:{p.line}: "
                                            f"{p.message}" for p in exc.problems)) from None
    _write(data_dir, block, documents, aliases)
    return MergeResult([r["id"] for r in _records(draft_dir / "entities.yaml")],
                       [p.stem for p in documents])


def _aliases(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        return {}
    try:
        aliases = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise GraphkitError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(aliases, dict) or not all(
            isinstance(v, list) and all(isinstance(a, str) for a in v) for v in aliases.values()):
        raise GraphkitError(f"{path}: expected `entity-id: [alias, …]` lines")
    return aliases


def add_aliases(text: str, aliases: dict[str, list[str]]) -> str:
    r"""Add *aliases* to the records of a registry file's *text*, keeping everything else.

    Examples
    --------
    >>> print(add_aliases("- id: cna\n  name: CNA\n  type: trade_association\n",
    ...                   {"cna": ["Cna"]}), end="")
    - id: cna
      name: CNA
      type: trade_association
      aliases: ["Cna"]
    """
    lines = text.splitlines()
    for ident, new in aliases.items():
        start = next((i for i, line in enumerate(lines) if line.strip() in
                      (f"- id: {ident}", f'- id: "{ident}"')), None)
        if start is None:
            raise GraphkitError(f"aliases.yaml: no registry entity {ident!r} to add aliases to")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("-")),
                   len(lines))
        at = next((i for i in range(start, end) if lines[i].strip().startswith("aliases:")), None)
        old = yaml.safe_load(lines[at].split(":", 1)[1]) if at is not None else []
        if not isinstance(old, list):
            raise GraphkitError(f"entities.yaml: aliases of {ident!r} are not written as "
                                "[a, b] on one line; add the new aliases by hand")
        merged = old + [a for a in new if a not in old]
        line = "  aliases: [" + ", ".join(json.dumps(a, ensure_ascii=False) for a in merged) + "]"
        if at is None:
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            lines.insert(end, line)
        else:
            lines[at] = line
    return "\n".join(lines) + "\n"


def _write(data_dir: Path, block: str, documents: list[Path],
           aliases: dict[str, list[str]]) -> None:
    registry = data_dir / "entities.yaml"
    text = add_aliases(registry.read_text(encoding="utf-8"), aliases)
    registry.write_text(text + ("" if text.endswith("\n") or not text else "\n") + block,
                        encoding="utf-8")
    for path in documents:
        shutil.copyfile(path, data_dir / "documents" / path.name)
