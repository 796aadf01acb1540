"""The desired contents of a folder's playlist, read from the tracker.

A folder's playlist holds, for each release in Discogs order and each of its tracks in
tracklist order, the track's current match when it belongs in a playlist (accepted, or
flagged for review, or decided by hand), without repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import SourceTrack
from ..tracker import StoredMatch
from .plan import dedupe
from .ports import DesiredSource


@dataclass(frozen=True, slots=True)
class DesiredPlaylist:
    uris: tuple[str, ...]
    flagged: int
    missing: int


class DesiredBuilder:
    """Builds desired playlists, reading each release's tracks and matches once per run.

    ``min_confidence`` (``--min-confidence``) keeps automatic matches below it out of
    playlists; decisions taken by hand are always kept.
    """

    def __init__(self, tracker: DesiredSource, min_confidence: float | None = None) -> None:
        self.tracker = tracker
        self.min_confidence = min_confidence
        self._tracks: dict[int, list[SourceTrack]] = {}
        self._matches: dict[tuple[int, str], dict[str, StoredMatch]] = {}

    def for_folder(self, folder_id: int, destination: str) -> DesiredPlaylist:
        uris: list[str] = []
        flagged = missing = 0
        for release_id in self.tracker.folder_release_ids(folder_id):
            matches = self._release_matches(release_id, destination)
            for track in self._release_tracks(release_id):
                match = matches.get(track.position)
                if match is not None and self._keeps(match):
                    uris.append(match.uri)
                    flagged += match.flagged
                else:
                    missing += 1
        return DesiredPlaylist(dedupe(uris), flagged, missing)

    def _keeps(self, match: StoredMatch) -> bool:
        if not match.in_playlist:
            return False
        if match.manual or self.min_confidence is None:
            return True
        return (match.confidence or 0.0) >= self.min_confidence

    def _release_tracks(self, release_id: int) -> list[SourceTrack]:
        if release_id not in self._tracks:
            self._tracks[release_id] = self.tracker.source_tracks(release_id)
        return self._tracks[release_id]

    def _release_matches(self, release_id: int, destination: str) -> dict[str, StoredMatch]:
        key = (release_id, destination)
        if key not in self._matches:
            self._matches[key] = self.tracker.matches_for_release(release_id, destination)
        return self._matches[key]
