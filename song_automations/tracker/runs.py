"""Sync runs and their events: what each run did, for `status` and the run summaries."""

from __future__ import annotations

from typing import Any

from .base import TrackerBase, dumps
from .vocabulary import RunStatus


class RunStore(TrackerBase):
    """One row per sync run; events (deleted releases, failures, playlist changes)."""

    def start_run(self, destinations: list[str], options: dict[str, Any]) -> int:
        """Open a run in status ``running`` and return its id."""
        with self.write() as db:
            table = db["sync_runs"].insert({"started_at": self.now(), "status": str(RunStatus.RUNNING),
                                            "destinations": ",".join(destinations), "options": dumps(options)})
            return table.last_pk

    def finish_run(self, run_id: int, status: RunStatus, summary: dict[str, Any]) -> None:
        """Close a run with its final ``status`` and summary."""
        with self.write() as db:
            db["sync_runs"].update(run_id, {"finished_at": self.now(), "status": str(status),
                                            "summary": dumps(summary)})

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
            self._insert_event(db, run_id, kind, destination, folder_id, release_id, **detail)

    def log_events(self, run_id: int | None, kind: str, details: list[dict[str, Any]]) -> None:
        """Append many events of one ``kind`` to a run in one transaction (``run_id`` None: dropped)."""
        if run_id is None or not details:
            return
        now = self.now()
        with self.write() as db:
            db["sync_events"].insert_all({"run_id": run_id, "at": now, "kind": kind, "destination": None,
                                          "folder_id": None, "release_id": None, "detail": dumps(detail)}
                                         for detail in details)

    def events(self, run_id: int) -> list[dict]:
        """Every event of run ``run_id``, in order."""
        return self._rows("SELECT * FROM sync_events WHERE run_id = ? ORDER BY id", [run_id])

    def runs(self, limit: int = 20) -> list[dict]:
        """The latest runs from the ``run_summaries`` view, newest first."""
        return self._rows("SELECT * FROM run_summaries LIMIT ?", [limit])
