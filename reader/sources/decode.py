"""Bytes to text: strict UTF-8 first, BOMs, then charset-normalizer; binary files refused.

Arabic sites and old archives still produce Windows-1256 and ISO-8859-6 files. The two Arabic
code pages are tried first when nearly all the non-ASCII bytes decode to Arabic letters under one
of them (cheap, and right on short files where charset-normalizer has too little to go on);
everything else goes to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from reader.i18n import N_
from reader.model import ArticleError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_PAGES = ("cp1256", "iso8859_6")
_ARABIC_PUNCTUATION = re.compile(
    "[\u00a0\u00ab\u00bb\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u2026]"
)
_MIXED_WORD = re.compile("[A-Za-z][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z]")
_CODEC_NAMES = {"iso8859_6": "iso-8859-6", "utf_16": "utf-16", "utf_8": "utf-8"}


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"binary file ({what}), not an article")


def _nul_free_utf16(data: bytes) -> Decoded | None:
    """BOM-less UTF-16: NULs on one byte parity only, and clean text after decoding."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if other == 0 and nuls * 10 >= len(data) // 2:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if not _BAD_CONTROLS.search(text):
                return Decoded(text, encoding, ("no byte-order mark; read as " + encoding,))
    return None


def _check_text(text: str, encoding: str) -> None:
    controls = len(_BAD_CONTROLS.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise ArticleError(
            f"binary file ({controls} control characters as {encoding}), not an article"
        )


def _arabic_page(data: bytes) -> tuple[str, str] | None:
    """The Arabic code page whose decoding is mostly Arabic letters, if one is.

    Short files give charset-normalizer too little to go on (a two-word Windows-1256 title comes
    out as Big5); but when nearly every non-ASCII character decodes to an Arabic letter under one
    of the two Arabic code pages, that page is the answer. Windows-1256 wins ties.
    """
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    if not non_ascii:
        return None
    best: tuple[int, str, str] | None = None
    for page in _ARABIC_PAGES:
        try:
            text = data.decode(page)
        except UnicodeDecodeError:
            continue
        arabic = len(_ARABIC.findall(text))
        good = arabic + len(_ARABIC_PUNCTUATION.findall(text))
        # Latin accents read as Arabic letters land inside Latin words ("Cafى"): implausible.
        mixed = len(_MIXED_WORD.findall(text))
        plausible = good * 10 >= non_ascii * 9 and mixed * 50 <= arabic
        if arabic and plausible and (best is None or arabic > best[0]):
            best = (arabic, page, text)
    return None if best is None else (best[1], best[2])


def _fallback(data: bytes) -> Decoded:
    arabic = _arabic_page(data)
    if arabic is not None:
        encoding, text = arabic
    else:
        from charset_normalizer import from_bytes  # ~40 ms import: only for files that need it

        best = from_bytes(data).best()
        if best is None:
            raise ArticleError(N_("not UTF-8 and no known text encoding fits: not an article"))
        encoding, text = str(best.encoding), str(best)
    encoding = _CODEC_NAMES.get(encoding, encoding.replace("_", "-"))
    _check_text(text, encoding)
    return Decoded(text, encoding)  # the encoding is metadata, not a problem worth a warning


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes. Raises ArticleError for empty and binary files."""
    if not data:
        raise ArticleError(N_("empty file"))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            warnings: tuple[str, ...] = ()
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError:
                text = body.decode(encoding, errors="replace")
                warnings = (f"invalid {encoding} sequences replaced with U+FFFD",)
            _check_text(text, encoding)
            return Decoded(text, encoding + ("-sig" if encoding == "utf-8" else ""), warnings)
    _refuse_binary(data)
    if b"\x00" in data:
        utf16 = _nul_free_utf16(data)
        if utf16 is not None:
            return utf16
        raise ArticleError(f"binary file (NUL byte at offset {data.index(0)}), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            text = data[: error.start].decode("utf-8", errors="replace") + "\ufffd"
            _check_text(text, "utf-8")
            return Decoded(text, "utf-8", ("truncated UTF-8 character at the end of the file",))
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
        if bad * 20 < non_ascii:
            _check_text(text, "utf-8")
            return Decoded(
                text, "utf-8", (f"{bad} invalid UTF-8 sequence(s) replaced with U+FFFD",)
            )
        return _fallback(data)
    _check_text(text, "utf-8")
    return Decoded(text, "utf-8")
