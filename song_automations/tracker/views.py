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

from ..models import WANTLIST_FOLDER_ID
from ..platforms import PLATFORMS
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
# Source track and release beside a match_state row ``s``.
_SOURCE_COLUMNS = f"""
    st.title AS source_title, {_SHOWN_ARTIST} AS source_artist, r.title AS release_title
"""
_SOURCE_JOINS = """
    LEFT JOIN source_tracks st ON st.release_id = s.release_id AND st.position = s.position
    LEFT JOIN releases r ON r.id = s.release_id
"""
_TRACK = f"""
    s.review_id, s.destination, s.release_id, s.position, {_SOURCE_COLUMNS},
    s.uri, s.match_title, s.match_artists, s.confidence, s.components, s.decision, s.ambiguous,
    s.source, s.matched_at, s.in_playlist, s.flagged, s.status, s.match_uploader
"""
# Each (folder, track) once, even when a folder holds the release twice.
_FOLDER_TRACKS = """
    SELECT DISTINCT fr.folder_id, st.release_id, st.position
    FROM folder_releases fr JOIN source_tracks st ON st.release_id = fr.release_id
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
        FROM match_state a
        JOIN match_state b ON b.release_id = a.release_id AND b.position = a.position
             AND b.destination = '{second}'
        LEFT JOIN source_tracks st ON st.release_id = a.release_id AND st.position = a.position
        LEFT JOIN releases r ON r.id = a.release_id
        WHERE a.destination = '{first}'
        ORDER BY a.release_id, a.position
    """


# In creation order: a view may only read views defined above it.
VIEWS: dict[str, str] = {
    # The rule: one row per matched_tracks row with in_playlist, flagged and status.
    "match_state": f"""
        SELECT m.id AS review_id, m.release_id, m.position, m.destination, m.uri, m.candidate_id,
               m.title AS match_title, m.artists AS match_artists, m.confidence, m.components,
               m.decision, m.ambiguous, m.source, m.matched_at, m.search_count, m.next_search_at,
               m.run_id, m.uploader AS match_uploader,
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
               c.score, c.components, c.decision, c.chosen, c.considered_at, c.candidate_uploader
        FROM match_candidates c
        LEFT JOIN source_tracks st ON st.release_id = c.release_id AND st.position = c.position
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
