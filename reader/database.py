"""A SQLite connection shared between threads, whose failures are recorded rather than raised.

`reader.store.Store` (the reading state) is one; a cache that keeps its own table in the same
file (the headline cache, `reader.library.cache`) runs its statements through the same public
`prepare`, `read`, `write` and `write_many`, so it shares the lock, the transactions and the
warnings, and the reading state's module knows nothing of it. Losing a cache row or a bookmark
must not crash the reader: a failed write becomes a warning and a failed read gives no rows.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

#: Values per `IN (...)` list in one query (SQLite's limit is 999 in old builds).
_CHUNK = 500


class Database:
    """A database shared between threads: one lock around each call, and every failure to
    read or write recorded in `warnings` (and told to `on_warning`), never raised."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        warnings: list[str],
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self._conn = conn
        #: The database file in use; None when running in memory.
        self.path = path
        #: Every problem met (database moved aside, a write that failed), for the UI to show.
        self.warnings = warnings
        self._on_warning = on_warning
        self._depth = 0
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._on_warning is not None:
            self._on_warning(message)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one transaction (one commit at the end, all or nothing)."""
        with self._lock:
            if self._depth == 0:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise

    def write(self, what: str, *statements: tuple[str, Sequence[object]]) -> bool:
        """Run `statements` (SQL, parameters) as one committed change; a failure is recorded
        in `warnings` ("could not save `what`"), not raised. False when it failed."""
        return self.write_many(what, *((sql, (params,)) for sql, params in statements))

    def write_many(self, what: str, *statements: tuple[str, Iterable[Sequence[object]]]) -> bool:
        """`write` with each statement run once per parameter row (``executemany``), all in one
        transaction: a cache saves a batch of rows in one commit."""
        try:
            with self.batch():
                for sql, rows in statements:
                    self._conn.executemany(sql, rows)
        except sqlite3.Error as error:
            self._warn(f"could not save {what}: {error}")
            return False
        return True

    def prepare(self, schema: str) -> bool:
        """Apply `schema` (``CREATE ... IF NOT EXISTS`` statements) for a cache that keeps its
        tables in this database; a failure is recorded, not raised. False when it failed."""
        try:
            with self._lock:
                self._conn.executescript(schema)
        except sqlite3.Error as error:
            self._warn(f"could not prepare the state database: {error}")
            return False
        return True

    def _read_in(self, sql: str, values: Sequence[object]) -> list[Any]:
        """`sql` with its one `IN ({})` list filled with `values`, read in chunks: a batch of
        the scan costs what it holds, not what the whole table holds."""
        rows: list[Any] = []
        for start in range(0, len(values), _CHUNK):
            chunk = tuple(values[start : start + _CHUNK])
            rows.extend(self.read(sql.format(",".join("?" * len(chunk))), chunk))
        return rows

    def read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """The rows `sql` selects; a failure is recorded in `warnings` and gives no rows."""
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            self._warn(f"could not read the state database: {error}")
            return []
