"""What a sync's outcome means for a person and for a script: sentences and the exit code.

The CLI and the app say the same things about a :class:`~song_automations.sync.SyncReport`,
so the sentences are written once, here. :func:`exit_code` is the one mapping of an
outcome onto :class:`~song_automations.exitcodes.ExitCode` (README, "Exit codes").
"""

from __future__ import annotations

from .exitcodes import ExitCode


def _tracks(n: int) -> str:
    return f"{n} track" if n == 1 else f"{n} tracks"


def _playlists(n: int) -> str:
    return f"{n} playlist" if n == 1 else f"{n} playlists"


def changes_sentence(report) -> str:
    """What happened to the playlists, never "added" when nothing was.

    ``"Added 35 and removed 2 tracks in 3 of 22 playlists (1 new)."``; a dry run says
    ``"Dry run, nothing changed: would add ..."``; an idle run says so.
    """
    changed = [p for p in report.playlists if p.created or p.added or p.removed]
    deleted = len(report.plan.deletions)
    if not changed and not deleted:
        return ("Dry run: nothing to change; every playlist is up to date." if report.dry_run
                else "Nothing to change: every playlist was already up to date.")
    created = sum(p.created for p in report.playlists)
    add, remove = ("would add", "remove") if report.dry_run else ("Added", "removed")
    text = (f"{add} {report.added} and {remove} {_tracks(report.removed)} in {len(changed)} of "
            f"{_playlists(len(report.playlists))}" + (f" ({created} new)" if created else ""))
    if deleted:
        text += f"; {'would delete' if report.dry_run else 'deleted'} {_playlists(deleted)} of vanished folders"
    return f"Dry run, nothing changed: {text}." if report.dry_run else f"{text}."


def work_sentence(report) -> str:
    """``"194 releases (3 fetched from Discogs), 12 tracks searched."``, with ``", 40
    taken from their release's album"`` when the release stage settled some."""
    taken = f", {report.tracks_by_release} taken from their release's album" if report.tracks_by_release else ""
    return (f"{report.releases} releases ({report.releases_fetched} fetched from Discogs), "
            f"{_tracks(report.tracks_searched)} searched{taken}.")


def attention_lines(report) -> list[str]:
    """One sentence per thing a person should know or do after the run, most urgent first."""
    lines = []
    for held in report.held_back:
        verb = "would hold back" if report.dry_run else "Held back"
        lines.append(f"{verb.capitalize() if report.dry_run else verb} {held.describe()}; "
                     "check with --dry-run, then confirm with --yes.")
    if report.failed_releases:
        n = len(report.failed_releases)
        lines.append(f"{n} {'release' if n == 1 else 'releases'} could not be read from Discogs and will be "
                     "retried next run: "
                     + ", ".join(map(str, report.failed_releases)) + ".")
    if report.search_failures:
        n = report.search_failures
        lines.append(f"{n} {'search' if n == 1 else 'searches'} failed and will be retried next run "
                     "(their tracks keep the match they had).")
    for failed in report.failed_playlists:
        lines.append(f"Not updated this run (retried next run): {failed.sentence}.")
    lines += fault_lines(report)
    if report.newly_flagged:
        lines.append(f"{_tracks(report.newly_flagged)} newly flagged for review: `song-automations review list`.")
    if report.newly_missed:
        lines.append(f"{_tracks(report.newly_missed)} newly without a match: `song-automations report missing`.")
    for release_id in report.deleted_releases:
        lines.append(f"Release {release_id} no longer exists on Discogs; its tracks were skipped.")
    return lines


def fault_lines(report) -> list[str]:
    """What the services made the run retry, in one sentence (none when nothing failed)."""
    faults = report.faults
    if not faults.get("faults"):
        return []
    kinds = ", ".join(f"{kind} {n}" for kind, n in faults["by_kind"].items())
    return [f"The services failed {faults['faults']} times ({kinds}): {faults['retried']} retried, "
            f"{faults['reconciled']} changes re-read before resending, {faults['gave_up']} given up."]


def exit_code(report) -> ExitCode:
    """The run's exit status: PARTIAL when playlists, releases or searches failed (the
    next run retries them), ATTENTION when removals were held back or new matches wait
    for review, else OK. The highest applies; a dry run maps the same way."""
    if report.partial:
        return ExitCode.PARTIAL
    if report.held_back or report.newly_flagged:
        return ExitCode.ATTENTION
    return ExitCode.OK


def quiet_line(command: str, report) -> str:
    """The one line ``sync --quiet`` prints when the run needs someone (``""`` when not)."""
    if exit_code(report) is ExitCode.OK:
        return ""
    parts = [changes_sentence(report).rstrip(".")]
    parts += [line.rstrip(".") for line in attention_lines(report) if not line.startswith("Release ")]
    return f"{command}: " + "; ".join(parts) + "."
