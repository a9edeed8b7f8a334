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
_DURATION_PATTERN = re.compile(r"^P(?!$)(\d{1,4}Y)?(\d{1,4}M)?(\d{1,4}W)?(\d{1,5}D)?$")
_CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")
_STATED, _MANUAL = Confidence.STATED.value, Method.MANUAL.value

# Bounds of every value, so that a small file cannot make large work: a 13-character
# amount written out in full was 100 MB of RDF, a 200 KB name stalled the page's drawing.
#: Longest id, name, alias, role, kind, file name or text value, in characters.
MAX_NAME = 500
#: Longest title, summary, note or address, in characters.
MAX_TEXT = 5000
#: Most aliases of one entity.
MAX_ALIASES = 100
#: Largest paragraph number, and largest character offset, of a locator.
MAX_PARAGRAPH = 100_000
MAX_OFFSET = 10**9
#: Largest count (persons employed, services…).
MAX_COUNT = 10**12
#: Amounts are below this, with at most :data:`AMOUNT_DECIMALS` decimals.
MAX_AMOUNT = Decimal(10) ** 15
AMOUNT_DECIMALS = 6
#: Characters no text may hold: control characters (but tab and line breaks), which XML
#: cannot carry (a GraphML no parser read), non-characters and lone surrogates (which
#: cannot be written as UTF-8); YAML and JSON escapes can write them.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def unwritable(text: str) -> str | None:
    """Where *text* holds a character no export can carry, said for a message; None if none.

    Examples
    --------
    >>> unwritable("Coop\x01 Alfa"), unwritable("Coop Alfa")
    ('U+0001 at character 5', None)
    """
    found = _UNWRITABLE.search(text)
    return f"U+{ord(found.group()):04X} at character {found.start() + 1}" if found else None


# --- YAML with line numbers ---------------------------------------------------


class _Located(dict):
    """A mapping read from YAML that remembers the line of itself and of its keys.

    Read from JSON (the fast path), it knows no lines: 0 for itself and its keys.
    """

    line: int = 0
    key_lines: Mapping[str, int] = MappingProxyType({})


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that keeps line numbers and refuses duplicate keys.

    A value that cannot be made (an impossible date such as ``2023-02-30``, a number of
    thousands of digits) is a :class:`yaml.constructor.ConstructorError` at its line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
            # an impossible value, or a tag (!!timestamp…) on a value it does not fit
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown(value)}: {exc}", node.start_mark) from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    loader.flatten_mapping(node)
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool | date | None):
            kind, value = ((f"a {type(key).__name__}", key) if not isinstance(key, dict)
                           else ("a mapping", dict(key)))
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be a text, not {kind} {shown(value)}",
                key_node.start_mark)
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
        except (ValueError, RecursionError):  # read again as YAML, which says where
            pass
    try:
        if "&" in text or "*" in text:
            _refuse_aliases(text, where)
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or str(exc)
        raise DataError([Problem(where, line, f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: NUL, controls
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise DataError([Problem(where, line, f"{character} is not allowed in YAML "
                                 f"({exc.reason}): remove it or write it as an escape")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(where, 0, f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise DataError([Problem(where, 0, "values nested too deeply")]) from None


def _refuse_aliases(text: str, where: str) -> None:
    """Raise :class:`DataError` at the first YAML anchor (``&name``) or alias (``*name``).

    An alias repeats the value its anchor names, so 600 bytes of nested aliases stand for
    gigabytes of data ("billion laughs"); the data format has no use for them.
    """
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, yaml.AliasEvent):
            what = f"alias *{_shown_name(event.anchor)}"
        elif getattr(event, "anchor", None):
            what = f"anchor &{_shown_name(event.anchor)}"
        else:
            continue
        raise DataError([Problem(where, event.start_mark.line + 1,
                                 f"YAML {what} is not allowed: write the value out in full")])


# --- value checks ---------------------------------------------------------------


def shown(value: Any, limit: int = 60) -> str:
    """The ``repr`` of *value* for a message, cut to about *limit* characters.

    Examples
    --------
    >>> shown("x" * 100, limit=10)
    "'xxxxxxxxx… (102 characters)"
    """
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _shown_name(name: str) -> str:
    return name if len(name) <= 40 else name[:40] + "…"


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
    raise ValueError(f"{shown(text)} is not a date (use YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)")


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
        raise ValueError(f"{shown(value)} is not an amount (write a number such as 50000.00)"
                         ) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{shown(value)} is not a non-negative amount")
    if amount >= MAX_AMOUNT:
        raise ValueError(f"{shown(value)} is too large (amounts are below 10^15)")
    if amount.as_tuple().exponent < -AMOUNT_DECIMALS:
        raise ValueError(f"{shown(value)} has more than {AMOUNT_DECIMALS} decimals")
    return amount.quantize(CENT) if amount == amount.quantize(CENT) else amount


def _check_value(kind: ValueKind, value: Any) -> str:
    """Validate and normalise a fact value of the given kind."""
    if kind is ValueKind.DATE:
        return normalise_date(value)
    if kind is ValueKind.DATETIME:
        text = value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
        if not _DATETIME_PATTERN.match(text):
            raise ValueError(f"{shown(text)} is not a date and time (use YYYY-MM-DDTHH:MM)")
        datetime.fromisoformat(text)
        return text
    if kind is ValueKind.DURATION:
        text = str(value)
        if not _DURATION_PATTERN.match(text):
            raise ValueError(f"{shown(text)} is not an ISO 8601 duration such as P12M")
        return text
    if kind is ValueKind.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{shown(value)} is not a whole number")
        if not 0 <= value <= MAX_COUNT:
            raise ValueError(f"{value} is not a count from 0 to 10^12")
        return str(value)
    if kind is ValueKind.MONEY:
        return str(normalise_amount(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{shown(value)} is not a text value")
    if len(value) > MAX_NAME:
        raise ValueError(f"the text is {len(value):,} characters long (at most {MAX_NAME})")
    if bad := unwritable(value):
        raise ValueError(f"the text holds a control character or non-character ({bad})")
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
        check.add(file, _line(record, key), f"unknown key {shown(key)} in {what} "
                  f"(allowed: {', '.join(sorted(allowed))})")


def _text(check: _Checker, file: str, record: _Located, key: str, what: str,
          required: bool = True, limit: int = MAX_NAME, strip: bool = True) -> str | None:
    """The text under *key*, stripped (unless not *strip*), at most *limit* characters."""
    value = record.get(key)
    if value is None:
        if required:
            check.add(file, _line(record), f"{what} has no {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        check.add(file, _line(record, key), f"{key!r} of {what} must be a non-empty text")
        return None
    if len(value) > limit:
        check.add(file, _line(record, key), f"{key!r} of {what} is {len(value):,} characters "
                  f"long: at most {limit:,}")
        return None
    if bad := unwritable(value):
        check.add(file, _line(record, key), f"{key!r} of {what} holds a control character or "
                  f"non-character ({bad}), which the exports cannot carry")
        return None
    return value.strip() if strip else value


def _note(check: _Checker, file: str, record: _Located, what: str) -> str | None:
    """The free-text note of a record, as written."""
    return _text(check, file, record, "note", what, required=False, limit=MAX_TEXT, strip=False)


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
            check.add(file, 0, f"expected an entity record (a mapping), found {shown(record)}")
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
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip()
                                                    for a in aliases):
            check.add(file, _line(record, "aliases"),
                      f"aliases of {ident!r} must be a list of non-empty texts")
            aliases = []
        elif len(aliases) > MAX_ALIASES or any(len(a) > MAX_NAME for a in aliases):
            check.add(file, _line(record, "aliases"), f"{ident!r} has more than {MAX_ALIASES} "
                      f"aliases, or one longer than {MAX_NAME} characters")
            aliases = []
        elif bad := next(filter(None, map(unwritable, aliases)), None):
            check.add(file, _line(record, "aliases"), f"an alias of {ident!r} holds a control "
                      f"character or non-character ({bad}), which the exports cannot carry")
            aliases = []
        level = record.get("level")
        if level is not None and not isinstance(level, str):
            check.add(file, _line(record, "level"), f"level of {ident!r} must be a text")
            level = None
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
                          f"{shown(scheme)} (known: {', '.join(IDENTIFIER_SCHEMES)})")
                continue
            pattern, description = IDENTIFIER_SCHEMES[scheme]
            if not isinstance(value, str) or not re.match(pattern, value):
                check.add(file, _line(record, "identifiers"),
                          f"{scheme} {shown(value)} of {ident!r} is not a {description}; "
                          "write it as a quoted text")
                continue
            pairs.append((scheme, value))
        note = _note(check, file, record, f"entity {ident!r}")
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
    if (not isinstance(paragraph, int) or isinstance(paragraph, bool)
            or not 1 <= paragraph <= MAX_PARAGRAPH):
        check.add(file, _line(record, "paragraph"), f"{what} needs a paragraph number (1, 2, …, "
                  f"at most {MAX_PARAGRAPH:,})")
        ok = False
    if (not isinstance(span, list) or len(span) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)
            or not 0 <= span[0] < span[1] <= MAX_OFFSET):
        check.add(file, _line(record, "span"), f"{what} needs a span [start, end] of character "
                  f"offsets with start < end (at most {MAX_OFFSET:,})")
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
    if not isinstance(value, str) or value not in allowed:
        check.add(file, _line(record, key), f"{key} {shown(value)} must be one of "
                  f"{', '.join(allowed)}")
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
    if not isinstance(ref, str):
        check.add(file, _line(record, key), f"{key!r} must be an entity id, not {shown(ref)}")
        return None
    if ref not in entities:
        check.add(file, _line(record, key), f"unknown entity {shown(ref)} in {key!r}"
                  + _did_you_mean(ref, entities))
        return None
    return entities[ref]


def _did_you_mean(ref: str, entities: dict[str, Entity]) -> str:
    import difflib

    if len(ref) > 100:  # no id is that long, and comparing it with every id would be slow
        return ""

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
        check.add(file, _line(record, "id"), f"document id {shown(record.get('id'))} must equal "
                  f"the file name {doc_id!r}")
    if not DOC_ID_PATTERN.match(doc_id):
        check.add(file, 0, f"document id {doc_id!r} must use only letters, digits, '_', '.', '-'")
    publisher = record.get("publisher")
    if publisher is not None and (not isinstance(publisher, str) or publisher not in entities):
        check.add(file, _line(record, "publisher"), f"unknown entity {shown(publisher)} in "
                  "'publisher'")
        publisher = None
    dataset.documents[doc_id] = Document(
        id=doc_id,
        source_file=_source_file(check, file, record) or f"{doc_id}.txt",
        kind=_text(check, file, record, "kind", "the document") or "document",
        title=_text(check, file, record, "title", "the document", required=False,
                    limit=MAX_TEXT),
        date=_optional_date(check, file, record, "date"),
        date_confidence=_enum(check, file, record, "date_confidence", Confidence, "stated"),
        publisher=publisher,
        address=_address(check, file, record),
        summary=_text(check, file, record, "summary", "the document", required=False,
                      limit=MAX_TEXT),
    )
    for key in ("mentions", "relations", "facts"):
        if not isinstance(record.get(key) or [], list):
            check.add(file, _line(record, key), f"{key!r} must be a list")
            record[key] = []
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


def _source_file(check: _Checker, file: str, record: _Located) -> str | None:
    """The name of the document's source text: a file name, without folders."""
    name = _text(check, file, record, "source_file", "the document")
    if name is not None and ("/" in name or "\\" in name or name.startswith(".")):
        check.add(file, _line(record, "source_file"), f"source_file {shown(name)} must be a "
                  "file name, without folders")
        return None
    return name


def _address(check: _Checker, file: str, record: _Located) -> str | None:
    """The document's web address: an http(s) URL, or None when absent or ``unknown``."""
    address = _text(check, file, record, "address", "the document", required=False,
                    limit=MAX_TEXT)
    if address is None or address == "unknown":
        return None
    if not _ADDRESS_PATTERN.match(address):
        check.add(file, _line(record, "address"), f"address {shown(address)} must be an http(s) "
                  "URL or 'unknown'")
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
    if not isinstance(name, str) or name not in RELATIONS:
        check.add(file, _line(item, "relation"), f"unknown relation {shown(name)} "
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
            check.add(file, _line(item, "currency"), f"currency {shown(currency)} must be an "
                      "ISO code such as EUR")
    elif item.get("currency") is not None:
        check.add(file, _line(item, "currency"), "a currency needs an amount")
    approximate = _flag(check, file, item, "approximate")
    if approximate and amount is None:
        check.add(file, _line(item, "approximate"), "only an amount can be approximate")
    role = item.get("role")
    if role is not None and (not isinstance(role, str) or not role.strip()
                             or len(role) > MAX_NAME or unwritable(role)):
        check.add(file, _line(item, "role"), f"role must be a non-empty text of at most "
                  f"{MAX_NAME} characters, without control characters")
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
        amount=amount, currency=currency, approximate=approximate,
        note=_note(check, file, item, "a relation"),
    )


def _fact(check: _Checker, file: str, item: _Located, doc_id: str,
          entities: dict[str, Entity]) -> Fact | None:
    _unknown_keys(check, file, item, _FACT_KEYS, "a fact")
    subject = _entity_ref(check, file, item, "subject", entities)
    locator = _locator(check, file, item, doc_id, "a fact")
    name = item.get("property")
    if not isinstance(name, str) or name not in PROPERTIES:
        check.add(file, _line(item, "property"), f"unknown property {shown(name)} "
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
            check.add(file, _line(item, "currency"), f"currency {shown(currency)} must be an "
                      "ISO code")
    elif currency is not None:
        check.add(file, _line(item, "currency"), f"{name} is not an amount; drop the currency")
    year = item.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)
                             or not 1000 <= year <= 9999):
        check.add(file, _line(item, "year"), f"year {shown(year)} must be a four-digit year")
        year = None
    territory = item.get("territory")
    if territory is not None:
        target = entities.get(territory) if isinstance(territory, str) else None
        if target is None or target.type != "territory":
            check.add(file, _line(item, "territory"), f"{shown(territory)} is not a territory "
                      "entity")
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
        method=method, note=_note(check, file, item, "a fact"),
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


