"""The analysis commands, run through click on a tiny dataset written in the data format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli.analyse import communities_command, metrics, path, show
from graphkit.cli.output import NARROWEST, render

ENTITIES = """
- {id: cna, name: CNA, type: trade_association}
- {id: cna-lucca, name: CNA Lucca, type: trade_association, aliases: [Cna di Lucca]}
- {id: coop-alfa, name: Cooperativa Alfa, type: cooperative}
- {id: coop-beta, name: Cooperativa Beta, type: cooperative}
- {id: comune-forli, name: Comune di Forlì, type: municipality}
- {id: isolata, name: Associazione Isolata, type: organisation}
- {id: progetto-uno, name: Progetto Uno, type: project}
- {id: progetto-due, name: Progetto Due, type: project}
- {id: t-toscana, name: Toscana, type: territory, level: region}
- {id: t-lucca, name: Lucca, type: territory, level: municipality}
- {id: p-anna, name: Anna Rossi, type: person}
"""

DOC = """
id: {id}
source_file: {id}.txt
kind: press_release
date: "{date}"
title: test
relations:
{relations}
"""


def relation(subject: str, name: str, obj: str, extra: str = "") -> str:
    return (f"  - {{subject: {subject}, relation: {name}, object: {obj}, paragraph: 1, "
            f"span: [0, 10]{extra}}}")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "documents").mkdir(parents=True)
    (root / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    one = [relation("cna-lucca", "lead_partner_of", "progetto-uno"),
           relation("coop-alfa", "partner_of", "progetto-uno"),
           relation("comune-forli", "funds", "progetto-uno", ", amount: 1000"),
           relation("cna-lucca", "branch_of", "cna"),
           relation("cna-lucca", "located_in", "t-lucca"),
           relation("progetto-uno", "located_in", "t-lucca"),
           relation("t-lucca", "part_of", "t-toscana"),
           relation("p-anna", "holds_role", "coop-alfa", ", role: presidente")]
    two = [relation("coop-alfa", "partner_of", "progetto-due"),
           relation("coop-beta", "partner_of", "progetto-due")]
    for doc_id, date, rels in (("d1", "2019-05-02", one), ("d2", "2023-01", two)):
        (root / "documents" / f"{doc_id}.yaml").write_text(
            DOC.format(id=doc_id, date=date, relations="\n".join(rels)), encoding="utf-8")
    return root


def run(command, *args: str):
    result = CliRunner(env={"COLUMNS": "250"}).invoke(command, [*args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_metrics_table_shows_labels_and_says_view_level_and_window(data):
    result = run(metrics, "--data", str(data), "--since", "2019", "--until", "2020")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "view orgs, level local, window 2019-2020"
    assert "CNA Lucca" in result.output and "Cooperativa Beta" not in result.output
    assert "Trade association" in result.output


def test_a_wide_table_fits_100_columns_in_blocks_that_repeat_the_label(data):
    result = CliRunner(env={"COLUMNS": "100"}).invoke(metrics, ["--data", str(data)])
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 100
    headers = [line for line in lines if line.startswith("label ")]
    assert len(headers) > 1 and "community" in headers[-1]


def test_a_table_too_wide_narrows_its_text_columns_together():
    rows = [{"label": "Centri per l'impiego della provincia di Lucca", "initiatives": 1,
             "funded_by": "Regione Fittizia (1); PR FSE+ FITTIZIO (1)"}]
    lines = render(rows, ["label", "initiatives", "funded_by"], "table", width=60).splitlines()
    assert max(map(len, lines)) <= 60
    label, _, funded_by = lines[1].split("  ")
    assert len(label) > NARROWEST + 5 and len(funded_by) > NARROWEST + 5
    assert lines[2].startswith("Centri per l'impiego")


def test_each_block_of_a_table_gets_the_width_it_has():
    value = "cooperativa sociale di B"
    columns = ["label", *(f"c{i}" for i in range(8))]
    rows = [{"label": "Cooperativa Alfa", **{f"c{i}": value for i in range(8)}}]
    blocks = render(rows, columns, "table", width=100).split("\n\n")
    assert len(blocks) > 1
    for block in blocks:
        assert max(map(len, block.splitlines())) <= 100
    assert value in blocks[-1]  # the last block's columns are not cut to the narrowest


def test_metrics_json_has_every_measure_and_notes_on_stderr(data):
    result = run(metrics, "--data", str(data), "--format", "json", "--level", "parent",
                 "--k", "2", "--seed", "1")
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {"cna", "coop-alfa", "coop-beta", "comune-forli"}
    assert {"betweenness", "constraint", "community", "core"} <= rows[0].keys()
    assert "level parent" in result.stderr
    assert "betweenness estimated with KADABRA" in result.stderr
    assert "closeness estimated from k=2 sampled sources (seed 1)" in result.stderr


def test_metrics_measure_sort_and_top(data):
    result = run(metrics, "--data", str(data), "--format", "csv", "--measure",
                 "degree,betweenness", "--sort", "betweenness", "--top", "1")
    assert result.stdout.splitlines() == ["id,label,type,degree,betweenness",
                                          "coop-alfa,Cooperativa Alfa,cooperative,3,0.666667"]


@pytest.mark.parametrize("args, message", [
    (["--measure", "pagerankk"], "did you mean pagerank"),
    (["--since", "2030"], "nothing is left"),
    (["--since", "2024-13"], "'2024-13' is not a real date"),  # was read as 2025
    (["--until", "2023-02-30"], "'2023-02-30' is not a real date"),
    (["--territory", "Luca"], "did you mean Lucca"),
    (["--measure", "degree", "--sort", "pagerank"], "not among the measures"),
])
def test_metrics_errors_are_messages_not_tracebacks(data, args, message):
    result = run(metrics, "--data", str(data), *args)
    assert result.exit_code != 0
    assert message in result.output


def test_territory_option_keeps_what_is_located_there(data):
    result = run(metrics, "--data", str(data), "--territory", "toscana", "--format", "json")
    assert {r["id"] for r in json.loads(result.stdout)} == {"cna-lucca", "coop-alfa",
                                                            "comune-forli"}


def test_communities_lists_members_and_modularity(data):
    result = run(communities_command, "--data", str(data), "--format", "json")
    rows = json.loads(result.stdout)
    assert sorted(m for r in rows for m in r["ids"]) == ["cna-lucca", "comune-forli",
                                                        "coop-alfa", "coop-beta"]
    assert "modularity" in result.stderr


def test_show_finds_by_alias_and_groups_neighbours_with_sources(data):
    result = run(show, "CNA DI LUCCA", "--data", str(data), "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["relation"], r["id"], r["source_document"]) for r in rows] == [
        ("lead partner of", "progetto-uno", "d1"), ("branch of", "cna", "d1"),
        ("located in", "t-lucca", "d1")]
    table = run(show, "cna", "--data", str(data), "--level", "parent").output
    assert "merged branches: cna-lucca" in table and "lead partner of" in table


def test_show_unknown_name_suggests(data):
    result = run(show, "Cooperativa Alfaa", "--data", str(data))
    assert result.exit_code != 0 and "did you mean Cooperativa Alfa" in result.output


def test_path_gives_each_hop_with_relation_and_evidence(data):
    result = run(path, "CNA Lucca", "Cooperativa Beta", "--data", str(data), "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["from_id"], r["relation"], r["to_id"], r["source_document"]) for r in rows] == [
        ("cna-lucca", "lead partner of", "progetto-uno", "d1"),
        ("progetto-uno", "← partner of", "coop-alfa", "d1"),
        ("coop-alfa", "partner of", "progetto-due", "d2"),
        ("progetto-due", "← partner of", "coop-beta", "d2")]
    assert "4 hops" in result.stderr


def test_path_between_unconnected_actors_is_a_clear_error(data):
    result = run(path, "cna-lucca", "isolata", "--data", str(data))
    assert result.exit_code != 0 and "not connected" in result.output
    result = run(path, "cna-lucca", "coop-beta", "--data", str(data), "--until", "2020")
    assert result.exit_code != 0 and "is not in the view full" in result.output
