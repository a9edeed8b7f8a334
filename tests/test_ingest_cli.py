# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""`graphkit ingest` and `--merge` through click's test runner, with bad inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graphkit.cli.ingest import ingest
from graphkit.model.load import load_dataset
from graphkit.model.locators import check_locators

TEXT = ("Riva, 3 marzo 2025 – Il progetto “Ponte Verde” unisce in un partenariato la "
        "Cooperativa Alfa (capofila), Cgil Lucca e la Fondazione Aria. Il costo complessivo è "
        "di € 20.000,00. Interviene Giulia Bianchi, presidente della Fondazione Aria.\n")


def run(*args: str) -> object:
    return CliRunner(env={"COLUMNS": "250"}).invoke(ingest, list(args), catch_exceptions=False)


def review(draft: Path, curator: str = "Ada Curatrice") -> None:
    """Do what a curator does once the draft is checked: title, reviewed, name."""
    for path in (draft / "documents").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("reviewed: false", "reviewed: true", 1)
        text = text.replace('reviewed_by: ""', f"reviewed_by: {curator}", 1)
        text = re.sub(r"(?m)^title: .*$", 'title: "Un titolo"', text, count=1)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def press(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "comunicato_01.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_ingest_writes_a_draft_that_merges_and_validates(press: Path, mini_data: Path,
                                                         tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    result = run(str(press), "-o", str(draft), "--data", str(mini_data), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "comunicato_01" in result.output
    document = yaml.safe_load((draft / "documents" / "comunicato_01.yaml").read_text())
    assert {m["entity"] for m in document["mentions"]} >= {"coop-alfa", "cgil-lucca"}
    assert all(r["method"] == "rule" for r in document["relations"] + document["facts"])
    relations = {(r["subject"], r["relation"], r["object"]) for r in document["relations"]}
    assert ("coop-alfa", "lead_partner_of", "ponte-verde") in relations
    assert ("cgil-lucca", "partner_of", "ponte-verde") in relations
    review(draft)
    result = run("--merge", str(draft), "--data", str(mini_data))
    assert result.exit_code == 0, result.output
    merged = load_dataset(mini_data)
    assert "ponte-verde" in merged.entities and "comunicato_01" in merged.documents
    assert check_locators(merged, press.parent) == []


def test_merge_refuses_a_second_time_and_writes_nothing(press: Path, mini_data: Path,
                                                        tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    run(str(press), "-o", str(draft), "--data", str(mini_data))
    review(draft)
    run("--merge", str(draft), "--data", str(mini_data))
    before = (mini_data / "entities.yaml").read_text()
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(mini_data)])
    assert result.exit_code == 1
    assert "already in the registry" in result.output
    assert "already in" in result.output and "comunicato_01" in result.output
    assert (mini_data / "entities.yaml").read_text() == before


def test_merge_refuses_an_entity_that_duplicates_the_registry(press: Path, mini_data: Path,
                                                              tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    run(str(press), "-o", str(draft), "--data", str(mini_data))
    with (draft / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write('- id: cgil-bis\n  name: "CGIL"\n  type: trade_union\n')
    review(draft)
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(mini_data)])
    assert result.exit_code == 1
    assert "duplicates registry entity 'cgil'" in result.output


def test_merge_refuses_a_draft_made_invalid_by_review(press: Path, mini_data: Path,
                                                      tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    run(str(press), "-o", str(draft), "--data", str(mini_data))
    doc = draft / "documents" / "comunicato_01.yaml"
    doc.write_text(doc.read_text().replace("relation: partner_of", "relation: friend_of", 1))
    review(draft)
    result = CliRunner().invoke(ingest, ["--merge", str(draft), "--data", str(mini_data)])
    assert result.exit_code == 1
    assert "would not be valid" in result.output and "friend_of" in result.output


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty text"),
    (b"   \n\n  ", "empty text"),
    (b"The project is led by the city and funded by the region of Marche.\n",
     "does not look Italian"),
])
def test_empty_and_foreign_texts_give_an_empty_valid_draft(tmp_path: Path, mini_data: Path,
                                                            content: bytes,
                                                            expected: str) -> None:
    path = tmp_path / "vuoto.txt"
    path.write_bytes(content)
    draft = tmp_path / "draft"
    result = run(str(path), "-o", str(draft), "--data", str(mini_data))
    assert result.exit_code == 0 and expected in result.output
    document = yaml.safe_load((draft / "documents" / "vuoto.yaml").read_text())
    assert document["mentions"] == [] and document["relations"] == []
    review(draft)
    assert run("--merge", str(draft), "--data", str(mini_data)).exit_code == 0


def test_cp1252_and_html_sources_keep_a_text_copy_for_the_spans(tmp_path: Path,
                                                                 mini_data: Path) -> None:
    legacy = tmp_path / "vecchio.txt"
    legacy.write_bytes(TEXT.replace("comunicato", "x").encode("cp1252"))
    page = tmp_path / "pagina.html"
    page.write_text(f"<html><body><p>{TEXT}</p><script>x()</script></body></html>")
    draft = tmp_path / "draft"
    result = run(str(legacy), str(page), "-o", str(draft), "--data", str(mini_data))
    assert result.exit_code == 0, result.output
    assert "cp1252" in result.output and "HTML markup stripped" in result.output
    for name in ("vecchio", "pagina"):
        text = (draft / "sources" / f"{name}.txt").read_text(encoding="utf-8")
        document = yaml.safe_load((draft / "documents" / f"{name}.yaml").read_text())
        for mention in document["mentions"]:
            start, end = mention["span"]
            assert text[start:end].strip() == text[start:end] != ""


def test_binary_file_is_a_clear_error(tmp_path: Path, mini_data: Path) -> None:
    path = tmp_path / "foto.txt"
    path.write_bytes(b"\x89PNG\x00\x00\x00\rIHDR")
    result = CliRunner().invoke(ingest, [str(path), "--data", str(mini_data)])
    assert result.exit_code == 1
    assert "binary" in result.output and "Traceback" not in result.output


def test_very_long_file_is_drafted(tmp_path: Path, mini_data: Path) -> None:
    path = tmp_path / "lungo.txt"
    path.write_text("\n\n".join([TEXT] * 400), encoding="utf-8")
    result = run(str(path), "-o", str(tmp_path / "draft"), "--data", str(mini_data))
    assert result.exit_code == 0, result.output


def test_usage_errors(tmp_path: Path, mini_data: Path, press: Path) -> None:
    for args in ([], [str(press), "--merge", str(tmp_path)],
                 ["--merge", str(tmp_path / "absent")]):
        result = CliRunner().invoke(ingest, [*args, "--data", str(mini_data)])
        assert result.exit_code == 1 and result.output.startswith("Error:")


def test_a_file_name_that_cannot_be_a_document_id_is_refused(tmp_path: Path,
                                                             mini_data: Path) -> None:
    path = tmp_path / "nota\nid: altro.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(ingest, [str(path), "-o", str(tmp_path / "d"),
                                         "--data", str(mini_data)])
    assert result.exit_code == 1 and "rename the file" in result.output
    assert not (tmp_path / "d").exists()


def test_ingest_prints_what_it_is_unsure_of(tmp_path: Path, mini_data: Path) -> None:
    path = tmp_path / "dubbi.txt"
    path.write_text("Il progetto “Ponte Verde” della Cooperativa Alfa Nuova si svolge a Lucca. "
                    "Partecipa la Cooperativa Alfa Nuovissima.\n", encoding="utf-8")
    draft = tmp_path / "draft"
    result = CliRunner().invoke(ingest, [str(path), "-o", str(draft), "--data", str(mini_data)])
    assert result.exit_code == 0, result.output
    assert "To check first" in result.stderr
    assert "close to registry coop-alfa ('Cooperativa Alfa', cooperative" in result.stderr
    assert "low score" in result.stderr and "located_in t-lucca" in result.stderr
    entities = (draft / "entities.yaml").read_text(encoding="utf-8")
    assert "# check: close to registry coop-alfa" in entities
    document = (draft / "documents" / "dubbi.yaml").read_text(encoding="utf-8")
    assert "  # check: low score" in document
    yaml.safe_load(document)
