"""The search index: SQLite FTS5 over normalized words, updated file by file.

`SearchIndex` decides what to read and what to look for; the terms it writes and queries are
built by `reader.search.terms`, the rows are written and deleted by `reader.search.tables`, and
a hit's snippet is cut by `reader.search.snippets`.

- **Incremental.** `sync` skips files whose mtime and size are unchanged, re-reads the ones whose
  content hash changed, and drops files no longer present. Parsing happens outside the lock and
  writes go in batches, so searches from another thread interleave with a running sync.
- **Ranking.** BM25 with the title weighted 4× the body; ties by path. Unranked searches skip
  it (the headline list keeps its own order while narrowing).

How the UI uses this (the index object may be shared between a worker and the UI thread)::

    index = SearchIndex.open(index_path(store_path))           # or SearchIndex.open(None)
    # in a worker:
    index.sync(paths, load_all, progress=post_count, cancelled=lambda: worker.is_cancelled)
    # as the search box changes (narrow the headline list; no snippets needed):
    hits = index.search(text, partial=True, snippets=False, ranked=False)   # hit.path
    # highlighting the opened article: reader.search.find_spans(paragraph.text, Query.parse(...))
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.model import Article, ArticleError, reason
from reader.search.match import Query
from reader.search.snippets import make_snippet
from reader.search.tables import INDEX_VERSION as INDEX_VERSION  # re-exported: the format
from reader.search.tables import Pending, Tables, connect
from reader.search.terms import SyncCancelled, article_text, fts_expression, index_terms
from reader.sources.files import SourceError, hash_file
from reader.statedb import identity_source, path_from_key, path_key

#: Articles parsed before their rows are written in one transaction.
BATCH = 64
#: ... or fewer, once their text (bodies and terms) reaches this many characters.
BATCH_CHARS = 8 << 20
#: A sync that (re)indexed this many files checkpoints the WAL when it ends.
CHECKPOINT_AFTER = 500

Loader = Callable[[Path], Sequence[Article | ArticleError]]


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
    """What one `sync` did: files seen, (re)indexed, unchanged and dropped, and the refusals."""

    files: int = 0
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[tuple[Path, str]] = field(default_factory=list)


def _under(root: Path | None) -> Callable[[bytes], bool]:
    """Whether a path key is under `root` (never, for None)."""
    if root is None:
        return lambda blob: False
    prefix = path_key(root).rstrip(b"/") + b"/"
    return lambda blob: blob.startswith(prefix)


def _document(
    article: Article, blob: bytes, cancelled: Callable[[], bool] | None = None
) -> tuple[bytes, str, str, str, str]:
    """An article's row: its path key, title, body and their terms."""
    body = article_text(article)
    terms = index_terms(article.title, cancelled), index_terms(body, cancelled)
    return (blob, article.title, body, *terms)


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
        self._tables = Tables(conn, self._lock)

    @classmethod
    def open(cls, path: Path | None) -> SearchIndex:
        """Open or create the index at `path` (None: in memory). Raises SearchUnavailableError."""
        conn, used, warnings = connect(path)
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
        spare: Path | None = None,
    ) -> SyncStats:
        """Bring the index up to date with `files` (article files, as `discover` yields them).

        `load` turns a file into its articles (`reader.sources.load_all`); it may raise
        ArticleError. With `prune`, files indexed before but absent from `files` are dropped, so
        the index mirrors the library, except the documents under `spare` (those
        `sync_documents` keeps). `progress` gets the number of files seen so far; `cancelled`
        is polled between files (a cancelled sync prunes nothing).
        """
        stats = SyncStats()
        known = self._tables.files()
        seen: set[bytes] = set()
        pending: list[Pending] = []
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
                    self._tables.write(pending)
                    pending.clear()
                    pending_chars = 0
            if progress is not None:
                progress(stats.files)
        self._tables.write(pending)
        pending.clear()
        if stats.indexed >= CHECKPOINT_AFTER:
            with self._lock:  # fold a large WAL back into the file now, not at some later read
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        if prune and not stopped:
            kept = _under(spare)
            gone = [blob for blob in known if blob not in seen and not kept(blob)]
            stats.removed = len(gone)
            for start in range(0, len(gone), BATCH):
                self._tables.forget(gone[start : start + BATCH])
        return stats

    def _prepare(
        self,
        path: Path,
        blob: bytes,
        known: tuple[Any, ...] | None,
        load: Loader,
        stats: SyncStats,
        cancelled: Callable[[], bool] | None = None,
    ) -> Pending | None:
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
            return Pending(blob, info.st_mtime_ns, info.st_size, digest, None, str(known[3]))
        if known is not None:
            # The old rows go first: never two versions in memory at once.
            self._tables.forget([blob])
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
                stats.errors.append((_error_path(result, path), reason(result)))
                errors.append(reason(result).replace("\n", " "))
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
        return Pending(blob, info.st_mtime_ns, info.st_size, digest, docs, "\n".join(errors))

    def sync_documents(
        self,
        stamps: Mapping[Path, str],
        load: Callable[[Path], Article],
        *,
        under: Path,
        fresh: Collection[Path] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> SyncStats:
        """Bring the documents under `under` (made-up paths, no file behind them: the stored
        feed items) in step with `stamps` ({path: version}): a path new or of another version,
        or in `fresh`, is read with `load` (it may raise ArticleError) and indexed again; one
        indexed before but absent from `stamps` is dropped (not after a cancel)."""
        stats = SyncStats()
        inside = _under(under)
        known = {blob: row for blob, row in self._tables.files().items() if inside(blob)}
        again = {path_key(path) for path in fresh}
        seen: set[bytes] = set()
        pending: list[Pending] = []
        stopped = False
        for path, stamp in stamps.items():
            if cancelled is not None and cancelled():
                stopped = True
                break
            blob = path_key(path)
            if blob in seen or not inside(blob):
                continue
            seen.add(blob)
            stats.files += 1
            old = known.get(blob)
            if old is not None and old[2] == stamp and blob not in again:
                stats.unchanged += 1
                continue
            if old is not None:
                self._tables.forget([blob])
            try:
                doc = _document(load(path), blob, cancelled)
            except SyncCancelled:
                stopped = True
                break
            except ArticleError as error:
                said = reason(error)
                stats.errors.append((path, said))
                pending.append(Pending(blob, 0, 0, stamp, [], said.replace("\n", " ")))
            else:
                pending.append(Pending(blob, 0, 0, stamp, [doc]))
                stats.indexed += 1
            if len(pending) >= BATCH:
                self._tables.write(pending)
                pending.clear()
        self._tables.write(pending)
        if not stopped and not (cancelled is not None and cancelled()):
            gone = [blob for blob in known if blob not in seen]
            stats.removed = len(gone)
            for start in range(0, len(gone), BATCH):
                self._tables.forget(gone[start : start + BATCH])
        return stats

    def add(self, article: Article) -> None:
        """Index one article directly (no file behind it); `article.path` names it."""
        blob = path_key(article.path or Path(article.title))
        self._tables.write([Pending(blob, 0, 0, "", [_document(article, blob)])])

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
            rows = self._conn.execute(sql, (fts_expression(query), -1 if limit is None else limit))
            found = rows.fetchall()
            bodies = self._tables.bodies([row[0] for row in found]) if snippets else {}
        hits: list[Hit] = []
        for doc_id, blob, title, rank in found:
            snippet = ""
            spans: tuple[tuple[int, int], ...] = ()
            if snippets:
                snippet, spans = make_snippet(title, bodies.get(doc_id, ""), query)
            hits.append(Hit(bytes(blob), title, snippet, spans, float(rank)))
        return hits
