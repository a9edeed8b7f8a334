"""Bounded queries: `graphkit query` stops at a timeout, a memory budget and a row limit, in a
child process that cannot take the command down."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli.query import query
from graphkit.errors import ProcessCrashError, QueryError, ResultLimitError, TimeLimitError
from graphkit.model.load import load_dataset
from graphkit.processes import run_isolated
from graphkit.sparql.query import dataset_store, limit_result, result_rows, run_query

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
#: 273⁴ ≈ 5.6 billion rows counted one by one, in constant memory: runs for hours.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: 273³ ≈ 20 million rows sorted: gigabytes before the first row.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def invoke(*args: str):
    return CliRunner().invoke(query, ["--data", str(MINI_DIR), *args])


def test_query_command_stops_at_its_timeout():
    """There was no timeout: memory grew to 4.3 GB in 45 s."""
    result = invoke("--timeout", "1", ENDLESS)
    assert result.exit_code == 1
    assert result.output == ("Error: the query did not finish within 1 s: stopped (--timeout "
                             "SECONDS allows more time)\n")


def test_query_command_refuses_a_result_above_its_row_limit():
    every = "SELECT * WHERE { ?s ?p ?o }"
    result = invoke("--max-rows", "100", "--format", "json", every)
    assert result.exit_code == 1 and "more than 100 rows" in result.output
    assert "--max-rows N allows more" in result.output and "{" not in result.output
    store = dataset_store(load_dataset(MINI_DIR))
    rows = len(result_rows(run_query(store, every))[1])
    assert invoke("--max-rows", str(rows), "--format", "csv", every).output.count(
        "\n") == rows + 1


def test_a_query_needing_more_memory_than_allowed_is_stopped():
    store = dataset_store(load_dataset(MINI_DIR))

    def hungry() -> bytes:
        return bytes(len(result_rows(run_query(store, HUNGRY))[1]))

    with pytest.raises(ProcessCrashError, match=r"needed more than 0\.2 GB of memory"):
        run_isolated(hungry, timeout=120, memory=200 * 2**20, what="the query")


def test_a_crash_in_the_child_is_a_clean_error():
    def crash() -> bytes:
        os.kill(os.getpid(), signal.SIGSEGV)
        return b""

    with pytest.raises(ProcessCrashError, match="was killed by signal SIGSEGV"):
        run_isolated(crash, timeout=60, what="the query")


def test_errors_of_the_child_come_back_as_they_were():
    def refused() -> bytes:
        raise QueryError("SPARQL syntax error at line 1, column 2: …")

    with pytest.raises(QueryError, match="syntax error at line 1"):
        run_isolated(refused, timeout=60)
    with pytest.raises(TimeLimitError, match=r"the work did not finish within 0\.5 s"):
        run_isolated(lambda: time.sleep(30) or b"", timeout=0.5)


@pytest.mark.parametrize(("text", "rows"), [
    ("SELECT ?n WHERE { VALUES ?n { 1 2 3 } }", 3),
    ("CONSTRUCT WHERE { ?s ?p ?o }", None),
])
def test_a_result_within_the_limit_is_kept_whole(text, rows):
    store = dataset_store(load_dataset(MINI_DIR))
    rows = rows or len(result_rows(run_query(store, text))[1])  # the whole graph
    assert len(result_rows(limit_result(run_query(store, text), rows))[1]) == rows
    with pytest.raises(ResultLimitError, match=f"more than {rows - 1} rows"):
        limit_result(run_query(store, text), rows - 1)


def test_limited_results_keep_every_term_as_the_store_holds_it():
    store = dataset_store(load_dataset(MINI_DIR))
    text = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert result_rows(limit_result(run_query(store, text)))[1] == \
        result_rows(run_query(store, text))[1]
