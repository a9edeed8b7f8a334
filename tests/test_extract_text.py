"""Reading sources: encodings, HTML, empty and foreign texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.extract.text import decode_source, italian_score, read_source, strip_html


def test_utf8_text_is_read_as_is() -> None:
    source = decode_source("Il Comune di Borgo è partner.\n".encode(), "nota.txt")
    assert source.doc_id == "nota"
    assert source.text == "Il Comune di Borgo è partner.\n"
    assert not source.rewritten


def test_cp1252_is_detected_and_noted() -> None:
    text = "La Società Cooperativa Sociale “Il Ponte” è capofila del progetto. " * 3
    source = decode_source(text.encode("cp1252"), "vecchio.txt")
    assert "Società" in source.text and "“Il Ponte”" in source.text
    assert source.rewritten
    assert any("not UTF-8" in note for note in source.notes)


def test_html_markup_is_stripped_into_paragraphs() -> None:
    page = ("<html><head><title>t</title><style>p{}</style></head><body>"
            "<h1>Nuovo patto</h1><p>Firmano la Fondazione Alfa &amp; Cgil.</p>"
            "<script>var x;</script></body></html>")
    source = decode_source(page.encode(), "pagina.html")
    assert source.text == "Nuovo patto\n\nFirmano la Fondazione Alfa & Cgil."
    assert "HTML markup stripped" in source.notes
    assert strip_html("") == ""


def test_binary_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GraphkitError, match="binary"):
        decode_source(b"\x00\x01\x02PK", "archivio.zip")
    with pytest.raises(GraphkitError, match="cannot read"):
        read_source(tmp_path / "assente.txt")


def test_italian_score() -> None:
    assert italian_score("Il progetto è promosso dal Comune con la Regione") > 0.9
    assert italian_score("The project is funded by the region and the city") < 0.1
    assert italian_score("") == 0.0
