"""Failure reasons with values, translated where they are shown (`Translator.reason`).

The reasons are produced by the real sources here, so a changed f-string that no template
matches any more fails a test instead of silently falling back to English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.i18n import Translator
from reader.model import ArticleError, reason
from reader.reasons import MAX_MATCHED, TEMPLATES, match
from reader.sources import load_article


def failure(path: Path) -> str:
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    return reason(caught.value)


def test_real_failures_are_said_in_arabic_persian_and_urdu(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": ', encoding="utf-8")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"title\n\nbody " + b"\x00" + b"more text")
    cases = {
        failure(png): "ملف ثنائي (صورة PNG)، ليس مقالًا",
        failure(nul): "ملف ثنائي (بايت NUL عند الموضع 12)، ليس مقالًا",
    }
    for english, arabic in cases.items():
        assert Translator("ar").reason(english) == arabic
        assert Translator("en").reason(english) == english
    json_reason = failure(broken)
    assert json_reason.startswith("invalid JSON: ")
    assert Translator("ar").reason(json_reason).startswith("JSON غير صالح: ")
    # Persian: its words, and the numbers found in the reason in its digits.
    assert Translator("fa").reason(failure(nul)) == (
        "پروندهٔ دودویی (بایت NUL در جایگاه ۱۲)، مقاله نیست"
    )
    assert Translator("ur").reason(failure(png)) == "بائنری فائل (PNG تصویر)، مضمون نہیں"


def test_a_constant_reason_is_a_message_id_and_anything_else_stays_as_it_is() -> None:
    assert Translator("ar").reason("not found") == "غير موجود"
    assert Translator("ar").reason("some reason nobody wrote down") == (
        "some reason nobody wrote down"
    )
    assert Translator("ar").reason("") == ""


def test_every_template_matches_itself_filled_in_and_long_text_is_not_matched() -> None:
    for template in TEMPLATES:
        filled = template.replace("{", "<").replace("}", ">")
        found = match(filled)
        assert found is not None and found[0] == template, template
    long = "invalid JSON: " + "x" * MAX_MATCHED
    assert match(long) is None
    assert Translator("ar").reason(long) == long


def test_reader_list_says_why_in_the_language_and_json_keeps_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import i18n
    from reader.cli import main

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    state = ["--state", str(tmp_path / "state.db")]
    try:
        assert main(["list", "--ui", "ar", *state, str(folder)]) == 1
        said = capsys.readouterr().err
        assert "ملف ثنائي (صورة PNG)، ليس مقالًا" in said
        assert main(["list", "--ui", "ar", "--json", *state, str(folder)]) == 1
        assert "binary file (a PNG image), not an article" in capsys.readouterr().out
    finally:
        i18n.use("en")
