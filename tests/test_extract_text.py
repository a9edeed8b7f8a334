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


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be", "utf-16",
                                      "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_with_or_without_a_mark_are_read_as_such(encoding: str) -> None:
    text = "Il Comune di Forlì è capofila del progetto “Ali”.\n"
    source = decode_source(text.encode(encoding), "largo.txt")
    assert source.text == text
    assert source.encoding.startswith(encoding[:6])


def test_control_characters_become_spaces_with_a_note() -> None:
    raw = "Il Comune\x0cdi Borgo\x1b firma\x85 il patto\u2028con la\x7f Regione.\n"
    source = decode_source(raw.encode(), "sporco.txt")
    assert source.text == "Il Comune di Borgo  firma  il patto con la  Regione.\n"
    assert source.rewritten and "5 control characters replaced by spaces" in source.notes


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    import graphkit.extract.text as text_module

    monkeypatch.setattr(text_module, "MAX_BYTES", 1000)
    big = tmp_path / "grande.txt"
    big.write_bytes(b"Il Comune di Borgo. " * 100)
    with pytest.raises(GraphkitError, match="more than ingest reads"):
        read_source(big)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_after_reading_no_more_than_the_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import graphkit.extract.text as text_module

    monkeypatch.setattr(text_module, "MAX_BYTES", 1_000_000)
    with pytest.raises(GraphkitError, match="more than ingest reads"):
        read_source("/dev/zero")


def test_a_web_pages_furniture_names_nothing() -> None:
    from graphkit.extract.draft import extract
    from graphkit.extract.entities import Registry

    text = ("Welfare, firmato il protocollo tra Comune di Lecco e Cgil Lecco.\n\n"
            "Articoli correlati\nNuovo centro diurno a Merate\n\nTag: Caritas, Anffas\n"
            "© 2023 Esempio Srl")
    draft = extract(decode_source(text.encode(), "p.txt"), Registry())
    names = {e.name for e in draft.entities}
    assert not names & {"Merate", "Esempio Srl", "Caritas", "ANFFAS", "Welfare"}
    assert "Comune di Lecco" in names
