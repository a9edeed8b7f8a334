"""Answers a researcher can trust: complete territories, followable evidence, honest defaults,
commands that keep their promises (issue 11), on the embedded dataset and on small data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli.analyse import metrics, show
from graphkit.cli.data import build, validate_command
from graphkit.cli.query import query
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.load import load_dataset

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"


def invoke(command, *args: str, columns: int = 250):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(command, list(args))


@pytest.fixture(scope="module")
def graph():
    return build_graph(load_dataset())


# --- territories -------------------------------------------------------------------------


def test_a_region_keeps_everything_located_in_its_provinces_and_comuni(graph):
    lombard = make_view(graph, "full", territory="Lombardia")
    assert {"comune-voghera", "smartfam-voghera", "welfare-lynx", "fare-legami"} <= set(lombard)
    assert make_view(graph, "orgs", territory="Lombardia").number_of_nodes() > 20


def test_a_comune_the_documents_tie_to_no_province_gets_its_province_and_region(graph):
    assert graph.nodes["istat-018"]["label"] == "Pavia"
    assert ("t-voghera", "istat-018") in {(u, v) for u, v, d in graph.edges(data=True)
                                         if d["relation"] == "part_of"}


def test_territory_organisations_counts_every_lombard_organisation():
    result = invoke(query, "--name", "territory-organisations", "--param",
                    "territory=Lombardia", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert int(row["organisations"]) >= 11


# --- queries say what they did ---------------------------------------------------------------


def test_show_prints_the_query_with_its_binding():
    result = invoke(query, "--show", "--name", "partners", "--param",
                    "project=vita-lavoro-toscana")
    assert result.exit_code == 0, result.output
    assert "VALUES (?project) { (<https://w3id.org/graphkit/id/vita-lavoro-toscana>) }" in (
        result.output)


def test_a_mistyped_entity_parameter_is_an_error_with_did_you_mean():
    result = invoke(query, "--name", "partners", "--param", "project=vita-lavoro-toscna")
    assert result.exit_code == 1
    assert "did you mean Vita Lavoro Toscana (vita-lavoro-toscana)" in result.output


def test_an_entity_parameter_takes_a_name_or_an_alias():
    by_id = invoke(query, "--name", "partners", "--param", "project=smartfam-voghera",
                   "--format", "csv")
    by_alias = invoke(query, "--name", "partners", "--param", "project=Smartfam Voghera",
                      "--format", "csv")
    assert by_alias.exit_code == 0 and by_alias.stdout == by_id.stdout
    assert "cresciamo" in by_id.stdout


def test_an_empty_table_says_zero_rows():
    result = invoke(query, "SELECT ?x WHERE { ?x gk:leadPartnerOf gkr:nothing-at-all }")
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("0 rows")


# --- evidence a reader can follow ------------------------------------------------------------


def test_show_names_the_source_by_title_and_gives_paragraph_and_span_in_json():
    result = invoke(show, "Fare Legami", "--format", "json")
    rows = json.loads(result.stdout)
    row = next(r for r in rows if r["relation"] == "← partner of")
    assert row["source"] == "Fare Legami (Welfare in Azione - Fondazione Cariplo)"
    assert row["address"].startswith("http://welfareinazione.fondazionecariplo.it/")
    assert isinstance(row["paragraph"], int) and row["span_end"] > row["span_start"]


def test_edges_csv_names_each_source_by_title_and_address():
    edges = list(csv.DictReader(io.StringIO(
        (Path(__file__).resolve().parents[1] / "exports" / "edges.csv").read_text())))
    page = next(e for e in edges if e["source_document"] == "page_13")
    assert page["source_title"] == "Progetto 3031 COOPERA"
    assert page["source_address"] == "https://www.anci.sicilia.it/progetto-3031-coopera/"


# --- defaults that show who matters ------------------------------------------------------------


def test_metrics_ranks_by_betweenness_then_weighted_degree_and_tells_actors_apart():
    rows = list(csv.DictReader(io.StringIO(invoke(metrics, "--format", "csv").stdout)))
    key = [(-float(r["betweenness"]), -float(r["weighted_degree"])) for r in rows]
    assert key == sorted(key)
    # the old default showed 20 of 24 tied signatories of one protocol, alphabetically
    assert len({(r["betweenness"], r["weighted_degree"]) for r in rows[:20]}) >= 18


def test_machine_formats_give_every_row_unless_top_is_given():
    everything = json.loads(invoke(metrics, "--format", "json", "--measure", "degree").stdout)
    assert len(everything) > 20
    assert len(json.loads(invoke(metrics, "--format", "json", "--measure", "degree",
                                 "--top", "5").stdout)) == 5


def test_eigenvector_values_below_the_solvers_tolerance_are_zero():
    rows = json.loads(invoke(metrics, "--format", "json", "--measure", "eigenvector").stdout)
    assert all(r["eigenvector"] == 0 or r["eigenvector"] > 1e-10 for r in rows)


@pytest.mark.parametrize("args", [["--list"], ["--name", "partners", "--param",
                                               "project=vita-lavoro-toscana"]])
def test_query_tables_fit_100_columns(args):
    result = invoke(query, *args, columns=100)
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 100


# --- commands keep their promises ----------------------------------------------------------------


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_validate_fails_on_a_sources_folder_that_checks_nothing(tmp_path, folder):
    (tmp_path / "empty").mkdir()
    result = invoke(validate_command, "--data", str(MINI_DIR), "--sources",
                    str(tmp_path / folder))
    assert result.exit_code == 1 and ("not found" in result.output
                                      or "nothing was checked" in result.output)


def test_validate_speaks_json():
    result = invoke(validate_command, "--data", str(MINI_DIR), "--format", "json")
    assert json.loads(result.stdout)[0]["entities"] == 11


def test_a_build_of_other_data_writes_beside_that_data(tmp_path):
    data = Path(shutil.copytree(MINI_DIR, tmp_path / "rete"))
    result = invoke(build, "--data", str(data), "--no-metrics", "--no-html")
    assert result.exit_code == 0, result.output
    assert (data / "exports" / "graph.trig").is_file()


def test_show_leaves_persons_out_unless_asked():
    without = json.loads(invoke(show, "comune-lucca", "--data", str(MINI_DIR),
                                "--format", "json").stdout)
    with_persons = json.loads(invoke(show, "comune-lucca", "--data", str(MINI_DIR), "--format",
                                     "json", "--include-persons").stdout)
    assert "p-anna-rossi" not in {r["id"] for r in without}
    assert "p-anna-rossi" in {r["id"] for r in with_persons}
