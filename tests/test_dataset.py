"""The loader: valid data loads, and every kind of bad input is named with file and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.errors import DataError
from graphkit.model.load import load_dataset, normalise_amount, normalise_date
from graphkit.model.locators import paragraphs


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    return [str(p) for p in info.value.problems]


def test_mini_dataset_loads_entities_relations_and_facts(mini_data):
    ds = load_dataset(mini_data)
    assert len([e for e in ds.entities if not e.startswith("istat-")]) == 10
    assert len([r for r in ds.relations if r.method != "reference"]) == 10
    assert len(ds.facts) == 3
    funds = next(r for r in ds.relations if r.relation == "funds")
    assert funds.amount == Decimal("50000.00") and funds.currency == "EUR"
    assert ds.entities["t-toscana"].identifiers == (("istat", "09"), ("wikidata", "Q1273"))


def test_yaml_syntax_error_names_file_and_line(mini_data):
    _edit(mini_data / "entities.yaml", "- id: coop-alfa", "- id: [coop-alfa")
    (problem,) = _problems(mini_data)
    assert "entities.yaml:" in problem and "YAML syntax error" in problem
    line = int(problem.split("entities.yaml:")[1].split(":")[0])
    assert line in (10, 11)


def test_duplicate_id_is_reported_with_both_lines(mini_data):
    registry = mini_data / "entities.yaml"
    lines = registry.read_text(encoding="utf-8").count("\n")
    with registry.open("a", encoding="utf-8") as handle:
        handle.write("- id: cgil\n  name: CGIL bis\n  type: trade_union\n")
    (problem,) = _problems(mini_data)
    assert f"entities.yaml:{lines + 1}: duplicate id 'cgil' (first defined at line 3)" in problem


def test_duplicate_yaml_key_is_a_syntax_error(mini_data):
    _edit(mini_data / "entities.yaml", "  name: CGIL\n", "  name: CGIL\n  name: CGIL bis\n")
    (problem,) = _problems(mini_data)
    assert "entities.yaml:5" in problem and "duplicate key 'name'" in problem


def test_unknown_entity_reference_suggests_a_close_id(mini_data):
    _edit(mini_data / "documents" / "doc1.yaml", "subject: cgil-lucca", "subject: cgil-luca")
    (problem,) = _problems(mini_data)
    assert "doc1.yaml:" in problem
    assert "unknown entity 'cgil-luca'" in problem and "did you mean cgil-lucca" in problem


def test_unknown_type_lists_the_known_ones(mini_data):
    _edit(mini_data / "entities.yaml", "type: cooperative", "type: cooperativa")
    (problem,) = _problems(mini_data)
    assert "entities.yaml:12: unknown type 'cooperativa'" in problem
    assert "cooperative" in problem


def test_unknown_relation_is_reported(mini_data):
    _edit(mini_data / "documents" / "doc1.yaml", "relation: lead_partner_of", "relation: leads")
    (problem,) = _problems(mini_data)
    assert "unknown relation 'leads'" in problem


@pytest.mark.parametrize("bad", ['"2024-13-01"', '"2023-02-30"', '"ieri"', '"24-05-10"'])
def test_bad_dates_are_refused(mini_data, bad):
    _edit(mini_data / "documents" / "doc1.yaml", 'date: "2024-05-09"', f"date: {bad}")
    (problem,) = _problems(mini_data)
    assert "bad date" in problem


@pytest.mark.parametrize("bad", ["-5", '"cinquantamila"', "true"])
def test_bad_amounts_are_refused(mini_data, bad):
    _edit(mini_data / "documents" / "doc1.yaml", "amount: 50000.00", f"amount: {bad}")
    (problem,) = _problems(mini_data)
    assert "bad amount" in problem


def test_relation_between_senseless_types_is_refused(mini_data):
    _edit(mini_data / "documents" / "doc1.yaml",
          "subject: coop-alfa\n    relation: lead_partner_of\n    object: progetto-uno",
          "subject: t-lucca\n    relation: partner_of\n    object: p-anna-rossi")
    (problem,) = _problems(mini_data)
    assert "t-lucca (territory) cannot be partner_of p-anna-rossi (person)" in problem


def test_identifier_that_does_not_match_its_scheme_is_refused(mini_data):
    _edit(mini_data / "entities.yaml", 'istat: "046017"', "istat: 46017")
    (problem,) = _problems(mini_data)
    assert "istat 46017 of 't-lucca' is not a ISTAT code" in problem


def test_every_problem_is_reported_at_once(mini_data):
    _edit(mini_data / "entities.yaml", "type: cooperative", "type: cooperativa")
    _edit(mini_data / "documents" / "doc1.yaml", "amount: 50000.00", "amount: tanti")
    assert len(_problems(mini_data)) == 2


def test_document_id_must_match_file_name(mini_data):
    _edit(mini_data / "documents" / "doc1.yaml", "id: doc1", "id: doc2")
    (problem,) = _problems(mini_data)
    assert "must equal the file name 'doc1'" in problem


def test_non_utf8_file_is_refused_clearly(mini_data):
    path = mini_data / "documents" / "doc1.yaml"
    path.write_bytes(path.read_bytes().replace(b"A test document", b"Citt\xe0"))
    (problem,) = _problems(mini_data)
    assert "not valid UTF-8" in problem


def test_missing_registry_is_reported(tmp_path):
    (problem,) = _problems(tmp_path)
    assert "entities.yaml: registry file not found" in problem


@given(st.dates())
def test_any_calendar_date_round_trips(day):
    assert normalise_date(day.isoformat()) == day.isoformat()
    assert normalise_date(day) == day.isoformat()


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_any_non_negative_amount_round_trips(amount):
    assert normalise_amount(str(amount)) == amount


@given(st.lists(st.text(alphabet="ab \n", max_size=8), max_size=6))
def test_paragraphs_are_disjoint_ordered_and_non_blank(blocks):
    text = "\n\n".join(blocks)
    ranges = paragraphs(text)
    assert ranges == sorted(ranges)
    for (start, end), following in zip(ranges, [*ranges[1:], (len(text) + 1, 0)], strict=False):
        assert text[start:end].strip()
        assert end < following[0]


def _as_json(data_dir: Path) -> None:
    """Rewrite a YAML dataset as JSON (also valid YAML), as `graphkit synth` writes large ones."""
    import json

    import yaml

    for path in [data_dir / "entities.yaml", *(data_dir / "documents").glob("*.yaml")]:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(content, indent=1, default=str), encoding="utf-8")


def test_json_written_dataset_loads_the_same_as_yaml(mini_data):
    from_yaml = load_dataset(mini_data)
    _as_json(mini_data)
    from_json = load_dataset(mini_data)
    assert from_json.relations == from_yaml.relations
    assert from_json.entities == from_yaml.entities
    assert from_json.facts == from_yaml.facts


def test_json_written_dataset_still_reports_lines_on_error(mini_data):
    _as_json(mini_data)
    _edit(mini_data / "documents" / "doc1.yaml", '"fondo-x"', '"fondo-y"')
    (problem,) = _problems(mini_data)
    line = int(problem.split("doc1.yaml:")[1].split(":")[0])
    assert line > 1 and "unknown entity 'fondo-y'" in problem


def test_json_written_dataset_reports_a_duplicate_key_with_its_line(mini_data):
    _as_json(mini_data)
    _edit(mini_data / "entities.yaml", '"name": ', '"name": "X", "name": ')
    (problem,) = _problems(mini_data)
    line = int(problem.split("entities.yaml:")[1].split(":")[0])
    assert line > 1 and "duplicate key 'name'" in problem


def test_loading_leaves_the_garbage_collector_as_it_was(mini_data):
    import gc

    assert gc.isenabled()
    load_dataset(mini_data)
    assert gc.isenabled()
    gc.disable()
    try:
        load_dataset(mini_data)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_territories_get_their_istat_codes_and_the_provinces_the_documents_omit(mini_data):
    ds = load_dataset(mini_data)
    assert dict(ds.entities["t-lucca"].identifiers) == {"istat": "046017"}
    province = ds.entities["istat-046"]
    assert (province.name, province.level, province.identifiers) == (
        "Lucca", "province", (("istat", "046"),))
    derived = sorted((r.subject, r.relation, r.object, r.locator.document)
                     for r in ds.relations if r.method == "reference")
    assert derived == [("istat-046", "part_of", "t-toscana", "istat-territories"),
                       ("t-lucca", "part_of", "istat-046", "istat-territories")]
    assert ds.documents["istat-territories"].kind == "reference"


def test_a_body_is_located_where_its_name_says(mini_data):
    _edit(mini_data / "entities.yaml", "name: Comune di Lucca", "name: Comune di Voghera")
    ds = load_dataset(mini_data)
    [located] = [r for r in ds.relations if r.method == "reference"
                 and r.relation == "located_in"]
    assert (located.subject, located.object) == ("comune-lucca", "istat-018182")
    assert [e.name for e in ds.entities.values() if e.id.startswith("istat-")] == [
        "Lucca", "Voghera", "Pavia", "Lombardia"]


@pytest.mark.parametrize(("name", "message"), [
    ("Lucchesia", "ISTAT's reference has no municipality named 'Lucchesia'"),
    ("Castro", "may be any of Castro (municipality, 016065), Castro (municipality, 075096)"),
])
def test_an_unknown_or_ambiguous_territory_is_reported_with_its_line(mini_data, name, message):
    _edit(mini_data / "entities.yaml", 'name: Lucca\n  type: territory\n  level: municipality\n'
          '  identifiers: {istat: "046017"}', f"name: {name}\n  type: territory\n"
          "  level: municipality")
    [problem] = _problems(mini_data)
    assert "entities.yaml:30: territory t-lucca" in problem and message in problem
