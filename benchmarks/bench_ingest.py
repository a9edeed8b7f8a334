"""Score ``graphkit ingest`` against the curated data, leave one document out.

For each seed document *d*, ingest reads the source text with a registry that holds no
entity only *d* names (no mention, relation or fact elsewhere), so every new entity has
to be found, not looked up. Scores:

* entities — a drafted entity counts when it is a gold entity mentioned in *d*: the same
  registry id, or for a new entity the same type and a name equal (case, accents and
  punctuation folded) to the gold name or one of its aliases;
* relations — (subject, relation, object) triples, drafted ids mapped to gold ids as above;
* events — curators name the meeting a document reports as they see fit ("Seminario VLT -
  Carrara"), so a drafted ``event`` whose name matches no gold name is mapped to the gold
  event of the same document when each side has exactly one event: the draft cannot guess
  a curator's label, but it can find that there is one event and what relates to it.

Run from the repository root (needs the seed texts)::

    .venv/bin/python benchmarks/bench_ingest.py [--seeds ../shared/seeds] [--out FILE]

Examples
--------
>>> prf(3, 4, 5)
(0.75, 0.6, 0.667)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkit.extract.draft import Draft, extract  # noqa: E402
from graphkit.extract.entities import Registry  # noqa: E402
from graphkit.extract.text import read_source  # noqa: E402
from graphkit.model.load import load_dataset  # noqa: E402
from graphkit.model.names import normalise  # noqa: E402
from graphkit.model.records import Dataset  # noqa: E402
from graphkit.schema.vocabulary import NODE_TYPES, RELATIONS  # noqa: E402

DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "ingest.md"
BRANCH_OF = RELATIONS["branch_of"].name
EVENT = NODE_TYPES["event"].name


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (rounded to 3 places)."""
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def held_out(dataset: Dataset, doc_id: str) -> tuple[Registry, dict[str, list[str]]]:
    """Registry and known branches without what only *doc_id* names."""
    seen = dataset.appearances()
    kept = [e for e in dataset.entities.values() if seen.get(e.id, {None}) != {doc_id}]
    ids = {e.id for e in kept}
    parents: dict[str, list[str]] = defaultdict(list)
    for r in dataset.relations:
        if r.relation == BRANCH_OF and r.locator.document != doc_id and r.subject in ids:
            parents[r.object].append(r.subject)
    return Registry(kept), dict(parents)


def align(draft: Draft, dataset: Dataset, gold_ids: set[str],
          related: set[str] = frozenset()) -> dict[str, str]:
    """Map drafted entity ids to gold ids (registry ids map to themselves).

    *gold_ids* are the entities the gold document mentions, *related* those its relations
    name; a lone drafted event is mapped to the lone gold event among both (see the module
    docstring).
    """
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in dataset.entities.values():
        for surface in (e.name, *e.aliases):
            index[(e.type, normalise(surface))].append(e.id)
    mapping = {m[0]: m[0] for m in draft.mentions}
    mapping.update({r.subject: r.subject for r in draft.relations})
    mapping.update({r.object: r.object for r in draft.relations})
    for e in draft.entities:
        found: list[str] = []
        for surface in (e.name, *e.aliases):
            found += index.get((e.type, normalise(surface)), [])
        if found:
            mapping[e.id] = sorted(found, key=lambda g: g not in gold_ids)[0]
    drafted = [e.id for e in draft.entities if e.type == EVENT]
    gold = [g for g in gold_ids | related if dataset.entities[g].type == EVENT]
    if len(drafted) == 1 and len(gold) == 1 and mapping.get(drafted[0]) not in gold:
        mapping[drafted[0]] = gold[0]
    return mapping


def score_document(dataset: Dataset, doc_id: str, seeds: Path) -> dict:
    """Draft *doc_id* with a held-out registry and score it against the gold records."""
    registry, parents = held_out(dataset, doc_id)
    source = read_source(seeds / dataset.documents[doc_id].source_file)
    started = time.perf_counter()
    draft = extract(source, registry, parents)
    elapsed = time.perf_counter() - started
    gold_entities = {m.entity for m in dataset.mentions if m.locator.document == doc_id}
    gold_relations = {(r.subject, r.relation, r.object) for r in dataset.relations
                      if r.locator.document == doc_id}
    related = {i for triple in gold_relations for i in (triple[0], triple[2])}
    mapping = align(draft, dataset, gold_entities, related)
    predicted = {mapping[m[0]] for m in draft.mentions}
    drafted = {(mapping.get(r.subject, r.subject), r.relation, mapping.get(r.object, r.object))
               for r in draft.relations}
    return {
        "doc": doc_id, "seconds": elapsed,
        "entities": (len(predicted & gold_entities), len(predicted), len(gold_entities)),
        "relations": (len(drafted & gold_relations), len(drafted), len(gold_relations)),
        "missed_entities": sorted(gold_entities - predicted),
        "spurious_entities": sorted(predicted - gold_entities),
        "missed_relations": sorted(gold_relations - drafted),
        "spurious_relations": sorted(drafted - gold_relations),
    }


def report(rows: list[dict]) -> str:
    """The Markdown report."""
    lines = ["# ingest benchmark: leave-one-document-out on the five seeds", "",
             "Entity = name + type of an entity the document mentions; relation = (subject, "
             "relation, object). `P/R/F1` with true positives / drafted / gold in brackets. A "
             "lone drafted event stands for the lone gold event of its document (event "
             "names are the curator's choice).", "",
             "| document | entity P | entity R | entity F1 | relation P | relation R | "
             "relation F1 | seconds |", "|---|---|---|---|---|---|---|---|"]
    totals = {"entities": [0, 0, 0], "relations": [0, 0, 0]}
    for row in rows:
        cells = []
        for key in ("entities", "relations"):
            tp, pred, gold = row[key]
            totals[key] = [a + b for a, b in zip(totals[key], row[key], strict=True)]
            p, r, f = prf(tp, pred, gold)
            cells += [f"{p:.3f}", f"{r:.3f}", f"{f:.3f} ({tp}/{pred}/{gold})"]
        lines.append(f"| {row['doc']} | " + " | ".join(cells) + f" | {row['seconds']:.2f} |")
    cells = []
    for key in ("entities", "relations"):
        p, r, f = prf(*totals[key])
        counts = "/".join(map(str, totals[key]))
        cells += [f"**{p:.3f}**", f"**{r:.3f}**", f"**{f:.3f}** ({counts})"]
    lines += ["| **overall (micro)** | " + " | ".join(cells) + " | |", ""]
    lines += ["## Misses and extras, per document", ""]
    for row in rows:
        lines += [f"### {row['doc']}", ""]
        for key in ("missed_entities", "spurious_entities"):
            lines.append(f"- {key.replace('_', ' ')}: {', '.join(row[key]) or '—'}")
        for key in ("missed_relations", "spurious_relations"):
            triples = [" ".join(t) for t in row[key]]
            lines.append(f"- {key.replace('_', ' ')} ({len(triples)}): "
                         + ("; ".join(triples) or "—"))
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    rows = [score_document(dataset, doc_id, args.seeds) for doc_id in sorted(dataset.documents)
            if (args.seeds / dataset.documents[doc_id].source_file).is_file()]
    text = report(rows)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
