"""What every table, view and column of the tracker means, for people reading it in Datasette.

A column name means one thing wherever it appears (``confidence`` is always a 0-1 score),
so :data:`COLUMNS` describes each name once; :data:`COLUMN_OVERRIDES` holds the few names
a table uses in its own sense (``position`` in a folder is an order, not a track
position). The meanings of stored values (decisions, reasons, statuses) are written from
the enums that define them, so a new value cannot go undescribed (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Decision, Stage
from ..platforms import PLATFORMS, SERVICES, label
from .vocabulary import MatchSource, MissReason, ReviewAction, RunStatus, TrackStatus

DECISION_MEANINGS: dict[Decision, str] = {
    Decision.ACCEPTED: "at or above HIGH_CONFIDENCE and unambiguous: added, nothing to review",
    Decision.REVIEW: "at or above MEDIUM_CONFIDENCE (or ambiguous): added and flagged for review",
    Decision.LOW: "at or above MIN_CONFIDENCE only: not added; kept as the best candidate of a miss",
    Decision.NONE: "nothing at or above MIN_CONFIDENCE: not added",
}
SOURCE_MEANINGS: dict[MatchSource, str] = {
    MatchSource.AUTO: "the matcher decided; searched again when stale",
    MatchSource.APPROVED: "a person kept the matcher's pick; never expires",
    MatchSource.OVERRIDE: "a person pinned another track; never expires",
}
REASON_MEANINGS: dict[MissReason, str] = {
    MissReason.BELOW_THRESHOLD: "candidates came back, none good enough",
    MissReason.NO_CANDIDATES: "the searches returned nothing",
    MissReason.REJECTED: "a person refused the match; searched again later",
}
ACTION_MEANINGS: dict[ReviewAction, str] = {
    ReviewAction.APPROVE: "kept the match for good",
    ReviewAction.REJECT: "refused it: it leaves the playlist and is never picked again",
    ReviewAction.OVERRIDE: "pinned another track by hand",
}
STATUS_MEANINGS: dict[TrackStatus, str] = {
    TrackStatus.MATCHED: "in the playlist, nothing to decide",
    TrackStatus.FLAGGED: "in the playlist, below HIGH_CONFIDENCE or ambiguous, nobody decided yet",
    TrackStatus.MISSING: "not in the playlist (no usable match, or rejected)",
}
STAGE_MEANINGS: dict[Stage, str] = {
    Stage.RELEASE: "taken from the release's album or set, its tracklist lined up with the Discogs one",
    Stage.TRACK: "searched on its own",
}
RUN_MEANINGS: dict[RunStatus, str] = {
    RunStatus.RUNNING: "started (a crash leaves it so)",
    RunStatus.OK: "finished",
    RunStatus.PARTIAL: "finished, but some playlists or releases failed and wait for the next run",
    RunStatus.FAILED: "stopped by an error",
    RunStatus.DRY_RUN: "a dry run: nothing was changed",
}


def _values(meanings: dict) -> str:
    return "; ".join(f"{value.value} = {text}" for value, text in meanings.items())


SCORE = "0-1"
_PLATFORM_NAMES = ", ".join(PLATFORMS)

COLUMNS: dict[str, str] = {
    # Keys and where a row belongs
    "release_id": "Discogs release id (links to the release on Discogs).",
    "position": "Track position on the Discogs release, as Discogs writes it (\"A1\", \"2\"); links to the "
                "track's match history.",
    "destination": f"Playlist platform: {_PLATFORM_NAMES}.",
    "destinations": "Platforms the run synced, comma-separated.",
    "folder_id": "Discogs folder id; -1 is the wantlist.",
    "folder": "Discogs folder name (\"Wantlist\" for the wantlist).",
    "folders": "Discogs folders that hold the release, comma-separated (wantlist last).",
    "run_id": "The sync run (sync_runs.id) that wrote the row.",
    "review_id": "Id of the track's current match (matched_tracks.id): what `song-automations review` takes.",
    "match_id": "The match reviewed (matched_tracks.id, the review id).",
    "source_rowid": "Internal: ties the row to the full-text index of Discogs tracks (the search box).",
    # The Discogs side
    "source_title": "Track title on Discogs.",
    "source_artist": "Track artists on Discogs, as credited.",
    "release_title": "Release title on Discogs.",
    "artist_credit": "Track artists on Discogs, as credited.",
    "track_index": "Order of the track within the release's flattened tracklist (0 first).",
    "duration_s": "Length in seconds (NULL when unknown).",
    # The match
    "uri": "Platform track URI/URN (links to the track's page on the platform).",
    "candidate_id": "The platform's id of the matched track.",
    "match_title": "Title of the matched track on the platform.",
    "uploader": "SoundCloud account that uploaded the matched track (NULL on Spotify).",
    "match_uploader": "SoundCloud account that uploaded the matched track (NULL on Spotify).",
    "candidate_uploader": "SoundCloud account that uploaded the candidate (NULL on Spotify).",
    "best_uploader": "SoundCloud account that uploaded the best candidate seen (NULL on Spotify).",
    "artist_display": "The track's artists as people write them (\"The Chemical Brothers\", no \"(3)\").",
    "match_artists": "Artists of the matched track (JSON list).",
    "confidence": f"Score of the best candidate, {SCORE} (1 = certain).",
    "components": f"The score's parts, each {SCORE} or null when it did not apply (JSON object: artist, title, "
                  "version, duration, isrc, label, popularity, verified, bonus).",
    "decision": f"What the matcher decided: {_values(DECISION_MEANINGS)}.",
    "ambiguous": "1 when the runner-up scored too close to the winner to be sure.",
    "source": f"Who decided the match: {_values(SOURCE_MEANINGS)}.",
    "matched_at": "When the match was last searched or decided (UTC, ISO 8601).",
    "search_count": "How many times the track has been searched on this platform.",
    "next_search_at": "Misses and rejections: when the track may be searched again (UTC).",
    "version_type": "Version of the matched track as parsed from its title (original, remix, edit, dub, "
                    "extended, radio, instrumental, acappella, remaster, live, other); NULL when there is "
                    "no match or it was recorded before versions were stored.",
    "isrc": "ISRC of the track as the platform reports it (NULL when it reports none).",
    "stage": f"Which part of the matcher decided: {_values(STAGE_MEANINGS)}.",
    "evidence": "Release stage only: the album it lined up (JSON: album_uri, album_title, upc_match = the "
                "barcodes agree, coverage = share of the release's tracks on it, mean_pair = how well they "
                "agree, found_by = tracks/barcode/title).",
    "in_playlist": "1 when the match is (or will be, at the next sync) in the playlist.",
    "flagged": "1 when the match is in the playlist but awaits a person's review.",
    "status": f"The one status every screen shows: {_values(STATUS_MEANINGS)}.",
    # Candidates
    "query": "The search query that found the candidate, in the platform's syntax.",
    "candidate_uri": "URI/URN of the candidate (links to its page on the platform).",
    "candidate_title": "Title of the candidate on the platform.",
    "candidate_artists": "Artists of the candidate (JSON list).",
    "score": f"The candidate's score, {SCORE}.",
    "chosen": "1 for the best candidate of its search (added or not: see decision).",
    "considered_at": "When the search ran (UTC); all candidates of one search share it.",
    "runner_up_title": "Title of the best other candidate of the same search.",
    "runner_up_artists": "Artists of the runner-up (JSON list).",
    "runner_up_score": f"Score of the runner-up, {SCORE}.",
    "runner_up_uri": "URI/URN of the runner-up (links to its page).",
    "margin": "The winner's lead over the runner-up (confidence - runner_up_score), 0-1; small means ambiguous.",
    # Misses
    "reason": f"Why the track has no usable match: {_values(REASON_MEANINGS)}.",
    "best_uri": "URI/URN of the best candidate seen (links to its page).",
    "best_title": "Title of the best candidate seen.",
    "best_artists": "Artists of the best candidate seen (JSON list).",
    "best_score": f"Score of the best candidate seen, {SCORE}.",
    "recorded_at": "When the miss was recorded (UTC).",
    # Reviews
    "action": f"What the person did: {_values(ACTION_MEANINGS)}.",
    "acted_on_uri": "The track the decision was about: approved, rejected, or pinned by an override.",
    "acted_on_title": "Title of that track, as a search last saw it (NULL for a track no search found).",
    "status_now": "The track's status today.",
    "decided_by": "Who decides the track's match today (see source).",
    "uri_now": "The track's match today (links to its page).",
    "title_now": "Title of the track's match today.",
    # Counts
    "tracks": "Tracks counted.",
    "matched": "Tracks in the playlist with nothing to decide.",
    "missing": "Tracks with no usable match.",
    "reviewed": "Tracks whose match a person decided.",
    "discogs_tracks": "The folder's playable Discogs tracks.",
    "not_searched": "Tracks with no match row yet (a failed search, or a sync still to come).",
    "playlist_items": "Items the playlists hold, as last read from the platform.",
    "parts": "Playlists the folder needed (a folder over the platform's size limit is split).",
    "playlists": "Managed playlists.",
    "last_matched_at": "Latest matched_at of the platform (UTC).",
    "bucket": "Lower bound of a 0.1-wide confidence bucket, 0-1 (0.9 holds 0.9 to 1.0).",
    "mean_confidence": f"Mean confidence of the bucket's tracks, {SCORE}.",
    "kind": f"How the platforms disagree: \"<platform> only\" (in that platform's playlist alone), "
            "\"different version\" (both in, different version types; a remaster counts as the original) "
            "or \"different ISRC\".",
    # Runs and requests
    "started_at": "When the run started (UTC).",
    "finished_at": "When the run finished (UTC; NULL while running or after a crash).",
    "options": "The run's options (JSON).",
    "summary": "The run's totals (JSON), requests per service included.",
    "events": "Events the run logged.",
    "candidates_considered": "Candidates the run's searches scored.",
    "releases": "Releases the run looked at.",
    "releases_fetched": "Releases fetched from Discogs (the rest came from the cache).",
    "tracks_searched": "Tracks searched on a platform (the rest reused a cached match).",
    "search_failures": "Searches that failed (retried next run).",
    "created": "Playlists created.",
    "added": "Tracks added to playlists.",
    "removed": "Tracks removed from playlists.",
    "error": "What stopped a failed run.",
    "service": "The API: discogs, a platform, or a platform's accounts host (logins).",
    "requests": "HTTP requests sent, retries included.",
    "throttled": "429 (rate limited) answers received.",
    "throttled_429": "429 (rate limited) answers received, all services.",
    "waits": "Requests a rate limiter held back (client-side pacing or a 429 pause).",
    "wait_s": "Seconds those requests waited in all.",
    # Catalogue and playlists
    "present": "1 while Discogs still lists the folder; 0 once it disappeared.",
    "first_seen_at": "When a sync first saw it (UTC).",
    "last_seen_at": "When a sync last saw it (UTC).",
    "instance_id": "Discogs collection instance id (one per copy you own).",
    "date_added": "When the release was added to the folder on Discogs.",
    "fetched_at": "When the release was fetched from Discogs (UTC).",
    "payload": "The release as Discogs returned it (JSON of GET /releases/{id}).",
    "data": "The parsed Discogs track (JSON).",
    "part": "1 for the folder's first playlist; 2, 3... when a folder exceeds the size limit.",
    "snapshot": "The platform's version marker of the playlist when its items were last read.",
    "items": "URIs the playlist held when last read, in order (JSON list).",
    "playlist_id": "The platform's playlist id/URN.",
    "added_at": "When we added the item (UTC).",
    "created_at": "When it was created (UTC).",
    "updated_at": "When it last changed (UTC).",
    "at": "When it happened (UTC).",
    "detail": "Details of the event (JSON).",
}

# Per-platform columns of the cross-platform views, described once per platform.
_PER_PLATFORM = {
    "uri": "URI/URN of the {label} match (links to its page).",
    "title": "Title of the {label} match.",
    "artists": "Artists of the {label} match (JSON list).",
    "score": "Confidence of the {label} match, 0-1.",
    "in_playlist": "1 when the track is in the {label} playlist.",
    "version": "Version type of the {label} match (see version_type).",
    "isrc": "ISRC of the {label} match.",
    "status": "The track's status on {label} (matched, flagged, missing).",
}
COLUMNS.update({f"{p}_{suffix}": text.format(label=label(p)) for p in PLATFORMS for suffix, text in _PER_PLATFORM.items()})
COLUMNS.update({f"{s}_requests": f"HTTP requests sent to {s} (its accounts host not included)." for s in SERVICES})

# Names a table uses in its own sense.
COLUMN_OVERRIDES: dict[str, dict[str, str]] = {
    "folders": {"id": "Discogs folder id; -1 is the wantlist.", "name": "Folder name on Discogs."},
    "folder_releases": {"id": "Row id.", "position": "Order of the release within the folder, as Discogs lists it.",
                        "title": "Release title as the folder lists it.", "artist": "Release artists as the folder "
                        "lists them."},
    "releases": {"id": "Discogs release id.", "status": "ok, or deleted when Discogs answered 404.",
                 "title": "Release title on Discogs."},
    "source_tracks": {"title": "Track title on Discogs."},
    "matched_tracks": {"id": "The review id (`song-automations review` takes it).",
                       "title": "Title of the matched track on the platform.",
                       "artists": "Artists of the matched track (JSON list)."},
    "match_candidates": {"id": "Row id.", "decision": "The track's decision in that search (see decision)."},
    "match_history": {"id": "Row id of the candidate (match_candidates.id).",
                      "decision": "The track's decision in that search (see decision)."},
    "latest_candidates": {"id": "Row id of the candidate (match_candidates.id).",
                          "decision": "The track's decision in that search (see decision)."},
    "reviews": {"id": "Row id.", "uri": "The track decided on: approved, rejected, or pinned by an override.",
                "candidate_id": "The platform's id of that track (a rejected one is never picked again)."},
    "review_log": {"id": "Row id of the review (reviews.id)."},
    "playlists": {"id": "The platform's playlist id/URN.", "name": "Playlist name."},
    "playlist_status": {"id": "The platform's id/URN of the folder's first playlist.",
                        "name": "Name of the folder's first playlist."},
    "sync_runs": {"id": "Run id.", "status": f"How the run ended: {_values(RUN_MEANINGS)}."},
    "run_summaries": {"status": f"How the run ended: {_values(RUN_MEANINGS)}."},
    "run_overview": {"status": f"How the run ended: {_values(RUN_MEANINGS)}.",
                     "duration_s": "How long the run took, in seconds.",
                     "requests": "HTTP requests sent to every service, retries and logins included.",
                     "waits": "Requests a rate limiter held back, all services.",
                     "wait_s": "Seconds those requests waited in all, all services."},
    "run_requests": {"started_at": "When the run started (UTC)."},
    "sync_events": {"id": "Row id.", "kind": "What happened (playlist created, items added, release deleted, "
                                             "failure...)."},
    "destination_status": {"tracks": "Tracks searched on the platform.",
                           "in_playlist": "Tracks in the platform's playlists."},
    "folder_status": {"present": "1 while Discogs still lists the folder."},
    "confidence_distribution": {"version_type": "Version type of the match, \"none\" for tracks without one.",
                                "tracks": "Tracks whose confidence falls in the bucket."},
    "searched_sources": {"title": "Track title on Discogs."},
    "managed_items": {"uri": "A track we added (links to its page); items added by hand are never removed."},
    "_sqlite_migrations": {"id": "Row id.", "migration_set": "Always song_automations.",
                           "name": "The migration's name.", "applied_at": "When it was applied (UTC)."},
}


@dataclass(frozen=True)
class TableDoc:
    """How one table or view is shown: title, description, default sort (``sort_desc``
    newest or largest first, else ``sort``), facets, and for views over Discogs tracks the
    full-text index their search box uses (through ``source_rowid``)."""

    description: str
    title: str | None = None
    sort: str | None = None
    sort_desc: str | None = None
    facets: tuple[str, ...] = ()
    searchable: bool = False


_TRACK_FACETS = ("destination", "status", "decision", "version_type", "stage")

TABLES: dict[str, TableDoc] = {
    "folders": TableDoc("Discogs collection folders and the wantlist (id -1). present = 0 once a folder "
                        "disappeared from Discogs.", facets=("present",)),
    "folder_releases": TableDoc("Each folder's releases in Discogs order.", sort="folder_id", facets=("folder_id",)),
    "releases": TableDoc("Cached Discogs releases (GET /releases/{id}) and when they were fetched.",
                         sort_desc="fetched_at", facets=("status",)),
    "source_tracks": TableDoc("Playable Discogs tracks of each release. Search by artist or title.",
                              sort="release_id"),
    "matched_tracks": TableDoc("The current match of each Discogs track on each platform: its confidence and "
                               "score components, the decision, and whether a person decided it.",
                               sort_desc="matched_at",
                               facets=("destination", "decision", "source", "version_type", "stage")),
    "match_candidates": TableDoc("Every candidate ever considered, with its query, components, score and the "
                                 "decision. Search by the candidate's artist or title.", sort_desc="id",
                                 facets=("destination", "decision", "version_type", "chosen")),
    "reviews": TableDoc("Every approve, reject and override; they never expire.", sort_desc="id",
                        facets=("action", "destination")),
    "missing_tracks": TableDoc("Tracks with no usable match, why, and the best candidate seen.",
                               sort_desc="best_score", facets=("destination", "reason")),
    "playlists": TableDoc("Playlists we manage, tracked by platform id/URN, not by name.", sort="name",
                          facets=("destination",)),
    "managed_items": TableDoc("Items we added ourselves; anything else in a managed playlist was added by hand "
                              "and is kept.", sort_desc="added_at", facets=("destination",)),
    "sync_runs": TableDoc("One row per sync run with its options and summary.", sort_desc="id",
                          facets=("status",)),
    "sync_events": TableDoc("What each run did, step by step.", sort_desc="id", facets=("kind", "destination")),
    "_sqlite_migrations": TableDoc("The schema migrations applied to this database, in order.", sort="id"),
    "match_state": TableDoc("Each match with in_playlist, flagged and status: the one rule every other view "
                            "reads.", title="Match state", facets=_TRACK_FACETS + ("source",)),
    "track_status": TableDoc("Each Discogs track's match on each platform, beside the track. Search by artist "
                             "or title.", title="Tracks", facets=_TRACK_FACETS, searchable=True),
    "flagged_for_review": TableDoc("Matches in a playlist below HIGH_CONFIDENCE or ambiguous, nobody's decision "
                                   "yet, least confident first. Decide with `song-automations review`.",
                                   title="Flagged for review", facets=("destination", "decision", "version_type"),
                                   searchable=True),
    "ambiguous_matches": TableDoc("The runner-up was within a small gap of the winner.", title="Ambiguous matches",
                                  facets=("destination", "decision"), searchable=True),
    "missing_report": TableDoc("Every unmatched track with the best candidate seen (`song-automations report "
                               "missing`).", title="Missing tracks", facets=("destination", "reason", "folders"),
                               searchable=True),
    "match_history": TableDoc("Every candidate considered, newest first, beside its Discogs track. Search by "
                              "the Discogs artist or title.", title="Match history",
                              facets=("destination", "decision", "version_type", "chosen"), searchable=True),
    "latest_candidates": TableDoc("The candidates of each track's latest search only.", title="Latest candidates",
                                  facets=("destination", "decision")),
    "run_summaries": TableDoc("Runs with their status and counts.", title="Sync runs (summaries)",
                              facets=("status",)),
    "destination_status": TableDoc("Matched, flagged, missing and reviewed counts per platform.",
                                   title="Per destination"),
    "collection_status": TableDoc("Per platform, every Discogs track of the folders Discogs still lists, "
                                  "each once, by status.", title="Whole collection"),
    "folder_status": TableDoc("Each folder's Discogs tracks by status, per platform.", title="Per folder",
                              facets=("destination", "folder")),
    "playlist_status": TableDoc("Each managed playlist: what it holds and its folder's tracks by status.",
                                title="Per playlist", facets=("destination",)),
    "platform_pairs": TableDoc("Both platforms' current match of each track searched on both.",
                               title="Both platforms side by side"),
    "searched_sources": TableDoc("Discogs tracks searched on some platform.", title="Searched tracks"),
    "flagged_with_runner_up": TableDoc("Flagged and ambiguous matches with the runner-up and the margin, "
                                       "smallest margin first.", title="Flagged, with runner-up",
                                       facets=("destination", "decision", "version_type"), searchable=True),
    "missing_by_folder": TableDoc("Missing tracks per folder with the best candidate, closest first.",
                                  title="Missing by folder", facets=("folder", "destination", "reason"),
                                  searchable=True),
    "platform_disagreements": TableDoc("Tracks whose platforms disagree: in one playlist only, or different "
                                       "version types or ISRCs.", title="Where the platforms disagree",
                                       facets=("kind",), searchable=True),
    "confidence_distribution": TableDoc("How many current matches fall in each 0.1 confidence bucket, per "
                                        "platform and version type.", title="Confidence distribution",
                                        facets=("destination", "version_type")),
    "run_requests": TableDoc("Requests, 429s and rate-limit waits per run and service.", title="Requests per run",
                             facets=("service",)),
    "run_overview": TableDoc("Each run: duration, counts, requests per service, 429s and waits.",
                             title="Sync runs", facets=("status",)),
    "review_log": TableDoc("Every approve, reject and override, newest first, with the track's match today.",
                           title="Reviews", facets=("action", "destination"), searchable=True),
}


def column_description(table: str, column: str) -> str | None:
    """What ``column`` of ``table`` means, or ``None`` when nobody wrote it down."""
    return COLUMN_OVERRIDES.get(table, {}).get(column) or COLUMNS.get(column)
