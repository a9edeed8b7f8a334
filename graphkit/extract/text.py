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

import os
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


#: Byte order marks, longest first: UTF-32's LE mark begins with UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
#: Characters a YAML reader refuses or reads as a line break (C0 but tab and newline, DEL,
#: C1, the Unicode line and paragraph separators, a byte order mark inside the text,
#: non-characters): replaced by a space so that no draft can carry them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _wide(data: bytes) -> str | None:
    """The UTF-32 or UTF-16 encoding whose zero bytes fall where *data* has them, if any.

    Text in those encodings without a byte order mark is mostly ASCII letters, each with
    two or three zero bytes in fixed places of its code unit.
    """
    head = data[:4096]
    for width, names in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        if len(head) < width or len(data) % width:
            continue
        units = [head[i:i + width] for i in range(0, len(head) - width + 1, width)]
        for name, zeros in zip(names, (slice(1, None), slice(None, -1)), strict=True):
            if sum(not any(u[zeros]) for u in units) >= 0.6 * len(units):
                return name
    return None


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode *data*: a byte order mark's encoding, UTF-8, UTF-16/32 without a mark,
    cp1252, else a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return (data[len(bom):].decode(encoding), encoding,
                        [f"{encoding} byte order mark dropped"])
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        encoding = _wide(data)
        try:
            text = data.decode(encoding) if encoding else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            raise GraphkitError(f"{name}: looks like a binary file, not text")
        return text, encoding, [f"decoded as {encoding} (not UTF-8)"]
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

    Line ends become ``\\n``; control characters a YAML reader cannot take (form feed,
    escape, C1, the Unicode line separators…) become spaces, with a note.

    Raises
    ------
    GraphkitError
        If the bytes are binary, in no recognisable text encoding, or too many.

    Examples
    --------
    >>> decode_source("Comune\\x0cdi Borgo".encode("utf-32"), "x.txt").text
    'Comune di Borgo'
    """
    if len(data) > MAX_BYTES:
        raise GraphkitError(_too_large(source_file, len(data)))
    text, encoding, notes = _decode(data, source_file)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text, replaced = _CONTROL.subn(" ", text)
    if replaced:
        notes.append(f"{replaced} control character{'s' if replaced > 1 else ''} replaced "
                     "by spaces")
    if source_file.lower().endswith((".html", ".htm")) or _HTML_HINT.search(text[:5000]):
        text = strip_html(text)
        notes.append("HTML markup stripped")
    return Source(Path(source_file).stem, Path(source_file).name, text, encoding, notes)


def _too_large(name: str, size: int | None) -> str:
    amount = f"{size:,} bytes is" if size is not None else "it is"
    return f"{name}: {amount} more than ingest reads ({MAX_BYTES:,} bytes); split the file"


def read_source(path: Path | str) -> Source:
    """Read *path* (plain text or HTML, any common encoding) as a :class:`Source`.

    At most :data:`MAX_BYTES` are read: a larger file (or an endless one, such as a
    device) is refused before it fills the memory.

    Raises
    ------
    GraphkitError
        If the file cannot be read or decoded, or is too large.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise GraphkitError(_too_large(path.name, size))
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise GraphkitError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise GraphkitError(_too_large(path.name, None))
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
