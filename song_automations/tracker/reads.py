"""Named read models for the CLI, the notebooks and reports: each reads one view.

Nothing outside the tracker writes SQL; screens ask for these instead. Rows are plain
dicts with the view's column names; JSON columns (``components``) are decoded where
noted.
"""

from __future__ import annotations

import json

from ..models import WANTLIST_FOLDER_ID
from .base import TrackerBase
from .vocabulary import MANUAL_SOURCES_SQL, MatchSource, ReviewAction


# JSON columns of the views, decoded for the screens: a breakdown dict, artist lists.
_JSON_COLUMNS = {"components": dict, "match_artists": list, "candidate_artists": list, "best_artists": list,
                 "evidence": dict}


def _decoded(rows: list[dict]) -> list[dict]:
    """``rows`` with every JSON column present decoded (empty dict/list when NULL)."""
    for row in rows:
        for column, kind in _JSON_COLUMNS.items():
            if column in row:
                row[column] = json.loads(row[column]) if row[column] else kind()
    return rows


def _where_destination(destination: str | None) -> tuple[str, list]:
    return (" WHERE destination = ?", [destination]) if destination else ("", [])


_SOURCE_NAME = """
    LEFT JOIN source_tracks st ON st.release_id = {t}.release_id AND st.position = {t}.position
"""
# A track's approve or override, and when a person took it.
_SQL_KEPT_DECISIONS = f"""
    SELECT m.release_id, m.position, m.destination,
           CASE WHEN m.source = '{MatchSource.OVERRIDE}' THEN '{ReviewAction.OVERRIDE}'
                ELSE '{ReviewAction.APPROVE}' END AS action,
           m.uri, COALESCE((SELECT MAX(r.created_at) FROM reviews r WHERE r.match_id = m.id
                            AND r.action != '{ReviewAction.REJECT}'), m.matched_at) AS decided_at,
           m.title AS match_title, m.artists AS match_artists, m.uploader AS match_uploader, m.confidence,
           COALESCE(st.artist_display, st.artist_credit) AS artist, st.title
    FROM matched_tracks m {_SOURCE_NAME.format(t="m")}
    WHERE m.source IN {MANUAL_SOURCES_SQL} AND m.uri IS NOT NULL
"""
# Each candidate rejected for a track, once, with the first time it was rejected.
_SQL_REJECTIONS = f"""
    SELECT r.release_id, r.position, r.destination, '{ReviewAction.REJECT}' AS action, r.uri,
           MIN(r.created_at) AS decided_at, r.candidate_id,
           COALESCE(st.artist_display, st.artist_credit) AS artist, st.title
    FROM reviews r {_SOURCE_NAME.format(t="r")}
    WHERE r.action = '{ReviewAction.REJECT}' AND r.uri IS NOT NULL
    GROUP BY r.release_id, r.position, r.destination, r.uri
"""
# SQLite caps the parameters of one statement; look URIs up in slices this long.
_URI_SLICE = 500
# Who a platform track stands for, best first: a Discogs track it is the current match
# of, else the platform's own artists and title from a search that saw it.
_SQL_NAMES_FROM_MATCHES = """
    SELECT s.uri, s.source_artist AS artist, s.source_title AS title
    FROM track_status s WHERE s.destination = ? AND s.uri IN ({marks}) ORDER BY s.review_id
"""
_SQL_NAMES_FROM_HISTORY = """
    SELECT candidate_uri AS uri, candidate_artists AS artists, candidate_title AS title, candidate_uploader AS uploader
    FROM match_candidates WHERE destination = ? AND candidate_uri IN ({marks}) ORDER BY id DESC
"""


class ReadModels(TrackerBase):
    """The views as the screens use them."""

    def review_rows(self, destination: str | None = None) -> list[dict]:
        """Rows of ``flagged_for_review`` (least confident first), JSON columns decoded."""
        where, params = _where_destination(destination)
        return _decoded(self._rows(f"SELECT * FROM flagged_for_review{where}", params))

    def track_status(self, review_id: int) -> dict | None:
        """One ``track_status`` row (the match behind ``review_id``), JSON columns decoded."""
        row = self._one("SELECT * FROM track_status WHERE review_id = ?", [review_id])
        return _decoded([row])[0] if row else None

    def missing_rows(self, destination: str | None = None) -> list[dict]:
        """Rows of ``missing_report`` (unmatched tracks, ``best_artists`` decoded)."""
        where, params = _where_destination(destination)
        return _decoded(self._rows(f"SELECT * FROM missing_report{where}", params))

    def status(self) -> list[dict]:
        """One row per destination from the ``destination_status`` view."""
        return self._rows("SELECT * FROM destination_status ORDER BY destination")

    def playlist_status(self) -> list[dict]:
        """One row per managed folder playlist from the ``playlist_status`` view."""
        return self._rows("SELECT * FROM playlist_status")

    def folder_status(self, present_only: bool = True) -> list[dict]:
        """Per destination and folder, Discogs tracks by status (``folder_status`` view)."""
        where = " WHERE present = 1" if present_only else ""
        return self._rows(f"SELECT * FROM folder_status{where}")

    def confidences(self) -> list[dict]:
        """Every current automatic or manual match's score with its decision and status."""
        return self._rows("SELECT destination, confidence, decision, source, ambiguous, status "
                          "FROM match_state WHERE confidence IS NOT NULL")

    def latest_candidates(self, release_id: int, position: str, destination: str) -> list[dict]:
        """The candidates of the track's latest search, best first, JSON columns decoded."""
        return _decoded(self._rows(
            "SELECT * FROM latest_candidates WHERE release_id = ? AND position = ? AND destination = ? "
            "ORDER BY score DESC, id", [release_id, position, destination]))

    def latest_searches(self) -> list[dict]:
        """Every tracked track's latest candidates (for re-scoring): ``destination,
        release_id, position, candidate_uri, components`` (JSON text), ``decision, chosen``."""
        return self._rows("SELECT destination, release_id, position, candidate_uri, components, decision, chosen "
                          "FROM latest_candidates")

    def searched_sources(self) -> list[dict]:
        """Cached Discogs tracks searched on some destination, by artist and title."""
        return self._rows("SELECT * FROM searched_sources")

    def platform_disagreements(self) -> list[dict]:
        """Tracks whose platforms' current matches disagree (``platform_disagreements``)."""
        return self._rows("SELECT * FROM platform_disagreements")

    def folder_names(self) -> list[str]:
        """Folders Discogs still lists, wantlist excluded, in Discogs order."""
        rows = self._rows("SELECT name FROM folders WHERE present = 1 AND id != ? ORDER BY id", [WANTLIST_FOLDER_ID])
        return [r["name"] for r in rows]

    def stage_counts(self) -> dict[str, dict[str, int]]:
        """``{destination: {stage: tracks}}``: which part of the matcher decided the
        matches now in a playlist (``release``, ``track``; ``manual`` for those decided
        by hand)."""
        counts: dict[str, dict[str, int]] = {}
        for row in self._rows("SELECT destination, COALESCE(stage, 'manual') AS stage, COUNT(*) AS n "
                              "FROM match_state WHERE in_playlist = 1 GROUP BY 1, 2 ORDER BY 1, 2"):
            counts.setdefault(row["destination"], {})[row["stage"]] = row["n"]
        return counts

    def collection_status(self) -> list[dict]:
        """Per destination, the distinct Discogs tracks of the present folders by status."""
        return self._rows("SELECT * FROM collection_status")

    def track_names(self, destination: str, uris) -> dict[str, dict]:
        """``{uri: {"artist", "title"}}`` for platform tracks on ``destination``: the
        Discogs track each is the match of (artist as people write it), else the
        platform's artists (or uploader) and title as last seen in a search. URIs the
        tracker never saw are left out."""
        wanted = list(dict.fromkeys(uris))
        found: dict[str, dict] = {}
        for start in range(0, len(wanted), _URI_SLICE):
            part = wanted[start:start + _URI_SLICE]
            marks = ",".join("?" * len(part))
            for row in self._rows(_SQL_NAMES_FROM_MATCHES.format(marks=marks), [destination, *part]):
                if row["title"] is not None:
                    found.setdefault(row["uri"], {"artist": row["artist"] or "", "title": row["title"]})
            rest = [u for u in part if u not in found]
            if rest:
                marks = ",".join("?" * len(rest))
                for row in _decoded(self._rows(_SQL_NAMES_FROM_HISTORY.format(marks=marks), [destination, *rest])):
                    artist = ", ".join(row["candidate_artists"]) or row["uploader"] or ""
                    found.setdefault(row["uri"], {"artist": artist, "title": row["title"] or ""})
        return found

    def run(self, run_id: int) -> dict | None:
        """One row of ``run_summaries``."""
        return self._one("SELECT * FROM run_summaries WHERE run_id = ?", [run_id])

    def runs_since(self, run_id: int) -> list[dict]:
        """Rows of ``run_summaries`` from run ``run_id`` on, oldest first."""
        return self._rows("SELECT * FROM run_summaries WHERE run_id >= ? ORDER BY run_id", [run_id])

    def last_unattended_run(self) -> dict | None:
        """The newest run started with ``sync --quiet`` (cron, a timer), or ``None``."""
        return self._one("SELECT * FROM run_summaries WHERE json_extract(options, '$.unattended') = 1 LIMIT 1")

    def change_events(self, run_id: int) -> list[dict]:
        """Run ``run_id``'s events a person reads about (playlists changed or deleted,
        tracks newly flagged or missed, failures), in order, ``detail`` decoded."""
        rows = self._rows("SELECT * FROM sync_events WHERE run_id = ? ORDER BY id", [run_id])
        for row in rows:
            row["detail"] = json.loads(row["detail"]) if row["detail"] else {}
        return rows

    def decisions(self) -> list[dict]:
        """Every decision taken by hand that is in force, ordered by track: each track's
        approve or override (``action``, ``uri``, ``decided_at``, and the match's
        ``match_title``/``match_artists``/``match_uploader``/``confidence``), and every
        candidate rejected for it. ``artist``/``title`` name the Discogs track for people
        reading an export."""
        keep = _decoded(self._rows(_SQL_KEPT_DECISIONS))
        kept = {(r["release_id"], r["position"], r["destination"], r["uri"]) for r in keep}
        rejected = [r for r in self._rows(_SQL_REJECTIONS)
                    if (r["release_id"], r["position"], r["destination"], r["uri"]) not in kept]
        return sorted(keep + rejected, key=lambda r: (r["release_id"], r["position"], r["destination"],
                                                     r["action"] != ReviewAction.REJECT, r["uri"]))

    def source_names(self, keys) -> dict[tuple[int, str], dict]:
        """``{(release_id, position): {"artist", "title"}}`` of cached Discogs tracks, the
        artist as people write it."""
        wanted = list(dict.fromkeys((int(r), str(p)) for r, p in keys))
        found: dict[tuple[int, str], dict] = {}
        for start in range(0, len(wanted), _URI_SLICE):
            part = wanted[start:start + _URI_SLICE]
            marks = ",".join("?" * len(part))
            rows = self._rows("SELECT release_id, position, title, COALESCE(artist_display, artist_credit) AS artist "
                              f"FROM source_tracks WHERE release_id IN ({marks})", [r for r, _ in part])
            keep = set(part)
            for row in rows:
                key = (row["release_id"], row["position"])
                if key in keep:
                    found[key] = {"artist": row["artist"] or "", "title": row["title"]}
        return found
