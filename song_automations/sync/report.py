"""What a sync did (or, for ``--dry-run``, would do): per playlist and in total."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .failures import FailedPlaylist
from .plan import SyncPlan


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
    tracks_searched: int = 0
    search_failures: int = 0
    deleted_releases: list[int] = field(default_factory=list)
    failed_releases: list[int] = field(default_factory=list)
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
            "search_failures": self.search_failures,
            "deleted_releases": self.deleted_releases,
            "failed_releases": self.failed_releases,
            "failed_playlists": [asdict(f) for f in self.failed_playlists],
            "partial": self.partial,
            "faults": self.faults,
        }

    def as_dict(self) -> dict:
        return {**self.summary(), "run_id": self.run_id,
                "per_playlist": [asdict(p) for p in self.playlists], "plan": self.plan.as_dict()}
