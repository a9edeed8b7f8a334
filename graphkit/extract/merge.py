"""Add a reviewed draft to the curated data: all or nothing, one merge at a time.

A draft is a proposal. Each of its document files starts with ``reviewed: false`` and
``reviewed_by: ""``; a curator checks every record against the text, writes the title,
then sets ``reviewed: true`` and their name. :func:`merge_draft` refuses a draft until
every document is so marked, and refuses duplicates, conflicts and new entities that no
document uses. It holds the lock of the data folder
(:func:`graphkit.files.staged_files`) from the first read to the last rename: it reads
the registry, stages the new ``entities.yaml`` and document files beside their targets,
validates the dataset they make, and only then renames them into place. A failed write,
an invalid result or a second merge at the same time leaves ``data/`` as it was.

Examples
--------
>>> merge_draft("draft", "data")  # doctest: +SKIP
MergeResult(entities=['fondazione-casa-verde'], documents=['005_press'])
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphkit.errors import DataError, GraphkitError, display_path
from graphkit.files import staged_files
from graphkit.model.load import load_dataset
from graphkit.model.names import normalise
from graphkit.model.records import Entity

#: The words the draft's placeholder title carries until a curator writes the real one.
PLACEHOLDER_TITLE = "write the title"
#: How to review, repeated in the refusal.
HOW_TO_REVIEW = ("review each document of the draft: check every mention, relation and fact "
                 "against the text (fix or delete what is wrong; `# check:` comments mark what "
                 "ingest is unsure of), drop the new entities you deleted from entities.yaml, "
                 "write the title, then set `reviewed: true` and `reviewed_by: <your name>` "
                 "at the top of the file")
_REVIEW_LINE = re.compile(r"^reviewed(?:_by)?:.*\n?", re.M)


@dataclass
class MergeResult:
    """What a merge added: new entity ids and document ids."""

    entities: list[str]
    documents: list[str]


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GraphkitError(f"{display_path(path)}: not valid UTF-8 ({exc.reason} at byte "
                            f"{exc.start})") from None
    except OSError as exc:
        raise GraphkitError(f"cannot read {display_path(path)} ({what}): "
                            f"{exc.strerror or exc}") from None


def _parse(path: Path, text: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GraphkitError(f"{display_path(path)}: not valid YAML ({exc})") from None


def _load(path: Path, what: str) -> object:
    return _parse(path, _read(path, what))


def _records(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    records = _load(path, "the draft's new entities") or []
    if not isinstance(records, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) for r in records):
        raise GraphkitError(f"{display_path(path)}: expected a list of entity records, each "
                            "with an id")
    return records


def _entity_block(path: Path) -> str:
    """The draft's entity records as written (comments at the top dropped)."""
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else ""


def review_problems(path: Path, record: object) -> list[str]:
    """What keeps the draft document *record* (read from *path*) from counting as reviewed.

    Examples
    --------
    >>> review_problems(Path("d/x.yaml"), {"reviewed": True, "reviewed_by": "Ada",
    ...                                    "title": "Patto per il lavoro"})
    []
    >>> review_problems(Path("d/x.yaml"), {"reviewed": False, "title": "Draft: write the title"})
    ['x.yaml: not marked reviewed (reviewed: true, reviewed_by: your name)', \
'x.yaml: the title is still the placeholder']
    """
    if not isinstance(record, dict):
        return [f"{path.name}: expected a mapping with id, mentions, relations and facts"]
    problems = []
    name = record.get("reviewed_by")
    if record.get("reviewed") is not True or not isinstance(name, str) or not name.strip():
        problems.append(f"{path.name}: not marked reviewed (reviewed: true, reviewed_by: "
                        "your name)")
    title = record.get("title")
    if isinstance(title, str) and PLACEHOLDER_TITLE in title:
        problems.append(f"{path.name}: the title is still the placeholder")
    return problems


def _used(record: dict) -> set[str]:
    """Entity ids a draft document refers to (what is not a list of records refers to
    nothing here: the validation of the merged data says what is wrong with it)."""
    def items(key: str) -> list[dict]:
        value = record.get(key)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    used = [record.get("publisher"), *(m.get("entity") for m in items("mentions"))]
    for item in items("relations") + items("facts"):
        used += [item.get("subject"), item.get("object"), item.get("territory")]
    return {u for u in used if isinstance(u, str)}


def _conflicts(records: list[dict], documents: dict[str, dict], registry: dict[str, Entity],
               existing: set[str], data_dir: Path) -> list[str]:
    """Duplicates, conflicts and unused new entities."""
    problems = []
    names: dict[tuple[str, str], str] = {}
    for entity in registry.values():
        for surface in (entity.name, *entity.aliases):
            names.setdefault((entity.type, normalise(surface)), entity.id)
    used = set().union(*map(_used, documents.values())) if documents else set()
    for record in records:
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
        elif ident not in used:
            problems.append(f"entity {ident!r} ({record.get('name')!r}) is used by no document "
                            "of the draft: drop it from entities.yaml")
    for stem in documents:
        if stem in existing:
            problems.append(f"document {stem!r} is already in "
                            f"{display_path(data_dir / 'documents')}")
    return problems


def _aliases(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        return {}
    aliases = _load(path, "the draft's new aliases") or {}
    if not isinstance(aliases, dict) or not all(
            isinstance(v, list) and all(isinstance(a, str) for a in v) for v in aliases.values()):
        raise GraphkitError(f"{display_path(path)}: expected `entity-id: [alias, …]` lines")
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


def merged_document(text: str, record: dict) -> str:
    """The data file of a reviewed draft document: the draft's header comments and review
    marker replaced by one comment naming the reviewer.

    Examples
    --------
    >>> print(merged_document("# Draft…\\nreviewed: true\\nreviewed_by: Ada\\nid: x\\n",
    ...                       {"reviewed_by": "Ada", "source_file": "x.txt"}), end="")
    # Drafted by graphkit ingest from x.txt; reviewed by Ada.
    id: x
    """
    lines = _REVIEW_LINE.sub("", text).splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    reviewer = " ".join(str(record.get("reviewed_by")).split())
    header = (f"# Drafted by graphkit ingest from {record.get('source_file')}; reviewed by "
              f"{reviewer}.")
    return "\n".join([header, *lines]) + "\n"


def _validate(data_dir: Path, registry: str, documents: dict[str, str]) -> None:
    """Load the dataset *data_dir* would hold with *registry* and *documents* written.

    The existing documents are linked (copied where links are not allowed) into a scratch
    folder beside the new files, so nothing in *data_dir* is touched.
    """
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "data"
        (trial / "documents").mkdir(parents=True)
        (trial / "entities.yaml").write_text(registry, encoding="utf-8")
        for path in sorted((data_dir / "documents").glob("*.yaml")):
            try:
                (trial / "documents" / path.name).symlink_to(path.resolve())
            except OSError:
                shutil.copyfile(path, trial / "documents" / path.name)
        for stem, text in documents.items():
            (trial / "documents" / f"{stem}.yaml").write_text(text, encoding="utf-8")
        try:
            load_dataset(trial)
        except DataError as exc:
            raise GraphkitError("the merged data would not be valid:\n"
                                + "\n".join(f"  {_in_folder(p.file, trial)}:{p.line}: "
                                            f"{p.message}" for p in exc.problems)) from None


def _in_folder(file: str, folder: Path) -> str:
    """*file* relative to the data *folder* it is in (as it is named there), else as given.

    Examples
    --------
    >>> _in_folder("/tmp/x/data/documents/a.yaml", Path("/tmp/x/data"))
    'documents/a.yaml'
    """
    path = Path.cwd() / file  # as named in messages: relative to the working directory
    for base in (folder.absolute(), folder.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return file


def merge_draft(draft_dir: Path | str, data_dir: Path | str) -> MergeResult:
    """Add the reviewed draft in *draft_dir* to the dataset in *data_dir*, all or nothing.

    Raises
    ------
    GraphkitError
        When a document is not marked reviewed (the message says how to review), on
        duplicates, conflicts, unused new entities or validation problems, and when
        another process is writing into *data_dir*; *data_dir* is left as it was.
    """
    draft_dir, data_dir = Path(draft_dir), Path(data_dir)
    if not draft_dir.is_dir():
        raise GraphkitError(f"draft folder {display_path(draft_dir)} not found")
    paths = sorted((draft_dir / "documents").glob("*.yaml"))
    if not paths:
        raise GraphkitError(f"{display_path(draft_dir / 'documents')}: no document files in "
                            "the draft")
    texts = {p.stem: _read(p, "a draft document") for p in paths}
    documents = {p.stem: _parse(p, texts[p.stem]) for p in paths}
    unreviewed = [problem for p in paths for problem in review_problems(p, documents[p.stem])]
    if unreviewed:
        raise GraphkitError(f"cannot merge {display_path(draft_dir)}: it is a proposal that "
                            "has not been reviewed:\n" + "\n".join(f"  {p}" for p in unreviewed)
                            + f"\nTo review: {HOW_TO_REVIEW}.")
    records = _records(draft_dir / "entities.yaml")
    aliases = _aliases(draft_dir / "aliases.yaml")
    with staged_files(data_dir) as write:
        registry = load_dataset(data_dir).entities
        existing = {p.stem for p in (data_dir / "documents").glob("*.yaml")}
        problems = _conflicts(records, documents, registry, existing, data_dir)
        if problems:
            raise GraphkitError(f"cannot merge {display_path(draft_dir)}:\n"
                                + "\n".join(f"  {p}" for p in problems))
        text = add_aliases((data_dir / "entities.yaml").read_text(encoding="utf-8"), aliases)
        block = _entity_block(draft_dir / "entities.yaml")
        registry_text = text + ("" if text.endswith("\n") or not text else "\n") + block
        merged = {stem: merged_document(texts[stem], documents[stem]) for stem in texts}
        _validate(data_dir, registry_text, merged)
        write("entities.yaml", registry_text.encode("utf-8"))
        for stem, document in merged.items():
            write(f"documents/{stem}.yaml", document.encode("utf-8"))
    return MergeResult([r["id"] for r in records], sorted(texts))
