"""One release's work in a sync: its tracks (from the cache or Discogs), then a match per
track and destination: reused from the tracker, taken from the release's album (the
release stage), or searched on its own.

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

from ..adapters.discogs import source_release, source_tracks
from ..errors import ApiError, BadResponse, NotFound
from ..matching.release import LACKING_QUERIES
from ..models import MatchResult, SourceRelease, SourceTrack
from ..platforms import REGISTRY
from ..tracker import RELEASE_DELETED, TrackChange, needs_search
from .ports import CatalogCache, DiscogsSource, MatchLedger, ReleaseStage, TrackMatcher
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
    """What processing one release cost and found. ``searched``: tracks searched one by
    one; ``by_release``: tracks the release stage settled without a search of their own;
    ``undecided``: positions a fault left undecided on some destination (``search_failures``
    counts each destination's)."""

    release_id: int
    status: ReleaseState = ReleaseState.OK
    fetched: bool = False
    searched: int = 0
    by_release: int = 0
    search_failures: int = 0
    newly_flagged: int = 0
    newly_missed: int = 0
    error: str | None = None
    undecided: set[str] = field(default_factory=set)


class ReleaseStore(CatalogCache, MatchLedger, Protocol):
    """The tracker as one release's work needs it."""


# A release stage costs an album search and an album read or two: worth it for a
# release of this many tracks (a one-track release's track is one search anyway).
RELEASE_STAGE_MIN_TRACKS = 2


@dataclass
class ReleaseProcessor:
    """Turns a release id into up-to-date matches in the tracker (thread-safe).

    ``matcher_for(destination)`` returns a matcher for the calling thread. Work on a
    release goes release stage first on every destination, then the per-track searches
    for what is left, so a track searched on one platform knows the ISRC the other
    platform's match gave it. Never raises for a single release: a 404 is recorded as a
    deleted release, other API errors as a failed release or search, and the sync goes on.

    A fault never leaves a decision made on less evidence than a fault-free run has: a
    track whose album look or search failed on one platform is not decided this run on
    that platform, nor searched on the others (whose search would miss the ISRC the
    failed one may bring). The next run decides it as if nothing had failed.
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
        payload, tracks = self._load_tracks(outcome)
        if outcome.status is ReleaseState.OK:
            todo = {dest: self._todo(dest, tracks) for dest in self.destinations}
            lacking: dict[str, set[str]] = {dest: set() for dest in self.destinations}
            self.progress.expect("matching", sum(map(len, todo.values())))
            if any(todo.values()) and len(tracks) >= RELEASE_STAGE_MIN_TRACKS:
                release = self._source_release(payload, tracks)
                for dest in self.destinations:
                    todo[dest], lacking[dest] = self._release_stage(dest, release, todo[dest], outcome)
            for dest in self.track_stage_order:
                self._track_stage(dest, todo[dest], lacking[dest], outcome)
        self.progress.step("releases", str(release_id))
        return outcome

    @property
    def track_stage_order(self) -> list[str]:
        """Destinations in the order their per-track searches run: a platform that
        searches by ISRC last, so it can ask for every ISRC the others' matches found
        (one query instead of several)."""
        return sorted(self.destinations, key=lambda dest: REGISTRY[dest].searches_isrc)

    def _load_tracks(self, outcome: ReleaseOutcome) -> tuple[dict | None, list[SourceTrack]]:
        """The release payload and its tracks, from the cache, else Discogs (``None`` and
        no tracks when the release is deleted or failed: ``outcome`` says which)."""
        rid = outcome.release_id
        max_age = 0.0 if self.options.refresh_releases else self.options.release_max_age_days
        cached = self.tracker.cached_release(rid, max_age_days=max_age)
        if cached is not None and cached.get("status") == RELEASE_DELETED:
            outcome.status = ReleaseState.DELETED
            return None, []
        if cached is not None:
            return cached, self.tracker.source_tracks(rid)
        try:
            payload = self.discogs.release(rid)
            # A payload that cannot be read (BadResponse) fails this release like a failed fetch.
            tracks = source_tracks(payload)
        except NotFound:
            # The run's summary says it; the console is kept for what it does not.
            log.info("Discogs release %d is gone (404); recorded as deleted", rid)
            self.tracker.mark_release_deleted(rid)
            self.tracker.log_event(self.run_id, "release_deleted", release_id=rid)
            outcome.status, outcome.fetched = ReleaseState.DELETED, True
            return None, []
        except ApiError as exc:
            log.info("Discogs release %d could not be fetched: %s", rid, exc)
            self.tracker.log_event(self.run_id, "release_failed", release_id=rid, error=str(exc))
            outcome.status, outcome.error = ReleaseState.FAILED, str(exc)
            return None, []
        outcome.fetched = True
        tracks = self._as_listed(rid, payload, tracks)
        self.tracker.store_release(rid, payload, tracks)
        return payload, tracks

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

    def _todo(self, destination: str, tracks: list[SourceTrack]) -> list[SourceTrack]:
        """The tracks whose match on ``destination`` is missing or due a new search."""
        opts = self.options
        now = self.tracker.clock()
        stored = self.tracker.matches_for_release(tracks[0].release_id, destination) if tracks else {}
        return [t for t in tracks
                if needs_search(stored.get(t.position), now, opts.ttl_days, opts.force_rematch, opts.force_rematch_all)]

    def _source_release(self, payload: dict | None, tracks: list[SourceTrack]) -> SourceRelease | None:
        """The release as the release stage reads it (``None``: a payload it cannot read,
        so every track is searched on its own)."""
        try:
            return source_release(payload or {}, tracks)
        except BadResponse as exc:
            log.info("release %s: no release stage (%s)", tracks[0].release_id if tracks else "?", exc)
            return None

    def _release_stage(self, destination: str, release: SourceRelease | None, todo: list[SourceTrack],
                       outcome: ReleaseOutcome) -> tuple[list[SourceTrack], set[str]]:
        """Match what the release's album settles on ``destination``; return the rest,
        and the positions of it the album (seen whole) does not hold. The stage runs
        for any number of tracks left to find (a track retried after a fault is looked
        for the way a fault-free run looked for it); when it fails, ``todo`` joins
        ``outcome.undecided`` and nothing is left for the track stage."""
        matcher = self.matcher_for(destination)
        if release is None or not todo or not isinstance(matcher, ReleaseStage):
            return todo, set()
        rid = outcome.release_id
        try:
            found = matcher.match_release(release, todo,
                                          lambda t: self.tracker.rejected_ids(rid, t.position, destination))
        except ApiError as exc:
            # Searching each track instead would decide it on less evidence than the
            # album gives, and that decision would stick: the tracks wait for the next run.
            log.info("%s release stage for %d failed: %s", destination, rid, exc)
            for track in todo:
                self._defer(destination, track, str(exc), outcome)
            return [], set()
        for result in found.results.values():
            self._record(result, outcome)
            outcome.by_release += 1
            self.progress.step("matching", f"{destination} {result.track.key}")
        return [t for t in todo if t.position not in found.results], found.lacking

    def _track_stage(self, destination: str, todo: list[SourceTrack], lacking: set[str],
                     outcome: ReleaseOutcome) -> None:
        """Search each track of ``todo`` on its own, with the ISRC another platform's
        confident match gave it; a track its release's album lacks gets one search, a
        track in ``outcome.undecided`` none (it waits for the next run)."""
        if not todo:
            return
        matcher = self.matcher_for(destination)
        isrcs = self.tracker.known_isrcs(outcome.release_id, destination)
        for track in todo:
            if track.position in outcome.undecided:
                self._defer(destination, track, "waits for a search that failed on another platform", outcome)
                continue
            exclude = self.tracker.rejected_ids(track.release_id, track.position, destination)
            try:
                budget = LACKING_QUERIES if track.position in lacking else None
                result = matcher.match(track, exclude=exclude, isrc=isrcs.get(track.position), max_queries=budget)
            except ApiError as exc:
                log.info("%s search for %s failed: %s", destination, track.key, exc)
                self._defer(destination, track, str(exc), outcome)
                continue
            self._record(result, outcome)
            outcome.searched += 1
            self.progress.step("matching", f"{destination} {track.key}")

    def _defer(self, destination: str, track: SourceTrack, error: str, outcome: ReleaseOutcome) -> None:
        """Leave ``track`` undecided on ``destination`` this run: its previous match (if
        any) stays in use, and the next sync looks for it again."""
        self.tracker.log_event(self.run_id, "search_failed", destination=destination,
                               release_id=track.release_id, position=track.position, error=error)
        outcome.search_failures += 1
        outcome.undecided.add(track.position)
        self.progress.step("matching", f"{destination} {track.key}")


    def _record(self, result: MatchResult, outcome: ReleaseOutcome) -> None:
        """Store a match and count what became news: newly flagged, newly missed."""
        change = self.tracker.record_match(result, self.options.ttl_days, self.run_id)
        outcome.newly_flagged += change is TrackChange.FLAGGED
        outcome.newly_missed += change is TrackChange.MISSED


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
