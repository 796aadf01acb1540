"""What the commands say, read as a person would, and what their exit status tells a script.

One test per promise (issue 14, "What the commands say" and "Unattended runs"), each
asserting on the printed text or the exit code of real runs against the emulator.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from song_automations import cli_render
from song_automations.clients.spotify import SpotifyClient
from song_automations.errors import ServerError
from song_automations.models import Candidate, Decision, MatchResult, ScoredCandidate
from song_automations.settings import Thresholds
from song_automations.tracker import Tracker

from .conftest import emulator_playlists

# Thresholds under which every match of the mini catalog is flagged for review.
FLAG_EVERYTHING = {"HIGH_CONFIDENCE": "1", "MEDIUM_CONFIDENCE": "0.5", "MIN_CONFIDENCE": "0.4"}
PROGRESS = "━"


def flat(text: str) -> str:
    """``text`` with its line wrapping undone (the console wraps long sentences)."""
    return " ".join(text.split())


def _flag_everything(monkeypatch) -> None:
    for name, value in FLAG_EVERYTHING.items():
        monkeypatch.setenv(name, value)


def _delete_folder(emulator, name: str) -> None:
    httpx.post(f"{emulator.url}/_emulator/collection", json={"delete_folder": [name]}).raise_for_status()


def _tracker(cli_env) -> Tracker:
    return Tracker(f"{cli_env['DATA_DIR']}/tracker.db")


# --- the console ---------------------------------------------------------------------------

def test_the_console_shows_progress_and_a_summary_and_no_log_lines(cli_env, run_cli):
    result = run_cli("sync", "all")
    assert result.code == 0
    assert result.err == ""  # no INFO lines, and development mode's expected 403 is no failure
    assert "403" not in result.out and "failed" not in result.out
    assert PROGRESS in result.out and "Added 9 and removed 0 tracks in 8 of 8 playlists (8 new)." in flat(result.out)


def test_a_fatal_error_is_the_last_thing_printed(cli_env, run_cli, monkeypatch):
    monkeypatch.setenv("SPOTIFY_CLIENT_SECRET", "wrong")
    result = run_cli("sync", "all")
    assert result.code == 1
    assert result.err.strip().splitlines()[-1].startswith("Error: Spotify refused our client credentials")
    assert PROGRESS not in result.out and result.out.strip() == ""  # no empty bars before or after it


def test_repeated_rate_limit_pauses_are_summarised_once(cli_env, run_cli, monkeypatch):
    real = SpotifyClient.search

    def throttled(self, query, limit=None):
        # What a 429 with Retry-After does to every thread of the service, at every search.
        self.runner.limiter.pause(0.01)
        return real(self, query, limit)

    monkeypatch.setattr(SpotifyClient, "search", throttled)
    result = run_cli("sync", "spotify")
    assert result.code == 0, result.err
    assert result.err.count("spotify answered 429: pausing every request") == 1, result.err
    assert re.search(r"spotify asked us to slow down (\d+) times; the run waited \d+ s in all\.", result.out)
    # One pause per search query: every one of them counted, none of them warned but the first.
    assert int(re.search(r"slow down (\d+) times", result.out).group(1)) >= int(
        re.search(r"(\d+) tracks searched", result.out).group(1))


# --- the dry run ---------------------------------------------------------------------------

def test_the_dry_run_prints_one_table_then_the_tracks_it_would_add(cli_env, run_cli, monkeypatch):
    monkeypatch.setattr(cli_render, "LISTED_TRACKS", 1)
    result = run_cli("sync", "spotify", "--dry-run")
    out = result.out
    assert out.count("Dry run: the plan (nothing was changed)") == 1 and out.count("playlist ") == 1
    # Counts first, then the tracks, the first one of each playlist here.
    assert out.index("Uncategorized  new       2") < out.index("Spotify · Discogs - Uncategorized: +2 -0")
    assert "  + Morcheeba - Call For Love\n  + … and 1 more (--verbose lists every track)" in out
    assert "Peace Of Me" not in out
    assert "Dry run, nothing changed: would add 6 and remove 0 tracks in 4 of 4 playlists (4 new)." in flat(out)
    assert emulator_playlists_are_empty(cli_env)
    verbose = run_cli("sync", "spotify", "--dry-run", "--verbose").out
    assert "  + Morcheeba - Call For Love\n  + Morcheeba - Peace Of Me" in verbose and "more (--verbose" not in verbose


def emulator_playlists_are_empty(cli_env) -> bool:
    base = cli_env["SPOTIFY_API_URL"].rsplit("/spotify", 1)[0]
    return httpx.get(f"{base}/_emulator/playlists").json() == {"spotify": [], "soundcloud": []}


def test_the_summary_never_says_added_when_nothing_changed(cli_env, run_cli):
    assert run_cli("sync", "all").code == 0
    again = run_cli("sync", "all")
    assert "Nothing to change: every playlist was already up to date." in again.out
    assert "Added" not in again.out
    planned = run_cli("sync", "all", "--dry-run")
    assert "Dry run: nothing to change; every playlist is up to date." in planned.out
    assert "would add" not in planned.out


# --- failures, held-back changes and exit codes --------------------------------------------

def test_failed_searches_are_counted_apart_from_misses(cli_env, run_cli, monkeypatch):
    real = SpotifyClient.search

    glimpse = SpotifyClient.album_glimpse

    def failing(query):
        if "Morcheeba" in f"{query.artist} {getattr(query, 'text', None) or ''}":
            raise ServerError("spotify GET /search: the service failed with 503.", service="spotify", status=503)

    def search(self, query, limit=None):
        failing(query)
        return real(self, query, limit)

    def album_glimpse(self, query, limit=None):
        failing(query)
        return glimpse(self, query, limit)

    monkeypatch.setattr(SpotifyClient, "search", search)
    monkeypatch.setattr(SpotifyClient, "album_glimpse", album_glimpse)
    result = run_cli("sync", "spotify")
    assert result.code == 4  # PARTIAL: the next run retries them
    with _tracker(cli_env) as tracker:
        failed = [e for e in tracker.events(1) if e["kind"] == "search_failed"]
    assert len(failed) == 3  # Morcheeba's three tracks
    assert "3 searches failed and will be retried next run (their tracks keep the match they had)." in flat(result.out)
    assert "newly without a match" in result.out  # the misses are counted on their own line
    assert result.err == ""  # one line in the summary, not one warning per search
    monkeypatch.setattr(SpotifyClient, "search", real)
    monkeypatch.setattr(SpotifyClient, "album_glimpse", glimpse)
    retried = run_cli("sync", "spotify")
    # Morcheeba's release is found by its album this time: one track is searched on its own.
    assert retried.code == 0 and "1 track searched, 2 taken from their release's album." in flat(retried.out)


def test_quiet_runs_print_nothing_when_all_is_well_and_one_line_when_not(cli_env, run_cli, monkeypatch):
    _flag_everything(monkeypatch)
    first = run_cli("sync", "all", "--quiet")
    assert first.code == 3 and first.err == ""  # ATTENTION: new matches wait for review
    [line] = first.out.splitlines()
    assert line.startswith("song-automations sync all: Added 9 and removed 0 tracks in 8 of 8 playlists")
    assert re.search(r"; \d+ tracks newly flagged for review: `song-automations review list`;", line)
    second = run_cli("sync", "all", "--quiet")
    assert (second.code, second.out, second.err) == (0, "", "")


def test_the_safety_gate_holds_back_a_risky_deletion_applies_the_rest_and_says_so(cli_env, run_cli, emulator):
    assert run_cli("sync", "all").code == 0
    _delete_folder(emulator, "Disco")
    held = run_cli("sync", "all", "--quiet")
    assert held.code == 3
    assert ("Held back spotify 'Discogs - Disco': deleting it (1 tracks); check with --dry-run, then confirm "
            "with --yes") in held.out
    names = {p["name"] for p in emulator_playlists(emulator)["spotify"]}
    assert "Discogs - Disco" in names
    # SoundCloud's Disco playlist was empty: nothing risky, deleted at once.
    assert "Discogs - Disco" not in {p["title"] for p in emulator_playlists(emulator)["soundcloud"]}
    confirmed = run_cli("sync", "all", "--yes", "--quiet")
    assert (confirmed.code, confirmed.out) == (0, "")
    assert "Discogs - Disco" not in {p["name"] for p in emulator_playlists(emulator)["spotify"]}


def test_exit_codes_are_in_the_help(run_cli):
    text = run_cli("sync", "--help").out
    assert "Exit status: 0 done, nothing needs you; 1 failed" in " ".join(text.split())
    assert "3 done, but removals were held back or new matches wait for review" in " ".join(text.split())


# --- reports -------------------------------------------------------------------------------

def test_report_missing_leaves_out_folders_gone_from_discogs(cli_env, run_cli, emulator):
    assert run_cli("sync", "all").code == 0
    before = json.loads(run_cli("report", "missing", "--format", "json").out)
    assert any(r["folder"] == "Disco" for r in before)
    _delete_folder(emulator, "Disco")
    assert run_cli("sync", "all", "--yes").code == 0
    after = json.loads(run_cli("report", "missing", "--format", "json").out)
    assert after and not any("Disco" in r["folder"] for r in after)
    assert all(r["folder"] for r in after)  # every row is in a folder Discogs still lists


def test_report_changes_lists_what_the_runs_added_removed_and_missed(cli_env, run_cli, emulator):
    assert run_cli("sync", "all").code == 0
    first = run_cli("report", "changes").out
    assert "Run #1 (spotify, soundcloud): ok" in first
    assert "Spotify · Discogs - Uncategorized: +2 -0 (new)\n    + Morcheeba - Call For Love\n" in first
    assert re.search(r"Newly without a match \(\d+\):\n    (Spotify|SoundCloud): ", first)
    _delete_folder(emulator, "Disco")
    assert run_cli("sync", "all", "--yes").code == 0
    second = run_cli("report", "changes").out
    assert second.startswith("Run #2") and "Spotify · Discogs - Disco: deleted (its folder left Discogs)" in second
    both = run_cli("report", "changes", "--since", "1").out
    assert both.index("Run #1") < both.index("Run #2")


# --- review --------------------------------------------------------------------------------

def _flag_an_upload_without_artist(cli_env) -> int:
    """A label channel's SoundCloud upload (no artist field) as a flagged match."""
    with _tracker(cli_env) as tracker:
        row = tracker.searched_sources()[0]
        track = next(t for t in tracker.source_tracks(row["release_id"]) if t.position == row["position"])
        upload = Candidate(platform="soundcloud", id="soundcloud:tracks:7001", uri="soundcloud:tracks:7001",
                           title=track.title, artists=(), raw_title=track.title, uploader="Acid Channel Records")
        scored = ScoredCandidate(upload, 0.85, {"artist": 0.0, "title": 1.0})
        tracker.record_match(MatchResult(track, "soundcloud", Decision.REVIEW, scored, considered=(scored,)), 30)
        return tracker.get_match(track.release_id, track.position, "soundcloud").id


def test_review_list_is_one_line_a_match_within_80_columns_and_names_uploaders(cli_env, run_cli, monkeypatch):
    _flag_everything(monkeypatch)
    assert run_cli("sync", "all").code == 3
    review_id = _flag_an_upload_without_artist(cli_env)
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("review", "list")
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    with _tracker(cli_env) as tracker:
        ids = [r["review_id"] for r in tracker.review_rows()]
    rows = [line for line in lines if re.match(r"^\s*\d+\s{2}(spotify|soundcloud)\s", line)]
    assert [int(line.split()[0]) for line in rows] == ids  # one line per match, least confident first
    [upload] = [line for line in rows if int(line.split()[0]) == review_id]
    # The uploader where the upload names no artist, cut before the title is.
    assert upload.endswith("Acid Channe… - Acid Eiffel")
    # The match's artist is left out where it is the Discogs track's: room for the version.
    assert any(line.endswith("Morcheeba - Call For Love  Call For Love") for line in rows)
    assert "`review show ID`" in result.out


def _flagged(cli_env, destination: str, title: str) -> dict:
    with _tracker(cli_env) as tracker:
        return next(r for r in tracker.review_rows(destination) if r["source_title"] == title)


def test_review_show_puts_the_release_and_the_candidates_in_front_of_you(cli_env, run_cli, monkeypatch):
    _flag_everything(monkeypatch)
    run_cli("sync", "all")
    # (Spotify's matches of the mini catalog all score 1, so none is flagged even so.)
    row = _flagged(cli_env, "soundcloud", "Call For Love")
    with _tracker(cli_env) as tracker:
        release = tracker.cached_release(row["release_id"])
    out = run_cli("review", "show", str(row["review_id"])).out
    assert out.startswith(f"#{row['review_id']} on SoundCloud: flagged for review")
    assert f"{release['title']} ({release['year']})" in out
    assert f"Release page: {release['uri']}" in out
    assert re.search(rf"▶ {re.escape(row['position'])}\s+Call For Love", out)  # the track, marked in the tracklist
    emulator_url = cli_env["SPOTIFY_API_URL"].rsplit("/spotify", 1)[0]
    assert f"listen: {emulator_url}/soundcloud-widget/player/?url=" in out  # the emulator's stand-in player
    assert "Candidates of the latest search" in out and f"review search {row['review_id']}" in out


def test_review_search_scores_new_results_and_override_names_the_artist_once(cli_env, run_cli, monkeypatch):
    _flag_everything(monkeypatch)
    run_cli("sync", "all")
    row = _flagged(cli_env, "soundcloud", "Call For Love")
    found = flat(run_cli("review", "search", str(row["review_id"]), "Acperience").out)
    assert re.search(r"\d+ results for \"Acperience\", scored against the Discogs track", found)
    assert "Hardfloor - Acperience 1 (Radio Edit)" in found and "/tracks/7002" in found
    pinned = run_cli("review", "override", str(row["review_id"]), "soundcloud:tracks:7002")
    # The upload is titled "Hardfloor - Acperience 1 (Radio Edit)": the artist is said once.
    assert pinned.out == f"Pinned {row['review_id']} to Hardfloor - Acperience 1 (Radio Edit).\n"


# --- status and thresholds -----------------------------------------------------------------

def test_status_gives_each_column_one_meaning_and_local_times_to_the_second(cli_env, run_cli):
    run_cli("sync", "all")
    out = run_cli("status").out
    assert out.count("folder                 in playlist  Discogs  matched  flagged  missing") == 2
    for line in out.splitlines():
        numbers = re.match(r"^(Disco|House|Uncategorized|Wantlist)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", line)
        if numbers:
            items, tracks, matched, flagged, missing = map(int, numbers.groups()[1:])
            assert matched <= tracks and matched + flagged + missing == tracks and items <= tracks
    assert re.search(r"Last run #1 \(spotify, soundcloud\): ok, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to "
                     r"(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.$", out, re.M)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", out)  # no microseconds


def test_min_confidence_help_names_the_line_it_moves_and_says_when_it_changes_nothing(cli_env, run_cli):
    help_text = " ".join(run_cli("sync", "--help").out.split())
    assert "keep automatic matches scoring below X out of the playlists. They enter from MEDIUM_CONFIDENCE" in help_text
    t = Thresholds()
    assert (f"A match goes into its playlist from MEDIUM_CONFIDENCE ({t.medium:g}): up to HIGH_CONFIDENCE "
            f"({t.high:g}) it is flagged for review") in help_text
    low = run_cli("sync", "soundcloud", "--min-confidence", "0.5")
    assert f"--min-confidence 0.5 is not above MEDIUM_CONFIDENCE ({t.medium:g})" in low.err
    # SoundCloud's matches here score below 1 (Spotify's all score 1: none would go).
    strict = run_cli("sync", "soundcloud", "--min-confidence", "1", "--yes")
    assert "removed" in strict.out and "--min-confidence" not in strict.err


def test_the_highest_exit_code_wins_and_a_dry_run_maps_the_same_way():
    from song_automations.exitcodes import ExitCode
    from song_automations.outcomes import exit_code
    from song_automations.sync import HeldBack, SyncPlan, SyncReport

    report = SyncReport(run_id=1, dry_run=True, plan=SyncPlan())
    assert exit_code(report) is ExitCode.OK
    report.newly_flagged = 2
    assert exit_code(report) is ExitCode.ATTENTION
    report.held_back = [HeldBack("spotify", "Discogs - House", 30, 40)]
    report.failed_releases = [123]
    assert exit_code(report) is ExitCode.PARTIAL  # a re-run matters more than a review
