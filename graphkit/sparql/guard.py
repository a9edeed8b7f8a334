"""What a query must pass before it reaches the engine: its size and nesting, and no
remote service unless federation is on.

Oxigraph parses and plans a query recursively, on a thread stack of a few megabytes:
6 KB of nested ``{``, or a few thousand chained ``OPTIONAL``s, path steps, operators,
``UNION``s or triple patterns, overflow it and kill the process (``graphkit query``, or
the server behind ``graphkit serve``); the planner's work also grows steeply with the
triple patterns of a group. :func:`check_query` reads the query once with a linear
tokenizer that skips strings, IRIs and comments as the engine does, and refuses a
query beyond :class:`QueryLimits` (each at most a third of the smallest size that
crashed the Oxigraph server, whose threads have the smallest stacks). It also refuses
a query calling a remote ``SERVICE`` unless federation is enabled: the engine would
send an HTTP request to any address the query names (server-side request forgery
from whoever can send a query, a web page included).

Examples
--------
>>> check_query("SELECT * WHERE { ?s ?p ?o }").depth
1
>>> check_query("SELECT * WHERE " + "{" * 3000 + "}" * 3000)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graphkit.errors.QueryLimitError: the query nests brackets more than 64 deep (line 1, ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.errors import QueryLimitError, ServiceRefusedError


@dataclass(frozen=True)
class QueryLimits:
    """The largest query the engine is given.

    Attributes
    ----------
    length : int
        Characters.
    depth : int
        Brackets (``{``, ``(``, ``[``) open at once.
    operators : int
        ``UNION``, ``OPTIONAL``, ``MINUS``, ``FILTER``, ``EXISTS``, ``BIND``, ``GRAPH``,
        ``SERVICE``, ``SELECT`` and the path and expression operators
        (``/ | ^ ! + - * ? = != < > <= >= && ||``), in all.
    patterns : int
        Triple patterns, in all.
    """

    length: int = 100_000
    depth: int = 64
    operators: int = 256
    patterns: int = 100


DEFAULT_LIMITS = QueryLimits()


@dataclass
class QueryShape:
    """How big a query is, as :func:`check_query` measured it."""

    length: int = 0
    depth: int = 0
    operators: int = 0
    patterns: int = 0
    #: Offset of the first bracket at the greatest depth.
    deepest: int = 0
    #: Offsets of the SERVICE keywords.
    services: list[int] = field(default_factory=list)


# Strings and comments never fail to match (an unterminated one runs to the end of its line
# or of the query, where the engine stops with a syntax error), so every character is read
# once. Numbers follow the SPARQL grammar: in "1." the dot ends a triple pattern.
_LEXEME = re.compile(
    r"""(?P<space>\s+|\#[^\n\r]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\\?\Z)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\\?\Z)
        |'(?:[^'\\\n\r]|\\.)*(?:'|\\?(?=[\n\r])|\\?\Z)|"(?:[^"\\\n\r]|\\.)*(?:"|\\?(?=[\n\r])|\\?\Z))
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$]\w+)
    |(?P<number>\d+\.\d*[eE][+-]?\d+|\d+\.\d+|\d+(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<name>(?:[^\W\d][\w\-]*+)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\\\-]))*+|[^\W\d]\w*+)
    |(?P<open>[{(\[])|(?P<close>[})\]])
    |(?P<op>&&|\|\||!=|<=|>=|\^\^|[/|^!+\-*=<>?])
    |(?P<sep>[.;,])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "FILTER", "EXISTS", "BIND", "GRAPH",
                       "SERVICE", "SELECT"})


def measure(query: str) -> QueryShape:
    """The size of *query* in the units of :class:`QueryLimits` (read in linear time).

    Examples
    --------
    >>> shape = measure("SELECT ?s WHERE { ?s a ?t ; ?p ?o . OPTIONAL { ?s ?q 1.5 } }")
    >>> shape.depth, shape.operators, shape.patterns
    (2, 2, 4)
    """
    shape = QueryShape(length=len(query))
    stack: list[str] = []
    for match in _LEXEME.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            stack.append(match.group())
            if len(stack) > shape.depth:
                shape.depth, shape.deepest = len(stack), match.start()
            if match.group() != "(":
                shape.patterns += 1
        elif kind == "close":
            if stack:
                stack.pop()
        elif kind == "op":
            if match.group() != "^^":
                shape.operators += 1
        elif kind == "sep":
            if stack and stack[-1] != "(":
                shape.patterns += 1
        elif kind == "name":
            word = match.group().upper()
            if word in _KEYWORDS:
                shape.operators += 1
                if word == "SERVICE":
                    shape.services.append(match.start())
    return shape


def _where(query: str, offset: int) -> str:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def check_query(query: str, *, federation: bool = False,
                limits: QueryLimits = DEFAULT_LIMITS) -> QueryShape:
    """Refuse *query* if it exceeds *limits*, or calls a ``SERVICE`` without *federation*.

    Returns
    -------
    QueryShape
        The query's size, when it passes.

    Raises
    ------
    QueryLimitError
        A query too long, too deeply nested, or with too many operators or triple
        patterns (the message says which, where, and the limit).
    ServiceRefusedError
        A ``SERVICE`` clause while federation is off.

    Examples
    --------
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graphkit.errors.ServiceRefusedError: the query calls a remote SPARQL service (SERVICE \
at line 1, column 18), and federated queries are off: they would make this machine send \
requests to other servers
    """
    if len(query) > limits.length:
        raise QueryLimitError(f"the query is {len(query):,} characters long: at most "
                              f"{limits.length:,} are accepted")
    shape = measure(query)
    if shape.depth > limits.depth:
        raise QueryLimitError(f"the query nests brackets more than {limits.depth} deep "
                              f"({_where(query, shape.deepest)} is at depth {shape.depth}): "
                              "write it flatter")
    if shape.operators > limits.operators:
        raise QueryLimitError(f"the query has {shape.operators:,} operators (UNION, OPTIONAL, "
                              f"FILTER, path steps, arithmetic…): at most {limits.operators} "
                              "are accepted")
    if shape.patterns > limits.patterns:
        raise QueryLimitError(f"the query has {shape.patterns:,} triple patterns: at most "
                              f"{limits.patterns} are accepted")
    if shape.services and not federation:
        raise ServiceRefusedError(
            f"the query calls a remote SPARQL service (SERVICE at "
            f"{_where(query, shape.services[0])}), and federated queries are off: they would "
            "make this machine send requests to other servers")
    return shape
