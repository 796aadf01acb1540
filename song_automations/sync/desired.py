"""The desired contents of a folder's playlist, read from the tracker.

A folder's playlist holds, for each release in Discogs order and each of its tracks in
tracklist order, the track's current match when it belongs in a playlist (accepted, or
flagged for review, or decided by hand), without repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tracker import FolderSlot
from .plan import dedupe
from .ports import DesiredSource


@dataclass(frozen=True, slots=True)
class DesiredPlaylist:
    uris: tuple[str, ...]
    flagged: int
    missing: int


class DesiredBuilder:
    """Builds desired playlists from the tracker, one query per folder and destination
    (memory stays flat however big the collection).

    ``min_confidence`` (``--min-confidence``) keeps automatic matches below it out of
    playlists; decisions taken by hand are always kept.
    """

    def __init__(self, tracker: DesiredSource, min_confidence: float | None = None) -> None:
        self.tracker = tracker
        self.min_confidence = min_confidence

    def for_folder(self, folder_id: int, destination: str) -> DesiredPlaylist:
        uris: list[str] = []
        flagged = missing = 0
        for slot in self.tracker.folder_slots(folder_id, destination):
            if self._keeps(slot):
                uris.append(slot.uri)
                flagged += slot.flagged
            else:
                missing += 1
        return DesiredPlaylist(dedupe(uris), flagged, missing)

    def _keeps(self, slot: FolderSlot) -> bool:
        if slot.uri is None or not slot.in_playlist:
            return False
        if slot.manual or self.min_confidence is None:
            return True
        return (slot.confidence or 0.0) >= self.min_confidence
