"""The details pane's content: translated labels, one value per block, paths left to right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self(singular if count == 1 else plural, count=count, **values)

    def join(self, items: Iterable[str]) -> str:
        return ("، " if self._rtl else ", ").join(items)

    def number(self, value: int | float | str) -> str:
        return str(value)

    def reason(self, text: str) -> str:
        return text


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
    assert ("AUTHORS", "Ann, Bob") in fields
    assert ("WORDS", "3") in fields and ("SCRIPT", "LATIN") in fields
    assert ("TAGS", "x, y") in fields
    rtl = list(metadata_fields(ARTICLE, Upper(rtl=True)))
    assert ("TAGS", "x، y") in rtl and ("AUTHORS", "Ann، Bob") in rtl
    assert ("LINK", "https://example.com/evil") in fields  # its override dropped


def test_a_reader_finds_title_date_source_authors_tags_link_then_words_and_time() -> None:
    article = ARTICLE._replace(source="Paper")
    labels = [label for label, _ in metadata_fields(article, Upper())]
    reader = ["TITLE", "DATE", "SOURCE", "AUTHORS", "TAGS", "LINK", "WORDS", "READING TIME"]
    assert labels[: len(reader)] == reader
    technical = ["SCRIPT", "DIRECTION", "LANGUAGE", "FORMAT", "ENCODING", "PARAGRAPHS", "FILE"]
    assert labels[len(reader) : len(reader) + len(technical)] == technical
    assert labels[-1] == "WARNINGS"


def test_the_technical_facts_come_last_under_their_heading() -> None:
    blocks = metadata_blocks(ARTICLE, Upper())
    texts = [b.text for b in blocks]
    heading = texts.index("ABOUT THE FILE")
    assert blocks[heading].role == "heading" and blocks[heading].starts_group
    assert texts.index("READING TIME") < heading < texts.index("SCRIPT")


def test_the_date_is_one_line_when_the_written_date_says_the_same() -> None:
    same = ARTICLE._replace(date_text="1 May 2024")
    fields = list(metadata_fields(same, Upper()))
    assert ("DATE", "1 May 2024") in fields
    assert not any(label == "DATE AS WRITTEN" for label, _ in fields)
    other = ARTICLE._replace(date_text="sometime in spring")
    fields = list(metadata_fields(other, Upper()))
    assert ("DATE", "2024-05-01") in fields and ("DATE AS WRITTEN", "sometime in spring") in fields


def test_labels_and_values_sit_on_the_interface_side() -> None:
    for rtl, side in ((True, "rtl"), (False, "ltr")):
        blocks = metadata_blocks(ARTICLE, Upper(rtl=rtl))
        assert {b.direction for b in blocks if b.role == "label"} == {side}
        by_text = {b.text: b for b in blocks}
        # `Language: en` among right-aligned values: aligned with them, not to the left;
        # each value still ordered by its own direction (none forced).
        assert by_text["en"].align == side and by_text["3"].align == side
        assert by_text["en"].direction is None
        assert by_text["Title"].align == side


def test_a_repeated_label_is_shown_once_and_paths_are_left_to_right() -> None:
    blocks = metadata_blocks(ARTICLE._replace(warnings=("odd date", "odd title")), Upper())
    labels = [b.text for b in blocks if b.role == "label"]
    assert labels.count("WARNINGS") == 1 and len(labels) == len(set(labels))
    assert all(b.starts_group for b in blocks if b.role == "label")
    assert not any(b.starts_group for b in blocks if b.role not in ("label", "heading"))
    by_text = {b.text: b for b in blocks}
    assert by_text["odd date"].role == "warning" and by_text["odd title"].role == "warning"
    assert by_text["https://example.com/evil"].direction == "ltr"
    assert [b.direction for b in blocks if b.text.endswith("a.md")] == ["ltr"]
    assert by_text["Ann, Bob"].align == "ltr"  # (the interface's side)


def test_counts_are_in_the_interface_s_digits() -> None:
    from reader.i18n import Translator

    fields = dict(metadata_fields(ARTICLE, Translator("fa")))
    words = Translator("fa")("Words")
    assert fields[words] == "۳"
    assert dict(metadata_fields(ARTICLE, Translator("en")))["Words"] == "3"


def test_a_value_is_ordered_by_its_own_direction_and_aligned_with_the_labels() -> None:
    """An Arabic date in an English interface reads "18 أبريل 2021", not "18 2021 أبريل", and
    sits on the left with the other values."""
    from reader.text import prepare
    from reader.ui.widgets.lines_view import aligned

    blocks = metadata_blocks(ARTICLE._replace(date_text="18 أبريل 2021"), Upper(rtl=False))
    value = next(b for b in blocks if b.text == "18 أبريل 2021")
    line = prepare(value.text, direction=value.direction, fallback="ltr").lines(30)[0]
    assert line.text == prepare("18 أبريل 2021").lines(30)[0].text.strip()
    assert aligned(line, value.align, 30).pad == 0
    assert aligned(line, "rtl", 30).pad == 30 - line.cells
