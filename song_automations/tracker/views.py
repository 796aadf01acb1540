"""SQL views: the read models shared by the engine, the CLI, the notebooks and Datasette.

``match_state`` is the one place that says whether a track is in its playlist and
whether it awaits review; every other view, and :class:`~.matches.StoredMatch`, reads
those columns instead of restating the rule. Views are derived data: :func:`sync_views`
drops and recreates them whenever their SQL here differs from the database's, so an
existing database gets a changed view on its next open, exactly like a new one.

Column names are part of the interface (notebooks and Datasette queries use them): add
columns freely, rename none.
"""

from __future__ import annotations

import logging

import sqlite_utils

from ..matching.parse import SAME_RECORDING_AS_ORIGINAL, VersionType
from ..models import WANTLIST_FOLDER_ID
from ..platforms import PLATFORMS, SERVICES
from .vocabulary import (
    ADDING_DECISIONS_SQL,
    MANUAL_SOURCES_SQL,
    MatchSource,
    TrackStatus,
)

log = logging.getLogger(__name__)

_AUTO = f"'{MatchSource.AUTO}'"
_IN_PLAYLIST = f"(m.uri IS NOT NULL AND (m.source IN {MANUAL_SOURCES_SQL} OR m.decision IN {ADDING_DECISIONS_SQL}))"
_FLAGGED = f"({_IN_PLAYLIST} AND m.source = {_AUTO} AND (m.decision = 'review' OR m.ambiguous = 1))"

# How a person reads a Discogs credit ("The Chemical Brothers"); Discogs' own form
# ("Chemical Brothers, The") stays in source_tracks.artist_credit for the matcher.
_SHOWN_ARTIST = "COALESCE(st.artist_display, st.artist_credit)"
# Source track and release beside a match_state row ``s``. ``source_rowid`` ties a row to
# the full-text index of source tracks (Datasette's search box on the views).
_SOURCE_COLUMNS = f"""
    st.title AS source_title, {_SHOWN_ARTIST} AS source_artist, r.title AS release_title,
    st.rowid AS source_rowid
"""
_SOURCE_JOINS = """
    LEFT JOIN source_tracks st ON st.release_id = s.release_id AND st.position = s.position
    LEFT JOIN releases r ON r.id = s.release_id
"""
_TRACK = f"""
    s.review_id, s.destination, s.release_id, s.position, {_SOURCE_COLUMNS},
    s.uri, s.match_title, s.match_artists, s.confidence, s.components, s.decision, s.ambiguous,
    s.source, s.matched_at, s.in_playlist, s.flagged, s.status, s.version_type, s.isrc, s.stage, s.evidence,
    s.match_uploader
"""
# Each (folder, track) once, even when a folder holds the release twice.
_FOLDER_TRACKS = """
    SELECT DISTINCT fr.folder_id, st.release_id, st.position
    FROM folder_releases fr JOIN source_tracks st ON st.release_id = fr.release_id
"""


def _pair_joins() -> str:
    """``a`` (the first platform's match_state row) beside ``b`` (the second's) for each
    track searched on both, with the source track ``st`` and release ``r``."""
    first, second = PLATFORMS
    return f"""
        FROM match_state a
        JOIN match_state b ON b.release_id = a.release_id AND b.position = a.position
             AND b.destination = '{second}'
        LEFT JOIN source_tracks st ON st.release_id = a.release_id AND st.position = a.position
        LEFT JOIN releases r ON r.id = a.release_id
        WHERE a.destination = '{first}'
    """


def _pairs_sql() -> str:
    first, second = PLATFORMS
    return f"""
        SELECT a.release_id, a.position, {_SHOWN_ARTIST} AS source_artist, st.title AS source_title,
               r.title AS release_title,
               a.uri AS {first}_uri, a.match_title AS {first}_title, a.confidence AS {first}_score,
               a.in_playlist AS {first}_in_playlist,
               b.uri AS {second}_uri, b.match_title AS {second}_title, b.confidence AS {second}_score,
               b.in_playlist AS {second}_in_playlist
        {_pair_joins()}
        ORDER BY a.release_id, a.position
    """


# Disagreement kinds, most telling first: a track gets the first that applies.
DIFFERENT_VERSION = "different version"
DIFFERENT_ISRC = "different ISRC"


def only_on(platform: str) -> str:
    """The disagreement kind of a track in the playlist on ``platform`` alone."""
    return f"{platform} only"


def _recording_kind(column: str) -> str:
    """SQL for ``parse.recording_kind`` of a version-type column (a remaster is the original)."""
    kinds = ", ".join(f"'{v}'" for v in sorted(SAME_RECORDING_AS_ORIGINAL))
    return f"(CASE WHEN {column} IN ({kinds}) THEN '{VersionType.ORIGINAL}' ELSE {column} END)"


def _disagreements_sql() -> str:
    first, second = PLATFORMS
    sides = ",\n".join(
        f"{side}.match_title AS {name}_title, {side}.match_artists AS {name}_artists, "
        f"{side}.version_type AS {name}_version, {side}.isrc AS {name}_isrc, "
        f"{side}.confidence AS {name}_score, {side}.status AS {name}_status, {side}.uri AS {name}_uri"
        for side, name in (("a", first), ("b", second)))
    return f"""
        SELECT * FROM (
            SELECT CASE WHEN a.in_playlist AND NOT b.in_playlist THEN '{only_on(first)}'
                        WHEN b.in_playlist AND NOT a.in_playlist THEN '{only_on(second)}'
                        WHEN a.in_playlist AND b.in_playlist
                             AND {_recording_kind("a.version_type")} != {_recording_kind("b.version_type")}
                             THEN '{DIFFERENT_VERSION}'
                        WHEN a.in_playlist AND b.in_playlist AND upper(a.isrc) != upper(b.isrc)
                             THEN '{DIFFERENT_ISRC}'
                   END AS kind,
                   a.release_id, a.position, {_SHOWN_ARTIST} AS source_artist, st.title AS source_title,
                   r.title AS release_title,
                   {sides},
                   st.rowid AS source_rowid
            {_pair_joins()}
        ) WHERE kind IS NOT NULL
        ORDER BY kind, release_id, position
    """


def _run_overview_sql() -> str:
    per_service = ",\n".join(
        f"(SELECT q.requests FROM run_requests q WHERE q.run_id = sr.id AND q.service = '{name}') "
        f"AS {name}_requests" for name in SERVICES)
    totals = ",\n".join(
        f"(SELECT SUM(q.{column}) FROM run_requests q WHERE q.run_id = sr.id) AS {alias}"
        for column, alias in (("requests", "requests"), ("throttled", "throttled_429"), ("waits", "waits"),
                              ("wait_s", "wait_s")))
    counts = ", ".join(f"json_extract(sr.summary, '$.{key}') AS {key}" for key in _RUN_COUNTS)
    return f"""
        SELECT sr.id AS run_id, sr.status, sr.destinations, sr.started_at, sr.finished_at,
               ROUND((julianday(sr.finished_at) - julianday(sr.started_at)) * 86400, 1) AS duration_s,
               {counts},
               {totals},
               {per_service},
               json_extract(sr.summary, '$.error') AS error
        FROM sync_runs sr
        ORDER BY sr.id DESC
    """


# Totals of a run summary (``SyncReport.summary()``) shown as columns of run_overview.
_RUN_COUNTS = ("releases", "releases_fetched", "tracks_searched", "search_failures", "playlists", "created",
               "added", "removed")

# In creation order: a view may only read views defined above it.
VIEWS: dict[str, str] = {
    # The rule: one row per matched_tracks row with in_playlist, flagged and status.
    "match_state": f"""
        SELECT m.id AS review_id, m.release_id, m.position, m.destination, m.uri, m.candidate_id,
               m.title AS match_title, m.artists AS match_artists, m.confidence, m.components,
               m.decision, m.ambiguous, m.source, m.matched_at, m.search_count, m.next_search_at,
               m.run_id, m.version_type, m.isrc, m.stage, m.evidence, m.uploader AS match_uploader,
               {_IN_PLAYLIST} AS in_playlist,
               {_FLAGGED} AS flagged,
               CASE WHEN {_FLAGGED} THEN '{TrackStatus.FLAGGED}'
                    WHEN {_IN_PLAYLIST} THEN '{TrackStatus.MATCHED}'
                    ELSE '{TrackStatus.MISSING}' END AS status
        FROM matched_tracks m
    """,
    # match_state beside the Discogs track and release it is for.
    "track_status": f"""
        SELECT {_TRACK} FROM match_state s {_SOURCE_JOINS}
    """,
    # In a playlist but below HIGH_CONFIDENCE (or ambiguous), and nobody decided yet.
    "flagged_for_review": f"""
        SELECT {_TRACK} FROM match_state s {_SOURCE_JOINS}
        WHERE s.flagged = 1
        ORDER BY s.confidence
    """,
    # The runner-up was too close to the winner to be sure (whatever the decision).
    "ambiguous_matches": f"""
        SELECT {_TRACK} FROM match_state s {_SOURCE_JOINS}
        WHERE s.ambiguous = 1 AND s.source = {_AUTO}
        ORDER BY s.confidence
    """,
    # Tracks with no usable match, with the best candidate seen (if any) and the
    # folders Discogs still lists that hold them; a track no present folder holds any
    # more (its folder was deleted, its release left the collection) is not missing.
    "missing_report": f"""
        SELECT mt.destination, mt.release_id, mt.position,
               st.title AS source_title, {_SHOWN_ARTIST} AS source_artist,
               r.title AS release_title, mt.reason,
               mt.best_uri, mt.best_title, mt.best_artists, mt.best_score, mt.recorded_at, mt.best_uploader,
               st.rowid AS source_rowid,
               (SELECT group_concat(name, ',') FROM (
                    SELECT DISTINCT f.name FROM folder_releases fr JOIN folders f ON f.id = fr.folder_id
                    WHERE fr.release_id = mt.release_id AND f.present = 1 ORDER BY f.id = {WANTLIST_FOLDER_ID}, f.id
               )) AS folders
        FROM missing_tracks mt
        LEFT JOIN source_tracks st ON st.release_id = mt.release_id AND st.position = mt.position
        LEFT JOIN releases r ON r.id = mt.release_id
        WHERE EXISTS (SELECT 1 FROM folder_releases fr JOIN folders f ON f.id = fr.folder_id
                      WHERE fr.release_id = mt.release_id AND f.present = 1)
        ORDER BY mt.destination, mt.release_id, mt.position
    """,
    # Every candidate ever considered, newest first, with the source track beside it.
    "match_history": f"""
        SELECT c.id, c.run_id, c.destination, c.release_id, c.position,
               st.title AS source_title, {_SHOWN_ARTIST} AS source_artist,
               c.query, c.candidate_uri, c.candidate_title, c.candidate_artists,
               c.score, c.components, c.decision, c.chosen, c.considered_at, c.candidate_uploader,
               r.title AS release_title, c.version_type, c.isrc, st.rowid AS source_rowid
        FROM match_candidates c
        LEFT JOIN source_tracks st ON st.release_id = c.release_id AND st.position = c.position
        LEFT JOIN releases r ON r.id = c.release_id
        ORDER BY c.id DESC
    """,
    # The candidates of each track's latest search only (what re-scoring re-decides).
    "latest_candidates": """
        SELECT c.id, c.run_id, c.destination, c.release_id, c.position, c.query, c.candidate_uri,
               c.candidate_title, c.candidate_artists, c.score, c.components, c.decision, c.chosen,
               c.considered_at, c.candidate_uploader
        FROM match_candidates c
        WHERE c.considered_at = (SELECT MAX(x.considered_at) FROM match_candidates x
                                 WHERE x.release_id = c.release_id AND x.position = c.position
                                   AND x.destination = c.destination)
    """,
    # One row per sync run with its event counts.
    "run_summaries": """
        SELECT sr.id AS run_id, sr.started_at, sr.finished_at, sr.status, sr.destinations,
               sr.options, sr.summary,
               (SELECT COUNT(*) FROM sync_events e WHERE e.run_id = sr.id) AS events,
               (SELECT COUNT(*) FROM match_candidates c WHERE c.run_id = sr.id) AS candidates_considered
        FROM sync_runs sr
        ORDER BY sr.id DESC
    """,
    # Per destination: searched tracks by status, decided by hand, playlists.
    "destination_status": f"""
        SELECT s.destination,
               COUNT(*) AS tracks,
               SUM(s.in_playlist) AS in_playlist,
               SUM(s.status = '{TrackStatus.MATCHED}') AS matched,
               SUM(s.status = '{TrackStatus.FLAGGED}') AS flagged,
               SUM(s.status = '{TrackStatus.MISSING}') AS missing,
               SUM(s.source != {_AUTO}) AS reviewed,
               (SELECT COUNT(*) FROM playlists p WHERE p.destination = s.destination) AS playlists,
               MAX(s.matched_at) AS last_matched_at
        FROM match_state s
        GROUP BY s.destination
    """,
    # Per destination and folder: its Discogs tracks by status; not_searched are tracks
    # with no match row yet (a failed search, or a sync still to come).
    "folder_status": f"""
        WITH folder_tracks AS ({_FOLDER_TRACKS}),
             destinations AS (SELECT DISTINCT destination FROM matched_tracks)
        SELECT d.destination, f.id AS folder_id, f.name AS folder, f.present,
               COUNT(*) AS discogs_tracks,
               SUM(COALESCE(s.status = '{TrackStatus.MATCHED}', 0)) AS matched,
               SUM(COALESCE(s.status = '{TrackStatus.FLAGGED}', 0)) AS flagged,
               SUM(COALESCE(s.status = '{TrackStatus.MISSING}', 0)) AS missing,
               SUM(s.status IS NULL) AS not_searched
        FROM folder_tracks ft
        JOIN folders f ON f.id = ft.folder_id
        CROSS JOIN destinations d
        LEFT JOIN match_state s ON s.release_id = ft.release_id AND s.position = ft.position
             AND s.destination = d.destination
        GROUP BY d.destination, f.id
        ORDER BY d.destination, f.id = {WANTLIST_FOLDER_ID}, f.id
    """,
    # Per destination: the distinct Discogs tracks of every folder Discogs still lists,
    # by status (a track in two folders counts once).
    "collection_status": f"""
        WITH tracks AS (SELECT DISTINCT st.release_id, st.position
                        FROM folder_releases fr
                        JOIN folders f ON f.id = fr.folder_id AND f.present = 1
                        JOIN source_tracks st ON st.release_id = fr.release_id),
             destinations AS (SELECT DISTINCT destination FROM matched_tracks)
        SELECT d.destination, COUNT(*) AS discogs_tracks,
               SUM(COALESCE(s.status = '{TrackStatus.MATCHED}', 0)) AS matched,
               SUM(COALESCE(s.status = '{TrackStatus.FLAGGED}', 0)) AS flagged,
               SUM(COALESCE(s.status = '{TrackStatus.MISSING}', 0)) AS missing,
               SUM(s.status IS NULL) AS not_searched
        FROM tracks t
        CROSS JOIN destinations d
        LEFT JOIN match_state s ON s.release_id = t.release_id AND s.position = t.position
             AND s.destination = d.destination
        GROUP BY d.destination
        ORDER BY d.destination
    """,
    # Per managed playlist (a split folder's parts together, named by part 1): how many
    # items the playlists hold, and the folder's Discogs tracks by status.
    "playlist_status": f"""
        WITH parts AS (
            SELECT destination, folder_id, MIN(name) FILTER (WHERE part = 1) AS name,
                   MIN(id) FILTER (WHERE part = 1) AS id, COUNT(*) AS parts,
                   SUM(json_array_length(COALESCE(items, '[]'))) AS playlist_items
            FROM playlists GROUP BY destination, folder_id
        )
        SELECT p.destination, COALESCE(p.name, f.name) AS name, p.id, p.folder_id, f.name AS folder,
               p.parts, p.playlist_items,
               COALESCE(fs.discogs_tracks, 0) AS discogs_tracks, COALESCE(fs.matched, 0) AS matched,
               COALESCE(fs.flagged, 0) AS flagged, COALESCE(fs.missing, 0) AS missing,
               COALESCE(fs.not_searched, 0) AS not_searched
        FROM parts p
        LEFT JOIN folders f ON f.id = p.folder_id
        LEFT JOIN folder_status fs ON fs.destination = p.destination AND fs.folder_id = p.folder_id
        ORDER BY p.destination, p.folder_id = {WANTLIST_FOLDER_ID}, COALESCE(p.name, f.name)
    """,
    # Both platforms' current match of every track searched on both, side by side.
    "platform_pairs": _pairs_sql(),
    # Every cached Discogs track that has been searched on some destination.
    "searched_sources": f"""
        SELECT st.release_id, st.position, st.title, st.artist_credit, r.title AS release_title,
               {_SHOWN_ARTIST} AS artist_display
        FROM source_tracks st LEFT JOIN releases r ON r.id = st.release_id
        WHERE EXISTS (SELECT 1 FROM matched_tracks m WHERE m.release_id = st.release_id
                      AND m.position = st.position)
        ORDER BY st.artist_credit, st.title
    """,
    # Matches awaiting a person (flagged) or whose runner-up came close (ambiguous), with
    # the best other candidate of the same search and the winner's lead over it.
    "flagged_with_runner_up": f"""
        SELECT {_TRACK},
               ru.candidate_title AS runner_up_title, ru.candidate_artists AS runner_up_artists,
               ru.score AS runner_up_score, ROUND(s.confidence - ru.score, 4) AS margin,
               ru.candidate_uri AS runner_up_uri
        FROM match_state s {_SOURCE_JOINS}
        LEFT JOIN match_candidates ru ON ru.id = (
            SELECT x.id FROM latest_candidates x
            WHERE x.release_id = s.release_id AND x.position = s.position AND x.destination = s.destination
              AND x.chosen = 0
            ORDER BY x.score DESC, x.id LIMIT 1)
        WHERE s.flagged = 1 OR (s.ambiguous = 1 AND s.source = {_AUTO} AND s.in_playlist = 1)
        ORDER BY margin IS NULL, margin, s.confidence
    """,
    # Each missing track once per folder Discogs still lists that holds it, with the
    # reason and the best candidate seen (the closest one first).
    "missing_by_folder": f"""
        WITH folder_tracks AS ({_FOLDER_TRACKS})
        SELECT f.name AS folder, f.id AS folder_id, s.destination, s.release_id, s.position,
               {_SHOWN_ARTIST} AS source_artist, st.title AS source_title, r.title AS release_title,
               mt.reason, mt.best_title, mt.best_artists, mt.best_score, mt.best_uri,
               s.decision, s.search_count, s.next_search_at, st.rowid AS source_rowid
        FROM folder_tracks ft
        JOIN folders f ON f.id = ft.folder_id AND f.present = 1
        JOIN match_state s ON s.release_id = ft.release_id AND s.position = ft.position
             AND s.status = '{TrackStatus.MISSING}'
        LEFT JOIN missing_tracks mt ON mt.release_id = s.release_id AND mt.position = s.position
             AND mt.destination = s.destination
        LEFT JOIN source_tracks st ON st.release_id = s.release_id AND st.position = s.position
        LEFT JOIN releases r ON r.id = s.release_id
        ORDER BY s.destination, f.id = {WANTLIST_FOLDER_ID}, f.id, mt.best_score IS NULL, mt.best_score DESC,
                 s.release_id, s.position
    """,
    # Tracks searched on both platforms whose current matches disagree (``kind``): in the
    # playlist on one only, or in both with different version types or different ISRCs.
    "platform_disagreements": _disagreements_sql(),
    # How confident the current matches are: per destination, version type of the match
    # ("none" without one) and score bucket of width 0.1 (bucket 0.9 holds 0.9 to 1.0).
    "confidence_distribution": f"""
        SELECT s.destination, COALESCE(s.version_type, 'none') AS version_type,
               MIN(CAST(s.confidence * 10 AS INTEGER), 9) / 10.0 AS bucket,
               COUNT(*) AS tracks,
               SUM(s.status = '{TrackStatus.MATCHED}') AS matched,
               SUM(s.status = '{TrackStatus.FLAGGED}') AS flagged,
               SUM(s.status = '{TrackStatus.MISSING}') AS missing,
               ROUND(AVG(s.confidence), 4) AS mean_confidence
        FROM match_state s
        WHERE s.confidence IS NOT NULL
        GROUP BY s.destination, COALESCE(s.version_type, 'none'), bucket
        ORDER BY s.destination, version_type, bucket
    """,
    # Per run and service: requests sent (retries included), 429 answers, and the
    # requests a limiter held back with the seconds they waited.
    "run_requests": """
        SELECT sr.id AS run_id, sr.started_at, q.key AS service,
               json_extract(q.value, '$.requests') AS requests,
               json_extract(q.value, '$.throttled') AS throttled,
               json_extract(q.value, '$.waits') AS waits,
               json_extract(q.value, '$.wait_s') AS wait_s
        FROM sync_runs sr, json_each(sr.summary, '$.requests') q
        WHERE json_valid(sr.summary)
        ORDER BY sr.id DESC, q.key
    """,
    # One row per sync run: how long it took, what it did, and the requests it sent.
    "run_overview": _run_overview_sql(),
    # Every decision a person took, newest first, beside the track and its match now.
    "review_log": f"""
        SELECT rv.id, rv.created_at, rv.action, rv.destination, rv.release_id, rv.position,
               {_SHOWN_ARTIST} AS source_artist, st.title AS source_title, r.title AS release_title,
               rv.uri AS acted_on_uri,
               (SELECT c.candidate_title FROM match_candidates c WHERE c.candidate_uri = rv.uri
                ORDER BY c.id DESC LIMIT 1) AS acted_on_title,
               rv.match_id AS review_id, s.status AS status_now, s.source AS decided_by, s.uri AS uri_now,
               s.match_title AS title_now, st.rowid AS source_rowid
        FROM reviews rv
        LEFT JOIN match_state s ON s.review_id = rv.match_id
        LEFT JOIN source_tracks st ON st.release_id = rv.release_id AND st.position = rv.position
        LEFT JOIN releases r ON r.id = rv.release_id
        ORDER BY rv.id DESC
    """,
}

# Views earlier versions created that this one no longer defines: dropped on open.
RETIRED_VIEWS: tuple[str, ...] = ()


def view_sql(name: str) -> str:
    """The ``CREATE VIEW`` statement of view ``name``, as SQLite stores it."""
    return f"CREATE VIEW {name} AS {VIEWS[name].strip()}"


def stale_views(db: sqlite_utils.Database) -> bool:
    """True when any view is missing or its stored SQL differs from :data:`VIEWS`."""
    stored = {row[0]: row[1] for row in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'")}
    return any(stored.get(name) != view_sql(name) for name in VIEWS) or any(n in stored for n in RETIRED_VIEWS)


def sync_views(db: sqlite_utils.Database) -> None:
    """Drop our views (current and retired) and create :data:`VIEWS` in order.

    Call inside the caller's transaction: views read views, so they are dropped
    together and recreated in definition order. Views a user made are left alone.
    """
    for name in (*RETIRED_VIEWS, *reversed(VIEWS)):
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
    for name in VIEWS:
        db.execute(view_sql(name))
    log.debug("tracker: views recreated (%d)", len(VIEWS))
