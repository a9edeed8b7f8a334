"""Imported datasets joined to the curated records: identity, territories, slices, provenance.

One dataset folder is made for the module: the tiny hand-made dataset, three curated
entities that meet the OpenCoesione fixtures (an organisation with a codice fiscale, one
with a name only, a project with a CUP), and the fixtures imported with the command line.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import AmbiguousEntityError, DataError, EmptyViewError
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.imported import imported_folders, load_data, slice_for
from graphkit.model.load import load_dataset
from graphkit.rdf.mapping import to_rdf, union_graph
from graphkit.rdf.validate import shacl_violations

TESTS = Path(__file__).resolve().parent
FIX = TESTS / "fixtures" / "opendata"
PERSON_STRINGS = ("FTTPRS80A01H501X", "FTTMRA75C41D612R", "FTTGNN90T10L219E", "PERSEO",
                  "FITTIZIA MARA", "GIANNI")
CURATED = """
- id: coop-ancora
  name: Cooperativa sociale L'Àncora
  type: cooperative
  identifiers: {cf: "90000000118"}
- id: assoc-lavoro
  name: Associazione Fittizia per il Lavoro
  type: organisation
- id: progetto-101
  name: Progetto fittizio 101
  type: project
  identifiers: {cup: "F00101000000000"}
"""


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("imported") / "data"
    shutil.copytree(TESTS / "fixtures" / "mini", folder)
    with (folder / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(CURATED)
    for args in (
        ("--progetti", FIX / "progetti_20250630.csv", "--soggetti", FIX / "soggetti_20250630.csv"),
        ("--progetti", FIX / "progetti_esteso_2021-2027_20250630.csv",
         "--soggetti", FIX / "soggetti_esteso_2021-2027_20250630.csv",
         "--name", "opencoesione-esteso-20250630"),
    ):
        result = run("import", "opencoesione", "--data", str(folder), *map(str, args))
        assert result.exit_code == 0, result.output
    result = run("import", "indicepa", "--data", str(folder), str(FIX / "enti.csv"))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def dataset(data: Path):
    return load_data(data)


def relations_of(dataset, entity: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation, r.object) for r in dataset.relations
            if entity in (r.subject, r.object)}


def test_the_import_says_what_it_wrote_and_what_to_review(data):
    folders = [f.name for f in imported_folders(data)]
    assert folders == ["indicepa", "opencoesione-20250630", "opencoesione-esteso-20250630"]
    result = run("import", "opencoesione", "--data", str(data), "--progetti",
                 str(FIX / "progetti_20250630.csv"), "--soggetti",
                 str(FIX / "soggetti_20250630.csv"), "--name", "again", "--format", "csv")
    rows = dict(csv.reader(result.stdout.splitlines()[1:]))
    assert rows["bodies that are curated organisations (same identifier)"] == "1"
    assert rows["bodies named as a curated entity, to review (not merged)"] == "1"
    shutil.rmtree(data / "imported" / "again")


def test_a_curated_organisation_with_a_tax_code_absorbs_its_imported_body(dataset):
    assert "cf-90000000118" not in dataset.entities
    assert ("coop-ancora", "beneficiary_of", "ocp-fixt005") in relations_of(dataset, "coop-ancora")
    assert dataset.entities["coop-ancora"].name == "Cooperativa sociale L'Àncora"


def test_a_name_only_match_is_listed_for_review_never_merged(data, dataset):
    review = (data / "imported" / "opencoesione-20250630" / "review.csv").read_text()
    assert review.splitlines()[1:] == [
        "cf-90000000217,ASSOCIAZIONE FITTIZIA PER IL LAVORO,assoc-lavoro,"
        "Associazione Fittizia per il Lavoro,name"]
    assert "cf-90000000217" in dataset.entities
    assert relations_of(dataset, "assoc-lavoro") == set()


def test_a_curated_project_with_a_cup_is_the_imported_project(dataset):
    assert "ocp-fixt101" not in dataset.entities
    assert ("coop-ancora", "partner_of", "progetto-101") in relations_of(dataset, "progetto-101")
    assert ("progetto-101", "cofinanced_by", "ocprog-2021it05sfpr999") in \
        relations_of(dataset, "progetto-101")


def test_roles_become_relations_and_several_beneficiaries_partners(dataset):
    found = relations_of(dataset, "ocp-fixt001")
    assert {("cf-90000000019", "programming_authority_of", "ocp-fixt001"),
            ("cf-80000000119", "implementer_of", "ocp-fixt001"),
            ("cf-90000000217", "beneficiary_of", "ocp-fixt001"),
            ("cf-90000000217", "partner_of", "ocp-fixt001"),
            ("cf-90000000316", "contractor_of", "ocp-fixt001")} <= found
    single = relations_of(dataset, "ocp-fixt005")
    assert ("coop-ancora", "partner_of", "ocp-fixt005") not in single


def test_projects_carry_theme_cycle_dates_and_amounts_by_source(dataset):
    facts = {f.property: (f.value, f.currency) for f in dataset.facts
             if f.subject == "ocp-fixt001"}
    assert facts["theme"] == ("Inclusione sociale e salute", None)
    assert facts["cycle"] == ("2014-2020", None)
    assert facts["start_date"] == ("2016-03-01", None)
    assert facts["end_date"] == ("2018-12-31", None)
    assert facts["funding_eu"] == ("150000.00", "EUR")
    assert facts["funding_region"] == ("1000.50", "EUR")


def test_indicepa_names_types_and_seats_public_bodies(dataset):
    region = dataset.entities["cf-90000000019"]
    assert (region.name, region.type) == ("Regione Fittizia", "region")
    seat = [r for r in dataset.relations if r.subject == "cf-90000000019"
            and r.relation == "located_in"]
    assert [(r.object, r.locator.document, r.locator.row) for r in seat] == [
        ("istat-048017", "indicepa", "r_fittiz")]
    assert dataset.documents["indicepa"].kind == "dataset"


def test_comuni_come_from_istats_reference(dataset):
    places = {r.object for r in dataset.relations
              if r.subject == "ocp-fixt102" and r.relation == "located_in"}
    assert places == {"istat-058091", "istat-048017"}
    assert dataset.entities["istat-058091"].name == "Roma"
    lucca = [r.object for r in dataset.relations
             if r.subject == "progetto-101" and r.relation == "located_in"]
    assert lucca == ["t-lucca"]  # the curated territory with that ISTAT code


def test_a_projects_comuni_give_territory_its_answer(data):
    found = run("metrics", "--data", str(data), "--territory", "Lazio", "--format", "csv")
    assert found.exit_code == 0, found.output
    ids = {row["id"] for row in csv.DictReader(found.stdout.splitlines())}
    assert ids == {"cf-90000000019", "cf-90000000415"}  # FIXT102's programmer and implementer


FILTERS = [
    {"territory": "Toscana"}, {"territory": "Lazio"}, {"territory": "t-lucca"},
    {"territory": "istat-058091"}, {"territory": "istat-248"}, {"since": "2020"},
    {"until": "2016"}, {"since": "2025"}, {"since": "2016", "until": "2018"},
    {"since": "2021", "territory": "Toscana"}, {"since": "2019", "until": "2020",
                                                "territory": "Toscana"},
]


def view_of(G: nx.MultiDiGraph, view: str, filters: dict) -> tuple[set, list] | None:
    """The nodes and edges of a view but for the territories only other territories reach:
    a windowed full view keeps every territory of the graph, and the whole graph has the
    territories of imported records that a slice never reads."""
    try:
        V = make_view(G, view, **filters)
    except EmptyViewError:
        return None
    place = {n for n, g in V.nodes(data="group") if g == "territory"}
    edges = [e for e in (V.edges(keys=True) if V.is_multigraph() else V.edges)
             if not {e[0], e[1]} <= place]
    touched = {n for e in edges for n in e[:2]}
    return {n for n in V if n in touched or n not in place}, sorted(map(str, edges))


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(map(str, f.values())))
@pytest.mark.parametrize("view", ["orgs", "full"])
def test_a_pushed_down_slice_gives_the_view_of_the_whole(data, dataset, filters, view):
    whole = view_of(build_graph(dataset), view, filters)
    part = view_of(build_graph(load_data(data, **filters)), view, filters)
    assert part == whole


def test_themes_slice_only_imported_projects(data):
    sliced = load_data(data, themes=["9"])
    projects = {e for e in sliced.entities if e.startswith("ocp-")}
    assert projects == {"ocp-fixt001", "ocp-fixt005"}  # FIXT101, theme 09, is progetto-101
    assert {"progetto-uno", "progetto-101"} <= set(sliced.entities)


def test_an_ambiguous_territory_is_refused_before_reading(data):
    with pytest.raises(AmbiguousEntityError, match="istat-272"):
        slice_for(load_dataset(data), territory="Bari")


def test_rows_and_links_are_the_evidence(data):
    shown = run("show", "--data", str(data), "ocp-fixt002", "--format", "csv")
    rows = list(csv.DictReader(shown.stdout.splitlines()))
    programmer = next(r for r in rows if r["relation"] == "← programming authority of")
    assert programmer["row"] == "FIXT002|1|1"
    assert programmer["address"] == "https://opencoesione.gov.it/it/progetti/fixt002/"
    assert programmer["source"] == "OpenCoesione 2025-06-30, row FIXT002|1|1"
    assert programmer["paragraph"] == programmer["span_start"] == ""
    hops = run("path", "--data", str(data), "Regione Fittizia", "FONDAZIONE FITTIZIA",
               "--format", "json")
    rows = {hop["row"] for hop in json.loads(hops.stdout)}
    assert {"FIXT102|1|1", "FIXT102|2|1"} <= rows and None not in rows


def test_exports_keep_rows_and_never_a_natural_person(data, tmp_path):
    result = run("build", "--data", str(data), "--out", str(tmp_path), "--no-html")
    assert result.exit_code == 0, result.output
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        for person in PERSON_STRINGS:
            assert person not in text, (path.name, person)
    edges = list(csv.DictReader((tmp_path / "edges.csv").open(encoding="utf-8")))
    found = {e["relation"]: e["source_address"] for e in edges if e["row"] == "FIXT001|4|1"}
    assert found == {"contractor_of": "https://opencoesione.gov.it/it/progetti/fixt001/",
                     "located_in": "https://opencoesione.gov.it/it/progetti/fixt001/"}
    for path in (data / "imported").rglob("*"):
        if path.is_file():
            for person in PERSON_STRINGS:
                assert person.encode() not in path.read_bytes(), (path.name, person)


def test_sparql_tells_imported_records_from_curated_ones(data):
    query = """SELECT ?kind (COUNT(?record) AS ?n) WHERE {
        ?record prov:wasDerivedFrom ?doc .
        OPTIONAL { ?doc a dcat:Dataset . BIND("imported" AS ?imported) }
        BIND(COALESCE(?imported, "curated") AS ?kind)
        FILTER EXISTS { ?record gk:subject ?s }
    } GROUP BY ?kind ORDER BY ?kind"""
    found = run("query", "--data", str(data), query, "--format", "csv")
    assert found.exit_code == 0, found.output
    counts = dict(row.split(",") for row in found.stdout.splitlines()[1:])
    assert set(counts) == {"curated", "imported"}
    keyed = run("query", "--data", str(data), "--format", "csv",
                "SELECT ?key WHERE { ?r gk:rowKey ?key ; schema:url "
                "'https://opencoesione.gov.it/it/progetti/fixt003/'^^xsd:anyURI ; "
                "gk:relation gk:implementerOf }")
    assert keyed.stdout.splitlines()[1:] == ["FIXT003|2|1"]


def test_imported_records_conform_to_the_shapes(dataset):
    assert shacl_violations(dataset) == []


def test_a_record_with_neither_text_nor_row_locator_violates_the_shapes(dataset):
    from rdflib.namespace import RDF

    from graphkit.schema.vocabulary import GK

    graph = union_graph(to_rdf(dataset))
    record = next(s for s in graph.subjects(GK.rowKey, None)
                  if (s, RDF.type, GK.Relationship) in graph)
    graph.remove((record, GK.rowKey, None))
    messages = {v.message for v in shacl_violations(dataset, graph)}
    assert any("located either by paragraph" in m for m in messages)


def test_bridges_answers_who_bridges_and_who_funds(data):
    found = run("bridges", "--data", str(data), "--territory", "Toscana", "--format", "json")
    assert found.exit_code == 0, found.output
    rows = {row["id"]: row for row in json.loads(found.stdout)}
    # in Toscana, the cooperative takes part in FIXT101 (Lucca) only: FIXT005 lies nowhere
    assert rows["coop-ancora"]["funded_by"] == ["Regione Fittizia (1)", "PR FSE+ FITTIZIO (1)"]
    assert rows["coop-ancora"]["initiatives"] == 1
    assert "cf-90000000019" not in rows  # a funder, listed and not ranked
    tied = run("bridges", "--data", str(data), "--territory", "Toscana", "--with-funding",
               "--format", "json")
    assert "cf-90000000019" in {row["id"] for row in json.loads(tied.stdout)}


def test_bad_input_is_refused_naming_file_row_and_column_and_writes_nothing(data):
    before = sorted(p.relative_to(data) for p in (data / "imported").rglob("*"))
    result = run("import", "opencoesione", "--data", str(data), "--soggetti",
                 str(FIX / "bad" / "soggetti_unknown_role_20250630.csv"), "--progetti",
                 str(FIX / "progetti_20250630.csv"))
    assert result.exit_code == 1
    assert ("soggetti_unknown_role_20250630.csv, row 4 (project FIXT001), column "
            "SOGG_COD_RUOLO: unknown role code '7'") in result.output
    assert sorted(p.relative_to(data) for p in (data / "imported").rglob("*")) == before


@pytest.mark.parametrize("existing", [False, True])
def test_a_refused_import_into_a_new_folder_leaves_no_copy_of_the_embedded_dataset(
        tmp_path, existing):
    """The folder was started as a copy of the embedded dataset before the file was read,
    and kept when the file was refused."""
    target = tmp_path / "mydata"
    if existing:
        (target / "notes").mkdir(parents=True)
    result = run("import", "opencoesione", "--data", str(target), "--soggetti",
                 str(FIX / "bad" / "soggetti_unknown_role_20250630.csv"), "--progetti",
                 str(FIX / "progetti_20250630.csv"))
    assert result.exit_code == 1 and "unknown role code" in result.output
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == (["mydata", "mydata/notes"] if existing else [])
    result = run("import", "indicepa", "--data", str(target), str(FIX / "bad" / "nothing.csv"))
    assert result.exit_code == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == left


def test_an_incomplete_import_folder_is_a_data_error(data, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(data, broken)
    (broken / "imported" / "opencoesione-20250630" / "roles.parquet").unlink()
    with pytest.raises(DataError, match=r"roles\.parquet: missing"):
        load_data(broken)


def test_a_kept_store_follows_the_imports(data, tmp_path):
    from graphkit.sparql.store import data_fingerprint

    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    before = data_fingerprint(copy)
    shutil.rmtree(copy / "imported" / "indicepa")
    assert data_fingerprint(copy) != before


def test_the_facade_imports_and_reads_slices(data, tmp_path):
    import graphkit

    target = tmp_path / "fresh"
    summary = graphkit.import_opencoesione(
        target, FIX / "soggetti_esteso_2021-2027_20250630.csv",
        FIX / "progetti_esteso_2021-2027_20250630.csv", themes=["09"])
    assert summary.counts["projects"] == 1
    net = graphkit.load(target, territory="Toscana")
    assert "ocp-fixt101" in set(net.entities["id"])
    table = graphkit.load(data).bridges(territory="Toscana")
    row = table.set_index("id").loc["coop-ancora"]
    assert row["funded_by"] == [("Regione Fittizia", 1), ("PR FSE+ FITTIZIO", 1)]
    assert isinstance(net.graph, nx.MultiDiGraph)
