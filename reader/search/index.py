"""The search index: SQLite FTS5 over normalized words, updated file by file.

Design:

- **What is indexed.** Text is normalized (`reader.search.normalize`) and split into words in
  Python; each word is written followed by its attached-prefix forms (``وقال`` → ``وقال قال``),
  so the FTS table holds, for every word, every form a query word may equal. A query word then is
  a plain FTS term (``"قال"``, or ``"الكاظ"*`` for the word being typed) and finds ``وقال``
  through its stored form. FTS5 cannot put two tokens at one position from Python, so there are
  no phrase queries: the words of a query are ANDed. The table uses FTS5's ``ascii`` tokenizer,
  which splits only at ASCII punctuation and spaces: the words we write are already final, and
  ``unicode61`` would split them again at any combining mark; ``. , %`` are token characters
  (a word holds them only inside a number: ``5.4``, ``1,000``, ``5.4%``).
- **What is searchable.** The title, the paragraphs, and the article's other text: its date as
  written and as a date (``2021-04-18``), caption, credit, source, authors and tags (front
  matter), stored after the paragraphs (`article_text`), so a year typed as ``2021`` or
  ``٢٠٢١`` finds an article whose only ``2021`` is its date line.
- **What is stored.** Per file: path, mtime, size and a content hash; per article (a JSON list
  file holds several): its path and title, and in a table of its own (so that narrowing a list
  of 10,000 never reads it) its paragraph text, for snippets.
- **Incremental.** `sync` skips files whose mtime and size are unchanged, re-reads the ones whose
  content hash changed, and drops files no longer present. Parsing happens outside the lock and
  writes go in batches, so searches from another thread interleave with a running sync.
- **Ranking.** BM25 with the title weighted 4× the body; ties by path. Unranked searches skip
  it (the headline list keeps its own order while narrowing).
- **Prefix indexes** for one- and two-letter word beginnings: search-as-you-type starts with
  one letter, which would otherwise merge the posting lists of thousands of words (measured at
  10,000 articles: ~13 ms instead of 55–113 ms, for ~25% more index and build time).
- **Where.** A file beside the state database (`reader.store.index_path`) or in memory. It is a
  cache: a corrupt file is moved aside and rebuilt; a format change rebuilds it.

How the UI uses this (the index object may be shared between a worker and the UI thread)::

    index = SearchIndex.open(index_path(store_path))           # or SearchIndex.open(None)
    # in a worker:
    index.sync(paths, load_all, progress=post_count, cancelled=lambda: worker.is_cancelled)
    # as the search box changes (narrow the headline list; no snippets needed):
    hits = index.search(text, partial=True, snippets=False, ranked=False)   # hit.path
    # highlighting the opened article: reader.search.find_spans(paragraph.text, Query.parse(...))
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.model import Article, ArticleError
from reader.search.match import Query
from reader.search.normalize import (
    match_text,
    match_text_with_map,
    normalize,
    word_forms,
    words,
)
from reader.sources.files import SourceError, hash_file
from reader.statedb import (
    identity_source,
    open_database,
    path_from_key,
    path_key,
)
from reader.text.sanitize import clean_line, sanitize_with_map, strip_escapes, valid_text

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

#: Articles parsed before their rows are written in one transaction.
BATCH = 64
#: ... or fewer, once their text (bodies and terms) reaches this many characters.
BATCH_CHARS = 8 << 20
#: Text is normalized and split into words in pieces of about this many characters, so that a
#: 60 MB article never has a second normalized copy nor a list of all its words in memory, and
#: no single call holds the GIL for long (the UI thread runs between pieces).
PIECE_CHARS = 1 << 18
#: A sync that (re)indexed this many files checkpoints the WAL when it ends.
CHECKPOINT_AFTER = 500
#: Around the first hit, this many characters of context on each side of a snippet.
SNIPPET_CONTEXT = 60

Loader = Callable[[Path], Sequence[Article | ArticleError]]


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


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article.

    `key` is the article's stored path (`reader.store.path_key`: absolute, as bytes); `path`
    builds the Path on demand — to narrow a list of 10,000 entries, compare keys (precompute
    ``path_key(entry.path)`` once per entry) rather than build 10,000 Paths per keystroke.
    `title` is the raw title (pass it through the text engine or `clean_line`); `snippet` is a
    cleaned single line around the first hit (escapes, controls and bidi controls removed, in
    logical order) and `spans` are the hits inside it as (start, end) offsets.
    """

    key: bytes
    title: str
    snippet: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    score: float = 0.0

    @property
    def path(self) -> Path:
        return path_from_key(self.key)


@dataclass(slots=True)
class SyncStats:
    files: int = 0
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[tuple[Path, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    blob: bytes
    mtime_ns: int
    size: int
    digest: str
    #: None when only the stat changed (same content): rows are kept.
    docs: list[tuple[bytes, str, str, str, str]] | None
    errors: str = ""

    @property
    def chars(self) -> int:
        """The size of the text it holds, in characters."""
        return sum(len(d[2]) + len(d[4]) for d in self.docs or ())


class SyncCancelled(Exception):
    """Raised between pieces of a large article when the sync is cancelled; a loader may raise
    it too (a sync then stops as when `cancelled` says so, and nothing is recorded for the file
    it was loading)."""


@dataclass(slots=True)
class _Stale:
    """A file's rows, read to delete them, with the terms they were indexed with: a contentless
    FTS table forgets a row only when given its terms, which are computed outside the lock."""

    file_id: int
    #: (doc id, title terms, body terms)
    docs: list[tuple[int, str, str]]


# Characters `strip_escapes` acts on (ESC, the other C0 controls but tab and line breaks, C1).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_FORMS_CACHE: dict[str, str] = {}
_FORMS_CACHE_MAX = 200_000


def article_text(article: Article) -> str:
    """The searchable body of `article`: its paragraphs, then its date line (as written and as
    an ISO date), caption, credit, source, authors and tags, one per line (line breaks inside
    any of them become spaces)."""
    lines = [p.text for p in article.paragraphs]
    lines += [article.date_text, article.date.isoformat() if article.date else ""]
    lines += [article.caption, article.credit, article.source, *article.authors, *article.tags]
    return "\n".join(line.replace("\n", " ") for line in lines if line.strip())


def body_match_text(body: str) -> str:
    """`match_text` of each paragraph of a stored body (paragraphs joined by line breaks).

    Per paragraph, so that an unterminated escape sequence cannot swallow the paragraphs after
    it; the line breaks stay, so a match's paragraph is the count of breaks before it.
    """
    if not _CONTROLS.search(body):
        return normalize(body)  # nothing to strip: one pass over the whole body
    return "\n".join(match_text(p) for p in body.split("\n"))


def _ranges(text: str) -> Iterator[tuple[int, int, int]]:
    """`text` (paragraphs joined by line breaks) as consecutive ranges of at most about
    `PIECE_CHARS` characters: (start, end, -1) for a run of whole paragraphs, cut at a line
    break; (start, end, begin) for a part of a longer paragraph that begins at `begin`, cut at a
    space (never inside a word; a word with no space for a whole piece makes a longer part)."""
    size = len(text)
    start = 0
    while start < size:
        stop = start + PIECE_CHARS
        if stop >= size:
            yield start, size, -1
            return
        cut = text.rfind("\n", start, stop)
        if cut >= start:
            yield start, cut, -1
            start = cut + 1
            continue
        begin = start
        end = text.find("\n", stop)
        end = size if end < 0 else end
        while start < end:  # one paragraph longer than a piece: its parts
            stop = start + PIECE_CHARS
            if stop >= end:
                yield start, end, begin
                break
            cut = text.rfind(" ", start, stop)
            if cut <= start:
                cut = text.find(" ", stop, end)
                cut = end if cut < 0 else cut
            yield start, cut, begin
            start = cut + 1
        start = end + 1


def _pieces(text: str) -> Iterator[tuple[str, bool, bool, bool]]:
    """`text` (paragraphs joined by line breaks) cut as `_ranges` cuts it, each piece as
    (piece, whole, cut before, cut after): `whole` for a run of whole paragraphs (raw text),
    else a part of a long paragraph with its escape sequences already stripped (the paragraph
    is stripped before it is cut when it holds any, so no sequence is cut through)."""
    clean = stripped = -1  # where the long paragraph being cut begins, by what it holds
    for start, end, begin in _ranges(text):
        if begin < 0:
            yield text[start:end], True, False, False
            continue
        if begin == stripped:
            continue  # a later part of a paragraph that was stripped and cut whole
        more = text.startswith(" ", end)
        if begin == clean:
            yield text[start:end], False, True, more
            continue
        finish = text.find("\n", start)
        finish = len(text) if finish < 0 else finish
        if not _CONTROLS.search(text, start, finish):  # (the paragraph's first part)
            clean = begin
            yield text[start:end], False, False, more
            continue
        stripped = begin
        cleaned = strip_escapes(text[start:finish])
        for part_start, part_end, _ in _ranges(cleaned):
            yield cleaned[part_start:part_end], False, part_start > 0, part_end < len(cleaned)


def _match_pieces(text: str) -> Iterator[str]:
    """`body_match_text(text)` in pieces (`_pieces`): the words of all the pieces, in order, are
    exactly the words of `body_match_text(text)`."""
    for piece, whole, _, _ in _pieces(text):
        yield body_match_text(piece) if whole else normalize(piece)


def index_terms(text: str, cancelled: Callable[[], bool] | None = None) -> str:
    """The FTS column text for `text`: each normalized word followed by its prefix forms.

    Built piece by piece (`PIECE_CHARS`): memory stays a small multiple of the text, and
    `cancelled` is polled between pieces (raising `SyncCancelled`).
    """
    cache = _FORMS_CACHE
    parts: list[str] = []
    for piece in _match_pieces(text):
        if cancelled is not None and cancelled():
            raise SyncCancelled
        found = words(piece)
        if not found:
            continue
        if len(cache) >= _FORMS_CACHE_MAX:
            cache.clear()
        for word in set(found).difference(cache):
            cache[word] = " ".join((word, *word_forms(word)))
        parts.append(" ".join(map(cache.__getitem__, found)))
        del found
    if len(parts) == 1:
        return parts[0]
    return " ".join(parts)


def _fts_expression(query: Query) -> str:
    # Words hold only letters, digits and marks: quoting makes them plain FTS terms.
    terms = [f'"{w}"' + ("*" if query.is_prefix(i) else "") for i, w in enumerate(query.words)]
    return " AND ".join(terms)


def _reason(error: ArticleError) -> str:
    return str(getattr(error, "reason", None) or error)


def _error_path(error: ArticleError, default: Path) -> Path:
    path = getattr(error, "path", None)
    return Path(path) if isinstance(path, str | Path) else default


class SearchIndex:
    """An FTS5 index of articles. Thread-safe: one lock around every database call."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, warnings: list[str]) -> None:
        self._conn = conn
        self.path = path
        #: Problems met while opening (a corrupt index moved aside), for the UI to show.
        self.warnings = warnings
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | None) -> SearchIndex:
        """Open or create the index at `path` (None: in memory). Raises SearchUnavailableError."""
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
        return cls(conn, used, warnings)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of indexed articles."""
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM docs").fetchall()[0][0])

    # -- building ---------------------------------------------------------------------------

    def sync(
        self,
        files: Iterable[Path],
        load: Loader,
        *,
        prune: bool = True,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SyncStats:
        """Bring the index up to date with `files` (article files, as `discover` yields them).

        `load` turns a file into its articles (`reader.sources.load_all`); it may raise
        ArticleError. With `prune`, files indexed before but absent from `files` are dropped, so
        the index mirrors the library. `progress` gets the number of files seen so far;
        `cancelled` is polled between files (a cancelled sync prunes nothing).
        """
        stats = SyncStats()
        with self._lock:
            rows = self._conn.execute("SELECT path, mtime_ns, size, hash, errors FROM files")
            known = {bytes(r[0]): r[1:] for r in rows}
        seen: set[bytes] = set()
        pending: list[_Pending] = []
        pending_chars = 0
        stopped = False
        for path in files:
            if cancelled is not None and cancelled():
                stopped = True
                break
            blob = path_key(path)
            if blob in seen:
                continue
            seen.add(blob)
            stats.files += 1
            try:
                item = self._prepare(Path(path), blob, known.get(blob), load, stats, cancelled)
            except SyncCancelled:
                stopped = True
                break
            if item is not None:
                pending.append(item)
                pending_chars += item.chars
                if len(pending) >= BATCH or pending_chars >= BATCH_CHARS:
                    self._write(pending)
                    pending.clear()
                    pending_chars = 0
            if progress is not None:
                progress(stats.files)
        self._write(pending)
        pending.clear()
        if stats.indexed >= CHECKPOINT_AFTER:
            with self._lock:  # fold a large WAL back into the file now, not at some later read
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        if prune and not stopped:
            gone = [blob for blob in known if blob not in seen]
            stats.removed = len(gone)
            for start in range(0, len(gone), BATCH):
                self._forget(gone[start : start + BATCH])
        return stats

    def _prepare(
        self,
        path: Path,
        blob: bytes,
        known: tuple[Any, ...] | None,
        load: Loader,
        stats: SyncStats,
        cancelled: Callable[[], bool] | None = None,
    ) -> _Pending | None:
        """Read, parse and normalize one file, outside the lock (raises SyncCancelled)."""
        source, item = identity_source(path)
        try:
            info = source.stat()
            if known is not None and (known[0], known[1]) == (info.st_mtime_ns, info.st_size):
                stats.unchanged += 1
                stats.errors.extend((path, e) for e in str(known[3]).splitlines())
                return None
            # Read as the sources read (a regular file, never a FIFO or a device; at most 64 MB),
            # hashed in pieces.
            digest = hash_file(source, item)
        except SourceError as error:
            stats.errors.append((path, error.reason))
            return None
        except OSError as error:
            stats.errors.append((path, error.strerror or str(error)))
            return None
        if known is not None and known[2] == digest:
            stats.unchanged += 1
            stats.errors.extend((path, e) for e in str(known[3]).splitlines())
            return _Pending(blob, info.st_mtime_ns, info.st_size, digest, None, str(known[3]))
        if known is not None:
            self._forget([blob])  # the old rows go first: never two versions in memory at once
        try:
            results: list[Article | ArticleError] = list(load(path))
        except ArticleError as error:
            results = [error]
        except OSError as error:
            results = [ArticleError(error.strerror or str(error))]
        docs: list[tuple[bytes, str, str, str, str]] = []
        errors: list[str] = []
        results.reverse()
        while results:  # each article is let go once its terms are built
            result = results.pop()
            if isinstance(result, ArticleError):
                stats.errors.append((_error_path(result, path), _reason(result)))
                errors.append(_reason(result).replace("\n", " "))
                continue
            title = result.title
            body = article_text(result)
            article_path = path_key(result.path or path)
            del result
            docs.append(
                (
                    article_path,
                    title,
                    body,
                    index_terms(title, cancelled),
                    index_terms(body, cancelled),
                )
            )
        stats.indexed += 1
        return _Pending(blob, info.st_mtime_ns, info.st_size, digest, docs, "\n".join(errors))

    def _write(self, pending: list[_Pending]) -> None:
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

    def _forget(self, blobs: list[bytes]) -> None:
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

    def add(self, article: Article) -> None:
        """Index one article directly (no file behind it); `article.path` names it."""
        path = article.path or Path(article.title)
        blob = path_key(path)
        body = article_text(article)
        doc = (blob, article.title, body, index_terms(article.title), index_terms(body))
        self._write([_Pending(blob, 0, 0, "", [doc])])

    # -- searching --------------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        *,
        partial: bool = False,
        limit: int | None = None,
        snippets: bool = True,
        ranked: bool = True,
    ) -> list[Hit]:
        """The articles matching every word of `query`, best first.

        A string is parsed with `Query.parse(query, partial=partial)`; an empty query matches
        nothing. Without `snippets` only paths, titles and scores are read. Without `ranked`
        hits come in index order with a score of 0 — the cheapest form, for narrowing a list
        that keeps its own order on every keystroke.
        """
        if isinstance(query, str):
            query = Query.parse(query, partial=partial)
        if not query:
            return []
        score = "docs_fts.rank" if ranked else "0.0"
        order = "ORDER BY docs_fts.rank, d.path " if ranked else ""
        sql = (
            f"SELECT d.id, d.path, d.title, {score} FROM docs_fts "
            f"JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ? {order}LIMIT ?"
        )
        with self._lock:
            rows = self._conn.execute(sql, (_fts_expression(query), -1 if limit is None else limit))
            found = rows.fetchall()
            bodies = self._bodies([row[0] for row in found]) if snippets else {}
        hits: list[Hit] = []
        for doc_id, blob, title, rank in found:
            snippet = ""
            spans: tuple[tuple[int, int], ...] = ()
            if snippets:
                snippet, spans = make_snippet(title, bodies.get(doc_id, ""), query)
            hits.append(Hit(bytes(blob), title, snippet, spans, float(rank)))
        return hits

    def _bodies(self, ids: list[int]) -> dict[int, str]:
        """The stored text of the articles `ids`, read only for the hits that get a snippet."""
        bodies: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(f"SELECT id, body FROM doc_text WHERE id IN ({marks})", chunk)
            bodies.update(rows.fetchall())
        return bodies

    def scan(self, needle: str) -> list[Path]:
        """Articles whose stored title or text contains `needle`, by a plain LIKE scan.

        The baseline the index is measured against (bench/search.py); not for the UI: it knows
        no Arabic rules and reads every stored article.
        """
        pattern = "%" + needle.replace("%", "").replace("_", "") + "%"
        with self._lock:
            rows = self._conn.execute(
                "SELECT d.path FROM docs d JOIN doc_text t ON t.id = d.id "
                "WHERE d.title LIKE ? OR t.body LIKE ?",
                (pattern, pattern),
            ).fetchall()
        return [path_from_key(bytes(r[0])) for r in rows]


def _clean_with_map(text: str) -> tuple[str, Sequence[int]]:
    """`clean_line(text)` and, for each of its characters, its offset in `text`.

    `clean_line` only drops characters of the sanitized text, and drops every copy of a dropped
    character, so walking both in step aligns them exactly.
    """
    sanitized, origin = sanitize_with_map(text)
    cleaned = clean_line(text)
    if len(cleaned) == len(sanitized):
        return cleaned, origin
    kept: list[int] = []
    for char, offset in zip(sanitized, origin, strict=True):
        if len(kept) < len(cleaned) and cleaned[len(kept)] == char:
            kept.append(offset)
    return cleaned, kept


def _hit_source(body: str, query: Query) -> tuple[str, bool, bool] | None:
    """The paragraph of `body` with the first hit, or for a paragraph longer than `PIECE_CHARS`
    the part of it (cut at spaces) with the hit, and whether text was cut before and after it.

    The body is normalized piece by piece up to the first hit only: a 60 MB article is never
    normalized whole, nor mapped character by character, for one snippet.
    """
    pattern = query.pattern
    for piece, whole, before, after in _pieces(body):
        if not whole:
            if pattern.search(normalize(piece)):
                return piece, before, after
            continue
        normalized = body_match_text(piece)
        first = pattern.search(normalized)
        if first is None:
            continue
        start = 0
        for _ in range(normalized.count("\n", 0, first.start())):
            start = piece.index("\n", start) + 1
        stop = piece.find("\n", start)
        return piece[start : len(piece) if stop < 0 else stop], False, False
    return None


def make_snippet(title: str, body: str, query: Query) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A cleaned one-line excerpt around the first hit (body first, else the title), with spans."""
    found = _hit_source(body, query)
    source, before, after = found if found is not None else (title, False, False)
    normalized = match_text_with_map(source)
    spans = [normalized.to_original(*m.span()) for m in query.pattern.finditer(normalized.text)]
    if not spans:
        return "", ()
    start = max(0, spans[0][0] - SNIPPET_CONTEXT)
    end = min(len(source), spans[0][1] + SNIPPET_CONTEXT)
    if start > 0:  # begin and end on word boundaries
        space = source.find(" ", start, spans[0][0])
        start = space + 1 if space >= 0 else start
    if end < len(source):
        space = source.rfind(" ", spans[0][1], end)
        end = space if space >= 0 else end
    cleaned, origin = _clean_with_map(source[start:end])
    lead = "… " if start > 0 or before else ""
    tail = " …" if end < len(source) or after else ""
    out: list[tuple[int, int]] = []
    for hit_start, hit_end in spans:
        if hit_start < start or hit_end > end:
            continue
        a = bisect.bisect_left(origin, hit_start - start)
        b = bisect.bisect_left(origin, hit_end - start)
        if a < b:
            out.append((a + len(lead), b + len(lead)))
    return lead + cleaned + tail, tuple(out)
