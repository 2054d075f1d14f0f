"""Bytes to text: UTF-8, BOMs, the Arabic code pages, truncation and binary refusal."""

from __future__ import annotations

import codecs

import pytest

from reader.model import ArticleError
from reader.sources.decode import decode

ARABIC = (
    "أكد رئيس الوزراء العراقي أن حكومته نجحت في فرض آليات قانونية وزمنية لانسحاب قوات التحالف.\n"
    "وقال عضو لجنة الأمن والدفاع إن عدد الأميركيين في العراق اليوم لا يتجاوز 2500.\n"
)


def test_utf8() -> None:
    decoded = decode(ARABIC.encode())
    assert (decoded.text, decoded.encoding, decoded.warnings) == (ARABIC, "utf-8", ())


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
)
def test_boms(bom: bytes, codec: str, name: str) -> None:
    decoded = decode(bom + ARABIC.encode(codec))
    assert decoded.text == ARABIC
    assert decoded.encoding == name


@pytest.mark.parametrize(("codec", "name"), [("cp1256", "cp1256"), ("iso8859_6", "iso-8859-6")])
def test_arabic_code_pages(codec: str, name: str) -> None:
    decoded = decode(ARABIC.encode(codec))
    assert decoded.text == ARABIC
    assert decoded.encoding == name
    assert decoded.warnings == ()


def test_short_iso_8859_6_is_not_taken_for_cp1256() -> None:
    text = "عنوان قصير\nنص"
    assert decode(text.encode("iso8859_6")).text == text


def test_truncated_last_character() -> None:
    data = ARABIC.encode() + "ع".encode()[:1]
    decoded = decode(data)
    assert decoded.text == ARABIC + "\ufffd"
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ("truncated UTF-8 character at the end of the file",)


def test_a_stray_bad_byte_in_utf8_is_replaced_with_a_warning() -> None:
    data = ARABIC.encode() + b"\xff" + ARABIC.encode()
    decoded = decode(data)
    assert decoded.text == ARABIC + "\ufffd" + ARABIC
    assert "replaced with U+FFFD" in decoded.warnings[0]


def test_utf16_without_bom() -> None:
    decoded = decode(ARABIC.encode("utf-16-le"))
    assert decoded.text == ARABIC and decoded.encoding == "utf-16-le"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip archive"),
        (b"title\n\x00\x01\x02\x03binary\xff\xfe\x00", "NUL byte"),
        (bytes(range(1, 32)) * 40, "control characters"),
    ],
)
def test_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        decode(data)


@pytest.mark.parametrize("text", ["نص", "عنوان قصير", "قال الوزير: «لن نتراجع» – 2024"])
def test_very_short_windows_1256(text: str) -> None:
    # charset-normalizer reads the two-letter one as Big5; the Arabic code pages are tried first.
    assert decode(text.encode("cp1256")).text == text


def test_latin_accents_are_not_read_as_arabic_letters() -> None:
    # In ISO-8859-6 the bytes of é, è, à are Arabic letters: implausible inside Latin words.
    decoded = decode("Café crème à la française, déjà vu".encode("latin-1"))
    assert decoded.encoding not in ("cp1256", "iso-8859-6")
