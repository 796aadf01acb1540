"""The sync engine: Discogs folders -> matches -> a plan -> the playlists.

A run (0) checks every destination's login, (1) lists the folders and their releases,
(2) brings every release's matches up to date on a thread pool (cached releases cost no
request, cached matches no search), (3) plans every playlist from the tracker against
the platforms, (4) holds back the risky parts of the plan unless confirmed
(:func:`~.plan.hold_back`), (5) applies the rest. ``dry_run`` stops after (4): the
platforms are not changed (the tracker still caches what was fetched and matched, so the
real run that follows costs nothing more).

A read or write that still fails after the retry policy costs one playlist, not the run
(``failures.py``); what the run retried is taken from the session's fault log, written
as the run's ``http_fault`` events and summed up in its report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..clients.memo import LookupMemo
from ..errors import ApiError, ConfigError
from ..faultlog import FaultLog, summarize
from ..models import WANTLIST_FOLDER_ID, WANTLIST_NAME, Folder
from ..platforms import ALL, REGISTRY, adapter, expand
from ..settings import Settings
from ..tracker import RunStatus
from ..traffic import RequestTally
from .apply import apply_plan
from .desired import DesiredBuilder
from .failures import Failures
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
    requests it sent per service (``"requests"``). ``faults``: the fault log the clients'
    policy writes to (``HttpPolicy.faults``), read for the run's report.
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
        faults: FaultLog | None = None,
    ) -> None:
        self.settings = settings
        self.traffic = traffic
        self.discogs = discogs
        self.clients = clients
        self.tracker = tracker
        self.matcher_factory = matcher_factory
        self.progress_callback = progress
        self.release_max_age_days = release_max_age_days
        self.faults = faults or FaultLog()

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

        Raises :class:`ConfigError` for an unknown destination or folder,
        :class:`~song_automations.errors.AuthError` when a login is gone (before any
        playlist is touched when that is known up front), and ``ApiError`` when the
        Discogs folder list cannot be read. Any other failed read or write costs only its
        playlist: see ``report.failed_playlists``.
        """
        opts = RunOptions(
            destinations=self._destinations(destinations), folders=folders, exclude_wantlist=exclude_wantlist,
            dry_run=dry_run, force_rematch=force_rematch, force_rematch_all=force_rematch_all,
            min_confidence=min_confidence, workers=workers, yes=yes, refresh_releases=refresh_releases,
            unattended=unattended,
        )
        run_id = self.tracker.start_run(opts.destinations, asdict(opts))
        before = self.traffic.snapshot() if self.traffic else {}
        mark = self.faults.mark()
        try:
            report = self._run(run_id, opts)
        except BaseException as exc:
            self.tracker.finish_run(run_id, RunStatus.FAILED, {
                "error": f"{type(exc).__name__}: {exc}", "faults": self._record_faults(run_id, mark),
                "requests": self._requests_since(before)})
            raise
        report.faults = self._record_faults(run_id, mark)
        report.requests = self._requests_since(before)
        status = RunStatus.DRY_RUN if dry_run else RunStatus.PARTIAL if report.partial else RunStatus.OK
        self.tracker.finish_run(run_id, status, report.summary())
        return report

    def _requests_since(self, before: dict) -> dict:
        return self.traffic.since(before) if self.traffic else {}

    def _record_faults(self, run_id: int, mark: int) -> dict:
        """The run's wire faults as ``http_fault`` events; returns their summary."""
        faults = self.faults.since(mark)
        self.tracker.log_events(run_id, "http_fault", [f.as_event() for f in faults])
        return summarize(faults)

    def _run(self, run_id: int, opts: RunOptions) -> SyncReport:
        progress = Progress(self.progress_callback)
        clock = PhaseClock()
        self._check_logins(opts.destinations)
        failures = Failures(self.tracker, run_id)
        with clock("folders"):
            selected = self._select_folders(opts.folders, opts.exclude_wantlist)
            progress.expect("folders", len(selected))
            readable, release_ids = self._folder_contents(selected, progress, failures, opts.destinations)
        with clock("matching"):
            outcomes = self._process_releases(run_id, release_ids, opts, progress)
        with clock("planning"):
            remotes = self._remotes(opts.destinations, readable, run_id, failures)
            builder = DesiredBuilder(self.tracker, opts.min_confidence)
            changes, counts, notes = self._plan_changes(readable, remotes, builder, failures)
            deletions = self._plan_deletions(remotes, failures) if opts.folders is None else []
            plan = SyncPlan(changes=tuple(changes), deletions=tuple(deletions), notes=tuple(notes))
            # A dry run shows exactly what the same command would do, held-back parts included.
            plan, held = (plan, ()) if opts.yes else hold_back(plan)
        for item in held:
            log.info("held back until confirmed with --yes: %s", item.describe())
        created: dict[tuple[str, int, int], str] = {}
        if not opts.dry_run:

            def failed(item: PlaylistChange | PlaylistDeletion, exc: ApiError) -> None:
                stage = "apply" if isinstance(item, PlaylistChange) else "delete"
                folder = item.folder_name if isinstance(item, PlaylistChange) else item.name
                failures.add(item.destination, item.folder_id, folder, item.name, stage, exc)

            with clock("applying"):
                applied = apply_plan(plan, self.clients, self.tracker, progress, run_id, on_failure=failed)
                self._refresh_snapshots(remotes, applied)
            created = {(a.change.destination, a.change.folder_id, a.change.part): a.playlist_id for a in applied}
        report = _report(run_id, opts.dry_run, plan, counts, outcomes, created)
        report.held_back = list(held)
        report.failed_playlists = failures.items
        report.timings = clock.seconds
        return report
    def _check_logins(self, destinations: list[str]) -> None:
        """Make sure every destination's login works before anything is read or written.

        Raises :class:`~song_automations.errors.AuthError` (the message names the
        ``auth`` command) when a refresh token is expired or revoked. A token endpoint
        that merely fails now is left for the calls that need it (they retry).
        """
        for dest in destinations:
            check = getattr(self.clients[dest], "check_login", None)
            if check is None:
                continue
            try:
                check()
            except ApiError as exc:
                log.warning("%s: could not check the login now (%s); going on", dest, exc)

    def _remotes(self, destinations: list[str], folders: list[Folder], run_id: int,
                 failures: Failures) -> dict[str, RemotePlaylists]:
        """Each destination's playlist listing; a destination whose listing cannot be
        read costs its playlists of ``folders`` this run."""
        remotes = {}
        for dest in destinations:
            try:
                remotes[dest] = RemotePlaylists(dest, self.clients[dest], self.tracker, run_id)
            except ApiError as exc:
                for folder in folders:
                    failures.add(dest, folder.id, folder.name, self.settings.playlist_name(folder.name),
                                 "listing", exc)
        return remotes

    def _refresh_snapshots(self, remotes: dict[str, RemotePlaylists], applied) -> None:
        for dest, remote in remotes.items():
            changed = {a.playlist_id: a.items for a in applied if a.change.destination == dest}
            try:
                remote.refresh_snapshots(changed)
            except ApiError as exc:
                # The markers stay unknown: the next run reads those playlists again.
                log.warning("%s: could not read the new version markers (%s); the next run re-reads", dest, exc)

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

    def _folder_contents(self, folders: list[Folder], progress: Progress, failures: Failures,
                         destinations: list[str]) -> tuple[list[Folder], list[int]]:
        """Record each folder's releases; return the folders read and every release id once, in order.

        A folder whose contents cannot be read keeps its recorded contents and costs its
        playlists on ``destinations`` this run (planning them from old contents could
        remove tracks that are still in the folder).
        """
        release_ids: dict[int, None] = {}
        readable = []
        for folder in folders:
            try:
                items = (self.discogs.wantlist() if folder.id == WANTLIST_FOLDER_ID
                         else self.discogs.folder_items(folder.id))
            except ApiError as exc:
                for dest in destinations:
                    failures.add(dest, folder.id, folder.name, self.settings.playlist_name(folder.name), "folder", exc)
                progress.step("folders", folder.name)
                continue
            self.tracker.update_folder_releases(folder.id, items)
            release_ids.update(dict.fromkeys(item.release_id for item in items))
            readable.append(folder)
            progress.step("folders", folder.name)
        return readable, list(release_ids)

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

    def _plan_changes(self, folders: list[Folder], remotes: dict[str, RemotePlaylists], builder: DesiredBuilder,
                      failures: Failures):
        changes: list[PlaylistChange] = []
        counts: dict[tuple[str, int], tuple[int, int]] = {}
        notes: list[str] = []
        for dest, remote in remotes.items():
            limit = getattr(self.clients[dest], "max_playlist_size", None)
            for folder in folders:
                name = self.settings.playlist_name(folder.name)
                desired = builder.for_folder(folder.id, dest)
                try:
                    actual = remote.parts(folder.id, name)
                except ApiError as exc:
                    failures.add(dest, folder.id, folder.name, name, "read", exc)
                    continue
                notes += self._renamed(dest, folder, name, actual, remote.run_id)
                changes += plan_folder(dest, folder.id, folder.name, name, desired.uris, actual, limit)
                counts[(dest, folder.id)] = (desired.flagged, desired.missing)
        return changes, counts, notes

    def _renamed(self, dest: str, folder: Folder, name: str, actual, run_id: int | None) -> list[str]:
        """A note (and a ``folder_renamed`` event) when the folder's first playlist carries
        another name than the folder's now: it was renamed on Discogs. The playlist is
        kept (found by id) under the name it has; renaming it is the user's call."""
        first = next((p for p in actual if p.part == 1), None)
        if first is None or first.name == name:
            return []
        self.tracker.log_event(run_id, "folder_renamed", destination=dest, folder_id=folder.id,
                               playlist=first.name, folder=folder.name)
        return [f"{dest}: the Discogs folder of {first.name!r} is now called {folder.name!r}; "
                f"the playlist keeps its name (rename it to {name!r} if you like)."]

    def _plan_deletions(self, remotes: dict[str, RemotePlaylists], failures: Failures) -> list[PlaylistDeletion]:
        deletions = []
        for folder in self.tracker.vanished_folders():
            name = self.settings.playlist_name(folder.name)
            for dest, remote in remotes.items():
                # Only playlists we recorded: never one that merely shares the name.
                try:
                    parts = remote.parts(folder.id, name, adopt=False)
                except ApiError as exc:
                    failures.add(dest, folder.id, folder.name, name, "read", exc)
                    continue
                deletions += [PlaylistDeletion(dest, folder.id, p.name, p.id, len(p.items)) for p in parts]
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
