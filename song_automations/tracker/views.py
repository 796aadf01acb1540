"""SQL views: the read models shared by the CLI, the notebooks and Datasette.

Each view is one ``SELECT``; migrations create them, so a Datasette pointed at the
tracker DB shows them next to the tables. Column names are part of the interface
(notebooks query them): add columns freely, rename none.
"""

from __future__ import annotations

_TRACK = """
    m.id AS review_id, m.destination, m.release_id, m.position,
    st.title AS source_title, st.artist_credit AS source_artist,
    r.title AS release_title,
    m.uri, m.title AS match_title, m.artists AS match_artists,
    m.confidence, m.components, m.decision, m.ambiguous, m.source, m.matched_at
"""

_JOINS = """
    FROM matched_tracks m
    LEFT JOIN source_tracks st ON st.release_id = m.release_id AND st.position = m.position
    LEFT JOIN releases r ON r.id = m.release_id
"""

VIEWS: dict[str, str] = {
    # Added to a playlist but below HIGH_CONFIDENCE (or ambiguous), and nobody decided yet.
    "flagged_for_review": f"""
        SELECT {_TRACK} {_JOINS}
        WHERE m.source = 'auto' AND m.uri IS NOT NULL
          AND (m.decision = 'review' OR m.ambiguous = 1)
        ORDER BY m.confidence
    """,
    # The runner-up was too close to the winner to be sure.
    "ambiguous_matches": f"""
        SELECT {_TRACK} {_JOINS}
        WHERE m.ambiguous = 1 AND m.source = 'auto'
        ORDER BY m.confidence
    """,
    # Tracks with no usable match, with the best candidate seen (if any).
    "missing_report": """
        SELECT mt.destination, mt.release_id, mt.position,
               st.title AS source_title, st.artist_credit AS source_artist,
               r.title AS release_title, mt.reason,
               mt.best_uri, mt.best_title, mt.best_artists, mt.best_score, mt.recorded_at
        FROM missing_tracks mt
        LEFT JOIN source_tracks st ON st.release_id = mt.release_id AND st.position = mt.position
        LEFT JOIN releases r ON r.id = mt.release_id
        ORDER BY mt.destination, mt.release_id, mt.position
    """,
    # Every candidate ever considered, newest first, with the source track beside it.
    "match_history": """
        SELECT c.id, c.run_id, c.destination, c.release_id, c.position,
               st.title AS source_title, st.artist_credit AS source_artist,
               c.query, c.candidate_uri, c.candidate_title, c.candidate_artists,
               c.score, c.components, c.decision, c.chosen, c.considered_at
        FROM match_candidates c
        LEFT JOIN source_tracks st ON st.release_id = c.release_id AND st.position = c.position
        ORDER BY c.id DESC
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
    # Per destination: how many tracks are matched, flagged, missing, decided by hand.
    "destination_status": """
        SELECT m.destination,
               COUNT(*) AS tracks,
               SUM(m.uri IS NOT NULL) AS matched,
               SUM(m.uri IS NOT NULL AND m.source = 'auto'
                   AND (m.decision = 'review' OR m.ambiguous = 1)) AS flagged,
               SUM(m.uri IS NULL) AS missing,
               SUM(m.source != 'auto') AS reviewed,
               (SELECT COUNT(*) FROM playlists p WHERE p.destination = m.destination) AS playlists,
               MAX(m.matched_at) AS last_matched_at
        FROM matched_tracks m
        GROUP BY m.destination
    """,
}
