"""Realistic synthetic welfare networks, written in graphkit's data format.

:func:`generate` writes ``entities.yaml`` and ``documents/*.yaml`` that
:func:`graphkit.model.load.load_dataset` reads like the curated data. The
network imitates the seed data at national scale:

* territories: Italia, and real regions, provinces and comuni from ISTAT's reference (with
  their codes; the loader adds their ``part_of`` links from the reference);
* organisations of every type, each ``located_in`` a municipality; national
  federations (unions, trade associations) with regional and provincial
  branches (``branch_of``); consortia and networks with members (``member_of``);
* projects and protocols with heavy-tailed partner counts (Pareto, 2 to 151),
  partners drawn mostly from the initiative's region and in proportion to a
  heavy-tailed *activity*, so that a few hub organisations take part in
  hundreds of initiatives; one lead partner each, funders with amounts,
  co-financing programmes, start and end dates;
* persons holding roles in some organisations.

Each document bundles a few initiatives, one paragraph each; spans point into a
synthetic text that is not shipped. Everything follows from the seed.

Examples
--------
>>> import tempfile
>>> from graphkit.model.load import load_dataset
>>> out = generate(tempfile.mkdtemp(), orgs=500, seed=1)
>>> ds = load_dataset(out.path)
>>> len([e for e in ds.entities.values() if e.type == "territory"]) > 20
True
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.schema import territories as istat
from graphkit.schema.vocabulary import ORGANISATIONS, Rel

_WORDS = ("Aurora", "Il Ponte", "Arcobaleno", "La Rete", "Solidarietà", "Orizzonti", "Insieme",
          "Il Faro", "Nuovi Passi", "La Quercia", "Primavera", "Sentieri", "Il Girasole",
          "Agorà", "Comunità", "Futuro", "Terra Viva", "L'Approdo", "Mosaico", "Radici")
_FEDERATIONS = (("cgil", "CGIL", "trade_union"), ("cisl", "CISL", "trade_union"),
                ("uil", "UIL", "trade_union"), ("cna", "CNA", "trade_association"),
                ("confartigianato", "Confartigianato", "trade_association"),
                ("confcooperative", "Confcooperative", "trade_association"),
                ("legacoop", "Legacoop", "trade_association"),
                ("confcommercio", "Confcommercio", "trade_association"),
                ("coldiretti", "Coldiretti", "trade_association"),
                ("acli", "ACLI", "organisation"), ("caritas", "Caritas", "religious_body"))
#: Share of the organisations of each ordinary type (federations and funders come on top).
_TYPE_SHARES = (("cooperative", 0.32), ("organisation", 0.2), ("company", 0.14),
                ("consortium", 0.04), ("network", 0.02), ("foundation", 0.05),
                ("public_agency", 0.04), ("research_body", 0.03), ("media", 0.01),
                ("religious_body", 0.03), ("chamber_of_commerce", 0.01), ("municipality", 0.11))
_PREFIX = {"cooperative": "Cooperativa sociale", "organisation": "Associazione",
           "company": "Impresa", "consortium": "Consorzio", "network": "Rete",
           "foundation": "Fondazione", "public_agency": "Agenzia", "research_body": "Istituto",
           "media": "Testata", "religious_body": "Parrocchia", "chamber_of_commerce": "Camera",
           "municipality": "Comune di"}
assert {t for t, _ in _TYPE_SHARES} <= ORGANISATIONS


@dataclass
class SynthSummary:
    """What :func:`generate` wrote."""

    path: Path
    organisations: int = 0
    initiatives: int = 0
    territories: int = 0
    persons: int = 0
    relations: int = 0
    documents: int = 0
    max_initiatives_per_org: int = 0
    files: list[Path] = field(default_factory=list)


@dataclass
class _Org:
    id: str
    name: str
    type: str
    region: int
    territory: str
    activity: float


def _json_lines(records: list[dict]) -> str:
    """A JSON array with one record per line: valid YAML too, fast to load, line-addressable."""
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]"


class _Sampler:
    """Draw organisations in proportion to their activity, mostly from one region."""

    def __init__(self, orgs: list[_Org], rng: random.Random, regions: int):
        self.rng = rng
        self.all = self._table(orgs)
        by_region: list[list[_Org]] = [[] for _ in range(regions)]
        for org in orgs:
            by_region[org.region].append(org)
        self.regional = [self._table(members) for members in by_region]

    @staticmethod
    def _table(orgs: list[_Org]) -> tuple[list[_Org], list[float]]:
        return orgs, list(itertools.accumulate(o.activity for o in orgs))

    def draw(self, region: int, local: float = 0.85) -> _Org:
        orgs, cumulative = self.regional[region]
        if not orgs or self.rng.random() > local:
            orgs, cumulative = self.all
        x = self.rng.random() * cumulative[-1]
        return orgs[min(bisect.bisect_right(cumulative, x), len(orgs) - 1)]


def generate(out_dir: Path | str, orgs: int = 2000, seed: int = 0,
             per_document: int = 20) -> SynthSummary:
    """Write a synthetic dataset of about *orgs* organisations into *out_dir*.

    Parameters
    ----------
    out_dir : path
        Created if needed; ``entities.yaml`` and ``documents/`` are overwritten.
    orgs : int
        Number of organisations, federations with their branches and funders
        included (at least 500).
    seed : int
        Everything follows from it.
    per_document : int
        Initiatives per document file.

    Returns
    -------
    SynthSummary
        Counts and the files written.
    """
    if orgs < 500:
        raise ValueError("generate at least 500 organisations")
    rng = random.Random(seed)
    branch_share = min(0.6, orgs / 20000)
    out = Path(out_dir)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    for old in (out / "documents").glob("synth-*.yaml"):
        old.unlink()
    summary = SynthSummary(out)
    entities: list[dict] = []
    structure: list[dict] = []   # relations of the registry documents

    def entity(ident: str, name: str, type_: str, **extra: object) -> None:
        entities.append({"id": ident, "name": name, "type": type_, **extra})

    def rel(lines: list[dict], subject: str, relation: str, obj: str, paragraph: int,
            **extra: object) -> None:
        start = 40 * (len(lines) % 50)
        lines.append({"subject": subject, "relation": relation, "object": obj,
                      "paragraph": paragraph, "span": [start, start + 40], **extra})

    # territories: real ones, with their ISTAT codes
    entity("t-italia", "Italia", "territory", level="country")
    regions = [t for t in istat.reference() if t.level == "region"]
    provinces: list[list[str]] = []
    municipalities: list[list[str]] = []
    comuni: list[list[istat.Territory]] = []
    for r, region in enumerate(regions):
        rid = f"t-r{r:02d}"
        entity(rid, region.name, "territory", level="region",
               identifiers={"istat": region.code})
        rel(structure, rid, Rel.PART_OF, "t-italia", 1)
        provinces.append([])
        municipalities.append([])
        comuni.append([])
        for p, province in enumerate(istat.children(region)):
            pid = f"t-r{r:02d}-p{p}"
            entity(pid, province.name, "territory", level="province",
                   identifiers={"istat": province.code})
            provinces[r].append(pid)
            comuni[r].extend(istat.children(province))
    n_muni = max(40, orgs // 25)
    for m in range(n_muni):
        r = m % len(regions) if m < 2 * len(regions) else rng.randrange(len(regions))
        if len(municipalities[r]) == len(comuni[r]):
            continue
        comune = comuni[r].pop(rng.randrange(len(comuni[r]) - len(municipalities[r])))
        comuni[r].append(comune)  # drawn ones move to the end, out of the next draws' range
        mid = f"t-m{m:05d}"
        entity(mid, comune.name, "territory", level="municipality",
               identifiers={"istat": comune.code})
        municipalities[r].append(mid)
    summary.territories = len(entities)
    region_names = [region.name for region in regions]

    # organisations, with heavy-tailed activity
    pool: list[_Org] = []
    federated: list[_Org] = []
    for code, label, type_ in _FEDERATIONS:
        federated.append(_Org(code, label, type_, 0, "t-italia", rng.paretovariate(1.2) + 20))
        for r, region in enumerate(region_names):
            branch = _Org(f"{code}-r{r:02d}", f"{label} {region}", type_, r, f"t-r{r:02d}",
                          rng.paretovariate(1.2) + 5)
            federated.append(branch)
            rel(structure, branch.id, Rel.BRANCH_OF, code, 2)
            for p, pid in enumerate(provinces[r]):
                if rng.random() < branch_share:
                    local = _Org(f"{code}-r{r:02d}-p{p}", f"{label} {region} {p + 1}", type_,
                                 r, pid, rng.paretovariate(1.2) + 1)
                    federated.append(local)
                    rel(structure, local.id, Rel.BRANCH_OF, branch.id, 2)
    funders = [_Org(f"regione-{r:02d}", f"Regione {region}", "region", r, f"t-r{r:02d}", 1.0)
               for r, region in enumerate(region_names)]
    funders += [_Org(f"fondazione-cr-{i:03d}", f"Fondazione Cassa di Risparmio {i + 1}",
                     "foundation", i % len(region_names), f"t-r{i % len(region_names):02d}", 1.0)
                for i in range(max(5, orgs // 400))]
    types = [t for t, _ in _TYPE_SHARES]
    weights = [w for _, w in _TYPE_SHARES]
    for i in range(max(10, orgs - len(federated) - len(funders))):
        r = rng.randrange(len(region_names))
        type_ = rng.choices(types, weights)[0]
        name = f"{_PREFIX[type_]} {rng.choice(_WORDS)} {i + 1}"
        pool.append(_Org(f"o{i:06d}", name, type_, r, rng.choice(municipalities[r]),
                         rng.paretovariate(1.2)))
    pool += federated
    for org in pool + funders:
        entity(org.id, org.name, org.type)
        rel(structure, org.id, Rel.LOCATED_IN, org.territory, 1)
    summary.organisations = len(pool) + len(funders)

    groups = [o for o in pool if o.type in ("consortium", "network")]
    for org in pool:
        if groups and org.type not in ("consortium", "network") and rng.random() < 0.05:
            rel(structure, org.id, Rel.MEMBER_OF, rng.choice(groups).id, 3,
                start=str(rng.randint(2005, 2020)))

    persons = max(10, orgs // 50)
    for i in range(persons):
        org = rng.choice(pool)
        entity(f"p{i:06d}", f"Persona {i + 1}", "person")
        rel(structure, f"p{i:06d}", Rel.HOLDS_ROLE, org.id, 4,
            role=rng.choice(("presidente", "direttrice", "sindaco", "referente")))
    summary.persons = persons

    # programmes, projects and protocols
    programmes = [f"programma-{i:04d}" for i in range(max(10, orgs // 200))]
    for i, prog in enumerate(programmes):
        entity(prog, f"Programma {i + 1}", "programme")
    sampler = _Sampler(pool, rng, len(region_names))
    n_initiatives = int(orgs * 0.45)
    taken: dict[str, int] = {}
    documents: list[tuple[str, str, list[dict], list[dict]]] = []
    facts: list[dict] = []
    lines: list[dict] = []
    doc_date = ""
    for i in range(n_initiatives):
        kind = "protocol" if rng.random() < 0.12 else "project"
        ident = f"i{i:06d}"
        entity(ident, f"{'Progetto' if kind == 'project' else 'Protocollo'} {i + 1}", kind)
        r = rng.randrange(len(region_names))
        start_year, month = rng.randint(2012, 2024), rng.randint(1, 12)
        size = min(150, 1 + int(rng.paretovariate(1.9) * 2))
        members: dict[str, None] = {}
        while len(members) < size + 1:
            members.setdefault(sampler.draw(r).id)
            if len(members) >= len(pool):
                break
        paragraph = i % per_document + 1
        if paragraph == 1:
            if lines:
                documents.append((doc_date, f"synth-{len(documents):06d}", lines, facts))
            lines, facts = [], []
            doc_date = f"{start_year}-{month:02d}"
        participation = Rel.PARTNER_OF if kind == "project" else Rel.SIGNATORY_OF
        for j, member in enumerate(members):
            relation = Rel.LEAD_PARTNER_OF if j == 0 and kind == "project" else participation
            rel(lines, member, relation, ident, paragraph)
            taken[member] = taken.get(member, 0) + 1
        for _ in range(rng.choice((0, 1, 1, 2))):
            funder = rng.choice(funders)
            if not any(r["subject"] == funder.id and r["relation"] == Rel.FUNDS
                       and r["object"] == ident for r in lines[-3:]):
                amount = rng.randrange(5, 500) * 1000
                rel(lines, funder.id, Rel.FUNDS, ident, paragraph, amount=amount)
        if kind == "project" and rng.random() < 0.5:
            rel(lines, ident, Rel.COFINANCED_BY, rng.choice(programmes), paragraph)
        rel(lines, ident, Rel.LOCATED_IN, rng.choice(municipalities[r] or provinces[r]), paragraph)
        end_year = start_year + rng.randint(0, 3)
        locator = {"paragraph": paragraph, "span": [0, 30]}
        facts.append({"subject": ident, "property": "start_date",
                      "value": f"{start_year}-{month:02d}", **locator})
        facts.append({"subject": ident, "property": "end_date",
                      "value": f"{end_year}-{rng.randint(1, 12):02d}", **locator})
    if lines:
        documents.append((doc_date, f"synth-{len(documents):06d}", lines, facts))
    summary.initiatives = n_initiatives + len(programmes)
    summary.max_initiatives_per_org = max(taken.values(), default=0)

    registry = out / "entities.yaml"
    registry.write_text(_json_lines(entities) + "\n", encoding="utf-8")
    summary.files.append(registry)
    for start in range(0, len(structure), 2000):
        chunk = structure[start:start + 2000]
        documents.append(("2020", f"synth-registry-{start // 2000:04d}", chunk, []))
    for date, doc_id, relations, doc_facts in documents:
        path = out / "documents" / f"{doc_id}.yaml"
        head = json.dumps({"id": doc_id, "source_file": f"{doc_id}.txt", "kind": "synthetic",
                           "date": date, "title": f"Synthetic document {doc_id}"})
        path.write_text(
            f'{head[:-1]},\n"relations": {_json_lines(relations)},\n'
            f'"facts": {_json_lines(doc_facts)}\n}}\n', encoding="utf-8")
        summary.files.append(path)
        summary.relations += len(relations)
    summary.documents = len(documents)
    return summary
