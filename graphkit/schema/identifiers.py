"""Italian identifiers: codice fiscale, IndicePA codes, ISTAT comune and region codes.

A *codice fiscale* (CF) is either 11 digits (a body: company, association, public
administration; for companies the same number is the partita IVA) with a check digit
computed like Luhn's, or 16 characters (a natural person: surname, name, birth date and
place, then a check letter). Published registers also carry placeholders such as
``*CODICE FISCALE*``, ``00000000000`` or ``N.D.``: they identify nobody and are never
used to merge anything.

The same rules exist in SQL (:data:`SQL_MACROS`) so that millions of rows are classified
inside DuckDB; the tests check that both agree.

Examples
--------
>>> cf_kind("01234567897"), cf_kind("RSSMRA80A01H501U"), cf_kind("*CODICE FISCALE*")
('body', 'person', 'placeholder')
>>> body_check_digit("0123456789")
'7'
>>> istat_comune("58091"), region_of_comune("058091")
('058091', '12')
"""

from __future__ import annotations

import re
from typing import Literal

from graphkit.schema import territories

__all__ = [
    "SQL_MACROS",
    "CfKind",
    "body_check_digit",
    "cf_kind",
    "ipa_code",
    "is_placeholder",
    "istat_comune",
    "normalise_cf",
    "person_check_char",
    "region_code",
    "region_of_comune",
    "sql_body_cf",
    "valid_body_cf",
    "valid_person_cf",
]

CfKind = Literal["body", "person", "placeholder", "invalid", "missing"]

_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] * 2
                + [2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23], strict=True))
_EVEN = {c: (int(c) if c.isdigit() else ord(c) - ord("A"))
         for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_OMO = "[0-9LMNPQRSTUV]"
_PERSON_RE = re.compile(f"[A-Z]{{6}}{_OMO}{{2}}[ABCDEHLMPRST]{_OMO}{{2}}[A-Z]{_OMO}{{3}}[A-Z]")
_PLACEHOLDER_WORDS = ("CODICE FISCALE", "NON DISPONIBILE", "NON PRESENTE", "DA DEFINIRE")
_PLACEHOLDER_TOKENS = frozenset({"ND", "N.D.", "N/D", "NA", "N.A.", "NULL", "NONE", "-", "?"})


def normalise_cf(value: object) -> str | None:
    """Upper-case, without spaces, without an ``IT`` VAT prefix; ``None`` when empty.

    >>> normalise_cf(" it 01234567897 "), normalise_cf("  ")
    ('01234567897', None)
    """
    if value is None:
        return None
    text = re.sub(r"[\t\n\f\r ]+", "", str(value)).upper()  # RE2's \s, as the SQL copy reads it
    if re.fullmatch(r"IT[0-9]{11}", text):
        text = text[2:]
    return text or None


def is_placeholder(value: object) -> bool:
    """Whether a (normalised or raw) tax code is a stand-in that identifies nobody.

    >>> [is_placeholder(v) for v in ("*CODICE FISCALE*", "00000000000", "N.D.", "01234567897")]
    [True, True, True, False]
    """
    text = normalise_cf(value)
    if text is None:
        return False
    spaced = str(value).upper()
    return ("*" in text or text in _PLACEHOLDER_TOKENS or len(set(text)) == 1
            or any(word in spaced for word in _PLACEHOLDER_WORDS))


def body_check_digit(first_ten: str) -> str:
    """The 11th digit of a body's codice fiscale (or partita IVA) from its first ten.

    >>> body_check_digit("0123456789")
    '7'
    """
    total = 0
    for i, char in enumerate(first_ten):
        digit = int(char)
        if i % 2:
            digit = digit * 2 - 9 if digit >= 5 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def person_check_char(first_fifteen: str) -> str:
    """The 16th character of a natural person's codice fiscale from the first fifteen.

    >>> person_check_char("RSSMRA80A01H501")
    'U'
    """
    total = sum(_ODD[c] if i % 2 == 0 else _EVEN[c] for i, c in enumerate(first_fifteen))
    return chr(ord("A") + total % 26)


def valid_body_cf(cf: str) -> bool:
    """Eleven digits whose last is the check digit, and not a placeholder.

    >>> valid_body_cf("01234567897"), valid_body_cf("01234567898")
    (True, False)
    """
    return (len(cf) == 11 and cf.isascii() and cf.isdigit() and not is_placeholder(cf)
            and body_check_digit(cf[:10]) == cf[10])


def valid_person_cf(cf: str) -> bool:
    """Sixteen characters in the official pattern (omocodia allowed) with the right check letter.

    >>> valid_person_cf("RSSMRA80A01H501U"), valid_person_cf("RSSMRA80A01H501A")
    (True, False)
    """
    return bool(_PERSON_RE.fullmatch(cf)) and person_check_char(cf[:15]) == cf[15]


def cf_kind(value: object) -> CfKind:
    """Classify a raw tax code.

    ``person`` is any 16-character alphanumeric code, valid or not: what looks like a
    person's code is treated as one, so that it is never written out.

    >>> [cf_kind(v) for v in (None, "01234567898", "RSSMRA80A01H501A", "N.D.")]
    ['missing', 'invalid', 'person', 'placeholder']
    """
    cf = normalise_cf(value)
    if cf is None:
        return "missing"
    if is_placeholder(value):
        return "placeholder"
    if len(cf) == 16 and cf.isascii() and cf.isalnum():
        return "person"
    return "body" if valid_body_cf(cf) else "invalid"


def ipa_code(value: object) -> str | None:
    """An IndicePA code, lower-cased, or ``None`` when empty or malformed.

    A comune's code is ``c_`` followed by its codice catastale (``c_h501`` is Rome).

    >>> ipa_code(" C_H501 "), ipa_code("*"), ipa_code("")
    ('c_h501', None, None)
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    return text if re.fullmatch(r"[a-z0-9][a-z0-9_.-]{1,39}", text) else None


def istat_comune(value: object) -> str | None:
    """A comune's six-digit ISTAT code (province + comune), or ``None``.

    Accepts an integer or a string that lost its leading zeros, and OpenCoesione's
    nine-digit form (three-digit region, then the six-digit code).

    >>> istat_comune(1272), istat_comune("012058091"), istat_comune("x")
    ('001272', '058091', None)
    """
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or len(text) > 9 or len(text) in (7, 8):
        return None
    code = text[-6:].zfill(6)
    return code if code[:3] != "000" else None


# ISTAT province code ranges -> region, historic codes included (provinces created after
# 1992 have codes 093 and up; Sardinia's of 2005-2016, 104-107, and 2025, 112-118, are not
# in the reference's edition but occur in comuni codes of older and newer files).
_PROVINCE_RANGES: tuple[tuple[int, int, str], ...] = (
    (1, 6, "01"), (7, 7, "02"), (8, 11, "07"), (12, 20, "03"), (21, 22, "04"), (23, 29, "05"),
    (30, 32, "06"), (33, 40, "08"), (41, 44, "11"), (45, 53, "09"), (54, 55, "10"),
    (56, 60, "12"), (61, 65, "15"), (66, 69, "13"), (70, 70, "14"), (71, 75, "16"),
    (76, 77, "17"), (78, 80, "18"), (81, 89, "19"), (90, 92, "20"), (93, 93, "06"),
    (94, 94, "14"), (95, 95, "20"), (96, 96, "01"), (97, 98, "03"), (99, 99, "08"),
    (100, 100, "09"), (101, 102, "18"), (103, 103, "01"), (104, 107, "20"), (108, 108, "03"),
    (109, 109, "11"), (110, 110, "16"), (111, 118, "20"),
)


def region_code(value: object) -> str | None:
    """A region's two-digit ISTAT code from a code or a name; ``None`` when unknown.

    Names are read as views read them (:func:`graphkit.schema.territories.find`): case,
    accents, hyphens and apostrophes aside, either half of a bilingual name, a leading
    "Regione".

    >>> region_code(9), region_code("toscana"), region_code("Atlantide")
    ('09', '09', None)
    >>> region_code("Emilia Romagna"), region_code("Regione Friuli Venezia Giulia")
    ('08', '06')
    """
    text = str(value).strip()
    if text.isdigit():
        code = text.zfill(2)[-2:]
        known = territories.reference().territories.get(code)
        return code if known is not None and known.level == "region" else None
    found = territories.find(text, "region")
    return found[0].code if len(found) == 1 else None


def region_of_comune(value: object) -> str | None:
    """The region of a comune, from the province part of its ISTAT code.

    >>> region_of_comune("048017"), region_of_comune("999001")
    ('09', None)
    """
    code = istat_comune(value)
    if code is None:
        return None
    province = int(code[:3])
    return next((region for low, high, region in _PROVINCE_RANGES
                 if low <= province <= high), None)


def _sql_province_case(arg: str) -> str:
    whens = " ".join(f"WHEN {arg} BETWEEN {low} AND {high} THEN '{region}'"
                     for low, high, region in _PROVINCE_RANGES)
    return f"CASE {whens} END"


def _sql_body_sum(arg: str) -> str:
    terms = []
    for i in range(10):
        digit = f"CAST(substr({arg}, {i + 1}, 1) AS INTEGER)"
        terms.append(f"(CASE WHEN {digit} >= 5 THEN {digit} * 2 - 9 ELSE {digit} * 2 END)"
                     if i % 2 else digit)
    return " + ".join(terms)


def sql_body_cf(first_ten: str) -> str:
    """A SQL expression completing the 10-digit SQL string *first_ten* with its check digit."""
    return (f"({first_ten} || CAST((10 - ({_sql_body_sum(first_ten)}) % 10) % 10 "
            "AS VARCHAR))")


_WORDS_SQL = " OR ".join(f"contains(upper(raw), '{w}')" for w in _PLACEHOLDER_WORDS)
_TOKENS_SQL = ", ".join(f"'{t}'" for t in sorted(_PLACEHOLDER_TOKENS))

#: DuckDB macros mirroring the Python functions above (same names, ``gk_`` prefix).
SQL_MACROS: tuple[str, ...] = (
    "CREATE OR REPLACE MACRO gk_norm_cf(raw) AS nullif(CASE "
    "WHEN regexp_full_match(upper(regexp_replace(CAST(raw AS VARCHAR), '\\s+', '', 'g')),"
    " 'IT[0-9]{11}') THEN substr(upper(regexp_replace(CAST(raw AS VARCHAR), '\\s+', '', 'g')), 3)"
    " ELSE upper(regexp_replace(CAST(raw AS VARCHAR), '\\s+', '', 'g')) END, '')",
    "CREATE OR REPLACE MACRO gk_placeholder(raw) AS gk_norm_cf(raw) IS NOT NULL AND ("
    f"contains(gk_norm_cf(raw), '*') OR gk_norm_cf(raw) IN ({_TOKENS_SQL})"
    " OR length(replace(gk_norm_cf(raw), substr(gk_norm_cf(raw), 1, 1), '')) = 0"
    f" OR {_WORDS_SQL})",
    "CREATE OR REPLACE MACRO gk_body_ok(cf) AS regexp_full_match(cf, '[0-9]{11}') AND "
    f"CAST((10 - ({_sql_body_sum('cf')}) % 10) % 10 AS VARCHAR) = substr(cf, 11, 1)",
    "CREATE OR REPLACE MACRO gk_cf_kind(raw) AS CASE "
    "WHEN gk_norm_cf(raw) IS NULL THEN 'missing' "
    "WHEN gk_placeholder(raw) THEN 'placeholder' "
    "WHEN regexp_full_match(gk_norm_cf(raw), '[A-Z0-9]{16}') THEN 'person' "
    "WHEN gk_body_ok(gk_norm_cf(raw)) THEN 'body' ELSE 'invalid' END",
    "CREATE OR REPLACE MACRO gk_ipa(raw) AS CASE WHEN regexp_full_match("
    "lower(trim(CAST(raw AS VARCHAR))), '[a-z0-9][a-z0-9_.-]{1,39}') "
    "THEN lower(trim(CAST(raw AS VARCHAR))) END",
    "CREATE OR REPLACE MACRO gk_istat_text(t) AS CASE WHEN "
    "regexp_full_match(t, '[0-9]{1,6}|[0-9]{9}') AND substr(lpad(right(t, 6), 6, '0'), 1, 3)"
    " <> '000' THEN lpad(right(t, 6), 6, '0') END",
    "CREATE OR REPLACE MACRO gk_istat(raw) AS "
    "gk_istat_text(regexp_replace(trim(CAST(raw AS VARCHAR)), '\\.0$', ''))",
    "CREATE OR REPLACE MACRO gk_region_of_comune(raw) AS "
    + _sql_province_case("CAST(substr(gk_istat(raw), 1, 3) AS INTEGER)"),
)
