"""The Discogs side in the tracker: folders, their releases, the release cache, tracks."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta

from ..models import Folder, FolderItem, SourceTrack
from .base import TrackerBase, dumps
from .vocabulary import RELEASE_DELETED, RELEASE_OK

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

    def present_folders(self) -> list[Folder]:
        """Folders Discogs still lists (the wantlist included), in id order."""
        return [Folder(r["id"], r["name"]) for r in self._rows("SELECT id, name FROM folders WHERE present = 1 "
                                                                "ORDER BY id")]

    def catalog_size(self) -> tuple[int, int]:
        """``(releases fetched and not deleted, their playable tracks)``."""
        row = self._one(f"SELECT (SELECT COUNT(*) FROM releases WHERE status = '{RELEASE_OK}') AS releases, "
                        "(SELECT COUNT(*) FROM source_tracks) AS tracks")
        return row["releases"], row["tracks"]

    def vanished_folders(self) -> list[Folder]:
        """Folders once seen that Discogs no longer lists (their playlists may be deleted)."""
        return [Folder(r["id"], r["name"]) for r in self._rows("SELECT id, name FROM folders WHERE present = 0")]

    def update_folder_releases(self, folder_id: int, items: list[FolderItem]) -> None:
        """Replace a folder's contents with ``items`` (Discogs order) in one transaction."""
        with self.write() as db:
            db["folder_releases"].delete_where("folder_id = ?", [folder_id])
            db["folder_releases"].insert_all(
                {"folder_id": folder_id, "position": i, "release_id": it.release_id,
                 "instance_id": it.instance_id, "date_added": it.date_added, "title": it.title,
                 "artist": it.artist}
                for i, it in enumerate(items)
            )

    def folder_release_ids(self, folder_id: int) -> list[int]:
        """Release ids of a folder in Discogs order (a release owned twice appears twice)."""
        return [r["release_id"] for r in self._rows(SQL_FOLDER_RELEASES, [folder_id])]

    def cached_release(self, release_id: int, max_age_days: float | None = None) -> dict | None:
        """The cached payload, ``{"status": "deleted"}`` for a release Discogs 404'd, or
        ``None`` when never fetched or older than ``max_age_days`` (``None``: no limit)."""
        row = self._one(SQL_RELEASE, [release_id])
        if row is None:
            return None
        if max_age_days is not None:
            age = self.clock() - datetime.fromisoformat(row["fetched_at"])
            if age > timedelta(days=max_age_days):
                return None
        if row["status"] == RELEASE_DELETED:
            return {"status": RELEASE_DELETED}
        return json.loads(row["payload"])

    def store_release(self, release_id: int, payload: dict, tracks: list[SourceTrack]) -> None:
        """Cache a fetched release and its playable tracks, atomically."""
        with self.write() as db:
            db["releases"].insert({"id": release_id, "status": RELEASE_OK, "title": payload.get("title"),
                                   "payload": dumps(payload), "fetched_at": self.now()}, replace=True)
            db["source_tracks"].delete_where("release_id = ?", [release_id])
            db["source_tracks"].insert_all(
                {"release_id": release_id, "position": t.position, "track_index": t.index, "title": t.title,
                 "artist_credit": t.artist_credit, "artist_display": t.artist_display or None,
                 "duration_s": t.duration_s, "data": dumps(asdict(t))}
                for t in tracks
            )

    def mark_release_deleted(self, release_id: int) -> None:
        """Record that Discogs answered 404 for this release (kept, reported, not retried)."""
        with self.write() as db:
            db["releases"].insert({"id": release_id, "status": RELEASE_DELETED, "title": None, "payload": None,
                                   "fetched_at": self.now()}, replace=True)

    def deleted_releases(self) -> list[int]:
        """Releases Discogs answered 404 for, by id."""
        return [r["id"] for r in self._rows("SELECT id FROM releases WHERE status = ? ORDER BY id", [RELEASE_DELETED])]

    def source_tracks(self, release_id: int) -> list[SourceTrack]:
        """The cached tracks of a release in tracklist order (empty if never fetched)."""
        return [_track(json.loads(r["data"])) for r in self._rows(SQL_SOURCE_TRACKS, [release_id])]


def _track(data: dict) -> SourceTrack:
    # JSON has no tuples; fields this version does not know are dropped, new ones default.
    known = set(SourceTrack.__dataclass_fields__)
    return SourceTrack(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known})
