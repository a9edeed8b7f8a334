"""The command line: thin wrappers that speak the same way and fail cleanly."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.schema.vocabulary import RELATIONS


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_exports_and_reports_them(mini_data, tmp_path):
    out = tmp_path / "exports"
    result = run("build", "--data", str(mini_data), "--out", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10 and all(int(r["bytes"]) > 0 for r in rows)
    assert (out / "graph.ttl").is_file()


def test_build_on_broken_data_fails_and_leaves_exports_untouched(mini_data, tmp_path):
    out = tmp_path / "exports"
    assert run("build", "--data", str(mini_data), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    doc = mini_data / "documents" / "doc1.yaml"
    doc.write_text(doc.read_text().replace("object: fondo-x", "object: fondo-y"))
    result = run("build", "--data", str(mini_data), "--out", str(out))
    assert result.exit_code == 1
    assert "doc1.yaml:" in result.output and "unknown entity 'fondo-y'" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_validate_reports_ok_on_good_data(mini_data):
    result = run("validate", "--data", str(mini_data))
    assert result.exit_code == 0
    assert "conforms to the SHACL shapes" in result.output


def test_validate_checks_locators_against_sources(mini_data, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "doc1.txt").write_text("x" * 200)
    result = run("validate", "--data", str(mini_data), "--sources", str(sources))
    assert result.exit_code == 1
    assert "mention of coop-alfa points at 'xxxxxxxxxxxxxxxx'" in result.output


def test_a_source_that_is_not_utf8_is_a_problem_not_a_traceback(mini_data, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "doc1.txt").write_bytes("Cooperativa Alfa, caff\u00e8".encode("cp1252"))
    result = run("validate", "--data", str(mini_data), "--sources", str(sources))
    assert result.exit_code == 1
    assert "doc1.txt: not valid UTF-8" in result.output


def test_vocab_lists_every_relation_in_every_format():
    table = run("vocab", "relations").output
    assert all(name in table for name in RELATIONS)
    as_json = json.loads(run("vocab", "relations", "--format", "json").output)
    assert [r["relation"] for r in as_json] == list(RELATIONS)
    as_csv = list(csv.DictReader(io.StringIO(run("vocab", "types", "--format", "csv").output)))
    assert {"type", "group", "label_en", "label_it"} <= set(as_csv[0])


def test_help_is_in_english_and_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "vocab", "ontology"):
        assert command in result.output


def test_top_level_help_lists_ingest_without_importing_spacy():
    code = ("import sys; from click.testing import CliRunner; from graphkit.cli import main; "
            "out = CliRunner().invoke(main, ['--help']).output; "
            "print('spacy' in sys.modules, 'Draft entities' in out)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]



def test_build_reports_progress_only_on_data_large_enough_to_wait_for(mini_data, tmp_path,
                                                                      monkeypatch):
    args = ["build", "--data", str(mini_data), "--out", str(tmp_path / "out"), "--no-html"]
    quiet = CliRunner().invoke(main, args)
    assert quiet.exit_code == 0, quiet.output
    assert "…" not in quiet.stderr
    monkeypatch.setattr("graphkit.cli.options.PROGRESS_FROM", 1)
    chatty = CliRunner().invoke(main, args)
    assert "… network measures…" in chatty.stderr and "… RDF…" in chatty.stderr


def _exports(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_build_into_a_file_or_below_one_is_a_clean_error(mini_data, tmp_path):
    """A bad --out was a traceback (NotADirectoryError)."""
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("build", "--data", str(mini_data), "--out", str(blocker / "exports"))
    assert result.exit_code == 1, result.output
    assert result.output.endswith("afile/exports: Not a directory\n")
    result = run("build", "--data", str(mini_data), "--out", str(blocker))
    assert result.exit_code == 2 and "is a file" in result.output  # click's own check


def test_ontology_into_a_file_or_below_one_is_a_clean_error(tmp_path):
    """It was a traceback (the WriteError escaped the command)."""
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("ontology", "--out", str(blocker / "ontology"))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: cannot write into ")
    assert "Traceback" not in result.output
    assert run("ontology", "--out", str(tmp_path / "ontology")).exit_code == 0
    assert (tmp_path / "ontology" / "shapes.ttl").is_file()


@pytest.mark.parametrize(("error", "message"), [
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    (PermissionError(errno.EROFS, "Read-only file system"), "Read-only file system"),
    (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
])
def test_a_full_disk_or_read_only_folder_is_a_clean_error_and_changes_nothing(
        mini_data, tmp_path, monkeypatch, error, message):
    """Each was a traceback; the old exports must stay as they were."""
    out = tmp_path / "exports"
    assert run("build", "--data", str(mini_data), "--out", str(out), "--no-html").exit_code == 0
    before = _exports(out)
    opened = []
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp") and (opened or flags & os.O_CREAT):
            opened.append(path)
            if len(opened) == 3:  # two files written, the third fails
                raise error
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("graphkit.files.os.open", failing_open)
    result = run("build", "--data", str(mini_data), "--out", str(out), "--no-html")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: cannot write ") and message in result.output
    assert "nothing in" in result.output and "was replaced" in result.output
    assert _exports(out) == before


def test_every_lazy_command_loads_with_the_help_line_it_is_listed_with():
    from graphkit.cli import LAZY_COMMANDS

    ctx = click.Context(main)
    for name, lazy in LAZY_COMMANDS.items():
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.short_help == lazy.short_help
