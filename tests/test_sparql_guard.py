"""Hostile SPARQL: what would crash or stall the engine is refused before it gets there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli.query import query as query_command
from graphkit.errors import QueryLimitError, ServiceRefusedError
from graphkit.model.load import load_dataset
from graphkit.sparql.guard import QueryLimits, check_query, measure
from graphkit.sparql.query import dataset_store, named_queries, run_query

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"

#: Queries that crashed the engine (segmentation fault) or stalled it for minutes when the
#: issue was filed: the shape, and how many repetitions did it.
CRASHERS = {
    "nested braces": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "nested parentheses": lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "chained UNIONs": lambda n: "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "triple patterns": lambda n: "ASK { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(n))
    + " }",
    "objects of one subject": lambda n: "ASK { ?s ?p " + ", ".join(f"?o{i}" for i in range(n))
    + " }",
    "chained OPTIONALs": lambda n: "ASK { ?a ?b ?c " + "OPTIONAL { ?s ?p ?o } " * n + "}",
    "chained MINUS": lambda n: "ASK { ?a ?b ?c " + "MINUS { ?s ?p ?o } " * n + "}",
    "a long sum": lambda n: "ASK { BIND(" + " + ".join(["1"] * n) + " AS ?x) }",
    "a long difference": lambda n: "ASK { BIND(1" + "-1" * n + " AS ?x) }",
    "negations": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "a long path": lambda n: "ASK { ?s " + "/".join(["<urn:p>"] * n) + " ?o }",
    "nested blank nodes": lambda n: "ASK { ?s <urn:p> " + "[ <urn:p> " * n + "1" + " ]" * n
    + " }",
    "nested collections": lambda n: "ASK { ?s <urn:p> " + "( " * n + "1" + " )" * n + " }",
    "nested subqueries": lambda n: "ASK { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }"
    + " }" * n + " }",
    "nested EXISTS": lambda n: "ASK { " + "FILTER EXISTS { " * n + "?s ?p ?o" + " }" * n
    + " }",
    "nested calls": lambda n: "ASK { BIND(" + "CONCAT(" * n + "'a'" + ")" * n + " AS ?x) }",
    "patterns after numbers": lambda n: "ASK { " + " ".join(f"?s ?p {i}." for i in range(n))
    + " }",
}
#: The smallest repetition that crashed the Oxigraph server (2 MB thread stacks) or made it
#: work past its timeout, as measured when the issue was filed.
CRASHED_AT = {"nested braces": 3200, "nested parentheses": 10_000, "chained UNIONs": 10_000,
              "triple patterns": 200, "objects of one subject": 256, "chained OPTIONALs": 800,
              "chained MINUS": 3200, "a long sum": 20_000, "a long difference": 20_000,
              "negations": 3200, "a long path": 800, "nested blank nodes": 800,
              "nested collections": 200, "nested subqueries": 800, "nested EXISTS": 1600,
              "nested calls": 1600, "patterns after numbers": 200}


@pytest.mark.parametrize("shape", sorted(CRASHERS))
def test_every_query_shape_that_crashed_the_engine_is_refused(shape):
    with pytest.raises(QueryLimitError, match=r"at most|deep"):
        check_query(CRASHERS[shape](CRASHED_AT[shape]))


@pytest.mark.parametrize("shape", sorted(CRASHERS))
def test_the_limits_leave_a_margin_of_three_below_every_crash(shape):
    """Each limit is at most a third of the size that crashed the engine, half of the one
    that stalled it."""
    crashing = measure(CRASHERS[shape](CRASHED_AT[shape]))
    limits = QueryLimits()
    assert (crashing.depth >= 3 * limits.depth or crashing.operators >= 3 * limits.operators
            or crashing.patterns >= 2 * limits.patterns)


def test_every_named_query_is_well_within_the_limits():
    limits = QueryLimits()
    for named in named_queries().values():
        shape = check_query(named.text)
        assert shape.depth <= limits.depth // 4 and shape.operators <= limits.operators // 8
        assert shape.patterns <= limits.patterns // 4


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "{{{{{{{{{{" }',
    "SELECT * WHERE { ?s ?p '''((((\n((((''' }",
    "SELECT * WHERE { ?s ?p ?o } # " + "{" * 500,
    "SELECT * WHERE { ?s <urn:a/((((((> ?o }",
])
def test_brackets_in_strings_iris_and_comments_do_not_count(text):
    assert measure(text).depth <= 1


def test_an_escaped_quote_in_a_name_does_not_hide_brackets():
    r"""``ex:a\'b`` is a prefixed name, not the start of a string (as the engine reads it)."""
    with pytest.raises(QueryLimitError):
        check_query(r"PREFIX ex: <urn:> SELECT * WHERE { ex:a\'b " + "{" * 100 + " }")


def test_the_refusal_says_where_and_what_the_limit_is():
    with pytest.raises(QueryLimitError) as info:
        check_query("SELECT *\nWHERE " + "{" * 70 + "}" * 70)
    assert str(info.value) == ("the query nests brackets more than 64 deep (line 2, column 76 "
                               "is at depth 70): write it flatter")


def test_run_query_refuses_before_the_engine_sees_the_query():
    store = dataset_store(load_dataset(MINI_DIR))
    with pytest.raises(QueryLimitError):
        run_query(store, CRASHERS["nested braces"](3000))


@pytest.mark.parametrize("shape", ["nested braces", "nested parentheses", "chained UNIONs",
                                   "triple patterns"])
def test_query_command_refuses_what_crashed_it_with_a_clean_error(shape, tmp_path):
    """The command used to die of a segmentation fault (exit 139) on these."""
    count = {"nested braces": 3000}.get(shape, 10_000)
    (tmp_path / "q.rq").write_text(CRASHERS[shape](count), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "graphkit", "query", "--data", str(MINI_DIR),
                             "--file", str(tmp_path / "q.rq")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: the query") and "Traceback" not in result.stderr


# ---------------------------------------------------------------- federation (SERVICE)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
    "select * where { service silent <URL> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<URL> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SeRvIcE # a comment\n <URL> { ?s ?p ?o } } } }",
    "ASK { OPTIONAL { ?s ?p ?o FILTER EXISTS { SERVICE <URL> { ?s ?p ?o } } } }",
])
def test_a_remote_service_is_refused_and_nothing_is_sent(text, recorder):
    store = dataset_store(load_dataset(MINI_DIR))
    with pytest.raises(ServiceRefusedError, match="federated queries are off"):
        run_query(store, text.replace("URL", recorder.url))
    assert recorder.requests == []


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "PREFIX ex: <urn:> SELECT ?service WHERE { ?service ex:SERVICE ?o } # SERVICE <http://x/>",
])
def test_the_word_service_elsewhere_is_not_a_service_call(text):
    assert check_query(text).services == []


def test_query_command_refuses_service_unless_federation_is_on(recorder):
    query = f"SELECT ?x WHERE {{ SERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"
    refused = CliRunner().invoke(query_command, ["--data", str(MINI_DIR), query])
    assert refused.exit_code == 1 and "federated queries are off" in refused.output
    assert recorder.requests == []
    allowed = CliRunner().invoke(query_command, ["--data", str(MINI_DIR), "--federation",
                                                 "--format", "csv", query])
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output == "x\n" and len(recorder.requests) == 1
