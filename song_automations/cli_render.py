"""How the CLI shows things: progress bars, tables, reports. Part of the CLI layer.

Functions here receive a rich ``Console`` and the objects the package returns
(reports, tracker rows); nothing else in the package prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .sync.progress import STAGES, ProgressEvent

# Columns of `report missing`, in order (CSV header and JSON keys).
MISSING_FIELDS = ("destination", "folder", "artist", "title", "version", "release", "release_id",
                  "position", "reason", "best_candidate", "best_uri", "best_score")


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


PLAYLIST_STATUS_SQL = """
SELECT p.destination, p.name, p.id, p.folder_id, json_array_length(COALESCE(p.items, '[]')) AS tracks,
       SUM(m.uri IS NOT NULL) AS matched,
       SUM(m.uri IS NOT NULL AND m.source = 'auto' AND (m.decision = 'review' OR m.ambiguous = 1)) AS flagged,
       SUM(m.id IS NOT NULL AND m.uri IS NULL) AS missing
FROM playlists p
LEFT JOIN (SELECT DISTINCT folder_id, release_id FROM folder_releases) fr ON fr.folder_id = p.folder_id
LEFT JOIN matched_tracks m ON m.release_id = fr.release_id AND m.destination = p.destination
WHERE p.part = 1 OR p.part IS NULL
GROUP BY p.destination, p.id
ORDER BY p.destination, p.name
"""


def render_status(console: Console, tracker) -> None:
    """Per destination: playlists with counts, then the last run and its outcome."""
    playlists = tracker.rows(PLAYLIST_STATUS_SQL)
    totals = {row["destination"]: row for row in tracker.status()}
    if not playlists and not totals:
        console.print("Nothing synced yet: run `song-automations sync all --dry-run` to see the plan.")
    for destination in sorted({r["destination"] for r in playlists} | set(totals)):
        table = Table(title=destination)
        for column in ("playlist", "tracks", "matched", "flagged", "missing"):
            table.add_column(column, justify="left" if column == "playlist" else "right")
        for row in (r for r in playlists if r["destination"] == destination):
            table.add_row(row["name"], *(str(row[c] or 0) for c in ("tracks", "matched", "flagged", "missing")))
        total = totals.get(destination)
        if total:
            table.add_section()
            table.add_row("all tracks", str(total["tracks"]), str(total["matched"] or 0),
                          str(total["flagged"] or 0), str(total["missing"] or 0))
        console.print(table)
    runs = tracker.runs(limit=1)
    if runs:
        run = runs[0]
        console.print(f"Last run #{run['run_id']}: {run['status']}, started {run['started_at']}, "
                      f"finished {run['finished_at'] or '-'}; destinations {run['destinations']}.")


def _version_text(title: str | None) -> str:
    from .matching.parse import parse_title

    if not title:
        return ""
    parsed = parse_title(title)
    return parsed.version_text or parsed.version.value


def _missing_records(tracker, destination: str | None) -> Iterable[dict]:
    folders = {}
    for row in tracker.rows(
        "SELECT fr.release_id, group_concat(DISTINCT f.name) AS names FROM folder_releases fr "
        "JOIN folders f ON f.id = fr.folder_id GROUP BY fr.release_id"
    ):
        folders[row["release_id"]] = row["names"]
    for row in tracker.missing_rows(destination):
        best_artists = json.loads(row["best_artists"]) if row.get("best_artists") else []
        best = " - ".join(x for x in (", ".join(best_artists), row.get("best_title") or "") if x)
        yield {
            "destination": row["destination"], "folder": folders.get(row["release_id"], ""),
            "artist": row["source_artist"] or "", "title": row["source_title"] or "",
            "version": _version_text(row["source_title"]), "release": row["release_title"] or "",
            "release_id": row["release_id"], "position": row["position"], "reason": row["reason"],
            "best_candidate": best, "best_uri": row["best_uri"] or "",
            "best_score": None if row["best_score"] is None else round(row["best_score"], 3),
        }


def missing_report(tracker, fmt: str, destination: str | None) -> str:
    """Every unmatched track as CSV or JSON text (``fmt`` is ``"csv"`` or ``"json"``)."""
    records = list(_missing_records(tracker, destination))
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MISSING_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _breakdown(components: dict) -> str:
    return " ".join(f"{name} {value:.2f}" for name, value in components.items() if value is not None)


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
        artists = ", ".join(json.loads(row["match_artists"])) if row["match_artists"] else ""
        flag = " (ambiguous)" if row["ambiguous"] else ""
        table.add_row(str(row["review_id"]), row["destination"],
                      f"{row['source_artist']} - {row['source_title']}",
                      f"{artists} - {row['match_title']}", f"{row['confidence']:.2f}{flag}",
                      _breakdown(row["components"]))
    console.print(table)
    console.print("Decide with `review approve ID`, `review reject ID` or `review override ID URL`.")
