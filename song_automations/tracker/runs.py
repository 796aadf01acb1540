"""Sync runs and their events: what each run did, for `status` and the run summaries."""

from __future__ import annotations

from typing import Any

from .base import TrackerBase, dumps


class RunStore(TrackerBase):
    """One row per sync run; events (deleted releases, failures, playlist changes)."""

    def start_run(self, destinations: list[str], options: dict[str, Any]) -> int:
        """Open a run in status ``running`` and return its id."""
        with self.write() as db:
            cursor = db.execute(
                "INSERT INTO sync_runs (started_at, status, destinations, options) VALUES (?, 'running', ?, ?)",
                [self.now(), ",".join(destinations), dumps(options)],
            )
            return cursor.lastrowid

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Close a run with ``status`` (``ok``, ``failed``, ``dry_run``) and its summary."""
        with self.write() as db:
            db.execute(
                "UPDATE sync_runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
                [self.now(), status, dumps(summary), run_id],
            )

    def log_event(
        self,
        run_id: int | None,
        kind: str,
        destination: str | None = None,
        folder_id: int | None = None,
        release_id: int | None = None,
        **detail: Any,
    ) -> None:
        """Append an event to a run (``run_id`` None: not part of a run, dropped)."""
        if run_id is None:
            return
        with self.write() as db:
            db.execute(
                "INSERT INTO sync_events (run_id, at, kind, destination, folder_id, release_id, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [run_id, self.now(), kind, destination, folder_id, release_id, dumps(detail)],
            )

    def events(self, run_id: int) -> list[dict]:
        return self.rows("SELECT * FROM sync_events WHERE run_id = ? ORDER BY id", [run_id])

    def runs(self, limit: int = 20) -> list[dict]:
        """The latest runs from the ``run_summaries`` view, newest first."""
        return self.rows("SELECT * FROM run_summaries LIMIT ?", [limit])
