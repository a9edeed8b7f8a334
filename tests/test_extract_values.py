"""Italian amounts, dates, decrees and headcounts (sentences written for the tests)."""

from __future__ import annotations

from graphkit.extract.values import find_amounts, find_dates, find_decrees, find_headcounts


def test_amounts_in_italian_format() -> None:
    values = find_amounts("Il costo complessivo è di € 12.345,67; la Regione dà 8.000 euro "
                          "e il Fondo 1,5 milioni di euro.")
    assert [v.value for v in values] == ["12345.67", "8000", "1500000.0"]
    assert values[0].property == "total_cost"
    assert values[1].property is None


def test_period_weekday_date_deadline_and_duration() -> None:
    text = ("Il corso durerà dal 3 marzo 2025 al 28 febbraio 2026, con una durata di 12 mesi. "
            "Presentazione giovedì 9 gennaio; domande entro le ore 10:30 del 2 febbraio 2025.")
    found = {(v.property, v.value) for v in find_dates(text)}
    assert ("start_date", "2025-03-03") in found
    assert ("end_date", "2026-02-28") in found
    assert ("duration", "P12M") in found
    assert ("date", "--01-09") in found
    assert ("application_deadline", "2025-02-02T10:30") in found


def test_day_and_month_take_the_year_given() -> None:
    assert [v.value for v in find_dates("lunedì 6 ottobre", year=2025)] == ["2025-10-06"]


def test_impossible_dates_are_skipped() -> None:
    assert find_dates("il 31 febbraio 2024 e il 30-02-2024") == []


def test_decrees() -> None:
    values = find_decrees("approvato con decreto dirigenziale n. 1234/2024 e con DGR n. 56")
    assert [v.value for v in values] == ["decreto dirigenziale n. 1234/2024", "DGR n. 56"]


def test_headcounts_with_approximation() -> None:
    values = find_headcounts("La rete impiega oltre 1.200 persone in 40 servizi e segue "
                             "circa 300 imprese.")
    assert [(v.property, v.value, v.approximate) for v in values] == [
        ("persons_employed", 1200, True), ("services_count", 40, False),
        ("companies_reached", 300, True)]
