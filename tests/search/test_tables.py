"""The index's tables: schema and version, a damaged file, no FTS5, rows written and deleted."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.search.tables import (
    INDEX_VERSION,
    Pending,
    SearchUnavailableError,
    Tables,
    connect,
    ensure_fts5,
)
from reader.search.terms import index_terms
from reader.statedb import path_key


def _tables(path: Path | None = None) -> tuple[sqlite3.Connection, Tables]:
    conn, _, _ = connect(path)
    return conn, Tables(conn, threading.RLock())


def _pending(name: str, *texts: str, mtime: int = 1) -> Pending:
    blob = path_key(Path(f"/{name}"))
    docs = [(blob, "t", text, index_terms("t"), index_terms(text)) for text in texts]
    return Pending(blob, mtime, 10, f"hash-{name}-{texts}", docs)


def _fts_rows(conn: sqlite3.Connection, term: str) -> int:
    rows = conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", (f'"{term}"',))
    return int(rows.fetchall()[0][0])


def test_a_new_index_has_the_schema_at_the_current_version(tmp_path: Path) -> None:
    conn, used, warnings = connect(tmp_path / "index.sqlite3")
    assert used == tmp_path / "index.sqlite3" and warnings == []
    assert conn.execute("PRAGMA user_version").fetchall()[0][0] == INDEX_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master").fetchall()}
    assert {"files", "docs", "doc_text", "docs_fts"} <= names


def test_corrupt_index_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    conn, used, warnings = connect(path)
    assert used == path
    assert any("moved it to" in w for w in warnings)
    assert [p.name for p in tmp_path.glob("index.sqlite3.corrupt-*")]
    Tables(conn, threading.RLock()).write([_pending("a.txt", "قال")])
    assert _fts_rows(conn, "قال") == 1


def test_index_of_another_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    conn, tables = _tables(path)
    tables.write([_pending("a.txt", "قال")])
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    conn, tables = _tables(path)
    assert tables.files() == {}
    assert conn.execute("PRAGMA user_version").fetchall()[0][0] == INDEX_VERSION


def test_missing_fts5_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = sqlite3.connect

    class NoFts:
        def __init__(self) -> None:
            self._conn = real_connect(":memory:")

        def execute(self, sql: str) -> object:
            if "fts5" in sql:
                raise sqlite3.OperationalError("no such module: fts5")
            return self._conn.execute(sql)

        def close(self) -> None:
            self._conn.close()

    monkeypatch.setattr(sqlite3, "connect", lambda *_a, **_k: NoFts())
    with pytest.raises(SearchUnavailableError, match="FTS5"):
        ensure_fts5()
    with pytest.raises(SearchUnavailableError, match="FTS5"):
        connect(None)


def test_written_rows_are_read_back() -> None:
    conn, tables = _tables()
    tables.write([_pending("a.txt", "وقال الكاظمي", "الوزير"), _pending("b.txt", "نص")])
    files = tables.files()
    assert sorted(files) == [path_key(Path("/a.txt")), path_key(Path("/b.txt"))]
    assert files[path_key(Path("/a.txt"))][:2] == (1, 10)
    ids = [r[0] for r in conn.execute("SELECT id FROM docs ORDER BY id").fetchall()]
    assert sorted(tables.bodies(ids).values()) == sorted(["وقال الكاظمي", "الوزير", "نص"])
    assert _fts_rows(conn, "قال") == 1


def test_forget_removes_the_rows_from_the_fts_table_itself() -> None:
    conn, tables = _tables()
    tables.write([_pending("a.txt", "وقال الكاظمي"), _pending("b.txt", "قال الوزير")])
    tables.forget([path_key(Path("/a.txt")), path_key(Path("/missing.txt"))])
    assert list(tables.files()) == [path_key(Path("/b.txt"))]
    assert _fts_rows(conn, "قال") == 1
    assert _fts_rows(conn, "الكاظمي") == 0
    assert conn.execute("SELECT count(*) FROM doc_text").fetchall()[0][0] == 1


def test_writing_a_file_again_replaces_its_rows() -> None:
    conn, tables = _tables()
    tables.write([_pending("a.txt", "وقال الكاظمي")])
    tables.write([_pending("a.txt", "الوزير", mtime=2)])
    assert tables.files()[path_key(Path("/a.txt"))][0] == 2
    assert (_fts_rows(conn, "الكاظمي"), _fts_rows(conn, "الوزير")) == (0, 1)


def test_a_stat_only_change_keeps_the_rows() -> None:
    conn, tables = _tables()
    first = _pending("a.txt", "قال")
    tables.write([first])
    tables.write([Pending(first.blob, 7, 11, first.digest, None)])
    assert tables.files()[first.blob][:3] == (7, 11, first.digest)
    assert _fts_rows(conn, "قال") == 1


def test_lone_surrogates_are_replaced_before_they_reach_sqlite() -> None:
    conn, tables = _tables()
    tables.write([_pending("a.txt", "قال \ud800 الوزير")])
    ids = [r[0] for r in conn.execute("SELECT id FROM docs").fetchall()]
    assert list(tables.bodies(ids).values()) == ["قال \ufffd الوزير"]
    assert _fts_rows(conn, "الوزير") == 1
