"""The helpers `reader list` and `reader search` share: safe JSON, refusals, article folders."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.commands._output import (
    Refusals,
    json_safe_dumps,
    refuse_article_folder,
    report_missing,
)
from reader.locations import folder_holding

UNSAFE = "\x1b\x07\x7f\x85\x9b\x9d\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069"


def test_json_safe_dumps_escapes_every_unsafe_character_and_keeps_the_value() -> None:
    value = {"title": f"عنوان {UNSAFE} end", "path": "/x/a\x9bb.txt"}
    text = json_safe_dumps(value)
    assert not set(UNSAFE) & set(text)
    assert "عنوان" in text  # readable, not \\u-escaped Arabic
    assert "\\u202e" in text and "\\u009b" in text
    assert json.loads(text) == value


def test_json_safe_dumps_indent() -> None:
    assert json_safe_dumps({"a": ["\u2066"]}, indent=1) == '{\n "a": [\n  "\\u2066"\n ]\n}'


def test_refusals_print_one_clean_line_unless_quiet() -> None:
    err = io.StringIO()
    refuse = Refusals("list", err, quiet=False)
    assert not refuse
    refuse(Path("a\x1b[2Jb.txt"), "binary \u202efile")
    # The path is cleaned in the entry too: JSON output decoded by `jq -r` must not carry it raw.
    assert refuse and refuse.entries == [{"path": "ab.txt", "error": "binary file"}]
    assert err.getvalue() == "reader list: ab.txt: binary file\n"
    quiet = io.StringIO()
    Refusals("search", quiet, quiet=True)(Path("x"), "why")
    assert quiet.getvalue() == ""


def test_report_missing(tmp_path: Path) -> None:
    err = io.StringIO()
    assert not report_missing("list", [tmp_path], err)
    assert report_missing("search", [tmp_path, tmp_path / "no"], err)
    assert err.getvalue() == f"reader search: no such file or folder: {tmp_path / 'no'}\n"
    assert not report_missing("list", [tmp_path / "no"], err, exists=lambda _p: True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("lib/s.db", "lib"),
        ("lib/deep/er/s.db", "lib"),
        ("other/s.db", None),
        ("s.db", None),  # beside the folder, not in it
        ("single/s.db", "single"),  # in the folder of an article named on its own
        ("single/sub/s.db", None),  # but not below it
        ("other/sub/s.db", "other/sub"),  # nor beside one article of a JSON list
    ],
)
def test_folder_holding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, expected: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("lib", "other/sub", "single/sub"):
        Path(name).mkdir(parents=True)
    Path("single/a.txt").write_text("x")
    paths = [Path("lib"), Path("single/a.txt"), Path("other/sub/feed.json#2")]
    found = folder_holding(Path(target), paths)
    assert (None if found is None else str(found)) == expected


def test_folder_holding_sees_through_symlinks(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "lib")
    assert folder_holding(tmp_path / "link" / "s.db", [tmp_path / "lib"]) == tmp_path / "lib"
    err = io.StringIO()
    assert refuse_article_folder(
        "list", "state database", tmp_path / "link" / "s.db", [tmp_path / "lib"], err
    )
    assert "would be written inside the article folder" in err.getvalue()


def test_paths_in_messages_lose_escapes_but_keep_their_spaces(tmp_path: Path) -> None:
    err = io.StringIO()
    name = "a  b\x1b]52;c;UFdORUQ=\x07\u202e.txt"
    assert report_missing("list", [tmp_path / name], err)
    assert err.getvalue() == f"reader list: no such file or folder: {tmp_path}/a  b.txt\n"
    refuse = Refusals("search", err, quiet=True)
    refuse(tmp_path / b"\xff\x9b2J.txt".decode("utf-8", "surrogateescape"), "empty \x1b[2Jfile")
    assert refuse.entries == [{"path": f"{tmp_path}/\ufffd\ufffd2J.txt", "error": "empty file"}]
