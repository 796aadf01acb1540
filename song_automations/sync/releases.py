"""One release's work in a sync: its tracks (from the cache or Discogs), then a match per
track and destination (reused from the tracker, or searched).

Runs on the engine's worker threads: the Discogs client and the platform clients are
shared (their rate limiters are too), the tracker serialises writes, and each thread
gets its own matcher per destination.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from ..adapters.discogs import source_tracks
from ..errors import ApiError, NotFound
from ..models import SourceTrack
from ..tracker import RELEASE_DELETED, needs_search
from .ports import CatalogCache, DiscogsSource, MatchLedger, TrackMatcher
from .progress import Progress

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchOptions:
    """How much to search again: see :func:`~song_automations.tracker.needs_search`."""

    ttl_days: float
    force_rematch: bool = False
    force_rematch_all: bool = False
    release_max_age_days: float | None = None  # None: a cached release never expires
    refresh_releases: bool = False


class ReleaseState(StrEnum):
    """How one release's work ended in this run."""

    OK = "ok"
    DELETED = "deleted"  # Discogs answered 404: recorded, reported, its tracks skipped
    FAILED = "failed"  # could not be fetched this run; tried again next run


@dataclass(slots=True)
class ReleaseOutcome:
    """What processing one release cost and found."""

    release_id: int
    status: ReleaseState = ReleaseState.OK
    fetched: bool = False
    searched: int = 0
    search_failures: int = 0
    error: str | None = None
    tracks: list[SourceTrack] = field(default_factory=list)


class ReleaseStore(CatalogCache, MatchLedger, Protocol):
    """The tracker as one release's work needs it."""


@dataclass
class ReleaseProcessor:
    """Turns a release id into up-to-date matches in the tracker (thread-safe).

    ``matcher_for(destination)`` returns a matcher for the calling thread. Never raises
    for a single release: a 404 is recorded as a deleted release, other API errors as a
    failed release or search, and the sync goes on.
    """

    discogs: DiscogsSource
    tracker: ReleaseStore
    matcher_for: Callable[[str], TrackMatcher]
    destinations: list[str]
    options: MatchOptions
    progress: Progress
    run_id: int | None = None

    def __call__(self, release_id: int) -> ReleaseOutcome:
        outcome = ReleaseOutcome(release_id)
        self._load_tracks(outcome)
        if outcome.status is ReleaseState.OK:
            for destination in self.destinations:
                self._match(destination, outcome)
        self.progress.step("releases", str(release_id))
        return outcome

    def _load_tracks(self, outcome: ReleaseOutcome) -> None:
        rid = outcome.release_id
        max_age = 0.0 if self.options.refresh_releases else self.options.release_max_age_days
        cached = self.tracker.cached_release(rid, max_age_days=max_age)
        if cached is not None and cached.get("status") == RELEASE_DELETED:
            outcome.status = ReleaseState.DELETED
            return
        if cached is not None:
            outcome.tracks = self.tracker.source_tracks(rid)
            return
        try:
            payload = self.discogs.release(rid)
            # A payload that cannot be read (BadResponse) fails this release like a failed fetch.
            tracks = source_tracks(payload)
        except NotFound:
            log.warning("Discogs release %d is gone (404); recorded as deleted", rid)
            self.tracker.mark_release_deleted(rid)
            self.tracker.log_event(self.run_id, "release_deleted", release_id=rid)
            outcome.status, outcome.fetched = ReleaseState.DELETED, True
            return
        except ApiError as exc:
            log.warning("Discogs release %d could not be fetched: %s", rid, exc)
            self.tracker.log_event(self.run_id, "release_failed", release_id=rid, error=str(exc))
            outcome.status, outcome.error = ReleaseState.FAILED, str(exc)
            return
        outcome.fetched = True
        outcome.tracks = self._as_listed(rid, payload, tracks)
        self.tracker.store_release(rid, payload, outcome.tracks)

    def _as_listed(self, rid: int, payload: dict, tracks: list[SourceTrack]) -> list[SourceTrack]:
        """The tracks under the id the folder lists. Discogs answers a merged release's old
        id with the release it was merged into: its tracks are used, kept under the old id
        (the folder still lists it), and the merge is recorded."""
        served = payload.get("id")
        if str(served) == str(rid):
            return tracks
        log.info("Discogs release %d was merged into %s; using that release's tracks", rid, served)
        self.tracker.log_event(self.run_id, "release_merged", release_id=rid, into=served)
        return [replace(t, release_id=rid) for t in tracks]

    def _match(self, destination: str, outcome: ReleaseOutcome) -> None:
        opts = self.options
        now = self.tracker.clock()
        stored = self.tracker.matches_for_release(outcome.release_id, destination)
        todo = [
            t for t in outcome.tracks
            if needs_search(stored.get(t.position), now, opts.ttl_days, opts.force_rematch, opts.force_rematch_all)
        ]
        if not todo:
            return
        self.progress.expect("matching", len(todo))
        matcher = self.matcher_for(destination)
        for track in todo:
            exclude = self.tracker.rejected_ids(track.release_id, track.position, destination)
            try:
                result = matcher.match(track, exclude=exclude)
            except ApiError as exc:
                # The previous match (if any) stays in use; the track is tried next sync.
                log.warning("%s search for %s failed: %s", destination, track.key, exc)
                self.tracker.log_event(self.run_id, "search_failed", destination=destination,
                                       release_id=track.release_id, position=track.position, error=str(exc))
                outcome.search_failures += 1
            else:
                self.tracker.record_match(result, opts.ttl_days, self.run_id)
                outcome.searched += 1
            self.progress.step("matching", f"{destination} {track.key}")


class ThreadLocalMatchers:
    """One matcher per (thread, destination), built on first use by ``factory``."""

    def __init__(self, factory: Callable[[str], TrackMatcher]) -> None:
        self._factory = factory
        self._local = threading.local()

    def __call__(self, destination: str) -> TrackMatcher:
        cache = self._local.__dict__.setdefault("matchers", {})
        if destination not in cache:
            cache[destination] = self._factory(destination)
        return cache[destination]
