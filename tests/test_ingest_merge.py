"""`ingest --merge`: only reviewed drafts, all or nothing, one merge at a time."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graphkit.cli.ingest import ingest
from graphkit.errors import GraphkitError, WriteError
from graphkit.extract import merge as merge_module
from graphkit.extract.merge import merge_draft
from graphkit.model.load import load_dataset
from graphkit.model.locators import check_locators

TEXT = ("Il progetto “Ponte Verde” unisce la Cooperativa Alfa (capofila) e la Fondazione "
        "Aria.\n")


def draft_of(tmp_path: Path, data: Path, text: str = TEXT, name: str = "nota_01",
             out: str = "draft") -> Path:
    source = tmp_path / "in" / f"{name}.txt"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text, encoding="utf-8")
    draft = tmp_path / out
    result = CliRunner().invoke(ingest, [str(source), "-o", str(draft), "--data", str(data)])
    assert result.exit_code == 0, result.output
    return draft


def review(draft: Path, curator: str = "Ada Curatrice") -> None:
    for path in (draft / "documents").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("reviewed: false", "reviewed: true", 1)
        text = text.replace('reviewed_by: ""', f'reviewed_by: "{curator}"', 1)
        lines = ['title: "Un titolo"' if line.startswith("title:") else line
                 for line in text.splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


def test_an_unreviewed_draft_is_refused_with_how_to_review(tmp_path: Path,
                                                           mini_data: Path) -> None:
    draft = draft_of(tmp_path, mini_data)
    before = snapshot(mini_data)
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(mini_data)])
    assert result.exit_code == 1
    assert "not marked reviewed" in result.output and "title is still the placeholder" in (
        result.output)
    assert "reviewed: true" in result.output and "reviewed_by" in result.output
    assert snapshot(mini_data) == before


def test_a_reviewed_draft_merges_with_the_reviewer_named(tmp_path: Path,
                                                         mini_data: Path) -> None:
    draft = draft_of(tmp_path, mini_data)
    review(draft)
    result = merge_draft(draft, mini_data)
    assert result.documents == ["nota_01"]
    text = (mini_data / "documents" / "nota_01.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Drafted by graphkit ingest from nota_01.txt; reviewed by Ada "
                           "Curatrice.\n")
    assert "reviewed:" not in text and "reviewed_by" not in text
    assert "nota_01" in load_dataset(mini_data).documents
    assert not [p for p in mini_data.rglob(".*.tmp")]


def test_a_new_entity_no_document_uses_is_refused(tmp_path: Path, mini_data: Path) -> None:
    draft = draft_of(tmp_path, mini_data)
    with (draft / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write('- id: spazzatura\n  name: "Dettaglio Tags"\n  type: organisation\n')
    review(draft)
    with pytest.raises(GraphkitError, match=r"'spazzatura'.*used by no document"):
        merge_draft(draft, mini_data)


def merge_fails_cleanly(draft: Path, data: Path, message: str) -> None:
    before = snapshot(data)
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(data)])
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 1 and message in result.output, result.output
    assert snapshot(data) == before


def test_a_draft_document_that_is_not_utf8_is_refused_cleanly(tmp_path: Path,
                                                              mini_data: Path) -> None:
    """It was a traceback (UnicodeDecodeError)."""
    draft = draft_of(tmp_path, mini_data)
    review(draft)
    path = draft / "documents" / "nota_01.yaml"
    path.write_bytes(path.read_bytes().replace(b"Un titolo", "Un caff\u00e8".encode("latin-1")))
    merge_fails_cleanly(draft, mini_data, "nota_01.yaml: not valid UTF-8")


def test_a_draft_document_of_the_wrong_shape_is_refused_cleanly(tmp_path: Path,
                                                                mini_data: Path) -> None:
    """Relations written as a text, or a publisher as a list, were tracebacks (TypeError)."""
    draft = draft_of(tmp_path, mini_data)
    review(draft)
    path = draft / "documents" / "nota_01.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record.update(relations="the partners", publisher=["coop-alfa"], title=["a", "list"])
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    merge_fails_cleanly(draft, mini_data, "the merged data would not be valid")
    (draft / "entities.yaml").write_text("- {id: [not, a, text], name: X, type: organisation}\n",
                                         encoding="utf-8")
    merge_fails_cleanly(draft, mini_data, "expected a list of entity records, each with an id")


def test_a_failing_write_mid_merge_leaves_the_data_unchanged(tmp_path: Path, mini_data: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    draft = draft_of(tmp_path, mini_data)
    review(draft)
    before = snapshot(mini_data)
    calls = []
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the registry is staged, the document is not
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteError, match="No space left"):
        merge_draft(draft, mini_data)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert snapshot(mini_data) == before
    assert merge_draft(draft, mini_data).documents == ["nota_01"]


def test_two_concurrent_merges_do_not_both_succeed(tmp_path: Path, mini_data: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = draft_of(tmp_path, mini_data, name="nota_01", out="first")
    second = draft_of(tmp_path, mini_data, name="nota_02", out="second")
    review(first)
    review(second)
    inside, release = threading.Event(), threading.Event()
    real_load = merge_module.load_dataset

    def slow_load(data_dir: Path) -> object:
        if threading.current_thread().name == "first":
            inside.set()
            assert release.wait(10)
        return real_load(data_dir)

    monkeypatch.setattr(merge_module, "load_dataset", slow_load)
    outcome: dict[str, object] = {}

    def attempt(draft: Path) -> None:
        try:
            outcome[threading.current_thread().name] = merge_draft(draft, mini_data)
        except GraphkitError as exc:
            outcome[threading.current_thread().name] = exc

    thread = threading.Thread(target=attempt, args=(first,), name="first")
    thread.start()
    assert inside.wait(10)
    attempt(second)  # while the first holds the lock
    release.set()
    thread.join(10)
    assert isinstance(outcome["first"], merge_module.MergeResult)
    assert isinstance(outcome["MainThread"], GraphkitError)
    assert "another graphkit process" in str(outcome["MainThread"])
    with pytest.raises(GraphkitError, match="already in the registry"):
        merge_draft(second, mini_data)  # afterwards: the same new entities are refused
    ids = [r["id"] for r in yaml.safe_load((mini_data / "entities.yaml").read_text())]
    assert len(ids) == len(set(ids))


def test_control_characters_in_a_source_never_reach_the_draft(tmp_path: Path,
                                                              mini_data: Path) -> None:
    text = ("Il progetto “Ponte\x0bVerde” unisce la Cooperativa\x85Alfa (capofila), la "
            "Fondazione\u2028Aria e la Fondazione Beta\x1b Gamma.\x0c\n")
    draft = draft_of(tmp_path, mini_data, text=text)
    for path in draft.rglob("*.yaml"):
        content = path.read_text(encoding="utf-8")
        assert not any(c in content for c in "\x0b\x85\u2028\x1b\x0c")
        yaml.safe_load(content)
    review(draft)
    merge_draft(draft, mini_data)
    assert check_locators(load_dataset(mini_data), draft / "sources") == []
