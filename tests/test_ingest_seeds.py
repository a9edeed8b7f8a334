"""Ingest on the development part of the split (skipped without the source texts).

The texts are in ``../shared`` beside the repository, or where ``GRAPHKIT_SHARED`` says.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from graphkit.model.load import DEFAULT_DATA_DIR, load_dataset

SHARED = Path(os.environ.get("GRAPHKIT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS, CORPUS = SHARED / "seeds", SHARED / "corpus"
BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_ingest.py"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and CORPUS.is_dir()), reason=f"source texts not found in {SHARED}: "
    "they ship with the shared workspace, not with a clone of graphkit")


@pytest.fixture(scope="module")
def bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(bench: object) -> list[dict]:
    dataset = load_dataset(DEFAULT_DATA_DIR)
    return [bench.score_document(dataset, doc, bench.source_of(dataset, doc, (SEEDS, CORPUS)))
            for doc in bench.load_split()["development"]]


def test_development_scores_stay_above_the_floor(bench: object, rows: list[dict]) -> None:
    totals = {key: [sum(row[key][i] for row in rows) for i in range(3)]
              for key in ("entities", "relations")}
    assert bench.prf(*totals["entities"])[2] >= 0.86
    assert bench.prf(*totals["relations"])[2] >= 0.66
    assert bench.prf(*totals["relations"])[0] >= 0.80


def test_drafts_of_the_development_texts_merge_into_a_valid_dataset(
        tmp_path: Path, mini_data: Path, bench: object) -> None:
    from click.testing import CliRunner

    from graphkit.cli.ingest import ingest
    from graphkit.extract.merge import PLACEHOLDER_TITLE
    from graphkit.model.locators import check_locators

    data = mini_data
    inputs = tmp_path / "in"
    inputs.mkdir()
    development = set(bench.load_split()["development"])
    for text in sorted([*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt")]):
        if text.stem in development:
            (inputs / f"new_{text.name}").write_bytes(text.read_bytes())
    files = sorted(str(p) for p in inputs.glob("*.txt"))
    draft = tmp_path / "draft"
    result = CliRunner().invoke(ingest, [*files, "-o", str(draft), "--data", str(data)])
    assert result.exit_code == 0, result.output
    for path in (draft / "documents").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("reviewed: false", "reviewed: true")
        text = text.replace('reviewed_by: ""', "reviewed_by: Test").replace(
            PLACEHOLDER_TITLE, "the title")
        path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(data)])
    assert result.exit_code == 0, result.output
    sources = [inputs, *([draft / "sources"] if (draft / "sources").is_dir() else [])]
    assert check_locators(load_dataset(data), *sources) == []
