"""How the CLI shows things: progress bars, tables, reports. Part of the CLI layer.

Functions here receive a rich ``Console`` and the objects the package returns
(reports, tracker rows); nothing else in the package prints. Tables are laid out to
fit 80 columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import outcomes
from .browse import track_history_url
from .logging import rate_limit_summary
from .models import Stage
from .names import fit, fit_track, platform_artist, track_line
from .platforms import label
from .sync.progress import ProgressEvent

# Tracks listed per playlist and direction in a plan unless --verbose.
LISTED_TRACKS = 5
# Marks a match the release stage took from the release's album (review list).
RELEASE_MARK = "+"


class SyncProgressView:
    """One progress bar per sync stage, shown once the stage starts (with counts and a
    rate); thread-safe callback. The bars stay after a finished run and vanish when the
    run fails, so the error is the last thing on the screen."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>9}"), TimeElapsedColumn(), TextColumn("{task.fields[detail]}"),
            console=console, transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> SyncProgressView:
        self._progress.start()
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:
            self._progress.live.transient = True  # erase the bars: the error comes next
        self._progress.stop()

    def update(self, event: ProgressEvent) -> None:
        task_id = self._tasks.get(event.stage)
        if task_id is None:
            task_id = self._tasks[event.stage] = self._progress.add_task(event.stage, total=None, rate="",
                                                                         detail="")
        task = self._progress.tasks[task_id]
        speed = task.speed
        self._progress.update(
            task_id, completed=event.done, total=max(event.total, event.done),
            rate=f"{speed:.1f}/s" if speed else "", detail=event.detail[:30],
        )


def _table(title: str, **options) -> Table:
    """A compact table: a rule under the header, two spaces between columns."""
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1),
                 title_justify="left", caption_justify="left", **options)


NameLookup = Callable[[str, tuple[str, ...]], dict[str, dict]]


def render_report(console: Console, report, names: NameLookup, verbose: bool = False) -> None:
    """A sync's outcome: one table of playlists, the tracks a dry run would add and
    remove (all of them with ``verbose``; a real run lists them only then), then what
    happened and what needs a person. ``names(destination, uris)`` is the tracker's
    :meth:`track_names`."""
    console.print(_plan_table(report))
    for note in report.plan.notes:  # e.g. a folder renamed on Discogs: its playlist keeps its name
        console.print(escape(note))
    if report.dry_run or verbose:
        _render_track_lists(console, report, names, verbose)
    console.print(outcomes.changes_sentence(report))
    console.print(outcomes.work_sentence(report))
    for line in outcomes.attention_lines(report) + rate_limit_summary():
        console.print(escape(line))


def _action(change, playlist) -> str:
    if change is not None and change.create:
        return "new"
    return "update" if playlist.added or playlist.removed else "-"


def _plan_table(report) -> Table:
    title = "Dry run: the plan (nothing was changed)" if report.dry_run else "Sync summary"
    table = _table(title)
    table.add_column("playlist", max_width=34, overflow="fold")
    for column in ("action", "add", "remove", "kept", "flagged", "missing"):
        table.add_column(column, justify="left" if column == "action" else "right")
    changes = {(c.destination, c.name): c for c in report.plan.changes}
    destination = None
    for p in report.playlists:
        if p.destination != destination:
            destination = p.destination
            table.add_row(f"[bold]{label(destination)}[/bold]", end_section=False)
        table.add_row("  " + escape(p.name), _action(changes.get((p.destination, p.name)), p), str(p.added),
                      str(p.removed), str(p.unchanged), str(p.flagged), str(p.missing))
    for d in report.plan.deletions:
        table.add_row(f"  {escape(d.name)} ({label(d.destination)})", "delete", "0", str(d.tracks), "0", "", "")
    return table


def _render_track_lists(console: Console, report, names: NameLookup, verbose: bool) -> None:
    for change in report.plan.changes:
        if not (change.add or change.remove):
            continue
        known = names(change.destination, change.add + change.remove)
        console.print(f"\n[bold]{escape(label(change.destination))} · {escape(change.name)}[/bold]: "
                      f"+{len(change.add)} -{len(change.remove)}")
        for sign, uris in (("+", change.add), ("-", change.remove)):
            shown = uris if verbose else uris[:LISTED_TRACKS]
            for uri in shown:
                found = known.get(uri)
                console.print(f"  {sign} " + escape(track_line(found["artist"], found["title"]) if found else uri))
            if len(uris) > len(shown):
                console.print(f"  {sign} … and {len(uris) - len(shown)} more (--verbose lists every track)")


# Columns of `status`: what the playlist holds on the platform, then the folder's Discogs
# tracks and how they split by status (matched + flagged + missing [+ not searched]).
STATUS_COLUMNS = (("in playlist", "playlist_items"), ("Discogs", "discogs_tracks"),
                  ("matched", "matched"), ("flagged", "flagged"), ("missing", "missing"))
STATUS_CAPTION = ("in playlist: tracks the playlist holds now. Discogs: the folder's tracks, each "
                  "matched, flagged (in the playlist, awaiting review) or missing{more}.\n")


def render_status(console: Console, tracker, prefix: str) -> None:
    """Per destination: playlists with counts, all folders together, then the last runs.
    ``prefix`` is PLAYLIST_PREFIX (playlists are named "{prefix} {folder}")."""
    playlists = tracker.playlist_status()
    totals = {row["destination"]: row for row in tracker.collection_status()}
    if not playlists and not totals:
        console.print("Nothing synced yet: run `song-automations sync all --dry-run` to see the plan.")
    for destination in sorted({r["destination"] for r in playlists} | set(totals)):
        rows = [r for r in playlists if r["destination"] == destination]
        total = totals.get(destination)
        waiting = any(r["not_searched"] for r in rows) or bool(total and total["not_searched"])
        columns = STATUS_COLUMNS + ((("waiting", "not_searched"),) if waiting else ())
        caption = STATUS_CAPTION.format(more=", or waiting for its first search" if waiting else "")
        title = f"{label(destination)}: one playlist per folder, named \"{escape(prefix)} <folder>\""
        table = _table(title, caption=caption)
        table.add_column("folder", max_width=30, overflow="fold")
        for title, _ in columns:
            table.add_column(title, justify="right")
        for row in rows:
            table.add_row(escape(row["folder"] or row["name"]), *(str(row[column] or 0) for _, column in columns))
        if total:
            table.add_section()
            table.add_row("all (each track once)", "",
                          *(str(total[column] or 0) for _, column in columns[1:]))
        console.print(table)
    runs = tracker.runs(limit=1)
    if runs:
        console.print(run_line("Last run", runs[0]))
    unattended = tracker.last_unattended_run()
    if unattended and (not runs or unattended["run_id"] != runs[0]["run_id"]):
        console.print(run_line("Last unattended run", unattended))


def run_line(what: str, run: dict) -> str:
    """``"Last run #12 (spotify, soundcloud): ok, 2026-12-06 10:12:03 to 10:14:40."``"""
    destinations = ", ".join(d for d in (run["destinations"] or "").split(",") if d)
    started, finished = local_time(run["started_at"]), local_time(run["finished_at"])
    if finished[:10] == started[:10]:
        finished = finished[11:]
    status = str(run["status"]).replace("_", " ")
    return f"{what} #{run['run_id']} ({destinations}): {status}, {started} to {finished}."


def local_time(iso: str | None) -> str:
    """An ISO-8601 UTC timestamp as local time to the second ("2026-12-06 10:12:03"), or "-"."""
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def render_review_list(console: Console, tracker, destination: str | None, browse_url: str | None = None) -> None:
    """Flagged and ambiguous matches, one line each, fitted to the console (80 columns
    and up); ``review show ID`` has the details. With ``browse_url`` (a running
    ``browse``), a line per match links to its history page."""
    rows = tracker.review_rows(destination)
    if not rows:
        console.print("Nothing to review.")
        return
    width = max(console.width, 80)
    side = (width - 26) // 2
    console.print(f"{len(rows)} matches to review, least confident first ('?': ambiguous, the runner-up "
                  f"scored almost the same; '{RELEASE_MARK}': taken from the release's album or set; "
                  "the match's artist is left out where it is the Discogs track's):")
    console.print(f"{'id':>5}  {'platform':<10}  {'score':<6}  {fit('Discogs track', side - 1):<{side - 1}} "
                  f"{'matched to'}", highlight=False)
    for row in rows:
        artist = platform_artist(row["match_artists"], row["match_uploader"])
        same = (artist or "").casefold() == (row["source_artist"] or "").casefold()
        source = fit_track(row["source_artist"], row["source_title"], side - 1)
        match = fit_track(None if same else artist, row["match_title"], side - 1)
        score = f"{row['confidence']:.2f}" + ("?" if row["ambiguous"] else "") \
            + (RELEASE_MARK if row["stage"] == Stage.RELEASE else "")
        console.print(escape(f"{row['review_id']:>5}  {row['destination']:<10}  {score:<6}  "
                             f"{source:<{side - 1}} {match}"), highlight=False)
    if browse_url:
        for row in rows:  # whole lines, never wrapped, so a terminal can open them
            url = track_history_url(browse_url, row["release_id"], row["position"], row["destination"])
            console.print(f"History of {row['review_id']}: {url}", soft_wrap=True)
    console.print("See one with `review show ID`; decide with `review approve ID`, `review reject ID` or "
                  "`review override ID URL`.")


def _status_phrase(ctx) -> str:
    score = f" (score {ctx.match.score:.2f})" if ctx.match and ctx.match.score is not None else ""
    phrase = {"flagged": "flagged for review", "matched": "matched", "missing": "no match"}.get(ctx.status, ctx.status)
    return phrase + (", ambiguous: the runner-up scored almost the same" if ctx.ambiguous else "") + score


def render_review_show(console: Console, ctx) -> None:
    """One match with the record in front of you: the Discogs release (artists, year,
    labels and catalogue numbers, format, the tracklist with this track marked, the
    release page and cover), the match and every candidate with its link."""
    console.print(f"[bold]#{ctx.review_id} on {label(ctx.destination)}[/bold]: {_status_phrase(ctx)}")
    console.print(escape(f"Discogs track {ctx.position}: {track_line(ctx.source_artist, ctx.source_title)}"))
    release = ctx.release
    if release is not None:
        console.print()
        year = f" ({release.year})" if release.year else ""
        console.print(f"[bold]{escape(track_line(release.artists, release.title))}[/bold]{year}")
        for line in (" · ".join(release.labels), release.formats):
            if line:
                console.print(escape(line))
        console.print(f"Release page: {release.page_url}", soft_wrap=True)
        if release.cover_url:
            console.print(f"Cover: {release.cover_url}", soft_wrap=True)
        console.print(_tracklist(release, ctx.position))
    if ctx.match is not None:
        console.print()
        console.print(escape(f"Matched to: {track_line(ctx.match.artist, ctx.match.title)}"))
        if ctx.how_found:
            console.print(escape(f"  {ctx.how_found}"))
        console.print(f"  listen: {ctx.match.player}", soft_wrap=True)
    _render_candidates(console, ctx.candidates, heading=(
        f"Candidates of the latest search ({len(ctx.candidates)}):" if ctx.candidates
        else "No stored candidates: the track was decided by hand or never searched."))
    console.print()
    console.print(f"Decide with `review approve {ctx.review_id}`, `review reject {ctx.review_id}` or "
                  f"`review override {ctx.review_id} URL`; search again with "
                  f"`review search {ctx.review_id} \"words\"`.")


def _tracklist(release, position: str) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 0, 0, 1))
    table.add_column("", width=1)
    table.add_column("pos", no_wrap=True)
    table.add_column("track", overflow="fold")
    table.add_column("time", justify="right")
    for entry in release.tracklist:
        if entry.heading:
            table.add_row("", "", f"[italic]{escape(entry.title)}[/italic]", escape(entry.duration))
            continue
        here = entry.position == position
        text = escape(track_line(entry.artist, entry.title))
        table.add_row("▶" if here else "", escape(entry.position), f"[bold]{text}[/bold]" if here else text,
                      escape(entry.duration))
    return table


def _render_candidates(console: Console, candidates, heading: str) -> None:
    from .reviewing import breakdown

    console.print()
    console.print(heading)
    for view in candidates:
        score = f"{view.score:.2f}" if view.score is not None else "  -  "
        line = fit(track_line(view.artist, view.title), max(console.width, 80) - 9)
        console.print(escape(f"{'▶' if view.chosen else ' '} {score}  {line}"))
        if view.components:
            console.print(f"         {breakdown(view.components)}")
        console.print(f"         {view.link or view.uri}", soft_wrap=True)


def render_search_results(console: Console, review_id: int, text: str, views) -> None:
    """A new search's results, scored like the stored candidates, with how to pin one."""
    _render_candidates(console, views, heading=f"{len(views)} results for \"{escape(text)}\", scored against "
                                               "the Discogs track:")
    if views:
        console.print(f"Pin one with `review override {review_id} URI`, e.g. `review override {review_id} "
                      f"{views[0].uri}`.", soft_wrap=True)


def render_changes(console: Console, changes, verbose: bool = False) -> None:
    """``report changes``: per run, the playlists' additions and removals, the tracks
    newly flagged or missing, and what failed."""
    if not changes:
        console.print("No runs yet: nothing has changed.")
    for run in changes:
        console.print(f"[bold]{escape(run_line('Run', run.run))}[/bold]")
        if run.empty:
            console.print("  Nothing changed.")
        for p in run.playlists:
            what = "deleted (its folder left Discogs)" if p.deleted else f"+{p.adds} -{p.removes}" + (
                " (new)" if p.created else "")
            console.print(f"  {escape(label(p.destination))} · {escape(p.name)}: {what}")
            for sign, lines in (("+", p.added), ("-", p.removed)):
                shown = lines if verbose else lines[:LISTED_TRACKS]
                for line in shown:
                    console.print(f"    {sign} {escape(line)}")
                if len(lines) > len(shown):
                    console.print(f"    {sign} … and {len(lines) - len(shown)} more (--verbose lists every track)")
        for title, items in (("Newly flagged for review", run.flagged), ("Newly without a match", run.missed)):
            if items:
                console.print(f"  {title} ({len(items)}):")
                shown = items if verbose else items[:LISTED_TRACKS * 2]
                for destination, line in shown:
                    console.print(f"    {escape(label(destination))}: {escape(line)}")
                if len(items) > len(shown):
                    console.print(f"    … and {len(items) - len(shown)} more (--verbose lists them all)")
        for failure in run.failures:
            console.print(f"  Failed, retried next run: {escape(failure)}")


DOCTOR_MARKS = {"ok": "[green]ok[/green]  ", "warn": "[yellow]warn[/yellow]", "fail": "[red]FAIL[/red]",
                "skip": "skip"}


def render_doctor(console: Console, checks) -> None:
    """One row per check, what to do under the ones that need it, then a verdict."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 0, 0, 1))
    table.add_column("state", no_wrap=True)
    table.add_column("check", no_wrap=True, style="bold")
    table.add_column("finding", overflow="fold")
    for check in checks:
        table.add_row(DOCTOR_MARKS[check.state], escape(check.name), escape(check.detail))
        if check.advice:
            table.add_row("", "", f"→ {escape(check.advice)}")
    console.print(table)
    failed = sum(c.state == "fail" for c in checks)
    warned = sum(c.state == "warn" for c in checks)
    if failed:
        console.print(f"{failed} problem{'s' if failed > 1 else ''} to fix before the next sync.")
    elif warned:
        console.print("Ready to sync, with the warning above." if warned == 1 else
                      "Ready to sync, with the warnings above.")
    else:
        console.print("Everything is ready for the next sync.")
