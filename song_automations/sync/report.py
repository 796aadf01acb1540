"""What a sync did (or, for ``--dry-run``, would do): per playlist and in total."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .failures import FailedPlaylist
from .plan import HeldBack, SyncPlan


@dataclass(frozen=True, slots=True)
class PlaylistReport:
    """One playlist after the sync. ``flagged``: tracks in it awaiting review;
    ``missing``: folder tracks with no usable match on this destination."""

    destination: str
    folder: str
    name: str
    playlist_id: str | None
    created: bool
    added: int
    removed: int
    unchanged: int
    flagged: int
    missing: int


@dataclass(slots=True)
class SyncReport:
    """The outcome of :meth:`SyncEngine.run`."""

    run_id: int
    dry_run: bool
    plan: SyncPlan
    playlists: list[PlaylistReport] = field(default_factory=list)
    releases: int = 0
    releases_fetched: int = 0
    tracks_searched: int = 0  # searched one by one
    tracks_by_release: int = 0  # taken from their release's album or set, no search of their own
    search_failures: int = 0
    # Tracks this run's searches flagged for review, or left without a usable match,
    # that were not so before.
    newly_flagged: int = 0
    newly_missed: int = 0
    deleted_releases: list[int] = field(default_factory=list)
    failed_releases: list[int] = field(default_factory=list)
    # Per service: requests sent, 429 answers, limiter waits (see ``traffic.py``).
    requests: dict[str, dict] = field(default_factory=dict)
    # Wall time of each phase (s): folders, matching, planning, applying.
    timings: dict[str, float] = field(default_factory=dict)
    # Risky changes not made until a person confirms them (``--yes``).
    held_back: list[HeldBack] = field(default_factory=list)
    # Playlists this run could not bring up to date (each retried by the next run).
    failed_playlists: list[FailedPlaylist] = field(default_factory=list)
    # What went wrong on the wire and what became of it (faultlog.summarize).
    faults: dict = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        """Whether some of the work failed this run and waits for the next (``ExitCode.PARTIAL``)."""
        return bool(self.failed_playlists or self.failed_releases or self.search_failures)

    @property
    def added(self) -> int:
        return sum(p.added for p in self.playlists)

    @property
    def removed(self) -> int:
        return sum(p.removed for p in self.playlists)

    def summary(self) -> dict:
        """JSON-ready totals (stored with the run, shown by the CLI)."""
        return {
            "dry_run": self.dry_run,
            "playlists": len(self.playlists),
            "created": sum(p.created for p in self.playlists),
            "added": self.added,
            "removed": self.removed,
            "deleted_playlists": len(self.plan.deletions),
            "releases": self.releases,
            "releases_fetched": self.releases_fetched,
            "tracks_searched": self.tracks_searched,
            "tracks_by_release": self.tracks_by_release,
            "search_failures": self.search_failures,
            "newly_flagged": self.newly_flagged,
            "newly_missed": self.newly_missed,
            "deleted_releases": self.deleted_releases,
            "failed_releases": self.failed_releases,
            "requests": self.requests,
            "timings": self.timings,
            "held_back": [h.describe() for h in self.held_back],
            "failed_playlists": [asdict(f) for f in self.failed_playlists],
            "partial": self.partial,
            "faults": self.faults,
        }

    def as_dict(self) -> dict:
        return {**self.summary(), "run_id": self.run_id,
                "per_playlist": [asdict(p) for p in self.playlists], "plan": self.plan.as_dict()}
