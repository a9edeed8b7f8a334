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


# ---------------------------------------------------------------- bounded work for bounded input

BILLION_LAUGHS = """\
- id: lol
  name: Lol
  type: organisation
  note: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  aliases: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  level: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  identifiers: {x: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]}
"""


def test_yaml_aliases_are_refused_with_file_and_line(mini_data):
    """600 bytes of nested aliases stood for gigabytes: validate took 55 s and 6.3 GB."""
    with (mini_data / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(BILLION_LAUGHS)
    (problem,) = _problems(mini_data)
    assert problem.endswith("entities.yaml:41: YAML anchor &a is not allowed: write the value "
                            "out in full")


def test_validate_refuses_billion_laughs_at_once(mini_data):
    from click.testing import CliRunner

    from graphkit.cli import main

    with (mini_data / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(BILLION_LAUGHS)
    result = CliRunner().invoke(main, ["validate", "--data", str(mini_data)])
    assert result.exit_code == 1 and "YAML anchor &a is not allowed" in result.output


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  type: cooperative\n", "  type: cooperative\n  note: {a: 1}\n",
     "'note' of entity 'coop-alfa' must be a non-empty text"),
    ("    note: branch named after its city", "    note: [branch]",
     "'note' of a relation must be a non-empty text"),
    ("    year: 2021", "    year: 2021\n    note: 12", "'note' of a fact must be a non-empty text"),
    ("  aliases: [CGIL Lucca]", "  aliases: [CGIL Lucca, {a: 1}]",
     "aliases of 'cgil-lucca' must be a list of non-empty texts"),
    ("  level: region", "  level: [region]", "level of 't-toscana' must be a text"),
    ("    role: sindaca", "    role: [sindaca]", "role must be a non-empty text"),
    ("source_file: doc1.txt", "source_file: ../../../../dev/zero",
     "source_file '../../../../dev/zero' must be a file name, without folders"),
])
def test_every_field_is_type_checked(mini_data, old, new, message):
    """A mapping as a note passed validate and crashed build."""
    path = mini_data / ("entities.yaml" if "  type:" in old or "alias" in old or "level" in old
                        else "documents/doc1.yaml")
    _edit(path, old, new)
    assert any(message in p for p in _problems(mini_data))


@pytest.mark.parametrize(("old", "new", "message"), [
    ("subject: cgil-lucca\n    relation: partner_of", "subject: [cgil-lucca]\n    relation: "
     "partner_of", "'subject' must be an entity id, not ['cgil-lucca']"),
    ("relation: lead_partner_of", "relation: [lead_partner_of]", "unknown relation"),
    ("property: start_date", "property: {start_date: 1}", "unknown property"),
    ("territory: t-lucca", "territory: [t-lucca]", "['t-lucca'] is not a territory entity"),
    ("kind: press_release", "kind: press_release\npublisher: [cgil]", "unknown entity ['cgil']"),
    ("{entity: coop-alfa,", "{entity: [coop-alfa],", "'entity' must be an entity id"),
])
def test_a_list_where_an_id_is_expected_is_a_clean_problem(mini_data, old, new, message):
    _edit(mini_data / "documents" / "doc1.yaml", old, new)
    assert any(message in p for p in _problems(mini_data))


@pytest.mark.parametrize(("amount", "message"), [
    ('"1e-99999999"', "has more than 6 decimals"),
    ("1e30", "is too large (amounts are below 10^15)"),
    ('"1000000000000000"', "is too large"),
])
def test_amounts_are_bounded(mini_data, amount, message):
    """13 characters of amount made ttl, trig and jsonld 100 MB each."""
    _edit(mini_data / "documents" / "doc1.yaml", "amount: 50000.00", f"amount: {amount}")
    (problem,) = _problems(mini_data)
    assert "bad amount" in problem and message in problem


@pytest.mark.parametrize(("old", "new", "message"), [
    ("value: 271", "value: 10000000000000", "is not a count from 0 to 10^12"),
    ("value: 271", "value: -3", "is not a count from 0 to 10^12"),
    ("paragraph: 2\n    span: [62, 90]\n  - subject: cgil-lucca",
     "paragraph: 1000000\n    span: [62, 90]\n  - subject: cgil-lucca",
     "needs a paragraph number (1, 2, …, at most 100,000)"),
    ("span: [62, 90]\n  - subject: cgil-lucca", "span: [62, 10000000000]\n  - subject: "
     "cgil-lucca", "at most 1,000,000,000"),
])
def test_numbers_are_bounded(mini_data, old, new, message):
    _edit(mini_data / "documents" / "doc1.yaml", old, new)
    assert any(message in p for p in _problems(mini_data))


def test_string_lengths_are_bounded(mini_data):
    """A 200 KB name stalled the first draw of the page for 81 s."""
    _edit(mini_data / "entities.yaml", "name: Comune di Lucca", "name: " + "Lucca " * 40_000)
    (problem,) = _problems(mini_data)
    assert "'name' of entity 'comune-lucca' is 239,999 characters long: at most 500" in problem


def test_a_long_unknown_id_is_reported_without_comparing_it_to_every_id(mini_data):
    _edit(mini_data / "documents" / "doc1.yaml", "subject: cgil-lucca",
          "subject: " + "x" * 100_000)
    problems = _problems(mini_data)
    assert any("unknown entity 'xxxx" in p and "(100,002 characters)" in p for p in problems)
    assert all(len(p) < 300 for p in problems)


# ---------------------------------------------------------------- no traceback, whatever the file


@pytest.mark.parametrize(("snippet", "message"), [
    ("note: 2023-02-30\n", "cannot read '2023-02-30': day is out of range for month"),
    ("note: !!timestamp 2024-02-30\n", "cannot read '2024-02-30'"),
    ("note: !!timestamp ieri\n", "cannot read 'ieri'"),
    ("note: " + "9" * 20_000 + "\n", "Exceeds the limit"),
    ("? [a, b]\n: c\n", "a key must be a text, not a list ['a', 'b']"),
    ("? {a: 1}\n: c\n", "a key must be a text, not a mapping {'a': 1}"),
    ("note: " + "[" * 3000 + "]" * 3000 + "\n", "YAML syntax error"),
    ("note: !!python/object/apply:os.system ['true']\n", "could not determine a constructor"),
    ("note: \x00\n", "U+0000 is not allowed in YAML"),
    ("note: a\x07b\n", "U+0007 is not allowed in YAML"),
    ("note: \x1b[31m\n", "U+001B is not allowed in YAML"),
])
def test_a_malformed_yaml_value_is_a_problem_at_its_line(mini_data, snippet, message):
    """Each of these was a traceback (ValueError, TypeError, ReaderError…)."""
    _edit(mini_data / "documents" / "doc1.yaml", "title: A test document\n",
          "title: A test document\n" + snippet)
    (problem,) = _problems(mini_data)
    assert "doc1.yaml:6: " in problem and message in problem


def test_json_nested_too_deeply_is_a_problem_not_a_recursion_error(mini_data):
    """Large datasets are read by the JSON parser first, which recurses."""
    (mini_data / "documents" / "doc1.yaml").write_text(
        '{"id": "doc1", "note": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    (problem,) = _problems(mini_data)
    assert "doc1.yaml" in problem


def test_valid_data_without_any_link_between_organisations_still_builds(mini_data, tmp_path):
    """validate said OK, build said 'nothing is left in the view'."""
    from click.testing import CliRunner

    from graphkit.cli import main

    document = mini_data / "documents" / "doc1.yaml"
    text = document.read_text(encoding="utf-8")
    document.write_text(text[:text.index("relations:")] + text[text.index("facts:"):],
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(mini_data), "--out",
                                       str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "metrics.csv not written: fewer than two organisations are linked" in result.output
    assert (tmp_path / "out" / "nodes.csv").is_file()
