"""Bounded fuzzing in CI: malformed datasets never give a traceback, hostile queries never
crash the engine. ``tests/fuzz_campaign.py`` runs the same strategies at length."""

from __future__ import annotations

import os
import shutil
from contextlib import suppress

from fuzzing import check, hostile_queries, malformed_datasets
from hypothesis import HealthCheck, given, settings

from graphkit.errors import QueryError, TimeLimitError
from graphkit.model.load import load_dataset
from graphkit.processes import run_isolated
from graphkit.sparql.guard import check_query
from graphkit.sparql.query import dataset_store, limit_result, run_query

#: Examples per run: a few seconds in CI; raise it to explore at length.
EXAMPLES = int(os.environ.get("GRAPHKIT_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(dataset=malformed_datasets())
def test_no_malformed_dataset_gives_a_traceback_and_a_failed_build_changes_nothing(
        dataset, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    try:
        outcome = check(dataset, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert outcome.traceback is None, outcome.traceback
    assert outcome.validate_code in (0, 1) and outcome.build_code in (0, 1), outcome.output
    assert outcome.validate_code == 1 or outcome.build_code == 0, outcome.output
    assert not outcome.exports_changed_on_failure


_STORE = []


def _mini_store():
    if not _STORE:
        from fuzzing import MINI_DIR

        _STORE.append(dataset_store(load_dataset(MINI_DIR)))
    return _STORE[0]


@settings(FUZZ, max_examples=EXAMPLES * 3)
@given(text=hostile_queries())
def test_a_hostile_query_is_refused_or_runs_without_crashing_the_engine(text):
    try:
        check_query(text)
    except QueryError:
        return
    store = _mini_store()

    def answer() -> bytes:
        with suppress(QueryError):
            limit_result(run_query(store, text), 1000)
        return b""

    # a crash of the engine would be a ProcessCrashError, failing the test; a slow query is
    # bounded, as graphkit query bounds it
    with suppress(TimeLimitError):
        run_isolated(answer, timeout=10, what="the query")
