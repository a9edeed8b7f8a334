"""Load and validate the curated dataset in ``data/``.

The format is described in ``data/README.md``: a registry of entities
(``entities.yaml``) and one file of facts per source document
(``documents/<id>.yaml``). :func:`load_dataset` reads both, checks every
record against the vocabulary of :mod:`graphkit.schema.vocabulary` and raises
:class:`~graphkit.errors.DataError` listing every problem with file and line.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> ds = load_dataset()
>>> ds.entities["cgil-lucca"].type
'trade_union'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from graphkit.errors import DataError, Problem, display_path
from graphkit.memory import paused_gc
from graphkit.model.records import (
    Dataset,
    Document,
    Entity,
    Fact,
    Locator,
    Mention,
    RelationRecord,
    stable_id,
)
from graphkit.model.territories import complete_territories
from graphkit.resources import bundled
from graphkit.schema.vocabulary import (
    DEFAULT_CURRENCY,
    IDENTIFIER_SCHEMES,
    NODE_TYPES,
    PROPERTIES,
    RELATIONS,
    TERRITORY_LEVELS,
    Confidence,
    Method,
    Rel,
    ValueKind,
)

#: The embedded dataset shipped with graphkit.
DEFAULT_DATA_DIR = bundled("data")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOC_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
_DATE_PATTERNS = (
    (re.compile(r"^\d{4}$"), "%Y"),
    (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^--\d{2}-\d{2}$"), "--%m-%d"),
)
_DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
_DURATION_PATTERN = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
_CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")
_STATED, _MANUAL = Confidence.STATED.value, Method.MANUAL.value


# --- YAML with line numbers ---------------------------------------------------


class _Located(dict):
    """A mapping read from YAML that remembers the line of itself and of its keys.

    Read from JSON (the fast path), it knows no lines: 0 for itself and its keys.
    """

    line: int = 0
    key_lines: Mapping[str, int] = MappingProxyType({})


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that keeps line numbers and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    loader.flatten_mapping(node)
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _json_mapping(pairs: list[tuple[str, Any]]) -> _Located:
    mapping = _Located(pairs)
    if len(mapping) < len(pairs):
        raise ValueError("duplicate key")
    return mapping


def _read_yaml(path: Path, fast: bool = False) -> Any:
    """Parse *path*; a syntax error becomes a :class:`DataError` naming file and line.

    With *fast*, a file written as JSON (which is also YAML, as ``graphkit synth``
    writes large datasets) is read by the C JSON parser, without line numbers;
    :func:`load_dataset` re-reads it line-aware when it has to report a problem.
    """
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(where, 0, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
        raise DataError([problem]) from None
    if fast and text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text, object_pairs_hook=_json_mapping)
        except ValueError:
            pass
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or str(exc)
        raise DataError([Problem(where, line, f"YAML syntax error: {what}")]) from None


# --- value checks ---------------------------------------------------------------


def normalise_date(value: Any) -> str:
    """Return *value* as a checked partial ISO date string.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and ``--MM-DD`` (day and month
    of an unknown year), or a :class:`datetime.date`.

    Raises
    ------
    ValueError
        If the value is not such a date, or not a real calendar date.

    Examples
    --------
    >>> normalise_date("2024-12")
    '2024-12'
    >>> normalise_date("2023-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2023-02-30' is not a real date
    """
    if isinstance(value, datetime):
        raise ValueError(f"{value!r} has a time; use a date")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    return _checked_date(str(value).strip())


@functools.lru_cache(maxsize=1 << 14)
def _checked_date(text: str) -> str:
    """*text* if it is a partial ISO date of a real day (memoised: datasets repeat dates)."""
    for pattern, fmt in _DATE_PATTERNS:
        if pattern.match(text):
            probe = text if not text.startswith("--") else "2000" + text[1:]
            try:
                datetime.strptime(probe, fmt if not text.startswith("--") else "%Y-%m-%d")
            except ValueError:
                raise ValueError(f"{text!r} is not a real date") from None
            return text
    raise ValueError(f"{text!r} is not a date (use YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)")


def normalise_amount(value: Any) -> Decimal:
    """Return *value* as a non-negative :class:`~decimal.Decimal` amount, in cents.

    YAML reads ``50000.00`` as the float 50000.0; amounts are written back with
    two decimals unless they state more.

    Examples
    --------
    >>> normalise_amount(105440.29)
    Decimal('105440.29')
    >>> normalise_amount(50000.00)
    Decimal('50000.00')
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount (write a number such as 50000.00)") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{value!r} is not a non-negative amount")
    return amount.quantize(CENT) if amount == amount.quantize(CENT) else amount


def _check_value(kind: ValueKind, value: Any) -> str:
    """Validate and normalise a fact value of the given kind."""
    if kind is ValueKind.DATE:
        return normalise_date(value)
    if kind is ValueKind.DATETIME:
        text = value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
        if not _DATETIME_PATTERN.match(text):
            raise ValueError(f"{text!r} is not a date and time (use YYYY-MM-DDTHH:MM)")
        datetime.fromisoformat(text)
        return text
    if kind is ValueKind.DURATION:
        text = str(value)
        if not _DURATION_PATTERN.match(text):
            raise ValueError(f"{text!r} is not an ISO 8601 duration such as P12M")
        return text
    if kind is ValueKind.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        return str(value)
    if kind is ValueKind.MONEY:
        return str(normalise_amount(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a text value")
    return value.strip()


# --- the loader -------------------------------------------------------------------


class _Checker:
    """Collects problems while records are read, so all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))


def _line(record: Any, key: str | None = None) -> int:
    if isinstance(record, _Located):
        return record.key_lines.get(key, record.line) if key else record.line
    return 0


_ENTITY_KEYS = {"id", "name", "type", "aliases", "level", "identifiers", "note"}
_DOCUMENT_KEYS = {"id", "source_file", "kind", "date", "date_confidence", "publisher",
                  "title", "summary", "address", "mentions", "relations", "facts"}
_ADDRESS_PATTERN = re.compile(r"^https?://[^\s]+$")
_LOCATOR_KEYS = {"paragraph", "span"}
_PROVENANCE_KEYS = {"confidence", "method", "note"}
_RELATION_KEYS = ({"subject", "relation", "object", "date", "start", "end", "role", "amount",
                   "currency", "approximate"} | _LOCATOR_KEYS | _PROVENANCE_KEYS)
_FACT_KEYS = ({"subject", "property", "value", "currency", "approximate", "year", "territory"}
              | _LOCATOR_KEYS | _PROVENANCE_KEYS)


def _unknown_keys(check: _Checker, file: str, record: _Located, allowed: set[str], what: str):
    if record.keys() <= allowed:
        return
    for key in sorted(set(record) - allowed, key=str):
        check.add(file, _line(record, key), f"unknown key {key!r} in {what} "
                  f"(allowed: {', '.join(sorted(allowed))})")


def _text(check: _Checker, file: str, record: _Located, key: str, what: str,
          required: bool = True) -> str | None:
    value = record.get(key)
    if value is None:
        if required:
            check.add(file, _line(record), f"{what} has no {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        check.add(file, _line(record, key), f"{key!r} of {what} must be a non-empty text")
        return None
    return value.strip()


def _load_entities(path: Path, check: _Checker, fast: bool
                   ) -> tuple[dict[str, Entity], dict[str, int]]:
    """The entities of the registry, and the line where each is defined."""
    file = display_path(path)
    records = _read_yaml(path, fast)
    if not isinstance(records, list):
        check.add(file, 1, "expected a list of entity records")
        return {}, {}
    entities: dict[str, Entity] = {}
    first_line: dict[str, int] = {}
    for record in records:
        if not isinstance(record, _Located):
            check.add(file, 0, f"expected an entity record (a mapping), found {record!r}")
            continue
        _unknown_keys(check, file, record, _ENTITY_KEYS, "an entity")
        ident = _text(check, file, record, "id", "an entity")
        name = _text(check, file, record, "name", f"entity {ident!r}")
        etype = _text(check, file, record, "type", f"entity {ident!r}")
        if ident is None:
            continue
        if not ID_PATTERN.match(ident):
            check.add(file, _line(record, "id"), f"id {ident!r} must use only a-z, 0-9 and '-'")
        if ident in first_line:
            check.add(file, _line(record, "id"),
                      f"duplicate id {ident!r} (first defined at line {first_line[ident]})")
            continue
        first_line[ident] = _line(record, "id")
        if etype is not None and etype not in NODE_TYPES:
            check.add(file, _line(record, "type"), f"unknown type {etype!r} for {ident!r} "
                      f"(known: {', '.join(sorted(NODE_TYPES))})")
        aliases = record.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            check.add(file, _line(record, "aliases"),
                      f"aliases of {ident!r} must be a list of texts")
            aliases = []
        level = record.get("level")
        if etype == "territory":
            if level not in TERRITORY_LEVELS:
                check.add(file, _line(record, "level") or _line(record),
                          f"territory {ident!r} needs a level: {', '.join(TERRITORY_LEVELS)}")
        elif level is not None:
            check.add(file, _line(record, "level"), f"only territories have a level ({ident!r})")
        identifiers = record.get("identifiers") or {}
        pairs: list[tuple[str, str]] = []
        if not isinstance(identifiers, dict):
            check.add(file, _line(record, "identifiers"), "identifiers must be a mapping")
            identifiers = {}
        for scheme, value in identifiers.items():
            if scheme not in IDENTIFIER_SCHEMES:
                check.add(file, _line(record, "identifiers"), f"unknown identifier scheme "
                          f"{scheme!r} (known: {', '.join(IDENTIFIER_SCHEMES)})")
                continue
            pattern, description = IDENTIFIER_SCHEMES[scheme]
            if not isinstance(value, str) or not re.match(pattern, value):
                check.add(file, _line(record, "identifiers"),
                          f"{scheme} {value!r} of {ident!r} is not a {description}; "
                          "write it as a quoted text")
                continue
            pairs.append((scheme, value))
        note = record.get("note")
        entities[ident] = Entity(
            id=ident, name=name or ident, type=etype or "",
            aliases=tuple(a.strip() for a in aliases), level=level,
            identifiers=tuple(sorted(pairs)), note=note,
        )
    return entities, first_line


def _locator(check: _Checker, file: str, record: _Located, doc_id: str,
             what: str) -> Locator | None:
    paragraph = record.get("paragraph")
    span = record.get("span")
    ok = True
    if not _is_int(paragraph) or paragraph < 1:
        check.add(file, _line(record, "paragraph"), f"{what} needs a paragraph number (1, 2, …)")
        ok = False
    if (type(span) is not list or len(span) != 2 or not _is_int(span[0])
            or not _is_int(span[1]) or not 0 <= span[0] < span[1]):
        check.add(file, _line(record, "span"),
                  f"{what} needs a span [start, end] of character offsets with start < end")
        ok = False
    return Locator(doc_id, paragraph, span[0], span[1]) if ok else None


def _is_int(value: object) -> bool:
    """Whether *value* is a whole number (not a boolean, which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool)


@functools.cache
def _enum_values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _enum(check: _Checker, file: str, record: _Located, key: str, enum: type[Enum],
          default: str) -> str:
    value = record.get(key, default)
    if value is default:
        return value
    allowed = _enum_values(enum)
    if value not in allowed:
        check.add(file, _line(record, key), f"{key} {value!r} must be one of {', '.join(allowed)}")
        return default
    return value


def _optional_date(check: _Checker, file: str, record: _Located, key: str) -> str | None:
    if record.get(key) is None:
        return None
    try:
        return normalise_date(record[key])
    except ValueError as exc:
        check.add(file, _line(record, key), f"bad {key}: {exc}")
        return None


def _entity_ref(check: _Checker, file: str, record: _Located, key: str,
                entities: dict[str, Entity]) -> Entity | None:
    ref = record.get(key)
    if ref is None:
        check.add(file, _line(record), f"missing {key!r}")
        return None
    if ref not in entities:
        check.add(file, _line(record, key), f"unknown entity {ref!r} in {key!r}"
                  + _did_you_mean(str(ref), entities))
        return None
    return entities[ref]


def _did_you_mean(ref: str, entities: dict[str, Entity]) -> str:
    import difflib

    close = difflib.get_close_matches(ref, list(entities), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _load_document(path: Path, entities: dict[str, Entity], check: _Checker,
                   dataset: Dataset, fast: bool) -> None:
    file = display_path(path)
    record = _read_yaml(path, fast)
    if not isinstance(record, _Located):
        check.add(file, 1, "expected a mapping with id, mentions, relations and facts")
        return
    _unknown_keys(check, file, record, _DOCUMENT_KEYS, "a document")
    doc_id = path.stem
    if record.get("id") != doc_id:
        check.add(file, _line(record, "id"), f"document id {record.get('id')!r} must equal the "
                  f"file name {doc_id!r}")
    if not DOC_ID_PATTERN.match(doc_id):
        check.add(file, 0, f"document id {doc_id!r} must use only letters, digits, '_', '.', '-'")
    publisher = record.get("publisher")
    if publisher is not None and publisher not in entities:
        check.add(file, _line(record, "publisher"), f"unknown entity {publisher!r} in 'publisher'")
    dataset.documents[doc_id] = Document(
        id=doc_id,
        source_file=_text(check, file, record, "source_file", "the document") or f"{doc_id}.txt",
        kind=_text(check, file, record, "kind", "the document") or "document",
        title=_text(check, file, record, "title", "the document", required=False),
        date=_optional_date(check, file, record, "date"),
        date_confidence=_enum(check, file, record, "date_confidence", Confidence, "stated"),
        publisher=publisher,
        address=_address(check, file, record),
        summary=_text(check, file, record, "summary", "the document", required=False),
    )
    for key in ("mentions", "relations", "facts"):
        if not isinstance(record.get(key) or [], list):
            check.add(file, _line(record, key), f"{key!r} must be a list")
    for item in record.get("mentions") or []:
        if not isinstance(item, _Located):
            check.add(file, _line(record, "mentions"), "each mention must be a mapping")
            continue
        _unknown_keys(check, file, item, {"entity", "anaphoric"} | _LOCATOR_KEYS, "a mention")
        entity = _entity_ref(check, file, item, "entity", entities)
        locator = _locator(check, file, item, doc_id, "a mention")
        anaphoric = _flag(check, file, item, "anaphoric")
        if entity and locator:
            dataset.mentions.append(Mention(entity.id, locator, anaphoric))
    seen: dict[tuple, int] = {}
    for item in record.get("relations") or []:
        if not isinstance(item, _Located):
            check.add(file, _line(record, "relations"), "each relation must be a mapping")
            continue
        relation = _relation(check, file, item, doc_id, entities)
        if relation is None:
            continue
        key = (relation.subject, relation.relation, relation.object, relation.role)
        if key in seen:
            check.add(file, _line(item), f"relation {relation.subject} {relation.relation} "
                      f"{relation.object} is stated twice in this document (first at line "
                      f"{seen[key]}); keep one record")
            continue
        seen[key] = _line(item)
        dataset.relations.append(relation)
    for item in record.get("facts") or []:
        if not isinstance(item, _Located):
            check.add(file, _line(record, "facts"), "each fact must be a mapping")
            continue
        fact = _fact(check, file, item, doc_id, entities)
        if fact is not None:
            dataset.facts.append(fact)


def _address(check: _Checker, file: str, record: _Located) -> str | None:
    """The document's web address: an http(s) URL, or None when absent or ``unknown``."""
    address = _text(check, file, record, "address", "the document", required=False)
    if address is None or address == "unknown":
        return None
    if not _ADDRESS_PATTERN.match(address):
        check.add(file, _line(record, "address"), f"address {address!r} must be an http(s) URL "
                  "or 'unknown'")
        return None
    return address


def _flag(check: _Checker, file: str, item: _Located, key: str) -> bool:
    """A true/false key of *item*, false when absent."""
    value = item.get(key, False)
    if not isinstance(value, bool):
        check.add(file, _line(item, key), f"{key} must be true or false")
        return False
    return value


def _relation(check: _Checker, file: str, item: _Located, doc_id: str,
              entities: dict[str, Entity]) -> RelationRecord | None:
    _unknown_keys(check, file, item, _RELATION_KEYS, "a relation")
    name = item.get("relation")
    subject = _entity_ref(check, file, item, "subject", entities)
    obj = _entity_ref(check, file, item, "object", entities)
    locator = _locator(check, file, item, doc_id, "a relation")
    if name not in RELATIONS:
        check.add(file, _line(item, "relation"), f"unknown relation {name!r} "
                  f"(known: {', '.join(RELATIONS)})")
        return None
    spec = RELATIONS[name]
    known_types = subject and obj and {subject.type, obj.type} <= NODE_TYPES.keys()
    if known_types and not spec.allows(subject.type, obj.type):
        check.add(file, _line(item, "relation"),
                  f"{subject.id} ({subject.type}) cannot be {name} {obj.id} ({obj.type}): "
                  f"{name} goes from {', '.join(sorted(spec.domain))} "
                  f"to {', '.join(sorted(spec.range))}")
        return None
    amount = currency = None
    if item.get("amount") is not None:
        if name != Rel.FUNDS:
            check.add(file, _line(item, "amount"), "only 'funds' relations carry an amount")
        try:
            amount = normalise_amount(item["amount"])
        except ValueError as exc:
            check.add(file, _line(item, "amount"), f"bad amount: {exc}")
        currency = item.get("currency", DEFAULT_CURRENCY)
        if not isinstance(currency, str) or not _CURRENCY_PATTERN.match(currency):
            check.add(file, _line(item, "currency"), f"currency {currency!r} must be an ISO "
                      "code such as EUR")
    elif item.get("currency") is not None:
        check.add(file, _line(item, "currency"), "a currency needs an amount")
    approximate = _flag(check, file, item, "approximate")
    if approximate and amount is None:
        check.add(file, _line(item, "approximate"), "only an amount can be approximate")
    role = item.get("role")
    if role is not None and (not isinstance(role, str) or not role.strip()):
        check.add(file, _line(item, "role"), "role must be a non-empty text")
        role = None
    date, start, end = (_optional_date(check, file, item, k) if k in item else None
                        for k in ("date", "start", "end"))
    confidence = _enum(check, file, item, "confidence", Confidence, _STATED)
    method = _enum(check, file, item, "method", Method, _MANUAL)
    if not (subject and obj and locator):
        return None
    return RelationRecord(
        id=stable_id(doc_id, subject.id, name, obj.id, role or ""),
        subject=subject.id, relation=name, object=obj.id, locator=locator,
        confidence=confidence, method=method, date=date, start=start, end=end, role=role,
        amount=amount, currency=currency, approximate=approximate, note=item.get("note"),
    )


def _fact(check: _Checker, file: str, item: _Located, doc_id: str,
          entities: dict[str, Entity]) -> Fact | None:
    _unknown_keys(check, file, item, _FACT_KEYS, "a fact")
    subject = _entity_ref(check, file, item, "subject", entities)
    locator = _locator(check, file, item, doc_id, "a fact")
    name = item.get("property")
    if name not in PROPERTIES:
        check.add(file, _line(item, "property"), f"unknown property {name!r} "
                  f"(known: {', '.join(PROPERTIES)})")
        return None
    spec = PROPERTIES[name]
    try:
        value = _check_value(spec.kind, item.get("value"))
    except ValueError as exc:
        check.add(file, _line(item, "value"), f"bad value for {name}: {exc}")
        return None
    currency = item.get("currency")
    if spec.kind is ValueKind.MONEY:
        currency = currency or DEFAULT_CURRENCY
        if not isinstance(currency, str) or not _CURRENCY_PATTERN.match(currency):
            check.add(file, _line(item, "currency"), f"currency {currency!r} must be an ISO code")
    elif currency is not None:
        check.add(file, _line(item, "currency"), f"{name} is not an amount; drop the currency")
    year = item.get("year")
    if year is not None and (not isinstance(year, int) or not 1000 <= year <= 9999):
        check.add(file, _line(item, "year"), f"year {year!r} must be a four-digit year")
        year = None
    territory = item.get("territory")
    if territory is not None:
        target = entities.get(territory)
        if target is None or target.type != "territory":
            check.add(file, _line(item, "territory"), f"{territory!r} is not a territory entity")
            territory = None
    approximate = _flag(check, file, item, "approximate")
    confidence = _enum(check, file, item, "confidence", Confidence, _STATED)
    method = _enum(check, file, item, "method", Method, _MANUAL)
    if not (subject and locator):
        return None
    return Fact(
        id=stable_id(doc_id, subject.id, name, value, year or "", territory or ""),
        subject=subject.id, property=name, value=value, locator=locator, currency=currency,
        approximate=approximate, year=year, territory=territory, confidence=confidence,
        method=method, note=item.get("note"),
    )


@paused_gc()
def dataset_files(data_dir: Path | str) -> list[Path]:
    """The files of the dataset in *data_dir* that :func:`load_dataset` reads, sorted.

    Examples
    --------
    >>> [p.name for p in dataset_files(DEFAULT_DATA_DIR)][:2]
    ['000_be95f7005f3ffa5b.yaml', '001_8162f68805d83d52.yaml']
    """
    data_dir = Path(data_dir)
    registry = data_dir / "entities.yaml"
    return sorted([registry, *_documents(data_dir)] if registry.is_file() else _documents(data_dir))


def _documents(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "documents").glob("*.yaml"))


@paused_gc()
def load_dataset(data_dir: Path | str = DEFAULT_DATA_DIR, *, fast: bool = True) -> Dataset:
    """Read and validate the dataset in *data_dir*.

    Parameters
    ----------
    data_dir : path
        A folder with ``entities.yaml`` and ``documents/*.yaml``.
    fast : bool
        Read files written as JSON with the C JSON parser; on any problem the
        data is read again line by line, so errors still name their lines.

    Returns
    -------
    Dataset
        Entities, documents, mentions, relations and facts, in file order.

    Raises
    ------
    DataError
        Listing every problem found, each with file and line.
    """
    data_dir = Path(data_dir)
    check = _Checker()
    registry = data_dir / "entities.yaml"
    if not registry.is_file():
        raise DataError([Problem(display_path(registry), 0, "registry file not found")])
    dataset = Dataset()
    dataset.entities, lines = _load_entities(registry, check, fast)
    documents = _documents(data_dir)
    if not documents:
        check.add(display_path(data_dir / "documents"), 0, "no document files (*.yaml) found")
    for path in documents:
        try:
            _load_document(path, dataset.entities, check, dataset, fast)
        except DataError as exc:
            check.problems.extend(exc.problems)
    registry_file = display_path(registry)
    check.problems.extend(complete_territories(
        dataset, lambda ident: (registry_file, lines.get(ident, 0))))
    if check.problems:
        if fast:
            return load_dataset(data_dir, fast=False)
        raise DataError(check.problems)
    return dataset


