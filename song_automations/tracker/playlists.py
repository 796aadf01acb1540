"""Managed playlists (by platform id, never by name) and the items we put in them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .base import TrackerBase, dumps

SQL_PLAYLISTS_FOR_FOLDER = (
    "SELECT * FROM playlists WHERE destination = ? AND folder_id = ? ORDER BY part"
)
SQL_MANAGED = "SELECT uri FROM managed_items WHERE destination = ? AND playlist_id = ?"


@dataclass(frozen=True, slots=True)
class StoredPlaylist:
    """A playlist we manage: which folder (and which part of it) it mirrors.

    ``items`` and ``snapshot`` are the contents as last seen or written by us; when the
    platform still reports the same ``snapshot``, those items are current and the
    playlist need not be read again.
    """

    destination: str
    id: str
    folder_id: int
    part: int
    name: str
    snapshot: str | None
    items: tuple[str, ...] | None


def _row(r: dict) -> StoredPlaylist:
    items = tuple(json.loads(r["items"])) if r["items"] is not None else None
    return StoredPlaylist(r["destination"], r["id"], r["folder_id"], r["part"], r["name"], r["snapshot"], items)


class PlaylistStore(TrackerBase):
    """Which remote playlist mirrors which folder, and which of its items are ours."""

    def playlists_for_folder(self, destination: str, folder_id: int) -> list[StoredPlaylist]:
        """The folder's playlists on ``destination``, part 1 first."""
        return [_row(r) for r in self._rows(SQL_PLAYLISTS_FOR_FOLDER, [destination, folder_id])]

    def all_playlists(self, destination: str) -> list[StoredPlaylist]:
        """Every playlist we manage on ``destination``."""
        return [_row(r) for r in self._rows("SELECT * FROM playlists WHERE destination = ?", [destination])]

    def save_playlist(
        self,
        destination: str,
        playlist_id: str,
        folder_id: int,
        part: int,
        name: str,
        items: tuple[str, ...] | None = None,
        snapshot: str | None = None,
    ) -> None:
        """Record (or update) the playlist mirroring ``folder_id``/``part``.

        A different playlist previously recorded for the same folder and part is
        replaced: the platform no longer has it (it was deleted by hand).
        """
        now = self.now()
        with self.write() as db:
            db.execute(
                "DELETE FROM playlists WHERE destination = ? AND folder_id = ? AND part = ? AND id != ?",
                [destination, folder_id, part, playlist_id],
            )
            db.execute(
                """INSERT INTO playlists (destination, id, folder_id, part, name, snapshot, items,
                       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(destination, id) DO UPDATE SET folder_id = excluded.folder_id,
                       part = excluded.part, name = excluded.name, snapshot = excluded.snapshot,
                       items = excluded.items, updated_at = excluded.updated_at""",
                [destination, playlist_id, folder_id, part, name, snapshot,
                 dumps(list(items)) if items is not None else None, now, now],
            )

    def set_playlist_state(
        self, destination: str, playlist_id: str, items: tuple[str, ...] | None, snapshot: str | None
    ) -> None:
        """Remember the playlist's contents and version marker (``None``: unknown)."""
        with self.write() as db:
            db.execute(
                "UPDATE playlists SET items = ?, snapshot = ?, updated_at = ? WHERE destination = ? AND id = ?",
                [dumps(list(items)) if items is not None else None, snapshot, self.now(), destination, playlist_id],
            )

    def forget_playlist(self, destination: str, playlist_id: str) -> None:
        """Drop a playlist we deleted (or that vanished) and its managed items."""
        with self.write() as db:
            db.execute("DELETE FROM playlists WHERE destination = ? AND id = ?", [destination, playlist_id])
            db.execute("DELETE FROM managed_items WHERE destination = ? AND playlist_id = ?", [destination, playlist_id])

    def managed_items(self, destination: str, playlist_id: str) -> set[str]:
        """URIs we added to this playlist (anything else in it was added by hand)."""
        return {r["uri"] for r in self._rows(SQL_MANAGED, [destination, playlist_id])}

    def add_managed(self, destination: str, playlist_id: str, uris: list[str]) -> None:
        """Mark ``uris`` as ours in this playlist (bulk, one transaction)."""
        now = self.now()
        with self.write() as db:
            db["managed_items"].insert_all(
                ({"destination": destination, "playlist_id": playlist_id, "uri": u, "added_at": now} for u in uris),
                ignore=True,
            )

    def remove_managed(self, destination: str, playlist_id: str, uris: list[str]) -> None:
        with self.write() as db:
            db.conn.executemany(
                "DELETE FROM managed_items WHERE destination = ? AND playlist_id = ? AND uri = ?",
                [(destination, playlist_id, u) for u in uris],
            )
