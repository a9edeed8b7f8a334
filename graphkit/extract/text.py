"""Read a source file as text: encoding detection, HTML stripping, language check.

Examples
--------
>>> source = decode_source(b"<p>Il Comune di Lucca</p><p>ha firmato.</p>", "x.html")
>>> source.text
'Il Comune di Lucca\\n\\nha firmato.'
>>> source.notes
['HTML markup stripped']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from graphkit.errors import GraphkitError

#: Largest file ingest reads (bytes); press releases and reports are far smaller.
MAX_BYTES = 20_000_000

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "title", "dd", "dt", "pre",
})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|p|div|br|span|a|h[1-6]|table|li)\b", re.I)
_ITALIAN_WORDS = frozenset(
    [
        "il", "lo", "la", "i", "gli", "le", "di", "del", "della", "dei", "delle", "da", "dal",
        "dalla", "in", "nel", "nella", "con", "per", "tra", "fra", "che", "è", "e", "un", "una",
        "sono", "anche", "alla", "al", "alle", "ai", "agli", "sul", "sulla", "più", "come",
        "questo", "questa",
    ]
)
_FOREIGN_WORDS = frozenset(
    [
        "the", "and", "of", "to", "is", "are", "with", "for", "from", "this", "that", "der", "die",
        "das", "und", "ist", "nicht", "mit", "los", "las", "el", "y", "en", "es", "por", "une",
        "est", "les", "des", "pour", "avec", "sur",
    ]
)


@dataclass
class Source:
    """A source document read as text.

    Attributes
    ----------
    doc_id : str
        Document id: the file name without its extension.
    source_file : str
        The file name.
    text : str
        The text the spans of a draft point into.
    encoding : str
        The encoding the bytes were decoded from.
    notes : list of str
        What was done to the input (decoding guessed, markup stripped…).
    """

    doc_id: str
    source_file: str
    text: str
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)

    @property
    def rewritten(self) -> bool:
        """Whether :attr:`text` differs from the file read as UTF-8 (spans need the copy)."""
        return bool(self.notes)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, a blank line between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def strip_html(markup: str) -> str:
    """The visible text of *markup*, one paragraph per block element.

    Examples
    --------
    >>> strip_html("<div>Cna &amp; Cgil<script>x()</script></div><p>fine</p>")
    'Cna & Cgil\\n\\nfine'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = unescape("".join(parser.parts))
    blocks = (re.sub(r"[ \t]+", " ", block).strip() for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(block for block in blocks if block)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode *data*: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, else a guess."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return (data.decode("utf-8-sig" if encoding == "utf-8" else encoding),
                        encoding if encoding != "utf-8" else "utf-8",
                        [f"{encoding} byte order mark dropped"])
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        raise GraphkitError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        failure = exc
    try:  # the usual legacy encoding of Italian texts, tried before guessing
        return data.decode("cp1252"), "cp1252", ["decoded as cp1252 (not UTF-8)"]
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise GraphkitError(
            f"{name}: not UTF-8 ({failure.reason} at byte {failure.start}) and no other text "
            "encoding fits; convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)"
        )
    return str(best), best.encoding, [f"decoded as {best.encoding} (not UTF-8)"]


def decode_source(data: bytes, source_file: str) -> Source:
    """Turn the bytes of *source_file* into a :class:`Source`.

    Raises
    ------
    GraphkitError
        If the bytes are binary or in no recognisable text encoding.
    """
    if len(data) > MAX_BYTES:
        raise GraphkitError(f"{source_file}: {len(data):,} bytes is more than ingest reads "
                            f"({MAX_BYTES:,}); split the file")
    text, encoding, notes = _decode(data, source_file)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if source_file.lower().endswith((".html", ".htm")) or _HTML_HINT.search(text[:5000]):
        text = strip_html(text)
        notes.append("HTML markup stripped")
    return Source(Path(source_file).stem, Path(source_file).name, text, encoding, notes)


def read_source(path: Path | str) -> Source:
    """Read *path* (plain text or HTML, any common encoding) as a :class:`Source`.

    Raises
    ------
    GraphkitError
        If the file cannot be read or decoded.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GraphkitError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_source(data, path.name)


def italian_score(text: str) -> float:
    """Share of common function words in *text* that are Italian rather than foreign.

    Examples
    --------
    >>> italian_score("Il progetto è promosso dal Comune di Lucca con la Regione")
    1.0
    >>> italian_score("The project is funded by the Region and the city")
    0.0
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    italian = sum(word in _ITALIAN_WORDS for word in words)
    foreign = sum(word in _FOREIGN_WORDS for word in words)
    return italian / (italian + foreign) if italian + foreign else 0.0
