"""The playlists as a platform holds them, read as cheaply as the platform allows.

One listing of the user's playlists per destination gives each playlist's version
marker (``snapshot``); a playlist whose marker is the one recorded after our last
write still holds the items the tracker remembers, so it is not read again. That is
what makes a re-sync of an unchanged collection cost requests per playlist, not per
track.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..errors import NotFound
from ..models import RemotePlaylist
from ..tracker import StoredPlaylist
from .plan import ActualPlaylist, part_name
from .ports import PlaylistLedger

if TYPE_CHECKING:
    from ..clients import PlaylistClient

log = logging.getLogger(__name__)


def version(listed: RemotePlaylist) -> str | None:
    """The version marker of a listed playlist: the platform's snapshot id, or, where the
    platform has none (SoundCloud), its track count.

    A count is a weak marker: an edit by hand that keeps the count (one track swapped
    for another) goes unseen until the next change. That is safe: the clients never add
    a track already present, and a track we do not know of is treated as the user's.
    """
    if listed.snapshot is not None:
        return listed.snapshot
    total = listed.extra.get("total")
    return None if total is None else f"count:{total}"


class RemotePlaylists:
    """Actual playlists of one destination, for the folders being synced."""

    def __init__(self, destination: str, client: PlaylistClient, tracker: PlaylistLedger,
                 run_id: int | None = None) -> None:
        self.destination = destination
        self.client = client
        self.tracker = tracker
        self.run_id = run_id
        self.listing: dict[str, RemotePlaylist] = {p.id: p for p in client.list_playlists()}

    def parts(self, folder_id: int, base_name: str, adopt: bool = True) -> list[ActualPlaylist]:
        """The folder's existing playlists, found by recorded id; with ``adopt``, also by
        name the parts after the last recorded one (e.g. after a crash between creating
        one and recording it, which would otherwise leave it orphaned and make the next
        run create it again). A playlist recorded for another folder is never adopted."""
        found = []
        for stored in self.tracker.playlists_for_folder(self.destination, folder_id):
            items = self._current_items(stored)
            if items is None:
                continue
            managed = frozenset(self.tracker.managed_items(self.destination, stored.id))
            found.append(ActualPlaylist(stored.id, stored.part, stored.name, items, managed))
        if not adopt:
            return found
        return sorted(found + self._adopt_by_name(folder_id, base_name, {p.part for p in found}),
                      key=lambda p: p.part)

    def _current_items(self, stored: StoredPlaylist) -> tuple[str, ...] | None:
        listed = self.listing.get(stored.id)
        if listed is None:
            # Deleted (or unfollowed) by hand: forget it; the folder gets a new one.
            log.warning("%s playlist %r (%s) is gone; it will be recreated",
                        self.destination, stored.name, stored.id)
            self.tracker.forget_playlist(self.destination, stored.id)
            self.tracker.log_event(self.run_id, "playlist_gone", destination=self.destination,
                                   folder_id=stored.folder_id, playlist_id=stored.id)
            return None
        if stored.items is not None and stored.snapshot is not None and version(listed) == stored.snapshot:
            return stored.items
        return self._read(stored.id, stored.folder_id, stored.part, stored.name, version(listed))

    def _read(self, playlist_id: str, folder_id: int, part: int, name: str, snapshot: str | None):
        try:
            full = self.client.get_playlist(playlist_id)
        except NotFound:
            self.tracker.forget_playlist(self.destination, playlist_id)
            return None
        self.tracker.save_playlist(self.destination, playlist_id, folder_id, part, name,
                                   items=full.items, snapshot=snapshot)
        return full.items

    def _adopt_by_name(self, folder_id: int, base_name: str, taken: set[int]) -> list[ActualPlaylist]:
        """Unrecorded playlists named as the folder's missing parts: gaps among the
        recorded parts, then the parts after them for as long as they exist."""
        recorded = {p.id for p in self.tracker.all_playlists(self.destination)}
        by_name: dict[str, RemotePlaylist] = {}
        for playlist in self.listing.values():
            if playlist.id not in recorded:
                by_name.setdefault(playlist.name, playlist)
        adopted = []
        part, last = 1, max(taken, default=0)
        while part <= last or part_name(base_name, part) in by_name:
            listed = None if part in taken else by_name.get(part_name(base_name, part))
            items = self._read(listed.id, folder_id, part, listed.name, version(listed)) if listed else None
            if items is not None:
                adopted.append(ActualPlaylist(listed.id, part, listed.name, items))
            part += 1
        return adopted

    def refresh_snapshots(self, changed: dict[str, tuple[str, ...]]) -> None:
        """After applying: record each changed playlist's new version marker with the
        items we left in it, so the next run can skip reading it."""
        if not changed:
            return
        listing = {p.id: p for p in self.client.list_playlists()}
        for playlist_id, items in changed.items():
            listed = listing.get(playlist_id)
            if listed is not None:
                self.tracker.set_playlist_state(self.destination, playlist_id, items, version(listed))
