"""Hypothesis strategies for hostile inputs: malformed datasets and hostile SPARQL.

Shared by the bounded fuzz tests that run in CI (``test_fuzz.py``) and by the larger
campaign run by hand (``fuzz_campaign.py``). A malformed dataset is the tiny fixture
dataset with a few mutations: a value replaced by a hostile one (wrong type, huge,
control characters, a formula, a real id in the wrong place), a key dropped or
unknown, a record duplicated, or a raw snippet of YAML spliced into the text (NUL,
invalid UTF-8, anchors, tags, a list as a key, an unquoted impossible date, a
20,000-digit number).
"""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import strategies as st

from graphkit.cli import main

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
ENTITIES = yaml.safe_load((MINI_DIR / "entities.yaml").read_text(encoding="utf-8"))
DOCUMENT = yaml.safe_load((MINI_DIR / "documents" / "doc1.yaml").read_text(encoding="utf-8"))

#: Texts that mean something somewhere: ids, names of the vocabulary, dates, numbers as text.
MEANINGFUL = ["cgil", "cgil-lucca", "coop-alfa", "t-lucca", "t-toscana", "progetto-uno",
              "p-anna-rossi", "funds", "partner_of", "branch_of", "located_in", "start_date",
              "total_cost", "persons_employed", "EUR", "eur", "stated", "inferred", "manual",
              "territory", "region", "municipality", "person", "project", "doc1", "doc1.txt",
              "2024", "2024-13", "2023-02-30", "--02-30", "2024-05-10T25:00", "P12M", "P99999Y",
              "1e30", "1e-99999999", "-5", "0", "NaN", "inf", "50000.001", "https://x.it",
              "unknown", "", " ", "\t", "=HYPERLINK(\"http://x\")", "+1", "-1+1", "@SUM(A1)",
              "../../etc/passwd", "a/b.txt", "<script>alert(1)</script>", "]]>", "&amp;",
              "\x00", "\x01", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\ufeff", "\ufffe",
              "\ud800", "e\u0301", "x" * 600, "y" * 6000]

scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-3, max_value=10**4),
    st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(MEANINGFUL),
    st.text(max_size=12),
    st.dates(), st.datetimes(),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6) | st.sampled_from(MEANINGFUL),
                                        inner, max_size=3), max_leaves=5)

#: Raw YAML spliced into a file as text: what a structure cannot say.
SNIPPETS = ["\x00", "\x07", "\x1b", "\ufffe", "\t", "{", "[", "]", "}", ":", "- ", "? ",
            "&a ", "*a", "&a [*a, *a]", "<<: *a", "!!python/object/apply:os.system ['true']",
            "!!binary aGVsbG8=", "!!timestamp 2024-02-30", "!!float", "!!set {a, b}",
            "? [a, b]\n: c\n", "? {a: 1}\n: c\n", "date: 2023-02-30\n", "x: 2023-02-30\n",
            "date: 2024-05-10 25:61:00\n", "n: " + "9" * 20_000 + "\n", "%YAML 1.1\n---\n",
            "--- \n", "...\n", "'", '"', '"\\ud800"', '"\\x01"', '"\\0"', "#", "|\n  x\n",
            ">-\n", "\ufeff", "x: " + "[" * 3000 + "]" * 3000 + "\n"]


@dataclasses.dataclass
class Dataset:
    """A dataset to write: its two records, and raw text to splice into its files."""

    entities: Any
    document: Any
    splices: list[tuple[str, float, str]] = dataclasses.field(default_factory=list)
    invalid_utf8: str | None = None

    def write(self, folder: Path) -> Path:
        """Write it as ``folder/entities.yaml`` and ``folder/documents/doc1.yaml``."""
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        files = {"entities": folder / "entities.yaml",
                 "document": folder / "documents" / "doc1.yaml"}
        for name, path in files.items():
            try:
                text = yaml.safe_dump(getattr(self, name), allow_unicode=True, sort_keys=False)
            except (yaml.YAMLError, TypeError, ValueError):
                text = repr(getattr(self, name))
            for target, where, snippet in self.splices:
                if target == name:
                    at = int(where * len(text))
                    text = text[:at] + snippet + text[at:]
            data = text.encode("utf-8", "surrogatepass")
            if self.invalid_utf8 == name:
                data = data[: len(data) // 2] + b"\xff\xfe" + data[len(data) // 2:]
            path.write_bytes(data)
        return folder


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside nested lists and mappings."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _parent(root: Any, path: tuple) -> tuple[Any, Any]:
    for step in path[:-1]:
        root = root[step]
    return root, path[-1]


def _leaves(value: Any) -> list[Any]:
    """Every scalar inside nested lists and mappings."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@st.composite
def mutation(draw: st.DrawFn, root: Any, plausible: list[Any], hostile: bool) -> None:
    """Change *root* (the entities list or the document mapping) in place, once: often with
    a value found elsewhere in the data (an id where another belongs, a relation between an
    entity and itself), so that many datasets get past the loader into the build."""
    paths = [p for p in _paths(root) if p]
    path = draw(st.sampled_from(paths))
    parent, key = _parent(root, path)
    kinds = ["replace", "replace", "replace", "drop", "unknown", "duplicate", "swap"]
    kind = draw(st.sampled_from(kinds if hostile else ["replace", "duplicate", "swap"]))
    if kind == "replace":
        parent[key] = draw(st.sampled_from(plausible) | values if hostile
                           else st.sampled_from(plausible))
    elif kind == "drop":
        del parent[key]
    elif kind == "unknown" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8) | st.sampled_from(MEANINGFUL))] = draw(values)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    elif kind == "swap":
        other = draw(st.sampled_from(paths))
        if other[: len(path)] != path and path[: len(other)] != other:
            other_parent, other_key = _parent(root, other)
            parent[key], other_parent[other_key] = other_parent[other_key], parent[key]


@st.composite
def malformed_datasets(draw: st.DrawFn) -> Dataset:
    """The fixture dataset with one to three mutations: half of the time plausible ones only
    (values found elsewhere in the data), so that many get into the build; otherwise any
    value, dropped and unknown keys, maybe a raw snippet of YAML, maybe bad UTF-8."""
    entities, document = copy.deepcopy(ENTITIES), copy.deepcopy(DOCUMENT)
    plausible = sorted({repr(v): v for v in _leaves([ENTITIES, DOCUMENT]) + MEANINGFUL}.values(),
                       key=repr)
    hostile = draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        draw(mutation(draw(st.sampled_from([entities, document])), plausible, hostile))
    if not hostile:
        return Dataset(entities, document)
    splices = draw(st.sampled_from([False, False, False, True])) and draw(st.lists(
        st.tuples(st.sampled_from(["entities", "document"]), st.floats(0, 1),
                  st.sampled_from(SNIPPETS)), min_size=1, max_size=2))
    invalid = draw(st.sampled_from([None] * 20 + ["entities", "document"]))
    return Dataset(entities, document, splices or [], invalid)


@dataclasses.dataclass
class Outcome:
    """What ``validate`` and ``build`` did with a dataset."""

    validate_code: int
    build_code: int
    traceback: str | None
    output: str
    exports_changed_on_failure: bool


def _run(args: list[str]) -> tuple[int, str | None, str]:
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info))
        return -1, trace, result.output
    return result.exit_code, None, result.output


def check(dataset: Dataset, work: Path) -> Outcome:
    """Run ``validate`` then ``build`` on *dataset* (written under *work*), over exports of the
    fixture dataset, and report what happened."""
    if work.exists():
        shutil.rmtree(work)
    data = dataset.write(work / "data")
    out = work / "exports"
    shutil.copytree(_fixture_exports(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, trace, output = _run(["validate", "--data", str(data)])
    built, build_trace, build_output = _run(["build", "--data", str(data), "--out", str(out)])
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    return Outcome(code, built, trace or build_trace, output + build_output,
                   built != 0 and after != before)


_EXPORTS: list[Path] = []


def _fixture_exports() -> Path:
    """Exports of the fixture dataset, made once: what a failed build must leave alone."""
    if not _EXPORTS:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="graphkit-fuzz-")) / "exports"
        result = CliRunner().invoke(main, ["build", "--data", str(MINI_DIR), "--out",
                                           str(folder)])
        assert result.exit_code == 0, result.output
        _EXPORTS.append(folder)
    return _EXPORTS[0]


# ---------------------------------------------------------------- hostile SPARQL

_TERMS = ["?s", "?p", "?o", "?x", "<urn:a>", "<http://127.0.0.1:9/x>", "gkr:cgil", "org:memberOf",
          "rdfs:label", "a", "1", "-1", "1.5", "1e9", '"x"', '"{"', "'('", '"""}"""', '"x"@it',
          '"1"^^xsd:integer', "true", "[]", "()", "_:b"]
_GLUE = [" ", ".", ";", ",", "{", "}", "(", ")", "[", "]", "UNION", "OPTIONAL", "MINUS",
         "FILTER", "EXISTS", "NOT", "BIND", "AS", "VALUES", "GRAPH", "SERVICE", "SILENT",
         "SELECT", "*", "WHERE", "ORDER BY", "LIMIT", "GROUP BY", "COUNT(*)", "/", "|", "^",
         "!", "+", "-", "=", "<", ">", "&&", "||", "?", "#", "\n", "'", '"', "\\", "\x00"]
_CHAINS = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "parentheses": lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "unions": lambda n: "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "optionals": lambda n: "ASK { ?a ?b ?c " + "OPTIONAL { ?s ?p ?o } " * n + "}",
    "patterns": lambda n: "ASK { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(n)) + " }",
    "sum": lambda n: "ASK { BIND(" + " + ".join(["1"] * n) + " AS ?x) }",
    "negations": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "path": lambda n: "ASK { ?s " + "/".join(["org:memberOf"] * n) + " ?o }",
    "blank nodes": lambda n: "ASK { ?s ?p " + "[ ?p " * n + "1" + " ]" * n + " }",
    "collections": lambda n: "ASK { ?s ?p " + "( " * n + "1" + " )" * n + " }",
    "subqueries": lambda n: "ASK { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }",
    "exists": lambda n: "ASK { " + "FILTER EXISTS { " * n + "?s ?p ?o" + " }" * n + " }",
    "calls": lambda n: "ASK { BIND(" + "CONCAT(" * n + "'a'" + ")" * n + " AS ?x) }",
    "service": lambda n: "SELECT * WHERE { " + "SERVICE <http://127.0.0.1:9/sparql> { " * n
    + "?s ?p ?o" + " }" * n + " }",
}


@st.composite
def hostile_queries(draw: st.DrawFn) -> str:
    """A query nested, chained or repeated to some size (up to far past any limit), or a
    soup of SPARQL tokens, possibly wrapped in a valid prologue."""
    kind = draw(st.sampled_from(["chain", "chain", "soup", "mixed"]))
    if kind == "chain":
        shape = draw(st.sampled_from(sorted(_CHAINS)))
        size = draw(st.one_of(st.integers(1, 70), st.integers(1, 400), st.integers(1, 12_000)))
        return _CHAINS[shape](size)
    tokens = draw(st.lists(st.sampled_from(_TERMS + _GLUE), min_size=1, max_size=200))
    soup = " ".join(tokens)
    if kind == "soup":
        return soup
    shape = draw(st.sampled_from(sorted(_CHAINS)))
    inner = _CHAINS[shape](draw(st.integers(1, 300)))
    return draw(st.sampled_from([f"SELECT * WHERE {{ {soup} }}", f"{inner} {soup}",
                                 f"SELECT * WHERE {{ {soup} {{ {inner[inner.find('{') + 1:]}"]))


def run_query_safely(text: str) -> tuple[str, str]:
    """Run *text* through ``graphkit query`` on the fixture dataset; what happened."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8", delete=False,
                                     errors="surrogatepass") as handle:
        handle.write(text)
    from graphkit.cli.query import query

    bounds = ["--timeout", "20", "--max-rows", "1000"] if any(
        p.name == "max_rows" for p in query.params) else []  # an older graphkit has none
    code, trace, output = _run(["query", "--data", str(MINI_DIR), *bounds, "--file",
                                handle.name])
    Path(handle.name).unlink()
    if trace:
        return "traceback", trace
    if code == 0:
        return "ok", ""
    if "crashed" in output or "memory" in output:
        return "crash", output
    if "did not finish" in output:
        return "timed out", output
    return "clean error", output
