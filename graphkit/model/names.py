"""Names compared as people read them: case, accents, quotes and punctuation folded."""

from __future__ import annotations

import re
import unicodedata


def normalise(text: str) -> str:
    """Fold case, accents, quotes, punctuation and spacing, for comparing names.

    Apostrophes and ``&`` are kept (they tell "dell'Aquila" and "Co&So" apart
    from other words); every other run of punctuation becomes one space.

    Examples
    --------
    >>> normalise("  Cgil \u2013 Lucca ") == normalise("CGIL Lucca")
    True
    >>> normalise("Forlì-Cesena")
    'forli cesena'
    >>> normalise("Università  dell\u2019Aquila")
    "universita dell'aquila"
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = re.sub(r"[’‘`´]", "'", bare).replace("&", " & ")  # noqa: RUF001
    return " ".join(re.sub(r"[^\w&']+|_", " ", bare).split())
