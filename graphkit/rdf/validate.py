"""Validate a dataset: the loader's checks, locators against sources, and SHACL shapes.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> shacl_violations(load_dataset())
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from graphkit.model.locators import check_locators
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import to_rdf, union_graph
from graphkit.rdf.ontology import ontology_graph, shapes_graph


@dataclass(frozen=True, order=True)
class Violation:
    """A SHACL violation, described for a curator."""

    focus: str
    label: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.label} ({self.focus})" if self.label else self.focus
        return f"{where}: {self.message}" + (f" [value: {self.value}]" if self.value else "")


def _short(term: object) -> str:
    text = str(term)
    return text.rsplit("/", 1)[-1] if isinstance(term, URIRef) else text


def shacl_violations(dataset: Dataset, data_graph: Graph | None = None) -> list[Violation]:
    """Run the SHACL shapes of :mod:`graphkit.rdf.ontology` on *dataset*'s RDF.

    Parameters
    ----------
    dataset : Dataset
        The dataset to check (used to build the RDF unless *data_graph* is given).
    data_graph : rdflib.Graph, optional
        An RDF graph to check instead, e.g. a deliberately broken one.

    Returns
    -------
    list of Violation
        Empty when the graph conforms.
    """
    from pyshacl import validate as pyshacl_validate  # 0.2 s to import: only when validating

    data = union_graph(to_rdf(dataset)) if data_graph is None else data_graph
    conforms, report, _ = pyshacl_validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
        inference="none", abort_on_first=False, allow_warnings=False,
    )
    if conforms:
        return []
    violations = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        value = report.value(result, SH.value)
        violations.add(Violation(
            focus=_short(focus),
            label=str(data.value(focus, RDFS.label) or ""),
            message="; ".join(sorted(messages)) or "does not conform",
            value=_short(value) if value is not None else "",
        ))
    return sorted(violations)


def validate(dataset: Dataset, sources_dirs: Sequence[Path | str] = ()) -> list[str]:
    """Every problem of an already loaded *dataset*, as sentences for a curator.

    Checks the locators against the source texts in *sources_dirs* (see
    :func:`graphkit.model.locators.check_locators`), then the SHACL shapes. Loader errors
    are raised earlier, by :func:`graphkit.model.load.load_dataset`.
    """
    problems = check_locators(dataset, *sources_dirs) if sources_dirs else []
    return [str(p) for p in problems] + [str(v) for v in shacl_violations(dataset)]
