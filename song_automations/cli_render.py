"""How the CLI shows things: progress bars, tables, reports. Part of the CLI layer.

Functions here receive a rich ``Console`` and the objects the package returns
(reports, tracker rows); nothing else in the package prints.
"""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .reviewing import breakdown
from .sync.progress import STAGES, ProgressEvent


class SyncProgressView:
    """One progress bar per sync stage, with counts and a rate; thread-safe callback."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>9}"), TimeElapsedColumn(), TextColumn("{task.fields[detail]}"),
            console=console, transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> SyncProgressView:
        self._progress.start()
        for stage in STAGES:
            self._tasks[stage] = self._progress.add_task(stage, total=None, start=False, rate="", detail="")
        return self

    def __exit__(self, *exc_info) -> None:
        self._progress.stop()

    def update(self, event: ProgressEvent) -> None:
        task_id = self._tasks[event.stage]
        task = self._progress.tasks[task_id]
        if not task.started:
            self._progress.start_task(task_id)
        speed = task.speed
        self._progress.update(
            task_id, completed=event.done, total=max(event.total, event.done),
            rate=f"{speed:.1f}/s" if speed else "", detail=event.detail[:40],
        )


def render_report(console: Console, report) -> None:
    """The per-playlist summary of a sync, or the plan of a dry run."""
    if report.dry_run:
        _render_plan(console, report.plan)
    table = Table(title="Dry run: nothing was changed" if report.dry_run else "Sync summary")
    for column in ("destination", "playlist", "added", "removed", "unchanged", "flagged", "missing"):
        table.add_column(column, justify="left" if column in ("destination", "playlist") else "right")
    for p in report.playlists:
        name = f"{p.name} (new)" if p.created else p.name
        table.add_row(p.destination, name, str(p.added), str(p.removed), str(p.unchanged),
                      str(p.flagged), str(p.missing))
    console.print(table)
    for note in report.plan.notes:
        console.print(note)
    for deletion in report.plan.deletions:
        verb = "would delete" if report.dry_run else "deleted"
        console.print(f"{deletion.destination}: {verb} {deletion.name!r} (its Discogs folder is gone)")
    totals = report.summary()
    console.print(
        f"{totals['releases']} releases ({totals['releases_fetched']} fetched), "
        f"{totals['tracks_searched']} tracks searched, {totals['added']} added, {totals['removed']} removed."
    )
    for release_id in report.deleted_releases:
        console.print(f"Release {release_id} no longer exists on Discogs; its tracks were skipped.")
    if report.failed_releases:
        console.print(f"{len(report.failed_releases)} releases failed and will be retried next run: "
                      + ", ".join(map(str, report.failed_releases)))
    _render_failures(console, report)


def _render_failures(console: Console, report) -> None:
    """What failed this run (retried next run) and what the services made us retry."""
    if report.search_failures:
        console.print(f"{report.search_failures} track searches failed and will be retried next run.")
    for failed in report.failed_playlists:
        console.print(f"Not updated this run (retried next run): {failed.sentence}.")
    faults = report.faults
    if faults.get("faults"):
        kinds = ", ".join(f"{kind} {n}" for kind, n in faults["by_kind"].items())
        console.print(f"The services failed {faults['faults']} times ({kinds}): {faults['retried']} retried, "
                      f"{faults['reconciled']} changes re-read before resending, {faults['gave_up']} given up.")


def _render_plan(console: Console, plan) -> None:
    table = Table(title="Plan")
    for column in ("destination", "playlist", "action", "add", "remove", "unchanged"):
        table.add_column(column, justify="right" if column in ("add", "remove", "unchanged") else "left")
    for change in plan.changes:
        action = "create" if change.create else ("update" if not change.is_noop else "none")
        table.add_row(change.destination, change.name, action, str(len(change.add)),
                      str(len(change.remove)), str(change.unchanged))
    for deletion in plan.deletions:
        table.add_row(deletion.destination, deletion.name, "delete", "0", str(deletion.tracks), "0")
    console.print(table)


# Columns of `status`: the playlist as the platform holds it, then the folder's Discogs
# tracks by status (matched + flagged + missing + not searched = Discogs tracks).
STATUS_COLUMNS = (("items", "playlist_items"), ("tracks", "discogs_tracks"),
                  ("matched", "matched"), ("flagged", "flagged"), ("missing", "missing"))
STATUS_CAPTION = ("items: what the playlist holds now; tracks: the folder's Discogs tracks\n"
                  "(matched + flagged + missing, plus any not searched yet)")


def render_status(console: Console, tracker) -> None:
    """Per destination: playlists with counts, then the last run and its outcome."""
    playlists = tracker.playlist_status()
    totals = {row["destination"]: row for row in tracker.status()}
    if not playlists and not totals:
        console.print("Nothing synced yet: run `song-automations sync all --dry-run` to see the plan.")
    for destination in sorted({r["destination"] for r in playlists} | set(totals)):
        table = Table(title=destination, box=box.SIMPLE_HEAD, caption=STATUS_CAPTION, pad_edge=False)
        table.add_column("playlist", no_wrap=True)
        for title, _ in STATUS_COLUMNS:
            table.add_column(title, justify="right")
        for row in (r for r in playlists if r["destination"] == destination):
            table.add_row(row["name"], *(str(row[column] or 0) for _, column in STATUS_COLUMNS))
        total = totals.get(destination)
        if total:
            table.add_section()
            table.add_row("all searched tracks", "", str(total["tracks"]), str(total["matched"] or 0),
                          str(total["flagged"] or 0), str(total["missing"] or 0))
        console.print(table)
    runs = tracker.runs(limit=1)
    if runs:
        run = runs[0]
        console.print(f"Last run #{run['run_id']}: {run['status']}, started {local_time(run['started_at'])}, "
                      f"finished {local_time(run['finished_at'])}; destinations {run['destinations']}.")


def local_time(iso: str | None) -> str:
    """An ISO-8601 UTC timestamp as local time to the second ("2026-12-06 10:12:03"), or "-"."""
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def render_review_list(console: Console, tracker, destination: str | None) -> None:
    """Flagged and ambiguous matches with the component breakdown behind each score."""
    rows = tracker.review_rows(destination)
    if not rows:
        console.print("Nothing to review.")
        return
    table = Table(title=f"{len(rows)} matches to review")
    for column in ("id", "destination", "source", "match", "score", "why"):
        table.add_column(column, overflow="fold")
    for row in rows:
        artists = ", ".join(row["match_artists"])
        flag = " (ambiguous)" if row["ambiguous"] else ""
        table.add_row(str(row["review_id"]), row["destination"],
                      f"{row['source_artist']} - {row['source_title']}",
                      f"{artists} - {row['match_title']}", f"{row['confidence']:.2f}{flag}",
                      breakdown(row["components"]))
    console.print(table)
    console.print("Decide with `review approve ID`, `review reject ID` or `review override ID URL`.")
