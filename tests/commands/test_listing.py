"""`reader list`: plain and JSON output, exit codes, hostile folders, nothing raw on stdout."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"
KEYS = [
    "path", "format", "title", "date", "date_text", "source", "authors", "caption", "credit",
    "language", "direction", "paragraphs", "words", "encoding", "warnings",
]  # fmt: skip
RAW_CONTROLS = ["\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u2066", "\x00"]


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(os.fsencode(path.relative_to(folder)))
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _list(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["list", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = _list(capsys, "--json", *args)
    return code, json.loads(out)


def test_seed_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = _json(capsys, str(SEED))
    assert code == 0 and result["errors"] == []
    (entry,) = result["articles"]
    assert list(entry) == KEYS
    assert entry["title"] == "الكاظمي: نجحنا بفرض آليات قانونية وزمنية لانسحاب التحالف الدولي"
    assert (entry["date"], entry["date_text"]) == ("2021-04-18", "18 ابريل 2021")
    assert (entry["credit"], entry["direction"], entry["language"]) == ("Getty", "rtl", "ar")
    assert (entry["paragraphs"], entry["authors"], entry["encoding"]) == (10, [], "utf-8")
    assert entry["format"] == "text" and entry["words"] > 300


def test_plain_output_one_line_per_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _list(capsys, str(SEED))
    assert code == 0 and err == ""
    title, date, source, words, direction, path = out.rstrip("\n").split("\t")
    assert title.startswith("الكاظمي") and date == "2021-04-18" and source == "-"
    assert int(words) > 300 and direction == "rtl" and path == str(SEED)


def test_bundled_articles_all_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = _json(capsys, str(ROOT / "articles"))
    assert code == 0 and result["errors"] == []
    assert len(result["articles"]) >= 1


def test_missing_path_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _list(capsys, str(SEED), str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err == f"reader list: no such file or folder: {tmp_path / 'nope'}\n"


def test_no_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["list"])
    assert exit_.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_json_list_file_gives_one_entry_per_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{"title": "a", "body": "x y"}, "oops", {"title": "c"}]))
    code, result = _json(capsys, str(tmp_path))
    assert code == 1
    assert [a["path"] for a in result["articles"]] == [f"{feed}#0", f"{feed}#2"]
    assert result["errors"] == [
        {"path": f"{feed}#1", "error": "expected an article object, found text"}
    ]


def test_one_article_of_a_json_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{"title": "a"}, {"title": "b", "body": "x"}]))
    code, result = _json(capsys, f"{feed}#1")
    assert code == 0 and [a["title"] for a in result["articles"]] == ["b"]
    code, result = _json(capsys, f"{feed}#7")
    assert code == 1 and result["errors"] == [
        {"path": f"{feed}#7", "error": "no such article: the file holds 2"}
    ]


def _hostile_folder(folder: Path) -> None:
    (folder / "good.txt").write_text("عنوان جيد\n18 ابريل 2021\nنص الخبر.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n ")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "cut.txt").write_bytes("عنوان\nنص".encode()[:-1])
    (folder / "cp1256.txt").write_bytes("عنوان بترميز ويندوز\nنص الخبر هنا.\n".encode("cp1256"))
    (folder / "utf16.txt").write_bytes("\ufeffعنوان\nنص\n".encode("utf-16-le"))
    (folder / "bad.md").write_text('+++\ntitle = "open\n+++\n\n# عنوان\n\nنص.\n')
    (folder / "types.json").write_text('{"title": [], "body": 5}')
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / (os.fsdecode(b"\xff\xfe") + ".txt")).write_text("اسم غير صالح\nنص\n")
    (folder / "esc.txt").write_text(
        "Title \x1b[2J\x1b]52;c;ZXZpbA==\x07evil\x9b31m \u202eexe.txt\u202c\n"
        "body \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x9d0;title\x9c\n"
    )


def test_hostile_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    _hostile_folder(folder)
    before = _tree_hash(folder)
    code, out, err = _list(capsys, "--json", str(folder))
    assert _tree_hash(folder) == before
    assert code == 1 and err == ""
    for char in RAW_CONTROLS:
        assert char not in out
    result = json.loads(out)
    errors = {Path(e["path"]).name: e["error"] for e in result["errors"]}
    assert errors == {
        "empty.txt": "empty file",
        "blank.md": "empty file (no text)",
        "image.txt": "binary file (a PNG image), not an article",
        "deep.json": "JSON nested too deeply to be an article",
        "loop": "symbolic link to a folder already scanned (skipped)",
        "loop.txt": "symbolic link loop",
    }
    articles = {Path(a["path"]).name: a for a in result["articles"]}
    assert articles["good.txt"]["warnings"] == []
    assert articles["cut.txt"]["warnings"] == ["truncated UTF-8 character at the end of the file"]
    assert articles["cp1256.txt"]["encoding"] == "cp1256"
    assert articles["cp1256.txt"]["title"] == "عنوان بترميز ويندوز"
    assert articles["utf16.txt"]["encoding"] == "utf-16-le"
    assert "invalid TOML" in articles["bad.md"]["warnings"][0]
    assert len(articles["types.json"]["warnings"]) == 3
    assert articles["\ufffd\ufffd.txt"]["title"] == "اسم غير صالح"
    assert articles["esc.txt"]["title"] == "Title evil exe.txt"


def test_hostile_folder_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _hostile_folder(tmp_path)
    before = _tree_hash(tmp_path)
    code, out, err = _list(capsys, str(tmp_path))
    assert _tree_hash(tmp_path) == before
    assert code == 1
    for char in RAW_CONTROLS:
        assert char not in out and char not in err
    assert "Title evil exe.txt\t-\t-\t" in out
    assert f"reader list: {tmp_path / 'image.txt'}: binary file (a PNG image)" in err
    assert len(out.splitlines()) == 8


def test_path_with_escape_in_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, tmp_path / "a\x1b]52;c;eA==\x07b.txt")
    code, out, _ = _list(capsys, "--json", str(tmp_path))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert json.loads(out)["articles"][0]["path"] == str(tmp_path / "a\x1b]52;c;eA==\x07b.txt")
