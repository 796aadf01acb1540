"""A sync started from a notebook: the request, a live progress figure, the result tables.

The engine reports progress from its worker threads; marimo can only redraw a progress
bar from the cell's own thread. :func:`run_sync` therefore runs the engine in a worker
thread and hands every :class:`~song_automations.sync.ProgressEvent` to ``on_event`` on
the calling thread, in order.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..clients.discogs import DiscogsClient
from ..models import WANTLIST_NAME
from ..sync import ProgressEvent, SyncReport
from ..sync.progress import STAGES

# Share of the overall bar per stage: matching (searches) is most of a first sync's time.
STAGE_WEIGHTS = {"folders": 5, "releases": 25, "matching": 60, "applying": 10}
BAR_UNITS = 100  # the notebook's bar counts percent

PLAN_COLUMNS = ["destination", "playlist", "action", "add", "remove", "unchanged"]
RESULT_COLUMNS = ["destination", "folder", "playlist", "created", "added", "removed", "unchanged",
                  "flagged", "missing"]


@dataclass(frozen=True, slots=True)
class SyncRequest:
    """What the user picked: destinations, folders (empty = every folder) and the wantlist."""

    destinations: tuple[str, ...]
    folders: tuple[str, ...] = ()
    include_wantlist: bool = True

    def engine_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :meth:`SyncEngine.run` for this request.

        No folder picked means every folder: an unfiltered run, which is also the only
        kind that deletes playlists of folders gone from Discogs (as the CLI does).
        """
        if not self.folders:
            return {"folders": None, "exclude_wantlist": not self.include_wantlist}
        names = list(self.folders) + ([WANTLIST_NAME] if self.include_wantlist else [])
        return {"folders": names, "exclude_wantlist": not self.include_wantlist}


class ProgressMeter:
    """Turns progress events into one overall percentage for a single progress bar.

    Each stage owns a fixed share (:data:`STAGE_WEIGHTS`) filled by its ``done/total``;
    a stage's total may grow (matching learns how many tracks need a search as releases
    arrive), so the figure can stand still but never goes back.
    """

    def __init__(self) -> None:
        self._fraction = dict.fromkeys(STAGES, 0.0)
        self._shown = 0

    def advance(self, event: ProgressEvent) -> tuple[int, str]:
        """``(increment in percent points, title)`` after ``event``."""
        if event.total:
            self._fraction[event.stage] = max(self._fraction[event.stage], min(1.0, event.done / event.total))
        total = sum(STAGE_WEIGHTS[s] * f for s, f in self._fraction.items()) / sum(STAGE_WEIGHTS.values())
        percent = min(BAR_UNITS, int(total * BAR_UNITS))
        increment, self._shown = max(0, percent - self._shown), max(self._shown, percent)
        return increment, f"{event.stage} {event.done}/{event.total}"

    @property
    def shown(self) -> int:
        return self._shown


def run_in_worker(work: Callable[[Callable[[ProgressEvent], None]], Any],
                  on_event: Callable[[ProgressEvent], None]) -> Any:
    """Run ``work(callback)`` in a thread; deliver its events to ``on_event`` here.

    Returns what ``work`` returns and re-raises what it raised, after every event it
    sent has been delivered.
    """
    events: queue.Queue = queue.Queue()
    outcome: dict[str, Any] = {}
    done = object()

    def target() -> None:
        try:
            outcome["result"] = work(events.put)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, re-raised there
            outcome["error"] = exc
        finally:
            events.put(done)

    thread = threading.Thread(target=target, name="workbench-sync", daemon=True)
    thread.start()
    while (event := events.get()) is not done:
        on_event(event)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def run_sync(runtime, request: SyncRequest, dry_run: bool, on_event: Callable[[ProgressEvent], None],
             yes: bool = False) -> SyncReport:
    """One sync (or dry run) through ``runtime``, like ``song-automations sync``.

    Raises what the engine raises (e.g. :class:`~song_automations.errors.SafetyGateError`
    when ``yes`` is false and a playlist would lose more than half its tracks).
    """
    def work(callback):
        with runtime.session(request.destinations, progress=callback) as engine:
            return engine.run(list(request.destinations), dry_run=dry_run, yes=yes, **request.engine_kwargs())

    return run_in_worker(work, on_event)


def discogs_folder_names(settings) -> list[str]:
    """The user's Discogs folder names, in Discogs order (one request)."""
    client = DiscogsClient(settings)
    try:
        return [folder.name for folder in client.folders()]
    finally:
        client.close()


def plan_frame(report: SyncReport) -> pd.DataFrame:
    """The plan of a run, one row per playlist: create / update / none / delete."""
    rows = [{"destination": c.destination, "playlist": c.name,
             "action": "create" if c.create else ("none" if c.is_noop else "update"),
             "add": len(c.add), "remove": len(c.remove), "unchanged": c.unchanged}
            for c in report.plan.changes]
    rows += [{"destination": d.destination, "playlist": d.name, "action": "delete", "add": 0,
              "remove": d.tracks, "unchanged": 0} for d in report.plan.deletions]
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def results_frame(report: SyncReport) -> pd.DataFrame:
    """Per playlist after the run: what was added and removed, what awaits review or is missing."""
    rows = [{"destination": p.destination, "folder": p.folder, "playlist": p.name, "created": p.created,
             "added": p.added, "removed": p.removed, "unchanged": p.unchanged, "flagged": p.flagged,
             "missing": p.missing} for p in report.playlists]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def summary_text(report: SyncReport) -> str:
    """One sentence, like the CLI's closing line."""
    s = report.summary()
    verbs = ("Dry run, nothing changed: would add", "remove") if report.dry_run else ("Synced: added", "removed")
    text = (f"{verbs[0]} {s['added']} and {verbs[1]} {s['removed']} tracks across {s['playlists']} "
            f"playlists ({s['created']} new); {s['releases']} releases ({s['releases_fetched']} fetched), "
            f"{s['tracks_searched']} tracks searched.")
    if report.partial:
        left = [f"{len(report.failed_playlists)} playlists", f"{len(report.failed_releases)} releases",
                f"{report.search_failures} searches"]
        text += f" Not done this time, retried next run: {', '.join(left)}."
    return text
