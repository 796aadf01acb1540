"""Reviewing with the record in front of you: the release, the tracklist, players, a new
search, decisions exported and imported from the app, and names as people write them."""

from __future__ import annotations

import re

import httpx

from song_automations.adapters import discogs
from song_automations.names import platform_artist
from song_automations.workbench import results, review
from song_automations.workbench.results import unattended_text
from song_automations.workbench.session import shared_tracker
from sqlcheck import sql_rows

RELEASE = {
    "id": 11461830, "title": "Dig Your Own Hole", "year": 1997, "uri": "https://www.discogs.com/release/11461830",
    "artists": [{"name": "Chemical Brothers, The", "anv": "", "join": ""}],
    "labels": [{"name": "Virgin", "catno": "CHEM LP 2"}, {"name": "Virgin", "catno": "CHEM LP 2"},
               {"name": "Freestyle Dust (2)", "catno": "none"}],
    "formats": [{"name": "Vinyl", "qty": "2", "descriptions": ["LP", "Album"]}],
    "images": [{"type": "secondary", "uri": "https://i.discogs.com/b.jpeg", "uri150": "https://i.discogs.com/b150.jpeg"},
               {"type": "primary", "uri": "https://i.discogs.com/a.jpeg", "uri150": "https://i.discogs.com/a150.jpeg"}],
    "tracklist": [
        {"position": "", "type_": "heading", "title": "Side A"},
        {"position": "A1", "type_": "track", "title": "Block Rockin' Beats", "duration": "5:14"},
        {"position": "A2", "type_": "track", "title": "Setting Sun", "duration": "5:29",
         "artists": [{"name": "Chemical Brothers, The", "join": "Featuring"}, {"name": "Noel Gallagher (2)"}]},
    ],
}


def test_a_release_reads_as_its_discogs_page_with_names_as_people_write_them():
    info = discogs.release_info(RELEASE)
    assert (info.artists, info.year, info.formats) == ("The Chemical Brothers", 1997, "2×Vinyl, LP, Album")
    assert info.labels == ("Virgin – CHEM LP 2", "Freestyle Dust")  # duplicates once, "none" is no number
    assert (info.cover_url, info.thumb_url) == ("https://i.discogs.com/a.jpeg", "https://i.discogs.com/a150.jpeg")
    assert [(e.position, e.title, e.artist, e.heading) for e in info.tracklist] == [
        ("", "Side A", "", True), ("A1", "Block Rockin' Beats", "", False),
        ("A2", "Setting Sun", "The Chemical Brothers Featuring Noel Gallagher", False)]


def test_a_credit_with_joins_is_shown_per_name_and_compared_as_discogs_writes_it():
    tracks = discogs.source_tracks(RELEASE)
    setting_sun = tracks[1]
    assert setting_sun.artist_display == "The Chemical Brothers Featuring Noel Gallagher"
    assert setting_sun.artist_credit == "Chemical Brothers, The Featuring Noel Gallagher (2)"  # for the matcher
    assert setting_sun.artists == ("Chemical Brothers, The",)
    assert platform_artist((), "Label Records") == "Label Records (uploader)"
    assert platform_artist(("A", "B"), "Label Records") == "A, B"


def test_the_apps_tables_show_names_as_people_write_them(tracker):
    raw = {r["artist_credit"] for r in sql_rows(tracker, "SELECT artist_credit FROM source_tracks")}
    assert "Persuader, The" in raw  # the mini catalog's inverted article, as Discogs writes it
    shown = [*review.review_frame(tracker)["source"], *results.missing_frame(tracker)["artist"]]
    assert any(name.startswith("The Persuader") for name in shown)
    assert not any(", The" in name or re.search(r"\(\d+\)", name) for name in shown)


def test_the_context_of_a_flagged_match_has_its_release_tracklist_and_players(live):
    runtime, server = live
    tracker = shared_tracker(runtime)
    row = next(r for r in tracker.review_rows("soundcloud") if r["source_title"] == "Call For Love")
    ctx = review.context(runtime, tracker, row["review_id"])
    assert ctx.release is not None and ctx.release.title == tracker.cached_release(row["release_id"])["title"]
    assert ctx.position in {e.position for e in ctx.release.tracklist}
    page = review.release_html(ctx.release, ctx.position)
    assert 'class="current"' in page and "Call For Love" in page and ctx.release.page_url in page
    assert ctx.match.player.startswith(f"{server.url}/soundcloud-widget/player/?url=")
    player = httpx.get(ctx.match.player)
    assert player.status_code == 200 and "Call For Love" in player.text
    assert 'src="' + ctx.match.player in review.player_html(ctx.match, ctx.destination)
    if ctx.release.thumb_url:
        assert httpx.get(ctx.release.thumb_url).headers["content-type"].startswith("image/svg+xml")


def test_a_new_search_is_scored_like_the_stored_candidates_and_one_can_be_pinned(live):
    runtime, server = live
    tracker = shared_tracker(runtime)
    row = next(r for r in tracker.review_rows("soundcloud") if r["source_title"] == "Call For Love")
    frame, found = review.search(runtime, tracker, row["review_id"], "Acperience")
    assert list(frame.columns) == review.CANDIDATE_COLUMNS and len(frame) == len(found) > 0
    assert list(frame["score"]) == sorted(frame["score"], reverse=True) and frame["title"].notna().all()
    chosen = next(c for c in found if c.uri == "soundcloud:tracks:7002")
    assert review.pin(tracker, row["review_id"], chosen) == (
        f"Pinned {row['review_id']} to Hardfloor - Acperience 1 (Radio Edit).")
    assert tracker.get_match(row["release_id"], row["position"], "soundcloud").uri == "soundcloud:tracks:7002"


def test_the_app_exports_and_imports_the_same_file_as_the_cli(tracker):
    first = int(review.review_frame(tracker)["review_id"].iloc[0])
    review.apply_review(None, tracker, first, "approve")
    exported = review.decisions_file(tracker)
    assert b'"action": "approve"' in exported
    assert review.import_decisions(tracker, exported, "decisions.json") == "Imported 0 decisions; 1 were already here."


def test_the_app_shows_the_last_unattended_run(tracker):
    assert unattended_text(tracker).startswith("_No unattended run yet")
    run_id = tracker.start_run(["spotify"], {"unattended": True})
    tracker.finish_run(run_id, "ok", {"added": 3, "removed": 1, "newly_flagged": 2, "held_back": []})
    text = unattended_text(tracker)
    assert text.startswith(f"**Last unattended run** #{run_id} (spotify), ")
    assert "ok, added 3 and removed 1 tracks; it needs you: 2 new matches to review." in text
