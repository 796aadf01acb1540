"""The sync engine: Discogs folders -> matches -> a plan -> the playlists.

A run (1) lists the folders and their releases, (2) brings every release's matches up
to date on a thread pool (cached releases cost no request, cached matches no search),
(3) plans every playlist from the tracker against the platforms, (4) holds back the
risky parts of the plan unless confirmed (:func:`~.plan.hold_back`), (5) applies the
rest. ``dry_run`` stops after (4): the platforms are not changed (the tracker still
caches what was fetched and matched, so the real run that follows costs nothing more).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..clients.memo import LookupMemo
from ..errors import ConfigError
from ..models import WANTLIST_FOLDER_ID, WANTLIST_NAME, Folder
from ..platforms import ALL, REGISTRY, adapter, expand
from ..settings import Settings
from ..tracker import RunStatus
from ..traffic import RequestTally
from .apply import apply_plan
from .desired import DesiredBuilder
from .plan import PlaylistChange, PlaylistDeletion, SyncPlan, hold_back, plan_folder
from .ports import DiscogsSource, SyncStore, TrackMatcher
from .progress import PhaseClock, Progress, ProgressCallback
from .releases import MatchOptions, ReleaseOutcome, ReleaseProcessor, ReleaseState, ThreadLocalMatchers
from .remote import RemotePlaylists
from .report import PlaylistReport, SyncReport

if TYPE_CHECKING:
    from ..clients import PlaylistClient

MatcherFactory = Callable[["PlaylistClient", Settings], TrackMatcher]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """The options of one :meth:`SyncEngine.run` (stored with the run)."""

    destinations: list[str]
    folders: list[str] | None = None
    exclude_wantlist: bool = False
    dry_run: bool = False
    force_rematch: bool = False
    force_rematch_all: bool = False
    min_confidence: float | None = None
    workers: int | None = None
    yes: bool = False
    refresh_releases: bool = False
    unattended: bool = False  # started by cron or a timer (``sync --quiet``)


def default_matcher_factory(client: PlaylistClient, settings: Settings) -> TrackMatcher:
    """A :class:`~song_automations.matching.matcher.Matcher` searching through ``client``,
    its release stage reading the platform's albums (or sets) through it too."""
    from ..matching.matcher import Matcher
    from ..matching.release import ReleaseMatcher

    platform = REGISTRY[client.platform]
    release = ReleaseMatcher(client.search_albums, client.album, settings, platform=client.platform,
                             format_query=adapter(client.platform).format_album_query,
                             glimpse=client.album_glimpse, by_barcode=platform.searches_upc)
    return Matcher(client.search, settings, platform=client.platform, isrc_search=platform.searches_isrc,
                   format_query=adapter(client.platform).format_query, release=release)


class SyncEngine:
    """Syncs Discogs folders (and the wantlist) to playlists on the given platforms.

    ``clients`` maps a destination name to its playlist client; ``matcher_factory``
    builds a matcher from a client and the run's settings (called once per worker thread
    and destination); ``progress`` receives :class:`~.progress.ProgressEvent` objects.
    ``release_max_age_days``: cached Discogs releases older than this are fetched again
    (``None``: never; releases rarely change). ``traffic``: the clients' shared
    :class:`~song_automations.traffic.RequestTally`; each run's summary then holds the
    requests it sent per service (``"requests"``).
    """

    def __init__(
        self,
        settings: Settings,
        discogs: DiscogsSource,
        clients: dict[str, PlaylistClient],
        tracker: SyncStore,
        matcher_factory: MatcherFactory = default_matcher_factory,
        progress: ProgressCallback | None = None,
        release_max_age_days: float | None = None,
        traffic: RequestTally | None = None,
    ) -> None:
        self.settings = settings
        self.traffic = traffic
        self.discogs = discogs
        self.clients = clients
        self.tracker = tracker
        self.matcher_factory = matcher_factory
        self.progress_callback = progress
        self.release_max_age_days = release_max_age_days

    def run(
        self,
        destinations: list[str] | str,
        *,
        folders: list[str] | None = None,
        exclude_wantlist: bool = False,
        dry_run: bool = False,
        force_rematch: bool = False,
        force_rematch_all: bool = False,
        min_confidence: float | None = None,
        workers: int | None = None,
        yes: bool = False,
        refresh_releases: bool = False,
        unattended: bool = False,
    ) -> SyncReport:
        """Sync and return what changed (or would change, with ``dry_run``).

        ``destinations``: names from ``clients``, or ``"all"``. ``folders``: folder names
        to sync (case-insensitive; "Wantlist" names the wantlist); ``None`` syncs every
        folder plus the wantlist unless ``exclude_wantlist``. Playlists of folders that
        disappeared from Discogs are deleted only by an unfiltered run. Unless ``yes``,
        removals that would take more than half of a playlist and deletions of playlists
        that hold tracks are held back (``report.held_back``); the rest is applied.
        ``min_confidence`` keeps automatic matches scoring below it out of the playlists
        for this run (they enter from MEDIUM_CONFIDENCE; a lower value changes nothing).
        ``unattended`` is recorded with the run (``sync --quiet``: cron, timers).

        Raises :class:`ConfigError` for an unknown destination or folder, and the
        clients' errors for failures that stop the whole sync (auth, listing folders or
        playlists, applying).
        """
        opts = RunOptions(
            destinations=self._destinations(destinations), folders=folders, exclude_wantlist=exclude_wantlist,
            dry_run=dry_run, force_rematch=force_rematch, force_rematch_all=force_rematch_all,
            min_confidence=min_confidence, workers=workers, yes=yes, refresh_releases=refresh_releases,
            unattended=unattended,
        )
        run_id = self.tracker.start_run(opts.destinations, asdict(opts))
        before = self.traffic.snapshot() if self.traffic else {}
        try:
            report = self._run(run_id, opts)
        except BaseException as exc:
            self.tracker.finish_run(run_id, RunStatus.FAILED, {"error": f"{type(exc).__name__}: {exc}",
                                                               "requests": self._requests_since(before)})
            raise
        report.requests = self._requests_since(before)
        self.tracker.finish_run(run_id, RunStatus.DRY_RUN if dry_run else RunStatus.OK, report.summary())
        return report

    def _requests_since(self, before: dict) -> dict:
        return self.traffic.since(before) if self.traffic else {}

    def _run(self, run_id: int, opts: RunOptions) -> SyncReport:
        progress = Progress(self.progress_callback)
        clock = PhaseClock()
        with clock("folders"):
            selected = self._select_folders(opts.folders, opts.exclude_wantlist)
            progress.expect("folders", len(selected))
            release_ids = self._folder_contents(selected, progress)
        with clock("matching"):
            outcomes = self._process_releases(run_id, release_ids, opts, progress)
        with clock("planning"):
            remotes = {d: RemotePlaylists(d, self.clients[d], self.tracker, run_id) for d in opts.destinations}
            builder = DesiredBuilder(self.tracker, opts.min_confidence)
            changes, counts = self._plan_changes(selected, remotes, builder)
            deletions = self._plan_deletions(remotes) if opts.folders is None else []
            plan = SyncPlan(changes=tuple(changes), deletions=tuple(deletions))
            # A dry run shows exactly what the same command would do, held-back parts included.
            plan, held = (plan, ()) if opts.yes else hold_back(plan)
        for item in held:
            log.info("held back until confirmed with --yes: %s", item.describe())
        created: dict[tuple[str, int, int], str] = {}
        if not opts.dry_run:
            with clock("applying"):
                applied = apply_plan(plan, self.clients, self.tracker, progress, run_id)
                for dest, remote in remotes.items():
                    remote.refresh_snapshots({a.playlist_id: a.items for a in applied if a.change.destination == dest})
            created = {(a.change.destination, a.change.folder_id, a.change.part): a.playlist_id for a in applied}
        report = _report(run_id, opts.dry_run, plan, counts, outcomes, created)
        report.held_back = list(held)
        report.timings = clock.seconds
        return report

    def _destinations(self, destinations: list[str] | str) -> list[str]:
        """The platforms to sync: ``"all"`` means every one this engine has a client for."""
        asked = [destinations] if isinstance(destinations, str) else list(destinations)
        if ALL in asked:
            return list(self.clients)
        missing = [d for d in expand(asked) if d not in self.clients]
        if missing:
            raise ConfigError(f"Unknown destination {missing[0]!r}; choose from {', '.join(self.clients)} or all.")
        return list(expand(asked))

    def _select_folders(self, names: list[str] | None, exclude_wantlist: bool) -> list[Folder]:
        listed = self.discogs.folders()
        wantlist = Folder(WANTLIST_FOLDER_ID, WANTLIST_NAME)
        # The full list, whatever the filters: only folders absent from it have vanished.
        self.tracker.record_folders(listed + [wantlist], complete=True)
        candidates = listed + ([] if exclude_wantlist else [wantlist])
        if names is None:
            selected = candidates
        else:
            by_name = {f.name.casefold(): f for f in candidates}
            missing = [n for n in names if n.casefold() not in by_name]
            if missing:
                raise ConfigError(f"No Discogs folder named {missing[0]!r}; folders: "
                                  + ", ".join(f.name for f in candidates) + ".")
            selected = [by_name[n.casefold()] for n in dict.fromkeys(names)]
        return selected

    def _folder_contents(self, folders: list[Folder], progress: Progress) -> list[int]:
        """Record each folder's releases; return every release id once, in order."""
        release_ids: dict[int, None] = {}
        for folder in folders:
            items = (self.discogs.wantlist() if folder.id == WANTLIST_FOLDER_ID
                     else self.discogs.folder_items(folder.id))
            self.tracker.update_folder_releases(folder.id, items)
            release_ids.update(dict.fromkeys(item.release_id for item in items))
            progress.step("folders", folder.name)
        return list(release_ids)

    def _process_releases(self, run_id: int, release_ids: list[int], opts: RunOptions,
                          progress: Progress) -> list[ReleaseOutcome]:
        # One memo per destination, shared by the worker threads: a query asked twice in
        # this run (a track on its single and its album) costs one request.
        lookups = {dest: LookupMemo(self.clients[dest]) for dest in opts.destinations}
        matchers = ThreadLocalMatchers(lambda dest: self.matcher_factory(lookups[dest], self.settings))
        options = MatchOptions(ttl_days=self.settings.cache_ttl_days, force_rematch=opts.force_rematch,
                               force_rematch_all=opts.force_rematch_all,
                               release_max_age_days=self.release_max_age_days,
                               refresh_releases=opts.refresh_releases)
        processor = ReleaseProcessor(self.discogs, self.tracker, matchers, opts.destinations, options,
                                     progress, run_id)
        progress.expect("releases", len(release_ids))
        outcomes: list[ReleaseOutcome] = []
        with ThreadPoolExecutor(max_workers=opts.workers or self.settings.max_workers,
                                thread_name_prefix="sync-release") as pool:
            futures = [pool.submit(processor, rid) for rid in release_ids]
            try:
                for future in as_completed(futures):
                    outcomes.append(future.result())
            except BaseException:
                # A failure that stops the sync (auth, tracker): do not start the rest.
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        return outcomes

    def _plan_changes(self, folders: list[Folder], remotes: dict[str, RemotePlaylists], builder: DesiredBuilder):
        changes: list[PlaylistChange] = []
        counts: dict[tuple[str, int], tuple[int, int]] = {}
        for dest, remote in remotes.items():
            limit = getattr(self.clients[dest], "max_playlist_size", None)
            for folder in folders:
                name = self.settings.playlist_name(folder.name)
                desired = builder.for_folder(folder.id, dest)
                actual = remote.parts(folder.id, name)
                changes += plan_folder(dest, folder.id, folder.name, name, desired.uris, actual, limit)
                counts[(dest, folder.id)] = (desired.flagged, desired.missing)
        return changes, counts

    def _plan_deletions(self, remotes: dict[str, RemotePlaylists]) -> list[PlaylistDeletion]:
        deletions = []
        for folder in self.tracker.vanished_folders():
            for dest, remote in remotes.items():
                # Only playlists we recorded: never one that merely shares the name.
                for part in remote.parts(folder.id, self.settings.playlist_name(folder.name), adopt=False):
                    deletions.append(PlaylistDeletion(dest, folder.id, part.name, part.id, len(part.items)))
        return deletions


def _report(run_id, dry_run, plan: SyncPlan, counts, outcomes: list[ReleaseOutcome], created) -> SyncReport:
    report = SyncReport(run_id=run_id, dry_run=dry_run, plan=plan)
    for c in plan.changes:
        flagged, missing = counts.get((c.destination, c.folder_id), (0, 0))
        first = c.part == 1  # a split folder's counts go with its first part
        report.playlists.append(PlaylistReport(
            destination=c.destination, folder=c.folder_name, name=c.name,
            playlist_id=c.playlist_id or created.get((c.destination, c.folder_id, c.part)),
            created=c.create, added=len(c.add), removed=len(c.remove), unchanged=c.unchanged,
            flagged=flagged if first else 0, missing=missing if first else 0,
        ))
    report.releases = len(outcomes)
    report.releases_fetched = sum(o.fetched for o in outcomes)
    report.tracks_searched = sum(o.searched for o in outcomes)
    report.tracks_by_release = sum(o.by_release for o in outcomes)
    report.search_failures = sum(o.search_failures for o in outcomes)
    report.newly_flagged = sum(o.newly_flagged for o in outcomes)
    report.newly_missed = sum(o.newly_missed for o in outcomes)
    report.deleted_releases = sorted(o.release_id for o in outcomes if o.status is ReleaseState.DELETED)
    report.failed_releases = sorted(o.release_id for o in outcomes if o.status is ReleaseState.FAILED)
    return report
