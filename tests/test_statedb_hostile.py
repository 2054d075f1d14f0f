"""State databases the reader must not reset, and locations it must not write to (issue #9).

Case 6: only real corruption moves a database aside. A full disk, a read-only file or folder keep
the file as it is, say so once, and still show what it holds; a database from a newer reader is
refused, never reset. Case 8: "nothing is written into an article folder" holds through symlinks,
`..`, the default (XDG) location and bind mounts.

Read-only files do not stop root, and these tests may run as root: the read-only cases run in a
child without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (dropped from its bounding set before exec),
for which permission bits hold as for anyone; the child first checks that they do. A full disk is
a child with a tiny RLIMIT_FSIZE (writes past it fail with EFBIG, as on a full disk).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.locations import folder_holding, index_path
from reader.search import SearchIndex
from reader.search.index import INDEX_VERSION
from reader.statedb import NewerDatabaseError
from reader.store import ArticleKey, Store
from tests.hostile import Snapshot, environment, run

ROOT = Path(__file__).resolve().parents[1]
KEY = ArticleKey(Path("/news/a.txt"), "0123")

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def _drop_file_capabilities() -> None:
    """In the child before exec: as root, lose the power to ignore permission bits."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0)


def _child(
    code: str, *, preexec: Callable[[], None] | None = None, timeout: float = 120
) -> dict[str, object]:
    """Run `code` (which prints one JSON line last) in a child Python; return that JSON."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=preexec,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


_OPEN_AND_REPORT = """
    import json
    from pathlib import Path
    from reader.store import ArticleKey, Store

    db = Path({db!r})
    # Do permission bits hold for this process? (Probes that must fail.)
    restricted = True
    for probe in {probes!r}:
        try:
            open(probe, "ab").close()
            restricted = False
        except OSError:
            pass
    {before}
    key = ArticleKey(Path("/news/a.txt"), "0123")
    with Store.open(db) as store:
        shown = store.state(key)
        store.set_read(key)  # works for the session, saved nowhere
        print(json.dumps({{
            "restricted": restricted,
            "path": None if store.path is None else str(store.path),
            "warnings": store.warnings,
            "bookmarked": shown.bookmarked,
            "read_now": store.state(key).read,
        }}))
"""


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[Path]:
    """A state database holding one bookmark, closed (so no -wal/-shm beside it)."""
    folder = tmp_path / "state"
    db = folder / "state.sqlite3"
    with Store.open(db) as store:
        store.set_bookmarked(KEY)
    assert sorted(p.name for p in folder.iterdir()) == ["state.sqlite3"]
    yield db
    folder.chmod(0o755)
    if db.exists():
        db.chmod(0o644)


def _kept(db: Path, stamp: bytes) -> None:
    """The file is still there, unchanged, and nothing was moved aside."""
    assert db.read_bytes() == stamp
    assert not list(db.parent.glob("*.corrupt-*"))


def _open_restricted(db: Path, probe: Path) -> dict[str, object]:
    code = _OPEN_AND_REPORT.format(db=str(db), probes=[str(probe)], before="")
    answer = _child(code, preexec=_drop_file_capabilities)
    if not answer["restricted"]:
        pytest.skip("permission bits do not hold here (cannot drop root's file capabilities)")
    return answer


def _assert_read_only_session(answer: dict[str, object], reason: str) -> None:
    assert answer["path"] is None  # nothing saved this session
    warnings = answer["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 1, warnings
    assert reason in warnings[0] and "nothing will be saved" in warnings[0], warnings
    assert "moved" not in warnings[0]
    assert answer["bookmarked"] is True  # the marks are still shown
    assert answer["read_now"] is True  # and changes work for the session


# --- 6. errors that are not corruption ----------------------------------------------------------


def test_a_read_only_file_is_kept_and_its_marks_shown(saved: Path) -> None:
    stamp = saved.read_bytes()
    saved.chmod(0o444)
    answer = _open_restricted(saved, saved)
    _assert_read_only_session(answer, "readonly")
    _kept(saved, stamp)


def test_a_read_only_folder_is_read_and_left_as_it_is(saved: Path) -> None:
    stamp = saved.read_bytes()
    saved.parent.chmod(0o555)
    answer = _open_restricted(saved, saved.parent / "probe")
    _assert_read_only_session(answer, "readonly")
    _kept(saved, stamp)
    # Opened without a -shm file (immutable): not one file was added to the folder.
    assert sorted(p.name for p in saved.parent.iterdir()) == ["state.sqlite3"]


def test_a_full_disk_keeps_the_database(saved: Path) -> None:
    stamp = saved.read_bytes()
    code = _OPEN_AND_REPORT.format(
        db=str(saved),
        probes=[],
        before="""
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))  # no file may grow past 100 bytes
""",
    )
    answer = _child(code)
    _assert_read_only_session(answer, "disk I/O error")
    _kept(saved, stamp)


def test_real_corruption_is_still_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with Store.open(db) as store:
        assert store.path == db
        assert len(store.warnings) == 1 and "moved it to" in store.warnings[0]
    assert len(list(tmp_path.glob("state.sqlite3.corrupt-*"))) == 1


def _newer(path: Path, version: int = 99) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute("INSERT INTO future VALUES ('keep me')")
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return path.read_bytes()


def test_a_newer_state_database_is_refused_not_reset(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    stamp = _newer(db)
    with pytest.raises(NewerDatabaseError) as refused:
        Store.open(db)
    assert "newer version" in str(refused.value) and "99" in str(refused.value)
    assert db.read_bytes() == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.sqlite3"]


def test_a_newer_state_database_in_a_read_only_place_is_refused_too(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    stamp = _newer(db)
    with sqlite3.connect(db) as conn:  # WAL, so that a read needs the -shm file
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    stamp = db.read_bytes()
    tmp_path.chmod(0o555)
    try:
        code = """
            import json, sys
            from pathlib import Path
            from reader.statedb import NewerDatabaseError
            from reader.store import Store
            try:
                Store.open(Path(sys.argv[1]))
                print(json.dumps({"refused": False}))
            except NewerDatabaseError:
                print(json.dumps({"refused": True}))
        """.replace("sys.argv[1]", repr(str(db)))
        answer = _child(code, preexec=_drop_file_capabilities)
    finally:
        tmp_path.chmod(0o755)
    assert answer == {"refused": True}
    assert db.read_bytes() == stamp


def test_the_reader_exits_2_with_one_line_on_a_newer_database(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    stamp = _newer(db)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("عنوان\n\nنص", encoding="utf-8")
    # In a child: the old code reset the database and started the app.
    for args in ([folder, "--state", db], ["list", "--state", db, folder]):
        result = run(args, home=tmp_path, timeout=60)
        assert result.code == 2, result.describe()
        lines = result.err.decode().splitlines()
        assert len(lines) == 1 and "newer version" in lines[0], result.describe()
        assert "Traceback" not in lines[0]
        assert db.read_bytes() == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "state.sqlite3"]


def test_a_newer_search_index_is_left_alone_and_used_in_memory(tmp_path: Path) -> None:
    path = index_path(tmp_path / "state.sqlite3")
    stamp = _newer(path, INDEX_VERSION + 1)
    with SearchIndex.open(path) as index:
        assert index.path is None
        assert len(index.warnings) == 1 and "newer version" in index.warnings[0]
        assert len(index) == 0  # a working (empty) index
    assert path.read_bytes() == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_index_that_cannot_be_written_is_not_moved_aside(tmp_path: Path) -> None:
    path = index_path(tmp_path / "state.sqlite3")
    SearchIndex.open(path).close()
    stamp = path.read_bytes()
    code = f"""
        import json, resource, signal
        from pathlib import Path
        from reader.search import SearchIndex
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
        with SearchIndex.open(Path({str(path)!r})) as index:
            print(json.dumps({{"path": index.path, "warnings": index.warnings}}))
    """
    answer = _child(code)
    assert answer["path"] is None
    warnings = answer["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 1 and "moved" not in warnings[0]
    assert path.read_bytes() == stamp
    assert not list(tmp_path.glob("*.corrupt-*"))


# --- 8. nothing written into an article folder --------------------------------------------------


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("عنوان\n\nنص", encoding="utf-8")
    return folder


def test_a_state_path_symlinked_into_the_folder_is_inside_it(
    tmp_path: Path, articles: Path
) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    link = outside / "state.sqlite3"
    link.symlink_to(articles / "sub" / "state.sqlite3")  # dangling: the file is not made yet
    assert folder_holding(link, [articles]) == articles
    assert folder_holding(outside / "other.sqlite3", [articles]) is None


def test_a_state_path_through_a_link_and_dotdot_is_inside_it(
    tmp_path: Path, articles: Path
) -> None:
    (tmp_path / "jump").symlink_to(articles / "sub")
    # `jump/..` is `articles` for the kernel, `tmp_path` for a lexical normalization.
    assert folder_holding(tmp_path / "jump" / ".." / "state.sqlite3", [articles]) == articles


def test_a_sidecar_symlinked_into_the_folder_is_inside_it(tmp_path: Path, articles: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "state.sqlite3-wal").symlink_to(articles / "x-wal")
    assert folder_holding(home / "state.sqlite3", [articles]) == articles


def test_a_file_named_on_the_command_line_protects_its_folder(
    tmp_path: Path, articles: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").symlink_to(articles / "a.txt")
    assert folder_holding(articles / "s.sqlite3", [articles / "a.txt"]) == articles
    # Through a symlinked file: both its folder and the real file's folder.
    assert folder_holding(articles / "s.sqlite3", [elsewhere / "b.txt"]) is not None
    assert folder_holding(elsewhere / "s.sqlite3", [elsewhere / "b.txt"]) is not None
    # Below a named file's folder is not an article folder.
    assert folder_holding(articles / "sub" / "s.sqlite3", [articles / "a.txt"]) is None


def test_a_bind_mount_of_the_folder_is_the_folder(tmp_path: Path, articles: Path) -> None:
    """A bind mount has other path names but the same device and inode."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare and mount")
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    code = f"""
        import json, subprocess
        from pathlib import Path
        from reader.locations import folder_holding
        subprocess.run(["mount", "--bind", {str(articles)!r}, {str(mirror)!r}], check=True)
        target = Path({str(mirror)!r}) / "sub" / "state.sqlite3"
        held = folder_holding(target, [Path({str(articles)!r})])
        print(json.dumps({{"held": None if held is None else str(held)}}))
    """
    # A private mount namespace: the bind mount ends with the child.
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr!r}")
    result = subprocess.run(
        ["unshare", "-m", sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if result.returncode != 0 and "mount" in result.stderr:
        pytest.skip(f"cannot bind-mount here: {result.stderr[-300:]}")
    assert json.loads(result.stdout.splitlines()[-1]) == {"held": str(articles)}


def test_the_default_state_location_inside_the_folder_is_refused(
    tmp_path: Path, articles: Path
) -> None:
    before = Snapshot.of(articles)
    env = environment(tmp_path, XDG_STATE_HOME=str(articles / "xdg"))
    result = run([articles], home=tmp_path, env=env, timeout=60)
    assert result.code == 2, result.describe()
    lines = result.err.decode().splitlines()
    assert len(lines) == 1 and "inside the article folder" in lines[0], result.describe()
    assert "READER_STATE" in lines[0]
    assert Snapshot.of(articles) == before


def test_the_search_index_of_a_state_outside_is_checked_too(tmp_path: Path, articles: Path) -> None:
    """`--state` outside, but its index beside it is a symlink into the folder."""
    home = tmp_path / "home"
    home.mkdir()
    state = home / "state.sqlite3"
    index_path(state).symlink_to(articles / "index.sqlite3")
    before = Snapshot.of(articles)
    result = run([articles, "--state", state], home=tmp_path, timeout=60)
    assert result.code == 2, result.describe()
    lines = result.err.decode().splitlines()
    assert len(lines) == 1 and "inside the article folder" in lines[0], result.describe()
    assert Snapshot.of(articles) == before
    assert not (articles / "index.sqlite3").exists()
    assert stat.S_ISLNK(os.lstat(index_path(state)).st_mode)
