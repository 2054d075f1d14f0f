"""The details pane's content: translated labels, one value per block, paths left to right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.details import dominant_script, metadata_blocks, metadata_fields
from reader.model import Article, Paragraph


class Upper:
    """Labels in capitals: a translation the tests can tell from the key."""

    def __init__(self, rtl: bool = False) -> None:
        self._rtl = rtl

    @property
    def rtl(self) -> bool:
        return self._rtl

    def __call__(self, key: str, **values: object) -> str:
        return key.format(**values).upper() if values else key.upper()


ARTICLE = Article(
    title="Title",
    paragraphs=(Paragraph("one two three"),),
    date=dt.date(2024, 5, 1),
    authors=("Ann", "Bob"),
    language="en",
    direction="ltr",
    path=Path("/news/a.md"),
    url="https://example.com/\u202eevil",
    tags=("x", "y"),
    warnings=("odd date",),
)


def test_the_dominant_script_counts_letters_and_says_unknown_without_any() -> None:
    assert dominant_script(Article("عنوان", (Paragraph("نص عربي and a few"),))) == "Arabic"
    assert dominant_script(Article("Title", (Paragraph("English text"),))) == "Latin"
    assert dominant_script(Article("123", (Paragraph("45 - 67"),))) == "unknown"


def test_fields_are_labelled_through_the_labels_and_lists_follow_the_direction() -> None:
    fields = list(metadata_fields(ARTICLE, Upper()))
    assert ("DATE", "2024-05-01") in fields
    assert [value for label, value in fields if label == "AUTHORS"] == ["Ann", "Bob"]
    assert ("WORDS", "3") in fields and ("SCRIPT", "LATIN") in fields
    assert ("TAGS", "x, y") in fields
    assert ("TAGS", "x، y") in list(metadata_fields(ARTICLE, Upper(rtl=True)))
    assert ("LINK", "https://example.com/evil") in fields  # its override dropped


def test_a_repeated_label_is_shown_once_and_paths_are_left_to_right() -> None:
    blocks = metadata_blocks(ARTICLE, Upper())
    labels = [b.text for b in blocks if b.role == "label"]
    assert labels.count("AUTHORS") == 1 and len(labels) == len(set(labels))
    assert all(b.starts_group for b in blocks if b.role == "label")
    assert not any(b.starts_group for b in blocks if b.role != "label")
    by_text = {b.text: b for b in blocks}
    assert by_text["odd date"].role == "warning"
    assert by_text["https://example.com/evil"].direction == "ltr"
    assert [b.direction for b in blocks if b.text.endswith("a.md")] == ["ltr"]
    assert by_text["Ann"].direction is None
