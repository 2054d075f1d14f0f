"""The index's SQLite side: the schema, opening it, and writing and deleting an article's rows.

Apart from `reader.search.index` (which decides what to sync and what to search) because the
rules of the rows are subtle enough to want one place: the FTS table is contentless, so a row
is forgotten only when given back the very terms it was indexed with; those terms are rebuilt
from the stored text outside the lock, and a file's rows are never changed, only deleted with
it, so terms read before taking the lock are still the right ones after.

- **What is stored.** Per file: path, mtime, size and a content hash; per article (a JSON list
  file holds several): its path and title, and in a table of its own (so that narrowing a list
  of 10,000 never reads it) its paragraph text, for snippets.
- **Tokens.** The table uses FTS5's ``ascii`` tokenizer, which splits only at ASCII punctuation
  and spaces: the words we write are already final (`reader.search.terms`), and ``unicode61``
  would split them again at any combining mark; ``. , %`` are token characters (a word holds
  them only inside a number: ``5.4``, ``1,000``, ``5.4%``).
- **Ranking.** BM25 with the title weighted 4× the body.
- **Prefix indexes** for one- and two-letter word beginnings: search-as-you-type starts with
  one letter, which would otherwise merge the posting lists of thousands of words (measured at
  10,000 articles: ~13 ms instead of 55–113 ms, for ~25% more index and build time).
- **Where.** A file beside the state database (`reader.store.index_path`) or in memory. It is a
  cache: a corrupt file is moved aside and rebuilt; a format change rebuilds it.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.search.terms import index_terms
from reader.statedb import open_database
from reader.text.sanitize import valid_text

#: Bump when normalization, forms or the schema change: an older index is rebuilt.
INDEX_VERSION = 5

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    errors TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL,
    path BLOB NOT NULL,
    title TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_text (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_by_file ON docs (file_id);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, body, tokenize = 'ascii tokenchars ''.,%''', content = '', prefix = '1 2'
);
INSERT INTO docs_fts (docs_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
PRAGMA user_version = {INDEX_VERSION};
"""
_DROP = """
DROP TABLE IF EXISTS docs_fts;
DROP TABLE IF EXISTS doc_text;
DROP TABLE IF EXISTS docs;
DROP TABLE IF EXISTS files;
"""


class SearchUnavailableError(Exception):
    """This Python's SQLite lacks FTS5; the message says so and what to do."""


def ensure_fts5() -> None:
    """Raise SearchUnavailableError unless the sqlite3 module has FTS5."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.OperationalError as error:
        raise SearchUnavailableError(
            f"search needs SQLite's FTS5 extension, which this Python's SQLite "
            f"{sqlite3.sqlite_version} lacks ({error}); use a Python build with FTS5 enabled"
        ) from None
    finally:
        probe.close()


def connect(path: Path | None) -> tuple[sqlite3.Connection, Path | None, list[str]]:
    """The index database at `path` (None: in memory), with the current schema, the path used
    and the warnings met opening it. Raises SearchUnavailableError."""
    ensure_fts5()
    warnings: list[str] = []
    conn, used = open_database(
        path,
        "SELECT 1",
        warnings.append,
        what="search index",
        full_check=False,
        # A newer reader's index is left alone (this session indexes in memory); an index
        # that cannot be written is rebuilt in memory rather than copied there.
        version=INDEX_VERSION,
        newer="memory",
        copy_when_read_only=False,
    )
    version = conn.execute("PRAGMA user_version").fetchall()[0][0]
    tables = conn.execute("SELECT name FROM sqlite_master WHERE name = 'docs_fts'").fetchall()
    if version != INDEX_VERSION or not tables:
        conn.executescript(_DROP + _SCHEMA)
    return conn, used, warnings


@dataclass(slots=True)
class Pending:
    """One file's rows, parsed and with their terms built, waiting to be written in a batch."""

    blob: bytes
    mtime_ns: int
    size: int
    digest: str
    #: (article path, title, body, title terms, body terms); None when only the stat changed
    #: (same content): rows are kept.
    docs: list[tuple[bytes, str, str, str, str]] | None
    errors: str = ""

    @property
    def chars(self) -> int:
        """The size of the text it holds, in characters."""
        return sum(len(d[2]) + len(d[4]) for d in self.docs or ())


@dataclass(slots=True)
class _Stale:
    """A file's rows, read to delete them, with the terms they were indexed with: a contentless
    FTS table forgets a row only when given its terms, which are computed outside the lock."""

    file_id: int
    #: (doc id, title terms, body terms)
    docs: list[tuple[int, str, str]]


class Tables:
    """The rows of an open index: every database call under `lock`, terms built outside it."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self._conn = conn
        self._lock = lock

    def files(self) -> dict[bytes, tuple[Any, ...]]:
        """Every indexed file: its path key -> (mtime_ns, size, hash, errors)."""
        with self._lock:
            rows = self._conn.execute("SELECT path, mtime_ns, size, hash, errors FROM files")
            return {bytes(r[0]): r[1:] for r in rows}

    def bodies(self, ids: list[int]) -> dict[int, str]:
        """The stored text of the articles `ids` (the caller holds the lock)."""
        bodies: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(f"SELECT id, body FROM doc_text WHERE id IN ({marks})", chunk)
            bodies.update(rows.fetchall())
        return bodies

    def write(self, pending: list[Pending]) -> None:
        """Write the files `pending` in one transaction (consuming their texts as it goes)."""
        if not pending:
            return
        with self._lock, self._conn:  # one transaction per batch
            self._conn.execute("BEGIN IMMEDIATE")
            for item in pending:
                if item.docs is None:
                    self._conn.execute(
                        "UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?",
                        (item.mtime_ns, item.size, item.blob),
                    )
                    continue
                self._delete_file(item.blob)
                file_id = self._conn.execute(
                    "INSERT INTO files (path, mtime_ns, size, hash, errors) VALUES (?,?,?,?,?)",
                    (item.blob, item.mtime_ns, item.size, item.digest, valid_text(item.errors)),
                ).lastrowid
                docs = item.docs
                docs.reverse()
                while docs:  # each text is let go once written (a 60 MB body, its UTF-8 copy)
                    article_path, title, body, title_terms, body_terms = docs.pop()
                    if valid_text(title) is not title or valid_text(body) is not body:
                        # SQLite refuses lone surrogates (a second guard: sources replace them)
                        title, body = valid_text(title), valid_text(body)
                        title_terms, body_terms = index_terms(title), index_terms(body)
                    doc_id = self._conn.execute(
                        "INSERT INTO docs (file_id, path, title) VALUES (?,?,?)",
                        (file_id, article_path, title),
                    ).lastrowid
                    self._conn.execute(
                        "INSERT INTO doc_text (id, body) VALUES (?,?)", (doc_id, body)
                    )
                    del body
                    self._conn.execute(
                        "INSERT INTO docs_fts (rowid, title, body) VALUES (?,?,?)",
                        (doc_id, title_terms, body_terms),
                    )
                    del body_terms

    def _stale(self, blob: bytes) -> _Stale | None:
        """The rows of the file `blob`, with their terms (computed outside the lock)."""
        with self._lock:
            found = self._file_docs(blob)
        if found is None:
            return None
        file_id, docs = found
        stale = _Stale(file_id, [])
        docs.reverse()
        while docs:
            doc_id, title, body = docs.pop()
            stale.docs.append((doc_id, index_terms(title), index_terms(body)))
            del body
        return stale

    def forget(self, blobs: list[bytes]) -> None:
        """Drop the files `blobs` from the index; their terms are built outside the lock."""
        stale = [found for found in map(self._stale, blobs) if found is not None]
        if not stale:
            return
        with self._lock, self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            for item in stale:
                # Rows of a file are never changed, only deleted with it: while the file's row
                # is there, the terms read above are still the right ones.
                if self._conn.execute(
                    "SELECT 1 FROM files WHERE id = ?", (item.file_id,)
                ).fetchall():
                    self._delete_rows(item)

    def _delete_rows(self, stale: _Stale) -> None:
        for doc_id, title_terms, body_terms in stale.docs:
            self._conn.execute(
                "INSERT INTO docs_fts (docs_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                (doc_id, title_terms, body_terms),
            )
        row = (stale.file_id,)
        self._conn.execute(
            "DELETE FROM doc_text WHERE id IN (SELECT id FROM docs WHERE file_id = ?)", row
        )
        self._conn.execute("DELETE FROM docs WHERE file_id = ?", row)
        self._conn.execute("DELETE FROM files WHERE id = ?", row)

    def _delete_file(self, blob: bytes) -> None:
        """Delete the file `blob`'s rows inside the current transaction (the lock held).

        `sync` forgets a changed file before parsing it again, so there is usually nothing
        left here; what is (an `add` over an indexed path) has its terms built under the lock.
        """
        found = self._file_docs(blob)
        if found is None:
            return
        file_id, docs = found
        terms = [(doc_id, index_terms(title), index_terms(body)) for doc_id, title, body in docs]
        self._delete_rows(_Stale(file_id, terms))

    def _file_docs(self, blob: bytes) -> tuple[int, list[Any]] | None:
        """The id of the file `blob` and its articles' (id, title, body) rows (the lock held)."""
        rows = self._conn.execute("SELECT id FROM files WHERE path = ?", (blob,)).fetchall()
        if not rows:
            return None
        file_id = int(rows[0][0])
        docs = self._conn.execute(
            "SELECT d.id, d.title, t.body FROM docs d JOIN doc_text t ON t.id = d.id "
            "WHERE d.file_id = ?",
            (file_id,),
        ).fetchall()
        return file_id, docs
