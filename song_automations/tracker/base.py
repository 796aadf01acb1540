"""The tracker's connection: WAL, one writer, transactions, an injectable clock."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import TrackerError
from .migrations import migrate

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON so identical data always stores identically."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)


class TrackerBase:
    """Owns the sqlite connection; subclasses add the tables' operations.

    One connection is shared by every thread of a sync, guarded by one re-entrant lock:
    SQLite allows a single writer anyway, and holding the lock for reads too keeps the
    connection's transaction state consistent. WAL lets Datasette and notebooks read
    from other processes while a sync writes.
    """

    def __init__(self, path: str | Path, clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # timeout: wait for another process's write (a notebook) instead of failing.
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
            self.db = sqlite_utils.Database(conn)
            self.db.enable_wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            # NORMAL is durable across application crashes in WAL mode (only an OS crash
            # can lose the last transactions), and much faster than FULL.
            self.db.execute("PRAGMA synchronous = NORMAL")
            with self._lock:
                migrate(self.db)
        except sqlite3.Error as exc:
            raise TrackerError(f"Cannot open the tracker database at {self.path}: {exc}") from exc

    def now(self) -> str:
        """The current time as an ISO-8601 UTC string (what every *_at column holds)."""
        return self.clock().isoformat()

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction under the writer lock; rolled back if the block raises."""
        with self._lock, self.db.atomic():
            yield self.db

    def _insert_event(self, db, run_id: int, kind: str, destination: str | None = None,
                      folder_id: int | None = None, release_id: int | None = None, **detail: Any) -> None:
        """Append one run event inside the caller's transaction."""
        db["sync_events"].insert({"run_id": run_id, "at": self.now(), "kind": kind, "destination": destination,
                                  "folder_id": folder_id, "release_id": release_id, "detail": dumps(detail)})

    # SQL stays inside the tracker package: these two are for its own modules only.
    def _rows(self, sql: str, params: list | tuple | dict = ()) -> list[dict]:
        """Run a read query under the lock and return plain dicts."""
        with self._lock:
            return list(self.db.query(sql, params))

    def _one(self, sql: str, params: list | tuple | dict = ()) -> dict | None:
        found = self._rows(sql, params)
        return found[0] if found else None

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` for a healthy database."""
        with self._lock:
            return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    def explain(self, sql: str, params: list | tuple | dict = ()) -> list[str]:
        """The ``EXPLAIN QUERY PLAN`` details of one of the tracker's own queries (tests
        check that the hot ones use an index)."""
        with self._lock:
            return [row[-1] for row in self.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
