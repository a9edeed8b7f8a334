"""Imported open datasets beside the curated documents: ``DATA/imported/<dataset>/``.

``graphkit import opencoesione`` and ``graphkit import indicepa`` (:mod:`graphkit.opendata`)
write one folder of Parquet files per import. They are a second kind of source: not
YAML to edit, but columnar tables read here, with DuckDB, into the same records as the
curated documents, so every later stage (graph, views, measures, RDF, exports) works on
curated and imported records alike.

What an OpenCoesione import becomes:

* one :class:`~graphkit.model.records.Document` of kind ``dataset`` — its title and
  release date, OpenCoesione's open-data page as address, the files read, the licence;
* each **project**: a ``project`` entity (``ocp-<code>``, its CUP as identifier) with the
  facts ``start_date``, ``end_date`` (actual, else planned), ``theme``, ``cycle`` and
  ``funding_*`` (the amount from each source of funds), ``located_in`` each of its comuni
  (ISTAT's reference: the comune's entity, added with its province and region when the
  curated data lacks it; a code ISTAT does not list is placed in the province its first
  three digits name, as an inference; a project with no comune in the regions it names),
  and ``cofinanced_by`` each of its programmes (``ocprog-<code>``, dated by the
  programming cycle and the years its spending may be certified, an inference);
* each **body** taking part: an organisation (``cf-<codice fiscale>``, ``ipa-<code>`` or
  ``oc-<hash of name and seat>``) ``located_in`` its seat; IndicePA, when imported, gives a
  public body its registered name, type and seat;
* each **role row**: a relation from the body to the project — ``programming_authority_of``
  (1 Programmatore), ``implementer_of`` (2 Attuatore), ``beneficiary_of`` (3 Beneficiario,
  and ``partner_of`` too when the project has several beneficiaries: they form a
  partnership), ``contractor_of`` (4 Realizzatore), with the role's Italian name.

Every record is located by its row (:class:`~graphkit.model.records.Locator` ``row``: the
role row's key ``project code|role|progressive``, or the project code) and the project's
OpenCoesione page (``link``); its method is ``import``. Natural persons are never read:
the importer does not write them.

Identity (:mod:`graphkit.model.identity`): an imported body whose codice fiscale, IPA code
or ISTAT code is a curated organisation's merges into it (its relations point to the
curated entity); a project whose CUP is a curated project's merges into it. Names never
merge: the importer lists name-only matches in ``review.csv``.

National scale is not held whole: :class:`Slice` pushes a view's window, territory and
themes down into the reading of the Parquet files, so that ``metrics --territory Puglia
--since 2021`` reads only the projects active in that window located in Puglia, their
role rows and their bodies. The curated dataset is always read whole.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> part = slice_for(load_dataset(), since=2021, territory="Puglia", themes=["9"])
>>> part.describe()
'days 20210101-99991231, territory 16, themes 09'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from graphkit.errors import AmbiguousEntityError, DataError, Problem, display_path
from graphkit.model.dates import Interval
from graphkit.model.dates import window as date_window
from graphkit.model.identity import match_in, match_projects, registry_of
from graphkit.model.load import DEFAULT_DATA_DIR, load_dataset
from graphkit.model.names import normalise
from graphkit.model.records import (
    Dataset,
    Document,
    Entity,
    Fact,
    Locator,
    RelationRecord,
    stable_id,
)
from graphkit.model.territories import reference_territories
from graphkit.schema import territories as istat
from graphkit.schema.vocabulary import (
    DEFAULT_CURRENCY,
    FUNDING_SOURCES,
    IDENTIFIER_SCHEMES,
    ORGANISATIONS,
    Confidence,
    Method,
    Rel,
)
from graphkit.sql import sql_list, sql_string

__all__ = [
    "CYCLE_PERIODS",
    "IMPORTED_DIR",
    "ROLE_RELATIONS",
    "Slice",
    "add_imported",
    "imported_files",
    "imported_folders",
    "load_data",
    "slice_for",
]

#: The folder of ``DATA`` holding one folder per imported dataset.
IMPORTED_DIR = "imported"
#: The relation of each OpenCoesione role code (``SOGG_COD_RUOLO``), from body to project.
ROLE_RELATIONS: dict[int, Rel] = {1: Rel.PROGRAMMING_AUTHORITY_OF, 2: Rel.IMPLEMENTER_OF,
                                  3: Rel.BENEFICIARY_OF, 4: Rel.CONTRACTOR_OF}
#: Each programming cycle's first year and the last year its spending may be certified
#: (31 December 2015, 2023 and 2029 by the EU's regulations on the funds).
CYCLE_PERIODS: dict[str, tuple[str, str]] = {
    "2007-2013": ("2007", "2015"), "2014-2020": ("2014", "2023"), "2021-2027": ("2021", "2029")}

_ADDRESSES = {"OpenCoesione": "https://opencoesione.gov.it/it/opendata/",
              "IndicePA": "https://indicepa.gov.it/ipa-dati/dataset/enti"}
_ABOUT = {"OpenCoesione": "Cohesion-policy projects and the bodies taking part in them",
          "IndicePA": "Italian public bodies"}
_FILES = {"OpenCoesione": ("projects.parquet", "bodies.parquet", "roles.parquet"),
          "IndicePA": ("bodies.parquet",)}
_AMOUNTS = tuple(f"funding_{name}" for name, _, _ in FUNDING_SOURCES)
_CENT = Decimal("0.01")
#: Slice.territory when the territory asked for holds no imported record.
NOWHERE = "-"


@dataclass(frozen=True)
class Slice:
    """The part of the imported datasets a view needs: its filters, pushed down.

    Attributes
    ----------
    window : (int, int) or None
        Days ``YYYYMMDD`` (:func:`graphkit.model.dates.window`): projects active in them.
    territory : str or None
        ISTAT code of a region, province or comune: projects located in it
        (:data:`NOWHERE` for a territory no imported record can lie in).
    themes : tuple of str or None
        OpenCoesione theme codes (``OC_COD_TEMA_SINTETICO``, ``"09"``).

    Examples
    --------
    >>> Slice(territory="16", themes=("09",)).describe()
    'territory 16, themes 09'
    """

    window: Interval | None = None
    territory: str | None = None
    themes: tuple[str, ...] | None = None

    def describe(self) -> str:
        """The filters in words (``whole`` when there are none)."""
        parts = []
        if self.window:
            parts.append(f"days {self.window[0]}-{self.window[1]}")
        if self.territory:
            parts.append(f"territory {self.territory}")
        if self.themes:
            parts.append(f"themes {', '.join(self.themes)}")
        return ", ".join(parts) or "whole"


def imported_folders(data_dir: Path | str) -> list[Path]:
    """The imported datasets of *data_dir* (folders of ``DATA/imported`` with a manifest).

    Examples
    --------
    >>> imported_folders(DEFAULT_DATA_DIR)
    []
    """
    root = Path(data_dir) / IMPORTED_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file())


def imported_files(data_dir: Path | str) -> list[Path]:
    """Every file the imported datasets of *data_dir* are read from, sorted."""
    return sorted(path for folder in imported_folders(data_dir)
                  for path in folder.iterdir() if path.suffix in (".json", ".parquet"))


def load_data(data_dir: Path | str = DEFAULT_DATA_DIR, *, since: object = None,
              until: object = None, territory: str | None = None,
              themes: Sequence[str] | None = None) -> Dataset:
    """The curated dataset of *data_dir* and its imported datasets, as one :class:`Dataset`.

    Parameters
    ----------
    data_dir : path
        A dataset folder; its ``imported/`` folder, if any, holds the imported datasets.
    since, until : year or partial ISO date, optional
        Read only the imported projects active in this window.
    territory : str, optional
        Read only the imported projects located in this territory (a name, alias or id,
        found as a view finds it; or any region, province or comune of ISTAT's list).
    themes : sequence of str, optional
        Read only the imported projects of these OpenCoesione themes (``"09"``).

    Returns
    -------
    Dataset
        The curated records (always whole) and the imported slice.

    Raises
    ------
    DataError
        A curated file or an imported folder cannot be read.

    Examples
    --------
    >>> len(load_data(since=2021).entities) == len(load_data().entities)
    True
    """
    dataset = load_dataset(data_dir)
    folders = imported_folders(data_dir)
    if folders:
        add_imported(dataset, folders, slice_for(dataset, since, until, territory, themes))
    return dataset


def slice_for(dataset: Dataset, since: object = None, until: object = None,
              territory: str | None = None, themes: Sequence[str] | None = None) -> Slice:
    """The :class:`Slice` of a view's filters, its territory named as the view names it.

    A territory of *dataset* (by id, name or alias) gives its ISTAT code, or no pushed-down
    territory at all when it has none (an area): the view decides then. Another name is
    looked up in ISTAT's reference.

    Raises
    ------
    AmbiguousEntityError
        A name that several ISTAT territories bear ("Bari": province and comune).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> slice_for(ds, territory="Puglia").territory, slice_for(ds, territory="t-lucca").territory
    ('16', '046017')
    >>> slice_for(ds, territory="Lucca").territory is None  # several: the view will say which
    True
    """
    codes = None
    if themes:
        codes = tuple(sorted({t.strip().zfill(2) if t.strip().isdigit() else t.strip()
                              for t in themes}))
    place = _territory_code(dataset, territory) if territory else None
    return Slice(date_window(since, until), place, codes)


def _territory_code(dataset: Dataset, name: str) -> str | None:
    key = normalise(name)
    found = sorted(e.id for e in dataset.entities.values() if e.type == "territory"
                   and key in {normalise(e.id), normalise(e.name), *map(normalise, e.aliases)})
    if len(found) > 1:
        return None
    if found:
        entity = dataset.entities[found[0]]
        return dict(entity.identifiers).get("istat") if entity.level in istat.LEVELS else None
    if match := re.fullmatch(r"istat-(\d{2}|\d{3}|\d{6})", name.strip()):
        return match[1]
    candidates = istat.find(name)
    if len(candidates) > 1:
        raise AmbiguousEntityError(name, [(f"istat-{t.code}", f"{t.name} ({t.level})")
                                          for t in candidates])
    return candidates[0].code if candidates else NOWHERE


# --- reading ---------------------------------------------------------------------------


def _day(expr: str) -> str:
    return f"CAST(strftime({expr}, '%Y%m%d') AS INTEGER)"


def _projects_where(part: Slice, release: str | None) -> str:
    """The WHERE clause selecting the projects of *part* in ``projects.parquet``.

    The window keeps a project as a view does (:func:`graphkit.graph.views.interval`): from
    its start to its end (actual, else planned), or on the one day it has; a project with
    neither is dated by its source, the release.
    """
    where = ["true"]
    if part.themes:
        where.append(f"theme_code IN ({sql_list(part.themes)[1:-1]})")
    if part.window:
        start = _day("start_date")
        end = _day("coalesce(end_date_actual, end_date_planned)")
        day = release.replace("-", "") if release else "NULL"
        first, last = f"coalesce({start}, {end}, {day})", f"coalesce({end}, {start}, {day})"
        where.append(f"least({first}, {last}) <= {part.window[1]} "
                     f"AND greatest({first}, {last}) >= {part.window[0]}")
    if part.territory:
        where.append(_territory_where(part.territory))
    return " AND ".join(where)


def _prefixes(place: istat.Territory) -> list[str]:
    """The first three digits of the comuni codes in a region or province: its provinces'
    codes, current and historic (every comune's code starts with one)."""
    provinces = istat.children(place) if place.level == "region" else (place,)
    return sorted({c for p in provinces for c in (p.code, p.historic_code) if c})


def _places_where(code: str, comune: str) -> str:
    """Whether the comune code *comune* (an SQL expression) lies in the territory *code*."""
    if code == NOWHERE:
        return "false"
    place = istat.by_code(code)
    if place.level == "municipality":
        return f"({comune} = '{place.code}')"
    return f"(substr({comune}, 1, 3) IN ({sql_list(_prefixes(place))[1:-1]}))"


def _territory_where(code: str) -> str:
    """Projects located in the territory of ISTAT *code*, as :meth:`_Importer.place` places them:
    in their comuni (a comune ISTAT does not list: in the province its code names), else in
    the regions they name."""
    if code == NOWHERE:
        return "false"
    place = istat.by_code(code)
    comuni = "coalesce(comuni, [])"
    if place.level == "municipality":
        return f"list_contains({comuni}, '{place.code}')"
    clause = (f"list_has_any(list_transform({comuni}, lambda x: substr(x, 1, 3)), "
              f"{sql_list(_prefixes(place))})")
    if place.level == "region":
        clause += (f" OR (len({comuni}) = 0 AND "
                   f"list_contains(coalesce(region_codes, []), '{place.code}'))")
    return f"({clause})"


def _manifest(folder: Path) -> dict[str, Any]:
    where = display_path(folder / "manifest.json")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError([Problem(where, 0, f"cannot read the import's manifest: {exc}")]) from None
    source = manifest.get("source") if isinstance(manifest, dict) else None
    if source not in _FILES:
        raise DataError([Problem(where, 0, f"unknown imported source {source!r} (known: "
                                 f"{', '.join(_FILES)}); import it again")])
    for name in _FILES[source]:
        if not (folder / name).is_file():
            raise DataError([Problem(display_path(folder / name), 0,
                                     "missing: the import is incomplete; import it again")])
    return manifest


def _document(folder: Path, manifest: dict[str, Any]) -> Document:
    source = manifest["source"]
    release = manifest.get("release")
    filters = {k: v for k, v in (manifest.get("filters") or {}).items() if v}
    files = [f["name"] for f in manifest.get("files", [])]
    summary = (f"{_ABOUT[source]}: {source} open data "
               f"({manifest.get('licence', 'licence not stated')}; "
               f"{manifest.get('attribution', source)}), imported by graphkit"
               + (f" with filters {json.dumps(filters, sort_keys=True)}" if filters else "")
               + ". Natural persons are not imported.")
    return Document(
        id=folder.name, source_file="; ".join(files) or folder.name, kind="dataset",
        title=source + (f" {release}" if release else ""),
        date=release, address=_ADDRESSES[source], summary=summary)


_PROJECT_COLUMNS = ("project_id", "project_code", "cup", "title", "theme_code", "theme", "cycle",
                    "programme_codes", "programme_names", "region_codes", "comuni",
                    "start_date", "end_date_planned", "end_date_actual", *_AMOUNTS, "link",
                    "beneficiaries")
_BODY_COLUMNS = ("body_id", "name", "kind", "cf", "ipa_code", "istat_code", "seat",
                 "seat_row", "seat_link", "seat_document")


class _Importer:
    """Adds the records of the imported folders to a dataset (see the module docstring).

    First the projects of each OpenCoesione folder in the slice and their role rows
    (:meth:`projects`), noting the bodies they need; then those bodies from every folder
    that lists them (:meth:`bodies`), so that a body's seat is stated by each dataset that
    states it, whatever the slice.
    """

    def __init__(self, dataset: Dataset, con: duckdb.DuckDBPyConnection) -> None:
        self.dataset = dataset
        self.con = con
        self.curated = set(dataset.entities)
        self.registry = registry_of(dataset)
        self.merged: dict[str, str] = {}
        self.added: set[str] = set()
        self.records: set[str] = set()
        self.places: dict[str, str] = {}
        self.documents: dict[str, Document] = {}
        con.execute("CREATE OR REPLACE TEMP TABLE needed (body_id VARCHAR)")

    def entity(self, entity: Entity, where: Path) -> None:
        if entity.id in self.added:
            return
        if entity.id in self.dataset.entities:
            raise DataError([Problem(display_path(where), 0, (
                f"imported id {entity.id!r} is already a curated entity's id; rename the "
                "curated entity"))])
        self.dataset.entities[entity.id] = entity
        self.added.add(entity.id)

    def indicepa(self, folders: list[Path]) -> None:
        """The IndicePA bodies, as table ``ipa`` (one row per IPA code, the first folder's)."""
        self.con.execute("CREATE OR REPLACE TEMP TABLE ipa (document VARCHAR, body_id VARCHAR, "
                         "name VARCHAR, kind VARCHAR, cf VARCHAR, ipa_code VARCHAR, "
                         "istat_comune VARCHAR)")
        for folder in folders:
            self.con.execute(f"""INSERT INTO ipa SELECT '{folder.name}', body_id, name, kind, cf,
                ipa_code, istat_comune FROM read_parquet({sql_string(folder / 'bodies.parquet')})
                WHERE ipa_code NOT IN (SELECT ipa_code FROM ipa)""")

    def _bodies_sql(self, folder: Path, where: str) -> str:
        """The bodies of *folder* matching *where*, with what IndicePA says of them."""
        return f"""
            WITH by_cf AS (
                SELECT * FROM ipa WHERE cf IS NOT NULL
                QUALIFY count(*) OVER (PARTITION BY cf) = 1
            ), joined AS (
                SELECT b.body_id, coalesce(i1.name, i2.name, i3.name, b.name) AS name,
                       coalesce(i1.kind, i2.kind, i3.kind, b.kind) AS kind,
                       b.cf, b.ipa_code, b.istat_code, b.istat_comune AS oc_seat,
                       coalesce(i1.istat_comune, i2.istat_comune, i3.istat_comune) AS ipa_seat,
                       coalesce(i1.ipa_code, i2.ipa_code, i3.ipa_code) AS ipa_row,
                       coalesce(i1.document, i2.document, i3.document) AS ipa_document
                FROM read_parquet({sql_string(folder / 'bodies.parquet')}) b
                LEFT JOIN ipa i1 ON i1.body_id = b.body_id
                LEFT JOIN ipa i2 ON i2.ipa_code = b.ipa_code
                LEFT JOIN by_cf i3 ON i3.cf = b.cf
            )
            SELECT * FROM joined WHERE {where}"""

    def projects(self, folder: Path, manifest: dict[str, Any], part: Slice) -> None:
        """The projects of *part* in *folder*, their places, programmes and role relations;
        the bodies they need (and, for a territory without a window, the bodies seated
        there, which a view keeps) go to table ``needed``."""
        con = self.con
        doc = self.documents[folder.name] = _document(folder, manifest)
        self.merged.update(match_in(con, folder / "bodies.parquet", self.registry))
        merged_projects = match_projects(con, folder / "projects.parquet", self.dataset)
        keep = (f" OR project_id IN ({sql_list(merged_projects)[1:-1]})"
                if merged_projects else "")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE p AS
            SELECT {', '.join(_PROJECT_COLUMNS)}
            FROM read_parquet({sql_string(folder / 'projects.parquet')})
            WHERE ({_projects_where(part, manifest.get('release'))}){keep}""")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE r AS
            SELECT r.row_key, r.project_id, r.body_id, r.role_code, r.role
            FROM read_parquet({sql_string(folder / 'roles.parquet')}) r
            WHERE r.project_id IN (SELECT project_id FROM p)""")
        con.execute("INSERT INTO needed SELECT DISTINCT body_id FROM r")
        roles = con.execute("SELECT * FROM r ORDER BY row_key").fetchall()
        if part.territory and not part.window:
            seated = _places_where(part.territory, "coalesce(ipa_seat, oc_seat)")
            con.execute(f"INSERT INTO needed SELECT body_id FROM ("
                        f"{self._bodies_sql(folder, seated)})")
        rows = [dict(zip(_PROJECT_COLUMNS, row, strict=True))
                for row in con.execute("SELECT * FROM p ORDER BY project_id").fetchall()]
        if not rows:
            return
        self.dataset.documents[doc.id] = doc
        codes: set[str] = set()
        for project in rows:
            for comune in project["comuni"] or ():
                codes.update((comune, comune[:3]))
            codes.update(project["region_codes"] or ())
        self.locate(codes)
        ids, links, beneficiaries = {}, {}, {}
        for project in rows:
            pid = project["project_id"]
            ids[pid] = self.project(doc.id, folder, project, merged_projects)
            links[pid], beneficiaries[pid] = project["link"], project["beneficiaries"] or 0
        for row_key, project_id, body_id, role_code, role in roles:
            locator = Locator(doc.id, 0, 0, 0, row=row_key, link=links[project_id])
            relations = [ROLE_RELATIONS[role_code]]
            if role_code == 3 and beneficiaries[project_id] > 1:
                relations.append(Rel.PARTNER_OF)
            for relation in relations:
                self.relate(self.merged.get(body_id, body_id), relation, ids[project_id],
                            locator, role=role)

    def bodies(self, folder: Path) -> None:
        """The needed bodies *folder* lists: an organisation each (the first folder's name
        and type, IndicePA's for a public body), located in the seat this folder states (its
        first role row of the body) or IndicePA states."""
        con = self.con
        rows = con.execute(f"""
            WITH b AS ({self._bodies_sql(folder, "body_id IN (SELECT body_id FROM needed)")}),
            s AS (
                SELECT body_id, min(row_key) AS row_key
                FROM read_parquet({sql_string(folder / 'roles.parquet')})
                WHERE body_id IN (SELECT body_id FROM b WHERE ipa_seat IS NULL
                                  AND oc_seat IS NOT NULL)
                GROUP BY body_id
            ), links AS (
                SELECT s.body_id, s.row_key, pr.link FROM s
                LEFT JOIN read_parquet({sql_string(folder / 'projects.parquet')}) pr
                       ON pr.project_code = split_part(s.row_key, '|', 1)
            )
            SELECT b.body_id, b.name, b.kind, b.cf, b.ipa_code, b.istat_code,
                   coalesce(b.ipa_seat, b.oc_seat),
                   CASE WHEN b.ipa_seat IS NOT NULL THEN b.ipa_row ELSE l.row_key END,
                   CASE WHEN b.ipa_seat IS NULL THEN l.link END,
                   coalesce(CASE WHEN b.ipa_seat IS NOT NULL THEN b.ipa_document END,
                            '{folder.name}')
            FROM b LEFT JOIN links l USING (body_id) ORDER BY b.body_id""").fetchall()
        bodies = [dict(zip(_BODY_COLUMNS, row, strict=True)) for row in rows]
        self.locate({code for b in bodies if b["seat"] for code in (b["seat"], b["seat"][:3])})
        for body in bodies:
            self.body(folder, body)

    def locate(self, codes: set[str]) -> None:
        """Make the territories of ISTAT *codes* (ISTAT's reference), known by code."""
        self.places.update(reference_territories(self.dataset, codes - set(self.places)))

    def relate(self, subject: str, relation: Rel, obj: str, locator: Locator, *,
               role: str | None = None, confidence: str = Confidence.STATED.value,
               note: str | None = None, start: str | None = None,
               end: str | None = None) -> None:
        ident = stable_id(locator.document, locator.row, subject, relation, obj)
        if ident in self.records:  # a seat IndicePA gives, met again in another import
            return
        self.records.add(ident)
        if locator.document not in self.dataset.documents:
            self.dataset.documents[locator.document] = self.documents[locator.document]
        self.dataset.relations.append(RelationRecord(
            id=ident, subject=subject, relation=relation.value, object=obj, locator=locator,
            confidence=confidence, method=Method.IMPORT.value, role=role, note=note,
            start=start, end=end))

    def fact(self, subject: str, name: str, value: object, locator: Locator,
             confidence: str = Confidence.STATED.value, note: str | None = None) -> None:
        if value is None:
            return
        currency = None
        if isinstance(value, Decimal):
            if value < 0:  # a correction, not an amount a source of funds gives
                return
            value, currency = value.quantize(_CENT), DEFAULT_CURRENCY
        elif isinstance(value, date):
            value = value.isoformat()
        self.dataset.facts.append(Fact(
            id=stable_id(locator.document, locator.row, subject, name), subject=subject,
            property=name, value=str(value), locator=locator, currency=currency,
            confidence=confidence, method=Method.IMPORT.value, note=note))

    def project(self, doc: str, folder: Path, p: dict[str, Any],
                merged: dict[str, str]) -> str:
        node = merged.get(p["project_id"], p["project_id"])
        locator = Locator(doc, 0, 0, 0, row=p["project_code"], link=p["link"])
        if node not in merged.values():
            cup = p["cup"]
            self.entity(Entity(node, p["title"] or p["project_code"], "project",
                               identifiers=(("cup", cup),) if _valid("cup", cup) else ()),
                        folder)
            end = p["end_date_actual"] or p["end_date_planned"]
            for name, value in (("start_date", p["start_date"]), ("end_date", end),
                                ("theme", p["theme"] or p["theme_code"]), ("cycle", p["cycle"]),
                                *((a, p[a]) for a in _AMOUNTS)):
                self.fact(node, name, value, locator)
        self.place(node, p, locator)
        start, end = p["start_date"], p["end_date_actual"] or p["end_date_planned"]
        names = p["programme_names"] or []
        for i, code in enumerate(p["programme_codes"] or ()):
            programme = self.programme(folder, code, names[i] if i < len(names) else None,
                                       p["cycle"], locator)
            self.relate(node, Rel.COFINANCED_BY, programme, locator,
                        start=start.isoformat() if start else None,
                        end=end.isoformat() if end else None)
        return node

    def locate_in(self, node: str, comune: str, locator: Locator, note: str | None = None
                  ) -> None:
        """``located_in`` the comune of ISTAT code *comune*; a code ISTAT's list lacks, in the
        province its first three digits name (an inference); else nowhere."""
        if comune in self.places:
            self.relate(node, Rel.LOCATED_IN, self.places[comune], locator, note=note)
        elif comune[:3] in self.places:
            self.relate(node, Rel.LOCATED_IN, self.places[comune[:3]], locator,
                        confidence=Confidence.INFERRED.value,
                        note=(f"{note}: " if note else "") + f"comune {comune} is not in "
                             f"ISTAT's list of {istat.RELEASE}: placed in the province its "
                             "code names")

    def place(self, node: str, p: dict[str, Any], locator: Locator) -> None:
        comuni = list(dict.fromkeys(p["comuni"] or ()))
        for comune in comuni:
            self.locate_in(node, comune, locator)
        if not comuni:
            for region in p["region_codes"] or ():
                if region in self.places:
                    self.relate(node, Rel.LOCATED_IN, self.places[region], locator)

    def programme(self, folder: Path, code: str, name: str | None, cycle: str | None,
                  locator: Locator) -> str:
        node = "ocprog-" + "-".join(re.findall(r"[a-z0-9]+", code.lower()))
        if node not in self.added:
            self.entity(Entity(node, name or code, "programme"), folder)
            if cycle in CYCLE_PERIODS:
                first, last = CYCLE_PERIODS[cycle]
                note = (f"the programming cycle {cycle}, and the years to {last} in which its "
                        "spending may be certified")
                self.fact(node, "start_date", first, locator, Confidence.INFERRED.value, note)
                self.fact(node, "end_date", last, locator, Confidence.INFERRED.value, note)
        return node

    def body(self, folder: Path, b: dict[str, Any]) -> None:
        node = self.merged.get(b["body_id"], b["body_id"])
        if node in self.curated:
            return
        kind = b["kind"] if b["kind"] in ORGANISATIONS else "organisation"
        identifiers = tuple(sorted((scheme, value) for scheme, value in (
            ("cf", b["cf"]), ("ipa", b["ipa_code"]), ("istat", b["istat_code"]))
            if _valid(scheme, value)))
        self.entity(Entity(node, b["name"] or node, kind, identifiers=identifiers), folder)
        if b["seat"] and b["seat_row"]:
            locator = Locator(b["seat_document"], 0, 0, 0, row=b["seat_row"],
                              link=b["seat_link"])
            self.locate_in(node, b["seat"], locator, "the body's seat")


def _valid(scheme: str, value: str | None) -> bool:
    if not value or not re.match(IDENTIFIER_SCHEMES[scheme][0], value):
        return False
    if scheme == "istat":
        try:
            istat.by_code(value)
        except KeyError:
            return False
    return True


def add_imported(dataset: Dataset, folders: Sequence[Path], part: Slice | None = None) -> None:
    """Add the records of the imported *folders* (their :class:`Slice` *part*) to *dataset*.

    IndicePA folders give the bodies of the OpenCoesione folders their registered name,
    type and seat; an IndicePA document joins the dataset when it does.

    Raises
    ------
    DataError
        A folder that is not a complete import, or an imported id that a curated entity has.
    """
    part = part or Slice()
    manifests = {folder: _manifest(folder) for folder in folders}
    by_source = {source: [f for f, m in manifests.items() if m["source"] == source]
                 for source in _FILES}
    con = duckdb.connect(config={"memory_limit": "4GB"})
    current = None
    try:
        con.execute("SET enable_progress_bar = false")
        importer = _Importer(dataset, con)
        importer.documents.update((f.name, _document(f, manifests[f]))
                                  for f in by_source["IndicePA"])
        importer.indicepa(by_source["IndicePA"])
        for current in by_source["OpenCoesione"]:
            importer.projects(current, manifests[current], part)
        for current in by_source["OpenCoesione"]:
            importer.bodies(current)
    except duckdb.Error as exc:
        where = display_path(current) if current else "imported"
        raise DataError([Problem(where, 0, f"cannot read the imported dataset: {exc}")]
                        ) from None
    finally:
        con.close()
