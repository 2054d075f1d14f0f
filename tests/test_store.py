"""The state store: round trips, identity (rename/edit), durability, corruption, concurrency."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reader.locations import index_path, state_path
from reader.store import ArticleKey, ArticleState, Store, article_state

ROOT = Path(__file__).resolve().parents[1]
KEY = ArticleKey(Path("/news/a.txt"), "0123")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text("عنوان\n\nنص المقال", encoding="utf-8")
    return path


# --- where the database lives -------------------------------------------------------------------


def test_state_path_prefers_cli_then_env_then_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("READER_STATE", str(tmp_path / "env.sqlite3"))
    assert state_path(str(tmp_path / "cli.sqlite3")) == tmp_path / "cli.sqlite3"
    assert state_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.setenv("READER_STATE", "")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_path(None) == tmp_path / "xdg" / "reader" / "state.sqlite3"


def test_state_path_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_path("~/s.sqlite3") == tmp_path / "s.sqlite3"


def test_index_lives_beside_the_state() -> None:
    assert index_path(Path("/x/state.sqlite3")) == Path("/x/state.search.sqlite3")
    assert index_path(Path("/x/state")) == Path("/x/state.search.sqlite3")


# --- round trips --------------------------------------------------------------------------------


def test_everything_round_trips_through_the_file(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        key = store.key(article)
        assert store.state(key) == ArticleState()
        store.set_read(key)
        store.set_bookmarked(key)
        store.set_position(key, 42)
        store.set_last_opened(article.parent, key)
        assert store.warnings == []
    with Store.open(db) as store:
        assert store.state(store.key(article)) == ArticleState(True, True, 42)
        assert store.last_opened(article.parent) == key
        assert store.last_opened(article.parent.parent) is None
        assert store.bookmarks() == [key]


def test_toggles_return_the_new_value(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        key = store.key(article)
        assert store.toggle_read(key) is True
        assert store.toggle_read(key) is False
        assert store.toggle_bookmark(key) is True
        assert store.state(key) == ArticleState(read=False, bookmarked=True)


def test_states_in_bulk_agree_with_single_lookups(db: Path, tmp_path: Path) -> None:
    paths = []
    for n in range(5):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"مقال {n}", encoding="utf-8")
        paths.append(path)
    with Store.open(db) as store:
        keys = store.keys([*paths, tmp_path / "missing.txt"])
        assert len(keys) == 5  # the missing file is left out
        store.set_read(keys[paths[1]])
        store.set_bookmarked(keys[paths[3]])
        bulk = store.states(keys.values())
        assert bulk == {k: store.state(k) for k in keys.values()}
        assert [bulk[keys[p]].read for p in paths] == [False, True, False, False, False]


def test_article_state_for_the_listing(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        store.set_bookmarked(store.key(article))
        assert article_state(store, article) == {"read": False, "bookmarked": True}
        digest = store.key(article).hash
        assert article_state(store, article, digest) == {"read": False, "bookmarked": True}
        assert article_state(store, article, "0" * 32) == {"read": False, "bookmarked": False}


def test_names_that_are_not_utf8(db: Path, tmp_path: Path) -> None:
    if sys.platform == "darwin":  # pragma: no cover - APFS refuses such names
        pytest.skip("the file system refuses names that are not UTF-8")
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\xfe.txt"))
    path.write_bytes(b"text")
    with Store.open(db) as store:
        key = store.key(path)
        store.set_read(key)
        store.set_last_opened(tmp_path, key)
    with Store.open(db) as store:
        assert store.state(store.key(path)).read
        assert store.last_opened(tmp_path) == key


# --- identity -----------------------------------------------------------------------------------


def test_a_renamed_file_keeps_its_state(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        key = store.key(article)
        store.set_read(key)
        store.set_position(key, 7)
        renamed = article.with_name("renamed.txt")
        article.rename(renamed)
        new_key = store.key(renamed)
        assert new_key.hash == key.hash and new_key.path != key.path
        assert store.state(new_key) == ArticleState(read=True, position=7)
        store.set_bookmarked(new_key)  # a change under the new name keeps the inherited state
        assert store.state(new_key) == ArticleState(read=True, bookmarked=True, position=7)


def test_an_edited_file_is_a_new_article(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        store.set_read(store.key(article))
        article.write_text("عنوان\n\nنص آخر تماما، أطول", encoding="utf-8")
        assert store.state(store.key(article)) == ArticleState()


def test_hash_is_cached_while_mtime_and_size_hold(db: Path, article: Path) -> None:
    with Store.open(db) as store:
        first = store.key(article)
        info = article.stat()
        data = article.read_bytes()
        article.write_bytes(data[::-1])  # same size; restore the mtime
        os.utime(article, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert store.key(article) == first
        os.utime(article, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert store.key(article) != first


def test_articles_of_a_json_list_have_their_own_keys(db: Path, tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text('[{"title": "a"}, {"title": "b"}]', encoding="utf-8")
    with Store.open(db) as store:
        first = store.key(tmp_path / "list.json#0")
        second = store.key(tmp_path / "list.json#1")
        assert first.hash != second.hash
        store.set_read(first)
        assert not store.state(second).read


def test_key_of_a_missing_file_raises_oserror(db: Path, tmp_path: Path) -> None:
    with Store.open(db) as store, pytest.raises(OSError):
        store.key(tmp_path / "missing.txt")


# --- transactions and durability ----------------------------------------------------------------


def test_batch_is_all_or_nothing(db: Path) -> None:
    with Store.open(db) as store:
        key = ArticleKey(Path("/a.txt"), "h")
        with pytest.raises(RuntimeError), store.batch():
            store.set_read(key)
            store.set_bookmarked(key)
            raise RuntimeError("interrupted")
        assert store.state(key) == ArticleState()
        with store.batch():
            store.set_read(key)
            store.set_bookmarked(key)
        assert store.state(key) == ArticleState(read=True, bookmarked=True)


def _child(script: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_mid_transaction_loses_only_the_change_in_flight(db: Path) -> None:
    child = _child(
        f"""
        import time
        from pathlib import Path
        from reader.store import ArticleKey, Store
        store = Store.open(Path({str(db)!r}))
        store.set_read(ArticleKey(Path("/committed.txt"), "h1"))
        store.set_position(ArticleKey(Path("/committed.txt"), "h1"), 3)
        with store.batch():
            store.set_read(ArticleKey(Path("/in-flight.txt"), "h2"))
            store.set_position(ArticleKey(Path("/committed.txt"), "h1"), 99)
            print("in flight", flush=True)
            time.sleep(60)
        """
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "in flight"
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Store.open(db) as store:
        assert store.warnings == []
        assert store.state(ArticleKey(Path("/committed.txt"), "h1")) == ArticleState(
            read=True, position=3
        )
        assert store.state(ArticleKey(Path("/in-flight.txt"), "h2")) == ArticleState()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_sigkill_during_a_stream_of_changes(db: Path) -> None:
    child = _child(
        f"""
        from pathlib import Path
        from reader.store import ArticleKey, Store
        store = Store.open(Path({str(db)!r}))
        key = ArticleKey(Path("/a.txt"), "h")
        for n in range(1, 100000):
            store.set_position(key, n)
            print(n, flush=True)
        """
    )
    assert child.stdout is not None
    last = 0
    for _ in range(50):
        last = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    rest = child.communicate()[0].split()  # what it printed before it died
    last = int(rest[-1]) if rest and rest[-1].isdigit() else last
    with Store.open(db) as store:
        position = store.state(ArticleKey(Path("/a.txt"), "h")).position
    # Every change it reported as made is there; at most the one after it is also there.
    assert last <= position <= last + 1


# --- corruption and unusable files --------------------------------------------------------------


def test_garbage_file_is_moved_aside_and_a_new_database_started(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database at all\n" * 200)
    store = Store.open(db)
    assert store.path == db
    assert len(store.warnings) == 1 and "moved it to state.sqlite3.corrupt-" in store.warnings[0]
    moved = list(db.parent.glob("state.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"not a database")
    key = ArticleKey(Path("/a.txt"), "h")
    store.set_read(key)
    store.close()
    with Store.open(db) as reopened:
        assert reopened.warnings == []
        assert reopened.state(key).read


def test_damaged_pages_are_detected_and_moved_aside(db: Path) -> None:
    with Store.open(db) as store, store.batch():
        for n in range(2000):
            store.set_position(ArticleKey(Path(f"/{n}.txt"), f"h{n}"), n)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over every page but one
        data[offset + 100 : offset + 400] = b"\xa5" * 300
    db.write_bytes(bytes(data))
    warned: list[str] = []
    with Store.open(db, on_warning=warned.append) as store:
        assert store.path == db
        assert warned and "unusable" in warned[0]
        assert store.state(ArticleKey(Path("/5.txt"), "h5")) == ArticleState()


def test_a_folder_at_the_path_is_left_alone(db: Path) -> None:
    db.mkdir(parents=True)  # a folder where the file should be
    (db / "keep.txt").write_text("x")
    with Store.open(db) as store:
        assert store.path is None
        assert "nothing will be saved" in store.warnings[0]
    assert (db / "keep.txt").read_text() == "x"
    assert not list(db.parent.glob("*.corrupt-*"))


def test_state_path_naming_a_folder_means_the_file_inside(tmp_path: Path) -> None:
    assert state_path(str(tmp_path)) == tmp_path / "state.sqlite3"


def test_an_unwritable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Store.open(blocker / "sub" / "state.sqlite3") as store:
        assert store.path is None
        assert "nothing will be saved" in store.warnings[0]
        key = ArticleKey(Path("/a.txt"), "h")
        store.set_read(key)
        assert store.state(key).read
    assert blocker.read_text() == "x"


def test_a_locked_database_is_not_moved_aside(db: Path) -> None:
    Store.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(db, busy_timeout=0.05) as store:
            assert store.path is None
            assert "nothing will be saved" in store.warnings[0]
        assert not list(db.parent.glob("*.corrupt-*"))
    finally:
        holder.close()


def test_a_failed_write_is_recorded_not_raised(db: Path) -> None:
    with Store.open(db) as store:
        assert store.prepare("PRAGMA query_only = 1")
        store.set_read(ArticleKey(Path("/a.txt"), "h"))
        assert "could not save the read mark" in store.warnings[0]


# --- two readers at once ------------------------------------------------------------------------


def test_two_connections_see_each_other(db: Path) -> None:
    first, second = Store.open(db), Store.open(db)
    key = ArticleKey(Path("/a.txt"), "h")
    first.set_read(key)
    assert second.state(key).read
    second.set_bookmarked(key)
    assert first.state(key) == ArticleState(read=True, bookmarked=True)
    first.close()
    second.close()


def test_a_writer_waits_for_the_other_instead_of_failing(db: Path) -> None:
    first, second = Store.open(db), Store.open(db)
    key = ArticleKey(Path("/a.txt"), "h")
    started = threading.Event()

    def write_from_second() -> None:
        started.set()
        second.set_bookmarked(key)

    with first.batch():
        first.set_read(key)
        assert not second.state(key).read  # the first's change is not committed yet
        thread = threading.Thread(target=write_from_second)
        thread.start()
        started.wait()
        time.sleep(0.2)  # let the second reach SQLite's busy wait (the test holds either way)
    thread.join()
    assert second.warnings == []
    assert first.state(key) == ArticleState(read=True, bookmarked=True)
    first.close()
    second.close()


def test_two_processes_writing_at_once(db: Path) -> None:
    Store.open(db).close()
    script = """
        import sys
        from pathlib import Path
        from reader.store import ArticleKey, Store
        store = Store.open(Path({db!r}))
        for n in range(150):
            store.set_position(ArticleKey(Path(f"/{name}-{{n}}.txt"), "h"), n)
        print(len(store.warnings), flush=True)
        """
    children = [_child(script.format(db=str(db), name=name)) for name in ("x", "y")]
    outputs = [c.communicate()[0].strip() for c in children]
    assert [c.returncode for c in children] == [0, 0]
    assert outputs == ["0", "0"]
    with Store.open(db) as store:
        keys = [ArticleKey(Path(f"/{name}-{n}.txt"), "h") for name in "xy" for n in range(150)]
        states = store.states(keys)
        assert [states[k].position for k in keys] == [*range(150), *range(150)]


def test_many_keys_at_once_use_the_hash_cache(db: Path, tmp_path: Path) -> None:
    paths = []
    for n in range(50):  # more than the per-path lookup limit
        path = tmp_path / f"{n}.txt"
        path.write_text(f"مقال {n}", encoding="utf-8")
        paths.append(path)
    with Store.open(db) as store:
        first = store.keys(paths)
        assert len({k.hash for k in first.values()}) == 50
        assert store.keys(paths) == first
        assert store.key(paths[7]) == first[paths[7]]


def test_opening_in_the_background_gives_the_same_store(tmp_path: Path) -> None:
    """`reader` opens the state database in a thread while it imports its UI."""
    from reader.store import open_in_background

    db = tmp_path / "state.sqlite3"
    wait = open_in_background(db)
    with wait() as store:
        assert store.path == db
        store.set_position(KEY, 7)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    with open_in_background(garbage)() as store:
        assert store.state(KEY).position == 0
        assert any("moved it to" in warning for warning in store.warnings)
    with Store.open(db) as store:
        assert store.state(KEY).position == 7
