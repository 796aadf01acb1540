"""The Discogs side in the tracker: folders, their releases, the release cache, tracks."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta

from ..models import Folder, FolderItem, SourceTrack
from .base import TrackerBase, dumps

# Hot queries, named so tests can EXPLAIN them.
SQL_FOLDER_RELEASES = "SELECT release_id FROM folder_releases WHERE folder_id = ? ORDER BY position"
SQL_RELEASE = "SELECT status, payload, fetched_at FROM releases WHERE id = ?"
SQL_SOURCE_TRACKS = "SELECT data FROM source_tracks WHERE release_id = ? ORDER BY track_index"


class CatalogStore(TrackerBase):
    """Folders, folder contents, cached release payloads and their source tracks."""

    def record_folders(self, folders: list[Folder], complete: bool) -> None:
        """Upsert the folders Discogs listed.

        ``complete`` means ``folders`` is Discogs' whole folder list (not filtered), so any
        known folder missing from it has disappeared and is marked ``present = 0``.
        """
        now = self.now()
        with self.write() as db:
            db.conn.executemany(
                "INSERT INTO folders (id, name, present, first_seen_at, last_seen_at) "
                "VALUES (?, ?, 1, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "name = excluded.name, present = 1, last_seen_at = excluded.last_seen_at",
                [(f.id, f.name, now, now) for f in folders],
            )
            if complete:
                ids = [f.id for f in folders]
                marks = ",".join("?" * len(ids)) or "NULL"
                db.execute(f"UPDATE folders SET present = 0 WHERE id NOT IN ({marks})", ids)

    def vanished_folders(self) -> list[Folder]:
        """Folders once seen that Discogs no longer lists (their playlists may be deleted)."""
        return [Folder(r["id"], r["name"]) for r in self.rows("SELECT id, name FROM folders WHERE present = 0")]

    def update_folder_releases(self, folder_id: int, items: list[FolderItem]) -> None:
        """Replace a folder's contents with ``items`` (Discogs order) in one transaction."""
        with self.write() as db:
            db.execute("DELETE FROM folder_releases WHERE folder_id = ?", [folder_id])
            db.conn.executemany(
                "INSERT INTO folder_releases (folder_id, position, release_id, instance_id, "
                "date_added, title, artist) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (folder_id, i, it.release_id, it.instance_id, it.date_added, it.title, it.artist)
                    for i, it in enumerate(items)
                ],
            )

    def folder_release_ids(self, folder_id: int) -> list[int]:
        """Release ids of a folder in Discogs order (a release owned twice appears twice)."""
        return [r["release_id"] for r in self.rows(SQL_FOLDER_RELEASES, [folder_id])]

    def cached_release(self, release_id: int, max_age_days: float | None = None) -> dict | None:
        """The cached payload, ``{"status": "deleted"}`` for a release Discogs 404'd, or
        ``None`` when never fetched or older than ``max_age_days`` (``None``: no limit)."""
        row = self.one(SQL_RELEASE, [release_id])
        if row is None:
            return None
        if max_age_days is not None:
            age = self.clock() - datetime.fromisoformat(row["fetched_at"])
            if age > timedelta(days=max_age_days):
                return None
        if row["status"] == "deleted":
            return {"status": "deleted"}
        return json.loads(row["payload"])

    def store_release(self, release_id: int, payload: dict, tracks: list[SourceTrack]) -> None:
        """Cache a fetched release and its playable tracks, atomically."""
        with self.write() as db:
            db.execute(
                "INSERT OR REPLACE INTO releases (id, status, title, payload, fetched_at) "
                "VALUES (?, 'ok', ?, ?, ?)",
                [release_id, payload.get("title"), dumps(payload), self.now()],
            )
            db.execute("DELETE FROM source_tracks WHERE release_id = ?", [release_id])
            db.conn.executemany(
                "INSERT INTO source_tracks (release_id, position, track_index, title, "
                "artist_credit, duration_s, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (release_id, t.position, t.index, t.title, t.artist_credit, t.duration_s, dumps(asdict(t)))
                    for t in tracks
                ],
            )

    def mark_release_deleted(self, release_id: int) -> None:
        """Record that Discogs answered 404 for this release (kept, reported, not retried)."""
        with self.write() as db:
            db.execute(
                "INSERT OR REPLACE INTO releases (id, status, title, payload, fetched_at) "
                "VALUES (?, 'deleted', NULL, NULL, ?)",
                [release_id, self.now()],
            )

    def deleted_releases(self) -> list[int]:
        return [r["id"] for r in self.rows("SELECT id FROM releases WHERE status = 'deleted' ORDER BY id")]

    def source_tracks(self, release_id: int) -> list[SourceTrack]:
        """The cached tracks of a release in tracklist order (empty if never fetched)."""
        return [_track(json.loads(r["data"])) for r in self.rows(SQL_SOURCE_TRACKS, [release_id])]


def _track(data: dict) -> SourceTrack:
    for name in ("artists", "featured", "remixers", "labels", "catnos"):
        data[name] = tuple(data.get(name) or ())
    return SourceTrack(**data)
