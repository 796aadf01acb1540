"""What the sync engine and its collaborators need from the outside, and nothing more.

Each collaborator is typed against the narrow protocol it uses, so a reader sees at a
glance which part of the tracker (or which service) a module touches, and a test can
hand it a small fake. :class:`~song_automations.tracker.Tracker`,
:class:`~song_automations.clients.discogs.DiscogsClient` and
:class:`~song_automations.matching.matcher.Matcher` satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..models import Folder, FolderItem, MatchResult, SourceRelease, SourceTrack
from ..tracker import FolderSlot, RunStatus, StoredMatch, StoredPlaylist, TrackChange


class DiscogsSource(Protocol):
    """The user's collection as Discogs serves it (raises ``errors.py`` errors)."""

    def folders(self) -> list[Folder]: ...
    def folder_items(self, folder_id: int) -> list[FolderItem]: ...
    def wantlist(self) -> list[FolderItem]: ...
    def release(self, release_id: int) -> dict[str, Any]: ...


class TrackMatcher(Protocol):
    """Finds one source track on one platform (searches; raises ``ApiError``).

    ``isrc``: the recording's ISRC as another platform's confident match gave it;
    ``max_queries``: fewer searches than the matcher's own budget."""

    def match(self, track: SourceTrack, exclude: Iterable[str] = (), isrc: str | None = None,
              max_queries: int | None = None) -> MatchResult: ...


class StageResults(Protocol):
    """What a release stage settled: a result per source position it matched."""

    results: dict[str, MatchResult]
    queries: list[str]
    lacking: set[str]  # positions its album, seen whole, does not hold


@runtime_checkable
class ReleaseStage(Protocol):
    """A matcher that can also find a release's album (or set) and take its tracks from
    it (:meth:`~song_automations.matching.matcher.Matcher.match_release`); a matcher
    without one searches track by track."""

    def match_release(self, release: SourceRelease, wanted: Iterable[SourceTrack],
                      exclude: Callable[[SourceTrack], set[str]]) -> StageResults: ...


class EventLog(Protocol):
    """Where a run's events go."""

    def log_event(self, run_id: int | None, kind: str, destination: str | None = None,
                  folder_id: int | None = None, release_id: int | None = None, **detail: Any) -> None: ...


class CatalogCache(EventLog, Protocol):
    """Folders, their releases, and the cached release payloads and tracks."""

    clock: Callable[[], datetime]

    def record_folders(self, folders: list[Folder], complete: bool) -> None: ...
    def vanished_folders(self) -> list[Folder]: ...
    def update_folder_releases(self, folder_id: int, items: list[FolderItem]) -> None: ...
    def folder_release_ids(self, folder_id: int) -> list[int]: ...
    def cached_release(self, release_id: int, max_age_days: float | None = None) -> dict | None: ...
    def store_release(self, release_id: int, payload: dict, tracks: list[SourceTrack]) -> None: ...
    def mark_release_deleted(self, release_id: int) -> None: ...
    def source_tracks(self, release_id: int) -> list[SourceTrack]: ...


class MatchLedger(EventLog, Protocol):
    """Current matches, the hand-rejected candidates, and recording a search."""

    clock: Callable[[], datetime]

    def matches_for_release(self, release_id: int, destination: str) -> dict[str, StoredMatch]: ...
    def rejected_ids(self, release_id: int, position: str, destination: str) -> set[str]: ...
    def known_isrcs(self, release_id: int, destination: str) -> dict[str, str]: ...
    def record_match(self, result: MatchResult, ttl_days: float,
                     run_id: int | None = None) -> TrackChange | None: ...


class DesiredSource(Protocol):
    """What the desired playlists are read from."""

    def folder_slots(self, folder_id: int, destination: str) -> list[FolderSlot]: ...


class PlaylistLedger(EventLog, Protocol):
    """The playlists we manage and the items in them that are ours."""

    def playlists_for_folder(self, destination: str, folder_id: int) -> list[StoredPlaylist]: ...
    def all_playlists(self, destination: str) -> list[StoredPlaylist]: ...
    def save_playlist(self, destination: str, playlist_id: str, folder_id: int, part: int, name: str,
                      items: tuple[str, ...] | None = None, snapshot: str | None = None) -> None: ...
    def set_playlist_state(self, destination: str, playlist_id: str, items: tuple[str, ...] | None,
                           snapshot: str | None) -> None: ...
    def forget_playlist(self, destination: str, playlist_id: str) -> None: ...
    def managed_items(self, destination: str, playlist_id: str) -> set[str]: ...
    def add_managed(self, destination: str, playlist_id: str, uris: list[str]) -> None: ...
    def remove_managed(self, destination: str, playlist_id: str, uris: list[str]) -> None: ...


class RunLedger(Protocol):
    """Opening and closing a run."""

    def start_run(self, destinations: list[str], options: dict[str, Any]) -> int: ...
    def log_events(self, run_id: int | None, kind: str, details: list[dict[str, Any]]) -> None: ...
    def finish_run(self, run_id: int, status: RunStatus, summary: dict[str, Any]) -> None: ...


class SyncStore(CatalogCache, MatchLedger, DesiredSource, PlaylistLedger, RunLedger, Protocol):
    """Everything the engine itself touches in the tracker."""
