"""`reader list`: plain and JSON output, exit codes, hostile folders, nothing raw on stdout."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.commands import listing
from reader.locations import STATE_ENV
from reader.statedb import content_hash
from reader.store import Store
from tests.support import tree_hash

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"
KEYS = [
    "path", "format", "title", "date", "date_text", "source", "authors", "caption", "credit",
    "language", "direction", "paragraphs", "words", "encoding", "warnings",
]  # fmt: skip
RAW_CONTROLS = ["\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u2066", "\x00"]


@pytest.fixture(autouse=True)
def _no_state_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A READER_STATE set where the tests run must not add keys; XDG points into tmp_path."""
    monkeypatch.delenv("READER_STATE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


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
    assert main(["list"]) == 2  # PATH is optional only with --feeds
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
    before = tree_hash(folder)
    code, out, err = _list(capsys, "--json", str(folder))
    assert tree_hash(folder) == before
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
    before = tree_hash(tmp_path)
    code, out, err = _list(capsys, str(tmp_path))
    assert tree_hash(tmp_path) == before
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
    # Decoded (as `jq -r` prints it), the path holds no escape either: the sequence is dropped.
    assert json.loads(out)["articles"][0]["path"] == str(tmp_path / "ab.txt")


# --- reading state (--state / READER_STATE) -------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان أول\n18 ابريل 2021\nنص الخبر الأول.\n", encoding="utf-8")
    (folder / "b.md").write_text("# عنوان ثان\n\nنص الخبر الثاني.\n", encoding="utf-8")
    (folder / "feed.json").write_text(
        json.dumps([{"title": "one", "body": "x"}, {"title": "two", "body": "y"}]),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """A state database outside the article folder, not created yet."""
    return tmp_path / "state" / "state.sqlite3"


def _states(result: dict[str, Any]) -> dict[str, tuple[object, object]]:
    return {Path(a["path"]).name: (a["read"], a["bookmarked"]) for a in result["articles"]}


def _mark(state: Path, *, read: Sequence[Path] = (), bookmarked: Sequence[Path] = ()) -> None:
    """Mark articles as the TUI does, through the Store API."""
    with Store.open(state) as store:
        assert store.warnings == []
        for path in read:
            store.set_read(store.key(path))
        for path in bookmarked:
            store.set_bookmarked(store.key(path))


def test_without_state_the_keys_are_absent_and_no_database_is_made(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(tmp_path.rglob("*"))
    code, result = _json(capsys, str(library))
    assert code == 0 and len(result["articles"]) == 4
    assert all(list(entry) == KEYS for entry in result["articles"])
    assert sorted(tmp_path.rglob("*")) == before
    code, out, _ = _list(capsys, str(library))
    assert out.splitlines()[0].split("\t")[0] == "عنوان أول"  # no flags column


def test_state_fields_follow_the_store(
    library: Path, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hash(library)
    code, result = _json(capsys, "--state", str(state), str(library))
    assert code == 0
    assert list(result["articles"][0]) == [*KEYS, "read", "bookmarked"]
    assert set(_states(result).values()) == {(False, False)}
    # Marked after a first listing, so the hashes it cached are used to find the marks.
    _mark(
        state,
        read=[library / "a.txt", library / "feed.json#1"],
        bookmarked=[library / "b.md", library / "feed.json#1"],
    )
    code, result = _json(capsys, "--state", str(state), str(library))
    assert code == 0
    assert _states(result) == {
        "a.txt": (True, False),
        "b.md": (False, True),
        "feed.json#0": (False, False),
        "feed.json#1": (True, True),
    }
    assert tree_hash(library) == before
    assert state.exists()


def test_reader_state_env_is_used_like_state(
    library: Path,
    state: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _mark(state, bookmarked=[library / "a.txt"])
    monkeypatch.setenv(STATE_ENV, str(state))
    code, result = _json(capsys, str(library))
    assert code == 0
    assert _states(result)["a.txt"] == (False, True)
    assert _states(result)["b.md"] == (False, False)


def test_plain_lines_start_with_flags(
    library: Path, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _mark(state, read=[library / "a.txt", library / "b.md"], bookmarked=[library / "b.md"])
    code, out, err = _list(capsys, "--state", str(state), str(library))
    assert code == 0 and err == ""
    flags = {Path(line.split("\t")[-1]).name: line.split("\t")[0] for line in out.splitlines()}
    assert flags == {"a.txt": "-", "b.md": "B", "feed.json#0": "U", "feed.json#1": "U"}
    assert all(len(line.split("\t")) == 7 for line in out.splitlines())


def test_a_renamed_file_keeps_its_state_and_an_edited_one_is_new(
    library: Path, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _mark(state, read=[library / "a.txt", library / "b.md"])
    (library / "a.txt").rename(library / "renamed.txt")
    (library / "b.md").write_text("# عنوان ثان\n\nنص معدل.\n", encoding="utf-8")
    code, result = _json(capsys, "--state", str(state), str(library))
    assert code == 0
    assert _states(result)["renamed.txt"] == (True, False)
    assert _states(result)["b.md"] == (False, False)


def test_state_is_looked_up_in_batches(
    library: Path,
    state: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _mark(state, read=[library / "feed.json#0"], bookmarked=[library / "b.md"])
    batches: list[int] = []
    keys = Store.keys

    def counting(store: Store, paths: list[Path]) -> dict[Path, Any]:
        batches.append(len(paths))
        return keys(store, paths)

    monkeypatch.setattr(listing, "STATE_BATCH", 3)
    monkeypatch.setattr(Store, "keys", counting)
    code, result = _json(capsys, "--state", str(state), str(library))
    assert code == 0 and batches == [3, 1]
    assert _states(result) == {
        "a.txt": (False, False),
        "b.md": (False, True),
        "feed.json#0": (True, False),
        "feed.json#1": (False, False),
    }


def test_each_article_of_a_json_list_has_its_own_identity(library: Path, state: Path) -> None:
    feed = library / "feed.json"
    with Store.open(state) as store:
        many = store.keys([feed, Path(f"{feed}#0"), Path(f"{feed}#1")] * 20)
        one = store.key(Path(f"{feed}#1"))
    data = feed.read_bytes()
    assert one.hash == many[Path(f"{feed}#1")].hash == content_hash(data + b"#1")
    assert many[Path(f"{feed}#0")].hash == content_hash(data + b"#0")
    assert many[feed].hash == content_hash(data)


def test_a_file_gone_before_its_state_is_looked_up_is_null(
    library: Path,
    state: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keys = Store.keys

    def vanishing(store: Store, paths: list[Path]) -> dict[Path, Any]:
        return {p: k for p, k in keys(store, paths).items() if p.name != "a.txt"}

    monkeypatch.setattr(Store, "keys", vanishing)
    code, result = _json(capsys, "--state", str(state), str(library))
    assert code == 0
    assert _states(result)["a.txt"] == (None, None)
    code, out, _ = _list(capsys, "--state", str(state), str(library / "a.txt"))
    assert out.startswith("?\t")


@pytest.mark.parametrize(
    ("inside", "named", "by_env"),
    [
        ("sub/state.sqlite3", ".", False),  # below a folder named on the command line
        ("sub/state.sqlite3", ".", True),  # the same through READER_STATE
        ("state.sqlite3", "a.txt", False),  # beside an article named on its own
    ],
)
def test_a_state_database_inside_the_article_folder_is_refused(
    inside: str,
    named: str,
    by_env: bool,
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (library / "sub").mkdir()
    state = library / inside
    monkeypatch.setenv(STATE_ENV, str(state) if by_env else "")
    options = [] if by_env else ["--state", str(state)]
    before = tree_hash(library)
    code, out, err = _list(capsys, *options, "--json", str(library / named))
    assert code == 2 and out == ""
    assert err.startswith(f"reader list: the state database {state} would be written inside ")
    assert "choose a --state path outside it" in err
    assert tree_hash(library) == before


def test_an_unusable_state_database_is_a_warning(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, out, err = _list(
        capsys, "--json", "--state", str(blocker / "state.sqlite3"), str(library)
    )
    assert code == 0
    assert err.startswith(f"reader list: state database {blocker / 'state.sqlite3'} cannot be used")
    assert set(_states(json.loads(out)).values()) == {(False, False)}


def test_help_documents_the_state_keys(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert '"read" and "bookmarked"' in out and "without one they are absent" in out
    assert listing.STATE_ENV == STATE_ENV
