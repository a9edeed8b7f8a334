"""``graphkit ingest``: draft records from Italian texts, and merge reviewed drafts.

Examples
--------
::

    graphkit ingest press/*.txt -o draft/       # write draft/entities.yaml, draft/documents/
    graphkit ingest --merge draft/              # after review: add the draft to data/
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click

from graphkit.cli import LAZY_COMMANDS
from graphkit.cli.options import clean_errors, data_option
from graphkit.cli.output import emit, output_options
from graphkit.errors import GraphkitError, display_path
from graphkit.extract.draft import DEFAULT_KIND, extract, write_drafts
from graphkit.extract.entities import Registry
from graphkit.extract.merge import merge_draft
from graphkit.extract.text import read_source
from graphkit.model.load import DOC_ID_PATTERN, load_dataset
from graphkit.schema.vocabulary import Rel

COLUMNS = ["file", "document", "new_entities", "mentions", "relations", "facts", "to_check",
           "notes"]


@click.command("ingest", short_help=LAZY_COMMANDS["ingest"].short_help)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("draft"), show_default=True, help="Folder to write the draft into.")
@data_option
@click.option("--merge", "merge_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Add this reviewed draft folder to the dataset instead.")
@click.option("--kind", default=DEFAULT_KIND, show_default=True,
              help="Document kind written into the drafts.")
@output_options
@clean_errors
def ingest(files: tuple[Path, ...], out_dir: Path, data_dir: Path, merge_dir: Path | None,
           kind: str, fmt: str) -> None:
    """Draft entities, relations and facts from Italian texts (plain text or HTML).

    The draft (a registry addition and one documents/<id>.yaml per file, every record
    with its provenance and method: rule) is for a curator to review; nothing is
    written into the dataset until `graphkit ingest --merge DRAFT`.
    """
    if merge_dir is not None:
        if files:
            raise GraphkitError("give either files to ingest or --merge DRAFT, not both")
        result = merge_draft(merge_dir, data_dir)
        emit([{"added": "entity", "id": i} for i in result.entities]
             + [{"added": "document", "id": d} for d in result.documents],
             ["added", "id"], fmt, title=f"merged {display_path(merge_dir)} into "
             f"{display_path(data_dir)}; run `graphkit build` to include it")
        return
    if not files:
        raise GraphkitError("no files to ingest (give FILE… or --merge DRAFT)")
    dataset = load_dataset(data_dir)
    registry = Registry(dataset.entities.values())
    parents: dict[str, list[str]] = defaultdict(list)
    for record in dataset.relations:
        if record.relation == Rel.BRANCH_OF:
            parents[record.object].append(record.subject)
    drafts = []
    for path in files:
        if not DOC_ID_PATTERN.match(path.stem):
            raise GraphkitError(f"{display_path(path)}: the file name (without extension) is "
                                "the document id and may use only letters, digits, '_', '.' "
                                "and '-'; rename the file")
        source = read_source(path)
        if source.doc_id in dataset.documents:
            raise GraphkitError(f"{path}: document {source.doc_id!r} is already in the "
                                "dataset; rename the file to ingest it as a new document")
        drafts.append(extract(source, registry, dict(parents), kind=kind))
    if len({d.source.doc_id for d in drafts}) < len(drafts):
        raise GraphkitError("two files share a document id (file name without extension)")
    write_drafts(drafts, out_dir)
    rows = [{"file": display_path(Path(p)), "document": d.source.doc_id,
             "new_entities": len(d.entities), "mentions": len(d.mentions),
             "relations": len(d.relations), "facts": len(d.facts), "to_check": len(d.doubts),
             "notes": "; ".join(d.notes)}
            for p, d in zip(files, drafts, strict=True)]
    emit(rows, COLUMNS, fmt, title=f"draft written to {display_path(out_dir)}: review it, then "
         "`graphkit ingest --merge` it")
    checks = [line for d in drafts for line in d.to_check()]
    if checks:
        click.echo(f"\nTo check first ({len(checks)}; also marked `# check:` in the draft):",
                   err=True)
        for line in checks:
            click.echo(f"  {line}", err=True)
