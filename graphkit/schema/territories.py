"""ISTAT's regions, provinces and comuni, looked up by code or by name.

The reference ships as package data (``data/territories-istat.csv``, derived from ISTAT's
list of comuni; ``data/territories-istat.md`` says which edition and under which licences)
and is read on first use, then kept. Codes are ISTAT's: regions 2 digits, provinces and
their equivalents 3 (metropolitan cities have the current 2xx code), comuni 6.

Examples
--------
>>> [t.name for t in ancestors("018182")]
['Pavia', 'Lombardia']
>>> [t.code for t in find("Provincia di Pavia")]
['018']
>>> str(iri(region_of("018182")))
'https://w3id.org/italia/controlled-vocabulary/territorial-classifications/regions/03'
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from rdflib import URIRef

from graphkit.schema.namespaces import TERRITORIAL

Level = Literal["region", "province", "municipality"]
LEVELS: tuple[Level, ...] = ("region", "province", "municipality")
DATA_DIR = Path(__file__).resolve().parent / "data"

# Names in use that ISTAT does not write, by code (its bilingual names are split anyway).
ALIASES: dict[str, tuple[str, ...]] = {
    "04": ("Trentino",),
    "19": ("Regione Siciliana",),
    "007": ("Aosta",),
    "021": ("Alto Adige", "Südtirol"),
    "022": ("Trentino",),
    "035": ("Reggio Emilia",),
    "035033": ("Reggio Emilia",),
    "041": ("Pesaro-Urbino",),
    "108": ("Monza e Brianza", "Monza Brianza"),
    "258": ("Roma Capitale",),
    "058091": ("Roma Capitale",),
    "280": ("Reggio di Calabria",),
    "080063": ("Reggio Calabria",),
}

# How an institution's name opens ("Comune di", "Città metropolitana di", ...), on folded text.
_INSTITUTION = re.compile(
    r"(?P<head>regione(?: autonoma)?|provincia(?: autonoma)?|citta metropolitana"
    r"|libero consorzio(?: comunale| di comuni)?|ente di decentramento regionale|comune|citta)"
    r"(?: (?P<prep>di|del|della|dell|dello|dei|degli))? (?P<rest>.+)")
# The article an articulated preposition swallows: "Provincia dell'Aquila" is L'Aquila's.
_ARTICLE = {"del": "il", "della": "la", "dell": "l", "dello": "lo", "dei": "i", "degli": "gli"}


@dataclass(frozen=True, slots=True)
class Territory:
    """One region, province (or equivalent unit) or comune.

    Attributes
    ----------
    code : str
        ISTAT code.
    level : {"region", "province", "municipality"}
        Which of the three.
    name : str
        ISTAT's name, in both languages where it gives two (``"Bolzano/Bozen"``).
    parent : str or None
        Code of the enclosing province (comuni) or region (provinces); None for regions.
    sigla : str or None
        Provinces: the *sigla automobilistica* (``"PV"``).
    cadastral_code : str or None
        Comuni: the *codice catastale* (``"M109"``).
    kind : str or None
        Provinces: ISTAT's type (``"provincia"``, ``"città metropolitana"``,
        ``"provincia autonoma"``, ``"libero consorzio di comuni"``,
        ``"unità non amministrativa"``).
    historic_code : str or None
        Metropolitan cities: ISTAT's historic province code (Roma 258 was 058), which
        their comuni's codes begin with; None where it equals ``code``.
    other_name : str or None
        Comuni: the name in the other language, where ISTAT gives one.

    Examples
    --------
    >>> by_code("021008").names
    ('Bolzano/Bozen', 'Bolzano', 'Bozen')
    """

    code: str
    level: Level
    name: str
    parent: str | None = None
    sigla: str | None = None
    cadastral_code: str | None = None
    kind: str | None = None
    historic_code: str | None = None
    other_name: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then each language's part of it where it has two.

        Examples
        --------
        >>> by_code("032005").names
        ('Sgonico-Zgonik', 'Sgonico', 'Zgonik')
        >>> by_code("018").names
        ('Pavia',)
        """
        if self.other_name:
            return self.name, self.name[:-len(self.other_name) - 1], self.other_name
        parts = tuple(self.name.split("/"))
        return (self.name, *parts) if len(parts) > 1 else parts


class Reference:
    """Every territory by code, with the indexes the lookups use.

    Parameters
    ----------
    territories
        The territories; each parent must be among them.

    Examples
    --------
    >>> len(reference())
    8023
    """

    def __init__(self, territories: Iterable[Territory]) -> None:
        self.territories: dict[str, Territory] = {t.code: t for t in territories}
        names: defaultdict[str, dict[str, None]] = defaultdict(dict)
        children: defaultdict[str, list[str]] = defaultdict(list)
        for t in self.territories.values():
            for form in (*t.names, *ALIASES.get(t.code, ())):
                names[fold(form)][t.code] = None
            if t.parent:
                children[t.parent].append(t.code)
        #: folded name -> codes of the territories that bear it
        self.names = {key: tuple(codes) for key, codes in names.items()}
        #: code -> codes of the territories directly inside it
        self.children = {code: tuple(inside) for code, inside in children.items()}
        #: sigla automobilistica -> province code
        self.sigle = {t.sigla: t.code for t in self.territories.values() if t.sigla}
        #: historic province code -> current code (metropolitan cities)
        self.historic = {t.historic_code: t.code for t in self.territories.values()
                         if t.historic_code}

    def __len__(self) -> int:
        return len(self.territories)

    def __iter__(self) -> Iterator[Territory]:
        return iter(self.territories.values())


def fold(text: str) -> str:
    """Fold case, accents, apostrophes, punctuation and spacing, for comparing names.

    Examples
    --------
    >>> fold("Reggio nell\\u2019Emilia"), fold("  FORLÌ-Cesena "), fold("Südtirol")
    ('reggio nell emilia', 'forli cesena', 'sudtirol')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@cache
def metadata() -> dict[str, str]:
    """The front matter of ``territories-istat.md``: release, licence, source, counts.

    Examples
    --------
    >>> metadata()["municipalities"]
    '7896'
    """
    text = (DATA_DIR / "territories-istat.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in front.splitlines())


def __getattr__(name: str) -> str:
    """``RELEASE`` (ISTAT edition, YYYY-MM) and ``LICENCE`` (SPDX), read from the metadata.

    Examples
    --------
    >>> from graphkit.schema.territories import LICENCE, RELEASE
    >>> RELEASE, LICENCE
    ('2024-12', 'CC-BY-3.0-IT AND MIT')
    """
    if name in ("RELEASE", "LICENCE"):
        return metadata()[name.lower()]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def reference() -> Reference:
    """The reference, read from the package data on first call and kept.

    Examples
    --------
    >>> sorted({t.level for t in reference()})
    ['municipality', 'province', 'region']
    """
    with (DATA_DIR / "territories-istat.csv").open(encoding="utf-8", newline="") as handle:
        return Reference(Territory(**{key: value or None for key, value in row.items()})
                         for row in csv.DictReader(handle))


def by_code(code: str) -> Territory:
    """The territory with an ISTAT code; a metropolitan city's historic code works too.

    Raises
    ------
    KeyError
        When no territory has that code.

    Examples
    --------
    >>> by_code("018182").name, by_code("258").kind, by_code("058").code
    ('Voghera', 'città metropolitana', '258')
    """
    ref = reference()
    found = ref.territories.get(code) or ref.territories.get(ref.historic.get(code, ""))
    if found is None:
        raise KeyError(f"no ISTAT territory has code {code!r}")
    return found


def _territory(territory: Territory | str) -> Territory:
    """The territory itself, or the one a code names."""
    return by_code(territory) if isinstance(territory, str) else territory


def _ranked(codes: Iterable[str], level: Level | None) -> tuple[Territory, ...]:
    """The territories of ``codes`` at ``level`` (any if None), regions first, then by code."""
    found = {by_code(code) for code in codes}
    return tuple(sorted((t for t in found if level in (None, t.level)),
                        key=lambda t: (LEVELS.index(t.level), t.code)))


def find(name: str, level: Level | None = None) -> tuple[Territory, ...]:
    """The territories a name may mean, as press releases write it.

    Case, accents, apostrophes and punctuation do not matter (:func:`fold`), nor does either
    half of a bilingual name (``"Bozen"``). A leading "Comune di", "Città di", "Provincia
    (autonoma) di", "Città metropolitana di", "Libero consorzio comunale di", "Ente di
    decentramento regionale di" or "Regione (autonoma)" is read as a level. Common short forms
    work too ("Reggio Emilia", "Trentino", "Regione Siciliana", "Roma Capitale"). A sigla
    (``"MI"``) is read only when ``level="province"``.

    Parameters
    ----------
    name
        The name as written.
    level
        Keep only territories at this level.

    Returns
    -------
    tuple of Territory
        Empty when nothing has that name; one territory when it is unambiguous; otherwise
        every candidate (regions first, then provinces, then comuni, each by code), for the
        caller to choose: "Lucca" is a province and a comune, "Castro" two comuni.

    Raises
    ------
    ValueError
        When ``level`` is not one of ``LEVELS``.

    Examples
    --------
    >>> [(t.code, t.level) for t in find("Lucca")]
    [('046', 'province'), ('046017', 'municipality')]
    >>> [t.code for t in find("Lucca", level="municipality")]
    ['046017']
    >>> [t.code for t in find("Città metropolitana di Roma Capitale")]
    ['258']
    >>> [t.name for t in find("emilia romagna")], [t.name for t in find("MI", "province")]
    (['Emilia-Romagna'], ['Milano'])
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    ref = reference()
    key = fold(name)
    found = _ranked(ref.names.get(key, ()), level)
    institution = _INSTITUTION.fullmatch(key)
    if not found and institution:
        head, prep, rest = institution.group("head", "prep", "rest")
        implied: Level = ("region" if head.startswith("regione") else
                          "municipality" if head in ("comune", "citta") else "province")
        keys = [rest, f"{_ARTICLE[prep]} {rest}"] if prep in _ARTICLE else [rest]
        if level in (None, implied):
            found = _ranked((code for k in keys for code in ref.names.get(k, ())), implied)
    if not found and level == "province" and name.strip().upper() in ref.sigle:
        found = (ref.territories[ref.sigle[name.strip().upper()]],)
    return found


def ancestors(territory: Territory | str) -> tuple[Territory, ...]:
    """The territories enclosing one, nearest first (a comune's province, then region).

    Examples
    --------
    >>> [t.name for t in ancestors("045003")]
    ['Massa-Carrara', 'Toscana']
    >>> ancestors("03")
    ()
    """
    chain = []
    current = _territory(territory)
    while current.parent:
        current = by_code(current.parent)
        chain.append(current)
    return tuple(chain)


def children(territory: Territory | str) -> tuple[Territory, ...]:
    """The territories directly inside one, by code (a region's provinces, a province's comuni).

    Examples
    --------
    >>> [t.name for t in children("02")]
    ["Valle d'Aosta/Vallée d'Aoste"]
    >>> len(children("018")), children("018182")
    (185, ())
    """
    code = _territory(territory).code
    return tuple(by_code(inside) for inside in reference().children.get(code, ()))


def region_of(territory: Territory | str) -> Territory:
    """The region a territory lies in (a region is its own).

    Examples
    --------
    >>> region_of("258").name, region_of("09").name
    ('Lazio', 'Toscana')
    """
    found = _territory(territory)
    return found if found.level == "region" else ancestors(found)[-1]


def iri(territory: Territory | str) -> URIRef | None:
    """The territory's IRI in OntoPiA's controlled vocabularies, where one can be made.

    Regions are ``TERRITORIAL["regions/{code}"]`` and provinces (metropolitan cities, free
    consortia and the rest included) ``TERRITORIAL["provinces/{historic code}"]``, as in the
    published ``regions.ttl`` and ``provinces.ttl``. Comuni get None: their IRIs
    (``cities/025001-(1866-11-19)``) end in the date the comune was established, which ISTAT's
    list of current comuni does not carry.

    Examples
    --------
    >>> str(iri("258"))
    'https://w3id.org/italia/controlled-vocabulary/territorial-classifications/provinces/058'
    >>> iri("018182") is None
    True
    """
    found = _territory(territory)
    if found.level == "region":
        return TERRITORIAL[f"regions/{found.code}"]
    if found.level == "province":
        return TERRITORIAL[f"provinces/{found.historic_code or found.code}"]
    return None
