"""Italian amounts, dates, periods, deadlines, decree numbers and headcounts.

Every finder returns :class:`Value` records with character spans into the text
it was given, and the property of :data:`graphkit.schema.vocabulary.PROPERTIES` it most
likely states (``None`` when the text does not say).

Examples
--------
>>> [v.value for v in find_amounts("costo di € 105.440,29 e 50.000 euro")]
['105440.29', '50000']
>>> [(v.property, v.value) for v in find_dates("dal 1 settembre 2022 al 31 agosto 2023")]
[('start_date', '2022-09-01'), ('end_date', '2023-08-31')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from graphkit.schema.vocabulary import PROPERTIES

MONTHS = {
    name: number for number, name in enumerate(
        [
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre",
        ], start=1)
}
_MONTH = "(?P<{}>" + "|".join(MONTHS) + ")"
_WEEKDAY = r"(?:(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)\s+)?"
_DAY_MONTH = r"(?P<{d}>\d{{1,2}})(?:°|º)?\s+" + _MONTH + r"(?:\s+(?P<{y}>\d{{4}}))?"
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"

_AMOUNT = re.compile(
    rf"(?:€|euro|eur)\s*(?P<a>{_NUMBER})(?:\s*(?P<m>milion[ei]|mila))?"
    rf"|(?P<b>{_NUMBER})(?:\s*(?P<n>milion[ei]|mila))?\s*(?:di\s+)?(?:€|euro\b)",
    re.I,
)
_RANGE = re.compile(
    r"\bdal(?:l')?\s+" + _DAY_MONTH.format("m1", d="d1", y="y1")
    + r"\s+al(?:l')?\s+" + _DAY_MONTH.format("m2", d="d2", y="y2"), re.I)
_SINGLE = re.compile(r"\b" + _WEEKDAY + _DAY_MONTH.format("m", d="d", y="y") + r"\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})\b")
_DEADLINE = re.compile(
    r"\bentro\s+(?:le\s+ore\s+(?P<h>\d{1,2})[:.](?P<min>\d{2})\s+del\s+)?"
    + _DAY_MONTH.format("m", d="d", y="y"), re.I)
_DURATION = re.compile(r"\bdurata\s+(?:di\s+)?(?P<n>\d+)\s+(?P<u>mesi|anni|settimane|giorni)\b",
                       re.I)
_UNITS = {"mesi": "M", "anni": "Y", "settimane": "W", "giorni": "D"}
_DECREE = re.compile(
    r"\b(?P<kind>decreto(?:\s+(?:dirigenziale|direttoriale|ministeriale|regionale))?|"
    r"d\.\s?d\.|d\.\s?g\.\s?r\.|dgr|delibera(?:zione)?(?:\s+di\s+giunta(?:\s+regionale)?)?|"
    r"determina(?:zione)?(?:\s+dirigenziale)?)\s+(?:n\.?|nr\.?|numero)\s*"
    r"(?P<num>\d+(?:/\d{2,4})?)", re.I)
_HEADCOUNT = re.compile(
    r"\b(?P<approx>oltre|circa|più\s+di|quasi|almeno)?\s*(?P<n>\d{1,3}(?:\.\d{3})+|\d+)\s+"
    r"(?P<what>persone|lavorator[ie]|dipendenti|occupati|addetti|soci|servizi|progetti|"
    r"cittadini|utenti|imprese|aziende|partner)\b", re.I)
_HEADCOUNT_PROPERTY = {
    "persone": "persons_employed", "lavoratori": "persons_employed",
    "lavoratrici": "persons_employed", "dipendenti": "persons_employed",
    "occupati": "persons_employed", "addetti": "persons_employed", "servizi": "services_count",
    "progetti": "projects_count", "cittadini": "citizens_reached", "utenti": "citizens_reached",
    "imprese": "companies_reached", "aziende": "companies_reached",
}
_COST_CUE = re.compile(r"\b(costo|costa|valore|importo|budget)\b", re.I)


@dataclass(frozen=True)
class Value:
    """A value found in text.

    Attributes
    ----------
    kind : str
        ``money``, ``date``, ``datetime``, ``duration``, ``decree`` or ``count``.
    value : str or int
        Normalised value: a decimal string, an ISO date, ``P12M``, a decree number, a count.
    start, end : int
        Character span of the words that state it.
    property : str or None
        The property of the model it most likely states.
    approximate : bool
        For counts introduced by "oltre", "circa"…
    """

    kind: str
    value: str | int
    start: int
    end: int
    property: str | None = None
    approximate: bool = False


def parse_amount(text: str) -> Decimal:
    """An Italian-formatted number as a :class:`~decimal.Decimal`.

    Examples
    --------
    >>> parse_amount("105.440,29")
    Decimal('105440.29')
    """
    return Decimal(text.replace(".", "").replace(",", "."))


def _known(name: str) -> str:
    return PROPERTIES[name].name


def find_amounts(text: str) -> list[Value]:
    """Amounts of money (``€ 1.234,56``, ``50.000 euro``, ``1,2 milioni di euro``).

    An amount preceded by "costo (complessivo)" or "valore" states ``total_cost``.
    """
    values = []
    for match in _AMOUNT.finditer(text):
        amount = parse_amount(match["a"] or match["b"])
        scale = (match["m"] or match["n"] or "").lower()
        amount *= 1_000_000 if scale.startswith("milion") else 1000 if scale == "mila" else 1
        before = text[max(0, match.start() - 40):match.start()]
        prop = _known("total_cost") if _COST_CUE.search(before) else None
        values.append(Value("money", str(amount), match.start(), match.end(), prop))
    return values


def _iso(day: str, month: str, year: str | None, default_year: int | None) -> str | None:
    month_number = MONTHS[month.lower()]
    year_number = int(year) if year else default_year
    try:
        if year_number is None:
            date(2000, month_number, int(day))
            return f"--{month_number:02d}-{int(day):02d}"
        return date(year_number, month_number, int(day)).isoformat()
    except ValueError:
        return None


def find_dates(text: str, year: int | None = None) -> list[Value]:
    """Dates and periods: "dal 1 marzo 2022 al 28 febbraio 2023", "venerdì 6 maggio", "4-12-2024".

    A day and month without a year take *year* when given, else become ``--MM-DD``.
    Deadlines ("entro le ore 12:00 del 15 giugno 2022") and durations ("durata di 12
    mesi") are returned too.

    Examples
    --------
    >>> [v.value for v in find_dates("venerdì 6 dicembre, entro il 4-12-2024")]
    ['--12-06', '2024-12-04']
    """
    values: list[Value] = []
    taken: list[tuple[int, int]] = []

    def add(value: Value) -> None:
        if not any(s < value.end and value.start < e for s, e in taken):
            values.append(value)
            taken.append((value.start, value.end))

    for match in _RANGE.finditer(text):
        end_year = match["y2"] or (str(year) if year else None)
        start = _iso(match["d1"], match["m1"], match["y1"] or end_year, year)
        end = _iso(match["d2"], match["m2"], end_year, year)
        if start and end:
            add(Value("date", start, match.start(), match.end(), _known("start_date")))
            values.append(Value("date", end, match.start(), match.end(), _known("end_date")))
    for match in _DEADLINE.finditer(text):
        day = _iso(match["d"], match["m"], match["y"], year)
        if day and match["h"] and not day.startswith("--"):
            add(Value("datetime", f"{day}T{int(match['h']):02d}:{match['min']}", match.start(),
                      match.end(), _known("application_deadline")))
    for match in _SINGLE.finditer(text):
        day = _iso(match["d"], match["m"], match["y"], year)
        if day:
            add(Value("date", day, match.start(), match.end(), _known("date")))
    for match in _NUMERIC_DATE.finditer(text):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
        except ValueError:
            continue
        add(Value("date", day, match.start(), match.end(), _known("date")))
    for match in _DURATION.finditer(text):
        add(Value("duration", f"P{match['n']}{_UNITS[match['u'].lower()]}", match.start(),
                  match.end(), _known("duration")))
    return sorted(values, key=lambda v: v.start)


def find_decrees(text: str) -> list[Value]:
    """Decree and resolution numbers ("decreto dirigenziale n. 22728/2023").

    Examples
    --------
    >>> [v.value for v in find_decrees("approvato con D.D. n. 123/2021")]
    ['D.D. n. 123/2021']
    """
    return [Value("decree", f"{m['kind']} n. {m['num']}", m.start(), m.end(),
                  _known("approval_decree")) for m in _DECREE.finditer(text)]


def find_headcounts(text: str) -> list[Value]:
    """Counts of people, services, projects, citizens and companies ("oltre 250 persone").

    Examples
    --------
    >>> [(v.property, v.value, v.approximate) for v in find_headcounts("circa 900 imprese")]
    [('companies_reached', 900, True)]
    """
    values = []
    for match in _HEADCOUNT.finditer(text):
        prop = _HEADCOUNT_PROPERTY.get(match["what"].lower())
        if prop is None:
            continue
        values.append(Value("count", int(match["n"].replace(".", "")), match.start("n")
                            if not match["approx"] else match.start("approx"), match.end(),
                            _known(prop), approximate=bool(match["approx"])))
    return values
