"""Hostile files, one visible test each: a clear error or warning, never a traceback or a hang.

Every test here reads through `load_all`/`read_headline` (what `reader list` and the UI use) and
checks that the folder is byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import unicodedata
from pathlib import Path

import pytest

from reader.model import Article, ArticleError, Paragraph, Span
from reader.sources import SourceError, load_all, load_article, read_headline
from reader.sources.load import PIECE, split_paragraph
from tests.support import tree_hash


def unchanged(folder: Path, before: str) -> None:
    assert tree_hash(folder) == before, "the article folder was modified"


def _refused(path: Path, reason: str) -> None:
    before = tree_hash(path.parent)
    with pytest.raises(ArticleError, match=reason) as caught:
        load_all(path)
    with pytest.raises(ArticleError, match=reason):
        read_headline(path)
    assert isinstance(caught.value, SourceError)
    assert "\n" not in str(caught.value)  # one line
    unchanged(path.parent, before)


def _read(path: Path) -> Article:
    before = tree_hash(path.parent)
    (article,) = load_all(path)
    assert isinstance(article, Article)
    read_headline(path)
    unchanged(path.parent, before)
    return article


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    _refused(tmp_path / "empty.txt", "empty file")


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.json"])
def test_whitespace_only(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"  \n\t\r\n   \n")
    _refused(tmp_path / name, "empty file")


def test_50_mb_single_paragraph(tmp_path: Path) -> None:
    word = "كلمة "
    count = 50 * 1024 * 1024 // len(word.encode())
    (tmp_path / "huge.txt").write_text("عنوان طويل\n" + word * count, encoding="utf-8")
    article = _read(tmp_path / "huge.txt")
    assert article.title == "عنوان طويل"
    assert article.warnings == (
        f"a paragraph of {len(word) * count - 1:,} characters (shown in pieces)",
    )
    # Shown in pieces of at most PIECE characters, cut at spaces, nothing lost.
    assert all(len(p.text) <= PIECE for p in article.paragraphs)
    assert " ".join(p.text.strip() for p in article.paragraphs) == (word * count).strip()


def test_a_long_paragraph_is_split_at_spaces_with_its_spans() -> None:
    text = "كلمة " * 50 + "x" * 30 + "\u064e" * 3 + "y" * 30
    paragraph = Paragraph(text, (Span(0, 4, "bold"), Span(240, len(text), "link", "u")), "quote")
    pieces = split_paragraph(paragraph, size=40)
    assert "".join(p.text for p in pieces) == text
    assert all(len(p.text) <= 40 and p.kind == "quote" for p in pieces)
    assert not any(unicodedata.combining(p.text[0]) for p in pieces)  # marks stay on a letter
    assert pieces[0].spans == (Span(0, 4, "bold"),)
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece.text))
    linked = [
        (offsets[i] + span.start, offsets[i] + span.end)
        for i, piece in enumerate(pieces)
        for span in piece.spans
        if span.style == "link"
    ]
    assert linked[0][0] == 240 and linked[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(linked))


def test_one_line_of_100000_words(tmp_path: Path) -> None:
    (tmp_path / "line.txt").write_text(" ".join(["word"] * 100_000), encoding="utf-8")
    article = _read(tmp_path / "line.txt")
    assert article.title == "line" and article.words == 100_000
    assert "too long for a title" in article.warnings[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"PK\x03\x04" + bytes(range(256)), "ZIP archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "executable"),
        (b"title\nbody\x00\x00\x00\x01\x02", "NUL byte"),
    ],
    ids=["png", "zip", "elf", "nul"],
)
def test_binary(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "image.txt").write_bytes(data)
    _refused(tmp_path / "image.txt", reason)


def test_truncated_utf8(tmp_path: Path) -> None:
    (tmp_path / "cut.txt").write_bytes("عنوان\nنص مقطوع".encode()[:-1])
    article = _read(tmp_path / "cut.txt")
    assert article.paragraphs[-1].text.endswith("\ufffd")
    assert article.warnings == ("truncated UTF-8 character at the end of the file",)


def test_invalid_toml(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text('+++\ntitle = "open\ndate = \n+++\n\n# عنوان\n\nنص.\n')
    article = _read(tmp_path / "bad.md")
    assert article.title == "عنوان" and "invalid TOML" in article.warnings[0]


def test_json_wrong_types_deep_nesting_and_claimed_lengths(tmp_path: Path) -> None:
    (tmp_path / "types.json").write_text('{"title": {"a": 1}, "body": [1, 2], "authors": 5}')
    article = _read(tmp_path / "types.json")
    assert len(article.warnings) == 4 and article.title == "types"
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    _refused(tmp_path / "deep.json", "nested too deeply")
    (tmp_path / "length.json").write_text(
        json.dumps({"title": "t", "body": "b", "length": 2**30}) + " " * 10
    )
    assert _read(tmp_path / "length.json").words == 1


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    _refused(tmp_path / "a.txt", "symbolic link loop")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("عنوان\nنص")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the refusal happen anyway
        real_open = os.open

        def deny(name: object, *args: object, **kwargs: object) -> int:
            if Path(str(name)) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr("reader.sources.files.os.open", deny)
    try:
        _refused(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_deleted_between_scan_and_open(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    _refused(path, "no such file")


def test_directory_and_fifo(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    _refused(tmp_path / "dir.txt", "is a directory")
    os.mkfifo(tmp_path / "pipe.txt")
    _refused(tmp_path / "pipe.txt", "not a regular file")  # and no hang waiting for a writer


def test_name_not_valid_utf8(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\xfe-news.txt"))
    path.write_text("عنوان\nنص")
    article = _read(path)
    assert article.title == "عنوان"
    (tmp_path / "gone").mkdir()
    missing = Path(os.fsdecode(os.fsencode(tmp_path) + b"/gone/\xff.txt"))
    with pytest.raises(ArticleError) as caught:
        load_article(missing)
    str(caught.value).encode("utf-8")  # printable: no lone surrogates in the message
    assert "\ufffd.txt" in str(caught.value)


ESC_TITLE = "عنوان \x1b[2J\x1b]52;c;ZXZpbA==\x07خبيث \x9b31m \u202eexe.txt\u202c"


def test_escapes_c1_and_bidi_overrides_are_kept_raw_for_the_engine(tmp_path: Path) -> None:
    # Sources keep raw text (the engine and `clean_line` sanitize at display); what matters here
    # is that such text loads. `reader list` tests check that none of it reaches stdout.
    (tmp_path / "esc.txt").write_text(f"{ESC_TITLE}\nنص \x1b]8;;http://x\x1b\\رابط\x1b]8;;\x1b\\\n")
    article = _read(tmp_path / "esc.txt")
    assert article.title == ESC_TITLE.strip()
    assert "\x1b]8" in article.paragraphs[0].text


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no 65 MB written to disk
    _refused(path, r"file too large \(65 MB; the limit is 64 MB\)")
