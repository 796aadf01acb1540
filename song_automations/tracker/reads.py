"""Named read models for the CLI, the notebooks and reports: each reads one view.

Nothing outside the tracker writes SQL; screens ask for these instead. Rows are plain
dicts with the view's column names; JSON columns (``components``) are decoded where
noted.
"""

from __future__ import annotations

import json

from ..models import WANTLIST_FOLDER_ID
from .base import TrackerBase


# JSON columns of the views, decoded for the screens: a breakdown dict, artist lists.
_JSON_COLUMNS = {"components": dict, "match_artists": list, "candidate_artists": list, "best_artists": list}


def _decoded(rows: list[dict]) -> list[dict]:
    """``rows`` with every JSON column present decoded (empty dict/list when NULL)."""
    for row in rows:
        for column, kind in _JSON_COLUMNS.items():
            if column in row:
                row[column] = json.loads(row[column]) if row[column] else kind()
    return rows


def _where_destination(destination: str | None) -> tuple[str, list]:
    return (" WHERE destination = ?", [destination]) if destination else ("", [])


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
