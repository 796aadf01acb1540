"""Datasette's canned queries and dashboard charts over the tracker: thin SELECTs over views.

Every rule (what is flagged, missing, a disagreement) lives in a view in ``views.py``;
a query here only picks columns and filters by its parameters. A parameter left empty
filters nothing (Datasette passes ``""`` for a parameter not given). Nothing here
writes: no query is marked ``write``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..platforms import PLATFORMS, SERVICES


@dataclass(frozen=True)
class CannedQuery:
    """One canned query: its URL name, title, description, SQL and parameters in order."""

    name: str
    title: str
    description: str
    sql: str
    params: tuple[str, ...] = ()

    def as_metadata(self) -> dict:
        return {"title": self.title, "description": self.description, "sql": self.sql.strip(),
                "params": list(self.params)}


def _optional(column: str, param: str | None = None) -> str:
    """``column = :param``, or nothing when the parameter is empty."""
    param = param or column
    return f"(:{param} = '' OR {column} = :{param})"


# Words of a Discogs artist or title (Datasette's escape_fts quotes each word).
_SOURCE_WORDS = ("(:artist_or_title = '' OR source_rowid IN (SELECT rowid FROM source_tracks_fts "
                 "WHERE source_tracks_fts MATCH escape_fts(:artist_or_title)))")

TRACK_HISTORY = CannedQuery(
    "track_history", "History of one track",
    "Every candidate ever considered for a Discogs track, by run: the query that found it, its score "
    "components, score, version type, ISRC and the decision (chosen = 1 marks the best of each search). "
    "Give a release id and position, or words of the Discogs artist or title; destination is optional.",
    f"""
    SELECT run_id, considered_at, destination, release_id, position, source_artist, source_title, release_title,
           query, candidate_title, candidate_artists, version_type, isrc, score, components, decision, chosen,
           candidate_uri
    FROM match_history
    WHERE (:release_id = '' OR release_id = CAST(:release_id AS INTEGER))
      AND {_optional("position")} AND {_optional("destination")} AND {_SOURCE_WORDS}
    ORDER BY run_id DESC, considered_at DESC, destination, score DESC
    """,
    ("release_id", "position", "destination", "artist_or_title"),
)

CANNED_QUERIES: tuple[CannedQuery, ...] = (
    TRACK_HISTORY,
    CannedQuery(
        "flagged_and_ambiguous", "Flagged and ambiguous matches",
        "Matches awaiting review or whose runner-up came close, with the runner-up and the margin between "
        "them (confidence - runner_up_score), smallest margin first. Destination is optional.",
        f"""
        SELECT review_id, destination, release_id, position, source_artist, source_title, match_title,
               match_artists, version_type, confidence, runner_up_title, runner_up_artists, runner_up_score,
               margin, flagged, ambiguous, decision, components, uri, runner_up_uri
        FROM flagged_with_runner_up
        WHERE {_optional("destination")}
        """,
        ("destination",),
    ),
    CannedQuery(
        "missing_from_folders", "Missing tracks by folder",
        "Tracks with no usable match in each folder, with the reason and the best candidate seen, closest "
        "first: what came closest for the tracks still missing. Folder (its Discogs name) and destination "
        "are optional.",
        f"""
        SELECT folder, destination, release_id, position, source_artist, source_title, release_title, reason,
               best_title, best_artists, best_score, best_uri, search_count, next_search_at
        FROM missing_by_folder
        WHERE (:folder = '' OR folder = :folder COLLATE NOCASE) AND {_optional("destination")}
        """,
        ("folder", "destination"),
    ),
    CannedQuery(
        "platforms_disagree", "Where the platforms disagree",
        "Tracks searched on both platforms whose matches disagree: in one playlist only, or in both with "
        "different version types or different ISRCs. Kind is optional (\"different version\", ...).",
        f"""
        SELECT kind, release_id, position, source_artist, source_title,
               {", ".join(f"{p}_title, {p}_version, {p}_isrc, {p}_score, {p}_uri" for p in PLATFORMS)}
        FROM platform_disagreements
        WHERE {_optional("kind")}
        """,
        ("kind",),
    ),
    CannedQuery(
        "confidence_by_version", "Confidence distribution",
        "How many current matches fall in each 0.1-wide confidence bucket, per platform and version type "
        "(\"none\": no match). Destination is optional.",
        f"""
        SELECT destination, version_type, bucket, tracks, matched, flagged, missing, mean_confidence
        FROM confidence_distribution
        WHERE {_optional("destination")}
        """,
        ("destination",),
    ),
    CannedQuery(
        "sync_run_report", "Sync runs",
        "Each sync run, newest first: status, duration in seconds, what it did, the requests it sent per "
        "service (retries included), the 429 answers it got and the seconds rate limiters held it.",
        f"""
        SELECT run_id, status, destinations, started_at, duration_s, releases, tracks_searched, added, removed,
               requests, {", ".join(f"{s}_requests" for s in SERVICES)}, throttled_429, waits, wait_s, error
        FROM run_overview
        """,
    ),
    CannedQuery(
        "review_decisions", "Reviews",
        "Every approve, reject and override, newest first, with the track it was about and its match today. "
        "Action is optional (approve, reject, override).",
        f"""
        SELECT created_at, action, destination, release_id, position, source_artist, source_title,
               acted_on_title, acted_on_uri, review_id, status_now, decided_by, title_now, uri_now
        FROM review_log
        WHERE {_optional("action")}
        """,
        ("action",),
    ),
)


@dataclass(frozen=True)
class Chart:
    """A dashboard chart: a Vega-Lite ``display`` over the rows of ``sql``.

    ``[[ ... :destination ... ]]`` is datasette-dashboards' optional clause: kept only when
    the dashboard's destination filter is set.
    """

    name: str
    title: str
    sql: str
    display: dict


_BY_DESTINATION = "[[ AND destination = :destination ]]"

CHARTS: tuple[Chart, ...] = (
    Chart("confidence-histogram", "Confidence of the current matches (tracks per 0.1 bucket)",
          f"SELECT destination, bucket, SUM(tracks) AS tracks FROM confidence_distribution "
          f"WHERE 1 = 1 {_BY_DESTINATION} GROUP BY destination, bucket ORDER BY destination, bucket",
          {"mark": {"type": "bar", "tooltip": True},
           "encoding": {"x": {"field": "bucket", "type": "ordinal", "title": "confidence (bucket lower bound)"},
                        "y": {"field": "tracks", "type": "quantitative", "title": "tracks"},
                        "color": {"field": "destination", "type": "nominal"},
                        "xOffset": {"field": "destination"}}}),
    Chart("folders", "Matched, flagged and missing per folder",
          f"SELECT destination, folder, matched, flagged, missing FROM folder_status "
          f"WHERE present = 1 {_BY_DESTINATION}",
          {"transform": [{"fold": ["matched", "flagged", "missing"], "as": ["status", "tracks"]}],
           "mark": {"type": "bar", "tooltip": True},
           "encoding": {"y": {"field": "folder", "type": "nominal", "title": None},
                        "x": {"field": "tracks", "type": "quantitative", "stack": "zero"},
                        "color": {"field": "status", "type": "nominal",
                                  "sort": ["matched", "flagged", "missing"]},
                        "row": {"field": "destination", "type": "nominal", "title": None}}}),
    Chart("requests", "Requests per run and service",
          "SELECT run_id, service, requests, throttled, wait_s FROM run_requests ORDER BY run_id",
          {"mark": {"type": "bar", "tooltip": True},
           "encoding": {"x": {"field": "run_id", "type": "ordinal", "title": "run"},
                        "y": {"field": "requests", "type": "quantitative", "title": "requests"},
                        "color": {"field": "service", "type": "nominal"}}}),
)
